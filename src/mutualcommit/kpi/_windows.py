"""The windows of a target and the target value in each.

The calendar cuts the term into windows; this module adds what a target
makes of them: the value of the ramp step in force at the window's start,
pro-rated by days when a flow's window is clipped to the term.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

import attrs

from mutualcommit.calendar import windows
from mutualcommit.model import (
    Aggregation,
    Agreement,
    FiscalCalendar,
    Period,
    Target,
    decimal_context,
)

from ._exact import EXACT

__all__ = ["TargetWindow", "pro_rated", "step_value", "target_windows", "term_target"]


@attrs.frozen(kw_only=True)
class TargetWindow:
    """A window of a target, with the target value that applies in it.

    Attributes:
        label: ``term``, ``FY2027``, ``FY2027-Q1`` or ``FY2027-M01``.
        start: The first day (inclusive).
        end: The last day (inclusive).
        days: The number of days, both ends included.
        span: ``days`` as a Decimal, for the arithmetic.
        target: The target in this window: stepped, and pro-rated when a
            flow's window is clipped.
    """

    label: str
    start: dt.date
    end: dt.date
    days: int
    target: Decimal
    span: Decimal = attrs.field(
        init=False,
        default=attrs.Factory(lambda self: Decimal(self.days), takes_self=True),
    )


def step_value(target: Target, day: dt.date) -> Decimal:
    """Return the value of the last step starting on or before *day*, else ``value``."""
    value = target.value
    for step in target.steps:
        if step.starting > day:
            break
        value = step.value
    return value


def term_target(target: Target, start: dt.date, end: dt.date) -> Target:
    """Return *target* as it applies in the term from *start* to *end*.

    Its value is the one in force on *start* (`step_value`), and its steps
    are those that start after *start* and on or before *end*: the last
    step on or before the start gives the value from the first day (the
    target's own value then never applies), and a step after the end
    applies on no day of the term (rule MC110 reports both). *target* itself
    comes back when every step starts inside.
    """
    if all(start < step.starting <= end for step in target.steps):
        return target
    inside = tuple(step for step in target.steps if start < step.starting <= end)
    return attrs.evolve(target, value=step_value(target, start), steps=inside)


def pro_rated(value: Decimal, days: int, period_days: int) -> Decimal:
    """Return *value* for *days* of a period of *period_days*: ``value * days / period_days``.

    The product is exact and the quotient rounded once, in the library's
    context (whatever the caller's): a target of 63 a week is 9 for one day,
    not 63 times a seventh rounded first (9.000000000000000000000000003).
    """
    return decimal_context().divide(EXACT.multiply(value, days), Decimal(period_days))


def target_windows(
    agreement: Agreement, target: Target, aggregation: Aggregation
) -> tuple[TargetWindow, ...]:
    """Cut *agreement*'s term into *target*'s windows and give each its target.

    A clipped window of a SUM or COUNT metric gets ``value * days /
    period_days`` (`pro_rated`: one rounding); level metrics
    keep the value. A due date before the term's start (rule MC102) is read
    as the start, so that the window is ``[start, start]``.

    Args:
        agreement: The agreement, for its term and fiscal calendar.
        target: The target.
        aggregation: The aggregation of the target's metric.

    Returns:
        The windows, in order; they partition the term, except for a TERM
        target's due date, which ends its only window.
    """
    # Equal Decimals may be spelled apart (1.0 and 1): the spelling is part of
    # the key, so that a window's target is written as its agreement wrote it.
    spelling = (target.value.as_tuple(), *(s.value.as_tuple() for s in target.steps))
    return _target_windows(
        agreement.fiscal_calendar,
        agreement.start,
        agreement.end,
        target,
        aggregation,
        spelling,
    )


# A pure function of hashable values: an agreement evaluated again (another
# log, another day) reuses its windows.
@lru_cache(maxsize=1024)
def _target_windows(
    calendar: FiscalCalendar,
    start: dt.date,
    end: dt.date,
    target: Target,
    aggregation: Aggregation,
    spelling: tuple[object, ...],
) -> tuple[TargetWindow, ...]:
    del spelling  # only a part of the cache key
    due = target.due
    due = max(due, start) if target.per is Period.TERM and due is not None else None
    result = []
    for window in windows(calendar, target.per, start, end, due=due):
        value = step_value(target, window.start)
        days = window.days
        if aggregation.is_flow and window.clipped:
            value = pro_rated(value, days, window.period_days)
        result.append(
            TargetWindow(
                label=window.label,
                start=window.start,
                end=window.end,
                days=days,
                target=value,
            )
        )
    return tuple(result)
