"""Computed measures, worked by hand: ratio, OTIF, lead time, percentile, forecast error.

The term is calendar 2027 (fiscal years from January); FY2027-Q1 is
01-01..03-31. ISO week 2027-W02 is 01-11..01-17, 2027-W03 01-18..01-24.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit import (
    Aggregation,
    Agreement,
    Direction,
    Goal,
    InvalidAgreementError,
    InvalidObservationsError,
    Metric,
    Observation,
    Party,
    Period,
    Role,
    Standing,
    Target,
    evaluate,
)
from mutualcommit.kpi import ObservationIndex, scorecard_to_dict

D = Decimal
Q1 = (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
END_OF_Q1 = dt.date(2027, 3, 31)


def day(text: str) -> dt.date:
    """Read an ISO date."""
    return dt.date.fromisoformat(text)


def agreement(
    *metrics: Metric, target: Target | None = None, goal_metric: str | None = None
) -> Agreement:
    """Return an agreement of calendar 2027 with *metrics* and one goal ``g``."""
    if target is None and goal_metric is not None:
        target = Target(
            metric=goal_metric,
            value=D(1),
            direction=Direction.AT_LEAST,
            per=Period.QUARTER,
        )
    return Agreement(
        id="a",
        title="Supply chain",
        parties=(
            Party(id="bolt", name="Bolt", role=Role.VENDOR),
            Party(id="dist", name="Dist", role=Role.PARTNER),
        ),
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        currency="EUR",
        metrics=metrics,
        goals=() if target is None else (Goal(id="g", title="G", target=target),),
    )


def sums(*ids: str) -> tuple[Metric, ...]:
    """SUM metrics of unit count."""
    return tuple(
        Metric(id=i, name=i.title(), unit="count", aggregation=Aggregation.SUM)
        for i in ids
    )


def q1(agreement: Agreement, log: Iterable[Observation], metric: str) -> Decimal | None:
    """Return *metric*'s actual over FY2027-Q1 once it has closed."""
    return ObservationIndex(agreement, log).actual(metric, *Q1, as_of=END_OF_Q1)


def record(metric: str, at: str, value: str, **dims: str) -> Observation:
    """One observation."""
    return Observation(metric=metric, at=day(at), value=D(value), dims=dims)


FILL = Metric(
    id="fill",
    name="Fill rate",
    unit="percent",
    aggregation=Aggregation.RATIO,
    numerator="shipped",
    denominator="ordered",
)


class TestRatio:
    """Fill rate = Σ shipped ÷ Σ ordered, in percentage points on a percent metric."""

    def test_fill_rate(self) -> None:
        """Ordered 120 + 80 = 200, shipped 110 + 76 = 186: 186/200 = 0.93, 93 percent."""
        log = [
            record("ordered", "2027-01-05", "120"),
            record("shipped", "2027-01-07", "110"),
            record("ordered", "2027-02-05", "80"),
            record("shipped", "2027-02-09", "76"),
        ]
        a = agreement(*sums("ordered", "shipped"), FILL)

        assert D(93) == q1(a, log, "fill")

    def test_zero_denominator_is_no_data(self) -> None:
        """Nothing ordered: no actual (never a ZeroDivisionError); the goal has no data."""
        a = agreement(*sums("ordered", "shipped"), FILL, goal_metric="fill")
        log = [record("shipped", "2027-01-07", "5")]

        assert q1(a, log, "fill") is None
        card = evaluate(a, log, as_of=dt.date(2027, 2, 1))
        assert Standing.NO_DATA == card.goal("g").standing

    def test_side_filters(self) -> None:
        """Win rate: Σ deals with status won ÷ all deals: 2 of 3 won, 0.666…."""
        win = Metric(
            id="win",
            name="Win rate",
            unit="count",
            aggregation=Aggregation.RATIO,
            numerator="deals",
            numerator_where={"status": "won"},
            denominator="deals",
        )
        count = Metric(
            id="deals", name="Deals", unit="count", aggregation=Aggregation.COUNT
        )
        log = [
            record("deals", "2027-01-05", "1", status="won"),
            record("deals", "2027-01-06", "1", status="lost"),
            record("deals", "2027-01-07", "1", status="won"),
        ]

        assert D(2) / D(3) == q1(agreement(count, win), log, "win")

    def test_ratio_judged_by_pace(self) -> None:
        """A ratio of 97 against 95 on 02-01 is on track, not met: more orders may lower it."""
        target = Target(
            metric="fill", value=D(95), direction=Direction.AT_LEAST, per=Period.QUARTER
        )
        a = agreement(*sums("ordered", "shipped"), FILL, target=target)
        log = [
            record("ordered", "2027-01-05", "100"),
            record("shipped", "2027-01-06", "97"),
        ]
        window = evaluate(a, log, as_of=dt.date(2027, 2, 1)).goal("g").current

        assert (D(97), Standing.ON_TRACK) == (window.actual, window.standing)

    @given(
        pairs=st.lists(
            st.tuples(st.integers(0, 10**6), st.integers(1, 10**6)),
            min_size=1,
            max_size=8,
        ),
        scale=st.integers(1, 1000),
    )
    def test_scaled_sides_unchanged(
        self, pairs: list[tuple[int, int]], scale: int
    ) -> None:
        """Multiplying both sides' records by the same factor leaves the ratio unchanged."""
        a = agreement(*sums("ordered", "shipped"), FILL)

        def log(k: int) -> list[Observation]:
            return [
                obs
                for n, (up, down) in enumerate(pairs)
                for obs in (
                    record("shipped", f"2027-01-{n + 1:02d}", str(up * k)),
                    record("ordered", f"2027-01-{n + 1:02d}", str(down * k)),
                )
            ]

        assert q1(a, log(1), "fill") == q1(a, log(scale), "fill")


