"""The invariants of computed metrics: each field with its aggregation, sides that resolve."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from tests.conftest import tampered

from mutualcommit import (
    Aggregation,
    Agreement,
    FormatError,
    InvalidAgreementError,
    Metric,
    Party,
    Period,
    Role,
    dumps,
    loads,
)
from mutualcommit.errors import InvalidFieldsError
from mutualcommit.model import UNREADABLE
from mutualcommit.model._measure_checks import _FIELDS, _plan


def build(*metrics: Metric) -> Agreement:
    """Return an agreement of 2027 with *metrics*."""
    return Agreement(
        id="a",
        title="A",
        parties=(
            Party(id="v", name="V", role=Role.VENDOR),
            Party(id="p", name="P", role=Role.PARTNER),
        ),
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        currency="EUR",
        metrics=metrics,
    )


def problems(*metrics: Metric) -> list[tuple[str, str]]:
    """Return the problems building an agreement with *metrics* reports."""
    with pytest.raises(InvalidAgreementError) as caught:
        build(*metrics)
    return list(caught.value.problems)


SUMS = (
    Metric(id="a", name="A", unit="count", aggregation=Aggregation.SUM),
    Metric(id="b", name="B", unit="count", aggregation=Aggregation.SUM),
)


class TestFieldsBelongToTheirAggregation:
    """A field of a computed measure on another aggregation is an error at its path."""

    def test_percentile_on_a_sum(self) -> None:
        """A SUM with a percentile is refused."""
        metric = Metric(
            id="m",
            name="M",
            unit="day",
            aggregation=Aggregation.SUM,
            percentile=Decimal(90),
        )

        assert [
            (
                "metrics[0].percentile",
                (
                    "'percentile' belongs to a metric of aggregation lead_time, "
                    "percentile, not sum"
                ),
            )
        ] == problems(metric)


class TestRequiredSides:
    """Each computed measure names what it is computed from."""

    def test_otif_without_sides(self) -> None:
        """OTIF without orders and deliveries lists both."""
        metric = Metric(id="m", name="M", unit="percent", aggregation=Aggregation.OTIF)

        assert [
            (
                "metrics[2].orders",
                (
                    "an otif metric needs 'orders': the id of the SUM metric of the "
                    "order records"
                ),
            ),
            (
                "metrics[2].deliveries",
                (
                    "an otif metric needs 'deliveries': the id of the SUM metric of the "
                    "delivery records"
                ),
            ),
        ] == problems(*SUMS, metric)

    def test_forecast_bad_lag_and_bucket(self) -> None:
        """A negative lag and a TERM bucket are refused."""
        metric = Metric(
            id="m",
            name="M",
            unit="percent",
            aggregation=Aggregation.WMAPE,
            forecast="a",
            actual="b",
            lag=-1,
            bucket=Period.TERM,
        )

        assert [
            ("metrics[2].lag", "expected a whole number from 0 to 520, got -1"),
            (
                "metrics[2].bucket",
                "expected a Period of week, month, quarter or year, got <Period.TERM: 'term'>",
            ),
        ] == problems(*SUMS, metric)

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("lag", 521, "expected a whole number from 0 to 520, got 521"),
            (
                "lag",
                10**5000,
                "expected a whole number from 0 to 520, got an integer of 16610 bits",
            ),
            (
                "grace_days",
                36526,
                "expected a whole number from 0 to 36525, got 36526",
            ),
        ],
        ids=["lag-521", "lag-huge", "grace-36526"],
    )
    def test_bounded_counts(self, field: str, value: int, message: str) -> None:
        """A lag beyond ten years of weeks, or grace beyond a century, is refused."""
        aggregation = Aggregation.WMAPE if field == "lag" else Aggregation.OTIF
        sides = (
            {"forecast": "a", "actual": "b"}
            if field == "lag"
            else {"orders": "a", "deliveries": "b"}
        )
        metric = Metric(
            id="m",
            name="M",
            unit="percent",
            aggregation=aggregation,
            **sides,  # type: ignore[arg-type]
            **{field: value},  # type: ignore[arg-type]
        )

        assert [(f"metrics[2].{field}", message)] == problems(*SUMS, metric)

    def test_percentile_out_of_range(self) -> None:
        """A percentile of 0 is refused; one of 100 is fine."""
        zero = Metric(
            id="m",
            name="M",
            unit="day",
            aggregation=Aggregation.PERCENTILE,
            percentile=Decimal(0),
        )
        hundred = Metric(
            id="n",
            name="N",
            unit="day",
            aggregation=Aggregation.PERCENTILE,
            percentile=Decimal(100),
        )

        assert [
            ("metrics[0].percentile", "expected a percentile in (0, 100], got 0")
        ] == (problems(zero, hundred))


class TestFormat:
    """Computed metrics round-trip; documents without them keep their fingerprint."""

    def test_round_trip(self) -> None:
        """A ratio with a side filter and a weekly forecast measure read back equal."""
        ratio = Metric(
            id="r",
            name="R",
            unit="percent",
            aggregation=Aggregation.RATIO,
            numerator="a",
            denominator="b",
            numerator_where={"status": "won"},
        )
        accuracy = Metric(
            id="f",
            name="F",
            unit="percent",
            aggregation=Aggregation.FORECAST_ACCURACY,
            forecast="a",
            actual="b",
            lag=1,
            bucket=Period.WEEK,
        )
        agreement = build(*SUMS, ratio, accuracy)

        assert agreement == loads(dumps(agreement))
        assert agreement.fingerprint() == loads(dumps(agreement)).fingerprint()

    def test_plain_metric_writes_no_new_key(self) -> None:
        """A SUM metric's canonical document has only its own keys, so old fingerprints hold."""
        text = dumps(build(*SUMS), canonical=True)

        assert (
            '"metrics":[{"aggregation":"sum","id":"a","name":"A","unit":"count"}'
            in text
        )


