"""``mutualcommit evaluate`` in text: each target described in English words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mutualcommit import (
    Agreement,
    FiscalCalendar,
    Goal,
    Metric,
    Party,
    Role,
    Step,
    Target,
    dumps,
)
from mutualcommit.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"


class TestTargetWords:
    """A target reads as an English phrase, its unit named and pluralised."""

    def test_it_example(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Counts take no unit word, days are plural, money names its currency."""
        code = main(
            [
                "evaluate",
                str(EXAMPLE / "agreement.json"),
                str(EXAMPLE / "observations.jsonl"),
                "--as-of",
                "2026-09-15",
            ]
        )
        lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
        assert 0 == code
        assert {
            (
                "Deal registration approval time: at most 3 days each fiscal "
                "quarter; baseline: 6 days"
            ),
            (
                "Partner-sourced revenue: at least 400000 EUR each fiscal quarter; "
                "baseline: 300000 EUR"
            ),
            (
                "Partner-sourced revenue: at least 700000 EUR over the term "
                "where region = dach"
            ),
        } <= set(lines)
        assert not [line for line in lines if " count " in line or " day " in line]

    def test_the_steps_and_baseline_the_table_follows(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The co-selling goal's table asks 36 of its current quarter: its line names the steps to 30 and 36, and the baseline.

        It read "at least 24 each fiscal quarter" over a table asking 36.
        """
        main(
            [
                "evaluate",
                str(EXAMPLE / "agreement.json"),
                str(EXAMPLE / "observations.jsonl"),
                "--as-of",
                "2026-09-15",
            ]
        )
        lines = [line.strip() for line in capsys.readouterr().out.splitlines()]

        goal = lines.index(
            "goal co-sell-opportunities: Register more co-selling opportunities "
            "every quarter — at risk"
        )
        assert (
            "Co-selling opportunities registered: at least 24 each fiscal quarter; "
            "from 2026-05-01: 30; from 2026-08-01: 36; baseline: 18"
        ) == lines[goal + 1]
        current = next(line for line in lines[goal:] if line.startswith("*"))
        assert ["*", "FY2027-Q3", "2026-08-01", "2026-10-31", "36"] == (
            current.split()[:5]
        )

    @pytest.mark.parametrize(
        ("target", "aggregation", "words"),
        [
            # ISO weeks, whatever the fiscal calendar: not "each fiscal week".
            (
                Target(
                    metric="m",
                    value=5,
                    direction="at_least",
                    per="week",
                    steps=(Step(starting=dt.date(2026, 2, 1), value=10),),
                ),
                "count",
                "M: at least 5 each week; from 2026-02-01: 10",
            ),
            # A level judged on its last day, not "over the term".
            (
                Target(metric="m", value=12, direction="at_least", baseline=4),
                "last",
                "M: at least 12 at the end of the term; baseline: 4",
            ),
            # Due before the term's end: its window ends on the due date.
            (
                Target(
                    metric="m",
                    value=12,
                    direction="at_least",
                    due=dt.date(2026, 9, 30),
                ),
                "count",
                "M: at least 12 by 2026-09-30",
            ),
            # A step on the first day: 8 applies from it, 5 on no day.
            (
                Target(
                    metric="m",
                    value=5,
                    direction="at_most",
                    per="month",
                    steps=(Step(starting=dt.date(2026, 1, 1), value=8),),
                ),
                "count",
                "M: at most 8 each fiscal month",
            ),
        ],
    )
    def test_as_the_document_states_it(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        target: Target,
        aggregation: str,
        words: str,
    ) -> None:
        """The line is the document's sentence, with its steps, due date and baseline, in the table's numbers and ISO dates."""
        agreement = Agreement(
            id="a",
            title="A",
            currency="EUR",
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 12, 31),
            fiscal_calendar=FiscalCalendar(start_month=4),
            parties=(
                Party(id="acme", name="Acme", role=Role.VENDOR),
                Party(id="globex", name="Globex", role=Role.PARTNER),
            ),
            metrics=(Metric(id="m", name="M", unit="count", aggregation=aggregation),),
            goals=(Goal(id="g", title="G", target=target),),
        )
        terms = tmp_path / "agreement.json"
        terms.write_text(dumps(agreement), encoding="utf-8")
        log = tmp_path / "observations.jsonl"
        log.write_text("", encoding="utf-8")

        code = main(["evaluate", str(terms), str(log), "--as-of", "2026-02-10"])

        lines = capsys.readouterr().out.splitlines()
        goal = next(i for i, line in enumerate(lines) if line.startswith("goal g: G"))
        assert 0 == code
        assert f"  {words}" == lines[goal + 1]

    def test_where_names_each_slice_exactly(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``dach `` and ``dach`` are two slices, and an empty value is named.

        Pairs are joined as the English document joins them, a value that
        is not one visible word quoted.
        """
        agreement = Agreement(
            id="a",
            title="A",
            currency="EUR",
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 12, 31),
            parties=(
                Party(id="acme", name="Acme", role=Role.VENDOR),
                Party(id="globex", name="Globex", role=Role.PARTNER),
            ),
            metrics=(Metric(id="rev", name="Revenue", unit="EUR", aggregation="sum"),),
            goals=tuple(
                Goal(
                    id=f"g{i}",
                    title=f"G{i}",
                    target=Target(
                        metric="rev", value=100, direction="at_least", where=where
                    ),
                )
                for i, where in enumerate(
                    [
                        {"region": "dach "},
                        {"region": "dach"},
                        {"region": "x", "line": "a where region=dach"},
                        {"region": ""},
                    ]
                )
            ),
        )
        terms = tmp_path / "agreement.json"
        terms.write_text(dumps(agreement), encoding="utf-8")
        log = tmp_path / "observations.jsonl"
        log.write_text("", encoding="utf-8")

        code = main(["evaluate", str(terms), str(log), "--as-of", "2026-02-01"])

        lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
        assert 0 == code
        assert [
            'Revenue: at least 100 EUR over the term where region = "dach "',
            "Revenue: at least 100 EUR over the term where region = dach",
            (
                'Revenue: at least 100 EUR over the term where line = "a where '
                'region=dach" and region = x'
            ),
            'Revenue: at least 100 EUR over the term where region = ""',
        ] == [line for line in lines if line.startswith("Revenue:")]
