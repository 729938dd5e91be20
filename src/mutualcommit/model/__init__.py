"""The domain model: frozen values, their invariants and canonical form.

`Observation` is imported on first use (PEP 562): a program that only reads
and writes agreements does not build it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mutualcommit._lazy import lazy_names

from ._accepts import decimal_in
from ._agreement import TERM_FIELDS, ActionItemChanges, Agreement, TermChanges
from ._bounds import MAX_TERM_DAYS, MAX_VERSION, MAX_WINDOWS
from ._canonical import (
    FORMAT,
    FORMAT_VERSION,
    canonical_document,
    canonical_json,
    canonical_terms,
    number_text,
)
from ._coerce import (
    UNREADABLE,
    as_decimal,
    as_enum,
    as_sequence,
    coerce_fields,
    refuses_with,
)
from ._decimal import (
    currency_digits,
    decimal_context,
    decimal_problem,
    decimal_text,
    percentage,
    rounded,
    rounded_beside,
    wide_context,
)
from ._entities import (
    PLAIN_UNITS,
    ActionItem,
    Clause,
    Contribution,
    ExceptionCriterion,
    FiscalCalendar,
    Goal,
    Incentive,
    Metric,
    Party,
    Quantity,
    ResourceAllocation,
    Review,
    Signature,
    Step,
    Target,
    Tier,
)
from ._enums import (
    Aggregation,
    AgreementStatus,
    ContributionKind,
    Direction,
    Period,
    Pillar,
    ReviewKind,
    Role,
)
from ._frozen import FrozenDict, freeze_json, thaw_json
from ._funds import Accrual, Fund, FundEvent, FundEventKind, FundExpiry
from ._invariants import is_identifier, review_rule_problem
from ._remedy import Remedy
from ._signature import readable_signature

if TYPE_CHECKING:
    from ._observation import Observation

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "MAX_TERM_DAYS",
    "MAX_VERSION",
    "MAX_WINDOWS",
    "PLAIN_UNITS",
    "TERM_FIELDS",
    "UNREADABLE",
    "Accrual",
    "ActionItem",
    "ActionItemChanges",
    "Aggregation",
    "Agreement",
    "AgreementStatus",
    "Clause",
    "Contribution",
    "ContributionKind",
    "Direction",
    "ExceptionCriterion",
    "FiscalCalendar",
    "FrozenDict",
    "Fund",
    "FundEvent",
    "FundEventKind",
    "FundExpiry",
    "Goal",
    "Incentive",
    "Metric",
    "Observation",
    "Party",
    "Period",
    "Pillar",
    "Quantity",
    "Remedy",
    "ResourceAllocation",
    "Review",
    "ReviewKind",
    "Role",
    "Signature",
    "Step",
    "Target",
    "TermChanges",
    "Tier",
    "as_decimal",
    "as_enum",
    "as_sequence",
    "canonical_document",
    "canonical_json",
    "canonical_terms",
    "coerce_fields",
    "currency_digits",
    "decimal_context",
    "decimal_in",
    "decimal_problem",
    "decimal_text",
    "freeze_json",
    "is_identifier",
    "number_text",
    "percentage",
    "readable_signature",
    "refuses_with",
    "review_rule_problem",
    "rounded",
    "rounded_beside",
    "thaw_json",
    "wide_context",
]

#: The names imported on first use, and their modules.
_LAZY = {"Observation": "._observation"}


# Hidden from type checkers, which read the names from the imports above: a
# module-level __getattr__ would make them accept any name as Any.
if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_names(__name__, _LAZY, __all__, globals())
