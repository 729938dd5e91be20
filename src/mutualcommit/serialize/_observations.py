"""Observations as JSON Lines: one object per line.

``{"metric": "cosell-opps", "at": "2026-03-02", "value": "1", "ref":
"DR-1001", "dims": {"party": "globex"}}``: ``ref`` and ``dims`` are optional,
``"value": null`` retracts the earlier record with the same ``ref`` (and
needs one). Logs run to millions of lines, so a well-formed line takes a
hand-written path; a line that fails it is read again slowly, to say what is
wrong with it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from mutualcommit.errors import (
    ArgumentError,
    FormatError,
    InvalidObservationsError,
    also_type_error,
)
from mutualcommit.model import FrozenDict, Observation, decimal_problem
from mutualcommit.model._arguments import as_log
from mutualcommit.model._decimal import LIMIT
from mutualcommit.model._frozen import NFC_COLLISION, nfc, nfc_colliding_keys
from mutualcommit.model._observation import EMPTY_REF, NO_REF, not_an_observation
from mutualcommit.model._selection import blank_keys
from mutualcommit.model._unicode import blank, text_problem

from ._shape import PATTERNS
from ._values import (
    DuplicateKeys,
    InvalidValueError,
    Problem,
    compressed,
    date,
    decimal,
    describe,
    document_in_log,
    json_path,
    key_path,
    line_error,
    not_text,
    not_utf8,
    object_pairs,
    one_line,
    parse_constant,
    parse_float,
    parse_int,
    string_map,
    text,
    unknown_key_problems,
    wide_text,
    without_bom,
    without_newline,
)

__all__ = [
    "dump_observations",
    "iter_observations",
    "load_observations",
    "observation_from_dict",
    "observation_to_dict",
]

_KEYS = ("metric", "at", "value", "ref", "dims")
_REQUIRED = ("metric", "at", "value")
_WHITESPACE = " \t\r\n"
_EMPTY: FrozenDict[str, str] = FrozenDict()
_MISSING: Any = object()
_EMPTY_DICT: dict[str, Any] = {}

_identifier = re.compile(PATTERNS["identifier"]).fullmatch
# Within the model's bounds by its very spelling: at most 15 digits before
# the point (below 10^15) and 12 after it. Anything else goes the slow way.
_plain_decimal = re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,12})?").fullmatch
_LIMIT = int(LIMIT)
_DATE_LENGTH = 10

_encode = json.JSONEncoder(ensure_ascii=False).encode


def _decoder(*, pairs: bool) -> json.JSONDecoder:
    # The fast decoder reads integers as the C parser does (no call per
    # number): a line with -0 or an integer too long to convert goes the
    # slow way, whose decoder keeps them as text (`parse_int`).
    return json.JSONDecoder(
        parse_float=parse_float,
        parse_int=parse_int if pairs else None,
        parse_constant=parse_constant,
        object_pairs_hook=object_pairs if pairs else None,
    )


def load_observations(
    text_or_lines: str | bytes | bytearray | Iterable[str | bytes],
) -> tuple[Observation, ...]:
    """Read observations from JSON Lines.

    Args:
        text_or_lines: The whole text (bytes are read as UTF-8), or its lines
            as text or bytes (an open file will do, in text or binary mode).
            Blank lines are skipped, and so is a
            byte order mark first in the text, as some editors save one.

    Returns:
        The observations, in input order.

    Raises:
        FormatError: When any line is not an observation; ``problems`` hold
            every bad line, each path starting ``line N`` (1-based):
            ``("line 2: $.at", 'expected a date YYYY-MM-DD, got "nope"')``.
            Compressed bytes (gzip, say), and bytes of UTF-16 or UTF-32
            text, are one problem at ``line 1``, saying what to do.
        TypeError: When *text_or_lines* is neither text nor an iterable
            of lines: a path, a mapping (one record's JSON form, say, whose
            keys a loop would read as lines), None or anything else.
    """
    return tuple(iter_observations(text_or_lines))


def iter_observations(
    text_or_lines: str | bytes | bytearray | Iterable[str | bytes],
) -> Iterator[Observation]:
    """Yield observations from JSON Lines as they are read.

    Memory stays flat however long the input is. Every good line is
    yielded; when some line was bad, `FormatError` is raised after the last
    line, listing every bad one (as `load_observations` does).

    Args:
        text_or_lines: The whole text (bytes are read as UTF-8), or its lines
            as text or bytes (an open file will do, in text or binary mode),
            as `load_observations` takes it.

    Yields:
        The observations of the good lines, in input order.

    Raises:
        FormatError: After the last line, when any line is not an
            observation; ``problems`` hold every bad line, each path
            starting ``line N`` (1-based).
        TypeError: At once, when *text_or_lines* is neither text nor an
            iterable of lines (as `load_observations` refuses it).
    """
    return _observations(split_lines(text_or_lines, record="observation_from_dict"))


def _observations(lines: Iterator[str | bytes]) -> Iterator[Observation]:
    """Yield the observations of *lines*, then raise for the bad ones."""
    # The fast path parses without a hook per object (a third of its time):
    # a line whose colons outnumber its keys goes the slow way, which finds
    # a key named twice.
    decode = _decoder(pairs=False).raw_decode
    decoder = _decoder(pairs=True)
    problems: list[Problem] = []
    for number, line in enumerate(lines, 1):
        found = None
        if type(line) is str:
            try:
                found, end = decode(line)
            except (ValueError, RecursionError):
                found = None
            else:
                if end != len(line) and line[end:].strip(_WHITESPACE):
                    found = None
        if type(found) is dict:
            observation = _fast(found, line)  # type: ignore[arg-type]
            if observation is not None:
                yield observation
                continue
        observation = _slow(decoder, line, f"line {number}", problems)
        if observation is not None:
            yield observation
    if problems:
        raise FormatError(problems, of="observations")


def readable_observations(
    text_or_lines: str | bytes | bytearray | Iterable[str | bytes],
) -> tuple[
    list[Observation],
    list[int],
    list[Problem],
    Callable[[Observation], bool],
]:
    """Read the lines of a log that are observations, and say what the others hide.

    For a log some of whose lines are not observations, whose other lines
    are still to be judged as a whole (the command line does): only what
    cannot depend on the unreadable lines.

    Returns:
        The observations of the readable lines, the line of each, the
        problems of the other lines (as `load_observations` lists them),
        and a test of whether an observation's standing may change once
        the unreadable lines read: it shares its metric and ref with one of
        them, or its metric with one whose ref cannot be told (any record
        of that metric may be the one it corrects), or any unreadable line
        has no metric to tell (not JSON, not an object, or a metric that is
        no id): then every record is unsure.
    """
    decoder = observation_decoder()
    observations: list[Observation] = []
    lines: list[int] = []
    problems: list[Problem] = []
    hidden: set[tuple[str, object]] = set()
    blind = False
    read = split_lines(text_or_lines, record="observation_from_dict")
    for number, line in enumerate(read, 1):
        prefix = f"line {number}"
        before = len(problems)
        found = decoded_value(decoder, line, prefix, problems, "observation_from_dict")
        if found is NOTHING:
            blind = blind or len(problems) > before
            continue
        observation = observation_from(found, prefix, problems)
        if observation is not None:
            observations.append(observation)
            lines.append(number)
            continue
        keys = _told(found)
        if keys is None:
            blind = True
        else:
            hidden.update(keys)

    def unsure(observation: Observation) -> bool:
        metric = observation.metric
        return (
            blind or (metric, _ANY_REF) in hidden or (metric, observation.ref) in hidden
        )

    return observations, lines, problems, unsure


#: Stands for every ref of a metric.
_ANY_REF = object()


def _told(found: object) -> set[tuple[str, object]] | None:
    """Return the metric and ref pairs an unreadable line's value may stand for.

    None when it tells no metric; a ref that cannot be told (missing, not
    text, blank) is any ref. A key named twice gives both its readings.
    """
    if not isinstance(found, Mapping):
        return None
    readings = [found, *([found.first] if isinstance(found, DuplicateKeys) else [])]
    metrics: set[str] = set()
    for reading in readings:
        metric = reading.get("metric")
        if not isinstance(metric, str) or not _identifier(metric):
            return None
        metrics.add(metric)
    # A record's ref is held in Unicode NFC, as it is read.
    refs = {
        nfc(ref) if isinstance(ref, str) and ref.strip() else _ANY_REF
        for ref in (reading.get("ref") for reading in readings)
    }
    return {(metric, ref) for metric in metrics for ref in refs}


def dump_observations(observations: Iterable[Observation]) -> str:
    """Write observations as JSON Lines, one per line, each line ended.

    Keys come in the order ``metric``, ``at``, ``value``, ``ref``, ``dims``;
    ``ref`` and ``dims`` are left out when None or empty. Values are
    decimal strings as written (``str``), or ``null`` for a retraction.
    `load_observations` reads the text back to equal observations.

    Raises:
        InvalidObservationsError: When an item is not an `Observation`, or
            retracts (value None) without a ref, which no reader would take
            back; every such item is listed with its ``[index]``, and
            nothing is written.
        TypeError: When *observations* is text, a path, a mapping or not
            iterable.
    """
    log = as_log("observations", observations, record="Observation")
    problems = [
        (f"[{index}]", problem)
        for index, observation in enumerate(log)
        if (problem := unwritable_observation(observation)) is not None
    ]
    if problems:
        raise InvalidObservationsError(problems)
    lines = []
    for observation in log:
        lines.append(observation_line(observation))
        lines.append("\n")
    return "".join(lines)


def unwritable_observation(observation: object) -> str | None:
    """Say why *observation* cannot be a line of the log, or None when it can.

    Not an `Observation`, or a retraction without a ref: what
    `load_observations` would not read back.
    """
    if not isinstance(observation, Observation):
        return not_an_observation(observation)
    if observation.value is None and observation.ref is None:
        return NO_REF
    return None


def observation_to_dict(observation: Observation) -> dict[str, Any]:
    """Return one observation as a JSON-ready dict: one line of the log format.

    Keys come in the order ``metric``, ``at``, ``value``, ``ref``, ``dims``;
    ``ref`` and ``dims`` are left out when None or empty. The value is its
    decimal string as written (``"2.50"``), or None for a retraction; the
    day is ISO text. For a host that stores observations in a table of its
    own; `observation_from_dict` reads it back.

    Raises:
        ArgumentError: A `TypeError` too, when *observation* is not an
            `Observation`.
        InvalidObservationsError: When it retracts (value None) without a
            ref, which `observation_from_dict` would not read back.
    """
    problem = unwritable_observation(observation)
    if problem is not None:
        if not isinstance(observation, Observation):
            raise also_type_error(ArgumentError)(problem, "observation")
        raise InvalidObservationsError([("ref", problem)])
    return _record(observation)


def observation_line(observation: Observation, agreement: str | None = None) -> str:
    """Return the line of a writable *observation*, without its newline.

    With *agreement*, the line of a portfolio's stream: ``"agreement"``
    first, then the observation's keys.
    """
    record = _record(observation)
    if agreement is not None:
        record = {"agreement": agreement, **record}
    return one_line(_encode(record))


def _record(observation: Observation) -> dict[str, Any]:
    """Return `observation_to_dict` of an observation known to be writable."""
    value = observation.value
    record: dict[str, Any] = {
        "metric": observation.metric,
        "at": observation.at.isoformat(),
        "value": None if value is None else str(value),
    }
    if observation.ref is not None:
        record["ref"] = observation.ref
    if observation.dims:
        record["dims"] = dict(observation.dims)
    return record


def observation_from_dict(data: object) -> Observation:
    """Read one observation from a dict of the log format.

    The same rules as a line of `load_observations`: ``metric``, ``at``
    (``YYYY-MM-DD`` text) and ``value`` (a decimal string, a number or
    None) are required, ``ref`` and ``dims`` optional; a value of None is a
    retraction and needs a ref.

    Raises:
        FormatError: Listing every problem with its JSON path
            (``$.value``).
    """
    if not isinstance(data, Mapping):
        raise FormatError(
            [("$", f"expected an object (an observation), got {describe(data)}")]
        )
    problems: list[Problem] = []
    observation = _fields(data, problems)
    if problems or observation is None:
        raise FormatError((json_path(path), message) for path, message in problems)
    return observation


class RawLine(bytes):
    """A line of bytes that are not UTF-8, that knows where its first bad byte is."""

    #: Where, and what to do: ``byte 0xE9 at line 2, column 79 (byte 138) is
    #: not UTF-8 (...): save it as UTF-8`` (`not_utf8`).
    where: str

    @classmethod
    def at(
        cls, line: bytes, error: UnicodeDecodeError, number: int, offset: int
    ) -> RawLine:
        """Return *line*, line *number* of its text, starting *offset* bytes in."""
        return cls.saying(
            line, not_utf8(line, error.start, number=number, offset=offset)
        )

    @classmethod
    def saying(cls, line: bytes, where: str) -> RawLine:
        """Return *line*, whose bytes are no text for the reason *where* says."""
        raw = cls(line)
        raw.where = where
        return raw


def bad_bytes(line: bytes) -> str:
    """Say what is wrong with a line of bytes that are not UTF-8, as the documents do."""
    where = getattr(line, "where", None)
    if where is None:  # pragma: no cover - split_lines makes every such line
        return "expected UTF-8 text, got an invalid byte"
    return f"expected UTF-8 text: {where}"


#: What a JSON Lines reader takes, as its refusals say.
_LINES = "JSON Lines text, its lines or an open text file"


def split_lines(
    source: str | bytes | bytearray | Iterable[str | bytes],
    argument: str = "text_or_lines",
    *,
    record: str | None = None,
) -> Iterator[str | bytes]:
    """Return an iterator over the lines of *source*; bytes that are not UTF-8 stay bytes.

    Shared by every JSON Lines reader, so that they number lines alike and
    refuse alike. A line of bytes that are not UTF-8 is yielded as a
    `RawLine` that knows where its first bad byte is, by line and column
    (`bad_bytes`). Compressed bytes (gzip, bzip2, xz, zip, Zstandard) and
    UTF-16 or UTF-32 text, with a byte order mark or without (the whole
    text, or the first of its lines), are one such line, which says so,
    and nothing after it is read.

    Args:
        source: The text, or its lines.
        argument: The reader's own name for *source*, for its refusals.
        record: The function that reads one record's JSON form, for the
            message that refuses a mapping (``"observation_from_dict"``).

    Raises:
        ArgumentError: A `TypeError` too, naming *argument*, at once when
            *source* is neither text nor an iterable of lines: a path (the
            readers never open a file), a mapping (whose keys a loop would
            read as lines), a memoryview (whose bytes it would read as
            lines, one by one), None or anything else that is not iterable.
    """
    if isinstance(source, bytes | bytearray):
        return _byte_lines(bytes(source))
    if isinstance(source, str):
        return _text_lines(source)
    return _item_lines(_iterable(source, argument, record))


def _iterable(source: object, argument: str, record: str | None) -> Iterator[object]:
    """Return an iterator over *source*'s items, or refuse what no loop reads as lines."""
    refused = also_type_error(ArgumentError)
    if isinstance(source, os.PathLike):
        raise not_text(source, _LINES, argument)
    if isinstance(source, Mapping):
        msg = (
            f"expected {_LINES}, got a mapping ({type(source).__name__}), whose "
            "keys a loop would read as lines"
        )
        if record is not None:
            msg += f": {record} reads one record's JSON form"
        raise refused(msg, argument)
    if isinstance(source, memoryview):
        msg = (
            f"expected {_LINES}, got memoryview, whose bytes a loop would read "
            "one by one: pass its bytes, bytes(view)"
        )
        raise refused(msg, argument)
    try:
        return iter(source)  # type: ignore[call-overload, no-any-return]
    except TypeError:
        given = "None" if source is None else type(source).__name__
        msg = f"expected {_LINES}, got {given}"
        raise refused(msg, argument) from None


