"""Build the manufacturer + distributor agreement in code.

The second of the two example relationships: Bolt Manufacturing
and Northwind Distribution commit to joint inventory forecasting for the
fiscal year that starts in April 2026. Northwind pledges its sales targets
and opens a new region; Bolt guarantees delivery lead times (a target where
lower is better) and trains Northwind's sales staff. The fiscal year is
named for the year it starts in, as Japanese firms name theirs (年度): April
2026 to March 2027 is FY2026.

This script generated ``examples/manufacturer/agreement.json``; a test
checks that the two never drift apart::

    python examples/build_manufacturer.py                  # print the JSON
    python examples/build_manufacturer.py --output PATH    # write it to PATH
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from mutualcommit import (
    ActionItem,
    Aggregation,
    Agreement,
    Clause,
    Contribution,
    ContributionKind,
    Direction,
    ExceptionCriterion,
    FiscalCalendar,
    Goal,
    Incentive,
    Metric,
    Party,
    Period,
    Pillar,
    Quantity,
    Remedy,
    ResourceAllocation,
    Review,
    Role,
    Step,
    Target,
    Tier,
    dumps,
)

BOLT = "bolt"
NORTHWIND = "northwind"


def parties() -> tuple[Party, ...]:
    """Return the manufacturer and its distributor."""
    return (
        Party(
            id=BOLT,
            name="Bolt Manufacturing",
            role=Role.VENDOR,
            capacity=(
                Quantity(amount=Decimal(250000), unit="USD"),
                Quantity(amount=Decimal(160), unit="hour"),
                Quantity(amount=Decimal(2), unit="fte"),
            ),
            extensions={"erp": {"customer_no": "C-20417"}},
        ),
        Party(
            id=NORTHWIND,
            name="Northwind Distribution",
            role=Role.PARTNER,
            capacity=(
                Quantity(amount=Decimal(80000), unit="USD"),
                Quantity(amount=Decimal(6), unit="fte"),
            ),
            extensions={"erp": {"vendor_no": "V-10482"}},
        ),
    )


def metrics() -> tuple[Metric, ...]:
    """Return what is measured, and which party reports each measure.

    The supply-chain measures are computed by the library from the raw
    records both sides already exchange (CPFR runs weekly): Northwind's
    purchase orders, Bolt's shipments, both sides' weekly demand forecasts
    and Northwind's point-of-sale units.
    """
    return (
        Metric(
            id="forecast-accuracy",
            name="Forecast accuracy",
            unit="percent",
            aggregation=Aggregation.FORECAST_ACCURACY,
            description=(
                "1 - WMAPE of each side's weekly demand forecast, made the week "
                "before, against the units sold, per SKU and ISO week."
            ),
            forecast="demand-forecast",
            actual="units-sold",
            lag=1,
        ),
        Metric(
            id="demand-forecast",
            name="Weekly demand forecast",
            unit="count",
            aggregation=Aggregation.SUM,
            reported_by=BOLT,
            description=(
                "Units forecast per SKU for an ISO week; at: the day it was made; "
                "dims: party (who forecast), item, bucket (the week forecast)."
            ),
        ),
        Metric(
            id="units-sold",
            name="Units sold through",
            unit="count",
            aggregation=Aggregation.SUM,
            reported_by=NORTHWIND,
            description="Weekly point-of-sale units per region and SKU (dims: region, item).",
        ),
        Metric(
            id="distributor-revenue",
            name="Distributor revenue from Bolt products",
            unit="USD",
            aggregation=Aggregation.SUM,
            reported_by=NORTHWIND,
        ),
        Metric(
            id="units-ordered",
            name="Units ordered",
            unit="count",
            aggregation=Aggregation.SUM,
            reported_by=NORTHWIND,
            description=(
                "Northwind's purchase orders; ref and dims.order: the PO number; "
                "dims: due, item."
            ),
        ),
        Metric(
            id="units-shipped",
            name="Units shipped",
            unit="count",
            aggregation=Aggregation.SUM,
            reported_by=BOLT,
            description="Bolt's shipments against purchase orders; dims: order, item.",
        ),
        Metric(
            id="fill-rate",
            name="Fill rate",
            unit="percent",
            aggregation=Aggregation.RATIO,
            numerator="units-shipped",
            denominator="units-ordered",
        ),
        Metric(
            id="otif",
            name="Orders on time and in full",
            unit="percent",
            aggregation=Aggregation.OTIF,
            orders="units-ordered",
            deliveries="units-shipped",
            grace_days=1,
        ),
        Metric(
            id="delivery-lead-time",
            name="Delivery lead time",
            unit="day",
            aggregation=Aggregation.LEAD_TIME,
            description="Days from purchase order to delivery in full.",
            orders="units-ordered",
            deliveries="units-shipped",
        ),
        Metric(
            id="training-hours",
            name="Product training delivered",
            unit="hour",
            aggregation=Aggregation.SUM,
            reported_by=BOLT,
        ),
    )


def goals() -> tuple[Goal, ...]:
    """Return the shared goals."""
    return (
        Goal(
            id="forecast-accuracy",
            title="Forecast demand jointly with 85 % accuracy",
            target=Target(
                metric="forecast-accuracy",
                value=Decimal(85),
                direction=Direction.AT_LEAST,
                per=Period.QUARTER,
                baseline=Decimal(72),
                where={"party": "joint"},
            ),
        ),
        Goal(
            id="sell-through",
            title="Sell through 12,000 units a quarter, 13,500 from the peak season",
            target=Target(
                metric="units-sold",
                value=Decimal(12000),
                direction=Direction.AT_LEAST,
                per=Period.QUARTER,
                baseline=Decimal(10000),
                steps=(Step(starting=dt.date(2026, 10, 1), value=Decimal(13500)),),
            ),
            weight=Decimal(2),
        ),
        Goal(
            id="annual-revenue",
            title="Grow distributor revenue to USD 2.6m in FY2026",
            target=Target(
                metric="distributor-revenue",
                value=Decimal(2600000),
                direction=Direction.AT_LEAST,
                per=Period.YEAR,
                baseline=Decimal(2100000),
            ),
        ),
        Goal(
            id="lead-time",
            title="Deliver within ten days on average",
            # Lower is better: the quarter's mean lead time is at most 10 days.
            target=Target(
                metric="delivery-lead-time",
                value=Decimal(10),
                direction=Direction.AT_MOST,
                per=Period.QUARTER,
                baseline=Decimal(14),
            ),
        ),
    )


def contributions() -> tuple[Contribution, ...]:
    """Return each side's pledges."""
    return (
        Contribution(
            id="northwind-forecast",
            party=NORTHWIND,
            title="Share a weekly demand forecast at 82 % accuracy",
            kind=ContributionKind.INVENTORY_FORECASTING,
            pillar=Pillar.STRATEGIZE,
            supports=("forecast-accuracy", "lead-time"),
            target=Target(
                metric="forecast-accuracy",
                value=Decimal(82),
                direction=Direction.AT_LEAST,
                per=Period.QUARTER,
                baseline=Decimal(68),
                where={"party": NORTHWIND},
            ),
        ),
        Contribution(
            id="northwind-sales-target",
            party=NORTHWIND,
            title="Sell USD 650k of Bolt products every quarter",
            kind=ContributionKind.OTHER,
            pillar=Pillar.SELL,
            supports=("sell-through", "annual-revenue"),
            target=Target(
                metric="distributor-revenue",
                value=Decimal(650000),
                direction=Direction.AT_LEAST,
                per=Period.QUARTER,
            ),
        ),
        Contribution(
            id="northwind-mountain",
            party=NORTHWIND,
            title="Open the Mountain region: 4,000 units in the year",
            kind=ContributionKind.MARKET_EXPANSION,
            pillar=Pillar.ACCELERATE,
            supports=("sell-through", "annual-revenue"),
            target=Target(
                metric="units-sold",
                value=Decimal(4000),
                direction=Direction.AT_LEAST,
                where={"region": "mountain"},
            ),
        ),
        Contribution(
            id="bolt-forecast",
            party=BOLT,
            title="Plan supply with a forecast at 88 % accuracy",
            kind=ContributionKind.INVENTORY_FORECASTING,
            pillar=Pillar.STRATEGIZE,
            supports=("forecast-accuracy",),
            target=Target(
                metric="forecast-accuracy",
                value=Decimal(88),
                direction=Direction.AT_LEAST,
                per=Period.QUARTER,
                baseline=Decimal(80),
                where={"party": BOLT},
            ),
        ),
        Contribution(
            id="bolt-lead-time",
            party=BOLT,
            title="Guarantee a mean delivery lead time of ten days, every month",
            kind=ContributionKind.DELIVERY_COMMITMENT,
            supports=("lead-time", "sell-through"),
            target=Target(
                metric="delivery-lead-time",
                value=Decimal(10),
                direction=Direction.AT_MOST,
                per=Period.MONTH,
                baseline=Decimal(14),
            ),
        ),
        Contribution(
            id="bolt-fill-rate",
            party=BOLT,
            title="Ship 97 % of the units ordered, every quarter",
            kind=ContributionKind.DELIVERY_COMMITMENT,
            supports=("lead-time", "sell-through"),
            target=Target(
                metric="fill-rate",
                value=Decimal(97),
                direction=Direction.AT_LEAST,
                per=Period.QUARTER,
            ),
        ),
        Contribution(
            id="bolt-otif",
            party=BOLT,
            title="Deliver 90 % of orders on time and in full, every quarter",
            kind=ContributionKind.DELIVERY_COMMITMENT,
            supports=("lead-time",),
            target=Target(
                metric="otif",
                value=Decimal(90),
                direction=Direction.AT_LEAST,
                per=Period.QUARTER,
            ),
        ),
        Contribution(
            id="bolt-training",
            party=BOLT,
            title="Train Northwind's sales staff 24 hours a quarter",
            kind=ContributionKind.ENABLEMENT_TRAINING,
            pillar=Pillar.ENABLE,
            supports=("sell-through", "annual-revenue"),
            target=Target(
                metric="training-hours",
                value=Decimal(24),
                direction=Direction.AT_LEAST,
                per=Period.QUARTER,
            ),
        ),
    )


