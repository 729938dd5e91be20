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

import copy
import datetime as dt
import decimal
import math
import operator
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from itertools import accumulate, compress, count, islice, repeat
from typing import Any, Protocol

from mutualcommit.calendar import fiscal_period_of
from mutualcommit.model import (
    Aggregation,
    Agreement,
    FiscalCalendar,
    FrozenDict,
    Metric,
    Observation,
    Period,
    decimal_context,
)
from mutualcommit.model._days import day_from_text

from ._exact import EXACT
from ._observations import Columns, PlainColumns, StandingColumns, refs_of

__all__ = [
    "ORDER_DIM",
    "clashing_key",
    "measure_columns_ok",
    "measure_log_problems",
    "measure_series",
    "parsed_column",
]

_ZERO = Decimal(0)
#: Sums of terms and their products with a count are exact here (a
#: measure is rounded once, when its one division leaves it).
_EXACT = EXACT
_DATA = operator.attrgetter("_data")
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
#: A parsed record: its raw dims first, then what the measure reads.
_Row = tuple[Any, ...]


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


def _span(
    days: Sequence[dt.date], start: dt.date, end: dt.date, as_of: dt.date
) -> tuple[int, int]:
    """Return the positions ``i, j`` of sorted *days* within ``[start, min(end, as_of)]``.

    ``days[i:j]`` are those days; ``i == j`` when there is none (``0, 0``
    when the window has not started by *as_of*).
    """
    upper = _upper(start, end, as_of)
    if upper is None:
        return 0, 0
    i = bisect_left(days, start)
    return i, bisect_right(days, upper, lo=i)


def _scaled(metric: Metric, value: Decimal | None) -> Decimal | None:
    if value is None or metric.unit != "percent" or metric.aggregation not in _SHARES:
        return value
    return value * _HUNDRED


def _selects(dims: Mapping[str, str], where: Mapping[str, str]) -> bool:
    return all(dims.get(k) == v for k, v in where.items())


def _raw(dims: Mapping[str, str]) -> Mapping[str, str]:
    """Return a FrozenDict's plain dict (its ``get`` runs in C), else *dims*."""
    return getattr(dims, "_data", dims)


def _raws(dims: list[Mapping[str, str]]) -> list[Mapping[str, str]]:
    """Return every record's plain dims (see `_raw`), a column at a time."""
    if set(map(type, dims)) <= {FrozenDict}:
        return list(map(_DATA, dims))
    return [_raw(d) for d in dims]


def _column(raws: list[Mapping[str, str]], name: str) -> list[Any]:
    """Return each record's value of dimension *name* (None where absent)."""
    if set(map(type, raws)) <= {dict}:
        return _plain_column(raws, name)  # type: ignore[arg-type]
    return [raw.get(name) for raw in raws]


def _plain_column(raws: list[dict[str, str]], name: str) -> list[Any]:
    """`_column` of plain dicts: a lookup per record, ``get`` where one lacks it.

    Most logs give every record of a metric the dimensions its measures
    read (an item, an order), and ``itemgetter`` reads them faster than
    ``dict.get``; the first record without one sends the column to ``get``.
    """
    try:
        return list(map(operator.itemgetter(name), raws))
    except KeyError:
        return list(map(dict.get, raws, repeat(name)))


def _parsed_raws(
    columns: Mapping[str, Columns], metric_id: str
) -> list[Mapping[str, str]]:
    """Return *metric_id*'s plain dims (see `_raws`), parsed once per log."""
    if not isinstance(columns, StandingColumns):
        return _raws(columns[metric_id][2])
    key = ("raws", metric_id)
    found: list[Mapping[str, str]] | None = columns.parsed.get(key)  # type: ignore[assignment]
    if found is None:
        dims = columns[metric_id][2]
        if type(columns) is StandingColumns:
            # The fast reader's columns hold each record's FrozenDict's own
            # dict, always a plain dict: `_column` may skip its check.
            found = dims
            plain = True
        else:
            found = _raws(dims)
            # (Counted by identity: cheaper than a set of the types.)
            types = list(map(type, found))
            plain = types.count(dict) == len(types)
        columns.parsed[key] = found
        columns.parsed["plain", metric_id] = plain
    return found


def parsed_column(
    columns: Mapping[str, Columns], metric_id: str, name: str
) -> list[Any]:
    """Return *metric_id*'s values of dimension *name* (see `_column`), parsed once."""
    if not isinstance(columns, StandingColumns):
        return _column(_raws(columns[metric_id][2]), name)
    key = ("column", metric_id, name)
    found: list[Any] | None = columns.parsed.get(key)  # type: ignore[assignment]
    if found is None:
        raws = _parsed_raws(columns, metric_id)
        if columns.parsed["plain", metric_id]:
            found = _plain_column(raws, name)  # type: ignore[arg-type]
        else:  # pragma: no cover - not from an Observation
            found = _column(raws, name)
        columns.parsed[key] = found
    return found


def _kept(
    rows: list[_Row], where: Mapping[str, str], *, lenient: bool = False
) -> list[_Row]:
    """Return the *rows* (raw dims first) whose dims hold every pair of *where*.

    *lenient*: a row without a dimension of *where* is kept.
    """
    if not where:
        return rows
    pairs = tuple(where.items())
    if lenient:
        return [r for r in rows if all(r[0].get(k, v) == v for k, v in pairs)]
    if len(pairs) == 1:
        ((key, wanted),) = pairs
        return [r for r in rows if r[0].get(key) == wanted]
    return [r for r in rows if all(r[0].get(k) == v for k, v in pairs)]


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
    memo: dict[object, object],
) -> Measure:
    """Return the series of computed or percentile *metric* under *where*.

    Args:
        agreement: The agreement (its fiscal calendar cuts forecast buckets).
        metric: A metric whose aggregation is computed or PERCENTILE.
        where: The target's filter (it selects orders, forecasts, actuals
            and both sides of a ratio, each side's own filter on top).
        columns: The standing records per metric id, by day.
        series_of: The index's series of a metric under a filter.
        memo: The index's scratch space: records parsed once are kept here
            for the other targets on the same records.

    `PlainColumns` take the plain path of every measure (the twins of the
    fast paths, which read the records a column at a time).
    """
    # What is computed up front (sums of actuals, forecast errors) is exact
    # in the library's context, whatever the caller's.
    with decimal.localcontext(decimal_context()):
        return _measure_series(agreement, metric, where, columns, series_of, memo)


def _measure_series(
    agreement: Agreement,
    metric: Metric,
    where: Mapping[str, str],
    columns: Mapping[str, Columns],
    series_of: SeriesOf,
    memo: dict[object, object],
) -> Measure:
    aggregation = metric.aggregation
    if aggregation is _A.RATIO:
        return _ratio(metric, where, series_of)
    if aggregation is _A.PERCENTILE:
        return _percentile(metric, where, columns[metric.id])
    if aggregation in (_A.OTIF, _A.LEAD_TIME):
        return _orders(metric, where, columns, memo)
    return _forecast(agreement.fiscal_calendar, metric, where, columns, memo)


def clashing_key(where: Mapping[str, str], own: Mapping[str, str]) -> str | None:
    """Return the first key, in sorted order, that *where* and *own* give two values.

    None when they agree on every key both name: a record can hold both.
    """
    return next(
        (key for key in sorted(own) if where.get(key, own[key]) != own[key]), None
    )


def both_wheres(
    where: Mapping[str, str], own: Mapping[str, str]
) -> dict[str, str] | None:
    """Return the filter of a ratio's side: the target's *where* and the side's *own*.

    A record must hold every pair of both; None when they give one
    dimension two values (`clashing_key`), which no record holds: the side
    selects nothing.
    """
    if clashing_key(where, own) is not None:
        return None
    return {**where, **own}


