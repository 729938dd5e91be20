"""Assertions for downstream test suites: is this agreement compliant, what was found?"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import cast

from mutualcommit.errors import ArgumentError, also_type_error
from mutualcommit.kpi import ObservationIndex
from mutualcommit.model import Agreement, FundEvent, Observation, as_enum
from mutualcommit.model._arguments import as_instance, shown
from mutualcommit.rules import DEFAULT_POLICY, Finding, Policy, Report, Severity, check
from mutualcommit.rules._codes import CODE_PATTERN, unknown_catalogue_code

__all__ = ["Expected", "assert_compliant", "assert_findings"]


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
    observations: Iterable[Observation] | ObservationIndex | None = None,
    strict: bool = False,
    fund_events: Iterable[FundEvent] | None = None,
) -> Report:
    """Assert that *agreement* has no error finding as of *as_of* under *policy*.

    Made for the test suites of services that build or store agreements::

        def test_the_plan_is_compliant():
            assert_compliant(build_plan(), as_of=date(2026, 3, 1), policy=OUR_POLICY)

    Args:
        agreement: The agreement to check.
        as_of: The day to check as of.
        policy: The policy to apply.
        observations: KPI observations (or an `ObservationIndex` of them for
            *agreement*, as `~mutualcommit.check` takes them), so that MC304
            can run.
        strict: Fail on warnings too, not only on errors.
        fund_events: The log of the agreement's funds, so that the fund
            rules (MC206-MC211: claims past their deadline, money expiring
            unspent, ...) can run.

    Returns:
        The report, for further assertions, when the agreement is compliant.

    Raises:
        AssertionError: When a finding in force is an error (or, with
            *strict*, a warning); its text lists every finding in force,
            errors first, then the number of waived ones.
        InvalidObservationsError: When the observations or the fund log
            are not valid for *agreement*, as for `~mutualcommit.check`.
    """
    __tracebackhide__ = True  # pytest shows the caller's line, not this one.
    report = check(
        agreement,
        as_of=as_of,
        observations=observations,
        policy=policy,
        fund_events=fund_events,
    )
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


#: What `assert_findings` expects: a code, or a code and the subject it is about.
Expected = str | tuple[str, str]


def _matches(finding: Finding, expected: Expected) -> bool:
    if isinstance(expected, str):
        return finding.code == expected
    code, subject = expected
    return finding.code == code and finding.subject == subject


def _expectations(name: str, value: object) -> tuple[Expected, ...]:
    """Return the expectations *value* holds, or say what it is instead."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        msg = (
            f"{name} is a collection of codes or (code, subject) pairs, "
            f"got {shown(value)}"
        )
        if isinstance(value, str):
            msg += f": pass [{value!r}]"
        raise also_type_error(ArgumentError)(msg, name)
    items = tuple(value)
    if (
        isinstance(value, tuple)
        and len(items) == 2  # noqa: PLR2004 - a pair
        and items[1] == "agreement"
    ):
        # ("MC200", "agreement") given bare: "agreement" is a subject (the
        # agreement itself), though it is spelt as a code could be.
        msg = (
            f"{name}[1] is a code such as MC204, got 'agreement', the subject "
            f"of a finding about the agreement itself; a (code, subject) pair "
            f"goes in a collection: pass [{items!r}]"
        )
        raise ArgumentError(msg, f"{name}[1]")
    for index, item in enumerate(items):
        if not (
            isinstance(item, str)
            or (
                isinstance(item, tuple)
                and len(item) == 2  # noqa: PLR2004 - a pair
                and all(isinstance(part, str) for part in item)
            )
        ):
            msg = (
                f"{name}[{index}] is a code or a (code, subject) pair, got "
                f"{shown(item)}"
            )
            raise also_type_error(ArgumentError)(msg, f"{name}[{index}]")
        code = item if isinstance(item, str) else item[0]
        if not CODE_PATTERN.fullmatch(code):
            # ("MC204", "party:acme") given bare is two codes, the second
            # a subject: it would be reported missing, never found.
            hint = ""
            if isinstance(value, tuple) and len(items) == 2 and index == 1:  # noqa: PLR2004
                hint = (
                    f"; a (code, subject) pair goes in a collection: pass [{items!r}]"
                )
            msg = f"{name}[{index}] is a code such as MC204, got {code!r}{hint}"
            raise ArgumentError(msg, f"{name}[{index}]")
        unknown = unknown_catalogue_code(code)
        if unknown is not None:
            # A misspelt code matches nothing: as an exclusion it would pass
            # forever.
            msg = f"{name}[{index}]: {unknown}"
            raise ArgumentError(msg, f"{name}[{index}]")
    return cast("tuple[Expected, ...]", items)


#: Why a call that expects nothing is refused, and what to pass.
_NOTHING_EXPECTED = (
    "assert_findings() was given nothing to expect, and would pass whatever "
    "was found: pass codes=[] to assert that no {which}finding was found, "
    "codes=[...] for exactly these, include=[...] for at least these or "
    "exclude=[...] for none of these"
)


