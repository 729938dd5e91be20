"""MC6xx: incentives linked to measured outcomes, with bounded liability."""

from __future__ import annotations

from collections.abc import Iterator

from mutualcommit.model import Contribution, Goal

from ._context import Context
from ._findings import Finding, Severity
from ._rule import rule

__all__ = ["mc601", "mc602"]


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
