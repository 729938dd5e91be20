"""One rule when a value is built: exact types are converted, inexact ones refused."""

from __future__ import annotations

import datetime as dt
import enum
import math
import numbers
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import tampered

from mutualcommit import (
    Accrual,
    ActionItem,
    Aggregation,
    Agreement,
    Bands,
    Clause,
    Contribution,
    ContributionKind,
    Direction,
    ExceptionCriterion,
    FiscalCalendar,
    FormatError,
    Fund,
    FundEvent,
    FundEventKind,
    FundExpiry,
    Goal,
    Incentive,
    InvalidAgreementError,
    InvalidFieldsError,
    InvalidFundEventsError,
    InvalidObservationsError,
    Metric,
    Observation,
    Party,
    Period,
    Pillar,
    Policy,
    Quantity,
    Remedy,
    ResourceAllocation,
    Review,
    ReviewKind,
    Role,
    Rule,
    Severity,
    Signature,
    Step,
    Target,
    Tier,
    from_dict,
    model,
    observation_from_dict,
    to_dict,
)
from mutualcommit.errors import ProblemsError
from mutualcommit.model import UNREADABLE, as_decimal, as_enum, decimal_in
from mutualcommit.model._coerce import _enums, coerce_fields
from mutualcommit.rules import PolicyError
from mutualcommit.serialize._values import InvalidValueError
from mutualcommit.serialize._values import decimal as read_decimal_field


def _nothing(agreement: object, context: object) -> tuple[()]:
    del agreement, context
    return ()


def _refusal(
    build: Callable[[], object], kind: type[ProblemsError] = InvalidFieldsError
) -> ProblemsError:
    """Return what building raises: a *kind* (the class's error) listing every problem."""
    with pytest.raises(kind) as caught:
        build()
    return caught.value


class TestEnums:
    """An enum field takes a member or its lower-case string."""

    def test_strings_become_members(self) -> None:
        """Target(direction="at_least", per="quarter") holds the members."""
        target = Target(
            metric="m",
            value=Decimal(1),
            direction="at_least",  # enum string converted
            per="quarter",  # enum string converted
        )

        assert (Direction.AT_LEAST, Period.QUARTER) == (target.direction, target.per)

    def test_every_model_enum(self) -> None:
        """Role, Aggregation, ContributionKind and Pillar convert too; None stays for an optional one."""
        party = Party(id="p", name="P", role="partner")
        metric = Metric(id="m", name="M", unit="count", aggregation="sum")
        pledge = Contribution(
            id="c",
            party="p",
            title="C",
            kind="co_selling",  # enum string converted
            pillar="sell",  # enum string converted
        )
        plain = Contribution(id="c", party="p", title="C", kind="other")

        assert (
            Role.PARTNER,
            Aggregation.SUM,
            ContributionKind.CO_SELLING,
            Pillar.SELL,
            None,
        ) == (
            party.role,
            metric.aggregation,
            pledge.kind,
            pledge.pillar,
            plain.pillar,
        )

    def test_unknown_string_names_the_choices(self) -> None:
        """A misspelt value is refused at its field, listing the accepted ones."""
        error = _refusal(
            lambda: Target(metric="m", value=Decimal(1), direction="atleast")
        )

        assert (
            [
                (
                    "direction",
                    (
                        "expected one of 'at_least', 'at_most', got str 'atleast'"
                        " (did you mean 'at_least'?)"
                    ),
                )
            ],
            False,
        ) == (list(error.problems), isinstance(error, TypeError))
        assert str(error).startswith("invalid Target (1 problem):\n  direction: ")

    def test_other_type_is_a_type_error(self) -> None:
        """A number for an enum is a TypeError too."""
        error = _refusal(lambda: Party(id="p", name="P", role=1))  # type: ignore[arg-type]

        assert (
            [("role", "expected a Role or one of 'vendor', 'partner', got int 1")],
            True,
        ) == (list(error.problems), isinstance(error, TypeError))


class _Rev(enum.IntEnum):
    TWO = 2
    SEVEN = 7


class TestWholeNumbers:
    """A whole-number field holds the plain int of an IntEnum member; a bool stays for the invariants."""

    def test_int_enum_is_its_int(self, agreement: Agreement) -> None:
        """version=IntEnum holds the int 2, and to_dict's document reads back."""
        amended = attrs.evolve(agreement, version=_Rev.TWO)

        assert (int, 2) == (type(amended.version), amended.version)
        assert amended == from_dict(to_dict(amended))

    def test_day_counts_and_policy(self) -> None:
        """Every whole-number field converts alike: a criterion's days, a policy's."""
        criterion = ExceptionCriterion(
            id="fill",
            title="Fill rate",
            measure="fill-rate",
            owner="v",
            resolve_within_days=_Rev.SEVEN,
            per="week",
        )
        policy = Policy(max_review_gap_days=_Rev.SEVEN)

        assert (int, int) == (
            type(criterion.resolve_within_days),
            type(policy.max_review_gap_days),
        )

    def test_numpy_integers(self) -> None:
        """A numpy integer is its int in a whole-number field, as in a decimal one."""
        np = pytest.importorskip("numpy")
        criterion = ExceptionCriterion(
            id="fill",
            title="Fill rate",
            measure="fill-rate",
            owner="v",
            resolve_within_days=np.int64(7),
            per="week",
        )

        assert (int, 7) == (
            type(criterion.resolve_within_days),
            criterion.resolve_within_days,
        )

    def test_bool_is_refused(self, agreement: Agreement) -> None:
        """True is no version, though it is an int to Python."""
        with pytest.raises(InvalidAgreementError, match="version"):
            attrs.evolve(agreement, version=True)