def allocations() -> tuple[ResourceAllocation, ...]:
    """Return the money, people and time both sides commit."""
    return (
        ResourceAllocation(
            id="bolt-safety-stock",
            party=BOLT,
            amount=Quantity(amount=Decimal(180000), unit="USD"),
            contribution="bolt-lead-time",
            description="Consignment safety stock at Northwind's Reno warehouse.",
        ),
        ResourceAllocation(
            id="bolt-demand-planner",
            party=BOLT,
            amount=Quantity(amount=Decimal("0.5"), unit="fte"),
            contribution="bolt-forecast",
        ),
        ResourceAllocation(
            id="bolt-trainers",
            party=BOLT,
            amount=Quantity(amount=Decimal(130), unit="hour"),
            contribution="bolt-training",
        ),
        ResourceAllocation(
            id="northwind-demand-planner",
            party=NORTHWIND,
            amount=Quantity(amount=Decimal(1), unit="fte"),
            contribution="northwind-forecast",
        ),
        ResourceAllocation(
            id="northwind-sales-reps",
            party=NORTHWIND,
            amount=Quantity(amount=Decimal(3), unit="fte"),
            contribution="northwind-sales-target",
        ),
        ResourceAllocation(
            id="northwind-mountain-marketing",
            party=NORTHWIND,
            amount=Quantity(amount=Decimal(15000), unit="USD"),
            per=Period.QUARTER,
            contribution="northwind-mountain",
        ),
    )


