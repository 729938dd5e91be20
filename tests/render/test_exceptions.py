"""The agreement document states the exception criteria, in every language."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from mutualcommit.model import Agreement
from mutualcommit.render import render
from mutualcommit.serialize import loads

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
    "ja": ("例外基準", "Delivery lead time：12 日 以下", "14 日以内"),
}


@pytest.fixture(scope="module")
def manufacturer() -> Agreement:
    """The manufacturer example, with its lead-time criterion."""
    return loads((EXAMPLE / "agreement.json").read_text(encoding="utf-8"))


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

    def test_without_criteria(self, manufacturer: Agreement) -> None:
        """An agreement without criteria has no such section."""
        # The reviews name the criterion's exceptions: they go with it.
        plain = attrs.evolve(manufacturer, exception_criteria=(), reviews=())

        assert "Exception criteria" not in render(plain, format="markdown")
