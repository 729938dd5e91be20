"""The public exception hierarchy.

Every error the library raises on purpose derives from
:class:`MutualCommitError`. The errors that describe bad input derive from
:class:`ProblemsError` and carry every problem at once in ``.problems``: a
tuple of ``(path, message)`` pairs. A call given an argument it cannot take
raises :class:`ArgumentError`, and a lookup that finds nothing
:class:`NotFoundError`. Each also derives from the builtin error Python
code would raise in its place (`ValueError`, `TypeError` for a value of the
wrong type, `KeyError`, `RuntimeError`), so that ``except ValueError`` and
its kin catch it as well.

Every one pickles and copies whole, as a builtin exception does: its notes
(``add_note``) and any attribute a caller set come along, so an error sent
back from a process pool's worker keeps the context the worker added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

__all__ = [
    "AlreadyCompletedError",
    "AlreadySignedError",
    "ArgumentError",
    "FormatError",
    "InvalidAgreementError",
    "InvalidFieldsError",
    "InvalidFundEventsError",
    "InvalidObservationsError",
    "MutualCommitError",
    "NotFoundError",
    "NothingToAmendError",
    "ProblemsError",
    "RuleError",
    "SourceError",
    "TooManyJudgementsError",
    "UnknownLocaleError",
]

Problem = tuple[str, str]
E = TypeVar("E", bound="MutualCommitError")


class MutualCommitError(Exception):
    """Base class of every error this library raises on purpose.

    It pickles and copies whole, as a builtin exception does: rebuilt from
    the arguments its constructor took, with its instance attributes,
    ``__notes__`` (from ``add_note``) and any attribute a caller set among
    them.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # The one rule for every subclass, a builtin exception's: the class,
        # its ``args`` (each subclass passes on to Exception.__init__ the
        # arguments its own __init__ takes) and its __dict__, which holds the
        # notes. A __reduce__ of the arguments alone would lose the notes.
        return (type(self), self.args, self.__dict__ or None)


class ProblemsError(MutualCommitError, ValueError):
    """An error that lists every problem it found, each with its path.

    The base of the errors about bad input (`InvalidAgreementError`,
    `InvalidFieldsError`, `FormatError`, `InvalidObservationsError` and
    `~mutualcommit.rules.PolicyError`): ``except ProblemsError as error``
    reads ``error.problems`` whichever it is.

    A value built with a field of the wrong type (a float for a decimal,
    text for a sequence or a date, a number for an id, a mapping where a
    `Target` goes) raises its error as a `TypeError` too, whether the
    field's conversion refused it or the value's own checks (an
    agreement's invariants) found it, so that ``except TypeError`` catches
    it whatever else it lists: its class is then the error's twin of the
    same name that also derives from `TypeError`
    (``isinstance(error, InvalidObservationsError)`` holds for both). So
    does a log of records that holds an item of the wrong type. An error
    that lists only wrong values of the right type (a malformed id, a
    blank ref) is a `ValueError` alone; so is a `FormatError`, about a
    document.

    Attributes:
        problems: ``(path, message)`` pairs, in the order they were found.
    """

    #: What the error is about, the first words of its message.
    what = "invalid input"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            (str(path), str(message)) for path, message in problems
        )
        super().__init__(self.problems)

    def __str__(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{self.what} ({count} {noun}):"]
        lines.extend(
            f"  {path}: {message}" if path else f"  {message}"
            for path, message in self.problems
        )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.problems!r})"


def also_type_error(kind: type[E]) -> type[E]:
    """Return the twin of *kind* that is a `TypeError` too: same name, made once.

    What a value's construction raises when one of the fields it refused
    is of the wrong type (see `ProblemsError`), and what a call raises for
    an argument of the wrong type (see `ArgumentError`). The twin pickles
    and copies as its *kind* does, and comes back the twin.
    """
    twin = _TWINS.get(kind)
    if twin is None:
        namespace = {
            "__module__": kind.__module__,
            "__qualname__": kind.__qualname__,
            "__doc__": kind.__doc__,
            "__reduce__": _reduce_twin,
        }
        twin = _TWINS[kind] = type(kind.__name__, (kind, TypeError), namespace)
    return twin


