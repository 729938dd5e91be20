"""The value classes an agreement is made of.

Construction converts the exact types (an enum's string value, an int or a
decimal string for a Decimal) and refuses the inexact ones (a float) at once,
with a message saying what to pass (see ``_coerce``), as it refuses a part
that is none (a goal's target given as text, a party's capacity holding a
float): every field it refuses in one `InvalidFieldsError`, at the field's
name (an item of a sequence at its index). The invariants are
checked, all at once and with paths, when an `Agreement` is built (see
``_invariants``).
"""

from __future__ import annotations

import datetime as dt
import numbers
import operator
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

import attrs

from mutualcommit.errors import ArgumentError, InvalidFieldsError, also_type_error

from ._accepts import (
    action_items_in,
    aggregation_in,
    contribution_kind_in,
    day_in,
    decimal_in,
    direction_in,
    optional_day_in,
    optional_decimal_in,
    optional_period_in,
    optional_pillar_in,
    period_in,
    quantities_in,
    review_kind_in,
    role_in,
    steps_in,
    texts_in,
    tiers_in,
)
from ._coerce import UNREADABLE, coerce_fields, refuses_with
from ._enums import (
    Aggregation,
    ContributionKind,
    Direction,
    Period,
    Pillar,
    ReviewKind,
    Role,
)
from ._frozen import (
    EMPTY,
    frozen_extensions,
    frozen_selection,
    nfc_name,
    nfc_texts,
)
from ._funds import Fund
from ._problems import raised
from ._selection import selection_problems, sound_selection
from ._shown import described, did_you_mean
from ._value_methods import value_methods

__all__ = [
    "ActionItem",
    "Clause",
    "Contribution",
    "ExceptionCriterion",
    "FiscalCalendar",
    "Goal",
    "Incentive",
    "Metric",
    "Party",
    "Quantity",
    "ResourceAllocation",
    "Review",
    "Signature",
    "Step",
    "Target",
    "Tier",
]

#: The units that are not currencies.
PLAIN_UNITS = frozenset({"count", "percent", "fte", "hour", "day"})

_ONE = Decimal(1)


# The default is the one shared empty mapping, not a new one per instance
# (it is immutable): building an entity makes no mapping, and the invariant
# checks and writers recognise it by identity.
def _extensions() -> Any:
    return attrs.field(
        default=EMPTY,
        converter=frozen_extensions,
        hash=False,
        repr=False,
    )


def _mapping() -> Any:
    # Every field made so is a ``where`` selection: its text in NFC.
    return attrs.field(default=EMPTY, converter=frozen_selection)


