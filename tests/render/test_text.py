"""Plain text wraps between words, keeps amounts whole and breaks Japanese lines where allowed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mutualcommit import Agreement, check, load_fund_events
from mutualcommit.kpi import Scorecard
from mutualcommit.render import render
from mutualcommit.render._text import wrap

EXAMPLE = Path(__file__).parents[2] / "examples" / "it_vendor"


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


#: Closing brackets and punctuation no Japanese line starts with; opening
#: brackets none ends with (JIS X 4051).
_NO_START = "、。，．・：；？！」』）］｝〉》】〕〗〙〟"
_NO_END = "「『（［｛〈《【〔〖〘〝"


class TestJapaneseLineBreaks:
    """A Japanese text document breaks its lines where Japanese allows."""

    @pytest.mark.parametrize("what", ["agreement", "scorecard", "report"])
    def test_no_forbidden_line_ends(
        self, it_agreement: Agreement, it_scorecard: Scorecard, what: str
    ) -> None:
        """No line starts with 」 or 、, none ends with an opening bracket: the IT example."""
        subject = {
            "agreement": it_agreement,
            "scorecard": it_scorecard,
            "report": check(
                it_agreement,
                as_of=dt.date(2027, 1, 31),
                fund_events=load_fund_events(
                    (EXAMPLE / "fund_events.jsonl").read_text("utf-8")
                ),
            ),
        }[what]
        text = render(subject, locale="ja", format="text")
        lines = [line.strip() for line in text.splitlines() if line.strip()]

        assert [] == [line for line in lines if line[0] in _NO_START]
        assert [] == [line for line in lines if line[-1] in _NO_END]

    @pytest.mark.parametrize("width", range(8, 20))
    def test_a_sentence_at_every_width(self, width: int) -> None:
        """Brackets stay with the word inside them at any width; the text is all there."""
        sentence = (
            "費用は「Trade show booth at it-sa」に対する請求で、期限の（四半期）です。"
        )

        lines = wrap(sentence, width)

        assert [] == [line for line in lines if line[0] in _NO_START]
        assert [] == [line for line in lines if line[-1] in _NO_END]
        assert sentence.replace(" ", "") == "".join(lines).replace(" ", "")
