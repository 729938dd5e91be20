import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from mutualcommit.model import Agreement, Direction, Quantity, Remedy, Step, Tier
from mutualcommit.render import render
from mutualcommit.rules import check

from .conftest import AS_OF, Subjects


def _target(agreement: Agreement, **changes: Any) -> Agreement:
    target = agreement.goals[0].target
    assert target is not None
    goal = attrs.evolve(agreement.goals[0], target=attrs.evolve(target, **changes))
    return attrs.evolve(agreement, goals=(goal,))


def _incentive(agreement: Agreement, **changes: Any) -> Agreement:
    return attrs.evolve(
        agreement, incentives=(attrs.evolve(agreement.incentives[0], **changes),)
    )


class TestMC501:
    """MC501 fires on an AT_LEAST target far above a positive baseline."""

    def test_fires(self, compliant: Agreement) -> None:
        """400 000 from a baseline of 50 000 is a rise of 700 percent."""
        report = check(_target(compliant, baseline=Decimal(50000)), as_of=AS_OF)
        found = [
            (f.subject, f.params["growth"], f.params["max_growth"])
            for f in report.findings
            if f.code == "MC501"
        ]
        assert [("goal:G1", "700", "300")] == found

    def test_a_rise_beyond_the_context_s_digits(self, compliant: Agreement) -> None:
        """From 0.000000000001 to 2 * 10^13: 2 * 10^27 percent less one, in full."""
        variant = _target(
            compliant, value=Decimal("2E+13"), baseline=Decimal("1E-12"), steps=()
        )

        report = check(variant, as_of=AS_OF)

        found = [f.params["growth"] for f in report.findings if f.code == "MC501"]
        assert ["1999999999999999999999999900"] == found

    def test_a_rise_that_rounds_to_the_limit(self, compliant: Agreement) -> None:
        """400 000 from 99 999 is 300.004 percent: shown above the 300, not as 300."""
        report = check(_target(compliant, baseline=Decimal(99999)), as_of=AS_OF)

        found = [
            (f.params["growth"], f.params["max_growth"])
            for f in report.findings
            if f.code == "MC501"
        ]
        assert [("300.004", "300")] == found

    def test_silent_at_the_limit(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A rise of exactly 300 percent is within the default."""
        assert [] == subjects(_target(compliant, baseline=Decimal(100000)), "MC501")

    def test_fires_on_a_step(self, compliant: Agreement, subjects: Subjects) -> None:
        """A ramp step beyond the limit counts."""
        variant = _target(
            compliant,
            steps=(Step(starting=dt.date(2026, 7, 1), value=Decimal(900000)),),
        )
        assert ["goal:G1"] == subjects(variant, "MC501")

    def test_silent_on_a_step_outside_the_term(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A step beyond the limit dated after the term asks nothing of it (MC110's)."""
        variant = _target(
            compliant,
            steps=(Step(starting=dt.date(2027, 1, 1), value=Decimal(900000)),),
        )
        assert ([], ["goal:G1"]) == (
            subjects(variant, "MC501"),
            subjects(variant, "MC110"),
        )

    def test_fires_on_the_value_in_force_at_the_start(
        self, compliant: Agreement
    ) -> None:
        """A step before the term sets the value asked: its 900 000 is judged, not 400 000."""
        variant = _target(
            compliant,
            baseline=Decimal(100000),
            steps=(Step(starting=dt.date(2025, 7, 1), value=Decimal(900000)),),
        )
        report = check(variant, as_of=AS_OF)
        found = [
            (f.params["value"], f.params["growth"])
            for f in report.findings
            if f.code == "MC501"
        ]
        assert [("900000", "800")] == found

    def test_silent_without_baseline(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """Without a baseline there is no growth to judge."""
        assert [] == subjects(_target(compliant, baseline=None), "MC501")


class TestMC501AtMost:
    """MC501 fires on an AT_MOST target cut far below a positive baseline: the mirror."""

    @staticmethod
    def _cut(agreement: Agreement, value: str, *steps: Step) -> Agreement:
        return _target(
            agreement,
            direction=Direction.AT_MOST,
            value=Decimal(value),
            baseline=Decimal(14),
            steps=steps,
        )

    def test_fires(self, compliant: Agreement) -> None:
        """A lead time of 1 day from 14 is a cut of 92.9 percent: the baseline is 1300 percent above it."""
        report = check(self._cut(compliant, "1"), as_of=AS_OF)

        (found,) = [f for f in report.findings if f.code == "MC501"]

        assert ("goal:G1", "goals[0].target") == (found.subject, found.path)
        assert {
            "direction": "at_most",
            "value": "1",
            "baseline": "14",
            "cut": "92.9",
            "growth": "1300",
            "max_growth": "300",
        } == {
            key: found.params[key]
            for key in found.params
            if key not in {"goal", "title"}
        }
        assert (
            'Goal G1 "Grow joint revenue" aims at 1 from a baseline of 14, a cut '
            "of 92.9 percent: the baseline is 1300 percent above the target "
            "where at most 300 percent is realistic; raise the target or ramp "
            "it down with steps."
        ) == found.message

    def test_in_german(self, compliant: Agreement) -> None:
        """The report in German words the cut in its own sentence."""
        report = check(self._cut(compliant, "1"), as_of=AS_OF)

        text = render(report, locale="de")

        assert "eine Senkung um 92,9 Prozent" in text

    def test_silent_at_the_limit(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """3.5 from 14 is a quarter of the baseline: 300 percent, within the default."""
        assert [] == subjects(self._cut(compliant, "3.5"), "MC501")

    def test_fires_beyond_it(self, compliant: Agreement, subjects: Subjects) -> None:
        """3.4 from 14 is past a quarter of the baseline."""
        assert ["goal:G1"] == subjects(self._cut(compliant, "3.4"), "MC501")

    def test_fires_on_a_step(self, compliant: Agreement, subjects: Subjects) -> None:
        """A ramp step down to 1 counts, from a value of 10."""
        step = Step(starting=dt.date(2026, 7, 1), value=Decimal(1))
        assert ["goal:G1"] == subjects(self._cut(compliant, "10", step), "MC501")

    def test_silent_at_zero(self, compliant: Agreement, subjects: Subjects) -> None:
        """A target of 0 (no late shipments) has no ratio to judge."""
        assert [] == subjects(self._cut(compliant, "0"), "MC501")


class TestMC601:
    """MC601 fires on an incentive that rewards an outcome without a target."""

    def test_fires(self, compliant: Agreement, subjects: Subjects) -> None:
        """A bonus on a goal without a target rewards nothing measured."""
        goal = attrs.evolve(compliant.goals[0], target=None)
        variant = attrs.evolve(compliant, goals=(goal,))
        assert ["incentive:I1"] == subjects(variant, "MC601")

    def test_silent(self, compliant: Agreement, subjects: Subjects) -> None:
        """A bonus on a goal with a target is measured."""
        assert [] == subjects(compliant, "MC601")

    def test_fires_on_a_contribution(self, compliant: Agreement) -> None:
        """A bonus on a pledge without a target points at the incentive's `contribution`."""
        pledge = attrs.evolve(compliant.contributions[0], target=None)
        variant = _incentive(
            attrs.evolve(
                compliant, contributions=(pledge, *compliant.contributions[1:])
            ),
            goal=None,
            contribution=pledge.id,
        )
        (found,) = [
            f for f in check(variant, as_of=AS_OF).findings if f.code == "MC601"
        ]
        assert (
            "incentive:I1",
            "incentives[0].contribution",
            "contribution",
            "error",
        ) == (found.subject, found.path, found.params["outcome_kind"], found.severity)
        assert "contribution C1" in found.message


class TestMC602:
    """MC602 fires on a rate incentive without a cap."""

    def _rate(self) -> tuple[Tier, ...]:
        return (Tier(threshold=Decimal(1), rate=Decimal("0.05"), of="revenue"),)

    def test_fires(self, compliant: Agreement, subjects: Subjects) -> None:
        """Five percent of revenue without a cap is an unbounded liability."""
        assert ["incentive:I1"] == subjects(
            _incentive(compliant, tiers=self._rate()), "MC602"
        )

    def test_silent_with_a_cap(self, compliant: Agreement, subjects: Subjects) -> None:
        """A cap bounds it."""
        variant = _incentive(
            compliant,
            tiers=self._rate(),
            cap=Quantity(amount=Decimal(20000), unit="EUR"),
        )
        assert [] == subjects(variant, "MC602")

    def test_silent_on_amounts_and_statuses(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """Fixed amounts and statuses are bounded without a cap."""
        statuses = (Tier(threshold=Decimal(1), status="gold"),)
        assert [] == subjects(compliant, "MC602")
        assert [] == subjects(_incentive(compliant, tiers=statuses), "MC602")


class TestMC605:
    """MC605 warns of a tier's threshold or a rate written as a percentage where a ratio is meant."""

    def test_threshold_and_rate(self, compliant: Agreement) -> None:
        """100 and 2 typed for 100 % and 2 %: a tier at 10,000 % paying 200 %, each told with the fix."""
        variant = _incentive(
            compliant,
            tiers=(Tier(threshold=Decimal(100), rate=Decimal(2), of="revenue"),),
            cap=Quantity(amount=Decimal(20000), unit="EUR"),
        )

        found = [
            (f.subject, f.path, f.severity, f.message, dict(f.params))
            for f in check(variant, as_of=AS_OF).findings
            if f.code == "MC605"
        ]

        assert [
            (
                "incentive:I1",
                "incentives[0].tiers[0].rate",
                "warning",
                (
                    'Incentive I1 "Revenue bonus" has a tier paying 200 percent of '
                    "metric revenue, more than all of it; a rate is a ratio: if 2 "
                    "percent is meant, write 0.02."
                ),
                {
                    "incentive": "I1",
                    "title": "Revenue bonus",
                    "field": "rate",
                    "metric": "revenue",
                    "rate": "2",
                    "percent": "200",
                    "meant": "0.02",
                },
            ),
            (
                "incentive:I1",
                "incentives[0].tiers[0].threshold",
                "warning",
                (
                    'Incentive I1 "Revenue bonus" has a tier reached at 10000 '
                    "percent of its target, which no window is likely to reach; a "
                    "threshold is a ratio of the target: if 100 percent is meant, "
                    "write 1."
                ),
                {
                    "incentive": "I1",
                    "title": "Revenue bonus",
                    "field": "threshold",
                    "threshold": "100",
                    "percent": "10000",
                    "meant": "1",
                },
            ),
        ] == found

    def test_remedy_rate(self, compliant: Agreement) -> None:
        """A remedy charging 5 (500 %) of revenue per unit of shortfall is told too."""
        penalty = Remedy(
            id="R1",
            title="Penalty",
            payer="globex",
            beneficiary="acme",
            goal="G1",
            rate=Decimal(5),
            of="revenue",
            cap=Quantity(amount=Decimal(1000), unit="EUR"),
        )
        variant = compliant.amend(remedies=(penalty,))

        (found,) = [
            f for f in check(variant, as_of=AS_OF).findings if f.code == "MC605"
        ]

        assert ("remedy:R1", "remedies[0].rate", "0.05") == (
            found.subject,
            found.path,
            found.params["meant"],
        )
        assert found.message.startswith(
            'Remedy R1 "Penalty" charges 500 percent of metric revenue for every '
            "unit of shortfall"
        )

    def test_silent_on_ratios(self, compliant: Agreement, subjects: Subjects) -> None:
        """Thresholds up to 9.99 and rates up to 1 (all of the metric) read as ratios."""
        variant = _incentive(
            compliant,
            tiers=(
                Tier(threshold=Decimal("0.9"), rate=Decimal("0.02"), of="revenue"),
                Tier(threshold=Decimal("1.2"), rate=Decimal(1), of="revenue"),
                Tier(threshold=Decimal("9.99"), rate=Decimal("0.5"), of="revenue"),
            ),
            cap=Quantity(amount=Decimal(20000), unit="EUR"),
        )

        assert [] == subjects(variant, "MC605")
        assert [] == subjects(compliant, "MC605")

    def test_every_tier_at_its_path(self, compliant: Agreement) -> None:
        """Percentages typed for every tier are told tier by tier."""
        variant = _incentive(
            compliant,
            tiers=(
                Tier(
                    threshold=Decimal(100),
                    amount=Quantity(amount=Decimal(1), unit="EUR"),
                ),
                Tier(
                    threshold=Decimal(120),
                    amount=Quantity(amount=Decimal(2), unit="EUR"),
                ),
            ),
        )

        assert [
            ("incentives[0].tiers[0].threshold", "1"),
            ("incentives[0].tiers[1].threshold", "1.2"),
        ] == [
            (f.path, f.params["meant"])
            for f in check(variant, as_of=AS_OF).findings
            if f.code == "MC605"
        ]

    def test_in_every_language(self, compliant: Agreement) -> None:
        """The report words it in German, French, Spanish and Japanese, with the locale's numbers."""
        variant = _incentive(
            compliant,
            tiers=(
                Tier(
                    threshold=Decimal(120),
                    amount=Quantity(amount=Decimal(1), unit="EUR"),
                ),
            ),
        )
        report = check(variant, as_of=AS_OF)

        assert "bei 12.000 Prozent der Vorgabe" in render(report, locale="de")
        assert "schreiben Sie 1,2." in render(report, locale="de")
        assert "à 12\u202f000\xa0% de sa cible" in render(report, locale="fr")
        assert "al 12.000 por ciento de su meta" in render(report, locale="es")
        assert "1.2 と書いてください" in render(report, locale="ja")
