"""What each converting field accepts, said to type checkers.

A field that converts its value (``value=24`` for a `~decimal.Decimal`,
``direction="at_least"``, ``capacity=[...]``) declares one of these as its
``converter``: mypy's attrs plugin types a field's ``__init__`` parameter
from the first parameter of a converter written in the class body, and
cannot see the converters `coerce_fields` adds. On a class built with
`coerce_fields` (every model class, `Bands`, `Policy`) each is replaced by
the converter the field's annotation calls for, which names the field when
it refuses a value; each must therefore return the field's annotation
exactly (``-> Decimal | None`` for ``Decimal | None``), as `coerce_fields`
checks. Called itself, each converts as that converter does, naming the
value ``value`` (a sequence of parts of the model to a tuple, though, with
its items unchecked: the house converter checks each).

The decimal ones accept `~decimal.Decimal`, `int` and `str`, not `float`:
a type checker then refuses ``value=1.5`` as the class does. The day ones
accept a `datetime.date` only, as the class does: text is refused when
the value is built, not when an agreement holds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from ._coerce import as_date, as_decimal, as_enum, as_sequence
from ._enums import (
    Aggregation,
    ContributionKind,
    Direction,
    FundEventKind,
    FundExpiry,
    Period,
    Pillar,
    ReviewKind,
    Role,
)

if TYPE_CHECKING:
    from ._entities import (
        ActionItem,
        Clause,
        Contribution,
        ExceptionCriterion,
        Goal,
        Incentive,
        Metric,
        Party,
        Quantity,
        ResourceAllocation,
        Review,
        Signature,
        Step,
        Tier,
    )
    from ._remedy import Remedy

__all__ = [
    "action_items_in",
    "aggregation_in",
    "clauses_in",
    "contribution_kind_in",
    "contributions_in",
    "criteria_in",
    "day_in",
    "decimal_in",
    "direction_in",
    "fund_event_kind_in",
    "fund_expiry_in",
    "goals_in",
    "incentives_in",
    "metrics_in",
    "optional_day_in",
    "optional_decimal_in",
    "optional_period_in",
    "optional_pillar_in",
    "parties_in",
    "period_in",
    "quantities_in",
    "remedies_in",
    "resources_in",
    "review_kind_in",
    "reviews_in",
    "role_in",
    "signatures_in",
    "steps_in",
    "texts_in",
    "tiers_in",
]

_NAME = "value"


def decimal_in(value: Decimal | int | str) -> Decimal:
    """Convert a decimal field's value (see `as_decimal`)."""
    return as_decimal(_NAME, value)


def optional_decimal_in(value: Decimal | int | str | None) -> Decimal | None:
    """Convert an optional decimal field's value (see `as_decimal`)."""
    return None if value is None else as_decimal(_NAME, value)


def day_in(value: dt.date) -> dt.date:
    """Convert a day field's value (see `as_date`)."""
    return as_date(_NAME, value)  # type: ignore[return-value]


def optional_day_in(value: dt.date | None) -> dt.date | None:
    """Convert an optional day field's value (see `as_date`)."""
    return as_date(_NAME, value, optional=True)


def aggregation_in(value: Aggregation | str) -> Aggregation:
    """Convert an `Aggregation` field's value (see `as_enum`)."""
    return as_enum(Aggregation, _NAME, value)


def contribution_kind_in(value: ContributionKind | str) -> ContributionKind:
    """Convert a `ContributionKind` field's value (see `as_enum`)."""
    return as_enum(ContributionKind, _NAME, value)


def direction_in(value: Direction | str) -> Direction:
    """Convert a `Direction` field's value (see `as_enum`)."""
    return as_enum(Direction, _NAME, value)


def fund_event_kind_in(value: FundEventKind | str) -> FundEventKind:
    """Convert a `FundEventKind` field's value (see `as_enum`)."""
    return as_enum(FundEventKind, _NAME, value)


def fund_expiry_in(value: FundExpiry | str) -> FundExpiry:
    """Convert a `FundExpiry` field's value (see `as_enum`)."""
    return as_enum(FundExpiry, _NAME, value)


