"""Hypothesis strategies for mutualcommit's values (needs the ``testing`` extra).

Every strategy here generates *valid* values: each `~mutualcommit.Agreement`
from `agreements` builds without an `~mutualcommit.InvalidAgreementError`, and
each list from `observations` refers only to its agreement's metrics. Best
practice is not validity: the agreements are as often poor plans (a goal
without a target, a party without a contribution) as good ones, which is
what a test of ``check()`` wants. ``agreements(compliant=True)`` draws only
plans that pass ``check()``, and `agreements_with_observations` draws an
agreement with a log for it in one go. `fund_events` draws the log of an
agreement's market development funds, and `agreements_with_fund_events` an
agreement that has a fund with such a log.

Use them in a downstream test suite::

    from hypothesis import given
    from mutualcommit.testing.strategies import agreements, observations

    @given(agreements())
    def test_fingerprint_is_stable(agreement):
        assert agreement.fingerprint() == agreement.fingerprint()
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import string
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypedDict, TypeVar, Unpack

import attrs

from mutualcommit._frames import missing_extra
from mutualcommit.errors import ArgumentError, also_type_error

try:
    from hypothesis import strategies as st
except ImportError as _error:
    # Underscored: the guard's names are no part of the module's interface.
    _missing = missing_extra("hypothesis", "mutualcommit.testing.strategies", "testing")
    raise _missing from _error

from mutualcommit.calendar import fiscal_years
from mutualcommit.model import (
    PLAIN_UNITS,
    Accrual,
    ActionItem,
    Aggregation,
    Agreement,
    Clause,
    Contribution,
    ContributionKind,
    Direction,
    ExceptionCriterion,
    FiscalCalendar,
    Fund,
    FundEvent,
    FundEventKind,
    FundExpiry,
    Goal,
    Incentive,
    Metric,
    Observation,
    Party,
    Period,
    Pillar,
    Quantity,
    Remedy,
    ResourceAllocation,
    Review,
    ReviewKind,
    Role,
    Signature,
    Step,
    Target,
    Tier,
)
from mutualcommit.model._arguments import as_agreement, shown
from mutualcommit.model._decimal import LIMIT, MAX_PLACES
from mutualcommit.model._unicode import blank, unstable_code_points

__all__ = [
    "AgreementLimits",
    "agreements",
    "agreements_with_fund_events",
    "agreements_with_observations",
    "currencies",
    "dates",
    "decimals",
    "extensions",
    "fiscal_calendars",
    "fund_events",
    "identifiers",
    "observations",
    "quantities",
    "units",
]

T = TypeVar("T")

_FIRST = string.ascii_letters + string.digits
_REST = _FIRST + "._:-"
_MAX_ID_LENGTH = 128

#: Model decimals are strictly smaller than this in magnitude (the format's bound).
_LIMIT = Fraction(LIMIT)
#: The exponents a plain amount is usually written with: ``12``, ``1.5``, ``1.50``.
_COMMON_EXPONENTS = (0, -1, -2)
_SMALL = 5

_COMMON_CURRENCIES = ("EUR", "USD", "JPY", "GBP", "CHF", "INR", "BRL")
_PLAIN_UNITS = tuple(sorted(PLAIN_UNITS))
#: What a unit that is no plain unit must be, as the model requires.
_CURRENCY_CODE = re.compile(r"[A-Z]{3}")
_EXTENSION_KEYS = ("crm_id", "ui", "color", "x", "\u00e9", "e\u0301")

#: Text that NFC normalisation changes: a decomposed accent, the Angstrom
#: sign, Hangul jamo, a Hebrew letter with a composition exclusion.
_NOT_NFC = ("e\u0301", "A\u030a", "\u212b", "\u1100\u1161", "\ufb33", "Cafe\u0301")
_NAMES = ("Acme", "Globex", "Initech", "Umbrella GmbH", "株式会社ボルト", "Zoë")

#: Review cadences that python-dateutil parses for any start day.
_REVIEW_RULES = (
    "FREQ=MONTHLY;INTERVAL=3",
    "FREQ=WEEKLY;INTERVAL=6",
    "FREQ=MONTHLY;INTERVAL=3;BYDAY=TU;BYSETPOS=1",
    "RRULE:FREQ=MONTHLY;INTERVAL=1",
    "FREQ=MONTHLY;BYMONTHDAY=15",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
    "FREQ=YEARLY",
    "FREQ=MONTHLY;INTERVAL=6;COUNT=4",
)

#: Observation dimensions and their values; ``party`` takes the party ids.
_DIMENSIONS: Mapping[str, tuple[str, ...]] = {
    "region": ("emea", "amer", "apac"),
    "segment": ("smb", "enterprise"),
}

_EARLIEST = dt.date(2000, 1, 1)
_LATEST = dt.date(2099, 12, 31)
#: Terms start in this range, so that dates around them stay in range too.
_TERM_EARLIEST = dt.date(2020, 1, 1)
_TERM_LATEST = dt.date(2035, 12, 31)
_MAX_TERM_DAYS = 3 * 366
_MARGIN = dt.timedelta(days=30)


# -- leaves -------------------------------------------------------------------


def identifiers() -> st.SearchStrategy[str]:
    """Generate identifiers: ``^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$``.

    Returns:
        A strategy of identifier strings, 1 to 128 characters long.
    """
    return _identifiers()


@functools.cache
def _identifiers() -> st.SearchStrategy[str]:
    short = st.text(alphabet=_REST, min_size=1, max_size=16)
    # One in eight is long, up to the 128 characters the pattern allows.
    long = st.text(alphabet=_REST, min_size=17, max_size=_MAX_ID_LENGTH)
    return st.one_of([short] * 7 + [long]).map(_alphanumeric_first)


def _alphanumeric_first(text: str) -> str:
    """Replace a leading ``.``, ``_``, ``:`` or ``-`` by a letter."""
    if text[0] in _FIRST:
        return text
    return _FIRST[_REST.index(text[0]) - len(_FIRST)] + text[1:]


def decimals(
    *,
    min_value: Decimal | int | None = None,
    max_value: Decimal | int | None = None,
    max_places: int = MAX_PLACES,
) -> st.SearchStrategy[Decimal]:
    """Generate model decimals, spelled in many ways.

    Every value is finite, smaller than 10^15 in magnitude and written with
    at most *max_places* digits after the point. The same value comes in
    different spellings, as documents write them: ``1.5`` and ``1.50``,
    ``1000`` and ``1E+3``, ``0`` and ``-0.0``. The generation never consults
    a decimal context.

    Args:
        min_value: The smallest value (inclusive), or None for no bound but
            the model's.
        max_value: The largest value (inclusive), or None for no bound but
            the model's.
        max_places: The most digits after the point, 0 to 12.

    Returns:
        A strategy of `~decimal.Decimal` values.

    Raises:
        TypeError: When *max_places* is not an int, or a bound is neither a
            `~decimal.Decimal`, an int nor None (a float or a bool, say).
        ValueError: When *max_places* is out of range, a bound is not
            finite (NaN, Infinity), or no decimal lies between the bounds.
    """
    if not 0 <= _count("max_places", max_places) <= MAX_PLACES:
        msg = f"max_places must be 0 to {MAX_PLACES}, got {max_places}"
        raise ArgumentError(msg, "max_places")
    for name, bound in (("min_value", min_value), ("max_value", max_value)):
        if bound is None:
            continue
        if isinstance(bound, bool) or not isinstance(bound, Decimal | int):
            msg = f"{name} must be a Decimal, an int or None, got {shown(bound)}"
            raise also_type_error(ArgumentError)(msg, name)
        if isinstance(bound, Decimal) and not bound.is_finite():
            msg = f"{name} must be a finite Decimal, got {bound}"
            raise ArgumentError(msg, name)
    return _decimals(min_value, max_value, max_places)


@functools.cache
def _decimals(
    min_value: Decimal | int | None, max_value: Decimal | int | None, max_places: int
) -> st.SearchStrategy[Decimal]:
    low = -_LIMIT if min_value is None else Fraction(min_value)
    high = _LIMIT if max_value is None else Fraction(max_value)
    choices = []
    for exponent in range(-max_places, 15):
        scale = Fraction(10) ** exponent
        # n x 10^exponent lies in [low, high] and strictly inside +-10^15.
        bound = math.ceil(_LIMIT / scale) - 1
        least = max(math.ceil(low / scale), -bound)
        most = min(math.floor(high / scale), bound)
        if least <= most:
            choices.append((exponent, least, most))
    if not choices:
        msg = f"no model decimal lies between {min_value} and {max_value}"
        raise ArgumentError(msg, "min_value")
    # About half the values have a common exponent (12, 1.5, 1.50); they
    # come first, so that a failing example shrinks toward them.
    common = [c for c in choices if c[0] in _COMMON_EXPONENTS]
    weighted = common * (len(choices) // max(len(common), 1)) + choices
    return _spelled_decimals(tuple(weighted))


@st.composite
def _spelled_decimals(
    draw: st.DrawFn, choices: tuple[tuple[int, int, int], ...]
) -> Decimal:
    # One draw picks the exponent and one the digits: generation stays cheap.
    exponent, least, most = choices[draw(st.integers(0, len(choices) - 1))]
    if max(least, -_SMALL) <= min(most, _SMALL) and _sometimes(draw):
        # Few digits, zero among them: 1E+3, 0.0, -0.00, 0.5.
        least, most = max(least, -_SMALL), min(most, _SMALL)
    number = draw(st.integers(least, most))
    negative = number < 0 or (number == 0 and least <= 0 and draw(st.booleans()))
    digits = tuple(int(d) for d in str(abs(number)))
    # A tuple builds the Decimal exactly, without the caller's context.
    return Decimal((int(negative), digits, exponent))


def dates(
    min_value: dt.date = _EARLIEST, max_value: dt.date = _LATEST
) -> st.SearchStrategy[dt.date]:
    """Generate calendar days between two days, both included.

    Args:
        min_value: The earliest day.
        max_value: The latest day.

    Returns:
        A strategy of `~datetime.date` values (never datetimes).
    """
    return st.dates(min_value=min_value, max_value=max_value)


def currencies() -> st.SearchStrategy[str]:
    """Generate well-formed currency codes: three upper-case letters.

    Most are ISO 4217 codes; some are not (``"QQQ"``), which the model
    accepts and rule MC107 reports.

    Returns:
        A strategy of three-letter strings.
    """
    return _currencies()


@functools.cache
def _currencies() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(_COMMON_CURRENCIES),
        st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3),
    )


def units() -> st.SearchStrategy[str]:
    """Generate units: a currency code or ``count``, ``percent``, ``fte``, ...

    The plain units are ``count``, ``percent``, ``fte``, ``hour`` and ``day``.

    Returns:
        A strategy of unit strings.
    """
    return _units()


@functools.cache
def _units() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(_PLAIN_UNITS), currencies())


def quantities(
    *, unit: str | st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Quantity]:
    """Generate quantities: a non-negative model decimal in a unit.

    Args:
        unit: The unit every quantity has, a strategy of units, or None for
            any unit (see `units`).

    Returns:
        A strategy of `~mutualcommit.Quantity` values.

    Raises:
        ValueError: When *unit* is text that is not a unit an agreement
            accepts (a plain unit, or three upper-case letters).
        TypeError: When *unit* is neither text, a strategy nor None.
    """
    if unit is None:
        unit = units()
    elif isinstance(unit, str):
        if unit not in PLAIN_UNITS and not _CURRENCY_CODE.fullmatch(unit):
            msg = (
                f"unit must be one of {', '.join(_PLAIN_UNITS)} or a currency "
                f"code (three upper-case letters), got {unit!r}"
            )
            raise ArgumentError(msg, "unit")
        unit = st.just(unit)
    elif not isinstance(unit, st.SearchStrategy):
        msg = f"unit must be a unit, a strategy of units or None, got {shown(unit)}"
        raise also_type_error(ArgumentError)(msg, "unit")
    return st.builds(Quantity, amount=decimals(min_value=0), unit=unit)


@functools.cache
def _texts(*, nonempty: bool = False, max_size: int = 24) -> st.SearchStrategy[str]:
    """Generate free text, non-ASCII and non-NFC included.

    Never lone surrogates, nor a code point whose normalisation depends on
    the Python (see `~mutualcommit.model._unicode.unstable_problem`): the
    model refuses both.
    """
    branches = [
        st.sampled_from(_NAMES),
        st.sampled_from(_NOT_NFC),
        st.text(min_size=1, max_size=max_size).map(_stable).map(_not_blank),
    ]
    if not nonempty:
        branches += [st.just(""), st.text(max_size=max_size).map(_stable)]
    return st.one_of(branches)


def _stable(text: str) -> str:
    # A code point whose normalisation depends on the Python becomes U+FFFD.
    return text if text.isascii() else unstable_code_points().sub("\ufffd", text)


def _not_blank(text: str) -> str:
    # Blank as the model reads it: white space and invisible characters.
    return text + "x" if blank(text) else text


def extensions(*, max_leaves: int = 8) -> st.SearchStrategy[dict[str, Any]]:
    """Generate a host application's ``extensions``: JSON-like mappings.

    Values nest lists and mappings of text (non-ASCII and non-NFC text
    included), integers (beyond 2^53 too), finite floats, booleans and None.
    Two keys of a mapping may be one text in NFC (``"é"`` composed and
    decomposed): nothing normalises a host's extensions, so both stay.

    Args:
        max_leaves: How many scalar values one mapping holds at most, at
            every depth together (``0``: always ``{}``).

    Returns:
        A strategy of plain dicts (the model freezes them).

    Raises:
        ValueError: When *max_leaves* is negative.
        TypeError: When *max_leaves* is not an int.
    """
    if _count("max_leaves", max_leaves) < 0:
        msg = f"max_leaves must not be negative, got {max_leaves}"
        raise ArgumentError(msg, "max_leaves")
    return _extensions(max_leaves)


@functools.cache
def _json_leaves() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**64), max_value=2**64),
        st.floats(allow_nan=False, allow_infinity=False),
        _texts(),
    )


@functools.cache
def _small_extensions() -> st.SearchStrategy[dict[str, Any]]:
    """Generate extensions of at most two keys, one level deep: cheap to draw."""
    leaves = _json_leaves()
    return st.dictionaries(
        st.sampled_from(_EXTENSION_KEYS),
        st.one_of(leaves, st.lists(leaves, max_size=2)),
        min_size=1,
        max_size=2,
    )


@functools.cache
def _extensions(max_leaves: int) -> st.SearchStrategy[dict[str, Any]]:
    return _budgeted_extensions(max_leaves)


@functools.cache
def _extension_keys() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(_EXTENSION_KEYS), _texts())


#: How deep generated extensions nest below their top mapping.
_EXTENSION_DEPTH = 3
#: What a value inside them is, half of them scalars.
_EXTENSION_KINDS = ("scalar", "scalar", "list", "mapping")


@st.composite
def _budgeted_extensions(draw: st.DrawFn, max_leaves: int) -> dict[str, Any]:
    """Draw a mapping of at most *max_leaves* scalars, at every depth together.

    Each scalar drawn spends one of the budget, shared by the whole mapping;
    a list or a mapping inside is drawn only while some is left, and an
    item or key that finds none left is not drawn. Shrinking takes fewer
    items and plainer values first.
    """
    budget = [max_leaves]
    return _extension_mapping(draw, budget, 0, 4)


def _extension_mapping(
    draw: st.DrawFn, budget: list[int], depth: int, most: int
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for _ in range(draw(st.integers(0, most))):
        if budget[0] <= 0:
            break
        result[draw(_extension_keys())] = _extension_value(draw, budget, depth + 1)
    return result


def _extension_value(draw: st.DrawFn, budget: list[int], depth: int) -> Any:
    # Half scalars (what a value shrinks to), then a list, then a mapping.
    kind = (
        draw(st.sampled_from(_EXTENSION_KINDS))
        if depth < _EXTENSION_DEPTH
        else "scalar"
    )
    if kind == "scalar" or budget[0] <= 1:
        budget[0] -= 1
        return draw(_json_leaves())
    if kind == "list":
        items = []
        for _ in range(draw(st.integers(0, 3))):
            if budget[0] <= 0:
                break
            items.append(_extension_value(draw, budget, depth + 1))
        return items
    return _extension_mapping(draw, budget, depth, 3)


def fiscal_calendars() -> st.SearchStrategy[FiscalCalendar]:
    """Generate fiscal calendars: any start month, either naming.

    Returns:
        A strategy of `~mutualcommit.FiscalCalendar` values.
    """
    return st.builds(
        FiscalCalendar,
        start_month=st.integers(1, 12),
        naming=st.sampled_from(("end", "start")),
    )


# -- agreements ---------------------------------------------------------------


class AgreementLimits(TypedDict, total=False):
    """The keyword arguments of `agreements`, which `agreements_with_observations` and `agreements_with_fund_events` pass on.

    A type checker reads their ``**limits`` with it, so a misspelt or
    mistyped limit is its error; at run time a limit of another type is a
    `TypeError` naming it.
    """

    max_parties: int
    max_metrics: int
    max_goals: int
    max_contributions: int
    max_allocations: int
    max_incentives: int
    max_clauses: int
    max_reviews: int
    max_remedies: int
    compliant: bool


def _count(name: str, value: object) -> int:
    """Return *value* when it is an int (not a bool), a size limit.

    Raises:
        TypeError: Naming *name* and what was passed.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"{name} must be an int, got {shown(value)}"
        raise also_type_error(ArgumentError)(msg, name)
    return value


