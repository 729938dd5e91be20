"""The invariants of a computed metric: what it is computed from.

Called by ``_invariants`` once per metric; returns the problems with their
paths, so the agreement's error lists them with every other problem (one
about a value of the wrong type made with `type_problem`).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from ._bounds import MAX_TERM_DAYS
from ._decimal import decimal_problem
from ._enums import Aggregation, Period, with_article
from ._frozen import EMPTY, nfc_collisions
from ._problems import type_problem
from ._selection import blank_keys
from ._shown import did_you_mean
from ._unicode import text_problems

__all__ = ["measure_problems"]

_A = Aggregation
_ORDERS = frozenset({_A.OTIF, _A.LEAD_TIME})
_FORECASTS = frozenset(a for a in _A if a.is_forecast)
_SIDES = frozenset({_A.SUM, _A.COUNT})
_HUNDRED = Decimal(100)
# Members as module constants: reading one off its enum class runs Python code.
_RATIO, _PERCENTILE, _OTIF, _LEAD_TIME = _A.RATIO, _A.PERCENTILE, _A.OTIF, _A.LEAD_TIME
_SUMS = frozenset({_A.SUM})
_TERM = Period.TERM
_CURRENCY = re.compile(r"[A-Z]{3}")

#: Each field, the aggregations it belongs to, and its default.
_FIELDS: dict[str, tuple[frozenset[Aggregation], object]] = {
    "numerator": (frozenset({_A.RATIO}), None),
    "denominator": (frozenset({_A.RATIO}), None),
    "numerator_where": (frozenset({_A.RATIO}), EMPTY),
    "denominator_where": (frozenset({_A.RATIO}), EMPTY),
    "percentile": (frozenset({_A.PERCENTILE, _A.LEAD_TIME}), None),
    "orders": (_ORDERS, None),
    "deliveries": (_ORDERS, None),
    "grace_days": (frozenset({_A.OTIF}), 0),
    "forecast": (_FORECASTS, None),
    "actual": (_FORECASTS, None),
    "lag": (_FORECASTS, 0),
    "bucket": (_FORECASTS, None),
}


class _Plan(NamedTuple):
    """What to check of a metric of one aggregation."""

    #: The fields (with their defaults) that do not belong to it, in order.
    foreign: tuple[tuple[str, object], ...]
    #: Reads those fields at once, to compare with their defaults at once.
    read: Callable[[Any], object]
    #: The defaults, as `read` returns them when every field has its default.
    defaults: object
    #: Whether it is a forecast measure.
    forecast: bool


def _plan(aggregation: Aggregation) -> _Plan:
    foreign = tuple(
        (name, default)
        for name, (allowed, default) in _FIELDS.items()
        if aggregation not in allowed
    )
    names = [name for name, _ in foreign]
    defaults = tuple(default for _, default in foreign)
    # attrgetter of one name returns the value, not a 1-tuple.
    return _Plan(
        foreign=foreign,
        read=operator.attrgetter(*names),
        defaults=defaults if len(names) > 1 else defaults[0],
        forecast=aggregation in _FORECASTS,
    )


#: The plan of each aggregation: looked up once per metric (an enum member
#: hashes in Python, so set tests are not free).
_PLANS = {aggregation: _plan(aggregation) for aggregation in _A}

Problems = list[tuple[str, str]]


def measure_problems(path: str, metric: Any, metrics: Mapping[str, Any]) -> Problems:
    """Return the problems of what *metric* at *path* is computed from.

    Args:
        path: The metric's path, ``metrics[3]``.
        metric: The metric (its aggregation already checked to be one).
        metrics: The agreement's metrics by id.
    """
    problems: Problems = []
    aggregation = metric.aggregation
    if not isinstance(aggregation, Aggregation):
        return problems
    plan = _PLANS[aggregation]
    forecast = plan.forecast
    # The common case first: no field that does not belong is set.
    foreign = () if plan.read(metric) == plan.defaults else plan.foreign
    for name, default in foreign:
        value = getattr(metric, name, default)
        if value is not default and value != default:
            allowed = _FIELDS[name][0]
            kinds = ", ".join(sorted(a.value for a in allowed))
            problems.append(
                (
                    f"{path}.{name}",
                    f"'{name}' belongs to a metric of aggregation {kinds}, not {aggregation.value}",
                )
            )

    def side(name: str, kinds: frozenset[Aggregation], what: str) -> None:
        value = getattr(metric, name)
        where = f"{path}.{name}"
        if value is None:
            problems.append(
                (
                    where,
                    (
                        f"{with_article(aggregation.value)} metric needs '{name}': "
                        f"the id of {what}"
                    ),
                )
            )
            return
        other = metrics.get(value) if isinstance(value, str) else None
        if other is None:
            message = f"no metric with id {value!r}" + did_you_mean(
                value, metrics, repr
            )
            problems.append(
                (where, message)
                if isinstance(value, str)
                else type_problem(where, message)
            )
        elif value == metric.id:
            problems.append(
                (where, f"metric {metric.id!r} cannot be computed from itself")
            )
        elif other.aggregation is _RATIO and aggregation is _RATIO:
            problems.append(
                (
                    where,
                    f"metric {value!r} is a ratio: a ratio of ratios is refused, name its SUM or COUNT sides instead",
                )
            )
        elif other.aggregation not in kinds:
            names = " or ".join(sorted(k.value.upper() for k in kinds))
            problems.append(
                (
                    where,
                    f"metric {value!r} is a {other.aggregation}, expected a {names} metric",
                )
            )

    if aggregation is _RATIO:
        side("numerator", _SIDES, "a SUM or COUNT metric")
        side("denominator", _SIDES, "a SUM or COUNT metric")
        for name in ("numerator_where", "denominator_where"):
            _where(problems, f"{path}.{name}", getattr(metric, name))
        _ratio_units(problems, path, metric, metrics)
    elif forecast or aggregation is _OTIF or aggregation is _LEAD_TIME:
        _pair_units(problems, path, metric, metrics)
    if aggregation is _PERCENTILE or aggregation is _LEAD_TIME:
        _percentile(
            problems,
            f"{path}.percentile",
            metric.percentile,
            required=aggregation is _PERCENTILE,
        )
    if aggregation is _OTIF or aggregation is _LEAD_TIME:
        side("orders", _SUMS, "the SUM metric of the order records")
        side("deliveries", _SUMS, "the SUM metric of the delivery records")
        if metric.orders is not None and metric.orders == metric.deliveries:
            problems.append(
                (
                    f"{path}.deliveries",
                    "orders and deliveries are two different metrics",
                )
            )
    _whole(problems, f"{path}.grace_days", metric.grace_days, _MOST_DAYS)
    if forecast:
        side("forecast", _SUMS, "the SUM metric of the forecast records")
        side("actual", _SUMS, "the SUM metric of what happened")
        if metric.forecast is not None and metric.forecast == metric.actual:
            problems.append(
                (f"{path}.actual", "forecast and actual are two different metrics")
            )
    _whole(problems, f"{path}.lag", metric.lag, _MOST_LAG)
    bucket = metric.bucket
    if bucket is not None and (not isinstance(bucket, Period) or bucket is _TERM):
        message = f"expected a Period of week, month, quarter or year, got {bucket!r}"
        problems.append(
            (f"{path}.bucket", message)
            if isinstance(bucket, Period)
            else type_problem(f"{path}.bucket", message)
        )
    return problems


def _currency(unit: object) -> bool:
    """Say whether *unit* is a currency code (a malformed one is reported elsewhere)."""
    return type(unit) is str and _CURRENCY.fullmatch(unit) is not None


def _side_unit(metric: Any, name: str, metrics: Mapping[str, Any]) -> object:
    """Return the unit of the metric *metric* names in field *name*, or None."""
    value = getattr(metric, name)
    other = metrics.get(value) if isinstance(value, str) else None
    return None if other is None or value == metric.id else other.unit


def _ratio_units(
    problems: Problems, path: str, metric: Any, metrics: Mapping[str, Any]
) -> None:
    """Hold a ratio's money to one currency.

    A ratio's unit is its numerator's over its denominator's. In a currency
    it is money per something that is not money (revenue per deal), so its
    numerator is in that currency and its denominator in no currency. Over
    money it is a pure number (a share), in one currency on both sides.
    """
    unit = metric.unit
    top = _side_unit(metric, "numerator", metrics)
    bottom = _side_unit(metric, "denominator", metrics)
    if _currency(unit):
        if top is not None and top != unit:
            problems.append(
                (
                    f"{path}.numerator",
                    (
                        f"a ratio in {unit} takes its money from its numerator: "
                        f"expected a metric in {unit}, {metric.numerator!r} is in {top}"
                    ),
                )
            )
        if _currency(bottom):
            problems.append(
                (
                    f"{path}.unit",
                    (
                        f"a ratio over money ({metric.denominator!r} is in {bottom}) "
                        f"is a pure number: expected a unit that is no currency, "
                        f"such as percent, got {unit}"
                    ),
                )
            )
    elif _currency(top) and _currency(bottom) and top != bottom:
        problems.append(
            (
                f"{path}.denominator",
                (
                    f"a ratio of money over money needs one currency: "
                    f"{metric.numerator!r} is in {top}, {metric.denominator!r} in {bottom}"
                ),
            )
        )


#: The two metrics each measure compares, by aggregation.
_PAIRS = {
    _OTIF: ("orders", "deliveries"),
    _LEAD_TIME: ("orders", "deliveries"),
    **dict.fromkeys(_FORECASTS, ("forecast", "actual")),
}


def _pair_units(
    problems: Problems, path: str, metric: Any, metrics: Mapping[str, Any]
) -> None:
    """Hold a measure comparing two metrics to one currency, and itself to none.

    Deliveries are compared with orders, actuals with forecasts: where
    either is money, both are in one currency. The measure itself (a
    share, a number of days, a tracking signal) is no amount of money.
    """
    unit = metric.unit
    if _currency(unit):
        problems.append(
            (
                f"{path}.unit",
                (
                    f"{with_article(metric.aggregation.value)} metric is no amount "
                    f"of money: expected a unit that is no currency, got {unit}"
                ),
            )
        )
    first, second = _PAIRS[metric.aggregation]
    one = _side_unit(metric, first, metrics)
    other = _side_unit(metric, second, metrics)
    if (
        one is not None
        and other is not None
        and (_currency(one) or _currency(other))
        and one != other
    ):
        problems.append(
            (
                f"{path}.{second}",
                (
                    f"{first} and {second} are compared, so they need one unit where "
                    f"either is money: {getattr(metric, first)!r} is in {one}, "
                    f"{getattr(metric, second)!r} in {other}"
                ),
            )
        )


def _where(problems: Problems, path: str, value: object) -> None:
    if not isinstance(value, Mapping):
        problems.append(
            type_problem(
                path, f"expected a mapping of strings, got {type(value).__name__}"
            )
        )
        return
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            problems.append(
                type_problem(path, f"expected strings, got {key!r}: {item!r}")
            )
    problems.extend(blank_keys(path, value))
    problems.extend(text_problems(path, value))
    problems.extend(nfc_collisions(path, value))


def _percentile(
    problems: Problems, path: str, value: object, *, required: bool
) -> None:
    if value is None:
        if required:
            problems.append(
                (path, "a percentile metric needs 'percentile', in (0, 100]")
            )
        return
    problem = decimal_problem(value)
    if problem is not None:
        # Of another type than a Decimal: set around the field's converter.
        problems.append(
            (path, problem)
            if isinstance(value, Decimal)
            else type_problem(path, problem)
        )
    elif not Decimal(0) < value <= _HUNDRED:  # type: ignore[operator]
        problems.append((path, f"expected a percentile in (0, 100], got {value}"))


#: The most days of grace: as many as the longest term (a hundred years).
_MOST_DAYS = MAX_TERM_DAYS
#: The most buckets a forecast may be made ahead: ten years of weeks. Each
#: bucket's cutoff steps back this many buckets, so the bound bounds the cost.
_MOST_LAG = 520


def _whole(problems: Problems, path: str, value: object, most: int) -> None:
    if type(value) is int and 0 <= value <= most:  # the common case, in one test
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
        shown = (
            f"an integer of {value.bit_length()} bits"
            if isinstance(value, int) and value.bit_length() > 64  # noqa: PLR2004
            else repr(value)
        )
        message = f"expected a whole number from 0 to {most}, got {shown}"
        whole = isinstance(value, int) and not isinstance(value, bool)
        problems.append((path, message) if whole else type_problem(path, message))
