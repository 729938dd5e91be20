"""Incentives in words: who rewards whom, for what, by which tiers.

This is the one place an incentive is worded: in the agreement document,
one sentence per tier ("If Globex reaches at least 100% of the quarterly
target of its commitment “Co-sell”, Acme pays Globex 2% of partner revenue
of that quarter."), then, with several tiers, that only the highest tier
reached applies, then the cap; in the scorecard, what each incentive
has earned, what it would pay with the open window, and the level reached.
Each sentence is one message, so that a translator can reorder it.
"""

from __future__ import annotations

from collections.abc import Callable

from mutualcommit.kpi import IncentiveResult, Scorecard, Standing, WindowResult
from mutualcommit.kpi._settled import SettledIncentive, settled_incentive
from mutualcommit.model import (
    Incentive,
    Period,
    Remedy,
    Target,
    Tier,
)

from ._context import Context
from ._names import Names
from ._tree import (
    Block,
    BulletList,
    Column,
    Fields,
    Heading,
    Paragraph,
    Prose,
    Span,
    Table,
)
from ._words import N_, in_sentence, target_words

__all__ = ["incentive_blocks", "incentive_result_blocks", "tier_sentence"]

_NONE = "\u2013"

#: Shows a window's label (the scorecard's ``window_label``).
WindowLabel = Callable[[Context, str], Span]

#: The window an incentive follows: its basis target's ``per``, ``"due"``
#: for a TERM target with a due date, None when the basis has no target.
_When = Period | str | None

