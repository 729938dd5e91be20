"""Market development funds: the fund terms and the events of its log.

A `Fund` is what makes a money allocation a fund the other side draws on:
accrual on a metric, a co-funding ratio, a claim deadline and an expiry. What
happens to it is recorded as `FundEvent` records, a log with the
observations' semantics: a later record with the same fund and ref replaces
an earlier one of its kind (and, for a step, of its request), in the later
one's place, and one with ``amount=None`` retracts it; one of another kind
or request is a clash of refs, refused. `fund_log_problems` resolves such a
log and says what is wrong with it, by record index, so that both the JSON
Lines reader and the ledger report every problem before anything is
evaluated.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeGuard

import attrs

from mutualcommit.errors import InvalidFieldsError, InvalidFundEventsError

from ._accepts import (
    decimal_in,
    fund_event_kind_in,
    fund_expiry_in,
    optional_decimal_in,
    period_in,
    texts_in,
)
from ._coerce import coerce_fields, day_problem, refuses_with
from ._decimal import decimal_problem
from ._enums import FundEventKind, FundExpiry, Period, with_article
from ._frozen import nfc_name, nfc_text
from ._problems import type_problem
from ._shown import described, did_you_mean
from ._unicode import text_problem
from ._value_methods import value_methods

__all__ = [
    "Accrual",
    "Fund",
    "FundEvent",
    "FundEventKind",
    "FundExpiry",
    "field_path",
    "fund_event_problems",
    "fund_log_problems",
    "fund_problems",
    "of_wrong_type",
    "standing_fund_events",
]

_ZERO = Decimal(0)
#: The context payments are added in, whatever the caller's (entered as a
#: copy, so no thread shares its flags): they are below 10^15 with at most
#: 12 places, and 80 digits hold the sum of 10^50 of them exactly.
_SUM = decimal.Context(prec=80, rounding=decimal.ROUND_HALF_EVEN, traps=[])
_ONE = Decimal(1)

#: Why a record's ref may not be empty, wherever a fund log is read or built.
EMPTY_REF = (
    "a record is corrected and retracted by its ref, so two records with an "
    "empty one would be one"
)
#: Why a step's request may not be empty: it names a request by its ref.
BLANK_REQUEST = (
    "a request's ref is never empty or spaces only, so this names no request"
)


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class Accrual:
    """Money a fund earns as a share of a metric, window by window.

    Attributes:
        rate: The share of the metric's actual the fund earns (``0.02`` = 2 %).
        of: The id of a metric in a currency (partner revenue, say).
        per: The windows accrual is counted and capped in; not
            `Period.TERM` when the fund expires at each fiscal year end. A
            week that crosses the end of a fund window is cut there: each
            part earns on its own days, for its own window, and the parts
            together at most ``cap``.
        cap: The most one window accrues, or None.
    """

    rate: Decimal = attrs.field(converter=decimal_in)
    of: str
    per: Period = attrs.field(default=Period.QUARTER, converter=period_in)
    cap: Decimal | None = attrs.field(default=None, converter=optional_decimal_in)


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class Fund:
    """The terms that make a money allocation a fund the other side draws on.

    The allocation's amount is the fund's budget per its ``per``; accrual
    and grants add to it.

    Attributes:
        accrual: How the fund grows with a metric, or None.
        co_funding: The largest share of an activity's cost the fund pays
            (``0.5``: at most half), or None for no limit.
        claim_days: How many days after an activity ends its claim is due,
            or None for no deadline.
        expiry: When money not approved for an activity is lost: at each
            fiscal year end, or at the end of the term.
        roi_metric: The id of a metric whose actual, over what the fund
            paid, is its return on investment; or None. A metric in a
            currency must be in the fund's; one in another unit gives that
            unit per unit of money paid.
    """

    accrual: Accrual | None = None
    co_funding: Decimal | None = attrs.field(
        default=None, converter=optional_decimal_in
    )
    claim_days: int | None = None
    expiry: FundExpiry = attrs.field(
        default=FundExpiry.FISCAL_YEAR, converter=fund_expiry_in
    )
    roi_metric: str | None = None


@value_methods
@refuses_with(InvalidFundEventsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class FundEvent:
    """One record of a fund's log: a grant, or a step of a request.

    Which fields a record uses depends on its ``event``: a ``request`` names
    its ``activity`` (with ``start``, ``end`` and the activity's ``cost``); an
    ``approval``, ``claim``, ``decision`` or ``payment`` names its
    ``request``; a ``claim`` may give the day the cost was ``incurred`` and
    its ``proof``; a ``decision`` accepts ``amount`` of the claim (``0``
    rejects it) and may give a ``reason``.

    A value a field cannot take at all (an ``event`` that is no kind of
    record, an ``amount`` or a ``cost`` that is no decimal: text such as
    ``"1,000"``, a float) is refused when the record is built, every such
    field at once, in an `InvalidFundEventsError` naming the fields (a
    `TypeError` too when one is of the wrong type, a float saying what to
    pass). What else keeps a record from being one on its own (a date or
    text of the wrong type, text with a lone surrogate, which UTF-8 cannot
    carry, an empty ref, a negative amount, a step of a request that names
    none or a blank one) is refused where the log is used: by
    `dump_fund_events`, `fund_event_to_dict`, `fund_ledger` and `receipt`,
    each an `InvalidFundEventsError` with each problem at its field
    (``[3].ref``: ``expected valid Unicode text, got a lone surrogate``).

    Attributes:
        fund: The id of the allocation that is the fund.
        event: What the record is.
        at: The day it happened.
        ref: The record's own id, with text (not empty or spaces only); a
            later record with the same fund and ref replaces it, when of the
            same kind and, for a step, request (one of another is refused,
            as a clash of refs, where the log is used). Held in
            Unicode NFC, as ``request`` is, so that refs match however their
            text was composed.
        amount: The money: granted, requested, approved, claimed, accepted
            or paid; None retracts the record with the same fund and ref.
        request: The ref of the request the record is about.
        activity: What the request is for.
        start: The activity's first day.
        end: The activity's last day.
        cost: The activity's whole cost, of which the fund pays a share.
        incurred: The day a claim's cost was incurred.
        proof: A claim's references to its proof of performance.
        reason: Why a decision was made.
    """

    fund: str
    event: FundEventKind = attrs.field(converter=fund_event_kind_in)
    at: dt.date
    ref: str = attrs.field(converter=nfc_text)
    amount: Decimal | None = attrs.field(converter=optional_decimal_in)
    request: str | None = attrs.field(default=None, converter=nfc_name)
    activity: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    cost: Decimal | None = attrs.field(default=None, converter=optional_decimal_in)
    incurred: dt.date | None = None
    proof: tuple[str, ...] = attrs.field(default=(), converter=texts_in)
    reason: str = ""


_ABOUT_REQUEST = frozenset(
    {
        FundEventKind.APPROVAL,
        FundEventKind.CLAIM,
        FundEventKind.DECISION,
        FundEventKind.PAYMENT,
    }
)


def fund_problems(
    path: str,
    fund: object,
    metrics: Mapping[str, Any] | None,
    currency: str | None = None,
) -> list[tuple[str, str]]:
    """Return the invariants *fund* (at *path*) breaks, as ``(path, message)``.

    With *currency* (the fund's, the agreement's), accrual on a metric in
    another currency is one: it would add, say, dollars to a fund of euros
    one for one. So is a return on investment measured in another currency:
    dollars of revenue over euros paid. A return measured in a unit that is
    no currency (opportunities, say) is that many per unit of money paid.
    Without *currency* (None, as for an agreement whose currency is
    refused), no metric is compared with it. With *metrics* None (the
    agreement's metrics were refused as a whole, so their ids are not
    known), the metrics the fund names are not judged at all. A value of
    the wrong type (set around the converters of a fund built) is a problem
    made with `type_problem`.
    """
    problems: list[tuple[str, str]] = []
    if not isinstance(fund, Fund):
        return [type_problem(path, f"expected a Fund, got {type(fund).__name__}")]

    def add(where: str, message: str, *, typed: bool) -> None:
        """Add a problem; *typed* when the value has the type the field holds."""
        problems.append((where, message) if typed else type_problem(where, message))

    def share(where: str, value: object, *, positive: bool) -> None:
        problem = decimal_problem(value)
        if problem is None and not (
            (value > _ZERO if positive else value >= _ZERO)  # type: ignore[operator]
            and value <= _ONE  # type: ignore[operator]
        ):
            low = "above 0" if positive else "from 0"
            problem = f"expected a share {low} up to 1, got {value}"
        if problem is not None:
            add(where, problem, typed=isinstance(value, Decimal))

    def metric(where: str, value: object, *, money: bool) -> None:
        if metrics is None:
            return
        if not isinstance(value, str) or value not in metrics:
            add(
                where,
                f"no metric with id {value!r}" + did_you_mean(value, metrics, repr),
                typed=isinstance(value, str),
            )
            return
        unit = getattr(metrics[value], "unit", currency)
        if money and unit in _PLAIN_UNITS:
            problems.append(
                (where, f"expected a metric in a currency, {value!r} is not")
            )
        elif (
            currency is not None
            and unit != currency
            # Any unit but another currency (not money, reported above for
            # a fund's money; a malformed unit is reported at the metric's
            # own path, and not again here in its terms).
            and type(unit) is str
            and _CURRENCY.fullmatch(unit)
        ):
            problems.append(
                (
                    where,
                    (
                        f"expected a metric in the fund's currency {currency}, "
                        f"{value!r} is in {metrics[value].unit}"
                    ),
                )
            )

    accrual = fund.accrual
    if accrual is not None:
        a = f"{path}.accrual"
        if not isinstance(accrual, Accrual):
            problems.append(
                type_problem(a, f"expected an Accrual, got {type(accrual).__name__}")
            )
        else:
            share(f"{a}.rate", accrual.rate, positive=False)
            metric(f"{a}.of", accrual.of, money=True)
            if not isinstance(accrual.per, Period):
                problems.append(
                    type_problem(f"{a}.per", f"expected a Period, got {accrual.per!r}")
                )
            elif accrual.per is Period.TERM and fund.expiry is FundExpiry.FISCAL_YEAR:
                problems.append(
                    (
                        f"{a}.per",
                        (
                            "a fund that expires each fiscal year accrues per year, "
                            "quarter or month, not per term"
                        ),
                    )
                )
            if accrual.cap is not None:
                problem = decimal_problem(accrual.cap)
                if problem is None and accrual.cap < _ZERO:
                    problem = f"expected a value of at least 0, got {accrual.cap}"
                if problem is not None:
                    add(f"{a}.cap", problem, typed=isinstance(accrual.cap, Decimal))
    if fund.co_funding is not None:
        share(f"{path}.co_funding", fund.co_funding, positive=True)
    # Here: _bounds reads the entities, which read this module.
    from ._bounds import MAX_TERM_DAYS as _MOST_DAYS

    days = fund.claim_days
    # As many days as the longest term, as a policy's day counts.
    if days is not None and (type(days) is not int or not 0 <= days <= _MOST_DAYS):
        add(
            f"{path}.claim_days",
            (
                f"expected a whole number of days from 0 to {_MOST_DAYS}, "
                f"got {_days(days)}"
            ),
            typed=type(days) is int,
        )
    if not isinstance(fund.expiry, FundExpiry):
        problems.append(
            type_problem(
                f"{path}.expiry",
                f"expected 'fiscal_year' or 'term', got {fund.expiry!r}",
            )
        )
    if fund.roi_metric is not None:
        metric(f"{path}.roi_metric", fund.roi_metric, money=False)
    return problems


_PLAIN_UNITS = frozenset({"count", "percent", "fte", "hour", "day"})
_CURRENCY = re.compile(r"[A-Z]{3}")


def standing_fund_events(
    events: Iterable[FundEvent],
) -> tuple[list[tuple[int, FundEvent]], list[tuple[int, str, str]]]:
    """Resolve a fund log into the records that stand, and say what is wrong.

    A later record with the fund and ref of an earlier one corrects it (or,
    with no amount, retracts it) when it is of the same kind and, for a step
    of a request, of the same request. One of another kind or request is a
    clash of refs, which `fund_log_problems` refuses: it stands beside the
    earlier record, as it would with a ref of its own.

    Returns:
        The standing records with their index in the input, in the order
        they stand (a replacement takes the later record's place), and the
        problems of each record on its own, each ``(index, field,
        message)`` as `fund_event_problems` names the field.
    """
    resolved = _resolve(list(events))
    return resolved.standing, resolved.problems


#: What a record corrects: its fund, ref and kind, and a step's request.
_Key = tuple[str, str, FundEventKind, str | None]


class _Slot:
    """The records of one key, the later correcting the earlier."""

    __slots__ = ("latest", "standing")

    def __init__(self) -> None:
        # The last record that would stand once every record is mended
        # (None once retracted), and the last that stands as it is.
        self.latest: tuple[int, FundEvent] | None = None
        self.standing: tuple[int, FundEvent] | None = None


class _Resolved:
    """A fund log resolved: what stands, and what the resolution found.

    Attributes:
        standing: The standing records, each with its index, in the order
            they stand.
        problems: Each record's own problems, ``(index, field, message)``.
        clashes: Each record whose fund and ref are those of a record of
            another kind or request, with that record's index.
        retracted: The index of the retraction that last removed a request,
            by fund and ref.
        refused: The requests that would stand but for problems of their
            own (the last record of their key), with their index, by fund
            and ref.
    """

    __slots__ = ("clashes", "problems", "refused", "retracted", "standing")

    def __init__(
        self,
        standing: list[tuple[int, FundEvent]],
        problems: list[tuple[int, str, str]],
        clashes: list[tuple[int, int]],
        retracted: dict[tuple[str, str], int],
        refused: dict[tuple[str, str], tuple[int, FundEvent]],
    ) -> None:
        self.standing = standing
        self.problems = problems
        self.clashes = clashes
        self.retracted = retracted
        self.refused = refused


def _key(event: object) -> _Key | None:
    """Return what *event* corrects, or None when a field it needs is of the wrong type."""
    if not (
        isinstance(event, FundEvent)
        and isinstance(event.fund, str)
        and isinstance(event.ref, str)
        and isinstance(event.event, FundEventKind)
        and (event.request is None or isinstance(event.request, str))
    ):
        return None
    request = event.request if event.event in _ABOUT_REQUEST else None
    return (event.fund, event.ref, event.event, request)


def _resolve(events: Sequence[object]) -> _Resolved:
    """Resolve *events* as `standing_fund_events` does, and say what it found.

    A record refused for problems of its own stands for nothing and leaves
    standing what it would correct; it takes part in the rest as it would
    once mended: it is compared with the records of its ref, and what a
    later record of its key is compared with.
    """
    slots: dict[_Key, _Slot] = {}
    by_ref: dict[tuple[str, str], list[_Key]] = {}
    order: dict[_Key, None] = {}
    problems: list[tuple[int, str, str]] = []
    clashes: list[tuple[int, int]] = []
    retracted: dict[tuple[str, str], int] = {}
    for index, event in enumerate(events):
        own = fund_event_problems(event)
        problems.extend((index, field, message) for field, message in own)
        key = _key(event)
        if key is None:
            continue
        assert isinstance(event, FundEvent)  # noqa: S101 - _key tells
        ref = key[:2]
        keys = by_ref.setdefault(ref, [])
        # The keys of the ref that hold a record, each with its latest.
        live = {k: held for k in keys if (held := slots[k].latest) is not None}
        if key[3] is None and event.amount is None and key[2] in _ABOUT_REQUEST:
            # A step's retraction may leave its request out: it retracts
            # the step of its kind with its ref.
            key = next((k for k in reversed(live) if k[2] is key[2]), key)
        if live and key not in live:
            # A clash: the latest record of the ref is named, and the record
            # stands beside it, as it would with a ref of its own.
            clashes.append((index, max(held[0] for held in live.values())))
        slot = slots.get(key)
        if slot is None:
            slot = slots[key] = _Slot()
            keys.append(key)
        held = None if event.amount is None else (index, event)
        if key[2] is FundEventKind.REQUEST and held is None and slot.latest is not None:
            retracted[ref] = index
        slot.latest = held
        if own:
            # A malformed record stands for nothing, so that the checks of
            # the log as a whole never compare a value of the wrong type.
            continue
        order.pop(key, None)
        slot.standing = held
        if held is not None:
            order[key] = None
    refused = {
        key[:2]: slot.latest
        for key, slot in slots.items()
        if key[2] is FundEventKind.REQUEST
        and slot.latest is not None
        and slot.latest is not slot.standing
    }
    # Each key in order holds a standing record.
    standing = [held for key in order if (held := slots[key].standing) is not None]
    return _Resolved(standing, problems, clashes, retracted, refused)


def _is_day(value: object) -> TypeGuard[dt.date]:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


#: A problem of one record: the field it is in (its model path, ``amount``
#: or ``proof[1]``; empty for the record as a whole) and the message.
FieldProblem = tuple[str, str]


def field_path(where: str, field: str) -> str:
    """Return the path of a record's *field* after the record's path *where*.

    ``[3]`` and ``amount`` make ``[3].amount``; an empty *field* (a problem
    of the record as a whole) leaves *where* as it is, and an empty *where*
    (a record on its own) makes the field's own path, ``amount``.
    """
    if not field:
        return where
    return f"{where}.{field}" if where else field


def of_wrong_type(event: object) -> bool:
    """Tell whether *event*, an item of a fund log, is of the wrong type.

    No `FundEvent` at all, or one with a field of the wrong type (text for
    a day, a number for a ref): a log that holds one is refused with a
    `TypeError` too.
    """
    return not isinstance(event, FundEvent) or bool(_shape_problems(event))


def _shape_problems(event: FundEvent) -> list[FieldProblem]:
    """Say which fields hold a value of the wrong type (an event built in code)."""
    problems = [
        (name, f"expected a string, got {getattr(event, name)!r}")
        for name in ("fund", "ref", "activity", "reason")
        if not isinstance(getattr(event, name), str)
    ]
    if event.request is not None and not isinstance(event.request, str):
        problems.append(("request", f"expected a string, got {event.request!r}"))
    if not _is_day(event.at):
        problems.append(("at", day_problem(event.at)))
    problems.extend(
        (name, day_problem(getattr(event, name), optional=True))
        for name in ("start", "end", "incurred")
        if getattr(event, name) is not None and not _is_day(getattr(event, name))
    )
    if not all(isinstance(item, str) for item in event.proof):
        problems.append(("proof", f"expected strings, got {event.proof!r}"))
    return problems


def _text_problems(event: FundEvent) -> list[FieldProblem]:
    """Say which text fields hold a lone surrogate or an unstable code point.

    The readers refuse text with a lone surrogate, which UTF-8 cannot
    carry: a record that held one could be neither written nor digested.
    A code point whose normalisation depends on the Python (see
    `unstable_problem`) would make the record's digest depend on it.
    """
    problems = [
        (name, problem)
        for name in ("fund", "ref", "activity", "reason", "request")
        if (problem := _text_problem(getattr(event, name))) is not None
    ]
    problems.extend(
        (f"proof[{i}]", problem)
        for i, item in enumerate(event.proof)
        if (problem := _text_problem(item)) is not None
    )
    return problems


def _text_problem(value: object) -> str | None:
    """Say what is wrong with *value*'s text (other types are named apart), or None."""
    if not isinstance(value, str) or value.isascii():
        return None
    return text_problem(value)


def fund_event_problems(event: object) -> list[FieldProblem]:
    """Say what keeps *event*, an item of a fund log, from being a record on its own.

    Not a `FundEvent`, a field of the wrong type, text with a lone
    surrogate (which UTF-8 cannot carry), an empty ref, a negative or
    malformed amount or cost, a step of a request that names none or a
    blank one, an activity that ends before it starts. Each problem is
    ``(field, message)``: the field it is in (``amount``, ``proof[1]``),
    which a reader writes as the line's JSON path (``$.amount``) and the
    ledger after the record's index (``[3].amount``), or empty when
    *event* is no `FundEvent` at all. Empty when it is a record; the log as
    a whole is `fund_log_problems`' to check.
    """
    if not isinstance(event, FundEvent):
        return [("", f"expected a FundEvent, got {event!r}")]
    return _record_problems(event)


def _record_problems(event: FundEvent) -> list[FieldProblem]:
    # Every problem at once: a field of the wrong type is named by
    # _shape_problems, and only the checks that would read it are skipped.
    problems = _shape_problems(event)
    problems.extend(_text_problems(event))
    if isinstance(event.ref, str) and not event.ref.strip():
        problems.append(("ref", f"expected a ref, got {event.ref!r}: {EMPTY_REF}"))
    if not isinstance(event.event, FundEventKind):
        names = ", ".join(kind.value for kind in FundEventKind)
        problems.append(
            ("event", f"expected an event kind ({names}), got {event.event!r}")
        )
    if isinstance(event.request, str) and not event.request.strip():
        problems.append(
            ("request", f"expected a ref, got {event.request!r}: {BLANK_REQUEST}")
        )
    if event.amount is not None:
        problem = decimal_problem(event.amount)
        if problem is None and event.amount < _ZERO:
            problem = f"a negative amount, {event.amount}: amounts are at least 0"
        if problem is not None:
            problems.append(("amount", problem))
        if event.event in _ABOUT_REQUEST and event.request is None:
            problems.append(
                ("request", f"{with_article(event.event)} names no request")
            )
    if event.cost is not None:
        problem = decimal_problem(event.cost)
        if problem is None and event.cost < _ZERO:
            problem = f"a negative cost, {event.cost}: costs are at least 0"
        if problem is not None:
            problems.append(("cost", problem))
    if _is_day(event.start) and _is_day(event.end) and event.end < event.start:
        problems.append(
            (
                "end",
                f"the activity ends ({event.end}) before it starts ({event.start})",
            )
        )
    return problems


def fund_log_problems(
    events: Sequence[FundEvent],
    funds: Iterable[str] | None = None,
    term: tuple[dt.date, dt.date] | None = None,
    windows: Mapping[str, Sequence[tuple[str, dt.date]]] | None = None,
    *,
    name: Callable[[int], str] = "[{}]".format,
) -> list[tuple[int, str, str]]:
    """Return every problem of a fund log, each ``(index, field, message)``, by index.

    Each record's own problems (`fund_event_problems`) come first, each with
    the field it is in (``amount``); a problem of the record in the log has
    an empty field. Besides those: a record with the fund and ref of
    an earlier one of another kind, or of a step of another request (a
    clash of refs, not a correction: it names the earlier record, and each
    is judged as it would be with its own ref); an approval, claim,
    decision or payment of a request that does not stand in the same fund
    (naming the record that retracted it, if one did), or dated before it;
    a second standing approval, claim or decision of a request
    (a request has one of each: a second would replace the first unseen);
    an approval above its request; a decision or payment with no claim, or
    dated before it; a decision above its claim; a payment with no
    approval, or dated before it; payments above the claim, the amount its
    decision accepted or the approval. With *funds*, a record of a fund not
    among them; with *term* (the agreement's first and last day), a grant
    dated outside it, or a request whose activity starts outside it (made
    outside it, for a request without a start): the fund's windows hold
    neither. With *windows* (each fund's windows in order, each its label
    and last day), an approval of more than 0 dated after the window of its
    request closed: what the window had not approved by its last day
    expired, and approving it later would spend that money again.

    A record refused for problems of its own stands for nothing, yet is
    judged on what it holds of the right type (its fund, its days); a step
    of a request refused so is named as such, and judged against that
    request all the same: mending a record brings up no problem that was
    not listed.

    Args:
        events: The log, in input order.
        funds: The ids of the agreement's funds, or None not to check them.
        term: The agreement's first and last day, or None.
        windows: Each fund's windows (label and last day), or None.
        name: What names a record by its index in a problem of another
            one (a step whose request was refused): its ``[index]``, or
            the line a reader read it from (``line 3``).
    """
    resolved = _resolve(events)
    standing, refused = resolved.standing, resolved.refused
    malformed = sorted({index for index, _, _ in resolved.problems})
    problems = [
        (index, _clash(events[index], events[earlier], name(earlier)))
        for index, earlier in resolved.clashes
    ]
    known = None if funds is None else frozenset(funds)
    requests: dict[tuple[str, str], FundEvent] = {}
    claims: dict[tuple[str, str], tuple[int, FundEvent]] = {}
    decisions: dict[tuple[str, str], FundEvent] = {}
    approvals: dict[tuple[str, str], FundEvent] = {}
    payments: dict[tuple[str, str], list[tuple[int, FundEvent]]] = {}
    # The first standing approval, claim and decision of each request.
    steps_of: dict[str, dict[tuple[str, str], FundEvent]] = {
        "approval": {},
        "claim": {},
        "decision": {},
    }
    for _, event in standing:
        if event.event is FundEventKind.REQUEST:
            requests[(event.fund, event.ref)] = event
    # A refused record is judged on what it holds of the right type as well:
    # mending it brings up no problem that was not listed.
    for index, event in [*standing, *((i, events[i]) for i in malformed)]:
        if not isinstance(event, FundEvent):
            continue
        if (
            known is not None
            and isinstance(event.fund, str)
            and event.fund not in known
        ):
            problems.append((index, f"no fund (allocation with a fund) {event.fund!r}"))
        if term is not None:
            problem = _outside(event, *term)
            if problem is not None:
                problems.append((index, problem))
    for index, event in standing:
        if event.event not in _ABOUT_REQUEST or event.request is None:
            continue
        key = (event.fund, event.request)
        request = requests.get(key)
        if request is None and key in refused:
            where, request = refused[key]
            problems.append(
                (
                    index,
                    (
                        f"{with_article(event.event)} whose request {event.request!r} "
                        f"({name(where)}) was refused"
                    ),
                )
            )
        if request is None:
            gone = resolved.retracted.get(key)
            problems.append(
                (
                    index,
                    (
                        f"{with_article(event.event)} for request {event.request!r}, which fund "
                        f"{event.fund!r} has no standing request of"
                        + ("" if gone is None else f": {name(gone)} retracted it")
                    ),
                )
            )
            continue
        if _is_day(request.at) and event.at < request.at:
            problems.append(
                (
                    index,
                    (
                        f"{with_article(event.event)} dated {event.at}, before its request "
                        f"{event.request!r} of {request.at}"
                    ),
                )
            )
        steps = _ONE_PER_REQUEST.get(event.event)
        if steps is not None:
            first = steps_of[steps].get(key)
            if first is not None and first.ref != event.ref:
                problems.append((index, _second(event, first)))
                continue
            steps_of[steps][key] = event
        if event.event is FundEventKind.APPROVAL:
            approvals[key] = event
            late = _late_approval(event, request, windows)
            if late is not None:
                problems.append((index, late))
            if (
                event.amount is not None
                and _is_amount(request.amount)
                and event.amount > request.amount
            ):
                problems.append(
                    (
                        index,
                        (
                            f"an approval of {event.amount}, above the "
                            f"{request.amount} request {event.request!r} asked for"
                        ),
                    )
                )
        elif event.event is FundEventKind.CLAIM:
            claims[key] = (index, event)
        elif event.event is FundEventKind.DECISION:
            decisions[key] = event
        elif event.event is FundEventKind.PAYMENT:
            payments.setdefault(key, []).append((index, event))
    for index, event in standing:
        if (
            event.event not in (FundEventKind.DECISION, FundEventKind.PAYMENT)
            or event.request is None
        ):
            continue
        key = (event.fund, event.request)
        claim = claims.get(key)
        if (
            (key in requests or key in refused)
            and claim is None
            and event.event is FundEventKind.DECISION
        ):
            problems.append(
                (index, f"a decision on request {event.request!r}, which has no claim")
            )
        elif claim is not None and event.at < claim[1].at:
            problems.append(
                (
                    index,
                    (
                        f"{with_article(event.event)} dated {event.at}, before the claim of request "
                        f"{event.request!r} of {claim[1].at}"
                    ),
                )
            )
        if (
            event.event is FundEventKind.DECISION
            and claim is not None
            and claim[1].amount is not None
            and event.amount is not None
            and event.amount > claim[1].amount
        ):
            problems.append(
                (
                    index,
                    (
                        f"a decision accepting {event.amount}, above the "
                        f"{claim[1].amount} claimed of request {event.request!r}"
                    ),
                )
            )
        approval = approvals.get(key)
        if (
            event.event is FundEventKind.PAYMENT
            and approval is not None
            and event.at < approval.at
        ):
            # Cut at a day between the two, the payment would stand unapproved.
            problems.append(
                (
                    index,
                    (
                        f"a payment dated {event.at}, before the approval of request "
                        f"{event.request!r} of {approval.at}"
                    ),
                )
            )
    for key, paid in payments.items():
        claim = claims.get(key)
        approval = approvals.get(key)
        if claim is None or approval is None:
            missing = "claim" if claim is None else "approval"
            problems.extend(
                (index, f"a payment of request {key[1]!r}, which has no {missing}")
                for index, _ in paid
            )
            continue
        decision = decisions.get(key)
        # The lowest of the three, each a ceiling on its own (a decision
        # above its claim is refused above, and pays no more than the claim).
        ceiling, what = claim[1].amount, "claimed"
        for step, named in (
            (decision, "accepted by its decision"),
            (approval, "approved"),
        ):
            if (
                step is not None
                and step.amount is not None
                and (ceiling is None or step.amount < ceiling)
            ):
                ceiling, what = step.amount, named
        total = _ZERO
        for index, event in paid:
            with decimal.localcontext(_SUM):
                total += event.amount  # type: ignore[operator]
            if ceiling is not None and total > ceiling:
                problems.append(
                    (
                        index,
                        (
                            f"payments of request {key[1]!r} reach {total}, above the "
                            f"{ceiling} {what}"
                        ),
                    )
                )
                break
    found = [*resolved.problems, *((index, "", message) for index, message in problems)]
    # Stable: a record's own problems first.
    found.sort(key=lambda item: item[0])
    return found


def _is_amount(value: object) -> TypeGuard[Decimal]:
    """Tell whether *value* is an amount a step can be compared with: a model decimal of at least 0."""
    return decimal_problem(value) is None and value >= _ZERO  # type: ignore[operator]


def _outside(event: FundEvent, start: dt.date, end: dt.date) -> str | None:
    """Say that a grant, or a request's activity, falls outside the term; None when not."""
    where = f"outside the term ({start} to {end}), which the fund's windows cover"
    # A day of the wrong type (a refused record's) is not compared.
    if (
        event.event is FundEventKind.GRANT
        and _is_day(event.at)
        and not start <= event.at <= end
    ):
        return f"a grant dated {event.at}, {where}"
    if event.event is FundEventKind.REQUEST:
        if _is_day(event.start) and not start <= event.start <= end:
            return f"a request whose activity starts {event.start}, {where}"
        if event.start is None and _is_day(event.at) and not start <= event.at <= end:
            return (
                f"a request of {event.at} with no start, {where}; give the "
                "activity's start"
            )
    return None


def _late_approval(
    approval: FundEvent,
    request: FundEvent,
    windows: Mapping[str, Sequence[tuple[str, dt.date]]] | None,
) -> str | None:
    """Say that *approval* came after the window of *request* closed; None when not.

    A rejection (an approval of 0) approves no money, so it may come late.
    """
    spans = None if windows is None else windows.get(approval.fund)
    if not spans or not approval.amount:
        return None
    day = request.start or request.at
    if not _is_day(day):
        return None  # a request refused for it, which says so
    # The window holding the day, or the nearest at the ends, as the ledger
    # counts a request.
    label, end = next(((k, e) for k, e in spans if day <= e), spans[-1])
    if approval.at <= end:
        return None
    where = "the term" if label == "term" else f"fiscal year {label}"
    return (
        f"an approval dated {approval.at}, after {where} of request "
        f"{approval.request!r} closed on {end}: the money the fund had not "
        "approved by then expired, and a later approval cannot spend it; "
        "approve 0 (a rejection), or retract the approval"
    )


#: The steps a request has one of, by the name its messages use.
_ONE_PER_REQUEST = {
    FundEventKind.APPROVAL: "approval",
    FundEventKind.CLAIM: "claim",
    FundEventKind.DECISION: "decision",
}


def _second(event: FundEvent, first: FundEvent) -> str:
    """Say that *event* is a second standing approval, claim or decision of a request."""
    step = _ONE_PER_REQUEST[event.event]
    return (
        f"a second {step} of request {event.request!r} (ref {event.ref!r}) besides "
        f"{step} {first.ref!r}: a request has one {step}; to change it, correct "
        f"{step} {first.ref!r} (a record with ref {first.ref!r} and the whole amount)"
    )


def _named(event: FundEvent) -> str:
    """Name a record by its kind and ref, a step with its request: ``payment 'P1' of request 'R1'``."""
    named = f"{event.event} {event.ref!r}"
    if event.event in _ABOUT_REQUEST and event.request is not None:
        named += f" of request {event.request!r}"
    return named


def _clash(event: FundEvent, earlier: FundEvent, where: str) -> str:
    """Say that *event* has the fund and ref of *earlier* (at *where*), another record."""
    what = with_article(event.event)
    verb = "correct"
    if event.amount is None:
        what, verb = f"a retraction of {what}", "retract"
    elif event.event in _ABOUT_REQUEST and event.request is not None:
        what += f" of request {event.request!r}"
    if event.event is earlier.event:
        cannot = (
            f"{with_article(event.event)} of one request cannot {verb} that of another"
        )
    else:
        cannot = (
            f"{with_article(event.event)} cannot {verb} {with_article(earlier.event)}"
        )
    return (
        f"{what} with ref {event.ref!r}, the ref of {_named(earlier)} ({where}): "
        "a later record with the same fund and ref corrects the earlier one (or "
        f"retracts it, with no amount), and {cannot}; give each record a ref of "
        "its own"
    )


def _days(value: object) -> str:
    """Show a day count that may be huge (an int of thousands of digits)."""
    if type(value) is int and value.bit_length() > 64:  # noqa: PLR2004 - shown whole below
        return f"an integer of {value.bit_length()} bits"
    # Its type too, as every whole-number field names what it found.
    return described(value)
