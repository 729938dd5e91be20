"""`summarize`: where a whole portfolio stands, in one value."""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from mutualcommit._frames import Schema, column_names, to_pandas, to_polars
from mutualcommit.errors import (
    ArgumentError,
    MutualCommitError,
    RuleError,
    also_type_error,
)
from mutualcommit.kpi import FundLedger, RequestState, Scorecard, Standing
from mutualcommit.kpi._fund_results import FUND_FIGURES
from mutualcommit.model import (
    FrozenDict,
    decimal_context,
    decimal_text,
    readable_signature,
)
from mutualcommit.model._arguments import as_instance, shown
from mutualcommit.model._notebook import ShowsSummary
from mutualcommit.rules import Report, Severity

if TYPE_CHECKING:
    from mutualcommit.render._tree import Document

__all__ = [
    "FUND_FIGURES",
    "RECORD_COLUMNS",
    "FundTotals",
    "PartyAccountability",
    "PortfolioSummary",
    "fund_totals_to_dict",
    "summarize",
    "summary_to_dict",
]

#: The columns of `PortfolioSummary.to_records`, in order, with their kinds.
_RECORD_SCHEMA: Schema = (
    ("table", "text"),
    ("agreement", "text"),
    ("party", "text"),
    ("code", "text"),
    ("severity", "text"),
    ("standing", "text"),
    ("count", "int"),
    ("unit", "text"),
    ("figure", "text"),
    ("amount", "float"),
    ("state", "text"),
)
#: The keys of every record `PortfolioSummary.to_records` returns, in order.
RECORD_COLUMNS = column_names(_RECORD_SCHEMA)

_ZERO = Decimal(0)
_E = TypeVar("_E", bound=Enum)

#: Money totals are added in 80 digits: a window's figure spans some 45
#: digits at most (below 10^16, and a pro-rated share has no more than the
#: library's 28 significant digits), so the sum of a whole book keeps every
#: digit, where the library's 28-digit context would round it.
_SUMS = decimal_context()
_SUMS.prec = 80


def _every(members: type[_E], counts: Mapping[_E, int] | None) -> FrozenDict[_E, int]:
    """Every member of the enum *members*, in order, with its count or 0."""
    full = dict.fromkeys(members, 0)
    if counts:
        full.update(counts)
    return FrozenDict(full)


def _standings(
    counts: Mapping[Standing, int] | None = None,
) -> FrozenDict[Standing, int]:
    """Every standing, in order, zeros included."""
    return _every(Standing, counts)


# One converter per field type: attrs' mypy plugin cannot solve a generic one.
def _by_finding(
    value: Mapping[tuple[str, Severity], int] | None,
) -> FrozenDict[tuple[str, Severity], int]:
    return FrozenDict(value)


def _by_id(value: Mapping[str, int] | None) -> FrozenDict[str, int]:
    return FrozenDict(value)


def _states(
    counts: Mapping[RequestState, int] | None = None,
) -> FrozenDict[RequestState, int]:
    """Every request state, in order, zeros included."""
    return _every(RequestState, counts)


@readable_signature
@attrs.frozen(kw_only=True)
class FundTotals:
    """The money of many funds in one currency, added up over their windows.

    Each figure is the sum, over the funds and over every window of each
    (the windows not started included, with their allocation), of the
    `FundWindow` figure of that name: ``paid`` is all that was paid, and
    ``remaining`` all that is still left to approve in open windows. The
    sums are exact.

    Attributes:
        unit: The currency.
        funds: How many fund ledgers were added up.
        allocated: The allocations' amounts.
        accrued: What accrual earned.
        granted: What grants added.
        available: ``allocated + accrued + granted``.
        requested: What requests asked for.
        approved: What was approved of them.
        claimed: What was claimed.
        paid: What was paid.
        expired: What was lost, unapproved or unclaimed in time.
        remaining: What is left to approve in the open windows.
        requests: Request state → how many of the funds' requests stand
            there: every `RequestState`, in order, zeros included.
    """

    unit: str
    funds: int = 0
    allocated: Decimal = _ZERO
    accrued: Decimal = _ZERO
    granted: Decimal = _ZERO
    available: Decimal = _ZERO
    requested: Decimal = _ZERO
    approved: Decimal = _ZERO
    claimed: Decimal = _ZERO
    paid: Decimal = _ZERO
    expired: Decimal = _ZERO
    remaining: Decimal = _ZERO
    requests: Mapping[RequestState, int] = attrs.field(
        factory=_states, converter=_states
    )

    @property
    def utilisation(self) -> Decimal | None:
        """``paid / available`` in the library's context, or None when nothing is available."""
        if not self.available:
            return None
        with decimal.localcontext(decimal_context()):
            return self.paid / self.available