#: The twins `also_type_error` made, by the error they are the twin of.
_TWINS: dict[type[Any], type[Any]] = {}


def _reduce_twin(self: MutualCommitError) -> tuple[Any, ...]:
    # As MutualCommitError.__reduce__, through the class it is the twin of:
    # the twin itself is no module attribute for pickle to find.
    return (_twin, (type(self).__mro__[1], self.args), self.__dict__ or None)


def _twin(kind: type[E], args: tuple[Any, ...]) -> E:
    """Rebuild a twin error from its *kind* and its arguments (for pickle)."""
    return also_type_error(kind)(*args)


class InvalidAgreementError(ProblemsError):
    """An agreement breaks the model's invariants.

    Paths use the model's form: ``goals[2].target.metric``.
    """

    what = "invalid agreement"


class AlreadySignedError(InvalidAgreementError):
    """A party signs terms its standing signature already binds.

    A party signs each version of the terms once: `Agreement.sign` refuses
    a second signature of the same terms (another name or another day),
    since replacing the first would change what the agreement was on the
    days between the two. ``.problems`` holds one problem, at the path of
    the standing signature.

    Attributes:
        party: The id of the party.
        signed_by: Who signed for it.
        signed_on: The day of its standing signature.
        version: The version of the terms it signed.
        path: Where the standing signature is: ``signatures[1]``.
    """

    def __init__(
        self,
        party: str,
        signed_by: str,
        signed_on: dt.date,
        version: int,
        path: str,
    ) -> None:
        self.party: str = party
        self.signed_by: str = signed_by
        self.signed_on: dt.date = signed_on
        self.version: int = version
        self.path: str = path
        message = (
            f"party {party!r} already signed version {version} of these terms "
            f"on {signed_on.isoformat()} ({signed_by}), and that signature "
            "stands: a party signs a version once, and a second signature "
            "would change the agreement's status on the days before it"
        )
        super().__init__([(path, message)])

    def __reduce__(self) -> tuple[Any, ...]:
        # Its own arguments, not the problems Exception holds, and its
        # __dict__ (the notes), as every library error pickles.
        return (
            type(self),
            (self.party, self.signed_by, self.signed_on, self.version, self.path),
            self.__dict__ or None,
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.party!r}, {self.signed_by!r}, "
            f"{self.signed_on!r}, {self.version!r}, {self.path!r})"
        )


class NothingToAmendError(InvalidAgreementError):
    """An amendment that would change no term.

    `Agreement.amend` raises the version, and the signatures of the earlier
    terms then no longer count: an amendment given no term, or each term
    as it already is, would have every party sign the same terms again for
    nothing, and is refused. ``.problems`` holds one problem, about the
    agreement as a whole (its path is ``""``). The agreement and the
    changes are valid, so the error's message is that problem alone
    (``nothing to amend: each term given (goals) is as it is in version 1;
    ...``), not headed ``invalid agreement`` as the errors of invalid terms
    are. It is an `InvalidAgreementError` so that code that handles a
    refused amendment catches it with the others.

    Attributes:
        version: The agreement's version, which the amendment would have
            raised.
        fields: The term fields the amendment was given, each as it already
            is, in alphabetical order; empty when it was given none.
        host_data: Whether the amendment changed extensions (host data,
            which is no part of the terms), which `Agreement.update_extensions`
            changes, keeping the version and the signatures.
    """

    def __init__(
        self,
        version: int,
        fields: Iterable[str],
        host_data: bool = False,  # noqa: FBT001, FBT002 - positional for pickling
    ) -> None:
        self.version: int = version
        self.fields: tuple[str, ...] = tuple(sorted(fields))
        self.host_data: bool = host_data
        if self.fields:
            given = ", ".join(self.fields)
            message = (
                f"nothing to amend: each term given ({given}) is as it is in "
                f"version {version}"
            )
        else:
            message = "nothing to amend: amend() was given no term to change"
        message += (
            f"; an amendment raises the version, to {version + 1}, and the "
            "parties would sign the same terms again"
        )
        if host_data:
            message += (
                "; to change extensions (host data) only, use update_extensions(), "
                "which keeps the version and the signatures"
            )
        super().__init__([("", message)])

    def __str__(self) -> str:
        # Its one problem, which says what happened: nothing is invalid.
        return self.problems[0][1]

    def __reduce__(self) -> tuple[Any, ...]:
        # Its own arguments, and its __dict__ (the notes), as every library
        # error pickles.
        return (
            type(self),
            (self.version, self.fields, self.host_data),
            self.__dict__ or None,
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.version!r}, {self.fields!r}, "
            f"{self.host_data!r})"
        )


