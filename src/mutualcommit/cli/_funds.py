"""``mutualcommit funds FILE EVENTS --as-of DATE``: the ledger of each fund."""

from __future__ import annotations

import argparse
import json
import sys

from mutualcommit.kpi import FundLedger, fund_ledger, funds_to_dict
from mutualcommit.kpi._fund_results import FUND_FIGURES
from mutualcommit.render import render

from . import _numbers
from ._io import (
    CommandError,
    Inputs,
    about_observations,
    day,
    inert,
    inert_name,
    read_agreement,
    read_fund_events,
    read_observations,
    refuse_output_over_input,
    refuse_shared_stdin,
    write_text,
)
from ._locale import DEFAULT_LOCALE, add_locale
from ._table import table

__all__ = ["add_parser", "run", "text"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``funds`` command to *subparsers*."""
    parser = subparsers.add_parser(
        "funds",
        help="the ledger of an agreement's market development funds",
        description=(
            "Show each fund's ledger as of the end of --as-of: per window what "
            "was allocated, accrued, granted, requested, approved, claimed, "
            "paid and expired, its utilisation and ROI, and each request's "
            "state. Exit status: 0 when shown, 2 when an input cannot be read."
        ),
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        help="the agreement, a JSON document ('-' reads standard input)",
    )
    parser.add_argument(
        "events",
        nargs="?",
        metavar="EVENTS",
        help="the fund log, JSON Lines ('-' reads standard input)",
    )
    parser.add_argument(
        "--fund-events",
        dest="events_file",
        metavar="FILE",
        help="the fund log, named as the other commands name it, instead of EVENTS",
    )
    parser.add_argument(
        "--as-of",
        type=day,
        required=True,
        metavar="DATE",
        help="the day to show the ledger as of, YYYY-MM-DD (its end)",
    )
    parser.add_argument(
        "--observations",
        metavar="FILE",
        help="KPI observations, JSON Lines, for accrual and ROI",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown", "html"),
        default="text",
        help=(
            "tables for people (default), JSON for programs, or a document "
            "in Markdown or HTML in the language of --locale"
        ),
    )
    add_locale(
        parser,
        "for markdown and html: a locale such as en, de_DE or ja-JP "
        "(default: en); text and JSON are not localised",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUTPUT",
        help=(
            "write the ledger to this file instead of standard output "
            "(never one of the inputs)"
        ),
    )
    # EVENTS may also follow the options (see `main`), as evaluate's names.
    parser.set_defaults(files_anywhere=True)


def run(args: argparse.Namespace) -> int:
    """Print the ledger of every fund of the agreement in ``args.file``.

    Returns:
        0.

    Raises:
        CommandError: When two inputs are standard input, the fund log is
            not given, or is named both as EVENTS and with
            ``--fund-events`` (each its own message), ``--locale`` is
            given for text or JSON, or ``-o`` names one of the inputs.
        FormatError: When a file is not a valid agreement, fund log or
            observation stream.
        InvalidAgreementError: When the agreement breaks an invariant.
        InvalidObservationsError: When the fund log names an unknown fund.
        UnknownLocaleError: When ``--locale`` does not name a locale.
        InputFilesError: When more than one input file fails: each one's error.
        OSError: When a file cannot be read.
        WriteError: When ``-o`` cannot be written.
    """
    # EVENTS after the options (``funds a.json --as-of D events.jsonl``)
    # comes as ``args.later``, unless a newer argparse placed it itself.
    names = [
        *([] if args.events is None else [args.events]),
        *getattr(args, "later", ()),
    ]
    if len(names) > 1:
        msg = (
            f"one fund log after the agreement, got {len(names)}: "
            f"{', '.join(map(inert_name, names))}"
        )
        raise CommandError(msg)
    args.events = names[0] if names else None
    if args.events is None and args.events_file is None:
        msg = (
            "no fund log given: name it after the agreement (FILE EVENTS) "
            "or with --fund-events FILE"
        )
        raise CommandError(msg)
    if args.events is not None and args.events_file is not None:
        msg = (
            "the fund log is named twice, as EVENTS and with --fund-events: "
            "name it one way"
        )
        raise CommandError(msg)
    if args.events is None:
        args.events = args.events_file
    # An option the output does not read is refused, not ignored.
    if args.locale is not None and args.format not in {"markdown", "html"}:
        msg = (
            f"--locale is read by --format markdown and html, not {args.format}: "
            "the text tables and JSON are written the same in every locale"
        )
        raise CommandError(msg)
    inputs_named = [
        ("FILE", args.file),
        ("EVENTS" if args.events_file is None else "--fund-events", args.events),
        ("--observations", args.observations),
    ]
    refuse_shared_stdin(inputs_named)
    refuse_output_over_input(args.output, inputs_named)
    # Every file is read, so that one run names the problems of each.
    inputs = Inputs()
    agreement = inputs.read(read_agreement, args.file)
    # A log that does not hold together is the log's problem, at its
    # records' lines (with those of its unreadable lines, in one run);
    # observations that do not fit the agreement are theirs.
    events = inputs.read(
        read_fund_events,
        args.events,
        agreement,
        args.as_of,
        named="EVENTS" if args.events_file is None else "--fund-events",
    )
    read = (
        None
        if args.observations is None
        else inputs.read(read_observations, args.observations, agreement)
    )
    inputs.done()
    assert agreement is not None  # noqa: S101 - done() raised otherwise
    assert events is not None  # noqa: S101 - done() raised otherwise
    observations, lines = (None, ()) if read is None else read
    ledgers = fund_ledger(agreement, events, as_of=args.as_of)
    if observations is not None:
        with about_observations(args.observations, lines, observations, agreement):
            ledgers = fund_ledger(
                agreement, events, as_of=args.as_of, observations=observations
            )
    else:
        for allocation in agreement.allocations:
            fund = allocation.fund
            if fund is not None and fund.accrual is not None:
                print(
                    f"mutualcommit funds: fund {allocation.id} accrues on "
                    f"{fund.accrual.of}: without --observations nothing accrued, "
                    "and what it has available is shown without its accrual",
                    file=sys.stderr,
                )
    if args.format == "json":
        data = funds_to_dict(ledgers, as_of=args.as_of, agreement=agreement)
        document = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    elif args.format in ("markdown", "html"):
        locale = DEFAULT_LOCALE if args.locale is None else args.locale
        # Ends with its line break, as render writes it.
        document = render(ledgers, locale=locale, format=args.format)
    else:
        document = text(ledgers) + "\n"
    output: str | None = args.output
    if output is not None and output != "-":
        write_text(output, document)
    else:
        sys.stdout.write(document)
    return 0


def _table(header: tuple[str, ...], rows: list[list[str]], left: int = 1) -> list[str]:
    """Align *rows* under *header*: the first *left* columns left, the others right."""
    right = [i >= left for i in range(len(header))]
    return table(header, rows, right=right, indent="  ")


_WINDOWS = ("window", *FUND_FIGURES, "utilisation", "roi")
_REQUESTS = (
    "request",
    "state",
    "requested",
    "approved",
    "claimed",
    "accepted",
    "paid",
    "deadline",
    "notes",
)


def text(ledgers: tuple[FundLedger, ...]) -> str:
    """Return the ledgers as tables for people.

    Amounts are rounded to the currency's minor digits (cents, whole yen,
    fils), the return on investment to the hundredth, shares to a tenth of
    a percent.
    """
    if not ledgers:
        return "no funds: no allocation of the agreement has a fund"
    lines: list[str] = []
    for ledger in ledgers:
        if lines:
            lines.append("")
        unit = ledger.unit
        lines.append(f"fund {ledger.fund} of {ledger.party}, in {unit}")
        rows = [
            [
                window.label + ("" if window.closed else " (open)"),
                *(
                    _numbers.amount(getattr(window, name), unit)
                    for name in _WINDOWS[1:-2]
                ),
                _numbers.percent(window.utilisation),
                # A ratio, not money.
                _numbers.amount(window.roi, None),
            ]
            for window in ledger.windows
        ]
        lines.extend(_table(_WINDOWS, rows))
        if ledger.requests:
            lines.append("")
            rows = []
            for request in ledger.requests:
                notes = []
                if request.late:
                    notes.append("late")
                if request.unproven:
                    notes.append("no proof")
                rows.append(
                    [
                        inert(request.ref),
                        request.state.value.replace("_", " "),
                        _numbers.amount(request.requested, unit),
                        _numbers.amount(request.approved, unit),
                        _numbers.amount(request.claimed, unit),
                        _numbers.amount(request.accepted, unit),
                        _numbers.amount(request.paid, unit),
                        _numbers.NONE
                        if request.deadline is None
                        else request.deadline.isoformat(),
                        ", ".join(notes) or _numbers.NONE,
                    ]
                )
            lines.extend(_table(_REQUESTS, rows, left=2))
    return "\n".join(lines)