def _by_unit(value: Mapping[str, FundTotals] | None) -> FrozenDict[str, FundTotals]:
    return FrozenDict(value)


#: The figures a summary's fund table shows, in the notebook and on the
#: command line: what a channel team reads of each currency's money.
SHOWN_FUND_FIGURES = (
    "available",
    "approved",
    "claimed",
    "paid",
    "expired",
    "remaining",
)


@readable_signature
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
        funds: Currency → the `FundTotals` of the funds it provides, over
            the scorecards that carry fund ledgers, by currency; empty when
            none does.
    """

    party: str
    agreements: int
    standings: Mapping[Standing, int] = attrs.field(
        factory=_standings, converter=_standings
    )
    funds: Mapping[str, FundTotals] = attrs.field(
        factory=FrozenDict, converter=_by_unit
    )

    @property
    def pledges(self) -> int:
        """How many of its contributions with a target were evaluated."""
        return sum(self.standings.values())


def _by_party(
    value: Mapping[str, PartyAccountability] | None,
) -> FrozenDict[str, PartyAccountability]:
    return FrozenDict(value)


@readable_signature
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
            for the agreements whose report is not ok, in input order (an id
            given twice: the findings of both reports).
        reports_with_errors: How many reports have error findings: the
            agreements with error findings, each agreement of an id given
            twice counted, where ``len(with_errors)`` counts the ids. By
            default ``len(with_errors)``.
        parties: Party id → its `PartyAccountability`, by party id.
        attainment: The mean of the scorecards' overall attainments (those
            that have one), or None when none has. An agreement evaluated
            without observations has one as any other (0 for a goal whose
            actual should have grown by now), and counts in the mean.
        scorecards_with_attainment: How many scorecards have an overall
            attainment: those ``attainment`` is the mean of (a scorecard
            whose goals have not started, or have no target, has none). By
            default ``scorecards`` when ``attainment`` is given, else 0.
        failed: ``(agreement_id, message)`` of every agreement whose check or
            evaluation raised a `MutualCommitError`, in input order, one
            per agreement: two agreements of one id that fail are two. The
            error `check_and_evaluate_many` gives in place of both an
            agreement's report and its scorecard is one, and so are the
            two errors alike (the same message) of an agreement that
            failed in both of the two streams chained; a second, different
            error of an agreement is listed too. A stream of errors alone,
            without a report or a scorecard, cannot say whether it is one
            stream or two chained, and is read as two: there, two
            agreements of one id that fail alike are one.
        funds: Currency → the `FundTotals` of every fund ledger the
            scorecards carry (those evaluated with their fund log), by
            currency; empty when none carries one.
        duplicates: Agreement id → how many agreements of that id came, for
            every id that came more than once, in input order: two
            agreements with one id in the stream, each counted in every
            figure above (one that failed in ``failed``). An agreement's
            report and its scorecard, or the errors in their places, are
            one agreement. Empty when every id came once.
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
    reports_with_errors: int = attrs.field(
        default=attrs.Factory(
            lambda self: len(self.with_errors),
            takes_self=True,
        )
    )
    parties: Mapping[str, PartyAccountability] = attrs.field(
        factory=FrozenDict, converter=_by_party
    )
    attainment: Decimal | None = None
    scorecards_with_attainment: int = attrs.field(
        default=attrs.Factory(
            lambda self: 0 if self.attainment is None else self.scorecards,
            takes_self=True,
        )
    )
    failed: tuple[tuple[str, str], ...] = ()
    funds: Mapping[str, FundTotals] = attrs.field(
        factory=FrozenDict, converter=_by_unit
    )
    duplicates: Mapping[str, int] = attrs.field(factory=FrozenDict, converter=_by_id)

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

        - ``counts``: ``figure`` (``reports``, ``scorecards``,
          ``reports_with_errors``), ``count``;
        - ``attainment``: ``amount`` (the mean overall attainment, an
          exact Decimal, or None), ``count`` (the scorecards it is the mean
          of);
        - ``goals``: ``standing``, ``count`` (goals standing there);
        - ``findings``: ``code``, ``severity``, ``count``;
        - ``parties``: ``party``, ``count`` (the agreements it is a party
          to), one record per party, those without a pledge with a target
          too;
        - ``contributions``: ``party``, ``standing``, ``count`` (that party's
          pledges standing there; zeros left out);
        - ``errors``: ``agreement``, ``count`` (its error findings);
        - ``failed``: ``agreement``, ``count`` (1);
        - ``duplicates``: ``agreement``, ``count`` (how many agreements of
          that id came);
        - ``funds``: ``party``, ``unit``, ``figure`` (one of `FUND_FIGURES`),
          ``amount`` (an exact Decimal): the funds that party provides, one
          record per figure;
        - ``fund_counts``: ``party``, ``unit``, ``count`` (how many funds
          it provides in that currency);
        - ``fund_requests``: ``party``, ``unit``, ``state``, ``count`` (its
          funds' requests in that state; zeros left out).

        The fund records are per party, as the pledges are: the book's
        totals are their sums. What the figures give (a party's pledges,
        a fund's utilisation, the totals per severity, ``ok``) is left to
        the frame. Enums are given as their string values.
        """
        records: list[dict[str, Any]] = []

        def add(table: str, count: int | None, **keys: Any) -> None:
            record: dict[str, Any] = dict.fromkeys(RECORD_COLUMNS)
            record.update(keys, table=table, count=count)
            records.append(record)

        for figure in ("reports", "scorecards", "reports_with_errors"):
            add("counts", getattr(self, figure), figure=figure)
        add("attainment", self.scorecards_with_attainment, amount=self.attainment)
        for standing, count in self.goals.items():
            add("goals", count, standing=standing.value)
        for (code, severity), count in self.findings.items():
            add("findings", count, code=code, severity=severity.value)
        for party in self.parties.values():
            add("parties", party.agreements, party=party.party)
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
        for agreement, count in self.duplicates.items():
            add("duplicates", count, agreement=agreement)
        for party in self.parties.values():
            for unit, totals in party.funds.items():
                for figure in FUND_FIGURES:
                    add(
                        "funds",
                        None,
                        party=party.party,
                        unit=unit,
                        figure=figure,
                        amount=getattr(totals, figure),
                    )
        for party in self.parties.values():
            for unit, totals in party.funds.items():
                add("fund_counts", totals.funds, party=party.party, unit=unit)
        for party in self.parties.values():
            for unit, totals in party.funds.items():
                for state, count in totals.requests.items():
                    if count:
                        add(
                            "fund_requests",
                            count,
                            party=party.party,
                            unit=unit,
                            state=state.value,
                        )
        return records

    def to_pandas(self) -> Any:
        """Return `to_records` as a `pandas.DataFrame` (needs the ``pandas`` extra).

        Each column has its table's dtype whatever the rows hold (None in
        every row, or no row at all): numbers ``float64`` (None is NaN),
        whole numbers ``Int64`` (None is ``<NA>``), so frames stack with
        ``pandas.concat``.

        Raises:
            ModuleNotFoundError: When pandas is not installed.
        """
        return to_pandas(
            self.to_records(), _RECORD_SCHEMA, "PortfolioSummary.to_pandas()"
        )

    def to_polars(self) -> Any:
        """Return `to_records` as a `polars.DataFrame` (needs the ``polars`` extra).

        Each column has its table's type whatever the rows hold (None in
        every row, or no row at all), so frames stack with ``polars.concat``.

        Raises:
            ModuleNotFoundError: When polars is not installed.
        """
        return to_polars(
            self.to_records(), _RECORD_SCHEMA, "PortfolioSummary.to_polars()"
        )