def period_in(value: Period | str) -> Period:
    """Convert a `Period` field's value (see `as_enum`)."""
    return as_enum(Period, _NAME, value)


def optional_period_in(value: Period | str | None) -> Period | None:
    """Convert an optional `Period` field's value (see `as_enum`)."""
    return None if value is None else as_enum(Period, _NAME, value)


def optional_pillar_in(value: Pillar | str | None) -> Pillar | None:
    """Convert an optional `Pillar` field's value (see `as_enum`)."""
    return None if value is None else as_enum(Pillar, _NAME, value)


def review_kind_in(value: ReviewKind | str) -> ReviewKind:
    """Convert a `ReviewKind` field's value (see `as_enum`)."""
    return as_enum(ReviewKind, _NAME, value)


def role_in(value: Role | str) -> Role:
    """Convert a `Role` field's value (see `as_enum`)."""
    return as_enum(Role, _NAME, value)


# One per item type: a generic ``Iterable[T] -> tuple[T, ...]`` would leave
# mypy's attrs plugin with an unbound T in ``__init__``.


def texts_in(value: Iterable[str]) -> tuple[str, ...]:
    """Convert a sequence field of text (ids, attendees, proof) to a tuple."""
    return as_sequence(_NAME, value)


def quantities_in(value: Iterable[Quantity]) -> tuple[Quantity, ...]:
    """Convert a sequence field of `Quantity` to a tuple."""
    return as_sequence(_NAME, value)


def steps_in(value: Iterable[Step]) -> tuple[Step, ...]:
    """Convert a sequence field of `Step` to a tuple."""
    return as_sequence(_NAME, value)


def tiers_in(value: Iterable[Tier]) -> tuple[Tier, ...]:
    """Convert a sequence field of `Tier` to a tuple."""
    return as_sequence(_NAME, value)


def action_items_in(value: Iterable[ActionItem]) -> tuple[ActionItem, ...]:
    """Convert a sequence field of `ActionItem` to a tuple."""
    return as_sequence(_NAME, value)


def parties_in(value: Iterable[Party]) -> tuple[Party, ...]:
    """Convert a sequence field of `Party` to a tuple."""
    return as_sequence(_NAME, value)


def metrics_in(value: Iterable[Metric]) -> tuple[Metric, ...]:
    """Convert a sequence field of `Metric` to a tuple."""
    return as_sequence(_NAME, value)


def goals_in(value: Iterable[Goal]) -> tuple[Goal, ...]:
    """Convert a sequence field of `Goal` to a tuple."""
    return as_sequence(_NAME, value)


def contributions_in(value: Iterable[Contribution]) -> tuple[Contribution, ...]:
    """Convert a sequence field of `Contribution` to a tuple."""
    return as_sequence(_NAME, value)


def resources_in(
    value: Iterable[ResourceAllocation],
) -> tuple[ResourceAllocation, ...]:
    """Convert a sequence field of `ResourceAllocation` to a tuple."""
    return as_sequence(_NAME, value)


def incentives_in(value: Iterable[Incentive]) -> tuple[Incentive, ...]:
    """Convert a sequence field of `Incentive` to a tuple."""
    return as_sequence(_NAME, value)


def clauses_in(value: Iterable[Clause]) -> tuple[Clause, ...]:
    """Convert a sequence field of `Clause` to a tuple."""
    return as_sequence(_NAME, value)


def criteria_in(
    value: Iterable[ExceptionCriterion],
) -> tuple[ExceptionCriterion, ...]:
    """Convert a sequence field of `ExceptionCriterion` to a tuple."""
    return as_sequence(_NAME, value)


def reviews_in(value: Iterable[Review]) -> tuple[Review, ...]:
    """Convert a sequence field of `Review` to a tuple."""
    return as_sequence(_NAME, value)


def signatures_in(value: Iterable[Signature]) -> tuple[Signature, ...]:
    """Convert a sequence field of `Signature` to a tuple."""
    return as_sequence(_NAME, value)


def remedies_in(value: Iterable[Remedy]) -> tuple[Remedy, ...]:
    """Convert a sequence field of `Remedy` to a tuple."""
    return as_sequence(_NAME, value)
