"""One rule for the types a value is built from: convert the exact, refuse the rest.

Every model class (and `Policy`, `Rule`, `Observation`, `Bands`) runs these
converters on its fields when it is built (`coerce_fields` adds them from
the fields' annotations, in place of the converters the fields declare for
type checkers, see ``_accepts``):

- an enum field takes a member or its lower-case string (``"at_least"``);
  another string raises `ValueError` naming the accepted values;
- a decimal field takes a `~decimal.Decimal`, an int (or another integral
  number, such as a numpy integer) or a decimal string (``"0.1"``), all
  exact; a float, a bool or anything else raises
  `TypeError` saying what to pass (``Decimal('0.1')``; nothing for a
  float NaN or infinity, which no decimal field accepts);
- a whole-number field (``version``, ``grace_days``) takes an `int`; a
  subclass's member (an `~enum.IntEnum`'s) is stored as its plain `int`,
  what a document writes and reads back; a bool and anything else are left
  for the invariants to refuse;
- a sequence field (ids, attendees, proof) takes a tuple, a list or another
  iterable; text, bytes, a mapping or a value that is not iterable raises
  `TypeError` naming the field (``proof="INV-1"`` would otherwise be five
  letters).

Only the type is converted here. Whether a value makes sense (a finite
decimal within bounds, a known reference) is an invariant, checked with
every other problem when an `Agreement` is built.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import numbers
from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

import attrs

from ._enums import (
    Aggregation,
    ContributionKind,
    Direction,
    FundEventKind,
    FundExpiry,
    Period,
    Pillar,
    Role,
    with_article,
)
from ._frozen import as_tuple, nfc, nfc_texts
from ._shown import did_you_mean

__all__ = [
    "UNREADABLE",
    "as_decimal",
    "as_enum",
    "as_sequence",
    "coerce_fields",
]

E = TypeVar("E", bound=StrEnum)


def _pass(value: object) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            # Decimal('nan') would only be refused in turn: no hint.
            return ""
        # float(): a numpy float's repr names its type (np.float64(0.1)).
        return f"; pass Decimal('{float(value)!r}')"
    if isinstance(value, bool):
        return f"; pass Decimal({int(value)}) if a number is meant"
    return ""


def day_hint(value: object) -> str:
    """Say how to make *value*, given where a `datetime.date` is expected, a date.

    A datetime's ``.date()``, a string's ``datetime.date.fromisoformat``,
    a numpy datetime64's ``.astype('datetime64[D]').item()``; nothing for
    another value. The hint starts ``"; "``, to end a message.
    """
    if isinstance(value, dt.datetime):
        return "; pass its .date()"
    if isinstance(value, str):
        return "; pass datetime.date.fromisoformat(...)"
    if type(value).__name__ == "datetime64":  # numpy's, without importing numpy
        return "; pass its .astype('datetime64[D]').item()"
    return ""


class Unreadable:
    """Stands for a value a reader could not read (passed through untouched).

    A document reader builds the model with this in place of each bad value,
    so that the agreement's invariants still report every other problem.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "<unreadable>"


#: The one `Unreadable` value.
UNREADABLE: Any = Unreadable()


def as_decimal(name: str, value: object) -> Decimal:
    """Return *value* as a `~decimal.Decimal`: a Decimal, an int or a decimal string.

    An integral number of another type (a numpy integer, which a DataFrame's
    rows hold) is exact too, and is taken as its int.

    Args:
        name: The field's name, for the message.
        value: The value given.

    Raises:
        TypeError: When *value* is a float, a bool or another type.
        ValueError: When *value* is a string that is not a decimal number.
    """
    if isinstance(value, Decimal) or value is UNREADABLE:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except decimal.InvalidOperation:
            msg = f"{name}: expected a decimal number, got the string {value!r}"
            raise ValueError(msg) from None
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return Decimal(int(value))
    msg = (
        f"{name}: expected a Decimal, int or decimal string, "
        f"got {type(value).__name__} {value!r}{_pass(value)}"
    )
    raise TypeError(msg)