def agreements(
    *,
    max_parties: int = 4,
    max_metrics: int = 3,
    max_goals: int = 3,
    max_contributions: int = 4,
    max_allocations: int = 3,
    max_incentives: int = 2,
    max_clauses: int = 2,
    max_reviews: int = 2,
    max_remedies: int = 1,
    compliant: bool = False,
) -> st.SearchStrategy[Agreement]:
    """Generate valid agreements whose references all resolve.

    An agreement has 1 to *max_parties* parties (usually both a vendor and
    a partner); metrics of every aggregation and unit; goals with and
    without targets; targets of every ``per``, with due days (on TERM
    targets only), ramps and ``where`` dimensions; contributions from both
    sides supporting the goals; allocations; incentives with amount (in a
    currency), rate or status tiers and sometimes a cap; clauses; sometimes
    a review rule; reviews with action items; signatures, some current
    (made with `~mutualcommit.Agreement.sign`) and some stale (of an earlier
    version, of this one with other terms, or of a version not said); a
    version from 1;
    ``extensions`` at every level; and remedies with an amount or a rate,
    a grace, sometimes a cap or a cap share, and sometimes a termination
    right.

    With *compliant*, every agreement passes `~mutualcommit.check` under
    `~mutualcommit.DEFAULT_POLICY`: its report is ``ok`` (no error finding;
    warnings and notes may remain, as they do in real plans) as of every
    day, before, in or after the term, with or without observations. So
    it has a vendor and a partner, each with a contribution; every goal
    has a target and a supporting contribution; due days lie in the term;
    incentives reward only outcomes with targets; capacities hold every
    allocation; there is a review rule; every held review has an action
    item naming every goal and contribution (no issue goes ignored,
    whatever the log); and every party has signed the final terms.

    Args:
        max_parties: The most parties, at least 1.
        max_metrics: The most metrics.
        max_goals: The most goals.
        max_contributions: The most contributions.
        max_allocations: The most resource allocations.
        max_incentives: The most incentives.
        max_clauses: The most clauses.
        max_reviews: The most held reviews.
        max_remedies: The most remedies.
        compliant: Draw only agreements whose check is ``ok``.

    Returns:
        A strategy of `~mutualcommit.Agreement` values.

    Raises:
        TypeError: When a maximum is not an int, or *compliant* not a bool.
        ValueError: When a maximum is negative, or *max_parties* is 0; with
            *compliant*, when *max_parties* or *max_contributions* is below
            2 or *max_metrics* is 0 (a compliant plan needs two sides that
            contribute, and targets need a metric).
    """
    limits = {
        "max_parties": max_parties,
        "max_metrics": max_metrics,
        "max_goals": max_goals,
        "max_contributions": max_contributions,
        "max_allocations": max_allocations,
        "max_incentives": max_incentives,
        "max_clauses": max_clauses,
        "max_reviews": max_reviews,
        "max_remedies": max_remedies,
    }
    for name, size in limits.items():
        _count(name, size)
    # "no" is true: unchecked, it would draw compliant plans unasked.
    if not isinstance(compliant, bool):
        msg = f"compliant must be a bool, got {shown(compliant)}"
        raise also_type_error(ArgumentError)(msg, "compliant")
    sizes = _Sizes(
        max_parties=max_parties,
        max_metrics=max_metrics,
        max_goals=max_goals,
        max_contributions=max_contributions,
        max_allocations=max_allocations,
        max_incentives=max_incentives,
        max_clauses=max_clauses,
        max_reviews=max_reviews,
        max_remedies=max_remedies,
        compliant=compliant,
    )
    for name, size in attrs.asdict(sizes).items():
        if name not in ("compliant", "funded") and size < 0:
            msg = f"{name} must not be negative, got {size}"
            raise ArgumentError(msg, name)
    if max_parties < 1:
        msg = "max_parties must be at least 1: an agreement has parties"
        raise ArgumentError(msg, "max_parties")
    if compliant:
        least = {"max_parties": 2, "max_contributions": 2, "max_metrics": 1}
        for name, size in least.items():
            if getattr(sizes, name) < size:
                msg = (
                    f"{name} must be at least {size} for compliant agreements "
                    f"(a vendor and a partner that each contribute, targets on "
                    f"metrics), got {getattr(sizes, name)}"
                )
                raise ArgumentError(msg, name)
    return _agreements(sizes)


