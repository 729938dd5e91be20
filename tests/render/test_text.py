"""Plain text wraps between words, keeps amounts whole and breaks Japanese lines where allowed."""

from __future__ import annotations

import pytest

from mutualcommit.kpi import Scorecard
from mutualcommit.render import render


class TestAmountsStayWhole:
    """An amount and its unit never wrap onto two lines of a text table."""

    @pytest.mark.parametrize(
        ("locale", "amount"),
        [("en", "3.5\xa0days"), ("de", "3,5\xa0Tage"), ("ja", "3.5\xa0日")],
    )
    def test_days_in_the_scorecard(
        self, it_scorecard: Scorecard, locale: str, amount: str
    ) -> None:
        """FY2027-M08's actual reads 3.5 days on its line, not 3.5 then days below."""
        text = render(it_scorecard, locale=locale, format="text")
        (line,) = [line for line in text.splitlines() if "FY2027-M08" in line]

        assert amount in line
