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
interrupted programs do, by the signal (see `console`), from its first
moment: this module imports nothing the commands need, so that an
interrupt while they are imported is caught too.

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
standard error; in JSON, where its ``file`` holds it so, ``file_base64``
beside it holds its bytes, which every JSON reader gets back.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["console", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on *argv* (default: ``sys.argv[1:]``); return the exit code.

    Raises:
        KeyboardInterrupt: When interrupted (Ctrl-C), once the worker
            processes of ``--jobs`` are shut down: the caller decides what
            an interrupt means (`console` ends the process).
    """
    # The commands, with what they need (the whole library), on first use.
    from ._main import main as run

    return run(argv)


def console() -> None:
    """Run the ``mutualcommit`` command (and ``python -m mutualcommit``), then exit.

    `main` on ``sys.argv``, exiting with its code. Ctrl-C, which `main`
    lets through to its caller (a host running it in its own process
    decides what an interrupt means), ends the command with one line on
    standard error, ``mutualcommit: interrupted``, instead of a traceback;
    the process then ends by SIGINT, as Python ends an interrupted program,
    so that a shell running it in a loop stops too (where there is no such
    signal, it exits with 130). So does a Ctrl-C while the commands are
    still being imported, which takes a good part of a second.
    """
    try:
        code = main()
    except KeyboardInterrupt:
        _say("mutualcommit: interrupted")
        _end_interrupted()
    sys.exit(code)


def _say(message: str) -> None:
    """Write *message* on standard error, or nowhere when it cannot take it.

    Closed (``2>&-``: Python then has no ``sys.stderr``) or failing
    (``2>/dev/full``), standard error loses the message and nothing else.
    Written without the commands' machinery, which may not be imported yet.
    """
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(message + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass  # nothing more can be said


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
