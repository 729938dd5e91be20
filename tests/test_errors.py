"""The library's errors: every one a MutualCommitError, pickled and copied whole."""

from __future__ import annotations

import ast
import builtins
import copy
import datetime as dt
import importlib
import pickle
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import mutualcommit
import mutualcommit.cli._io  # defines the command line's errors
from mutualcommit import (
    AlreadyCompletedError,
    AlreadySignedError,
    ArgumentError,
    FormatError,
    InvalidAgreementError,
    InvalidFieldsError,
    InvalidFundEventsError,
    InvalidObservationsError,
    MutualCommitError,
    NotFoundError,
    NothingToAmendError,
    ProblemsError,
    RuleError,
    SourceError,
    TooManyJudgementsError,
    UnknownLocaleError,
)
from mutualcommit.calendar import NoReviewsError
from mutualcommit.errors import also_type_error
from mutualcommit.rules import NoRuleRunningError, PolicyError
from mutualcommit.serialize._values import InvalidValueError

PROBLEMS = [("$.goals[0].id", "expected text"), ("", "no parties")]

#: An error of each class, as the library raises it.
ERRORS: list[MutualCommitError] = [
    ProblemsError(PROBLEMS),
    InvalidAgreementError(PROBLEMS),
    InvalidFieldsError(PROBLEMS, "Target"),
    AlreadySignedError("globex", "Ann Lee", dt.date(2026, 3, 1), 2, "signatures[1]"),
    NothingToAmendError(2, ("goals", "title"), True),
    AlreadyCompletedError(
        "qbr-1",
        "x1",
        dt.date(2026, 3, 3),
        dt.date(2026, 12, 1),
        "reviews[0].actions[1].done_on",
    ),
    FormatError(PROBLEMS, "fund log"),
    InvalidObservationsError(PROBLEMS),
    InvalidFundEventsError(PROBLEMS),
    PolicyError(PROBLEMS),
    UnknownLocaleError("xx-nope"),
    TooManyJudgementsError([("fill", 9000, 52)], 500_000),
    RuleError("X100", "KeyError: 'G9'", "acme-2026"),
    SourceError("acme-2026", "FileNotFoundError: [Errno 2] No such file: 'a.json'"),
    NoReviewsError("acme-2026", "it has no review_rule"),
    ArgumentError("as_of is a datetime.date, got str '2026-03-01'", "as_of"),
    NotFoundError("no goal 'pipline' in agreement 'acme-2026'", "pipline"),
    NoRuleRunningError("Context.finding() makes a finding of the running rule"),
    # What a converter of make_converter() raises, inside cattrs' errors.
    InvalidValueError("expected an array, got 5"),
    # The twins a construction raises when a value is of the wrong type.
    also_type_error(InvalidFieldsError)(PROBLEMS, "Quantity"),
    also_type_error(InvalidObservationsError)(PROBLEMS),
    also_type_error(InvalidAgreementError)(PROBLEMS),
    also_type_error(PolicyError)(PROBLEMS),
    also_type_error(ArgumentError)("bands: expected a Bands, got int 3", "bands"),
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

    def test_the_format_error_names_what_was_read(self) -> None:
        """FormatError's first line says what was read: a document unless told."""
        document = FormatError([("$.title", "expected a string")])
        log = FormatError([("line 2: $.at", "expected a date")], of="observations")

        assert (
            "invalid document (1 problem):\n  $.title: expected a string",
            "invalid observations (1 problem):\n  line 2: $.at: expected a date",
            "FormatError((('line 2: $.at', 'expected a date'),), 'observations')",
        ) == (str(document), str(log), repr(log))


class TestArgumentAndLookupErrors:
    """A refused argument and a lookup's miss are the library's, and the builtin's too."""

    def test_argument_error(self) -> None:
        """It names the argument, reads as its message, and is a ValueError."""
        error = ArgumentError("indent must be at least 0, got -1", "indent")

        assert (
            "indent",
            "indent must be at least 0, got -1",
            True,
            False,
        ) == (
            error.argument,
            str(error),
            isinstance(error, ValueError),
            isinstance(error, TypeError),
        )

    def test_argument_error_of_type(self) -> None:
        """A value of the wrong type is refused by its twin, a TypeError too."""
        twin = also_type_error(ArgumentError)("as_of is a datetime.date", "as_of")

        assert (True, True, True, "ArgumentError") == (
            isinstance(twin, ArgumentError),
            isinstance(twin, TypeError),
            isinstance(twin, ValueError),
            type(twin).__name__,
        )

    def test_not_found_error(self) -> None:
        """A KeyError whose text is the message, not the message quoted."""
        error = NotFoundError("no goal 'pipline' in agreement 'x'", "pipline")

        assert (True, "no goal 'pipline' in agreement 'x'", "pipline") == (
            isinstance(error, KeyError),
            str(error),
            error.key,
        )


class TestWhoFailed:
    """The errors a portfolio run yields in an agreement's place name that agreement in their repr."""

    def test_rule_error(self) -> None:
        """A worker's log line of a RuleError says which agreement, and how the rule failed."""
        error = RuleError("ACME1", "RuntimeError: rule blew up", "acme-2026")

        assert (
            "RuleError('ACME1', 'RuntimeError: rule blew up', "
            "agreement='acme-2026', yielded=False)"
        ) == repr(error)
        assert (str(error), error.agreement) == (
            str(eval(repr(error))),  # noqa: S307 - the repr of our own error
            eval(repr(error)).agreement,  # noqa: S307
        )

    def test_source_error(self) -> None:
        """A source that raised is named by its id, with what it raised."""
        error = SourceError("gone-2026", "FileNotFoundError: [Errno 2] No such file")

        assert (
            "SourceError('gone-2026', 'FileNotFoundError: [Errno 2] No such file')",
            (
                "the source of agreement 'gone-2026' could not load it: "
                "FileNotFoundError: [Errno 2] No such file"
            ),
            True,
        ) == (repr(error), str(error), isinstance(error, RuntimeError))


#: The package's source, as the tests import it.
_PACKAGE = Path(mutualcommit.__file__).parent

#: Builtin exceptions, by name.
_BUILTIN = frozenset(
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
)

_PROTOCOL = (
    "Python's own protocol, which callers test for (hasattr, getattr with a "
    "default, setattr on an immutable object)"
)
_DEFINITION = (
    "a class of the library built wrongly, refused when it is defined, at "
    "import: no caller can reach it"
)
_UNREACHABLE = "an invariant the model holds: no value reaches it (no cover)"

#: Where the library still raises (or makes) a builtin exception, and why:
#: ``(file, function, exception)``. Anything else a caller can reach is a
#: `MutualCommitError`, as the errors module promises.
ALLOWED_BUILTINS: dict[tuple[str, str, str], str] = {
    ("__init__.py", "__getattr__", "AttributeError"): _PROTOCOL,
    ("_lazy.py", "lazy_names.__getattr__", "AttributeError"): _PROTOCOL,
    ("kpi/_results.py", "TargetResult.__getattr__", "AttributeError"): _PROTOCOL,
    ("model/_frozen.py", "FrozenDict.__setattr__", "AttributeError"): _PROTOCOL,
    ("model/_notebook.py", "ShowsSummary._summary", "NotImplementedError"): (
        "the abstract method each summary class writes"
    ),
    ("_frames.py", "missing_extra", "ModuleNotFoundError"): (
        "an optional dependency not installed: the ImportError importing it "
        "raises, with the extra that installs it"
    ),
    ("cli/_main.py", "_parse", "SystemExit"): (
        "the command line's exit with argparse's usage message"
    ),
    ("testing/_assertions.py", "assert_compliant", "AssertionError"): (
        "what an assertion raises, for the test runner"
    ),
    ("testing/_assertions.py", "assert_findings", "AssertionError"): (
        "what an assertion raises, for the test runner"
    ),
    ("model/_coerce.py", "_declared", "TypeError"): _DEFINITION,
    ("model/_coerce.py", "coerce_fields", "TypeError"): _DEFINITION,
    ("model/_coerce.py", "_unsupported", "TypeError"): _DEFINITION,
    ("model/_trusted.py", "trusted_fields", "TypeError"): _DEFINITION,
    ("model/_value_methods.py", "value_methods", "TypeError"): _DEFINITION,
    ("model/_canonical.py", "_plain", "TypeError"): _UNREACHABLE,
    ("scenarios/_sampling.py", "draw", "TypeError"): _UNREACHABLE,
    ("serialize/_encode.py", "_Family._expression", "TypeError"): _UNREACHABLE,
    ("render/_tree.py", "Table.__attrs_post_init__", "ValueError"): (
        "the render layer's own document tree, which no caller builds"
    ),
    ("rules/_check.py", "_well_formed", "TypeError"): (
        "what a rule yielded wrongly: the cause of the RuleError raised"
    ),
    ("rules/_check.py", "_well_formed", "ValueError"): (
        "what a rule yielded wrongly: the cause of the RuleError raised"
    ),
    ("rules/_policy_json.py", "_number", "ValueError"): (
        "a hook of the JSON parser: the reader raises a FormatError for it"
    ),
    ("rules/_policy_json.py", "_no_constant", "ValueError"): (
        "a hook of the JSON parser: the reader raises a FormatError for it"
    ),
}

#: The exception classes of the package that are no `MutualCommitError`:
#: signals caught where they are raised, never a caller's to catch.
INTERNAL_SIGNALS = {
    "mutualcommit.calendar._reviews._PastTheTerm",
    "mutualcommit.model._canonical._Unwritable",
    "mutualcommit.model._coerce._RefusedParts",
    "mutualcommit.render._schedule._Unsaid",
    "mutualcommit.serialize._encode._Float",
    "mutualcommit.serialize._typed_read._UnsupportedTypeError",
    "mutualcommit.serialize._typed_read._DoubtError",
    # The command line's, which `main` turns into a message and an exit code.
    "mutualcommit.cli._io._LineDecodeError",
    "mutualcommit.cli._io.OutputError",
    "mutualcommit.cli._io.ReaderGoneError",
    "mutualcommit.cli._io.CommandError",
    "mutualcommit.cli._io.WriteError",
}


def _builtin_errors(path: Path) -> Iterator[tuple[str, str, int]]:
    """Yield ``(function, exception, line)`` per builtin exception *path* raises or makes.

    A call of a builtin exception class (``TypeError(msg)``, raised or
    returned) and a bare ``raise KeyError``; a name in an ``except`` or an
    ``isinstance`` is neither.
    """
    scopes: list[str] = []

    def visit(node: ast.AST) -> Iterator[tuple[str, str, int]]:
        scoped = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            scopes.append(node.name)
        made = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            made = node.func.id
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Name):
            made = node.exc.id
        if made in _BUILTIN:
            yield ".".join(scopes), made, node.lineno  # type: ignore[attr-defined]
        for child in ast.iter_child_nodes(node):
            yield from visit(child)
        if scoped:
            scopes.pop()

    yield from visit(ast.parse(path.read_text(encoding="utf-8")))


