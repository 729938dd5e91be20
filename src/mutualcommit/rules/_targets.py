"""MC501: targets that ask for unrealistic growth."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from mutualcommit.model import Direction, decimal_context, percentage

from ._context import Context
from ._findings import Finding, Severity
from ._goals import best_value
from ._rule import rule

__all__ = ["mc501"]

_HUNDRED = Decimal(100)


@rule(
    "MC501",
    Severity.WARNING,
    title="An AT_LEAST target exceeds a positive baseline by more than ``max_growth``.",
    messages={
        "goal": (
            'Goal {goal} "{title}" aims at {value} from a baseline of '
            "{baseline}, a rise of {growth} percent where at most {max_growth} "
            "percent is realistic; lower the target or ramp it up with steps."
        ),
        "contribution": (
            'Contribution {contribution} "{title}" aims at {value} from a '
            "baseline of {baseline}, a rise of {growth} percent where at most "
            "{max_growth} percent is realistic; lower the target or ramp it up "
            "with steps."
        ),
    },
)
def mc501(context: Context) -> Iterator[Finding]:
    # The most ambitious value counts: the target's value or any of its steps.
    max_growth = context.policy.max_growth
    for subject, path, title, target in context.targets():
        baseline = target.baseline
        if (
            target.direction is not Direction.AT_LEAST
            or baseline is None
            or baseline <= 0
        ):
            continue
        best = best_value(target)
        growth = decimal_context().divide(
            decimal_context().subtract(best, baseline), baseline
        )
        if growth > max_growth:
            kind, _, id_ = subject.partition(":")
            yield context.finding(
                subject,
                f"{path}.target",
                **{kind: id_},
                title=title,
                value=best,
                baseline=baseline,
                growth=percentage(growth, above=max_growth),
                max_growth=decimal_context().multiply(max_growth, _HUNDRED),
            )
