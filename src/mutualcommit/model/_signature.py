"""The signature an attrs class shows in ``help()`` and the API reference.

attrs writes a class's ``__init__`` from its fields, and `inspect.signature`
reads it from there: a field with a factory shows its default as attrs'
sentinel (``dims=NOTHING``), and a field with a converter is annotated with
what the converter's parameter says (``value: object`` for the house
converters of ``_coerce``, which take anything to refuse it by name).
`readable_signature` gives a class the signature its fields describe:

- a default is shown as what it is: a factory's as the value it makes
  (``{}``, ``()``, ``frozenset()``, ``FiscalCalendar()``; ``{}`` too for
  what the field's converter makes of an empty mapping), an enum member
  by its name (``Period.TERM``), a value equal to its class's default one
  as that call (``Bands()``), and one made from the other fields (a
  factory that takes the instance) as ``...``, which the class's docstring
  explains;
- a field with a converter is annotated with what the converter accepts,
  its first parameter's annotation (``Decimal | int | str``,
  ``Direction | str``, ``Iterable[Party]``); another with its own type.

The signature is made the first time it is read, not at import.
"""

from __future__ import annotations

import enum
import inspect
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

__all__ = ["readable_signature", "signature_of"]

C = TypeVar("C", bound=type)

#: The longest default shown as its repr; a longer one is shown by its type.
_LONGEST = 40


def readable_signature(cls: C) -> C:
    """Give an attrs class the signature its fields describe (see the module).

    Use it above ``attrs.frozen`` (or ``attrs.define``). `inspect.signature`,
    ``help()`` and Sphinx read it from the class's ``__signature__``, made
    on first use.
    """
    cls.__signature__ = _Signature()  # type: ignore[attr-defined]
    return cls


class _Signature:
    """A class's ``__signature__``, made from its fields the first time it is read."""

    __slots__ = ()

    def __get__(self, instance: object, owner: type) -> inspect.Signature:
        signature = signature_of(owner)
        # From now on a plain class attribute: read as any other.
        owner.__signature__ = signature  # type: ignore[attr-defined]
        return signature


def signature_of(cls: type) -> inspect.Signature:
    """Return the signature *cls*'s fields describe: what ``cls(...)`` takes."""
    parameters = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        kind = (
            inspect.Parameter.KEYWORD_ONLY
            if field.kw_only
            else inspect.Parameter.POSITIONAL_OR_KEYWORD
        )
        parameters.append(
            inspect.Parameter(
                field.alias or field.name,
                kind,
                default=_default(field),
                annotation=_accepted(field),
            )
        )
    return inspect.Signature(parameters)


class _Shown:
    """A default as the signature writes it: its repr is the text given."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _default(field: attrs.Attribute[Any]) -> object:
    default: Any = field.default
    if default is attrs.NOTHING:
        return inspect.Parameter.empty
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:
            # Made from the other fields: the class's docstring says how.
            return _Shown("...")
        made = default.factory()
        if isinstance(default.factory, type) and not _empty(made):
            return _Shown(f"{default.factory.__name__}()")
        if _means_empty(field, made):
            # Every key with a zero, say: what an empty mapping is made into.
            return _Shown("{}")
        return _Shown(_shown(made))
    return _Shown(_shown(default))


def _means_empty(field: attrs.Attribute[Any], made: object) -> bool:
    """Tell whether *made* is what *field*'s converter makes of an empty mapping."""
    if not isinstance(made, Mapping) or field.converter is None:
        return False
    try:
        return bool(field.converter({}) == made)  # type: ignore[operator]
    except Exception:  # noqa: BLE001 - a converter that takes no mapping
        return False


def _empty(value: object) -> bool:
    return isinstance(value, Mapping | tuple | list | set | frozenset) and not value


def _shown(value: object) -> str:
    """Write a default: ``{}``, ``()``, ``Period.TERM``, ``Bands()``, ``Decimal('4')``."""
    if isinstance(value, Mapping):
        return "{}" if not value else _short(value)
    if isinstance(value, tuple | list):
        return "()" if not value else _short(value)
    if isinstance(value, frozenset | set):
        return "frozenset()" if not value else _short(value)
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if attrs.has(type(value)) and _is_plain(value):
        return f"{type(value).__name__}()"
    return _short(value)


def _is_plain(value: object) -> bool:
    """Tell whether *value* equals what its class makes with no arguments."""
    try:
        return bool(value == type(value)())
    except Exception:  # noqa: BLE001 - a class that needs arguments: not plain
        return False


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _LONGEST else f"{type(value).__name__}(...)"


def _accepted(field: attrs.Attribute[Any]) -> object:
    """Return what *field* accepts: its converter's parameter's annotation, else its type."""
    converter = field.converter
    code = getattr(converter, "__code__", None)
    if code is not None and code.co_argcount:
        accepted = getattr(converter, "__annotations__", {}).get(code.co_varnames[0])
        if accepted is not None:
            return accepted
    if field.type is None:
        return inspect.Parameter.empty
    return field.type
