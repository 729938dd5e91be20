"""What every command reads and writes: files (or standard streams) and days.

Every message about a file names it and every problem's path, and a problem
a log repeats on many lines is said once with a count and the lines: a log
with one bad field on 404 lines gives two lines of text, not 404.

What the commands print in text form shows user text and never acts on it:
each value (a title, a name, a finding's message) goes through `inert`,
which is what the documents do to one-line text. Control characters
(terminal escapes, C1 controls), bidirectional overrides and lone
surrogates become U+FFFD; a line break, a tab or a run of spaces inside a
value becomes one space, so that no value starts a line of its own.
"""

from __future__ import annotations

import argparse
import base64
import codecs
import contextlib
import datetime as dt
import errno
import io
import json
import os
import re
import secrets
import stat
import sys
from collections.abc import (
    Callable,
    Container,
    Generator,
    Iterable,
    Iterator,
    Sequence,
)
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, ParamSpec, TextIO, TypeVar, cast

from mutualcommit.errors import (
    FormatError,
    InvalidFundEventsError,
    InvalidObservationsError,
    MutualCommitError,
)
from mutualcommit.render._tree import clean_line, clean_text
from mutualcommit.rules import policy_from_json
from mutualcommit.serialize import (
    load_fund_events,
    load_observations,
    loads,
)
from mutualcommit.serialize._observations import readable_observations
from mutualcommit.serialize._values import compressed, document_in_log, not_utf8

if TYPE_CHECKING:
    from mutualcommit.model import Agreement, FundEvent, Observation
    from mutualcommit.rules import Policy

__all__ = [
    "FUND_LOG",
    "OBSERVATIONS",
    "ClosedInputError",
    "CommandError",
    "FileError",
    "InputFilesError",
    "Inputs",
    "NotTextError",
    "OutputError",
    "ReaderGoneError",
    "WriteError",
    "WrongLogError",
    "about",
    "about_observations",
    "as_line",
    "at_metric",
    "day",
    "describe",
    "error_document",
    "failure",
    "guarded_output",
    "guarded_stderr",
    "inert",
    "inert_lines",
    "inert_name",
    "json_file",
    "observed_metrics",
    "read_agreement",
    "read_observations",
    "read_policy",
    "read_text",
    "record_lines",
    "refuse_logs_as_agreements",
    "refuse_output_over_input",
    "shown",
    "terms_line",
    "text_lines",
    "to_null",
    "utf8_stdout",
    "write_bytes",
    "write_text",
]

_P = ParamSpec("_P")
_T = TypeVar("_T")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: An observation's position in a problem's path: ``[20]`` or ``[20].metric``.
_POSITION = re.compile(r"\[(\d+)\]")
_LINE = re.compile(r"line (\d+)")
_WHITESPACE = " \t\r\n"
#: The escapes of a file name's undecodable bytes, which are shown as such.
_SURROGATES = re.compile("([\ud800-\udfff]+)")


def inert(text: str) -> str:
    """Return user *text* for one line of text output: shown, never acted on.

    As in the documents (the same characters, the same replacement):
    controls, terminal escapes, bidirectional overrides and lone surrogates
    become U+FFFD; line breaks, tabs and runs of spaces become one space.
    """
    return clean_line(text)


def terms_line(agreement: Agreement) -> str:
    """Name the terms a result was computed from: ``terms: version 1, sha256:…``.

    The version and the whole fingerprint, so that a printed scorecard or
    exception report ties to the signed terms (``check`` names them in its
    first line).
    """
    return f"terms: version {agreement.version}, {agreement.fingerprint()}"


def inert_lines(text: str) -> str:
    r"""Return a message of several lines with its controls replaced, its newlines kept.

    The last guard of what goes to standard error: every control but the
    newline becomes U+FFFD (a line break of another kind, a newline). The
    escapes of a file name's undecodable bytes (``\udcf6``) stay, to be
    written with backslashes as Python writes them.
    """
    if text.replace("\n", "").isprintable():
        return text
    return _outside_surrogates(text, clean_text)


def inert_name(path: str) -> str:
    r"""Return a file's name for a message: controls replaced, line breaks as spaces.

    Unlike `inert`, a name's spaces are not collapsed, and the escapes of
    its undecodable bytes (``\udcf6``) stay, to be written with backslashes.
    """
    if path.isprintable():
        return path
    return _outside_surrogates(path, lambda part: clean_text(part).replace("\n", " "))


def _outside_surrogates(text: str, clean: Callable[[str], str]) -> str:
    parts = _SURROGATES.split(text)
    # The odd parts are the runs of surrogates the split kept.
    return "".join(part if i % 2 else clean(part) for i, part in enumerate(parts))


def read_text(path: str) -> str:
    """Return the UTF-8 text of the file at *path*, or of standard input for ``-``.

    Standard input is read as UTF-8 too, whatever the locale's encoding
    (a Windows pipe's is the ANSI code page): its bytes, by `text_lines`.
    A file is its bytes as well, line breaks untranslated, so that the
    same bytes read the same named or piped in: a line ends at a newline
    (a carriage return before it is whitespace to JSON), and a carriage
    return alone ends none, as the JSON Lines readers split at the newline
    alone.

    Raises:
        OSError: When the file cannot be read (its name in ``filename``).
        NotTextError: When it is not UTF-8 text; compressed data (gzip,
            say) is named as such, with the command that decompresses it.
    """
    try:
        if path == "-":
            return "".join(text_lines(path))
        with _open(path, "rb") as file:
            data = file.read()
        packed = compressed(data, command_line=True)
        if packed is not None:
            raise NotTextError(path, packed)
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise NotTextError(path, error) from None


