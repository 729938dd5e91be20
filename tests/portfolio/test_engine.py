from __future__ import annotations

import datetime as dt
import itertools
import operator
import pickle
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest

from mutualcommit.errors import (
    FormatError,
    InvalidAgreementError,
    InvalidFundEventsError,
    InvalidObservationsError,
    MutualCommitError,
    RuleError,
    SourceError,
)
from mutualcommit.kpi import Bands, Scorecard, evaluate
from mutualcommit.model import Agreement, FundEvent, Observation
from mutualcommit.portfolio import (
    AgreementSource,
    PortfolioSummary,
    check_and_evaluate_many,
    check_many,
    evaluate_many,
    summarize,
    summarize_many,
)
from mutualcommit.rules import Context, Finding, Policy, Report, Rule, Severity, check
from mutualcommit.serialize import load_fund_events, load_observations, loads

from .conftest import _agreement

AS_OF = dt.date(2026, 6, 30)
MakeAgreement = Callable[[str], Agreement]
MakeLog = Callable[[str, int, int], tuple[Observation, ...]]

#: The portfolio's size: three and a half chunks of 4.
SIZE = 14


def _no_path_on_a1(agreement: Agreement, context: Context) -> Iterator[Finding]:
    """Yield, for agreement a1 only, a finding whose path a lookup missed (None)."""
    if agreement.id == "a1":
        subject = "fiscal-year:FY2026"
        yield context.finding(subject, context.paths.get(subject), "Flagged.")  # type: ignore[arg-type]


def _portfolio(
    make_agreement: MakeAgreement, make_log: MakeLog
) -> tuple[list[Agreement], dict[str, tuple[Observation, ...]]]:
    agreements = [make_agreement(f"a{n}") for n in range(SIZE)]
    logs = {a.id: make_log(a.id, n % 6, 4 * (n % 4)) for n, a in enumerate(agreements)}
    return agreements, logs


class TestEnginesAgree:
    """A process pool gives exactly the results of the calling thread, in input order."""

    def test_check(
        self,
        make_agreement: MakeAgreement,
        make_log: MakeLog,
        pool: ProcessPoolExecutor,
    ) -> None:
        """Checks with observations agree report for report."""
        agreements, logs = _portfolio(make_agreement, make_log)
        expected = [
            (a.id, check(a, as_of=AS_OF, observations=logs[a.id])) for a in agreements
        ]

        serial = list(
            check_many(agreements, as_of=AS_OF, observations=logs, chunk_size=4)
        )
        processes = list(
            check_many(
                agreements,
                as_of=AS_OF,
                observations=logs,
                executor=pool,
                chunk_size=4,
                max_in_flight=2,
            )
        )

        assert expected == serial
        assert expected == processes

    def test_evaluate(
        self,
        make_agreement: MakeAgreement,
        make_log: MakeLog,
        pool: ProcessPoolExecutor,
    ) -> None:
        """Evaluations agree scorecard for scorecard."""
        agreements, logs = _portfolio(make_agreement, make_log)
        expected = [(a.id, evaluate(a, logs[a.id], as_of=AS_OF)) for a in agreements]

        serial = list(evaluate_many(agreements, logs, as_of=AS_OF, chunk_size=4))
        processes = list(
            evaluate_many(agreements, logs, as_of=AS_OF, executor=pool, chunk_size=4)
        )

        assert expected == serial
        assert expected == processes

    def test_bands(self, make_agreement: MakeAgreement, make_log: MakeLog) -> None:
        """The evaluation bands reach every evaluation."""
        agreement = make_agreement("a1")
        log = make_log("a1", 2, 0)
        bands = Bands(
            on_track_ratio=Decimal("0.5"),
            at_risk_ratio=Decimal("0.4"),
            min_elapsed=Decimal("0.1"),
        )

        ((_, actual),) = evaluate_many(
            [agreement],
            {"a1": log},
            as_of=AS_OF,
            bands=bands,
        )

        assert (
            evaluate(
                agreement,
                log,
                as_of=AS_OF,
                bands=bands,
            )
            == actual
        )


class TestObservationSources:
    """Observations come as a mapping or as (agreement id, observation) pairs."""

    def test_pairs(self, make_agreement: MakeAgreement, make_log: MakeLog) -> None:
        """Pairs, interleaved across agreements, give what the mapping gives."""
        agreements, logs = _portfolio(make_agreement, make_log)
        streams = [[(key, o) for o in log] for key, log in logs.items()]
        pairs = [
            pair
            for group in itertools.zip_longest(*streams)
            for pair in group
            if pair is not None
        ]

        assert list(evaluate_many(agreements, logs, as_of=AS_OF)) == list(
            evaluate_many(agreements, pairs, as_of=AS_OF)
        )

    def test_missing(self, make_agreement: MakeAgreement) -> None:
        """An agreement the observations do not name is evaluated with none."""
        agreement = make_agreement("a1")

        ((_, actual),) = evaluate_many([agreement], {}, as_of=AS_OF)

        assert evaluate(agreement, (), as_of=AS_OF) == actual

    def test_iterator_values(
        self, make_agreement: MakeAgreement, make_log: MakeLog
    ) -> None:
        """A one-shot iterator as a mapping value is read in the calling process."""
        agreement = make_agreement("a1")
        log = make_log("a1", 3, 4)

        ((_, actual),) = check_many(
            [agreement], as_of=AS_OF, observations={"a1": iter(log)}
        )

        assert check(agreement, as_of=AS_OF, observations=log) == actual

    def test_not_pairs(self, make_agreement: MakeAgreement) -> None:
        """Something that is not a pair is refused with its position."""
        with pytest.raises(TypeError, match=r"observations\[0\]: expected an"):
            list(evaluate_many([make_agreement("a1")], [("a1",)], as_of=AS_OF))  # type: ignore[list-item]


