"""Plain text wraps between words, keeps amounts whole and breaks Japanese lines where allowed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit import (
    Aggregation,
    Agreement,
    Clause,
    ExceptionCriterion,
    Metric,
    Observation,
    Party,
    Period,
    Role,
    check,
    evaluate,
    exceptions,
    load_fund_events,
    load_observations,
    loads,
)
from mutualcommit.cli._exceptions import text as exceptions_text
from mutualcommit.cli._table import table
from mutualcommit.kpi import ExceptionReport, Scorecard
from mutualcommit.render import Renderable, render
from mutualcommit.render._text import WIDTH, WORD_MAX, display_width, wrap, write_text
from mutualcommit.render._tree import Column, Document, Fields, Table

EXAMPLE = Path(__file__).parents[2] / "examples" / "it_vendor"

Small = Callable[..., Agreement]


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

    def test_a_wide_unit_in_the_exceptions(self) -> None:
        """Japanese 12.75 日 is whole: its no-break space holds a number to a wide unit too."""
        manufacturer = EXAMPLE.parent / "manufacturer"
        report = exceptions(
            loads((manufacturer / "agreement.json").read_text("utf-8")),
            load_observations((manufacturer / "observations.jsonl").read_text("utf-8")),
            as_of=dt.date(2026, 9, 15),
        )
        text = render(report, locale="ja", format="text")
        (line,) = [line for line in text.splitlines() if "FY2026-M02" in line]

        # The limit, "over 12 days", keeps its 超 too: one run of ideographs.
        assert (True, True) == ("12.75\xa0日" in line, "12\xa0日超" in line)

    def test_the_term_label_in_a_ledger(self, it_agreement: Agreement) -> None:
        """The fund ledger's window column keeps Japanese 契約期間 whole, as it keeps FY2027-M10."""
        card = evaluate(
            it_agreement,
            load_observations((EXAMPLE / "observations.jsonl").read_text("utf-8")),
            as_of=dt.date(2026, 9, 15),
            fund_events=load_fund_events(
                (EXAMPLE / "fund_events.jsonl").read_text("utf-8")
            ),
        )
        lines = render(card, locale="ja", format="text").splitlines()
        term = [line.split()[0] for line in lines if line.startswith("契約期")]

        assert term
        assert {"契約期間"} == set(term)

    @given(
        st.lists(
            st.tuples(
                st.integers(0, 10**6),
                st.sampled_from(["日", "時間", "人", "days", "VZÄ", "%", "€"]),
            ),
            min_size=1,
            max_size=12,
        ),
        st.sampled_from([" ", "、", "あ", " と "]),
        st.integers(0, 30),
    )
    def test_no_break_spaces_join_any_script(
        self, amounts: list[tuple[int, str]], between: str, slack: int
    ) -> None:
        """Wrapped to any width the widest amount fits, each amount is whole on its line."""
        words = [f"{number}\xa0{unit}" for number, unit in amounts]
        width = max(map(display_width, words)) + slack

        lines = wrap(between.join(words), width)

        assert all(display_width(line) <= width for line in lines)
        assert [] == [word for word in words if not any(word in line for line in lines)]


class TestKeyColumns:
    """A key column's cell breaks only between words, in any script."""

    @pytest.mark.parametrize("width", range(1, 13))
    def test_words_whole(self, width: int) -> None:
        """A cell of two words breaks at its space; a word breaks only when wider than the line."""
        lines = wrap("契約期間 合計", width, words=True)

        if width >= len("契約期間") * 2:
            assert lines in (["契約期間", "合計"], ["契約期間 合計"])
        else:
            assert "契約期間合計" == "".join(lines).replace(" ", "")
            assert all(display_width(line) <= max(width, 2) for line in lines)

    def test_a_table(self) -> None:
        """A narrow table squeezes its other columns before a key column's label."""
        table = Table(
            [Column("期間", key=True), Column("説明")],
            [("契約期間", "あ" * 60)],
        )
        document = Document(title="T", lang="ja", blocks=[table])

        lines = write_text(document).splitlines()[3:]

        assert [] == [line for line in lines[2:] if line[:1] not in {"契", " "}]
        assert lines[2].startswith("契約期間  あ")


