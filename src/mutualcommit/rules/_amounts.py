"""Amounts a rule computed, written in its message to the digits that show them.

Money to its currency's minor unit (two digits for EUR, none for JPY, three
for BHD), another unit exactly when it is a short decimal and else to two
places; and, where rounding there would contradict what the rule found (an
amount over a capacity shown equal to it), with one place more at a time
until the amounts as shown still say it. MC203, MC204, MC206 and MC210
write their amounts so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction

from mutualcommit.model import (
    PLAIN_UNITS,
    currency_digits,
    decimal_context,
    decimal_text,
)

__all__ = ["shown_amounts"]


def _rounded(value: Fraction, places: int) -> Decimal:
    """Round *value* half-even to *places* digits after the point, exactly."""
    # round() of a Fraction is half-even, and a Decimal read from text is
    # not rounded by any context: every digit before the point is kept.
    return Decimal(f"{round(value * 10**places)}E-{places}")


def _places(value: Fraction, unit: str) -> int | None:
    """Return the places an amount in *unit* is shown to; None to show it exactly.

    Money is shown to its currency's digits (two for EUR, none for JPY,
    three for BHD); another unit exactly when it is a short decimal, else to
    two places.
    """
    if unit not in PLAIN_UNITS:
        return currency_digits(unit)
    return None if Fraction(_quotient(value)) == value else 2


def _quotient(value: Fraction) -> Decimal:
    """Return *value* to the library context's 28 digits."""
    return decimal_context().divide(
        decimal_context().create_decimal(value.numerator), value.denominator
    )


def shown_amounts(
    amounts: Sequence[Fraction], unit: str, holds: Callable[..., bool]
) -> list[str]:
    """Write *amounts* in *unit* so that what they show still *holds*.

    To the unit's places (`_places`) and, where rounding there would
    contradict the finding (an amount over a capacity shown equal to it),
    with one place more at a time until *holds* is true of the amounts as
    shown. *holds* is true of the exact amounts, so this ends at the latest
    where they are shown exactly.
    """
    places = max(
        (p for p in (_places(a, unit) for a in amounts) if p is not None),
        default=None,
    )
    if places is None:
        return [decimal_text(_quotient(a)) for a in amounts]
    shown = [_rounded(a, places) for a in amounts]
    while not holds(*(Fraction(d) for d in shown)):
        places += 1
        shown = [_rounded(a, places) for a in amounts]
    return [decimal_text(d) for d in shown]
