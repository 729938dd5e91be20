from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs
import cattrs
import pytest

from mutualcommit.model import FrozenDict, Period
from mutualcommit.serialize import make_converter


class Light(enum.StrEnum):
    """A later layer's own vocabulary."""

    GREEN = "green"
    RED = "red"


@attrs.frozen(kw_only=True)
class Row:
    """A later layer's value, such as a scorecard row."""

    label: str
    day: dt.date
    amount: Decimal
    light: Light
    per: Period = Period.TERM
    ratio: Decimal | None = None
    tags: tuple[str, ...] = ()
    dims: Mapping[str, str] = attrs.field(factory=FrozenDict)
    extensions: Mapping[str, Any] = attrs.field(factory=FrozenDict)


ROW = Row(
    label="FY2027-Q1",
    day=dt.date(2026, 4, 1),
    amount=Decimal("12.50"),
    light=Light.RED,
    tags=("a", "b"),
    dims=FrozenDict({"party": "globex"}),
    extensions=FrozenDict({"n": 2.5, "list": (1, None)}),
)

ROW_DICT = {
    "label": "FY2027-Q1",
    "day": "2026-04-01",
    "amount": "12.50",
    "light": "red",
    "tags": ["a", "b"],
    "dims": {"party": "globex"},
    "extensions": {"n": 2.5, "list": [1, None]},
}


class TestFactory:
    """make_converter() returns a new converter every time."""

    def test_fresh(self) -> None:
        """Two calls give two converters; a hook on one is not on the other."""
        first, second = make_converter(), make_converter()
        first.register_unstructure_hook(Decimal, lambda _: "x")

        assert first is not second
        assert "12.50" == second.unstructure(Decimal("12.50"))


class TestLaterLayers:
    """A later layer's attrs classes get the same reading and writing rules."""

    def test_unstructure(self) -> None:
        """Decimals as strings, dates ISO, enums by value, defaults left out."""
        assert ROW_DICT == make_converter().unstructure(ROW)

    def test_structure(self) -> None:
        """The dict reads back to an equal value."""
        assert ROW == make_converter().structure(ROW_DICT, Row)

    def test_decimal_from_number(self) -> None:
        """A decimal may be a JSON number."""
        row = make_converter().structure({**ROW_DICT, "ratio": 1}, Row)

        assert Decimal(1) == row.ratio

    @pytest.mark.parametrize(
        ("key", "value"),
        [
            ("amount", True),
            ("amount", "12,50"),
            ("day", "20260401"),
            ("day", "2026-W14-3"),
            ("light", "amber"),
            ("label", 5),
            ("tags", "ab"),
            ("tags", {"a": 1}),
            ("dims", {"party": 1}),
            ("unknown", 1),
        ],
    )
    def test_refuses(self, key: str, value: object) -> None:
        """Bad values and unknown keys are refused, not coerced."""
        with pytest.raises(cattrs.ClassValidationError):
            make_converter().structure({**ROW_DICT, key: value}, Row)

    def test_message(self) -> None:
        """The reader's message says what was expected and what was found."""
        with pytest.raises(cattrs.ClassValidationError) as info:
            make_converter().structure({**ROW_DICT, "amount": "six"}, Row)

        assert ['expected a decimal string or a number, got "six"'] == [
            str(error) for error in info.value.exceptions
        ]


class TestWholeNumbers:
    """An int field reads a whole number however it is written, as JSON Schema counts it."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Decimal("1E+2"), 100),
            (Decimal("100.0"), 100),
            (Decimal("1E+20"), 10**20),
            (Decimal("-0.0"), 0),
            (1e20, 10**20),
            (2.0**70, 2**70),
        ],
        ids=[
            "exponent",
            "fraction",
            "beyond-18-digits",
            "negative-zero",
            "float",
            "float-beyond-63-bits",
        ],
    )
    def test_read(self, value: object, expected: int) -> None:
        """Each is the int it is, exactly: its field's range judges it as its digits."""
        assert (expected, int) == (
            make_converter().structure(value, int),
            type(make_converter().structure(value, int)),
        )

    @pytest.mark.parametrize(
        ("value", "found"),
        [(Decimal("1.5"), "1.5"), (Decimal("1E-1"), "0.1"), (Decimal("NaN"), "NaN")],
    )
    def test_not_whole(self, value: object, found: str) -> None:
        """A fraction, and what is no number, are no whole number."""
        with pytest.raises(ValueError, match="expected an integer") as info:
            make_converter().structure(value, int)

        assert str(info.value).endswith(f"got {found}")
