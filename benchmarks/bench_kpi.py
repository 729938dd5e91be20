"""Time KPI evaluation against a floor in the same run (issue 3, item 6).

Prints ``name: ratio`` lines:

- ``evaluate_vs_floor``: `evaluate` of an IT-shaped agreement (8 metrics,
  104 weekly observations each) against a hand-written single pass that
  sums the Decimals per metric in the library's context; target ≤ 3.
  An evaluation computes each target's current window; its other windows
  are computed when first read.
- ``evaluate_read_all_vs_floor``: the same evaluation with every window
  of every result read (as rendering or ``to_records`` does): what an
  evaluation cost before its windows were read late.
- ``series52_vs_evaluate``: `evaluate_series` at 52 weekly dates against
  one `evaluate`; target ≤ 5.
- ``growth_10x``: `evaluate` of 10 times the observations (ten a week per
  metric instead of one) against the base
  size; target ≤ 12.

- ``floor_growth_10x``: the floor's own growth, for comparison.
- ``index_share_of_evaluate``: building the `ObservationIndex` (reading
  and validating the log into per-metric columns, one walk over the
  records) as a share of one `evaluate`: the largest single step of an
  evaluation, and the only per-record Python loop in it.

``load_observations`` of 1,000,000 lines is timed by the serialize
benchmark.
"""

from __future__ import annotations

import datetime as dt
import decimal
import random
from decimal import Decimal

from mutualcommit.kpi import (
    Observation,
    ObservationIndex,
    Scorecard,
    evaluate,
    evaluate_series,
)
from mutualcommit.model import (
    Aggregation,
    Agreement,
    Contribution,
    ContributionKind,
    Direction,
    Goal,
    Metric,
    Party,
    Period,
    Role,
    Step,
    Target,
    decimal_context,
)
from timing import best_in_turns

START = dt.date(2026, 1, 1)
END = dt.date(2027, 12, 31)
AS_OF = dt.date(2027, 6, 30)
_WEEK = dt.timedelta(weeks=1)

#: (metric id, unit, aggregation, direction, per, target value)
_METRICS = (
    (
        "cosell-opps",
        "count",
        Aggregation.COUNT,
        Direction.AT_LEAST,
        Period.QUARTER,
        "12",
    ),
    ("revenue", "EUR", Aggregation.SUM, Direction.AT_LEAST, Period.QUARTER, "250000"),
    ("mdf-spend", "EUR", Aggregation.SUM, Direction.AT_MOST, Period.YEAR, "60000"),
    ("certified-reps", "count", Aggregation.LAST, Direction.AT_LEAST, Period.TERM, "8"),
    ("campaigns", "count", Aggregation.COUNT, Direction.AT_LEAST, Period.MONTH, "2"),
    ("trainings", "hour", Aggregation.SUM, Direction.AT_LEAST, Period.QUARTER, "40"),
    ("approval-days", "day", Aggregation.MEAN, Direction.AT_MOST, Period.QUARTER, "3"),
    ("csat", "percent", Aggregation.MIN, Direction.AT_LEAST, Period.YEAR, "80"),
)


def agreement() -> Agreement:
    """Return a two-year IT vendor agreement: one goal and one pledge per metric."""
    metrics = tuple(
        Metric(id=m, name=m, unit=unit, aggregation=agg, reported_by="globex")
        for m, unit, agg, *_ in _METRICS
    )
    goals = tuple(
        Goal(
            id=f"goal-{m}",
            title=m,
            target=Target(
                metric=m,
                value=Decimal(value),
                direction=direction,
                per=per,
                steps=(Step(starting=dt.date(2027, 1, 1), value=Decimal(value) * 2),),
            ),
        )
        for m, _, _, direction, per, value in _METRICS
    )
    contributions = tuple(
        Contribution(
            id=f"pledge-{m}",
            party="globex" if i % 2 else "acme",
            title=m,
            kind=ContributionKind.OTHER,
            supports=(f"goal-{m}",),
            target=Target(
                metric=m,
                value=Decimal(value),
                direction=direction,
                per=per,
                where={"party": "globex"},
            ),
        )
        for i, (m, _, _, direction, per, value) in enumerate(_METRICS)
    )
    return Agreement(
        id="it-vendor",
        title="IT vendor",
        parties=(
            Party(id="acme", name="Acme", role=Role.VENDOR),
            Party(id="globex", name="Globex", role=Role.PARTNER),
        ),
        start=START,
        end=END,
        currency="EUR",
        metrics=metrics,
        goals=goals,
        contributions=contributions,
    )


