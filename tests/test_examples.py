import datetime as dt
import runpy
from pathlib import Path
from typing import Any

import pytest

from mutualcommit import (
    AgreementStatus,
    fund_ledger,
    load_fund_events,
    load_observations,
    loads,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
#: "Today" for the examples: the day their observation streams end.
AS_OF = dt.date(2026, 11, 27)
CASES = ["it_vendor", "manufacturer"]


def _script(name: str) -> dict[str, Any]:
    """Run an example script as a module (not as __main__) and return its globals."""
    return runpy.run_path(str(EXAMPLES / f"{name}.py"), run_name=f"examples.{name}")


def _document(case: str) -> str:
    return (EXAMPLES / case / "agreement.json").read_text(encoding="utf-8")


def _observations(case: str) -> str:
    return (EXAMPLES / case / "observations.jsonl").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
class TestBuildScripts:
    """Each build script is what generated its example document."""

    def test_document_is_what_the_script_builds(self, case: str) -> None:
        """The shipped agreement.json loads to exactly the script's agreement."""
        build = _script(f"build_{case}")["build"]

        assert build() == loads(_document(case))

    def test_output_writes_the_document(self, case: str, tmp_path: Path) -> None:
        """--output PATH writes a document that loads to the script's agreement."""
        script = _script(f"build_{case}")
        path = tmp_path / "agreement.json"

        assert 0 == script["main"](["--output", str(path)])
        assert script["build"]() == loads(path.read_text(encoding="utf-8"))

    def test_prints_without_arguments(
        self, case: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without arguments the script prints the shipped document."""
        script = _script(f"build_{case}")

        assert 0 == script["main"]([])
        assert _document(case) == capsys.readouterr().out


@pytest.mark.parametrize("case", CASES)
class TestExampleAgreements:
    """The example agreements are signed, active and reviewed."""

    def test_active_on_the_examples_day(self, case: str) -> None:
        """Every party signed the current terms, and the term is running."""
        agreement = loads(_document(case))

        assert AgreementStatus.ACTIVE == agreement.status(AS_OF)
        assert {p.id for p in agreement.parties} == set(agreement.current_signatures())

    def test_reviews_attended_by_both_sides(self, case: str) -> None:
        """At least one review was held up to the examples' day, with both sides."""
        agreement = loads(_document(case))
        parties = {p.id for p in agreement.parties}

        assert agreement.reviews
        for review in agreement.reviews:
            assert review.held_on <= AS_OF
            assert parties == set(review.attendees)


@pytest.mark.parametrize("case", CASES)
class TestExampleObservations:
    """The example observation streams load and match their generator."""

    def test_observe_the_agreements_metrics(self, case: str) -> None:
        """Every observed metric of the agreement is observed, up to AS_OF; computed ones never."""
        metrics = {
            m.id
            for m in loads(_document(case)).metrics
            if not m.aggregation.is_computed
        }
        observations = list(load_observations(_observations(case)))

        assert metrics == {o.metric for o in observations}
        assert AS_OF >= max(o.at for o in observations)

    def test_hold_a_correction_and_a_retraction(self, case: str) -> None:
        """Some ref is recorded twice with values, and some ref is retracted."""
        observations = list(load_observations(_observations(case)))
        refs = [(o.metric, o.ref) for o in observations if o.value is not None]
        retracted = {(o.metric, o.ref) for o in observations if o.value is None}

        assert len(refs) > len(set(refs))
        assert retracted
        assert all(ref is not None for _, ref in retracted)

    def test_are_what_the_generator_makes(self, case: str) -> None:
        """The generator regenerates the shipped stream exactly."""
        generate = _script("generate_observations")["CASES"][case]

        assert generate() == list(load_observations(_observations(case)))


class TestItVendorFundLog:
    """The IT example's MDF log is what its build script makes, and tells its story."""

    def test_is_what_the_script_makes(self, tmp_path: Path) -> None:
        """--fund-events PATH writes the shipped fund log exactly."""
        script = _script("build_it_vendor")
        path = tmp_path / "fund_events.jsonl"

        assert 0 == script["main"](
            ["--output", str(tmp_path / "a.json"), "--fund-events", str(path)]
        )
        shipped = (EXAMPLES / "it_vendor" / "fund_events.jsonl").read_text(
            encoding="utf-8"
        )
        assert shipped == path.read_text(encoding="utf-8")
        assert script["fund_events"]() == load_fund_events(shipped)

    def test_tells_the_story(self) -> None:
        """Accrual, a grant, a payment, a claim without proof and a late one."""
        agreement = loads(_document("it_vendor"))
        events = load_fund_events(
            (EXAMPLES / "it_vendor" / "fund_events.jsonl").read_text(encoding="utf-8")
        )
        (ledger,) = fund_ledger(
            agreement,
            events,
            as_of=AS_OF,
            observations=load_observations(_observations("it_vendor")),
        )
        (window,) = ledger.windows
        assert window.accrued > 0
        assert window.granted == 10000
        assert window.paid == 12000
        assert ledger.request("R-102").proof == ()
        assert ledger.request("R-103").late
