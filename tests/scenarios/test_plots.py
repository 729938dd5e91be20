from __future__ import annotations

import datetime as dt
import re
import runpy
import sys
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from mutualcommit import Agreement, Observation
from mutualcommit.scenarios import (
    Assumptions,
    Poisson,
    Scenario,
    compare,
    plot_burnup,
    plot_comparison,
    plot_fan,
    project,
)

from .conftest import colon_ids

Plan = Callable[..., Agreement]
Events = Callable[..., list[Observation]]
AS_OF = dt.date(2026, 7, 31)
Q1_END = dt.date(2026, 3, 31)
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _agg(request: pytest.FixtureRequest) -> None:
    """Draw on the Agg backend; skip a drawing test without matplotlib."""
    if request.cls is TestMissingMatplotlib:
        return
    module = pytest.importorskip(
        "matplotlib", reason="the plot extra (matplotlib) is not installed"
    )
    module.use("Agg")


class TestBurnup:
    """A burn-up draws the actual, pace and target of every window, as_of marked."""

    def test_renders_a_png(
        self,
        it_case: tuple[Agreement, tuple[Observation, ...]],
        tmp_path: Path,
    ) -> None:
        """The IT co-selling goal renders to a PNG with its title and legend."""
        agreement, log = it_case

        ax = plot_burnup(agreement, log, "co-sell-opportunities", as_of=AS_OF)
        path = tmp_path / "burnup.png"
        ax.figure.savefig(path, dpi=60)

        assert PNG == path.read_bytes()[:8]
        assert "Register more co-selling opportunities every quarter" == ax.get_title()
        labels = ax.get_legend_handles_labels()[1]
        assert ["target", "pace", "actual"] == labels

    def test_with_projection(
        self,
        it_case: tuple[Agreement, tuple[Observation, ...]],
        tmp_path: Path,
    ) -> None:
        """With a projection, the open windows fan out past as_of."""
        agreement, log = it_case
        projection = project(agreement, log, as_of=AS_OF, runs=200)

        ax = plot_burnup(
            agreement, log, "globex-co-selling", as_of=AS_OF, projection=projection
        )
        ax.figure.savefig(tmp_path / "burnup.png", dpi=60)

        labels = ax.get_legend_handles_labels()[1]
        assert {"p5-p95", "p25-p75", "median"} <= set(labels)

    def test_a_projection_of_another_day(
        self, it_case: tuple[Agreement, tuple[Observation, ...]]
    ) -> None:
        """A projection made as of another day is refused, not fanned from the wrong actual.

        Re-run with a later ``as_of``, the chart drew the earlier
        projection's fan from 0 while the actual line stood at 17.
        """
        agreement, log = it_case
        projection = project(agreement, log, as_of=AS_OF, runs=20)

        with pytest.raises(
            ValueError,
            match=(
                r"^projection is as of 2026-07-31, the burn-up as of 2026-09-15; "
                r"project again as of the day drawn$"
            ),
        ):
            plot_burnup(
                agreement,
                log,
                "globex-co-selling",
                as_of=dt.date(2026, 9, 15),
                projection=projection,
            )

    def test_level(
        self,
        it_case: tuple[Agreement, tuple[Observation, ...]],
        tmp_path: Path,
    ) -> None:
        """A level's pace line starts at its baseline."""
        agreement, log = it_case

        ax = plot_burnup(agreement, log, "goal:certified-sales-force", as_of=AS_OF)
        ax.figure.savefig(tmp_path / "level.png", dpi=60)

        pace = next(line for line in ax.get_lines() if line.get_label() == "pace")
        assert [4.0, 12.0] == list(pace.get_ydata())

    @pytest.mark.parametrize("subject", ["globex:pledge", "contribution:globex:pledge"])
    def test_an_id_with_a_colon(self, plan: Plan, subject: str) -> None:
        """An id may hold a colon, bare or after its kind."""
        ax = plot_burnup(colon_ids(plan()), [], subject, as_of=Q1_END)

        assert "The partner's share" == ax.get_title()

    def test_draws_on_given_axes(
        self,
        it_case: tuple[Agreement, tuple[Observation, ...]],
    ) -> None:
        """Given an Axes, it draws there and returns it."""
        from matplotlib.figure import Figure

        agreement, log = it_case
        ax = Figure().add_subplot()

        assert ax is plot_burnup(agreement, log, "partner-revenue", as_of=AS_OF, ax=ax)