def text_lines(path: str) -> Generator[str, None, None]:
    """Yield the lines of the file at *path*, or of standard input for ``-``, as UTF-8.

    Read as they are asked for, so a long stream is never held whole.
    Standard input is read as UTF-8 too, whatever the locale's encoding.

    Raises:
        OSError: When the file cannot be opened.
        UnicodeDecodeError: At a line that is not UTF-8; its ``start`` is
            the bad byte's offset in the whole file, as `read_text` gives.
            At the first line, when the stream is compressed data (gzip,
            say), which its ``where`` names.
    """
    if path == "-":
        stdin = _stdin()
        binary = getattr(stdin, "buffer", None)
        if binary is None:  # a text-only stream, such as io.StringIO
            yield from stdin
            return
        yield from _decoded(binary)
        return
    with _open(path, "rb") as lines:
        yield from _decoded(lines)


def _open(path: str, mode: Literal["rb", "wb"]) -> IO[bytes]:
    """Open the file named *path*; an empty name is no file.

    ``Path("")`` is the current directory: an empty name (an unset variable
    in ``mutualcommit check "$FILE"``) would read it, or a whole portfolio
    under it. ``open("")`` says there is no such file, as ``cat ""`` does.
    """
    return open(path, mode)  # noqa: PTH123 - see above


def _stdin() -> TextIO:
    """Return standard input, or say that the process started with it closed."""
    if sys.stdin is None:  # started with ``<&-``: Python has no sys.stdin
        raise ClosedInputError
    return sys.stdin


class _LineDecodeError(UnicodeDecodeError):
    """A line that is not UTF-8; ``where`` says where, by line and column."""

    where: str


def _decoded(lines: Iterable[bytes]) -> Iterator[str]:
    offset = 0
    for number, line in enumerate(lines, 1):
        if number == 1 and (packed := compressed(line, command_line=True)) is not None:
            # Its "lines" are noise: none is read after the first.
            bad = _LineDecodeError("utf-8", line, 0, 1, "compressed data")
            bad.where = packed
            raise bad
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as error:
            # Where the byte is in the file, not in its line (nor in a text
            # layer's chunk, which is what a text file's error would say).
            bad = _LineDecodeError(
                error.encoding,
                error.object,
                offset + error.start,
                offset + error.end,
                error.reason,
            )
            bad.where = not_utf8(
                line, error.start, number=number, offset=offset, command_line=True
            )
            raise bad from None
        offset += len(line)


#: How standard output writes what UTF-8 cannot encode: a lone surrogate,
#: the escape of a byte of a file's name that the locale could not decode.
_ESCAPED = "backslashreplace"


@contextlib.contextmanager
def utf8_stdout() -> Iterator[None]:
    r"""Write standard output as UTF-8 inside the block, whatever the locale's encoding.

    What the commands print (JSON, Markdown, HTML) is UTF-8 text, as their
    files are: a pipe or a redirection on Windows, or a terminal with a
    legacy locale, would otherwise get the locale's encoding, which fails
    on text it cannot encode (Japanese, say) or writes other bytes. A file
    name that is not text in the locale's encoding (Python keeps its bytes
    as surrogate escapes) is written with backslash escapes (``\udcf6``),
    as Python writes it on standard error, and stays valid UTF-8 and, in
    JSON, a valid string. The stream's own encoding and error handler come
    back after the block.
    """
    stream = sys.stdout
    encoding = getattr(stream, "encoding", None)
    errors = getattr(stream, "errors", None)
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None or encoding is None:
        yield
        return
    if codecs.lookup(encoding).name == "utf-8" and errors == _ESCAPED:
        yield
        return
    reconfigure(encoding="utf-8", errors=_ESCAPED)
    try:
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):
            # Flushes first: a reader that went away, or a closed stream,
            # has nothing left to lose.
            reconfigure(encoding=encoding, errors=errors)


class OutputError(Exception):
    """Standard output could not be written: a full disk, a device that failed.

    Not an `OSError`, so that nothing on its way takes it for a file that
    cannot be read, or drops it (argparse drops the `OSError` of its help).
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)

    def __str__(self) -> str:
        return f"cannot write standard output: {self.reason}"


class ReaderGoneError(OutputError):
    """Whoever read standard output went away before it was all written (``| head``)."""


class _Output:
    """A standard output whose failures to write are `OutputError`s.

    Its ``buffer``, for a command that writes bytes, is guarded alike; all
    else is the stream's own.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, data: Any) -> Any:
        return self._guarded(self._stream.write, data)

    def flush(self) -> None:
        self._guarded(self._stream.flush)

    @property
    def buffer(self) -> _Output:
        # AttributeError for a stream without one (io.StringIO), as its own.
        return _Output(self._stream.buffer)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    @staticmethod
    def _guarded(call: Callable[..., Any], *args: Any) -> Any:
        try:
            return call(*args)
        except BrokenPipeError as error:
            raise ReaderGoneError(error.strerror or str(error)) from None
        except OSError as error:
            raise OutputError(error.strerror or str(error)) from None


