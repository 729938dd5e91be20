"""The message catalogs: fixed labels and finding messages in five languages.

English is the source language (the msgids); German, French, Spanish and
Japanese catalogs live in ``locale/<lang>/LC_MESSAGES/mutualcommit.mo``
inside this package, compiled from their ``.po`` files by
``scripts/update_catalogs.py`` and shipped as package data. A language
without a catalog reads the English msgids. Swiss and Liechtenstein German
(``de_CH``, ``de_LI``) read the German catalog written without ``ß``, as
their spelling writes ``ss`` (``Massnahme``); only the catalog's words
change, never the agreement's own text.
"""

from __future__ import annotations

import copy
import gettext
import io
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["DOMAIN", "translations"]

#: The gettext domain: the catalogs' file name.
DOMAIN = "mutualcommit"


def translations(languages: Iterable[str]) -> gettext.NullTranslations:
    """Return the catalog of the first of *languages* that has one.

    Falls back to English (the msgids themselves) when none has a catalog.
    """
    for language in languages:
        found = _catalog(language)
        if found is not None:
            return found
    return _english()


@lru_cache(maxsize=1)
def _english() -> gettext.NullTranslations:
    return gettext.NullTranslations()


#: The regions whose German writes "ss" for "ß".
_WITHOUT_ESZETT = frozenset({"de_CH", "de_LI"})


@lru_cache(maxsize=32)
def _catalog(language: str) -> gettext.GNUTranslations | None:
    if language in _WITHOUT_ESZETT:
        german = _catalog("de")
        if german is None:
            return None
        swiss = copy.copy(german)
        # The messages are the catalog's own dict of msgid to msgstr.
        words: dict[object, str] = german._catalog  # type: ignore[attr-defined]  # noqa: SLF001
        swiss._catalog = {  # type: ignore[attr-defined]  # noqa: SLF001
            key: text.replace("ß", "ss") for key, text in words.items()
        }
        return swiss
    # Read the bytes through importlib.resources rather than gettext's own
    # path search, so the catalogs load from any installed form (a wheel
    # unpacked, a zip, an editable install). Imported here, on the first
    # catalog: importlib.resources brings tempfile, shutil and the
    # compression modules (about 3 ms) that a program not rendering
    # never needs.
    from importlib import resources

    path = resources.files("mutualcommit.render").joinpath(
        "locale", language, "LC_MESSAGES", f"{DOMAIN}.mo"
    )
    if not path.is_file():
        return None
    return gettext.GNUTranslations(io.BytesIO(path.read_bytes()))