def _ratio(metric: Metric, where: Mapping[str, str], series_of: SeriesOf) -> Measure:
    above_where = both_wheres(where, metric.numerator_where)
    below_where = both_wheres(where, metric.denominator_where)
    if below_where is None:
        # No record is below the line: the ratio has no value in any window.
        return Measure(_A.RATIO, _no_value)
    # Each side's exact sum: the ratio is rounded once, by its division.
    denominator = _total(series_of(str(metric.denominator), below_where))
    numerator = (
        None
        if above_where is None
        else _total(series_of(str(metric.numerator), above_where))
    )

    def actual(start: dt.date, end: dt.date, as_of: dt.date) -> Decimal | None:
        below = denominator(start, end, as_of)
        if not below:
            return None
        if numerator is None:
            return _ZERO
        above = numerator(start, end, as_of) or _ZERO
        # (0 ÷ a negative sum, returns outweighing sales, is -0.)
        return _scaled(metric, _zero_as_0(above / below))

    return Measure(_A.RATIO, actual)


def _total(series: Series) -> _Actual:
    """Return a ratio side's exact total: its ``total``, else its actual.

    The sides are SUM or COUNT series of the index, whose ``total`` is the
    sum not yet rounded to the library's context.
    """
    found: _Actual | None = getattr(series, "total", None)
    return series.actual if found is None else found


def _no_value(start: dt.date, end: dt.date, as_of: dt.date) -> Decimal | None:
    del start, end, as_of
    return None


def _percentile(metric: Metric, where: Mapping[str, str], columns: Columns) -> Measure:
    days, values, dims = columns
    if where:
        kept = [i for i, d in enumerate(dims) if _selects(d, where)]
        days = [days[i] for i in kept]
        values = [values[i] for i in kept]
    percentile = metric.percentile or _HUNDRED

    def actual(start: dt.date, end: dt.date, as_of: dt.date) -> Decimal | None:
        i, j = _span(days, start, end, as_of)
        return nearest_rank(values[i:j], percentile)

    return Measure(_A.PERCENTILE, actual)


def _order_rows(
    metric: Metric, columns: Mapping[str, Columns], memo: dict[object, object]
) -> list[_Row]:
    """Parse the orders once: ``(dims, order id, ordered on, quantity, due, complete)``.

    *complete* is the day the deliveries add up to the quantity (see
    `_completed_on`), or None.
    """
    key = ("orders", metric.orders, metric.deliveries)
    found = memo.get(key)
    if found is not None:
        return found  # type: ignore[return-value]
    delivered: dict[str, list[tuple[dt.date, Decimal]]] = {}
    d_days, d_values, d_dims = columns[str(metric.deliveries)]
    for order, day, value in zip(
        _column(_raws(d_dims), ORDER_DIM), d_days, d_values, strict=True
    ):
        delivered.setdefault(order, []).append((day, value))
    # One standing record per order id: the index refuses a log with two.
    orders: dict[str, _Row] = {}
    dues: dict[str, dt.date] = {}
    o_days, o_values, o_dims = columns[str(metric.orders)]
    raws = _raws(o_dims)
    for raw, order, text, day, quantity in zip(
        raws,
        _column(raws, ORDER_DIM),
        _column(raws, DUE_DIM),
        o_days,
        o_values,
        strict=True,
    ):
        due = dues.get(text)
        if due is None:
            due = dues[text] = dt.date.fromisoformat(text)
        complete: dt.date | None = None if quantity > 0 else day
        if complete is None:
            total = _ZERO
            for shipped, value in delivered.get(order, ()):  # by day
                total += value
                if total >= quantity:
                    complete = _completed_on(day, shipped)
                    break
        orders[order] = (raw, order, day, quantity, due, complete)
    rows = list(orders.values())
    memo[key] = rows
    return rows


def _completed_on(ordered: dt.date, delivered: dt.date) -> dt.date:
    """Return the day an order placed on *ordered* is complete, its last part *delivered*.

    A delivery dated before its order counts as made on the day ordered:
    OTIF judges that day against the deadline, and lead time counts 0
    days, never fewer.
    """
    return max(delivered, ordered)


def _orders(
    metric: Metric,
    where: Mapping[str, str],
    columns: Mapping[str, Columns],
    memo: dict[object, object],
) -> Measure:
    """OTIF by deadline (due + grace) and lead time by completion day."""
    if type(columns) is not PlainColumns:
        return _orders_fast(metric, where, columns, memo)
    # The plain twin: record by record.
    grace = dt.timedelta(days=metric.grace_days)
    rows = _kept(_order_rows(metric, columns, memo), where)
    deadlines: list[tuple[dt.date, bool]] = []
    completions: list[tuple[dt.date, int]] = []
    # The orders placed after their deadline, (deadline, day placed).
    late: list[tuple[dt.date, dt.date]] = []
    if metric.aggregation is _A.OTIF:
        for _, _, ordered_on, _, due, complete in rows:
            if dt.date.max - due < grace:
                # Decided after the last day a date can hold: in no window.
                continue
            deadline = due + grace
            deadlines.append((deadline, complete is not None and complete <= deadline))
            if ordered_on > deadline:
                late.append((deadline, ordered_on))
    else:
        completions = [
            (complete, (complete - ordered_on).days)
            for _, _, ordered_on, _, _, complete in rows
            if complete is not None
        ]
    deadlines.sort(key=lambda pair: pair[0])
    completions.sort(key=lambda pair: pair[0])
    deadline_days = [day for day, _ in deadlines]
    on_time = [0]
    for _, ok in deadlines:
        on_time.append(on_time[-1] + ok)
    completion_days = [day for day, _ in completions]
    leads = [Decimal(days) for _, days in completions]
    unplaced = _PlacedLater(late)
    unmatched = _Unmatched(lambda: _unmatched(metric, where, columns, memo))

    def counts(start: dt.date, end: dt.date, as_of: dt.date) -> tuple[int, int]:
        # The orders decided in the window and placed by as_of, and those
        # on time in full (placed by their deadline, so by as_of).
        i, j = _span(deadline_days, start, end, as_of)
        decided = j - i - unplaced.count(start, end, as_of)
        return decided, on_time[j] - on_time[i]

    def otif(start: dt.date, end: dt.date, as_of: dt.date) -> Decimal | None:
        decided, done = counts(start, end, as_of)
        if not decided:
            return None
        return _scaled(metric, Decimal(done) / Decimal(decided))

    def lead_time(start: dt.date, end: dt.date, as_of: dt.date) -> Decimal | None:
        i, j = _span(completion_days, start, end, as_of)
        chosen = leads[i:j]
        if not chosen:
            return None
        if metric.percentile is not None:
            return nearest_rank(chosen, metric.percentile)
        return sum(chosen, _ZERO) / len(chosen)

    def details(start: dt.date, end: dt.date, as_of: dt.date) -> Mapping[str, int]:
        decided, done = counts(start, end, as_of)
        return FrozenDict(
            {
                "orders": decided,
                "on_time_in_full": done,
                "deliveries_without_order": unmatched.count(start, end, as_of),
            }
        )

    def lead_details(start: dt.date, end: dt.date, as_of: dt.date) -> Mapping[str, int]:
        return FrozenDict(
            {"deliveries_without_order": unmatched.count(start, end, as_of)}
        )

    if metric.aggregation is _A.OTIF:
        return Measure(_A.OTIF, otif, details)
    return Measure(_A.LEAD_TIME, lead_time, lead_details)


class _PlacedLater:
    """Records tied to an order placed after their own day, by that day.

    An order exists from the day it is placed: as of an earlier day, an
    order decided on its deadline (keyed in after it) is not yet one, and
    a delivery made before its order has none. Only such records, few, are
    kept here, each by its own day (the deadline, the day delivered) with
    the day its order was placed.
    """

    __slots__ = ("days", "placed")

    def __init__(self, pairs: Iterable[tuple[dt.date, dt.date]]) -> None:
        ordered = sorted(pairs)
        self.days = [day for day, _ in ordered]
        self.placed = [placed for _, placed in ordered]

    def count(self, start: dt.date, end: dt.date, as_of: dt.date) -> int:
        """Return how many of the window's records have their order placed after *as_of*."""
        if not self.days:
            return 0
        i, j = _span(self.days, start, end, as_of)
        return sum(1 for placed in self.placed[i:j] if placed > as_of)