class TestDecimals:
    """A decimal field takes a Decimal, an int or a decimal string; never a float."""

    def test_ints_and_strings(self) -> None:
        """Target(value=24), Quantity(amount=5) and Tier(threshold="0.9") hold Decimals."""
        assert (Decimal(24), Decimal(5), Decimal("0.9"), Decimal(2)) == (
            Target(metric="m", value=24, direction=Direction.AT_LEAST).value,
            Quantity(amount=5, unit="EUR").amount,
            Tier(threshold="0.9", status="gold").threshold,
            Goal(id="g", title="G", weight=2).weight,
        )

    def test_float_says_what_to_pass(self) -> None:
        """Quantity(amount=0.1) is refused with the Decimal to pass instead."""
        with pytest.raises(TypeError) as caught:
            Quantity(amount=0.1, unit="EUR")  # type: ignore[arg-type]

        assert (
            "invalid Quantity (1 problem):\n"
            "  amount: expected a Decimal, int or decimal string, got float 0.1; "
            "pass Decimal('0.1')"
        ) == str(caught.value)

    def test_another_integral_type_is_exact(self) -> None:
        """An integral number of another type (registered as numbers.Integral) is its int."""

        class Count:
            """A stand-in for a numpy integer: integral, not an int."""

            def __int__(self) -> int:
                return 7

        numbers.Integral.register(Count)

        assert (Decimal(7), Decimal) == (
            as_decimal("value", Count()),
            type(as_decimal("value", Count())),
        )

    def test_numpy_numbers(self) -> None:
        """A DataFrame's values: numpy integers are exact, numpy floats and bools are refused."""
        np = pytest.importorskip("numpy")
        day = dt.date(2026, 1, 1)

        assert (Decimal(5), Decimal(200)) == (
            Observation("m", day, np.int64(5)).value,
            Observation("m", day, np.uint8(200)).value,
        )
        with pytest.raises(TypeError) as as_float:
            Observation("m", day, np.float64(0.1))
        with pytest.raises(TypeError, match=r"\n  value: expected a Decimal"):
            Observation("m", day, np.bool_(True))
        assert str(as_float.value).endswith("; pass Decimal('0.1')")

    def test_numpy_days(self) -> None:
        """A numpy datetime64 for ``at``: refused with the call that makes it a date."""
        np = pytest.importorskip("numpy")
        stamp = np.datetime64("2026-01-01")

        with pytest.raises(InvalidObservationsError) as raised:
            Observation("m", stamp, Decimal(1))

        [(path, message)] = raised.value.problems
        assert ("at", True, dt.date(2026, 1, 1)) == (
            path,
            message.endswith("; pass its .astype('datetime64[D]').item()"),
            stamp.astype("datetime64[D]").item(),
        )

    def test_bool_is_refused(self) -> None:
        """True is not the number 1 here."""
        with pytest.raises(TypeError, match=r"got bool True; pass Decimal\(1\)"):
            Goal(id="g", title="G", weight=True)

    def test_text_that_is_no_number(self) -> None:
        """A string that is not a decimal number is a ValueError, no TypeError."""
        error = _refusal(
            lambda: Target(metric="m", value=1, direction="at_least", baseline="ten")
        )

        assert (
            [("baseline", "expected a decimal string or a number, got str 'ten'")],
            False,
        ) == (list(error.problems), isinstance(error, TypeError))


class TestFundsRemediesAndCriteria:
    """A fund's terms and log records, a remedy and an exception criterion follow it too."""

    def test_strings_and_ints_convert(self) -> None:
        """Each decimal and enum field of the five classes takes its text or an int."""
        accrual = Accrual(rate="0.02", of="rev", per="month", cap=5000)
        fund = Fund(accrual=accrual, co_funding="0.5", expiry="term")
        event = FundEvent(
            fund="mdf",
            event="request",  # enum string converted
            at=dt.date(2026, 3, 1),
            ref="R1",
            amount=12000,  # int converted
            activity="Webinar",
            cost="24000.00",  # decimal string converted
        )
        remedy = Remedy(
            id="credit",
            title="Credit",
            payer="v",
            beneficiary="p",
            goal="g",
            rate="0.01",
            of="rev",
            grace=1,
            cap_share="0.1",
        )
        criterion = ExceptionCriterion(
            id="fill",
            title="Fill rate",
            measure="fill-rate",
            owner="v",
            resolve_within_days=7,
            lower="0.95",
            upper=1,
            per="week",
        )

        assert (
            Decimal("0.02"),
            Period.MONTH,
            Decimal(5000),
            Decimal("0.5"),
            FundExpiry.TERM,
            FundEventKind.REQUEST,
            Decimal(12000),
            "24000.00",
            (Decimal("0.01"), Decimal(1), Decimal("0.1")),
            (Decimal("0.95"), Decimal(1), Period.WEEK),
        ) == (
            accrual.rate,
            accrual.per,
            accrual.cap,
            fund.co_funding,
            fund.expiry,
            event.event,
            event.amount,
            str(event.cost),
            (remedy.rate, remedy.grace, remedy.cap_share),
            (criterion.lower, criterion.upper, criterion.per),
        )

    def test_equal_to_the_typed_values(self) -> None:
        """A record built from text equals the one built from Decimals and members."""
        day = dt.date(2026, 3, 1)

        assert FundEvent(
            fund="mdf",
            event="grant",
            at=day,
            ref="G1",
            amount="100",
        ) == FundEvent(
            fund="mdf", event=FundEventKind.GRANT, at=day, ref="G1", amount=Decimal(100)
        )

    def test_float_says_what_to_pass(self) -> None:
        """A float rate, amount or bound is refused with the Decimal to pass."""
        with pytest.raises(TypeError) as rate:
            Accrual(rate=0.02, of="rev")  # type: ignore[arg-type]
        with pytest.raises(TypeError) as amount:
            FundEvent(
                fund="mdf",
                event=FundEventKind.GRANT,
                at=dt.date(2026, 3, 1),
                ref="G1",
                amount=99.5,  # type: ignore[arg-type]
            )
        with pytest.raises(TypeError) as lower:
            ExceptionCriterion(
                id="c",
                title="C",
                measure="m",
                owner="v",
                resolve_within_days=1,
                lower=0.9,  # type: ignore[arg-type]
            )

        assert [
            (
                InvalidFieldsError,
                "rate",
                (
                    "expected a Decimal, int or decimal string, got float 0.02; "
                    "pass Decimal('0.02')"
                ),
            ),
            (
                InvalidFundEventsError,
                "amount",
                (
                    "expected a Decimal, int or decimal string, got float 99.5; "
                    "pass Decimal('99.5')"
                ),
            ),
            (
                InvalidFieldsError,
                "lower",
                (
                    "expected a Decimal, int or decimal string, got float 0.9; "
                    "pass Decimal('0.9')"
                ),
            ),
        ] == [
            (type(error).__mro__[1], *error.problems[0])  # type: ignore[attr-defined]
            for error in (rate.value, amount.value, lower.value)
        ]

    def test_unknown_kind_names_the_choices(self) -> None:
        """A misspelt event kind or expiry is refused listing the accepted ones."""
        kind = _refusal(
            lambda: FundEvent(
                fund="mdf",
                event="gift",
                at=dt.date(2026, 3, 1),
                ref="G1",
                amount=Decimal(1),
            ),
            InvalidFundEventsError,
        )
        expiry = _refusal(lambda: Fund(expiry="never"))

        assert [
            (
                "event",
                (
                    "expected one of 'grant', 'request', 'approval', 'claim', "
                    "'decision', 'payment', got str 'gift'"
                ),
            ),
            ("expiry", "expected one of 'fiscal_year', 'term', got str 'never'"),
        ] == [*kind.problems, *expiry.problems]


