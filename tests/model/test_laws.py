"""Laws every generated agreement obeys (hypothesis)."""

from __future__ import annotations

import decimal
import itertools
import pickle
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.errors import NothingToAmendError
from mutualcommit.model import (
    TERM_FIELDS,
    Agreement,
    Review,
    canonical_document,
    canonical_json,
    decimal_problem,
    percentage,
    rounded_beside,
)
from mutualcommit.testing.strategies import agreements, extensions


def _rebuild(
    value: Any,
    *,
    leaf: Callable[[Any], Any] = lambda v: v,
    extensions: Callable[[], Any] | None = None,
) -> Any:
    """Rebuild *value* bottom-up, mapping every leaf field and maybe extensions.

    Entities are rebuilt with `attrs.evolve`, so the agreement's invariants
    are checked again on the way out.
    """
    if attrs.has(type(value)):
        changes = {}
        for field in attrs.fields(type(value)):
            if not field.init:
                continue
            if field.name == "extensions":
                if extensions is not None:
                    changes[field.name] = extensions()
                continue
            changes[field.name] = _rebuild(
                getattr(value, field.name), leaf=leaf, extensions=extensions
            )
        return attrs.evolve(value, **changes)
    if isinstance(value, tuple):
        return tuple(_rebuild(v, leaf=leaf, extensions=extensions) for v in value)
    return leaf(value)


def _respell(value: Any) -> Any:
    """Write a Decimal differently (``1.5`` → ``1.50``, ``0`` → ``-0``), same value."""
    if not isinstance(value, Decimal):
        return value
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if not value:
        sign = 1 - sign
    if exponent > -12:  # the model allows 12 places
        respelled = Decimal((sign, (*digits, 0), exponent - 1))
    elif digits[-1] == 0 and len(digits) > 1:
        respelled = Decimal((sign, digits[:-1], exponent + 1))
    else:
        respelled = Decimal((sign, digits, exponent))
    assert decimal_problem(respelled) is None
    return respelled


def _nfd(value: Any) -> Any:
    """Decompose plain text (not enum values, which are str too)."""
    if type(value) is str:
        return unicodedata.normalize("NFD", value)
    return value


_SIGNALS = [
    decimal.Clamped,
    decimal.DivisionByZero,
    decimal.FloatOperation,
    decimal.Inexact,
    decimal.InvalidOperation,
    decimal.Overflow,
    decimal.Rounded,
    decimal.Subnormal,
    decimal.Underflow,
]

_ROUNDINGS = [
    decimal.ROUND_05UP,
    decimal.ROUND_CEILING,
    decimal.ROUND_DOWN,
    decimal.ROUND_FLOOR,
    decimal.ROUND_HALF_DOWN,
    decimal.ROUND_HALF_EVEN,
    decimal.ROUND_HALF_UP,
    decimal.ROUND_UP,
]

contexts = st.builds(
    decimal.Context,
    prec=st.integers(1, 40),
    rounding=st.sampled_from(_ROUNDINGS),
    Emin=st.integers(-999999, 0),
    Emax=st.integers(1, 999999),
    capitals=st.integers(0, 1),
    clamp=st.integers(0, 1),
    traps=st.lists(st.sampled_from(_SIGNALS), unique=True),
)


class TestGeneratedAgreements:
    """Every generated agreement is valid, hashable and picklable."""

    @given(agreements())
    def test_valid_hashable_picklable(self, agreement: Agreement) -> None:
        """It rebuilds (passing the invariants), hashes, and pickles round trip."""
        rebuilt = attrs.evolve(agreement)
        copy = pickle.loads(pickle.dumps(agreement))  # noqa: S301 - our own data

        assert agreement == rebuilt == copy
        assert hash(agreement) == hash(rebuilt) == hash(copy)
        assert agreement.fingerprint() == copy.fingerprint()
        assert canonical_json(canonical_document(agreement)) == canonical_json(
            canonical_document(copy)
        )


# Generating agreements is what these laws cost, so each law below checks
# everything that holds of one agreement rather than one thing per test.


