r"""Text UTF-8 cannot carry: a lone surrogate, refused wherever text is held.

A Python string may hold a code point from U+D800 to U+DFFF on its own
(a ``"\ud800"`` escape, or what ``surrogateescape`` makes of a byte that is
not UTF-8), which no UTF-8 text holds. The readers refuse it; the model
refuses it too in what is built in code, in text and in keys alike, so that
no fingerprint, render or writer fails on it and nothing is written that
cannot be read back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._paths import key_path

__all__ = [
    "LONE_SURROGATE",
    "LONE_SURROGATE_KEY",
    "has_lone_surrogate",
    "lone_surrogates",
]

#: What text with a lone surrogate is told, at the text's path.
LONE_SURROGATE = "expected valid Unicode text, got a lone surrogate"

#: What a key with a lone surrogate is told, at the key's path (`key_path`).
LONE_SURROGATE_KEY = f"a key: {LONE_SURROGATE}"


def has_lone_surrogate(text: str) -> bool:
    """Tell whether *text* holds a lone surrogate, which UTF-8 cannot carry.

    ASCII text holds none and is answered at once; a caller on a hot path
    tests ``text.isascii()`` itself first, and spares the call.
    """
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def lone_surrogates(path: str, mapping: Mapping[Any, Any]) -> list[tuple[str, str]]:
    r"""Name each text key and text value of *mapping* that holds a lone surrogate.

    Each problem is at the key's path (``where["\ud800"]``, see
    `key_path`), and a key's problem says it is a key. Keys and values that
    are not text are left to the caller's own checks.
    """
    problems: list[tuple[str, str]] = []
    for key, item in mapping.items():
        if type(key) is str and key.isascii() and type(item) is str and item.isascii():
            continue  # the common case, without a call
        if isinstance(key, str) and has_lone_surrogate(key):
            problems.append((key_path(path, key), LONE_SURROGATE_KEY))
        if isinstance(item, str) and has_lone_surrogate(item):
            problems.append((key_path(path, key), LONE_SURROGATE))
    return problems
