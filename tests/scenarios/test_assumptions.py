"""Assumptions: short reprs, scaling, and merging a variant's into its base's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit import Agreement, Observation, Period
from mutualcommit.scenarios import (
    Assumptions,
    Driver,
    Fixed,
    Pert,
    Poisson,
    Scenario,
    Triangular,
    compare,
    project,
)

Plan = Callable[..., Agreement]
Events = Callable[..., list[Observation]]
Q1_END = dt.date(2026, 3, 31)
AS_OF = dt.date(2026, 7, 31)

MDF = Driver(contribution="funds", metric="m", per_thousand=Triangular(1, 2, 3))
REVENUE = Driver(contribution="funds", metric="revenue", per_thousand=Fixed(1000))


class TestRepr:
    """Distributions and assumptions print their field names and plain numbers."""

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (
                Triangular(160_379.4, 398_832, 637_286.6),
                "Triangular(low=160379, mode=398832, high=637287)",
            ),
            (Pert(0.1, 0.25, 0.4), "Pert(low=0.1, mode=0.25, high=0.4)"),
            (Poisson(28.8 * 0.8), "Poisson(rate=23.04)"),
            (Fixed(Decimal("1.5")), "Fixed(value=1.5)"),
            (Fixed(-0.0), "Fixed(value=0)"),
            (Fixed(1234.56789), "Fixed(value=1234.57)"),
            # Small numbers plainly too: it printed 1e-07.
            (Fixed(0.0000001), "Fixed(value=0.0000001)"),
            (Poisson(0.000012345678), "Poisson(rate=0.0000123457)"),
        ],
    )
    def test_distributions(self, value: object, text: str) -> None:
        """Field names, no thousands separators, six significant digits."""
        assert text == repr(value)
        assert text == str(value)

    def test_assumptions_show_what_differs_from_the_defaults(self) -> None:
        """Only the fields set, each distribution short."""
        assumptions = Assumptions(
            rates={"m": Poisson(30)}, drivers=(MDF,), per=Period.MONTH
        )

        assert (
            "Assumptions(rates={'m': Poisson(rate=30)}, drivers=(Driver("
            "contribution='funds', metric='m', per_thousand=Triangular(low=1, "
            "mode=2, high=3)),), per='month')"
        ) == repr(assumptions)
        assert "Assumptions(lookback_days=91)" == repr(Assumptions(lookback_days=91))
        assert (
            "Assumptions(drivers=(Driver(contribution='funds', metric='m', "
            "per_thousand=Triangular(low=1, mode=2, high=3)), Driver("
            "contribution='funds', metric='revenue', per_thousand=Fixed(value=1000))))"
        ) == repr(Assumptions(drivers=(MDF, REVENUE)))
        assert "Assumptions()" == repr(Assumptions())

    @given(
        st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    )
    def test_no_locale_separators(self, value: float) -> None:
        """A repr's commas only ever separate fields."""
        assert "," not in repr(Fixed(value))


class TestScaled:
    """scaled() multiplies a rate by a factor given as an int, a float or a Decimal."""

    def test_poisson_by_a_decimal(self) -> None:
        """Registrations down 20 %: 28.8 a quarter becomes 23.04."""
        assert pytest.approx(23.04) == Poisson(28.8).scaled(Decimal("0.8")).rate

    def test_three_points(self) -> None:
        """Each of low, mode and high scales."""
        assert Triangular(5, 10, 20) == Triangular(10, 20, 40).scaled(Decimal("0.5"))
        assert Pert(30, 60, 90) == Pert(10, 20, 30).scaled(3)

    def test_fixed_may_turn_negative(self) -> None:
        """A fixed change of a level may be scaled by a negative factor."""
        assert Fixed(-4) == Fixed(2).scaled(-2)

    @pytest.mark.parametrize("value", [Poisson(1), Triangular(1, 2, 3), Pert(1, 2, 3)])
    def test_negative_factor(self, value: Poisson | Triangular | Pert) -> None:
        """A negative factor of a rate or a range is refused with a clear message."""
        with pytest.raises(ValueError, match="a factor is not negative, got -1"):
            value.scaled(-1)

    def test_not_a_number(self) -> None:
        """A str is not a factor."""
        with pytest.raises(TypeError, match=r"expected a number, got str '0\.8'"):
            Poisson(1).scaled("0.8")  # type: ignore[arg-type]

    def test_driver(self) -> None:
        """A driver's effect per 1,000 scales; what it links stays."""
        assert Driver(
            contribution="funds", metric="m", per_thousand=Triangular(0.5, 1, 1.5)
        ) == MDF.scaled(Decimal("0.5"))


