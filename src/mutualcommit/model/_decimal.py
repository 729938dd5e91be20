"""The library's own decimal context and the bounds on decimal values.

The library never reads or changes the caller's decimal context, and no
caller can change the library's: every computation runs in a new context
built from constants (`decimal_context`), and decimal text is written
without consulting any context.
"""

from __future__ import annotations

import decimal
import functools
import math
import numbers
import re
from collections.abc import Callable, Iterable
from decimal import Decimal

from mutualcommit.errors import ArgumentError, also_type_error

from ._shown import described

__all__ = [
    "DECIMAL_PATTERN",
    "currency_digits",
    "decimal_context",
    "decimal_problem",
    "decimal_text",
    "is_decimal_text",
    "percentage",
    "rounded",
    "rounded_beside",
    "wide_context",
]

_TRAPS = (decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow)


def decimal_context() -> decimal.Context:
    """Return a new copy of the library's decimal context.

    28 significant digits, banker's rounding (``ROUND_HALF_EVEN``), exponents
    within ±999999, and invalid operations, division by zero and overflow
    raised rather than signalled. Each call builds a new context, so changing
    the one returned changes nothing in the library.
    """
    return decimal.Context(
        prec=28,
        rounding=decimal.ROUND_HALF_EVEN,
        Emin=-MAX_EXPONENT,
        Emax=MAX_EXPONENT,
        capitals=1,
        clamp=0,
        flags=[],
        traps=list(_TRAPS),
    )


def wide_context(value: Decimal, places: int = 0) -> decimal.Context:
    """Return the library's context, with the precision to hold *value* in full.

    Enough significant digits for every digit of *value* before the point,
    *places* digits after it (or all it has, if more) and a carry: a ratio
    computed from model decimals may have more integer digits than the 28
    of `decimal_context` (10^13 reached against a target of 0.000000000001
    is 10^25, a percentage of it 10^27), and rounding or formatting it there
    would raise. The precision is never below `decimal_context`'s, so a
    value that fits is rounded as it always was.
    """
    context = decimal_context()
    exponent = value.as_tuple().exponent
    after = max(places, -exponent) if isinstance(exponent, int) else places
    context.prec = max(context.prec, max(value.adjusted(), 0) + after + 2)
    return context


def rounded(
    value: Decimal | int,
    places: Decimal,
    rounding: str = decimal.ROUND_HALF_EVEN,
) -> Decimal:
    """Round *value* to the exponent of *places* (``Decimal('0.01')``: cents).

    Every digit before that place is kept, however many: unlike
    ``value.quantize(places, context=decimal_context())``, which raises when
    the result needs more than 28 digits, this holds 10^27 to a tenth.
    Banker's rounding unless *rounding* says otherwise.

    Args:
        value: The number to round: a finite `Decimal`, or an int
            (or another integral number), which is exact.
        places: A finite `Decimal` whose exponent is the place to
            round to: ``Decimal('0.01')`` rounds to cents, ``Decimal(1)``
            to whole numbers. Its value does not matter, only its exponent.
        rounding: One of the `decimal` module's rounding modes
            (``decimal.ROUND_HALF_UP``, ...).

    Returns:
        *value* rounded, with the exponent of *places*.

    Raises:
        ArgumentError: Naming the argument: a `TypeError` too when *value*
            is not a Decimal or an integral number (a float, a string, a
            bool), *places* is not a Decimal (an int such as ``2`` would
            round to whole numbers, not to two places: the message says to
            pass ``Decimal('0.01')``), or *rounding* is not a string, each
            message saying what to pass; a `ValueError` alone when *value*
            or *places* is not finite (NaN or an infinity), *places* has an
            exponent beyond ±999999, the result would have one, or
            *rounding* is not one of the modes.
    """
    if type(value) is not Decimal:
        value = _roundable(value)
    if type(places) is not Decimal:
        _check_places(places)
    if not (value.is_finite() and places.is_finite()):
        name, bad = ("value", value) if not value.is_finite() else ("places", places)
        msg = f"{name} must be a finite decimal, got Decimal({str(bad)!r})"
        raise ArgumentError(msg, name)
    if rounding not in _ROUNDINGS:
        msg = f"rounding must be one of {', '.join(_ROUNDINGS)}, got {rounding!r}"
        if not isinstance(rounding, str):
            raise also_type_error(ArgumentError)(msg, "rounding")
        raise ArgumentError(msg, "rounding")
    exponent = places.as_tuple().exponent
    if not isinstance(exponent, int) or abs(exponent) > MAX_EXPONENT:
        msg = f"places: {exponent_problem(format(places, 'E'))}"
        raise ArgumentError(msg, "places")
    try:
        return value.quantize(places, rounding=rounding, context=decimal_context())
    except decimal.InvalidOperation:
        # More digits than the context holds, or a result beyond its exponents.
        digits = -exponent if exponent < 0 else 0
        context = wide_context(value, digits)
        try:
            return value.quantize(places, rounding=rounding, context=context)
        except decimal.InvalidOperation:
            msg = (
                f"value {_shown(value)} cannot be rounded to the place of "
                f"{places}: the result's exponent would be beyond ±{MAX_EXPONENT}"
            )
            raise ArgumentError(msg, "value") from None


