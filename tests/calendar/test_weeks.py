"""ISO weeks as windows: Monday to Sunday, labelled by ISO year and week."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.calendar import fiscal_period_of, windows
from mutualcommit.model import FiscalCalendar, Period

APRIL = FiscalCalendar(start_month=4, naming="start")


class TestWeekWindows:
    """A term cut into ISO weeks, the first and last clipped to it."""

    def test_january_2027(self) -> None:
        """2027-01-01 is a Friday of ISO week 2026-W53; 2027-01-04 starts 2027-W01."""
        cut = windows(APRIL, Period.WEEK, dt.date(2027, 1, 1), dt.date(2027, 1, 20))

        assert [
            ("2026-W53", dt.date(2027, 1, 1), dt.date(2027, 1, 3), True),
            ("2027-W01", dt.date(2027, 1, 4), dt.date(2027, 1, 10), False),
            ("2027-W02", dt.date(2027, 1, 11), dt.date(2027, 1, 17), False),
            ("2027-W03", dt.date(2027, 1, 18), dt.date(2027, 1, 20), True),
        ] == [(w.label, w.start, w.end, w.clipped) for w in cut]

    def test_clipped_factor(self) -> None:
        """The clipped first week has 3 of its 7 days."""
        first = windows(APRIL, Period.WEEK, dt.date(2027, 1, 1), dt.date(2027, 1, 20))[
            0
        ]

        assert (3, 7) == (first.days, first.period_days)

    def test_week_of_a_day(self) -> None:
        """2027-02-03 (a Wednesday) lies in 2027-W05, 02-01..02-07, whatever the fiscal year."""
        week = fiscal_period_of(APRIL, Period.WEEK, dt.date(2027, 2, 3))

        assert ("2027-W05", dt.date(2027, 2, 1), dt.date(2027, 2, 7)) == (
            week.label,
            week.start,
            week.end,
        )

    @given(
        start=st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
        days=st.integers(min_value=0, max_value=800),
    )
    def test_partition(self, start: dt.date, days: int) -> None:
        """The weeks partition the term: consecutive, Monday-started unless clipped."""
        end = start + dt.timedelta(days=days)
        cut = windows(APRIL, Period.WEEK, start, end)

        assert (start, end) == (cut[0].start, cut[-1].end)
        assert all(b.start == a.end + dt.timedelta(days=1) for a, b in pairwise(cut))
        assert all(w.start.weekday() == 0 for w in cut[1:])
        assert all(w.period_days == 7 for w in cut)
