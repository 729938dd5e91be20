from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.errors import (
    ArgumentError,
    InvalidObservationsError,
    MutualCommitError,
)
from mutualcommit.kpi import (
    FundLedger,
    FundWindow,
    RequestState,
    Scorecard,
    Standing,
    evaluate,
)
from mutualcommit.model import Agreement, Observation
from mutualcommit.portfolio import (
    FUND_FIGURES,
    RECORD_COLUMNS,
    FundTotals,
    PartyAccountability,
    PortfolioSummary,
    check_and_evaluate_many,
    check_many,
    evaluate_many,
    fund_totals_to_dict,
    summarize,
    summarize_many,
    summary_to_dict,
)
from mutualcommit.portfolio._summary import Tally
from mutualcommit.rules import Finding, Policy, Report, Rule, Severity
from mutualcommit.serialize import load_fund_events, load_observations, loads

from .conftest import _agreement, _log

AS_OF = dt.date(2026, 6, 30)
MakeAgreement = Callable[[str], Agreement]
MakeLog = Callable[[str, int, int], tuple[Observation, ...]]
Result = tuple[str, Report | Scorecard | MutualCommitError]


def _finding(code: str, severity: Severity, subject: str = "agreement") -> Finding:
    return Finding(code=code, severity=severity, subject=subject, path="", message="m")


def _standings(**counts: int) -> dict[Standing, int]:
    return {standing: counts.get(standing.value, 0) for standing in Standing}


@pytest.fixture
def results(make_agreement: MakeAgreement, make_log: MakeLog) -> list[Result]:
    """Two agreements checked and evaluated, and a third that failed.

    ``a``: 5 deals in Q2 (goal and partner pledge met) and 12 training hours
    (the vendor's term pledge of 10 met early). ``b``: 2 deals (goal and
    pledge missed, attainment 2/4) and no training half-way through the
    term (off track). ``c``: its observations were bad.
    """
    a, b = make_agreement("a"), make_agreement("b")
    return [
        (
            "a",
            Report(
                agreement="a",
                as_of=AS_OF,
                findings=(
                    _finding("MC303", Severity.WARNING, "schedule:2026-04-15"),
                    _finding("MC101", Severity.ERROR, "goal:g-deals"),
                    _finding("MC303", Severity.WARNING, "schedule:2026-01-15"),
                ),
            ),
        ),
        ("a", evaluate(a, make_log("a", 5, 12), as_of=AS_OF)),
        (
            "b",
            Report(
                agreement="b",
                as_of=AS_OF,
                findings=(_finding("MC303", Severity.WARNING),),
            ),
        ),
        ("b", evaluate(b, make_log("b", 2, 0), as_of=AS_OF)),
        ("c", InvalidObservationsError([("[0]", "unknown metric 'x'")])),
    ]


