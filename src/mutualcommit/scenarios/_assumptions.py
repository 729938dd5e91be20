"""What a projection assumes about the future: rates, their uncertainty, drivers.

Projections are estimates: every number here is a float, never a Decimal,
and nothing here is ever written into an agreement.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from mutualcommit.errors import ArgumentError, NotFoundError, also_type_error
from mutualcommit.model import FrozenDict, Period, as_enum, readable_signature
from mutualcommit.model._arguments import as_instance, shown
from mutualcommit.model._calls import refuses_miscalls
from mutualcommit.model._shown import no_such

__all__ = [
    "Assumptions",
    "Distribution",
    "Driver",
    "Fixed",
    "Pert",
    "Poisson",
    "Triangular",
    "as_assumptions",
]


def _real(value: float | Decimal, name: str = "factor") -> float:
    """Make *value* a finite float (ints and Decimals are welcome, bools not).

    Raises:
        ArgumentError: Naming *name*: a `TypeError` too when *value* is no
            number; a `ValueError` alone when it is not finite.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        msg = f"{name}: expected a number, got {type(value).__name__} {value!r}"
        raise also_type_error(ArgumentError)(msg, name)
    number = float(value)
    if not math.isfinite(number):
        msg = f"{name}: expected a finite number, got {value!r}"
        raise ArgumentError(msg, name)
    return number


# The converters of the distributions' fields, each naming its field.


def _value(value: float | Decimal) -> float:
    return _real(value, "value")


def _rate(value: float | Decimal) -> float:
    return _real(value, "rate")


def _low(value: float | Decimal) -> float:
    return _real(value, "low")


def _mode(value: float | Decimal) -> float:
    return _real(value, "mode")


def _high(value: float | Decimal) -> float:
    return _real(value, "high")


def _short(value: float) -> str:
    """Write *value* short and plain: ``300000``, ``28.8``, ``0.25``.

    No thousands separators, so a repr reads the same in every locale and
    its commas only ever separate fields; large numbers round to whole
    units, others keep six significant digits.
    """
    if abs(value) >= 100_000:  # noqa: PLR2004 - whole units are plenty there
        return str(round(value))
    text = f"{value:.6g}"
    if "e" in text:
        # A small number: its six digits without the exponent (1e-07 is
        # 0.0000001).
        text = format(Decimal(text), "f")
    return "0" if text == "-0" else text


def _factor(value: float | Decimal, *, signed: bool = False) -> float:
    """Read a scaling factor: a number, not negative unless *signed*."""
    number = _real(value)
    if number < 0 and not signed:
        msg = f"a factor is not negative, got {value!r}"
        raise ArgumentError(msg, "factor")
    return number


def _non_negative(
    instance: object, attribute: attrs.Attribute[float], value: float
) -> None:
    if value < 0:
        msg = f"{type(instance).__name__}.{attribute.name} is not negative, got {value}"
        raise ArgumentError(msg, attribute.name)


@refuses_miscalls
@attrs.frozen
class Fixed:
    """A number known for certain: a projection with only fixed numbers is exact.

    Every window's probability is then 0 or 1, and a plan that lands
    exactly on its target meets it, even where the floats' sum misses the
    target in its last digits.

    Attributes:
        value: The number.
    """

    value: float = attrs.field(converter=_value)

    def __repr__(self) -> str:
        return f"Fixed(value={_short(self.value)})"

    __str__ = __repr__

    @property
    def mean(self) -> float:
        """The distribution's mean."""
        return self.value

    def scaled(self, factor: float | Decimal) -> Fixed:
        """Return the distribution of *factor* times a draw of this one.

        Args:
            factor: A number (an int, a float or a Decimal); negative too,
                as a fixed change of a level may be.
        """
        return Fixed(self.value * _factor(factor, signed=True))