class AlreadyCompletedError(InvalidAgreementError):
    """An action item already done is completed again, on another day.

    `Agreement.complete_action` records the day an item was done once: a
    second completion on another day would move it without a word, and
    with it what MC306 says of the days between the two. Given again as it
    stands (the same day), the completion is already there and the
    agreement comes back as it is. ``.problems`` holds one problem, at the
    path of the item's ``done_on``, naming the deliberate ways to change
    it: ``update_action(..., done_on=day)`` corrects the day,
    ``update_action(..., done_on=None)`` reopens the item.

    Attributes:
        review: The id of the review that decided the item.
        action: The id of the action item.
        done_on: The day the item was done, as recorded.
        given: The other day it was to be completed on.
        path: Where the recorded day is: ``reviews[0].actions[1].done_on``.
    """

    def __init__(
        self,
        review: str,
        action: str,
        done_on: dt.date,
        given: dt.date,
        path: str,
    ) -> None:
        self.review: str = review
        self.action: str = action
        self.done_on: dt.date = done_on
        self.given: dt.date = given
        self.path: str = path
        message = (
            f"action item {action!r} of review {review!r} was done on "
            f"{done_on.isoformat()}, and that record stands: complete_action() "
            f"records the day once, and {given.isoformat()} would change what "
            "the days between the two report; to correct the day, "
            f"update_action({review!r}, {action!r}, done_on={given!r}), to "
            f"reopen the item, update_action({review!r}, {action!r}, "
            "done_on=None)"
        )
        super().__init__([(path, message)])

    def __reduce__(self) -> tuple[Any, ...]:
        # Its own arguments, not the problems Exception holds, and its
        # __dict__ (the notes), as every library error pickles.
        return (
            type(self),
            (self.review, self.action, self.done_on, self.given, self.path),
            self.__dict__ or None,
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.review!r}, {self.action!r}, "
            f"{self.done_on!r}, {self.given!r}, {self.path!r})"
        )


class InvalidFieldsError(ProblemsError):
    """A value of the model cannot be built from the fields it was given.

    Building a `Target`, a `Party`, a `Bands` or any other value converts
    its fields (a decimal string to a `~decimal.Decimal`, an enum's
    lower-case string to its member, a list to a tuple); every field it
    cannot convert is listed at once, with the field's name as its path
    (``value``, ``direction``). When one of them is of the wrong type (a
    float for a decimal), the error is a `TypeError` too (see
    `ProblemsError`).

    (An `Agreement` reports its fields in an `InvalidAgreementError`, an
    `Observation` in an `InvalidObservationsError`, a `FundEvent` in an
    `InvalidFundEventsError` and a `~mutualcommit.rules.Policy` in a
    `~mutualcommit.rules.PolicyError`, with the problems their own checks
    find.)

    Attributes:
        of: The name of the class that was being built (``"Target"``), or
            ``""``.
    """

    def __init__(self, problems: Iterable[Problem], of: str = "") -> None:
        super().__init__(problems)
        # Back from the error's __dict__ when it is unpickled.
        self.of: str = of

    @property
    def what(self) -> str:  # type: ignore[override]
        """``invalid Target``: the class the error is about, or ``invalid fields``."""
        return f"invalid {self.of}" if self.of else "invalid fields"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.problems!r}, {self.of!r})"


