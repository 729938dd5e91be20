"""The default rates a projection reads from the observations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mutualcommit import Aggregation, Agreement, Direction, Observation, Period
from mutualcommit.scenarios import (
    Assumptions,
    Caveat,
    Poisson,
    Projection,
    Scenario,
    Triangular,
    compare,
    project,
)

from .conftest import Plan

HALF_YEAR_END = dt.date(2026, 6, 30)


def lumpy_revenue(days: int = 181, end: dt.date = HALF_YEAR_END) -> list[Observation]:
    """Revenue on *days* days up to *end*: 20,000 every fifth day, 5,000 every seventh."""
    start = end - dt.timedelta(days=days - 1)
    log = []
    for i in range(days):
        value = 20_000 if i % 5 == 0 else 5_000 if i % 7 == 0 else 0
        if value:
            log.append(
                Observation(
                    "m", start + dt.timedelta(days=i), Decimal(value), ref=f"R{i}"
                )
            )
    return log


def whole_rate(projection: Projection) -> Triangular:
    """The triangle the whole of ``m`` was projected with."""
    rate = projection.rate("m")
    assert isinstance(rate, Triangular)
    return rate


class TestPerDoesNotMoveTheSpread:
    """The same data give the same probabilities whatever period the rates are per."""

    @pytest.mark.parametrize("per", [Period.MONTH, Period.WEEK, Period.YEAR])
    def test_a_level(
        self, it_case: tuple[Agreement, tuple[Observation, ...]], per: Period
    ) -> None:
        """Approval days: the level's triangle and the goal's chances are the quarter's.

        With the rates per week the triangle was 0 to 6.09 days and the
        goal of at most 3 days met in 52 % of the runs; per year 2.41 to
        3.30 and 78 %; per quarter 1.96 to 3.76 and 65 %.
        """
        agreement, log = it_case
        as_of = dt.date(2026, 7, 31)

        def projected(assumptions: Assumptions) -> tuple[object, float]:
            projection = project(
                agreement, log, as_of=as_of, assumptions=assumptions, runs=2000
            )
            goal = projection.goal("fast-registration")
            return projection.rate("dr-approval-days"), goal.window(
                "FY2027-Q4"
            ).probability

        assert projected(Assumptions()) == projected(Assumptions(per=per))

    def test_a_flow(self, plan: Plan) -> None:
        """Lumpy revenue per month: a third of the quarter's triangle, the same chances.

        Per month the spread was that of a month's sum, drawn for each
        month: a quarter's spread came out sqrt(3) times as wide.
        """
        agreement = plan("200000", aggregation=Aggregation.SUM)
        log = lumpy_revenue()

        quarterly = project(agreement, log, as_of=HALF_YEAR_END, runs=2000)
        monthly = project(
            agreement,
            log,
            as_of=HALF_YEAR_END,
            runs=2000,
            assumptions=Assumptions(per=Period.MONTH),
        )

        by_quarter, by_month = whole_rate(quarterly), whole_rate(monthly)
        assert by_month.low * 3 == pytest.approx(by_quarter.low)
        assert by_month.high * 3 == pytest.approx(by_quarter.high)
        assert [w.probability for w in quarterly.goal("goal").windows] == [
            w.probability for w in monthly.goal("goal").windows
        ]


class TestCutAtZeroKeepsTheMean:
    """A default triangle cut at 0 keeps the observed run rate as its mean."""

    def test_lumpy_revenue(self, plan: Plan) -> None:
        """Two deals of 150,000 in half a year: the rate's mean is the run rate.

        The triangle was cut at 0 keeping its mode and its high: its mean,
        242,589 a quarter, ran 26 % above the observed 192,857, and so did
        every projected window.
        """
        agreement = plan("400000", aggregation=Aggregation.SUM, per=Period.YEAR)
        log = [
            Observation("m", dt.date(2026, 2, 10), Decimal(150_000), ref="D1"),
            Observation("m", dt.date(2026, 5, 20), Decimal(150_000), ref="D2"),
        ]

        projection = project(agreement, log, as_of=HALF_YEAR_END, runs=20_000)

        basis = next(b for b in projection.basis if not b.where)
        rate = whole_rate(projection)
        assert basis.since is not None
        run_rate = 300_000 / projection_quarters(basis.since, HALF_YEAR_END)
        assert (0.0, 534_910) == (rate.low, round(rate.high))
        assert rate.mean == pytest.approx(run_rate, rel=1e-12)
        year = projection.goal("goal").window("FY2026")
        # The year's two quarters to come: a standard error of 1,200.
        assert year.mean == pytest.approx(300_000 + 2 * run_rate, abs=6_000)

    def test_a_level(self, plan: Plan) -> None:
        """Approval days of 9 and 1 by turns: a mean of 5 days stays 5 from 0 to 10.95.

        The triangle was (0, 5, 10.95): a mean of 5.32 days where 5 were
        observed.
        """
        agreement = plan("3", aggregation=Aggregation.MEAN, direction=Direction.AT_MOST)
        log = [
            Observation("m", dt.date(2026, month, 15), Decimal(9 if month % 2 else 1))
            for month in range(1, 7)
        ]

        projection = project(agreement, log, as_of=HALF_YEAR_END, runs=300)

        rate = whole_rate(projection)
        assert (0.0, 10.95) == (rate.low, round(rate.high, 2))
        assert rate.mean == pytest.approx(5.0, rel=1e-12)

    def test_a_spread_past_twice_the_rate(self, plan: Plan) -> None:
        """One deal of 300,000 in half a year: the triangle is (0, 0, 3 x the run rate).

        Its mode would be below 0 had it kept its high: the high comes down
        to keep the mean.
        """
        agreement = plan("400000", aggregation=Aggregation.SUM, per=Period.YEAR)
        log = [Observation("m", dt.date(2026, 2, 10), Decimal(300_000), ref="D1")]

        projection = project(agreement, log, as_of=HALF_YEAR_END, runs=10)

        basis = next(b for b in projection.basis if not b.where)
        assert basis.since == dt.date(2026, 2, 10)
        run_rate = 300_000 / projection_quarters(basis.since, HALF_YEAR_END)
        rate = whole_rate(projection)
        assert (0.0, 0.0) == (rate.low, rate.mode)
        assert rate.high == pytest.approx(3 * run_rate, rel=1e-12)


def projection_quarters(start: dt.date, end: dt.date) -> float:
    """The calendar quarters of 2026 from *start* to *end*, each day a share of its own."""
    lengths = {1: 90, 2: 91, 3: 92, 4: 92}
    return sum(
        1 / lengths[(day.month - 1) // 3 + 1]
        for day in (start + dt.timedelta(days=i) for i in range((end - start).days + 1))
    )


def daily_revenue(days: int) -> list[Observation]:
    """Revenue on each of *days* days up to 30 June: 0, 5,000 or 20,000, by turns."""
    start = HALF_YEAR_END - dt.timedelta(days=days - 1)
    amounts = (0, 20_000, 0, 5_000, 0, 0, 20_000, 5_000, 0, 20_000, 0)
    return [
        Observation(
            "m",
            start + dt.timedelta(days=i),
            Decimal(amounts[i % len(amounts)]),
            ref=f"R{i}",
        )
        for i in range(days)
    ]


class TestShortHistory:
    """A rate read from under 60 days of history has a spread if it can, and says so."""

    def test_fewer_than_two_30_day_stretches_still_spread(self, plan: Plan) -> None:
        """59 days of lumpy revenue: a triangle from its weekly sums, and a caveat.

        The rate was Fixed at 578,390 a quarter, so a target of 580,000
        was met in no run: the runs showed a certainty the data lack.
        """
        agreement = plan("580000", aggregation=Aggregation.SUM)

        short = project(agreement, daily_revenue(59), as_of=HALF_YEAR_END, runs=2000)
        longer = project(agreement, daily_revenue(60), as_of=HALF_YEAR_END, runs=2000)

        basis = next(b for b in short.basis if not b.where)
        q3 = short.goal("goal").window("FY2026-Q3")
        assert isinstance(basis.rate, Triangular)
        assert 0.05 < q3.probability < 0.95
        assert (Caveat.SHORT_HISTORY,) == basis.caveats == q3.caveats
        assert (Caveat.SHORT_HISTORY,) == short.goal("goal").caveats
        assert () == longer.goal("goal").window("FY2026-Q3").caveats
        assert all(not b.caveats for b in longer.basis)

    def test_one_record_says_so(self, plan: Plan) -> None:
        """One registration on the day projected from: about 91 a quarter, flagged everywhere.

        Nothing said that the rate rested on a single day.
        """
        agreement = plan("30")
        as_of = dt.date(2026, 4, 1)
        log = [Observation("m", as_of, Decimal(1), dims={"party": "globex"})]

        projection = project(agreement, log, as_of=as_of, runs=200)
        comparison = compare(
            Scenario(name="plan", agreement=agreement),
            observations=log,
            as_of=as_of,
            runs=200,
        )

        flagged = (Caveat.SHORT_HISTORY,)
        assert all(b.caveats == flagged for b in projection.basis)
        q1, q2 = projection.goal("goal").windows[:2]
        assert ((), flagged) == (q1.caveats, q2.caveats)
        records = projection.to_records()
        assert ["", "short_history"] == [r["caveats"] for r in records[:2]]
        assert flagged == comparison.rows[0].caveats
        assert "short_history" == comparison.to_records()[0]["caveats"]
        assert (
            "| `m` | \u2013 | Read from 1 day of history, since 2026-04-01: fewer "
            "than 60, so the rate (Poisson(rate=91)) is less certain than the "
            "runs show. |" in projection._repr_markdown_().splitlines()
        )
        assert "short history: less certain than it shows |" in (
            comparison._repr_markdown_()
        )

    def test_a_given_rate_needs_no_history(self, plan: Plan) -> None:
        """A rate given for the whole metric reads nothing from a short history."""
        as_of = dt.date(2026, 4, 1)
        log = [Observation("m", as_of, Decimal(1))]

        projection = project(
            plan("30"),
            log,
            as_of=as_of,
            runs=10,
            assumptions=Assumptions(rates={"m": Poisson(30)}),
        )

        whole = next(b for b in projection.basis if not b.where)
        part = next(b for b in projection.basis if b.where)
        assert ((), (Caveat.SHORT_HISTORY,)) == (whole.caveats, part.caveats)
