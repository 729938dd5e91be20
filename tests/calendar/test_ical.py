from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path
from typing import Any

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import stable

from mutualcommit import dumps
from mutualcommit.calendar import (
    PRODID,
    NoReviewsError,
    agreement_review_dates,
    to_ical,
)
from mutualcommit.cli import main
from mutualcommit.model import Agreement, Party, Role

D = dt.date
QUARTERLY_TUESDAY = "FREQ=MONTHLY;INTERVAL=3;BYDAY=TU;BYSETPOS=1"
PARTIES = (
    Party(id="acme", name="Acme Software, Inc.", role=Role.VENDOR),
    Party(id="globex", name="Globex; Systèmes", role=Role.PARTNER),
)


def agreement(
    *,
    title: str = "Co-selling 2026",
    rule: str | None = QUARTERLY_TUESDAY,
    agreement_id: str = "acme-globex-2026",
) -> Agreement:
    """Build an agreement over calendar 2026 with the given title and rule."""
    return Agreement(
        id=agreement_id,
        title=title,
        parties=PARTIES,
        start=D(2026, 1, 1),
        end=D(2026, 12, 31),
        currency="EUR",
        review_rule=rule,
    )


def events(text: str) -> list[Any]:
    """Parse *text* with the icalendar package and return its VEVENTs."""
    calendar = icalendar.Calendar.from_ical(text)
    return list(calendar.walk("VEVENT"))


class TestCalendar:
    """to_ical writes a VCALENDAR with one all-day VEVENT per review day."""

    def test_header(self) -> None:
        """The calendar names its version, product and scale."""
        calendar = icalendar.Calendar.from_ical(to_ical(agreement()))

        assert ("2.0", PRODID, "GREGORIAN") == (
            str(calendar["VERSION"]),
            str(calendar["PRODID"]),
            str(calendar["CALSCALE"]),
        )
        assert "-//mutualcommit//mutualcommit//EN" == PRODID

    def test_one_event_per_review_day(self) -> None:
        """The first Tuesday of each quarter of 2026 is an all-day event."""
        found = events(to_ical(agreement()))

        expected = [D(2026, 1, 6), D(2026, 4, 7), D(2026, 7, 7), D(2026, 10, 6)]
        assert expected == [event["DTSTART"].dt for event in found]
        assert [day + dt.timedelta(days=1) for day in expected] == [
            event["DTEND"].dt for event in found
        ]
        assert list(agreement_review_dates(agreement())) == expected

    def test_all_day_dates(self) -> None:
        """DTSTART and DTEND are DATE values, not date-times."""
        text = to_ical(agreement())

        assert "DTSTART;VALUE=DATE:20260106\r\n" in text
        assert "DTEND;VALUE=DATE:20260107\r\n" in text

    def test_uids_are_stable_and_unique(self) -> None:
        """A UID is the agreement's id and the day, whatever else changes."""
        first = [str(e["UID"]) for e in events(to_ical(agreement()))]
        retitled = [
            str(e["UID"]) for e in events(to_ical(agreement(title="Another title")))
        ]

        assert [
            "acme-globex-2026-20260106@mutualcommit",
            "acme-globex-2026-20260407@mutualcommit",
            "acme-globex-2026-20260707@mutualcommit",
            "acme-globex-2026-20261006@mutualcommit",
        ] == first
        assert first == retitled
        assert len(first) == len(set(first))

    def test_deterministic(self) -> None:
        """The same agreement gives the same bytes."""
        assert to_ical(agreement()) == to_ical(agreement())

    def test_no_rule_no_file(self) -> None:
        """Without a review rule there is no event, and RFC 5545 wants one: refused, saying why.

        It wrote a VCALENDAR of no component, which the RFC's grammar refuses.
        """
        with pytest.raises(NoReviewsError, match="no review in its term") as raised:
            to_ical(agreement(rule=None))

        assert (
            "agreement acme-globex-2026 has no review in its term: it has no "
            "review_rule (2026-01-01 to 2026-12-31), and an iCalendar file holds "
            "at least one event"
        ) == str(raised.value)
        assert isinstance(raised.value, ValueError)
        copy = pickle.loads(pickle.dumps(raised.value))  # noqa: S301 - our own data
        assert (str(raised.value), "acme-globex-2026") == (str(copy), copy.agreement)

    def test_summary_and_description(self) -> None:
        """The summary names the agreement; the description names the parties."""
        (event, *_) = events(to_ical(agreement()))

        assert "Review: Co-selling 2026" == str(event["SUMMARY"])
        description = str(event["DESCRIPTION"])
        assert "Acme Software, Inc. (vendor)" in description
        assert "Globex; Systèmes (partner)" in description
        assert "Review 1 of 4" in description

    def test_no_parties(self) -> None:
        """An agreement without parties leaves the parties line out."""
        text = to_ical(
            Agreement(
                id="a",
                title="T",
                start=D(2026, 1, 1),
                end=D(2026, 1, 1),
                currency="EUR",
                review_rule="FREQ=DAILY",
            )
        )

        (event,) = events(text)
        assert "Parties" not in str(event["DESCRIPTION"])

    def test_last_representable_day(self) -> None:
        """A review on 9999-12-31 has no DTEND: an all-day event lasts a day."""
        last = Agreement(
            id="a",
            title="T",
            start=D(9999, 12, 31),
            end=D(9999, 12, 31),
            currency="EUR",
            review_rule="FREQ=DAILY",
        )

        (event,) = events(to_ical(last))

        assert (D(9999, 12, 31), None) == (event["DTSTART"].dt, event.get("DTEND"))


