"""Fund logs as JSON Lines: read, written back, and refused with every line named."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import NONBLANK_SURROGATE_TEXT, SURROGATE_TEXT, stable

from mutualcommit import (
    FormatError,
    FundEvent,
    FundEventKind,
    InvalidFundEventsError,
    InvalidObservationsError,
    dump_fund_events,
    fund_event_from_dict,
    fund_event_to_dict,
    load_fund_events,
)
from mutualcommit.model._unicode import text_problem
from mutualcommit.testing.strategies import agreements_with_fund_events

LOG = """\
{"fund": "mdf", "event": "request", "at": "2026-03-01", "ref": "R1", "amount": "5000", "activity": "Webinar", "start": "2026-04-01", "end": "2026-04-10", "cost": "10000"}
{"fund": "mdf", "event": "approval", "at": "2026-03-05", "ref": "A1", "request": "R1", "amount": "4000"}

{"fund": "mdf", "event": "claim", "at": "2026-05-01", "ref": "C1", "request": "R1", "amount": "4000", "incurred": "2026-04-10", "proof": ["INV-1"]}
{"fund": "mdf", "event": "decision", "at": "2026-05-03", "ref": "D1", "request": "R1", "amount": "4000", "reason": "ok"}
{"fund": "mdf", "event": "payment", "at": "2026-05-10", "ref": "P1", "request": "R1", "amount": 4000}
{"fund": "mdf", "event": "grant", "at": "2026-06-01", "ref": "G1", "amount": "700"}
{"fund": "mdf", "event": "grant", "at": "2026-06-02", "ref": "G1", "amount": null}
"""


class TestRead:
    """A well-formed log reads to its events, in input order."""

    def test_fields(self) -> None:
        """Every key lands in its field; numbers and strings both read as Decimals."""
        events = load_fund_events(LOG)
        assert [e.event for e in events] == [
            FundEventKind.REQUEST,
            FundEventKind.APPROVAL,
            FundEventKind.CLAIM,
            FundEventKind.DECISION,
            FundEventKind.PAYMENT,
            FundEventKind.GRANT,
            FundEventKind.GRANT,
        ]
        request, _, claim, decision, payment, _, retraction = events
        assert (request.activity, request.cost) == ("Webinar", Decimal(10000))
        assert (request.start, request.end) == (
            dt.date(2026, 4, 1),
            dt.date(2026, 4, 10),
        )
        assert (claim.proof, claim.incurred) == (("INV-1",), dt.date(2026, 4, 10))
        assert decision.reason == "ok"
        assert payment.amount == Decimal(4000)
        assert retraction.amount is None

    def test_round_trip(self) -> None:
        """What dump_fund_events writes reads back to equal events."""
        events = load_fund_events(LOG)
        assert load_fund_events(dump_fund_events(events)) == events

    def test_byte_order_mark(self) -> None:
        """A log saved with a byte order mark reads as the same events."""
        assert load_fund_events(LOG) == load_fund_events("\ufeff" + LOG)


class TestWriteRefuses:
    """dump_fund_events refuses a record no reader takes on its own line, and writes the rest as it is."""

    def test_every_record_that_is_not_one(self) -> None:
        """Not an event, a step without its request, a fund that is no id."""
        day = dt.date(2026, 3, 1)
        log = [
            *load_fund_events(LOG)[:2],
            {"fund": "mdf"},
            FundEvent(
                fund="mdf",
                event=FundEventKind.PAYMENT,
                at=day,
                ref="P9",
                amount=Decimal(1),
            ),
            FundEvent(
                fund="m df",
                event=FundEventKind.GRANT,
                at=day,
                ref="G8",
                amount=Decimal(-1),
            ),
        ]

        with pytest.raises(InvalidObservationsError) as caught:
            dump_fund_events(log)  # type: ignore[arg-type]

        assert [
            ("[2]", "expected a FundEvent, got {'fund': 'mdf'}"),
            ("[3].request", "a payment names no request"),
            ("[4].amount", "a negative amount, -1: amounts are at least 0"),
            ("[4].fund", "expected an identifier, got 'm df'"),
        ] == list(caught.value.problems)

    def test_lone_surrogates(self) -> None:
        """Text UTF-8 cannot carry is refused, each field named; a fund once."""
        day, one, grant = dt.date(2026, 3, 1), Decimal(1), FundEventKind.GRANT
        bad = "\ud800"
        log = [
            FundEvent(fund=bad, event=grant, at=day, ref="G1", amount=one),
            FundEvent(fund="mdf", event=grant, at=day, ref=bad, amount=one,
                      activity=f"Caf\u00e9{bad}", reason=bad),
            FundEvent(fund="mdf", event=FundEventKind.CLAIM, at=day, ref="C1",
                      amount=one, request=bad, proof=("INV-1", bad)),
        ]  # fmt: skip
        surrogate = "expected valid Unicode text, got a lone surrogate"

        with pytest.raises(InvalidFundEventsError) as caught:
            dump_fund_events(log)

        assert [
            ("[0].fund", surrogate),
            ("[1].ref", surrogate),
            ("[1].activity", surrogate),
            ("[1].reason", surrogate),
            ("[2].request", surrogate),
            ("[2].proof[1]", surrogate),
        ] == list(caught.value.problems)
        with pytest.raises(InvalidFundEventsError) as record:
            fund_event_to_dict(log[1])
        assert [
            ("ref", surrogate),
            ("activity", surrogate),
            ("reason", surrogate),
        ] == list(record.value.problems)

    def test_every_problem_of_a_record_at_once(self) -> None:
        """A day given as text hides none of the record's other problems, in one error."""
        claim = FundEvent(
            fund="mdf",
            event=FundEventKind.CLAIM,
            at="2026-01-05",  # type: ignore[arg-type]
            ref=" ",
            amount=Decimal(-1),
            end=dt.date(2026, 1, 1),
            start=dt.date(2026, 1, 2),
        )
        expected = [
            (
                "at",
                "expected a datetime.date, got str '2026-01-05'; pass datetime.date.fromisoformat(...)",
            ),
            (
                "ref",
                (
                    "expected a ref, got ' ': a record is corrected and retracted "
                    "by its ref, so two records with an empty one would be one"
                ),
            ),
            ("amount", "a negative amount, -1: amounts are at least 0"),
            ("request", "a claim names no request"),
            ("end", "the activity ends (2026-01-01) before it starts (2026-01-02)"),
        ]

        with pytest.raises(InvalidFundEventsError) as caught:
            dump_fund_events([claim])
        with pytest.raises(InvalidFundEventsError) as record:
            fund_event_to_dict(claim)

        assert [(f"[0].{field}", message) for field, message in expected] == list(
            caught.value.problems
        )
        assert expected == list(record.value.problems)

    def test_a_log_refused_as_a_whole_is_written(self) -> None:
        """A payment of a request not in the log is written, to be mended; the reader refuses it."""
        payment = FundEvent(
            fund="mdf",
            event=FundEventKind.PAYMENT,
            at=dt.date(2026, 5, 10),
            ref="P1",
            amount=Decimal(1),
            request="R9",
        )

        text = dump_fund_events([payment])

        assert text.startswith('{"fund": "mdf", "event": "payment"')
        with pytest.raises(FormatError, match="no standing request"):
            load_fund_events(text)

    def test_text_in_place_of_the_log(self) -> None:
        """The log's text is a TypeError: it is read with load_fund_events."""
        with pytest.raises(
            TypeError, match=r"^events is an iterable of FundEvent records, got str"
        ):
            dump_fund_events(LOG)  # type: ignore[arg-type]


