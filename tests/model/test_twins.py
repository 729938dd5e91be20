"""Each fast path of the model's checks against its plain twin.

The invariant checks vouch for the common values (a plain `~decimal.Decimal`
in plain notation, ASCII text, a well-formed id, references to distinct
known ids) in one cheap test, and otherwise take the plain path that also
words the problem. A value of a subclass (of `~decimal.Decimal` or `str`) is
as valid as the value itself but always takes the plain path, so the two
can be compared on the same values: same problems, same paths, same words.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.errors import InvalidAgreementError
from mutualcommit.model import Aggregation, Agreement, Period, Quantity, decimal_problem

from .conftest import make_agreement
from .test_invariants import changed


class _PlainDecimal(Decimal):
    """A decimal the fast path does not vouch for: it takes the plain one."""

    __slots__ = ()


class _PlainQuantity(Quantity):
    """A quantity the fast path does not vouch for: it takes the plain one."""

    __slots__ = ()


class _PlainStr(str):
    """A string the fast paths do not vouch for: it takes the plain one."""

    __slots__ = ()


#: Decimals as written: any digits, any exponent (trailing zeros kept),
#: around the bounds of 10^15 and 12 places, and the special values.
_DECIMALS = st.one_of(
    st.builds(
        lambda sign, digits, exponent: Decimal((sign, tuple(digits), exponent)),
        st.integers(0, 1),
        st.lists(st.integers(0, 9), min_size=1, max_size=30),
        st.integers(-20, 20),
    ),
    st.sampled_from(
        [
            Decimal("NaN"),
            Decimal("-sNaN"),
            Decimal("Infinity"),
            Decimal("-Infinity"),
            Decimal("999999999999999.999999999999"),
            Decimal(-1000000000000000),
            Decimal("1.0000000000000"),
            Decimal("0E-13"),
            Decimal("1E-7"),
            Decimal("1E+999999"),
        ]
    ),
)

#: Text a fast path may or may not vouch for: empty, blank, non-ASCII, and
#: lone surrogates (which UTF-8 cannot carry).
_TEXTS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["", "  ", "\t", "x", " x ", "é", "\ud800", "a\udfff", "ß "]),
)

#: Ids the reference agreement knows (goals, parties) and some it does not.
_IDS = st.sampled_from(["pipeline", "revenue", "spare", "acme", "globex", "nope"])

_AGREEMENT = make_agreement()


def _problems(path: str, new: Any) -> list[tuple[str, str]]:
    """Return the problems of the reference agreement with *path* set to *new*.

    A message that names the value's type names `_PlainStr` as ``str``.
    """
    try:
        changed(_AGREEMENT, path, new)
    except InvalidAgreementError as error:
        return [(p, m.replace("got _PlainStr ", "got str ")) for p, m in error.problems]
    return []


class TestDecimalProblem:
    """`decimal_problem` says the same of a decimal on its fast and plain paths."""

    @given(_DECIMALS)
    def test_same_problem(self, value: Decimal) -> None:
        """A decimal and the same decimal taking the plain path get the same answer."""
        assert decimal_problem(_PlainDecimal(value)) == decimal_problem(value)

    @given(_DECIMALS)
    def test_without_capitals(self, value: Decimal) -> None:
        """A caller's context that writes a lower-case exponent changes nothing."""
        with decimal.localcontext() as context:
            context.capitals = 0
            assert decimal_problem(_PlainDecimal(value)) == decimal_problem(value)

    def test_worked_cases(self) -> None:
        """Twelve places and 10^15 - 10^-12 pass; 13 written places and 10^15 do not."""
        assert decimal_problem(Decimal("999999999999999.999999999999")) is None
        assert decimal_problem(Decimal("-0.000000000001")) is None
        assert (
            "expected at most 12 digits after the point, got 1.0000000000000"
            == decimal_problem(Decimal("1.0000000000000"))
        )
        assert "expected a magnitude below 10^15, got 1000000000000000" == (
            decimal_problem(Decimal("1E+15"))
        )

    def test_a_float_read_digit_for_digit(self) -> None:
        """Decimal(0.1), as a notebook's Decimal(row.value) makes it, says what to pass."""
        too_many = "expected at most 12 digits after the point, got "
        tenth, tiny = (Decimal(float(text)) for text in ("0.1", "2.5e-13"))
        third = Decimal(1 / 3)

        assert (
            f"{too_many}{tenth} (the float 0.1 read digit for digit): "
            "pass Decimal('0.1'), as Decimal(str(x)) makes it"
        ) == decimal_problem(tenth)
        assert (
            f"{too_many}{third} (the float 0.3333333333333333 read digit "
            "for digit): round it to 12 places, Decimal('0.333333333333')"
        ) == decimal_problem(third)
        # A float that rounds to nothing at 12 places gets no hint.
        assert f"{too_many}{tiny}" == decimal_problem(tiny)

    def test_a_small_float_read_digit_for_digit(self) -> None:
        """A float below 10^-6, whose text has an exponent, gets its hint too."""
        too_many = "expected at most 12 digits after the point, got "
        seventh, small = (Decimal(float(text)) for text in ("1e-07", "1.23456789e-07"))

        assert (
            f"{too_many}{seventh} (the float 1e-07 read digit for digit): "
            "pass Decimal('1e-07'), as Decimal(str(x)) makes it"
        ) == decimal_problem(seventh)
        assert (
            f"{too_many}{small} (the float 1.23456789e-07 read digit for "
            "digit): round it to 12 places, Decimal('1.23457E-7')"
        ) == decimal_problem(small)
        # Both hints name model decimals.
        assert decimal_problem(Decimal("1e-07")) is None
        assert decimal_problem(Decimal("1.23457E-7")) is None

    @pytest.mark.parametrize("digits", [3, 12])
    def test_a_float_hint_in_the_callers_context(self, digits: int) -> None:
        """The hint rounds in the library's context, not in one of few digits."""
        third = Decimal(1 / 3)
        expected = decimal_problem(third)

        with decimal.localcontext(decimal.Context(prec=digits)):
            assert expected == decimal_problem(third)
        assert expected is not None
        assert expected.endswith("Decimal('0.333333333333')")


