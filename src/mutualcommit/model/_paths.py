"""The one way a problem's path names a key of an object.

Every layer that reports a problem under a key it did not choose (a key of
``extensions``, of a ``where``, of ``dims``, an unknown key) writes the path
with `key_path`, so that the same key has the same path whichever check
found it: the readers use it to leave out what the model's invariants say
again about a value they already refused.
"""

from __future__ import annotations

import json
import re

__all__ = ["key_path"]

#: A key written after a dot as it is; any other is quoted, ``["crm.system"]``.
_SIMPLE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def key_path(path: str, key: object) -> str:
    r"""Return the path of *key* in the object at *path*.

    A key of letters, digits and underscores (not first a digit) follows a
    dot, ``goals``; any other is written as a JSON string in brackets,
    ``extensions["crm.system"]``, ``where["r\u00e9gion"]``, so that a dot,
    a bracket, a space or a combining character in it cannot be read as a
    step of the path or be confused with another key's.
    """
    if isinstance(key, str) and _SIMPLE_KEY.fullmatch(key):
        return f"{path}.{key}" if path else key
    shown = json.dumps(key) if isinstance(key, str) else repr(key)
    return f"{path}[{shown}]"
