"""What if? The IT case at its mid-year review, through three variants.

Acme and Globex meet on 12 August 2026 (FY2027-Q2 has just closed) and ask
what to change for the rest of the year. This script walks the questions of
``examples/scenario_modelling.ipynb`` without Jupyter (the notebook draws
the charts too):

1. Where does the plan stand, and what do the observed run rates say about
   the quarters still to come?
2. What if Acme raises its marketing development funds (MDF) by 20 %?
3. How likely is Globex to reach six co-selling opportunities a quarter in
   the Nordics, if it pledges them from FY2027-Q3 on?
4. What if Acme raised MDF by 50 % instead? (It cannot afford it: MC204.)
5. What if Globex registered 20 % fewer opportunities than so far?

Run it from anywhere::

    python examples/scenario_modelling.py
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from mutualcommit import (
    Agreement,
    Contribution,
    ContributionKind,
    Direction,
    Observation,
    Period,
    Pillar,
    Step,
    Target,
    load_observations,
    loads,
)
from mutualcommit.scenarios import (
    DEFAULT_PERCENTILES,
    Assumptions,
    Comparison,
    Driver,
    Pert,
    Scenario,
    Triangular,
    add_contribution,
    compare,
    project,
    scale_allocation,
)

CASE = Path(__file__).resolve().parent / "it_vendor"
#: The last day observed: FY2027-Q2 (May to July) has just closed.
AS_OF = dt.date(2026, 7, 31)
#: Every projection's seed: the numbers below are reproducible.
SEED = 2026

#: What the plan assumes beyond the observed run rates: Globex's sales team
#: expects EUR 300k to 480k of revenue a quarter, most likely 400k; and
#: each extra EUR 1,000 of MDF brings 0.1 to 0.4 more co-selling
#: opportunities and EUR 1,000 to 5,000 more revenue.
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

#: Globex's new pledge: nothing before FY2027-Q3 (August), six a quarter
#: from then on, counting its own registrations in the Nordics.
NORDICS = Contribution(
    id="globex-nordics",
    party="globex",
    title="Register six co-selling opportunities a quarter in the Nordics",
    kind=ContributionKind.CO_SELLING,
    pillar=Pillar.SELL,
    supports=("co-sell-opportunities",),
    target=Target(
        metric="cosell-opps",
        value=Decimal(0),
        direction=Direction.AT_LEAST,
        per=Period.QUARTER,
        steps=(Step(starting=dt.date(2026, 8, 1), value=Decimal(6)),),
        where={"party": "globex", "region": "nordics"},
    ),
)


def load() -> tuple[Agreement, tuple[Observation, ...]]:
    """Return the IT case's agreement and its observations."""
    plan = loads((CASE / "agreement.json").read_text(encoding="utf-8"))
    log = load_observations((CASE / "observations.jsonl").read_text(encoding="utf-8"))
    return plan, log


def scenarios(plan: Agreement, log: tuple[Observation, ...]) -> tuple[Scenario, ...]:
    """Return the plan as signed and its four variants."""
    signed = Scenario(name="as signed", agreement=plan, assumptions=ASSUMPTIONS)
    # The observed registration rate, scaled: a variant's assumptions merge
    # into its parent's, so the drivers and the revenue rate stay.
    observed = project(plan, log, as_of=AS_OF, runs=1).rate("cosell-opps")
    fewer = Assumptions(rates={"cosell-opps": observed.scaled(Decimal("0.8"))})
    return (
        signed,
        signed.variant("MDF +20 %", scale_allocation(plan, "acme-mdf-budget", "1.2")),
        signed.variant("Nordics pledge", add_contribution(plan, NORDICS)),
        signed.variant("MDF +50 %", scale_allocation(plan, "acme-mdf-budget", "1.5")),
        signed.variant("registrations -20 %", assumptions=fewer),
    )


def comparison(plan: Agreement, log: tuple[Observation, ...]) -> Comparison:
    """Project and check every scenario (10,000 runs each)."""
    return compare(
        *scenarios(plan, log),
        observations=log,
        as_of=AS_OF,
        seed=SEED,
        percentiles=DEFAULT_PERCENTILES,
    )


def main() -> None:
    """Print the walk's answers."""
    plan, log = load()
    result = comparison(plan, log)
    signed = result.projections["as signed"]

    print(f"Projected from {AS_OF} ({signed.runs:,} runs, seed {SEED}).")
    print("\n1. What the projection assumes a quarter, and where it came from:")
    for basis in signed.basis:
        where = ", ".join(f"{k}={v}" for k, v in basis.where.items())
        name = f"{basis.metric} [{where}]" if where else basis.metric
        print(f"   {name:32} {basis.rate!s:32} {basis.source}")

    print("\n2-5. Each goal's next window, per scenario:")
    print(
        f"   {'goal':24} {'scenario':20} {'window':10} {'target':>10} "
        f"{'p50':>10} {'P(met)':>7}  errors"
    )
    for row in result.rows:
        print(
            f"   {row.goal:24} {row.scenario:20} {row.window:10} {row.target:10,.0f} "
            f"{row.percentiles[50]:10,.0f} {row.probability:7.0%}  "
            f"{', '.join(row.errors) or '-'}"
        )

    rebate = {
        name: p.incentive("cosell-rebate") for name, p in result.projections.items()
    }
    print("\nThe co-selling rebate over the term (EUR, capped at 30,000):")
    for name, projection in rebate.items():
        print(
            f"   {name:20} expected {projection.mean or 0:9,.0f}   "
            f"p10 {projection.percentiles[10]:9,.0f}   p90 {projection.percentiles[90]:9,.0f}"
        )

    nordics = result.projections["Nordics pledge"].contribution("globex-nordics")
    print(
        "\n3. Six co-selling opportunities a quarter in the Nordics: "
        f"{nordics.window('FY2027-Q3').probability:.0%} in FY2027-Q3, "
        f"{nordics.probability:.0%} in every quarter left."
    )
    over = result.reports["MDF +50 %"]
    print("\n4. MDF +50 % over-commits Acme:")
    for finding in over.errors:
        if finding.code == "MC204":
            print(f"   {finding.code}: {finding.message}")
    fewer = result.row("registrations -20 %", "co-sell-opportunities")
    print(
        "\n5. With 20 % fewer registrations, the co-selling goal's "
        f"{fewer.window} is met in {fewer.probability:.0%} of the runs."
    )


if __name__ == "__main__":
    main()
