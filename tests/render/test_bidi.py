"""Right-to-left user text keeps its own direction in a left-to-right document.

A Hebrew or Arabic name, title or line is isolated: HTML wraps it in
``<bdi>``, Markdown and plain text between FSI (U+2068) and PDI (U+2069).
Without it, "3 כוכבים בע״מ" inside an English sentence shows its digit on
the wrong side, and a list's commas wander between the names. A user's
own isolates are kept where they pair up on their line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.model import Agreement, Clause
from mutualcommit.render import FORMATS, render
from mutualcommit.render._html import write_html
from mutualcommit.render._text import wrap
from mutualcommit.render._tree import (
    Document,
    Paragraph,
    Prose,
    Span,
    clean_line,
    isolated,
)

Small = Callable[..., Agreement]

FSI, PDI, LRI, RLI = "\u2068", "\u2069", "\u2066", "\u2067"
#: "3 Stars Ltd": a Hebrew name that starts with a digit.
HEBREW = "3 כוכבים בע״מ"
#: "Joint marketing" in Arabic.
ARABIC = "التسويق المشترك"


def _hebrew_partner(small: Small, name: str = HEBREW) -> Agreement:
    """The small agreement, its partner named *name* and not signed."""
    agreement = small()
    partner = attrs.evolve(agreement.parties[1], name=name)
    return attrs.evolve(agreement, parties=(agreement.parties[0], partner))


class TestHtml:
    """HTML wraps right-to-left user text in ``<bdi>``, in cells, headings and sentences."""

    def test_a_cell(self, small: Small) -> None:
        """The parties table's row header holds the name in its own direction."""
        page = render(_hebrew_partner(small), format="html", locale="he")

        assert f'<th scope="row"><strong><bdi>{HEBREW}</bdi></strong></th>' in page

    def test_a_heading(self, small: Small) -> None:
        """The signing lines' heading isolates the name, not "(partner)"."""
        page = render(_hebrew_partner(small), format="html", locale="he")

        assert f"<h3>For <bdi>{HEBREW}</bdi> (partner)</h3>" in page

    def test_a_list(self, small: Small) -> None:
        """A list of names isolates each: the commas stay between them."""
        agreement = _hebrew_partner(small)
        titled = [
            attrs.evolve(item, title=title)
            for item, title in zip(
                agreement.contributions, [ARABIC, "Training"], strict=True
            )
        ]
        agreement = attrs.evolve(agreement, contributions=tuple(titled))
        page = render(agreement, format="html")

        assert (
            f"<dd><bdi>{ARABIC}</bdi> (<bdi>{HEBREW}</bdi>) and Training "
            "(Acme Software)</dd>"
        ) in page

    def test_the_title(self, small: Small) -> None:
        """The heading and the page's title: ``<bdi>`` and, in ``<title>``, FSI/PDI."""
        page = render(small(title=ARABIC), format="html")

        assert f"<h1><bdi>{ARABIC}</bdi></h1>" in page
        assert f"<title>{FSI}{ARABIC}{PDI}</title>" in page

    def test_prose(self, small: Small) -> None:
        """Each line of a clause with right-to-left text keeps its direction."""
        clause = Clause(id="x", title="Terms", text=f"{HEBREW}.\nNet 30.")
        page = render(small(clauses=(clause,)), format="html")

        assert f"<p><bdi>{HEBREW}.</bdi><br>Net 30.</p>" in page

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_nothing_in_a_left_to_right_document(
        self, it_agreement: Agreement, fmt: str
    ) -> None:
        """Left-to-right text gets no isolate: the documents read as before."""
        document = render(it_agreement, format=fmt, locale="de_DE")  # type: ignore[arg-type]

        assert (False, False) == (
            "<bdi" in document,
            bool(re.search("[\u2066-\u2069]", document)),
        )


class TestMarkdownAndText:
    """Markdown and plain text isolate with FSI and PDI, which take no column."""

    def test_markdown(self, small: Small) -> None:
        """The name in the table and in the heading, each between FSI and PDI."""
        markdown = render(_hebrew_partner(small), locale="he")

        assert f"| **{FSI}{HEBREW}{PDI}** | partner | `globex` |" in markdown
        assert f"### For {FSI}{HEBREW}{PDI} (partner)" in markdown

    def test_text_lines_up(self, small: Small) -> None:
        """A text table's columns line up: FSI and PDI are zero wide."""
        text = render(_hebrew_partner(small), format="text")
        lines = text.splitlines()
        header = next(line for line in lines if line.startswith("Party"))
        row = next(line for line in lines if HEBREW in line)

        assert header.index("Role") == row.replace(FSI, "").replace(PDI, "").index(
            "partner"
        )
        assert row.startswith(f"{FSI}{HEBREW}{PDI}")

    @pytest.mark.parametrize("width", range(6, 30))
    def test_no_line_ends_opening_an_isolate(self, width: int) -> None:
        """A line never ends with FSI, nor starts with PDI, at any width."""
        sentence = f"For {FSI}{HEBREW}{PDI} (partner), 注{FSI}{ARABIC}{PDI}。"

        lines = wrap(sentence, width)

        assert [] == [line for line in lines if line.endswith(FSI)]
        assert [] == [line for line in lines if line.lstrip().startswith(PDI)]


