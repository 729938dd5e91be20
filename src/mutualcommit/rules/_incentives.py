"""MC6xx: incentives linked to measured outcomes, with bounded liability."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from mutualcommit.model import Contribution, Goal, decimal_context

from ._context import Context
from ._findings import Finding, Severity
from ._rule import rule

__all__ = ["mc601", "mc602", "mc605"]

_HUNDRED = Decimal(100)
#: MC605: a threshold from this many times the target on (1,000 %) reads as
#: a percentage written where a ratio is meant (100 for 100 %): no window
#: is likely to reach it.
_PERCENT_THRESHOLD = Decimal(10)
#: MC605: a rate above this, the whole of its metric, reads as a percentage
#: written where a ratio is meant (2 for 2 %).
_PERCENT_RATE = Decimal(1)


@rule(
    "MC601",
    Severity.ERROR,
    title="An incentive rewards a goal or contribution that has no target.",
    messages={
        "incentive.goal": (
            'Incentive {incentive} "{title}" rewards goal {outcome} "{outcome_title}", '
            "which has no target; give the goal a target so that the reward "
            "depends on a measured outcome."
        ),
        "incentive.contribution": (
            'Incentive {incentive} "{title}" rewards contribution {outcome} '
            '"{outcome_title}", which has no target; give the contribution a '
            "target so that the reward depends on a measured outcome."
        ),
    },
    case="outcome_kind",
)
def mc601(context: Context) -> Iterator[Finding]:
    agreement = context.agreement
    for i, incentive in enumerate(agreement.incentives):
        outcome: Goal | Contribution
        if incentive.goal is not None:
            kind, outcome = "goal", context.goals[incentive.goal]
            path = f"incentives[{i}].goal"
        elif incentive.contribution is not None:
            kind, outcome = (
                "contribution",
                context.contributions[incentive.contribution],
            )
            path = f"incentives[{i}].contribution"
        else:  # pragma: no cover - an invariant of the model
            continue
        if outcome.target is None:
            yield context.finding(
                f"incentive:{incentive.id}",
                path,
                incentive=incentive.id,
                title=incentive.title,
                outcome_kind=kind,
                outcome=outcome.id,
                outcome_title=outcome.title,
            )


@rule(
    "MC602",
    Severity.WARNING,
    title="An incentive with a rate tier has no cap: an unbounded liability.",
    messages={
        "incentive": (
            'Incentive {incentive} "{title}" pays a rate of a metric with no '
            "cap, an unbounded liability for party {payer}; set a cap."
        ),
    },
)
def mc602(context: Context) -> Iterator[Finding]:
    agreement = context.agreement
    for i, incentive in enumerate(agreement.incentives):
        if incentive.cap is None and any(t.rate is not None for t in incentive.tiers):
            yield context.finding(
                f"incentive:{incentive.id}",
                f"incentives[{i}].cap",
                incentive=incentive.id,
                title=incentive.title,
                payer=incentive.payer,
            )


@rule(
    "MC605",
    Severity.WARNING,
    title=(
        "A tier's threshold or a rate reads as a percentage written where a "
        "ratio is meant: a threshold from 10 (1,000 %), a rate above 1."
    ),
    messages={
        "incentive.threshold": (
            'Incentive {incentive} "{title}" has a tier reached at {percent} '
            "percent of its target, which no window is likely to reach; a "
            "threshold is a ratio of the target: if {threshold} percent is "
            "meant, write {meant}."
        ),
        "incentive.rate": (
            'Incentive {incentive} "{title}" has a tier paying {percent} '
            "percent of metric {metric}, more than all of it; a rate is a "
            "ratio: if {rate} percent is meant, write {meant}."
        ),
        "remedy.rate": (
            'Remedy {remedy} "{title}" charges {percent} percent of metric '
            "{metric} for every unit of shortfall, more than all of it; a rate "
            "is a ratio: if {rate} percent is meant, write {meant}."
        ),
    },
    case="field",
)
def mc605(context: Context) -> Iterator[Finding]:
    # A designer who means 100 % and 2 % types 100 and 2: the tier then
    # asks for 10,000 % of the target and never pays, or pays 200 % of the
    # revenue. A fund's accrual rate is refused above 1; a tier's or a
    # remedy's may be meant (a remedy's is per unit of shortfall), so the
    # rule warns. One finding per value, at its path.
    ctx = decimal_context()
    for i, incentive in enumerate(context.agreement.incentives):
        for j, tier in enumerate(incentive.tiers):
            at = f"incentives[{i}].tiers[{j}]"
            if tier.threshold >= _PERCENT_THRESHOLD:
                yield context.finding(
                    f"incentive:{incentive.id}",
                    f"{at}.threshold",
                    incentive=incentive.id,
                    title=incentive.title,
                    field="threshold",
                    threshold=tier.threshold,
                    percent=ctx.multiply(tier.threshold, _HUNDRED),
                    meant=tier.threshold.scaleb(-2, ctx),
                )
            if tier.rate is not None and tier.rate > _PERCENT_RATE:
                yield context.finding(
                    f"incentive:{incentive.id}",
                    f"{at}.rate",
                    incentive=incentive.id,
                    title=incentive.title,
                    field="rate",
                    metric=tier.of or "",
                    rate=tier.rate,
                    percent=ctx.multiply(tier.rate, _HUNDRED),
                    meant=tier.rate.scaleb(-2, ctx),
                )
    for i, remedy in enumerate(context.agreement.remedies):
        if remedy.rate is not None and remedy.rate > _PERCENT_RATE:
            yield context.finding(
                f"remedy:{remedy.id}",
                f"remedies[{i}].rate",
                remedy=remedy.id,
                title=remedy.title,
                field="rate",
                metric=remedy.of or "",
                rate=remedy.rate,
                percent=ctx.multiply(remedy.rate, _HUNDRED),
                meant=remedy.rate.scaleb(-2, ctx),
            )
