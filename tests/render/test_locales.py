import datetime as dt
import pickle
import re
import subprocess
import sys
from collections.abc import Callable

import attrs
import pytest

from mutualcommit.errors import MutualCommitError, UnknownLocaleError
from mutualcommit.model import Agreement
from mutualcommit.render import render
from mutualcommit.render._html import direction
from mutualcommit.rules import Report

Small = Callable[..., Agreement]


class TestLocaleStrings:
    """A locale is parsed from its common spellings; anything else is an error."""

    def test_spellings(self, small: Small) -> None:
        """de, de_DE and de-DE all render German."""
        agreement = small()
        documents = {render(agreement, locale=name) for name in ("de_DE", "de-DE")}
        assert (1, True) == (
            len(documents),
            "## Parteien" in render(agreement, locale="de"),
        )

    @pytest.mark.parametrize("name", ["xx", "zz_ZZ", "", "123", "en_US_xyz!", "de--DE"])
    def test_unknown(self, small: Small, name: str) -> None:
        """A string that is not a locale raises UnknownLocaleError naming it."""
        with pytest.raises(UnknownLocaleError) as caught:
            render(small(), locale=name)
        assert (name, f"unknown locale: {name!r}") == (
            caught.value.locale,
            str(caught.value),
        )

    def test_error_hierarchy(self) -> None:
        """The error is the library's and a ValueError, and it pickles."""
        error = UnknownLocaleError("xx")
        copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
        assert (True, True, "xx") == (
            isinstance(error, MutualCommitError),
            isinstance(error, ValueError),
            copy.locale,
        )

    @pytest.mark.parametrize("name", ["C", "POSIX", "C.UTF-8", "C.utf8", " posix "])
    def test_posix_default_is_english(self, small: Small, name: str) -> None:
        """C and POSIX, what LANG holds in a container, read as en, with grouped digits."""
        agreement = small()
        page = render(agreement, locale=name, format="html")

        assert render(agreement, locale="en", format="html") == page
        assert ['<html lang="en" dir="ltr">'] == re.findall(r"<html[^>]*>", page)

    @pytest.mark.parametrize(
        ("name", "says"),
        [
            ("ar_EG@numbers=arab", "keywords (@numbers=arab) are not accepted"),
            ("ar-EG-u-nu-arab", "BCP 47 extensions (-u-, -t-, -x-) are not accepted"),
            ("ja-JP-u-ca-japanese", "BCP 47 extensions"),
            ("de-DE-x-private", "BCP 47 extensions"),
        ],
    )
    def test_numbering_systems_refused(
        self, small: Small, name: str, says: str
    ) -> None:
        """A numbering system or extension is refused, saying which forms are accepted."""
        with pytest.raises(UnknownLocaleError) as caught:
            render(small(), locale=name)

        message = str(caught.value)
        assert (name, True, True, True) == (
            caught.value.locale,
            message.startswith(f"unknown locale: {name!r}: "),
            says in message,
            "de, de_DE, de-DE" in message,
        )

    def test_reason_pickles(self) -> None:
        """The reason survives a pickle, as the locale does."""
        error = UnknownLocaleError("ar-EG-u-nu-arab", "why")
        copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
        assert (str(error), "why") == (str(copy), copy.reason)

    @pytest.mark.parametrize(
        ("locale", "given"),
        [(None, "NoneType None"), (42, "int 42"), (b"de", "bytes b'de'")],
    )
    def test_not_a_string(self, small: Small, locale: object, given: str) -> None:
        """A locale that is not a string is a TypeError, as any argument of the wrong type.

        It was an UnknownLocaleError, "unknown locale: None", as if babel
        did not know a locale called None.
        """
        with pytest.raises(TypeError) as caught:
            render(small(), locale=locale)  # type: ignore[arg-type]

        assert (
            f"locale is a str such as 'en', 'de_DE' or 'de-DE', got {given}",
            False,
        ) == (str(caught.value), isinstance(caught.value, UnknownLocaleError))


