"""Locale-aware numbers, money, units and dates, on babel.

babel is imported here, inside functions, so that ``import mutualcommit``
does not load it or its locale data. A `Formatter` is built once per
locale string (cached), holds the parsed babel ``Locale`` and passes it to
every call, so rendering never parses a locale per number.

babel rounds and scales in the *ambient* decimal context; every babel call
here runs in a fresh copy of the library's own context (`decimal_context()`:
28 digits, ROUND_HALF_EVEN), so a caller's context never changes a number,
widened where a number has more digits than 28 (`wide_context`: an
attainment of 10^25 against a tiny target), which babel would fail to round.
Every babel call is given the locale as `grouped` makes it, so that a group
separator that is an apostrophe (``de_CH``: ``1'000'000``) is kept.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from mutualcommit.errors import ArgumentError, UnknownLocaleError, also_type_error
from mutualcommit.model import (
    currency_digits,
    decimal_context,
    percentage,
    rounded,
    wide_context,
)
from mutualcommit.model._arguments import shown as given

if TYPE_CHECKING:
    from babel import Locale

__all__ = ["Formatter", "formatter", "shown", "trimmed"]

DateWidth = Literal["long", "medium", "short"]
#: Attainments and percentages are shown to one decimal place (87.5 %).
_PERCENT_PLACES = Decimal("0.001")
_HUNDRED = Decimal(100)
#: The exponent of the last decimal a locale's own number pattern shows.
_LOCALE_PLACES = -3
#: A number pattern that keeps every digit the model allows.
_ALL_DIGITS = "#,##0.############"


def formatter(locale: str) -> Formatter:
    """Return the (cached) formatter for the locale string *locale*.

    ``de``, ``de_DE`` and ``de-DE`` are all accepted, with a POSIX encoding
    or modifier (``de_DE.UTF-8``, ``de_DE@euro``). The POSIX names of no
    locale in particular, ``C`` and ``POSIX`` (``C.UTF-8``), are ``en``.
    Digits are always Latin (``0``-``9``): a numbering system
    (``@numbers=arab``) and BCP 47 extensions (``-u-nu-arab``) are refused.

    Raises:
        UnknownLocaleError: When *locale* does not name a locale babel knows.
        ArgumentError: A `TypeError` too, when *locale* is not a string
            (None too): a mistake of type, not a locale babel might not
            know.
    """
    if not isinstance(locale, str):
        msg = f"locale is a str such as 'en', 'de_DE' or 'de-DE', got {given(locale)}"
        raise also_type_error(ArgumentError)(msg, "locale")
    return _formatter(locale)


#: ``C`` and ``POSIX``, with an encoding or modifier: no locale in particular.
_POSIX_DEFAULT = re.compile(r"(?:C|POSIX)(?:\.[\w-]*)?(?:@\w*)?", re.IGNORECASE)
#: The locale a POSIX default name stands for.
_DEFAULT = "en"
_FORMS = "write a language, with a script or region: de, de_DE, de-DE, zh-Hant-TW"


def _refused(locale: str) -> str:
    """Return why *locale* is refused though it may look like a locale, or ``""``."""
    name, _, modifier = locale.partition("@")
    if "=" in modifier:
        return (
            f"a locale's keywords (@{modifier}) are not accepted; dates are "
            f"Gregorian and digits Latin; {_FORMS}"
        )
    subtags = re.split("[-_]", name.partition(".")[0])
    if any(len(subtag) == 1 for subtag in subtags[1:]):
        return (
            "BCP 47 extensions (-u-, -t-, -x-) are not accepted; dates are "
            f"Gregorian and digits Latin; {_FORMS}"
        )
    return ""


@lru_cache(maxsize=64)
def _formatter(locale: str) -> Formatter:
    import babel

    name = locale.strip()
    if _POSIX_DEFAULT.fullmatch(name):
        name = _DEFAULT
    reason = _refused(name)
    if reason:
        raise UnknownLocaleError(locale, reason)
    try:
        parsed = babel.Locale.parse(name.replace("-", "_"))
        # The data is read on first use: read it here. The babel releases
        # before 2.15 parse a POSIX modifier (de_DE@euro), then look for a
        # data file of it and raise FileNotFoundError.
        parsed.decimal_formats  # noqa: B018 - for its side effect
    except (ValueError, TypeError, OSError, babel.UnknownLocaleError) as error:
        raise UnknownLocaleError(locale) from error
    return Formatter(parsed)


class Formatter:
    """Formats values for one babel locale; build it with `formatter`.

    Numbers, money and percentages are always the locale's. Words (month
    and weekday names, dates written with them, units, currency names,
    lists) are those of *words*: the locale itself, or English for a locale
    whose language has no catalog (see `in_english`).

    Attributes:
        locale: The babel locale.
        words: The babel locale whose words are written.
        tag: Its BCP 47 tag: language, script and region (``de-DE``,
            ``zh-Hant-TW``); a POSIX modifier such as ``@euro`` is left out
            and the root locale is ``und`` (undetermined).
    """

    def __init__(self, locale: Locale, words: Locale | None = None) -> None:
        self.locale = locale
        self.words = locale if words is None else words
        language = "und" if locale.language == "root" else locale.language
        subtags = (language, locale.script, locale.territory)
        self.tag = "-".join(subtag for subtag in subtags if subtag)

    def in_english(self) -> Formatter:
        """Return a formatter of this locale's numbers with English words.

        The English is the one written in the locale's region, where babel
        has it (``en_IT`` for ``it_IT``: "1 February 2026"), or else
        international English (``en_001``).
        """
        return _in_english(self.locale)

    @property
    def languages(self) -> tuple[str, ...]:
        """The catalog names to look for, most specific first (``de_DE``, ``de``)."""
        names = [str(self.locale)]
        if self.locale.territory:
            names.append(f"{self.locale.language}_{self.locale.territory}")
        names.append(self.locale.language)
        return tuple(dict.fromkeys(names))

    def money(self, amount: Decimal, currency: str, *, written: bool = False) -> str:
        """Format *amount* in *currency*, rounded half-even to the currency's digits.

        ``12500.505`` EUR is ``€12,500.50`` in ``en_US``; JPY has no decimals.
        An amount a user wrote (*written*) keeps every digit it has beyond the
        currency's (``12.345`` EUR is ``€12.345``), and shows at least the
        currency's (``12.5`` EUR is ``€12.50``): terms are shown as agreed.
        """
        return _money(self.locale, str(amount), currency, written=written)

    def money_number(
        self, amount: Decimal, currency: str, *, written: bool = False
    ) -> str:
        """Format *amount* as `money` rounds it, without the currency's sign.

        For a sentence that names the currency itself: ``12500.505`` EUR is
        ``12,500.50`` in ``en_US``, ``12.500,50`` in ``de_DE``; *written*,
        ``12,500.505``, as `money` keeps an amount a user wrote.
        """
        return _money_number(self.locale, str(amount), currency, written=written)

    def number(self, value: Decimal) -> str:
        """Format *value* with all its digits (see `shown`) and the locale's separators."""
        return _number(self.locale, str(shown(value)))

    def percent(self, ratio: Decimal, limits: Iterable[Decimal] = ()) -> str:
        """Format a ratio as a percentage to one decimal (``0.875`` → ``87.5%``).

        With *limits*, ratios it is shown next to a decision on (the
        thresholds of an incentive's tiers), with as many places more as
        it takes to read on the same side of each as it is (`percentage`):
        0.9999999 below a threshold of 1 is ``99.99999%``, never ``100%``.
        """
        bounds = tuple(limits)
        if not bounds:
            return _percent(self.locale, str(trimmed(ratio, _PERCENT_PLACES)))
        points = shown(percentage(ratio, limits=bounds))
        return _percent(self.locale, str(points.scaleb(-2, wide_context(points))))

    def percent_points(self, value: Decimal) -> str:
        """Format an amount in percent (``20`` → ``20%``), with all its digits."""
        return _percent(self.locale, str(decimal_context().divide(value, _HUNDRED)))

    def unit(self, value: Decimal, unit: str) -> str:
        """Format *value* in a CLDR unit such as ``duration-hour`` (long form).

        The number is the locale's, the unit's word and plural form the
        words' (``3,5 days`` for ``it_IT``). The number is `shown`, and the
        plural form is the one of the number shown: ``1.0`` is ``1 day``.
        """
        return _unit(self.locale, str(shown(value)), unit, self.words)

    def date(self, day: dt.date, width: DateWidth = "long") -> str:
        """Format *day* in the ``long`` or ``medium`` date form of the words.

        French writes the first of a month ``1er`` in the long form ("1er
        janvier 2026"); every other date is babel's.
        """
        return _date(self.words, day, width)

    def date_range(self, start: dt.date, end: dt.date) -> str:
        """Format the inclusive range ``[start, end]`` as the words write one."""
        if start == end:
            return self.date(start, "medium")
        return _date_range(self.words, start, end)

    def month(self, month: int) -> str:
        """Return the name of *month* (1-12) as it stands alone."""
        names = self.words.months["stand-alone"]["wide"]
        return str(names[month])

    def month_in_date(self, month: int) -> str:
        """Return the name of *month* (1-12) as it reads inside a date or phrase."""
        names = self.words.months["format"]["wide"]
        return str(names[month])

    def weekday(self, day: int) -> str:
        """Return the name of a weekday, 0 Monday to 6 Sunday, inside a phrase."""
        names = self.words.days["format"]["wide"]
        return str(names[day])

    def currency_name(self, currency: str) -> str:
        """Return the currency's display name, or its code when babel has none."""
        return str(self.words.currencies.get(currency, currency))


