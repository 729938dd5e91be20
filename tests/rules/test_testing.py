import datetime as dt
from pathlib import Path

import attrs
import pytest

from mutualcommit import load_fund_events, load_observations, loads
from mutualcommit.model import Agreement
from mutualcommit.rules import Policy, Severity, Waiver
from mutualcommit.testing import assert_compliant

from .conftest import AS_OF


class TestAssertCompliant:
    """assert_compliant passes a compliant agreement and lists every finding otherwise."""

    def test_passes(self, compliant: Agreement) -> None:
        """A compliant agreement passes and the report is returned."""
        assert assert_compliant(compliant, as_of=AS_OF).ok

    def test_lists_every_finding(self, compliant: Agreement) -> None:
        """The message lists errors and warnings, one per line."""
        goal = attrs.evolve(compliant.goals[0], target=None)
        variant = attrs.evolve(compliant, goals=(goal,), review_rule=None)
        with pytest.raises(AssertionError) as raised:
            assert_compliant(variant, as_of=AS_OF)
        lines = str(raised.value).splitlines()
        assert (
            "agreement mc-2026 is not compliant as of 2026-11-02: 5 errors",
            '  error MC101 goal:G1 at goals[0]: Goal G1 "Grow joint revenue" has',
        ) == (lines[0], lines[1][:67])
        assert ["MC101", "MC301", "MC402", "MC402", "MC601"] == [
            line.split()[1] for line in lines[1:]
        ]

    def test_waived_and_strict(self, compliant: Agreement) -> None:
        """Waived findings are counted; strict fails on warnings."""
        variant = (
            attrs.evolve(compliant, currency="ABC")
            .sign("acme", "Ada", AS_OF)
            .sign("globex", "Gil", AS_OF)
        )
        policy = Policy(
            waivers=(
                Waiver(code="MC107", subject="agreement", reason="Test currency"),
            ),
            severities={"MC107": Severity.WARNING},
        )
        assert_compliant(variant, as_of=AS_OF, policy=policy, strict=True)
        with pytest.raises(AssertionError, match="1 warning"):
            assert_compliant(variant, as_of=AS_OF, strict=True)


IT = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"


class TestAssertCompliantWithFunds:
    """The fund rules run when assert_compliant is given the fund log."""

    def test_the_fund_rules_run(self) -> None:
        """The IT plan's late claim on R-103 is a warning with the log, nothing without."""
        plan = loads((IT / "agreement.json").read_text(encoding="utf-8"))
        observations = load_observations(
            (IT / "observations.jsonl").read_text(encoding="utf-8")
        )
        events = load_fund_events(
            (IT / "fund_events.jsonl").read_text(encoding="utf-8")
        )
        as_of = dt.date(2026, 9, 15)

        without = assert_compliant(
            plan, as_of=as_of, observations=observations, strict=True
        )
        with pytest.raises(AssertionError) as raised:
            assert_compliant(
                plan,
                as_of=as_of,
                observations=observations,
                strict=True,
                fund_events=events,
            )
        lenient = assert_compliant(
            plan, as_of=as_of, observations=observations, fund_events=events
        )

        assert () == without.findings
        lines = str(raised.value).splitlines()
        assert [
            "agreement acme-globex-2026 is not compliant as of 2026-09-15: 1 warning",
            (
                "  warning MC209 fund-request:acme-mdf-budget/R-103 at "
                'allocations[0].fund: The claim on request R-103 "Summer co-marketing '
                'email campaign" of fund acme-mdf-budget came on 2026-09-15, after its '
                "deadline of 2026-08-29; reject it, or waive this request with a reason."
            ),
        ] == lines
        assert ["MC209"] == [f.code for f in lenient.warnings]
