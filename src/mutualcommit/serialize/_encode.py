"""The write path's fast half: generated attrs-to-dict functions and msgspec.

`to_dict` and `dumps` write an agreement through functions generated once
per model class, straight-line code with no per-value dispatch: each field
is read once, left out when equal to its default, and converted by an
expression chosen from its type when the function was made.

Two families are made from one generator:

- *JSON-like* (`document_writer`): what `to_dict` returns, decimals as
  ``str()`` writes them, dates ``YYYY-MM-DD``, enums their values, tuples
  lists: the same dict, in the same key order, as the cattrs converter's
  hooks make (the plain twin the tests compare it with).
- *encoder* (`encoder_writer`): the same dicts for msgspec, which writes
  decimals as ``str()`` does, dates as ISO dates, enums as their values and
  tuples as arrays itself, so they are passed through untouched.
  ``extensions`` holding a float are written by the standard library first
  and spliced in as raw JSON, so that their floats keep Python's spelling
  (``1e+16``, which msgspec would spell ``1e16``).

`encode` writes the text with msgspec when it can be imported and returns
None otherwise, or when msgspec refuses a value (a lone surrogate, a float
``NaN`` in ``extensions``): the caller then writes it with the standard
library, whose bytes it matches.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from types import ModuleType, UnionType
from typing import Any, Literal, Union, get_args, get_origin

import attrs

from mutualcommit.model import (
    FORMAT,
    FORMAT_VERSION,
    Agreement,
    FrozenDict,
    thaw_json,
)

from ._shape import is_model_class

__all__ = [
    "document_writer",
    "encode",
    "encoder_writer",
    "field_default",
    "load_msgspec",
]

_COMPACT = (",", ":")
_UNIONS = (Union, UnionType)

Writer = Callable[[Any], dict[str, Any]]


@cache
def load_msgspec() -> ModuleType | None:
    """Return `msgspec` (imported on first use), or None when it is not installed."""
    try:
        import msgspec.json
    except ImportError:  # pragma: no cover - msgspec is a dependency
        return None
    return msgspec


def encode(agreement: Agreement, indent: int | None) -> str | None:
    """Return the agreement's document as JSON text written by msgspec.

    Compact when *indent* is None, else indented by *indent* spaces (at
    least 1: ``indent=0`` means newlines without indentation to the
    standard library, something else to msgspec). The text is byte for byte
    what ``json.dumps(to_dict(agreement), ensure_ascii=False, ...)`` writes.

    Returns:
        The text, or None when msgspec is not installed or refuses a value:
        write it with the standard library then.
    """
    msgspec = load_msgspec()
    if msgspec is None or indent == 0:
        return None
    try:
        encoded: bytes = msgspec.json.encode(encoder_writer()(agreement))
        if indent is not None:
            encoded = msgspec.json.format(encoded, indent=indent)
        return encoded.decode("utf-8")
    except (msgspec.EncodeError, TypeError, ValueError, OverflowError):
        # UnicodeEncodeError (a lone surrogate) is a ValueError.
        return None


@cache
def document_writer() -> Writer:
    """Return the function that makes an agreement's document as JSON-like values."""
    return _Family(encoder=False).document()


@cache
def encoder_writer() -> Writer:
    """Return the function that makes an agreement's document for msgspec."""
    return _Family(encoder=True).document()


class _Float(Exception):  # noqa: N818 - a signal, not an error
    """Raised by `_thaw_exact` on the first float it meets."""


def _thaw_exact(value: Any) -> Any:
    # `thaw_json`, refusing floats: the one JSON value msgspec spells
    # differently from the standard library. Exact type checks first: the
    # frozen JSON holds FrozenDicts, tuples, strings and numbers.
    cls = type(value)
    if cls is str or cls is int or cls is bool or value is None:
        return value
    if cls is FrozenDict or isinstance(value, Mapping):
        return {k: _thaw_exact(v) for k, v in value.items()}
    if cls is tuple or isinstance(value, tuple | list):
        return [_thaw_exact(v) for v in value]
    if isinstance(value, float):
        raise _Float
    return value


def _extensions(value: Mapping[str, Any]) -> Any:
    """Return ``extensions`` for msgspec: plain values, or raw JSON if floats."""
    try:
        return _thaw_exact(value)
    except _Float:
        pass
    # Written as the standard library writes floats, spliced in verbatim.
    msgspec = load_msgspec()
    assert msgspec is not None  # noqa: S101 - only the encoder family calls it
    text = json.dumps(thaw_json(value), ensure_ascii=False, separators=_COMPACT)
    return msgspec.Raw(text.encode("utf-8"))


def _optional_inner(t: object) -> Any:
    """Return X of ``X | None``, or None when *t* is not such an optional."""
    args = get_args(t)
    if get_origin(t) in _UNIONS and len(args) == 2 and type(None) in args:  # noqa: PLR2004 - X | None
        (inner,) = (a for a in args if a is not type(None))
        return inner
    return None


