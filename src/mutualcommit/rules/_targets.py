"""MC501: targets that ask for unrealistic growth, or an unrealistic cut."""

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
    title="A target improves on a positive baseline by more than ``max_growth``.",
    messages={
        "goal.at_least": (
            'Goal {goal} "{title}" aims at {value} from a baseline of '
            "{baseline}, a rise of {growth} percent where at most {max_growth} "
            "percent is realistic; lower the target or ramp it up with steps."
        ),
        "contribution.at_least": (
            'Contribution {contribution} "{title}" aims at {value} from a '
            "baseline of {baseline}, a rise of {growth} percent where at most "
            "{max_growth} percent is realistic; lower the target or ramp it up "
            "with steps."
        ),
        "goal.at_most": (
            'Goal {goal} "{title}" aims at {value} from a baseline of '
            "{baseline}, a cut of {cut} percent: the baseline is {growth} "
            "percent above the target where at most {max_growth} percent is "
            "realistic; raise the target or ramp it down with steps."
        ),
        "contribution.at_most": (
            'Contribution {contribution} "{title}" aims at {value} from a '
            "baseline of {baseline}, a cut of {cut} percent: the baseline is "
            "{growth} percent above the target where at most {max_growth} "
            "percent is realistic; raise the target or ramp it down with steps."
        ),
    },
    case="direction",
)
def mc501(context: Context) -> Iterator[Finding]:
    # The most ambitious value that applies in the term counts: the one in
    # force on its first day, or any of its steps inside it (`best_value`).
    # AT_LEAST: how far it rises above the baseline, (best - baseline) /
    # baseline. AT_MOST, the mirror: how far the baseline lies above it,
    # (baseline - best) / best, so that max_growth bounds the improvement
    # either way (3.0: at most four times the baseline, or a quarter of it).
    max_growth = context.policy.max_growth
    ctx = decimal_context()
    for subject, path, title, target in context.targets():
        baseline = target.baseline
        if baseline is None or baseline <= 0:
            continue
        best = best_value(target, context.agreement)
        at_least = target.direction is Direction.AT_LEAST
        if at_least:
            growth = ctx.divide(ctx.subtract(best, baseline), baseline)
        elif best > 0:
            growth = ctx.divide(ctx.subtract(baseline, best), best)
        else:
            # A target of 0 or below: no ratio says how far it lies below.
            continue
        if growth <= max_growth:
            continue
        kind, _, id_ = subject.partition(":")
        extra = (
            {}
            if at_least
            else {"cut": percentage(ctx.divide(ctx.subtract(baseline, best), baseline))}
        )
        yield context.finding(
            subject,
            f"{path}.target",
            **{kind: id_},
            title=title,
            direction=target.direction.value,
            value=best,
            baseline=baseline,
            growth=percentage(growth, above=max_growth),
            max_growth=ctx.multiply(max_growth, _HUNDRED),
            **extra,
        )