class FormatError(ProblemsError):
    """A document or a log is not valid: an agreement, a policy, observations.

    Paths use JSON path form: ``$.goals[2].target.value``; for JSON Lines they
    start with ``line N``. The message's heading names what was read, as
    the command line names it: ``invalid document`` for an agreement's
    document or one record's JSON form, ``invalid policy`` for a policy,
    ``invalid observations`` for an observation log or a portfolio's
    observations, ``invalid fund log`` for a fund log or a portfolio's
    fund events.

    Attributes:
        of: What was read: ``"document"``, ``"policy"``, ``"observations"``
            or ``"fund log"``.
    """

    def __init__(self, problems: Iterable[Problem], of: str = "document") -> None:
        super().__init__(problems)
        # Back from the error's __dict__ when it is unpickled.
        self.of: str = of

    @property
    def what(self) -> str:  # type: ignore[override]
        """``invalid observations``: what was read, or ``invalid document``."""
        return f"invalid {self.of}"

    def __repr__(self) -> str:
        if self.of == "document":
            return f"{type(self).__name__}({self.problems!r})"
        return f"{type(self).__name__}({self.problems!r}, {self.of!r})"


class InvalidObservationsError(ProblemsError):
    """Observations cannot be evaluated against an agreement.

    Paths are the observation's position: ``[3]``.
    """

    what = "invalid observations"


class InvalidFundEventsError(InvalidObservationsError):
    """A fund log cannot be read against an agreement, or cannot be written.

    Paths are the event's position: ``[3]``. A fund log is a log of
    records as observations are, so this is an `InvalidObservationsError`
    too, and code that catches that one catches this one: it only says, in
    its type and its message, which log is at fault.
    """

    what = "invalid fund log"


class ArgumentError(MutualCommitError, ValueError):
    """A call was given an argument it cannot take.

    A value of the wrong type (text where a `datetime.date` belongs, a
    document where an `Agreement` does), or of the right type that the
    call cannot take (a negative indent, an index built for another
    agreement, changes to the terms given to `Agreement.update_extensions`).
    The message names the argument, says what was passed and, where it
    can, what to pass instead.

    It is a `ValueError`; for a value of the wrong type it is a `TypeError`
    too, as Python's own refusal of an argument is: its class is then the
    error's twin of the same name that also derives from `TypeError` (see
    `also_type_error`), so ``except TypeError`` catches it and
    ``isinstance(error, ArgumentError)`` holds.

    Attributes:
        argument: The name of the argument at fault (``as_of``), with the
            path inside it where one part of it is (``goals[0].title``,
            ``observations[3]``), or ``""`` when no one argument is.
    """

    def __init__(self, message: str, argument: str = "") -> None:
        # ``args`` is the message alone, as a builtin error's; the argument
        # comes back from the error's __dict__ when it is unpickled.
        super().__init__(message)
        self.argument: str = argument

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.args[0]!r}, {self.argument!r})"


class NotFoundError(MutualCommitError, KeyError):
    """A lookup by id or label found nothing there.

    `Agreement.goal`, `~mutualcommit.kpi.Scorecard.goal`, a result's ``window``
    and the other lookups raise it for an id or a label they do not hold.
    The message says what was asked for, where, what there is and, for a
    likely slip, the one meant (``did you mean 'pipeline'?``). It is a
    `KeyError`, so ``except KeyError`` catches it; unlike a plain
    `KeyError`, its text is the message as it is, not quoted.

    Attributes:
        key: The id or label that was asked for.
    """

    def __init__(self, message: str, key: object = None) -> None:
        # ``args`` is the message alone, as before; the key comes back from
        # the error's __dict__ when it is unpickled.
        super().__init__(message)
        self.key: object = key

    def __str__(self) -> str:
        return str(self.args[0])

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.args[0]!r}, {self.key!r})"


class UnknownLocaleError(MutualCommitError, ValueError):
    """A locale string does not name a locale.

    Attributes:
        locale: The string that was given.
        reason: Why a string that looks like a locale is not accepted, or
            ``""``.
    """

    def __init__(self, locale: str, reason: str = "") -> None:
        self.locale: str = locale
        self.reason: str = reason
        super().__init__(locale, reason)

    def __str__(self) -> str:
        message = f"unknown locale: {self.locale!r}"
        return f"{message}: {self.reason}" if self.reason else message