class TestSummarize:
    """The figures of a small portfolio, worked out by hand."""

    def test_figures(self, results: list[Result]) -> None:
        """Standings, findings, errors, parties, attainment and failures add up."""
        expected = PortfolioSummary(
            reports=2,
            scorecards=2,
            goals=_standings(met=1, missed=1),
            findings={("MC101", Severity.ERROR): 1, ("MC303", Severity.WARNING): 3},
            with_errors={"a": 1},
            parties={
                "acme": PartyAccountability(
                    party="acme", agreements=2, standings=_standings(met=1, off_track=1)
                ),
                "p-a": PartyAccountability(
                    party="p-a", agreements=1, standings=_standings(met=1)
                ),
                "p-b": PartyAccountability(
                    party="p-b", agreements=1, standings=_standings(missed=1)
                ),
            },
            attainment=Decimal("0.75"),
            failed=(
                ("c", "invalid observations (1 problem):\n  [0]: unknown metric 'x'"),
            ),
        )

        assert expected == summarize(results)

    def test_order(self, results: list[Result]) -> None:
        """Findings come errors first, then by code; parties by id; every standing is there."""
        summary = summarize(results)

        assert [("MC101", Severity.ERROR), ("MC303", Severity.WARNING)] == list(
            summary.findings
        )
        assert ["acme", "p-a", "p-b"] == list(summary.parties)
        assert list(Standing) == list(summary.goals)

    def test_derived(self, results: list[Result]) -> None:
        """Severity totals, pledges per party, and ok."""
        summary = summarize(results)

        assert {Severity.ERROR: 1, Severity.WARNING: 3, Severity.INFO: 0} == dict(
            summary.severities
        )
        assert 2 == summary.parties["acme"].pledges
        assert summary.ok is False
        assert summarize([]).ok is True

    @pytest.mark.parametrize(
        ("results", "argument", "message"),
        [
            (
                5,
                "results",
                (
                    "results is an iterable of (agreement_id, result) pairs, as "
                    "check_many and evaluate_many yield them, got int 5"
                ),
            ),
            (
                [("a1",)],
                "results[0]",
                "results[0]: expected an (agreement_id, result) pair, got tuple ('a1',)",
            ),
            (
                [("a1", "report")],
                "results['a1']",
                (
                    "result of 'a1': expected a Report, a Scorecard or a "
                    "MutualCommitError, got str"
                ),
            ),
        ],
        ids=["int", "not-a-pair", "not-a-result"],
    )
    def test_refused(self, results: object, argument: str, message: str) -> None:
        """What is no stream of results is the library's error naming where, a TypeError too."""
        with pytest.raises(TypeError) as caught:
            summarize(results)  # type: ignore[arg-type]

        assert isinstance(caught.value, ArgumentError)
        assert (argument, message) == (caught.value.argument, str(caught.value))

    def test_a_failure_once(self) -> None:
        """An error in place of both report and scorecard is one failure.

        A second, different error of the same agreement is kept beside it.
        """
        first = InvalidObservationsError([("[0]", "unknown metric 'x'")])
        second = InvalidObservationsError([("[1]", "unknown metric 'y'")])
        checked = [("c", first), ("d", first), ("c", second)]
        evaluated = [("c", first), ("d", first), ("c", second)]

        summary = summarize([*checked, *evaluated])

        assert [("c", str(first)), ("d", str(first)), ("c", str(second))] == list(
            summary.failed
        )
        assert (0, 0) == (summary.reports, summary.scorecards)

    def test_what_the_mean_is_of(
        self, make_agreement: MakeAgreement, make_log: MakeLog
    ) -> None:
        """The mean counts every scorecard with an attainment, one without observations too (0), and says how many."""
        later = make_agreement("later").amend(
            start=dt.date(2026, 7, 1), end=dt.date(2027, 6, 30)
        )
        book = [make_agreement("a"), make_agreement("silent"), later]

        summary = summarize(
            evaluate_many(book, {"a": make_log("a", 5, 12)}, as_of=AS_OF)
        )

        # a met its goal (1), silent reported nothing (0); later has not started.
        assert (3, 2, Decimal("0.5")) == (
            summary.scorecards,
            summary.scorecards_with_attainment,
            summary.attainment,
        )
        tallied = summarize_many(book, {"a": make_log("a", 5, 12)}, as_of=AS_OF)
        assert (2, 2) == (
            summary_to_dict(summary)["scorecards_with_attainment"],
            tallied.scorecards_with_attainment,
        )

    def test_empty(self) -> None:
        """Nothing to summarize gives zeros and no attainment."""
        assert PortfolioSummary() == summarize([])

    def test_not_a_result(self) -> None:
        """Anything but a report, a scorecard or an error is refused, naming its id."""
        with pytest.raises(TypeError, match="result of 'x': expected a Report"):
            summarize([("x", 42)])  # type: ignore[list-item]

    def test_the_mean_of_equal_attainments_is_that_attainment(self) -> None:
        """The attainments are added up exactly, and the mean rounded once.

        The IT example's attainment on 1 September 2026 has 28 digits: two of
        them added up in the library's 28 digits round the sum, and the mean
        would end in 5 instead of 3.
        """
        it = loads((IT / "agreement.json").read_text(encoding="utf-8"))
        log = load_observations((IT / "observations.jsonl").read_text(encoding="utf-8"))
        card = evaluate(it, log, as_of=dt.date(2026, 9, 1))
        assert Decimal("0.6882859652057544329207092673") == card.overall_attainment

        for copies in range(1, 8):
            summary = summarize([(f"a{i}", card) for i in range(copies)])

            assert card.overall_attainment == summary.attainment