class _Messages:
    """Standard error for messages: one that cannot be written is dropped.

    Text its encoding has no character for is written with backslash
    escapes, as Python's own standard error writes it.
    """

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        stream = self._stream
        if stream is not None:
            try:
                try:
                    stream.write(text)
                except UnicodeEncodeError:
                    encoding = getattr(stream, "encoding", None) or "utf-8"
                    escaped = text.encode(encoding, "backslashreplace")
                    stream.write(escaped.decode(encoding))
            except (OSError, ValueError):
                self._drop()
        return len(text)

    def flush(self) -> None:
        if self._stream is not None:
            try:
                self._stream.flush()
            except (OSError, ValueError):
                self._drop()

    def isatty(self) -> bool:
        try:
            return self._stream is not None and self._stream.isatty()
        except (OSError, ValueError):
            return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def _drop(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            to_null(stream)


@contextlib.contextmanager
def guarded_output() -> Iterator[None]:
    """Guard standard output and standard error inside the block.

    A failure to write standard output is an `OutputError` (a
    `ReaderGoneError` when its reader went away), which the command line
    reports; a message that cannot be written to standard error is dropped
    (see `guarded_stderr`).
    """
    with (
        contextlib.redirect_stdout(cast("TextIO", _Output(sys.stdout))),
        guarded_stderr(),
    ):
        yield


@contextlib.contextmanager
def guarded_stderr() -> Iterator[None]:
    """Inside the block, drop a message that standard error cannot take.

    Closed (``2>&-``: Python has no ``sys.stderr``, and ``print(...,
    file=None)`` writes to standard output) or failing (``2>/dev/full``),
    standard error takes the messages and writes them nowhere: none goes
    into standard output's JSON, and none ends a command whose result is
    made, whose output and exit code stay what they are.
    """
    with contextlib.redirect_stderr(cast("TextIO", _Messages(sys.stderr))):
        yield


def to_null(stream: object) -> None:
    """Point *stream*'s file descriptor at the null device.

    What it holds unwritten then goes nowhere at the interpreter's last
    flush, which would fail again (and change the exit code) otherwise.
    """
    try:
        fileno = cast("TextIO", stream).fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a file (io.StringIO in a test): nothing will flush it
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fileno)
    finally:
        os.close(devnull)


class NotTextError(MutualCommitError):
    """A file is not UTF-8 text: names it, where its first bad byte is, and what to do."""

    def __init__(self, path: str, error: UnicodeDecodeError | str) -> None:
        self.path = path
        if isinstance(error, str):  # the reason itself, as it is unpickled
            self.reason = error
        elif isinstance(error, _LineDecodeError):
            self.reason = error.where
        else:
            data = bytes(error.object)
            self.reason = not_utf8(
                data, error.start, number=1, offset=0, command_line=True
            )
        # The arguments it is unpickled from: the reason, not the decoding
        # error, whose bytes a pickler of tracebacks (tblib) may not keep.
        super().__init__(path, self.reason)

    def __str__(self) -> str:
        return f"{shown(self.path)}: not UTF-8 text: {self.reason}"


class ClosedInputError(MutualCommitError):
    """Standard input was asked for, and the process started with it closed."""

    path = "-"

    def __str__(self) -> str:
        return "<stdin>: standard input is closed"


class WrongLogError(MutualCommitError):
    """A file given as a log is another kind of file: names it, what it is, and what to do.

    An agreement document given as the observations (``evaluate a.json
    b.json``, the observations forgotten), or a portfolio's stream given as
    one agreement's log: said in one line, not as a problem on each of the
    file's lines.

    Attributes:
        path: The file.
        kind: What it is, and what it is not (``an agreement document, not
            JSON Lines``).
        hint: What to do.
    """

    def __init__(self, path: str, kind: str, hint: str) -> None:
        self.path = path
        self.kind = kind
        self.hint = hint
        super().__init__(path, kind, hint)

    def __str__(self) -> str:
        return f"{shown(self.path)} is {self.kind}: {self.hint}"


class CommandError(Exception):
    """A command cannot run as asked (two inputs on standard input, say).

    Its message says why, without the command's name: `main` adds it.
    """


def refuse_shared_stdin(inputs: Iterable[tuple[str, str | None]]) -> None:
    """Refuse two inputs that both name standard input (``-``).

    The first to be read would take all of it and leave the next an empty
    stream: an empty observation log or fund log, which a check reads as
    nothing recorded.

    Args:
        inputs: Each input's name in messages (``FILE``, ``--observations``)
            and the path given for it, or None when not given.

    Raises:
        CommandError: When more than one of *inputs* is ``-``.
    """
    names = [name for name, path in inputs if path == "-"]
    if len(names) > 1:
        listed = ", ".join(names[:-1]) + f" and {names[-1]}"
        msg = (
            f"{listed} cannot {'both' if len(names) == 2 else 'all'} be standard input"  # noqa: PLR2004
        )
        raise CommandError(msg)


#: How the name of a JSON Lines file ends, which no agreement's does.
_LOG_NAMES = (".jsonl", ".ndjson")


