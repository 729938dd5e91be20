"""`summarize`: where a whole portfolio stands, in one value."""

from __future__ import annotations

import decimal
import importlib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs

from mutualcommit.errors import MutualCommitError
from mutualcommit.kpi import Scorecard, Standing
from mutualcommit.model import FrozenDict, decimal_context, decimal_text
from mutualcommit.model._arguments import as_instance
from mutualcommit.model._notebook import ShowsSummary
from mutualcommit.rules import Report, Severity

if TYPE_CHECKING:
    from mutualcommit.render._tree import Document

__all__ = [
    "RECORD_COLUMNS",
    "PartyAccountability",
    "PortfolioSummary",
    "summarize",
    "summary_to_dict",
]

#: The keys of every record `PortfolioSummary.to_records` returns, in order.
RECORD_COLUMNS = (
    "table",
    "agreement",
    "party",
    "code",
    "severity",
    "standing",
    "count",
)


def _standings(
    counts: Mapping[Standing, int] | None = None,
) -> FrozenDict[Standing, int]:
    """Every standing, in order, zeros included."""
    full = dict.fromkeys(Standing, 0)
    if counts:
        full.update(counts)
    return FrozenDict(full)


# One converter per field type: attrs' mypy plugin cannot solve a generic one.
def _by_finding(
    value: Mapping[tuple[str, Severity], int] | None,
) -> FrozenDict[tuple[str, Severity], int]:
    return FrozenDict(value)


def _by_id(value: Mapping[str, int] | None) -> FrozenDict[str, int]:
    return FrozenDict(value)


@attrs.frozen(kw_only=True)
class PartyAccountability:
    """How one party's pledges stand across a portfolio's scorecards.

    Party ids are taken to name the same party in every agreement, as a
    PRM's ids do. Accountability runs both ways: a vendor is counted like a
    partner.

    Attributes:
        party: The party's id.
        agreements: How many of the scorecards are of agreements it is a
            party to.
        standings: Standing → how many of its contributions with a target
            stand there: every `Standing`, in order, zeros included.
    """

    party: str
    agreements: int
    standings: Mapping[Standing, int] = attrs.field(
        factory=_standings, converter=_standings
    )

    @property
    def pledges(self) -> int:
        """How many of its contributions with a target were evaluated."""
        return sum(self.standings.values())


def _by_party(
    value: Mapping[str, PartyAccountability] | None,
) -> FrozenDict[str, PartyAccountability]:
    return FrozenDict(value)


@attrs.frozen(kw_only=True)
class PortfolioSummary(ShowsSummary):
    """Where a portfolio stands: the figures of many reports and scorecards.

    Build one with `summarize`.

    Attributes:
        reports: How many check reports were summarized.
        scorecards: How many scorecards were summarized.
        goals: Standing → how many goals with a target stand there, over
            every scorecard: every `Standing`, in order, zeros included.
        findings: ``(code, severity)`` → how many findings in force, over
            every report, by severity (errors first), then code.
        with_errors: Agreement id → how many error findings its report has,
            for the agreements whose report is not ok, in input order.
        parties: Party id → its `PartyAccountability`, by party id.
        attainment: The mean of the scorecards' overall attainments (those
            that have one), or None when none has.
        failed: ``(agreement_id, message)`` of every agreement whose check or
            evaluation raised a `MutualCommitError`, in input order, each
            pair once: an error the stream gives in place of both an
            agreement's report and its scorecard is one failure.
    """

    reports: int = 0
    scorecards: int = 0
    goals: Mapping[Standing, int] = attrs.field(
        factory=_standings, converter=_standings
    )
    findings: Mapping[tuple[str, Severity], int] = attrs.field(
        factory=FrozenDict, converter=_by_finding
    )
    with_errors: Mapping[str, int] = attrs.field(factory=FrozenDict, converter=_by_id)
    parties: Mapping[str, PartyAccountability] = attrs.field(
        factory=FrozenDict, converter=_by_party
    )
    attainment: Decimal | None = None
    failed: tuple[tuple[str, str], ...] = ()

    def _summary(self) -> Document:
        """Show the figures in a notebook cell, as the command line's summary."""
        from ._notebook import summary_document

        return summary_document(self)

    @property
    def ok(self) -> bool:
        """Whether no agreement has an error finding and none failed."""
        return not self.with_errors and not self.failed

    @property
    def severities(self) -> Mapping[Severity, int]:
        """Severity → how many findings in force — every `Severity`, zeros included."""
        totals = dict.fromkeys(Severity, 0)
        for (_, severity), count in self.findings.items():
            totals[severity] += count
        return FrozenDict(totals)

    def to_records(self) -> list[dict[str, Any]]:
        """Return the figures as flat records, one table after another, for a frame.

        Every record has the keys of `RECORD_COLUMNS`; ``table`` says which
        figure it holds and the keys that do not apply are None:

        - ``goals``: ``standing``, ``count`` (goals standing there);
        - ``findings``: ``code``, ``severity``, ``count``;
        - ``contributions``: ``party``, ``standing``, ``count`` (that party's
          pledges standing there; zeros left out);
        - ``errors``: ``agreement``, ``count`` (its error findings);
        - ``failed``: ``agreement``, ``count`` (1).

        Enums are given as their string values.
        """
        records: list[dict[str, Any]] = []

        def add(table: str, count: int, **keys: str) -> None:
            record: dict[str, Any] = dict.fromkeys(RECORD_COLUMNS)
            record.update(keys, table=table, count=count)
            records.append(record)

        for standing, count in self.goals.items():
            add("goals", count, standing=standing.value)
        for (code, severity), count in self.findings.items():
            add("findings", count, code=code, severity=severity.value)
        for party in self.parties.values():
            for standing, count in party.standings.items():
                if count:
                    add(
                        "contributions",
                        count,
                        party=party.party,
                        standing=standing.value,
                    )
        for agreement, count in self.with_errors.items():
            add("errors", count, agreement=agreement)
        for agreement, _ in self.failed:
            add("failed", 1, agreement=agreement)
        return records

    def to_pandas(self) -> Any:
        """Return `to_records` as a `pandas.DataFrame` (needs the ``pandas`` extra).

        Raises:
            ModuleNotFoundError: When pandas is not installed.
        """
        pandas = _optional("pandas", "to_pandas")
        return pandas.DataFrame.from_records(
            self.to_records(), columns=list(RECORD_COLUMNS)
        )

    def to_polars(self) -> Any:
        """Return `to_records` as a `polars.DataFrame` (needs the ``polars`` extra).

        Raises:
            ModuleNotFoundError: When polars is not installed.
        """
        polars = _optional("polars", "to_polars")
        schema = dict.fromkeys(RECORD_COLUMNS, polars.String)
        schema["count"] = polars.Int64
        return polars.from_dicts(self.to_records(), schema=schema)