#: The metrics a computed metric below may be computed from: two SUMs, a
#: COUNT, a LAST and a ratio.
SOURCES = (
    Metric(id="s", name="S", unit="count", aggregation=Aggregation.SUM),
    Metric(id="c", name="C", unit="count", aggregation=Aggregation.COUNT),
    Metric(id="l", name="L", unit="count", aggregation=Aggregation.LAST),
    Metric(
        id="r",
        name="R",
        unit="percent",
        aggregation=Aggregation.RATIO,
        numerator="s",
        denominator="c",
    ),
    Metric(id="t", name="T", unit="count", aggregation=Aggregation.SUM),
)

A = Aggregation


def _metric(aggregation: Any, unit: str = "percent", **fields: Any) -> Metric:
    """Return metric ``m`` of *aggregation*, with *fields*.

    A side's ``where`` its constructor refuses (a number in it) is set
    around the constructor: what `measure_problems` says of it is tested.
    """
    try:
        return Metric(id="m", name="M", unit=unit, aggregation=aggregation, **fields)
    except InvalidFieldsError:
        wheres = {
            k: fields.pop(k)
            for k in ("numerator_where", "denominator_where")
            if k in fields
        }
        built = Metric(id="m", name="M", unit=unit, aggregation=aggregation, **fields)
        return tampered(built, **wheres)