class TooManyJudgementsError(MutualCommitError, ValueError):
    """Exception criteria would judge more (item, window) pairs than allowed.

    A criterion with a ``split`` judges every item its observations name in
    every closed window, so what it costs is items times windows, and the
    items come from the log. `mutualcommit.kpi.exceptions` refuses, before
    it judges any, a report whose criteria would judge more than
    `mutualcommit.kpi.MAX_JUDGEMENTS` of them.

    Attributes:
        judgements: ``(criterion, items, windows)`` for each criterion that
            judges anything, in agreement order.
        limit: The bound that was crossed.
    """

    def __init__(self, judgements: Iterable[tuple[str, int, int]], limit: int) -> None:
        self.judgements: tuple[tuple[str, int, int], ...] = tuple(
            (str(criterion), int(items), int(windows))
            for criterion, items, windows in judgements
        )
        self.limit: int = int(limit)
        super().__init__(self.judgements, self.limit)

    @property
    def total(self) -> int:
        """How many (item, window) pairs the criteria would judge."""
        return sum(items * windows for _, items, windows in self.judgements)

    def __str__(self) -> str:
        # The largest first: the criterion to change is the one named first.
        largest = sorted(self.judgements, key=lambda j: -(j[1] * j[2]))
        shown = [
            f"{criterion!r} {items} items x {windows} windows"
            for criterion, items, windows in largest[:3]
        ]
        if len(largest) > len(shown):
            shown.append(f"{len(largest) - len(shown)} more")
        return (
            f"expected exception criteria to judge at most {self.limit} "
            f"(item, window) pairs, these would judge {self.total} "
            f"({', '.join(shown)}); judge fewer: a coarser per, a narrower "
            f"where, or fewer items in the observations"
        )


class RuleError(MutualCommitError, RuntimeError):
    """A policy's own rule failed while a check ran it.

    It failed when it raised, or when it yielded something that is not a
    well-formed `Finding` (not a finding at all, a path that is None, text
    UTF-8 cannot carry). The check stops: a report without the rule's
    findings would pass for complete. The rule's exception (or the check's
    own `TypeError` or `ValueError` saying what was wrong with what it
    yielded) is the ``__cause__`` (in the same process), and its type and
    text are kept for a process that receives the error pickled.

    Attributes:
        code: The code of the rule that failed.
        error: The type and text of what it raised (``KeyError: 'G9'``), or
            what was wrong with what it yielded (``yielded 42, expected a
            Finding``).
        agreement: The id of the agreement being checked, or None.
        yielded: Whether the rule yielded a bad result rather than raised.
    """

    def __init__(
        self,
        code: str,
        error: str,
        agreement: str | None = None,
        yielded: bool = False,  # noqa: FBT001, FBT002 - positional for pickling
    ) -> None:
        self.code: str = code
        self.error: str = error
        self.agreement: str | None = agreement
        self.yielded: bool = yielded
        super().__init__(code, error)

    def __str__(self) -> str:
        what = self.error if self.yielded else f"raised {self.error}"
        where = (
            ""
            if self.agreement is None
            else f", checking agreement {self.agreement!r},"
        )
        return (
            f"policy rule {self.code}{where} {what}; fix the rule or "
            f"disable {self.code} in the policy"
        )

    def __repr__(self) -> str:
        # Every attribute, so that a worker's log line names the agreement.
        return (
            f"{type(self).__name__}({self.code!r}, {self.error!r}, "
            f"agreement={self.agreement!r}, yielded={self.yielded!r})"
        )


class SourceError(MutualCommitError, RuntimeError):
    """An agreement source raised while it loaded its agreement.

    A portfolio run loads each `~mutualcommit.portfolio.AgreementSource`
    where the work runs. What its ``load()`` raises that is not the
    library's own error (a file that is gone, an `OSError`; text that is
    not UTF-8; a store that does not answer) is that agreement's failure:
    this error, in the agreement's place, and the run goes on. What
    ``load()`` raised is the ``__cause__`` (in the same process), and its
    type and text are kept for a process that receives the error pickled.

    Attributes:
        agreement: The id of the source that failed.
        error: The type and text of what its ``load()`` raised
            (``FileNotFoundError: [Errno 2] No such file or directory: ...``).
    """

    def __init__(self, agreement: str, error: str) -> None:
        self.agreement: str = agreement
        self.error: str = error
        super().__init__(agreement, error)

    def __str__(self) -> str:
        return (
            f"the source of agreement {self.agreement!r} could not load it: "
            f"{self.error}"
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.agreement!r}, {self.error!r})"
