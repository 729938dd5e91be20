"""Observations as a log: validation and the records that stand.

A log is read once, in input order. Two records with the same non-None
``ref`` on the same metric are one record: the later wins, in the later
one's place, and a later record with value None retracts the ref. What
stands is grouped per metric, in input order, for the index to sort; the
refs that stand are kept beside the columns (`refs_of`), for what tells
records of one day apart by their content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from itertools import compress, count, repeat
from operator import is_

from mutualcommit.errors import InvalidObservationsError
from mutualcommit.model import Agreement, Observation, decimal_problem
from mutualcommit.model._arguments import as_observations
from mutualcommit.model._coerce import day_problem
from mutualcommit.model._decimal import LIMIT, MAX_EXPONENT, MAX_PLACES
from mutualcommit.model._observation import NO_REF, not_an_observation
from mutualcommit.model._problems import raised, type_problem
from mutualcommit.model._shown import described, did_you_mean

__all__ = [
    "Columns",
    "PlainColumns",
    "StandingColumns",
    "refs_of",
    "standing_columns",
    "standing_records",
]

#: A metric's standing records as columns, ordered by day then input order:
#: ``(days, values, dims)``. Shared by the index's series: never mutated.
#: `StandingColumns` hold each record's dims as a plain dict (its
#: FrozenDict's own), `PlainColumns` as the record's FrozenDict.
Columns = tuple[list[dt.date], list[Decimal], list[Mapping[str, str]]]


#: A metric's standing refs, in its columns' order (None for a record without one).
Refs = list[str | None]


class StandingColumns(dict[str, Columns]):
    """The standing records per metric id, as columns by day.

    ``parsed`` keeps what the computed measures read from the columns (a
    dimension's values, say), parsed once for every measure that reads it.
    ``refs`` holds, per metric some of whose standing records have a ref,
    each record's ref in the columns' order (see `refs_of`).
    """

    __slots__ = ("parsed", "refs")

    def __init__(
        self,
        columns: Iterable[tuple[str, Columns]] = (),
        refs: Mapping[str, Refs] | None = None,
    ) -> None:
        super().__init__(columns)
        self.parsed: dict[object, object] = {}
        self.refs: dict[str, Refs] = {} if refs is None else dict(refs)

    def __reduce__(
        self,
    ) -> tuple[
        type[StandingColumns], tuple[list[tuple[str, Columns]], dict[str, Refs]]
    ]:
        # The columns and refs, without what was parsed from them (parsed
        # again on use), at any pickle protocol: 0 and 1 refuse a slotted
        # class that says nothing of its state.
        return (type(self), (list(self.items()), self.refs))


def refs_of(columns: Mapping[str, Columns], metric_id: str) -> Refs:
    """Return the refs of *metric_id*'s standing records, in its columns' order.

    None for a record without a ref (every record, for a metric none of
    whose records has one, or columns that keep no refs).
    """
    found = getattr(columns, "refs", {}).get(metric_id)
    return [None] * len(columns[metric_id][0]) if found is None else found


class PlainColumns(StandingColumns):
    """Columns read record by record, by `standing_records`.

    The computed measures read these by their plain paths too: a log of
    `Observation` subclass records takes every plain twin of a fast path.
    """

    __slots__ = ()


# Reading a Decimal's exponent (as_tuple) costs more than the rest of the
# checks together; comparing it with the commonest exponents, of whole
# numbers and of cents, is cheap and settles most values.
_UNITS = Decimal(1)
_CENTS = Decimal("0.01")


def standing_columns(
    agreement: Agreement, observations: Iterable[Observation]
) -> StandingColumns:
    """Validate *observations* and return the records that stand, per metric id.

    The same records as `standing_records`, as columns ordered by day (a
    day's records in input order). A log of `Observation` records (of that
    very type, which checks its fields when built) is grouped per metric
    in one pass and read a column at a time; any doubt (another type, an
    unknown metric, a retraction without a ref) sends it through
    `standing_records`, which checks every record and reports every problem
    (and returns `PlainColumns`).

    Raises:
        InvalidObservationsError: As `standing_records`.
    """
    log = as_observations(observations)
    columns = _fast_columns(agreement, log)
    if columns is None:
        records = standing_records(agreement, log)
        columns = PlainColumns()
        for metric, group in records.items():
            columns[metric], refs = _columns(group)
            if refs is not None:
                columns.refs[metric] = refs
    return columns


def _columns(records: list[Observation]) -> tuple[Columns, Refs | None]:
    days = [r.at for r in records]
    values: list[Decimal] = [r.value for r in records]  # type: ignore[misc]
    dims = [r.dims for r in records]
    refs: Refs = [r.ref for r in records]
    return _by_day(days, values, dims, None if refs.count(None) == len(refs) else refs)


def _by_day(
    days: list[dt.date],
    values: list[Decimal],
    dims: list[Mapping[str, str]],
    refs: Refs | None,
) -> tuple[Columns, Refs | None]:
    """Return the columns by day (and their *refs*, None when no record has one)."""
    # Logs mostly come in day order: check before sorting (stable: a day's
    # records stay in input order, which LAST's ties need). A sorted copy
    # of a sorted list holds the same objects in the same order, so the
    # comparison runs on identities: cheaper than comparing neighbours.
    ordered = sorted(days)
    if ordered != days:
        # The positions sorted the same way; the days are sorted already.
        order = sorted(range(len(days)), key=days.__getitem__)
        days = ordered
        values = list(map(values.__getitem__, order))
        dims = list(map(dims.__getitem__, order))
        if refs is not None:
            refs = list(map(refs.__getitem__, order))
    return (days, values, dims), refs


def _fast_columns(
    agreement: Agreement, log: Iterable[object]
) -> StandingColumns | None:
    """Return the standing columns of a well-formed log, or None when in doubt."""
    records = log if isinstance(log, list) else list(log)
    # Only records whose type is exactly Observation: one checked every field
    # when it was built (an id, a date that is no datetime, a bounded Decimal
    # or None, a string ref or None, string dims), and it is frozen. What is
    # left to check: known metrics and retractions without a ref.
    # (Counting the types by identity: cheaper than a set of them.)
    if list(map(type, records)).count(Observation) != len(records):
        return None
    checked: list[Observation] = records  # type: ignore[assignment]
    # Per metric, its records' days, values, dims and refs: four columns.
    grouped: dict[str, _Raw] = {m.id: ([], [], [], []) for m in agreement.metrics}
    adders = {
        metric_id: (days.append, values.append, dims.append, refs.append)
        for metric_id, (days, values, dims, refs) in grouped.items()
    }
    try:
        # One walk of the log, in input order, reading each record once:
        # one loop's overhead per record, where grouping the records and
        # then reading each group once per field cost five.
        for observation in checked:
            add_day, add_value, add_dims, add_ref = adders[observation.metric]
            add_day(observation.at)
            add_value(observation.value)
            # Each record's dims as its FrozenDict's plain dict, whose
            # ``get`` runs in C: the measures read dimensions from these
            # (never mutated).
            add_dims(observation.dims._data)  # type: ignore[attr-defined]  # noqa: SLF001
            add_ref(observation.ref)
    except KeyError:
        return None  # an unknown metric: the plain path names it
    result = StandingColumns()
    for metric_id, raw in grouped.items():
        found = _group_columns(*raw)
        if found is None:
            return None
        result[metric_id], refs = found
        if refs is not None:
            result.refs[metric_id] = refs
    return result


#: A metric's records as read: days, values (None retracts), dims and refs.
_Raw = tuple[
    list[dt.date], list[Decimal | None], list[Mapping[str, str]], list[str | None]
]


def _group_columns(
    days: list[dt.date],
    values: list[Decimal | None],
    dims: list[Mapping[str, str]],
    refs: list[str | None],
) -> tuple[Columns, Refs | None] | None:
    """Resolve one metric's validated records: its columns by day, and their refs.

    The refs are None when no record has one; the whole is None when a
    record is in doubt (the plain path names it).
    """
    retractions = any(map(is_, values, repeat(None)))
    if retractions and None in compress(refs, map(is_, values, repeat(None))):
        return None  # a value None without a ref: the plain path names it
    # A checked Observation's ref is a str (never a subclass) or None, and
    # list.count compares a str with None in C.
    unrefd = refs.count(None)
    if unrefd == len(refs):
        return _by_day(days, values, dims, None)  # type: ignore[arg-type]
    distinct = set(refs)
    if retractions or len(distinct) - (unrefd > 0) < len(refs) - unrefd:
        # Duplicate refs or retractions: the last word on each ref stands,
        # in its place.
        last = dict(zip(refs, count()))
        keep = [
            i
            for i, ref in enumerate(refs)
            if (ref is None or last[ref] == i) and values[i] is not None
        ]
        days = [days[i] for i in keep]
        values = [values[i] for i in keep]
        dims = [dims[i] for i in keep]
        refs = [refs[i] for i in keep]
    return _by_day(days, values, dims, refs)  # type: ignore[arg-type]


def standing_records(
    agreement: Agreement, observations: Iterable[Observation]
) -> dict[str, list[Observation]]:
    """Validate *observations* and return the records that stand, per metric id.

    Args:
        agreement: The agreement whose metrics the observations record.
        observations: The log, in input order.

    Returns:
        For every metric of the agreement, the observations that stand (each
        the last word on its ref, retractions gone) in input order: a
        corrected record sits where its last correction was. A stable sort by
        day then orders a day's records by input order.

    Raises:
        InvalidObservationsError: When any observation is malformed, records
            an unknown metric, or has value None without a ref; ``problems``
            holds one ``([index], message)`` pair per offending observation.
            A `TypeError` too when one of them is no `Observation` at all.
        TypeError: When *observations* is text, a path, a mapping or not
            iterable.
    """
    # The log as it came, per metric; the ref'd records are resolved after.
    # Plain lists of the observations themselves: a long log allocates
    # nothing per record here.
    observations = as_observations(observations)
    per_metric: dict[str, list[Observation]] = {m.id: [] for m in agreement.metrics}
    with_refs: set[str] = set()
    problems: list[tuple[str, str]] = []
    for position, observation in enumerate(observations):
        # The common case, a well-formed record of a known metric, is checked
        # inline (decimal_problem's checks, unrolled): this loop is the cost
        # of evaluating a long log.
        if type(observation) is Observation:
            metric = observation.metric
            value = observation.value
            ref = observation.ref
            if (
                type(metric) is str
                and (bucket := per_metric.get(metric)) is not None
                and type(observation.at) is dt.date
            ):
                if type(value) is Decimal:
                    if (
                        value.is_finite()
                        and value.copy_abs() < LIMIT
                        and (
                            value.same_quantum(_UNITS)
                            or value.same_quantum(_CENTS)
                            or -MAX_PLACES <= value.as_tuple().exponent <= MAX_EXPONENT  # type: ignore[operator]
                        )
                    ):
                        if ref is None:
                            bucket.append(observation)
                            continue
                        if type(ref) is str:
                            bucket.append(observation)
                            with_refs.add(metric)
                            continue
                elif value is None and type(ref) is str:
                    bucket.append(observation)
                    with_refs.add(metric)
                    continue
        # Subclasses of the types above are fine: only a problem is one.
        problem = _problem(observation, per_metric.keys())
        if problem:
            problems.append(
                (f"[{position}]", problem)
                if isinstance(observation, Observation)
                else type_problem(f"[{position}]", problem)
            )
        else:
            per_metric[observation.metric].append(observation)
            if observation.ref is not None:
                with_refs.add(observation.metric)
    if problems:
        raise raised(InvalidObservationsError, problems)
    for metric in with_refs:
        per_metric[metric] = _last_words(per_metric[metric])
    return per_metric


def _last_words(records: list[Observation]) -> list[Observation]:
    """Keep, of each ref, its last record (unless it retracts), in its place."""
    seen: set[str] = set()
    kept: list[Observation] = []
    # From the end, the first record of a ref met is its last word.
    for observation in reversed(records):
        ref = observation.ref
        if ref is not None:
            if ref in seen:
                continue
            seen.add(ref)
            if observation.value is None:
                continue
        kept.append(observation)
    kept.reverse()
    return kept


def _problem(observation: object, metrics: Iterable[str]) -> str:
    """Say everything that is wrong with *observation*, in one message."""
    if not isinstance(observation, Observation):
        return not_an_observation(observation)
    found: list[str] = []
    if not isinstance(observation.metric, str):
        found.append(
            f"metric: expected a metric id, got {described(observation.metric)}"
        )
    elif observation.metric not in metrics:
        known = ", ".join(repr(m) for m in sorted(metrics)) or "none"
        found.append(
            f"unknown metric {observation.metric!r}"
            + did_you_mean(observation.metric, sorted(metrics), repr)
            + f" (the agreement's metrics: {known})"
        )
    at = observation.at
    if not isinstance(at, dt.date) or isinstance(at, dt.datetime):
        found.append(f"at: {day_problem(at)}")
    if observation.ref is not None and not isinstance(observation.ref, str):
        found.append(
            f"ref: expected a string or None, got {described(observation.ref)}"
        )
    if observation.value is None:
        if observation.ref is None:
            found.append(NO_REF)
    elif (problem := decimal_problem(observation.value)) is not None:
        found.append(f"value: {problem}")
    return "; ".join(found)
