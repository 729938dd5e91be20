"""What a caller gets for the commonest wrong arguments: a file where its content belongs.

Every public function that reads a log (observations, fund events) refuses
text, a path, a mapping and anything not iterable with one `ArgumentError`
(a `TypeError` too) that names the argument and the reader to use: never
one problem per character, never a bare "object is not iterable". Every
function that takes an agreement refuses its JSON document or text the
same way, never with "'dict' object has no attribute 'metrics'", and every
function that takes another of the library's values (a scorecard, a
report, a policy, a calendar) names it when it gets something else. A
sweep calls every public
function and method with the wrong thing in every argument: each answers
with a `MutualCommitError`, never a bare Python error.
"""

from __future__ import annotations

import datetime as dt
import json
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import mutualcommit as mc
from mutualcommit import ArgumentError
from mutualcommit.calendar import (
    fiscal_period_of,
    fiscal_year,
    fiscal_years,
    to_ical,
    windows,
)
from mutualcommit.kpi import (
    ObservationIndex,
    exception_report_to_dict,
    fund_events_digest,
    funds_to_dict,
    register_scorecard_hooks,
    scorecard_to_dict,
)
from mutualcommit.portfolio import (
    check_many,
    load_portfolio_fund_events,
    load_portfolio_observations,
    summarize_many,
    summary_to_dict,
)
from mutualcommit.rules import policy_to_dict, policy_to_json, report_to_dict
from mutualcommit.scenarios import (
    Scenario,
    change_target,
    compare,
    plot_comparison,
    plot_fan,
    project,
)
from mutualcommit.serialize import iter_observations
from mutualcommit.testing import assert_compliant, assert_findings

ROOT = Path(__file__).resolve().parent.parent
IT = ROOT / "examples" / "it_vendor"
AS_OF = dt.date(2026, 6, 30)
OBSERVATIONS_FILE = str(IT / "observations.jsonl")
#: The fund log's file name, typed as a caller who mixed them up has it.
WRONG_EVENTS: Any = str(IT / "fund_events.jsonl")
WRONG_EVENTS_PATH: Any = IT / "fund_events.jsonl"


