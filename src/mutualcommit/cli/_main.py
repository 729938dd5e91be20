"""The command line's machinery: its parser, and how a command's failures are said.

`mutualcommit.cli`, the entry point, which imports nothing more until a
command runs, calls `main` here; its docstring says what the exit codes
are and what the output shows.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator, Sequence

from mutualcommit._version import version
from mutualcommit.errors import MutualCommitError

from . import _calendar, _check, _evaluate, _exceptions, _funds, _render, _schema
from ._io import (
    CommandError,
    OutputError,
    ReaderGoneError,
    WriteError,
    error_document,
    failure,
    guarded_output,
    inert_lines,
    to_null,
    utf8_stdout,
)

__all__ = ["build_parser", "main"]

_COMMANDS = (_check, _evaluate, _render, _schema, _calendar, _exceptions, _funds)

#: The exit code when the reader of standard output went away (``| head``):
#: 128 + SIGPIPE, as a shell reports a program that a closed pipe ended.
_READER_GONE = 141


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand.

    Each command module adds its subparser with ``add_parser(subparsers)``
    and runs it with ``run(args) -> int``.
    """
    parser = argparse.ArgumentParser(
        prog="mutualcommit",
        description=(
            "Hold, check and evaluate Mutual Commit agreements between a "
            "vendor and its channel partners."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {version()}",
        help="print the version of mutualcommit and exit",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in _COMMANDS:
        before = set(subparsers.choices)
        command.add_parser(subparsers)
        for name in set(subparsers.choices) - before:
            subparser = subparsers.choices[name]
            subparser.set_defaults(run=command.run, command_parser=subparser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on *argv* (default: ``sys.argv[1:]``); return the exit code.

    Raises:
        KeyboardInterrupt: When interrupted (Ctrl-C), once the worker
            processes of ``--jobs`` are shut down: the caller decides what
            an interrupt means (`mutualcommit.cli.console` ends the
            process).
    """
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    with _open_stdout(), utf8_stdout(), guarded_output():
        args, extras = _parse(parser, argv)
        if argv.index(args.command) == 0:
            # What argparse could not place came after the command: the
            # command's usage and name say so, as for its other errors.
            parser = args.command_parser
        return _command(parser, args, extras)


def _parse(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None
) -> tuple[argparse.Namespace, list[str]]:
    """Parse *argv*; ``--help`` and ``--version`` end here once their text is written.

    Raises:
        SystemExit: After ``--help`` or ``--version``: 0 when what they
            print was written, else as a command whose output cannot be
            written; after a usage error, 2.
    """
    try:
        try:
            return parser.parse_known_args(argv)
        except SystemExit as exit_:
            if exit_.code == 0:
                # Inside the try, as for every command: a failure to write
                # what was printed is found here, not by the last flush.
                sys.stdout.flush()
            raise
    except OutputError as error:
        raise SystemExit(_output_failed("mutualcommit", error)) from None


def _command(
    parser: argparse.ArgumentParser, args: argparse.Namespace, extras: list[str]
) -> int:
    """Run the command *args* name, with the names argparse could not place."""
    # A command whose files may come on either side of its options
    # (``evaluate a.json --as-of D obs.jsonl``) gets the names after them as
    # ``args.later``: argparse gives its positionals only the names before
    # an option. For any other command, and for what looks like an option,
    # they are the error parse_args makes of them.
    names, options = _operands(extras)
    if getattr(args, "files_anywhere", False) and not options:
        args.later = names
    elif names or options:
        unplaced = extras.copy()
        if "--" in unplaced:
            unplaced.remove("--")  # the first: it ended the options
        parser.error(f"unrecognized arguments: {' '.join(unplaced)}")
    return _run(args)


def _operands(extras: list[str]) -> tuple[list[str], list[str]]:
    """Split what argparse could not place into names and unknown options.

    ``--`` ends the options: what follows it is a name, even ``-x.jsonl``.
    Argparse leaves a ``--`` that follows the options, and what follows it,
    to be placed: ``evaluate a.json --as-of D -- obs.jsonl``, or a script's
    ``-- "$file"`` after a command's options.
    """
    if "--" in extras:
        end = extras.index("--")
        before, after = extras[:end], extras[end + 1 :]
    else:
        before, after = extras, []
    options = [extra for extra in before if extra.startswith("-") and extra != "-"]
    names = [extra for extra in before if extra not in options]
    return [*names, *after], options


@contextlib.contextmanager
def _open_stdout() -> Iterator[None]:
    """Give a process started with standard output closed (``>&-``) the null device.

    Python then has no ``sys.stdout`` at all; what a command prints goes
    nowhere, as it would into a pipe nobody reads, and the exit code
    still says how the command went.
    """
    if sys.stdout is not None:
        yield
        return
    with (
        open(os.devnull, "w", encoding="utf-8") as nowhere,  # noqa: PTH123
        contextlib.redirect_stdout(nowhere),
    ):
        yield


def _run(args: argparse.Namespace) -> int:
    """Run the parsed command; say why it failed when it did."""
    try:
        code: int = args.run(args)
        # Inside the try: a reader that went away (``| head``) is found here,
        # not by the interpreter's last flush.
        sys.stdout.flush()
    except OutputError as error:
        return _output_failed(f"mutualcommit {args.command}", error)
    except (MutualCommitError, WriteError, CommandError, OSError) as error:
        _failed(args, failure(error), error)
        return 2
    return code


def _failed(args: argparse.Namespace, message: str, error: BaseException) -> None:
    """Say why the command failed: on standard error, and as JSON when asked.

    With ``--format json``, standard output gets the error's document
    (`error_document`) unless the command had begun writing its own: a
    program reading the output always gets one JSON document.
    """
    print(f"mutualcommit {args.command}: {inert_lines(message)}", file=sys.stderr)
    if getattr(args, "format", None) == "json" and not getattr(args, "writing", False):
        document = error_document(args.command, message, error)
        try:
            print(json.dumps(document, indent=2, ensure_ascii=False))
            sys.stdout.flush()
        except OutputError:
            # Standard error has said why the command failed; standard
            # output cannot say more.
            to_null(sys.stdout)


def _output_failed(prefix: str, error: OutputError) -> int:
    """End a command whose standard output could not be written; return its exit code.

    Standard output then points at the null device, so that no later flush
    fails again (Python's recipe for a closed pipe). A reader that went
    away (``| head``) ends the command silently with 141: not 0,
    which would say that the command went well when what it found was not
    all read, nor the code it would have ended with, which it may not know
    yet (a portfolio stops where it was). Any other failure (a full disk)
    is said on standard error and exits 2.
    """
    to_null(sys.stdout)
    if isinstance(error, ReaderGoneError):
        return _READER_GONE
    print(f"{prefix}: {error}", file=sys.stderr)
    return 2
