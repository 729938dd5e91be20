"""The model classes' repr, ``==`` and hash against their plain twins.

The model's classes share one repr and compile their own ``==`` and hash
when first used, rather than having attrs write and compile all three for
each class at import. Each class's plain twin is the same class as attrs
builds it by default (same name, module and fields, attrs' own generated
methods): on the model's values the two give the same text, the same
answers and the same hash. An `Agreement` writes its own repr, a summary
(tested here too): its equality and hash are its twin's.
"""

from __future__ import annotations

import datetime as dt
import pickle
import threading
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
from mutualcommit.model._value_methods import value_methods
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
            if type(value) is not Agreement:  # its own repr: a summary
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
            if type(value) is not Agreement:  # its own repr: a summary
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

    def test_a_class_s_own_repr_is_kept(self) -> None:
        """A class that writes its own repr keeps it; == and hash are still given."""

        @value_methods
        @attrs.frozen(repr=False, eq=False)
        class Summarised:
            a: int

            def __repr__(self) -> str:
                return f"<Summarised a={self.a}>"

        assert ("<Summarised a=1>", True, True) == (
            repr(Summarised(1)),
            Summarised(1) == Summarised(1),
            hash(Summarised(1)) == hash(Summarised(1)),
        )

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


def _fresh(
    *, name: str = "Point", **fields: Any
) -> type:  # the fields as attrs.field(...) objects
    """Return a new attrs class *name* given its repr, == and hash by value_methods."""
    body = {"__module__": "acme.shapes", "__qualname__": name}
    bare = types.new_class(name, (), {}, lambda ns: ns.update(body))
    cls = attrs.frozen(bare, these=fields, repr=False, eq=False)
    return value_methods(cls)


