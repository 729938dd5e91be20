"""`check_many` and `evaluate_many`: the pure functions over a stream.

The input is read lazily, a chunk at a time. With an executor, at most
``max_in_flight`` chunks are submitted and not yet yielded, so however long
the input (even endless), the memory held is a few chunks; results come
back in input order because the oldest chunk is always the one waited for.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import pickle
from collections import deque
from collections.abc import (
    Callable,
    Generator,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
    Sized,
)
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from itertools import islice
from typing import Any, TypeVar, cast

from mutualcommit.errors import (
    ArgumentError,
    InvalidFundEventsError,
    InvalidObservationsError,
    MutualCommitError,
    also_type_error,
)
from mutualcommit.kpi import DEFAULT_BANDS, Bands, Scorecard
from mutualcommit.model import Agreement, FundEvent
from mutualcommit.model._arguments import as_day, as_instance, as_log
from mutualcommit.rules import DEFAULT_POLICY, Policy, Report

from ._observations import FundEventSource, ObservationSource, by_agreement
from ._summary import PortfolioSummary, Tally
from ._wire import Packed, unpack_scorecard
from ._work import (
    AgreementSource,
    Item,
    check_chunk,
    check_evaluate_chunk,
    check_evaluate_chunk_packed,
    evaluate_chunk,
    evaluate_chunk_packed,
    summarize_chunk,
)

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_MAX_IN_FLIGHT",
    "Progress",
    "check_and_evaluate_many",
    "check_many",
    "evaluate_many",
    "summarize_many",
]

#: Agreements per chunk: large enough that a chunk outweighs the cost of
#: sending it (a Dask task costs about a millisecond), small enough that a
#: chunk with its observations stays a few megabytes.
DEFAULT_CHUNK_SIZE = 32

#: Chunks submitted and not yet yielded. Twice the number of workers keeps
#: every worker busy while the caller reads results; raise it for a cluster.
DEFAULT_MAX_IN_FLIGHT = 8

#: ``progress(done, total)``: agreements finished so far, and how many there
#: are (None when the input has no ``len()``).
Progress = Callable[[int, int | None], object]

_T = TypeVar("_T")

_Work = Callable[..., list[Any]]
#: Turns what a chunk's remote work sent back into its results.
_Decode = Callable[[list[Any], list[Agreement | AgreementSource]], list[Any]]


def check_many(
    agreements: Iterable[Agreement | AgreementSource],
    *,
    as_of: dt.date,
    observations: ObservationSource | None = None,
    policy: Policy = DEFAULT_POLICY,
    executor: Executor | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
    progress: Progress | None = None,
    fund_events: FundEventSource | None = None,
) -> Generator[tuple[str, Report | MutualCommitError], None, None]:
    """Check every agreement of *agreements* as of *as_of*, streaming the reports.

    The input is read lazily, so a generator that reads files, or one that
    never ends, is fine: the results stream as they are asked for.

    Args:
        agreements: Any iterable of agreements, or of `AgreementSource`
            items, loaded where the work runs: what a source's ``load()``
            raises is that agreement's result, a `MutualCommitError` as it
            is and any other exception (a file that is gone) as a
            `~mutualcommit.SourceError` naming the source.
        as_of: The day every check is as of (the end of that day).
        observations: None to check without observations (rule MC304 then
            does not run); else a mapping from agreement id to that
            agreement's observations, or an iterable of ``(agreement_id,
            observation)`` pairs (read whole, and grouped, before the first
            check). An agreement without observations in them is checked
            with none; observations of an id no agreement has are read by
            none. A mapping's values are iterated where the work runs:
            a picklable, re-iterable log reader loads on the worker. A value
            that is no log (text, one `Observation`) is that agreement's
            `InvalidObservationsError`, naming it.
        policy: The policy of every check. With an executor its own rules
            must pickle (module-level functions).
        executor: Where the checks run: any `concurrent.futures.Executor` (a
            `~concurrent.futures.ProcessPoolExecutor`, or a Dask client's
            ``get_executor()``); None runs them in the calling thread.
        chunk_size: Agreements sent to the executor at a time.
        max_in_flight: With an executor, how many chunks may be submitted
            and not yet yielded: what bounds the memory held.
        progress: Called as ``progress(done, total)`` in the calling thread
            as each chunk finishes, before its results are yielded; *total*
            is ``len(agreements)``, or None when it has no length.
        fund_events: None to check without a fund log (the fund rules
            then do not run); else every agreement's fund log, as
            *observations* is given: a mapping from agreement id to that
            agreement's fund events, or ``(agreement_id, fund_event)``
            pairs. An agreement without events in them is checked with an
            empty log.

    Yields:
        ``(agreement_id, report)`` in input order; when checking one
        agreement raises a `MutualCommitError` (an observation of an unknown
        metric, say), that error in place of its report, and the stream
        goes on.

    Raises:
        TypeError: At once, when *as_of* is not a date, *policy* not a
            `Policy` or *executor* not an executor, or with an executor
            (not a thread pool) when a policy rule's check cannot be
            pickled (the message names each rule); while streaming, when
            an item is neither an `Agreement` nor an `AgreementSource`.
            Any exception other than a `MutualCommitError` raised by a
            check propagates and ends the stream.
        ValueError: At once, when *chunk_size* or *max_in_flight* is below 1.
        pickle.PicklingError: With an executor that pickles, when a
            value of a chunk does not pickle: each is named by argument
            and agreement id, and what pickle raised is the cause.
        Exception: Whatever the input *agreements* raises, once the
            results of every item it gave before are yielded, with a note
            naming the position it failed at and the last id it gave.
    """
    _validate(as_of, executor, chunk_size, max_in_flight, policy=policy)
    return _stream(
        _items(agreements, observations, fund_events),
        check_chunk,
        (as_of, policy),
        executor=executor,
        chunk_size=chunk_size,
        max_in_flight=max_in_flight,
        progress=progress,
        total=len(agreements) if isinstance(agreements, Sized) else None,
    )


def evaluate_many(
    agreements: Iterable[Agreement | AgreementSource],
    observations: ObservationSource,
    *,
    as_of: dt.date,
    executor: Executor | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
    progress: Progress | None = None,
    bands: Bands = DEFAULT_BANDS,
    fund_events: FundEventSource | None = None,
) -> Generator[tuple[str, Scorecard | MutualCommitError], None, None]:
    """Evaluate every agreement of *agreements* as of *as_of*, streaming the scorecards.

    The input is read lazily, as for `check_many`.

    Args:
        agreements: Any iterable of agreements or agreement sources, as
            for `check_many`.
        observations: A mapping from agreement id to that agreement's
            observations, or an iterable of ``(agreement_id, observation)``
            pairs (read whole, and grouped, before the first evaluation).
            An agreement without observations in them is evaluated with
            none; observations of an id no agreement has are read by none.
            A mapping's values are iterated where the work runs.
        as_of: The day every evaluation is as of (the end of that day).
        executor: Where the evaluations run, as for `check_many`.
        chunk_size: Agreements sent to the executor at a time.
        max_in_flight: With an executor, how many chunks may be submitted
            and not yet yielded.
        progress: Called as ``progress(done, total)``, as for `check_many`.
        bands: The thresholds of the standings, as for
            `~mutualcommit.evaluate`.
        fund_events: None, or every agreement's fund log as for
            `check_many`: each scorecard then carries its fund ledgers, as
            `~mutualcommit.evaluate` with ``fund_events`` gives them.

    Yields:
        ``(agreement_id, scorecard)`` in input order; a `MutualCommitError`
        raised for one agreement in place of its scorecard, and the stream
        goes on.

    Raises:
        TypeError: As for `check_many`.
        ValueError: As for `check_many`.
        pickle.PicklingError: As for `check_many`.
        Exception: What the input raises, as for `check_many`.
    """
    _validate(as_of, executor, chunk_size, max_in_flight)
    if not isinstance(bands, Bands):
        msg = f"bands: expected a Bands, got {type(bands).__name__} {bands!r}"
        raise also_type_error(ArgumentError)(msg, "bands")
    return _stream(
        _items(agreements, observations, fund_events),
        evaluate_chunk,
        (as_of, bands),
        remote=(evaluate_chunk_packed, _unpack),
        executor=executor,
        chunk_size=chunk_size,
        max_in_flight=max_in_flight,
        progress=progress,
        total=len(agreements) if isinstance(agreements, Sized) else None,
    )


def check_and_evaluate_many(
    agreements: Iterable[Agreement | AgreementSource],
    observations: ObservationSource,
    *,
    as_of: dt.date,
    policy: Policy = DEFAULT_POLICY,
    executor: Executor | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
    progress: Progress | None = None,
    fund_events: FundEventSource | None = None,
) -> Generator[tuple[str, Report | Scorecard | MutualCommitError], None, None]:
    """Check and evaluate every agreement of *agreements*, each in one piece of work.

    The nightly run in one pass: each agreement, with its log, is sent once
    (one pickling to a process pool), its log read, validated and indexed
    once, and the scorecard is the one its check evaluated, so it costs
    about what the check alone costs. The results are what `check_many`
    and `evaluate_many` (with the policy's bands) yield, interleaved:
    `summarize` takes the stream as it is.

    Args:
        agreements: Any iterable of agreements or agreement sources, as
            for `check_many`.
        observations: As for `evaluate_many`; an agreement without
            observations in them is checked and evaluated with none.
        as_of: The day every check and evaluation is as of.
        policy: The policy of every check; its ``bands`` are the
            evaluation's.
        executor: Where the work runs, as for `check_many`.
        chunk_size: Agreements sent to the executor at a time.
        max_in_flight: With an executor, how many chunks may be submitted
            and not yet yielded.
        progress: Called as ``progress(done, total)``, as for `check_many`.
        fund_events: None, or every agreement's fund log as for
            `check_many`: the fund rules run and each scorecard carries its
            fund ledgers.

    Yields:
        Per agreement, in input order, ``(agreement_id, report)`` and then
        ``(agreement_id, scorecard)``; when checking it raises a
        `MutualCommitError`, that error in place of the report and the
        scorecard `evaluate_many` would yield (a policy rule's `RuleError`
        leaves it standing; an error of the log or of loading the
        agreement is in place of both), and the stream goes on.

    Raises:
        TypeError: As for `check_many`.
        ValueError: As for `check_many`.
        pickle.PicklingError: As for `check_many`.
        Exception: What the input raises, as for `check_many`.
    """
    _validate(as_of, executor, chunk_size, max_in_flight, policy=policy)
    return _both(
        _stream(
            _items(agreements, observations, fund_events),
            check_evaluate_chunk,
            (as_of, policy),
            remote=(check_evaluate_chunk_packed, _unpack_both),
            executor=executor,
            chunk_size=chunk_size,
            max_in_flight=max_in_flight,
            progress=progress,
            total=len(agreements) if isinstance(agreements, Sized) else None,
        )
    )


def summarize_many(
    agreements: Iterable[Agreement | AgreementSource],
    observations: ObservationSource,
    *,
    as_of: dt.date,
    policy: Policy = DEFAULT_POLICY,
    executor: Executor | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
    progress: Progress | None = None,
    fund_events: FundEventSource | None = None,
) -> PortfolioSummary:
    """Check and evaluate every agreement, and return only the summary.

    The nightly job that wants the figures, not every report and
    scorecard: the result equals ``summarize(check_and_evaluate_many(...))``
    with the same arguments. Where the work runs, each chunk's results are
    tallied at once, so a worker sends back a chunk's figures rather than
    its reports and scorecards, and the calling process merges the tallies
    in input order.

    An item may be an `AgreementSource` instead of an agreement: it is
    loaded where the work runs, so a worker reads the agreement itself and
    the calling process never holds it. What ``load()`` raises is that
    agreement's failure, as an error raised by its check: a
    `MutualCommitError` as it is, any other exception as a
    `~mutualcommit.SourceError` naming the source.

    Args:
        agreements: Any iterable of agreements or agreement sources.
        observations: As for `check_and_evaluate_many`, by agreement id
            (a source's ``id``).
        as_of: The day every check and evaluation is as of.
        policy: The policy of every check; its ``bands`` are the
            evaluation's.
        executor: Where the work runs, as for `check_many`.
        chunk_size: Agreements sent to the executor at a time.
        max_in_flight: With an executor, how many chunks may be submitted
            and not yet merged.
        progress: Called as ``progress(done, total)``, as for `check_many`.
        fund_events: As for `check_and_evaluate_many`, by agreement id.

    Returns:
        The summary of every report and scorecard.

    Raises:
        TypeError: As for `check_many`; an item that is neither an
            `Agreement` nor an `AgreementSource`, or a source that loads
            something else, is refused when it is reached.
        ValueError: As for `check_many`.
        pickle.PicklingError: As for `check_many`.
        Exception: What the input raises, at once (there is no summary of
            part of the input), with the note `check_many` adds.
    """
    _validate(as_of, executor, chunk_size, max_in_flight, policy=policy)
    total = len(agreements) if isinstance(agreements, Sized) else None
    items = _items(agreements, observations, fund_events)
    tally = Tally()
    done = 0
    for size, chunk_tally in _tallies(
        items,
        (as_of, policy),
        executor=executor,
        chunk_size=chunk_size,
        max_in_flight=max_in_flight,
    ):
        tally.merge(chunk_tally)
        done += size
        if progress is not None:
            progress(done, total)
    return tally.summary()


def _tallies(
    items: Iterator[Item],
    args: tuple[Any, ...],
    *,
    executor: Executor | None,
    chunk_size: int,
    max_in_flight: int,
) -> Iterator[tuple[int, Tally]]:
    """Yield each chunk's size and tally, in input order."""
    chunks = _chunks(items, chunk_size)
    if executor is None:
        for chunk in chunks:
            yield len(chunk), summarize_chunk(chunk, *args)
        return
    pending: deque[tuple[int, Future[Tally]]] = deque()
    try:
        for chunk in chunks:
            pending.append((len(chunk), executor.submit(summarize_chunk, chunk, *args)))
            del chunk  # the executor holds it until it is sent
            if len(pending) >= max_in_flight:
                size, future = pending.popleft()
                yield size, future.result()
        while pending:
            size, future = pending.popleft()
            yield size, future.result()
    finally:
        for _, future in pending:
            future.cancel()


def _both(
    pairs: Iterator[tuple[str, tuple[Any, Any]]],
) -> Generator[tuple[str, Any], None, None]:
    for key, (report, scorecard) in pairs:
        yield key, report
        yield key, scorecard


def _validate(
    as_of: object,
    executor: object,
    chunk_size: object,
    max_in_flight: object,
    *,
    policy: object = DEFAULT_POLICY,
) -> None:
    """Refuse bad arguments at the call, not at the first result."""
    as_day("as_of", as_of)
    as_instance("policy", policy, Policy)
    if executor is not None and not callable(getattr(executor, "submit", None)):
        msg = f"executor is a concurrent.futures.Executor or None, got {executor!r}"
        raise also_type_error(ArgumentError)(msg, "executor")
    if executor is not None and not isinstance(executor, ThreadPoolExecutor):
        _refuse_unpicklable_rules(policy)
    for name, value in (("chunk_size", chunk_size), ("max_in_flight", max_in_flight)):
        if type(value) is not int:
            msg = f"{name} is a whole number, got {type(value).__name__} {value!r}"
            raise also_type_error(ArgumentError)(msg, name)
        if value < 1:
            msg = f"{name} is at least 1, got {value}"
            raise ArgumentError(msg, name)


def _refuse_unpicklable_rules(policy: object) -> None:
    """Refuse a policy whose own rules cannot be sent to worker processes, naming each.

    Pickled with the first chunk, a lambda would fail there, with an error
    that names neither the rule nor the policy.
    """
    if not isinstance(policy, Policy):
        return
    problems = []
    for i, rule in enumerate(policy.rules):
        try:
            pickle.dumps(rule.check)
        except Exception as error:  # noqa: BLE001 - any failure to pickle is reported
            problems.append(
                f"policy.rules[{i}] ({rule.code}): its check {rule.check!r} cannot "
                f"be pickled ({type(error).__name__}: {error})"
            )
    if problems:
        msg = (
            "with an executor, a policy's own rules run in worker processes and "
            "must pickle (define each check as a module-level function, or run "
            "without an executor): " + "; ".join(problems)
        )
        raise also_type_error(ArgumentError)(msg, "policy")


def _items(
    agreements: Iterable[Agreement | AgreementSource],
    observations: ObservationSource | None,
    fund_events: FundEventSource | None,
) -> Iterator[Item]:
    """Give each agreement or source its observations and fund log, checking its type.

    An exception the input raises while it is read gets a note saying
    where: the position of the item it was to give, and the id of the
    last item it gave.
    """
    logs = None if observations is None else by_agreement(observations)
    funds = _fund_logs(fund_events)
    iterator = iter(agreements)
    last: str | None = None
    for position in itertools.count():
        try:
            item = next(iterator)
        except StopIteration:
            return
        except Exception as error:
            after = "before any" if last is None else f"after agreement {last!r}"
            error.add_note(
                f"the agreements' input raised this while giving agreements"
                f"[{position}], {after}"
            )
            raise
        if not isinstance(item, Agreement | AgreementSource):
            msg = (
                f"agreements[{position}]: expected an Agreement or an "
                f"AgreementSource, got {type(item).__name__}"
            )
            raise also_type_error(ArgumentError)(msg, f"agreements[{position}]")
        last = item.id
        yield (
            item,
            None if logs is None else _log(logs, last, "observations"),
            None if funds is None else _log(funds, last, "fund_events"),
        )


def _fund_logs(
    fund_events: FundEventSource | None,
) -> Mapping[str, Iterable[FundEvent]] | None:
    if fund_events is None:
        return None
    return by_agreement(fund_events, name="fund_events", record="fund_event")


#: Per argument: the error of a log that is none, its records' type and
#: the function that reads its JSON Lines.
_LOGS = {
    "observations": (InvalidObservationsError, "Observation", "load_observations"),
    "fund_events": (InvalidFundEventsError, "FundEvent", "load_fund_events"),
}


def _log(
    logs: Mapping[str, Iterable[_T]], key: str, name: str
) -> Iterable[_T] | MutualCommitError:
    """Return the log of agreement *key*, or the error that is its result.

    A value that is no log at all (text, a path, a mapping, one record) is
    that agreement's failure, as a log of wrong records is: an
    `InvalidObservationsError` (for *name* ``fund_events``, an
    `InvalidFundEventsError`) naming the agreement's entry.
    """
    log = logs.get(key, ())
    if isinstance(log, list | tuple):
        return log
    # An iterator (a generator, an open file) can be read once and cannot
    # travel to another process: read it here. Anything else travels as it
    # is and is iterated where the work runs.
    if isinstance(log, Iterator):
        return tuple(log)
    if isinstance(log, str | bytes | bytearray | os.PathLike | Mapping) or not (
        isinstance(log, Iterable)
    ):
        error, record, reader = _LOGS[name]
        try:
            as_log(f"{name}[{key!r}]", log, record=record, reader=reader)
        except TypeError as problem:
            # "observations['a1'] is an iterable of ...": the path, then what
            # it was expected to be.
            path, expected = str(problem).split(" is ", 1)
            return error([(path, f"expected {expected}")])
    return log


class _Input:
    """The chunks of the input; an exception it raises is kept for the end.

    The items read before the exception are the last chunk, and the
    stream raises the exception once every chunk before it is yielded.
    """

    __slots__ = ("error", "items", "size")

    def __init__(self, items: Iterator[Item], size: int) -> None:
        self.items = items
        self.size = size
        self.error: Exception | None = None

    def __iter__(self) -> Iterator[list[Item]]:
        while True:
            chunk: list[Item] = []
            try:
                chunk.extend(islice(self.items, self.size))
            except Exception as error:  # noqa: BLE001 - raised at the end
                self.error = error
            if chunk:
                yield chunk
            if self.error is not None or len(chunk) < self.size:
                return

    def raise_error(self) -> None:
        """Raise what the input raised, if it did."""
        error, self.error = self.error, None
        if error is not None:
            raise error


def _chunks(items: Iterator[_T], size: int) -> Iterator[list[_T]]:
    while chunk := list(islice(items, size)):
        yield chunk


def _stream(
    items: Iterator[Item],
    work: _Work,
    args: tuple[Any, ...],
    *,
    remote: tuple[_Work, _Decode] | None = None,
    executor: Executor | None,
    chunk_size: int,
    max_in_flight: int,
    progress: Progress | None,
    total: int | None,
) -> Generator[tuple[str, Any], None, None]:
    """Run *work* over the chunks of *items*, yielding ``(agreement_id, result)`` in order.

    With an executor, the chunks are sent to *remote*'s work instead when
    given, and its decoder turns what comes back into *work*'s results.
    When the input raises, the results of every item read before are
    yielded first, then its exception is raised.
    """
    done = 0

    def finished(ids: list[str], results: list[Any]) -> Iterator[tuple[str, Any]]:
        nonlocal done
        done += len(ids)
        if progress is not None:
            progress(done, total)
        return zip(ids, results, strict=True)

    chunks = _Input(items, chunk_size)
    if executor is None:
        for chunk in chunks:
            yield from finished(_ids(chunk), work(chunk, *args))
        chunks.raise_error()
        return
    sent, decode = remote if remote is not None else (work, None)
    # Each chunk stays here until its results are yielded: what names the
    # part of it that could not be sent, if it cannot.
    pending: deque[tuple[list[Item], Future[list[Any]]]] = deque()

    def collect() -> Iterator[tuple[str, Any]]:
        chunk, future = pending.popleft()
        try:
            results = future.result()
        except Exception as error:
            _unsendable(error, chunk, args)
            raise
        if decode is not None:
            results = decode(results, [item[0] for item in chunk])
        return finished(_ids(chunk), results)

    try:
        for chunk in chunks:
            try:
                future = executor.submit(sent, chunk, *args)
            except Exception as error:
                _unsendable(error, chunk, args)
                raise
            pending.append((chunk, future))
            if len(pending) >= max_in_flight:
                yield from collect()
        while pending:
            yield from collect()
        chunks.raise_error()
    finally:
        # The caller stopped early, or something propagated: what has not
        # started need not run.
        for _, future in pending:
            future.cancel()


def _unsendable(error: Exception, chunk: list[Item], args: tuple[Any, ...]) -> None:
    """Raise a `pickle.PicklingError` naming what of *chunk* does not pickle.

    Called when sending a chunk, or its work, failed: when *error* is about
    pickling and some agreement's part does not pickle, the error names
    each such part, by agreement id and argument, with *error* as its
    cause. Otherwise it returns, and *error* goes on as it is.
    """
    # What pickle raises varies: PicklingError, a TypeError naming pickle,
    # or (Python 3.13) an AttributeError "Can't get local object".
    if not (
        isinstance(error, pickle.PickleError | AttributeError)
        or "pickle" in str(error).lower()
    ):
        return
    problems: list[str] = []

    def try_pickle(what: str, value: object) -> None:
        try:
            pickle.dumps(value)
        except Exception as problem:  # noqa: BLE001 - what pickle raises varies
            problems.append(f"{what}: {type(problem).__name__}: {problem}")

    for source, observations, fund_events in chunk:
        key = source.id
        try_pickle(
            f"agreement {key!r}"
            if isinstance(source, Agreement)
            else f"the source of agreement {key!r}",
            source,
        )
        for name, log in (("observations", observations), ("fund_events", fund_events)):
            if log is not None:
                try_pickle(f"{name}[{key!r}], the {_WHAT[name]} of {key!r}", log)
    for arg in args:
        if isinstance(arg, Policy):
            try_pickle("policy (its own rules are module-level functions)", arg)
    if problems:
        msg = (
            f"cannot send {len(problems)} value(s) to the executor, which "
            f"pickles what it sends: {'; '.join(problems)}"
        )
        raise pickle.PicklingError(msg) from error


_WHAT = {"observations": "observations", "fund_events": "fund log"}


def _unpack(
    results: list[Packed | Scorecard | MutualCommitError],
    agreements: list[Agreement | AgreementSource],
) -> list[Scorecard | MutualCommitError]:
    return [
        result
        if isinstance(result, MutualCommitError | Scorecard)
        else unpack_scorecard(result, cast("Agreement", agreement))
        for result, agreement in zip(results, agreements, strict=True)
    ]


def _unpack_both(
    results: list[tuple[Any, Packed | Scorecard | MutualCommitError]],
    agreements: list[Agreement | AgreementSource],
) -> list[tuple[Any, Scorecard | MutualCommitError]]:
    cards = _unpack([card for _, card in results], agreements)
    return [(report, card) for (report, _), card in zip(results, cards, strict=True)]


def _ids(chunk: Sequence[Item]) -> list[str]:
    return [item[0].id for item in chunk]
