"""The every-error pass: read a document that the fast path refused.

It walks the document by its static shape (``_shape``) and records every
problem with its path instead of stopping at the first. Where a value is
bad it puts a marker in its place and goes on, so that the model's
invariants can still run over the rest and report what they find: a
dangling reference next to a misspelt date comes out in the same error.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from mutualcommit.errors import InvalidAgreementError, InvalidFieldsError
from mutualcommit.model import UNREADABLE, Agreement
from mutualcommit.model._frozen import nfc

# The model's own words for a value found, which `in_json_terms` rewords.
from mutualcommit.model._shown import described as python_describe
from mutualcommit.model._shown import quoted

from ._shape import (
    SHAPES,
    Array,
    Entity,
    Extensions,
    Kind,
    Nullable,
    Scalar,
    StringMap,
    expected,
    noun,
    required,
)
from ._values import (
    DuplicateKeys,
    IntegerText,
    InvalidValueError,
    Problem,
    describe,
    did_you_mean,
    extensions,
    first_reading,
    json_path,
    key_path,
    names_a_key_twice,
    string_map,
    whole_number,
)

__all__ = ["in_json_terms", "read_agreement"]


#: Stands for a value that could not be read; the model's converters pass it
#: through, so the agreement's invariants still report every other problem.
BAD: Any = UNREADABLE


class _Walk:
    """Collects the problems of one document, and the paths that were bad."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.bad: set[str] = set()
        #: The paths of the arrays refused as a whole (an object, a string
        #: where an array belongs).
        self.whole: set[str] = set()

    def fail(self, path: str, message: str) -> None:
        self.problems.append((json_path(path), message))
        self.bad.add(path)

    def value(self, kind: Kind, value: object, path: str) -> Any:
        if isinstance(kind, Nullable):
            if value is None:
                return None
            before = len(self.problems)
            inner = self.value(kind.inner, value, path)
            if len(self.problems) == before + 1:
                where, message = self.problems[-1]
                if where == json_path(path):
                    # The value itself was refused: say that null would do too.
                    message = message.replace(", got ", " or null, got ", 1)
                    self.problems[-1] = (where, message)
            return inner
        if isinstance(kind, Scalar):
            try:
                return kind.read(value, None)
            except InvalidValueError as error:
                self.fail(path, str(error))
                return BAD
        if isinstance(kind, Entity):
            fields = self.fields(kind.cls, value, path)
            return BAD if fields is None else self.built(kind.cls, fields, value, path)
        if isinstance(kind, Array):
            if not isinstance(value, list | tuple):
                self.fail(path, f"expected an array, got {describe(value)}")
                self.whole.add(path)
                # The model's collections convert with tuple(): give it one
                # (`_agreement_fields` gives the agreement's own the marker).
                return ()
            return tuple(
                self.value(kind.item, item, f"{path}[{i}]")
                for i, item in enumerate(value)
            )
        problems: list[Problem] = []
        if isinstance(kind, StringMap):
            result: Any = string_map(value, path=path, problems=problems)
        else:
            assert isinstance(kind, Extensions)  # noqa: S101 - the last kind
            result = extensions(value, path=path, problems=problems)
        for where, message in problems:
            self.fail(where, message)
        return result

    def built(self, cls: type, fields: dict[str, Any], value: object, path: str) -> Any:
        """Build *cls* from the *fields* read from *value*, at *path*.

        A value its constructor refuses though it has the field's type (a
        calendar's month 13) is a problem at the field's path, in JSON's
        words, and a marker in its place, as a value of the wrong type is:
        the invariants still judge the rest.
        """
        try:
            return cls(**fields)
        except InvalidFieldsError as error:
            for at, message in error.problems:
                # A problem in a field (a where's key: ``where.region``) is
                # at that field's path, and the field is the one refused.
                field = _FIELD.match(at).group()  # type: ignore[union-attr]
                # *value* is the object the fields were read from.
                worded = in_json_terms(value, at, message)  # type: ignore[arg-type]
                self.fail(key_path(path, field) + at[len(field) :], worded)
                fields[field] = BAD
        try:
            return cls(**fields)
        except Exception:  # noqa: BLE001 - refused again: the problems are listed
            return BAD

    def fields(
        self,
        cls: type,
        value: object,
        path: str,
        also: Iterable[str] = (),
    ) -> dict[str, Any] | None:
        """Read an object's fields; None when it is not an object at all."""
        if not isinstance(value, Mapping):
            self.fail(path, f"expected an object ({noun(cls)}), got {describe(value)}")
            return None
        shape = SHAPES[cls]
        known = [*also, *shape]
        for key in value:
            if key not in shape and key not in also:
                self.fail(key_path(path, key), _unknown_key(key, known))
        if isinstance(value, DuplicateKeys):
            for key in dict.fromkeys(value.duplicates):
                self.fail(
                    key_path(path, key),
                    "expected each key once in an object, got this key twice",
                )
        needed = required(cls)
        result: dict[str, Any] = {}
        for name, kind in shape.items():
            sub = key_path(path, name)
            if name in value:
                result[name] = self.value(kind, value[name], sub)
            elif name in needed:
                self.fail(sub, f"expected {expected(kind)}, got nothing (required)")
                result[name] = BAD
        return result


