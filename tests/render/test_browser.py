"""The HTML documents in a real headless Chromium (optional: skips without one).

Runs where playwright is installed and a Chromium can be found: the one
named by the environment variable ``MUTUALCOMMIT_CHROMIUM``, a system
``chromium``/``chromium-browser``/``google-chrome``, or playwright's own.
"""

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from mutualcommit.kpi import Scorecard, fund_ledger
from mutualcommit.model import Agreement
from mutualcommit.portfolio import check_and_evaluate_many, summarize
from mutualcommit.render import render
from mutualcommit.scenarios import Scenario, compare, project
from mutualcommit.serialize import load_fund_events, load_observations

sync_api = pytest.importorskip("playwright.sync_api")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LOCALES = ("en", "de", "fr", "es", "ja")
#: About the width of A4 paper's text column, at 96 dots per inch.
WIDTH = 800
AS_OF = dt.date(2026, 9, 15)


def _executable() -> str | None:
    named = os.environ.get("MUTUALCOMMIT_CHROMIUM")
    if named:
        return named
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None  # playwright's own browser, if it was installed


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    """A Chromium page WIDTH pixels wide; skips the module when none launches."""
    with sync_api.sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=_executable(), args=["--no-sandbox"]
            )
        except Exception as error:  # noqa: BLE001 - any launch failure means no browser
            pytest.skip(f"no Chromium to run: {error}")
        page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
        yield page
        browser.close()


def _show(page: Any, html: str) -> dict[str, Any]:
    page.set_content(html)
    png = page.screenshot(full_page=True)
    facts: dict[str, Any] = page.evaluate(
        """() => ({
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
            height: document.body.scrollHeight,
            title: document.querySelector('h1').innerText,
            text: document.body.innerText.length,
            blanks: [...document.querySelectorAll('.blank')].map(
                (b) => b.getBoundingClientRect().width),
            overflowing: [...document.querySelectorAll('td, th, dd')].filter(
                (c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.innerText),
        })"""
    )
    facts["png"] = png
    return facts


class TestInChromium:
    """The pages render, fit A4's width, and keep their signature block."""

    @pytest.mark.parametrize("locale", LOCALES)
    def test_draft_agreement(
        self, page: Any, it_agreement: Agreement, locale: str
    ) -> None:
        """A draft fills the page, fits its width, and has four lines per party."""
        draft = attrs.evolve(it_agreement, signatures=())
        facts = _show(page, render(draft, locale=locale, format="html"))
        assert facts["png"].startswith(b"\x89PNG")
        assert it_agreement.title == facts["title"]
        assert facts["text"] > 5000
        assert facts["height"] > 3000
        assert facts["scrollWidth"] <= facts["clientWidth"]
        assert [] == facts["overflowing"]
        assert len(facts["blanks"]) == 4 * len(draft.parties)
        assert all(width > 100 for width in facts["blanks"])

    @pytest.mark.parametrize("locale", LOCALES)
    def test_scorecard(self, page: Any, it_scorecard: Scorecard, locale: str) -> None:
        """A scorecard fits the width with its symbols and no signature lines."""
        facts = _show(page, render(it_scorecard, locale=locale, format="html"))
        assert facts["text"] > 2000
        assert facts["scrollWidth"] <= facts["clientWidth"]
        assert [] == facts["overflowing"]
        assert [] == facts["blanks"]

    def test_scenario_summaries(self, page: Any, it_agreement: Agreement) -> None:
        """A projection's and a comparison's notebook pages fit the width."""
        text = (EXAMPLES / "it_vendor" / "observations.jsonl").read_text("utf-8")
        log = load_observations(text)
        day = dt.date(2026, 6, 30)
        scenario = Scenario(name="signed", agreement=it_agreement)
        pages = [
            _show(page, html)
            for html in (
                project(it_agreement, log, as_of=day, runs=200)._repr_html_(),
                compare(scenario, observations=log, as_of=day, runs=200)._repr_html_(),
            )
        ]
        assert [(True, []), (True, [])] == [
            (facts["scrollWidth"] <= facts["clientWidth"], facts["overflowing"])
            for facts in pages
        ]
        assert [f"Projection: {it_agreement.title}", "Comparison as of 2026-06-30"] == [
            facts["title"] for facts in pages
        ]

    def test_portfolio_summary(self, page: Any, it_agreement: Agreement) -> None:
        """A portfolio summary's notebook page fits the width."""
        text = (EXAMPLES / "it_vendor" / "observations.jsonl").read_text("utf-8")
        results = check_and_evaluate_many(
            [it_agreement],
            {it_agreement.id: load_observations(text)},
            as_of=dt.date(2026, 6, 30),
        )
        facts = _show(page, summarize(results)._repr_html_())

        assert ("Portfolio summary", True, []) == (
            facts["title"],
            facts["scrollWidth"] <= facts["clientWidth"],
            facts["overflowing"],
        )


#: A4's width less the side margins, upright and sideways, at 96 dots per inch.
_PRINTED_PX = {False: round(178 / 25.4 * 96), True: round(261 / 25.4 * 96)}


class TestPrinted:
    """Laid out for print, the fund ledger's tables keep every column on the paper."""

    @pytest.mark.parametrize("locale", [*LOCALES, "de_CH"])
    def test_fund_ledger(self, page: Any, it_agreement: Agreement, locale: str) -> None:
        """At the paper's width, in print media, no table is wider than its box."""
        text = (EXAMPLES / "it_vendor" / "fund_events.jsonl").read_text("utf-8")
        log = load_fund_events(text)
        html = render(
            fund_ledger(it_agreement, log, as_of=AS_OF), locale=locale, format="html"
        )
        sideways = 'class="mutualcommit wide"' in html
        page.emulate_media(media="print")
        page.set_viewport_size({"width": _PRINTED_PX[sideways], "height": 1000})
        try:
            page.set_content(html)
            clipped: list[int] = page.evaluate(
                """() => [...document.querySelectorAll('.table')].filter(
                    (box) => box.scrollWidth > box.clientWidth + 1
                ).map((box) => box.scrollWidth - box.clientWidth)"""
            )
            wide: int = page.evaluate("document.documentElement.scrollWidth")
        finally:
            page.emulate_media(media="screen")
            page.set_viewport_size({"width": WIDTH, "height": 1000})

        assert (True, [], True) == (
            sideways,
            clipped,
            wide <= _PRINTED_PX[sideways],
        )
