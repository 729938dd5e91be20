"""`project` against answers known in closed form.

A Monte Carlo share of n runs has the standard error sqrt(p (1 - p) / n),
at most 0.005 for n = 10,000; the tolerances below are four of them
(0.02) unless a test says otherwise, so that a correct sampler fails
about once in 15,000 runs of the suite, and a wrong one (a rate off by
10 %) fails every time.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit import (
    Aggregation,
    Agreement,
    Contribution,
    ContributionKind,
    Direction,
    InvalidObservationsError,
    Observation,
    Period,
    Standing,
    Target,
    WindowResult,
    evaluate,
    load_observations,
    loads,
)
from mutualcommit.kpi import evaluate_incentive
from mutualcommit.scenarios import (
    Assumptions,
    Driver,
    Fixed,
    Pert,
    Poisson,
    Scenario,
    Source,
    Triangular,
    _project,
    add_contribution,
    compare,
    project,
    scale_allocation,
)
from mutualcommit.scenarios._sampling import poisson_quantile, poisson_quantiles

from .conftest import build_events, build_plan, colon_ids

Plan = Callable[..., Agreement]
Events = Callable[..., list[Observation]]

END = dt.date(2026, 12, 31)
Q1_END = dt.date(2026, 3, 31)
TOLERANCE = 0.02
#: A day in each of the quarters after the first.
QUARTER_DAYS = (dt.date(2026, 5, 1), dt.date(2026, 8, 1), dt.date(2026, 11, 1))


def poisson_tail(mean: float, at_least: int) -> float:
    """P(N >= at_least) for N ~ Poisson(mean), summed in logs."""
    below = sum(
        math.exp(k * math.log(mean) - mean - math.lgamma(k + 1))
        for k in range(at_least)
    )
    return 1 - below


def rates(**given: Fixed | Poisson | Triangular | Pert) -> Assumptions:
    """Assume the given rates, by metric id."""
    return Assumptions(rates=given)


class TestPoissonCounts:
    """A Poisson rate well above or below the target meets it almost surely or almost never."""

    def test_rate_well_above_target(self, plan: Plan) -> None:
        """Poisson(60) a quarter against 30: P(N >= 30) is 1 - 3e-5, so at least 0.999."""
        projection = project(
            plan("30"), [], as_of=Q1_END, assumptions=rates(m=Poisson(60))
        )

        q2 = projection.goal("goal").window("FY2026-Q2")
        assert q2.probability >= 0.999
        assert not q2.closed

    def test_rate_well_below_target(self, plan: Plan) -> None:
        """Poisson(10) a quarter against 30: P(N >= 30) is 7e-7, so at most 0.001."""
        projection = project(
            plan("30"), [], as_of=Q1_END, assumptions=rates(m=Poisson(10))
        )

        assert projection.goal("goal").window("FY2026-Q2").probability <= 0.001

    def test_rate_at_target(self, plan: Plan) -> None:
        """Poisson(30) against 30 meets it with P(N >= 30) = 0.524, within 0.02."""
        projection = project(
            plan("30"), [], as_of=Q1_END, assumptions=rates(m=Poisson(30))
        )

        window = projection.goal("goal").window("FY2026-Q3")
        assert window.probability == pytest.approx(poisson_tail(30, 30), abs=TOLERANCE)
        assert window.mean == pytest.approx(30, abs=0.25)  # 5 standard errors

    def test_large_mean(self, plan: Plan) -> None:
        """Poisson(1000), summed from far below its mean, has the right tail and mean."""
        projection = project(
            plan("1000"), [], as_of=Q1_END, assumptions=rates(m=Poisson(1000))
        )

        window = projection.goal("goal").window("FY2026-Q2")
        assert window.probability == pytest.approx(
            poisson_tail(1000, 1000), abs=TOLERANCE
        )
        assert window.mean == pytest.approx(1000, abs=1.6)  # 5 standard errors
        assert window.percentiles[50] == pytest.approx(1000, abs=2)

    def test_above_the_exact_range(self, plan: Plan) -> None:
        """Poisson(40,000), from the corrected normal quantile, has its mean and spread."""
        projection = project(
            plan("40000"),
            [],
            as_of=Q1_END,
            assumptions=rates(m=Poisson(40_000)),
            percentiles=(16, 50, 84),
        )

        window = projection.goal("goal").window("FY2026-Q2")
        assert window.mean == pytest.approx(40_000, abs=10)  # 5 standard errors
        assert window.percentiles[50] == pytest.approx(40_000, abs=5)
        spread = (window.percentiles[84] - window.percentiles[16]) / 2
        assert spread == pytest.approx(200, rel=0.05)
        assert window.probability == pytest.approx(
            poisson_tail(40_000, 40_000), abs=TOLERANCE
        )

    @given(
        u=st.one_of(
            st.floats(0, 1, exclude_max=True),
            st.sampled_from([0.0, 1 - 2**-53, 1 - 2**-36, 0.5]),
        ),
        means=st.lists(
            st.one_of(
                st.floats(0, 500),
                st.floats(9_000, 11_000),
                st.sampled_from([400.0, 10_000.0]),
                st.floats(0, 1e9),
            ),
            min_size=2,
            max_size=2,
        ),
    )
    def test_a_higher_mean_never_draws_a_lower_count(
        self, u: float, means: list[float]
    ) -> None:
        """One uniform draw, two means: the count of the higher is no lower.

        Across the summed and the approximated ranges too; one draw counted
        alone or in a column of one mean is the same count.
        """
        low, high = sorted(means)

        assert poisson_quantile(u, low) <= poisson_quantile(u, high)
        for mean in (low, high):
            assert [poisson_quantile(u, mean)] == poisson_quantiles([u], mean)

    def test_closed_window_is_history(self, plan: Plan, events: Events) -> None:
        """A closed window keeps its actual and scores 1 when met, 0 when missed."""
        log = events("m", dt.date(2026, 1, 1), dt.date(2026, 1, 31))
        projection = project(
            plan("30"), log, as_of=Q1_END, assumptions=rates(m=Poisson(60))
        )

        q1 = projection.goal("goal").window("FY2026-Q1")
        assert (True, 31.0, 1.0) == (q1.closed, q1.actual, q1.probability)
        assert {31.0} == set(q1.percentiles.values())


class TestDeterministic:
    """Fixed rates make a projection exact: probabilities are exactly 0 or 1."""

    def test_exactly_met(self, plan: Plan) -> None:
        """Fixed(30) a quarter meets a target of 30 in every run."""
        projection = project(
            plan("30"), [], as_of=Q1_END, assumptions=rates(m=Fixed(30))
        )

        goal = projection.goal("goal")
        assert [1.0, 1.0, 1.0] == [w.probability for w in goal.windows[1:]]
        assert 1.0 == goal.probability
        assert 30.0 == goal.window("FY2026-Q4").mean

    def test_exactly_missed(self, plan: Plan) -> None:
        """Fixed(29.99) a quarter misses a target of 30 in every run."""
        projection = project(
            plan("30"), [], as_of=Q1_END, assumptions=rates(m=Fixed(29.99))
        )

        assert 0.0 == projection.goal("goal").window("FY2026-Q2").probability
        assert 0.0 == projection.goal("goal").probability

    def test_open_window_adds_the_rest(self, plan: Plan, events: Events) -> None:
        """Half-way through a 90-day quarter with 10, Fixed(20) adds 10 more."""
        as_of = dt.date(2026, 2, 14)  # day 45 of 90
        log = events("m", dt.date(2026, 1, 1), as_of, step=4)[:10]
        projection = project(
            plan("20"), log, as_of=as_of, assumptions=rates(m=Fixed(20))
        )

        q1 = projection.goal("goal").window("FY2026-Q1")
        assert (10.0, 20.0, 1.0) == (q1.actual, q1.mean, q1.probability)
        assert 1.0 == q1.attainment

    @pytest.mark.parametrize(
        ("direction", "booked", "rate", "total"),
        [
            (Direction.AT_LEAST, "100", "50.05", "250.15"),
            (Direction.AT_MOST, "90", "4.07", "102.21"),
        ],
    )
    def test_landing_exactly_on_the_target_meets_it(
        self, plan: Plan, direction: Direction, booked: str, rate: str, total: str
    ) -> None:
        """100 EUR booked and 50.05 a quarter for three quarters meet 250.15 a year.

        In floats 100 + 3 x 50.05 is 250.14999999999998, so the window
        was met in no run, though the plan lands on its target exactly; at
        most 102.21 missed 90 + 3 x 4.07, 102.21000000000001, alike.
        """
        agreement = plan(
            total, aggregation=Aggregation.SUM, per=Period.YEAR, direction=direction
        )
        log = [Observation("m", dt.date(2026, 2, 1), Decimal(booked))]

        projection = project(
            agreement,
            log,
            as_of=Q1_END,
            runs=10,
            assumptions=rates(m=Fixed(Decimal(rate))),
        )

        year = projection.goal("goal").window("FY2026")
        assert year.mean == pytest.approx(float(total), rel=1e-15)
        assert 1.0 == year.probability == projection.goal("goal").probability

    def test_at_most(self, plan: Plan) -> None:
        """An AT_MOST flow target is met when the final actual stays at or below it."""
        below = project(
            plan("30", direction=Direction.AT_MOST),
            [],
            as_of=Q1_END,
            assumptions=rates(m=Fixed(30)),
        )
        above = project(
            plan("30", direction=Direction.AT_MOST),
            [],
            as_of=Q1_END,
            assumptions=rates(m=Fixed(31)),
        )

        assert 1.0 == below.goal("goal").window("FY2026-Q2").probability
        assert 0.0 == above.goal("goal").window("FY2026-Q2").probability


class TestAmounts:
    """Triangular and PERT rates are drawn once per run, with their own shape."""

    def test_triangular_median(self, plan: Plan) -> None:
        """A symmetric triangle around the target meets it half the time."""
        projection = project(
            plan("100", aggregation=Aggregation.SUM),
            [],
            as_of=Q1_END,
            assumptions=rates(m=Triangular(0, 100, 200)),
        )

        window = projection.goal("goal").window("FY2026-Q2")
        assert window.probability == pytest.approx(0.5, abs=TOLERANCE)
        assert window.mean == pytest.approx(100, abs=2)  # 5 standard errors
        assert 0 <= window.percentiles[5] <= window.percentiles[95] <= 200

    def test_pert_mean(self, plan: Plan) -> None:
        """PERT(0, 50, 200) has the mean (0 + 4 * 50 + 200) / 6."""
        projection = project(
            plan("100", aggregation=Aggregation.SUM),
            [],
            as_of=Q1_END,
            assumptions=rates(m=Pert(0, 50, 200)),
        )

        window = projection.goal("goal").window("FY2026-Q2")
        assert window.mean == pytest.approx(400 / 6, abs=1.5)

    def test_one_draw_holds_for_the_term(self, plan: Plan) -> None:
        """A drawn rate holds for the rest of the term: every quarter is met together."""
        projection = project(
            plan("100", aggregation=Aggregation.SUM),
            [],
            as_of=Q1_END,
            assumptions=rates(m=Triangular(0, 100, 200)),
        )

        goal = projection.goal("goal")
        q2 = goal.window("FY2026-Q2")
        assert q2.probability == goal.probability
        assert q2.percentiles == goal.window("FY2026-Q4").percentiles


class TestShares:
    """A filtered target gets the share of a given rate its filter had."""

    def test_given_rate_times_observed_share(self, plan: Plan, events: Events) -> None:
        """Three quarters of the history were Globex's: its pledge gets 30 of Fixed(40)."""
        log = [
            *events("m", dt.date(2026, 1, 1), Q1_END, step=3),  # 30 by globex
            *events("m", dt.date(2026, 1, 2), Q1_END, step=9, party="acme"),  # 10
        ]
        projection = project(
            plan("40"), log, as_of=Q1_END, assumptions=rates(m=Fixed(40))
        )

        assert 40.0 == projection.goal("goal").window("FY2026-Q2").mean
        assert 30.0 == projection.contribution("pledge").window("FY2026-Q2").mean
        shares = {tuple(b.where.items()): b.share for b in projection.basis}
        assert {(): 1.0, (("party", "globex"),): 0.75} == shares