class TestRefuse:
    """A bad log is refused with every problem, each with its line."""

    def test_every_line(self) -> None:
        """Bad fields on two lines, each reported with its JSON path."""
        bad = (
            LOG
            + '{"fund": "mdf", "event": "refund", "at": "2026-13-01", "ref": "X", "amount": "1"}\n'
            + '{"fund": "mdf", "event": "grant", "ref": "Y", "amount": "1", "colour": "red"}\n'
        )
        with pytest.raises(FormatError) as caught:
            load_fund_events(bad)
        paths = [path for path, _ in caught.value.problems]
        assert paths == [
            "line 9: $.event",
            "line 9: $.at",
            "line 10: $.colour",
            "line 10: $.at",
        ]

    def test_a_key_named_twice(self) -> None:
        """A key named twice is one problem at its path, beside the line's others."""
        line = (
            '{"fund": "mdf", "event": "grant", "at": "2026-13-01", "ref": "G2",'
            ' "amount": "1", "amount": "2"}'
        )
        with pytest.raises(FormatError) as caught:
            load_fund_events(line)

        assert [
            (
                "line 1: $.amount",
                "expected each key once in an object, got this key twice",
            ),
            (
                "line 1: $.at",
                'expected a date YYYY-MM-DD, got "2026-13-01" (month must be in 1..12)',
            ),
        ] == list(caught.value.problems)

    def test_integer_too_long(self) -> None:
        """An amount of more digits than Python converts: the bound's message at its path."""
        long = "9" * 4400
        line = (
            '{"fund": "mdf", "event": "grant", "at": "2026-07-03", "ref": "G2",'
            f' "amount": {long}, "cost": "x"}}'
        )
        with pytest.raises(FormatError) as caught:
            load_fund_events(line)

        assert [
            (
                "line 1: $.amount",
                (
                    "expected a magnitude below 10^15, got "
                    f"{'9' * 20}...{'9' * 10} (4400 digits)"
                ),
            ),
            ("line 1: $.cost", 'expected a decimal string or a number, got "x"'),
        ] == list(caught.value.problems)

    def test_negative_zero_keeps_its_sign(self) -> None:
        """An amount of -0 reads as written, as "-0" does."""
        (grant,) = load_fund_events(
            '{"fund": "mdf", "event": "grant", "at": "2026-07-03", "ref": "G2",'
            ' "amount": -0}'
        )

        assert "-0" == str(grant.amount)

    def test_the_log_as_a_whole(self) -> None:
        """A claim for an unknown request, a payment above the claim, a negative amount."""
        bad = (
            LOG
            + '{"fund": "mdf", "event": "claim", "at": "2026-07-01", "ref": "C9", "request": "R9", "amount": "1"}\n'
            + '{"fund": "mdf", "event": "payment", "at": "2026-07-02", "ref": "P2", "request": "R1", "amount": "1"}\n'
            + '{"fund": "mdf", "event": "grant", "at": "2026-07-03", "ref": "G2", "amount": "-1"}\n'
        )
        with pytest.raises(FormatError) as caught:
            load_fund_events(bad)
        assert [path for path, _ in caught.value.problems] == [
            "line 9",
            "line 10",
            "line 11: $.amount",
        ]
        messages = [message for _, message in caught.value.problems]
        assert "no standing request" in messages[0]
        assert "reach 4001, above the 4000" in messages[1]
        assert "negative amount" in messages[2]

    def test_the_steps_of_a_refused_request(self) -> None:
        """Judged against the request all the same; the request named by its line."""
        bad = (
            "\n"
            '{"fund": "mdf", "event": "request", "at": "2026-02-10", "ref": "R-1", '
            '"amount": "1000", "start": "2026-03-27", "end": "2026-03-02"}\n'
            '{"fund": "mdf", "event": "approval", "at": "2026-02-01", "ref": "A-1", '
            '"amount": "5000", "request": "R-1"}\n'
        )
        with pytest.raises(FormatError) as caught:
            load_fund_events(bad)

        assert [
            (
                "line 2: $.end",
                "the activity ends (2026-03-02) before it starts (2026-03-27)",
            ),
            ("line 3", "an approval whose request 'R-1' (line 2) was refused"),
            (
                "line 3",
                "an approval dated 2026-02-01, before its request 'R-1' of 2026-02-10",
            ),
            ("line 3", "an approval of 5000, above the 1000 request 'R-1' asked for"),
        ] == list(caught.value.problems)

    def test_two_grants_with_an_empty_ref(self) -> None:
        """Two grants of ref "" would be one, 5 EUR lost: each line is refused."""
        bad = (
            '{"fund": "mdf", "event": "grant", "at": "2026-03-01", "ref": "", "amount": "5"}\n'
            '{"fund": "mdf", "event": "grant", "at": "2026-03-02", "ref": "", "amount": "7"}\n'
        )
        with pytest.raises(FormatError) as caught:
            load_fund_events(bad)

        message = (
            'expected a ref, got "": a record is corrected and retracted by its '
            "ref, so two records with an empty one would be one"
        )
        assert [
            ("line 1: $.ref", message),
            ("line 2: $.ref", message),
        ] == list(caught.value.problems)

    def test_a_second_claim_of_a_request(self) -> None:
        """Claims C1 and C2 of one request: the second line is refused, not dropped."""
        bad = (
            LOG
            + '{"fund": "mdf", "event": "claim", "at": "2026-07-01", "ref": "C9", "request": "R1", "amount": "1"}\n'
        )
        with pytest.raises(FormatError) as caught:
            load_fund_events(bad)

        ((path, message),) = caught.value.problems
        assert "line 9" == path
        assert message.startswith("a second claim of request 'R1' (ref 'C9')")

    def test_a_ref_given_to_two_records(self) -> None:
        """Request 7 and grant 7 of a portal that numbers each kind: the grant's line names the request's.

        The approval of request 7 is judged against it: no "no standing
        request" that blames the approval for what the grant did.
        """
        bad = (
            '{"fund": "mdf", "event": "request", "at": "2026-05-01", "ref": "7", "amount": "5000"}\n'
            '{"fund": "mdf", "event": "approval", "at": "2026-05-02", "ref": "A-7", "request": "7", "amount": "5000"}\n'
            '{"fund": "mdf", "event": "grant", "at": "2026-05-03", "ref": "7", "amount": "2000"}\n'
        )
        with pytest.raises(FormatError) as caught:
            load_fund_events(bad)

        assert [
            (
                "line 3",
                (
                    "a grant with ref '7', the ref of request '7' (line 1): a later "
                    "record with the same fund and ref corrects the earlier one (or "
                    "retracts it, with no amount), and a grant cannot correct a "
                    "request; give each record a ref of its own"
                ),
            )
        ] == list(caught.value.problems)

    def test_a_line_that_is_not_text(self) -> None:
        """Lines given as a list: one that is not text is a problem, never skipped."""
        lines = [*LOG.splitlines(), 7, None]

        with pytest.raises(FormatError) as caught:
            load_fund_events(lines)  # type: ignore[arg-type]

        assert [
            ("line 9", "expected a line of text, got 7"),
            ("line 10", "expected a line of text, got null"),
        ] == list(caught.value.problems)

    def test_a_file_name_instead_of_its_text(self) -> None:
        """The file's name where its text belongs: the problem says so."""
        with pytest.raises(FormatError) as caught:
            load_fund_events("examples/it_vendor/fund_events.jsonl")

        assert [
            (
                "line 1",
                (
                    "invalid JSON at column 1: Expecting value; this is a file's name, "
                    "not its text: pass Path(name).read_text()"
                ),
            )
        ] == list(caught.value.problems)

    def test_a_pretty_printed_record(self) -> None:
        """A record written over lines: the line of its "{" says why it fails."""
        with pytest.raises(FormatError) as caught:
            load_fund_events('[\n  {"fund": "mdf"}\n]\n')

        assert (
            "invalid JSON at column 2: Expecting value; a line of [ alone starts a "
            "JSON document written over several lines, and JSON Lines hold one "
            "whole record per line"
        ) == caught.value.problems[0][1]

    def test_observations_instead_of_a_fund_log(self) -> None:
        """An observation's line: one problem saying where it belongs, not one per key."""
        line = '{"metric": "m", "at": "2026-01-01", "value": "1", "dims": {"a": "b"}}'

        with pytest.raises(FormatError) as caught:
            load_fund_events(LOG + line + "\n")

        assert [
            (
                "line 9: $",
                (
                    "expected a fund event (fund, event, at, ref, amount), got an "
                    "observation (metric, at, value): it belongs in the observations"
                ),
            )
        ] == list(caught.value.problems)

    def test_an_agreement_instead_of_a_fund_log(self) -> None:
        """An agreement on one line given as the fund log: one problem, not one per key."""
        agreement = (_EXAMPLE_LOG.parent / "agreement.json").read_text(encoding="utf-8")
        line = json.dumps(json.loads(agreement))

        with pytest.raises(FormatError) as caught:
            load_fund_events(line)

        assert [
            (
                "line 1: $",
                (
                    "expected a fund event (fund, event, at, ref, amount), got an "
                    "agreement document: it is no line of the fund log (was "
                    "another file given for the log?)"
                ),
            )
        ] == list(caught.value.problems)

    def test_each_missing_key_says_what_it_holds(self) -> None:
        """A record without its keys is told what each holds, as an observation is."""
        with pytest.raises(FormatError) as caught:
            load_fund_events("{}")

        assert [
            ("line 1: $.fund", "expected a fund id, got nothing (required)"),
            (
                "line 1: $.event",
                (
                    'expected one of "grant", "request", "approval", "claim", '
                    '"decision", "payment", got nothing (required)'
                ),
            ),
            ("line 1: $.at", "expected a date YYYY-MM-DD, got nothing (required)"),
            ("line 1: $.ref", "expected a ref, got nothing (required)"),
            (
                "line 1: $.amount",
                "expected a decimal string, a number or null, got nothing (required)",
            ),
        ] == list(caught.value.problems)

    def test_a_fund_that_is_no_id(self) -> None:
        """A fund of the wrong kind is told it is no fund id, as a missing one is."""
        line = '{"fund": 5, "event": "grant", "at": "2026-01-05", "ref": "G", "amount": "1"}'

        with pytest.raises(FormatError) as caught:
            load_fund_events(line)

        assert [("line 1: $.fund", "expected a fund id, got 5")] == list(
            caught.value.problems
        )

    def test_a_path_instead_of_its_text(self) -> None:
        """A path is refused with what to pass instead."""
        with pytest.raises(
            TypeError, match=r"pass the file's text, Path\(name\)\.read_text\(\)$"
        ):
            load_fund_events(Path("fund_events.jsonl"))  # type: ignore[arg-type]