def _optional(module: str, method: str) -> ModuleType:
    """Import an optional extra's *module*, or say which extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        msg = (
            f"PortfolioSummary.{method}() needs {module}, which is not installed: "
            f"install mutualcommit's extra {module!r} (python -m pip install "
            f"'.[{module}]' in a checkout, or the wheel with [{module}])"
        )
        raise ModuleNotFoundError(msg, name=module) from error


def summarize(
    results: Iterable[tuple[str, Report | Scorecard | MutualCommitError]],
) -> PortfolioSummary:
    """Add up the results of `check_many` and `evaluate_many` into one summary.

    Reports and scorecards may come mixed (chain the two streams); the
    results are read once, in a single pass, and only the figures are kept.

    Args:
        results: ``(agreement_id, result)`` pairs, as the portfolio
            functions yield them.

    Returns:
        The portfolio's figures — goals per standing, findings per code and
        severity, the agreements with error findings, each party's
        accountability across agreements, the mean attainment and the
        agreements that failed.

    Raises:
        TypeError: When a result is not a `Report`, a `Scorecard` or a
            `MutualCommitError`.
    """
    tally = Tally()
    for agreement_id, result in results:
        tally.add(agreement_id, result)
    return tally.summary()


class Tally:
    """The figures of a summary while results are added: what `summarize` keeps.

    A worker tallies its chunk of a portfolio and sends the tally back; the
    calling process merges the tallies in input order, which gives the
    summary of the whole stream, equal to `summarize` of every result.
    """

    __slots__ = (
        "attainments",
        "failed",
        "failed_seen",
        "findings",
        "goals",
        "party_agreements",
        "party_standings",
        "reports",
        "scorecards",
        "with_errors",
    )

    def __init__(self) -> None:
        self.reports = 0
        self.scorecards = 0
        self.goals: dict[Standing, int] = dict.fromkeys(Standing, 0)
        self.findings: dict[tuple[str, Severity], int] = {}
        self.with_errors: dict[str, int] = {}
        self.party_agreements: dict[str, int] = {}
        self.party_standings: dict[str, dict[Standing, int]] = {}
        # The overall attainments in input order, added up at the end, so
        # a merged tally rounds its mean exactly as one pass would.
        self.attainments: list[Decimal] = []
        self.failed: list[tuple[str, str]] = []
        # What `failed` holds, to list each (agreement, message) once.
        self.failed_seen: set[tuple[str, str]] = set()

    def add(
        self, agreement_id: str, result: Report | Scorecard | MutualCommitError
    ) -> None:
        """Add one result of the stream."""
        if isinstance(result, Report):
            self.reports += 1
            findings = self.findings
            errors = 0
            for finding in result.findings:
                key = (finding.code, finding.severity)
                findings[key] = findings.get(key, 0) + 1
                errors += finding.severity is Severity.ERROR
            if errors:
                with_errors = self.with_errors
                with_errors[agreement_id] = with_errors.get(agreement_id, 0) + errors
        elif isinstance(result, Scorecard):
            self.scorecards += 1
            goals = self.goals
            for goal in result.goals:
                goals[goal.standing] += 1
            party_agreements = self.party_agreements
            party_standings = self.party_standings
            for party in result.agreement.parties:
                party_agreements[party.id] = party_agreements.get(party.id, 0) + 1
                party_standings.setdefault(party.id, dict.fromkeys(Standing, 0))
            for pledge in result.contributions:
                if pledge.party is not None:
                    party_standings[pledge.party][pledge.standing] += 1
            if result.overall_attainment is not None:
                self.attainments.append(result.overall_attainment)
        elif isinstance(result, MutualCommitError):
            self._fail((agreement_id, str(result)))
        else:
            msg = (
                f"result of {agreement_id!r}: expected a Report, a Scorecard or a "
                f"MutualCommitError, got {type(result).__name__}"
            )
            raise TypeError(msg)

    def merge(self, later: Tally) -> None:
        """Add the tally of the results that follow this one's in the stream."""
        self.reports += later.reports
        self.scorecards += later.scorecards
        for standing, count in later.goals.items():
            self.goals[standing] += count
        for key, count in later.findings.items():
            self.findings[key] = self.findings.get(key, 0) + count
        for agreement, count in later.with_errors.items():
            self.with_errors[agreement] = self.with_errors.get(agreement, 0) + count
        for party, count in later.party_agreements.items():
            self.party_agreements[party] = self.party_agreements.get(party, 0) + count
        for party, standings in later.party_standings.items():
            mine = self.party_standings.setdefault(party, dict.fromkeys(Standing, 0))
            for standing, count in standings.items():
                mine[standing] += count
        self.attainments.extend(later.attainments)
        for failure in later.failed:
            self._fail(failure)

    def _fail(self, failure: tuple[str, str]) -> None:
        """Add a failure, unless the same agreement failed so already."""
        if failure not in self.failed_seen:
            self.failed_seen.add(failure)
            self.failed.append(failure)

    def summary(self) -> PortfolioSummary:
        """Return the summary of every result added or merged so far."""
        findings = self.findings
        attainment_sum = Decimal(0)
        with decimal.localcontext(decimal_context()):
            for attainment in self.attainments:
                attainment_sum += attainment
        return PortfolioSummary(
            reports=self.reports,
            scorecards=self.scorecards,
            goals=self.goals,
            findings={
                key: findings[key]
                for key in sorted(findings, key=lambda key: (key[1].rank, key[0]))
            },
            with_errors=self.with_errors,
            parties={
                party: PartyAccountability(
                    party=party,
                    agreements=self.party_agreements[party],
                    standings=self.party_standings[party],
                )
                for party in sorted(self.party_agreements)
            },
            attainment=_mean(attainment_sum, len(self.attainments)),
            failed=tuple(self.failed),
        )


