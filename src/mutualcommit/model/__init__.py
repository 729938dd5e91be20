"""The domain model: frozen values, their invariants and canonical form (SPEC §3)."""

from ._agreement import TERM_FIELDS, Agreement
from ._bounds import MAX_TERM_DAYS, MAX_WINDOWS
from ._canonical import (
    FORMAT,
    FORMAT_VERSION,
    canonical_document,
    canonical_json,
    canonical_terms,
    number_text,
)
from ._decimal import decimal_context, decimal_problem, decimal_text
from ._entities import (
    PLAIN_UNITS,
    ActionItem,
    Clause,
    Contribution,
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
    Role,
)
from ._frozen import FrozenDict, freeze_json, thaw_json
from ._invariants import is_identifier, review_rule_problem
from ._observation import Observation

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "MAX_TERM_DAYS",
    "MAX_WINDOWS",
    "PLAIN_UNITS",
    "TERM_FIELDS",
    "ActionItem",
    "Aggregation",
    "Agreement",
    "AgreementStatus",
    "Clause",
    "Contribution",
    "ContributionKind",
    "Direction",
    "FiscalCalendar",
    "FrozenDict",
    "Goal",
    "Incentive",
    "Metric",
    "Observation",
    "Party",
    "Period",
    "Pillar",
    "Quantity",
    "ResourceAllocation",
    "Review",
    "Role",
    "Signature",
    "Step",
    "Target",
    "Tier",
    "canonical_document",
    "canonical_json",
    "canonical_terms",
    "decimal_context",
    "decimal_problem",
    "decimal_text",
    "freeze_json",
    "is_identifier",
    "number_text",
    "review_rule_problem",
    "thaw_json",
]