@attrs.frozen(kw_only=True)
class _Sizes:
    """The size limits of one `agreements` strategy (its defaults are those of `agreements`)."""

    max_parties: int = 4
    max_metrics: int = 3
    max_goals: int = 3
    max_contributions: int = 4
    max_allocations: int = 3
    max_incentives: int = 2
    max_clauses: int = 2
    max_reviews: int = 2
    max_remedies: int = 1
    compliant: bool = False
    #: Draw at least one fund (see `agreements_with_fund_events`).
    funded: bool = False


@attrs.frozen
class _Term:
    """What a target of an agreement may refer to."""

    start: dt.date
    end: dt.date
    metric_ids: Sequence[str]
    party_ids: Sequence[str]
    #: Draw only what passes check(): see `agreements`.
    compliant: bool = False


#: A compliant plan's allocations stay at most this (two places) ...
_MOST_ALLOCATED = 10**6
#: ... and a fiscal year holds at most 366 / 7 (under 53) weeks of each of
#: them, the most of any period (MC204 spreads a weekly allocation over the
#: days of the year, a seventh each).
_WEEKS = 53


# Drawing from shared strategies and with index and flag draws keeps
# generation fast: hypothesis validates every new strategy object it meets.


def _pick(draw: st.DrawFn, items: Sequence[T]) -> T:
    return items[draw(st.integers(0, len(items) - 1))]


def _sometimes(draw: st.DrawFn) -> bool:
    """Draw True about one time in four; a failing example shrinks to False."""
    # Hypothesis shrinks an integer toward 0: the optional part is dropped.
    return draw(st.integers(0, 3)) == 3  # noqa: PLR2004 - one in four


def _maybe(draw: st.DrawFn, strategy: st.SearchStrategy[T]) -> T | None:
    """Draw from *strategy* half the time, else None, which an example shrinks to."""
    return draw(strategy) if draw(st.booleans()) else None


def _subset(
    draw: st.DrawFn, items: Sequence[T], *, least: int = 0, most: int | None = None
) -> tuple[T, ...]:
    """Draw distinct items of *items*, in their order."""
    chosen = [item for item in items if draw(st.booleans())]
    if len(chosen) < least and items:
        chosen = [_pick(draw, items)]
    return tuple(chosen[:most])


def _day(draw: st.DrawFn, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=draw(st.integers(0, (last - first).days)))


def _day_around(draw: st.DrawFn, start: dt.date, end: dt.date) -> dt.date:
    """Draw a day in the term, or, one time in six each, just before or after it."""
    where = draw(st.integers(0, 5))
    if where == 1:
        return _day(draw, start - _MARGIN, start - dt.timedelta(days=1))
    if where == 2:  # noqa: PLR2004 - 2 stands for "after"
        return _day(draw, end + dt.timedelta(days=1), end + _MARGIN)
    return _day(draw, start, end)


def _ids(draw: st.DrawFn, most: int, *, least: int = 0) -> list[str]:
    count = draw(st.integers(least, most))
    return draw(st.lists(identifiers(), min_size=count, max_size=count, unique=True))


def _text(draw: st.DrawFn, *, max_size: int = 24, nonempty: bool = False) -> str:
    return draw(_texts(nonempty=nonempty, max_size=max_size))


def _title(draw: st.DrawFn) -> str:
    return draw(_texts(nonempty=True, max_size=12))


def _units_of(currency: str) -> tuple[str, ...]:
    """Return the units an agreement in *currency* uses, its currency twice.

    Its currency comes first and again second: ``[1:]`` has no repeats.
    """
    # Picked by index, not drawn from `units()`: one draw instead of several.
    return (currency, currency, *_PLAIN_UNITS, "USD" if currency != "USD" else "EUR")


def _ext(draw: st.DrawFn) -> dict[str, Any]:
    return draw(_small_extensions()) if _sometimes(draw) else {}


_HEX = "0123456789abcdef"
_ROLES = tuple(Role)
_AGGREGATIONS = tuple(Aggregation)
_PERCENTILES = (Decimal(50), Decimal(90), Decimal("99.5"), Decimal(100))
_DIRECTIONS = tuple(Direction)
_PERIODS = tuple(Period)
_KINDS = tuple(ContributionKind)
_PILLARS = tuple(Pillar)
_WEIGHTS = (Decimal(1), Decimal("1.0"), Decimal(2), Decimal("0.5"), Decimal(0))


