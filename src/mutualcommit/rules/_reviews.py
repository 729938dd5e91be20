"""MC301-MC306, MC309: regular check-ins, and performance issues they do not ignore.

A review counts from the day it was held: those held after ``as_of`` are
not known yet and no MC3xx rule looks at them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterator

from mutualcommit.calendar._short_months import short_months
from mutualcommit.kpi import Standing, TargetResult, WindowResult
from mutualcommit.model import Review, Role

from ._context import Context
from ._findings import Finding, Severity
from ._rule import rule

__all__ = ["mc301", "mc302", "mc303", "mc304", "mc305", "mc306", "mc309"]


@rule(
    "MC301",
    Severity.ERROR,
    title="There is no review schedule: no regular check-ins.",
    messages={
        "agreement": (
            'Agreement {agreement} "{title}" has no review schedule; set a '
            "review_rule, such as FREQ=MONTHLY;INTERVAL=3 for quarterly reviews."
        ),
    },
)
def mc301(context: Context) -> Iterator[Finding]:
    agreement = context.agreement
    if agreement.review_rule is None:
        yield context.finding(
            "agreement",
            "review_rule",
            agreement=agreement.id,
            title=agreement.title,
        )


@rule(
    "MC302",
    Severity.WARNING,
    title="The schedule leaves a gap longer than ``max_review_gap_days``.",
    messages={
        "agreement": (
            'The review schedule of agreement {agreement} "{title}" leaves '
            "{gap_days} days between {after} and {before}, more than "
            "{max_days}; schedule reviews more often."
        ),
    },
)
def mc302(context: Context) -> Iterator[Finding]:
    # The gaps are those between the term's start, each scheduled date and the
    # term's end, in days (a review on the day after the start leaves a gap of
    # 1). One finding for the agreement, naming the first longest gap.
    agreement = context.agreement
    if agreement.review_rule is None:
        return
    points = (agreement.start, *context.review_dates, agreement.end)
    longest = 0
    after = before = agreement.start
    for a, b in itertools.pairwise(points):
        gap = (b - a).days
        if gap > longest:
            longest, after, before = gap, a, b
    if longest > context.policy.max_review_gap_days:
        yield context.finding(
            "agreement",
            "review_rule",
            agreement=agreement.id,
            title=agreement.title,
            gap_days=longest,
            after=after,
            before=before,
            max_days=context.policy.max_review_gap_days,
        )


@rule(
    "MC303",
    Severity.WARNING,
    title="A scheduled review, its grace period over, was not held.",
    messages={
        "schedule": (
            "No review was held for the review scheduled on {date}, by "
            "{deadline}; hold the review and record it, or waive this date "
            "with a reason."
        ),
    },
)
def mc303(context: Context) -> Iterator[Finding]:
    # For a scheduled day d with ``d + review_grace_days < as_of``, a review
    # held in ``(previous scheduled day + grace, d + grace]`` counts; for the
    # first scheduled day the interval is ``[start, d + grace]``, so a review
    # on the term's first day counts. Each held review counts for one
    # scheduled day at most, as the intervals do not overlap.
    agreement = context.agreement
    if not context.review_dates:
        return
    grace = dt.timedelta(days=context.policy.review_grace_days)
    held = [review.held_on for _, review in context.held]
    previous: dt.date | None = None
    for day in context.review_dates:
        if (dt.date.max - day).days < grace.days:
            break  # the grace runs past the calendar's end: not over yet
        deadline = day + grace
        if deadline >= context.as_of:
            break
        if previous is None:
            i = bisect.bisect_left(held, agreement.start)
        else:
            i = bisect.bisect_right(held, previous + grace)
        if i == len(held) or held[i] > deadline:
            yield context.finding(
                f"schedule:{day.isoformat()}",
                "review_rule",
                date=day,
                deadline=deadline,
            )
        previous = day


@rule(
    "MC304",
    Severity.ERROR,
    title="A held review saw a performance issue and no action item of it names it.",
    messages={
        "goal.missed": (
            'At review {review} on {held_on}, goal {goal} "{title}" had missed '
            "its target in {window} and no action item of that review names "
            "it; record an action item for it."
        ),
        "goal.off_track": (
            'At review {review} on {held_on}, goal {goal} "{title}" was off '
            "track in {window} and no action item of that review names it; "
            "record an action item for it."
        ),
        "contribution.missed": (
            "At review {review} on {held_on}, contribution {contribution} "
            '"{title}" had missed its target in {window} and no action item of '
            "that review names it; record an action item for it."
        ),
        "contribution.off_track": (
            "At review {review} on {held_on}, contribution {contribution} "
            '"{title}" was off track in {window} and no action item of that '
            "review names it; record an action item for it."
        ),
    },
    case="standing",
    needs="observations",
)
def mc304(context: Context) -> Iterator[Finding]:
    # Needs observations: without them there is nothing to evaluate. At each
    # review held on or before ``as_of`` the targets are read as of the day
    # it was held (with the policy's bands). An issue is a window ``missed``
    # that closed since the previous held review (``previous review < window
    # end <= this review``; the first review looks back to the term's start),
    # a current window already ``missed`` (past a target it cannot come back
    # to), or a current window ``off_track``. One finding per review and goal or
    # contribution; a missed window wins over an off-track current one, and
    # several missed windows are named together.
    #
    # The index evaluates, once for the whole check, each target's current
    # window at every review day and each window that closed by the last
    # one; a closed window stands the same on every later day, so a review
    # reads the windows that closed since the previous one by bisection:
    # O(windows + reviews), not windows times reviews.
    index = context.observations
    if index is None or not context.held:
        return
    subjects = {subject for subject, *_ in context.targets()}
    # The reviews that need the targets: those whose action items leave one out.
    reviews: list[tuple[int, Review, dt.date | None, set[str]]] = []
    previous: dt.date | None = None
    for i, review in context.held:
        named = _named(review)
        if not subjects <= named:
            reviews.append((i, review, previous, named))
        previous = review.held_on
    if not reviews:
        return
    days = [review.held_on for _, review, _, _ in reviews]
    histories = [
        (results, closed, [w.end for w in closed])
        for results, closed in index._histories(days, context.policy.bands)  # noqa: SLF001 - the kpi layer's helper for this rule
    ]
    for number, (i, review, since, named) in enumerate(reviews):
        for results, closed, ends in histories:
            result = results[number]
            if result.subject in named:
                continue
            issue = _issue(result, closed, ends, since, review.held_on)
            if issue is None:
                continue
            standing, window = issue
            kind, title = (
                ("goal", context.goals[result.id].title)
                if result.goal is not None
                else ("contribution", context.contributions[result.id].title)
            )
            yield context.finding(
                result.subject,
                f"reviews[{i}]",
                review=review.id,
                held_on=review.held_on,
                **{kind: result.id},
                title=title,
                standing=standing,
                window=window,
            )


def _named(review: Review) -> set[str]:
    """Return the subjects the review's action items name."""
    named: set[str] = set()
    for action in review.actions:
        named.update(f"goal:{goal}" for goal in action.goals)
        named.update(f"contribution:{c}" for c in action.contributions)
    return named


