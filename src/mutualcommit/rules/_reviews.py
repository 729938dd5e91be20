"""MC301-MC306, MC309, MC310: regular check-ins, and performance issues they do not ignore.

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
from mutualcommit.model import Review, ReviewKind, Role

from ._context import Context
from ._findings import Finding, Severity
from ._rule import rule

__all__ = ["mc301", "mc302", "mc303", "mc304", "mc305", "mc306", "mc309", "mc310"]


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
    title="A scheduled review, its grace period over, was not held, or was held late.",
    messages={
        "schedule.no": (
            "No review was held for the review scheduled on {date}, by "
            "{deadline}; hold the review and record it, or waive this date "
            "with a reason."
        ),
        "schedule.late": (
            "The review scheduled on {date} was held {days_late} late: review "
            "{review} on {held_on}, after the grace period that ended on "
            "{deadline}; hold reviews within their grace period, or waive this "
            "date with a reason."
        ),
    },
    case="held",
)
def mc303(context: Context) -> Iterator[Finding]:
    # The scheduled dates are matched with the scheduled reviews held by
    # ``as_of`` (ad-hoc ones stand for no date; those before the term's
    # start count for nothing, and so do those MC310 finds too far after its
    # end), both in order, each review used once:
    #
    # - a date d is held on time by the reviews held from the last one used
    #   up to ``d + review_grace_days``: they all stand for d, and for no
    #   later date;
    # - else, once that grace is over, the next review is d's, held late,
    #   when it is nearer to d than to the next scheduled date (or there is
    #   none); held halfway or nearer the next date, it is that date's, and
    #   d was not held.
    #
    # So a late review never hides a later date with no review, and a date
    # whose grace runs past ``as_of`` is not judged yet.
    if not context.review_dates:
        return
    grace = dt.timedelta(days=context.policy.review_grace_days)
    held = [
        review
        for _, review in context.held
        if review.kind is ReviewKind.SCHEDULED
        and review.held_on >= context.agreement.start
        and _outside(context, review.held_on) is None
    ]
    days = [review.held_on for review in held]
    dates = context.review_dates
    used = 0
    for k, day in enumerate(dates):
        if (dt.date.max - day).days < grace.days:
            break  # the grace runs past the calendar's end: not over yet
        deadline = day + grace
        if deadline >= context.as_of:
            break
        if used < len(days) and days[used] <= deadline:
            used = bisect.bisect_right(days, deadline, lo=used)
            continue
        following = dates[k + 1] if k + 1 < len(dates) else None
        if used < len(days) and (
            following is None or days[used] - day < following - days[used]
        ):
            review = held[used]
            used += 1
            yield context.finding(
                f"schedule:{day.isoformat()}",
                "review_rule",
                held="late",
                date=day,
                deadline=deadline,
                days_late=(review.held_on - day).days,
                unit="day",
                review=review.id,
                held_on=review.held_on,
            )
            continue
        yield context.finding(
            f"schedule:{day.isoformat()}",
            "review_rule",
            held="no",
            date=day,
            deadline=deadline,
        )


@rule(
    "MC304",
    Severity.ERROR,
    title="A held review saw a performance issue and no action item of it names it.",
    messages={
        "goal.missed": (
            'At review {review} on {held_on}, goal {goal} "{title}" had missed '
            "its target in {window}, and no action item of that review names "
            "it; record an action item for it."
        ),
        "goal.off_track": (
            'At review {review} on {held_on}, goal {goal} "{title}" was off '
            "track in {window}, and no action item of that review names it; "
            "record an action item for it."
        ),
        "contribution.missed": (
            "At review {review} on {held_on}, contribution {contribution} "
            '"{title}" had missed its target in {window}, and no action item of '
            "that review names it; record an action item for it."
        ),
        "contribution.off_track": (
            "At review {review} on {held_on}, contribution {contribution} "
            '"{title}" was off track in {window}, and no action item of that '
            "review names it; record an action item for it."
        ),
    },
    case="standing",
    needs="observations",
)
def mc304(context: Context) -> Iterator[Finding]:
    # Needs observations: without them there is nothing to evaluate. At each
    # scheduled review held on or before ``as_of`` the targets are read as
    # of the day it was held (with the policy's bands). An issue is a
    # window ``missed`` that closed since the previous scheduled review
    # (``previous review < window end <= this review``; the first looks
    # back to the term's start), a current window already ``missed`` (past
    # a target it cannot come back to), or a current window ``off_track``.
    # An issue is acted on when an action item of that review, or of an
    # ad-hoc review held since the previous scheduled one, names its goal or
    # contribution; an ad-hoc review is judged on nothing itself. One
    # finding per review and goal or contribution; a missed window wins
    # over an off-track current one, and several missed windows are named
    # together.
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
    # The reviews that need the targets: those whose action items, with
    # those of the ad-hoc reviews since the previous one, leave one out.
    reviews: list[tuple[int, Review, dt.date | None, set[str]]] = []
    previous: dt.date | None = None
    since: set[str] = set()  # what the ad-hoc reviews since then named
    for i, review in context.held:
        if review.kind is not ReviewKind.SCHEDULED:
            since |= _named(review)
            continue
        named = _named(review) | since
        if not subjects <= named:
            reviews.append((i, review, previous, named))
        previous = review.held_on
        since = set()
    if not reviews:
        return
    days = [review.held_on for _, review, _, _ in reviews]
    histories = [
        (results, closed, [w.end for w in closed])
        for results, closed in index._histories(days, context.policy.bands)  # noqa: SLF001 - the kpi layer's helper for this rule
    ]
    for number, (i, review, since_day, named) in enumerate(reviews):
        for results, closed, ends in histories:
            result = results[number]
            if result.subject in named:
                continue
            issue = _issue(result, closed, ends, since_day, review.held_on)
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


@rule(
    "MC310",
    Severity.WARNING,
    title="A review is dated well outside the term: likely a mistyped day.",
    messages={
        "review.start": (
            "Review {review} is dated {held_on}, more than a review's grace "
            "period before the term's start on {start}: it stands for no "
            "scheduled review; correct its day with replace_review(), or waive "
            "this review with a reason."
        ),
        "review.end": (
            "Review {review} is dated {held_on}, more than the longest gap "
            "between reviews after the term's end on {end}: it stands for no "
            "scheduled review; correct its day with replace_review(), or waive "
            "this review with a reason."
        ),
    },
    case="edge",
)
def mc310(context: Context) -> Iterator[Finding]:
    # A review of the term is held in it, or close to it: up to
    # ``review_grace_days`` before its start (a kick-off in the run-up), up
    # to ``max_review_gap_days`` after its end (the close-out of the last
    # stretch). A day further out is most likely a typo (2025 for 2026),
    # and would otherwise show only as a scheduled review not held (MC303).
    # Every review is judged, whatever ``as_of``: it is the record's day that
    # is wrong, not a review yet to come.
    agreement = context.agreement
    for i, review in enumerate(agreement.reviews):
        edge = _outside(context, review.held_on)
        if edge is not None:
            yield context.finding(
                f"review:{review.id}",
                f"reviews[{i}].held_on",
                edge=edge,
                review=review.id,
                held_on=review.held_on,
                start=agreement.start,
                end=agreement.end,
            )


def _outside(context: Context, day: dt.date) -> str | None:
    """Say whether a review held on *day* is too far from the term: ``"start"``, ``"end"`` or None.

    Up to ``review_grace_days`` before the start (a kick-off in the run-up)
    and up to ``max_review_gap_days`` after the end (the close-out of the
    last stretch) are close enough.
    """
    agreement = context.agreement
    if (agreement.start - day).days > context.policy.review_grace_days:
        return "start"
    if (day - agreement.end).days > context.policy.max_review_gap_days:
        return "end"
    return None
