import datetime as dt
import decimal
from collections.abc import Callable
from decimal import Decimal
from typing import Literal

import pytest
from babel import Locale

from mutualcommit import dumps
from mutualcommit.model import Agreement, Quantity, ResourceAllocation
from mutualcommit.render import render
from mutualcommit.render._context import context

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


def computed(locale: str, value: str, unit: str) -> str:
    """Format *value* as a document shows an amount the library computed."""
    return context(locale).amount(Decimal(value), unit, computed=True)


def _first_field(markdown: str) -> str:
    """Return the value of the first labelled row (the term) of a document."""
    line = next(line for line in markdown.splitlines() if line.startswith("- **"))
    return line.split("** ", 1)[1]


class TestMoney:
    """Computed money is rounded to the currency's own digits; written money is not."""

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
    def test_yen_have_no_decimals(self, locale: str, expected: str) -> None:
        """JPY has no minor unit: a computed 12500.4 yen shows as 12,500."""
        assert expected == computed(locale, "12500.4", "JPY")

    def test_three_digit_currency(self) -> None:
        """BHD has three decimals, so a computed 3.14159 BHD shows 3.142."""
        assert "3,142\xa0BHD" == computed("de_DE", "3.14159", "BHD")

    @pytest.mark.parametrize(
        ("unit", "value", "expected"),
        [
            ("JPY", "15.495", "¥15"),
            ("BHD", "12.9125", "BHD12.912"),
            ("KWD", "3.4995", "KWD3.500"),
            ("EUR", "3.495", "€3.50"),
        ],
    )
    def test_computed_money_is_rounded_once(
        self, unit: str, value: str, expected: str
    ) -> None:
        """A payout is rounded once, to its currency's digits, not first to cents.

        15.495 yen rounded to cents is 15.50, then 16 yen; a three-digit
        currency lost its third digit the same way.
        """
        assert expected == computed("en_US", value, unit)

    @pytest.mark.parametrize(
        ("locale", "value", "unit", "expected"),
        [
            ("en_US", "999.995", "EUR", "€999.995"),
            ("de_DE", "12.345", "EUR", "12,345\xa0€"),
            ("en_US", "12500.4", "JPY", "¥12,500.4"),
            ("en_US", "12500", "JPY", "¥12,500"),
            ("de_DE", "3.14159", "BHD", "3,14159\xa0BHD"),
            ("en_US", "12.5", "EUR", "€12.50"),
        ],
    )
    def test_written_money_keeps_its_digits(
        self, amount: Amount, locale: str, value: str, unit: str, expected: str
    ) -> None:
        """Terms show money as agreed: a cap of 999.995 is not "at most €1,000.00".

        A written amount shows at least the currency's digits.
        """
        assert expected == amount(locale, value, unit)

    def test_whole_amounts_show_cents(self, amount: Amount) -> None:
        """A whole amount still shows the currency's decimals."""
        assert "€6,000.00" == amount("en_US", "6000", "EUR")

    @pytest.mark.parametrize(
        ("value", "expected"),
        [("12500.505", "€12,500.50"), ("12500.515", "€12,500.52")],
    )
    def test_half_even(self, value: str, expected: str) -> None:
        """Computed amounts round half to even, to the currency's digits."""
        assert expected == computed("en_US", value, "EUR")

    def test_caller_context_changes_nothing(self) -> None:
        """A caller's decimal context (3 digits, rounding up) changes no number."""
        expected = computed("en_US", "12500.505", "EUR")
        with decimal.localcontext(prec=3, rounding=decimal.ROUND_UP):
            actual = computed("en_US", "12500.505", "EUR")
        assert ("€12,500.50", "€12,500.50") == (expected, actual)

    def test_caller_context_traps_nothing(self) -> None:
        """A context that traps inexact results does not make rendering fail."""
        with decimal.localcontext(
            decimal.Context(traps=[decimal.Inexact, decimal.Rounded])
        ):
            actual = computed("de_DE", "0.125", "EUR")
        assert "0,12\xa0€" == actual