def _agreement_fields(
    walk: _Walk, body: object, also: Iterable[str]
) -> dict[str, Any] | None:
    """Read the agreement's fields from *body*; None when it is no object.

    A collection of the agreement refused as a whole (``"goals"`` given one
    goal, not an array of them) is the marker, not the empty tuple an
    entity's own refused array is: the invariants then know that its ids
    are unknown, and judge no reference into it, where an empty collection
    would make each one name no such thing.
    """
    fields = walk.fields(Agreement, body, "", also)
    if fields is not None:
        for name in walk.whole.intersection(fields):
            fields[name] = BAD
    return fields


def _unknown_key(key: object, known: list[str]) -> str:
    message = f"expected one of the keys {', '.join(known)}; got {describe(key)}"
    return message + did_you_mean(key, known)


def read_agreement(
    body: Mapping[str, Any], problems: list[Problem], also: Iterable[str] = ()
) -> tuple[Agreement | None, InvalidAgreementError | None]:
    """Read *body* as an agreement, adding every problem to *problems*.

    Args:
        body: The document.
        problems: Where the problems go, with JSON paths.
        also: Keys the document may hold besides the agreement's fields.

    Returns:
        The agreement, or None when there was a problem; and, to chain from,
        the model's error with the problems of its invariants that the walk
        did not already report, or None when there are none (the others
        describe the marker that stands for a refused value, not the value).
    """
    walk = _Walk()
    fields = _agreement_fields(walk, body, also)
    problems.extend(walk.problems)
    if fields is None:
        return None, None
    try:
        agreement = Agreement(**fields)
    except InvalidAgreementError as error:
        kept = [
            (path, message)
            for path, message in error.problems
            # What the walk already reported, and what lies beneath it, the
            # invariants only report again in their words; and what they
            # say in terms of a refused value is about a value not there.
            if not any(a in walk.bad for a in _ancestors(path))
            and _UNREADABLE not in message
        ]
        if kept and names_a_key_twice(body):
            # A key named twice has no one value: JSON readers disagree on
            # which wins. What the invariants find is reported only when
            # it holds whichever is read, the first or the last.
            either = _invariant_problems(first_reading(body), also)
            kept = [
                (path, message)
                for path, message in kept
                if (json_path(path), in_json_terms(body, path, message)) in either
            ]
        problems.extend(
            (json_path(path), in_json_terms(body, path, message))
            for path, message in kept
        )
        return None, InvalidAgreementError(kept) if kept else None
    except Exception:  # noqa: BLE001 - the invariants met a marker they cannot judge
        return None, None
    if walk.problems or problems:
        return None, None
    return agreement, None


#: How a refused value shows in a message of the invariants.
_UNREADABLE = repr(BAD)


