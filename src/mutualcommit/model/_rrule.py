"""What a review rule may say: the RRULE parts that matter for days, bounded.

Review dates are days, so a review rule may use only the parts of RFC 5545's
RRULE that choose days. Every part has a bounded list of bounded values, and
the text itself is short, so that expanding a rule over the longest term
(``MAX_TERM_YEARS``) has a cost no accepted rule can exceed.
"""

from __future__ import annotations

import re

from ._shown import did_you_mean

__all__ = [
    "MAX_RULE_LENGTH",
    "MAX_SETPOS",
    "REVIEW_RULE_PARTS",
    "dateutil_text",
    "empty_part_problem",
    "review_rule_parts_problem",
]

#: The longest review rule text accepted, in characters.
MAX_RULE_LENGTH = 256
#: The most BYSETPOS values a review rule may list.
MAX_SETPOS = 12
#: The largest INTERVAL and COUNT: a daily rule over a hundred-year term.
_MAX_REPEAT = 36525

#: The parts a review rule may use, in the order the messages list them.
REVIEW_RULE_PARTS = (
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "WKST",
    "BYMONTH",
    "BYWEEKNO",
    "BYYEARDAY",
    "BYMONTHDAY",
    "BYDAY",
    "BYSETPOS",
)
_ALLOWED = (
    "a review rule may use FREQ (DAILY, WEEKLY, MONTHLY or YEARLY), INTERVAL, "
    "COUNT, UNTIL, WKST, BYMONTH, BYWEEKNO, BYYEARDAY, BYMONTHDAY, BYDAY and "
    "BYSETPOS"
)
_FREQUENCIES = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
#: RFC 5545's frequencies and parts finer than days: refused, never a slip.
_FINER_FREQUENCIES = frozenset({"HOURLY", "MINUTELY", "SECONDLY"})
_FINER_PARTS = frozenset({"BYHOUR", "BYMINUTE", "BYSECOND"})
_WEEKDAYS = frozenset({"MO", "TU", "WE", "TH", "FR", "SA", "SU"})
#: name → (largest magnitude, whether negative values count from the end).
_NUMBER_LISTS = {
    "BYMONTH": (12, False),
    "BYWEEKNO": (53, True),
    "BYYEARDAY": (366, True),
    "BYMONTHDAY": (31, True),
    "BYSETPOS": (366, True),
}
_NUMBER = re.compile(r"[+-]?[0-9]{1,6}")
_DAY = re.compile(r"([+-]?[0-9]{1,2})?([A-Z]{2})")
_UNTIL = re.compile(r"[0-9]{8}(T[0-9]{6}Z?)?")


def dateutil_text(text: str) -> str:
    """Return an RRULE body as python-dateutil is to read it for a review rule.

    A review falls on a day, at no time of day and in no time zone, so an
    ``UNTIL`` in UTC (``20261231T000000Z``, as calendar applications write
    it) is read as the day and time it names, without the ``Z``: the day it
    names is the last a review may fall on. python-dateutil would otherwise
    refuse it beside the rule's DTSTART, a local midnight.
    """
    parts = text.split(";")
    for k, part in enumerate(parts):
        name, equals, value = part.partition("=")
        value = value.strip()
        if equals and name.strip().upper() == "UNTIL" and value[-1:] in ("Z", "z"):
            parts[k] = f"{name}={value[:-1]}"
    return ";".join(parts)


def empty_part_problem(text: str) -> str | None:
    """Say that an RRULE body has an empty part (a ``;`` at its end, or two in a row)."""
    if any(not part.strip() for part in text.split(";")):
        return (
            "expected NAME=VALUE parts separated by single ';', got an empty "
            "part (a ';' at the end, or two in a row)"
        )
    return None


def review_rule_parts_problem(text: str) -> str | None:
    """Say what is wrong with the parts of an RRULE body, or return None.

    *text* is the rule without a leading ``RRULE:``. Only the parts that
    choose days are accepted (`REVIEW_RULE_PARTS`), each once, with values
    in their RFC 5545 ranges and with the frequencies RFC 5545 allows them
    with (BYWEEKNO with YEARLY only, BYYEARDAY not with DAILY, WEEKLY or
    MONTHLY, BYMONTHDAY not with WEEKLY); FREQ is one of DAILY, WEEKLY,
    MONTHLY and YEARLY; INTERVAL and COUNT are 1 to 36525; BYSETPOS lists at most 12
    values; the whole text is at most 256 characters.
    """
    if len(text) > MAX_RULE_LENGTH:
        return f"expected at most {MAX_RULE_LENGTH} characters, got {len(text)}"
    seen: dict[str, str] = {}
    for part in text.split(";"):
        name, equals, value = part.partition("=")
        name = name.strip().upper()
        value = value.strip().upper()
        if not equals or not value:
            return f"expected NAME=VALUE parts, got {part!r}"
        if name not in REVIEW_RULE_PARTS:
            # A part finer than days is RFC 5545's own, not a slip.
            hint = (
                ""
                if name in _FINER_PARTS
                else did_you_mean(name, REVIEW_RULE_PARTS, str)
            )
            return f"{name} is not allowed{hint}: {_ALLOWED}"
        if name in seen:
            return f"{name} is given twice"
        seen[name] = value
        problem = _value_problem(name, value)
        if problem is not None:
            return problem
    if "FREQ" not in seen:
        return f"expected a FREQ; {_ALLOWED}"
    if "COUNT" in seen and "UNTIL" in seen:
        return "expected at most one of COUNT and UNTIL"
    return _frequency_problem(seen) or _ordinals_problem(seen)