class TestLanguages:
    """Labels are translated in five languages; others fall back to English."""

    @pytest.mark.parametrize(
        ("locale", "heading"),
        [
            ("en_US", "## Parties"),
            ("de_DE", "## Parteien"),
            ("fr_FR", "## Parties"),
            ("es_ES", "## Partes"),
            ("ja_JP", "## 当事者"),
        ],
    )
    def test_parties_heading(self, small: Small, locale: str, heading: str) -> None:
        """The parties section is headed in the locale's language."""
        lines = render(small(), locale=locale).splitlines()
        assert heading == lines[4]

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("en", "at least 6 co-selling opportunities each fiscal quarter"),
            ("de", "mindestens 6 co-selling opportunities je Geschäftsquartal"),
            ("fr", "au moins 6 co-selling opportunities par trimestre fiscal"),
            ("es", "al menos 6 co-selling opportunities cada trimestre fiscal"),
            ("ja", "会計四半期ごとにco-selling opportunitiesを6以上"),
        ],
    )
    def test_target_in_words(self, small: Small, locale: str, expected: str) -> None:
        """A target is worded as one sentence in each language."""
        text = render(small(), locale=locale, format="text")
        assert 1 == text.count(expected)

    def test_fallback(
        self, small: Small, table_rows: Callable[..., list[list[str]]]
    ) -> None:
        """Italian has no catalog: English labels with Italian numbers."""
        text = render(small(), locale="it_IT")
        (row,) = table_rows(text, "Acme Software")[-1:]
        assert ("## Parties", "12.500,50\xa0€") == (text.splitlines()[4], row[1])

    def test_fallback_words_are_english(self, it_agreement: Agreement) -> None:
        """Italian reads English words (lists, months, units) around Italian numbers."""
        lines = render(it_agreement, locale="it_IT", as_of=dt.date(2026, 9, 15))
        assert {
            "Status on 15 September 2026: active",
            "- **Term:** 1 January 2026 to 31 December 2026",
            (
                "- **Fiscal year:** starts in February; named after the calendar year "
                "it ends in"
            ),
            "- **Currency:** Euro (EUR)",
            "| `FY2027-Q1` | 1 Feb – 30 Apr 2026 | 400.000,00\xa0€ |",
            (
                "- **Target:** Deal registration approval time: at most 3\xa0days each "
                "fiscal quarter; baseline: 6\xa0days"
            ),
        } <= set(lines.splitlines())
        supported = next(
            line for line in lines.splitlines() if line.startswith("- **Supported by")
        )
        assert supported.endswith(
            " (Acme Software) and Approve deal registrations within three days, "
            "every month (Acme Software)"
        )
        page = render(it_agreement, locale="it_IT", format="html")
        assert ['<html lang="en" dir="ltr">'] == re.findall(r"<html[^>]*>", page)
        for italian in ("gennaio", "febbraio", "giorni", " e Approve", "euro ("):
            assert italian not in lines

    def test_fallback_schedule_and_names(self, small: Small) -> None:
        """A weekly schedule names English weekdays; a metric's name reads as an English word."""
        metric = attrs.evolve(small().metrics[0], name="Co-selling opportunities")
        agreement = small(review_rule="FREQ=WEEKLY;BYDAY=MO,TH", metrics=(metric,))
        lines = render(agreement, locale="ko_KR").splitlines()
        assert {
            "- **Schedule:** every week on Monday and Thursday",
            "- **Target:** at least 6 co-selling opportunities each fiscal quarter",
        } <= set(lines)

    @pytest.mark.parametrize(
        ("locale", "markdown", "text"),
        [
            ("en", "- **Term:** ", "Term:     "),
            ("de", "- **Laufzeit:** ", "Laufzeit:   "),
            ("fr", "- **Durée\xa0:** ", "Durée\xa0:    "),
            ("es", "- **Vigencia:** ", "Vigencia: "),
            ("ja", "- **契約期間\uff1a** ", "契約期間\uff1a "),
            ("it_IT", "- **Term:** ", "Term:     "),
        ],
    )
    def test_label_colon(
        self, small: Small, locale: str, markdown: str, text: str
    ) -> None:
        """A field's label ends in the language's colon: French spaced, Japanese full width."""
        lines = (
            render(small(), locale=locale).splitlines(),
            render(small(), locale=locale, format="text").splitlines(),
        )
        assert [1, 1] == [
            sum(line.startswith(markdown) for line in lines[0]),
            sum(line.startswith(text) for line in lines[1]),
        ]

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("en", "5 errors; 3 warnings; 0 notes"),
            ("de", "5 Fehler; 3 Warnungen; 0 Hinweise"),
            ("fr", "5 erreurs\u202f; 3 avertissements\u202f; 0 remarque"),
            ("ja", "エラー5件；警告3件；注記0件"),
        ],
    )
    def test_plural_forms(
        self, poor_report: Report, locale: str, expected: str
    ) -> None:
        """Counts pick the language's plural form (French 0 is singular)."""
        text = render(poor_report, locale=locale)
        # After the agreement, its version, fingerprint, the day and the result.
        line = text.splitlines()[7]
        assert expected == line.split("** ", 1)[1]