#: The rounding modes of the `decimal` module, which `rounded` takes.
_ROUNDINGS = (
    decimal.ROUND_HALF_EVEN,
    decimal.ROUND_HALF_UP,
    decimal.ROUND_HALF_DOWN,
    decimal.ROUND_UP,
    decimal.ROUND_DOWN,
    decimal.ROUND_CEILING,
    decimal.ROUND_FLOOR,
    decimal.ROUND_05UP,
)


def _roundable(value: object) -> Decimal:
    """Return *value*, which `rounded` is to round, as a Decimal, or say what to pass."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return Decimal(int(value))
    msg = f"value is a Decimal or an int, got {_given(value)}{_decimal_hint(value)}"
    raise also_type_error(ArgumentError)(msg, "value")


def _check_places(places: object) -> None:
    """Refuse *places* that is no Decimal, saying which Decimal rounds as meant."""
    if isinstance(places, Decimal):
        return
    msg = (
        "places is a Decimal whose exponent is the place to round to "
        f"(Decimal('0.01'): cents), got {_given(places)}"
    )
    if isinstance(places, numbers.Integral) and not isinstance(places, bool):
        count = int(places)
        if 0 <= count <= MAX_PLACES:
            # round(x, 2) means two places; rounded(x, Decimal(2)) means none.
            place = format(Decimal(1).scaleb(-count), "f")
            after = "place" if count == 1 else "places"
            msg += f"; for {count} {after} after the point, pass Decimal({place!r})"
    else:
        msg += _decimal_hint(places)
    raise also_type_error(ArgumentError)(msg, "places")


def _given(value: object) -> str:
    """Write *value* for a message: its type and its repr, cut short."""
    shown = repr(value)
    if len(shown) > _GIVEN:
        shown = f"{shown[:_GIVEN]}..."
    return f"{type(value).__name__} {shown}"


#: How much of an argument's repr a message writes.
_GIVEN = 100


def _decimal_hint(value: object) -> str:
    """Say which Decimal to pass for a float or a decimal string, or ``""``."""
    if isinstance(value, float) and math.isfinite(value):
        text = repr(float(value))
    elif isinstance(value, str):
        text = value.strip()
        try:
            if not Decimal(text).is_finite():
                return ""
        except decimal.InvalidOperation:
            return ""
    else:
        return ""
    return f"; pass Decimal({text!r})"


@functools.lru_cache(maxsize=256)
def currency_digits(currency: str) -> int:
    """Return how many digits after the point *currency*'s minor unit has.

    As the CLDR data babel ships has it: 2 for EUR and USD, 0 for JPY, 3 for
    BHD, and 2 for a code it does not know. babel loads on the first call.
    """
    from babel.numbers import get_currency_precision

    return int(get_currency_precision(currency))


def rounded_beside(
    value: Decimal, places: Decimal, limits: Iterable[Decimal] = ()
) -> Decimal:
    """Round *value* half-even to *places*, with the places it takes to keep its side of each limit.

    Shown next to a decision taken on the exact value (a tier reached from
    a threshold on, a shortfall charged above a grace), a rounded value
    must not contradict it: 4.996 rounds to 5.00, which reads as a
    shortfall equal to a grace of 5 where it is below it. Rounded here, the
    result compares with each of *limits* as *value* does: above it,
    equal to it or below it. Where rounding to *places* would not, it takes
    one place more at a time until it does (4.996): never more places than
    *value* has, where it is shown exactly.

    Args:
        value: A finite Decimal.
        places: A finite Decimal whose exponent is the place to round to,
            as `rounded` takes it.
        limits: The values *value* keeps its side of.

    Returns:
        *value* rounded, with the exponent of *places* or a smaller one.
    """
    bounds = tuple(limits)
    shown = rounded(value, places)
    # Ends: once places reach the value's own, it is shown exactly.
    while any(_side(shown, bound) != _side(value, bound) for bound in bounds):
        places = places.scaleb(-1, decimal_context())
        shown = rounded(value, places)
    return shown


def _side(value: Decimal, limit: Decimal) -> int:
    """Return -1, 0 or 1 as *value* is below, at or above *limit*."""
    return (value > limit) - (value < limit)


def percentage(
    ratio: Decimal, *, above: Decimal | None = None, limits: Iterable[Decimal] = ()
) -> Decimal:
    """Return *ratio* as a percentage rounded half-even to a tenth (``0.8754`` → ``87.5``).

    With every digit it takes: a rise from 0.000000000001 to 10^13 is some
    10^27 percent. A zero has no sign: ``-0.0001`` is ``0.0``, not ``-0.0``.

    Args:
        ratio: The share to show.
        above: A limit that *ratio* is reported to exceed. When the tenth
            would show the percentage at or below the limit's (a share of
            0.333333… over a limit of 0.3333 is 33.3 against 33.33), the
            percentage takes one place more at a time until it shows above
            it (33.333): never more places than *ratio* has, where it is
            shown exactly.
        limits: Ratios that *ratio* keeps its side of, as `rounded_beside`
            keeps it: an attainment shown next to the tier it reached
            (0.9999999 against a threshold of 1 reads 99.99999, never 100.0;
            1.0005 at a threshold of 1.0005 reads 100.05, never 100.0).
    """
    # Times a hundred is exact: the digits move, none is dropped.
    hundredfold = decimal_context().multiply(ratio, _HUNDRED)
    sides = [decimal_context().multiply(limit, _HUNDRED) for limit in limits]
    if above is not None and ratio > above:
        sides.append(decimal_context().multiply(above, _HUNDRED))
    shown = rounded_beside(hundredfold, _TENTH, sides)
    # A zero is shown unsigned: -0.0001 is 0.0 percent, never -0.0.
    return shown.copy_abs() if shown.is_zero() else shown


_HUNDRED = Decimal(100)
_TENTH = Decimal("0.1")


#: Values must be strictly smaller than this in magnitude.
LIMIT = Decimal(10**15)
#: At most this many digits after the point.
MAX_PLACES = 12
#: The largest exponent, either way, a decimal is written with: six digits.
#: The readers refuse text with a longer one (``"0E+1000000"``), and so the
#: model refuses a value that `str` would write with one: only a zero can
#: have it within the other bounds. It is the library context's Emax too.
MAX_EXPONENT = 999_999


def exponent_problem(shown: str) -> str:
    """Return the problem of a decimal written, or to be written, as *shown*.

    *shown* has an exponent beyond `MAX_EXPONENT`: the model, the readers
    and a JSON number's parser say so in the same words.
    """
    return f"expected an exponent within ±{MAX_EXPONENT}, got {shown}"


#: A decimal as text: an optional minus, digits, optionally a point and
#: digits, optionally an exponent of at most six significant digits (so no
#: text can ask for a number with a billion zeros): the model's bound,
#: `MAX_EXPONENT`, which the model holds every value to, so that whatever
#: it holds is written as text this reads back. ASCII digits only, no
#: spaces, no ``+`` or ``_``, no ``NaN`` or ``Infinity``: the one rule for
#: decimal text, in a document and in a value built in code alike.
DECIMAL_PATTERN = (
    rf"-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?0*[0-9]{{1,{len(str(MAX_EXPONENT))}}})?"
)
#: Match *text* against `DECIMAL_PATTERN` whole: a match, or None. ``"12.50"``
#: is decimal text, its digits kept by ``Decimal(text)``; ``" 12 "``,
#: ``"1_000"``, ``"+5"``, ``".5"``, ``"12."``, ``"NaN"`` and digits of other
#: scripts, which `Decimal` itself would read, are not. (The compiled
#: pattern's own method: the hot paths call it with no frame of their own.)
is_decimal_text = re.compile(DECIMAL_PATTERN).fullmatch
# Only needed to explain a problem: compiled on first use (re caches it).
_ANY_EXPONENT = r"-?[0-9]+(?:\.[0-9]+)?[eE][+-]?[0-9]+"


def long_exponent(text: str) -> bool:
    """Tell whether *text* is decimal text but for an exponent beyond `MAX_EXPONENT`'s digits."""
    return re.fullmatch(_ANY_EXPONENT, text) is not None