def _check_selections(entity: object, *names: str) -> None:
    """Refuse what the ``where`` fields *names* of *entity* cannot hold.

    As an `Observation` refuses its ``dims`` when it is built: a key or a
    value that is not text, a blank key, a lone surrogate, two keys that
    are one text in Unicode NFC (which the converter left as they came),
    each at its key's path (``where.region``).

    Raises:
        InvalidFieldsError: Listing every problem, headed with the class's
            name; a `TypeError` too when a key or a value is not text.
    """
    problems: list[tuple[str, str]] = []
    for name in names:
        value = getattr(entity, name)
        # A refused field holds a marker, not a mapping: told already.
        if value is EMPTY or not isinstance(value, Mapping) or sound_selection(value):
            continue
        problems.extend(selection_problems(name, value))
    if problems:
        raise raised(InvalidFieldsError, problems, type(entity).__name__)


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class Quantity:
    """An amount in a unit.

    Attributes:
        amount: The amount, a finite `~decimal.Decimal`.
        unit: A three-letter upper-case currency code (``"EUR"``) or one of
            ``count``, ``percent``, ``fte``, ``hour``, ``day``.
    """

    amount: Decimal = attrs.field(converter=decimal_in)
    unit: str

    @property
    def is_money(self) -> bool:
        """Whether the unit is a currency code."""
        return self.unit not in PLAIN_UNITS


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class Party:
    """A vendor or a channel partner.

    Attributes:
        id: The party's identifier.
        name: Its display name, not empty.
        role: `Role.VENDOR` or `Role.PARTNER`.
        capacity: What it can commit per fiscal year, one `Quantity` per
            unit: a planning input that MC204 checks, never printed in
            documents.
        extensions: The host application's data, never part of the terms.
    """

    id: str
    name: str
    role: Role = attrs.field(converter=role_in)
    capacity: tuple[Quantity, ...] = attrs.field(default=(), converter=quantities_in)
    extensions: Mapping[str, Any] = _extensions()


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class Metric:
    """A measure observations are recorded for, or computed from other metrics.

    The fields after ``description`` say what a computed aggregation is
    computed from; each is only allowed with the aggregations named.
    A dimensionless computed measure (a ratio, OTIF, WMAPE, forecast
    accuracy, bias) on a metric whose unit is ``percent`` is given in
    percentage points (0.85 reads 85).

    A computed metric never turns one currency into another: a ratio in a
    currency is money in that currency (its numerator's) over something
    that is no money, a ratio of money over money is a pure number in one
    currency on both sides, and the two metrics a measure compares (orders
    and deliveries, forecasts and actuals) are in one unit where either is
    money; OTIF, lead time and the forecast measures are never in a
    currency. An agreement that breaks this is refused.

    Attributes:
        id: The metric's identifier.
        name: Its display name.
        unit: Its unit (see `Quantity`).
        aggregation: How observations in a window make its actual.
        reported_by: The id of the party that reports it, or None.
        description: Free text.
        numerator: RATIO: the id of the SUM or COUNT metric added up above
            the line.
        denominator: RATIO: the id of the SUM or COUNT metric added up below
            the line (a window where it adds up to 0 has no actual).
        numerator_where: RATIO: dimension → value pairs the numerator's
            records must hold, besides the target's ``where`` (a record
            holds both, so a pair giving one of the target's dimensions
            another value selects nothing).
        denominator_where: RATIO: the same for the denominator. Both are
            checked when the metric is built, as a target's ``where`` is.
        percentile: PERCENTILE (required) and LEAD_TIME (None: the mean):
            the percentile, in (0, 100], by nearest rank.
        orders: OTIF and LEAD_TIME: the id of the SUM metric whose records
            are orders (``dims["order"]``: the order id, required; ``at``:
            the day ordered; value: the quantity; ``dims["due"]``: the due
            date; ``ref``: usually the order id too, so that a later record
            corrects the order).
        deliveries: OTIF and LEAD_TIME: the id of the SUM metric whose
            records are deliveries (``at``: the day delivered; value: the
            quantity; ``dims["order"]``: the id of the order delivered).
        grace_days: OTIF: days after the due date a delivery still counts
            as on time.
        forecast: Forecast measures: the id of the SUM metric whose records
            are forecasts (``at``: the day the forecast was made;
            ``dims["bucket"]``: a day of the bucket it forecasts).
        actual: Forecast measures: the id of the SUM metric whose records
            are what happened (``at``: the day).
        lag: Forecast measures: how many buckets before the forecast bucket
            the forecast compared was made (the latest made by the end of
            that earlier bucket).
        bucket: Forecast measures: the bucket (None: `Period.WEEK`, an ISO
            week).
        extensions: The host application's data, never part of the terms.
    """

    id: str
    name: str
    unit: str
    aggregation: Aggregation = attrs.field(converter=aggregation_in)
    reported_by: str | None = None
    description: str = ""
    numerator: str | None = None
    denominator: str | None = None
    numerator_where: Mapping[str, str] = _mapping()
    denominator_where: Mapping[str, str] = _mapping()
    percentile: Decimal | None = attrs.field(
        default=None, converter=optional_decimal_in
    )
    orders: str | None = None
    deliveries: str | None = None
    grace_days: int = 0
    forecast: str | None = None
    actual: str | None = None
    lag: int = 0
    bucket: Period | None = attrs.field(default=None, converter=optional_period_in)
    extensions: Mapping[str, Any] = _extensions()

    def __attrs_post_init__(self) -> None:
        if self.numerator_where is EMPTY and self.denominator_where is EMPTY:
            return  # the common case: no selection to check
        _check_selections(self, "numerator_where", "denominator_where")

    @property
    def sources(self) -> tuple[str, ...]:
        """The ids of the metrics this one is computed from (none when observed).

        In field order: ``numerator``, ``denominator``, ``orders``,
        ``deliveries``, ``forecast``, ``actual``.
        """
        sides = (
            self.numerator,
            self.denominator,
            self.orders,
            self.deliveries,
            self.forecast,
            self.actual,
        )
        return tuple(side for side in sides if side is not None)


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class Step:
    """A target value that applies from a date on (a ramp).

    Attributes:
        starting: The first day the value applies.
        value: The target from then on.
    """

    starting: dt.date = attrs.field(converter=day_in)
    value: Decimal = attrs.field(converter=decimal_in)


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class Target:
    """A measurable target on a metric.

    Attributes:
        metric: The id of the metric it measures.
        value: The target per window.
        direction: `Direction.AT_LEAST` or `Direction.AT_MOST`.
        per: The windows it repeats over (`Period.TERM`: once).
        baseline: Where the metric stands at the start, or None.
        due: The day a TERM target is due (None: the end of the term).
        steps: Later values, by strictly increasing start date.
        where: Dimension → value pairs an observation's ``dims`` must all
            contain to count (empty: every observation counts). Checked
            when the target is built, as a record's ``dims`` are: each key a
            dimension's name that shows something, each value text (the
            empty text too), no lone surrogate, no two keys that are one
            text in Unicode NFC; an `InvalidFieldsError` names each problem
            at its key (``where.region``).
    """

    metric: str
    value: Decimal = attrs.field(converter=decimal_in)
    direction: Direction = attrs.field(converter=direction_in)
    per: Period = attrs.field(default=Period.TERM, converter=period_in)
    baseline: Decimal | None = attrs.field(default=None, converter=optional_decimal_in)
    due: dt.date | None = attrs.field(default=None, converter=optional_day_in)
    steps: tuple[Step, ...] = attrs.field(default=(), converter=steps_in)
    where: Mapping[str, str] = _mapping()

    def __attrs_post_init__(self) -> None:
        if self.where is not EMPTY:
            _check_selections(self, "where")


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class Goal:
    """A shared goal of the parties.

    Attributes:
        id: The goal's identifier.
        title: A short title.
        target: The target that makes it measurable; None is representable
            and is what rule MC101 reports.
        weight: Its weight in the overall score, not negative.
        description: Free text.
        extensions: The host application's data, never part of the terms.
    """

    id: str
    title: str
    target: Target | None = None
    weight: Decimal = attrs.field(default=_ONE, converter=decimal_in)
    description: str = ""
    extensions: Mapping[str, Any] = _extensions()


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class Contribution:
    """One party's pledge toward the goals.

    Attributes:
        id: The contribution's identifier.
        party: The id of the party that pledges it.
        title: A short title.
        kind: What kind of pledge it is.
        pillar: The lifecycle pillar it serves, or None.
        supports: The ids of the goals it supports.
        target: What it is measured by, or None (rule MC103).
        description: Free text.
        extensions: The host application's data, never part of the terms.
    """

    id: str
    party: str
    title: str
    kind: ContributionKind = attrs.field(converter=contribution_kind_in)
    pillar: Pillar | None = attrs.field(default=None, converter=optional_pillar_in)
    supports: tuple[str, ...] = attrs.field(default=(), converter=texts_in)
    target: Target | None = None
    description: str = ""
    extensions: Mapping[str, Any] = _extensions()


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class ResourceAllocation:
    """Money, people or time a party commits.

    Attributes:
        id: The allocation's identifier.
        party: The id of the party that provides it.
        amount: How much, not negative.
        per: How often (`Period.TERM`: once for the term).
        contribution: The id of the contribution it pays for, or None.
        description: Free text.
        extensions: The host application's data, never part of the terms.
        fund: For money the other side draws on by request and claim
            (a vendor's market development fund, a partner's co-op fund):
            the fund's terms; else None.
    """

    id: str
    party: str
    amount: Quantity
    per: Period = attrs.field(default=Period.TERM, converter=period_in)
    contribution: str | None = None
    description: str = ""
    extensions: Mapping[str, Any] = _extensions()
    fund: Fund | None = None


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class Clause:
    """Written terms the model does not compute (payment, termination, ...).

    Attributes:
        id: The clause's identifier.
        title: Its heading, not only white space.
        text: Its wording, not only white space.
        extensions: The host application's data, never part of the terms.
    """

    id: str
    title: str
    text: str
    extensions: Mapping[str, Any] = _extensions()


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class Tier:
    """One step of an incentive: what is paid from an attainment on.

    Exactly one of ``amount``, ``rate`` (with ``of``) and ``status`` is set.

    Attributes:
        threshold: The attainment from which the tier applies (``1`` = 100 %).
        amount: A fixed reward.
        rate: A share of the ``of`` metric's actual in the window.
        of: The id of a metric in a currency, with ``rate``.
        status: A partner level such as ``"gold"``.
    """

    threshold: Decimal = attrs.field(converter=decimal_in)
    amount: Quantity | None = None
    rate: Decimal | None = attrs.field(default=None, converter=optional_decimal_in)
    of: str | None = None
    status: str | None = None


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class Incentive:
    """A reward linked to a committed outcome.

    Exactly one of ``goal`` and ``contribution`` names the outcome.

    Attributes:
        id: The incentive's identifier.
        title: A short title.
        payer: The id of the party that pays.
        beneficiary: The id of the party that is rewarded.
        goal: The id of the goal it rewards.
        contribution: The id of the contribution it rewards.
        tiers: Its tiers, by strictly increasing positive threshold.
        cap: The most it pays over the term, in the payout unit, or None.
        description: Free text.
        extensions: The host application's data, never part of the terms.
    """

    id: str
    title: str
    payer: str
    beneficiary: str
    goal: str | None = None
    contribution: str | None = None
    tiers: tuple[Tier, ...] = attrs.field(default=(), converter=tiers_in)
    cap: Quantity | None = None
    description: str = ""
    extensions: Mapping[str, Any] = _extensions()


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class ActionItem:
    """Something a review decided a party will do.

    Attributes:
        id: The item's identifier, unique within its review.
        owner: The id of the party that owns it.
        title: What is to be done.
        due: When it is due, or None.
        goals: The ids of the goals it addresses.
        contributions: The ids of the contributions it addresses.
        done_on: When it was done, or None.
        extensions: The host application's data, never part of the terms.
        exceptions: The keys of the exceptions it works on
            (``criterion/window`` or ``criterion/item/window``, see
            `ExceptionCriterion`), held in Unicode NFC as an item is. The
            agreement refuses a key that names no exception its criterion
            can raise: an item exactly when the criterion splits, and a
            window of its ``per`` inside the term, labelled as windows are.
    """

    id: str
    owner: str
    title: str
    due: dt.date | None = attrs.field(default=None, converter=optional_day_in)
    goals: tuple[str, ...] = attrs.field(default=(), converter=texts_in)
    contributions: tuple[str, ...] = attrs.field(default=(), converter=texts_in)
    done_on: dt.date | None = attrs.field(default=None, converter=optional_day_in)
    extensions: Mapping[str, Any] = _extensions()
    exceptions: tuple[str, ...] = attrs.field(default=(), converter=nfc_texts)


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class Review:
    """A review meeting that was held.

    Attributes:
        id: The review's identifier.
        held_on: The day it was held.
        kind: `ReviewKind.SCHEDULED` (the default) for one of the regular
            check-ins of the ``review_rule``, `ReviewKind.AD_HOC` for a
            meeting held besides them (an escalation call): it stands for
            no scheduled date (MC303), and is not judged on the issues since
            the previous review (MC304), though its action items count for
            what they name.
        attendees: The ids of the parties that attended.
        notes: Free text.
        actions: The action items it decided.
        extensions: The host application's data, never part of the terms.
    """

    id: str
    held_on: dt.date = attrs.field(converter=day_in)
    kind: ReviewKind = attrs.field(
        default=ReviewKind.SCHEDULED, converter=review_kind_in
    )
    attendees: tuple[str, ...] = attrs.field(default=(), converter=texts_in)
    notes: str = ""
    actions: tuple[ActionItem, ...] = attrs.field(default=(), converter=action_items_in)
    extensions: Mapping[str, Any] = _extensions()


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class Signature:
    """A record that a party signed the terms with a given fingerprint.

    A record, not a cryptographic signature: it holds no key and proves no
    identity, and whoever can write the document can write one, or point
    one at other terms. It shows that the terms changed after signing only
    while the record itself is kept where the one who changes the terms
    cannot rewrite it (see the documentation's page on signatures).

    Attributes:
        party: The id of the party that signed.
        signed_by: The name of the person who signed.
        signed_on: The day of signing.
        fingerprint: The fingerprint of the terms that were signed.
        version: The version of the terms that were signed, as
            `Agreement.sign` records it, or None for a signature that does
            not say (one written before signatures recorded it). With it,
            rule MC402 tells terms amended since the signature from terms
            changed after it without a new version.
    """

    party: str
    signed_by: str
    signed_on: dt.date = attrs.field(converter=day_in)
    fingerprint: str
    version: int | None = None