#: A tier on a commitment's target: it names the committing party and its
#: commitment, then who pays whom. One table per kind of tier (a fixed
#: amount per window, a share of a metric's actual in the same window, a
#: partner level), keyed by the window the basis target follows.
_COMMITMENT_AMOUNT: dict[_When, str] = {
    Period.TERM: N_(
        "If {party} reaches at least {threshold} of the target of its "
        "commitment “{commitment}” for the term, {payer} pays {beneficiary} "
        "{amount}."
    ),
    "due": N_(
        "If {party} reaches at least {threshold} of the target of its "
        "commitment “{commitment}” due {due}, {payer} pays {beneficiary} "
        "{amount}."
    ),
    Period.MONTH: N_(
        "If {party} reaches at least {threshold} of the monthly target of its "
        "commitment “{commitment}”, {payer} pays {beneficiary} {amount} for "
        "that month."
    ),
    Period.QUARTER: N_(
        "If {party} reaches at least {threshold} of the quarterly target of its"
        " commitment “{commitment}”, {payer} pays {beneficiary} {amount} for "
        "that quarter."
    ),
    Period.YEAR: N_(
        "If {party} reaches at least {threshold} of the yearly target of its "
        "commitment “{commitment}”, {payer} pays {beneficiary} {amount} for "
        "that year."
    ),
    Period.WEEK: N_(
        "If {party} reaches at least {threshold} of the weekly target of its "
        "commitment “{commitment}”, {payer} pays {beneficiary} {amount} for "
        "that week."
    ),
    None: N_(
        "If {party} reaches at least {threshold} of the target of its "
        "commitment “{commitment}”, {payer} pays {beneficiary} {amount}."
    ),
}
_COMMITMENT_RATE: dict[_When, str] = {
    Period.TERM: N_(
        "If {party} reaches at least {threshold} of the target of its "
        "commitment “{commitment}” for the term, {payer} pays {beneficiary} "
        "{rate} of {metric} over the term."
    ),
    "due": N_(
        "If {party} reaches at least {threshold} of the target of its "
        "commitment “{commitment}” due {due}, {payer} pays {beneficiary} {rate}"
        " of {metric} up to that date."
    ),
    Period.MONTH: N_(
        "If {party} reaches at least {threshold} of the monthly target of its "
        "commitment “{commitment}”, {payer} pays {beneficiary} {rate} of "
        "{metric} of that month."
    ),
    Period.QUARTER: N_(
        "If {party} reaches at least {threshold} of the quarterly target of its"
        " commitment “{commitment}”, {payer} pays {beneficiary} {rate} of "
        "{metric} of that quarter."
    ),
    Period.YEAR: N_(
        "If {party} reaches at least {threshold} of the yearly target of its "
        "commitment “{commitment}”, {payer} pays {beneficiary} {rate} of "
        "{metric} of that year."
    ),
    Period.WEEK: N_(
        "If {party} reaches at least {threshold} of the weekly target of its "
        "commitment “{commitment}”, {payer} pays {beneficiary} {rate} of "
        "{metric} of that week."
    ),
    None: N_(
        "If {party} reaches at least {threshold} of the target of its "
        "commitment “{commitment}”, {payer} pays {beneficiary} {rate} of "
        "{metric}."
    ),
}
_COMMITMENT_STATUS: dict[_When, str] = {
    Period.TERM: N_(
        "If {party} reaches at least {threshold} of the target of its "
        "commitment “{commitment}” for the term, {payer} grants {beneficiary} "
        "the status “{status}”."
    ),
    "due": N_(
        "If {party} reaches at least {threshold} of the target of its "
        "commitment “{commitment}” due {due}, {payer} grants {beneficiary} the "
        "status “{status}”."
    ),
    Period.MONTH: N_(
        "If {party} reaches at least {threshold} of the monthly target of its "
        "commitment “{commitment}”, {payer} grants {beneficiary} the status "
        "“{status}”."
    ),
    Period.QUARTER: N_(
        "If {party} reaches at least {threshold} of the quarterly target of its"
        " commitment “{commitment}”, {payer} grants {beneficiary} the status "
        "“{status}”."
    ),
    Period.YEAR: N_(
        "If {party} reaches at least {threshold} of the yearly target of its "
        "commitment “{commitment}”, {payer} grants {beneficiary} the status "
        "“{status}”."
    ),
    Period.WEEK: N_(
        "If {party} reaches at least {threshold} of the weekly target of its "
        "commitment “{commitment}”, {payer} grants {beneficiary} the status "
        "“{status}”."
    ),
    None: N_(
        "If {party} reaches at least {threshold} of the target of its "
        "commitment “{commitment}”, {payer} grants {beneficiary} the status "
        "“{status}”."
    ),
}
#: A tier on a goal's target: a goal counts what the parties reach together,
#: so the sentence names the goal, not a party, as what is measured.
_GOAL_AMOUNT: dict[_When, str] = {
    Period.TERM: N_(
        "If the goal “{goal}” reaches at least {threshold} of its target for "
        "the term, {payer} pays {beneficiary} {amount}."
    ),
    "due": N_(
        "If the goal “{goal}” reaches at least {threshold} of its target due "
        "{due}, {payer} pays {beneficiary} {amount}."
    ),
    Period.MONTH: N_(
        "If the goal “{goal}” reaches at least {threshold} of its monthly "
        "target, {payer} pays {beneficiary} {amount} for that month."
    ),
    Period.QUARTER: N_(
        "If the goal “{goal}” reaches at least {threshold} of its quarterly "
        "target, {payer} pays {beneficiary} {amount} for that quarter."
    ),
    Period.YEAR: N_(
        "If the goal “{goal}” reaches at least {threshold} of its yearly "
        "target, {payer} pays {beneficiary} {amount} for that year."
    ),
    Period.WEEK: N_(
        "If the goal “{goal}” reaches at least {threshold} of its weekly "
        "target, {payer} pays {beneficiary} {amount} for that week."
    ),
    None: N_(
        "If the goal “{goal}” reaches at least {threshold} of its target, "
        "{payer} pays {beneficiary} {amount}."
    ),
}
_GOAL_RATE: dict[_When, str] = {
    Period.TERM: N_(
        "If the goal “{goal}” reaches at least {threshold} of its target for "
        "the term, {payer} pays {beneficiary} {rate} of {metric} over the term."
    ),
    "due": N_(
        "If the goal “{goal}” reaches at least {threshold} of its target due "
        "{due}, {payer} pays {beneficiary} {rate} of {metric} up to that date."
    ),
    Period.MONTH: N_(
        "If the goal “{goal}” reaches at least {threshold} of its monthly "
        "target, {payer} pays {beneficiary} {rate} of {metric} of that month."
    ),
    Period.QUARTER: N_(
        "If the goal “{goal}” reaches at least {threshold} of its quarterly "
        "target, {payer} pays {beneficiary} {rate} of {metric} of that quarter."
    ),
    Period.YEAR: N_(
        "If the goal “{goal}” reaches at least {threshold} of its yearly "
        "target, {payer} pays {beneficiary} {rate} of {metric} of that year."
    ),
    Period.WEEK: N_(
        "If the goal “{goal}” reaches at least {threshold} of its weekly "
        "target, {payer} pays {beneficiary} {rate} of {metric} of that week."
    ),
    None: N_(
        "If the goal “{goal}” reaches at least {threshold} of its target, "
        "{payer} pays {beneficiary} {rate} of {metric}."
    ),
}
_GOAL_STATUS: dict[_When, str] = {
    Period.TERM: N_(
        "If the goal “{goal}” reaches at least {threshold} of its target for "
        "the term, {payer} grants {beneficiary} the status “{status}”."
    ),
    "due": N_(
        "If the goal “{goal}” reaches at least {threshold} of its target due "
        "{due}, {payer} grants {beneficiary} the status “{status}”."
    ),
    Period.MONTH: N_(
        "If the goal “{goal}” reaches at least {threshold} of its monthly "
        "target, {payer} grants {beneficiary} the status “{status}”."
    ),
    Period.QUARTER: N_(
        "If the goal “{goal}” reaches at least {threshold} of its quarterly "
        "target, {payer} grants {beneficiary} the status “{status}”."
    ),
    Period.YEAR: N_(
        "If the goal “{goal}” reaches at least {threshold} of its yearly "
        "target, {payer} grants {beneficiary} the status “{status}”."
    ),
    Period.WEEK: N_(
        "If the goal “{goal}” reaches at least {threshold} of its weekly "
        "target, {payer} grants {beneficiary} the status “{status}”."
    ),
    None: N_(
        "If the goal “{goal}” reaches at least {threshold} of its target, "
        "{payer} grants {beneficiary} the status “{status}”."
    ),
}