#: What a decimal field takes, as every refusal of a value there says it:
#: the constructors' and the readers' one wording.
DECIMAL_EXPECTED = "a decimal string or a number"


def decimal_text_problem(
    text: str,
    shown: Callable[[str], str] = described,
    quote: Callable[[str], str] = repr,
) -> str:
    """Say what is wrong with *text*, which is no decimal text (see `is_decimal_text`).

    An exponent too long is `exponent_problem`'s; other text is not a
    decimal number (``expected a decimal string or a number, got str
    '100%'``), and when `Decimal` reads it as one (``" 12 "``,
    ``"1_000"``, ``"+5"``, ``".5"``) the problem says how to write it:
    ``; write '1000'``.

    Args:
        text: The text found.
        shown: How the message names what it found: the model's words
            (`described`, ``str '100%'``) or, for a reader, JSON's
            (``"100%"``).
        quote: How it quotes the text to write: `repr`, or JSON's quotes.
    """
    if long_exponent(text):
        return exponent_problem(shown(text))
    problem = f"expected {DECIMAL_EXPECTED}, got {shown(text)}"
    try:
        meant = Decimal(text.strip())
    except decimal.InvalidOperation:
        return problem
    if not meant.is_finite() or len(text) > _LONGEST_TEXT:
        return problem
    return f"{problem}; write {quote(str(meant))}"


