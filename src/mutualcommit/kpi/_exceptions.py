"""Exception management: the windows in which a measure left its tolerance.

An agreement's `ExceptionCriterion` values say, per measure, what range of
values is normal. Every closed window (per item, when the criterion splits
by a dimension) whose value lies outside that range is an exception: it
opens on the window's last day and its owner has ``resolve_within_days``
days to start working on it, which an action item of a held review shows by
naming the exception's key.
"""

from __future__ import annotations

import datetime as dt
import decimal
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs

from mutualcommit._frames import Schema
from mutualcommit.calendar import Window, windows
from mutualcommit.errors import NotFoundError, TooManyJudgementsError
from mutualcommit.model import (
    Aggregation,
    Agreement,
    ExceptionCriterion,
    Metric,
    Observation,
    decimal_context,
    decimal_text,
)
from mutualcommit.model._arguments import as_day, as_instance
from mutualcommit.model._notebook import ShowsDocument
from mutualcommit.model._shown import no_such

from ._index import ObservationIndex, _Series, index_for
from ._measures import parsed_column
from ._selections import selected_rows
from ._windows import pro_rated

__all__ = [
    "EXCEPTIONS_FORMAT",
    "MAX_JUDGEMENTS",
    "ExceptionReport",
    "PlanException",
    "criterion_items",
    "exception_key",
    "exception_report_to_dict",
    "exceptions",
    "measure_actuals",
    "never_observed",
]

Bound = Literal["lower", "upper"]

#: The ``format`` of an exception report document.
EXCEPTIONS_FORMAT = "mutualcommit.exceptions"
_FORMAT_VERSION = 1
#: The most (item, window) pairs the exception criteria of one report may
#: judge: each criterion's items (the records without its ``split``
#: dimension counting as one; one without a ``split``) times its closed
#: windows, summed over the criteria. More is refused with a
#: `TooManyJudgementsError` before any is judged.
MAX_JUDGEMENTS = 500_000


def exception_key(criterion: str, item: str | None, window: str) -> str:
    """Return the key action items name an exception by.

    ``criterion/window`` without an item (a criterion that does not split,
    or a split criterion's records without the dimension),
    ``criterion/item/window`` with one (``fill-rate/sku-1/FY2027-M02``).
    """
    if item is None:
        return f"{criterion}/{window}"
    return f"{criterion}/{item}/{window}"


@attrs.frozen(kw_only=True)
class PlanException:
    """A window in which a measure lay outside its criterion's tolerance.

    Attributes:
        criterion: The id of the criterion breached.
        item: The value of the criterion's split dimension, as the records
            hold it (not trimmed), or None when it does not split, or for a
            split criterion's records without the dimension, judged
            together.
        window: The window's label (``FY2027-M02``).
        start: The window's first day.
        end: The window's last day.
        value: The measure's value over the window.
        bound: ``"lower"`` when the value fell below the lower tolerance,
            ``"upper"`` when it rose above the upper one.
        limit: The tolerance crossed (pro-rated, for a sum or a count, in a
            window the term cuts short).
        owner: The id of the party that works on it.
        opened_on: The day it opened: the window's last day.
        due: The last day to start working on it: ``opened_on`` plus the
            criterion's ``resolve_within_days``.
        actions: The action items that name it, as ``review/action`` keys,
            from the reviews held on or before the report's ``as_of``.
        past_due: Whether ``as_of`` is after ``due`` and no action item
            names it.
    """

    criterion: str
    item: str | None
    window: str
    start: dt.date
    end: dt.date
    value: Decimal
    bound: Bound
    limit: Decimal
    owner: str
    opened_on: dt.date
    due: dt.date
    actions: tuple[str, ...] = ()
    past_due: bool = False

    @property
    def key(self) -> str:
        """The key action items name it by (see `exception_key`)."""
        return exception_key(self.criterion, self.item, self.window)

    @property
    def worked(self) -> bool:
        """Whether an action item names it."""
        return bool(self.actions)


