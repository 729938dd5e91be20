"""Laws over generated agreements (the public strategies of mutualcommit.testing)."""

from __future__ import annotations

import json
from collections.abc import Mapping

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from tests.conftest import surrogate_text

from mutualcommit.errors import InvalidAgreementError, InvalidFieldsError
from mutualcommit.model import Agreement
from mutualcommit.model._unicode import BLANK, blank, text_problem
from mutualcommit.serialize import (
    dump_observations,
    dumps,
    from_dict,
    json_schema,
    load_observations,
    loads,
    to_dict,
)
from mutualcommit.testing.strategies import agreements, observations

from .conftest import build_agreement

VALIDATOR = Draft202012Validator(json_schema())


def _texts_of(value: object) -> list[str]:
    """Return the keys and strings of host data at any depth, sorted (keys' order aside)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return sorted(
            text for key, item in value.items() for text in [key, *_texts_of(item)]
        )
    if isinstance(value, tuple | list):
        return sorted(text for item in value for text in _texts_of(item))
    return []


class TestAgreementLaws:
    """Every generated agreement survives writing and reading."""

    @given(agreements())
    def test_dumps_loads(self, agreement: Agreement) -> None:
        """loads(dumps(a)) == a."""
        assert agreement == loads(dumps(agreement))

    @given(agreements())
    def test_byte_order_mark(self, agreement: Agreement) -> None:
        """A byte order mark first changes nothing, as text or as bytes."""
        text = "\ufeff" + dumps(agreement)

        assert (agreement, agreement) == (loads(text), loads(text.encode()))

    @given(agreements())
    def test_to_dict_from_dict(self, agreement: Agreement) -> None:
        """from_dict(to_dict(a)) == a."""
        assert agreement == from_dict(to_dict(agreement))

    @given(agreements())
    def test_schema_accepts(self, agreement: Agreement) -> None:
        """The schema accepts every document dumps writes, canonical or not."""
        assert [] == list(VALIDATOR.iter_errors(json.loads(dumps(agreement))))
        canonical = json.loads(dumps(agreement, canonical=True))
        assert [] == list(VALIDATOR.iter_errors(canonical))

    @given(agreements())
    def test_canonical_keeps_terms(self, agreement: Agreement) -> None:
        """The canonical text reads back to the same fingerprint, and the host's data untouched."""
        back = loads(dumps(agreement, canonical=True))

        assert agreement.fingerprint() == back.fingerprint()
        # Its numbers are written as doubles, as any canonical JSON writes them.
        assert _texts_of(agreement.extensions) == _texts_of(back.extensions)
        assert [_texts_of(goal.extensions) for goal in agreement.goals] == [
            _texts_of(goal.extensions) for goal in back.goals
        ]

    @given(agreements())
    def test_idempotent(self, agreement: Agreement) -> None:
        """Writing what was read writes the same text."""
        text = dumps(agreement)

        assert text == dumps(loads(text))


class TestObservationLaws:
    """Every generated observation log survives writing and reading."""

    @given(st.data())
    def test_round_trip(self, data: st.DataObject) -> None:
        """load_observations(dump_observations(o)) == o."""
        agreement = data.draw(agreements())
        log = data.draw(observations(agreement))

        assert tuple(log) == load_observations(dump_observations(log))


class TestCompactAndIndented:
    """The compact text and the indented one are the same document."""

    @given(agreements(), st.integers(min_value=0, max_value=8))
    def test_same_document(self, agreement: Agreement, indent: int) -> None:
        """Both read back as the agreement, and hold the same JSON value."""
        compact = dumps(agreement)
        indented = dumps(agreement, indent=indent)

        assert json.loads(compact) == json.loads(indented)
        assert agreement == loads(indented)
        assert agreement == loads(compact)

    @given(agreements())
    def test_compact_has_no_whitespace(self, agreement: Agreement) -> None:
        """The compact text is the value written with no whitespace between tokens."""
        text = dumps(agreement)

        assert text == json.dumps(
            json.loads(text), ensure_ascii=False, separators=(",", ":")
        )


#: Text that often holds a lone surrogate, the empty text too.
SURROGATE_TEXT = surrogate_text(min_size=0)
LONE_SURROGATE = "expected valid Unicode text, got a lone surrogate"


def _surrogate(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


class TestLoneSurrogateLaws:
    """What is built with any text is written and read back, or refused when built.

    Refused for a lone surrogate anywhere, and for a code point whose
    normalisation depends on the Python in the terms' text (a where), not
    in the host's extensions, which are never normalised.
    """

    @given(SURROGATE_TEXT, SURROGATE_TEXT, SURROGATE_TEXT)
    def test_where_and_extensions(self, key: str, value: str, other: str) -> None:
        """A where's key and value, an extension's keys at any depth.

        A where no record can match (a lone surrogate, a blank key) or
        whose text a Python may normalise otherwise is refused when its
        target is built, with every problem.
        """
        base = build_agreement()
        goal = base.goals[0]
        assert goal.target is not None
        expected = {p for text in (key, value) if (p := text_problem(text))}
        if blank(key):
            expected.add(BLANK)
        if expected:
            with pytest.raises(InvalidFieldsError) as built:
                attrs.evolve(goal.target, where={key: value})
            assert {
                m.removeprefix("a key: ") for _, m in built.value.problems
            } == expected
            # The extensions' law, on its own.
            key = "region"
            value = "x" if text_problem(value) else value
        target = attrs.evolve(goal.target, where={key: value})
        goals = (attrs.evolve(goal, target=target), *base.goals[1:])
        extensions = {other: [{key: value}], "k": {key: other}}
        if _surrogate(other):
            with pytest.raises(InvalidAgreementError) as caught:
                attrs.evolve(base, goals=goals, extensions=extensions)
            assert {m.removeprefix("a key: ") for _, m in caught.value.problems} == {
                LONE_SURROGATE
            }
            return

        agreement = attrs.evolve(base, goals=goals, extensions=extensions)

        assert agreement == loads(dumps(agreement))
        assert agreement.fingerprint() == loads(dumps(agreement)).fingerprint()
