"""The repr, equality and hash of the model's classes, written once for all.

attrs writes these methods as Python source for each class it builds and
compiles that source when the module is imported: for the twenty-one classes
an agreement is made of, that compiling is about a third of the cost of
importing the model. The classes are therefore built with ``repr=False,
eq=False`` and `value_methods` gives them these three, read from the class's
fields, which do what attrs' generated ones do:

- ``repr``: ``ClassName(field=value!r, ...)`` over the fields shown in the
  repr, ``...`` for an object already being shown (a cycle);
- ``==``: `NotImplemented` for another class, else the fields compared in
  order with ``==`` and the first false result (or the last) returned;
- ``hash``: the hash of a tuple of a per-class constant and the hashed
  fields, the very tuple attrs hashes (so the very value).

The attrs-generated methods are their plain twins; the tests compare the
two on the model's values.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["value_methods"]

C = TypeVar("C", bound=type)

#: Per thread: the ids of the objects whose repr is being written.
_SHOWING = threading.local()


def value_methods(cls: C) -> C:
    """Give an attrs class built with ``repr=False, eq=False`` its repr, ``==`` and hash.

    Use it above the attrs decorator. A subclass inherits them, as it would
    attrs' own.
    """
    fields = attrs.fields(cls)
    for field in fields:
        if field.eq_key is not None or field.repr not in (True, False):
            msg = (
                f"{cls.__qualname__}.{field.name}: a custom eq or repr is not supported"
            )
            raise TypeError(msg)
    shown = tuple(field.name for field in fields if field.repr)
    compared = tuple(field.name for field in fields if field.eq)
    hashed = tuple(
        field.name
        for field in fields
        if field.hash is True or (field.hash is None and field.eq)
    )
    # The constant attrs mixes into the hash of each class's instances.
    salt = hash(f"<attrs generated hash {cls.__module__}.{cls.__qualname__}>")
    for method in (_repr(shown), _eq(compared), _hash(salt, hashed)):
        method.__module__ = cls.__module__
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)
    return cls


def _repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:  # noqa: N807 - the method's own name
        try:
            showing: set[int] = _SHOWING.ids
        except AttributeError:
            showing = _SHOWING.ids = set()
        if id(self) in showing:
            return "..."
        showing.add(id(self))
        try:
            name = self.__class__.__qualname__.rsplit(">.", 1)[-1]
            values = ", ".join(f"{field}={getattr(self, field)!r}" for field in names)
            return f"{name}({values})"
        finally:
            showing.remove(id(self))

    return __repr__


def _eq(names: tuple[str, ...]) -> Callable[[Any, object], Any]:
    def __eq__(self: Any, other: object) -> Any:  # noqa: N807
        if other.__class__ is not self.__class__:
            return NotImplemented
        # ``a == a2 and b == b2 and ...``: no identity shortcut, as a
        # tuple comparison would take (a NaN field is unequal to itself).
        result: Any = True
        for name in names:
            result = getattr(self, name) == getattr(other, name)
            if not result:
                return result
        return result

    return __eq__


def _hash(salt: int, names: tuple[str, ...]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:  # noqa: N807
        return hash((salt, *[getattr(self, name) for name in names]))

    return __hash__
