"""The rule catalogue's codes and their default severities.

Derived from the rules' declarations (see ``_rule`` and ``_catalogue``).
"""

from __future__ import annotations

import re

from ._catalogue import CODES

__all__ = [
    "CODES",
    "CODE_PATTERN",
    "RESERVED_PREFIX",
    "is_reserved",
    "unknown_catalogue_code",
]

#: Codes starting with this are the catalogue's; a policy's own rules use others.
RESERVED_PREFIX = "MC"

#: A code: a letter, then letters, digits, ``.``, ``_`` or ``-``.
CODE_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,63}")


def is_reserved(code: str) -> bool:
    """Say whether *code* starts with the catalogue's prefix, in any case.

    ``mc306`` is no code of the catalogue's, and none a policy's own rule
    may take: it would be taken for one of the host's own codes and match
    nothing.
    """
    return code[: len(RESERVED_PREFIX)].upper() == RESERVED_PREFIX


_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def unknown_catalogue_code(code: str) -> str | None:
    """Say why *code*, which starts with the catalogue's prefix, names no rule.

    None when it is a catalogue code, or not one of the prefix (a policy's
    own rules take other codes). ``mc204`` and ``MC2O4`` (a letter O) name
    nothing, and would match nothing: the message ends with the code meant,
    as every near miss's does (``no rule 'MC2O4' in the catalogue (did you
    mean 'MC204'?)``).
    """
    if not is_reserved(code) or code in CODES:
        return None
    upper = code.upper()
    # A letter O or I typed for a digit: MC2O4 is MC204.
    digits = upper[: len(RESERVED_PREFIX)] + upper[len(RESERVED_PREFIX) :].translate(
        _LOOKALIKES
    )
    unknown = f"no rule {code!r} in the catalogue"
    if upper in CODES:
        return f"{unknown}, whose codes are upper case (did you mean {upper!r}?)"
    if digits in CODES:
        return f"{unknown} (did you mean {digits!r}?)"
    return unknown
