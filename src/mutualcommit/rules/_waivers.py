"""MC7xx: the policy itself — a waiver that silences nothing."""

from __future__ import annotations

from collections.abc import Iterator

from ._context import Context
from ._findings import Finding, Severity
from ._rule import rule

__all__ = ["mc700"]

#: Rules that run only with observations: without them, a waiver of theirs
#: cannot be judged unused.
_NEED_OBSERVATIONS = frozenset({"MC304"})


@rule(
    "MC700",
    Severity.INFO,
    messages={
        "waiver": (
            "The waiver of {waiver_code} for {waiver_subject} (reason: "
            '"{reason}") matched no finding; remove it from the policy, or '
            "correct its code or subject."
        ),
    },
    last=True,
)
def mc700(context: Context) -> Iterator[Finding]:
    """A waiver in force matched no finding: it is stale or misspelt."""
    policy = context.policy
    own = {r.code for r in policy.rules}
    seen = {(f.code, f.subject) for f in context.findings}
    for i, waiver in enumerate(policy.waivers):
        code = waiver.code
        if (
            not waiver.in_force(context.as_of)
            or code == "MC700"
            or not policy.enabled(code)
            or (code.startswith("MC") is False and code not in own)
            or (code in _NEED_OBSERVATIONS and context.observations is None)
            or (code, waiver.subject) in seen
        ):
            continue
        yield context.finding(
            f"waiver:{code}/{waiver.subject}",
            f"waivers[{i}]",
            waiver_code=code,
            waiver_subject=waiver.subject,
            reason=waiver.reason,
        )
