"""Whatever goes in, only a FormatError (or a valid agreement) comes out."""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Iterator
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from mutualcommit.errors import FormatError
from mutualcommit.serialize import (
    dumps,
    from_dict,
    json_schema,
    load_observations,
    loads,
)

from .conftest import build_agreement

JSON: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)

#: Values that find the seams: near-valid decimals and dates, field names.
TRICKY: st.SearchStrategy[Any] = st.sampled_from(
    [
        "1",
        "-0",
        "1E+3",
        "1e-13",
        "0.0000000000001",
        "999999999999999.999999999999",
        "1E+999999",
        "NaN",
        "Infinity",
        " 1",
        "1_000",
        "١٢",
        "2026-01-01",
        "20260101",
        "2026-02-30",
        "2026-W01-1",
        "at_least",
        "vendor",
        "quarter",
        "EUR",
        "count",
        "acme",
        "globex",
        "pipeline-goal",
        "cosell",
        "\ud800",
        "",
        1.0,
        2**64,
        -1,
        0,
        True,
        [],
        {},
    ]
)
VALUES = JSON | TRICKY

DOCUMENT: dict[str, Any] = json.loads(dumps(build_agreement()))
VALIDATOR = Draft202012Validator(json_schema())

Path = tuple[str | int, ...]


def paths(value: object, prefix: Path = ()) -> Iterator[Path]:
    """Yield the path of *value* and of everything inside it."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*prefix, index))


PATHS = list(paths(DOCUMENT))
#: Every key of the document: an added key is often one that exists elsewhere.
FIELD_NAMES = sorted({step for path in PATHS for step in path if isinstance(step, str)})


def at(document: Any, path: Path) -> Any:
    """Return the value at *path*."""
    for step in path:
        document = document[step]
    return document


def fresh_value(draw: st.DrawFn) -> Any:
    """Draw one of VALUES as a new object.

    `TRICKY` hands out the same ``[]`` and ``{}`` every time: put into the
    document as they are, a later mutation that adds to one would change
    it for every example after, and adding it into itself would make the
    document circular.
    """
    return copy.deepcopy(draw(VALUES))


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A valid document with one to three keys deleted, values replaced or keys added."""
    document: Any = copy.deepcopy(DOCUMENT)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        if not path:
            document = fresh_value(draw)
            continue
        try:
            parent: Any = at(document, path[:-1])
            key: Any = path[-1]
            target = parent[key]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed it
        if not isinstance(parent, dict | list):
            continue  # an earlier mutation replaced it by a string
        action = draw(st.sampled_from(["delete", "replace", "add"]))
        if action == "replace":
            parent[key] = fresh_value(draw)
        elif action == "delete":
            del parent[key]
        elif isinstance(target, dict):
            key = draw(st.sampled_from(FIELD_NAMES) | st.text(max_size=8))
            target[key] = fresh_value(draw)
        elif isinstance(target, list):
            target.append(fresh_value(draw))
    return document


def outcome(read: Any, value: Any) -> tuple[str, ...]:
    """Return "ok", or the paths of the problems; anything else escapes."""
    try:
        read(value)
    except FormatError as error:
        return tuple(path for path, _ in error.problems)
    return ("ok",)


class TestArbitraryValues:
    """Arbitrary JSON values are refused with a FormatError, never another exception."""

    @given(VALUES)
    def test_from_dict(self, value: Any) -> None:
        """from_dict of any JSON value."""
        with contextlib.suppress(FormatError):
            from_dict(value)

    @given(VALUES)
    def test_loads(self, value: Any) -> None:
        """Reading any JSON text."""
        with contextlib.suppress(FormatError):
            loads(json.dumps(value))

    @given(st.text() | st.binary())
    def test_loads_garbage(self, text: str | bytes) -> None:
        """Reading any text or bytes at all."""
        with contextlib.suppress(FormatError):
            loads(text)

    @given(st.lists(VALUES, max_size=5))
    def test_load_observations(self, values: list[Any]) -> None:
        """load_observations of lines of any JSON values."""
        with contextlib.suppress(FormatError):
            load_observations("\n".join(json.dumps(v) for v in values))

    @given(st.text() | st.binary())
    def test_load_observations_garbage(self, text: str | bytes) -> None:
        """load_observations of any text or bytes at all."""
        with contextlib.suppress(FormatError):
            load_observations(text)

    @given(
        st.fixed_dictionaries(
            {"metric": VALUES, "at": VALUES, "value": VALUES},
            optional={"ref": VALUES, "dims": VALUES, "other": VALUES},
        )
    )
    def test_observation_objects(self, record: dict[str, Any]) -> None:
        """Observation-shaped objects with any values."""
        with contextlib.suppress(FormatError):
            load_observations(json.dumps(record))


class TestMutatedDocuments:
    """A valid document with keys deleted, values replaced or keys added is read or refused cleanly."""

    @given(mutated())
    def test_read_or_refused(self, document: Any) -> None:
        """from_dict and loads agree on it, and what they accept the schema accepts."""
        from_dict_outcome = outcome(from_dict, document)
        loads_outcome = outcome(loads, json.dumps(document))

        assert from_dict_outcome == loads_outcome
        if from_dict_outcome == ("ok",):
            assert [] == list(VALIDATOR.iter_errors(document))
            agreement = from_dict(document)
            assert agreement == loads(dumps(agreement))

    @given(st.integers(0, len(dumps(build_agreement()))), st.text(max_size=3))
    def test_text_edits(self, position: int, insert: str) -> None:
        """The document's text cut and spliced anywhere is read or refused cleanly."""
        text = dumps(build_agreement())
        with contextlib.suppress(FormatError):
            loads(text[:position] + insert + text[position + len(insert) :])
