"""Incentives evaluated: per window the tier reached and what it pays.

An incentive follows the windows of its basis's target (the goal's or the
contribution's). In each started window the tier reached is the highest
whose threshold is at most the window's attainment; it pays its ``amount``,
or ``rate`` times the ``of`` metric's actual over that window (counting the
observations the basis target's ``where`` selects), or names a status and
pays nothing. A closed window's payout is earned, an open one's
provisional; a ``cap`` limits the earned payouts in window order and the
provisional one to what is left.

`evaluate_incentive` is the pure part: it takes the basis's windows as
`WindowResult` values and a function for the ``of`` actuals, so that a
what-if model can feed it simulated windows.
"""

from __future__ import annotations

import datetime as dt
import decimal
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TypeVar

import attrs

from mutualcommit.errors import NotFoundError
from mutualcommit.model import (
    Agreement,
    Direction,
    Incentive,
    Remedy,
    Target,
    Tier,
    decimal_context,
)
from mutualcommit.model._arguments import as_agreement, as_instance
from mutualcommit.model._shown import no_such

from ._lookups import lookups
from ._pacing import beyond_ratio
from ._results import Standing, TargetResult, WindowResult

__all__ = [
    "IncentiveResult",
    "IncentiveWindow",
    "OfActual",
    "basis_target",
    "evaluate_incentive",
    "incentive_results",
    "payout_unit",
]

_ZERO = Decimal(0)

#: An incentive or a remedy: what follows a goal's or contribution's target.
_Outcome = TypeVar("_Outcome", Incentive, Remedy)
#: ``of_actual(metric, window)``: the actual of the metric *metric* over
#: *window*, the basis target's ``where`` applied (None: no actual).
OfActual = Callable[[str, WindowResult], Decimal | None]
#: ``actual(metric, where, start, end)`` at the evaluated ``as_of``.
Actual = Callable[[str, Mapping[str, str], dt.date, dt.date], Decimal | None]


@attrs.frozen(kw_only=True)
class IncentiveWindow:
    """One window of an incentive's basis, and what the incentive makes of it.

    Attributes:
        label: The window's label, as the basis target's (``FY2027-Q1``,
            ``term``, ...).
        attainment: The basis window's attainment (None when it has none).
        tier: The index in the incentive's ``tiers`` of the tier reached, or
            None (not started, no attainment, or below the first threshold).
        payout: What the tier pays in the incentive's ``unit``, after the
            cap; None when no tier is reached or the tier is a status.
        status: The status the tier names, for a status tier; else None.
        provisional: Whether the window is open (started, not closed): its
            tier and payout may still change. A closed window's payout is
            earned; a window not yet started is not provisional.
    """

    label: str
    attainment: Decimal | None
    tier: int | None = None
    payout: Decimal | None = None
    status: str | None = None
    provisional: bool = False


@attrs.frozen(kw_only=True)
class IncentiveResult:
    """An incentive evaluated at ``as_of``: its windows, earnings and status.

    Every amount is an exact `~decimal.Decimal` of the library's context
    (nothing is rounded: round only to display).

    Attributes:
        incentive: The incentive's id.
        unit: The payout unit: the tiers' ``amount`` unit or the ``of``
            metric's currency; None for status tiers, which pay nothing.
        windows: One per window of the basis target, in order; none when
            the basis has no target (rule MC601).
        earned: The sum of the closed windows' payouts (never above the
            cap); None for status tiers.
        provisional: ``earned`` plus the open window's provisional payout
            (never above the cap); None for status tiers.
        status: The status of the latest closed window that reached a
            status tier, or None.
    """

    incentive: str
    unit: str | None
    windows: tuple[IncentiveWindow, ...] = ()
    earned: Decimal | None = None
    provisional: Decimal | None = None
    status: str | None = None

    def window(self, label: str) -> IncentiveWindow:
        """Return the window labelled *label*.

        Raises:
            NotFoundError: When the incentive has no window of that label.
        """
        for window in self.windows:
            if window.label == label:
                return window
        where = f"incentive {self.incentive!r}"
        labels = (w.label for w in self.windows)
        raise NotFoundError(
            no_such("window", label, where, labels, suggest=False), label
        )


