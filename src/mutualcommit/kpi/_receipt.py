"""Evaluation receipts: one digest of an evaluation's inputs and result.

Two parties who evaluate the same terms against the same observations as of
the same day get the same receipt, so comparing receipts is comparing
evaluations, without exchanging either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from mutualcommit.model import (
    FORMAT_VERSION,
    Agreement,
    Observation,
    canonical_json,
    decimal_text,
)
from mutualcommit.model._arguments import as_agreement, as_day

from ._exceptions import ExceptionReport, exception_report_to_dict
from ._json import scorecard_to_dict
from ._observations import standing_records
from ._scorecard import Scorecard

__all__ = ["RECEIPT_FORMAT", "observations_digest", "receipt"]

#: The ``format`` of the document a receipt is the digest of.
RECEIPT_FORMAT = "mutualcommit.receipt"


def _sha256(data: bytes) -> str:
    """Return ``"sha256:"`` and the hex SHA-256 of *data*."""
    import hashlib  # on first use: importing OpenSSL costs milliseconds

    return "sha256:" + hashlib.sha256(data).hexdigest()


def observations_digest(
    agreement: Agreement, observations: Iterable[Observation], *, as_of: dt.date
) -> str:
    """Return ``"sha256:"`` and the digest of the observations an evaluation sees.

    The log is resolved first (a later record with the same ``ref`` replaces
    an earlier one, a retraction removes it) and only the records dated on
    or before *as_of* count, as in an evaluation. Each standing record is
    written canonically (values as canonical decimal text, so ``1.50`` and
    ``1.5`` are one value) and the records are sorted, so the order of the
    log does not matter.

    Raises:
        InvalidObservationsError: When the log is not valid for *agreement*.
        TypeError: When *agreement* is not an `Agreement`, *as_of* not a
            `datetime.date`, or *observations* is text, a path, a mapping
            or not iterable.
    """
    agreement = as_agreement("agreement", agreement)
    as_of = as_day("as_of", as_of)
    lines: list[str] = []
    for metric, records in standing_records(agreement, observations).items():
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


def receipt(
    result: Scorecard | ExceptionReport, observations: Iterable[Observation]
) -> str:
    """Return the receipt of an evaluation: ``"sha256:"`` and 64 hex digits.

    The digest covers, in one canonical JSON document, the fingerprint of
    the terms, the digest of the resolved observations (see
    `observations_digest`), ``as_of``, the format version and the result
    itself as its JSON document writes it. A receipt shows that two
    evaluations had identical inputs and identical results; it says
    nothing about whether the observations are true.

    Args:
        result: A scorecard (from `evaluate`) or an exception report (from
            `exceptions`).
        observations: The log the result was evaluated from.

    Returns:
        The receipt.

    Raises:
        InvalidObservationsError: When the log is not valid for the
            result's agreement.
        TypeError: When *result* is neither a scorecard nor an exception
            report, or *observations* is text, a path, a mapping or not
            iterable.
    """
    document: dict[str, Any]
    if isinstance(result, Scorecard):
        document = scorecard_to_dict(result)
        # Targets are written as the agreement spells their numbers ("1.50"),
        # and the terms' fingerprint covers them already, canonically.
        for entry in (*document["goals"], *document["contributions"]):
            del entry["target"]
    elif isinstance(result, ExceptionReport):
        document = exception_report_to_dict(result)
    else:
        msg = (
            "receipt() takes a Scorecard or an ExceptionReport, "
            f"got {type(result).__name__}"
        )
        raise TypeError(msg)
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
    data = canonical_json(envelope).encode("utf-8")
    return _sha256(data)
