"""Immutable, hashable, picklable mappings for the model's mapping fields."""

from __future__ import annotations

import math
import operator
from collections.abc import ItemsView, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from mutualcommit.errors import ArgumentError, also_type_error

from ._canonical import _nfc as canonical_text
from ._paths import key_path

__all__ = ["FrozenDict", "freeze_json", "thaw_json"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(Mapping[K, V]):
    """A read-only mapping that compares equal to any mapping with equal items.

    The keys must be the same and each value ``==`` the other's, as between
    two dicts, so a tuple is not equal to a list (Python's ``(1, 2) !=
    [1, 2]``) and a float not to a `~decimal.Decimal` of other value
    (``0.1 != Decimal("0.1")``). The model holds a JSON array inside
    ``extensions`` as a tuple and a fraction as a float: there,
    ``{"ids": (1, 2)}`` is equal and ``{"ids": [1, 2]}`` is not. Compare
    JSON-like data with `thaw_json` of the mapping (dicts and lists again),
    or with the data frozen by `freeze_json`:

    >>> from mutualcommit.model import freeze_json, thaw_json
    >>> payload = {"ids": [1, 2]}
    >>> held = freeze_json(payload)  # as an entity's extensions hold it
    >>> held == payload, held == {"ids": (1, 2)}
    (False, True)
    >>> thaw_json(held) == payload, held == freeze_json(payload)
    (True, True)

    ``1`` and ``1.0`` are one number, as in JSON, but a boolean is not a
    number here, though Python's ``True == 1``: ``{"ok": True}`` and
    ``{"ok": 1}`` differ, at any depth, so two agreements whose
    ``extensions`` write differently are not equal.

    It hashes by its items (so its values must be hashable to hash it),
    pickles as a plain dict would, and can be weakly referenced, as every
    model value can. ``frozen | mapping`` makes a new
    `FrozenDict` of both's items, *mapping*'s winning, with the values as
    given; an entity's ``extensions`` freezes them (`freeze_json`).
    """

    # A weak reference costs a slot (8 bytes), no time: a FrozenDict can key
    # a weak cache, as every model value can.
    __slots__ = ("__weakref__", "_data", "_hash", "_text")

    _data: dict[K, V]
    _hash: int | None
    #: Whether every value is text (a selection's, a dimension's), once asked.
    _text: bool | None

    def __init__(self, items: Mapping[K, V] | None = None, /) -> None:
        object.__setattr__(self, "_data", dict(items) if items else {})
        object.__setattr__(self, "_hash", None)
        object.__setattr__(self, "_text", None)

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def items(self) -> ItemsView[K, V]:
        # The dict's own view: Mapping's mixin looks each key up again.
        return self._data.items()

    def __eq__(self, other: object) -> bool:
        if other is self:  # the shared empty mapping, most often
            return True
        if type(other) is FrozenDict:
            data = other._data
        elif isinstance(other, Mapping):
            data = other._data if isinstance(other, FrozenDict) else dict(other)
        else:
            return NotImplemented
        if self._data != data:
            return False
        # Equal items: left to tell is a boolean where the other has a number.
        text = self._text
        if text is None:
            text = all(type(value) is str for value in self._data.values())
            object.__setattr__(self, "_text", text)
        return text or all(
            _alike(value, data[key]) for key, value in self._data.items()
        )

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash(frozenset(self._data.items())))
        return self._hash  # type: ignore[return-value]

    def __setattr__(self, name: str, value: object) -> None:
        msg = "FrozenDict is immutable"
        raise AttributeError(msg)

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        return (type(self), (self._data,))

    def __or__(self, other: Mapping[K, V]) -> FrozenDict[K, V]:
        """Return a new `FrozenDict` of these items and *other*'s, *other*'s winning.

        The values are taken as they are, as ``dict | dict`` takes them:
        given to a model's ``extensions``, the result is frozen to its last
        value there, as a dict of the same items would be.
        """
        return FrozenDict({**self._data, **other})


def _alike(value: object, other: object) -> bool:
    """Tell whether two equal values are both booleans or neither, at any depth."""
    if type(value) is bool or type(other) is bool:
        return type(value) is type(other)
    if isinstance(value, tuple | list) and isinstance(other, tuple | list):
        return all(map(_alike, value, other))
    if type(value) is FrozenDict or type(other) is FrozenDict:
        return True  # its own ``==`` has told
    if isinstance(value, Mapping) and isinstance(other, Mapping):
        return all(_alike(item, other[key]) for key, item in value.items())
    return True


EMPTY: FrozenDict[Any, Any] = FrozenDict()


#: How deep a value inside ``extensions`` may nest: the readers refuse a
#: deeper document and the invariants a deeper value, so that what is built
#: is what is written and read back.
MAX_DEPTH = 64


