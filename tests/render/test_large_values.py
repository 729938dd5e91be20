"""Values with more digits than the library's 28-digit context: shown in full.

Model decimals are below 10^15 with at most 12 places, but what is computed
from them is not bounded so: an actual of 10^13 against a target of
0.000000000001 is an attainment of 10^25, a percentage of 10^27. Such a
scorecard is valid, and every document, table and command that shows it
writes every digit before the place it rounds to.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Literal

import pytest

from mutualcommit.cli import main
from mutualcommit.kpi import Scorecard, evaluate
from mutualcommit.model import (
    Aggregation,
    Agreement,
    Direction,
    Goal,
    Metric,
    Observation,
    Period,
    Target,
)
from mutualcommit.render import render
from mutualcommit.render._formats import formatter
from mutualcommit.serialize import dump_observations, dumps

AFTER = dt.date(2027, 1, 31)
TINY = Decimal("0.000000000001")
Format = Literal["markdown", "html", "text"]


@pytest.fixture
def tiny_target(small: Callable[..., Agreement]) -> Agreement:
    """A small agreement whose one goal asks for 0.000000000001 EUR over the term."""
    return small(
        metrics=(
            Metric(
                id="revenue",
                name="partner revenue",
                unit="EUR",
                aggregation=Aggregation.SUM,
                reported_by="globex",
            ),
        ),
        goals=(
            Goal(
                id="pipeline",
                title="Joint pipeline",
                target=Target(
                    metric="revenue",
                    value=TINY,
                    direction=Direction.AT_LEAST,
                    per=Period.TERM,
                ),
            ),
        ),
    )


LOG = (Observation(metric="revenue", at=dt.date(2026, 3, 2), value=Decimal(10**13)),)


@pytest.fixture
def scorecard(tiny_target: Agreement) -> Scorecard:
    """The tiny target's scorecard after the term: attainment 10^25."""
    return evaluate(tiny_target, LOG, as_of=AFTER)


class TestScorecard:
    """The scorecard itself is exact; its documents show it."""

    def test_attainment(self, scorecard: Scorecard) -> None:
        """10^13 against 0.000000000001 is exactly 10^25."""
        assert Decimal("1E+25") == scorecard.goals[0].windows[0].attainment

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("en", "1,000,000,000,000,000,000,000,000,000%"),
            ("de", "1.000.000.000.000.000.000.000.000.000\xa0%"),
        ],
    )
    def test_percent_in_full(
        self, scorecard: Scorecard, locale: str, expected: str
    ) -> None:
        """The attainment is written as the locale writes a percentage, every digit."""
        assert expected in render(scorecard, locale=locale)

    @pytest.mark.parametrize("locale", ["en", "de", "fr", "ja"])
    @pytest.mark.parametrize("kind", ["markdown", "html", "text"])
    def test_every_document(
        self, scorecard: Scorecard, locale: str, kind: Format
    ) -> None:
        """Each format in each locale writes the scorecard."""
        assert "Joint pipeline" in render(scorecard, locale=locale, format=kind)

    def test_notebook(self, scorecard: Scorecard) -> None:
        """A notebook cell shows it as the document does."""
        assert "1,000,000,000,000,000,000,000,000,000%" in scorecard._repr_markdown_()


class TestFormatter:
    """Each kind of number babel writes, past 28 digits."""

    def test_percent(self) -> None:
        """A ratio of 30 digits is rounded to the percentage's tenth, not cut."""
        shown = formatter("en").percent(Decimal("123456789012345678901234567.891"))
        assert "12,345,678,901,234,567,890,123,456,789.1%" == shown

    def test_money(self) -> None:
        """Money keeps its cents however many digits precede them."""
        shown = formatter("en").money(Decimal("1E+30"), "EUR")
        assert "€1,000,000,000,000,000,000,000,000,000,000.00" == shown

    def test_number(self) -> None:
        """A number keeps every digit and the locale's separators."""
        shown = formatter("de").number(Decimal("123456789012345678901234567890.5"))
        assert "123.456.789.012.345.678.901.234.567.890,5" == shown

    def test_unit(self) -> None:
        """A duration of 10^30 hours is written out in full."""
        shown = formatter("en").unit(Decimal("1E+30"), "duration-hour")
        assert "1,000,000,000,000,000,000,000,000,000,000 hours" == shown


class TestCommand:
    """The ``evaluate`` command's text table rounds, and keeps every digit."""

    def test_evaluate_text(
        self,
        tiny_target: Agreement,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """10^27 percent is written to a tenth; the JSON has the ratio in full."""
        agreement = tmp_path / "agreement.json"
        agreement.write_text(dumps(tiny_target), encoding="utf-8")
        log = tmp_path / "observations.jsonl"
        log.write_text(dump_observations(LOG), encoding="utf-8")
        command = ["evaluate", str(agreement), str(log), "--as-of", AFTER.isoformat()]

        assert 0 == main(command)
        text = capsys.readouterr().out
        assert "1000000000000000000000000000.0 %" in text

        assert 0 == main([*command, "--format", "json"])
        window = json.loads(capsys.readouterr().out)["goals"][0]["windows"][0]
        assert "10000000000000000000000000" == window["attainment"]