#: The longest text told what to write instead.
_LONGEST_TEXT = 60


def decimal_problem(value: object) -> str | None:
    """Say what is wrong with *value* as a model decimal, or return None.

    A model decimal is a finite `Decimal` smaller than 10^15 in magnitude with
    at most 12 digits after the point (as written: ``1.0000000000000`` has 13),
    whose text has an exponent of at most six digits (``0E+1000000`` has
    seven, however much it is zero).
    """
    if type(value) is Decimal and _plainly_sound(value):
        return None
    return _decimal_problem(value)


def _plainly_sound(value: Decimal) -> bool:
    """Vouch for a common model decimal without building its digit tuple.

    False means "not sure", never "wrong": `_decimal_problem` then decides.
    A finite Decimal's ``str`` is plain notation (``-123.4500``: as many
    digits after the point as its exponent says, no leading zeros before
    it) unless its exponent is positive or it is below 10^-6, where it has
    an exponent (``E`` or, in a context without capitals, ``e``) and is
    left to the full check. In plain notation, below 10^15 in magnitude
    means at most 15 digits before the point.
    """
    if not value.is_finite():
        return False
    text = str(value)
    if "E" in text or "e" in text:
        return False
    point = text.find(".")
    if point < 0:
        point = len(text)
    elif len(text) - point - 1 > MAX_PLACES:
        return False
    return point - (text[0] == "-") <= _LIMIT_DIGITS


