"""The builders a typed reader uses: equal values to ``__init__``'s, converters skipped."""

from __future__ import annotations

import datetime as dt
import types
from decimal import Decimal
from typing import Any

import attrs
import pytest

from mutualcommit.model import (
    Direction,
    Quantity,
    Review,
    Target,
)
from mutualcommit.model._coerce import coerce_fields
from mutualcommit.model._frozen import (
    EMPTY,
    as_tuple,
    frozen_extensions,
    frozen_mapping,
)
from mutualcommit.model._trusted import _skipped, trusted_builder, trusted_fields


def _shouting(value: Any) -> Any:
    return str(value).upper()


def _made() -> Any:
    """Return a class made now: every kind of field a builder handles."""
    seen: list[Any] = []

    def post_init(self: Any) -> None:
        seen.append(self.name)

    body = {"__attrs_post_init__": post_init, "seen": seen, "__module__": __name__}
    bare = types.new_class("Made", (), {}, lambda ns: ns.update(body))
    return attrs.frozen(
        bare,
        these={
            "name": attrs.field(),
            "amount": attrs.field(type=Decimal, default=Decimal(0)),
            "ids": attrs.field(default=(), converter=as_tuple),
            "where": attrs.field(default=EMPTY, converter=frozen_mapping),
            "label": attrs.field(default="x", converter=_shouting),
            "items": attrs.field(factory=list),
            "_hidden": attrs.field(default=7, alias="shown"),
            "cache": attrs.field(default=None, init=False),
        },
        field_transformer=coerce_fields,
    )


class TestTrustedBuilder:
    """A builder makes the value ``__init__`` makes from values of the right types."""

    def test_defaults_and_factories(self) -> None:
        """Left out, a field takes its converted default, or a new value of its factory."""
        made = _made()
        build = trusted_builder(made)

        first, second = build(name="a"), build(name="a")

        assert first == made(name="a")
        assert (first.amount, first.ids, first.label, first._hidden) == (
            Decimal(0),
            (),
            "X",
            7,
        )
        assert first.where is EMPTY
        assert first.cache is None
        assert first.items == []
        assert first.items is not second.items

    def test_given_values(self) -> None:
        """Given, a value is kept as it is, but a mapping or a custom converter runs."""
        made = _made()
        tags = ("t1", "t2")
        amount = Decimal("1.50")

        value = trusted_builder(made)(
            name="a",
            amount=amount,
            ids=tags,
            where={"region": "emea"},
            label="loud",
            items=[1],
            shown=3,
        )

        assert value.amount is amount
        assert value.ids is tags
        assert value.where == {"region": "emea"}
        assert type(value.where) is type(EMPTY)
        assert (value.label, value.items, value._hidden) == ("LOUD", [1], 3)
        assert value == made(
            name="a",
            amount=amount,
            ids=tags,
            where={"region": "emea"},
            label="loud",
            items=[1],
            shown=3,
        )

    def test_post_init_runs(self) -> None:
        """The class's ``__attrs_post_init__`` runs on the built value."""
        made = _made()

        trusted_builder(made)(name="checked")

        assert made.seen == ["checked"]

    def test_keywords_as_init(self) -> None:
        """A required field left out, a positional or an unknown keyword is a TypeError."""
        build = trusted_builder(_made())

        with pytest.raises(TypeError, match="name"):
            build()
        with pytest.raises(TypeError, match="nope"):
            build(name="a", nope=1)
        with pytest.raises(TypeError):
            build("a")

    def test_named_after_the_class(self) -> None:
        """The builder is named for its class, in tracebacks too."""
        build = trusted_builder(_made())

        assert build.__name__ == "build_Made"
        assert build.__code__.co_filename == "<trusted builder of Made>"

    def test_model_classes(self) -> None:
        """Model values built by their builders equal those built by ``__init__``."""
        target = Target(metric="m", value=Decimal(5), direction=Direction.AT_MOST)
        review = Review(id="r", held_on=dt.date(2027, 1, 1), attendees=("a",))

        assert (
            trusted_builder(Target)(
                metric="m", value=Decimal(5), direction=Direction.AT_MOST
            )
            == target
        )
        assert (
            trusted_builder(Review)(
                id="r", held_on=dt.date(2027, 1, 1), attendees=("a",)
            )
            == review
        )
        assert trusted_builder(Quantity)(amount=Decimal(1), unit="EUR") == Quantity(
            amount=Decimal(1), unit="EUR"
        )


class TestTrustedFields:
    """Which converters a builder still applies."""

    def test_converters(self) -> None:
        """The tuple converter is skipped; the mapping and custom ones are kept."""
        made = _made()
        converts = {t.field.name: t.convert for t in trusted_fields(made)}

        assert converts["ids"] is None
        assert converts["where"] is frozen_mapping
        assert converts["label"] is _shouting
        assert converts["name"] is None

    def test_factory_and_default(self) -> None:
        """A factory is kept apart from the default, which is NOTHING for it."""
        fields = {t.field.name: t for t in trusted_fields(_made())}

        assert fields["items"].factory is list
        assert fields["items"].default is attrs.NOTHING
        assert fields["name"].default is attrs.NOTHING
        assert fields["name"].factory is None
        assert fields["label"].default == "X"

    def test_skipped(self) -> None:
        """as_tuple gives a tuple back as it is; other converters are not skipped."""
        assert _skipped(as_tuple)
        assert _skipped(frozen_extensions)  # a reader's are frozen already
        assert not _skipped(frozen_mapping)
        assert not _skipped(_shouting)
        assert not _skipped(str)
