"""Small portfolios: agreements whose standings can be worked out by hand."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import site
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

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
    Role,
    Target,
    Tier,
)

#: The checkout: tests/portfolio/conftest.py is two levels below it.
ROOT = Path(__file__).resolve().parents[2]

MakeAgreement = Callable[[str], Agreement]
MakeLog = Callable[[str, int, int], tuple[Observation, ...]]


def _agreement(agreement_id: str) -> Agreement:
    """Build agreement *agreement_id*: vendor ``acme`` and partner ``p-<id>``.

    Goal ``g-deals``: at least 4 deals a quarter. Pledges: the partner's 4
    deals a quarter (``c-deals``, its own deals only), the vendor's 10 hours
    of training over the term (``c-training``). An incentive pays the
    partner 500 EUR for each quarter the goal is met.
    """
    partner = f"p-{agreement_id}"
    return Agreement(
        id=agreement_id,
        title=f"Acme and {partner}",
        parties=(
            Party(id="acme", name="Acme", role=Role.VENDOR),
            Party(id=partner, name=partner, role=Role.PARTNER),
        ),
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        currency="EUR",
        metrics=(
            Metric(
                id="deals",
                name="Deals",
                unit="count",
                aggregation=Aggregation.COUNT,
                reported_by=partner,
            ),
            Metric(
                id="training",
                name="Training",
                unit="hour",
                aggregation=Aggregation.SUM,
                reported_by="acme",
            ),
        ),
        goals=(
            Goal(
                id="g-deals",
                title="Deals",
                target=Target(
                    metric="deals",
                    value=Decimal(4),
                    direction=Direction.AT_LEAST,
                    per=Period.QUARTER,
                ),
            ),
        ),
        contributions=(
            Contribution(
                id="c-deals",
                party=partner,
                title="Deals",
                kind=ContributionKind.CO_SELLING,
                supports=("g-deals",),
                target=Target(
                    metric="deals",
                    value=Decimal(4),
                    direction=Direction.AT_LEAST,
                    per=Period.QUARTER,
                    where={"party": partner},
                ),
            ),
            Contribution(
                id="c-training",
                party="acme",
                title="Training",
                kind=ContributionKind.ENABLEMENT_TRAINING,
                supports=("g-deals",),
                target=Target(
                    metric="training",
                    value=Decimal(10),
                    direction=Direction.AT_LEAST,
                ),
            ),
        ),
        incentives=(
            Incentive(
                id="i-deals",
                title="Deal bonus",
                payer="acme",
                beneficiary=partner,
                goal="g-deals",
                tiers=(
                    Tier(
                        threshold=Decimal(1),
                        amount=Quantity(amount=Decimal(500), unit="EUR"),
                    ),
                ),
            ),
        ),
        review_rule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15",
    )


def _log(agreement_id: str, deals: int, hours: int) -> tuple[Observation, ...]:
    """Return *deals* partner deals in Q2 2026 and *hours* training hours in May."""
    partner = f"p-{agreement_id}"
    records = [
        Observation(
            metric="deals",
            at=dt.date(2026, 4, 1) + dt.timedelta(days=7 * i),
            value=Decimal(1),
            dims={"party": partner},
        )
        for i in range(deals)
    ]
    if hours:
        records.append(
            Observation(metric="training", at=dt.date(2026, 5, 4), value=Decimal(hours))
        )
    return tuple(records)


@pytest.fixture
def make_agreement() -> MakeAgreement:
    """Return the builder of the portfolio's agreements."""
    return _agreement


@pytest.fixture
def make_log() -> MakeLog:
    """Return the builder of an agreement's observation log."""
    return _log


@pytest.fixture(scope="session")
def pool() -> Iterator[ProcessPoolExecutor]:
    """Return a pool of two worker processes, shared by the session."""
    # spawn: a fork of a process that runs threads (Dask's) may deadlock.
    # A spawned worker starts with the installed package only: the checkout's
    # root goes on its path, so that it can import the objects these tests
    # define and send (an agreement source that loads where the work runs).
    with ProcessPoolExecutor(
        2,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=site.addsitedir,
        initargs=(str(ROOT),),
    ) as executor:
        yield executor
