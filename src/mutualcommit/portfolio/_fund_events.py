"""A portfolio's fund logs: one JSON Lines stream, grouped per agreement."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from mutualcommit.errors import FormatError, InvalidFundEventsError
from mutualcommit.model import FundEvent
from mutualcommit.model._funds import fund_log_problems
from mutualcommit.serialize._fund_events import (
    at_line,
    decoded_line,
    event_from,
    fund_event_decoder,
    fund_event_line,
    unwritable_fund_event,
)
from mutualcommit.serialize._observations import NOTHING

from ._observations import AGREEMENT_KEY, FundEventSource, read_stream, write_stream

__all__ = [
    "dump_portfolio_fund_events",
    "load_portfolio_fund_events",
    "read_portfolio_fund_events",
]


def load_portfolio_fund_events(
    lines: str | bytes | bytearray | Iterable[str | bytes],
) -> dict[str, tuple[FundEvent, ...]]:
    """Read a portfolio's fund logs from JSON Lines and group them by agreement.

    Each line is a line of the fund log with one more key, ``"agreement"``:
    the id of the agreement whose fund it records::

        {"agreement": "acme-globex-2026", "fund": "acme-mdf-budget", "event": "grant", "at": "2026-06-01", "ref": "G-1", "amount": "10000"}

    The rest of each line is read as `~mutualcommit.load_fund_events` reads
    a line, and each agreement's log is then checked as a whole, as that
    function checks one log (a claim for a request that is not in it,
    payments above the claim, ...).

    Args:
        lines: The whole text (bytes are read as UTF-8), or its lines as
            text or bytes (an open file will do, in text or binary mode).
            Blank lines are skipped, and so is a
            byte order mark first in the text, as some editors save one.

    Returns:
        Agreement id → its fund events in input order; the ids in the order
        they first appear. The result suits the ``fund_events`` of the
        portfolio functions as it is.

    Raises:
        FormatError: When any line is not a portfolio fund event, or an
            agreement's log does not hold together; ``problems`` hold every
            one, each path starting ``line N`` (1-based): ``("line 3:
            $.agreement", "expected an agreement id, got nothing
            (required)")``.
        TypeError: When *lines* is neither text nor an iterable of
            lines: a path, a mapping, None or anything else.
    """
    return read_portfolio_fund_events(lines)[0]


def read_portfolio_fund_events(
    lines: str | bytes | bytearray | Iterable[str | bytes],
) -> tuple[dict[str, tuple[FundEvent, ...]], dict[str, tuple[int, ...]]]:
    """`load_portfolio_fund_events`, and the line of each agreement's events."""
    decoder = fund_event_decoder()

    def decode(line: object, prefix: str, found: list[tuple[str, str]]) -> Any:
        value = decoded_line(decoder, line, prefix, found)
        return NOTHING if value is None else value

    problems: list[tuple[str, str]] = []
    grouped = read_stream(
        lines, decode, functools.partial(event_from, also=(AGREEMENT_KEY,)), problems
    )
    if not problems:
        for numbered in grouped.values():
            line = _line_of(numbered)
            problems.extend(
                (at_line(line(index), field), message)
                for index, field, message in fund_log_problems(
                    [e for _, e in numbered], name=line
                )
            )
        problems.sort(key=lambda problem: _line_number(problem[0]))
    if problems:
        raise FormatError(problems, of="fund log")
    return (
        {
            owner: tuple(event for _, event in numbered)
            for owner, numbered in grouped.items()
        },
        {owner: tuple(n for n, _ in numbered) for owner, numbered in grouped.items()},
    )


def _line_of(numbered: list[tuple[int, FundEvent]]) -> Callable[[int], str]:
    """Return what names the record at an index of *numbered* (``line 7``)."""
    return lambda index: f"line {numbered[index][0]}"


def _line_number(path: str) -> int:
    return int(path.removeprefix("line ").partition(":")[0])


def dump_portfolio_fund_events(fund_events: FundEventSource) -> str:
    """Write a portfolio's fund logs as JSON Lines, each line naming its agreement.

    Each line is the line `~mutualcommit.dump_fund_events` writes with one
    more key first, ``"agreement"``. A mapping is written agreement by
    agreement, in its order, each log in its order; ``(agreement_id,
    fund_event)`` pairs in the order given. `load_portfolio_fund_events`
    reads the text back to each agreement's events, in order (when each
    agreement's log holds together, which, as for `dump_fund_events`, is
    left to the reader). An agreement with an empty log writes no line.

    Args:
        fund_events: What the portfolio functions take: a mapping from
            agreement id to that agreement's fund events, or
            ``(agreement_id, fund_event)`` pairs.

    Returns:
        The text, every line ended with a newline.

    Raises:
        InvalidFundEventsError: When an agreement id is not an id, or an
            item is not a `FundEvent` or not a record on its own: every
            problem is listed, with its path (``["acme"][3]``, an
            agreement's log and position, in a mapping; ``[7]`` among
            pairs), and nothing is written.
        TypeError: When *fund_events*, or an agreement's log in a mapping,
            is text, a path or not iterable, or an item among pairs is not
            an ``(agreement_id, fund_event)`` pair.
    """
    return write_stream(
        fund_events,
        unwritable_fund_event,
        fund_event_line,
        name="fund_events",
        record="fund_event",
        type_name="FundEvent",
        error=InvalidFundEventsError,
    )
