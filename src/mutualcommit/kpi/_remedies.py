"""Remedies evaluated: per closed window the shortfall and what it costs.

A remedy follows the windows of its basis's target, as an incentive does.
In each closed window with an actual, the shortfall is ``target - actual``
(AT_LEAST) or ``actual - target`` (AT_MOST), never below 0; the part above
the ``grace`` is charged, and costs ``amount`` per unit, or ``rate`` times
the ``of`` metric's actual over the window per unit. The cap in force
limits what is owed in window order. A window with a charged shortfall is a
breach; the ``termination_after``-th breach gives the beneficiary the right
to terminate. Open windows owe nothing yet: a remedy is owed for a missed
commitment, and a window is missed only once it has closed.

`evaluate_remedy` is the pure part, like `evaluate_incentive`: it takes the
basis's windows and a function for the ``of`` actuals.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from mutualcommit.errors import NotFoundError
from mutualcommit.model import Agreement, Direction, Remedy, decimal_context
from mutualcommit.model._arguments import as_agreement, as_instance
from mutualcommit.model._shown import no_such

from ._exact import EXACT
from ._incentives import Actual, OfActual, basis_runs, basis_target
from ._lookups import lookups
from ._results import TargetResult, WindowResult

__all__ = [
    "RemedyResult",
    "RemedyWindow",
    "evaluate_remedy",
    "remedy_results",
    "remedy_unit",
]

_ZERO = Decimal(0)


@attrs.frozen(kw_only=True)
class RemedyWindow:
    """One window of a remedy's basis, and what the remedy makes of it.

    Attributes:
        label: The window's label, as the basis target's.
        end: The window's last day.
        closed: Whether the window has closed at ``as_of``; only closed
            windows owe anything.
        shortfall: How far the actual fell short of the target (0 when it
            was met), or None when the window is open or has no actual.
        charged: The shortfall above the grace (0 within it), or None as
            ``shortfall``.
        owed: What the charged shortfall costs before the cap, or None as
            ``shortfall``.
        capped: What is owed for the window once the cap is applied in
            window order, or None as ``shortfall``.
        breached: Whether a shortfall was charged (a breach counts toward
            ``termination_after``).
    """

    label: str
    end: dt.date
    closed: bool
    shortfall: Decimal | None = None
    charged: Decimal | None = None
    owed: Decimal | None = None
    capped: Decimal | None = None
    breached: bool = False


@attrs.frozen(kw_only=True)
class RemedyResult:
    """A remedy evaluated at ``as_of``: what the payer owes, window by window.

    Every amount is an exact `~decimal.Decimal` of the library's context
    (nothing is rounded: round only to display).

    Attributes:
        remedy: The remedy's id.
        payer: The id of the party that owes it.
        beneficiary: The id of the party it is owed to.
        unit: The currency owed in: the ``amount``'s, or the ``of`` metric's.
        windows: One per window of the basis target, in order; none when the
            basis has no target (rule MC604).
        owed: The sum of the closed windows' ``owed``, before the cap.
        capped: The sum of the closed windows' ``capped``: what is due,
            never above the cap.
        breaches: How many closed windows were breached.
        termination: The label of the window whose breach gave the
            beneficiary the right to terminate, or None.
        termination_on: That window's last day, or None.
    """

    remedy: str
    payer: str
    beneficiary: str
    unit: str | None
    windows: tuple[RemedyWindow, ...] = ()
    owed: Decimal = _ZERO
    capped: Decimal = _ZERO
    breaches: int = 0
    termination: str | None = None
    termination_on: dt.date | None = None

    def window(self, label: str) -> RemedyWindow:
        """Return the window labelled *label*.

        Raises:
            NotFoundError: When the remedy has no window of that label.
        """
        for window in self.windows:
            if window.label == label:
                return window
        where = f"remedy {self.remedy!r}"
        labels = (w.label for w in self.windows)
        raise NotFoundError(
            no_such("window", label, where, labels, suggest=False), label
        )


def remedy_unit(agreement: Agreement, remedy: Remedy) -> str | None:
    """Return the currency *remedy* is owed in: its amount's or its ``of`` metric's."""
    if remedy.amount is not None:
        return remedy.amount.unit
    if remedy.of is None:  # pragma: no cover - invariants
        return None
    return lookups(agreement).units.get(remedy.of)


def _shortfall(window: WindowResult, direction: Direction) -> Decimal | None:
    """Return how far *window*'s actual fell short of its target, at least 0.

    None when the actual is None. ``target - actual`` for AT_LEAST,
    ``actual - target`` for AT_MOST.
    """
    if window.actual is None:
        return None
    if direction is Direction.AT_MOST:
        gap = decimal_context().subtract(window.actual, window.target)
    else:
        gap = decimal_context().subtract(window.target, window.actual)
    return max(_ZERO, gap)


def evaluate_remedy(
    agreement: Agreement,
    remedy: Remedy,
    windows: Sequence[WindowResult],
    of_actual: OfActual,
) -> RemedyResult:
    """Evaluate *remedy* over its basis's *windows*.

    A pure function of its arguments, as `evaluate_incentive` is: all
    arithmetic runs in the library's decimal context and nothing is
    rounded for display (a rate's cost, ``rate * charged * of``, is one
    exact product rounded once, to 28 digits).

    Args:
        agreement: The agreement (for the basis target's direction and the
            ``of`` metric's unit).
        remedy: One of its remedies.
        windows: The basis target's windows at ``as_of``, in order; only
            ``label``, ``end``, ``target``, ``actual`` and ``closed`` are
            read.
        of_actual: ``of_actual(metric, window)``: the actual of *metric*
            over *window* at ``as_of``, the basis target's ``where``
            applied; called only for charged windows of a ``rate`` remedy.

    Returns:
        The remedy's result; no windows when its basis has no target.

    Raises:
        TypeError: When *agreement* is not an `Agreement` or *remedy* not a
            `Remedy`.
    """
    as_agreement("agreement", agreement)
    as_instance("remedy", remedy, Remedy)
    target = basis_target(agreement, remedy)
    if target is None:
        windows = ()
    direction = Direction.AT_LEAST if target is None else target.direction
    limit = remedy.limit
    cap = None if limit is None else limit.amount
    results: list[RemedyWindow] = []
    owed_total = capped_total = _ZERO
    breaches = 0
    termination: RemedyWindow | None = None
    with decimal.localcontext(decimal_context()):
        for window in windows:
            short = _shortfall(window, direction) if window.closed else None
            if short is None:
                results.append(
                    RemedyWindow(
                        label=window.label, end=window.end, closed=window.closed
                    )
                )
                continue
            charged = max(_ZERO, short - remedy.grace)
            owed = _cost(remedy, charged, window, of_actual)
            capped = owed if cap is None else min(owed, max(_ZERO, cap - capped_total))
            owed_total += owed
            capped_total += capped
            breached = charged > _ZERO
            item = RemedyWindow(
                label=window.label,
                end=window.end,
                closed=True,
                shortfall=short,
                charged=charged,
                owed=owed,
                capped=capped,
                breached=breached,
            )
            if breached:
                breaches += 1
                after = remedy.termination_after
                if termination is None and after is not None and breaches >= after:
                    termination = item
            results.append(item)
    return RemedyResult(
        remedy=remedy.id,
        payer=remedy.payer,
        beneficiary=remedy.beneficiary,
        unit=remedy_unit(agreement, remedy),
        windows=tuple(results),
        owed=owed_total,
        capped=capped_total,
        breaches=breaches,
        termination=None if termination is None else termination.label,
        termination_on=None if termination is None else termination.end,
    )


def _cost(
    remedy: Remedy, charged: Decimal, window: WindowResult, of_actual: OfActual
) -> Decimal:
    if not charged:
        return _ZERO
    if remedy.amount is not None:
        return remedy.amount.amount * charged
    if remedy.rate is None or remedy.of is None:  # pragma: no cover - invariants
        return _ZERO
    actual = of_actual(remedy.of, window)
    if actual is None:
        return _ZERO
    # Credit notes exceeding sales owe nothing: a remedy is never negative.
    # rate * charged is exact, so the cost is rounded once.
    return max(_ZERO, EXACT.multiply(remedy.rate, charged) * actual)


def remedy_results(
    agreement: Agreement,
    goals: Iterable[TargetResult],
    contributions: Iterable[TargetResult],
    actual: Actual,
) -> tuple[RemedyResult, ...]:
    """Evaluate every remedy of *agreement* from its basis's result.

    Args:
        agreement: The agreement.
        goals: The goals' results at ``as_of``.
        contributions: The contributions' results at ``as_of``.
        actual: ``actual(metric, where, start, end)`` at ``as_of``.

    Returns:
        One result per remedy, in agreement order.
    """
    return tuple(
        evaluate_remedy(agreement, remedy, windows, of_actual)
        for remedy, windows, of_actual in basis_runs(
            agreement.remedies, goals, contributions, actual
        )
    )
