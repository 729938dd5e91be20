"""The cattrs reader against the walk that names every problem.

``from_dict`` reads a document with a cattrs converter first, and only when
that fails walks the document to name every problem (and, when the walk
finds none, to build the agreement itself). The two must agree: on a
document cattrs reads, ``from_dict`` returns what cattrs built; on one it
refuses, the walk refuses it too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.errors import FormatError
from mutualcommit.model import Agreement
from mutualcommit.serialize import from_dict, make_converter, to_dict
from mutualcommit.testing.strategies import agreements

from .conftest import build_agreement

_HEADER = ("format", "format_version")

#: What a careless writer puts where a value belongs.
_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.sampled_from(
        ["", "x", "2026-02-30", "0001-01-01", "9999-12-31", "EUR", "month", "1e3"]
    ),
    st.just([]),
    st.just({}),
)


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in items:
        found.append((*path, key))
        found.extend(_places(value, (*path, key)))
    return found


@st.composite
def _documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid agreement's document with a few values replaced or dropped."""
    document = to_dict(draw(agreements()))
    # The header says which reader runs: it stays as written.
    places = [p for p in _places(document) if p[0] not in _HEADER]
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(places))
        parent: Any = document
        try:
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.booleans()) and isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent[path[-1]] = draw(_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the place
    return document


class TestReaders:
    """cattrs and the walk accept the same documents and build the same agreements."""

    @given(_documents())
    def test_agree(self, document: dict[str, Any]) -> None:
        """Read by both, a document is accepted by both or by neither, alike."""
        body = {k: v for k, v in document.items() if k not in _HEADER}
        try:
            structured: Agreement | None = make_converter().structure(body, Agreement)
        except Exception:  # noqa: BLE001 - any refusal, which the walk must share
            structured = None
        try:
            read: Agreement | None = from_dict(document)
        except FormatError:
            read = None

        assert structured == read

    def test_a_decimal_written_as_a_number(self) -> None:
        """A hand case: ``Decimal('1.50')`` for a weight reads alike on both paths."""
        document = to_dict(build_agreement())
        document["goals"][0]["weight"] = Decimal("1.50")
        body = {k: v for k, v in document.items() if k not in _HEADER}

        assert make_converter().structure(body, Agreement) == from_dict(document)
