"""The float payouts of a projection against `evaluate_incentive`'s decimals.

A projection computes what incentives pay in floats, run by run. With every
rate fixed at zero a flow (SUM, COUNT) adds nothing more, so every run ends
each window where the observations leave it, and each window must pay what
the scorecard says, in decimals, once every window has closed: at the term's
end, or at a later due date (a due date outside the term is rule MC102's
error, yet the window runs to it). A level metric's rate is a reading, so
zero is a reading of 0, not silence: levels are left out.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

from mutualcommit import check, loads
from mutualcommit.kpi import Observation, evaluate
from mutualcommit.model import Aggregation, Metric, Target
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
        targets: list[Target | None] = [g.target for g in agreement.goals]
        targets += [c.target for c in agreement.contributions]
        closing = max([agreement.end, *(t.due for t in targets if t and t.due)])
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

    def test_a_window_due_after_the_term_pays_at_its_due_date(self) -> None:
        """A term window due after the term's end is open at the end (MC102)."""
        agreement = loads(_DUE_AFTER_THE_TERM)
        still = Assumptions(rates={"units": Fixed(0)})

        projection = project(agreement, [], as_of=agreement.start, assumptions=still)
        at_end = evaluate(agreement, [], as_of=agreement.end).incentive("bonus")
        at_due = evaluate(agreement, [], as_of=dt.date(2026, 1, 10)).incentive("bonus")

        report = check(agreement, as_of=agreement.start)
        assert "MC102" in {f.code for f in report.errors}
        (projected,) = projection.incentives
        assert not projected.windows[0].closed
        assert projected.mean == 5.0
        assert (at_end.earned, at_end.provisional) == (Decimal(0), Decimal(5))
        assert at_end.windows[0].provisional
        assert (at_due.earned, at_due.provisional) == (Decimal(5), Decimal(5))
        assert not at_due.windows[0].provisional

    def test_a_huge_actual_lifts_no_at_most_attainment(self) -> None:
        """At most 0.01 against 100,000,000 attains 1E-10: no 1 % tier, projected or earned.

        The floats' slack for the actual's rounding is a share of the
        attainment's size, not of actual / target (which is 10^10 here and
        once lifted the attainment onto the 1 % threshold).
        """
        agreement = loads(_HUGE_AGAINST_TINY)
        log = [
            Observation(metric="units", at=dt.date(2026, 1, 1), value=Decimal("1E+8"))
        ]
        still = Assumptions(rates={"units": Fixed(0)})

        projection = project(
            agreement, log, as_of=dt.date(2026, 1, 1), assumptions=still, runs=2
        )
        card = evaluate(agreement, log, as_of=agreement.end)

        (projected,) = projection.incentives
        window = card.goal("g").windows[0]
        assert (window.attainment, window.standing.value) == (
            Decimal("1E-10"),
            "missed",
        )
        assert card.incentive("bonus").earned == Decimal(0)
        assert (projected.mean, projected.windows[0].mean) == (0.0, 0.0)


_DUE_AFTER_THE_TERM = """{
  "format": "mutualcommit.agreement", "format_version": 1,
  "id": "a", "title": "Returns", "currency": "EUR",
  "start": "2026-01-01", "end": "2026-01-05",
  "parties": [{"id": "v", "name": "Vendor", "role": "vendor"},
              {"id": "p", "name": "Partner", "role": "partner"}],
  "metrics": [{"id": "units", "name": "Returned units", "unit": "count",
               "aggregation": "sum", "reported_by": "p"}],
  "contributions": [{"id": "c", "party": "p", "title": "Few returns",
                     "kind": "enablement_training",
                     "target": {"metric": "units", "value": "1",
                                "direction": "at_most", "due": "2026-01-10"}}],
  "incentives": [{"id": "bonus", "title": "Bonus", "payer": "v",
                  "beneficiary": "p", "contribution": "c",
                  "tiers": [{"threshold": "1",
                             "amount": {"amount": "5", "unit": "EUR"}}]}]
}"""


_HUGE_AGAINST_TINY = """{
  "format": "mutualcommit.agreement", "format_version": 1,
  "id": "a", "title": "Returns", "currency": "EUR",
  "start": "2026-01-01", "end": "2026-01-03",
  "parties": [{"id": "v", "name": "Vendor", "role": "vendor"},
              {"id": "p", "name": "Partner", "role": "partner"}],
  "metrics": [{"id": "units", "name": "Returned units", "unit": "EUR",
               "aggregation": "sum", "reported_by": "v"}],
  "goals": [{"id": "g", "title": "Few returns",
             "target": {"metric": "units", "value": "0.01",
                        "direction": "at_most"}}],
  "contributions": [{"id": "c", "party": "v", "title": "Report returns",
                     "kind": "enablement_training", "supports": ["g"]},
                    {"id": "d", "party": "p", "title": "Report returns",
                     "kind": "enablement_training", "supports": ["g"]}],
  "incentives": [{"id": "bonus", "title": "Bonus", "payer": "v",
                  "beneficiary": "p", "goal": "g",
                  "tiers": [{"threshold": "0.01",
                             "amount": {"amount": "5", "unit": "EUR"}}]}]
}"""