class TestTextChecks:
    """Text fields and extensions are checked alike on the fast and plain paths."""

    @given(_TEXTS)
    def test_title(self, text: str) -> None:
        """The agreement's title (any text, no lone surrogate)."""
        assert _problems("title", _PlainStr(text)) == _problems("title", text)

    @given(_TEXTS)
    def test_nonempty_name(self, text: str) -> None:
        """A party's name (not blank either)."""
        path = "parties[2].name"
        assert _problems(path, _PlainStr(text)) == _problems(path, text)

    @given(_TEXTS, _TEXTS)
    def test_extensions(self, key: str, text: str) -> None:
        """An extension's key and value, nested in an object and an array."""
        fast = {key: text, "list": [text, {"inner": text}]}
        plain = {
            _PlainStr(key): _PlainStr(text),
            "list": [_PlainStr(text), {"inner": _PlainStr(text)}],
        }
        assert _problems("extensions", plain) == _problems("extensions", fast)

    @given(_TEXTS)
    def test_identifier(self, text: str) -> None:
        """A clause's id (nothing refers to it)."""
        path = "clauses[0].id"
        assert _problems(path, _PlainStr(text)) == _problems(path, text)


class TestQuantities:
    """Quantities are checked alike on the fast and plain paths."""

    @given(
        _DECIMALS,
        st.sampled_from(["EUR", "eur", "EURO", "count", "Count", "", "fte"]),
    )
    def test_capacity(self, amount: Decimal, unit: str) -> None:
        """A party's capacity: any amount (not negative), a unit or not."""
        path = "parties[2].capacity"
        fast = (Quantity(amount=amount, unit=unit),)
        plain = (_PlainQuantity(amount=amount, unit=unit),)
        assert _problems(path, plain) == _problems(path, fast)

    def test_negative(self) -> None:
        """A negative amount in a sound unit is one problem."""
        assert [
            (
                "parties[2].capacity[0].amount",
                "expected a value of at least 0, got -0.5",
            )
        ] == _problems(
            "parties[2].capacity", (Quantity(amount=Decimal("-0.5"), unit="EUR"),)
        )

    def test_worked_case(self) -> None:
        """A negative amount in a lower-case unit is two problems."""
        assert [
            (
                "parties[2].capacity[0].amount",
                "expected a value of at least 0, got -1",
            ),
            (
                "parties[2].capacity[0].unit",
                (
                    "expected a three-letter upper-case currency code or one of "
                    "count, percent, fte, hour, day; got str 'eur'"
                    " (did you mean 'EUR'?)"
                ),
            ),
        ] == _problems(
            "parties[2].capacity", (Quantity(amount=Decimal(-1), unit="eur"),)
        )


