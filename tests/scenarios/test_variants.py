from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from mutualcommit import (
    Agreement,
    Contribution,
    ContributionKind,
    Direction,
    InvalidAgreementError,
    Observation,
    Quantity,
    ResourceAllocation,
    Target,
)
from mutualcommit.scenarios import (
    Assumptions,
    Fixed,
    Scenario,
    add_contribution,
    change_target,
    scale_allocation,
)

from .conftest import colon_ids

Plan = Callable[..., Agreement]
Q1_END = dt.date(2026, 3, 31)


def _allocation(agreement: Agreement, id: str) -> ResourceAllocation:  # noqa: A002
    return next(a for a in agreement.allocations if a.id == id)


#: How a factor of the wrong type is refused, before what it was.
_FACTOR = "factor: expected a Decimal, int or decimal string, "


class TestScaleAllocation:
    """scale_allocation amends one allocation by a factor."""

    def test_scales_and_amends(self, plan: Plan) -> None:
        """1.2 times 10,000 is 12,000, in a new version of the terms."""
        base = plan()

        variant = scale_allocation(base, "mdf-budget", "1.2")

        assert Decimal(12000) == _allocation(variant, "mdf-budget").amount.amount
        assert base.version + 1 == variant.version
        assert base.fingerprint() != variant.fingerprint()

    def test_keeps_twelve_places(self, plan: Plan) -> None:
        """A factor with many places rounds the amount to 12 places."""
        variant = scale_allocation(plan(mdf="1"), "mdf-budget", Decimal(1) / 3)

        assert (
            Decimal("0.333333333333")
            == _allocation(variant, "mdf-budget").amount.amount
        )

    def test_unknown_allocation(self, plan: Plan) -> None:
        """An unknown id is a KeyError that lists the allocations."""
        with pytest.raises(KeyError) as caught:
            scale_allocation(plan(), "mdf-budgte", 2)

        assert caught.value.args[0].startswith(
            "no allocation 'mdf-budgte' in agreement 'plan' (there are: "
        )
        assert caught.value.args[0].endswith(" (did you mean 'mdf-budget'?)")

    @pytest.mark.parametrize(
        ("factor", "error", "message"),
        [
            (
                1.2,
                TypeError,
                _FACTOR + "got float 1.2; pass Decimal('1.2')",
            ),
            (
                "much",
                ValueError,
                "factor: expected a decimal string or a number, got str 'much'",
            ),
            (
                True,
                TypeError,
                _FACTOR + "got bool True; pass Decimal(1) if a number is meant",
            ),
            # Decimal text is a document's: "NaN" is none.
            (
                "NaN",
                ValueError,
                "factor: expected a decimal string or a number, got str 'NaN'",
            ),
            (
                Decimal("-Infinity"),
                ValueError,
                "factor: expected a finite decimal, got -Infinity",
            ),
        ],
        ids=["float", "text", "bool", "nan", "infinity"],
    )
    def test_bad_factor(
        self, plan: Plan, factor: object, error: type[Exception], message: str
    ) -> None:
        """A factor is read as every decimal of the model is: the same errors, the same words."""
        with pytest.raises(error) as caught:
            scale_allocation(plan(), "mdf-budget", factor)  # type: ignore[arg-type]

        assert message == str(caught.value)

    def test_negative_factor(self, plan: Plan) -> None:
        """A negative amount breaks an invariant of the agreement."""
        with pytest.raises(InvalidAgreementError):
            scale_allocation(plan(), "mdf-budget", -1)

    @pytest.mark.parametrize(("mdf", "factor"), [("10000", 1), ("0", "1.2")])
    def test_no_change(self, plan: Plan, mdf: str, factor: int | str) -> None:
        """A factor of 1, or an amount of 0 scaled, changes no term: the agreement as it is.

        Amending it would raise the version of the same terms, which
        `Agreement.amend` refuses: a sweep of factors stopped at 1.
        """
        base = plan(mdf=mdf)

        assert base is scale_allocation(base, "mdf-budget", factor)


class TestChangeTarget:
    """change_target amends the target of one goal or contribution."""

    def test_goal_by_bare_id(self, plan: Plan) -> None:
        """A bare id names the goal; ints are read as Decimals."""
        variant = change_target(plan("30"), "goal", value=36)

        assert variant.goals[0].target is not None
        assert Decimal(36) == variant.goals[0].target.value

    def test_no_change(self, plan: Plan) -> None:
        """A target set to the value it has is the agreement as it is."""
        base = plan("30")
        target = base.goals[0].target
        assert target is not None

        assert base is change_target(base, "goal", value=target.value)

    def test_contribution_by_subject(self, plan: Plan) -> None:
        """contribution:ID names the pledge; other fields stay."""
        variant = change_target(plan("30"), "contribution:pledge", value="20")

        target = variant.contributions[0].target
        assert target is not None
        assert (Decimal(20), {"party": "globex"}) == (target.value, dict(target.where))

    def test_sets_a_missing_target(self, plan: Plan) -> None:
        """A pledge without a target gets one from metric, value and direction."""
        variant = change_target(
            plan(),
            "funds",
            metric="revenue",
            value=Decimal(1000),
            direction=Direction.AT_LEAST,
        )

        assert variant.contributions[1].target == Target(
            metric="revenue", value=Decimal(1000), direction=Direction.AT_LEAST
        )

    def test_missing_target_needs_its_fields(self, plan: Plan) -> None:
        """Setting a target with only a value says what else is needed."""
        with pytest.raises(TypeError, match="metric, value and direction"):
            change_target(plan(), "funds", value=1)

    def test_a_float_value(self, plan: Plan) -> None:
        """A float value or baseline is refused as the model refuses it, saying what to pass."""
        with pytest.raises(TypeError) as caught:
            change_target(plan("30"), "goal", baseline=2.5)  # type: ignore[arg-type]

        assert (
            "baseline: expected a Decimal, int or decimal string, got float 2.5; "
            "pass Decimal('2.5')"
        ) == str(caught.value)

    def test_unknown_field(self, plan: Plan) -> None:
        """A change that names no Target field is a TypeError listing the fields."""
        with pytest.raises(TypeError, match="valu"):
            change_target(plan(), "goal", valu=1)  # type: ignore[call-arg]

    def test_unknown_subject(self, plan: Plan) -> None:
        """An id that names nothing is a KeyError."""
        with pytest.raises(KeyError, match="nope"):
            change_target(plan(), "nope", value=1)
        with pytest.raises(KeyError, match="party:acme"):
            change_target(plan(), "party:acme", value=1)


