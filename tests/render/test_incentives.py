"""Incentives in documents: tiers that read as alternatives, a statement that adds up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from tests.conftest import quarterly_plan

from mutualcommit import (
    Agreement,
    Incentive,
    Observation,
    Quantity,
    Tier,
    evaluate,
)
from mutualcommit.render import render

D = Decimal


def _plan(
    tiers: tuple[Tier, ...], currency: str = "EUR", cap: str | None = "100000"
) -> Agreement:
    """Return a vendor rewarding its partner by *tiers* on 100 units a quarter."""
    return quarterly_plan(
        currency,
        incentives=(
            Incentive(
                id="inc",
                title="Rebate",
                payer="v",
                beneficiary="p",
                goal="g",
                tiers=tiers,
                cap=None if cap is None else Quantity(amount=D(cap), unit=currency),
            ),
        ),
    )


def _log(units: list[str | None], revenue: list[str | None]) -> list[Observation]:
    """Return one observation of units and one of revenue per quarter given."""
    days = [dt.date(2026, month, 15) for month in (1, 4, 7, 10)]
    log = []
    for day, sold, earned in zip(days, units, revenue, strict=False):
        if sold is not None:
            log.append(Observation(metric="units", at=day, value=D(sold)))
        if earned is not None:
            log.append(Observation(metric="rev", at=day, value=D(earned)))
    return log


def _rows(text: str, heading: str = "### Rebate") -> list[str]:
    """Return the table rows of the section under *heading*."""
    section = text[text.index(heading) :]
    return [line for line in section.splitlines() if line.startswith("| `FY")]


_TWO_RATES = (
    Tier(threshold=D(1), rate=D("0.02"), of="rev"),
    Tier(threshold=D("1.0005"), rate=D("0.03"), of="rev"),
)


_TWO_BONUSES = (
    Tier(threshold=D(1), amount=Quantity(amount=D(2500), unit="EUR")),
    Tier(threshold=D("1.25"), amount=Quantity(amount=D(4000), unit="EUR")),
)


class TestTiersAreAlternatives:
    """The signed document says that only the highest tier reached applies."""

    @pytest.mark.parametrize(
        ("locale", "sentence"),
        [
            (
                "en",
                (
                    "Only the highest tier reached applies: Vendor pays Partner what that "
                    "tier pays, not the sum of the tiers reached."
                ),
            ),
            (
                "de",
                (
                    "Es gilt nur die höchste erreichte Stufe: Vendor zahlt an Partner, was "
                    "diese Stufe vorsieht, nicht die Summe der erreichten Stufen."
                ),
            ),
            (
                "fr",
                (
                    "Seul le palier le plus élevé atteint s’applique\xa0: Vendor verse à "
                    "Partner ce que prévoit ce palier, et non la somme des paliers atteints."
                ),
            ),
            (
                "es",
                (
                    "Solo se aplica el nivel más alto alcanzado: Vendor paga a Partner lo "
                    "que paga ese nivel, no la suma de los niveles alcanzados."
                ),
            ),
            (
                "ja",
                (
                    "適用されるのは達成した最も高い段階のみです。VendorはPartnerにその段階の"
                    "支払いのみを行い、達成した各段階の合計は支払いません。"
                ),
            ),
        ],
    )
    def test_paying_tiers(self, locale: str, sentence: str) -> None:
        """Past 125 % a window is owed €4,000, not €2,500 + €4,000: every language says so.

        Each tier's sentence ("If ... at least 100% ..., Vendor pays Partner
        €2,500.00") holds on its own; without this one, a window at 130 %
        reads as owed both.
        """
        plan = _plan(_TWO_BONUSES)
        lines = render(plan, locale=locale).splitlines()
        first = next(i for i, line in enumerate(lines) if line.startswith("* "))

        assert sentence == lines[first + 3]
        card = evaluate(plan, _log(["130"], [None]), as_of=dt.date(2026, 3, 31))
        assert D(4000) == card.incentive("inc").window("FY2026-Q1").payout

    def test_status_tiers(self) -> None:
        """A level past two thresholds is the higher one alone."""
        levels = (
            Tier(threshold=D("0.9"), status="silver"),
            Tier(threshold=D("1.1"), status="gold"),
        )
        text = render(_plan(levels, cap=None))

        assert (
            "Only the highest tier reached applies: Vendor grants Partner the status "
            "of that tier alone." in text.splitlines()
        )

    def test_one_tier_says_nothing_more(self) -> None:
        """A single tier has nothing to be added to: no sentence about alternatives."""
        text = render(_plan(_TWO_BONUSES[:1]))

        assert "Only the highest tier" not in text


class TestAttainmentBesideTiers:
    """The attainment shown never contradicts the tier reached beside it."""

    def test_rounding_never_crosses_a_threshold(self) -> None:
        """99.99999 % reaches no tier from 100 %; 100.05 % reaches the one from 100.05 %.

        To a tenth both read 100 %: the first beside no tier, the second
        beside a tier from 100.05 %.
        """
        log = _log(["99.99999", "100.05", "100.049"], ["10000", "10000", "10000"])
        card = evaluate(_plan(_TWO_RATES), log, as_of=dt.date(2026, 9, 30))

        rows = _rows(render(card))

        assert [
            "| `FY2026-Q1` | 99.99999% | – | – | final |",
            "| `FY2026-Q2` | 100.05% | 100.05% | €300.00 | final |",
            "| `FY2026-Q3` | 100.049% | 100% | €200.00 | final |",
        ] == rows[:3]

    def test_a_tenth_where_it_says_the_truth(self) -> None:
        """Far from every threshold, the attainment is rounded to its tenth."""
        log = _log(["112.54", "87.46"], ["10000", "10000"])
        card = evaluate(_plan(_TWO_RATES), log, as_of=dt.date(2026, 6, 30))

        rows = _rows(render(card))

        assert [
            "| `FY2026-Q1` | 112.5% | 100.05% | €300.00 | final |",
            "| `FY2026-Q2` | 87.5% | – | – | final |",
        ] == rows[:2]

    @pytest.mark.parametrize(
        ("locale", "below", "at"),
        [
            ("de", "99,99999\xa0%", "100,05\xa0%"),
            ("fr", "99,99999\xa0%", "100,05\xa0%"),
            ("ja", "99.99999%", "100.05%"),
        ],
    )
    def test_every_language(self, locale: str, below: str, at: str) -> None:
        """The places added are the locale's digits, with its percent sign."""
        log = _log(["99.99999", "100.05"], ["10000", "10000"])
        card = evaluate(_plan(_TWO_RATES), log, as_of=dt.date(2026, 6, 30))

        text = render(card, locale=locale)
        # The incentive's table is the last to list the windows.
        rows = [line for line in text.splitlines() if line.startswith("| `FY")]

        assert below == rows[-4].split(" | ")[1]
        assert at == rows[-3].split(" | ")[1]


