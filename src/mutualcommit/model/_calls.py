"""What a class says when it is called with arguments it does not take.

Python refuses a misspelt keyword (``Bands(on_track=...)``), a field left
out and a positional argument where a class takes keywords with a bare
`TypeError` (``Bands.__init__() got an unexpected keyword argument
'on_track'``), which names no field there is and suggests none. A value of
the library says it as an `~mutualcommit.errors.ArgumentError` that is a
`TypeError` too, as a call given an argument it cannot take does: every
keyword it does not take, with the field it likely means
(``did you mean 'on_track_ratio'?``), every required field left out, the
positional arguments a class of keywords was given, and its fields.

A class built with `~mutualcommit.model._coerce.refuses_with` checks its
call in the ``__init__`` it writes (at no cost to a call that is well
formed); another attrs class is given `refuses_miscalls`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from mutualcommit.errors import ArgumentError, also_type_error

from ._shown import did_you_mean

__all__ = ["miscall_error", "miscalled", "refuses_miscalls"]

C = TypeVar("C", bound=type)


def miscall_error(
    cls: type, *, extra: int, unknown: Iterable[str], missing: Iterable[str]
) -> ArgumentError:
    """Return the error of a call of *cls* its fields do not match.

    Args:
        cls: The attrs class called.
        extra: How many positional arguments it was given beyond those it
            takes (all of them, for a class of keywords).
        unknown: The keywords given that name none of its fields.
        missing: Its required fields that were not given.

    Returns:
        An `ArgumentError` that is a `TypeError` too, whose ``argument`` is
        the first keyword at fault, else the first field left out.
    """
    fields = [f for f in attrs.fields(cls) if f.init]
    names = [f.alias or f.name for f in fields]
    positional = [name for f, name in zip(fields, names, strict=True) if not f.kw_only]
    unknown = list(unknown)
    # A field a misspelt keyword likely means is told there, not again as
    # left out; and the fields of a class of keywords given positional
    # arguments are told by how to pass them.
    meant = {keyword: did_you_mean(keyword, names, repr) for keyword in unknown}
    missing = [
        name
        for name in missing
        if not any(hint == f" (did you mean {name!r}?)" for hint in meant.values())
        and not (extra and not positional)
    ]
    said = []
    if extra:
        if positional:
            said.append(
                f"takes at most {len(positional)} positional arguments "
                f"({', '.join(positional)}), got {len(positional) + extra}"
            )
        else:
            keywords = ", ".join(f"{name}=..." for name in names)
            said.append(
                f"takes its fields as keywords, {cls.__name__}({keywords}), got "
                f"{extra} positional argument{'s' if extra != 1 else ''}"
            )
    if unknown:
        words = (
            "an unexpected keyword argument"
            if len(unknown) == 1
            else "unexpected keyword arguments"
        )
        given = ", ".join(f"{keyword!r}{meant[keyword]}" for keyword in unknown)
        said.append(f"got {words} {given}")
    if missing:
        words = "field" if len(missing) == 1 else "fields"
        said.append(f"is missing the required {words} {', '.join(map(repr, missing))}")
    message = f"{cls.__name__}() {'; '.join(said)}; its fields: {', '.join(names)}"
    argument = next(iter([*unknown, *missing]), "")
    return also_type_error(ArgumentError)(message, argument)


def miscalled(cls: type, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Raise `miscall_error` if *args* and *kwargs* do not match *cls*'s fields.

    Returns when they do: what refused the call is then something else.
    """
    fields = [f for f in attrs.fields(cls) if f.init]
    names = [f.alias or f.name for f in fields]
    positional = [name for f, name in zip(fields, names, strict=True) if not f.kw_only]
    given = {*positional[: len(args)], *kwargs}
    extra = max(0, len(args) - len(positional))
    unknown = [keyword for keyword in kwargs if keyword not in names]
    missing = [
        name
        for f, name in zip(fields, names, strict=True)
        if f.default is attrs.NOTHING and name not in given
    ]
    if extra or unknown or missing:
        raise miscall_error(cls, extra=extra, unknown=unknown, missing=missing)


def refuses_miscalls(cls: C) -> C:
    """Make an attrs class say what is wrong with a call that does not match its fields.

    Use it above the attrs decorator. The class's ``__init__`` is called
    as it is; only when the call itself is refused (not a check inside it)
    is `miscalled`'s error raised in place of Python's.
    """
    init: Callable[..., None] = cls.__init__  # type: ignore[misc]

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:  # noqa: N807
        try:
            init(self, *args, **kwargs)
        except TypeError as error:
            # Raised by the call of init itself, not from inside it.
            if error.__traceback__ is not None and error.__traceback__.tb_next is None:
                miscalled(cls, args, kwargs)
            raise

    # Its name, and its signature through __wrapped__: help() shows the fields.
    functools.update_wrapper(__init__, init)
    cls.__init__ = __init__  # type: ignore[misc]
    return cls
