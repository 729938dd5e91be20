"""The written agreement: the document both parties read and sign.

Sections, in order: parties, term, shared goals (targets and windows in
words), commitments per party and pillar, resources per side, metrics,
exception criteria, reviews (schedule and reviews held), incentives, remedies,
clauses, signatures. A party's capacity is a planning input and never appears.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from mutualcommit.calendar import windows
from mutualcommit.model import (
    Agreement,
    Contribution,
    Direction,
    Goal,
    Metric,
    Party,
    Period,
    Pillar,
    ResourceAllocation,
    Role,
    Target,
)
from mutualcommit.model._recorded import recorded_by
from mutualcommit.model._stale import Change, change_since

from ._context import Context
from ._exceptions import exception_criteria_blocks
from ._funds import fund_term_blocks
from ._incentives import incentive_blocks
from ._labels import (
    aggregation_label,
    kind_label,
    per_label,
    pillar_label,
    role_label,
    status_label,
    unit_label,
)
from ._measures import measure_words
from ._names import Names
from ._remedies import remedy_blocks
from ._reviews import review_blocks
from ._tree import (
    Block,
    BulletList,
    Column,
    Document,
    Fields,
    Heading,
    Paragraph,
    Prose,
    Span,
    Table,
    isolated,
)
from ._words import (
    amount_words,
    is_flow,
    target_words,
    whole_count,
    window_value,
)

__all__ = ["agreement_document"]

#: The order commitments are grouped in: the partner lifecycle, then none.
_PILLARS: tuple[Pillar | None, ...] = (*Pillar, None)


def agreement_document(
    agreement: Agreement, c: Context, as_of: dt.date | None
) -> Document:
    """Build the document tree of *agreement* in *c*'s locale.

    Args:
        agreement: The agreement.
        c: The locale's context.
        as_of: The day the reader stands on: it picks the upcoming review
            dates, states the agreement's status, and shows the records as
            they stood at its end (a later signature not given yet, a later
            review not held, an action item done later still open); None
            shows the whole schedule and every record.
    """
    if as_of is not None:
        # One notion of "as of" for the status line and the records shown.
        agreement = recorded_by(agreement, as_of)
    names = Names(agreement)
    blocks: list[Block] = [*_header(c, agreement, as_of)]
    blocks += _parties(c, agreement)
    blocks += _term(c, agreement)
    blocks += _goals(c, agreement, names)
    blocks += _commitments(c, agreement, names)
    blocks += _resources(c, agreement, names)
    blocks += _metrics(c, agreement, names)
    blocks += exception_criteria_blocks(c, agreement, names)
    blocks += review_blocks(c, agreement, names, as_of)
    if agreement.incentives:
        blocks.append(Heading(2, c.gettext("Incentives")))
        for incentive in agreement.incentives:
            blocks += incentive_blocks(c, names, incentive)
    if agreement.remedies:
        blocks.append(Heading(2, c.gettext("Remedies")))
        for remedy in agreement.remedies:
            blocks += remedy_blocks(c, names, remedy)
    if agreement.clauses:
        blocks.append(Heading(2, c.gettext("Clauses")))
        for clause in agreement.clauses:
            blocks += [Heading(3, clause.title), Prose(clause.text)]
    blocks += _signatures(c, agreement, names)
    return Document(title=agreement.title, lang=c.tag, blocks=blocks, colon=c.colon())


def _header(c: Context, agreement: Agreement, as_of: dt.date | None) -> list[Block]:
    line = c.inline(
        c.gettext("Mutual Commit agreement {id}, version {version}"),
        id=Span(agreement.id, "code"),
        version=str(agreement.version),
    )
    blocks: list[Block] = [Paragraph(line)]
    if as_of is not None:
        blocks.append(
            Paragraph(
                c.gettext(
                    "Status on {date}: {status}",
                    date=c.date(as_of),
                    status=status_label(c, agreement.status(as_of)),
                )
            )
        )
    return blocks


def _parties(c: Context, agreement: Agreement) -> list[Block]:
    if not agreement.parties:
        return [Heading(2, c.gettext("Parties")), Paragraph(c.gettext("No parties."))]
    rows = [
        (Span(party.name, "strong"), role_label(c, party.role), Span(party.id, "code"))
        for party in agreement.parties
    ]
    columns = [
        Column(c.gettext("Party")),
        Column(c.gettext("Role")),
        Column(c.gettext("Identifier"), key=True),
    ]
    return [Heading(2, c.gettext("Parties")), Table(columns, rows)]


def _fiscal_words(c: Context, agreement: Agreement) -> str:
    calendar = agreement.fiscal_calendar
    if calendar.start_month == 1:
        return c.gettext("the calendar year")
    month = c.fmt.month(calendar.start_month)
    if calendar.naming == "start":
        return c.gettext(
            "starts in {month}; named after the calendar year it starts in",
            month=month,
        )
    return c.gettext(
        "starts in {month}; named after the calendar year it ends in", month=month
    )


def _term(c: Context, agreement: Agreement) -> list[Block]:
    rows = [
        (
            c.gettext("Term"),
            c.gettext(
                "{start} to {end}",
                start=c.date(agreement.start),
                end=c.date(agreement.end),
            ),
        ),
        (c.gettext("Fiscal year"), _fiscal_words(c, agreement)),
        (c.gettext("Currency"), unit_label(c, agreement.currency)),
    ]
    return [Heading(2, c.gettext("Term")), Fields(rows)]


def _target_rows(
    c: Context, target: Target | None, names: Names
) -> list[tuple[str, str]]:
    if target is None:
        return [(c.gettext("Target"), c.gettext("none: not measurable yet"))]
    rows = [
        (
            c.gettext("Target"),
            target_words(c, target, names.metrics, names.proper, term=names.term),
        )
    ]
    metric = names.metrics.get(target.metric)
    if metric is None:
        return rows
    if metric.aggregation.is_computed:
        measured = c.gettext(
            "{metric}, computed from {inputs}",
            metric=metric.name,
            inputs=_inputs(c, metric, names),
        )
    else:
        measured = c.gettext(
            "{metric}, reported by {party}",
            metric=metric.name,
            party=_reporter(c, metric, names),
        )
    rows.append((c.gettext("Measured by"), measured))
    return rows


def _inputs(c: Context, metric: Metric, names: Names) -> str:
    """Name the metrics a computed metric is computed from, each once."""
    sources = dict.fromkeys(metric.sources)
    return c.join(
        [
            names.metrics[source].name if source in names.metrics else source
            for source in sources
        ]
    )


def _reporter(c: Context, metric: Metric, names: Names) -> str:
    """Say who reports *metric*: a party, "computed from ...", or nobody yet.

    A computed metric is never observed, so no party reports it: it reads
    what it is computed from instead.
    """
    if metric.aggregation.is_computed:
        return c.gettext("computed from {inputs}", inputs=_inputs(c, metric, names))
    if metric.reported_by is None:
        return c.gettext("nobody yet")
    return names.party(metric.reported_by)


def _windows_table(
    c: Context, agreement: Agreement, target: Target, metric: Metric | None
) -> list[Block]:
    if target.per is Period.TERM:
        return []
    cut = windows(agreement.fiscal_calendar, target.per, agreement.start, agreement.end)
    flow = is_flow(metric)
    rows = []
    rounded = False
    for window in cut:
        value = window_value(target, window.start, window.factor, flow=flow)
        computed = window.clipped and flow
        amount = amount_words(
            c, value, metric, computed=computed, direction=target.direction
        )
        if computed:
            amount = c.gettext("{amount} (pro-rated)", amount=amount)
            rounded = rounded or value != whole_count(value)
        rows.append(
            (
                Span(window.label, "code"),
                c.fmt.date_range(window.start, window.end),
                amount,
            )
        )
    columns = [
        Column(c.gettext("Window"), key=True),
        Column(c.gettext("Dates")),
        Column(c.gettext("Target"), numeric=True),
    ]
    blocks: list[Block] = [Table(columns, rows)]
    if rounded and (metric is None or metric.unit == "count"):
        note = (
            c.gettext(
                "Pro-rated counts are rounded up to the whole number that meets "
                "the target; the target itself stays exact."
            )
            if target.direction is Direction.AT_LEAST
            else c.gettext(
                "Pro-rated counts are rounded down to the whole number that "
                "keeps within the limit; the limit itself stays exact."
            )
        )
        blocks.append(Paragraph(note))
    return blocks


def _goals(c: Context, agreement: Agreement, names: Names) -> list[Block]:
    blocks: list[Block] = [Heading(2, c.gettext("Shared goals"))]
    if not agreement.goals:
        blocks.append(Paragraph(c.gettext("No shared goals.")))
    # The pledges supporting each goal, in agreement order, found in one
    # pass over the pledges rather than one per goal.
    supporting: dict[str, list[Contribution]] = {g.id: [] for g in agreement.goals}
    for item in agreement.contributions:
        for supported in dict.fromkeys(item.supports):
            group = supporting.get(supported)
            if group is not None:
                group.append(item)
    for goal in agreement.goals:
        blocks += _goal(c, agreement, names, goal, supporting[goal.id])
    return blocks


def _goal(
    c: Context,
    agreement: Agreement,
    names: Names,
    goal: Goal,
    supporting: list[Contribution],
) -> list[Block]:
    rows: list[tuple[str, str]] = _target_rows(c, goal.target, names)
    if goal.weight != 1:
        rows.append((c.gettext("Weight"), c.fmt.number(goal.weight)))
    supporters = [
        c.gettext("{title} ({party})", title=item.title, party=names.party(item.party))
        for item in supporting
    ]
    rows.append(
        (
            c.gettext("Supported by"),
            c.join(supporters) if supporters else c.gettext("no commitment yet"),
        )
    )
    blocks: list[Block] = [Heading(3, goal.title), Fields(rows)]
    if goal.description:
        blocks.append(Prose(goal.description))
    if goal.target is not None:
        metric = names.metrics.get(goal.target.metric)
        blocks += _windows_table(c, agreement, goal.target, metric)
    return blocks


def _commitments(c: Context, agreement: Agreement, names: Names) -> list[Block]:
    blocks: list[Block] = [Heading(2, c.gettext("Commitments"))]
    if not agreement.parties:
        # No party to list them under: the section says so, as one would.
        blocks.append(Paragraph(c.gettext("No commitments.")))
    # Each party's pledges, grouped once: a plan with a partner per line
    # would otherwise go through every pledge once per party.
    pledges: dict[str, list[Contribution]] = {p.id: [] for p in agreement.parties}
    for item in agreement.contributions:
        group = pledges.get(item.party)
        if group is not None:
            group.append(item)
    # The resources of each pledge, also in one pass.
    funded: dict[str, list[ResourceAllocation]] = {}
    for allocation in agreement.allocations:
        if allocation.contribution is not None:
            funded.setdefault(allocation.contribution, []).append(allocation)
    for party in agreement.parties:
        blocks.append(
            Heading(
                3,
                c.gettext(
                    "{party} ({role})", party=party.name, role=role_label(c, party.role)
                ),
            )
        )
        own = pledges[party.id]
        if not own:
            blocks.append(Paragraph(c.gettext("No commitments.")))
        for pillar in _PILLARS:
            grouped = [item for item in own if item.pillar == pillar]
            if grouped:
                blocks.append(Heading(4, pillar_label(c, pillar)))
                blocks.append(
                    BulletList(
                        _commitment(c, names, item, funded.get(item.id, ()))
                        for item in grouped
                    )
                )
    return blocks


def _commitment(
    c: Context,
    names: Names,
    item: Contribution,
    allocations: Sequence[ResourceAllocation],
) -> list[Block]:
    title = c.inline(
        c.gettext("{title} — {kind}"),
        title=Span(item.title, "strong"),
        kind=kind_label(c, item.kind),
    )
    rows = _target_rows(c, item.target, names) if item.target is not None else []
    if item.supports:
        rows.append(
            (
                c.gettext("Supports"),
                c.join([names.goal(goal) for goal in item.supports]),
            )
        )
    funded = [_allocation_words(c, allocation) for allocation in allocations]
    if funded:
        rows.append((c.gettext("Resources"), c.join(funded)))
    blocks: list[Block] = [Paragraph(title)]
    if rows:
        blocks.append(Fields(rows))
    if item.description:
        blocks.append(Prose(item.description))
    return blocks


def _allocation_words(c: Context, allocation: ResourceAllocation) -> str:
    return c.gettext(
        "{amount} {per}",
        amount=c.quantity(allocation.amount),
        per=per_label(c, allocation.per),
    )


def _resources(c: Context, agreement: Agreement, names: Names) -> list[Block]:
    blocks: list[Block] = [Heading(2, c.gettext("Resources"))]
    if not agreement.allocations:
        blocks.append(Paragraph(c.gettext("No resources allocated.")))
        return blocks
    columns = [
        Column(c.gettext("Provided by")),
        Column(c.gettext("Amount"), numeric=True),
        Column(c.gettext("How often")),
        Column(c.gettext("For")),
    ]
    roles = {party.id: party.role for party in agreement.parties}
    for role, heading in (
        (Role.VENDOR, c.gettext("Vendor side")),
        (Role.PARTNER, c.gettext("Partner side")),
    ):
        own = [a for a in agreement.allocations if roles.get(a.party) == role]
        if not own:
            continue
        rows = [
            (
                names.party(allocation.party),
                c.quantity(allocation.amount),
                per_label(c, allocation.per),
                _purpose(c, allocation, names),
            )
            for allocation in own
        ]
        # A party allocates several times: the party's cell does not name the row.
        blocks += [Heading(3, heading), Table(columns, rows, row_headers=0)]
    blocks += fund_term_blocks(c, agreement, names)
    return blocks


def _purpose(c: Context, allocation: ResourceAllocation, names: Names) -> str:
    parts = [names.contribution(allocation.contribution), allocation.description]
    # Each part is the user's, isolated on its own if right to left.
    return c.separator().join(isolated(part.strip()) for part in parts if part.strip())


def _metrics(c: Context, agreement: Agreement, names: Names) -> list[Block]:
    blocks: list[Block] = [Heading(2, c.gettext("Metrics"))]
    if not agreement.metrics:
        blocks.append(Paragraph(c.gettext("No metrics.")))
        return blocks
    by_id = {metric.id: metric for metric in agreement.metrics}
    columns = [
        Column(c.gettext("Metric")),
        Column(c.gettext("Unit")),
        Column(c.gettext("Counted as")),
        Column(c.gettext("Reported by")),
    ]
    rows = [
        (
            Span(metric.name, "strong"),
            unit_label(c, metric.unit),
            measure_words(c, metric, by_id, names.proper)
            or aggregation_label(c, metric.aggregation),
            _reporter(c, metric, names),
        )
        for metric in agreement.metrics
    ]
    blocks.append(Table(columns, rows))
    described = [m for m in agreement.metrics if m.description]
    if described:
        blocks.append(
            BulletList(
                [Paragraph(Span(m.name, "strong")), Prose(m.description)]
                for m in described
            )
        )
    return blocks


def _signatures(c: Context, agreement: Agreement, names: Names) -> list[Block]:
    fingerprint = agreement.fingerprint()
    blocks: list[Block] = [
        Heading(2, c.gettext("Signatures")),
        Paragraph(
            c.gettext(
                "Each signature is bound to the fingerprint of the terms it "
                "signed. A signature of an earlier version is stale; one of this "
                "version whose fingerprint is not this one was given before the "
                "terms were changed without a new version."
            )
        ),
        Fields(
            [
                (c.gettext("Fingerprint of these terms"), Span(fingerprint, "code")),
                (c.gettext("Version"), str(agreement.version)),
            ]
        ),
    ]
    signed = {signature.party for signature in agreement.signatures}
    rows: list[tuple[str | Span, ...]] = [
        (
            Span(names.party(signature.party), "strong"),
            signature.signed_by,
            c.short_date(signature.signed_on),
            _signature_status(c, change_since(agreement, signature)),
        )
        for signature in agreement.signatures
    ]
    rows.extend(
        (
            Span(party.name, "strong"),
            "",
            "",
            # Translators: like "valid" and "stale", a word for the signature.
            c.pgettext("signature", "not signed"),
        )
        for party in agreement.parties
        if party.id not in signed
    )
    columns = [
        Column(c.gettext("Party")),
        Column(c.gettext("Signed by")),
        Column(c.gettext("Signed on")),
        Column(c.gettext("Status")),
    ]
    if rows:
        blocks.append(Table(columns, rows))
    else:
        blocks.append(Paragraph(c.gettext("No party is to sign.")))
    current = {
        signature.party
        for signature in agreement.signatures
        if signature.fingerprint == fingerprint
    }
    blocks += _signature_lines(
        c, [party for party in agreement.parties if party.id not in current]
    )
    return blocks


def _signature_status(c: Context, change: Change | None) -> str:
    """Say whether a signature is of these terms, and if not how they changed."""
    if change is None:
        # Translators: a party's signature in the signatures table: "valid",
        # "stale", "terms changed after signing" and "not signed" each agree
        # with the word for a signature (French "valide", "périmée", "non
        # signée").
        return c.pgettext("signature", "valid")
    if change == "edited":
        # Translators: the status of a signature of this version whose terms
        # were changed after it signed, without a new version.
        return c.pgettext("signature", "terms changed after signing")
    return c.pgettext("signature", "stale")


#: The line a signature block leaves to fill in by hand, in text forms.
_BLANK = "_" * 32


def _signature_lines(c: Context, parties: list[Party]) -> list[Block]:
    """Return a block to sign on for each party without a current signature."""
    if not parties:
        return []
    blocks: list[Block] = [
        Paragraph(
            c.gettext(
                "By signing below, each party agrees to the terms with the "
                "fingerprint above."
            )
        )
    ]
    blank = Span(_BLANK, "blank")
    for party in parties:
        blocks.append(
            Heading(
                3,
                c.gettext(
                    "For {party} ({role})",
                    party=party.name,
                    role=role_label(c, party.role),
                ),
            )
        )
        blocks.append(
            Fields(
                [
                    (c.pgettext("signature", "Name"), blank),
                    (c.pgettext("signature", "Title"), blank),
                    (c.pgettext("signature", "Date"), blank),
                    (c.pgettext("signature", "Signature"), blank),
                ]
            )
        )
    return blocks
