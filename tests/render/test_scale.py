"""A document's cost grows with the document: reads of its fields counted, no clock.

Each case renders a plan at two sizes and counts the reads of the field a
per-item scan would read over and over: twice the parties (or goals, or
remedies) must read it at most twice as often. A renderer that went
through every pledge once per party would read it four times as often.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import attrs

from mutualcommit.kpi import ExceptionReport, PlanException, RemedyResult, evaluate
from mutualcommit.model import (
    Agreement,
    Contribution,
    ContributionKind,
    ExceptionCriterion,
    Goal,
    Incentive,
    Party,
    Period,
    Quantity,
    Remedy,
    ResourceAllocation,
    Role,
    Target,
    Tier,
)
from mutualcommit.render import Renderable, render

Small = Callable[..., Agreement]
#: A day inside the small plan's term.
AS_OF = dt.date(2026, 9, 15)
Reads = Callable[[type, str], Counter[str]]


def _reads(document: Renderable, reads: Reads, cls: type, name: str) -> int:
    """Render *document* as Markdown; return how often ``cls.name`` was read."""
    counts = reads(cls, name)
    key = f"{cls.__name__}.{name}"
    before = counts[key]
    render(document)
    return counts[key] - before


def _partners(small: Small, n: int, target: Target | None = None) -> Agreement:
    """The small plan with *n* more partners, each with a pledge (of *target*)."""
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
                    target=target,
                )
                for i in range(n)
            ),
        ),
    )


def _owing(small: Small, n: int) -> Agreement:
    """The small plan with *n* more partners, each owing the vendor a remedy."""
    target = small().goals[0].target
    plan = _partners(small, n, target=target)
    return attrs.evolve(
        plan,
        remedies=tuple(
            Remedy(
                id=f"r{i}",
                title=f"Credit {i}",
                payer=f"p{i}",
                beneficiary="acme",
                contribution=f"c{i}",
                amount=_euros(100),
            )
            for i in range(n)
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


def _rewarded(small: Small, n: int) -> Agreement:
    """The small plan with *n* more goals, each with an incentive and a remedy."""
    plan = small()
    target = plan.goals[0].target
    return small(
        goals=(
            *plan.goals,
            *(Goal(id=f"g{i}", title=f"Goal {i}", target=target) for i in range(n)),
        ),
        incentives=tuple(
            Incentive(
                id=f"i{i}",
                title=f"Bonus {i}",
                payer="acme",
                beneficiary="globex",
                goal=f"g{i}",
                tiers=(
                    Tier(threshold=Decimal("0.5"), amount=_euros(50)),
                    Tier(threshold=Decimal(1), amount=_euros(150)),
                ),
            )
            for i in range(n)
        ),
        remedies=tuple(
            Remedy(
                id=f"r{i}",
                title=f"Credit {i}",
                payer="globex",
                beneficiary="acme",
                goal=f"g{i}",
                amount=_euros(100),
            )
            for i in range(n)
        ),
    )


def _euros(amount: int) -> Quantity:
    return Quantity(amount=Decimal(amount), unit="EUR")


def _exceptions(small: Small, n: int) -> ExceptionReport:
    """A report of the small plan with *n* criteria, each breached once."""
    plan = small(
        exception_criteria=tuple(
            ExceptionCriterion(
                id=f"x{i}",
                title=f"Criterion {i}",
                measure="opps",
                owner="globex",
                resolve_within_days=10,
                upper=Decimal(i),
                per=Period.MONTH,
            )
            for i in range(n)
        )
    )
    start, end = dt.date(2026, 1, 5), dt.date(2026, 1, 31)
    return ExceptionReport(
        agreement=plan,
        as_of=AS_OF,
        exceptions=tuple(
            PlanException(
                criterion=f"x{i}",
                item=None,
                window="FY2026-M01",
                start=start,
                end=end,
                value=Decimal(i + 1),
                bound="upper",
                limit=Decimal(i),
                owner="globex",
                opened_on=end,
                due=end + dt.timedelta(days=10),
            )
            for i in range(n)
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

    def test_incentives_and_remedies(
        self, small: Small, attribute_reads: Reads
    ) -> None:
        """Twice the goals, each rewarded and remedied: at most twice the reads of a goal's id.

        Each incentive, tier and remedy names goals, parties and metrics by
        id: from look-ups made once per document, not once per sentence.
        """
        few = _reads(_rewarded(small, 20), attribute_reads, Goal, "id")
        many = _reads(_rewarded(small, 40), attribute_reads, Goal, "id")

        assert many <= 2 * few


class TestScorecard:
    """The scorecard goes through each list once, not once per item of another."""

    def test_incentives_and_remedies(
        self, small: Small, attribute_reads: Reads
    ) -> None:
        """Twice the goals, each rewarded and remedied: at most twice the reads of a goal's id."""
        few_card = evaluate(_rewarded(small, 20), [], as_of=AS_OF)
        many_card = evaluate(_rewarded(small, 40), [], as_of=AS_OF)

        few = _reads(few_card, attribute_reads, Goal, "id")
        many = _reads(many_card, attribute_reads, Goal, "id")

        assert many <= 2 * few

    def test_commitments_per_party(self, small: Small, attribute_reads: Reads) -> None:
        """Twice the partners, each with a targeted pledge: at most twice the reads of a party's id."""
        target = small().goals[0].target
        few_card, many_card = (
            evaluate(_partners(small, n, target=target), [], as_of=AS_OF)
            for n in (20, 40)
        )

        few = _reads(few_card, attribute_reads, Party, "id")
        many = _reads(many_card, attribute_reads, Party, "id")

        assert many <= 2 * few

    def test_net_positions(self, small: Small, attribute_reads: Reads) -> None:
        """Twice the partners, each owing a remedy: at most twice the reads of a payer."""
        few_card, many_card = (
            evaluate(_owing(small, n), [], as_of=AS_OF) for n in (20, 40)
        )

        few = _reads(few_card, attribute_reads, RemedyResult, "payer")
        many = _reads(many_card, attribute_reads, RemedyResult, "payer")

        assert many <= 2 * few


class TestExceptionReport:
    """An exception report goes through the exceptions once, not once per criterion."""

    def test_exceptions_per_criterion(
        self, small: Small, attribute_reads: Reads
    ) -> None:
        """Twice the criteria, each breached: at most twice the reads of an exception's criterion."""
        few = _reads(
            _exceptions(small, 20), attribute_reads, PlanException, "criterion"
        )
        many = _reads(
            _exceptions(small, 40), attribute_reads, PlanException, "criterion"
        )

        assert many <= 2 * few
