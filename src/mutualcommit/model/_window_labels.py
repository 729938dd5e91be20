"""The labels of measurement windows: written here, and read back here.

A window of a term is labelled ``term``; a fiscal year ``FY2027``, one of
its quarters ``FY2027-Q1`` and one of its months ``FY2027-M01``; an ISO
week ``2027-W05``. The calendar labels the windows it cuts with
`week_label` and `fiscal_label`, and an action item's exception key is
read back with `window_label_problem`, which writes the label it would
stand for with the same functions: one spelling, never a second grammar.
"""

from __future__ import annotations

import datetime as dt
import re

from ._entities import FiscalCalendar
from ._enums import Period

__all__ = [
    "TERM_LABEL",
    "fiscal_label",
    "fiscal_year_number",
    "week_label",
    "window_label_problem",
]

#: The label of a term's one window.
TERM_LABEL = "term"
#: How many months each fiscal period spans.
_SPAN = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}
#: What each kind of window is called in a message, and a label of it.
_KIND = {
    Period.TERM: ("the term", TERM_LABEL),
    Period.YEAR: ("a fiscal year", "FY2027"),
    Period.QUARTER: ("a fiscal quarter", "FY2027-Q1"),
    Period.MONTH: ("a fiscal month", "FY2027-M01"),
    Period.WEEK: ("an ISO week", "2027-W05"),
}
# Loosely: the numbers of a label in any case and with leading zeros or
# too few, so that a label spelt otherwise is told from one that names no
# window, and the label meant can be written out. (At most nine digits: a
# number of thousands of them is no year, and more than int() reads.)
_WEEK = re.compile(r"([0-9]{1,9})-W([0-9]{1,9})", re.IGNORECASE)
_FISCAL = re.compile(r"FY([0-9]{1,9})(?:-([MQ])([0-9]{1,9}))?", re.IGNORECASE)


def week_label(year: int, week: int) -> str:
    """Return the label of ISO week *week* of ISO year *year*: ``2027-W05``."""
    return f"{year:04d}-W{week:02d}"


def fiscal_label(year: int, period: Period, offset: int) -> str:
    """Return the label of a fiscal period: ``FY2027``, ``FY2027-Q1``, ``FY2027-M01``.

    Args:
        year: The fiscal year's number (see `fiscal_year_number`).
        period: `Period.YEAR`, `Period.QUARTER` or `Period.MONTH`.
        offset: The months from the fiscal year's first to the period's
            first (0 for the first quarter or month).
    """
    label = f"FY{year}"
    if period is Period.MONTH:
        return f"{label}-M{offset + 1:02d}"
    if period is Period.QUARTER:
        return f"{label}-Q{offset // _SPAN[Period.QUARTER] + 1}"
    return label


def fiscal_year_number(calendar: FiscalCalendar, year_start: int) -> int:
    """Return the number of the fiscal year whose first month is *year_start*.

    Months are numbered consecutively from January of the year 0 (0). With
    ``naming="end"`` fiscal year N ends in calendar year N; with
    ``"start"`` it starts in N; a year starting in January is named by its
    calendar year either way.
    """
    year = year_start // 12
    if calendar.naming == "end" and calendar.start_month != 1:
        return year + 1
    return year


def _fiscal_year_start(calendar: FiscalCalendar, number: int) -> int:
    """Return the first month of fiscal year *number*: `fiscal_year_number` undone."""
    year = number
    if calendar.naming == "end" and calendar.start_month != 1:
        year -= 1
    return year * 12 + calendar.start_month - 1


def window_label_problem(
    label: str,
    per: Period,
    term: tuple[dt.date, dt.date, FiscalCalendar] | None = None,
) -> str | None:
    """Say why *label* labels no window of *per*, or None when it labels one.

    The label must be written as the calendar writes one (``2027-W05``,
    not ``2027-w5``: the reason then says which was meant), name a period
    that exists (ISO year 2027 has no week 53, a fiscal year no thirteenth
    month) and, given the *term* (its first and last day and its fiscal
    calendar, well formed), one that overlaps it: every window a term is
    cut into is labelled so, and no other.
    """
    if per is Period.TERM:
        if label == TERM_LABEL:
            return None
        meant = _meant(TERM_LABEL) if label.lower() == TERM_LABEL else ""
        return f"expected the term's one window, {TERM_LABEL!r}{meant}{_kind(label)}"
    if per is Period.WEEK:
        return _week_problem(label, term)
    return _fiscal_problem(label, per, term)


def _expected(per: Period) -> str:
    what, example = _KIND[per]
    return f"expected {what}, labelled like {example!r}"


def _meant(label: str) -> str:
    return f" (did you mean {label!r}?)"


def _week_problem(
    label: str, term: tuple[dt.date, dt.date, FiscalCalendar] | None
) -> str | None:
    found = _WEEK.fullmatch(label)
    if found is None:
        return _expected(Period.WEEK) + _kind(label)
    year, week = int(found[1]), int(found[2])
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        if dt.MINYEAR <= year <= dt.MAXYEAR and week == 53:  # noqa: PLR2004
            return f"ISO year {year} has 52 weeks"
        return f"{_expected(Period.WEEK)}: there is no such ISO week"
    meant = week_label(year, week)
    if meant != label:
        return _expected(Period.WEEK) + _meant(meant)
    if term is not None:
        start, end, _ = term
        if monday > end or start - monday > dt.timedelta(days=6):
            return f"the week lies outside the term, {start} to {end}"
    return None


def _fiscal_problem(
    label: str, per: Period, term: tuple[dt.date, dt.date, FiscalCalendar] | None
) -> str | None:
    found = _FISCAL.fullmatch(label)
    letter = {Period.MONTH: "M", Period.QUARTER: "Q"}.get(per)
    if found is None or (found[2] and found[2].upper()) != letter:
        return _expected(per) + _kind(label)
    number = int(found[1])
    span = _SPAN[per]
    offset = 0
    if letter is not None:
        count = 12 // span
        position = int(found[3])
        if not 1 <= position <= count:
            return f"a fiscal year has {count} {per.value}s"
        offset = (position - 1) * span
    meant = fiscal_label(number, per, offset)
    if meant != label:
        return _expected(per) + _meant(meant)
    if term is not None:
        start, end, calendar = term
        first = _fiscal_year_start(calendar, number) + offset
        term_first = start.year * 12 + start.month - 1
        term_last = end.year * 12 + end.month - 1
        if first > term_last or first + span - 1 < term_first:
            return f"the {per.value} lies outside the term, {start} to {end}"
    return None


def _kind(label: str) -> str:
    """Say what *label* labels, when it labels a window of another kind."""
    if label == TERM_LABEL:
        kind = "the term"
    elif _WEEK.fullmatch(label):
        kind = "an ISO week"
    elif (found := _FISCAL.fullmatch(label)) is not None:
        letter = found[2] and found[2].upper()
        kind = {"M": "a fiscal month", "Q": "a fiscal quarter"}.get(
            letter, "a fiscal year"
        )
    else:
        return ""
    return f", not {kind}"
