"""One rule for the types a value is built from: convert the exact, refuse the rest.

Every model class (and `Policy`, `Rule`, `Observation`, `Bands`) runs these
converters on its fields when it is built (`coerce_fields` adds them from
the fields' annotations, in place of the converters the fields declare for
type checkers, see ``_accepts``):

- an enum field takes a member or its lower-case string (``"at_least"``);
  another string raises `ValueError` naming the accepted values;
- a decimal field takes a `~decimal.Decimal`, an int (or another integral
  number, such as a numpy integer) or a decimal string (``"0.1"``, written
  as a document writes one: ``" 12 "`` or ``"1_000"`` is refused, saying
  what to write), all exact; a float, a bool or anything else raises
  `TypeError` saying what to pass (``Decimal('0.1')``; nothing for a
  float NaN or infinity, which no decimal field accepts);
- a day field that declares it (a review's ``held_on``, an action item's
  ``due``) takes a `datetime.date`, None too where it is optional; a
  datetime, text or anything else raises `TypeError` saying how to make a
  date (``datetime.date.fromisoformat(...)``, a datetime's ``.date()``);
- a whole-number field (``version``, ``grace_days``) takes an `int`; a
  subclass's member (an `~enum.IntEnum`'s) is stored as its plain `int`,
  what a document writes and reads back, and so is another integral number
  (a numpy integer); a bool and anything else are left for the invariants
  to refuse;
- a sequence field (ids, attendees, proof) takes a tuple, a list or another
  iterable; text, bytes, a mapping or a value that is not iterable raises
  `TypeError` naming the field (``proof="INV-1"`` would otherwise be five
  letters);
- a field that holds a part of the model (a goal's ``target``, an
  allocation's ``amount``), or a sequence of them (a party's ``capacity``,
  an agreement's ``goals``), takes an instance of that class, None too
  where it is optional; anything else (a float, text, the mapping of a
  part's fields) raises `TypeError` naming the field, or the item at its
  index (``capacity[0]``), so that no value holds a part that is not one.

Only the type is converted here. Whether a value makes sense (a finite
decimal within bounds, a known reference) is an invariant, checked with
every other problem when an `Agreement` is built.

A class built so is decorated with `refuses_with`, which names the error
its construction raises: every field its converters refuse is listed at
once (``value`` and ``direction``, not the first alone), with what the
class's own checks find in the other fields, and the error is a
`TypeError` too when one of the refused values is of the wrong type, or
one its checks found (see ``_problems``).
"""

from __future__ import annotations

import datetime as dt
import linecache
import math
import numbers
import operator
import re
import sys
from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

import attrs

from mutualcommit.errors import (
    ArgumentError,
    InvalidFieldsError,
    ProblemsError,
    also_type_error,
)

from ._calls import miscall_error
from ._decimal import decimal_text_problem, is_decimal_text
from ._enums import (
    Aggregation,
    ContributionKind,
    Direction,
    FundEventKind,
    FundExpiry,
    Period,
    Pillar,
    ReviewKind,
    Role,
    with_article,
)
from ._frozen import as_tuple, nfc, nfc_texts
from ._problems import MARKER
from ._shown import described, did_you_mean
from ._signature import readable_signature

__all__ = [
    "UNREADABLE",
    "as_date",
    "as_decimal",
    "as_enum",
    "as_part",
    "as_parts",
    "as_sequence",
    "coerce_fields",
    "part_problem",
    "refuses_with",
]

E = TypeVar("E", bound=StrEnum)
C = TypeVar("C", bound=type)
T = TypeVar("T")


def decimal_hint(value: object) -> str:
    """Say what to pass for *value*, a float or a bool where a decimal goes.

    ``"; pass Decimal('0.1')"`` for a float (a numpy float64 too, by its
    float value), ``"; pass Decimal(1) if a number is meant"`` for a bool,
    and nothing for another value, or a float NaN or infinity. The
    constructors and the readers of a dict end their message with it.
    """
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