@lru_cache(maxsize=64)
def _in_english(locale: Locale) -> Formatter:
    import babel

    words = None
    if locale.territory:
        try:
            words = babel.Locale.parse(f"en_{locale.territory}")
            words.date_formats  # noqa: B018 - reads its data, as _formatter does
        except (ValueError, OSError, babel.UnknownLocaleError):
            words = None
    if words is None:
        words = babel.Locale.parse("en_001")
    return Formatter(locale, words)


# Formatting is cached per locale and value: a document repeats its amounts
# and dates, and babel takes tens of microseconds per call. Values are keyed
# by their text, as 1.0 and 1.00 are equal Decimals that print differently.


@lru_cache(maxsize=4096)
def _money(locale: Locale, amount: str, currency: str, *, written: bool) -> str:
    from babel.numbers import format_currency

    from ._grouped import grouped, restored

    shown = _to_digits(Decimal(amount), currency, written=written)
    with decimal.localcontext(_babel_context(shown)):
        return restored(
            format_currency(
                shown, currency, locale=grouped(locale), decimal_quantization=False
            )
        )


def _to_digits(amount: Decimal, currency: str, *, written: bool) -> Decimal:
    """Round *amount* to *currency*'s digits, unless *written* with more."""
    digits = currency_digits(currency)
    exponent = amount.as_tuple().exponent
    if written and isinstance(exponent, int) and exponent < -digits:
        return _unsigned(amount)
    return _unsigned(rounded(amount, Decimal(1).scaleb(-digits, decimal_context())))


