"""``mutualcommit render FILE``: the agreement, its scorecard or its check report."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from mutualcommit.kpi import evaluate, exceptions
from mutualcommit.render import FORMATS, Renderable, render
from mutualcommit.rules import DEFAULT_POLICY, check

from ._io import (
    CommandError,
    Inputs,
    about_observations,
    day,
    read_agreement,
    read_fund_events,
    read_observations,
    read_policy,
    refuse_output_over_input,
    refuse_shared_stdin,
    write_text,
)
from ._locale import DEFAULT_LOCALE, add_locale

__all__ = ["add_parser", "run"]

_WHAT = ("agreement", "scorecard", "report", "exceptions")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``render`` command to *subparsers*."""
    parser = subparsers.add_parser(
        "render",
        help="write an agreement, its scorecard or its check report as a document",
        description=(
            "Write the agreement as the document both parties sign, or its "
            "scorecard (needs --observations and --as-of), or its check report "
            "(as of --as-of, by default today), or its exceptions (needs "
            "--observations and --as-of), as Markdown, a self-contained "
            "HTML page or plain text, in the language and number and date "
            "conventions of --locale. With --fund-events the scorecard shows "
            "each fund's ledger and the report runs the fund rules; --policy "
            "gives the report a policy's severities, waivers and thresholds."
        ),
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        help="the agreement, a JSON document ('-' reads standard input)",
    )
    parser.add_argument(
        "--what",
        choices=_WHAT,
        default="agreement",
        help="the document to write (default: agreement)",
    )
    parser.add_argument(
        "--observations",
        metavar="FILE",
        help=(
            "observations as JSON Lines (for the scorecard and the exceptions; "
            "the report uses them too, the agreement does not)"
        ),
    )
    parser.add_argument(
        "--fund-events",
        metavar="FILE",
        help=(
            "the fund log, JSON Lines (for the scorecard, its ledgers; for the "
            "report, the fund rules MC206-MC211)"
        ),
    )
    parser.add_argument(
        "--policy",
        metavar="FILE",
        help="a policy JSON document, for the report (default: the catalogue's)",
    )
    parser.add_argument(
        "--as-of",
        type=day,
        metavar="DATE",
        help=(
            "the day to stand on, YYYY-MM-DD: the agreement's status, upcoming "
            "review dates and records as they stood at its end (a later "
            "signature not given yet, a later review not held, an action done "
            "later open); the day a scorecard or report is for"
        ),
    )
    add_locale(parser, "a locale such as en, de_DE or ja-JP (default: en)")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="markdown",
        help="markdown, html or text (default: markdown)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUTPUT",
        help=(
            "write the document to this file instead of standard output "
            "(never one of the inputs)"
        ),
    )


def run(args: argparse.Namespace) -> int:
    """Read the agreement (and observations) and write the document asked for.

    Returns:
        0 when the document was written.

    Raises:
        CommandError: When a scorecard or the exceptions lack their
            observations or their day, or when the document asked for does
            not read ``--observations``, ``--fund-events`` or ``--policy``
            (each such problem on a line of its own, all at once), or when
            ``-o`` names one of the inputs.
        FormatError: When a file is not an agreement, observation, fund log
            or policy document.
        InvalidAgreementError: When the agreement breaks an invariant.
        InvalidObservationsError: When an observation does not fit the agreement.
        UnknownLocaleError: When ``--locale`` does not name a locale.
        InputFilesError: When more than one input file fails: each one's error.
        OSError: When a file cannot be read or written.
    """
    what: str = args.what
    as_of: dt.date | None = args.as_of
    observations_path: str | None = args.observations
    # Every option missing or not read is said in one run, a line each.
    refused: list[str] = []
    if what in {"scorecard", "exceptions"} and (
        observations_path is None or as_of is None
    ):
        refused.append(f"--what {what} needs --observations and --as-of")
    # An option the document does not read is refused, not ignored.
    if observations_path is not None and what == "agreement":
        refused.append(
            "--observations is read by --what scorecard, report and exceptions, "
            "not agreement"
        )
    if args.fund_events is not None and what not in {"scorecard", "report"}:
        refused.append(
            f"--fund-events is read by --what scorecard and report, not {what}"
        )
    if args.policy is not None and what != "report":
        refused.append(f"--policy is read by --what report, not {what}")
    if refused:
        raise CommandError("\n".join(refused))
    refuse_shared_stdin(
        [
            ("FILE", args.file),
            ("--observations", observations_path),
            ("--fund-events", args.fund_events),
            ("--policy", args.policy),
        ]
    )
    refuse_output_over_input(
        args.output,
        [
            ("FILE", args.file),
            ("--observations", observations_path),
            ("--fund-events", args.fund_events),
            ("--policy", args.policy),
        ],
    )
    # Like `check`, the report is as of today unless told otherwise: the
    # command line may read the clock, the library never does.
    day = as_of if as_of is not None else dt.datetime.now().astimezone().date()
    # Every file is read, so that one run names the problems of each.
    inputs = Inputs()
    agreement = inputs.read(read_agreement, args.file)
    policy = (
        DEFAULT_POLICY if args.policy is None else inputs.read(read_policy, args.policy)
    )
    observations = None
    lines: tuple[int, ...] = ()
    if observations_path is not None:
        read = inputs.read(read_observations, observations_path, agreement)
        observations, lines = (None, ()) if read is None else read
    fund_events = None
    if args.fund_events is not None:
        fund_events = inputs.read(read_fund_events, args.fund_events, agreement, day)
    inputs.done()
    assert agreement is not None  # noqa: S101 - done() raised otherwise
    assert policy is not None  # noqa: S101 - done() raised otherwise
    subject: Renderable = agreement
    with about_observations(
        observations_path or args.file, lines, observations, agreement
    ):
        if what == "scorecard":
            assert as_of is not None  # noqa: S101 - checked above
            subject = evaluate(
                agreement, observations or (), as_of=as_of, fund_events=fund_events
            )
        elif what == "report":
            subject = check(
                agreement,
                as_of=day,
                observations=observations,
                policy=policy,
                fund_events=fund_events,
            )
        elif what == "exceptions":
            assert as_of is not None  # noqa: S101 - checked above
            subject = exceptions(agreement, observations or (), as_of=as_of)
    document = render(
        subject,
        locale=DEFAULT_LOCALE if args.locale is None else args.locale,
        format=args.format,
        as_of=as_of,
    )
    output: str | None = args.output
    if output is not None and output != "-":
        write_text(output, document)
    else:
        sys.stdout.write(document)
    return 0