@refuses_miscalls
@attrs.frozen
class Poisson:
    """Events that happen independently at a mean *rate* per period.

    The count in any stretch of time is Poisson with the rate times the
    stretch's length in periods, independently of every other stretch: a
    quarter's count has the variance of its mean.

    Attributes:
        rate: The mean number of events per period, not negative.
    """

    rate: float = attrs.field(converter=_rate, validator=_non_negative)

    def __repr__(self) -> str:
        return f"Poisson(rate={_short(self.rate)})"

    __str__ = __repr__

    @property
    def mean(self) -> float:
        """The distribution's mean."""
        return self.rate

    def scaled(self, factor: float | Decimal) -> Poisson:
        """Return the Poisson distribution of *factor* times as many events.

        ``Poisson(28.8).scaled(Decimal("0.8"))`` is ``Poisson(rate=23.04)``:
        registrations down 20 %.

        Args:
            factor: A number, not negative (an int, a float or a Decimal).

        Raises:
            ArgumentError: When *factor* is negative or not finite.
        """
        return Poisson(self.rate * _factor(factor))


def _three_point(instance: Triangular | Pert) -> None:
    if not instance.low <= instance.mode <= instance.high:
        msg = (
            f"{type(instance).__name__} needs low <= mode <= high, got "
            f"{instance.low}, {instance.mode}, {instance.high}"
        )
        raise ArgumentError(msg)


def _three_text(instance: Triangular | Pert) -> str:
    numbers = ", ".join(
        f"{name}={_short(getattr(instance, name))}" for name in ("low", "mode", "high")
    )
    return f"{type(instance).__name__}({numbers})"


@refuses_miscalls
@attrs.frozen
class Triangular:
    """An uncertain number: between *low* and *high*, most likely *mode*.

    Its density rises in a straight line from *low* to *mode* and falls to
    *high*; the mean is ``(low + mode + high) / 3``.

    Attributes:
        low: The least it can be.
        mode: The most likely value.
        high: The most it can be.

    Raises:
        ArgumentError: When ``low <= mode <= high`` does not hold.
    """

    low: float = attrs.field(converter=_low)
    mode: float = attrs.field(converter=_mode)
    high: float = attrs.field(converter=_high)

    def __attrs_post_init__(self) -> None:
        _three_point(self)

    def __repr__(self) -> str:
        return _three_text(self)

    __str__ = __repr__

    @property
    def mean(self) -> float:
        """The distribution's mean."""
        return (self.low + self.mode + self.high) / 3

    def scaled(self, factor: float | Decimal) -> Triangular:
        """Return the distribution of *factor* times a draw of this one.

        Args:
            factor: A number, not negative (an int, a float or a Decimal).

        Raises:
            ArgumentError: When *factor* is negative or not finite.
        """
        scale = _factor(factor)
        return Triangular(self.low * scale, self.mode * scale, self.high * scale)


@refuses_miscalls
@attrs.frozen
class Pert:
    """An uncertain number: between *low* and *high*, most likely *mode* (PERT).

    A beta distribution rescaled to ``[low, high]`` with shape parameters
    ``1 + 4 (mode - low) / (high - low)`` and ``1 + 4 (high - mode) / (high
    - low)``: it leans on the mode more than a triangle does; the mean is
    ``(low + 4 mode + high) / 6``.

    Attributes:
        low: The least it can be.
        mode: The most likely value.
        high: The most it can be.

    Raises:
        ArgumentError: When ``low <= mode <= high`` does not hold.
    """

    low: float = attrs.field(converter=_low)
    mode: float = attrs.field(converter=_mode)
    high: float = attrs.field(converter=_high)

    def __attrs_post_init__(self) -> None:
        _three_point(self)

    def __repr__(self) -> str:
        return _three_text(self)

    __str__ = __repr__

    @property
    def mean(self) -> float:
        """The distribution's mean."""
        return (self.low + 4 * self.mode + self.high) / 6

    def scaled(self, factor: float | Decimal) -> Pert:
        """Return the distribution of *factor* times a draw of this one.

        Args:
            factor: A number, not negative (an int, a float or a Decimal).

        Raises:
            ArgumentError: When *factor* is negative or not finite.
        """
        scale = _factor(factor)
        return Pert(self.low * scale, self.mode * scale, self.high * scale)


