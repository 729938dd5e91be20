"""Every finding's message template, in one place, ready for translation.

A template is a plain `str.format` string with named fields, filled from the
finding's ``params``. A code has one template per kind of subject it is
about (``goal``, ``contribution``, ...: the part of the subject before the
colon); MC304 and MC601 have one more level, picked by a parameter (the
standing seen, the kind of outcome rewarded). A document in another language
translates the template and fills it from the same params, never from the
English sentence.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._codes import CODES
from ._findings import Finding, _params

__all__ = ["MESSAGES", "finding", "format_message", "template_key"]

#: code → template key → template. Quotes around titles are ASCII on purpose:
#: messages travel through terminals, logs and JSON.
MESSAGES: Mapping[str, Mapping[str, str]] = {
    "MC101": {
        "goal": (
            'Goal {goal} "{title}" has no target, so nobody can tell whether '
            "it was reached; give it a target on a metric, with a direction "
            "and a window."
        ),
    },
    "MC102": {
        "goal": (
            'Goal {goal} "{title}" is due on {due}, outside the term from '
            "{start} to {end}; move the due date into the term, or leave it "
            "out to mean the end of the term."
        ),
        "contribution": (
            'Contribution {contribution} "{title}" is due on {due}, outside '
            "the term from {start} to {end}; move the due date into the term, "
            "or leave it out to mean the end of the term."
        ),
    },
    "MC103": {
        "contribution": (
            'Contribution {contribution} "{title}" of party {party} has no '
            "target, so it cannot be measured; give it a target on a metric."
        ),
    },
    "MC104": {
        "metric": (
            'Metric {metric} "{name}" is used by a target but no party reports '
            "it; set reported_by to the party that records its observations."
        ),
    },
    "MC105": {
        "goal": (
            'Goal {goal} "{title}" does not move from its baseline: its target '
            "{value} is no better than the baseline {baseline}; set a target "
            "that improves on the baseline."
        ),
        "contribution": (
            'Contribution {contribution} "{title}" does not move from its '
            "baseline: its target {value} is no better than the baseline "
            "{baseline}; set a target that improves on the baseline."
        ),
    },
    "MC106": {
        "goal": (
            'No contribution supports goal {goal} "{title}"; add a contribution '
            "that names it in its supports."
        ),
    },
    "MC107": {
        "agreement": (
            'Agreement {agreement} "{title}" is in currency {currency}, which is '
            "not an ISO 4217 code; use an ISO 4217 code such as EUR or USD."
        ),
        "party": (
            'Party {party} "{name}" declares a capacity in {currency}, which is '
            "not an ISO 4217 code; use an ISO 4217 code such as EUR or USD."
        ),
        "metric": (
            'Metric {metric} "{name}" is measured in {currency}, which is not an '
            "ISO 4217 code; use an ISO 4217 code such as EUR or USD."
        ),
        "allocation": (
            "Allocation {allocation} of party {party} is in {currency}, which is "
            "not an ISO 4217 code; use an ISO 4217 code such as EUR or USD."
        ),
        "incentive": (
            'Incentive {incentive} "{title}" pays in {currency}, which is not an '
            "ISO 4217 code; use an ISO 4217 code such as EUR or USD."
        ),
    },
    "MC200": {
        "agreement": (
            'Agreement {agreement} "{title}" has {vendors} vendor and {partners} '
            "partner parties, so nothing in it is mutual; add at least one "
            "vendor and one partner."
        ),
    },
    "MC201": {
        "party": (
            'Party {party} "{name}" makes no contribution, so the commitment is '
            "one-sided; add a contribution that it pledges."
        ),
    },
    "MC202": {
        "goal": (
            'Every contribution to goal {goal} "{title}" comes from the {side} '
            "side; add a contribution from the {other} side so that both sides "
            "work toward it."
        ),
    },
    "MC203": {
        "fiscal-year": (
            "In {year} the {side} side funds {amount} {currency} against "
            "{other_amount} {currency} from the {other} side, more than "
            "{max_ratio} times as much; rebalance the allocations, or waive "
            "this year with a reason."
        ),
        "agreement": (
            'In agreement {agreement} "{title}" the {side} side allocates no '
            "money, people or time; add an allocation of the {side} side."
        ),
    },
    "MC204": {
        "party": (
            'Party {party} "{name}" allocates up to {allocated} {unit} in a '
            "fiscal year, more than its declared capacity of {capacity} {unit} "
            "(in {years}); lower its allocations or raise its capacity."
        ),
    },
    "MC205": {
        "contribution": (
            'Contribution {contribution} "{title}" of partner {party} commits to '
            "{kind} but no vendor contribution provides enablement training; "
            "add a vendor contribution of kind enablement_training."
        ),
    },
    "MC206": {
        "fund-window": (
            "In {window} fund {fund} approved {approved} {currency} of requests, "
            "more than the {available} {currency} it made available; reject or "
            "cut requests, or add a grant to the fund."
        ),
    },
    "MC207": {
        "fund-request": (
            'The claim on request {request} "{activity}" of fund {fund} asks for '
            "{claimed} {currency}, more than the {approved} {currency} approved; "
            "pay no more than the approval, or approve more first."
        ),
    },
    "MC208": {
        "fund-request": (
            'The claim of {claimed} {currency} on request {request} "{activity}" '
            "of fund {fund} gives no proof of performance; attach invoices or "
            "proof references to the claim before it is paid."
        ),
    },
    "MC209": {
        "fund-request": (
            'The claim on request {request} "{activity}" of fund {fund} came on '
            "{claimed_on}, after its deadline of {deadline}; reject it, or "
            "waive this request with a reason."
        ),
    },
    "MC210": {
        "fund-window": (
            "In {window} fund {fund} let {expired} {currency} of the {available} "
            "{currency} it made available expire unused ({share} percent, more "
            "than {max_share} percent); plan activities earlier, or lower the "
            "fund."
        ),
    },
    "MC211": {
        "fund-request": (
            'Request {request} "{activity}" of fund {fund} is funded with '
            "{amount} {currency} of a {cost} {currency} cost, {share} percent "
            "where the fund pays at most {max_share} percent; lower the "
            "approval to the fund's share."
        ),
    },
    "MC301": {
        "agreement": (
            'Agreement {agreement} "{title}" has no review schedule; set a '
            "review_rule, such as FREQ=MONTHLY;INTERVAL=3 for quarterly reviews."
        ),
    },
    "MC302": {
        "agreement": (
            'The review schedule of agreement {agreement} "{title}" leaves '
            "{gap_days} days between {after} and {before}, more than "
            "{max_days}; schedule reviews more often."
        ),
    },
    "MC303": {
        "schedule": (
            "No review was held for the review scheduled on {date}, by "
            "{deadline}; hold the review and record it, or waive this date "
            "with a reason."
        ),
    },
    "MC304": {
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
    "MC305": {
        "review": (
            "Review {review} on {held_on} was attended by {vendors} vendor and "
            "{partners} partner parties; hold reviews with both sides and list "
            "every party that attended."
        ),
    },
    "MC306": {
        "action": (
            'Action item {action} "{title}" of review {review}, owned by '
            "{owner}, was due on {due} and is not done; do it and record "
            "done_on, or agree a new due date."
        ),
    },
    "MC401": {
        "signature": (
            'Party {party} "{name}" has not signed agreement {agreement}; have '
            "it sign the current terms."
        ),
    },
    "MC402": {
        "signature": (
            'The signature of party {party} "{name}" by {signed_by} on '
            "{signed_on} is for terms since amended; have it sign the current "
            "terms (version {version})."
        ),
    },
    "MC501": {
        "goal": (
            'Goal {goal} "{title}" aims at {value} from a baseline of '
            "{baseline}, a rise of {growth} percent where at most {max_growth} "
            "percent is realistic; lower the target or ramp it up with steps."
        ),
        "contribution": (
            'Contribution {contribution} "{title}" aims at {value} from a '
            "baseline of {baseline}, a rise of {growth} percent where at most "
            "{max_growth} percent is realistic; lower the target or ramp it up "
            "with steps."
        ),
    },
    "MC601": {
        "incentive.goal": (
            'Incentive {incentive} "{title}" rewards goal {outcome} "{outcome_title}", '
            "which has no target; give the goal a target so that the reward "
            "depends on a measured outcome."
        ),
        "incentive.contribution": (
            'Incentive {incentive} "{title}" rewards contribution {outcome} '
            '"{outcome_title}", which has no target; give the contribution a '
            "target so that the reward depends on a measured outcome."
        ),
    },
    "MC602": {
        "incentive": (
            'Incentive {incentive} "{title}" pays a rate of a metric with no '
            "cap, an unbounded liability for party {payer}; set a cap."
        ),
    },
}

#: The codes whose template also depends on a parameter: code → param name.
_CASES = {"MC304": "standing", "MC601": "outcome_kind"}


def template_key(code: str, subject: str, params: Mapping[str, object]) -> str:
    """Return the key of *code*'s template for a finding about *subject*.

    The key is the subject's kind (``goal`` for ``goal:G1``), followed for
    MC304 and MC601 by ``.`` and the value of their case parameter.
    """
    key = subject.partition(":")[0]
    case = _CASES.get(code)
    if case is not None:
        key = f"{key}.{params[case]}"
    return key


def format_message(code: str, subject: str, params: Mapping[str, object]) -> str:
    """Fill *code*'s English template for *subject* from *params*."""
    return MESSAGES[code][template_key(code, subject, params)].format_map(params)


def finding(code: str, subject: str, path: str, **params: object) -> Finding:
    """Build a catalogue finding at its default severity, its message filled in."""
    values = _params(params)
    return Finding(
        code=code,
        severity=CODES[code],
        subject=subject,
        path=path,
        message=format_message(code, subject, values),
        params=values,
    )