@st.composite
def _agreements(draw: st.DrawFn, sizes: _Sizes) -> Agreement:
    start = draw(dates(_TERM_EARLIEST, _TERM_LATEST))
    end = start + dt.timedelta(days=draw(st.integers(0, _MAX_TERM_DAYS)))
    currency = draw(currencies())
    parties = _parties(draw, sizes, currency)
    party_ids = [p.id for p in parties]
    metrics = _metrics(draw, sizes.max_metrics, party_ids, currency, sizes.compliant)
    term = _Term(start, end, [m.id for m in metrics], party_ids, sizes.compliant)
    goals = _goals(draw, sizes.max_goals, term)
    goal_ids = [g.id for g in goals]
    contributions = _contributions(
        draw, sizes.max_contributions, term, goal_ids, least=int(sizes.funded)
    )
    agreement = Agreement(
        id=draw(identifiers()),
        title=_text(draw, nonempty=True),
        parties=parties,
        start=start,
        end=end,
        currency=currency,
        fiscal_calendar=draw(fiscal_calendars()),
        metrics=metrics,
        goals=goals,
        contributions=contributions,
        allocations=_allocations(
            draw,
            sizes.max_allocations,
            currency,
            contributions,
            sizes.compliant,
            metrics,
            funded=sizes.funded,
        ),
        incentives=_incentives(
            draw,
            sizes.max_incentives,
            party_ids,
            metrics,
            [e for e in goals if e.target is not None or not sizes.compliant],
            [e for e in contributions if e.target is not None or not sizes.compliant],
        ),
        clauses=tuple(
            Clause(
                id=clause_id,
                title=_title(draw),
                text=_text(draw, max_size=80, nonempty=True),
                extensions=_ext(draw),
            )
            for clause_id in _ids(draw, sizes.max_clauses)
        ),
        review_rule=(
            draw(st.sampled_from(_REVIEW_RULES))
            if sizes.compliant
            else _maybe(draw, st.sampled_from(_REVIEW_RULES))
        ),
        exception_criteria=(() if sizes.compliant else _exception_criteria(draw, term)),
        reviews=_reviews(
            draw, sizes.max_reviews, term, goal_ids, [c.id for c in contributions]
        ),
        signatures=(),
        version=draw(st.integers(1, 9)),
        extensions=draw(extensions()) if _sometimes(draw) else {},
        # Drawn last, so that the other fields draw as they did before.
        # A compliant plan's remedies, like its incentives, follow targets.
        remedies=_remedies(
            draw,
            sizes.max_remedies,
            party_ids,
            metrics,
            [e for e in goals if e.target is not None or not sizes.compliant],
            [e for e in contributions if e.target is not None or not sizes.compliant],
        ),
    )
    return _signed(draw, agreement, compliant=sizes.compliant)


def _signed(draw: st.DrawFn, agreement: Agreement, *, compliant: bool) -> Agreement:
    """Add signatures: stale ones (random fingerprints) and current ones.

    A compliant agreement is signed by every party, on its final terms, by
    the day its term starts: a signature counts from its day, and one given
    later would leave the plan unsigned on the days before it.
    """
    if compliant:
        for party in agreement.parties:
            on = _day(draw, agreement.start - _MARGIN, agreement.start)
            agreement = agreement.sign(party.id, _title(draw), on)
        return agreement
    signers = _subset(draw, [p.id for p in agreement.parties])
    current = [party_id for party_id in signers if draw(st.booleans())]
    stale = tuple(
        Signature(
            party=party_id,
            signed_by=_title(draw),
            signed_on=_day(draw, agreement.start - _MARGIN, agreement.end),
            fingerprint="sha256:"
            + draw(st.text(alphabet=_HEX, min_size=64, max_size=64)),
            # Of an earlier version, of this one (the terms were changed
            # after it) or not said.
            version=draw(st.none() | st.integers(1, agreement.version)),
        )
        for party_id in signers
        # A current signer sometimes signed earlier terms: sign replaces that.
        if party_id not in current or _sometimes(draw)
    )
    if stale:
        agreement = attrs.evolve(agreement, signatures=stale)
    for party_id in current:
        on = _day(draw, agreement.start - _MARGIN, agreement.end)
        agreement = agreement.sign(party_id, _title(draw), on)
    return agreement


def _parties(draw: st.DrawFn, sizes: _Sizes, currency: str) -> tuple[Party, ...]:
    if sizes.compliant:
        # Each party needs a contribution of its own.
        most = min(sizes.max_parties, sizes.max_contributions)
        ids = _ids(draw, most, least=2)
        # A compliant plan holds up to 53 weeks of every allocation a year.
        least = _WEEKS * _MOST_ALLOCATED * max(sizes.max_allocations, 1) + 1
        capacities = decimals(min_value=least, max_places=2)
    else:
        ids = _ids(draw, sizes.max_parties, least=1)
        capacities = decimals(min_value=0)
    if _sometimes(draw) and not sizes.compliant:
        roles = [_pick(draw, _ROLES) for _ in ids]
    else:
        # Both roles, unless there is one party.
        roles = [Role.VENDOR, Role.PARTNER][: len(ids)]
        roles += [_pick(draw, _ROLES) for _ in ids[2:]]
        roles = draw(st.permutations(roles))
    return tuple(
        Party(
            id=party_id,
            name=_title(draw),
            role=role,
            capacity=tuple(
                Quantity(amount=draw(capacities), unit=unit)
                for unit in _subset(draw, _units_of(currency)[1:], most=2)
            ),
            extensions=_ext(draw),
        )
        for party_id, role in zip(ids, roles, strict=True)
    )


def _metrics(
    draw: st.DrawFn,
    most: int,
    party_ids: Sequence[str],
    currency: str,
    compliant: bool,  # noqa: FBT001 - private, positional like its neighbours
) -> tuple[Metric, ...]:
    ids = _ids(draw, most, least=1 if compliant else 0)
    aggregations = [_pick(draw, _AGGREGATIONS) for _ in ids]
    units = [_pick(draw, _units_of(currency)) for _ in ids]
    pairs: list[tuple[str, str]] = [("", "")] * len(ids)
    for i in range(len(ids)):
        aggregation = aggregations[i]
        if not aggregation.is_computed:
            continue
        # A computed metric's sides are two other, observed metrics, made SUMs.
        sides = [
            j
            for j, other in enumerate(aggregations)
            if j != i and not other.is_computed
        ]
        ratio = aggregation is Aggregation.RATIO
        firsts = sides
        if ratio and units[i] not in PLAIN_UNITS:
            # Money per something: a numerator in the ratio's currency, if any.
            firsts = [j for j in sides if units[j] == units[i]] or sides
        j = _pick(draw, firsts) if firsts else -1
        # Sides whose money may meet the first's (see `_side_units_agree`).
        seconds = [
            k
            for k in sides
            if k != j and _side_units_agree(units[j], units[k], ratio=ratio)
        ]
        if not seconds:  # no two sides whose units agree
            aggregations[i] = Aggregation.SUM
            continue
        k = _pick(draw, seconds)
        aggregations[j] = aggregations[k] = Aggregation.SUM
        pairs[i] = (ids[j], ids[k])
        units[i] = _computed_unit(units[i], units[j], units[k], ratio=ratio)
    extras = [
        _computed(draw, aggregation, *pair)
        for aggregation, pair in zip(aggregations, pairs, strict=True)
    ]
    return tuple(
        Metric(
            id=metric_id,
            name=_title(draw),
            unit=unit,
            aggregation=aggregation,
            reported_by=None if _sometimes(draw) else _pick(draw, party_ids),
            description=_text(draw),
            extensions=_ext(draw),
            **extra,
        )
        for metric_id, aggregation, unit, extra in zip(
            ids, aggregations, units, extras, strict=True
        )
    )


def _side_units_agree(first: str, second: str, *, ratio: bool) -> bool:
    """Say whether a computed metric may have sides in units *first* and *second*.

    A ratio's sides are in one currency when both are money; the two sides
    a measure compares are in one unit when either is money.
    """
    if ratio:
        return first in PLAIN_UNITS or second in PLAIN_UNITS or first == second
    return first == second or (first in PLAIN_UNITS and second in PLAIN_UNITS)


def _computed_unit(unit: str, first: str, second: str, *, ratio: bool) -> str:
    """Return *unit*, or a unit the measure's sides allow where it is not one.

    A ratio in a currency is money in it over no money; any other computed
    measure is no money.
    """
    if unit in PLAIN_UNITS:
        return unit
    if ratio and first == unit and second in PLAIN_UNITS:
        return unit
    return "percent"


