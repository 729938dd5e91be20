"""The rule catalogue's codes and their default severities.

Derived from the rules' declarations (see ``_rule`` and ``_catalogue``).
"""

from __future__ import annotations

from ._catalogue import CODES

__all__ = ["CODES", "RESERVED_PREFIX"]

#: Codes starting with this are the catalogue's; a policy's own rules use others.
RESERVED_PREFIX = "MC"