def field_default(field: Any) -> Any:
    """Return the default of an attrs *field*, made once, as the writers compare with it.

    A factory is called and the field's converter applied (an empty tuple,
    the one empty `FrozenDict`).
    """
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = default.factory()
    if field.converter is not None:
        default = field.converter(default)
    return default


class _Family:
    """Writer functions for the model's classes, generated on demand."""

    def __init__(self, *, encoder: bool) -> None:
        self.encoder = encoder
        self.names: dict[type, str] = {}
        self.namespace: dict[str, Any] = {
            "_FORMAT": FORMAT,
            "_VERSION": FORMAT_VERSION,
            "_thaw": thaw_json,
            "_extensions": _extensions,
            "_str": str,
            "_dict": dict,
            "_list": list,
            "_isoformat": dt.date.isoformat,
        }

    def document(self) -> Writer:
        """Return the writer of a whole document: the header, then the agreement."""
        self._define(Agreement, "_document", header=True)
        writer: Writer = self.namespace["_document"]
        return writer

    def _writer_name(self, cls: type) -> str:
        name = self.names.get(cls)
        if name is None:
            name = self.names[cls] = f"_write_{cls.__name__}"
            self._define(cls, name, header=False)
        return name

    def _define(self, cls: type, name: str, *, header: bool) -> None:
        attrs.resolve_types(cls)
        # The leading fields without a default go into the dict display (one
        # instruction builds it); each later field is a statement.
        leading = ["'format': _FORMAT", "'format_version': _VERSION"] if header else []
        body: list[str] = []
        for index, field in enumerate(attrs.fields(cls)):
            if not field.init:
                continue
            key = field.name
            if field.default is attrs.NOTHING:
                value = self._expression(field.type, f"o.{key}")
                if body:
                    body.append(f"    d[{key!r}] = {value}")
                else:
                    leading.append(f"{key!r}: {value}")
                continue
            default = field_default(field)
            value = self._expression(field.type, "v")
            if default is None:
                # Only written when not None: the inner type's expression.
                inner = _optional_inner(field.type)
                if inner is not None:
                    value = self._expression(inner, "v")
                test = "v is not None"
            else:
                default_name = f"_default_{cls.__name__}_{index}"
                self.namespace[default_name] = default
                if isinstance(default, tuple) and not default:
                    # The field's converter makes every value a tuple.
                    test = "v"
                elif isinstance(default, Mapping) and not default:
                    # The converters make an empty mapping the one empty
                    # FrozenDict: skip calling its __len__ for that one.
                    test = f"v is not {default_name} and v"
                elif type(default) is Decimal:
                    # Left out only when written as the default is: "1.00"
                    # equals 1 but is written, so that its digits come back.
                    self.namespace[f"{default_name}_digits"] = default.as_tuple()
                    test = (
                        f"v != {default_name} or v.as_tuple() != {default_name}_digits"
                    )
                else:
                    test = f"v != {default_name}"
            body.append(f"    v = o.{key}")
            body.append(f"    if {test}:")
            body.append(f"        d[{key!r}] = {value}")
        lines = [
            f"def {name}(o):",
            "    d = {" + ", ".join(leading) + "}",
            *body,
            "    return d",
        ]
        exec("\n".join(lines), self.namespace)  # noqa: S102 - our own generated code

    def _inline(self, cls: type, v: str) -> str | None:
        """Return a dict display writing *v* of *cls*, when every field is required."""
        attrs.resolve_types(cls)
        fields = attrs.fields(cls)
        if not all(f.init and f.default is attrs.NOTHING for f in fields):
            return None
        items = (
            f"{f.name!r}: {self._expression(f.type, f'{v}.{f.name}')}" for f in fields
        )
        return "{" + ", ".join(items) + "}"

    def _expression(self, t: Any, v: str) -> str:
        """Return the expression that writes value *v* of type *t*."""
        encoder = self.encoder
        if t in (str, int, bool) or get_origin(t) is Literal:
            return v
        if t is Decimal:
            return v if encoder else f"_str({v})"
        if t is dt.date:
            return v if encoder else f"_isoformat({v})"
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return v if encoder else f"{v}._value_"
        if is_model_class(t):
            # A small class (a quantity, a step) is written in place.
            inline = self._inline(t, v)
            return inline or f"{self._writer_name(t)}({v})"
        origin = get_origin(t)
        args = get_args(t)
        if origin is Mapping and args == (str, str):
            return f"_dict({v})"
        if origin is Mapping and args == (str, Any):
            return f"_extensions({v})" if encoder else f"_thaw({v})"
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:  # noqa: PLR2004 - tuple[X, ...]
            item = self._expression(args[0], "x")
            if item == "x":
                # msgspec writes a tuple as an array itself.
                return v if encoder else f"_list({v})"
            return f"[{item} for x in {v}]"
        inner = _optional_inner(t)
        if inner is not None:
            return f"(None if {v} is None else {self._expression(inner, v)})"
        msg = f"no writer for {t!r}"  # pragma: no cover - a type the model lacks
        raise TypeError(msg)  # pragma: no cover
