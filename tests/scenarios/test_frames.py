from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from mutualcommit import Agreement, Observation, check, evaluate
from mutualcommit.scenarios import (
    Assumptions,
    Fixed,
    Poisson,
    Scenario,
    compare,
    project,
    scale_allocation,
)

Plan = Callable[..., Agreement]
Events = Callable[..., list[Observation]]
Q1_END = dt.date(2026, 3, 31)


def _projection(plan: Plan, events: Events) -> Any:
    log = events("m", dt.date(2026, 1, 1), Q1_END, step=3)
    return project(
        plan("30", incentive=True),
        log,
        as_of=Q1_END,
        runs=200,
        assumptions=Assumptions(rates={"m": Poisson(30), "revenue": Fixed(1000)}),
    )


class TestProjectionRecords:
    """A projection's records are plain dicts, one per target window."""

    def test_targets(self, plan: Plan, events: Events) -> None:
        """Two targets of four quarters make eight records with every column."""
        projection = _projection(plan, events)

        records = projection.to_records()

        assert 8 == len(records)
        assert all(list(projection.columns()) == list(r) for r in records)
        first = records[0]
        assert ("goal", "goal", "FY2026-Q1", True, 30.0) == (
            first["kind"],
            first["id"],
            first["window"],
            first["closed"],
            first["actual"],
        )
        assert {"p5", "p50", "p95"} <= set(first)
        assert "contribution" == records[-1]["kind"]

    def test_incentives(self, plan: Plan, events: Events) -> None:
        """An incentive gives a record per window and one for the term's total."""
        projection = _projection(plan, events)

        records = projection.to_records("incentives")

        assert ["FY2026-Q1", "FY2026-Q2", "FY2026-Q3", "FY2026-Q4", "total"] == [
            r["window"] for r in records
        ]
        assert (1.0, 0.0) == records[0]["tiers"]
        assert records[-1]["tiers"] is None


class TestScorecardAndReportRecords:
    """Scorecards and reports give records too, with exact Decimals."""

    def test_scorecard(self, plan: Plan, events: Events) -> None:
        """One record per target window; the current one marked."""
        log = events("m", dt.date(2026, 1, 1), Q1_END, step=3)
        card = evaluate(plan("30", incentive=True), log, as_of=dt.date(2026, 2, 14))

        records = card.to_records()

        assert 8 == len(records)
        assert [True, False, False, False] == [r["current"] for r in records[:4]]
        assert Decimal(15) == records[0]["actual"]
        assert "on_track" == records[0]["standing"]
        assert ["FY2026-Q1", "FY2026-Q2", "FY2026-Q3", "FY2026-Q4"] == [
            r["window"] for r in card.to_records("incentives")
        ]

    def test_report(self, plan: Plan) -> None:
        """One record per finding, in force first, then the waived."""
        report = check(plan(), as_of=Q1_END)

        records = report.to_records()

        assert len(report.findings) == len(records)
        assert [f.code for f in report.findings] == [r["code"] for r in records]
        assert {False} == {r["waived"] for r in records}
        assert {"code", "severity", "subject", "path", "message", "waived"} == set(
            records[0]
        )


class TestPandas:
    """to_pandas builds frames with the records' columns (floats for Decimals)."""

    def test_frames(self, plan: Plan, events: Events) -> None:
        """Projection, comparison, scorecard and report frames have their columns."""
        pytest.importorskip("pandas", reason="the pandas extra is not installed")
        projection = _projection(plan, events)
        base = Scenario(name="base", agreement=plan())
        comparison = compare(
            base,
            base.variant("more", scale_allocation(plan(), "mdf-budget", 2)),
            observations=[],
            as_of=Q1_END,
            runs=20,
        )
        card = evaluate(plan(), [], as_of=Q1_END)

        frame = projection.to_pandas()
        assert list(projection.columns()) == list(frame.columns)
        assert (8, 1.0) == (len(frame), frame["probability"].iloc[0])
        assert list(comparison.columns) == list(comparison.to_pandas().columns)
        assert "float64" == str(card.to_pandas()["target"].dtype)
        assert len(check(plan(), as_of=Q1_END).findings) == len(
            check(plan(), as_of=Q1_END).to_pandas()
        )
        assert 5 == len(projection.to_pandas("incentives"))


class TestPolars:
    """to_polars builds frames with the records' columns."""

    def test_frames(self, plan: Plan, events: Events) -> None:
        """A projection's frame keeps its columns in order."""
        pytest.importorskip("polars", reason="the polars extra is not installed")
        projection = _projection(plan, events)

        frame = projection.to_polars()

        assert list(projection.columns()) == frame.columns
        assert 8 == frame.height
        assert 5 == projection.to_polars("incentives").height
        assert 8 == evaluate(plan(), [], as_of=Q1_END).to_polars().height


class TestMissingExtra:
    """Without the extra installed, the error names it."""

    @pytest.mark.parametrize("module", ["pandas", "polars"])
    def test_names_the_extra(
        self, plan: Plan, events: Events, monkeypatch: pytest.MonkeyPatch, module: str
    ) -> None:
        """A missing pandas or polars says which extra to install."""
        monkeypatch.setitem(sys.modules, module, None)
        projection = _projection(plan, events)
        method = getattr(projection, f"to_{module}")

        with pytest.raises(ModuleNotFoundError, match=rf"extra '{module}'"):
            method()
