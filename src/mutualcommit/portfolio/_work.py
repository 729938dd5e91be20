"""What runs where the work is sent: one chunk of agreements at a time.

These functions are what an executor pickles, by reference: they live at
module level and take only picklable arguments, so a process pool or a Dask
worker that has the same version of mutualcommit installed can run them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from mutualcommit.errors import (
    InvalidAgreementError,
    MutualCommitError,
    SourceError,
    also_type_error,
)
from mutualcommit.kpi import Bands, Scorecard, evaluate
from mutualcommit.model import Agreement, FundEvent, Observation
from mutualcommit.rules import Policy, Report, check
from mutualcommit.rules._check import checked

from ._summary import Tally
from ._wire import Packed, pack_scorecard

__all__ = [
    "AgreementSource",
    "Both",
    "Item",
    "check_chunk",
    "check_evaluate_chunk",
    "check_evaluate_chunk_packed",
    "evaluate_chunk",
    "evaluate_chunk_packed",
    "summarize_chunk",
]


@runtime_checkable
class AgreementSource(Protocol):
    """An agreement that is loaded where the work runs: from a file, a store.

    It must pickle small (a path, a key) and load the same agreement
    wherever it is loaded; ``id`` is that agreement's id, known without
    loading it, to find its observations and to name its results.
    """

    @property
    def id(self) -> str:
        """The id of the agreement it loads."""
        ...  # pragma: no cover - a protocol

    def load(self) -> Agreement:
        """Load the agreement.

        What it raises is that agreement's result, and the run goes on: a
        `MutualCommitError` as it is (a file that is no valid agreement),
        any other exception (a file that is gone) as a
        `~mutualcommit.SourceError` naming the source's id.
        """
        ...  # pragma: no cover - a protocol


#: One agreement, or what loads it where the work runs, its observations
#: (None: none given, for a check) and its fund log (None: none given); a
#: log that is no log at all (text, one record) is the agreement's error,
#: found in the calling process, in place of that log.
Item = tuple[
    Agreement | AgreementSource,
    Iterable[Observation] | MutualCommitError | None,
    Iterable[FundEvent] | MutualCommitError | None,
]

#: One agreement ready for the work: the agreement and its logs, or the
#: error that is its result.
_Ready = tuple[Agreement, Iterable[Observation] | None, Iterable[FundEvent] | None]

#: One agreement's report and scorecard (or the error in place of both).
Both = tuple[Report | MutualCommitError, Scorecard | MutualCommitError]


def _detached(error: MutualCommitError) -> MutualCommitError:
    """Drop the traceback: its frames would hold the agreement and its index.

    A result that crossed a process boundary has lost it anyway, so every
    engine yields the same error, and a stream keeps no frames alive.
    """
    return error.with_traceback(None)


def _ready(item: Item) -> _Ready | MutualCommitError:
    """Load *item*'s agreement when it is a source, and see its logs are logs.

    Returns the error that is the agreement's result instead: one its
    source raised loading it (see `_loaded`), or one found in place of a
    log.
    """
    source, observations, fund_events = item
    try:
        agreement = _loaded(source)
    except MutualCommitError as error:
        return _detached(error)
    if isinstance(observations, MutualCommitError):
        return observations
    if isinstance(fund_events, MutualCommitError):
        return fund_events
    return agreement, observations, fund_events


def check_chunk(
    items: Sequence[Item], as_of: dt.date, policy: Policy
) -> list[Report | MutualCommitError]:
    """Check every agreement of *items*; an agreement's error is its result."""
    results: list[Report | MutualCommitError] = []
    for item in items:
        ready = _ready(item)
        if isinstance(ready, MutualCommitError):
            results.append(ready)
            continue
        agreement, observations, fund_events = ready
        try:
            results.append(
                check(
                    agreement,
                    as_of=as_of,
                    observations=observations,
                    policy=policy,
                    fund_events=fund_events,
                )
            )
        except MutualCommitError as error:
            results.append(_detached(error))
    return results


def evaluate_chunk(
    items: Sequence[Item], as_of: dt.date, bands: Bands
) -> list[Scorecard | MutualCommitError]:
    """Evaluate every agreement of *items*; an agreement's error is its result."""
    results: list[Scorecard | MutualCommitError] = []
    for item in items:
        ready = _ready(item)
        if isinstance(ready, MutualCommitError):
            results.append(ready)
            continue
        results.append(_evaluated(ready, as_of, bands))
    return results


def _evaluated(
    ready: _Ready, as_of: dt.date, bands: Bands
) -> Scorecard | MutualCommitError:
    """Evaluate one agreement; its error is its result."""
    agreement, observations, fund_events = ready
    try:
        return evaluate(
            agreement,
            () if observations is None else observations,
            as_of=as_of,
            bands=bands,
            fund_events=fund_events,
        )
    except MutualCommitError as error:
        return _detached(error)


