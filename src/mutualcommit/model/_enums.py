"""The closed vocabularies of the model (SPEC §3)."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "Aggregation",
    "AgreementStatus",
    "ContributionKind",
    "Direction",
    "Period",
    "Pillar",
    "Role",
]


class Role(StrEnum):
    """Which side of the agreement a party is on."""

    VENDOR = "vendor"
    PARTNER = "partner"


class Aggregation(StrEnum):
    """How a metric's observations in a window add up to its actual.

    ``SUM`` and ``COUNT`` are *flows* (they accumulate over a window and their
    targets are pro-rated); ``LAST``, ``MEAN``, ``MIN`` and ``MAX`` are
    *levels*.
    """

    SUM = "sum"
    COUNT = "count"
    LAST = "last"
    MEAN = "mean"
    MIN = "min"
    MAX = "max"

    @property
    def is_flow(self) -> bool:
        """Whether the metric accumulates (SUM, COUNT) rather than being a level."""
        return self in _FLOWS


_FLOWS = frozenset({Aggregation.SUM, Aggregation.COUNT})


class Direction(StrEnum):
    """Whether more is better (``AT_LEAST``) or less is (``AT_MOST``)."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class Period(StrEnum):
    """The windows a target or an allocation repeats over.

    ``WEEK`` is the ISO week (Monday to Sunday), whatever the fiscal
    calendar; the others are fiscal periods.
    """

    TERM = "term"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    WEEK = "week"


class Pillar(StrEnum):
    """The partner-lifecycle pillars a contribution can serve (SPEC §1)."""

    STRATEGIZE = "strategize"
    RECRUIT = "recruit"
    ONBOARD = "onboard"
    ENABLE = "enable"
    MARKET = "market"
    SELL = "sell"
    INCENTIVIZE = "incentivize"
    ACCELERATE = "accelerate"


class ContributionKind(StrEnum):
    """What kind of pledge a contribution is."""

    ENABLEMENT_TRAINING = "enablement_training"
    CERTIFICATION = "certification"
    MARKETING_FUNDS = "marketing_funds"
    THROUGH_CHANNEL_MARKETING = "through_channel_marketing"
    CO_SELLING = "co_selling"
    DEAL_REGISTRATION = "deal_registration"
    DEMAND_GENERATION = "demand_generation"
    ACCOUNT_PLANNING = "account_planning"
    INVENTORY_FORECASTING = "inventory_forecasting"
    DELIVERY_COMMITMENT = "delivery_commitment"
    PRODUCT_FEEDBACK = "product_feedback"
    SOLUTION_BUNDLING = "solution_bundling"
    MARKET_EXPANSION = "market_expansion"
    DEDICATED_STAFF = "dedicated_staff"
    OTHER = "other"


class AgreementStatus(StrEnum):
    """Where an agreement is in its life, derived by ``Agreement.status``."""

    DRAFT = "draft"
    PARTIALLY_SIGNED = "partially_signed"
    SIGNED = "signed"
    ACTIVE = "active"
    EXPIRED = "expired"
