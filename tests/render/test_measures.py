"""Computed metrics, weekly targets and closed-window counts read in every language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from mutualcommit import (
    Aggregation,
    Agreement,
    Direction,
    Goal,
    Metric,
    Observation,
    Party,
    Period,
    Role,
    Target,
    evaluate,
    load_observations,
    loads,
)
from mutualcommit.render import render

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "manufacturer"


@pytest.fixture(scope="module")
def bolt() -> Agreement:
    """The manufacturer example agreement."""
    return loads((EXAMPLE / "agreement.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("locale", "ratio", "otif", "closed"),
    [
        (
            "en",
            "Units shipped ÷ Units ordered",
            "on time and in full",
            "Closed windows",
        ),
        (
            "de",
            "Units shipped ÷ Units ordered",
            "pünktlich und vollständig",
            "Abgeschlossene Zeiträume",
        ),
        (
            "fr",
            "Units shipped ÷ Units ordered",
            "à temps et complètes",
            "Périodes closes",
        ),
        (
            "es",
            "Units shipped ÷ Units ordered",
            "a tiempo y completos",
            "Periodos cerrados",
        ),
        ("ja", "Units shipped ÷ Units ordered", "納期どおり全量納品", "終了した期間"),
    ],
)
def test_documents(
    bolt: Agreement, locale: str, ratio: str, otif: str, closed: str
) -> None:
    """The agreement says how fill rate and OTIF are computed; the scorecard counts closed windows."""
    log = load_observations(
        (EXAMPLE / "observations.jsonl").read_text(encoding="utf-8")
    )
    terms = render(bolt, locale=locale)
    card = render(evaluate(bolt, log, as_of=dt.date(2026, 11, 27)), locale=locale)

    assert ratio in terms
    assert otif in terms
    assert closed in card


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", "each week"),
        ("de", "je Woche"),
        ("fr", "par semaine"),
        ("es", "cada semana"),
        ("ja", "毎週"),
    ],
)
def test_weekly_target(bolt: Agreement, locale: str, words: str) -> None:
    """A weekly target says so, and its windows are ISO weeks."""
    goal = bolt.goals[1]
    assert goal.target is not None
    weekly = attrs.evolve(
        goal, target=attrs.evolve(goal.target, per=Period.WEEK, steps=())
    )
    agreement = attrs.evolve(bolt, goals=(bolt.goals[0], weekly, *bolt.goals[2:]))
    text = render(agreement, locale=locale)

    assert words in text
    assert "2026-W14" in text


class TestCounts:
    """A count in a sentence takes the plural form of its number."""

    @pytest.mark.parametrize(
        ("locale", "one", "two"),
        [
            ("en", "1 day's grace", "2 days' grace"),
            ("de", "1 Tag Kulanz", "2 Tage Kulanz"),
            ("fr", "1 jour de tolérance", "2 jours de tolérance"),
            ("es", "1 día de gracia", "2 días de gracia"),
            ("ja", "猶予1日", "猶予2日"),
        ],
    )
    def test_grace_days(self, bolt: Agreement, locale: str, one: str, two: str) -> None:
        """OTIF's grace reads one day, or two days."""
        otif = next(m for m in bolt.metrics if m.id == "otif")
        two_days = attrs.evolve(
            bolt,
            metrics=tuple(
                attrs.evolve(m, grace_days=2) if m is otif else m for m in bolt.metrics
            ),
        )

        assert (True, True) == (
            one in render(bolt, locale=locale),
            two in render(two_days, locale=locale),
        )

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("en", "1 met, 1 missed"),
            ("de", "1 erreicht, 1 verfehlt"),
            ("fr", "1 atteinte, 1 manquée"),
            ("es", "1 cumplido, 1 incumplido"),
            ("ja", "達成1件、未達1件"),
        ],
    )
    def test_closed_windows(self, bolt: Agreement, locale: str, expected: str) -> None:
        """One window met and one missed are each counted in the singular."""
        log = load_observations(
            (EXAMPLE / "observations.jsonl").read_text(encoding="utf-8")
        )
        card = render(
            evaluate(bolt, log, as_of=dt.date(2026, 11, 27)),
            locale=locale,
            format="text",
        )

        assert expected in card

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("en", "1 forecast without an actual, 2 actuals without a forecast"),
            ("de", "1 Prognose ohne Istwert, 2 Istwerte ohne Prognose"),
            ("fr", "1 prévision sans réel, 2 réels sans prévision"),
            ("es", "1 pronóstico sin valor real, 2 valores reales sin pronóstico"),
            ("ja", "実績のない予測1件、予測のない実績2件"),
        ],
    )
    def test_unmatched(self, bolt: Agreement, locale: str, expected: str) -> None:
        """One forecast without an actual is singular, two actuals plural."""
        log = load_observations(
            (EXAMPLE / "observations.jsonl").read_text(encoding="utf-8")
        )
        card = evaluate(bolt, log, as_of=dt.date(2026, 11, 27))
        result = card.goals[0]
        current = attrs.evolve(
            result.current,
            details={"forecasts_without_actual": 1, "actuals_without_forecast": 2},
        )
        card = attrs.evolve(
            card, goals=(attrs.evolve(result, current=current), *card.goals[1:])
        )

        assert expected in render(card, locale=locale, format="markdown")