amounts = st.integers(min_value=0, max_value=10**9).map(Decimal) | st.none()
texts = st.text(st.characters(blacklist_categories=["Cs"]), max_size=10).map(stable)


class TestLaws:
    """dump_fund_events and load_fund_events are inverse on grants."""

    @given(st.lists(st.tuples(amounts, texts, st.dates()), max_size=5))
    def test_round_trip(self, rows: list[tuple[Decimal | None, str, dt.date]]) -> None:
        """Grants with any amount, activity and day survive a round trip."""
        events = tuple(
            FundEvent(
                fund="f",
                event=FundEventKind.GRANT,
                at=at,
                ref=f"G{i}",
                amount=amount,
                activity=activity,
            )
            for i, (amount, activity, at) in enumerate(rows)
        )
        assert load_fund_events(dump_fund_events(events)) == events


class TestLoneSurrogateLaw:
    """Whatever record is built is written and read back, or refused when written."""

    @given(NONBLANK_SURROGATE_TEXT, SURROGATE_TEXT, SURROGATE_TEXT)
    def test_written_and_read_back_or_refused(
        self, ref: str, text: str, proof: str
    ) -> None:
        """A grant's ref, activity, reason and proof, of any text."""
        grant = FundEvent(
            fund="f",
            event=FundEventKind.GRANT,
            at=dt.date(2026, 5, 1),
            ref=ref,
            amount=Decimal(1),
            activity=text,
            reason=text,
            proof=(proof,),
        )
        refused = {p for value in (ref, text, proof) if (p := text_problem(value))}
        if refused:
            with pytest.raises(InvalidFundEventsError) as caught:
                dump_fund_events([grant])
            assert {m for _, m in caught.value.problems} == refused
            return

        assert (grant,) == load_fund_events(dump_fund_events([grant]))


