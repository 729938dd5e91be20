"""Market development funds in words and tables.

In the agreement document, each fund's terms as sentences under the
resources (one message per sentence, so that a translator can reorder it);
rendered on its own, a fund ledger: its windows' money and its requests.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from mutualcommit.kpi import FundLedger, FundRequest, RequestState
from mutualcommit.model import (
    Agreement,
    FundExpiry,
    ResourceAllocation,
    Role,
    rounded,
)

from ._context import Context
from ._labels import per_label
from ._names import Names
from ._scorecard import window_label
from ._tree import (
    Block,
    BulletList,
    Column,
    Document,
    Fields,
    Heading,
    Paragraph,
    Span,
    Table,
)
from ._words import in_sentence

__all__ = ["fund_ledger_document", "fund_term_blocks"]

_CENTS = Decimal("0.01")
_NONE = "\u2013"


def fund_term_blocks(c: Context, agreement: Agreement, names: Names) -> list[Block]:
    """Return the terms of the agreement's funds, or nothing when it has none."""
    funds = [a for a in agreement.allocations if a.fund is not None]
    if not funds:
        return []
    blocks: list[Block] = [Heading(3, c.gettext("Market development funds"))]
    roles = {party.id: party.role for party in agreement.parties}
    for allocation in funds:
        params = {
            "party": names.party(allocation.party),
            "amount": c.quantity(allocation.amount),
            "per": per_label(c, allocation.per),
        }
        # The other side draws on it: a vendor's MDF, or a partner's co-op fund.
        if roles.get(allocation.party) is Role.PARTNER:
            opening = c.gettext(
                "{party} provides {amount} {per} as a fund that the vendor side "
                "draws on by request and claim.",
                **params,
            )
        else:
            opening = c.gettext(
                "{party} provides {amount} {per} as a fund that the partner side "
                "draws on by request and claim.",
                **params,
            )
        blocks.append(Paragraph(opening))
        blocks.append(
            BulletList(
                [[Paragraph(text)] for text in _fund_sentences(c, allocation, names)]
            )
        )
    return blocks


def _fund_sentences(
    c: Context, allocation: ResourceAllocation, names: Names
) -> list[str]:
    fund = allocation.fund
    assert fund is not None  # noqa: S101 - only funds reach here
    unit = allocation.amount.unit
    sentences = []
    accrual = fund.accrual
    if accrual is not None:
        metric = names.metrics.get(accrual.of)
        params = {
            "rate": c.agreed_percent(accrual.rate),
            "metric": (
                in_sentence(c, metric.name, names.proper)
                if metric is not None
                else accrual.of
            ),
            "per": per_label(c, accrual.per),
        }
        if accrual.cap is None:
            sentences.append(
                c.gettext("{rate} of {metric} accrues to it {per}.", **params)
            )
        else:
            sentences.append(
                c.gettext(
                    "{rate} of {metric} accrues to it {per}, at most {cap} each time.",
                    cap=c.amount(accrual.cap, unit),
                    **params,
                )
            )
    if fund.co_funding is not None:
        sentences.append(
            c.gettext(
                "The fund pays at most {share} of an activity's cost.",
                share=c.agreed_percent(fund.co_funding),
            )
        )
    if fund.claim_days is not None:
        sentences.append(
            c.ngettext(
                "A claim is due within {n} day after its activity ends.",
                "A claim is due within {n} days after its activity ends.",
                fund.claim_days,
                n=str(fund.claim_days),
            )
        )
    if fund.expiry is FundExpiry.FISCAL_YEAR:
        sentences.append(
            c.gettext("Money not approved by the end of a fiscal year expires.")
        )
    else:
        sentences.append(
            c.gettext("Money not approved by the end of the term expires.")
        )
    if fund.roi_metric is not None:
        metric = names.metrics.get(fund.roi_metric)
        sentences.append(
            c.gettext(
                "Its return on investment is measured in {metric}.",
                metric=(
                    in_sentence(c, metric.name, names.proper)
                    if metric is not None
                    else fund.roi_metric
                ),
            )
        )
    return sentences


def request_state_label(c: Context, state: RequestState) -> str:
    """Name where a fund request stands."""
    labels = {
        RequestState.REQUESTED: c.pgettext("fund request", "requested"),
        RequestState.APPROVED: c.pgettext("fund request", "approved"),
        RequestState.PARTIALLY_APPROVED: c.pgettext(
            "fund request", "partially approved"
        ),
        RequestState.REJECTED: c.pgettext("fund request", "rejected"),
        RequestState.CLAIMED: c.pgettext("fund request", "claimed"),
        RequestState.CLAIM_REJECTED: c.pgettext("fund request", "claim rejected"),
        RequestState.PAID: c.pgettext("fund request", "paid"),
        RequestState.EXPIRED: c.pgettext("fund request", "expired"),
    }
    return labels[state]