def fund_rows(summary: PortfolioSummary) -> list[tuple[str | None, FundTotals]]:
    """Return the rows of a summary's fund table, for the notebook and the command line.

    Per currency, the book's totals, then each providing party's: each row
    ``(party_id, totals)``, the party None for the book's.
    """
    rows: list[tuple[str | None, FundTotals]] = []
    for unit, totals in summary.funds.items():
        rows.append((None, totals))
        rows.extend(
            (party.party, party.funds[unit])
            for party in summary.parties.values()
            if unit in party.funds
        )
    return rows


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
        ArgumentError: A `TypeError` too, naming the argument or the item
            (``results[3]``), when *results* is text, a mapping or not
            iterable, an item is not an ``(agreement_id, result)`` pair, or
            a result is not a `Report`, a `Scorecard` or a
            `MutualCommitError`.
    """
    if isinstance(results, str | bytes | Mapping) or not isinstance(results, Iterable):
        msg = (
            "results is an iterable of (agreement_id, result) pairs, as check_many "
            f"and evaluate_many yield them, got {shown(results)}"
        )
        raise also_type_error(ArgumentError)(msg, "results")
    tally = Tally()
    for position, pair in enumerate(results):
        if not (isinstance(pair, tuple) and len(pair) == 2):  # noqa: PLR2004 - a pair
            msg = (
                f"results[{position}]: expected an (agreement_id, result) pair, "
                f"got {shown(pair)}"
            )
            raise also_type_error(ArgumentError)(msg, f"results[{position}]")
        tally.add(*pair)
    return tally.summary()


#: Where an error of a stream stands, as a summary reads it: in a place it
#: does not say (a check and an evaluation raise the same errors), in a
#: report's (a policy rule's `RuleError`, which only a check raises), or in
#: both of one agreement's (the one error given twice in a row).
_SOMEWHERE, _IN_A_REPORT, _IN_BOTH = 0, 1, 2
#: Where the counts of an agreement's errors start, after its reports' and
#: its scorecards'.
_ERRORS = 2


class Tally:
    """The figures of a summary while results are added: what `summarize` keeps.

    A worker tallies its chunk of a portfolio and sends the tally back; the
    calling process merges the tallies in input order, which gives the
    summary of the whole stream, equal to `summarize` of every result.
    """

    __slots__ = (
        "arrivals",
        "attainments",
        "failures",
        "findings",
        "funds",
        "goals",
        "one_result_each",
        "party_agreements",
        "party_standings",
        "previous",
        "reports",
        "reports_with_errors",
        "scorecards",
        "with_errors",
    )

    def __init__(self, *, one_result_each: bool = False) -> None:
        """Start a tally of no result.

        Args:
            one_result_each: Whether the stream gives one result per
                agreement (`check_many`'s or `evaluate_many`'s alone), so
                that every error is an agreement's failure. By default
                the stream tells (see `_agreements`).
        """
        self.one_result_each = one_result_each
        self.reports = 0
        self.scorecards = 0
        self.goals: dict[Standing, int] = dict.fromkeys(Standing, 0)
        self.findings: dict[tuple[str, Severity], int] = {}
        self.with_errors: dict[str, int] = {}
        self.reports_with_errors = 0
        self.party_agreements: dict[str, int] = {}
        self.party_standings: dict[str, dict[Standing, int]] = {}
        # The overall attainments, added up exactly at the end: the mean is
        # rounded once, so it is the same in any order and for any split
        # of the stream, and the mean of equal attainments is that value.
        self.attainments: list[Decimal] = []
        # Every error, in input order: (agreement id, message, where it
        # stands: _SOMEWHERE, _IN_A_REPORT or _IN_BOTH).
        self.failures: list[tuple[str, str, int]] = []
        # The error added last, while no other result has come after it:
        # the same error again is the one agreement's, in both places.
        self.previous: MutualCommitError | None = None
        # (party, currency) → the funds' count, each figure's exact sum
        # and the requests per state: plain values, cheap to pickle.
        self.funds: dict[tuple[str, str], _FundSums] = {}
        # Agreement id → [its reports, its scorecards, and its errors where
        # each stands (_SOMEWHERE, _IN_A_REPORT, _IN_BOTH)], in input
        # order: an id that comes twice in one stream is two agreements,
        # both counted.
        self.arrivals: dict[str, list[int]] = {}

    def add(
        self, agreement_id: str, result: Report | Scorecard | MutualCommitError
    ) -> None:
        """Add one result of the stream."""
        if isinstance(result, MutualCommitError):
            self._fail(agreement_id, result)
            return
        self.previous = None
        if isinstance(result, Report):
            self.reports += 1
            self._arrived(agreement_id, 0)
            findings = self.findings
            errors = 0
            for finding in result.findings:
                key = (finding.code, finding.severity)
                findings[key] = findings.get(key, 0) + 1
                errors += finding.severity is Severity.ERROR
            if errors:
                self.reports_with_errors += 1
                with_errors = self.with_errors
                with_errors[agreement_id] = with_errors.get(agreement_id, 0) + errors
        elif isinstance(result, Scorecard):
            self.scorecards += 1
            self._arrived(agreement_id, 1)
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
            for ledger in result.funds:
                self._add_ledger(ledger)
        else:
            msg = (
                f"result of {agreement_id!r}: expected a Report, a Scorecard or a "
                f"MutualCommitError, got {type(result).__name__}"
            )
            raise also_type_error(ArgumentError)(msg, f"results[{agreement_id!r}]")

    def merge(self, later: Tally) -> None:
        """Add the tally of the results that follow this one's in the stream."""
        self.reports += later.reports
        self.scorecards += later.scorecards
        for standing, count in later.goals.items():
            self.goals[standing] += count
        for key, count in later.findings.items():
            self.findings[key] = self.findings.get(key, 0) + count
        self.reports_with_errors += later.reports_with_errors
        for agreement, count in later.with_errors.items():
            self.with_errors[agreement] = self.with_errors.get(agreement, 0) + count
        for party, count in later.party_agreements.items():
            self.party_agreements[party] = self.party_agreements.get(party, 0) + count
        for party, standings in later.party_standings.items():
            mine = self.party_standings.setdefault(party, dict.fromkeys(Standing, 0))
            for standing, count in standings.items():
                mine[standing] += count
        self.attainments.extend(later.attainments)
        self.failures.extend(later.failures)
        for owner, sums in later.funds.items():
            self.funds.setdefault(owner, _FundSums()).merge(sums)
        arrivals = self.arrivals
        for agreement, later_counts in later.arrivals.items():
            counts = arrivals.get(agreement)
            if counts is None:
                arrivals[agreement] = list(later_counts)
            else:
                for kind, count in enumerate(later_counts):
                    counts[kind] += count
        self.previous = None

    def _arrived(self, agreement_id: str, kind: int, count: int = 1) -> None:
        """Count a result of *agreement_id*: a report (*kind* 0), a scorecard (1), an error (2 + where it stands)."""
        counts = self.arrivals.get(agreement_id)
        if counts is None:
            self.arrivals[agreement_id] = counts = [0, 0, 0, 0, 0]
        counts[kind] += count

    def _add_ledger(self, ledger: FundLedger) -> None:
        """Add one fund's ledger to its party's sums in its currency."""
        self.funds.setdefault((ledger.party, ledger.unit), _FundSums()).add(ledger)

    def _fail(self, agreement_id: str, error: MutualCommitError) -> None:
        """Add an error of *agreement_id*.

        The very error given again, right after it, is the one
        agreement's in place of both its report and its scorecard, as
        `check_and_evaluate_many` gives it: one failure, in both places.
        """
        failures = self.failures
        if error is self.previous and failures[-1][0] == agreement_id:
            _, message, where = failures[-1]
            failures[-1] = (agreement_id, message, _IN_BOTH)
            self._arrived(agreement_id, _ERRORS + where, -1)
            self._arrived(agreement_id, _ERRORS + _IN_BOTH)
            self.previous = None
            return
        # Only a check raises a policy rule's error: it stands in a report's place.
        where = _IN_A_REPORT if isinstance(error, RuleError) else _SOMEWHERE
        failures.append((agreement_id, str(error), where))
        self._arrived(agreement_id, _ERRORS + where)
        self.previous = error

    def _agreements(self) -> dict[str, tuple[int, int]]:
        """Agreement id → how many agreements of it came, and how many of its errors may be the second of one.

        A stream that holds results in one kind of place only, reports
        (where a policy rule's error stands too) or scorecards, gives one
        result per agreement (`check_many` or `evaluate_many` alone): each
        result is an agreement. Otherwise each agreement gives two, one
        in its report's place and one in its scorecard's
        (`check_and_evaluate_many`, or the two streams chained), and of
        its errors that do not say their place, as many as the places
        leave in both are the second error of an agreement whose other
        place failed too. A stream of errors alone cannot tell, and is
        read as two results per agreement.
        """
        report_places = bool(self.reports) or any(
            counts[_ERRORS + _IN_A_REPORT] for counts in self.arrivals.values()
        )
        two_each = not self.one_result_each and report_places == bool(self.scorecards)
        found = {}
        for agreement, counts in self.arrivals.items():
            in_reports, scorecards, somewhere, in_a_report, both = counts
            in_reports += in_a_report
            if not two_each:
                found[agreement] = (in_reports + scorecards + somewhere + both, 0)
                continue
            places = in_reports + scorecards + somewhere + 2 * both
            count = max(-(-places // 2), in_reports + both, scorecards + both)
            # Of the errors that do not say their place, those left in the
            # reports' places and in the scorecards': an agreement with one
            # in each failed in both.
            seconds = min(count - in_reports - both, count - scorecards - both)
            found[agreement] = (count, seconds)
        return found

    def summary(self) -> PortfolioSummary:
        """Return the summary of every result added or merged so far."""
        agreements = self._agreements()
        findings = self.findings
        attainment_sum = Decimal(0)
        with decimal.localcontext(_EXACT):
            for attainment in self.attainments:
                attainment_sum += attainment
        book: dict[str, _FundSums] = {}
        by_party: dict[str, dict[str, FundTotals]] = {}
        for (party, unit), sums in sorted(self.funds.items()):
            book.setdefault(unit, _FundSums()).merge(sums)
            by_party.setdefault(party, {})[unit] = sums.totals(unit)
        return PortfolioSummary(
            reports=self.reports,
            scorecards=self.scorecards,
            goals=self.goals,
            findings={
                key: findings[key]
                for key in sorted(findings, key=lambda key: (key[1].rank, key[0]))
            },
            with_errors=self.with_errors,
            reports_with_errors=self.reports_with_errors,
            parties={
                party: PartyAccountability(
                    party=party,
                    agreements=self.party_agreements[party],
                    standings=self.party_standings[party],
                    funds=by_party.get(party),
                )
                for party in sorted(self.party_agreements)
            },
            attainment=_mean(attainment_sum, len(self.attainments)),
            scorecards_with_attainment=len(self.attainments),
            failed=self._failed(agreements),
            funds={unit: book[unit].totals(unit) for unit in sorted(book)},
            duplicates={
                agreement: times
                for agreement, (times, _) in agreements.items()
                if times > 1
            },
        )

    def _failed(
        self, agreements: Mapping[str, tuple[int, int]]
    ) -> tuple[tuple[str, str], ...]:
        """Return ``(agreement_id, message)`` per agreement that failed, in input order.

        Of an id's errors that do not say their place, the last ones (as
        many as `_agreements` finds may be second) are the errors of the
        second place, in a stream of two results per agreement: each such
        error alike (the same message) to an earlier one of the id that
        is not paired yet is that agreement's failure again, left out. A
        second, different error is listed too.
        """
        firsts = {}
        for agreement, counts in self.arrivals.items():
            firsts[agreement] = counts[_ERRORS + _SOMEWHERE] - agreements[agreement][1]
        # (agreement, message) → its errors listed that are not paired yet.
        unpaired: dict[tuple[str, str], int] = {}
        failed = []
        for agreement, message, where in self.failures:
            key = (agreement, message)
            if where == _SOMEWHERE:
                if firsts[agreement] > 0:
                    firsts[agreement] -= 1
                    unpaired[key] = unpaired.get(key, 0) + 1
                elif unpaired.get(key):
                    unpaired[key] -= 1
                    continue
            failed.append(key)
        return tuple(failed)


class _FundSums:
    """The running sums of `FundTotals` for one party and currency, while tallying."""

    __slots__ = ("count", "figures", "states")

    def __init__(self) -> None:
        self.count = 0
        self.figures = [_ZERO] * len(FUND_FIGURES)
        self.states = dict.fromkeys(RequestState, 0)

    def __getstate__(self) -> tuple[int, list[Decimal], dict[RequestState, int]]:
        return (self.count, self.figures, self.states)

    def __setstate__(
        self, state: tuple[int, list[Decimal], dict[RequestState, int]]
    ) -> None:
        self.count, self.figures, self.states = state

    def add(self, ledger: FundLedger) -> None:
        """Add one ledger: its windows' figures and its requests' states."""
        self.count += 1
        figures = self.figures
        add = _SUMS.add
        for window in ledger.windows:
            for i, name in enumerate(FUND_FIGURES):
                figures[i] = add(figures[i], getattr(window, name))
        states = self.states
        for request in ledger.requests:
            states[request.state] += 1

    def merge(self, other: _FundSums) -> None:
        """Add another party's or chunk's sums in the same currency."""
        self.count += other.count
        add = _SUMS.add
        self.figures = [
            add(a, b) for a, b in zip(self.figures, other.figures, strict=True)
        ]
        for state, count in other.states.items():
            self.states[state] += count

    def totals(self, unit: str) -> FundTotals:
        """Return the sums as the `FundTotals` of *unit*."""
        (
            allocated,
            accrued,
            granted,
            available,
            requested,
            approved,
            claimed,
            paid,
            expired,
            remaining,
        ) = self.figures
        return FundTotals(
            unit=unit,
            funds=self.count,
            allocated=allocated,
            accrued=accrued,
            granted=granted,
            available=available,
            requested=requested,
            approved=approved,
            claimed=claimed,
            paid=paid,
            expired=expired,
            remaining=remaining,
            requests=self.states,
        )


#: Where the attainments are added up: a sum of Decimals is exact in it.
_EXACT = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation],
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
    error findings), ``reports_with_errors`` (how many reports have error
    findings, an id given twice counted twice), ``parties`` (party id → ``{"agreements", "pledges",
    "standings", "funds"}``), ``attainment`` (a decimal string, or None),
    ``scorecards_with_attainment`` (how many scorecards the mean is of),
    ``failed`` (a list of ``{"agreement", "error"}``), ``funds``
    (currency → `fund_totals_to_dict`; a party's ``funds`` likewise, for
    the funds it provides) and ``duplicates`` (agreement id → how many
    times it came, for the ids that came more than once).

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
        "reports_with_errors": summary.reports_with_errors,
        "parties": {
            key: {
                "agreements": party.agreements,
                "pledges": party.pledges,
                "standings": {s.value: n for s, n in party.standings.items()},
                "funds": {
                    unit: fund_totals_to_dict(totals)
                    for unit, totals in party.funds.items()
                },
            }
            for key, party in summary.parties.items()
        },
        "attainment": None
        if summary.attainment is None
        else decimal_text(summary.attainment),
        "scorecards_with_attainment": summary.scorecards_with_attainment,
        "failed": [
            {"agreement": agreement, "error": message}
            for agreement, message in summary.failed
        ],
        "funds": {
            unit: fund_totals_to_dict(totals) for unit, totals in summary.funds.items()
        },
        "duplicates": dict(summary.duplicates),
    }


def fund_totals_to_dict(totals: FundTotals) -> dict[str, Any]:
    """Return *totals* as a JSON-ready dict.

    ``funds`` (a count), each of `FUND_FIGURES` as a decimal string,
    ``utilisation`` (a decimal string, or None) and ``requests`` (state →
    count, every state).

    Raises:
        TypeError: When *totals* is not a `FundTotals`.
    """
    as_instance("totals", totals, FundTotals)
    utilisation = totals.utilisation
    return {
        "funds": totals.funds,
        **{figure: decimal_text(getattr(totals, figure)) for figure in FUND_FIGURES},
        "utilisation": None if utilisation is None else decimal_text(utilisation),
        "requests": {state.value: n for state, n in totals.requests.items()},
    }
