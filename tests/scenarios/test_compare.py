from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from mutualcommit import (
    Agreement,
    Goal,
    Target,
    load_fund_events,
    load_observations,
    loads,
)
from mutualcommit.model import Direction, Period
from mutualcommit.scenarios import (
    Assumptions,
    Fixed,
    Poisson,
    Scenario,
    compare,
    scale_allocation,
)

Plan = Callable[..., Agreement]
Q1_END = dt.date(2026, 3, 31)


def scenarios(plan: Plan) -> tuple[Scenario, Scenario, Scenario]:
    """A base, a variant that over-commits and one with a second goal."""
    base = Scenario(
        name="base",
        agreement=plan("30", mdf="20000"),
        assumptions=Assumptions(rates={"m": Poisson(30)}),
    )
    more = base.variant("more", scale_allocation(base.agreement, "mdf-budget", 2))
    second = Goal(
        id="second",
        title="A second goal",
        target=Target(
            metric="m",
            value=Decimal(100),
            direction=Direction.AT_LEAST,
            per=Period.YEAR,
        ),
    )
    wider = base.variant(
        "wider",
        base.agreement.amend(goals=(*base.agreement.goals, second)),
        assumptions=Assumptions(rates={"m": Fixed(30)}),
    )
    return base, more, wider


class TestOrder:
    """compare gives one row per goal and scenario, in a stable order."""

    def test_goal_major_then_scenarios_as_given(self, plan: Plan) -> None:
        """Goals in first appearance, then each goal's scenarios in argument order."""
        base, more, wider = scenarios(plan)

        comparison = compare(wider, base, more, observations=[], as_of=Q1_END, runs=200)

        assert [
            ("wider", "goal"),
            ("base", "goal"),
            ("more", "goal"),
            ("wider", "second"),
        ] == [(row.scenario, row.goal) for row in comparison.rows]

    def test_stable_across_calls(self, plan: Plan) -> None:
        """The same inputs give equal comparisons, row for row."""
        base, more, wider = scenarios(plan)

        first = compare(base, more, wider, observations=[], as_of=Q1_END, runs=200)
        second = compare(base, more, wider, observations=[], as_of=Q1_END, runs=200)

        assert first.rows == second.rows


class TestRows:
    """A row holds the goal's window projection and the scenario's error codes."""

    def test_window_and_errors(self, plan: Plan) -> None:
        """The first open window by default; MC204 for the variant that over-commits."""
        base, more, wider = scenarios(plan)

        comparison = compare(base, more, wider, observations=[], as_of=Q1_END, runs=200)

        assert "FY2026-Q2" == comparison.row("base", "goal").window
        assert "MC204" in comparison.row("more", "goal").errors
        assert "MC204" not in comparison.row("base", "goal").errors
        assert 1.0 == comparison.row("wider", "goal").probability
        assert {10, 50, 90} == set(comparison.row("base", "goal").percentiles)

    def test_common_random_numbers(self, plan: Plan) -> None:
        """Scenarios that change nothing the goal depends on project it alike."""
        base, more, _ = scenarios(plan)

        comparison = compare(base, more, observations=[], as_of=Q1_END, runs=500)

        before = comparison.row("base", "goal")
        after = comparison.row("more", "goal")
        assert (before.mean, before.probability) == (after.mean, after.probability)

    def test_chosen_window(self, plan: Plan) -> None:
        """A window label picks that window where a goal has it."""
        base, _, wider = scenarios(plan)

        comparison = compare(
            base, wider, observations=[], as_of=Q1_END, runs=50, window="FY2026-Q4"
        )

        assert "FY2026-Q4" == comparison.row("base", "goal").window
        assert "FY2026" == comparison.row("wider", "second").window

    def test_projections_and_reports(self, plan: Plan) -> None:
        """Each scenario's projection and report are kept by name."""
        base, more, _ = scenarios(plan)

        comparison = compare(base, more, observations=[], as_of=Q1_END, runs=50)

        assert ["base", "more"] == list(comparison.projections)
        assert not comparison.reports["more"].ok

    def test_missing_row(self, plan: Plan) -> None:
        """A row that does not exist is a KeyError."""
        base, _, _ = scenarios(plan)
        comparison = compare(base, observations=[], as_of=Q1_END, runs=10)

        with pytest.raises(KeyError, match="second"):
            comparison.row("base", "second")


IT = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"


class TestFundLog:
    """With the fund log, each scenario's check runs the fund rules."""

    def test_a_cut_below_what_was_approved(self) -> None:
        """The IT plan's MDF budget cut to nothing: grants and accrual make 23,000 EUR, 35,000 approved."""
        plan = loads((IT / "agreement.json").read_text(encoding="utf-8"))
        log = load_observations((IT / "observations.jsonl").read_text(encoding="utf-8"))
        events = load_fund_events(
            (IT / "fund_events.jsonl").read_text(encoding="utf-8")
        )
        signed = Scenario(name="as signed", agreement=plan)
        cut = signed.variant(
            "no MDF budget", scale_allocation(plan, "acme-mdf-budget", "0")
        )
        as_of = dt.date(2026, 7, 31)

        with_log = compare(
            signed,
            cut,
            observations=log,
            as_of=as_of,
            runs=10,
            fund_events=iter(events),
        )
        without = compare(signed, cut, observations=log, as_of=as_of, runs=10)

        assert {"as signed": {()}, "no MDF budget": {("MC206", "MC402")}} == {
            name: {row.errors for row in with_log.rows if row.scenario == name}
            for name in ("as signed", "no MDF budget")
        }
        assert [("fund-window:acme-mdf-budget/term", "23000")] == [
            (f.subject, f.params["available"])
            for f in with_log.reports["no MDF budget"].errors
            if f.code == "MC206"
        ]
        assert {(), ("MC402",)} == {row.errors for row in without.rows}


class TestErrors:
    """compare needs scenarios with distinct names."""

    def test_none(self) -> None:
        """No scenario is a ValueError."""
        with pytest.raises(ValueError, match="at least one"):
            compare(observations=[], as_of=Q1_END)

    def test_a_window_no_goal_has(self, plan: Plan) -> None:
        """A label no goal has (a typo) is refused with the labels there are.

        It compared each goal's open window instead, under the label asked.
        """
        base, _, _ = scenarios(plan)

        with pytest.raises(
            ValueError,
            match=(
                r"^window 'fy2026-q4': no goal of any scenario has it; their "
                r"windows are FY2026-Q1, FY2026-Q2, FY2026-Q3, FY2026-Q4$"
            ),
        ):
            compare(base, observations=[], as_of=Q1_END, runs=10, window="fy2026-q4")

    def test_duplicate_names(self, plan: Plan) -> None:
        """Two scenarios of one name are a ValueError naming it."""
        base, _, _ = scenarios(plan)

        with pytest.raises(ValueError, match="base"):
            compare(base, base, observations=[], as_of=Q1_END)
