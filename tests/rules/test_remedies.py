from decimal import Decimal
from typing import Any

import attrs

from mutualcommit import Agreement, Quantity, Remedy, check

from .conftest import AS_OF, Subjects


def _remedy(agreement: Agreement, **changes: Any) -> Agreement:
    """Give *agreement* one remedy on Globex's co-selling pledge C1."""
    fields: dict[str, Any] = {
        "id": "R1",
        "title": "Missed co-selling",
        "payer": "globex",
        "beneficiary": "acme",
        "contribution": "C1",
        "amount": Quantity(amount=Decimal(500), unit="EUR"),
        "cap": Quantity(amount=Decimal(5000), unit="EUR"),
    }
    fields.update(changes)
    return attrs.evolve(agreement, remedies=(Remedy(**fields),))


class TestMC603:
    """MC603 fires on a remedy without a cap."""

    def test_fires(self, compliant: Agreement) -> None:
        """A remedy without a cap warns, at the remedy's ``cap``, naming the payer."""
        variant = _remedy(compliant, cap=None)
        (found,) = [
            f for f in check(variant, as_of=AS_OF).findings if f.code == "MC603"
        ]
        assert ("remedy:R1", "remedies[0].cap", "warning", "globex") == (
            found.subject,
            found.path,
            found.severity,
            found.params["payer"],
        )
        assert 'Remedy R1 "Missed co-selling" has no cap' in found.message

    def test_silent_with_a_cap(self, compliant: Agreement, subjects: Subjects) -> None:
        """An absolute cap bounds it."""
        assert [] == subjects(_remedy(compliant), "MC603")

    def test_silent_with_a_cap_share(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A share of a base amount bounds it too."""
        variant = _remedy(
            compliant,
            cap=None,
            cap_share=Decimal("0.1"),
            cap_base=Quantity(amount=Decimal(40000), unit="EUR"),
        )
        assert [] == subjects(variant, "MC603")


class TestMC604:
    """MC604 fires on a remedy whose basis has no target."""

    def test_fires_on_a_contribution(self, compliant: Agreement) -> None:
        """A remedy on a pledge without a target is an error at its ``contribution``."""
        pledge = attrs.evolve(compliant.contributions[0], target=None)
        variant = _remedy(
            attrs.evolve(
                compliant, contributions=(pledge, *compliant.contributions[1:])
            )
        )
        (found,) = [
            f for f in check(variant, as_of=AS_OF).findings if f.code == "MC604"
        ]
        assert (
            "remedy:R1",
            "remedies[0].contribution",
            "contribution",
            "error",
        ) == (found.subject, found.path, found.params["basis_kind"], found.severity)
        assert "contribution C1" in found.message

    def test_fires_on_a_goal(self, compliant: Agreement, subjects: Subjects) -> None:
        """A remedy on a goal without a target fires too."""
        goal = attrs.evolve(compliant.goals[0], target=None)
        variant = _remedy(
            attrs.evolve(compliant, goals=(goal,)), contribution=None, goal="G1"
        )
        assert ["remedy:R1"] == subjects(variant, "MC604")

    def test_silent(self, compliant: Agreement, subjects: Subjects) -> None:
        """A remedy on a pledge with a target can be measured."""
        assert [] == subjects(_remedy(compliant), "MC604")


class TestMC107:
    """A remedy's money in a currency babel does not know is reported, as an incentive's."""

    def test_fires_once_at_the_first_place(self, compliant: Agreement) -> None:
        """An amount and a cap in ABC: one finding, at the amount's unit."""
        abc = Quantity(amount=Decimal(500), unit="ABC")
        variant = _remedy(compliant, amount=abc, cap=abc)

        findings = [
            f for f in check(variant, as_of=AS_OF).findings if f.code == "MC107"
        ]

        assert [("remedy:R1", "remedies[0].amount.unit", "ABC")] == [
            (f.subject, f.path, f.params["currency"]) for f in findings
        ]
        assert findings[0].message.startswith(
            'Remedy R1 "Missed co-selling" is owed in ABC, which is not an ISO 4217'
        )

    def test_silent_in_euros(self, compliant: Agreement) -> None:
        """EUR is an ISO 4217 code."""
        findings = check(_remedy(compliant), as_of=AS_OF).findings
        assert [] == [f for f in findings if f.code == "MC107"]