#: What no Japanese line starts with (JIS X 4051, and CSS's line-break:
#: strict): closing brackets and punctuation, hyphens and the wave dash,
#: iteration marks, the prolonged sound mark and the small kana; opening
#: brackets none ends with.
_NO_START = (
    "、。，．・：；？！」』）］｝〉》】〕〗〙〟"
    "‐–〜～゠‼⁇⁈⁉々〻ゝゞヽヾーｰ"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇷㇻㇿ％”’"
)
_NO_END = "「『（［｛〈《【〔〖〘〝“‘"


class TestJapaneseLineBreaks:
    """A Japanese text document breaks its lines where Japanese allows."""

    @pytest.mark.parametrize("what", ["agreement", "scorecard", "report"])
    def test_no_forbidden_line_ends(
        self, it_agreement: Agreement, it_scorecard: Scorecard, what: str
    ) -> None:
        """No line starts with 」 or 、, none ends with an opening bracket: the IT example."""
        subjects: dict[str, Renderable] = {
            "agreement": it_agreement,
            "scorecard": it_scorecard,
            "report": check(
                it_agreement,
                as_of=dt.date(2027, 1, 31),
                fund_events=load_fund_events(
                    (EXAMPLE / "fund_events.jsonl").read_text("utf-8")
                ),
            ),
        }
        text = render(subjects[what], locale="ja", format="text")
        lines = [line.strip() for line in text.splitlines() if line.strip()]

        assert [] == [line for line in lines if line[0] in _NO_START]
        assert [] == [line for line in lines if line[-1] in _NO_END]

    @pytest.mark.parametrize("char", _NO_START)
    def test_no_line_starts_with(self, char: str) -> None:
        """A line that would start with the character takes the one before it along."""
        text = "あ" * 39 + char + "ム"

        lines = wrap(text, WIDTH)

        assert ["あ" * 38, "あ" + char + "ム"] == lines

    def test_a_clause(self, small: Small) -> None:
        """A clause's パートナー is not broken before its ー, nor ショップ before ョ."""
        prose = "あ" * 37 + "（パートナー経由）" + "い" * 29 + "ショップ"
        agreement = small(clauses=(Clause(id="x", title="条件", text=prose),))
        text = render(agreement, locale="ja", format="text")
        lines = text.splitlines()
        start = lines.index("条件") + 3

        assert ["あ" * 37, "（パートナー経由）" + "い" * 29, "ショップ"] == (
            lines[start : start + 3]
        )

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


class TestFrenchLineBreaks:
    """A French text document never breaks a line inside « » or before ; : ! ? %."""

    @pytest.mark.parametrize("what", ["agreement", "scorecard", "report", "exceptions"])
    def test_no_line_starts_with_closing_punctuation(
        self, it_agreement: Agreement, it_scorecard: Scorecard, what: str
    ) -> None:
        """No line starts with » ; : ! ? or %, none ends with «: both examples.

        The manufacturer's agreement (its forecast measures read "… par
        rapport à … ; décalage : …") without its clauses and reviews, whose
        English prose is the parties' own.
        """
        manufacturer = EXAMPLE.parent / "manufacturer"
        subjects: dict[str, Renderable] = {
            "agreement": attrs.evolve(
                loads((manufacturer / "agreement.json").read_text("utf-8")),
                clauses=(),
                reviews=(),
            ),
            "scorecard": it_scorecard,
            "report": check(
                it_agreement,
                as_of=dt.date(2027, 1, 31),
                fund_events=load_fund_events(
                    (EXAMPLE / "fund_events.jsonl").read_text("utf-8")
                ),
            ),
            "exceptions": exceptions(
                loads((manufacturer / "agreement.json").read_text("utf-8")),
                load_observations(
                    (manufacturer / "observations.jsonl").read_text("utf-8")
                ),
                as_of=dt.date(2026, 9, 15),
            ),
        }
        text = render(subjects[what], locale="fr", format="text")
        lines = [line.strip() for line in text.splitlines() if line.strip()]

        assert [] == [line for line in lines if line[0] in "»;:!?%"]
        assert [] == [line for line in lines if line[-1] == "«"]


