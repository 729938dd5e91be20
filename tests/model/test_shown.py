"""How messages, documents and the command line name a dimension's value."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.model._shown import dimension_text, selection_pairs

#: Text of the characters a selection's value is told apart by: letters,
#: spaces of several kinds, the marks of a pair and of a list, quotes.
_VALUES = st.text(
    st.sampled_from(["a", "é", " ", "\u00a0", "\t", "=", ",", ";", '"', "'", "、"]),
    max_size=5,
)


class TestDimensionText:
    """A dimension's value is written so that two values never read alike."""

    @pytest.mark.parametrize(
        ("text", "shown"),
        [
            ("emea", "emea"),
            ("sku-1", "sku-1"),
            ("Île-de-France", "Île-de-France"),
            ("地域", "地域"),
            ("", '""'),
            ("dach ", '"dach "'),
            (" dach", '" dach"'),
            ("North America", '"North America"'),
            ("a where region=dach", '"a where region=dach"'),
            ("a, b", '"a, b"'),
            ("a、b", '"a、b"'),
            ('"x"', '"\\"x\\""'),
            ("dach\u00a0", '"dach\\u00a0"'),
            ("\u200b", '"\\u200b"'),
            ("a  b", '"a \\u0020b"'),
        ],
    )
    def test_shown(self, text: str, shown: str) -> None:
        """One visible word as it is; anything else quoted, what cannot be seen escaped."""
        assert shown == dimension_text(text)

    @given(_VALUES, _VALUES)
    def test_two_values_two_texts(self, one: str, other: str) -> None:
        """Two values are never written alike, and a quoted one reads back as JSON."""
        shown = dimension_text(one)

        assert (shown == dimension_text(other)) == (one == other)
        assert one == (json.loads(shown) if shown.startswith('"') else shown)

    @given(_VALUES)
    def test_one_line_one_space(self, text: str) -> None:
        """No run of spaces, and no space at an end, for a document to collapse or trim."""
        shown = dimension_text(text)

        assert (shown.strip(), False) == (shown, "  " in shown)

    def test_pairs(self) -> None:
        """Pairs by name, each side written exactly, joined by the caller's sign."""
        assert ['line=""', 'region="dach "', "sku=A1"] == selection_pairs(
            {"sku": "A1", "region": "dach ", "line": ""}
        )
        assert ['"sales region" = emea'] == selection_pairs(
            {"sales region": "emea"}, " = "
        )
