"""A small compliant agreement for the rule tests to derive variants from.

`compliant` is signed by both parties and reviewed on its quarterly schedule,
and has no finding at all as of `AS_OF`; each test changes one thing with
`attrs.evolve` and looks at the findings of one code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal

import pytest

from mutualcommit.model import (
    Aggregation,
    Agreement,
    Contribution,
    ContributionKind,
    Direction,
    Goal,
    Incentive,
    Metric,
    Observation,
    Party,
    Period,
    Quantity,
    ResourceAllocation,
    Review,
    Role,
    Target,
    Tier,
)
from mutualcommit.rules import DEFAULT_POLICY, Policy, check

AS_OF = dt.date(2026, 11, 2)

Subjects = Callable[..., list[str]]


def _signed(agreement: Agreement) -> Agreement:
    signed = agreement.sign("acme", "Ada Acme", dt.date(2025, 12, 15))
    return signed.sign("globex", "Gil Globex", dt.date(2025, 12, 16))


def build() -> Agreement:
    """Return the compliant agreement, signed by both parties."""
    return _signed(
        Agreement(
            id="mc-2026",
            title="Acme and Globex 2026",
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 12, 31),
            currency="EUR",
            parties=(
                Party(
                    id="acme",
                    name="Acme Software",
                    role=Role.VENDOR,
                    capacity=(Quantity(amount=Decimal(100000), unit="EUR"),),
                ),
                Party(
                    id="globex",
                    name="Globex Solutions",
                    role=Role.PARTNER,
                    capacity=(
                        Quantity(amount=Decimal(50000), unit="EUR"),
                        Quantity(amount=Decimal(2), unit="fte"),
                    ),
                ),
            ),
            metrics=(
                Metric(
                    id="revenue",
                    name="Joint revenue",
                    unit="EUR",
                    aggregation=Aggregation.SUM,
                    reported_by="globex",
                ),
                Metric(
                    id="opps",
                    name="Co-selling opportunities",
                    unit="count",
                    aggregation=Aggregation.COUNT,
                    reported_by="globex",
                ),
                Metric(
                    id="sessions",
                    name="Training sessions",
                    unit="count",
                    aggregation=Aggregation.COUNT,
                    reported_by="acme",
                ),
            ),
            goals=(
                Goal(
                    id="G1",
                    title="Grow joint revenue",
                    target=Target(
                        metric="revenue",
                        value=Decimal(400000),
                        direction=Direction.AT_LEAST,
                        baseline=Decimal(200000),
                    ),
                ),
            ),
            contributions=(
                Contribution(
                    id="C1",
                    party="globex",
                    title="Co-sell opportunities",
                    kind=ContributionKind.CO_SELLING,
                    supports=("G1",),
                    target=Target(
                        metric="opps",
                        value=Decimal(10),
                        direction=Direction.AT_LEAST,
                        per=Period.QUARTER,
                    ),
                ),
                Contribution(
                    id="C2",
                    party="acme",
                    title="Partner enablement training",
                    kind=ContributionKind.ENABLEMENT_TRAINING,
                    supports=("G1",),
                    target=Target(
                        metric="sessions",
                        value=Decimal(4),
                        direction=Direction.AT_LEAST,
                    ),
                ),
            ),
            allocations=(
                ResourceAllocation(
                    id="A1",
                    party="acme",
                    amount=Quantity(amount=Decimal(40000), unit="EUR"),
                    contribution="C2",
                ),
                ResourceAllocation(
                    id="A2",
                    party="globex",
                    amount=Quantity(amount=Decimal(20000), unit="EUR"),
                    contribution="C1",
                ),
            ),
            incentives=(
                Incentive(
                    id="I1",
                    title="Revenue bonus",
                    payer="acme",
                    beneficiary="globex",
                    goal="G1",
                    tiers=(
                        Tier(
                            threshold=Decimal(1),
                            amount=Quantity(amount=Decimal(5000), unit="EUR"),
                        ),
                    ),
                ),
            ),
            review_rule="FREQ=MONTHLY;INTERVAL=3",
            reviews=tuple(
                Review(id=f"R{i}", held_on=day, attendees=("acme", "globex"))
                for i, day in enumerate(
                    (
                        dt.date(2026, 1, 5),
                        dt.date(2026, 4, 3),
                        dt.date(2026, 7, 2),
                        dt.date(2026, 10, 1),
                    ),
                    start=1,
                )
            ),
        )
    )


@pytest.fixture(scope="session")
def compliant() -> Agreement:
    """The compliant, signed, reviewed agreement."""
    return build()


@pytest.fixture
def as_of() -> dt.date:
    """The day the compliant agreement is checked as of: reviews held, grace over."""
    return AS_OF


@pytest.fixture
def subjects() -> Subjects:
    """Return the subjects of one code's findings in force, for a check of an agreement."""

    def found(
        agreement: Agreement,
        code: str,
        *,
        as_of: dt.date = AS_OF,
        observations: Iterable[Observation] | None = None,
        policy: Policy = DEFAULT_POLICY,
    ) -> list[str]:
        report = check(agreement, as_of=as_of, observations=observations, policy=policy)
        return [f.subject for f in report.findings if f.code == code]

    return found
