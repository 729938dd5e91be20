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
        assert (
            Decimal(3) == Policy(max_funding_ratio=3).max_funding_ratio
        )  # int converted
        with pytest.raises(TypeError) as caught:
            Policy(max_growth=2.5)  # type: ignore[arg-type]
        assert (
            True,
            [
                (
                    "max_growth",
                    (
                        "expected a Decimal, int or decimal string, got float 2.5; "
                        "pass Decimal('2.5')"
                    ),
                )
            ],
        ) == (isinstance(caught.value, PolicyError), list(caught.value.problems))  # type: ignore[attr-defined]


class TestSeverities:
    """A policy's severities override the catalogue's."""

    def test_not_a_mapping(self) -> None:
        """Severities given as text are refused with the policy's other problems.

        ``Policy(severities="x")`` raised a bare AttributeError (no .items()).
        """
        with pytest.raises(PolicyError) as caught:
            Policy(severities="x", max_growth=-1)  # type: ignore[arg-type]

        assert (
            [
                (
                    "max_growth",
                    "expected a value at least 0, got -1",
                ),
                (
                    "severities",
                    (
                        "expected a mapping of codes to severities such as "
                        "{'MC101': 'warning'}, got str 'x'"
                    ),
                ),
            ],
            True,
        ) == (list(caught.value.problems), isinstance(caught.value, TypeError))

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
                f"policy rule ACME2, checking agreement {compliant.id!r}, raised "
                "KeyError: 'goal:G9'; fix the rule or disable ACME2 in the policy"
            ),
            KeyError,
            True,
        ) == (str(error), type(error.__cause__), isinstance(error, MutualCommitError))
        restored = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
        assert ("ACME2", "KeyError: 'goal:G9'", compliant.id, False, str(error)) == (
            restored.code,
            restored.error,
            restored.agreement,
            restored.yielded,
            str(restored),
        )

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
        """A rule that yields something else is a RuleError naming it."""

        def bad(_agreement: Agreement, _context: Context) -> Iterator[Finding]:
            yield "oops"  # type: ignore[misc]

        policy = Policy(rules=(Rule(code="BAD", severity="info", check=bad),))
        with pytest.raises(RuleError, match=r"rule BAD, .* yielded 'oops'"):
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

    def test_lone_surrogates(self) -> None:
        """A waiver's subject and reason UTF-8 cannot carry: no policy JSON could hold them."""
        with pytest.raises(PolicyError) as raised:
            Policy(
                waivers=(
                    Waiver(code="MC101", subject="goal:G\ud800", reason="ok"),
                    Waiver(code="MC101", subject="goal:G1", reason="Ann\u00e9e\udc80"),
                )
            )
        surrogate = "expected valid Unicode text, got a lone surrogate"
        assert [
            ("waivers[0].subject", surrogate),
            ("waivers[1].reason", surrogate),
        ] == list(raised.value.problems)

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


def _problems(**fields: object) -> list[tuple[str, str]]:
    """The problems of a policy built from *fields*."""
    with pytest.raises(PolicyError) as raised:
        Policy(**fields)  # type: ignore[arg-type]
    return list(raised.value.problems)


class TestThresholdBounds:
    """Each threshold is checked against its bounds, which are allowed themselves."""

    def test_bounds_allowed(self) -> None:
        """Ratio 1, a gap of 1 and 36525 days, grace 0, growth 0, expiry 0 and 1."""
        policies = (
            Policy(
                max_funding_ratio=Decimal(1),
                max_review_gap_days=1,
                review_grace_days=0,
                max_growth=Decimal(0),
                max_expired_share=Decimal(0),
            ),
            Policy(max_review_gap_days=36525, max_expired_share=Decimal(1)),
        )
        assert (Decimal(1), 1, 0, Decimal(0), Decimal(0), 36525, Decimal(1)) == (
            policies[0].max_funding_ratio,
            policies[0].max_review_gap_days,
            policies[0].review_grace_days,
            policies[0].max_growth,
            policies[0].max_expired_share,
            policies[1].max_review_gap_days,
            policies[1].max_expired_share,
        )

    def test_default_expired_share(self) -> None:
        """At most a tenth of what a fund window made available may expire."""
        assert Decimal("0.1") == DEFAULT_POLICY.max_expired_share

    def test_just_out(self) -> None:
        """One step past each bound is a problem naming the bound."""
        assert [
            ("max_funding_ratio", "expected a value at least 1, got 0.99"),
            (
                "max_review_gap_days",
                "expected a whole number of days from 1 to 36525, got 36526",
            ),
            (
                "review_grace_days",
                "expected a whole number of days from 0 to 36525, got -1",
            ),
            ("max_growth", "expected a value at least 0, got -0.01"),
            ("max_expired_share", "expected a value from 0 to 1, got 1.01"),
        ] == _problems(
            max_funding_ratio=Decimal("0.99"),
            max_review_gap_days=36526,
            review_grace_days=-1,
            max_growth=Decimal("-0.01"),
            max_expired_share=Decimal("1.01"),
        )

    def test_below_zero_share(self) -> None:
        """A share below 0 is out too."""
        assert [("max_expired_share", "expected a value from 0 to 1, got -0.01")] == (
            _problems(max_expired_share=Decimal("-0.01"))
        )

    def test_not_whole_numbers(self) -> None:
        """A bool or a string of digits is not a day count; they are shown as given."""
        assert [
            (
                "max_review_gap_days",
                "expected a whole number of days from 1 to 36525, got True",
            ),
            (
                "review_grace_days",
                "expected a whole number of days from 0 to 36525, got '7'",
            ),
        ] == _problems(max_review_gap_days=True, review_grace_days="7")

    def test_huge_day_counts(self) -> None:
        """A count of up to 128 bits is written out; a longer one is described."""
        assert [
            (
                "max_review_gap_days",
                (
                    "expected a whole number of days from 1 to 36525, got "
                    "340282366920938463463374607431768211455"
                ),
            ),
            (
                "review_grace_days",
                "expected a whole number of days from 0 to 36525, got an integer of 129 bits",
            ),
        ] == _problems(max_review_gap_days=2**128 - 1, review_grace_days=2**128)

    def test_bands_of_another_type(self) -> None:
        """The problem names the type given."""
        assert [("bands", "expected a Bands, got str")] == _problems(bands="0.8")

    def test_not_bands(self) -> None:
        """Bands must be a Bands; the message reads like a list."""
        with pytest.raises(PolicyError) as raised:
            Policy(bands=None)  # type: ignore[arg-type]

        assert (
            [("bands", "expected a Bands, got NoneType")],
            "invalid policy (1 problem):\n  bands: expected a Bands, got NoneType",
        ) == (list(raised.value.problems), str(raised.value))