def refuse_logs_as_agreements(
    files: Iterable[str], logs: Iterable[tuple[str, str | None]], hint: str
) -> None:
    """Refuse a FILE, which is an agreement, that is a log.

    A FILE also given as a log (``--observations``, ``--fund-events``), by
    its name or as the same file, or a FILE named as JSON Lines are
    (``.jsonl``, ``.ndjson``), would be read as one more agreement: a
    portfolio run, whose logs' lines are then each refused for naming no
    agreement. This says what happened instead.

    Args:
        files: The names given for the agreements (a directory is one).
        logs: Each log's name in messages (``--observations``) and the path
            given for it, or None when not given.
        hint: Where the command takes a log, for the message of a FILE
            named as JSON Lines.

    Raises:
        CommandError: When a FILE is one of *logs*, or named as JSON Lines.
    """
    given = [(name, path) for name, path in logs if path not in {None, "-", ""}]
    for file in files:
        if file in {"-", ""} or _is_dir(file):
            continue
        for name, path in given:
            if file == path or _same_file(file, path):
                msg = (
                    f"{shown(file)} is named as a FILE and with {name}: a FILE is "
                    f"an agreement; name the log once, with {name}"
                )
                raise CommandError(msg)
        if file.lower().endswith(_LOG_NAMES):
            msg = f"{shown(file)} is JSON Lines, not an agreement: {hint}"
            raise CommandError(msg)


def _is_dir(name: str) -> bool:
    try:
        return Path(name).is_dir()
    except (OSError, ValueError):  # pragma: no cover - a name the system refuses
        return False


def refuse_output_over_input(
    output: str | None, inputs: Iterable[tuple[str, str | None]]
) -> None:
    """Refuse an output file that is one of the command's inputs.

    Writing there would replace the input (a hand-kept agreement) with
    what the command made of it. The same file is the same name resolved
    (a link, ``./a.json`` and ``a.json``), or, when both exist, the same
    file on disk (a hard link). Standard input and output are never files.

    Args:
        output: The path given to ``-o``, or None when not given.
        inputs: Each input's name in messages (``FILE``, ``--policy``)
            and the path given for it, or None when not given.

    Raises:
        CommandError: When *output* is one of *inputs*.
    """
    if output is None or output in {"-", ""}:
        return
    for name, path in inputs:
        if path is None or path in {"-", ""}:
            continue
        if _same_file(output, path):
            msg = (
                f"-o {shown(output)} is {name}, which it would replace: "
                "write the output to another file"
            )
            raise CommandError(msg)


def _same_file(first: str, second: str) -> bool:
    """Tell whether *first* and *second* name one file.

    The same file on disk when both can be looked at; else the same name,
    links resolved. A name whose links loop resolves to nothing (Python
    3.11 and 3.12 raise `RuntimeError` there, later ones `OSError`): it is
    compared as it is written, and reading or writing it then says what
    is wrong with it, as for any file that cannot be read.
    """
    try:
        return Path(first).samefile(second)
    except (OSError, ValueError):
        pass  # one of them does not exist (yet), or loops: compare the names
    try:
        return Path(first).resolve() == Path(second).resolve()
    except (OSError, RuntimeError):
        return Path(first).absolute() == Path(second).absolute()
    except ValueError:  # pragma: no cover - a name the system refuses
        return False


class WriteError(Exception):
    """A file could not be written: its name and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(path, reason)

    def __str__(self) -> str:
        return f"cannot write {shown(self.path)}: {self.reason}"


def write_text(path: str, text: str) -> None:
    """Write *text* as UTF-8 to *path*, whole or not at all (see `write_bytes`)."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: str, data: bytes) -> None:
    """Write *data* to the file at *path*, whole or not at all.

    The file, there already or new, is written beside itself under a
    hidden temporary name (``.mutualcommit-….tmp``), then put in its place
    in one step (`os.replace`): a write that fails part way (a full disk,
    a quota, a limit on a file's size) leaves the file as it was, and the
    temporary file is removed. A file its permissions keep from being
    written is refused, as writing it in place would be. A name that is a
    link writes the file it links to, and the link stays. The file keeps
    its permissions; a new one gets those any new file gets (``0o666``
    less the umask). Other names of the file (hard links) keep what it
    held. A device or a named pipe (``/dev/null``, ``/dev/stdout``) has
    nothing to keep: it is written as it is; so is a file that may be
    written in a folder that takes no new file (its permissions deny it),
    the one way it can be.

    Raises:
        WriteError: When the file cannot be written: its name and the
            reason (a link that loops, a folder that is not there).
    """
    try:
        status = _file_status(path)
        if not path or (status is not None and not stat.S_ISREG(status.st_mode)):
            # An empty name (no file), a folder (which says so), a device.
            with _open(path, "wb") as file:
                file.write(data)
            return
        if status is not None and not os.access(path, os.W_OK):
            # Replacing it would need only the folder's permission.
            raise WriteError(path, os.strerror(errno.EACCES))
        _replace(Path(os.path.realpath(path)), data, status)
    except OSError as error:
        raise WriteError(path, error.strerror or str(error)) from None


def _file_status(path: str) -> os.stat_result | None:
    """Return what the system says of the file at *path*, links followed; None when none is there.

    Raises:
        OSError: When it cannot tell (a link that loops, a folder that may
            not be looked in).
    """
    if not path:
        return None  # Path("") is the current folder: no file's name
    try:
        return Path(path).stat()
    except FileNotFoundError:
        return None  # a new file, or one in a folder that is not there


#: What a full disk or quota says: the file is then not written in place.
_NO_ROOM = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


