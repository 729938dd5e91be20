"""MC6xx: incentives linked to measured outcomes, with bounded liability."""

from __future__ import annotations

from collections.abc import Iterator

from mutualcommit.model import Contribution, Goal

from ._context import Context
from ._findings import Finding
from ._messages import finding

__all__ = ["mc601", "mc602"]


def mc601(context: Context) -> Iterator[Finding]:
    """An incentive rewards a goal or contribution that has no target."""
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
            yield finding(
                "MC601",
                f"incentive:{incentive.id}",
                path,
                incentive=incentive.id,
                title=incentive.title,
                outcome_kind=kind,
                outcome=outcome.id,
                outcome_title=outcome.title,
            )


def mc602(context: Context) -> Iterator[Finding]:
    """An incentive with a rate tier has no cap: an unbounded liability."""
    agreement = context.agreement
    for i, incentive in enumerate(agreement.incentives):
        if incentive.cap is None and any(t.rate is not None for t in incentive.tiers):
            yield finding(
                "MC602",
                f"incentive:{incentive.id}",
                f"incentives[{i}].cap",
                incentive=incentive.id,
                title=incentive.title,
                payer=incentive.payer,
            )
