"""The compiled typed reader: msgspec checks a document's shape, Python the rest.

For each model class a msgspec ``Struct`` of the same fields is made on
first use, each field typed as the JSON value the document holds there: a
string, an integer, an enum's value, a ``YYYY-MM-DD`` date, a decimal
string, an array, an object of strings. msgspec then parses the text and,
in the same compiled pass, refuses an unknown key, a value of another JSON
type, an unknown enum value, a date the calendar lacks and a decimal string
that does not match the decimal reader's pattern. Decimals are then made
from their digits and ``extensions`` read by the same reader as on the
plain path; the classes are built without running their converters on
these typed values (they would give them back unchanged), and the
invariants are checked knowing each value's type.

A document is read at most twice. The first, sound reading takes decimals
in plain notation within the model's bounds and ``extensions`` of ASCII
text, integers and finite numbers (read in one pass by `_sound_extensions`);
the agreement it builds is checked in one walk (`sound_agreement_accepts`),
the general checker deciding when that walk is not sure. Anything else
has the second reading take every decimal the decimal reader reads and
``extensions`` as the plain path reads them, checked by the general checker.

It answers only when it is sure: text that msgspec refuses, a decimal
written as a JSON number, a document of another format version, a key
named twice, an agreement whose invariants fail, all give None, and the
caller reads the text on the plain path, which names every problem. So the
reader may be stricter than the plain path, never more lenient; what it
builds is what the plain path builds.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Final,
    Literal,
    Union,
    get_args,
    get_origin,
)

import attrs

from mutualcommit.errors import InvalidAgreementError
from mutualcommit.model import FORMAT, FORMAT_VERSION, Agreement
from mutualcommit.model._frozen import EMPTY, FrozenDict
from mutualcommit.model._invariants import agreement_problems
from mutualcommit.model._sound_check import sound_agreement_accepts
from mutualcommit.model._trusted import trusted_fields

from ._fast_json import lost_members
from ._shape import is_model_class
from ._values import _MAX_INT, DECIMAL_PATTERN, MAX_DEPTH, extensions, parse_float

if TYPE_CHECKING:
    import msgspec

__all__ = ["ENABLED", "read_typed"]

#: The switch: True reads well-formed documents with the typed reader when
#: msgspec can be imported, False never (a test's twin).
ENABLED = True

#: The switch of the first reading: True reads a document first as sound
#: (decimals in plain notation within bounds, extensions of ASCII text and
#: plain numbers), False reads every document as the second reading does,
#: every decimal and extension read in full (a test's twin).
SOUND = True

#: The switch of the one-walk check of a sound agreement: False has the
#: general checker decide every time (a test's twin).
SOUND_CHECK = True

Convert = Callable[[Any], Any]
#: A generated builder: a struct and the list collecting decimal strings.
Build = Callable[[Any, list[str]], Any]

_UNIONS: Final = (Union, type(int | None))


class _UnsupportedTypeError(TypeError):
    """A field type the typed reader has no JSON type for: it stays off."""


def read_typed(raw: bytes) -> Agreement | None:
    """Return the agreement UTF-8 JSON *raw* holds, or None when not sure.

    None says nothing about *raw*: the plain path then reads it and decides.
    """
    if not ENABLED:
        return None
    # First with decimals in plain notation within the model's bounds (the
    # invariants then need not check them); a decimal spelt otherwise
    # (``1.5E+6``) has the document read again with every decimal checked.
    agreement = _read(raw, sound=True) if SOUND else _RETRY
    if agreement is _RETRY:
        agreement = _read(raw, sound=False)
    return None if agreement is _RETRY else agreement  # type: ignore[return-value]


#: What `_read` returns when a decimal is not in plain notation.
_RETRY: Final = object()


def _read(raw: bytes, *, sound: bool) -> Agreement | object | None:
    found = _reader(sound=sound)
    if found is None:
        return None
    decoder, encode, convert = found
    try:
        document = decoder.decode(raw)
    except Exception:  # noqa: BLE001 - any refusal: the plain path says why
        return None
    if (
        document.format != FORMAT
        or document.format_version != FORMAT_VERSION
        or lost_members(raw, document, encode)
    ):
        return None
    try:
        # The list collects the decimal strings, for the first reading to
        # check them all at once.
        agreement: Agreement = convert(document, [])
    except (_DoubtError, InvalidOperation):
        # Extensions or a decimal beyond the first reading's: read them all.
        return _RETRY if sound else None
    except Exception:  # noqa: BLE001 - a value refused, an invariant broken
        return None
    return agreement


@cache
def _reader(*, sound: bool) -> tuple[msgspec.json.Decoder[Any], Convert, Build] | None:
    """Return the decoder, the encoder that writes it back and the converter.

    Made on first use: ``import mutualcommit`` does not build the structs.
    None when msgspec is missing or a field's type has no JSON type here.
    *sound* reads decimals in plain notation within the model's bounds only.
    """
    try:
        import msgspec
    except ImportError:  # pragma: no cover - msgspec is a dependency
        return None
    try:
        made = _Made(msgspec, sound=sound)
        root, convert = made.model(Agreement, header=True)
    except _UnsupportedTypeError:  # pragma: no cover - every model field has one today
        return None
    # A number with a fraction or an exponent inside ``extensions`` (the one
    # place a JSON number is read as such) is parsed as the plain path
    # parses it, from its digits: the extensions reader then makes it the
    # same float.
    decoder: msgspec.json.Decoder[Any] = msgspec.json.Decoder(
        root, float_hook=parse_float
    )
    # Decimals (from extensions' numbers) written back as numbers, as the
    # text has them: compact text then often comes back byte for byte.
    encoder = msgspec.json.Encoder(decimal_format="number")
    return decoder, encoder.encode, convert


class _Made:
    """The structs and converters made so far, one per model class."""

    def __init__(self, msgspec: Any, *, sound: bool) -> None:
        self.msgspec = msgspec
        self.classes: dict[type, tuple[type, Build]] = {}
        # The names the generated code calls, shared by every class.
        self.names: dict[str, Any] = {
            "_Decimal": Decimal,
            "_check": _check_sound if sound else _check,
            "_extensions": _sound_extensions if sound else extensions,
            "_UNSET": msgspec.UNSET,
            "_new": object.__new__,
            "_repeat": itertools.repeat,
        }
        # A decimal string as the decimal reader reads it (a JSON number is
        # left to the plain path). The first reading takes any string and
        # collects it in the list ``_d``: `_check_sound` then checks them all
        # in one match, cheaper than msgspec's search of each.
        self.sound = sound
        self.decimal = str if sound else Annotated[str, msgspec.Meta(pattern=_DECIMAL)]

    def model(self, cls: type, *, header: bool = False) -> tuple[type, Build]:
        """Return the struct of *cls* and the function building *cls* from one."""
        if cls in self.classes:
            return self.classes[cls]
        msgspec = self.msgspec
        attrs.resolve_types(cls)
        fields: list[tuple[Any, ...]] = []
        if header:
            # The header, first as documents write it, checked by read_typed.
            fields += [("format", str), ("format_version", int)]
        prefix = f"_{cls.__name__}"
        lines = ["    self = _new(_cls)"]
        names: dict[str, Any] = {"_cls": cls}
        for i, trusted in enumerate(trusted_fields(cls)):
            field = trusted.field
            at = f"{prefix}_{i}"
            names[f"_set{at}"] = trusted.set
            if not field.init:
                names[f"_default{at}"] = trusted.default
                lines.append(f"    _set{at}(self, _default{at})")
                continue
            kind, read = self.value(field.type, "v")
            if trusted.convert is not None:
                # A converter ``__init__`` would still apply (the mappings').
                names[f"_convert{at}"] = trusted.convert
                read = f"_convert{at}({read})"
            if field.default is attrs.NOTHING:
                fields.append((field.name, kind))
                lines.append(f"    v = s.{field.name}")
                lines.append(f"    _set{at}(self, {read})")
                continue
            # UNSET, not the default: what was left out is written back as
            # left out, so counting members stays exact.
            fields.append((field.name, kind | msgspec.UnsetType, msgspec.UNSET))
            if trusted.factory is not None:
                names[f"_factory{at}"] = trusted.factory
                default = f"_factory{at}()"
                if trusted.convert is not None:
                    default = f"_convert{at}({default})"
            else:
                names[f"_default{at}"] = trusted.default
                default = f"_default{at}"
            lines.append(f"    v = s.{field.name}")
            lines.append(f"    _set{at}(self, {default} if v is _UNSET else {read})")
        if cls is Agreement:
            # Its invariants, knowing every value has its exact type.
            lines.append("    _check(self, _d)")
        elif getattr(cls, "__attrs_post_init__", None) is not None:  # pragma: no cover
            lines.append("    self.__attrs_post_init__()")
        lines.append("    return self")
        # gc=False: a struct holds JSON values only, never a cycle, so the
        # garbage collector need not track the few hundred made per read.
        struct = msgspec.defstruct(
            f"Typed{cls.__name__}",
            fields,
            kw_only=True,
            forbid_unknown_fields=True,
            gc=False,
        )
        name = f"convert_{cls.__name__}"
        namespace = {**self.names, **names}
        source = f"def {name}(s, _d):\n" + "\n".join(lines) + "\n"
        code = compile(source, f"<typed reader of {cls.__qualname__}>", "exec")
        exec(code, namespace)  # noqa: S102 - generated from the class's own fields
        converter: Build = namespace[name]
        self.names[f"_from_{cls.__name__}"] = converter
        self.classes[cls] = (struct, converter)
        return struct, converter

    def value(self, kind: Any, v: str) -> tuple[Any, str]:
        """Return the JSON type of a field of type *kind* and the expression reading it.

        The expression reads the struct's value, named *v*, into the model's.
        """
        origin, args = get_origin(kind), get_args(kind)
        if kind is str or kind is int or kind is bool:
            return kind, v
        if kind is Decimal:
            if self.sound:
                # Collected (append gives None), then made from its digits.
                return self.decimal, f"(_d.append({v}) or _Decimal({v}))"
            return self.decimal, f"_Decimal({v})"
        if kind is dt.date:
            # msgspec reads YYYY-MM-DD only, and refuses a day the month
            # lacks, as the date reader does.
            return dt.date, v
        if isinstance(kind, type) and issubclass(kind, enum.StrEnum):
            return kind, v  # by value, as the plain path's choice reader
        if origin is Literal and all(isinstance(a, str) for a in args):
            return kind, v
        if is_model_class(kind):
            struct, _ = self.model(kind)
            return struct, f"_from_{kind.__name__}({v}, _d)"
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:  # noqa: PLR2004 - tuple[X, ...]
            if is_model_class(args[0]):
                # One call per item: map, without a comprehension's frame.
                struct, _ = self.model(args[0])
                read = f"_from_{args[0].__name__}, {v}, _repeat(_d)"
                return tuple[struct, ...], f"tuple(map({read}))"  # type: ignore[valid-type]
            item, read = self.value(args[0], f"{v}_")
            array = tuple[item, ...]  # type: ignore[valid-type]
            if read == f"{v}_":
                return array, v  # msgspec made the tuple
            function, _, rest = read.partition("(")
            if rest == f"{v}_)" and function.isidentifier():
                # One call per item: map, without a comprehension's frame.
                return array, f"tuple(map({function}, {v}))"
            return array, f"tuple([{read} for {v}_ in {v}])"
        if origin in _UNIONS and len(args) == 2 and type(None) in args:  # noqa: PLR2004 - X | None
            (inner,) = (a for a in args if a is not type(None))
            item, read = self.value(inner, v)
            if read == v:
                return item | None, v
            return item | None, f"None if {v} is None else {read}"
        if origin is Mapping and args == (str, str):
            # msgspec checked every key and value is a string; a key named
            # twice is found by counting members.
            return dict[str, str], v
        if origin is Mapping and args == (str, Any):
            return dict[str, Any], f"_extensions({v})"
        raise _UnsupportedTypeError(kind)


#: What the decimal reader reads from a string (msgspec searches: anchored).
_DECIMAL = rf"^(?:{DECIMAL_PATTERN})\Z"


#: Decimals whose digits the invariants need not check, each followed by a
#: line feed: plain notation, at most 15 digits before the point and 12 after.
_SOUND_DECIMALS = re.compile(r"(?:-?[0-9]{1,15}(?:\.[0-9]{1,12})?\n)*")


class _DoubtError(Exception):
    """Extensions the first reading does not vouch for: read them on the second."""


def _sound_extensions(value: dict[str, Any]) -> FrozenDict[str, Any]:
    """Read ``extensions`` that hold ASCII text, integers and finite numbers only.

    What it reads is what `extensions` reads, and sound for the invariants
    (no lone surrogate, no two keys alike in NFC form, no integer beyond
    2^1023, no infinite number), so they need not look at it again.
    Anything else raises `_DoubtError`, and the second reading decides.
    """
    if not value:
        return EMPTY
    return _sound_object(value, 1)


def _sound_object(value: dict[str, Any], depth: int) -> FrozenDict[str, Any]:
    if depth > MAX_DEPTH or not all(map(str.isascii, value)):
        raise _DoubtError
    result = {}
    for key, item in value.items():
        # ASCII text, the common value, without a call.
        if type(item) is str and item.isascii():
            result[key] = item
        else:
            result[key] = _sound_json(item, depth + 1)
    # The dict made here is the FrozenDict's own: no copy.
    frozen: FrozenDict[str, Any] = _new(FrozenDict)
    _set_data(frozen, result)
    _set_hash(frozen, None)
    _set_text(frozen, None)
    return frozen


def _sound_json(value: Any, depth: int) -> Any:
    kind = type(value)
    if kind is str:
        if value.isascii():
            return value
    elif value is None or kind is bool:
        return value
    elif kind is int:
        if -_MAX_INT <= value <= _MAX_INT:
            return value
    elif kind is Decimal:  # a number with a fraction or exponent: a float
        number = float(value)
        if math.isfinite(number):
            return number
    elif kind is dict:
        return _sound_object(value, depth)
    elif kind is list and depth <= MAX_DEPTH:
        return tuple([_sound_json(item, depth + 1) for item in value])
    raise _DoubtError


_new = object.__new__
# FrozenDict's slots, set as its __init__ sets them.
_set_data = FrozenDict.__dict__["_data"].__set__
_set_hash = FrozenDict.__dict__["_hash"].__set__
_set_text = FrozenDict.__dict__["_text"].__set__


def _check_sound(agreement: Agreement, decimals: list[str]) -> None:
    """Raise when the soundly read agreement breaks an invariant.

    Its extensions are sound (see `_sound_extensions`); its decimals, read
    from the strings *decimals*, are checked here first: any not in plain
    notation within bounds raises `_DoubtError`, for the second reading.
    """
    decimals.append("")
    text = "\n".join(decimals)
    # The count: a line feed inside a string would make two lines of one.
    if _SOUND_DECIMALS.fullmatch(text) is None or text.count("\n") != len(decimals) - 1:
        raise _DoubtError
    # The one-walk checker first; on any doubt the general one decides.
    if SOUND_CHECK and sound_agreement_accepts(agreement):
        return
    if agreement_problems(agreement, typed=True, sound_decimals=True):
        raise InvalidAgreementError([("$", "an invariant is broken")])


def _check(agreement: Agreement, decimals: list[str]) -> None:  # noqa: ARG001
    """Raise when the typed agreement breaks an invariant (which, is for the plain path)."""
    if agreement_problems(agreement, typed=True):
        raise InvalidAgreementError([("$", "an invariant is broken")])