class TestLazyImport:
    """Importing the library loads no babel; rendering does."""

    def test_no_babel_at_import(self) -> None:
        """``import mutualcommit`` leaves babel unimported."""
        code = "import sys, mutualcommit; print('babel' in sys.modules)"
        result = subprocess.run(  # noqa: S603 - this interpreter, our code
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert "False" == result.stdout.strip()


class TestHtmlLang:
    """The page's lang names the language its words are in, as a BCP 47 tag."""

    @pytest.mark.parametrize(
        ("locale", "lang"),
        [
            ("de_DE", "de-DE"),
            ("ja", "ja"),
            ("fr_CA", "fr-CA"),
            ("en_GB", "en-GB"),
            ("pt_BR", "en"),
            ("ar", "en"),
            ("he", "en"),
            ("zh_Hant_TW", "en"),
            ("root", "en"),
        ],
    )
    def test_lang(self, small: Small, locale: str, lang: str) -> None:
        """A locale without a catalog reads English, and its page says so."""
        page = render(small(), locale=locale, format="html")

        assert [f'<html lang="{lang}" dir="ltr">'] == re.findall(r"<html[^>]*>", page)

    def test_a_posix_modifier(self, small: Small) -> None:
        """``de_DE@euro``: ``lang="de-DE"`` where babel reads it; else an UnknownLocaleError, never babel's FileNotFoundError.

        The babel releases before 2.15 look for a data file of the modifier
        and raised FileNotFoundError through render.
        """
        import babel

        try:
            babel.Locale.parse("de_DE@euro").decimal_formats  # noqa: B018 - reads its data
        except (OSError, ValueError):
            with pytest.raises(UnknownLocaleError):
                render(small(), locale="de_DE@euro", format="html")
            return
        page = render(small(), locale="de_DE@euro", format="html")

        assert ['<html lang="de-DE" dir="ltr">'] == re.findall(r"<html[^>]*>", page)

    def test_direction_is_babels(self) -> None:
        """A tag's ``dir`` is the direction babel writes its locale in, for every locale."""
        from babel import Locale, localedata

        disagree = []
        for identifier in localedata.locale_identifiers():
            locale = Locale.parse(identifier)
            tag = "-".join(
                part
                for part in (locale.language, locale.script, locale.territory)
                if part
            )
            babels = "rtl" if locale.character_order == "right-to-left" else "ltr"
            if direction(tag) != babels:
                disagree.append(tag)

        assert [] == disagree
        assert ("rtl", "rtl", "ltr", "rtl") == (
            direction("ar-EG"),
            direction("he"),
            direction("ks-Deva"),
            direction("uz-Arab-AF"),
        )


class TestFrenchElision:
    """French elides "de" before a name that starts with a vowel, as before a month."""

    def test_attendees(self, it_agreement: Agreement) -> None:
        """A review attended by Acme Software reads "en présence d'Acme Software" (elided)."""
        text = render(it_agreement, locale="fr_CA", format="text")

        assert "en présence d\u2019Acme Software et Globex Solutions" in text
        assert "de Acme" not in text

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("Omega Partners", "en présence d\u2019Omega Partners"),
            ("Yamaha Partners", "en présence de Yamaha Partners"),
            ("Hexa Partners", "en présence de Hexa Partners"),
            ("Écrins Conseil", "en présence d\u2019Écrins Conseil"),
            ("3M France", "en présence de 3M France"),
        ],
    )
    def test_only_before_a_vowel(
        self, it_agreement: Agreement, name: str, expected: str
    ) -> None:
        """Not before y, h or a digit, which may not elide; the name is kept as written."""
        acme = attrs.evolve(it_agreement.parties[0], name=name)
        agreement = attrs.evolve(
            it_agreement, parties=(acme, *it_agreement.parties[1:])
        )

        assert expected in render(agreement, locale="fr", format="text")

    def test_other_languages_untouched(self, it_agreement: Agreement) -> None:
        """Spanish "de" stays before a vowel."""
        text = render(it_agreement, locale="es", format="text")

        assert "d\u2019Acme" not in text