def basis_target(agreement: Agreement, incentive: Incentive | Remedy) -> Target | None:
    """Return the target of the goal or contribution *incentive* follows, or None.

    An incentive rewards that outcome, a remedy charges for missing it.
    """
    found = lookups(agreement)
    if incentive.goal is not None:
        return found.goal_targets.get(incentive.goal)
    if incentive.contribution is None:  # pragma: no cover - invariants
        return None
    return found.contribution_targets.get(incentive.contribution)


def payout_unit(agreement: Agreement, incentive: Incentive) -> str | None:
    """Return the unit *incentive* pays in, or None when its tiers are statuses.

    The unit of an ``amount`` tier, or the unit (a currency) of a ``rate``
    tier's ``of`` metric; the model's invariants make them one.
    """
    units = lookups(agreement).units
    for tier in incentive.tiers:
        if tier.amount is not None:
            return tier.amount.unit
        if tier.rate is not None and tier.of is not None:
            return units.get(tier.of)
    return None


def _tier_reached(
    thresholds: Sequence[Decimal], window: WindowResult, *, at_least: bool
) -> int | None:
    if not thresholds:
        return None
    actual = window.actual
    if actual is not None and beyond_ratio(window.target, actual, at_least):
        # No ratio says it, yet no lead time or defect at all (or a forecast
        # bias below 0 against at most 5), or no loss at all against a loss
        # limit (at least -5000), is the best result there is (a closed
        # window with it is met).
        return len(thresholds) - 1
    attainment = window.attainment
    if attainment is None:
        return None
    reached = bisect_right(thresholds, attainment) - 1
    return reached if reached >= 0 else None


def _raw_payout(tier: Tier, window: WindowResult, of_actual: OfActual) -> Decimal:
    if tier.amount is not None:
        return tier.amount.amount
    if tier.rate is None or tier.of is None:  # pragma: no cover - invariants
        return _ZERO
    actual = of_actual(tier.of, window)
    if actual is None:
        return _ZERO
    # A reward is never negative: credit notes exceeding sales pay nothing.
    return max(_ZERO, tier.rate * actual)


def _capped(payout: Decimal, cap: Decimal | None, paid: Decimal) -> Decimal:
    """Limit *payout* to what *cap* leaves once *paid* has been paid."""
    if cap is None:
        return payout
    return min(payout, max(_ZERO, cap - paid))