class TestStreaming:
    """An endless input streams: the first results come after reading a few chunks."""

    @staticmethod
    def _endless(
        make_agreement: MakeAgreement, drawn: list[int]
    ) -> Iterator[Agreement]:
        for number in itertools.count():
            drawn.append(number)
            yield make_agreement(f"a{number}")

    def test_serial(self, make_agreement: MakeAgreement) -> None:
        """In the calling thread, one chunk is read at a time."""
        drawn: list[int] = []

        stream = check_many(
            self._endless(make_agreement, drawn), as_of=AS_OF, chunk_size=4
        )
        first = [key for key, _ in itertools.islice(stream, 6)]

        assert [f"a{n}" for n in range(6)] == first
        assert 8 == len(drawn)

    def test_processes(
        self, make_agreement: MakeAgreement, pool: ProcessPoolExecutor
    ) -> None:
        """With an executor, at most max_in_flight chunks are read ahead."""
        drawn: list[int] = []

        stream = evaluate_many(
            self._endless(make_agreement, drawn),
            {},
            as_of=AS_OF,
            executor=pool,
            chunk_size=4,
            max_in_flight=2,
        )
        first = [key for key, _ in itertools.islice(stream, 6)]
        stream.close()

        assert [f"a{n}" for n in range(6)] == first
        assert len(drawn) <= 4 * 3


class TestErrorsInPlace:
    """A MutualCommitError for one agreement is yielded in its place, and the rest go on."""

    @staticmethod
    def _bad_log(
        make_agreement: MakeAgreement, make_log: MakeLog
    ) -> tuple[list[Agreement], dict[str, tuple[Observation, ...]]]:
        agreements, logs = _portfolio(make_agreement, make_log)
        unknown = Observation(
            metric="revenue", at=dt.date(2026, 5, 1), value=Decimal(1)
        )
        logs["a6"] = (unknown, *logs["a6"])
        return agreements, logs

    @pytest.mark.parametrize("engine", ["serial", "processes"])
    def test_check(
        self,
        make_agreement: MakeAgreement,
        make_log: MakeLog,
        pool: ProcessPoolExecutor,
        engine: str,
    ) -> None:
        """An observation of an unknown metric fails its agreement's check only."""
        agreements, logs = self._bad_log(make_agreement, make_log)
        executor = pool if engine == "processes" else None

        results = list(
            check_many(
                agreements,
                as_of=AS_OF,
                observations=logs,
                executor=executor,
                chunk_size=4,
            )
        )

        assert [a.id for a in agreements] == [key for key, _ in results]
        key, error = results[6]
        assert isinstance(error, InvalidObservationsError)
        assert "a6" == key
        assert 1 == len(error.problems)
        assert error.problems[0][0] == "[0]"
        assert "revenue" in error.problems[0][1]
        assert all(isinstance(r, Report) for k, r in results if k != "a6")

    @pytest.mark.parametrize("engine", ["serial", "processes"])
    def test_evaluate(
        self,
        make_agreement: MakeAgreement,
        make_log: MakeLog,
        pool: ProcessPoolExecutor,
        engine: str,
    ) -> None:
        """The same observation fails that agreement's evaluation only."""
        agreements, logs = self._bad_log(make_agreement, make_log)
        executor = pool if engine == "processes" else None

        results = list(
            evaluate_many(
                agreements, logs, as_of=AS_OF, executor=executor, chunk_size=4
            )
        )

        failed = [
            (key, type(r)) for key, r in results if isinstance(r, MutualCommitError)
        ]
        assert [("a6", InvalidObservationsError)] == failed
        assert SIZE - 1 == sum(isinstance(r, Scorecard) for _, r in results)

    @pytest.mark.parametrize("engine", ["serial", "processes"])
    def test_a_bad_finding(
        self, make_agreement: MakeAgreement, pool: ProcessPoolExecutor, engine: str
    ) -> None:
        """A policy rule that yields a bad finding for one agreement fails that one only, as a RuleError naming the rule and the agreement."""
        policy = Policy(rules=(Rule(code="X2", severity="info", check=_no_path_on_a1),))
        agreements = [make_agreement(f"a{n}") for n in range(3)]
        executor = pool if engine == "processes" else None

        results = list(
            check_many(agreements, as_of=AS_OF, policy=policy, executor=executor)
        )
        summary = summarize_many(
            agreements, {}, as_of=AS_OF, policy=policy, executor=executor
        )

        key, error = results[1]
        assert isinstance(error, RuleError)
        assert ("a1", "X2", "a1") == (key, error.code, error.agreement)
        assert [Report, Report] == [type(r) for k, r in results if k != "a1"]
        assert ["a1"] == [key for key, _ in summary.failed]

    def test_no_traceback(self, make_agreement: MakeAgreement) -> None:
        """A yielded error keeps no traceback (and so no frames) alive, as after a pickle."""
        bad = {
            "a1": [Observation(metric="nope", at=dt.date(2026, 1, 1), value=Decimal(1))]
        }

        ((_, error),) = evaluate_many([make_agreement("a1")], bad, as_of=AS_OF)

        assert isinstance(error, InvalidObservationsError)
        assert error.__traceback__ is None


