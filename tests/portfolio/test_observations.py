from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.errors import FormatError, InvalidObservationsError
from mutualcommit.model import Agreement, Observation
from mutualcommit.portfolio import (
    dump_portfolio_observations,
    load_portfolio_observations,
)
from mutualcommit.serialize import load_observations
from mutualcommit.testing.strategies import agreements_with_observations

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
        [
            STREAM.encode(),
            STREAM.splitlines(keepends=True),
            io.StringIO(STREAM),
            "\ufeff" + STREAM,
            io.StringIO("\ufeff" + STREAM),
            b"\xef\xbb\xbf" + STREAM.encode(),
        ],
        ids=["bytes", "lines", "file", "marked-text", "marked-file", "marked-bytes"],
    )
    def test_sources(self, source: bytes | list[str] | io.StringIO) -> None:
        """Bytes, a list of lines and an open file read as the text does.

        A byte order mark first, as some editors save one, is skipped.
        """
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
                (
                    "expected one of the keys agreement, metric, at, value, ref, dims; "
                    'got "extra"'
                ),
            ),
        ] == list(info.value.problems)

    def test_misspelt_agreement_key(self) -> None:
        """A misspelt "agreement" is told the key it is likely meant to be, listed with the others."""
        line = (
            '{"agreement": "a1", "metric": "deals", "at": "2026-04-01", "value": "1",'
            ' "agreemnt": "a2"}'
        )

        with pytest.raises(FormatError) as info:
            load_portfolio_observations(line)

        assert [
            (
                "line 1: $.agreemnt",
                (
                    "expected one of the keys agreement, metric, at, value, ref, dims; "
                    'got "agreemnt" (did you mean "agreement"?)'
                ),
            )
        ] == list(info.value.problems)

    @pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
    def test_utf16_and_utf32_bytes(self, encoding: str) -> None:
        """A stream saved as UTF-16 or UTF-32 is one problem, as load_observations says it."""
        data = STREAM.encode(encoding)

        with pytest.raises(FormatError) as stream:
            load_portfolio_observations(data)
        with pytest.raises(FormatError) as log:
            load_observations(data)

        assert (1, "line 1") == (
            len(stream.value.problems),
            stream.value.problems[0][0],
        )
        assert log.value.problems == stream.value.problems

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


#: JSON texts of values a line may hold, hostile ones included: numbers no
#: Decimal can hold, NaN, arrays, objects.
_VALUES = (
    '"deals"',
    '"2026-04-01"',
    "1",
    '"1"',
    "null",
    "1e99999999999999999999",
    "-1e-99999999999999999999",
    "NaN",
    "-Infinity",
    "1e20",
    "123456789012345.1234567890123",
    "[1]",
    '{"party": "p"}',
    '{"party": 1e99999999999999999999}',
)


def _problems(read: Any, text: str) -> list[tuple[str, str]]:
    try:
        read(text)
    except FormatError as error:
        return list(error.problems)
    return []


class TestTwinOfTheLog:
    """A portfolio's line is judged as the log judges it without its "agreement"."""

    def test_numbers_beyond_any_decimal(self) -> None:
        """1e99999999999999999999 anywhere is a problem of the line, never a crash.

        The portfolio's reader once parsed numbers with ``Decimal`` alone,
        which raised ``decimal.InvalidOperation`` on such an exponent.
        """
        line = (
            '{"agreement": "a1", "metric": "deals", "at": 1e99999999999999999999, '
            '"value": 1e99999999999999999999}'
        )

        assert [
            (
                "line 1: $.at",
                (
                    "expected a date YYYY-MM-DD, got 1e99999999999999999999 "
                    "(an exponent beyond ±999999)"
                ),
            ),
            (
                "line 1: $.value",
                "expected an exponent within ±999999, got 1e99999999999999999999",
            ),
        ] == _problems(load_portfolio_observations, line)

    @given(
        st.dictionaries(
            st.sampled_from(["metric", "at", "value", "ref", "dims", "extra"]),
            st.sampled_from(_VALUES),
            max_size=6,
        )
    )
    def test_same_problems(self, fields: dict[str, str]) -> None:
        """The problems of any line are load_observations's, or it reads the same."""
        body = ", ".join(f'"{key}": {value}' for key, value in fields.items())
        alone = "{" + body + "}"
        owned = '{"agreement": "a1"' + (", " if body else "") + body + "}"
        expected = _problems(load_observations, alone)

        # An unknown key is told the keys of a stream's line: "agreement" too.
        assert [
            (path, message.replace("of the keys ", "of the keys agreement, ", 1))
            for path, message in expected
        ] == _problems(load_portfolio_observations, owned)
        if not expected:
            assert {"a1": load_observations(alone)} == load_portfolio_observations(
                owned
            )