class TestOrder:
    """A decision or a payment comes on or after the claim it settles."""

    def test_payment_before_claim(self) -> None:
        """A payment dated before its claim is refused with its line."""
        early = LOG.replace(
            '"at": "2026-05-10", "ref": "P1"', '"at": "2026-04-20", "ref": "P1"'
        )
        with pytest.raises(FormatError) as caught:
            load_fund_events(early)
        assert caught.value.problems == (
            (
                "line 6",
                "a payment dated 2026-04-20, before the claim of request 'R1' of 2026-05-01",
            ),
        )


class TestOneRecordALine:
    """A written line holds no line break of any kind, whatever its text holds."""

    def test_unicode_line_breaks_are_escaped(self) -> None:
        """U+0085, U+2028 and U+2029 in a text are written as escapes and read back."""
        event = FundEvent(fund="mdf", event=FundEventKind.GRANT, at=dt.date(2026, 3, 1),
                          ref="G\u2028", amount=Decimal(5),
                          activity="Launch\x85Q2\u2029event")  # fmt: skip

        text = dump_fund_events([event])

        assert (
            '{"fund": "mdf", "event": "grant", "at": "2026-03-01", "ref": "G\\u2028", '
            '"amount": "5", "activity": "Launch\\u0085Q2\\u2029event"}\n'
        ) == text
        assert (event,) == load_fund_events(text.splitlines())

    @given(agreements_with_fund_events(max_requests=3))
    def test_splitlines_sees_one_record_a_line(
        self, pair: tuple[object, tuple[FundEvent, ...]]
    ) -> None:
        """str.splitlines() of a written log gives its records, one a line."""
        _, log = pair

        lines = dump_fund_events(log).splitlines()

        assert (len(log), log) == (len(lines), load_fund_events(lines))


