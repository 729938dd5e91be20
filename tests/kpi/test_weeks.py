"""Weekly targets: ISO-week windows, pro-rated like the fiscal periods."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from mutualcommit.kpi import Observation, Standing, evaluate
from mutualcommit.model import Agreement, Period

OneGoal = Callable[..., Agreement]
D = Decimal


class TestWeeklySum:
    """A SUM of 70 per week over a term starting on Friday 2027-01-01."""

    def test_clipped_first_week_pro_rated(self, one_goal: OneGoal) -> None:
        """2026-W53 has 3 of its 7 days in the term: target 70 * 3/7 = 30; 31 shipped by Sunday: met."""
        agreement = one_goal(
            "70", per=Period.WEEK, start=dt.date(2027, 1, 1), end=dt.date(2027, 3, 31)
        )
        log = [Observation(metric="m", at=dt.date(2027, 1, 2), value=D(31))]
        result = evaluate(agreement, log, as_of=dt.date(2027, 1, 3)).goal("g")
        first = result.window("2026-W53")

        assert (D(30), D(31), Standing.MET) == (
            first.target,
            first.actual,
            first.standing,
        )
        assert (D(70), Standing.NOT_STARTED) == (
            result.window("2027-W01").target,
            result.window("2027-W01").standing,
        )

    def test_week_pace(self, one_goal: OneGoal) -> None:
        """2027-W01 (01-04..01-10) on Wednesday 01-06: 3/7 elapsed, expected 30, 15 shipped: pace 0.5, off track."""
        agreement = one_goal(
            "70", per=Period.WEEK, start=dt.date(2027, 1, 1), end=dt.date(2027, 3, 31)
        )
        log = [Observation(metric="m", at=dt.date(2027, 1, 5), value=D(15))]
        window = evaluate(agreement, log, as_of=dt.date(2027, 1, 6)).goal("g").current

        assert ("2027-W01", D(30), D("0.5"), Standing.OFF_TRACK) == (
            window.label,
            window.expected,
            window.pace,
            window.standing,
        )