def _money(c: Context, value: Decimal | None, unit: str) -> str:
    if value is None:
        return _NONE
    return c.amount(value, unit, computed=True)


def _request_notes(c: Context, request: FundRequest) -> str:
    """Say what the fund rules would find of a request: a late claim, one without proof."""
    notes = []
    if request.late:
        notes.append(c.gettext("late"))
    if request.unproven:
        notes.append(c.gettext("no proof"))
    return c.join(notes) if notes else _NONE


def fund_ledger_document(
    ledgers: Sequence[FundLedger], c: Context, names: Names | None = None
) -> Document:
    """Build the document tree of fund *ledgers* in *c*'s locale.

    With the agreement's *names* (in its scorecard) a fund's party is named;
    a ledger on its own knows only the party's id. No ledgers (those of an
    agreement without funds) read as a sentence saying so.
    """
    blocks: list[Block] = []
    if not ledgers:
        blocks.append(
            Paragraph(c.gettext("No funds: no allocation of the agreement has a fund."))
        )
    for ledger in ledgers:
        unit = ledger.unit
        blocks.append(Heading(2, c.gettext("Fund {fund}", fund=ledger.fund)))
        blocks.append(
            Fields(
                [
                    (
                        c.gettext("Provided by"),
                        Span(ledger.party, "code")
                        if names is None
                        else names.party(ledger.party),
                    ),
                    (c.gettext("As of"), c.date(ledger.as_of)),
                ]
            )
        )
        columns = [
            Column(c.gettext("Window"), key=True),
            Column(c.gettext("Allocated"), numeric=True),
            Column(c.gettext("Accrued"), numeric=True),
            Column(c.gettext("Granted"), numeric=True),
            Column(c.gettext("Available"), numeric=True),
            Column(c.gettext("Approved"), numeric=True),
            Column(c.gettext("Paid"), numeric=True),
            Column(c.gettext("Expired"), numeric=True),
            Column(c.gettext("Remaining"), numeric=True),
            Column(c.gettext("Utilisation"), numeric=True),
            Column(c.gettext("ROI"), numeric=True),
        ]
        rows = [
            (
                window_label(c, window.label),
                _money(c, window.allocated, unit),
                _money(c, window.accrued, unit),
                _money(c, window.granted, unit),
                _money(c, window.available, unit),
                _money(c, window.approved, unit),
                _money(c, window.paid, unit),
                _money(c, window.expired, unit),
                _money(c, window.remaining, unit),
                c.percent(window.utilisation),
                _NONE
                if window.roi is None
                else c.fmt.number(rounded(window.roi, _CENTS)),
            )
            for window in ledger.windows
        ]
        blocks.append(Table(columns, rows))
        if not ledger.requests:
            blocks.append(Paragraph(c.gettext("No requests.")))
            continue
        blocks.append(Heading(3, c.gettext("Requests")))
        columns = [
            Column(c.gettext("Request"), key=True),
            Column(c.gettext("Activity")),
            Column(c.gettext("Status")),
            Column(c.gettext("Requested"), numeric=True),
            Column(c.gettext("Approved"), numeric=True),
            Column(c.gettext("Claimed"), numeric=True),
            # Translators: what a claim decision accepted of a fund request's
            # claim (0 when it rejected the claim).
            Column(c.gettext("Accepted"), numeric=True),
            Column(c.gettext("Paid"), numeric=True),
            Column(c.gettext("Claim deadline")),
            Column(c.gettext("Notes")),
        ]
        request_rows = [
            (
                Span(request.ref, "code"),
                request.activity or _NONE,
                request_state_label(c, request.state),
                _money(c, request.requested, unit),
                _money(c, request.approved, unit),
                _money(c, request.claimed, unit),
                _money(c, request.accepted, unit),
                _money(c, request.paid, unit),
                _NONE if request.deadline is None else c.short_date(request.deadline),
                _request_notes(c, request),
            )
            for request in ledger.requests
        ]
        blocks.append(Table(columns, request_rows))
    title = c.gettext("Fund ledger")
    return Document(title=title, lang=c.tag, blocks=blocks, colon=c.colon())
