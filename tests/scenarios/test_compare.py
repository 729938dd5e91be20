from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit import (
    Agreement,
    Contribution,
    ContributionKind,
    Goal,
    Observation,
    Target,
    load_fund_events,
    load_observations,
    loads,
)
from mutualcommit.model import Direction, Period
from mutualcommit.scenarios import (
    Assumptions,
    ComparisonRow,
    Driver,
    Fixed,
    Pert,
    Poisson,
    Scenario,
    Triangular,
    WindowProjection,
    add_contribution,
    compare,
    project,
    scale_allocation,
)

from .conftest import build_plan

Plan = Callable[..., Agreement]
Q1_END = dt.date(2026, 3, 31)


def scenarios(plan: Plan) -> tuple[Scenario, Scenario, Scenario]:
    """A base, a variant that over-commits and one with a second goal."""
    base = Scenario(
        name="base",
        agreement=plan("30", mdf="20000"),
        assumptions=Assumptions(rates={"m": Poisson(30)}),
    )
    more = base.variant("more", scale_allocation(base.agreement, "mdf-budget", 2))
    second = Goal(
        id="second",
        title="A second goal",
        target=Target(
            metric="m",
            value=Decimal(100),
            direction=Direction.AT_LEAST,
            per=Period.YEAR,
        ),
    )
    wider = base.variant(
        "wider",
        base.agreement.amend(goals=(*base.agreement.goals, second)),
        assumptions=Assumptions(rates={"m": Fixed(30)}),
    )
    return base, more, wider


class TestOrder:
    """compare gives one row per goal and scenario, in a stable order."""

    def test_goal_major_then_scenarios_as_given(self, plan: Plan) -> None:
        """Goals in first appearance, then each goal's scenarios in argument order."""
        base, more, wider = scenarios(plan)

        comparison = compare(wider, base, more, observations=[], as_of=Q1_END, runs=200)

        assert [
            ("wider", "goal"),
            ("base", "goal"),
            ("more", "goal"),
            ("wider", "second"),
        ] == [(row.scenario, row.goal) for row in comparison.rows]

    def test_stable_across_calls(self, plan: Plan) -> None:
        """The same inputs give equal comparisons, row for row."""
        base, more, wider = scenarios(plan)

        first = compare(base, more, wider, observations=[], as_of=Q1_END, runs=200)
        second = compare(base, more, wider, observations=[], as_of=Q1_END, runs=200)

        assert first.rows == second.rows


class TestRows:
    """A row holds the goal's window projection and the scenario's error codes."""

    def test_window_and_errors(self, plan: Plan) -> None:
        """The first open window by default; MC204 for the variant that over-commits."""
        base, more, wider = scenarios(plan)

        comparison = compare(base, more, wider, observations=[], as_of=Q1_END, runs=200)

        assert "FY2026-Q2" == comparison.row("base", "goal").window
        assert "MC204" in comparison.row("more", "goal").errors
        assert "MC204" not in comparison.row("base", "goal").errors
        assert 1.0 == comparison.row("wider", "goal").probability
        assert {10, 50, 90} == set(comparison.row("base", "goal").percentiles)

    def test_common_random_numbers(self, plan: Plan) -> None:
        """Scenarios that change nothing the goal depends on project it alike."""
        base, more, _ = scenarios(plan)

        comparison = compare(base, more, observations=[], as_of=Q1_END, runs=500)

        before = comparison.row("base", "goal")
        after = comparison.row("more", "goal")
        assert (before.mean, before.probability) == (after.mean, after.probability)

    def test_chosen_window(self, plan: Plan) -> None:
        """A window label picks that window where a goal has it."""
        base, _, wider = scenarios(plan)

        comparison = compare(
            base, wider, observations=[], as_of=Q1_END, runs=50, window="FY2026-Q4"
        )

        assert "FY2026-Q4" == comparison.row("base", "goal").window
        assert "FY2026" == comparison.row("wider", "second").window

    def test_projections_and_reports(self, plan: Plan) -> None:
        """Each scenario's projection and report are kept by name."""
        base, more, _ = scenarios(plan)

        comparison = compare(base, more, observations=[], as_of=Q1_END, runs=50)

        assert ["base", "more"] == list(comparison.projections)
        assert not comparison.reports["more"].ok

    def test_missing_row(self, plan: Plan) -> None:
        """A row that does not exist is a KeyError."""
        base, _, _ = scenarios(plan)
        comparison = compare(base, observations=[], as_of=Q1_END, runs=10)

        with pytest.raises(KeyError, match="second"):
            comparison.row("base", "second")


