"""Laws of KPI evaluation that hold for every agreement and log (hypothesis)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import attrs
from hypothesis import example, given
from hypothesis import strategies as st

from mutualcommit.calendar import fiscal_period_of
from mutualcommit.kpi import (
    Observation,
    ObservationIndex,
    Standing,
    evaluate,
    evaluate_series,
)
from mutualcommit.model import (
    Aggregation,
    Agreement,
    Contribution,
    ContributionKind,
    Direction,
    FiscalCalendar,
    Goal,
    Metric,
    Party,
    Period,
    Role,
    Step,
    Target,
)
from mutualcommit.testing.strategies import agreements, observations

#: The aggregations of observed metrics (computed ones need other metrics).
_OBSERVED = [
    a for a in Aggregation if not a.is_computed and a is not Aggregation.PERCENTILE
]

D = Decimal
_DAY = dt.timedelta(days=1)

as_of_days = st.dates(dt.date(2023, 6, 1), dt.date(2029, 6, 30))
calendars = st.builds(
    FiscalCalendar,
    start_month=st.integers(1, 12),
    naming=st.sampled_from(["end", "start"]),
)
terms = st.tuples(
    st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31)), st.integers(0, 1100)
).map(lambda t: (t[0], t[0] + dt.timedelta(days=t[1])))
positive = st.decimals(min_value=D("0.01"), max_value=D(10**9), places=2)
signed = st.decimals(min_value=D(-(10**9)), max_value=D(10**9), places=2)


def single(
    target: Target,
    aggregation: Aggregation,
    start: dt.date = dt.date(2026, 1, 1),
    end: dt.date = dt.date(2026, 12, 31),
    calendar: FiscalCalendar | None = None,
) -> Agreement:
    """An agreement with one metric ``m`` and one goal ``g`` on *target*."""
    return Agreement(
        id="law",
        title="Law",
        parties=(Party(id="v", name="V", role=Role.VENDOR),),
        start=start,
        end=end,
        currency="EUR",
        fiscal_calendar=calendar or FiscalCalendar(),
        metrics=(Metric(id="m", name="M", unit="count", aggregation=aggregation),),
        goals=(Goal(id="g", title="G", target=target),),
    )


@st.composite
def agreements_and_logs(draw: st.DrawFn) -> tuple[Agreement, list[Observation]]:
    """Any agreement of the public strategies, and a log for it."""
    # Allocations, incentives, clauses and reviews play no part in a
    # scorecard: leaving them out keeps generation fast.
    agreement = draw(
        agreements(
            max_parties=3,
            max_metrics=3,
            max_goals=3,
            max_contributions=3,
            max_allocations=0,
            max_incentives=0,
            max_clauses=0,
            max_reviews=0,
        )
    )
    return agreement, draw(observations(agreement))


_AMOUNTS = st.sampled_from([D(0), D(1), D(2), D(5), D("2.5"), D(10), D(90), D(-3)])
_DIMS = st.sampled_from(
    [{}, {"party": "v"}, {"party": "p"}, {"party": "p", "region": "emea"}]
)


@st.composite
def _kpi_target(draw: st.DrawFn, start: dt.date, end: dt.date) -> Target:
    per = draw(st.sampled_from(list(Period)))
    days = (end - start).days
    due = None
    if per is Period.TERM and draw(st.booleans()):
        due = start + dt.timedelta(days=draw(st.integers(-5, days + 5)))
    step_days = draw(st.lists(st.integers(-30, days), max_size=3, unique=True))
    return Target(
        metric=draw(st.sampled_from(["m0", "m1", "m2"])),
        value=draw(_AMOUNTS),
        direction=draw(st.sampled_from(list(Direction))),
        per=per,
        baseline=draw(st.none() | _AMOUNTS),
        due=due,
        steps=tuple(
            Step(starting=start + dt.timedelta(days=d), value=draw(_AMOUNTS))
            for d in sorted(step_days)
        ),
        where=draw(_DIMS),
    )


@st.composite
def small_cases(draw: st.DrawFn) -> tuple[Agreement, list[Observation]]:
    """A small agreement built for the KPI edge cases, and a log for it.

    Three metrics of any aggregation, goals and pledges of both sides on
    targets of any period, direction, ramp, baseline, due date and filter;
    the log has refs from a small pool (corrections), retractions, and
    records before, inside and after the term.
    """
    start, end = draw(terms.filter(lambda t: (t[1] - t[0]).days < 800))
    metrics = tuple(
        Metric(
            id=f"m{i}",
            name=f"M{i}",
            unit="count",
            aggregation=draw(st.sampled_from(_OBSERVED)),
        )
        for i in range(3)
    )
    goals = tuple(
        Goal(
            id=f"g{i}",
            title="G",
            weight=draw(st.sampled_from([D(0), D(1), D(2)])),
            target=draw(st.none() | _kpi_target(start, end)),
        )
        for i in range(draw(st.integers(0, 3)))
    )
    contributions = tuple(
        Contribution(
            id=f"c{i}",
            party=draw(st.sampled_from(["v", "p"])),
            title="C",
            kind=ContributionKind.OTHER,
            target=draw(st.none() | _kpi_target(start, end)),
        )
        for i in range(draw(st.integers(0, 2)))
    )
    agreement = Agreement(
        id="case",
        title="Case",
        parties=(
            Party(id="v", name="V", role=Role.VENDOR),
            Party(id="p", name="P", role=Role.PARTNER),
        ),
        start=start,
        end=end,
        currency="EUR",
        fiscal_calendar=draw(calendars),
        metrics=metrics,
        goals=goals,
        contributions=contributions,
    )
    span = (end - start).days

    @st.composite
    def one(draw: st.DrawFn) -> Observation:
        ref = draw(st.none() | st.sampled_from(["R1", "R2", "R3"]))
        retract = ref is not None and draw(st.integers(0, 4)) == 0
        return Observation(
            metric=draw(st.sampled_from(["m0", "m1", "m2"])),
            at=start + dt.timedelta(days=draw(st.integers(-20, span + 20))),
            value=None if retract else draw(_AMOUNTS),
            ref=ref,
            dims=draw(_DIMS),
        )

    return agreement, draw(st.lists(one(), max_size=25))


class TestAttainmentMonotone:
    """More actual never lowers AT_LEAST attainment nor raises AT_MOST attainment."""

    @given(
        value=positive,
        small=positive,
        extra=st.decimals(min_value=0, max_value=D(10**9), places=2),
        per=st.sampled_from(list(Period)),
        aggregation=st.sampled_from(_OBSERVED),
        direction=st.sampled_from(list(Direction)),
        as_of=st.dates(dt.date(2026, 1, 1), dt.date(2027, 1, 31)),
    )
    def test_monotone(
        self,
        value: Decimal,
        small: Decimal,
        extra: Decimal,
        per: Period,
        aggregation: Aggregation,
        direction: Direction,
        as_of: dt.date,
    ) -> None:
        """One reading of *small* against one of *small + extra* on the same day."""
        agreement = single(
            Target(metric="m", value=value, direction=direction, per=per), aggregation
        )
        at = dt.date(2026, 1, 1)
        low, high = (
            evaluate(agreement, [Observation(metric="m", at=at, value=v)], as_of=as_of)
            .goal("g")
            .windows[0]
            for v in (small, small + extra)
        )

        if aggregation is Aggregation.COUNT:
            assert low.attainment == high.attainment
        elif direction is Direction.AT_LEAST:
            assert low.attainment is not None
            assert high.attainment is not None
            assert low.attainment <= high.attainment
        else:
            assert low.attainment is not None
            assert high.attainment is not None
            assert low.attainment >= high.attainment

    @given(
        value=signed,
        small=signed,
        extra=st.decimals(min_value=0, max_value=D(10**9), places=2),
        per=st.sampled_from(list(Period)),
        aggregation=st.sampled_from(_OBSERVED),
        direction=st.sampled_from(list(Direction)),
        as_of=st.dates(dt.date(2026, 1, 1), dt.date(2027, 1, 31)),
    )
    @example(
        # A loss limit: a margin of -7000 reads 5000 / 7000, of -100 50, of 0
        # None (no loss at all); -7000 / -5000 = 1.4 read as more than -100.
        value=D(-5000),
        small=D(-7000),
        extra=D(6900),
        per=Period.QUARTER,
        aggregation=Aggregation.SUM,
        direction=Direction.AT_LEAST,
        as_of=dt.date(2026, 4, 1),
    )
    def test_monotone_whatever_the_signs(
        self,
        value: Decimal,
        small: Decimal,
        extra: Decimal,
        per: Period,
        aggregation: Aggregation,
        direction: Direction,
        as_of: dt.date,
    ) -> None:
        """As above, for targets and readings of any sign; None (better than any ratio) ranks above every ratio."""
        agreement = single(
            Target(metric="m", value=value, direction=direction, per=per), aggregation
        )
        at = dt.date(2026, 1, 1)
        low, high = (
            _ranked(
                evaluate(
                    agreement, [Observation(metric="m", at=at, value=v)], as_of=as_of
                )
                .goal("g")
                .windows[0]
                .attainment
            )
            for v in (small, small + extra)
        )

        if aggregation is Aggregation.COUNT:
            assert low == high
        elif direction is Direction.AT_LEAST:
            assert low <= high
        else:
            assert low >= high


def _ranked(attainment: Decimal | None) -> Decimal:
    """An attainment, None (the best result, which no ratio says) as infinity."""
    return D("Infinity") if attainment is None else attainment


class TestAttainmentFollowsTheComparison:
    """Whatever the signs of target and actual, the ratios say what the comparison says.

    A closed window is met exactly when its attainment is 1 or more, or None
    (at or past 0 where the target is not: better than any ratio says), and
    then its pace is 1 or more too; an open window judged by pace is on track
    exactly when its actual is at least (AT_LEAST) or at most (AT_MOST)
    its expected level, with the default bands.
    """

    @given(data=small_cases() | agreements_and_logs(), as_of=as_of_days)
    @example(
        # A loss limit: -7000 against at least -5000 a quarter read 140 %
        # missed, 0 met 0 %, and -100 of an expected -4185 off track.
        data=(
            single(
                Target(
                    metric="m",
                    value=D(-5000),
                    direction=Direction.AT_LEAST,
                    per=Period.QUARTER,
                ),
                Aggregation.SUM,
            ),
            [
                Observation(metric="m", at=dt.date(2026, 2, 10), value=D(-7000)),
                Observation(metric="m", at=dt.date(2026, 8, 10), value=D(-100)),
            ],
        ),
        as_of=dt.date(2026, 9, 15),
    )
    def test_met_and_on_track(
        self, data: tuple[Agreement, list[Observation]], as_of: dt.date
    ) -> None:
        """Met ⇔ attainment ≥ 1 (or None) ⇔ pace ≥ 1 once closed; on track ⇔ ahead of expected while open."""
        agreement, log = data

        card = evaluate(agreement, log, as_of=as_of)

        for result in card.goals + card.contributions:
            at_least = result.target.direction is Direction.AT_LEAST
            for window in result.windows:
                if window.actual is None or window.pace is None:
                    continue  # no data, or not started
                if window.closed:
                    met = window.standing is Standing.MET
                    attainment = window.attainment
                    assert met == (attainment is None or attainment >= 1)
                    assert met == (window.pace >= 1)
                    continue
                if window.standing not in _PACED:
                    continue  # met or missed before it closes
                gap = window.actual - window.expected
                if abs(gap) <= abs(window.expected) * D("1e-25"):
                    continue  # on the expected level but for its rounding
                ahead = gap > 0 if at_least else gap < 0
                assert ahead == (window.pace >= 1)
                assert ahead == (window.standing is Standing.ON_TRACK)


_PACED = frozenset(
    {Standing.ON_TRACK, Standing.EARLY, Standing.AT_RISK, Standing.OFF_TRACK}
)


class TestAfterAsOf:
    """Observations dated after as_of change nothing."""

    @given(data=small_cases(), as_of=as_of_days, later=st.data())
    def test_later_records_change_nothing(
        self,
        data: tuple[Agreement, list[Observation]],
        as_of: dt.date,
        later: st.DataObject,
    ) -> None:
        """Copies of records moved after as_of (no ref, or a ref of their own) leave the scorecard equal."""
        agreement, log = data
        extra = later.draw(st.lists(st.sampled_from(log), max_size=10)) if log else []
        future = [
            attrs.evolve(
                o,
                at=as_of + dt.timedelta(days=1 + i % 40),
                value=D(1) if o.value is None else o.value,
                ref=None if o.ref is None else f"future-{i}",
            )
            for i, o in enumerate(extra)
        ]

        assert evaluate(agreement, log, as_of=as_of) == evaluate(
            agreement, log + future, as_of=as_of
        )


@st.composite
def signed_sums(draw: st.DrawFn) -> tuple[Agreement, list[Observation], dt.date]:
    """A SUM of either direction, 10 a quarter, signed records in 2026 and a day of Q1."""
    direction = draw(st.sampled_from(list(Direction)))
    target = Target(metric="m", value=D(10), direction=direction, per=Period.QUARTER)
    records = draw(
        st.lists(
            st.tuples(st.integers(0, 100), st.sampled_from([-6, -3, 4, 7, 12])),
            min_size=2,
            max_size=6,
        )
    )
    log = [
        Observation(metric="m", at=dt.date(2026, 1, 1) + d * _DAY, value=D(v))
        for d, v in records
    ]
    as_of = dt.date(2026, 1, 1) + draw(st.integers(20, 88)) * _DAY
    return single(target, Aggregation.SUM), log, as_of


class TestEarlyStandingHolds:
    """A window met or missed before it closes stays so, whatever more records like those seen come."""

    @given(
        data=st.tuples(small_cases(), as_of_days).map(lambda t: (*t[0], t[1]))
        | signed_sums(),
        times=st.integers(1, 8),
    )
    @example(
        # 20 - 5 = 15 of at least 10 on 15 January: another refund of 5
        # leaves 10, two leave 5.
        data=(
            single(
                Target(
                    metric="m",
                    value=D(10),
                    direction=Direction.AT_LEAST,
                    per=Period.QUARTER,
                ),
                Aggregation.SUM,
            ),
            [
                Observation(metric="m", at=dt.date(2026, 1, 5), value=D(-5)),
                Observation(metric="m", at=dt.date(2026, 1, 10), value=D(20)),
            ],
            dt.date(2026, 1, 15),
        ),
        times=2,
    )
    def test_more_of_the_same(
        self, data: tuple[Agreement, list[Observation], dt.date], times: int
    ) -> None:
        """Copies of the records standing at as_of, dated up to a settled window's end, leave it as it was.

        A sum met early whose records had included a refund is taken back by
        a copy of the refund: such a window is judged by pace until it closes.
        """
        agreement, log, as_of = data
        seen = [o for o in log if o.at <= as_of]
        last = {(o.metric, o.ref): o for o in seen if o.ref is not None}
        standing = [
            o
            for o in seen
            if o.value is not None and (o.ref is None or last[o.metric, o.ref] is o)
        ]
        card = evaluate(agreement, seen, as_of=as_of)
        for i, result in enumerate(card.goals + card.contributions):
            window = result.current
            if window.closed or window.standing not in _SETTLED:
                continue
            # Each record seen, copied up to eight times: a refund seen once
            # may come again, and again.
            days = (window.end - as_of).days
            for record in dict.fromkeys(standing):
                more = [
                    attrs.evolve(record, at=as_of + k % days * _DAY + _DAY, ref=None)
                    for k in range(times)
                ]
                closed = evaluate(agreement, seen + more, as_of=window.end)
                again = (closed.goals + closed.contributions)[i]

                assert window.standing == again.window(window.label).standing


_SETTLED = frozenset({Standing.MET, Standing.MISSED})

#: Targets and record values of either sign, 0 and far past any target: a
#: record of a million either way flips any sum that can flip.
_SIGNED_TARGETS = st.sampled_from([D(-90), D(-10), D(-3), D(0), D(3), D(10), D(90)])
_SIGNED_VALUES = st.sampled_from(
    [D(-(10**6)), D(-120), D(-7), D(-3), D(0), D(2), D(5), D(12), D(10**6)]
)


@st.composite
def signed_targets(draw: st.DrawFn) -> tuple[Agreement, list[Observation], dt.date]:
    """One target of either sign and direction (stepping across 0 or not), signed records, a day of 2026."""
    per = draw(st.sampled_from([Period.MONTH, Period.QUARTER, Period.TERM]))
    steps: tuple[Step, ...] = ()
    if per is not Period.TERM and draw(st.booleans()):
        steps = (Step(starting=dt.date(2026, 7, 1), value=draw(_SIGNED_TARGETS)),)
    target = Target(
        metric="m",
        value=draw(_SIGNED_TARGETS),
        direction=draw(st.sampled_from(list(Direction))),
        per=per,
        steps=steps,
    )
    aggregation = draw(st.sampled_from(_OBSERVED))
    records = draw(st.lists(st.tuples(st.integers(0, 364), _SIGNED_VALUES), max_size=6))
    log = [
        Observation(metric="m", at=dt.date(2026, 1, 1) + d * _DAY, value=v)
        for d, v in records
    ]
    as_of = dt.date(2026, 1, 1) + draw(st.integers(0, 363)) * _DAY
    return single(target, aggregation), log, as_of


def _loss_limit() -> tuple[Agreement, list[Observation], dt.date]:
    """At least -90 a quarter with nothing booked by 10 January."""
    target = Target(
        metric="m", value=D(-90), direction=Direction.AT_LEAST, per=Period.QUARTER
    )
    return single(target, Aggregation.SUM), [], dt.date(2026, 1, 10)


class TestSettledMeansFinal:
    """A window met or missed before it closes stays so, whatever later records come.

    For every sign of target and record: a later record inside the window,
    any value, never turns it the other way once the window closes. The one
    exception is a SUM of a target above 0 settled while its records had
    only added, and a first negative record after that day (the documented
    refund nobody could foresee); a SUM's target at or below 0 (a loss
    limit, a break-even, a cut) is about negative records, and is never
    settled before its window closes.
    """

    @given(
        data=st.tuples(small_cases(), as_of_days).map(lambda t: (*t[0], t[1]))
        | signed_targets(),
        later=st.lists(
            st.tuples(st.integers(1, 400), _SIGNED_VALUES), min_size=1, max_size=4
        ),
    )
    # A loss limit stood met on 10 January, and a loss on 20 January missed it.
    @example(data=_loss_limit(), later=[(10, D(-7000))])
    # A cut of 90 stood missed on 10 January, and a credit note met it.
    @example(
        data=(
            single(
                Target(
                    metric="m",
                    value=D(-90),
                    direction=Direction.AT_MOST,
                    per=Period.QUARTER,
                ),
                Aggregation.SUM,
            ),
            [],
            dt.date(2026, 1, 10),
        ),
        later=[(10, D(-120))],
    )
    def test_later_records_never_flip_it(
        self,
        data: tuple[Agreement, list[Observation], dt.date],
        later: list[tuple[int, Decimal]],
    ) -> None:
        """Records of any sign after as_of, inside a settled window, leave its standing at the close."""
        agreement, log, as_of = data
        seen = [o for o in log if o.at <= as_of]
        aggregations = {m.id: m.aggregation for m in agreement.metrics}
        card = evaluate(agreement, seen, as_of=as_of)
        for i, result in enumerate(card.goals + card.contributions):
            window = result.current
            if window.closed or window.standing not in _SETTLED:
                continue
            target = result.target
            if (
                aggregations[target.metric] is Aggregation.SUM
                and window.target > 0
                and any(value < 0 for _, value in later)
            ):
                continue  # a first refund after the day it was settled
            # Selected by the target, dated from the day after as_of to the
            # window's last day.
            days = (window.end - as_of).days
            more = [
                Observation(
                    metric=target.metric,
                    at=as_of + (offset % days + 1) * _DAY,
                    value=value,
                    dims=dict(target.where),
                )
                for offset, value in later
            ]
            closed = evaluate(agreement, seen + more, as_of=window.end)
            again = (closed.goals + closed.contributions)[i]

            assert window.standing == again.window(window.label).standing


class TestDuplicates:
    """Feeding the same export twice changes nothing when every record has a ref."""

    @given(data=small_cases(), as_of=as_of_days)
    def test_idempotent(
        self, data: tuple[Agreement, list[Observation]], as_of: dt.date
    ) -> None:
        """Log + log evaluates as log."""
        agreement, log = data
        export = [
            o if o.ref is not None else attrs.evolve(o, ref=f"row-{i}")
            for i, o in enumerate(log)
        ]

        assert evaluate(agreement, export, as_of=as_of) == evaluate(
            agreement, export + export, as_of=as_of
        )


class TestSeries:
    """A series equals evaluating each date alone."""

    @given(
        data=small_cases() | agreements_and_logs(),
        dates=st.lists(as_of_days, max_size=6),
    )
    def test_series_equals_each_date(
        self, data: tuple[Agreement, list[Observation]], dates: list[dt.date]
    ) -> None:
        """evaluate_series(…, dates) == [evaluate(…, as_of=d) for d in dates]."""
        agreement, log = data

        assert [evaluate(agreement, log, as_of=d) for d in dates] == list(
            evaluate_series(agreement, log, dates)
        )


class TestScorecardShape:
    """Every scorecard counts each targeted goal once and scores within [0, 1]."""

    @given(data=small_cases() | agreements_and_logs(), as_of=as_of_days)
    def test_counts_and_overall(
        self, data: tuple[Agreement, list[Observation]], as_of: dt.date
    ) -> None:
        """The counts add up to the targeted goals; the overall score is None or in [0, 1]."""
        agreement, log = data

        card = evaluate(agreement, log, as_of=as_of)

        assert sum(1 for g in agreement.goals if g.target is not None) == sum(
            card.counts.values()
        )
        assert card.overall_attainment is None or 0 <= card.overall_attainment <= 1
        for result in card.goals + card.contributions:
            assert result.current in result.windows
            for window in result.windows:
                assert 0 <= window.elapsed <= 1


class TestPartition:
    """The windows of a period partition the term exactly."""

    @given(
        term=terms,
        calendar=calendars,
        per=st.sampled_from([Period.MONTH, Period.QUARTER, Period.YEAR]),
    )
    def test_partition(
        self, term: tuple[dt.date, dt.date], calendar: FiscalCalendar, per: Period
    ) -> None:
        """First starts at the start, last ends at the end, each starts the day after the previous ends."""
        start, end = term
        agreement = single(
            Target(metric="m", value=D(1), direction=Direction.AT_LEAST, per=per),
            Aggregation.SUM,
            start,
            end,
            calendar,
        )

        windows = evaluate(agreement, [], as_of=start).goal("g").windows

        assert (start, end) == (windows[0].start, windows[-1].end)
        for before, after in itertools.pairwise(windows):
            assert before.end + _DAY == after.start
        assert len({w.label for w in windows}) == len(windows)


class TestProRating:
    """The pro-rated targets of the windows that make up one fiscal year sum to the yearly target."""

    @given(
        calendar=calendars,
        year_day=st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31)),
        cuts=st.lists(st.integers(1, 364), max_size=4, unique=True),
        value=st.decimals(min_value=0, max_value=D(10**12), places=2),
        aggregation=st.sampled_from([Aggregation.SUM, Aggregation.COUNT]),
    )
    def test_year_cut_into_terms(
        self,
        calendar: FiscalCalendar,
        year_day: dt.date,
        cuts: list[int],
        value: Decimal,
        aggregation: Aggregation,
    ) -> None:
        """A fiscal year cut into consecutive terms: their clipped YEAR windows' targets add up to the year's."""
        year = fiscal_period_of(calendar, Period.YEAR, year_day)
        starts = [year.start, *sorted(year.start + dt.timedelta(days=c) for c in cuts)]
        ends = [s - _DAY for s in starts[1:]] + [year.end]
        target = Target(
            metric="m", value=value, direction=Direction.AT_LEAST, per=Period.YEAR
        )

        parts = [
            evaluate(single(target, aggregation, s, e, calendar), [], as_of=s)
            .goal("g")
            .windows
            for s, e in zip(starts, ends, strict=True)
        ]

        assert all(len(windows) == 1 for windows in parts)
        total = sum((windows[0].target for windows in parts), D(0))
        # Each pro-rated target is rounded once, to 28 significant digits.
        assert abs(total - value) <= len(parts) * (value + 1) * D("1e-27")

    @given(
        calendar=calendars,
        year_day=st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31)),
        value=positive,
        per=st.sampled_from([Period.MONTH, Period.QUARTER, Period.YEAR]),
    )
    def test_whole_periods_are_not_pro_rated(
        self, calendar: FiscalCalendar, year_day: dt.date, value: Decimal, per: Period
    ) -> None:
        """A term of one whole fiscal year: every window's target is the value itself."""
        year = fiscal_period_of(calendar, Period.YEAR, year_day)
        agreement = single(
            Target(metric="m", value=value, direction=Direction.AT_LEAST, per=per),
            Aggregation.SUM,
            year.start,
            year.end,
            calendar,
        )

        windows = evaluate(agreement, [], as_of=year.start).goal("g").windows

        assert {value} == {w.target for w in windows}