def _replace(target: Path, data: bytes, status: os.stat_result | None) -> None:
    """Write *data* to a temporary file beside *target*, then put it in its place.

    Args:
        target: The file, its links resolved.
        data: What it is to hold.
        status: What the system says of the file there, or None when
            there is none: its permissions are the new file's.

    Raises:
        OSError: When the file cannot be written; the temporary file is
            gone.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = target.parent / f".mutualcommit-{secrets.token_hex(6)}.tmp"
        try:
            # The mode is a new file's, less the umask, as open() gives it.
            descriptor = os.open(temporary, flags, 0o666)
        except FileExistsError:  # pragma: no cover - 48 random bits taken
            continue
        except OSError as error:
            if status is None or error.errno in _NO_ROOM:
                raise
            # The folder takes no new file (its permissions, a file system
            # such as /proc) and the file may be written: in place, then,
            # the one way it can be.
            with target.open("wb") as file:
                file.write(data)
            return
        break
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            # On the disk before it is in place: a crash leaves the old file.
            os.fsync(file.fileno())
        if status is not None:
            temporary.chmod(stat.S_IMODE(status.st_mode))
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def shown(path: str) -> str:
    """Name a file in a message: standard input is ``<stdin>``, an empty name ``''``.

    A name's control characters are shown, not acted on (see `inert_name`).
    """
    if path == "-":
        return "<stdin>"
    return inert_name(path) or "''"


def record_lines(text: str) -> tuple[int, ...]:
    """Return the 1-based line number of each record in JSON Lines *text*.

    Blank lines hold no record, so the n-th observation read is on line
    ``record_lines(text)[n]``.
    """
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return tuple(
        number for number, line in enumerate(lines, 1) if line.strip(_WHITESPACE)
    )


def describe(
    error: MutualCommitError, lines: Sequence[int] = (), what: str | None = None
) -> str:
    """Write *error*'s message, positions as lines and a log's repeats folded.

    Every problem's path is named. A problem a log repeats on many lines
    (the same message at the same place in each record) is written once,
    followed by the other lines it is on (``lines 2-404``); a document's
    problems, whose paths are JSON paths, are each written out.

    Args:
        error: The error; its ``problems``, when it has them, are listed.
        lines: The line of each record, for errors whose paths are
            positions (``[20]``): they are written ``line 21``.
        what: The heading's first words (``invalid observations``), for
            a file whose kind says what is invalid whatever the error;
            None: the error's own (``invalid document``).
    """
    problems: tuple[tuple[str, str], ...] | None = getattr(error, "problems", None)
    if problems is None:
        return str(error)
    # Paths and messages quote the values at fault: each stays on its line.
    problems = tuple(
        (inert(as_line(path, lines)), inert(message)) for path, message in problems
    )
    groups: dict[object, tuple[str, list[str]]] = {}
    for i, (path, message) in enumerate(problems):
        line = _LINE.match(path)
        # A record's line is all that differs between repeats in a log; a
        # document's problems are never folded.
        key: object = (path[line.end() :], message) if line else i
        groups.setdefault(key, (message, []))[1].append(path)
    count = len(problems)
    if what is None:
        what = getattr(error, "what", "invalid input")
    out = [f"{what} ({count} problem{'' if count == 1 else 's'}):"]
    for message, paths in groups.values():
        out.append(f"  {paths[0]}: {message}" if paths[0] else f"  {message}")
        if len(paths) > 1:
            more = len(paths) - 1
            numbers = sorted(int(_LINE.match(path).group(1)) for path in paths[1:])  # type: ignore[union-attr]
            out.append(
                f"  (and {more} more {'line' if more == 1 else 'lines'} like it: "
                f"{'line' if more == 1 else 'lines'} {_ranges(numbers)})"
            )
    return "\n".join(out)


def _ranges(numbers: Sequence[int]) -> str:
    """Write ascending line *numbers* as runs: ``2-5, 9, 12-13``."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def error_document(
    command: str, message: str, error: BaseException
) -> dict[str, object]:
    """Return the JSON document of a command that failed: what ``--format json`` prints.

    ``{"command", "error", "file", "problems", "files"}``: *message* is what
    standard error says (without the command's name); ``file`` names the
    (first) file at fault (``"-"`` for standard input), or is None when no
    file is; ``problems`` lists each ``[path, message]`` of its error (an
    invalid file's, say), a record's position written as its line as
    *message* writes it, and is empty for a file that cannot be read or a
    command that cannot run. ``files`` has one ``{"file", "error",
    "problems"}`` for each file at fault, in the order the command reads
    them (an `InputFilesError` has several): empty when no file is at fault.
    A ``file`` whose name is not text has ``file_base64`` after it (see
    `json_file`).
    """
    errors = error.errors if isinstance(error, InputFilesError) else (error,)
    files = [_file_entry(failure(each), each) for each in errors]
    first = files[0]
    return {
        "command": command,
        "error": message,
        **json_file(first["file"]),
        "problems": first["problems"],
        "files": [entry for entry in files if entry["file"] is not None],
    }


def json_file(path: str | None) -> dict[str, str | None]:
    r"""Return the ``file`` of a JSON document naming *path*, and its bytes when it is not text.

    A name whose bytes the system's encoding cannot decode holds them as
    lone surrogates (``gr\udcf6.json``), which JSON writes as such:
    Python reads them back, but JavaScript and jq make U+FFFD of them,
    and the name is lost. ``file_base64`` then follows ``file``: the
    name's bytes in base64 (RFC 4648), from which any reader gets the name
    back as the system has it. A name that is text has no such key.
    """
    fields: dict[str, str | None] = {"file": path}
    if path is not None and _SURROGATES.search(path):
        try:
            data = os.fsencode(path)
        except UnicodeEncodeError:  # pragma: no cover - no file system's name
            return fields
        fields["file_base64"] = base64.b64encode(data).decode("ascii")
    return fields


