"""The ``--locale`` option, one for every command that writes a document."""

from __future__ import annotations

import argparse

from mutualcommit.errors import UnknownLocaleError

__all__ = ["DEFAULT_LOCALE", "add_locale", "locale_name"]

#: The locale of a document when ``--locale`` is not given.
DEFAULT_LOCALE = "en"


def locale_name(text: str) -> str:
    """Return *text* when it names a locale, as `mutualcommit.render` reads one.

    The string is checked as ``render(..., locale=text)`` checks it, so every
    command refuses what the API refuses (an empty string among them).

    Raises:
        argparse.ArgumentTypeError: When it does not, so argparse exits 2.
    """
    # babel loads here, on a command that writes a document, not on import.
    from mutualcommit.render._formats import formatter

    try:
        formatter(text)
    except UnknownLocaleError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def add_locale(parser: argparse.ArgumentParser, help: str) -> None:  # noqa: A002 - argparse's own name
    """Add ``--locale`` to *parser*; its value is None when it is not given."""
    parser.add_argument("--locale", type=locale_name, metavar="LOCALE", help=help)
