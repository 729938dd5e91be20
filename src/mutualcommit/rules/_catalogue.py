"""The rule catalogue, in code order, and what is derived from it.

Each rule is declared once, next to its function (see ``_rule``); this
module only lists them. ``CODES``, ``MESSAGES``, the order `check` runs them
in and the rule table of the documentation all come from `RULES`.
"""

from __future__ import annotations

from collections.abc import Mapping

from mutualcommit.model import FrozenDict

from ._exceptions import mc307, mc308
from ._findings import Severity
from ._funds import mc206, mc207, mc208, mc209, mc210, mc211
from ._goals import (
    mc101,
    mc102,
    mc103,
    mc104,
    mc105,
    mc106,
    mc107,
    mc108,
    mc109,
    mc110,
)
from ._incentives import mc601, mc602, mc605
from ._remedies import mc603, mc604
from ._resources import mc200, mc201, mc202, mc203, mc204, mc205
from ._reviews import mc301, mc302, mc303, mc304, mc305, mc306, mc309, mc310
from ._rule import CatalogueRule
from ._signatures import mc401, mc402, mc403
from ._targets import mc501
from ._waivers import mc700

__all__ = ["CATALOGUE", "CODES", "MESSAGES", "RULES"]

#: Every catalogue rule, in code order: the order `check` runs them in.
RULES: tuple[CatalogueRule, ...] = (
    mc101,
    mc102,
    mc103,
    mc104,
    mc105,
    mc106,
    mc107,
    mc108,
    mc109,
    mc110,
    mc200,
    mc201,
    mc202,
    mc203,
    mc204,
    mc205,
    mc206,
    mc207,
    mc208,
    mc209,
    mc210,
    mc211,
    mc301,
    mc302,
    mc303,
    mc304,
    mc305,
    mc306,
    mc307,
    mc308,
    mc309,
    mc310,
    mc401,
    mc402,
    mc403,
    mc501,
    mc601,
    mc602,
    mc603,
    mc604,
    mc605,
    mc700,
)

# Read-only, as their types say: what `check` and every `Policy` in the
# process read, which no caller may change for the others.

#: Code → rule.
CATALOGUE: Mapping[str, CatalogueRule] = FrozenDict({r.code: r for r in RULES})

#: Every catalogue code → its default severity. MC401 and MC402 are errors
#: once the term has started and warnings before: the rules pick. Read-only.
CODES: Mapping[str, Severity] = FrozenDict({r.code: r.severity for r in RULES})

#: code → template key → template. Quotes around titles are ASCII on purpose:
#: messages travel through terminals, logs and JSON. Read-only, at both levels.
MESSAGES: Mapping[str, Mapping[str, str]] = FrozenDict(
    {r.code: r.messages for r in RULES}
)