#: How a fiscal calendar may name its years.
NAMINGS = ("end", "start")


def month_problem(value: object) -> str | None:
    """Say why *value* is no fiscal calendar's ``start_month``; None when it is one.

    A month is an `int` from 1 to 12: not a bool (``True`` is no January),
    not a float, not text. One wording wherever a calendar is built or
    checked.
    """
    if type(value) is int and 1 <= value <= 12:  # noqa: PLR2004 - the months
        return None
    return f"expected a month number 1-12, got {described(value)}"


def naming_problem(value: object) -> str | None:
    """Say why *value* is no fiscal calendar's ``naming``; None when it is one."""
    if type(value) is str and value in NAMINGS:
        return None
    return f"expected 'end' or 'start', got {described(value)}" + did_you_mean(
        value, NAMINGS, repr
    )


def _month_in(value: int) -> int:
    """Return *value*, a month 1-12, as a plain int; refuse anything else.

    An integral number of another type (an `~enum.IntEnum` member, a numpy
    integer) is taken as its int, as every whole-number field takes it.

    Raises:
        ArgumentError: Naming ``start_month``: a `TypeError` too when
            *value* is no whole number, or a bool; a `ValueError` alone when
            it is a whole number outside 1-12.
    """
    if (type(value) is int and 1 <= value <= 12) or value is UNREADABLE:  # noqa: PLR2004
        return value
    msg = f"start_month: {month_problem(value)}"
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise also_type_error(ArgumentError)(msg, "start_month")
    # The value itself, as the json module writes it, whatever a subclass's
    # own __int__ says.
    month = int.__int__(value) if isinstance(value, int) else operator.index(value)
    if month_problem(month) is not None:
        raise ArgumentError(msg, "start_month")
    return month


