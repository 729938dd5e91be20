"""The size bounds of an agreement: how long a term, how many windows.

Evaluating an agreement costs one step per measurement window, and a window
list is cut from the term, so a bounded term and a bounded window count bound
the cost of everything downstream (evaluate, check, render).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ._entities import Contribution, ExceptionCriterion, FiscalCalendar, Goal, Target
from ._enums import Period

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ._agreement import Agreement

__all__ = ["MAX_TERM_DAYS", "MAX_VERSION", "MAX_WINDOWS", "term_problems"]

#: The longest term, in days, both ends included: a hundred years.
MAX_TERM_DAYS = 36525
#: The most measurement windows all of an agreement's targets and exception
#: criteria together may cut.
MAX_WINDOWS = 100_000
#: The highest agreement version: 2^53 - 1, the largest integer that every
#: JSON reader holds exactly and that the canonical form writes in full.
MAX_VERSION = 2**53 - 1

_SPAN = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}
# A member as a module constant: reading one off its enum class runs Python code.
_WEEK = Period.WEEK


def term_problems(agreement: Agreement) -> list[tuple[str, str]]:
    """Return the problems of an agreement's size: term length, windows, edges.

    Call it only on an agreement whose start, end and fiscal calendar are
    well formed (dates in order, a month 1-12).
    """
    a = agreement
    days = (a.end - a.start).days + 1
    if days > MAX_TERM_DAYS:
        msg = (
            f"expected a term of at most {MAX_TERM_DAYS} days (a hundred years), "
            f"got {days} days from {a.start} to {a.end}"
        )
        # Windows over such a term are not worth counting.
        return [("end", msg)]
    problems: list[tuple[str, str]] = []
    month = a.fiscal_calendar.start_month
    # Every fiscal month, quarter and year of the term lies in the fiscal
    # years around its first and last day: those must begin in the year 1
    # and end in the year 9999 at the latest, as dates do. With fiscal years
    # starting in April, 0001-01-01 lies in one that begins in April of the
    # year 0, and 9999-04-01 in one that ends in March of the year 10000.
    first = _fiscal_year_start(a.start, month)
    last = _fiscal_year_start(a.end, month) + 11
    for path, day, index, bound in (
        ("start", a.start, first, "begins in the year 0"),
        ("end", a.end, last, "ends in the year 10000"),
    ):
        if not dt.MINYEAR <= index // 12 <= dt.MAXYEAR:
            msg = (
                f"the fiscal year around {day}, with fiscal years starting in "
                f"month {month}, {bound}, which no date can hold; start or end "
                "the term in another fiscal year, or use fiscal years that "
                "start in January"
            )
            problems.append((path, msg))
    targets = sum(
        _windows(per, a.start, a.end, a.fiscal_calendar) for per in _target_periods(a)
    )
    criteria = sum(
        _windows(per, a.start, a.end, a.fiscal_calendar)
        for per in _criterion_periods(a)
    )
    if targets + criteria > MAX_WINDOWS:
        msg = (
            f"expected at most {MAX_WINDOWS} measurement windows across all "
            f"targets and exception criteria, these cut the term into "
            f"{targets + criteria} ({targets} for targets, {criteria} for "
            f"exception criteria)"
        )
        # Where the windows went over: at the criteria when the targets alone fit.
        path = "goals" if targets > MAX_WINDOWS else "exception_criteria"
        problems.append((path, msg))
    return problems


def _fiscal_year_start(day: dt.date, start_month: int) -> int:
    """Return the month index (January of the year 0 is 0) the fiscal year of *day* begins in."""
    index = day.year * 12 + day.month - 1
    return index - (index - (start_month - 1)) % 12


def _target_periods(agreement: Agreement) -> Iterator[object]:
    """Yield the ``per`` of every target.

    A collection refused as a whole (not a tuple) is reported at its path,
    and holds no target counted here.
    """
    for goal in _held(agreement.goals):
        if isinstance(goal, Goal) and isinstance(goal.target, Target):
            yield goal.target.per
    for contribution in _held(agreement.contributions):
        if isinstance(contribution, Contribution) and isinstance(
            contribution.target, Target
        ):
            yield contribution.target.per


def _criterion_periods(agreement: Agreement) -> Iterator[object]:
    """Yield the ``per`` of every exception criterion.

    A criterion judges its measure in each of its windows, as a target does.
    """
    for criterion in _held(agreement.exception_criteria):
        if isinstance(criterion, ExceptionCriterion):
            yield criterion.per


def _held(items: object) -> tuple[object, ...]:
    """Return a collection's items; none for one refused as a whole."""
    return items if isinstance(items, tuple) else ()


def _windows(per: object, start: dt.date, end: dt.date, fiscal: FiscalCalendar) -> int:
    if per is _WEEK:
        # ISO weeks start on Mondays: count the Mondays' weeks the term touches.
        monday = start - dt.timedelta(days=start.weekday())
        return (end - monday).days // 7 + 1
    span = _SPAN.get(per) if isinstance(per, Period) else None
    if span is None:
        return 1
    first = (start.year * 12 + start.month - fiscal.start_month) // span
    last = (end.year * 12 + end.month - fiscal.start_month) // span
    return last - first + 1
