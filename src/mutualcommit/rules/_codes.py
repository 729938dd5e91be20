"""The rule catalogue's codes and their default severities (SPEC §6)."""

from __future__ import annotations

from collections.abc import Mapping

from ._findings import Severity

__all__ = ["CODES", "RESERVED_PREFIX"]

_E, _W = Severity.ERROR, Severity.WARNING

#: Every catalogue code → its default severity. MC401 is an error once the
#: term has started and a warning before: the rule picks.
CODES: Mapping[str, Severity] = {
    "MC101": _E,
    "MC102": _E,
    "MC103": _W,
    "MC104": _W,
    "MC105": _W,
    "MC106": _E,
    "MC107": _W,
    "MC200": _E,
    "MC201": _E,
    "MC202": _W,
    "MC203": _W,
    "MC204": _E,
    "MC205": _W,
    "MC206": _E,
    "MC207": _E,
    "MC208": _W,
    "MC209": _W,
    "MC210": _W,
    "MC211": _W,
    "MC301": _E,
    "MC302": _W,
    "MC303": _W,
    "MC304": _E,
    "MC305": _W,
    "MC306": _W,
    "MC401": _E,
    "MC402": _E,
    "MC501": _W,
    "MC601": _E,
    "MC602": _W,
}

#: Codes starting with this are the catalogue's; a policy's own rules use others.
RESERVED_PREFIX = "MC"
