"""The shape of the agreement document: one static description, read twice.

The every-error pass walks a document by it and `json_schema` writes it out
as JSON Schema. Each entity's fields are listed in the model's field order
with the kind of JSON value they hold; whether a field is required comes
from the model (a field without a default is).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from mutualcommit.model import (
    MAX_TERM_DAYS,
    MAX_VERSION,
    MAX_WINDOWS,
    PLAIN_UNITS,
    Accrual,
    ActionItem,
    Aggregation,
    Agreement,
    Clause,
    Contribution,
    ContributionKind,
    Direction,
    ExceptionCriterion,
    FiscalCalendar,
    Fund,
    FundExpiry,
    Goal,
    Incentive,
    Metric,
    Party,
    Period,
    Pillar,
    Quantity,
    Remedy,
    ResourceAllocation,
    Review,
    ReviewKind,
    Role,
    Signature,
    Step,
    Target,
    Tier,
)

# The model's bound on a forecast's lag (checked with the measures).
from mutualcommit.model._measure_checks import _MOST_LAG as MOST_LAG

from ._values import (
    DATE_PATTERN,
    DECIMAL_PATTERN,
    choice_reader,
    date,
    decimal,
    integer,
    text,
)

__all__ = [
    "ENUMS",
    "NOT_BLANK",
    "NOT_SPACE",
    "PATTERNS",
    "SHAPES",
    "Array",
    "Entity",
    "Extensions",
    "Kind",
    "Nullable",
    "Scalar",
    "StringMap",
    "expected",
    "is_model_class",
    "noun",
    "required",
]

#: The patterns of the strings the format constrains, by JSON Schema name.
PATTERNS: Mapping[str, str] = {
    "identifier": r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}",
    "currency": r"[A-Z]{3}",
    "unit": "|".join([r"[A-Z]{3}", *sorted(PLAIN_UNITS)]),
    "fingerprint": r"sha256:[0-9a-f]{64}",
    "decimal": DECIMAL_PATTERN,
    "date": DATE_PATTERN,
}

#: The closed vocabularies, written as their values.
ENUMS: tuple[type[enum.Enum], ...] = (
    Role,
    Aggregation,
    Direction,
    Period,
    Pillar,
    ContributionKind,
    FundExpiry,
    ReviewKind,
)


# Plain classes, not attrs ones: this module is imported with the library,
# and making an attrs class costs more than these few need.


class Scalar:
    """A value one reader turns into the model's value.

    Attributes:
        read: The reader (see ``_values``); it raises ``InvalidValueError``.
        schema: Its JSON Schema.
        expected: What a message says is expected: ``"a decimal string"``.
    """

    __slots__ = ("expected", "read", "schema")

    def __init__(
        self,
        read: Callable[[object, object], Any],
        schema: Mapping[str, Any],
        expected: str,
    ) -> None:
        self.read = read
        self.schema = schema
        self.expected = expected


class Entity:
    """An object that becomes one of the model's classes."""

    __slots__ = ("cls",)

    def __init__(self, cls: type) -> None:
        self.cls = cls


class Array:
    """An array that becomes a tuple of *item*."""

    __slots__ = ("item",)

    def __init__(self, item: Kind) -> None:
        self.item = item


class Nullable:
    """*inner* or ``null`` (None)."""

    __slots__ = ("inner",)

    def __init__(self, inner: Kind) -> None:
        self.inner = inner


class StringMap:
    """An object of strings (``where``, ``dims``)."""

    __slots__ = ()


class Extensions:
    """The host application's object: any JSON values."""

    __slots__ = ()


Kind = Scalar | Entity | Array | Nullable | StringMap | Extensions


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _enum(cls: type[enum.Enum]) -> Scalar:
    values = ", ".join(f'"{member.value}"' for member in cls)
    return Scalar(choice_reader(cls), _ref(cls.__name__), f"one of {values}")


TEXT = Scalar(text, {"type": "string"}, "a string")
#: The last code point a two-digit ``\x`` escape spells.
_LATIN_1 = 0xFF


