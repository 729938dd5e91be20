"""Build the IT software vendor + channel partner agreement in code.

The first of the two example relationships: Acme Software, a
vendor, and Globex Solutions, its channel partner, sign a Mutual Commit for
2026. Globex commits to a number of co-selling opportunities each quarter,
to running Acme's through-channel marketing campaigns and to certifying its
sales reps; Acme provides enablement training, marketing development funds
(MDF) and fast deal-registration approvals. Both fund the plan, both sign,
and they review it every quarter.

Acme's MDF budget is a fund: it accrues on Globex's revenue, pays half of
each activity and wants claims within 60 days; its log of requests, claims
and payments is ``examples/it_vendor/fund_events.jsonl``.

This script generated ``examples/it_vendor/agreement.json`` and the fund
log; a test checks that they never drift apart::

    python examples/build_it_vendor.py                  # print the JSON
    python examples/build_it_vendor.py --output PATH    # write it to PATH
    python examples/build_it_vendor.py --fund-events PATH   # write the fund log
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from mutualcommit import (
    Accrual,
    ActionItem,
    Aggregation,
    Agreement,
    Clause,
    Contribution,
    ContributionKind,
    Direction,
    FiscalCalendar,
    Fund,
    FundEvent,
    FundEventKind,
    FundExpiry,
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
    Step,
    Target,
    Tier,
    dump_fund_events,
    dumps,
)

ACME = "acme"
GLOBEX = "globex"


def parties() -> tuple[Party, ...]:
    """Return the vendor and its partner, with what each can commit a year."""
    acme = Party(
        id=ACME,
        name="Acme Software",
        role=Role.VENDOR,
        # Capacity is per fiscal year: a planning input, never printed.
        capacity=(
            Quantity(amount=Decimal(150000), unit="EUR"),
            Quantity(amount=Decimal(200), unit="hour"),
            Quantity(amount=Decimal(1), unit="fte"),
        ),
        # The host application's own data round-trips untouched.
        extensions={"crm": {"account_id": "0015g00000AcmeSWA"}},
    )
    globex = Party(
        id=GLOBEX,
        name="Globex Solutions",
        role=Role.PARTNER,
        capacity=(
            Quantity(amount=Decimal(80000), unit="EUR"),
            Quantity(amount=Decimal(300), unit="hour"),
            Quantity(amount=Decimal(3), unit="fte"),
        ),
        extensions={
            "crm": {"account_id": "0015g00000GlobxSA"},
            "partner_tier": "silver",
        },
    )
    return (acme, globex)


def metrics() -> tuple[Metric, ...]:
    """Return what is measured, and which party reports each measure."""
    return (
        Metric(
            id="cosell-opps",
            name="Co-selling opportunities registered",
            unit="count",
            aggregation=Aggregation.COUNT,
            reported_by=GLOBEX,
            description=(
                "One record per deal registration in the Acme partner portal; "
                "dims: party (who sourced it), region."
            ),
        ),
        Metric(
            id="partner-revenue",
            name="Partner-sourced revenue",
            unit="EUR",
            aggregation=Aggregation.SUM,
            reported_by=GLOBEX,
            description="Closed-won licence revenue, one record per deal.",
        ),
        Metric(
            id="tcm-campaigns",
            name="Through-channel marketing campaigns run",
            unit="count",
            aggregation=Aggregation.COUNT,
            reported_by=GLOBEX,
        ),
        Metric(
            id="certified-reps",
            name="Acme-certified sales reps",
            unit="count",
            aggregation=Aggregation.LAST,
            reported_by=GLOBEX,
            description="Weekly reading from Acme's learning platform.",
        ),
        Metric(
            id="enablement-sessions",
            name="Enablement training sessions delivered",
            unit="count",
            aggregation=Aggregation.COUNT,
            reported_by=ACME,
        ),
        Metric(
            id="mdf-paid",
            name="Marketing development funds paid out",
            unit="EUR",
            aggregation=Aggregation.SUM,
            reported_by=ACME,
        ),
        Metric(
            id="dr-approval-days",
            name="Deal registration approval time",
            unit="day",
            aggregation=Aggregation.MEAN,
            reported_by=ACME,
            description="Days from registration to approval, one record per deal.",
        ),
        Metric(
            id="pipeline-value",
            name="Open co-sell pipeline",
            unit="EUR",
            aggregation=Aggregation.LAST,
            reported_by=GLOBEX,
            description="Weekly snapshot of the open co-sell pipeline.",
        ),
    )


def goals() -> tuple[Goal, ...]:
    """Return the shared goals, each with a measurable target."""
    return (
        Goal(
            id="co-sell-opportunities",
            title="Register more co-selling opportunities every quarter",
            # A ramp: 24 a quarter to start with, 30 from May, 36 from August.
            target=Target(
                metric="cosell-opps",
                value=Decimal(24),
                direction=Direction.AT_LEAST,
                per=Period.QUARTER,
                baseline=Decimal(18),
                steps=(
                    Step(starting=dt.date(2026, 5, 1), value=Decimal(30)),
                    Step(starting=dt.date(2026, 8, 1), value=Decimal(36)),
                ),
            ),
        ),
        Goal(
            id="partner-revenue",
            title="Grow partner-sourced revenue to EUR 400k a quarter",
            target=Target(
                metric="partner-revenue",
                value=Decimal(400000),
                direction=Direction.AT_LEAST,
                per=Period.QUARTER,
                baseline=Decimal(300000),
            ),
            weight=Decimal(2),
        ),
        Goal(
            id="dach-revenue",
            title="Open the DACH market: EUR 700k of revenue in 2026",
            # Only the observations from the DACH region count.
            target=Target(
                metric="partner-revenue",
                value=Decimal(700000),
                direction=Direction.AT_LEAST,
                where={"region": "dach"},
            ),
        ),
        Goal(
            id="fast-registration",
            title="Approve deal registrations within three days on average",
            # Lower is better: the quarter's mean must stay at or below 3.
            target=Target(
                metric="dr-approval-days",
                value=Decimal(3),
                direction=Direction.AT_MOST,
                per=Period.QUARTER,
                baseline=Decimal(6),
            ),
        ),
        Goal(
            id="certified-sales-force",
            title="Field twelve Acme-certified sales reps",
            target=Target(
                metric="certified-reps",
                value=Decimal(12),
                direction=Direction.AT_LEAST,
                baseline=Decimal(4),
            ),
        ),
        Goal(
            id="pipeline-coverage",
            title="Build an open co-sell pipeline of EUR 2m",
            target=Target(
                metric="pipeline-value",
                value=Decimal(2000000),
                direction=Direction.AT_LEAST,
                baseline=Decimal(900000),
            ),
        ),
    )


def contributions() -> tuple[Contribution, ...]:
    """Return each side's pledges, each tied to the goals it supports."""
    partner = (
        Contribution(
            id="globex-co-selling",
            party=GLOBEX,
            title="Source and register 20 co-selling opportunities a quarter",
            kind=ContributionKind.CO_SELLING,
            pillar=Pillar.SELL,
            supports=(
                "co-sell-opportunities",
                "partner-revenue",
                "dach-revenue",
                "fast-registration",
            ),
            # Only the opportunities Globex sourced count toward its pledge.
            target=Target(
                metric="cosell-opps",
                value=Decimal(20),
                direction=Direction.AT_LEAST,
                per=Period.QUARTER,
                where={"party": GLOBEX},
            ),
            description=(
                "Every opportunity is registered in the Acme partner portal "
                "with complete account data, so that it can be approved fast."
            ),
        ),
        Contribution(
            id="globex-tcm",
            party=GLOBEX,
            title="Run three campaigns a quarter from Acme's marketing kits",
            kind=ContributionKind.THROUGH_CHANNEL_MARKETING,
            pillar=Pillar.MARKET,
            supports=("co-sell-opportunities", "pipeline-coverage"),
            target=Target(
                metric="tcm-campaigns",
                value=Decimal(3),
                direction=Direction.AT_LEAST,
                per=Period.QUARTER,
            ),
        ),
        Contribution(
            id="globex-certification",
            party=GLOBEX,
            title="Certify twelve sales reps by the end of September",
            kind=ContributionKind.CERTIFICATION,
            pillar=Pillar.ENABLE,
            supports=("certified-sales-force", "partner-revenue"),
            target=Target(
                metric="certified-reps",
                value=Decimal(12),
                direction=Direction.AT_LEAST,
                baseline=Decimal(4),
                due=dt.date(2026, 9, 30),
            ),
        ),
    )
    vendor = (
        Contribution(
            id="acme-enablement",
            party=ACME,
            title="Deliver six enablement training sessions a quarter",
            kind=ContributionKind.ENABLEMENT_TRAINING,
            pillar=Pillar.ENABLE,
            supports=("certified-sales-force", "co-sell-opportunities"),
            target=Target(
                metric="enablement-sessions",
                value=Decimal(6),
                direction=Direction.AT_LEAST,
                per=Period.QUARTER,
            ),
        ),
        Contribution(
            id="acme-mdf",
            party=ACME,
            title="Pay out EUR 30k of marketing development funds a quarter",
            kind=ContributionKind.MARKETING_FUNDS,
            pillar=Pillar.MARKET,
            supports=("co-sell-opportunities", "dach-revenue", "pipeline-coverage"),
            target=Target(
                metric="mdf-paid",
                value=Decimal(30000),
                direction=Direction.AT_LEAST,
                per=Period.QUARTER,
            ),
        ),
        Contribution(
            id="acme-deal-registration",
            party=ACME,
            title="Approve deal registrations within three days, every month",
            kind=ContributionKind.DEAL_REGISTRATION,
            pillar=Pillar.SELL,
            supports=("fast-registration", "co-sell-opportunities", "partner-revenue"),
            target=Target(
                metric="dr-approval-days",
                value=Decimal(3),
                direction=Direction.AT_MOST,
                per=Period.MONTH,
                baseline=Decimal(6),
            ),
        ),
    )
    return partner + vendor