class TestPolicyAndRule:
    """Policy decimals and a Rule's severity follow the same rule."""

    def test_policy_and_rule(self) -> None:
        """Policy(max_funding_ratio="2.5") and Rule(severity="warning") convert."""
        rule = Rule(code="ACME1", severity="warning", check=_nothing)

        assert (Decimal("2.5"), Severity.WARNING) == (
            Policy(max_funding_ratio="2.5").max_funding_ratio,
            rule.severity,
        )

    def test_rule_severity_names_the_choices(self) -> None:
        """An unknown severity lists error, warning and info, in the Rule's own error."""
        error = _refusal(lambda: Rule(code="ACME1", severity="fatal", check=_nothing))

        assert [
            (
                "severity",
                "expected one of 'error', 'warning', 'info', got str 'fatal'",
            )
        ] == list(error.problems)


class TestCoercers:
    """``as_decimal`` and ``as_enum`` keep what is already right, and say what is wrong."""

    def test_a_decimal_is_kept(self) -> None:
        """A Decimal comes back as itself, its spelling kept."""
        value = Decimal("1.50")

        assert as_decimal("value", value) is value

    def test_a_member_is_kept(self) -> None:
        """A member comes back as itself."""
        assert as_enum(Period, "per", Period.QUARTER) is Period.QUARTER

    def test_unreadable_passes_through(self) -> None:
        """A reader's placeholder for a bad value passes both untouched."""
        assert as_decimal("value", UNREADABLE) is UNREADABLE
        assert as_enum(Period, "per", UNREADABLE) is UNREADABLE

    def test_another_type_has_no_hint(self) -> None:
        """A list is named with no suggestion of what to pass."""
        with pytest.raises(TypeError) as caught:
            as_decimal("value", [1])

        assert "value: expected a Decimal, int or decimal string, got list [1]" == str(
            caught.value
        )

    @pytest.mark.parametrize(
        ("value", "shown"),
        [(math.nan, "nan"), (math.inf, "inf"), (-math.inf, "-inf")],
        ids=["nan", "inf", "-inf"],
    )
    def test_a_float_that_is_no_number_has_no_hint(
        self, value: float, shown: str
    ) -> None:
        """A float NaN or infinity is not told to pass Decimal('nan'), which is refused too."""
        with pytest.raises(TypeError) as caught:
            Bands(on_track_ratio=value)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="expected a finite decimal"):
            Bands(on_track_ratio=Decimal(shown))

        assert [
            (
                "on_track_ratio",
                f"expected a Decimal, int or decimal string, got float {shown}",
            )
        ] == list(caught.value.problems)  # type: ignore[attr-defined]


def _field(annotation: str, **options: Any) -> Any:
    """Return an attrs field annotated with the string *annotation*."""
    return attrs.field(type=annotation, **options)  # type: ignore[call-overload]


def _sample() -> Any:
    """Return a class made now, its fields' converters built by coerce_fields.

    The model's own classes get theirs when they are defined, at import.
    """
    return attrs.make_class(
        "Sample",
        {
            "amount": _field("Decimal"),
            "cap": _field("Decimal | None", default=None),
            "direction": _field("Direction", default=Direction.AT_LEAST),
            "pillar": _field("Pillar | None", default=None),
            "label": _field("str", default="x"),
            "shown": _field("Decimal", default=Decimal(0), converter=str),
        },
        frozen=True,
        field_transformer=coerce_fields,
    )


class TestCoerceFields:
    """coerce_fields gives a class's decimal and enum fields the house converters."""

    def test_decimal_field(self) -> None:
        """A ``Decimal`` field takes an int or a string; its own name is in a refusal."""
        sample = _sample()
        kept = Decimal("1.50")

        assert sample(amount=kept).amount is kept
        assert [sample(amount=5).amount, sample(amount="1.50").amount] == [
            Decimal(5),
            Decimal("1.50"),
        ]
        with pytest.raises(ValueError, match=r"^amount: .* write '1.50'$"):
            sample(amount=" 1.50 ")
        assert str(sample(amount="1.50").amount) == "1.50"
        with pytest.raises(TypeError) as caught:
            sample(amount=None)
        assert str(caught.value) == (
            "amount: expected a Decimal, int or decimal string, got NoneType None"
        )

    def test_optional_decimal_field(self) -> None:
        """A ``Decimal | None`` field keeps None and converts the rest."""
        sample = _sample()

        assert sample(amount=1).cap is None
        assert sample(amount=1, cap="2.0").cap == Decimal("2.0")
        with pytest.raises(TypeError) as caught:
            sample(amount=1, cap=0.5)
        assert str(caught.value) == (
            "cap: expected a Decimal, int or decimal string, got float 0.5; "
            "pass Decimal('0.5')"
        )

    def test_enum_field(self) -> None:
        """A model-enum field takes its string; None is refused when not optional."""
        sample = _sample()

        assert sample(amount=1, direction="at_most").direction is Direction.AT_MOST
        assert sample(amount=1, direction=Direction.AT_MOST).direction is (
            Direction.AT_MOST
        )
        with pytest.raises(TypeError) as caught:
            sample(amount=1, direction=None)
        assert str(caught.value) == (
            "direction: expected a Direction or one of 'at_least', 'at_most', "
            "got NoneType None"
        )

    def test_optional_enum_field(self) -> None:
        """A ``Pillar | None`` field keeps None and converts its strings."""
        sample = _sample()

        assert sample(amount=1).pillar is None
        assert sample(amount=1, pillar="sell").pillar is Pillar.SELL
        with pytest.raises(ValueError, match=r"^pillar: expected one of "):
            sample(amount=1, pillar="buy")

    def test_other_fields_are_left_alone(self) -> None:
        """A field of another type, or with its own converter, keeps what it had."""
        sample = _sample()

        value = sample(amount=1, label=5, shown=Decimal("2.5"))

        assert (value.label, value.shown) == (5, "2.5")
        assert [field.name for field in attrs.fields(sample)] == [
            "amount",
            "cap",
            "direction",
            "pillar",
            "label",
            "shown",
        ]

    def test_annotations_given_as_types(self) -> None:
        """An annotation given as a class rather than a string is read by its name."""
        made = attrs.make_class(
            "Made",
            {
                "amount": attrs.field(type=Decimal),
                "role": attrs.field(type=Role),
                "count": attrs.field(type=int),
            },
            field_transformer=coerce_fields,
        )

        value = made(amount="3", role="partner", count="7")

        assert (value.amount, value.role, value.count) == (
            Decimal(3),
            Role.PARTNER,
            "7",
        )

    def test_declared_converter_gives_way_to_the_house_one(self) -> None:
        """``converter=decimal_in`` (for type checkers) refuses as the house one, by name."""
        made = attrs.make_class(
            "Made",
            {"rate": _field("Decimal", converter=decimal_in)},
            frozen=True,
            field_transformer=coerce_fields,
        )

        assert made(rate="0.02").rate == Decimal("0.02")
        assert decimal_in("0.02") == Decimal("0.02")  # itself, on another class
        with pytest.raises(TypeError) as caught:
            made(rate=0.5)
        assert str(caught.value) == (
            "rate: expected a Decimal, int or decimal string, got float 0.5; "
            "pass Decimal('0.5')"
        )

    def test_declared_converter_must_return_the_annotation(self) -> None:
        """A declared converter of another type than the field's refuses the class."""
        with pytest.raises(TypeError) as caught:
            attrs.make_class(
                "Made",
                {"rate": _field("Decimal | None", converter=decimal_in)},
                field_transformer=coerce_fields,
            )

        assert str(caught.value) == (
            "Made.rate: annotated Decimal | None, "
            "but its converter decimal_in returns Decimal"
        )

    def test_declared_converter_needs_a_house_one(self) -> None:
        """A declared converter of a type with no house converter refuses the class."""

        def time_in(value: dt.time | str) -> dt.time:
            return dt.time.fromisoformat(str(value))

        time_in.__module__ = decimal_in.__module__

        with pytest.raises(TypeError) as caught:
            attrs.make_class(
                "Made",
                {"at": _field("dt.time", converter=time_in)},
                field_transformer=coerce_fields,
            )

        assert str(caught.value) == "Made.at: no converter for dt.time"

    def test_every_model_enum_has_its_converter(self) -> None:
        """Each model enum, and its optional, is one an annotation can name."""
        kinds = (
            Aggregation,
            ContributionKind,
            Direction,
            FundEventKind,
            FundExpiry,
            Period,
            Pillar,
            ReviewKind,
            Role,
        )

        assert _enums() == {
            **{kind.__name__: (kind, False) for kind in kinds},
            **{f"{kind.__name__} | None": (kind, True) for kind in kinds},
        }

    def test_unreadable_in_a_repr(self) -> None:
        """A reader's placeholder shows as ``<unreadable>`` in a value's repr."""
        assert repr(Quantity(amount=UNREADABLE, unit="EUR")) == (
            "Quantity(amount=<unreadable>, unit='EUR')"
        )