class TestLongWords:
    """A word wider than WORD_MAX breaks across lines: no row is padded to it."""

    def _report(self, item: str) -> ExceptionReport:
        """A monthly criterion over a year: 12 windows for *item*, 12 per short item."""
        criterion = ExceptionCriterion(
            id="e",
            title="E",
            measure="m",
            owner="v",
            resolve_within_days=1,
            lower=Decimal(1),
            per=Period.MONTH,
            split="item",
        )
        agreement = Agreement(
            id="a",
            title="T",
            currency="EUR",
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 12, 31),
            parties=(Party(id="v", name="V", role=Role.VENDOR),),
            metrics=(
                Metric(id="m", name="M", unit="count", aggregation=Aggregation.SUM),
            ),
            exception_criteria=(criterion,),
        )
        log = [
            Observation("m", dt.date(2026, 1, 1), Decimal(5), dims={"item": name})
            for name in (item, *(f"sku-{i}" for i in range(20)))
        ]
        return exceptions(agreement, log, as_of=dt.date(2026, 12, 31))

    def test_a_long_item_does_not_widen_the_table(self) -> None:
        """A 5,000-character item: the text stays near its Markdown's size."""
        item = "ab" * 2500
        report = self._report(item)

        text = render(report, format="text")
        markdown = render(report, format="markdown")

        # 21 items x 11 windows (January's sum is 5): before, each of the 231
        # rows was padded to 5,000 columns (over 1 MB of text).
        assert len(report.exceptions) == 21 * 11
        assert max(len(line) for line in text.splitlines()) <= 2 * WIDTH
        assert len(text) < 2 * len(markdown)
        # Nothing is lost: the item's pieces, the first cells of a row's
        # lines, join to the item, in every row.
        first_cells = "".join(line.split("  ")[0] for line in text.splitlines())
        assert first_cells.count(item) == 11

    def test_words_up_to_the_bound_stay_whole(self) -> None:
        """An item of WORD_MAX characters stays on one line of its column."""
        item = "x" * WORD_MAX
        text = render(self._report(item), format="text")

        assert 11 == sum(1 for line in text.splitlines() if item in line)

    def test_the_command_line_table(self) -> None:
        """``mutualcommit exceptions`` writes a long key whole, unpadded after it."""
        item = "ab" * 2500
        lines = exceptions_text(self._report(item), "sha256:0").splitlines()

        assert 11 == sum(1 for line in lines if item in line)
        assert all(len(line) < 200 for line in lines if item not in line)