class TestTheUsersIsolates:
    """A user's own isolates are kept where they pair up, on their line."""

    @pytest.mark.parametrize(
        ("name", "html"),
        [
            (f"{RLI}Acme{PDI} Ltd", '<bdi dir="rtl">Acme</bdi> Ltd'),
            (f"{LRI}ACME{PDI}", '<bdi dir="ltr">ACME</bdi>'),
            (f"{FSI}{HEBREW}{PDI}", f"<bdi>{HEBREW}</bdi>"),
            (f"{FSI}{FSI}x{PDI}{PDI}", "<bdi><bdi>x</bdi></bdi>"),
        ],
    )
    def test_paired(self, small: Small, name: str, html: str) -> None:
        """Isolates that pair up are written as ``<bdi>``, and kept in Markdown."""
        agreement = _hebrew_partner(small, name)

        assert f"<strong>{html}</strong>" in render(agreement, format="html")
        assert f"**{name}**" in render(agreement)

    @pytest.mark.parametrize(
        ("name", "shown"),
        [
            (f"{FSI}Acme", "\ufffdAcme"),
            (f"Acme{PDI}", "Acme\ufffd"),
            (f"{PDI}Acme{FSI}", "\ufffdAcme\ufffd"),
            (f"{FSI}a{PDI}{PDI}", "<bdi>a</bdi>\ufffd"),
        ],
    )
    def test_unpaired(self, small: Small, name: str, shown: str) -> None:
        """An isolate that does not close, or closes nothing, shows as U+FFFD."""
        page = render(_hebrew_partner(small, name), format="html")

        assert f"<strong>{shown}</strong>" in page

    def test_closes_on_its_line(self, small: Small) -> None:
        """In a clause, an isolate opened on one line and closed on the next is refused."""
        clause = Clause(id="x", title="Terms", text=f"{FSI}one\ntwo{PDI}")
        markdown = render(small(clauses=(clause,)))

        assert "\ufffdone \\\ntwo\ufffd" in markdown

    def test_too_deep(self) -> None:
        """Past the bidirectional algorithm's 125 levels, an isolate shows as U+FFFD."""
        text = FSI * 130 + "x" + PDI * 130

        kept = Span(text).text

        assert (125, 5, 5) == (
            kept.count(FSI),
            kept[:130].count("\ufffd"),
            kept[-130:].count("\ufffd"),
        )

    def test_the_command_line_shows_none(self) -> None:
        """The command line's own output (a terminal) keeps no bidirectional control."""
        assert "\ufffdx\ufffd" == clean_line(f"{FSI}x{PDI}")


class TestWords:
    """Isolated names keep the sentence's own rules."""

    def test_french_elision(self, it_agreement: Agreement) -> None:
        """French elides "de" before an isolated name that starts with a vowel."""
        acme = attrs.evolve(it_agreement.parties[0], name="Acme ישראל")
        agreement = attrs.evolve(
            it_agreement, parties=(acme, *it_agreement.parties[1:])
        )

        assert f"en présence d\u2019{FSI}Acme ישראל{PDI} et Globex" in render(
            agreement, locale="fr"
        )

    def test_a_selection(self, it_agreement: Agreement) -> None:
        """A selection's key and value are each the user's, each isolated."""
        goal = next(g for g in it_agreement.goals if g.target and g.target.where)
        assert goal.target is not None
        target = attrs.evolve(goal.target, where={"אזור": "צפון"})
        goals = tuple(
            attrs.evolve(g, target=target) if g is goal else g
            for g in it_agreement.goals
        )
        page = render(attrs.evolve(it_agreement, goals=goals), format="html")

        assert (
            "counting only observations with <bdi>אזור</bdi> = <bdi>צפון</bdi>" in page
        )


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.lowest = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        if tag == "bdi":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "bdi":
            self.depth -= 1
            self.lowest = min(self.lowest, self.depth)


_TEXT = st.text(
    alphabet=st.sampled_from(
        [FSI, PDI, LRI, RLI, "\u202e", "a", "1", " ", "<", "א", "ب"]
    ),
    max_size=30,
)


class TestLaws:
    """Whatever the text, isolates pair up and HTML's ``<bdi>`` elements nest."""

    @given(text=_TEXT)
    def test_a_span_pairs_its_isolates(self, text: str) -> None:
        """A span's isolates pair up, none deeper than 125, and no override is left."""
        shown = Span(text).text
        depth = 0
        for char in shown:
            depth += (char in (FSI, LRI, RLI)) - (char == PDI)
            assert 0 <= depth <= 125
        assert (0, False) == (depth, "\u202e" in shown)

    @given(text=_TEXT)
    def test_isolated_is_idempotent(self, text: str) -> None:
        """Isolating isolated text changes nothing; right-to-left text is isolated."""
        once = isolated(Span(text).text)

        assert once == isolated(once)
        assert once == Span(text).text

    @given(title=_TEXT, line=_TEXT, words=_TEXT)
    def test_html_nests(self, title: str, line: str, words: str) -> None:
        """Every ``<bdi>`` of the page is closed, in order."""
        document = Document(
            title=title or "t",
            lang="en",
            blocks=[Paragraph(words), Prose(line), Paragraph([Span(words, "code")])],
        )
        checker = _Balance()
        checker.feed(write_html(document))

        assert (0, 0) == (checker.depth, checker.lowest)
