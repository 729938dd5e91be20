"""How the commands' text output writes amounts and ratios.

The JSON output has every value in full; the text rounds it for reading,
and never fails to: a value may have more digits than the library's
28-digit context holds (an attainment of 10^25 against a tiny target), and
every digit before the rounding place is kept.
"""

from __future__ import annotations

from decimal import Decimal

from mutualcommit.model import decimal_text, percentage, rounded

__all__ = ["NONE", "amount", "number", "percent"]

#: What a missing value is written as.
NONE = "-"

_CENTS = Decimal("0.01")
_FOUR_PLACES = Decimal("0.0001")


def amount(value: Decimal | None) -> str:
    """Write *value* to the cent, without the zeros a whole number does not need."""
    if value is None:
        return NONE
    return decimal_text(rounded(value, _CENTS))


def number(value: Decimal) -> str:
    """Write a measure to four places, without trailing zeros."""
    return decimal_text(rounded(value, _FOUR_PLACES))


def percent(value: Decimal | None) -> str:
    """Write a ratio as a percentage to a tenth (``0.875`` → ``87.5 %``)."""
    if value is None:
        return NONE
    return f"{percentage(value)} %"
