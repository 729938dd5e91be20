"""The length bound of a review rule, at the limit."""

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
