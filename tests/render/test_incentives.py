"""Incentives in documents: tiers that read as alternatives, a statement that adds up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mutualcommit import (
    Aggregation,
    Agreement,
    Contribution,
    ContributionKind,
    Direction,
    Goal,
    Incentive,
    Metric,
    Observation,
    Party,
    Period,
    Quantity,
    Role,
    Target,
    Tier,
    evaluate,
)
from mutualcommit.render import render

D = Decimal


def _plan(
    tiers: tuple[Tier, ...], currency: str = "EUR", cap: str | None = "100000"
) -> Agreement:
    """Return a vendor rewarding its partner by *tiers* on 100 units a quarter."""
    return Agreement(
        id="plan",
        title="Plan",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        currency=currency,
        parties=(
            Party(id="v", name="Vendor", role=Role.VENDOR),
            Party(id="p", name="Partner", role=Role.PARTNER),
        ),
        metrics=(
            Metric(id="units", name="Units", unit="count", aggregation=Aggregation.SUM),
            Metric(
                id="rev", name="Revenue", unit=currency, aggregation=Aggregation.SUM
            ),
        ),
        goals=(
            Goal(
                id="g",
                title="Sell units",
                target=Target(
                    metric="units",
                    value=D(100),
                    direction=Direction.AT_LEAST,
                    per=Period.QUARTER,
                ),
            ),
        ),
        contributions=(
            Contribution(
                id="c1",
                party="p",
                title="Sell",
                kind=ContributionKind.CO_SELLING,
                supports=("g",),
            ),
            Contribution(
                id="c2",
                party="v",
                title="Train",
                kind=ContributionKind.ENABLEMENT_TRAINING,
                supports=("g",),
            ),
        ),
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
