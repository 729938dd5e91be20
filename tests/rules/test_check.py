"""check: the catalogue's rules, then the policy's own, then the last ones, as of a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from mutualcommit.errors import InvalidAgreementError, RuleError
from mutualcommit.kpi import Bands, evaluate
from mutualcommit.model import Agreement, Observation
from mutualcommit.rules import (
    Context,
    Finding,
    Policy,
    Rule,
    Severity,
    Waiver,
    check,
)

from .conftest import AS_OF


def _about_g1(_: Agreement, context: Context) -> Iterator[Finding]:
    yield context.finding("goal:G1", "goals[0]", "Look at G1.")


def _found(report_findings: tuple[Finding, ...]) -> list[tuple[str, str, Severity]]:
    return [(f.code, f.subject, f.severity) for f in report_findings]


class TestAsOf:
    """as_of is a date, never a datetime nor text."""

    @pytest.mark.parametrize(
        ("as_of", "message"),
        [
            (
                dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
                (
                    "as_of is a datetime.date, got datetime "
                    "datetime.datetime(2026, 11, 2, 0, 0, tzinfo=datetime.timezone.utc)"
                    "; pass its .date()"
                ),
            ),
            (
                "2026-11-02",
                "as_of is a datetime.date, got str '2026-11-02'; pass datetime.date.fromisoformat(...)",
            ),
        ],
        ids=["datetime", "text"],
    )
    def test_refused(self, compliant: Agreement, as_of: object, message: str) -> None:
        """The TypeError shows the type and the value given."""
        with pytest.raises(TypeError) as raised:
            check(compliant, as_of=as_of)  # type: ignore[arg-type]
        assert message == str(raised.value)


class TestOwnRules:
    """A policy's own rules run between the catalogue's and the last ones."""

    def test_waived_own_finding(self, compliant: Agreement) -> None:
        """A waiver of an own rule's finding is used: MC700, run last, sees the finding."""
        waiver = Waiver(code="ACME1", subject="goal:G1", reason="Known")
        policy = Policy(
            rules=(Rule(code="ACME1", severity="warning", check=_about_g1),),
            waivers=(waiver,),
        )
        report = check(compliant, as_of=AS_OF, policy=policy)

        assert ([], [("ACME1", "goal:G1", Severity.WARNING)]) == (
            _found(report.findings),
            _found(report.waived),
        )

    def test_own_rule_sees_no_findings(self, compliant: Agreement) -> None:
        """An own rule is not a last rule: its context has no findings, even with errors about."""
        seen: list[tuple[Finding, ...]] = []

        def look(_: Agreement, context: Context) -> Iterator[Finding]:
            seen.append(context.findings)
            return iter(())

        policy = Policy(rules=(Rule(code="LOOK", severity="info", check=look),))
        check(compliant, as_of=dt.date(2025, 12, 1), policy=policy)
        assert [()] == seen

    def test_disabled_own_rule(self, compliant: Agreement) -> None:
        """A disabled own rule does not run."""
        policy = Policy(
            rules=(Rule(code="ACME1", severity="warning", check=_about_g1),),
            disabled={"ACME1"},
        )
        assert () == check(compliant, as_of=AS_OF, policy=policy).findings

    def test_disabled_last_rule(self, compliant: Agreement) -> None:
        """A disabled MC700 does not report an unused waiver."""
        waiver = Waiver(code="MC101", subject="goal:G9", reason="Later")
        policy = Policy(waivers=(waiver,), disabled={"MC700"})
        assert () == check(compliant, as_of=AS_OF, policy=policy).findings

    def test_severity_override(self, compliant: Agreement) -> None:
        """The policy's severities beat an own rule's, and leave the others alone."""
        policy = Policy(
            rules=(
                Rule(code="ACME1", severity="info", check=_about_g1),
                Rule(code="ACME2", severity="warning", check=_about_g1),
            ),
            severities={"ACME1": "error", "ACME2": "warning"},
        )
        report = check(compliant, as_of=AS_OF, policy=policy)
        assert [
            ("ACME1", "goal:G1", Severity.ERROR),
            ("ACME2", "goal:G1", Severity.WARNING),
        ] == _found(report.findings)

    def test_hand_made_finding_with_the_rules_code(self, compliant: Agreement) -> None:
        """A hand-made finding with the rule's code but another severity takes the rule's."""

        def hand_made(_: Agreement, __: Context) -> Iterator[Finding]:
            yield Finding(
                code="ACME1",
                severity=Severity.INFO,
                subject="agreement",
                path="",
                message="By hand.",
            )

        policy = Policy(rules=(Rule(code="ACME1", severity="error", check=hand_made),))
        report = check(compliant, as_of=AS_OF, policy=policy)
        assert [("ACME1", "agreement", Severity.ERROR)] == _found(report.findings)

    def test_hand_made_finding_with_another_code(self, compliant: Agreement) -> None:
        """A hand-made finding with another code, the rule's severity, takes the rule's code."""

        def hand_made(_: Agreement, __: Context) -> Iterator[Finding]:
            yield Finding(
                code="OTHER",
                severity=Severity.ERROR,
                subject="agreement",
                path="",
                message="By hand.",
            )

        policy = Policy(rules=(Rule(code="ACME1", severity="error", check=hand_made),))
        report = check(compliant, as_of=AS_OF, policy=policy)
        assert [("ACME1", "agreement", Severity.ERROR)] == _found(report.findings)

    def test_not_a_finding(self, compliant: Agreement) -> None:
        """A rule that yields something else is a RuleError naming it, the agreement and what it yielded."""

        def bad(_: Agreement, __: Context) -> Iterator[object]:
            yield 42

        policy = Policy(rules=(Rule(code="BAD", severity="info", check=bad),))  # type: ignore[arg-type]
        with pytest.raises(RuleError) as raised:
            check(compliant, as_of=AS_OF, policy=policy)
        assert (
            (
                f"policy rule BAD, checking agreement {compliant.id!r}, yielded 42, "
                "expected a Finding; fix the rule or disable BAD in the policy"
            ),
            ("BAD", compliant.id, True),
            TypeError,
        ) == (
            str(raised.value),
            (raised.value.code, raised.value.agreement, raised.value.yielded),
            type(raised.value.__cause__),
        )

    def test_a_finding_without_a_path(self, compliant: Agreement) -> None:
        """``context.paths.get(subject)`` of a subject it has no path for is None: a RuleError naming the rule, not a bare TypeError from sorting."""

        def per_year(_: Agreement, context: Context) -> Iterator[Finding]:
            subject = "fiscal-year:FY2026"
            yield context.finding(subject, context.paths.get(subject), "Year flagged.")  # type: ignore[arg-type]

        policy = Policy(rules=(Rule(code="ACME-FY", severity="error", check=per_year),))
        with pytest.raises(RuleError) as raised:
            check(compliant, as_of=AS_OF, policy=policy)
        assert (
            f"policy rule ACME-FY, checking agreement {compliant.id!r}, raised "
            "ArgumentError: rule ACME-FY: finding() takes the path as text, got None "
            "('' for the agreement itself); fix the rule or disable ACME-FY in "
            "the policy"
        ) == str(raised.value)

    @pytest.mark.parametrize("field", ["subject", "path", "message"])
    def test_a_hand_made_finding_without_text(
        self, compliant: Agreement, field: str
    ) -> None:
        """A finding built by hand with None for its text is a RuleError naming the rule and the field."""

        def by_hand(_: Agreement, __: Context) -> Iterator[Finding]:
            texts: dict[str, str | None] = {
                "subject": "agreement",
                "path": "",
                "message": "By hand.",
            }
            texts[field] = None
            yield Finding(code="ACME3", severity="info", **texts)  # type: ignore[arg-type]

        policy = Policy(rules=(Rule(code="ACME3", severity="info", check=by_hand),))
        with pytest.raises(RuleError) as raised:
            check(compliant, as_of=AS_OF, policy=policy)
        assert raised.value.error.startswith(
            f"yielded a finding whose {field} is None, expected text"
        )

    def test_a_finding_with_a_lone_surrogate(self, compliant: Agreement) -> None:
        """Text UTF-8 cannot carry is a RuleError naming the rule and each field.

        Kept, it would fail where the report is written as JSON or a
        document, naming no rule.
        """

        def from_bytes(_: Agreement, context: Context) -> Iterator[Finding]:
            name = b"Gl\xf6bex".decode("utf-8", "surrogateescape")
            yield context.finding("agreement", "", f"{name} is late.", who=name)

        policy = Policy(rules=(Rule(code="ACME2", severity="info", check=from_bytes),))
        with pytest.raises(RuleError, match="lone surrogate") as raised:
            check(compliant, as_of=AS_OF, policy=policy)
        assert (
            (
                "yielded a finding whose message, params['who'] hold a lone "
                "surrogate, which UTF-8 cannot carry: expected valid Unicode text"
            ),
            ValueError,
        ) == (raised.value.error, type(raised.value.__cause__))

    def test_a_non_finite_param(self, compliant: Agreement) -> None:
        """A NaN param stops the check as a RuleError naming the rule and the param."""

        def nan(_: Agreement, context: Context) -> Iterator[Finding]:
            yield context.finding("agreement", "", "Odd.", share=Decimal("NaN"))

        policy = Policy(rules=(Rule(code="ACME4", severity="info", check=nan),))
        with pytest.raises(RuleError) as raised:
            check(compliant, as_of=AS_OF, policy=policy)
        assert (
            "ArgumentError: a finding's param 'share' is NaN, expected a finite Decimal"
        ) == raised.value.error

    def test_library_errors_are_wrapped(self, compliant: Agreement) -> None:
        """An error of the library's that a rule raises names the rule too.

        An InvalidAgreementError out of the rule's own ``agreement.sign(...)``
        would otherwise blame the agreement checked, which is valid.
        """

        def raising(agreement: Agreement, context: Context) -> Iterator[Finding]:
            agreement.sign("reseller-x", "Bob", context.as_of)
            return iter(())

        policy = Policy(rules=(Rule(code="RAISE", severity="info", check=raising),))
        with pytest.raises(RuleError) as raised:
            check(compliant, as_of=AS_OF, policy=policy)
        assert (
            (
                f"policy rule RAISE, checking agreement {compliant.id!r}, raised "
                "InvalidAgreementError: invalid agreement "
                "(1 problem):\n  signatures[2].party: no party with id 'reseller-x'; "
                "fix the rule or disable RAISE in the policy"
            ),
            InvalidAgreementError,
        ) == (str(raised.value), type(raised.value.__cause__))

    def test_a_rule_error_passes_through(self, compliant: Agreement) -> None:
        """A RuleError already names its rule: a check run inside a rule keeps it."""
        error = RuleError("INNER", "KeyError: 'g9'")

        def raising(_: Agreement, __: Context) -> Iterator[Finding]:
            raise error

        policy = Policy(rules=(Rule(code="RAISE", severity="info", check=raising),))
        with pytest.raises(RuleError) as raised:
            check(compliant, as_of=AS_OF, policy=policy)
        assert error is raised.value

    def test_other_errors_are_wrapped(self, compliant: Agreement) -> None:
        """Any other exception is a RuleError naming the rule and the exception."""

        def raising(_: Agreement, __: Context) -> Iterator[Finding]:
            msg = "no such thing"
            raise ValueError(msg)

        policy = Policy(rules=(Rule(code="RAISE", severity="info", check=raising),))
        with pytest.raises(RuleError) as raised:
            check(compliant, as_of=AS_OF, policy=policy)
        assert (
            f"policy rule RAISE, checking agreement {compliant.id!r}, raised "
            "ValueError: no such thing; fix the rule or disable RAISE in the policy"
        ) == str(raised.value)


class TestScorecard:
    """With observations, the rules see the agreement evaluated with the policy's bands."""

    def test_bands(self, compliant: Agreement) -> None:
        """The context's scorecard is evaluate() as of the day, with the policy's bands."""
        observations = [Observation("revenue", dt.date(2026, 6, 1), Decimal(150000))]
        bands = Bands(
            on_track_ratio=Decimal("0.3"),
            at_risk_ratio=Decimal("0.2"),
            min_elapsed=Decimal("0.1"),
        )
        seen: list[object] = []

        def look(_: Agreement, context: Context) -> Iterator[Finding]:
            seen.append(context.scorecard)
            return iter(())

        policy = Policy(
            bands=bands, rules=(Rule(code="LOOK", severity="info", check=look),)
        )
        check(compliant, as_of=AS_OF, observations=observations, policy=policy)
        assert [evaluate(compliant, observations, as_of=AS_OF, bands=bands)] == seen
