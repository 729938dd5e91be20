import datetime as dt
import pickle
from collections.abc import Iterator
from decimal import Decimal

import attrs
import pytest

from mutualcommit.errors import MutualCommitError, RuleError
from mutualcommit.model import Agreement
from mutualcommit.rules import (
    DEFAULT_POLICY,
    Context,
    Finding,
    Policy,
    PolicyError,
    Rule,
    Severity,
    Waiver,
    check,
)

from .conftest import AS_OF


@pytest.fixture
def vague(compliant: Agreement) -> Agreement:
    """The compliant agreement with a goal without a target (MC101, MC601)."""
    goal = attrs.evolve(compliant.goals[0], target=None)
    return (
        attrs.evolve(compliant, goals=(goal,))
        .sign("acme", "Ada Acme", dt.date(2025, 12, 20))
        .sign("globex", "Gil Globex", dt.date(2025, 12, 20))
    )


def _codes(findings: tuple[Finding, ...]) -> list[tuple[str, Severity]]:
    return [(f.code, f.severity) for f in findings]


class TestDefaults:
    """The default policy has the thresholds of SPEC §6."""

    def test_thresholds(self) -> None:
        """max_funding_ratio 4, gap 100 days, grace 14 days, growth 3.0."""
        assert (Decimal(4), 100, 14, Decimal("3.0")) == (
            DEFAULT_POLICY.max_funding_ratio,
            DEFAULT_POLICY.max_review_gap_days,
            DEFAULT_POLICY.review_grace_days,
            DEFAULT_POLICY.max_growth,
        )

    def test_whole_numbers(self) -> None:
        """Whole numbers are taken as Decimals; floats are refused."""
        assert Decimal(3) == Policy(max_funding_ratio=3).max_funding_ratio  # type: ignore[arg-type]  # int converted
        with pytest.raises(TypeError) as caught:
            Policy(max_growth=2.5)  # type: ignore[arg-type]
        assert (
            "max_growth: expected a Decimal, int or decimal string, got float 2.5; "
            "pass Decimal('2.5')"
        ) == str(caught.value)


class TestSeverities:
    """A policy's severities override the catalogue's."""

    def test_override(self, vague: Agreement) -> None:
        """MC101 made a warning leaves the report ok but for MC601."""
        policy = Policy(severities={"MC101": Severity.WARNING, "MC601": "info"})
        report = check(vague, as_of=AS_OF, policy=policy)
        assert (
            True,
            [("MC101", Severity.WARNING), ("MC601", Severity.INFO)],
        ) == (report.ok, _codes(report.findings))

    def test_override_mc401(self, compliant: Agreement) -> None:
        """An override beats even MC401's warning before the start."""
        policy = Policy(severities={"MC401": Severity.ERROR})
        report = check(
            attrs.evolve(compliant, signatures=()),
            as_of=dt.date(2025, 12, 1),
            policy=policy,
        )
        assert [("MC401", Severity.ERROR)] * 2 == _codes(report.findings)


class TestDisabled:
    """A disabled code is not checked."""

    def test_disabled(self, vague: Agreement) -> None:
        """Disabling MC101 and MC601 leaves nothing."""
        policy = Policy(disabled=frozenset({"MC101", "MC601"}))
        assert () == check(vague, as_of=AS_OF, policy=policy).findings


class TestWaivers:
    """A waiver in force moves the finding it covers to Report.waived."""

    def test_in_force(self, vague: Agreement) -> None:
        """A waiver until the end of the year covers a check in November."""
        waiver = Waiver(
            code="MC101",
            subject="goal:G1",
            reason="Target agreed in the Q4 business review",
            until=dt.date(2026, 12, 31),
        )
        report = check(vague, as_of=AS_OF, policy=Policy(waivers=(waiver,)))
        assert (["MC601"], ["MC101"]) == (
            [f.code for f in report.findings],
            [f.code for f in report.waived],
        )

    def test_on_its_last_day(self, vague: Agreement) -> None:
        """A waiver is in force on its until day."""
        waiver = Waiver(code="MC101", subject="goal:G1", reason="r", until=AS_OF)
        report = check(vague, as_of=AS_OF, policy=Policy(waivers=(waiver,)))
        assert ["MC101"] == [f.code for f in report.waived]

    def test_past_its_end(self, vague: Agreement) -> None:
        """A waiver that ended in June covers nothing in November."""
        waiver = Waiver(
            code="MC101",
            subject="goal:G1",
            reason="Target agreed by the end of H1",
            until=dt.date(2026, 6, 30),
        )
        report = check(vague, as_of=AS_OF, policy=Policy(waivers=(waiver,)))
        assert (["MC101", "MC601"], []) == (
            [f.code for f in report.findings],
            [f.code for f in report.waived],
        )

    def test_for_good(self, vague: Agreement) -> None:
        """A waiver without an end is in force for good."""
        waiver = Waiver(code="MC601", subject="incentive:I1", reason="Discretionary")
        report = check(
            vague, as_of=dt.date(2030, 1, 1), policy=Policy(waivers=(waiver,))
        )
        assert ["MC601"] == [f.code for f in report.waived]

    def test_other_subject(self, vague: Agreement) -> None:
        """A waiver of another subject covers nothing."""
        waiver = Waiver(code="MC101", subject="goal:G2", reason="r")
        report = check(vague, as_of=AS_OF, policy=Policy(waivers=(waiver,)))
        assert [] == list(report.waived)