def _computed(
    draw: st.DrawFn, aggregation: Aggregation, first: str, second: str
) -> dict[str, Any]:
    """Draw what a metric is computed from, given the ids of its two sides."""
    if aggregation is Aggregation.PERCENTILE:
        return {"percentile": _pick(draw, _PERCENTILES)}
    if not aggregation.is_computed:
        return {}
    if aggregation is Aggregation.RATIO:
        return {"numerator": first, "denominator": second}
    if aggregation in (Aggregation.OTIF, Aggregation.LEAD_TIME):
        extra: dict[str, Any] = {"orders": first, "deliveries": second}
        if aggregation is Aggregation.OTIF:
            extra["grace_days"] = draw(st.integers(0, 3))
        elif _sometimes(draw):
            extra["percentile"] = _pick(draw, _PERCENTILES)
        return extra
    return {
        "forecast": first,
        "actual": second,
        "lag": draw(st.integers(0, 2)),
        "bucket": None if _sometimes(draw) else _pick(draw, _BUCKETS),
    }


_BUCKETS = (Period.WEEK, Period.MONTH, Period.QUARTER)


def _dims(draw: st.DrawFn, party_ids: tuple[str, ...]) -> dict[str, str]:
    """Draw dimensions: a party, a region, a segment."""
    pools = {"party": party_ids, **_DIMENSIONS}
    keys = _subset(draw, sorted(pools), most=2)
    return {key: _pick(draw, pools[key]) for key in keys}


def _target(draw: st.DrawFn, term: _Term) -> Target | None:
    if not term.metric_ids:
        return None
    # Mostly TERM, the period a due day and most plans go with.
    per = Period.TERM if draw(st.booleans()) else _pick(draw, _PERIODS)
    due = None
    if per is Period.TERM and draw(st.booleans()):
        # Mostly inside the term; outside is representable (rule MC102).
        margin = dt.timedelta(days=0 if term.compliant else 10)
        due = _day(draw, term.start - margin, term.end + margin)
    starts = sorted(
        {
            _day(draw, term.start - _MARGIN, term.end)
            for _ in range(draw(st.integers(0, 3)))
        }
    )
    values = decimals(min_value=0) | decimals()
    where = {} if draw(st.booleans()) else _dims(draw, tuple(term.party_ids))
    return Target(
        metric=_pick(draw, term.metric_ids),
        value=draw(values),
        direction=_pick(draw, _DIRECTIONS),
        per=per,
        baseline=_maybe(draw, values),
        due=due,
        steps=tuple(Step(starting=day, value=draw(values)) for day in starts),
        where=where,
    )


def _exception_criteria(draw: st.DrawFn, term: _Term) -> tuple[ExceptionCriterion, ...]:
    """Draw up to two criteria, mostly none, on the term's metrics and parties."""
    if not term.metric_ids or not term.party_ids or draw(st.integers(0, 3)):
        return ()
    result = []
    for criterion_id in _ids(draw, 2, least=1):
        bounds = [draw(decimals(max_places=3)) for _ in range(draw(st.integers(1, 2)))]
        lower: Decimal | None = min(bounds)
        upper: Decimal | None = max(bounds)
        if len(bounds) == 1:
            lower, upper = (lower, None) if draw(st.booleans()) else (None, upper)
        where = {} if draw(st.booleans()) else _dims(draw, tuple(term.party_ids))
        split = _maybe(draw, st.sampled_from(("item", "sku")))
        result.append(
            ExceptionCriterion(
                id=criterion_id,
                title=_title(draw),
                measure=_pick(draw, term.metric_ids),
                owner=_pick(draw, term.party_ids),
                resolve_within_days=draw(st.integers(0, 60)),
                lower=lower,
                upper=upper,
                per=_pick(draw, _PERIODS),
                where=where,
                split=split,
                description=_text(draw),
                extensions=_ext(draw),
            )
        )
    return tuple(result)


def _goals(draw: st.DrawFn, most: int, term: _Term) -> tuple[Goal, ...]:
    weights = st.sampled_from(_WEIGHTS) | decimals(min_value=0, max_places=3)
    return tuple(
        Goal(
            id=goal_id,
            title=_title(draw),
            target=(
                None if _sometimes(draw) and not term.compliant else _target(draw, term)
            ),
            weight=draw(weights),
            description=_text(draw),
            extensions=_ext(draw),
        )
        for goal_id in _ids(draw, most)
    )


def _contributions(
    draw: st.DrawFn,
    most: int,
    term: _Term,
    goal_ids: Sequence[str],
    *,
    least: int = 0,
) -> tuple[Contribution, ...]:
    # Each party pledges first, so both sides usually contribute (always,
    # when compliant).
    ids = _ids(draw, most, least=len(term.party_ids) if term.compliant else least)
    owners = list(term.party_ids[: len(ids)])
    owners += [_pick(draw, term.party_ids) for _ in ids[len(owners) :]]
    owners = draw(st.permutations(owners))
    pledges = tuple(
        Contribution(
            id=contribution_id,
            party=owner,
            title=_title(draw),
            kind=_pick(draw, _KINDS),
            pillar=None if _sometimes(draw) else _pick(draw, _PILLARS),
            supports=_subset(draw, goal_ids, least=0 if _sometimes(draw) else 1),
            target=None if _sometimes(draw) else _target(draw, term),
            description=_text(draw),
            extensions=_ext(draw),
        )
        for contribution_id, owner in zip(ids, owners, strict=True)
    )
    if not term.compliant:
        return pledges
    # Every goal needs a supporter (MC106): a random pledge takes the orphans.
    supported = {goal for pledge in pledges for goal in pledge.supports}
    orphans = tuple(goal for goal in goal_ids if goal not in supported)
    if not orphans:
        return pledges
    k = draw(st.integers(0, len(pledges) - 1))
    adopted = attrs.evolve(pledges[k], supports=(*pledges[k].supports, *orphans))
    return (*pledges[:k], adopted, *pledges[k + 1 :])


def _allocations(
    draw: st.DrawFn,
    most: int,
    currency: str,
    contributions: Sequence[Contribution],
    compliant: bool,  # noqa: FBT001 - private, positional like its neighbours
    metrics: Sequence[Metric] = (),
    *,
    funded: bool = False,
) -> tuple[ResourceAllocation, ...]:
    if not contributions:
        return ()
    amounts = _compliant_amounts() if compliant else decimals(min_value=0)
    allocations: list[ResourceAllocation] = []
    for allocation_id in _ids(draw, most, least=int(funded)):
        contribution = _pick(draw, contributions)
        # With *funded*, the first allocation is a fund: in the currency.
        first_fund = funded and not allocations
        unit = currency if first_fund else _pick(draw, _units_of(currency))
        allocations.append(
            ResourceAllocation(
                id=allocation_id,
                party=contribution.party,
                amount=Quantity(amount=draw(amounts), unit=unit),
                per=_pick(draw, _PERIODS),
                contribution=None if _sometimes(draw) else contribution.id,
                description=_text(draw),
                extensions=_ext(draw),
                fund=_fund(draw, metrics, currency)
                if first_fund or (unit == currency and draw(st.booleans()))
                else None,
            )
        )
    return tuple(allocations)


@functools.cache
def _compliant_amounts() -> st.SearchStrategy[Decimal]:
    return decimals(min_value=0, max_value=_MOST_ALLOCATED, max_places=2)


def _fund(draw: st.DrawFn, metrics: Sequence[Metric], currency: str) -> Fund:
    """Draw the terms of a market development fund in *currency* on *metrics*."""
    expiry = _pick(draw, tuple(FundExpiry))
    money = [m.id for m in metrics if m.unit == currency]
    # A return is measured in the fund's currency or in no currency.
    returns = [m.id for m in metrics if m.unit == currency or m.unit in PLAIN_UNITS]
    accrual = None
    if money and not _sometimes(draw):
        pers = _PERIODS if expiry is FundExpiry.TERM else _PERIODS[1:]
        accrual = Accrual(
            rate=draw(decimals(min_value=0, max_value=1, max_places=4)),
            of=_pick(draw, money),
            per=_pick(draw, pers),
            cap=_maybe(draw, decimals(min_value=0)),
        )
    return Fund(
        accrual=accrual,
        co_funding=_maybe(
            draw, decimals(min_value=Decimal("0.01"), max_value=1, max_places=2)
        ),
        claim_days=_maybe(draw, st.integers(0, 120)),
        expiry=expiry,
        roi_metric=_pick(draw, returns) if returns and _sometimes(draw) else None,
    )


