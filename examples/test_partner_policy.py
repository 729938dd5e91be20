"""Enforce our partner policy on every plan: a test module to copy into your suite.

A partner-relationship-management (PRM) team keeps its policy next to its
code: stricter severities than the library's defaults, one approved
exception with a reason and an end date, and a rule of its own. The tests
below assert that the shipped IT-vendor plan complies, and that the policy
really catches a plan that breaks it. Run them with ``pytest examples``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from mutualcommit import (
    Agreement,
    Finding,
    Policy,
    Rule,
    Severity,
    Waiver,
    check,
    load_fund_events,
    load_observations,
    loads,
)
from mutualcommit.rules import Context, policy_from_json, policy_to_json
from mutualcommit.testing import assert_compliant, assert_findings

HERE = Path(__file__).resolve().parent
PLAN = HERE / "it_vendor" / "agreement.json"
OBSERVATIONS = HERE / "it_vendor" / "observations.jsonl"
FUND_EVENTS = HERE / "it_vendor" / "fund_events.jsonl"
#: The day our CI checks the plan as of: fixed, so that the suite is
#: reproducible (the library never reads the clock).
AS_OF = dt.date(2026, 12, 12)


def money_pays_for_a_pledge(
    agreement: Agreement, context: Context
) -> Iterator[Finding]:
    """Every allocation of money names the contribution it pays for.

    Our finance team funds pledges, not budgets: an allocation in a currency
    without a ``contribution`` cannot be traced to what it buys.
    """
    for allocation in agreement.allocations:
        if allocation.amount.is_money and allocation.contribution is None:
            subject = f"allocation:{allocation.id}"
            # The finding gets the running rule's code and severity.
            yield context.finding(
                subject,
                context.paths[subject],
                f"Allocation {allocation.id} of party {allocation.party} pays "
                "for no contribution; name the contribution it funds.",
                allocation=allocation.id,
                party=allocation.party,
            )


POLICY = Policy(
    # Overdue action items and unsupported co-selling block an approval here.
    severities={"MC306": Severity.ERROR, "MC205": Severity.ERROR},
    waivers=(
        Waiver(
            code="MC306",
            subject="action:qbr-2026-11/mdf-backlog",
            reason="Finance pays the MDF backlog in the January run (ticket FIN-1432).",
            until=dt.date(2027, 1, 31),
        ),
    ),
    rules=(
        Rule(
            code="ACME-FUNDS",
            severity=Severity.ERROR,
            check=money_pays_for_a_pledge,
            description="Every allocation of money names the contribution it pays for.",
        ),
    ),
)


@pytest.fixture(scope="module")
def plan() -> Agreement:
    """The plan as the PRM stores it."""
    return loads(PLAN.read_text(encoding="utf-8"))


class TestPartnerPolicy:
    """The shipped plan complies with our policy, and the policy has teeth."""

    def test_plan_complies(self, plan: Agreement) -> None:
        """The plan has no error finding under our policy, KPIs and MDF log included."""
        observations = load_observations(OBSERVATIONS.read_text(encoding="utf-8"))
        fund_events = load_fund_events(FUND_EVENTS.read_text(encoding="utf-8"))
        report = assert_compliant(
            plan,
            as_of=AS_OF,
            policy=POLICY,
            observations=observations,
            fund_events=fund_events,
        )
        # The overdue MDF backlog would be an error; the waiver holds it.
        assert ["action:qbr-2026-11/mdf-backlog"] == [f.subject for f in report.waived]
        # The fund rules ran on the log: two requests for finance to look at.
        assert [
            ("MC208", "fund-request:acme-mdf-budget/R-102"),
            ("MC209", "fund-request:acme-mdf-budget/R-103"),
        ] == [(f.code, f.subject) for f in report.warnings]

    def test_waiver_runs_out(self, plan: Agreement) -> None:
        """After the waiver's end date the overdue item blocks the plan again."""
        report = check(plan, as_of=dt.date(2027, 2, 1), policy=POLICY)
        assert_findings(
            report,
            include=[("MC306", "action:qbr-2026-11/mdf-backlog")],
            severity="error",
        )

    def test_own_rule_catches_untraced_money(self, plan: Agreement) -> None:
        """Money that pays for no pledge fails our own rule."""
        untraced = attrs.evolve(plan.allocations[0], contribution=None)
        broken = attrs.evolve(plan, allocations=(untraced, *plan.allocations[1:]))
        with pytest.raises(
            AssertionError, match="ACME-FUNDS allocation:acme-mdf-budget"
        ):
            assert_compliant(broken, as_of=AS_OF, policy=POLICY)

    def test_policy_file_round_trips(self) -> None:
        """Everything but the own rules can live in a JSON file (--policy FILE)."""
        stored = policy_from_json(policy_to_json(POLICY))
        assert attrs.evolve(POLICY, rules=()) == stored
