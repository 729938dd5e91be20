"""Assertions for downstream test suites: is this agreement compliant?"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from mutualcommit.model import Agreement, Observation
from mutualcommit.rules import DEFAULT_POLICY, Finding, Policy, Report, Severity, check

__all__ = ["assert_compliant"]


def _line(finding: Finding) -> str:
    where = f" at {finding.path}" if finding.path else ""
    return (
        f"  {finding.severity.value} {finding.code} {finding.subject}{where}: "
        f"{finding.message}"
    )


def assert_compliant(
    agreement: Agreement,
    *,
    as_of: dt.date,
    policy: Policy = DEFAULT_POLICY,
    observations: Iterable[Observation] | None = None,
    strict: bool = False,
) -> Report:
    """Assert that *agreement* has no error finding as of *as_of* under *policy*.

    Made for the test suites of services that build or store agreements::

        def test_the_plan_is_compliant():
            assert_compliant(build_plan(), as_of=date(2026, 3, 1), policy=OUR_POLICY)

    Args:
        agreement: The agreement to check.
        as_of: The day to check as of.
        policy: The policy to apply.
        observations: KPI observations, so that MC304 can run.
        strict: Fail on warnings too, not only on errors.

    Returns:
        The report, for further assertions, when the agreement is compliant.

    Raises:
        AssertionError: When a finding in force is an error (or, with
            *strict*, a warning); its text lists every finding in force,
            errors first, then the number of waived ones.
    """
    __tracebackhide__ = True  # pytest shows the caller's line, not this one.
    report = check(agreement, as_of=as_of, observations=observations, policy=policy)
    failing = report.errors + (report.warnings if strict else ())
    if not failing:
        return report
    counts = ", ".join(
        f"{len(found)} {severity.value}{'s' if len(found) != 1 else ''}"
        for severity, found in (
            (Severity.ERROR, report.errors),
            (Severity.WARNING, report.warnings),
            (Severity.INFO, report.infos),
        )
        if found
    )
    lines = [
        f"agreement {agreement.id} is not compliant as of {as_of.isoformat()}: {counts}",
        *(_line(finding) for finding in report.findings),
    ]
    if report.waived:
        lines.append(f"  ({len(report.waived)} waived)")
    raise AssertionError("\n".join(lines))
