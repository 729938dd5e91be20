import re
import unicodedata
from collections.abc import Callable
from html.parser import HTMLParser

import attrs
import pytest
from markdown_it import MarkdownIt

from mutualcommit.model import Agreement, Clause
from mutualcommit.render import FORMATS, render
from mutualcommit.render._agreement import agreement_document
from mutualcommit.render._context import context
from mutualcommit.render._markdown import write_markdown
from mutualcommit.render._tree import Block, BulletList, Document, Fields, Paragraph

Small = Callable[..., Agreement]

#: Elements HTML writes without a closing tag.
VOID = frozenset({"br", "meta", "link", "img", "hr", "col", "input", "wbr"})
SCRIPT = "<script>alert(1)</script>"
#: A terminal escape, a NUL, a bell, a right-to-left override, a C1 control.
CONTROLS = "red\x1b[31mALERT\x00\x07\u202egnp.exe\x9b end"


class _Checker(HTMLParser):
    """Track open elements; collect what is not well formed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()


def _check_html(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    return checker


def _controls(text: str) -> list[str]:
    """Return the control characters in *text*, other than newlines."""
    return [
        char
        for char in text
        if char != "\n"
        and (
            unicodedata.category(char) in {"Cc", "Cs"}
            or "\u202a" <= char <= "\u202e"
            or "\u2066" <= char <= "\u2069"
        )
    ]


class TestHtml:
    """The HTML page is well formed, self-contained and escapes user text."""

    def test_well_formed(self, it_agreement: Agreement) -> None:
        """Every element of the IT example's page is closed, in order."""
        checker = _check_html(render(it_agreement, format="html"))
        assert ([], []) == (checker.problems, checker.stack)

    def test_self_contained(self, it_agreement: Agreement) -> None:
        """The page has its style inline and no script, link or image."""
        checker = _check_html(render(it_agreement, format="html"))
        assert set() == {"script", "link", "img", "iframe"} & set(checker.tags)

    def test_prints_on_a4(self, it_agreement: Agreement) -> None:
        """The style sets A4 pages and wraps long words anywhere."""
        page = render(it_agreement, format="html")
        assert (True, True) == (
            "@page { size: A4;" in page,
            "overflow-wrap: anywhere" in page,
        )

    def test_language(self, it_agreement: Agreement) -> None:
        """The page declares the locale's language."""
        page = render(it_agreement, format="html", locale="de-DE")
        assert ['<html lang="de-DE" dir="ltr">'] == re.findall(r"<html[^>]*>", page)

    def test_markup_is_escaped(self, small: Small) -> None:
        """A title with a script tag shows as text, never as markup."""
        agreement = small(
            title=SCRIPT,
            clauses=(Clause(id="x", title='"><img src=x>', text=SCRIPT),),
        )
        page = render(agreement, format="html")
        checker = _check_html(page)
        assert (False, [], 3) == (
            SCRIPT in page,
            [tag for tag in checker.tags if tag in {"script", "img"}],
            page.count("&lt;script&gt;alert(1)&lt;/script&gt;"),
        )


class TestMarkdown:
    """Markdown shows user text as written, with no markup of its own."""

    def test_markup_is_escaped(self, small: Small) -> None:
        """Emphasis, links, HTML and math in a title are escaped."""
        agreement = small(title="**Big** [deal](javascript:x) <b>$5 & $6</b> # 1")
        first = render(agreement).splitlines()[0]
        assert (
            r"# \*\*Big\*\* \[deal\](javascript:x) \<b\>\$5 \& \$6\</b\> \# 1" == first
        )

    @pytest.mark.parametrize("start", ["- item", "+ item", "1. item", "# head", "> q"])
    def test_block_starts_are_escaped(self, small: Small, start: str) -> None:
        """A clause line that would start a list, heading or quote stays text."""
        agreement = small(clauses=(Clause(id="x", title="T", text=start),))
        lines = render(agreement).splitlines()
        line = lines[lines.index("### T") + 2]
        assert (True, line) == (line[0] == "\\" or line[1] == "\\", line)


def _top_level_lists(markdown: str) -> int:
    """Count the bullet lists CommonMark reads at the top of *markdown*, raw HTML off."""
    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(markdown)
    assert [] == [t.type for t in tokens if t.type.startswith("html")]
    return sum(1 for t in tokens if t.type == "bullet_list_open" and t.level == 0)