class TestObservedRates:
    """Without a given rate, a metric runs at its observed rate."""

    def test_count_runs_at_its_poisson_rate(self, plan: Plan, events: Events) -> None:
        """30 events over the 90 days of Q1 give Poisson(30) a quarter."""
        log = events("m", dt.date(2026, 1, 1), Q1_END, step=3)
        projection = project(plan("30"), log, as_of=Q1_END)

        basis = next(b for b in projection.basis if not b.where)
        assert (Poisson(30.0), Source.OBSERVED) == (basis.rate, basis.source)
        assert dt.date(2026, 1, 1) == basis.since

    def test_lookback(self, plan: Plan, events: Events) -> None:
        """A 45-day lookback counts only its own days: 15 events in half a quarter."""
        log = events("m", dt.date(2026, 1, 1), Q1_END, step=3)
        projection = project(
            plan("30"), log, as_of=Q1_END, assumptions=Assumptions(lookback_days=45)
        )

        basis = next(b for b in projection.basis if not b.where)
        assert dt.date(2026, 2, 15) == basis.since
        assert isinstance(basis.rate, Poisson)
        assert basis.rate.rate == pytest.approx(30.0)

    @given(days=st.one_of(st.integers(90, 10**6), st.just(10**100)))
    def test_a_lookback_longer_than_the_history_reads_all_of_it(
        self, days: int
    ) -> None:
        """Any lookback from the history's 90 days up starts at the first record.

        A lookback reaching before the calendar's first day
        (``lookback_days=1_000_000``) raised OverflowError.
        """
        log = build_events("m", dt.date(2026, 1, 1), Q1_END, step=3)
        projection = project(
            build_plan("30"),
            log,
            as_of=Q1_END,
            runs=10,
            assumptions=Assumptions(lookback_days=days),
        )

        basis = next(b for b in projection.basis if not b.where)
        assert (dt.date(2026, 1, 1), Poisson(30.0)) == (basis.since, basis.rate)

    @given(
        day=st.dates(dt.date(2025, 6, 1), dt.date(2026, 1, 31)),
        redated=st.booleans(),
    )
    def test_history_starts_at_the_resolved_logs_first_record(
        self, day: dt.date, redated: bool
    ) -> None:
        """A record retracted, or corrected to another day, dates no history.

        Its raw date started the lookback months early and diluted the rate:
        the logs evaluate alike, so they project alike.
        """
        clean = [
            Observation(
                "m", dt.date(2026, 2, 1) + dt.timedelta(days=i), Decimal(1), ref=f"R{i}"
            )
            for i in range(0, 59, 2)
        ]
        if redated:
            # R0 first sent with a wrong day, then as it is in the clean log.
            log = [Observation("m", day, Decimal(1), ref="R0"), *clean]
        else:
            # Keyed in by mistake, then retracted: void all along.
            log = [
                Observation("m", day, Decimal(5), ref="TYPO"),
                *clean,
                Observation("m", day, None, ref="TYPO"),
            ]
        agreement = build_plan("30")

        assert evaluate(agreement, clean, as_of=Q1_END) == evaluate(
            agreement, log, as_of=Q1_END
        )
        projected = project(agreement, log, as_of=Q1_END, runs=50)
        assert project(agreement, clean, as_of=Q1_END, runs=50) == projected
        basis = next(b for b in projected.basis if not b.where)
        assert dt.date(2026, 2, 1) == basis.since

    def test_no_history_adds_nothing(self, plan: Plan) -> None:
        """A metric never observed and given no rate stays where it is."""
        projection = project(plan("30"), [], as_of=Q1_END)

        window = projection.goal("goal").window("FY2026-Q2")
        assert (0.0, 0.0) == (window.mean, window.probability)
        assert {Source.NONE} == {b.source for b in projection.basis}


