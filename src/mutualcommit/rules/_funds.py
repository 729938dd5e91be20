"""MC206-MC211: market development funds spent as agreed.

These rules read the fund ledgers of the check's context, so they find
nothing unless the check was given the fund log.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

from mutualcommit.kpi import FundLedger, FundRequest
from mutualcommit.model import (
    Agreement,
    ResourceAllocation,
    decimal_context,
    decimal_text,
    percentage,
)

from ._amounts import shown_amounts
from ._context import Context
from ._findings import Finding, ParamInput, Severity
from ._rule import rule

__all__ = [
    "UNJUDGED_WITHOUT_OBSERVATIONS",
    "accruing_funds",
    "mc206",
    "mc207",
    "mc208",
    "mc209",
    "mc210",
    "mc211",
]

_HUNDRED = Decimal(100)
#: The rules that judge a fund by what it made available, which a fund
#: that accrues tells only with the observations: without them they leave
#: such a fund alone.
UNJUDGED_WITHOUT_OBSERVATIONS = ("MC206", "MC210")


def accruing_funds(agreement: Agreement) -> list[ResourceAllocation]:
    """Return the allocations of *agreement* that are funds that accrue, in order.

    What such a fund made available is known only from the observations:
    without them nothing accrued, and `UNJUDGED_WITHOUT_OBSERVATIONS` do
    not judge it.
    """
    return [
        allocation
        for allocation in agreement.allocations
        if allocation.fund is not None and allocation.fund.accrual is not None
    ]


def _unknown(context: Context) -> frozenset[str]:
    """Return the funds whose ``available`` is not known: those that accrue, without observations."""
    if context.observations is not None:
        return frozenset()
    return frozenset(allocation.id for allocation in accruing_funds(context.agreement))


def _path(context: Context, ledger: FundLedger) -> str:
    return f"{context.paths[f'allocation:{ledger.fund}']}.fund"


def _requests(context: Context) -> Iterator[tuple[FundLedger, FundRequest]]:
    for ledger in context.funds:
        for request in ledger.requests:
            yield ledger, request


def _rejected(request: FundRequest) -> bool:
    """Tell whether a decision rejected the request's claim: nothing to act on."""
    return request.accepted is not None and not request.accepted


def _percent(value: Decimal, limit: Decimal) -> str:
    """Write the computed share *value*, over *limit*, as a percentage that shows it.

    To a tenth, and with as many places more as it takes to read above the
    limit written in full (33.333 over 33.33, never 33.3 over 33.3).
    """
    return decimal_text(percentage(value, above=limit))


def _limit(value: Decimal) -> str:
    """Write a share someone agreed or set as a percentage, every digit."""
    return decimal_text(decimal_context().multiply(value, _HUNDRED))


@rule(
    "MC206",
    Severity.ERROR,
    title="A fund window approved more than it made available.",
    messages={
        "fund-window": (
            "In {window}, fund {fund} approved {approved} {currency} of "
            "requests, more than the {available} {currency} it made "
            "available; reject or cut requests, or add a grant to the fund."
        ),
    },
    needs="funds",
)
def mc206(context: Context) -> Iterator[Finding]:
    # Without observations nothing accrued: what a fund that accrues made
    # available is not known, and approvals its accrual covers would be
    # reported as over it.
    unknown = _unknown(context)
    for ledger in context.funds:
        if ledger.fund in unknown:
            continue
        for window in ledger.windows:
            # What claim decisions did not accept is promised no more: the
            # window may approve it again. Exact, whatever the caller's
            # context.
            promised = Fraction(window.approved) - sum(
                (
                    Fraction(r.released)
                    for r in ledger.requests
                    if r.window == window.label
                ),
                Fraction(0),
            )
            had = Fraction(window.available)
            if promised > had:
                # To the currency's digits, with more where those would
                # show the two equal.
                approved, available = shown_amounts(
                    (promised, had),
                    ledger.unit,
                    operator.gt,
                )
                yield context.finding(
                    f"fund-window:{ledger.fund}/{window.label}",
                    _path(context, ledger),
                    fund=ledger.fund,
                    window=window.label,
                    approved=approved,
                    available=available,
                    currency=ledger.unit,
                )


@rule(
    "MC207",
    Severity.ERROR,
    title="A claim asks for more than its request's approval, and no decision cut it.",
    messages={
        "fund-request": (
            'The claim on request {request} "{activity}" of fund {fund} '
            "asks for {claimed} {currency}, more than the {approved} "
            "{currency} approved; pay no more than the approval, or approve "
            "more first."
        ),
    },
    needs="funds",
)
def mc207(context: Context) -> Iterator[Finding]:
    for ledger, request in _requests(context):
        approved = request.approved or 0
        if (
            request.claimed is not None
            and request.claimed > approved
            and (request.accepted is None or request.accepted > approved)
        ):
            yield context.finding(
                f"fund-request:{ledger.fund}/{request.ref}",
                _path(context, ledger),
                fund=ledger.fund,
                request=request.ref,
                activity=request.activity,
                claimed=request.claimed,
                approved=request.approved or Decimal(0),
                currency=ledger.unit,
            )