def allocations() -> tuple[ResourceAllocation, ...]:
    """Return the money, people and time both sides put behind their pledges."""
    return (
        ResourceAllocation(
            id="acme-mdf-budget",
            party=ACME,
            amount=Quantity(amount=Decimal(30000), unit="EUR"),
            per=Period.QUARTER,
            contribution="acme-mdf",
            # 2 % of Globex's revenue accrues on top, at most 5000 a
            # quarter; Acme pays half of an activity, claims are due 60 days
            # after it, and what is not approved is lost at the term's end.
            fund=Fund(
                accrual=Accrual(
                    rate=Decimal("0.02"),
                    of="partner-revenue",
                    per=Period.QUARTER,
                    cap=Decimal(5000),
                ),
                co_funding=Decimal("0.5"),
                claim_days=60,
                expiry=FundExpiry.TERM,
                roi_metric="partner-revenue",
            ),
        ),
        ResourceAllocation(
            id="acme-certification-vouchers",
            party=ACME,
            amount=Quantity(amount=Decimal(6000), unit="EUR"),
            contribution="acme-enablement",
            description="Exam vouchers for Globex's sales reps.",
        ),
        ResourceAllocation(
            id="acme-trainer-hours",
            party=ACME,
            amount=Quantity(amount=Decimal(40), unit="hour"),
            per=Period.QUARTER,
            contribution="acme-enablement",
        ),
        ResourceAllocation(
            id="acme-channel-manager",
            party=ACME,
            amount=Quantity(amount=Decimal("0.5"), unit="fte"),
            contribution="acme-deal-registration",
            description="A partner account manager who approves registrations.",
        ),
        ResourceAllocation(
            id="globex-sales-team",
            party=GLOBEX,
            amount=Quantity(amount=Decimal(2), unit="fte"),
            contribution="globex-co-selling",
            description="Two account executives dedicated to Acme.",
        ),
        ResourceAllocation(
            id="globex-campaign-budget",
            party=GLOBEX,
            amount=Quantity(amount=Decimal(15000), unit="EUR"),
            per=Period.QUARTER,
            contribution="globex-tcm",
        ),
        ResourceAllocation(
            id="globex-training-time",
            party=GLOBEX,
            amount=Quantity(amount=Decimal(200), unit="hour"),
            contribution="globex-certification",
            description="Sales reps' time in training and exams.",
        ),
    )


