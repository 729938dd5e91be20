"""The converter factory: cattrs hooks for the model's values."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from decimal import Decimal
from operator import attrgetter
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import (
    make_dict_structure_fn,
    make_dict_unstructure_fn_from_attrs,
    override,
)

from mutualcommit.model import thaw_json

from ._shape import ENUMS, is_model_class
from ._values import (
    InvalidValueError,
    boolean,
    choice_reader,
    date,
    decimal,
    describe,
    extensions,
    integer,
    string_map,
    text,
)

__all__ = ["make_converter"]


def make_converter() -> cattrs.Converter:
    """Return a new converter that reads and writes the model's values.

    Every call builds a fresh converter: there is no global one. Later
    layers register their own hooks on theirs (a scorecard's, a policy's).

    What it does:

    - Decimals are read from JSON strings (``"12.50"``) or numbers, never
      from booleans, and written as strings (``str()``, as the author wrote
      them).
    - Dates are read from ``YYYY-MM-DD`` only, and written so.
    - StrEnums and ``Literal`` strings are read and written by value.
    - Strings, integers and booleans are read strictly: ``5`` is not a
      string, ``true`` not an integer, ``1.0`` is an integer.
    - ``Mapping[str, str]`` fields (``where``, ``dims``) become a
      `~mutualcommit.model.FrozenDict`; ``Mapping[str, Any]`` fields
      (``extensions``) any JSON value, deeply frozen, with Decimals inside
      made floats (JSON numbers there belong to the host, not the domain).
    - Homogeneous tuples are read from arrays and written as lists.
    - attrs classes refuse unknown keys, and leave out fields equal to their
      default when written (a decimal when it has the default's very
      digits: a weight of ``"1.00"`` is written, ``"1"`` left out). The
      model's classes are read by generated functions that stop at the
      first problem (fast); for every problem at once, see
      `~mutualcommit.serialize.from_dict`.

    A reader that refuses a value raises a `ValueError` whose message says
    what was expected and what was found.
    """
    converter = cattrs.Converter(omit_if_default=True, forbid_extra_keys=True)
    # cattrs consults its class registry before its predicates, and a StrEnum
    # is a str: register the enums there as well, or `str` would catch them.
    readers: dict[type, Callable[[object, object], Any]] = {}

    def read_enum(value: object, cls: type[enum.Enum]) -> Any:
        reader = readers.get(cls)
        if reader is None:
            reader = readers[cls] = choice_reader(cls)
        return reader(value, None)

    for cls, read in (
        (str, text),
        (int, integer),
        (bool, boolean),
        (Decimal, decimal),
        (dt.date, date),
        (enum.Enum, read_enum),
        (enum.StrEnum, read_enum),
    ):
        converter.register_structure_hook(cls, read)
    for cls in ENUMS:
        # Bound directly: the generated functions then skip the lookup above.
        converter.register_structure_hook(cls, choice_reader(cls))
    converter.register_unstructure_hook(Decimal, str)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    for cls in (enum.Enum, enum.StrEnum):
        converter.register_unstructure_hook(cls, attrgetter("_value_"))

    converter.register_structure_hook_factory(
        _is_literal, lambda t: choice_reader(get_args(t))
    )
    converter.register_structure_hook_func(_is_string_map, string_map)
    converter.register_unstructure_hook_func(_is_string_map, dict)
    converter.register_structure_hook_func(_is_json_object, extensions)
    converter.register_unstructure_hook_func(_is_json_object, thaw_json)
    converter.register_structure_hook_factory(
        _is_tuple, lambda t: _tuple_reader(converter, get_args(t)[0])
    )
    converter.register_structure_hook_factory(
        _is_optional, lambda t: _optional_reader(converter, t)
    )
    converter.register_unstructure_hook_factory(
        _is_tuple, lambda t: _tuple_writer(converter, get_args(t)[0])
    )
    converter.register_structure_hook_factory(
        is_model_class,
        lambda cls: make_dict_structure_fn(
            cls,
            converter,
            _cattrs_forbid_extra_keys=True,
            _cattrs_detailed_validation=False,
        ),
    )
    converter.register_unstructure_hook_factory(
        is_model_class, lambda cls: _writer(converter, cls)
    )
    return converter


def _writer(converter: cattrs.Converter, cls: type) -> Callable[[Any], dict[str, Any]]:
    attrs.resolve_types(cls)
    fields = []
    overrides: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if not field.init:
            continue
        if field.default is not attrs.NOTHING:
            # Compare with the default made once, not once per call as cattrs
            # does for a factory (and for a converter on the default).
            default = field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                default = default.factory()
            if field.converter is not None:
                default = field.converter(default)
            if type(default) is Decimal:
                # cattrs leaves out a value `==` its default: "1.00" is
                # written, so that the digits as written come back.
                default = _Digits(default)
            field = field.evolve(default=default, converter=None)  # noqa: PLW2901
            if default is None and _is_optional(field.type):
                # Written only when not None: no need for cattrs' union dispatch.
                (inner,) = (a for a in get_args(field.type) if a is not type(None))
                overrides[field.name] = override(
                    unstruct_hook=converter.get_unstructure_hook(inner)
                )
        fields.append(field)
    write: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn_from_attrs(
        fields, cls, converter, _cattrs_omit_if_default=True, **overrides
    )
    defaulted = [field.default is not attrs.NOTHING for field in fields]
    if defaulted == sorted(defaulted):
        return write
    # cattrs writes the fields without a default first; documents keep the
    # model's order (an Agreement's parties come before its start).
    order = [field.name for field in fields]

    def write_in_order(value: Any) -> dict[str, Any]:
        result = write(value)
        return {name: result[name] for name in order if name in result}

    return write_in_order


class _Digits:
    """A decimal default that equals only a Decimal of its very digits.

    cattrs writes a field when ``value != default``; with this as the
    default, that is when the value's sign, digits or exponent differ.
    """

    __slots__ = ("digits",)

    def __init__(self, default: Decimal) -> None:
        self.digits = default.as_tuple()

    def __eq__(self, other: object) -> bool:
        return type(other) is Decimal and other.as_tuple() == self.digits

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]


def _is_literal(t: object) -> bool:
    return get_origin(t) is Literal and all(isinstance(a, str) for a in get_args(t))


def _is_string_map(t: object) -> bool:
    return get_origin(t) is Mapping and get_args(t) == (str, str)


def _is_json_object(t: object) -> bool:
    return get_origin(t) is Mapping and get_args(t) == (str, Any)


def _is_tuple(t: object) -> bool:
    args = get_args(t)
    return get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis  # noqa: PLR2004 - tuple[X, ...]


def _is_optional(t: object) -> bool:
    args = get_args(t)
    return (
        get_origin(t) in _UNIONS and len(args) == 2 and type(None) in args  # noqa: PLR2004 - X | None
    )


_UNIONS = (Union, UnionType)


def _optional_reader(
    converter: cattrs.Converter, optional: Any
) -> Callable[[object, object], Any]:
    # cattrs looks the inner hook up on every call; bind it once.
    (inner,) = (a for a in get_args(optional) if a is not type(None))
    read = converter.get_structure_hook(inner)

    def read_optional(value: object, _: object = None) -> Any:
        return None if value is None else read(value, inner)

    return read_optional


def _tuple_reader(
    converter: cattrs.Converter, item: Any
) -> Callable[[object, object], tuple[Any, ...]]:
    read = converter.get_structure_hook(item)

    def read_tuple(value: object, _: object = None) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            msg = f"expected an array, got {describe(value)}"
            raise InvalidValueError(msg)
        return tuple([read(v, item) for v in value])

    return read_tuple


def _tuple_writer(
    converter: cattrs.Converter, item: Any
) -> Callable[[tuple[Any, ...]], list[Any]]:
    write = converter.get_unstructure_hook(item)

    def write_tuple(value: tuple[Any, ...]) -> list[Any]:
        return [write(v) for v in value]

    return write_tuple
