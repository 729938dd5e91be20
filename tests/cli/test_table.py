"""The commands' tables: aligned in terminal columns, no column padded past 60."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mutualcommit.cli import main
from mutualcommit.cli._table import COLUMN_MAX, table
from mutualcommit.render._text import display_width

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"


class TestTable:
    """The one writer every command's table goes through."""

    def test_aligned(self) -> None:
        """Text columns left, number columns right, two spaces between them."""
        assert table(
            ["name", "n"], [["a", "10"], ["bcd", "2"]], right=[False, True]
        ) == [
            "name   n",
            "a     10",
            "bcd    2",
        ]

    def test_wide_characters(self) -> None:
        """A Japanese cell takes two columns a character: the next column lines up."""
        lines = table(
            ["ref", "paid"], [["申請-1", "5"], ["R-2", "70"]], right=[False, True]
        )
        assert lines == ["ref     paid", "申請-1     5", "R-2       70"]
        assert len({display_width(line) for line in lines}) == 1

    def test_long_cell_written_whole(self) -> None:
        """A cell past the cap is written whole; the other rows are padded to the cap."""
        long = "x" * 500
        lines = table(["ref", "state"], [[long, "paid"], ["R-1", "open"]])
        assert lines[1] == long + "  paid"
        assert lines[2] == "R-1" + " " * (COLUMN_MAX - 3) + "  open"

    def test_indent_and_no_trailing_space(self) -> None:
        """The indent leads every line, and a short last cell leaves no spaces after it."""
        assert table(["a", "note"], [["1", ""]], indent="  ") == ["  a  note", "  1"]


def test_funds_long_request_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A request with a 2,000-character reference does not pad every other row."""
    events = [
        json.loads(line)
        for line in (EXAMPLE / "fund_events.jsonl").read_text("utf-8").splitlines()
    ]
    long = "R-" + "9" * 2000
    for event in events:
        for field in ("ref", "request"):
            if event.get(field) == "R-101":
                event[field] = long
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in events), "utf-8")

    code = main(
        ["funds", str(EXAMPLE / "agreement.json"), str(path), "--as-of", "2026-11-27"]
    )
    out = capsys.readouterr().out

    assert code == 0
    assert max(len(line) for line in out.splitlines() if long not in line) < 200
    assert any(line.startswith("  " + long + "  ") for line in out.splitlines())
