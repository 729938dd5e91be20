"""Building the model's values from fields that already have the model's types.

A document reader hands each class values it has already read to exactly
the type the field holds: a `str`, a `~decimal.Decimal`, a `~datetime.date`,
an enum member, a tuple. Converting them again in ``__init__`` (``tuple``
of a tuple, the decimal and enum converters) gives the same values back;
`trusted_builder` makes a function per class that skips those converters
and sets the slots directly. Everything else stays as ``__init__`` does it:
defaults and factories, the mapping converters (which make an empty mapping
the one shared empty `FrozenDict`), and ``__attrs_post_init__`` (so an
`Agreement` still checks every invariant). A required field left out is a
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
from ._frozen import as_tuple

__all__ = ["trusted_builder"]

# The converters that give back a value of the field's exact type unchanged:
# `as_tuple` of a tuple, and the house decimal and enum converters of a
# Decimal or a member (what `coerce_fields` adds, recognised by its module
# and name, see `_skipped`).
_IDENTITY_ON_TYPED = (as_tuple,)


def _skipped(converter: object) -> bool:
    """Say whether *converter* returns a value of its field's type unchanged."""
    if converter in _IDENTITY_ON_TYPED:
        return True
    # The decimal and enum converters `coerce_fields` makes are closures
    # named ``convert`` in its module.
    return (
        getattr(converter, "__module__", None) == coerce_fields.__module__
        and getattr(converter, "__qualname__", "").endswith("_converter.<locals>.convert")
    )


@cache
def trusted_builder(cls: type) -> Callable[..., Any]:
    """Return a function that builds *cls* from keyword fields of the right types.

    The function takes the same keywords as ``cls.__init__`` and makes an
    equal instance whenever each value already has the type the field holds
    (the type ``__init__`` would convert it to); it is generated once per
    class, on first use.
    """
    fields = attrs.fields(cls)
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    parameters: list[str] = []
    lines: list[str] = ["    self = _new(_cls)"]
    for i, field in enumerate(fields):
        setter = f"_set_{i}"
        # The slot itself: frozen classes refuse setattr, their slots do not.
        namespace[setter] = cls.__dict__[field.name].__set__
        default = field.default
        factory = isinstance(default, attrs.Factory)  # type: ignore[arg-type]
        if not field.init:
            if factory or default is attrs.NOTHING:  # pragma: no cover - none such
                msg = f"{cls.__name__}.{field.name}: no plain default"
                raise TypeError(msg)
            namespace[f"_default_{i}"] = default
            lines.append(f"    {setter}(self, _default_{i})")
            continue
        name = field.alias
        value = name
        if field.converter is not None and not _skipped(field.converter):
            namespace[f"_convert_{i}"] = field.converter
            value = f"_convert_{i}({name})"
        if default is attrs.NOTHING:
            parameters.append(name)
        elif factory:
            # A factory's value goes through the converter too, as in __init__.
            namespace[f"_factory_{i}"] = default.factory
            namespace["_NOTHING"] = attrs.NOTHING
            parameters.append(f"{name}=_NOTHING")
            lines.append(f"    if {name} is _NOTHING:")
            lines.append(f"        {name} = _factory_{i}()")
        else:
            if field.converter is not None:
                default = field.converter(default)
            namespace[f"_default_{i}"] = default
            parameters.append(f"{name}=_default_{i}")
        lines.append(f"    {setter}(self, {value})")
    if getattr(cls, "__attrs_post_init__", None) is not None:
        lines.append("    self.__attrs_post_init__()")
    lines.append("    return self")
    name = f"build_{cls.__name__}"
    source = f"def {name}(*, {', '.join(parameters)}):\n" + "\n".join(lines) + "\n"
    exec(compile(source, f"<trusted builder of {cls.__qualname__}>", "exec"), namespace)  # noqa: S102 - generated from the class's own fields
    builder: Callable[..., Any] = namespace[name]
    return builder
