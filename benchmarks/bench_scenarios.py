"""Time projections of the IT example (issue 6, item 7).

Prints ``name: value`` lines:

- ``project_10k_midyear_seconds``: `project` of the IT example with two MDF
  drivers, 10,000 runs, as of 31 July 2026 (two quarters and the term
  windows open), best of the repeats; target ≤ 2.
- ``project_10k_start_seconds``: the same as of 31 December 2025, before
  the term (every window open); target ≤ 2.
- ``project_10k_midyear_vs_budget``: the first against the 2-second budget
  (≤ 1 passes).
- ``variant_vs_signed``: a variant whose drivers act (MDF +20 %, so Poisson
  means vary by run) against the plan as signed.
- ``runs_100k_vs_10k``: ten times the runs against the base (linear: ~10).

With ``--quick``, 1,000 runs and one repeat: a smoke run, not a figure.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from mutualcommit import load_observations, loads
from mutualcommit.scenarios import (
    Assumptions,
    Driver,
    Pert,
    Triangular,
    project,
    scale_allocation,
)

CASE = Path(__file__).resolve().parent.parent / "examples" / "it_vendor"
MIDYEAR = dt.date(2026, 7, 31)
BEFORE = dt.date(2025, 12, 31)
BUDGET_SECONDS = 2.0
ASSUMPTIONS = Assumptions(
    rates={"partner-revenue": Pert(300_000, 400_000, 480_000)},
    drivers=(
        Driver(
            contribution="acme-mdf",
            metric="cosell-opps",
            per_thousand=Triangular(0.1, 0.25, 0.4),
        ),
        Driver(
            contribution="acme-mdf",
            metric="partner-revenue",
            per_thousand=Triangular(1_000, 2_500, 5_000),
        ),
    ),
)


def best(case: Callable[[], object], repeat: int) -> float:
    """Return the fastest of *repeat* runs of *case*, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        case()
        times.append(time.perf_counter() - start)
    return min(times)


def main(quick: bool = False) -> None:
    """Time the cases and print one ``name: value`` line each."""
    runs = 1_000 if quick else 10_000
    repeat = 1 if quick else 5
    plan = loads((CASE / "agreement.json").read_text(encoding="utf-8"))
    log = load_observations((CASE / "observations.jsonl").read_text(encoding="utf-8"))
    variant = scale_allocation(plan, "acme-mdf-budget", "1.2")

    def signed(as_of: dt.date, n: int = runs) -> Callable[[], object]:
        return lambda: project(
            plan, log, as_of=as_of, assumptions=ASSUMPTIONS, baseline=plan, runs=n
        )

    midyear = best(signed(MIDYEAR), repeat)
    start = best(signed(BEFORE), repeat)
    more = best(
        lambda: project(
            variant,
            log,
            as_of=MIDYEAR,
            assumptions=ASSUMPTIONS,
            baseline=plan,
            runs=runs,
        ),
        repeat,
    )
    grown = best(signed(MIDYEAR, runs * 10), 1 if quick else 2)

    print(f"project_10k_midyear_seconds: {midyear:.3f}")
    print(f"project_10k_start_seconds: {start:.3f}")
    print(f"project_10k_midyear_vs_budget: {midyear / BUDGET_SECONDS:.2f}")
    print(f"variant_vs_signed: {more / midyear:.2f}")
    print(f"runs_100k_vs_10k: {grown / midyear:.2f}")


if __name__ == "__main__":
    main()