class TestCodeProblems:
    """Severities, disabled codes, waivers and rules each say what is wrong with them."""

    def test_severities(self) -> None:
        """A severity names a known code and is error, warning or info."""
        assert [
            ("severities.MC999", "no rule 'MC999' in the catalogue"),
            ('severities["a b"]', "expected a code such as MC101, got 'a b'"),
            ("severities.MC101", "expected error, warning or info, got 'fatal'"),
            ("severities.MC102", "expected error, warning or info, got 3"),
        ] == _problems(
            severities={
                "MC999": Severity.ERROR,
                "a b": "info",
                "MC101": "fatal",
                "MC102": 3,
                "MC103": "warning",
            }
        )

    def test_severities_converted(self) -> None:
        """Severity text becomes a Severity."""
        policy = Policy(severities={"MC101": "warning"})
        assert Severity.WARNING is policy.severity("MC101", Severity.ERROR)

    def test_severity_default(self) -> None:
        """A code the policy does not name keeps the severity given."""
        policy = Policy(severities={"MC101": Severity.INFO})
        assert Severity.WARNING is policy.severity("MC102", Severity.WARNING)

    def test_disabled(self) -> None:
        """Disabled codes are checked in sorted order, whatever their type."""
        assert [
            ("disabled", "expected a code such as MC101, got 5"),
            ("disabled", "no rule 'MC998' in the catalogue"),
            ("disabled", "no rule 'MC999' in the catalogue"),
            ("disabled", "expected a code such as MC101, got 'a b'"),
        ] == _problems(disabled={"MC999", "MC998", 5, "a b", "MC101", "ACME"})

    def test_lower_case_catalogue_codes(self) -> None:
        """``mc306`` is refused with the code meant, not taken for a code of one's own.

        It matched no rule: a severity, a waiver or a disabled code so
        spelt did nothing, and a rule so named passed for one of the host's.
        """
        assert [
            (
                "severities.mc306",
                (
                    "no rule 'mc306' in the catalogue, whose codes are upper case "
                    "(did you mean 'MC306'?)"
                ),
            ),
            ("disabled", "no rule 'Mc999' in the catalogue"),
            (
                "waivers[0].code",
                (
                    "no rule 'mC101' in the catalogue, whose codes are upper case "
                    "(did you mean 'MC101'?)"
                ),
            ),
            (
                "rules[0].code",
                (
                    "codes starting with MC, in any case, are reserved for the "
                    "catalogue, got 'mc999'; name the rule with a prefix of your own"
                ),
            ),
        ] == _problems(
            severities={"mc306": Severity.ERROR},
            disabled={"Mc999"},
            waivers=(Waiver(code="mC101", subject="goal:g", reason="r"),),
            rules=(Rule(code="mc999", severity="info", check=_old_style),),
        )

    def test_code_length(self) -> None:
        """A code has at most 64 characters and starts with a letter."""
        fine = "A" + "1" * 63
        assert [
            ("disabled", "expected a code such as MC101, got '1A'"),
            ("disabled", f"expected a code such as MC101, got {fine + '1'!r}"),
        ] == _problems(disabled={fine, fine + "1", "1A"})

    def test_waivers(self) -> None:
        """Each waiver is checked, even after one that is not a Waiver."""
        assert [
            ("waivers[0]", "expected a Waiver, got 3"),
            ("waivers[1].code", "no rule 'MC999' in the catalogue"),
            ("waivers[1].subject", "expected the subject of a finding"),
            ("waivers[2].until", "expected a date or None, got '2026-01-01'"),
            ("waivers[3].code", "expected a code such as MC101, got 5"),
            ("waivers[3].subject", "expected the subject of a finding"),
            ("waivers[3].reason", "expected the reason the exception was approved"),
            (
                "waivers[4].until",
                (
                    "expected a date or None, got "
                    "datetime.datetime(2026, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)"
                ),
            ),
        ] == _problems(
            waivers=(
                3,
                Waiver(code="MC999", subject=" ", reason="r"),
                Waiver(code="MC101", subject="s", reason="r", until="2026-01-01"),  # type: ignore[arg-type]
                Waiver(code=5, subject=None, reason=None),  # type: ignore[arg-type]
                Waiver(
                    code="MC101",
                    subject="s",
                    reason="r",
                    until=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                ),
                Waiver(
                    code="MC101", subject="s", reason="r", until=dt.date(2026, 1, 1)
                ),
            )
        )

    def test_rules(self) -> None:
        """Each rule needs a free code of its own and a callable check."""
        assert [
            ("rules[0]", "expected a Rule, got 3"),
            ("rules[1].code", "expected a code such as ACME1, got 'a b'"),
            (
                "rules[2].code",
                (
                    "codes starting with MC, in any case, are reserved for the "
                    "catalogue, got 'MCX'; name the rule with a prefix of your own"
                ),
            ),
            ("rules[4].code", "a second rule with code 'A'"),
            ("rules[4].check", "expected a callable check(agreement, context)"),
            ("rules[5].code", "expected a code such as ACME1, got 5"),
            ("rules[7].code", "expected a code such as ACME1, got 'a b'"),
            (
                "rules[8].needs",
                "expected 'observations', 'funds' or None, got 'scorecard'",
            ),
        ] == _problems(
            rules=(
                3,
                Rule(code="a b", severity="info", check=_old_style),
                Rule(code="MCX", severity="info", check=_old_style),
                Rule(code="A", severity="info", check=_old_style),
                Rule(code="A", severity="info", check=3),  # type: ignore[arg-type]
                Rule(code=5, severity="info", check=_old_style),  # type: ignore[arg-type]
                Rule(code="B", severity="info", check=_old_style),
                Rule(code="a b", severity="info", check=_old_style),
                Rule(code="C", severity="info", check=_old_style, needs="scorecard"),
                Rule(code="D", severity="info", check=_old_style, needs="funds"),
            )
        )

    @pytest.mark.parametrize(
        ("severity", "error", "message"),
        [
            (
                "fatal",
                ValueError,
                (
                    "invalid Rule (1 problem):\n"
                    "  severity: expected one of 'error', 'warning', 'info', got str 'fatal'"
                ),
            ),
            (
                3,
                TypeError,
                (
                    "invalid Rule (1 problem):\n"
                    "  severity: expected a Severity or one of 'error', 'warning', 'info', "
                    "got int 3"
                ),
            ),
        ],
        ids=["text", "int"],
    )
    def test_rule_severity(
        self, severity: object, error: type[Exception], message: str
    ) -> None:
        """A rule's severity is a Severity or its text."""
        with pytest.raises(error) as raised:
            Rule(code="A", severity=severity, check=_old_style)  # type: ignore[arg-type]
        assert message == str(raised.value)


