"""Computed measures: ratios, percentiles, order fulfilment and forecast error.

Each series here answers ``actual(start, end, as_of)`` like the index's own
series, so a computed metric is evaluated through the same windows, pacing
and standings as an observed one. Every result is exact Decimal arithmetic
in the library's context (the index sets it).

The records these measures read (documented in docs/kpi.md):

- orders (``Metric.orders``): ``at`` the day ordered, value the quantity
  ordered, ``dims["order"]`` the order id, ``dims["due"]`` the due date;
- deliveries (``Metric.deliveries``): ``at`` the day delivered, value the
  quantity, ``dims["order"]`` the order id;
- forecasts (``Metric.forecast``): ``at`` the day the forecast was made,
  value the quantity forecast, ``dims["bucket"]`` a day of the bucket
  forecast, ``dims["item"]`` the item (absent: one item for all);
- actuals (``Metric.actual``): ``at`` the day, value the quantity,
  ``dims["item"]``.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Protocol

from mutualcommit.calendar import fiscal_period_of
from mutualcommit.model import (
    Aggregation,
    Agreement,
    FiscalCalendar,
    FrozenDict,
    Metric,
    Observation,
    Period,
)

from ._observations import Columns

__all__ = [
    "ORDER_DIM",
    "measure_log_problems",
    "measure_series",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
_A = Aggregation

#: The dimensions the computed measures read.
ORDER_DIM = "order"
DUE_DIM = "due"
BUCKET_DIM = "bucket"
ITEM_DIM = "item"

#: The measures that are shares, given in percentage points on a percent metric.
_SHARES = frozenset(
    {_A.RATIO, _A.OTIF, _A.WMAPE, _A.FORECAST_ACCURACY, _A.FORECAST_BIAS}
)

_Actual = Callable[[dt.date, dt.date, dt.date], Decimal | None]


class Series(Protocol):
    """A series of the index: its aggregation and its actual."""

    @property
    def aggregation(self) -> Aggregation:
        """How the series aggregates."""

    @property
    def actual(self) -> _Actual:
        """``actual(start, end, as_of)``."""


#: ``(metric id, where) -> series`` of the index, for the sides of a ratio.
SeriesOf = Callable[[str, Mapping[str, str]], Series]
NO_DETAILS: Mapping[str, int] = FrozenDict()


class Measure:
    """What the index needs of a series: its aggregation and its actual."""

    __slots__ = ("actual", "aggregation", "details")

    def __init__(
        self,
        aggregation: Aggregation,
        actual: _Actual,
        details: Callable[[dt.date, dt.date, dt.date], Mapping[str, int]] | None = None,
    ) -> None:
        self.aggregation = aggregation
        self.actual = actual
        self.details = details


def _upper(start: dt.date, end: dt.date, as_of: dt.date) -> dt.date | None:
    upper = min(end, as_of)
    return None if upper < start else upper


def _scaled(metric: Metric, value: Decimal | None) -> Decimal | None:
    if value is None or metric.unit != "percent" or metric.aggregation not in _SHARES:
        return value
    return value * _HUNDRED


def _selects(dims: Mapping[str, str], where: Mapping[str, str]) -> bool:
    return all(dims.get(k) == v for k, v in where.items())


def nearest_rank(values: Sequence[Decimal], percentile: Decimal) -> Decimal | None:
    """Return the nearest-rank *percentile* of *values* (None when empty).

    The smallest value with at least *percentile* % of the values at or
    below it: the ``ceil(p / 100 * n)``-th smallest, counting from 1.
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = math.ceil(percentile * len(ordered) / _HUNDRED)
    return ordered[max(rank, 1) - 1]


def measure_series(
    agreement: Agreement,
    metric: Metric,
    where: Mapping[str, str],
    columns: Mapping[str, Columns],
    series_of: SeriesOf,
) -> Measure:
    """Return the series of computed or percentile *metric* under *where*.

    Args:
        agreement: The agreement (its fiscal calendar cuts forecast buckets).
        metric: A metric whose aggregation is computed or PERCENTILE.
        where: The target's filter (it selects orders, forecasts, actuals
            and both sides of a ratio).
        columns: The standing records per metric id, by day.
        series_of: The index's series of a metric under a filter.
    """
    aggregation = metric.aggregation
    if aggregation is _A.RATIO:
        return _ratio(metric, where, series_of)
    if aggregation is _A.PERCENTILE:
        return _percentile(metric, where, columns[metric.id])
    if aggregation in (_A.OTIF, _A.LEAD_TIME):
        return _orders(metric, where, columns)
    return _forecast(agreement.fiscal_calendar, metric, where, columns)