def day_problem(value: object, *, optional: bool = False) -> str:
    """Say that *value*, where a `datetime.date` (or None, when *optional*) goes, is none.

    One wording wherever a day goes, an agreement's, an observation's or a
    fund event's: ``expected a datetime.date, got str '2026-01-01'; pass
    datetime.date.fromisoformat(...)``, with `day_hint`'s way to make one.
    """
    wanted = "a datetime.date or None" if optional else "a datetime.date"
    # A datetime in full: its time zone may be what is wrong with it.
    shown = (
        f"{type(value).__name__} {value!r}"
        if isinstance(value, dt.date)
        else described(value)
    )
    return f"expected {wanted}, got {shown}{day_hint(value)}"


class Unreadable:
    """Stands for a value a reader could not read (passed through untouched).

    A document reader builds the model with this in place of each bad value,
    so that the agreement's invariants still report every other problem.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return MARKER


#: The one `Unreadable` value.
UNREADABLE: Any = Unreadable()


def as_decimal(name: str, value: object) -> Decimal:
    """Return *value* as a `~decimal.Decimal`: a Decimal, an int or a decimal string.

    An integral number of another type (a numpy integer, which a DataFrame's
    rows hold) is exact too, and is taken as its int. A string is read by
    the documents' rule, `~mutualcommit.model._decimal.DECIMAL_PATTERN`
    (``"12.50"``, ``"-0.5"``, ``"1.5E+6"``; not ``" 12 "``, ``"1_000"``,
    ``"+5"``, ``".5"``, ``"NaN"`` or digits of other scripts), so that a
    value built in code takes the text a document does.

    Args:
        name: The field's name, for the message.
        value: The value given.

    Raises:
        ArgumentError: Naming *name*, when *value* is a float, a bool or
            another type (a `TypeError` too), or a string that is not a
            decimal number.
    """
    if isinstance(value, Decimal) or value is UNREADABLE:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str):
        if is_decimal_text(value):
            return Decimal(value)
        msg = f"{name}: {decimal_text_problem(value)}"
        raise ArgumentError(msg, name)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return Decimal(int(value))
    msg = (
        f"{name}: expected a Decimal, int or decimal string, "
        f"got {described(value)}{decimal_hint(value)}"
    )
    raise also_type_error(ArgumentError)(msg, name)


def as_date(name: str, value: object, *, optional: bool = False) -> dt.date | None:
    """Return *value*, a day: a `datetime.date` (or None, when *optional*).

    A datetime is refused, as everywhere a day goes: its time (and time
    zone) would be dropped without a word. So is text, which a document
    reader turns into a date and code passes as one.

    Args:
        name: The field's name, for the message.
        value: The value given.
        optional: Whether None is a value of the field.

    Raises:
        ArgumentError: Naming *name*, a `TypeError` too, when *value* is no
            date (a datetime, text, None where the field needs a day),
            saying how to make one (`day_problem`).
    """
    if value is UNREADABLE or (value is None and optional):
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    msg = f"{name}: {day_problem(value, optional=optional)}"
    raise also_type_error(ArgumentError)(msg, name)


def as_enum(kind: type[E], name: str, value: object) -> E:
    """Return *value* as a member of *kind*: a member, or its string value.

    Args:
        kind: The enum.
        name: The field's name, for the message.
        value: The value given.

    Raises:
        ArgumentError: Naming *name*, when *value* is a string that is not
            one of the values, or neither a member nor a string (a
            `TypeError` too).
    """
    if isinstance(value, kind) or value is UNREADABLE:
        return value
    choices = ", ".join(repr(member.value) for member in kind)
    if isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            msg = (
                f"{name}: expected one of {choices}, got {described(value)}"
                + did_you_mean(value, (member.value for member in kind), repr)
            )
            raise ArgumentError(msg, name) from None
    msg = (
        f"{name}: expected {with_article(kind.__name__)} or one of {choices}, "
        f"got {described(value)}"
    )
    raise also_type_error(ArgumentError)(msg, name)


#: The decimal fields, by their annotation.
_DECIMALS = {"Decimal": False, "Decimal | None": True}
#: The whole-number fields, by their annotation.
_INTS = frozenset({"int", "int | None"})
#: The day fields, by their annotation: converted only where declared
#: (``converter=day_in``), as a sequence field is.
_DAYS = {"dt.date": False, "dt.date | None": True}


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
        ReviewKind,
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


def _accepting(
    convert: Callable[[object], Any], accepts: str, annotation: str
) -> Callable[[object], Any]:
    """Annotate *convert* with what it *accepts*: what a signature shows for its field.

    attrs and `~mutualcommit.model._signature.readable_signature` read a
    converter's first parameter for what its field takes.
    """
    convert.__annotations__ = {"value": accepts, "return": annotation}
    return convert


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
        if isinstance(value, numbers.Integral) and not isinstance(value, bool):
            return operator.index(value)  # a numpy integer, as a decimal's is
        return value  # None, or a bad value for the invariants to name

    return convert


def _day_converter(name: str, *, optional: bool) -> Callable[[object], Any]:
    def convert(value: object) -> dt.date | None:
        if type(value) is dt.date:  # the common case, first
            return value
        return as_date(name, value, optional=optional)

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
        ArgumentError: Naming *name*, a `TypeError` too, when *value* is
            text, bytes, a mapping or not iterable.
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
        f"{name}: expected a sequence (a tuple or a list), got {described(value)}{hint}"
    )
    raise also_type_error(ArgumentError)(msg, name)


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


def part_problem(kind: type, value: object, *, optional: bool = False) -> str:
    """Say that *value*, where an instance of *kind* (a part of the model) goes, is none.

    ``expected a Target or None, got str 'x'``; for a mapping, which holds
    a part's fields but is no part, how to build one of them.
    """
    wanted = with_article(kind.__name__) + (" or None" if optional else "")
    hint = ""
    if isinstance(value, Mapping):
        hint = f"; pass {kind.__name__}(**fields) to build one from its fields"
    return f"expected {wanted}, got {described(value)}{hint}"


def as_part(kind: type[T], name: str, value: object, *, optional: bool = False) -> T:
    """Return *value*, a field's part of the model: an instance of *kind*.

    None too, when *optional*. A mapping of the part's fields is no part:
    a value that held it would be neither typed nor hashable.

    Args:
        kind: The class of the part (`Target`, `Quantity`, ...).
        name: The field's name, for the message.
        value: The value given.
        optional: Whether None is a value of the field.

    Raises:
        ArgumentError: Naming *name*, a `TypeError` too, when *value* is
            not a *kind* (`part_problem`).
    """
    if isinstance(value, kind) or value is UNREADABLE or (value is None and optional):
        return value  # type: ignore[return-value]
    msg = f"{name}: {part_problem(kind, value, optional=optional)}"
    raise also_type_error(ArgumentError)(msg, name)


class _RefusedParts(TypeError):  # noqa: N818 - a signal, not an error
    """Items of a sequence field that are not the part of the model it holds.

    An internal signal: raised by the field's converter (see `as_parts`)
    and caught by the ``__init__`` of the class built with `refuses_with`,
    which lists each item at its index, as its own problem, and judges the
    other items with `UNREADABLE` in place of each refused one. (A
    `TypeError` whose message lists the items, should the converter be
    called by itself.)

    Attributes:
        problems: ``(path, message)`` for each refused item, its path the
            field's name and its index (``capacity[0]``).
        kept: The items, each refused one replaced by `UNREADABLE`.
    """

    def __init__(
        self, problems: tuple[tuple[str, str], ...], kept: tuple[Any, ...]
    ) -> None:
        super().__init__("; ".join(f"{path}: {message}" for path, message in problems))
        self.problems = problems
        self.kept = kept

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems, self.kept), self.__dict__ or None)


def as_parts(kind: type[T], name: str, value: object) -> tuple[T, ...]:
    """Return *value*, a sequence of parts of the model (``capacity``), as a tuple.

    The sequence is taken as `as_sequence` takes it, and each item must be
    a *kind*.

    Args:
        kind: The class of the items (`Quantity`, `Party`, ...).
        name: The field's name, for the messages.
        value: The value given.

    Raises:
        ArgumentError: Naming *name*, a `TypeError` too, when *value* is no
            sequence (see `as_sequence`).
        _RefusedParts: Listing each item that is not a *kind*, at its index.
    """
    items = as_sequence(name, value)
    for item in items:
        if type(item) is not kind and not (
            isinstance(item, kind) or item is UNREADABLE
        ):
            break
    else:
        return items
    problems = tuple(
        (f"{name}[{i}]", part_problem(kind, item))
        for i, item in enumerate(items)
        if not (isinstance(item, kind) or item is UNREADABLE)
    )
    kept = tuple(item if isinstance(item, kind) else UNREADABLE for item in items)
    raise _RefusedParts(problems, kept)


def _part_converter(
    kind: type, name: str, *, optional: bool
) -> Callable[[object], Any]:
    def convert(value: object) -> object:
        if type(value) is kind:  # the common case, first
            return value
        return as_part(kind, name, value, optional=optional)

    return convert


def _parts_converter(kind: type, name: str) -> Callable[[object], tuple[Any, ...]]:
    def convert(value: object) -> tuple[Any, ...]:
        return as_parts(kind, name, value)

    return convert


#: A field that holds one part of the model, by its annotation: ``Target``,
#: ``Target | None``.
_PART = re.compile(r"([A-Z]\w*)( \| None)?")
#: A field that holds a sequence of parts: ``tuple[Quantity, ...]``.
_PARTS = re.compile(r"tuple\[([A-Z]\w*), \.\.\.\]")
#: The package whose classes are the parts of the model.
_MODEL = __name__.rpartition(".")[0]


def _part(cls: type, name: str) -> type | None:
    """Return the class of the model *name* is in *cls*'s module, or None.

    Read from the module as it is while *cls* is being built: a part is
    defined, or imported, above the class that holds it.
    """
    kind = getattr(sys.modules.get(cls.__module__), name, None)
    if (
        isinstance(kind, type)
        and attrs.has(kind)
        and kind.__module__.startswith(f"{_MODEL}.")
    ):
        return kind
    return None


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
    cls: type,
    field: attrs.Attribute[Any],
    annotation: str,
    *,
    accepts: str | None = None,
) -> attrs.Attribute[Any] | None:
    """Return *field* with the house converter for *annotation*, or None if none.

    A sequence or day field only has one when its converter is declared,
    saying what it *accepts* (its parameter's annotation, which the house
    converter takes on): one without a converter is left as it is. A field
    that holds a part of the model, one or a sequence of them, is read in
    *cls*'s module.
    """
    convert: Callable[[object], Any]
    part = _PART.fullmatch(annotation)
    parts = _PARTS.fullmatch(annotation)
    if annotation in _DECIMALS:
        optional = _DECIMALS[annotation]
        convert = _decimal_converter(field.name, optional=optional)
        default = "Decimal | int | str" + (" | None" if optional else "")
    elif annotation in _INTS:
        convert, default = _int_converter(), annotation
    elif annotation in _ENUMS:
        kind, optional = _ENUMS[annotation]
        convert = _enum_converter(kind, field.name, optional=optional)
        default = f"{kind.__name__} | str" + (" | None" if optional else "")
    elif accepts is not None and annotation in _DAYS:
        convert = _day_converter(field.name, optional=_DAYS[annotation])
        default = accepts
    elif part is not None and (held := _part(cls, part.group(1))) is not None:
        optional = part.group(2) is not None
        convert = _part_converter(held, field.name, optional=optional)
        default = annotation
    elif (
        accepts is not None
        and parts is not None
        and (held := _part(cls, parts.group(1))) is not None
    ):
        convert, default = _parts_converter(held, field.name), accepts
    elif (
        accepts is not None
        and annotation.startswith("tuple[")
        and annotation.endswith(", ...]")
    ):
        convert, default = _sequence_converter(field.name), accepts
    else:
        return None
    return field.evolve(converter=_accepting(convert, accepts or default, annotation))


def coerce_fields(
    cls: type, fields: list[attrs.Attribute[Any]]
) -> list[attrs.Attribute[Any]]:
    """Give every decimal, whole-number, model-enum, sequence, day and part field the house converter.

    Pass it as ``field_transformer`` to ``attrs.frozen``: the rule is then
    the same on every class, read from the fields' annotations (``Decimal``,
    ``Decimal | None``, ``int``, ``Direction``, ``Pillar | None``, ...) for a field
    without a converter. A field that declares what it accepts for type
    checkers (``converter=decimal_in``, ``direction_in``, ``parties_in``,
    ...) gets the converter of the annotation that converter returns, which
    must be the field's. A sequence field (``converter=as_tuple``,
    ``nfc_texts`` or a declared one such as ``texts_in``) gets one that
    names the field when it refuses text, a mapping or a value that is not
    iterable. A day field that declares ``day_in`` or ``optional_day_in``
    gets one that names the field when it refuses what is no date. A field
    annotated with a class of the model (``Target | None``, ``Quantity``),
    and a sequence field of one that declares its converter
    (``tuple[Quantity, ...]``, ``quantities_in``), gets one that refuses
    what is not an instance of it, naming the field or the item.

    Raises:
        TypeError: When a declared converter returns another type than the
            field's annotation.
    """
    result = []
    for field in fields:
        # Compared as objects: attrs types a field's converter more narrowly.
        converter: object = field.converter
        if converter is as_tuple or converter is nfc_texts:
            annotation = _annotation(field)
            convert = (
                _sequence_converter(field.name)
                if converter is as_tuple
                else _nfc_sequence(field.name)
            )
            # tuple[str, ...] takes an Iterable[str].
            accepts = f"Iterable[{annotation.removeprefix('tuple[')[: -len(', ...]')]}]"
            field = field.evolve(converter=_accepting(convert, accepts, annotation))  # noqa: PLW2901
        elif converter is None:
            field = _house(cls, field, _annotation(field)) or field  # noqa: PLW2901
        elif getattr(converter, "__module__", None) == _DECLARED:
            kind = _declared(cls, field, converter)
            accepts = converter.__annotations__["value"]
            house = _house(cls, field, kind, accepts=accepts)
            if house is None:
                msg = f"{cls.__name__}.{field.name}: no converter for {kind}"
                raise TypeError(msg)
            field = house  # noqa: PLW2901
        result.append(field)
    return result


# -- Every refused field at once ------------------------------------------------
#
# attrs' ``__init__`` runs the converters one field after the other, and the
# first that refuses its value ends it. `refuses_with` gives the class an
# ``__init__`` that does what attrs' does, statement for statement, inside a
# ``try``, which costs nothing until something is raised: a valid value, the
# common case by far, is built as fast as before (a little faster: it sets
# the slots directly, as ``_trusted``'s builders do). Only when a converter
# refuses are the remaining fields converted, each refusal collected, and
# the class's checks run over the rest.


def refuses_with(error: type[ProblemsError]) -> Callable[[C], C]:
    """Make a class built with `coerce_fields` report every field it refuses at once.

    Use it above ``attrs.frozen``. When a converter refuses a value, every
    field is converted (none twice: the fields set before keep their
    values), and the construction raises *error* listing each refusal at
    its field's name (``("value", "expected a decimal string or a number,
    got str 'abc'")``), the message's own ``value: `` aside. The class's
    ``__attrs_post_init__`` then runs with `UNREADABLE` in place of each
    refused value: the problems its *error* (or another `ProblemsError`)
    lists at the other fields are added, in field order, so that one error
    says everything wrong with the value (an `Observation`'s ``metric`` and
    ``at`` with its ``value``). Checks that cannot judge the marker run
    again with each refused field's default, when each has one, and add
    nothing when they cannot judge that either. When one refusal at least
    is a `TypeError` (a float for a decimal), the error raised is *error*'s
    twin that is a `TypeError` too (see
    `~mutualcommit.errors.also_type_error`): ``except TypeError`` catches it
    as it caught that refusal alone.

    An `~mutualcommit.errors.InvalidFieldsError` is given the class's name
    (``invalid Target (2 problems)``). What the converters accept is not
    changed, and neither is what a valid value costs to build. The class
    gets the signature its fields describe, too (see `readable_signature`).
    A call that does not match the fields (a keyword that names none, a
    required field left out, a positional argument too many) raises an
    `~mutualcommit.errors.ArgumentError` that is a `TypeError` too, naming
    the fields and the one a misspelt keyword likely means (see
    ``_calls``), in place of Python's bare `TypeError`.

    The class's ``__init__`` is written again, as attrs writes it, the first
    time a value is built: the features of attrs it does not write (a
    validator, an ``on_setattr`` hook, ``__attrs_pre_init__``, a factory or
    a converter that takes the instance, a class without slots) are refused
    when the class is decorated.

    Args:
        error: What the construction raises: `InvalidFieldsError`, or the
            error the class's own checks raise.

    Raises:
        TypeError: When the class uses a feature of attrs the ``__init__``
            does not write.
    """

    def decorate(cls: C) -> C:
        _unsupported(cls)

        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:  # noqa: N807
            # Written on first use, as attrs writes it at import: a program
            # pays only for the classes it builds.
            init = _checked_init(cls, error)
            init(self, *args, **kwargs)

        __init__.__qualname__ = f"{cls.__qualname__}.__init__"
        cls.__init__ = __init__  # type: ignore[misc]
        return readable_signature(cls)

    return decorate


def _unsupported(cls: type) -> None:
    """Refuse *cls* when its attrs ``__init__`` does what `_checked_init` does not write."""
    problems = []
    if hasattr(cls, "__attrs_pre_init__"):
        problems.append("__attrs_pre_init__")
    if "__slots__" not in cls.__dict__:
        problems.append("no slots")
    for field in attrs.fields(cls):
        default = field.default
        if field.validator is not None:
            problems.append(f"{field.name}: a validator")
        if field.on_setattr not in (None, attrs.setters.NO_OP):
            problems.append(f"{field.name}: an on_setattr hook")
        if isinstance(field.converter, attrs.Converter):
            problems.append(f"{field.name}: a converter that takes the instance")
        if isinstance(default, attrs.Factory) and default.takes_self:  # type: ignore[arg-type]
            problems.append(f"{field.name}: a factory that takes the instance")
    if problems:
        msg = f"{cls.__qualname__}: refuses_with cannot write {', '.join(problems)}"
        raise TypeError(msg)


def _checked_init(cls: type, error: type[ProblemsError]) -> Callable[..., None]:
    """Write and put in place *cls*'s ``__init__``: attrs' own, in a ``try``.

    It takes what attrs' takes, and more, to say what is wrong with a call
    that does not match the fields (see ``_calls``): positional arguments
    beyond its own, keywords that name no field, and each required field
    left out (a sentinel default), checked in one test before anything
    else.
    """
    namespace: dict[str, Any] = {
        "_cls": cls,
        "_error": error,
        "_refused": _refused,
        "_miscalled": _miscalled,
        "_REFUSALS": (TypeError, ValueError),
        "_NOTHING": attrs.NOTHING,
        "_REQUIRED": _REQUIRED,
    }
    positional: list[str] = []
    keywords: list[str] = []
    given: list[str] = []
    required: list[str] = []
    lines: list[str] = []
    for i, field in enumerate(attrs.fields(cls)):
        # The slot itself: a frozen class refuses setattr, its slots do not.
        namespace[f"_set_{i}"] = cls.__dict__[field.name].__set__
        namespace[f"_convert_{i}"] = field.converter
        default = field.default
        factory = default.factory if isinstance(default, attrs.Factory) else None  # type: ignore[arg-type]
        namespace[f"_factory_{i}"] = factory
        namespace[f"_default_{i}"] = default
        name = field.alias or field.name
        if not field.init:
            # attrs sets its default, or its factory's.
            value = f"_factory_{i}()" if factory is not None else f"_default_{i}"
        else:
            value = name
            if factory is not None:
                # As attrs writes it: the factory is called when none is given.
                parameter = f"{name}=_NOTHING"
                value = f"(_factory_{i}() if {name} is _NOTHING else {name})"
            elif default is attrs.NOTHING:
                parameter = f"{name}=_REQUIRED"
                required.append(name)
            else:
                parameter = f"{name}=_default_{i}"
            (keywords if field.kw_only else positional).append(parameter)
            given.append(name)
        if field.converter is not None:
            value = f"_convert_{i}({value})"
        lines.append(f"        _set_{i}(self, {value})")
    parameters = ", ".join(
        ["self", *positional, "*_positional", *keywords, "**_unknown"]
    )
    arguments = ", ".join(given) + ("," if len(given) == 1 else "")
    left_out = "".join(f" or {name} is _REQUIRED" for name in required)
    values = ", ".join(required) + ("," if len(required) == 1 else "")
    check = getattr(cls, "__attrs_post_init__", None) is not None
    source = (
        f"def __init__({parameters}):\n"
        f"    if _positional or _unknown{left_out}:\n"
        f"        _miscalled(_cls, len(_positional), _unknown, ({values}))\n"
        "    try:\n" + "\n".join(lines) + "\n    except _REFUSALS as _refusal:\n"
        f"        _refused(_cls, _error, self, ({arguments}), _refusal)\n"
        "        raise\n" + ("    self.__attrs_post_init__()\n" if check else "")
    )
    filename = f"<mutualcommit {cls.__module__}.{cls.__qualname__}.__init__>"
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our own text
    # As attrs does: a traceback through it shows its lines.
    linecache.cache[filename] = (
        len(source),
        None,
        source.splitlines(keepends=True),
        filename,
    )
    init: Callable[..., None] = namespace["__init__"]
    init.__module__ = cls.__module__
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[misc]
    return init


class _Required:
    """The default of a required field in a written ``__init__``: none was given."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<required>"