class TestRulesThatCannotPickle:
    """With a process pool, a policy rule that cannot pickle is refused at the call, named."""

    def test_named(
        self, make_agreement: MakeAgreement, pool: ProcessPoolExecutor
    ) -> None:
        """A lambda rule is a TypeError naming its code and place, before any work is sent."""
        policy = Policy(
            rules=(
                Rule(code="X1", severity="info", check=_no_path_on_a1),
                Rule(code="ACME1", severity="info", check=lambda a, c: ()),  # noqa: ARG005
            )
        )

        with pytest.raises(TypeError) as raised:
            check_many(
                [make_agreement("a0")], as_of=AS_OF, policy=policy, executor=pool
            )

        message = str(raised.value)
        assert (True, True, False) == (
            message.startswith("with an executor, a policy's own rules run in worker"),
            "policy.rules[1] (ACME1): its check <function " in message,
            "rules[0]" in message,
        )

    def test_threads_need_no_pickle(self, make_agreement: MakeAgreement) -> None:
        """A thread pool runs a lambda rule: nothing is pickled."""
        policy = Policy(
            rules=(Rule(code="ACME1", severity="info", check=lambda a, c: ()),)  # noqa: ARG005
        )
        with ThreadPoolExecutor(1) as threads:
            results = list(
                check_many(
                    [make_agreement("a0")], as_of=AS_OF, policy=policy, executor=threads
                )
            )

        assert [("a0", Report)] == [(key, type(r)) for key, r in results]


class TestOtherErrorsPropagate:
    """Any exception that is not a MutualCommitError ends the stream."""

    def test_not_an_agreement(self, make_agreement: MakeAgreement) -> None:
        """An item that is not an agreement is refused with its position."""
        items = [make_agreement("a0"), {"id": "a1"}]

        with pytest.raises(
            TypeError,
            match=r"agreements\[1\]: expected an Agreement or an AgreementSource, got dict",
        ):
            list(check_many(items, as_of=AS_OF))  # type: ignore[arg-type]

    def test_from_a_worker(
        self, make_agreement: MakeAgreement, pool: ProcessPoolExecutor
    ) -> None:
        """A policy rule that raises TypeError in a worker is a RuleError naming it, in the agreement's place."""
        # operator.concat(agreement, context) raises TypeError, and pickles.
        policy = Policy(
            rules=(Rule(code="X1", severity=Severity.ERROR, check=operator.concat),)  # type: ignore[arg-type]
        )

        ((agreement_id, error),) = check_many(
            [make_agreement("a0")], as_of=AS_OF, policy=policy, executor=pool
        )

        assert isinstance(error, RuleError)
        assert ("a0", "X1", True) == (
            agreement_id,
            error.code,
            error.error.startswith("TypeError: "),
        )


class TestProgress:
    """The progress callback counts finished agreements, chunk by chunk, up to the total."""

    @pytest.mark.parametrize("engine", ["serial", "processes"])
    def test_total(
        self, make_agreement: MakeAgreement, pool: ProcessPoolExecutor, engine: str
    ) -> None:
        """With a list, the total is its length and the last call reaches it."""
        calls: list[tuple[int, int | None]] = []
        agreements = [make_agreement(f"a{n}") for n in range(10)]

        list(
            check_many(
                agreements,
                as_of=AS_OF,
                executor=pool if engine == "processes" else None,
                chunk_size=4,
                progress=lambda done, total: calls.append((done, total)),
            )
        )

        assert [(4, 10), (8, 10), (10, 10)] == calls

    def test_no_length(self, make_agreement: MakeAgreement) -> None:
        """With a generator, the total is None."""
        calls: list[tuple[int, int | None]] = []
        agreements = (make_agreement(f"a{n}") for n in range(5))

        list(
            evaluate_many(
                agreements,
                {},
                as_of=AS_OF,
                chunk_size=4,
                progress=lambda done, total: calls.append((done, total)),
            )
        )

        assert [(4, None), (5, None)] == calls


class TestArguments:
    """Bad arguments are refused at the call, before any agreement is read."""

    def test_as_of(self, make_agreement: MakeAgreement) -> None:
        """A datetime is not a day."""
        with pytest.raises(TypeError, match=r"as_of is a datetime\.date, got datetime"):
            check_many([make_agreement("a0")], as_of=dt.datetime(2026, 1, 1))  # noqa: DTZ001

    @pytest.mark.parametrize("option", ["chunk_size", "max_in_flight"])
    def test_sizes(self, option: str) -> None:
        """Chunk sizes and the chunks in flight are at least 1."""
        with pytest.raises(ValueError, match=f"{option} is at least 1, got 0"):
            evaluate_many([], {}, as_of=AS_OF, **{option: 0})  # type: ignore[arg-type]

    def test_executor(self) -> None:
        """An executor has a submit method."""
        with pytest.raises(
            TypeError, match=r"executor is a concurrent\.futures\.Executor"
        ):
            check_many([], as_of=AS_OF, executor=object())  # type: ignore[arg-type]