class TestOneRecordAsADict:
    """fund_event_to_dict and fund_event_from_dict: one line of the log, as a dict."""

    def test_a_claim(self) -> None:
        """The claim's keys in the line's order; the empty fields left out."""
        claim = load_fund_events(LOG)[2]

        assert {
            "fund": "mdf",
            "event": "claim",
            "at": "2026-05-01",
            "ref": "C1",
            "amount": "4000",
            "request": "R1",
            "incurred": "2026-04-10",
            "proof": ["INV-1"],
        } == fund_event_to_dict(claim)
        assert list(fund_event_to_dict(claim)) == [
            "fund",
            "event",
            "at",
            "ref",
            "amount",
            "request",
            "incurred",
            "proof",
        ]

    @given(agreements_with_fund_events(max_requests=3))
    def test_round_trip(self, pair: tuple[object, tuple[FundEvent, ...]]) -> None:
        """Every record reads back equal, and its dict is its line's object."""
        _, log = pair

        records = [fund_event_to_dict(event) for event in log]

        assert log == tuple(fund_event_from_dict(record) for record in records)
        assert [json.loads(line) for line in dump_fund_events(log).splitlines()] == (
            records
        )

    def test_every_problem_with_its_path(self) -> None:
        """An unknown key, a misspelt kind, a bad day and a ref that is a number."""
        with pytest.raises(FormatError) as caught:
            fund_event_from_dict(
                {
                    "fund": "mdf",
                    "event": "gift",
                    "at": "2026-3-1",
                    "ref": 7,
                    "amount": "5",
                    "note": "x",
                }
            )

        assert [
            (
                "$.note",
                (
                    "expected one of the keys fund, event, at, ref, amount, request, "
                    'activity, start, end, cost, incurred, proof, reason; got "note"'
                ),
            ),
            (
                "$.event",
                (
                    'expected one of "grant", "request", "approval", "claim", '
                    '"decision", "payment", got "gift"'
                ),
            ),
            ("$.at", 'expected a date YYYY-MM-DD, got "2026-3-1"'),
            ("$.ref", "expected a string, got 7"),
        ] == list(caught.value.problems)

    def test_a_record_that_is_not_one_on_its_own(self) -> None:
        """A negative amount and a claim naming no request, as the log reader says them."""
        with pytest.raises(FormatError) as caught:
            fund_event_from_dict(
                {"fund": "mdf", "event": "claim", "at": "2026-03-01", "ref": "C",
                 "amount": "-1"}
            )  # fmt: skip

        assert [
            ("$.amount", "a negative amount, -1: amounts are at least 0"),
            ("$.request", "a claim names no request"),
        ] == list(caught.value.problems)

    def test_not_an_object(self) -> None:
        """A list, or an observation's record: one problem each, saying what it is."""
        with pytest.raises(FormatError) as listed:
            fund_event_from_dict(["mdf"])
        with pytest.raises(FormatError) as observed:
            fund_event_from_dict({"metric": "m", "at": "2026-03-01", "value": "1"})

        assert [
            ("$", "expected an object (a fund event), got an array"),
            (
                "$",
                (
                    "expected a fund event (fund, event, at, ref, amount), got an "
                    "observation (metric, at, value): it belongs in the "
                    "observations"
                ),
            ),
        ] == [*listed.value.problems, *observed.value.problems]

    def test_writing_refuses_what_would_not_read_back(self) -> None:
        """A dict is a TypeError; a payment naming no request lists its problem."""
        payment = FundEvent(
            fund="mdf",
            event=FundEventKind.PAYMENT,
            at=dt.date(2026, 3, 1),
            ref="P9",
            amount=Decimal(1),
        )

        with pytest.raises(TypeError) as not_one:
            fund_event_to_dict({"fund": "mdf"})  # type: ignore[arg-type]
        with pytest.raises(InvalidFundEventsError) as caught:
            fund_event_to_dict(payment)

        assert (
            "expected a FundEvent, got dict (fund_event_from_dict reads a record's "
            "JSON form)"
        ) == str(not_one.value)
        assert (("request", "a payment names no request"),) == caught.value.problems