class TestNoNegativeZero:
    """No document shows a zero with a minus sign, however it was written or rounded."""

    @pytest.mark.parametrize(
        ("locale", "unit", "value", "expected"),
        [
            ("en_US", "EUR", "-0", "€0.00"),
            ("en_US", "JPY", "-0", "¥0"),
            ("en_US", "BHD", "-0.000", "BHD0.000"),
            ("de_DE", "EUR", "-0", "0,00\xa0€"),
            ("ja_JP", "JPY", "-0", "￥0"),
            ("en_US", "hour", "-0", "0\xa0hours"),
            ("en_US", "fte", "-0.0", "0\xa0FTE"),
            ("en_US", "count", "-0", "0\xa0units"),
            ("en_US", "percent", "-0", "0%"),
        ],
    )
    def test_a_pledge_of_minus_zero(
        self, amount: Amount, locale: str, unit: str, value: str, expected: str
    ) -> None:
        """An allocation written ``-0`` is a pledge of 0, not of ``-€0.00``."""
        assert expected == amount(locale, value, unit)

    def test_the_terms_keep_what_was_written(
        self, small: Small, table_rows: Rows
    ) -> None:
        """The document shows €0.00; the agreement keeps its ``-0``, and so its fingerprint."""
        allocation = ResourceAllocation(
            id="mdf", party="acme", amount=Quantity(amount=Decimal("-0"), unit="EUR")
        )
        agreement = small(allocations=(allocation,))

        text = render(agreement, locale="en_US")

        assert "€0.00" == table_rows(text, "Acme Software")[-1][1]
        assert '"amount":"-0"' in dumps(agreement)

    @pytest.mark.parametrize(
        ("unit", "value", "expected"),
        [
            ("EUR", "-0.001", "€0.00"),
            ("JPY", "-0.4", "¥0"),
            ("BHD", "-0.0004", "BHD0.000"),
            ("count", "-0.001", "0"),
            ("percent", "-0.001", "0%"),
        ],
    )
    def test_computed_values_rounded_to_zero(
        self, unit: str, value: str, expected: str
    ) -> None:
        """A small negative amount rounded to the currency's digits is a plain zero."""
        assert expected == computed("en_US", value, unit)

    def test_ratios(self) -> None:
        """A ratio rounded to a tenth of a percent, a number and a rate have no sign."""
        c = context("de_DE")
        assert ("0\xa0%", "0", "0\xa0%", "0,000") == (
            c.percent(Decimal("-0.000001")),
            c.fmt.number(Decimal("-0")),
            c.agreed_percent(Decimal("-0")),
            c.fmt.money_number(Decimal("-0.0001"), "BHD"),
        )


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