_A = Aggregation
_FORECASTS = (
    _A.WMAPE,
    _A.FORECAST_ACCURACY,
    _A.FORECAST_BIAS,
    _A.TRACKING_SIGNAL,
)
#: Each field of a computed measure, a value that is not its default, and
#: the aggregations it belongs to (as the `Metric` documentation says).
_FOREIGN_FIELDS: dict[str, tuple[Any, tuple[Aggregation, ...]]] = {
    "numerator": ("revenue", (_A.RATIO,)),
    "denominator": ("revenue", (_A.RATIO,)),
    "numerator_where": ({"k": "v"}, (_A.RATIO,)),
    "denominator_where": ({"k": "v"}, (_A.RATIO,)),
    "percentile": (Decimal(50), (_A.PERCENTILE, _A.LEAD_TIME)),
    "orders": ("revenue", (_A.OTIF, _A.LEAD_TIME)),
    "deliveries": ("revenue", (_A.OTIF, _A.LEAD_TIME)),
    "grace_days": (1, (_A.OTIF,)),
    "forecast": ("revenue", _FORECASTS),
    "actual": ("revenue", _FORECASTS),
    "lag": (1, _FORECASTS),
    "bucket": (Period.MONTH, _FORECASTS),
}


class TestForeignFields:
    """A computed measure's field on another aggregation is reported, and only then."""

    @given(st.sampled_from(list(Aggregation)), st.sampled_from(list(_FOREIGN_FIELDS)))
    def test_one_field(self, aggregation: Aggregation, name: str) -> None:
        """Setting one field reports it exactly when it does not belong."""
        value, allowed = _FOREIGN_FIELDS[name]
        metric = attrs.evolve(
            _AGREEMENT.metrics[3], aggregation=aggregation, **{name: value}
        )
        foreign = [
            path
            for path, message in _problems("metrics[3]", metric)
            if "belongs to a metric of aggregation" in message
        ]
        expected = [] if aggregation in allowed else [f"metrics[3].{name}"]
        assert expected == foreign

    @given(st.sampled_from(list(Aggregation)))
    def test_defaults(self, aggregation: Aggregation) -> None:
        """A metric with every such field at its default has none reported."""
        metric = attrs.evolve(_AGREEMENT.metrics[3], aggregation=aggregation)
        assert not [
            path
            for path, message in _problems("metrics[3]", metric)
            if "belongs to" in message
        ]


class TestReferences:
    """Lists of references are checked alike on the fast and plain paths."""

    @given(st.lists(_IDS, max_size=4))
    def test_action_goals(self, ids: list[str]) -> None:
        """An action item's goals: known, unknown, named twice."""
        path = "reviews[0].actions[0].goals"
        plain = tuple(_PlainStr(i) for i in ids)
        assert _problems(path, plain) == _problems(path, tuple(ids))

    @given(st.lists(_IDS, max_size=4))
    def test_attendees(self, ids: list[str]) -> None:
        """A review's attendees: known parties, unknown ones, one named twice."""
        path = "reviews[0].attendees"
        plain = tuple(_PlainStr(i) for i in ids)
        assert _problems(path, plain) == _problems(path, tuple(ids))

    def test_named_twice(self) -> None:
        """Known goals only, one named twice: the second naming is reported."""
        assert [
            ("reviews[0].actions[0].goals[2]", "goal 'spare' is named twice")
        ] == _problems("reviews[0].actions[0].goals", ("spare", "revenue", "spare"))

    def test_worked_case(self) -> None:
        """A known goal named twice and an unknown one are both reported."""
        assert [
            (
                "reviews[0].actions[0].goals[1]",
                "goal 'pipeline' is named twice",
            ),
            ("reviews[0].actions[0].goals[2]", "no goal with id 'nope'"),
        ] == _problems("reviews[0].actions[0].goals", ("pipeline", "pipeline", "nope"))


def test_reference_agreement_is_valid() -> None:
    """The agreement the twins change is valid as it is."""
    assert isinstance(_AGREEMENT, Agreement)
    assert [] == _problems("title", _AGREEMENT.title)