_EXAMPLE_LOG = (
    Path(__file__).resolve().parents[2] / "examples" / "it_vendor" / "fund_events.jsonl"
)


class TestWhereALineIsWrong:
    """A bad line's problem is at the same column, whatever source its lines came from."""

    def test_the_column_at_the_end_of_a_line(self) -> None:
        """A line cut short, from the text, its lines or an open file: its end, column 63."""
        line = '{"fund": "f", "event": "grant", "at": "2026-01-05", "ref": "G"'
        text = f"{line}\n"
        expected = [
            (
                "line 1",
                (
                    "invalid JSON at column 63: Expecting ',' delimiter; the line "
                    "ends here, before its record does: is it cut short, or split "
                    "over several lines?"
                ),
            )
        ]

        for source in (text, [text], io.BytesIO(text.encode())):
            with pytest.raises(FormatError) as info:
                load_fund_events(source)
            assert expected == list(info.value.problems)


class TestUnreadableLines:
    """An unreadable line hides only what may depend on it, not the rest of the log."""

    def test_unrelated_problems_together(self) -> None:
        """A date typo on a claim of R-102 leaves the over-approval of R-101 reported."""
        lines = _EXAMPLE_LOG.read_text(encoding="utf-8").splitlines()
        lines[1] = lines[1].replace('"amount": "12000"', '"amount": "99000"')
        lines[11] = lines[11].replace('"at": "2026-', '"at": "2026/', 1)

        with pytest.raises(FormatError) as info:
            load_fund_events("\n".join(lines))

        assert [
            (
                "line 2",
                "an approval of 99000, above the 12000 request 'R-101' asked for",
            ),
            ("line 12: $.at", 'expected a date YYYY-MM-DD, got "2026/10-20"'),
        ] == list(info.value.problems)

    def test_what_depends_on_the_line_is_held_back(self) -> None:
        """A claim whose request sits on an unreadable line is not said to name no request."""
        lines = _EXAMPLE_LOG.read_text(encoding="utf-8").splitlines()
        lines[2] = lines[2].replace('"at": "2026-', '"at": "2026/', 1)

        with pytest.raises(FormatError) as info:
            load_fund_events("\n".join(lines))

        assert [
            ("line 3: $.at", 'expected a date YYYY-MM-DD, got "2026/04-15"')
        ] == list(info.value.problems)

    def test_a_line_of_no_fund_hides_the_log(self) -> None:
        """A line that is not JSON could be any record: the log as a whole waits."""
        lines = _EXAMPLE_LOG.read_text(encoding="utf-8").splitlines()
        lines[1] = lines[1].replace('"amount": "12000"', '"amount": "99000"')
        lines.append("{oops")

        with pytest.raises(FormatError) as info:
            load_fund_events("\n".join(lines))

        assert [f"line {len(lines)}"] == [path for path, _ in info.value.problems]


