"""Observations as a log: validation and the records that stand.

A log is read once, in input order. Two records with the same non-None
``ref`` on the same metric are one record: the later wins, in the later
one's place, and a later record with value None retracts the ref. What
stands is grouped per metric, in input order, for the index to sort.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from itertools import compress, count, islice, repeat
from operator import is_, le

from mutualcommit.errors import InvalidObservationsError
from mutualcommit.model import Agreement, Observation, decimal_context, decimal_problem

__all__ = ["Columns", "standing_columns", "standing_records"]

#: A metric's standing records as columns, ordered by day then input order:
#: ``(days, values, dims)``. Shared by the index's series: never mutated.
Columns = tuple[list[dt.date], list[Decimal], list[Mapping[str, str]]]

#: decimal_problem's bounds: magnitude below 10^15, at most 12 places.
_LIMIT = Decimal(10) ** 15
_PLACES = 12
# Reading a Decimal's exponent (as_tuple) costs more than the rest of the
# checks together; comparing it with the commonest exponents, of whole
# numbers and of cents, is cheap and settles most values.
_UNITS = Decimal(1)
_CENTS = Decimal("0.01")

#: The bounds of a whole column at once: the exact sum of the magnitudes is
#: finite when every value is, its exponent is the least exponent of the
#: values (an exact sum keeps the finest quantum), and it bounds every
#: magnitude. Any doubt (a signal, a sum too large) sends the log to the
#: per-record checks, which name every problem.
_CHECK = decimal.Context(
    prec=80,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=decimal_context().Emin,
    Emax=decimal_context().Emax,
    traps=[
        decimal.InvalidOperation,
        decimal.DivisionByZero,
        decimal.Overflow,
        decimal.Inexact,
        decimal.Rounded,
    ],
)
_ZERO = Decimal(0)
_COPY_ABS = Decimal.copy_abs

# A metric's log as it came, a column per field: days, values, refs, dims.
_Group = tuple[
    list[dt.date], list[Decimal | None], list[object], list[Mapping[str, str]]
]
_Appenders = tuple[
    Callable[[dt.date], None],
    Callable[[Decimal | None], None],
    Callable[[object], None],
    Callable[[Mapping[str, str]], None],
]


def standing_columns(
    agreement: Agreement, observations: Iterable[Observation]
) -> dict[str, Columns]:
    """Validate *observations* and return the records that stand, per metric id.

    The same records as `standing_records`, as columns ordered by day (a
    day's records in input order). A log of well-formed records is checked
    a column at a time; any doubt sends it through `standing_records`, which
    reports every problem.

    Raises:
        InvalidObservationsError: As `standing_records`.
    """
    log = observations if isinstance(observations, list | tuple) else list(observations)
    columns = _fast_columns(agreement, log)
    if columns is None:
        records = standing_records(agreement, log)
        columns = {metric: _columns(group) for metric, group in records.items()}
    return columns


def _columns(records: list[Observation]) -> Columns:
    days = [r.at for r in records]
    values: list[Decimal] = [r.value for r in records]  # type: ignore[misc]
    dims = [r.dims for r in records]
    return _by_day(days, values, dims)


def _by_day(
    days: list[dt.date], values: list[Decimal], dims: list[Mapping[str, str]]
) -> Columns:
    # Logs mostly come in day order: check before sorting (stable: a day's
    # records stay in input order, which LAST's ties need).
    if not all(map(le, days, islice(days, 1, None))):
        order = sorted(range(len(days)), key=days.__getitem__)
        days = [days[i] for i in order]
        values = [values[i] for i in order]
        dims = [dims[i] for i in order]
    return days, values, dims


def _fast_columns(
    agreement: Agreement, log: Iterable[object]
) -> dict[str, Columns] | None:
    """Return the standing columns of a well-formed log, or None when in doubt."""
    groups: dict[str, _Group] = {}
    appenders: dict[str, _Appenders] = {}
    for known in agreement.metrics:
        group: _Group = ([], [], [], [])
        groups[known.id] = group
        appenders[known.id] = (
            group[0].append,
            group[1].append,
            group[2].append,
            group[3].append,
        )
    get = appenders.get
    date_type: type = dt.date
    # One pass, only what a column cannot check: the record's, metric's and
    # day's types (a datetime is no date here).
    for observation in log:
        if type(observation) is not Observation:
            return None
        metric = observation.metric
        at = observation.at
        if (
            type(metric) is not str
            or type(at) is not date_type
            or (add := get(metric)) is None
        ):
            return None
        add[0](at)
        add[1](observation.value)
        add[2](observation.ref)
        add[3](observation.dims)
    result: dict[str, Columns] = {}
    for metric_id, (days, values, refs, dims) in groups.items():
        columns = _check_group(days, values, refs, dims)
        if columns is None:
            return None
        result[metric_id] = columns
    return result


def _check_group(
    days: list[dt.date],
    values: list[Decimal | None],
    refs: list[object],
    dims: list[Mapping[str, str]],
) -> Columns | None:
    """Check one metric's columns, resolve its refs and order it by day."""
    if not days:
        return days, [], dims
    ref_types = set(map(type, refs))
    if not ref_types <= {str, type(None)}:
        return None
    present: list[Decimal] = values  # type: ignore[assignment]
    retractions = False
    try:
        with decimal.localcontext(_CHECK):
            # copy_abs takes a Decimal only: an int, a float or a None (a
            # retraction) is refused. (``None in values`` would compare each
            # Decimal with None: slower than the sum.)
            total = sum(map(_COPY_ABS, present), _ZERO)
    except TypeError:
        if type(None) not in set(map(type, values)):
            return None
        if None in compress(refs, map(is_, values, repeat(None))):
            return None  # a value None without a ref
        retractions = True
        present = [v for v in values if v is not None]
        try:
            with decimal.localcontext(_CHECK):
                total = sum(map(_COPY_ABS, present), _ZERO)
        except (TypeError, ArithmeticError):
            return None
    except ArithmeticError:
        return None
    if not total.is_finite() or total.as_tuple().exponent < -_PLACES:  # type: ignore[operator]
        return None
    if total >= _LIMIT and not (
        max(present) < _LIMIT and min(present) > -_LIMIT
    ):  # pragma: no cover - a sum that large is rare
        return None
    refs_count = len(refs) - refs.count(None)
    if refs_count and (
        retractions or len(set(refs)) - (refs_count < len(refs)) < refs_count
    ):
        # Duplicate refs or retractions: the last word on each ref stands,
        # in its place.
        last = dict(zip(refs, count()))
        keep = [
            i
            for i, ref in enumerate(refs)
            if (ref is None or last[ref] == i) and values[i] is not None
        ]
        days = [days[i] for i in keep]
        present = [values[i] for i in keep]  # type: ignore[misc]
        dims = [dims[i] for i in keep]
    return _by_day(days, present, dims)


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
    """
    # The log as it came, per metric; the ref'd records are resolved after.
    # Plain lists of the observations themselves: a long log allocates
    # nothing per record here.
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
                        and -_LIMIT < value < _LIMIT
                        and (
                            value.same_quantum(_UNITS)
                            or value.same_quantum(_CENTS)
                            or value.as_tuple().exponent >= -_PLACES  # type: ignore[operator]
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
            problems.append((f"[{position}]", problem))
        else:
            per_metric[observation.metric].append(observation)
            if observation.ref is not None:
                with_refs.add(observation.metric)
    if problems:
        raise InvalidObservationsError(problems)
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
        return f"expected an Observation, got {type(observation).__name__}"
    found: list[str] = []
    if not isinstance(observation.metric, str):
        found.append(f"metric: expected a metric id, got {observation.metric!r}")
    elif observation.metric not in metrics:
        known = ", ".join(repr(m) for m in sorted(metrics)) or "none"
        found.append(
            f"unknown metric {observation.metric!r} (the agreement's metrics: {known})"
        )
    at = observation.at
    if not isinstance(at, dt.date) or isinstance(at, dt.datetime):
        found.append(f"at: expected a date, got {type(at).__name__} {at!r}")
    if observation.ref is not None and not isinstance(observation.ref, str):
        found.append(f"ref: expected a string or None, got {observation.ref!r}")
    if observation.value is None:
        if observation.ref is None:
            found.append("value None retracts a record by its ref, and there is no ref")
    elif (problem := decimal_problem(observation.value)) is not None:
        found.append(f"value: {problem}")
    return "; ".join(found)