class TestRatioSelections:
    """A ratio's ``numerator_where`` and ``denominator_where`` are in the terms."""

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            (
                "en",
                (
                    "Units shipped (counting only observations with channel = retail "
                    "and region = west) ÷ Units ordered (counting only observations "
                    "with region = west)"
                ),
            ),
            (
                "de",
                (
                    "Units shipped (es zählen nur Beobachtungen mit channel = retail "
                    "und region = west) ÷ Units ordered (es zählen nur Beobachtungen "
                    "mit region = west)"
                ),
            ),
            (
                "fr",
                (
                    "Units shipped (seules comptent les observations avec channel = "
                    "retail et region = west) ÷ Units ordered (seules comptent les "
                    "observations avec region = west)"
                ),
            ),
            (
                "es",
                (
                    "Units shipped (solo cuentan las observaciones con channel = "
                    "retail y region = west) ÷ Units ordered (solo cuentan las "
                    "observaciones con region = west)"
                ),
            ),
            (
                "ja",
                (
                    "Units shipped（channel = retail、region = westの記録のみ集計） ÷ "
                    "Units ordered（region = westの記録のみ集計）"
                ),
            ),
        ],
    )
    def test_each_side(
        self,
        bolt: Agreement,
        locale: str,
        expected: str,
        table_rows: Callable[[str, str], list[list[str]]],
    ) -> None:
        """Each side of fill rate names the records it selects, in each form."""
        selected = bolt.amend(
            metrics=tuple(
                attrs.evolve(
                    m,
                    numerator_where={"region": "west", "channel": "retail"},
                    denominator_where={"region": "west"},
                )
                if m.id == "fill-rate"
                else m
                for m in bolt.metrics
            )
        )
        markdown = render(selected, locale=locale)
        html = render(selected, locale=locale, format="html")
        text = render(selected, locale=locale, format="text")

        assert [expected] == [row[2] for row in table_rows(markdown, "**Fill rate**")]
        assert f"<td>{expected}</td>" in html
        assert "west" in text

    def test_without_selection(self, bolt: Agreement) -> None:
        """A ratio that selects nothing reads as its two metrics alone."""
        assert "| Units shipped ÷ Units ordered |" in render(bolt)