def _tiers(
    draw: st.DrawFn, metrics: Sequence[Metric]
) -> tuple[tuple[Tier, ...], str | None]:
    """Draw the tiers of one incentive and their payout unit (None: status)."""
    count = draw(st.integers(1, 3))
    # Strictly increasing positive thresholds (1 is 100 %).
    thresholds = sorted(
        draw(
            st.lists(
                decimals(min_value=Decimal("0.01"), max_value=5, max_places=4),
                min_size=count,
                max_size=count,
                unique=True,
            )
        )
    )
    money = [m for m in metrics if m.unit not in PLAIN_UNITS]
    kind = _pick(draw, ("amount", "status", "rate") if money else ("amount", "status"))
    if kind == "status":
        tiers = tuple(Tier(threshold=t, status=_title(draw)) for t in thresholds)
        return tiers, None
    if kind == "rate":
        of = _pick(draw, money)
        rates = decimals(min_value=0, max_value=1, max_places=4)
        tiers = tuple(Tier(threshold=t, rate=draw(rates), of=of.id) for t in thresholds)
        return tiers, of.unit
    # A bonus is paid in a currency, as a remedy is.
    unit = draw(currencies())
    amounts = quantities(unit=unit)
    return tuple(Tier(threshold=t, amount=draw(amounts)) for t in thresholds), unit


def _incentives(
    draw: st.DrawFn,
    most: int,
    party_ids: Sequence[str],
    metrics: Sequence[Metric],
    goals: Sequence[Goal],
    contributions: Sequence[Contribution],
) -> tuple[Incentive, ...]:
    if len(party_ids) < 2 or not (goals or contributions):  # noqa: PLR2004
        return ()
    incentives = []
    for incentive_id in _ids(draw, most):
        payer = _pick(draw, party_ids)
        beneficiary = _pick(draw, [p for p in party_ids if p != payer])
        on_goal = bool(goals) and (not contributions or draw(st.booleans()))
        basis = _pick(draw, [e.id for e in (goals if on_goal else contributions)])
        tiers, unit = _tiers(draw, metrics)
        cap = None
        if unit is not None and draw(st.booleans()):
            cap = draw(quantities(unit=unit))
        incentives.append(
            Incentive(
                id=incentive_id,
                title=_title(draw),
                payer=payer,
                beneficiary=beneficiary,
                goal=basis if on_goal else None,
                contribution=None if on_goal else basis,
                tiers=tiers,
                cap=cap,
                description=_text(draw),
                extensions=_ext(draw),
            )
        )
    return tuple(incentives)


def _remedies(
    draw: st.DrawFn,
    most: int,
    party_ids: Sequence[str],
    metrics: Sequence[Metric],
    goals: Sequence[Goal],
    contributions: Sequence[Contribution],
) -> tuple[Remedy, ...]:
    if len(party_ids) < 2 or not (goals or contributions):  # noqa: PLR2004
        return ()
    money = [m for m in metrics if m.unit not in PLAIN_UNITS]
    remedies = []
    for remedy_id in _ids(draw, most):
        payer = _pick(draw, party_ids)
        beneficiary = _pick(draw, [p for p in party_ids if p != payer])
        on_goal = bool(goals) and (not contributions or draw(st.booleans()))
        basis = _pick(draw, [e.id for e in (goals if on_goal else contributions)])
        amount = rate = of = None
        if bool(money) and draw(st.booleans()):
            metric = _pick(draw, money)
            rate, of, unit = (
                draw(decimals(min_value=0, max_value=1, max_places=4)),
                metric.id,
                metric.unit,
            )
        else:
            unit = draw(currencies())
            amount = draw(quantities(unit=unit))
        cap = cap_share = cap_base = None
        kind = _pick(draw, ("none", "cap", "share"))
        if kind == "cap":
            cap = draw(quantities(unit=unit))
        elif kind == "share":
            cap_share = draw(decimals(min_value=0, max_value=1, max_places=4))
            cap_base = draw(quantities(unit=unit))
        remedies.append(
            Remedy(
                id=remedy_id,
                title=_title(draw),
                payer=payer,
                beneficiary=beneficiary,
                goal=basis if on_goal else None,
                contribution=None if on_goal else basis,
                amount=amount,
                rate=rate,
                of=of,
                grace=draw(decimals(min_value=0, max_value=100, max_places=2)),
                cap=cap,
                cap_share=cap_share,
                cap_base=cap_base,
                termination_after=_maybe(draw, st.integers(1, 6)),
                description=_text(draw),
                extensions=_ext(draw),
            )
        )
    return tuple(remedies)


def _reviews(
    draw: st.DrawFn,
    most: int,
    term: _Term,
    goal_ids: Sequence[str],
    contribution_ids: Sequence[str],
) -> tuple[Review, ...]:
    first, last = term.start, term.end + _MARGIN
    reviews = []
    for review_id in _ids(draw, most):
        held_on = _day(draw, first, last)
        actions: tuple[ActionItem, ...] = tuple(
            ActionItem(
                id=action_id,
                owner=_pick(draw, term.party_ids),
                title=_title(draw),
                due=None if draw(st.booleans()) else _day(draw, first, last),
                goals=_subset(draw, goal_ids, most=2),
                contributions=_subset(draw, contribution_ids, most=2),
                # Done, if at all, once the review decided it.
                done_on=None if draw(st.booleans()) else _day(draw, held_on, last),
                extensions=_ext(draw),
            )
            for action_id in _ids(draw, 2)
        )
        if term.compliant:
            actions = _whole_plan(draw, actions, term, goal_ids, contribution_ids)
        reviews.append(
            Review(
                id=review_id,
                held_on=held_on,
                # Now and then a meeting besides the schedule.
                kind=ReviewKind.AD_HOC
                if draw(st.integers(0, 5)) == 0
                else ReviewKind.SCHEDULED,
                attendees=_subset(draw, term.party_ids),
                notes=_text(draw, max_size=60),
                actions=actions,
                extensions=_ext(draw),
            )
        )
    return tuple(reviews)


def _whole_plan(
    draw: st.DrawFn,
    actions: tuple[ActionItem, ...],
    term: _Term,
    goal_ids: Sequence[str],
    contribution_ids: Sequence[str],
) -> tuple[ActionItem, ...]:
    """Make one action item name every goal and contribution: none is ignored."""
    if actions:
        k = draw(st.integers(0, len(actions) - 1))
        whole = attrs.evolve(
            actions[k], goals=tuple(goal_ids), contributions=tuple(contribution_ids)
        )
        return (*actions[:k], whole, *actions[k + 1 :])
    return (
        ActionItem(
            id=draw(identifiers()),
            owner=_pick(draw, term.party_ids),
            title=_title(draw),
            goals=tuple(goal_ids),
            contributions=tuple(contribution_ids),
        ),
    )


# -- observations -------------------------------------------------------------


def observations(
    agreement: Agreement, *, max_size: int = 20
) -> st.SearchStrategy[list[Observation]]:
    """Generate lists of valid observations for *agreement*'s metrics.

    Observations fall on days around the term (up to 30 days before its
    start and after its end); ``ref`` values come from a small pool, so a
    ref is sometimes repeated (a correction); some records retract a ref
    (``value=None``); ``dims`` are empty, random, or contain one of the
    targets' ``where`` selections. Computed metrics are never observed;
    the records they read carry what they need (order records an
    ``order`` and a ``due`` date, deliveries an ``order``, forecasts a
    ``bucket`` date; order and delivery quantities are at least 0). An
    agreement without metrics gets only empty lists.

    Args:
        agreement: The agreement whose metrics are observed.
        max_size: The most observations in a list.

    Returns:
        A strategy of lists of `~mutualcommit.Observation` values.

    Raises:
        TypeError: When *agreement* is not an `~mutualcommit.Agreement`, or
            *max_size* is not an int.
        ValueError: When *max_size* is negative.
    """
    as_agreement("agreement", agreement)
    if _count("max_size", max_size) < 0:
        msg = f"max_size must not be negative, got {max_size}"
        raise ArgumentError(msg, "max_size")
    if not any(not m.aggregation.is_computed for m in agreement.metrics):
        empty: st.SearchStrategy[list[Observation]] = st.lists(st.nothing())
        return empty
    return _observations(agreement, max_size)


def _roles(agreement: Agreement) -> dict[str, set[str]]:
    """Return, per metric id, what computed metrics read it as."""
    roles: dict[str, set[str]] = {}
    for metric in agreement.metrics:
        if metric.aggregation.is_computed:
            for role in ("orders", "deliveries", "forecast"):
                side = getattr(metric, role)
                if side is not None:
                    roles.setdefault(side, set()).add(role)
    return roles


@st.composite
def _observations(
    draw: st.DrawFn, agreement: Agreement, max_size: int
) -> list[Observation]:
    return _draw_observations(draw, agreement, max_size)