def _titles_in_capitals(agreement: Agreement, context: Context) -> Iterator[Finding]:
    for i, goal in enumerate(agreement.goals):
        if goal.title != goal.title.capitalize():
            yield context.finding(
                f"goal:{goal.id}",
                context.paths[f"goal:{goal.id}"],
                f"Goal {goal.id} {goal.title!r} is not in sentence case.",
                goal=goal.id,
                index=i,
            )


def _old_style(agreement: Agreement, context: Context) -> Iterator[Finding]:
    del agreement, context
    yield Finding(
        code="",
        severity=Severity.INFO,
        subject="agreement",
        path="",
        message="A finding built by hand.",
    )


class TestOwnRules:
    """A policy's own rules run after the catalogue, with their code and severity."""

    def test_custom_rule(self, compliant: Agreement) -> None:
        """A rule's findings carry the rule's code and severity."""
        goal = attrs.evolve(compliant.goals[0], title="Grow Joint Revenue")
        variant = attrs.evolve(compliant, goals=(goal,))
        rule = Rule(code="ACME1", severity=Severity.WARNING, check=_titles_in_capitals)
        report = check(variant, as_of=AS_OF, policy=Policy(rules=(rule,)))
        found = [
            (f.code, f.severity, f.subject, f.path)
            for f in report.findings
            if not f.code.startswith("MC")
        ]
        assert [("ACME1", Severity.WARNING, "goal:G1", "goals[0]")] == found

    def test_context_finding(self, compliant: Agreement) -> None:
        """context.finding() gives the running rule's code and severity, the message and the params."""
        goal = attrs.evolve(compliant.goals[0], title="Grow Joint Revenue")
        variant = attrs.evolve(compliant, goals=(goal,))
        rule = Rule(code="ACME1", severity="info", check=_titles_in_capitals)
        report = check(variant, as_of=AS_OF, policy=Policy(rules=(rule,)))
        (found,) = [f for f in report.findings if f.code == "ACME1"]

        assert (
            Severity.INFO,
            "Goal G1 'Grow Joint Revenue' is not in sentence case.",
            {"goal": "G1", "index": 0},
        ) == (found.severity, found.message, dict(found.params))

    def test_a_hand_made_finding_takes_the_rules_code(
        self, compliant: Agreement
    ) -> None:
        """A Finding built by hand still gets the rule's code and severity."""
        rule = Rule(code="OLD", severity=Severity.WARNING, check=_old_style)
        report = check(compliant, as_of=AS_OF, policy=Policy(rules=(rule,)))

        assert [("OLD", Severity.WARNING)] == [
            (f.code, f.severity) for f in report.findings if f.code == "OLD"
        ]

    def test_a_rule_that_raises_is_named(self, compliant: Agreement) -> None:
        """A KeyError inside a policy rule is a RuleError naming the rule, the KeyError its cause."""

        def broken(agreement: Agreement, context: Context) -> Iterator[Finding]:
            del agreement
            yield context.finding("goal:G9", context.paths["goal:G9"], "never")

        policy = Policy(rules=(Rule(code="ACME2", severity="error", check=broken),))
        with pytest.raises(RuleError) as raised:
            check(compliant, as_of=AS_OF, policy=policy)

        error = raised.value
        assert (
            (
                "policy rule ACME2 raised KeyError: 'goal:G9'; fix the rule or "
                "disable ACME2 in the policy"
            ),
            KeyError,
            True,
        ) == (str(error), type(error.__cause__), isinstance(error, MutualCommitError))
        restored = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
        assert ("ACME2", "KeyError: 'goal:G9'") == (restored.code, restored.error)

    def test_finding_outside_a_rule(self, compliant: Agreement) -> None:
        """A context no rule is running in cannot make a finding."""
        seen: list[Context] = []

        def keep(agreement: Agreement, context: Context) -> Iterator[Finding]:
            del agreement
            seen.append(attrs.evolve(context, rule=None))
            return iter(())

        check(
            compliant,
            as_of=AS_OF,
            policy=Policy(rules=(Rule(code="K", severity="info", check=keep),)),
        )
        with pytest.raises(RuntimeError, match="call it from a rule's check"):
            seen[0].finding("agreement", "", "text")

    def test_context(self, compliant: Agreement) -> None:
        """A rule sees as_of, the policy, the review dates and no scorecard."""
        seen: list[object] = []

        def look(_: Agreement, context: Context) -> Iterator[Finding]:
            seen.extend(
                (context.as_of, context.policy.max_growth, context.review_dates[:2])
            )
            seen.append(context.scorecard)
            return iter(())

        policy = Policy(rules=(Rule(code="LOOK", severity="info", check=look),))
        check(compliant, as_of=AS_OF, policy=policy)
        assert [
            AS_OF,
            Decimal("3.0"),
            (dt.date(2026, 1, 1), dt.date(2026, 4, 1)),
            None,
        ] == seen

    def test_reserved_code(self) -> None:
        """A rule cannot take a catalogue code."""
        rule = Rule(code="MC999", severity=Severity.ERROR, check=_titles_in_capitals)
        with pytest.raises(PolicyError) as raised:
            Policy(rules=(rule,))
        assert (
            isinstance(raised.value, MutualCommitError),
            isinstance(raised.value, ValueError),
            "rules[0].code",
        ) == (True, True, raised.value.problems[0][0])

    def test_not_a_finding(self, compliant: Agreement) -> None:
        """A rule that yields something else is a TypeError naming it."""

        def bad(_agreement: Agreement, _context: Context) -> Iterator[Finding]:
            yield "oops"  # type: ignore[misc]

        policy = Policy(rules=(Rule(code="BAD", severity="info", check=bad),))
        with pytest.raises(TypeError, match="rule BAD yielded 'oops'"):
            check(compliant, as_of=AS_OF, policy=policy)


