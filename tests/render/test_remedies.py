"""Remedies in documents: a sentence per term in each language, and what is owed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from mutualcommit import (
    Aggregation,
    Agreement,
    Contribution,
    ContributionKind,
    Direction,
    Metric,
    Observation,
    Party,
    Period,
    Quantity,
    Remedy,
    Role,
    Target,
    evaluate,
    loads,
)
from mutualcommit.render import render

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def manufacturer() -> Agreement:
    """The manufacturer example, which carries a capped lead-time remedy."""
    return loads((EXAMPLES / "manufacturer" / "agreement.json").read_text("utf-8"))


def _section(markdown: str, heading: str) -> list[str]:
    lines = markdown.splitlines()
    start = lines.index(f"## {heading}") + 1
    end = next(
        (i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines)
    )
    return [line for line in lines[start:end] if line]


class TestAgreementDocument:
    """The agreement document states each remedy's terms as sentences."""

    def test_english(self, manufacturer: Agreement) -> None:
        """The lead-time credit reads as cost, grace, cap and termination right."""
        section = _section(render(manufacturer), "Remedies")

        assert [
            (
                "* For every 1\xa0day by which a month's result misses the monthly target, "
                "Bolt Manufacturing owes Northwind Distribution \\$1,500.00 for that "
                "month."
            ),
            (
                "* A shortfall of up to 1\xa0day in a window is tolerated: only what "
                "exceeds it is charged."
            ),
            "* In all, Bolt Manufacturing owes at most \\$30,000.00 over the term.",
            (
                "* After 4 windows with a charged shortfall, Northwind Distribution may "
                "terminate the agreement."
            ),
        ] == [line for line in section if line.startswith("* ")]

    @pytest.mark.parametrize(
        ("locale", "heading", "sentence"),
        [
            (
                "de",
                "Ausgleichszahlungen",
                (
                    "Je 1\xa0Tag Verfehlung der Monatsvorgabe in einem Monat schuldet Bolt "
                    "Manufacturing Northwind Distribution 1.500,00\u00a0\\$ für diesen Monat."
                ),
            ),
            (
                "fr",
                "Pénalités",
                (
                    "Pour chaque 1\u00a0jour d’écart d’un mois par rapport à la cible "
                    "mensuelle, Bolt Manufacturing doit 1\u202f500,00\u00a0\\$US à Northwind "
                    "Distribution pour ce mois."
                ),
            ),
            (
                "es",
                "Penalizaciones",
                (
                    "Por cada 1\xa0día de desviación de un mes respecto de la meta mensual, "
                    "Bolt Manufacturing adeuda a Northwind Distribution 1.500,00\u00a0US\\$ "
                    "por ese mes."
                ),
            ),
            (
                "ja",
                "補償",
                (
                    "各月の結果が月次目標値から1\xa0日外れるごとに、Bolt Manufacturingはその月に"
                    "ついてNorthwind Distributionに\\$1,500.00を支払います。"
                ),
            ),
        ],
    )
    def test_every_language(
        self, manufacturer: Agreement, locale: str, heading: str, sentence: str
    ) -> None:
        """The remedy's cost reads as a sentence in German, French, Spanish and Japanese."""
        assert f"* {sentence}" in _section(render(manufacturer, locale=locale), heading)


def _lead_time_plan() -> Agreement:
    """A vendor's quarterly lead-time pledge with a capped remedy, no grace."""
    return Agreement(
        id="lead-times",
        title="Lead times",
        parties=(
            Party(id="v", name="Vendor", role=Role.VENDOR),
            Party(id="p", name="Partner", role=Role.PARTNER),
        ),
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        currency="EUR",
        metrics=(
            Metric(
                id="lead", name="Lead time", unit="day", aggregation=Aggregation.MEAN
            ),
        ),
        contributions=(
            Contribution(
                id="c",
                party="v",
                title="Fast delivery",
                kind=ContributionKind.DELIVERY_COMMITMENT,
                target=Target(
                    metric="lead",
                    value=Decimal(10),
                    direction=Direction.AT_MOST,
                    per=Period.QUARTER,
                ),
            ),
        ),
        remedies=(
            Remedy(
                id="r",
                title="Late deliveries",
                payer="v",
                beneficiary="p",
                contribution="c",
                amount=Quantity(amount=Decimal(1000), unit="EUR"),
                cap=Quantity(amount=Decimal(2500), unit="EUR"),
                termination_after=2,
            ),
        ),
    )


