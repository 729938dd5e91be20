"""A level window is met before it closes only when it can no longer be lost.

Calendar 2026, fiscal years from January: FY2026-Q1 is 01-01..03-31.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutualcommit.kpi import Observation, Standing, evaluate
from mutualcommit.model import Aggregation, Agreement, Direction, Period

OneGoal = Callable[..., Agreement]
D = Decimal


def reading(at: str, value: str) -> Observation:
    """One observation of metric ``m``."""
    return Observation(metric="m", at=dt.date.fromisoformat(at), value=D(value))


class TestMeanJudgedByPace:
    """A MEAN ≥ 85 with one reading of 95 on 20 January is on track, then met once Q1 closes."""

    def test_open_quarter_on_track(self, one_goal: OneGoal) -> None:
        """Mean 95 ≥ 85 on 01-31, but a later reading may pull it down: on track (pace 95/85), not met."""
        agreement = one_goal("85", aggregation=Aggregation.MEAN, per=Period.QUARTER)
        card = evaluate(
            agreement, [reading("2026-01-20", "95")], as_of=dt.date(2026, 1, 31)
        )
        window = card.goal("g").current

        assert (Standing.ON_TRACK, D(95) / D(85)) == (window.standing, window.pace)

    def test_closed_quarter_met(self, one_goal: OneGoal) -> None:
        """On 03-31 Q1 has closed at 95: met, one closed window met and none missed."""
        agreement = one_goal("85", aggregation=Aggregation.MEAN, per=Period.QUARTER)
        result = evaluate(
            agreement, [reading("2026-01-20", "95")], as_of=dt.date(2026, 3, 31)
        ).goal("g")

        assert Standing.MET == result.window("FY2026-Q1").standing
        assert (1, 0) == (result.windows_met, result.windows_missed)

    def test_later_low_reading_misses(self, one_goal: OneGoal) -> None:
        """95 on 01-20 and 70 on 03-10: mean 82.5 < 85, missed at close — it was never met before."""
        agreement = one_goal("85", aggregation=Aggregation.MEAN, per=Period.QUARTER)
        log = [reading("2026-01-20", "95"), reading("2026-03-10", "70")]
        early = evaluate(agreement, log[:1], as_of=dt.date(2026, 2, 1)).goal("g")
        closed = evaluate(agreement, log, as_of=dt.date(2026, 4, 2)).goal("g")

        assert Standing.ON_TRACK == early.current.standing
        assert (D("82.5"), Standing.MISSED) == (
            closed.window("FY2026-Q1").actual,
            closed.window("FY2026-Q1").standing,
        )
        assert (0, 1) == (closed.windows_met, closed.windows_missed)


class TestWhatSettlesEarly:
    """SUM/COUNT/MAX at least and MIN at most settle early; LAST, MEAN, MAX at most, MIN at least do not."""

    @pytest.mark.parametrize(
        ("aggregation", "direction", "value", "standing"),
        [
            (Aggregation.MAX, Direction.AT_LEAST, "10", Standing.MET),
            (Aggregation.MIN, Direction.AT_MOST, "10", Standing.MET),
            (Aggregation.LAST, Direction.AT_LEAST, "10", Standing.ON_TRACK),
            (Aggregation.MIN, Direction.AT_LEAST, "10", Standing.ON_TRACK),
            (Aggregation.MAX, Direction.AT_MOST, "10", Standing.ON_TRACK),
            (Aggregation.MEAN, Direction.AT_MOST, "10", Standing.ON_TRACK),
        ],
    )
    def test_standing_in_open_quarter(
        self,
        one_goal: OneGoal,
        aggregation: Aggregation,
        direction: Direction,
        value: str,
        standing: Standing,
    ) -> None:
        """A reading of 12 (at least 10) or 8 (at most 10) on 01-05, as of 02-14."""
        agreement = one_goal(
            value, aggregation=aggregation, direction=direction, per=Period.QUARTER
        )
        seen = "12" if direction is Direction.AT_LEAST else "8"
        window = (
            evaluate(
                agreement, [reading("2026-01-05", seen)], as_of=dt.date(2026, 2, 14)
            )
            .goal("g")
            .current
        )

        assert standing == window.standing

    def test_min_at_its_limit_is_met(self, one_goal: OneGoal) -> None:
        """MIN at most 10 reading exactly 10 on 01-05: met as of 02-14, not merely on track (pace 10/10 = 1)."""
        agreement = one_goal(
            "10",
            aggregation=Aggregation.MIN,
            direction=Direction.AT_MOST,
            per=Period.QUARTER,
        )
        window = (
            evaluate(
                agreement, [reading("2026-01-05", "10")], as_of=dt.date(2026, 2, 14)
            )
            .goal("g")
            .current
        )

        assert (Standing.MET, D(1), False) == (
            window.standing,
            window.pace,
            window.closed,
        )


_LEVELS = st.sampled_from(
    [Aggregation.MEAN, Aggregation.LAST, Aggregation.MIN, Aggregation.MAX]
)
_DAYS = st.integers(min_value=0, max_value=89)
_START = dt.date(2026, 1, 1)


class TestNeverMetThenMissed:
    """As time passes without new data, a level window never goes from met to missed."""

    @given(
        aggregation=_LEVELS,
        direction=st.sampled_from(list(Direction)),
        target=st.integers(min_value=0, max_value=20),
        values=st.lists(
            st.tuples(_DAYS, st.integers(min_value=0, max_value=20)), max_size=6
        ),
    )
    # one_goal returns a pure builder: nothing to reset between examples. The
    # profile's own suppressions (the mutation run's) are kept.
    @settings(
        suppress_health_check=[
            *settings().suppress_health_check,
            HealthCheck.function_scoped_fixture,
        ]
    )
    def test_monotone_standing(
        self,
        one_goal: OneGoal,
        aggregation: Aggregation,
        direction: Direction,
        target: int,
        values: list[tuple[int, int]],
    ) -> None:
        """Evaluated on every tenth day of Q1 and after, no missed follows a met."""
        agreement = one_goal(
            str(target),
            aggregation=aggregation,
            direction=direction,
            per=Period.QUARTER,
        )
        log = [
            Observation(metric="m", at=_START + dt.timedelta(days=d), value=D(v))
            for d, v in values
        ]
        standings = [
            evaluate(agreement, log, as_of=_START + dt.timedelta(days=d))
            .goal("g")
            .window("FY2026-Q1")
            .standing
            for d in range(0, 100, 10)
        ]
        if Standing.MET in standings:
            first = standings.index(Standing.MET)
            assert Standing.MISSED not in standings[first:]
