"""Fund events as JSON Lines: one object per line, a log like the observations'.

``{"fund": "acme-mdf", "event": "claim", "at": "2026-05-20", "ref": "C-1",
"request": "R-1", "amount": "4000", "proof": ["INV-77"]}``: ``fund``,
``event``, ``at``, ``ref`` and ``amount`` are required, ``"amount": null``
retracts the earlier record with the same fund and ref. A fund log is short
(tens of records a quarter), so every line is read the careful way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from mutualcommit.errors import (
    ArgumentError,
    FormatError,
    InvalidFundEventsError,
    also_type_error,
)
from mutualcommit.model import FundEvent, FundEventKind, decimal_problem
from mutualcommit.model._arguments import as_log
from mutualcommit.model._funds import (
    BLANK_REQUEST,
    EMPTY_REF,
    FieldProblem,
    field_path,
    fund_event_problems,
    fund_log_problems,
)
from mutualcommit.model._unicode import has_lone_surrogate

from ._observations import bad_bytes, not_a_line, split_lines
from ._shape import PATTERNS
from ._values import (
    InvalidValueError,
    Problem,
    choice_reader,
    date,
    decimal,
    describe,
    document_in_log,
    json_path,
    line_error,
    object_pairs,
    one_line,
    parse_constant,
    parse_float,
    parse_int,
    text,
    unknown_key_problems,
    without_newline,
)

__all__ = [
    "dump_fund_events",
    "fund_event_from_dict",
    "fund_event_to_dict",
    "load_fund_events",
]

_REQUIRED = ("fund", "event", "at", "ref", "amount")
_WHITESPACE = " \t\r\n"
_encode = json.JSONEncoder(ensure_ascii=False).encode


_is_identifier = re.compile(PATTERNS["identifier"]).fullmatch


def _fund_id(value: object, _: object = None) -> str:
    if isinstance(value, str) and _is_identifier(value):
        return value
    msg = f"expected a fund id, got {describe(value)}"
    raise InvalidValueError(msg)


def _amount(value: object, _: object = None) -> Decimal | None:
    if value is None:
        return None
    result = decimal(value)
    problem = decimal_problem(result)
    if problem is not None:
        raise InvalidValueError(problem)
    return result


def _ref(value: object, _: object = None) -> str:
    ref = text(value)
    if not ref.strip():
        msg = f"expected a ref, got {describe(value)}: {EMPTY_REF}"
        raise InvalidValueError(msg)
    return ref


def _request(value: object, _: object = None) -> str | None:
    # The ref of a request: refused blank, as a ref is (the model refuses a
    # record built so in code, in Python's words).
    if value is None:
        return None
    request = text(value)
    if not request.strip():
        msg = f"expected a ref, got {describe(value)}: {BLANK_REQUEST}"
        raise InvalidValueError(msg)
    return request


_read_kind = choice_reader(FundEventKind)


def _kind(value: object) -> FundEventKind:
    kind: FundEventKind = _read_kind(value, None)
    return kind


def _optional(read: Callable[[object, object], Any]) -> Callable[[object], Any]:
    def read_optional(value: object, _: object = None) -> Any:
        return None if value is None else read(value, None)

    return read_optional


def _proof(value: object, _: object = None) -> tuple[str, ...]:
    if not isinstance(value, list):
        msg = f"expected an array of strings, got {describe(value)}"
        raise InvalidValueError(msg)
    return tuple(text(item) for item in value)


#: What each required key holds, as a record without it is told.
_EXPECTED = {
    "fund": "a fund id",
    "event": "one of " + ", ".join(json.dumps(kind.value) for kind in FundEventKind),
    "at": "a date YYYY-MM-DD",
    "ref": "a ref",
    "amount": "a decimal string, a number or null",
}

#: Every key, in the order it is written, with its reader.
_READERS: Mapping[str, Callable[[object], Any]] = {
    "fund": _fund_id,
    "event": _kind,
    "at": date,
    "ref": _ref,
    "amount": _amount,
    "request": _request,
    "activity": text,
    "start": _optional(date),
    "end": _optional(date),
    "cost": _optional(_amount),
    "incurred": _optional(date),
    "proof": _proof,
    "reason": text,
}


def load_fund_events(
    text_or_lines: str | bytes | bytearray | Iterable[str | bytes],
) -> tuple[FundEvent, ...]:
    """Read a fund log from JSON Lines and check it as a whole.

    Args:
        text_or_lines: The whole text (bytes are read as UTF-8), or its lines
            as text or bytes (an open file will do, in text or binary mode).
            Blank lines are skipped, and so is a
            byte order mark first in the text, as some editors save one.

    Returns:
        The events, in input order, corrections and retractions included
        (the ledger resolves them).

    Raises:
        FormatError: When any line is not a fund event, or the log does not
            hold together (a claim for a request that is not in it, payments
            above the claim, a negative amount, ...); ``problems`` hold every
            one, each path starting ``line N`` (1-based). Compressed bytes
            (gzip, say), and bytes of UTF-16 or UTF-32 text, are one
            problem at ``line 1``, saying what to do.
        TypeError: When *text_or_lines* is neither text nor an iterable
            of lines: a path, a mapping (one record's JSON form, say, whose
            keys a loop would read as lines), None or anything else.
    """
    events, lines, problems, related = readable_fund_events(text_or_lines)
    if problems and related is None:
        raise FormatError(problems, of="fund log")
    log_problems = [
        (at_line(f"line {lines[index]}", field), message)
        for index, field, message in fund_log_problems(
            events, name=lambda index: f"line {lines[index]}"
        )
        # What may depend on an unreadable line is not judged without it.
        if related is None or not related(events[index])
    ]
    if problems or log_problems:
        raise FormatError(_by_line([*problems, *log_problems]), of="fund log")
    return tuple(events)


def readable_fund_events(
    text_or_lines: str | bytes | bytearray | Iterable[str | bytes],
) -> tuple[
    list[FundEvent],
    list[int],
    list[Problem],
    Callable[[FundEvent], bool] | None,
]:
    """Read the lines of a fund log that are fund events, and say what the others hide.

    Returns:
        The events of the readable lines, the line of each, the problems of
        the other lines, and a test of whether an event may be judged
        differently once the unreadable lines read: it shares a fund and a
        ref or request with one of them. The test is None when some
        unreadable line has no fund to tell (not an object, or its fund not
        text): then nothing of the log as a whole can be judged.
    """
    decoder = fund_event_decoder()
    problems: list[Problem] = []
    events: list[FundEvent] = []
    lines: list[int] = []
    hidden: set[tuple[str, object]] = set()
    blind = False
    lines_read = split_lines(text_or_lines, record="fund_event_from_dict")
    for number, line in enumerate(lines_read, 1):
        before = len(problems)
        found = decoded_line(decoder, line, f"line {number}", problems)
        event = None if found is None else event_from(found, f"line {number}", problems)
        if event is not None:
            events.append(event)
            lines.append(number)
        elif len(problems) > before:
            fund = None if found is None else found.get("fund")
            if found is None or not isinstance(fund, str):
                blind = True
                continue
            keys = [found.get(key) for key in ("ref", "request")]
            keys = [key for key in keys if isinstance(key, str)]
            # No ref nor request to tell: any record of the fund may depend on it.
            hidden.update((fund, key) for key in keys or [_ANY])

    def related(event: FundEvent) -> bool:
        return (event.fund, _ANY) in hidden or any(
            (event.fund, key) in hidden for key in (event.ref, event.request)
        )

    return events, lines, problems, None if blind else related


#: Stands for every ref and request of a fund.
_ANY = object()


def _by_line(problems: list[Problem]) -> list[Problem]:
    """Return *problems* in the order of their lines (a stable sort)."""

    def line(problem: Problem) -> int:
        match = _LINE.match(problem[0])
        return int(match.group(1)) if match else 0

    return sorted(problems, key=line)


_LINE = re.compile(r"line (\d+)")


def at_line(line: str, field: str) -> str:
    """Return the path of a record's *field* in the *line* it was read from.

    ``line 3`` and ``amount`` make ``line 3: $.amount``, as a reader names a
    field it refuses; an empty *field* (a problem of the record in the log)
    leaves the line alone.
    """
    return f"{line}: {json_path(field)}" if field else line


def unwritable_fund_event(event: object) -> list[FieldProblem]:
    """Say why *event* cannot be a line of the log, each ``(field, message)``; empty when it can."""
    problems = fund_event_problems(event)
    fund = event.fund if isinstance(event, FundEvent) else None
    if (
        isinstance(fund, str)
        and not _is_identifier(fund)
        and not has_lone_surrogate(fund)  # named as such already
    ):
        # The reader takes a fund's id alone; a record need not (it is no
        # fund of the agreement's then).
        problems.append(("fund", f"expected an identifier, got {fund!r}"))
    return problems


def fund_event_decoder() -> json.JSONDecoder:
    """Return the decoder of a fund log's lines: exact decimals, keys named twice marked."""
    return json.JSONDecoder(
        parse_float=parse_float,
        parse_int=parse_int,
        parse_constant=parse_constant,
        object_pairs_hook=object_pairs,
    )


