"""Mutual Commit agreements between a vendor and its channel partners.

Hold the agreement (both sides' pledges toward shared goals), check it
against the principles and the known pitfalls, and evaluate it against
observations. See SPEC §7 for the public API; everything not re-exported
here is private.

The names are imported on first use (PEP 562), so ``import mutualcommit``
costs next to nothing and a program pays only for the layers it touches.
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
        UnknownLocaleError,
    )
    from mutualcommit.kpi import (
        FundLedger,
        FundRequest,
        FundWindow,
        IncentiveResult,
        IncentiveWindow,
        RequestState,
        Scorecard,
        Standing,
        TargetResult,
        WindowResult,
        evaluate,
        evaluate_series,
        fund_ledger,
    )
    from mutualcommit.model import (
        Accrual,
        ActionItem,
        Aggregation,
        Agreement,
        AgreementStatus,
        Clause,
        Contribution,
        ContributionKind,
        Direction,
        FiscalCalendar,
        Fund,
        FundEvent,
        FundEventKind,
        FundExpiry,
        Goal,
        Incentive,
        Metric,
        Observation,
        Party,
        Period,
        Pillar,
        Quantity,
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
        Finding,
        Policy,
        Report,
        Rule,
        Severity,
        Waiver,
        check,
    )
    from mutualcommit.serialize import (
        dump_fund_events,
        dump_observations,
        dumps,
        from_dict,
        json_schema,
        load_fund_events,
        load_observations,
        loads,
        make_converter,
        to_dict,
    )

__all__ = [
    "DEFAULT_POLICY",
    "Accrual",
    "ActionItem",
    "Aggregation",
    "Agreement",
    "AgreementStatus",
    "Clause",
    "Contribution",
    "ContributionKind",
    "Direction",
    "Finding",
    "FiscalCalendar",
    "FormatError",
    "Fund",
    "FundEvent",
    "FundEventKind",
    "FundExpiry",
    "FundLedger",
    "FundRequest",
    "FundWindow",
    "Goal",
    "Incentive",
    "IncentiveResult",
    "IncentiveWindow",
    "InvalidAgreementError",
    "InvalidObservationsError",
    "Metric",
    "MutualCommitError",
    "Observation",
    "Party",
    "Period",
    "Pillar",
    "Policy",
    "Quantity",
    "Report",
    "RequestState",
    "ResourceAllocation",
    "Review",
    "Role",
    "Rule",
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
    "dump_fund_events",
    "dump_observations",
    "dumps",
    "evaluate",
    "evaluate_series",
    "from_dict",
    "fund_ledger",
    "json_schema",
    "load_fund_events",
    "load_observations",
    "loads",
    "make_converter",
    "render",
    "to_dict",
]

#: Where each public name lives.
_SOURCES = {
    "Accrual": "mutualcommit.model",
    "ActionItem": "mutualcommit.model",
    "Aggregation": "mutualcommit.model",
    "Agreement": "mutualcommit.model",
    "AgreementStatus": "mutualcommit.model",
    "Clause": "mutualcommit.model",
    "Contribution": "mutualcommit.model",
    "ContributionKind": "mutualcommit.model",
    "DEFAULT_POLICY": "mutualcommit.rules",
    "Direction": "mutualcommit.model",
    "Finding": "mutualcommit.rules",
    "FiscalCalendar": "mutualcommit.model",
    "FormatError": "mutualcommit.errors",
    "Fund": "mutualcommit.model",
    "FundEvent": "mutualcommit.model",
    "FundEventKind": "mutualcommit.model",
    "FundExpiry": "mutualcommit.model",
    "FundLedger": "mutualcommit.kpi",
    "FundRequest": "mutualcommit.kpi",
    "FundWindow": "mutualcommit.kpi",
    "Goal": "mutualcommit.model",
    "Incentive": "mutualcommit.model",
    "IncentiveResult": "mutualcommit.kpi",
    "IncentiveWindow": "mutualcommit.kpi",
    "InvalidAgreementError": "mutualcommit.errors",
    "InvalidObservationsError": "mutualcommit.errors",
    "Metric": "mutualcommit.model",
    "MutualCommitError": "mutualcommit.errors",
    "Observation": "mutualcommit.model",
    "Party": "mutualcommit.model",
    "Period": "mutualcommit.model",
    "Pillar": "mutualcommit.model",
    "Policy": "mutualcommit.rules",
    "Quantity": "mutualcommit.model",
    "Report": "mutualcommit.rules",
    "RequestState": "mutualcommit.kpi",
    "ResourceAllocation": "mutualcommit.model",
    "Review": "mutualcommit.model",
    "Role": "mutualcommit.model",
    "Rule": "mutualcommit.rules",
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
    "dump_fund_events": "mutualcommit.serialize",
    "dump_observations": "mutualcommit.serialize",
    "dumps": "mutualcommit.serialize",
    "evaluate": "mutualcommit.kpi",
    "evaluate_series": "mutualcommit.kpi",
    "from_dict": "mutualcommit.serialize",
    "fund_ledger": "mutualcommit.kpi",
    "json_schema": "mutualcommit.serialize",
    "load_fund_events": "mutualcommit.serialize",
    "load_observations": "mutualcommit.serialize",
    "loads": "mutualcommit.serialize",
    "make_converter": "mutualcommit.serialize",
    "render": "mutualcommit.render",
    "to_dict": "mutualcommit.serialize",
}


def __getattr__(name: str) -> Any:
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