def _claim(**fields: Any) -> FundEvent:
    return FundEvent(
        fund="mdf",
        event=FundEventKind.CLAIM,
        at=dt.date(2026, 6, 1),
        ref="C1",
        amount=Decimal(1),
        request="R1",
        **fields,
    )


def _agreement(**fields: Any) -> Agreement:
    return Agreement(
        id="a",
        title="t",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        currency="EUR",
        **fields,
    )


#: A sequence field of each kind: (builder, field name).
_SEQUENCES = [
    (lambda value: _claim(proof=value), "proof"),
    (
        lambda value: Contribution(
            id="c", party="p", title="t", kind=ContributionKind.OTHER, supports=value
        ),
        "supports",
    ),
    (
        lambda value: Party(id="p", name="P", role=Role.PARTNER, capacity=value),
        "capacity",
    ),
    (
        lambda value: Review(id="r", held_on=dt.date(2026, 1, 1), attendees=value),
        "attendees",
    ),
    (
        lambda value: ActionItem(
            id="x", title="t", owner="p", due=dt.date(2026, 1, 1), exceptions=value
        ),
        "exceptions",
    ),
    (lambda value: _agreement(parties=value), "parties"),
    (lambda value: Policy(disabled=value), "disabled"),
    (lambda value: Policy(waivers=value), "waivers"),
]


_NAMES = [name for _, name in _SEQUENCES]


class TestSequences:
    """A sequence field takes a tuple, a list or an iterable; never text or a mapping."""

    @pytest.mark.parametrize(("build", "name"), _SEQUENCES, ids=_NAMES)
    def test_text_is_not_split_into_letters(
        self, build: Callable[[object], object], name: str
    ) -> None:
        """``proof="INV-1"`` was ``('I', 'N', 'V', '-', '1')``: now refused, with what to pass."""
        with pytest.raises(TypeError) as caught:
            build("ab")

        assert [
            (
                name,
                (
                    "expected a sequence (a tuple or a list), got str 'ab'; "
                    "pass ('ab',) for one item"
                ),
            )
        ] == list(caught.value.problems)  # type: ignore[attr-defined]

    @pytest.mark.parametrize(("build", "name"), _SEQUENCES, ids=_NAMES)
    def test_other_values_name_the_field(
        self, build: Callable[[object], object], name: str
    ) -> None:
        """A mapping, bytes or a value that is not iterable is refused, naming the field."""
        for value in ({"a": "b"}, b"ab", None, 3):
            with pytest.raises(TypeError) as caught:
                build(value)
            [(path, message)] = caught.value.problems  # type: ignore[attr-defined]
            assert (name, True) == (
                path,
                message.startswith("expected a sequence (a tuple or a list), got "),
            )

    def test_lists_and_iterables_become_tuples(self) -> None:
        """A list, a generator, in their order; text in the exception keys in NFC."""
        decomposed = "Zu\u0308rich"

        assert (("INV-1", "INV-2"), ("INV-3",), ("Z\u00fcrich",)) == (
            _claim(proof=["INV-1", "INV-2"]).proof,
            _claim(proof=(p for p in ["INV-3"])).proof,
            ActionItem(
                id="x",
                title="t",
                owner="p",
                due=dt.date(2026, 1, 1),
                exceptions=[decomposed],
            ).exceptions,
        )


_EUR = Quantity(amount=1, unit="EUR")
_START = dt.date(2026, 1, 1)


def _agreement_with(name: str) -> Callable[[object], object]:
    """Return a function that builds a small agreement with *value* as its *name*."""
    return lambda value: _agreement(**{name: value})


def _remedy_with(**fields: object) -> Remedy:
    return Remedy(id="r", title="R", payer="p", beneficiary="q", **fields)  # type: ignore[arg-type]


#: A sound value of each part, by what the tests call it.
_PART_VALUES: dict[str, object] = {
    "a Target": Target(metric="m", value=1, direction="at_least"),
    "a Quantity": _EUR,
    "a Fund": Fund(),
    "an Accrual": Accrual(rate=Decimal("0.1"), of="m"),
    "a FiscalCalendar": FiscalCalendar(),
}