def _byte_lines(data: bytes) -> Iterator[str | bytes]:
    """Yield the lines of the bytes *data*, as `split_lines` does."""
    offset = 0
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        offset = 3
    if (packed := compressed(data) or wide_text(data)) is not None:
        yield RawLine.saying(data.partition(b"\n")[0], packed)
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        for number, raw in enumerate(data.split(b"\n"), 1):
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as error:
                yield RawLine.at(raw, error, number, offset)
            offset += len(raw) + 1
        return
    yield from _text_lines(text)


def _text_lines(source: str) -> Iterator[str | bytes]:
    """Yield the lines of the text *source*, as `split_lines` does."""
    lines: Iterable[str | bytes] = without_bom(source).split("\n")
    if source.endswith("\n"):
        # The last line ends like every other: no empty line after it.
        lines = lines[:-1]  # type: ignore[index]
    yield from lines


def _item_lines(source: Iterator[object]) -> Iterator[str | bytes]:
    """Yield the items of *source*, bytes decoded, as `split_lines` does.

    An item that is neither text nor bytes is yielded as it is: the reader
    says what it is, at its line.
    """
    offset = 0
    for number, given in enumerate(source, 1):
        line: Any = given
        if isinstance(given, bytes):
            if (
                number == 1
                and (packed := compressed(given) or wide_text(given)) is not None
            ):
                # A binary file of compressed data, or of UTF-16 or UTF-32
                # text: its "lines" are noise.
                yield RawLine.saying(given, packed)
                return
            try:
                line = given.decode("utf-8")
            except UnicodeDecodeError as error:
                line = RawLine.at(given, error, number, offset)
            offset += len(given)
        elif isinstance(given, str):
            offset += len(given.encode("utf-8", "surrogatepass"))
        if number == 1 and isinstance(line, str):
            # An open file's first line carries the file's byte order mark.
            line = without_bom(line)
        yield line