class TestCheckAndEvaluate:
    """check_and_evaluate_many yields what check_many and evaluate_many do, interleaved."""

    @staticmethod
    def _expected(
        agreements: list[Agreement],
        logs: dict[str, tuple[Observation, ...]],
        policy: Policy,
    ) -> list[tuple[str, object]]:
        reports = check_many(agreements, as_of=AS_OF, observations=logs, policy=policy)
        cards = evaluate_many(agreements, logs, as_of=AS_OF, bands=policy.bands)
        return list(itertools.chain.from_iterable(zip(reports, cards, strict=True)))

    @pytest.mark.parametrize("engine", ["serial", "processes"])
    def test_agrees(
        self,
        make_agreement: MakeAgreement,
        make_log: MakeLog,
        pool: ProcessPoolExecutor,
        engine: str,
    ) -> None:
        """Report then scorecard per agreement, equal to the two streams', in input order."""
        agreements, logs = _portfolio(make_agreement, make_log)
        executor = pool if engine == "processes" else None

        results = list(
            check_and_evaluate_many(
                agreements,
                logs,
                as_of=AS_OF,
                executor=executor,
                chunk_size=4,
                max_in_flight=2,
            )
        )

        assert self._expected(agreements, logs, Policy()) == results
        assert [a.id for a in agreements for _ in "rs"] == [k for k, _ in results]
        assert all(isinstance(r, Report) for _, r in results[::2])
        assert all(isinstance(c, Scorecard) for _, c in results[1::2])

    def test_policy_bands(
        self, make_agreement: MakeAgreement, make_log: MakeLog
    ) -> None:
        """The policy's bands are the evaluation's: the scorecard equals evaluate with them."""
        agreements, logs = _portfolio(make_agreement, make_log)
        bands = Bands(
            on_track_ratio=Decimal("0.5"),
            at_risk_ratio=Decimal("0.4"),
            min_elapsed=Decimal("0.1"),
        )
        policy = Policy(bands=bands)

        results = list(
            check_and_evaluate_many(agreements, logs, as_of=AS_OF, policy=policy)
        )

        assert self._expected(agreements, logs, policy) == results
        card = results[1][1]
        assert isinstance(card, Scorecard)
        assert bands == card.bands

    @pytest.mark.parametrize("engine", ["serial", "processes"])
    def test_error_in_place_of_both(
        self,
        make_agreement: MakeAgreement,
        make_log: MakeLog,
        pool: ProcessPoolExecutor,
        engine: str,
    ) -> None:
        """An agreement whose log is invalid has its error twice; the rest go on."""
        agreements, logs = TestErrorsInPlace._bad_log(make_agreement, make_log)
        executor = pool if engine == "processes" else None

        results = list(
            check_and_evaluate_many(
                agreements, logs, as_of=AS_OF, executor=executor, chunk_size=4
            )
        )

        assert 2 * SIZE == len(results)
        (key, report), (same, card) = results[12], results[13]
        assert ("a6", "a6") == (key, same)
        assert isinstance(report, InvalidObservationsError)
        assert isinstance(card, InvalidObservationsError)
        assert all(isinstance(r, Report) for _, r in results[14::2])

    def test_missing_log_is_empty(self, make_agreement: MakeAgreement) -> None:
        """An agreement with no log in the source is checked and evaluated with none."""
        agreement = make_agreement("a1")

        (_, report), (_, card) = check_and_evaluate_many([agreement], {}, as_of=AS_OF)

        assert check(agreement, as_of=AS_OF, observations=()) == report
        assert evaluate(agreement, (), as_of=AS_OF) == card

    def test_arguments_checked_at_call(self, make_agreement: MakeAgreement) -> None:
        """A bad chunk size is refused at the call, before any work."""
        with pytest.raises(ValueError, match="chunk_size"):
            check_and_evaluate_many(
                [make_agreement("a1")], {}, as_of=AS_OF, chunk_size=0
            )


class Stored:
    """An agreement source: the fixture agreement *id*, built where it is loaded."""

    def __init__(self, agreement_id: str, loads_as: str | None = None) -> None:
        self.id = agreement_id
        self.loads_as = agreement_id if loads_as is None else loads_as

    def load(self) -> Agreement:
        """Build the agreement, as a reader of a store would load it."""
        return _agreement(self.loads_as)