def incentives() -> tuple[Incentive, ...]:
    """Return the rebate that links Globex's reward to the co-selling goal."""
    return (
        Incentive(
            id="cosell-rebate",
            title="Quarterly co-selling rebate",
            payer=ACME,
            beneficiary=GLOBEX,
            goal="co-sell-opportunities",
            tiers=(
                # 2 % of the quarter's partner-sourced revenue at 100 % of the
                # co-selling goal, 3 % from 120 %.
                Tier(threshold=Decimal(1), rate=Decimal("0.02"), of="partner-revenue"),
                Tier(
                    threshold=Decimal("1.2"), rate=Decimal("0.03"), of="partner-revenue"
                ),
            ),
            cap=Quantity(amount=Decimal(30000), unit="EUR"),
        ),
    )


def clauses() -> tuple[Clause, ...]:
    """Return the written terms the model does not compute."""
    return (
        Clause(
            id="payment",
            title="Payment terms",
            text=(
                "Acme reimburses approved MDF claims within 30 days of proof of "
                "performance. Rebates are paid by credit note within 45 days "
                "after the end of each fiscal quarter."
            ),
        ),
        Clause(
            id="termination",
            title="Termination",
            text=(
                "Either party may terminate this agreement with 90 days' written "
                "notice, or at once if the other party commits a material breach "
                "that it does not cure within 30 days of notice."
            ),
        ),
        Clause(
            id="confidentiality",
            title="Confidentiality",
            text=(
                "Pipeline, pricing and customer data shared under this agreement "
                "are confidential and used only to carry it out, during its term "
                "and for three years after."
            ),
        ),
    )


