"""The months a review rule skips because they lack the day it falls on.

RFC 5545 skips a day that does not exist: ``FREQ=MONTHLY`` from 31 January
yields no day in February, April, June, September or November, and
``FREQ=YEARLY`` from 29 February yields a day in leap years only. Rule
MC309 names such a schedule; this module finds the months it skips.
"""

from __future__ import annotations

import calendar as _gregorian
import datetime as dt

import attrs

__all__ = ["ShortMonths", "short_months"]

#: The first day of the month some months lack.
_FIRST_MISSING = 29
#: Parts that choose days in other ways than one day of the month: a rule
#: with one of them is not read here.
_OTHER_DAYS = frozenset({"BYDAY", "BYYEARDAY", "BYWEEKNO", "BYSETPOS"})


@attrs.frozen
class ShortMonths:
    """The months of a term a review rule has no day in, and a rule that has.

    Attributes:
        day: The day of the month the rule falls on (29, 30 or 31).
        months: The last day of each month of the term the rule skips, in
            order.
        suggestion: The rule reviewing on the last day of a month that
            lacks *day*, and on *day* in the others.
    """

    day: int
    months: tuple[dt.date, ...]
    suggestion: str


def short_months(
    rule: str, start: dt.date, end: dt.date, scheduled: tuple[dt.date, ...]
) -> ShortMonths | None:
    """Return the months of ``[start, end]`` *rule* skips for lack of its day, or None.

    Read are the rules that fall on one day of the month from 29 to 31 (the
    term's first day's, or a single ``BYMONTHDAY``), with ``FREQ=MONTHLY``,
    or ``FREQ=YEARLY`` in one month (a single ``BYMONTH``, or the term's
    first month when the rule gives neither ``BYMONTH`` nor
    ``BYMONTHDAY``), and without ``BYDAY``, ``BYYEARDAY``, ``BYWEEKNO`` or
    ``BYSETPOS``. A month of the rule's cadence is skipped when it lacks the
    day and its last day lies in the term, on or before ``UNTIL``, and, for
    a rule with ``COUNT`` whose reviews all fall in the term, on or before
    the last of them.

    Args:
        rule: A review rule the model accepts.
        start: The term's first day (the rule's DTSTART).
        end: The term's last day.
        scheduled: The days the rule yields in the term.
    """
    text = rule.strip()
    if text[:6].upper() == "RRULE:":
        text = text[6:]
    parts = [
        (name.strip().upper(), value.strip().upper())
        for name, _, value in (part.partition("=") for part in text.split(";"))
    ]
    named = dict(parts)
    freq = named.get("FREQ")
    if freq not in {"MONTHLY", "YEARLY"} or _OTHER_DAYS & named.keys():
        return None
    day = start.day
    if "BYMONTHDAY" in named:
        if "," in named["BYMONTHDAY"]:
            return None
        day = int(named["BYMONTHDAY"])
    if day < _FIRST_MISSING:
        return None
    months = [int(m) for m in named["BYMONTH"].split(",")] if "BYMONTH" in named else []
    if freq == "YEARLY":
        # Several months, or a BYMONTHDAY in every month of the year, would
        # need a suggestion per month: not read.
        if len(months) > 1 or (not months and "BYMONTHDAY" in named):
            return None
        months = months or [start.month]
    last = min(end, _until(named.get("UNTIL"), end))
    count = named.get("COUNT")
    if count is not None and scheduled and len(scheduled) >= int(count):
        last = min(last, scheduled[-1])
    skipped = tuple(
        _skipped(freq, int(named.get("INTERVAL", "1")), months, day, start, last)
    )
    if not skipped:
        return None
    return ShortMonths(day, skipped, _suggestion(parts, freq, day, start))


def _until(value: str | None, end: dt.date) -> dt.date:
    """Return the day of an ``UNTIL`` (a UTC time is read as its date)."""
    if value is None:
        return end
    return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))


def _skipped(
    freq: str, interval: int, months: list[int], day: int, start: dt.date, last: dt.date
) -> list[dt.date]:
    """Return the last day of each month of the cadence that lacks *day*, in ``[start, last]``."""
    step = interval if freq == "MONTHLY" else 12 * interval
    result: list[dt.date] = []
    index = start.year * 12 + start.month - 1
    while True:
        for month_index in (
            [index]
            if freq == "MONTHLY"
            else [index - (start.month - 1) + m - 1 for m in months]
        ):
            year, month = divmod(month_index, 12)
            if year > last.year:
                return result
            length = _gregorian.monthrange(year, month + 1)[1]
            ending = dt.date(year, month + 1, length)
            if freq == "MONTHLY" and months and month + 1 not in months:
                continue
            if length < day and start <= ending <= last:
                result.append(ending)
        index += step
        if index // 12 > last.year:
            return result


def _suggestion(
    parts: list[tuple[str, str]], freq: str, day: int, start: dt.date
) -> str:
    """Return the rule with its day replaced by the last day of a short month."""
    kept = [f"{name}={value}" for name, value in parts if name != "BYMONTHDAY"]
    if freq == "YEARLY" and not any(name == "BYMONTH" for name, _ in parts):
        kept.append(f"BYMONTH={start.month}")
    if day == 31:  # noqa: PLR2004 - the longest month: its last day
        kept.append("BYMONTHDAY=-1")
    else:
        days = ",".join(str(d) for d in range(28, day + 1))
        kept.append(f"BYMONTHDAY={days};BYSETPOS=-1")
    return ";".join(kept)