class TestFingerprintLaws:
    """The fingerprint depends on the terms only, not on how they are written."""

    @given(agreements(), st.data())
    def test_non_terms(self, agreement: Agreement, data: st.DataObject) -> None:
        """Extensions, reviews and signatures are not terms; the version is.

        Signatures given in any order make one agreement and one document,
        held in the parties' order. An amendment that changes no term (each
        as it is, or only extensions differ) is refused: it would raise the
        version of the same terms.
        """
        expected = agreement.fingerprint()
        shuffled = data.draw(st.permutations(agreement.signatures))
        reordered = attrs.evolve(agreement, signatures=shuffled)
        parties = [party.id for party in agreement.parties]

        assert agreement == reordered
        assert canonical_json(canonical_document(agreement)) == canonical_json(
            canonical_document(reordered)
        )
        assert expected == reordered.fingerprint()
        assert sorted(parties.index(s.party) for s in shuffled) == [
            parties.index(s.party) for s in reordered.signatures
        ]

        # A few drawn values, dealt out in turn: drawing one per entity is slow.
        pool = itertools.cycle(
            data.draw(st.lists(extensions(), min_size=1, max_size=3))
        )
        hosted = _rebuild(agreement, extensions=lambda: next(pool))
        bare = attrs.evolve(agreement, reviews=(), signatures=())
        amended = agreement.amend(title=agreement.title + ", amended")
        # Every term as it is, and then with other extensions: nothing to amend.
        terms: dict[str, Any] = {name: getattr(agreement, name) for name in TERM_FIELDS}
        hosted_terms = {name: getattr(hosted, name) for name in TERM_FIELDS}
        with pytest.raises(NothingToAmendError) as as_it_is:
            agreement.amend(**terms)
        with pytest.raises(NothingToAmendError) as host_data:
            agreement.amend(**hosted_terms)

        assert (agreement.version, tuple(sorted(TERM_FIELDS)), False) == (
            as_it_is.value.version,
            as_it_is.value.fields,
            as_it_is.value.host_data,
        )
        assert (attrs.evolve(agreement, **hosted_terms) != agreement) is (
            host_data.value.host_data
        )

        assert expected == hosted.fingerprint()
        assert expected == bare.fingerprint()
        assert (
            expected
            == bare.record_review(Review(id="r", held_on=agreement.end)).fingerprint()
        )
        assert (agreement.version + 1, agreement.signatures) == (
            amended.version,
            amended.signatures,
        )
        assert expected != amended.fingerprint()
        assert {} == amended.current_signatures()

    @given(agreements(), contexts)
    def test_representation(
        self, agreement: Agreement, context: decimal.Context
    ) -> None:
        """Decimal spelling, NFD text and the caller's decimal context change nothing."""
        expected = agreement.fingerprint()

        respelled = _rebuild(agreement, leaf=_respell)
        decomposed = _rebuild(agreement, leaf=_nfd)
        with decimal.localcontext(context):
            in_context = attrs.evolve(agreement).fingerprint()

        assert agreement == respelled
        assert hash(agreement) == hash(respelled)
        assert expected == respelled.fingerprint()
        assert expected == decomposed.fingerprint()
        assert expected == in_context


_SHARES = st.decimals(
    min_value=Decimal(0), max_value=Decimal(10), places=12, allow_nan=False
)


class TestPercentageLaws:
    """A share shown over its limit reads above the limit, and is the share rounded."""

    @given(_SHARES, _SHARES)
    def test_over_the_limit_reads_over_it(self, ratio: Decimal, limit: Decimal) -> None:
        """``percentage(ratio, above=limit)`` exceeds the limit's percentage."""
        if ratio <= limit:
            ratio, limit = limit, ratio
        if ratio == limit:
            return
        shown = percentage(ratio, above=limit)
        exponent = shown.as_tuple().exponent
        assert isinstance(exponent, int)

        assert shown > limit * 100
        assert exponent <= -1
        assert shown == (ratio * 100).quantize(
            Decimal(1).scaleb(exponent), rounding=decimal.ROUND_HALF_EVEN
        )

    @given(_SHARES)
    def test_a_tenth_otherwise(self, ratio: Decimal) -> None:
        """Without a limit it exceeds, the percentage is to a tenth."""
        assert percentage(ratio, above=ratio) == percentage(ratio)
        assert -1 == percentage(ratio).as_tuple().exponent

    def test_no_negative_zero(self) -> None:
        """A share that rounds to zero from below is 0.0 percent, never -0.0."""
        assert ("0.0", "0.0") == (
            str(percentage(Decimal("-0.0001"))),
            str(percentage(Decimal("-0"))),
        )


