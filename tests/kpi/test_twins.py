"""Each fast path of the KPI evaluation against its plain twin.

The observation log is read by two paths: a column-at-a-time path for a
well-formed log, and a record-by-record path, taken whenever the fast one is
in doubt, that also names every problem. A log of `Observation` subclass
instances is as valid as any other but always takes the plain path (and so
do the computed measures that read it), so the two can be compared on the
same records.
"""

from __future__ import annotations

import datetime as dt
import pickle
import random
from decimal import Decimal

import attrs
from hypothesis import example, given
from hypothesis import strategies as st

from mutualcommit.kpi import (
    ObservationIndex,
    Standing,
    evaluate,
    evaluate_series,
    exceptions,
    receipt,
)
from mutualcommit.model import (
    Aggregation,
    Agreement,
    Direction,
    ExceptionCriterion,
    Goal,
    Metric,
    Observation,
    Party,
    Period,
    Role,
    Target,
)
from mutualcommit.testing.strategies import agreements, decimals, observations

from .conftest import END, START, build_one_goal, spelled


class _Plain(Observation):
    """An observation the fast path does not vouch for: it takes the plain one."""

    __slots__ = ()


def _plain(log: list[Observation]) -> list[Observation]:
    return [
        _Plain(metric=o.metric, at=o.at, value=o.value, ref=o.ref, dims=o.dims)
        for o in log
    ]


@st.composite
def _corrected_logs(draw: st.DrawFn) -> list[Observation]:
    """Logs on metric ``m`` whose refs repeat often: corrections and retractions."""
    size = draw(st.integers(1, 12))
    log = []
    for _ in range(size):
        ref = draw(st.sampled_from([None, "a", "b", "c"]))
        # A ref'd record retracts now and then; the rest carry values.
        retracts = ref is not None and draw(st.integers(0, 4)) == 0
        value = None if retracts else Decimal(draw(st.integers(-50, 1000)))
        day = START + dt.timedelta(days=draw(st.integers(0, 40)))
        log.append(Observation(metric="m", at=day, value=value, ref=ref))
    return log


class TestObservationReaders:
    """The fast and the plain observation readers give the same scorecards."""

    def test_later_ref_wins_on_both_paths(self) -> None:
        """A ref corrected from 1 to 5 and another retracted: 5 stands, on both."""
        agreement = build_one_goal("10")
        log = [
            Observation(metric="m", at=START, value=Decimal(1), ref="a"),
            Observation(metric="m", at=START, value=Decimal(2), ref="b"),
            Observation(metric="m", at=START, value=Decimal(5), ref="a"),
            Observation(metric="m", at=START, value=None, ref="b"),
        ]
        as_of = dt.date(2026, 12, 31)

        fast = evaluate(agreement, log, as_of=as_of)
        plain = evaluate(agreement, _plain(log), as_of=as_of)

        assert Decimal(5) == fast.goal("g").windows[0].actual
        assert fast == plain

    @given(
        log=_corrected_logs(),
        # The aggregations of a metric observed alone (a computed one reads
        # other metrics' records).
        aggregation=st.sampled_from(
            [
                a
                for a in Aggregation
                if not a.is_computed and a is not Aggregation.PERCENTILE
            ]
        ),
    )
    def test_corrections(
        self, log: list[Observation], aggregation: Aggregation
    ) -> None:
        """Repeated refs and retractions resolve alike, whatever the aggregation."""
        agreement = build_one_goal("10", aggregation=aggregation)
        as_of = dt.date(2026, 12, 31)

        assert evaluate(agreement, log, as_of=as_of) == evaluate(
            agreement, _plain(log), as_of=as_of
        )

    @given(data=st.data())
    def test_any_agreement(self, data: st.DataObject) -> None:
        """Generated agreements and logs: the two paths agree on every scorecard."""
        agreement: Agreement = data.draw(agreements())
        log = data.draw(observations(agreement))
        as_of = data.draw(st.dates(agreement.start, agreement.end))

        assert evaluate(agreement, log, as_of=as_of) == evaluate(
            agreement, _plain(log), as_of=as_of
        )