#: The columns of `ExceptionReport.to_records`, in order, with their kinds.
_EXCEPTION_SCHEMA: Schema = (
    ("key", "text"),
    ("criterion", "text"),
    ("item", "text"),
    ("window", "text"),
    ("start", "date"),
    ("end", "date"),
    ("value", "float"),
    ("bound", "text"),
    ("limit", "float"),
    ("owner", "text"),
    ("opened_on", "date"),
    ("due", "date"),
    ("actions", "texts"),
    ("past_due", "bool"),
)


@attrs.frozen(kw_only=True)
class ExceptionReport(ShowsDocument):
    """Every exception of an agreement's criteria at the end of ``as_of``.

    Attributes:
        agreement: The agreement evaluated (a check's
            `~mutualcommit.Report` holds its id there instead: code that
            takes either reads `agreement_id`).
        as_of: The day evaluated, meaning the end of that day.
        exceptions: The exceptions, by criterion (in agreement order), then
            window, then item (None first, then by text).
    """

    agreement: Agreement = attrs.field(repr=False)
    as_of: dt.date
    exceptions: tuple[PlanException, ...] = ()

    @property
    def agreement_id(self) -> str:
        """The id of the agreement evaluated, as `~mutualcommit.Report.agreement_id` is a report's."""
        return self.agreement.id

    @property
    def past_due(self) -> tuple[PlanException, ...]:
        """The exceptions open past their due day with no action item."""
        return tuple(e for e in self.exceptions if e.past_due)

    def criterion(self, criterion: str) -> tuple[PlanException, ...]:
        """Return the exceptions of criterion *criterion*, in report order.

        Raises:
            NotFoundError: When the agreement has no criterion *criterion*; the
                message lists its criteria.
        """
        known = [c.id for c in self.agreement.exception_criteria]
        if criterion not in known:
            where = f"agreement {self.agreement.id!r}"
            raise NotFoundError(
                no_such("exception criterion", criterion, where, known), criterion
            )
        return tuple(e for e in self.exceptions if e.criterion == criterion)

    def to_records(self) -> list[dict[str, Any]]:
        """Return the exceptions as flat records (plain dicts), for a frame.

        One record per exception, in report order, with the keys of the
        report's JSON document (``key``, ``criterion``, ``item``,
        ``window``, ``start``, ``end``, ``value``, ``bound``, ``limit``,
        ``owner``, ``opened_on``, ``due``, ``actions``, ``past_due``), its
        decimals exact and its days dates.
        """
        return [
            {
                "key": e.key,
                "criterion": e.criterion,
                "item": e.item,
                "window": e.window,
                "start": e.start,
                "end": e.end,
                "value": e.value,
                "bound": e.bound,
                "limit": e.limit,
                "owner": e.owner,
                "opened_on": e.opened_on,
                "due": e.due,
                "actions": list(e.actions),
                "past_due": e.past_due,
            }
            for e in self.exceptions
        ]

    def to_pandas(self) -> Any:
        """Return `to_records` as a `pandas.DataFrame` (needs the ``pandas`` extra).

        Decimals become floats in the frame. Each column has its table's
        dtype whatever the rows hold (None in every row, or no row at all):
        numbers ``float64`` (None is NaN), whole numbers ``Int64`` (None is
        ``<NA>``), so frames stack with ``pandas.concat``.

        Raises:
            ModuleNotFoundError: When pandas is not installed.
        """
        from mutualcommit._frames import to_pandas

        return to_pandas(
            self.to_records(), _EXCEPTION_SCHEMA, "ExceptionReport.to_pandas()"
        )

    def to_polars(self) -> Any:
        """Return `to_records` as a `polars.DataFrame` (needs the ``polars`` extra).

        Decimals become floats in the frame. Each column has its table's
        type whatever the rows hold (None in every row, or no row at all), so
        frames stack with ``polars.concat``.

        Raises:
            ModuleNotFoundError: When polars is not installed.
        """
        from mutualcommit._frames import to_polars

        return to_polars(
            self.to_records(), _EXCEPTION_SCHEMA, "ExceptionReport.to_polars()"
        )