def _fast(found: dict[str, Any], line: str | None) -> Observation | None:
    """Read a well-formed line quickly, or return None to have it explained.

    With *line*, a line parsed without checking for a key named twice: one
    colon per key proves there is none.
    """
    size = len(found)
    ref = None
    dims = _EMPTY
    if size == 3:  # noqa: PLR2004 - metric, at, value
        if line is not None and line.count(":") != size:
            return None
    else:
        if size != 3 + ("ref" in found) + ("dims" in found):
            return None
        ref = found.get("ref")
        if ref is not None and (
            type(ref) is not str
            or (not ref.isascii() and text_problem(ref) is not None)
            or not ref
            or ref.isspace()
        ):
            return None
        raw = found.get("dims", _EMPTY_DICT)
        if type(raw) is not dict:
            return None
        size += len(raw)
        if line is not None and line.count(":") != size:
            return None
        if raw:
            ascii_keys = True
            for key, item in raw.items():
                if type(item) is not str:
                    return None
                if not key or key.isspace():
                    return None  # a blank name: explained
                if not (key.isascii() and item.isascii()):
                    if text_problem(key) is not None or text_problem(item) is not None:
                        return None
                    if blank(key):
                        return None
                    ascii_keys = ascii_keys and key.isascii()
            if not ascii_keys and nfc_colliding_keys(raw):
                return None  # two keys that are one text in NFC: explained
            dims = FrozenDict(raw)
    metric = found.get("metric")
    if type(metric) is not str or not _identifier(metric):
        return None
    at = found.get("at")
    # What fromisoformat takes of this shape is exactly YYYY-MM-DD (checked
    # against DATE_PATTERN by brute force), and this is cheaper than a regex.
    if (
        type(at) is not str
        or len(at) != _DATE_LENGTH
        or at[4] != "-"
        or at[7] != "-"
        or not at.isascii()
    ):
        return None
    try:
        day = dt.date.fromisoformat(at)
    except ValueError:
        return None
    value = found.get("value", _MISSING)
    kind = type(value)
    if kind is str:
        if not _plain_decimal(value):
            return None
        value = Decimal(value)
    elif value is None:
        if ref is None:
            return None
    elif kind is int:
        # A zero may have been -0, whose sign the fast decoder drops.
        if not -_LIMIT < value < _LIMIT or (not value and line is not None):
            return None
        value = Decimal(value)
    elif kind is not Decimal or decimal_problem(value) is not None:
        return None
    return Observation(metric, day, value, ref, dims)


