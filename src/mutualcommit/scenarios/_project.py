"""`project`: simulate the rest of the term many times and summarise each window.

The simulation is column-wise: for every metric (under each ``where`` its
targets use) it draws one column of values per stretch of the future, one
value per run, and a window's final actual is its actual at ``as_of`` plus
the stretches it spans. Only windows still open at ``as_of`` draw anything,
and a Poisson count of a whole stretch is one draw. Each metric and each
driver draws from its own generator, seeded from the projection's seed and
its name: two scenarios that differ in one metric draw the others alike
(common random numbers), so their differences are the change's, not noise.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from random import Random

from mutualcommit.kpi import (
    IncentiveResult,
    ObservationIndex,
    Scorecard,
    Standing,
    TargetResult,
)
from mutualcommit.model import (
    Aggregation,
    Agreement,
    Direction,
    Incentive,
    Observation,
)

from ._assumptions import Assumptions, Distribution, Driver, Poisson
from ._history import Term, funding, observed_rate, observed_share
from ._results import (
    Basis,
    IncentiveProjection,
    IncentiveWindowProjection,
    Projection,
    Source,
    TargetProjection,
    WindowProjection,
)
from ._sampling import draw, poisson_column, poisson_columns

__all__ = ["DEFAULT_PERCENTILES", "project"]

#: The percentiles a projection reports unless told otherwise.
DEFAULT_PERCENTILES = (5, 10, 25, 50, 75, 90, 95)

_DAY = dt.timedelta(days=1)
_LEVELS = frozenset({Aggregation.MEAN, Aggregation.MIN, Aggregation.MAX})
_Column = list[float]


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
        runs: How many futures to simulate (at least 1).
        seed: The seed of the pseudo-random draws (an int or a str).
        percentiles: The percentiles to report, ints in 0..100.

    Returns:
        The projection.

    Raises:
        InvalidObservationsError: When an observation is invalid for
            *agreement* (as `evaluate` raises it).
        ValueError: When the assumptions name a metric or contribution the
            agreement lacks, a driver moves a MEAN, MIN or MAX metric, or
            *runs* or *percentiles* are out of range.
        TypeError: When *as_of* is not a `datetime.date`, *seed* not an int
            or a str.
    """
    as_of = _day(as_of)
    if isinstance(runs, bool) or not isinstance(runs, int) or runs < 1:
        msg = f"runs is a positive int, got {runs!r}"
        raise ValueError(msg)
    if isinstance(seed, bool) or not isinstance(seed, int | str):
        msg = f"seed is an int or a str, got {type(seed).__name__} {seed!r}"
        raise TypeError(msg)
    wanted = _percentile_set(percentiles)
    assumptions = Assumptions() if assumptions is None else assumptions
    _check_assumptions(agreement, assumptions)
    log = observations if isinstance(observations, list | tuple) else list(observations)
    index = ObservationIndex(agreement, log)
    scorecard = index.evaluate(as_of=as_of)
    model = _Model(
        agreement,
        index,
        assumptions,
        baseline=baseline,
        as_of=as_of,
        runs=runs,
        seed=seed,
        first_seen=_first_seen(log),
    )
    plans = [
        model.plan(result) for result in (*scorecard.goals, *scorecard.contributions)
    ]
    rewards = [
        reward
        for incentive in agreement.incentives
        if (reward := model.reward(incentive, scorecard)) is not None
    ]
    model.simulate()
    targets = [model.summarise(plan, wanted) for plan in plans]
    return Projection(
        agreement=agreement,
        as_of=as_of,
        runs=runs,
        seed=seed,
        percentiles=wanted,
        goals=tuple(t for t in targets if t.goal is not None),
        contributions=tuple(t for t in targets if t.goal is None),
        incentives=tuple(model.pay(reward, wanted) for reward in rewards),
        basis=tuple(model.bases),
    )


