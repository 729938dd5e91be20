"""The simulation: every stream's future, drawn column-wise.

A *stream* is one metric under one ``where``; a *slot* is a stretch of it
that a window (or an incentive's ``of`` actual) needs. For every stream the
simulation draws one column of values per stretch of the future, one value
per run, and a slot's final actual is its actual at ``as_of`` plus the
stretches it spans. Only slots still open at ``as_of`` draw anything, and a
Poisson count of a whole stretch is one draw.

Common random numbers: every draw comes from a generator of its own, seeded
from the projection's seed and what it draws (a stream's rate, drawn once
per run; a driver's effect; the Poisson count of one stretch of a stream,
and what funding adds to it), never from what another draw left of a
shared one. So a window draws the same in two scenarios unless they differ
in what it draws from, and a Poisson count, drawn by inversion, never falls
as its mean rises: their differences are the change's, not noise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from random import Random

from mutualcommit.kpi import IncentiveResult, ObservationIndex, Scorecard, TargetResult
from mutualcommit.model import Aggregation, Agreement, Incentive

from ._assumptions import Assumptions, Distribution, Driver, Poisson
from ._history import (
    SHORT_HISTORY_DAYS,
    Term,
    funding,
    observed_rate,
    observed_share,
)
from ._results import Basis, Caveat, Source
from ._sampling import draw, poisson_quantile, poisson_quantiles, uniforms

__all__ = ["LEVELS", "Model", "Plan", "Reward", "Slot", "Stream", "as_float"]

_DAY = dt.timedelta(days=1)
#: The levels a rate is the level of (not its change, as for LAST): MEAN,
#: MIN, MAX, a percentile and every computed measure (a ratio, OTIF, lead
#: time, the forecast measures).
LEVELS = frozenset(
    aggregation
    for aggregation in Aggregation
    if not aggregation.is_flow and aggregation is not Aggregation.LAST
)
_Column = list[float]
#: The characters that join a seed's parts, escaped in a filter's keys and
#: values: "%" first of all, so an escape is never read as one it is not.
_ESCAPES = str.maketrans({c: f"%{ord(c):02X}" for c in "%&=?|"})


def as_float(value: object) -> float | None:
    """A Decimal (or None) as a float (or None)."""
    return None if value is None else float(value)  # type: ignore[arg-type]


class Slot:
    """A stretch ``[start, end]`` of one stream: a window, and its final actuals."""

    __slots__ = ("caveats", "closed", "current", "end", "finals", "start")

    def __init__(
        self, start: dt.date, end: dt.date, current: float | None, *, closed: bool
    ) -> None:
        self.start = start
        self.end = end
        self.current = current
        self.closed = closed
        self.finals: list[float | None] | None = None
        #: The caveats of the basis an open slot was drawn on.
        self.caveats: tuple[Caveat, ...] = ()


class Stream:
    """One metric under one ``where``: the windows that need its future."""

    __slots__ = ("aggregation", "metric", "slots", "where")

    def __init__(
        self, metric: str, aggregation: Aggregation, where: Mapping[str, str]
    ) -> None:
        self.metric = metric
        self.aggregation = aggregation
        self.where = where
        self.slots: dict[tuple[dt.date, dt.date], Slot] = {}

    def slot(
        self, start: dt.date, end: dt.date, current: float | None, *, closed: bool
    ) -> Slot:
        found = self.slots.get((start, end))
        if found is None:
            found = self.slots[start, end] = Slot(start, end, current, closed=closed)
        return found

    @property
    def label(self) -> str:
        """The stream's name in the seeds: ``metric?key=value&key=value``.

        The characters that build it are escaped in keys and values, so
        two filters never share a name (``{"party": "globex&region=x"}``
        is not ``{"party": "globex", "region": "x"}``).
        """
        where = "&".join(
            f"{k.translate(_ESCAPES)}={v.translate(_ESCAPES)}"
            for k, v in sorted(self.where.items())
        )
        return f"{self.metric}?{where}" if where else self.metric


class Plan:
    """A target's windows and the slots that hold their final actuals."""

    __slots__ = ("result", "slots")

    def __init__(self, result: TargetResult, slots: list[Slot]) -> None:
        self.result = result
        self.slots = slots


class Reward:
    """An incentive, its basis's plan, what it has earned and its ``of`` slots."""

    __slots__ = ("earned", "incentive", "of", "plan")

    def __init__(
        self,
        incentive: Incentive,
        plan: Plan,
        earned: IncentiveResult,
        of: dict[str, list[Slot]],
    ) -> None:
        self.incentive = incentive
        self.plan = plan
        self.earned = earned
        self.of = of