@rule(
    "MC208",
    Severity.WARNING,
    title="A claim gives no proof of performance, and was not rejected.",
    messages={
        "fund-request.unpaid": (
            "The claim of {claimed} {currency} on request {request} "
            '"{activity}" of fund {fund} gives no proof of performance; '
            "attach invoices or proof references to the claim before it is "
            "paid."
        ),
        "fund-request.paid": (
            "The claim of {claimed} {currency} on request {request} "
            '"{activity}" of fund {fund} was paid {paid} {currency} with no '
            "proof of performance; attach invoices or proof references to "
            "the claim, so that the payment can be audited."
        ),
    },
    case="claim_state",
    needs="funds",
)
def mc208(context: Context) -> Iterator[Finding]:
    for ledger, request in _requests(context):
        # An unproven request was claimed: the test of ``claimed`` tells the
        # type checker so.
        if request.unproven and request.claimed is not None and not _rejected(request):
            # Proof is still owed once a payment is made, for an audit of it.
            yield context.finding(
                f"fund-request:{ledger.fund}/{request.ref}",
                _path(context, ledger),
                fund=ledger.fund,
                request=request.ref,
                activity=request.activity,
                claimed=request.claimed,
                currency=ledger.unit,
                claim_state="paid" if request.paid else "unpaid",
                paid=request.paid,
            )


@rule(
    "MC209",
    Severity.WARNING,
    title="A claim came after its deadline, and was not rejected.",
    messages={
        "fund-request": (
            'The claim on request {request} "{activity}" of fund {fund} '
            "came on {claimed_on}, after its deadline of {deadline}; reject "
            "it, or waive this request with a reason."
        ),
    },
    needs="funds",
)
def mc209(context: Context) -> Iterator[Finding]:
    for ledger, request in _requests(context):
        # A late claim has its day and a deadline: the tests tell the type
        # checker so.
        if (
            request.late
            and request.claimed_on is not None
            and request.deadline is not None
            and not _rejected(request)
        ):
            yield context.finding(
                f"fund-request:{ledger.fund}/{request.ref}",
                _path(context, ledger),
                fund=ledger.fund,
                request=request.ref,
                activity=request.activity,
                claimed_on=request.claimed_on,
                deadline=request.deadline,
            )


@rule(
    "MC210",
    Severity.WARNING,
    title="A fund window let more than the policy's share of its money expire.",
    messages={
        "fund-window": (
            "In {window}, fund {fund} let {expired} {currency} of the "
            "{available} {currency} it made available expire unused "
            "({share} percent, more than {max_share} percent); plan "
            "activities earlier, or lower the fund."
        ),
    },
    needs="funds",
)
def mc210(context: Context) -> Iterator[Finding]:
    limit = context.policy.max_expired_share
    # As MC206: without observations, what a fund that accrues made
    # available (and so what of it expired) is not known.
    unknown = _unknown(context)
    for ledger in context.funds:
        if ledger.fund in unknown:
            continue
        for window in ledger.windows:
            if not window.available:
                continue
            # Judged exactly; the amounts are shown to the currency's digits,
            # with more where those would not show more than the limit.
            exact = (Fraction(window.expired), Fraction(window.available))
            if exact[0] <= Fraction(limit) * exact[1]:
                continue
            expired, available = shown_amounts(
                exact,
                ledger.unit,
                lambda lost, had: lost > Fraction(limit) * had,
            )
            # In the library's context: the caller's may round or trap.
            share = decimal_context().divide(window.expired, window.available)
            yield context.finding(
                f"fund-window:{ledger.fund}/{window.label}",
                _path(context, ledger),
                fund=ledger.fund,
                window=window.label,
                expired=expired,
                available=available,
                currency=ledger.unit,
                share=_percent(share, limit),
                max_share=_limit(limit),
            )


@rule(
    "MC211",
    Severity.WARNING,
    title=(
        "The fund pays a larger share of an activity's cost than its co-funding ratio."
    ),
    messages={
        "fund-request.share": (
            'Request {request} "{activity}" of fund {fund} is funded with '
            "{amount} {currency} of a {cost} {currency} cost, {share} "
            "percent where the fund pays at most {max_share} percent; lower "
            "the approval to the fund's share."
        ),
        "fund-request.no_cost": (
            'Request {request} "{activity}" of fund {fund} is funded with '
            "{amount} {currency} of an activity that costs 0 {currency}, "
            "where the fund pays at most {max_share} percent of the cost; "
            "give the request the activity's whole cost, or approve 0."
        ),
    },
    case="cost_kind",
    needs="funds",
)
def mc211(context: Context) -> Iterator[Finding]:
    funds = {a.id: a.fund for a in context.agreement.allocations}
    for ledger, request in _requests(context):
        fund = funds.get(ledger.fund)
        # A request without a cost is not checked; a cost of 0 is a cost,
        # of which any amount is more than a share.
        if fund is None or fund.co_funding is None or request.cost is None:
            continue
        amount = request.requested if request.approved is None else request.approved
        if not amount:
            continue
        params: dict[str, ParamInput] = {"cost_kind": "no_cost"}
        if request.cost:
            share = decimal_context().divide(amount, request.cost)
            if share <= fund.co_funding:
                continue
            params = {
                "cost_kind": "share",
                "share": _percent(share, fund.co_funding),
            }
        yield context.finding(
            f"fund-request:{ledger.fund}/{request.ref}",
            _path(context, ledger),
            fund=ledger.fund,
            request=request.ref,
            activity=request.activity,
            amount=amount,
            cost=request.cost,
            currency=ledger.unit,
            max_share=_limit(fund.co_funding),
            **params,
        )
