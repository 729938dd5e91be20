"""The context a policy's own rule is given: the agreement indexed once for every rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import attrs
import pytest

from mutualcommit import Quantity, Remedy
from mutualcommit.model import ActionItem, Agreement, Contribution, Goal, Review, Role
from mutualcommit.rules import (
    Context,
    Finding,
    NoRuleRunningError,
    Policy,
    Rule,
    Severity,
    check,
)

from .conftest import AS_OF, build


def _rich(agreement: Agreement) -> Agreement:
    """The compliant agreement with actions, a remedy, a goal no one supports, and reviews out of order."""
    reviews = list(agreement.reviews)
    reviews[1] = attrs.evolve(
        reviews[1],
        actions=(
            ActionItem(id="X1", owner="acme", title="Send the deck"),
            ActionItem(id="X2", owner="globex", title="Name a contact"),
        ),
    )
    # Held the same day as R2, listed after it; on the day checked; after it.
    reviews.append(Review(id="R0", held_on=dt.date(2026, 4, 3), attendees=("acme",)))
    reviews.append(Review(id="R9", held_on=dt.date(2026, 12, 1), attendees=("acme",)))
    reviews.insert(0, Review(id="R8", held_on=AS_OF, attendees=("acme",)))
    remedy = Remedy(
        id="RM",
        title="Missed co-selling",
        payer="globex",
        beneficiary="acme",
        contribution="C1",
        amount=Quantity(amount=Decimal(500), unit="EUR"),
        cap=Quantity(amount=Decimal(5000), unit="EUR"),
    )
    return attrs.evolve(
        agreement,
        goals=(*agreement.goals, Goal(id="G2", title="Brand awareness")),
        contributions=(
            *agreement.contributions,
            Contribution(
                id="C3",
                party="acme",
                title="Joint webinar",
                kind=agreement.contributions[0].kind,
                supports=("G1",),
            ),
        ),
        reviews=tuple(reviews),
        remedies=(remedy,),
    )


def _context(agreement: Agreement) -> Context:
    """The context a policy rule LOOK is given in a check as of AS_OF."""
    seen: list[Context] = []

    def look(_: Agreement, context: Context) -> Iterator[Finding]:
        seen.append(context)
        return iter(())

    policy = Policy(rules=(Rule(code="LOOK", severity="info", check=look),))
    check(agreement, as_of=AS_OF, policy=policy)
    [context] = seen
    return context


@pytest.fixture(scope="module")
def rich() -> Agreement:
    """The rich variant of the compliant agreement."""
    return _rich(build())


class TestIndexes:
    """Entities are looked up by id, and every subject has its path."""

    def test_paths(self, rich: Agreement) -> None:
        """Every kind of entity, actions within their review, signatures by party."""
        assert {
            "party:acme": "parties[0]",
            "party:globex": "parties[1]",
            "metric:revenue": "metrics[0]",
            "metric:opps": "metrics[1]",
            "metric:sessions": "metrics[2]",
            "goal:G1": "goals[0]",
            "goal:G2": "goals[1]",
            "contribution:C1": "contributions[0]",
            "contribution:C2": "contributions[1]",
            "contribution:C3": "contributions[2]",
            "allocation:A1": "allocations[0]",
            "allocation:A2": "allocations[1]",
            "incentive:I1": "incentives[0]",
            "review:R8": "reviews[0]",
            "review:R1": "reviews[1]",
            "review:R2": "reviews[2]",
            "review:R3": "reviews[3]",
            "review:R4": "reviews[4]",
            "review:R0": "reviews[5]",
            "review:R9": "reviews[6]",
            "remedy:RM": "remedies[0]",
            "action:R2/X1": "reviews[2].actions[0]",
            "action:R2/X2": "reviews[2].actions[1]",
            "signature:acme": "signatures[0]",
            "signature:globex": "signatures[1]",
        } == dict(_context(rich).paths)

    def test_by_id(self, rich: Agreement) -> None:
        """Parties, metrics, goals and contributions by id, in the agreement's order."""
        context = _context(rich)
        assert (
            ["acme", "globex"],
            ["revenue", "opps", "sessions"],
            ["G1", "G2"],
            ["C1", "C2", "C3"],
            True,
        ) == (
            list(context.parties),
            list(context.metrics),
            list(context.goals),
            list(context.contributions),
            all(
                context.goals[goal.id] is goal
                and all(context.contributions[c.id] is c for c in rich.contributions)
                for goal in rich.goals
            ),
        )

    def test_supporters(self, rich: Agreement) -> None:
        """Each goal has the contributions that support it, in order; G2 none."""
        supporters = _context(rich).supporters

        assert {"G1": ["C1", "C2", "C3"], "G2": []} == {
            goal: [c.id for c in contributions]
            for goal, contributions in supporters.items()
        }

    def test_held(self, rich: Agreement) -> None:
        """The reviews held by the day checked, by day then position; R9 is later."""
        assert [
            (1, "R1"),
            (2, "R2"),
            (5, "R0"),
            (3, "R3"),
            (4, "R4"),
            (0, "R8"),
        ] == [(i, review.id) for i, review in _context(rich).held]

    def test_what_the_check_knows(self, rich: Agreement) -> None:
        """The schedule, the fingerprint, the running rule, and nothing else given."""
        context = _context(rich)
        assert (
            (
                dt.date(2026, 1, 1),
                dt.date(2026, 4, 1),
                dt.date(2026, 7, 1),
                dt.date(2026, 10, 1),
            ),
            rich.fingerprint(),
            "LOOK",
            (),
            (),
            None,
            None,
            rich,
        ) == (
            context.review_dates,
            context.fingerprint,
            context.rule.code if context.rule is not None else None,
            context.findings,
            context.funds,
            context.scorecard,
            context.observations,
            context.agreement,
        )


