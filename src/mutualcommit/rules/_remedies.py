"""MC603-MC604: remedies with bounded liability, on measured targets."""

from __future__ import annotations

from collections.abc import Iterator

from mutualcommit.model import Contribution, Goal

from ._context import Context
from ._findings import Finding, Severity
from ._rule import rule

__all__ = ["mc603", "mc604"]


@rule(
    "MC603",
    Severity.WARNING,
    title="A remedy has no cap: an unbounded liability for its payer.",
    messages={
        "remedy": (
            'Remedy {remedy} "{title}" has no cap, an unbounded liability for '
            "party {payer}; set a cap or a cap share of a base amount."
        ),
    },
)
def mc603(context: Context) -> Iterator[Finding]:
    for i, remedy in enumerate(context.agreement.remedies):
        if remedy.limit is None:
            yield context.finding(
                f"remedy:{remedy.id}",
                f"remedies[{i}].cap",
                remedy=remedy.id,
                title=remedy.title,
                payer=remedy.payer,
            )


@rule(
    "MC604",
    Severity.ERROR,
    title="A remedy follows a goal or contribution that has no target.",
    messages={
        "remedy.goal": (
            'Remedy {remedy} "{title}" follows goal {basis} "{basis_title}", '
            "which has no target, so no shortfall can be measured; give the "
            "goal a target."
        ),
        "remedy.contribution": (
            'Remedy {remedy} "{title}" follows contribution {basis} '
            '"{basis_title}", which has no target, so no shortfall can be '
            "measured; give the contribution a target."
        ),
    },
    case="basis_kind",
)
def mc604(context: Context) -> Iterator[Finding]:
    for i, remedy in enumerate(context.agreement.remedies):
        basis: Goal | Contribution
        if remedy.goal is not None:
            kind, basis = "goal", context.goals[remedy.goal]
            path = f"remedies[{i}].goal"
        elif remedy.contribution is not None:
            kind, basis = "contribution", context.contributions[remedy.contribution]
            path = f"remedies[{i}].contribution"
        else:  # pragma: no cover - an invariant of the model
            continue
        if basis.target is None:
            yield context.finding(
                f"remedy:{remedy.id}",
                path,
                remedy=remedy.id,
                title=remedy.title,
                basis_kind=kind,
                basis=basis.id,
                basis_title=basis.title,
            )
