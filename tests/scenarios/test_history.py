"""The default rates a projection reads from the observations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mutualcommit import Aggregation, Agreement, Observation, Period
from mutualcommit.scenarios import Assumptions, Projection, Triangular, project

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