def decoded_line(
    decoder: json.JSONDecoder, line: object, prefix: str, problems: list[Problem]
) -> dict[str, Any] | None:
    """Return the JSON object of one line, or None when it is blank or not one.

    What is wrong with a line that is not an object is added to *problems*,
    each path starting with *prefix* (``line 3``).
    """
    if isinstance(line, bytes):
        problems.append((prefix, bad_bytes(line)))
        return None
    if not isinstance(line, str):
        problems.append((prefix, not_a_line(line, "fund_event_from_dict")))
        return None
    if not line.strip(_WHITESPACE):
        return None
    try:
        found = decoder.decode(without_newline(line))
    except json.JSONDecodeError as error:
        problems.append((prefix, line_error(error, line)))
        return None
    except (ValueError, RecursionError) as error:
        problems.append((prefix, f"invalid JSON: {error}"))
        return None
    if not isinstance(found, dict):
        problems.append(
            (
                f"{prefix}: $",
                f"expected an object (a fund event), got {describe(found)}",
            )
        )
        return None
    return found


def event_from(
    found: Mapping[str, Any],
    prefix: str,
    problems: list[Problem],
    also: tuple[str, ...] = (),
) -> FundEvent | None:
    """Return the fund event of one line's object, or None when it is not one.

    Every problem is added to *problems*, its path starting with *prefix*
    (``line 3: $.amount``), or its JSON path alone when *prefix* is empty.
    *also* are keys the line may hold besides a fund event's, taken out
    before (a portfolio stream's ``agreement``), named with the others when
    a key is unknown.
    """

    def where(path: str) -> str:
        return f"{prefix}: {path}" if prefix else path

    if "fund" not in found and "metric" in found and "value" in found:
        # An observation among the fund log's lines: one problem, not one
        # per key of the other kind.
        problems.append(
            (
                where("$"),
                (
                    "expected a fund event (fund, event, at, ref, amount), got an "
                    "observation (metric, at, value): it belongs in the observations"
                ),
            )
        )
        return None
    if "fund" not in found and (document := document_in_log(found)) is not None:
        # An agreement given as the log: one problem a line, not one per key.
        problems.append(
            (
                where("$"),
                (
                    "expected a fund event (fund, event, at, ref, amount), got "
                    f"{document}: it is no line of the fund log (was another "
                    "file given for the log?)"
                ),
            )
        )
        return None
    local: list[Problem] = unknown_key_problems(found, _READERS, also)
    local.extend(
        (key, f"expected {_EXPECTED[key]}, got nothing (required)")
        for key in _REQUIRED
        if key not in found
    )
    values: dict[str, Any] = {}
    for key, read in _READERS.items():
        if key in found:
            try:
                values[key] = read(found[key])
            except InvalidValueError as error:
                local.append((key, str(error)))
    problems.extend((where(json_path(path)), message) for path, message in local)
    if local:
        return None
    return FundEvent(**values)


