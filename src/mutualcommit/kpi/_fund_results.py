"""What a fund ledger holds: its windows, its requests and their states.

`fund_ledger` (in ``_funds``) computes them; `funds_to_dict` writes them as
JSON-ready data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

import attrs

from mutualcommit._frames import Schema
from mutualcommit.errors import NotFoundError
from mutualcommit.model import Agreement, decimal_context, decimal_text
from mutualcommit.model._arguments import as_choice, as_day, as_instance, as_log
from mutualcommit.model._notebook import ShowsDocument
from mutualcommit.model._shown import no_such

__all__ = [
    "FUNDS_FORMAT",
    "FUND_FIGURES",
    "FUND_REQUEST_SCHEMA",
    "FUND_WINDOW_SCHEMA",
    "FundLedger",
    "FundRequest",
    "FundWindow",
    "RequestState",
    "funds_to_dict",
]

_ZERO = Decimal(0)


class RequestState(StrEnum):
    """Where a fund request stands."""

    REQUESTED = "requested"
    APPROVED = "approved"
    PARTIALLY_APPROVED = "partially_approved"
    REJECTED = "rejected"
    CLAIMED = "claimed"
    CLAIM_REJECTED = "claim_rejected"
    PAID = "paid"
    EXPIRED = "expired"


@attrs.frozen(kw_only=True)
class FundRequest:
    """A request on a fund and what became of it.

    Attributes:
        ref: The request's ref.
        window: The label of the fund window it belongs to.
        activity: What it is for.
        at: The day it was made.
        start: The activity's first day, or None.
        end: The activity's last day, or None.
        cost: The activity's whole cost, or None.
        requested: The amount asked for.
        approved: The amount approved, or None before an approval.
        claimed: The amount claimed, or None before a claim.
        claimed_on: The day of the claim, or None.
        proof: The claim's proof references.
        accepted: The amount the claim decision accepted, or None; what
            it did not accept of the approval is `released`.
        reason: The claim decision's reason.
        paid: The sum of the payments.
        deadline: The last day to claim, or None when the fund sets none.
        late: Whether the claim came after the deadline.
        state: Where the request stands.
    """

    ref: str
    window: str
    activity: str
    at: dt.date
    start: dt.date | None
    end: dt.date | None
    cost: Decimal | None
    requested: Decimal
    approved: Decimal | None = None
    claimed: Decimal | None = None
    claimed_on: dt.date | None = None
    proof: tuple[str, ...] = ()
    accepted: Decimal | None = None
    reason: str = ""
    paid: Decimal = _ZERO
    deadline: dt.date | None = None
    late: bool = False
    state: RequestState = RequestState.REQUESTED

    @property
    def unproven(self) -> bool:
        """Whether the request was claimed without any proof reference."""
        return self.claimed is not None and not self.proof

    @property
    def released(self) -> Decimal:
        """What a claim decision did not accept of the approval: money no longer promised.

        The approval less what the decision accepted (all of it when the
        claim was rejected), 0 before a decision, or when it accepted the
        whole approval or more. Its window counts it as ``remaining`` while
        open and as ``expired`` once closed.
        """
        if self.accepted is None or self.approved is None:
            return _ZERO
        # In the library's context, whatever the caller's.
        return max(decimal_context().subtract(self.approved, self.accepted), _ZERO)


@attrs.frozen(kw_only=True)
class FundWindow:
    """A fund's money in one window (a fiscal year, or the term).

    Attributes:
        label: ``FY2027`` or ``term``.
        start: The first day (inclusive).
        end: The last day (inclusive).
        closed: Whether the window ended on or before ``as_of``.
        allocated: The allocation's amount in the window, to the
            currency's minor unit (the windows by largest remainder, so
            they add up to the allocation's rounded total).
        accrued: What accrual earned in it, to the currency's minor unit.
        granted: What grants added in it.
        available: ``allocated + accrued + granted``.
        requested: What its requests asked for.
        approved: What was approved of them, every approval in full (what
            claim decisions did not accept of it is counted again where it
            went: ``remaining``, or ``expired``).
        claimed: What was claimed.
        paid: What was paid.
        expired: What was lost: available and not approved once the window
            closed (what claim decisions did not accept of their approvals
            included), and approvals whose claim deadline passed unclaimed,
            at most what was available beyond the approvals still alive.
        remaining: What is left to approve in an open window, what claim
            decisions did not accept of their approvals included (0 once
            closed or when overcommitted).
        utilisation: ``paid / available``, or None when nothing is available.
        roi: The ROI metric's actual over the window ÷ ``paid``, or None.
    """

    label: str
    start: dt.date
    end: dt.date
    closed: bool
    allocated: Decimal
    accrued: Decimal
    granted: Decimal
    available: Decimal
    requested: Decimal
    approved: Decimal
    claimed: Decimal
    paid: Decimal
    expired: Decimal
    remaining: Decimal
    utilisation: Decimal | None
    roi: Decimal | None


@attrs.frozen(kw_only=True)
class FundLedger(ShowsDocument):
    """One fund's ledger at ``as_of``: its windows and its requests.

    Attributes:
        fund: The id of the allocation that is the fund.
        party: The id of the party that provides it.
        unit: Its currency.
        as_of: The day it was drawn up as of (its end).
        windows: Its windows, in order.
        requests: Its standing requests, in the order they stand.
    """

    fund: str
    party: str
    unit: str
    as_of: dt.date
    windows: tuple[FundWindow, ...]
    requests: tuple[FundRequest, ...]

    def window(self, label: str) -> FundWindow:
        """Return the window labelled *label*.

        Raises:
            NotFoundError: When the fund has no window of that label.
        """
        for window in self.windows:
            if window.label == label:
                return window
        where = f"fund {self.fund!r}"
        labels = (w.label for w in self.windows)
        raise NotFoundError(
            no_such("window", label, where, labels, suggest=False), label
        )

    def request(self, ref: str) -> FundRequest:
        """Return the request with ref *ref*.

        Raises:
            NotFoundError: When the fund has no standing request of that ref.
        """
        for request in self.requests:
            if request.ref == ref:
                return request
        where = f"fund {self.fund!r}"
        raise NotFoundError(
            no_such("request", ref, where, (r.ref for r in self.requests)), ref
        )

    def to_records(
        self, table: Literal["windows", "requests"] = "windows"
    ) -> list[dict[str, Any]]:
        """Return the ledger as flat records (plain dicts), for a frame.

        ``table="windows"``: one record per window, with ``fund``, ``party``
        (the party that provides the fund), ``unit``, ``window`` (the
        window's label, the key a request's ``window`` names it by, as every
        table of records calls it) and the window's other fields.
        ``table="requests"``: one record per request, with ``fund``,
        ``party``, ``unit`` and the request's fields, its ``state`` as its
        value. Numbers stay exact Decimals.

        Raises:
            ValueError: When *table* is neither ``"windows"`` nor
                ``"requests"``.
        """
        if as_choice("table", table, _TABLES) == "requests":
            return [
                {
                    "fund": self.fund,
                    "party": self.party,
                    "unit": self.unit,
                    **attrs.asdict(request, recurse=False),
                    "state": request.state.value,
                }
                for request in self.requests
            ]
        return [
            {
                "fund": self.fund,
                "party": self.party,
                "unit": self.unit,
                "window": window.label,
                **attrs.asdict(window, filter=_unlabelled),
            }
            for window in self.windows
        ]

    def to_pandas(self, table: Literal["windows", "requests"] = "windows") -> Any:
        """Return `to_records` as a `pandas.DataFrame` (needs the ``pandas`` extra).

        Decimals become floats in the frame. Each column has its table's
        dtype whatever the rows hold (None in every row, or no row at all):
        numbers ``float64`` (None is NaN), whole numbers ``Int64`` (None is
        ``<NA>``), so frames stack with ``pandas.concat``.

        Raises:
            ModuleNotFoundError: When pandas is not installed.
            ValueError: As `to_records`.
        """
        from mutualcommit._frames import to_pandas

        schema = _schema(table)
        return to_pandas(self.to_records(table), schema, "FundLedger.to_pandas()")

    def to_polars(self, table: Literal["windows", "requests"] = "windows") -> Any:
        """Return `to_records` as a `polars.DataFrame` (needs the ``polars`` extra).

        Decimals become floats in the frame. Each column has its table's
        type whatever the rows hold (None in every row, or no row at all), so
        frames stack with ``polars.concat``.

        Raises:
            ModuleNotFoundError: When polars is not installed.
            ValueError: As `to_records`.
        """
        from mutualcommit._frames import to_polars

        schema = _schema(table)
        return to_polars(self.to_records(table), schema, "FundLedger.to_polars()")


#: The money figures of a `FundWindow`, in order: its fields from
#: ``allocated`` to ``remaining``.
FUND_FIGURES = (
    "allocated",
    "accrued",
    "granted",
    "available",
    "requested",
    "approved",
    "claimed",
    "paid",
    "expired",
    "remaining",
)
#: The columns of a ledger's window records, in order, with their kinds.
FUND_WINDOW_SCHEMA: Schema = (
    ("fund", "text"),
    ("party", "text"),
    ("unit", "text"),
    ("window", "text"),
    ("start", "date"),
    ("end", "date"),
    ("closed", "bool"),
    *((figure, "float") for figure in FUND_FIGURES),
    ("utilisation", "float"),
    ("roi", "float"),
)
#: The columns of a ledger's request records, in order, with their kinds.
FUND_REQUEST_SCHEMA: Schema = (
    ("fund", "text"),
    ("party", "text"),
    ("unit", "text"),
    ("ref", "text"),
    ("window", "text"),
    ("activity", "text"),
    ("at", "date"),
    ("start", "date"),
    ("end", "date"),
    ("cost", "float"),
    ("requested", "float"),
    ("approved", "float"),
    ("claimed", "float"),
    ("claimed_on", "date"),
    ("proof", "texts"),
    ("accepted", "float"),
    ("reason", "text"),
    ("paid", "float"),
    ("deadline", "date"),
    ("late", "bool"),
    ("state", "text"),
)
_TABLES = ("windows", "requests")


def _unlabelled(attribute: attrs.Attribute[object], _: object) -> bool:
    # A window record names its label ``window``, as every other table does.
    return attribute.name != "label"


def _schema(table: str) -> Schema:
    if as_choice("table", table, _TABLES) == "requests":
        return FUND_REQUEST_SCHEMA
    return FUND_WINDOW_SCHEMA


#: The value of a fund ledger document's ``"format"`` key.
FUNDS_FORMAT = "mutualcommit.funds"


def _json(value: object) -> object:
    if isinstance(value, Decimal):
        # Canonical, as every other JSON of the library: no exponent, no
        # trailing zeros, whatever the arithmetic left.
        return decimal_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return [_json(item) for item in value]
    return value


def _row(value: FundWindow | FundRequest) -> dict[str, object]:
    return {f.name: _json(getattr(value, f.name)) for f in attrs.fields(type(value))}


def funds_to_dict(
    ledgers: Iterable[FundLedger],
    *,
    as_of: dt.date,
    agreement: Agreement | None = None,
) -> dict[str, Any]:
    """Return *ledgers* as JSON-ready data (what ``mutualcommit funds --format json`` prints).

    Decimals are exact decimal strings in canonical form (no exponent, no
    trailing fractional zeros), dates ``YYYY-MM-DD``, None ``null``.

    Args:
        ledgers: What `fund_ledger` returns.
        as_of: The day they are drawn up as of.
        agreement: The agreement whose funds they are: its ``agreement``
            id and its ``fingerprint`` then follow ``format_version``, as
            a scorecard's and an exceptions report's do, so that a file of
            ledgers names what it is about. Without it (the default) the
            document has neither key, as before.

    Raises:
        TypeError: When *ledgers* is not an iterable of `FundLedger` (a
            single ledger: pass ``[ledger]``), *as_of* not a
            `datetime.date`, or *agreement* neither an `Agreement` nor None.
    """
    as_of = as_day("as_of", as_of)
    if agreement is not None:
        as_instance("agreement", agreement, Agreement)
    ledgers = [
        as_instance(f"ledgers[{index}]", ledger, FundLedger)
        for index, ledger in enumerate(as_log("ledgers", ledgers, record="FundLedger"))
    ]
    funds = [
        {
            "fund": ledger.fund,
            "party": ledger.party,
            "unit": ledger.unit,
            "windows": [_row(window) for window in ledger.windows],
            "requests": [_row(request) for request in ledger.requests],
        }
        for ledger in ledgers
    ]
    about = (
        {}
        if agreement is None
        else {"agreement": agreement.id, "fingerprint": agreement.fingerprint()}
    )
    return {
        "format": FUNDS_FORMAT,
        "format_version": 1,
        **about,
        "as_of": as_of.isoformat(),
        "funds": funds,
    }