#: The one `_Required` value.
_REQUIRED = _Required()


def _miscalled(
    cls: type, extra: int, unknown: Mapping[str, Any], required: tuple[Any, ...]
) -> None:
    """Raise the error of a call of *cls* that does not match its fields.

    Args:
        cls: The class called.
        extra: How many positional arguments it was given beyond its own.
        unknown: The keywords given that name no field.
        required: The values of its required fields, in order, `_REQUIRED`
            for each left out.

    Raises:
        ArgumentError: A `TypeError` too (see ``_calls.miscall_error``).
    """
    names = [
        field.alias or field.name
        for field in attrs.fields(cls)
        if field.init and field.default is attrs.NOTHING
    ]
    missing = [
        name for name, value in zip(names, required, strict=True) if value is _REQUIRED
    ]
    raise miscall_error(cls, extra=extra, unknown=unknown, missing=missing)


def _refused(
    cls: type,
    error: type[ProblemsError],
    instance: Any,
    arguments: tuple[Any, ...],
    first: BaseException,
) -> None:
    """Raise *error* with every field of *cls* its converters refuse, if any.

    Called when *cls*'s ``__init__`` met a `TypeError` or a `ValueError`,
    *first*, while it set the fields of *instance*, given *arguments* (the
    ``__init__``'s, in field order). When no converter refuses anything
    the error came from elsewhere (a factory): this returns, and it is
    raised as it is.

    Items of a sequence refused as no part of the model (`_RefusedParts`)
    are each a problem at its index, and the field keeps the other items
    for the class's checks to judge.
    """
    fields = [field for field in attrs.fields(cls) if field.init]
    problems: list[tuple[str, str]] = []
    refused: set[str] = set()
    of_type = False
    values: dict[str, Any] = {}
    # The items the first field not set refused, read once: a generator of
    # items is not read twice.
    parts = first if isinstance(first, _RefusedParts) else None
    for field, given in zip(fields, arguments, strict=True):
        try:
            # Set before the refusal: converted already, and once (an
            # iterator is not read twice).
            values[field.name] = getattr(instance, field.name)
            continue
        except AttributeError:
            pass
        value = given
        if value is attrs.NOTHING:
            value = field.default.factory()
        if field.converter is None:
            values[field.name] = value
            continue
        try:
            if parts is None:
                values[field.name] = field.converter(value)
        except _RefusedParts as refusal:
            parts = refusal
        except (TypeError, ValueError) as refusal:
            message = str(refusal).removeprefix(f"{field.name}: ")
            problems.append((field.name, message))
            refused.add(field.name)
            of_type = of_type or isinstance(refusal, TypeError)
            values[field.name] = UNREADABLE
        if parts is not None:
            problems.extend(parts.problems)
            of_type = True
            values[field.name] = parts.kept
            parts = None
    if not problems:
        return
    found, found_type = _checks(cls, instance, values, refused)
    problems.extend(found)
    of_type = of_type or found_type
    order = {field.name: i for i, field in enumerate(attrs.fields(cls))}
    problems.sort(key=lambda problem: order.get(_head(problem[0]), len(order)))
    kind = also_type_error(error) if of_type else error
    if issubclass(kind, InvalidFieldsError):
        raise kind(problems, cls.__name__) from None
    raise kind(problems) from None