def _issue(
    result: TargetResult,
    closed: list[WindowResult],
    ends: list[dt.date],
    previous: dt.date | None,
    held_on: dt.date,
) -> tuple[Standing, str | tuple[str, ...]] | None:
    """Return the issue a review should have acted on, with its window labels.

    *closed* are the target's windows as they closed, *ends* their last
    days: those that closed in ``(previous, held_on]`` are the review's.
    The windows missed are a list (a tuple of their labels), the window
    off track its label.
    """
    first = 0 if previous is None else bisect.bisect_right(ends, previous)
    stop = bisect.bisect_right(ends, held_on)
    missed = [w.label for w in closed[first:stop] if w.standing is Standing.MISSED]
    current = result.current
    standing = current.standing
    if standing is Standing.MISSED and not current.closed:
        # Missed before it closed: past a target no record can bring it back to.
        missed.append(current.label)
    if missed:
        return Standing.MISSED, tuple(missed)
    if standing is Standing.OFF_TRACK:
        return Standing.OFF_TRACK, current.label
    return None


@rule(
    "MC305",
    Severity.WARNING,
    title="A held review was not attended by both sides.",
    messages={
        "review": (
            "Review {review} on {held_on} was attended by {vendors} vendor and "
            "{partners} partner parties; hold reviews with both sides and list "
            "every party that attended."
        ),
    },
)
def mc305(context: Context) -> Iterator[Finding]:
    for i, review in context.held:
        vendors = sum(1 for p in review.attendees if context.side(p) is Role.VENDOR)
        partners = len(review.attendees) - vendors
        if not vendors or not partners:
            yield context.finding(
                f"review:{review.id}",
                f"reviews[{i}].attendees",
                review=review.id,
                held_on=review.held_on,
                vendors=vendors,
                partners=partners,
            )


@rule(
    "MC306",
    Severity.WARNING,
    title="An action item is past due and not done as of ``as_of``.",
    messages={
        "action": (
            'Action item {action} "{title}" of review {review}, owned by '
            "{owner}, was due on {due} and is not done; do it and record the "
            "day with complete_action, or agree a new due date with "
            "update_action."
        ),
    },
)
def mc306(context: Context) -> Iterator[Finding]:
    as_of = context.as_of
    for i, review in context.held:
        for j, action in enumerate(review.actions):
            done = action.done_on is not None and action.done_on <= as_of
            if action.due is not None and action.due < as_of and not done:
                yield context.finding(
                    f"action:{review.id}/{action.id}",
                    f"reviews[{i}].actions[{j}]",
                    action=action.id,
                    title=action.title,
                    review=review.id,
                    owner=action.owner,
                    due=action.due,
                )


@rule(
    "MC309",
    Severity.WARNING,
    title="The review rule falls on a day some months lack, and skips those months.",
    messages={
        "agreement": (
            'The review rule {rule} of agreement {agreement} "{title}" falls '
            "on day {day} of the month and, as RFC 5545 skips a day a month "
            "lacks, schedules no review in {months} of the term's months (the "
            "first ending on {first}); to review on the last day of such a "
            "month, use {suggestion}."
        ),
    },
)
def mc309(context: Context) -> Iterator[Finding]:
    # A monthly rule from 31 January reviews 7 times a year, not 12, and its
    # longest gap, 61 days, is below MC302's default: the skipped months
    # would pass unseen.
    agreement = context.agreement
    if agreement.review_rule is None:
        return
    found = short_months(
        agreement.review_rule, agreement.start, agreement.end, context.review_dates
    )
    if found is not None:
        yield context.finding(
            "agreement",
            "review_rule",
            rule=agreement.review_rule,
            agreement=agreement.id,
            title=agreement.title,
            day=found.day,
            months=len(found.months),
            first=found.months[0],
            suggestion=found.suggestion,
        )
