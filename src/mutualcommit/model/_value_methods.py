"""The repr, equality and hash of the model's classes, without compiling at import.

attrs writes these methods as Python source for each class it builds and
compiles that source when the module is imported: for the twenty-one classes
an agreement is made of, that is about a third of the cost of importing the
model. The classes are therefore built with ``repr=False, eq=False``, and
`value_methods` gives them methods that do what attrs' generated ones do:

- ``repr``: one shared method, ``ClassName(field=value!r, ...)`` over the
  fields shown in the repr, ``...`` for an object already being shown (a
  cycle). Nothing is compiled for it: a repr is not hot. A class that
  writes its own ``__repr__`` (an `Agreement`'s summary) keeps it.
- ``==`` and ``hash``: the class's own methods, the same code attrs would
  write (``self.a == other.a and ...``; the hash of a tuple of a per-class
  constant and the hashed fields, the very tuple attrs hashes), compiled the
  first time a value of the class is compared or hashed. Values are cache
  keys, so these are hot; a program pays only for the classes it compares.

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
    attrs' own. A ``__repr__`` the class defines itself is kept.
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
    own_repr = "__repr__" in cls.__dict__
    for method in (_repr(shown), _eq(cls, compared), _hash(cls, salt, hashed)):
        if not (own_repr and method.__name__ == "__repr__"):
            _own(cls, method)
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


def _eq(cls: type, names: tuple[str, ...]) -> Callable[[Any, object], Any]:
    def __eq__(self: Any, other: object) -> Any:  # noqa: N807 - the method's own name
        return _specialise(cls, "__eq__", names)(self, other)

    return __eq__


def _hash(cls: type, salt: int, names: tuple[str, ...]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:  # noqa: N807
        return _specialise(cls, "__hash__", names, salt)(self)  # type: ignore[no-any-return]

    return __hash__


def _specialise(
    cls: type, method: str, names: tuple[str, ...], salt: int = 0
) -> Callable[..., Any]:
    """Write *cls*'s own ``__eq__`` or ``__hash__`` and put it in place.

    Equality and hashing are hot (values are cache keys), so the class gets
    the very code attrs would write, compiled the first time it is used
    rather than at import: a program pays only for the classes it compares.
    ``==`` is ``self.a == other.a and self.b == other.b and ...``, which
    takes no identity shortcut (a NaN field is unequal to itself), as a
    tuple comparison would.
    """
    if method == "__eq__":
        compared = " and ".join(f"self.{name} == other.{name}" for name in names)
        source = (
            "def __eq__(self, other):\n"
            "    if other.__class__ is not self.__class__:\n"
            "        return NotImplemented\n"
            f"    return {compared or 'True'}\n"
        )
    else:
        hashed = "".join(f", self.{name}" for name in names)
        source = f"def __hash__(self):\n    return hash(({salt}{hashed}))\n"
    namespace: dict[str, Any] = {}
    filename = f"<mutualcommit {cls.__module__}.{cls.__qualname__}.{method}>"
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our own text
    function: Callable[..., Any] = namespace[method]
    _own(cls, function)
    return function


def _own(cls: type, method: Callable[..., Any]) -> None:
    """Make *method* one of *cls*'s, named as attrs names the methods it adds."""
    method.__module__ = cls.__module__
    method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
    setattr(cls, method.__name__, method)