#: The most of one weekday a month holds.
_MONTH_WEEKDAYS = 5

#: The parts RFC 5545 (§3.3.10) allows with some frequencies only: part →
#: (the frequencies it may go with, what to write instead).
_FREQUENCY_LIMITS = {
    "BYWEEKNO": (
        frozenset({"YEARLY"}),
        "only with FREQ=YEARLY (a week number counts within a year)",
    ),
    "BYYEARDAY": (
        frozenset({"YEARLY"}),
        "only with FREQ=YEARLY (a day of the year counts within a year)",
    ),
    "BYMONTHDAY": (
        frozenset({"DAILY", "MONTHLY", "YEARLY"}),
        "not with FREQ=WEEKLY (for days of the month, use FREQ=MONTHLY)",
    ),
}


def _frequency_problem(parts: dict[str, str]) -> str | None:
    """Say which part RFC 5545 (§3.3.10) forbids with the rule's FREQ, or None.

    BYWEEKNO goes with YEARLY only; BYYEARDAY not with DAILY, WEEKLY or
    MONTHLY; BYMONTHDAY not with WEEKLY. python-dateutil expands such a
    rule in a way of its own, which another calendar reading the signed
    rule may refuse, or read otherwise.
    """
    freq = parts["FREQ"]
    for name, (frequencies, where) in _FREQUENCY_LIMITS.items():
        if name in parts and freq not in frequencies:
            return f"expected {name} {where}, as RFC 5545 says, got FREQ={freq}"
    return None


def _ordinals_problem(parts: dict[str, str]) -> str | None:
    """Say what is wrong with BYDAY's ordinals given the rule's other parts (RFC 5545 §3.3.10).

    An ordinal counts within the month for FREQ=MONTHLY, and for YEARLY with
    BYMONTH: a month holds at most five of a weekday (python-dateutil
    fails on a larger one). It counts within the year for YEARLY without
    BYMONTH, and has no meaning for DAILY, WEEKLY or YEARLY with BYWEEKNO,
    where the RFC forbids it.
    """
    ordinals = [
        int(match.group(1))
        for item in parts.get("BYDAY", "").split(",")
        if (match := _DAY.fullmatch(item)) is not None and match.group(1) is not None
    ]
    if not ordinals:
        return None
    freq = parts["FREQ"]
    if freq not in {"MONTHLY", "YEARLY"} or (freq == "YEARLY" and "BYWEEKNO" in parts):
        where = "with BYWEEKNO" if freq == "YEARLY" else f"with FREQ={freq}"
        return (
            f"expected BYDAY days without an ordinal {where} (an ordinal counts "
            "within a month or a year), got "
            + ",".join(
                item for item in parts["BYDAY"].split(",") if item[:1] in "+-0123456789"
            )
        )
    if freq == "MONTHLY" or "BYMONTH" in parts:
        largest = max(ordinals, key=abs)
        if abs(largest) > _MONTH_WEEKDAYS:
            return (
                f"expected a BYDAY ordinal of 1 to 5 or -5 to -1 within a month "
                f"(a month holds at most five of a weekday), got {largest:+d}"
            )
    return None


def _value_problem(name: str, value: str) -> str | None:
    if name == "FREQ":
        if value not in _FREQUENCIES:
            return (
                f"expected FREQ=DAILY or coarser (reviews are days): DAILY, "
                f"WEEKLY, MONTHLY or YEARLY, got {value}"
                + (
                    ""
                    if value in _FINER_FREQUENCIES
                    else did_you_mean(value, sorted(_FREQUENCIES), str)
                )
            )
        return None
    if name in ("INTERVAL", "COUNT"):
        if not _NUMBER.fullmatch(value) or not 1 <= int(value) <= _MAX_REPEAT:
            return f"expected a positive {name} of at most {_MAX_REPEAT}, got {value}"
        return None
    if name == "UNTIL":
        if not _UNTIL.fullmatch(value):
            return f"expected UNTIL as YYYYMMDD or YYYYMMDDTHHMMSS[Z], got {value}"
        return None
    if name == "WKST":
        if value not in _WEEKDAYS:
            return (
                f"expected WKST to be one of MO, TU, WE, TH, FR, SA, SU, got {value}"
                + did_you_mean(value, sorted(_WEEKDAYS), str)
            )
        return None
    items = value.split(",")
    if name == "BYDAY":
        for item in items:
            match = _DAY.fullmatch(item)
            if match is None or match.group(2) not in _WEEKDAYS:
                return f"expected BYDAY days such as MO, 1TU or -1FR, got {item!r}"
            if match.group(1) is not None and not 1 <= abs(int(match.group(1))) <= 53:  # noqa: PLR2004
                return f"expected a BYDAY ordinal of 1 to 53 or -53 to -1, got {item}"
        return None
    largest, signed = _NUMBER_LISTS[name]
    for item in items:
        if not _NUMBER.fullmatch(item):
            return f"expected whole numbers in {name}, got {item!r}"
        number = int(item)
        if number == 0 or abs(number) > largest or (number < 0 and not signed):
            span = f"1 to {largest}" + (f" or -{largest} to -1" if signed else "")
            return f"expected {name} values of {span}, got {item}"
    if name == "BYSETPOS" and len(items) > MAX_SETPOS:
        return f"expected at most {MAX_SETPOS} BYSETPOS values, got {len(items)}"
    return None