def _side(value: Decimal, limit: Decimal) -> int:
    return (value > limit) - (value < limit)


class TestRoundedBesideLaws:
    """A value rounded beside limits keeps its side of each, with no place more than it needs."""

    @given(_SHARES, st.lists(_SHARES, max_size=3))
    def test_keeps_every_side(self, value: Decimal, limits: list[Decimal]) -> None:
        """Above, at or below each limit as the value is; the value itself, rounded."""
        shown = rounded_beside(value, Decimal("0.01"), limits)
        exponent = shown.as_tuple().exponent
        assert isinstance(exponent, int)

        assert [_side(value, limit) for limit in limits] == [
            _side(shown, limit) for limit in limits
        ]
        assert exponent <= -2
        assert shown == value.quantize(
            Decimal(1).scaleb(exponent), rounding=decimal.ROUND_HALF_EVEN
        )

    @given(_SHARES, st.lists(_SHARES, max_size=3))
    def test_no_place_more_than_it_needs(
        self, value: Decimal, limits: list[Decimal]
    ) -> None:
        """One place fewer than it took would put it on the wrong side of a limit."""
        shown = rounded_beside(value, Decimal("0.01"), limits)
        exponent = shown.as_tuple().exponent
        assert isinstance(exponent, int)
        if exponent == -2:
            return
        fewer = value.quantize(
            Decimal(1).scaleb(exponent + 1), rounding=decimal.ROUND_HALF_EVEN
        )

        assert any(_side(fewer, limit) != _side(value, limit) for limit in limits)

    @pytest.mark.parametrize(
        ("value", "limits", "expected"),
        [
            # A shortfall just above a grace of 5 is charged: never shown as 5.
            ("5.001", ["0", "5"], "5.001"),
            ("5.0049", ["0", "5"], "5.005"),
            ("4.996", ["0", "5"], "4.996"),
            ("5", ["0", "5"], "5.00"),
            # Above 0, never 0.
            ("0.001", ["0"], "0.001"),
            ("0.0000001", ["0"], "0.0000001"),
            # No limit near: to the place asked.
            ("12.3456", ["0", "5"], "12.35"),
        ],
    )
    def test_examples(self, value: str, limits: list[str], expected: str) -> None:
        """A charged shortfall reads above its grace, a breach above 0."""
        bounds = [Decimal(limit) for limit in limits]
        shown = rounded_beside(Decimal(value), Decimal("0.01"), bounds)
        assert expected == format(shown, "f")


class TestPercentageBesideThresholds:
    """An attainment shown beside tier thresholds reads on each one's side."""

    @given(_SHARES, st.lists(_SHARES, max_size=3))
    def test_keeps_every_side(self, ratio: Decimal, limits: list[Decimal]) -> None:
        """Its percentage compares with each threshold's as the ratio does."""
        shown = percentage(ratio, limits=limits)

        assert [_side(ratio, limit) for limit in limits] == [
            _side(shown, limit * 100) for limit in limits
        ]
        assert shown.as_tuple().exponent <= -1  # type: ignore[operator]

    @pytest.mark.parametrize(
        ("ratio", "thresholds", "expected"),
        [
            # Below a tier from 100 %: never 100.0.
            ("0.9999999", ["1", "1.0005"], "99.99999"),
            # At a tier from 100.05 %: never 100.0, below it.
            ("1.00050", ["1", "1.0005"], "100.05"),
            ("1.00049", ["1", "1.0005"], "100.049"),
            ("1", ["1", "1.0005"], "100.0"),
            ("1.083333333333333333333333333", ["1", "1.2"], "108.3"),
        ],
    )
    def test_examples(self, ratio: str, thresholds: list[str], expected: str) -> None:
        """The tenth where it says the truth, more places where it would not."""
        limits = [Decimal(t) for t in thresholds]
        assert expected == str(percentage(Decimal(ratio), limits=limits))