_SENTENCES: dict[tuple[bool, str], dict[_When, str]] = {
    (False, "amount"): _COMMITMENT_AMOUNT,
    (False, "rate"): _COMMITMENT_RATE,
    (False, "status"): _COMMITMENT_STATUS,
    (True, "amount"): _GOAL_AMOUNT,
    (True, "rate"): _GOAL_RATE,
    (True, "status"): _GOAL_STATUS,
}


def _when(target: Target | None) -> _When:
    if target is None:
        return None
    if target.per is Period.TERM and target.due is not None:
        return "due"
    return target.per


def basis_target(names: Names, incentive: Incentive | Remedy) -> Target | None:
    """Return the target of the goal or contribution *incentive* follows, or None.

    An incentive rewards that outcome, a remedy charges for missing it.
    """
    if incentive.goal is not None:
        goal = names.goals.get(incentive.goal)
        return None if goal is None else goal.target
    item = names.contributions.get(incentive.contribution or "")
    return None if item is None else item.target


def tier_sentence(c: Context, names: Names, incentive: Incentive, tier: Tier) -> str:
    """Word one tier as a sentence: what must reach it, and who then pays whom.

    On a commitment the sentence names the party that made it and the
    commitment, which need not be the beneficiary ("If Reseller One reaches
    at least 100% of the quarterly target of its commitment “Co-sell”, Acme
    pays Reseller Two €1,000.00 for that quarter."); on a goal it names the
    goal, which the parties reach together.

    Args:
        c: The locale's context.
        names: The agreement's look-ups (for names, metrics and the basis
            target).
        incentive: The incentive the tier belongs to.
        tier: The tier.
    """
    target = basis_target(names, incentive)
    when = _when(target)
    params: dict[str, object] = {
        "beneficiary": names.party(incentive.beneficiary),
        "payer": names.party(incentive.payer),
        "threshold": c.agreed_percent(tier.threshold),
    }
    on_goal = incentive.goal is not None
    if incentive.goal is not None:
        params["goal"] = names.goal(incentive.goal)
    else:
        item = names.contributions.get(incentive.contribution or "")
        params["party"] = names.party(
            incentive.beneficiary if item is None else item.party
        )
        params["commitment"] = names.contribution(incentive.contribution)
    if target is not None and target.due is not None:
        params["due"] = c.date(target.due)
    if tier.amount is not None:
        kind = "amount"
        params["amount"] = c.quantity(tier.amount)
    elif tier.rate is not None:
        kind = "rate"
        metric = names.metrics.get(tier.of or "")
        params["rate"] = c.agreed_percent(tier.rate)
        params["metric"] = (
            in_sentence(c, metric.name, names.proper)
            if metric is not None
            else (tier.of or "")
        )
    else:
        kind = "status"
        params["status"] = tier.status or ""
    return c.gettext(_SENTENCES[on_goal, kind][when], **params)