def _slow(
    decoder: json.JSONDecoder, line: object, prefix: str, problems: list[Problem]
) -> Observation | None:
    """Read a line the fast path refused: an observation, or None (blank or bad)."""
    found = decoded_value(decoder, line, prefix, problems, "observation_from_dict")
    if found is NOTHING:
        return None
    return observation_from(found, prefix, problems)


def not_a_line(item: object, record: str | None) -> str:
    """Say that *item*, among a log's lines, is none; for a record's JSON form, what reads one."""
    problem = f"expected a line of text, got {describe(item)}"
    if isinstance(item, Mapping) and record is not None:
        problem += f" ({record} reads a record's JSON form)"
    return problem


#: What `decoded_value` returns for a line that holds no JSON value.
NOTHING: Any = object()


def observation_decoder() -> json.JSONDecoder:
    """Return the decoder of a log's lines that marks an object naming a key twice."""
    return _decoder(pairs=True)


def decoded_value(
    decoder: json.JSONDecoder,
    line: object,
    prefix: str,
    problems: list[Problem],
    record: str | None = None,
) -> Any:
    """Return the JSON value of one line, or `NOTHING` when it is blank or not JSON.

    Why a line holds no JSON value is added to *problems*, its path
    *prefix* (``line 3``); a blank line has no problem. *record* names the
    function that reads a record's JSON form, for an item that is one.
    """
    if isinstance(line, bytes):
        problems.append((prefix, bad_bytes(line)))
        return NOTHING
    if not isinstance(line, str):
        problems.append((prefix, not_a_line(line, record)))
        return NOTHING
    if not line.strip(_WHITESPACE):
        return NOTHING
    try:
        return decoder.decode(without_newline(line))
    except json.JSONDecodeError as error:
        problems.append((prefix, line_error(error, line)))
    except RecursionError:
        problems.append((prefix, "invalid JSON: nested too deeply"))
    except ValueError as error:
        problems.append((prefix, f"invalid JSON: {error}"))
    return NOTHING


