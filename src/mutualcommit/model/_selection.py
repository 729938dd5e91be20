"""What a selection may hold: the names and values of a ``where`` or of ``dims``.

One rule wherever a selection is built or read: a target's, an exception
criterion's and a ratio side's ``where``, a record's ``dims`` and the
``where`` a caller passes `ObservationIndex.actual`. Each key is a
dimension's name: text that shows something (a blank name is refused, as a
``split`` is); each value is text, the empty text too; neither holds a lone
surrogate or a code point a Python may normalise otherwise; and no two
keys are one text in Unicode NFC.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._frozen import nfc_collisions
from ._paths import key_path
from ._problems import type_problem
from ._shown import described
from ._unicode import blank_problem, text_problems

__all__ = ["blank_keys", "selection_problems", "sound_selection"]


def sound_selection(mapping: Mapping[Any, Any]) -> bool:
    """Tell at once whether *mapping* is a sound selection of ASCII text.

    True when every key and value is ASCII text and every key shows
    something: nothing is left to check. False means only that
    `selection_problems` must look.
    """
    for key, item in mapping.items():
        if not (
            type(key) is str
            and type(item) is str
            and key.isascii()
            and item.isascii()
            and key
            and not key.isspace()
        ):
            return False
    return True


def selection_problems(path: str, mapping: Mapping[Any, Any]) -> list[tuple[str, str]]:
    """Name everything wrong with *mapping*, a selection at *path*: every problem.

    A key that is not text (at *path*), a value that is not text, a blank
    key (at the key's path, see `key_path`), a lone surrogate or a code
    point a Python may normalise otherwise in a key or a value
    (`text_problems`), and a key that is an earlier key's text in Unicode
    NFC. A key or a value that is not text is a problem of a value of the
    wrong type (see `type_problem`).
    """
    problems: list[tuple[str, str]] = []
    for key, item in mapping.items():
        if not isinstance(key, str):
            problems.append(
                type_problem(path, f"expected string keys, got {described(key)}")
            )
            continue
        if not isinstance(item, str):
            problems.append(
                type_problem(
                    key_path(path, key), f"expected a string, got {described(item)}"
                )
            )
    problems.extend(blank_keys(path, mapping))
    # As the readers refuse them: a fingerprint could not be taken, or
    # would depend on the Python.
    problems.extend(text_problems(path, mapping))
    problems.extend(nfc_collisions(path, mapping))
    return problems


def blank_keys(path: str, mapping: Mapping[Any, Any]) -> list[tuple[str, str]]:
    """Name each text key of *mapping* that shows nothing, at the key's path.

    A dimension's name is matched and printed: one of white space or
    invisible characters alone names no dimension a reader can see, and is
    refused as a blank ``split`` is.
    """
    problems: list[tuple[str, str]] = []
    for key in mapping:
        if isinstance(key, str):
            problem = blank_problem(key)
            if problem is not None:
                problems.append((key_path(path, key), f"a key: {problem}"))
    return problems
