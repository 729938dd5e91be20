"""The library's errors pickle and copy whole, as builtin exceptions do."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from collections.abc import Callable, Iterator

import pytest

import mutualcommit.cli._io  # noqa: F401 - defines the command line's errors
from mutualcommit import (
    AlreadyCompletedError,
    AlreadySignedError,
    FormatError,
    InvalidAgreementError,
    InvalidFieldsError,
    InvalidFundEventsError,
    InvalidObservationsError,
    MutualCommitError,
    ProblemsError,
    RuleError,
    TooManyJudgementsError,
    UnknownLocaleError,
)
from mutualcommit.calendar import NoReviewsError
from mutualcommit.errors import also_type_error
from mutualcommit.rules import PolicyError

PROBLEMS = [("$.goals[0].id", "expected text"), ("", "no parties")]

#: An error of each class, as the library raises it.
ERRORS: list[MutualCommitError] = [
    ProblemsError(PROBLEMS),
    InvalidAgreementError(PROBLEMS),
    InvalidFieldsError(PROBLEMS, "Target"),
    AlreadySignedError("globex", "Ann Lee", dt.date(2026, 3, 1), 2, "signatures[1]"),
    AlreadyCompletedError(
        "qbr-1",
        "x1",
        dt.date(2026, 3, 3),
        dt.date(2026, 12, 1),
        "reviews[0].actions[1].done_on",
    ),
    FormatError(PROBLEMS),
    InvalidObservationsError(PROBLEMS),
    InvalidFundEventsError(PROBLEMS),
    PolicyError(PROBLEMS),
    UnknownLocaleError("xx-nope"),
    TooManyJudgementsError([("fill", 9000, 52)], 500_000),
    RuleError("X100", "KeyError: 'G9'"),
    NoReviewsError("acme-2026", "it has no review_rule"),
    # The twins a construction raises when a value is of the wrong type.
    also_type_error(InvalidFieldsError)(PROBLEMS, "Quantity"),
    also_type_error(InvalidObservationsError)(PROBLEMS),
    also_type_error(InvalidAgreementError)(PROBLEMS),
    also_type_error(PolicyError)(PROBLEMS),
]


def _twin(kind: type[MutualCommitError]) -> bool:
    """Tell whether *kind* is an error's twin that is a TypeError too."""
    return TypeError in kind.__bases__ and kind.__bases__[0].__name__ == kind.__name__


def _subclasses(kind: type[MutualCommitError]) -> Iterator[type[MutualCommitError]]:
    for sub in kind.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _pickled(protocol: int) -> Callable[[object], object]:
    def again(error: object) -> object:
        return pickle.loads(pickle.dumps(error, protocol))  # noqa: S301 - our own bytes

    return again


def _copies() -> list[tuple[str, Callable[[object], object]]]:
    copies = [
        (f"pickle {protocol}", _pickled(protocol))
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1)
    ]
    return [*copies, ("copy", copy.copy), ("deepcopy", copy.deepcopy)]


class TestPickleAndCopy:
    """Notes and attributes a caller added survive pickle, copy and deepcopy."""

    def test_every_public_error_is_covered(self) -> None:
        """ERRORS holds one of each public error class (the command line's are its own)."""
        public = {
            kind
            for kind in _subclasses(MutualCommitError)
            if not kind.__module__.startswith("mutualcommit.cli") and not _twin(kind)
        }

        assert public == {type(error) for error in ERRORS if not _twin(type(error))} - {
            MutualCommitError
        }

    @pytest.mark.parametrize(
        "error",
        ERRORS,
        ids=lambda e: type(e).__name__ + (" (TypeError)" if _twin(type(e)) else ""),
    )
    @pytest.mark.parametrize(("how", "again"), _copies(), ids=[h for h, _ in _copies()])
    def test_notes_and_attributes_kept(
        self, error: MutualCommitError, how: str, again: Callable[[object], object]
    ) -> None:
        """A note from add_note and an attribute set by the host come back, as ValueError's do."""
        del how
        error = copy.copy(error)  # the note is this test's alone
        error.add_note("while loading partner 4711")
        error.partner = 4711  # type: ignore[attr-defined]

        back = again(error)

        assert type(error) is type(back)
        assert (["while loading partner 4711"], 4711) == (
            back.__notes__,
            back.partner,  # type: ignore[attr-defined]
        )
        assert (str(error), repr(error), error.args) == (
            str(back),
            repr(back),
            back.args,
        )
        assert vars(error) == vars(back)

    def test_command_line_errors(self) -> None:
        """The command line's own errors (a file that is not UTF-8 text) pickle too."""
        kinds = {
            kind.__name__: kind
            for kind in _subclasses(MutualCommitError)
            if kind.__module__.startswith("mutualcommit.cli")
        }
        try:
            b"\xff".decode()
        except UnicodeDecodeError as decoding:
            error = kinds["NotTextError"]("data.json", decoding)
        error.add_note("in batch 3")

        back = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes

        assert (str(error), ["in batch 3"]) == (str(back), back.__notes__)


class TestTwins:
    """The twin an error has when a value of the wrong type is among its problems."""

    def test_both_kinds_of_error(self) -> None:
        """It is its error, a ValueError and a TypeError, under the error's name."""
        twin = also_type_error(InvalidObservationsError)(PROBLEMS)

        assert (True, True, True, True, "InvalidObservationsError") == (
            isinstance(twin, InvalidObservationsError),
            isinstance(twin, ProblemsError),
            isinstance(twin, ValueError),
            isinstance(twin, TypeError),
            type(twin).__name__,
        )

    def test_made_once(self) -> None:
        """Asked again, the twin is the same class; each error has its own."""
        twins: list[type[ProblemsError]] = [
            also_type_error(FormatError),
            also_type_error(FormatError),
            also_type_error(InvalidAgreementError),
        ]

        assert (True, False) == (twins[0] is twins[1], twins[0] is twins[2])

    def test_the_fields_error_names_its_class(self) -> None:
        """InvalidFieldsError says which value it could not build, in its first line."""
        error = InvalidFieldsError([("value", "expected a decimal")], "Target")

        assert (
            "Target",
            "invalid Target (1 problem):\n  value: expected a decimal",
        ) == (
            error.of,
            str(error),
        )
