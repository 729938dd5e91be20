"""Every computed number is rounded once, to the library's context, from exact terms.

A quotient computed from a quotient already rounded to 28 digits can miss
an exact bound by a unit in its last digit: a tracking signal of exactly 4
read 4.000000000000000000000000002 and missed a goal of at most 4. Each
test here compares the library with the exact value (a `Fraction`) rounded
once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mutualcommit import (
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
    Standing,
    Target,
    evaluate,
    evaluate_series,
    exceptions,
)
from mutualcommit.kpi import ObservationIndex
from mutualcommit.model import decimal_context
from mutualcommit.testing.strategies import decimals

D = Decimal
#: Twelve ISO weeks, 2027-W01 (Monday 4 January) to 2027-W12, all in Q1.
MONDAYS = tuple(dt.date(2027, 1, 4) + dt.timedelta(weeks=k) for k in range(12))
Q1 = (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
AFTER_Q1 = dt.date(2027, 4, 30)


def once(value: Fraction) -> Decimal:
    """Return *value* rounded once to the library's context."""
    return decimal_context().divide(D(value.numerator), D(value.denominator))


def forecast_metric(aggregation: Aggregation, unit: str = "count") -> Metric:
    """A weekly forecast measure of ``fc`` against ``sales``, at lag 0."""
    return Metric(
        id=aggregation.value,
        name=aggregation.value,
        unit=unit,
        aggregation=aggregation,
        forecast="fc",
        actual="sales",
    )


def supply(
    *metrics: Metric,
    goals: Sequence[Goal] = (),
    criteria: Sequence[ExceptionCriterion] = (),
) -> Agreement:
    """Return an agreement of calendar 2027 with the SUM metrics ``fc`` and ``sales``."""
    return Agreement(
        id="a",
        title="Supply",
        currency="EUR",
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        parties=(
            Party(id="bolt", name="Bolt", role=Role.VENDOR),
            Party(id="dist", name="Dist", role=Role.PARTNER),
        ),
        metrics=(
            Metric(id="fc", name="Forecast", unit="count", aggregation="sum"),
            Metric(id="sales", name="Sales", unit="count", aggregation="sum"),
            *metrics,
        ),
        goals=tuple(goals),
        exception_criteria=tuple(criteria),
    )


def weekly(pairs: Sequence[tuple[Decimal, Decimal]]) -> list[Observation]:
    """One ``(actual, forecast)`` pair a week from 2027-W01, item ``x``."""
    log = []
    for monday, (sold, forecast) in zip(MONDAYS, pairs, strict=False):
        log.append(
            Observation(
                "fc",
                monday - dt.timedelta(days=1),
                forecast,
                dims={"bucket": monday.isoformat(), "item": "x"},
            )
        )
        log.append(
            Observation(
                "sales", monday + dt.timedelta(days=2), sold, dims={"item": "x"}
            )
        )
    return log


class _Plain(Observation):
    """An observation the fast readers do not vouch for: the plain path reads it."""

    __slots__ = ()


def plain(log: Sequence[Observation]) -> list[Observation]:
    """Return *log* as the plain path of the measures reads it."""
    return [
        _Plain(metric=o.metric, at=o.at, value=o.value, ref=o.ref, dims=o.dims)
        for o in log
    ]


def measured(
    aggregation: Aggregation, pairs: Sequence[tuple[Decimal, Decimal]]
) -> Decimal | None:
    """Return the measure of *pairs* over Q1, the same on both paths."""
    agreement = supply(forecast_metric(aggregation))
    fast = ObservationIndex(agreement, weekly(pairs))
    slow = ObservationIndex(agreement, plain(weekly(pairs)))
    found = fast.actual(aggregation.value, *Q1, as_of=AFTER_Q1)
    assert found == slow.actual(aggregation.value, *Q1, as_of=AFTER_Q1)
    return found


#: Each pair's actual and forecast, any model decimals.
pairs_strategy = st.lists(st.tuples(decimals(), decimals()), min_size=1, max_size=12)
#: Pairs whose every actual is above its forecast.
under_forecasts = st.lists(
    st.tuples(decimals(), decimals())
    .filter(lambda pair: pair[0] != pair[1])
    .map(lambda pair: (max(pair), min(pair))),
    min_size=1,
    max_size=12,
)

#: Four weeks forecast at 0: the tracking signal is 4, the number of pairs.
AT_FOUR = [
    (D("490932931776672.843070315973"), D(0)),
    (D("24799.845"), D(0)),
    (D("64588.039"), D(0)),
    (D("63423.024"), D(0)),
]
#: Six everyday weeks forecast at 0: the tracking signal is 6.
AT_SIX = [
    (D(text), D(0))
    for text in ("30288.44", "7023.23", "79118.92", "37957.21", "27807.48", "9083.69")
]


