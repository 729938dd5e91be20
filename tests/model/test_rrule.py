"""A review rule's bounds and parts, at their limits."""

from __future__ import annotations

import datetime as dt

import pytest

from mutualcommit import InvalidAgreementError
from mutualcommit.calendar import review_dates
from mutualcommit.model import Agreement, Party, Role, review_rule_problem

START = dt.date(2026, 1, 1)
END = dt.date(2026, 12, 31)


def monthly_on_the_first(length: int) -> str:
    """A monthly rule on the 1st, its BYMONTHDAY list padded to *length* characters."""
    head = "FREQ=MONTHLY;BYMONTHDAY="
    ones = (length - len(head) + 1) // 2
    rule = head + ",".join(["1"] * ones)
    return rule if len(rule) == length else rule[: len(head)] + "0" + rule[len(head) :]


class TestRuleLength:
    """A review rule of 256 characters is accepted; one of 257 is refused."""

    def test_at_the_limit(self) -> None:
        """256 characters of a sound rule: no problem."""
        rule = monthly_on_the_first(256)

        assert 256 == len(rule)
        assert review_rule_problem(rule, START) is None

    def test_one_more(self) -> None:
        """257 characters: the length is the problem."""
        rule = monthly_on_the_first(257)

        assert 257 == len(rule)
        assert "expected at most 256 characters, got 257" == review_rule_problem(
            rule, START
        )


class TestRepeats:
    """INTERVAL and COUNT go up to 36525, a daily rule over a hundred years."""

    def test_at_the_limit(self) -> None:
        """36525 is accepted for both."""
        assert review_rule_problem("FREQ=DAILY;INTERVAL=36525", START) is None
        assert review_rule_problem("FREQ=DAILY;COUNT=36525", START) is None

    def test_one_more(self) -> None:
        """36526 is refused, with the bound."""
        assert (
            "expected a positive INTERVAL of at most 36525, got 36526"
            == review_rule_problem("FREQ=DAILY;INTERVAL=36526", START)
        )


class TestWeekStart:
    """A week start is one of the parts a review rule may use."""

    def test_accepted(self) -> None:
        """A weekly rule whose weeks start on Sunday is sound."""
        assert review_rule_problem("FREQ=WEEKLY;WKST=SU;BYDAY=MO", START) is None


class TestDayOrdinals:
    """A BYDAY ordinal goes from 1 to 53, counted from either end."""

    def test_first_and_fifty_third(self) -> None:
        """The first Monday of a month and the 53rd of a year are sound."""
        assert review_rule_problem("FREQ=MONTHLY;BYDAY=1MO", START) is None
        assert review_rule_problem("FREQ=YEARLY;BYDAY=53MO", START) is None

    def test_fifty_fourth(self) -> None:
        """A 54th Monday is refused, with the span."""
        assert (
            "expected a BYDAY ordinal of 1 to 53 or -53 to -1, got 54MO"
            == review_rule_problem("FREQ=YEARLY;BYDAY=54MO", START)
        )

    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=MONTHLY;BYDAY=+8MO",
            "FREQ=MONTHLY;BYDAY=53MO",
            "FREQ=MONTHLY;BYSETPOS=1;BYDAY=6TU,MO",
            "FREQ=YEARLY;BYMONTH=2;BYDAY=-9FR",
        ],
    )
    def test_within_a_month_at_most_five(self, rule: str) -> None:
        """An ordinal counted within a month goes to 5: a larger one crashed python-dateutil (IndexError) in check, render and calendar."""
        problem = review_rule_problem(rule, START)

        assert problem is not None
        assert problem.startswith(
            "expected a BYDAY ordinal of 1 to 5 or -5 to -1 within a month "
            "(a month holds at most five of a weekday), got "
        )

    @pytest.mark.parametrize(
        ("rule", "where"),
        [
            ("FREQ=WEEKLY;BYDAY=1MO", "with FREQ=WEEKLY"),
            ("FREQ=DAILY;BYDAY=MO,-1FR", "with FREQ=DAILY"),
            ("FREQ=YEARLY;BYWEEKNO=10;BYDAY=2MO", "with BYWEEKNO"),
        ],
    )
    def test_no_ordinal_where_none_counts(self, rule: str, where: str) -> None:
        """RFC 5545 allows an ordinal only in a month or a year: elsewhere it is refused, naming it."""
        problem = review_rule_problem(rule, START)

        assert problem is not None
        assert problem.startswith(f"expected BYDAY days without an ordinal {where}")

    def test_every_ordinal_left_evaluates(self) -> None:
        """Every ordinal the rules accept gives review days without an error, in every frequency."""
        for freq in ("MONTHLY", "YEARLY", "YEARLY;BYMONTH=2", "MONTHLY;BYSETPOS=1"):
            for n in (*range(-53, 0), *range(1, 54)):
                rule = f"FREQ={freq};BYDAY={n}MO"
                if review_rule_problem(rule, START) is None:
                    review_dates(rule, START, dt.date(2027, 12, 31))