#: The deliveries that name no order: the days of those whose order id no
#: standing order holds, and those delivered before their order was placed
#: (without one until then).
_Orphans = tuple[list[dt.date], _PlacedLater]


class _Unmatched:
    """The deliveries that name no order, found on first use (`_unmatched`).

    A window's details count them; its value never reads them, so an
    exception report, which reads values alone, never looks for them.
    """

    __slots__ = ("_find", "_found")

    def __init__(self, find: Callable[[], _Orphans]) -> None:
        self._find = find
        self._found: _Orphans | None = None

    def count(self, start: dt.date, end: dt.date, as_of: dt.date) -> int:
        """Return how many deliveries of the window name no order placed by *as_of*."""
        if self._found is None:
            self._found = self._find()
        days, early = self._found
        i, j = _span(days, start, end, as_of)
        return j - i + early.count(start, end, as_of)


def _unmatched(
    metric: Metric,
    where: Mapping[str, str],
    columns: Mapping[str, Columns],
    memo: dict[object, object],
) -> _Orphans:
    """Find the deliveries that name no order, record by record (the plain twin).

    A delivery is filtered only on the dimensions it carries, as an actual
    is: it belongs to no order, so to no order's item or party.
    """
    placed = {row[1]: row[2] for row in _order_rows(metric, columns, memo)}
    pairs = tuple(where.items())
    days: list[dt.date] = []
    early: list[tuple[dt.date, dt.date]] = []
    d_days, _, d_dims = columns[str(metric.deliveries)]
    for day, dims in zip(d_days, d_dims, strict=True):
        raw = _raw(dims)
        if not all(raw.get(k, v) == v for k, v in pairs):
            continue
        on = placed.get(raw.get(ORDER_DIM))
        if on is None:
            days.append(day)
        elif on > day:
            early.append((day, on))
    return days, _PlacedLater(early)


# The fast path of OTIF and lead time: `_order_rows` and `_orders` (their
# plain twins, taken for `PlainColumns`) a column at a time. Only counts and
# whole days come out of the orders, so their order within a day is free.


class _Orders:
    """The standing orders as columns: raw dims, id, day ordered, due, day complete."""

    __slots__ = ("completes", "dues", "ids", "ordered", "raws")

    def __init__(
        self,
        raws: list[Mapping[str, str]],
        ids: list[str],
        ordered: list[dt.date],
        dues: list[dt.date],
        completes: list[dt.date | None],
    ) -> None:
        self.raws = raws
        self.ids = ids
        self.ordered = ordered
        self.dues = dues
        self.completes = completes


def _order_table(metric: Metric, columns: Mapping[str, Columns]) -> _Orders:
    """Parse the orders: `_order_rows`, a column at a time."""
    d_days, d_values, _ = columns[str(metric.deliveries)]
    shipped_for = parsed_column(columns, str(metric.deliveries), ORDER_DIM)
    # The first delivery of each order (deliveries come by day), and every
    # delivery of the orders delivered in parts.
    first = dict(
        zip(reversed(shipped_for), range(len(shipped_for) - 1, -1, -1), strict=True)
    )
    # An order with a delivery that is not its first is delivered in parts.
    several = (
        set(
            compress(
                shipped_for,
                map(operator.ne, map(first.__getitem__, shipped_for), count()),
            )
        )
        if len(first) < len(shipped_for)
        else set()
    )
    # Their deliveries, by order id then day (a stable sort of positions in
    # day order): an order's parts run from its first position on. (No
    # list per order: many small objects cost a garbage-collector pass.)
    parts = list(compress(count(), map(several.__contains__, shipped_for)))
    parts.sort(key=shipped_for.__getitem__)
    first_part = dict(
        zip(
            map(shipped_for.__getitem__, reversed(parts)),
            range(len(parts) - 1, -1, -1),
            strict=True,
        )
    )
    o_days, o_values, _ = columns[str(metric.orders)]
    raws = _parsed_raws(columns, str(metric.orders))
    ids = parsed_column(columns, str(metric.orders), ORDER_DIM)
    texts = parsed_column(columns, str(metric.orders), DUE_DIM)
    # One standing record per order id: the index refuses a log with two.
    due_of = {text: dt.date.fromisoformat(text) for text in set(texts)}
    # An order of nothing is complete when placed; one delivered in one part
    # when that part covers it.
    firsts = list(map(first.get, ids))
    completes: list[dt.date | None] = [
        day
        if not quantity > _ZERO
        else None
        if at is None or d_values[at] < quantity
        else _completed_on(day, d_days[at])
        for day, quantity, at in zip(o_days, o_values, firsts, strict=True)
    ]
    # Delivered in parts: complete on the day the parts add up.
    for position in compress(count(), map(several.__contains__, ids)):
        quantity = o_values[position]
        if quantity > _ZERO:
            complete: dt.date | None = None
            total = _ZERO
            order = ids[position]
            # By index from the order's first part (islice would step over
            # every part before it: quadratic in the orders delivered in parts).
            for k in range(first_part[order], len(parts)):
                i = parts[k]
                if shipped_for[i] != order:
                    break
                total += d_values[i]
                if total >= quantity:
                    complete = _completed_on(o_days[position], d_days[i])
                    break
            completes[position] = complete
    return _Orders(raws, ids, o_days, list(map(due_of.__getitem__, texts)), completes)


def _unmatched_fast(
    metric: Metric,
    where: Mapping[str, str],
    columns: Mapping[str, Columns],
    table: _Orders,
    memo: dict[object, object],
) -> _Orphans:
    """`_unmatched`, a column at a time, kept per filter for OTIF and lead time."""
    key = ("unmatched", metric.orders, metric.deliveries, frozenset(where.items()))
    found: _Orphans | None = memo.get(key)  # type: ignore[assignment]
    if found is not None:
        return found
    deliveries = str(metric.deliveries)
    days = columns[deliveries][0]
    ids = parsed_column(columns, deliveries, ORDER_DIM)
    if where:
        # A delivery is filtered only on the dimensions it carries.
        pairs = tuple(where.items())
        kept = [
            all(raw.get(k, v) == v for k, v in pairs)
            for raw in _parsed_raws(columns, deliveries)
        ]
        days = list(compress(days, kept))
        ids = list(compress(ids, kept))
    placed = list(map(dict(zip(table.ids, table.ordered, strict=True)).get, ids))
    missing = list(map(operator.is_, placed, repeat(None)))
    early: Iterable[tuple[dt.date, dt.date]] = ()
    if not all(missing):
        matched = list(map(operator.not_, missing))
        on: list[dt.date] = list(compress(placed, matched))  # type: ignore[arg-type]
        delivered = list(compress(days, matched))
        before = list(map(operator.gt, on, delivered))
        if any(before):
            early = zip(compress(delivered, before), compress(on, before), strict=True)
    found = memo[key] = (list(compress(days, missing)), _PlacedLater(early))
    return found