class Model:
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
        self.streams: dict[tuple[str, frozenset[tuple[str, str]]], Stream] = {}
        self.bases: list[Basis] = []
        self._effects: dict[Driver, list[float]] = {}
        self._funding: dict[tuple[str, dt.date, dt.date], float] = {}

    # -- Registering what needs a future ----------------------------------

    def _stream(self, metric: str, where: Mapping[str, str]) -> Stream:
        key = (metric, frozenset(where.items()))
        stream = self.streams.get(key)
        if stream is None:
            aggregation = self.metrics[metric].aggregation
            stream = self.streams[key] = Stream(metric, aggregation, where)
        return stream

    def plan(self, result: TargetResult) -> Plan:
        """Register the windows of *result* and return its plan."""
        stream = self._stream(result.target.metric, result.target.where)
        return Plan(
            result,
            [
                stream.slot(w.start, w.end, as_float(w.actual), closed=w.closed)
                for w in result.windows
            ],
        )

    def reward(self, incentive: Incentive, scorecard: Scorecard) -> Reward | None:
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
        of: dict[str, list[Slot]] = {}
        where = basis.target.where
        for tier in incentive.tiers:
            if tier.of is None or tier.of in of:
                continue
            stream = self._stream(tier.of, where)
            of[tier.of] = [
                stream.slot(
                    w.start,
                    w.end,
                    as_float(
                        self.index.actual(
                            tier.of, w.start, w.end, as_of=self.as_of, where=where
                        )
                    ),
                    closed=w.closed,
                )
                for w in basis.windows
            ]
        return Reward(incentive, plan, scorecard.incentive(incentive.id), of)

    def windows(self) -> int:
        """Return how many windows the registered plans project (each once)."""
        return sum(len(stream.slots) for stream in self.streams.values())

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

    def _resolve(
        self, stream: Stream
    ) -> tuple[Distribution | None, float, tuple[Caveat, ...]]:
        """Find the stream's rate, share and caveats, and record its basis."""
        assumptions = self.assumptions
        metric = stream.metric
        aggregation = stream.aggregation
        first = self.first_seen.get(metric)
        since: dt.date | None = None
        if first is not None and first <= self.as_of:
            # A lookback longer than the history starts at its first
            # observation; compared in days, as a date that far back may be
            # before the calendar's first (``lookback_days=1_000_000``).
            history = (self.as_of - first).days + 1
            since = (
                first
                if assumptions.lookback_days >= history
                else self.as_of - dt.timedelta(days=assumptions.lookback_days - 1)
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
        caveats: tuple[Caveat, ...] = ()
        read = source is Source.OBSERVED or (flow and bool(stream.where))
        if (
            read
            and since is not None
            and (self.as_of - since).days + 1 < SHORT_HISTORY_DAYS
        ):
            caveats = (Caveat.SHORT_HISTORY,)
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
                caveats=caveats,
            )
        )
        return rate, share, caveats

    def _simulate(self, stream: Stream, opened: list[Slot]) -> None:
        rate, share, caveats = self._resolve(stream)
        for slot in opened:
            slot.caveats = caveats
        drivers = [d for d in self.assumptions.drivers if d.metric == stream.metric]
        rng = Random(f"{self.seed}|{stream.label}")  # noqa: S311 - a simulation
        runs = self.runs
        if stream.aggregation in LEVELS:
            self._levels(stream.aggregation, opened, rate, rng, self._bounds(stream))
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
        added = self._added(stream, spans, rate, drivers, share, rng)
        for slot, more in zip(opened, added, strict=True):
            base = slot.current
            if base is None:
                base = 0.0  # a level with no reading yet starts from nothing
            slot.finals = [base + x for x in more]

    def _bounds(self, stream: Stream) -> tuple[float, float] | None:
        """The range a share's level stays in: OTIF is 0 to 1, or to 100 in percent."""
        if stream.aggregation is not Aggregation.OTIF:
            return None
        top = 100.0 if self.metrics[stream.metric].unit == "percent" else 1.0
        return (0.0, top)

    def _levels(
        self,
        aggregation: Aggregation,
        opened: list[Slot],
        rate: Distribution | None,
        rng: Random,
        bounds: tuple[float, float] | None = None,
    ) -> None:
        runs = self.runs
        if rate is None:
            for slot in opened:
                slot.finals = [slot.current] * runs
            return
        levels = draw(rate, rng, runs)
        if bounds is not None:
            # A share drawn from a symmetric spread may leave its range: no
            # more than every order, nor fewer than none, is on time.
            low, high = bounds
            levels = [min(high, max(low, x)) for x in levels]
        for slot in opened:
            current = slot.current
            if current is None:
                slot.finals = list(levels)
            elif aggregation is Aggregation.MIN:
                slot.finals = [min(current, x) for x in levels]
            elif aggregation is Aggregation.MAX:
                slot.finals = [max(current, x) for x in levels]
            else:
                # MEAN, and as it the other levels (a percentile, a ratio,
                # OTIF, lead time, the forecast measures): the window's value
                # so far and the level drawn for the rest, weighted by days,
                # as if the records came as evenly as days do.
                past = (self.as_of - slot.start).days + 1
                weight = past / ((slot.end - slot.start).days + 1)
                slot.finals = [current * weight + x * (1 - weight) for x in levels]

    def _added(
        self,
        stream: Stream,
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
            return self._counts(stream, spans, rate, effects, share)
        rates = None if rate is None else draw(rate, rng, runs)
        added: list[_Column] = []
        for start, end in spans:
            length = self.term.exposure(per, start, end)
            column = [0.0] * runs if rates is None else [r * length for r in rates]
            moved = False
            for effect, contribution in effects:
                money = self._delta(contribution, start, end) * share / 1000
                if money:
                    moved = True
                    column = [
                        x + k * money for x, k in zip(column, effect, strict=True)
                    ]
            if moved and stream.aggregation is Aggregation.COUNT:
                # A count never falls: funding cut below the baseline's (or
                # a driver that takes away) stops at adding nothing.
                column = [x if x > 0 else 0.0 for x in column]
            added.append(column)
        return added

    def _counts(
        self,
        stream: Stream,
        spans: list[tuple[dt.date, dt.date]],
        rate: Poisson,
        effects: list[tuple[list[float], str]],
        share: float,
    ) -> list[_Column]:
        """Draw the Poisson counts of the spans, each stretch from its own generator.

        A flow's span (the rest of a window) is one stretch: what other
        windows the stream has cuts nothing from it. A level's spans all
        start tomorrow, so they are cut into the stretches between their
        ends, and each span adds those it covers.
        """
        if stream.aggregation is not Aggregation.LAST:
            counts = {
                span: self._stretch(stream, span, rate, effects, share)
                for span in spans
            }
            return [[float(n) for n in counts[span]] for span in spans]
        first = self.as_of + _DAY
        totals: dict[dt.date, list[int]] = {}
        running = [0] * self.runs
        for end in sorted({end for _, end in spans}):
            if first <= end:
                more = self._stretch(stream, (first, end), rate, effects, share)
                running = [n + m for n, m in zip(running, more, strict=True)]
                first = end + _DAY
            totals[end] = running
        return [[float(n) for n in totals[end]] for _, end in spans]

    def _stretch(
        self,
        stream: Stream,
        span: tuple[dt.date, dt.date],
        rate: Poisson,
        effects: list[tuple[list[float], str]],
        share: float,
    ) -> list[int]:
        """Draw the Poisson count of ``[start, end]`` of *stream* in each run.

        Its uniform draws come from a generator of its own, seeded from the
        seed, the stream and the stretch's days: the count of a stretch is
        the same whatever else the projection draws, and never falls as its
        mean rises. What the drivers' funding adds, when it adds, is a count
        of its own (Poisson(mean + extra) is Poisson(mean) + Poisson(extra)),
        from another generator of its own; funding cut below the baseline's
        lowers the mean of the stretch's own draw.
        """
        start, end = span
        runs = self.runs
        key = f"{self.seed}|{stream.label}|{start.isoformat()}|{end.isoformat()}"
        draws = uniforms(Random(key), runs)  # noqa: S311 - a simulation
        mean = rate.rate * self.term.exposure(self.assumptions.per, start, end)
        counts = poisson_quantiles(draws, mean)
        moneys = [
            (effect, money)
            for effect, contribution in effects
            if (money := self._delta(contribution, start, end) * share / 1000)
        ]
        if not moneys:
            return counts
        extras = [0.0] * runs
        for effect, money in moneys:
            extras = [x + k * money for x, k in zip(extras, effect, strict=True)]
        more = uniforms(Random(f"{key}|funding"), runs)  # noqa: S311 - a simulation
        return [
            n + poisson_quantile(v, x) if x >= 0 else poisson_quantile(u, mean + x)
            for n, u, v, x in zip(counts, draws, more, extras, strict=True)
        ]

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
                self.agreement,
                contribution,
                start,
                end,
                self.assumptions.fund_utilisation,
            ) - funding(self.baseline, contribution, start, end)
        return delta