class TestWindowPaths:
    """Closed windows and the window each date is in, by their own functions, read as the general one's."""

    @given(data=st.data())
    def test_any_agreement_over_days(self, data: st.DataObject) -> None:
        """A series of generated days: equal scorecards, spelled alike (repr)."""
        agreement: Agreement = data.draw(agreements())
        log = data.draw(observations(agreement))
        days = data.draw(st.lists(st.dates(agreement.start, agreement.end), max_size=4))

        fast = evaluate_series(agreement, log, days)
        plain = evaluate_series(agreement, _plain(log), days)

        assert plain == fast
        assert spelled(plain) == spelled(fast)

    @given(
        values=st.lists(st.integers(0, 6), max_size=6),
        aggregation=st.sampled_from(
            [
                a
                for a in Aggregation
                if not a.is_computed and a is not Aggregation.PERCENTILE
            ]
        ),
        direction=st.sampled_from(Direction),
        baseline=st.sampled_from([None, "0", "4"]),
        offsets=st.lists(st.integers(-5, 370), max_size=6),
    )
    # Q1 sums to exactly its target of 10 (met); 2026-07-23 is day 23 of
    # Q3's 92, an elapsed share of exactly 0.25, with nothing in Q3 yet.
    @example(
        values=[5, 5],
        aggregation=Aggregation.SUM,
        direction=Direction.AT_LEAST,
        baseline=None,
        offsets=[203],
    )
    def test_ties(
        self,
        values: list[int],
        aggregation: Aggregation,
        direction: Direction,
        baseline: str | None,
        offsets: list[int],
    ) -> None:
        """Actuals on the target, shares on min_elapsed: both paths judge alike."""
        agreement = build_one_goal(
            "10",
            aggregation=aggregation,
            direction=direction,
            per=Period.QUARTER,
            baseline=baseline,
        )
        # A record a week from the start: small whole values, so that an
        # actual often lands on the target.
        log = [
            Observation(metric="m", at=START + dt.timedelta(weeks=k), value=Decimal(v))
            for k, v in enumerate(values)
        ]
        days = [START + dt.timedelta(days=n) for n in offsets]

        fast = evaluate_series(agreement, log, days)
        plain = evaluate_series(agreement, _plain(log), days)

        assert plain == fast
        assert spelled(plain) == spelled(fast)

    def test_a_closed_quarter_spelled_as_evaluated_at_its_end(self) -> None:
        """Q1 closed: actual 1.5 + 2.50 = 4.00 of 10, so 0.40 (missed), as at its last day."""
        agreement = build_one_goal("10", per=Period.QUARTER)
        log = [
            Observation(metric="m", at=START, value=Decimal("1.5")),
            Observation(metric="m", at=START, value=Decimal("2.50")),
        ]

        later = evaluate(agreement, log, as_of=dt.date(2026, 8, 1)).goal("g")
        at_end = evaluate(agreement, _plain(log), as_of=dt.date(2026, 3, 31))
        q1 = later.window("FY2026-Q1")

        assert q1 == at_end.goal("g").current
        assert ("4.00", "0.40", "0.40", "4.00") == (
            str(q1.actual),
            str(q1.attainment),
            str(q1.pace),
            str(q1.forecast),
        )
        assert (Standing.MISSED, True) == (q1.standing, q1.closed)

    def test_a_closed_level_paced_from_its_baseline(self) -> None:
        """MEAN at most 4.5 from 6.25: Q1 closed at (5 + 4) / 2 = 4.5 expects 6.25 + (4.5 - 6.25) = 4.50, pace 4.50 / 4.5 = 1.0, as at its last day."""
        agreement = build_one_goal(
            "4.5",
            aggregation=Aggregation.MEAN,
            direction=Direction.AT_MOST,
            per=Period.QUARTER,
            baseline="6.25",
        )
        log = [
            Observation(metric="m", at=dt.date(2026, 1, 10), value=Decimal(5)),
            Observation(metric="m", at=dt.date(2026, 2, 10), value=Decimal(4)),
        ]

        later = evaluate(agreement, log, as_of=dt.date(2026, 8, 1)).goal("g")
        at_end = evaluate(agreement, _plain(log), as_of=dt.date(2026, 3, 31))
        q1 = later.window("FY2026-Q1")

        assert repr(at_end.goal("g").current) == repr(q1)
        assert ("4.5", "4.50", "1.0", Standing.MET) == (
            str(q1.actual),
            str(q1.expected),
            str(q1.pace),
            q1.standing,
        )


@st.composite
def _crowded_logs(draw: st.DrawFn) -> list[Observation]:
    """Logs on metric ``m`` with many records a day, some corrected, in a region."""
    size = draw(st.integers(0, 60))
    log = []
    for _ in range(size):
        ref = draw(st.sampled_from([None, None, "a", "b"]))
        value = draw(st.integers(-50, 1000).map(Decimal) | st.decimals(-9, 9, places=3))
        # A few days, at the edges of quarters: many records share a day.
        day = draw(st.sampled_from([START, dt.date(2026, 3, 31), dt.date(2026, 4, 1)]))
        region = draw(st.sampled_from(["w", "e"]))
        log.append(Observation("m", day, value, ref=ref, dims={"region": region}))
    return log