def _day(value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        msg = f"as_of is a datetime.date, got {type(value).__name__} {value!r}"
        raise TypeError(msg)
    return value


def _percentile_set(percentiles: Sequence[int]) -> tuple[int, ...]:
    wanted = tuple(sorted(set(percentiles)))
    if any(
        isinstance(q, bool) or not isinstance(q, int) or not 0 <= q <= 100  # noqa: PLR2004
        for q in wanted
    ):
        msg = f"percentiles are ints in 0..100, got {tuple(percentiles)!r}"
        raise ValueError(msg)
    return wanted


def _check_assumptions(agreement: Agreement, assumptions: Assumptions) -> None:
    metrics = {metric.id: metric for metric in agreement.metrics}
    contributions = {c.id for c in agreement.contributions}
    problems = [
        f"rates: unknown metric {metric!r}"
        for metric in assumptions.rates
        if metric not in metrics
    ]
    for i, driver in enumerate(assumptions.drivers):
        if driver.contribution not in contributions:
            problems.append(
                f"drivers[{i}]: unknown contribution {driver.contribution!r}"
            )
        metric = metrics.get(driver.metric)
        if metric is None:
            problems.append(f"drivers[{i}]: unknown metric {driver.metric!r}")
        elif metric.aggregation in _LEVELS:
            problems.append(
                f"drivers[{i}]: metric {driver.metric!r} aggregates by "
                f"{metric.aggregation.value}; a driver moves a flow (sum, count) "
                "or a last level"
            )
    if problems:
        msg = f"the assumptions do not fit agreement {agreement.id}: " + "; ".join(
            problems
        )
        raise ValueError(msg)


def _first_seen(log: Iterable[Observation]) -> dict[str, dt.date]:
    """The day of each metric's first observation: where its history starts."""
    first: dict[str, dt.date] = {}
    for observation in log:
        if observation.value is None:
            continue
        seen = first.get(observation.metric)
        if seen is None or observation.at < seen:
            first[observation.metric] = observation.at
    return first


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


class _Slot:
    """A stretch ``[start, end]`` of one stream: a window, and its final actuals."""

    __slots__ = ("closed", "current", "end", "finals", "start")

    def __init__(
        self, start: dt.date, end: dt.date, current: float | None, *, closed: bool
    ) -> None:
        self.start = start
        self.end = end
        self.current = current
        self.closed = closed
        self.finals: list[float | None] | None = None


class _Stream:
    """One metric under one ``where``: the windows that need its future."""

    __slots__ = ("aggregation", "metric", "slots", "where")

    def __init__(
        self, metric: str, aggregation: Aggregation, where: Mapping[str, str]
    ) -> None:
        self.metric = metric
        self.aggregation = aggregation
        self.where = where
        self.slots: dict[tuple[dt.date, dt.date], _Slot] = {}

    def slot(
        self, start: dt.date, end: dt.date, current: float | None, *, closed: bool
    ) -> _Slot:
        found = self.slots.get((start, end))
        if found is None:
            found = self.slots[start, end] = _Slot(start, end, current, closed=closed)
        return found

    @property
    def label(self) -> str:
        where = "&".join(f"{k}={v}" for k, v in sorted(self.where.items()))
        return f"{self.metric}?{where}" if where else self.metric


class _Plan:
    """A target's windows and the slots that hold their final actuals."""

    __slots__ = ("result", "slots")

    def __init__(self, result: TargetResult, slots: list[_Slot]) -> None:
        self.result = result
        self.slots = slots


class _Reward:
    """An incentive, its basis's plan, what it has earned and its ``of`` slots."""

    __slots__ = ("earned", "incentive", "of", "plan")

    def __init__(
        self,
        incentive: Incentive,
        plan: _Plan,
        earned: IncentiveResult,
        of: dict[str, list[_Slot]],
    ) -> None:
        self.incentive = incentive
        self.plan = plan
        self.earned = earned
        self.of = of


class _Model:
    """The streams of one projection, their draws and their summaries."""

    def __init__(
        self,
        agreement: Agreement,
        index: ObservationIndex,
        assumptions: Assumptions,
        *,
        baseline: Agreement | None,
        as_of: dt.date,
        runs: int,
        seed: int | str,
        first_seen: Mapping[str, dt.date],
    ) -> None:
        self.agreement = agreement
        self.index = index
        self.assumptions = assumptions
        self.baseline = baseline
        self.as_of = as_of
        self.runs = runs
        self.seed = seed
        self.first_seen = first_seen
        self.term = Term(agreement)
        self.metrics = {metric.id: metric for metric in agreement.metrics}
        self.streams: dict[tuple[str, frozenset[tuple[str, str]]], _Stream] = {}
        self.bases: list[Basis] = []
        self._effects: dict[Driver, list[float]] = {}
        self._funding: dict[tuple[str, dt.date, dt.date], float] = {}

    # -- Registering what needs a future ----------------------------------

    def _stream(self, metric: str, where: Mapping[str, str]) -> _Stream:
        key = (metric, frozenset(where.items()))
        stream = self.streams.get(key)
        if stream is None:
            aggregation = self.metrics[metric].aggregation
            stream = self.streams[key] = _Stream(metric, aggregation, where)
        return stream

    def plan(self, result: TargetResult) -> _Plan:
        """Register the windows of *result* and return its plan."""
        stream = self._stream(result.target.metric, result.target.where)
        return _Plan(
            result,
            [
                stream.slot(w.start, w.end, _float(w.actual), closed=w.closed)
                for w in result.windows
            ],
        )

    def reward(self, incentive: Incentive, scorecard: Scorecard) -> _Reward | None:
        """Register what *incentive* needs; None when its basis has no target."""
        if incentive.goal is not None:
            results = {r.goal: r for r in scorecard.goals}
            basis = results.get(incentive.goal)
        else:
            results = {r.contribution: r for r in scorecard.contributions}
            basis = results.get(incentive.contribution)
        if basis is None:
            return None
        plan = self.plan(basis)
        of: dict[str, list[_Slot]] = {}
        where = basis.target.where
        for tier in incentive.tiers:
            if tier.of is None or tier.of in of:
                continue
            stream = self._stream(tier.of, where)
            of[tier.of] = [
                stream.slot(
                    w.start,
                    w.end,
                    _float(
                        self.index.actual(
                            tier.of, w.start, w.end, as_of=self.as_of, where=where
                        )
                    ),
                    closed=w.closed,
                )
                for w in basis.windows
            ]
        return _Reward(incentive, plan, scorecard.incentive(incentive.id), of)

    # -- Drawing ----------------------------------------------------------

    def simulate(self) -> None:
        """Draw every stream's future and fill every slot's final actuals."""
        for stream in self.streams.values():
            opened = [slot for slot in stream.slots.values() if not slot.closed]
            for slot in stream.slots.values():
                if slot.closed:
                    slot.finals = [slot.current] * self.runs
            if opened:
                self._simulate(stream, opened)

    def _resolve(self, stream: _Stream) -> tuple[Distribution | None, float]:
        """Find the stream's rate and share, and record its basis."""
        assumptions = self.assumptions
        metric = stream.metric
        aggregation = stream.aggregation
        first = self.first_seen.get(metric)
        since: dt.date | None = None
        if first is not None and first <= self.as_of:
            since = max(
                first, self.as_of - dt.timedelta(days=assumptions.lookback_days - 1)
            )
        flow = aggregation.is_flow
        share = (
            observed_share(
                self.index, metric, stream.where, since=since, as_of=self.as_of
            )
            if flow
            else 1.0
        )
        given = assumptions.rates.get(metric)
        rate: Distribution | None
        if given is not None:
            rate = given.scaled(share) if flow and share != 1.0 else given
            source = Source.GIVEN
        else:
            rate = observed_rate(
                self.index,
                metric,
                aggregation,
                stream.where,
                term=self.term,
                per=assumptions.per,
                since=since,
                as_of=self.as_of,
            )
            source = Source.NONE if rate is None else Source.OBSERVED
        self.bases.append(
            Basis(
                metric=metric,
                where=stream.where,
                rate=rate,
                per=assumptions.per,
                source=source,
                since=since,
                share=share,
                drivers=tuple(d for d in assumptions.drivers if d.metric == metric),
            )
        )
        return rate, share

    def _simulate(self, stream: _Stream, opened: list[_Slot]) -> None:
        rate, share = self._resolve(stream)
        drivers = [d for d in self.assumptions.drivers if d.metric == stream.metric]
        rng = Random(f"{self.seed}|{stream.label}")  # noqa: S311 - a simulation
        runs = self.runs
        if stream.aggregation in _LEVELS:
            self._levels(stream.aggregation, opened, rate, rng)
            return
        if rate is None and not drivers:
            for slot in opened:
                slot.finals = [slot.current] * runs
            return
        last = stream.aggregation is Aggregation.LAST
        first = self.as_of + _DAY
        # A flow's window adds from its own start; a level carries on from
        # today's reading, whenever the window starts.
        spans = [
            (first if last else max(slot.start, first), slot.end) for slot in opened
        ]
        added = self._added(spans, rate, drivers, share, rng)
        for slot, more in zip(opened, added, strict=True):
            base = slot.current
            if base is None:
                base = 0.0  # a level with no reading yet starts from nothing
            slot.finals = [base + x for x in more]

    def _levels(
        self,
        aggregation: Aggregation,
        opened: list[_Slot],
        rate: Distribution | None,
        rng: Random,
    ) -> None:
        runs = self.runs
        if rate is None:
            for slot in opened:
                slot.finals = [slot.current] * runs
            return
        levels = draw(rate, rng, runs)
        for slot in opened:
            current = slot.current
            if current is None:
                slot.finals = list(levels)
            elif aggregation is Aggregation.MEAN:
                # Readings are assumed to come as evenly as days do.
                past = (self.as_of - slot.start).days + 1
                weight = past / ((slot.end - slot.start).days + 1)
                slot.finals = [current * weight + x * (1 - weight) for x in levels]
            elif aggregation is Aggregation.MIN:
                slot.finals = [min(current, x) for x in levels]
            else:
                slot.finals = [max(current, x) for x in levels]

    def _added(
        self,
        spans: list[tuple[dt.date, dt.date]],
        rate: Distribution | None,
        drivers: list[Driver],
        share: float,
        rng: Random,
    ) -> list[_Column]:
        """Return, per span, what the rate and the drivers add to it in each run."""
        runs = self.runs
        per = self.assumptions.per
        effects = [(self._effect(d), d.contribution) for d in drivers]
        if isinstance(rate, Poisson):
            return self._counts(spans, rate, effects, share, rng)
        rates = None if rate is None else draw(rate, rng, runs)
        added: list[_Column] = []
        for start, end in spans:
            length = self.term.exposure(per, start, end)
            column = [0.0] * runs if rates is None else [r * length for r in rates]
            for effect, contribution in effects:
                money = self._delta(contribution, start, end) * share / 1000
                if money:
                    column = [
                        x + k * money for x, k in zip(column, effect, strict=True)
                    ]
            added.append(column)
        return added

    def _counts(
        self,
        spans: list[tuple[dt.date, dt.date]],
        rate: Poisson,
        effects: list[tuple[list[float], str]],
        share: float,
        rng: Random,
    ) -> list[_Column]:
        """Draw Poisson counts once per stretch between the spans' ends."""
        runs = self.runs
        per = self.assumptions.per
        cuts = sorted({a for a, _ in spans} | {b + _DAY for _, b in spans})
        stretches = [(a, b - _DAY) for a, b in pairwise(cuts)]
        covered = [any(s <= a and b <= e for s, e in spans) for a, b in stretches]
        columns: list[_Column | list[int]] = []
        for (start, end), needed in zip(stretches, covered, strict=True):
            if not needed:
                columns.append([])
                continue
            mean = rate.rate * self.term.exposure(per, start, end)
            moneys = [
                (effect, money)
                for effect, contribution in effects
                if (money := self._delta(contribution, start, end) * share / 1000)
            ]
            if not moneys:
                columns.append(poisson_column(rng, mean, runs))
                continue
            extras = [0.0] * runs
            for effect, money in moneys:
                extras = [x + k * money for x, k in zip(extras, effect, strict=True)]
            if min(extras) >= 0:
                # Poisson(mean + extra) is Poisson(mean) + Poisson(extra): the
                # fixed part draws from a table, only the extra one by one.
                base = poisson_column(rng, mean, runs)
                more = poisson_columns(rng, extras)
                columns.append([n + m for n, m in zip(base, more, strict=True)])
            else:
                columns.append(poisson_columns(rng, [mean + x for x in extras]))
        added: list[_Column] = []
        for start, end in spans:
            i = cuts.index(start)
            j = cuts.index(end + _DAY)
            parts = columns[i:j]
            if len(parts) == 1:
                added.append([float(n) for n in parts[0]])
            else:
                added.append([float(sum(ns)) for ns in zip(*parts, strict=True)])
        return added

    def _effect(self, driver: Driver) -> list[float]:
        """The driver's *k* in each run: drawn once, from the driver's own seed."""
        effect = self._effects.get(driver)
        if effect is None:
            seed = f"{self.seed}|driver|{driver.contribution}|{driver.metric}"
            rng = Random(seed)  # noqa: S311 - a simulation, not a secret
            effect = self._effects[driver] = draw(driver.per_thousand, rng, self.runs)
        return effect

    def _delta(self, contribution: str, start: dt.date, end: dt.date) -> float:
        """The funding of *contribution* in ``[start, end]`` beyond the baseline's."""
        key = (contribution, start, end)
        delta = self._funding.get(key)
        if delta is None:
            delta = self._funding[key] = funding(
                self.agreement, contribution, start, end
            ) - funding(self.baseline, contribution, start, end)
        return delta

    # -- Summaries --------------------------------------------------------

    def summarise(self, plan: _Plan, wanted: tuple[int, ...]) -> TargetProjection:
        """Summarise the runs of *plan*'s windows."""
        result = plan.result
        at_least = result.target.direction is Direction.AT_LEAST
        runs = self.runs
        windows: list[WindowProjection] = []
        opened: list[list[bool]] = []
        for window, slot in zip(result.windows, plan.slots, strict=True):
            target = float(window.target)
            actual = _float(window.actual)
            if slot.closed:
                windows.append(
                    WindowProjection(
                        label=window.label,
                        start=window.start,
                        end=window.end,
                        target=target,
                        actual=actual,
                        closed=True,
                        mean=actual,
                        percentiles={}
                        if actual is None
                        else dict.fromkeys(wanted, actual),
                        probability=1.0 if window.standing is Standing.MET else 0.0,
                        attainment=_float(window.attainment),
                    )
                )
                continue
            finals = [f for f in slot.finals or () if f is not None]
            if at_least:
                met = [f >= target for f in finals]
                ratios = [f / target for f in finals] if target else []
            else:
                met = [f <= target for f in finals]
                ratios = [target / f for f in finals if f]
            met += [False] * (runs - len(met))
            opened.append(met)
            windows.append(
                WindowProjection(
                    label=window.label,
                    start=window.start,
                    end=window.end,
                    target=target,
                    actual=actual,
                    closed=False,
                    mean=_mean(finals),
                    percentiles=_percentiles(finals, wanted),
                    probability=sum(met) / runs,
                    attainment=_mean(ratios),
                )
            )
        probability = None
        if opened:
            probability = sum(map(all, zip(*opened, strict=True))) / runs
        return TargetProjection(
            goal=result.goal,
            contribution=result.contribution,
            party=result.party,
            target=result.target,
            aggregation=self.metrics[result.target.metric].aggregation,
            windows=tuple(windows),
            probability=probability,
        )

    def pay(self, reward: _Reward, wanted: tuple[int, ...]) -> IncentiveProjection:
        """Simulate what *reward*'s incentive pays, window by window, run by run.

        The rules of SPEC §5 (as ``evaluate_incentive`` applies them), in
        floats: a closed window's payout is the scorecard's, earned; every
        other window reaches the highest tier its final attainment allows
        and pays it, within what the cap leaves in window order.
        """
        incentive = reward.incentive
        result = reward.plan.result
        earned = reward.earned
        runs = self.runs
        tiers = incentive.tiers
        thresholds = [float(tier.threshold) for tier in tiers]
        top = len(tiers) - 1
        at_most = result.target.direction is Direction.AT_MOST
        cap = None if incentive.cap is None else float(incentive.cap.amount)
        paying = earned.unit is not None
        paid = [_float(earned.earned) or 0.0] * runs
        status: list[str | None] = [earned.status] * runs
        windows: list[IncentiveWindowProjection] = []
        for number, (window, slot) in enumerate(
            zip(result.windows, reward.plan.slots, strict=True)
        ):
            if slot.closed:
                reached = earned.windows[number].tier
                payout = _float(earned.windows[number].payout)
                counts = [0] * len(tiers)
                if reached is not None:
                    counts[reached] = runs
                windows.append(
                    _incentive_window(
                        window.label,
                        counts,
                        runs,
                        [payout or 0.0] * runs if paying else None,
                        wanted,
                        closed=True,
                    )
                )
                continue
            target = float(window.target)
            levels: list[int | None] = []
            for final in slot.finals or ():
                if final is None:
                    levels.append(None)
                    continue
                if at_most and final == 0 and target >= 0:
                    levels.append(top)
                    continue
                if at_most:
                    attainment = target / final
                elif target:
                    attainment = final / target
                else:
                    levels.append(None)
                    continue
                reached = bisect_right(thresholds, attainment) - 1
                levels.append(reached if reached >= 0 else None)
            counts = [0] * len(tiers)
            payouts: list[float] | None = [] if paying else None
            for run, level in enumerate(levels):
                if level is not None:
                    counts[level] += 1
                    tier = tiers[level]
                    if tier.status is not None:
                        status[run] = tier.status
                if payouts is None:
                    continue
                raw = 0.0
                if level is not None:
                    tier = tiers[level]
                    if tier.amount is not None:
                        raw = float(tier.amount.amount)
                    elif tier.rate is not None and tier.of is not None:
                        of = reward.of[tier.of][number].finals
                        actual = None if of is None else of[run]
                        raw = max(0.0, float(tier.rate) * (actual or 0.0))
                if cap is not None:
                    raw = min(raw, max(0.0, cap - paid[run]))
                paid[run] += raw
                payouts.append(raw)
            windows.append(
                _incentive_window(
                    window.label, counts, runs, payouts, wanted, closed=False
                )
            )
        statuses = {
            tier.status: sum(1 for s in status if s == tier.status) / runs
            for tier in tiers
            if tier.status is not None
        }
        return IncentiveProjection(
            incentive=incentive.id,
            unit=earned.unit,
            windows=tuple(windows),
            mean=_mean(paid) if paying else None,
            percentiles=_percentiles(paid, wanted) if paying else {},
            statuses=statuses,
        )


def _incentive_window(
    label: str,
    counts: list[int],
    runs: int,
    payouts: list[float] | None,
    wanted: tuple[int, ...],
    *,
    closed: bool,
) -> IncentiveWindowProjection:
    return IncentiveWindowProjection(
        label=label,
        closed=closed,
        tiers=tuple(count / runs for count in counts),
        none=(runs - sum(counts)) / runs,
        mean=None if payouts is None else _mean(payouts),
        percentiles={} if payouts is None else _percentiles(payouts, wanted),
    )


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _percentiles(values: Iterable[float], wanted: tuple[int, ...]) -> dict[int, float]:
    """Percentiles by linear interpolation between order statistics."""
    ordered = sorted(values)
    if not ordered:
        return {}
    last = len(ordered) - 1
    found: dict[int, float] = {}
    for q in wanted:
        position = q / 100 * last
        low = math.floor(position)
        high = min(low + 1, last)
        fraction = position - low
        found[q] = ordered[low] + (ordered[high] - ordered[low]) * fraction
    return found
