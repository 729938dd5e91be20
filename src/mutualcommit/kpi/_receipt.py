"""Evaluation receipts: one digest of an evaluation's inputs and result.

Two parties who evaluate the same terms against the same observations (and
the same fund log, for a scorecard with fund ledgers) as of the same day get
the same receipt, so comparing receipts is comparing evaluations, without
exchanging either.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Iterable, Iterator
from types import GeneratorType
from typing import Any, TypeVar, cast

from mutualcommit.errors import (
    ArgumentError,
    InvalidFundEventsError,
    InvalidObservationsError,
    also_type_error,
)
from mutualcommit.model import (
    FORMAT_VERSION,
    Agreement,
    FundEvent,
    Observation,
    canonical_json,
    decimal_text,
)
from mutualcommit.model._arguments import as_agreement, as_day, as_fund_events
from mutualcommit.model._canonical import canonical_record

from ._exceptions import ExceptionReport, exception_report_to_dict
from ._funds import FundLog
from ._index import ObservationIndex
from ._json import scorecard_to_dict
from ._observations import standing_records
from ._scorecard import Scorecard

__all__ = ["RECEIPT_FORMAT", "fund_events_digest", "observations_digest", "receipt"]

_R = TypeVar("_R")

#: The ``format`` of the document a receipt is the digest of.
RECEIPT_FORMAT = "mutualcommit.receipt"


def _sha256(data: bytes) -> str:
    """Return ``"sha256:"`` and the hex SHA-256 of *data*."""
    import hashlib  # on first use: importing OpenSSL costs milliseconds

    return "sha256:" + hashlib.sha256(data).hexdigest()


#: How a message says to pass a log that is empty indeed.
_EMPTY = ", an empty one as []"


def _whole_log(
    name: str, log: Iterable[_R], record: str, error: type[InvalidObservationsError]
) -> Iterable[_R]:
    """Return *log* for a digest to read whole, refusing one it cannot.

    A digest vouches for every record of the log it is given, so it must
    read all of them. A generator already read from (``evaluate`` reads its
    log to the end) has lost the records read, and an iterator with nothing
    left is such a log too: each is refused rather than digested as the
    records left, none at all after an evaluation. A log that can be read
    again (a list, a tuple) comes back as it is; another iterator as the
    list of its records. An `ObservationIndex` is no log: it holds the
    records resolved, and a digest reads the log itself.

    Raises:
        ArgumentError: A `TypeError` too, naming the argument, when *log*
            is an `ObservationIndex`.
        InvalidObservationsError: When *log* is a generator already read
            from, or an iterator with no record left (*error*, the fund
            log's `InvalidFundEventsError` for it).
    """
    if isinstance(log, ObservationIndex):
        msg = (
            f"{name} is the log itself, an iterable of {record} records, got an "
            "ObservationIndex: a receipt digests the log's records, which an "
            "index holds resolved; pass the observations the index was built from"
        )
        raise also_type_error(ArgumentError)(msg, name)
    again = f"pass the log as a list (the same list to the evaluation and here){_EMPTY}"
    if isinstance(log, GeneratorType):
        if inspect.getgeneratorstate(log) != inspect.GEN_CREATED:
            problem = (
                f"{name} is a generator already read from (an evaluation reads "
                "its log to the end): the digest would cover only the records "
                f"left, none after an evaluation, not the log; {again}"
            )
            raise error([("", problem)])
        # Fresh: read whole once, an empty one too.
        return list(cast("Iterator[_R]", log))
    try:
        is_iterator = iter(log) is log
    except TypeError:
        return log  # not iterable: the log's own check says so
    if not is_iterator:
        return log
    records = list(log)
    if not records:
        problem = (
            f"{name} is an iterator with no record left (an iterator is read "
            "once, and an evaluation reads its log to the end): the digest would "
            f"vouch for an empty log; {again}"
        )
        raise error([("", problem)])
    return records


def observations_digest(
    agreement: Agreement, observations: Iterable[Observation], *, as_of: dt.date
) -> str:
    """Return ``"sha256:"`` and the digest of the observations an evaluation sees.

    The log is resolved first (a later record with the same ``ref`` replaces
    an earlier one, a retraction removes it) and only the records dated on
    or before *as_of* count, as in an evaluation. Each standing record is
    written canonically (values as canonical decimal text, so ``1.50`` and
    ``1.5`` are one value) and the records are sorted, so the order of the
    log does not matter. The digest is of the lines, each
    ``{"metric", "at", "value", "ref", "dims"}`` in canonical JSON, sorted
    and joined by line feeds, in UTF-8 (see the documentation on receipts).

    The log must be read whole: pass it as a list or a tuple (or a fresh
    generator). A generator already read from, an iterator with no record
    left (what an evaluation leaves of one) and an `ObservationIndex` are
    refused.

    Raises:
        InvalidObservationsError: When the log is not valid for *agreement*,
            or is a generator already read from or an iterator with no
            record left.
        ArgumentError: A `TypeError` too, naming the argument, when
            *agreement* is not an `Agreement`, *as_of* not a
            `datetime.date`, or *observations* is text, a path, a mapping,
            an `ObservationIndex` or not iterable.
    """
    agreement = as_agreement("agreement", agreement)
    as_of = as_day("as_of", as_of)
    log = _whole_log(
        "observations", observations, "Observation", InvalidObservationsError
    )
    lines: list[str] = []
    for metric, records in standing_records(agreement, log).items():
        for record in records:
            if record.at > as_of:
                continue
            value = record.value
            lines.append(
                canonical_json(
                    {
                        "metric": metric,
                        "at": record.at.isoformat(),
                        "value": None if value is None else decimal_text(value),
                        "ref": record.ref,
                        "dims": dict(record.dims),
                    }
                )
            )
    lines.sort()
    data = "\n".join(lines).encode("utf-8")
    return _sha256(data)


def fund_events_digest(
    agreement: Agreement, fund_events: Iterable[FundEvent], *, as_of: dt.date
) -> str:
    """Return ``"sha256:"`` and the digest of the fund log an evaluation sees.

    The log is read as the fund ledgers read it: the records dated on or
    before *as_of*, resolved (a later record with the same fund and ref
    replaces an earlier one, a retraction removes it). Each standing record
    is written canonically (its fields as the fund log writes them, those
    left at their default left out, amounts as canonical decimal text) and
    the records are sorted, so the order of the log does not matter.

    The log must be read whole, as `observations_digest`'s: a generator
    already read from and an iterator with no record left are refused.

    Raises:
        InvalidFundEventsError: When the log does not hold together for
            *agreement*, or is a generator already read from or an iterator
            with no record left.
        ArgumentError: A `TypeError` too, naming the argument, when
            *agreement* is not an `Agreement`, *as_of* not a
            `datetime.date`, or *fund_events* is text, a path, a mapping or
            not iterable.
    """
    agreement = as_agreement("agreement", agreement)
    as_of = as_day("as_of", as_of)
    events = _whole_log("fund_events", fund_events, "FundEvent", InvalidFundEventsError)
    log = FundLog(agreement, as_fund_events(events))
    lines = sorted(canonical_json(canonical_record(e)) for e in log.standing(as_of))
    return _sha256("\n".join(lines).encode("utf-8"))


def receipt(
    result: Scorecard | ExceptionReport,
    observations: Iterable[Observation],
    fund_events: Iterable[FundEvent] | None = None,
) -> str:
    """Return the receipt of an evaluation: ``"sha256:"`` and 64 hex digits.

    The digest covers, in one canonical JSON document, the fingerprint of
    the terms, the digest of the resolved observations (see
    `observations_digest`), ``as_of``, the format version and the result
    itself as its JSON document writes it (a scorecard without its targets,
    which the fingerprint covers, nor its net positions, which are sums of
    the incentives and remedies it holds); for a scorecard that carries fund
    ledgers, the digest of the fund log too (see `fund_events_digest`). A
    receipt shows that two evaluations had identical inputs and identical
    results; it says nothing about whether the observations are true.

    Args:
        result: A scorecard (from `evaluate`) or an exception report (from
            `exceptions`).
        observations: The log the result was evaluated from.
        fund_events: The fund log, when the scorecard was evaluated with
            one (it then carries the fund ledgers): required then, so that
            the receipt covers it.

    Returns:
        The receipt.

    Raises:
        InvalidObservationsError: When the log is not valid for the
            result's agreement (`InvalidFundEventsError` for the fund log),
            or cannot be read whole: a generator already read from (as one
            the evaluation read is) or an iterator with no record left.
            Pass the log as a list, the same one to the evaluation and here.
        ArgumentError: Naming the argument: when the scorecard carries
            fund ledgers and no fund log is given, or a fund log is given
            for a result that read none (an exception report, or a
            scorecard evaluated without one); a `TypeError` too when
            *result* is neither a scorecard nor an exception report, or
            *observations* or *fund_events* is text, a path, a mapping, an
            `ObservationIndex` (a receipt digests the log itself) or not
            iterable.
    """
    document: dict[str, Any]
    if isinstance(result, Scorecard):
        document = scorecard_to_dict(result)
        # Targets are written as the agreement spells their numbers ("1.50"),
        # and the terms' fingerprint covers them already, canonically.
        for entry in (*document["goals"], *document["contributions"]):
            del entry["target"]
        # Sums of the incentives' and remedies' windows, which it holds.
        del document["net_positions"]
    elif isinstance(result, ExceptionReport):
        document = exception_report_to_dict(result)
    else:
        msg = (
            "receipt() takes a Scorecard or an ExceptionReport, "
            f"got {type(result).__name__}"
        )
        raise also_type_error(ArgumentError)(msg, "result")
    agreement = result.agreement
    envelope = {
        "format": RECEIPT_FORMAT,
        "format_version": FORMAT_VERSION,
        "terms": agreement.fingerprint(),
        "observations": observations_digest(
            agreement, observations, as_of=result.as_of
        ),
        "as_of": result.as_of.isoformat(),
        "result": document,
    }
    funds = _funds_digest(result, fund_events)
    if funds is not None:
        envelope["fund_events"] = funds
    data = canonical_json(envelope).encode("utf-8")
    return _sha256(data)


def _funds_digest(
    result: Scorecard | ExceptionReport, fund_events: Iterable[FundEvent] | None
) -> str | None:
    """Return the digest of the fund log *result* read, or None when it read none.

    A scorecard with fund ledgers read a fund log, and its receipt must
    cover it; a result that read none must not be given one, or the receipt
    would vouch for a log the evaluation never saw. A fund log for an
    agreement without funds ledgers nothing: it is checked and covers
    nothing.
    """
    # An exception report reads no fund log: it has no ledgers to carry.
    ledgers = result.funds if isinstance(result, Scorecard) else None
    if fund_events is None:
        if ledgers:
            msg = (
                "the scorecard carries fund ledgers: pass the fund log it was "
                "evaluated with as fund_events, so that the receipt covers it"
            )
            raise ArgumentError(msg, "fund_events")
        return None
    if ledgers is None:
        msg = "an exception report reads no fund log: pass no fund_events"
        raise ArgumentError(msg, "fund_events")
    agreement = result.agreement
    if not ledgers and any(a.fund is not None for a in agreement.allocations):
        msg = (
            "the scorecard carries no fund ledgers: it was evaluated without a "
            "fund log, so its receipt cannot cover one; pass no fund_events"
        )
        raise ArgumentError(msg, "fund_events")
    digest = fund_events_digest(agreement, fund_events, as_of=result.as_of)
    return digest if ledgers else None