def _file_entry(message: str, error: BaseException) -> dict[str, Any]:
    """Return ``{"file", "error", "problems"}`` for one input's *error*."""
    file: str | None = None
    lines: Sequence[int] = ()
    # An error about no file in particular may still list its problems.
    problems: Sequence[tuple[str, str]] = getattr(error, "problems", ())
    if isinstance(error, FileError):
        file, lines = error.path, error.lines
        problems = getattr(error.error, "problems", ())
    elif isinstance(
        error, NotTextError | WriteError | ClosedInputError | WrongLogError
    ):
        file = error.path
    elif isinstance(error, OSError) and error.filename is not None:
        file = str(error.filename)
    return {
        **json_file(file),
        "error": message,
        "problems": [[as_line(path, lines), text] for path, text in problems],
    }


def failure(error: BaseException) -> str:
    """Say why a command failed: *error*'s message, a file it cannot read named."""
    if isinstance(error, OSError) and not isinstance(error, MutualCommitError):
        reason = error.strerror or str(error)
        if error.filename is None:
            return reason
        return f"cannot read {shown(str(error.filename))}: {reason}"
    return str(error)


class InputFilesError(MutualCommitError):
    """Several of a command's input files cannot be read: each one's error.

    Its message is each error's in turn, each naming its file, so one run
    lists the problems of every input.
    """

    def __init__(self, errors: Sequence[BaseException]) -> None:
        self.errors = tuple(errors)
        super().__init__(self.errors)

    def __str__(self) -> str:
        return "\n".join(failure(error) for error in self.errors)


class Inputs:
    """Read a command's input files, each one whatever became of the others.

    `read` keeps a file's error (it cannot be read, or is not valid) and
    goes on; `done` raises them all at once, so that a typo in each of four
    files takes one run to find, not four.
    """

    def __init__(self) -> None:
        self.errors: list[BaseException] = []

    def read(
        self, reader: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs
    ) -> _T | None:
        """Return what *reader* reads, or None when it fails (kept for `done`)."""
        try:
            return reader(*args, **kwargs)
        except (MutualCommitError, OSError) as error:
            self.errors.append(error)
            return None

    def done(self) -> None:
        """Raise the error of each input that failed: as it is when one did.

        Raises:
            InputFilesError: When more than one input failed.
        """
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise InputFilesError(self.errors)


def as_line(path: str, lines: Sequence[int]) -> str:
    """Write a record's position at the start of *path* (``[20]``) as its line (``line 21``)."""
    match = _POSITION.match(path)
    if match is None or not lines:
        return path
    position = int(match.group(1))
    if position >= len(lines):
        return path
    rest = path[match.end() :].lstrip(".")
    return f"line {lines[position]}" + (f": $.{rest}" if rest else "")


class FileError(MutualCommitError):
    """A file's content is not valid: names the file, then its problems.

    Attributes:
        path: The file.
        error: What is wrong with it.
        lines: The line of each record, when the error's paths are
            positions.
        what: The heading of its problems, when the file's kind says it
            (``invalid observations`` for a log whatever is wrong with
            it); None: the error's own.
    """

    def __init__(
        self,
        path: str,
        error: MutualCommitError,
        lines: Sequence[int] = (),
        what: str | None = None,
    ) -> None:
        self.path = path
        self.error = error
        self.lines = tuple(lines)
        self.what = what
        super().__init__(path, error)

    def __str__(self) -> str:
        return f"{shown(self.path)}: {describe(self.error, self.lines, self.what)}"


#: The heading of an observation log's problems, whatever they are: a line
#: that is no observation, or one the agreement cannot evaluate.
OBSERVATIONS = InvalidObservationsError.what
#: The heading of a fund log's problems, whatever they are.
FUND_LOG = InvalidFundEventsError.what


@contextlib.contextmanager
def about(
    path: str,
    lines: Sequence[int] = (),
    errors: type[MutualCommitError] | tuple[type[MutualCommitError], ...] = (
        MutualCommitError
    ),
    what: str | None = None,
) -> Iterator[None]:
    """Name *path* in any of *errors* raised inside the block (a `FileError`).

    Args:
        path: The file the block reads or judges.
        lines: The line of each record, when the errors' paths are positions.
        errors: The errors that are about *path*.
        what: The heading of its problems, when the file's kind says it
            (`OBSERVATIONS`, `FUND_LOG`); None: each error's own.
    """
    try:
        yield
    except (FileError, NotTextError, ClosedInputError, WrongLogError):
        raise  # they name their file already
    except errors as error:
        raise FileError(path, error, lines, what) from None


@contextlib.contextmanager
def about_observations(
    path: str,
    lines: Sequence[int],
    observations: Sequence[Observation] | None,
    agreement: Agreement,
) -> Iterator[None]:
    """Name *path* and each record's line in what the agreement finds in its observations.

    An `InvalidObservationsError` raised inside the block is the
    observations' (an unknown metric, an order without its due date): a
    `FileError` naming *path*, each record's position written as its line,
    and a record of a metric the agreement does not observe (unknown, or
    computed) named at its metric (``line 6: $.metric``), as a line's bad
    field is named.
    """
    try:
        yield
    except (FileError, NotTextError, ClosedInputError, WrongLogError):
        raise  # they name their file already
    except InvalidObservationsError as error:
        if observations is not None and not isinstance(error, InvalidFundEventsError):
            error = InvalidObservationsError(
                at_metric(error.problems, observations, observed_metrics(agreement))
            )
        raise FileError(path, error, lines) from None