def incentives() -> tuple[Incentive, ...]:
    """Return the distributor status Northwind earns by selling through."""
    return (
        Incentive(
            id="distributor-status",
            title="Preferred distributor status",
            payer=BOLT,
            beneficiary=NORTHWIND,
            goal="sell-through",
            tiers=(
                Tier(threshold=Decimal(1), status="preferred"),
                Tier(threshold=Decimal("1.1"), status="premier"),
            ),
            description=(
                "Preferred and premier distributors get first allocation of "
                "constrained products in the following quarter."
            ),
        ),
    )


def remedies() -> tuple[Remedy, ...]:
    """Return what Bolt owes Northwind when a month's lead time runs long."""
    return (
        Remedy(
            id="late-delivery-credit",
            title="Late-delivery credit",
            payer=BOLT,
            beneficiary=NORTHWIND,
            contribution="bolt-lead-time",
            # USD 1,500 per day of a month's mean lead time beyond 11 days
            # (the target's 10 days plus a day's grace), at most USD 30,000
            # over the year.
            amount=Quantity(amount=Decimal(1500), unit="USD"),
            grace=Decimal(1),
            cap=Quantity(amount=Decimal(30000), unit="USD"),
            termination_after=4,
            description=(
                "Credited against Northwind's next invoice; four charged months "
                "let Northwind terminate without the 120 days' notice."
            ),
        ),
    )