#: Every field that holds one part of the model: how to build its value
#: with *value* there, the field, what it holds, and whether None is a value.
_PART_FIELDS: list[tuple[Callable[[object], object], str, str, bool]] = [
    (lambda v: Goal(id="g", title="G", target=v), "target", "a Target", True),  # type: ignore[arg-type]
    (
        lambda v: Contribution(id="c", party="p", title="C", kind="other", target=v),  # type: ignore[arg-type]
        "target",
        "a Target",
        True,
    ),
    (
        lambda v: ResourceAllocation(id="a", party="p", amount=v),  # type: ignore[arg-type]
        "amount",
        "a Quantity",
        False,
    ),
    (
        lambda v: ResourceAllocation(id="a", party="p", amount=_EUR, fund=v),  # type: ignore[arg-type]
        "fund",
        "a Fund",
        True,
    ),
    (lambda v: Fund(accrual=v), "accrual", "an Accrual", True),  # type: ignore[arg-type]
    (lambda v: Tier(threshold=1, amount=v), "amount", "a Quantity", True),  # type: ignore[arg-type]
    (
        lambda v: Incentive(id="i", title="I", payer="p", beneficiary="q", cap=v),  # type: ignore[arg-type]
        "cap",
        "a Quantity",
        True,
    ),
    (lambda v: _remedy_with(amount=v), "amount", "a Quantity", True),
    (lambda v: _remedy_with(cap=v), "cap", "a Quantity", True),
    (lambda v: _remedy_with(cap_base=v), "cap_base", "a Quantity", True),
    (
        lambda v: _agreement(fiscal_calendar=v),
        "fiscal_calendar",
        "a FiscalCalendar",
        False,
    ),
]
_PART_IDS = [
    f"{type(build(_PART_VALUES[what])).__name__}.{name}"
    for build, name, what, _ in _PART_FIELDS
]

#: Every field that holds a sequence of parts: how to build its value with
#: *value* there, the field, and the class of its items.
_PARTS_FIELDS: list[tuple[Callable[[object], object], str, type]] = [
    (
        lambda v: Party(id="p", name="P", role="vendor", capacity=v),  # type: ignore[arg-type]
        "capacity",
        Quantity,
    ),
    (
        lambda v: Target(metric="m", value=1, direction="at_least", steps=v),  # type: ignore[arg-type]
        "steps",
        Step,
    ),
    (
        lambda v: Incentive(id="i", title="I", payer="p", beneficiary="q", tiers=v),  # type: ignore[arg-type]
        "tiers",
        Tier,
    ),
    (lambda v: Review(id="r", held_on=_START, actions=v), "actions", ActionItem),  # type: ignore[arg-type]
    *(
        (_agreement_with(name), name, kind)
        for name, kind in (
            ("parties", Party),
            ("metrics", Metric),
            ("goals", Goal),
            ("contributions", Contribution),
            ("allocations", ResourceAllocation),
            ("incentives", Incentive),
            ("clauses", Clause),
            ("exception_criteria", ExceptionCriterion),
            ("reviews", Review),
            ("signatures", Signature),
            ("remedies", Remedy),
        )
    ),
]
_PARTS_IDS = [f"{type(build(())).__name__}.{name}" for build, name, _ in _PARTS_FIELDS]


def _article(kind: type) -> str:
    return ("an " if kind.__name__[0] in "AEIOU" else "a ") + kind.__name__


class TestParts:
    """A field that holds a part of the model refuses anything else when its value is built.

    ``Goal(target="x")``, ``Party(capacity=[1.5])`` and
    ``Contribution(target={...})`` were built, and held garbage (a dict
    that made the contribution unhashable) until an agreement refused it.
    """

    @pytest.mark.parametrize(
        ("build", "name", "what", "optional"), _PART_FIELDS, ids=_PART_IDS
    )
    def test_another_type_is_refused(
        self, build: Callable[[object], object], name: str, what: str, optional: bool
    ) -> None:
        """A float, text or the mapping of its fields: each refused at the field, as a TypeError."""
        wanted = what + (" or None" if optional else "")
        kind = what.split()[1]
        for value, shown in (
            (1.5, "float 1.5"),
            ("x", "str 'x'"),
            (
                {"amount": 1},
                (
                    f"dict {{'amount': 1}}; pass {kind}(**fields) to build one "
                    "from its fields"
                ),
            ),
        ):
            with pytest.raises(ProblemsError) as caught:
                build(value)
            assert (True, [(name, f"expected {wanted}, got {shown}")]) == (
                isinstance(caught.value, TypeError),
                list(caught.value.problems),
            )

    @pytest.mark.parametrize(
        ("build", "name", "what", "optional"), _PART_FIELDS, ids=_PART_IDS
    )
    def test_none_where_optional(
        self, build: Callable[[object], object], name: str, what: str, optional: bool
    ) -> None:
        """None is a value of an optional part, and refused where one is required."""
        del what
        if optional:
            assert getattr(build(None), name) is None
        else:
            with pytest.raises(TypeError):
                build(None)

    @pytest.mark.parametrize(("build", "name", "kind"), _PARTS_FIELDS, ids=_PARTS_IDS)
    def test_each_item_of_another_type_is_refused_at_its_index(
        self, build: Callable[[object], object], name: str, kind: type
    ) -> None:
        """Every item that is no part is listed at its index, read once from a generator."""
        with pytest.raises(ProblemsError) as caught:
            build(item for item in (1.5, {"id": "x"}, None))

        assert (
            True,
            [
                (f"{name}[0]", f"expected {_article(kind)}, got float 1.5"),
                (
                    f"{name}[1]",
                    (
                        f"expected {_article(kind)}, got dict {{'id': 'x'}}; pass "
                        f"{kind.__name__}(**fields) to build one from its fields"
                    ),
                ),
                (f"{name}[2]", f"expected {_article(kind)}, got NoneType None"),
            ],
        ) == (isinstance(caught.value, TypeError), list(caught.value.problems))

    def test_every_part_field_is_listed(self) -> None:
        """The fields tested here are every field the model converts as a part."""
        converted = {
            (cls.__name__, field.name)
            for cls in (getattr(model, name) for name in model.__all__)
            if isinstance(cls, type) and attrs.has(cls)
            for field in attrs.fields(cls)
            if getattr(field.converter, "__qualname__", "").startswith("_part")
        }
        tested = {
            (type(build(_PART_VALUES[what])).__name__, name)
            for build, name, what, _ in _PART_FIELDS
        } | {(type(build(())).__name__, name) for build, name, _ in _PARTS_FIELDS}

        assert converted == tested

    def test_the_other_items_are_judged(self) -> None:
        """An agreement judges the items it kept: no reference to a kept party is lost.

        The float is refused at its index; the contribution of the kept
        party is sound; the one of a party there is not is still told.
        """
        with pytest.raises(InvalidAgreementError) as caught:
            _agreement(
                parties=[1.5, Party(id="acme", name="Acme", role="vendor")],
                contributions=[
                    Contribution(id="c1", party="acme", title="C", kind="other"),
                    Contribution(id="c2", party="acmee", title="C", kind="other"),
                ],
            )

        assert (
            True,
            [
                ("parties[0]", "expected a Party, got float 1.5"),
                (
                    "contributions[1].party",
                    "no party with id 'acmee' (did you mean 'acme'?)",
                ),
            ],
        ) == (isinstance(caught.value, TypeError), list(caught.value.problems))

    def test_a_value_built_is_hashable(self) -> None:
        """Every part a value holds is one: the value hashes and equals its copy."""
        contribution = Contribution(
            id="c",
            party="p",
            title="C",
            kind="other",
            target=Target(metric="m", value=1, direction="at_least"),
        )

        assert hash(contribution) == hash(attrs.evolve(contribution))