def _class_body(*spans: int | tuple[int, int]) -> str:
    r"""Spell code points (each alone, or a first and last) as the body of a regex class.

    Each dialect a validator may compile the schema's patterns with reads
    it alike: ECMA-262 (with its ``u`` flag and without), RE2 (Go's
    ``regexp``) and Python's ``re``. Up to U+00FF a character is a
    ``\xhh`` escape, which all of them read; above it, the character
    itself (JSON writes it ``\u`` escaped, and a JSON reader hands the
    engine the character), since the escapes differ: ECMA-262 and Python
    write ``\u1680``, which RE2 refuses, and RE2 ``\x{1680}``, which
    ECMA-262 refuses. Every code point is below U+10000: one UTF-16 code
    unit, as ECMA-262 without its ``u`` flag reads a pattern.
    """

    def spelt(code: int) -> str:
        return f"\\x{code:02x}" if code <= _LATIN_1 else chr(code)

    parts = []
    for span in spans:
        first, last = span if isinstance(span, tuple) else (span, span)
        parts.append(spelt(first) if first == last else f"{spelt(first)}-{spelt(last)}")
    return "".join(parts)


#: The white space Python's ``str.strip`` strips (what ``str.isspace`` is
#: true of), as the body of a class: spelt out, since ``\S`` differs
#: between regex engines (ECMA-262 takes U+001F and U+0085 for text, U+FEFF
#: for white space, and RE2 only ASCII for white space).
_SPACE = _class_body(
    (0x09, 0x0D),
    (0x1C, 0x20),
    0x85,
    0xA0,
    0x1680,
    (0x2000, 0x200A),
    0x2028,
    0x2029,
    0x202F,
    0x205F,
    0x3000,
)
#: A character that is not white space as Python's ``str.strip`` reads it:
#: what a log's ``ref`` must hold one of, as the readers check.
NOT_SPACE = f"[^{_SPACE}]"
#: A character that is neither white space nor invisible
#: (`mutualcommit.model._unicode.INVISIBLE`), as the model checks a title,
#: a name or a dimension's name. The invisible characters beyond U+FFFF
#: (the tag characters) are left to the model: a class of them would not
#: compile where a pattern is read as UTF-16 code units (ECMA-262 without
#: its ``u`` flag).
NOT_BLANK = "[^{}{}]".format(
    _SPACE,
    _class_body(
        0xAD,
        0x34F,
        0x61C,
        0x115F,
        0x1160,
        0x17B4,
        0x17B5,
        (0x180B, 0x180F),
        (0x200B, 0x200F),
        (0x202A, 0x202E),
        (0x2060, 0x206F),
        0x3164,
        (0xFE00, 0xFE0F),
        0xFEFF,
        0xFFA0,
        (0xFFF0, 0xFFF8),
    ),
)
NAME = Scalar(text, {"type": "string", "pattern": NOT_BLANK}, "a non-empty string")
ID = Scalar(text, _ref("identifier"), "an identifier")
CURRENCY = Scalar(text, _ref("currency"), "a three-letter currency code")
UNIT = Scalar(text, _ref("unit"), "a currency code or a unit")
FINGERPRINT = Scalar(text, _ref("fingerprint"), "a fingerprint")
DECIMAL = Scalar(decimal, _ref("decimal"), "a decimal string or a number")
DATE = Scalar(date, _ref("date"), "a date YYYY-MM-DD")


def _whole(least: int, most: int, expected: str) -> Scalar:
    """A whole number from *least* to *most*, the model's bounds.

    The model bounds every whole number; the schema says so too, so that a
    validator refuses what `loads` refuses.
    """
    return Scalar(
        integer, {"type": "integer", "minimum": least, "maximum": most}, expected
    )