#: What a rate (or a level, or a driver's effect) is assumed to be.
Distribution = Fixed | Poisson | Triangular | Pert


def _distribution(name: str, value: object) -> Distribution:
    if isinstance(value, Fixed | Poisson | Triangular | Pert):
        return value
    msg = (
        f"{name}: expected a Fixed, Poisson, Triangular or Pert distribution, got "
        f"{type(value).__name__} {value!r}"
    )
    raise also_type_error(ArgumentError)(msg, name)


def _effect(value: Fixed | Triangular | Pert) -> Fixed | Triangular | Pert:
    # The annotation is what type checkers take for the field: a float is
    # refused there, and here for an untyped caller.
    if isinstance(value, Fixed | Triangular | Pert):
        return value
    msg = (
        "per_thousand: a driver's effect per 1,000 is a Fixed, Triangular or "
        f"Pert number, got {type(value).__name__} {value!r}"
    )
    raise also_type_error(ArgumentError)(msg, "per_thousand")


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    del instance
    as_instance(f"Driver.{attribute.name}", value, str)


@refuses_miscalls
@attrs.frozen(kw_only=True)
class Driver:
    """What money spent on a contribution adds to a metric.

    "Each 1,000 EUR allocated to contribution X adds k units of metric Y per
    quarter": the funding of *contribution* (its allocations in the
    agreement's currency, spread over their periods as rule MC204 spreads
    them) adds *per_thousand* units of *metric* for every 1,000 of the
    currency, in the stretch of time the money is spent in. So "1,000 a
    quarter adds k a quarter" and "12,000 over the term adds 12 k over the
    term" say the same. *k* is drawn once per run.

    Only the funding a projection's *baseline* does not have counts (see
    `project`): the observed run rate already holds what today's funding
    brings.

    Attributes:
        contribution: The id of the contribution the money pays for.
        metric: The id of the metric it moves (a flow, or a LAST level).
        per_thousand: *k*: the units of the metric per 1,000 of the
            currency, with its uncertainty.
    """

    contribution: str = attrs.field(validator=_text)
    metric: str = attrs.field(validator=_text)
    per_thousand: Fixed | Triangular | Pert = attrs.field(converter=_effect)

    def scaled(self, factor: float | Decimal) -> Driver:
        """Return this driver with its effect per 1,000 times *factor*.

        Args:
            factor: A number, not negative (an int, a float or a Decimal).

        Raises:
            ArgumentError: When *factor* is negative or not finite.
        """
        return attrs.evolve(
            self, per_thousand=self.per_thousand.scaled(_factor(factor))
        )


def _mapping(name: str, value: object, what: str) -> Mapping[object, object]:
    """Return *value* when it is a mapping with str keys (None: an empty one).

    Raises:
        ArgumentError: A `TypeError` too, naming *name*, what it maps
            (*what*) and what was passed.
    """
    if value is None:
        return {}
    if isinstance(value, Mapping):
        for key in value:
            if not isinstance(key, str):
                msg = f"{name} is keyed by str ids, got the key {shown(key)}"
                raise also_type_error(ArgumentError)(msg, name)
        return value
    msg = f"{name} is a mapping of {what}, got {shown(value)}"
    if isinstance(value, list | tuple):
        msg += ": pass a dict ({id: value, ...})"
    raise also_type_error(ArgumentError)(msg, name)


def _rates(value: Mapping[str, Distribution] | None) -> FrozenDict[str, Distribution]:
    rates = _mapping(
        "rates",
        value,
        "metric ids to Fixed, Poisson, Triangular or Pert distributions",
    )
    return FrozenDict(
        {str(k): _distribution(f"rates[{k!r}]", v) for k, v in rates.items()}
    )


