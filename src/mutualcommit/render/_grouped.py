"""A babel locale whose group separator survives babel's quote handling.

babel writes a number's group separators into its pattern, then removes
the pattern's quotes (``'text'``) from the whole result. A locale whose
group separator is an apostrophe (``de_CH``, ``fr_CH``, ``it_CH``,
``de_LI``, ``en_CH``) loses every pair of them: ``1'000'000`` comes out
``1000000`` and ``1'234'567'890`` as ``1234567'890``. `grouped` gives
babel a copy of the locale that writes a private-use mark in place of an
apostrophe in its number symbols; `restored` puts the apostrophes back in
the text babel returns.

This module imports babel: import it only inside a function.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from babel import Locale

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["grouped", "restored"]

#: Stands for an apostrophe while babel formats; no locale's data has it.
_MARK = "\ue000"
_QUOTE = "'"


class _Grouped(Locale):
    """*locale* with `_MARK` for every apostrophe in its number symbols."""

    def __init__(self, locale: Locale) -> None:
        super().__init__(
            locale.language,
            locale.territory,
            locale.script,
            locale.variant,
            locale.modifier,
        )
        symbols = locale.number_symbols
        self._marked: dict[str, dict[str, str]] = {
            str(system): {
                name: str(value).replace(_QUOTE, _MARK)
                for name, value in symbols[system].items()
            }
            for system in symbols
        }

    @property
    def number_symbols(self) -> Mapping[str, Mapping[str, str]]:  # type: ignore[override]
        """The locale's number symbols, an apostrophe written as `_MARK`."""
        return self._marked


@lru_cache(maxsize=64)
def grouped(locale: Locale) -> Locale:
    """Return *locale* as babel must be given it to keep its group separators.

    *locale* itself when no number symbol of it holds an apostrophe.
    """
    symbols = locale.number_symbols
    if not any(
        _QUOTE in str(value) for system in symbols for value in symbols[system].values()
    ):
        return locale
    return _Grouped(locale)


def restored(text: str) -> str:
    """Return *text*, formatted with a `grouped` locale, with its apostrophes."""
    return text.replace(_MARK, _QUOTE)