MONTH = _whole(1, 12, "a month number 1-12")
VERSION = _whole(1, MAX_VERSION, "an integer")
#: A remedy's breached windows: at most as many as an agreement has.
BREACHES = _whole(1, MAX_WINDOWS, "an integer")
#: A number of days: as many as the longest term.
DAYS = _whole(0, MAX_TERM_DAYS, "a whole number of at least 0")
#: How many buckets before its bucket a forecast is made.
LAG = _whole(0, MOST_LAG, "a whole number of at least 0")
NAMING = Scalar(
    choice_reader(("end", "start")), {"enum": ["end", "start"]}, 'one of "end", "start"'
)
IDS = Array(ID)
EXTENSIONS = Extensions()


def _nullable(kind: Kind) -> Nullable:
    return Nullable(kind)


#: Every entity's fields, in the model's order, with the kind of value each holds.
SHAPES: Mapping[type, Mapping[str, Kind]] = {
    Quantity: {"amount": DECIMAL, "unit": UNIT},
    Party: {
        "id": ID,
        "name": NAME,
        "role": _enum(Role),
        "capacity": Array(Entity(Quantity)),
        "extensions": EXTENSIONS,
    },
    Metric: {
        "id": ID,
        "name": NAME,
        "unit": UNIT,
        "aggregation": _enum(Aggregation),
        "reported_by": _nullable(ID),
        "description": TEXT,
        "numerator": _nullable(ID),
        "denominator": _nullable(ID),
        "numerator_where": StringMap(),
        "denominator_where": StringMap(),
        "percentile": _nullable(DECIMAL),
        "orders": _nullable(ID),
        "deliveries": _nullable(ID),
        "grace_days": DAYS,
        "forecast": _nullable(ID),
        "actual": _nullable(ID),
        "lag": LAG,
        "bucket": _nullable(_enum(Period)),
        "extensions": EXTENSIONS,
    },
    Step: {"starting": DATE, "value": DECIMAL},
    Target: {
        "metric": ID,
        "value": DECIMAL,
        "direction": _enum(Direction),
        "per": _enum(Period),
        "baseline": _nullable(DECIMAL),
        "due": _nullable(DATE),
        "steps": Array(Entity(Step)),
        "where": StringMap(),
    },
    Goal: {
        "id": ID,
        "title": NAME,
        "target": _nullable(Entity(Target)),
        "weight": DECIMAL,
        "description": TEXT,
        "extensions": EXTENSIONS,
    },
    Contribution: {
        "id": ID,
        "party": ID,
        "title": NAME,
        "kind": _enum(ContributionKind),
        "pillar": _nullable(_enum(Pillar)),
        "supports": IDS,
        "target": _nullable(Entity(Target)),
        "description": TEXT,
        "extensions": EXTENSIONS,
    },
    ResourceAllocation: {
        "id": ID,
        "party": ID,
        "amount": Entity(Quantity),
        "per": _enum(Period),
        "contribution": _nullable(ID),
        "description": TEXT,
        "extensions": EXTENSIONS,
        "fund": _nullable(Entity(Fund)),
    },
    Clause: {"id": ID, "title": NAME, "text": NAME, "extensions": EXTENSIONS},
    Tier: {
        "threshold": DECIMAL,
        "amount": _nullable(Entity(Quantity)),
        "rate": _nullable(DECIMAL),
        "of": _nullable(ID),
        "status": _nullable(NAME),
    },
    Incentive: {
        "id": ID,
        "title": NAME,
        "payer": ID,
        "beneficiary": ID,
        "goal": _nullable(ID),
        "contribution": _nullable(ID),
        "tiers": Array(Entity(Tier)),
        "cap": _nullable(Entity(Quantity)),
        "description": TEXT,
        "extensions": EXTENSIONS,
    },
    ActionItem: {
        "id": ID,
        "owner": ID,
        "title": NAME,
        "due": _nullable(DATE),
        "goals": IDS,
        "contributions": IDS,
        "done_on": _nullable(DATE),
        "extensions": EXTENSIONS,
        "exceptions": Array(TEXT),
    },
    Review: {
        "id": ID,
        "held_on": DATE,
        "kind": _enum(ReviewKind),
        "attendees": IDS,
        "notes": TEXT,
        "actions": Array(Entity(ActionItem)),
        "extensions": EXTENSIONS,
    },
    Signature: {
        "party": ID,
        "signed_by": NAME,
        "signed_on": DATE,
        "fingerprint": FINGERPRINT,
        "version": _nullable(VERSION),
    },
    FiscalCalendar: {"start_month": MONTH, "naming": NAMING},
    Remedy: {
        "id": ID,
        "title": NAME,
        "payer": ID,
        "beneficiary": ID,
        "goal": _nullable(ID),
        "contribution": _nullable(ID),
        "amount": _nullable(Entity(Quantity)),
        "rate": _nullable(DECIMAL),
        "of": _nullable(ID),
        "grace": DECIMAL,
        "cap": _nullable(Entity(Quantity)),
        "cap_share": _nullable(DECIMAL),
        "cap_base": _nullable(Entity(Quantity)),
        "termination_after": _nullable(BREACHES),
        "description": TEXT,
        "extensions": EXTENSIONS,
    },
    ExceptionCriterion: {
        "id": ID,
        "title": NAME,
        "measure": ID,
        "owner": ID,
        "resolve_within_days": DAYS,
        "lower": _nullable(DECIMAL),
        "upper": _nullable(DECIMAL),
        "per": _enum(Period),
        "where": StringMap(),
        "split": _nullable(NAME),
        "description": TEXT,
        "extensions": EXTENSIONS,
    },
    Accrual: {
        "rate": DECIMAL,
        "of": ID,
        "per": _enum(Period),
        "cap": _nullable(DECIMAL),
    },
    Fund: {
        "accrual": _nullable(Entity(Accrual)),
        "co_funding": _nullable(DECIMAL),
        "claim_days": _nullable(DAYS),
        "expiry": _enum(FundExpiry),
        "roi_metric": _nullable(ID),
    },
    Agreement: {
        "id": ID,
        "title": NAME,
        "parties": Array(Entity(Party)),
        "start": DATE,
        "end": DATE,
        "currency": CURRENCY,
        "fiscal_calendar": Entity(FiscalCalendar),
        "metrics": Array(Entity(Metric)),
        "goals": Array(Entity(Goal)),
        "contributions": Array(Entity(Contribution)),
        "allocations": Array(Entity(ResourceAllocation)),
        "incentives": Array(Entity(Incentive)),
        "clauses": Array(Entity(Clause)),
        "review_rule": _nullable(TEXT),
        "exception_criteria": Array(Entity(ExceptionCriterion)),
        "reviews": Array(Entity(Review)),
        "signatures": Array(Entity(Signature)),
        "version": VERSION,
        "extensions": EXTENSIONS,
        "remedies": Array(Entity(Remedy)),
    },
}


