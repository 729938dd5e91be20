"""The rule catalogue's codes and their default severities.

Derived from the rules' declarations (see ``_rule`` and ``_catalogue``).
"""

from __future__ import annotations

import re

from ._catalogue import CODES

__all__ = ["CODES", "CODE_PATTERN", "RESERVED_PREFIX"]

#: Codes starting with this are the catalogue's; a policy's own rules use others.
RESERVED_PREFIX = "MC"

#: A code: a letter, then letters, digits, ``.``, ``_`` or ``-``.
CODE_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,63}")
