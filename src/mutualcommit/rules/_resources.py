"""MC2xx: defined contributions from both sides, resources within capacity.

*An allocation in a fiscal year*: money, counts, hours and days flow, so an
allocation's amount is spread evenly over the days of its period (TERM: the
term; YEAR, QUARTER, MONTH: each whole fiscal year, quarter or month; WEEK:
each ISO week) and the days inside both the term and the fiscal year are
added up; ``fte`` and ``percent`` are levels, so the amounts of all of a
party's allocations in that unit add up, whatever their ``per``, in every
fiscal year the term touches. The shares are exact fractions, so an
allocation that fills its capacity to the cent is not over it by a rounding;
the messages write them to the currency's digits, with more where those
would not show what was found (`shown_amounts`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction

from mutualcommit.calendar import Window, fiscal_years, windows
from mutualcommit.model import (
    Agreement,
    ContributionKind,
    FiscalCalendar,
    FrozenDict,
    Period,
    Role,
)

from ._amounts import shown_amounts
from ._context import Context
from ._findings import Finding, Severity
from ._rule import rule

__all__ = ["mc200", "mc201", "mc202", "mc203", "mc204", "mc205", "spread"]

#: Units that are levels, not flows: they add up rather than spread.
_LEVELS = frozenset({"fte", "percent"})
_SUPPORT_NEEDED = frozenset(
    {ContributionKind.CERTIFICATION, ContributionKind.CO_SELLING}
)


def _shares(
    calendar: FiscalCalendar, start: dt.date, end: dt.date, years: Sequence[Window]
) -> dict[Period, list[Fraction]]:
    """Return, per period, the share of one allocation's amount in each fiscal year."""
    term_days = (end - start).days + 1
    shares = {Period.TERM: [Fraction(year.days, term_days) for year in years]}
    for per in (Period.YEAR, Period.QUARTER, Period.MONTH):
        sums = [Fraction(0)] * len(years)
        k = 0
        # Fiscal months and quarters nest in fiscal years: walk both in order.
        for window in windows(calendar, per, start, end):
            while window.start > years[k].end:
                k += 1
            sums[k] += Fraction(window.days, window.period_days)
        shares[per] = sums
    # ISO weeks straddle fiscal years, but a clipped week spreads over its
    # seven days like a whole one: each day of the term carries a seventh.
    shares[Period.WEEK] = [Fraction(year.days, 7) for year in years]
    return shares


#: A term's fiscal years and, per period, each year's share.
_TermShares = tuple[tuple[Window, ...], Mapping[Period, tuple[Fraction, ...]]]


# `spread` runs for MC203 and MC204 of every check, and a portfolio's
# agreements mostly share one term: the shares depend on the term alone, so
# they are computed once per (fiscal calendar, start, end). The cached
# values are immutable (tuples of Windows and Fractions, a FrozenDict).
@functools.lru_cache(maxsize=64)
def _term_shares(calendar: FiscalCalendar, start: dt.date, end: dt.date) -> _TermShares:
    """Return the term's fiscal years and, per period, each year's share."""
    years = tuple(fiscal_years(calendar, start, end))
    shares = _shares(calendar, start, end, years)
    return years, FrozenDict({per: tuple(row) for per, row in shares.items()})


def spread(
    agreement: Agreement,
) -> tuple[tuple[Window, ...], dict[tuple[str, str], list[Fraction]]]:
    """Spread every allocation over the fiscal years of the term.

    Returns:
        The fiscal years of the term (clipped to it), and ``(party id, unit)``
        → the amount allocated in each of those years.
    """
    if not agreement.allocations:
        calendar, start, end = agreement.fiscal_calendar, agreement.start, agreement.end
        return tuple(fiscal_years(calendar, start, end)), {}
    years, shares = _term_shares(
        agreement.fiscal_calendar, agreement.start, agreement.end
    )
    totals: dict[tuple[str, str], list[Fraction]] = {}
    for allocation in agreement.allocations:
        unit = allocation.amount.unit
        amount = Fraction(allocation.amount.amount)
        row = totals.setdefault((allocation.party, unit), [Fraction(0)] * len(years))
        if unit in _LEVELS:
            for k in range(len(years)):
                row[k] += amount
        else:
            for k, share in enumerate(shares[allocation.per]):
                row[k] += amount * share
    return years, totals


