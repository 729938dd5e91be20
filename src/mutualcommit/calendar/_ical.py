"""The review schedule as an RFC 5545 iCalendar file, written by hand.

Only the few properties a review event needs are written, so the library
does without an iCalendar package at run time.
"""

from __future__ import annotations

import datetime as dt
import re

from mutualcommit.errors import ArgumentError, MutualCommitError, also_type_error
from mutualcommit.model import Agreement
from mutualcommit.model._arguments import as_agreement, shown

from ._reviews import agreement_review_dates

__all__ = ["PRODID", "NoReviewsError", "to_ical"]

#: The product identifier every calendar carries (RFC 5545 §3.7.3).
PRODID = "-//mutualcommit//mutualcommit//EN"

#: RFC 5545 §3.1: lines of at most 75 octets, excluding the line break.
_LINE_OCTETS = 75
_CRLF = "\r\n"
#: Control characters TEXT may not hold (RFC 5545 §3.3.11: only HTAB): C0,
#: DEL and C1 (U+0085 is a line break to some readers, U+009B a terminal's
#: CSI); and lone surrogates, which have no UTF-8 form.
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


class NoReviewsError(MutualCommitError, ValueError):
    """An agreement has no review in its term, so it has no calendar to write.

    RFC 5545 wants a calendar to hold at least one event.

    Attributes:
        agreement: The agreement's id.
        reason: Why: it has no ``review_rule``, or its rule names no day of
            the term.
    """

    def __init__(self, agreement: str, reason: str) -> None:
        self.agreement = agreement
        self.reason = reason
        super().__init__(agreement, reason)

    def __str__(self) -> str:
        return (
            f"agreement {self.agreement} has no review in its term: {self.reason}, "
            "and an iCalendar file holds at least one event"
        )


def to_ical(agreement: Agreement, *, dtstamp: dt.datetime | None = None) -> str:
    """Write an agreement's review schedule as an iCalendar (RFC 5545) file.

    One all-day VEVENT per scheduled review day inside the term (see
    `agreement_review_dates`), with a UID made of the agreement's id and the
    day only, so that a calendar that imports the file again updates the
    same events instead of adding new ones.

    RFC 5545 requires a DTSTAMP on every event: when the file was made.
    The library never reads the clock, so without *dtstamp* it writes the
    term's start at midnight UTC, which makes the output a function of the
    agreement alone. Pass the current time to record when it was exported.

    Args:
        agreement: The agreement.
        dtstamp: A timezone-aware moment to write as every event's DTSTAMP.

    Returns:
        The calendar text — CRLF line breaks, long lines folded at 75 octets.
        Encode it as UTF-8.

    Raises:
        NoReviewsError: When no review falls in the term (no
            ``review_rule``, or one that names no day of it): a calendar
            file holds at least one event, so there is no file to write.
            It is a `ValueError` and a `MutualCommitError`.
        ArgumentError: Naming the argument: when *dtstamp* is naive, or
            falls outside years 1 to 9999 in UTC; a `TypeError` too when
            *agreement* is not an `Agreement` (its JSON document, say), or
            *dtstamp* not a `datetime.datetime`.
    """
    agreement = as_agreement("agreement", agreement)
    stamp = _stamp(agreement.start, dtstamp)
    days = agreement_review_dates(agreement)
    if not days:
        term = f"{agreement.start.isoformat()} to {agreement.end.isoformat()}"
        why = (
            f"it has no review_rule ({term})"
            if agreement.review_rule is None
            else f"its review_rule {agreement.review_rule!r} names no day of {term}"
        )
        raise NoReviewsError(agreement.id, why)
    parties = ", ".join(f"{party.name} ({party.role})" for party in agreement.parties)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
    ]
    for number, day in enumerate(days, start=1):
        description = (
            f"Review {number} of {len(days)} of the Mutual Commit agreement "
            f"{agreement.title} ({agreement.id}).\n"
            f"Term: {agreement.start.isoformat()} to {agreement.end.isoformat()}."
        )
        if parties:
            description += f"\nParties: {parties}."
        lines.extend(
            (
                "BEGIN:VEVENT",
                f"UID:{_text(f'{agreement.id}-{_date(day)}@mutualcommit')}",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{_date(day)}",
            )
        )
        if day < dt.date.max:
            lines.append(f"DTEND;VALUE=DATE:{_date(day + dt.timedelta(days=1))}")
        lines.extend(
            (
                f"SUMMARY:{_text(f'Review: {agreement.title}')}",
                f"DESCRIPTION:{_text(description)}",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            )
        )
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + _CRLF for line in lines)


def _stamp(start: dt.date, dtstamp: dt.datetime | None) -> str:
    if dtstamp is None:
        moment = dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC)
    elif not isinstance(dtstamp, dt.datetime):
        msg = f"dtstamp is a timezone-aware datetime.datetime, got {shown(dtstamp)}"
        raise also_type_error(ArgumentError)(msg, "dtstamp")
    elif dtstamp.tzinfo is None or dtstamp.utcoffset() is None:
        msg = f"dtstamp must be timezone-aware, got {dtstamp!r}"
        raise ArgumentError(msg, "dtstamp")
    else:
        try:
            moment = dtstamp.astimezone(dt.UTC)
        except OverflowError:
            msg = f"dtstamp {dtstamp.isoformat()} has no UTC time from year 1 to 9999"
            raise ArgumentError(msg, "dtstamp") from None
    return (
        f"{_date(moment.date())}T{moment.hour:02d}{moment.minute:02d}"
        f"{moment.second:02d}Z"
    )


def _date(day: dt.date) -> str:
    # Not strftime: %Y does not pad years before 1000 on every platform.
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _text(value: str) -> str:
    """Escape *value* as an RFC 5545 TEXT value (§3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _UNWRITABLE.sub(_replacement, value)
    return value.translate(_ESCAPES)


def _replacement(match: re.Match[str]) -> str:
    return "\ufffd" if "\ud800" <= match.group() <= "\udfff" else ""


def _fold(line: str) -> str:
    """Fold *line* into lines of at most 75 UTF-8 octets (RFC 5545 §3.1).

    Continuation lines start with one space, which counts towards their 75
    octets. Lines break between characters, never inside one's UTF-8 bytes.
    """
    if len(line.encode()) <= _LINE_OCTETS:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        octets = len(char.encode())
        if size + octets > _LINE_OCTETS:
            pieces.append("".join(current))
            current = [" "]
            size = 1
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return _CRLF.join(pieces)