def _outcome(c: Context, names: Names, incentive: Incentive) -> str:
    if incentive.goal is not None:
        return c.gettext("the goal “{title}”", title=names.goal(incentive.goal))
    return c.gettext(
        "the commitment “{title}”", title=names.contribution(incentive.contribution)
    )


def _alternatives(c: Context, names: Names, incentive: Incentive) -> str:
    """Say that the tiers are alternatives: the highest reached applies alone.

    Each tier's sentence holds on its own ("If ... at least 100% ..., pays
    €2,500"; "If ... at least 125% ..., pays €4,000"), so a window past two
    thresholds would read as owed both: the document says it is not.
    """
    params = {
        "payer": names.party(incentive.payer),
        "beneficiary": names.party(incentive.beneficiary),
    }
    if any(tier.status is not None for tier in incentive.tiers):
        return c.gettext(
            "Only the highest tier reached applies: {payer} grants {beneficiary} "
            "the status of that tier alone.",
            **params,
        )
    return c.gettext(
        "Only the highest tier reached applies: {payer} pays {beneficiary} what "
        "that tier pays, not the sum of the tiers reached.",
        **params,
    )


def incentive_blocks(
    c: Context, names: Names, incentive: Incentive
) -> tuple[Block, ...]:
    """Return the blocks that state one incentive in words.

    A heading; the outcome it rewards and that outcome's target; one
    sentence per tier and, with more than one, that only the highest tier
    reached applies (a window past two thresholds is not owed both); the
    cap; the description.

    Args:
        c: The locale's context.
        names: The look-ups of the agreement it belongs to (for names and
            titles), made once per document.
        incentive: The incentive.
    """
    rows: list[tuple[str, str]] = [
        (c.gettext("Rewarded outcome"), _outcome(c, names, incentive))
    ]
    target = basis_target(names, incentive)
    if target is not None:
        rows.append(
            (
                c.gettext("Target"),
                target_words(c, target, names.metrics, names.proper, term=names.term),
            )
        )
    blocks: list[Block] = [Heading(3, incentive.title), Fields(rows)]
    if incentive.tiers:
        blocks.append(
            BulletList(
                [Paragraph(tier_sentence(c, names, incentive, tier))]
                for tier in incentive.tiers
            )
        )
    if len(incentive.tiers) > 1:
        blocks.append(Paragraph(_alternatives(c, names, incentive)))
    if incentive.cap is not None:
        blocks.append(
            Paragraph(
                c.gettext(
                    "In all, {payer} pays at most {cap} over the term.",
                    payer=names.party(incentive.payer),
                    cap=c.quantity(incentive.cap),
                )
            )
        )
    if incentive.description:
        blocks.append(Prose(incentive.description))
    return tuple(blocks)


# -- the scorecard --------------------------------------------------------------


def _basis_windows(
    scorecard: Scorecard, incentive: Incentive
) -> tuple[WindowResult, ...]:
    try:
        if incentive.goal is not None:
            return scorecard.goal(incentive.goal).windows
        return scorecard.contribution(incentive.contribution or "").windows
    except KeyError:
        return ()