def _orders_fast(
    metric: Metric,
    where: Mapping[str, str],
    columns: Mapping[str, Columns],
    memo: dict[object, object],
) -> Measure:
    """`_orders`' measure from the order table."""
    table_key = ("order-table", metric.orders, metric.deliveries)
    table: _Orders | None = memo.get(table_key)  # type: ignore[assignment]
    if table is None:
        table = memo[table_key] = _order_table(metric, columns)
    ordered, dues, completes = table.ordered, table.dues, table.completes
    if where:
        chosen = _selected(table.raws, where, memo, table_key)
        ordered = list(compress(ordered, chosen))
        dues = list(compress(dues, chosen))
        completes = list(compress(completes, chosen))
    unmatched = _Unmatched(lambda: _unmatched_fast(metric, where, columns, table, memo))
    if metric.aggregation is _A.LEAD_TIME:
        return _lead_time_fast(metric, ordered, completes, unmatched)
    grace = dt.timedelta(days=metric.grace_days)
    if dues and dt.date.max - max(dues) < grace:
        # Decided after the last day a date can hold: in no window.
        fits = [dt.date.max - due >= grace for due in dues]
        dues = list(compress(dues, fits))
        completes = list(compress(completes, fits))
        ordered = list(compress(ordered, fits))
    # Each distinct due day moved by the grace once: orders share few.
    deadline_of = {due: due + grace for due in set(dues)}
    deadlines = list(map(deadline_of.__getitem__, dues))
    kept = sorted(
        deadline
        for deadline, complete in zip(deadlines, completes, strict=True)
        if complete is not None and complete <= deadline
    )
    # Placed after their deadline: as of an earlier day they do not exist.
    placed_late = list(map(operator.gt, ordered, deadlines))
    unplaced = _PlacedLater(
        zip(
            compress(deadlines, placed_late),
            compress(ordered, placed_late),
            strict=True,
        )
        if any(placed_late)
        else ()
    )
    deadlines.sort()

    def window(
        days: list[dt.date], start: dt.date, end: dt.date, as_of: dt.date
    ) -> int:
        i, j = _span(days, start, end, as_of)
        return j - i

    def decided(start: dt.date, end: dt.date, as_of: dt.date) -> int:
        # Placed by as_of: an order on time in full was placed by its deadline.
        return window(deadlines, start, end, as_of) - unplaced.count(start, end, as_of)

    def otif(start: dt.date, end: dt.date, as_of: dt.date) -> Decimal | None:
        orders = decided(start, end, as_of)
        if not orders:
            return None
        on_time = window(kept, start, end, as_of)
        return _scaled(metric, Decimal(on_time) / Decimal(orders))

    def details(start: dt.date, end: dt.date, as_of: dt.date) -> Mapping[str, int]:
        return FrozenDict(
            {
                "orders": decided(start, end, as_of),
                "on_time_in_full": window(kept, start, end, as_of),
                "deliveries_without_order": unmatched.count(start, end, as_of),
            }
        )

    return Measure(_A.OTIF, otif, details)


def _lead_time_fast(
    metric: Metric,
    ordered: list[dt.date],
    completes: list[dt.date | None],
    unmatched: _Unmatched,
) -> Measure:
    """Lead times by completion day, from the order table's columns."""
    done = list(map(operator.is_not, completes, repeat(None)))
    started = list(compress(ordered, done))
    finished: list[dt.date] = list(compress(completes, done))  # type: ignore[arg-type]
    # Whole days as day numbers (each distinct date converted once): Python
    # ints, subtracted and summed exactly without a timedelta per order.
    number = {day: day.toordinal() for day in {*started, *finished}}
    started_on = list(map(number.__getitem__, started))
    finished_on = list(map(number.__getitem__, finished))
    # Never negative: an order is complete on the day ordered at the earliest.
    completion = finished_on
    leads = list(map(operator.sub, completion, started_on))
    if not all(map(operator.le, completion, islice(completion, 1, None))):
        order = sorted(range(len(leads)), key=completion.__getitem__)
        completion = list(map(completion.__getitem__, order))
        leads = list(map(leads.__getitem__, order))
    totals = [0, *accumulate(leads)]

    def lead_time(start: dt.date, end: dt.date, as_of: dt.date) -> Decimal | None:
        upper = _upper(start, end, as_of)
        if upper is None:
            return None
        i = bisect_left(completion, start.toordinal())
        j = bisect_right(completion, upper.toordinal(), lo=i)
        if j == i:
            return None
        if metric.percentile is not None:
            return nearest_rank(list(map(Decimal, leads[i:j])), metric.percentile)
        return Decimal(totals[j] - totals[i]) / (j - i)

    def details(start: dt.date, end: dt.date, as_of: dt.date) -> Mapping[str, int]:
        return FrozenDict(
            {"deliveries_without_order": unmatched.count(start, end, as_of)}
        )

    return Measure(_A.LEAD_TIME, lead_time, details)


#: The Gregorian calendar repeats every 400 years, weekdays and all.
_CYCLE = 400


def _clipped_bucket(
    calendar: FiscalCalendar, period: Period, day: dt.date
) -> tuple[dt.date, dt.date]:
    """Return the bucket of *day*, clipped to the dates a date can hold.

    Found 400 years nearer the middle, where it fits, then moved back.
    """
    years = -_CYCLE if day.year > dt.MAXYEAR // 2 else _CYCLE
    whole = fiscal_period_of(calendar, period, day.replace(year=day.year + years))

    def back(moved: dt.date) -> dt.date:
        year = moved.year - years
        if year > dt.MAXYEAR:
            return dt.date.max
        if year < dt.MINYEAR:
            return dt.date.min
        return moved.replace(year=year)

    return back(whole.start), back(whole.end)


def _buckets(
    calendar: FiscalCalendar, period: Period
) -> Callable[[dt.date], tuple[dt.date, dt.date]]:
    cache: dict[dt.date, tuple[dt.date, dt.date]] = {}

    def bucket(day: dt.date) -> tuple[dt.date, dt.date]:
        found = cache.get(day)
        if found is None:
            try:
                whole = fiscal_period_of(calendar, period, day)
            except ValueError:
                # A bucket reaching past the first or last day a date can hold
                # (the ISO week of 9999-12-31): clipped there, as windows are
                # to a term.
                found = cache[day] = _clipped_bucket(calendar, period, day)
            else:
                found = cache[day] = (whole.start, whole.end)
        return found

    return bucket


def _forecast_rows(
    metric: Metric,
    columns: Mapping[str, Columns],
    bucket: Callable[[dt.date], tuple[dt.date, dt.date]],
    memo: dict[object, object],
) -> list[_Row]:
    """Parse the forecasts once: ``(dims, bucket start, item, made, value, ref)``."""
    key = ("forecasts", metric.forecast, metric.bucket)
    found = memo.get(key)
    if found is not None:
        return found  # type: ignore[return-value]
    starts: dict[str, dt.date] = {}
    for text in set(_column(_raws(columns[str(metric.forecast)][2]), BUCKET_DIM)):
        starts[text] = bucket(dt.date.fromisoformat(text))[0]
    f_days, f_values, f_dims = columns[str(metric.forecast)]
    raws = _raws(f_dims)
    rows = list(
        zip(
            raws,
            map(starts.__getitem__, _column(raws, BUCKET_DIM)),
            _column(raws, ITEM_DIM),
            f_days,
            f_values,
            refs_of(columns, str(metric.forecast)),
            strict=True,
        )
    )
    memo[key] = rows
    return rows


#: How forecasts made on one day for one bucket and item rank (`_forecast_rank`).
_Rank = tuple[str, Decimal]


def _forecast_rank(ref: str | None, value: Decimal) -> _Rank:
    """Rank a forecast among those made on its day for its bucket and item.

    The greatest ranked is the one compared: a forecast with a ref wins
    over one without (a ref is never empty, so ``""`` ranks none first),
    the greater ref (compared character by character, by code point) over
    the lesser, and then the greater value. Records of one metric with
    distinct refs are distinct records, and two without a ref of one value
    forecast the same: the choice never depends on the order of the log.
    """
    return (ref or "", value)


def _actuals(
    metric: Metric,
    where: Mapping[str, str],
    columns: Mapping[str, Columns],
    bucket: Callable[[dt.date], tuple[dt.date, dt.date]],
    memo: dict[object, object],
) -> dict[tuple[dt.date, str | None], Decimal]:
    """Add up what happened per (bucket start, item), under *where*.

    What happened belongs to no forecaster: a filter such as ``{"party":
    "bolt"}`` picks Bolt's forecasts, and an actual is only filtered on the
    dimensions it carries.
    """
    a_days, a_values, a_dims = columns[str(metric.actual)]
    names_key = ("actual-dims", metric.actual)
    names = memo.get(names_key)
    if names is None:
        names = memo[names_key] = frozenset().union(*map(_raw, a_dims))
    relevant = {k: v for k, v in where.items() if k in names}  # type: ignore[operator]
    key = ("actuals", metric.actual, metric.bucket, frozenset(relevant.items()))
    found = memo.get(key)
    if found is not None:
        return found  # type: ignore[return-value]
    raws = _raws(a_dims)
    rows = list(zip(raws, a_days, _column(raws, ITEM_DIM), a_values, strict=True))
    starts = {day: bucket(day)[0] for day in set(a_days)}
    happened: dict[tuple[dt.date, str | None], Decimal] = {}
    get = happened.get
    for _, day, item, value in _kept(rows, relevant, lenient=True):
        pair = (starts[day], item)
        happened[pair] = get(pair, _ZERO) + value
    memo[key] = happened
    return happened