class TestComputedReporter:
    """A computed metric reads as computed from its inputs, never as unreported."""

    @pytest.mark.parametrize(
        ("locale", "measured", "cell", "nobody"),
        [
            (
                "en",
                "Fill rate, computed from Units shipped and Units ordered",
                "computed from Units shipped and Units ordered",
                "nobody yet",
            ),
            (
                "de",
                "Fill rate, berechnet aus Units shipped und Units ordered",
                "berechnet aus Units shipped und Units ordered",
                "noch niemand",
            ),
            (
                "fr",
                "Fill rate, calculé à partir d’Units shipped et Units ordered",
                "calculé à partir d’Units shipped et Units ordered",
                "personne pour l’instant",
            ),
            (
                "es",
                "Fill rate, calculado a partir de Units shipped y Units ordered",
                "calculado a partir de Units shipped y Units ordered",
                "nadie todavía",
            ),
            (
                "ja",
                "Fill rate（Units shipped、Units orderedから算出）",
                "Units shipped、Units orderedから算出",
                "未定",
            ),
        ],
    )
    def test_inputs_named(
        self,
        bolt: Agreement,
        locale: str,
        measured: str,
        cell: str,
        nobody: str,
        table_rows: Callable[[str, str], list[list[str]]],
    ) -> None:
        """Fill rate names units shipped and ordered; no metric reads unreported."""
        markdown = render(bolt, locale=locale)

        assert measured in markdown
        assert [cell] == [row[3] for row in table_rows(markdown, "**Fill rate**")]
        assert nobody not in markdown

    def test_observed_metric_without_reporter(self, bolt: Agreement) -> None:
        """An observed metric nobody reports still says so."""
        unreported = bolt.amend(
            metrics=tuple(
                attrs.evolve(m, reported_by=None) if m.id == "units-shipped" else m
                for m in bolt.metrics
            )
        )

        assert "| **Units shipped** | count | sum of the values | nobody yet |" in (
            render(unreported)
        )


def _supply(*deliveries: str) -> tuple[Agreement, list[Observation]]:
    """An OTIF goal per week; PO-1 ordered, and a delivery for each order id given."""
    agreement = Agreement(
        id="bolt-dist",
        title="Supply",
        currency="EUR",
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        parties=(
            Party(id="bolt", name="Bolt", role=Role.VENDOR),
            Party(id="dist", name="Dist", role=Role.PARTNER),
        ),
        metrics=(
            *(
                Metric(id=i, name=i, unit="count", aggregation=Aggregation.SUM)
                for i in ("orders", "deliveries")
            ),
            Metric(
                id="otif",
                name="OTIF",
                unit="percent",
                aggregation=Aggregation.OTIF,
                orders="orders",
                deliveries="deliveries",
            ),
        ),
        goals=(
            Goal(
                id="otif",
                title="OTIF",
                target=Target(
                    metric="otif",
                    value=Decimal(95),
                    direction=Direction.AT_LEAST,
                    per=Period.WEEK,
                ),
            ),
        ),
    )
    log = [
        Observation(
            "orders",
            dt.date(2027, 1, 4),
            Decimal(10),
            ref="PO-1",
            dims={"order": "PO-1", "due": "2027-01-08"},
        ),
        *(
            Observation(
                "deliveries", dt.date(2027, 1, 6), Decimal(5), dims={"order": o}
            )
            for o in deliveries
        ),
    ]
    return agreement, log


class TestDeliveriesWithoutOrder:
    """The scorecard says how many deliveries of the current window follow no order."""

    @pytest.mark.parametrize(
        ("locale", "one", "two"),
        [
            ("en", "1 delivery without an order", "2 deliveries without an order"),
            ("de", "1 Lieferung ohne Bestellung", "2 Lieferungen ohne Bestellung"),
            ("fr", "1 livraison sans commande", "2 livraisons sans commande"),
            ("es", "1 entrega sin pedido", "2 entregas sin pedido"),
            ("ja", "注文のない納品1件", "注文のない納品2件"),
        ],
    )
    def test_counted(self, locale: str, one: str, two: str) -> None:
        """PO-1 delivered as 'PO-l' (and 'PO-2'): one delivery, then two, under Unmatched."""
        as_of = dt.date(2027, 1, 7)
        pages = []
        for ids in (("PO-1", "PO-l"), ("PO-l", "PO-2")):
            agreement, log = _supply(*ids)
            card = evaluate(agreement, log, as_of=as_of)
            pages.append(render(card, locale=locale, format="markdown"))

        assert (True, True, False) == (
            one in pages[0],
            two in pages[1],
            two in pages[0],
        )

    def test_none_unmatched(self) -> None:
        """Every delivery follows its order: no Unmatched line."""
        agreement, log = _supply("PO-1")

        page = render(
            evaluate(agreement, log, as_of=dt.date(2027, 1, 7)), format="text"
        )

        assert "Unmatched" not in page