class TestWaiverCover:
    """A waiver covers only its own code on its own subject."""

    def test_other_code(self, vague: Agreement) -> None:
        """A waiver of MC601 on the goal does not cover the goal's MC101 (MC700: unused)."""
        waiver = Waiver(code="MC601", subject="goal:G1", reason="r")
        report = check(vague, as_of=AS_OF, policy=Policy(waivers=(waiver,)))
        assert ([], ["MC101", "MC601", "MC700"]) == (
            [f.code for f in report.waived],
            [f.code for f in report.findings],
        )

    def test_first_waiver(self) -> None:
        """waiver_for gives the first waiver in force that covers the finding."""
        finding = Finding(
            code="MC101",
            severity=Severity.ERROR,
            subject="goal:G1",
            path="goals[0]",
            message="m",
        )
        ended = Waiver(code="MC101", subject="goal:G1", reason="a", until=AS_OF)
        first = Waiver(code="MC101", subject="goal:G1", reason="b")
        second = Waiver(code="MC101", subject="goal:G1", reason="c")
        policy = Policy(waivers=(ended, first, second))
        later = AS_OF + dt.timedelta(days=1)
        assert (ended, first, None) == (
            policy.waiver_for(finding, AS_OF),
            policy.waiver_for(finding, later),
            Policy().waiver_for(finding, AS_OF),
        )

    def test_enabled(self) -> None:
        """A disabled code is not enabled; the others are."""
        policy = Policy(disabled={"MC101"})
        assert (False, True) == (policy.enabled("MC101"), policy.enabled("MC102"))