def _unsigned(number: Decimal) -> Decimal:
    """Drop the sign of a zero: ``-0`` as written, or ``-0.001`` rounded to ``-0.00``.

    A document never shows a negative zero (``-€0.00``, ``-0 %``); the value
    itself, as stored and fingerprinted, keeps the sign it was written with.
    """
    return number.copy_abs() if number.is_zero() else number


@lru_cache(maxsize=4096)
def _money_number(locale: Locale, amount: str, currency: str, *, written: bool) -> str:
    from babel.numbers import format_currency

    from ._grouped import grouped, restored

    shown = _to_digits(Decimal(amount), currency, written=written)
    # The locale's decimal pattern, with the currency's digits (babel's
    # currency_digits): the grouping is the locale's, the sign is left out.
    pattern = locale.decimal_formats[None].pattern
    with decimal.localcontext(_babel_context(shown)):
        return restored(
            format_currency(
                shown,
                currency,
                format=pattern,
                locale=grouped(locale),
                decimal_quantization=False,
            )
        )


@lru_cache(maxsize=4096)
def _number(locale: Locale, value: str) -> str:
    from babel.numbers import format_decimal

    from ._grouped import grouped, restored

    number = _unsigned(Decimal(value))
    with decimal.localcontext(_babel_context(number)):
        return restored(
            format_decimal(number, locale=grouped(locale), decimal_quantization=False)
        )