IT = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"


class TestFundLog:
    """With the fund log, each scenario's check runs the fund rules."""

    def test_a_cut_below_what_was_approved(self) -> None:
        """The IT plan's MDF budget cut to nothing: grants and accrual make 23,000 EUR, 35,000 approved."""
        plan = loads((IT / "agreement.json").read_text(encoding="utf-8"))
        log = load_observations((IT / "observations.jsonl").read_text(encoding="utf-8"))
        events = load_fund_events(
            (IT / "fund_events.jsonl").read_text(encoding="utf-8")
        )
        signed = Scenario(name="as signed", agreement=plan)
        cut = signed.variant(
            "no MDF budget", scale_allocation(plan, "acme-mdf-budget", "0")
        )
        as_of = dt.date(2026, 7, 31)

        with_log = compare(
            signed,
            cut,
            observations=log,
            as_of=as_of,
            runs=10,
            fund_events=iter(events),
        )
        without = compare(signed, cut, observations=log, as_of=as_of, runs=10)

        assert {"as signed": {()}, "no MDF budget": {("MC206", "MC402")}} == {
            name: {row.errors for row in with_log.rows if row.scenario == name}
            for name in ("as signed", "no MDF budget")
        }
        assert [("fund-window:acme-mdf-budget/term", "23000")] == [
            (f.subject, f.params["available"])
            for f in with_log.reports["no MDF budget"].errors
            if f.code == "MC206"
        ]
        assert {(), ("MC402",)} == {row.errors for row in without.rows}


class TestErrors:
    """compare needs scenarios with distinct names."""

    def test_none(self) -> None:
        """No scenario is a ValueError."""
        with pytest.raises(ValueError, match="at least one"):
            compare(observations=[], as_of=Q1_END)

    def test_a_window_no_goal_has(self, plan: Plan) -> None:
        """A label no goal has (a typo) is refused with the labels there are.

        It compared each goal's open window instead, under the label asked.
        """
        base, _, _ = scenarios(plan)

        with pytest.raises(
            ValueError,
            match=(
                r"^window 'fy2026-q4': no goal of any scenario has it; their "
                r"windows are FY2026-Q1, FY2026-Q2, FY2026-Q3, FY2026-Q4$"
            ),
        ):
            compare(base, observations=[], as_of=Q1_END, runs=10, window="fy2026-q4")

    def test_duplicate_names(self, plan: Plan) -> None:
        """Two scenarios of one name are a ValueError naming it."""
        base, _, _ = scenarios(plan)

        with pytest.raises(ValueError, match="base"):
            compare(base, base, observations=[], as_of=Q1_END)


#: Seeds as `project` takes them: ints and strs.
SEEDS = st.one_of(st.integers(-(2**64), 2**64), st.text(max_size=8))
#: The days a projection may start after, in the plan's calendar-2026 term.
DAYS = st.dates(dt.date(2025, 12, 31), dt.date(2026, 12, 30))
#: Every percentile, so that "at least as high" is checked all along.
EVERY = tuple(range(101))


def _row_alike(row: ComparisonRow) -> ComparisonRow:
    """The row but for what differs by construction: the name and the check."""
    return attrs.evolve(row, scenario="", errors=())