def _draw_observations(
    draw: st.DrawFn, agreement: Agreement, max_size: int
) -> list[Observation]:
    if not agreement.metrics:
        return []
    refs = draw(st.lists(identifiers(), min_size=1, max_size=4, unique=True))
    targets = [g.target for g in agreement.goals]
    targets += [c.target for c in agreement.contributions]
    wheres = [dict(t.where) for t in targets if t is not None and t.where]
    party_ids = tuple(p.id for p in agreement.parties)
    metric_ids = [m.id for m in agreement.metrics if not m.aggregation.is_computed]
    roles = _roles(agreement)
    records = []
    # A loop of direct draws, not st.lists of a strategy built per call:
    # hypothesis validates each new strategy object, which is what costs.
    for _ in range(draw(st.integers(0, max_size))):
        ref = None if draw(st.booleans()) else _pick(draw, refs)
        retract = ref is not None and _sometimes(draw)
        metric = _pick(draw, metric_ids)
        dims = dict(_observed_dims(draw, party_ids, wheres))
        value = None if retract else draw(_observed_values())
        role = roles.get(metric, set())
        if role & {"orders", "deliveries"}:
            dims["order"] = _pick(draw, refs)
            # copy_abs, exact: abs() rounds in the caller's context.
            value = None if value is None else value.copy_abs()
        if "orders" in role:
            # One id names one order: a later record of it is a correction.
            ref = dims["order"]
        if "orders" in role:
            dims["due"] = _day_around(draw, agreement.start, agreement.end).isoformat()
        if "forecast" in role:
            bucket = _day_around(draw, agreement.start, agreement.end)
            dims["bucket"] = bucket.isoformat()
        records.append(
            Observation(
                metric=metric,
                at=_day_around(draw, agreement.start, agreement.end),
                value=value,
                ref=ref,
                dims=dims,
            )
        )
    return records


@functools.cache
def _observed_values() -> st.SearchStrategy[Decimal]:
    return decimals(min_value=0, max_value=10**6, max_places=2) | decimals()


def _observed_dims(
    draw: st.DrawFn, party_ids: tuple[str, ...], wheres: Sequence[dict[str, str]]
) -> dict[str, str]:
    """Draw no dims, random dims, or a where selection alone or among others."""
    kind = draw(st.integers(0, 3 if wheres else 1))
    if kind == 0:
        return {}
    if kind == 1:
        return _dims(draw, party_ids)
    where = _pick(draw, wheres)
    if kind == 2:  # noqa: PLR2004 - 2 stands for "a where alone"
        return where
    return {**_dims(draw, party_ids), **where}


def agreements_with_observations(
    *, max_observations: int = 20, **limits: Unpack[AgreementLimits]
) -> st.SearchStrategy[tuple[Agreement, list[Observation]]]:
    """Generate an agreement and a log of observations for it, in one draw.

    The pair `agreements` and `observations` would give in two steps, so a
    test needs no ``st.data()``::

        @given(agreements_with_observations(compliant=True))
        def test_scorecard(pair):
            agreement, log = pair
            ...

    Args:
        max_observations: The most observations in a log.
        **limits: The keyword arguments of `agreements` (``max_goals``,
            ``compliant``, ...; see `AgreementLimits`).

    Returns:
        A strategy of ``(agreement, observations)`` tuples.

    Raises:
        ValueError: As `agreements` raises, or when *max_observations* is
            negative.
        TypeError: As `agreements` raises, when a keyword is not one of
            `agreements`, or *max_observations* is not an int.
    """
    _known_limits("agreements_with_observations", limits)
    if _count("max_observations", max_observations) < 0:
        msg = f"max_observations must not be negative, got {max_observations}"
        raise ArgumentError(msg, "max_observations")
    return _pairs(agreements(**limits), max_observations)


def _known_limits(caller: str, limits: Mapping[str, object]) -> None:
    """Refuse a keyword that is no limit of `agreements`, naming *caller*.

    Raises:
        TypeError: Listing every unknown keyword and the limits there are.
    """
    unknown = sorted(set(limits) - AgreementLimits.__optional_keys__)
    if unknown:
        msg = (
            f"{caller}() got unknown keyword arguments: {', '.join(unknown)} "
            f"(the limits of agreements(): "
            f"{', '.join(sorted(AgreementLimits.__optional_keys__))})"
        )
        raise also_type_error(ArgumentError)(msg, unknown[0])


@st.composite
def _pairs(
    draw: st.DrawFn, plans: st.SearchStrategy[Agreement], max_size: int
) -> tuple[Agreement, list[Observation]]:
    agreement = draw(plans)
    return agreement, _draw_observations(draw, agreement, max_size)


# -- fund logs ----------------------------------------------------------------


def fund_events(
    agreement: Agreement, *, max_requests: int = 4, max_grants: int = 2
) -> st.SearchStrategy[tuple[FundEvent, ...]]:
    """Generate fund logs for *agreement*'s funds that the library accepts.

    Each log is one `load_fund_events` reads back from `dump_fund_events`
    and `fund_ledger` takes for *agreement* at any ``as_of``; it holds
    together at every day, not only at its last. Per fund (an allocation
    with a ``fund``), up to *max_grants* grants are dated in the term and
    up to *max_requests* requests in it or up to 30 days around it, for an
    activity that starts in the term; each request has an activity
    (sometimes its days and its whole cost) and, on its day or
    later, in this order, what became of it, any step missing: an approval
    up to what it asked (sometimes 0, a rejection), by the end of the
    fund window the request belongs to unless it is 0; a claim, sometimes above
    the approval, with or without proof and the day its cost was incurred;
    a decision accepting up to the claim (sometimes 0, with a reason); one
    or two payments up to what the claim, its decision and the approval
    allow. Some requests are withdrawn (retracted) before any step. Some
    records are corrected by a later record with the same ref (a grant's
    amount, a claim's before it is decided or paid) and some retracted
    (``"amount": null``: a grant, a payment). Refs repeat across funds, as
    they may. The log is in the order of its days, as a log is written;
    records of one day keep the order in which they happened.

    The logs are well formed, not good practice: a fund may approve more
    than it has (MC206), a claim ask for more than its approval (MC207),
    come without proof (MC208) or after its deadline (MC209). An agreement
    without funds gets only empty logs; `agreements_with_fund_events` draws
    an agreement that has a fund and a log for it in one go.

    Args:
        agreement: The agreement whose funds the log is of.
        max_requests: The most requests per fund.
        max_grants: The most grants per fund.

    Returns:
        A strategy of tuples of `~mutualcommit.FundEvent` values, in log
        order (the type `load_fund_events` returns).

    Raises:
        TypeError: When *agreement* is not an `~mutualcommit.Agreement`, or
            a maximum is not an int.
        ValueError: When a maximum is negative.
    """
    as_agreement("agreement", agreement)
    _check_log_sizes(max_requests, max_grants)
    if not any(a.fund is not None for a in agreement.allocations):
        no_funds: st.SearchStrategy[tuple[FundEvent, ...]] = st.just(())
        return no_funds
    return _fund_logs(agreement, max_requests, max_grants)


def _check_log_sizes(max_requests: int, max_grants: int) -> None:
    for name, most in (("max_requests", max_requests), ("max_grants", max_grants)):
        if _count(name, most) < 0:
            msg = f"{name} must not be negative, got {most}"
            raise ArgumentError(msg, name)


def agreements_with_fund_events(
    *, max_requests: int = 4, max_grants: int = 2, **limits: Unpack[AgreementLimits]
) -> st.SearchStrategy[tuple[Agreement, tuple[FundEvent, ...]]]:
    """Generate an agreement with a fund and a fund log for it, in one draw.

    The agreement is one `agreements` draws with the same *limits*, except
    that it always has a fund: its first allocation is a fund, in the
    agreement's currency, of a party that contributes. The log is one
    `fund_events` draws for it. With ``compliant=True`` the agreement's
    check is ``ok`` without the log; the log may still break the fund
    rules, as `fund_events` says::

        @given(agreements_with_fund_events())
        def test_ledger(pair):
            agreement, log = pair
            ...

    Args:
        max_requests: The most requests per fund, as for `fund_events`.
        max_grants: The most grants per fund, as for `fund_events`.
        **limits: The keyword arguments of `agreements` (``max_goals``,
            ``compliant``, ...; see `AgreementLimits`).

    Returns:
        A strategy of ``(agreement, events)`` tuples.

    Raises:
        ValueError: As `agreements` and `fund_events` raise, or when
            ``max_contributions`` or ``max_allocations`` is 0 (a fund is an
            allocation, and allocations are of parties that contribute).
        TypeError: As `agreements` and `fund_events` raise, or when a
            keyword is not one of `agreements`.
    """
    _known_limits("agreements_with_fund_events", limits)
    agreements(**limits)  # Raises as agreements() does for a bad limit.
    sizes = _Sizes(**limits, funded=True)
    for name in ("max_contributions", "max_allocations"):
        if getattr(sizes, name) < 1:
            msg = (
                f"{name} must be at least 1 for an agreement with a fund (an "
                f"allocation of a party that contributes), got {getattr(sizes, name)}"
            )
            raise ArgumentError(msg, name)
    _check_log_sizes(max_requests, max_grants)
    return _funded_pairs(_agreements(sizes), max_requests, max_grants)


