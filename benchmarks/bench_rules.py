"""Benchmark `check`: the rule catalogue must grow linearly with the agreement.

An agreement of 200 goals and 400 contributions, with a year of monthly
reviews and a few observations per metric and month, is checked, then one
ten times its size (the same year of reviews). The target is 10x the size in
at most 12x the time: every reference is indexed once, and MC304 evaluates
the targets as of each review from one observation index. Printed as
``name: ratio`` lines.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import time
from collections.abc import Callable
from decimal import Decimal

from mutualcommit.model import (
    ActionItem,
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
from mutualcommit.rules import check

START = dt.date(2026, 1, 1)
END = dt.date(2026, 12, 31)
AS_OF = dt.date(2026, 12, 20)
PARTIES = ("vendor", "p1", "p2", "p3")


def build(goals: int, seed: int = 7) -> tuple[Agreement, list[Observation]]:
    """Return an agreement of *goals* goals and twice as many contributions, and observations."""
    rng = random.Random(seed)
    metric_count = max(1, goals // 10)
    metrics = tuple(
        Metric(
            id=f"m{i}",
            name=f"Metric {i}",
            unit="count" if i % 2 else "EUR",
            aggregation=Aggregation.COUNT if i % 2 else Aggregation.SUM,
            reported_by=PARTIES[i % len(PARTIES)],
        )
        for i in range(metric_count)
    )

    def target(i: int) -> Target:
        return Target(
            metric=f"m{i % metric_count}",
            value=Decimal(rng.randint(5, 50)),
            direction=Direction.AT_LEAST,
            per=(Period.QUARTER, Period.MONTH, Period.TERM)[i % 3],
            baseline=Decimal(rng.randint(1, 5)),
        )

    goal_items = tuple(
        Goal(id=f"g{i}", title=f"Goal {i}", target=target(i) if i % 17 else None)
        for i in range(goals)
    )
    kinds = tuple(ContributionKind)
    contributions = tuple(
        Contribution(
            id=f"c{i}",
            party=PARTIES[i % len(PARTIES)],
            title=f"Contribution {i}",
            kind=kinds[i % len(kinds)],
            supports=(f"g{i % goals}", f"g{(i * 7 + 3) % goals}")
            if i % goals != (i * 7 + 3) % goals
            else (f"g{i % goals}",),
            target=target(i) if i % 5 else None,
        )
        for i in range(2 * goals)
    )
    allocations = tuple(
        ResourceAllocation(
            id=f"a{i}",
            party=PARTIES[i % len(PARTIES)],
            amount=Quantity(amount=Decimal(rng.randint(100, 5000)), unit="EUR"),
            per=(Period.TERM, Period.QUARTER, Period.MONTH, Period.YEAR)[i % 4],
            contribution=f"c{i}",
        )
        for i in range(2 * goals)
    )
    incentives = tuple(
        Incentive(
            id=f"i{i}",
            title=f"Incentive {i}",
            payer="vendor",
            beneficiary=PARTIES[1 + i % 3],
            goal=f"g{i * 10}",
            tiers=(
                Tier(
                    threshold=Decimal(1),
                    amount=Quantity(amount=Decimal(500), unit="EUR"),
                ),
            ),
        )
        for i in range(goals // 10)
    )
    reviews = tuple(
        Review(
            id=f"r{month}",
            held_on=dt.date(2026, month, 3),
            attendees=PARTIES[: 1 + month % 4],
            actions=tuple(
                ActionItem(
                    id=f"x{j}",
                    owner=PARTIES[j % len(PARTIES)],
                    title=f"Action {j}",
                    due=dt.date(2026, month, 20),
                    goals=(f"g{(month * 31 + j) % goals}",),
                    done_on=dt.date(2026, month, 18) if j % 3 else None,
                )
                for j in range(max(1, goals // 20))
            ),
        )
        for month in range(1, 13)
    )
    agreement = Agreement(
        id="bench",
        title="Benchmark agreement",
        start=START,
        end=END,
        currency="EUR",
        parties=tuple(
            Party(
                id=p,
                name=p.title(),
                role=Role.VENDOR if p == "vendor" else Role.PARTNER,
                capacity=(Quantity(amount=Decimal(10**6), unit="EUR"),),
            )
            for p in PARTIES
        ),
        metrics=metrics,
        goals=goal_items,
        contributions=contributions,
        allocations=allocations,
        incentives=incentives,
        review_rule="FREQ=MONTHLY",
        reviews=reviews,
    )
    observations = [
        Observation(
            f"m{i % metric_count}",
            START + dt.timedelta(days=rng.randrange(365)),
            Decimal(rng.randint(1, 9)),
        )
        for i in range(goals * 30)
    ]
    return agreement, observations


def best_of(repeats: int, run: Callable[[], object]) -> float:
    """Return the fastest of *repeats* timings of *run*, in seconds, after a warm-up.

    The time is the process's CPU time, not the wall clock: on a shared
    machine other processes' load would otherwise swamp the ratio. As
    `timeit` does, the garbage collector is off while a run is timed, so
    that a full collection of the larger heap does not count as the
    checker's work.
    """
    run()
    times = []
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        try:
            begin = time.process_time()
            run()
            times.append(time.process_time() - begin)
        finally:
            gc.enable()
    return min(times)


def timing(goals: int, repeats: int, *, observed: bool) -> float:
    """Time `check` on an agreement of *goals* goals, built alone on the heap.

    Each size is built, timed and dropped (on return) before the next, so
    that neither pays for the garbage collector walking the other's objects.
    """
    agreement, observations = build(goals)
    logged = observations if observed else None
    return best_of(repeats, lambda: check(agreement, as_of=AS_OF, observations=logged))


def main(quick: bool = False) -> None:
    """Time `check` at one size and ten times it; print the time ratios."""
    size = 20 if quick else 200
    repeats = 1 if quick else 5
    for name, observed in (
        ("check_10x_size_time_ratio", False),
        ("check_with_observations_10x_size_time_ratio", True),
    ):
        small = timing(size, repeats, observed=observed)
        large = timing(size * 10, repeats, observed=observed)
        print(f"{name}: {large / small:.2f}")