def fund_event_to_dict(event: FundEvent) -> dict[str, Any]:
    """Return one fund event as a JSON-ready dict: one line of the fund log format.

    Keys come in the order ``fund``, ``event``, ``at``, ``ref``,
    ``amount``, then what the record gives (``request``, ``activity``,
    ``start``, ``end``, ``cost``, ``incurred``, ``proof``, ``reason``);
    empty and None optional fields are left out. Amounts are decimal
    strings as written (``"12000.00"``), days ISO text. For a host that
    keeps its fund log in a table of its own; `fund_event_from_dict` reads
    it back.

    Raises:
        ArgumentError: A `TypeError` too, when *event* is not a
            `FundEvent`.
        InvalidFundEventsError: When it is not a record on its own (a
            field of the wrong type, text with a lone surrogate, a fund
            that is not an id, a negative amount, a step of a request that
            names none), which `fund_event_from_dict` would not read back;
            every problem is listed.
    """
    if not isinstance(event, FundEvent):
        msg = f"expected a FundEvent, got {type(event).__name__}"
        if isinstance(event, Mapping):
            msg += " (fund_event_from_dict reads a record's JSON form)"
        raise also_type_error(ArgumentError)(msg, "event")
    problems = unwritable_fund_event(event)
    if problems:
        raise InvalidFundEventsError(problems)
    return _record(event)


