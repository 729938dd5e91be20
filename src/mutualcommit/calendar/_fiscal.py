"""Fiscal years, quarters and months, ISO weeks, and the windows they cut a term into.

A fiscal period is found by month arithmetic, never by walking days, so a
window list costs one step per window whatever the term's length.
"""

from __future__ import annotations

import calendar as _gregorian
import datetime as dt
from decimal import Decimal
from functools import lru_cache

import attrs

from mutualcommit.errors import ArgumentError, InvalidFieldsError
from mutualcommit.model import FiscalCalendar, Period, as_enum, decimal_context
from mutualcommit.model._arguments import as_day, as_instance
from mutualcommit.model._entities import month_problem, naming_problem
from mutualcommit.model._window_labels import (
    TERM_LABEL,
    fiscal_label,
    fiscal_year_number,
    week_label,
)

__all__ = ["Window", "fiscal_period_of", "fiscal_year", "fiscal_years", "windows"]

_ONE_DAY = dt.timedelta(days=1)
#: How many months each fiscal period spans.
_SPAN = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}
#: The fiscal period of each span.
_PERIOD = {span: period for period, span in _SPAN.items()}


@attrs.frozen(kw_only=True)
class Window:
    """A stretch of a term a target is measured over.

    Both ranges are inclusive. A fiscal window that the term cuts short is
    *clipped*: its ``start``/``end`` are the part inside the term, its
    ``period_start``/``period_end`` the whole fiscal period.

    Attributes:
        label: ``term``, ``FY2027``, ``FY2027-Q1``, ``FY2027-M01`` or, for an
            ISO week, ``2027-W05``.
        start: The window's first day inside the term.
        end: The window's last day inside the term.
        period_start: The first day of the whole period.
        period_end: The last day of the whole period.

    Raises:
        ArgumentError: When the window does not lie inside its period.
    """

    label: str
    start: dt.date
    end: dt.date
    period_start: dt.date
    period_end: dt.date

    def __attrs_post_init__(self) -> None:
        if not self.period_start <= self.start <= self.end <= self.period_end:
            msg = (
                f"window {self.label} [{self.start}, {self.end}] must lie inside "
                f"its period [{self.period_start}, {self.period_end}]"
            )
            raise ArgumentError(msg)

    @property
    def days(self) -> int:
        """The number of days in the window, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def period_days(self) -> int:
        """The number of days in the whole period, both ends included."""
        return (self.period_end - self.period_start).days + 1

    @property
    def clipped(self) -> bool:
        """Whether the term cuts the period short."""
        return self.start != self.period_start or self.end != self.period_end

    @property
    def factor(self) -> Decimal:
        """The share of the period's days inside the window — the pro-rating factor.

        Exactly ``Decimal(1)`` when the window is not clipped; otherwise
        ``days / period_days`` in the library's decimal context.
        """
        if not self.clipped:
            return Decimal(1)
        return decimal_context().divide(Decimal(self.days), Decimal(self.period_days))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def fiscal_year(calendar: FiscalCalendar, day: dt.date) -> int:
    """Return the number of the fiscal year that contains *day*.

    With ``naming="end"`` fiscal year N ends in calendar year N; with
    ``"start"`` it starts in N. A calendar whose years start in January
    names both ways alike.

    Args:
        calendar: The fiscal calendar.
        day: Any day.

    Returns:
        The fiscal year's number, as in its label ``FY2027``.

    Raises:
        InvalidFieldsError: When the calendar's ``start_month`` or ``naming``
            is not one of the allowed values (set around its constructor,
            which refuses them); a `ValueError`.
        ArgumentError: A `TypeError` too, naming the argument, when
            *calendar* is not a `FiscalCalendar` or *day* not a
            `datetime.date`.
    """
    _check(calendar)
    day = as_day("day", day)
    return fiscal_year_number(calendar, _year_start(calendar, _month_index(day)))


def fiscal_period_of(calendar: FiscalCalendar, period: Period, day: dt.date) -> Window:
    """Return the whole fiscal month, quarter or year (or ISO week) that contains *day*.

    Args:
        calendar: The fiscal calendar.
        period: `Period.MONTH`, `Period.QUARTER`, `Period.YEAR` or
            `Period.WEEK` (an ISO week, whatever the calendar).
        day: Any day.

    Returns:
        The unclipped period as a `Window` (``start == period_start``,
        ``end == period_end``).

    Raises:
        ArgumentError: Naming the argument: when *period* is `Period.TERM`
            (the agreement's own span, no period of the calendar) or names
            no period, or the period reaches beyond the dates
            `datetime.date` can hold; a `TypeError` too when *calendar* is
            not a `FiscalCalendar`, *period* neither a `Period` nor its
            value, or *day* not a
            `datetime.date`.
        InvalidFieldsError: When the calendar is malformed (its fields set
            around its constructor, which refuses them); a `ValueError`.
    """
    _check(calendar)
    day = as_day("day", day)
    period = as_enum(Period, "period", period)
    if period is Period.WEEK:
        return _week_of(day)
    if period is Period.TERM:
        msg = (
            "expected a fiscal month, quarter or year, or an ISO week, got term: "
            "a term is the agreement's own span, not a period of the calendar"
        )
        raise ArgumentError(msg, "period")
    return _period_at(calendar, _SPAN[period], _month_index(day))


def windows(
    calendar: FiscalCalendar,
    period: Period,
    start: dt.date,
    end: dt.date,
    *,
    due: dt.date | None = None,
) -> tuple[Window, ...]:
    """Cut the term ``[start, end]`` into the windows of *period*.

    `Period.TERM` gives one window labelled ``term``, ``[start, due or
    end]``. `Period.MONTH`, `Period.QUARTER` and `Period.YEAR` give the
    fiscal periods that overlap the term, clipped to it, in order: they
    partition the term exactly. `Period.WEEK` gives the ISO weeks (Monday
    to Sunday) that overlap the term, clipped to it, labelled by ISO year
    and week, ``2027-W05`` (the ISO year of a week can differ from the
    calendar year of its first day, and never follows the fiscal calendar).

    Args:
        calendar: The fiscal calendar.
        period: The kind of window.
        start: The term's first day.
        end: The term's last day (inclusive).
        due: For `Period.TERM` only: the day the target is due, if not the
            end of the term. It may lie after *end*.

    Returns:
        The windows, in order.

    Raises:
        ArgumentError: Naming the argument: when ``start > end``, *due*
            lies before *start*, *due* is given for a fiscal period, *period*
            names no period or the calendar is malformed; a `TypeError` too
            when *calendar* is not a `FiscalCalendar`, *period* neither a
            `Period` nor its value, or *start*, *end* or *due* not a
            `datetime.date`.
    """
    _days(calendar, start, end, due)
    return _windows(calendar, as_enum(Period, "period", period), start, end, due)


def fiscal_years(
    calendar: FiscalCalendar, start: dt.date, end: dt.date
) -> tuple[Window, ...]:
    """Return the fiscal years that overlap ``[start, end]``, clipped to it.

    The same as ``windows(calendar, Period.YEAR, start, end)``.

    Args:
        calendar: The fiscal calendar.
        start: The first day.
        end: The last day (inclusive).

    Returns:
        The year windows, in order.

    Raises:
        ArgumentError: Naming the argument: when ``start > end`` or the
            calendar is malformed; a `TypeError` too when *calendar* is not
            a `FiscalCalendar`, or *start* or *end* not a `datetime.date`.
    """
    _days(calendar, start, end, None)
    return _windows(calendar, Period.YEAR, start, end, None)


@lru_cache(maxsize=1024)
def _windows(
    calendar: FiscalCalendar,
    period: Period,
    start: dt.date,
    end: dt.date,
    due: dt.date | None,
) -> tuple[Window, ...]:
    if start > end:
        msg = f"a term starts on or before its end, got {start} after {end}"
        raise ArgumentError(msg, "end")
    if period is Period.TERM:
        last = end if due is None else due
        if last < start:
            msg = f"a due date lies on or after the term's start {start}, got {due}"
            raise ArgumentError(msg, "due")
        return (
            Window(
                label=TERM_LABEL,
                start=start,
                end=last,
                period_start=start,
                period_end=last,
            ),
        )
    if due is not None:
        msg = f"only a term window has a due date, got {due} for period {period}"
        raise ArgumentError(msg, "due")
    _check(calendar)
    if period is Period.WEEK:
        return _weeks(start, end)
    span = _SPAN[period]
    result: list[Window] = []
    index = _month_index(start)
    while True:
        whole = _period_at(calendar, span, index)
        if whole.start < start or whole.end > end:
            whole = attrs.evolve(
                whole, start=max(whole.start, start), end=min(whole.end, end)
            )
        result.append(whole)
        if whole.end >= end:
            return tuple(result)
        index = _month_index(whole.end) + 1


def _week_of(day: dt.date) -> Window:
    """Return the whole ISO week that holds *day*.

    The last week of year 9999 ends on the last day a date can hold, Friday
    31 December 9999: it is a week of five days. (1 January of year 1 is a
    Monday, so no week starts earlier.)
    """
    year, week, weekday = day.isocalendar()
    monday = day - dt.timedelta(days=weekday - 1)
    sunday = (
        dt.date.max
        if dt.date.max - monday < dt.timedelta(days=6)
        else monday + dt.timedelta(days=6)
    )
    return Window(
        label=week_label(year, week),
        start=monday,
        end=sunday,
        period_start=monday,
        period_end=sunday,
    )


def _weeks(start: dt.date, end: dt.date) -> tuple[Window, ...]:
    result: list[Window] = []
    day = start
    while True:
        whole = _week_of(day)
        if whole.start < start or whole.end > end:
            whole = attrs.evolve(
                whole, start=max(whole.start, start), end=min(whole.end, end)
            )
        result.append(whole)
        if whole.end >= end:
            return tuple(result)
        day = whole.end + _ONE_DAY


def _days(
    calendar: FiscalCalendar, start: dt.date, end: dt.date, due: dt.date | None
) -> None:
    """Refuse a calendar that is none, and days that are not dates."""
    as_instance("calendar", calendar, FiscalCalendar)
    as_day("start", start)
    as_day("end", end)
    if due is not None:
        as_day("due", due)


def _check(calendar: FiscalCalendar) -> None:
    """Refuse what is no `FiscalCalendar`, or one whose fields were set around its constructor.

    A calendar built holds a month 1-12 and a naming (see `FiscalCalendar`);
    one changed since (``object.__setattr__``) is named as its constructor
    names it, each field's problem at ``calendar.<field>``.
    """
    as_instance("calendar", calendar, FiscalCalendar)
    problems = [
        (f"calendar.{field}", problem)
        for field, problem in (
            ("start_month", month_problem(calendar.start_month)),
            ("naming", naming_problem(calendar.naming)),
        )
        if problem is not None
    ]
    if problems:
        raise InvalidFieldsError(problems, "FiscalCalendar")


def _month_index(day: dt.date) -> int:
    """Number the months consecutively: January of year 0 is 0."""
    return day.year * 12 + day.month - 1


def _year_start(calendar: FiscalCalendar, index: int) -> int:
    """Return the index of the first month of the fiscal year holding month *index*."""
    return index - (index - (calendar.start_month - 1)) % 12


def _period_at(calendar: FiscalCalendar, span: int, index: int) -> Window:
    """Return the whole fiscal period of *span* months that holds month *index*."""
    year_start = _year_start(calendar, index)
    offset = (index - year_start) // span * span
    label = fiscal_label(
        fiscal_year_number(calendar, year_start), _PERIOD[span], offset
    )
    period_start = _first_day(year_start + offset)
    period_end = _last_day(year_start + offset + span - 1)
    return Window(
        label=label,
        start=period_start,
        end=period_end,
        period_start=period_start,
        period_end=period_end,
    )


def _first_day(index: int) -> dt.date:
    year, month = divmod(index, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        msg = (
            f"the fiscal period reaches into year {year}, outside the years "
            f"{dt.MINYEAR}..{dt.MAXYEAR} a date can hold"
        )
        raise ArgumentError(msg)
    return dt.date(year, month + 1, 1)


def _last_day(index: int) -> dt.date:
    first = _first_day(index)
    return first.replace(day=_gregorian.monthrange(first.year, first.month)[1])
