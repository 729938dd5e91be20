"""The past a projection starts from: observed run rates, shares, time and money.

Lengths of time are *exposures*: a stretch of days measured in periods (a
fiscal quarter of 92 days is 1 quarter; its first 46 days are 0.5). Money is
spread over its period's days as rule MC204 spreads it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from functools import lru_cache

from mutualcommit.calendar import windows
from mutualcommit.kpi import ObservationIndex
from mutualcommit.model import Aggregation, Agreement, FiscalCalendar, Period

from ._assumptions import Distribution, Fixed, Poisson, Triangular

__all__ = [
    "SHORT_HISTORY_DAYS",
    "Term",
    "exposure",
    "funding",
    "observed_rate",
    "observed_share",
]

#: A symmetric triangle of half-width sqrt(6) s has the standard deviation s.
_SQRT6 = math.sqrt(6)
#: The observed spread of a flow or a mean comes from stretches this long.
_CHUNK_DAYS = 30
#: A history too short for two of those is cut into stretches this long,
#: so that a short history still shows how much it varies.
_SHORT_CHUNK_DAYS = 7
#: A history shorter than this holds fewer than two ~30-day stretches: the
#: rate it gives is less certain than its spread (or its lack of one) says.
SHORT_HISTORY_DAYS = 2 * _CHUNK_DAYS
#: The default spread of a rate is the one a quarter's sum (a level: a
#: quarter's mean) would have, whatever the period the rates are per: a
#: level has no unit of time, and a flow's rate per month is a third of its
#: rate per quarter, spread and all.
_REFERENCE = Period.QUARTER


class Term:
    """An agreement's term and fiscal calendar: what exposures are measured in."""

    __slots__ = ("calendar", "end", "start")

    def __init__(self, agreement: Agreement) -> None:
        self.calendar = agreement.fiscal_calendar
        self.start = agreement.start
        self.end = agreement.end

    def exposure(self, per: Period, start: dt.date, end: dt.date) -> float:
        """Return the length of ``[start, end]`` in *per* periods (0 when empty)."""
        return exposure(self.calendar, self.start, self.end, per, start, end)


@lru_cache(maxsize=4096)
def exposure(
    calendar: FiscalCalendar,
    term_start: dt.date,
    term_end: dt.date,
    per: Period,
    start: dt.date,
    end: dt.date,
) -> float:
    """Return the length of ``[start, end]`` in *per* periods.

    A fiscal period counts its whole length, even where the term clips it;
    `Period.TERM` measures in terms.
    """
    if start > end:
        return 0.0
    if per is Period.TERM:
        return ((end - start).days + 1) / ((term_end - term_start).days + 1)
    return sum(w.days / w.period_days for w in windows(calendar, per, start, end))


def funding(
    agreement: Agreement | None,
    contribution: str,
    start: dt.date,
    end: dt.date,
    utilisation: Mapping[str, float] | None = None,
) -> float:
    """Return what *agreement* spends on *contribution* in ``[start, end]``.

    Only allocations in the agreement's currency count; an allocation of
    period *per* spreads its amount evenly over the days of each *per*
    period (TERM: the term), and only the days inside the term count. A
    fund's amount is scaled by its *utilisation* (allocation id → share).
    """
    if agreement is None:
        return 0.0
    first = max(start, agreement.start)
    last = min(end, agreement.end)
    if first > last:
        return 0.0
    term = Term(agreement)
    total = 0.0
    for allocation in agreement.allocations:
        if (
            allocation.contribution == contribution
            and allocation.amount.unit == agreement.currency
        ):
            share = 1.0
            if utilisation and allocation.fund is not None:
                share = utilisation.get(allocation.id, 1.0)
            total += (
                float(allocation.amount.amount)
                * share
                * term.exposure(allocation.per, first, last)
            )
    return total