def measure_actuals(
    index: ObservationIndex,
    metric: str,
    spans: Sequence[tuple[dt.date, dt.date]],
    *,
    as_of: dt.date,
    where: Mapping[str, str],
    split: str | None,
) -> dict[str | None, list[Decimal | None]]:
    """Return *metric*'s value over each of *spans* as of *as_of*, per item.

    The one place exception management asks for a measure's values: the
    observations whose ``dims`` hold every pair of *where* are aggregated
    as the metric says (as a target's actual is), over each ``[start,
    end]`` of *spans*. With a *split* dimension, once per value of it, and
    the records without it together under the key None (so that the
    items' sums add up to the whole); without one, under the key None. The
    log is read once, whatever the number of items. A computed measure (a
    ratio, OTIF, lead time, a forecast measure) is computed per item from
    the records it reads, the item selecting them as a target's ``where``
    does, and None selecting those without the dimension.
    """
    measure = index.agreement.metric(metric)
    if measure.aggregation.is_computed or measure.aggregation is Aggregation.PERCENTILE:
        return _computed_actuals(
            index, measure, spans, as_of=as_of, where=where, split=split
        )
    columns = index._columns  # noqa: SLF001 - same package
    days, values, _ = columns[metric]
    aggregation = measure.aggregation
    groups: dict[str | None, tuple[list[dt.date], list[Decimal]]] = {}
    # A record after *as_of* counts in no value: nor is its item judged.
    rows = _standing_rows(index, metric, where, as_of)
    if split is None:
        if rows:
            groups[None] = (
                list(map(days.__getitem__, rows)),
                list(map(values.__getitem__, rows)),
            )
    else:
        items = parsed_column(columns, metric, split)
        for row in rows:
            # A record without the dimension is of item None: judged too.
            item = items[row]
            group = groups.get(item)
            if group is None:
                group = groups[item] = ([], [])
            group[0].append(days[row])
            group[1].append(values[row])
    if split is None and None not in groups:
        groups[None] = ([], [])
    result: dict[str | None, list[Decimal | None]] = {}
    with decimal.localcontext(decimal_context()):
        for item, (item_days, item_values) in groups.items():
            # Each group keeps the index's order (by day, then input order).
            series = _Series(item_days, item_values, aggregation)
            result[item] = [series.actual(start, end, as_of) for start, end in spans]
    return result


def _computed_actuals(
    index: ObservationIndex,
    measure: Metric,
    spans: Sequence[tuple[dt.date, dt.date]],
    *,
    as_of: dt.date,
    where: Mapping[str, str],
    split: str | None,
) -> dict[str | None, list[Decimal | None]]:
    """`measure_actuals` of a computed measure or a percentile, per item.

    Through the index, which computes them; the items are those of the
    records the measure reads. Item None of a split selects the records
    without the dimension: the selection holds None for it, which the
    index compares with a record's missing value (a caller's ``where``
    holds text only).
    """
    items: set[str | None] = {None} if split is None else set()
    if split is not None:
        items.update(_first_days(index, measure.id, where, split, as_of))
    result: dict[str | None, list[Decimal | None]] = {}
    with decimal.localcontext(decimal_context()):
        for item in sorted(items, key=_item_order):
            selector: dict[str, str | None] = dict(where)
            if split is not None:
                selector[split] = item
            series = index._series_of(measure.id, selector)  # type: ignore[arg-type]  # noqa: SLF001
            result[item] = [series.actual(start, end, as_of) for start, end in spans]
    return result


def _item_order(item: str | None) -> tuple[bool, str]:
    """Order items as a report does: None (no item, or none named) first, then by text."""
    return (item is not None, item or "")


def _standing_rows(
    index: ObservationIndex, metric: str, where: Mapping[str, str], as_of: dt.date
) -> Sequence[int]:
    """Return the positions of *metric*'s records dated on or before *as_of* that *where* selects.

    Positions in the metric's columns, ascending (by day): each criterion
    or target reads its own records, found through its dimension's groups
    (see `selected_rows`), not the whole log.
    """
    columns = index._columns  # noqa: SLF001 - same package
    rows = selected_rows(columns, metric, where)
    # The columns are by day: the records up to *as_of* come first.
    cut = bisect_right(columns[metric][0], as_of)
    if isinstance(rows, range):
        return range(min(cut, len(rows)))
    return rows[: bisect_left(rows, cut)]


