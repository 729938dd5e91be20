"""What runs where the work is sent: one chunk of agreements at a time.

These functions are what an executor pickles, by reference: they live at
module level and take only picklable arguments, so a process pool or a Dask
worker that has the same version of mutualcommit installed can run them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from mutualcommit.errors import MutualCommitError
from mutualcommit.kpi import Bands, Scorecard, evaluate
from mutualcommit.model import Agreement, Observation
from mutualcommit.rules import Policy, Report, check
from mutualcommit.rules._check import checked

from ._wire import Packed, pack_scorecard

__all__ = [
    "Both",
    "Item",
    "check_chunk",
    "check_evaluate_chunk",
    "check_evaluate_chunk_packed",
    "evaluate_chunk",
    "evaluate_chunk_packed",
]

#: One agreement and its observations (None: none given, for a check).
Item = tuple[Agreement, Iterable[Observation] | None]

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
    for agreement, observations in items:
        try:
            results.append(
                check(agreement, as_of=as_of, observations=observations, policy=policy)
            )
        except MutualCommitError as error:
            results.append(_detached(error))
    return results


def evaluate_chunk(
    items: Sequence[Item], as_of: dt.date, bands: Bands
) -> list[Scorecard | MutualCommitError]:
    """Evaluate every agreement of *items*; an agreement's error is its result."""
    results: list[Scorecard | MutualCommitError] = []
    for agreement, observations in items:
        try:
            results.append(
                evaluate(
                    agreement,
                    () if observations is None else observations,
                    as_of=as_of,
                    bands=bands,
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
    for agreement, observations in items:
        log = () if observations is None else observations
        try:
            report, scorecard = checked(
                agreement, as_of=as_of, observations=log, policy=policy
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
