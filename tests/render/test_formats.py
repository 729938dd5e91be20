import datetime as dt
import decimal
from collections.abc import Callable
from decimal import Decimal

import pytest

from mutualcommit.model import Agreement, Quantity, ResourceAllocation
from mutualcommit.render import render

Small = Callable[..., Agreement]
Rows = Callable[[str, str], list[list[str]]]


@pytest.fixture
def amount(small: Small, table_rows: Rows) -> Callable[[str, str, str], str]:
    """Render a one-allocation agreement; return the allocation's amount cell."""

    def cell(locale: str, value: str, unit: str) -> str:
        allocation = ResourceAllocation(
            id="mdf", party="acme", amount=Quantity(amount=Decimal(value), unit=unit)
        )
        text = render(small(allocations=(allocation,)), locale=locale)
        return table_rows(text, "Acme Software")[-1][1]

    return cell


Amount = Callable[[str, str, str], str]


def _first_field(markdown: str) -> str:
    """Return the value of the first labelled row (the term) of a document."""
    line = next(line for line in markdown.splitlines() if line.startswith("- **"))
    return line.split(":** ", 1)[1]


class TestMoney:
    """Money is the currency's own digits in the locale's form."""

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("en_US", "€12,500.50"),
            ("de_DE", "12.500,50\xa0€"),
            ("fr_FR", "12\u202f500,50\xa0€"),
            ("ja_JP", "€12,500.50"),
        ],
    )
    def test_euros(self, amount: Amount, locale: str, expected: str) -> None:
        """12500.50 EUR is written as each locale writes euros."""
        assert expected == amount(locale, "12500.50", "EUR")

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("en_US", "¥12,500"),
            ("de_DE", "12.500\xa0¥"),
            ("fr_FR", "12\u202f500\xa0JPY"),
            ("ja_JP", "￥12,500"),
        ],
    )
    def test_yen_have_no_decimals(
        self, amount: Amount, locale: str, expected: str
    ) -> None:
        """JPY has no minor unit: 12500.4 yen shows as 12,500."""
        assert expected == amount(locale, "12500.4", "JPY")

    def test_three_digit_currency(self, amount: Amount) -> None:
        """BHD has three decimals, so 3.14159 BHD shows 3.142."""
        assert "3,142\xa0BHD" == amount("de_DE", "3.14159", "BHD")

    def test_whole_amounts_show_cents(self, amount: Amount) -> None:
        """A whole amount still shows the currency's decimals."""
        assert "€6,000.00" == amount("en_US", "6000", "EUR")

    @pytest.mark.parametrize(
        ("value", "expected"),
        [("12500.505", "€12,500.50"), ("12500.515", "€12,500.52")],
    )
    def test_half_even(self, amount: Amount, value: str, expected: str) -> None:
        """Amounts round half to even, to the currency's digits."""
        assert expected == amount("en_US", value, "EUR")

    def test_caller_context_changes_nothing(self, amount: Amount) -> None:
        """A caller's decimal context (3 digits, rounding up) changes no number."""
        expected = amount("en_US", "12500.505", "EUR")
        with decimal.localcontext(prec=3, rounding=decimal.ROUND_UP):
            actual = amount("en_US", "12500.505", "EUR")
        assert ("€12,500.50", "€12,500.50") == (expected, actual)

    def test_caller_context_traps_nothing(self, amount: Amount) -> None:
        """A context that traps inexact results does not make rendering fail."""
        with decimal.localcontext(
            decimal.Context(traps=[decimal.Inexact, decimal.Rounded])
        ):
            actual = amount("de_DE", "0.125", "EUR")
        assert "0,12\xa0€" == actual


class TestUnits:
    """Hours, days, people, counts and percentages use the locale's words."""

    @pytest.mark.parametrize(
        ("locale", "unit", "value", "expected"),
        [
            ("en_US", "hour", "40", "40\xa0hours"),
            ("de_DE", "hour", "40", "40\xa0Stunden"),
            ("en_US", "day", "1", "1\xa0day"),
            ("fr_FR", "day", "1.5", "1,5\xa0jour"),
            ("ja_JP", "hour", "2", "2\xa0時間"),
            ("en_US", "fte", "0.5", "0.5\xa0FTE"),
            ("de_DE", "fte", "2", "2\xa0VZÄ"),
            ("en_US", "count", "1", "1\xa0unit"),
            ("es_ES", "count", "12", "12\xa0unidades"),
            ("en_US", "percent", "20", "20%"),
            ("de_DE", "percent", "12.5", "12,5\xa0%"),
        ],
    )
    def test_quantity(
        self, amount: Amount, locale: str, unit: str, value: str, expected: str
    ) -> None:
        """An allocation's amount is formatted for its unit and locale."""
        assert expected == amount(locale, value, unit)


class TestDates:
    """Dates are formatted in the locale's long form, never as ISO text."""

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("en_US", "January 5, 2026 to December 31, 2026"),
            ("de_DE", "5. Januar 2026 bis 31. Dezember 2026"),
            ("fr_FR", "du 5 janvier 2026 au 31 décembre 2026"),
            ("ja_JP", "2026年1月5日～2026年12月31日"),
        ],
    )
    def test_term(self, small: Small, locale: str, expected: str) -> None:
        """The term reads from its first to its last day."""
        assert expected == _first_field(render(small(), locale=locale))

    def test_no_iso_dates(self, small: Small) -> None:
        """No date of the document is written as ISO text."""
        agreement = small().sign("acme", "Ada", dt.date(2025, 12, 1))
        text = render(agreement, locale="de_DE", as_of=dt.date(2026, 2, 1))
        assert [] == [word for word in text.split() if word.startswith("2026-")]
