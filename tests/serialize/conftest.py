"""Fixtures: a hand-built agreement that uses every entity and most fields."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from mutualcommit.model import (
    ActionItem,
    Aggregation,
    Agreement,
    Clause,
    Contribution,
    ContributionKind,
    Direction,
    FiscalCalendar,
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
)
from mutualcommit.serialize import dumps

#: Host data of every JSON kind, nested, with non-ASCII text.
EXTENSIONS: dict[str, Any] = {
    "crm": {
        "opportunity_ids": ["006A000001", "006A000002"],
        "score": 0.75,
        "big": 12345678901234567890,
        "negative": -3,
        "tiny": 1e-300,
        "flags": [True, False, None],
        "naïve": "日本語 — ünïcödé",
        "nested": {"deeper": [{"x": 1.5}, []]},
    },
    "ui": {"collapsed": True},
}


def build_agreement() -> Agreement:
    """Return the IT vendor case of SPEC §1, signed by both parties."""
    agreement = Agreement(
        id="acme-globex-2026",
        title="Acme × Globex Mutual Commit 2026",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        currency="EUR",
        fiscal_calendar=FiscalCalendar(start_month=4, naming="start"),
        parties=(
            Party(
                id="acme",
                name="Acme Software",
                role=Role.VENDOR,
                extensions={"crm_id": "0015g00000XyZ"},
            ),
            Party(
                id="globex",
                name="Globex Solutions",
                role=Role.PARTNER,
                capacity=(
                    Quantity(amount=Decimal("2.5"), unit="fte"),
                    Quantity(amount=Decimal("120000.00"), unit="EUR"),
                ),
            ),
        ),
        metrics=(
            Metric(
                id="cosell-opps",
                name="Co-selling opportunities",
                unit="count",
                aggregation=Aggregation.COUNT,
                reported_by="globex",
            ),
            Metric(
                id="pipeline",
                name="Sourced pipeline",
                unit="EUR",
                aggregation=Aggregation.SUM,
                reported_by="globex",
                description="Qualified pipeline the partner sourced.",
            ),
            Metric(
                id="certified",
                name="Certified engineers",
                unit="count",
                aggregation=Aggregation.LAST,
            ),
        ),
        goals=(
            Goal(
                id="pipeline-goal",
                title="Build joint pipeline",
                target=Target(
                    metric="pipeline",
                    value=Decimal("1250000.00"),
                    direction=Direction.AT_LEAST,
                    per=Period.QUARTER,
                    baseline=Decimal(400000),
                    steps=(
                        Step(starting=dt.date(2026, 7, 1), value=Decimal("1.5E+6")),
                    ),
                    where={"party": "globex"},
                ),
                weight=Decimal(2),
            ),
            Goal(
                id="certs",
                title="Certify engineers",
                target=Target(
                    metric="certified",
                    value=Decimal(6),
                    direction=Direction.AT_LEAST,
                    due=dt.date(2026, 9, 30),
                ),
            ),
        ),
        contributions=(
            Contribution(
                id="cosell",
                party="globex",
                title="Co-sell with Acme",
                kind=ContributionKind.CO_SELLING,
                pillar=Pillar.SELL,
                supports=("pipeline-goal",),
                target=Target(
                    metric="cosell-opps",
                    value=Decimal(5),
                    direction=Direction.AT_LEAST,
                    per=Period.QUARTER,
                ),
            ),
            Contribution(
                id="training",
                party="acme",
                title="Partner enablement training",
                kind=ContributionKind.ENABLEMENT_TRAINING,
                pillar=Pillar.ENABLE,
                supports=("certs",),
            ),
            Contribution(
                id="mdf",
                party="acme",
                title="Marketing development funds",
                kind=ContributionKind.MARKETING_FUNDS,
                pillar=Pillar.MARKET,
                supports=("pipeline-goal",),
            ),
        ),
        allocations=(
            ResourceAllocation(
                id="mdf-fund",
                party="acme",
                amount=Quantity(amount=Decimal(50000), unit="EUR"),
                contribution="mdf",
            ),
            ResourceAllocation(
                id="se-time",
                party="globex",
                amount=Quantity(amount=Decimal("0.50"), unit="fte"),
                per=Period.YEAR,
                contribution="cosell",
            ),
        ),
        incentives=(
            Incentive(
                id="rebate",
                title="Pipeline rebate",
                payer="acme",
                beneficiary="globex",
                goal="pipeline-goal",
                tiers=(
                    Tier(threshold=Decimal(1), rate=Decimal("0.02"), of="pipeline"),
                    Tier(threshold=Decimal("1.2"), rate=Decimal("0.03"), of="pipeline"),
                ),
                cap=Quantity(amount=Decimal(40000), unit="EUR"),
            ),
            Incentive(
                id="gold",
                title="Gold status",
                payer="acme",
                beneficiary="globex",
                contribution="cosell",
                tiers=(Tier(threshold=Decimal(1), status="gold"),),
            ),
        ),
        clauses=(
            Clause(
                id="termination",
                title="Termination",
                text="Either party may end this agreement with 90 days' notice.",
            ),
        ),
        review_rule="FREQ=MONTHLY;INTERVAL=3;BYDAY=TU;BYSETPOS=1",
        reviews=(
            Review(
                id="fy-q1",
                held_on=dt.date(2026, 4, 7),
                attendees=("acme", "globex"),
                notes="Pipeline behind plan.",
                actions=(
                    ActionItem(
                        id="more-deals",
                        owner="globex",
                        title="Register two more deals",
                        due=dt.date(2026, 5, 1),
                        goals=("pipeline-goal",),
                        contributions=("cosell",),
                    ),
                ),
            ),
        ),
        version=2,
        extensions=EXTENSIONS,
    )
    signed = agreement.sign("acme", "Ada Lovelace", dt.date(2025, 12, 1))
    return signed.sign("globex", "Grace Hopper", dt.date(2025, 12, 2))


Mutation = Callable[[dict[str, Any]], None]


def put(*path: str | int, value: object) -> Mutation:
    """Return a mutation that sets the value at *path*."""

    def mutate(document: dict[str, Any]) -> None:
        parent: Any = document
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = value

    return mutate


def drop(*path: str | int) -> Mutation:
    """Return a mutation that deletes the key at *path*."""

    def mutate(document: dict[str, Any]) -> None:
        parent: Any = document
        for step in path[:-1]:
            parent = parent[step]
        del parent[path[-1]]

    return mutate


@pytest.fixture
def agreement() -> Agreement:
    """The IT vendor case, signed."""
    return build_agreement()


@pytest.fixture
def document(agreement: Agreement) -> dict[str, Any]:
    """The agreement's document, as `json.loads` reads it."""
    result: dict[str, Any] = json.loads(dumps(agreement))
    return result


@pytest.fixture(params=["msgspec", "stdlib"])
def json_reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Read JSON text with msgspec (when installed), then again with the standard library alone."""
    if request.param == "stdlib":
        monkeypatch.setattr("mutualcommit.serialize._fast_json.ENABLED", False)
    return str(request.param)