class TestTrackingSignal:
    """The tracking signal is n x Σ(A - F) ÷ Σ|A - F|, rounded once."""

    @pytest.mark.parametrize("pairs", [AT_FOUR, AT_SIX])
    def test_under_forecast_everyday(
        self, pairs: list[tuple[Decimal, Decimal]]
    ) -> None:
        """Every week under-forecast: the signal is the number of weeks, exactly."""
        assert D(len(pairs)) == measured(Aggregation.TRACKING_SIGNAL, pairs)

    def test_a_bound_of_four_holds(self) -> None:
        """A signal of exactly 4 meets a goal of at most 4 and raises no exception within ±4."""
        ts = forecast_metric(Aggregation.TRACKING_SIGNAL)
        goal = Goal(
            id="unbiased",
            title="Unbiased",
            target=Target(
                metric=ts.id,
                value=D(4),
                direction=Direction.AT_MOST,
                per=Period.QUARTER,
            ),
        )
        criterion = ExceptionCriterion(
            id="ts4",
            title="Signal within 4",
            measure=ts.id,
            owner="bolt",
            resolve_within_days=7,
            per=Period.QUARTER,
            lower=D(-4),
            upper=D(4),
        )
        agreement = supply(ts, goals=[goal], criteria=[criterion])
        log = weekly(AT_FOUR)

        window = (
            evaluate(agreement, log, as_of=AFTER_Q1)
            .goal("unbiased")
            .window("FY2027-Q1")
        )
        assert (D(4), Standing.MET) == (window.actual, window.standing)
        assert () == exceptions(agreement, log, as_of=AFTER_Q1).exceptions

    @given(pairs=under_forecasts)
    @example(pairs=AT_SIX)
    def test_under_forecast_is_n(self, pairs: list[tuple[Decimal, Decimal]]) -> None:
        """When every actual is above its forecast, the signal is n, the most it can be."""
        assert D(len(pairs)) == measured(Aggregation.TRACKING_SIGNAL, pairs)

    @given(pairs=pairs_strategy)
    @example(pairs=AT_FOUR)
    def test_one_rounding(self, pairs: list[tuple[Decimal, Decimal]]) -> None:
        """The signal is the exact one rounded once (None when every forecast is exact)."""
        absolute = sum(abs(Fraction(a) - Fraction(f)) for a, f in pairs)
        error = sum(Fraction(a) - Fraction(f) for a, f in pairs)
        expected = once(len(pairs) * error / absolute) if absolute else None

        assert expected == measured(Aggregation.TRACKING_SIGNAL, pairs)


class TestForecastAccuracy:
    """Forecast accuracy is (Σ|A| - Σ|A - F|) ÷ Σ|A|, rounded once; WMAPE and bias too."""

    @pytest.mark.parametrize(
        ("unit", "expected"),
        [
            ("count", D("4.285714285714285714285714286E-13")),
            ("percent", D("4.285714285714285714285714286E-11")),
        ],
    )
    def test_near_zero(self, unit: str, expected: Decimal) -> None:
        """7 sold against a forecast of 0.000000000003: every digit of 3E-12 ÷ 7 is kept."""
        metric = forecast_metric(Aggregation.FORECAST_ACCURACY, unit)
        index = ObservationIndex(supply(metric), weekly([(D(7), D("0.000000000003"))]))

        assert expected == index.actual(metric.id, *Q1, as_of=AFTER_Q1)

    @given(pairs=pairs_strategy)
    @example(pairs=[(D(7), D("0.000000000003"))])
    def test_one_rounding(self, pairs: list[tuple[Decimal, Decimal]]) -> None:
        """Accuracy, WMAPE and bias are the exact values rounded once."""
        scale = sum(abs(Fraction(a)) for a, _ in pairs)
        absolute = sum(abs(Fraction(a) - Fraction(f)) for a, f in pairs)
        total = sum(Fraction(a) for a, _ in pairs)
        error = sum(Fraction(f) - Fraction(a) for a, f in pairs)

        assert (
            once((scale - absolute) / scale) if scale else None,
            once(absolute / scale) if scale else None,
            once(error / total) if total else None,
        ) == (
            measured(Aggregation.FORECAST_ACCURACY, pairs),
            measured(Aggregation.WMAPE, pairs),
            measured(Aggregation.FORECAST_BIAS, pairs),
        )


def revenue(target: Target) -> Agreement:
    """Return an agreement of calendar 2027 with a SUM metric ``rev`` and one goal ``g``."""
    return Agreement(
        id="a",
        title="Revenue",
        currency="EUR",
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        parties=(
            Party(id="a", name="A", role=Role.VENDOR),
            Party(id="b", name="B", role=Role.PARTNER),
        ),
        metrics=(Metric(id="rev", name="Revenue", unit="EUR", aggregation="sum"),),
        goals=(Goal(id="g", title="G", target=target),),
    )