class TestSummarizeMany:
    """summarize_many gives the summary of check_and_evaluate_many, tallied where the work runs."""

    @pytest.mark.parametrize("engine", ["serial", "processes"])
    def test_agrees(
        self,
        make_agreement: MakeAgreement,
        make_log: MakeLog,
        pool: ProcessPoolExecutor,
        engine: str,
    ) -> None:
        """Equal to summarize of the stream, with figures counted by hand."""
        agreements, logs = _portfolio(make_agreement, make_log)
        executor = pool if engine == "processes" else None
        seen: list[tuple[int, int | None]] = []

        summary = summarize_many(
            agreements,
            logs,
            as_of=AS_OF,
            executor=executor,
            chunk_size=4,
            max_in_flight=2,
            progress=lambda done, total: seen.append((done, total)),
        )

        expected = summarize(check_and_evaluate_many(agreements, logs, as_of=AS_OF))
        assert expected == summary
        assert (SIZE, SIZE) == (summary.reports, summary.scorecards)
        # One goal per agreement; each partner is in one agreement, acme in all.
        assert SIZE == sum(summary.goals.values())
        assert SIZE == summary.parties["acme"].agreements
        assert [(4, SIZE), (8, SIZE), (12, SIZE), (SIZE, SIZE)] == seen

    @pytest.mark.parametrize("engine", ["serial", "processes"])
    def test_sources(
        self,
        make_agreement: MakeAgreement,
        make_log: MakeLog,
        pool: ProcessPoolExecutor,
        engine: str,
    ) -> None:
        """Sources loaded where the work runs give the summary of the agreements."""
        agreements, logs = _portfolio(make_agreement, make_log)
        executor = pool if engine == "processes" else None
        sources = [Stored(a.id) for a in agreements]
        assert all(isinstance(s, AgreementSource) for s in sources)

        summary = summarize_many(
            sources, logs, as_of=AS_OF, executor=executor, chunk_size=3
        )

        assert summarize_many(agreements, logs, as_of=AS_OF) == summary

    def test_errors_in_place(
        self, make_agreement: MakeAgreement, make_log: MakeLog
    ) -> None:
        """A bad log, or a source that loads another agreement, fails alone."""
        agreements, logs = TestErrorsInPlace._bad_log(make_agreement, make_log)
        items: list[Agreement | AgreementSource] = [*agreements, Stored("x", "y")]

        summary = summarize_many(items, logs, as_of=AS_OF, chunk_size=4)

        assert isinstance(summary, PortfolioSummary)
        assert (SIZE, SIZE) == (summary.reports + 1, summary.scorecards + 1)
        # In place of both the report and the scorecard, as in the stream:
        # one failure each.
        assert ["a6", "x"] == [key for key, _ in summary.failed]
        error = InvalidAgreementError(
            [("id", "the source of agreement 'x' loaded agreement 'y'")]
        )
        assert str(error) == summary.failed[-1][1]

    def test_a_source_that_loads_no_agreement(
        self, make_agreement: MakeAgreement, make_log: MakeLog
    ) -> None:
        """A source that loads something else fails alone too, as the library's error."""
        agreements, logs = TestErrorsInPlace._bad_log(make_agreement, make_log)

        class Broken:
            id = "b"

            def load(self) -> Agreement:
                return {"id": "b"}  # type: ignore[return-value]

        summary = summarize_many([*agreements[:2], Broken()], logs, as_of=AS_OF)

        assert [
            (
                "b",
                (
                    "invalid agreement (1 problem):\n  the source of agreement 'b' "
                    "loaded dict, expected an Agreement"
                ),
            )
        ] == list(summary.failed)

    @pytest.mark.parametrize("chunk_size", [1, 2])
    def test_two_failures_of_one_id(
        self, make_agreement: MakeAgreement, make_log: MakeLog, chunk_size: int
    ) -> None:
        """Two agreements of one id that fail alike are two failures, each once for its report and scorecard, in one chunk or two."""
        agreements, logs = TestErrorsInPlace._bad_log(make_agreement, make_log)
        twice = [agreements[6], agreements[5], agreements[6]]

        summary = summarize_many(twice, logs, as_of=AS_OF, chunk_size=chunk_size)

        assert ["a6", "a6"] == [key for key, _ in summary.failed]
        assert {"a6": 2} == dict(summary.duplicates)
        assert (1, 1) == (summary.reports, summary.scorecards)
        assert summarize(check_and_evaluate_many(twice, logs, as_of=AS_OF)) == summary

    def test_refuses_what_is_not_an_agreement(self) -> None:
        """An item that is neither an agreement nor a source is a TypeError."""
        with pytest.raises(TypeError, match=r"agreements\[0\]: expected an Agreement"):
            summarize_many(["a0"], {}, as_of=AS_OF)  # type: ignore[list-item]


IT = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"
#: A day when the IT example's fund log has a claim without proof (MC208)
#: and a late claim (MC209).
FUNDS_AS_OF = dt.date(2026, 11, 27)


def _it() -> tuple[Agreement, tuple[Observation, ...], tuple[FundEvent, ...]]:
    """The IT example: its terms, its observations and its fund log."""
    return (
        loads((IT / "agreement.json").read_text(encoding="utf-8")),
        load_observations((IT / "observations.jsonl").read_text(encoding="utf-8")),
        load_fund_events((IT / "fund_events.jsonl").read_text(encoding="utf-8")),
    )