_REQUEST = {"fund": "mdf", "event": "request", "at": "2026-03-01", "ref": "R1",
            "amount": "100"}  # fmt: skip
_BLANK_REQUEST = (
    "a request's ref is never empty or spaces only, so this names no request"
)

#: A record's problems of its own, each refused at the field it is in: the
#: change to a good request, the field, and the message.
OWN_PROBLEMS = {
    "a negative amount": (
        {"amount": "-1"},
        "amount",
        "a negative amount, -1: amounts are at least 0",
    ),
    "a negative cost": (
        {"cost": "-5"},
        "cost",
        "a negative cost, -5: costs are at least 0",
    ),
    "an activity that ends before it starts": (
        {"start": "2026-03-10", "end": "2026-03-09"},
        "end",
        "the activity ends (2026-03-09) before it starts (2026-03-10)",
    ),
    "an approval naming no request": (
        {"event": "approval"},
        "request",
        "an approval names no request",
    ),
    "a payment naming a blank request": (
        {"event": "payment", "request": " "},
        "request",
        f'expected a ref, got " ": {_BLANK_REQUEST}',
    ),
    "a grant naming an empty request": (
        {"event": "grant", "request": ""},
        "request",
        f'expected a ref, got "": {_BLANK_REQUEST}',
    ),
}