def as_enum(kind: type[E], name: str, value: object) -> E:
    """Return *value* as a member of *kind*: a member, or its string value.

    Args:
        kind: The enum.
        name: The field's name, for the message.
        value: The value given.

    Raises:
        ValueError: When *value* is a string that is not one of the values.
        TypeError: When *value* is neither a member nor a string.
    """
    if isinstance(value, kind) or value is UNREADABLE:
        return value
    choices = ", ".join(repr(member.value) for member in kind)
    if isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            msg = f"{name}: expected one of {choices}, got {value!r}" + did_you_mean(
                value, (member.value for member in kind), repr
            )
            raise ValueError(msg) from None
    msg = (
        f"{name}: expected {with_article(kind.__name__)} or one of {choices}, "
        f"got {type(value).__name__} {value!r}"
    )
    raise TypeError(msg)


#: The decimal fields, by their annotation.
_DECIMALS = {"Decimal": False, "Decimal | None": True}
#: The whole-number fields, by their annotation.
_INTS = frozenset({"int", "int | None"})


def _enums() -> dict[str, tuple[type[StrEnum], bool]]:
    kinds: dict[str, tuple[type[StrEnum], bool]] = {}
    for kind in (
        Aggregation,
        ContributionKind,
        Direction,
        FundEventKind,
        FundExpiry,
        Period,
        Pillar,
        Role,
    ):
        kinds[kind.__name__] = (kind, False)
        kinds[f"{kind.__name__} | None"] = (kind, True)
    return kinds


_ENUMS = _enums()


def _annotation(field: attrs.Attribute[Any]) -> str:
    kind = field.type
    if isinstance(kind, str):
        return kind
    return getattr(kind, "__name__", repr(kind))


def _decimal_converter(name: str, *, optional: bool) -> Callable[[object], Any]:
    def convert(value: object) -> Decimal | None:
        if type(value) is Decimal:  # the common case, first
            return value
        if value is None and optional:
            return None
        return as_decimal(name, value)

    return convert


def _int_converter() -> Callable[[object], Any]:
    def convert(value: object) -> object:
        if type(value) is int:  # the common case, first
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            # The value itself, as the json module writes it, whatever the
            # subclass's own __int__ says.
            return int.__int__(value)
        return value  # None, or a bad value for the invariants to name

    return convert


def _enum_converter(
    kind: type[StrEnum], name: str, *, optional: bool
) -> Callable[[object], Any]:
    def convert(value: object) -> StrEnum | None:
        if type(value) is kind:  # the common case, first
            return value
        if value is None and optional:
            return None
        return as_enum(kind, name, value)

    return convert


def as_sequence(name: str, value: object) -> tuple[Any, ...]:
    """Return *value*, a sequence field's (ids, attendees, proof), as a tuple.

    A tuple, a list or another iterable is taken in its order. Text, bytes
    and a mapping are refused: ``tuple("INV-1")`` would keep the letters
    one by one, and a mapping its keys alone.

    Args:
        name: The field's name, for the message.
        value: The value given.

    Raises:
        TypeError: When *value* is text, bytes, a mapping or not iterable.
    """
    if type(value) is tuple or value is UNREADABLE:
        return value
    hint = ""
    if isinstance(value, str):
        hint = f"; pass ({value!r},) for one item"
    elif not isinstance(value, bytes | bytearray | Mapping):
        try:
            items = iter(value)  # type: ignore[call-overload]
        except TypeError:
            pass
        else:
            return tuple(items)
    msg = (
        f"{name}: expected a sequence (a tuple or a list), "
        f"got {type(value).__name__} {value!r}{hint}"
    )
    raise TypeError(msg)


