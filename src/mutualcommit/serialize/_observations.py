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
from collections.abc import Iterable, Iterator, Mapping
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
from mutualcommit.model._frozen import NFC_COLLISION, nfc_colliding_keys
from mutualcommit.model._observation import EMPTY_REF, NO_REF, not_an_observation
from mutualcommit.model._unicode import text_problem

from ._shape import PATTERNS
from ._values import (
    DuplicateKeys,
    InvalidValueError,
    Problem,
    date,
    decimal,
    describe,
    document_hint,
    json_error,
    json_path,
    key_path,
    not_text,
    not_utf8,
    object_pairs,
    one_line,
    parse_constant,
    parse_float,
    parse_int,
    path_hint,
    string_map,
    text,
    unknown_key_problems,
    without_bom,
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
    """
    # The fast path parses without a hook per object (a third of its time):
    # a line whose colons outnumber its keys goes the slow way, which finds
    # a key named twice.
    decode = _decoder(pairs=False).raw_decode
    decoder = _decoder(pairs=True)
    problems: list[Problem] = []
    for number, line in enumerate(split_lines(text_or_lines), 1):
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
        raise FormatError(problems)


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
        raw = cls(line)
        raw.where = not_utf8(line, error.start, number=number, offset=offset)
        return raw


def bad_bytes(line: bytes) -> str:
    """Say what is wrong with a line of bytes that are not UTF-8, as the documents do."""
    where = getattr(line, "where", None)
    if where is None:  # pragma: no cover - split_lines makes every such line
        return "expected UTF-8 text, got an invalid byte"
    return f"expected UTF-8 text: {where}"


def split_lines(
    source: str | bytes | bytearray | Iterable[str | bytes],
    argument: str = "text_or_lines",
) -> Iterator[str | bytes]:
    """Yield the lines of *source*; bytes that are not UTF-8 stay bytes.

    Shared by every JSON Lines reader, so that they number lines alike. A
    line of bytes that are not UTF-8 is yielded as a `RawLine` that knows
    where its first bad byte is, by line and column (`bad_bytes`).

    Raises:
        ArgumentError: A `TypeError` too, naming *argument* (the reader's
            own), when *source* is a file's path or not iterable at all.
    """
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        offset = 0
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
            offset = 3
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError:
            for number, raw in enumerate(data.split(b"\n"), 1):
                try:
                    yield raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    yield RawLine.at(raw, error, number, offset)
                offset += len(raw) + 1
            return
    if isinstance(source, os.PathLike) or not isinstance(source, Iterable):
        raise not_text(
            source, "JSON Lines text, its lines or an open text file", argument
        )
    if isinstance(source, str):
        lines: Iterable[str | bytes] = without_bom(source).split("\n")
        if source.endswith("\n"):
            # The last line ends like every other: no empty line after it.
            lines = lines[:-1]  # type: ignore[index]
        yield from lines
        return
    first = True
    offset = 0
    for number, given in enumerate(source, 1):
        line = given
        if isinstance(given, bytes):
            try:
                line = given.decode("utf-8")
            except UnicodeDecodeError as error:
                line = RawLine.at(given, error, number, offset)
            offset += len(given)
        elif isinstance(given, str):
            offset += len(given.encode("utf-8", "surrogatepass"))
        if first:
            # An open file's first line carries the file's byte order mark.
            first = False
            if isinstance(line, str):
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
                if not (key.isascii() and item.isascii()):
                    if text_problem(key) is not None or text_problem(item) is not None:
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
    found = decoded_value(decoder, line, prefix, problems)
    if found is NOTHING:
        return None
    return observation_from(found, prefix, problems)


#: What `decoded_value` returns for a line that holds no JSON value.
NOTHING: Any = object()


def observation_decoder() -> json.JSONDecoder:
    """Return the decoder of a log's lines that marks an object naming a key twice."""
    return _decoder(pairs=True)


def decoded_value(
    decoder: json.JSONDecoder, line: object, prefix: str, problems: list[Problem]
) -> Any:
    """Return the JSON value of one line, or `NOTHING` when it is blank or not JSON.

    Why a line holds no JSON value is added to *problems*, its path
    *prefix* (``line 3``); a blank line has no problem.
    """
    if isinstance(line, bytes):
        problems.append((prefix, bad_bytes(line)))
        return NOTHING
    if not isinstance(line, str):
        problems.append((prefix, f"expected a line of text, got {describe(line)}"))
        return NOTHING
    if not line.strip(_WHITESPACE):
        return NOTHING
    try:
        return decoder.decode(line)
    except json.JSONDecodeError as error:
        problem = json_error(error, line=False)
        problems.append((prefix, problem + path_hint(line) + document_hint(line)))
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