class TestMerge:
    """A variant's assumptions update its base's instead of replacing them."""

    def test_rates_and_drivers(self) -> None:
        """A metric in both takes the new rate; a driver of the same link is replaced."""
        base = Assumptions(rates={"m": Poisson(30), "x": Fixed(1)}, drivers=(MDF,))
        faster = Driver(contribution="funds", metric="m", per_thousand=Fixed(5))

        merged = base.merge(
            Assumptions(rates={"m": Poisson(24)}, drivers=(faster, REVENUE))
        )

        assert {"m": Poisson(24), "x": Fixed(1)} == dict(merged.rates)
        assert (faster, REVENUE) == merged.drivers

    def test_period_and_lookback(self) -> None:
        """An empty base takes the new period; a stated lookback wins."""
        base = Assumptions(lookback_days=91)

        merged = base.merge(Assumptions(rates={"m": Fixed(2)}, per=Period.MONTH))

        assert Period.MONTH == merged.per
        assert 91 == merged.lookback_days
        assert 30 == base.merge(Assumptions(lookback_days=30)).lookback_days

    def test_rates_per_another_period(self) -> None:
        """Rates stated per month cannot join rates per quarter."""
        base = Assumptions(rates={"m": Poisson(30)})

        with pytest.raises(ValueError, match="state per month") as caught:
            base.merge(Assumptions(rates={"x": Poisson(10)}, per=Period.MONTH))

        assert (
            "the assumptions to merge state per month, the base's rates of 'm' "
            "are per quarter: leave per out (the rates to merge are then read "
            "per quarter), or give those rates per month too"
        ) == str(caught.value)

    @given(
        parent=st.sampled_from(Period),
        parent_rates=st.booleans(),
        rate=st.floats(0, 1e6),
    )
    def test_a_variant_stating_no_period_keeps_its_parents(
        self, parent: Period, parent_rates: bool, rate: float
    ) -> None:
        """A variant's rate without a period is read per its parent's.

        It fell back to a quarter: a monthly rate (as `Projection.rate`
        gives it to a monthly parent) was read as a quarterly one.
        """
        base = Assumptions(rates={"x": Fixed(1)} if parent_rates else None, per=parent)

        merged = base.merge(Assumptions(rates={"m": Poisson(rate)}))

        assert parent == merged.per
        assert Poisson(rate) == merged.rates["m"]
        assert merged == merged.merge(Assumptions(rates={"m": Poisson(rate)}))

    @given(parent=st.sampled_from(Period), variant=st.sampled_from(Period))
    def test_a_stated_period_replaces_the_parents(
        self, parent: Period, variant: Period
    ) -> None:
        """Stated, a quarter too, when the parent keeps no rate given per its own."""
        base = Assumptions(rates={"m": Poisson(3)}, per=parent)

        merged = base.merge(Assumptions(rates={"m": Poisson(9)}, per=variant))

        assert (variant, Poisson(9)) == (merged.per, merged.rates["m"])
        assert variant == Assumptions(per=parent).merge(Assumptions(per=variant)).per

    @given(parent=st.integers(1, 10_000), variant=st.integers(1, 10_000))
    def test_a_stated_lookback_replaces_the_parents(
        self, parent: int, variant: int
    ) -> None:
        """Stated, 182 too; a variant that states none keeps its parent's.

        182 read as "none stated": a variant asking for 182 days to undo
        its parent's 90 kept the 90.
        """
        base = Assumptions(lookback_days=parent)

        assert variant == base.merge(Assumptions(lookback_days=variant)).lookback_days
        assert parent == base.merge(Assumptions()).lookback_days
        assert (
            182
            == Assumptions(lookback_days=90)
            .merge(Assumptions(lookback_days=182))
            .lookback_days
        )

    def test_a_stated_lookback_shows(self) -> None:
        """182 stated is not 182 assumed, as for the period."""
        assert "Assumptions(lookback_days=182)" == repr(Assumptions(lookback_days=182))
        assert 182 == Assumptions().lookback_days
        assert Assumptions(lookback_days=182) != Assumptions()

    def test_a_stated_quarter_shows(self) -> None:
        """A quarter stated is not a quarter assumed: it replaces a parent's month."""
        assert "Assumptions(per='quarter')" == repr(Assumptions(per=Period.QUARTER))
        assert Period.QUARTER == Assumptions().per
        assert Assumptions(per=Period.QUARTER) != Assumptions()

    def test_the_documented_recipe_in_months(
        self, it_case: tuple[Agreement, tuple[Observation, ...]]
    ) -> None:
        """A monthly parent's observed rate, scaled in a variant, is per month.

        The goals the variant does not touch are projected alike; the
        registrations' median falls by about a fifth, not to a quarter of it.
        """
        agreement, log = it_case
        monthly = Scenario(
            name="monthly",
            agreement=agreement,
            assumptions=Assumptions(per=Period.MONTH),
        )
        rate = monthly.project(log, as_of=AS_OF, runs=10).rate("cosell-opps")
        fewer = monthly.variant(
            "fewer",
            assumptions=Assumptions(rates={"cosell-opps": rate.scaled(Decimal("0.8"))}),
        )

        result = compare(monthly, fewer, observations=log, as_of=AS_OF, runs=2000)

        assert Period.MONTH == fewer.assumptions.per
        for goal in agreement.goals:
            before = result.row("monthly", goal.id)
            after = result.row("fewer", goal.id)
            assert goal.target is not None
            if goal.target.metric != "cosell-opps":
                assert attrs.evolve(before, scenario="fewer") == after
        was = result.row("monthly", "co-sell-opportunities").percentiles[50]
        now = result.row("fewer", "co-sell-opportunities").percentiles[50]
        assert 0.7 < now / was < 0.9

    def test_variant_merges(self, plan: Plan) -> None:
        """variant(assumptions=...) keeps the base's drivers and other rates."""
        base = Scenario(
            name="base",
            agreement=plan(),
            assumptions=Assumptions(rates={"revenue": Fixed(100)}, drivers=(MDF,)),
        )

        lower = base.variant("lower", assumptions=Assumptions(rates={"m": Poisson(24)}))

        assert (
            Assumptions(rates={"revenue": Fixed(100), "m": Poisson(24)}, drivers=(MDF,))
            == lower.assumptions
        )
        assert base.baseline is lower.baseline

    def test_without(self, plan: Plan) -> None:
        """A rate or a driver is dropped with without() and attrs.evolve."""
        base = Scenario(
            name="base",
            agreement=plan(),
            assumptions=Assumptions(rates={"m": Poisson(30)}, drivers=(MDF, REVENUE)),
        )

        bare = attrs.evolve(
            base.variant("bare"),
            assumptions=base.assumptions.without(rates=["m"], drivers=["funds"]),
        )

        assert Assumptions() == bare.assumptions
        assert "bare" == bare.name

    def test_without_unknown(self) -> None:
        """Dropping what is not there names every id, and what there is: a typo drops nothing silently."""
        with pytest.raises(KeyError) as caught:
            Assumptions(rates={"m": Poisson(1)}).without(rates=["q"], drivers=["mdf"])

        assert (
            "nothing to drop: no rate of metric 'q' in the assumptions (there "
            "are: 'm'); no driver of contribution 'mdf' in the assumptions "
            "(there are: none)"
        ) == caught.value.args[0]


