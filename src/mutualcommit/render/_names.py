"""Look-ups of an agreement's entities by id, to word references by name."""

from __future__ import annotations

from mutualcommit.model import Agreement

__all__ = ["Names", "proper_words"]


def proper_words(agreement: Agreement) -> frozenset[str]:
    """Return the words of the parties' names (kept capitalised in sentences)."""
    return frozenset(
        word.strip(".,'\u2019()")
        for party in agreement.parties
        for word in party.name.split()
    )


class Names:
    """Look-ups of an agreement's entities by id, for wording references.

    A name is returned trimmed, as it is shown: the stored value keeps
    its white space.
    """

    def __init__(self, agreement: Agreement) -> None:
        self.parties = {party.id: party for party in agreement.parties}
        self.metrics = {metric.id: metric for metric in agreement.metrics}
        self.goals = {goal.id: goal for goal in agreement.goals}
        self.contributions = {item.id: item for item in agreement.contributions}
        #: The term's first and last day, which a target is worded for.
        self.term = (agreement.start, agreement.end)
        #: The words of the parties' names: proper names inside a sentence.
        self.proper = proper_words(agreement)

    def party(self, party_id: str | None) -> str:
        if party_id is None:
            return ""
        party = self.parties.get(party_id)
        return party.name.strip() if party is not None else party_id

    def goal(self, goal_id: str) -> str:
        goal = self.goals.get(goal_id)
        return goal.title.strip() if goal is not None else goal_id

    def contribution(self, contribution_id: str | None) -> str:
        if contribution_id is None:
            return ""
        item = self.contributions.get(contribution_id)
        return item.title.strip() if item is not None else contribution_id
