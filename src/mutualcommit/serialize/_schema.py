"""The JSON Schema of the agreement document."""

from __future__ import annotations

import inspect
from typing import Any

from mutualcommit.model import FORMAT, FORMAT_VERSION, Agreement

from ._shape import (
    ENUMS,
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

__all__ = ["json_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: A name, not an address: nothing fetches it.
_ID = f"urn:mutualcommit:schema:agreement:{FORMAT_VERSION}"


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema (Draft 2020-12) of the agreement document.

    It accepts every document `dumps` writes and refuses the shapes `loads`
    refuses: wrong types, missing or unknown keys (``extensions`` hold
    anything), enum values, decimal, date, identifier, currency and unit
    spellings, and whole numbers out of the model's range (a month, the
    ``version``, a forecast's ``lag``, a count of days, a remedy's
    ``termination_after``). What needs the whole document (references
    between ids, unique ids, a parseable ``review_rule``, the bounds on
    decimals) is the model's to check, not the schema's.

    It refers to nothing outside itself. Each call builds a new dict.
    """
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
    for name, pattern in PATTERNS.items():
        defs[name] = {"type": "string", "pattern": _anchored(pattern)}
    defs["decimal"]["type"] = ["string", "number"]
    defs["decimal"]["description"] = (
        'A decimal: a string such as "12500.50" (digits kept as written) or '
        "a JSON number."
    )
    defs["date"]["format"] = "date"
    defs["extensions"] = {
        "description": (
            "The host application's data: any JSON values, never part of the terms."
        ),
        "type": "object",
    }
    defs["stringMap"] = {"type": "object", "additionalProperties": {"type": "string"}}
    return {
        "$schema": _DIALECT,
        "$id": _ID,
        "title": "Mutual Commit agreement",
        **schema,
        "$defs": defs,
    }


def _object(cls: type) -> dict[str, Any]:
    needed = required(cls)
    shape = SHAPES[cls]
    return {
        "description": _summary(cls),
        "type": "object",
        "properties": {name: _kind(kind) for name, kind in shape.items()},
        "required": [name for name in shape if name in needed],
        "additionalProperties": False,
    }


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
    # JSON Schema patterns are unanchored ECMA-262 regexes. Python's `$` also
    # matches before a final newline, which the `(?!\n)` rules out for
    # validators written in Python.
    return f"^(?:{pattern})$(?!\\n)"


def _summary(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    return doc.split("\n\n", 1)[0].replace("\n", " ")