def freeze_json(value: Any, depth: int = 1) -> Any:
    """Return *value* with every dict made a `FrozenDict` and every list a tuple.

    A `FrozenDict` is frozen too, to its last value: one made by hand (or
    by ``extensions | {...}``) may hold dicts, lists and Decimals, and is
    made into the same value as the plain dict of the same items. What is
    already frozen is returned as it is, the same object, without a copy.

    Values are made the plain JSON values a reader reads back: a
    `~decimal.Decimal` becomes the `float` of its digits, as the readers
    make a JSON number with a fraction inside ``extensions`` (what a plain
    JSON reader makes of it), so `from_dict` and the model's constructors
    hold the same value; a `str`, `int` or `float` of a subclass (a
    `~enum.StrEnum` or `~enum.IntEnum` member) becomes the plain `str`,
    `int` or `float` that JSON writes of it, in values and keys alike; a
    `bool` stays a `bool`. Anything else is returned as it is; whether it
    is JSON-like is the invariants' business, so that a bad value is
    reported, not lost (a Decimal no double holds, ``1E+400`` or a NaN,
    stays one, to be refused). So is what nests deeper than `MAX_DEPTH`: it
    is kept as it came, unfrozen, for the invariants to refuse (following
    it down could exhaust the stack).
    """
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is Decimal:
        return json_number(value)
    if depth > MAX_DEPTH:
        return value
    if kind is FrozenDict:
        return _frozen_json(value, depth)
    if kind is tuple:
        if _SCALARS.issuperset(map(type, value)):  # frozen: no copy
            return value
        items = [freeze_json(v, depth + 1) for v in value]
        return value if all(map(operator.is_, items, value)) else tuple(items)
    if isinstance(value, Mapping):
        return FrozenDict(
            {plain_json(k): freeze_json(v, depth + 1) for k, v in value.items()}
        )
    if isinstance(value, list | tuple):
        return tuple([freeze_json(v, depth + 1) for v in value])
    return plain_json(value)


#: The types of the JSON values that are frozen as they are.
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _frozen_json(mapping: FrozenDict[Any, Any], depth: int) -> FrozenDict[Any, Any]:
    """Freeze a `FrozenDict`'s keys and values: itself when nothing changes."""
    data = mapping._data  # noqa: SLF001
    # Text keys, and text, numbers, booleans and null, the common values,
    # each in one C loop.
    text_keys = _TEXT.issuperset(map(type, data))
    if text_keys and _SCALARS.issuperset(map(type, data.values())):
        return mapping
    inner = depth + 1
    for key, item in data.items():
        kind = type(item)
        if kind in _SCALARS and (text_keys or plain_json(key) is key):
            continue
        if kind is FrozenDict and inner <= MAX_DEPTH:  # freeze_json's, without a call
            frozen = _frozen_json(item, inner)
        else:
            frozen = freeze_json(item, inner)
        if frozen is not item or not (text_keys or plain_json(key) is key):
            # Something changes (a mapping made by hand): freeze it all anew.
            return FrozenDict(
                {plain_json(k): freeze_json(v, inner) for k, v in data.items()}
            )
    return mapping


#: The type of text as JSON has it.
_TEXT = frozenset({str})


def plain_json(value: Any) -> Any:
    """Return the plain `str`, `int` or `float` of a subclass's value, as JSON writes it.

    A `StrEnum` member is its text, an `IntEnum` member its number; a
    `bool`, which has no subclass, stays one. Anything else is returned as
    it is.
    """
    kind = type(value)
    if kind is str or kind is bool:
        return value
    # The unbound methods read the value itself, as the json module writes
    # it, whatever the subclass's own __str__ or __int__ say.
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    return value


def json_number(value: Decimal) -> float | Decimal:
    """Return the float of a Decimal's digits, or the Decimal when no double holds it."""
    if value.is_finite():
        number = float(value)
        if math.isfinite(number):
            return number
    return value


