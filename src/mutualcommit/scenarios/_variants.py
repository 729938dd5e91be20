"""Variants of an agreement for what-if questions, each made with `Agreement.amend`.

A variant is an ordinary amended agreement: its version is one higher, its
old signatures are stale (rule MC402: the parties would sign it again), and
building it checks every invariant. A variant that changes no term (a
factor of 1, a budget of 0 scaled, a target set to the value it has) is the
agreement as it is: there is nothing to amend, and a sweep of what-ifs may
well hold one.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypedDict, TypeVar, Unpack

import attrs

from mutualcommit.errors import (
    ArgumentError,
    NotFoundError,
    NothingToAmendError,
    also_type_error,
)
from mutualcommit.model import (
    Agreement,
    Contribution,
    Direction,
    Goal,
    Period,
    ResourceAllocation,
    Step,
    Target,
    as_decimal,
    decimal_context,
)
from mutualcommit.model._arguments import as_agreement, as_instance
from mutualcommit.model._decimal import MAX_PLACES
from mutualcommit.model._shown import no_such

from ._subjects import split_subject

__all__ = ["TargetChanges", "add_contribution", "change_target", "scale_allocation"]


class TargetChanges(TypedDict, total=False):
    """The keyword arguments of `change_target`: a `Target`'s fields.

    Each takes what `Target` takes for that field (``value=24``,
    ``direction="at_least"``). A type checker reads ``**changes`` with it,
    so a misspelt or mistyped field is its error before it is a
    `TypeError`.
    """

    metric: str
    value: Decimal | int | str
    direction: Direction | str
    per: Period | str
    baseline: Decimal | int | str | None
    due: dt.date | None
    steps: Iterable[Step]
    where: Mapping[str, str]


#: The model keeps at most MAX_PLACES digits after the point.
_PLACES = Decimal(1).scaleb(-MAX_PLACES)
_TARGET_FIELDS = frozenset(field.name for field in attrs.fields(Target))

T = TypeVar("T", ResourceAllocation, Goal, Contribution)


def _decimal(value: Decimal | int | str, what: str) -> Decimal:
    """Read *value* as a finite Decimal, as every decimal field of the model reads it.

    A float or a bool is an `ArgumentError` that is a `TypeError` too,
    saying what to pass; a string that is no number is one that is not (see
    `as_decimal`), and so is NaN or infinity.
    """
    number = as_decimal(what, value)
    if not number.is_finite():
        msg = f"{what}: expected a finite decimal, got {number}"
        raise ArgumentError(msg, what)
    return number


def _amended(agreement: Agreement, **changes: Any) -> Agreement:
    """Return *agreement* amended with *changes*; as it is when they change no term."""
    try:
        return agreement.amend(**changes)
    except NothingToAmendError:
        # The variants change terms, never extensions: nothing is lost.
        return agreement


def scale_allocation(
    agreement: Agreement, allocation: str, factor: Decimal | int | str
) -> Agreement:
    """Return *agreement* amended with allocation *allocation* times *factor*.

    ``scale_allocation(plan, "acme-mdf-budget", "1.2")`` raises the MDF
    budget by 20 %. The amount keeps at most 12 places (rounded half even).
    An amount the factor leaves as it is (a factor of 1, an amount of 0)
    changes no term: *agreement* comes back as it is.

    Args:
        agreement: The agreement.
        allocation: The id of the allocation to scale.
        factor: The factor (a Decimal, an int or a decimal string; not a
            float).

    Raises:
        NotFoundError: When the agreement has no such allocation.
        ArgumentError: Naming the argument: a `TypeError` too when
            *agreement* is not an `Agreement`, or *factor* is a float, a
            bool or not a number, saying what to pass (``Decimal('1.2')``);
            a `ValueError` alone when *factor* is a string that is no
            number, NaN or infinite.
        InvalidAgreementError: When the scaled amount breaks an invariant
            (a negative factor).
    """
    agreement = as_agreement("agreement", agreement)
    scale = _decimal(factor, "factor")
    found = _find(agreement.allocations, allocation, "allocation", agreement.id)
    with decimal.localcontext(decimal_context()):
        amount = found.amount.amount * scale
        if amount.as_tuple().exponent < -MAX_PLACES:  # type: ignore[operator]
            amount = amount.quantize(_PLACES)
    scaled = attrs.evolve(found, amount=attrs.evolve(found.amount, amount=amount))
    return _amended(
        agreement,
        allocations=tuple(
            scaled if a.id == allocation else a for a in agreement.allocations
        ),
    )


def change_target(
    agreement: Agreement, subject: str, **changes: Unpack[TargetChanges]
) -> Agreement:
    """Return *agreement* amended with the target of *subject* changed.

    ``change_target(plan, "globex-co-selling", value=Decimal(24))`` asks a
    partner for more; ``steps=()`` drops a ramp. ``value`` and ``baseline``
    may be given as ints or numeric strings. An entity without a target gets
    one built from *changes* (``metric``, ``value`` and ``direction`` at
    least). A target the changes leave as it is changes no term:
    *agreement* comes back as it is.

    Args:
        agreement: The agreement.
        subject: ``goal:ID``, ``contribution:ID``, or an id that names
            exactly one goal or contribution.
        **changes: New values of `Target` fields (see `TargetChanges`).

    Raises:
        NotFoundError: When nothing has that id, or a bare id names both a
            goal and a contribution.
        ArgumentError: Naming the argument: a `TypeError` too when
            *agreement* is not an `Agreement`, *subject* not a string, a
            change names no field of `Target`, or ``value`` or ``baseline``
            is a float, a bool or not a number (saying what to pass); a
            `ValueError` alone when ``value`` or ``baseline`` is a string
            that is no number, NaN or infinite.
        InvalidAgreementError: When the changed target breaks an invariant.
    """
    agreement = as_agreement("agreement", agreement)
    as_instance("subject", subject, str)
    unknown = sorted(set(changes) - _TARGET_FIELDS)
    if unknown:
        msg = (
            f"change_target() changes Target fields; not one: {', '.join(unknown)} "
            f"(fields: {', '.join(sorted(_TARGET_FIELDS))})"
        )
        raise also_type_error(ArgumentError)(msg, unknown[0])
    value = changes.get("value")
    if value is not None:
        changes["value"] = _decimal(value, "value")
    baseline = changes.get("baseline")
    if baseline is not None:
        changes["baseline"] = _decimal(baseline, "baseline")
    goals = {g.id for g in agreement.goals}
    contributions = {c.id for c in agreement.contributions}
    kind, id = split_subject(subject, goals, contributions)  # noqa: A001 - the model's word
    if kind is None:
        if id in goals and id in contributions:
            msg = f"{id!r} names a goal and a contribution: say goal:{id} or contribution:{id}"
            raise NotFoundError(msg, id)
        if id not in goals and id not in contributions:
            known = [g.id for g in agreement.goals]
            known += [c.id for c in agreement.contributions]
            where = f"agreement {agreement.id!r}"
            msg = no_such("goal or contribution", id, where, known)
            msg += "; a subject is goal:ID, contribution:ID or the id of one"
            raise NotFoundError(msg, id)
        kind = "goal" if id in goals else "contribution"
    if kind == "goal":
        goal = _find(agreement.goals, id, "goal", agreement.id)
        changed_goal = attrs.evolve(goal, target=_changed(goal, changes))
        return _amended(
            agreement,
            goals=tuple(changed_goal if g.id == id else g for g in agreement.goals),
        )
    pledge = _find(agreement.contributions, id, "contribution", agreement.id)
    changed = attrs.evolve(pledge, target=_changed(pledge, changes))
    return _amended(
        agreement,
        contributions=tuple(
            changed if c.id == id else c for c in agreement.contributions
        ),
    )


def _changed(entity: Goal | Contribution, changes: Mapping[str, Any]) -> Target:
    if entity.target is None:
        try:
            return Target(**changes)
        except TypeError as error:
            msg = (
                f"{entity.id!r} has no target to change: give metric, value and "
                f"direction to set one ({error})"
            )
            raise also_type_error(ArgumentError)(msg, "changes") from None
    return attrs.evolve(entity.target, **changes)


def add_contribution(
    agreement: Agreement,
    contribution: Contribution,
    *allocations: ResourceAllocation,
) -> Agreement:
    """Return *agreement* amended with one more pledge and what funds it.

    Args:
        agreement: The agreement.
        contribution: The new contribution.
        *allocations: New allocations, usually paying for it.

    Raises:
        InvalidAgreementError: When the result breaks an invariant (a
            duplicate id, an unknown party or goal, what is not a
            contribution or an allocation, ...).
        ArgumentError: A `TypeError` too, when *agreement* is not an
            `Agreement`.
    """
    agreement = as_agreement("agreement", agreement)
    return agreement.amend(
        contributions=(*agreement.contributions, contribution),
        allocations=(*agreement.allocations, *allocations),
    )


def _find(
    entities: tuple[T, ...],
    id: str,  # noqa: A002 - the model's word
    kind: str,
    agreement: str,
) -> T:
    for entity in entities:
        if entity.id == id:
            return entity
    known = (e.id for e in entities)
    raise NotFoundError(no_such(kind, id, f"agreement {agreement!r}", known), id)
