"""``mutualcommit exceptions FILE --observations F --as-of DATE``: the exceptions."""

from __future__ import annotations

import argparse
import json
import sys

from mutualcommit.kpi import (
    ExceptionReport,
    exception_report_to_dict,
    exceptions,
    receipt,
)

from . import _numbers
from ._io import (
    Inputs,
    about_observations,
    day,
    inert,
    read_agreement,
    read_observations,
    refuse_shared_stdin,
    terms_line,
)
from ._table import table

__all__ = ["add_parser", "run", "text"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``exceptions`` command to *subparsers*."""
    parser = subparsers.add_parser(
        "exceptions",
        help="list the windows in which a measure left its agreed tolerance",
        description=(
            "Apply the agreement's exception criteria to the observations as "
            "of the end of --as-of: every closed window (per item) whose "
            "value lies outside its tolerance, with the limit crossed, the "
            "day it opened, the day it is due to be worked on and the action "
            "items that name it. Exit status: 0 when no exception is past "
            "due, 1 when one is, 2 when an input cannot be read."
        ),
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        help="the agreement, a JSON document ('-' reads standard input)",
    )
    parser.add_argument(
        "--observations",
        required=True,
        metavar="FILE",
        help="the observations, JSON Lines ('-' reads standard input)",
    )
    parser.add_argument(
        "--as-of",
        type=day,
        required=True,
        metavar="DATE",
        help="the day to evaluate as of, YYYY-MM-DD (its end)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help=(
            "a table for people (default), the report and its receipt as "
            "JSON for programs"
        ),
    )


def run(args: argparse.Namespace) -> int:
    """Print the exceptions of the agreement in ``args.file``.

    Returns:
        0, or 1 when an exception is past due. An agreement without
        exception criteria has none: 0, and standard error says why.

    Raises:
        CommandError: When both inputs are standard input.
        FormatError: When a file is not a valid agreement or observation stream.
        InvalidAgreementError: When the agreement breaks an invariant.
        InvalidObservationsError: When an observation names an unknown metric
            or retracts without a ref.
        InputFilesError: When more than one input file fails: each one's error.
        OSError: When a file cannot be read.
    """
    refuse_shared_stdin([("FILE", args.file), ("--observations", args.observations)])
    # Both files are read, so that one run names the problems of each.
    inputs = Inputs()
    agreement = inputs.read(read_agreement, args.file)
    read = inputs.read(read_observations, args.observations, agreement)
    inputs.done()
    assert agreement is not None  # noqa: S101 - done() raised otherwise
    assert read is not None  # noqa: S101 - done() raised otherwise
    observations, lines = read
    if not agreement.exception_criteria:
        # Zero exceptions would read as a clean bill of health, of an
        # agreement where nothing can be one (its criteria deleted, say).
        print(
            "mutualcommit exceptions: no exception criteria: the agreement "
            "defines none, so no window can be an exception",
            file=sys.stderr,
        )
    with about_observations(args.observations, lines, observations, agreement):
        report = exceptions(agreement, observations, as_of=args.as_of)
    proof = receipt(report, observations)
    if args.format == "json":
        document = exception_report_to_dict(report)
        document["receipt"] = proof
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print(text(report, proof))
    return 1 if report.past_due else 0


_HEADER = (
    "exception",
    "value",
    "limit",
    "opened",
    "due",
    "owner",
    "state",
)


def _state(report: ExceptionReport, index: int) -> str:
    exception = report.exceptions[index]
    if exception.worked:
        return "worked: " + ", ".join(inert(action) for action in exception.actions)
    return "past due" if exception.past_due else "open"


def text(report: ExceptionReport, proof: str) -> str:
    """Return *report* as a plain-text table, then its receipt.

    A row per exception: its key, the value (to four places), the limit crossed (``<`` for a
    lower tolerance, ``>`` for an upper one), the day it opened and the day
    it is due, the owner and its state: ``open``, ``past due`` or
    ``worked`` with the action items that name it.
    """
    agreement = report.agreement
    past_due = len(report.past_due)
    lines = [
        f"{inert(agreement.title)} ({agreement.id}) as of {report.as_of.isoformat()}",
        terms_line(agreement),
        f"exceptions: {len(report.exceptions)}, past due: {past_due}",
    ]
    if report.exceptions:
        rows = [
            [
                inert(e.key),
                _numbers.number(e.value),
                ("< " if e.bound == "lower" else "> ") + _numbers.number(e.limit),
                e.opened_on.isoformat(),
                e.due.isoformat(),
                e.owner,
                _state(report, i),
            ]
            for i, e in enumerate(report.exceptions)
        ]
        lines += ["", *table(_HEADER, rows)]
    lines += ["", f"receipt: {proof}"]
    return "\n".join(lines)
