from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from dateutil.rrule import rrule, rrulestr
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.calendar import (
    agreement_review_dates,
    parse_review_rule,
    review_dates,
)
from mutualcommit.model import Agreement

D = dt.date
YEAR_2026 = (D(2026, 1, 1), D(2026, 12, 31))


def agreement(rule: str | None) -> Agreement:
    """Build the smallest agreement with *rule* over calendar 2026."""
    start, end = YEAR_2026
    return Agreement(
        id="a-1", title="T", start=start, end=end, currency="EUR", review_rule=rule
    )


def brute_force(rule: str, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """Read every occurrence with python-dateutil alone, the slow way."""
    parsed = rrulestr(rule, dtstart=dt.datetime.combine(start, dt.time()))
    after = dt.datetime.combine(start, dt.time())
    before = dt.datetime.combine(end, dt.time.max)
    return tuple(sorted({o.date() for o in parsed.between(after, before, inc=True)}))


class TestReviewDates:
    """review_dates gives the days an RRULE yields inside the term."""

    @pytest.mark.parametrize(
        ("rule", "expected"),
        [
            (
                "FREQ=MONTHLY;INTERVAL=3",
                (D(2026, 1, 1), D(2026, 4, 1), D(2026, 7, 1), D(2026, 10, 1)),
            ),
            (
                "RRULE:FREQ=MONTHLY;INTERVAL=3",
                (D(2026, 1, 1), D(2026, 4, 1), D(2026, 7, 1), D(2026, 10, 1)),
            ),
            (
                "FREQ=MONTHLY;INTERVAL=3;BYDAY=TU;BYSETPOS=1",
                (D(2026, 1, 6), D(2026, 4, 7), D(2026, 7, 7), D(2026, 10, 6)),
            ),
            ("FREQ=MONTHLY;INTERVAL=3;COUNT=2", (D(2026, 1, 1), D(2026, 4, 1))),
            (
                "FREQ=MONTHLY;INTERVAL=3;UNTIL=20260701",
                (D(2026, 1, 1), D(2026, 4, 1), D(2026, 7, 1)),
            ),
            (
                "freq=monthly;interval=6;until=20301231T000000",
                (D(2026, 1, 1), D(2026, 7, 1)),
            ),
            ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", ()),
            ("FREQ=YEARLY;COUNT=1;BYMONTH=12;BYMONTHDAY=31", (D(2026, 12, 31),)),
        ],
    )
    def test_examples(self, rule: str, expected: tuple[dt.date, ...]) -> None:
        """Quarterly, first Tuesday of the quarter, COUNT, UNTIL, never."""
        assert expected == review_dates(rule, *YEAR_2026)

    def test_until_past_the_end_is_clipped(self) -> None:
        """An UNTIL after the term stops at the term's end."""
        assert (D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)) == review_dates(
            "FREQ=MONTHLY;UNTIL=20281231", D(2026, 1, 1), D(2026, 3, 31)
        )

    def test_nothing_inside_the_term(self) -> None:
        """A rule whose first occurrence falls after the term yields nothing."""
        assert () == review_dates(
            "FREQ=YEARLY;BYMONTH=12", D(2026, 1, 1), D(2026, 6, 30)
        )

    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=DAILY;BYHOUR=9,15",
            "FREQ=DAILY;BYMINUTE=0,30",
            "FREQ=DAILY;BYSECOND=1",
            "FREQ=YEARLY;BYEASTER=400",
        ],
    )
    def test_parts_finer_than_days_are_refused(self, rule: str) -> None:
        """Reviews are days: hour, minute, second and Easter parts are refused."""
        with pytest.raises(ValueError, match="is not allowed: a review rule may use"):
            review_dates(rule, *YEAR_2026)

    @pytest.mark.parametrize("freq", ["HOURLY", "MINUTELY", "SECONDLY"])
    def test_finer_than_daily_is_refused(self, freq: str) -> None:
        """Reviews are days: a rule finer than daily is refused."""
        with pytest.raises(ValueError, match="FREQ=DAILY or coarser"):
            review_dates(f"FREQ={freq}", D(2026, 1, 1), D(2028, 12, 31))

    def test_term_ends_before_it_starts(self) -> None:
        """A reversed term is refused."""
        with pytest.raises(ValueError, match="starts on or before its end"):
            review_dates("FREQ=DAILY", D(2026, 2, 1), D(2026, 1, 1))

    @given(
        rule=st.sampled_from(
            [
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
                "FREQ=MONTHLY;INTERVAL=3;BYDAY=TU;BYSETPOS=1",
                "FREQ=MONTHLY;BYMONTHDAY=-1",
                "FREQ=DAILY;INTERVAL=10;COUNT=5",
                "FREQ=YEARLY;BYYEARDAY=100,200",
            ]
        ),
        start=st.dates(D(2000, 1, 1), D(2100, 12, 31)),
        length=st.integers(0, 800),
    )
    def test_agree_with_python_dateutil(
        self, rule: str, start: dt.date, length: int
    ) -> None:
        """Every day is one python-dateutil yields, and the days come in order."""
        end = start + dt.timedelta(days=length)

        found = review_dates(rule, start, end)

        assert brute_force(rule, start, end) == found
        assert all(start <= day <= end for day in found)