class TestEveryErrorIsTheLibrarys:
    """What a caller can catch is a MutualCommitError, so that it cannot regress."""

    def test_no_builtin_exception_raised(self) -> None:
        """No module raises a builtin exception outside the documented places."""
        found: dict[tuple[str, str, str], list[int]] = {}
        for path in sorted(_PACKAGE.rglob("*.py")):
            where = path.relative_to(_PACKAGE).as_posix()
            for function, exception, line in _builtin_errors(path):
                found.setdefault((where, function, exception), []).append(line)

        unexplained = sorted(
            f"{where}:{lines[0]} {function}: {exception}"
            for (where, function, exception), lines in found.items()
            if (where, function, exception) not in ALLOWED_BUILTINS
        )
        stale = sorted(set(ALLOWED_BUILTINS) - set(found))
        assert ([], []) == (unexplained, stale)

    def test_every_exception_class_is_the_librarys(self) -> None:
        """Every exception class the package defines derives from MutualCommitError.

        But the internal signals, each caught where it is raised.
        """
        kinds = set()
        for module in pkgutil.walk_packages(mutualcommit.__path__, "mutualcommit."):
            if module.name.endswith("__main__"):
                continue
            for value in vars(importlib.import_module(module.name)).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, BaseException)
                    and value.__module__ == module.name
                ):
                    kinds.add(value)

        foreign = {
            f"{kind.__module__}.{kind.__qualname__}"
            for kind in kinds
            if not issubclass(kind, MutualCommitError)
        }
        assert INTERNAL_SIGNALS == foreign