#: Every day field, and how to build its value with *value* there.
_DAYS: list[tuple[Callable[[object], object], str, bool]] = [
    (lambda v: Step(starting=v, value=1), "starting", False),  # type: ignore[arg-type]
    (
        lambda v: Target(metric="m", value=1, direction="at_least", due=v),  # type: ignore[arg-type]
        "due",
        True,
    ),
    (lambda v: ActionItem(id="x", owner="p", title="t", due=v), "due", True),  # type: ignore[arg-type]
    (lambda v: ActionItem(id="x", owner="p", title="t", done_on=v), "done_on", True),  # type: ignore[arg-type]
    (lambda v: Review(id="r", held_on=v), "held_on", False),  # type: ignore[arg-type]
    (
        lambda v: Signature(
            party="p",
            signed_by="P",
            signed_on=v,  # type: ignore[arg-type]
            fingerprint="sha256:" + "0" * 64,
        ),
        "signed_on",
        False,
    ),
]
_DAY_IDS = [
    f"{build(dt.date(2026, 1, 1)).__class__.__name__}.{name}"
    for build, name, _ in _DAYS
]


class TestDays:
    """A day field takes a datetime.date when its value is built, and refuses the rest there."""

    @pytest.mark.parametrize(("build", "name", "optional"), _DAYS, ids=_DAY_IDS)
    def test_text_is_refused_when_built(
        self, build: Callable[[object], object], name: str, optional: bool
    ) -> None:
        """``held_on="2026-12-01"`` was held as text until an agreement refused it: refused at once, saying how to make a date."""
        error = _refusal(lambda: build("2026-12-01"))

        wanted = "a datetime.date or None" if optional else "a datetime.date"
        assert (
            True,
            [
                (
                    name,
                    f"expected {wanted}, got str '2026-12-01'; pass datetime.date.fromisoformat(...)",
                )
            ],
        ) == (
            isinstance(error, TypeError),
            list(error.problems),
        )

    @pytest.mark.parametrize(("build", "name", "optional"), _DAYS, ids=_DAY_IDS)
    def test_datetimes_and_none(
        self, build: Callable[[object], object], name: str, optional: bool
    ) -> None:
        """A datetime is refused with how to make a day of it; None only where the day is optional."""
        error = _refusal(lambda: build(dt.datetime(2026, 12, 1, 9, 30)))  # noqa: DTZ001
        ((path, message),) = error.problems
        assert (name, True) == (path, message.endswith("; pass its .date()"))
        if optional:
            assert getattr(build(None), name) is None
        else:
            assert [(name, "expected a datetime.date, got NoneType None")] == list(
                _refusal(lambda: build(None)).problems
            )

    def test_every_field_at_once(self) -> None:
        """A bad day and a bad decimal of one value are listed together."""
        error = _refusal(lambda: Step(starting="2026-01-01", value=1.5))  # type: ignore[arg-type]

        assert ["starting", "value"] == [path for path, _ in error.problems]

    @pytest.mark.parametrize(("build", "name"), [d[:2] for d in _DAYS], ids=_DAY_IDS)
    def test_days_are_kept(self, build: Callable[[object], object], name: str) -> None:
        """A date, or a date of a subclass of it, is the value held."""

        class Day(dt.date):
            pass

        day = Day(2026, 3, 31)
        assert getattr(build(day), name) is day


#: Every field that holds a selection of text to text: how to build it.
_SELECTIONS: list[tuple[Callable[[object], object], str]] = [
    (lambda v: Target(metric="m", value=1, direction="at_least", where=v), "where"),  # type: ignore[arg-type]
    (lambda v: Observation("m", dt.date(2026, 1, 1), 1, dims=v), "dims"),  # type: ignore[arg-type]
]


class TestSelections:
    """A where or dims takes a mapping; a sequence is not read as pairs."""

    @pytest.mark.parametrize(
        "value",
        [("ab",), ["ab", "cd"], [("a", "b")], "ab", 5, b"ab"],
        ids=["text-tuple", "text-list", "pairs", "text", "int", "bytes"],
    )
    @pytest.mark.parametrize(("build", "name"), _SELECTIONS, ids=["where", "dims"])
    def test_not_a_mapping(
        self, build: Callable[[object], object], name: str, value: object
    ) -> None:
        """``where=("ab",)`` was ``{'a': 'b'}``, ``dims="ab"`` a bare ValueError: a TypeError says what to pass."""
        with pytest.raises(TypeError) as caught:
            build(value)

        [(path, message)] = caught.value.problems  # type: ignore[attr-defined]
        assert (name, True) == (
            path,
            message.startswith(
                "expected a mapping of text to text such as {'region': 'EMEA'} "
                f"(a where or dims), got {type(value).__name__} "
            ),
        )

    @pytest.mark.parametrize(("build", "name"), _SELECTIONS, ids=["where", "dims"])
    def test_mappings_and_nothing(
        self, build: Callable[[object], object], name: str
    ) -> None:
        """A dict is the selection; None or an empty one is none."""
        assert {"region": "EMEA"} == dict(getattr(build({"region": "EMEA"}), name))
        assert {} == dict(getattr(build(None), name))


#: A selection's text: ASCII, composable letters, blanks, invisible
#: characters and lone surrogates, the empty text too.
_SELECTION_TEXT = st.lists(
    st.sampled_from(["a", "b", "\u00e9", "e\u0301", " ", "\u200b", "\ud800", ""]),
    max_size=3,
).map("".join)