class TestRatioInvariants:
    """A ratio's sides are SUM or COUNT metrics of the agreement; a ratio of ratios is refused."""

    def test_missing_and_nested_sides(self) -> None:
        """One error lists a side that is no metric and a side that is a ratio, with their paths."""
        nested = Metric(
            id="nested",
            name="Nested",
            unit="count",
            aggregation=Aggregation.RATIO,
            numerator="fill",
            denominator="returns",
        )
        with pytest.raises(InvalidAgreementError) as caught:
            agreement(*sums("ordered", "shipped"), FILL, nested)

        assert [
            (
                "metrics[3].numerator",
                (
                    "metric 'fill' is a ratio: a ratio of ratios is refused, name "
                    "its SUM or COUNT sides instead"
                ),
            ),
            ("metrics[3].denominator", "no metric with id 'returns'"),
        ] == list(caught.value.problems)

    def test_sides_of_different_parties(self) -> None:
        """Sides reported by the two parties are fine."""
        ordered = Metric(
            id="ordered",
            name="O",
            unit="count",
            aggregation=Aggregation.SUM,
            reported_by="dist",
        )
        shipped = Metric(
            id="shipped",
            name="S",
            unit="count",
            aggregation=Aggregation.SUM,
            reported_by="bolt",
        )

        assert "fill" in {m.id for m in agreement(ordered, shipped, FILL).metrics}


ORDERS = sums("orders", "deliveries")
OTIF = Metric(
    id="otif",
    name="OTIF",
    unit="percent",
    aggregation=Aggregation.OTIF,
    orders="orders",
    deliveries="deliveries",
    grace_days=2,
)
LEAD = Metric(
    id="lead",
    name="Lead time",
    unit="day",
    aggregation=Aggregation.LEAD_TIME,
    orders="orders",
    deliveries="deliveries",
)
P90 = Metric(
    id="p90",
    name="Lead time p90",
    unit="day",
    aggregation=Aggregation.LEAD_TIME,
    orders="orders",
    deliveries="deliveries",
    percentile=D(90),
)


def order(ref: str, at: str, quantity: str, due: str) -> Observation:
    """An order record."""
    return Observation(
        metric="orders",
        at=day(at),
        value=D(quantity),
        ref=ref,
        dims={"order": ref, "due": due},
    )


def delivery(ref: str, at: str, quantity: str) -> Observation:
    """A delivery record."""
    return Observation(
        metric="deliveries", at=day(at), value=D(quantity), dims={"order": ref}
    )


#: o1: 10 due 01-10, 6 on 01-09 and 4 on 01-12 (the last day of grace): on time in full.
#: o2: 5 due 01-10, all on 01-13: a day late. o3: 5 due 02-10, never delivered: a failure.
#: o4: 8 due 03-30, grace to 04-01: decided in Q2, not Q1.
ORDER_LOG = [
    order("o1", "2027-01-02", "10", "2027-01-10"),
    delivery("o1", "2027-01-09", "6"),
    delivery("o1", "2027-01-12", "4"),
    order("o2", "2027-01-03", "5", "2027-01-10"),
    delivery("o2", "2027-01-13", "5"),
    order("o3", "2027-01-03", "5", "2027-02-10"),
    order("o4", "2027-03-01", "8", "2027-03-30"),
    delivery("o4", "2027-03-21", "8"),
]