def _mean(total: Decimal, count: int) -> Decimal | None:
    if not count:
        return None
    with decimal.localcontext(decimal_context()):
        return total / count


def summary_to_dict(summary: PortfolioSummary) -> dict[str, Any]:
    """Return *summary* as a JSON-ready dict.

    The keys are ``reports``, ``scorecards``, ``ok``, ``goals`` (standing →
    count), ``severities`` (severity → count), ``findings`` (a list of
    ``{"code", "severity", "count"}``), ``with_errors`` (agreement id →
    error findings), ``parties`` (party id → ``{"agreements", "pledges",
    "standings"}``), ``attainment`` (a decimal string, or None) and
    ``failed`` (a list of ``{"agreement", "error"}``).

    Raises:
        TypeError: When *summary* is not a `PortfolioSummary`.
    """
    as_instance("summary", summary, PortfolioSummary)
    return {
        "reports": summary.reports,
        "scorecards": summary.scorecards,
        "ok": summary.ok,
        "goals": {standing.value: count for standing, count in summary.goals.items()},
        "severities": {
            severity.value: count for severity, count in summary.severities.items()
        },
        "findings": [
            {"code": code, "severity": severity.value, "count": count}
            for (code, severity), count in summary.findings.items()
        ],
        "with_errors": dict(summary.with_errors),
        "parties": {
            key: {
                "agreements": party.agreements,
                "pledges": party.pledges,
                "standings": {s.value: n for s, n in party.standings.items()},
            }
            for key, party in summary.parties.items()
        },
        "attainment": None
        if summary.attainment is None
        else decimal_text(summary.attainment),
        "failed": [
            {"agreement": agreement, "error": message}
            for agreement, message in summary.failed
        ],
    }