class TestMeasureProblems:
    """Every problem of what a metric is computed from, at its path, in order."""

    @pytest.mark.parametrize(
        ("metric", "expected"),
        [
            pytest.param(
                _metric(A.RATIO),
                [
                    (
                        ".numerator",
                        "a ratio metric needs 'numerator': the id of a SUM or COUNT metric",
                    ),
                    (
                        ".denominator",
                        "a ratio metric needs 'denominator': the id of a SUM or COUNT metric",
                    ),
                ],
                id="ratio-none",
            ),
            pytest.param(
                _metric(A.RATIO, numerator="m", denominator="s"),
                [(".numerator", "metric 'm' cannot be computed from itself")],
                id="ratio-self",
            ),
            pytest.param(
                _metric(A.RATIO, numerator="x", denominator="s"),
                [(".numerator", "no metric with id 'x'")],
                id="ratio-unknown",
            ),
            pytest.param(
                _metric(A.RATIO, numerator="r", denominator="s"),
                [
                    (
                        ".numerator",
                        "metric 'r' is a ratio: a ratio of ratios is refused, name its SUM or COUNT sides instead",
                    )
                ],
                id="ratio-of-ratio",
            ),
            pytest.param(
                _metric(A.RATIO, numerator="l", denominator="c"),
                [
                    (
                        ".numerator",
                        "metric 'l' is a last, expected a COUNT or SUM metric",
                    )
                ],
                id="ratio-last",
            ),
            pytest.param(
                _metric(
                    A.RATIO,
                    numerator="s",
                    denominator="c",
                    numerator_where={"a": "b"},
                    denominator_where={"c": "d"},
                ),
                [],
                id="ratio-ok",
            ),
            pytest.param(
                _metric(
                    A.RATIO, numerator="s", denominator="c", numerator_where={"a": 1}
                ),
                [(".numerator_where", "expected strings, got 'a': 1")],
                id="ratio-where",
            ),
            pytest.param(
                _metric(
                    A.RATIO, numerator="s", denominator="s", denominator_where={2: "x"}
                ),
                [(".denominator_where", "expected strings, got 2: 'x'")],
                id="ratio-where-key",
            ),
            pytest.param(
                _metric(A.RATIO, numerator=5, denominator="s"),
                [(".numerator", "no metric with id 5")],
                id="ratio-num-int",
            ),
            pytest.param(
                _metric(A.PERCENTILE),
                [
                    (
                        ".percentile",
                        "a percentile metric needs 'percentile', in (0, 100]",
                    )
                ],
                id="pct-none",
            ),
            pytest.param(
                _metric(A.PERCENTILE, percentile=Decimal(0)),
                [(".percentile", "expected a percentile in (0, 100], got 0")],
                id="pct-zero",
            ),
            pytest.param(
                _metric(A.PERCENTILE, percentile=Decimal(100)), [], id="pct-100"
            ),
            pytest.param(
                _metric(A.PERCENTILE, percentile=Decimal("100.5")),
                [(".percentile", "expected a percentile in (0, 100], got 100.5")],
                id="pct-101",
            ),
            pytest.param(
                _metric(A.PERCENTILE, percentile=Decimal("NaN")),
                [(".percentile", "expected a finite decimal, got NaN")],
                id="pct-nan",
            ),
            pytest.param(
                _metric(A.LEAD_TIME, orders="s", deliveries="t"), [], id="lead-none"
            ),
            pytest.param(
                _metric(
                    A.LEAD_TIME, orders="s", deliveries="s", percentile=Decimal(50)
                ),
                [(".deliveries", "orders and deliveries are two different metrics")],
                id="lead-same",
            ),
            pytest.param(
                _metric(A.OTIF, orders="c", deliveries="t", grace_days=2),
                [(".orders", "metric 'c' is a count, expected a SUM metric")],
                id="otif-count",
            ),
            pytest.param(
                _metric(A.OTIF, orders="s", deliveries="t", grace_days=36525),
                [],
                id="otif-ok",
            ),
            pytest.param(
                _metric(A.OTIF, orders="r", deliveries="t"),
                [(".orders", "metric 'r' is a ratio, expected a SUM metric")],
                id="otif-ratio",
            ),
            pytest.param(
                _metric(A.WMAPE),
                [
                    (
                        ".forecast",
                        "a wmape metric needs 'forecast': the id of the SUM metric of the forecast records",
                    ),
                    (
                        ".actual",
                        "a wmape metric needs 'actual': the id of the SUM metric of what happened",
                    ),
                ],
                id="wmape-none",
            ),
            pytest.param(
                _metric(
                    A.FORECAST_ACCURACY,
                    forecast="s",
                    actual="s",
                    lag=520,
                    bucket=Period.MONTH,
                ),
                [(".actual", "forecast and actual are two different metrics")],
                id="fa-same",
            ),
            pytest.param(
                _metric(A.FORECAST_BIAS, forecast="s", actual="t", bucket=Period.WEEK),
                [],
                id="fb-ok",
            ),
            pytest.param(
                _metric(A.TRACKING_SIGNAL, forecast="s", actual="t", bucket="month"),
                [],
                id="ts-bucket",
            ),
            pytest.param(
                _metric(A.TRACKING_SIGNAL, forecast="s", actual="t", bucket=UNREADABLE),
                [
                    (
                        ".bucket",
                        "expected a Period of week, month, quarter or year, got <unreadable>",
                    )
                ],
                id="ts-bucket-x",
            ),
            pytest.param(
                _metric(
                    A.SUM,
                    numerator="s",
                    denominator="c",
                    numerator_where={"a": "b"},
                    percentile=Decimal(5),
                    orders="s",
                    deliveries="t",
                    grace_days=1,
                    forecast="s",
                    actual="t",
                    lag=1,
                    bucket=Period.WEEK,
                    unit="count",
                ),
                [
                    (
                        ".numerator",
                        "'numerator' belongs to a metric of aggregation ratio, not sum",
                    ),
                    (
                        ".denominator",
                        "'denominator' belongs to a metric of aggregation ratio, not sum",
                    ),
                    (
                        ".numerator_where",
                        "'numerator_where' belongs to a metric of aggregation ratio, not sum",
                    ),
                    (
                        ".percentile",
                        "'percentile' belongs to a metric of aggregation lead_time, percentile, not sum",
                    ),
                    (
                        ".orders",
                        "'orders' belongs to a metric of aggregation lead_time, otif, not sum",
                    ),
                    (
                        ".deliveries",
                        "'deliveries' belongs to a metric of aggregation lead_time, otif, not sum",
                    ),
                    (
                        ".grace_days",
                        "'grace_days' belongs to a metric of aggregation otif, not sum",
                    ),
                    (
                        ".forecast",
                        "'forecast' belongs to a metric of aggregation forecast_accuracy, forecast_bias, tracking_signal, wmape, not sum",
                    ),
                    (
                        ".actual",
                        "'actual' belongs to a metric of aggregation forecast_accuracy, forecast_bias, tracking_signal, wmape, not sum",
                    ),
                    (
                        ".lag",
                        "'lag' belongs to a metric of aggregation forecast_accuracy, forecast_bias, tracking_signal, wmape, not sum",
                    ),
                    (
                        ".bucket",
                        "'bucket' belongs to a metric of aggregation forecast_accuracy, forecast_bias, tracking_signal, wmape, not sum",
                    ),
                ],
                id="sum-foreign",
            ),
            pytest.param(
                _metric(A.COUNT, lag=3, unit="count"),
                [
                    (
                        ".lag",
                        "'lag' belongs to a metric of aggregation forecast_accuracy, forecast_bias, tracking_signal, wmape, not count",
                    )
                ],
                id="count-foreign-lag",
            ),
            pytest.param(
                _metric(A.RATIO, numerator="s", denominator="c", bucket=Period.WEEK),
                [
                    (
                        ".bucket",
                        "'bucket' belongs to a metric of aggregation forecast_accuracy, forecast_bias, tracking_signal, wmape, not ratio",
                    )
                ],
                id="ratio-foreign-bucket",
            ),
            pytest.param(
                _metric(A.OTIF, orders="s", deliveries="t", forecast="s"),
                [
                    (
                        ".forecast",
                        "'forecast' belongs to a metric of aggregation forecast_accuracy, forecast_bias, tracking_signal, wmape, not otif",
                    )
                ],
                id="otif-foreign-forecast",
            ),
            pytest.param(
                _metric(A.SUM, grace_days=True, unit="count"),
                [
                    (
                        ".grace_days",
                        "'grace_days' belongs to a metric of aggregation otif, not sum",
                    ),
                    (
                        ".grace_days",
                        "expected a whole number from 0 to 36525, got True",
                    ),
                ],
                id="sum-grace-true",
            ),
            pytest.param(
                _metric(A.SUM, lag="1", unit="count"),
                [
                    (
                        ".lag",
                        "'lag' belongs to a metric of aggregation forecast_accuracy, forecast_bias, tracking_signal, wmape, not sum",
                    ),
                    (".lag", "expected a whole number from 0 to 520, got '1'"),
                ],
                id="sum-lag-str",
            ),
            pytest.param(
                _metric(A.FORECAST_ACCURACY, forecast="s", actual="t", lag=-1),
                [(".lag", "expected a whole number from 0 to 520, got -1")],
                id="fa-lag-neg",
            ),
            pytest.param(
                _metric(A.FORECAST_ACCURACY, forecast="s", actual="t", lag=2**64),
                [
                    (
                        ".lag",
                        "expected a whole number from 0 to 520, got an integer of 65 bits",
                    )
                ],
                id="fa-lag-huge",
            ),
            pytest.param(
                _metric(A.FORECAST_ACCURACY, forecast="s", actual="t", lag=2**63),
                [
                    (
                        ".lag",
                        "expected a whole number from 0 to 520, got 9223372036854775808",
                    )
                ],
                id="fa-lag-big",
            ),
        ],
    )
    def test_metric(self, metric: Metric, expected: list[tuple[str, str]]) -> None:
        """The sixth metric, after the sources, has exactly these problems."""
        found: list[tuple[str, str]] = []
        try:
            build(*SOURCES, metric)
        except InvalidAgreementError as caught:
            found = list(caught.problems)

        assert found == [(f"metrics[5]{path}", message) for path, message in expected]


