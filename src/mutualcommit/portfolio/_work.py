"""What runs where the work is sent: one chunk of agreements at a time.

These functions are what an executor pickles, by reference: they live at
module level and take only picklable arguments, so a process pool or a Dask
worker that has the same version of mutualcommit installed can run them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from mutualcommit.errors import InvalidAgreementError, MutualCommitError
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
    "SourceItem",
    "check_chunk",
    "check_evaluate_chunk",
    "check_evaluate_chunk_packed",
    "evaluate_chunk",
    "evaluate_chunk_packed",
    "summarize_chunk",
]

#: One agreement, its observations (None: none given, for a check) and its
#: fund log (None: none given).
Item = tuple[Agreement, Iterable[Observation] | None, Iterable[FundEvent] | None]


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
        """Load the agreement; a `MutualCommitError` is that agreement's result."""
        ...  # pragma: no cover - a protocol


#: One agreement, or what loads it where the work runs, its observations
#: and its fund log.
SourceItem = tuple[
    Agreement | AgreementSource,
    Iterable[Observation] | None,
    Iterable[FundEvent] | None,
]

#: One agreement's report and scorecard (or the error in place of both).
Both = tuple[Report | MutualCommitError, Scorecard | MutualCommitError]


def _detached(error: MutualCommitError) -> MutualCommitError:
    """Drop the traceback: its frames would hold the agreement and its index.

    A result that crossed a process boundary has lost it anyway, so every
    engine yields the same error, and a stream keeps no frames alive.
    """
    return error.with_traceback(None)


def check_chunk(
    items: Sequence[Item], as_of: dt.date, policy: Policy
) -> list[Report | MutualCommitError]:
    """Check every agreement of *items*; an agreement's error is its result."""
    results: list[Report | MutualCommitError] = []
    for agreement, observations, fund_events in items:
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
    for agreement, observations, fund_events in items:
        try:
            results.append(
                evaluate(
                    agreement,
                    () if observations is None else observations,
                    as_of=as_of,
                    bands=bands,
                    fund_events=fund_events,
                )
            )
        except MutualCommitError as error:
            results.append(_detached(error))
    return results


def evaluate_chunk_packed(
    items: Sequence[Item], as_of: dt.date, bands: Bands
) -> list[Packed | MutualCommitError]:
    """Evaluate as `evaluate_chunk`, each scorecard packed for the way back."""
    return [
        pack_scorecard(result) if isinstance(result, Scorecard) else result
        for result in evaluate_chunk(items, as_of, bands)
    ]


def check_evaluate_chunk(
    items: Sequence[Item], as_of: dt.date, policy: Policy
) -> list[Both]:
    """Check and evaluate every agreement of *items*, each in one pass.

    The scorecard is the one the check evaluated (with the policy's bands),
    so the log is read, validated and indexed once per agreement.
    """
    results: list[Both] = []
    for agreement, observations, fund_events in items:
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
            results.append((_detached(error), error))
            continue
        if scorecard is None:  # pragma: no cover - a log is always given here
            scorecard = evaluate(agreement, (), as_of=as_of, bands=policy.bands)
        results.append((report, scorecard))
    return results


def check_evaluate_chunk_packed(
    items: Sequence[Item], as_of: dt.date, policy: Policy
) -> list[tuple[Report | MutualCommitError, Packed | MutualCommitError]]:
    """As `check_evaluate_chunk`, each scorecard packed for the way back."""
    return [
        (report, pack_scorecard(card) if isinstance(card, Scorecard) else card)
        for report, card in check_evaluate_chunk(items, as_of, policy)
    ]


def _loaded(item: Agreement | AgreementSource) -> Agreement:
    """Return the agreement of *item*, loading it when it is a source."""
    if isinstance(item, Agreement):
        return item
    agreement = item.load()
    if not isinstance(agreement, Agreement):
        msg = (
            f"the source of agreement {item.id!r} loaded "
            f"{type(agreement).__name__}, expected an Agreement"
        )
        raise TypeError(msg)
    if agreement.id != item.id:
        message = (
            f"the source of agreement {item.id!r} loaded agreement {agreement.id!r}"
        )
        raise InvalidAgreementError([("id", message)])
    return agreement


def summarize_chunk(
    items: Sequence[SourceItem], as_of: dt.date, policy: Policy
) -> Tally:
    """Check and evaluate every agreement of *items* and tally the results.

    A source is loaded here; what comes back is the chunk's figures alone,
    whatever the number of its windows and findings.
    """
    tally = Tally()
    for item, observations, fund_events in items:
        key = item.id
        try:
            agreement = _loaded(item)
        except MutualCommitError as error:
            # In place of both the report and the scorecard, as a check's error.
            both: Both = (_detached(error), error)
        else:
            (both,) = check_evaluate_chunk(
                [(agreement, observations, fund_events)], as_of, policy
            )
        report, scorecard = both
        tally.add(key, report)
        tally.add(key, scorecard)
    return tally