class TestDuplicates:
    """An id that comes more than once is two agreements, both counted and named."""

    def test_the_same_id_twice(
        self, make_agreement: MakeAgreement, make_log: MakeLog
    ) -> None:
        """Both are counted in every figure; ``duplicates`` says how often the id came."""
        agreement = make_agreement("a")
        log = make_log("a", 5, 12)
        book = [agreement, make_agreement("b"), agreement]
        logs = {"a": log, "b": make_log("b", 2, 0)}

        summary = summarize(check_and_evaluate_many(book, logs, as_of=AS_OF))

        assert {"a": 2} == dict(summary.duplicates)
        assert (3, 3) == (summary.reports, summary.scorecards)
        assert 3 == summary.parties["acme"].agreements
        assert {"a": 2} == summary_to_dict(summary)["duplicates"]
        assert [{"agreement": "a", "count": 2}] == [
            {"agreement": r["agreement"], "count": r["count"]}
            for r in summary.to_records()
            if r["table"] == "duplicates"
        ]

    def test_merged_chunks_find_them(
        self, make_agreement: MakeAgreement, make_log: MakeLog
    ) -> None:
        """Each copy in its own chunk: the merged tallies still count the id twice."""
        agreement = make_agreement("a")
        book = [agreement, make_agreement("b"), agreement, agreement]
        logs = {"a": make_log("a", 5, 12), "b": make_log("b", 2, 0)}

        summary = summarize_many(book, logs, as_of=AS_OF, chunk_size=1)

        assert {"a": 3} == dict(summary.duplicates)
        assert summarize(check_and_evaluate_many(book, logs, as_of=AS_OF)) == summary

    def test_both_with_errors_are_counted(self, make_agreement: MakeAgreement) -> None:
        """Two agreements of one id with error findings are two reports with errors, in one pass or merged."""
        # Unsigned: MC401 for each of the two parties, an error each.
        agreement = make_agreement("a")
        book = [agreement, make_agreement("b"), agreement]

        summary = summarize(check_many(book, as_of=AS_OF))
        merged = summarize_many(book, {}, as_of=AS_OF, chunk_size=1)

        assert (3, {"a": 4, "b": 2}) == (
            summary.reports_with_errors,
            dict(summary.with_errors),
        )
        assert 3 == summary_to_dict(summary)["reports_with_errors"]
        assert 3 == merged.reports_with_errors

    def test_chained_streams_are_not_duplicates(
        self, make_agreement: MakeAgreement, make_log: MakeLog
    ) -> None:
        """A report and a scorecard of one id, or a failure in both streams, come once."""
        agreements = [make_agreement("a"), make_agreement("b")]
        b_log = make_log("b", 2, 0)
        logs = {"a": make_log("a", 5, 12), "b": (attrs.evolve(b_log[0], metric="x"),)}

        summary = summarize(
            [
                *check_many(agreements, as_of=AS_OF, observations=logs),
                *evaluate_many(agreements, logs, as_of=AS_OF),
            ]
        )

        assert {} == dict(summary.duplicates)
        assert ["b"] == [agreement for agreement, _ in summary.failed]


def _fails_on_b(agreement: Agreement, context: object) -> Iterator[Finding]:  # noqa: ARG001 - a rule's signature
    """A house rule with a bug for agreement b: its check fails, its scorecard stands."""
    if agreement.id == "b":
        raise KeyError("region")  # noqa: EM101 - the bug
    return iter(())