def _monthly_pledge(agreement: Agreement, period: Period) -> Agreement:
    """*agreement* with one more pledge on ``m``, the whole of it, per *period*."""
    pledge = Contribution(
        id="more-m",
        party="globex",
        title="More of m",
        kind=ContributionKind.CO_SELLING,
        supports=("goal",),
        target=Target(
            metric="m", value=Decimal(8), direction=Direction.AT_LEAST, per=period
        ),
    )
    return add_contribution(agreement, pledge)


def _at_least_as_high(low: WindowProjection, high: WindowProjection) -> bool:
    """Whether *high* ends every percentile, its mean and its chance no lower."""
    if low.closed:
        return low == high
    assert low.mean is not None
    assert high.mean is not None
    return (
        all(high.percentiles[q] >= low.percentiles[q] for q in EVERY)
        and high.mean >= low.mean - 1e-9 * max(1.0, abs(low.mean))
        and high.probability >= low.probability
    )


class TestCommonRandomNumbers:
    """Every scenario draws the same futures for what a variant leaves alone.

    Counts were drawn stretch after stretch from one generator per metric:
    the extra draws of funding a variant added in one quarter moved every
    later quarter's counts (0.1 % more MDF lowered a chance, 0.1590 to
    0.1578), and a variant's pledge with other windows on the same metric
    cut the future into other stretches, moving a goal it left alone.
    """

    @given(
        seed=SEEDS,
        rate=st.floats(0, 300),
        as_of=DAYS,
        period=st.sampled_from(Period),
        change=st.sampled_from(["pledge", "revenue", "funding"]),
    )
    def test_a_goal_the_variant_leaves_alone_has_the_same_row(
        self, seed: int | str, rate: float, as_of: dt.date, period: Period, change: str
    ) -> None:
        """A pledge on its metric with windows of its own, another rate, other funding."""
        plan = build_plan("30", mdf="20000")
        revenue = Driver(contribution="funds", metric="revenue", per_thousand=Fixed(1))
        base = Scenario(
            name="base",
            agreement=plan,
            assumptions=Assumptions(rates={"m": Poisson(rate)}, drivers=(revenue,)),
        )
        if change == "pledge":
            variant = base.variant("variant", _monthly_pledge(plan, period))
        elif change == "revenue":
            variant = base.variant(
                "variant", assumptions=Assumptions(rates={"revenue": Poisson(rate)})
            )
        else:
            variant = base.variant("variant", scale_allocation(plan, "mdf-budget", 3))

        comparison = compare(
            base, variant, observations=[], as_of=as_of, runs=100, seed=seed
        )

        assert _row_alike(comparison.row("base", "goal")) == _row_alike(
            comparison.row("variant", "goal")
        )
        base_goal = comparison.projections["base"].goal("goal")
        assert attrs.evolve(base_goal, probability=None) == attrs.evolve(
            comparison.projections["variant"].goal("goal"), probability=None
        )
        assert base_goal.probability == (
            comparison.projections["variant"].goal("goal").probability
        )

    @given(
        seed=SEEDS,
        rate=st.one_of(st.floats(0, 2000), st.floats(5000, 50_000)),
        factor=st.one_of(st.floats(1, 1.001), st.floats(1, 3)),
        as_of=DAYS,
        per=st.sampled_from([Period.MONTH, Period.QUARTER, Period.YEAR, Period.TERM]),
    )
    def test_a_higher_poisson_rate_ends_no_window_lower(
        self, seed: int | str, rate: float, factor: float, as_of: dt.date, per: Period
    ) -> None:
        """Each run's count never falls: every percentile, the mean and the chance.

        Above a mean of 400 counts were drawn by rejection, which a higher
        mean could end lower; above 10,000 a quarter they are drawn from
        the normal quantile corrected for skewness, still never lower.
        """
        plan = build_plan("30", per=per)
        low, high = (
            project(
                plan,
                [],
                as_of=as_of,
                assumptions=Assumptions(rates={"m": Poisson(r)}),
                runs=100,
                seed=seed,
                percentiles=EVERY,
            ).goal("goal")
            for r in (rate, rate * factor)
        )

        for before, after in zip(low.windows, high.windows, strict=True):
            assert _at_least_as_high(before, after)
        assert (low.probability or 0) <= (high.probability or 0)

    @given(
        seed=SEEDS,
        rate=st.floats(0, 60),
        budget=st.sampled_from(["0", "0.5", "1.001", "1.5", "4"]),
        more=st.sampled_from(["1.001", "1.5", "4"]),
        effect=st.sampled_from(
            [Fixed(1), Triangular(0, 0.5, 2), Pert(0.1, 0.25, 0.4), Fixed(0)]
        ),
        as_of=DAYS,
    )
    def test_more_funding_ends_no_window_lower(
        self,
        seed: int | str,
        rate: float,
        budget: str,
        more: str,
        effect: Fixed | Triangular | Pert,
        as_of: dt.date,
    ) -> None:
        """Funding under a driver whose k is never negative: cut or raised, in order."""
        plan = build_plan("30", mdf="10000")
        driver = Driver(contribution="funds", metric="m", per_thousand=effect)
        base = Scenario(
            name="base",
            agreement=plan,
            assumptions=Assumptions(rates={"m": Poisson(rate)}, drivers=(driver,)),
        )
        less = base.variant("less", scale_allocation(plan, "mdf-budget", budget))
        lesser = less.agreement.allocations[0].amount.amount
        most = base.variant(
            "more", scale_allocation(less.agreement, "mdf-budget", more)
        )

        projections = [
            scenario.project([], as_of=as_of, runs=100, seed=seed, percentiles=EVERY)
            for scenario in (less, most)
        ]

        assert lesser <= most.agreement.allocations[0].amount.amount
        low, high = (p.goal("goal") for p in projections)
        for before, after in zip(low.windows, high.windows, strict=True):
            assert _at_least_as_high(before, after)

    def test_the_it_case_more_mdf_lowers_no_quarter(
        self, it_case: tuple[Agreement, tuple[Observation, ...]]
    ) -> None:
        """EUR 30 more a quarter: FY2027-Q4 lost registrations in some runs."""
        agreement, log = it_case
        mdf = Driver(
            contribution="acme-mdf",
            metric="cosell-opps",
            per_thousand=Triangular(0.1, 0.25, 0.4),
        )
        signed = Scenario(
            name="as signed",
            agreement=agreement,
            assumptions=Assumptions(drivers=(mdf,)),
        )
        more = signed.variant(
            "MDF +0.1 %", scale_allocation(agreement, "acme-mdf-budget", "1.001")
        )

        result = compare(
            signed,
            more,
            observations=log,
            as_of=dt.date(2026, 7, 31),
            runs=2000,
            percentiles=EVERY,
        )

        low, high = (
            result.projections[name].goal("co-sell-opportunities")
            for name in ("as signed", "MDF +0.1 %")
        )
        for before, after in zip(low.windows, high.windows, strict=True):
            assert _at_least_as_high(before, after)

    def test_the_it_case_pledge_on_the_same_metric(
        self, it_case: tuple[Agreement, tuple[Observation, ...]]
    ) -> None:
        """A monthly pledge of Acme's left the co-selling goal's row at 0.1079 -> 0.1104."""
        agreement, log = it_case
        monthly = Contribution(
            id="acme-monthly-regs",
            party="acme",
            title="Eight registrations a month",
            kind=ContributionKind.DEAL_REGISTRATION,
            supports=("co-sell-opportunities",),
            target=Target(
                metric="cosell-opps",
                value=Decimal(8),
                direction=Direction.AT_LEAST,
                per=Period.MONTH,
            ),
        )
        plain = Scenario(name="as signed", agreement=agreement)
        pledge = plain.variant("pledge", add_contribution(agreement, monthly))

        result = compare(
            plain, pledge, observations=log, as_of=dt.date(2026, 7, 31), runs=2000
        )

        for goal in agreement.goals:
            assert _row_alike(result.row("as signed", goal.id)) == _row_alike(
                result.row("pledge", goal.id)
            )