def _chunks(since: dt.date, as_of: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Cut ``[since, as_of]`` into stretches of near-equal length.

    About 30 days each; a history too short for two of them (under 60
    days), about 7 days each; one under 14 days is one stretch (and gives
    no spread).
    """
    days = (as_of - since).days + 1
    chunk = _CHUNK_DAYS if days >= SHORT_HISTORY_DAYS else _SHORT_CHUNK_DAYS
    count = max(1, days // chunk)
    bounds = [since + dt.timedelta(days=i * days // count) for i in range(count + 1)]
    return [(bounds[i], bounds[i + 1] - dt.timedelta(days=1)) for i in range(count)]


def _actual(
    index: ObservationIndex,
    metric: str,
    where: Mapping[str, str],
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
) -> float | None:
    value = index.actual(metric, start, end, as_of=as_of, where=where)
    return None if value is None else float(value)


def observed_share(
    index: ObservationIndex,
    metric: str,
    where: Mapping[str, str],
    *,
    since: dt.date | None,
    as_of: dt.date,
) -> float:
    """Return the share of a flow *metric* that *where* selected since *since*.

    1 without a filter, without history, or when the whole is not positive.
    """
    if not where or since is None:
        return 1.0
    part = _actual(index, metric, where, since, as_of, as_of) or 0.0
    whole = _actual(index, metric, {}, since, as_of, as_of) or 0.0
    if whole <= 0:
        return 1.0
    return max(0.0, part / whole)


def observed_rate(
    index: ObservationIndex,
    metric: str,
    aggregation: Aggregation,
    where: Mapping[str, str],
    *,
    term: Term,
    per: Period,
    since: dt.date | None,
    as_of: dt.date,
) -> Distribution | None:
    """Return the rate the observations of ``[since, as_of]`` suggest, or None.

    - COUNT: a `Poisson` rate of the count per period.
    - SUM: a `Triangular` rate centred on the sum per period, as wide as
      the ~30-day sums vary (a symmetric triangle with the standard
      deviation of a quarter's sum, written per *per* period), cut at 0
      when nothing was negative, keeping the rate as its mean.
    - LAST: the `Fixed` change of the level per period.
    - MEAN, a percentile and the computed measures (a ratio, OTIF, lead
      time, the forecast measures): a `Triangular` level centred on the
      value over the lookback, as wide as the ~30-day values vary (scaled
      to a quarter's mean, whatever *per*), cut at 0 as a SUM's when no
      value was negative.
    - MIN and MAX: the `Fixed` minimum or maximum.

    A history under 60 days (`SHORT_HISTORY_DAYS`) has fewer than two
    ~30-day stretches: its spread comes from ~7-day ones, and under 14 days
    there is none (a `Fixed` rate; a flow's or a level's triangle needs two
    stretches).

    None when there is no history (*since* is None or after *as_of*) or a
    level has no reading.
    """
    if since is None or since > as_of:
        return None
    length = term.exposure(per, since, as_of)
    if aggregation is Aggregation.COUNT:
        count = _actual(index, metric, where, since, as_of, as_of) or 0.0
        return Poisson(count / length)
    if aggregation is Aggregation.SUM:
        return _flow_rate(index, metric, where, term, since, as_of, length)
    if aggregation is Aggregation.LAST:
        now = _actual(index, metric, where, since, as_of, as_of)
        if now is None:
            return None
        before = _actual(index, metric, where, since, since, as_of)
        return Fixed(0.0 if before is None else (now - before) / length)
    if aggregation is Aggregation.MIN or aggregation is Aggregation.MAX:
        level = _actual(index, metric, where, since, as_of, as_of)
        return None if level is None else Fixed(level)
    return _mean_level(index, metric, where, term, since, as_of)


def _flow_rate(
    index: ObservationIndex,
    metric: str,
    where: Mapping[str, str],
    term: Term,
    since: dt.date,
    as_of: dt.date,
    length: float,
) -> Distribution:
    total = _actual(index, metric, where, since, as_of, as_of) or 0.0
    rate = total / length
    sums: list[float] = []
    lengths: list[float] = []
    for start, end in _chunks(since, as_of):
        sums.append(_actual(index, metric, where, start, end, as_of) or 0.0)
        lengths.append(term.exposure(_REFERENCE, start, end))
    if len(sums) < 2:  # noqa: PLR2004 - a spread needs two stretches
        return Fixed(rate)
    # Measured in quarters, then written per *per*: the same spread of the
    # same data whatever the period (a rate per month is a third of one per
    # quarter, its spread too).
    quarters = term.exposure(_REFERENCE, since, as_of)
    quarterly = total / quarters
    # Independent increments: a stretch of e quarters has the variance e s^2.
    variance = sum(
        e * (s / e - quarterly) ** 2 for s, e in zip(sums, lengths, strict=True) if e
    ) / (len(sums) - 1)
    spread = _SQRT6 * math.sqrt(variance) * quarters / length
    if not spread:
        return Fixed(rate)
    return _triangle(rate, spread, floor=min(sums) >= 0)


def _mean_level(
    index: ObservationIndex,
    metric: str,
    where: Mapping[str, str],
    term: Term,
    since: dt.date,
    as_of: dt.date,
) -> Distribution | None:
    level = _actual(index, metric, where, since, as_of, as_of)
    if level is None:
        return None
    means: list[float] = []
    lengths: list[float] = []
    for start, end in _chunks(since, as_of):
        mean = _actual(index, metric, where, start, end, as_of)
        if mean is not None:
            means.append(mean)
            lengths.append(term.exposure(_REFERENCE, start, end))
    if len(means) < 2:  # noqa: PLR2004 - a spread needs two stretches
        return Fixed(level)
    centre = sum(means) / len(means)
    variance = sum((m - centre) ** 2 for m in means) / (len(means) - 1)
    # The mean over a quarter varies less than over a ~30-day stretch; a
    # level has no unit of time, so the quarter holds whatever the per.
    spread = _SQRT6 * math.sqrt(variance * sum(lengths) / len(lengths))
    if not spread:
        return Fixed(level)
    # As a flow's: a level never below 0 (days, a share) is not drawn so.
    return _triangle(level, spread, floor=min(means) >= 0)


def _triangle(centre: float, spread: float, *, floor: bool) -> Distribution:
    """Return the triangle centred on *centre*, *spread* wide either side.

    With *floor* (nothing observed was negative) a triangle reaching below
    0 starts at 0 instead and keeps *centre* as its mean: it keeps its high
    and its mode comes down to ``3 centre - high``; past ``2 centre`` of
    spread the mode would fall below 0, so the triangle is ``(0, 0, 3
    centre)``. Raising the low end to 0 alone would move the mean up by a
    third of what it cut off: a lumpy flow's projection would run above
    its observed rate.
    """
    low = centre - spread
    high = centre + spread
    if not floor or low >= 0:
        return Triangular(low, centre, high)
    if centre <= 0:
        return Fixed(0.0)  # nothing above 0 to spread over
    mode = 3 * centre - high
    if mode < 0:
        return Triangular(0.0, 0.0, 3 * centre)
    return Triangular(0.0, mode, high)
