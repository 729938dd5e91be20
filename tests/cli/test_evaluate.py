"""``mutualcommit evaluate`` in text: each target described in English words."""

from __future__ import annotations

from pathlib import Path

import pytest

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
                "where region=dach"
            ),
        } <= set(lines)
        assert not [line for line in lines if " count " in line or " day " in line]