QUARTERLY = Target(
    metric="rev", value=D(10**14), direction=Direction.AT_LEAST, per=Period.QUARTER
)
#: Three days of revenue whose sum has 28 digits: times 90 it has 30.
LARGE = [
    Observation("rev", dt.date(2027, 1, 5), D("999999999999999.999999999999")),
    Observation("rev", dt.date(2027, 1, 6), D("999999999999999.999999999999")),
    Observation("rev", dt.date(2027, 1, 7), D("372652395796516.903817315747")),
]


class TestForecastOfAnOpenWindow:
    """An open SUM window's forecast is actual x days ÷ elapsed days, rounded once."""

    def test_large_actual(self) -> None:
        """41 of Q1's 90 days: the exact run rate, not one rounded after the product."""
        as_of = dt.date(2027, 2, 10)
        window = evaluate(revenue(QUARTERLY), LARGE, as_of=as_of).goal("g").current

        assert D("2372652395796516.903817315745") == window.actual
        assert D("5208261356626500.520574595538") == window.forecast

    @given(
        values=st.lists(decimals(min_value=0), min_size=1, max_size=6),
        days=st.integers(1, 89),
    )
    @example(values=[o.value for o in LARGE], days=41)
    def test_one_rounding(self, values: list[Decimal], days: int) -> None:
        """Any actual on any day of the quarter."""
        log = [Observation("rev", dt.date(2027, 1, 1), v) for v in values]
        as_of = dt.date(2027, 1, 1) + dt.timedelta(days=days - 1)
        card = evaluate(revenue(QUARTERLY), log, as_of=as_of)
        (series,) = evaluate_series(revenue(QUARTERLY), log, [as_of])
        window = card.goal("g").current

        assert window.actual is not None
        assert once(Fraction(window.actual) * 90 / days) == window.forecast
        assert window.forecast == series.goal("g").current.forecast


class TestProRated:
    """A clipped window's target, and an exception's bounds, are value x days ÷ period days, rounded once."""

    def test_target(self) -> None:
        """45 of Q1's 90 days of a 27-digit quarterly target: exactly half of it."""
        value = D("999999999999999.999999999999")
        target = Target(
            metric="rev", value=value, direction=Direction.AT_LEAST, per=Period.QUARTER
        )
        agreement = revenue(target).amend(start=dt.date(2027, 2, 15))
        window = evaluate(agreement, [], as_of=dt.date(2027, 2, 15)).goal("g").current

        assert (D("499999999999999.9999999999995"), once(Fraction(value) / 2)) == (
            window.target,
            window.target,
        )

    @given(
        value=decimals(),
        start=st.dates(dt.date(2027, 1, 2), dt.date(2027, 3, 31)),
    )
    def test_any_target(self, value: Decimal, start: dt.date) -> None:
        """Any target, any first day in Q1 after its first."""
        target = Target(
            metric="rev", value=value, direction=Direction.AT_LEAST, per=Period.QUARTER
        )
        agreement = revenue(target).amend(start=start)
        window = evaluate(agreement, [], as_of=start).goal("g").current
        days = (dt.date(2027, 3, 31) - start).days + 1

        assert once(Fraction(value) * days / 90) == window.target

    def test_exception_bounds(self) -> None:
        """At least 63 a week: a first week of one day in the term asks 9, and 9 is within it.

        The term starts on Sunday 3 January 2027, the last day of ISO week
        2026-W53: the bound is 63 x 1 / 7 = 9 exactly, not 63 times a
        seventh rounded (9.000000000000000000000000003).
        """
        criterion = ExceptionCriterion(
            id="floor",
            title="At least 63 a week",
            measure="rev",
            owner="a",
            resolve_within_days=7,
            per=Period.WEEK,
            lower=D(63),
        )
        agreement = revenue(QUARTERLY).amend(
            start=dt.date(2027, 1, 3), exception_criteria=(criterion,)
        )
        log = [Observation("rev", dt.date(2027, 1, 3), D(9))]
        report = exceptions(agreement, log, as_of=dt.date(2027, 1, 5))

        assert () == report.exceptions