def fund_event_from_dict(data: object) -> FundEvent:
    """Read one fund event from a dict of the fund log format.

    The same rules as a line of `load_fund_events` on its own: ``fund``,
    ``event``, ``at`` (``YYYY-MM-DD`` text), ``ref`` and ``amount`` (a
    decimal string, a number, or None to retract) are required, the other
    keys optional, and no other key is read. Whether a log of such records
    holds together (a claim for a request that is not in it, say) is for
    `fund_ledger` or `load_fund_events` to tell, as they read the whole log.

    Raises:
        FormatError: Listing every problem with its JSON path
            (``$.amount``).
    """
    if not isinstance(data, Mapping):
        raise FormatError(
            [("$", f"expected an object (a fund event), got {describe(data)}")]
        )
    problems: list[Problem] = []
    event = event_from(data, "", problems)
    if event is not None:
        problems.extend(
            (json_path(field), message)
            for field, message in unwritable_fund_event(event)
        )
    if problems or event is None:
        raise FormatError(problems)
    return event


def dump_fund_events(events: Iterable[FundEvent]) -> str:
    """Write fund events as JSON Lines, one per line, each line ended.

    Keys come in a fixed order (``fund``, ``event``, ``at``, ``ref``,
    ``amount``, then what the record gives); empty and None optional fields
    are left out. `load_fund_events` reads the text back to equal events.

    Each record is checked as the reader checks a line on its own; the log
    as a whole (a payment of a request that is not in it, payments above
    what was approved) is left to `load_fund_events` and `fund_ledger` when
    they read it, so a log they refuse can still be written out to be
    mended.

    Raises:
        InvalidFundEventsError: When an item is not a `FundEvent` or is
            not a record on its own (a field of the wrong type, text with a
            lone surrogate, which UTF-8 cannot carry, a fund that is not an
            id, a negative amount, a step of a request that names none);
            every problem is listed with its item's ``[index]``, and
            nothing is written.
        TypeError: When *events* is text, a path, a mapping or not iterable.
    """
    log = as_log("events", events, record="FundEvent")
    problems = [
        (field_path(f"[{index}]", field), message)
        for index, event in enumerate(log)
        for field, message in unwritable_fund_event(event)
    ]
    if problems:
        raise InvalidFundEventsError(problems)
    lines = []
    for event in log:
        lines.append(fund_event_line(event))
        lines.append("\n")
    return "".join(lines)


def fund_event_line(event: FundEvent, agreement: str | None = None) -> str:
    """Return the line of a writable *event*, without its newline.

    With *agreement*, the line of a portfolio's fund stream: ``"agreement"``
    first, then the event's keys.
    """
    record = _record(event)
    if agreement is not None:
        record = {"agreement": agreement, **record}
    return one_line(_encode(record))


def _record(event: FundEvent) -> dict[str, Any]:
    """Return `fund_event_to_dict` of an event known to be writable."""
    record: dict[str, Any] = {
        "fund": event.fund,
        "event": event.event.value,
        "at": event.at.isoformat(),
        "ref": event.ref,
        "amount": None if event.amount is None else str(event.amount),
    }
    if event.request is not None:
        record["request"] = event.request
    if event.activity:
        record["activity"] = event.activity
    for key in ("start", "end", "incurred"):
        day = getattr(event, key)
        if day is not None:
            record[key] = day.isoformat()
    if event.cost is not None:
        record["cost"] = str(event.cost)
    if event.proof:
        record["proof"] = list(event.proof)
    if event.reason:
        record["reason"] = event.reason
    return record
