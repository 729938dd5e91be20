"""Observations as a log: validation and the records that stand (SPEC §5).

A log is read once, in input order. Two records with the same non-None
``ref`` on the same metric are one record: the later wins, in the later
one's place, and a later record with value None retracts the ref. What
stands is grouped per metric, in input order, for the index to sort.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from mutualcommit.errors import InvalidObservationsError
from mutualcommit.model import Agreement, Observation, decimal_problem

__all__ = ["standing_records"]

#: decimal_problem's bounds: magnitude below 10^15, at most 12 places.
_LIMIT = Decimal(10) ** 15
_PLACES = 12
# Reading a Decimal's exponent (as_tuple) costs more than the rest of the
# checks together; comparing it with the commonest exponents, of whole
# numbers and of cents, is cheap and settles most values.
_UNITS = Decimal(1)
_CENTS = Decimal("0.01")


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