class TestDrivers:
    """Money spent on a contribution adds to a metric, beyond the baseline's."""

    def test_extra_funding(self, plan: Plan) -> None:
        """Doubling 10,000 a quarter at 1 per 1,000 adds 10 a quarter."""
        base = plan("30")
        doubled = scale_allocation(base, "mdf-budget", 2)
        assumptions = Assumptions(
            rates={"m": Fixed(20)},
            drivers=(Driver(contribution="funds", metric="m", per_thousand=Fixed(1)),),
        )

        more = project(
            doubled, [], as_of=Q1_END, assumptions=assumptions, baseline=base
        )
        same = project(base, [], as_of=Q1_END, assumptions=assumptions, baseline=base)
        whole = project(doubled, [], as_of=Q1_END, assumptions=assumptions)

        assert 30.0 == more.goal("goal").window("FY2026-Q2").mean
        assert 20.0 == same.goal("goal").window("FY2026-Q2").mean
        assert 40.0 == whole.goal("goal").window("FY2026-Q2").mean

    def test_uncertain_effect_on_counts(self, plan: Plan) -> None:
        """Poisson(20) plus 10,000 at Triangular(0, 1, 2) per 1,000 has the mean 30."""
        assumptions = Assumptions(
            rates={"m": Poisson(20)},
            drivers=(
                Driver(
                    contribution="funds", metric="m", per_thousand=Triangular(0, 1, 2)
                ),
            ),
        )
        projection = project(plan("30"), [], as_of=Q1_END, assumptions=assumptions)

        # The standard deviation is sqrt(20 + 10 + 100 / 6) = 6.8: 5 errors 0.35.
        assert projection.goal("goal").window("FY2026-Q2").mean == pytest.approx(
            30, abs=0.35
        )

    def test_cut_funding_lowers_the_rate(self, plan: Plan) -> None:
        """Halving 20,000 a quarter at 1 per 1,000 takes Poisson(20) down to 10."""
        base = plan("30", mdf="20000")
        halved = scale_allocation(base, "mdf-budget", "0.5")
        assumptions = Assumptions(
            rates={"m": Poisson(20)},
            drivers=(Driver(contribution="funds", metric="m", per_thousand=Fixed(1)),),
        )
        projection = project(
            halved, [], as_of=Q1_END, assumptions=assumptions, baseline=base
        )

        window = projection.goal("goal").window("FY2026-Q2")
        assert window.mean == pytest.approx(10, abs=0.16)
        assert window.probability == pytest.approx(poisson_tail(10, 30), abs=0.001)