@lru_cache(maxsize=4096)
def _percent(locale: Locale, ratio: str) -> str:
    from babel.numbers import format_percent

    from ._grouped import grouped, restored

    number = _unsigned(Decimal(ratio))
    # babel writes the ratio times a hundred: two digits more.
    with decimal.localcontext(_babel_context(number, 2)):
        return restored(
            format_percent(number, locale=grouped(locale), decimal_quantization=False)
        )


@lru_cache(maxsize=4096)
def _unit(locale: Locale, value: str, unit: str, words: Locale) -> str:
    from babel.numbers import format_decimal
    from babel.units import format_unit

    from ._grouped import grouped, restored

    number = _unsigned(Decimal(value))
    # The locale's own pattern shows three decimals; a longer one keeps the
    # rare value with more (the model allows twelve).
    exponent = number.as_tuple().exponent
    pattern = (
        _ALL_DIGITS if isinstance(exponent, int) and exponent < _LOCALE_PLACES else None
    )
    with decimal.localcontext(_babel_context(number)):
        text = format_unit(
            number, unit, length="long", format=pattern, locale=grouped(words)
        )
        if words == locale:
            return restored(text)
        # The words' unit and plural form around the locale's number.
        said = format_decimal(number, format=pattern, locale=grouped(words))
        written = format_decimal(number, format=pattern, locale=grouped(locale))
        return restored(text.replace(said, written, 1))


def shown(value: Decimal) -> Decimal:
    """Return *value* as a document shows it: without the zeros that end its fraction.

    ``1.50`` is ``1.5``, ``1.0`` is ``1`` and ``1E+2`` is ``100``: every
    significant digit is kept, and equal values are shown alike, whatever
    their spelling. A word's plural form is chosen for this number (CLDR
    reads ``1.0`` as a fraction, "1 days", where ``1`` is "1 day").
    """
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or exponent == 0:
        return value  # a whole number as written (or not finite)
    if exponent < 0 and digits[-1]:
        return value  # its last digit is significant
    context = wide_context(value)
    plain = value.normalize(context)
    if plain.adjusted() >= len(plain.as_tuple().digits):  # 1E+2 is 100
        plain = plain.quantize(_ONE, context=context)
    return plain


_ONE = Decimal(1)


def trimmed(value: Decimal, places: Decimal) -> Decimal:
    """Round *value* half-even to *places* (three at most), without trailing zeros.

    ``0.8700`` to ``0.001`` is ``0.87``; every digit before the place is kept.
    """
    shown = rounded(value, places)
    # Normalizing in a context narrower than the value would round it.
    if shown.adjusted() < _NARROW:
        return shown.normalize(decimal_context())
    return shown.normalize(wide_context(shown))


#: Below 10^24 a value rounded to three places or fewer has at most 28 digits.
_NARROW = 24


def _babel_context(number: Decimal, more: int = 0) -> decimal.Context:
    """Return the context babel formats *number* in: the library's, wide enough.

    babel rounds to its pattern's places (three at most) in the ambient
    context, which must hold every digit before them, and *more* digits
    that it adds (a percentage's two).
    """
    context = wide_context(number, -_LOCALE_PLACES)
    context.prec += more
    return context


@lru_cache(maxsize=4096)
def _date(locale: Locale, day: dt.date, width: DateWidth) -> str:
    from babel.dates import format_date

    text = format_date(day, format=width, locale=locale)
    if locale.language == "fr" and width == "long" and day.day == 1:
        return _premier(locale, day, text)
    return text


def _premier(locale: Locale, day: dt.date, text: str) -> str:
    """Write the first of the month in a French long date as French does: ``1er``.

    babel writes "1 janvier 2026"; a French text (and the review schedule's
    own words, "le 1er mai") writes "1er janvier 2026". Only the day before
    the month's name changes; the medium form of tables ("1 janv. 2026")
    stays babel's.
    """
    month = re.escape(str(locale.months["format"]["wide"][day.month]))
    return re.sub(rf"(?<!\d)1(?=[ \u00a0\u202f]+{month})", "1er", text, count=1)


@lru_cache(maxsize=4096)
def _date_range(locale: Locale, start: dt.date, end: dt.date) -> str:
    from babel.dates import format_interval

    return format_interval(start, end, "yMMMd", locale=locale)