def clauses() -> tuple[Clause, ...]:
    """Return the written terms the model does not compute."""
    return (
        Clause(
            id="payment",
            title="Payment terms",
            text="Northwind pays Bolt's invoices within 45 days of delivery.",
        ),
        Clause(
            id="service-credits",
            title="Lead-time service credits",
            text=(
                "If the mean delivery lead time of a fiscal quarter exceeds 12 "
                "days, Bolt credits Northwind 1 % of that quarter's purchases."
            ),
        ),
        Clause(
            id="termination",
            title="Termination",
            text=(
                "Either party may terminate with 120 days' written notice; Bolt "
                "takes back unsold consignment stock at cost."
            ),
        ),
        Clause(
            id="confidentiality",
            title="Confidentiality",
            text=(
                "Forecasts and point-of-sale data are confidential and used only "
                "for joint planning under this agreement."
            ),
        ),
    )


def terms() -> Agreement:
    """Return the agreement as drafted, before anyone signs."""
    return Agreement(
        id="bolt-northwind-fy2026",
        title="Bolt Manufacturing and Northwind Distribution: Mutual Commit FY2026",
        parties=parties(),
        start=dt.date(2026, 4, 1),
        end=dt.date(2027, 3, 31),
        currency="USD",
        fiscal_calendar=FiscalCalendar(start_month=4, naming="start"),
        metrics=metrics(),
        goals=goals(),
        contributions=contributions(),
        allocations=allocations(),
        incentives=incentives(),
        clauses=clauses(),
        # The first Tuesday of each fiscal quarter: a kickoff in April, then
        # a review of the quarter that just closed.
        review_rule="FREQ=MONTHLY;INTERVAL=3;BYDAY=TU;BYSETPOS=1",
        exception_criteria=exception_criteria(),
        extensions={"erp": {"contract_no": "SA-2026-0417"}},
        remedies=remedies(),
    )


def exception_criteria() -> tuple[ExceptionCriterion, ...]:
    """Return the tolerances whose breaches Bolt must act on (CPFR exceptions)."""
    return (
        ExceptionCriterion(
            id="lead-time-by-sku",
            title="Monthly delivery lead time per SKU within 12 days",
            measure="delivery-lead-time",
            owner=BOLT,
            resolve_within_days=14,
            upper=Decimal(12),
            per=Period.MONTH,
            split="item",
        ),
    )