class TestHelpers:
    """The context's helpers: a party's side and the targets."""

    def test_side(self, rich: Agreement) -> None:
        """The vendor is the vendor, every other party a partner."""
        context = _context(rich)
        assert (Role.VENDOR, Role.PARTNER) == (
            context.side("acme"),
            context.side("globex"),
        )

    def test_targets(self, rich: Agreement) -> None:
        """Goals first, then contributions, those without a target left out."""
        assert [
            ("goal:G1", "goals[0]", "Grow joint revenue", "revenue"),
            ("contribution:C1", "contributions[0]", "Co-sell opportunities", "opps"),
            (
                "contribution:C2",
                "contributions[1]",
                "Partner enablement training",
                "sessions",
            ),
        ] == [
            (subject, path, title, target.metric)
            for subject, path, title, target in _context(rich).targets()
        ]


class TestFinding:
    """context.finding() makes the running rule's finding."""

    def test_own_rule_message(self, rich: Agreement) -> None:
        """A policy rule's finding has its code, severity, message, and params as text."""
        finding = _context(rich).finding(
            "goal:G1", "goals[0]", "Look at G1.", share=Decimal("0.50"), day=AS_OF
        )
        assert (
            Finding(
                code="LOOK",
                severity=Severity.INFO,
                subject="goal:G1",
                path="goals[0]",
                message="Look at G1.",
                params={"share": "0.5", "day": "2026-11-02"},
            )
            == finding
        )

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (
                Decimal("NaN"),
                "a finding's param 'share' is NaN, expected a finite Decimal",
            ),
            (
                Decimal("-Infinity"),
                "a finding's param 'share' is -Infinity, expected a finite Decimal",
            ),
            (
                Decimal("1E+50000000"),
                (
                    "a finding's param 'share' is a Decimal of 50000001 digits written "
                    "out, more than 100; expected a number to read in a message"
                ),
            ),
            (
                10**100,
                (
                    "a finding's param 'share' is an integer of more than 100 digits; "
                    "expected a number to read in a message"
                ),
            ),
        ],
    )
    def test_numbers_to_read(
        self, rich: Agreement, value: Decimal | int, message: str
    ) -> None:
        """A non-finite Decimal or a number too long to read is a ValueError naming the param."""
        with pytest.raises(ValueError, match="param 'share'") as raised:
            _context(rich).finding("goal:G1", "goals[0]", "Look.", share=value)
        assert message == str(raised.value)

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (Decimal("1500.00"), "1500"),
            (Decimal("1E+3"), "1000"),
            (Decimal("-0.0"), "0"),
            (Decimal("0.000001"), "0.000001"),
            (Decimal("1E+99"), "1" + "0" * 99),
            (10**100 - 1, 10**100 - 1),
        ],
    )
    def test_canonical_numbers(
        self, rich: Agreement, value: Decimal | int, text: str | int
    ) -> None:
        """A Decimal param is its canonical text, as documented; up to 100 digits are kept."""
        finding = _context(rich).finding("goal:G1", "goals[0]", "Look.", share=value)
        assert text == finding.params["share"]

    def test_own_rule_needs_a_message(self, rich: Agreement) -> None:
        """A policy rule's finding without a message is a TypeError naming the rule."""
        with pytest.raises(TypeError) as raised:
            _context(rich).finding("goal:G1", "goals[0]")
        assert "rule LOOK: finding() needs the message, third or as message=..." == str(
            raised.value
        )

    def test_message_by_keyword(self, rich: Agreement) -> None:
        """The message may be passed as ``message=``, as the documented call names it; it is not a param."""
        finding = _context(rich).finding(
            "goal:G1", "goals[0]", message="Look at G1.", goal="G1"
        )
        assert ("Look at G1.", {"goal": "G1"}) == (
            finding.message,
            dict(finding.params),
        )

    def test_params_named_subject_path_and_message(self, rich: Agreement) -> None:
        """With the message passed third, params may be named subject, path and message."""
        finding = _context(rich).finding(
            "goal:G1", "goals[0]", "Look.", subject="G1", path="p", message="m"
        )
        assert ("Look.", {"subject": "G1", "path": "p", "message": "m"}) == (
            finding.message,
            dict(finding.params),
        )

    def test_message_by_keyword_is_text(self, rich: Agreement) -> None:
        """A message by keyword that is not text is refused, naming the rule."""
        with pytest.raises(TypeError) as raised:
            _context(rich).finding("goal:G1", "goals[0]", message=5)
        assert "rule LOOK: finding() takes the message as text, got 5" == str(
            raised.value
        )

    @pytest.mark.parametrize(
        ("subject", "path", "shown"),
        [
            (None, "goals[0]", "the subject as text, got None"),
            (
                "goal:G1",
                None,
                "the path as text, got None ('' for the agreement itself)",
            ),
        ],
    )
    def test_text_fields(
        self, rich: Agreement, subject: str, path: str, shown: str
    ) -> None:
        """A subject or path that is not text is refused where the rule makes the finding."""
        with pytest.raises(TypeError) as raised:
            _context(rich).finding(subject, path, "Look.")
        assert f"rule LOOK: finding() takes {shown}" == str(raised.value)

    def test_outside_a_rule(self, rich: Agreement) -> None:
        """Without a running rule it is the library's error, a RuntimeError, saying where to call it."""
        context = attrs.evolve(_context(rich), rule=None)
        with pytest.raises(NoRuleRunningError) as raised:
            context.finding("goal:G1", "goals[0]", "text")
        assert isinstance(raised.value, RuntimeError)
        assert (
            "Context.finding() makes a finding of the running rule; "
            "call it from a rule's check"
        ) == str(raised.value)
