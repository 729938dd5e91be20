"""The model classes' repr, ``==`` and hash against their plain twins.

The model's classes share one repr and compile their own ``==`` and hash
when first used, rather than having attrs write and compile all three for
each class at import. Each class's plain twin is the same class as attrs
builds it by default (same name, module and fields, attrs' own generated
methods): on the model's values the two give the same text, the same
answers and the same hash.
"""

from __future__ import annotations

import datetime as dt
import pickle
import types
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given

from mutualcommit import model
from mutualcommit.model import (
    Accrual,
    Agreement,
    Clause,
    Direction,
    ExceptionCriterion,
    Fund,
    FundEvent,
    FundEventKind,
    Observation,
    Quantity,
    Remedy,
    ResourceAllocation,
    Step,
    Target,
)
from mutualcommit.testing.strategies import agreements

#: Every attrs class of the model, by name.
MODEL_CLASSES = {
    name: getattr(model, name)
    for name in model.__all__
    if isinstance(getattr(model, name), type) and attrs.has(getattr(model, name))
}

_TWINS: dict[type, type] = {}


def twin_class(cls: type) -> type:
    """Return *cls* as attrs builds it by default: its generated repr, == and hash."""
    if cls not in _TWINS:
        body = {"__module__": cls.__module__, "__qualname__": cls.__qualname__}
        bare = types.new_class(cls.__name__, (), {}, lambda ns: ns.update(body))
        these = {
            field.name: attrs.field(
                default=field.default,
                converter=field.converter,
                eq=field.eq,
                hash=field.hash,
                repr=field.repr,
                init=field.init,
                alias=None if field.alias == field.name.lstrip("_") else field.alias,
                type=field.type,
                kw_only=field.kw_only,
            )
            for field in attrs.fields(cls)
        }
        _TWINS[cls] = attrs.frozen(bare, these=these)
    return _TWINS[cls]


def twin(value: Any) -> Any:
    """Return the plain twin of the model value *value*, with the same fields."""
    cls = type(value)
    fields = attrs.fields(cls)
    return twin_class(cls)(
        **{f.alias: getattr(value, f.name) for f in fields if f.init},
    )