class TestCrowdedDays:
    """Running sums taken a day at a time agree with those taken record by record."""

    @given(
        log=_crowded_logs(),
        aggregation=st.sampled_from([Aggregation.SUM, Aggregation.MEAN]),
        where=st.sampled_from([{}, {"region": "w"}]),
        per=st.sampled_from([Period.QUARTER, Period.TERM]),
        as_of=st.sampled_from([START, dt.date(2026, 3, 31), dt.date(2026, 12, 31)]),
    )
    def test_sums_and_means(
        self,
        log: list[Observation],
        aggregation: Aggregation,
        where: dict[str, str],
        per: Period,
        as_of: dt.date,
    ) -> None:
        """Equal scorecards and actuals, digit for digit, on both paths."""
        agreement = build_one_goal("10", aggregation=aggregation, per=per, where=where)
        fast = ObservationIndex(agreement, log)
        plain = ObservationIndex(agreement, _plain(log))

        assert fast.evaluate(as_of=as_of) == plain.evaluate(as_of=as_of)
        for start in (START, dt.date(2026, 3, 31), dt.date(2026, 4, 1)):
            end = max(start, as_of)  # a range not started by as_of when later
            got = fast.actual("m", start, end, as_of=as_of, where=where)
            wanted = plain.actual("m", start, end, as_of=as_of, where=where)
            # The same digits (and exponent), not only the same number.
            assert str(got) == str(wanted)

    def test_worked_case(self) -> None:
        """Ten records a day on two days: Q1 sums 1..10, the term adds 100."""
        day = dt.date(2026, 3, 31)
        log = [Observation("m", day, Decimal(n)) for n in range(1, 11)]
        log += [Observation("m", dt.date(2026, 4, 1), Decimal(10)) for _ in range(10)]
        agreement = build_one_goal("10", per=Period.QUARTER)

        index = ObservationIndex(agreement, log)

        assert Decimal(55) == index.actual("m", START, day, as_of=END)
        assert Decimal(155) == index.actual("m", START, END, as_of=END)
        assert Decimal(100) == index.actual("m", dt.date(2026, 4, 1), END, as_of=END)

    def test_a_lone_day_between_crowded_days(self) -> None:
        """1..9 on 03-30, 10 alone on 03-31, 11..16 on 04-01: Q1 sums 55, Q2 81, 03-31 alone 10.

        Sixteen records, every fifth of them on a crowded day: the days look
        few until the lone one between them is counted, and the sums are then
        taken record by record.
        """
        days = [dt.date(2026, 3, 30)] * 9 + [dt.date(2026, 3, 31)]
        days += [dt.date(2026, 4, 1)] * 6
        log = [Observation("m", at, Decimal(n)) for n, at in enumerate(days, 1)]
        q1_end = dt.date(2026, 3, 31)

        index = ObservationIndex(build_one_goal("10", per=Period.QUARTER), log)

        assert (Decimal(55), Decimal(81), Decimal(10)) == (
            index.actual("m", START, q1_end, as_of=END),
            index.actual("m", dt.date(2026, 4, 1), END, as_of=END),
            index.actual("m", q1_end, q1_end, as_of=END),
        )


class TestFirstWindowAsked:
    """A series' running sums reach as far as the first window asked, then to the end.

    A window's actual is the same, digit for digit, whichever call made the
    sums it reads.
    """

    @given(
        values=st.lists(
            st.tuples(st.integers(0, 364), decimals(max_places=4)), max_size=12
        ),
        aggregation=st.sampled_from([Aggregation.SUM, Aggregation.MEAN]),
        where=st.sampled_from([{}, {"party": "p"}]),
        days=st.lists(
            st.tuples(st.integers(0, 364), st.integers(0, 364)), min_size=1, max_size=4
        ),
    )
    @example(
        # 1.5 before the window, 2 in it: the running sums spell Q2's 2 as 2.0.
        values=[(10, Decimal("1.5")), (100, Decimal(2))],
        aggregation=Aggregation.SUM,
        where={},
        days=[(91, 180)],
    )
    def test_same_digits_whichever_answers(
        self,
        values: list[tuple[int, Decimal]],
        aggregation: Aggregation,
        where: dict[str, str],
        days: list[tuple[int, int]],
    ) -> None:
        """Each window's actual asked first, or after others, has the same digits and exponent."""
        agreement = build_one_goal("10", aggregation=aggregation, where=where)
        log = [
            Observation(
                "m",
                START + dt.timedelta(days=day),
                value,
                dims={"party": "p" if day % 2 else "v"},
            )
            for day, value in values
        ]
        spans = [
            (START + dt.timedelta(days=min(a, b)), START + dt.timedelta(days=max(a, b)))
            for a, b in days
        ]
        later = ObservationIndex(agreement, log)
        # Every span asked once to make the running sums, then again.
        warmed = [later.actual("m", a, b, as_of=END, where=where) for a, b in spans]
        for (a, b), then in zip(spans, warmed, strict=True):
            first = ObservationIndex(agreement, log).actual(
                "m", a, b, as_of=END, where=where
            )
            again = later.actual("m", a, b, as_of=END, where=where)
            assert str(first) == str(then) == str(again)


class TestAgreementEvaluatedAgain:
    """An agreement evaluated again reuses its windows; results stay those of a fresh one."""

    @given(data=st.data())
    def test_another_log_and_day(self, data: st.DataObject) -> None:
        """After one log at one day, another log at another day evaluates as a copy does."""
        agreement: Agreement = data.draw(agreements())
        first = data.draw(observations(agreement))
        second = data.draw(observations(agreement))
        days = st.dates(agreement.start, agreement.end)
        # An equal agreement, but another object: nothing of the first is reused.
        fresh = attrs.evolve(agreement)
        evaluate(agreement, first, as_of=data.draw(days))
        as_of = data.draw(days)

        again = evaluate(agreement, second, as_of=as_of)

        assert fresh is not agreement
        assert evaluate(fresh, second, as_of=as_of) == again

    def test_window_not_started_then_current(self) -> None:
        """A later quarter stands at 0 before it starts and at its record once it has."""
        agreement = build_one_goal("10", per=Period.QUARTER)
        log = [
            Observation(metric="m", at=START + dt.timedelta(days=100), value=Decimal(7))
        ]

        before = evaluate(agreement, log, as_of=START)
        during = evaluate(agreement, log, as_of=START + dt.timedelta(days=100))
        before_again = evaluate(agreement, [], as_of=START)

        assert Decimal(0) == before.goal("g").windows[1].actual
        assert Standing.NOT_STARTED is before.goal("g").windows[1].standing
        assert Decimal(7) == during.goal("g").windows[1].actual
        assert before_again == before