class TestScorecardDocument:
    """The scorecard shows what each remedy owes, window by window."""

    def test_owed(self) -> None:
        """Q1 (13 days) owes 3 000 capped to 2 500, Q2 (11 days) 0 after the cap.

        Q1's shortfall is 13 - 10 = 3 days at EUR 1 000 = 3 000, capped to
        2 500; Q2's 1 day owes 1 000 of which nothing is left under the cap.
        Two breaches give the partner the right to terminate with Q2.
        """
        log = [
            Observation(metric="lead", at=dt.date(2026, 2, 1), value=Decimal(13)),
            Observation(metric="lead", at=dt.date(2026, 5, 1), value=Decimal(11)),
        ]
        card = evaluate(_lead_time_plan(), log, as_of=dt.date(2026, 8, 1))

        section = _section(render(card), "Remedies")

        assert [
            "- **Owed:** €2,500.00",
            "- **Owed before the cap:** €4,000.00",
            "- **Cap:** at most €2,500.00 over the term",
            (
                "- **Termination right:** Partner may terminate since FY2026-Q2, "
                "which ended June 30, 2026"
            ),
        ] == section[2:6]
        rows = [line for line in section if line.startswith("| `FY")]
        assert [
            "| `FY2026-Q1` | 3\xa0days | €2,500.00 | final |",
            "| `FY2026-Q2` | 1\xa0day | €0.00 | final |",
            "| `FY2026-Q3` | – | – | open |",
            "| `FY2026-Q4` | – | – | not started |",
        ] == rows

    def test_net_position(self) -> None:
        """The vendor owes the 2 500 it is charged; the partner is owed as much."""
        log = [
            Observation(metric="lead", at=dt.date(2026, 2, 1), value=Decimal(13)),
        ]
        card = evaluate(_lead_time_plan(), log, as_of=dt.date(2026, 8, 1))

        section = _section(render(card), "Remedies")

        start = section.index("### Net position")
        assert [
            "| Party | Rewards | Remedies | Net |",
            "|---|---:|---:|---:|",
            "| Vendor | €0.00 | €2,500.00 | -€2,500.00 |",
            "| Partner | €0.00 | -€2,500.00 | €2,500.00 |",
        ] == section[start + 2 :]


def _graced_plan(grace: str, amount: str = "100", unit: str = "EUR") -> Agreement:
    """The lead-time plan with a grace of *grace* days and *amount* per day, uncapped."""
    plan = _lead_time_plan()
    remedy = attrs.evolve(
        plan.remedies[0],
        amount=Quantity(amount=Decimal(amount), unit=unit),
        grace=Decimal(grace),
        cap=None,
        termination_after=None,
    )
    return plan.amend(currency=unit, remedies=(remedy,))


