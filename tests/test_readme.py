"""The README's Python quick start runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"
BLOCKS = re.findall(
    r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL
)


class TestQuickStart:
    """Every ``python`` block of the README executes without error."""

    def test_there_is_a_quick_start(self) -> None:
        """The README shows Python code at all."""
        assert len(BLOCKS) >= 1

    @pytest.mark.parametrize("block", BLOCKS)
    def test_block_runs(self, block: str, capsys: pytest.CaptureFixture[str]) -> None:
        """The block runs and prints the agreement's fingerprint and status."""
        exec(compile(block, str(README), "exec"), {})  # noqa: S102 - our own README

        out = capsys.readouterr().out
        assert "sha256:" in out
        assert "partially_signed" in out