class TestOrders:
    """OTIF and lead time from order and delivery records."""

    def test_otif(self) -> None:
        """Q1 decides o1, o2, o3 (deadlines 01-12, 01-12, 02-12): 1 of 3 on time in full, 33.33… percent."""
        a = agreement(*ORDERS, OTIF)

        assert D(100) / D(3) == q1(a, ORDER_LOG, "otif")

    def test_otif_details(self) -> None:
        """The window states the orders decided and those on time in full."""
        target = Target(
            metric="otif", value=D(95), direction=Direction.AT_LEAST, per=Period.QUARTER
        )
        a = agreement(*ORDERS, OTIF, target=target)
        window = evaluate(a, ORDER_LOG, as_of=END_OF_Q1).goal("g").window("FY2027-Q1")

        assert ({"orders": 3, "on_time_in_full": 1}, Standing.MISSED) == (
            dict(window.details),
            window.standing,
        )

    def test_otif_details_in_json(self) -> None:
        """The scorecard's JSON writes a window's details as plain counts."""
        target = Target(
            metric="otif", value=D(95), direction=Direction.AT_LEAST, per=Period.QUARTER
        )
        a = agreement(*ORDERS, OTIF, target=target)

        written = scorecard_to_dict(evaluate(a, ORDER_LOG, as_of=END_OF_Q1))

        q1 = written["goals"][0]["windows"][0]
        assert ("FY2027-Q1", {"orders": 3, "on_time_in_full": 1}) == (
            q1["label"],
            q1["details"],
        )
        assert {"orders": 0, "on_time_in_full": 0} == (
            written["goals"][0]["windows"][1]["details"]
        )

    def test_open_order_counts_once_past_grace(self) -> None:
        """On 02-12 o3 is still within grace (not counted: 1 of 2); on 02-13 it is a failure (1 of 3)."""
        index = ObservationIndex(agreement(*ORDERS, OTIF), ORDER_LOG)

        assert D(50) == index.actual("otif", *Q1, as_of=dt.date(2027, 2, 11))
        assert D(100) / D(3) == index.actual("otif", *Q1, as_of=dt.date(2027, 2, 12))

    def test_mean_lead_time(self) -> None:
        """Completed in Q1: o1 01-02→01-12 10 days, o2 01-03→01-13 10 days, o4 03-01→03-21 20 days: mean 40/3."""
        a = agreement(*ORDERS, LEAD)

        assert D(40) / D(3) == q1(a, ORDER_LOG, "lead")

    def test_p90_lead_time(self) -> None:
        """Nearest rank of 90 % of 3 values: ceil(2.7) = 3rd smallest of 10, 10, 20: 20."""
        a = agreement(*ORDERS, P90)

        assert D(20) == q1(a, ORDER_LOG, "p90")


class TestPercentile:
    """PERCENTILE: the nearest-rank percentile of the metric's own records."""

    @pytest.mark.parametrize(
        ("percentile", "expected"), [("50", "3"), ("90", "9"), ("100", "9"), ("1", "1")]
    )
    def test_nearest_rank(self, percentile: str, expected: str) -> None:
        """Of 1, 2, 3, 5, 9: p50 is the ceil(2.5) = 3rd, p90 the ceil(4.5) = 5th, p1 the 1st."""
        metric = Metric(
            id="m",
            name="M",
            unit="day",
            aggregation=Aggregation.PERCENTILE,
            percentile=D(percentile),
        )
        log = [record("m", f"2027-01-0{i + 1}", v) for i, v in enumerate("52913")]

        assert D(expected) == q1(agreement(metric), log, "m")


def forecast_metric(aggregation: Aggregation, unit: str = "percent") -> Metric:
    """A forecast measure of ``fc`` against ``sales`` at lag 1, weekly."""
    return Metric(
        id=aggregation.value,
        name=aggregation.value,
        unit=unit,
        aggregation=aggregation,
        forecast="fc",
        actual="sales",
        lag=1,
    )