class TestFailuresOfOneId:
    """Two agreements of one id that fail are two failures; one agreement's error in both places is one."""

    @staticmethod
    def _book(
        make_agreement: MakeAgreement, make_log: MakeLog
    ) -> tuple[list[Agreement], dict[str, tuple[Observation, ...]]]:
        """Agreement a twice (a file copied), with a log of an unknown metric; b and c sound."""
        a = make_agreement("a")
        logs = {
            "a": (attrs.evolve(make_log("a", 2, 0)[0], metric="x"),),
            "b": make_log("b", 5, 12),
            "c": make_log("c", 2, 0),
        }
        return [a, make_agreement("b"), a, make_agreement("c")], logs

    def test_one_stream(self, make_agreement: MakeAgreement, make_log: MakeLog) -> None:
        """check_many or evaluate_many alone: each copy that fails is a failure, and the id a duplicate."""
        book, logs = self._book(make_agreement, make_log)

        checked = summarize(check_many(book, as_of=AS_OF, observations=logs))
        evaluated = summarize(evaluate_many(book, logs, as_of=AS_OF))

        for summary in (checked, evaluated):
            assert ["a", "a"] == [agreement for agreement, _ in summary.failed]
            assert {"a": 2} == dict(summary.duplicates)
        assert (2, 2) == (checked.reports, evaluated.scorecards)

    def test_both_streams(
        self, make_agreement: MakeAgreement, make_log: MakeLog
    ) -> None:
        """In one pass, chained, or tallied where the work runs: each copy once, though it failed in both places."""
        book, logs = self._book(make_agreement, make_log)

        one_pass = list(check_and_evaluate_many(book, logs, as_of=AS_OF))
        chained = [
            *check_many(book, as_of=AS_OF, observations=logs),
            *evaluate_many(book, logs, as_of=AS_OF),
        ]
        summaries = [
            summarize(one_pass),
            summarize(chained),
            summarize_many(book, logs, as_of=AS_OF, chunk_size=1),
            summarize_many(book, logs, as_of=AS_OF, chunk_size=3),
        ]

        # The one error in both places, as the summary counts it once.
        assert one_pass[0][1] is one_pass[1][1]
        for summary in summaries:
            assert ["a", "a"] == [agreement for agreement, _ in summary.failed]
            assert {"a": 2} == dict(summary.duplicates)
            assert summaries[0] == summary

    def test_a_failed_check_beside_its_scorecard(
        self, make_agreement: MakeAgreement, make_log: MakeLog
    ) -> None:
        """A policy rule that fails on both copies of b: two failures, and their two scorecards."""
        book, logs = self._book(make_agreement, make_log)
        book = [book[1], book[3], book[1]]
        policy = Policy(
            rules=(Rule(code="X1", severity=Severity.WARNING, check=_fails_on_b),)
        )

        one_pass = summarize(
            check_and_evaluate_many(book, logs, as_of=AS_OF, policy=policy)
        )
        chained = summarize(
            [
                *check_many(book, as_of=AS_OF, observations=logs, policy=policy),
                *evaluate_many(book, logs, as_of=AS_OF),
            ]
        )

        assert ["b", "b"] == [agreement for agreement, _ in one_pass.failed]
        assert (1, 3, {"b": 2}) == (
            one_pass.reports,
            one_pass.scorecards,
            dict(one_pass.duplicates),
        )
        assert one_pass == chained

    def test_a_stream_of_errors_alone(self) -> None:
        """Without a report or a scorecard, equal errors of one id are read as one agreement's, in two chained streams."""
        error = InvalidObservationsError([("[0]", "unknown metric 'x'")])
        again = InvalidObservationsError([("[0]", "unknown metric 'x'")])

        summary = summarize([("a", error), ("a", again)])

        assert ([("a", str(error))], {}) == (
            list(summary.failed),
            dict(summary.duplicates),
        )


#: Three agreements: a checks and evaluates, b's check fails (a policy
#: rule's bug), c's log names a metric it does not have.
_ABC = {key: _agreement(key) for key in "abc"}
_ABC_LOGS = {
    "a": _log("a", 5, 12),
    "b": _log("b", 2, 0),
    "c": (attrs.evolve(_log("c", 2, 0)[0], metric="x"),),
}
_ABC_POLICY = Policy(
    rules=(Rule(code="X1", severity=Severity.WARNING, check=_fails_on_b),)
)


