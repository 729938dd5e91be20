"""KPI evaluation: observations, windows, attainment, pacing, scorecards (SPEC §5)."""

from mutualcommit.model import Observation

from ._evaluate import evaluate, evaluate_series
from ._fund_results import (
    FUNDS_FORMAT,
    FundLedger,
    FundRequest,
    FundWindow,
    RequestState,
    funds_to_dict,
)
from ._funds import fund_ledger
from ._incentives import IncentiveResult, IncentiveWindow, evaluate_incentive
from ._index import ObservationIndex
from ._json import SCORECARD_FORMAT, register_scorecard_hooks, scorecard_to_dict
from ._results import Standing, TargetResult, WindowResult
from ._scorecard import Scorecard

__all__ = [
    "FUNDS_FORMAT",
    "SCORECARD_FORMAT",
    "FundLedger",
    "FundRequest",
    "FundWindow",
    "IncentiveResult",
    "IncentiveWindow",
    "Observation",
    "ObservationIndex",
    "RequestState",
    "Scorecard",
    "Standing",
    "TargetResult",
    "WindowResult",
    "evaluate",
    "evaluate_incentive",
    "evaluate_series",
    "fund_ledger",
    "funds_to_dict",
    "register_scorecard_hooks",
    "scorecard_to_dict",
]
