"""Exception criteria as the signed document states them, and exception reports."""

from __future__ import annotations

from mutualcommit.kpi import ExceptionReport, PlanException
from mutualcommit.model import Agreement, ExceptionCriterion
from mutualcommit.model._shown import dimension_text

from ._context import Context
from ._labels import per_label
from ._names import Names
from ._scorecard import window_label
from ._terms import terms_fields
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
)
from ._words import amount_words, where_words

__all__ = ["exception_criteria_blocks", "exception_report_document"]


def exception_criteria_blocks(
    c: Context, agreement: Agreement, names: Names
) -> list[Block]:
    """Return the section on exception criteria, or nothing without any."""
    if not agreement.exception_criteria:
        return []
    columns = [
        Column(c.gettext("Criterion")),
        Column(c.gettext("Tolerance")),
        Column(c.gettext("Judged")),
        Column(c.gettext("Owner")),
        Column(c.gettext("Act within"), numeric=True),
    ]
    rows = [
        (
            Span(criterion.title, "strong"),
            _tolerance(c, criterion, names),
            _judged(c, criterion),
            names.party(criterion.owner),
            c.ngettext(
                "{n} day",
                "{n} days",
                criterion.resolve_within_days,
                n=str(criterion.resolve_within_days),
            ),
        )
        for criterion in agreement.exception_criteria
    ]
    blocks: list[Block] = [
        Heading(2, c.gettext("Exception criteria")),
        Paragraph(
            c.gettext(
                "A value outside its tolerance in a closed window is an "
                "exception. Its owner acts on it within the days stated, "
                "counted from the window's last day, through an action item "
                "of a review that names it."
            )
        ),
        Table(columns, rows),
    ]
    described = [item for item in agreement.exception_criteria if item.description]
    if described:
        blocks.append(
            BulletList(
                [Paragraph(Span(item.title, "strong")), Prose(item.description)]
                for item in described
            )
        )
    return blocks


def _tolerance(c: Context, criterion: ExceptionCriterion, names: Names) -> str:
    metric = names.metrics.get(criterion.measure)
    name = metric.name if metric is not None else criterion.measure
    lower, upper = criterion.lower, criterion.upper
    if lower is not None and upper is not None:
        return c.gettext(
            "{measure} from {lower} to {upper}",
            measure=name,
            lower=amount_words(c, lower, metric),
            upper=amount_words(c, upper, metric),
        )
    if lower is not None:
        return c.gettext(
            "{measure} at least {lower}",
            measure=name,
            lower=amount_words(c, lower, metric),
        )
    return c.gettext(
        "{measure} at most {upper}",
        measure=name,
        upper=amount_words(c, upper, metric),  # type: ignore[arg-type]
    )


def _judged(c: Context, criterion: ExceptionCriterion) -> str:
    parts = [per_label(c, criterion.per)]
    if criterion.split is not None:
        parts.append(
            c.gettext("per {dimension}", dimension=dimension_text(criterion.split))
        )
    if criterion.where:
        parts.append(where_words(c, criterion.where))
    return c.separator().join(parts)


def exception_report_document(report: ExceptionReport, c: Context) -> Document:
    """Build the document tree of an exception report in *c*'s locale.

    A summary, then per criterion a row per exception: the item, the
    window, the value and the limit crossed, the days it opened and is due,
    and its state (open, past due, or worked by the action items named).
    """
    agreement = report.agreement
    names = Names(agreement)
    past_due = len(report.past_due)
    total = len(report.exceptions)
    blocks: list[Block] = [
        Fields(
            [
                *terms_fields(
                    c, agreement.id, agreement.version, agreement.fingerprint()
                ),
                (c.gettext("As of"), c.date(report.as_of)),
                (
                    c.gettext("Exceptions"),
                    c.separator().join(
                        [
                            c.ngettext(
                                "{n} exception", "{n} exceptions", total, n=total
                            ),
                            c.ngettext(
                                "{n} past due", "{n} past due", past_due, n=past_due
                            ),
                        ]
                    ),
                ),
            ]
        )
    ]
    if not agreement.exception_criteria:
        blocks.append(Paragraph(c.gettext("The agreement has no exception criteria.")))
    # Each criterion's exceptions, in report order, grouped in one pass
    # rather than one per criterion.
    by_criterion: dict[str, list[PlanException]] = {}
    for exception in report.exceptions:
        by_criterion.setdefault(exception.criterion, []).append(exception)
    for criterion in agreement.exception_criteria:
        found = by_criterion.get(criterion.id, ())
        blocks += [
            Heading(2, criterion.title),
            Paragraph(
                c.separator().join(
                    [_tolerance(c, criterion, names), _judged(c, criterion)]
                )
            ),
        ]
        if criterion.description:
            blocks.append(Prose(criterion.description))
        if not found:
            blocks.append(Paragraph(c.gettext("No exceptions.")))
            continue
        metric = names.metrics.get(criterion.measure)
        # An exception is named by its key: its item and window, or, for a
        # criterion that judges no items, its window, the row's first cell.
        items = criterion.split is not None
        columns = [
            *([Column(c.gettext("Item"), key=True)] if items else []),
            Column(c.gettext("Window"), key=True),
            Column(c.gettext("Value"), numeric=True),
            Column(c.gettext("Limit"), numeric=True),
            Column(c.gettext("Opened")),
            Column(c.gettext("Due")),
            Column(c.pgettext("exception", "State")),
        ]
        rows: list[tuple[str | Span, ...]] = [
            (
                *([_item(c, criterion, e)] if items else []),
                window_label(c, e.window),
                amount_words(c, e.value, metric, computed=True),
                _limit(c, e, amount_words(c, e.limit, metric, computed=True)),
                c.short_date(e.opened_on),
                c.short_date(e.due),
                _state(c, e),
            )
            for e in found
        ]
        blocks.append(Table(columns, rows, row_headers=2 if items else 1))
    title = c.gettext("Exceptions: {agreement}", agreement=agreement.title)
    return Document(title=title, lang=c.tag, blocks=blocks, colon=c.colon())


def _item(c: Context, criterion: ExceptionCriterion, exception: PlanException) -> Span:
    """Name *exception*'s item exactly (`dimension_text`): ``sku-1``, ``"sku-1 "``.

    The records without the split dimension are judged together, as no
    item: "(no item)".
    """
    if exception.item is None:
        return Span(
            c.gettext(
                "(no {dimension})",
                dimension=dimension_text(str(criterion.split)),
            ),
            tone="muted",
        )
    return Span(dimension_text(exception.item), "code")


def _limit(c: Context, exception: PlanException, limit: str) -> str:
    if exception.bound == "lower":
        return c.gettext("below {limit}", limit=limit)
    return c.gettext("above {limit}", limit=limit)


def _state(c: Context, exception: PlanException) -> str:
    if exception.worked:
        return c.gettext(
            "worked on: {actions}", actions=c.join(list(exception.actions))
        )
    if exception.past_due:
        return c.pgettext("exception", "past due")
    return c.pgettext("exception", "open")
