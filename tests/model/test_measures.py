"""The invariants of computed metrics: each field with its aggregation, sides that resolve."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mutualcommit import (
    Aggregation,
    Agreement,
    InvalidAgreementError,
    Metric,
    Party,
    Period,
    Role,
    dumps,
    loads,
)


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
