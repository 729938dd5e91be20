"""The canonical form of an agreement and its JSON.

One encoder writes the canonical JSON: RFC 8785 (the JSON Canonicalization
Scheme) over the document in which fields equal to their default are left
out, strings are NFC-normalised first (a documented departure from RFC 8785)
and Decimals are written as canonical decimal strings. ``extensions``, the
host's data and never part of the terms, are written as they are held:
their text is not normalised, so that they read back untouched. The
fingerprint of the terms and ``dumps(..., canonical=True)`` both come from
here.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
import unicodedata
from collections.abc import Callable, Hashable, Mapping
from decimal import Decimal
from functools import cache
from types import UnionType
from typing import TYPE_CHECKING, Any, Union, cast, get_args, get_origin

import attrs

from mutualcommit.errors import ArgumentError, also_type_error

from ._decimal import decimal_text
from ._paths import key_path

if TYPE_CHECKING:
    # Bound at run time by ``_agreement``, which imports this module.
    from ._agreement import Agreement

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "canonical_document",
    "canonical_json",
    "canonical_record",
    "canonical_terms",
    "fingerprint_of",
    "number_text",
]

#: The value of a document's ``"format"`` key.
FORMAT = "mutualcommit.agreement"
#: The format version this library writes.
FORMAT_VERSION = 1

#: Agreement fields that are not part of the terms.
NON_TERM_FIELDS = frozenset({"reviews", "signatures", "extensions"})


def _fields_with_defaults(cls: type) -> tuple[tuple[str, Any], ...]:
    """Return ``(name, default)`` per init field of an attrs class, in order."""
    return _cached_fields(cast("Hashable", cls))


@cache
def _cached_fields(cls: Any) -> tuple[tuple[str, Any], ...]:
    result = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()
        elif default is attrs.NOTHING:
            default = _REQUIRED
        result.append((field.name, default))
    return tuple(result)


_REQUIRED = object()


def _nfc(text: str) -> str:
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def _plain(value: Any, *, terms: bool) -> Any:
    """Return the canonical JSON-like form of a model value."""
    # The commonest exact types first, each to the branch below it would
    # reach (an exact str is no enum member).
    cls = type(value)
    if cls is str:
        return _nfc(value)
    if cls is Decimal:
        return decimal_text(value)
    if cls is tuple:
        return [_plain(v, terms=terms) for v in value]
    if isinstance(value, str):
        # StrEnum members are str too: write their plain value.
        return _nfc(value.value if isinstance(value, enum.Enum) else value)
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {_nfc(k): _plain(v, terms=terms) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v, terms=terms) for v in value]
    if attrs.has(type(value)):
        return _entity(value, terms=terms)
    msg = f"not a model value: {value!r}"
    raise TypeError(msg)


_TERMS_SKIP = frozenset({"extensions"})
_NO_SKIP: frozenset[str] = frozenset()


def _host(value: Any) -> Any:
    """Return an entity's ``extensions`` value as JSON-like values, its text as held.

    Host data is no term: the canonical form writes it as the host gave it
    (objects with their keys sorted by the encoder, numbers in RFC 8785's
    form), without normalising its text, so that it reads back untouched.
    The invariants hold it to JSON values (see `freeze_json`).
    """
    if isinstance(value, str | bool | int | float) or value is None:
        return value
    if isinstance(value, Mapping):
        return {key: _host(item) for key, item in value.items()}
    return [_host(item) for item in value]


def _entity(obj: Any, *, terms: bool) -> dict[str, Any]:
    skip = _TERMS_SKIP if terms else _NO_SKIP
    return _entity_writer(cast("Hashable", type(obj)), skip)(obj)


def _plain_entity_writer(
    cls: Any, skip: frozenset[str]
) -> Callable[[Any], dict[str, Any]]:
    """Return a writer of *cls*'s canonical form that loops over its fields.

    The plain twin of `_entity_writer`: fields named in *skip* are left out,
    and so is every field equal to its default.
    """
    terms = "extensions" in skip

    def write(obj: Any) -> dict[str, Any]:
        result = {}
        for name, default in _fields_with_defaults(cls):
            if name in skip:
                continue
            value = getattr(obj, name)
            if default is not _REQUIRED and value == default:
                continue
            result[name] = (
                _host(value) if name == "extensions" else _plain(value, terms=terms)
            )
        return result

    return write


@cache
def _entity_writer(cls: Any, skip: frozenset[str]) -> Callable[[Any], dict[str, Any]]:
    """Return `_plain_entity_writer` for *cls* as generated straight-line code.

    Each field is read once and compared with its default; a field whose
    annotation says it holds a decimal, a date, an integer or a string is
    written by that type's expression (a string only when it is an exact
    `str`, an enum member goes through `_plain`), every other value by
    `_plain`, as the loop writes it.
    """
    attrs.resolve_types(cls)
    terms = "extensions" in skip
    namespace: dict[str, Any] = {
        "_plain": _plain,
        "_host": _host,
        "_entity": _entity,
        "_nfc": _nfc,
        "_decimal_text": decimal_text,
        "_str": str,
    }
    lines = ["def write(o):", "    d = {}"]
    defaults = dict(_fields_with_defaults(cls))
    for index, field in enumerate(attrs.fields(cls)):
        name = field.name
        if not field.init or name in skip:
            continue
        default = defaults[name]
        kind = field.type
        if default is None and _optional_inner(kind) is not None:
            kind = _optional_inner(kind)
        if name == "extensions":
            value = "_host(v)"  # host data, written as it is held
        else:
            value = _value_expression(kind, terms=terms, namespace=namespace)
        lines.append(f"    v = o.{name}")
        if default is _REQUIRED:
            lines.append(f"    d[{name!r}] = {value}")
            continue
        if default is None:
            test = "v is not None"
        else:
            default_name = f"_default_{index}"
            namespace[default_name] = default
            test = f"not (v == {default_name})"
        lines.append(f"    if {test}:")
        lines.append(f"        d[{name!r}] = {value}")
    lines.append("    return d")
    exec("\n".join(lines), namespace)  # noqa: S102 - our own generated code
    writer: Callable[[Any], dict[str, Any]] = namespace["write"]
    return writer


def _value_expression(
    kind: Any, *, terms: bool, namespace: dict[str, Any], v: str = "v"
) -> str:
    """Return the expression writing value *v* annotated *kind*, as `_plain` does.

    Where the annotation names a class, the expression checks that *v* is
    of exactly that class and hands anything else to `_plain`.
    """
    plain = f"_plain({v}, terms={terms})"
    if kind is Decimal:
        return f"_decimal_text({v})"
    if kind is dt.date:
        return f"{v}.isoformat()"
    if kind is int:
        return v
    if kind is str:
        return f"(_nfc({v}) if {v}.__class__ is _str else {plain})"
    if attrs.has(kind):
        name = f"_class_{kind.__name__}"
        namespace[name] = kind
        return f"(_entity({v}, terms={terms}) if {v}.__class__ is {name} else {plain})"
    args = get_args(kind)
    if get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis:  # noqa: PLR2004 - tuple[X, ...]
        item = _value_expression(args[0], terms=terms, namespace=namespace, v="x")
        if item != f"_plain(x, terms={terms})":
            return f"([{item} for x in {v}] if {v}.__class__ is tuple else {plain})"
    return plain


def _optional_inner(kind: Any) -> Any:
    """Return X of ``X | None``, or None for any other annotation."""
    args = get_args(kind)
    if get_origin(kind) in (Union, UnionType) and len(args) == 2:  # noqa: PLR2004 - X | None
        others = [a for a in args if a is not type(None)]
        if len(others) == 1:
            return others[0]
    return None


def canonical_document(agreement: Agreement) -> dict[str, Any]:
    """Return the agreement's canonical document as JSON-like Python values.

    Fields equal to their default are left out, strings are NFC, Decimals are
    canonical decimal strings and dates ISO 8601 strings.

    Raises:
        ArgumentError: A `TypeError` too, when *agreement* is not an
            `Agreement` (a goal's canonical form is no agreement document).
    """
    _check_agreement(agreement)
    document = {"format": FORMAT, "format_version": FORMAT_VERSION}
    document.update(_entity(agreement, terms=False))
    return document


def _check_agreement(agreement: object) -> None:
    """Refuse what is not an agreement, as `dumps` and `to_dict` do."""
    from ._agreement import Agreement  # here: it imports this module

    if not isinstance(agreement, Agreement):
        msg = f"expected an Agreement, got {type(agreement).__name__}"
        raise also_type_error(ArgumentError)(msg, "agreement")


def canonical_record(record: Any) -> dict[str, Any]:
    """Return a model record (a `FundEvent`, say) in canonical form, as a document's entities are.

    Fields equal to their default are left out, strings are NFC, Decimals are
    canonical decimal strings and dates ISO 8601 strings.
    """
    return _entity(record, terms=False)


def canonical_terms(agreement: Agreement) -> dict[str, Any]:
    """Return the terms: the canonical document without ``format_version``,
    ``signatures``, ``reviews`` and every ``extensions``.

    Raises:
        ArgumentError: A `TypeError` too, when *agreement* is not an
            `Agreement`.
    """  # noqa: D205 - the summary is one sentence
    _check_agreement(agreement)
    document: dict[str, Any] = {"format": FORMAT}
    writer = _entity_writer(cast("Hashable", type(agreement)), NON_TERM_FIELDS)
    document.update(writer(agreement))
    return document


def fingerprint_of(agreement: Agreement) -> str:
    """Return ``"sha256:"`` and the hex SHA-256 of the terms' canonical JSON."""
    data = canonical_json(canonical_terms(agreement)).encode("utf-8")
    import hashlib  # on first use: importing OpenSSL costs milliseconds

    return "sha256:" + hashlib.sha256(data).hexdigest()


def _utf16_key(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


_encode_string = json.JSONEncoder(ensure_ascii=False).encode


def canonical_json(value: Any) -> str:
    """Serialize JSON-like *value* as RFC 8785 canonical JSON.

    Object keys are sorted by their UTF-16 code units, no whitespace is
    written, strings are escaped minimally and numbers take the ECMAScript
    form (`number_text`). Strings are written as given: normalise them first
    (`canonical_document` does).

    Raises:
        ArgumentError: Naming the path of what cannot be written in
            *value* (``value["scores"][2]``): a number JSON has not (NaN,
            an infinity, an integer beyond a double's range), or a value
            JSON cannot hold or a key that is not text (a `TypeError` too).
    """
    fast = _compiled_canonical_json(value)
    if fast is not None:
        return fast
    return _plain_canonical_json(value)


class _Unwritable(Exception):  # noqa: N818 - a signal, never raised to a caller
    """What `_write` meets that JSON cannot hold, and the steps down to it."""

    def __init__(self, message: str, *, of_type: bool) -> None:
        super().__init__(message)
        self.message = message
        self.of_type = of_type
        #: The path's steps, innermost first.
        self.steps: list[str] = []


def _plain_canonical_json(value: Any) -> str:
    # The reference writer: the twin the compiled one is tested against.
    parts: list[str] = []
    try:
        _write(value, parts)
    except _Unwritable as unwritable:
        path = "value" + "".join(reversed(unwritable.steps))
        kind = also_type_error(ArgumentError) if unwritable.of_type else ArgumentError
        msg = f"{path}: {unwritable.message}"
        raise kind(msg, path) from None
    return "".join(parts)


def _compiled_canonical_json(value: Any) -> str | None:
    """Return *value*'s canonical JSON written by msgspec, or None.

    None when msgspec cannot be imported, or *value* holds something msgspec
    would write otherwise than `_write` (`_msgspec_writes_alike`).
    """
    if not _msgspec_writes_alike(value):
        return None
    try:
        import msgspec.json  # on first use, as hashlib
    except ImportError:  # pragma: no cover - msgspec is a dependency
        return None
    try:
        text: str = msgspec.json.encode(value, order="sorted").decode("utf-8")
    except (msgspec.EncodeError, ValueError):  # a lone surrogate
        return None
    return text


def _msgspec_writes_alike(value: Any) -> bool:
    """Whether msgspec, keys sorted, writes *value* as `_write` does.

    It escapes strings alike and sorts keys by code point, which is UTF-16
    order as long as no key holds a character beyond U+FFFF; it spells
    floats otherwise than ECMAScript, and writes integers a double cannot
    hold in full. Exact types only: dicts, lists, tuples, strings, booleans,
    None and integers below 2^53.
    """
    cls = type(value)
    if cls is str or cls is bool or value is None:
        return True
    if cls is int:
        return bool(-_EXACT_INT < value < _EXACT_INT)
    if cls is dict:
        for key, item in value.items():
            if type(key) is not str or not _bmp(key):
                return False
            if not _msgspec_writes_alike(item):
                return False
        return True
    if cls is list or cls is tuple:
        return all(map(_msgspec_writes_alike, value))
    return False


def _bmp(key: str) -> bool:
    # A key whose characters are all in the Basic Multilingual Plane.
    return key.isascii() or max(key) <= "\uffff"


def _write(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(_encode_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int | float):
        try:
            out.append(number_text(value))
        except ArgumentError as error:
            raise _Unwritable(str(error), of_type=False) from None
    elif isinstance(value, Mapping):
        out.append("{")
        first = True
        # Check before sorting: the sort key would fail on a non-str key first.
        for key in value:
            if not isinstance(key, str):
                msg = f"JSON object keys must be strings, got {key!r}"
                raise _Unwritable(msg, of_type=True)
        for key in sorted(value, key=_utf16_key):
            if not first:
                out.append(",")
            first = False
            out.append(_encode_string(key))
            out.append(":")
            try:
                _write(value[key], out)
            except _Unwritable as unwritable:
                unwritable.steps.append(key_path("value", key).removeprefix("value"))
                raise
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            try:
                _write(item, out)
            except _Unwritable as unwritable:
                unwritable.steps.append(f"[{index}]")
                raise
        out.append("]")
    else:
        msg = f"not a JSON value: {value!r}"
        raise _Unwritable(msg, of_type=True)


_EXACT_INT = 2**53


def number_text(number: float) -> str:
    """Write a JSON number the way ECMAScript's ``Number.prototype.toString`` does.

    This is RFC 8785's number form: integers below 10^21 in full, shortest
    round-trip digits, exponents only outside ``1e-7 < |x| < 1e21``. Integers
    that a double cannot hold exactly are first rounded to one, as any
    RFC 8785 implementation must.

    Raises:
        ArgumentError: For NaN, infinities and integers beyond a double's
            range.
    """
    if isinstance(number, int) and -_EXACT_INT < number < _EXACT_INT:
        return str(number)
    try:
        x = float(number)
    except OverflowError:
        msg = f"number out of range for JSON: {number!r}"
        raise ArgumentError(msg, "number") from None
    if not math.isfinite(x):
        msg = f"JSON has no non-finite numbers: {number!r}"
        raise ArgumentError(msg, "number")
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    mantissa, _, exponent = repr(abs(x)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    # value = 0.DIGITS x 10^point
    point = len(whole) + (int(exponent) if exponent else 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    k = len(digits)
    if k <= point <= 21:  # noqa: PLR2004 - ECMAScript's bound
        return sign + digits + "0" * (point - k)
    if 0 < point <= 21:  # noqa: PLR2004
        return sign + digits[:point] + "." + digits[point:]
    if -6 < point <= 0:  # noqa: PLR2004
        return sign + "0." + "0" * -point + digits
    e = point - 1
    exp = f"e+{e}" if e >= 0 else f"e-{-e}"
    if k == 1:
        return sign + digits + exp
    return sign + digits[0] + "." + digits[1:] + exp
