"""How a computed metric reads: what it is computed from, in the reader's language."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal

from mutualcommit.model import Aggregation, Metric, Period

from ._context import Context
from ._words import N_, in_sentence, where_words

__all__ = ["measure_words", "unmatched_words"]

_A = Aggregation

_FORECAST_SENTENCES = {
    _A.WMAPE: N_(
        "weighted mean absolute percentage error of {forecast} against "
        "{actual}; lag: {lag}, bucket: {bucket}"
    ),
    _A.FORECAST_ACCURACY: N_(
        "forecast accuracy (1 - WMAPE) of {forecast} against {actual}; "
        "lag: {lag}, bucket: {bucket}"
    ),
    _A.FORECAST_BIAS: N_(
        "bias of {forecast} against {actual}; lag: {lag}, bucket: {bucket}"
    ),
    _A.TRACKING_SIGNAL: N_(
        "tracking signal of {forecast} against {actual}; lag: {lag}, bucket: {bucket}"
    ),
}


def _bucket(c: Context, period: Period | None) -> str:
    labels = {
        Period.WEEK: c.pgettext("bucket", "week"),
        Period.MONTH: c.pgettext("bucket", "fiscal month"),
        Period.QUARTER: c.pgettext("bucket", "fiscal quarter"),
        Period.YEAR: c.pgettext("bucket", "fiscal year"),
    }
    return labels.get(period or Period.WEEK, labels[Period.WEEK])


def _side(c: Context, name: str, where: Mapping[str, str]) -> str:
    """Name a ratio's side with the records it selects, when it selects some."""
    if not where:
        return name
    # Translators: a ratio's numerator or denominator and the records it
    # selects: "Units shipped (counting only observations with region = west)".
    return c.pgettext(
        "ratio side",
        "{metric} ({selection})",
        metric=name,
        selection=where_words(c, where),
    )


def measure_words(
    c: Context,
    metric: Metric,
    metrics: Mapping[str, Metric],
    proper: Collection[str] = (),
) -> str | None:
    """Say what *metric* is computed from, or None for an observed metric.

    A ratio reads as a formula of its sides' names; in the other phrases
    ("orders (units ordered) delivered (units shipped) on time and in
    full") a side's name reads as a word inside the sentence (`in_sentence`).

    Args:
        c: The locale's context.
        metric: The metric.
        metrics: The agreement's metrics by id, for the names of its sides.
        proper: Proper names (the parties' words), kept capitalised when a
            side's name starts with one inside a sentence.
    """

    def name(metric_id: str | None) -> str:
        other = metrics.get(metric_id or "")
        return other.name if other is not None else str(metric_id)

    def word(metric_id: str | None) -> str:
        other = metrics.get(metric_id or "")
        if other is None:
            return str(metric_id)
        return in_sentence(c, other.name, proper)

    aggregation = metric.aggregation
    percentile = (
        None if metric.percentile is None else c.amount(metric.percentile, "count")
    )
    if aggregation is _A.RATIO:
        return c.gettext(
            "{numerator} ÷ {denominator}",
            numerator=_side(c, name(metric.numerator), metric.numerator_where),
            denominator=_side(c, name(metric.denominator), metric.denominator_where),
        )
    if aggregation is _A.PERCENTILE:
        return c.gettext(
            "percentile {percentile} (nearest rank)", percentile=percentile
        )
    if aggregation is _A.OTIF:
        return c.ngettext(
            "orders ({orders}) delivered ({deliveries}) on time and in full, "
            "{days} day's grace",
            "orders ({orders}) delivered ({deliveries}) on time and in full, "
            "{days} days' grace",
            metric.grace_days,
            orders=word(metric.orders),
            deliveries=word(metric.deliveries),
            days=c.fmt.number(Decimal(metric.grace_days)),
        )
    if aggregation is _A.LEAD_TIME:
        parts = {"orders": word(metric.orders), "deliveries": word(metric.deliveries)}
        if percentile is None:
            return c.gettext(
                "mean days from order ({orders}) to full delivery ({deliveries})",
                **parts,
            )
        return c.gettext(
            "percentile {percentile} of the days from order ({orders}) to full "
            "delivery ({deliveries})",
            percentile=percentile,
            **parts,
        )
    if aggregation.is_forecast:
        return c.gettext(
            _FORECAST_SENTENCES[aggregation],
            forecast=word(metric.forecast),
            actual=word(metric.actual),
            lag=str(metric.lag),
            bucket=_bucket(c, metric.bucket),
        )
    return None


def unmatched_words(c: Context, details: Mapping[str, int]) -> str | None:
    """Say what found no partner, or None when everything did.

    For OTIF and lead time, the deliveries that name no order; for a
    forecast measure, the forecasts and the actuals left unpaired.
    """
    deliveries = details.get("deliveries_without_order", 0)
    if deliveries:
        return c.ngettext(
            "{n} delivery without an order",
            "{n} deliveries without an order",
            deliveries,
            n=c.fmt.number(Decimal(deliveries)),
        )
    forecasts = details.get("forecasts_without_actual", 0)
    actuals = details.get("actuals_without_forecast", 0)
    if not forecasts and not actuals:
        return None
    return c.pgettext(
        "unmatched",
        "{forecasts}, {actuals}",
        forecasts=c.ngettext(
            "{n} forecast without an actual",
            "{n} forecasts without an actual",
            forecasts,
            n=c.fmt.number(Decimal(forecasts)),
        ),
        actuals=c.ngettext(
            "{n} actual without a forecast",
            "{n} actuals without a forecast",
            actuals,
            n=c.fmt.number(Decimal(actuals)),
        ),
    )
