"""What a caller gets for the commonest wrong arguments: a file where its content belongs.

Every public function that reads a log (observations, fund events) refuses
text, a path, a mapping and anything not iterable with one `TypeError`
that names the argument and the reader to use: never one problem per
character, never a bare "object is not iterable". Every function that
takes an agreement refuses its JSON document or text the same way, never
with "'dict' object has no attribute 'metrics'".
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import mutualcommit as mc
from mutualcommit.calendar import to_ical
from mutualcommit.kpi import ObservationIndex
from mutualcommit.scenarios import Scenario, compare, project

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


class TestFundEvents:
    """The fund log: the same refusal, naming load_fund_events."""

    @pytest.mark.parametrize(
        "call",
        [
            lambda a: mc.fund_ledger(a, WRONG_EVENTS, as_of=AS_OF),
            lambda a: mc.check(a, as_of=AS_OF, fund_events=WRONG_EVENTS_PATH),
            lambda a: mc.evaluate(a, [], as_of=AS_OF, fund_events=WRONG_EVENTS),
        ],
        ids=["fund_ledger", "check", "evaluate"],
    )
    def test_a_file_instead_of_its_records(
        self, agreement: mc.Agreement, call: Callable[[mc.Agreement], object]
    ) -> None:
        """One TypeError naming the events and load_fund_events."""
        message = refusal(lambda: call(agreement))
        assert (True, True) == (
            message.startswith("events is an iterable of FundEvent records, got "),
            message.endswith(
                "read a JSON Lines file's text with load_fund_events first"
            ),
        )


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
            mc.evaluate_series(agreement, log, [AS_OF, later]),
            mc.check(agreement, as_of=AS_OF, observations=log, fund_events=events),
            mc.fund_ledger(agreement, events, as_of=AS_OF, observations=log),
        ) == (
            mc.evaluate(agreement, index, as_of=AS_OF, fund_events=events),
            mc.evaluate_series(agreement, index, [AS_OF, later]),
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
        """An index built for an amended agreement is not silently used for the original."""
        other = agreement.amend(title="Amended")
        index = ObservationIndex(other, log)

        with pytest.raises(
            ValueError, match=r"^the ObservationIndex was built for another agreement$"
        ):
            call(agreement, index)


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