def _forecast(
    calendar: FiscalCalendar,
    metric: Metric,
    where: Mapping[str, str],
    columns: Mapping[str, Columns],
    memo: dict[object, object],
) -> Measure:
    """Pair the forecast at the metric's lag with the actual, per bucket and item."""
    period = metric.bucket or Period.WEEK
    bucket: Callable[[dt.date], tuple[dt.date, dt.date]] = memo.setdefault(  # type: ignore[assignment]
        ("bucket", period), _buckets(calendar, period)
    )
    lag = metric.lag

    def cutoff(start: dt.date) -> dt.date | None:
        # The end of the bucket *lag* buckets before the one starting on *start*;
        # None when that bucket would lie before the first day a date can hold.
        last = bucket(start)[1]
        for _ in range(lag):
            first = bucket(last)[0]
            if first == dt.date.min:
                return None
            last = bucket(first - dt.timedelta(days=1))[1]
        return last

    if type(columns) is not PlainColumns:
        return _forecast_fast(metric, where, columns, bucket, cutoff, memo)
    # The plain twin: record by record.
    # The forecast at the lag per (bucket start, item): the latest made by the
    # cutoff, of those made on one day the greatest by `_forecast_rank`.
    kept = _kept(_forecast_rows(metric, columns, bucket, memo), where)
    cutoffs = {start: cutoff(start) for start in {row[1] for row in kept}}
    ranked: dict[tuple[dt.date, str | None], tuple[dt.date, _Rank]] = {}
    for _, start, item, made, value, ref in kept:
        last = cutoffs[start]
        if last is not None and made <= last:
            rank = (made, _forecast_rank(ref, value))
            held = ranked.get((start, item))
            if held is None or rank > held:
                ranked[start, item] = rank
    forecasts = {key: rank[1][1] for key, rank in ranked.items()}
    happened = _actuals(metric, where, columns, bucket, memo)
    # One row per bucket and item: (bucket end, actual or None, forecast or None).
    keys = forecasts.keys() | happened.keys()
    ends_of = {start: bucket(start)[1] for start in {key[0] for key in keys}}
    rows: list[tuple[dt.date, Decimal | None, Decimal | None]] = [
        (ends_of[key[0]], happened.get(key), forecasts.get(key)) for key in keys
    ]
    rows.sort(key=lambda row: row[0])
    ends = [row[0] for row in rows]

    def chosen(
        start: dt.date, end: dt.date, as_of: dt.date
    ) -> list[tuple[dt.date, Decimal | None, Decimal | None]]:
        i, j = _span(ends, start, end, as_of)
        return rows[i:j]

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


# The fast paths of the forecast measures: the same pairing as `_forecast`
# and `_actuals` (their plain twins, taken for `PlainColumns`), per bucket
# and a column at a time (no tuple per record: allocating one costs more
# than the arithmetic), and each window's measure from terms computed once
# per target.


class _Forecasts:
    """A forecast metric's records grouped per bucket, each in order made.

    ``runs`` holds ``(bucket start, lo, hi)``: the bucket's records are
    ``lo:hi`` of the columns ``items``, ``values``, ``made`` and ``raws``.
    The last record met per item is the one compared; where one day's
    records of a bucket name an item twice, `ranked` orders them by
    `_forecast_rank` first.
    """

    __slots__ = (
        "_columns",
        "_metric_id",
        "_order",
        "_ranked",
        "_repeats",
        "items",
        "made",
        "raws",
        "runs",
        "values",
    )

    def __init__(
        self,
        columns: Mapping[str, Columns],
        metric_id: str,
        bucket: Callable[[dt.date], tuple[dt.date, dt.date]],
    ) -> None:
        self._columns = columns
        self._metric_id = metric_id
        self._order: list[int] | None = None
        self._ranked: _Forecasts | None = None
        self._repeats: list[tuple[int, int]] | None = None
        days, values, _ = columns[metric_id]
        raws = _parsed_raws(columns, metric_id)
        texts = parsed_column(columns, metric_id, BUCKET_DIM)
        start_of = {text: bucket(dt.date.fromisoformat(text))[0] for text in set(texts)}
        starts = list(map(start_of.__getitem__, texts))
        items = parsed_column(columns, metric_id, ITEM_DIM)
        # (A sorted copy compared by identity: cheaper than comparing
        # neighbours, as the starts are the same few date objects.)
        if sorted(starts) != starts:
            # Stable: a bucket's records stay in the order made (then input).
            order = self._order = sorted(range(len(starts)), key=starts.__getitem__)
            raws = list(map(raws.__getitem__, order))
            items = list(map(items.__getitem__, order))
            values = list(map(values.__getitem__, order))
            days = list(map(days.__getitem__, order))
            starts = list(map(starts.__getitem__, order))
        self.raws = raws
        self.items = items
        self.values = values
        self.made = days
        self.runs = _runs(starts)

    def column(self, name: str) -> list[Any]:
        """Return each forecast's value of dimension *name*, in the table's order."""
        found = parsed_column(self._columns, self._metric_id, name)
        return (
            found if self._order is None else list(map(found.__getitem__, self._order))
        )

    def _repeating(self) -> list[tuple[int, int]]:
        """Return ``(lo, hi)`` of each bucket's day whose records name an item twice.

        A bucket's records come by day made: each day is one bisection, and
        a set of its items tells whether one repeats.
        """
        if self._repeats is None:
            found = []
            made = self.made
            items = self.items
            for _, lo, hi in self.runs:
                a = lo
                while a < hi:
                    b = bisect_right(made, made[a], a, hi)
                    if b - a > 1 and len(set(items[a:b])) < b - a:
                        found.append((a, b))
                    a = b
            self._repeats = found
        return self._repeats

    def tied(self, column: list[Any] | None = None) -> bool:
        """Tell whether a bucket's records of one day name an item twice.

        With *column* (a dimension's values, in the table's order): twice
        with one value of it, among the records a filter on that dimension
        keeps. The last record met is then not always the one compared:
        see `ranked`.
        """
        repeats = self._repeating()
        if column is None or not repeats:
            return bool(repeats)
        items = self.items
        return any(
            len(set(zip(column[a:b], items[a:b], strict=True))) < b - a
            for a, b in repeats
        )

    def ranked(self) -> _Forecasts:
        """Return the table with each day's records of a bucket by `_forecast_rank`.

        The greatest last: the last record met per item, under any filter,
        is then the one compared. Only the days whose records name an item
        twice are sorted (self when there is none); the copy is kept.
        """
        if self._ranked is not None:
            return self._ranked
        repeats = self._repeating()
        if not repeats:
            self._ranked = self
            return self
        columns, metric_id = self._columns, self._metric_id
        order = (
            list(range(len(self.made))) if self._order is None else list(self._order)
        )
        values = columns[metric_id][1]
        refs = refs_of(columns, metric_id)
        # (A ref is never "": "" ranks a record without one first.)
        by_ref = (
            [ref or "" for ref in refs].__getitem__
            if refs.count(None) < len(refs)
            else None
        )
        for a, b in repeats:
            # `_forecast_rank` as two stable sorts with keys read in C (a
            # tuple per record would cost more than the rest).
            day = sorted(order[a:b], key=values.__getitem__)
            if by_ref is not None:
                day.sort(key=by_ref)
            order[a:b] = day
        ranked = copy.copy(self)
        ranked.raws = list(map(_parsed_raws(columns, metric_id).__getitem__, order))
        items = parsed_column(columns, metric_id, ITEM_DIM)
        ranked.items = list(map(items.__getitem__, order))
        ranked.values = list(map(values.__getitem__, order))
        # (A copy of this very table: its order, and its ties ranked.)
        ranked._order = order  # noqa: SLF001
        ranked._repeats = []  # noqa: SLF001
        ranked._ranked = self._ranked = ranked  # noqa: SLF001
        return ranked


