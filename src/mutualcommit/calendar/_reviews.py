"""Review schedules: the dates an RFC 5545 RRULE yields inside a term."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache

from dateutil.rrule import rrule, rrulestr

from mutualcommit.errors import ArgumentError
from mutualcommit.model import Agreement, review_rule_problem
from mutualcommit.model._arguments import as_agreement, as_day, as_instance
from mutualcommit.model._rrule import dateutil_text

__all__ = ["agreement_review_dates", "parse_review_rule", "review_dates"]

_PREFIX = "RRULE:"


def parse_review_rule(rule: str, start: dt.date) -> rrule:
    """Parse a review rule whose DTSTART is midnight of *start*.

    The rule is one RRULE line, with or without a leading ``RRULE:``, and
    without a DTSTART of its own: a schedule starts on the term's start. The
    rules accepted are exactly those the model accepts in
    ``Agreement.review_rule``.

    Args:
        rule: RFC 5545 RRULE text, such as ``FREQ=MONTHLY;INTERVAL=3``.
        start: The first day of the term.

    Returns:
        The python-dateutil rule.

    Raises:
        ArgumentError: Naming the argument: when the text is not such a
            rule, the message carrying python-dateutil's own words; a
            `TypeError` too when *rule* is not text, or *start* not a
            `datetime.date` (a datetime too: its time of day would be
            dropped).
    """
    as_instance("rule", rule, str)
    as_day("start", start)
    problem = review_rule_problem(rule, start)
    if problem is not None:
        msg = f"invalid review rule {rule!r}: {problem}"
        raise ArgumentError(msg, "rule")
    parsed = rrulestr(_body(rule), dtstart=_midnight(start))
    # A single RRULE line parses to an rrule; a set needs several lines, which
    # review_rule_problem refuses.
    assert isinstance(parsed, rrule)  # noqa: S101 - see above
    return parsed


def review_dates(rule: str, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """Return the days *rule* yields inside ``[start, end]``, in order.

    DTSTART is midnight of *start*. Only the rule parts that choose days are
    accepted, as the model accepts them (``BYHOUR`` and ``FREQ=HOURLY`` are
    refused). A rule with no COUNT or UNTIL is infinite: it is read only up
    to *end*, and the search for a day that never comes stops a few years
    past it.

    Args:
        rule: RFC 5545 RRULE text, with or without a leading ``RRULE:``.
        start: The first day of the term.
        end: The last day of the term (inclusive).

    Returns:
        The distinct days, in increasing order; empty when the rule yields
        nothing inside the term.

    Raises:
        ArgumentError: Naming the argument: when the rule is not valid (see
            `parse_review_rule`) or ``start > end``; a `TypeError` too when
            *rule* is not text, or *start* or *end* not a `datetime.date` (a
            datetime too: pass its ``.date()``).
    """
    as_instance("rule", rule, str)
    as_day("start", start)
    as_day("end", end)
    if start > end:
        msg = f"a term starts on or before its end, got {start} after {end}"
        raise ArgumentError(msg, "end")
    return _review_dates(rule, start, end)


def agreement_review_dates(agreement: Agreement) -> tuple[dt.date, ...]:
    """Return an agreement's scheduled review days inside its term.

    Args:
        agreement: The agreement.

    Returns:
        The days its ``review_rule`` yields from its start to its end, or
        ``()`` when it has no rule.

    Raises:
        TypeError: When *agreement* is not an `Agreement`.
    """
    agreement = as_agreement("agreement", agreement)
    if agreement.review_rule is None:
        return ()
    return review_dates(agreement.review_rule, agreement.start, agreement.end)


@lru_cache(maxsize=256)
def _review_dates(rule: str, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    parsed = parse_review_rule(rule, start)
    bounded = _Bounded(parsed, years=end.year - start.year + 1)
    days: list[dt.date] = []
    try:
        for occurrence in bounded.xafter(_midnight(start), inc=True):
            day = occurrence.date()
            if day > end:
                break
            if not days or days[-1] != day:
                days.append(day)
    except _PastTheTerm:
        pass
    return tuple(days)


class _PastTheTerm(Exception):  # noqa: N818 - a signal, not an error
    """The expansion has passed the term's last year without a day to yield."""


class _Bounded(rrule):
    """A rule whose expansion stops a year after the term, fired or not.

    python-dateutil searches a rule that never fires again (such as
    ``FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30``) up to the year 9999 before it
    gives up: seconds for a daily rule. While it expands, it reads
    ``_byweekno`` once (up to five times with BYWEEKNO) for each new year it
    enters; counting those reads bounds the search to a few years past the
    term.
    """

    def __init__(self, parsed: rrule, years: int) -> None:
        # The budget goes first: the base initialiser sets _byweekno.
        self._years_left = -1
        state = vars(parsed)
        # One read a year, or up to five when the rule has BYWEEKNO.
        self._budget = (years + 2) * (5 if state["_byweekno"] else 1)
        super().__init__(
            freq=state["_freq"],
            dtstart=state["_dtstart"],
            interval=state["_interval"],
            wkst=state["_wkst"],
            count=state["_count"],
            until=state["_until"],
            # The BY parts as the rule gave them, before python-dateutil's
            # own expansion of them.
            **state["_original_rule"],
        )

    def _iter(self) -> Iterator[dt.datetime]:
        self._years_left = self._budget
        return super()._iter()  # type: ignore[no-any-return, misc]

    @property
    def _byweekno(self) -> object:
        if self._years_left == 0:
            raise _PastTheTerm
        if self._years_left > 0:
            self._years_left -= 1
        return self._byweekno_value

    @_byweekno.setter
    def _byweekno(self, value: object) -> None:
        self._byweekno_value = value


def _body(rule: str) -> str:
    text = rule.strip()
    if text[: len(_PREFIX)].upper() == _PREFIX:
        text = text[len(_PREFIX) :]
    # A UTC UNTIL is read as the day it names.
    return dateutil_text(text)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())
