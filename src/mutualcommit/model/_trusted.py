"""Building the model's values from fields that already have the model's types.

A document reader hands each class values it has already read to exactly
the type the field holds: a `str`, a `~decimal.Decimal`, a `~datetime.date`,
an enum member, a tuple. Converting them again in ``__init__`` (``tuple``
of a tuple, the decimal and enum converters) gives the same values back;
`trusted_builder` makes a function per class that skips those converters
and sets the slots directly. Everything else stays as ``__init__`` does it:
defaults and factories, the ``where`` and ``dims`` converters (which make
an empty mapping the one shared empty `FrozenDict`, and text NFC), and
``__attrs_post_init__`` (so an `Agreement` still checks every invariant).
``extensions`` a reader makes frozen already, the shared empty mapping
when empty, so their converter is skipped too. A required field left out is a
`TypeError`, an unknown keyword too, as with ``__init__``.

Only a reader that vouches for the types may call a builder; anything else
(a user's ``Agreement(...)``) goes through ``__init__``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import attrs

from ._coerce import coerce_fields
from ._frozen import as_tuple, frozen_extensions

__all__ = ["TrustedField", "trusted_builder", "trusted_fields"]

# The converters that give back a value of the field's exact type unchanged:
# `as_tuple` of a tuple (on a class built without `coerce_fields`),
# `frozen_extensions` of the extensions a reader made (frozen JSON values,
# the shared empty mapping when empty: it would walk them all to return
# them as they are), and the house sequence, decimal, whole-number and enum
# converters of a tuple, a Decimal, an int or a member (what `coerce_fields`
# adds, recognised by its module and name, see `_skipped`; not the one that
# brings text to NFC).
_IDENTITY_ON_TYPED = (as_tuple, frozen_extensions)


def _skipped(converter: object) -> bool:
    """Say whether *converter* returns a value of its field's type unchanged."""
    if converter in _IDENTITY_ON_TYPED:
        return True
    # The sequence, decimal, whole-number and enum converters `coerce_fields`
    # makes are closures named ``convert`` in its module.
    return getattr(converter, "__module__", None) == coerce_fields.__module__ and (
        getattr(converter, "__qualname__", "").endswith("_converter.<locals>.convert")
    )


class TrustedField:
    """How a builder sets one field of a class.

    A plain class, not an attrs one: attrs would compile its methods when
    this module is imported, with ``loads``.

    Attributes:
        field: The attrs field.
        set: The slot's setter, ``set(instance, value)``.
        convert: The converter still applied to a given value (the mapping
            converters), or None.
        default: The default as ``__init__`` makes it (converted), or
            `attrs.NOTHING` for a required field or one with a factory.
        factory: The default's factory, or None.
    """

    __slots__ = ("convert", "default", "factory", "field", "set")

    def __init__(
        self,
        field: attrs.Attribute[Any],
        set: Callable[[Any, Any], None],  # noqa: A002 - the setter
        convert: Callable[[Any], Any] | None,
        default: Any,
        factory: Callable[[], Any] | None,
    ) -> None:
        self.field = field
        self.set = set
        self.convert = convert
        self.default = default
        self.factory = factory


@cache
def trusted_fields(cls: type) -> tuple[TrustedField, ...]:
    """Return how a builder sets each field of *cls*, in the class's order."""
    result = []
    for field in attrs.fields(cls):
        convert = field.converter
        if convert is not None and _skipped(convert):
            convert = None
        default = field.default
        factory = None
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            factory, default = default.factory, attrs.NOTHING
        elif default is not attrs.NOTHING and field.converter is not None:
            default = field.converter(default)
        if not field.init and default is attrs.NOTHING:  # pragma: no cover - none such
            msg = f"{cls.__name__}.{field.name}: no plain default"
            raise TypeError(msg)
        # The slot itself: a frozen class refuses setattr, its slots do not.
        setter = cls.__dict__[field.name].__set__
        result.append(TrustedField(field, setter, convert, default, factory))
    return tuple(result)


@cache
def trusted_builder(cls: type) -> Callable[..., Any]:
    """Return a function that builds *cls* from keyword fields of the right types.

    The function takes the same keywords as ``cls.__init__`` and makes an
    equal instance whenever each value already has the type the field holds
    (the type ``__init__`` would convert it to); it is generated once per
    class, on first use.
    """
    namespace: dict[str, Any] = {
        "_new": object.__new__,
        "_cls": cls,
        "_NOTHING": attrs.NOTHING,
    }
    parameters: list[str] = []
    lines: list[str] = ["    self = _new(_cls)"]
    for i, trusted in enumerate(trusted_fields(cls)):
        field = trusted.field
        namespace[f"_set_{i}"] = trusted.set
        namespace[f"_default_{i}"] = trusted.default
        namespace[f"_factory_{i}"] = trusted.factory
        namespace[f"_convert_{i}"] = trusted.convert
        if not field.init:
            lines.append(f"    _set_{i}(self, _default_{i})")
            continue
        name = field.alias or field.name
        if trusted.factory is not None:
            parameters.append(f"{name}=_NOTHING")
            lines.append(f"    if {name} is _NOTHING:")
            lines.append(f"        {name} = _factory_{i}()")
        elif trusted.default is attrs.NOTHING:
            parameters.append(name)
        else:
            parameters.append(f"{name}=_default_{i}")
        value = name if trusted.convert is None else f"_convert_{i}({name})"
        lines.append(f"    _set_{i}(self, {value})")
    if getattr(cls, "__attrs_post_init__", None) is not None:
        lines.append("    self.__attrs_post_init__()")
    lines.append("    return self")
    name = f"build_{cls.__name__}"
    source = f"def {name}(*, {', '.join(parameters)}):\n" + "\n".join(lines) + "\n"
    code = compile(source, f"<trusted builder of {cls.__qualname__}>", "exec")
    exec(code, namespace)  # noqa: S102 - generated from the class's own fields
    builder: Callable[..., Any] = namespace[name]
    return builder
