"""MC7xx: the policy itself — a waiver that silences nothing."""

from __future__ import annotations

from collections.abc import Iterator

from ._context import Context
from ._findings import Finding, Severity
from ._rule import rule

__all__ = ["mc700"]


@rule(
    "MC700",
    Severity.INFO,
    title="A waiver in force matched no finding: it is stale or misspelt.",
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
            or _cannot_judge(code, context)
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


def _cannot_judge(code: str, context: Context) -> bool:
    """Tell whether rule *code*, the catalogue's or the policy's, needs an input the check was not given."""
    from ._catalogue import CATALOGUE  # the catalogue lists this rule too

    declared = CATALOGUE.get(code)
    needs = (
        declared.needs
        if declared is not None
        else next((r.needs for r in context.policy.rules if r.code == code), None)
    )
    return needs is not None and getattr(context, needs) in (None, ())