class TestValueMethodsOnAFreshClass:
    """value_methods gives a class made now attrs' repr, == and hash, field by field."""

    def test_repr_shows_the_shown_fields_in_order(self) -> None:
        """The repr names the class and each field shown, ``repr=False`` left out."""
        point = _fresh(
            x=attrs.field(),
            hidden=attrs.field(repr=False),
            y=attrs.field(),
        )

        assert repr(point(x=1, hidden="h", y="two")) == "Point(x=1, y='two')"

    def test_repr_of_a_class_defined_in_a_function(self) -> None:
        """A local class is shown by its own name, not its ``<locals>`` path."""

        @value_methods
        @attrs.frozen(repr=False, eq=False)
        class Local:
            a: int

        assert Local.__qualname__.endswith("<locals>.Local")
        assert repr(Local(a=3)) == "Local(a=3)"
        assert repr(Local(a=3)) == "Local(a=3)"

    def test_repr_of_a_class_in_nested_functions(self) -> None:
        """A class local to a function in a function is shown by its own name."""

        def outer() -> type:
            def inner() -> type:
                @value_methods
                @attrs.frozen(repr=False, eq=False)
                class Deep:
                    a: int

                return Deep

            return inner()

        deep = outer()

        assert deep.__qualname__.count("<locals>") >= 2
        assert repr(deep(a=1)) == "Deep(a=1)"

    def test_first_eq_called_directly(self) -> None:
        """``__eq__`` answers True or False from its very first call, not NotImplemented."""
        same = _fresh(x=attrs.field())
        other = _fresh(x=attrs.field())

        assert same(x=1).__eq__(same(x=1)) is True
        assert other(x=1).__eq__(other(x=2)) is False

    def test_repr_without_fields(self) -> None:
        """A class with no shown field is ``Name()``."""
        empty = _fresh(name="Empty", hidden=attrs.field(repr=False))

        assert repr(empty(hidden=1)) == "Empty()"

    def test_repr_in_a_new_thread(self) -> None:
        """A thread's first repr works, and values shown twice in a row are not cycles."""
        point = _fresh(x=attrs.field())
        inner = point(x=1)
        shown: list[str] = []
        thread = threading.Thread(
            target=lambda: shown.extend([repr(point(x=(inner, inner))), repr(inner)])
        )
        thread.start()
        thread.join()

        assert shown == ["Point(x=(Point(x=1), Point(x=1)))", "Point(x=1)"]

    def test_repr_of_a_cycle(self) -> None:
        """A value inside itself is ``...`` there; the next repr is whole again."""
        node = _fresh(name="Node", label=attrs.field(), child=attrs.field())
        value = node(label="a", child=None)
        object.__setattr__(value, "child", value)

        assert repr(value) == "Node(label='a', child=...)"
        assert repr(node(label="b", child=1)) == "Node(label='b', child=1)"

    def test_eq_compares_the_compared_fields(self) -> None:
        """Values are equal when every ``eq`` field is; an ``eq=False`` field is ignored."""
        point = _fresh(x=attrs.field(), note=attrs.field(eq=False), y=attrs.field())

        assert point(x=1, note="a", y=2) == point(x=1, note="b", y=2)
        assert point(x=1, note="a", y=2) != point(x=1, note="a", y=3)
        assert point(x=1, note="a", y=2) != point(x=0, note="a", y=2)
        assert not (point(x=1, note="a", y=2) == point(x=1, note="a", y=3))  # noqa: SIM201

    def test_eq_of_another_class(self) -> None:
        """Another class, even with the same fields, is not equal (NotImplemented)."""
        point = _fresh(x=attrs.field())
        other = _fresh(x=attrs.field())

        assert point(x=1).__eq__(other(x=1)) is NotImplemented
        assert point(x=1) != other(x=1)
        assert point(x=1) != (1,)

    def test_eq_without_compared_fields(self) -> None:
        """With no ``eq`` field every two values of the class are equal."""
        bag = _fresh(name="Bag", content=attrs.field(eq=False))

        assert bag(content=1) == bag(content=2)
        assert hash(bag(content=1)) == hash(bag(content=2))

    def test_hash_is_attrs_hash(self) -> None:
        """The hash is that of the per-class constant and the hashed fields, as in attrs."""
        point = _fresh(
            x=attrs.field(),
            note=attrs.field(eq=False),
            tag=attrs.field(eq=False, hash=True),
            skip=attrs.field(hash=False),
            y=attrs.field(),
        )
        salt = hash("<attrs generated hash acme.shapes.Point>")

        value = point(x=1, note="n", tag="t", skip="s", y=2)

        assert hash(value) == hash((salt, 1, "t", 2))
        assert hash(value) == hash(point(x=1, note="m", tag="t", skip="r", y=2))
        assert hash(value) != hash(point(x=1, note="n", tag="u", skip="s", y=2))

    def test_hash_matches_attrs_own(self) -> None:
        """A value hashes as the same class built by attrs itself does."""
        point = _fresh(x=attrs.field(), y=attrs.field())
        body = {"__module__": "acme.shapes", "__qualname__": "Point"}
        bare = types.new_class("Point", (), {}, lambda ns: ns.update(body))
        plain = attrs.frozen(bare, these={"x": attrs.field(), "y": attrs.field()})

        assert hash(point(x=1, y=(2, 3))) == hash(plain(x=1, y=(2, 3)))
        assert repr(point(x=1, y=(2, 3))) == repr(plain(x=1, y=(2, 3)))

    def test_methods_are_the_class_own(self) -> None:
        """repr, == and hash are named as the class's methods, before and after first use."""
        point = _fresh(x=attrs.field())
        names = ("__repr__", "__eq__", "__hash__")

        def described() -> list[tuple[str, str]]:
            return [
                (getattr(point, n).__module__, getattr(point, n).__qualname__)
                for n in names
            ]

        before = described()
        assert point(x=1) == point(x=1)
        hash(point(x=1))
        after = described()

        expected = [("acme.shapes", f"Point.{n}") for n in names]
        assert before == expected
        assert after == expected

    def test_compiled_methods_say_where_they_come_from(self) -> None:
        """After first use, == and hash are compiled code named after the class."""
        point = _fresh(x=attrs.field())

        assert point(x=1) == point(x=1)
        hash(point(x=1))

        assert [
            point.__eq__.__code__.co_filename,
            point.__hash__.__code__.co_filename,
        ] == [
            "<mutualcommit acme.shapes.Point.__eq__>",
            "<mutualcommit acme.shapes.Point.__hash__>",
        ]

    @pytest.mark.parametrize(
        ("field", "name"),
        [
            (attrs.field(eq=str.lower), "eq key"),
            (attrs.field(repr=str), "repr callable"),
        ],
        ids=["eq-key", "repr-callable"],
    )
    def test_custom_eq_or_repr_is_refused(self, field: Any, name: str) -> None:
        """A field with its own eq key or repr function is a TypeError naming it."""
        del name
        with pytest.raises(TypeError) as caught:
            _fresh(name="Odd", plain=attrs.field(), odd=field)

        assert str(caught.value) == "Odd.odd: a custom eq or repr is not supported"
