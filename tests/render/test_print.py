"""Printed, every table of an HTML page keeps every column on the paper.

On screen a wide table scrolls in its own box; paper does not scroll, and a
browser cuts what a box hides at the page's edge. The print rules let the
box show its table whole, set tables in smaller type, let header words
break, and turn a document with a wide table's pages sideways. Without a
browser here, the widths are estimated from the cells' text as the print
rules lay them out (`TestFits`); tests/render/test_browser.py measures them
where a Chromium runs.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mutualcommit import (
    evaluate,
    fund_ledger,
    load_fund_events,
    load_observations,
    loads,
)
from mutualcommit.render import Renderable, render
from mutualcommit.render._html import CSS, PAGE_CSS

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"
AS_OF = dt.date(2026, 9, 15)
#: Millimetres per typographic point.
MM_PER_PT = 25.4 / 72
#: A4's width less the side margins of its page rules, upright and sideways.
PRINTABLE_MM = {"portrait": 210 - 2 * 16, "landscape": 297 - 2 * 18}


def _rules(css: str) -> dict[str, dict[str, str]]:
    """Read *css* (no nesting) into its selectors' declarations."""
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = {
            name.strip(): value.strip()
            for name, _, value in (
                part.partition(":") for part in body.split(";") if part.strip()
            )
        }
        for selector in selectors.split(","):
            rules.setdefault(" ".join(selector.split()), {}).update(declarations)
    return rules


def _print_css() -> str:
    start = CSS.index("@media print {") + len("@media print {")
    return CSS[start : CSS.rindex("}")]


SCREEN = _rules(CSS[: CSS.index("@media print")])
PRINT = _rules(_print_css())
PAGES = _rules(PAGE_CSS)


def _pt(value: str) -> float:
    assert value.endswith("pt"), value
    return float(value[:-2])


class TestPrintRules:
    """The style holds the rules that keep a table whole on paper."""

    def test_the_box_does_not_scroll_on_paper(self) -> None:
        """On screen the box scrolls; printed, it shows its table whole."""
        assert ("auto", "visible") == (
            SCREEN[".mutualcommit .table"]["overflow-x"],
            PRINT[".mutualcommit .table"]["overflow"],
        )

    def test_smaller_type_in_tables(self) -> None:
        """A printed table's type is smaller than on screen, its cells tighter."""
        screen = _pt(SCREEN[".mutualcommit table"]["font-size"])
        printed = _pt(PRINT[".mutualcommit table"]["font-size"])

        assert (9.5, 8.0) == (screen, printed)
        assert ".25em .35em" == PRINT[".mutualcommit td"]["padding"]

    def test_headers_break_on_paper(self) -> None:
        """A printed header's long word hyphenates, and breaks where it must."""
        assert ("manual", "auto", "anywhere") == (
            SCREEN[".mutualcommit thead th"]["hyphens"],
            PRINT[".mutualcommit thead th"]["hyphens"],
            PRINT[".mutualcommit thead th"]["overflow-wrap"],
        )

    def test_wide_documents_turn_sideways(self) -> None:
        """A document with a wide table prints on A4 turned sideways."""
        assert ("A4", "A4 landscape", "wide") == (
            PAGES["@page"]["size"],
            PAGES["@page wide"]["size"],
            PRINT[".mutualcommit.wide"]["page"],
        )


def _documents() -> dict[str, Renderable]:
    agreement = loads((EXAMPLE / "agreement.json").read_text("utf-8"))
    log = load_fund_events((EXAMPLE / "fund_events.jsonl").read_text("utf-8"))
    observations = load_observations(
        (EXAMPLE / "observations.jsonl").read_text("utf-8")
    )
    return {
        "agreement": agreement,
        "scorecard": evaluate(agreement, observations, as_of=AS_OF),
        "scorecard with funds": evaluate(
            agreement, observations, as_of=AS_OF, fund_events=log
        ),
        "fund ledger": fund_ledger(
            agreement, log, as_of=AS_OF, observations=observations
        ),
    }


