"""``mutualcommit calendar FILE``: the review schedule as an iCalendar file."""

from __future__ import annotations

import argparse
import sys

from mutualcommit.calendar import NoReviewsError, to_ical

from ._io import (
    CommandError,
    read_agreement,
    refuse_output_over_input,
    shown,
    write_bytes,
)

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``calendar`` command to *subparsers*."""
    parser = subparsers.add_parser(
        "calendar",
        help="write an agreement's review schedule as an iCalendar file",
        description=(
            "Write the agreement's review schedule as an iCalendar (RFC 5545) "
            "file: one all-day event per review date its review rule yields "
            "inside the term. Event UIDs derive from the agreement's id and "
            "the date, so importing the file again updates the same events."
        ),
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        help="the agreement, a JSON document ('-' reads standard input)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUTPUT",
        help=(
            "write the calendar to this file instead of standard output "
            "(never the agreement's file)"
        ),
    )


def run(args: argparse.Namespace) -> int:
    """Read the agreement in ``args.file`` and write its calendar.

    Raises:
        FormatError: When the file is not an agreement document.
        InvalidAgreementError: When the agreement breaks an invariant.
        OSError: When a file cannot be read or written.
        CommandError: When no review falls in the agreement's term, or
            when ``-o`` names the agreement's file.
    """
    path: str = args.file
    refuse_output_over_input(args.output, [("FILE", path)])
    agreement = read_agreement(path)
    try:
        calendar = to_ical(agreement)
    except NoReviewsError as error:
        msg = f"{shown(path)}: {error}"
        raise CommandError(msg) from None
    output: str | None = args.output
    # CRLF line breaks are part of the format: write bytes, so that no text
    # layer turns them into anything else.
    if output is not None and output != "-":
        write_bytes(output, calendar.encode())
        return 0
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:  # a text-only stream, such as io.StringIO
        sys.stdout.write(calendar)
    else:
        sys.stdout.flush()
        binary.write(calendar.encode())
        binary.flush()
    return 0
