"""A review rule's bounds and parts, at their limits."""

from __future__ import annotations

import datetime as dt

from mutualcommit.model import review_rule_problem

START = dt.date(2026, 1, 1)


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