class TestLevels:
    """Levels carry on from their reading: LAST by a drift, MEAN by a level."""

    def test_last_drifts(self, plan: Plan) -> None:
        """Six reps at the end of Q1 and two more a quarter make twelve by December."""
        agreement = plan(
            "12", aggregation=Aggregation.LAST, per=Period.TERM, baseline="4"
        )
        log = [Observation("m", dt.date(2026, 3, 20), Decimal(6))]
        projection = project(
            agreement, log, as_of=Q1_END, assumptions=rates(m=Fixed(2))
        )

        term = projection.goal("goal").window("term")
        assert (6.0, 12.0, 1.0) == (term.actual, term.mean, term.probability)

    def test_mean_of_the_rest(self, plan: Plan) -> None:
        """A mean of 4 over 45 of 91 days, then readings of 2.5, ends at 3.24."""
        agreement = plan("3", aggregation=Aggregation.MEAN, direction=Direction.AT_MOST)
        as_of = dt.date(2026, 5, 15)  # day 45 of Q2 (91 days)
        log = [Observation("m", dt.date(2026, 4, 10), Decimal(4))]
        projection = project(
            agreement, log, as_of=as_of, assumptions=rates(m=Fixed(2.5))
        )

        goal = projection.goal("goal")
        q2 = goal.window("FY2026-Q2")
        assert q2.mean == pytest.approx((4 * 45 + 2.5 * 46) / 91)
        assert 0.0 == q2.probability
        assert 1.0 == goal.window("FY2026-Q3").probability

    def test_a_level_never_below_0_is_not_drawn_below_0(self, plan: Plan) -> None:
        """Approval days of 9 and 1 month by month: the observed level's triangle starts at 0, not -1.

        It was drawn below 0: runs with a negative mean counted as met by the
        goal and reached no tier of its incentive, so the two views of one
        window disagreed.
        """
        agreement = plan("3", aggregation=Aggregation.MEAN, direction=Direction.AT_MOST)
        log = [
            Observation("m", dt.date(2026, month, 15), Decimal(9 if month % 2 else 1))
            for month in range(1, 7)
        ]
        as_of = dt.date(2026, 6, 30)

        projection = project(agreement, log, as_of=as_of, runs=300, seed=0)

        basis = next(b for b in projection.basis if not b.where)
        assert isinstance(basis.rate, Triangular)
        assert (0.0, Source.OBSERVED) == (basis.rate.low, basis.source)
        q3 = projection.goal("goal").window("FY2026-Q3")
        assert min(q3.percentiles.values()) >= 0.0

    def test_no_reading_no_rate(self, plan: Plan) -> None:
        """A level with no reading and no rate has no final actual and is not met."""
        agreement = plan("3", aggregation=Aggregation.MEAN, direction=Direction.AT_MOST)
        projection = project(agreement, [], as_of=Q1_END)

        q2 = projection.goal("goal").window("FY2026-Q2")
        assert (None, {}, 0.0, None) == (
            q2.mean,
            dict(q2.percentiles),
            q2.probability,
            q2.attainment,
        )


@pytest.fixture(scope="module")
def case() -> tuple[Agreement, tuple[Observation, ...]]:
    """The shipped manufacturer example: its agreement and observations."""
    folder = Path(__file__).resolve().parents[2] / "examples" / "manufacturer"
    return (
        loads((folder / "agreement.json").read_text(encoding="utf-8")),
        tuple(
            load_observations(
                (folder / "observations.jsonl").read_text(encoding="utf-8")
            )
        ),
    )


class TestComputedMeasures:
    """A ratio, OTIF, lead time and the forecast measures are levels, and have a history.

    The manufacturer example on 15 August 2026, day 46 of the 92 of
    FY2026-Q2, when Bolt's fill rate stands at 115.37 % for the quarter.
    """

    AS_OF = dt.date(2026, 8, 15)

    def test_a_rate_is_the_level_of_the_rest(
        self, case: tuple[Agreement, tuple[Observation, ...]]
    ) -> None:
        """A fill rate of 95 for the rest of the term: 95 in the quarters to come.

        The quarter under way blends what it stands at with 95, by days, as
        a mean does. The rate was added like a flow's, once per period left:
        the quarter came out at 163 %.
        """
        agreement, log = case
        projection = project(
            agreement,
            log,
            as_of=self.AS_OF,
            runs=50,
            assumptions=Assumptions(rates={"fill-rate": Fixed(95)}),
        )

        windows = projection.contribution("bolt-fill-rate").windows
        now = windows[1]
        assert now.actual is not None
        assert "FY2026-Q2" == now.label
        assert pytest.approx((now.actual * 46 + 95 * 46) / 92) == now.mean
        assert [95.0, 95.0] == [window.mean for window in windows[2:]]

    def test_observed_from_the_records_it_is_computed_from(
        self, case: tuple[Agreement, tuple[Observation, ...]]
    ) -> None:
        """Without a rate, the measure's own history gives one, with a spread.

        It had none (its id is on no record), so the quarter under way
        stayed at today's value in every run, met for sure, and each later
        quarter had no value at all.
        """
        agreement, log = case
        projection = project(agreement, log, as_of=self.AS_OF, runs=200)

        basis = {b.metric: b for b in projection.basis}
        first = {
            metric: min(o.at for o in log if o.metric == metric)
            for metric in ("units-ordered", "units-shipped")
        }
        assert (Source.OBSERVED, isinstance(basis["fill-rate"].rate, Triangular)) == (
            basis["fill-rate"].source,
            True,
        )
        assert {"fill-rate", "otif", "delivery-lead-time", "forecast-accuracy"} <= {
            b.metric for b in projection.basis if b.source is Source.OBSERVED
        }
        now, *later = projection.contribution("bolt-fill-rate").windows[1:]
        assert now.percentiles[5] < now.percentiles[95]
        assert all(window.mean is not None for window in later)
        lookback = Assumptions().lookback_days
        assert basis["fill-rate"].since == max(
            *first.values(), self.AS_OF - dt.timedelta(days=lookback - 1)
        )

    def test_a_share_stays_a_share(
        self, case: tuple[Agreement, tuple[Observation, ...]]
    ) -> None:
        """OTIF drawn from 90 to 110 % ends no window above 100 %."""
        agreement, log = case
        projection = project(
            agreement,
            log,
            as_of=self.AS_OF,
            runs=200,
            assumptions=Assumptions(rates={"otif": Triangular(90, 100, 110)}),
        )

        later = projection.contribution("bolt-otif").windows[2:]
        assert [100.0] * len(later) == [window.percentiles[95] for window in later]
        assert all(window.mean is not None and window.mean < 100 for window in later)

    def test_a_status_incentive_ends_the_term_in_its_records(
        self, case: tuple[Agreement, tuple[Observation, ...]]
    ) -> None:
        """The share of runs ending in each status is in the total record and the summary.

        The total record held None for every field, and the notebook's
        incentive row a dash in every cell.
        """
        agreement, log = case
        projection = project(agreement, log, as_of=self.AS_OF, runs=100)
        statuses = projection.incentive("distributor-status").statuses
        tiers = agreement.incentive("distributor-status").tiers

        total = next(
            record
            for record in projection.to_records("incentives")
            if record["incentive"] == "distributor-status"
            and record["window"] == "total"
        )

        assert statuses
        assert (
            tuple(statuses.get(tier.status or "", 0.0) for tier in tiers)
            == (total["tiers"])
        )
        assert pytest.approx(1.0 - sum(statuses.values()), abs=1e-9) == total["none"]
        best = max(statuses, key=statuses.__getitem__)
        assert f"| {best} " in projection._repr_markdown_()

    def test_a_driver_moves_no_computed_measure(
        self, case: tuple[Agreement, tuple[Observation, ...]]
    ) -> None:
        """Money moves flows and LAST levels: a driver of a ratio is refused."""
        agreement, log = case
        driver = Driver(
            contribution="bolt-training", metric="fill-rate", per_thousand=Fixed(1)
        )

        with pytest.raises(ValueError, match=r"metric 'fill-rate' aggregates by ratio"):
            project(
                agreement,
                log,
                as_of=self.AS_OF,
                runs=10,
                assumptions=Assumptions(drivers=(driver,)),
            )