def observed_metrics(agreement: Agreement) -> frozenset[str]:
    """Return the ids of the metrics a log of *agreement* may record: not the computed ones."""
    return frozenset(
        metric.id for metric in agreement.metrics if not metric.aggregation.is_computed
    )


def at_metric(
    problems: Iterable[tuple[str, str]],
    records: Sequence[object],
    observed: Container[str],
) -> list[tuple[str, str]]:
    """Point each problem of a record whose metric is not *observed* at that metric.

    ``[5]`` becomes ``[5].metric``: the one problem the agreement finds in
    such a record (read from a log, it has no other) is its metric's.
    """
    pointed = []
    for where, message in problems:
        match = _POSITION.fullmatch(where)
        if match is not None:
            index = int(match.group(1))
            if index < len(records):
                metric = getattr(records[index], "metric", None)
                if metric not in observed:
                    where = f"{where}.metric"  # noqa: PLW2901 - pointed
        pointed.append((where, message))
    return pointed


def read_agreement(path: str) -> Agreement:
    """Read the agreement in the file at *path*; its problems name the file."""
    text = read_text(path)
    with about(path):
        return loads(text)


def read_observations(
    path: str,
    agreement: Agreement | None = None,
    *,
    named: str = "--observations",
    many: bool = False,
) -> tuple[tuple[Observation, ...], tuple[int, ...]]:
    """Read the observations at *path*, and the line each is on.

    Problems name the file, under the heading ``invalid observations``;
    pass the lines to `about_observations` around whatever judges the
    observations, so that its problems name lines too. When a line is not
    an observation and *agreement* is given, the lines that are are judged
    against it too (an unknown metric, an order without its due date), so
    that one run lists every problem of the file, by line: only what cannot
    depend on the unreadable lines (see `_with_log_problems`). A file of
    another kind, a document or a portfolio's stream, is said to be in one
    line (see `refuse_another_kind`).

    Args:
        path: The file, or ``-`` for standard input.
        agreement: The agreement the observations are of, when it could
            be read.
        named: How the command names the log (``--observations``, or
            ``OBSERVATIONS`` for the last file ``evaluate`` is given).
        many: Whether the command also runs over many agreements (which
            read a portfolio's stream), for what a portfolio's stream is
            told.

    Raises:
        WrongLogError: When the file is a document or a portfolio's stream.
    """
    text = read_text(path)
    with about(path, what=OBSERVATIONS):
        try:
            observations = load_observations(text)
        except FormatError as error:
            refuse_another_kind(
                path, text, "observation log", named, agreement, many=many
            )
            if agreement is None:
                raise
            problems = _with_log_problems(list(error.problems), text, agreement)
            raise FormatError(problems) from None
    return observations, record_lines(text)


#: Where the log goes, by the name of a log given by its place.
_WHERE_LOGS_GO = {
    "OBSERVATIONS": (
        "the observations are the last file named, or the one --observations names"
    ),
    "EVENTS": (
        "the fund log is the file named after the agreement, or the one "
        "--fund-events names"
    ),
}


def refuse_another_kind(
    path: str,
    lines: str | Iterable[str],
    log: str,
    named: str,
    agreement: Agreement | None = None,
    *,
    many: bool = False,
    stream: bool = False,
) -> None:
    """Refuse a file given as a log that is another kind of file, in one line.

    Called when the log could not be read, its *lines* as read. Two files
    are refused so, whose lines would each be a problem of their own (an
    agreement written over 600 lines gives 600):

    - a JSON document: an agreement or a policy, written on one line or
      over several, starting with a ``{`` alone, as a text editor or
      ``json.dump(indent=2)`` writes it;
    - for one agreement's log (*stream* false), a portfolio's stream:
      every line that is a JSON object carries an ``"agreement"`` key.

    Args:
        path: The file, or ``-`` for standard input.
        lines: Its text, or its lines as they are read again.
        log: What the log is (``observation log``, ``fund log``).
        named: How the command names it (``--observations``; ``OBSERVATIONS``
            and ``EVENTS`` are the logs ``evaluate`` and ``funds`` take by
            their place).
        agreement: The agreement the log is of, when it could be read.
        many: Whether the command also runs over many agreements.
        stream: Whether the log is a portfolio's stream itself.

    Raises:
        WrongLogError: When the file is such a file.
    """
    # Each line with its line break, as a file's lines are read.
    records = iter(io.StringIO(lines) if isinstance(lines, str) else lines)
    first = next((line for line in records if line.strip(_WHITESPACE + "\ufeff")), "")
    first = first.strip(_WHITESPACE + "\ufeff")
    if first == "{":
        document = _json_object("".join((first, *records)))
    elif any(line.strip(_WHITESPACE) for line in records):
        document = None  # a line of the log, not the whole file
    else:
        document = _json_object(first)
    if document is not None and (kind := document_in_log(document)) is not None:
        hint = _WHERE_LOGS_GO.get(named, f"{named} is the {log}, JSON Lines")
        raise WrongLogError(path, f"{kind}, not JSON Lines", hint)
    if stream or not isinstance(lines, str):
        return
    ids = _portfolio_ids(lines)
    if not ids:
        return
    mine = "the agreement's lines"
    if agreement is not None:
        mine = f"the lines of agreement {inert(agreement.id)}"
    if agreement is not None and agreement.id not in ids:
        hint = f"it holds no line of agreement {inert(agreement.id)}"
    elif many:
        hint = (
            f"add --jobs 1 to read {mine} from it, as a run over many agreements does"
        )
    else:
        hint = f'give {mine} alone, without their "agreement" key'
    raise WrongLogError(
        path,
        f'a portfolio\'s stream (its lines carry an "agreement" key), not one '
        f"agreement's {log}",
        hint,
    )