class TestStatementAddsUp:
    """Each window's payout is shown as it is paid, and the totals are the rows' sums."""

    def test_yen(self) -> None:
        """Three quarters of 2 % of ¥925,925.25 (¥18,518.505) are ¥18,519 each: ¥55,557 earned."""
        tiers = (Tier(threshold=D(1), rate=D("0.02"), of="rev"),)
        log = _log(["100"] * 3, ["925925.25"] * 3)
        card = evaluate(_plan(tiers, "JPY", "1000000"), log, as_of=dt.date(2026, 9, 30))

        text = render(card)

        assert "- **Earned:** ¥55,557" in text.splitlines()
        assert "- **Provisional, with the open window:** ¥55,557" in text.splitlines()
        assert [
            "| `FY2026-Q1` | 100% | 100% | ¥18,519 | final |",
            "| `FY2026-Q2` | 100% | 100% | ¥18,519 | final |",
            "| `FY2026-Q3` | 100% | 100% | ¥18,519 | final |",
        ] == _rows(text)[:3]

    def test_cents_too_small_to_pay(self) -> None:
        """Three quarters paying 0.4 cents each show €0.00, and nothing earned, not €0.01."""
        tiers = (Tier(threshold=D(1), rate=D("0.0004"), of="rev"),)
        log = _log(["100"] * 3, ["10"] * 3)
        card = evaluate(_plan(tiers), log, as_of=dt.date(2026, 9, 30))

        text = render(card)

        assert D("0.012") == card.incentive("inc").earned
        assert "- **Earned:** €0.00" in text.splitlines()
        assert ["€0.00"] * 3 == [row.split(" | ")[3] for row in _rows(text)[:3]]