def _runs(starts: list[dt.date]) -> list[tuple[dt.date, int, int]]:
    """Return ``(start, lo, hi)`` for each run of equal sorted *starts*."""
    runs = []
    lo = 0
    for start in sorted(set(starts)):
        hi = bisect_right(starts, start, lo=lo)
        runs.append((start, lo, hi))
        lo = hi
    return runs


def _timely(
    table: _Forecasts, cutoff: Callable[[dt.date], dt.date | None]
) -> list[int]:
    """Return, per run of the table, where its forecasts made after the cutoff begin.

    A run's forecasts come in order made, so those made by its bucket's
    cutoff are the first ones, ``lo:cut``: one bisection per bucket, not a
    comparison per forecast.
    """
    cuts: list[int] = []
    made = table.made
    for start, lo, hi in table.runs:
        last = cutoff(start)
        cuts.append(lo if last is None else bisect_right(made, last, lo, hi))
    return cuts


def _selected(
    raws: list[Mapping[str, str]],
    where: Mapping[str, str],
    memo: dict[object, object],
    key: object,
) -> list[bool]:
    """Tell, per record, whether its dims hold every pair of *where*.

    A dimension's column is kept in *memo* under ``(key, name)``.
    """
    pairs = tuple(where.items())
    if len(pairs) == 1:
        ((name, wanted),) = pairs
        column: list[Any] | None = memo.get((key, name))  # type: ignore[assignment]
        if column is None:
            column = memo[key, name] = _column(raws, name)
        return list(map(operator.eq, column, repeat(wanted)))
    return [all(raw.get(k) == v for k, v in pairs) for raw in raws]


def _positions(table: _Forecasts, where: Mapping[str, str]) -> list[int] | None:
    """Return the positions of the records whose dims hold every pair of *where*.

    None when *where* is empty: every record. (A filter of one pair takes
    `_chosen_by_value` instead.)
    """
    pairs = tuple(where.items())
    if not pairs:
        return None
    return [
        position
        for position, raw in enumerate(table.raws)
        if all(raw.get(k) == v for k, v in pairs)
    ]


def _chosen_forecasts(
    table: _Forecasts, cuts: list[int], positions: list[int] | None
) -> dict[dt.date, dict[Any, Decimal]]:
    """Return, per bucket start, the forecast at the lag per item.

    Of the records at *positions* (None: all) made by their bucket's cutoff
    (those of each run before its *cuts*), the latest made per item:
    records come in order made, so the last one met per item wins.
    """
    kept: Sequence[int] = range(len(table.items)) if positions is None else positions
    item_at = table.items.__getitem__
    value_at = table.values.__getitem__
    forecasts: dict[dt.date, dict[Any, Decimal]] = {}
    lo = 0
    for (start, _, end), cut in zip(table.runs, cuts, strict=True):
        # The kept positions of this bucket's run made in time: those below
        # its cut; the run's others end below its end.
        hi = bisect_left(kept, cut, lo)
        if hi > lo:
            run = kept[lo:hi]
            forecasts[start] = dict(
                zip(map(item_at, run), map(value_at, run), strict=True)
            )
        lo = bisect_left(kept, end, hi)
    return forecasts


def _chosen_by_value(
    table: _Forecasts, cuts: list[int], column: list[Any]
) -> dict[Any, dict[dt.date, dict[Any, Decimal]]]:
    """`_chosen_forecasts` for every value of a dimension at once.

    Per value of *column* (a party, say), what `_chosen_forecasts` returns
    for the records holding it: one loop over the records made in time
    sorts them by value and picks the latest per item, instead of a pass
    per value.
    """
    chosen: dict[Any, dict[dt.date, dict[Any, Decimal]]] = {}
    items = table.items
    values = table.values
    for (start, lo, _), cut in zip(table.runs, cuts, strict=True):
        per: dict[Any, dict[Any, Decimal]] = {}
        get = per.get
        for key, item, value in zip(
            column[lo:cut], items[lo:cut], values[lo:cut], strict=True
        ):
            group = get(key)
            if group is None:
                group = per[key] = {}
            group[item] = value
        for key, group in per.items():
            found = chosen.get(key)
            if found is None:
                found = chosen[key] = {}
            found[start] = group
    return chosen


def _actuals_fast(
    metric: Metric,
    where: Mapping[str, str],
    columns: Mapping[str, Columns],
    bucket: Callable[[dt.date], tuple[dt.date, dt.date]],
    memo: dict[object, object],
) -> dict[dt.date, dict[Any, Decimal]]:
    """`_actuals` per bucket start, then item: the same sums, in the same order."""
    a_days, a_values, _ = columns[str(metric.actual)]
    raws = _parsed_raws(columns, str(metric.actual))
    relevant = {}
    for name, wanted in where.items():
        carried_key = ("carries", metric.actual, name)
        carried = memo.get(carried_key)
        if carried is None:
            carried = memo[carried_key] = any(
                map(operator.contains, raws, repeat(name))
            )
        if carried:
            relevant[name] = wanted
    key = ("actuals-fast", metric.actual, metric.bucket, frozenset(relevant.items()))
    found = memo.get(key)
    if found is not None:
        return found  # type: ignore[return-value]
    items = parsed_column(columns, str(metric.actual), ITEM_DIM)
    values = a_values
    days = a_days
    if relevant:
        # An actual is only filtered on the dimensions it carries.
        pairs = tuple(relevant.items())
        kept = [all(raw.get(k, v) == v for k, v in pairs) for raw in raws]
        items = list(compress(items, kept))
        values = list(compress(values, kept))
        days = list(compress(days, kept))
    # Days come in order, so do their buckets' starts.
    happened: dict[dt.date, dict[Any, Decimal]] = {}
    start_of = {day: bucket(day)[0] for day in set(days)}
    for start, lo, hi in _runs(list(map(start_of.__getitem__, days))):
        sums: dict[Any, Decimal] = {}
        get = sums.get
        for item, value in zip(items[lo:hi], values[lo:hi], strict=True):
            sums[item] = get(item, _ZERO) + value
        happened[start] = sums
    memo[key] = happened
    return happened


def _forecast_fast(
    metric: Metric,
    where: Mapping[str, str],
    columns: Mapping[str, Columns],
    bucket: Callable[[dt.date], tuple[dt.date, dt.date]],
    cutoff: Callable[[dt.date], dt.date | None],
    memo: dict[object, object],
) -> Measure:
    """`_forecast`'s measure, bucket by bucket, each window summed from its terms."""
    table_key = ("forecast-table", metric.forecast, metric.bucket)
    table: _Forecasts | None = memo.get(table_key)  # type: ignore[assignment]
    if table is None:
        table = _Forecasts(columns, str(metric.forecast), bucket)
        memo[table_key] = table
    timely_key = ("timely", metric.forecast, metric.bucket, metric.lag)
    cuts: list[int] | None = memo.get(timely_key)  # type: ignore[assignment]
    if cuts is None:
        cuts = memo[timely_key] = _timely(table, cutoff)
    happened = _actuals_fast(metric, where, columns, bucket, memo)
    if len(where) == 1:
        # One pair (a party): every value's forecasts chosen in one loop,
        # kept for the targets on the others.
        ((name, wanted),) = where.items()
        by_key = (timely_key, "by-value", name)
        by_value: dict[Any, dict[dt.date, dict[Any, Decimal]]] | None = memo.get(by_key)  # type: ignore[assignment]
        if by_value is None:
            chosen = table
            column = table.column(name)
            if table.tied(column):
                # Two forecasts of one value, bucket, day and item: by rank.
                chosen = table.ranked()
                column = chosen.column(name)
            by_value = memo[by_key] = _chosen_by_value(chosen, cuts, column)
        forecasts = by_value.get(wanted, {})
    else:
        chosen = table.ranked() if table.tied() else table
        forecasts = _chosen_forecasts(chosen, cuts, _positions(chosen, where))
    aggregation = metric.aggregation
    starts = sorted(forecasts.keys() | happened.keys())
    ends = [bucket(start)[1] for start in starts]
    # WMAPE and accuracy from per-bucket sums while they are exact, else
    # (and the other measures) pair by pair.
    found = (
        _bucket_wmape(aggregation, starts, forecasts, happened, memo)
        if aggregation in (_A.WMAPE, _A.FORECAST_ACCURACY)
        else None
    )
    counts, windowed = (
        found
        if found is not None
        else _pair_terms(aggregation, starts, forecasts, happened)
    )
    pair_counts, forecast_counts, actual_counts = counts

    def actual(start: dt.date, end: dt.date, as_of: dt.date) -> Decimal | None:
        i, j = _span(ends, start, end, as_of)
        return _scaled(metric, windowed(i, j))

    def details(start: dt.date, end: dt.date, as_of: dt.date) -> Mapping[str, int]:
        i, j = _span(ends, start, end, as_of)
        return FrozenDict(
            {
                "pairs": pair_counts[j] - pair_counts[i],
                "forecasts_without_actual": forecast_counts[j] - forecast_counts[i],
                "actuals_without_forecast": actual_counts[j] - actual_counts[i],
            }
        )

    return Measure(aggregation, actual, details)