class TestEveryAgreementCountedOnce:
    """However the results come, every agreement of the book is counted once: as checked, evaluated or failed."""

    @given(
        keys=st.lists(st.sampled_from("abc"), min_size=1, max_size=5),
        chunk_size=st.integers(1, 3),
    )
    def test_law(self, keys: list[str], chunk_size: int) -> None:
        """One pass, the two streams chained and the tallies agree; failed has an entry per agreement that failed, duplicates each id's count."""
        book = [_ABC[key] for key in keys]
        policy = _ABC_POLICY

        one_pass = summarize(
            check_and_evaluate_many(book, _ABC_LOGS, as_of=AS_OF, policy=policy)
        )
        chained = summarize(
            [
                *check_many(book, as_of=AS_OF, observations=_ABC_LOGS, policy=policy),
                *evaluate_many(book, _ABC_LOGS, as_of=AS_OF),
            ]
        )
        tallied = summarize_many(
            book, _ABC_LOGS, as_of=AS_OF, policy=policy, chunk_size=chunk_size
        )

        assert one_pass == chained == tallied
        failing = [key for key in keys if key != "a"]
        assert failing == [agreement for agreement, _ in one_pass.failed]
        times = {key: keys.count(key) for key in dict.fromkeys(keys)}
        assert {k: n for k, n in times.items() if n > 1} == dict(one_pass.duplicates)

    @given(keys=st.lists(st.sampled_from("abc"), min_size=1, max_size=5))
    def test_one_stream(self, keys: list[str]) -> None:
        """check_many or evaluate_many alone: an entry per agreement that failed, once the stream holds a report, a scorecard or a rule's error."""
        book = [_ABC[key] for key in keys]

        checked = summarize(
            check_many(book, as_of=AS_OF, observations=_ABC_LOGS, policy=_ABC_POLICY)
        )
        evaluated = summarize(evaluate_many(book, _ABC_LOGS, as_of=AS_OF))

        if set(keys) != {"c"}:  # else errors alone, read as two chained streams
            assert [k for k in keys if k != "a"] == [k for k, _ in checked.failed]
            assert [k for k in keys if k == "c"] == [k for k, _ in evaluated.failed]


class TestRecords:
    """to_records() flattens the figures into one long table."""

    def test_records(self, results: list[Result]) -> None:
        """Every record has the same keys; each table holds its own figures."""
        records = summarize(results).to_records()

        def row(table: str, count: int, **keys: str) -> dict[str, object]:
            return {
                **dict.fromkeys(RECORD_COLUMNS),
                **keys,
                "table": table,
                "count": count,
            }

        assert [
            row("counts", 2, figure="reports"),
            row("counts", 2, figure="scorecards"),
            row("counts", 1, figure="reports_with_errors"),
            {**row("attainment", 2), "amount": Decimal("0.75")},
            *(
                row("goals", n, standing=s.value)
                for s, n in _standings(met=1, missed=1).items()
            ),
            row("findings", 1, code="MC101", severity="error"),
            row("findings", 3, code="MC303", severity="warning"),
            row("parties", 2, party="acme"),
            row("parties", 1, party="p-a"),
            row("parties", 1, party="p-b"),
            row("contributions", 1, party="acme", standing="met"),
            row("contributions", 1, party="acme", standing="off_track"),
            row("contributions", 1, party="p-a", standing="met"),
            row("contributions", 1, party="p-b", standing="missed"),
            row("errors", 1, agreement="a"),
            row("failed", 1, agreement="c"),
        ] == records

    def test_every_party_and_count(self, make_agreement: MakeAgreement) -> None:
        """A party with no pledge with a target has its row, and so has every count of the summary."""
        agreement = make_agreement("a")
        bare = attrs.evolve(
            agreement,
            contributions=tuple(
                attrs.evolve(c, target=None) for c in agreement.contributions
            ),
        )

        summary = summarize(evaluate_many([bare], {}, as_of=AS_OF))
        records = summary.to_records()

        assert (0, 0) == (
            summary.parties["acme"].pledges,
            summary.parties["p-a"].pledges,
        )
        assert [("acme", 1), ("p-a", 1)] == [
            (r["party"], r["count"]) for r in records if r["table"] == "parties"
        ]
        assert [("reports", 0), ("scorecards", 1), ("reports_with_errors", 0)] == [
            (r["figure"], r["count"]) for r in records if r["table"] == "counts"
        ]
        ((attainment, count),) = [
            (r["amount"], r["count"]) for r in records if r["table"] == "attainment"
        ]
        assert (summary.attainment, 1) == (attainment, count)

    def test_an_empty_summary(self) -> None:
        """Its counts are rows of zeros, and its attainment a row of None."""
        records = PortfolioSummary().to_records()

        assert [
            ("counts", 0, None),
            ("counts", 0, None),
            ("counts", 0, None),
            ("attainment", 0, None),
        ] == [(r["table"], r["count"], r["amount"]) for r in records[:4]]