def values(value: Any) -> Iterator[Any]:
    """Yield *value* and every model value inside it, depth first."""
    if attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            yield from values(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from values(item)


def observations() -> list[Observation]:
    """Return observations with and without a ref, dimensions and a value."""
    day = dt.date(2027, 3, 1)
    return [
        Observation("revenue", day, Decimal("12.50")),
        Observation("revenue", day, None, ref="d-1", dims={"region": "emea"}),
        Observation("revenue", day, Decimal("12.5")),
    ]


def fund_events() -> list[FundEvent]:
    """Return fund events with every field set and with the defaults."""
    day = dt.date(2027, 3, 1)
    return [
        FundEvent(
            fund="mdf",
            event=FundEventKind.REQUEST,
            at=day,
            ref="r1",
            amount=Decimal("5000.00"),
            activity="Roadshow",
            start=day,
            end=day + dt.timedelta(days=2),
            cost=Decimal(10000),
        ),
        FundEvent(
            fund="mdf",
            event=FundEventKind.CLAIM,
            at=day,
            ref="c1",
            amount=None,
            request="r1",
            incurred=day,
            proof=("invoice-7", "photo-2"),
            reason="late",
        ),
    ]


def _settings(cls: type) -> list[tuple[Any, ...]]:
    """Return what a class's fields say about its repr, ==, hash and __init__."""
    return [
        (f.name, f.default, f.converter, f.repr, f.eq, f.hash, f.init, f.kw_only)
        for f in attrs.fields(cls)
    ]


class TestValueMethodTwins:
    """Every model value has the repr, equality and hash of its plain twin."""

    def test_every_class(self, agreement: Agreement) -> None:
        """A value of each model class has its twin's repr, hash and equality."""
        eur = Quantity(amount=Decimal("100.00"), unit="EUR")
        fund = Fund(accrual=Accrual(rate=Decimal("0.02"), of="revenue"))
        others = [
            ResourceAllocation(id="mdf", party="vendor", amount=eur, fund=fund),
            ExceptionCriterion(
                id="fill",
                title="Fill rate",
                measure="revenue",
                owner="vendor",
                resolve_within_days=5,
                lower=Decimal("0.95"),
                where={"region": "emea"},
                extensions={"ui": {"colour": "red"}},
            ),
            Remedy(
                id="credit",
                title="Service credit",
                payer="vendor",
                beneficiary="reseller",
                goal="g1",
                amount=eur,
                cap=eur,
            ),
        ]
        found = [
            *values(agreement),
            *(v for other in others for v in values(other)),
            *fund_events(),
            *observations(),
        ]

        assert {type(v) for v in found} == set(MODEL_CLASSES.values())
        for value in found:
            double = twin(value)
            assert repr(value) == repr(double)
            assert hash(value) == hash(double)
            for other in found:
                if type(other) is type(value):
                    assert (value == other) == (double == twin(other))

    @given(agreements(), agreements())
    def test_agreements(self, first: Agreement, second: Agreement) -> None:
        """Repr, hash and == of each value in two agreements match the twins'."""
        found = [*values(first), *values(second), *fund_events(), *observations()]
        for value in found:
            double = twin(value)
            assert repr(value) == repr(double)
            assert hash(value) == hash(double)
            assert value == value  # noqa: PLR0124 - the law itself
            assert (value != value) is (double != double)  # noqa: PLR0124
            assert value.__eq__(object()) is NotImplemented
        # The cached fingerprint is no part of equality or the hash.
        first.fingerprint()
        fresh = attrs.evolve(first)
        assert first == fresh
        assert hash(first) == hash(fresh)
        for value in found:
            for other in found:
                if type(other) is type(value):
                    assert (value == other) == (twin(value) == twin(other))

    @pytest.mark.parametrize("cls", MODEL_CLASSES.values(), ids=MODEL_CLASSES)
    def test_repr_of_each_class(self, cls: type) -> None:
        """Each class names its own fields in its repr, as its twin does."""
        double = twin_class(cls)

        assert cls.__repr__.__qualname__ == double.__repr__.__qualname__
        assert _settings(cls) == _settings(double)

    def test_nan_is_unequal_to_itself(self) -> None:
        """A NaN field makes a value unequal to itself, as in attrs (no identity shortcut)."""
        value = Quantity(amount=Decimal("NaN"), unit="EUR")

        assert value != value  # noqa: PLR0124
        assert twin(value) != twin(value)

    def test_subclass_keeps_the_methods(self) -> None:
        """A subclass shows its own name, is unequal to its base and hashes like it."""

        class Special(Step):
            __slots__ = ()

        base = Step(starting=dt.date(2027, 1, 1), value=Decimal(5))
        special = Special(starting=dt.date(2027, 1, 1), value=Decimal(5))

        assert (
            repr(special)
            == "Special(starting=datetime.date(2027, 1, 1), value=Decimal('5'))"
        )
        assert special != base
        assert hash(special) == hash(base)

    def test_cycle(self) -> None:
        """A value inside itself is shown as ``...`` there, as by its twin."""
        clause = Clause(id="c1", title="Payment", text="Net 30.")
        double = twin(clause)
        object.__setattr__(clause, "title", clause)
        object.__setattr__(double, "title", double)

        assert repr(clause) == "Clause(id='c1', title=..., text='Net 30.')"
        assert repr(clause) == repr(double)

    def test_pickle_round_trip(self) -> None:
        """A pickled value comes back equal, with the same hash."""
        target = Target(
            metric="revenue", value=Decimal("1.50"), direction=Direction.AT_LEAST
        )

        again = pickle.loads(pickle.dumps(target))  # noqa: S301 - our own bytes

        assert again == target
        assert hash(again) == hash(target)
        assert repr(again) == repr(target)
