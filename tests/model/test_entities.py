"""The entities' own helpers: the shared field builders and derived properties."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from mutualcommit import Aggregation, Metric, Quantity
from mutualcommit.model._entities import _extensions, _mapping
from mutualcommit.model._frozen import EMPTY


def _made(field: Any) -> Any:
    """Return a class made now with the one field *field* (built at test time)."""
    return attrs.make_class("Made", {"value": field}, frozen=True)


class TestFieldBuilders:
    """The extensions and mapping fields every entity shares."""

    def test_extensions(self) -> None:
        """Extensions default to the shared empty mapping, are frozen, unhashed, unshown."""
        made = _made(_extensions())
        field = attrs.fields(made).value

        assert made().value is EMPTY
        assert dict(made(value={"ui": ["red"]}).value) == {"ui": ("red",)}
        assert (field.hash, field.repr, field.eq) == (False, False, True)

    def test_mapping(self) -> None:
        """A mapping field defaults to the shared empty one and freezes a dict."""
        made = _made(_mapping())
        field = attrs.fields(made).value
        given = {"region": "emea"}
        value = made(value=given).value

        assert made().value is EMPTY
        assert value == given
        assert value is not given
        assert (field.hash, field.repr, field.eq) == (None, True, True)


class TestQuantity:
    """A quantity knows whether its unit is money."""

    def test_is_money(self) -> None:
        """A currency code is money; count, percent, fte, hour and day are not."""
        units = ["EUR", "count", "percent", "fte", "hour", "day", "USD"]

        assert [Quantity(amount=Decimal(1), unit=u).is_money for u in units] == [
            True,
            False,
            False,
            False,
            False,
            False,
            True,
        ]


class TestMetricSources:
    """A computed metric names the metrics it is computed from, in field order."""

    def test_observed_metric(self) -> None:
        """A metric that is observed has no sources."""
        metric = Metric(id="m", name="M", unit="EUR", aggregation=Aggregation.SUM)

        assert metric.sources == ()

    def test_every_side(self) -> None:
        """Every side set is a source, in the order of the fields."""
        metric = Metric(
            id="m",
            name="M",
            unit="count",
            aggregation=Aggregation.RATIO,
            actual="f",
            forecast="e",
            deliveries="d",
            orders="c",
            denominator="b",
            numerator="a",
        )

        assert metric.sources == ("a", "b", "c", "d", "e", "f")

    def test_some_sides(self) -> None:
        """Unset sides are left out."""
        metric = Metric(
            id="m",
            name="M",
            unit="percent",
            aggregation=Aggregation.OTIF,
            orders="o",
            deliveries="d",
        )

        assert metric.sources == ("o", "d")