class TestSeeds:
    """A seed reproduces a projection; another seed draws other futures."""

    def test_same_seed_same_projection(self, plan: Plan) -> None:
        """Two projections with seed 7 are equal."""
        assumptions = rates(m=Poisson(30))

        first = project(plan(), [], as_of=Q1_END, assumptions=assumptions, seed=7)
        second = project(plan(), [], as_of=Q1_END, assumptions=assumptions, seed=7)

        assert first == second

    def test_other_seed_other_draws(self, plan: Plan) -> None:
        """Seeds 7 and 8 give different means."""
        assumptions = rates(m=Poisson(30))

        first = project(plan(), [], as_of=Q1_END, assumptions=assumptions, seed=7)
        second = project(plan(), [], as_of=Q1_END, assumptions=assumptions, seed="8")

        assert first.goal("goal").windows != second.goal("goal").windows

    def test_unchanged_metrics_draw_alike(
        self, it_case: tuple[Agreement, tuple[Observation, ...]]
    ) -> None:
        """Changing one metric's rate leaves every other metric's draws as they were."""
        agreement, log = it_case
        as_of = dt.date(2026, 7, 31)

        base = project(agreement, log, as_of=as_of, runs=500)
        other = project(
            agreement,
            log,
            as_of=as_of,
            runs=500,
            assumptions=rates(**{"tcm-campaigns": Poisson(5)}),
        )

        assert base.goal("co-sell-opportunities") == other.goal("co-sell-opportunities")
        assert base.contribution("globex-tcm") != other.contribution("globex-tcm")

    def test_filters_that_read_alike_draw_apart(self, plan: Plan) -> None:
        """party=globex, region=nordics and party="globex&region=nordics" draw their own.

        Both filters were written ``party=globex&region=nordics`` in the
        seeds, so their pledges drew the same counts in every run.
        """
        agreement = plan("12")
        wheres = (
            {"party": "globex", "region": "nordics"},
            {"party": "globex&region=nordics"},
            {"party": "globex%26region%3Dnordics"},
        )
        for i, where in enumerate(wheres):
            pledge = Contribution(
                id=f"pledge-{i}",
                party="globex",
                title="A filtered pledge",
                kind=ContributionKind.CO_SELLING,
                supports=("goal",),
                target=Target(
                    metric="m",
                    value=Decimal(5),
                    direction=Direction.AT_LEAST,
                    per=Period.QUARTER,
                    where=where,
                ),
            )
            agreement = add_contribution(agreement, pledge)

        projection = project(
            agreement, [], as_of=Q1_END, runs=200, assumptions=rates(m=Poisson(6))
        )

        drawn = [projection.contribution(f"pledge-{i}").windows for i in range(3)]
        assert len({tuple(w) for w in drawn}) == 3