@rule(
    "MC200",
    Severity.ERROR,
    title="The agreement lacks a vendor or a partner: nothing in it is mutual.",
    messages={
        "agreement": (
            'Agreement {agreement} "{title}" has {vendors} vendor and {partners} '
            "partner parties, so nothing in it is mutual; add at least one "
            "vendor and one partner."
        ),
    },
)
def mc200(context: Context) -> Iterator[Finding]:
    agreement = context.agreement
    vendors = sum(1 for p in agreement.parties if p.role is Role.VENDOR)
    partners = len(agreement.parties) - vendors
    if not vendors or not partners:
        yield context.finding(
            "agreement",
            "parties",
            agreement=agreement.id,
            title=agreement.title,
            vendors=vendors,
            partners=partners,
        )


@rule(
    "MC201",
    Severity.ERROR,
    title="A party makes no contribution: the commitment is one-sided.",
    messages={
        "party": (
            'Party {party} "{name}" makes no contribution, so the commitment is '
            "one-sided; add a contribution that it pledges."
        ),
    },
)
def mc201(context: Context) -> Iterator[Finding]:
    agreement = context.agreement
    contributing = {c.party for c in agreement.contributions}
    for i, party in enumerate(agreement.parties):
        if party.id not in contributing:
            yield context.finding(
                f"party:{party.id}",
                f"parties[{i}]",
                party=party.id,
                name=party.name,
            )


@rule(
    "MC202",
    Severity.WARNING,
    title="Every contribution to a goal comes from one side.",
    messages={
        "goal": (
            'Every contribution to goal {goal} "{title}" comes from the {side} '
            "side; add a contribution from the {other} side so that both sides "
            "work toward it."
        ),
    },
)
def mc202(context: Context) -> Iterator[Finding]:
    agreement = context.agreement
    for i, goal in enumerate(agreement.goals):
        sides = {context.side(c.party) for c in context.supporters[goal.id]}
        if len(sides) == 1:
            (side,) = sides
            other = Role.PARTNER if side is Role.VENDOR else Role.VENDOR
            yield context.finding(
                f"goal:{goal.id}",
                f"goals[{i}]",
                goal=goal.id,
                title=goal.title,
                side=side,
                other=other,
            )