def _packed(
    item: Item, result: Scorecard | MutualCommitError
) -> Packed | Scorecard | MutualCommitError:
    """Pack *result* for the way back, when the calling process holds its agreement.

    The scorecard of an agreement a source loaded here travels whole, with
    its agreement: the calling process has only the source.
    """
    if isinstance(result, Scorecard) and isinstance(item[0], Agreement):
        return pack_scorecard(result)
    return result


def evaluate_chunk_packed(
    items: Sequence[Item], as_of: dt.date, bands: Bands
) -> list[Packed | Scorecard | MutualCommitError]:
    """Evaluate as `evaluate_chunk`, each scorecard packed for the way back."""
    return [
        _packed(item, result)
        for item, result in zip(items, evaluate_chunk(items, as_of, bands), strict=True)
    ]


def check_evaluate_chunk(
    items: Sequence[Item], as_of: dt.date, policy: Policy
) -> list[Both]:
    """Check and evaluate every agreement of *items*, each in one pass.

    The scorecard is the one the check evaluated (with the policy's bands),
    so the log is read, validated and indexed once per agreement. When the
    check raises, the agreement is evaluated on its own, as `evaluate_chunk`
    would: a policy rule's `RuleError` leaves its scorecard standing, and
    an error of the log, which the evaluation raises too, is in place of
    both.
    """
    results: list[Both] = []
    for item in items:
        ready = _ready(item)
        if isinstance(ready, MutualCommitError):
            results.append((ready, ready))
            continue
        agreement, observations, fund_events = ready
        log = () if observations is None else observations
        try:
            report, scorecard = checked(
                agreement,
                as_of=as_of,
                observations=log,
                policy=policy,
                fund_events=fund_events,
            )
        except MutualCommitError as error:
            failed = _detached(error)
            alone = _evaluated(ready, as_of, policy.bands)
            # The evaluation's own error alike (an error of the log) is
            # the check's: the one error in place of both, as a summary
            # counts one failure for it.
            results.append((failed, failed if _alike(alone, failed) else alone))
            continue
        if scorecard is None:  # pragma: no cover - a log is always given here
            scorecard = evaluate(agreement, (), as_of=as_of, bands=policy.bands)
        results.append((report, scorecard))
    return results


def _alike(result: object, error: MutualCommitError) -> bool:
    """Tell whether *result* is an error of *error*'s type and text."""
    return type(result) is type(error) and str(result) == str(error)


def check_evaluate_chunk_packed(
    items: Sequence[Item], as_of: dt.date, policy: Policy
) -> list[tuple[Report | MutualCommitError, Packed | Scorecard | MutualCommitError]]:
    """As `check_evaluate_chunk`, each scorecard packed for the way back."""
    return [
        (report, _packed(item, card))
        for item, (report, card) in zip(
            items, check_evaluate_chunk(items, as_of, policy), strict=True
        )
    ]


def _loaded(item: Agreement | AgreementSource) -> Agreement:
    """Return the agreement of *item*, loading it when it is a source.

    Raises:
        MutualCommitError: What the source's ``load()`` raised, when it is
            the library's error; a `SourceError` naming the source, with
            the exception as its cause, when it is any other (a file that
            is gone); an `InvalidAgreementError` when it loaded something
            else than the agreement of its id.
    """
    if isinstance(item, Agreement):
        return item
    try:
        agreement = item.load()
    except MutualCommitError:
        raise
    except Exception as error:
        # The source's own code, reading the caller's files or store: what
        # it raises fails its agreement alone, as a policy rule's failure
        # does, rather than end the stream and lose the chunk's results.
        raise SourceError(item.id, f"{type(error).__name__}: {error}") from error
    if not isinstance(agreement, Agreement):
        msg = (
            f"the source of agreement {item.id!r} loaded "
            f"{type(agreement).__name__}, expected an Agreement"
        )
        raise also_type_error(InvalidAgreementError)([("", msg)])
    if agreement.id != item.id:
        message = (
            f"the source of agreement {item.id!r} loaded agreement {agreement.id!r}"
        )
        raise InvalidAgreementError([("id", message)])
    return agreement


def summarize_chunk(items: Sequence[Item], as_of: dt.date, policy: Policy) -> Tally:
    """Check and evaluate every agreement of *items* and tally the results.

    A source is loaded here; what comes back is the chunk's figures alone,
    whatever the number of its windows and findings.
    """
    tally = Tally()
    for item in items:
        # One at a time: the chunk's results are never all held at once.
        ((report, scorecard),) = check_evaluate_chunk([item], as_of, policy)
        key = item[0].id
        tally.add(key, report)
        tally.add(key, scorecard)
    tally.previous = None  # an error to send back for nothing
    return tally