def _naming_in(value: Literal["end", "start"]) -> Literal["end", "start"]:
    """Return *value*, ``"end"`` or ``"start"``; refuse anything else.

    Raises:
        ArgumentError: Naming ``naming``: a `TypeError` too when *value* is
            not text; a `ValueError` alone when it is other text.
    """
    problem = None if value is UNREADABLE else naming_problem(value)
    if problem is None:
        return value
    msg = f"naming: {problem}"
    if not isinstance(value, str):
        raise also_type_error(ArgumentError)(msg, "naming")
    raise ArgumentError(msg, "naming")


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class FiscalCalendar:
    """When fiscal years start and how they are named.

    A value neither field can take (a month outside 1-12, a bool, text or a
    float for it; a naming other than ``"end"`` or ``"start"``) is refused
    when the calendar is built, both fields at once, in an
    `InvalidFieldsError` whose paths are the fields (a `TypeError` too when
    one is of the wrong type): no calendar exists that the fiscal helpers
    could not read.

    Attributes:
        start_month: The month fiscal years start in, 1-12 (an `int`; a
            numpy integer is taken as its int).
        naming: ``"end"`` when fiscal year N ends in calendar year N (as most
            US firms count); ``"start"`` when it starts in N (as Japanese
            年度).
    """

    start_month: int = attrs.field(default=1, converter=_month_in)
    naming: Literal["end", "start"] = attrs.field(default="end", converter=_naming_in)


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class ExceptionCriterion:
    """A tolerance the parties watch a measure against, window by window.

    Each closed window (per item when ``split`` names a dimension) whose
    value lies outside ``[lower, upper]`` is an exception that ``owner``
    must start working on within ``resolve_within_days`` days of the
    window's end. An exception's key is ``criterion/window`` or, with a
    split, ``criterion/item/window`` (``fill-rate/sku-1/FY2027-M02``;
    ``criterion/window`` for the records without the dimension); action
    items name exceptions by these keys.

    Attributes:
        id: The criterion's identifier.
        title: A short title.
        measure: The id of the metric watched.
        owner: The id of the party that works its exceptions.
        resolve_within_days: How many days after an exception opens an
            action item must name it, 0 or more.
        lower: The least value within tolerance, or None.
        upper: The greatest value within tolerance, or None (at least one
            of the two is set).
        per: The windows the measure is judged over.
        where: Dimension → value pairs an observation's ``dims`` must all
            contain to count (empty: every observation counts), checked when
            the criterion is built as a target's ``where`` is.
        split: A dimension (``item``) whose every value is judged on its
            own (and the records without it together, as no item: the key
            ``criterion/window`` names their exceptions), or None to judge
            the measure as a whole.
        description: Free text.
        extensions: The host application's data, never part of the terms.
    """

    id: str
    title: str
    measure: str
    owner: str
    resolve_within_days: int
    lower: Decimal | None = attrs.field(default=None, converter=optional_decimal_in)
    upper: Decimal | None = attrs.field(default=None, converter=optional_decimal_in)
    per: Period = attrs.field(default=Period.TERM, converter=period_in)
    where: Mapping[str, str] = _mapping()
    # A dimension's name, compared with a where's keys: in NFC as they are.
    split: str | None = attrs.field(default=None, converter=nfc_name)
    description: str = ""
    extensions: Mapping[str, Any] = _extensions()

    def __attrs_post_init__(self) -> None:
        if self.where is not EMPTY:
            _check_selections(self, "where")