def _naive_actual(
    agreement: Agreement,
    log: list[Observation],
    metric: str,
    where: dict[str, str],
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
) -> Decimal | None:
    """SPEC §5's actual, computed the slow and obvious way."""
    by_ref: dict[str, tuple[int, Observation]] = {}
    plain: list[tuple[int, Observation]] = []
    for i, o in enumerate(log):
        if o.metric != metric:
            continue
        if o.ref is None:
            plain.append((i, o))
        else:
            by_ref[o.ref] = (i, o)
    standing = sorted(plain + [v for v in by_ref.values() if v[1].value is not None])
    counted = [
        o for _, o in standing if all(o.dims.get(k) == v for k, v in where.items())
    ]
    upper = min(end, as_of)
    aggregation = next(m.aggregation for m in agreement.metrics if m.id == metric)
    if aggregation is Aggregation.LAST:
        latest: Observation | None = None
        for o in counted:  # in input order: a later record wins a tie
            if o.at <= upper and (latest is None or o.at >= latest.at):
                latest = o
        return None if latest is None else latest.value
    values = [
        o.value for o in counted if start <= o.at <= upper and o.value is not None
    ]
    if aggregation is Aggregation.COUNT:
        return D(len(values))
    if aggregation is Aggregation.SUM:
        return sum(values, D(0))
    if not values:
        return None
    if aggregation is Aggregation.MEAN:
        return sum(values, D(0)) / len(values)
    return min(values) if aggregation is Aggregation.MIN else max(values)


class TestIndexActual:
    """The index's bisections agree with the obvious computation of an actual."""

    @given(data=small_cases(), query=st.data())
    def test_actual(
        self, data: tuple[Agreement, list[Observation]], query: st.DataObject
    ) -> None:
        """Any metric, where, range and as_of: index.actual == the naive actual."""
        agreement, log = data
        index = ObservationIndex(agreement, log)
        days = st.dates(
            agreement.start - dt.timedelta(days=30),
            agreement.end + dt.timedelta(days=30),
        )
        for _ in range(5):
            metric = query.draw(st.sampled_from([m.id for m in agreement.metrics]))
            where = query.draw(_DIMS)
            start, end = sorted((query.draw(days), query.draw(days)))
            as_of = query.draw(days)

            assert _naive_actual(agreement, log, metric, where, start, end, as_of) == (
                index.actual(metric, start, end, as_of=as_of, where=where)
            )
