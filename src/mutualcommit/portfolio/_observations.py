"""A portfolio's observations: grouped per agreement."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar, cast, overload

from mutualcommit.errors import (
    ArgumentError,
    FormatError,
    InvalidObservationsError,
    also_type_error,
)
from mutualcommit.model import FundEvent, Observation, is_identifier
from mutualcommit.model._arguments import as_log, shown
from mutualcommit.model._funds import field_path
from mutualcommit.serialize._observations import (
    NOTHING,
    decoded_value,
    observation_decoder,
    observation_from,
    observation_line,
    split_lines,
    unwritable_observation,
)
from mutualcommit.serialize._values import IntegerText, describe, document_in_log

__all__ = [
    "AGREEMENT_KEY",
    "FundEventSource",
    "ObservationSource",
    "by_agreement",
    "dump_portfolio_observations",
    "load_portfolio_observations",
    "read_portfolio_observations",
    "read_stream",
    "write_stream",
]

#: A mapping from agreement id to its observations, or ``(agreement_id,
#: observation)`` pairs.
ObservationSource = (
    Mapping[str, Iterable[Observation]] | Iterable[tuple[str, Observation]]
)


#: A mapping from agreement id to its fund log, or ``(agreement_id,
#: fund_event)`` pairs.
FundEventSource = Mapping[str, Iterable[FundEvent]] | Iterable[tuple[str, FundEvent]]


@overload
def by_agreement(
    source: ObservationSource,
) -> Mapping[str, Iterable[Observation]]: ...
@overload
def by_agreement(
    source: FundEventSource, *, name: str, record: str
) -> Mapping[str, Iterable[FundEvent]]: ...
def by_agreement(
    source: ObservationSource | FundEventSource,
    *,
    name: str = "observations",
    record: str = "observation",
) -> Mapping[str, Iterable[Any]]:
    """Return *source* as a mapping from agreement id to its records.

    A mapping is returned as it is; pairs are read whole and grouped, in
    input order within each agreement.

    Args:
        source: The mapping, or the ``(agreement_id, record)`` pairs.
        name: The argument's name, for the messages (``"fund_events"``).
        record: What a pair holds beside its id (``"fund_event"``).

    Raises:
        TypeError: When *source* is text, a path or not iterable, or an
            item of it is not an ``(agreement_id, record)`` pair.
    """
    if isinstance(source, Mapping):
        return source
    grouped: dict[str, list[Any]] = {}
    for position, agreement, item in agreement_pairs(source, name, record):
        if not isinstance(agreement, str):
            raise _not_a_pair(position, (agreement, item), name, record)
        grouped.setdefault(agreement, []).append(item)
    return grouped


# -- JSON Lines with an "agreement" key ------------------------------------------

#: The key a portfolio stream's line names its agreement by.
AGREEMENT_KEY = "agreement"
_R = TypeVar("_R")


def load_portfolio_observations(
    lines: str | bytes | bytearray | Iterable[str | bytes],
) -> dict[str, tuple[Observation, ...]]:
    """Read a portfolio's observations from JSON Lines and group them by agreement.

    Each line is an observation line of the format with one more key,
    ``"agreement"``: the id of the agreement it belongs to::

        {"agreement": "acme-globex-2026", "metric": "cosell-opps", "at": "2026-03-02", "value": "1"}

    The rest of each line is read by `~mutualcommit.load_observations`, so
    it accepts and refuses exactly what that does.

    Args:
        lines: The whole text (bytes are read as UTF-8), or its lines as
            text or bytes (an open file will do, in text or binary mode).
            Blank lines are skipped, and so is a
            byte order mark first in the text, as some editors save one.

    Returns:
        Agreement id → its observations in input order; the ids in the
        order they first appear. The result suits `check_many` and
        `evaluate_many` as it is.

    Raises:
        FormatError: When any line is not a portfolio observation;
            ``problems`` hold every bad line, each path starting ``line N``
            (1-based): ``("line 3: $.agreement", "expected an agreement id,
            got nothing (required)")``.
        TypeError: When *lines* is neither text nor an iterable of
            lines: a path, a mapping, None or anything else.
    """
    return read_portfolio_observations(lines)[0]


def read_portfolio_observations(
    lines: str | bytes | bytearray | Iterable[str | bytes],
) -> tuple[dict[str, tuple[Observation, ...]], dict[str, tuple[int, ...]]]:
    """`load_portfolio_observations`, and the line of each agreement's records.

    The command line names a problem of an agreement's log (``[2]``, its
    third record) by its line in the stream.
    """
    problems: list[tuple[str, str]] = []
    grouped = read_stream(
        lines,
        functools.partial(decoded_value, observation_decoder()),
        functools.partial(observation_from, also=(AGREEMENT_KEY,)),
        problems,
    )
    if problems:
        raise FormatError(problems, of="observations")
    return (
        {
            owner: tuple(observation for _, observation in numbered)
            for owner, numbered in grouped.items()
        },
        {owner: tuple(n for n, _ in numbered) for owner, numbered in grouped.items()},
    )


def read_stream(
    lines: str | bytes | bytearray | Iterable[str | bytes],
    decode: Callable[[object, str, list[tuple[str, str]]], Any],
    read: Callable[[Any, str, list[tuple[str, str]]], _R | None],
    problems: list[tuple[str, str]],
) -> dict[str, list[tuple[int, _R]]]:
    """Read a portfolio's stream: each line's record under its agreement's id.

    Args:
        lines: The whole text, or its lines.
        decode: ``decode(line, prefix, problems)``: the line's JSON value,
            or `NOTHING` when it holds none (blank, or its problem added).
        read: ``read(value, prefix, problems)``: the record of a line's
            value once its ``agreement`` is taken out, or None (its
            problems added).
        problems: Where every problem goes, each path starting ``line N``.

    Returns:
        Agreement id → its records with their line numbers, in input
        order; the ids in the order they first appear. Lines with a
        problem are left out.
    """
    grouped: dict[str, list[tuple[int, _R]]] = {}
    for number, line in enumerate(split_lines(lines, "lines"), 1):
        prefix = f"line {number}"
        found = decode(line, prefix, problems)
        if found is NOTHING:
            continue
        owner = owned_by(found, prefix, problems)
        record = read(found, prefix, problems)
        if record is not None and owner is not None:
            grouped.setdefault(owner, []).append((number, record))
    return grouped


def owned_by(found: object, prefix: str, problems: list[tuple[str, str]]) -> str | None:
    """Take the ``agreement`` key out of a line's object and return its id.

    None when the line is not an object (the record's reader says so), or
    when the key is missing or is no id: *problems* then says so, at
    ``$.agreement`` after *prefix*, unless the line is a document (an
    agreement given as the stream), which the record's reader names.
    """
    if not isinstance(found, dict):
        return None
    owner = found.pop(AGREEMENT_KEY, _MISSING)
    if owner is _MISSING:
        if document_in_log(found) is not None:
            return None
        problems.append(
            (
                f"{prefix}: $.{AGREEMENT_KEY}",
                "expected an agreement id, got nothing (required)",
            )
        )
        return None
    if (problem := id_problem(owner)) is not None:
        problems.append((f"{prefix}: $.{AGREEMENT_KEY}", problem))
        return None
    return cast("str", owner)


def dump_portfolio_observations(observations: ObservationSource) -> str:
    """Write a portfolio's observations as JSON Lines, each line naming its agreement.

    Each line is the line `~mutualcommit.dump_observations` writes with one
    more key first, ``"agreement"``, the id of the agreement it belongs to::

        {"agreement": "acme-globex-2026", "metric": "cosell-opps", "at": "2026-03-02", "value": "1", "ref": "DR-1001"}

    A mapping is written agreement by agreement, in its order, each log in
    its order; ``(agreement_id, observation)`` pairs in the order given.
    `load_portfolio_observations` reads the text back to each agreement's
    observations, in order. An agreement with an empty log writes no line,
    so it is absent when read back (the portfolio functions check and
    evaluate it with no observations either way).

    Args:
        observations: What the portfolio functions take: a mapping from
            agreement id to that agreement's observations, or
            ``(agreement_id, observation)`` pairs.

    Returns:
        The text, every line ended with a newline.

    Raises:
        InvalidObservationsError: When an agreement id is not an id, or an
            item is not an `Observation` or retracts (value None) without a
            ref: every problem is listed, with its path (``["acme"][3]``,
            an agreement's log and position, in a mapping; ``[7]`` among
            pairs), and nothing is written.
        TypeError: When *observations*, or an agreement's log in a mapping,
            is text, a path or not iterable, or an item among pairs is not
            an ``(agreement_id, observation)`` pair.
    """

    def unwritable(observation: object) -> list[tuple[str, str]]:
        problem = unwritable_observation(observation)
        return [] if problem is None else [("", problem)]

    return write_stream(
        observations,
        unwritable,
        observation_line,
        name="observations",
        record="observation",
        type_name="Observation",
    )


def write_stream(
    source: object,
    unwritable: Callable[[object], list[tuple[str, str]]],
    line: Callable[[Any, str], str],
    *,
    name: str,
    record: str,
    type_name: str,
    error: type[InvalidObservationsError] = InvalidObservationsError,
) -> str:
    """Write a portfolio's stream from a mapping by agreement id or from pairs.

    Args:
        source: The mapping from agreement id to its records, or the
            ``(agreement_id, record)`` pairs.
        unwritable: Why a record cannot be written, each ``(field,
            message)`` (the field empty for the record as a whole); empty
            when it can be.
        line: The line of a writable record, given its agreement's id.
        name: The argument's name, for the messages (``"fund_events"``).
        record: What a pair holds beside its id (``"fund_event"``).
        type_name: The records' type (``"FundEvent"``).
        error: What is raised: an `InvalidObservationsError`, or its
            subclass for the fund logs.

    Raises:
        InvalidObservationsError: *error*, listing every id that is not one and
            every record that cannot be written, with its path; nothing is
            written then.
        TypeError: As `by_agreement`, and when a log of the mapping is
            text, a path or not iterable.
    """
    lines: list[str] = []
    problems: list[tuple[str, str]] = []

    def write(path: str, owner: object, item: object) -> None:
        found = unwritable(item)
        problems.extend((field_path(path, field), message) for field, message in found)
        if not problems:
            lines.append(line(item, cast("str", owner)))

    if isinstance(source, Mapping):
        for owner, log in source.items():
            path = f"[{json.dumps(owner, default=str)}]"
            records = as_log(f"{name}{path}", log, record=type_name)
            if (problem := id_problem(owner)) is not None:
                problems.append((path, problem))
            for index, item in enumerate(records):
                write(f"{path}[{index}]", owner, item)
    else:
        for index, owner, item in agreement_pairs(source, name, record):
            if (problem := id_problem(owner)) is not None:
                problems.append((f"[{index}]", problem))
            write(f"[{index}]", owner, item)
    if problems:
        raise error(problems)
    lines.append("")
    return "\n".join(lines)


def agreement_pairs(
    source: object, name: str = "observations", record: str = "observation"
) -> Iterator[tuple[int, object, object]]:
    """Yield each ``(agreement_id, record)`` pair of *source* with its position.

    Raises:
        ArgumentError: A `TypeError` too, naming *name* (or the item, as
            ``observations[3]``), when *source* is text, a path or not
            iterable, or an item is not a pair.
    """
    if isinstance(source, str | bytes | bytearray | os.PathLike) or not isinstance(
        source, Iterable
    ):
        msg = (
            f"{name} is a mapping from agreement id to {name.replace('_', ' ')}, "
            f"or (agreement_id, {record}) pairs, got {shown(source)}"
        )
        raise also_type_error(ArgumentError)(msg, name)
    for position, pair in enumerate(source):
        if not (isinstance(pair, tuple) and len(pair) == 2):  # noqa: PLR2004 - a pair
            raise _not_a_pair(position, pair, name, record)
        yield position, pair[0], pair[1]


def _not_a_pair(
    position: int, pair: object, name: str = "observations", record: str = "observation"
) -> ArgumentError:
    return also_type_error(ArgumentError)(
        f"{name}[{position}]: expected an (agreement_id, {record}) pair, got {pair!r}",
        f"{name}[{position}]",
    )


def id_problem(owner: object) -> str | None:
    """Say why *owner* is no agreement id, or None when it is one."""
    if isinstance(owner, str) and is_identifier(owner):
        return None
    if isinstance(owner, IntegerText):  # -0, or an integer too long to convert
        return f"expected an agreement id, got {describe(owner)}"
    return f"expected an agreement id, got {json.dumps(owner, default=str)}"


_MISSING: Any = object()