class TestPlans:
    """What each aggregation's plan checks: the fields foreign to it, read at once."""

    @pytest.mark.parametrize("aggregation", list(Aggregation), ids=str)
    def test_plan(self, aggregation: Aggregation) -> None:
        """The foreign fields are those of other aggregations, with their defaults."""
        plan = _plan(aggregation)
        foreign = [
            (name, default)
            for name, (allowed, default) in _FIELDS.items()
            if aggregation not in allowed
        ]
        plain = Metric(id="m", name="M", unit="count", aggregation=aggregation)

        assert list(plan.foreign) == foreign
        assert plan.read(plain) == plan.defaults
        assert plan.forecast is aggregation.is_forecast
        if len(foreign) > 1:
            assert plan.defaults == tuple(default for _, default in foreign)
        else:
            assert plan.defaults == foreign[0][1]

    def test_ratio_plan(self) -> None:
        """A ratio's plan reads every field but its sides and their filters."""
        plan = _plan(Aggregation.RATIO)
        metric = Metric(
            id="m", name="M", unit="count", aggregation=Aggregation.SUM, lag=3
        )

        assert [name for name, _ in plan.foreign] == [
            "percentile",
            "orders",
            "deliveries",
            "grace_days",
            "forecast",
            "actual",
            "lag",
            "bucket",
        ]
        assert plan.read(metric) == (None, None, None, 0, None, None, 3, None)
        assert plan.defaults == (None, None, None, 0, None, None, 0, None)
        assert plan.forecast is False

    def test_forecast_plan(self) -> None:
        """A forecast measure's plan knows it is one."""
        assert _plan(Aggregation.WMAPE).forecast is True


