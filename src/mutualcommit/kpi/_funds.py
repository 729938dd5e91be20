"""The ledger of a market development fund: its money, window by window.

A fund's windows are the fiscal years of the term (clipped to it), or the
whole term when the fund expires at its end. In each window:

- ``allocated`` is the allocation's amount in it (a per-quarter amount four
  times in a full fiscal year, pro-rated by days where the term clips a
  period, and spread over the days of a week that crosses the window's
  end); ``accrued`` is the accrual rate times the accrual metric's actual,
  per accrual window in it, each capped (a week that crosses the window's
  end credits each window with what its own days earned); ``granted`` adds
  the grants dated in it. Their sum is what is ``available``. What the
  ledger computes (``allocated``, ``accrued``) is rounded once to the
  currency's minor unit, the windows' allocations by largest remainder, so
  the figures shown add up as shown.
- A request belongs to the window its activity starts in; ``requested``,
  ``approved``, ``claimed`` and ``paid`` add up its requests' records.
- What a claim decision did not accept of an approval (all of it, for a
  rejected claim) is *released*: promised no more, it counts as not
  approved, so an open window can approve it again and a closed one let
  it expire.
- Once the window has closed, what was available and not approved
  ``expired`` (an approval dated after the window's last day is refused,
  so what expired stays expired); so did, at any time, an approval whose claim deadline passed
  with no claim, as far as the window had the money for it (never more
  than what was available beyond the approvals still alive), until a
  late claim takes it back out (the provider may still pay it), and for
  good once a decision rejects that claim.
  ``remaining`` is what an open window can still approve.
- ``utilisation`` is paid ÷ available, ``roi`` the ROI metric's actual over
  the window ÷ paid; both None when the divisor is 0.

The log is resolved before it is cut at ``as_of``, as the observations
are: a later record with the same fund and ref replaces the earlier one,
one with amount None retracts it, whatever their days; then the standing
records dated after ``as_of`` count for nothing.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from fractions import Fraction

from mutualcommit.calendar import Window, fiscal_years, windows
from mutualcommit.errors import InvalidFundEventsError, also_type_error
from mutualcommit.model import (
    Agreement,
    Fund,
    FundEvent,
    FundEventKind,
    FundExpiry,
    Observation,
    Period,
    ResourceAllocation,
    currency_digits,
    decimal_context,
    rounded,
)
from mutualcommit.model._arguments import as_agreement, as_day, as_log
from mutualcommit.model._funds import (
    field_path,
    fund_log_problems,
    of_wrong_type,
    standing_fund_events,
)

from ._fund_results import FundLedger, FundRequest, FundWindow, RequestState
from ._index import ObservationIndex, index_for

__all__ = ["fund_ledger"]

_ZERO = Decimal(0)


def fund_ledger(
    agreement: Agreement,
    events: Iterable[FundEvent],
    *,
    as_of: dt.date,
    observations: Iterable[Observation] | ObservationIndex | None = None,
) -> tuple[FundLedger, ...]:
    """Return the ledger of every fund of *agreement* at the end of day *as_of*.

    Args:
        agreement: The agreement whose allocations with a ``fund`` are funds.
        events: The fund log, in input order.
        as_of: The day evaluated (its end); the records that stand once
            the log is resolved (corrections and retractions applied,
            whatever their days) count when dated on or before it.
        observations: The KPI observations (or an `ObservationIndex` built
            for *agreement*), for accrual and ROI; without them (None)
            nothing accrues and ROI is None.

    Returns:
        One ledger per fund, in the order of the allocations.

    Raises:
        InvalidFundEventsError: When the log does not hold together (an
            unknown fund, a claim for a request that is not in it, payments
            above the claim, a negative amount, an approval dated after the
            window of its request closed, ...); every problem is listed
            with the record's ``[index]``, and a record's own problem with
            the field it is in (``[3].amount``). A `TypeError` too when a
            record is of the wrong type (no `FundEvent`, or one that holds
            text for a day, say).
        InvalidObservationsError: When *observations* are not valid for
            *agreement* (an unknown metric, ...).
        TypeError: When *agreement* is not an `Agreement`, *as_of* not a
            `datetime.date`, or *events* or *observations* is text, a path,
            a mapping or not iterable (read a file with `load_fund_events`
            or `load_observations` first).
        ValueError: When *observations* is an index of another agreement.
    """
    agreement = as_agreement("agreement", agreement)
    as_of = as_day("as_of", as_of)
    log = FundLog(agreement, events)
    index = None if observations is None else index_for(agreement, observations)
    return log.ledgers(as_of, index)


class FundLog:
    """A fund log checked once against its agreement: the ledgers at any day.

    `fund_ledger` reads one day; `evaluate_series` with ``fund_events``
    checks the log once and reads it at each of its dates.
    """

    __slots__ = ("_agreement", "_funds", "_standing")

    def __init__(
        self,
        agreement: Agreement,
        events: Iterable[FundEvent],
        *,
        name: Callable[[int], str] = "[{}]".format,
    ) -> None:
        """Check *events* against the funds of *agreement*.

        Args:
            agreement: The agreement whose allocations with a ``fund`` are
                funds.
            events: The fund log, in input order.
            name: What names a record by its index in a problem about
                another record (a step whose request was refused): its
                ``[index]``, or the line a reader read it from.

        Raises:
            InvalidFundEventsError: As `fund_ledger`.
            TypeError: When *events* is text, a path, a mapping or not
                iterable.
        """
        log = as_log("events", events, record="FundEvent", reader="load_fund_events")
        funds = tuple(a for a in agreement.allocations if a.fund is not None)
        spans = {
            allocation.id: [
                (window.label, window.end)
                for window in _fund_windows(agreement, allocation.fund)
            ]
            for allocation in funds
            if allocation.fund is not None
        }
        problems = fund_log_problems(
            log,
            [a.id for a in funds],
            (agreement.start, agreement.end),
            spans,
            name=name,
        )
        if problems:
            kind = InvalidFundEventsError
            if any(of_wrong_type(log[index]) for index, _, _ in problems):
                kind = also_type_error(kind)
            raise kind(
                (field_path(f"[{index}]", field), message)
                for index, field, message in problems
            )
        self._agreement = agreement
        self._funds = funds
        # Resolved once, as the observations are: what is checked above is
        # what every day's ledger reads a part of.
        standing, _ = standing_fund_events(log)
        self._standing = [event for _, event in standing]

    def standing(self, as_of: dt.date) -> list[FundEvent]:
        """Return the records that stand at the end of day *as_of*, in the order they stand.

        The log is resolved first (a later record with the same fund and ref
        replaces an earlier one, a retraction removes it, whatever their
        days), then cut at *as_of*: a standing record dated later counts for
        nothing. Every day's ledger is so a part of the log that was checked,
        and shows no more paid than claimed and approved.
        """
        return [event for event in self._standing if event.at <= as_of]

    def ledgers(
        self, as_of: dt.date, index: ObservationIndex | None
    ) -> tuple[FundLedger, ...]:
        """Return every fund's ledger at the end of day *as_of*, in allocation order.

        *index* is an index built for the agreement, or None for no
        observations (nothing accrues, ROI is None).
        """
        by_fund: dict[str, list[FundEvent]] = {}
        for event in self.standing(as_of):
            by_fund.setdefault(event.fund, []).append(event)
        with decimal.localcontext(decimal_context()):
            return tuple(
                _ledger(
                    self._agreement,
                    allocation,
                    by_fund.get(allocation.id, []),
                    index,
                    as_of,
                )
                for allocation in self._funds
            )


def _fund_windows(agreement: Agreement, fund: Fund) -> tuple[Window, ...]:
    if fund.expiry is FundExpiry.TERM:
        return windows(
            agreement.fiscal_calendar, Period.TERM, agreement.start, agreement.end
        )
    return fiscal_years(agreement.fiscal_calendar, agreement.start, agreement.end)


def _within(day: dt.date, spans: tuple[Window, ...]) -> int:
    """Return the position of the window holding *day* (the nearest at the ends)."""
    for k, window in enumerate(spans):
        if day <= window.end:
            return k
    return len(spans) - 1


def _parts(
    period: Window, spans: tuple[Window, ...], first: int
) -> Iterator[tuple[int, dt.date, dt.date]]:
    """Cut *period* at the ends of the fund windows *spans*, from span *first* on.

    Yields each part as ``(position of its fund window, first day, last
    day)``, in the order of the days. A fiscal month, quarter or year lies
    in one fiscal year; an ISO week may cross its end.
    """
    for k in range(first, len(spans)):
        span = spans[k]
        if span.start > period.end:
            return
        start, end = max(period.start, span.start), min(period.end, span.end)
        if start <= end:
            yield k, start, end


def _allocated(
    agreement: Agreement, allocation: ResourceAllocation, spans: tuple[Window, ...]
) -> list[Decimal]:
    amount = Fraction(allocation.amount.amount)
    shares = [Fraction(0)] * len(spans)
    if allocation.per is Period.TERM:
        term_days = (agreement.end - agreement.start).days + 1
        for k, span in enumerate(spans):
            shares[k] = Fraction(
                span.end.toordinal() - span.start.toordinal() + 1, term_days
            )
    else:
        first = 0
        for period in windows(
            agreement.fiscal_calendar, allocation.per, agreement.start, agreement.end
        ):
            # The amount is spread evenly over the days of its period, as
            # rules MC203 and MC204 spread it: a week that crosses a fiscal
            # year's end gives each year its own days. Each day of a week
            # carries a seventh, the short last week of the year 9999 too.
            whole = _WEEK_DAYS if allocation.per is Period.WEEK else period.period_days
            for k, start, end in _parts(period, spans, first):
                first = k
                shares[k] += Fraction((end - start).days + 1, whole)
    return _in_minor_units(
        [amount * share for share in shares], currency_digits(allocation.amount.unit)
    )


_WEEK_DAYS = 7


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def _in_minor_units(amounts: list[Fraction], digits: int) -> list[Decimal]:
    """Round the exact *amounts* of a fund's windows to the currency's minor unit, once.

    By largest remainder: each window gets its amount rounded down to
    *digits* places, and the units still short of the whole (the exact
    total, rounded half-even) go one each to the windows with the largest
    remainders, the earlier first on a tie. The windows so add up to the
    allocation's total in the term, and each is at most one unit from its
    exact amount. An amount that needs no rounding is kept as computed
    (``120000``, not ``120000.00``).
    """
    unit = 10**digits
    scaled = [amount * unit for amount in amounts]
    units = [math.floor(amount) for amount in scaled]
    short = round(sum(scaled, Fraction(0))) - sum(units)
    for k in sorted(range(len(scaled)), key=lambda k: (units[k] - scaled[k], k))[
        :short
    ]:
        units[k] += 1
    return [
        _decimal(exact)
        if units[k] == exact * unit
        else Decimal(f"{units[k]}E-{digits}")
        for k, exact in enumerate(amounts)
    ]


def _to_minor_unit(amount: Decimal, digits: int) -> Decimal:
    """Round *amount* half-even to the currency's *digits*, unless it has no more."""
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -digits:
        return amount
    return rounded(amount, Decimal(1).scaleb(-digits, decimal_context()))


