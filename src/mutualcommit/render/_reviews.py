"""The review part of the agreement document: the schedule and the reviews held.

With ``as_of`` the schedule lists the upcoming dates, without it the whole
schedule; at most `MAX_DATES` are listed, the rest counted.
"""

from __future__ import annotations

import datetime as dt

from mutualcommit.calendar import agreement_review_dates
from mutualcommit.model import ActionItem, Agreement, Review, ReviewKind

from ._context import Context
from ._names import Names
from ._schedule import schedule_words
from ._tree import Block, BulletList, Fields, Heading, Paragraph, Prose, Span

__all__ = ["MAX_DATES", "review_blocks"]

#: At most this many scheduled review dates are listed; the rest are counted.
MAX_DATES = 12


def review_blocks(
    c: Context, agreement: Agreement, names: Names, as_of: dt.date | None
) -> list[Block]:
    """Return the reviews section: the schedule, its dates, the reviews held."""
    blocks: list[Block] = [Heading(2, c.gettext("Reviews"))]
    rule = agreement.review_rule
    if rule is None:
        blocks.append(Paragraph(c.gettext("No review schedule is set.")))
    else:
        words = schedule_words(c, rule, agreement.start)
        if words is None:
            words = c.gettext(
                "on a schedule of its own: the review dates are listed below"
            )
        blocks.append(Fields([(c.gettext("Schedule"), words)]))
        blocks += _review_dates(c, agreement, as_of)
    if agreement.reviews:
        blocks.append(Heading(3, c.gettext("Reviews held")))
        blocks.append(
            BulletList(_held(c, names, review) for review in agreement.reviews)
        )
    return blocks


def _review_dates(
    c: Context, agreement: Agreement, as_of: dt.date | None
) -> list[Block]:
    dates = agreement_review_dates(agreement)
    if as_of is not None:
        dates = tuple(day for day in dates if day >= as_of)
        heading = c.gettext("Upcoming review dates")
    else:
        heading = c.gettext("Scheduled review dates")
    if not dates:
        return [Paragraph(c.gettext("No review dates remain in the term."))]
    shown = [[Paragraph(c.date(day))] for day in dates[:MAX_DATES]]
    blocks: list[Block] = [Paragraph(Span(heading, "strong")), BulletList(shown)]
    rest = len(dates) - MAX_DATES
    if rest > 0:
        blocks.append(
            Paragraph(
                c.ngettext(
                    "… and {n} more date, to {last}",
                    "… and {n} more dates, to {last}",
                    rest,
                    n=rest,
                    last=c.date(dates[-1]),
                )
            )
        )
    return blocks


def _held(c: Context, names: Names, review: Review) -> list[Block]:
    attendees = [names.party(party) for party in review.attendees]
    # A review held besides the schedule says so: it stood for no scheduled date.
    heading = (
        c.gettext("{date}, ad hoc: attended by {attendees}")
        if review.kind is ReviewKind.AD_HOC
        else c.gettext("{date}: attended by {attendees}")
    )
    blocks: list[Block] = [
        Paragraph(
            c.inline(
                heading,
                date=Span(c.date(review.held_on), "strong"),
                attendees=c.join(attendees) if attendees else c.gettext("nobody"),
            )
        )
    ]
    if review.notes:
        blocks.append(Prose(review.notes))
    if review.actions:
        blocks.append(
            BulletList(
                [Paragraph(_action_words(c, names, action))]
                for action in review.actions
            )
        )
    return blocks


def _action_words(c: Context, names: Names, action: ActionItem) -> str:
    parts = [
        c.gettext(
            "{title} (owner: {owner})",
            title=action.title,
            owner=names.party(action.owner),
        )
    ]
    if action.due is not None:
        parts.append(c.gettext("due {date}", date=c.date(action.due)))
    if action.done_on is not None:
        parts.append(c.gettext("done on {date}", date=c.date(action.done_on)))
    else:
        parts.append(c.gettext("open"))
    if action.goals:
        parts.append(
            c.ngettext(
                "addresses the goal {goals}",
                "addresses the goals {goals}",
                len(action.goals),
                goals=c.join([names.goal(goal) for goal in action.goals]),
            )
        )
    if action.contributions:
        parts.append(
            c.ngettext(
                "addresses the commitment {commitments}",
                "addresses the commitments {commitments}",
                len(action.contributions),
                commitments=c.join(
                    [names.contribution(item) for item in action.contributions]
                ),
            )
        )
    if action.exceptions:
        parts.append(
            c.gettext(
                "works on {exceptions}", exceptions=c.join(list(action.exceptions))
            )
        )
    return c.separator().join(parts)