def _drivers(value: Iterable[Driver]) -> tuple[Driver, ...]:
    if isinstance(value, Driver):
        msg = f"drivers is a tuple of Driver values, got one Driver: pass ({value!r},)"
        raise also_type_error(ArgumentError)(msg, "drivers")
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        msg = f"drivers is a tuple of Driver values, got {shown(value)}"
        raise also_type_error(ArgumentError)(msg, "drivers")
    drivers = tuple(value)
    for i, driver in enumerate(drivers):
        if not isinstance(driver, Driver):
            msg = (
                f"drivers[{i}]: drivers are Driver values, "
                f"got {type(driver).__name__} {driver!r}"
            )
            raise also_type_error(ArgumentError)(msg, f"drivers[{i}]")
    return drivers


def _ids(name: str, value: Iterable[str], what: str) -> set[str]:
    """Read the ids *value* names (an iterable of str, not one str)."""
    if isinstance(value, str | bytes | os.PathLike):
        msg = (
            f"{name} is an iterable of {what} ids, got {shown(value)}: pass [{value!r}]"
        )
        raise also_type_error(ArgumentError)(msg, name)
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        msg = f"{name} is an iterable of {what} ids, got {shown(value)}"
        raise also_type_error(ArgumentError)(msg, name)
    ids = set()
    for item in value:
        ids.add(as_instance(f"{name}[...]", item, str))
    return ids


#: How far back an observed run rate looks by default: about half a year.
_LOOKBACK_DAYS = 182


def _utilisation(
    value: Mapping[str, float | Decimal] | None,
) -> FrozenDict[str, float]:
    given = _mapping(
        "fund_utilisation", value, "fund allocation ids to shares from 0 to 1"
    )
    shares = {}
    for key, share in given.items():
        if isinstance(share, bool) or not isinstance(share, int | float | Decimal):
            msg = f"fund_utilisation[{key!r}] is a number, got {share!r}"
            raise also_type_error(ArgumentError)(msg, f"fund_utilisation[{key!r}]")
        number = float(share)
        if not 0 <= number <= 1:
            msg = f"fund_utilisation[{key!r}] is a share from 0 to 1, got {share!r}"
            raise ArgumentError(msg, f"fund_utilisation[{key!r}]")
        shares[str(key)] = number
    return FrozenDict(shares)


def _period(value: Period | str | None) -> Period | None:
    return None if value is None else as_enum(Period, "per", value)


def _lookback(
    instance: object, attribute: attrs.Attribute[int | None], value: int | None
) -> None:
    del instance, attribute
    if value is None:
        return  # none stated: 182 days, or a parent's (see Assumptions.merge)
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"lookback_days is a positive int, got {shown(value)}"
        raise also_type_error(ArgumentError)(msg, "lookback_days")
    if value < 1:
        msg = f"lookback_days is a positive int, got {value!r}"
        raise ArgumentError(msg, "lookback_days")