def observations(per_week: int = 1, seed: int = 7) -> list[Observation]:
    """Return *per_week* observations per metric per week of the term, as a log.

    The log runs in reporting order, week by week, as a partner portal
    exports it; every third record carries a ref; the parties alternate.
    """
    rng = random.Random(seed)
    result = []
    for week in range(104):
        at = START + _WEEK * week
        for m, *_ in _METRICS:
            for n in range(per_week):
                value = Decimal(rng.randint(1, 5000)) / 100
                number = (week * per_week + n) * len(_METRICS)
                result.append(
                    Observation(
                        metric=m,
                        at=at + dt.timedelta(days=n % 7),
                        value=value,
                        ref=f"{m}-{number}" if number % 3 == 0 else None,
                        dims={"party": "globex" if (week + n) % 2 else "acme"},
                    )
                )
    return result


def floor(records: list[Observation]) -> dict[str, Decimal]:
    """Sum the values per metric in one pass: the least any evaluation must do."""
    totals: dict[str, Decimal] = {}
    with decimal.localcontext(decimal_context()):
        for o in records:
            if o.at <= AS_OF and o.value is not None:
                totals[o.metric] = totals.get(o.metric, Decimal(0)) + o.value
    return totals


def read_all(card: Scorecard) -> Scorecard:
    """Read every window of every result of *card*, and return it."""
    for result in (*card.goals, *card.contributions):
        result.windows  # noqa: B018 - read to evaluate them
    return card


def main(quick: bool = False) -> None:
    """Time the cases and print one ``name: ratio`` line each."""
    repeat = 3 if quick else 100
    factor = 3 if quick else 10
    terms = agreement()
    base = observations()
    grown = observations(per_week=factor)
    mondays = [START + _WEEK * i for i in range(52)]

    times = best_in_turns(
        {
            "floor": lambda: floor(base),
            "evaluate": lambda: evaluate(terms, base, as_of=AS_OF),
            "read_all": lambda: read_all(evaluate(terms, base, as_of=AS_OF)),
            "series": lambda: evaluate_series(terms, base, mondays),
            "grown": lambda: evaluate(terms, grown, as_of=AS_OF),
            "grown_floor": lambda: floor(grown),
            "index": lambda: ObservationIndex(terms, base),
        },
        repeat,
    )
    floor_time = times["floor"]
    evaluate_time = times["evaluate"]
    series_time = times["series"]
    grown_time = times["grown"]
    grown_floor_time = times["grown_floor"]
    index_time = times["index"]

    print(f"evaluate_vs_floor: {evaluate_time / floor_time:.2f}")
    print(f"evaluate_read_all_vs_floor: {times['read_all'] / floor_time:.2f}")
    print(f"series52_vs_evaluate: {series_time / evaluate_time:.2f}")
    print(f"growth_{factor}x: {grown_time / evaluate_time:.2f}")
    # The floor's own growth shows what the machine makes of a larger
    # working set (caches shared with other processes): read growth by it.
    print(f"floor_growth_{factor}x: {grown_floor_time / floor_time:.2f}")
    print(f"index_share_of_evaluate: {index_time / evaluate_time:.2f}")


if __name__ == "__main__":
    main()