class TestMarkdownLists:
    """Lists in a row stay apart without raw HTML, which safe renderers show as text."""

    @pytest.mark.parametrize("locale", ["en", "de_DE", "ja"])
    def test_the_example(self, it_agreement: Agreement, locale: str) -> None:
        """Each list of the agreement's tree is one list of the Markdown; no HTML."""
        document = agreement_document(it_agreement, context(locale), None)
        lists = sum(isinstance(b, BulletList | Fields) for b in document.blocks)
        markdown = render(it_agreement, locale=locale)

        assert (False, lists) == ("<!--" in markdown, _top_level_lists(markdown))

    def test_three_in_a_row(self) -> None:
        """Fields, a list and fields again: three lists, the bullet changing each time."""
        document = Document(
            title="T",
            lang="en",
            blocks=[
                Fields([("Term", "2026")]),
                BulletList([[Paragraph("one")], [Paragraph("two")]]),
                Fields([("Owner", "Acme")]),
                Paragraph("after"),
                Fields([("Owner", "Globex")]),
            ],
        )
        markdown = write_markdown(document)

        assert [
            "- **Term:** 2026",
            "",
            "* one",
            "* two",
            "",
            "- **Owner:** Acme",
            "",
            "after",
            "",
            "- **Owner:** Globex",
        ] == markdown.splitlines()[2:]
        assert 4 == _top_level_lists(markdown)

    def test_inside_an_item(self) -> None:
        """Two lists inside one item stay two lists there too."""
        item: list[Block] = [
            Paragraph("tier"),
            Fields([("Rate", "1%")]),
            BulletList([[Paragraph("x")]]),
        ]
        markdown = write_markdown(Document("T", "en", [BulletList([item])]))
        tokens = MarkdownIt("commonmark", {"html": False}).parse(markdown)

        assert 2 == sum(
            1 for t in tokens if t.type == "bullet_list_open" and t.level == 2
        )
        assert "<" not in markdown


class TestHostileText:
    """Control characters and very long text render safely in every format."""

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_controls_are_replaced(self, small: Small, fmt: str) -> None:
        """No control character of user text reaches the document."""
        agreement = small(
            title=CONTROLS,
            clauses=(Clause(id="x", title=CONTROLS, text=f"{CONTROLS}\n{CONTROLS}"),),
        )
        document = render(agreement, format=fmt)  # type: ignore[arg-type]
        assert ([], True) == (_controls(document), "\ufffd" in document)

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_long_text(self, small: Small, fmt: str) -> None:
        """A 10,000-character word renders whole and, as text, within 78 columns."""
        word = "x" * 10_000
        agreement = small(clauses=(Clause(id="x", title=word, text=word),))
        document = render(agreement, format=fmt)  # type: ignore[arg-type]
        if fmt == "text":
            lines = [line.strip() for line in document.splitlines()]
            widest = max(len(line) for line in lines)
            pieces = sum(len(line) for line in lines if line and set(line) == {"x"})
            assert (True, 20_000) == (widest <= 78, pieces)
        else:
            assert 2 <= document.count(word)

    def test_long_text_html_well_formed(self, small: Small) -> None:
        """A page with 10,000-character text is still well formed."""
        word = "<y>" * 3_000
        agreement = small(clauses=(Clause(id="x", title=word, text=word),))
        checker = _check_html(render(agreement, format="html"))
        assert ([], []) == (checker.problems, checker.stack)

    def test_text_is_wrapped_with_wide_characters(self, small: Small) -> None:
        """Japanese text wraps at 78 columns, a wide character taking two."""
        text = "協業販売の機会を毎四半期登録します。" * 40
        agreement = small(clauses=(Clause(id="x", title="支払条件", text=text),))
        document = render(agreement, format="text", locale="ja_JP")
        widths = [
            sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
            for line in document.splitlines()
        ]
        lines = document.splitlines()
        start = lines.index("支払条件") + 3
        end = lines.index("", start)
        assert (True, text) == (max(widths) <= 78, "".join(lines[start:end]))


class TestTrimmedNames:
    """A name is shown trimmed wherever it stands; the stored value keeps its spaces."""

    @pytest.mark.parametrize(
        ("locale", "supports", "supported_by"),
        [
            (
                "ja",
                "Joint pipeline、indented code",
                "Co-sell every quarter（Globex Solutions）、Enablement training（Acme Software）",
            ),
            (
                "en",
                "Joint pipeline and indented code",
                "Co-sell every quarter (Globex Solutions) and Enablement training (Acme Software)",
            ),
        ],
    )
    @pytest.mark.parametrize("fmt", ["markdown", "html"])
    def test_in_lists_and_sentences(
        self, small: Small, locale: str, supports: str, supported_by: str, fmt: str
    ) -> None:
        """Lists and parentheses hold no space a name was stored with."""
        padded = _padded(small)
        document = render(padded, locale=locale, format=fmt)  # type: ignore[arg-type]
        # Without markup, each run of white space one space: the names' own
        # spaces would show as a space after 、 or inside the parentheses.
        plain = " ".join(re.sub(r"<[^>]+>|\*\*|\\", " ", document).split())

        assert [True, True] == [supports in plain, supported_by in plain]
        assert "  Acme Software" == padded.parties[0].name

    def test_text_form(self, small: Small) -> None:
        """The text form trims them too."""
        document = render(_padded(small), format="text")

        assert "Supported by: Co-sell every quarter (Globex Solutions) and" in document
        assert "Globex Solutions (partner)" in document.splitlines()


def _padded(small: Small) -> Agreement:
    """Return the small agreement with names and titles padded with white space."""
    agreement = small()
    acme, globex = agreement.parties
    goal = attrs.evolve(agreement.goals[0], id="indented", title="    indented code")
    cosell, training = agreement.contributions
    return small(
        parties=(
            attrs.evolve(acme, name="  Acme Software"),
            attrs.evolve(globex, name="Globex Solutions \t"),
        ),
        goals=(*agreement.goals, goal),
        contributions=(
            attrs.evolve(
                cosell,
                title="    Co-sell every quarter",
                supports=("pipeline", "indented"),
            ),
            training,
        ),
    )
