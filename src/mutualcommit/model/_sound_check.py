"""The invariants of a typed agreement with sound values, checked in one walk.

A document reader that vouches for every value's type and every decimal's
bounds (what `agreement_problems` calls *typed* and *sound_decimals*), and
for every ``extensions`` mapping (only ASCII text and keys, integers within
2^1023 and finite floats, as JSON can carry them), asks only whether the
agreement breaks an invariant. `sound_agreement_accepts`
answers that in one function walking the agreement once, with local names
and no method call per value: what is left to check once the types are
known (identifiers, unique ids, references that resolve, non-empty titles,
dates in order, signs, units, incentives' tiers, funds, the term's size)
is tested inline. What it cannot vouch for that way (a metric computed
from others, a fund or an incentive it doubts, a long term with many
targets) and the rarer parts (remedies, exception criteria) are checked by
the same functions `agreement_problems` uses.

It answers True only when `agreement_problems` finds no problem; on any
doubt or problem it answers False, and the caller asks
`agreement_problems` for the report, so problems and paths are those of
the general checker.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ._bounds import MAX_TERM_DAYS, MAX_VERSION, MAX_WINDOWS, term_problems
from ._entities import PLAIN_UNITS
from ._enums import Aggregation, Period
from ._frozen import EMPTY
from ._funds import FundExpiry, fund_problems
from ._invariants import (
    CURRENCY,
    FINGERPRINT,
    _exception_criterion,
    _incentive,
    _SoundChecker,
    exception_key_problems,
    review_rule_problem,
)
from ._measure_checks import _PLANS, measure_problems
from ._selection import sound_selection
from ._unicode import blank

if TYPE_CHECKING:
    from ._agreement import Agreement

__all__ = ["sound_agreement_accepts"]

# Every id of an agreement at once, each followed by a line feed (which no
# identifier holds): one match instead of one per id.
_IDENTIFIERS = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9._:-]{0,127}\n)*")
_ZERO = Decimal(0)
_ONE = Decimal(1)
_FISCAL_YEAR = FundExpiry.FISCAL_YEAR
_TERM = Period.TERM

#: The plans of the aggregations computed from no other metric and with no
#: field of their own: such a metric is sound when every field that does
#: not belong to it has its default, which its plan reads at once.
_PLAIN_PLANS = {
    aggregation: _PLANS[aggregation]
    for aggregation in (
        Aggregation.SUM,
        Aggregation.COUNT,
        Aggregation.LAST,
        Aggregation.MEAN,
        Aggregation.MIN,
        Aggregation.MAX,
    )
}


def _unique(ids: list[str]) -> bool:
    return len(set(ids)) == len(ids)


def _twice(ids: tuple[str, ...]) -> bool:
    """Say whether some id is named twice in *ids*."""
    return len(ids) > 1 and len(set(ids)) < len(ids)


def _sound_quantity(quantity: Any) -> bool:
    """Say whether a typed quantity with a sound amount is non-negative in a unit."""
    unit = quantity.unit
    return quantity.amount >= _ZERO and (
        unit in PLAIN_UNITS or CURRENCY.fullmatch(unit) is not None
    )


def _target_accepts(target: Any, metrics: dict[str, Any]) -> bool:
    if target.metric not in metrics:
        return False
    # A key that is not ASCII may fold onto another in NFC: not sure; a
    # blank key is refused.
    where = target.where
    if where is not EMPTY and not sound_selection(where._data):  # noqa: SLF001
        return False
    if target.due is not None and target.per is not _TERM:
        return False
    previous = None
    for step in target.steps:
        starting = step.starting
        if previous is not None and starting <= previous:
            return False
        previous = starting
    return True


def _fund_accepts(fund: Any, metrics: dict[str, Any], currency: str) -> bool:
    """Vouch for a typed fund with sound decimals; False means "not sure"."""
    accrual = fund.accrual
    if accrual is not None:
        of = metrics.get(accrual.of)
        if (
            not _ZERO <= accrual.rate <= _ONE
            or of is None
            or of.unit != currency
            or (accrual.per is _TERM and fund.expiry is _FISCAL_YEAR)
            or (accrual.cap is not None and accrual.cap < _ZERO)
        ):
            return False
    roi = None if fund.roi_metric is None else metrics.get(fund.roi_metric)
    days = fund.claim_days
    return (
        (fund.co_funding is None or _ZERO < fund.co_funding <= _ONE)
        and (days is None or 0 <= days <= MAX_TERM_DAYS)
        and (
            fund.roi_metric is None
            # Not money, or money in the fund's currency.
            or (roi is not None and (roi.unit in PLAIN_UNITS or roi.unit == currency))
        )
    )


def _incentive_accepts(
    incentive: Any,
    parties: dict[str, Any],
    metrics: dict[str, Any],
    goals: dict[str, Any],
    contributions: dict[str, Any],
) -> bool:
    """Vouch for a typed incentive with sound decimals; False means "not sure"."""
    payer, beneficiary = incentive.payer, incentive.beneficiary
    if (
        blank(incentive.title)
        or payer not in parties
        or beneficiary not in parties
        or payer == beneficiary
    ):
        return False
    goal, contribution = incentive.goal, incentive.contribution
    if goal is not None:
        if contribution is not None or goal not in goals:
            return False
    elif contribution not in contributions:
        return False  # neither, or an unknown contribution
    tiers = incentive.tiers
    if not tiers:
        return False
    units: set[str] = set()
    statuses = 0
    previous = _ZERO
    for tier in tiers:
        threshold, amount, rate, status = (
            tier.threshold,
            tier.amount,
            tier.rate,
            tier.status,
        )
        if threshold <= previous:
            return False  # not positive, or not above the tier before
        previous = threshold
        if (amount is not None) + (rate is not None) + (status is not None) != 1:
            return False
        if amount is not None:
            # A bonus is paid in a currency.
            if (
                tier.of is not None
                or amount.amount < _ZERO
                or CURRENCY.fullmatch(amount.unit) is None
            ):
                return False
            units.add(amount.unit)
        elif rate is not None:
            metric = None if tier.of is None else metrics.get(tier.of)
            if (
                rate < _ZERO
                or metric is None
                or CURRENCY.fullmatch(metric.unit) is None
            ):
                return False
            units.add(metric.unit)
        elif tier.of is not None or blank(status):
            return False
        else:
            statuses += 1
    if statuses and statuses != len(tiers):
        return False
    if len(units) > 1:
        return False
    cap = incentive.cap
    return cap is None or (
        not statuses
        and cap.amount >= _ZERO
        and CURRENCY.fullmatch(cap.unit) is not None
        and (not units or cap.unit in units)
    )


def sound_agreement_accepts(agreement: Agreement) -> bool:
    """Say whether the typed agreement with sound values breaks no invariant.

    Its caller vouches for types, decimals and extensions (see the module).
    True means `agreement_problems` with *typed* and *sound_decimals* finds
    no problem; False means it may find one (it then says which).
    """
    a = agreement
    if a.start > a.end or CURRENCY.fullmatch(a.currency) is None:
        return False
    if blank(a.title):
        return False
    calendar = a.fiscal_calendar
    if not 1 <= calendar.start_month <= 12 or calendar.naming not in ("end", "start"):  # noqa: PLR2004
        return False
    if not 1 <= a.version <= MAX_VERSION:
        return False

    all_ids: list[str] = [a.id]
    parties = {party.id: party for party in a.parties}
    metrics = {metric.id: metric for metric in a.metrics}
    goals = {goal.id: goal for goal in a.goals}
    contributions = {item.id: item for item in a.contributions}
    criteria = {item.id: item for item in a.exception_criteria}
    index: dict[str, Any]
    for entities, index in (
        (a.parties, parties),
        (a.metrics, metrics),
        (a.goals, goals),
        (a.contributions, contributions),
        (a.exception_criteria, criteria),
    ):
        if len(index) != len(entities):
            return False  # an id named twice
        all_ids += index
    others: tuple[tuple[Any, ...], ...] = (
        a.allocations,
        a.incentives,
        a.clauses,
        a.reviews,
        a.remedies,
    )
    for entities in others:
        ids = [item.id for item in entities]
        if not _unique(ids):
            return False
        all_ids += ids

    for party in a.parties:
        if blank(party.name):
            return False
        if party.capacity:
            units = [quantity.unit for quantity in party.capacity]
            if not _unique(units) or not all(map(_sound_quantity, party.capacity)):
                return False

    for metric in a.metrics:
        if blank(metric.name):
            return False
        unit = metric.unit
        if unit not in PLAIN_UNITS and CURRENCY.fullmatch(unit) is None:
            return False
        if metric.reported_by is not None and metric.reported_by not in parties:
            return False
        plan = _PLAIN_PLANS.get(metric.aggregation)
        # Computed from other metrics, or a field set that may not be.
        plain = plan is not None and plan.read(metric) == plan.defaults
        if not plain and measure_problems("metrics", metric, metrics):
            return False

    targets = 0  # for the bound on windows
    # The ids each kind of entity is named by, known or not, checked at once.
    goal_refs: list[str] = []
    party_refs: list[str] = []
    contribution_refs: list[str] = []
    for goal in a.goals:
        if blank(goal.title) or goal.weight < _ZERO:
            return False
        if goal.target is not None:
            if not _target_accepts(goal.target, metrics):
                return False
            targets += 1

    for contribution in a.contributions:
        if contribution.party not in parties or blank(contribution.title):
            return False
        supports = contribution.supports
        if supports:
            if _twice(supports):
                return False
            goal_refs += supports
        target = contribution.target
        if target is not None:
            if not _target_accepts(target, metrics):
                return False
            targets += 1

    for allocation in a.allocations:
        if allocation.party not in parties or not _sound_quantity(allocation.amount):
            return False
        if (
            allocation.contribution is not None
            and allocation.contribution not in contributions
        ):
            return False
        fund = allocation.fund
        if fund is not None and (
            allocation.amount.unit != a.currency
            or not (
                _fund_accepts(fund, metrics, a.currency)
                or not fund_problems("fund", fund, metrics, a.currency)
            )
        ):
            return False

    # The rarer kinds by the general checker's own functions.
    checker = _SoundChecker()
    for incentive in a.incentives:
        if not _incentive_accepts(incentive, parties, metrics, goals, contributions):
            _incentive(checker, "", incentive, parties, metrics, goals, contributions)
    for criterion in a.exception_criteria:
        _exception_criterion(checker, "", criterion, parties, metrics)
        targets += 1  # its windows count toward the bound as a target's do
    if a.remedies:
        # Imported here, as the general checker's module does.
        from ._invariants import _remedy

        for remedy in a.remedies:
            _remedy(checker, "", remedy, parties, metrics, goals, contributions)
    if checker.problems:
        return False

    for clause in a.clauses:
        if blank(clause.title) or blank(clause.text):
            return False

    if a.review_rule is not None and review_rule_problem(a.review_rule, a.start):
        return False

    for review in a.reviews:
        attendees = review.attendees
        if attendees:
            if _twice(attendees):
                return False
            party_refs += attendees
        actions = review.actions
        if not actions:
            continue
        ids = [action.id for action in actions]
        if not _unique(ids):
            return False
        all_ids += ids
        held_on = review.held_on
        for action in actions:
            if action.owner not in parties or blank(action.title):
                return False
            done = action.done_on
            if done is not None and done < held_on:
                return False  # done before its review decided it
            linked = action.goals
            if linked:
                if _twice(linked):
                    return False
                goal_refs += linked
            linked = action.contributions
            if linked:
                if _twice(linked):
                    return False
                contribution_refs += linked
            for key in action.exceptions:
                name, slash, _ = key.partition("/")
                if not slash or name not in criteria or key.endswith("/"):
                    return False
                # (Its start, end and calendar are sound: checked above.)
                term = (a.start, a.end, calendar)
                if exception_key_problems(key, criteria[name], term):
                    return False

    signed: set[str] = set()
    for signature in a.signatures:
        signer = signature.party
        if signer not in parties or signer in signed:
            return False
        signed.add(signer)
        if blank(signature.signed_by):
            return False
        if FINGERPRINT.fullmatch(signature.fingerprint) is None:
            return False
        signed_version = signature.version
        if signed_version is not None and not 1 <= signed_version <= a.version:
            return False  # no version the terms have had

    if not (
        goals.keys() >= set(goal_refs)
        and parties.keys() >= set(party_refs)
        and contributions.keys() >= set(contribution_refs)
    ):
        return False  # a reference to no such entity
    # Every id well-formed, in one match.
    all_ids.append("")
    if _IDENTIFIERS.fullmatch("\n".join(all_ids)) is None:
        return False
    return _term_accepts(a, targets) or not term_problems(a)


def _term_accepts(a: Agreement, targets: int) -> bool:
    """Vouch for the term's bounds without counting each target's windows.

    A target cuts the term into at most as many windows as it has days (a
    week or a month has at least one of them), so *targets* times the days
    bounds their number. False means "not sure": `term_problems` decides.
    """
    days = (a.end - a.start).days + 1
    # Whether the fiscal years around such a term fit in the dates is
    # term_problems' to tell.
    if a.fiscal_calendar.start_month != 1 and (
        a.start.year == 1 or a.end.year == 9999  # noqa: PLR2004
    ):
        return False
    return days <= MAX_TERM_DAYS and targets * days <= MAX_WINDOWS