#: The most digits before the point of a value below `LIMIT`.
_LIMIT_DIGITS = 15


def _decimal_problem(value: object) -> str | None:
    # The full check, and the one that words the problem.
    if not isinstance(value, Decimal):
        return f"expected a Decimal, got {type(value).__name__} {value!r}"
    if not value.is_finite():
        return f"expected a finite decimal, got {value}"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_PLACES:
        return (
            f"expected at most {MAX_PLACES} digits after the point, got {_shown(value)}"
            + _float_hint(value)
        )
    if value.copy_abs() >= LIMIT:
        return f"expected a magnitude below 10^15, got {_shown(value)}"
    if isinstance(exponent, int) and exponent > MAX_EXPONENT:
        # A zero: any other value this far out is above LIMIT.
        # Written as str writes it, whatever the caller's context's capitals.
        return exponent_problem(format(value, "E"))
    return None


def _float_hint(value: Decimal) -> str:
    """Say so when *value* is a float read digit for digit (``Decimal(0.1)``).

    ``Decimal(0.1)`` is the binary float's every digit,
    0.1000000000000000055511151231257827..., which a notebook's
    ``Decimal(row.value)`` of a numpy or pandas float gives.
    """
    number = float(value)
    # The very digits and exponent Decimal(float) gives, not just the value:
    # 1.0000000000000 was written so.
    if not math.isfinite(number) or Decimal(number).as_tuple() != value.as_tuple():
        return ""
    shortest = repr(number)
    said = f" (the float {shortest} read digit for digit)"
    if _within(Decimal(shortest)):
        return f"{said}: pass Decimal('{shortest}'), as Decimal(str(x)) makes it"
    rounded = value.quantize(_PLACES, context=decimal_context())
    if not rounded or not _within(rounded):
        return ""
    return f"{said}: round it to {MAX_PLACES} places, Decimal('{rounded}')"


_PLACES = Decimal((0, (1,), -MAX_PLACES))


def _within(value: Decimal) -> bool:
    """Tell whether a finite *value* is a model decimal: the full check, unworded.

    (`_plainly_sound` only vouches: it leaves 1E-7 to the full check.)
    """
    exponent = value.as_tuple().exponent
    return (
        isinstance(exponent, int)
        and exponent >= -MAX_PLACES
        and value.copy_abs() < LIMIT
    )


def _shown(value: Decimal) -> str:
    """Write *value* for a message: every digit it holds, in plain notation.

    Trailing zeros stay, for they are what the bound on places counts:
    ``0.0000000000010`` has 13 digits after the point, where its canonical
    ``0.000000000001`` has 12. 1E+999999999 written out in full is a
    billion digits: a value that far out keeps its exponent. A value of more
    than 100 digits (a JSON number of a million) is shown by its first 20 and
    last 10 and how many it has, so that its message stays a line.
    """
    sign, digits, exponent = value.as_tuple()
    if len(digits) > _DIGITS_SHOWN and isinstance(exponent, int):
        text = "".join(map(str, digits))
        scale = f" x 10^{exponent}" if exponent else ""
        return (
            f"{'-' if sign else ''}{text[:20]}...{text[-10:]}{scale} "
            f"({len(digits)} digits)"
        )
    if (
        abs(value.adjusted()) <= _SHOWN
        and isinstance(exponent, int)
        and -exponent <= _SHOWN
        and len(value.as_tuple().digits) <= _SHOWN
    ):
        return format(value, "f")
    return str(value)


_SHOWN = 30

#: The most digits a message writes out in full.
_DIGITS_SHOWN = 100


def decimal_text(value: Decimal) -> str:
    """Write *value* in canonical form, whatever the decimal context.

    No exponent, no trailing fractional zeros, ``0`` for any zero:
    ``1.50`` → ``1.5``, ``1E+3`` → ``1000``, ``-0.0`` → ``0``.
    """
    if not value:
        return "0"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
