"""Mutual Commit agreements between a vendor and its channel partners.

Hold the agreement (both sides' pledges toward shared goals), check it
against the principles and the known pitfalls, and evaluate it against
observations. The names in ``__all__`` are the public API; everything not
re-exported here is private.

The names are imported on first use (PEP 562), so ``import mutualcommit``
costs next to nothing and a program pays only for the layers it touches;
``mutualcommit.__version__`` is read from the installed metadata the same
way.
"""

from __future__ import annotations

import importlib
import types

# Not ``typing.TYPE_CHECKING``: importing typing would cost the bare
# ``import mutualcommit`` several milliseconds (type checkers know the name).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mutualcommit.errors import (
        AlreadyCompletedError,
        AlreadySignedError,
        ArgumentError,
        FormatError,
        InvalidAgreementError,
        InvalidFieldsError,
        InvalidFundEventsError,
        InvalidObservationsError,
        MutualCommitError,
        NotFoundError,
        NothingToAmendError,
        ProblemsError,
        RuleError,
        SourceError,
        TooManyJudgementsError,
        UnknownLocaleError,
    )
    from mutualcommit.kpi import (
        Bands,
        ExceptionReport,
        FundLedger,
        FundRequest,
        FundWindow,
        IncentiveResult,
        IncentiveWindow,
        NetPosition,
        PlanException,
        PositionWindow,
        RemedyResult,
        RemedyWindow,
        RequestState,
        Scorecard,
        Standing,
        TargetResult,
        WindowResult,
        evaluate,
        evaluate_series,
        exceptions,
        fund_ledger,
        receipt,
    )
    from mutualcommit.model import (
        Accrual,
        ActionItem,
        ActionItemChanges,
        Aggregation,
        Agreement,
        AgreementStatus,
        Clause,
        Contribution,
        ContributionKind,
        Direction,
        ExceptionCriterion,
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
        Remedy,
        ResourceAllocation,
        Review,
        ReviewKind,
        Role,
        Signature,
        Step,
        Target,
        TermChanges,
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
        dump_fund_events,
        dump_observations,
        dumps,
        from_dict,
        fund_event_from_dict,
        fund_event_to_dict,
        json_schema,
        load_fund_events,
        load_observations,
        loads,
        make_converter,
        observation_from_dict,
        observation_to_dict,
        to_dict,
    )

    #: The installed distribution's version, read on first use.
    __version__: str