_Counts = tuple[list[int], list[int], list[int]]
_Windowed = Callable[[int, int], Decimal | None]


def _pair_terms(
    aggregation: Aggregation,
    starts: list[dt.date],
    forecasts: dict[dt.date, dict[Any, Decimal]],
    happened: dict[dt.date, dict[Any, Decimal]],
) -> tuple[_Counts, _Windowed]:
    """Pair the buckets *starts* item by item: prefix counts and the measure.

    The counts, per bucket, of the pairs, the forecasts without an actual
    and the actuals without a forecast, as prefix sums; the measure of the
    buckets ``i:j`` from the pairs' terms, summed pair by pair.
    """
    counts: _Counts = ([0], [0], [0])
    forecast_values: list[Decimal] = []
    actual_values: list[Decimal] = []
    pair_ends = counts[0]
    for start in starts:
        chosen = forecasts.get(start, {})
        sums = happened.get(start, {})
        partners = list(map(sums.get, chosen))
        # (Counting None by identity: == on a Decimal is slow.)
        paired = len(partners) - sum(map(operator.is_, partners, repeat(None)))
        if paired == len(partners):
            forecast_values.extend(chosen.values())
            actual_values.extend(partners)  # type: ignore[arg-type]
        else:
            for f, a in zip(chosen.values(), partners, strict=True):
                if a is not None:
                    forecast_values.append(f)
                    actual_values.append(a)
        counts[0].append(counts[0][-1] + paired)
        counts[1].append(counts[1][-1] + len(chosen) - paired)
        counts[2].append(counts[2][-1] + len(sums) - paired)
    # forecast_measure's terms, per pair, as the aggregation needs them:
    # A, F - A, |A| and |F - A|.
    errors = list(map(operator.sub, forecast_values, actual_values))
    absolute_errors = list(map(abs, errors))
    absolute_actuals = (
        list(map(abs, actual_values))
        if aggregation in (_A.WMAPE, _A.FORECAST_ACCURACY)
        else []
    )

    def windowed(i: int, j: int) -> Decimal | None:
        return _windowed_measure(
            aggregation,
            actual_values,
            errors,
            absolute_actuals,
            absolute_errors,
            pair_ends[i],
            pair_ends[j],
        )

    return counts, windowed


#: Below this, a sum of terms with at most 12 places has at most 28 digits:
#: the library's context adds them exactly, in any order and grouping.
#: Written out: a module's constant must not compute in the caller's context,
#: which is whatever is current when the library loads this module.
_EXACT_BELOW = Decimal("1E+16")


def _bucket_wmape(
    aggregation: Aggregation,
    starts: list[dt.date],
    forecasts: dict[dt.date, dict[Any, Decimal]],
    happened: dict[dt.date, dict[Any, Decimal]],
    memo: dict[object, object],
) -> tuple[_Counts, _Windowed] | None:
    """`_pair_terms` for WMAPE and accuracy, from per-bucket sums.

    ``Σ|A-F|`` and ``Σ|A|`` are summed per bucket (an actual's ``|A|``
    once per log when every actual of its bucket is paired), and a window
    adds up its buckets' sums. Every term has at most 12 places, so while
    the totals stay below 10^16 every sum is exact, and equals the sum pair
    by pair to the last digit and exponent; None otherwise (the caller then
    sums pair by pair).
    """
    counts: _Counts = ([0], [0], [0])
    errors: list[Decimal] = []
    scales: list[Decimal] = []
    pair_ends = counts[0]
    # Each bucket's Σ|A| over all its actuals, kept with the actuals (the
    # memo holds *happened*, so its id names it while the memo lives).
    scale_of: dict[dt.date, Decimal] = memo.setdefault(  # type: ignore[assignment]
        ("bucket-scales", id(happened)), {}
    )
    for start in starts:
        chosen = forecasts.get(start, {})
        sums = happened.get(start, {})
        partners = list(map(sums.get, chosen))
        # (Counting None by identity: == on a Decimal is slow.)
        paired = len(partners) - sum(map(operator.is_, partners, repeat(None)))
        forecast_values: Iterable[Decimal] = chosen.values()
        actual_values: list[Decimal] = partners  # type: ignore[assignment]
        if paired < len(partners):
            kept = list(map(operator.is_not, partners, repeat(None)))
            forecast_values = compress(chosen.values(), kept)
            actual_values = list(compress(partners, kept))  # type: ignore[arg-type]
        errors.append(
            sum(map(abs, map(operator.sub, forecast_values, actual_values)), _ZERO)
        )
        if paired == len(sums):
            # Every actual of the bucket is paired: the bucket's Σ|A|.
            scale = scale_of.get(start)
            if scale is None:
                scale = scale_of[start] = sum(map(abs, sums.values()), _ZERO)
        else:
            scale = sum(map(abs, actual_values), _ZERO)
        scales.append(scale)
        counts[0].append(counts[0][-1] + paired)
        counts[1].append(counts[1][-1] + len(chosen) - paired)
        counts[2].append(counts[2][-1] + len(sums) - paired)
    if sum(errors, _ZERO) >= _EXACT_BELOW or sum(scales, _ZERO) >= _EXACT_BELOW:
        return None

    def windowed(i: int, j: int) -> Decimal | None:
        # forecast_measure's WMAPE and accuracy, from the same exact sums.
        if pair_ends[j] == pair_ends[i]:
            return None
        return _from_sums(
            aggregation,
            pair_ends[j] - pair_ends[i],
            _ZERO,
            _ZERO,
            sum(scales[i:j], _ZERO),
            sum(errors[i:j], _ZERO),
        )

    return counts, windowed


def _windowed_measure(
    aggregation: Aggregation,
    actuals: list[Decimal],
    errors: list[Decimal],
    absolute_actuals: list[Decimal],
    absolute_errors: list[Decimal],
    i: int,
    j: int,
) -> Decimal | None:
    """`forecast_measure` of the pairs ``i:j`` from their terms, step for step."""
    if j == i:
        return None
    with decimal.localcontext(_EXACT):
        absolute = sum(absolute_errors[i:j], _ZERO)
        if aggregation in (_A.WMAPE, _A.FORECAST_ACCURACY):
            scale = sum(absolute_actuals[i:j], _ZERO)
            total = error = _ZERO
        else:
            scale = _ZERO
            total = sum(actuals[i:j], _ZERO)
            error = sum(errors[i:j], _ZERO)
    return _from_sums(aggregation, j - i, total, error, scale, absolute)


