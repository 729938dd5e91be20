"""MC307-MC308: exceptions worked on in time, criteria that can fire.

Both need observations: without them there is nothing to judge.
"""

from __future__ import annotations

from collections.abc import Iterator

from mutualcommit.kpi import exceptions, never_observed

from ._context import Context
from ._findings import Finding, Severity, where_pairs
from ._rule import rule

__all__ = ["mc307", "mc308"]


@rule(
    "MC307",
    Severity.ERROR,
    title=(
        "An exception is open past its criterion's ``resolve_within_days``, unworked."
    ),
    messages={
        "exception.lower": (
            'Exception {exception} of criterion {criterion} "{title}": '
            "{measure} was {value} in {window}, below the lower tolerance "
            "{limit}; it opened on {opened_on}, was to be worked on by {due}, "
            "and no action item names it; record an action item for {owner} "
            "that names it."
        ),
        "exception.upper": (
            'Exception {exception} of criterion {criterion} "{title}": '
            "{measure} was {value} in {window}, above the upper tolerance "
            "{limit}; it opened on {opened_on}, was to be worked on by {due}, "
            "and no action item names it; record an action item for {owner} "
            "that names it."
        ),
    },
    case="bound",
    needs="observations",
)
def mc307(context: Context) -> Iterator[Finding]:
    # An exception opens on the last day of the window in which its measure
    # left the tolerance; it is past due when ``as_of`` is more than
    # ``resolve_within_days`` days later and no action item of a review held
    # on or before ``as_of`` names its key. One finding per exception.
    index = context.observations
    agreement = context.agreement
    if index is None or not agreement.exception_criteria:
        return
    positions = {c.id: i for i, c in enumerate(agreement.exception_criteria)}
    report = exceptions(agreement, index, as_of=context.as_of)
    for exception in report.past_due:
        i = positions[exception.criterion]
        criterion = agreement.exception_criteria[i]
        yield context.finding(
            f"exception:{exception.key}",
            f"exception_criteria[{i}]",
            exception=exception.key,
            criterion=criterion.id,
            title=criterion.title,
            measure=criterion.measure,
            window=exception.window,
            value=exception.value,
            bound=exception.bound,
            limit=exception.limit,
            opened_on=exception.opened_on,
            due=exception.due,
            owner=exception.owner,
        )


@rule(
    "MC308",
    Severity.WARNING,
    title="A criterion watches a metric, a ``where`` value or a split never observed.",
    messages={
        "exception-criterion.metric": (
            'Exception criterion {criterion} "{title}" watches metric '
            "{measure}, which has no observations, so it can never raise an "
            "exception; check the measure, or have its party report it."
        ),
        "exception-criterion.where": (
            'Exception criterion {criterion} "{title}" watches metric '
            "{measure} where {where}, and no observation matches, so it can "
            "never raise an exception; check the dimension values."
        ),
        "exception-criterion.split": (
            'Exception criterion {criterion} "{title}" splits metric '
            "{measure} by {split}, and no observation has that dimension, so "
            "it judges them all together, as the records without it, and never "
            "one item; check the dimension name."
        ),
    },
    case="missing",
    needs="observations",
    dimensions=("split",),
)
def mc308(context: Context) -> Iterator[Finding]:
    # Such a criterion can never raise an exception: its measure is probably
    # misnamed, or nobody records it. Only observations on or before
    # ``as_of`` count.
    index = context.observations
    if index is None:
        return
    for i, criterion in enumerate(context.agreement.exception_criteria):
        missing = never_observed(index, criterion, as_of=context.as_of)
        if missing is None:
            continue
        where = where_pairs(criterion.where)
        yield context.finding(
            f"exception-criterion:{criterion.id}",
            f"exception_criteria[{i}]",
            criterion=criterion.id,
            title=criterion.title,
            measure=criterion.measure,
            where=where,
            split=criterion.split or "",
            missing=missing,
        )
