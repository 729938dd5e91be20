"""Small agreements for projections whose answers are known in closed form.

`plan` builds a calendar-2026 agreement (quarters of 90, 91, 92 and 92
days) with one goal on one metric, a partner pledge on the same metric
(filtered to the partner), and an MDF budget that funds the vendor's
pledge; `events` makes observations; `it_case` loads the shipped IT example.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from mutualcommit import (
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
    Role,
    Target,
    Tier,
    load_observations,
    loads,
)

START = dt.date(2026, 1, 1)
END = dt.date(2026, 12, 31)
#: The last day of the first quarter: the usual "today" of these tests.
Q1_END = dt.date(2026, 3, 31)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def build_plan(
    value: str = "30",
    *,
    aggregation: Aggregation = Aggregation.COUNT,
    direction: Direction = Direction.AT_LEAST,
    per: Period = Period.QUARTER,
    baseline: str | None = None,
    mdf: str = "10000",
    capacity: str = "100000",
    incentive: bool = False,
) -> Agreement:
    """Return a plan with goal ``goal`` on metric ``m`` and pledges on it.

    ``pledge`` is the partner's share of ``m`` (``where party=globex``),
    ``mdf`` the vendor's marketing funds (``mdf`` EUR a quarter, allocation
    ``mdf-budget``). With *incentive*, ``rebate`` pays 2 % of ``revenue``
    from attainment 1 and 3 % from 1.2, capped at 10,000 EUR.
    """
    unit = "EUR" if aggregation is Aggregation.SUM else "count"
    target = Target(
        metric="m",
        value=Decimal(value),
        direction=direction,
        per=per,
        baseline=None if baseline is None else Decimal(baseline),
    )
    metrics = [
        Metric(id="m", name="The metric", unit=unit, aggregation=aggregation),
        Metric(id="revenue", name="Revenue", unit="EUR", aggregation=Aggregation.SUM),
    ]
    incentives: tuple[Incentive, ...] = ()
    if incentive:
        incentives = (
            Incentive(
                id="rebate",
                title="Rebate",
                payer="acme",
                beneficiary="globex",
                goal="goal",
                tiers=(
                    Tier(threshold=Decimal(1), rate=Decimal("0.02"), of="revenue"),
                    Tier(threshold=Decimal("1.2"), rate=Decimal("0.03"), of="revenue"),
                ),
                cap=Quantity(amount=Decimal(10000), unit="EUR"),
            ),
        )
    return Agreement(
        id="plan",
        title="A plan",
        start=START,
        end=END,
        currency="EUR",
        parties=(
            Party(
                id="acme",
                name="Acme",
                role=Role.VENDOR,
                capacity=(Quantity(amount=Decimal(capacity), unit="EUR"),),
            ),
            Party(id="globex", name="Globex", role=Role.PARTNER),
        ),
        metrics=tuple(metrics),
        goals=(Goal(id="goal", title="The goal", target=target),),
        contributions=(
            Contribution(
                id="pledge",
                party="globex",
                title="The partner's share",
                kind=ContributionKind.CO_SELLING,
                supports=("goal",),
                target=Target(
                    metric="m",
                    value=Decimal(value) / 2,
                    direction=direction,
                    per=per,
                    where={"party": "globex"},
                ),
            ),
            Contribution(
                id="funds",
                party="acme",
                title="Marketing funds",
                kind=ContributionKind.MARKETING_FUNDS,
                supports=("goal",),
            ),
        ),
        allocations=(
            ResourceAllocation(
                id="mdf-budget",
                party="acme",
                amount=Quantity(amount=Decimal(mdf), unit="EUR"),
                per=Period.QUARTER,
                contribution="funds",
            ),
        ),
        incentives=incentives,
    )


def build_events(
    metric: str,
    start: dt.date,
    end: dt.date,
    *,
    step: int = 1,
    value: str = "1",
    party: str = "globex",
) -> list[Observation]:
    """One observation of *value* every *step* days from *start* to *end*."""
    return [
        Observation(
            metric,
            start + dt.timedelta(days=i),
            Decimal(value),
            dims={"party": party},
        )
        for i in range(0, (end - start).days + 1, step)
    ]


Plan = Callable[..., Agreement]
Events = Callable[..., list[Observation]]


def colon_ids(agreement: Agreement) -> Agreement:
    """*agreement* (a `plan`) with ids that hold colons, references and all.

    The goal is ``q1:goal``, the partner's pledge ``globex:pledge`` and the
    funded pledge ``goal:funds``, an id that starts like a subject.
    """
    names = {"goal": "q1:goal", "pledge": "globex:pledge", "funds": "goal:funds"}
    return agreement.amend(
        goals=tuple(attrs.evolve(g, id=names[g.id]) for g in agreement.goals),
        contributions=tuple(
            attrs.evolve(
                c, id=names[c.id], supports=tuple(names[s] for s in c.supports)
            )
            for c in agreement.contributions
        ),
        allocations=tuple(
            attrs.evolve(a, contribution=names[a.contribution]) if a.contribution else a
            for a in agreement.allocations
        ),
    )


@pytest.fixture
def plan() -> Plan:
    """`build_plan`: a one-goal agreement for calendar 2026."""
    return build_plan


@pytest.fixture
def events() -> Events:
    """`build_events`: evenly spaced observations of one metric."""
    return build_events


@pytest.fixture(scope="session")
def it_case() -> tuple[Agreement, tuple[Observation, ...]]:
    """The shipped IT example: its agreement and observations."""
    case = EXAMPLES / "it_vendor"
    return (
        loads((case / "agreement.json").read_text(encoding="utf-8")),
        tuple(
            load_observations((case / "observations.jsonl").read_text(encoding="utf-8"))
        ),
    )
