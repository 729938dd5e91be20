"""What a check finds: `Severity`, `Finding` and the `Report` of a check."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any

import attrs

from mutualcommit._frames import Schema
from mutualcommit.errors import ArgumentError, also_type_error
from mutualcommit.model import FrozenDict, as_enum, decimal_text, readable_signature
from mutualcommit.model._arguments import as_instance
from mutualcommit.model._notebook import ShowsDocument
from mutualcommit.model._paths import key_path
from mutualcommit.model._shown import selection_pairs

__all__ = [
    "REPORT_FORMAT",
    "Finding",
    "Param",
    "ParamInput",
    "ParamItem",
    "Report",
    "Severity",
    "report_to_dict",
    "where_pairs",
]

#: The ``format`` of a check report's JSON document (`report_to_dict`).
REPORT_FORMAT = "mutualcommit.report"
_FORMAT_VERSION = 1

#: The values a finding's ``params`` hold: JSON-friendly, so that a document
#: can word the message in another language from them. A tuple of text is a
#: list of things (the fiscal years over capacity, the windows missed), which
#: a message joins as its language writes a list: "FY2026 and FY2027",
#: German "FY2026 und FY2027", Japanese "FY2026、FY2027".
Param = str | int | tuple[str, ...]
#: One value a finding's ``params`` take, alone or as an item of a list.
ParamItem = str | int | Decimal | dt.date
#: The values a finding's ``params`` take: text (a `~enum.StrEnum` member
#: too), an int (a bool becomes ``"true"`` or ``"false"``), a `~decimal.Decimal`
#: (finite) or a `datetime.date`, which become text: a Decimal its canonical
#: text (``1500.00`` → ``1500``), a date its ISO form; or a list or tuple of
#: them, which becomes a tuple of their texts (an int's too). None and floats
#: are not taken: leave an optional value out, or pass its text.
ParamInput = ParamItem | list[ParamItem] | tuple[ParamItem, ...]

#: The most digits a number param may have, written out: a number is for
#: reading in a message.
MAX_PARAM_DIGITS = 100


class Severity(StrEnum):
    """How much a finding matters; `Report.ok` is false when any is an error."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """The order findings are sorted in — 0 for errors, 1 warnings, 2 infos."""
        return _RANKS[self]


_RANKS = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _severity(value: Severity | str) -> Severity:
    """Convert a finding's severity: a `Severity` or its text (``"warning"``).

    Raises:
        ArgumentError: Naming ``severity`` and the severities there are (a
            `TypeError` too for what is neither a `Severity` nor text).
    """
    return as_enum(Severity, "severity", value)


def _param(name: str, value: ParamInput) -> Param:
    """Make *value* a JSON-friendly parameter: Decimals and dates become text.

    A list or tuple becomes a tuple of its items' texts.

    Raises:
        ArgumentError: At the param's path (``params.target``): a
            `TypeError` too when *value* is not a `ParamInput` (a list in a
            list too); a `ValueError` alone when it, or an item of it, is a
            Decimal that is not finite, or a number of more than
            `MAX_PARAM_DIGITS` digits written out.
    """
    if isinstance(value, list | tuple):
        return tuple(str(_item(name, item)) for item in value)
    return _item(name, value)


def _item(name: str, value: object) -> str | int:
    """Make one value, or one item of a list, a JSON-friendly parameter.

    Raises:
        ArgumentError: As `_param`.
    """
    at = key_path("params", name)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        if not -_TOO_LONG < value < _TOO_LONG:
            msg = (
                f"a finding's param {name!r} is an integer of more than "
                f"{MAX_PARAM_DIGITS} digits; expected a number to read in a message"
            )
            raise ArgumentError(msg, at)
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            msg = f"a finding's param {name!r} is {value}, expected a finite Decimal"
            raise ArgumentError(msg, at)
        length = _written_digits(value)
        if length > MAX_PARAM_DIGITS:
            msg = (
                f"a finding's param {name!r} is a Decimal of {length} digits written "
                f"out, more than {MAX_PARAM_DIGITS}; expected a number to read in a "
                "message"
            )
            raise ArgumentError(msg, at)
        return decimal_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    msg = (
        "a finding's params are str, int, Decimal or date, or a list of them, "
        f"got {value!r} for {name!r}"
    )
    raise also_type_error(ArgumentError)(msg, at)


#: The smallest integer of more than `MAX_PARAM_DIGITS` digits.
_TOO_LONG = 10**MAX_PARAM_DIGITS


def _written_digits(value: Decimal) -> int:
    """Count the digits of *value*'s canonical text (no exponent), without writing it.

    ``1E+50000000`` would be written with 50,000,001 digits: counted from
    its digit tuple and exponent. Trailing zeros after the point, which the
    canonical text drops, do not count.
    """
    if not value:
        return 1
    _, digits, exponent = value.as_tuple()
    count = len(digits)
    if not isinstance(exponent, int):  # pragma: no cover - finite, checked before
        return count
    while exponent < 0 and digits[count - 1] == 0:
        count -= 1
        exponent += 1
    if exponent >= 0:
        return count + exponent
    return max(count, 1 - exponent)


def where_pairs(where: Mapping[str, str]) -> tuple[str, ...]:
    """Write a selection for a message: ``("region=west", "sku=A1")``, keys sorted.

    A list param: a message joins the pairs as its language writes a list
    ("region=west and sku=A1"). Each name and value is written exactly, as
    documents write a selection: as it is when it is one visible word,
    quoted as JSON otherwise (``region=""``, ``party="acme "``,
    ``segment="Public Sector"``).
    """
    return tuple(selection_pairs(where))


def _params(value: Mapping[str, ParamInput] | None) -> FrozenDict[str, Param]:
    if not value:
        return FrozenDict()
    if isinstance(value, FrozenDict) and all(
        type(v) is str or (type(v) is int and -_TOO_LONG < v < _TOO_LONG)
        for v in value.values()
    ):
        return value
    return FrozenDict({str(k): _param(str(k), v) for k, v in value.items()})


@readable_signature
@attrs.frozen(kw_only=True)
class Finding:
    """One thing a rule found wrong with an agreement.

    Attributes:
        code: The rule's code (``MC101``, or a policy's own rule code).
        severity: How much it matters, after the policy's overrides.
        subject: What it is about, stable across edits: ``goal:G1``,
            ``action:R2/A1``, ``signature:acme``, ``schedule:2026-04-01``,
            ``fiscal-year:FY2027``, ``side:vendor`` or ``agreement``.
        path: Where the thing is now, in the model's form (``goals[1]``).
        message: One English sentence that names the thing and says what
            would fix it.
        params: The values the message uses (str or int; Decimals are given
            as their canonical text, dates in ISO form; a list of things as
            a tuple of their texts), so that a document can word the message
            in another language. Given, each is a `ParamInput`; a Decimal
            must be finite, and a number have at most 100 digits written out.
    """

    code: str
    severity: Severity = attrs.field(converter=_severity)
    subject: str
    path: str
    message: str
    params: Mapping[str, Param] = attrs.field(factory=FrozenDict, converter=_params)


_NUMBER = re.compile(r"(\d+)")


def _natural(text: str) -> tuple[Any, ...]:
    """Split *text* so that ``reviews[10]`` sorts after ``reviews[9]``."""
    return tuple(int(part) if part.isdigit() else part for part in _NUMBER.split(text))


def sort_key(finding: Finding) -> tuple[Any, ...]:
    """Order findings by severity (error first), code, subject, then path."""
    return (
        finding.severity.rank,
        finding.code,
        finding.subject,
        _natural(finding.path),
        finding.message,
    )


def _sorted(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=sort_key))


#: The columns of `Report.to_records`, in order, with their kinds.
REPORT_SCHEMA: Schema = (
    ("code", "text"),
    ("severity", "text"),
    ("subject", "text"),
    ("path", "text"),
    ("message", "text"),
    ("waived", "bool"),
)


@attrs.frozen(kw_only=True)
class Report(ShowsDocument):
    """The findings of one `check` of one agreement.

    Attributes:
        agreement: The id of the agreement checked (a scorecard's
            ``agreement`` is the agreement itself: code that takes either
            reads `agreement_id`).
        version: The version of the terms checked, or None in a report
            not made by `check`.
        fingerprint: The fingerprint of the terms checked (see
            `~mutualcommit.Agreement.fingerprint`), or None in a report not
            made by `check`: with the id and the version, it names the
            very terms the findings are about.
        as_of: The day it was checked as of.
        findings: The findings in force, by severity (error, warning, info),
            code and subject.
        waived: The findings a waiver of the policy silenced, in the same
            order.
    """

    agreement: str
    version: int | None = None
    fingerprint: str | None = None
    as_of: dt.date
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_sorted)
    waived: tuple[Finding, ...] = attrs.field(default=(), converter=_sorted)

    @property
    def agreement_id(self) -> str:
        """The id of the agreement checked, as every result of an agreement names it.

        A report holds the agreement's id in ``agreement``, where a
        `~mutualcommit.Scorecard`, an `~mutualcommit.ExceptionReport` and a
        projection hold the agreement itself: ``result.agreement_id`` is the
        id on each of them, for code that takes reports and scorecards
        mixed, as a portfolio run yields them.
        """
        return self.agreement

    @property
    def ok(self) -> bool:
        """Whether no finding in force is an error."""
        return not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings in force whose severity is error."""
        return self._of(Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings in force whose severity is warning."""
        return self._of(Severity.WARNING)

    @property
    def infos(self) -> tuple[Finding, ...]:
        """The findings in force whose severity is info."""
        return self._of(Severity.INFO)

    def to_records(self) -> list[dict[str, Any]]:
        """Return the findings as flat records (plain dicts), for a frame.

        One record per finding, those in force first, then the waived ones,
        with the keys ``code``, ``severity``, ``subject``, ``path``,
        ``message`` and ``waived``.
        """
        return [
            {
                "code": f.code,
                "severity": f.severity.value,
                "subject": f.subject,
                "path": f.path,
                "message": f.message,
                "waived": waived,
            }
            for findings, waived in ((self.findings, False), (self.waived, True))
            for f in findings
        ]

    def to_pandas(self) -> Any:
        """Return `to_records` as a `pandas.DataFrame` (needs the ``pandas`` extra).

        Each column has its table's dtype whatever the rows hold (no row at
        all too), so frames stack with ``pandas.concat``.

        Raises:
            ModuleNotFoundError: When pandas is not installed.
        """
        from mutualcommit._frames import to_pandas

        return to_pandas(self.to_records(), REPORT_SCHEMA, "Report.to_pandas()")

    def to_polars(self) -> Any:
        """Return `to_records` as a `polars.DataFrame` (needs the ``polars`` extra).

        Each column has its table's type whatever the rows hold (no row at
        all too), so frames stack with ``polars.concat``.

        Raises:
            ModuleNotFoundError: When polars is not installed.
        """
        from mutualcommit._frames import to_polars

        return to_polars(self.to_records(), REPORT_SCHEMA, "Report.to_polars()")

    def _of(self, severity: Severity) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is severity)


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """Return *finding* as a JSON-ready dict."""
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "subject": finding.subject,
        "path": finding.path,
        "message": finding.message,
        "params": {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in finding.params.items()
        },
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """Return *report* as a JSON-ready dict.

    The keys are ``format`` (``"mutualcommit.report"``), ``format_version``
    (1), ``agreement``, ``version`` and ``fingerprint`` (the terms checked;
    null in a report not made by `check`), ``as_of`` (ISO date), ``ok``,
    ``counts`` (findings in force per severity), ``findings`` and
    ``waived`` (lists of dicts with the fields of `Finding`).

    Raises:
        TypeError: When *report* is not a `Report`.
    """
    as_instance("report", report, Report)
    return {
        "format": REPORT_FORMAT,
        "format_version": _FORMAT_VERSION,
        "agreement": report.agreement,
        "version": report.version,
        "fingerprint": report.fingerprint,
        "as_of": report.as_of.isoformat(),
        "ok": report.ok,
        "counts": {
            Severity.ERROR.value: len(report.errors),
            Severity.WARNING.value: len(report.warnings),
            Severity.INFO.value: len(report.infos),
        },
        "findings": [finding_to_dict(f) for f in report.findings],
        "waived": [finding_to_dict(f) for f in report.waived],
    }
