"""Many agreements at once, on one core or an existing executor."""

from ._engine import (
    DEFAULT_CHUNK_SIZE,
    DEFAULT_MAX_IN_FLIGHT,
    Progress,
    check_and_evaluate_many,
    check_many,
    evaluate_many,
    summarize_many,
)
from ._fund_events import dump_portfolio_fund_events, load_portfolio_fund_events
from ._observations import (
    FundEventSource,
    ObservationSource,
    dump_portfolio_observations,
    load_portfolio_observations,
)
from ._summary import (
    FUND_FIGURES,
    RECORD_COLUMNS,
    FundTotals,
    PartyAccountability,
    PortfolioSummary,
    fund_totals_to_dict,
    summarize,
    summary_to_dict,
)
from ._work import AgreementSource

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_MAX_IN_FLIGHT",
    "FUND_FIGURES",
    "RECORD_COLUMNS",
    "AgreementSource",
    "FundEventSource",
    "FundTotals",
    "ObservationSource",
    "PartyAccountability",
    "PortfolioSummary",
    "Progress",
    "check_and_evaluate_many",
    "check_many",
    "dump_portfolio_fund_events",
    "dump_portfolio_observations",
    "evaluate_many",
    "fund_totals_to_dict",
    "load_portfolio_fund_events",
    "load_portfolio_observations",
    "summarize",
    "summarize_many",
    "summary_to_dict",
]
