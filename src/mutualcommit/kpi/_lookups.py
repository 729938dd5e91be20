"""What the evaluation looks up in an agreement by id, built once per agreement.

An agreement's own lookups (`Agreement.goal`, ...) go through its entities
in order; an evaluation asks once per incentive and remedy, so it keeps a
dict of each, by the agreement's identity, for the agreements evaluated
last.
"""

from __future__ import annotations

from functools import lru_cache

from mutualcommit.model import Agreement, Target

__all__ = ["Lookups", "Same", "lookups"]


class Same:
    """An agreement as a cache key: by identity, as hashing it would walk it."""

    __slots__ = ("agreement",)

    def __init__(self, agreement: Agreement) -> None:
        self.agreement = agreement

    def __hash__(self) -> int:
        return id(self.agreement)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.agreement is self.agreement


class Lookups:
    """An agreement's targets and units by id.

    Attributes:
        goal_targets: Each goal's target (None without one), by goal id.
        contribution_targets: Each contribution's target (None without
            one), by contribution id.
        units: Each metric's unit, by metric id.
    """

    __slots__ = ("contribution_targets", "goal_targets", "units")

    def __init__(self, agreement: Agreement) -> None:
        # Ids are unique within each kind (an invariant of the model).
        self.goal_targets: dict[str, Target | None] = {
            goal.id: goal.target for goal in agreement.goals
        }
        self.contribution_targets: dict[str, Target | None] = {
            item.id: item.target for item in agreement.contributions
        }
        self.units: dict[str, str] = {
            metric.id: metric.unit for metric in agreement.metrics
        }


def lookups(agreement: Agreement) -> Lookups:
    """Return *agreement*'s lookups, built on its first evaluation."""
    return _lookups(Same(agreement))


# Bounded, as the index's frames are; the cache holds the agreement, so its
# id is not reused while it is a key. Threads that build the same lookups
# at once build equal ones.
@lru_cache(maxsize=32)
def _lookups(same: Same) -> Lookups:
    return Lookups(same.agreement)