def _ratio(metric: Metric, where: Mapping[str, str], series_of: SeriesOf) -> Measure:
    numerator = series_of(str(metric.numerator), {**where, **metric.numerator_where})
    denominator = series_of(
        str(metric.denominator), {**where, **metric.denominator_where}
    )

    def actual(start: dt.date, end: dt.date, as_of: dt.date) -> Decimal | None:
        below = denominator.actual(start, end, as_of)
        if not below:
            return None
        above = numerator.actual(start, end, as_of) or _ZERO
        return _scaled(metric, above / below)

    return Measure(_A.RATIO, actual)


def _percentile(metric: Metric, where: Mapping[str, str], columns: Columns) -> Measure:
    days, values, dims = columns
    if where:
        kept = [i for i, d in enumerate(dims) if _selects(d, where)]
        days = [days[i] for i in kept]
        values = [values[i] for i in kept]
    percentile = metric.percentile or _HUNDRED

    def actual(start: dt.date, end: dt.date, as_of: dt.date) -> Decimal | None:
        upper = _upper(start, end, as_of)
        if upper is None:
            return None
        i = bisect_left(days, start)
        return nearest_rank(values[i : bisect_right(days, upper, lo=i)], percentile)

    return Measure(_A.PERCENTILE, actual)


def _orders(
    metric: Metric, where: Mapping[str, str], columns: Mapping[str, Columns]
) -> Measure:
    """OTIF by deadline (due + grace) and lead time by completion day."""
    grace = dt.timedelta(days=metric.grace_days)
    delivered: dict[str, list[tuple[dt.date, Decimal]]] = {}
    d_days, d_values, d_dims = columns[str(metric.deliveries)]
    for day, value, dims in zip(d_days, d_values, d_dims, strict=True):
        delivered.setdefault(dims[ORDER_DIM], []).append((day, value))
    # The last standing record of an order id is the order.
    orders: dict[str, tuple[dt.date, Decimal, dt.date]] = {}
    o_days, o_values, o_dims = columns[str(metric.orders)]
    for day, value, dims in zip(o_days, o_values, o_dims, strict=True):
        if _selects(dims, where):
            orders[dims[ORDER_DIM]] = (day, value, dt.date.fromisoformat(dims[DUE_DIM]))
    deadlines: list[tuple[dt.date, bool]] = []
    completions: list[tuple[dt.date, int]] = []
    for order, (ordered_on, quantity, due) in orders.items():
        deadline = due + grace
        total = _ZERO
        complete: dt.date | None = None if quantity > 0 else ordered_on
        for day, value in delivered.get(order, ()):  # by day
            total += value
            if complete is None and total >= quantity:
                complete = day
        deadlines.append((deadline, complete is not None and complete <= deadline))
        if complete is not None:
            completions.append(
                (max(complete, ordered_on), (complete - ordered_on).days)
            )
    deadlines.sort(key=lambda pair: pair[0])
    completions.sort(key=lambda pair: pair[0])
    deadline_days = [day for day, _ in deadlines]
    on_time = [0]
    for _, ok in deadlines:
        on_time.append(on_time[-1] + ok)
    completion_days = [day for day, _ in completions]
    leads = [Decimal(days) for _, days in completions]

    def window(start: dt.date, end: dt.date, as_of: dt.date) -> tuple[int, int]:
        upper = _upper(start, end, as_of)
        if upper is None:
            return 0, 0
        i = bisect_left(deadline_days, start)
        return i, bisect_right(deadline_days, upper, lo=i)

    def otif(start: dt.date, end: dt.date, as_of: dt.date) -> Decimal | None:
        i, j = window(start, end, as_of)
        if j == i:
            return None
        return _scaled(metric, Decimal(on_time[j] - on_time[i]) / Decimal(j - i))

    def lead_time(start: dt.date, end: dt.date, as_of: dt.date) -> Decimal | None:
        upper = _upper(start, end, as_of)
        if upper is None:
            return None
        i = bisect_left(completion_days, start)
        chosen = leads[i : bisect_right(completion_days, upper, lo=i)]
        if not chosen:
            return None
        if metric.percentile is not None:
            return nearest_rank(chosen, metric.percentile)
        return sum(chosen, _ZERO) / len(chosen)

    def details(start: dt.date, end: dt.date, as_of: dt.date) -> Mapping[str, int]:
        i, j = window(start, end, as_of)
        return FrozenDict({"orders": j - i, "on_time_in_full": on_time[j] - on_time[i]})

    if metric.aggregation is _A.OTIF:
        return Measure(_A.OTIF, otif, details)
    return Measure(_A.LEAD_TIME, lead_time)