def terms() -> Agreement:
    """Return the agreement as drafted: the terms, before anyone signs."""
    return Agreement(
        id="acme-globex-2026",
        title="Acme Software and Globex Solutions: Mutual Commit 2026",
        parties=parties(),
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        currency="EUR",
        # Acme's fiscal year starts in February and is named for the year it
        # ends in: February 2026 to January 2027 is FY2027.
        fiscal_calendar=FiscalCalendar(start_month=2, naming="end"),
        metrics=metrics(),
        goals=goals(),
        contributions=contributions(),
        allocations=allocations(),
        incentives=incentives(),
        clauses=clauses(),
        # A quarterly business review on the second Tuesday of the month after
        # each fiscal quarter closes.
        review_rule="FREQ=MONTHLY;BYMONTH=2,5,8,11;BYDAY=2TU",
        extensions={"crm": {"system": "salesforce", "contract_id": "800Qy00000CX2026"}},
    )


def reviews() -> tuple[Review, ...]:
    """Return the quarterly business reviews held so far, with their actions.

    Each review looks at the fiscal quarter that just closed; every goal or
    pledge that missed gets an action item naming it.
    """
    both = (ACME, GLOBEX)
    return (
        Review(
            id="qbr-2026-02",
            held_on=dt.date(2026, 2, 12),
            attendees=both,
            notes=(
                "January (the end of FY2026-Q4): co-selling started slowly, 6 "
                "registrations against 8 pro-rated, 5 of them sourced by Globex. "
                "Acme took 5.4 days on average to approve a registration."
            ),
            actions=(
                ActionItem(
                    id="second-account-executive",
                    owner=GLOBEX,
                    title=(
                        "Put a second account executive on Acme opportunities "
                        "and register the open 2025 pipeline"
                    ),
                    due=dt.date(2026, 3, 6),
                    goals=("co-sell-opportunities",),
                    contributions=("globex-co-selling",),
                    done_on=dt.date(2026, 3, 2),
                ),
                ActionItem(
                    id="second-approver",
                    owner=ACME,
                    title="Add a second deal-registration approver",
                    due=dt.date(2026, 2, 28),
                    goals=("fast-registration",),
                    contributions=("acme-deal-registration",),
                    done_on=dt.date(2026, 3, 3),
                ),
            ),
            extensions={"minutes": "SP-DOC-4471"},
        ),
        Review(
            id="qbr-2026-05",
            held_on=dt.date(2026, 5, 13),
            attendees=both,
            notes=(
                "FY2027-Q1: co-selling (27 of 24), revenue (EUR 430k) and MDF "
                "on target; the first rebate is earned. Approvals averaged 3.2 "
                "days: February was slow until the second approver started. "
                "DACH revenue is a little behind pace."
            ),
            actions=(
                ActionItem(
                    id="approval-dashboard",
                    owner=ACME,
                    title="Publish weekly approval times on the partner portal",
                    due=dt.date(2026, 5, 29),
                    goals=("fast-registration",),
                    contributions=("acme-deal-registration",),
                    done_on=dt.date(2026, 5, 27),
                ),
                ActionItem(
                    id="dach-launch",
                    owner=GLOBEX,
                    title="Hold a DACH launch event with Acme's field team",
                    due=dt.date(2026, 6, 30),
                    goals=("dach-revenue",),
                    contributions=("globex-co-selling",),
                    done_on=dt.date(2026, 6, 24),
                ),
            ),
        ),
        Review(
            id="qbr-2026-08",
            held_on=dt.date(2026, 8, 12),
            attendees=both,
            notes=(
                "FY2027-Q2: revenue missed (EUR 372k of 400k) as two large deals "
                "slipped into August. Over the summer Globex ran two campaigns "
                "of three and Acme delivered five enablement sessions of six."
            ),
            actions=(
                ActionItem(
                    id="slipped-deals",
                    owner=GLOBEX,
                    title="Review the slipped deals weekly with Acme's sales engineers",
                    due=dt.date(2026, 8, 31),
                    goals=("partner-revenue",),
                    contributions=("globex-co-selling",),
                    done_on=dt.date(2026, 8, 28),
                ),
                ActionItem(
                    id="autumn-campaigns",
                    owner=GLOBEX,
                    title="Launch Acme's autumn campaign kit in DACH and Benelux",
                    due=dt.date(2026, 9, 15),
                    goals=("co-sell-opportunities",),
                    contributions=("globex-tcm",),
                    done_on=dt.date(2026, 9, 10),
                ),
                ActionItem(
                    id="make-up-bootcamps",
                    owner=ACME,
                    title="Run two make-up enablement bootcamps in September",
                    due=dt.date(2026, 9, 30),
                    contributions=("acme-enablement",),
                    done_on=dt.date(2026, 9, 24),
                ),
            ),
        ),
        Review(
            id="qbr-2026-11",
            held_on=dt.date(2026, 11, 11),
            attendees=both,
            notes=(
                "FY2027-Q3: Globex kept its own pledge (27 sourced) but the "
                "ramped co-selling goal of 36 was missed with 33. MDF payouts "
                "lagged (EUR 24.8k of 30k) while claims waited for approval. "
                "Twelve reps were certified before the September deadline and "
                "the open pipeline passed EUR 2m."
            ),
            actions=(
                ActionItem(
                    id="webinar-leads",
                    owner=ACME,
                    title="Refer the autumn webinar leads to Globex",
                    due=dt.date(2026, 11, 20),
                    goals=("co-sell-opportunities",),
                    done_on=dt.date(2026, 11, 19),
                ),
                ActionItem(
                    id="joint-pipeline-days",
                    owner=GLOBEX,
                    title="Book joint pipeline days with Acme's DACH field team",
                    due=dt.date(2026, 12, 15),
                    goals=("co-sell-opportunities",),
                    contributions=("globex-co-selling",),
                ),
                ActionItem(
                    id="mdf-backlog",
                    owner=ACME,
                    title="Pay out the backlog of approved MDF claims",
                    due=dt.date(2026, 12, 11),
                    contributions=("acme-mdf",),
                ),
            ),
        ),
    )


