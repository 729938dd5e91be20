"""The every-error pass: read a document that the fast path refused.

It walks the document by its static shape (``_shape``) and records every
problem with its path instead of stopping at the first. Where a value is
bad it puts a marker in its place and goes on, so that the model's
invariants can still run over the rest and report what they find: a
dangling reference next to a misspelt date comes out in the same error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from mutualcommit.errors import InvalidAgreementError
from mutualcommit.model import UNREADABLE, Agreement

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
    InvalidValueError,
    Problem,
    describe,
    extensions,
    json_path,
    key_path,
    string_map,
)

__all__ = ["read_agreement"]


#: Stands for a value that could not be read; the model's converters pass it
#: through, so the agreement's invariants still report every other problem.
BAD: Any = UNREADABLE


class _Walk:
    """Collects the problems of one document, and the paths that were bad."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.bad: set[str] = set()

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
            return BAD if fields is None else kind.cls(**fields)
        if isinstance(kind, Array):
            if not isinstance(value, list | tuple):
                self.fail(path, f"expected an array, got {describe(value)}")
                # The model's collections convert with tuple(): give it one.
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


def _unknown_key(key: object, known: list[str]) -> str:
    message = f"expected one of the keys {', '.join(known)}; got {describe(key)}"
    if isinstance(key, str):
        import difflib  # only ever needed to explain a mistake

        close = difflib.get_close_matches(key, known, n=1)
        if close:
            message += f' (did you mean "{close[0]}"?)'
    return message


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
    fields = walk.fields(Agreement, body, "", also)
    problems.extend(walk.problems)
    if fields is None:
        return None, None
    try:
        agreement = Agreement(**fields)
    except InvalidAgreementError as error:
        # What the walk already reported, and what lies beneath it, the
        # invariants only report again in their words: leave it out.
        kept = [
            (path, message)
            for path, message in error.problems
            if not any(a in walk.bad for a in _ancestors(path))
        ]
        problems.extend((json_path(path), message) for path, message in kept)
        return None, InvalidAgreementError(kept) if kept else None
    except Exception:  # noqa: BLE001 - the invariants met a marker they cannot judge
        return None, None
    if walk.problems or problems:
        return None, None
    return agreement, None


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
