"""The message catalogs: fixed labels and finding messages in five languages.

English is the source language (the msgids); German, French, Spanish and
Japanese catalogs live in ``locale/<lang>/LC_MESSAGES/mutualcommit.mo``
inside this package, compiled from their ``.po`` files by
``scripts/update_catalogs.py`` and shipped as package data. A language
without a catalog reads the English msgids.
"""

from __future__ import annotations

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


@lru_cache(maxsize=32)
def _catalog(language: str) -> gettext.GNUTranslations | None:
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
