"""Mutual Commit agreements between a vendor and its channel partners.

Hold the agreement (both sides' pledges toward shared goals), check it
against the principles and the known pitfalls, and evaluate it against
observations. See SPEC §7 for the public API; everything not re-exported
here is private.

The names are imported on first use (PEP 562), so ``import mutualcommit``
costs next to nothing and a program pays only for the layers it touches;
``mutualcommit.__version__`` is read from the installed metadata the same
way.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mutualcommit.errors import (
        FormatError,
        InvalidAgreementError,
        InvalidObservationsError,
        MutualCommitError,
        RuleError,
        UnknownLocaleError,
    )
    from mutualcommit.kpi import (
        Bands,
        ExceptionReport,
        IncentiveResult,
        IncentiveWindow,
        NetPosition,
        PlanException,
        PositionWindow,
        RemedyResult,
        RemedyWindow,
        Scorecard,
        Standing,
        TargetResult,
        WindowResult,
        evaluate,
        evaluate_series,
        exceptions,
        receipt,
    )
    from mutualcommit.model import (
        ActionItem,
        Aggregation,
        Agreement,
        AgreementStatus,
        Clause,
        Contribution,
        ContributionKind,
        Direction,
        ExceptionCriterion,
        FiscalCalendar,
        Goal,
        Incentive,
        Metric,
        Observation,
        Party,
        Period,
        Pillar,
        Quantity,
        Remedy,
        ResourceAllocation,
        Review,
        Role,
        Signature,
        Step,
        Target,
        Tier,
    )
    from mutualcommit.render import render
    from mutualcommit.rules import (
        DEFAULT_POLICY,
        Context,
        Finding,
        Policy,
        Report,
        Rule,
        Severity,
        Waiver,
        check,
    )
    from mutualcommit.serialize import (
        dump_observations,
        dumps,
        from_dict,
        json_schema,
        load_observations,
        loads,
        make_converter,
        observation_from_dict,
        observation_to_dict,
        to_dict,
    )

__all__ = [
    "DEFAULT_POLICY",
    "ActionItem",
    "Aggregation",
    "Agreement",
    "AgreementStatus",
    "Bands",
    "Clause",
    "Context",
    "Contribution",
    "ContributionKind",
    "Direction",
    "ExceptionCriterion",
    "ExceptionReport",
    "Finding",
    "FiscalCalendar",
    "FormatError",
    "Goal",
    "Incentive",
    "IncentiveResult",
    "IncentiveWindow",
    "InvalidAgreementError",
    "InvalidObservationsError",
    "Metric",
    "MutualCommitError",
    "NetPosition",
    "Observation",
    "Party",
    "Period",
    "Pillar",
    "PlanException",
    "Policy",
    "PositionWindow",
    "Quantity",
    "Remedy",
    "RemedyResult",
    "RemedyWindow",
    "Report",
    "ResourceAllocation",
    "Review",
    "Role",
    "Rule",
    "RuleError",
    "Scorecard",
    "Severity",
    "Signature",
    "Standing",
    "Step",
    "Target",
    "TargetResult",
    "Tier",
    "UnknownLocaleError",
    "Waiver",
    "WindowResult",
    "check",
    "dump_observations",
    "dumps",
    "evaluate",
    "evaluate_series",
    "exceptions",
    "from_dict",
    "json_schema",
    "load_observations",
    "loads",
    "make_converter",
    "observation_from_dict",
    "observation_to_dict",
    "receipt",
    "render",
    "to_dict",
]

#: Where each public name lives.
_SOURCES = {
    "ActionItem": "mutualcommit.model",
    "Aggregation": "mutualcommit.model",
    "Agreement": "mutualcommit.model",
    "AgreementStatus": "mutualcommit.model",
    "Bands": "mutualcommit.kpi",
    "Clause": "mutualcommit.model",
    "Context": "mutualcommit.rules",
    "Contribution": "mutualcommit.model",
    "ContributionKind": "mutualcommit.model",
    "DEFAULT_POLICY": "mutualcommit.rules",
    "Direction": "mutualcommit.model",
    "ExceptionCriterion": "mutualcommit.model",
    "ExceptionReport": "mutualcommit.kpi",
    "Finding": "mutualcommit.rules",
    "FiscalCalendar": "mutualcommit.model",
    "FormatError": "mutualcommit.errors",
    "Goal": "mutualcommit.model",
    "Incentive": "mutualcommit.model",
    "IncentiveResult": "mutualcommit.kpi",
    "IncentiveWindow": "mutualcommit.kpi",
    "InvalidAgreementError": "mutualcommit.errors",
    "InvalidObservationsError": "mutualcommit.errors",
    "Metric": "mutualcommit.model",
    "MutualCommitError": "mutualcommit.errors",
    "NetPosition": "mutualcommit.kpi",
    "Observation": "mutualcommit.model",
    "Party": "mutualcommit.model",
    "Period": "mutualcommit.model",
    "Pillar": "mutualcommit.model",
    "PlanException": "mutualcommit.kpi",
    "Policy": "mutualcommit.rules",
    "PositionWindow": "mutualcommit.kpi",
    "Quantity": "mutualcommit.model",
    "Remedy": "mutualcommit.model",
    "RemedyResult": "mutualcommit.kpi",
    "RemedyWindow": "mutualcommit.kpi",
    "Report": "mutualcommit.rules",
    "ResourceAllocation": "mutualcommit.model",
    "Review": "mutualcommit.model",
    "Role": "mutualcommit.model",
    "Rule": "mutualcommit.rules",
    "RuleError": "mutualcommit.errors",
    "Scorecard": "mutualcommit.kpi",
    "Severity": "mutualcommit.rules",
    "Signature": "mutualcommit.model",
    "Standing": "mutualcommit.kpi",
    "Step": "mutualcommit.model",
    "Target": "mutualcommit.model",
    "TargetResult": "mutualcommit.kpi",
    "Tier": "mutualcommit.model",
    "UnknownLocaleError": "mutualcommit.errors",
    "Waiver": "mutualcommit.rules",
    "WindowResult": "mutualcommit.kpi",
    "check": "mutualcommit.rules",
    "dump_observations": "mutualcommit.serialize",
    "dumps": "mutualcommit.serialize",
    "evaluate": "mutualcommit.kpi",
    "evaluate_series": "mutualcommit.kpi",
    "exceptions": "mutualcommit.kpi",
    "from_dict": "mutualcommit.serialize",
    "json_schema": "mutualcommit.serialize",
    "load_observations": "mutualcommit.serialize",
    "loads": "mutualcommit.serialize",
    "make_converter": "mutualcommit.serialize",
    "observation_from_dict": "mutualcommit.serialize",
    "observation_to_dict": "mutualcommit.serialize",
    "receipt": "mutualcommit.kpi",
    "render": "mutualcommit.render",
    "to_dict": "mutualcommit.serialize",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from mutualcommit._version import version

        text = globals()["__version__"] = version()
        return text
    try:
        source = _SOURCES[name]
    except KeyError:
        msg = f"module 'mutualcommit' has no attribute {name!r}"
        raise AttributeError(msg) from None
    value = getattr(importlib.import_module(source), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
