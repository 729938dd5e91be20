import datetime as dt
from pathlib import Path

import pytest

from mutualcommit.model import Agreement
from mutualcommit.rules import Finding, check
from mutualcommit.serialize import load_observations, loads

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _errors(name: str, as_of: dt.date) -> tuple[Finding, ...]:
    folder = EXAMPLES / name
    agreement: Agreement = loads(
        (folder / "agreement.json").read_text(encoding="utf-8")
    )
    logged = load_observations(
        (folder / "observations.jsonl").read_text(encoding="utf-8")
    )
    return check(agreement, as_of=as_of, observations=logged).errors


class TestFieldExamples:
    """Both field examples, signed and reviewed on schedule, have no error finding."""

    @pytest.mark.parametrize(
        ("name", "as_of"),
        [
            ("it_vendor", dt.date(2026, 1, 1)),
            ("it_vendor", dt.date(2026, 11, 20)),
            ("it_vendor", dt.date(2026, 12, 31)),
            ("manufacturer", dt.date(2026, 4, 1)),
            ("manufacturer", dt.date(2026, 11, 20)),
            ("manufacturer", dt.date(2027, 3, 31)),
        ],
    )
    def test_clean(self, name: str, as_of: dt.date) -> None:
        """No error finding, with the example's observations, through the term."""
        assert () == _errors(name, as_of)