def _sequence_converter(name: str) -> Callable[[object], tuple[Any, ...]]:
    def convert(value: object) -> tuple[Any, ...]:
        if type(value) is tuple:  # the common case, first
            return value
        return as_sequence(name, value)

    return convert


def _nfc_sequence(name: str) -> Callable[[object], tuple[str, ...]]:
    # Not named like the converters a trusted reader skips (see _trusted):
    # the text is brought to NFC whatever the reader gives.
    def normalise(value: object) -> tuple[str, ...]:
        return tuple(nfc(item) for item in as_sequence(name, value))

    return normalise


#: The module of the converters a field declares for type checkers.
_DECLARED = f"{__name__.rpartition('.')[0]}._accepts"


def _declared(cls: type, field: attrs.Attribute[Any], converter: object) -> str:
    """Return what a declared converter (see ``_accepts``) converts to.

    It must be the field's annotation: the class is refused when it is
    built, rather than a type checker and the class disagreeing.
    """
    declared: str = converter.__annotations__["return"]
    annotation = _annotation(field)
    if declared != annotation:
        msg = (
            f"{cls.__name__}.{field.name}: annotated {annotation}, "
            f"but its converter {converter.__name__} returns {declared}"  # type: ignore[attr-defined]
        )
        raise TypeError(msg)
    return declared


def _house(
    field: attrs.Attribute[Any], annotation: str, *, declared: bool
) -> attrs.Attribute[Any] | None:
    """Return *field* with the house converter for *annotation*, or None if none.

    A sequence field only has one when its converter is *declared*: one
    without a converter is left as it is.
    """
    if annotation in _DECIMALS:
        optional = _DECIMALS[annotation]
        return field.evolve(converter=_decimal_converter(field.name, optional=optional))
    if annotation in _INTS:
        return field.evolve(converter=_int_converter())
    if annotation in _ENUMS:
        kind, optional = _ENUMS[annotation]
        return field.evolve(
            converter=_enum_converter(kind, field.name, optional=optional)
        )
    if declared and annotation.startswith("tuple[") and annotation.endswith(", ...]"):
        return field.evolve(converter=_sequence_converter(field.name))
    return None


def coerce_fields(
    cls: type, fields: list[attrs.Attribute[Any]]
) -> list[attrs.Attribute[Any]]:
    """Give every decimal, whole-number, model-enum and sequence field the house converter.

    Pass it as ``field_transformer`` to ``attrs.frozen``: the rule is then
    the same on every class, read from the fields' annotations (``Decimal``,
    ``Decimal | None``, ``int``, ``Direction``, ``Pillar | None``, ...) for a field
    without a converter. A field that declares what it accepts for type
    checkers (``converter=decimal_in``, ``direction_in``, ``parties_in``,
    ...) gets the converter of the annotation that converter returns, which
    must be the field's. A sequence field (``converter=as_tuple``,
    ``nfc_texts`` or a declared one such as ``texts_in``) gets one that
    names the field when it refuses text, a mapping or a value that is not
    iterable.

    Raises:
        TypeError: When a declared converter returns another type than the
            field's annotation.
    """
    result = []
    for field in fields:
        # Compared as objects: attrs types a field's converter more narrowly.
        converter: object = field.converter
        if converter is as_tuple:
            field = field.evolve(converter=_sequence_converter(field.name))  # noqa: PLW2901
        elif converter is nfc_texts:
            field = field.evolve(converter=_nfc_sequence(field.name))  # noqa: PLW2901
        elif converter is None:
            field = _house(field, _annotation(field), declared=False) or field  # noqa: PLW2901
        elif getattr(converter, "__module__", None) == _DECLARED:
            kind = _declared(cls, field, converter)
            house = _house(field, kind, declared=True)
            if house is None:
                msg = f"{cls.__name__}.{field.name}: no converter for {kind}"
                raise TypeError(msg)
            field = house  # noqa: PLW2901
        result.append(field)
    return result