def thaw_json(value: Any) -> Any:
    """Undo `freeze_json`: mappings become dicts, tuples lists (for the json module)."""
    if isinstance(value, Mapping):
        return {k: thaw_json(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [thaw_json(v) for v in value]
    return value


def frozen_mapping(value: Mapping[str, str] | None) -> FrozenDict[str, str]:
    """Convert a shallow mapping to a `FrozenDict` (`frozen_selection`'s first step).

    Raises:
        ArgumentError: A `TypeError` too, when *value* is not a mapping.
    """
    # Not generic: attrs' mypy plugin types __init__ from the converter's
    # argument and cannot solve a type variable there.
    if type(value) is FrozenDict:  # the common case, without an ABC isinstance
        return value if value._data else EMPTY  # noqa: SLF001
    if isinstance(value, FrozenDict):
        return value
    if not isinstance(value, Mapping):
        # dict() would take ("ab",) as the pair a: b, and say nothing
        # useful of "ab" or 5.
        shown = repr(value)
        if len(shown) > 60:  # noqa: PLR2004 - a message, not the value
            shown = shown[:57] + "..."
        msg = (
            "expected a mapping of text to text such as {'region': 'EMEA'} "
            f"(a where or dims), got {type(value).__name__} {shown}"
        )
        raise also_type_error(ArgumentError)(msg, "value")
    if not value:
        return EMPTY
    return FrozenDict(value)


def frozen_selection(value: Mapping[str, str] | None) -> FrozenDict[str, str]:
    """Convert a ``where`` or ``dims`` field: a `FrozenDict` whose text is in Unicode NFC.

    The fingerprint reads every string in NFC, so two selections that differ
    only in how their text is composed (``Île`` as one character or as
    ``I`` and a combining circumflex) are the same terms: normalising them
    here makes them equal and select the same records, and a record's
    dimensions, normalised alike, are selected whichever way they were
    composed. ASCII text is its own NFC form and is returned as it came.
    Two keys that become the same text are left as they came, for the
    invariants to refuse: merging them would drop a value.
    """
    # Every record of a log passes here: the types first, with no ABC
    # isinstance and no call of the Mapping protocol.
    kind = type(value)
    mapping: FrozenDict[str, str]
    if kind is FrozenDict:  # a fast reader's, or a field passed on
        mapping = value  # type: ignore[assignment]
    elif kind is dict:  # what a reader gives
        if not value:
            return EMPTY
        mapping = FrozenDict(value)
    elif value is None or not value:  # the default: no selection
        return EMPTY
    else:
        mapping = frozen_mapping(value)
    data = mapping._data  # noqa: SLF001
    if not data:
        return EMPTY
    for key, item in data.items():
        if not (
            type(key) is str and type(item) is str and key.isascii() and item.isascii()
        ):
            break
    else:
        return mapping
    normalised = {nfc(key): nfc(item) for key, item in data.items()}
    if len(normalised) != len(data) or list(normalised.items()) == list(data.items()):
        return mapping
    return FrozenDict(normalised)


def nfc_name(value: str | None) -> str | None:
    """Convert an optional text field that is matched (``split``, a request's ref) to Unicode NFC."""
    return nfc(value)  # type: ignore[no-any-return]


def nfc_text(value: str) -> str:
    """Convert a text field that is matched with others (a ref) to Unicode NFC."""
    return nfc(value)  # type: ignore[no-any-return]


def nfc_texts(value: Iterable[str]) -> tuple[str, ...]:
    """Convert a sequence field of matched text (exception keys) to a tuple in NFC.

    On a class built with ``coerce_fields`` (every model class) this marks
    the field: the class gets a converter that also names the field when it
    refuses a value.
    """
    return tuple(nfc(item) for item in value)


def nfc(value: Any) -> Any:
    """Return text in Unicode NFC, as the canonical form reads it; anything else as it is."""
    return canonical_text(value) if isinstance(value, str) else value


#: The problem of a key that is an earlier key's text in Unicode NFC.
NFC_COLLISION = "a second key that is the same text in Unicode NFC form"


def nfc_collisions(path: str, mapping: Mapping[Any, Any]) -> list[tuple[str, str]]:
    """Name each key of *mapping* that is an earlier key's text in Unicode NFC.

    The canonical form reads keys in NFC, where two such keys are one: the
    fingerprint would cover one value of two.
    """
    return [(key_path(path, key), NFC_COLLISION) for key in nfc_colliding_keys(mapping)]


def nfc_colliding_keys(mapping: Mapping[Any, Any]) -> list[Any]:
    """Return each key of *mapping* that is an earlier key's text in Unicode NFC."""
    colliding: list[Any] = []
    seen: set[Any] = set()
    for key in mapping:
        folded = nfc(key)
        if folded in seen:
            colliding.append(key)
        seen.add(folded)
    return colliding


def as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Convert a sequence field (ids, proof) to a tuple: ``tuple(value)``.

    On a class built with ``coerce_fields`` (every model class) this marks
    the field: the class gets a converter that also names the field when it
    refuses a value.
    """
    # A function, not the builtin ``tuple``: attrs reads every converter's
    # signature when it builds a class, and a builtin's costs a tokenizer
    # (about 2 ms on the first import of the model).
    return tuple(value)


def frozen_extensions(value: Mapping[str, Any] | None) -> FrozenDict[str, Any]:
    """Convert an ``extensions`` field to a deeply frozen mapping."""
    if value is EMPTY:  # the default
        return EMPTY
    if not value:
        return EMPTY
    if type(value) is FrozenDict:  # a reader's, or a field passed on
        return _frozen_json(value, 1)
    frozen: FrozenDict[str, Any] = freeze_json(value)
    return frozen