def evaluate_incentive(
    agreement: Agreement,
    incentive: Incentive,
    windows: Sequence[WindowResult],
    of_actual: OfActual,
) -> IncentiveResult:
    """Evaluate *incentive* over its basis's *windows*.

    A pure function of its arguments: `evaluate` calls it with the basis
    target's evaluated windows; a what-if model may call it with simulated
    ones. All arithmetic runs in the library's decimal context and nothing
    is rounded.

    Args:
        agreement: The agreement (for the basis target's direction and the
            ``of`` metrics' units).
        incentive: One of its incentives.
        windows: The basis target's windows at ``as_of``, in order (as
            ``TargetResult.windows``); only ``label``, ``target``,
            ``actual``, ``attainment``, ``standing`` and ``closed`` are read.
        of_actual: ``of_actual(metric, window)`` returns the actual of the
            metric *metric* over *window* at ``as_of``, counting only the
            observations the basis target's ``where`` selects (None when a
            level metric has none); it is called only for windows that reach
            a ``rate`` tier.

    Returns:
        The incentive's result; no windows when its basis has no target.

    Raises:
        TypeError: When *agreement* is not an `Agreement` or *incentive*
            not an `Incentive`.
    """
    as_agreement("agreement", agreement)
    as_instance("incentive", incentive, Incentive)
    unit = payout_unit(agreement, incentive)
    target = basis_target(agreement, incentive)
    if target is None:
        windows = ()
    at_least = target is None or target.direction is Direction.AT_LEAST
    thresholds = [tier.threshold for tier in incentive.tiers]
    cap = None if incentive.cap is None else incentive.cap.amount
    with decimal.localcontext(decimal_context()):
        reached: list[tuple[WindowResult, int | None, Decimal | None]] = []
        for window in windows:
            tier = None
            payout = None
            if window.standing is not Standing.NOT_STARTED:
                tier = _tier_reached(thresholds, window, at_least=at_least)
            if tier is not None and incentive.tiers[tier].status is None:
                payout = _raw_payout(incentive.tiers[tier], window, of_actual)
            reached.append((window, tier, payout))
        # The cap limits the earned payouts in window order, then the
        # provisional one to what the earned leave.
        paid: dict[int, Decimal] = {}
        earned = _ZERO
        for i, (window, _, payout) in enumerate(reached):
            if payout is not None and window.closed:
                paid[i] = _capped(payout, cap, earned)
                earned += paid[i]
        provisional = earned
        for i, (window, _, payout) in enumerate(reached):
            if payout is not None and not window.closed:
                paid[i] = _capped(payout, cap, provisional)
                provisional += paid[i]
        status = None
        results = []
        for i, (window, tier, _) in enumerate(reached):
            started = window.standing is not Standing.NOT_STARTED
            level = None if tier is None else incentive.tiers[tier].status
            if level is not None and window.closed:
                status = level
            results.append(
                IncentiveWindow(
                    label=window.label,
                    attainment=window.attainment,
                    tier=tier,
                    payout=paid.get(i),
                    status=level,
                    provisional=started and not window.closed,
                )
            )
    return IncentiveResult(
        incentive=incentive.id,
        unit=unit,
        windows=tuple(results),
        earned=None if unit is None else earned,
        provisional=None if unit is None else provisional,
        status=status,
    )


def incentive_results(
    agreement: Agreement,
    goals: Iterable[TargetResult],
    contributions: Iterable[TargetResult],
    actual: Actual,
) -> tuple[IncentiveResult, ...]:
    """Evaluate every incentive of *agreement* from its basis's result.

    Args:
        agreement: The agreement.
        goals: The goals' results at ``as_of``.
        contributions: The contributions' results at ``as_of``.
        actual: ``actual(metric, where, start, end)``: a metric's actual
            over ``[start, end]`` at ``as_of``, counting the observations
            *where* selects.

    Returns:
        One result per incentive, in agreement order.
    """
    return tuple(
        evaluate_incentive(agreement, incentive, windows, of_actual)
        for incentive, windows, of_actual in basis_runs(
            agreement.incentives, goals, contributions, actual
        )
    )


def basis_runs(
    outcomes: Iterable[_Outcome],
    goals: Iterable[TargetResult],
    contributions: Iterable[TargetResult],
    actual: Actual,
) -> Iterator[tuple[_Outcome, tuple[WindowResult, ...], OfActual]]:
    """Pair each incentive or remedy with its basis's windows and metric actuals.

    The windows are those of the goal or contribution it follows (none when
    that has no target), and ``of_actual(metric, window)`` a metric's actual
    over a window, counting the observations the basis target's ``where``
    selects.
    """
    by_goal = {result.goal: result for result in goals}
    by_contribution = {result.contribution: result for result in contributions}
    for outcome in outcomes:
        basis = (
            by_goal.get(outcome.goal)
            if outcome.goal is not None
            else by_contribution.get(outcome.contribution)
        )
        if basis is None:
            yield outcome, (), _no_actual
            continue
        selected: Mapping[str, str] = basis.target.where

        def of_actual(
            metric: str, window: WindowResult, where: Mapping[str, str] = selected
        ) -> Decimal | None:
            return actual(metric, where, window.start, window.end)

        yield outcome, basis.windows, of_actual


def _no_actual(metric: str, window: WindowResult) -> Decimal | None:  # pragma: no cover
    del metric, window
    return None
