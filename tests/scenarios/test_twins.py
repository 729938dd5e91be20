"""The float payouts of a projection against `evaluate_incentive`'s decimals.

A projection computes what incentives pay in floats, run by run. With every
rate fixed at zero a flow (SUM, COUNT) adds nothing more, so every run ends
each window where the observations leave it, and each window must pay what
the scorecard says, in decimals, once every window has closed: at the term's
end, or at a later due date (a due date outside the term is rule MC102's
error, yet the window runs to it). (A level metric's rate is
a reading, so zero is a reading of 0, not silence: levels are left out.)
"""

from __future__ import annotations

import math

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

from mutualcommit.kpi import evaluate
from mutualcommit.model import Aggregation, Metric
from mutualcommit.scenarios import Assumptions, Fixed, project
from mutualcommit.testing.strategies import agreements, observations


def _close(projected: float, earned: object) -> bool:
    exact = 0.0 if earned is None else float(earned)  # type: ignore[arg-type]
    return math.isclose(projected, exact, rel_tol=1e-9, abs_tol=1e-6)


class TestPayouts:
    """With nothing more to come, a projection pays what the scorecard earns."""

    @given(data=st.data())
    def test_a_still_future_pays_the_scorecard(self, data: st.DataObject) -> None:
        """Window by window, and in total, the float payout is the decimal one."""
        drawn = data.draw(agreements())
        assume(drawn.incentives)
        agreement = attrs.evolve(
            drawn,
            metrics=tuple(
                m
                if m.aggregation.is_flow
                else Metric(
                    id=m.id,
                    name=m.name,
                    unit=m.unit,
                    aggregation=Aggregation.SUM,
                    reported_by=m.reported_by,
                )
                for m in drawn.metrics
            ),
        )
        as_of = data.draw(st.dates(agreement.start, agreement.end))
        log = [o for o in data.draw(observations(agreement)) if o.at <= as_of]
        still = Assumptions(rates={m.id: Fixed(0) for m in agreement.metrics})

        projection = project(agreement, log, as_of=as_of, assumptions=still, runs=2)
        owners = (*agreement.goals, *agreement.contributions)
        dues = [o.target.due for o in owners if o.target and o.target.due]
        closing = max([agreement.end, *dues])
        card = evaluate(agreement, log, as_of=closing)

        for projected in projection.incentives:
            earned = card.incentive(projected.incentive)
            if earned.unit is None:
                continue  # status tiers pay nothing
            assert projected.mean is not None
            assert _close(projected.mean, earned.earned)
            for window, exact in zip(projected.windows, earned.windows, strict=True):
                assert window.mean is not None
                assert _close(window.mean, exact.payout)
