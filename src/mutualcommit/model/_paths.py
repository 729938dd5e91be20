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
import unicodedata

from ._shown import quoted

__all__ = ["key_path"]

#: A key written after a dot as it is; any other is quoted, ``["crm.system"]``.
_SIMPLE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def key_path(path: str, key: object) -> str:
    r"""Return the path of *key* in the object at *path*.

    A key of letters, digits and underscores (not first a digit) follows a
    dot, ``goals``; any other is written as a JSON string in brackets,
    ``extensions["crm.system"]``, so that a dot, a bracket or a space in
    it cannot be read as a step of the path. The key is shown as typed,
    ``where["région"]``, as messages quote text (`quoted`): only what
    cannot be seen is escaped (a control, a space other than the plain
    one, a format character). A key not in Unicode NFC is written with
    every character beyond ASCII escaped, ``dims["I\u0302le"]``, so that
    it cannot be taken for the key its NFC spelling would show as.
    """
    if isinstance(key, str) and _SIMPLE_KEY.fullmatch(key):
        return f"{path}.{key}" if path else key
    if not isinstance(key, str):
        shown = repr(key)
    elif key.isascii() or unicodedata.is_normalized("NFC", key):
        shown = quoted(key)
    else:
        shown = json.dumps(key)
    return f"{path}[{shown}]"
