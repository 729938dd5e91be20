"""KPI evaluation: observations, windows, attainment, pacing, scorecards.

The exception report, the scorecard's JSON form and the receipt are imported
on first use (PEP 562): evaluating does not need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mutualcommit._lazy import lazy_names
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
from ._incentives import IncentiveResult, IncentiveWindow, OfActual, evaluate_incentive
from ._index import ObservationIndex
from ._pacing import DEFAULT_BANDS, Bands, bands_problems
from ._positions import NetPosition, PositionWindow
from ._records import Table
from ._remedies import RemedyResult, RemedyWindow, evaluate_remedy
from ._results import Standing, TargetResult, WindowResult
from ._scorecard import Scorecard

if TYPE_CHECKING:
    from ._exceptions import (
        EXCEPTIONS_FORMAT,
        MAX_JUDGEMENTS,
        ExceptionReport,
        PlanException,
        exception_key,
        exception_report_to_dict,
        exceptions,
        never_observed,
    )
    from ._json import SCORECARD_FORMAT, register_scorecard_hooks, scorecard_to_dict
    from ._receipt import (
        RECEIPT_FORMAT,
        fund_events_digest,
        observations_digest,
        receipt,
    )

__all__ = [
    "DEFAULT_BANDS",
    "EXCEPTIONS_FORMAT",
    "FUNDS_FORMAT",
    "MAX_JUDGEMENTS",
    "RECEIPT_FORMAT",
    "SCORECARD_FORMAT",
    "Bands",
    "ExceptionReport",
    "FundLedger",
    "FundRequest",
    "FundWindow",
    "IncentiveResult",
    "IncentiveWindow",
    "NetPosition",
    "Observation",
    "ObservationIndex",
    "OfActual",
    "PlanException",
    "PositionWindow",
    "RemedyResult",
    "RemedyWindow",
    "RequestState",
    "Scorecard",
    "Standing",
    "Table",
    "TargetResult",
    "WindowResult",
    "bands_problems",
    "evaluate",
    "evaluate_incentive",
    "evaluate_remedy",
    "evaluate_series",
    "exception_key",
    "exception_report_to_dict",
    "exceptions",
    "fund_events_digest",
    "fund_ledger",
    "funds_to_dict",
    "never_observed",
    "observations_digest",
    "receipt",
    "register_scorecard_hooks",
    "scorecard_to_dict",
]

#: The names imported on first use, and their modules.
_LAZY = {
    "EXCEPTIONS_FORMAT": "._exceptions",
    "ExceptionReport": "._exceptions",
    "MAX_JUDGEMENTS": "._exceptions",
    "PlanException": "._exceptions",
    "RECEIPT_FORMAT": "._receipt",
    "SCORECARD_FORMAT": "._json",
    "exception_key": "._exceptions",
    "exception_report_to_dict": "._exceptions",
    "exceptions": "._exceptions",
    "never_observed": "._exceptions",
    "fund_events_digest": "._receipt",
    "observations_digest": "._receipt",
    "receipt": "._receipt",
    "register_scorecard_hooks": "._json",
    "scorecard_to_dict": "._json",
}


# Hidden from type checkers, which read the names from the imports above: a
# module-level __getattr__ would make them accept any name as Any.
if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_names(__name__, _LAZY, __all__, globals())
