"""An Observation is checked and converted when it is built."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit import InvalidObservationsError, Observation
from mutualcommit.model._paths import key_path

DAY = dt.date(2026, 1, 1)
SURROGATE = "expected valid Unicode text, got a lone surrogate"
SURROGATE_KEY = "a key: expected valid Unicode text, got a lone surrogate"


def build(**fields: Any) -> Observation:
    """An observation of metric ``m`` on 2026-01-01 of 1, with *fields* changed."""
    return Observation(**{"metric": "m", "at": DAY, "value": Decimal(1), **fields})


class TestConversion:
    """Ints and decimal strings become Decimals; None stays None."""

    @pytest.mark.parametrize(
        ("given", "held"),
        [(5, Decimal(5)), ("2.50", Decimal("2.50")), (None, None)],
    )
    def test_value(self, given: object, held: Decimal | None) -> None:
        """The value is held exactly as a Decimal."""
        assert held == build(value=given, ref="R").value

    def test_float_is_refused_with_what_to_pass(self) -> None:
        """A float value is a TypeError that says which Decimal to pass."""
        with pytest.raises(TypeError) as caught:
            build(value=0.1)

        assert (
            True,
            [
                (
                    "value",
                    (
                        "expected a Decimal, int or decimal string, got float 0.1; "
                        "pass Decimal('0.1')"
                    ),
                )
            ],
        ) == (
            isinstance(caught.value, InvalidObservationsError),
            list(caught.value.problems),  # type: ignore[attr-defined]
        )


class TestValidation:
    """A malformed observation is an InvalidObservationsError naming every field at fault."""

    @pytest.mark.parametrize(
        ("fields", "path", "message"),
        [
            ({"value": Decimal("NaN")}, "value", "expected a finite decimal, got NaN"),
            (
                {"value": Decimal("1e15")},
                "value",
                "expected a magnitude below 10^15, got 1000000000000000",
            ),
            (
                {"value": Decimal("0.0000000000001")},
                "value",
                "expected at most 12 digits after the point, got 0.0000000000001",
            ),
            (
                {"at": "2026-01-01"},
                "at",
                (
                    "expected a datetime.date, got str '2026-01-01'; "
                    "pass datetime.date.fromisoformat(...)"
                ),
            ),
            (
                {"at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)},
                "at",
                (
                    "expected a datetime.date, got datetime "
                    "datetime.datetime(2026, 1, 1, 0, 0, tzinfo=datetime.timezone.utc); "
                    "pass its .date()"
                ),
            ),
            ({"ref": 7}, "ref", "expected a string or None, got int 7"),
            *(
                (
                    {"ref": ref},
                    "ref",
                    (
                        f"expected a ref or None, got {ref!r}: a record is corrected "
                        "and retracted by its ref, so two records with an empty one "
                        "would be one; leave it out for a record without one"
                    ),
                )
                for ref in ("", " ", "\u3000")
            ),
            (
                {"metric": "deal regs"},
                "metric",
                (
                    "expected a metric id (letters, digits and ._:- , up to 128), "
                    "got str 'deal regs'"
                ),
            ),
            (
                {"dims": {"party": 3}},
                "dims.party",
                "expected a string key and value, got 'party': 3",
            ),
            *(
                ({"ref": ref}, "ref", SURROGATE)
                for ref in ("DR-\ud800", "\u00e9\udc80", "\udfff")
            ),
            ({"dims": {"region": "x\udc80"}}, "dims.region", SURROGATE),
            ({"dims": {"r\u00e9gion": "\udbff"}}, 'dims["région"]', SURROGATE),
            ({"dims": {"r\ud800": "emea"}}, 'dims["r\\ud800"]', SURROGATE_KEY),
            # A dimension's name shows something, as a split does.
            ({"dims": {"": "emea"}}, 'dims[""]', "a key: expected a non-empty string"),
            ({"dims": {"  ": "x"}}, 'dims["  "]', "a key: expected a non-empty string"),
            (
                {"dims": {"\u3000": "x"}},
                'dims["\\u3000"]',
                "a key: expected a non-empty string",
            ),
        ],
    )
    def test_one_problem(self, fields: dict[str, Any], path: str, message: str) -> None:
        """Each malformed field is reported with its name and what to pass."""
        with pytest.raises(InvalidObservationsError) as caught:
            build(**fields)

        assert ((path, message),) == caught.value.problems

    def test_every_problem_at_once(self) -> None:
        """A bad metric, day and ref are three problems in one error."""
        with pytest.raises(InvalidObservationsError) as caught:
            build(metric="", at="soon", ref=1)

        assert ["metric", "at", "ref"] == [p for p, _ in caught.value.problems]

    def test_every_lone_surrogate_at_once(self) -> None:
        """A ref, a dimension's key and another's value: each named, the key as a key."""
        with pytest.raises(InvalidObservationsError) as caught:
            build(ref="R\ud800", dims={"party": "globex", "\udc80": "a", "b": "\udc80"})

        assert (
            ("ref", SURROGATE),
            ('dims["\\udc80"]', SURROGATE_KEY),
            ("dims.b", SURROGATE),
        ) == caught.value.problems

    @pytest.mark.parametrize(
        "fields",
        [
            {"ref": "\u00e9t\u00e9-\U0001f600"},
            {"dims": {"r\u00e9gion": "\u00cele-de-France", "emoji": "\U0001f600"}},
        ],
    )
    def test_valid_text_beyond_ascii(self, fields: dict[str, Any]) -> None:
        """Text beyond ASCII, a character beyond U+FFFF too, is held as given."""
        observation = build(**fields)

        assert fields == {name: getattr(observation, name) for name in fields}


class TestValidationHints:
    """A hint says what to pass only when there is one to give."""

    def test_a_number_for_the_day(self) -> None:
        """A number for ``at`` has no hint: there is no obvious conversion."""
        with pytest.raises(InvalidObservationsError) as caught:
            build(at=20260101)

        assert (
            ("at", "expected a datetime.date, got int 20260101"),
        ) == caught.value.problems

    def test_a_key_that_is_not_a_string(self) -> None:
        """A dims key that is not a string is named, its value a string or not."""
        with pytest.raises(InvalidObservationsError) as caught:
            build(dims={1: "p"})

        assert (
            ("dims[1]", "expected a string key and value, got 1: 'p'"),
        ) == caught.value.problems

    def test_the_negative_bound(self) -> None:
        """-10^15 is out of bounds like 10^15."""
        with pytest.raises(InvalidObservationsError) as caught:
            build(value=Decimal("-1e15"))

        assert (
            ("value", "expected a magnitude below 10^15, got -1000000000000000"),
        ) == caught.value.problems


#: Text of letters that compose: a base letter, then combining marks or not.
_COMPOSABLE = st.text(
    st.sampled_from("aeiIoO\u00e9\u00ee\u00c5\u212b\u0301\u0302\u030a"), max_size=4
)


class TestDimsInNfc:
    """Dimensions are held in Unicode NFC, as a target's where is."""

    # (A dimension's name is never empty: see test_blank_name_refused.)
    @given(st.dictionaries(_COMPOSABLE.filter(bool), _COMPOSABLE, max_size=4))
    def test_held_composed_or_refused(self, dims: dict[str, str]) -> None:
        """Composed when no two keys fold together; else each second key is named."""
        colliding = [
            key
            for i, key in enumerate(dims)
            if _nfc(key) in {_nfc(earlier) for earlier in list(dims)[:i]}
        ]
        if colliding:
            with pytest.raises(InvalidObservationsError) as caught:
                build(dims=dims)
            assert [
                (
                    key_path("dims", key),
                    "a second key that is the same text in Unicode NFC form",
                )
                for key in colliding
            ] == list(caught.value.problems)
            return
        composed = {_nfc(key): _nfc(value) for key, value in dims.items()}

        observation = build(dims=dims)

        assert list(composed.items()) == list(observation.dims.items())
        assert build(dims=composed) == observation
        assert build(dims={k: _nfd(v) for k, v in composed.items()}) == observation


class TestRefInNfc:
    """A ref is held in Unicode NFC, so a correction finds the record it names."""

    @given(_COMPOSABLE.filter(str.strip))
    def test_held_composed(self, ref: str) -> None:
        """Any composition of a ref is held as its NFC; equal records whichever came."""
        observation = build(ref=_nfd(ref))

        assert _nfc(ref) == observation.ref
        assert build(ref=_nfc(ref)) == observation


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)