class TestSeriesLoop:
    """A series, one loop per target over its days, agrees with evaluating each day."""

    @given(
        log=_corrected_logs(),
        aggregation=st.sampled_from(
            [
                a
                for a in Aggregation
                if not a.is_computed and a is not Aggregation.PERCENTILE
            ]
        ),
        direction=st.sampled_from(Direction),
        per=st.sampled_from([Period.MONTH, Period.QUARTER, Period.TERM]),
        baseline=st.sampled_from([None, "0", "4"]),
        # Any order, repeats, and days before, inside and after the term.
        offsets=st.lists(st.integers(-20, 400), max_size=8),
    )
    def test_each_day(
        self,
        log: list[Observation],
        aggregation: Aggregation,
        direction: Direction,
        per: Period,
        baseline: str | None,
        offsets: list[int],
    ) -> None:
        """evaluate_series(…, days)[i] == evaluate(…, as_of=days[i]), window by window."""
        agreement = build_one_goal(
            "10",
            aggregation=aggregation,
            direction=direction,
            per=per,
            baseline=baseline,
        )
        days = [START + dt.timedelta(days=n) for n in offsets]

        series = evaluate_series(agreement, log, days)

        assert [evaluate(agreement, log, as_of=day) for day in days] == list(series)

    def test_a_level_carried_into_quarters_not_started(self) -> None:
        """LAST read once (7), then 9: Q2 to Q4 stand on 7 in Feb and March, on 9 after."""
        agreement = build_one_goal(
            "10", aggregation=Aggregation.LAST, per=Period.QUARTER
        )
        log = [
            Observation(metric="m", at=dt.date(2026, 1, 5), value=Decimal(7)),
            Observation(metric="m", at=dt.date(2026, 3, 20), value=Decimal(9)),
        ]
        days = [dt.date(2026, 2, 1), dt.date(2026, 3, 1), dt.date(2026, 3, 25)]

        series = evaluate_series(agreement, log, days)
        later = [
            [(w.actual, w.attainment, w.standing) for w in card.goal("g").windows[1:]]
            for card in series
        ]

        waiting = (Standing.NOT_STARTED,) * 3
        assert [Decimal(7)] * 3 == [actual for actual, _, _ in later[0]]
        assert later[0] == later[1]
        assert [Decimal("0.7")] * 3 == [attainment for _, attainment, _ in later[1]]
        assert [Decimal(9)] * 3 == [actual for actual, _, _ in later[2]]
        assert [waiting] * 3 == [tuple(s for _, _, s in row) for row in later]
        assert [evaluate(agreement, log, as_of=day) for day in days] == list(series)


_ITEMS = st.sampled_from([None, "x"])
# Small whole quantities and a few weeks: ties (a delivery of exactly the
# quantity, a forecast made on its cutoff day) are common; cents now and then.
_QUANTITIES = st.integers(0, 6).map(Decimal) | st.decimals(0, 40, places=2)
_DAYS = st.dates(dt.date(2026, 12, 28), dt.date(2027, 2, 7))


def _measures_agreement(grace: int, lag: int, bucket: Period) -> Agreement:
    """OTIF, lead times and every forecast measure, each a quarterly goal."""
    sums = [
        Metric(id=i, name=i, unit="count", aggregation=Aggregation.SUM)
        for i in ("orders", "deliveries", "fc", "sales")
    ]
    measures = [
        Metric(
            id="otif",
            name="OTIF",
            unit="percent",
            aggregation=Aggregation.OTIF,
            orders="orders",
            deliveries="deliveries",
            grace_days=grace,
        ),
        Metric(
            id="lead",
            name="Lead",
            unit="day",
            aggregation=Aggregation.LEAD_TIME,
            orders="orders",
            deliveries="deliveries",
        ),
        Metric(
            id="p90",
            name="P90",
            unit="day",
            aggregation=Aggregation.LEAD_TIME,
            orders="orders",
            deliveries="deliveries",
            percentile=Decimal(90),
        ),
        *(
            Metric(
                id=a.value,
                name=a.value,
                unit="count" if a is Aggregation.TRACKING_SIGNAL else "percent",
                aggregation=a,
                forecast="fc",
                actual="sales",
                lag=lag,
                bucket=bucket,
            )
            for a in Aggregation
            if a.is_forecast
        ),
    ]
    goals = [
        Goal(
            id=f"g-{m.id}-{k}",
            title=m.name,
            target=Target(
                metric=m.id,
                value=Decimal(1),
                direction=Direction.AT_LEAST,
                per=Period.QUARTER,
                where=where,
            ),
        )
        for m in measures
        for k, where in enumerate([{}, {"party": "a"}, {"item": "x"}])
    ]
    return Agreement(
        id="a",
        title="Supply",
        parties=(
            Party(id="bolt", name="Bolt", role=Role.VENDOR),
            Party(id="dist", name="Dist", role=Role.PARTNER),
        ),
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        currency="EUR",
        metrics=(*sums, *measures),
        goals=tuple(goals),
    )