#: The module the model's classes say they come from.
_MODEL = "mutualcommit.model"


def is_model_class(t: object) -> bool:
    """Say whether *t* is one of the model's attrs classes."""
    return isinstance(t, type) and attrs.has(t) and t.__module__.startswith(_MODEL)


def required(cls: type) -> frozenset[str]:
    """Return the names of *cls*'s fields a document must give."""
    return frozenset(
        field.name
        for field in attrs.fields(cls)
        if field.init and field.default is attrs.NOTHING
    )


_NOUNS = {
    ActionItem: "action item",
    ResourceAllocation: "allocation",
    ExceptionCriterion: "exception criterion",
}


def noun(cls: type) -> str:
    """Return how a message names an instance of *cls*: ``"a goal"``."""
    name = _NOUNS.get(cls) or cls.__name__.lower()
    article = "an" if name[0] in "aeiou" else "a"
    return f"{article} {name}"


def expected(kind: Kind) -> str:
    """Return what a message says a value of *kind* should be."""
    if isinstance(kind, Scalar):
        return kind.expected
    if isinstance(kind, Entity):
        return f"an object ({noun(kind.cls)})"
    if isinstance(kind, Array):
        return "an array"
    if isinstance(kind, Nullable):
        return f"{expected(kind.inner)} or null"
    if isinstance(kind, StringMap):
        return "an object of strings"
    return "an object"
