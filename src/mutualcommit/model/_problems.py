"""Problems of a value of the wrong type, told from those of a wrong value.

A value of the model, built with a field of the wrong type (text for a
date, a float for an id), raises its error as a `TypeError` too, as
Python's own refusal of an argument of the wrong type is: whether that
wrong type is refused by a field's converter or found by the checks of
the value (an `Agreement`'s invariants, an `Observation`'s), ``except
TypeError`` catches it (see `~mutualcommit.errors.ProblemsError`).

A check that finds such a problem makes it with `type_problem`: a
``(path, message)`` pair like any other, equal to one, that `raised` tells
apart when it makes the error. The error keeps plain pairs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from mutualcommit.errors import ProblemsError, also_type_error

__all__ = ["MARKER", "TypeProblem", "of_wrong_type", "raised", "type_problem"]

P = TypeVar("P", bound=ProblemsError)

#: How the marker of a value a reader could not read shows in a message
#: (``repr(UNREADABLE)``): no value was given there, of any type.
MARKER = "<unreadable>"


class TypeProblem(tuple[str, str]):
    """A ``(path, message)`` problem about a value of the wrong type."""

    __slots__ = ()


def type_problem(path: str, message: str) -> tuple[str, str]:
    """Return the problem at *path*, *message*, marked as one of a wrong type."""
    return TypeProblem((path, message))


def of_wrong_type(problems: Iterable[tuple[str, str]]) -> bool:
    """Tell whether one of *problems* is about a value of the wrong type.

    Not one about the marker of a refused value (see `MARKER`): that value
    is told where it was refused.
    """
    return any(
        type(problem) is TypeProblem and MARKER not in problem[1]
        for problem in problems
    )


def raised(kind: type[P], problems: list[tuple[str, str]], *args: Any) -> P:
    """Return the error *kind* listing *problems* (with *args*), to raise.

    *kind*'s twin that is a `TypeError` too (see
    `~mutualcommit.errors.also_type_error`) when one of them is about a
    value of the wrong type.
    """
    if of_wrong_type(problems):
        return also_type_error(kind)(problems, *args)
    return kind(problems, *args)