def _accrued(
    agreement: Agreement,
    fund: Fund,
    spans: tuple[Window, ...],
    index: ObservationIndex | None,
    as_of: dt.date,
) -> list[Decimal]:
    result = [_ZERO] * len(spans)
    accrual = fund.accrual
    if accrual is None or index is None:
        return result
    first = 0
    for period in windows(
        agreement.fiscal_calendar, accrual.per, agreement.start, agreement.end
    ):
        if period.start > as_of:
            break
        # A week that crosses a fund window's end is cut there: what its
        # days in each window earned is credited to that window, and the
        # parts, in the order of their days, accrue at most the cap together.
        left = accrual.cap
        for k, start, end in _parts(period, spans, first):
            first = k
            if start > as_of:
                break
            actual = index.actual(accrual.of, start, end, as_of=as_of)
            earned = accrual.rate * (actual or _ZERO)
            if left is not None:
                earned = min(earned, left)
            if earned > 0:
                result[k] += earned
                if left is not None:
                    left -= earned
    return result


def _ledger(
    agreement: Agreement,
    allocation: ResourceAllocation,
    events: list[FundEvent],
    index: ObservationIndex | None,
    as_of: dt.date,
) -> FundLedger:
    fund = allocation.fund
    assert fund is not None  # noqa: S101 - only funds reach here
    spans = _fund_windows(agreement, fund)
    # What the windows hold is rounded once to the currency's minor unit,
    # so that the figures shown are the figures summed: allocated +
    # accrued + granted is available to the cent, on screen as in the JSON.
    allocated = _allocated(agreement, allocation, spans)
    digits = currency_digits(allocation.amount.unit)
    accrued = [
        _to_minor_unit(amount, digits)
        for amount in _accrued(agreement, fund, spans, index, as_of)
    ]
    granted = [_ZERO] * len(spans)
    for event in events:
        if event.event is FundEventKind.GRANT:
            granted[_within(event.at, spans)] += event.amount or _ZERO
    requests = list(_requests(fund, events, spans, as_of))
    result = []
    for k, span in enumerate(spans):
        mine = [r for r in requests if r.window == span.label]
        available = allocated[k] + accrued[k] + granted[k]
        approved = sum((r.approved or _ZERO for r in mine), _ZERO)
        paid = sum((r.paid for r in mine), _ZERO)
        closed = span.end <= as_of
        # What claim decisions did not accept of the approvals is promised no
        # more: it is the window's to approve again while open, and expired
        # with the rest once it closed.
        promised = approved - sum((r.released for r in mine), _ZERO)
        unapproved = max(available - promised, _ZERO)
        lapsed = sum(
            (r.approved or _ZERO for r in mine if r.state is RequestState.EXPIRED),
            _ZERO,
        )
        # What is lost is money the window had and no live approval holds:
        # approvals beyond what it had (MC206's) lapse without losing any.
        unused = max(available - (promised - lapsed), _ZERO)
        expired = min(unused, lapsed + (unapproved if closed else _ZERO))
        roi = None
        if fund.roi_metric is not None and index is not None and paid:
            actual = index.actual(fund.roi_metric, span.start, span.end, as_of=as_of)
            roi = None if actual is None else actual / paid or _ZERO
        result.append(
            FundWindow(
                label=span.label,
                start=span.start,
                end=span.end,
                closed=closed,
                allocated=allocated[k],
                accrued=accrued[k],
                granted=granted[k],
                available=available,
                requested=sum((r.requested for r in mine), _ZERO),
                approved=approved,
                claimed=sum((r.claimed or _ZERO for r in mine), _ZERO),
                paid=paid,
                expired=expired,
                remaining=_ZERO if closed else unapproved,
                # A zero quotient is written 0, as every other zero is
                # (0 / 125030.20 is 0E+2).
                utilisation=(paid / available or _ZERO) if available else None,
                roi=roi,
            )
        )
    return FundLedger(
        fund=allocation.id,
        party=allocation.party,
        unit=allocation.amount.unit,
        as_of=as_of,
        windows=tuple(result),
        requests=tuple(requests),
    )


