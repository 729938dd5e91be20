"""Computed measures, worked by hand: ratio, OTIF, lead time, percentile, forecast error.

The term is calendar 2027 (fiscal years from January); FY2027-Q1 is
01-01..03-31. ISO week 2027-W02 is 01-11..01-17, 2027-W03 01-18..01-24.
"""

from __future__ import annotations

import datetime as dt
import decimal
import types
from collections.abc import Iterable
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit import (
    Aggregation,
    Agreement,
    Direction,
    FiscalCalendar,
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
    evaluate_series,
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

        assert (
            {"orders": 3, "on_time_in_full": 1, "deliveries_without_order": 0},
            Standing.MISSED,
        ) == (
            dict(window.details),
            window.standing,
        )

    def test_otif_details_of_an_open_window(self) -> None:
        """Mid-quarter the open window states what is decided so far: o3 from the end of 02-12."""
        target = Target(
            metric="otif", value=D(95), direction=Direction.AT_LEAST, per=Period.QUARTER
        )
        a = agreement(*ORDERS, OTIF, target=target)
        cards = evaluate_series(a, ORDER_LOG, [day("2027-02-11"), day("2027-02-12")])

        assert [
            (
                {"orders": 2, "on_time_in_full": 1, "deliveries_without_order": 0},
                D(50),
                False,
            ),
            (
                {"orders": 3, "on_time_in_full": 1, "deliveries_without_order": 0},
                D(100) / D(3),
                False,
            ),
        ] == [
            (
                dict(card.goal("g").current.details),
                card.goal("g").current.actual,
                card.goal("g").current.closed,
            )
            for card in cards
        ]
        assert cards[1] == evaluate(a, ORDER_LOG, as_of=day("2027-02-12"))

    def test_otif_details_in_json(self) -> None:
        """The scorecard's JSON writes a window's details as plain counts."""
        target = Target(
            metric="otif", value=D(95), direction=Direction.AT_LEAST, per=Period.QUARTER
        )
        a = agreement(*ORDERS, OTIF, target=target)

        written = scorecard_to_dict(evaluate(a, ORDER_LOG, as_of=END_OF_Q1))

        q1 = written["goals"][0]["windows"][0]
        counts = {"orders": 3, "on_time_in_full": 1, "deliveries_without_order": 0}
        assert ("FY2027-Q1", counts) == (
            q1["label"],
            q1["details"],
        )
        assert {"orders": 0, "on_time_in_full": 0, "deliveries_without_order": 0} == (
            written["goals"][0]["windows"][1]["details"]
        )

    def test_otif_details_in_records(self) -> None:
        """A frame's records hold the same counts, None for the forecast ones."""
        target = Target(
            metric="otif", value=D(95), direction=Direction.AT_LEAST, per=Period.QUARTER
        )
        a = agreement(*ORDERS, OTIF, target=target)

        q1 = evaluate(a, ORDER_LOG, as_of=END_OF_Q1).to_records()[0]

        assert (3, 1, 0, None, None, None) == (
            q1["orders"],
            q1["on_time_in_full"],
            q1["deliveries_without_order"],
            q1["pairs"],
            q1["forecasts_without_actual"],
            q1["actuals_without_forecast"],
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
        (record,) = [
            r
            for r in evaluate(a, FORECAST_LOG, as_of=END_OF_Q1).to_records()
            if r["window"] == "FY2027-Q1"
        ]
        assert (None, 2, 1, 1) == (
            record["orders"],
            record["pairs"],
            record["forecasts_without_actual"],
            record["actuals_without_forecast"],
        )

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


class _Plain(Observation):
    """An observation the fast readers do not vouch for: the plain path reads it."""

    __slots__ = ()


def on_path(log: Iterable[Observation], path: str) -> list[Observation]:
    """Return *log* as the *path* ("fast" or "plain") of the measures reads it."""
    if path == "fast":
        return list(log)
    return [
        _Plain(metric=o.metric, at=o.at, value=o.value, ref=o.ref, dims=o.dims)
        for o in log
    ]


PATHS = pytest.mark.parametrize("path", ["fast", "plain"])

OTIF0 = Metric(
    id="otif0",
    name="OTIF without grace",
    unit="percent",
    aggregation=Aggregation.OTIF,
    orders="orders",
    deliveries="deliveries",
)
P50 = Metric(
    id="p50",
    name="Lead time p50",
    unit="day",
    aggregation=Aggregation.LEAD_TIME,
    orders="orders",
    deliveries="deliveries",
    percentile=D(50),
)
ALL_ORDER_MEASURES = (*ORDERS, OTIF, OTIF0, LEAD, P90, P50)

#: Seven orders, decided in January (deadline = due + grace):
#: o7: first 4 due 01-08, then corrected (same ref) to 2 ordered 01-03 due
#:     01-09; 3 delivered 01-09: done 01-09, lead 6.
#: o2: 10 due 01-10, in parts 4 (01-05) + 6 (01-10): done on its due day, lead 6.
#: o3: 5 due 01-10, all 5 on 01-11: a day late, within a grace of 2; lead 7.
#: o5: 6 due 01-12, 7 on 01-08 (more than ordered): done 01-08, lead 4.
#: o1: 8 due 01-12, in parts 3 + 3: never complete, a failure.
#: o6: 3 ordered 01-09 due 01-20, 3 delivered 01-07, before the order: done
#:     on 01-09, the day ordered, lead 0.
#: o4: 0 ordered 01-20 due 01-15: complete when placed (01-20, lead 0), after
#:     its deadline; its parts of 1 on 01-21 and 01-22 change nothing.
#: A delivery of 5 for "zz", an order nobody placed, is read by no order.
PARTS_LOG = [
    order("o1", "2027-01-05", "8", "2027-01-12"),
    delivery("o1", "2027-01-06", "3"),
    delivery("o1", "2027-01-07", "3"),
    order("o2", "2027-01-04", "10", "2027-01-10"),
    delivery("o2", "2027-01-05", "4"),
    delivery("o2", "2027-01-10", "6"),
    order("o3", "2027-01-04", "5", "2027-01-10"),
    delivery("o3", "2027-01-11", "5"),
    order("o4", "2027-01-20", "0", "2027-01-15"),
    delivery("o4", "2027-01-21", "1"),
    delivery("o4", "2027-01-22", "1"),
    order("o5", "2027-01-04", "6", "2027-01-12"),
    delivery("o5", "2027-01-08", "7"),
    order("o6", "2027-01-09", "3", "2027-01-20"),
    delivery("o6", "2027-01-07", "3"),
    Observation(
        metric="orders",
        at=day("2027-01-02"),
        value=D(4),
        ref="o7",
        dims={"order": "o7", "due": "2027-01-08"},
    ),
    Observation(
        metric="orders",
        at=day("2027-01-03"),
        value=D(2),
        ref="o7",
        dims={"order": "o7", "due": "2027-01-09"},
    ),
    delivery("o7", "2027-01-09", "3"),
    delivery("zz", "2027-01-06", "5"),
]


class TestOrdersWorked:
    """OTIF and lead times of orders in parts, early, late, empty and corrected, on both paths."""

    @PATHS
    def test_otif_by_grace(self, path: str) -> None:
        """On time in full: o7, o2, o5, o6 without grace (4 of 7); o3 too with 2 days (5 of 7)."""
        index = ObservationIndex(
            agreement(*ALL_ORDER_MEASURES), on_path(PARTS_LOG, path)
        )

        assert (D(400) / D(7), D(500) / D(7)) == (
            index.actual("otif0", *Q1, as_of=END_OF_Q1),
            index.actual("otif", *Q1, as_of=END_OF_Q1),
        )

    @PATHS
    def test_otif_windows(self, path: str) -> None:
        """A window holds the deadlines from its first day to its last or as_of, both included."""
        index = ObservationIndex(
            agreement(*ALL_ORDER_MEASURES), on_path(PARTS_LOG, path)
        )
        jan = day("2027-01-01")

        # By 01-10: o7 (01-09, on time), o2 (01-10, on time), o3 (01-10, late).
        assert D(200) / D(3) == index.actual("otif0", *Q1, as_of=day("2027-01-10"))
        # 01-10..01-12: o2 and o5 on time, o3 and o1 not.
        assert D(50) == index.actual(
            "otif0", day("2027-01-10"), day("2027-01-12"), as_of=END_OF_Q1
        )
        # Nothing decided before 01-09, nor in February.
        assert index.actual("otif0", jan, day("2027-01-08"), as_of=END_OF_Q1) is None
        assert (
            index.actual("otif0", day("2027-02-01"), day("2027-02-28"), as_of=END_OF_Q1)
            is None
        )
        # A window not started by as_of.
        assert index.actual("otif0", day("2027-02-01"), END_OF_Q1, as_of=jan) is None

    @PATHS
    def test_otif_details(self, path: str) -> None:
        """The orders decided and those on time in full, per window."""
        target = Target(
            metric="otif0",
            value=D(95),
            direction=Direction.AT_LEAST,
            per=Period.MONTH,
        )
        a = agreement(*ALL_ORDER_MEASURES, target=target)
        card = evaluate(a, on_path(PARTS_LOG, path), as_of=END_OF_Q1)
        windows = card.goal("g").windows

        assert [
            (
                {"orders": 7, "on_time_in_full": 4, "deliveries_without_order": 1},
                D(400) / D(7),
            ),
            ({"orders": 0, "on_time_in_full": 0, "deliveries_without_order": 0}, None),
        ] == [(dict(w.details), w.actual) for w in windows[:2]]

    @PATHS
    def test_an_order_counts_from_the_day_placed(self, path: str) -> None:
        """o4, due 01-15 but placed on 01-20, does not exist as of 01-19: 3 of 5 on time, then 4 of 7 with o4 and o6."""
        index = ObservationIndex(
            agreement(*ALL_ORDER_MEASURES), on_path(PARTS_LOG, path)
        )

        def otif(metric: str, as_of: str) -> Decimal | None:
            return index.actual(metric, *Q1, as_of=day(as_of))

        # By 01-19: o7, o2, o5 on time; o3 (a day late) and o1 not; o4's
        # deadline has passed, but it is placed only on 01-20.
        assert (D(60), D(400) / D(7)) == (
            otif("otif0", "2027-01-19"),
            otif("otif0", "2027-01-20"),
        )
        # Two days of grace: o3 on time too, o4's deadline 01-17.
        assert D(80) == otif("otif", "2027-01-19")

    @PATHS
    @pytest.mark.parametrize(
        ("metric", "direction"),
        [("otif0", Direction.AT_LEAST), ("lead", Direction.AT_MOST)],
    )
    def test_deliveries_without_order(
        self, path: str, metric: str, direction: Direction
    ) -> None:
        """January's deliveries that follow no order: zz's, and o6's of 01-07 until o6 is placed on 01-09."""
        target = Target(
            metric=metric, value=D(5), direction=direction, per=Period.MONTH
        )
        a = agreement(*ALL_ORDER_MEASURES, target=target)
        days = [day("2027-01-08"), day("2027-01-09"), END_OF_Q1]

        cards = evaluate_series(a, on_path(PARTS_LOG, path), days)

        assert [2, 1, 1] == [
            card.goal("g").window("FY2027-M01").details["deliveries_without_order"]
            for card in cards
        ]
        assert (
            0
            == (
                cards[-1]
                .goal("g")
                .window("FY2027-M02")
                .details["deliveries_without_order"]
            )
        )

    @PATHS
    def test_deliveries_without_order_per_item(self, path: str) -> None:
        """PO-1 delivered as 'PO-l', of item x; 'PO-9' of no item: x counts both, y the second, all both."""
        log = [
            Observation(
                "orders",
                day("2027-01-04"),
                D(10),
                ref="PO-1",
                dims={"order": "PO-1", "due": "2027-01-08", "item": "x"},
            ),
            Observation(
                "deliveries",
                day("2027-01-06"),
                D(10),
                dims={"order": "PO-l", "item": "x"},
            ),
            delivery("PO-9", "2027-01-07", "3"),
        ]
        counts = {}
        for where in ({}, {"item": "x"}, {"item": "y"}):
            target = Target(
                metric="otif0",
                value=D(95),
                direction=Direction.AT_LEAST,
                per=Period.WEEK,
                where=where,
            )
            a = agreement(*ALL_ORDER_MEASURES, target=target)
            window = (
                evaluate(a, on_path(log, path), as_of=day("2027-01-11"))
                .goal("g")
                .window("2027-W01")
            )
            counts[where.get("item")] = (window.actual, dict(window.details))

        # PO-1 is open past its deadline: a miss, and the count says why.
        missed = {"orders": 1, "on_time_in_full": 0}
        assert {
            None: (D(0), {**missed, "deliveries_without_order": 2}),
            "x": (D(0), {**missed, "deliveries_without_order": 2}),
            "y": (
                None,
                {"orders": 0, "on_time_in_full": 0, "deliveries_without_order": 1},
            ),
        } == counts

    @PATHS
    def test_mean_lead_time(self, path: str) -> None:
        """Leads 6, 6, 7, 4, 0, 0 of the six completed orders: mean 23/6."""
        index = ObservationIndex(
            agreement(*ALL_ORDER_MEASURES), on_path(PARTS_LOG, path)
        )

        assert D(23) / D(6) == index.actual("lead", *Q1, as_of=END_OF_Q1)

    @PATHS
    def test_lead_time_windows(self, path: str) -> None:
        """A lead time counts on its completion day (o6's on the day ordered, 01-09)."""
        index = ObservationIndex(
            agreement(*ALL_ORDER_MEASURES), on_path(PARTS_LOG, path)
        )

        def lead(metric: str, start: str, end: str, as_of: str) -> Decimal | None:
            return index.actual(metric, day(start), day(end), as_of=day(as_of))

        # 01-09: o6 (0) and o7 (6); 01-10: o2 (6).
        assert D(4) == lead("lead", "2027-01-09", "2027-01-10", "2027-03-31")
        assert D(3) == lead("lead", "2027-01-09", "2027-01-31", "2027-01-09")
        assert D(4) == lead("lead", "2027-01-08", "2027-01-08", "2027-03-31")
        assert D(0) == lead("lead", "2027-01-20", "2027-01-31", "2027-03-31")
        assert lead("lead", "2027-01-01", "2027-01-07", "2027-03-31") is None
        assert lead("lead", "2027-02-01", "2027-03-31", "2027-01-31") is None
        # Nearest rank of 0, 6, 6: p50 the 2nd, p90 the 3rd.
        assert (D(6), D(6)) == (
            lead("p50", "2027-01-09", "2027-01-10", "2027-03-31"),
            lead("p90", "2027-01-09", "2027-01-10", "2027-03-31"),
        )
        assert lead("p90", "2027-02-01", "2027-03-31", "2027-03-31") is None

    @PATHS
    def test_percentile_lead_times(self, path: str) -> None:
        """Of 0, 0, 4, 6, 6, 7: p50 is the ceil(3) = 3rd, 4; p90 the ceil(5.4) = 6th, 7."""
        index = ObservationIndex(
            agreement(*ALL_ORDER_MEASURES), on_path(PARTS_LOG, path)
        )

        assert (D(4), D(7)) == (
            index.actual("p50", *Q1, as_of=END_OF_Q1),
            index.actual("p90", *Q1, as_of=END_OF_Q1),
        )


#: Every computed measure: a fill rate, OTIF, lead times and forecast error.
ALL_COMPUTED = (
    *sums("ordered", "shipped", "orders", "deliveries"),
    FILL,
    OTIF,
    LEAD,
    P90,
    *FORECASTS,
)
#: Zeros spelt every way, signs of both kinds, places: what sums to a zero.
_ZEROISH = st.sampled_from(["0", "-0", "0.00", "-0.00", "1.5", "-1.5", "3", "-3"])


@st.composite
def _zeroish_logs(draw: st.DrawFn) -> list[Observation]:
    """Records of every measure whose sums, errors and quotients are often 0."""
    log = []
    for n in range(draw(st.integers(0, 12))):
        at = draw(st.dates(dt.date(2027, 1, 1), dt.date(2027, 1, 31))).isoformat()
        kind = draw(st.sampled_from(["ratio", "order", "forecast"]))
        if kind == "ratio":
            metric = draw(st.sampled_from(["ordered", "shipped"]))
            log.append(record(metric, at, draw(_ZEROISH)))
        elif kind == "order":
            quantity = draw(_ZEROISH).lstrip("-")
            log.append(order(f"o{n}", at, quantity, "2027-01-15"))
            log.append(delivery(f"o{n}", at, quantity))
        else:
            item = draw(st.sampled_from(["x", "y"]))
            log.append(forecast("2027-01-01", at, item, draw(_ZEROISH)))
            log.append(record("sales", at, draw(_ZEROISH), item=item))
    return log


class TestZeroIsWrittenZero:
    """A computed measure that is zero is 0: never -0, never 0E+3."""

    #: x under-forecast by 10 in W02 and over by 10 in W03, of returns
    #: (negative sales): the errors cancel out, against a negative ΣA.
    CANCELLING = (
        forecast("2027-01-08", "2027-01-11", "x", "-10"),
        record("sales", "2027-01-12", "-20", item="x"),
        forecast("2027-01-15", "2027-01-18", "x", "-30"),
        record("sales", "2027-01-19", "-20", item="x"),
        # Nothing shipped against returns of 5 ordered: 0 / -5.
        record("shipped", "2027-01-12", "0"),
        record("ordered", "2027-01-12", "-5"),
    )

    @PATHS
    def test_errors_that_cancel_out(self, path: str) -> None:
        """Σ(A - F) = 10 - 10: a tracking signal of 0; Σ(F - A) ÷ ΣA = 0 ÷ -40: a bias of 0; 0 ÷ -5: a fill rate of 0."""
        index = ObservationIndex(
            agreement(*ALL_COMPUTED), on_path(self.CANCELLING, path)
        )

        assert ["0", "0", "0", "50.0"] == [
            str(index.actual(metric, *Q1, as_of=END_OF_Q1))
            for metric in ("tracking_signal", "forecast_bias", "fill", "wmape")
        ]

    @PATHS
    def test_nothing_shipped_of_a_fraction(self, path: str) -> None:
        """0 shipped of 1.5 ordered: a fill rate of 0 ÷ 1.5, written 0 (not 0E+3)."""
        log = [
            record("shipped", "2027-01-12", "0"),
            record("ordered", "2027-01-12", "1.5"),
        ]
        index = ObservationIndex(agreement(*ALL_COMPUTED), on_path(log, path))

        assert "0" == str(index.actual("fill", *Q1, as_of=END_OF_Q1))

    @given(log=_zeroish_logs(), path=st.sampled_from(["fast", "plain"]))
    def test_no_signed_zero(self, log: list[Observation], path: str) -> None:
        """Whatever the records, every computed measure's zero, in any window, is 0."""
        index = ObservationIndex(agreement(*ALL_COMPUTED), on_path(log, path))
        weeks = [
            (day("2027-01-01"), day("2027-01-10")),
            (day("2027-01-11"), day("2027-01-17")),
            (day("2027-01-18"), day("2027-01-31")),
            Q1,
        ]

        for metric in ALL_COMPUTED:
            if not metric.aggregation.is_computed:
                continue
            for start, end in weeks:
                value = index.actual(metric.id, start, end, as_of=END_OF_Q1)
                if value is not None and value.is_zero():
                    assert (metric.id, "0") == (metric.id, str(value))


def lagged(id_: str, lag: int, bucket: Period = Period.WEEK) -> Metric:
    """WMAPE of ``fc`` against ``sales`` at *lag* buckets of *bucket*."""
    return Metric(
        id=id_,
        name=id_,
        unit="percent",
        aggregation=Aggregation.WMAPE,
        forecast="fc",
        actual="sales",
        lag=lag,
        bucket=bucket,
    )


LAGGED = (
    lagged("wmape_lag0", 0),
    lagged("wmape_lag2", 2),
    lagged("wmape_month", 0, Period.MONTH),
    lagged("wmape_month_lag1", 1, Period.MONTH),
)

#: W02 (01-11..01-17, lag 1: made by 01-10): x 10 (made on the cutoff day; the
#: 8 before it is revised, the 50 of 01-11 too late), y 9. Sold: x 7 + 5 = 12,
#: y 8, z -3 (a return, no forecast).
#: W03 (01-18..01-24, made by 01-17): x 8 against 5 sold; w 3, nothing sold.
#: Pairs (A, F): (12, 10), (8, 9), (5, 8): Σ|F-A| = 6, Σ|A| = 25, Σ(F-A) = 2.
WEEKS_LOG = [
    forecast("2027-01-03", "2027-01-11", "x", "8"),
    forecast("2027-01-10", "2027-01-14", "x", "10"),
    forecast("2027-01-11", "2027-01-11", "x", "50"),
    forecast("2027-01-05", "2027-01-17", "y", "9"),
    record("sales", "2027-01-12", "7", item="x"),
    record("sales", "2027-01-16", "5", item="x"),
    record("sales", "2027-01-13", "8", item="y"),
    record("sales", "2027-01-14", "-3", item="z"),
    forecast("2027-01-17", "2027-01-20", "x", "8"),
    forecast("2027-01-15", "2027-01-24", "w", "3"),
    record("sales", "2027-01-19", "5", item="x"),
]


class TestForecastWorked:
    """Every forecast measure of two weeks, worked by hand, on both paths."""

    @PATHS
    @pytest.mark.parametrize(
        ("metric", "expected"),
        [
            # 6/25 = 0.24.
            ("wmape", D(24)),
            ("forecast_accuracy", D(76)),
            # 2/25 = 0.08.
            ("forecast_bias", D(8)),
            # -Σ(F-A) / MAD = -2 / (6/3): a count, not scaled.
            ("tracking_signal", D(-1)),
        ],
    )
    def test_quarter(self, path: str, metric: str, expected: Decimal) -> None:
        """Both weeks' pairs, once the quarter has closed."""
        index = ObservationIndex(agreement(*FORECASTS), on_path(WEEKS_LOG, path))

        assert expected == index.actual(metric, *Q1, as_of=END_OF_Q1)

    @PATHS
    @pytest.mark.parametrize(
        ("metric", "expected"),
        [
            # W02 alone: (12, 10), (8, 9): 3/20.
            ("wmape", D(15)),
            ("forecast_accuracy", D(85)),
            # -1/20.
            ("forecast_bias", D(-5)),
            # 1 / (3/2).
            ("tracking_signal", D(2) / D(3)),
        ],
    )
    def test_a_week_not_ended(self, path: str, metric: str, expected: Decimal) -> None:
        """On 01-20 W03 has not ended: only W02 counts."""
        index = ObservationIndex(agreement(*FORECASTS), on_path(WEEKS_LOG, path))

        assert expected == index.actual(metric, *Q1, as_of=day("2027-01-20"))

    @PATHS
    def test_windows_of_weeks(self, path: str) -> None:
        """A week belongs to a window that holds its last day."""
        index = ObservationIndex(agreement(*FORECASTS), on_path(WEEKS_LOG, path))

        def wmape(start: str, end: str) -> Decimal | None:
            return index.actual("wmape", day(start), day(end), as_of=END_OF_Q1)

        # W03 alone: 3/5.
        assert D(60) == wmape("2027-01-18", "2027-01-24")
        assert D(60) == wmape("2027-01-24", "2027-01-31")
        assert D(15) == wmape("2027-01-11", "2027-01-17")
        assert D(15) == wmape("2027-01-17", "2027-01-23")
        assert wmape("2027-01-01", "2027-01-16") is None
        assert wmape("2027-01-25", "2027-03-31") is None

    @PATHS
    def test_details(self, path: str) -> None:
        """Three pairs, w's forecast without a sale, z's sale without a forecast; W02 alone on 01-20."""
        target = Target(
            metric="wmape", value=D(20), direction=Direction.AT_MOST, per=Period.MONTH
        )
        a = agreement(*FORECASTS, target=target)
        log = on_path(WEEKS_LOG, path)

        def details(as_of: str) -> dict[str, int]:
            card = evaluate(a, log, as_of=day(as_of))
            return dict(card.goal("g").window("FY2027-M01").details)

        assert [
            {"pairs": 3, "forecasts_without_actual": 1, "actuals_without_forecast": 1},
            {"pairs": 2, "forecasts_without_actual": 0, "actuals_without_forecast": 1},
        ] == [details("2027-03-31"), details("2027-01-20")]

    @PATHS
    @pytest.mark.parametrize(
        ("metric", "expected"),
        [
            # Lag 0, made by the week's end: W02 x 50 (|50-12| = 38), y 9
            # (1); W03 x 8 (3): 42/25.
            ("wmape_lag0", D(168)),
            # Lag 2, W02 made by 01-03: x 8 (made that day) against 12; y's 9
            # came later; nothing for W03 by 01-10: 4/12.
            ("wmape_lag2", D(100) / D(3)),
            # January at lag 0: x's latest (8, made 01-17) against 17, y 9
            # against 8: 10/25.
            ("wmape_month", D(40)),
            # January at lag 1: made by 2026-12-31: no forecast, no pair.
            ("wmape_month_lag1", None),
        ],
    )
    def test_lags_and_months(
        self, path: str, metric: str, expected: Decimal | None
    ) -> None:
        """The forecast paired is the latest made by the end of the bucket *lag* buckets before."""
        a = agreement(*FORECASTS, *LAGGED)
        index = ObservationIndex(a, on_path(WEEKS_LOG, path))

        assert expected == index.actual(metric, *Q1, as_of=END_OF_Q1)

    @PATHS
    def test_lag_details(self, path: str) -> None:
        """At lag 2, x of W02 is the only pair; y and z of W02 and x of W03 are sales unforecast."""
        target = Target(
            metric="wmape_lag2",
            value=D(20),
            direction=Direction.AT_MOST,
            per=Period.QUARTER,
        )
        a = agreement(*FORECASTS, *LAGGED, target=target)
        card = evaluate(a, on_path(WEEKS_LOG, path), as_of=END_OF_Q1)

        assert {
            "pairs": 1,
            "forecasts_without_actual": 0,
            "actuals_without_forecast": 3,
        } == dict(card.goal("g").window("FY2027-Q1").details)

    @PATHS
    def test_a_return_against_no_sale_forecast(self, path: str) -> None:
        """A forecast of 0 against a return of 4: |F-A| = 4 over |A| = 4, bias 4 / -4."""
        log = on_path(
            [
                forecast("2027-01-08", "2027-01-11", "x", "0"),
                record("sales", "2027-01-12", "-4", item="x"),
            ],
            path,
        )
        index = ObservationIndex(agreement(*FORECASTS), log)

        assert (D(100), D(0), D(-100), D(-1)) == tuple(
            index.actual(m, *Q1, as_of=END_OF_Q1)
            for m in ("wmape", "forecast_accuracy", "forecast_bias", "tracking_signal")
        )

    @PATHS
    def test_no_error_no_divisor(self, path: str) -> None:
        """Perfect forecasts of 0: no WMAPE (Σ|A| = 0), no bias (ΣA = 0), no signal (MAD = 0)."""
        log = on_path(
            [
                forecast("2027-01-08", "2027-01-11", "x", "0"),
                record("sales", "2027-01-12", "0", item="x"),
            ],
            path,
        )
        index = ObservationIndex(agreement(*FORECASTS), log)

        assert [None] * 4 == [
            index.actual(m, *Q1, as_of=END_OF_Q1)
            for m in ("wmape", "forecast_accuracy", "forecast_bias", "tracking_signal")
        ]

    @pytest.mark.parametrize(
        ("sold", "expected"),
        [
            # x forecast 100, sold 100: Σ|A-F| = 0, so MAD = 0.
            (
                [record("sales", "2027-01-12", "100", item="x")],
                {
                    "wmape": D(0),
                    "forecast_accuracy": D(100),
                    "forecast_bias": D(0),
                    "tracking_signal": None,
                },
            ),
            # x forecast 100, sold 0: Σ|A| = ΣA = 0; Σ(A-F) = -100, MAD = 100.
            (
                [record("sales", "2027-01-12", "0", item="x")],
                {
                    "wmape": None,
                    "forecast_accuracy": None,
                    "forecast_bias": None,
                    "tracking_signal": D(-1),
                },
            ),
            # A forecast and no sale: no pair.
            (
                [],
                {
                    "wmape": None,
                    "forecast_accuracy": None,
                    "forecast_bias": None,
                    "tracking_signal": None,
                },
            ),
        ],
        ids=["exact", "nothing sold", "no pair"],
    )
    @PATHS
    def test_no_value_when_its_own_divisor_is_0(
        self, sold: list[Observation], expected: dict[str, Decimal | None], path: str
    ) -> None:
        """Each measure is None rather than a division by 0, and only where its own divisor is 0."""
        log = on_path([forecast("2027-01-08", "2027-01-11", "x", "100"), *sold], path)
        terms = agreement(*FORECASTS)

        assert expected == {metric: q1(terms, log, metric) for metric in expected}


#: W02: party a forecast x 10 and y 5, party b x 20 (later: it stands
#: for all). Sold: x 12 (west) + 4 (east), 4 without an item (west), y 5.
FILTER_LOG = [
    Observation(
        "fc",
        day("2027-01-05"),
        D(10),
        dims={"bucket": "2027-01-11", "item": "x", "party": "a"},
    ),
    Observation(
        "fc",
        day("2027-01-06"),
        D(20),
        dims={"bucket": "2027-01-11", "item": "x", "party": "b"},
    ),
    Observation(
        "fc",
        day("2027-01-06"),
        D(5),
        dims={"bucket": "2027-01-11", "item": "y", "party": "a"},
    ),
    record("sales", "2027-01-12", "12", item="x", region="w"),
    record("sales", "2027-01-12", "4", item="x", region="e"),
    record("sales", "2027-01-13", "4", region="w"),
    record("sales", "2027-01-13", "5", item="y", region="w"),
]


class TestForecastFilters:
    """A filter picks forecasts on every pair; actuals only on the dimensions they carry."""

    @PATHS
    @pytest.mark.parametrize(
        ("where", "expected"),
        [
            # x (16, 20), y (5, 5): 4/21.
            ({}, D(400) / D(21)),
            # x (16, 10), y (5, 5): 6/21.
            ({"party": "a"}, D(600) / D(21)),
            ({"party": "b"}, D(25)),
            ({"item": "y"}, D(0)),
            # x (16, 10): the sale without an item is kept, and pairs with nothing.
            ({"party": "a", "item": "x"}, D("37.5")),
            # No forecast carries a region: none is picked.
            ({"party": "a", "region": "w"}, None),
            ({"party": "c"}, None),
        ],
    )
    def test_where(
        self, path: str, where: dict[str, str], expected: Decimal | None
    ) -> None:
        """The forecasts of the filter against every sale it does not rule out."""
        index = ObservationIndex(agreement(*FORECASTS), on_path(FILTER_LOG, path))

        assert expected == index.actual("wmape", *Q1, as_of=END_OF_Q1, where=where)


class TestRatioWorked:
    """A ratio's sides read the target's filter and their own; a missing numerator is 0."""

    def test_nothing_shipped_is_zero(self) -> None:
        """Ordered 100, nothing shipped: a fill rate of 0 percent, not no data."""
        a = agreement(*sums("ordered", "shipped"), FILL)

        assert D(0) == q1(a, [record("ordered", "2027-01-05", "100")], "fill")

    @pytest.mark.parametrize(
        ("unit", "where", "expected"),
        [
            ("count", {}, D(2) / D(3)),
            ("count", {"region": "w"}, D("0.5")),
            ("percent", {"region": "w"}, D(50)),
            ("percent", {"region": "e"}, D(100)),
            ("percent", {"region": "n"}, None),
        ],
    )
    def test_target_filter_on_both_sides(
        self, unit: str, where: dict[str, str], expected: Decimal | None
    ) -> None:
        """Won ÷ all deals of the region: west won 1 of 2, east 1 of 1, north none."""
        win = Metric(
            id="win",
            name="Win rate",
            unit=unit,
            aggregation=Aggregation.RATIO,
            numerator="deals",
            numerator_where={"status": "won"},
            denominator="deals",
            denominator_where={"kind": "deal"},
        )
        deals = Metric(
            id="deals", name="Deals", unit="count", aggregation=Aggregation.COUNT
        )
        log = [
            record("deals", "2027-01-05", "1", status="won", region="w", kind="deal"),
            record("deals", "2027-01-06", "1", status="lost", region="w", kind="deal"),
            record("deals", "2027-01-07", "1", status="won", region="e", kind="deal"),
            # Not a deal: in no denominator, nor (no status) any numerator.
            record("deals", "2027-01-08", "1", region="w"),
        ]
        index = ObservationIndex(agreement(deals, win), log)

        assert expected == index.actual("win", *Q1, as_of=END_OF_Q1, where=where)


class TestRatioSideFilters:
    """A side's own ``where`` adds to the target's: a record must hold both."""

    @staticmethod
    def index(sides: dict[str, dict[str, str]]) -> ObservationIndex:
        """Party a ordered 100 and shipped 90, party b shipped 7 (and ordered 50)."""
        ratio = Metric(
            id="fill",
            name="Fill",
            unit="count",
            aggregation=Aggregation.RATIO,
            numerator="shipped",
            denominator="ordered",
            numerator_where=sides.get("numerator_where", {}),
            denominator_where=sides.get("denominator_where", {}),
        )
        log = [
            record("ordered", "2027-02-01", "100", party="a"),
            record("shipped", "2027-02-01", "90", party="a"),
            record("shipped", "2027-02-01", "7", party="b"),
            record("ordered", "2027-02-01", "50", party="b"),
        ]
        return ObservationIndex(agreement(*sums("ordered", "shipped"), ratio), log)

    @pytest.mark.parametrize(
        ("sides", "where", "expected"),
        [
            # b's shipments over everyone's orders.
            ({"numerator_where": {"party": "b"}}, {}, D(7) / D(150)),
            # a's orders hold no shipment of b's: 0 of 100, not 7 of 100.
            ({"numerator_where": {"party": "b"}}, {"party": "a"}, D(0)),
            # The same pair twice is one filter.
            ({"numerator_where": {"party": "a"}}, {"party": "a"}, D("0.9")),
            # No order of a's is b's: no denominator, no value.
            ({"denominator_where": {"party": "b"}}, {"party": "a"}, None),
            ({"denominator_where": {"party": "b"}}, {}, D(97) / D(50)),
        ],
    )
    def test_both_filters_apply(
        self,
        sides: dict[str, dict[str, str]],
        where: dict[str, str],
        expected: Decimal | None,
    ) -> None:
        """A side filtered on b under a target filtered on a selects nothing."""
        index = self.index(sides)

        assert expected == index.actual("fill", *Q1, as_of=END_OF_Q1, where=where)

    def test_a_target_of_one_party(self) -> None:
        """A pledge of party a's fill rate never counts b's shipments."""
        target = Target(
            metric="fill",
            value=D("0.5"),
            direction=Direction.AT_LEAST,
            per=Period.QUARTER,
            where={"party": "a"},
        )
        ratio = Metric(
            id="fill",
            name="Fill",
            unit="count",
            aggregation=Aggregation.RATIO,
            numerator="shipped",
            denominator="ordered",
            numerator_where={"party": "b"},
        )
        log = [
            record("ordered", "2027-02-01", "100", party="a"),
            record("shipped", "2027-02-01", "7", party="b"),
        ]
        a = agreement(*sums("ordered", "shipped"), ratio, target=target)
        window = evaluate(a, log, as_of=END_OF_Q1).goal("g").window("FY2027-Q1")

        assert (D(0), Standing.MISSED) == (window.actual, window.standing)


class TestPercentileWorked:
    """A percentile reads the target's filter and the window's days."""

    #: 01-01..01-05: 5 (west), 2 (east), 9 (west), 1 (west), 3 (east).
    LOG = (
        record("m", "2027-01-01", "5", region="w"),
        record("m", "2027-01-02", "2", region="e"),
        record("m", "2027-01-03", "9", region="w"),
        record("m", "2027-01-04", "1", region="w"),
        record("m", "2027-01-05", "3", region="e"),
    )

    @pytest.mark.parametrize(
        ("start", "end", "as_of", "where", "expected"),
        [
            # 1, 2, 3, 5, 9: the ceil(2.5) = 3rd.
            ("2027-01-01", "2027-03-31", "2027-03-31", {}, D(3)),
            # West: 1, 5, 9: the 2nd.
            ("2027-01-01", "2027-03-31", "2027-03-31", {"region": "w"}, D(5)),
            ("2027-01-01", "2027-03-31", "2027-03-31", {"region": "e"}, D(2)),
            # 01-02..01-04: 1, 2, 9.
            ("2027-01-02", "2027-01-04", "2027-03-31", {}, D(2)),
            # By 01-03: 2, 9 (and 5 before the window): the 1st of 2.
            ("2027-01-02", "2027-03-31", "2027-01-03", {}, D(2)),
            ("2027-01-06", "2027-03-31", "2027-03-31", {}, None),
            ("2027-01-01", "2027-03-31", "2027-03-31", {"region": "n"}, None),
        ],
    )
    def test_windows_and_filters(
        self,
        start: str,
        end: str,
        as_of: str,
        where: dict[str, str],
        expected: Decimal | None,
    ) -> None:
        """The median (nearest rank) of the records the window and filter hold."""
        metric = Metric(
            id="m",
            name="M",
            unit="percent",
            aggregation=Aggregation.PERCENTILE,
            percentile=D(50),
        )
        index = ObservationIndex(agreement(metric), self.LOG)

        assert expected == index.actual(
            "m", day(start), day(end), as_of=day(as_of), where=where
        )


class TestEachBadRecord:
    """Each kind of record the measures cannot read is refused alone, with its position."""

    @PATHS
    @pytest.mark.parametrize(
        ("bad", "message"),
        [
            (
                delivery("o1", "2027-01-03", "-1"),
                "a delivery quantity is at least 0, got -1",
            ),
            (
                Observation("deliveries", day("2027-01-03"), D(1), dims={"x": "o1"}),
                "a delivery record needs dims.order, the order id",
            ),
            (
                Observation("deliveries", day("2027-01-03"), D(1), dims={"order": ""}),
                "a delivery record needs dims.order, the order id",
            ),
            (
                Observation(
                    "orders", day("2027-01-03"), D(1), dims={"due": "2027-01-09"}
                ),
                "an order record needs dims.order, the order id",
            ),
            (
                order("o2", "2027-01-03", "1", "2027-1-9"),
                "an order needs dims.due, its due date (YYYY-MM-DD), got '2027-1-9'",
            ),
            (
                order("o2", "2027-01-03", "1", "20270109"),
                "an order needs dims.due, its due date (YYYY-MM-DD), got '20270109'",
            ),
            (
                order("o2", "2027-01-03", "1", "2027-W02-1"),
                "an order needs dims.due, its due date (YYYY-MM-DD), got '2027-W02-1'",
            ),
            (
                forecast("2027-01-03", "2027-W02-1", "x", "1"),
                (
                    "a forecast needs dims.bucket, a day of the bucket it forecasts "
                    "(YYYY-MM-DD), got '2027-W02-1'"
                ),
            ),
            (
                forecast("2027-01-03", "2027-W02", "x", "1"),
                (
                    "a forecast needs dims.bucket, a day of the bucket it forecasts "
                    "(YYYY-MM-DD), got '2027-W02'"
                ),
            ),
            (
                forecast("2027-01-03", "20270111", "x", "1"),
                (
                    "a forecast needs dims.bucket, a day of the bucket it forecasts "
                    "(YYYY-MM-DD), got '20270111'"
                ),
            ),
            (
                record("wmape", "2027-01-02", "1"),
                (
                    "metric 'wmape' is computed (wmape), not observed: record the "
                    "metrics it is computed from"
                ),
            ),
        ],
    )
    def test_alone(self, path: str, bad: Observation, message: str) -> None:
        """A good order, its delivery and a forecast, then the bad record at [3]."""
        a = agreement(*ORDERS, OTIF, *FORECASTS)
        log = [
            order("o1", "2027-01-02", "2", "2027-01-10"),
            delivery("o1", "2027-01-03", "2"),
            forecast("2027-01-02", "2027-01-11", "x", "1"),
            bad,
        ]
        with pytest.raises(InvalidObservationsError) as caught:
            evaluate(a, on_path(log, path), as_of=END_OF_Q1)

        assert [("[3]", message)] == list(caught.value.problems)

    @PATHS
    def test_an_order_without_deliveries(self, path: str) -> None:
        """An order due '20270109' is refused even with no delivery or forecast in the log."""
        a = agreement(*ORDERS, OTIF)
        log = [
            order("o1", "2027-01-02", "2", "2027-01-10"),
            order("o2", "2027-01-03", "1", "20270109"),
        ]
        with pytest.raises(InvalidObservationsError) as caught:
            evaluate(a, on_path(log, path), as_of=END_OF_Q1)

        assert [
            (
                "[1]",
                "an order needs dims.due, its due date (YYYY-MM-DD), got '20270109'",
            )
        ] == list(caught.value.problems)

    @PATHS
    def test_a_retracted_order_is_not_checked(self, path: str) -> None:
        """An order retracted (value None) needs no due date: the log is read."""
        a = agreement(*ORDERS, OTIF)
        log = [
            order("o1", "2027-01-02", "2", "2027-01-10"),
            delivery("o1", "2027-01-03", "2"),
            Observation("orders", day("2027-01-04"), None, ref="o9", dims={"x": "y"}),
        ]

        assert D(100) == q1(a, on_path(log, path), "otif")


class TestWorkedAtTheEndsOfTime:
    """Measures of records at the first and last days a date can hold, worked by hand."""

    @PATHS
    def test_orders_decided_on_the_last_day(self, path: str) -> None:
        """Due 12-29 with 2 days of grace is decided on 9999-12-31; due 12-30 never is."""
        log = [
            order("later", "9999-11-30", "5", "9999-12-30"),
            order("late", "9999-12-01", "5", "9999-12-29"),
            delivery("late", "9999-12-30", "5"),
            delivery("later", "9999-12-30", "5"),
        ]
        index = ObservationIndex(agreement(*ALL_ORDER_MEASURES), on_path(log, path))
        start, end = dt.date(9999, 12, 1), dt.date.max

        # With grace only "late" is decided (on time); without, "late" is a
        # day late and "later" on its due day. Leads 29 and 30 days.
        assert (D(100), D(50), D("29.5")) == tuple(
            index.actual(m, start, end, as_of=end) for m in ("otif", "otif0", "lead")
        )

    @PATHS
    @pytest.mark.parametrize(
        ("metric", "last", "first"),
        [
            # Lag 1: x's 3 made 12-26, by the end of the week before (the
            # 30 of 12-27 is late); before year 1's first week, no week.
            ("wmape", D(25), None),
            ("wmape_lag0", D(650), D(25)),
            ("wmape_month", D(650), D(25)),
            ("wmape_month_lag1", None, None),
        ],
    )
    def test_forecasts_in_the_first_and_last_weeks(
        self, path: str, metric: str, last: Decimal | None, first: Decimal | None
    ) -> None:
        """The week of 9999-12-31 is clipped to it; year 1's first week has none before it."""
        log = [
            forecast("9999-12-26", "9999-12-30", "x", "3"),
            forecast("9999-12-27", "9999-12-30", "x", "30"),
            record("sales", "9999-12-31", "4", item="x"),
            forecast("0001-01-01", "0001-01-03", "y", "3"),
            record("sales", "0001-01-02", "4", item="y"),
        ]
        index = ObservationIndex(agreement(*FORECASTS, *LAGGED), on_path(log, path))
        end = dt.date.max

        assert (last, first) == (
            index.actual(metric, dt.date(9999, 12, 1), end, as_of=end),
            index.actual(metric, dt.date.min, dt.date(1, 1, 31), as_of=end),
        )


def _second(log: Iterable[Observation], suffix: str) -> list[Observation]:
    """Return *log*'s records of orders, deliveries, forecasts and sales renamed with *suffix*."""
    return [
        Observation(
            metric=o.metric + suffix, at=o.at, value=o.value, ref=o.ref, dims=o.dims
        )
        for o in log
        if o.metric in ("orders", "deliveries", "fc", "sales")
    ]


def _shared_agreement() -> Agreement:
    """Every measure twice over: on orders/fc/sales and on orders2/fc2/sales2 (sales2 mixed)."""
    second = (
        Metric(
            id="otif2",
            name="OTIF 2",
            unit="percent",
            aggregation=Aggregation.OTIF,
            orders="orders2",
            deliveries="deliveries2",
        ),
        Metric(
            id="lead2",
            name="Lead 2",
            unit="day",
            aggregation=Aggregation.LEAD_TIME,
            orders="orders2",
            deliveries="deliveries",
        ),
        Metric(
            id="wmape_fc2",
            name="W2",
            unit="percent",
            aggregation=Aggregation.WMAPE,
            forecast="fc2",
            actual="sales",
            lag=1,
        ),
        Metric(
            id="bias_sales2",
            name="B2",
            unit="percent",
            aggregation=Aggregation.FORECAST_BIAS,
            forecast="fc",
            actual="sales2",
            lag=1,
        ),
    )
    return agreement(
        *ALL_ORDER_MEASURES,
        *FORECASTS,
        *LAGGED,
        *sums("orders2", "deliveries2", "fc2", "sales2"),
        *second,
    )


#: The second set: the same orders delivered otherwise, forecasts doubled,
#: and sales2 with a region on each sale.
SHARED_LOG = [
    *PARTS_LOG,
    *WEEKS_LOG,
    *FILTER_LOG,
    *_second(PARTS_LOG[:8], "2"),
    *_second(WEEKS_LOG, "2"),
    *(
        Observation(o.metric + "2", o.at, o.value, dims={**o.dims, "region": "e"})
        for o in FILTER_LOG
        if o.metric == "sales"
    ),
]

SHARED_WHERES: list[dict[str, str]] = [
    {},
    {"item": "x"},
    {"party": "a"},
    {"region": "w"},
    {"party": "a", "item": "x"},
    {"party": "b"},
]


class TestOneIndexManyQuestions:
    """An index asked many questions answers each as a new index would (what it keeps is keyed right)."""

    @PATHS
    @pytest.mark.parametrize("backwards", [False, True])
    def test_same_answers(self, path: str, backwards: bool) -> None:
        """Every computed metric under every filter, asked in turn of one index, then each of its own."""
        a = _shared_agreement()
        log = on_path(SHARED_LOG, path)
        questions = [
            (m.id, where)
            for m in a.metrics
            if m.aggregation.is_computed
            for where in SHARED_WHERES
        ]
        if backwards:
            questions.reverse()
        shared = ObservationIndex(a, log)

        def ask(index: ObservationIndex, metric: str, where: dict[str, str]) -> object:
            return index.actual(metric, *Q1, as_of=END_OF_Q1, where=where)

        assert [ask(shared, m, w) for m, w in questions] == [
            ask(ObservationIndex(a, log), m, w) for m, w in questions
        ]


def quarterly(id_: str, lag: int) -> Metric:
    """WMAPE of ``fc`` against ``sales`` per fiscal quarter, at *lag* quarters."""
    return Metric(
        id=id_,
        name=id_,
        unit="percent",
        aggregation=Aggregation.WMAPE,
        forecast="fc",
        actual="sales",
        lag=lag,
        bucket=Period.QUARTER,
    )


class TestQuartersPastTheEndsOfTime:
    """Fiscal quarters from December: the last (Dec 9999..Feb 10000) and first are clipped."""

    @PATHS
    def test_clipped_quarters(self, path: str) -> None:
        """Dec 9999's quarter ends on 9999-12-31; year 1's quarter (Dec 0..Feb 1) starts on 0001-01-01.

        Dec 9999: x 3 (made 12-05) against 4, z 8 (made 11-30, by the end
        of the quarter before) against 10: 3/14 at lag 0, z's 2/10 at lag 1.
        Year 1: y 3 against 4 (its sale of 03-01 is the next quarter's):
        1/4 at lag 0; at lag 1 no quarter lies before it.
        """
        a = attrs.evolve(
            agreement(*sums("fc", "sales"), quarterly("q0", 0), quarterly("q1", 1)),
            fiscal_calendar=FiscalCalendar(start_month=12),
        )
        log = [
            forecast("9999-12-05", "9999-12-20", "x", "3"),
            record("sales", "9999-12-31", "4", item="x"),
            record("sales", "9999-11-30", "10", item="x"),
            forecast("9999-11-30", "9999-12-01", "z", "8"),
            record("sales", "9999-12-02", "10", item="z"),
            forecast("0001-01-01", "0001-02-10", "y", "3"),
            record("sales", "0001-02-28", "4", item="y"),
            record("sales", "0001-03-01", "9", item="y"),
        ]
        index = ObservationIndex(a, on_path(log, path))

        def wmape(metric: str, start: dt.date, end: dt.date) -> Decimal | None:
            return index.actual(metric, start, end, as_of=dt.date.max)

        last = dt.date(9999, 12, 1), dt.date.max
        first = dt.date.min, dt.date(1, 2, 28)
        assert [D(300) / D(14), D(20), D(25), None] == [
            wmape("q0", *last),
            wmape("q1", *last),
            wmape("q0", *first),
            wmape("q1", *first),
        ]

    @PATHS
    def test_year_one_quarter_ends_in_february(self, path: str) -> None:
        """Year 1's clipped quarter ends on 0001-02-28, not 0001-01-01: its pair counts in February.

        y 3 against 4 at lag 0: 1/4 in ``[0001-02-01, 0001-02-28]``; a window
        of January alone holds no quarter's end, so no pair.
        """
        a = attrs.evolve(
            agreement(*sums("fc", "sales"), quarterly("q0", 0)),
            fiscal_calendar=FiscalCalendar(start_month=12),
        )
        log = [
            forecast("0001-01-01", "0001-02-10", "y", "3"),
            record("sales", "0001-02-28", "4", item="y"),
        ]
        index = ObservationIndex(a, on_path(log, path))

        assert [D(25), None] == [
            index.actual("q0", dt.date(1, 2, 1), dt.date(1, 2, 28), as_of=dt.date.max),
            index.actual("q0", dt.date.min, dt.date(1, 1, 31), as_of=dt.date.max),
        ]


class TestActualsWithoutTheDimension:
    """A sale without a dimension of the filter is not ruled out by it."""

    @PATHS
    def test_details(self, path: str) -> None:
        """Party a, item x: x's pair and the sale without an item (a sale unforecast)."""
        target = Target(
            metric="wmape",
            value=D(20),
            direction=Direction.AT_MOST,
            per=Period.QUARTER,
            where={"party": "a", "item": "x"},
        )
        a = agreement(*FORECASTS, target=target)
        card = evaluate(a, on_path(FILTER_LOG, path), as_of=END_OF_Q1)
        window = card.goal("g").window("FY2027-Q1")

        assert (
            {"pairs": 1, "forecasts_without_actual": 0, "actuals_without_forecast": 1},
            D("37.5"),
        ) == (dict(window.details), window.actual)


class TestBadRecordsAmongOthers:
    """Every bad record is named, whatever stands before it; good ones never are."""

    def test_problems_after_others(self) -> None:
        """Not-observations, a computed metric's record, a retraction and orders of 0 pass by; the order of -1 is named."""
        a = agreement(*ORDERS, OTIF, *FORECASTS)
        log: list[object] = [
            "junk",
            record("otif", "2027-01-02", "1"),
            # A retraction needs no due date.
            Observation(
                "orders", day("2027-01-03"), None, ref="o9", dims={"order": "o9"}
            ),
            # Orders and deliveries of 0 are fine.
            order("o0", "2027-01-03", "0", "2027-01-10"),
            Observation("deliveries", day("2027-01-04"), D(0), dims={"order": "o0"}),
            # Look-alikes without a value or dims: the log's own check names them.
            types.SimpleNamespace(metric="orders"),
            types.SimpleNamespace(metric="orders", value=D(-1)),
            order("o1", "2027-01-05", "-1", "2027-01-10"),
        ]
        with pytest.raises(InvalidObservationsError) as caught:
            evaluate(a, log, as_of=END_OF_Q1)  # type: ignore[arg-type]

        # The log's own problems first, then the measures'.
        assert [
            ("[0]", "expected an Observation, got str"),
            ("[5]", "expected an Observation, got SimpleNamespace"),
            ("[6]", "expected an Observation, got SimpleNamespace"),
            (
                "[1]",
                (
                    "metric 'otif' is computed (otif), not observed: record the "
                    "metrics it is computed from"
                ),
            ),
            ("[7]", "an order quantity is at least 0, got -1"),
        ] == list(caught.value.problems)


class TestOneOrderPerId:
    """One id names one order: two standing orders of it are refused, never one dropped."""

    @PATHS
    def test_two_lines_of_one_id(self, path: str) -> None:
        """Two lines of purchase order PO-1 (refs of their own): the second is named with the first."""
        a = agreement(*ORDERS, OTIF)
        log = [
            Observation(
                "orders",
                day("2027-01-02"),
                D(10),
                ref="PO-1/1",
                dims={"order": "PO-1", "due": "2027-01-10", "item": "a"},
            ),
            Observation(
                "orders",
                day("2027-01-02"),
                D(5),
                ref="PO-1/2",
                dims={"order": "PO-1", "due": "2027-01-10", "item": "b"},
            ),
            delivery("PO-1", "2027-01-05", "10"),
            order("o2", "2027-01-03", "2", "2027-01-10"),
            # Without refs, both stand too.
            Observation(
                "orders",
                day("2027-01-04"),
                D(1),
                dims={"order": "o2", "due": "2027-01-10"},
            ),
        ]
        with pytest.raises(InvalidObservationsError) as caught:
            evaluate(a, on_path(log, path), as_of=END_OF_Q1)

        hint = (
            "one order id names one order; give each order line an id of its own, "
            "or correct the order with a record of the same ref"
        )
        assert [
            (
                "[1]",
                (
                    "order 'PO-1' is already placed by an earlier record "
                    f"(of 2027-01-02, ref 'PO-1/1'): {hint}"
                ),
            ),
            (
                "[4]",
                (
                    "order 'o2' is already placed by an earlier record "
                    f"(of 2027-01-03, ref 'o2'): {hint}"
                ),
            ),
        ] == list(caught.value.problems)

    @PATHS
    def test_corrected_or_retracted_by_ref(self, path: str) -> None:
        """A later record of the same ref replaces the order; a retracted one frees its id."""
        a = agreement(*ORDERS, OTIF)
        log = [
            order("o1", "2027-01-02", "10", "2027-01-10"),
            order("o1", "2027-01-03", "4", "2027-01-10"),  # corrected to 4
            delivery("o1", "2027-01-05", "4"),
            Observation(
                "orders",
                day("2027-01-02"),
                D(3),
                ref="old",
                dims={"order": "o2", "due": "2027-01-10"},
            ),
            Observation("orders", day("2027-01-02"), None, ref="old"),
            order("o2", "2027-01-03", "3", "2027-01-10"),  # never delivered
        ]

        assert D(50) == q1(a, on_path(log, path), "otif")

    @PATHS
    def test_other_problems_keep_their_order(self, path: str) -> None:
        """The problems are listed by position, whatever check finds them."""
        a = agreement(*ORDERS, OTIF)
        log = [
            order("o1", "2027-01-02", "1", "2027-01-10"),
            order("o2", "2027-01-02", "1", "2027-01-10"),
            Observation(
                "orders",
                day("2027-01-03"),
                D(1),
                dims={"order": "o1", "due": "2027-01-10"},
            ),
            order("o3", "2027-01-02", "-1", "2027-01-10"),
        ]
        with pytest.raises(InvalidObservationsError) as caught:
            evaluate(a, on_path(log, path), as_of=END_OF_Q1)

        assert ["[2]", "[3]"] == [where for where, _ in caught.value.problems]

    def test_the_log_strategy_places_each_id_once(self) -> None:
        """`mutualcommit.testing`'s logs correct an order by its ref: every drawn log is read."""
        from mutualcommit.testing import strategies

        a = agreement(*ORDERS, OTIF, LEAD)

        @given(strategies.observations(a))
        def read(log: list[Observation]) -> None:
            ObservationIndex(a, log)

        read()


class TestLeadTimeNeverNegative:
    """A delivery dated before its order counts on the day ordered: a lead time of 0."""

    @PATHS
    def test_shipped_before_ordered(self, path: str) -> None:
        """Leads 2 and max(-5, 0): a mean of 1, not -1.5, which would meet "at most 5" by itself."""
        a = agreement(*ORDERS, LEAD, OTIF)
        log = [
            order("o1", "2027-01-04", "10", "2027-01-08"),
            delivery("o1", "2027-01-06", "10"),
            delivery("o5", "2027-03-05", "10"),
            order("o5", "2027-03-10", "10", "2027-03-12"),
        ]
        index = ObservationIndex(a, on_path(log, path))

        assert (D(1), D(0), D(100)) == (
            index.actual("lead", *Q1, as_of=END_OF_Q1),
            index.actual("lead", day("2027-03-10"), day("2027-03-10"), as_of=END_OF_Q1),
            index.actual("otif", *Q1, as_of=END_OF_Q1),
        )


class TestDeliveredBeforeOrdered:
    """OTIF judges a delivery dated before its order on the day ordered, as lead time does."""

    @PATHS
    def test_due_before_ordered(self, path: str) -> None:
        """Ordered 03-16, due 03-14, delivered 03-14: complete on 03-16, late without grace, on time with 2 days."""
        a = agreement(*ORDERS, LEAD, OTIF, OTIF0)
        log = [
            order("o3", "2027-03-16", "7", "2027-03-14"),
            delivery("o3", "2027-03-14", "7"),
        ]
        index = ObservationIndex(a, on_path(log, path))

        assert (D(0), D(0), D(100)) == (
            index.actual("lead", *Q1, as_of=END_OF_Q1),
            index.actual("otif0", *Q1, as_of=END_OF_Q1),
            index.actual("otif", *Q1, as_of=END_OF_Q1),
        )


class TestOrderIdDocumented:
    """`Metric`'s reference says what the measures read: an order's id is its ``dims["order"]``."""

    def test_an_order_without_dims_order(self) -> None:
        """An order named by its ref alone is refused, and the reference says why."""
        log = [
            Observation(
                "orders",
                day("2027-01-02"),
                D(10),
                ref="PO-1",
                dims={"due": "2027-01-10"},
            ),
            delivery("PO-1", "2027-01-05", "10"),
        ]
        with pytest.raises(InvalidObservationsError) as caught:
            ObservationIndex(agreement(*ORDERS, OTIF), log)

        assert [("[0]", "an order record needs dims.order, the order id")] == list(
            caught.value.problems
        )
        doc = " ".join(str(Metric.__doc__).split())
        assert '``dims["order"]``: the order id, required' in doc
        assert '``dims["order"]``: the id of the order delivered' in doc
