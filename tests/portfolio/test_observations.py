from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest

from mutualcommit.errors import FormatError
from mutualcommit.model import Observation
from mutualcommit.portfolio import load_portfolio_observations

STREAM = """\
{"agreement": "a1", "metric": "deals", "at": "2026-04-01", "value": 1, "dims": {"party": "p"}}

{"agreement": "a2", "metric": "deals", "at": "2026-04-02", "value": "2", "ref": "DR-1"}
{"agreement": "a1", "metric": "hours", "at": "2026-04-03", "value": 123456789012345.123456789012}
{"agreement": "a2", "metric": "deals", "at": "2026-04-04", "value": null, "ref": "DR-1"}
"""


class TestLoad:
    """Lines with an "agreement" key are grouped by agreement, in input order."""

    def test_grouped(self) -> None:
        """Each agreement gets its observations; ids in the order they first appear."""
        expected = {
            "a1": (
                Observation(
                    "deals", dt.date(2026, 4, 1), Decimal(1), None, {"party": "p"}
                ),
                Observation(
                    "hours",
                    dt.date(2026, 4, 3),
                    Decimal("123456789012345.123456789012"),
                ),
            ),
            "a2": (
                Observation("deals", dt.date(2026, 4, 2), Decimal(2), "DR-1"),
                Observation("deals", dt.date(2026, 4, 4), None, "DR-1"),
            ),
        }

        actual = load_portfolio_observations(STREAM)

        assert expected == actual
        assert ["a1", "a2"] == list(actual)

    @pytest.mark.parametrize(
        "source",
        [STREAM.encode(), STREAM.splitlines(keepends=True), io.StringIO(STREAM)],
        ids=["bytes", "lines", "file"],
    )
    def test_sources(self, source: bytes | list[str] | io.StringIO) -> None:
        """Bytes, a list of lines and an open file read as the text does."""
        assert load_portfolio_observations(STREAM) == load_portfolio_observations(
            source
        )

    def test_empty(self) -> None:
        """No lines, no agreements."""
        assert {} == load_portfolio_observations("\n\n")


class TestErrors:
    """Every bad line is reported at once, each with its line number."""

    def test_every_line(self) -> None:
        """The agreement key's problems and the observation's are listed together."""
        lines = [
            '{"metric": "deals", "at": "2026-04-01", "value": "1"}',
            '{"agreement": "a 2", "metric": "deals", "at": "nope", "value": "1"}',
            "not json",
            '{"agreement": "a1", "metric": "deals", "at": "2026-04-01", "value": "1"}',
            "[1]",
            '{"agreement": "a1", "agreement": "a1", "metric": "deals", "at": "2026-04-01", "value": "1"}',
            '{"agreement": 7, "metric": "deals", "at": "2026-04-01", "value": "1", "extra": 1}',
        ]

        with pytest.raises(FormatError) as info:
            load_portfolio_observations(lines)

        assert [
            ("line 1: $.agreement", "expected an agreement id, got nothing (required)"),
            ("line 2: $.agreement", 'expected an agreement id, got "a 2"'),
            ("line 2: $.at", 'expected a date YYYY-MM-DD, got "nope"'),
            ("line 3", "invalid JSON at column 1: Expecting value"),
            ("line 5: $", "expected an object (an observation), got an array"),
            (
                "line 6: $.agreement",
                "expected each key once in an object, got this key twice",
            ),
            ("line 7: $.agreement", "expected an agreement id, got 7"),
            (
                "line 7: $.extra",
                'expected one of the keys metric, at, value, ref, dims; got "extra"',
            ),
        ] == list(info.value.problems)

    def test_value_digits(self) -> None:
        """A value out of bounds is refused as load_observations refuses it."""
        line = (
            '{"agreement": "a1", "metric": "deals", "at": "2026-04-01", "value": 1e20}'
        )

        with pytest.raises(FormatError) as info:
            load_portfolio_observations(line)

        assert [
            (
                "line 1: $.value",
                "expected a magnitude below 10^15, got 100000000000000000000",
            )
        ] == list(info.value.problems)
