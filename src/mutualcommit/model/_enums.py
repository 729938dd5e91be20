"""The closed vocabularies of the model."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "Aggregation",
    "AgreementStatus",
    "ContributionKind",
    "Direction",
    "FundEventKind",
    "FundExpiry",
    "Period",
    "Pillar",
    "ReviewKind",
    "Role",
]


class Role(StrEnum):
    """Which side of the agreement a party is on."""

    VENDOR = "vendor"
    PARTNER = "partner"


class Aggregation(StrEnum):
    """How a metric's observations in a window add up to its actual.

    ``SUM`` and ``COUNT`` are *flows* (they accumulate over a window and their
    targets are pro-rated); every other aggregation is a *level*.

    ``PERCENTILE`` is the nearest-rank percentile of the metric's own
    observations. The others are *computed* from other metrics' records
    (see `Metric`): ``RATIO`` (Σ numerator ÷ Σ denominator); ``OTIF`` (the
    share of orders delivered on time and in full) and ``LEAD_TIME`` (days
    from order to full delivery, mean or percentile), both from order and
    delivery records; ``WMAPE`` (Σ|A-F| ÷ Σ|A|), ``FORECAST_ACCURACY``
    (1 - WMAPE), ``FORECAST_BIAS`` (Σ(F-A) ÷ ΣA) and ``TRACKING_SIGNAL``
    (Σ(A-F) ÷ MAD), comparing forecasts with actuals per item and bucket.
    """

    SUM = "sum"
    COUNT = "count"
    LAST = "last"
    MEAN = "mean"
    MIN = "min"
    MAX = "max"
    RATIO = "ratio"
    PERCENTILE = "percentile"
    OTIF = "otif"
    LEAD_TIME = "lead_time"
    WMAPE = "wmape"
    FORECAST_ACCURACY = "forecast_accuracy"
    FORECAST_BIAS = "forecast_bias"
    TRACKING_SIGNAL = "tracking_signal"

    @property
    def is_flow(self) -> bool:
        """Whether the metric accumulates (SUM, COUNT) rather than being a level."""
        return self in _FLOWS

    @property
    def is_computed(self) -> bool:
        """Whether the metric is computed from other metrics' records, never observed itself."""
        return self in _COMPUTED

    @property
    def is_forecast(self) -> bool:
        """Whether the metric compares a forecast metric with an actual one."""
        return self in _FORECASTS


_FLOWS = frozenset({Aggregation.SUM, Aggregation.COUNT})
_FORECASTS = frozenset(
    {
        Aggregation.WMAPE,
        Aggregation.FORECAST_ACCURACY,
        Aggregation.FORECAST_BIAS,
        Aggregation.TRACKING_SIGNAL,
    }
)
_COMPUTED = _FORECASTS | {Aggregation.RATIO, Aggregation.OTIF, Aggregation.LEAD_TIME}


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
    """The partner-lifecycle pillars a contribution can serve."""

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


class ReviewKind(StrEnum):
    """Whether a review was one the schedule called for, or one held besides.

    A ``SCHEDULED`` review (the default) is one of the regular check-ins the
    ``review_rule`` schedules: it stands for a scheduled date (rule MC303)
    and acts on the performance issues since the previous one (MC304). An
    ``AD_HOC`` review (an escalation call, a meeting on one topic) does
    neither: its action items still count for the goals, contributions and
    exceptions they name.
    """

    SCHEDULED = "scheduled"
    AD_HOC = "ad_hoc"


class AgreementStatus(StrEnum):
    """Where an agreement is in its life, derived by ``Agreement.status``."""

    DRAFT = "draft"
    PARTIALLY_SIGNED = "partially_signed"
    SIGNED = "signed"
    ACTIVE = "active"
    EXPIRED = "expired"


class FundExpiry(StrEnum):
    """When a fund's money that was not approved for an activity is lost."""

    FISCAL_YEAR = "fiscal_year"
    TERM = "term"


class FundEventKind(StrEnum):
    """What a fund event records."""

    GRANT = "grant"
    REQUEST = "request"
    APPROVAL = "approval"
    CLAIM = "claim"
    DECISION = "decision"
    PAYMENT = "payment"


def with_article(word: object) -> str:
    """Name a member or a vocabulary in a message: "a claim", "an approval"."""
    text = str(word)
    vowel = text[:1].lower() in {"a", "e", "i", "o", "u"}
    return f"{'an' if vowel else 'a'} {text}"