class TestFundLogs:
    """``fund_events=``: each agreement's fund log, as the single-agreement functions take it."""

    def test_check(
        self, make_agreement: MakeAgreement, pool: ProcessPoolExecutor
    ) -> None:
        """The fund rules run per agreement; one the mapping does not name has an empty log."""
        it, log, events = _it()
        other = make_agreement("a1")
        expected = [
            (it.id, check(it, as_of=FUNDS_AS_OF, observations=log, fund_events=events)),
            (
                other.id,
                check(other, as_of=FUNDS_AS_OF, observations=(), fund_events=()),
            ),
        ]

        def run(executor: ProcessPoolExecutor | None) -> list[tuple[str, object]]:
            return list(
                check_many(
                    [it, other],
                    as_of=FUNDS_AS_OF,
                    observations={it.id: log},
                    fund_events={it.id: events},
                    executor=executor,
                )
            )

        serial, processes = run(None), run(pool)

        assert (expected, expected) == (serial, processes)
        report = expected[0][1]
        assert isinstance(report, Report)
        assert ["MC208", "MC209"] == [f.code for f in report.findings]

    def test_evaluate_from_pairs(self, pool: ProcessPoolExecutor) -> None:
        """Pairs are grouped by id; each scorecard carries its ledgers, across processes too."""
        it, log, events = _it()
        pairs = [(it.id, event) for event in events]
        expected = evaluate(it, log, as_of=FUNDS_AS_OF, fund_events=events)

        (serial,) = evaluate_many(
            [it], {it.id: log}, as_of=FUNDS_AS_OF, fund_events=pairs
        )
        (processes,) = evaluate_many(
            [it], {it.id: log}, as_of=FUNDS_AS_OF, fund_events=pairs, executor=pool
        )

        assert ((it.id, expected), (it.id, expected)) == (serial, processes)
        assert ("acme-mdf-budget", Decimal(12000)) == (
            expected.funds[0].fund,
            expected.funds[0].windows[0].paid,
        )

    def test_one_pass_and_summary(self, pool: ProcessPoolExecutor) -> None:
        """check_and_evaluate_many's scorecard carries the ledgers; the summary counts the fund findings."""
        it, log, events = _it()
        stream = list(
            check_and_evaluate_many(
                [it],
                {it.id: log},
                as_of=FUNDS_AS_OF,
                fund_events={it.id: events},
                executor=pool,
            )
        )
        summary = summarize_many(
            [it],
            {it.id: log},
            as_of=FUNDS_AS_OF,
            fund_events={it.id: events},
            executor=pool,
        )

        assert [
            (it.id, check(it, as_of=FUNDS_AS_OF, observations=log, fund_events=events)),
            (it.id, evaluate(it, log, as_of=FUNDS_AS_OF, fund_events=events)),
        ] == stream
        assert (summarize(stream), 1, 1) == (
            summary,
            summary.findings[("MC208", Severity.WARNING)],
            summary.findings[("MC209", Severity.WARNING)],
        )

    def test_a_bad_log_in_place(self, make_agreement: MakeAgreement) -> None:
        """A fund log that does not fit its agreement is that agreement's error; the rest go on."""
        it, log, events = _it()
        other = make_agreement("a1")

        results = dict(
            check_many(
                [other, it],
                as_of=FUNDS_AS_OF,
                observations={it.id: log},
                fund_events={other.id: events, it.id: events},
            )
        )

        assert isinstance(results[other.id], InvalidObservationsError)
        assert isinstance(results[it.id], Report)

    def test_not_pairs(self, make_agreement: MakeAgreement) -> None:
        """An item that is not an (agreement_id, fund_event) pair is named by position."""
        _, _, events = _it()

        with pytest.raises(TypeError) as caught:
            list(
                check_many(
                    [make_agreement("a1")],
                    as_of=FUNDS_AS_OF,
                    fund_events=events,  # type: ignore[arg-type]
                )
            )

        assert str(caught.value).startswith(
            "fund_events[0]: expected an (agreement_id, fund_event) pair, got FundEvent("
        )


class Corrupt:
    """An agreement source whose file is not a valid agreement."""

    def __init__(self, agreement_id: str) -> None:
        self.id = agreement_id

    def load(self) -> Agreement:
        """Read the file: a FormatError."""
        return loads("{}")


class Gone:
    """An agreement source whose file is not there: its load raises an OSError."""

    def __init__(self, agreement_id: str, folder: Path) -> None:
        self.id = agreement_id
        self.path = folder / f"{agreement_id}.json"

    def load(self) -> Agreement:
        """Read the file: a FileNotFoundError, no error of the library's."""
        return loads(self.path.read_text(encoding="utf-8"))


def _failing_input(make_agreement: MakeAgreement, good: int) -> Iterator[Agreement]:
    """Give *good* agreements, then raise as a corrupt file read by loads would."""
    for number in range(good):
        yield make_agreement(f"a{number}")
    yield loads("{}")


class TestInputRaises:
    """An input that raises mid-stream: every result read before it comes first, on every engine."""

    @pytest.mark.parametrize("engine", ["serial", "threads", "processes"])
    def test_results_before_the_error(
        self,
        make_agreement: MakeAgreement,
        pool: ProcessPoolExecutor,
        engine: str,
    ) -> None:
        """Chunks done and the items read into the failing chunk are yielded, in order, then the error with its place."""
        got: list[tuple[str, object]] = []

        def run(executor: ThreadPoolExecutor | ProcessPoolExecutor | None) -> None:
            got.extend(
                check_many(
                    _failing_input(make_agreement, 9),
                    as_of=AS_OF,
                    executor=executor,
                    chunk_size=4,
                    max_in_flight=2,
                )
            )

        with ThreadPoolExecutor(2) as threads, pytest.raises(FormatError) as caught:
            run({"serial": None, "threads": threads, "processes": pool}[engine])

        assert [f"a{n}" for n in range(9)] == [key for key, _ in got]
        assert all(isinstance(report, Report) for _, report in got)
        note = (
            "the agreements' input raised this while giving agreements[9], "
            "after agreement 'a8'"
        )
        assert [note] == caught.value.__notes__

    def test_the_first_item(self) -> None:
        """An input that raises at once says so."""

        def failing() -> Iterator[Agreement]:
            yield loads("{}")

        with pytest.raises(FormatError) as caught:
            list(evaluate_many(failing(), {}, as_of=AS_OF))

        assert [
            "the agreements' input raised this while giving agreements[0], before any"
        ] == caught.value.__notes__


