"""``mutualcommit evaluate`` in text: each target described in English words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mutualcommit import Agreement, Goal, Metric, Party, Role, Target, dumps
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
            "Co-selling opportunities registered: at least 24 each fiscal quarter",
            "Deal registration approval time: at most 3 days each fiscal quarter",
            "Partner-sourced revenue: at least 400000 EUR each fiscal quarter",
            (
                "Partner-sourced revenue: at least 700000 EUR over the term "
                "where region = dach"
            ),
        } <= set(lines)
        assert not [line for line in lines if " count " in line or " day " in line]

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