__all__ = [
    "DEFAULT_POLICY",
    "Accrual",
    "ActionItem",
    "ActionItemChanges",
    "Aggregation",
    "Agreement",
    "AgreementStatus",
    "AlreadyCompletedError",
    "AlreadySignedError",
    "ArgumentError",
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
    "InvalidFieldsError",
    "InvalidFundEventsError",
    "InvalidObservationsError",
    "Metric",
    "MutualCommitError",
    "NetPosition",
    "NotFoundError",
    "NothingToAmendError",
    "Observation",
    "Party",
    "Period",
    "Pillar",
    "PlanException",
    "Policy",
    "PositionWindow",
    "ProblemsError",
    "Quantity",
    "Remedy",
    "RemedyResult",
    "RemedyWindow",
    "Report",
    "RequestState",
    "ResourceAllocation",
    "Review",
    "ReviewKind",
    "Role",
    "Rule",
    "RuleError",
    "Scorecard",
    "Severity",
    "Signature",
    "SourceError",
    "Standing",
    "Step",
    "Target",
    "TargetResult",
    "TermChanges",
    "Tier",
    "TooManyJudgementsError",
    "UnknownLocaleError",
    "Waiver",
    "WindowResult",
    "check",
    "dump_fund_events",
    "dump_observations",
    "dumps",
    "evaluate",
    "evaluate_series",
    "exceptions",
    "from_dict",
    "fund_event_from_dict",
    "fund_event_to_dict",
    "fund_ledger",
    "json_schema",
    "load_fund_events",
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
    "Accrual": "mutualcommit.model",
    "ActionItem": "mutualcommit.model",
    "ActionItemChanges": "mutualcommit.model",
    "Aggregation": "mutualcommit.model",
    "Agreement": "mutualcommit.model",
    "AgreementStatus": "mutualcommit.model",
    "AlreadyCompletedError": "mutualcommit.errors",
    "AlreadySignedError": "mutualcommit.errors",
    "ArgumentError": "mutualcommit.errors",
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
    "InvalidFieldsError": "mutualcommit.errors",
    "InvalidFundEventsError": "mutualcommit.errors",
    "InvalidObservationsError": "mutualcommit.errors",
    "Metric": "mutualcommit.model",
    "MutualCommitError": "mutualcommit.errors",
    "NotFoundError": "mutualcommit.errors",
    "NetPosition": "mutualcommit.kpi",
    "NothingToAmendError": "mutualcommit.errors",
    "Observation": "mutualcommit.model",
    "Party": "mutualcommit.model",
    "Period": "mutualcommit.model",
    "Pillar": "mutualcommit.model",
    "PlanException": "mutualcommit.kpi",
    "Policy": "mutualcommit.rules",
    "PositionWindow": "mutualcommit.kpi",
    "ProblemsError": "mutualcommit.errors",
    "Quantity": "mutualcommit.model",
    "Remedy": "mutualcommit.model",
    "RemedyResult": "mutualcommit.kpi",
    "RemedyWindow": "mutualcommit.kpi",
    "Report": "mutualcommit.rules",
    "RequestState": "mutualcommit.kpi",
    "ResourceAllocation": "mutualcommit.model",
    "Review": "mutualcommit.model",
    "ReviewKind": "mutualcommit.model",
    "Role": "mutualcommit.model",
    "Rule": "mutualcommit.rules",
    "RuleError": "mutualcommit.errors",
    "Scorecard": "mutualcommit.kpi",
    "Severity": "mutualcommit.rules",
    "Signature": "mutualcommit.model",
    "SourceError": "mutualcommit.errors",
    "Standing": "mutualcommit.kpi",
    "Step": "mutualcommit.model",
    "Target": "mutualcommit.model",
    "TargetResult": "mutualcommit.kpi",
    "TermChanges": "mutualcommit.model",
    "Tier": "mutualcommit.model",
    "TooManyJudgementsError": "mutualcommit.errors",
    "UnknownLocaleError": "mutualcommit.errors",
    "Waiver": "mutualcommit.rules",
    "WindowResult": "mutualcommit.kpi",
    "check": "mutualcommit.rules",
    "dump_fund_events": "mutualcommit.serialize",
    "dump_observations": "mutualcommit.serialize",
    "dumps": "mutualcommit.serialize",
    "evaluate": "mutualcommit.kpi",
    "evaluate_series": "mutualcommit.kpi",
    "exceptions": "mutualcommit.kpi",
    "from_dict": "mutualcommit.serialize",
    "fund_event_from_dict": "mutualcommit.serialize",
    "fund_event_to_dict": "mutualcommit.serialize",
    "fund_ledger": "mutualcommit.kpi",
    "json_schema": "mutualcommit.serialize",
    "load_fund_events": "mutualcommit.serialize",
    "load_observations": "mutualcommit.serialize",
    "loads": "mutualcommit.serialize",
    "make_converter": "mutualcommit.serialize",
    "observation_from_dict": "mutualcommit.serialize",
    "observation_to_dict": "mutualcommit.serialize",
    "receipt": "mutualcommit.kpi",
    "render": "mutualcommit.render",
    "to_dict": "mutualcommit.serialize",
}


# Hidden from type checkers, which read the names from the imports above: a
# module-level __getattr__ would make them accept any name, a misspelt one
# too, as Any.
if not TYPE_CHECKING:

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
        module = importlib.import_module(source)
        # ``render`` names the function and the package holding it, which
        # importing it binds here: the name is the package, made callable.
        value = module if name == "render" else getattr(module, name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        # The public names, the subpackages imported so far and the dunders:
        # not the helpers this module imports for itself (sys, importlib, ...).
        loaded = (
            name
            for name, value in globals().items()
            if name.startswith("__")
            or (
                not name.startswith("_")
                and isinstance(value, types.ModuleType)
                and value.__name__ == f"{__name__}.{name}"
            )
        )
        return sorted({*__all__, "__version__", *loaded})