def _requests(
    fund: Fund, events: list[FundEvent], spans: tuple[Window, ...], as_of: dt.date
) -> Iterator[FundRequest]:
    latest: dict[tuple[FundEventKind, str], FundEvent] = {}
    paid: dict[str, Decimal] = {}
    for event in events:
        if event.request is None:
            continue
        if event.event is FundEventKind.PAYMENT:
            paid[event.request] = paid.get(event.request, _ZERO) + (
                event.amount or _ZERO
            )
        else:
            latest[(event.event, event.request)] = event
    for request in events:
        if request.event is not FundEventKind.REQUEST:
            continue
        ref = request.ref
        approval = latest.get((FundEventKind.APPROVAL, ref))
        claim = latest.get((FundEventKind.CLAIM, ref))
        decision = latest.get((FundEventKind.DECISION, ref))
        deadline = None
        if fund.claim_days is not None:
            done = request.end or request.start or request.at
            days = dt.timedelta(days=fund.claim_days)
            # A deadline past the last day a date can hold is no deadline.
            deadline = None if dt.date.max - done < days else done + days
        late = claim is not None and deadline is not None and claim.at > deadline
        requested = request.amount or _ZERO
        approved = None if approval is None else approval.amount
        state = _state(
            requested,
            approved,
            claim is not None,
            None if decision is None else decision.amount,
            paid.get(ref, _ZERO),
            deadline is not None and deadline < as_of,
        )
        yield FundRequest(
            ref=ref,
            window=spans[_within(request.start or request.at, spans)].label,
            activity=request.activity,
            at=request.at,
            start=request.start,
            end=request.end,
            cost=request.cost,
            requested=requested,
            approved=approved,
            claimed=None if claim is None else claim.amount,
            claimed_on=None if claim is None else claim.at,
            proof=() if claim is None else claim.proof,
            accepted=None if decision is None else decision.amount,
            reason="" if decision is None else decision.reason,
            paid=paid.get(ref, _ZERO),
            deadline=deadline,
            late=late,
            state=state,
        )


def _state(
    requested: Decimal,
    approved: Decimal | None,
    claimed: bool,  # noqa: FBT001
    accepted: Decimal | None,
    paid: Decimal,
    past_deadline: bool,  # noqa: FBT001
) -> RequestState:
    if paid:
        return RequestState.PAID
    if accepted is not None and not accepted:
        return RequestState.CLAIM_REJECTED
    if claimed:
        return RequestState.CLAIMED
    if approved is None:
        return RequestState.REQUESTED
    if not approved:
        return RequestState.REJECTED
    if past_deadline:
        return RequestState.EXPIRED
    if approved < requested:
        return RequestState.PARTIALLY_APPROVED
    return RequestState.APPROVED
