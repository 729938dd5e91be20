"""A valid agreement that uses every part of the model, for the model tests.

Its shape is the IT software case of SPEC §1 (a vendor, a reseller), plus a
third party, a metric, a goal and a contribution that nothing refers to, so
that a test can break one of those without breaking a reference too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mutualcommit.model import (
    ActionItem,
    Aggregation,
    Agreement,
    Clause,
    Contribution,
    ContributionKind,
    Direction,
    Goal,
    Incentive,
    Metric,
    Party,
    Period,
    Pillar,
    Quantity,
    ResourceAllocation,
    Review,
    Role,
    Signature,
    Step,
    Target,
    Tier,
)

START = dt.date(2026, 1, 1)
END = dt.date(2026, 12, 31)


def make_agreement() -> Agreement:
    """Build the reference agreement (a new object each time)."""
    return Agreement(
        id="acme-globex-2026",
        title="Acme and Globex: co-selling in 2026",
        parties=(
            Party(
                id="acme",
                name="Acme Software",
                role=Role.VENDOR,
                capacity=(
                    Quantity(amount=Decimal(100000), unit="EUR"),
                    Quantity(amount=Decimal(2), unit="fte"),
                ),
            ),
            Party(id="globex", name="Globex Reseller", role=Role.PARTNER),
            Party(id="initech", name="Initech", role=Role.PARTNER),
        ),
        start=START,
        end=END,
        currency="EUR",
        metrics=(
            Metric(
                id="cosell-opps",
                name="Co-selling opportunities",
                unit="count",
                aggregation=Aggregation.COUNT,
                reported_by="globex",
            ),
            Metric(
                id="revenue",
                name="Partner-sourced revenue",
                unit="EUR",
                aggregation=Aggregation.SUM,
                reported_by="globex",
            ),
            Metric(
                id="certified",
                name="Certified engineers",
                unit="count",
                aggregation=Aggregation.LAST,
                reported_by="acme",
            ),
            Metric(
                id="nps",
                name="Partner NPS",
                unit="percent",
                aggregation=Aggregation.MEAN,
            ),
        ),
        goals=(
            Goal(
                id="pipeline",
                title="Grow the co-sold pipeline",
                target=Target(
                    metric="cosell-opps",
                    value=Decimal(10),
                    direction=Direction.AT_LEAST,
                    per=Period.QUARTER,
                    where={"party": "globex"},
                ),
            ),
            Goal(
                id="revenue",
                title="Partner-sourced revenue",
                target=Target(
                    metric="revenue",
                    value=Decimal(500000),
                    direction=Direction.AT_LEAST,
                    baseline=Decimal(250000),
                    due=dt.date(2026, 12, 15),
                    steps=(
                        Step(starting=dt.date(2026, 7, 1), value=Decimal(600000)),
                        Step(starting=dt.date(2026, 10, 1), value=Decimal(700000)),
                    ),
                ),
                weight=Decimal(2),
            ),
            Goal(id="spare", title="A goal nothing refers to"),
        ),
        contributions=(
            Contribution(
                id="cosell",
                party="globex",
                title="Co-sell opportunities each month",
                kind=ContributionKind.CO_SELLING,
                pillar=Pillar.SELL,
                supports=("pipeline", "revenue"),
                target=Target(
                    metric="cosell-opps",
                    value=Decimal(3),
                    direction=Direction.AT_LEAST,
                    per=Period.MONTH,
                ),
            ),
            Contribution(
                id="training",
                party="acme",
                title="Partner enablement training",
                kind=ContributionKind.ENABLEMENT_TRAINING,
                pillar=Pillar.ENABLE,
                supports=("pipeline",),
                target=Target(
                    metric="certified", value=Decimal(4), direction=Direction.AT_LEAST
                ),
            ),
            Contribution(
                id="feedback",
                party="initech",
                title="Product feedback",
                kind=ContributionKind.PRODUCT_FEEDBACK,
            ),
        ),
        allocations=(
            ResourceAllocation(
                id="mdf",
                party="acme",
                amount=Quantity(amount=Decimal(20000), unit="EUR"),
                per=Period.QUARTER,
                contribution="training",
            ),
            ResourceAllocation(
                id="sales-rep",
                party="globex",
                amount=Quantity(amount=Decimal("0.5"), unit="fte"),
                contribution="cosell",
            ),
        ),
        incentives=(
            Incentive(
                id="rebate",
                title="Revenue rebate",
                payer="acme",
                beneficiary="globex",
                goal="revenue",
                tiers=(
                    Tier(threshold=Decimal(1), rate=Decimal("0.02"), of="revenue"),
                    Tier(threshold=Decimal("1.2"), rate=Decimal("0.03"), of="revenue"),
                ),
                cap=Quantity(amount=Decimal(50000), unit="EUR"),
            ),
            Incentive(
                id="level",
                title="Partner level",
                payer="acme",
                beneficiary="globex",
                contribution="cosell",
                tiers=(
                    Tier(threshold=Decimal(1), status="silver"),
                    Tier(threshold=Decimal("1.5"), status="gold"),
                ),
            ),
            Incentive(
                id="spiff",
                title="Co-selling bonus",
                payer="acme",
                beneficiary="globex",
                goal="pipeline",
                tiers=(
                    Tier(
                        threshold=Decimal(1),
                        amount=Quantity(amount=Decimal(1000), unit="EUR"),
                    ),
                ),
                cap=Quantity(amount=Decimal(4000), unit="EUR"),
            ),
        ),
        clauses=(Clause(id="payment", title="Payment terms", text="Net 30 days."),),
        review_rule="FREQ=MONTHLY;INTERVAL=3",
        reviews=(
            Review(
                id="q1",
                held_on=dt.date(2026, 3, 31),
                attendees=("acme", "globex"),
                actions=(
                    ActionItem(
                        id="a1",
                        owner="globex",
                        title="Register two more deals",
                        due=dt.date(2026, 4, 30),
                        goals=("pipeline",),
                        contributions=("cosell",),
                    ),
                ),
            ),
        ),
        signatures=(
            Signature(
                party="acme",
                signed_by="Ada Vendor",
                signed_on=dt.date(2025, 12, 15),
                fingerprint="sha256:" + "0" * 64,
            ),
        ),
    )


@pytest.fixture
def agreement() -> Agreement:
    """Return the reference agreement."""
    return make_agreement()
