"""What an agreement's records said at the end of a day.

Signatures, reviews and the days action items were done are records of
things that happened: each counts from its own day. `Agreement.status`
counts a signature so, the rules count reviews and action items so, and
the agreement document "as of" a day shows its records so.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from ._agreement import Agreement
    from ._entities import ActionItem, Review

__all__ = ["given_by", "recorded_by"]


def given_by(day: dt.date, as_of: dt.date) -> bool:
    """Tell whether a record dated *day* stood at the end of day *as_of*.

    A record counts from its day on: on an earlier day it had not been made.
    """
    return day <= as_of


def recorded_by(agreement: Agreement, as_of: dt.date) -> Agreement:
    """Return *agreement* with its records as they stood at the end of *as_of*.

    A signature given after *as_of* is left out, and so is a review held
    after it; an action item done after it is open (its ``done_on`` is
    None). The terms, the version and the records made by *as_of* stay as
    they are, so ``recorded_by(a, d).status(d) == a.status(d)``. The
    agreement itself comes back when every record was made by then.
    """
    signatures = tuple(s for s in agreement.signatures if given_by(s.signed_on, as_of))
    held = [r for r in agreement.reviews if given_by(r.held_on, as_of)]
    reviews = tuple(_review_by(review, as_of) for review in held)
    if signatures == agreement.signatures and reviews == agreement.reviews:
        return agreement
    return attrs.evolve(agreement, signatures=signatures, reviews=reviews)


def _review_by(review: Review, as_of: dt.date) -> Review:
    actions = tuple(_action_by(action, as_of) for action in review.actions)
    if actions == review.actions:
        return review
    return attrs.evolve(review, actions=actions)


def _action_by(action: ActionItem, as_of: dt.date) -> ActionItem:
    if action.done_on is None or given_by(action.done_on, as_of):
        return action
    return attrs.evolve(action, done_on=None)