@st.composite
def _supply_logs(draw: st.DrawFn) -> list[Observation]:
    """Orders (ids repeat: corrections, by ref), deliveries in parts, forecasts, sales."""
    log = []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.sampled_from(["order", "delivery", "forecast", "sale"]))
        at = draw(_DAYS)
        item = draw(_ITEMS)
        dims = {} if item is None else {"item": item}
        if kind in ("order", "delivery"):
            order = draw(st.sampled_from(["o1", "o2", "o3", "o4"]))
            dims["order"] = order
            if kind == "order":
                dims["due"] = draw(_DAYS).isoformat()
            log.append(
                Observation(
                    metric="orders" if kind == "order" else "deliveries",
                    at=at,
                    value=draw(_QUANTITIES),
                    # One id names one order: a repeat corrects it, by ref.
                    ref=order
                    if kind == "order"
                    else draw(st.sampled_from([None, order])),
                    dims=dims,
                )
            )
        elif kind == "forecast":
            # Made up to two weeks before a day of the bucket forecast.
            bucket = draw(_DAYS)
            made = bucket - dt.timedelta(days=draw(st.integers(0, 14)))
            dims["bucket"] = bucket.isoformat()
            dims["party"] = draw(st.sampled_from(["a", "b"]))
            # Now and then a ref: a numbered forecast, or its correction.
            ref = draw(st.sampled_from([None, None, "f1", "f2"]))
            log.append(Observation("fc", made, draw(_QUANTITIES), ref=ref, dims=dims))
        else:
            dims["region"] = draw(st.sampled_from(["w", "e"]))
            log.append(Observation("sales", at, draw(_QUANTITIES), dims=dims))
    return log


#: The ties: a forecast made on its cutoff day (the Sunday before its week,
#: at lag 1), an order delivered in full on its due day in one part.
_TIES = [
    Observation(
        "fc",
        dt.date(2027, 1, 10),
        Decimal(5),
        dims={"bucket": "2027-01-11", "party": "a", "item": "x"},
    ),
    Observation("sales", dt.date(2027, 1, 12), Decimal(4), dims={"item": "x"}),
    Observation(
        "orders",
        dt.date(2027, 1, 4),
        Decimal(5),
        ref="o1",
        dims={"order": "o1", "due": "2027-01-10"},
    ),
    Observation("deliveries", dt.date(2027, 1, 10), Decimal(5), dims={"order": "o1"}),
]


def _part(order: str, day: int, quantity: int) -> Observation:
    return Observation(
        "deliveries", dt.date(2027, 1, day), Decimal(quantity), dims={"order": order}
    )


#: Orders delivered in parts: o1's two parts (3 + 3) fall short of its 10,
#: o2's (5 + 5) cover it; o1 is not completed by o2's parts.
_PARTS = [
    Observation(
        "orders",
        dt.date(2027, 1, 2),
        Decimal(10),
        dims={"order": order, "due": "2027-01-20"},
    )
    for order in ("o1", "o2")
] + [_part("o1", 3, 3), _part("o1", 4, 3), _part("o2", 5, 5), _part("o2", 6, 5)]


def _big(metric: str, day: int, value: int, **dims: str) -> Observation:
    return Observation(metric, dt.date(2027, 1, day), Decimal(value), dims=dims)


#: Forecast errors adding up past 10^16: WMAPE is then summed pair by pair.
_BIG = [
    _big("fc", 8, 9 * 10**14 + n, bucket="2027-01-12", item=str(n), party="a")
    for n in range(12)
] + [_big("sales", 12, n * 10**13, item=str(n)) for n in range(12)]


#: A week whose actuals are not all paired: only item x was forecast.
_UNPAIRED = [
    _big("fc", 8, 5, bucket="2027-01-12", item="x", party="a"),
    _big("sales", 12, 4, item="x", region="w"),
    _big("sales", 13, 7, item="y", region="w"),
]


class TestMeasureReaders:
    """The fast and the plain computed measures give the same results."""

    @example(
        log=_UNPAIRED,
        grace=0,
        lag=1,
        bucket=Period.WEEK,
        as_of=dt.date(2027, 2, 7),
    )
    @example(
        log=_BIG,
        grace=0,
        lag=1,
        bucket=Period.WEEK,
        as_of=dt.date(2027, 2, 7),
    )
    @example(
        log=_PARTS,
        grace=0,
        lag=1,
        bucket=Period.WEEK,
        as_of=dt.date(2027, 2, 7),
    )
    @example(
        log=_TIES,
        grace=0,
        lag=1,
        bucket=Period.WEEK,
        as_of=dt.date(2027, 2, 7),
    )
    @given(
        log=_supply_logs(),
        grace=st.integers(0, 3),
        lag=st.integers(0, 2),
        bucket=st.sampled_from([Period.WEEK, Period.MONTH]),
        as_of=_DAYS,
    )
    def test_orders_and_forecasts(
        self,
        log: list[Observation],
        grace: int,
        lag: int,
        bucket: Period,
        as_of: dt.date,
    ) -> None:
        """OTIF, lead times and forecast error: equal scorecards and actuals, on both paths."""
        agreement = _measures_agreement(grace, lag, bucket)
        fast = ObservationIndex(agreement, log)
        plain = ObservationIndex(agreement, _plain(log))

        assert fast.evaluate(as_of=as_of) == plain.evaluate(as_of=as_of)
        for metric in agreement.metrics:
            for where in ({}, {"party": "b"}, {"item": "x", "region": "w"}):
                assert fast.actual(
                    metric.id, START, as_of, as_of=as_of, where=where
                ) == plain.actual(metric.id, START, as_of, as_of=as_of, where=where)


