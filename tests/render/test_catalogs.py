import importlib.util
import io
import re
import string
import subprocess
import sys
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import ModuleType

import attrs
import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from mutualcommit import loads
from mutualcommit.render import render
from mutualcommit.rules import MESSAGES

LANGUAGES = ("de", "es", "fr", "ja")
LOCALE = resources.files("mutualcommit.render") / "locale"
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "update_catalogs.py"


def _script() -> ModuleType:
    """Import ``scripts/update_catalogs.py``, which is no package's module."""
    spec = importlib.util.spec_from_file_location("update_catalogs", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _catalog(language: str) -> Catalog:
    path = LOCALE / language / "LC_MESSAGES" / "mutualcommit.po"
    return read_po(io.BytesIO(path.read_bytes()), locale=language)


def _mo(language: str) -> Traversable:
    return LOCALE / language / "LC_MESSAGES" / "mutualcommit.mo"


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def _forms(value: object) -> tuple[str, ...]:
    """Return a message's id or string as a tuple of forms."""
    forms = value if isinstance(value, tuple | list) else (value,)
    return tuple(str(form or "") for form in forms)


def _strings(message: Message) -> tuple[str, ...]:
    return _forms(message.string)


def _ids(message: Message) -> tuple[str, ...]:
    return _forms(message.id)


def _same_fields(text: str, message: Message) -> bool:
    """Tell whether *text* fills the fields of *message*'s English forms.

    A singular form may leave out ``{n}``, as English "every month" does.
    """
    expected = set().union(*(_fields(english) for english in _ids(message)))
    return expected - {"n"} <= _fields(text) <= expected


class TestCompiledCatalogs:
    """The shipped .mo files are compiled from the .po files as they are now."""

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_up_to_date(self, language: str) -> None:
        """Compiling the .po file in memory gives the shipped .mo's messages.

        Its header aside, which names the babel that compiled it: another
        babel (a new release, the oldest supported) compiles the same
        messages. When this fails, run ``python scripts/update_catalogs.py``.
        """
        buffer = io.BytesIO()
        write_mo(buffer, _catalog(language), use_fuzzy=False)
        messages = _script().mo_messages

        assert messages(buffer.getvalue()) == messages(_mo(language).read_bytes())

    def test_the_comparison_sees_every_message(self) -> None:
        """The messages compared are the translations, and only the version is left out."""
        shipped = _mo("de").read_bytes()
        messages = _script().mo_messages(shipped)
        header = messages[b""].decode("utf-8")

        # Every translation, and the header (which a Catalog does not count).
        assert len(_catalog("de")) + 1 == len(messages)
        assert "Generated-By" not in header
        assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header
        assert b"Generated-By: Babel " in shipped


class TestTranslations:
    """Every message is translated, keeping its placeholders."""

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_complete(self, language: str) -> None:
        """No message is untranslated or fuzzy."""
        missing = [
            message.id
            for message in _catalog(language)
            if message.id and (message.fuzzy or not all(_strings(message)))
        ]
        assert [] == missing

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_placeholders(self, language: str) -> None:
        """Each translation fills the same fields as its English message."""
        wrong = [
            (message.id, text)
            for message in _catalog(language)
            if message.id
            for text in _strings(message)
            if not _same_fields(text, message)
        ]
        assert [] == wrong

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_finding_templates(self, language: str) -> None:
        """Every finding template of the rules layer has its translation."""
        catalog = _catalog(language)
        missing = [
            (code, key)
            for code, templates in MESSAGES.items()
            for key, template in templates.items()
            if not all(_strings(catalog.get(template, context=code) or Message("")))
        ]
        assert [] == missing


#: Placeholders a Japanese message fills with a date or a number.
_JAPANESE_VALUES = (
    *("after", "before", "claimed_on", "date", "deadline", "due", "end"),
    *("held_on", "opened_on", "start", "gap_days", "growth", "limit", "lower"),
    *("max_days", "max_growth", "n", "partners", "upper", "vendors"),
    *("day", "months", "first"),
)


class TestTypography:
    """Each catalog writes its punctuation and spacing one way throughout."""

    def test_french_apostrophes(self) -> None:
        """French elides with the typographic apostrophe (U+2019), never a straight one."""
        straight = [
            text
            for message in _catalog("fr")
            for text in _strings(message)
            if "'" in text
        ]
        assert [] == straight

    def test_french_no_break_spaces(self) -> None:
        """French joins « » to their words and ; : ! ? % to the word before, unbreakably.

        The space is a no-break one (U+00A0) or a narrow no-break one
        (U+202F), never an ordinary space, at which a line may break: no
        line of a French document starts with » or ;, or ends with «.
        """
        loose = [
            text
            for message in _catalog("fr")
            if message.id
            for text in _strings(message)
            if re.search("« | [»;:!?%]|«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»", text)
        ]
        assert [] == loose

    def test_japanese_dates_and_numbers(self) -> None:
        """A Japanese date or number touches its text: 「2027年1月5日に」, no space around it."""
        spaced = [
            text
            for message in _catalog("ja")
            if message.id
            for text in _strings(message)
            for name in _JAPANESE_VALUES
            if re.search(
                rf"[\u3040-\u30ff\u4e00-\u9fff] \{{{name}\}}|\{{{name}\}} [\u3040-\u30ff\u4e00-\u9fff]",
                text,
            )
        ]
        assert [] == spaced


#: Each language's words for a goal and for a target, as its catalog writes
#: them: a document's label, its sentences and the findings all name a
#: target alike, and never with the word for a goal.
_TERMS = {
    "de": (re.compile("ziel", re.IGNORECASE), "Vorgabe"),
    "fr": (re.compile("objectif", re.IGNORECASE), "Cible"),
    "es": (re.compile("objetivo", re.IGNORECASE), "Meta"),
    "ja": (re.compile("目標(?!値)"), "目標値"),
}
_GOAL = re.compile(r"\bgoals?\b", re.IGNORECASE)
_TARGET = re.compile(r"\btargets?\b", re.IGNORECASE)


def _words(text: str) -> str:
    """Return *text* without its placeholders, which name no word."""
    return re.sub(r"\{\w+\}", "", text)


class TestTerms:
    """A target is named with one word, never the word for a goal."""

    @pytest.mark.parametrize("language", sorted(_TERMS))
    def test_the_target_label(self, language: str) -> None:
        """The label "Target" is German "Vorgabe", French "Cible", Japanese "目標値"."""
        _goal, target = _TERMS[language]
        message = _catalog(language).get("Target")

        assert message is not None
        assert target == message.string

    @pytest.mark.parametrize("language", sorted(_TERMS))
    def test_no_target_called_a_goal(self, language: str) -> None:
        """A message about a target and no goal never uses the word for a goal."""
        goal, _target = _TERMS[language]
        wrong = [
            text
            for message in _catalog(language)
            if message.id
            and any(_TARGET.search(english) for english in _ids(message))
            and not any(_GOAL.search(_words(english)) for english in _ids(message))
            for text in _strings(message)
            if goal.search(_words(text))
        ]

        assert [] == wrong

    @pytest.mark.parametrize("language", ["de", "es", "fr"])
    def test_as_many_goals_as_in_english(self, language: str) -> None:
        """A sentence of a goal and its target names the goal once: "beim Ziel … der Vorgabe"."""
        goal, _target = _TERMS[language]
        wrong = [
            text
            for message in _catalog(language)
            if message.id and any(_TARGET.search(english) for english in _ids(message))
            for text in _strings(message)
            if len(goal.findall(_words(text)))
            > max(len(_GOAL.findall(_words(english))) for english in _ids(message))
        ]

        assert [] == wrong


class TestTemplate:
    """The catalogs hold exactly the messages the code uses."""

    def test_extracted_messages_are_current(self) -> None:
        """Extracting anew changes no catalog: no label was added unextracted.

        Skipped under a babel too old to extract them as they are written
        (the library renders with it all the same: the tests above hold).
        """
        if not _script().babel_extracts():
            pytest.skip("the catalogs are extracted with babel 2.17 or later")
        result = subprocess.run(  # noqa: S603 - this interpreter, our script
            [sys.executable, str(SCRIPT), "--check"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert (0, "") == (result.returncode, result.stdout)


class TestSwissGerman:
    """Swiss and Liechtenstein German write "ss" where German writes "ß"."""

    @pytest.mark.parametrize("locale", ["de_CH", "de_LI"])
    def test_catalog_words_without_eszett(self, locale: str) -> None:
        """The catalog's words lose their ß; the agreement's own text keeps it."""
        example = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"
        agreement = loads((example / "agreement.json").read_text("utf-8"))
        renamed = attrs.evolve(agreement, title="Großhandel Zürich")

        swiss = render(renamed, locale=locale)
        german = render(renamed, locale="de_DE")

        assert ("Maßnahme" in german, "Massnahme" in swiss) == (True, True)
        assert "Großhandel Zürich" in swiss
        assert swiss.count("ß") == swiss.count("Großhandel")
