r"""The command line: ``mutualcommit …`` and ``python -m mutualcommit …``.

Exit codes: 0 success (for ``check``: no error finding), 1 error findings, 2
unreadable or invalid input, with every problem listed on standard error and
never a traceback. With ``--format json`` such a failure also prints a JSON
document on standard output (see `error_document`). Standard output that
cannot be written (a full disk) exits 2 as well, saying ``cannot write
standard output: …`` on standard error; ``--help`` and ``--version`` too.
A reader that goes away before the output is all written (``| head``, a
closed pipe) ends the command with 141 (128 + SIGPIPE, what a shell reports
of a program a closed pipe ended), silently: never 0, which would say "no
error finding" for a check whose findings were not all read. Standard error
closed (``2>&-``) or failing (``2>/dev/full``) loses its messages, and
nothing else: standard output and the exit code are what they would be.
Interrupted (Ctrl-C), the command says so in one line and ends as
interrupted programs do, by the signal (see `console`).

Text output (the default ``--format text``) and the messages on standard
error show user text and never act on it: in a title, a name, a finding's
message or a quoted value, control characters (terminal escapes, C1
controls), bidirectional overrides and lone surrogates become U+FFFD, as
they do in the documents, and a line break becomes a space, so that no
value starts a line of its own. JSON output keeps the text exact: JSON
escapes it.

Standard input and output are UTF-8, whatever the locale's encoding, as the
files are. A file name that is not text in the locale's encoding is written
with backslash escapes (``gr\udcf6.json``), as Python writes it on
standard error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from typing import NoReturn

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
    guarded_stderr,
    inert_lines,
    to_null,
    utf8_stdout,
)

__all__ = ["console", "main"]

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
            an interrupt means (`console` ends the process).
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


def console() -> None:
    """Run the ``mutualcommit`` command (and ``python -m mutualcommit``), then exit.

    `main` on ``sys.argv``, exiting with its code. Ctrl-C, which `main`
    lets through to its caller (a host running it in its own process
    decides what an interrupt means), ends the command with one line on
    standard error, ``mutualcommit: interrupted``, instead of a traceback;
    the process then ends by SIGINT, as Python ends an interrupted program,
    so that a shell running it in a loop stops too (where there is no such
    signal, it exits with 130).
    """
    try:
        code = main()
    except KeyboardInterrupt:
        with guarded_stderr():
            print("mutualcommit: interrupted", file=sys.stderr)
        _end_interrupted()
    sys.exit(code)


def _end_interrupted() -> NoReturn:
    """End this process as interrupted: by SIGINT where it can be sent, else 130."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass  # a reader gone, a stream closed: nothing more can be said
    if sys.platform != "win32":
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    sys.exit(130)


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
