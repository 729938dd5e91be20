"""MC603-MC604: remedies with bounded liability, on measured targets."""

from __future__ import annotations

from collections.abc import Iterator

from mutualcommit.model import Contribution, Goal

from ._context import Context
from ._findings import Finding
from ._messages import finding

__all__ = ["mc603", "mc604"]


def mc603(context: Context) -> Iterator[Finding]:
    """A remedy has no cap: an unbounded liability for its payer."""
    for i, remedy in enumerate(context.agreement.remedies):
        if remedy.limit is None:
            yield finding(
                "MC603",
                f"remedy:{remedy.id}",
                f"remedies[{i}].cap",
                remedy=remedy.id,
                title=remedy.title,
                payer=remedy.payer,
            )


def mc604(context: Context) -> Iterator[Finding]:
    """A remedy follows a goal or contribution that has no target."""
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
            yield finding(
                "MC604",
                f"remedy:{remedy.id}",
                path,
                remedy=remedy.id,
                title=remedy.title,
                basis_kind=kind,
                basis=basis.id,
                basis_title=basis.title,
            )