class TestEqualValuesReadAlike:
    """A value reads by its value, not its spelling: 1.0 day is "1 day", never "1 days"."""

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("en", "1\xa0day"),
            ("de", "1\xa0Tag"),
            ("fr", "1\xa0jour"),
            ("es", "1\xa0día"),
            ("ja", "1\xa0日"),
        ],
    )
    def test_one_day_written_with_a_fraction(self, locale: str, expected: str) -> None:
        """1.0 and 1.00 days read as 1 day does, in the singular."""
        c = context(locale)

        assert [expected] * 3 == [
            c.amount(Decimal(value), "day") for value in ("1", "1.0", "1.00")
        ]

    @pytest.mark.parametrize("locale", ["en", "de", "fr", "es", "ja", "pl", "lv"])
    @pytest.mark.parametrize("unit", ["day", "hour", "fte", "count"])
    @pytest.mark.parametrize(
        ("plain", "spelled"),
        [("1", "1.0"), ("2", "2.000"), ("0", "0.0"), ("1.5", "1.50"), ("100", "1E+2")],
    )
    def test_spelling_changes_nothing(
        self, locale: str, unit: str, plain: str, spelled: str
    ) -> None:
        """Equal values read alike, the number and its word's plural form."""
        c = context(locale)

        assert c.amount(Decimal(plain), unit) == c.amount(Decimal(spelled), unit)
        assert c.quantity(Quantity(amount=Decimal(plain), unit=unit)) == c.quantity(
            Quantity(amount=Decimal(spelled), unit=unit)
        )

    def test_equal_agreements_render_alike(self, small: Small) -> None:
        """An allocation of 1.0 day renders as one of 1 day: one document per value."""

        def agreement(value: str) -> Agreement:
            allocation = ResourceAllocation(
                id="days",
                party="acme",
                amount=Quantity(amount=Decimal(value), unit="day"),
            )
            return small(allocations=(allocation,))

        one, spelled = agreement("1"), agreement("1.0")

        assert one == spelled
        assert render(one, format="text") == render(spelled, format="text")
        assert "1\xa0days" not in render(spelled, format="text")


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

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("fr_FR", "du 1er janvier 2026 au 31 décembre 2026"),
            ("fr_CA", "du 1er janvier 2026 au 31 décembre 2026"),
            ("en_US", "January 1, 2026 to December 31, 2026"),
            ("de_DE", "1. Januar 2026 bis 31. Dezember 2026"),
            ("es", "del 1 de enero de 2026 al 31 de diciembre de 2026"),
        ],
    )
    def test_the_first_of_a_month(
        self, small: Small, locale: str, expected: str
    ) -> None:
        """French writes the first "1er janvier", as its schedule writes "le 1er mai"; others as babel."""
        agreement = small(start=dt.date(2026, 1, 1))

        assert expected == _first_field(render(agreement, locale=locale))

    def test_a_ramp_step_in_french(self, it_agreement: Agreement) -> None:
        """The IT example's step reads "à partir du 1er mai 2026", as its term "du 1er janvier"."""
        markdown = render(it_agreement, locale="fr")

        assert (True, False) == (
            "à partir du 1er mai 2026" in markdown,
            "du 1 " in markdown,
        )

    @pytest.mark.parametrize(
        ("day", "width", "expected"),
        [
            (dt.date(2026, 5, 1), "long", "1er mai 2026"),
            (dt.date(2026, 5, 11), "long", "11 mai 2026"),
            (dt.date(2026, 5, 21), "long", "21 mai 2026"),
            (dt.date(2026, 5, 1), "medium", "1 mai 2026"),
            (dt.date(2026, 1, 1), "medium", "1 janv. 2026"),
        ],
    )
    def test_french_premier_in_the_long_form(
        self, day: dt.date, width: Literal["long", "medium"], expected: str
    ) -> None:
        """Only the first takes "er", and only in the long form: a table's dates stay babel's."""
        assert expected == context("fr").fmt.date(day, width)

    def test_no_iso_dates(self, small: Small) -> None:
        """No date of the document is written as ISO text."""
        agreement = small().sign("acme", "Ada", dt.date(2025, 12, 1))
        text = render(agreement, locale="de_DE", as_of=dt.date(2026, 2, 1))
        assert [] == [word for word in text.split() if word.startswith("2026-")]


#: The locales whose group separator is an apostrophe.
_APOSTROPHE_LOCALES = ["de_CH", "fr_CH", "it_CH", "de_LI", "en_CH"]


def _in_groups(written: str, locale: str) -> str:
    """*written* with the locale's own group separator for each apostrophe.

    CLDR moved the Swiss separator from a right single quotation mark
    (U+2019, babel 2.14) to the ASCII ``'`` (newer babel), the one babel's
    quote handling ate.
    """
    group = Locale.parse(locale).number_symbols["latn"]["group"]
    return written.replace("'", group)


class TestApostropheGroups:
    """A locale that groups with an apostrophe keeps every group of a large number."""

    @pytest.mark.parametrize("locale", _APOSTROPHE_LOCALES)
    @pytest.mark.parametrize(
        ("value", "grouped"),
        [("2000000", "2'000'000"), ("1234567890", "1'234'567'890")],
    )
    @pytest.mark.parametrize("unit", ["CHF", "count", "percent", "hour", "day", "fte"])
    def test_every_kind(self, locale: str, value: str, grouped: str, unit: str) -> None:
        """Money, counts, percentages and units show each group separator."""
        for is_computed in (False, True):
            text = context(locale).amount(Decimal(value), unit, computed=is_computed)
            assert _in_groups(grouped, locale) in text, text

    @pytest.mark.parametrize("locale", _APOSTROPHE_LOCALES)
    def test_computed_percent(self, locale: str) -> None:
        """A computed ratio of 20000 reads 2'000'000 percent."""
        percent = context(locale).percent(Decimal(20000))
        assert percent.startswith(_in_groups("2'000'000", locale))

    def test_money_number(self) -> None:
        """An amount without its currency sign keeps its groups too."""
        fmt = context("de_CH").fmt
        expected = _in_groups("1'234'567'890.00", "de_CH")
        assert expected == fmt.money_number(Decimal(1234567890), "CHF")

    def test_document(self, it_agreement: Agreement) -> None:
        """The shipped example in de_CH writes its EUR 2m goal grouped."""
        text = render(it_agreement, locale="de_CH", format="text")
        assert _in_groups("EUR\xa02'000'000.00", "de_CH") in text
        assert "2000000" not in text
