"""The canonical form's fast paths against their plain twins.

`canonical_json` has msgspec write a value with its keys sorted when nothing
in it would come out differently (no floats, no integers beyond 2^53, no
key beyond U+FFFF, plain dicts and lists); its twin writes RFC 8785 one
token at a time, and the two must write the same text.

`canonical_document` and `canonical_terms` write each model class with a
function generated for it; their twin loops over the class's fields, and
the two must make the same dict, in the same key order.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.model import (
    Agreement,
    canonical_document,
    canonical_json,
    canonical_terms,
)
from mutualcommit.testing.strategies import agreements


@contextmanager
def _plain_only() -> Iterator[None]:
    """Write canonical JSON as if msgspec could not: token by token."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            "mutualcommit.model._canonical._compiled_canonical_json", lambda _: None
        )
        yield


@contextmanager
def _looping_writers() -> Iterator[None]:
    """Write the canonical form with the loop over each class's fields."""
    module = importlib.import_module("mutualcommit.model._canonical")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "_entity_writer", module._plain_entity_writer)
        yield


def _both(value: Any) -> tuple[str, str]:
    fast = canonical_json(value)
    with _plain_only():
        plain = canonical_json(value)
    return fast, plain


#: Text with characters across the planes: ASCII, U+E000-U+FFFF (which sort
#: before a surrogate pair in UTF-16 but after it by code point), emoji.
_TEXT = st.text(
    st.one_of(
        st.characters(max_codepoint=0x7F),
        st.characters(min_codepoint=0xE000, max_codepoint=0xFFFF),
        st.characters(min_codepoint=0x10000),
        st.characters(codec="utf-8"),
    ),
    max_size=6,
)
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**60), 2**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _TEXT,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(_TEXT, inner, max_size=4)
    ),
    max_leaves=12,
)


class TestCanonicalJsonTwin:
    """msgspec and the token-by-token writer write the same canonical JSON."""

    @given(value=_JSON)
    def test_random_json(self, value: Any) -> None:
        """Any JSON value, floats, big integers and astral keys included."""
        fast, plain = _both(value)

        assert plain == fast

    @given(agreement=agreements())
    def test_documents_and_terms(self, agreement: Agreement) -> None:
        """Any agreement's canonical document and terms."""
        for value in (canonical_document(agreement), canonical_terms(agreement)):
            fast, plain = _both(value)

            assert plain == fast

    def test_utf16_order(self) -> None:
        """A key beyond U+FFFF sorts before U+E000, as its UTF-16 surrogates do."""
        value = {"\ue000": 1, "\U0001f600": 2, "a": 3}

        fast, plain = _both(value)

        assert '{"a":3,"\U0001f600":2,"\ue000":1}' == fast == plain

    def test_numbers(self) -> None:
        """Floats and integers beyond 2^53 take the ECMAScript form on both paths."""
        value = {"float": 1e21, "small": 1e-7, "big": 2**60, "int": 2**52}

        fast, plain = _both(value)

        assert (
            '{"big":1152921504606847000,"float":1e+21,"int":4503599627370496,'
            '"small":1e-7}'
        ) == fast
        assert plain == fast

    def test_lone_surrogate_key(self) -> None:
        """A key that is a lone surrogate sorts by its UTF-16 unit, before a pair's."""
        fast, plain = _both({"\ud800": 1, "b": 2, "\U0001f600": 3})

        assert fast == plain == '{"b":2,"\ud800":1,"\U0001f600":3}'

    def test_lone_surrogate(self) -> None:
        """A lone surrogate, which msgspec refuses, is written as the plain path does."""
        fast, plain = _both({"a": "x\ud800"})

        assert plain == fast


class TestCanonicalDocumentTwin:
    """The generated writers make the looping writers' dicts, in the same order."""

    @given(agreement=agreements())
    def test_random_agreements(self, agreement: Agreement) -> None:
        """Any agreement's canonical document and terms, key order included."""
        fast = (canonical_document(agreement), canonical_terms(agreement))
        with _looping_writers():
            plain = (canonical_document(agreement), canonical_terms(agreement))

        assert plain == fast
        assert json.dumps(plain) == json.dumps(fast)

    @given(agreement=agreements())
    def test_fingerprint(self, agreement: Agreement) -> None:
        """The fingerprint is the looping writers' fingerprint."""
        fast = agreement.fingerprint()
        with _looping_writers(), _plain_only():
            plain = attrs.evolve(agreement).fingerprint()

        assert plain == fast
