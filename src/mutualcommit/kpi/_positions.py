"""A party's net position: the rewards it earns less the remedies it owes.

Per closed window and currency, a party's rewards are the earned payouts of
the incentives it is the beneficiary of, less those it pays; its remedies
are the capped remedies it owes, less those owed to it; its net position is
rewards less remedies. Only what is final counts: earned payouts and the
remedies of closed windows, never a provisional payout.

Incentives and remedies are counted alike: every closed window with an
actual is a window of the position, with 0 when it paid or owed nothing, so
a party whose incentive reached no tier still has its windows; and a party
that pays or receives money by an incentive or a remedy has a total in that
currency, 0 before any window has closed.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping

import attrs

from mutualcommit.model import (
    Agreement,
    FrozenDict,
    Incentive,
    decimal_context,
    readable_signature,
)

from ._incentives import IncentiveResult
from ._remedies import RemedyResult
from ._results import TargetResult

__all__ = ["NetPosition", "PositionWindow", "Positions", "net_position"]

_ZERO = decimal.Decimal(0)


@attrs.frozen(kw_only=True)
class PositionWindow:
    """A party's money in one closed window and one currency.

    Attributes:
        label: The window's label (``FY2026-M04``, ``FY2026-Q1``, ``term``).
        end: The window's last day.
        unit: The currency.
        rewards: The incentive payouts earned by the party less those it pays.
        remedies: The remedies the party owes less those owed to it.
        net: ``rewards - remedies``: positive when the party is owed money.
    """

    label: str
    end: dt.date
    unit: str
    rewards: decimal.Decimal
    remedies: decimal.Decimal
    net: decimal.Decimal


@readable_signature
@attrs.frozen(kw_only=True)
class NetPosition:
    """A party's net position at ``as_of``, window by window.

    Attributes:
        party: The party's id.
        windows: One per closed window with an actual and currency of an
            incentive or a remedy the party pays or receives (with 0 when
            that window paid or owed nothing), by the window's last day, then
            label, then currency.
        totals: Currency → the sum of the windows' ``net``, for every
            currency of an incentive or a remedy the party pays or receives
            (0 before any window has closed). Empty when the party has no
            part in any incentive that pays money nor in any remedy.
    """

    party: str
    windows: tuple[PositionWindow, ...] = ()
    totals: Mapping[str, decimal.Decimal] = attrs.field(factory=FrozenDict)

    def subtotals(self, unit: str) -> tuple[decimal.Decimal, decimal.Decimal]:
        """Return the sums of the windows' ``rewards`` and ``remedies`` in *unit*.

        Added in the library's decimal context, as ``totals`` is: their
        difference is ``totals[unit]``. ``(0, 0)`` for a currency the party
        has no window in.
        """
        mine = [window for window in self.windows if window.unit == unit]
        with decimal.localcontext(decimal_context()):
            return (
                sum((window.rewards for window in mine), _ZERO),
                sum((window.remedies for window in mine), _ZERO),
            )


def net_position(
    agreement: Agreement,
    party: str,
    targets: Iterable[TargetResult],
    incentives: Iterable[IncentiveResult],
    remedies: Iterable[RemedyResult],
) -> NetPosition:
    """Return *party*'s net position from evaluated incentives and remedies.

    Args:
        agreement: The agreement (for who pays each incentive).
        party: The party's id.
        targets: The goals' and contributions' results (for the last day of
            each incentive's windows, its outcome's).
        incentives: The incentives' results.
        remedies: The remedies' results.
    """
    return Positions(agreement, targets, incentives, remedies).of(party)


class Positions:
    """Who pays or receives what, gathered once for the net position of every party.

    Each incentive and remedy is filed under its two parties, and the
    targets' results by outcome, so that the position of a party goes
    through that party's incentives and remedies alone: the positions of
    every party cost one pass over them all, not one per party.

    Args:
        agreement: The agreement (for who pays each incentive).
        targets: The goals' and contributions' results (for the last day of
            each incentive's windows, its outcome's).
        incentives: The incentives' results.
        remedies: The remedies' results.
    """

    def __init__(
        self,
        agreement: Agreement,
        targets: Iterable[TargetResult],
        incentives: Iterable[IncentiveResult],
        remedies: Iterable[RemedyResult],
    ) -> None:
        # An incentive's windows are its outcome's: two targets may each have
        # a window of one label (``term``) that ends on another day (a ``due``
        # day). Keyed as an incentive names its outcome: exactly one of the
        # two is set.
        self._outcomes = {(r.goal, r.contribution): r for r in targets}
        by_id = {i.id: i for i in agreement.incentives}
        # Each party's incentives and remedies, in agreement order.
        self._incentives: dict[str, list[tuple[IncentiveResult, Incentive]]] = {}
        for result in incentives:
            incentive = by_id[result.incentive]
            for party in dict.fromkeys((incentive.beneficiary, incentive.payer)):
                self._incentives.setdefault(party, []).append((result, incentive))
        self._remedies: dict[str, list[RemedyResult]] = {}
        for remedy in remedies:
            for party in dict.fromkeys((remedy.payer, remedy.beneficiary)):
                self._remedies.setdefault(party, []).append(remedy)

    def of(self, party: str) -> NetPosition:
        """Return *party*'s net position."""
        return _position(
            party,
            self._outcomes,
            self._incentives.get(party, ()),
            self._remedies.get(party, ()),
        )


def _position(
    party: str,
    outcomes: Mapping[tuple[str | None, str | None], TargetResult],
    incentives: Iterable[tuple[IncentiveResult, Incentive]],
    remedies: Iterable[RemedyResult],
) -> NetPosition:
    # (end, label, unit) -> [rewards, remedies]
    sums: dict[tuple[dt.date, str, str], list[decimal.Decimal]] = {}
    units: set[str] = set()
    with decimal.localcontext(decimal_context()):
        for result, incentive in incentives:
            sign = _sign(party, incentive.beneficiary, incentive.payer)
            if not sign or result.unit is None:
                continue
            units.add(result.unit)
            # An outcome without a target has no result, and the incentive no window.
            outcome = outcomes.get((incentive.goal, incentive.contribution))
            basis = {w.label: w for w in outcome.windows} if outcome else {}
            for window in result.windows:
                measured = basis[window.label]
                # As a remedy's: a closed window with an actual, 0 if no tier.
                if not measured.closed or measured.actual is None:
                    continue
                key = (measured.end, window.label, result.unit)
                payout = _ZERO if window.payout is None else window.payout
                sums.setdefault(key, [_ZERO, _ZERO])[0] += sign * payout
        for remedy in remedies:
            sign = _sign(party, remedy.payer, remedy.beneficiary)
            if not sign or remedy.unit is None:
                continue
            units.add(remedy.unit)
            for item in remedy.windows:
                if item.capped is None:
                    continue
                key = (item.end, item.label, remedy.unit)
                sums.setdefault(key, [_ZERO, _ZERO])[1] += sign * item.capped
        windows = tuple(
            PositionWindow(
                label=label,
                end=end,
                unit=unit,
                rewards=rewards,
                remedies=owed,
                net=rewards - owed,
            )
            for (end, label, unit), (rewards, owed) in sorted(sums.items())
        )
        totals = dict.fromkeys(sorted(units), _ZERO)
        for position in windows:
            totals[position.unit] = totals.get(position.unit, _ZERO) + position.net
    return NetPosition(party=party, windows=windows, totals=FrozenDict(totals))


def _sign(party: str, plus: str, minus: str) -> int:
    if party == plus:
        return 1
    if party == minus:
        return -1
    return 0