def _json_object(text: str) -> dict[str, Any] | None:
    """Return the JSON object *text* is (after a byte order mark), or None when it is none."""
    try:
        value = json.loads(text.lstrip("\ufeff"))
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _portfolio_ids(text: str) -> set[object]:
    """Return the agreements the lines of *text* name, when they are a portfolio's stream.

    A portfolio's stream: each line that is a JSON object carries an
    ``"agreement"`` key. Empty for any other text.
    """
    ids: set[object] = set()
    for line in text.split("\n"):
        record = _json_object(line)
        if record is None:
            continue
        if "agreement" not in record:
            return set()
        key = record["agreement"]
        ids.add(key if isinstance(key, str) else None)
    return ids


def _with_log_problems(
    problems: list[tuple[str, str]], text: str, agreement: Agreement
) -> list[tuple[str, str]]:
    """Add what *agreement* finds in the readable lines of *text*, by line.

    Only what cannot depend on an unreadable line. What a record is alone
    (an unknown metric, an order without its due date) is judged of every
    readable record. An order that an earlier one placed already is judged
    only between records whose standing no unreadable line can change:
    not a record that shares its metric and ref with one (it may correct
    or retract that record), nor, when an unreadable line's ref cannot be
    told, any record of its metric, nor any record at all when its metric
    cannot be told. The problem is named once the line is mended.
    """
    # The KPI engine, with the first command that needs it.
    from mutualcommit.kpi._index import log_problems

    good, lines, _, unsure = readable_observations(text)
    found = at_metric(
        log_problems(agreement, good, unsure=unsure), good, observed_metrics(agreement)
    )
    problems.extend((as_line(where, lines), message) for where, message in found)

    def line(problem: tuple[str, str]) -> int:
        match = _LINE.match(problem[0])
        return int(match.group(1)) if match else 0

    return sorted(problems, key=line)


def read_fund_events(
    path: str,
    agreement: Agreement | None,
    as_of: dt.date,
    *,
    named: str = "--fund-events",
    many: bool = False,
) -> tuple[FundEvent, ...]:
    """Read the fund log at *path* and check that it holds together for *agreement*.

    Its problems, a line's or the log's as a whole (an unknown fund, a
    claim above its approval), name the file and the record's line: they
    are the log's problems, not the agreement's. Without an agreement (one
    that could not be read) only its lines are read. A file of another
    kind, a document or a portfolio's stream, is said to be in one line
    (see `refuse_another_kind`); *named* and *many* are as
    `read_observations` takes them.

    Raises:
        WrongLogError: When the file is a document or a portfolio's stream.
    """
    # The KPI engine, with the first command that needs it.
    from mutualcommit.kpi import fund_ledger

    text = read_text(path)
    with about(path, record_lines(text), what=FUND_LOG):
        try:
            events = load_fund_events(text)
        except FormatError as error:
            refuse_another_kind(path, text, "fund log", named, agreement, many=many)
            if agreement is None:
                raise
            problems = _with_fund_log_problems(list(error.problems), text, agreement)
            raise FormatError(problems) from None
        if agreement is not None:
            fund_ledger(agreement, events, as_of=as_of)
    return events


def _with_fund_log_problems(
    problems: list[tuple[str, str]], text: str, agreement: Agreement
) -> list[tuple[str, str]]:
    """Add what the agreement finds in the readable lines of a fund log, by line.

    Only what cannot depend on an unreadable line: a record that shares a
    fund and a ref or request with one is not judged without it.
    """
    from mutualcommit.errors import InvalidFundEventsError
    from mutualcommit.kpi._funds import FundLog
    from mutualcommit.serialize._fund_events import readable_fund_events

    events, lines, _, related = readable_fund_events(text)
    if related is None:
        return problems
    try:
        # A record another one's problem names (a refused request) is named
        # by its line, as load_fund_events names it.
        FundLog(agreement, events, name=lambda index: f"line {lines[index]}")
    except InvalidFundEventsError as error:
        known = set(problems)
        for where, message in error.problems:
            match = _POSITION.match(where)
            if match is None or related(events[int(match.group(1))]):
                continue
            problem = (as_line(where, lines), message)
            if problem not in known:
                known.add(problem)
                problems.append(problem)
    except MutualCommitError:
        return problems

    def line(problem: tuple[str, str]) -> int:
        match = _LINE.match(problem[0])
        return int(match.group(1)) if match else 0

    return sorted(problems, key=line)


def read_policy(path: str) -> Policy:
    """Read the policy document at *path*; its problems name the file."""
    text = read_text(path)
    with about(path):
        return policy_from_json(text)


def day(text: str) -> dt.date:
    """Parse a command-line day, ``YYYY-MM-DD`` and no other ISO 8601 form.

    Raises:
        argparse.ArgumentTypeError: For anything else, so argparse exits 2.
    """
    if _DAY.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    msg = f"expected a date YYYY-MM-DD, got {text!r}"
    raise argparse.ArgumentTypeError(msg)
