"""How the commands' text output writes amounts and ratios.

The JSON output has every value in full; the text rounds it for reading,
and never fails to: a value may have more digits than the library's
28-digit context holds (an attainment of 10^25 against a tiny target), and
every digit before the rounding place is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from mutualcommit.model import (
    PLAIN_UNITS,
    currency_digits,
    decimal_context,
    decimal_text,
    percentage,
    rounded,
    rounded_beside,
)

__all__ = ["NONE", "amount", "number", "percent"]

#: What a missing value is written as.
NONE = "-"

_CENTS = Decimal("0.01")
_FOUR_PLACES = Decimal("0.0001")


def amount(
    value: Decimal | None, unit: str | None, limits: Iterable[Decimal] = ()
) -> str:
    """Write *value* in *unit* rounded for reading, without needless zeros.

    Money is rounded half-even to its currency's minor digits, as the
    documents show it (two for EUR, none for JPY, three for BHD); any other
    value (a count, days, a return on investment: *unit* None) to the
    hundredth. With as many places more as it takes to read on the same
    side of each of *limits* as *value* is (a shortfall of 5.001 next to a
    grace of 5 is ``5.001``, never ``5``).
    """
    if value is None:
        return NONE
    places = _CENTS if unit is None or unit in PLAIN_UNITS else _minor_unit(unit)
    return decimal_text(rounded_beside(value, places, limits))


@lru_cache(maxsize=64)
def _minor_unit(currency: str) -> Decimal:
    """Return the smallest amount of *currency*: ``0.01`` EUR, ``1`` JPY, ``0.001`` BHD."""
    return Decimal(1).scaleb(-currency_digits(currency), decimal_context())


def number(value: Decimal) -> str:
    """Write a measure to four places, without trailing zeros."""
    return decimal_text(rounded(value, _FOUR_PLACES))


def percent(value: Decimal | None, limits: Iterable[Decimal] = ()) -> str:
    """Write a ratio as a percentage to a tenth (``0.875`` → ``87.5 %``).

    With as many places more as it takes to read on the same side of each
    of *limits* as *value* is (an attainment next to the thresholds of the
    tiers it is judged by: 0.9999999 against 1 is ``99.99999 %``).
    """
    if value is None:
        return NONE
    return f"{percentage(value, limits=limits)} %"