def _checks(
    cls: type, instance: Any, values: dict[str, Any], refused: set[str]
) -> tuple[list[tuple[str, str]], bool]:
    """Return what *cls*'s own checks find in the fields that were not refused.

    They run with `UNREADABLE` in place of each refused value; checks that
    cannot judge it (that iterate a refused mapping, say) run again with
    each refused field's default, when every one has one: they judge the
    other fields alike, and what they say of the defaults is left out.

    Returns:
        The problems, and whether the checks raised their error as a
        `TypeError`: for a value of the wrong type they were given, never
        for the marker, which stands for no value (see
        ``_problems.of_wrong_type``).
    """
    check = getattr(cls, "__attrs_post_init__", None)
    if check is None:
        return [], False
    fields = attrs.fields(cls)
    for field in fields:
        held = values[field.name] if field.name in values else _made(field)
        object.__setattr__(instance, field.name, held)
    try:
        check(instance)
    except ProblemsError as found:
        return _others(found, refused), isinstance(found, TypeError)
    except Exception:  # noqa: BLE001 - checks that cannot judge a marker
        if any(f.default is attrs.NOTHING for f in fields if f.name in refused):
            return [], False
        for field in fields:
            if field.name in refused:
                object.__setattr__(instance, field.name, _made(field))
        try:
            check(instance)
        except ProblemsError as found:
            return _others(found, refused), isinstance(found, TypeError)
        except Exception:  # noqa: BLE001 - nor the defaults: nothing to add
            return [], False
    return [], False


def _made(field: attrs.Attribute[Any]) -> Any:
    """Return *field*'s default as ``__init__`` makes it (converted, or its factory's)."""
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = default.factory()
    convert: Any = field.converter  # never an attrs.Converter (see _unsupported)
    if convert is not None and default is not attrs.NOTHING:
        return convert(default)
    return default


def _others(found: ProblemsError, refused: set[str]) -> list[tuple[str, str]]:
    """Return *found*'s problems but those at a refused field or of the marker."""
    marker = repr(UNREADABLE)
    return [
        (path, message)
        for path, message in found.problems
        # What a refused value's check says is about the marker.
        if _head(path) not in refused and marker not in message
    ]


def _head(path: str) -> str:
    """Return the field a model path starts at: ``goals`` of ``goals[2].id``."""
    for at, char in enumerate(path):
        if char in ".[":
            return path[:at]
    return path
