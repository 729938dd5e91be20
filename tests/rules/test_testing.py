import attrs
import pytest

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
