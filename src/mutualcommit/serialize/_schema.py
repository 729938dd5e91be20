"""The JSON Schemas of the agreement document and of a line of each log."""

from __future__ import annotations

import enum
import inspect
import json
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Literal

import attrs

from mutualcommit.model import (
    FORMAT,
    FORMAT_VERSION,
    ActionItem,
    Aggregation,
    Agreement,
    ExceptionCriterion,
    FundEvent,
    FundEventKind,
    Incentive,
    Metric,
    Observation,
    Period,
    Remedy,
    Tier,
)
from mutualcommit.model._arguments import as_choice
from mutualcommit.model._frozen import EMPTY
from mutualcommit.model._funds import _ABOUT_REQUEST as ABOUT_REQUEST
from mutualcommit.model._measure_checks import _FIELDS as MEASURE_FIELDS

from ._encode import field_default
from ._shape import (
    ENUMS,
    NOT_BLANK,
    NOT_SPACE,
    PATTERNS,
    SHAPES,
    Array,
    Entity,
    Extensions,
    Kind,
    Nullable,
    Scalar,
    StringMap,
    required,
)

__all__ = ["SCHEMA_DOCUMENTS", "Document", "json_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _id(document: str) -> str:
    """Return the ``$id`` of *document*'s schema: a name, not an address (nothing fetches it).

    Each names the format version it describes, so that a registry keyed
    by ``$id`` can hold the schemas of two versions side by side.
    """
    return f"urn:mutualcommit:schema:{document}:{FORMAT_VERSION}"


#: What `json_schema` describes: the agreement document, or a line of a log.
SCHEMA_DOCUMENTS = (
    "agreement",
    "observation",
    "fund_event",
    "portfolio_observation",
    "portfolio_fund_event",
)
#: The documents `json_schema` describes.
Document = Literal[
    "agreement",
    "observation",
    "fund_event",
    "portfolio_observation",
    "portfolio_fund_event",
]

#: The steps of a request (approval to payment): with an amount, each names its request.
_STEPS = [kind.value for kind in FundEventKind if kind in ABOUT_REQUEST]


def json_schema(document: Document = "agreement") -> dict[str, Any]:
    """Return the JSON Schema (Draft 2020-12) of the agreement document, or of a log's line.

    For the agreement (the default), it accepts every document `dumps`
    writes and refuses the shapes `loads` refuses: wrong types, missing or
    unknown keys (``extensions`` hold anything), enum values, decimal,
    date, identifier, currency and unit spellings, and whole numbers out of
    the model's range (a month, the ``version``, a forecast's ``lag``, a
    count of days, a remedy's ``termination_after``), and what the model
    requires of an object's own keys (an incentive's tiers, exactly one of
    ``goal`` and ``contribution``, a tier's one payout, a remedy's amount
    or rate, a criterion's tolerance, an exception key's spelling, a
    metric's components). What needs the whole document (references
    between ids, unique ids, a parseable ``review_rule``), the bounds on
    decimals, an impossible day (unless the validator asserts ``format``),
    two keys of a ``where`` that are one text in NFC, text a Python may
    normalise otherwise, a lone surrogate, a key named twice and the depth
    of ``extensions`` are the model's to check, not the schema's (the
    format page lists them all).

    ``"observation"`` and ``"fund_event"`` give the schema of one line of
    the JSON Lines logs `load_observations` and `load_fund_events` read,
    ``"portfolio_observation"`` and ``"portfolio_fund_event"`` that of a
    line of a portfolio's streams
    (`~mutualcommit.portfolio.load_portfolio_observations` and
    `~mutualcommit.portfolio.load_portfolio_fund_events`: the log's line
    with an ``"agreement"`` id): every line `dump_observations`,
    `dump_fund_events` and the portfolio's writers write passes it,
    and it refuses the shapes the readers refuse in a line on its own
    (wrong types, missing or unknown keys, spellings, a retraction without
    a ``ref``, a blank ``ref`` or ``request``, a step of a request that
    names no ``request``). What needs the log as a whole (a step's request
    standing in it, payments within what was approved), an activity's end
    after its start and the bounds on decimals (at least 0, the magnitude)
    are the readers' to check.

    Every key that has a default gives it as its ``default`` (``"quarter"``
    for an accrual's ``per``, ``{}`` for the fiscal calendar), as the
    writers and the canonical form leave the key out when it holds it.
    It refers to nothing outside itself, and its ``$id`` names the document
    and the format version (``urn:mutualcommit:schema:fund_event:1``).
    Each call builds a new dict.

    Args:
        document: ``"agreement"``, ``"observation"``, ``"fund_event"``,
            ``"portfolio_observation"`` or ``"portfolio_fund_event"``.

    Raises:
        ValueError: When *document* is none of these.
    """
    as_choice("document", document, SCHEMA_DOCUMENTS)
    if document == "observation":
        return _observation_schema()
    if document == "fund_event":
        return _fund_event_schema()
    if document == "portfolio_observation":
        return _portfolio_observation_schema()
    if document == "portfolio_fund_event":
        return _portfolio_fund_event_schema()
    schema = _object(Agreement)
    schema["properties"] = {
        "format": {"const": FORMAT},
        "format_version": {"const": FORMAT_VERSION},
        **schema["properties"],
    }
    schema["required"] = ["format", "format_version", *schema["required"]]
    defs: dict[str, Any] = {
        cls.__name__: _object(cls) for cls in SHAPES if cls is not Agreement
    }
    for cls in ENUMS:
        defs[cls.__name__] = {
            "description": _summary(cls),
            "enum": [member.value for member in cls],
        }
    defs.update(_leaves())
    defs["extensions"] = {
        "description": (
            "The host application's data: any JSON values, never part of the terms."
        ),
        "type": "object",
    }
    return {
        "$schema": _DIALECT,
        "$id": _id("agreement"),
        "title": "Mutual Commit agreement",
        **schema,
        "$defs": defs,
    }


def _leaves() -> dict[str, Any]:
    """The definitions of the strings with a spelling, and of a map of strings."""
    defs: dict[str, Any] = {
        name: {"type": "string", "pattern": _anchored(pattern), "not": _line_break()}
        for name, pattern in PATTERNS.items()
    }
    defs["decimal"]["type"] = ["string", "number"]
    defs["decimal"]["description"] = (
        'A decimal: a string such as "12500.50" (digits kept as written) or '
        "a JSON number."
    )
    defs["date"]["format"] = "date"
    # A where's or dims' key is a dimension's name: it shows something.
    defs["stringMap"] = {
        "type": "object",
        "propertyNames": {"pattern": NOT_BLANK},
        "additionalProperties": {"type": "string"},
    }
    return defs


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _or_null(kind: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [kind, {"type": "null"}]}


def _line(
    name: str,
    title: str,
    cls: type,
    properties: dict[str, Any],
    required: list[str],
    rule: dict[str, Any],
    defs: dict[str, Any],
) -> dict[str, Any]:
    return {
        "$schema": _DIALECT,
        "$id": _id(name),
        "title": title,
        "description": _summary(cls),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
        **rule,
        "$defs": defs,
    }


def _log_ref() -> dict[str, Any]:
    r"""A log's ``ref`` (or a request's): text with a character that is not white space.

    White space as the readers read it (``str.strip``), spelt out rather
    than ``\S``, which ECMA-262 reads otherwise. An empty ref would make
    the records that hold one a single record.
    """
    return {"type": "string", "pattern": NOT_SPACE}


def _observation_schema() -> dict[str, Any]:
    leaves = _leaves()
    return _line(
        "observation",
        "Mutual Commit observation (one line of a JSON Lines log)",
        Observation,
        _with_defaults(
            Observation,
            {
                "metric": _ref("identifier"),
                "at": _ref("date"),
                "value": _or_null(_ref("decimal")),
                "ref": _or_null(_log_ref()),
                "dims": _ref("stringMap"),
            },
        ),
        ["metric", "at", "value"],
        {
            # A retraction ("value": null) names the record it retracts.
            "if": {"properties": {"value": {"type": "null"}}, "required": ["value"]},
            "then": {"properties": {"ref": {"type": "string"}}, "required": ["ref"]},
        },
        {name: leaves[name] for name in ("identifier", "date", "decimal", "stringMap")},
    )


def _portfolio_observation_schema() -> dict[str, Any]:
    schema = _observation_schema()
    schema["$id"] = _id("portfolio_observation")
    schema["title"] = (
        "Mutual Commit portfolio observation (one line of a portfolio's JSON Lines stream)"
    )
    schema["description"] = (
        "An observation's line with the id of the agreement it belongs to."
    )
    schema["properties"] = {"agreement": _ref("identifier"), **schema["properties"]}
    schema["required"] = ["agreement", *schema["required"]]
    return schema


def _portfolio_fund_event_schema() -> dict[str, Any]:
    schema = _fund_event_schema()
    schema["$id"] = _id("portfolio_fund_event")
    schema["title"] = (
        "Mutual Commit portfolio fund event (one line of a portfolio's JSON Lines "
        "fund stream)"
    )
    schema["description"] = (
        "A fund log's line with the id of the agreement whose fund it records."
    )
    schema["properties"] = {"agreement": _ref("identifier"), **schema["properties"]}
    schema["required"] = ["agreement", *schema["required"]]
    return schema


def _fund_event_schema() -> dict[str, Any]:
    leaves = _leaves()
    return _line(
        "fund_event",
        "Mutual Commit fund event (one line of a JSON Lines fund log)",
        FundEvent,
        _with_defaults(
            FundEvent,
            {
                "fund": _ref("identifier"),
                "event": _ref("FundEventKind"),
                "at": _ref("date"),
                "ref": _log_ref(),
                "amount": _or_null(_ref("decimal")),
                # The ref of a request: never blank, as a ref is not.
                "request": _or_null(_log_ref()),
                "activity": {"type": "string"},
                "start": _or_null(_ref("date")),
                "end": _or_null(_ref("date")),
                "cost": _or_null(_ref("decimal")),
                "incurred": _or_null(_ref("date")),
                "proof": {"type": "array", "items": {"type": "string"}},
                "reason": {"type": "string"},
            },
        ),
        ["fund", "event", "at", "ref", "amount"],
        {
            # A step of a request with an amount names its request.
            "if": {
                "properties": {
                    "event": {"enum": list(_STEPS)},
                    "amount": {"not": {"type": "null"}},
                },
                "required": ["event", "amount"],
            },
            "then": {
                "properties": {"request": {"type": "string"}},
                "required": ["request"],
            },
        },
        {
            **{name: leaves[name] for name in ("identifier", "date", "decimal")},
            "FundEventKind": {
                "description": _summary(FundEventKind),
                "enum": [kind.value for kind in FundEventKind],
            },
        },
    )


def _object(cls: type) -> dict[str, Any]:
    needed = required(cls) | _NEEDED.get(cls, frozenset())
    shape = SHAPES[cls]
    schema: dict[str, Any] = {
        "description": _summary(cls),
        "type": "object",
        "properties": _with_defaults(
            cls, {name: _kind(kind) for name, kind in shape.items()}, needed
        ),
        "required": [name for name in shape if name in needed],
        "additionalProperties": False,
    }
    if cls is Incentive:
        schema["properties"]["tiers"]["minItems"] = 1
    if cls is ActionItem:
        schema["properties"]["exceptions"]["items"] = {
            "type": "string",
            "pattern": _EXCEPTION_KEY,
        }
    rules = _rules(cls)
    if rules:
        schema["allOf"] = rules
    return schema


def _with_defaults(
    cls: type, properties: dict[str, Any], needed: Iterable[str] = ()
) -> dict[str, Any]:
    """Give each of *properties* that *cls* has a default for a ``default`` keyword.

    The writers leave a key out when it holds its default (`to_dict`,
    `dumps`, the logs' writers), and the canonical form, and so the
    fingerprint, leaves it out whenever it equals it: a client that writes
    a default out, in another language, finds here what to leave out to
    reach the same terms. A key the document must give (*needed*, an
    incentive's ``tiers``) has none.
    """
    skip = frozenset(needed)
    for field in attrs.fields(cls):
        if field.init and field.default is not attrs.NOTHING and field.name not in skip:
            properties[field.name]["default"] = _json_default(field)
    return properties


def _json_default(field: attrs.Attribute[Any]) -> Any:
    """Return the default of a model class's *field* as the document writes it.

    ``null``, ``""``, ``[]`` and ``{}``; an enum's value (``"quarter"``), a
    decimal's text (``"1"``), a whole number; and for an object, the object
    its writer makes of it, every key at its default left out (``{}`` for
    the January, ``"end"`` fiscal calendar).
    """
    return _json_value(field_default(field))


def _json_value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {key: _json_value(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_json_value(item) for item in value]
    return {
        field.name: _json_value(getattr(value, field.name))
        for field in attrs.fields(type(value))
        if field.init
        and (
            field.default is attrs.NOTHING
            or getattr(value, field.name) != field_default(field)
        )
    }


# -- what the invariants require of an object's own keys -----------------------
#
# The model checks these when it builds the agreement; they need no other
# object, so the schema states them too: which of a few optional keys must
# be given (and not null) together, or alone.

#: Keys a document must give although the model's class has a default.
_NEEDED: dict[type, frozenset[str]] = {Incentive: frozenset({"tiers"})}

#: An action item's exception key, ``criterion/window`` or
#: ``criterion/item/window``: a criterion's id, a slash, then text that
#: ends in a window, which no slash ends (an item is any text, slashes and
#: line breaks included: parts that each end in a slash). Whether the
#: criterion is one of the agreement's is the model's to say. No key is
#: refused for a line break at its end (its window holds it), so the ``$``
#: of Python and PCRE, which also matches before one, reads it as
#: ECMA-262's and RE2's does.
_EXCEPTION_KEY = "^" + PATTERNS["identifier"] + "/(?:[^/]*/)*[^/]+$"


def _given(name: str) -> dict[str, Any]:
    """The schema of an object that has *name*, and not null."""
    return {"required": [name], "properties": {name: {"not": {"type": "null"}}}}


def _one_of(*names: str) -> dict[str, Any]:
    return {"oneOf": [_given(name) for name in names]}


def _goes_with(name: str, other: str) -> dict[str, Any]:
    return {"if": _given(name), "then": _given(other)}


#: The keys a metric of each aggregation must give (its components).
_COMPONENTS: dict[Aggregation, tuple[str, ...]] = {
    Aggregation.RATIO: ("numerator", "denominator"),
    Aggregation.PERCENTILE: ("percentile",),
    Aggregation.OTIF: ("orders", "deliveries"),
    Aggregation.LEAD_TIME: ("orders", "deliveries"),
    **{a: ("forecast", "actual") for a in Aggregation if a.is_forecast},
}


def _default(value: object) -> dict[str, Any]:
    """The schema of a key holding its default (or left out)."""
    if value is None:
        return {"type": "null"}
    if value is EMPTY:
        return {"type": "object", "maxProperties": 0}
    return {"const": value}


def _metric_rules() -> list[dict[str, Any]]:
    rules = []
    for aggregation in Aggregation:
        components = _COMPONENTS.get(aggregation, ())
        then: dict[str, Any] = {
            "required": list(components),
            "properties": {
                **{name: {"not": {"type": "null"}} for name in components},
                # A key of another aggregation's: left out, or its default.
                **{
                    name: _default(default)
                    for name, (allowed, default) in MEASURE_FIELDS.items()
                    if aggregation not in allowed
                },
            },
        }
        if aggregation.is_forecast:
            then["properties"]["bucket"] = {"not": {"const": Period.TERM.value}}
        if not components:
            del then["required"]
        rules.append(
            {
                "if": {"properties": {"aggregation": {"const": aggregation.value}}},
                "then": then,
            }
        )
    return rules


def _both(name: str, other: str) -> dict[str, Any]:
    """The schema of an object that does not give both *name* and *other*."""
    return {"not": {"allOf": [_given(name), _given(other)]}}


#: An incentive with a status tier: every tier is a status tier, and there
#: is no cap (status tiers pay nothing to cap).
_STATUS_TIERS = {
    "if": {
        "required": ["tiers"],
        "properties": {"tiers": {"type": "array", "contains": _given("status")}},
    },
    "then": {
        "properties": {
            "tiers": {"items": _given("status")},
            "cap": {"type": "null"},
        }
    },
}


def _rules(cls: type) -> list[dict[str, Any]]:
    if cls is Incentive:
        return [_one_of("goal", "contribution"), _STATUS_TIERS]
    if cls is Tier:
        return [
            _one_of("amount", "rate", "status"),
            _goes_with("rate", "of"),
            _goes_with("of", "rate"),
        ]
    if cls is Remedy:
        return [
            _one_of("goal", "contribution"),
            _one_of("amount", "rate"),
            _goes_with("rate", "of"),
            _goes_with("of", "rate"),
            _goes_with("cap_share", "cap_base"),
            _goes_with("cap_base", "cap_share"),
            _both("cap", "cap_share"),
        ]
    if cls is ExceptionCriterion:
        return [{"anyOf": [_given("lower"), _given("upper")]}]
    if cls is Metric:
        return _metric_rules()
    return []


def _kind(kind: Kind) -> dict[str, Any]:
    if isinstance(kind, Scalar):
        return dict(kind.schema)
    if isinstance(kind, Entity):
        return {"$ref": f"#/$defs/{kind.cls.__name__}"}
    if isinstance(kind, Array):
        return {"type": "array", "items": _kind(kind.item)}
    if isinstance(kind, Nullable):
        return {"anyOf": [_kind(kind.inner), {"type": "null"}]}
    if isinstance(kind, StringMap):
        return {"$ref": "#/$defs/stringMap"}
    assert isinstance(kind, Extensions)  # noqa: S101 - the last kind
    return {"$ref": "#/$defs/extensions"}


def _anchored(pattern: str) -> str:
    """Return *pattern* anchored at both ends, as JSON Schema's patterns are not.

    No lookahead after the ``$`` (RE2, Go's engine, has none): what the
    ``$`` of Python and PCRE lets through, a line break at the end, the
    definition refuses with `_line_break`.
    """
    return f"^(?:{pattern})$"


def _line_break() -> dict[str, Any]:
    """The schema a spelt string (a decimal, a date, an identifier) must not match.

    No such string holds a line break. Its pattern, anchored, refuses one
    in ECMA-262 and RE2, whose ``$`` is the end of the text; the ``$`` of
    Python's ``re`` and of PCRE also matches before a line break at the
    end, and the lookahead that would rule it out is none of RE2's syntax.
    """
    return {
        "$comment": (
            "No line break: the $ of Python and PCRE also matches before one "
            "at the end."
        ),
        "type": "string",
        "pattern": "\\n",
    }


#: A docstring's inline literal (``AT_LEAST`` in double backquotes) and its
#: cross-reference (~mutualcommit.model.Period in single ones), as
#: reStructuredText writes them.
_LITERAL = re.compile(r"``([^`]+)``")
_REFERENCE = re.compile(r"`~?(?:[\w.]+\.)?(\w+)`")
#: Python's words for the JSON values a literal may name.
_JSON_WORDS = {"None": "null", "True": "true", "False": "false"}


def _summary(cls: type) -> str:
    """Return *cls*'s summary, the first paragraph of its docstring, in JSON's words.

    A description is read by the author of a JSON document (an editor shows
    it): an enum member named in it as an inline literal (``AT_LEAST``) is
    its JSON value, quoted (``"at_least"``), Python's ``None`` is ``null``,
    and the marks of reStructuredText are left out.
    """
    doc = inspect.getdoc(cls) or ""
    summary = doc.split("\n\n", 1)[0].replace("\n", " ")
    values: dict[str, object] = {}
    if issubclass(cls, enum.Enum):
        values = {member.name: member.value for member in cls}

    def literal(match: re.Match[str]) -> str:
        text = match.group(1)
        if text in values:
            return json.dumps(values[text])
        return _JSON_WORDS.get(text, text)

    return _REFERENCE.sub(r"\1", _LITERAL.sub(literal, summary))