FORECASTS = (
    *sums("fc", "sales"),
    *(
        forecast_metric(a)
        for a in Aggregation
        if a.is_forecast and a is not Aggregation.TRACKING_SIGNAL
    ),
    forecast_metric(Aggregation.TRACKING_SIGNAL, unit="count"),
)


def forecast(made: str, bucket: str, item: str, value: str) -> Observation:
    """A forecast record made on *made* for the week of *bucket*."""
    return record("fc", made, value, bucket=bucket, item=item)


#: W02 (01-11..01-17) at lag 1 takes the latest forecast made by the end of
#: W01 (01-10): x 100 (the 999 of 01-12 is too late), y 50.
#: Sales in W02: x 90 + 20 = 110, y 40, z 5 (no forecast). y in W03 has a
#: forecast and no sales.
FORECAST_LOG = [
    forecast("2027-01-08", "2027-01-11", "x", "100"),
    forecast("2027-01-12", "2027-01-11", "x", "999"),
    record("sales", "2027-01-12", "90", item="x"),
    record("sales", "2027-01-13", "20", item="x"),
    forecast("2027-01-08", "2027-01-11", "y", "50"),
    record("sales", "2027-01-14", "40", item="y"),
    record("sales", "2027-01-14", "5", item="z"),
    forecast("2027-01-01", "2027-01-18", "y", "10"),
]


class TestForecastMeasures:
    """x: A 110, F 100; y: A 40, F 50 — per item and ISO week, lag 1."""

    @pytest.mark.parametrize(
        ("aggregation", "expected"),
        [
            # Σ|A-F| = 10 + 10 = 20; Σ|A| = 150: 20/150 = 13.33… percent.
            (Aggregation.WMAPE, D(2000) / D(150)),
            # 1 - 20/150, in percent.
            (Aggregation.FORECAST_ACCURACY, D(100) - D(2000) / D(150)),
            # Σ(F-A) = -10 + 10 = 0.
            (Aggregation.FORECAST_BIAS, D(0)),
            # Σ(A-F) = 0, MAD = 20/2 = 10: 0.
            (Aggregation.TRACKING_SIGNAL, D(0)),
        ],
    )
    def test_worked_case(self, aggregation: Aggregation, expected: Decimal) -> None:
        """The measure over W02 and W03 in Q1."""
        assert expected == q1(agreement(*FORECASTS), FORECAST_LOG, aggregation.value)

    def test_tracking_signal_of_under_forecast(self) -> None:
        """Only x (A 110, F 100): Σ(A-F) = 10, MAD = 10: signal 1."""
        log = FORECAST_LOG[:4]

        assert D(1) == q1(agreement(*FORECASTS), log, "tracking_signal")

    def test_where_picks_the_forecaster(self) -> None:
        """Where party = a: a's forecast of 100 against 110 sold (no party on the sale): WMAPE 10/110."""
        log = [
            forecast("2027-01-08", "2027-01-11", "x", "100"),
            forecast("2027-01-08", "2027-01-11", "x", "130"),
            record("sales", "2027-01-12", "110", item="x"),
        ]
        log[0] = Observation(
            "fc", log[0].at, log[0].value, dims={**log[0].dims, "party": "a"}
        )
        log[1] = Observation(
            "fc", log[1].at, log[1].value, dims={**log[1].dims, "party": "b"}
        )
        index = ObservationIndex(agreement(*FORECASTS), log)

        assert D(1000) / D(110) == index.actual(
            "wmape", *Q1, as_of=END_OF_Q1, where={"party": "a"}
        )

    def test_unmatched_are_stated(self) -> None:
        """Two pairs; y in W03 has a forecast and no actual; z in W02 an actual and no forecast."""
        target = Target(
            metric="wmape", value=D(20), direction=Direction.AT_MOST, per=Period.QUARTER
        )
        a = agreement(*FORECASTS, target=target)
        window = (
            evaluate(a, FORECAST_LOG, as_of=END_OF_Q1).goal("g").window("FY2027-Q1")
        )

        assert {
            "pairs": 2,
            "forecasts_without_actual": 1,
            "actuals_without_forecast": 1,
        } == dict(window.details)

    @given(
        values=st.lists(
            st.tuples(st.sampled_from("abc"), st.integers(1, 10**6)),
            min_size=1,
            max_size=6,
        )
    )
    def test_perfect_forecast(self, values: list[tuple[str, int]]) -> None:
        """Forecasting exactly what happens gives a WMAPE of 0 and an accuracy of 100 percent."""
        log = [
            obs
            for n, (item, v) in enumerate(values)
            for obs in (
                forecast("2027-01-01", "2027-01-11", f"{item}{n}", str(v)),
                record("sales", "2027-01-12", str(v), item=f"{item}{n}"),
            )
        ]
        a = agreement(*FORECASTS)

        assert (D(0), D(100)) == (q1(a, log, "wmape"), q1(a, log, "forecast_accuracy"))

    @given(
        values=st.lists(
            st.tuples(st.integers(1, 10**6), st.integers(1, 10**6)),
            min_size=1,
            max_size=6,
        )
    )
    def test_bias_flips_sign(self, values: list[tuple[int, int]]) -> None:
        """Swapping forecasts and actuals flips the sign of the bias."""

        def log(swap: bool) -> list[Observation]:
            return [
                obs
                for n, pair in enumerate(values)
                for f, s in [pair[::-1] if swap else pair]
                for obs in (
                    forecast("2027-01-01", "2027-01-11", f"i{n}", str(f)),
                    record("sales", "2027-01-12", str(s), item=f"i{n}"),
                )
            ]

        a = agreement(*FORECASTS)
        straight = q1(a, log(False), "forecast_bias")
        swapped = q1(a, log(True), "forecast_bias")

        assert straight is not None
        assert swapped is not None
        assert (straight > 0, straight < 0) == (swapped < 0, swapped > 0)


