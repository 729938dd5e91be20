"""The checks every public function runs on its agreement, its day and its logs.

A function takes an `Agreement` (never its JSON document or text); one that
evaluates as of a day takes a `datetime.date` (never a `datetime.datetime`,
whose time of day the evaluation would drop, never text); one that reads a
log takes an iterable of records. These say what was passed instead, in one
sentence, as an `~mutualcommit.errors.ArgumentError` naming the argument
(a `TypeError` too for a value of the wrong type).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from mutualcommit.errors import ArgumentError, also_type_error

from ._agreement import Agreement
from ._coerce import day_hint
from ._enums import with_article
from ._frozen import (
    EMPTY,
    NFC_COLLISION,
    FrozenDict,
    frozen_selection,
    nfc,
    nfc_colliding_keys,
)
from ._selection import selection_problems, sound_selection
from ._shown import without_address

__all__ = [
    "as_agreement",
    "as_choice",
    "as_day",
    "as_instance",
    "as_log",
    "as_observations",
    "as_selection",
    "shown",
]

_T = TypeVar("_T")

#: How much of an argument's repr a message quotes.
_QUOTED = 100


def as_agreement(name: str, value: object) -> Agreement:
    """Return *value* when it is an `Agreement`.

    Raises:
        ArgumentError: A `TypeError` too, naming *name*, what was passed
            and, for a document or its text, the function that reads it.
    """
    if isinstance(value, Agreement):
        return value
    msg = f"{name} is an Agreement, got {type(value).__name__}"
    if isinstance(value, Mapping):
        msg += ": build it from its JSON document with from_dict"
    elif isinstance(value, str | bytes | bytearray | os.PathLike):
        msg += f" {_quoted(value)}: read the document's text with loads"
    else:
        msg = f"{name} is an Agreement, got {shown(value)}"
    raise also_type_error(ArgumentError)(msg, name)


def as_instance(name: str, value: object, cls: type[_T]) -> _T:
    """Return *value* when it is an instance of *cls*.

    What a function checks of an argument that is one of the library's
    results or settings (a `Scorecard`, a `Report`, a `Policy`, ...) before
    it reads the argument's fields.

    Raises:
        ArgumentError: A `TypeError` too, naming *name*, the class expected
            and what was passed.
    """
    if isinstance(value, cls):
        return value
    msg = f"{name} is {with_article(cls.__name__)}, got {shown(value)}"
    raise also_type_error(ArgumentError)(msg, name)


def as_choice(name: str, value: object, choices: Iterable[str]) -> str:
    """Return *value* when it is one of *choices* (a table's or a format's name).

    Raises:
        ArgumentError: Naming *name*, the choices and what was passed.
    """
    allowed = tuple(choices)
    if isinstance(value, str) and value in allowed:
        return value
    msg = f"{name} must be one of {', '.join(allowed)}, got {_quoted(value)}"
    raise ArgumentError(msg, name)


def as_day(name: str, value: object) -> dt.date:
    """Return *value* when it is a date (not a datetime).

    Raises:
        ArgumentError: A `TypeError` too, naming *name* and what was
            passed, and for a datetime, a string or a numpy datetime64 how
            to make it a date.
    """
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        msg = f"{name} is a datetime.date, got {shown(value)}{day_hint(value)}"
        raise also_type_error(ArgumentError)(msg, name)
    return value


def as_log(
    name: str, value: object, *, record: str, reader: str | None = None
) -> list[Any] | tuple[Any, ...]:
    """Return the log *value* as a list or tuple of its items.

    A list or a tuple is returned as it is; any other iterable is read
    whole, once. Whether each item is a valid *record* is the caller's
    check (it lists every bad item with its position).

    Args:
        name: The argument's name, for the message.
        value: What the caller passed.
        record: The records' type name (``"Observation"``).
        reader: The function that reads the log's JSON Lines text, if
            any, for the message.

    Raises:
        ArgumentError: A `TypeError` too, naming *name*, when *value* is
            text, bytes or a file's path (which a loop would read character
            by character), a mapping (whose keys a loop would read), or not
            iterable at all.
    """
    if isinstance(value, list | tuple):
        return value
    expected = f"{name} is an iterable of {record} records"
    if isinstance(value, str | bytes | bytearray | os.PathLike):
        msg = f"{expected}, got {shown(value)}"
        if reader is not None:
            msg += f": read a JSON Lines file's text with {reader} first"
        raise also_type_error(ArgumentError)(msg, name)
    if isinstance(value, Mapping):
        msg = f"{expected}, got a mapping ({type(value).__name__}), whose keys a loop reads"
        raise also_type_error(ArgumentError)(msg, name)
    try:
        items = iter(value)  # type: ignore[call-overload]
    except TypeError:
        msg = f"{expected}, got {shown(value)}"
        raise also_type_error(ArgumentError)(msg, name) from None
    return list(items)


def as_observations(value: object) -> list[Any] | tuple[Any, ...]:
    """Return `as_log` of the observations argument *value*.

    What every function that reads the KPI observations passes it: the
    argument's name, the `Observation` record and `load_observations`.
    """
    return as_log(
        "observations", value, record="Observation", reader="load_observations"
    )


def as_fund_events(value: object) -> list[Any] | tuple[Any, ...]:
    """Return `as_log` of the ``fund_events`` argument *value*.

    What every function that takes the fund log as ``fund_events`` passes
    it: the argument's name, the `FundEvent` record and `load_fund_events`.
    """
    return as_log("fund_events", value, record="FundEvent", reader="load_fund_events")


def as_selection(name: str, value: object) -> FrozenDict[str, str]:
    """Return *value*, a selection a caller passes, as a target holds its ``where``.

    None is no selection. A mapping of text to text is held in Unicode NFC,
    as a record's ``dims`` are, so that it selects the records a target's
    ``where`` of the same text selects however its text was composed.

    Raises:
        ArgumentError: Naming *name*: a `TypeError` too when *value* is not
            a mapping of text to text, saying what was passed; a
            `ValueError` alone when no record can hold its pairs, naming
            every problem: two of its keys are one text in Unicode NFC (a
            record holds one of them), a key is blank or a key or a value
            holds a lone surrogate (a record's ``dims`` hold neither), as a
            target's ``where`` is refused.
    """
    if value is None:
        return EMPTY
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not (isinstance(key, str) and isinstance(item, str)):
                break
        else:
            if not sound_selection(value):
                _refuse_selection(name, value)
            return frozen_selection(value)
    msg = (
        f"{name} is a mapping of dimension names to values, each a str, "
        f"got {shown(value)}"
    )
    raise also_type_error(ArgumentError)(msg, name)


def _refuse_selection(name: str, value: Mapping[str, str]) -> None:
    """Raise `ArgumentError` naming what of selection *value* no record can hold.

    Every problem, as a target's ``where`` is told them; nothing when
    there is none.
    """
    said: list[str] = []
    twice = nfc_colliding_keys(value)
    if twice:
        said.append(
            f"{name} names the dimension {nfc(twice[0])!r} twice, spelt "
            "two ways that are one text in Unicode NFC: a record holds it once"
        )
    others = [
        f"{path}: {problem}"
        for path, problem in selection_problems(name, value)
        if problem != NFC_COLLISION
    ]
    if others:
        said.append(f"{name} selects no record a log can hold: {'; '.join(others)}")
    if said:
        raise ArgumentError("; ".join(said), name)


def shown(value: object) -> str:
    """Name what a caller passed, in a message: its type, then its repr cut short.

    A value whose repr is the default one (``<... object at 0x7f...>``) is
    named by its type alone: the repr would only add where it sat in memory.
    """
    if type(value).__repr__ is object.__repr__:
        return type(value).__name__
    return f"{type(value).__name__} {_quoted(value)}"


def _quoted(value: object) -> str:
    if isinstance(value, str | bytes | bytearray) and len(value) > _QUOTED:
        value = value[:_QUOTED]  # a log's whole text is not copied to be cut
    text = without_address(repr(value))
    return text if len(text) <= _QUOTED else text[: _QUOTED - 1] + "…"