class TestBoundedCost:
    """Every accepted rule expands in bounded time, whatever it yields."""

    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
            "FREQ=DAILY;BYSETPOS=2,3,4,5,6,7,8,9,10,11,12,13",
            "FREQ=MONTHLY;BYDAY=MO;BYMONTHDAY=31;BYMONTH=4",
            "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2,4,6,9,11",
        ],
    )
    def test_never_firing_rules_stop_at_the_term(self, rule: str) -> None:
        """A rule that never fires yields nothing, searching a century at most."""
        started = time.perf_counter()

        found = review_dates(rule, D(1950, 1, 1), D(2049, 12, 31))

        assert () == found
        # Searching to the year 9999 takes seconds to minutes.
        assert time.perf_counter() - started < 10

    def test_rare_rules_still_fire_at_the_far_end(self) -> None:
        """A leap-day rule over the century's last years still finds them."""
        assert (D(9992, 2, 29), D(9996, 2, 29)) == review_dates(
            "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29", D(9990, 1, 1), D(9999, 12, 31)
        )

    def test_week_numbers_agree_after_the_search_is_bounded(self) -> None:
        """BYWEEKNO rules, read several times a year, are not cut short."""
        rule = "FREQ=YEARLY;BYWEEKNO=1,2,53;BYDAY=MO"
        start, end = D(1990, 1, 1), D(2089, 12, 31)

        assert brute_force(rule, start, end) == review_dates(rule, start, end)

    @pytest.mark.parametrize(
        ("rule", "message"),
        [
            ("FREQ=DAILY;INTERVAL=1000000000", "INTERVAL of at most 36525"),
            ("FREQ=DAILY;COUNT=99999999", "COUNT of at most 36525"),
            ("FREQ=DAILY;BYSETPOS=" + ",".join(map(str, range(1, 14))), "at most 12"),
            ("FREQ=DAILY;BYMONTH=" + ",".join(["1"] * 200), "at most 256"),
            ("FREQ=MONTHLY;BYMONTH=13", "BYMONTH values of 1 to 12"),
            ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY values of 1 to 31"),
            ("FREQ=MONTHLY;BYDAY=54MO", "BYDAY ordinal"),
            ("FREQ=MONTHLY;BYDAY=MO(+1)", "BYDAY days such as"),
            ("FREQ=MONTHLY;INTERVAL=2;INTERVAL=3", "INTERVAL is given twice"),
            ("FREQ=MONTHLY;COUNT=2;UNTIL=20261231", "one of COUNT and UNTIL"),
        ],
    )
    def test_unbounded_values_are_refused(self, rule: str, message: str) -> None:
        """Values that could make an expansion long are refused, saying the bound."""
        with pytest.raises(ValueError, match=re.escape(message)):
            review_dates(rule, *YEAR_2026)