def _buckets(
    calendar: FiscalCalendar, period: Period
) -> Callable[[dt.date], tuple[dt.date, dt.date]]:
    cache: dict[dt.date, tuple[dt.date, dt.date]] = {}

    def bucket(day: dt.date) -> tuple[dt.date, dt.date]:
        found = cache.get(day)
        if found is None:
            whole = fiscal_period_of(calendar, period, day)
            found = cache[day] = (whole.start, whole.end)
        return found

    return bucket


def _forecast(
    calendar: FiscalCalendar,
    metric: Metric,
    where: Mapping[str, str],
    columns: Mapping[str, Columns],
) -> Measure:
    """Pair the forecast at the metric's lag with the actual, per bucket and item."""
    bucket = _buckets(calendar, metric.bucket or Period.WEEK)
    lag = metric.lag

    def cutoff(start: dt.date) -> dt.date:
        # The end of the bucket *lag* buckets before the one starting on *start*.
        last = bucket(start)[1]
        for _ in range(lag):
            last = bucket(last)[0] - dt.timedelta(days=1)
            last = bucket(last)[1]
        return last

    # (bucket start, item) -> the forecasts made, by day (input order on ties).
    made: dict[tuple[dt.date, str | None], list[tuple[dt.date, Decimal]]] = {}
    f_days, f_values, f_dims = columns[str(metric.forecast)]
    for day, value, dims in zip(f_days, f_values, f_dims, strict=True):
        if _selects(dims, where):
            start = bucket(dt.date.fromisoformat(dims[BUCKET_DIM]))[0]
            made.setdefault((start, dims.get(ITEM_DIM)), []).append((day, value))
    happened: dict[tuple[dt.date, str | None], Decimal] = {}
    a_days, a_values, a_dims = columns[str(metric.actual)]
    for day, value, dims in zip(a_days, a_values, a_dims, strict=True):
        # What happened belongs to no forecaster: a filter such as
        # {"party": "bolt"} picks Bolt's forecasts, and an actual is only
        # filtered on the dimensions it carries.
        if all(dims.get(k, v) == v for k, v in where.items()):
            key = (bucket(day)[0], dims.get(ITEM_DIM))
            happened[key] = happened.get(key, _ZERO) + value
    # One row per bucket and item: (bucket end, actual or None, forecast or None).
    rows: list[tuple[dt.date, Decimal | None, Decimal | None]] = []
    for key in made.keys() | happened.keys():
        start, _ = key
        limit = cutoff(start)
        forecast: Decimal | None = None
        for day, value in made.get(key, ()):
            if day > limit:
                break
            forecast = value
        rows.append((bucket(start)[1], happened.get(key), forecast))
    rows.sort(key=lambda row: row[0])
    ends = [row[0] for row in rows]

    def chosen(
        start: dt.date, end: dt.date, as_of: dt.date
    ) -> list[tuple[dt.date, Decimal | None, Decimal | None]]:
        upper = _upper(start, end, as_of)
        if upper is None:
            return []
        i = bisect_left(ends, start)
        return rows[i : bisect_right(ends, upper, lo=i)]

    aggregation = metric.aggregation

    def actual(start: dt.date, end: dt.date, as_of: dt.date) -> Decimal | None:
        pairs = [
            (a, f)
            for _, a, f in chosen(start, end, as_of)
            if a is not None and f is not None
        ]
        return _scaled(metric, forecast_measure(aggregation, pairs))

    def details(start: dt.date, end: dt.date, as_of: dt.date) -> Mapping[str, int]:
        rows_now = chosen(start, end, as_of)
        return FrozenDict(
            {
                "pairs": sum(
                    1 for _, a, f in rows_now if a is not None and f is not None
                ),
                "forecasts_without_actual": sum(1 for _, a, f in rows_now if a is None),
                "actuals_without_forecast": sum(1 for _, a, f in rows_now if f is None),
            }
        )

    return Measure(aggregation, actual, details)


