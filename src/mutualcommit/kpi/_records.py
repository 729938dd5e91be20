"""Scorecards as flat records, for data frames (``Scorecard.to_records``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from mutualcommit._frames import Schema
from mutualcommit.model._arguments import as_choice

from ._fund_results import FUND_REQUEST_SCHEMA, FUND_WINDOW_SCHEMA

if TYPE_CHECKING:
    from ._scorecard import Scorecard

__all__ = [
    "INCENTIVE_SCHEMA",
    "REMEDY_SCHEMA",
    "TARGET_SCHEMA",
    "WINDOW_KEYS",
    "Table",
    "schema_of",
    "scorecard_records",
]

#: The tables of a scorecard's records.
Table = Literal["targets", "incentives", "remedies", "funds", "fund_requests"]

#: The counts a computed measure's window states (``WindowResult.details``):
#: OTIF's orders decided and on time in full, OTIF's and lead time's
#: deliveries that name no order, a forecast measure's pairs and unmatched
#: records. A target record holds each, None when its measure states none.
DETAIL_COLUMNS = (
    "orders",
    "on_time_in_full",
    "deliveries_without_order",
    "pairs",
    "forecasts_without_actual",
    "actuals_without_forecast",
)
#: The columns that name a goal's or pledge's window, first in a scorecard's
#: target records and in a projection's alike, so that the two join on them.
WINDOW_KEYS: Schema = (
    ("kind", "text"),
    ("id", "text"),
    ("party", "text"),
    ("metric", "text"),
    ("window", "text"),
    ("start", "date"),
    ("end", "date"),
)
#: The columns of a scorecard's target records, in order, with their kinds.
TARGET_SCHEMA: Schema = (
    *WINDOW_KEYS,
    ("current", "bool"),
    ("closed", "bool"),
    ("target", "float"),
    ("actual", "float"),
    ("expected", "float"),
    ("elapsed", "float"),
    ("attainment", "float"),
    ("pace", "float"),
    ("forecast", "float"),
    ("standing", "text"),
    *((name, "int") for name in DETAIL_COLUMNS),
)
#: The columns of a scorecard's incentive records, in order, with their kinds.
INCENTIVE_SCHEMA: Schema = (
    ("incentive", "text"),
    ("unit", "text"),
    ("window", "text"),
    ("attainment", "float"),
    ("tier", "int"),
    ("payout", "float"),
    ("status", "text"),
    ("provisional", "bool"),
)
#: The columns of a scorecard's remedy records, in order, with their kinds.
REMEDY_SCHEMA: Schema = (
    ("remedy", "text"),
    ("payer", "text"),
    ("beneficiary", "text"),
    ("unit", "text"),
    ("window", "text"),
    ("end", "date"),
    ("closed", "bool"),
    ("shortfall", "float"),
    ("charged", "float"),
    ("owed", "float"),
    ("capped", "float"),
    ("breached", "bool"),
)


#: Each table's columns, in order, with their kinds.
_SCHEMAS: dict[str, Schema] = {
    "targets": TARGET_SCHEMA,
    "incentives": INCENTIVE_SCHEMA,
    "remedies": REMEDY_SCHEMA,
    "funds": FUND_WINDOW_SCHEMA,
    "fund_requests": FUND_REQUEST_SCHEMA,
}


def schema_of(table: Table) -> Schema:
    """Return the columns of *table*'s records, in order, with their kinds.

    Raises:
        ValueError: When *table* names none of the tables.
    """
    return _SCHEMAS[as_choice("table", table, _SCHEMAS)]


def scorecard_records(
    scorecard: Scorecard, table: Table = "targets"
) -> list[dict[str, Any]]:
    """Return *scorecard* as records: one per target, incentive, remedy or fund window.

    Numbers stay exact Decimals (None where the scorecard has None), dates
    `datetime.date`, standings their string values.

    Raises:
        ValueError: When *table* names none of the tables.
    """
    schema_of(table)
    if table == "funds":
        return [row for ledger in scorecard.funds for row in ledger.to_records()]
    if table == "fund_requests":
        return [
            row for ledger in scorecard.funds for row in ledger.to_records("requests")
        ]
    if table == "remedies":
        return [
            {
                "remedy": result.remedy,
                "payer": result.payer,
                "beneficiary": result.beneficiary,
                "unit": result.unit,
                "window": window.label,
                "end": window.end,
                "closed": window.closed,
                "shortfall": window.shortfall,
                "charged": window.charged,
                "owed": window.owed,
                "capped": window.capped,
                "breached": window.breached,
            }
            for result in scorecard.remedies
            for window in result.windows
        ]
    if table == "incentives":
        return [
            {
                "incentive": result.incentive,
                "unit": result.unit,
                "window": window.label,
                "attainment": window.attainment,
                "tier": window.tier,
                "payout": window.payout,
                "status": window.status,
                "provisional": window.provisional,
            }
            for result in scorecard.incentives
            for window in result.windows
        ]
    return [
        {
            "kind": "goal" if result.goal is not None else "contribution",
            "id": result.id,
            "party": result.party,
            "metric": result.target.metric,
            "window": window.label,
            "start": window.start,
            "end": window.end,
            "current": window is result.current,
            "closed": window.closed,
            "target": window.target,
            "actual": window.actual,
            "expected": window.expected,
            "elapsed": window.elapsed,
            "attainment": window.attainment,
            "pace": window.pace,
            "forecast": window.forecast,
            "standing": window.standing.value,
            **{key: window.details.get(key) for key in DETAIL_COLUMNS},
        }
        for result in (*scorecard.goals, *scorecard.contributions)
        for window in result.windows
    ]