#: Bucket 2027-01-11's forecasts: party a forecast item x twice in time (the
#: later, 7, stands) and once late (made on the 11th, after the cutoff);
#: party b once. Actuals: x sold 5, y sold 3 (unforecast).
_PARTIES = [
    Observation(
        "fc",
        dt.date(2027, 1, day),
        Decimal(value),
        dims={"bucket": "2027-01-13", "party": party, "item": "x"},
    )
    for day, value, party in ((4, 2, "a"), (6, 9, "b"), (8, 7, "a"), (11, 1, "a"))
] + [
    Observation("sales", dt.date(2027, 1, 12), Decimal(5), dims={"item": "x"}),
    Observation("sales", dt.date(2027, 1, 14), Decimal(3), dims={"item": "y"}),
]


@st.composite
def _forecast_logs(draw: st.DrawFn) -> list[Observation]:
    """Forecasts by three parties for two items, often repeated, and sales."""
    log = []
    for _ in range(draw(st.integers(0, 40))):
        item = draw(st.sampled_from(["x", "y"]))
        if draw(st.booleans()):
            bucket = draw(_DAYS)
            made = bucket - dt.timedelta(days=draw(st.integers(0, 14)))
            dims = {"bucket": bucket.isoformat(), "item": item}
            party = draw(st.sampled_from([None, "a", "b", "c"]))
            if party is not None:
                dims["party"] = party
            log.append(Observation("fc", made, draw(_QUANTITIES), dims=dims))
        else:
            dims = {"item": item, "region": draw(st.sampled_from(["w", "e"]))}
            log.append(Observation("sales", draw(_DAYS), draw(_QUANTITIES), dims=dims))
    return log


class TestForecastsPerParty:
    """Each party's forecasts, chosen for all parties at once, as the plain path chooses them."""

    def test_worked_case(self) -> None:
        """Party a's later forecast in time (7) stands against 5 sold: WMAPE 2/5."""
        agreement = _measures_agreement(0, 1, Period.WEEK)
        as_of = dt.date(2027, 1, 31)
        fast = ObservationIndex(agreement, _PARTIES)
        plain = ObservationIndex(agreement, _plain(_PARTIES))

        for index in (fast, plain):
            wmape = index.actual(
                "wmape", START, as_of, as_of=as_of, where={"party": "a"}
            )
            assert wmape == Decimal("40.0")
            bias = index.actual(
                "forecast_bias", START, as_of, as_of=as_of, where={"party": "b"}
            )
            assert bias == Decimal("80.0")

    @example(log=_PARTIES, lag=1, bucket=Period.WEEK)
    @given(
        log=_forecast_logs(),
        lag=st.integers(0, 2),
        bucket=st.sampled_from([Period.WEEK, Period.MONTH]),
    )
    def test_any_parties(
        self, log: list[Observation], lag: int, bucket: Period
    ) -> None:
        """Every forecast measure per party, per item and for all: equal on both paths."""
        agreement = _measures_agreement(0, lag, bucket)
        fast = ObservationIndex(agreement, log)
        plain = ObservationIndex(agreement, _plain(log))
        as_of = dt.date(2027, 2, 7)

        for metric in agreement.metrics:
            if not metric.aggregation.is_forecast:
                continue
            for where in (
                {},
                {"party": "a"},
                {"party": "c"},
                {"party": "z"},
                {"item": "y"},
                {"party": "b", "item": "x"},
            ):
                assert fast.actual(
                    metric.id, START, as_of, as_of=as_of, where=where
                ) == plain.actual(metric.id, START, as_of, as_of=as_of, where=where)
        assert fast.evaluate(as_of=as_of) == plain.evaluate(as_of=as_of)


#: A criterion per kind of computed measure, weekly, two of them per item:
#: what `exceptions` judges, and what a receipt vouches for.
_CRITERIA = tuple(
    ExceptionCriterion(
        id=f"c-{measure}",
        title=measure,
        measure=measure,
        owner="bolt",
        resolve_within_days=7,
        lower=Decimal(50),
        per=Period.WEEK,
        split=split,
    )
    for measure, split in (
        ("otif", "item"),
        ("lead", None),
        ("p90", "item"),
        ("wmape", "item"),
        ("forecast_accuracy", None),
        ("tracking_signal", "item"),
    )
)


def _with_criteria(agreement: Agreement) -> Agreement:
    return attrs.evolve(agreement, exception_criteria=_CRITERIA)


