"""What a document builder needs: translated words and formatted values.

A `Context` joins the locale's `Formatter` and its message catalog. Its
``gettext``, ``ngettext`` and ``pgettext`` translate a message and fill its
``{placeholders}``; babel's extractor finds the messages by those names
(``scripts/update_catalogs.py``).
"""

from __future__ import annotations

import datetime as dt
import decimal
import gettext
import re
import string
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache

import attrs

from mutualcommit.model import (
    Quantity,
    currency_digits,
    decimal_context,
    rounded_beside,
)

from ._formats import Formatter, formatter, shown, trimmed
from ._i18n import translations
from ._tree import ISOLATE_OPENERS, Inline, Span, inline, isolated

__all__ = ["Context", "context", "elided"]

_PARSER = string.Formatter()
#: Computed values (pro-rated targets, actuals) are shown to two decimals.
_SHOWN = Decimal("0.01")
#: The units whose computed values are trimmed to `_SHOWN`; money is rounded
#: once, to its currency's digits, and a computed percentage to its tenth.
_TRIMMED = frozenset({"count", "fte", "hour", "day"})
_HUNDRED = Decimal(100)


def context(locale: str) -> Context:
    """Return the (cached) context for the locale string *locale*.

    Raises:
        UnknownLocaleError: When *locale* does not name a locale.
    """
    fmt = formatter(locale)
    return _context(fmt)


@lru_cache(maxsize=64)
def _context(fmt: Formatter) -> Context:
    catalog = translations(fmt.languages)
    if not isinstance(catalog, gettext.GNUTranslations) and fmt.locale.language != "en":
        # The sentences are English: so are the words put in them (lists,
        # months, weekdays, units), around the locale's numbers.
        fmt = fmt.in_english()
    return Context(fmt=fmt, catalog=catalog)


#: The letters French elides "de" before ("d'Acme", "d'avril"): its vowels,
#: accented or not; not "y" nor "h", which may be consonants ("de Yamaha").
_FRENCH_VOWELS = frozenset("aeiouàâäéèêëîïôöùûüœæ")
#: The apostrophe of an elision, as French typesetting writes it.
_APOSTROPHE = "\u2019"


def elided(language: str, template: str, values: Mapping[str, object]) -> str:
    """Elide French "de" in *template* before a value that starts with a vowel.

    ``"en présence de {attendees}"`` with ``attendees="Acme Software"`` is
    ``"en présence d\u2019{attendees}"`` (a typographic apostrophe,
    U+2019); the values are data, never changed. Any other language, and a
    value that starts with a consonant, ``y``, ``h`` or a digit, keeps the
    template as it is.
    """
    if language != "fr":
        return template
    for key, value in values.items():
        text = _text(value) if isinstance(value, (str, Span)) else str(value)
        # A name isolated for its direction elides by its first letter.
        first = text.strip().lstrip(ISOLATE_OPENERS)[:1]
        if first.lower() in _FRENCH_VOWELS:
            field = re.escape(f"{{{key}}}")
            elision = "\\g<1>" + _APOSTROPHE + f"{{{key}}}"
            template = re.sub(rf"(?<![^\W\d_])([Dd])e {field}", elision, template)
    return template


def _fill(template: str, fallback: str, params: dict[str, object]) -> str:
    if not params:
        return template
    # A value is shown trimmed, as a heading or a table cell shows it: a
    # name stored as "  Acme" reads "Acme" inside a sentence or a list too;
    # and a right-to-left one is isolated, to keep its order in the sentence.
    params = {
        key: isolated(value.strip()) if isinstance(value, str) else value
        for key, value in params.items()
    }
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        # A translation with a broken placeholder must not break a document.
        return fallback.format(**params)