def _state(c: Context, window: WindowResult, provisional: bool) -> str:  # noqa: FBT001
    if window.standing is Standing.NOT_STARTED:
        return c.pgettext("standing", "not started")
    if provisional:
        return c.pgettext("payout", "provisional")
    return c.pgettext("payout", "final")


def _result_table(
    c: Context,
    incentive: Incentive,
    result: IncentiveResult,
    scorecard: Scorecard,
    payouts: SettledIncentive | None,
    window_label: WindowLabel,
) -> Table:
    pays = payouts is not None
    rows = []
    basis = _basis_windows(scorecard, incentive)
    # The attainment reads on the side of every threshold that it is on, so
    # that it never contradicts the tier reached (99.99999% reaches no tier
    # from 100%, where a tenth would read 100%).
    thresholds = [tier.threshold for tier in incentive.tiers]
    for i, (window, mine) in enumerate(zip(basis, result.windows, strict=True)):
        started = window.standing is not Standing.NOT_STARTED
        tier = None if mine.tier is None else incentive.tiers[mine.tier]
        payout = None if payouts is None else payouts.windows[i]
        if payout is not None and result.unit is not None:
            reward = c.amount(payout, result.unit, computed=True)
        else:
            reward = mine.status or _NONE
        rows.append(
            (
                window_label(c, window.label),
                c.percent(mine.attainment, thresholds) if started else _NONE,
                _NONE if tier is None else c.agreed_percent(tier.threshold),
                reward,
                _state(c, window, mine.provisional),
            )
        )
    columns = [
        Column(c.gettext("Window"), key=True),
        Column(c.gettext("Attainment"), numeric=True),
        Column(c.gettext("Tier reached"), numeric=True),
        Column(c.gettext("Payout") if pays else c.gettext("Level"), numeric=pays),
        Column(c.gettext("State")),
    ]
    return Table(columns, rows)


def incentive_result_blocks(
    c: Context,
    scorecard: Scorecard,
    names: Names,
    incentive: Incentive,
    window_label: WindowLabel,
) -> tuple[Block, ...]:
    """Return the blocks of one incentive in the scorecard.

    A heading; the outcome it rewards; the earned and the provisional
    payouts (or the level reached); per window of the basis target the
    attainment, the tier reached (its threshold), the payout or level, and
    whether that is final, provisional or not started. Each window's
    payout is shown settled, rounded to the currency's minor unit as it is
    paid, and the earned and provisional payouts are the sums of those
    rows (`settled_incentive`); the attainment reads on the side of each
    threshold that it is on.

    Args:
        c: The locale's context.
        scorecard: The scorecard.
        names: The look-ups of the scorecard's agreement, made once per
            document.
        incentive: One of the agreement's incentives.
        window_label: Shows a window's label, as the scorecard's tables do.
    """
    result = scorecard.incentive(incentive.id)
    rows: list[tuple[str, str]] = [
        (c.gettext("Rewarded outcome"), _outcome(c, names, incentive))
    ]
    payouts = settled_incentive(result, incentive.cap)
    if payouts is not None and result.unit is not None:
        for label, value in (
            (c.gettext("Earned"), payouts.earned),
            (c.gettext("Provisional, with the open window"), payouts.provisional),
        ):
            rows.append((label, c.amount(value, result.unit, computed=True)))
        if incentive.cap is not None:
            rows.append(
                (
                    c.gettext("Cap"),
                    c.gettext(
                        "at most {amount} over the term",
                        amount=c.quantity(incentive.cap),
                    ),
                )
            )
    else:
        rows.append(
            (c.gettext("Level"), result.status or c.gettext("none reached yet"))
        )
    blocks: list[Block] = [Heading(3, incentive.title), Fields(rows)]
    if result.windows:
        blocks.append(
            _result_table(c, incentive, result, scorecard, payouts, window_label)
        )
    else:
        blocks.append(
            Paragraph(c.gettext("No windows: the outcome it rewards has no target."))
        )
    return tuple(blocks)
