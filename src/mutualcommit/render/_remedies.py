"""Remedies in words: what a missed commitment costs, and what is owed.

In the agreement document, each remedy is a heading, the commitment it
follows and its target, then its terms as sentences: what each unit of
shortfall costs ("For every 1 day by which a month's result misses the
monthly target, Bolt owes Northwind $1,500 for that month."), the grace,
the cap and the termination right. In the scorecard, what each remedy owes
per closed window and in all. Each sentence is one message, so that a
translator can reorder it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

from mutualcommit.kpi import RemedyResult, Scorecard, Standing
from mutualcommit.kpi._settled import SettledRemedy, settled_position, settled_remedy
from mutualcommit.model import (
    Period,
    Quantity,
    Remedy,
    Target,
    decimal_context,
)

from ._context import Context
from ._incentives import basis_target
from ._names import Names
from ._tree import (
    Block,
    BulletList,
    Column,
    Fields,
    Heading,
    Paragraph,
    Prose,
    Span,
    Table,
)
from ._words import N_, in_sentence, target_words

__all__ = [
    "net_position_blocks",
    "remedy_blocks",
    "remedy_result_blocks",
    "remedy_sentences",
]

_ONE = Decimal(1)
_ZERO = Decimal(0)
_NONE = "\u2013"

#: Shows a window's label (the scorecard's ``window_label``).
WindowLabel = Callable[[Context, str], Span]

#: What one unit of shortfall costs, a fixed amount, by the basis's window.
_AMOUNT_SENTENCES: dict[Period | None, str] = {
    Period.TERM: N_(
        "For every {step} by which the result for the term misses the target, "
        "{payer} owes {beneficiary} {amount}."
    ),
    Period.MONTH: N_(
        "For every {step} by which a month's result misses the monthly target, "
        "{payer} owes {beneficiary} {amount} for that month."
    ),
    Period.QUARTER: N_(
        "For every {step} by which a quarter's result misses the quarterly "
        "target, {payer} owes {beneficiary} {amount} for that quarter."
    ),
    Period.YEAR: N_(
        "For every {step} by which a year's result misses the yearly target, "
        "{payer} owes {beneficiary} {amount} for that year."
    ),
    Period.WEEK: N_(
        "For every {step} by which a week's result misses the weekly target, "
        "{payer} owes {beneficiary} {amount} for that week."
    ),
    None: N_(
        "For every unit by which the target is missed, {payer} owes "
        "{beneficiary} {amount}."
    ),
}
#: What one unit of shortfall costs, a share of a metric in the same window.
_RATE_SENTENCES: dict[Period | None, str] = {
    Period.TERM: N_(
        "For every {step} by which the result for the term misses the target, "
        "{payer} owes {beneficiary} {rate} of {metric} over the term."
    ),
    Period.MONTH: N_(
        "For every {step} by which a month's result misses the monthly target, "
        "{payer} owes {beneficiary} {rate} of {metric} of that month."
    ),
    Period.QUARTER: N_(
        "For every {step} by which a quarter's result misses the quarterly "
        "target, {payer} owes {beneficiary} {rate} of {metric} of that quarter."
    ),
    Period.YEAR: N_(
        "For every {step} by which a year's result misses the yearly target, "
        "{payer} owes {beneficiary} {rate} of {metric} of that year."
    ),
    Period.WEEK: N_(
        "For every {step} by which a week's result misses the weekly target, "
        "{payer} owes {beneficiary} {rate} of {metric} of that week."
    ),
    None: N_(
        "For every unit by which the target is missed, {payer} owes "
        "{beneficiary} {rate} of {metric}."
    ),
}


def _followed(c: Context, names: Names, remedy: Remedy) -> str:
    if remedy.goal is not None:
        return c.gettext("the goal “{title}”", title=names.goal(remedy.goal))
    return c.gettext(
        "the commitment “{title}”", title=names.contribution(remedy.contribution)
    )


def _unit(names: Names, target: Target | None) -> str | None:
    if target is None:
        return None
    metric = names.metrics.get(target.metric)
    return None if metric is None else metric.unit


def remedy_sentences(c: Context, names: Names, remedy: Remedy) -> list[str]:
    """Word a remedy's terms: what a shortfall costs, the grace, cap and termination.

    Args:
        c: The locale's context.
        names: The agreement's look-ups (for names, metrics and the basis
            target).
        remedy: The remedy.
    """
    target = basis_target(names, remedy)
    unit = _unit(names, target)
    params: dict[str, object] = {
        "payer": names.party(remedy.payer),
        "beneficiary": names.party(remedy.beneficiary),
    }
    if unit is not None:
        params["step"] = c.quantity(Quantity(amount=_ONE, unit=unit))
    # A target due on a day is evaluated once, as a term target is.
    when = None if target is None or unit is None else target.per
    if remedy.amount is not None:
        params["amount"] = c.quantity(remedy.amount)
        sentences = _AMOUNT_SENTENCES
    else:
        metric = names.metrics.get(remedy.of or "")
        params["rate"] = c.agreed_percent(remedy.rate or Decimal(0))
        params["metric"] = (
            in_sentence(c, metric.name, names.proper)
            if metric is not None
            else (remedy.of or "")
        )
        sentences = _RATE_SENTENCES
    lines = [c.gettext(sentences[when], **params)]
    if remedy.grace and unit is not None:
        lines.append(
            c.gettext(
                "A shortfall of up to {grace} in a window is tolerated: only what "
                "exceeds it is charged.",
                grace=c.quantity(Quantity(amount=remedy.grace, unit=unit)),
            )
        )
    if remedy.cap is not None:
        lines.append(
            c.gettext(
                "In all, {payer} owes at most {cap} over the term.",
                payer=names.party(remedy.payer),
                cap=c.quantity(remedy.cap),
            )
        )
    elif remedy.cap_share is not None and remedy.cap_base is not None:
        lines.append(
            c.gettext(
                "In all, {payer} owes at most {share} of {base} over the term.",
                payer=names.party(remedy.payer),
                share=c.agreed_percent(remedy.cap_share),
                base=c.quantity(remedy.cap_base),
            )
        )
    if remedy.termination_after is not None:
        lines.append(
            c.ngettext(
                "After {n} window with a charged shortfall, {beneficiary} may "
                "terminate the agreement.",
                "After {n} windows with a charged shortfall, {beneficiary} may "
                "terminate the agreement.",
                remedy.termination_after,
                n=str(remedy.termination_after),
                beneficiary=names.party(remedy.beneficiary),
            )
        )
    return lines


def remedy_blocks(c: Context, names: Names, remedy: Remedy) -> tuple[Block, ...]:
    """Return the blocks that state one remedy in words.

    A heading; the commitment it follows and its target; its terms as
    sentences; the description.

    Args:
        c: The locale's context.
        names: The look-ups of the agreement it belongs to (for names and
            titles), made once per document.
        remedy: The remedy.
    """
    rows: list[tuple[str, str]] = [
        (c.gettext("Commitment followed"), _followed(c, names, remedy))
    ]
    target = basis_target(names, remedy)
    if target is not None:
        rows.append(
            (
                c.gettext("Target"),
                target_words(c, target, names.metrics, names.proper, term=names.term),
            )
        )
    blocks: list[Block] = [
        Heading(3, remedy.title),
        Fields(rows),
        BulletList([Paragraph(line)] for line in remedy_sentences(c, names, remedy)),
    ]
    if remedy.description:
        blocks.append(Prose(remedy.description))
    return tuple(blocks)


# -- the scorecard --------------------------------------------------------------


def _result_table(
    c: Context,
    result: RemedyResult,
    due: SettledRemedy | None,
    started: Mapping[str, bool],
    unit: str | None,
    grace: Decimal,
    window_label: WindowLabel,
) -> Table:
    # A shortfall reads on its side of the grace and of 0, as it was judged:
    # 5.001 above a grace of 5 is charged, and never reads 5.
    limits = (_ZERO, grace)
    rows = []
    for i, window in enumerate(result.windows):
        if window.closed and window.shortfall is None:
            state = c.pgettext("standing", "no data")
        elif window.closed:
            state = c.pgettext("payout", "final")
        elif started.get(window.label, True):
            state = c.pgettext("remedy", "open")
        else:
            state = c.pgettext("standing", "not started")
        shortfall = (
            _NONE
            if window.shortfall is None or unit is None
            else c.amount(window.shortfall, unit, computed=True, limits=limits)
        )
        settled = None if due is None else due.windows[i]
        owed = (
            _NONE
            if settled is None or result.unit is None
            else c.amount(settled, result.unit, computed=True)
        )
        rows.append((window_label(c, window.label), shortfall, owed, state))
    columns = [
        Column(c.gettext("Window"), key=True),
        Column(c.gettext("Shortfall"), numeric=True),
        Column(c.gettext("Owed"), numeric=True),
        Column(c.gettext("State")),
    ]
    return Table(columns, rows)


def _started(scorecard: Scorecard, remedy: Remedy) -> dict[str, bool]:
    try:
        if remedy.goal is not None:
            basis = scorecard.goal(remedy.goal)
        else:
            basis = scorecard.contribution(remedy.contribution or "")
    except KeyError:
        return {}
    return {w.label: w.standing is not Standing.NOT_STARTED for w in basis.windows}


def remedy_result_blocks(
    c: Context,
    scorecard: Scorecard,
    names: Names,
    remedy: Remedy,
    window_label: WindowLabel,
) -> tuple[Block, ...]:
    """Return the blocks of one remedy in the scorecard.

    A heading; the commitment it follows; what is owed in all, before and
    after the cap; the termination right, once it has arisen; per window of
    the basis target the shortfall, what is owed after the cap, and whether
    that is final, the window still open or not started. What each window
    owes is shown settled, rounded to the currency's minor unit as it is
    paid, and what is owed in all is the sum of those rows
    (`settled_remedy`); a shortfall reads on its side of the grace and of
    0.

    Args:
        c: The locale's context.
        scorecard: The scorecard.
        names: The look-ups of the scorecard's agreement, made once per
            document.
        remedy: One of the agreement's remedies.
        window_label: Shows a window's label, as the scorecard's tables do.
    """
    result = scorecard.remedy(remedy.id)
    rows: list[tuple[str, str]] = [
        (c.gettext("Commitment followed"), _followed(c, names, remedy))
    ]
    due = settled_remedy(result, remedy.limit)
    if due is not None and result.unit is not None:
        rows.append(
            (c.gettext("Owed"), c.amount(due.capped, result.unit, computed=True))
        )
        if result.owed != result.capped:
            rows.append(
                (
                    c.gettext("Owed before the cap"),
                    c.amount(due.owed, result.unit, computed=True),
                )
            )
    limit = remedy.limit
    if limit is not None:
        rows.append(
            (
                c.gettext("Cap"),
                c.gettext("at most {amount} over the term", amount=c.quantity(limit)),
            )
        )
    if result.termination is not None and result.termination_on is not None:
        rows.append(
            (
                c.gettext("Termination right"),
                c.gettext(
                    "{beneficiary} may terminate since {window}, which ended {date}",
                    beneficiary=names.party(remedy.beneficiary),
                    window=window_label(c, result.termination).text,
                    date=c.date(result.termination_on),
                ),
            )
        )
    blocks: list[Block] = [Heading(3, remedy.title), Fields(rows)]
    if result.windows:
        unit = _unit(names, basis_target(names, remedy))
        started = _started(scorecard, remedy)
        blocks.append(
            _result_table(c, result, due, started, unit, remedy.grace, window_label)
        )
    else:
        blocks.append(
            Paragraph(c.gettext("No windows: the commitment it follows has no target."))
        )
    return tuple(blocks)


def net_position_blocks(c: Context, scorecard: Scorecard) -> tuple[Block, ...]:
    """Return each party's net position over the closed windows, per currency.

    A heading, a sentence saying what the numbers mean, and a table: per
    party and currency, the rewards it earned less those it pays, the
    remedies it owes less those owed to it, and the difference. Every party
    that pays or receives money by an incentive or a remedy has its row,
    with 0 when nothing has been paid or owed yet; none when no party does.
    The sums are those of the settled rows the incentives' and remedies'
    tables show (`settled_position`).

    Args:
        c: The locale's context.
        scorecard: The scorecard.
    """
    rows = []
    for party in scorecard.agreement.parties:
        # As the incentives' and remedies' tables show them: settled.
        position = settled_position(scorecard, party.id)
        for unit, (rewards, remedies) in position.items():
            rows.append(
                (
                    party.name,
                    c.amount(rewards, unit, computed=True),
                    c.amount(remedies, unit, computed=True),
                    c.amount(
                        decimal_context().subtract(rewards, remedies),
                        unit,
                        computed=True,
                    ),
                )
            )
    if not rows:
        return ()
    columns = [
        Column(c.gettext("Party"), key=True),
        Column(c.gettext("Rewards"), numeric=True),
        Column(c.gettext("Remedies"), numeric=True),
        Column(c.gettext("Net"), numeric=True),
    ]
    note = c.gettext(
        "Over the closed windows: the rewards each party earned less those it "
        "pays, the remedies it owes less those owed to it, and rewards less "
        "remedies."
    )
    return (
        Heading(3, c.gettext("Net position")),
        Paragraph(note),
        Table(columns, rows),
    )