def _name(expected: Expected) -> str:
    return expected if isinstance(expected, str) else " ".join(expected)


def assert_findings(
    report: Report,
    codes: Collection[Expected] | None = None,
    *,
    include: Iterable[Expected] = (),
    exclude: Iterable[Expected] = (),
    severity: Severity | str | None = None,
) -> tuple[Finding, ...]:
    """Assert what a check found: exactly *codes*, at least *include*, none of *exclude*.

    Made for tests of expected failures::

        report = check(over_committed, as_of=date(2026, 3, 1))
        assert_findings(report, include=["MC204"], severity="error")
        assert_findings(report, codes=[("MC204", "party:acme")], severity="error")

    An expectation is a code (``"MC204"``: any finding of that code) or a
    code and a subject (``("MC204", "party:acme")``). Only the findings in
    force count, not the waived ones. A call must expect something: with
    no *codes* and nothing to include or exclude it would pass whatever was
    found, so it is refused; ``codes=[]`` asserts that nothing was found
    (``codes=[], severity="error"``: no error).

    Args:
        report: The report of `~mutualcommit.check`.
        codes: Exactly what is found, or None not to say: every finding
            matches one of them and each of them matches a finding.
        include: What is found at least (a subset).
        exclude: What is not found.
        severity: Count only the findings of this severity (``"error"``,
            ``"warning"``, ``"info"``); None: all.

    Returns:
        The findings counted, for further assertions.

    Raises:
        AssertionError: When the findings do not match; its text lists
            what was expected and missing (and where a missing one was
            found after all: waived, or of another severity), what was
            unexpected, and every finding counted.
        ArgumentError: Naming the argument (``include[1]``): when
            *severity* is not a severity, or an expectation's code is not a
            code (a subject given where a code goes: a pair passed bare,
            ``include=("MC204", "party:acme")``, names the pair to pass); a
            `TypeError` too when *report* is not a `Report`, *codes*,
            *include* or *exclude* is not a collection of expectations (one
            code as a string: pass ``["MC204"]``), or the call expects
            nothing (no *codes*, and *include* and *exclude* empty).
    """
    __tracebackhide__ = True  # pytest shows the caller's line, not this one.
    as_instance("report", report, Report)
    if codes is not None:
        codes = _expectations("codes", codes)
    include = _expectations("include", include)
    exclude = _expectations("exclude", exclude)
    found = report.findings
    level = None if severity is None else as_enum(Severity, "severity", severity)
    if codes is None and not include and not exclude:
        raise also_type_error(ArgumentError)(
            _NOTHING_EXPECTED.format(which="" if level is None else f"{level.value} ")
        )
    if level is not None:
        found = tuple(f for f in found if f.severity is level)
    wanted = [*include, *(codes or ())]
    missing = [
        e for e in dict.fromkeys(wanted) if not any(_matches(f, e) for f in found)
    ]
    unexpected = [
        f
        for f in found
        if (codes is not None and not any(_matches(f, e) for e in codes))
        or any(_matches(f, e) for e in exclude)
    ]
    if not missing and not unexpected:
        return found
    which = "" if level is None else f"{level.value} "
    head = (
        f"the {which}findings of agreement {report.agreement} as of "
        f"{report.as_of.isoformat()} do not match:"
    )
    lines = [head]
    if codes is not None:
        lines.append(f"  expected exactly: {', '.join(map(_name, codes)) or 'nothing'}")
    if include:
        lines.append(f"  expected at least: {', '.join(map(_name, include))}")
    if exclude:
        lines.append(f"  expected none of: {', '.join(map(_name, exclude))}")
    found_codes = ", ".join(f"{f.code} {f.subject}" for f in found) or "nothing"
    lines.append(f"  found: {found_codes}")
    if missing:
        lines.append(f"  missing: {', '.join(map(_name, missing))}")
        lines.extend(_elsewhere(report, missing, level))
    if unexpected:
        lines.append(
            "  unexpected: " + ", ".join(f"{f.code} {f.subject}" for f in unexpected)
        )
    lines.extend(_line(finding) for finding in found)
    raise AssertionError("\n".join(lines))


def _elsewhere(
    report: Report, missing: list[Expected], level: Severity | None
) -> Iterator[str]:
    """Say where a missing expectation was found after all: waived, or of another severity.

    Not to debug the plan when the policy silenced the finding, or the
    *severity* asked for left it out.
    """
    for expected in missing:
        waived = [f for f in report.waived if _matches(f, expected)]
        if waived:
            yield (
                f"  {_name(expected)} was found and waived: "
                + ", ".join(f"{f.severity.value} {f.code} {f.subject}" for f in waived)
            )
        if level is not None:
            other = [
                f
                for f in report.findings
                if f.severity is not level and _matches(f, expected)
            ]
            if other:
                yield (
                    f"  {_name(expected)} was found as another severity: "
                    + ", ".join(
                        f"{f.severity.value} {f.code} {f.subject}" for f in other
                    )
                )