class TestDtstamp:
    """DTSTAMP defaults to the term's start at midnight UTC."""

    def test_default(self) -> None:
        """The library reads no clock: the default stamp is the term's start."""
        (event, *_) = events(to_ical(agreement()))

        assert dt.datetime(2026, 1, 1, tzinfo=dt.UTC) == event["DTSTAMP"].dt

    def test_given(self) -> None:
        """A given moment is written in UTC."""
        moment = dt.datetime(
            2026, 5, 4, 12, 30, 15, tzinfo=dt.timezone(dt.timedelta(hours=2))
        )

        text = to_ical(agreement(), dtstamp=moment)

        assert "DTSTAMP:20260504T103015Z\r\n" in text

    def test_naive(self) -> None:
        """A naive moment is refused: it names no instant."""
        with pytest.raises(ValueError, match="timezone-aware"):
            to_ical(agreement(), dtstamp=dt.datetime(2026, 5, 4))  # noqa: DTZ001

    @pytest.mark.parametrize(
        "moment",
        [
            dt.datetime(1, 1, 1, 2, tzinfo=dt.timezone(dt.timedelta(hours=5))),
            dt.datetime(9999, 12, 31, 22, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        ],
    )
    def test_no_utc_time(self, moment: dt.datetime) -> None:
        """A moment before year 1 or after 9999 in UTC is a ValueError naming it."""
        with pytest.raises(ValueError, match="has no UTC time from year 1 to 9999"):
            to_ical(agreement(), dtstamp=moment)


class TestText:
    """Text values are escaped and long lines folded, as RFC 5545 says."""

    def test_escaping(self) -> None:
        """Backslash, semicolon, comma and newline are escaped."""
        text = to_ical(agreement(title="a\\b;c,d\ne"))

        assert "SUMMARY:Review: a\\\\b\\;c\\,d\\ne\r\n" in text
        (event, *_) = events(text)
        assert "Review: a\\b;c,d\ne" == str(event["SUMMARY"])

    def test_carriage_returns_and_controls(self) -> None:
        """CR and CRLF become newlines; other control characters are dropped."""
        (event, *_) = events(to_ical(agreement(title="a\r\nb\rc\x00d\x1be\tf")))

        assert "Review: a\nb\ncd" + "e\tf" == str(event["SUMMARY"])

    def test_c1_controls(self) -> None:
        """C1 controls are dropped too: NEL breaks lines, CSI starts escapes."""
        title = "a" + "".join(map(chr, range(0x80, 0xA0))) + "b\x7f\x1bc\u00a0d"

        text = to_ical(agreement(title=title))

        assert "SUMMARY:Review: abc\u00a0d\r\n" in text
        assert [] == [c for c in text if "\x7f" <= c <= "\x9f"]

    def test_long_lines_fold_between_characters(self) -> None:
        """No line exceeds 75 octets and no UTF-8 sequence is split."""
        text = to_ical(agreement(title="日本語のタイトル、" * 20 + "e\u0301" * 40))

        raw = text.encode()
        assert raw.endswith(b"\r\n")
        lines = raw.split(b"\r\n")[:-1]
        assert max(len(line) for line in lines) <= 75
        assert any(line.startswith(b" ") for line in lines)
        assert [line.decode() for line in lines]  # every piece is whole UTF-8
        assert b"\n" not in raw.replace(b"\r\n", b"")

    @given(
        title=st.text(
            st.characters(blacklist_categories=("Cs", "Cc"))
            | st.sampled_from(["\n", ",", ";", "\\", ":", '"', "\t"]),
            min_size=1,
            max_size=200,
        )
        # The model refuses a title of only white space, and a code point
        # whose normalisation depends on the Python (stable makes it U+FFFD,
        # no white space). Filtered before it is mapped: hypothesis 6.100,
        # the oldest the tests take, fails to filter a mapped strategy
        # under NumPy 2.
        .filter(str.strip)
        .map(stable)
    )
    def test_round_trip(self, title: str) -> None:
        """Any title comes back from icalendar as it went in."""
        text = to_ical(agreement(title=title, rule="FREQ=YEARLY"))

        (event,) = events(text)
        assert f"Review: {title}" == str(event["SUMMARY"])
        assert title in str(event["DESCRIPTION"])
        assert all(len(line) <= 75 for line in text.encode().split(b"\r\n"))


class TestCommand:
    """`mutualcommit calendar` writes the file, or says why there is none."""

    def test_no_review_exits_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """No review rule: exit 2, the reason on standard error, nothing written."""
        path = tmp_path / "plan.json"
        path.write_text(dumps(agreement(rule=None)), encoding="utf-8")
        output = tmp_path / "reviews.ics"

        code = main(["calendar", str(path), "-o", str(output)])

        assert 2 == code
        assert capsys.readouterr().err == (
            f"mutualcommit calendar: {path}: agreement acme-globex-2026 has no "
            "review in its term: it has no review_rule (2026-01-01 to 2026-12-31), "
            "and an iCalendar file holds at least one event\n"
        )
        assert not output.exists()