def observation_from(
    found: object, prefix: str, problems: list[Problem], also: tuple[str, ...] = ()
) -> Observation | None:
    """Return the observation of one line's JSON value, or None when it is not one.

    Every problem is added to *problems*, its path starting with *prefix*.
    *also* are keys the line may hold besides an observation's, taken out
    before (a portfolio stream's ``agreement``), named with the others when
    a key is unknown.
    """
    if type(found) is dict:
        # Parsed again, this time looking for keys named twice: it may be a
        # good line the fast path could not vouch for (a colon in an id).
        observation = _fast(found, None)
        if observation is not None:
            return observation
    if not isinstance(found, Mapping):
        problems.append(
            (
                f"{prefix}: $",
                f"expected an object (an observation), got {describe(found)}",
            )
        )
        return None
    local: list[Problem] = []
    observation = _fields(found, local, also)
    problems.extend(
        (f"{prefix}: {json_path(path)}", message) for path, message in local
    )
    return observation if not local else None


def _fields(
    found: Mapping[str, Any], problems: list[Problem], also: tuple[str, ...] = ()
) -> Observation | None:
    """Check every key of an observation object, recording each problem."""
    if "metric" not in found and "fund" in found and "event" in found:
        # A fund log's line among the observations: one problem, not one
        # per key of the other kind.
        problems.append(
            (
                "",
                (
                    "expected an observation (metric, at, value), got a fund event "
                    "(fund, event): it belongs in the fund log"
                ),
            )
        )
        return None
    if "metric" not in found and (document := document_in_log(found)) is not None:
        # An agreement given as the log (a log left out of the command
        # line): one problem a line, not one per key.
        problems.append(
            (
                "",
                (
                    f"expected an observation (metric, at, value), got {document}: "
                    "it is no line of the observations log (was another file "
                    "given for the log?)"
                ),
            )
        )
        return None
    problems.extend(unknown_key_problems(found, _KEYS, also))
    for key in _REQUIRED:
        if key not in found:
            what = (
                "a decimal string, a number or null" if key == "value" else _WHAT[key]
            )
            problems.append((key, f"expected {what}, got nothing (required)"))

    metric = _read(found, "metric", _metric, problems)
    day = _read(found, "at", date, problems)
    value = _read(found, "value", _value, problems)
    ref = _read(found, "ref", _ref, problems)
    dims = _EMPTY
    if "dims" in found:
        dims = string_map(found["dims"], path="dims", problems=problems)
        problems.extend(blank_keys("dims", dims))
        problems.extend(
            (key_path("dims", key), NFC_COLLISION) for key in nfc_colliding_keys(dims)
        )
    if _retracts_without_a_ref(found, ref) and (
        # A key named twice: said only when it holds whichever value wins.
        not isinstance(found, DuplicateKeys)
        or _retracts_without_a_ref(found.first, found.first.get("ref"))
    ):
        problems.append(
            (
                "value",
                "expected a decimal, or null with a ref (a retraction), got null without a ref",
            )
        )
    if problems:
        return None
    return Observation(metric, day, value, ref, dims)


_WHAT = {"metric": "a metric id", "at": "a date YYYY-MM-DD"}


def _retracts_without_a_ref(found: Mapping[str, Any], ref: object) -> bool:
    return "value" in found and found["value"] is None and ref is None


def _read(
    found: Mapping[str, Any], key: str, read: Any, problems: list[Problem]
) -> Any:
    if key not in found:
        return None
    try:
        return read(found[key])
    except InvalidValueError as error:
        problems.append((key, str(error)))
        return None


def _metric(value: object) -> str:
    if isinstance(value, str) and _identifier(value):
        return value
    msg = f"expected a metric id, got {describe(value)}"
    raise InvalidValueError(msg)


def _value(value: object) -> Decimal | None:
    if value is None:
        return None
    result = decimal(value)
    problem = decimal_problem(result)
    if problem is not None:
        raise InvalidValueError(problem)
    return result


def _ref(value: object) -> str | None:
    if value is None:
        return None
    ref = text(value)
    if not ref.strip():
        msg = f"expected a ref or null, got {describe(value)}: {EMPTY_REF}"
        raise InvalidValueError(msg)
    return ref