def weekly_goal(
    aggregation: Aggregation,
    value: Decimal,
    direction: Direction = Direction.AT_LEAST,
    baseline: Decimal | None = None,
) -> Agreement:
    """Return a weekly goal ``g`` on a metric ``m`` from Monday 4 January 2027."""
    target = Target(
        metric="m", value=value, direction=direction, per=Period.WEEK, baseline=baseline
    )
    return Agreement(
        id="a",
        title="Weekly",
        currency="EUR",
        start=dt.date(2027, 1, 4),
        end=dt.date(2027, 12, 31),
        parties=(
            Party(id="a", name="A", role=Role.VENDOR),
            Party(id="b", name="B", role=Role.PARTNER),
        ),
        metrics=(Metric(id="m", name="M", unit="count", aggregation=aggregation),),
        goals=(Goal(id="g", title="G", target=target),),
    )


class TestPace:
    """Expected and pace are rounded once, from the exact target x elapsed days."""

    @pytest.mark.parametrize(
        ("aggregation", "baseline"),
        [(Aggregation.SUM, None), (Aggregation.MEAN, D(0))],
    )
    def test_exactly_on_pace(
        self, aggregation: Aggregation, baseline: Decimal | None
    ) -> None:
        """21 a week, 9 by Wednesday: expected 9 and pace 1, on track (not at risk)."""
        agreement = weekly_goal(aggregation, D(21), baseline=baseline)
        log = [Observation("m", dt.date(2027, 1, 4), D(9))]
        wednesday = dt.date(2027, 1, 6)
        window = evaluate(agreement, log, as_of=wednesday).goal("g").current
        (series,) = evaluate_series(agreement, log, [wednesday])

        assert (D(9), D(1), Standing.ON_TRACK) == (
            window.expected,
            window.pace,
            window.standing,
        )
        assert window == series.goal("g").current

    @given(
        target=decimals(min_value=D("0.01")),
        baseline=st.none() | decimals(),
        actual=decimals(min_value=D("0.01")),
        at_least=st.booleans(),
        days=st.integers(1, 6),
    )
    @example(target=D(21), baseline=None, actual=D(9), at_least=True, days=3)
    # An expected level below 0 (-0.0243 on the first day): 0.01 is ahead of
    # it, at a pace of 1, at least; behind it at most, at 0.01 / -0.0071.
    @example(
        target=D("0.01"), baseline=D("-0.03"), actual=D("0.01"), at_least=True, days=1
    )
    @example(
        target=D("0.01"), baseline=D("-0.01"), actual=D("0.01"), at_least=False, days=1
    )
    def test_one_rounding(
        self,
        target: Decimal,
        baseline: Decimal | None,
        actual: Decimal,
        at_least: bool,
        days: int,
    ) -> None:
        """A MEAN's expected moves from its baseline, and its pace, each rounded once."""
        direction = Direction.AT_LEAST if at_least else Direction.AT_MOST
        agreement = weekly_goal(Aggregation.MEAN, target, direction, baseline)
        log = [Observation("m", dt.date(2027, 1, 4), actual)]
        as_of = dt.date(2027, 1, 3) + dt.timedelta(days=days)
        window = evaluate(agreement, log, as_of=as_of).goal("g").current
        base = Fraction(target if baseline is None else baseline)
        expected = base + (Fraction(target) - base) * days / 7
        # The expected level may lie below 0 (a baseline below 0): the pace
        # divides by whichever of the two lies on the side of 0 the direction
        # asks for, and is 1 when the actual lies past 0 and the level not.
        ahead = Fraction(actual) if at_least else -Fraction(actual)
        level = expected if at_least else -expected
        if level > 0:
            pace = once(ahead / level)
        elif ahead >= 0:
            pace = D(1)
        else:
            pace = once(level / ahead)

        assert (once(expected), pace) == (window.expected, window.pace)


class TestRatio:
    """A ratio divides the exact sums of its sides, rounded once."""

    def test_sums_of_29_digits(self) -> None:
        """Eleven sales of 954973327756847.677459123607 over forecasts of 27: the exact sum ÷ 27.

        The sum, 10504706605325324.452050359677, has 29 digits; rounded to
        28 first it read 389063207604641.6463722355437.
        """
        ratio = Metric(
            id="ratio",
            name="Ratio",
            unit="count",
            aggregation=Aggregation.RATIO,
            numerator="sales",
            denominator="fc",
        )
        big = D("954973327756847.677459123607")
        log = [
            *(Observation("sales", dt.date(2027, 1, 4 + k), big) for k in range(11)),
            Observation("fc", dt.date(2027, 1, 4), D(27)),
        ]
        index = ObservationIndex(supply(ratio), log)
        slow = ObservationIndex(supply(ratio), plain(log))
        found = index.actual("ratio", *Q1, as_of=AFTER_Q1)

        assert (D("389063207604641.6463722355436"), found) == (
            once(Fraction(big) * 11 / 27),
            slow.actual("ratio", *Q1, as_of=AFTER_Q1),
        )
        assert D("389063207604641.6463722355436") == found
