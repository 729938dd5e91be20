"""The write path's fast halves against their plain twins.

`to_dict` writes through functions generated per model class; its twin is
the converter's hooks (`make_converter`), which must make the same dict, key
order included. `dumps` writes the text with msgspec when it is installed;
its twin is the standard library's `json.dumps` of `to_dict`, used when
msgspec cannot be imported, and the two must write the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.model import FORMAT, FORMAT_VERSION, Agreement
from mutualcommit.serialize import dumps, loads, make_converter, to_dict
from mutualcommit.testing.strategies import agreements

from .conftest import build_agreement

_INDENTS = st.sampled_from([None, 0, 1, 2, 4])


@contextmanager
def _without_msgspec() -> Iterator[None]:
    """Write as if msgspec could not be imported: the standard library's path."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("mutualcommit.serialize._encode.load_msgspec", lambda: None)
        yield


def _plain_to_dict(agreement: Agreement) -> dict[str, Any]:
    body = make_converter().unstructure(agreement)
    return {"format": FORMAT, "format_version": FORMAT_VERSION, **body}


def _in_order(value: Any) -> str:
    """Return *value* as JSON text: equal only when the key order is too."""
    return json.dumps(value, ensure_ascii=False)


class TestToDictTwin:
    """to_dict makes the converter's dict, in the converter's key order."""

    def test_it_case(self) -> None:
        """The hand-built IT agreement: the same dict, the same order."""
        agreement = build_agreement()

        fast = to_dict(agreement)

        assert _plain_to_dict(agreement) == fast
        assert _in_order(_plain_to_dict(agreement)) == _in_order(fast)

    @given(agreement=agreements())
    def test_random_agreements(self, agreement: Agreement) -> None:
        """Any agreement: the same dict, the same order."""
        fast = to_dict(agreement)

        assert _plain_to_dict(agreement) == fast
        assert _in_order(_plain_to_dict(agreement)) == _in_order(fast)

    def test_values_are_json_like(self) -> None:
        """Decimals are strings as written, dates ISO strings, tuples lists."""
        agreement = build_agreement()
        goal = agreement.goals[0]
        assert goal.target is not None
        target = attrs.evolve(goal.target, value=Decimal("12.50"))
        agreement = attrs.evolve(
            agreement, goals=(attrs.evolve(goal, target=target), *agreement.goals[1:])
        )

        document = to_dict(agreement)

        assert "12.50" == document["goals"][0]["target"]["value"]
        assert agreement.start.isoformat() == document["start"]
        assert isinstance(document["parties"], list)


class TestDumpsTwin:
    """msgspec and the standard library write the same bytes."""

    @given(agreement=agreements(), indent=_INDENTS)
    def test_random_agreements(self, agreement: Agreement, indent: int | None) -> None:
        """Any agreement, compact or indented: the same text on both paths."""
        fast = dumps(agreement, indent=indent)
        with _without_msgspec():
            plain = dumps(agreement, indent=indent)

        assert plain == fast

    @given(agreement=agreements(), indent=_INDENTS)
    def test_plain_path_is_json_dumps(
        self, agreement: Agreement, indent: int | None
    ) -> None:
        """Without msgspec, dumps is json.dumps of to_dict."""
        separators = (",", ":") if indent is None else None
        expected = json.dumps(
            to_dict(agreement),
            ensure_ascii=False,
            indent=indent,
            separators=separators,
        )

        with _without_msgspec():
            assert expected == dumps(agreement, indent=indent)

    @pytest.mark.parametrize("indent", [None, 2])
    def test_extensions_keep_python_spelling(self, indent: int | None) -> None:
        """Floats in extensions are spelt as Python does (1e+16), big integers whole."""
        extensions = {
            "float": 1e16,
            "small": 1e-07,
            "big": 2**80,
            "text": 'é\u2028\x00"\\',
            "nested": {"list": [1.5, True, None, []], "empty": {}},
        }
        agreement = attrs.evolve(build_agreement(), extensions=extensions)

        fast = dumps(agreement, indent=indent)
        with _without_msgspec():
            plain = dumps(agreement, indent=indent)

        assert plain == fast
        assert "1e+16" in fast
        assert "1e-07" in fast
        assert str(2**80) in fast
        assert '"é\u2028\\u0000\\"\\\\"' in fast
        assert agreement == loads(fast)

    @pytest.mark.parametrize("indent", [None, 0, 2])
    def test_round_trip_without_msgspec(self, indent: int | None) -> None:
        """The standard library's text reads back as the same agreement."""
        agreement = build_agreement()

        with _without_msgspec():
            text = dumps(agreement, indent=indent)

        assert agreement == loads(text)
        assert dumps(agreement, indent=indent) == text