class TestFan:
    """A fan chart shows each open window's percentiles and chance."""

    def test_renders_a_png(self, plan: Plan, events: Events, tmp_path: Path) -> None:
        """Three open quarters fan out, each with its P(met)."""
        log = events("m", dt.date(2026, 1, 1), dt.date(2026, 3, 31), step=3)
        projection = project(
            plan("30"),
            log,
            as_of=dt.date(2026, 3, 31),
            runs=500,
            assumptions=Assumptions(rates={"m": Poisson(30)}),
        )

        ax = plot_fan(projection, "goal")
        path = tmp_path / "fan.png"
        ax.figure.savefig(path, dpi=60)

        assert PNG == path.read_bytes()[:8]
        texts = [t.get_text() for t in ax.texts if t.get_text().startswith("P(met)")]
        assert 3 == len(texts)
        assert "The goal (500 runs)" == ax.get_title()

    def test_legend_and_scenario(
        self, plan: Plan, events: Events, tmp_path: Path
    ) -> None:
        """The legend names target and actual; the title names the scenario."""
        log = events("m", dt.date(2026, 1, 1), dt.date(2026, 5, 15), step=3)
        scenario = Scenario(
            name="rates -20 %",
            agreement=plan("30"),
            assumptions=Assumptions(rates={"m": Poisson(24)}),
        )
        projection = scenario.project(log, as_of=dt.date(2026, 5, 15), runs=200)

        ax = plot_fan(projection, "goal")
        ax.figure.savefig(tmp_path / "fan.png", dpi=60)

        assert "The goal (rates -20 %, 200 runs)" == ax.get_title()
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert ["target", "actual", "p5-p95", "p10-p90", "p25-p75", "median"] == labels
        actual = next(line for line in ax.get_lines() if line.get_label() == "actual")
        # Q1's final actual: one event every third day of its 90.
        assert [30.0] == list(actual.get_ydata())

    def test_burnup_names_the_scenario(
        self, plan: Plan, events: Events, tmp_path: Path
    ) -> None:
        """A burn-up with a scenario's projection names it; target is in the legend."""
        log = events("m", dt.date(2026, 1, 1), Q1_END, step=3)
        scenario = Scenario(name="base", agreement=plan("30"))
        projection = scenario.project(log, as_of=Q1_END, runs=50)

        ax = plot_burnup(plan("30"), log, "goal", as_of=Q1_END, projection=projection)
        ax.figure.savefig(tmp_path / "burnup.png", dpi=60)

        assert "The goal (base)" == ax.get_title()
        assert {"target", "actual", "pace", "median"} <= set(
            ax.get_legend_handles_labels()[1]
        )


class TestComparison:
    """plot_comparison sets one goal's window side by side for every scenario."""

    def test_renders_a_png(self, plan: Plan, events: Events, tmp_path: Path) -> None:
        """One column per scenario, its target and its P(met), legend to the side."""
        log = events("m", dt.date(2026, 1, 1), Q1_END, step=3)
        base = Scenario(
            name="as signed",
            agreement=plan("30"),
            assumptions=Assumptions(rates={"m": Poisson(30)}),
        )
        lower = base.variant("-20 %", assumptions=Assumptions(rates={"m": Poisson(24)}))
        comparison = compare(base, lower, observations=log, as_of=Q1_END, runs=300)

        ax = plot_comparison(comparison, "goal")
        path = tmp_path / "comparison.png"
        ax.figure.savefig(path, dpi=60)

        assert PNG == path.read_bytes()[:8]
        assert "The goal: FY2026-Q2" == ax.get_title()
        assert ["as signed", "-20 %"] == [t.get_text() for t in ax.get_xticklabels()]
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert ["target", "p10-p90", "median"] == labels
        chances = [t.get_text() for t in ax.texts]
        expected = [
            f"P(met) {comparison.row(name, 'goal').probability:.0%}"
            for name in ("as signed", "-20 %")
        ]
        assert expected == chances
        assert (
            comparison.row("-20 %", "goal").probability
            < comparison.row("as signed", "goal").probability
        )

    def test_windows_differ(self, plan: Plan, events: Events) -> None:
        """Scenarios compared in different windows name theirs under each column."""
        log = events("m", dt.date(2026, 1, 1), Q1_END, step=3)
        base = Scenario(name="a", agreement=plan("30"))
        comparison = compare(
            base, observations=log, as_of=Q1_END, runs=20, window="FY2026-Q4"
        )
        mixed = attrs.evolve(
            comparison,
            rows=(
                comparison.rows[0],
                attrs.evolve(comparison.rows[0], scenario="b", window="FY2026-Q3"),
            ),
            projections={**comparison.projections, "b": comparison.projections["a"]},
        )

        ax = plot_comparison(mixed, "goal")

        assert "The goal" == ax.get_title()
        assert ["a\nFY2026-Q4", "b\nFY2026-Q3"] == [
            t.get_text() for t in ax.get_xticklabels()
        ]

    def test_unknown_goal(self, plan: Plan) -> None:
        """A goal no scenario has names the comparison's goals."""
        comparison = compare(
            Scenario(name="a", agreement=plan()), observations=[], as_of=Q1_END, runs=5
        )

        with pytest.raises(KeyError) as caught:
            plot_comparison(comparison, "nope")

        assert (
            "no goal 'nope' in the comparison (there are: 'goal')"
            == caught.value.args[0]
        )


class TestMissingMatplotlib:
    """Without matplotlib the error names the plot extra."""

    def test_names_the_extra(self, plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
        """A missing matplotlib names the extra to install: plot."""
        monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
        projection = project(plan(), [], as_of=dt.date(2026, 3, 31), runs=10)

        with pytest.raises(ModuleNotFoundError, match=r"extra 'plot'"):
            plot_fan(projection, "goal")


ROOT = Path(__file__).resolve().parents[2]


def _size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header chunk."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


class TestDocsPictures:
    """The docs script draws every picture the scenarios page shows, small."""

    def test_draws_the_pages_pictures(self, tmp_path: Path) -> None:
        """Each picture the page names is drawn, committed, and of the committed size."""
        script = runpy.run_path(
            str(ROOT / "scripts" / "scenario_plots.py"), run_name="scenario_plots"
        )

        assert 0 == script["main"](["--output", str(tmp_path)])

        page = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
        shown = set(re.findall(r"_static/scenarios/([\w-]+\.png)", page))
        drawn = {path.name for path in tmp_path.iterdir()}
        assert shown == set(script["PICTURES"]) == drawn
        for name in sorted(drawn):
            fresh = (tmp_path / name).read_bytes()
            committed = (ROOT / "docs" / "_static" / "scenarios" / name).read_bytes()
            assert PNG == fresh[:8]
            assert _size(committed) == _size(fresh) == (576, 288)
            assert len(committed) < 100_000
