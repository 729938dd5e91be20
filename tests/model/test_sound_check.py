"""The one-walk check of a sound agreement never accepts what breaks an invariant.

`sound_agreement_accepts` is the fast check the typed reader of `loads` asks
first: when it says True, nothing else is checked. Each agreement below
breaks one invariant, made by hand from the reference agreement without the
check its constructor runs; the full check finds the problem, and the one
walk must not accept it (it may always say False: the full check then
decides).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest
from tests.conftest import tampered_calendar

from mutualcommit.model import (
    Aggregation,
    Agreement,
    Clause,
    Direction,
    ExceptionCriterion,
    FiscalCalendar,
    Fund,
    Goal,
    Metric,
    Period,
    Quantity,
    Remedy,
    Review,
    Signature,
    Target,
    Tier,
)
from mutualcommit.model._invariants import agreement_problems
from mutualcommit.model._sound_check import sound_agreement_accepts

from .conftest import make_agreement

D = Decimal


def _unchecked(agreement: Agreement, **changes: Any) -> Agreement:
    """Return a copy of *agreement* with *changes*, its invariants not checked."""
    broken = copy.copy(agreement)
    for name, value in changes.items():
        object.__setattr__(broken, name, value)
    object.__setattr__(broken, "_fingerprint", None)
    return broken


def _bare(agreement: Agreement, **changes: Any) -> Agreement:
    """Return an unchecked copy of *agreement* with nothing but its term and parties, and *changes*."""
    bare: dict[str, Any] = {
        "goals": (),
        "contributions": (),
        "allocations": (),
        "incentives": (),
        "reviews": (),
        "signatures": (),
        "review_rule": None,
    }
    return _unchecked(agreement, **{**bare, **changes})


def _at(items: tuple[Any, ...], index: int, **changes: Any) -> tuple[Any, ...]:
    """Return *items* with the one at *index* changed by *changes*."""
    changed = list(items)
    changed[index] = attrs.evolve(changed[index], **changes)
    return tuple(changed)


def _first(field: str, **changes: Any) -> Callable[[Agreement], Agreement]:
    """Break the first entity of *field* by *changes*."""
    return lambda a: _unchecked(a, **{field: _at(getattr(a, field), 0, **changes)})


def _plus(
    field: str, item: Callable[[Agreement], Any]
) -> Callable[[Agreement], Agreement]:
    """Add the entity *item* makes to *field*."""
    return lambda a: _unchecked(a, **{field: (*getattr(a, field), item(a))})


def _twice(field: str) -> Callable[[Agreement], Agreement]:
    """Name the first entity of *field* twice."""
    return _plus(field, lambda a: getattr(a, field)[0])


def _incentive(index: int, **changes: Any) -> Callable[[Agreement], Agreement]:
    return lambda a: _unchecked(a, incentives=_at(a.incentives, index, **changes))


def _tiers(index: int, *tiers: Tier) -> Callable[[Agreement], Agreement]:
    return _incentive(index, tiers=tiers)


def _goal_target(**changes: Any) -> Callable[[Agreement], Agreement]:
    def broken(a: Agreement) -> Agreement:
        goal = a.goals[1]
        assert goal.target is not None
        target = attrs.evolve(goal.target, **changes)
        return _unchecked(a, goals=_at(a.goals, 1, target=target))

    return broken


def _action(**changes: Any) -> Callable[[Agreement], Agreement]:
    def broken(a: Agreement) -> Agreement:
        review = a.reviews[0]
        return _unchecked(
            a, reviews=_at(a.reviews, 0, actions=_at(review.actions, 0, **changes))
        )

    return broken


def _fund(**changes: Any) -> Callable[[Agreement], Agreement]:
    fund = attrs.evolve(Fund(co_funding=D("0.5"), claim_days=30), **changes)
    return _first("allocations", fund=fund)


EUR = "EUR"
_CRITERION = ExceptionCriterion(
    id="slow",
    title="Slow pipeline",
    measure="cosell-opps",
    owner="acme",
    resolve_within_days=30,
    lower=D(-10),
)
_REMEDY = Remedy(
    id="credit",
    title="Service credit",
    payer="acme",
    beneficiary="globex",
    goal="pipeline",
    amount=Quantity(amount=D(100), unit=EUR),
)
_SIGNATURE = Signature(
    party="globex",
    signed_by="Gil Partner",
    signed_on=dt.date(2025, 12, 16),
    fingerprint="sha256:" + "1" * 64,
)


_USD_REVENUE = Metric(
    id="us-rev", name="US revenue", unit="USD", aggregation=Aggregation.SUM
)


def _money(amount: str, unit: str = EUR) -> Quantity:
    return Quantity(amount=D(amount), unit=unit)


#: One way each to break an invariant of the reference agreement.
BROKEN: dict[str, Callable[[Agreement], Agreement]] = {
    "ends-before-start": lambda a: _unchecked(a, end=a.start - dt.timedelta(days=1)),
    "currency": lambda a: _unchecked(a, currency="eur"),
    "fiscal-month-0": lambda a: _unchecked(
        a, fiscal_calendar=tampered_calendar(start_month=0)
    ),
    "fiscal-month-13": lambda a: _unchecked(
        a, fiscal_calendar=tampered_calendar(start_month=13)
    ),
    "fiscal-naming": lambda a: _unchecked(
        a,
        fiscal_calendar=tampered_calendar(naming="middle"),
    ),
    "version-0": lambda a: _unchecked(a, version=0),
    "version-past-2**53-1": lambda a: _unchecked(a, version=2**53),
    "termination-after-past-the-windows": lambda a: _unchecked(
        a,
        remedies=(
            Remedy(
                id="r",
                title="Credit",
                payer=a.parties[0].id,
                beneficiary=a.parties[1].id,
                goal=a.goals[0].id,
                amount=_money("10"),
                termination_after=100_001,
            ),
        ),
    ),
    "id": lambda a: _unchecked(a, id="-acme"),
    "party-twice": _twice("parties"),
    "metric-twice": _twice("metrics"),
    "goal-twice": _twice("goals"),
    "contribution-twice": _twice("contributions"),
    "criterion-twice": lambda a: _unchecked(a, exception_criteria=(_CRITERION,) * 2),
    "allocation-twice": _twice("allocations"),
    "incentive-twice": _twice("incentives"),
    "clause-twice": _twice("clauses"),
    "review-twice": _twice("reviews"),
    "remedy-twice": lambda a: _unchecked(a, remedies=(_REMEDY, _REMEDY)),
    "clause-id": _plus(
        "clauses", lambda _: Clause(id="bad id", title="T", text="Net 30.")
    ),
    "party-name": _first("parties", name=" "),
    "capacity-unit-twice": _first("parties", capacity=(_money("1"), _money("2"))),
    "capacity-negative": _first("parties", capacity=(_money("-1"),)),
    "capacity-unit": _first("parties", capacity=(_money("1", "eur"),)),
    "metric-name": _first("metrics", name=" "),
    "metric-unit": _first("metrics", unit="Euro"),
    "metric-reporter": _first("metrics", reported_by="nobody"),
    "metric-foreign-field": _first("metrics", lag=2),
    "metric-foreign-percentile": _first("metrics", percentile=D(50)),
    "ratio-without-sides": _first("metrics", aggregation="ratio"),
    "ratio-relabels-a-currency": _plus(
        "metrics",
        lambda _: Metric(
            id="deal-size",
            name="Deal size",
            unit="USD",
            aggregation=Aggregation.RATIO,
            numerator="revenue",
            denominator="cosell-opps",
        ),
    ),
    "forecast-against-another-currency": lambda a: _plus(
        "metrics",
        lambda _: Metric(
            id="accuracy",
            name="Accuracy",
            unit="percent",
            aggregation=Aggregation.FORECAST_ACCURACY,
            forecast="us-rev",
            actual="revenue",
        ),
    )(_plus("metrics", lambda _: _USD_REVENUE)(a)),
    "goal-title": _first("goals", title=" "),
    "goal-weight": _first("goals", weight=D(-1)),
    "target-metric": _goal_target(metric="nope"),
    "target-due-per-quarter": _goal_target(per=Period.QUARTER),
    "target-steps-order": lambda a: _goal_target(
        steps=tuple(reversed(a.goals[1].target.steps))  # type: ignore[union-attr]
    )(a),
    "target-steps-same-day": lambda a: _goal_target(
        steps=(a.goals[1].target.steps[0],) * 2  # type: ignore[union-attr]
    )(a),
    "contribution-party": _first("contributions", party="nobody"),
    "contribution-title": _first("contributions", title=" "),
    "supports-twice": _first("contributions", supports=("pipeline", "pipeline")),
    "supports-unknown": _first("contributions", supports=("nope",)),
    "contribution-target": lambda a: _first(
        "contributions",
        target=attrs.evolve(a.contributions[0].target, metric="nope"),  # type: ignore[misc]
    )(a),
    "allocation-party": _first("allocations", party="nobody"),
    "allocation-negative": _first("allocations", amount=_money("-1")),
    "allocation-unit": _first("allocations", amount=_money("1", "Euro")),
    "allocation-contribution": _first("allocations", contribution="nope"),
    "fund-not-in-currency": lambda a: _unchecked(
        a,
        allocations=_at(a.allocations, 1, fund=Fund(co_funding=D("0.5"))),
    ),
    "fund-co-funding-0": _fund(co_funding=D(0)),
    "fund-co-funding-above-1": _fund(co_funding=D("1.5")),
    "fund-claim-days": _fund(claim_days=-1),
    "fund-claim-days-long": _fund(claim_days=36526),
    "fund-roi-metric": _fund(roi_metric="nope"),
    "fund-roi-metric-in-another-currency": lambda a: _fund(roi_metric="us-rev")(
        _plus("metrics", lambda _: _USD_REVENUE)(a)
    ),
    "incentive-title": _incentive(0, title=" "),
    "incentive-payer": _incentive(0, payer="nobody"),
    "incentive-beneficiary": _incentive(0, beneficiary="nobody"),
    "incentive-pays-itself": _incentive(0, beneficiary="acme"),
    "incentive-goal-and-contribution": _incentive(0, contribution="cosell"),
    "incentive-goal-unknown": _incentive(0, goal="nope"),
    "incentive-contribution-unknown": _incentive(1, contribution="nope"),
    "incentive-neither": _incentive(1, contribution=None),
    "incentive-no-tiers": _tiers(0),
    "tier-threshold-0": _tiers(0, Tier(threshold=D(0), rate=D("0.02"), of="revenue")),
    "tier-threshold-order": _tiers(
        0,
        Tier(threshold=D(2), rate=D("0.02"), of="revenue"),
        Tier(threshold=D(2), rate=D("0.03"), of="revenue"),
    ),
    "tier-two-kinds": _tiers(
        0, Tier(threshold=D(1), rate=D("0.02"), of="revenue", status="gold")
    ),
    "tier-no-kind": _tiers(0, Tier(threshold=D(1))),
    "tier-amount-with-of": _tiers(
        2, Tier(threshold=D(1), amount=_money("10"), of="revenue")
    ),
    "tier-amount-negative": _tiers(2, Tier(threshold=D(1), amount=_money("-10"))),
    "tier-rate-negative": _tiers(0, Tier(threshold=D(1), rate=D(-1), of="revenue")),
    "tier-rate-of-nothing": _tiers(0, Tier(threshold=D(1), rate=D(1))),
    "tier-rate-of-unknown": _tiers(0, Tier(threshold=D(1), rate=D(1), of="nope")),
    "tier-rate-of-count": _tiers(0, Tier(threshold=D(1), rate=D(1), of="cosell-opps")),
    "tier-status-with-of": _tiers(1, Tier(threshold=D(1), status="gold", of="revenue")),
    "tier-status-blank": _tiers(1, Tier(threshold=D(1), status=" ")),
    "tier-status-and-amount": _tiers(
        1,
        Tier(threshold=D(1), status="gold"),
        Tier(threshold=D(2), amount=_money("10")),
    ),
    "tier-units-differ": _tiers(
        2,
        Tier(threshold=D(1), amount=_money("10")),
        Tier(threshold=D(2), amount=_money("10", "USD")),
    ),
    # Without a cap to compare them with, the units must still agree.
    "tier-units-differ-without-cap": _incentive(
        2,
        tiers=(
            Tier(threshold=D(1), amount=_money("10")),
            Tier(threshold=D(2), amount=_money("10", "USD")),
        ),
        cap=None,
    ),
    "cap-with-statuses": _incentive(1, cap=_money("10")),
    "cap-negative": _incentive(2, cap=_money("-1")),
    "cap-unit-differs": _incentive(2, cap=_money("10", "USD")),
    "criterion-owner": lambda a: _unchecked(
        a, exception_criteria=(attrs.evolve(_CRITERION, owner="nobody"),)
    ),
    "remedy-payer": lambda a: _unchecked(
        a, remedies=(attrs.evolve(_REMEDY, payer="nobody"),)
    ),
    "clause-title": _first("clauses", title=" "),
    "clause-text": _first("clauses", text=" \n\t "),
    "title": lambda a: _unchecked(a, title=" \n\t "),
    # Text that shows nothing: invisible characters are blank too.
    "title-invisible": lambda a: _unchecked(a, title="\u200b\ufeff"),
    "party-name-invisible": _first("parties", name="\u200c\u200d"),
    "metric-name-invisible": _first("metrics", name="\u2060"),
    "goal-title-invisible": _first("goals", title="\u00ad "),
    "contribution-title-invisible": _first("contributions", title="\u3164"),
    "incentive-title-invisible": _incentive(0, title="\U000e0020"),
    "tier-status-invisible": _tiers(1, Tier(threshold=D(1), status="\u200b")),
    "clause-text-invisible": _first("clauses", text="\u200b\n\u200b"),
    "action-title-invisible": _action(title="\ufe0f"),
    "signature-signed-by-invisible": _first("signatures", signed_by="\u2066\u2069"),
    "review-rule": lambda a: _unchecked(a, review_rule="FREQ=SOMETIMES"),
    "attendees-twice": _first("reviews", attendees=("acme", "acme")),
    "attendee-unknown": _first("reviews", attendees=("acme", "nobody")),
    "actions-twice": lambda a: _first("reviews", actions=a.reviews[0].actions * 2)(a),
    # A review without actions is no reason to stop at it.
    "action-owner-after-a-review-without-actions": lambda a: _unchecked(
        a,
        reviews=(
            Review(id="kickoff", held_on=dt.date(2026, 1, 15)),
            attrs.evolve(
                a.reviews[0], actions=_at(a.reviews[0].actions, 0, owner="nobody")
            ),
        ),
    ),
    "action-id": _action(id="bad id"),
    "action-owner": _action(owner="nobody"),
    "action-title": _action(title=" "),
    "action-goals-twice": _action(goals=("pipeline", "pipeline")),
    "action-goal-unknown": _action(goals=("nope",)),
    "action-contributions-twice": _action(contributions=("cosell", "cosell")),
    "action-contribution-unknown": _action(contributions=("nope",)),
    "action-exception-no-slash": lambda a: _action(exceptions=("slow",))(
        _unchecked(a, exception_criteria=(_CRITERION,))
    ),
    "action-exception-unknown": _action(exceptions=("slow/2026-Q1",)),
    "action-exception-no-window": lambda a: _action(exceptions=("slow/",))(
        _unchecked(a, exception_criteria=(_CRITERION,))
    ),
    "action-exception-item-no-window": lambda a: _action(exceptions=("slow/sku-1/",))(
        _unchecked(a, exception_criteria=(_CRITERION,))
    ),
    # The criterion is judged over the term, and does not split.
    "action-exception-no-window-of-its-per": lambda a: _action(
        exceptions=("slow/FY2026-Q1",)
    )(_unchecked(a, exception_criteria=(_CRITERION,))),
    "action-exception-item-of-no-split": lambda a: _action(
        exceptions=("slow/sku-1/term",)
    )(_unchecked(a, exception_criteria=(_CRITERION,))),
    "action-exception-week-53-of-2027": lambda a: _action(
        exceptions=("slow/2027-W53",)
    )(_unchecked(a, exception_criteria=(attrs.evolve(_CRITERION, per=Period.WEEK),))),
    "signature-party": _first("signatures", party="nobody"),
    "signature-twice": _twice("signatures"),
    "signature-signed-by": _first("signatures", signed_by=" "),
    "signature-fingerprint": _first("signatures", fingerprint="sha256:0"),
    "signature-version-later": _first("signatures", version=2),
    "signature-version-zero": _first("signatures", version=0),
    "term-too-long": lambda a: _unchecked(
        a, start=dt.date(1900, 1, 1), end=dt.date(2026, 12, 31)
    ),
    # 1926-01-01 to 2026-01-01, both ends included: 36526 days, one too many.
    "term-a-day-too-long": lambda a: _bare(
        a, start=dt.date(1926, 1, 1), end=dt.date(2026, 1, 1)
    ),
    "too-many-windows": lambda a: _bare(
        a,
        start=dt.date(1926, 1, 1),
        end=dt.date(2025, 12, 31),
        goals=tuple(
            Goal(
                id=f"g{i}",
                title="Weekly",
                target=Target(
                    metric="revenue",
                    value=D(1),
                    direction=Direction.AT_LEAST,
                    per=Period.WEEK,
                ),
            )
            for i in range(20)
        ),
    ),
    # Fiscal years from February: the one around 9999-12-31 ends in 10000.
    "fiscal-year-past-9999-from-february": lambda a: _bare(
        a,
        start=dt.date(9999, 1, 1),
        end=dt.date(9999, 12, 31),
        fiscal_calendar=FiscalCalendar(start_month=2),
    ),
    "fiscal-year-before-year-1": lambda a: _bare(
        a,
        start=dt.date(1, 1, 1),
        end=dt.date(1, 12, 31),
        fiscal_calendar=FiscalCalendar(start_month=4, naming="start"),
    ),
}


class TestSoundCheckRefusesEveryBrokenInvariant:
    """An agreement that breaks one invariant is never accepted by the one walk."""

    @pytest.mark.parametrize("name", BROKEN)
    def test_broken(self, name: str) -> None:
        """The full check finds a problem; the one walk does not say True."""
        broken = BROKEN[name](make_agreement())

        assert agreement_problems(broken, typed=True, sound_decimals=True) != []
        assert sound_agreement_accepts(broken) is False

    def test_the_unbroken_copy(self) -> None:
        """The copy made without the constructor's check, unchanged, breaks nothing."""
        copied = _unchecked(make_agreement())

        assert agreement_problems(copied, typed=True, sound_decimals=True) == []
        assert copied == make_agreement()
