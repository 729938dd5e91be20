"""A document's cost grows with the document: reads of its fields counted, no clock.

Each case renders a plan at two sizes and counts the reads of the field a
per-item scan would read over and over: twice the parties (or goals, or
remedies) must read it at most twice as often. A renderer that went
through every pledge once per party would read it four times as often.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import attrs

from mutualcommit.model import (
    Agreement,
    Contribution,
    ContributionKind,
    Goal,
    Party,
    Quantity,
    ResourceAllocation,
    Role,
)
from mutualcommit.render import render

Small = Callable[..., Agreement]
Reads = Callable[[type, str], Counter[str]]


def _reads(agreement: Agreement, reads: Reads, cls: type, name: str) -> int:
    """Render *agreement* as Markdown; return how often ``cls.name`` was read."""
    counts = reads(cls, name)
    key = f"{cls.__name__}.{name}"
    before = counts[key]
    render(agreement)
    return counts[key] - before


def _partners(small: Small, n: int) -> Agreement:
    """The small plan with *n* more partners, each with a pledge."""
    plan = small()
    return small(
        parties=(
            *plan.parties,
            *(Party(id=f"p{i}", name=f"P{i}", role=Role.PARTNER) for i in range(n)),
        ),
        contributions=(
            *plan.contributions,
            *(
                Contribution(
                    id=f"c{i}",
                    party=f"p{i}",
                    title=f"Co-sell {i}",
                    kind=ContributionKind.CO_SELLING,
                )
                for i in range(n)
            ),
        ),
    )


def _goals(small: Small, n: int) -> Agreement:
    """The small plan with *n* more goals, each supported by a pledge of its own."""
    plan = small()
    return small(
        goals=(*plan.goals, *(Goal(id=f"g{i}", title=f"Goal {i}") for i in range(n))),
        contributions=(
            *plan.contributions,
            *(
                Contribution(
                    id=f"c{i}",
                    party="globex",
                    title=f"Co-sell {i}",
                    kind=ContributionKind.CO_SELLING,
                    supports=(f"g{i}",),
                )
                for i in range(n)
            ),
        ),
    )


def _funded(small: Small, n: int) -> Agreement:
    """The small plan with *n* more pledges, each with a resource of its own."""
    plan = _partners(small, n)
    return attrs.evolve(
        plan,
        allocations=(
            *plan.allocations,
            *(
                ResourceAllocation(
                    id=f"a{i}",
                    party=f"p{i}",
                    amount=Quantity(amount=Decimal(i + 1), unit="EUR"),
                    contribution=f"c{i}",
                )
                for i in range(n)
            ),
        ),
    )


class TestAgreement:
    """The written agreement goes through each list once, not once per item of another."""

    def test_commitments_per_party(self, small: Small, attribute_reads: Reads) -> None:
        """Twice the partners, each with a pledge: at most twice the reads of a pledge's party."""
        few = _reads(_partners(small, 20), attribute_reads, Contribution, "party")
        many = _reads(_partners(small, 40), attribute_reads, Contribution, "party")

        assert many <= 2 * few

    def test_supporters_per_goal(self, small: Small, attribute_reads: Reads) -> None:
        """Twice the goals, each with its pledge: at most twice the reads of what pledges support."""
        few = _reads(_goals(small, 20), attribute_reads, Contribution, "supports")
        many = _reads(_goals(small, 40), attribute_reads, Contribution, "supports")

        assert many <= 2 * few

    def test_resources_per_commitment(
        self, small: Small, attribute_reads: Reads
    ) -> None:
        """Twice the pledges, each funded: at most twice the reads of what a resource funds."""
        few = _reads(
            _funded(small, 20), attribute_reads, ResourceAllocation, "contribution"
        )
        many = _reads(
            _funded(small, 40), attribute_reads, ResourceAllocation, "contribution"
        )

        assert many <= 2 * few
