"""The checks on a public function's day and logs: what passes, what is refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.model import Agreement
from mutualcommit.model._arguments import as_agreement, as_day, as_log


class TestAsDay:
    """A date passes as it is; anything else is named in the message."""

    def test_a_date_passes(self) -> None:
        """The very date passed comes back."""
        day = dt.date(2026, 6, 30)

        assert as_day("as_of", day) is day

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (
                dt.datetime(2026, 6, 30, 12),  # noqa: DTZ001
                (
                    "as_of is a datetime.date, got datetime "
                    "datetime.datetime(2026, 6, 30, 12, 0); pass its .date()"
                ),
            ),
            (
                "2026-06-30",
                "as_of is a datetime.date, got str '2026-06-30'; pass datetime.date.fromisoformat(...)",
            ),
            (None, "as_of is a datetime.date, got NoneType None"),
            (
                "x" * 200,
                "as_of is a datetime.date, got str '" + "x" * 98 + "…"
                "; pass datetime.date.fromisoformat(...)",
            ),
        ],
        ids=["datetime", "text", "none", "long-text-cut"],
    )
    def test_refused(self, value: object, message: str) -> None:
        """The message names the argument, the type and (up to 100 characters) the value."""
        with pytest.raises(TypeError) as raised:
            as_day("as_of", value)

        assert message == str(raised.value)

    def test_a_numpy_day_is_told_how_to_become_a_date(self) -> None:
        """A numpy datetime64 (a DataFrame's day) is refused with the call that makes it a date."""
        np = pytest.importorskip("numpy")

        with pytest.raises(TypeError) as raised:
            as_day("as_of", np.datetime64("2026-06-30"))

        assert str(raised.value).endswith("; pass its .astype('datetime64[D]').item()")


class TestAsLog:
    """A list or tuple passes as it is, another iterable is read once, the rest is refused."""

    @given(st.lists(st.integers()) | st.lists(st.integers()).map(tuple))
    def test_list_or_tuple_is_the_same_object(
        self, log: list[int] | tuple[int, ...]
    ) -> None:
        """No copy is made of a list or a tuple."""
        assert as_log("log", log, record="int") is log

    @given(st.lists(st.integers()))
    def test_an_iterator_is_read_once_in_order(self, items: list[int]) -> None:
        """A generator's items come back as a list, in order, the generator spent."""
        reads = 0

        def generate() -> Iterator[int]:
            nonlocal reads
            reads += 1
            yield from items

        assert (items, 1) == (as_log("log", generate(), record="int"), reads)

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (
                "obs.jsonl",
                (
                    "observations is an iterable of Observation records, got str "
                    "'obs.jsonl': read a JSON Lines file's text with load_observations first"
                ),
            ),
            (
                b"{}",
                (
                    "observations is an iterable of Observation records, got bytes "
                    "b'{}': read a JSON Lines file's text with load_observations first"
                ),
            ),
            (
                Path("obs.jsonl"),
                (
                    "observations is an iterable of Observation records, got "
                    f"{type(Path()).__name__} {Path('obs.jsonl')!r}: read a JSON Lines "
                    "file's text with load_observations first"
                ),
            ),
            (
                {"metric": "m"},
                (
                    "observations is an iterable of Observation records, got a "
                    "mapping (dict), whose keys a loop reads"
                ),
            ),
            (
                None,
                "observations is an iterable of Observation records, got NoneType None",
            ),
            (5, "observations is an iterable of Observation records, got int 5"),
        ],
        ids=["path-text", "bytes", "path", "mapping", "none", "number"],
    )
    def test_refused(self, value: object, message: str) -> None:
        """Text, bytes and paths would be read character by character: refused, with the reader to use."""
        with pytest.raises(TypeError) as raised:
            as_log(
                "observations", value, record="Observation", reader="load_observations"
            )

        assert message == str(raised.value)

    def test_without_a_reader_no_hint(self) -> None:
        """A log no JSON Lines reader reads (days, say) gets no hint."""
        with pytest.raises(TypeError) as raised:
            as_log("as_of_dates", "2026-06-30", record="datetime.date")

        assert (
            "as_of_dates is an iterable of datetime.date records, got str '2026-06-30'"
            == str(raised.value)
        )

    def test_an_error_raised_while_reading_is_not_hidden(self) -> None:
        """A TypeError from inside the iterable's own loop is the caller's, unchanged."""

        def broken() -> Iterator[int]:
            yield 1
            raise TypeError("inside")  # noqa: EM101 - the error under test

        with pytest.raises(TypeError, match=r"^inside$"):
            as_log("log", broken(), record="int")


class TestAsAgreement:
    """An Agreement passes as it is; its document or text is named with its reader."""

    def test_an_agreement_passes(self, agreement: Agreement) -> None:
        """The very agreement passed comes back."""
        assert as_agreement("agreement", agreement) is agreement

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (
                {"id": "a"},
                (
                    "terms is an Agreement, got dict: build it from its JSON document "
                    "with from_dict"
                ),
            ),
            (
                b"{}",
                (
                    "terms is an Agreement, got bytes b'{}': read the document's text "
                    "with loads"
                ),
            ),
            (5, "terms is an Agreement, got int 5"),
        ],
        ids=["document", "bytes", "number"],
    )
    def test_refused(self, value: object, message: str) -> None:
        """The message names the argument as the caller knows it."""
        with pytest.raises(TypeError) as raised:
            as_agreement("terms", value)

        assert message == str(raised.value)
