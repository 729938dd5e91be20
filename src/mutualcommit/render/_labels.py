"""The translated names of the model's closed vocabularies.

Each function spells every message out, so that babel's extractor finds
them; a message context tells translators which vocabulary a word is from.
"""

from __future__ import annotations

from functools import lru_cache

from mutualcommit.model import (
    Aggregation,
    AgreementStatus,
    ContributionKind,
    Period,
    Pillar,
    Role,
)

from ._context import Context

__all__ = [
    "aggregation_label",
    "kind_label",
    "per_label",
    "pillar_label",
    "role_label",
    "status_label",
    "unit_label",
]


def role_label(c: Context, role: Role) -> str:
    """Name a party's role."""
    if role is Role.VENDOR:
        return c.pgettext("role", "vendor")
    return c.pgettext("role", "partner")


def pillar_label(c: Context, pillar: Pillar | None) -> str:
    """Name a partner-lifecycle pillar (None: commitments without one)."""
    if pillar is None:
        return c.pgettext("pillar", "Other commitments")
    return _pillars(c)[pillar]


@lru_cache(maxsize=64)
def _pillars(c: Context) -> dict[Pillar, str]:
    return {
        Pillar.STRATEGIZE: c.pgettext("pillar", "Strategize"),
        Pillar.RECRUIT: c.pgettext("pillar", "Recruit"),
        Pillar.ONBOARD: c.pgettext("pillar", "Onboard"),
        Pillar.ENABLE: c.pgettext("pillar", "Enable"),
        Pillar.MARKET: c.pgettext("pillar", "Market"),
        Pillar.SELL: c.pgettext("pillar", "Sell"),
        Pillar.INCENTIVIZE: c.pgettext("pillar", "Incentivize"),
        Pillar.ACCELERATE: c.pgettext("pillar", "Accelerate"),
    }


def kind_label(c: Context, kind: ContributionKind) -> str:
    """Name a kind of contribution."""
    return _kinds(c)[kind]


@lru_cache(maxsize=64)
def _kinds(c: Context) -> dict[ContributionKind, str]:
    return {
        ContributionKind.ENABLEMENT_TRAINING: c.pgettext("kind", "enablement training"),
        ContributionKind.CERTIFICATION: c.pgettext("kind", "certification"),
        ContributionKind.MARKETING_FUNDS: c.pgettext("kind", "marketing funds"),
        ContributionKind.THROUGH_CHANNEL_MARKETING: c.pgettext(
            "kind", "through-channel marketing"
        ),
        ContributionKind.CO_SELLING: c.pgettext("kind", "co-selling"),
        ContributionKind.DEAL_REGISTRATION: c.pgettext("kind", "deal registration"),
        ContributionKind.DEMAND_GENERATION: c.pgettext("kind", "demand generation"),
        ContributionKind.ACCOUNT_PLANNING: c.pgettext("kind", "account planning"),
        ContributionKind.INVENTORY_FORECASTING: c.pgettext(
            "kind", "inventory forecasting"
        ),
        ContributionKind.DELIVERY_COMMITMENT: c.pgettext("kind", "delivery commitment"),
        ContributionKind.PRODUCT_FEEDBACK: c.pgettext("kind", "product feedback"),
        ContributionKind.SOLUTION_BUNDLING: c.pgettext("kind", "solution bundling"),
        ContributionKind.MARKET_EXPANSION: c.pgettext("kind", "market expansion"),
        ContributionKind.DEDICATED_STAFF: c.pgettext("kind", "dedicated staff"),
        ContributionKind.OTHER: c.pgettext("kind", "other"),
    }


def aggregation_label(c: Context, aggregation: Aggregation) -> str:
    """Name how a metric's observations add up."""
    return _aggregations(c)[aggregation]


@lru_cache(maxsize=64)
def _aggregations(c: Context) -> dict[Aggregation, str]:
    return {
        Aggregation.SUM: c.pgettext("aggregation", "sum of the values"),
        Aggregation.COUNT: c.pgettext("aggregation", "number of records"),
        Aggregation.LAST: c.pgettext("aggregation", "latest value"),
        Aggregation.MEAN: c.pgettext("aggregation", "average"),
        Aggregation.MIN: c.pgettext("aggregation", "lowest value"),
        Aggregation.MAX: c.pgettext("aggregation", "highest value"),
        Aggregation.RATIO: c.pgettext("aggregation", "ratio"),
        Aggregation.PERCENTILE: c.pgettext("aggregation", "percentile"),
        Aggregation.OTIF: c.pgettext("aggregation", "on time in full"),
        Aggregation.LEAD_TIME: c.pgettext("aggregation", "lead time"),
        Aggregation.WMAPE: c.pgettext("aggregation", "WMAPE"),
        Aggregation.FORECAST_ACCURACY: c.pgettext("aggregation", "forecast accuracy"),
        Aggregation.FORECAST_BIAS: c.pgettext("aggregation", "forecast bias"),
        Aggregation.TRACKING_SIGNAL: c.pgettext("aggregation", "tracking signal"),
    }


def unit_label(c: Context, unit: str) -> str:
    """Name a unit: a currency by its name and code, or a plain unit."""
    labels = _units(c)
    if unit in labels:
        return labels[unit]
    name = c.fmt.currency_name(unit)
    return unit if name == unit else f"{name} ({unit})"


@lru_cache(maxsize=64)
def _units(c: Context) -> dict[str, str]:
    return {
        "count": c.pgettext("unit", "count"),
        "percent": c.pgettext("unit", "percent"),
        "fte": c.pgettext("unit", "full-time equivalents"),
        "hour": c.pgettext("unit", "hours"),
        "day": c.pgettext("unit", "days"),
    }


def per_label(c: Context, per: Period) -> str:
    """Say how often an allocation recurs."""
    return _pers(c)[per]


@lru_cache(maxsize=64)
def _pers(c: Context) -> dict[Period, str]:
    return {
        Period.TERM: c.pgettext("allocation", "once for the term"),
        Period.MONTH: c.pgettext("allocation", "each fiscal month"),
        Period.QUARTER: c.pgettext("allocation", "each fiscal quarter"),
        Period.YEAR: c.pgettext("allocation", "each fiscal year"),
        Period.WEEK: c.pgettext("allocation", "each week"),
    }


def status_label(c: Context, status: AgreementStatus) -> str:
    """Name an agreement's status."""
    labels = {
        AgreementStatus.DRAFT: c.pgettext("status", "draft"),
        AgreementStatus.PARTIALLY_SIGNED: c.pgettext("status", "partially signed"),
        AgreementStatus.SIGNED: c.pgettext("status", "signed"),
        AgreementStatus.ACTIVE: c.pgettext("status", "active"),
        AgreementStatus.EXPIRED: c.pgettext("status", "expired"),
    }
    return labels[status]