class TestValidation:
    """Building a policy reports every problem at once, with paths."""

    def test_problems(self) -> None:
        """Bad thresholds, an unknown code and a waiver without reason."""
        with pytest.raises(PolicyError) as raised:
            Policy(
                max_funding_ratio=Decimal("0.5"),
                review_grace_days=-1,
                severities={"MC999": Severity.ERROR, "MC101": "fatal"},
                waivers=(Waiver(code="MC101", subject="goal:G1", reason=" "),),
            )
        assert [
            "max_funding_ratio",
            "review_grace_days",
            "severities.MC999",
            "severities.MC101",
            "waivers[0].reason",
        ] == [path for path, _ in raised.value.problems]

    def test_own_codes_are_free(self) -> None:
        """Codes of a policy's own rules may be named before the rules exist."""
        policy = Policy(severities={"ACME1": Severity.ERROR}, disabled={"ACME2"})
        assert Severity.ERROR == policy.severity("ACME1", Severity.INFO)


class TestBounds:
    """Policy numbers have the bounds of an agreement's; day counts a term's."""

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("max_growth", Decimal("1E+400"), "magnitude below 10^15"),
            ("max_growth", Decimal("sNaN"), "finite decimal"),
            ("max_expired_share", Decimal("Infinity"), "finite decimal"),
            ("max_funding_ratio", Decimal("1.0000000000001"), "at most 12 digits"),
            ("review_grace_days", 3_000_000, "from 0 to 36525, got 3000000"),
            ("max_review_gap_days", 10**400, "an integer of 1329 bits"),
            ("max_review_gap_days", 0, "from 1 to 36525, got 0"),
        ],
    )
    def test_out_of_bounds(self, field: str, value: object, message: str) -> None:
        """A value out of bounds is one problem at its field, saying the bound."""
        with pytest.raises(PolicyError) as raised:
            Policy(**{field: value})  # type: ignore[arg-type]

        [(path, text)] = raised.value.problems
        assert field == path
        assert message in text

    def test_the_longest_term_is_allowed(self) -> None:
        """A grace of a hundred years is the most a policy may give."""
        assert 36525 == Policy(review_grace_days=36525).review_grace_days