@st.composite
def _later_records(draw: st.DrawFn, as_of: dt.date) -> list[Observation]:
    """New records dated after *as_of*: orders of new ids, deliveries, forecasts, sales.

    Each has no ref or one of its own, so it corrects no earlier record.
    """
    later = st.dates(as_of + dt.timedelta(days=1), as_of + dt.timedelta(days=40))
    log = []
    for n in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["order", "delivery", "forecast", "sale"]))
        at = draw(later)
        item = draw(_ITEMS)
        dims = {} if item is None else {"item": item}
        if kind == "order":
            # Due any day, before it was placed too: keyed in late.
            dims |= {"order": f"n{n}", "due": draw(_DAYS).isoformat()}
            log.append(
                Observation("orders", at, draw(_QUANTITIES), ref=f"n{n}", dims=dims)
            )
        elif kind == "delivery":
            dims["order"] = draw(st.sampled_from(["o1", "o2", "o3", "o4", "n0", "zz"]))
            log.append(Observation("deliveries", at, draw(_QUANTITIES), dims=dims))
        elif kind == "forecast":
            dims |= {"bucket": draw(_DAYS).isoformat(), "party": "a"}
            log.append(Observation("fc", at, draw(_QUANTITIES), dims=dims))
        else:
            log.append(Observation("sales", at, draw(_QUANTITIES), dims=dims))
    return log


@st.composite
def _logs_and_later(
    draw: st.DrawFn,
) -> tuple[list[Observation], list[Observation], dt.date]:
    """A supply log, a day, and new records dated after it."""
    log = draw(_supply_logs())
    as_of = draw(_DAYS)
    return log, draw(_later_records(as_of)), as_of


class TestRecordsAfterAsOf:
    """A new record dated after ``as_of`` changes nothing, on either path.

    Not a value, not a window's details, not an exception, not a receipt:
    both parties of a relationship get the same results from the same
    standing records, whatever either has already keyed in since.
    """

    #: Order o2, due 01-08, keyed in on 01-20: as of 01-10 it does not exist.
    KEYED_IN_LATE = (
        Observation(
            "orders",
            dt.date(2027, 1, 4),
            Decimal(10),
            ref="o1",
            dims={"order": "o1", "due": "2027-01-08", "item": "x"},
        ),
        Observation(
            "deliveries", dt.date(2027, 1, 7), Decimal(10), dims={"order": "o1"}
        ),
        Observation(
            "orders",
            dt.date(2027, 1, 20),
            Decimal(5),
            ref="o2",
            dims={"order": "o2", "due": "2027-01-08", "item": "x"},
        ),
    )

    @staticmethod
    def _results(
        agreement: Agreement, log: list[Observation], as_of: dt.date
    ) -> tuple[object, ...]:
        card = evaluate(agreement, log, as_of=as_of)
        report = exceptions(agreement, log, as_of=as_of)
        return (card, report, receipt(card, log), receipt(report, log))

    @example(
        case=([], list(KEYED_IN_LATE[2:]), dt.date(2027, 1, 10)),
        path="fast",
    )
    @given(case=_logs_and_later(), path=st.sampled_from(["fast", "plain"]))
    def test_changes_nothing(
        self,
        case: tuple[list[Observation], list[Observation], dt.date],
        path: str,
    ) -> None:
        """Scorecard, exceptions and both receipts as without the later records."""
        log, later, as_of = case
        agreement = _with_criteria(_measures_agreement(1, 1, Period.WEEK))
        on_path = _plain if path == "plain" else list

        assert self._results(agreement, on_path(log), as_of) == self._results(
            agreement, on_path(log + later), as_of
        )

    def test_an_order_keyed_in_late(self) -> None:
        """o1 on time; o2, due 01-08 and keyed in on 01-20: as of 01-10 OTIF is 100 (1 of 1), 50 once o2 is placed."""
        agreement = _with_criteria(_measures_agreement(0, 1, Period.WEEK))
        log = list(self.KEYED_IN_LATE)
        week = (dt.date(2027, 1, 4), dt.date(2027, 1, 10))

        for records in (log, _plain(log)):
            index = ObservationIndex(agreement, records)
            on_the_10th = index.evaluate(as_of=dt.date(2027, 1, 10))
            assert (
                Decimal(100),
                Decimal(50),
                {"orders": 1, "on_time_in_full": 1, "deliveries_without_order": 0},
                (),
            ) == (
                index.actual("otif", *week, as_of=dt.date(2027, 1, 10)),
                index.actual("otif", *week, as_of=dt.date(2027, 1, 20)),
                dict(on_the_10th.goal("g-otif-0").window("FY2027-Q1").details),
                exceptions(agreement, records, as_of=dt.date(2027, 1, 10)).criterion(
                    "c-otif"
                ),
            )


def _resolved(log: list[Observation]) -> list[Observation]:
    """Keep each ref's last record, in its place: a log of distinct refs."""
    last = {(o.metric, o.ref): i for i, o in enumerate(log) if o.ref is not None}
    return [o for i, o in enumerate(log) if o.ref is None or last[o.metric, o.ref] == i]


@st.composite
def _same_day_forecasts(draw: st.DrawFn) -> list[Observation]:
    """Forecasts made on two days for two weeks and two items: many made on one day."""
    log = []
    for n in range(draw(st.integers(0, 10))):
        dims = {
            "bucket": draw(st.sampled_from(["2027-01-11", "2027-01-18"])),
            "party": draw(st.sampled_from(["a", "b"])),
        }
        item = draw(_ITEMS)
        if item is not None:
            dims["item"] = item
        made = draw(st.sampled_from([dt.date(2027, 1, 4), dt.date(2027, 1, 8)]))
        ref = draw(st.sampled_from([None, f"FC-{n:04d}"]))
        log.append(Observation("fc", made, draw(_QUANTITIES), ref=ref, dims=dims))
    return log