def in_json_terms(body: Mapping[str, Any], path: str, message: str) -> str:
    """Return an invariant's *message* about the value at model *path* in JSON's words.

    The model describes what it found as Python does (``got str 'eur'``,
    ``got int 9007199254740992``), for an agreement built in code; the
    readers describe the document's value as JSON writes it (``got
    "eur"``, ``got 9007199254740992``), as their own messages do. A
    suggestion after it is kept, quoted as JSON quotes it too: ``(did you
    mean 'EUR'?)`` becomes ``(did you mean "EUR"?)``.
    """
    if " got " not in message:
        return message
    found = _value_at(body, path)
    if found is _NOWHERE:
        return message
    for held in _held(found):
        python = "got " + python_describe(held)
        at = message.rfind(python)
        rest = message[at + len(python) :]
        if at >= 0 and (not rest or rest.startswith(_SUGGESTION)):
            return message[:at] + "got " + describe(found) + _json_suggestion(rest)
    return message


_SUGGESTION = " (did you mean "

#: The field a problem of a constructor is in: ``where`` of ``where.region``.
_FIELD = re.compile(r"[^.\[]*")


def _json_suggestion(rest: str) -> str:
    """Quote a suggestion as JSON does: `` (did you mean 'count'?)`` → ``"count"``."""
    if not rest.startswith(_SUGGESTION) or not rest.endswith("?)"):
        return rest
    try:
        meant = ast.literal_eval(rest[len(_SUGGESTION) : -len("?)")])
    except (ValueError, SyntaxError):
        return rest
    return f"{_SUGGESTION}{quoted(meant)}?)" if isinstance(meant, str) else rest


_NOWHERE: Any = object()
#: A step of a model path: ``.name``, ``[2]`` or ``["a key"]`` (see `key_path`).
_STEP = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]|\[("(?:[^"\\]|\\.)*")\]')


def _value_at(body: Mapping[str, Any], path: str) -> Any:
    """Return the document's value at model *path*, or `_NOWHERE`."""
    value: Any = body
    at = 0
    while at < len(path):
        step = _STEP.match(path, at)
        if step is None:
            return _NOWHERE
        at = step.end()
        name, index, quoted = step.groups()
        key: Any = int(index) if index is not None else name
        if quoted is not None:
            key = json.loads(quoted)
        if isinstance(key, int):
            if not isinstance(value, list) or key >= len(value):
                return _NOWHERE
        elif not isinstance(value, Mapping) or key not in value:
            return _NOWHERE
        value = value[key]
    return value


def _held(found: object) -> tuple[object, ...]:
    """What the model may hold for the document's value *found*: it, and its NFC text.

    A whole number written with a fraction or an exponent (``100.0``,
    ``1E+2``) is the int a whole-number field holds of it (`whole_number`),
    so that its message names it as written, as it names ``100``.
    """
    if isinstance(found, str):
        return (found, nfc(found))
    if isinstance(found, IntegerText):
        return (found.as_int(),)
    if type(found) is int:
        return (found,)
    if type(found) is Decimal or type(found) is float:
        whole = whole_number(found)
        return () if whole is None else (whole,)
    return ()


def _invariant_problems(
    body: Mapping[str, Any], also: Iterable[str]
) -> set[tuple[str, str]]:
    """Return what the invariants find in *body*, with JSON paths (none when they cannot judge)."""
    fields = _agreement_fields(_Walk(), body, also)
    if fields is None:
        return set()
    try:
        Agreement(**fields)
    except InvalidAgreementError as error:
        return {
            (json_path(path), in_json_terms(body, path, message))
            for path, message in error.problems
        }
    except Exception:  # noqa: BLE001 - a marker they cannot judge: nothing holds
        return set()
    return set()


def _ancestors(path: str) -> Iterator[str]:
    """Yield *path* and every path above it: ``a[1].b``, ``a[1]``, ``a``.

    A quoted key (``extensions["crm.system"]``, see `key_path`) also gives
    prefixes cut inside its quotes; none is a path, for a quoted key
    always ends with its closing quote, so they match no refused value.
    """
    yield path
    for i in range(len(path) - 1, 0, -1):
        if path[i] in ".[":
            yield path[:i]