class TestSelectionContents:
    """A where holds what a record's dims hold, checked when it is built.

    A target, a criterion or a ratio's side built with a ``where`` no record
    can match (a value that is not text, a blank name, a lone surrogate, two
    keys that are one text in Unicode NFC) was built without complaint, and
    refused only once an agreement held it.
    """

    @pytest.mark.parametrize(
        ("build", "name", "of"),
        [
            (
                lambda v: Target(metric="m", value=1, direction="at_least", where=v),
                "where",
                "Target",
            ),
            (
                lambda v: ExceptionCriterion(
                    id="c",
                    title="C",
                    measure="m",
                    owner="p",
                    resolve_within_days=1,
                    lower=1,
                    where=v,
                ),
                "where",
                "ExceptionCriterion",
            ),
            (
                lambda v: Metric(
                    id="r",
                    name="R",
                    unit="percent",
                    aggregation="ratio",
                    numerator="a",
                    denominator="b",
                    numerator_where=v,
                ),
                "numerator_where",
                "Metric",
            ),
            (
                lambda v: Metric(
                    id="r",
                    name="R",
                    unit="percent",
                    aggregation="ratio",
                    numerator="a",
                    denominator="b",
                    denominator_where=v,
                ),
                "denominator_where",
                "Metric",
            ),
        ],
        ids=["target", "criterion", "numerator", "denominator"],
    )
    def test_every_problem_when_built(
        self, build: Callable[[object], object], name: str, of: str
    ) -> None:
        """Every problem at its key's path, in one error headed with the class."""
        where = {
            "region": None,
            " ": "x",
            "\u200b": "y",
            "I\u0302le": "a",
            "\u00cele": "b",
            "team": "\udc80",
        }

        with pytest.raises(InvalidFieldsError) as caught:
            build(where)

        assert of == caught.value.of
        assert [
            (f"{name}.region", "expected a string, got NoneType None"),
            (f'{name}[" "]', "a key: expected a non-empty string"),
            (
                f'{name}["\\u200b"]',
                (
                    "a key: expected a non-empty string, got only invisible "
                    "characters (U+200B ZERO WIDTH SPACE)"
                ),
            ),
            (f"{name}.team", "expected valid Unicode text, got a lone surrogate"),
            (
                f'{name}["\u00cele"]',
                "a second key that is the same text in Unicode NFC form",
            ),
        ] == list(caught.value.problems)

    @given(st.dictionaries(_SELECTION_TEXT, _SELECTION_TEXT, max_size=3))
    def test_where_as_dims(self, pairs: dict[str, str]) -> None:
        """A where of text is refused exactly when a record's dims are, at the same keys."""
        try:
            Observation("m", dt.date(2026, 1, 1), 1, dims=pairs)
        except InvalidObservationsError as refused:
            by_dims = [
                (path.replace("dims", "where", 1), message)
                for path, message in refused.problems
            ]
        else:
            by_dims = []
        try:
            Target(metric="m", value=1, direction="at_least", where=pairs)
        except InvalidFieldsError as refused:
            by_where = list(refused.problems)
        else:
            by_where = []

        assert sorted(by_dims) == sorted(by_where)

    def test_blank_names_in_an_agreement(self, agreement: Agreement) -> None:
        """Set around the constructor, a blank where key is refused by the agreement."""
        goal = agreement.goals[0]
        assert goal.target is not None
        target = tampered(goal.target, where={"\u00a0": "emea"})

        with pytest.raises(InvalidAgreementError) as caught:
            attrs.evolve(
                agreement,
                goals=(attrs.evolve(goal, target=target), *agreement.goals[1:]),
            )

        assert [
            (
                'goals[0].target.where["\\u00a0"]',
                "a key: expected a non-empty string",
            )
        ] == list(caught.value.problems)


class TestEveryFieldAtOnce:
    """A value refuses every field it cannot convert in one error, with what its checks find."""

    def test_target(self) -> None:
        """Text that is no number and a direction that is none: both, at their fields."""
        error = _refusal(lambda: Target(metric="m", value="abc", direction="up"))

        assert (
            [
                ("value", "expected a decimal string or a number, got str 'abc'"),
                ("direction", "expected one of 'at_least', 'at_most', got str 'up'"),
            ],
            "Target",
            False,
        ) == (list(error.problems), error.of, isinstance(error, TypeError))  # type: ignore[attr-defined]

    def test_observation_row(self) -> None:
        """A spreadsheet row: its metric, its day and its value, in field order."""
        error = _refusal(
            lambda: Observation("opps ", "2026-1-5", "1,234.50"),  # type: ignore[arg-type]
            InvalidObservationsError,
        )

        assert [
            (
                "metric",
                (
                    "expected a metric id (letters, digits and ._:- , up to 128), "
                    "got str 'opps '"
                ),
            ),
            (
                "at",
                (
                    "expected a datetime.date, got str '2026-1-5'; "
                    "pass datetime.date.fromisoformat(...)"
                ),
            ),
            ("value", "expected a decimal string or a number, got str '1,234.50'"),
        ] == list(error.problems)

    def test_observation_float_and_ref(self) -> None:
        """A float value and an empty ref: one error, a TypeError for the float."""
        error = _refusal(
            lambda: Observation("opps", dt.date(2026, 1, 5), 1.5, ref=""),  # type: ignore[arg-type]
            InvalidObservationsError,
        )

        assert (["value", "ref"], True) == (
            [path for path, _ in error.problems],
            isinstance(error, TypeError),
        )

    def test_fund_event(self) -> None:
        """A misspelt kind (with its likely one), text for an amount, a float cost."""
        error = _refusal(
            lambda: FundEvent(
                fund="mdf",
                event="requst",
                at=dt.date(2026, 3, 1),
                ref="R1",
                amount="1,000",
                cost=2000.5,  # type: ignore[arg-type]
            ),
            InvalidFundEventsError,
        )

        assert (
            [
                (
                    "event",
                    (
                        "expected one of 'grant', 'request', 'approval', 'claim', "
                        "'decision', 'payment', got str 'requst' (did you mean 'request'?)"
                    ),
                ),
                ("amount", "expected a decimal string or a number, got str '1,000'"),
                (
                    "cost",
                    (
                        "expected a Decimal, int or decimal string, got float 2000.5; "
                        "pass Decimal('2000.5')"
                    ),
                ),
            ],
            True,
        ) == (list(error.problems), isinstance(error, TypeError))

    def test_agreement(self) -> None:
        """Text for the parties and a day as text: the invariants' problem joins the refusal."""
        error = _refusal(
            lambda: Agreement(
                id="a",
                title="t",
                parties="acme",  # type: ignore[arg-type]
                start="2026-01-01",  # type: ignore[arg-type]
                end=dt.date(2026, 12, 31),
                currency="EUR",
            ),
            InvalidAgreementError,
        )

        assert (["parties", "start"], True) == (
            [path for path, _ in error.problems],
            isinstance(error, TypeError),
        )

    def test_policy_and_bands(self) -> None:
        """A float threshold with an out-of-range one: a PolicyError, a Bands error."""
        policy = _refusal(
            lambda: Policy(max_growth=1.5, review_grace_days=-1),  # type: ignore[arg-type]
            PolicyError,
        )
        bands = _refusal(lambda: Bands(on_track_ratio=1.5, at_risk_ratio=-1))  # type: ignore[arg-type]

        assert (
            ["review_grace_days", "max_growth"],
            ["on_track_ratio", "at_risk_ratio"],
            (True, True),
        ) == (
            [path for path, _ in policy.problems],
            [path for path, _ in bands.problems],
            (isinstance(policy, TypeError), isinstance(bands, TypeError)),
        )

    def test_fields_before_the_refusal_are_converted_once(self) -> None:
        """Parties given as a generator are read once: goals refused, no party lost."""
        parties = (
            Party(id=ident, name=ident, role=role)
            for ident, role in (("v", "vendor"), ("p", "partner"))
        )
        error = _refusal(
            lambda: Agreement(
                id="a",
                title="t",
                parties=parties,
                start=dt.date(2026, 1, 1),
                end=dt.date(2026, 12, 31),
                currency="EUR",
                metrics=[
                    Metric(id="m", name="M", unit="count", aggregation="count"),
                ],
                goals="g",  # type: ignore[arg-type]
                contributions=[
                    Contribution(id="c", party="p", title="C", kind="other"),
                ],
            ),
            InvalidAgreementError,
        )

        assert ["goals"] == [path for path, _ in error.problems]

    def test_the_checks_alone_raise_their_error(self) -> None:
        """With every field converted, the class's own error is raised.

        A TypeError too for a value of the wrong type its checks find (text
        for the day: it was not, while text for a review's day was), and a
        ValueError alone for a wrong value (a blank ref).
        """
        typed = _refusal(
            lambda: Observation("m", "2026-01-01", Decimal(1)),  # type: ignore[arg-type]
            InvalidObservationsError,
        )
        valued = _refusal(
            lambda: Observation("m", dt.date(2026, 1, 1), Decimal(1), ref=" "),
            InvalidObservationsError,
        )

        assert ((["at"], True), (["ref"], False)) == (
            ([path for path, _ in typed.problems], isinstance(typed, TypeError)),
            ([path for path, _ in valued.problems], isinstance(valued, TypeError)),
        )

    @given(
        st.sets(st.sampled_from(["value", "direction", "per", "baseline"])),
        st.booleans(),
    )
    def test_every_refused_field_is_listed(self, bad: set[str], floats: bool) -> None:
        """Whichever fields of a Target are bad, each is listed, in field order.

        The error is a TypeError exactly when a float is among them.
        """
        valid: dict[str, object] = {
            "value": 1,
            "direction": "at_least",
            "per": "quarter",
            "baseline": None,
        }
        wrong: dict[str, object] = {
            "value": 1.5 if floats else "x",
            "direction": "up",
            "per": "fortnight",
            "baseline": 2.5 if floats else "y",
        }
        fields = {name: wrong[name] if name in bad else valid[name] for name in valid}
        if not bad:
            assert Target(metric="m", **fields).metric == "m"  # type: ignore[arg-type]
            return

        error = _refusal(lambda: Target(metric="m", **fields))  # type: ignore[arg-type]

        assert (
            [name for name in valid if name in bad],
            floats and bool(bad & {"value", "baseline"}),
        ) == (
            [path for path, _ in error.problems],
            isinstance(error, TypeError),
        )

    def test_every_class_lists_every_refused_field(self) -> None:
        """Each class built with the house converters lists all it refuses, as a TypeError."""
        classes = [
            getattr(model, name)
            for name in model.__all__
            if attrs.has(getattr(model, name, None))  # type: ignore[arg-type]
        ]
        checked = []
        for cls in [*classes, Bands, Policy]:
            converted = [
                field
                for field in attrs.fields(cls)
                if field.init
                and getattr(field.converter, "__module__", None)
                == coerce_fields.__module__
                and "<locals>" in getattr(field.converter, "__qualname__", "")
                and "int_converter" not in field.converter.__qualname__
            ]
            if not converted:
                continue
            fields: dict[str, object] = {
                field.alias: 1.5 if field in converted else "x"
                for field in attrs.fields(cls)
                if field.init and (field in converted or field.default is attrs.NOTHING)
            }
            with pytest.raises(ProblemsError) as caught:
                cls(**fields)
            paths = {path for path, _ in caught.value.problems}
            checked.append(
                (
                    cls.__name__,
                    isinstance(caught.value, TypeError),
                    {field.name for field in converted} <= paths,
                )
            )

        assert [(name, True, True) for name, _, _ in checked] == checked
        assert len(checked) > 20