class TestFrames:
    """Frames need their package; without it the error names the extra to install."""

    def test_pandas(self, results: list[Result]) -> None:
        """to_pandas() holds the records."""
        pytest.importorskip("pandas", reason="pandas is not installed")
        frame = summarize(results).to_pandas()

        assert list(RECORD_COLUMNS) == list(frame.columns)
        assert 23 == len(frame)
        assert 3 == frame[frame["code"] == "MC303"]["count"].item()

    def test_polars(self, results: list[Result]) -> None:
        """to_polars() holds the records."""
        pytest.importorskip("polars", reason="polars is not installed")
        frame = summarize(results).to_polars()

        assert list(RECORD_COLUMNS) == frame.columns
        assert 23 == frame.height
        assert [3] == frame.filter(frame["code"] == "MC303")["count"].to_list()

    @pytest.mark.parametrize("method", ["to_pandas", "to_polars"])
    def test_missing(self, monkeypatch: pytest.MonkeyPatch, method: str) -> None:
        """A missing package is a ModuleNotFoundError naming the extra."""
        package = method.removeprefix("to_")
        monkeypatch.setitem(sys.modules, package, None)

        with pytest.raises(ModuleNotFoundError, match=rf"extra '{package}'") as info:
            getattr(PortfolioSummary(), method)()

        assert package == info.value.name


IT = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"
#: The IT example's fund log stands on 2026-09-15 with three requests.
FUNDS_AS_OF = dt.date(2026, 9, 15)


@pytest.fixture(scope="module")
def funded() -> PortfolioSummary:
    """The IT example with its fund log, and a copy of it whose log is empty.

    Each has one fund, Acme's MDF budget: 120,000 EUR allocated for the
    term and 16,508.60 EUR accrued on partner revenue. The log grants
    10,000 EUR more to the first and requests 40,000 EUR, of which 35,000
    were approved, 20,000 claimed and 12,000 paid.
    """
    it = loads((IT / "agreement.json").read_text(encoding="utf-8"))
    log = load_observations((IT / "observations.jsonl").read_text(encoding="utf-8"))
    events = load_fund_events((IT / "fund_events.jsonl").read_text(encoding="utf-8"))
    copy = attrs.evolve(it, id="acme-initech-2026")
    return summarize(
        check_and_evaluate_many(
            [it, copy],
            {it.id: log, copy.id: log},
            as_of=FUNDS_AS_OF,
            fund_events={it.id: events},
        )
    )


#: The worked totals of `funded`: each figure the sum of the two ledgers'.
EUR = FundTotals(
    unit="EUR",
    funds=2,
    allocated=Decimal(240000),
    accrued=Decimal("33017.20"),
    granted=Decimal(10000),
    available=Decimal("283017.20"),
    requested=Decimal(40000),
    approved=Decimal(35000),
    claimed=Decimal(20000),
    paid=Decimal(12000),
    expired=Decimal(0),
    remaining=Decimal("248017.20"),
    requests={
        RequestState.PAID: 1,
        RequestState.PARTIALLY_APPROVED: 1,
        RequestState.CLAIMED: 1,
    },
)


