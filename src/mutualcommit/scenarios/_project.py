"""`project`: simulate the rest of the term many times and summarise each window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from mutualcommit.errors import ArgumentError, also_type_error
from mutualcommit.kpi import ObservationIndex
from mutualcommit.kpi._index import first_days
from mutualcommit.model import Aggregation, Agreement, Observation
from mutualcommit.model._arguments import (
    as_agreement,
    as_day,
    as_observations,
    shown,
)

from ._assumptions import Assumptions, Distribution, Fixed, Poisson, as_assumptions
from ._results import Projection
from ._simulation import LEVELS, Model
from ._summaries import pay, summarise

__all__ = ["DEFAULT_PERCENTILES", "MAX_SIMULATED_VALUES", "project"]

#: The percentiles a projection reports unless told otherwise.
DEFAULT_PERCENTILES = (5, 10, 25, 50, 75, 90, 95)

#: The most final actuals a projection simulates: ``runs`` times the windows
#: it projects (each distinct window of a metric, under each ``where``,
#: counted once). Each takes about 30 bytes while the projection runs, so
#: the bound holds a projection to about 1.5 GB: a million runs of an
#: agreement with 50 windows, ten thousand of one with 5,000.
MAX_SIMULATED_VALUES = 50_000_000


def project(
    agreement: Agreement,
    observations: Iterable[Observation],
    *,
    as_of: dt.date,
    assumptions: Assumptions | None = None,
    baseline: Agreement | None = None,
    runs: int = 10_000,
    seed: int | str = 0,
    percentiles: Sequence[int] = DEFAULT_PERCENTILES,
) -> Projection:
    """Project every goal, contribution and incentive of *agreement* past *as_of*.

    The observations up to *as_of* are where each window stands; the
    *assumptions* (or, for a metric they leave out, its observed run rate)
    say what the rest of the term adds. Each of *runs* simulated futures
    ends every window with a final actual; the projection reports, per
    window, their mean and percentiles, the share of runs in which the
    window is met and the mean attainment, and per incentive what it pays.

    A projection is an estimate: it computes in floats, and nothing it
    produces is written back into an agreement. The same inputs and *seed*
    give the same projection.

    Args:
        agreement: The agreement, or a variant of it.
        observations: The log, in input order (read once).
        as_of: The last day observed (its end); the future starts the day
            after.
        assumptions: The rates and drivers; None: every rate observed.
        baseline: The agreement the observations were recorded under.
            Drivers add the effect of the funding *agreement* has beyond
            *baseline* (``k * (funding - baseline's funding) / 1000``): the
            observed run rate already holds today's funding. None: all of
            the funding counts, as when the given rates leave it out.
        runs: How many futures to simulate (at least 1, and at most
            `MAX_SIMULATED_VALUES` over the number of windows projected).
        seed: The seed of the pseudo-random draws (an int or a str).
        percentiles: The percentiles to report, ints in 0..100.

    Returns:
        The projection.

    Raises:
        InvalidObservationsError: When an observation is invalid for
            *agreement* (as `evaluate` raises it).
        ArgumentError: Naming the argument: when the assumptions name a
            metric or contribution the agreement lacks, give a COUNT metric
            a rate that can draw below 0 (a count never falls), a driver
            moves a level other than LAST (MEAN, MIN, MAX, a percentile, a
            computed measure), or *runs* or *percentiles* are out of range
            (*runs* times the windows projected above
            `MAX_SIMULATED_VALUES` too, before anything is drawn); a
            `TypeError` too when *agreement* or *baseline* is not an
            `Agreement`, *assumptions* not `Assumptions`, *as_of* not a
            `datetime.date`, *runs* not an int, *seed* not an int or a
            str, *percentiles* not a sequence of ints (``(50,)``, not
            ``50`` or ``"50"``), or *observations* is text, a path, a
            mapping or not iterable (read a file with `load_observations`
            first).
    """
    agreement = as_agreement("agreement", agreement)
    as_of = as_day("as_of", as_of)
    if assumptions is not None:
        as_assumptions("assumptions", assumptions)
    if baseline is not None:
        as_agreement("baseline", baseline)
    if isinstance(runs, bool) or not isinstance(runs, int) or runs < 1:
        msg = f"runs is a positive int, got {runs!r}"
        if isinstance(runs, bool) or not isinstance(runs, int):
            raise also_type_error(ArgumentError)(msg, "runs")
        raise ArgumentError(msg, "runs")
    if isinstance(seed, bool) or not isinstance(seed, int | str):
        msg = f"seed is an int or a str, got {type(seed).__name__} {seed!r}"
        raise also_type_error(ArgumentError)(msg, "seed")
    wanted = _percentile_set(percentiles)
    assumptions = Assumptions() if assumptions is None else assumptions
    _check_assumptions(agreement, assumptions)
    log = as_observations(observations)
    index = ObservationIndex(agreement, log)
    scorecard = index.evaluate(as_of=as_of)
    model = Model(
        agreement,
        index,
        assumptions,
        baseline=baseline,
        as_of=as_of,
        runs=runs,
        seed=seed,
        first_seen=_first_seen(agreement, index),
    )
    plans = [
        model.plan(result) for result in (*scorecard.goals, *scorecard.contributions)
    ]
    rewards = [
        reward
        for incentive in agreement.incentives
        if (reward := model.reward(incentive, scorecard)) is not None
    ]
    _check_size(runs, model.windows())
    model.simulate()
    targets = [summarise(model, plan, wanted) for plan in plans]
    return Projection(
        agreement=agreement,
        as_of=as_of,
        runs=runs,
        seed=seed,
        percentiles=wanted,
        goals=tuple(t for t in targets if t.goal is not None),
        contributions=tuple(t for t in targets if t.goal is None),
        incentives=tuple(pay(model, reward, wanted) for reward in rewards),
        basis=tuple(model.bases),
    )


def _check_size(runs: int, windows: int) -> None:
    values = runs * windows
    if values > MAX_SIMULATED_VALUES:
        most = MAX_SIMULATED_VALUES // windows
        msg = (
            f"runs={runs} would simulate {values:,} final actuals ({windows:,} "
            f"windows in {runs:,} futures), more than the "
            f"{MAX_SIMULATED_VALUES:,} a projection holds "
            "(mutualcommit.scenarios.MAX_SIMULATED_VALUES, about 1.5 GB of "
            f"memory); pass runs={most} or fewer for this agreement"
        )
        raise ArgumentError(msg, "runs")


def _percentile_set(percentiles: Sequence[int]) -> tuple[int, ...]:
    expected = "percentiles is a sequence of ints in 0..100"
    if isinstance(percentiles, str | bytes):
        # Text, which a loop would read digit by digit ("50": the 5th and
        # the 0th).
        msg = f"{expected}, got {shown(percentiles)}: pass ints, as (50,)"
        raise also_type_error(ArgumentError)(msg, "percentiles")
    if isinstance(percentiles, int):
        msg = f"{expected}, got {shown(percentiles)}: pass ({percentiles!r},)"
        raise also_type_error(ArgumentError)(msg, "percentiles")
    if isinstance(percentiles, Mapping) or not isinstance(percentiles, Iterable):
        msg = f"{expected}, got {shown(percentiles)}"
        raise also_type_error(ArgumentError)(msg, "percentiles")
    given = tuple(percentiles)
    for i, q in enumerate(given):
        if isinstance(q, bool) or not isinstance(q, int):
            msg = f"{expected}, got {shown(q)} among {given!r}"
            raise also_type_error(ArgumentError)(msg, f"percentiles[{i}]")
    for i, q in enumerate(given):
        if not 0 <= q <= 100:  # noqa: PLR2004
            msg = f"percentiles are ints in 0..100, got {given!r}"
            raise ArgumentError(msg, f"percentiles[{i}]")
    return tuple(sorted(set(given)))


def _check_assumptions(agreement: Agreement, assumptions: Assumptions) -> None:
    metrics = {metric.id: metric for metric in agreement.metrics}
    contributions = {c.id for c in agreement.contributions}
    problems = []
    for metric_id, rate in assumptions.rates.items():
        metric = metrics.get(metric_id)
        if metric is None:
            problems.append(f"rates: unknown metric {metric_id!r}")
        elif metric.aggregation is Aggregation.COUNT and _least(rate) < 0:
            problems.append(
                f"rates[{metric_id!r}]: metric {metric_id!r} counts events, "
                f"which never fall, so its rate is never negative, got {rate!r}"
            )
    for i, driver in enumerate(assumptions.drivers):
        if driver.contribution not in contributions:
            problems.append(
                f"drivers[{i}]: unknown contribution {driver.contribution!r}"
            )
        metric = metrics.get(driver.metric)
        if metric is None:
            problems.append(f"drivers[{i}]: unknown metric {driver.metric!r}")
        elif metric.aggregation in LEVELS:
            problems.append(
                f"drivers[{i}]: metric {driver.metric!r} aggregates by "
                f"{metric.aggregation.value}; a driver moves a flow (sum, count) "
                "or a last level"
            )
    funds = {a.id for a in agreement.allocations if a.fund is not None}
    problems.extend(
        f"fund_utilisation: no fund {allocation!r}"
        for allocation in assumptions.fund_utilisation
        if allocation not in funds
    )
    if problems:
        msg = f"the assumptions do not fit agreement {agreement.id}: " + "; ".join(
            problems
        )
        raise ArgumentError(msg, "assumptions")


def _least(rate: Distribution) -> float:
    """The least value *rate* can draw."""
    if isinstance(rate, Fixed):
        return rate.value
    if isinstance(rate, Poisson):
        return 0.0
    return rate.low


def _first_seen(agreement: Agreement, index: ObservationIndex) -> dict[str, dt.date]:
    """The day each metric's history starts: its first observation.

    Of the log as resolved (as `evaluate` reads it): a retracted record
    never started a history, a corrected one starts it where the
    correction dates it. A computed measure (a ratio, OTIF, lead time, a
    forecast measure) is never observed itself: its history starts once
    every metric it is computed from has been recorded.
    """
    first = first_days(index)
    for metric in agreement.metrics:
        sources = metric.sources
        if sources and all(source in first for source in sources):
            first[metric.id] = max(first[source] for source in sources)
    return first
