"""Exception criteria in the agreement document, and exception reports, in every language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import attrs
import pytest

from mutualcommit.cli import main
from mutualcommit.kpi import ExceptionReport, exceptions
from mutualcommit.model import Agreement
from mutualcommit.render import render
from mutualcommit.serialize import load_observations, loads

from .conftest import in_a_cell

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "manufacturer"

#: The section heading and the tolerance cell of the lead-time criterion.
EXPECTED = {
    "en": ("Exception criteria", "Delivery lead time at most 12 days", "14 days"),
    "de": ("Ausnahmekriterien", "Delivery lead time höchstens 12 Tage", "14 Tagen"),
    "fr": ("Critères d’exception", "Delivery lead time au plus 12 jours", "14 jours"),
    "es": (
        "Criterios de excepción",
        "Delivery lead time como máximo 12 días",
        "14 días",
    ),
    "ja": ("例外基準", "Delivery lead time：12 日以下", "14日以内"),
}


@pytest.fixture(scope="module")
def manufacturer() -> Agreement:
    """The manufacturer example, with its lead-time criterion."""
    return loads((EXAMPLE / "agreement.json").read_text(encoding="utf-8"))


Form = Literal["markdown", "html", "text"]


def _described(agreement: Agreement) -> Agreement:
    """Return *agreement* with a description of its lead-time criterion."""
    (criterion,) = agreement.exception_criteria
    return agreement.amend(
        exception_criteria=(
            attrs.evolve(criterion, description="Watch BX-300 first.\nThen every SKU."),
        )
    )


class TestCriteriaSection:
    """A section lists each criterion's tolerance, windows, owner and days."""

    @pytest.mark.parametrize("locale", sorted(EXPECTED))
    def test_translated(self, manufacturer: Agreement, locale: str) -> None:
        """Heading, tolerance and days are in the document's language."""
        markdown = " ".join(
            render(manufacturer, format="markdown", locale=locale).split()
        )
        heading, tolerance, days = EXPECTED[locale]

        assert f"## {heading}" in markdown
        assert tolerance in markdown
        assert days in markdown

    @pytest.mark.parametrize("form", ["markdown", "html", "text"])
    def test_description(self, manufacturer: Agreement, form: Form) -> None:
        """A criterion's description follows the table, under its title."""
        described = _described(manufacturer)
        document = render(described, format=form, locale="de")
        section = document[document.index("Ausnahmekriterien") :]

        assert [True, True] == [
            "Watch BX-300 first." in section,
            "Then every SKU." in section,
        ]
        assert "Watch BX-300 first." not in render(manufacturer, format=form)

    def test_without_criteria(self, manufacturer: Agreement) -> None:
        """An agreement without criteria has no such section."""
        # The reviews name the criterion's exceptions: they go with it.
        plain = attrs.evolve(manufacturer, exception_criteria=(), reviews=())

        assert "Exception criteria" not in render(plain, format="markdown")


#: The state, the limit and the summary of BX-300's May exception on 30 June.
REPORTED = {
    "en": ("past due", "above 12 days", "2 exceptions; 2 past due"),
    "de": ("überfällig", "über 12 Tage", "2 Ausnahmen; 2 überfällig"),
    "fr": ("en retard", "au-dessus de 12 jours", "2 exceptions ; 2 en retard"),
    "es": ("vencida", "por encima de 12 días", "2 excepciones; 2 vencidas"),
    "ja": ("期限超過", "12 日超", "2件の例外；期限超過2件"),
}


@pytest.fixture(scope="module")
def report(manufacturer: Agreement) -> ExceptionReport:
    """The example's exceptions on 30 June 2026."""
    log = load_observations(
        (EXAMPLE / "observations.jsonl").read_text(encoding="utf-8")
    )
    return exceptions(manufacturer, log, as_of=dt.date(2026, 6, 30))