#: Money metrics a computed metric below may take its money from.
MONEY = (
    Metric(id="usd", name="Revenue USD", unit="USD", aggregation=Aggregation.SUM),
    Metric(id="usd2", name="Fees USD", unit="USD", aggregation=Aggregation.SUM),
    Metric(id="eur", name="Revenue EUR", unit="EUR", aggregation=Aggregation.SUM),
    Metric(id="bhd", name="Revenue BHD", unit="BHD", aggregation=Aggregation.SUM),
    Metric(id="deals", name="Deals", unit="count", aggregation=Aggregation.COUNT),
    Metric(id="units", name="Units", unit="count", aggregation=Aggregation.SUM),
    Metric(id="days", name="Days", unit="day", aggregation=Aggregation.SUM),
)


def _ratio(unit: str, numerator: str, denominator: str) -> Metric:
    return _metric(A.RATIO, unit, numerator=numerator, denominator=denominator)


def _pair(aggregation: Aggregation, unit: str, first: str, second: str) -> Metric:
    names = (
        ("forecast", "actual") if aggregation.is_forecast else ("orders", "deliveries")
    )
    return _metric(aggregation, unit, **dict(zip(names, (first, second), strict=True)))


class TestMoneyUnits:
    """A computed metric's money comes from metrics in its own currency, never two."""

    @pytest.mark.parametrize(
        ("metric", "expected"),
        [
            pytest.param(_ratio("USD", "usd", "deals"), [], id="usd-per-deal"),
            pytest.param(_ratio("percent", "usd", "usd2"), [], id="usd-share"),
            pytest.param(_ratio("count", "deals", "usd"), [], id="deals-per-usd"),
            pytest.param(
                _ratio("percent", "usd", "deals"), [], id="usd-per-deal-plain"
            ),
            pytest.param(_ratio("percent", "units", "deals"), [], id="counts"),
            pytest.param(
                _ratio("USD", "bhd", "deals"),
                [
                    (
                        ".numerator",
                        (
                            "a ratio in USD takes its money from its numerator: "
                            "expected a metric in USD, 'bhd' is in BHD"
                        ),
                    )
                ],
                id="usd-from-bhd",
            ),
            pytest.param(
                _ratio("USD", "units", "deals"),
                [
                    (
                        ".numerator",
                        (
                            "a ratio in USD takes its money from its numerator: "
                            "expected a metric in USD, 'units' is in count"
                        ),
                    )
                ],
                id="usd-from-counts",
            ),
            pytest.param(
                _ratio("USD", "usd", "usd2"),
                [
                    (
                        ".unit",
                        (
                            "a ratio over money ('usd2' is in USD) is a pure number: "
                            "expected a unit that is no currency, such as percent, got USD"
                        ),
                    )
                ],
                id="usd-over-usd-in-usd",
            ),
            pytest.param(
                _ratio("percent", "usd", "eur"),
                [
                    (
                        ".denominator",
                        (
                            "a ratio of money over money needs one currency: "
                            "'usd' is in USD, 'eur' in EUR"
                        ),
                    )
                ],
                id="usd-over-eur",
            ),
            pytest.param(
                _pair(A.FORECAST_ACCURACY, "percent", "usd", "usd2"), [], id="fa-usd"
            ),
            pytest.param(
                _pair(A.FORECAST_ACCURACY, "percent", "units", "days"),
                [],
                id="fa-plain-units",
            ),
            pytest.param(
                _pair(A.FORECAST_ACCURACY, "percent", "usd", "eur"),
                [
                    (
                        ".actual",
                        (
                            "forecast and actual are compared, so they need one unit "
                            "where either is money: 'usd' is in USD, 'eur' in EUR"
                        ),
                    )
                ],
                id="fa-usd-eur",
            ),
            pytest.param(
                _pair(A.WMAPE, "percent", "units", "usd"),
                [
                    (
                        ".actual",
                        (
                            "forecast and actual are compared, so they need one unit "
                            "where either is money: 'units' is in count, 'usd' in USD"
                        ),
                    )
                ],
                id="wmape-count-usd",
            ),
            pytest.param(
                _pair(A.LEAD_TIME, "day", "usd", "bhd"),
                [
                    (
                        ".deliveries",
                        (
                            "orders and deliveries are compared, so they need one unit "
                            "where either is money: 'usd' is in USD, 'bhd' in BHD"
                        ),
                    )
                ],
                id="lead-usd-bhd",
            ),
            pytest.param(
                _pair(A.OTIF, "USD", "usd", "usd2"),
                [
                    (
                        ".unit",
                        (
                            "an otif metric is no amount of money: "
                            "expected a unit that is no currency, got USD"
                        ),
                    )
                ],
                id="otif-in-usd",
            ),
            pytest.param(
                _pair(A.TRACKING_SIGNAL, "EUR", "usd", "eur"),
                [
                    (
                        ".unit",
                        (
                            "a tracking_signal metric is no amount of money: "
                            "expected a unit that is no currency, got EUR"
                        ),
                    ),
                    (
                        ".actual",
                        (
                            "forecast and actual are compared, so they need one unit "
                            "where either is money: 'usd' is in USD, 'eur' in EUR"
                        ),
                    ),
                ],
                id="signal-in-eur-usd-eur",
            ),
            pytest.param(
                _metric(A.PERCENTILE, "BHD", percentile=Decimal(90)), [], id="p90"
            ),
        ],
    )
    def test_metric(self, metric: Metric, expected: list[tuple[str, str]]) -> None:
        """The metric after the money metrics has exactly these problems."""
        found: list[tuple[str, str]] = []
        try:
            build(*MONEY, metric)
        except InvalidAgreementError as caught:
            found = list(caught.problems)

        assert found == [(f"metrics[7]{path}", message) for path, message in expected]

    def test_listed_with_every_other_problem(self) -> None:
        """A ratio relabelling BHD as USD is listed with the rest, built or read."""
        ratio = _ratio("USD", "bhd", "deals")
        blank = Metric(id="x", name=" ", unit="count", aggregation=Aggregation.SUM)
        relabelled = (
            "a ratio in USD takes its money from its numerator: "
            "expected a metric in USD, 'bhd' is in BHD"
        )
        expected = [
            ("metrics[7].numerator", relabelled),
            ("metrics[8].name", "expected a non-empty string"),
        ]
        with pytest.raises(InvalidAgreementError) as caught:
            build(*MONEY, ratio, blank)
        assert expected == list(caught.value.problems)

        document = json.loads(dumps(build(*MONEY)))
        document["metrics"] += [
            {
                "id": "m",
                "name": "M",
                "unit": "USD",
                "aggregation": "ratio",
                "numerator": "bhd",
                "denominator": "deals",
            },
            {"id": "x", "name": " ", "unit": "count", "aggregation": "sum"},
        ]
        with pytest.raises(FormatError) as read:
            loads(json.dumps(document))
        assert [(f"$.{path}", message) for path, message in expected] == list(
            read.value.problems
        )
