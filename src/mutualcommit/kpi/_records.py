"""Scorecards as flat records, for data frames (``Scorecard.to_records``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from mutualcommit.model._arguments import as_choice

from ._fund_results import FUND_REQUEST_COLUMNS, FUND_WINDOW_COLUMNS

if TYPE_CHECKING:
    from ._scorecard import Scorecard

__all__ = [
    "INCENTIVE_COLUMNS",
    "REMEDY_COLUMNS",
    "TARGET_COLUMNS",
    "Table",
    "columns_of",
    "scorecard_records",
]

#: The tables of a scorecard's records.
Table = Literal["targets", "incentives", "remedies", "funds", "fund_requests"]

#: The counts a computed measure's window states (``WindowResult.details``):
#: OTIF's orders decided and on time in full, a forecast measure's pairs and
#: unmatched records. A target record holds each, None when its measure
#: states none.
DETAIL_COLUMNS = (
    "orders",
    "on_time_in_full",
    "pairs",
    "forecasts_without_actual",
    "actuals_without_forecast",
)
#: The keys of a scorecard's target records, in order.
TARGET_COLUMNS = (
    "kind",
    "id",
    "party",
    "metric",
    "window",
    "start",
    "end",
    "current",
    "closed",
    "target",
    "actual",
    "expected",
    "elapsed",
    "attainment",
    "pace",
    "forecast",
    "standing",
    *DETAIL_COLUMNS,
)
#: The keys of a scorecard's incentive records, in order.
INCENTIVE_COLUMNS = (
    "incentive",
    "unit",
    "window",
    "attainment",
    "tier",
    "payout",
    "status",
    "provisional",
)
#: The keys of a scorecard's remedy records, in order.
REMEDY_COLUMNS = (
    "remedy",
    "payer",
    "beneficiary",
    "unit",
    "window",
    "end",
    "closed",
    "shortfall",
    "charged",
    "owed",
    "capped",
    "breached",
)


#: Each table's keys, in order.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "targets": TARGET_COLUMNS,
    "incentives": INCENTIVE_COLUMNS,
    "remedies": REMEDY_COLUMNS,
    "funds": FUND_WINDOW_COLUMNS,
    "fund_requests": FUND_REQUEST_COLUMNS,
}


def columns_of(table: Table) -> tuple[str, ...]:
    """Return the keys of *table*'s records, in order.

    Raises:
        ValueError: When *table* names none of the tables.
    """
    return _COLUMNS[as_choice("table", table, _COLUMNS)]


def scorecard_records(
    scorecard: Scorecard, table: Table = "targets"
) -> list[dict[str, Any]]:
    """Return *scorecard* as records: one per target, incentive, remedy or fund window.

    Numbers stay exact Decimals (None where the scorecard has None), dates
    `datetime.date`, standings their string values.

    Raises:
        ValueError: When *table* names none of the tables.
    """
    columns_of(table)
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