def forecast_measure(
    aggregation: Aggregation, pairs: Iterable[tuple[Decimal, Decimal]]
) -> Decimal | None:
    """Return the forecast measure of ``(actual, forecast)`` *pairs*.

    WMAPE ``Σ|A-F| ÷ Σ|A|``; forecast accuracy ``1 - WMAPE``, computed as
    ``(Σ|A| - Σ|A-F|) ÷ Σ|A|``; bias
    ``Σ(F-A) ÷ ΣA``; tracking signal ``Σ(A-F) ÷ MAD`` with ``MAD =
    Σ|A-F| ÷ n``, computed as ``n * Σ(A-F) ÷ Σ|A-F|``. The sums are exact
    and each measure is rounded once. None when there is no pair or the
    divisor is 0.
    """
    with decimal.localcontext(_EXACT):
        errors = [(a, f - a) for a, f in pairs]
        absolute = sum((abs(e) for _, e in errors), _ZERO)
        scale = sum((abs(a) for a, _ in errors), _ZERO)
        total = sum((a for a, _ in errors), _ZERO)
        error = sum((e for _, e in errors), _ZERO)
    if not errors:
        return None
    return _from_sums(aggregation, len(errors), total, error, scale, absolute)


def _from_sums(
    aggregation: Aggregation,
    pairs: int,
    total: Decimal,
    error: Decimal,
    scale: Decimal,
    absolute: Decimal,
) -> Decimal | None:
    """Return a forecast measure from the exact sums of its *pairs* pairs, rounded once.

    *total* is ``ΣA``, *error* ``Σ(F-A)``, *scale* ``Σ|A|`` and *absolute*
    ``Σ|A-F|`` (those the measure reads; the others may be 0). The only
    rounding is the one division, in the current context (the library's):
    a tracking signal of ``n * Σ(A-F) ÷ Σ|A-F|`` from a MAD already rounded
    to 28 digits read 4.000000000000000000000000002 for an exact 4.
    """
    if aggregation is _A.WMAPE:
        return _zero_as_0(absolute / scale) if scale else None
    if aggregation is _A.FORECAST_ACCURACY:
        # (Σ|A| - Σ|A-F|) ÷ Σ|A|, not 1 - WMAPE: a WMAPE rounded first
        # leaves an accuracy near 0 with a few of its digits.
        return _zero_as_0(_EXACT.subtract(scale, absolute) / scale) if scale else None
    if aggregation is _A.FORECAST_BIAS:
        # (0 ÷ a negative ΣA, returns outweighing sales, is -0.)
        return _zero_as_0(error / total) if total else None
    if not absolute:
        return None
    # n * Σ(A-F): exact in the wide context, so the signal is rounded once
    # (errors that cancel out make it 0 * -n, which is -0).
    return _zero_as_0(_EXACT.multiply(error, -pairs) / absolute)


def _zero_as_0(value: Decimal) -> Decimal:
    """Return *value*, a zero written ``0``.

    A zero quotient or product keeps a sign and an exponent: ``0 * -3`` is
    ``-0``, ``0 ÷ 1.5`` is ``0E+1``. Every measure writes its zero as 0.
    """
    return value or _ZERO


def measure_columns_ok(agreement: Agreement, columns: Mapping[str, Columns]) -> bool:
    """Tell whether the standing records computed measures read are all well formed.

    A quick check of the columns (each distinct date string is parsed
    once); when it fails, `measure_log_problems` finds the positions.
    """
    roles = _roles(agreement)
    for metric in agreement.metrics:
        if metric.aggregation.is_computed and columns.get(metric.id, ((),))[0]:
            return False
    for metric_id, wanted in roles.items():
        if metric_id not in columns:
            continue

        def column(name: str, metric_id: str = metric_id) -> list[Any]:
            return parsed_column(columns, metric_id, name)

        values = columns[metric_id][1]
        if wanted & {"orders", "deliveries"}:
            if values and min(values) < 0:
                return False
            ids = column(ORDER_DIM)
            if not all(ids):
                return False
            if "orders" in wanted and len(set(ids)) < len(ids):
                return False
        if "orders" in wanted and not all(map(_is_date, set(column(DUE_DIM)))):
            return False
        if "forecast" in wanted and not all(map(_is_date, set(column(BUCKET_DIM)))):
            return False
    return True


def _roles(agreement: Agreement) -> dict[str, set[str]]:
    """Return, per metric id, what the computed metrics read it as."""
    roles: dict[str, set[str]] = {}
    for metric in agreement.metrics:
        if metric.aggregation.is_computed:
            for role in ("orders", "deliveries", "forecast"):
                side = getattr(metric, role)
                if side is not None:
                    roles.setdefault(side, set()).add(role)
    return roles


def measure_log_problems(
    agreement: Agreement,
    log: Sequence[Observation],
    *,
    unsure: Callable[[Observation], bool] | None = None,
) -> list[tuple[str, str]]:
    """Return the problems of the records that computed measures read, with positions.

    A record of a computed metric itself; an order with a negative quantity,
    without ``dims.order`` or without a ``dims.due`` date; a delivery with a
    negative quantity or without ``dims.order``; a forecast without a
    ``dims.bucket`` date; an order whose id an earlier standing order of the
    same metric holds (one id names one order: a later record replaces one
    only through its ``ref``). Retractions (value None) are not checked.

    Args:
        agreement: The agreement whose computed metrics read the records.
        log: The records, in input order.
        unsure: A test of the records whose standing records left out of
            *log* may change (a correction or retraction by their ref that
            could not be read): an order placed again is judged between
            the other records only. None judges every record.
    """
    roles = _roles(agreement)
    computed = {m.id: m for m in agreement.metrics if m.aggregation.is_computed}
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
    problems.extend(_twice_placed(roles, log, unsure))
    problems.sort(key=lambda problem: int(problem[0][1:-1]))
    return problems


def _twice_placed(
    roles: Mapping[str, set[str]],
    log: Sequence[Observation],
    unsure: Callable[[Observation], bool] | None = None,
) -> list[tuple[str, str]]:
    """Return the standing orders whose id an earlier standing order holds.

    Records stand as the index resolves them: of each ref, its last record,
    unless it retracts; every record without a ref. A record *unsure* is
    true of is neither judged nor judged against: whether it stands is not
    known.
    """
    order_metrics = {m for m, wanted in roles.items() if "orders" in wanted}
    if not order_metrics:
        return []
    standing: dict[tuple[str, object], int] = {}
    for index, record in enumerate(log):
        metric_id = getattr(record, "metric", None)
        if metric_id not in order_metrics:
            continue
        ref = getattr(record, "ref", None)
        key = (metric_id, index if ref is None else ref)
        standing.pop(key, None)  # a correction takes its place in the log
        if getattr(record, "value", None) is not None:
            standing[key] = index
    first: dict[tuple[str, str], int] = {}
    problems = []
    for (metric_id, _), index in sorted(standing.items(), key=lambda item: item[1]):
        dims = getattr(log[index], "dims", None)
        order = dims.get(ORDER_DIM) if isinstance(dims, Mapping) else None
        if not isinstance(order, str) or not order:
            continue  # its own problem is listed
        if unsure is not None and unsure(log[index]):
            continue
        placed = first.setdefault((metric_id, order), index)
        if placed != index:
            # The first by its day and ref, not its position: the command
            # line writes positions as lines, but only a problem's own.
            earlier = log[placed]
            ref = getattr(earlier, "ref", None)
            which = f"of {getattr(earlier, 'at', '?')}" + (
                "" if ref is None else f", ref {ref!r}"
            )
            problems.append(
                (
                    f"[{index}]",
                    (
                        f"order {order!r} is already placed by an earlier "
                        f"record ({which}): one order id names one order; give "
                        "each order line an id of its own, or correct the order "
                        "with a record of the same ref"
                    ),
                )
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
    """Tell whether *value* is a day written ``YYYY-MM-DD``, as every reader reads one.

    `datetime.date.fromisoformat` also takes week dates (``2027-W02-1``)
    and ``20270111``, which the format refuses everywhere.
    """
    return isinstance(value, str) and day_from_text(str(value)) is not None