def _any_standing(
    index: ObservationIndex, metric: str, where: Mapping[str, str], as_of: dt.date
) -> bool:
    """Tell whether *where* selects a record of *metric* dated on or before *as_of*."""
    columns = index._columns  # noqa: SLF001 - same package
    rows = selected_rows(columns, metric, where)
    # Ascending positions in columns by day: the first is the earliest.
    return bool(rows) and columns[metric][0][rows[0]] <= as_of


def _sources(index: ObservationIndex, metric: str) -> tuple[str, ...]:
    """Return the metrics whose records *metric* reads: itself, or its sources."""
    return index._metrics[metric].sources or (metric,)  # noqa: SLF001 - same package


def _recorded(index: ObservationIndex, metric: str, as_of: dt.date) -> bool:
    """Tell whether *metric* (or a metric it is computed from) has a record by *as_of*."""
    columns = index._columns  # noqa: SLF001 - same package
    return any(
        bisect_right(columns[source][0], as_of) for source in _sources(index, metric)
    )


def _first_days(
    index: ObservationIndex,
    metric: str,
    where: Mapping[str, str],
    split: str | None,
    as_of: dt.date,
) -> dict[str | None, dt.date]:
    """Return each item of *split* (None without one) with the day it was first selected.

    Over the standing records *metric* reads dated on or before *as_of*
    that *where* selects; the records without the *split* dimension are
    item None, as the whole is without a split. A computed measure reads
    several metrics': each item's earliest day of them.
    """
    columns = index._columns  # noqa: SLF001 - same package
    first: dict[str | None, dt.date] = {}
    for source in _sources(index, metric):
        days = columns[source][0]
        rows = _standing_rows(index, source, where, as_of)
        if not rows:
            continue
        if split is None:
            day = days[rows[0]]
            if None not in first or day < first[None]:
                first[None] = day
            continue
        items = parsed_column(columns, source, split)
        # By day: an item's first row is its first day in this source.
        seen: dict[str | None, int] = {}
        for row in rows:
            seen.setdefault(items[row], row)
        for item, row in seen.items():
            day = days[row]
            if item not in first or day < first[item]:
                first[item] = day
    return first


def unselected(
    index: ObservationIndex,
    metric: str,
    where: Mapping[str, str],
    *,
    as_of: dt.date,
) -> Literal["metric", "where"] | None:
    """Say what of *metric* under *where* no standing record on or before *as_of* shows.

    ``"metric"``: *metric* (for a computed one, every metric it is computed
    from) has no standing record; ``"where"``: it has, and none of them
    holds every pair of *where* together. None when *where* selects a
    record. What rule MC308 says of a criterion and MC108 of a target.
    """
    if not _recorded(index, metric, as_of):
        return "metric"
    if where and not any(
        _any_standing(index, source, where, as_of) for source in _sources(index, metric)
    ):
        return "where"
    return None


def unseen_pair(
    index: ObservationIndex, where: Mapping[str, str], *, as_of: dt.date
) -> tuple[str, str] | None:
    """Return the first pair of *where*, by name, that no standing record carries.

    A pair (``region``, ``DACH``) that no standing record of any metric on
    or before *as_of* holds: a misspelt value or dimension, most likely.
    None when every pair is carried by some record (of one metric or
    another).
    """
    columns = index._columns  # noqa: SLF001 - same package
    for pair in sorted(where.items()):
        # Carried by a record of any metric on or before *as_of*: each
        # metric's first record holding the pair, from its dimension.
        if not any(
            _any_standing(index, other, dict((pair,)), as_of) for other in columns
        ):
            return pair
    return None


def criterion_items(
    index: ObservationIndex, criterion: ExceptionCriterion, *, as_of: dt.date
) -> dict[str | None, dt.date]:
    """Return what *criterion* judges, each with the day it was first observed.

    With a split, each value of the split dimension, and None for the
    records without it (when there are any); without one, None for the
    measure as a whole. Only the standing observations of its measure
    on or before *as_of* that hold every pair of its ``where`` count, so a
    criterion nothing was observed for judges nothing.
    """
    return _first_days(
        index, criterion.measure, criterion.where, criterion.split, as_of
    )