@attrs.frozen(eq=False)
class Context:
    """The locale's formatter and message catalog, with the words built on them.

    Attributes:
        fmt: Formats numbers, money and dates.
        catalog: The gettext catalog (English when the language has none).
    """

    fmt: Formatter
    catalog: gettext.NullTranslations

    @property
    def language(self) -> str:
        """The language the words are in: ``en`` for a locale without a catalog."""
        return str(self.fmt.words.language)

    @property
    def tag(self) -> str:
        """The BCP 47 tag of the language the words are in, for HTML's ``lang``.

        The locale's tag when its language has a catalog, or is English;
        ``en`` when the words fall back to English (``pt-BR``, ``ar``).
        """
        if (
            isinstance(self.catalog, gettext.GNUTranslations)
            or self.fmt.locale.language == "en"
        ):
            return self.fmt.tag
        return "en"

    # -- messages -------------------------------------------------------------

    def gettext(self, message: str, /, **params: object) -> str:
        """Translate *message* and fill its placeholders from *params*."""
        return self._fill(self.catalog.gettext(message), message, params)

    def ngettext(self, singular: str, plural: str, n: int, /, **params: object) -> str:
        """Translate the form of *singular*/*plural* for *n*; fill *params*."""
        fallback = singular if n == 1 else plural
        return self._fill(self.catalog.ngettext(singular, plural, n), fallback, params)

    def pgettext(self, context: str, message: str, /, **params: object) -> str:
        """Translate *message* in *context* and fill its placeholders."""
        return self._fill(self.catalog.pgettext(context, message), message, params)

    def npgettext(
        self, context: str, singular: str, plural: str, n: int, /, **params: object
    ) -> str:
        """Translate the form for *n* of a message in *context*; fill *params*."""
        fallback = singular if n == 1 else plural
        translated = self.catalog.npgettext(context, singular, plural, n)
        return self._fill(translated, fallback, params)

    def _fill(self, template: str, fallback: str, params: dict[str, object]) -> str:
        """Fill a translated *template*, its "de" elided before a vowel (French)."""
        return _fill(elided(self.language, template, params), fallback, params)

    def inline(self, template: str, /, **parts: str | Span) -> Inline:
        """Fill an already translated *template* with spans: styled user data.

        ``c.inline(c.gettext("Agreement {id}"), id=Span("x", "code"))``
        keeps the id a code span inside the translated sentence. Each part
        is trimmed, as `gettext` trims its values.
        """
        parts = {key: _trimmed(part) for key, part in parts.items()}
        template = elided(self.language, template, parts)
        spans: list[str | Span] = []
        try:
            pieces = list(_PARSER.parse(template))
            for literal, field, _spec, _conversion in pieces:
                spans.append(literal)
                if field is not None:
                    spans.append(parts[field])
        except (KeyError, ValueError):
            return inline(
                _fill(template, template, {k: _text(v) for k, v in parts.items()})
            )
        return inline(*spans)

    def colon(self) -> str:
        """Return what ends a field's label (``:``; French ``\u00a0:``)."""
        # Translators: the punctuation after a field's label ("Term: ..."),
        # as the language writes it: French a no-break space and a colon,
        # Japanese a full-width colon.
        return self.pgettext("label", ":")

    def separator(self) -> str:
        """Return the separator between clauses of one line (``; ``)."""
        return self.pgettext("separator", "; ")

    def join(self, items: list[str]) -> str:
        """Join *items* as the locale writes a list (``a, b and c``), each trimmed.

        An item's own leading or trailing white space would show after the
        list's separator in a language that writes none (Japanese ``、``).
        An item in a right-to-left script is isolated (`isolated`), so that
        the list's commas stay between the items.
        """
        from babel.lists import format_list

        trimmed = [isolated(item.strip()) for item in items]
        return format_list(trimmed, style="standard", locale=self.fmt.words)

    # -- values ---------------------------------------------------------------

    def date(self, day: dt.date) -> str:
        """Format *day* in the locale's long form."""
        return self.fmt.date(day, "long")

    def short_date(self, day: dt.date) -> str:
        """Format *day* in the locale's medium form (tables)."""
        return self.fmt.date(day, "medium")

    def plural(self, value: Decimal) -> int:
        """Return the n that picks *value*'s plural form from a catalog.

        Integers are themselves; a fraction is 1 when its CLDR plural
        category is ``one`` (French ``1,5``) and 2 otherwise. The form is
        the one of the number as `shown`: ``1.0`` is 1, ``2.50`` is ``2.5``.
        """
        # Exact: abs() rounds in the caller's context.
        magnitude = shown(value).copy_abs()
        if value == value.to_integral_value(context=decimal_context()):
            return int(magnitude)
        # babel reads the fraction's digits in the current context.
        with decimal.localcontext(decimal_context()):
            form = self.fmt.words.plural_form(magnitude)
        return 1 if form == "one" else 2

    def amount(
        self,
        value: Decimal,
        unit: str,
        *,
        computed: bool = False,
        limits: Iterable[Decimal] = (),
    ) -> str:
        """Format *value* in *unit*: money, people, hours, days, counts, percent.

        The number and its unit are joined by no-break spaces (``3.5 days``
        never wraps between ``3.5`` and ``days``), as babel already joins
        most currencies and percent signs.

        Args:
            value: The amount.
            unit: A currency code or ``count``, ``percent``, ``fte``,
                ``hour``, ``day``.
            computed: Whether the value was computed (pro-rated, averaged)
                rather than written by a user: it is shown to two decimals,
                money to its currency's digits. A value a user wrote shows
                every significant digit it has, but no zero that ends its
                fraction (``1.50`` is ``1.5``, ``1.0`` is ``1``; money shows
                at least its currency's digits): equal values read alike,
                and a word takes the plural form of the number shown.
            limits: For a computed value, values it keeps its side of, as
                `rounded_beside` keeps it: a shortfall of 5.001 next to a
                grace of 5 reads ``5.001``, never ``5``, and one of 0.001
                above 0 never reads ``0``.
        """
        bounds = tuple(limits) if computed else ()
        return _unbroken(self._amount(value, unit, computed=computed, limits=bounds))

    def _amount(
        self, value: Decimal, unit: str, *, computed: bool, limits: tuple[Decimal, ...]
    ) -> str:
        if computed and unit in _TRIMMED:
            value = (
                shown(rounded_beside(value, _SHOWN, limits))
                if limits
                else trimmed(value, _SHOWN)
            )
        if unit == "count":
            return self.fmt.number(value)
        if unit == "percent":
            if computed:
                ratios = [decimal_context().divide(limit, _HUNDRED) for limit in limits]
                return self.fmt.percent(
                    decimal_context().divide(value, _HUNDRED), ratios
                )
            return self.fmt.percent_points(value)
        if unit == "hour":
            return self.fmt.unit(value, "duration-hour")
        if unit == "day":
            return self.fmt.unit(value, "duration-day")
        if unit == "fte":
            return self.ngettext(
                "{n} FTE", "{n} FTE", self.plural(value), n=self.fmt.number(value)
            )
        if computed and limits:
            # To the currency's digits, and more where a limit needs them:
            # shown as a written amount is, every digit it has kept.
            minor = Decimal(1).scaleb(-currency_digits(unit), decimal_context())
            return self.fmt.money(
                shown(rounded_beside(value, minor, limits)), unit, written=True
            )
        return self.fmt.money(value, unit, written=not computed)

    def quantity(self, quantity: Quantity) -> str:
        """Format a `Quantity`; a count names its unit (``12 units``), unbreakably."""
        return _unbroken(self._quantity(quantity))

    def _quantity(self, quantity: Quantity) -> str:
        if quantity.unit == "count":
            return self.ngettext(
                "{n} unit",
                "{n} units",
                self.plural(quantity.amount),
                n=self.fmt.number(quantity.amount),
            )
        return self.amount(quantity.amount, quantity.unit)

    def percent(self, ratio: Decimal | None, limits: Iterable[Decimal] = ()) -> str:
        """Format a computed ratio as a percentage to a tenth (``0.875`` → ``87.5%``).

        A dash when there is none. For a rate or share the parties agreed,
        use `agreed_percent`, which keeps every digit. With *limits* (the
        thresholds of the tiers it is judged by), the percentage takes the
        places it needs to read on the same side of each as the ratio is:
        an attainment of 0.9999999 below a threshold of 1 is ``99.99999%``.
        """
        if ratio is None:
            return "\u2013"
        return self.fmt.percent(ratio, limits)

    def agreed_percent(self, ratio: Decimal) -> str:
        """Format a ratio the parties wrote as a percentage, with all its digits.

        A rate, threshold or share of the terms is stated as agreed:
        ``0.0125`` is ``1.25%`` and ``0.3333`` is ``33.33%``, never rounded
        to a tenth as a computed ratio is.
        """
        return self.fmt.percent_points(decimal_context().multiply(ratio, _HUNDRED))


def _unbroken(text: str) -> str:
    """Join an amount's number and unit with no-break spaces."""
    return text.replace(" ", "\u00a0")


def _trimmed(value: str | Span) -> str | Span:
    if isinstance(value, str):
        return value.strip()
    text = value.text
    if text[:1].isspace() or text[-1:].isspace():
        return attrs.evolve(value, text=text.strip())
    return value


def _text(value: str | Span) -> str:
    return value.text if isinstance(value, Span) else value
