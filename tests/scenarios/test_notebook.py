"""What a projection and a comparison show in a notebook cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import pytest

from mutualcommit import Agreement, Observation
from mutualcommit.scenarios import (
    Assumptions,
    Fixed,
    Scenario,
    compare,
    project,
    scale_allocation,
)
from mutualcommit.scenarios._notebook import number, share

Plan = Callable[..., Agreement]
Events = Callable[..., list[Observation]]

START = dt.date(2026, 1, 1)
Q1_END = dt.date(2026, 3, 31)
END = dt.date(2026, 12, 31)
#: Forty a quarter, every run: the projection is known in closed form.
FORTY = Assumptions(rates={"m": Fixed(40)})


@pytest.fixture
def log(events: Events) -> list[Observation]:
    """Thirty observations of ``m`` in the first quarter, all the partner's."""
    return events("m", START, Q1_END, step=3)


class TestProjection:
    """A projection shows per target its next window, then its incentives."""

    def test_markdown(self, plan: Plan, log: list[Observation]) -> None:
        """Each target's next window: target, actual, shares met, mean, percentiles."""
        projection = project(
            plan("30"),
            log,
            as_of=Q1_END,
            assumptions=FORTY,
            runs=50,
            percentiles=(10, 90),
        )

        assert projection._repr_markdown_().endswith(
            "\n## Goals\n\n"
            "| Goal | Window | Target | Actual | Met | All open met | Mean | p10 | p90 |\n"
            "|---|---|---:|---:|---:|---:|---:|---:|---:|\n"
            "| `goal` | FY2026-Q2 | 30 | 0 | 100% | 100% | 40 | 40 | 40 |\n"
            "\n## Contributions\n\n"
            "| Contribution | Party | Window | Target | Actual | Met | All open met "
            "| Mean | p10 | p90 |\n"
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n"
            "| `pledge` | `globex` | FY2026-Q2 | 15 | 0 | 100% | 100% | 40 | 40 | 40 |\n"
        )
        assert projection._repr_markdown_().startswith(
            "# Projection: A plan\n\n"
            "- **Agreement:** `plan`\n"
            "- **As of:** 2026-03-31\n"
            "- **Runs:** 50\n"
            "- **Seed:** 0\n"
        )

    def test_all_windows_closed(self, plan: Plan, log: list[Observation]) -> None:
        """After the term the last window shows, and no share of open windows."""
        projection = project(
            plan("30"), log, as_of=END, assumptions=FORTY, runs=50, percentiles=(50,)
        )

        assert (
            "| `goal` | FY2026-Q4 | 30 | 0 | 0% | \u2013 | 0 | 0 |"
            in projection._repr_markdown_().splitlines()
        )

    def test_incentives(self, plan: Plan, log: list[Observation]) -> None:
        """An incentive shows the mean and percentiles of the term's payout.

        Q1 closed met with no revenue: 0. Q2 to Q4 each end at 40 of 30
        (attainment 1.33, the 3 % tier) on 100,000 of revenue: 3,000 each,
        9,000 in all, under the cap of 10,000.
        """
        projection = project(
            plan("30", incentive=True),
            log,
            as_of=Q1_END,
            assumptions=Assumptions(rates={"m": Fixed(40), "revenue": Fixed(100000)}),
            runs=50,
            percentiles=(50,),
        )

        assert projection._repr_markdown_().endswith(
            "\n## Incentives\n\nThe payout over the whole term.\n\n"
            "| Incentive | Unit | Mean payout | p50 |\n"
            "|---|---|---:|---:|\n"
            "| `rebate` | EUR | 9,000 | 9,000 |\n"
        )

    def test_html_escapes_user_text(self, plan: Plan, log: list[Observation]) -> None:
        """The HTML page escapes the agreement's title and names the scenario."""
        agreement = attrs.evolve(plan("30"), title="<b>Plan</b> & co")
        scenario = Scenario(name="<i>base</i>", agreement=agreement, assumptions=FORTY)

        page = scenario.project(log, as_of=Q1_END, runs=10)._repr_html_()

        assert (True, False, False) == (
            "<h1>Projection: &lt;b&gt;Plan&lt;/b&gt; &amp; co "
            "(&lt;i&gt;base&lt;/i&gt;)</h1>" in page,
            "<b>Plan" in page,
            "<i>base" in page,
        )


class TestComparison:
    """A comparison shows every row, with the scenario's check errors."""

    def test_markdown(self, plan: Plan, log: list[Observation]) -> None:
        """One row per goal and scenario; a name's markup is escaped."""
        base = Scenario(name="base", agreement=plan("30"), assumptions=FORTY)
        more = base.variant(
            "<i>more</i>", scale_allocation(base.agreement, "mdf-budget", 20)
        )

        comparison = compare(
            base, more, observations=log, as_of=Q1_END, runs=50, percentiles=(50,)
        )

        assert (
            "# Comparison as of 2026-03-31\n\n"
            "- **Runs:** 50 per scenario\n"
            "- **Seed:** 0\n\n"
            "| Goal | Scenario | Window | Target | Actual | Met | All open met "
            "| Check errors | Mean | p50 |\n"
            "|---|---|---|---:|---:|---:|---:|---|---:|---:|\n"
            "| `goal` | base | FY2026-Q2 | 30 | 0 | 100% | 100% | MC301, MC401 "
            "| 40 | 40 |\n"
            "| `goal` | \\<i\\>more\\</i\\> | FY2026-Q2 | 30 | 0 | 100% | 100% "
            "| MC204, MC301, MC401 | 40 | 40 |\n"
        ) == comparison._repr_markdown_()
        assert (
            '<td class="key">&lt;i&gt;more&lt;/i&gt;</td>' in comparison._repr_html_()
        )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "\u2013"),
        (0.0, "0"),
        (-0.001, "0"),
        (2.666, "2.67"),
        (20.8, "20.8"),
        (3.0, "3"),
        (999.994, "999.99"),
        (999.996, "1,000"),
        (278628.01, "278,628"),
    ],
)
def test_number(value: float | None, shown: str) -> None:
    """Two decimals at most, none from 1,000 on, thousands separated."""
    assert shown == number(value)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "\u2013"),
        (0.0, "0%"),
        (0.001, "<1%"),
        (0.5, "50%"),
        (0.996, ">99%"),
        (1.0, "100%"),
    ],
)
def test_share(value: float | None, shown: str) -> None:
    """Only a share of exactly 0 or 1 reads 0% or 100%."""
    assert shown == share(value)