class TestDecimalContext:
    """Computed measures are exact in the library's context, whatever the caller's."""

    def test_a_caller_context_of_three_digits(self) -> None:
        """Sales of 1000 and 1 against a forecast of 1001: a perfect forecast, WMAPE 0."""
        log = [
            forecast("2027-01-08", "2027-01-11", "x", "1001"),
            record("sales", "2027-01-12", "1000", item="x"),
            record("sales", "2027-01-13", "1", item="x"),
        ]
        with decimal.localcontext(decimal.Context(prec=3)):
            wmape = q1(agreement(*FORECASTS), log, "wmape")

        assert D(0) == wmape


class TestEdgesOfTheCalendar:
    """Records at the first and last days a date can hold are read, not a crash."""

    def test_records_at_the_ends(self) -> None:
        """A sale on 9999-12-31 and a forecast for year 1 leave Q1 as it was.

        The ISO week of 9999-12-31 ends past the last representable day, and
        the bucket before the first week of year 1 does not exist: both are
        clipped, and neither lies in the term.
        """
        log = [
            *FORECAST_LOG,
            record("sales", "9999-12-31", "7", item="x"),
            forecast("0001-01-01", "0001-01-01", "x", "3"),
            record("sales", "0001-01-02", "4", item="x"),
        ]

        assert D(2000) / D(150) == q1(agreement(*FORECASTS), log, "wmape")

    def test_an_order_due_at_the_end_of_time(self) -> None:
        """An order decided after 9999-12-31 is in no window: Q1's OTIF stands."""
        log = [*ORDER_LOG, order("late", "2027-01-04", "5", "9999-12-30")]

        assert q1(agreement(*ORDERS, OTIF), ORDER_LOG, "otif") == q1(
            agreement(*ORDERS, OTIF), log, "otif"
        )


class TestBadRecords:
    """Records the measures cannot read are refused with their positions, nothing evaluated."""

    def test_every_problem_listed(self) -> None:
        """A negative order, an order without a due date, a forecast without a bucket, a record of a computed metric."""
        a = agreement(*ORDERS, OTIF, *FORECASTS)
        log = [
            order("o1", "2027-01-02", "-10", "2027-01-10"),
            Observation(
                metric="orders", at=day("2027-01-02"), value=D(3), dims={"order": "o2"}
            ),
            record("fc", "2027-01-02", "10", item="x"),
            record("otif", "2027-01-02", "1"),
        ]
        with pytest.raises(InvalidObservationsError) as caught:
            evaluate(a, log, as_of=END_OF_Q1)

        assert [
            ("[0]", "an order quantity is at least 0, got -10"),
            ("[1]", "an order needs dims.due, its due date (YYYY-MM-DD), got None"),
            (
                "[2]",
                (
                    "a forecast needs dims.bucket, a day of the bucket it forecasts "
                    "(YYYY-MM-DD), got None"
                ),
            ),
            (
                "[3]",
                (
                    "metric 'otif' is computed (otif), not observed: record the "
                    "metrics it is computed from"
                ),
            ),
        ] == list(caught.value.problems)
