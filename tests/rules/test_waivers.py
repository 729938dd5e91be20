"""MC700: a waiver in force that matches no finding is reported as info."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from mutualcommit.model import Agreement
from mutualcommit.rules import Finding, Policy, Rule, Severity, Waiver, check

from .conftest import AS_OF


def _waiver(code: str, subject: str, until: dt.date | None = None) -> Waiver:
    return Waiver(code=code, subject=subject, reason="Agreed at the QBR", until=until)


def _mc700(agreement: Agreement, policy: Policy) -> list[Finding]:
    return [
        f
        for f in check(agreement, as_of=AS_OF, policy=policy).findings
        if f.code == "MC700"
    ]


class TestUnusedWaivers:
    """Only a waiver in force whose rule ran and found nothing on its subject is reported."""

    def test_unused_waiver(self, compliant: Agreement) -> None:
        """A waiver of MC101 on a goal that has a target matched nothing: one info finding."""
        policy = Policy(waivers=(_waiver("MC101", "goal:G1"),))
        (found,) = _mc700(compliant, policy)

        assert (
            Severity.INFO,
            "waiver:MC101/goal:G1",
            "waivers[0]",
            (
                'The waiver of MC101 for goal:G1 (reason: "Agreed at the QBR") matched '
                "no finding; remove it from the policy, or correct its code or subject."
            ),
        ) == (found.severity, found.subject, found.path, found.message)

    def test_used_waiver_is_quiet(self, compliant: Agreement) -> None:
        """A waiver that silences MC101 on a vague goal is used: no MC700."""
        goal = attrs.evolve(compliant.goals[0], target=None)
        vague = attrs.evolve(compliant, goals=(goal, *compliant.goals[1:]))
        policy = Policy(
            waivers=(_waiver("MC101", f"goal:{goal.id}"),), disabled={"MC601"}
        )

        assert [] == _mc700(vague, policy)

    def test_expired_disabled_and_unjudgeable_are_quiet(
        self, compliant: Agreement
    ) -> None:
        """Expired waivers, disabled codes, MC304 without observations and absent own rules are not reported."""
        policy = Policy(
            waivers=(
                _waiver("MC101", "goal:G1", until=dt.date(2020, 1, 1)),
                _waiver("MC107", "agreement"),
                _waiver("MC304", "goal:G1"),
                _waiver("ACME1", "goal:G1"),
            ),
            disabled={"MC107"},
        )

        assert [] == _mc700(compliant, policy)

    def test_own_rule_waiver(self, compliant: Agreement) -> None:
        """A waiver of a policy rule that ran and found nothing is reported too."""
        rule = Rule(code="ACME1", severity="warning", check=lambda a, c: iter(()))  # noqa: ARG005
        policy = Policy(waivers=(_waiver("ACME1", "goal:G1"),), rules=(rule,))

        assert ["waiver:ACME1/goal:G1"] == [
            f.subject for f in _mc700(compliant, policy)
        ]

    @pytest.mark.parametrize("needs", ["observations", "funds"])
    def test_own_rule_that_needs_an_input(
        self, compliant: Agreement, needs: str
    ) -> None:
        """A waiver of an own rule declared with needs is quiet when the check lacks that input, as MC304's is."""
        rule = Rule(
            code="ACME-KPI",
            severity="error",
            check=lambda a, c: iter(()),  # noqa: ARG005
            needs=needs,
        )
        policy = Policy(waivers=(_waiver("ACME-KPI", "goal:G1"),), rules=(rule,))

        assert [] == _mc700(compliant, policy)

    def test_own_rule_that_needs_an_input_it_has(self, compliant: Agreement) -> None:
        """Given the input it needs, a rule that found nothing has its waiver reported."""
        rule = Rule(
            code="ACME-KPI",
            severity="error",
            check=lambda a, c: iter(()),  # noqa: ARG005
            needs="observations",
        )
        policy = Policy(waivers=(_waiver("ACME-KPI", "goal:G1"),), rules=(rule,))
        report = check(compliant, as_of=AS_OF, policy=policy, observations=())

        assert ["waiver:ACME-KPI/goal:G1"] == [
            f.subject for f in report.findings if f.code == "MC700"
        ]

    def test_the_report_stays_ok(self, compliant: Agreement) -> None:
        """MC700 is info: it never fails a check; disabling it silences it."""
        policy = Policy(waivers=(_waiver("MC101", "goal:G1"),))
        quiet = attrs.evolve(policy, disabled=frozenset({"MC700"}))

        assert (True, []) == (
            check(compliant, as_of=AS_OF, policy=policy).ok,
            _mc700(compliant, quiet),
        )