class TestIncentives:
    """An incentive pays by the rules kpi applies, window by window, within its cap."""

    def test_deterministic_payouts_match_evaluation(
        self, plan: Plan, events: Events
    ) -> None:
        """Fixed rates pay what kpi's evaluation pays once those futures happen."""
        agreement = plan("30", incentive=True)
        past = [
            *events("m", dt.date(2026, 1, 1), dt.date(2026, 1, 30)),
            *events(
                "revenue", dt.date(2026, 2, 1), dt.date(2026, 2, 1), value="100000"
            ),
        ]
        projection = project(
            agreement,
            past,
            as_of=Q1_END,
            assumptions=rates(m=Fixed(36), revenue=Fixed(150000)),
        )
        # The futures those rates draw, as observations: kpi evaluates them.
        future = [
            *past,
            *(
                observation
                for start in (
                    dt.date(2026, 4, 1),
                    dt.date(2026, 7, 1),
                    dt.date(2026, 10, 1),
                )
                for observation in (
                    *events("m", start, start + dt.timedelta(days=35)),
                    *events("revenue", start, start, value="150000"),
                )
            ),
        ]
        earned = evaluate(agreement, future, as_of=END).incentive("rebate")

        rebate = projection.incentive("rebate")
        assert [2000.0, 4500.0, 3500.0, 0.0] == [w.mean for w in rebate.windows]
        assert [float(w.payout or 0) for w in earned.windows] == [
            w.mean for w in rebate.windows
        ]
        assert float(earned.earned or 0) == rebate.mean == 10000.0
        assert [(1.0, 0.0), (0.0, 1.0)] == [w.tiers for w in rebate.windows[:2]]

    def test_an_attainment_exactly_on_a_threshold_reaches_its_tier(
        self, plan: Plan
    ) -> None:
        """A year that lands exactly on its target reaches the tier of attainment 1.

        Its float attainment, 0.9999999999999998, reached no tier, though
        evaluate_incentive pays the tier once those futures happen.
        """
        agreement = plan(
            "250.15", aggregation=Aggregation.SUM, per=Period.YEAR, incentive=True
        )
        log = [Observation("m", dt.date(2026, 2, 1), Decimal(100))]

        projection = project(
            agreement,
            log,
            as_of=Q1_END,
            runs=10,
            assumptions=rates(m=Fixed(Decimal("50.05")), revenue=Fixed(1000)),
        )
        future = [
            *log,
            *(Observation("m", day, Decimal("50.05")) for day in QUARTER_DAYS),
            *(Observation("revenue", day, Decimal(1000)) for day in QUARTER_DAYS),
        ]
        earned = evaluate(agreement, future, as_of=END).incentive("rebate")

        rebate = projection.incentive("rebate").window("FY2026")
        assert (0, (1.0, 0.0)) == (earned.windows[0].tier, rebate.tiers)
        assert float(earned.windows[0].payout or 0) == rebate.mean == 60.0

    def test_at_most_below_zero_reaches_the_top_tier(self, plan: Plan) -> None:
        """A level drawn at -1 against at most 3: met in every run, and the top tier in every run.

        The goal counted such runs met while the incentive reached no tier
        (3 / -1 is below every threshold), as evaluate_incentive also did.
        """
        agreement = plan(
            "3",
            aggregation=Aggregation.MEAN,
            direction=Direction.AT_MOST,
            incentive=True,
        )

        projection = project(
            agreement,
            [],
            as_of=Q1_END,
            assumptions=rates(m=Fixed(-1), revenue=Fixed(1000)),
            runs=1,
        )

        q2 = projection.goal("goal").window("FY2026-Q2")
        rebate = projection.incentive("rebate").window("FY2026-Q2")
        assert (1.0, (0.0, 1.0)) == (q2.probability, rebate.tiers)

    @pytest.mark.parametrize(
        ("direction", "margin", "probability", "attainment", "tier"),
        [
            # A loss of 7 000 against at most 5 000: missed, 71 %, no tier.
            (Direction.AT_LEAST, -7000, 0.0, 5000 / 7000, None),
            # A loss of 4 500: met at 111 %, the first tier.
            (Direction.AT_LEAST, -4500, 1.0, 5000 / 4500, 0),
            # A loss of 4 000: met at 125 %, the second tier.
            (Direction.AT_LEAST, -4000, 1.0, 1.25, 1),
            # A profit: no loss at all, the best result, the top tier.
            (Direction.AT_LEAST, 100, 1.0, None, 1),
            # The mirror, at most -5 000 (a cut of at least 5 000): -7 000 is
            # met at 140 %, -4 000 missed at 80 %.
            (Direction.AT_MOST, -7000, 1.0, 1.4, 1),
            (Direction.AT_MOST, -4000, 0.0, 0.8, None),
        ],
    )
    def test_a_loss_limit_as_evaluate_has_it(
        self,
        plan: Plan,
        direction: Direction,
        margin: int,
        probability: float,
        attainment: float | None,
        tier: int | None,
    ) -> None:
        """A net margin of at least -5 000 a quarter, drawn at *margin*: met, attainment and tier as kpi evaluates that future.

        Its runs read final / target: a loss of 7 000 was 140 %, paying the
        top tier for a missed quarter, and one of 4 000 was 80 %, paying
        nothing for a met one. At most -5 000 read target / final, the
        other way round.
        """
        agreement = plan(
            "-5000", aggregation=Aggregation.SUM, direction=direction, incentive=True
        )

        projection = project(
            agreement,
            [],
            as_of=Q1_END,
            assumptions=rates(m=Fixed(margin), revenue=Fixed(1000)),
            runs=1,
        )
        future = [
            Observation("m", dt.date(2026, 5, 4), Decimal(margin)),
            Observation("revenue", dt.date(2026, 5, 4), Decimal(1000)),
        ]
        card = evaluate(agreement, future, as_of=dt.date(2026, 7, 1))

        q2 = projection.goal("goal").window("FY2026-Q2")
        tiers = projection.incentive("rebate").window("FY2026-Q2").tiers
        earned = card.incentive("rebate").window("FY2026-Q2")
        met = card.goal("goal").window("FY2026-Q2").standing is Standing.MET
        assert (probability, float(met)) == (q2.probability, probability)
        assert q2.attainment == (
            None if attainment is None else pytest.approx(attainment)
        )
        assert tier == (tiers.index(1.0) if 1.0 in tiers else None) == earned.tier

    def test_tier_rules_match_evaluate_incentive(self, plan: Plan) -> None:
        """Attainments on and off the thresholds reach the tiers evaluate_incentive gives."""
        agreement = plan("30", incentive=True)
        incentive = agreement.incentives[0]
        for count, tier in ((29, None), (30, 0), (35, 0), (36, 1)):
            projection = project(
                agreement,
                [],
                as_of=Q1_END,
                assumptions=rates(m=Fixed(count), revenue=Fixed(1000)),
                runs=1,
            )
            window = WindowResult(
                label="FY2026-Q2",
                start=dt.date(2026, 4, 1),
                end=dt.date(2026, 6, 30),
                target=Decimal(30),
                actual=Decimal(count),
                expected=Decimal(30),
                elapsed=Decimal(1),
                attainment=Decimal(count) / 30,
                pace=Decimal(count) / 30,
                forecast=Decimal(count),
                standing=Standing.MET if count >= 30 else Standing.MISSED,
                closed=True,
            )
            expected = evaluate_incentive(
                agreement, incentive, (window,), lambda _metric, _window: Decimal(1000)
            )
            tiers = projection.incentive("rebate").window("FY2026-Q2").tiers
            reached = tiers.index(1.0) if 1.0 in tiers else None
            assert expected.windows[0].tier == reached == tier

    def test_uncertain_payouts(self, plan: Plan) -> None:
        """Under Poisson counts the tiers, and no tier, share the runs."""
        projection = project(
            plan("30", incentive=True),
            [],
            as_of=Q1_END,
            assumptions=rates(m=Poisson(33), revenue=Fixed(100000)),
        )

        q2 = projection.incentive("rebate").window("FY2026-Q2")
        assert sum(q2.tiers) + q2.none == pytest.approx(1)
        assert q2.tiers[1] == pytest.approx(poisson_tail(33, 36), abs=TOLERANCE)
        assert q2.none == pytest.approx(1 - poisson_tail(33, 30), abs=TOLERANCE)
        assert projection.incentive("rebate").percentiles[95] <= 10000


_AMOUNTS = (80, -60, 70, -90, 60, -70, 90, -80, 50, -60)


def credit_notes() -> list[Observation]:
    """Sales and credit notes by turns up to July, netting below 0, then a sale of 200.

    Q3 holds 200 on 5 July and -60 on 14 July: 140.
    """
    return [
        *(
            Observation(
                "m", dt.date(2026, 1, 15) + dt.timedelta(days=20 * i), Decimal(v)
            )
            for i, v in enumerate(_AMOUNTS)
        ),
        Observation("m", dt.date(2026, 7, 5), Decimal(200)),
    ]