def build() -> Agreement:
    """Return the agreement, signed by both parties, with its held reviews."""
    agreement = (
        terms()
        .sign(ACME, "Dana Whitfield", on=dt.date(2025, 12, 10))
        .sign(GLOBEX, "Marco Ferri", on=dt.date(2025, 12, 15))
    )
    for review in reviews():
        agreement = agreement.record_review(review)
    return agreement


def fund_events() -> tuple[FundEvent, ...]:
    """Return the MDF log: a grant, three requests and what became of them.

    The webinar series is claimed with proof and paid; the trade show is
    approved in part and claimed without proof (the claim corrected once);
    the summer campaign is claimed after its deadline, and Acme has not yet
    decided on that claim.
    """
    mdf = "acme-mdf-budget"
    k = FundEventKind

    def event(
        kind: FundEventKind, at: str, ref: str, amount: str, **more: object
    ) -> FundEvent:
        return FundEvent(
            fund=mdf,
            event=kind,
            at=dt.date.fromisoformat(at),
            ref=ref,
            amount=Decimal(amount),
            **more,  # type: ignore[arg-type]
        )

    day = dt.date.fromisoformat
    return (
        event(k.REQUEST, "2026-02-10", "R-101", "12000",
              activity="DACH partner webinar series",
              start=day("2026-03-02"), end=day("2026-03-27"), cost=Decimal(24000)),
        event(k.APPROVAL, "2026-02-14", "A-101", "12000", request="R-101"),
        event(k.REQUEST, "2026-04-15", "R-102", "20000",
              activity="Trade show booth at it-sa",
              start=day("2026-10-06"), end=day("2026-10-08"), cost=Decimal(40000)),
        event(k.CLAIM, "2026-04-20", "C-101", "12000", request="R-101",
              incurred=day("2026-03-27"),
              proof=("INV-GX-2041", "webinar-attendees-2026-03.csv")),
        event(k.DECISION, "2026-04-24", "D-101", "12000", request="R-101",
              reason="Proof complete."),
        event(k.APPROVAL, "2026-04-30", "A-102", "15000", request="R-102"),
        event(k.REQUEST, "2026-05-04", "R-103", "8000",
              activity="Summer co-marketing email campaign",
              start=day("2026-06-01"), end=day("2026-06-30"), cost=Decimal(16000)),
        event(k.PAYMENT, "2026-05-05", "P-101", "12000", request="R-101"),
        event(k.APPROVAL, "2026-05-08", "A-103", "8000", request="R-103"),
        event(k.GRANT, "2026-06-01", "G-1", "10000",
              activity="Discretionary boost for the DACH launch"),
        event(k.CLAIM, "2026-09-15", "C-103", "8000", request="R-103",
              incurred=day("2026-06-30"), proof=("INV-GX-2188",)),
        event(k.CLAIM, "2026-10-20", "C-102", "16000", request="R-102",
              incurred=day("2026-10-08")),
        # Globex corrects its claim to the approved amount two days later:
        # the same ref, and the claim's own day, which a correction repeats.
        event(k.CLAIM, "2026-10-20", "C-102", "15000", request="R-102",
              incurred=day("2026-10-08")),
    )  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Print the agreement's JSON document, or write it with ``--output``."""
    parser = argparse.ArgumentParser(
        description="Build the IT vendor example agreement and write its JSON."
    )
    parser.add_argument(
        "--output", type=Path, help="write the document to this file, not stdout"
    )
    parser.add_argument(
        "--fund-events", type=Path, help="also write the MDF log (JSON Lines) here"
    )
    args = parser.parse_args(argv)
    if args.fund_events is not None:
        args.fund_events.write_text(dump_fund_events(fund_events()), encoding="utf-8")
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
