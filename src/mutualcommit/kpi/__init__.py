"""KPI evaluation: observations, windows, attainment, pacing, scorecards (SPEC §5)."""

from mutualcommit.model import Observation

from ._evaluate import evaluate, evaluate_series
from ._exceptions import (
    EXCEPTIONS_FORMAT,
    ExceptionReport,
    PlanException,
    exception_key,
    exception_report_to_dict,
    exceptions,
    never_observed,
)
from ._incentives import IncentiveResult, IncentiveWindow, evaluate_incentive
from ._index import ObservationIndex
from ._json import SCORECARD_FORMAT, register_scorecard_hooks, scorecard_to_dict
from ._receipt import RECEIPT_FORMAT, observations_digest, receipt
from ._results import Standing, TargetResult, WindowResult
from ._scorecard import Scorecard

__all__ = [
    "EXCEPTIONS_FORMAT",
    "RECEIPT_FORMAT",
    "SCORECARD_FORMAT",
    "ExceptionReport",
    "IncentiveResult",
    "IncentiveWindow",
    "Observation",
    "ObservationIndex",
    "PlanException",
    "Scorecard",
    "Standing",
    "TargetResult",
    "WindowResult",
    "evaluate",
    "evaluate_incentive",
    "evaluate_series",
    "exception_key",
    "exception_report_to_dict",
    "exceptions",
    "never_observed",
    "observations_digest",
    "receipt",
    "register_scorecard_hooks",
    "scorecard_to_dict",
]