class TestChangeTargetOfIdsWithColons:
    """Ids may hold colons: only a goal: or contribution: prefix names a kind."""

    @pytest.mark.parametrize("subject", ["globex:pledge", "contribution:globex:pledge"])
    def test_contribution(self, plan: Plan, subject: str) -> None:
        """A bare id with a colon, or with its kind before it, names the pledge."""
        variant = change_target(colon_ids(plan("30")), subject, value="20")

        assert variant.contributions[0].target is not None
        assert Decimal(20) == variant.contributions[0].target.value

    @pytest.mark.parametrize("subject", ["q1:goal", "goal:q1:goal"])
    def test_goal(self, plan: Plan, subject: str) -> None:
        """The same for the goal."""
        variant = change_target(colon_ids(plan("30")), subject, value="40")

        assert variant.goals[0].target is not None
        assert Decimal(40) == variant.goals[0].target.value

    @pytest.mark.parametrize("subject", ["goal:funds", "contribution:goal:funds"])
    def test_an_id_that_starts_like_a_subject(self, plan: Plan, subject: str) -> None:
        """``goal:funds`` is the pledge of that id, as no goal is called ``funds``."""
        variant = change_target(
            colon_ids(plan("30")),
            subject,
            metric="revenue",
            value=Decimal(1000),
            direction=Direction.AT_LEAST,
        )

        assert ("goal:funds", Decimal(1000)) == (
            variant.contributions[1].id,
            getattr(variant.contributions[1].target, "value", None),
        )

    def test_nothing_of_that_id(self, plan: Plan) -> None:
        """A subject that names nothing says so, and what a subject is."""
        with pytest.raises(KeyError) as caught:
            change_target(colon_ids(plan()), "globex:nope", value=1)

        assert (
            "no goal or contribution 'globex:nope' in agreement 'plan' (there "
            "are: 'q1:goal', 'globex:pledge', 'goal:funds') (did you mean "
            "'globex:pledge'?); a subject is goal:ID, contribution:ID or the id "
            "of one"
        ) == caught.value.args[0]


class TestAddContribution:
    """add_contribution amends the agreement with a pledge and its funding."""

    def test_adds_both(self, plan: Plan) -> None:
        """The pledge and its allocation join at the end."""
        pledge = Contribution(
            id="training",
            party="acme",
            title="Training",
            kind=ContributionKind.ENABLEMENT_TRAINING,
            supports=("goal",),
        )
        money = ResourceAllocation(
            id="training-budget",
            party="acme",
            amount=Quantity(amount=Decimal(5000), unit="EUR"),
            contribution="training",
        )

        variant = add_contribution(plan(), pledge, money)

        assert (pledge, money) == (variant.contributions[-1], variant.allocations[-1])


class TestScenario:
    """A scenario checks and projects its agreement, keeping its baseline."""

    def test_over_commitment_shows_at_once(self, plan: Plan) -> None:
        """Funds beyond Acme's capacity of 100,000 a year are MC204."""
        base = Scenario(name="base", agreement=plan(mdf="20000"))
        variant = base.variant(
            "more", scale_allocation(base.agreement, "mdf-budget", 2)
        )

        assert "MC204" not in {f.code for f in base.report(Q1_END).errors}
        assert "MC204" in {f.code for f in variant.report(Q1_END).errors}

    def test_variant_keeps_baseline(self, plan: Plan) -> None:
        """A variant of a variant keeps the first agreement as its baseline."""
        base = Scenario(name="base", agreement=plan())
        first = base.variant("first", scale_allocation(base.agreement, "mdf-budget", 2))
        second = first.variant("second", assumptions=Assumptions(rates={"m": Fixed(1)}))

        assert base.agreement is second.baseline
        assert first.agreement is second.agreement
        assert Fixed(1) == second.assumptions.rates["m"]

    def test_project_uses_assumptions(self, plan: Plan) -> None:
        """Scenario.project is project with the scenario's assumptions and baseline."""
        scenario = Scenario(
            name="fixed",
            agreement=plan("30"),
            assumptions=Assumptions(rates={"m": Fixed(30)}),
        )

        projection = scenario.project([], as_of=Q1_END, runs=10)

        assert 1.0 == projection.goal("goal").probability

    def test_report_with_observations(
        self, it_case: tuple[Agreement, tuple[Observation, ...]]
    ) -> None:
        """A variant of a signed plan needs signing again: MC402 for each party."""
        agreement, log = it_case
        base = Scenario(name="as signed", agreement=agreement)
        variant = base.variant(
            "MDF +20 %", scale_allocation(agreement, "acme-mdf-budget", "1.2")
        )

        as_of = dt.date(2026, 7, 31)
        assert base.report(as_of, observations=log).ok
        codes = [
            (f.code, f.subject) for f in variant.report(as_of, observations=log).errors
        ]
        assert [("MC402", "signature:acme"), ("MC402", "signature:globex")] == codes