class TestSources:
    """The streaming functions take agreement sources, loaded where the work runs."""

    @pytest.mark.parametrize("engine", ["serial", "processes"])
    def test_as_the_agreements(
        self,
        make_agreement: MakeAgreement,
        make_log: MakeLog,
        pool: ProcessPoolExecutor,
        engine: str,
    ) -> None:
        """Sources give what their agreements give, in each stream."""
        agreements, logs = _portfolio(make_agreement, make_log)
        sources = [Stored(a.id) for a in agreements]
        executor = pool if engine == "processes" else None

        def run(
            items: list[Agreement] | list[Stored],
        ) -> list[list[tuple[str, object]]]:
            options = {"as_of": AS_OF, "executor": executor, "chunk_size": 4}
            return [
                list(check_many(items, observations=logs, **options)),  # type: ignore[arg-type]
                list(evaluate_many(items, logs, **options)),  # type: ignore[arg-type]
                list(check_and_evaluate_many(items, logs, **options)),  # type: ignore[arg-type]
            ]

        assert run(agreements) == run(sources)

    @pytest.mark.parametrize("engine", ["serial", "processes"])
    def test_a_corrupt_file_fails_in_place(
        self,
        make_agreement: MakeAgreement,
        pool: ProcessPoolExecutor,
        engine: str,
    ) -> None:
        """A source whose load raises a FormatError is that item's result, with its id; the rest go on."""
        items: list[Agreement | AgreementSource] = [
            make_agreement("a0"),
            Corrupt("a1"),
            Stored("a2"),
        ]
        executor = pool if engine == "processes" else None

        checked = list(check_many(items, as_of=AS_OF, executor=executor))
        evaluated = list(evaluate_many(items, {}, as_of=AS_OF, executor=executor))
        both = list(check_and_evaluate_many(items, {}, as_of=AS_OF, executor=executor))

        assert ["a0", "a1", "a2"] == [key for key, _ in checked]
        assert [Report, FormatError, Report] == [type(r) for _, r in checked]
        assert [Scorecard, FormatError, Scorecard] == [type(r) for _, r in evaluated]
        assert [FormatError, FormatError] == [type(r) for _, r in both[2:4]]
        summary = summarize(both)
        assert summary == summarize_many(items, {}, as_of=AS_OF, executor=executor)
        assert ["a1"] == [key for key, _ in summary.failed]

    @pytest.mark.parametrize("engine", ["serial", "processes"])
    def test_a_missing_file_fails_in_place(
        self,
        make_agreement: MakeAgreement,
        pool: ProcessPoolExecutor,
        tmp_path: Path,
        engine: str,
    ) -> None:
        """A source whose load raises an OSError fails alone, as a SourceError naming it; its chunk's other results come."""
        items: list[Agreement | AgreementSource] = [
            make_agreement("a0"),
            Gone("a1", tmp_path),
            Stored("a2"),
        ]
        executor = pool if engine == "processes" else None
        with pytest.raises(FileNotFoundError) as raised:
            Gone("a1", tmp_path).load()
        missing = f"FileNotFoundError: {raised.value}"

        checked = list(check_many(items, as_of=AS_OF, executor=executor))
        evaluated = list(evaluate_many(items, {}, as_of=AS_OF, executor=executor))
        both = list(check_and_evaluate_many(items, {}, as_of=AS_OF, executor=executor))
        summary = summarize_many(items, {}, as_of=AS_OF, executor=executor)

        assert [Report, SourceError, Report] == [type(r) for _, r in checked]
        assert [Scorecard, SourceError, Scorecard] == [type(r) for _, r in evaluated]
        assert [Report, Scorecard, SourceError, SourceError, Report, Scorecard] == [
            type(r) for _, r in both
        ]
        error = checked[1][1]
        assert isinstance(error, SourceError)
        assert ("a1", "a1", missing) == (checked[1][0], error.agreement, error.error)
        assert f"the source of agreement 'a1' could not load it: {missing}" == str(
            error
        )
        # What load() raised is the cause where it was raised; a worker's
        # error keeps its type and text alone.
        cause = error.__cause__
        if engine == "serial":
            assert isinstance(cause, FileNotFoundError)
        else:
            assert cause is None
        assert [("a1", str(error))] == list(summary.failed)
        assert summary == summarize(both)
        assert (2, 2) == (summary.reports, summary.scorecards)

    def test_a_crash_in_the_source_is_its_agreements(
        self, make_agreement: MakeAgreement
    ) -> None:
        """Any exception of a source's own code fails its agreement; the stream goes on."""

        class Broken:
            id = "b"

            def load(self) -> Agreement:
                store: dict[str, Agreement] = {}
                return store["agreement"]  # a bug: the store is empty

        results = list(
            check_many([Broken(), make_agreement("a1")], as_of=AS_OF, chunk_size=4)
        )

        assert ["b", "a1"] == [key for key, _ in results]
        error = results[0][1]
        assert isinstance(error, SourceError)
        assert (
            "the source of agreement 'b' could not load it: KeyError: 'agreement'"
        ) == str(error)
        assert isinstance(results[1][1], Report)