def sales() -> list[Observation]:
    """The same days as `credit_notes`, every amount a sale: Q3 holds 80 + 60 = 140."""
    return [
        *(
            Observation(
                "m", dt.date(2026, 1, 15) + dt.timedelta(days=20 * i), Decimal(abs(v))
            )
            for i, v in enumerate(_AMOUNTS)
        ),
        Observation("m", dt.date(2026, 7, 5), Decimal(80)),
    ]


class TestAsTheScorecardHasIt:
    """A window the scorecard has settled before it closes projects as settled; one it has not, by its runs."""

    @pytest.mark.parametrize(
        ("direction", "standing", "probability"),
        [
            (Direction.AT_LEAST, Standing.MET, 1.0),
            (Direction.AT_MOST, Standing.MISSED, 0.0),
        ],
    )
    def test_a_falling_rate_takes_nothing_back(
        self, plan: Plan, direction: Direction, standing: Standing, probability: float
    ) -> None:
        """140 EUR of sales by 31 July against 100 a quarter is met (or missed) for good.

        No record has been negative, so the scorecard has settled the
        quarter: a given rate reaching below 0 (credit notes to come) takes
        none of it back, in the target's runs or the incentive's.
        """
        agreement = plan(
            "100", aggregation=Aggregation.SUM, direction=direction, incentive=True
        )
        as_of = dt.date(2026, 7, 31)
        log = [*sales(), Observation("revenue", dt.date(2026, 7, 1), Decimal(1000))]

        card = evaluate(agreement, log, as_of=as_of).goal("goal").window("FY2026-Q3")
        projection = project(
            agreement,
            log,
            as_of=as_of,
            runs=2000,
            assumptions=rates(m=Triangular(-400, -100, 100)),
        )

        q3 = projection.goal("goal").window("FY2026-Q3")
        assert (140.0, standing) == (float(card.actual or 0), card.standing)
        assert probability == q3.probability
        assert min(q3.percentiles.values()) >= 140.0
        tiers = projection.incentive("rebate").window("FY2026-Q3").tiers
        assert probability == sum(tiers)

    def test_a_loss_limit_is_never_settled_early(self, plan: Plan) -> None:
        """A profit of 140 EUR by 31 July against a loss limit of 100 a quarter is on track, and projected by the runs.

        The losses a loss limit is about are still to come: a given loss of
        1 000 a quarter takes about 663 of it by 30 September, and misses
        the quarter in every run. It stood met, in every run.
        """
        agreement = plan("-100", aggregation=Aggregation.SUM)
        as_of = dt.date(2026, 7, 31)

        card = (
            evaluate(agreement, sales(), as_of=as_of).goal("goal").window("FY2026-Q3")
        )
        projection = project(
            agreement,
            sales(),
            as_of=as_of,
            runs=200,
            assumptions=rates(m=Fixed(-1000)),
        )

        q3 = projection.goal("goal").window("FY2026-Q3")
        assert (140.0, Standing.ON_TRACK) == (float(card.actual or 0), card.standing)
        assert 0.0 == q3.probability
        assert max(q3.percentiles.values()) < -100.0

    @pytest.mark.parametrize(
        ("direction", "standing"),
        [
            (Direction.AT_LEAST, Standing.ON_TRACK),
            (Direction.AT_MOST, Standing.OFF_TRACK),
        ],
    )
    def test_credit_notes_seen_keep_it_open(
        self, plan: Plan, direction: Direction, standing: Standing
    ) -> None:
        """140 EUR by 31 July after credit notes all year is judged by pace, and projected by the runs.

        The credit notes seen may come again: the scorecard has not
        settled the quarter, and the observed rate, below 0 at its low
        end, takes it back under 100 in 22 % of the runs: met in 78 %
        (before, it was met, or missed, in every run, as the scorecard had
        it).
        """
        agreement = plan(
            "100", aggregation=Aggregation.SUM, direction=direction, incentive=True
        )
        as_of = dt.date(2026, 7, 31)
        log = [
            *credit_notes(),
            Observation("revenue", dt.date(2026, 7, 1), Decimal(1000)),
        ]

        card = evaluate(agreement, log, as_of=as_of).goal("goal").window("FY2026-Q3")
        projection = project(agreement, log, as_of=as_of, runs=2000)

        rate = next(b.rate for b in projection.basis if b.metric == "m" and not b.where)
        assert isinstance(rate, Triangular)
        assert rate.low < 0
        q3 = projection.goal("goal").window("FY2026-Q3")
        assert (140.0, standing) == (float(card.actual or 0), card.standing)
        at_least = direction is Direction.AT_LEAST
        assert pytest.approx(0.78 if at_least else 0.22, abs=TOLERANCE) == (
            q3.probability
        )
        assert min(q3.percentiles.values()) < 100.0
        tiers = projection.incentive("rebate").window("FY2026-Q3").tiers
        assert pytest.approx(q3.probability) == sum(tiers)

    def test_a_count_refuses_a_negative_rate(self, plan: Plan) -> None:
        """Fixed(-10) or a triangle from -20 for a count is a ValueError naming each.

        They were drawn: a quarter the scorecard called met ended short, and
        counts fell below 0.
        """
        with pytest.raises(ValueError, match="rates") as raised:
            project(
                plan("6"),
                [],
                as_of=Q1_END,
                runs=10,
                assumptions=rates(m=Fixed(-10), revenue=Fixed(-1)),
            )
        with pytest.raises(ValueError, match="never negative"):
            project(
                plan("6"),
                [],
                as_of=Q1_END,
                runs=10,
                assumptions=rates(m=Triangular(-20, 0, 5)),
            )

        assert "rates['m']: metric 'm' counts events" in str(raised.value)
        assert "Fixed(value=-10)" in str(raised.value)
        assert "revenue" not in str(raised.value)  # a SUM may fall: credit notes

    def test_a_funding_cut_takes_a_count_to_0_at_most(self, plan: Plan) -> None:
        """5 a quarter less 1 per 1,000 of 10,000 cut adds nothing, not -5."""
        base = plan("6")
        cut = scale_allocation(base, "mdf-budget", 0)
        assumptions = Assumptions(
            rates={"m": Fixed(5)},
            drivers=(Driver(contribution="funds", metric="m", per_thousand=Fixed(1)),),
        )

        projection = project(
            cut, [], as_of=Q1_END, runs=10, assumptions=assumptions, baseline=base
        )

        assert 0.0 == projection.goal("goal").window("FY2026-Q2").mean


