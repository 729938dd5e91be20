"""A portfolio's fund logs as one JSON Lines stream: read, grouped, written back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit import (
    FormatError,
    FundEvent,
    FundEventKind,
    InvalidObservationsError,
    load_fund_events,
)
from mutualcommit.portfolio import (
    dump_portfolio_fund_events,
    load_portfolio_fund_events,
)
from mutualcommit.testing.strategies import agreements_with_fund_events

IT = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"

#: Two agreements, each with a fund "mdf" and a request "R1": a fund's id and
#: a request's ref are an agreement's own, so the two logs do not mix.
STREAM = """\
{"agreement": "a", "fund": "mdf", "event": "request", "at": "2026-02-01", "ref": "R1", "amount": "4000"}
{"agreement": "b", "fund": "mdf", "event": "request", "at": "2026-02-02", "ref": "R1", "amount": 900.50}

{"agreement": "a", "fund": "mdf", "event": "approval", "at": "2026-02-05", "ref": "A1", "amount": "2500", "request": "R1"}
"""


def _event(
    kind: FundEventKind, at: str, ref: str, amount: str, **more: Any
) -> FundEvent:
    return FundEvent(
        fund="mdf",
        event=kind,
        at=dt.date.fromisoformat(at),
        ref=ref,
        amount=Decimal(amount),
        **more,
    )


class TestLoad:
    """load_portfolio_fund_events groups each line's event under its agreement."""

    def test_worked_case(self) -> None:
        """Each agreement's events in input order; a number keeps its digits."""
        assert {
            "a": (
                _event(FundEventKind.REQUEST, "2026-02-01", "R1", "4000"),
                _event(
                    FundEventKind.APPROVAL, "2026-02-05", "A1", "2500", request="R1"
                ),
            ),
            "b": (_event(FundEventKind.REQUEST, "2026-02-02", "R1", "900.50"),),
        } == load_portfolio_fund_events(STREAM)

    def test_bytes_lines_and_a_byte_order_mark(self) -> None:
        """Bytes, a BOM first and a list of lines read as the text does."""
        expected = load_portfolio_fund_events(STREAM)

        assert (expected, expected) == (
            load_portfolio_fund_events(b"\xef\xbb\xbf" + STREAM.encode()),
            load_portfolio_fund_events(STREAM.splitlines()),
        )

    def test_every_problem_by_line(self) -> None:
        """A missing id, an id that is none, a bad field: each line named, in order."""
        lines = [
            '{"fund": "mdf", "event": "grant", "at": "2026-03-01", "ref": "G1", "amount": "5"}',
            '{"agreement": "no such id", "fund": "mdf", "event": "grant", "at": "2026-03-01", "ref": "G2", "amount": "5"}',
            '{"agreement": "a", "fund": "mdf", "event": "grant", "at": "March", "ref": "G3", "amount": "5"}',
        ]

        with pytest.raises(FormatError) as caught:
            load_portfolio_fund_events(lines)

        assert [
            ("line 1: $.agreement", "expected an agreement id, got nothing (required)"),
            ("line 2: $.agreement", 'expected an agreement id, got "no such id"'),
            ("line 3: $.at", 'expected a date YYYY-MM-DD, got "March"'),
        ] == list(caught.value.problems)

    def test_misspelt_agreement_key(self) -> None:
        """A misspelt "agreement" is told the key it is likely meant to be, listed with the others."""
        line = (
            '{"agreement": "a", "fund": "mdf", "event": "grant", "at": "2026-03-01",'
            ' "ref": "G1", "amount": "5", "agreemnt": "b"}'
        )

        with pytest.raises(FormatError) as caught:
            load_portfolio_fund_events(line)

        assert [
            (
                "line 1: $.agreemnt",
                (
                    "expected one of the keys agreement, fund, event, at, ref, amount, "
                    "request, activity, start, end, cost, incurred, proof, reason; "
                    'got "agreemnt" (did you mean "agreement"?)'
                ),
            )
        ] == list(caught.value.problems)

    def test_numbers_beyond_any_decimal(self) -> None:
        """An amount no Decimal can hold is a problem of its line, as in one log."""
        line = (
            '{"agreement": "a", "fund": "mdf", "event": "grant", "at": "2026-03-01", '
            '"ref": "G1", "amount": 1e99999999999999999999}'
        )

        with pytest.raises(FormatError) as caught:
            load_portfolio_fund_events([line])
        with pytest.raises(FormatError) as alone:
            load_fund_events([line.replace('"agreement": "a", ', "")])

        assert list(alone.value.problems) == list(caught.value.problems)

    def test_each_log_checked_on_its_own(self) -> None:
        """A payment of a request its own agreement's log lacks is named by its line.

        Agreement "b" pays R1 of agreement "a": that is no request of b's.
        """
        payment = (
            '{"agreement": "b", "fund": "mdf", "event": "payment", "at": "2026-04-01", '
            '"ref": "P1", "amount": "10", "request": "A1"}'
        )

        with pytest.raises(FormatError) as caught:
            load_portfolio_fund_events(STREAM + payment + "\n")

        ((path, message),) = caught.value.problems
        assert ("line 5", True) == (path, "request 'A1'" in message)

    def test_the_example_under_its_id(self) -> None:
        """The IT example's log, each line given its agreement, reads back to the log."""
        text = (IT / "fund_events.jsonl").read_text(encoding="utf-8")
        stream = "".join(
            '{"agreement": "acme-globex-2026", ' + line[1:] + "\n"
            for line in text.splitlines()
            if line
        )

        assert {"acme-globex-2026": load_fund_events(text)} == (
            load_portfolio_fund_events(stream)
        )