class TestLogOrder:
    """Shuffling a log of distinct refs never changes a result or a receipt."""

    #: Two forecasts of x for the week of 01-11, made on one day, and the sale.
    MORNING_AND_AFTERNOON = (
        Observation(
            "fc",
            dt.date(2027, 1, 8),
            Decimal(100),
            ref="FC-0001",
            dims={"bucket": "2027-01-11", "item": "x", "party": "a"},
        ),
        Observation(
            "fc",
            dt.date(2027, 1, 8),
            Decimal(60),
            ref="FC-0002",
            dims={"bucket": "2027-01-11", "item": "x", "party": "a"},
        ),
        Observation("sales", dt.date(2027, 1, 12), Decimal(100), dims={"item": "x"}),
    )

    @staticmethod
    def _results(
        agreement: Agreement, log: list[Observation], as_of: dt.date
    ) -> tuple[object, ...]:
        card = evaluate(agreement, log, as_of=as_of)
        report = exceptions(agreement, log, as_of=as_of)
        return (card, report, receipt(card, log), receipt(report, log))

    @example(
        log=list(MORNING_AND_AFTERNOON),
        tied=[],
        # FC-0002 first, then FC-0001.
        shuffler=random.Random(1),  # noqa: S311 - a shuffle, not a secret
        path="fast",
    )
    @given(
        log=_supply_logs(),
        tied=_same_day_forecasts(),
        shuffler=st.randoms(use_true_random=False),
        path=st.sampled_from(["fast", "plain"]),
    )
    def test_shuffled(
        self,
        log: list[Observation],
        tied: list[Observation],
        shuffler: random.Random,
        path: str,
    ) -> None:
        """Scorecard, exceptions and both receipts of a shuffled log, on either path."""
        agreement = _with_criteria(_measures_agreement(0, 1, Period.WEEK))
        as_of = dt.date(2027, 2, 7)
        records = _resolved(log + tied)
        shuffled = list(records)
        shuffler.shuffle(shuffled)
        on_path = _plain if path == "plain" else list

        assert self._results(agreement, on_path(records), as_of) == self._results(
            agreement, on_path(shuffled), as_of
        )

    def test_the_greater_ref_is_compared(self) -> None:
        """FC-0002 (60) over FC-0001 (100), in either order: 100 sold, an accuracy of 60 %."""
        agreement = _measures_agreement(0, 1, Period.WEEK)
        week = (dt.date(2027, 1, 11), dt.date(2027, 1, 17))
        log = list(self.MORNING_AND_AFTERNOON)
        found = set()
        for records in (log, log[::-1], _plain(log), _plain(log[::-1])):
            index = ObservationIndex(agreement, records)
            found.add(index.actual("forecast_accuracy", *week, as_of=week[1]))

        assert {Decimal("60.0")} == found

    def test_a_ref_over_none_then_the_greater_value(self) -> None:
        """Made on one day: the one with a ref (9) over two without; without refs, 8 over 3."""

        def forecast(value: int, ref: str | None = None) -> Observation:
            return Observation(
                "fc",
                dt.date(2027, 1, 8),
                Decimal(value),
                ref=ref,
                dims={"bucket": "2027-01-11", "item": "x"},
            )

        sale = Observation(
            "sales", dt.date(2027, 1, 12), Decimal(10), dims={"item": "x"}
        )
        agreement = _measures_agreement(0, 1, Period.WEEK)
        week = (dt.date(2027, 1, 11), dt.date(2027, 1, 17))
        cases = {
            "ref": [forecast(3), forecast(9, "FC-1"), forecast(8), sale],
            "values": [forecast(8), forecast(3), sale],
        }
        found: dict[str, set[Decimal | None]] = {}
        for name, log in cases.items():
            for records in (log, log[::-1], _plain(log), _plain(log[::-1])):
                index = ObservationIndex(agreement, records)
                # Bias Σ(F - A) / ΣA: the forecast compared, less 10, in tenths.
                bias = index.actual("forecast_bias", *week, as_of=week[1])
                found.setdefault(name, set()).add(bias)

        assert {"ref": {Decimal("-10.0")}, "values": {Decimal("-20.0")}} == found

    def test_a_pickled_index_keeps_the_refs(self) -> None:
        """Unpickled at any protocol, an index still compares FC-0002 (60): the refs travel with the records."""
        agreement = _measures_agreement(0, 1, Period.WEEK)
        week = (dt.date(2027, 1, 11), dt.date(2027, 1, 17))
        found = set()
        for records in (
            list(self.MORNING_AND_AFTERNOON),
            _plain(list(self.MORNING_AND_AFTERNOON)),
        ):
            for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
                copy = pickle.loads(  # noqa: S301 - our own bytes
                    pickle.dumps(ObservationIndex(agreement, records), protocol)
                )
                found.add(copy.actual("forecast_accuracy", *week, as_of=week[1]))

        assert {Decimal("60.0")} == found
