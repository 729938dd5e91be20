"""``mutualcommit check FILE``: the rule catalogue's findings on an agreement."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from mutualcommit.model import Agreement
from mutualcommit.rules import (
    DEFAULT_POLICY,
    RULES,
    Finding,
    Policy,
    Report,
    Severity,
    check,
    report_to_dict,
)

from . import _portfolio
from ._io import (
    Inputs,
    about_observations,
    day,
    inert,
    read_agreement,
    read_fund_events,
    read_observations,
    read_policy,
    refuse_logs_as_agreements,
    refuse_shared_stdin,
)

__all__ = ["add_parser", "run"]

#: The words the text output groups findings under: the documents' words,
#: so an info finding is a note wherever a person reads it (its severity,
#: in JSON, stays ``info``).
_HEADINGS = {
    Severity.ERROR: "errors",
    Severity.WARNING: "warnings",
    Severity.INFO: "notes",
}


def _reading(needs: str) -> str:
    """Name the rules of the catalogue that read *needs*: ``MC108, MC304``."""
    return ", ".join(rule.code for rule in RULES if rule.needs == needs)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``check`` command to *subparsers*."""
    parser = subparsers.add_parser(
        "check",
        help="check an agreement against the rule catalogue and a policy",
        description=(
            "Check the agreement against the rule catalogue "
            f"({RULES[0].code}-{RULES[-1].code}) and "
            "a policy, and list the findings. Exit status: 0 when no finding "
            "is an error, 1 when some are, 2 when an input cannot be read."
        ),
    )
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=(
            "the agreement, a JSON document ('-' reads standard input); "
            "several files or a directory check a portfolio"
        ),
    )
    parser.add_argument(
        "--as-of",
        type=day,
        metavar="DATE",
        help="the day to check as of, YYYY-MM-DD (default: today)",
    )
    parser.add_argument(
        "--observations",
        metavar="FILE",
        help=(
            "KPI observations, JSON Lines, so that the rules that read them "
            f"({_reading('observations')}) run"
        ),
    )
    parser.add_argument(
        "--fund-events",
        metavar="FILE",
        help=(
            "the fund log, JSON Lines, so that the fund rules "
            f"({_reading('funds')}) run (over many agreements, one stream whose "
            "lines name their agreement)"
        ),
    )
    parser.add_argument(
        "--policy",
        metavar="FILE",
        help="a policy JSON document (default: the catalogue's)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (default), json for programs",
    )
    _portfolio.add_portfolio_arguments(parser)
    # FILE ... may also follow the options (see `main`).
    parser.set_defaults(files_anywhere=True)


def run(args: argparse.Namespace) -> int:
    """Check the agreement in ``args.file`` and print the findings.

    Returns:
        0 when no finding in force is an error, 1 when some are.

    Raises:
        CommandError: When two inputs are standard input, or a file named
            as an agreement is a log (one named as JSON Lines, or given as a
            log too).
        FormatError: When a file is not a valid agreement, observation
            stream or policy.
        InvalidAgreementError: When the agreement breaks an invariant.
        InvalidObservationsError: When an observation names an unknown metric.
        InputFilesError: When more than one input file fails: each one's error.
        OSError: When a file cannot be read.
    """
    # The files named after an option (``check a.json --as-of D b.json``).
    args.files = [*args.files, *getattr(args, "later", ())]
    refuse_logs_as_agreements(
        args.files,
        [
            ("--observations", args.observations),
            ("--fund-events", getattr(args, "fund_events", None)),
        ],
        "name the observations with --observations FILE, a fund log with "
        "--fund-events FILE",
    )
    refuse_shared_stdin(
        [
            ("FILE", "-" if "-" in args.files else None),
            ("--observations", args.observations),
            ("--fund-events", getattr(args, "fund_events", None)),
            ("--policy", args.policy),
        ]
    )
    if _portfolio.is_portfolio(args):
        return _portfolio.run_check_many(args)
    (file,) = args.files
    # Only the command line reads the clock; the library is given the day.
    as_of: dt.date = args.as_of if args.as_of is not None else dt.date.today()  # noqa: DTZ011
    # Every file is read, so that one run names the problems of each.
    inputs = Inputs()
    agreement = inputs.read(read_agreement, file)
    policy = (
        DEFAULT_POLICY if args.policy is None else inputs.read(read_policy, args.policy)
    )
    observations = None
    lines: tuple[int, ...] = ()
    if args.observations is not None:
        read = inputs.read(read_observations, args.observations, agreement, many=True)
        observations, lines = (None, ()) if read is None else read
    fund_events = None
    if getattr(args, "fund_events", None) is not None:
        fund_events = inputs.read(
            read_fund_events, args.fund_events, agreement, as_of, many=True
        )
    inputs.done()
    assert agreement is not None  # noqa: S101 - done() raised otherwise
    assert policy is not None  # noqa: S101 - done() raised otherwise
    if fund_events is not None and observations is None:
        _unjudged(agreement, policy)
    # Observations that do not fit the agreement are the observations' problem.
    with about_observations(args.observations or file, lines, observations, agreement):
        report = check(
            agreement,
            as_of=as_of,
            observations=observations,
            policy=policy,
            fund_events=fund_events,
        )
    if args.format == "json":
        print(json.dumps(report_to_dict(report), indent=2, ensure_ascii=False))
    else:
        print(_text(agreement, report))
    return 0 if report.ok else 1


def _unjudged(agreement: Agreement, policy: Policy) -> None:
    """Say on standard error which funds the fund rules leave alone without observations."""
    for note in _portfolio.unjudged_funds(agreement, policy):
        print(f"mutualcommit check: {note}", file=sys.stderr)


def _summary(agreement: Agreement, as_of: dt.date) -> str:
    parties = ", ".join(f"{inert(p.name)} ({p.role.value})" for p in agreement.parties)
    return (
        f"{inert(agreement.title)} ({agreement.id}): {parties or 'no parties'}; "
        f"{agreement.start.isoformat()} to {agreement.end.isoformat()}; "
        f"{agreement.status(as_of).value} as of {as_of.isoformat()}; "
        f"version {agreement.version}, {agreement.fingerprint()}"
    )


def _line(finding: Finding) -> str:
    """A finding on one line: its subject and message quote user text."""
    return f"  {finding.code} {inert(finding.subject)}: {inert(finding.message)}"


def _text(agreement: Agreement, report: Report) -> str:
    lines = [_summary(agreement, report.as_of)]
    for severity, heading in _HEADINGS.items():
        found = [f for f in report.findings if f.severity is severity]
        if found:
            lines.append(f"{heading}:")
            lines.extend(_line(f) for f in found)
    if report.waived:
        lines.append("waived:")
        lines.extend(_line(f) for f in report.waived)
    counts = [
        f"{len(report.errors)} error{'' if len(report.errors) == 1 else 's'}",
        f"{len(report.warnings)} warning{'' if len(report.warnings) == 1 else 's'}",
        f"{len(report.infos)} note{'' if len(report.infos) == 1 else 's'}",
    ]
    if report.waived:
        counts.append(f"{len(report.waived)} waived")
    lines.append(", ".join(counts))
    return "\n".join(lines)