class TestRate:
    """Projection.rate gives the rate of a whole metric, ready to scale."""

    def test_observed_then_scaled(self, plan: Plan, events: Events) -> None:
        """30 counts in Q1 (90 days) observed over 90 days: 30 a quarter, then 24."""
        log = events("m", dt.date(2026, 1, 1), Q1_END, step=3)
        projection = project(
            plan("30"),
            log,
            as_of=Q1_END,
            runs=10,
            assumptions=Assumptions(lookback_days=90),
        )

        rate = projection.rate("m")

        assert isinstance(rate, Poisson)
        assert pytest.approx(30.0) == rate.rate
        assert pytest.approx(24.0) == rate.scaled(Decimal("0.8")).rate

    def test_given(self, plan: Plan) -> None:
        """A given rate comes back as given."""
        projection = project(
            plan(),
            [],
            as_of=Q1_END,
            runs=10,
            assumptions=Assumptions(rates={"m": Poisson(12)}),
        )

        assert Poisson(12) == projection.rate("m")

    def test_unknown_metric(self, plan: Plan) -> None:
        """A metric no target projects names the projected ones."""
        projection = project(plan(), [], as_of=Q1_END, runs=10)

        with pytest.raises(KeyError) as caught:
            projection.rate("nope")

        assert (
            "no projected metric 'nope' in agreement 'plan' (there are: 'm')"
            == caught.value.args[0]
        )

    def test_no_history(self, plan: Plan) -> None:
        """Without history or assumption there is no rate to scale."""
        projection = project(plan(), [], as_of=Q1_END, runs=10)

        with pytest.raises(ValueError, match="'m' has no rate"):
            projection.rate("m")

    def test_scenario_name(self, plan: Plan) -> None:
        """Scenario.project names the scenario in the projection; project does not."""
        scenario = Scenario(name="base", agreement=plan())

        assert "base" == scenario.project([], as_of=Q1_END, runs=10).scenario
        assert project(plan(), [], as_of=Q1_END, runs=10).scenario is None
