"""Money as a statement shows it: each window settled in its currency's minor unit.

The results hold every amount exact, with every digit the arithmetic gave
(2 % of ¥925,925.25 is ¥18,518.505). A payment is made in the currency's
minor unit, window by window, so a statement (the scorecard document, the
command line's tables) shows each window's payout or remedy rounded
half-even to that unit (cents, whole yen, fils) and, as its totals, the
sums of those rows: three quarters of ¥18,519 are ¥55,557 earned, never the
exact ¥55,555.515 rounded to ¥55,556, which no row adds up to. The rows
never pay more than the cap together: the window whose row would pass it
is shown what the cap leaves.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from mutualcommit.model import (
    Quantity,
    currency_digits,
    decimal_context,
    rounded,
)

from ._incentives import IncentiveResult
from ._remedies import RemedyResult
from ._scorecard import Scorecard

__all__ = [
    "SettledIncentive",
    "SettledRemedy",
    "settled",
    "settled_incentive",
    "settled_position",
    "settled_remedy",
]

_ZERO = Decimal(0)


def settled(
    amounts: Iterable[Decimal | None], currency: str, cap: Decimal | None = None
) -> tuple[Decimal | None, ...]:
    """Round each of *amounts* to *currency*'s minor unit, in order, within *cap*.

    Half-even, as the documents round money: ``18518.505`` JPY is
    ``18519``, ``10.1255`` BHD is ``10.126``. With a cap, the amounts so
    rounded never add up to more than the cap rounded down to the minor
    unit: the one that would pass it is what the cap leaves, those after
    it 0. None (no amount) stays None.
    """
    minor = Decimal(1).scaleb(-currency_digits(currency), decimal_context())
    room = None if cap is None else rounded(cap, minor, decimal.ROUND_FLOOR)
    paid = _ZERO
    rows: list[Decimal | None] = []
    with decimal.localcontext(decimal_context()):
        for amount in amounts:
            if amount is None:
                rows.append(None)
                continue
            row = rounded(amount, minor)
            if room is not None:
                row = min(row, max(_ZERO, room - paid))
            paid += row
            rows.append(row)
    return tuple(rows)


@attrs.frozen(kw_only=True)
class SettledIncentive:
    """An incentive's payouts as a statement shows them.

    Attributes:
        windows: Per window of the result, its payout settled (None where
            the result has none).
        earned: The sum of the closed windows' settled payouts.
        provisional: ``earned`` plus the open window's settled payout.
    """

    windows: tuple[Decimal | None, ...]
    earned: Decimal
    provisional: Decimal


def settled_incentive(
    result: IncentiveResult, cap: Quantity | None
) -> SettledIncentive | None:
    """Settle *result*'s payouts, the closed windows first, as the cap is applied.

    None for status tiers, which pay nothing.

    Args:
        result: An incentive's result.
        cap: The incentive's cap, in the result's unit, or None.
    """
    if result.unit is None:
        return None
    limit = None if cap is None else cap.amount
    closed = [None if w.provisional else w.payout for w in result.windows]
    rows = list(settled(closed, result.unit, limit))
    earned = _sum(rows)
    with decimal.localcontext(decimal_context()):
        # The open window is limited to what the closed ones leave.
        left = None if limit is None else max(_ZERO, limit - earned)
        open_rows = settled(
            (w.payout if w.provisional else None for w in result.windows),
            result.unit,
            left,
        )
        provisional = earned + _sum(open_rows)
    for i, row in enumerate(open_rows):
        if row is not None:
            rows[i] = row
    return SettledIncentive(windows=tuple(rows), earned=earned, provisional=provisional)


@attrs.frozen(kw_only=True)
class SettledRemedy:
    """A remedy's amounts owed as a statement shows them.

    Attributes:
        windows: Per window of the result, what is owed after the cap,
            settled (None where the result has none).
        owed: The sum of the windows' settled amounts before the cap.
        capped: The sum of ``windows``: what is due.
    """

    windows: tuple[Decimal | None, ...]
    owed: Decimal
    capped: Decimal


def settled_remedy(
    result: RemedyResult, limit: Quantity | None
) -> SettledRemedy | None:
    """Settle what *result* owes per closed window, within the cap in force.

    None when the remedy has no currency.

    Args:
        result: A remedy's result.
        limit: The remedy's cap in force (``Remedy.limit``), or None.
    """
    if result.unit is None:
        return None
    cap = None if limit is None else limit.amount
    rows = settled((w.capped for w in result.windows), result.unit, cap)
    before = settled((w.owed for w in result.windows), result.unit)
    return SettledRemedy(windows=rows, owed=_sum(before), capped=_sum(rows))


def settled_position(
    scorecard: Scorecard, party: str
) -> dict[str, tuple[Decimal, Decimal]]:
    """Return *party*'s rewards and remedies per currency, as the statement's rows add up.

    The currencies are those of ``scorecard.net_position(party).totals``;
    the rewards are the settled ``earned`` of the incentives the party is
    rewarded by, less those it pays; the remedies the settled amounts due
    of the remedies it owes, less those owed to it. Their difference is
    the party's net position as shown.
    """
    units = scorecard.net_position(party).totals
    sums = {unit: [_ZERO, _ZERO] for unit in units}
    agreement = scorecard.agreement
    with decimal.localcontext(decimal_context()):
        for incentive, result in zip(
            agreement.incentives, scorecard.incentives, strict=True
        ):
            shown = settled_incentive(result, incentive.cap)
            sign = _sign(party, incentive.beneficiary, incentive.payer)
            if shown is not None and sign and result.unit in sums:
                sums[str(result.unit)][0] += sign * shown.earned
        for remedy, owed in zip(agreement.remedies, scorecard.remedies, strict=True):
            due = settled_remedy(owed, remedy.limit)
            sign = _sign(party, remedy.payer, remedy.beneficiary)
            if due is not None and sign and owed.unit in sums:
                sums[str(owed.unit)][1] += sign * due.capped
    return {unit: (rewards, remedies) for unit, (rewards, remedies) in sums.items()}


def _sum(rows: Sequence[Decimal | None]) -> Decimal:
    with decimal.localcontext(decimal_context()):
        return sum((row for row in rows if row is not None), _ZERO)


def _sign(party: str, plus: str, minus: str) -> int:
    if party == plus:
        return 1
    if party == minus:
        return -1
    return 0