class TestLookups:
    """A projection finds its results by id or subject, and says what is missing."""

    def test_target_by_subject(self, plan: Plan) -> None:
        """goal:ID, contribution:ID and bare ids find their projections."""
        projection = project(plan(), [], as_of=Q1_END, runs=10)

        assert projection.goal("goal") == projection.target("goal:goal")
        assert projection.contribution("pledge") == projection.target("pledge")
        assert "FY2026-Q2" == projection.target("goal").current.label

    def test_ids_with_colons(self, plan: Plan) -> None:
        """Ids may hold colons: only goal: or contribution: before one is a kind."""
        projection = project(colon_ids(plan()), [], as_of=Q1_END, runs=10)
        pledge = projection.contribution("globex:pledge")

        assert pledge == projection.target("globex:pledge")
        assert pledge == projection.target("contribution:globex:pledge")
        assert projection.goal("q1:goal") == projection.target("goal:q1:goal")

    def test_missing(self, plan: Plan) -> None:
        """An unknown id is a KeyError naming it."""
        projection = project(plan(), [], as_of=Q1_END, runs=10)

        with pytest.raises(KeyError, match="nope"):
            projection.goal("nope")
        with pytest.raises(KeyError, match="funds"):
            projection.target("contribution:funds")
        with pytest.raises(KeyError, match="nope"):
            projection.goal("goal").window("nope")


class TestErrors:
    """Bad arguments raise the documented errors, every problem at once."""

    def test_unknown_names(self, plan: Plan) -> None:
        """Unknown metrics and contributions, and a driver on a MEAN, are listed together."""
        agreement = plan("3", aggregation=Aggregation.MEAN)
        assumptions = Assumptions(
            rates={"nope": Fixed(1)},
            drivers=(Driver(contribution="none", metric="m", per_thousand=Fixed(1)),),
        )

        with pytest.raises(ValueError, match="unknown metric 'nope'") as error:
            project(agreement, [], as_of=Q1_END, assumptions=assumptions)
        assert "unknown contribution 'none'" in str(error.value)
        assert "aggregates by mean" in str(error.value)

    @pytest.mark.parametrize(
        ("keywords", "error"),
        [
            ({"runs": 0}, ValueError),
            ({"percentiles": (5, 101)}, ValueError),
            ({"seed": 1.5}, TypeError),
            ({"as_of": dt.datetime(2026, 3, 31, tzinfo=dt.UTC)}, TypeError),
        ],
        ids=["runs", "percentiles", "seed", "as_of"],
    )
    def test_bad_arguments(
        self, plan: Plan, keywords: dict[str, object], error: type[Exception]
    ) -> None:
        """Runs, percentiles, seed and as_of are checked."""
        arguments: dict[str, object] = {"as_of": Q1_END, **keywords}

        with pytest.raises(error):
            project(plan(), [], **arguments)  # type: ignore[arg-type]

    def test_too_many_runs(
        self, it_case: tuple[Agreement, tuple[Observation, ...]]
    ) -> None:
        """Runs times the windows projected above the bound: refused before any draw."""
        agreement, log = it_case

        with pytest.raises(ValueError, match="runs=") as caught:
            project(agreement, log, as_of=dt.date(2026, 6, 30), runs=1_000_001)

        assert (
            "runs=1000001 would simulate 50,000,050 final actuals (50 "
            "windows in 1,000,001 futures), more than the 50,000,000 a "
            "projection holds (mutualcommit.scenarios.MAX_SIMULATED_VALUES, "
            "about 1.5 GB of memory); pass runs=1000000 or fewer for this "
            "agreement"
        ) == str(caught.value)

    def test_runs_up_to_the_bound(
        self,
        it_case: tuple[Agreement, tuple[Observation, ...]],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Exactly the bound is projected; one run more is refused, in compare too."""
        agreement, log = it_case
        monkeypatch.setattr(_project, "MAX_SIMULATED_VALUES", 50 * 20)
        day = dt.date(2026, 6, 30)
        scenario = Scenario(name="it", agreement=agreement)

        assert 20 == project(agreement, log, as_of=day, runs=20).runs
        with pytest.raises(ValueError, match="pass runs=20 or fewer"):
            project(agreement, log, as_of=day, runs=21)
        with pytest.raises(ValueError, match="pass runs=20 or fewer"):
            compare(scenario, observations=log, as_of=day, runs=21)

    def test_invalid_observations(self, plan: Plan) -> None:
        """An observation of an unknown metric raises as evaluate does."""
        with pytest.raises(InvalidObservationsError):
            project(
                plan(),
                [Observation("nope", Q1_END, Decimal(1))],
                as_of=Q1_END,
            )

    @pytest.mark.parametrize(
        "build",
        [
            lambda: Triangular(3, 1, 2),
            lambda: Pert(0, 5, 4),
            lambda: Poisson(-1),
            lambda: Fixed(float("nan")),
            lambda: Fixed("1"),  # type: ignore[arg-type]
            lambda: Driver(contribution="c", metric="m", per_thousand=Poisson(1)),  # type: ignore[arg-type]
        ],
        ids=["unordered", "pert", "negative", "nan", "text", "poisson-effect"],
    )
    def test_bad_distributions(self, build: object) -> None:
        """A distribution out of order, negative, not finite or not a number is refused."""
        with pytest.raises((TypeError, ValueError)):
            build()  # type: ignore[operator]


class TestRepr:
    """A projection's repr is a one-line summary, as a scorecard's is."""

    def test_the_example(
        self, it_case: tuple[Agreement, tuple[Observation, ...]]
    ) -> None:
        """The agreement's id, the scenario, the day, the runs and the counts.

        It was every window of every target: 26,304 characters for the
        shipped IT example.
        """
        agreement, observations = it_case
        projection = Scenario(name="as signed", agreement=agreement).project(
            observations, as_of=dt.date(2026, 7, 31), runs=20
        )

        assert repr(projection) == (
            "<Projection agreement='acme-globex-2026' scenario='as signed' "
            "as_of=2026-07-31 runs=20 seed=0 percentiles=(5, 10, 25, 50, 75, 90, 95) "
            "goals=6 contributions=6 incentives=1 metrics=10>"
        )