DOCUMENTS = _documents()


class TestWide:
    """Only a document with a table of nine columns or more turns sideways."""

    @pytest.mark.parametrize(
        ("what", "wide"),
        [
            ("agreement", False),
            ("scorecard", False),
            ("scorecard with funds", True),
            ("fund ledger", True),
        ],
    )
    def test_article_class(self, what: str, wide: bool) -> None:
        """The article is of class ``wide`` exactly when it holds a wide table."""
        page = render(DOCUMENTS[what], format="html")
        (article,) = re.findall(r'<article class="([^"]*)"', page)

        assert wide == ("wide" in article.split())


class _Cells(HTMLParser):
    """Collect each table's cells: (in the header, class, holds code, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[bool, str, bool, str]]]] = []
        self._cell: list[str | bool] | None = None
        self._head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "thead":
            self._head = True
        elif tag == "tbody":
            self._head = False
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in {"td", "th"} and self.tables:
            self._cell = [self._head, dict(attrs).get("class") or "", False, ""]
        elif tag == "code" and self._cell is not None:
            self._cell[2] = True

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._cell is not None:
            head, cls, code, text = self._cell
            self.tables[-1][-1].append((bool(head), str(cls), bool(code), str(text)))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell[3] = str(self._cell[3]) + data


def _em(text: str) -> float:
    """The width of *text* in em: a wide character 1, any other a generous .6."""
    return sum(
        1.0 if unicodedata.east_asian_width(char) in "WF" else 0.6 for char in text
    )


def _least_em(head: bool, cls: str, code: bool, text: str) -> float:
    """How narrow a printed cell can be, in em of the table's type.

    A number does not wrap (`.num`); an id breaks anywhere (`code`), and so
    does a printed header; other text breaks between words only.
    """
    if head or code:
        return 0.0
    if cls == "num":
        return _em(text)
    return max((_em(word) for word in text.split(" ")), default=0.0)


def _least_mm(table: list[list[tuple[bool, str, bool, str]]]) -> float:
    """The narrowest *table* prints in, in mm: each column at its narrowest cell."""
    font = _pt(PRINT[".mutualcommit table"]["font-size"])
    key = float(SCREEN[".mutualcommit .key"]["min-width"].removesuffix("em"))
    columns = zip(*table, strict=True)
    widths = [
        max(
            key if cells[0][1] == "key" else 0.0,
            *(_least_em(*cell) for cell in cells),
        )
        + 2 * 0.35  # the printed cell's padding on either side
        for cells in columns
    ]
    return sum(widths) * font * MM_PER_PT


class TestFits:
    """Estimated as printed, each table of the example fits its page's width."""

    @pytest.mark.parametrize("locale", ["en", "de_DE", "de_CH", "fr", "es", "ja"])
    @pytest.mark.parametrize("what", list(DOCUMENTS))
    def test_every_table(self, what: str, locale: str) -> None:
        """No table is wider, at its narrowest, than the paper it prints on."""
        page = render(DOCUMENTS[what], locale=locale, format="html")
        sideways = 'class="mutualcommit wide"' in page
        paper = PRINTABLE_MM["landscape" if sideways else "portrait"]
        parser = _Cells()
        parser.feed(page)

        widths = [round(_least_mm(table)) for table in parser.tables]

        assert widths
        assert [] == [width for width in widths if width > paper], widths

    def test_the_ledger_needs_the_turn(self) -> None:
        """Upright, the German ledger's windows would not fit: it is why pages turn."""
        page = render(DOCUMENTS["fund ledger"], locale="de_DE", format="html")
        parser = _Cells()
        parser.feed(page)

        assert (
            max(_least_mm(table) for table in parser.tables)
            > (PRINTABLE_MM["portrait"])
        )