def never_observed(
    index: ObservationIndex, criterion: ExceptionCriterion, *, as_of: dt.date
) -> Literal["metric", "where", "split"] | None:
    """Say what of *criterion* no observation on or before *as_of* ever showed.

    ``"metric"``: its measure has no standing record; ``"where"``: none of
    them holds every pair of its ``where``; ``"split"``: none of those has
    its split dimension, so they are all judged together, as the records
    without it are. None otherwise.

    Raises:
        TypeError: When *index* is not an `ObservationIndex`, *criterion*
            not an `ExceptionCriterion` or *as_of* not a `datetime.date`.
    """
    as_instance("index", index, ObservationIndex)
    as_instance("criterion", criterion, ExceptionCriterion)
    as_of = as_day("as_of", as_of)
    missing = unselected(index, criterion.measure, criterion.where, as_of=as_of)
    if missing is not None:
        return missing
    if criterion.split is not None and not any(
        item is not None
        for item in _first_days(
            index, criterion.measure, criterion.where, criterion.split, as_of
        )
    ):
        return "split"
    return None


def exceptions(
    agreement: Agreement,
    observations: Iterable[Observation] | ObservationIndex,
    *,
    as_of: dt.date,
) -> ExceptionReport:
    """Find every exception of *agreement*'s criteria at the end of day *as_of*.

    For each criterion and each of its windows that has closed by *as_of*
    (its last day is on or before it), the measure's value is computed as
    a target's actual is (with a ``split``, once per value of that
    dimension, and once for the records without it, as item None), from
    the window in which it was first observed on: before its first
    observation a measure or an item is not judged.
    A value below ``lower`` or above ``upper`` is an exception; a window
    with no value (a level with no reading) is none. For a sum or a count
    the tolerances are pro-rated in a window the term cuts short, as
    targets are.

    Args:
        agreement: The agreement whose criteria are applied.
        observations: The log, in input order, or an `ObservationIndex`
            already built for *agreement*.
        as_of: The day evaluated (its end).

    Returns:
        The report, its exceptions in a fixed order.

    Raises:
        InvalidObservationsError: When an observation records an unknown
            metric, has value None without a ref, or is malformed.
        TypeError: When *agreement* is not an `Agreement`, *as_of* not a
            `datetime.date`, or *observations* is text, a path, a mapping or
            not iterable (read a file with `load_observations` first).
        TooManyJudgementsError: When the criteria would judge more than
            `MAX_JUDGEMENTS` (item, window) pairs; raised before any is
            judged. It is a `ValueError`.
        ValueError: When *observations* is an index of another agreement.
    """
    as_of = as_day("as_of", as_of)
    index = index_for(agreement, observations)
    plans = [
        _plan(index, criterion, as_of) for criterion in agreement.exception_criteria
    ]
    # The cost is items times windows, and the items come from the log:
    # refuse too many before judging any, not after gigabytes of exceptions.
    counts = [
        (plan.criterion.id, len(plan.items), len(plan.closed))
        for plan in plans
        if plan.items and plan.closed
    ]
    if sum(items * windows for _, items, windows in counts) > MAX_JUDGEMENTS:
        raise TooManyJudgementsError(counts, MAX_JUDGEMENTS)
    working = _working(agreement, as_of)
    found: list[PlanException] = []
    for plan in plans:
        found.extend(_breaches(index, plan, as_of, working))
    return ExceptionReport(agreement=agreement, as_of=as_of, exceptions=tuple(found))


@attrs.frozen
class _Plan:
    """What a criterion judges: its closed windows and its items."""

    criterion: ExceptionCriterion
    closed: list[Window]
    #: Each item (None without a split) with the day it was first observed,
    #: by item.
    items: list[tuple[str | None, dt.date]]


def _plan(
    index: ObservationIndex, criterion: ExceptionCriterion, as_of: dt.date
) -> _Plan:
    agreement = index.agreement
    cut = windows(
        agreement.fiscal_calendar, criterion.per, agreement.start, agreement.end
    )
    closed = [w for w in cut if w.end <= as_of]
    seen = criterion_items(index, criterion, as_of=as_of)
    items = sorted(seen.items(), key=lambda pair: _item_order(pair[0]))
    return _Plan(criterion, closed, items)


