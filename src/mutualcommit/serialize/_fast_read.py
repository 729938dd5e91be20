"""The model's classes read by one loop over the keys a document holds.

cattrs' generated functions look up every field a class has, present or
not, gather the optional ones in a dict and build the instance with
``**``; the model's classes have many optional fields and documents leave
most out. The readers here look up only the keys present. They accept
exactly what the cattrs readers accept and build the same values (the same
field readers do the work); they refuse the same documents, though not
always with the same exception: either way, the caller then walks the
document to name every problem.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import cattrs

from ._converter import make_converter
from ._shape import is_model_class
from ._values import text

__all__ = ["make_fast_converter"]

Reader = Callable[..., Any]


def make_fast_converter() -> cattrs.Converter:
    """Return a `make_converter` converter whose model classes are read key by key."""
    converter = make_converter()
    # Registered last, so it comes before make_converter's factory.
    converter.register_structure_hook_factory(
        is_model_class, lambda cls: _class_reader(converter, cls)
    )
    return converter


def _class_reader(converter: cattrs.Converter, cls: type) -> Reader:
    attrs.resolve_types(cls)
    # Document key -> (keyword of __init__, reader of its value); None reads
    # a string, inline: most values are ASCII strings, `text` passes them.
    fields: dict[str, tuple[str, Reader | None]] = {}
    for field in attrs.fields(cls):
        if field.init:
            reader = converter.get_structure_hook(field.type)
            fields[field.name] = (field.alias, None if reader is text else reader)
    # The field readers make each value the field's exact type: the class is
    # built without converting them again. (Imported here, with the first
    # converter, not with the package.)
    from mutualcommit.model._trusted import trusted_builder

    build = trusted_builder(cls)

    def read(document: Any, _: object = None) -> Any:
        # An unknown key is a KeyError, a missing field a TypeError from
        # the builder (as from __init__), and a document that is no object an AttributeError:
        # each sends the caller to the walk, as cattrs' refusals do.
        arguments = {}
        for key, value in document.items():
            name, reader = fields[key]
            if reader is not None:
                arguments[name] = reader(value)
            elif type(value) is str and value.isascii():
                arguments[name] = value
            else:
                arguments[name] = text(value)
        return build(**arguments)

    read.__qualname__ = read.__name__ = f"read_{cls.__name__}"
    return read