@refuses_miscalls
@readable_signature
@attrs.frozen(kw_only=True)
class Assumptions:
    """What a projection assumes about the future of each metric.

    A metric given no rate gets one from its observed run rate over the
    last *lookback_days* (see the scenarios guide for each aggregation),
    with the same spread whatever *per*: stating the rates per month
    changes no probability.
    What a rate means depends on the metric's aggregation:

    - COUNT and SUM (flows): what the metric adds per *per* period (a
      COUNT's never negative: `project` refuses a rate that can draw below
      0). A `Poisson` rate draws independent counts for every stretch of
      time; a `Fixed`, `Triangular` or `Pert` rate is drawn once per run
      and holds for the rest of the term.
    - LAST: how much the level changes per period (a `Poisson` rate adds
      independent counts, as certified reps accrue).
    - MEAN, MIN, MAX, PERCENTILE and the computed measures (a ratio, OTIF,
      lead time, the forecast measures): the level still to come (*per*
      does not apply), drawn once per run.

    A target whose ``where`` selects part of a metric (``{"party":
    "globex"}``) gets the metric's given rate times the share of the
    metric that part had over the lookback; without a given rate it gets
    its own observed run rate.

    Attributes:
        rates: Metric id → its rate.
        drivers: What funding adds to metrics.
        per: The period the rates are given per: the one stated, else a
            fiscal quarter. A variant's assumptions that state none read
            their rates per its parent's (see `merge`).
        lookback_days: How many days before ``as_of`` (inclusive) the
            observed run rates look back: the number stated, else 182;
            never before a metric's first observation, so a lookback longer
            than the history (any positive int: ``1_000_000``) reads all of
            it. A variant's assumptions that state none keep its parent's.
        fund_utilisation: Allocation id of a fund → the share of its
            amount the scenario spends, compared with the baseline (``1``:
            as much; ``0.5``: half of it goes unused). Drivers count the
            funding so scaled, so a fund's return per 1,000 spent (a
            driver's *k*) and its utilisation both move the projection.

    Raises:
        ArgumentError: Naming the field (``rates['regs']``): a `TypeError`
            too when a field is of another type, saying what to pass
            (*rates* or *fund_utilisation* not a mapping keyed by str ids,
            a list of pairs is not one; a rate not a distribution;
            *drivers* not an iterable of `Driver` values; *lookback_days*
            not an int; *per* neither a `Period` nor its value); a
            `ValueError` alone when *per* is text that names no `Period`,
            *lookback_days* is below 1 or a fund's utilisation is not a
            share from 0 to 1.
    """

    rates: Mapping[str, Distribution] = attrs.field(
        factory=FrozenDict, converter=_rates
    )
    drivers: tuple[Driver, ...] = attrs.field(default=(), converter=_drivers)
    # The period the assumptions state, None when they state none (a
    # quarter): a variant that states none keeps its parent's (see merge).
    _per: Period | None = attrs.field(default=None, converter=_period, alias="per")
    # The lookback the assumptions state, None when they state none (182
    # days): a variant that states none keeps its parent's.
    _lookback_days: int | None = attrs.field(
        default=None, validator=_lookback, alias="lookback_days"
    )
    fund_utilisation: Mapping[str, float] = attrs.field(
        factory=FrozenDict, converter=_utilisation
    )

    @property
    def per(self) -> Period:
        """The period the rates are given per: the one stated, else a quarter."""
        return Period.QUARTER if self._per is None else self._per

    @property
    def lookback_days(self) -> int:
        """How many days the observed run rates look back: the number stated, else 182."""
        return _LOOKBACK_DAYS if self._lookback_days is None else self._lookback_days

    def __repr__(self) -> str:
        # Only what differs from the defaults, each distribution short.
        parts = []
        if self.rates:
            rates = ", ".join(f"{k!r}: {v!r}" for k, v in self.rates.items())
            parts.append(f"rates={{{rates}}}")
        if self.drivers:
            # A tuple's own spelling: a trailing comma only after one item.
            comma = "," if len(self.drivers) == 1 else ""
            parts.append(f"drivers=({', '.join(map(repr, self.drivers))}{comma})")
        if self._per is not None:
            # Stated, a quarter too: a variant's stated period replaces its
            # parent's.
            parts.append(f"per={self._per.value!r}")
        if self._lookback_days is not None:
            # Stated, 182 too, as per.
            parts.append(f"lookback_days={self._lookback_days}")
        if self.fund_utilisation:
            shares = ", ".join(
                f"{k!r}: {v!r}" for k, v in self.fund_utilisation.items()
            )
            parts.append(f"fund_utilisation={{{shares}}}")
        return f"Assumptions({', '.join(parts)})"

    def merge(self, other: Assumptions) -> Assumptions:
        """Return these assumptions updated by *other*'s.

        What `Scenario.variant` does with the assumptions it is given: a
        variant states only what it changes.

        - rates: these, and *other*'s; a metric in both takes *other*'s rate.
        - drivers: these, each replaced by *other*'s driver of the same
          contribution and metric, then *other*'s new ones.
        - per: *other*'s when it states one, else these' (stated or not):
          the rates of assumptions that state no period are read per the
          period of the assumptions they are merged into, as
          `Projection.rate` gives them. A period stated differently from
          these' cannot re-read the rates of these that *other* keeps.
        - lookback_days: *other*'s when it states one (182 too), else
          these' (stated or not).
        - fund_utilisation: these, and *other*'s; a fund in both takes
          *other*'s share.

        Use `without` to drop a rate or a driver.

        Raises:
            ArgumentError: Naming ``other``: when *other* states a period
                other than these', and these have rates *other* does not
                replace (given per these' period, they would be read per
                another); a `TypeError` too when *other* is not
                `Assumptions` (a dict of them is not: pass
                ``Assumptions(rates=...)``).
        """
        as_assumptions("other", other)
        stated = other._per
        kept = sorted(set(self.rates) - set(other.rates))
        if stated is not None and stated is not self.per and kept:
            msg = (
                f"the assumptions to merge state per {stated.value}, the base's "
                f"rates of {', '.join(map(repr, kept))} are per {self.per.value}: "
                f"leave per out (the rates to merge are then read per "
                f"{self.per.value}), or give those rates per {stated.value} too"
            )
            raise ArgumentError(msg, "other")
        replaced = {(d.contribution, d.metric) for d in other.drivers}
        drivers = [
            d for d in self.drivers if (d.contribution, d.metric) not in replaced
        ]
        return Assumptions(
            rates={**self.rates, **other.rates},
            drivers=(*drivers, *other.drivers),
            per=self._per if stated is None else stated,
            lookback_days=(
                self._lookback_days
                if other._lookback_days is None
                else other._lookback_days
            ),
            fund_utilisation={**self.fund_utilisation, **other.fund_utilisation},
        )

    def without(
        self, *, rates: Iterable[str] = (), drivers: Iterable[str] = ()
    ) -> Assumptions:
        """Return these assumptions without some rates or drivers.

        A metric whose rate is dropped goes back to its observed run rate.

        Args:
            rates: The ids of the metrics whose given rates to drop.
            drivers: The ids of the contributions whose drivers to drop
                (every driver of each).

        Raises:
            NotFoundError: When an id has no rate or no driver to drop (a
                typo would otherwise drop nothing).
            ArgumentError: A `TypeError` too, when *rates* or *drivers* is
                not an iterable of str ids (one id is ``["m"]``, not
                ``"m"``).
        """
        metrics = _ids("rates", rates, "metric")
        contributions = _ids("drivers", drivers, "contribution")
        driven = [d.contribution for d in self.drivers]
        unknown = [
            no_such("rate of metric", m, "the assumptions", self.rates)
            for m in sorted(metrics - set(self.rates))
        ]
        unknown += [
            no_such("driver of contribution", c, "the assumptions", driven)
            for c in sorted(contributions - set(driven))
        ]
        if unknown:
            msg = f"nothing to drop: {'; '.join(unknown)}"
            missing = sorted(metrics - set(self.rates)) or sorted(
                contributions - set(driven)
            )
            raise NotFoundError(msg, missing[0])
        return attrs.evolve(
            self,
            rates={k: v for k, v in self.rates.items() if k not in metrics},
            drivers=tuple(
                d for d in self.drivers if d.contribution not in contributions
            ),
        )


def as_assumptions(name: str, value: object) -> Assumptions:
    """Return *value* when it is `Assumptions`.

    Raises:
        ArgumentError: A `TypeError` too, naming *name* and what was
            passed; for a mapping (its fields as a dict, a notebook's slip),
            how to make one.
    """
    if isinstance(value, Mapping):
        msg = (
            f"{name} is an Assumptions, got {shown(value)}: pass "
            "Assumptions(**fields), as Assumptions(rates={...})"
        )
        raise also_type_error(ArgumentError)(msg, name)
    return as_instance(name, value, Assumptions)
