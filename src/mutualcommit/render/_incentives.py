"""Incentives in words: who rewards whom, for what, by which tiers.

This is the one place an incentive is worded, for the agreement document
(and any later document that shows incentives): refine the wording here.
"""

from __future__ import annotations

from collections.abc import Mapping

from mutualcommit.model import Agreement, Incentive, Metric, Tier

from ._context import Context
from ._tree import Block, BulletList, Fields, Heading, Paragraph, Prose, Span

__all__ = ["incentive_blocks", "tier_words"]


def tier_words(c: Context, tier: Tier, metrics: Mapping[str, Metric]) -> str:
    """Word one tier: ``from 100% attainment: €5,000.00``."""
    if tier.amount is not None:
        reward = c.quantity(tier.amount)
    elif tier.rate is not None:
        metric = metrics.get(tier.of or "")
        reward = c.gettext(
            "{rate} of {metric}",
            rate=c.fmt.percent(tier.rate),
            metric=metric.name if metric is not None else (tier.of or ""),
        )
    else:
        reward = c.gettext("the status “{status}”", status=tier.status or "")
    return c.gettext(
        "from {threshold} attainment: {reward}",
        threshold=c.percent(tier.threshold),
        reward=reward,
    )


def incentive_blocks(
    c: Context, agreement: Agreement, incentive: Incentive
) -> tuple[Block, ...]:
    """Return the blocks that describe one incentive (a heading, then fields).

    Args:
        c: The locale's context.
        agreement: The agreement it belongs to (for names and titles).
        incentive: The incentive.
    """
    names = {party.id: party.name for party in agreement.parties}
    metrics = {metric.id: metric for metric in agreement.metrics}
    if incentive.goal is not None:
        goals = {goal.id: goal.title for goal in agreement.goals}
        outcome = c.gettext(
            "the goal “{title}”", title=goals.get(incentive.goal, incentive.goal)
        )
    else:
        titles = {item.id: item.title for item in agreement.contributions}
        key = incentive.contribution or ""
        outcome = c.gettext("the commitment “{title}”", title=titles.get(key, key))
    rows: list[tuple[str, str | Span]] = [
        (c.gettext("Paid by"), names.get(incentive.payer, incentive.payer)),
        (
            c.gettext("Rewarded"),
            names.get(incentive.beneficiary, incentive.beneficiary),
        ),
        (c.gettext("For"), outcome),
    ]
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
    blocks: list[Block] = [
        Heading(3, incentive.title),
        Fields(rows),
    ]
    if incentive.tiers:
        blocks.append(Paragraph(c.gettext("Tiers, per window of the target:")))
        blocks.append(
            BulletList(
                [Paragraph(tier_words(c, tier, metrics))] for tier in incentive.tiers
            )
        )
    if incentive.description:
        blocks.append(Prose(incentive.description))
    return tuple(blocks)