#: Decimal text each way: what the constructors and the readers both take.
_TAKEN = ["12", "12.50", "-0.5", "-0", "007", "1.5E+6", "2e-3", "1E+0000012"]
#: What Python's Decimal reads but the rule does not, and what to write instead.
_MEANT = [
    (" 12 ", "12"),
    ("1_000", "1000"),
    ("\u0663", "3"),  # ARABIC-INDIC DIGIT THREE
    ("+5", "5"),
    (".5", "0.5"),
    ("12.", "12"),
    ("\t7\n", "7"),
]
#: Text that is no decimal at all.
_NONE = ["1,234.50", "NaN", "Infinity", "-inf", "", "twelve", "\u20ac5"]


class TestDecimalText:
    """A constructor reads decimal text by the documents' rule, as the readers do."""

    @pytest.mark.parametrize("text", _TAKEN)
    def test_taken_both_ways(self, text: str) -> None:
        """The same text gives the same Decimal, its digits kept, built or read."""
        built = Observation("m", dt.date(2026, 1, 5), text).value
        read = observation_from_dict(
            {"metric": "m", "at": "2026-01-05", "value": text}
        ).value

        assert (Decimal(text), str(Decimal(text))) == (built, str(read))

    @pytest.mark.parametrize(("text", "meant"), _MEANT, ids=[t for t, _ in _MEANT])
    def test_refused_both_ways_saying_what_to_write(
        self, text: str, meant: str
    ) -> None:
        """``" 12 "`` was Decimal('12') built and refused read: refused both, with a hint."""
        error = _refusal(lambda: Quantity(amount=text, unit="EUR"))
        with pytest.raises(FormatError):
            observation_from_dict({"metric": "m", "at": "2026-01-05", "value": text})

        assert [
            (
                "amount",
                f"expected a decimal string or a number, got str {text!r}; write {meant!r}",
            )
        ] == list(error.problems)

    @pytest.mark.parametrize("text", _NONE)
    def test_no_number_has_no_hint(self, text: str) -> None:
        """Text that is no number is refused both ways, with nothing to write instead."""
        error = _refusal(lambda: Target(metric="m", value=text, direction="at_least"))
        with pytest.raises(FormatError):
            observation_from_dict({"metric": "m", "at": "2026-01-05", "value": text})

        assert [
            ("value", f"expected a decimal string or a number, got str {text!r}")
        ] == list(error.problems)

    def test_an_exponent_too_long(self) -> None:
        """An exponent of seven digits is refused as the readers refuse it."""
        error = _refusal(lambda: Goal(id="g", title="G", weight="1E+1000000"))

        assert [
            ("weight", "expected an exponent within ±999999, got str '1E+1000000'")
        ] == list(error.problems)

    @given(
        st.text(alphabet=st.sampled_from("0123456789-+.eE_ \u0663\u00a0"), max_size=12)
    )
    def test_one_rule(self, text: str) -> None:
        """Any text: built and read alike, accepted both ways or refused both ways.

        (Read by a document's decimal reader alone: a document's bounds on
        the value are the agreement's to check, not the quantity's.)
        """
        try:
            built: Decimal | None = Quantity(amount=text, unit="EUR").amount
        except InvalidFieldsError:
            built = None
        try:
            read: Decimal | None = read_decimal_field(text)
        except InvalidValueError:
            read = None

        assert (built is None, str(built)) == (read is None, str(read))
