"""Money as a statement shows it: each window in the currency's minor unit, totals adding up."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import quarterly_plan

from mutualcommit import (
    Agreement,
    Incentive,
    Observation,
    Quantity,
    Remedy,
    Tier,
    evaluate,
)
from mutualcommit.kpi._settled import (
    settled,
    settled_incentive,
    settled_position,
    settled_remedy,
)

D = Decimal


def _plan(
    currency: str,
    *,
    cap: str | None = None,
    remedies: tuple[Remedy, ...] = (),
) -> Agreement:
    """Return a vendor paying its partner 2 % of revenue from 100 % of 100 units a quarter."""
    return quarterly_plan(
        currency,
        incentives=(
            Incentive(
                id="rebate",
                title="Rebate",
                payer="v",
                beneficiary="p",
                goal="g",
                tiers=(Tier(threshold=D(1), rate=D("0.02"), of="rev"),),
                cap=None if cap is None else Quantity(amount=D(cap), unit=currency),
            ),
        ),
        remedies=remedies,
    )


def _log(revenue: str, quarters: int = 3) -> list[Observation]:
    """Return 100 units and *revenue* in each of the first *quarters* quarters."""
    days = [dt.date(2026, month, 15) for month in (1, 4, 7, 10)][:quarters]
    return [
        observation
        for day in days
        for observation in (
            Observation(metric="units", at=day, value=D(100)),
            Observation(metric="rev", at=day, value=D(revenue)),
        )
    ]


class TestSettledIncentive:
    """An incentive's rows are paid in the minor unit, and its totals are their sums."""

    def test_yen_rows_add_up(self) -> None:
        """Three quarters of ¥18,518.505 are ¥18,519 each and ¥55,557 earned, not ¥55,556."""
        card = evaluate(_plan("JPY"), _log("925925.25"), as_of=dt.date(2026, 9, 30))
        result = card.incentive("rebate")

        shown = settled_incentive(result, None)

        assert D("55555.5150") == result.earned
        assert shown is not None
        assert (D(18519), D(18519), D(18519), None) == shown.windows
        assert (D(55557), D(55557)) == (shown.earned, shown.provisional)

    def test_open_window_is_provisional(self) -> None:
        """The open window's settled payout counts in the provisional total only."""
        card = evaluate(_plan("JPY"), _log("925925.25"), as_of=dt.date(2026, 8, 15))

        shown = settled_incentive(card.incentive("rebate"), None)

        assert shown is not None
        assert (D(18519), D(18519), D(18519), None) == shown.windows
        assert (D(37038), D(55557)) == (shown.earned, shown.provisional)

    def test_cap_is_never_passed(self) -> None:
        """Cents rounded up three times would pass a cap the exact payouts reach: the last row takes what is left."""
        # 2 % of 1666.75 is 33.335: three rows of 33.34 would be 100.02.
        plan = _plan("EUR", cap="100.005")
        card = evaluate(plan, _log("1666.75"), as_of=dt.date(2026, 9, 30))
        result = card.incentive("rebate")

        shown = settled_incentive(result, plan.incentives[0].cap)

        assert D("100.005") == result.earned
        assert shown is not None
        assert (D("33.34"), D("33.34"), D("33.32"), None) == shown.windows
        assert D("100.00") == shown.earned

    def test_status_tiers_settle_nothing(self) -> None:
        """A level pays nothing: there is nothing to settle."""
        plan = _plan("EUR")
        level = Incentive(
            id="level",
            title="Level",
            payer="v",
            beneficiary="p",
            goal="g",
            tiers=(Tier(threshold=D(1), status="gold"),),
        )
        plan = plan.amend(incentives=(level,))
        card = evaluate(plan, _log("1"), as_of=dt.date(2026, 9, 30))

        assert settled_incentive(card.incentive("level"), None) is None


class TestSettledRemedy:
    """What a remedy owes per window is paid in fils, and owed in all is their sum."""

    def test_bhd_rows_add_up(self) -> None:
        """10.1255 and 20.251 BHD are 10.126 and 20.251: 30.377 owed, not 30.376."""
        credit = Remedy(
            id="credit",
            title="Credit",
            payer="v",
            beneficiary="p",
            goal="g",
            amount=Quantity(amount=D("10.1255"), unit="BHD"),
        )
        plan = _plan("BHD", remedies=(credit,))
        log = [
            Observation(metric="units", at=dt.date(2026, 1, 15), value=D(99)),
            Observation(metric="units", at=dt.date(2026, 4, 15), value=D(98)),
        ]
        result = evaluate(plan, log, as_of=dt.date(2026, 7, 15)).remedy("credit")

        shown = settled_remedy(result, credit.limit)

        assert D("30.3765") == result.capped
        assert shown is not None
        assert (D("10.126"), D("20.251")) == shown.windows[:2]
        assert (D("30.377"), D("30.377")) == (shown.owed, shown.capped)

    def test_net_position_adds_the_rows(self) -> None:
        """A party's settled rewards are its incentives' settled earnings, less what it pays."""
        card = evaluate(_plan("JPY"), _log("925925.25"), as_of=dt.date(2026, 9, 30))

        assert {"JPY": (D(55557), D(0))} == settled_position(card, "p")
        assert {"JPY": (D(-55557), D(0))} == settled_position(card, "v")
        assert D("55555.5150") == card.net_position("p").totals["JPY"]


_AMOUNTS = st.lists(
    st.one_of(
        st.none(),
        st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False),
    ),
    max_size=6,
)


class TestSettledLaws:
    """Rows on the minor unit's grid, each the amount rounded until the cap binds, never above it."""

    @given(_AMOUNTS, st.sampled_from(["EUR", "JPY", "BHD"]))
    def test_each_row_is_its_amount_rounded(
        self, amounts: list[Decimal | None], currency: str
    ) -> None:
        """Without a cap, each row is its amount rounded half-even to the minor unit."""
        places = {"EUR": D("0.01"), "JPY": D(1), "BHD": D("0.001")}[currency]

        rows = settled(amounts, currency)

        assert [
            None
            if amount is None
            else amount.quantize(places, rounding=decimal.ROUND_HALF_EVEN)
            for amount in amounts
        ] == list(rows)

    @given(
        _AMOUNTS,
        st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False),
    )
    def test_never_above_the_cap(
        self, amounts: list[Decimal | None], cap: Decimal
    ) -> None:
        """The rows add up to at most the cap; none is more than its amount rounded, none negative."""
        rows = settled(amounts, "EUR", cap)

        paid = [row for row in rows if row is not None]
        assert sum(paid, D(0)) <= cap
        assert all(row >= 0 for row in paid)
        assert [amount is None for amount in amounts] == [row is None for row in rows]
        assert all(
            row <= amount.quantize(D("0.01"), rounding=decimal.ROUND_HALF_EVEN)
            for row, amount in zip(rows, amounts, strict=True)
            if row is not None and amount is not None
        )