@rule(
    "MC203",
    Severity.WARNING,
    title=(
        "One side funds far more than the other in a fiscal year, or allocates nothing."
    ),
    messages={
        "fiscal-year": (
            "In {year} the {side} side funds {amount} {currency} against "
            "{other_amount} {currency} from the {other} side, more than "
            "{max_ratio} times as much; rebalance the allocations, or waive "
            "this year with a reason."
        ),
        "side": (
            'In agreement {agreement} "{title}" the {side} side allocates no '
            "money, people or time; add an allocation of the {side} side."
        ),
    },
)
def mc203(context: Context) -> Iterator[Finding]:
    # Funding is the allocations in the agreement's currency; other currencies
    # are not compared, as the terms hold no exchange rate. The ratio is
    # checked only when both sides fund something.
    agreement = context.agreement
    allocating = {
        context.side(a.party) for a in agreement.allocations if a.amount.amount > 0
    }
    for side in (Role.VENDOR, Role.PARTNER):
        if side not in allocating:
            # One subject per side: a waiver for one side leaves the other.
            yield context.finding(
                f"side:{side.value}",
                "allocations",
                agreement=agreement.id,
                title=agreement.title,
                side=side,
            )
    if len(allocating) < 2:  # noqa: PLR2004 - both sides
        return
    years, totals = spread(agreement)
    funding = {side: [Fraction(0)] * len(years) for side in (Role.VENDOR, Role.PARTNER)}
    for (party, unit), row in totals.items():
        if unit == agreement.currency:
            side_row = funding[context.side(party)]
            for k, amount in enumerate(row):
                side_row[k] += amount
    if not (any(funding[Role.VENDOR]) and any(funding[Role.PARTNER])):
        return
    ratio = Fraction(context.policy.max_funding_ratio)
    for k, year in enumerate(years):
        vendor, partner = funding[Role.VENDOR][k], funding[Role.PARTNER][k]
        if vendor > ratio * partner:
            side, other, amount, other_amount = (
                Role.VENDOR,
                Role.PARTNER,
                vendor,
                partner,
            )
        elif partner > ratio * vendor:
            side, other, amount, other_amount = (
                Role.PARTNER,
                Role.VENDOR,
                partner,
                vendor,
            )
        else:
            continue
        # The amounts as shown must still be more than the ratio apart.
        shown, other_shown = shown_amounts(
            (amount, other_amount),
            agreement.currency,
            lambda this, that: this > ratio * that,
        )
        yield context.finding(
            f"fiscal-year:{year.label}",
            "allocations",
            year=year.label,
            side=side,
            other=other,
            amount=shown,
            other_amount=other_shown,
            currency=agreement.currency,
            max_ratio=context.policy.max_funding_ratio,
        )


@rule(
    "MC204",
    Severity.ERROR,
    title="A party allocates more than its declared capacity in some fiscal year.",
    messages={
        "party": (
            'Party {party} "{name}" allocates up to {allocated} in a '
            "fiscal year, more than its declared capacity of {capacity} "
            "(in {years}); lower its allocations or raise its capacity."
        ),
    },
)
def mc204(context: Context) -> Iterator[Finding]:
    # One finding per party and unit, naming the fiscal years over capacity;
    # units without a declared capacity are not checked.
    agreement = context.agreement
    if not any(party.capacity for party in agreement.parties):
        return
    years, totals = spread(agreement)
    for i, party in enumerate(agreement.parties):
        for j, capacity in enumerate(party.capacity):
            row = totals.get((party.id, capacity.unit))
            if row is None:
                continue
            limit = Fraction(capacity.amount)
            over = [k for k, amount in enumerate(row) if amount > limit]
            if over:
                # Shown over the capacity, as the capacity is written.
                (allocated,) = shown_amounts(
                    (max(row[k] for k in over),),
                    capacity.unit,
                    lambda amount, limit=limit: amount > limit,
                )
                yield context.finding(
                    f"party:{party.id}",
                    f"parties[{i}].capacity[{j}]",
                    party=party.id,
                    name=party.name,
                    unit=capacity.unit,
                    capacity=capacity.amount,
                    allocated=allocated,
                    years=tuple(years[k].label for k in over),
                )


@rule(
    "MC205",
    Severity.WARNING,
    title="A partner commits to certification or co-selling without vendor training.",
    messages={
        "contribution": (
            'Contribution {contribution} "{title}" of partner {party} commits to '
            "{kind} but no vendor contribution provides enablement training; "
            "add a vendor contribution of kind enablement_training."
        ),
    },
)
def mc205(context: Context) -> Iterator[Finding]:
    agreement = context.agreement
    trained = any(
        c.kind is ContributionKind.ENABLEMENT_TRAINING
        and context.side(c.party) is Role.VENDOR
        for c in agreement.contributions
    )
    if trained:
        return
    for i, contribution in enumerate(agreement.contributions):
        if (
            contribution.kind in _SUPPORT_NEEDED
            and context.side(contribution.party) is Role.PARTNER
        ):
            yield context.finding(
                f"contribution:{contribution.id}",
                f"contributions[{i}]",
                contribution=contribution.id,
                title=contribution.title,
                party=contribution.party,
                kind=contribution.kind,
            )