class TestBadLogValue:
    """A value of the logs' mapping that is no log fails its agreement in place, with its id."""

    @pytest.mark.parametrize(
        "value",
        ['{"metric": "deals", "at": "2026-04-01", "value": "1"}\n', "one record"],
    )
    def test_observations(
        self, make_agreement: MakeAgreement, make_log: MakeLog, value: str
    ) -> None:
        """Text, or one Observation, is that agreement's InvalidObservationsError; the rest go on."""
        agreements, logs = _portfolio(make_agreement, make_log)
        bad: dict[str, object] = dict(logs)
        bad["a6"] = logs["a1"][0] if value == "one record" else value

        results = list(
            check_and_evaluate_many(agreements, bad, as_of=AS_OF, chunk_size=4)  # type: ignore[arg-type]
        )

        assert 2 * SIZE == len(results)
        failed = [(k, r) for k, r in results if isinstance(r, MutualCommitError)]
        assert ["a6", "a6"] == [k for k, _ in failed]
        error = failed[0][1]
        assert isinstance(error, InvalidObservationsError)
        ((path, message),) = error.problems
        assert "observations['a6']" == path
        assert message.startswith("expected an iterable of Observation records, got ")

    def test_fund_events(self, make_agreement: MakeAgreement) -> None:
        """A fund log given as text is that agreement's InvalidFundEventsError."""
        agreements = [make_agreement("a0"), make_agreement("a1")]

        results = dict(
            check_many(
                agreements,
                as_of=AS_OF,
                fund_events={"a0": '{"fund": "f"}'},  # type: ignore[arg-type]
            )
        )

        error = results["a0"]
        assert isinstance(error, InvalidFundEventsError)
        expected = (
            'expected an iterable of FundEvent records, got str \'{"fund": "f"}\': '
            "read a JSON Lines file's text with load_fund_events first"
        )
        assert ("fund_events['a0']", expected) == error.problems[0]
        assert isinstance(results["a1"], Report)


def _fails_for_a3(agreement: Agreement, context: object) -> Iterator[object]:  # noqa: ARG001 - a rule's signature
    """A house rule with a bug for one agreement."""
    if agreement.id == "a3":
        raise KeyError("region")  # noqa: EM101 - the bug
    return iter(())


def _comparable(results: Sequence[tuple[str, object]]) -> list[tuple[str, object]]:
    """The results, each error as its type and text (errors do not compare equal)."""
    return [
        (key, (type(r), str(r)) if isinstance(r, MutualCommitError) else r)
        for key, r in results
    ]


class TestRuleErrorKeepsScorecard:
    """A policy rule that raises fails the report only: the scorecard stands, as evaluate_many gives it."""

    @pytest.mark.parametrize("engine", ["serial", "processes"])
    def test_as_chained(
        self,
        make_agreement: MakeAgreement,
        make_log: MakeLog,
        pool: ProcessPoolExecutor,
        engine: str,
    ) -> None:
        """check_and_evaluate_many equals check_many and evaluate_many interleaved, and so do the summaries."""
        agreements, logs = _portfolio(make_agreement, make_log)
        policy = Policy(
            rules=(Rule(code="X1", severity=Severity.WARNING, check=_fails_for_a3),)  # type: ignore[arg-type]
        )
        executor = pool if engine == "processes" else None

        both = list(
            check_and_evaluate_many(
                agreements, logs, as_of=AS_OF, policy=policy, executor=executor
            )
        )

        assert _comparable(
            TestCheckAndEvaluate._expected(agreements, logs, policy)
        ) == _comparable(both)
        (_, report), (_, card) = both[6], both[7]
        assert (RuleError, Scorecard) == (type(report), type(card))
        assert summarize(both) == summarize_many(
            agreements, logs, as_of=AS_OF, policy=policy, executor=executor
        )
        assert SIZE == summarize(both).scorecards


class Unpicklable:
    """A log reader that, by mistake, holds a lambda: it cannot be pickled."""

    def __init__(self, log: tuple[Observation, ...]) -> None:
        self.log = log
        self.hook = lambda: None

    def __iter__(self) -> Iterator[Observation]:
        return iter(self.log)


class TestUnpicklableLog:
    """A log that cannot be sent to a process pool is named by agreement id and argument."""

    def test_named(
        self,
        make_agreement: MakeAgreement,
        make_log: MakeLog,
        pool: ProcessPoolExecutor,
    ) -> None:
        """The error names observations['a5'] and keeps what pickle raised as its cause."""
        agreements, logs = _portfolio(make_agreement, make_log)
        bad: dict[str, object] = dict(logs)
        bad["a5"] = Unpicklable(logs["a5"])

        with pytest.raises(pickle.PicklingError) as caught:
            list(evaluate_many(agreements, bad, as_of=AS_OF, executor=pool))  # type: ignore[arg-type]

        message = str(caught.value)
        assert message.startswith(
            "cannot send 1 value(s) to the executor, which pickles what it "
            "sends: observations['a5'], the observations of 'a5': "
        )
        # pickle's own words: "Can't pickle local object" ("Can't get local
        # object" from Python 3.13).
        assert "local object" in message
        assert caught.value.__cause__ is not None
