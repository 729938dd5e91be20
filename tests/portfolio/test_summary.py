from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from decimal import Decimal

import pytest

from mutualcommit.errors import InvalidObservationsError, MutualCommitError
from mutualcommit.kpi import Scorecard, Standing, evaluate
from mutualcommit.model import Agreement, Observation
from mutualcommit.portfolio import (
    RECORD_COLUMNS,
    PartyAccountability,
    PortfolioSummary,
    summarize,
)
from mutualcommit.rules import Finding, Report, Severity

AS_OF = dt.date(2026, 6, 30)
MakeAgreement = Callable[[str], Agreement]
MakeLog = Callable[[str, int, int], tuple[Observation, ...]]
Result = tuple[str, Report | Scorecard | MutualCommitError]


def _finding(code: str, severity: Severity, subject: str = "agreement") -> Finding:
    return Finding(code=code, severity=severity, subject=subject, path="", message="m")


def _standings(**counts: int) -> dict[Standing, int]:
    return {standing: counts.get(standing.value, 0) for standing in Standing}


@pytest.fixture
def results(make_agreement: MakeAgreement, make_log: MakeLog) -> list[Result]:
    """Two agreements checked and evaluated, and a third that failed.

    ``a``: 5 deals in Q2 (goal and partner pledge met) and 12 training hours
    (the vendor's term pledge of 10 met early). ``b``: 2 deals (goal and
    pledge missed, attainment 2/4) and no training half-way through the
    term (off track). ``c``: its observations were bad.
    """
    a, b = make_agreement("a"), make_agreement("b")
    return [
        (
            "a",
            Report(
                agreement="a",
                as_of=AS_OF,
                findings=(
                    _finding("MC303", Severity.WARNING, "schedule:2026-04-15"),
                    _finding("MC101", Severity.ERROR, "goal:g-deals"),
                    _finding("MC303", Severity.WARNING, "schedule:2026-01-15"),
                ),
            ),
        ),
        ("a", evaluate(a, make_log("a", 5, 12), as_of=AS_OF)),
        (
            "b",
            Report(
                agreement="b",
                as_of=AS_OF,
                findings=(_finding("MC303", Severity.WARNING),),
            ),
        ),
        ("b", evaluate(b, make_log("b", 2, 0), as_of=AS_OF)),
        ("c", InvalidObservationsError([("[0]", "unknown metric 'x'")])),
    ]


class TestSummarize:
    """The figures of a small portfolio, worked out by hand."""

    def test_figures(self, results: list[Result]) -> None:
        """Standings, findings, errors, parties, attainment and failures add up."""
        expected = PortfolioSummary(
            reports=2,
            scorecards=2,
            goals=_standings(met=1, missed=1),
            findings={("MC101", Severity.ERROR): 1, ("MC303", Severity.WARNING): 3},
            with_errors={"a": 1},
            parties={
                "acme": PartyAccountability(
                    party="acme", agreements=2, standings=_standings(met=1, off_track=1)
                ),
                "p-a": PartyAccountability(
                    party="p-a", agreements=1, standings=_standings(met=1)
                ),
                "p-b": PartyAccountability(
                    party="p-b", agreements=1, standings=_standings(missed=1)
                ),
            },
            attainment=Decimal("0.75"),
            failed=(
                ("c", "invalid observations (1 problem):\n  [0]: unknown metric 'x'"),
            ),
        )

        assert expected == summarize(results)

    def test_order(self, results: list[Result]) -> None:
        """Findings come errors first, then by code; parties by id; every standing is there."""
        summary = summarize(results)

        assert [("MC101", Severity.ERROR), ("MC303", Severity.WARNING)] == list(
            summary.findings
        )
        assert ["acme", "p-a", "p-b"] == list(summary.parties)
        assert list(Standing) == list(summary.goals)

    def test_derived(self, results: list[Result]) -> None:
        """Severity totals, pledges per party, and ok."""
        summary = summarize(results)

        assert {Severity.ERROR: 1, Severity.WARNING: 3, Severity.INFO: 0} == dict(
            summary.severities
        )
        assert 2 == summary.parties["acme"].pledges
        assert summary.ok is False
        assert summarize([]).ok is True

    def test_a_failure_once(self) -> None:
        """An error in place of both report and scorecard is one failure.

        A second, different error of the same agreement is kept beside it.
        """
        first = InvalidObservationsError([("[0]", "unknown metric 'x'")])
        second = InvalidObservationsError([("[1]", "unknown metric 'y'")])
        checked = [("c", first), ("d", first), ("c", second)]
        evaluated = [("c", first), ("d", first), ("c", second)]

        summary = summarize([*checked, *evaluated])

        assert [("c", str(first)), ("d", str(first)), ("c", str(second))] == list(
            summary.failed
        )
        assert (0, 0) == (summary.reports, summary.scorecards)

    def test_empty(self) -> None:
        """Nothing to summarize gives zeros and no attainment."""
        assert PortfolioSummary() == summarize([])

    def test_not_a_result(self) -> None:
        """Anything but a report, a scorecard or an error is refused, naming its id."""
        with pytest.raises(TypeError, match="result of 'x': expected a Report"):
            summarize([("x", 42)])  # type: ignore[list-item]


class TestRecords:
    """to_records() flattens the figures into one long table."""

    def test_records(self, results: list[Result]) -> None:
        """Every record has the same keys; each table holds its own figures."""
        records = summarize(results).to_records()

        def row(table: str, count: int, **keys: str) -> dict[str, object]:
            return {
                **dict.fromkeys(RECORD_COLUMNS),
                **keys,
                "table": table,
                "count": count,
            }

        assert [
            *(
                row("goals", n, standing=s.value)
                for s, n in _standings(met=1, missed=1).items()
            ),
            row("findings", 1, code="MC101", severity="error"),
            row("findings", 3, code="MC303", severity="warning"),
            row("contributions", 1, party="acme", standing="met"),
            row("contributions", 1, party="acme", standing="off_track"),
            row("contributions", 1, party="p-a", standing="met"),
            row("contributions", 1, party="p-b", standing="missed"),
            row("errors", 1, agreement="a"),
            row("failed", 1, agreement="c"),
        ] == records


class TestFrames:
    """Frames need their package; without it the error names the extra to install."""

    def test_pandas(self, results: list[Result]) -> None:
        """to_pandas() holds the records."""
        pytest.importorskip("pandas", reason="pandas is not installed")
        frame = summarize(results).to_pandas()

        assert list(RECORD_COLUMNS) == list(frame.columns)
        assert 16 == len(frame)
        assert 3 == frame[frame["code"] == "MC303"]["count"].item()

    def test_polars(self, results: list[Result]) -> None:
        """to_polars() holds the records."""
        pytest.importorskip("polars", reason="polars is not installed")
        frame = summarize(results).to_polars()

        assert list(RECORD_COLUMNS) == frame.columns
        assert 16 == frame.height
        assert [3] == frame.filter(frame["code"] == "MC303")["count"].to_list()

    @pytest.mark.parametrize("method", ["to_pandas", "to_polars"])
    def test_missing(self, monkeypatch: pytest.MonkeyPatch, method: str) -> None:
        """A missing package is a ModuleNotFoundError naming the extra."""
        package = method.removeprefix("to_")
        monkeypatch.setitem(sys.modules, package, None)

        with pytest.raises(ModuleNotFoundError, match=rf"extra '{package}'") as info:
            getattr(PortfolioSummary(), method)()

        assert package == info.value.name