class TestExceptionReport:
    """render() writes an exception report as a table per criterion."""

    @pytest.mark.parametrize("locale", sorted(REPORTED))
    def test_translated(self, report: ExceptionReport, locale: str) -> None:
        """The state, the limit crossed and the counts are in the language."""
        markdown = render(report, format="markdown", locale=locale)
        state, limit, counts = REPORTED[locale]
        # Babel puts no-break spaces between numbers and units in some locales.
        markdown = markdown.replace("\xa0", " ")
        row = next(line for line in markdown.splitlines() if "`FY2026-M02`" in line)

        assert state in row
        assert limit in row
        assert counts in " ".join(markdown.split())

    @pytest.mark.parametrize("form", ["markdown", "html", "text"])
    def test_description(self, manufacturer: Agreement, form: Form) -> None:
        """A criterion's description follows its tolerance in the report."""
        log = load_observations(
            (EXAMPLE / "observations.jsonl").read_text(encoding="utf-8")
        )
        found = exceptions(_described(manufacturer), log, as_of=dt.date(2026, 6, 30))
        document = render(found, format=form, locale="ja")
        tolerance = document.index("Delivery lead time")

        assert 0 < document.index("Watch BX-300 first.", tolerance)
        assert 0 < document.index("Then every SKU.", tolerance)

    def test_in_a_notebook(self, report: ExceptionReport) -> None:
        """In a notebook cell the report shows its document, HTML or Markdown."""
        assert (in_a_cell(render(report, format="html")), render(report)) == (
            report._repr_html_(),
            report._repr_markdown_(),
        )

    def test_worked(self, manufacturer: Agreement) -> None:
        """After the July review the row names the action that works on it."""
        log = load_observations(
            (EXAMPLE / "observations.jsonl").read_text(encoding="utf-8")
        )
        later = exceptions(manufacturer, log, as_of=dt.date(2026, 7, 31))

        assert "worked on: review-2026-07/weekly-sop" in render(
            later, format="markdown"
        )


class TestCommandLine:
    """``mutualcommit render --what exceptions`` needs observations and a day."""

    def test_renders(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The Spanish report of 30 June counts two overdue exceptions."""
        code = main(
            [
                "render",
                str(EXAMPLE / "agreement.json"),
                "--what",
                "exceptions",
                "--observations",
                str(EXAMPLE / "observations.jsonl"),
                "--as-of",
                "2026-06-30",
                "--locale",
                "es",
            ]
        )
        out = capsys.readouterr().out

        assert (0, True) == (
            code,
            "- **Excepciones:** 2 excepciones; 2 vencidas" in out,
        )

    def test_needs_observations(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --observations and --as-of it exits 2 and says why."""
        code = main(["render", str(EXAMPLE / "agreement.json"), "--what", "exceptions"])

        assert (2, "--what exceptions needs --observations and --as-of") == (
            code,
            capsys.readouterr().err.strip().partition(": ")[2],
        )


class TestReviews:
    """An action item's exceptions are named in the reviews section."""

    def test_action_names_exception(self, manufacturer: Agreement) -> None:
        """The July action lists the key of the exception it works on."""
        markdown = render(manufacturer, format="markdown")

        assert "works on lead-time-by-sku/BX-300/FY2026-M01" in markdown

    @pytest.mark.parametrize(
        ("locale", "goals", "commitments"),
        [
            (
                "en",
                "addresses the goal Forecast demand jointly with 85 % accuracy",
                (
                    "addresses the commitment Share a weekly demand forecast at 82 % "
                    "accuracy"
                ),
            ),
            (
                "de",
                "betrifft das Ziel Forecast demand jointly with 85 % accuracy",
                "betrifft die Zusage Share a weekly demand forecast at 82 % accuracy",
            ),
            (
                "fr",
                "concerne l’objectif Forecast demand jointly with 85 % accuracy",
                "concerne l’engagement Share a weekly demand forecast at 82 % accuracy",
            ),
            (
                "es",
                "atiende el objetivo Forecast demand jointly with 85 % accuracy",
                "atiende el compromiso Share a weekly demand forecast at 82 % accuracy",
            ),
            (
                "ja",
                "対象の目標：Forecast demand jointly with 85 % accuracy",
                "対象のコミットメント：Share a weekly demand forecast at 82 % accuracy",
            ),
        ],
    )
    @pytest.mark.parametrize("form", ["markdown", "html", "text"])
    def test_action_names_goals_and_commitments(
        self,
        manufacturer: Agreement,
        locale: str,
        goals: str,
        commitments: str,
        form: Form,
    ) -> None:
        """An action item names the goals and commitments it addresses by title."""
        document = render(manufacturer, format=form, locale=locale)
        # Compared without white space: the text form wraps Japanese anywhere.
        squeezed = "".join(document.split())
        goals, commitments = "".join(goals.split()), "".join(commitments.split())
        # The August item addresses one goal and one commitment.
        item = squeezed[squeezed.index("Forecastthetop200SKUs") :]

        assert [True, True] == [goals in item, commitments in item]
        assert item.index(goals) < item.index(commitments)