class TestDump:
    """dump_portfolio_observations writes what load_portfolio_observations reads."""

    def test_lines(self) -> None:
        """The agreement first, then the observation's line; every line ended."""
        grouped = load_portfolio_observations(STREAM)

        assert (
            '{"agreement": "a1", "metric": "deals", "at": "2026-04-01", '
            '"value": "1", "dims": {"party": "p"}}\n'
            '{"agreement": "a1", "metric": "hours", "at": "2026-04-03", '
            '"value": "123456789012345.123456789012"}\n'
            '{"agreement": "a2", "metric": "deals", "at": "2026-04-02", '
            '"value": "2", "ref": "DR-1"}\n'
            '{"agreement": "a2", "metric": "deals", "at": "2026-04-04", '
            '"value": null, "ref": "DR-1"}\n'
        ) == dump_portfolio_observations(grouped)

    def test_pairs_in_their_order(self) -> None:
        """Pairs are written as given, and read back grouped."""
        grouped = load_portfolio_observations(STREAM)
        pairs = [
            ("a2", grouped["a2"][0]),
            ("a1", grouped["a1"][0]),
            ("a2", grouped["a2"][1]),
            ("a1", grouped["a1"][1]),
        ]

        text = dump_portfolio_observations(pairs)

        assert ["a2", "a1", "a2", "a1"] == [
            json.loads(line)["agreement"] for line in text.splitlines()
        ]
        assert {"a2": grouped["a2"], "a1": grouped["a1"]} == (
            load_portfolio_observations(text)
        )

    def test_an_empty_log_writes_nothing(self) -> None:
        """An agreement without observations has no line, and is absent when read back."""
        assert ("", {}) == (
            dump_portfolio_observations({"a1": [], "a2": ()}),
            load_portfolio_observations(dump_portfolio_observations({"a1": []})),
        )

    @given(
        st.lists(
            agreements_with_observations(max_observations=6),
            max_size=3,
        )
    )
    def test_round_trip(self, portfolio: list[tuple[Agreement, list[Any]]]) -> None:
        """Any agreements' logs (corrections, retractions) read back equal, in order."""
        logs = {agreement.id: tuple(log) for agreement, log in portfolio if log}

        assert logs == load_portfolio_observations(dump_portfolio_observations(logs))

    def test_refuses_what_no_reader_takes_back(self) -> None:
        """A key that is no id, an item that is no observation, a retraction without a ref."""
        good = Observation("deals", dt.date(2026, 4, 1), Decimal(1))
        logs: dict[Any, list[Any]] = {
            "a 1": [good],
            "a2": [good, {"metric": "deals"}, Observation("deals", good.at, None)],
            7: [],
        }

        with pytest.raises(InvalidObservationsError) as caught:
            dump_portfolio_observations(logs)

        assert [
            ('["a 1"]', 'expected an agreement id, got "a 1"'),
            (
                '["a2"][1]',
                (
                    "expected an Observation, got dict (observation_from_dict reads "
                    "a record's JSON form)"
                ),
            ),
            (
                '["a2"][2]',
                "value None retracts a record by its ref, and there is no ref",
            ),
            ("[7]", "expected an agreement id, got 7"),
        ] == list(caught.value.problems)

    def test_refuses_a_bad_pair(self) -> None:
        """Among pairs, each problem has the pair's position."""
        good = Observation("deals", dt.date(2026, 4, 1), Decimal(1))

        pairs: list[Any] = [("a1", good), ("a1", 5), ("", good)]

        with pytest.raises(InvalidObservationsError) as caught:
            dump_portfolio_observations(pairs)

        assert [
            ("[1]", "expected an Observation, got int"),
            ("[2]", 'expected an agreement id, got ""'),
        ] == list(caught.value.problems)

    @pytest.mark.parametrize(
        ("source", "message"),
        [
            (
                "a1.jsonl",
                (
                    "observations is a mapping from agreement id to observations, or "
                    "(agreement_id, observation) pairs, got str 'a1.jsonl'"
                ),
            ),
            (
                {"a1": "a1.jsonl"},
                (
                    'observations["a1"] is an iterable of Observation records, got '
                    "str 'a1.jsonl'"
                ),
            ),
            (
                [("a1",)],
                (
                    "observations[0]: expected an (agreement_id, observation) pair, "
                    "got ('a1',)"
                ),
            ),
        ],
        ids=["text", "a-log-as-text", "not-a-pair"],
    )
    def test_refuses_what_is_no_portfolio(self, source: object, message: str) -> None:
        """Text in place of the portfolio or a log, and what is no pair: a TypeError."""
        with pytest.raises(TypeError) as caught:
            dump_portfolio_observations(source)  # type: ignore[arg-type]

        assert message == str(caught.value)