@st.composite
def _funded_pairs(
    draw: st.DrawFn,
    plans: st.SearchStrategy[Agreement],
    max_requests: int,
    max_grants: int,
) -> tuple[Agreement, tuple[FundEvent, ...]]:
    agreement = draw(plans)
    return agreement, _draw_fund_log(draw, agreement, max_requests, max_grants)


@st.composite
def _fund_logs(
    draw: st.DrawFn, agreement: Agreement, max_requests: int, max_grants: int
) -> tuple[FundEvent, ...]:
    return _draw_fund_log(draw, agreement, max_requests, max_grants)


def _draw_fund_log(
    draw: st.DrawFn, agreement: Agreement, max_requests: int, max_grants: int
) -> tuple[FundEvent, ...]:
    start, end = agreement.start, agreement.end
    funds = [a for a in agreement.allocations if a.fund is not None]
    # Each record is drawn with its position, (day, order of drawing): the
    # log is their sort, so a step never precedes what it is a step of.
    records: list[tuple[dt.date, int, FundEvent]] = []

    def add(event: FundEvent) -> None:
        records.append((event.at, len(records), event))

    for allocation in funds:
        fund = allocation.id
        window_ends = _window_ends(agreement, allocation)
        for n in range(1, draw(st.integers(0, max_grants)) + 1):
            _draw_grant(draw, fund, f"G{n}", (start, end), add)
        for n in range(1, draw(st.integers(0, max_requests)) + 1):
            _draw_request(draw, fund, n, (start, end), window_ends, add)
    records.sort(key=lambda record: record[:2])
    return tuple(event for _, _, event in records)


_GRANT, _REQUEST, _APPROVAL, _CLAIM, _DECISION, _PAYMENT = tuple(FundEventKind)


def _window_ends(agreement: Agreement, allocation: ResourceAllocation) -> list[dt.date]:
    """Return the last day of each window of the fund *allocation*, in order."""
    fund = allocation.fund
    if fund is None or fund.expiry is FundExpiry.TERM:
        return [agreement.end]
    spans = fiscal_years(agreement.fiscal_calendar, agreement.start, agreement.end)
    return [span.end for span in spans]


def _draw_grant(
    draw: st.DrawFn,
    fund: str,
    ref: str,
    term: tuple[dt.date, dt.date],
    add: Callable[[FundEvent], None],
) -> None:
    """Draw grant *ref* of *fund* made in *term*, sometimes corrected or retracted."""
    at = _day(draw, *term)
    grant = FundEvent(
        fund=fund,
        event=_GRANT,
        at=at,
        ref=ref,
        amount=draw(_compliant_amounts()),
        activity=_text(draw),
    )
    add(grant)
    change = draw(st.integers(0, 5))
    if change == 0:
        add(attrs.evolve(grant, at=_later(draw, at), amount=None))
    elif change == 1:
        # A correction may move the grant's day, within the term.
        later = min(_later(draw, at), term[1])
        add(attrs.evolve(grant, at=later, amount=draw(_compliant_amounts())))


def _draw_request(
    draw: st.DrawFn,
    fund: str,
    n: int,
    term: tuple[dt.date, dt.date],
    window_ends: list[dt.date],
    add: Callable[[FundEvent], None],
) -> None:
    """Draw request *n* of *fund* for an activity in *term*, and what became of it.

    The request may be made before the term or after it (late, for an
    activity already run); its activity starts in the term, or, without a
    start, the request is made in it. *window_ends* are the last days of the
    fund's windows: an approval of more than 0 comes by the end of the
    request's window, as the ledger requires.
    """
    ref = f"R{n}"
    asked = draw(_compliant_amounts())
    at = _day_around(draw, *term)
    begins = None if draw(st.booleans()) else _later(draw, at)
    if begins is None:
        at = min(max(at, term[0]), term[1])
    else:
        begins = min(max(begins, term[0]), term[1])
    ends = None if begins is None or draw(st.booleans()) else _later(draw, begins)
    request = FundEvent(
        fund=fund,
        event=_REQUEST,
        at=at,
        ref=ref,
        amount=asked,
        activity=_title(draw),
        start=begins,
        end=ends,
        # Usually the whole cost is at least the share asked of it.
        cost=None if _sometimes(draw) else _sum(asked, draw(_compliant_amounts())),
    )
    add(request)
    step = draw(st.integers(0, 5))
    if step == 0:
        # Withdrawn before anything came of it.
        add(attrs.evolve(request, at=_later(draw, at), amount=None))
        return
    if step == 1:
        return
    at = _later(draw, at)
    approved = None if _sometimes(draw) else _share(draw, asked)
    closes = next(
        (end for end in window_ends if (begins or request.at) <= end), window_ends[-1]
    )
    if approved and at > closes:
        # Money not approved by the window's end expired: approve by then,
        # or, for a request made after it, reject.
        if request.at <= closes:
            at = closes
        else:
            approved = _cents(Fraction(0))
    if approved is not None:
        add(FundEvent(fund=fund, event=_APPROVAL, at=at, ref=f"A{n}",
                      request=ref, amount=approved))  # fmt: skip
        if not approved and draw(st.booleans()):
            return
    if step == 2:  # noqa: PLR2004 - 2: approved (or not) and nothing claimed yet
        return
    _draw_claim(draw, request, approved, _later(draw, at), add)


def _draw_claim(
    draw: st.DrawFn,
    request: FundEvent,
    approved: Decimal | None,
    at: dt.date,
    add: Callable[[FundEvent], None],
) -> None:
    """Draw the claim of *request*, its corrections, decision and payments."""
    fund, n, ref = request.fund, request.ref[1:], request.ref
    claimed = (
        approved
        if approved is not None and draw(st.booleans())
        else draw(_compliant_amounts())
    )
    claim = FundEvent(
        fund=fund,
        event=_CLAIM,
        at=at,
        ref=f"C{n}",
        request=ref,
        amount=claimed,
        incurred=None if draw(st.booleans()) else min(request.start or at, at),
        proof=() if _sometimes(draw) else (_title(draw),),
    )
    if _sometimes(draw):
        # Claimed first with another amount, corrected before anything else.
        add(attrs.evolve(claim, amount=draw(_compliant_amounts())))
        claim = attrs.evolve(claim, at=_later(draw, at))
    add(claim)
    at = claim.at
    ceiling = claimed
    if draw(st.booleans()):
        at = _later(draw, at)
        accepted = _share(draw, claimed)
        add(FundEvent(fund=fund, event=_DECISION, at=at, ref=f"D{n}", request=ref,
                      amount=accepted, reason=_text(draw)))  # fmt: skip
        ceiling = accepted
    if approved is None:
        # No payment without an approval.
        return
    left = min(ceiling, approved)
    for k in range(draw(st.integers(0, 2))):
        at = _later(draw, at)
        paid = _share(draw, left)
        payment = FundEvent(fund=fund, event=_PAYMENT, at=at, ref=f"P{n}.{k + 1}",
                            request=ref, amount=paid)  # fmt: skip
        add(payment)
        if _sometimes(draw):
            # Retracted before the next payment, which may then pay it again.
            at = _later(draw, at)
            add(attrs.evolve(payment, at=at, amount=None))
        else:
            left = _cents(Fraction(left) - Fraction(paid))


def _later(draw: st.DrawFn, day: dt.date) -> dt.date:
    """Draw *day* or a day up to 60 days after it (up to the last date there is)."""
    days = draw(st.integers(0, 60))
    return day + dt.timedelta(days=min(days, (dt.date.max - day).days))


def _share(draw: st.DrawFn, most: Decimal) -> Decimal:
    """Draw an amount from 0 to *most* in whole cents: all, none or a share."""
    percent = draw(st.sampled_from((100, 0, 50, 99, 1, 37)))
    return _cents(Fraction(most) * percent / 100)


def _sum(a: Decimal, b: Decimal) -> Decimal:
    """Return a + b for amounts in whole cents, whatever the decimal context."""
    return _cents(Fraction(a) + Fraction(b))


def _cents(value: Fraction) -> Decimal:
    """Return *value*, at least 0, rounded down to whole cents, built exactly."""
    cents = math.floor(value * 100)
    # A tuple builds the Decimal exactly, without the caller's context.
    return Decimal((0, tuple(int(d) for d in str(cents)), -2))
