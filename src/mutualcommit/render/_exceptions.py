"""The agreement's exception criteria, as the signed document states them."""

from __future__ import annotations

from mutualcommit.model import Agreement, ExceptionCriterion

from ._context import Context
from ._labels import per_label
from ._names import Names
from ._tree import Block, Column, Heading, Paragraph, Span, Table
from ._words import amount_words

__all__ = ["exception_criteria_blocks"]


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
    return [
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
        parts.append(c.gettext("per {dimension}", dimension=criterion.split))
    if criterion.where:
        filters = [f"{k} = {v}" for k, v in sorted(criterion.where.items())]
        parts.append(
            c.gettext(
                "counting only observations with {filters}", filters=c.join(filters)
            )
        )
    return c.separator().join(parts)