def reviews() -> tuple[Review, ...]:
    """Return the reviews held so far, with their actions."""
    both = (BOLT, NORTHWIND)
    return (
        Review(
            id="kickoff-2026-04",
            held_on=dt.date(2026, 4, 8),
            attendees=both,
            notes="Kickoff: forecast cadence, data feeds and the Mountain launch plan.",
            actions=(
                ActionItem(
                    id="pos-feed",
                    owner=NORTHWIND,
                    title="Share weekly point-of-sale data through the EDI feed",
                    due=dt.date(2026, 4, 30),
                    contributions=("northwind-forecast",),
                    done_on=dt.date(2026, 4, 24),
                ),
            ),
        ),
        Review(
            id="review-2026-07",
            held_on=dt.date(2026, 7, 8),
            attendees=both,
            notes=(
                "FY2026-Q1: sell-through met (preferred status) and the joint "
                "forecast at 87 %, but Northwind's own forecast was off (74 %) "
                "and Bolt's deliveries were late until the safety stock arrived "
                "in June: lead time 11 days, 59 % of orders on time and in full, "
                "a fill rate of 84 %."
            ),
            actions=(
                ActionItem(
                    id="weekly-sop",
                    owner=BOLT,
                    title="Hold a weekly sales and operations planning call",
                    due=dt.date(2026, 7, 17),
                    goals=("forecast-accuracy", "lead-time"),
                    contributions=(
                        "bolt-forecast",
                        "bolt-lead-time",
                        "bolt-fill-rate",
                        "bolt-otif",
                    ),
                    done_on=dt.date(2026, 7, 14),
                    exceptions=(
                        "lead-time-by-sku/BX-300/FY2026-M01",
                        "lead-time-by-sku/BX-300/FY2026-M02",
                    ),
                ),
                ActionItem(
                    id="forecast-by-sku",
                    owner=NORTHWIND,
                    title="Forecast the top 200 SKUs by store instead of by region",
                    due=dt.date(2026, 8, 31),
                    goals=("forecast-accuracy",),
                    contributions=("northwind-forecast",),
                    done_on=dt.date(2026, 8, 26),
                ),
                ActionItem(
                    id="mountain-dealers",
                    owner=NORTHWIND,
                    title="Sign two dealers in the Mountain region",
                    due=dt.date(2026, 9, 30),
                    contributions=("northwind-mountain",),
                    done_on=dt.date(2026, 9, 22),
                ),
            ),
        ),
        Review(
            id="review-2026-10",
            held_on=dt.date(2026, 10, 7),
            attendees=both,
            notes=(
                "FY2026-Q2: every target met and premier status earned. The "
                "Mountain region is still behind its yearly pledge."
            ),
            actions=(
                ActionItem(
                    id="denver-launch",
                    owner=BOLT,
                    title="Co-host a product launch with Northwind in Denver",
                    due=dt.date(2026, 11, 13),
                    contributions=("northwind-mountain",),
                    done_on=dt.date(2026, 11, 12),
                ),
                ActionItem(
                    id="mountain-rep",
                    owner=NORTHWIND,
                    title="Hire a sales rep based in the Mountain region",
                    due=dt.date(2026, 12, 18),
                    contributions=("northwind-mountain",),
                ),
            ),
        ),
    )


def build() -> Agreement:
    """Return the agreement, signed by both parties, with its held reviews."""
    agreement = (
        terms()
        .sign(BOLT, "Hiroshi Tanaka", on=dt.date(2026, 3, 18))
        .sign(NORTHWIND, "Laura Chen", on=dt.date(2026, 3, 23))
    )
    for review in reviews():
        agreement = agreement.record_review(review)
    return agreement


def main(argv: Sequence[str] | None = None) -> int:
    """Print the agreement's JSON document, or write it with ``--output``."""
    parser = argparse.ArgumentParser(
        description="Build the manufacturer example agreement and write its JSON."
    )
    parser.add_argument(
        "--output", type=Path, help="write the document to this file, not stdout"
    )
    args = parser.parse_args(argv)
    text = dumps(build(), indent=2)
    if not text.endswith("\n"):
        text += "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