class TestAtItsField:
    """A record's problem of its own is at its field, whoever reads or writes it."""

    @pytest.mark.parametrize("name", list(OWN_PROBLEMS))
    def test_read(self, name: str) -> None:
        """fund_event_from_dict says $.field, load_fund_events line 2: $.field."""
        change, field, message = OWN_PROBLEMS[name]
        record = {**_REQUEST, **change}
        with pytest.raises(FormatError) as one:
            fund_event_from_dict(record)
        with pytest.raises(FormatError) as log:
            load_fund_events(["", json.dumps(record)])

        assert [(f"$.{field}", message)] == list(one.value.problems)
        assert [(f"line 2: $.{field}", message)] == list(log.value.problems)

    @pytest.mark.parametrize(
        "blank",
        ["", " ", "\u3000", "\t\n"],
        ids=["empty", "space", "ideographic", "tab"],
    )
    def test_a_blank_request_is_no_request(self, blank: str) -> None:
        """A blank request is refused as a blank ref is, for a step and for a retraction."""
        for event, amount in (("claim", "5"), ("claim", None), ("grant", "5")):
            record = {**_REQUEST, "event": event, "amount": amount, "request": blank}
            with pytest.raises(FormatError) as caught:
                fund_event_from_dict(record)

            assert [
                (
                    "$.request",
                    f"expected a ref, got {json.dumps(blank)}: {_BLANK_REQUEST}",
                )
            ] == list(caught.value.problems)

    @given(
        st.sampled_from(list(FundEventKind)),
        st.sampled_from([None, "-1", "0", "7"]),
        st.sampled_from([None, "-2", "3"]),
        st.sampled_from([None, "R1"]),
        st.sampled_from([(None, None), (1, 2), (2, 1)]),
    )
    def test_the_ledger_and_the_reader_agree(
        self,
        kind: FundEventKind,
        amount: str | None,
        cost: str | None,
        request: str | None,
        days: tuple[int | None, int | None],
    ) -> None:
        """Built in code or read from a line, a record's problems are the same, at the same field.

        The writer names ``[0].amount`` what the reader names ``line 1:
        $.amount``, with one message: what the command line reports once.
        (A value the reader refuses itself, a blank ref say, is told in
        JSON's words and hides the record's other problems.)
        """
        start, end = (None if d is None else dt.date(2026, 3, d) for d in days)
        event = FundEvent(
            fund="mdf",
            event=kind,
            at=dt.date(2026, 3, 1),
            ref="X1",
            amount=None if amount is None else Decimal(amount),
            cost=None if cost is None else Decimal(cost),
            request=request,
            start=start,
            end=end,
        )
        line = json.dumps(
            {
                "fund": "mdf", "event": kind.value, "at": "2026-03-01", "ref": "X1",
                "amount": amount, "cost": cost, "request": request,
                "start": start and start.isoformat(), "end": end and end.isoformat(),
            }
        )  # fmt: skip
        try:
            dump_fund_events([event])
        except InvalidFundEventsError as error:
            written = [
                (path.replace("[0].", "line 1: $."), message)
                for path, message in error.problems
            ]
        else:
            written = []
        try:
            load_fund_events([line])
        except FormatError as error:
            read = [p for p in error.problems if p[0] != "line 1"]
        else:
            read = []

        assert written == read