def _working(agreement: Agreement, as_of: dt.date) -> dict[str, list[str]]:
    """Map each exception key to the action items that name it, held by *as_of*."""
    named: dict[str, list[str]] = {}
    for review in agreement.reviews:
        if review.held_on > as_of:
            continue
        for action in review.actions:
            for key in action.exceptions:
                named.setdefault(key, []).append(f"{review.id}/{action.id}")
    return named


def _breaches(
    index: ObservationIndex,
    plan: _Plan,
    as_of: dt.date,
    working: Mapping[str, list[str]],
) -> Iterator[PlanException]:
    criterion, closed, items = plan.criterion, plan.closed, plan.items
    if not items or not closed:
        return
    flow = index._metrics[criterion.measure].aggregation.is_flow  # noqa: SLF001
    actuals = measure_actuals(
        index,
        criterion.measure,
        [(w.start, w.end) for w in closed],
        as_of=as_of,
        where=criterion.where,
        split=criterion.split,
    )
    delay = dt.timedelta(days=criterion.resolve_within_days)
    for number, window in enumerate(closed):
        lower, upper = _limits(criterion, window, flow=flow)
        for item, first in items:
            if window.end < first:
                continue
            value = actuals[item][number]
            if value is None:
                continue
            breach: tuple[Bound, Decimal] | None = None
            if lower is not None and value < lower:
                breach = ("lower", lower)
            elif upper is not None and value > upper:
                breach = ("upper", upper)
            if breach is None:
                continue
            key = exception_key(criterion.id, item, window.label)
            actions = tuple(working.get(key, ()))
            # Due after the last day a date can hold: due at the end of time.
            due = (
                dt.date.max if dt.date.max - window.end < delay else window.end + delay
            )
            yield PlanException(
                criterion=criterion.id,
                item=item,
                window=window.label,
                start=window.start,
                end=window.end,
                value=value,
                bound=breach[0],
                limit=breach[1],
                owner=criterion.owner,
                opened_on=window.end,
                due=due,
                actions=actions,
                past_due=not actions and as_of > due,
            )


def _limits(
    criterion: ExceptionCriterion, window: Window, *, flow: bool
) -> tuple[Decimal | None, Decimal | None]:
    """Return the tolerances in *window*: pro-rated for a flow the term clips.

    As a target is (`pro_rated`): ``bound * days / period_days``, rounded
    once, never the bound times a factor rounded first.
    """
    lower, upper = criterion.lower, criterion.upper
    if flow and window.clipped:
        days, period_days = window.days, window.period_days
        if lower is not None:
            lower = pro_rated(lower, days, period_days)
        if upper is not None:
            upper = pro_rated(upper, days, period_days)
    return lower, upper


def exception_report_to_dict(report: ExceptionReport) -> dict[str, Any]:
    """Return *report* as a JSON-ready dict.

    Numbers are canonical decimal strings, days ISO 8601 strings::

        {"format": "mutualcommit.exceptions", "format_version": 1,
         "agreement": "...", "version": 1, "fingerprint": "sha256:...",
         "as_of": "2026-06-30",
         "exceptions": [{"key": "fill-rate/sku-1/FY2026-M04",
                         "criterion": "fill-rate", "item": "sku-1",
                         "window": "FY2026-M04", "start": "...", "end": "...",
                         "value": "0.9", "bound": "lower", "limit": "0.95",
                         "owner": "bolt", "opened_on": "...", "due": "...",
                         "actions": [], "past_due": true}]}

    Raises:
        TypeError: When *report* is not an `ExceptionReport`.
    """
    agreement = as_instance("report", report, ExceptionReport).agreement
    return {
        "format": EXCEPTIONS_FORMAT,
        "format_version": _FORMAT_VERSION,
        "agreement": agreement.id,
        "version": agreement.version,
        "fingerprint": agreement.fingerprint(),
        "as_of": report.as_of.isoformat(),
        "exceptions": [
            {key: _json_value(value) for key, value in record.items()}
            for record in report.to_records()
        ],
    }


def _json_value(value: object) -> object:
    """Return a record's value as JSON holds it: decimals and days as text."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