def forecast_measure(
    aggregation: Aggregation, pairs: Iterable[tuple[Decimal, Decimal]]
) -> Decimal | None:
    """Return the forecast measure of ``(actual, forecast)`` *pairs*.

    WMAPE ``Σ|A-F| ÷ Σ|A|``; forecast accuracy ``1 - WMAPE``; bias
    ``Σ(F-A) ÷ ΣA``; tracking signal ``Σ(A-F) ÷ MAD`` with ``MAD =
    Σ|A-F| ÷ n``. None when there is no pair or the divisor is 0.
    """
    errors = [(a, f - a) for a, f in pairs]
    if not errors:
        return None
    absolute = sum((abs(e) for _, e in errors), _ZERO)
    if aggregation in (_A.WMAPE, _A.FORECAST_ACCURACY):
        scale = sum((abs(a) for a, _ in errors), _ZERO)
        if not scale:
            return None
        wmape = absolute / scale
        return wmape if aggregation is _A.WMAPE else _ONE - wmape
    if aggregation is _A.FORECAST_BIAS:
        total = sum((a for a, _ in errors), _ZERO)
        return sum((e for _, e in errors), _ZERO) / total if total else None
    if not absolute:
        return None
    mad = absolute / len(errors)
    return -sum((e for _, e in errors), _ZERO) / mad


def measure_log_problems(
    agreement: Agreement, log: Sequence[Observation]
) -> list[tuple[str, str]]:
    """Return the problems of the records that computed measures read, with positions.

    A record of a computed metric itself; an order with a negative quantity,
    without ``dims.order`` or without a ``dims.due`` date; a delivery with a
    negative quantity or without ``dims.order``; a forecast without a
    ``dims.bucket`` date. Retractions (value None) are not checked.
    """
    roles: dict[str, set[str]] = {}
    computed: dict[str, Metric] = {}
    for metric in agreement.metrics:
        if metric.aggregation.is_computed:
            computed[metric.id] = metric
        for role in ("orders", "deliveries", "forecast"):
            side = getattr(metric, role)
            if side is not None and metric.aggregation.is_computed:
                roles.setdefault(side, set()).add(role)
    problems: list[tuple[str, str]] = []
    if not computed:
        return problems
    for index, record in enumerate(log):
        metric_id = getattr(record, "metric", None)
        if not isinstance(metric_id, str):
            continue  # the log's own checks report it
        if metric_id in computed:
            kind = computed[metric_id].aggregation.value
            problems.append(
                (
                    f"[{index}]",
                    (
                        f"metric {metric_id!r} is computed ({kind}), not observed: "
                        "record the metrics it is computed from"
                    ),
                )
            )
            continue
        value = getattr(record, "value", None)
        dims = getattr(record, "dims", None)
        if value is None or not isinstance(dims, Mapping):
            continue
        problems.extend(
            (f"[{index}]", message)
            for role in sorted(roles.get(metric_id, ()))
            for message in _record_problems(role, value, dims)
        )
    return problems


_WHAT = {"orders": "an order", "deliveries": "a delivery", "forecast": "a forecast"}


def _record_problems(role: str, value: object, dims: Mapping[str, str]) -> list[str]:
    """Return what is wrong with one order, delivery or forecast record."""
    what = _WHAT[role]
    messages = []
    if role != "forecast":
        if isinstance(value, Decimal) and value < 0:
            messages.append(f"{what} quantity is at least 0, got {value}")
        if not dims.get(ORDER_DIM):
            messages.append(f"{what} record needs dims.{ORDER_DIM}, the order id")
    if role == "orders" and not _is_date(dims.get(DUE_DIM)):
        messages.append(
            f"an order needs dims.{DUE_DIM}, its due date (YYYY-MM-DD), "
            f"got {dims.get(DUE_DIM)!r}"
        )
    if role == "forecast" and not _is_date(dims.get(BUCKET_DIM)):
        messages.append(
            f"a forecast needs dims.{BUCKET_DIM}, a day of the bucket it "
            f"forecasts (YYYY-MM-DD), got {dims.get(BUCKET_DIM)!r}"
        )
    return messages


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == len("2027-01-01")