class TestShortfallBesideGrace:
    """A shortfall reads on its side of the grace: a breach never reads as tolerated."""

    def test_just_above_the_grace(self) -> None:
        """5.001 and 5.0049 days over a grace of 5 are charged: they read 5.001 and 5.005, not 5."""
        log = [
            Observation(metric="lead", at=dt.date(2026, 2, 1), value=Decimal(15)),
            Observation(metric="lead", at=dt.date(2026, 5, 1), value=Decimal("15.001")),
            Observation(
                metric="lead", at=dt.date(2026, 8, 1), value=Decimal("15.0049")
            ),
            Observation(
                metric="lead", at=dt.date(2026, 11, 1), value=Decimal("14.996")
            ),
        ]
        card = evaluate(_graced_plan("5"), log, as_of=dt.date(2027, 1, 5))

        rows = [
            line
            for line in _section(render(card), "Remedies")
            if line.startswith("| `FY")
        ]

        assert [True, True] == [w.breached for w in card.remedy("r").windows[1:3]]
        assert [
            "| `FY2026-Q1` | 5\xa0days | €0.00 | final |",
            "| `FY2026-Q2` | 5.001\xa0days | €0.10 | final |",
            "| `FY2026-Q3` | 5.005\xa0days | €0.49 | final |",
            "| `FY2026-Q4` | 4.996\xa0days | €0.00 | final |",
        ] == rows

    def test_above_zero_without_a_grace(self) -> None:
        """A shortfall of 0.001 day with no grace is a breach: it never reads 0."""
        log = [
            Observation(metric="lead", at=dt.date(2026, 2, 1), value=Decimal("10.001")),
        ]
        card = evaluate(_graced_plan("0"), log, as_of=dt.date(2026, 4, 5))

        rows = [
            line
            for line in _section(render(card, locale="de"), "Ausgleichszahlungen")
            if line.startswith("| `FY")
        ]

        assert rows[0].startswith("| `FY2026-Q1` | 0,001\xa0Tage | 0,10\xa0€ |")

    @pytest.mark.parametrize(
        ("unit", "target", "grace", "lead", "shown"),
        [
            # A shortfall in money keeps its side of the grace past the cents.
            ("EUR", "10000", "1000", "11000.004", "€1,000.004"),
            # In percentage points, past the tenth of a percent.
            ("percent", "10", "1", "11.0004", "1.0004%"),
            ("percent", "10", "1", "10.9996", "0.9996%"),
        ],
    )
    def test_in_money_and_percent(
        self, unit: str, target: str, grace: str, lead: str, shown: str
    ) -> None:
        """A shortfall measured in money or in percent keeps its side of the grace too."""
        plan = _graced_plan(grace)
        metric = attrs.evolve(plan.metrics[0], unit=unit)
        pledge = plan.contributions[0]
        assert pledge.target is not None
        at_most = attrs.evolve(pledge.target, value=Decimal(target))
        plan = plan.amend(
            metrics=(metric,),
            contributions=(attrs.evolve(pledge, target=at_most),),
        )
        log = [Observation(metric="lead", at=dt.date(2026, 2, 1), value=Decimal(lead))]
        card = evaluate(plan, log, as_of=dt.date(2026, 4, 5))

        rows = [
            line
            for line in _section(render(card), "Remedies")
            if line.startswith("| `FY")
        ]

        assert rows[0].startswith(f"| `FY2026-Q1` | {shown} |")


class TestStatementAddsUp:
    """What each window owes is shown as it is paid, and owed in all is the rows' sum."""

    def test_fils(self) -> None:
        """1.0005, 2.001 and 1.0005 BHD are paid as 1.000, 2.001 and 1.000: 4.001 in all, not 4.002.

        The exact 4.002 rounded to fils is more than the rows shown add up to.
        """
        log = [
            Observation(metric="lead", at=dt.date(2026, 2, 1), value=Decimal(11)),
            Observation(metric="lead", at=dt.date(2026, 5, 1), value=Decimal(12)),
            Observation(metric="lead", at=dt.date(2026, 8, 1), value=Decimal(11)),
        ]
        plan = _graced_plan("0", amount="1.0005", unit="BHD")
        card = evaluate(plan, log, as_of=dt.date(2026, 10, 5))

        section = _section(render(card), "Remedies")

        assert Decimal("4.0020") == card.remedy("r").capped
        assert "- **Owed:** BHD4.001" in section
        rows = [line.split(" | ")[2] for line in section if line.startswith("| `FY")]
        assert ["BHD1.000", "BHD2.001", "BHD1.000"] == rows[:3]
        net = section[section.index("### Net position") :]
        assert "| Vendor | BHD0.000 | BHD4.001 | -BHD4.001 |" in net
