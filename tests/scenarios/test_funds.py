"""A fund's utilisation as an assumption: drivers count the money actually spent.

The plan's ``mdf-budget`` (10,000 EUR a quarter for contribution ``funds``)
is made a fund; a driver adds 1 of ``m`` per 1,000 spent on ``funds``, on
top of a fixed 20 a quarter.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from mutualcommit import Agreement, Fund
from mutualcommit.scenarios import Assumptions, Driver, Fixed, project, scale_allocation

from .conftest import Plan

Q1_END = dt.date(2026, 3, 31)


def _funded(plan: Plan) -> Agreement:
    agreement = plan("30")
    allocations = tuple(
        attrs.evolve(a, fund=Fund()) if a.id == "mdf-budget" else a
        for a in agreement.allocations
    )
    return agreement.amend(allocations=allocations)


def _assumptions(**utilisation: float) -> Assumptions:
    return Assumptions(
        rates={"m": Fixed(20)},
        drivers=(Driver(contribution="funds", metric="m", per_thousand=Fixed(1)),),
        fund_utilisation={k.replace("_", "-"): v for k, v in utilisation.items()},
    )


class TestFundUtilisation:
    """A fund spent in part moves a driven metric like a smaller fund."""

    def test_half_used(self, plan: Plan) -> None:
        """Half of 10,000 a quarter unused takes 20 a quarter down to 15."""
        base = _funded(plan)
        projection = project(
            base,
            [],
            as_of=Q1_END,
            assumptions=_assumptions(mdf_budget=0.5),
            baseline=base,
        )
        assert projection.goal("goal").window("FY2026-Q2").mean == pytest.approx(15)

    def test_cut_by_half_and_half_used(self, plan: Plan) -> None:
        """A budget cut to 5,000 of which half is spent: 2,500 against 10,000, 12.5."""
        base = _funded(plan)
        cut = scale_allocation(base, "mdf-budget", "0.5")
        projection = project(
            cut,
            [],
            as_of=Q1_END,
            assumptions=_assumptions(mdf_budget=0.5),
            baseline=base,
        )
        assert projection.goal("goal").window("FY2026-Q2").mean == pytest.approx(12.5)

    def test_fully_used(self, plan: Plan) -> None:
        """A utilisation of 1 is the baseline's: nothing changes."""
        base = _funded(plan)
        projection = project(
            base,
            [],
            as_of=Q1_END,
            assumptions=_assumptions(mdf_budget=1.0),
            baseline=base,
        )
        assert projection.goal("goal").window("FY2026-Q2").mean == pytest.approx(20)

    def test_not_a_fund(self, plan: Plan) -> None:
        """A utilisation for an allocation that is not a fund is refused."""
        with pytest.raises(ValueError, match="fund_utilisation: no fund 'mdf-budget'"):
            project(
                plan("30"), [], as_of=Q1_END, assumptions=_assumptions(mdf_budget=0.5)
            )

    def test_out_of_range(self) -> None:
        """A share above 1 is refused when the assumptions are built."""
        with pytest.raises(ValueError, match="a share from 0 to 1"):
            Assumptions(fund_utilisation={"mdf-budget": 1.5})