class TestFunds:
    """The money of every fund ledger the scorecards carry, by currency and party."""

    def test_worked_totals(self, funded: PortfolioSummary) -> None:
        """The book's EUR and Acme's are the two ledgers' sums; Globex provides no fund."""
        assert {"EUR": EUR} == dict(funded.funds)
        assert {"EUR": EUR} == dict(funded.parties["acme"].funds)
        assert {} == dict(funded.parties["globex"].funds)
        assert Decimal(12000) / Decimal("283017.20") == EUR.utilisation
        assert 0 == EUR.requests[RequestState.EXPIRED]

    def test_no_fund_logs(self, results: list[Result]) -> None:
        """Scorecards evaluated without a fund log carry no ledger: no totals."""
        summary = summarize(results)

        assert ({}, {}) == (dict(summary.funds), summary_to_dict(summary)["funds"])
        assert all(not party.funds for party in summary.parties.values())

    def test_to_dict(self, funded: PortfolioSummary) -> None:
        """Exact decimal strings, the utilisation and every request state."""
        document = summary_to_dict(funded)
        expected = {
            "funds": 2,
            "allocated": "240000",
            "accrued": "33017.2",
            "granted": "10000",
            "available": "283017.2",
            "requested": "40000",
            "approved": "35000",
            "claimed": "20000",
            "paid": "12000",
            "expired": "0",
            "remaining": "248017.2",
            "utilisation": "0.0424002498788059524297463193",
            "requests": {
                "requested": 0,
                "approved": 0,
                "partially_approved": 1,
                "rejected": 0,
                "claimed": 1,
                "claim_rejected": 0,
                "paid": 1,
                "expired": 0,
            },
        }

        assert {"EUR": expected} == document["funds"]
        assert {"EUR": expected} == document["parties"]["acme"]["funds"]
        assert {} == document["parties"]["globex"]["funds"]
        assert expected == fund_totals_to_dict(EUR)

    def test_records(self, funded: PortfolioSummary) -> None:
        """One record per figure of each party's funds, then its request states."""
        records = [r for r in funded.to_records() if r["table"].startswith("fund")]

        def row(table: str, **keys: object) -> dict[str, object]:
            return {
                **dict.fromkeys(RECORD_COLUMNS),
                "table": table,
                "party": "acme",
                "unit": "EUR",
                **keys,
            }

        assert [
            *(
                row("funds", figure=figure, amount=getattr(EUR, figure))
                for figure in FUND_FIGURES
            ),
            row("fund_counts", count=2),
            row("fund_requests", state="partially_approved", count=1),
            row("fund_requests", state="claimed", count=1),
            row("fund_requests", state="paid", count=1),
        ] == records

    def test_frames(self, funded: PortfolioSummary) -> None:
        """The frames hold the amounts as floats, as every frame of the library does."""
        pandas = pytest.importorskip("pandas", reason="pandas is not installed")
        frame = funded.to_pandas()
        paid = frame[(frame["table"] == "funds") & (frame["figure"] == "paid")]

        assert list(RECORD_COLUMNS) == list(frame.columns)
        assert [12000.0] == paid["amount"].to_list()
        assert pandas.isna(frame[frame["table"] == "goals"]["amount"]).all()

    def test_polars(self, funded: PortfolioSummary) -> None:
        """The polars frame types the amounts as floats and the counts as integers."""
        polars = pytest.importorskip("polars", reason="polars is not installed")
        frame = funded.to_polars()
        paid = frame.filter((frame["table"] == "funds") & (frame["figure"] == "paid"))

        assert (polars.Float64, polars.Int64) == (
            frame.schema["amount"],
            frame.schema["count"],
        )
        assert [12000.0] == paid["amount"].to_list()

    def test_the_totals_are_exact(self) -> None:
        """Sums past the 28 digits of the library's context keep every digit."""
        big = Decimal("999999999999999.999999999999")
        ledger = FundLedger(
            fund="f",
            party="p",
            unit="EUR",
            as_of=FUNDS_AS_OF,
            windows=tuple(_window(big) for _ in range(10)),
            requests=(),
        )
        first, second = Tally(), Tally()
        first._add_ledger(ledger)
        second._add_ledger(ledger)
        first.merge(second)

        # 29 digits: the library's 28-digit context would write 2E+16.
        assert Decimal("19999999999999999.999999999980") == (
            first.summary().funds["EUR"].paid
        )


def _window(amount: Decimal) -> FundWindow:
    """A closed window whose every figure is *amount*."""
    return FundWindow(
        label="term",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        closed=True,
        utilisation=None,
        roi=None,
        **dict.fromkeys(FUND_FIGURES, amount),
    )