class TestNumberSpans:
    """A refused number names the span of its part: signed or not."""

    def test_months_are_not_signed(self) -> None:
        """BYMONTH takes 1 to 12 only."""
        assert "expected BYMONTH values of 1 to 12, got 13" == review_rule_problem(
            "FREQ=YEARLY;BYMONTH=13", START
        )

    def test_days_of_the_month_count_from_either_end(self) -> None:
        """BYMONTHDAY takes 1 to 31 and -31 to -1."""
        assert (
            "expected BYMONTHDAY values of 1 to 31 or -31 to -1, got 32"
            == review_rule_problem("FREQ=MONTHLY;BYMONTHDAY=32", START)
        )


class TestUntilInUTC:
    """An UNTIL in UTC, as calendar applications write it, is read as the day it names."""

    @pytest.mark.parametrize(
        "until", ["20260301T000000Z", "20260301T235959Z", "20260301t120000z"]
    )
    def test_accepted(self, until: str) -> None:
        """A monthly rule until 1 March in UTC reviews as one until 20260301."""
        rule = f"FREQ=MONTHLY;UNTIL={until}"

        assert (None, review_dates("FREQ=MONTHLY;UNTIL=20260301", START, END)) == (
            review_rule_problem(rule, START),
            review_dates(rule, START, END),
        )
        assert (START, dt.date(2026, 2, 1), dt.date(2026, 3, 1)) == review_dates(
            rule, START, END
        )


class TestEmptyParts:
    """A ';' at the end, or two in a row, is named, not python-dateutil's unpacking error."""

    @pytest.mark.parametrize(
        "rule", ["FREQ=MONTHLY;", "FREQ=MONTHLY;;INTERVAL=3", ";FREQ=MONTHLY"]
    )
    def test_refused(self, rule: str) -> None:
        """The problem says which parts are expected and where the empty one comes from."""
        assert (
            "expected NAME=VALUE parts separated by single ';', got an empty part "
            "(a ';' at the end, or two in a row)"
        ) == review_rule_problem(rule, START)

    def test_agreement(self) -> None:
        """An agreement names it at its review_rule."""
        plan = Agreement(
            id="a",
            title="A",
            start=START,
            end=END,
            currency="EUR",
            parties=(
                Party(id="v", name="V", role=Role.VENDOR),
                Party(id="p", name="P", role=Role.PARTNER),
            ),
        )
        with pytest.raises(InvalidAgreementError) as caught:
            plan.amend(review_rule="FREQ=MONTHLY;")

        assert ["review_rule"] == [path for path, _ in caught.value.problems]


class TestFrequencyLimits:
    """RFC 5545 forbids BYWEEKNO but with YEARLY, BYYEARDAY with DAILY to MONTHLY, BYMONTHDAY with WEEKLY."""

    WEEKNO = "BYWEEKNO only with FREQ=YEARLY (a week number counts within a year)"
    YEARDAY = "BYYEARDAY only with FREQ=YEARLY (a day of the year counts within a year)"
    MONTHDAY = (
        "BYMONTHDAY not with FREQ=WEEKLY (for days of the month, use FREQ=MONTHLY)"
    )

    @pytest.mark.parametrize(
        ("rule", "limit", "freq"),
        [
            ("FREQ=WEEKLY;BYWEEKNO=1", WEEKNO, "WEEKLY"),
            ("FREQ=MONTHLY;BYWEEKNO=10", WEEKNO, "MONTHLY"),
            ("FREQ=DAILY;BYWEEKNO=20", WEEKNO, "DAILY"),
            ("FREQ=MONTHLY;BYYEARDAY=100", YEARDAY, "MONTHLY"),
            ("FREQ=WEEKLY;BYYEARDAY=1", YEARDAY, "WEEKLY"),
            ("FREQ=DAILY;BYYEARDAY=1", YEARDAY, "DAILY"),
            ("FREQ=WEEKLY;BYMONTHDAY=15", MONTHDAY, "WEEKLY"),
        ],
    )
    def test_refused(self, rule: str, limit: str, freq: str) -> None:
        """Each is refused, naming the part, the frequencies it goes with and the rule's."""
        assert (
            f"expected {limit}, as RFC 5545 says, got FREQ={freq}"
            == review_rule_problem(rule, START)
        )

    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO",
            "FREQ=YEARLY;BYYEARDAY=100",
            "FREQ=MONTHLY;BYMONTHDAY=15",
            "FREQ=DAILY;BYMONTHDAY=1,15",
            "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15",
        ],
    )
    def test_accepted(self, rule: str) -> None:
        """With the frequencies RFC 5545 allows, the parts are accepted."""
        assert review_rule_problem(rule, START) is None

    def test_agreement(self) -> None:
        """An agreement lists the problem at its review_rule."""
        plan = Agreement(
            id="a",
            title="A",
            start=START,
            end=END,
            currency="EUR",
            parties=(
                Party(id="v", name="V", role=Role.VENDOR),
                Party(id="p", name="P", role=Role.PARTNER),
            ),
        )
        with pytest.raises(InvalidAgreementError) as caught:
            plan.amend(review_rule="FREQ=WEEKLY;BYMONTHDAY=15")

        assert [
            (
                "review_rule",
                f"expected {self.MONTHDAY}, as RFC 5545 says, got FREQ=WEEKLY",
            )
        ] == list(caught.value.problems)