@pytest.fixture(scope="module")
def agreement() -> mc.Agreement:
    """The IT example's terms."""
    return mc.loads((IT / "agreement.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def log() -> tuple[mc.Observation, ...]:
    """The IT example's observations."""
    return mc.load_observations(Path(OBSERVATIONS_FILE).read_text(encoding="utf-8"))


def refusal(call: Callable[[], object]) -> str:
    """Return the message of the TypeError *call* raises (the test fails if none)."""
    with pytest.raises(TypeError) as raised:
        call()
    return str(raised.value)


#: Each public function that reads observations, called with *log* in their place.
OBSERVATION_READERS: dict[str, Callable[[mc.Agreement, Any], object]] = {
    "evaluate": lambda a, log: mc.evaluate(a, log, as_of=AS_OF),
    "evaluate_series": lambda a, log: mc.evaluate_series(a, log, [AS_OF]),
    "exceptions": lambda a, log: mc.exceptions(a, log, as_of=AS_OF),
    "check": lambda a, log: mc.check(a, as_of=AS_OF, observations=log),
    "fund_ledger": lambda a, log: mc.fund_ledger(a, [], as_of=AS_OF, observations=log),
    "ObservationIndex": ObservationIndex,
    "project": lambda a, log: project(a, log, as_of=AS_OF, runs=1),
    "Scenario.project": lambda a, log: Scenario(name="s", agreement=a).project(
        log, as_of=AS_OF, runs=1
    ),
    "compare": lambda a, log: compare(
        Scenario(name="s", agreement=a), observations=log, as_of=AS_OF, runs=1
    ),
}


class TestObservations:
    """A file's name, its path or its text where the records belong."""

    @pytest.mark.parametrize("reader", list(OBSERVATION_READERS))
    @pytest.mark.parametrize(
        "wrong",
        [OBSERVATIONS_FILE, Path(OBSERVATIONS_FILE)],
        ids=["name", "path"],
    )
    def test_a_file_instead_of_its_records(
        self, agreement: mc.Agreement, reader: str, wrong: object
    ) -> None:
        """One TypeError naming the argument, what was passed and load_observations."""
        message = refusal(lambda: OBSERVATION_READERS[reader](agreement, wrong))
        assert (True, True) == (
            message.startswith(
                "observations is an iterable of Observation records, got "
            ),
            message.endswith(
                "read a JSON Lines file's text with load_observations first"
            ),
        )

    @pytest.mark.parametrize("reader", list(OBSERVATION_READERS))
    def test_the_file_text(self, agreement: mc.Agreement, reader: str) -> None:
        """The text itself: quoted to 100 characters, not one problem per character."""
        text = Path(OBSERVATIONS_FILE).read_text(encoding="utf-8")

        message = refusal(lambda: OBSERVATION_READERS[reader](agreement, text))
        assert (True, True) == (
            message.startswith(
                "observations is an iterable of Observation records, got str '{"
            ),
            len(message) < 300,
        )

    def test_none(self, agreement: mc.Agreement) -> None:
        """None is named, not 'NoneType object is not iterable'."""
        assert (
            "observations is an iterable of Observation records, got NoneType None"
            == refusal(
                lambda: mc.evaluate(agreement, None, as_of=AS_OF)  # type: ignore[arg-type]
            )
        )

    def test_a_record_as_a_dict(self, agreement: mc.Agreement) -> None:
        """A record's JSON form in the list: its position, and the function that reads it."""
        record = {"metric": "cosell-opps", "at": "2026-03-02", "value": "1"}

        with pytest.raises(mc.InvalidObservationsError) as raised:
            mc.evaluate(agreement, [record], as_of=AS_OF)  # type: ignore[list-item]

        assert (
            (
                "[0]",
                (
                    "expected an Observation, got dict "
                    "(observation_from_dict reads a record's JSON form)"
                ),
            ),
        ) == raised.value.problems

    def test_the_records_read_first_are_evaluated(
        self, agreement: mc.Agreement
    ) -> None:
        """What the messages say to do works: the file's text through load_observations."""
        log = mc.load_observations(Path(OBSERVATIONS_FILE).read_text(encoding="utf-8"))

        assert AS_OF == mc.evaluate(agreement, log, as_of=AS_OF).as_of


#: Each public function that reads a fund log, and the name of its argument.
FUND_EVENT_READERS: dict[str, tuple[str, Callable[[mc.Agreement, Any], object]]] = {
    "fund_ledger": ("events", lambda a, log: mc.fund_ledger(a, log, as_of=AS_OF)),
    "check": ("fund_events", lambda a, log: mc.check(a, as_of=AS_OF, fund_events=log)),
    "evaluate": (
        "fund_events",
        lambda a, log: mc.evaluate(a, [], as_of=AS_OF, fund_events=log),
    ),
    "evaluate_series": (
        "fund_events",
        lambda a, log: mc.evaluate_series(a, [], [AS_OF], fund_events=log),
    ),
    "receipt": (
        "fund_events",
        lambda a, log: mc.receipt(
            mc.evaluate(a, [], as_of=AS_OF, fund_events=()), [], log
        ),
    ),
    "fund_events_digest": (
        "fund_events",
        lambda a, log: fund_events_digest(a, log, as_of=AS_OF),
    ),
    "assert_compliant": (
        "fund_events",
        lambda a, log: assert_compliant(a, as_of=AS_OF, fund_events=log),
    ),
    "Scenario.report": (
        "fund_events",
        lambda a, log: Scenario(name="s", agreement=a).report(AS_OF, fund_events=log),
    ),
    "compare": (
        "fund_events",
        lambda a, log: compare(
            Scenario(name="s", agreement=a),
            observations=[],
            as_of=AS_OF,
            runs=1,
            fund_events=log,
        ),
    ),
}


class TestFundEvents:
    """The fund log: the same refusal, naming the argument and load_fund_events."""

    @pytest.mark.parametrize("reader", list(FUND_EVENT_READERS))
    @pytest.mark.parametrize(
        "wrong", [WRONG_EVENTS, WRONG_EVENTS_PATH], ids=["name", "path"]
    )
    def test_a_file_instead_of_its_records(
        self, agreement: mc.Agreement, reader: str, wrong: object
    ) -> None:
        """One TypeError naming the argument, what was passed and load_fund_events."""
        name, call = FUND_EVENT_READERS[reader]
        message = refusal(lambda: call(agreement, wrong))
        assert (True, True) == (
            message.startswith(f"{name} is an iterable of FundEvent records, got "),
            message.endswith(
                "read a JSON Lines file's text with load_fund_events first"
            ),
        )


#: Each public reader of JSON Lines, and the function that reads one record's JSON form.
LOG_READERS: dict[str, tuple[Callable[[Any], object], str | None]] = {
    "load_observations": (mc.load_observations, "observation_from_dict"),
    "iter_observations": (iter_observations, "observation_from_dict"),
    "load_fund_events": (mc.load_fund_events, "fund_event_from_dict"),
    "load_portfolio_observations": (load_portfolio_observations, None),
    "load_portfolio_fund_events": (load_portfolio_fund_events, None),
}
LINES = "expected JSON Lines text, its lines or an open text file, got"


class TestLogReaders:
    """The JSON Lines readers refuse what is neither text nor lines: one TypeError, at the call.

    Never one problem per key of a mapping (a record already parsed, say),
    never a bare "object is not iterable".
    """

    @pytest.mark.parametrize("reader", list(LOG_READERS))
    @pytest.mark.parametrize(
        ("wrong", "given"),
        [
            (None, "None"),
            (7, "int"),
            (2.5, "float"),
            (object(), "object"),
            (
                memoryview(b"{}\n"),
                (
                    "memoryview, whose bytes a loop would read one by one: pass "
                    "its bytes, bytes(view)"
                ),
            ),
        ],
        ids=["None", "int", "float", "object", "memoryview"],
    )
    def test_not_lines(self, reader: str, wrong: object, given: str) -> None:
        """What was expected and the type given, no repr (no memory address)."""
        read, _ = LOG_READERS[reader]

        assert f"{LINES} {given}" == refusal(lambda: read(wrong))

    @pytest.mark.parametrize("reader", list(LOG_READERS))
    @pytest.mark.parametrize(
        "mapping",
        [
            {"metric": "cosell-opps", "at": "2026-03-02", "value": "1"},
            types.MappingProxyType({"fund": "mdf", "event": "grant"}),
        ],
        ids=["dict", "mappingproxy"],
    )
    def test_a_mapping(self, reader: str, mapping: object) -> None:
        """A record's JSON form: the mapping named, and what reads one record."""
        read, record = LOG_READERS[reader]
        expected = (
            f"{LINES} a mapping ({type(mapping).__name__}), whose keys a loop "
            "would read as lines"
        ) + ("" if record is None else f": {record} reads one record's JSON form")

        assert expected == refusal(lambda: read(mapping))

    def test_iter_observations_refuses_at_once(self) -> None:
        """The stream refuses when it is made, not at the first next()."""
        with pytest.raises(TypeError, match="got None"):
            iter_observations(None)  # type: ignore[arg-type]

    @pytest.mark.parametrize("reader", ["load_observations", "load_fund_events"])
    def test_a_list_of_records(self, reader: str) -> None:
        """Records already parsed, in a list: each line says what reads a record's JSON form."""
        read, record = LOG_READERS[reader]

        with pytest.raises(mc.FormatError) as raised:
            read([{"metric": "m"}, {"fund": "f"}])

        assert (
            (
                "line 1",
                f"expected a line of text, got an object ({record} reads a record's JSON form)",
            ),
            (
                "line 2",
                f"expected a line of text, got an object ({record} reads a record's JSON form)",
            ),
        ) == raised.value.problems


class TestDays:
    """evaluate_series wants an iterable of dates."""

    @pytest.mark.parametrize(
        ("dates", "message"),
        [
            (
                "2026-06-30",
                "as_of_dates is an iterable of datetime.date records, got str '2026-06-30'",
            ),
            (
                AS_OF,
                (
                    "as_of_dates is an iterable of datetime.date records, got date "
                    "datetime.date(2026, 6, 30)"
                ),
            ),
            (
                [AS_OF, "2026-09-30"],
                (
                    "as_of_dates[1] is a datetime.date, got str '2026-09-30'"
                    "; pass datetime.date.fromisoformat(...)"
                ),
            ),
        ],
        ids=["text", "one-date", "one-bad-date"],
    )
    def test_refused(
        self, agreement: mc.Agreement, dates: object, message: str
    ) -> None:
        """The message names the dates (and which one) and what was passed."""
        assert message == refusal(
            lambda: mc.evaluate_series(agreement, [], dates)  # type: ignore[arg-type]
        )


class TestPackageNames:
    """``dir(mutualcommit)``: what a notebook's completion offers."""

    def test_no_helper_of_the_package_itself(self) -> None:
        """The public names, the loaded layers and the dunders; not sys or importlib."""
        names = set(dir(mc))

        assert (set(), True, True) == (
            names
            & {"sys", "importlib", "types", "TYPE_CHECKING", "annotations", "_lazy"},
            set(mc.__all__) <= names,
            "__version__" in names,
        )

    def test_a_loaded_layer_is_listed(self) -> None:
        """A layer imported so far (the KPI engine, here) is there to complete."""
        assert "kpi" in dir(mc)


class TestAnIndexInsteadOfTheLog:
    """An `ObservationIndex` built once serves every function that reads observations."""

    def test_the_same_results_as_from_the_log(
        self, agreement: mc.Agreement, log: tuple[mc.Observation, ...]
    ) -> None:
        """evaluate, evaluate_series, check and fund_ledger: equal to their runs on the log."""
        index = ObservationIndex(agreement, log)
        events = mc.load_fund_events(
            (IT / "fund_events.jsonl").read_text(encoding="utf-8")
        )
        later = dt.date(2026, 9, 30)

        assert (
            mc.evaluate(agreement, log, as_of=AS_OF, fund_events=events),
            mc.evaluate_series(agreement, log, [AS_OF, later], fund_events=events),
            mc.check(agreement, as_of=AS_OF, observations=log, fund_events=events),
            mc.fund_ledger(agreement, events, as_of=AS_OF, observations=log),
        ) == (
            mc.evaluate(agreement, index, as_of=AS_OF, fund_events=events),
            mc.evaluate_series(agreement, index, [AS_OF, later], fund_events=events),
            mc.check(agreement, as_of=AS_OF, observations=index, fund_events=events),
            mc.fund_ledger(agreement, events, as_of=AS_OF, observations=index),
        )

    @pytest.mark.parametrize(
        "call",
        [
            lambda a, index: mc.evaluate(a, index, as_of=AS_OF),
            lambda a, index: mc.evaluate_series(a, index, [AS_OF]),
            lambda a, index: mc.check(a, as_of=AS_OF, observations=index),
            lambda a, index: mc.fund_ledger(a, [], as_of=AS_OF, observations=index),
            lambda a, index: mc.exceptions(a, index, as_of=AS_OF),
        ],
        ids=["evaluate", "evaluate_series", "check", "fund_ledger", "exceptions"],
    )
    def test_another_agreements_index_is_refused(
        self,
        agreement: mc.Agreement,
        log: tuple[mc.Observation, ...],
        call: Callable[[mc.Agreement, ObservationIndex], object],
    ) -> None:
        """An index built for an amended agreement is not silently used for the original.

        The error is the library's, naming the argument, and a ValueError
        as ever.
        """
        other = agreement.amend(title="Amended")
        index = ObservationIndex(other, log)

        with pytest.raises(ValueError, match="built for another agreement") as caught:
            call(agreement, index)

        assert isinstance(caught.value, ArgumentError)
        message = (
            "observations is an ObservationIndex built for another agreement: "
            "pass the log, or an index built for this agreement"
        )
        assert ("observations", message) == (caught.value.argument, str(caught.value))


#: Each public function that takes an agreement, called with *wrong* in its place.
AGREEMENT_TAKERS: dict[str, Callable[[Any], object]] = {
    "evaluate": lambda wrong: mc.evaluate(wrong, [], as_of=AS_OF),
    "evaluate_series": lambda wrong: mc.evaluate_series(wrong, [], [AS_OF]),
    "exceptions": lambda wrong: mc.exceptions(wrong, [], as_of=AS_OF),
    "fund_ledger": lambda wrong: mc.fund_ledger(wrong, [], as_of=AS_OF),
    "check": lambda wrong: mc.check(wrong, as_of=AS_OF),
    "ObservationIndex": lambda wrong: ObservationIndex(wrong, []),
    "project": lambda wrong: project(wrong, [], as_of=AS_OF, runs=1),
    "to_ical": to_ical,
}


class TestAgreement:
    """The agreement's JSON document, its text or its file's name where the Agreement belongs."""

    @pytest.mark.parametrize("taker", list(AGREEMENT_TAKERS))
    def test_the_document(self, taker: str) -> None:
        """A dict (json.load's result): one TypeError pointing to from_dict."""
        document = json.loads((IT / "agreement.json").read_text(encoding="utf-8"))

        assert (
            "agreement is an Agreement, got dict: build it from its JSON document "
            "with from_dict"
        ) == refusal(lambda: AGREEMENT_TAKERS[taker](document))

    @pytest.mark.parametrize("taker", list(AGREEMENT_TAKERS))
    def test_the_file_name(self, taker: str) -> None:
        """A file's name: one TypeError pointing to loads."""
        assert (
            "agreement is an Agreement, got str 'agreement.json': read the "
            "document's text with loads"
        ) == refusal(lambda: AGREEMENT_TAKERS[taker]("agreement.json"))

    def test_nothing(self) -> None:
        """None is named, not "'NoneType' object has no attribute 'metrics'"."""
        assert "agreement is an Agreement, got NoneType None" == refusal(
            lambda: mc.evaluate(None, [], as_of=AS_OF)  # type: ignore[arg-type]
        )


class _Opaque:
    """A value with the default repr, which names where it sits in memory."""


class TestNoAddressInMemory:
    """A value is named by its type and its repr, never by an address in memory."""

    def test_default_repr(self, agreement: mc.Agreement) -> None:
        """A value with the default repr is named by its type alone."""
        assert (
            "agreement is an Agreement, got _Opaque",
            "observations is an iterable of Observation records, got _Opaque",
            "scorecard is a Scorecard, got _Opaque",
        ) == (
            refusal(lambda: mc.evaluate(_Opaque(), [], as_of=AS_OF)),  # type: ignore[arg-type]
            refusal(lambda: mc.evaluate(agreement, _Opaque(), as_of=AS_OF)),  # type: ignore[arg-type]
            refusal(lambda: scorecard_to_dict(_Opaque())),  # type: ignore[arg-type]
        )

    def test_a_repr_with_an_address(self, agreement: mc.Agreement) -> None:
        """A repr that names an address (a function's) is shown without it."""

        def log() -> None: ...

        message = refusal(lambda: mc.evaluate(agreement, log, as_of=AS_OF))  # type: ignore[arg-type]

        assert " at 0x" not in message
        assert message.startswith(
            "observations is an iterable of Observation records, got function "
            "<function TestNoAddressInMemory.test_a_repr_with_an_address.<locals>.log"
        )

    def test_a_model_value(self) -> None:
        """The model's invariants name such a value by its type too."""
        with pytest.raises(mc.InvalidAgreementError) as caught:
            mc.Agreement(
                id="a",
                title="A",
                start=AS_OF,
                end=AS_OF,
                currency="EUR",
                signatures=[_Opaque()],  # type: ignore[list-item]
            )

        assert [("signatures[0]", "expected a Signature, got _Opaque")] == list(
            caught.value.problems
        )


#: Each public function that takes a result or a setting of the library,
#: called with *wrong* in its place, and the name and type it expects.
RESULT_TAKERS: dict[str, tuple[Callable[[Any], object], str]] = {
    "scorecard_to_dict": (scorecard_to_dict, "scorecard is a Scorecard"),
    "exception_report_to_dict": (
        exception_report_to_dict,
        "report is an ExceptionReport",
    ),
    "report_to_dict": (report_to_dict, "report is a Report"),
    "assert_findings": (assert_findings, "report is a Report"),
    "policy_to_dict": (policy_to_dict, "policy is a Policy"),
    "policy_to_json": (policy_to_json, "policy is a Policy"),
    "summary_to_dict": (
        summary_to_dict,
        "summary is a PortfolioSummary",
    ),
    "register_scorecard_hooks": (
        register_scorecard_hooks,
        "converter is a BaseConverter",
    ),
    "fiscal_year": (
        lambda wrong: fiscal_year(wrong, AS_OF),
        "calendar is a FiscalCalendar",
    ),
    "fiscal_years": (
        lambda wrong: fiscal_years(wrong, AS_OF, AS_OF),
        "calendar is a FiscalCalendar",
    ),
    "windows": (
        lambda wrong: windows(wrong, mc.Period.YEAR, AS_OF, AS_OF),
        "calendar is a FiscalCalendar",
    ),
    "fiscal_period_of": (
        lambda wrong: fiscal_period_of(wrong, mc.Period.YEAR, AS_OF),
        "calendar is a FiscalCalendar",
    ),
    "plot_fan": (
        lambda wrong: plot_fan(wrong, "goal"),
        "projection is a Projection",
    ),
    "plot_comparison": (
        lambda wrong: plot_comparison(wrong, "goal"),
        "comparison is a Comparison",
    ),
    "funds_to_dict": (
        lambda wrong: funds_to_dict([wrong], as_of=AS_OF),
        "ledgers[0] is a FundLedger",
    ),
    "check": (
        lambda wrong: mc.check(wrong, as_of=AS_OF, policy=wrong),
        "policy is a Policy",
    ),
    "check_many": (
        lambda wrong: check_many([wrong], as_of=AS_OF, policy=wrong),
        "policy is a Policy",
    ),
    "summarize_many": (
        lambda wrong: summarize_many([wrong], {}, as_of=AS_OF, policy=wrong),
        "policy is a Policy",
    ),
    "compare": (
        lambda wrong: compare(wrong, observations=[], as_of=AS_OF),
        "scenarios[0] is a Scenario",
    ),
}


class TestResults:
    """A result or a setting of the wrong kind is named, never "'str' object has no attribute ..."."""

    @pytest.mark.parametrize("taker", list(RESULT_TAKERS))
    def test_refused(self, agreement: mc.Agreement, taker: str) -> None:
        """The agreement in place of a result: the argument, the kind expected, what came."""
        call, expected = RESULT_TAKERS[taker]

        assert refusal(lambda: call(agreement)).startswith(
            f"{expected}, got Agreement <Agreement id='acme-globex-2026' version=1"
        )

    @pytest.mark.parametrize(
        ("call", "message"),
        [
            (
                lambda: fiscal_year(mc.FiscalCalendar(), "2026-06-30"),  # type: ignore[arg-type]
                (
                    "day is a datetime.date, got str '2026-06-30'; pass "
                    "datetime.date.fromisoformat(...)"
                ),
            ),
            (
                lambda: fiscal_years(mc.FiscalCalendar(), AS_OF, "x"),  # type: ignore[arg-type]
                (
                    "end is a datetime.date, got str 'x'; pass "
                    "datetime.date.fromisoformat(...)"
                ),
            ),
            (
                lambda: windows(
                    mc.FiscalCalendar(),
                    mc.Period.TERM,
                    AS_OF,
                    AS_OF,
                    due="x",  # type: ignore[arg-type]
                ),
                (
                    "due is a datetime.date, got str 'x'; pass "
                    "datetime.date.fromisoformat(...)"
                ),
            ),
            (
                lambda: funds_to_dict((), as_of="2026-06-30"),  # type: ignore[arg-type]
                (
                    "as_of is a datetime.date, got str '2026-06-30'; pass "
                    "datetime.date.fromisoformat(...)"
                ),
            ),
        ],
        ids=["fiscal_year", "fiscal_years", "windows", "funds_to_dict"],
    )
    def test_a_day_that_is_no_date(
        self, call: Callable[[], object], message: str
    ) -> None:
        """Text in place of a day: named, with how to make it a date."""
        assert message == refusal(call)

    def test_one_ledger_in_place_of_them(self, agreement: mc.Agreement) -> None:
        """funds_to_dict takes what fund_ledger returns, never one ledger of it."""
        (ledger,) = mc.fund_ledger(agreement, [], as_of=AS_OF)

        assert refusal(
            lambda: funds_to_dict(ledger, as_of=AS_OF)  # type: ignore[arg-type]
        ).startswith("ledgers is an iterable of FundLedger records, got FundLedger")

    def test_a_subject_that_is_no_text(self, agreement: mc.Agreement) -> None:
        """change_target's subject is an id, not a number."""
        assert "subject is a str, got int 7" == refusal(
            lambda: change_target(agreement, 7, value=1)  # type: ignore[arg-type]
        )


class TestOptionalArguments:
    """An optional argument given the wrong kind of value says so too."""

    def test_the_day_of_a_rendered_agreement(self, agreement: mc.Agreement) -> None:
        """Render's as_of: text was an AssertionError deep in babel."""
        assert (
            "as_of is a datetime.date, got str '2026-06-30'; pass "
            "datetime.date.fromisoformat(...)"
        ) == refusal(lambda: mc.render(agreement, as_of="2026-06-30"))  # type: ignore[arg-type]

    def test_a_calendar_stamp_that_is_a_day(self, agreement: mc.Agreement) -> None:
        """to_ical's dtstamp is a moment, not a day."""
        assert (
            "dtstamp is a timezone-aware datetime.datetime, got date "
            "datetime.date(2026, 6, 30)"
        ) == refusal(lambda: to_ical(agreement, dtstamp=AS_OF))  # type: ignore[arg-type]

    def test_a_projections_assumptions_and_baseline(
        self, agreement: mc.Agreement
    ) -> None:
        """Project's assumptions and baseline are named, before anything is simulated."""
        assert (
            (
                "assumptions is an Assumptions, got dict {'rates': {}}: pass "
                "Assumptions(**fields), as Assumptions(rates={...})"
            ),
            (
                "baseline is an Agreement, got str 'v1.json': read the document's "
                "text with loads"
            ),
        ) == (
            refusal(
                lambda: project(
                    agreement,
                    [],
                    as_of=AS_OF,
                    assumptions={"rates": {}},  # type: ignore[arg-type]
                )
            ),
            refusal(
                lambda: project(agreement, [], as_of=AS_OF, baseline="v1.json")  # type: ignore[arg-type]
            ),
        )

    def test_one_code_where_codes_go(self, agreement: mc.Agreement) -> None:
        """assert_findings(report, "MC204") read the code letter by letter."""
        report = mc.check(agreement, as_of=AS_OF)

        assert (
            (
                "codes is a collection of codes or (code, subject) pairs, got str "
                "'MC204': pass ['MC204']"
            ),
            "include[1] is a code or a (code, subject) pair, got int 204",
        ) == (
            refusal(lambda: assert_findings(report, "MC204")),
            refusal(lambda: assert_findings(report, include=["MC203", 204])),  # type: ignore[list-item]
        )


class TestMethods:
    """A method given the wrong kind of value names it."""

    def test_a_review_that_is_none(self, agreement: mc.Agreement) -> None:
        """record_review and replace_review take a Review, not its JSON."""
        document = {"id": "qbr-9", "held_on": "2026-06-30"}

        assert [
            "review is a Review, got dict {'id': 'qbr-9', 'held_on': '2026-06-30'}"
        ] * 2 == [
            refusal(lambda: agreement.record_review(document)),  # type: ignore[arg-type]
            refusal(lambda: agreement.replace_review(document)),  # type: ignore[arg-type]
        ]

    def test_the_day_of_a_status(self, agreement: mc.Agreement) -> None:
        """Agreement.status takes a day: text was "'>' not supported"."""
        assert (
            "as_of is a datetime.date, got str '2026-06-30'; pass "
            "datetime.date.fromisoformat(...)"
        ) == refusal(lambda: agreement.status("2026-06-30"))  # type: ignore[arg-type]

    def test_a_projected_subject_that_is_no_text(
        self, agreement: mc.Agreement, log: tuple[mc.Observation, ...]
    ) -> None:
        """Projection.target takes an id or a subject."""
        projection = project(agreement, log, as_of=AS_OF, runs=1)

        assert "subject is a str, got int 1" == refusal(
            lambda: projection.target(1)  # type: ignore[arg-type]
        )


class TestChoices:
    """A table or a format by a name that is none of them: a ValueError listing them."""

    def test_a_scorecards_table(self, agreement: mc.Agreement) -> None:
        """to_records, to_pandas and to_polars refuse a table that is none (to_records gave the targets)."""
        card = mc.evaluate(agreement, [], as_of=AS_OF)
        message = (
            "table must be one of targets, incentives, remedies, funds, "
            "fund_requests, got 'goals'"
        )

        for method in (card.to_records, card.to_pandas, card.to_polars):
            with pytest.raises(ValueError, match=r"^table must be one of") as caught:
                method("goals")  # type: ignore[arg-type]
            assert message == str(caught.value)

    def test_a_ledgers_table(self, agreement: mc.Agreement) -> None:
        """A fund ledger's tables are its windows and its requests."""
        (ledger,) = mc.fund_ledger(agreement, [], as_of=AS_OF)

        with pytest.raises(ValueError, match=r"^table must be one of") as caught:
            ledger.to_records("claims")  # type: ignore[arg-type]

        assert "table must be one of windows, requests, got 'claims'" == str(
            caught.value
        )

    def test_a_projections_table(
        self, agreement: mc.Agreement, log: tuple[mc.Observation, ...]
    ) -> None:
        """A projection's tables are its targets and its incentives."""
        projection = project(agreement, log, as_of=AS_OF, runs=1)

        with pytest.raises(ValueError, match=r"^table must be one of") as caught:
            projection.to_records("remedies")  # type: ignore[arg-type]

        assert "table must be one of targets, incentives, got 'remedies'" == str(
            caught.value
        )

    def test_a_format_that_is_no_text(self, agreement: mc.Agreement) -> None:
        """A list where the format's name goes is a ValueError too, not "unhashable"."""
        with pytest.raises(ValueError, match=r"^format must be one of") as caught:
            mc.render(agreement, format=["html"])  # type: ignore[arg-type]

        assert "format must be one of markdown, html, text, got ['html']" == str(
            caught.value
        )


#: The public modules whose functions the sweep below calls.
PUBLIC_MODULES = (
    "mutualcommit",
    "mutualcommit.calendar",
    "mutualcommit.kpi",
    "mutualcommit.portfolio",
    "mutualcommit.render",
    "mutualcommit.rules",
    "mutualcommit.scenarios",
    "mutualcommit.serialize",
    "mutualcommit.testing",
)
#: attrs' field transformer, called by attrs when a class is made.
NOT_CALLED = frozenset({"coerce_fields"})


def _public_functions() -> list[tuple[str, Callable[..., object]]]:
    import importlib
    import inspect

    found: dict[int, tuple[str, Callable[..., object]]] = {}
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isfunction(value) and name not in NOT_CALLED:
                found.setdefault(id(value), (f"{module_name}.{name}", value))
    return sorted(found.values(), key=lambda item: item[0])


class TestEveryPublicFunction:
    """A sweep: every public function, given the wrong thing in every argument, says so in a typed error."""

    @pytest.mark.parametrize(
        "wrong",
        ["abc", {"a": 1}, 7, None, [1], dt.datetime(2026, 6, 30, 12, 0, tzinfo=dt.UTC)],
        ids=["text", "mapping", "int", "None", "list", "datetime"],
    )
    def test_a_typed_error(self, wrong: object) -> None:
        """The library's own error (a TypeError or ValueError too); never a bare builtin error."""
        import inspect

        untyped = []
        for name, function in _public_functions():
            parameters = inspect.signature(function).parameters.values()
            positional = [
                p
                for p in parameters
                if p.default is p.empty
                and p.kind in {p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD}
            ]
            keywords = {
                p.name: wrong
                for p in parameters
                if p.default is p.empty and p.kind is p.KEYWORD_ONLY
            }
            if not positional and not keywords:
                continue
            try:
                result = function(*[wrong] * len(positional), **keywords)
                if inspect.isgenerator(result):
                    list(result)
            except mc.MutualCommitError:
                continue
            except Exception as error:  # noqa: BLE001 - what the sweep reports
                untyped.append(f"{name}: {type(error).__name__}: {error}")

        assert [] == untyped


def _results(
    agreement: mc.Agreement, log: tuple[mc.Observation, ...]
) -> dict[str, object]:
    """One of each of the library's values whose methods take arguments."""
    events = mc.load_fund_events((IT / "fund_events.jsonl").read_text(encoding="utf-8"))
    card = mc.evaluate(agreement, log, as_of=AS_OF)
    return {
        "Agreement": agreement,
        "Scorecard": card,
        "TargetResult": card.goals[0],
        "Report": mc.check(agreement, as_of=AS_OF),
        "ExceptionReport": mc.exceptions(agreement, log, as_of=AS_OF),
        "FundLedger": mc.fund_ledger(agreement, events, as_of=AS_OF)[0],
        "Projection": project(agreement, log, as_of=AS_OF, runs=2),
        "Comparison": compare(
            Scenario(name="s", agreement=agreement),
            observations=log,
            as_of=AS_OF,
            runs=2,
        ),
        "Policy": mc.DEFAULT_POLICY,
    }


class TestEveryPublicMethod:
    """The sweep of the methods of the library's values, one argument wrong at a time."""

    @pytest.mark.parametrize(
        "wrong",
        ["abc", {"a": 1}, 7, None, [1], dt.datetime(2026, 6, 30, 12, 0, tzinfo=dt.UTC)],
        ids=["text", "mapping", "int", "None", "list", "datetime"],
    )
    def test_a_typed_error(
        self,
        agreement: mc.Agreement,
        log: tuple[mc.Observation, ...],
        wrong: object,
    ) -> None:
        """Each argument in turn, the others left to their defaults: the library's error or a result.

        A missing optional dependency (matplotlib) is Python's
        ModuleNotFoundError, as importing it is.
        """
        import inspect

        untyped = []
        for kind, value in _results(agreement, log).items():
            for name in dir(value):
                method = getattr(value, name)
                if name.startswith("_") or not inspect.ismethod(method):
                    continue
                parameters = [
                    p
                    for p in inspect.signature(method).parameters.values()
                    if p.kind not in {p.VAR_POSITIONAL, p.VAR_KEYWORD}
                ]
                required = [p for p in parameters if p.default is p.empty]
                for parameter in parameters:
                    if len(required) > 1 or (required and parameter is not required[0]):
                        continue
                    try:
                        method(**{parameter.name: wrong})
                    except (ModuleNotFoundError, mc.MutualCommitError):
                        continue
                    except Exception as error:  # noqa: BLE001 - what the sweep reports
                        untyped.append(
                            f"{kind}.{name}({parameter.name}=...): "
                            f"{type(error).__name__}: {error}"
                        )

        assert [] == untyped