class TestEmoji:
    """An emoji sequence takes the columns a terminal draws it in."""

    @pytest.mark.parametrize(
        ("text", "width"),
        [
            ("\u2764\ufe0f", 2),  # a heart with VS16: an emoji
            ("\u2764", 1),  # the text heart
            ("\U0001f469\u200d\U0001f469\u200d\U0001f467", 2),  # a family, by ZWJ
            ("\U0001f468\U0001f3fd\u200d\U0001f4bb", 2),  # a coder with a skin tone
            ("\U0001f44d\U0001f3fd", 2),  # a thumb with a skin tone
            ("\U0001f1ef\U0001f1f5", 2),  # a flag: two regional indicators
            ("\U0001f3f3\ufe0f\u200d\U0001f308", 2),  # the rainbow flag
            ("1\ufe0f\u20e3", 2),  # a keycap
            ("Acme \u2764\ufe0f", 7),
            ("日本語", 6),
            ("e\u0301", 1),
        ],
    )
    def test_display_width(self, text: str, width: int) -> None:
        """VS16 widens, ZWJ joins, a skin tone adds nothing, a flag is one glyph."""
        assert width == display_width(text)

    def test_tables_line_up(self, small: Small) -> None:
        """The parties table of the text form lines up rows whose names hold emoji."""
        parties = (
            Party(id="acme", name="Acme \u2764\ufe0f", role=Role.VENDOR),
            Party(
                id="globex",
                name="Globex \U0001f469\u200d\U0001f469\u200d\U0001f467",
                role=Role.PARTNER,
            ),
        )
        text = render(small(parties=parties), format="text")
        lines = text.splitlines()
        start = lines.index("Parties")
        rows = lines[start + 3 : start + 7]
        # "Acme ❤️" takes 7 columns and the family 9, as a terminal draws them.
        assert [
            "Party      Role     Identifier",
            "---------  -------  ----------",
            "Acme \u2764\ufe0f    vendor   acme",
            "Globex \U0001f469\u200d\U0001f469\u200d\U0001f467  partner  globex",
        ] == rows

    def test_the_command_line_table(self) -> None:
        """The commands' tables pad an emoji cell to the same columns."""
        lines = table(["Name", "Id"], [["\u2764\ufe0f Tokyo", "t"], ["x", "y"]])
        assert ["Name      Id", "\u2764\ufe0f Tokyo  t", "x         y"] == lines

    def test_wrapping_keeps_sequences_whole(self) -> None:
        """A line breaks between emoji sequences, never inside one."""
        family = "\U0001f469\u200d\U0001f469\u200d\U0001f467"
        flag = "\U0001f1ef\U0001f1f5"
        for width in range(1, 9):
            lines = wrap(f"{family * 5}{flag * 3}\u2764\ufe0f" * 2, width)
            assert all(
                line[:1] not in {"\u200d", "\ufe0f", "\U0001f469", "\U0001f467"}
                or line.startswith(family)
                for line in lines
            ), width
            assert all(display_width(line) <= max(width, 2) for line in lines)
            assert "".join(lines) == f"{family * 5}{flag * 3}\u2764\ufe0f" * 2
            assert all(
                line.count("\U0001f1ef") == line.count("\U0001f1f5") for line in lines
            )


class TestFields:
    """A field's value stands one space after the widest label beside it."""

    def test_a_long_label_sets_no_width(self, it_agreement: Agreement) -> None:
        """The fingerprint's long label takes its own line; "Version:" keeps its value close."""
        lines = render(it_agreement, format="text").splitlines()
        start = lines.index("Fingerprint of these terms:")

        assert ["  sha256:", "Version: 1"] == [
            lines[start + 1][:9],
            lines[start + 2],
        ]

    def test_the_values_beside_the_long_label_line_up(
        self, it_scorecard: Scorecard
    ) -> None:
        """German "Verdient:" lines up with "Belohntes Ergebnis:", not the long provisional label."""
        lines = render(it_scorecard, locale="de", format="text").splitlines()
        start = lines.index("Vorläufig, mit dem offenen Zeitraum:")
        column = len("Belohntes Ergebnis: ")

        assert [
            "Verdient:".ljust(column) + "16.040,00\xa0€",
            "  16.040,00\xa0€",
            "Obergrenze:".ljust(column) + "höchstens",
        ] == [
            lines[start - 1],
            lines[start + 1],
            lines[start + 2][: column + len("höchstens")],
        ]

    def test_only_long_labels(self) -> None:
        """A block of labels all too long for the column puts every value below its label."""
        label = "A label much longer than the label column allows"
        document = Document(
            title="T", lang="en", blocks=[Fields([(label, "one"), (label, "two")])]
        )

        assert [f"{label}:", "  one", f"{label}:", "  two"] == (
            write_text(document).splitlines()[3:]
        )
