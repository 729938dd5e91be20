"""Scorecards as flat records, for data frames (``Scorecard.to_records``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from ._scorecard import Scorecard

__all__ = ["INCENTIVE_COLUMNS", "TARGET_COLUMNS", "scorecard_records"]

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


def scorecard_records(
    scorecard: Scorecard, table: Literal["targets", "incentives"] = "targets"
) -> list[dict[str, Any]]:
    """Return *scorecard* as records: one per target window, or incentive window.

    Numbers stay exact Decimals (None where the scorecard has None), dates
    `datetime.date`, standings their string values.
    """
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
        }
        for result in (*scorecard.goals, *scorecard.contributions)
        for window in result.windows
    ]
