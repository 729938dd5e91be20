"""The context in which the KPI arithmetic adds and multiplies exactly.

Every model value has at most 12 places and 15 integer digits, and every
computed number at most 28 significant digits: their sums (of up to 10^50
terms) and their products with a count of days or pairs fit in 80 digits.
Terms are added and multiplied here, exactly, and the result is rounded
once, to the library's context, by the one division (or the one operation)
that leaves it. A quotient computed from a quotient already rounded to 28
digits can miss an exact bound in its last digit: a tracking signal of 4
read 4.000000000000000000000000002.

Nothing here sets a flag: an exact operation neither rounds nor is
inexact, so one context serves every thread.
"""

from __future__ import annotations

import decimal

from mutualcommit.model import decimal_context

__all__ = ["EXACT"]

#: 80 digits, the library's exponent bounds and traps.
EXACT = decimal.Context(
    prec=80,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=decimal_context().Emin,
    Emax=decimal_context().Emax,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