class TestParseReviewRule:
    """parse_review_rule accepts what the model accepts, DTSTART the term's start."""

    def test_dtstart_is_midnight_of_the_start(self) -> None:
        """The parsed rule starts at midnight of the given day."""
        parsed = parse_review_rule("RRULE:FREQ=WEEKLY", D(2026, 3, 4))

        assert isinstance(parsed, rrule)
        assert dt.datetime(2026, 3, 4) == parsed[0]  # noqa: DTZ001 - floating time

    @pytest.mark.parametrize(
        ("rule", "message"),
        [
            ("FREQ=FOO", "invalid 'FREQ': FOO"),
            ("FREQ=MONTHLY;BYDAY=XX", "invalid 'BYDAY': XX"),
            ("FREQ=DAILY;SPAM=1", "unknown parameter 'SPAM'"),
            ("", "expected RRULE text"),
            ("FREQ=DAILY\nFREQ=WEEKLY", "single RRULE line"),
            ("DTSTART:20250101T000000\nRRULE:FREQ=DAILY", "leave DTSTART out"),
            ("FREQ=DAILY;DTSTART=20250101", "leave DTSTART out"),
            ("FREQ=DAILY;", "got an empty part"),
        ],
    )
    def test_bad_rules(self, rule: str, message: str) -> None:
        """A bad rule raises ValueError with python-dateutil's own words."""
        with pytest.raises(ValueError, match=message):
            parse_review_rule(rule, D(2026, 1, 1))

    def test_review_dates_refuses_bad_rules_too(self) -> None:
        """review_dates raises the same error for a bad rule."""
        with pytest.raises(ValueError, match="invalid review rule 'FREQ=FOO'"):
            review_dates("FREQ=FOO", *YEAR_2026)


class TestWrongArgumentTypes:
    """A datetime, text or None where a day or a rule goes is a TypeError naming it."""

    NOW = dt.datetime(2026, 9, 15, 10, 30, tzinfo=dt.UTC)

    @pytest.mark.parametrize("where", ["start", "end"])
    def test_review_dates_with_a_datetime(self, where: str) -> None:
        """A datetime is refused as every other entry point refuses it, not compared."""
        days = {"start": D(2026, 1, 1), "end": D(2026, 12, 31), where: self.NOW}

        with pytest.raises(TypeError) as caught:
            review_dates("FREQ=MONTHLY", days["start"], days["end"])

        assert (
            f"{where} is a datetime.date, got datetime {self.NOW!r}; pass its .date()"
        ) == str(caught.value)

    def test_parse_review_rule_with_a_datetime(self) -> None:
        """Its time of day is not silently dropped: the datetime is refused."""
        with pytest.raises(TypeError) as caught:
            parse_review_rule("FREQ=MONTHLY", self.NOW)

        assert (
            f"start is a datetime.date, got datetime {self.NOW!r}; pass its .date()"
        ) == str(caught.value)

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (
                ("FREQ=MONTHLY", "2026-01-01", D(2026, 12, 31)),
                "start is a datetime.date, got str '2026-01-01'",
            ),
            (
                ("FREQ=MONTHLY", D(2026, 1, 1), None),
                "end is a datetime.date, got NoneType None",
            ),
            ((1, D(2026, 1, 1), D(2026, 12, 31)), "rule is a str, got int 1"),
        ],
        ids=["text-start", "none-end", "int-rule"],
    )
    def test_other_types(self, arguments: tuple[object, ...], message: str) -> None:
        """Text, None or a number where a day or a rule goes: a TypeError saying so."""
        with pytest.raises(TypeError) as caught:
            review_dates(*arguments)  # type: ignore[arg-type]

        assert str(caught.value).startswith(message)


class TestAgreementReviewDates:
    """agreement_review_dates reads an agreement's rule over its term."""

    def test_no_rule(self) -> None:
        """An agreement without a review rule has no review days."""
        assert () == agreement_review_dates(agreement(None))

    def test_quarterly(self) -> None:
        """A quarterly rule over 2026 gives four days."""
        assert review_dates("FREQ=MONTHLY;INTERVAL=3", *YEAR_2026) == (
            agreement_review_dates(agreement("FREQ=MONTHLY;INTERVAL=3"))
        )