class TestRefusedRequest:
    """A step of a refused request names it by its line in the stream."""

    def test_named_by_its_line(self) -> None:
        """Agreement b's request on line 2 ends before it starts; its approval is on line 5."""
        stream = (
            STREAM.replace('"amount": 900.50}', '"amount": 900.50, '
                           '"start": "2026-03-10", "end": "2026-03-01"}')
            + '{"agreement": "b", "fund": "mdf", "event": "approval", '
            '"at": "2026-02-01", "ref": "A1", "amount": "950", "request": "R1"}\n'
        )  # fmt: skip

        with pytest.raises(FormatError) as caught:
            load_portfolio_fund_events(stream)

        assert [
            (
                "line 2: $.end",
                "the activity ends (2026-03-01) before it starts (2026-03-10)",
            ),
            ("line 5", "an approval whose request 'R1' (line 2) was refused"),
            (
                "line 5",
                "an approval dated 2026-02-01, before its request 'R1' of 2026-02-02",
            ),
            ("line 5", "an approval of 950, above the 900.50 request 'R1' asked for"),
        ] == list(caught.value.problems)


class TestDump:
    """dump_portfolio_fund_events writes what load_portfolio_fund_events reads."""

    def test_round_trip(self) -> None:
        """A mapping and the pairs of the same logs write the same lines, read back."""
        grouped = load_portfolio_fund_events(STREAM)
        pairs = [(key, event) for key, log in grouped.items() for event in log]

        written = dump_portfolio_fund_events(grouped)

        assert (grouped, True) == (
            load_portfolio_fund_events(written),
            written.startswith(
                '{"agreement": "a", "fund": "mdf", "event": "request", '
                '"at": "2026-02-01", "ref": "R1", "amount": "4000"}\n'
            ),
        )
        assert sorted(written.splitlines()) == sorted(
            dump_portfolio_fund_events(pairs).splitlines()
        )

    def test_refused_with_paths(self) -> None:
        """An id that is none and an item that is no event: every problem, nothing written."""
        event = _event(FundEventKind.GRANT, "2026-03-01", "G1", "5")

        with pytest.raises(InvalidObservationsError) as caught:
            dump_portfolio_fund_events({"no such id": [event], "a": [event, "G2"]})  # type: ignore[arg-type]

        assert [
            ('["no such id"]', 'expected an agreement id, got "no such id"'),
            ('["a"][1]', "expected a FundEvent, got 'G2'"),
        ] == list(caught.value.problems)

    @pytest.mark.parametrize(
        ("source", "message"),
        [
            (
                "fund_events.jsonl",
                (
                    "fund_events is a mapping from agreement id to fund events, or "
                    "(agreement_id, fund_event) pairs, got str 'fund_events.jsonl'"
                ),
            ),
            (
                [("a",)],
                "fund_events[0]: expected an (agreement_id, fund_event) pair, got ('a',)",
            ),
            (
                {"a": "fund_events.jsonl"},
                (
                    'fund_events["a"] is an iterable of FundEvent records, got str '
                    "'fund_events.jsonl'"
                ),
            ),
        ],
        ids=["text", "not-a-pair", "a-log-of-text"],
    )
    def test_wrong_shapes(self, source: object, message: str) -> None:
        """A TypeError naming the argument and what was passed."""
        with pytest.raises(TypeError) as caught:
            dump_portfolio_fund_events(source)  # type: ignore[arg-type]

        assert str(caught.value).startswith(message)


class TestLaws:
    """Round trips over any logs, and no other error than FormatError on any text."""

    @given(st.lists(agreements_with_fund_events(max_requests=2), max_size=3))
    def test_round_trip(
        self, portfolio: list[tuple[Any, tuple[FundEvent, ...]]]
    ) -> None:
        """Any agreements' fund logs (corrections, retractions) read back equal, in order."""
        logs = {agreement.id: tuple(log) for agreement, log in portfolio if log}

        assert logs == load_portfolio_fund_events(dump_portfolio_fund_events(logs))

    @given(st.lists(st.text(max_size=60), max_size=4))
    def test_any_text(self, lines: list[str]) -> None:
        """Lines of any text: a grouping, or a FormatError listing problems by line."""
        problems: tuple[tuple[str, str], ...] = ()
        grouped: dict[str, tuple[FundEvent, ...]] = {}
        try:
            grouped = load_portfolio_fund_events(
                [line.replace("\n", " ") for line in lines]
            )
        except FormatError as error:
            problems = error.problems
        assert all(path.startswith("line ") for path, _ in problems)
        assert all(isinstance(log, tuple) for log in grouped.values())
