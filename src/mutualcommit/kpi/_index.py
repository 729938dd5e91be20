"""The observation index: a log read once, evaluated at any ``as_of``.

Per metric and ``where`` filter the standing records are sorted by day (then
input order) with prefix sums, so a window's actual at any ``as_of`` is two
bisections and a subtraction, not a rescan. The windows of every target are
cut once too, and a window that has closed (or not yet started) evaluates
the same at every later (or earlier) ``as_of``, so it is evaluated once.
"""

from __future__ import annotations

import datetime as dt
import decimal
import operator
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate, compress, repeat
from typing import Any, cast

import attrs

from mutualcommit.errors import (
    ArgumentError,
    InvalidObservationsError,
    NotFoundError,
    also_type_error,
)
from mutualcommit.model import (
    Aggregation,
    Agreement,
    Direction,
    FrozenDict,
    Observation,
    Target,
    decimal_context,
)
from mutualcommit.model._arguments import (
    as_agreement,
    as_day,
    as_log,
    as_observations,
    as_selection,
)
from mutualcommit.model._shown import no_such

from ._exact import EXACT
from ._incentives import incentive_results
from ._lookups import Same
from ._measures import (
    NO_DETAILS,
    Measure,
    measure_columns_ok,
    measure_log_problems,
    measure_series,
    parsed_column,
)
from ._observations import Columns, PlainColumns, standing_columns
from ._pacing import (
    DEFAULT_BANDS,
    Bands,
    breaks_early,
    closed_window,
    evaluate_window,
    open_window,
    settles_early,
)
from ._remedies import remedy_results
from ._results import Standing, TargetResult, WindowResult
from ._scorecard import Scorecard, weighted_attainment
from ._selections import grouped_rows, pair_rows
from ._windows import TargetWindow, target_windows

__all__ = ["ObservationIndex", "log_problems"]

_ZERO = Decimal(0)
#: Sums are exact (see `EXACT`); results are rounded once, to the library's
#: context, when they leave the index.
_EXACT = EXACT

#: The library's context, built once: ``localcontext`` runs in a copy of it.
_CONTEXT = decimal_context()
_new = object.__new__
_set = object.__setattr__

_Where = frozenset[tuple[str, str]]
_MET = Standing.MET
_MISSED = Standing.MISSED
#: `_Series.first_negative` of a series without a negative record.
_NEVER = dt.date.max


def _selected(dims: list[Mapping[str, str]], selector: _Where) -> list[bool]:
    """Return, per record, whether its *dims* hold every pair of *selector*."""
    if len(selector) == 1 and set(map(type, dims)) <= {FrozenDict}:
        # The common filter, one pair (a party, a region): a comprehension
        # over the plain dicts runs faster than a chain of maps.
        ((name, wanted),) = selector
        frozen = cast("list[FrozenDict[str, str]]", dims)
        return [d._data.get(name) == wanted for d in frozen]  # noqa: SLF001
    return [all(d.get(k) == v for k, v in selector) for d in dims]


#: The method of `_Series` that aggregates each plain aggregation.
_ACTUALS = {
    Aggregation.SUM: "_sum",
    Aggregation.COUNT: "_count",
    Aggregation.LAST: "_last",
    Aggregation.MEAN: "_mean",
    Aggregation.MIN: "_min",
    Aggregation.MAX: "_max",
}


def _selected_by_column(
    columns: Mapping[str, Columns], metric: str, selector: _Where
) -> list[bool]:
    """`_selected` for one pair, from the dimension's column parsed once per log.

    The computed measures read the same parsed columns (the item or region
    of a metric's records), so the records' dims are read once for all.
    """
    ((name, wanted),) = selector
    return list(map(operator.eq, parsed_column(columns, metric, name), repeat(wanted)))


class _Series:
    """The standing records of one metric that one ``where`` selects, by day.

    ``actual(start, end, as_of)`` aggregates the records of ``[start,
    min(end, as_of)]`` (LAST: the latest up to ``min(end, as_of)``). It runs
    in the caller's decimal context, which the index sets to the library's.
    """

    __slots__ = (
        "actual",
        "aggregation",
        "by_day",
        "dates",
        "negative",
        "prefix",
        "values",
    )

    def __init__(
        self,
        dates: list[dt.date],
        values: list[Decimal],
        aggregation: Aggregation,
        *,
        by_day: bool = True,
    ) -> None:
        # By day, a day's records in input order (LAST ties); never mutated.
        self.aggregation = aggregation
        self.dates = dates
        self.values = values
        self.by_day = by_day
        # SUM and MEAN: the running sums, made as windows ask (see `_sums`).
        self.prefix: list[Decimal] | dict[int, Decimal] | None = None
        # The day of the first negative record, found when first asked.
        self.negative: dt.date | None = None
        # One bound method, not a table of six: an index builds a series
        # per metric and filter.
        self.actual: Callable[[dt.date, dt.date, dt.date], Decimal | None] = getattr(
            self, _ACTUALS[aggregation]
        )

    def _sums(self, i: int, j: int) -> tuple[Decimal, Decimal]:
        """Return the exact sums of ``values[:i]`` and ``values[:j]``, from the running sums.

        The running sums are made as far as the first window asked reaches
        (one evaluation asks once per target), and to the end when a window
        beyond asks: ``prefix[k]`` is the exact sum of ``values[:k]``, the
        same whichever call made it. Crowded days take theirs a day at a
        time, at once (see `_day_prefix_sums`).
        """
        prefix = self.prefix
        if prefix is None:
            if self.by_day:
                crowded = _day_prefix_sums(self.dates, self.values)
                if crowded is not None:
                    self.prefix = crowded
                    return crowded[i], crowded[j]
            prefix = self.prefix = _running_sums(self.values[:j], _ZERO)
        elif type(prefix) is list and j >= len(prefix):
            # A new list, never extended in place: another thread reading
            # the old one sees it whole.
            made = len(prefix) - 1
            more = _running_sums(self.values[made:], prefix[made])
            prefix = self.prefix = [*prefix, *more[1:]]
        return prefix[i], prefix[j]

    def first_negative(self) -> dt.date:
        """Return the day of the first negative record, or `datetime.date.max` if none.

        Until that day a SUM only grows as records are added; from it on the
        records have shown they can take a sum back (refunds, credit notes),
        so a window is no longer settled before it closes (see
        `settles_early`). Found once, the first time a window of the series
        is met or missed while open, at C speed: most series have no
        negative record, which one ``min`` tells.
        """
        negative = self.negative
        if negative is None:
            values = self.values
            if not values or min(values) >= _ZERO:
                negative = _NEVER
            else:
                first = list(map(_ZERO.__gt__, values)).index(True)
                negative = self.dates[first]
            self.negative = negative
        return negative

    def _slice(self, start: dt.date, end: dt.date, as_of: dt.date) -> tuple[int, int]:
        upper = as_of if as_of < end else end  # noqa: FURB136 - min() costs a call
        if upper < start:
            return 0, 0
        i = bisect_left(self.dates, start)
        return i, bisect_right(self.dates, upper, lo=i)

    def _count(self, start: dt.date, end: dt.date, as_of: dt.date) -> Decimal:
        # _slice, inlined: once per window per as_of.
        upper = as_of if as_of < end else end  # noqa: FURB136
        if upper < start:
            return Decimal(0)
        dates = self.dates
        i = bisect_left(dates, start)
        return Decimal(bisect_right(dates, upper, i) - i)

    def _sum(self, start: dt.date, end: dt.date, as_of: dt.date) -> Decimal:
        # _slice, inlined: the commonest series, once per window per as_of.
        upper = as_of if as_of < end else end  # noqa: FURB136
        if upper < start:
            return _ZERO
        dates = self.dates
        i = bisect_left(dates, start)
        j = bisect_right(dates, upper, i)
        if j == i:
            return _ZERO
        # Both sums are exact: one subtraction rounds the window's once.
        head, total = self._sums(i, j)
        return total - head

    def total(self, start: dt.date, end: dt.date, as_of: dt.date) -> Decimal:
        """Return a SUM's exact sum, or a COUNT's count, of ``[start, min(end, as_of)]``.

        Not rounded to the library's context: a ratio divides one side's by
        the other's and rounds once.
        """
        if self.aggregation is not Aggregation.SUM:
            return self._count(start, end, as_of)
        i, j = self._slice(start, end, as_of)
        if j == i:
            return _ZERO
        head, total = self._sums(i, j)
        return _EXACT.subtract(total, head)

    def _mean(self, start: dt.date, end: dt.date, as_of: dt.date) -> Decimal | None:
        i, j = self._slice(start, end, as_of)
        if j == i:
            return None
        head, total = self._sums(i, j)
        return _EXACT.subtract(total, head) / (j - i)

    def _min(self, start: dt.date, end: dt.date, as_of: dt.date) -> Decimal | None:
        i, j = self._slice(start, end, as_of)
        return min(self.values[i:j]) if j > i else None

    def _max(self, start: dt.date, end: dt.date, as_of: dt.date) -> Decimal | None:
        i, j = self._slice(start, end, as_of)
        return max(self.values[i:j]) if j > i else None

    def _last(self, start: dt.date, end: dt.date, as_of: dt.date) -> Decimal | None:
        del start  # a level persists: the latest reading counts, even from before
        j = bisect_right(self.dates, as_of if as_of < end else end)  # noqa: FURB136
        return self.values[j - 1] if j else None


def _running_sums(values: list[Decimal], start: Decimal) -> list[Decimal]:
    """Return *start*, then *start* plus each running sum of *values*, exactly.

    Decimal's + in the exact context: about half the cost of calling
    ``_EXACT.add`` per record, with the same results.
    """
    with decimal.localcontext(_EXACT):
        return list(accumulate(values, operator.add, initial=start))


def _day_prefix_sums(
    dates: list[dt.date], values: list[Decimal]
) -> dict[int, Decimal] | None:
    """Return the running sums of *values* where a day's records end, when days are crowded.

    ``prefix[k]`` is the exact sum of ``values[:k]``. A window reads it only
    where a day's records start or end (its bisections land there), so when
    the days hold several records each the sums are taken a day at a time
    (summed in C, one add per record as a running sum makes them, in the
    same order) and kept at those positions only. None when the days hold
    about one record each: the plain running sums serve then.
    """
    count = len(values)
    most = count // 8
    # More distinct days among evenly spaced records than `most` means
    # more in all: the bisections below would give up, so skip them (a
    # weekly log's days are all distinct).
    if len(set(dates[:: max(1, count // (most + 1))])) > most:
        return None
    # Where each day's records end, found by bisection while days are few.
    ends: list[int] = []
    end = 0
    while end < count:
        end = bisect_right(dates, dates[end], end)
        ends.append(end)
        if len(ends) > most:
            return None
    prefix = {0: _ZERO}
    total = _ZERO
    start = 0
    with decimal.localcontext(_EXACT):
        for end in ends:
            total = sum(values[start:end], total)
            prefix[end] = total
            start = end
    return prefix


class _Frame:
    """What a target's plan keeps whatever the log.

    Its windows, their starts, what the target and its metric's aggregation
    make of a window's evaluation, and the results of a plain metric's
    windows not yet started (filled by the plans, see `_Plan`).
    """

    __slots__ = (
        "at_least",
        "baseline",
        "breaks",
        "flow",
        "last",
        "pending",
        "settles",
        "signed",
        "starts",
        "suffixes",
        "windows",
    )

    def __init__(
        self, target: Target, aggregation: Aggregation, agreement: Agreement
    ) -> None:
        self.windows = windows = target_windows(agreement, target, aggregation)
        self.starts = [window.start for window in windows]
        self.baseline = target.baseline
        self.flow = aggregation.is_flow
        self.last = aggregation is Aggregation.LAST
        self.at_least = target.direction is Direction.AT_LEAST
        self.settles = settles_early(aggregation, target.direction)
        self.breaks = breaks_early(aggregation, target.direction)
        # A SUM's records may be negative: it settles (or breaks) early only
        # for a target above 0, while those it reads have shown none (see
        # `_Plan.unsettled`).
        self.signed = aggregation is Aggregation.SUM
        self.pending: dict[int, WindowResult] = {}
        self.suffixes: dict[int, tuple[WindowResult, ...]] = {}


# The frames of the agreements evaluated last, by identity: an agreement
# evaluated again (another log, another day) reuses its windows and the
# results of its windows not yet started. Bounded; the cache holds the
# agreement, so its id is not reused while it is a key. Its values are only
# ever filled with equal results: threads need no lock, callers see nothing.
@lru_cache(maxsize=32)
def _frames(same: Same) -> tuple[tuple[_Frame, ...], tuple[_Frame, ...]]:
    agreement = same.agreement
    aggregations = {metric.id: metric.aggregation for metric in agreement.metrics}

    def frame(target: Target) -> _Frame:
        aggregation = aggregations[target.metric]
        return _Frame(target, aggregation, agreement)

    return (
        tuple(frame(g.target) for g in agreement.goals if g.target is not None),
        tuple(frame(c.target) for c in agreement.contributions if c.target is not None),
    )


class _Plan:
    """A goal's or a contribution's target, with its windows and series.

    A window that has closed evaluates the same at every later ``as_of``, and
    one not yet started the same at every earlier one (LAST aside: its
    carried-forward actual moves), whatever the bands: their results, and
    the tuples of them before and after each current window, are kept.
    """

    __slots__ = (
        "actual",
        "at_least",
        "baseline",
        "breaks",
        "carried",
        "closed",
        "contribution",
        "details",
        "ended",
        "fast",
        "flow",
        "goal",
        "last",
        "party",
        "pending",
        "prefixes",
        "series",
        "settles",
        "signed",
        "starts",
        "suffixes",
        "target",
        "windows",
    )

    def __init__(
        self,
        *,
        goal: str | None,
        contribution: str | None,
        party: str | None,
        target: Target,
        frame: _Frame,
        series: _Series | Measure,
        plain: bool = False,
    ) -> None:
        self.goal = goal
        self.contribution = contribution
        self.party = party
        self.target = target
        self.windows = frame.windows
        self.starts = frame.starts
        self.series = series
        self.actual = series.actual
        self.baseline = frame.baseline
        self.flow = frame.flow
        self.last = frame.last
        self.at_least = frame.at_least
        self.settles = frame.settles
        self.breaks = frame.breaks
        # A SUM is settled (or broken) early only in a window whose target
        # is above 0, at an as_of before its first negative record (see
        # `unsettled`).
        self.signed = frame.signed and type(series) is _Series
        self.details = getattr(series, "details", None)
        # The fast paths (closed windows by closed_window) for a window with
        # no details; a log read record by record (plain columns) takes
        # their plain twins, evaluate_window, so the two can be compared.
        self.fast = self.details is None and not plain
        # Filled on demand; a key is only ever set to equal values (and the
        # list of closed results replaced, never extended), so threads
        # sharing an index need no lock.
        self.closed: list[WindowResult] = []
        self.prefixes: dict[int, tuple[WindowResult, ...]] = {}
        # The current window of an as_of after the term's end, by number.
        self.ended: dict[int, WindowResult] = {}
        # LAST: per current window, the reading carried forward and the
        # results of the windows after it that stand on it.
        self.carried: dict[int, tuple[Decimal | None, tuple[WindowResult, ...]]] = {}
        if type(series) is _Series and not self.last:
            # Before it starts, a plain metric's window reads no record
            # (SUM and COUNT 0, the others None): its result is the same
            # whatever the log, and is shared by every index of the agreement.
            self.pending = frame.pending
            self.suffixes = frame.suffixes
        else:
            self.pending = {}
            self.suffixes = {}

    def window(self, number: int, as_of: dt.date, bands: Bands) -> WindowResult:
        """Evaluate window *number* at *as_of* (in the library's context)."""
        window = self.windows[number]
        early = not (as_of < window.end and self.unsettled(window, as_of))
        result = evaluate_window(
            window,
            self.actual(window.start, window.end, as_of),
            self.flow,
            self.at_least,
            self.baseline,
            as_of,
            bands,
            self.settles and early,
            self.breaks and early,
        )
        if self.details is not None:
            # What the measure was computed from (pairs, orders), for the page.
            details = self.details(window.start, window.end, as_of)
            result = attrs.evolve(result, details=details or NO_DETAILS)
        return result

    def unsettled(self, window: TargetWindow, as_of: dt.date) -> bool:
        """Return whether a SUM's *window* is judged by pace until it closes, at *as_of*.

        A SUM's window is settled (met or missed before it closes) only
        while its records only add, which two things rule out:

        - its target is 0 or below: a loss limit, a break-even, a cut or
          at most 0 asks about records that may be negative (losses,
          credit notes) by their nature, so a sum at or past it before the
          window closes says nothing of those still to come;
        - the target's records have been negative by *as_of*: a refund or
          a credit note seen may come again, and take the sum back below,
          or bring it back within, its target. The target's own records
          are read (its ``where``): another selection's refunds change
          nothing of its sum; a record dated after *as_of* never counts.

        False for every other aggregation.
        """
        return self.signed and (
            window.target <= _ZERO
            or as_of >= cast("_Series", self.series).first_negative()
        )

    def closed_windows(self, count: int, bands: Bands) -> list[WindowResult]:
        """Return the first *count* windows (at least) as they stand once closed.

        A closed window's result depends on neither the day nor the bands:
        each is evaluated once, in window order.
        """
        done = self.closed
        if len(done) >= count:
            return done
        more = self._closing(len(done), count, bands)
        # A new list, never extended in place: another thread reading the
        # old one sees it whole.
        done = self.closed = [*done, *more]
        return done

    def _closing(self, first: int, stop: int, bands: Bands) -> list[WindowResult]:
        """Evaluate windows *first* to *stop* (exclusive) as they stand once closed."""
        windows = self.windows[first:stop]
        if self.fast:
            # closed_window, the fast twin of evaluate_window at the end.
            actual = self.actual
            flow = self.flow
            at_least = self.at_least
            baseline = self.baseline
            return [
                closed_window(
                    window,
                    actual(window.start, window.end, window.end),
                    flow,
                    at_least,
                    baseline,
                )
                for window in windows
            ]
        return [
            self.window(number, window.end, bands)
            for number, window in enumerate(windows, first)
        ]

    def pending_window(self, number: int, as_of: dt.date, bands: Bands) -> WindowResult:
        """Return window *number* as it stands before it starts (not for LAST)."""
        result = self.pending.get(number)
        if result is None:
            result = self.pending[number] = self.window(number, as_of, bands)
        return result

    def ended_window(self, number: int, bands: Bands) -> WindowResult:
        """Return window *number* as it stands once closed, alone.

        The current window of an ``as_of`` on or after its end (the term
        has ended): the same result as ``closed_windows(number + 1,
        bands)[number]`` without evaluating the windows before it.
        """
        done = self.closed
        if number < len(done):
            return done[number]
        result = self.ended.get(number)
        if result is None:
            (result,) = self._closing(number, number + 1, bands)
            self.ended[number] = result
        return result

    def windows_at(
        self, number: int, now: WindowResult, as_of: dt.date, bands: Bands
    ) -> tuple[WindowResult, ...]:
        """Return every window at *as_of*, when window *number* stands as *now*.

        What a `TargetResult` built by `results` reads the first time its
        ``windows`` are asked for: the windows before the current one as
        they closed, *now*, and those after it as they stand at *as_of*. A
        result may be read anywhere, so this enters the library's context
        itself, and only when something is left to evaluate: the results of
        a series' days share their windows before and after.
        """
        before = self.prefixes.get(number)
        after = self._kept_after(number, now)
        if before is None or after is None:
            with decimal.localcontext(_CONTEXT):
                if before is None:
                    before = self.prefixes[number] = tuple(
                        self.closed_windows(number, bands)[:number]
                    )
                if after is None:
                    after = self._after(number, now, as_of, bands)
        return (*before, now, *after)

    def last_closed_at(
        self, number: int, now: WindowResult, bands: Bands
    ) -> WindowResult | None:
        """Return the latest closed window, when window *number* stands as *now*.

        ``TargetResult.last_closed`` of a result whose windows are not read
        yet: the windows before the current one have all closed, and those
        after it have not started.
        """
        if now.closed:
            return now
        if not number:
            return None
        done = self.closed
        if len(done) < number:
            # As windows_at: the context entered only to evaluate.
            with decimal.localcontext(_CONTEXT):
                done = self.closed_windows(number, bands)
        return done[number - 1]

    def _kept_after(
        self, number: int, now: WindowResult
    ) -> tuple[WindowResult, ...] | None:
        """Return the windows after window *number* kept for *now*, or None."""
        if not self.last:
            return self.suffixes.get(number)
        # A level carried forward moves with as_of, even before a window: a
        # window not started stands on the latest reading, which is the open
        # current window's actual, and on nothing else. So its results are
        # kept while that reading is the same record's value (the plain path
        # evaluates them anew).
        kept = self.carried.get(number)
        if self.fast and kept is not None and kept[0] is now.actual:
            return kept[1]
        return None

    def _after(
        self, number: int, now: WindowResult, as_of: dt.date, bands: Bands
    ) -> tuple[WindowResult, ...]:
        """Evaluate and keep the windows after window *number* at *as_of* (see `windows_at`)."""
        later = range(number + 1, len(self.windows))
        if not self.last:
            after = self.suffixes[number] = tuple(
                self.pending_window(i, as_of, bands) for i in later
            )
            return after
        after = tuple(self.window(i, as_of, bands) for i in later)
        if self.fast and as_of < self.windows[number].end:
            self.carried[number] = (now.actual, after)
        return after

    def results(self, days: Iterable[dt.date], bands: Bands) -> list[TargetResult]:
        """Evaluate the current window at each of *days* (in the library's context).

        One result per day, in order: a series runs this loop once per
        target rather than a call per target per day. Each result's other
        windows are evaluated when its ``windows`` are first read (see
        `windows_at`): a scorecard's standings, attainment and tallies read
        the current windows alone.
        """
        windows = self.windows
        starts = self.starts
        ended = self.ended_window
        window = self.window
        goal = self.goal
        contribution = self.contribution
        party = self.party
        target = self.target
        details = self.details
        actual = self.actual
        flow = self.flow
        at_least = self.at_least
        baseline = self.baseline
        settles = self.settles
        breaks = self.breaks
        signed = self.signed
        fast = self.fast
        out: list[TargetResult] = []
        for as_of in days:
            # The current window: the last that started on or before as_of
            # (it contains as_of unless the term has ended), else the first.
            # Those before it have closed, those after it have not started.
            # (Bisecting from 1 makes it 0 before the first start.)
            current = bisect_right(starts, as_of, 1) - 1
            now_window = windows[current]
            if as_of >= now_window.end:
                now = ended(current, bands)
            elif fast and as_of >= now_window.start:
                # The window as_of is in: open_window, evaluate_window's fast twin.
                now = open_window(
                    now_window,
                    actual(now_window.start, now_window.end, as_of),
                    flow,
                    at_least,
                    baseline,
                    as_of,
                    bands,
                    settles,
                    breaks,
                )
                # Met or missed while open: settled early. A SUM's target
                # and first negative record are looked at only then, and
                # only the rare SUM they unsettle is evaluated again.
                standing = now.standing
                if (
                    signed
                    and (standing is _MET or standing is _MISSED)
                    and self.unsettled(now_window, as_of)
                ):
                    now = open_window(
                        now_window,
                        now.actual,
                        flow,
                        at_least,
                        baseline,
                        as_of,
                        bands,
                        False,  # noqa: FBT003 - positional, as above
                        False,  # noqa: FBT003
                    )
            elif details is None:
                # self.window(current, as_of, bands), inlined.
                early = not (
                    signed
                    and as_of >= now_window.start
                    and self.unsettled(now_window, as_of)
                )
                now = evaluate_window(
                    now_window,
                    actual(now_window.start, now_window.end, as_of),
                    flow,
                    at_least,
                    baseline,
                    as_of,
                    bands,
                    settles and early,
                    breaks and early,
                )
            else:
                now = window(current, as_of, bands)
            # TargetResult(...) by filling its __dict__, which is all its
            # __init__ does: this runs once per target per day. Its windows
            # are left for TargetResult to ask this plan for (``_later``).
            result: TargetResult = _new(TargetResult)
            _set(
                result,
                "__dict__",
                {
                    "goal": goal,
                    "contribution": contribution,
                    "party": party,
                    "target": target,
                    "current": now,
                    "_later": (self, current, as_of, bands),
                },
            )
            out.append(result)
        return out


def log_problems(
    agreement: Agreement,
    observations: Iterable[Observation],
    *,
    unsure: Callable[[Observation], bool] | None = None,
) -> list[tuple[str, str]]:
    """Return what `ObservationIndex` refuses in *observations*, by ``[index]``.

    Empty when the agreement can evaluate them. For a log some of whose
    records could not be read (the command line's log with a bad line),
    *unsure* tells the records whose standing those may change (they
    share a ref with one): what depends on which records stand, an order
    that an earlier one placed already, is not judged of them. What each
    record is alone (an unknown metric, an order without its due date) is
    judged of every record.

    Raises:
        TypeError: As `ObservationIndex`.
    """
    agreement = as_agreement("agreement", agreement)
    log = as_observations(observations)
    try:
        columns = standing_columns(agreement, log)
    except InvalidObservationsError as error:
        more = measure_log_problems(agreement, log, unsure=unsure)
        return [*error.problems, *more]
    if measure_columns_ok(agreement, columns):
        return []
    return measure_log_problems(agreement, log, unsure=unsure)


class ObservationIndex:
    """An agreement's observations, read once and indexed for evaluation.

    Build one per agreement and observation log, then evaluate it at as many
    ``as_of`` dates as needed: the log is validated, deduplicated and sorted
    once, and every window's actual is then a bisection. `evaluate` and
    `evaluate_series` use it; so does the rules layer, to read the
    targets as of each held review (MC304), each window evaluated once.

    The index never mutates its inputs. Its results are values: evaluating
    the same index twice at the same ``as_of`` gives equal scorecards. It
    pickles and copies, at any pickle protocol, as its agreement and its
    indexed log: what its evaluations cached is computed again where it is
    unpickled (a process pool's worker), on first use.

    Args:
        agreement: The agreement whose targets are evaluated.
        observations: The log, in input order (any iterable; it is read
            once).

    Raises:
        InvalidObservationsError: When an observation records an unknown
            metric, has value None without a ref, or is malformed; every
            offending observation is listed with its ``[index]``.
        TypeError: When *agreement* is not an `Agreement`, or
            *observations* is text, a path, a mapping or not iterable (read
            a file with `load_observations` first).

    Example:
        >>> index = ObservationIndex(agreement, observations)  # doctest: +SKIP
        >>> [card.overall_attainment for card in index.series(mondays)]  # doctest: +SKIP
    """

    __slots__ = (
        "_agreement",
        "_columns",
        "_memo",
        "_metrics",
        "_plans",
        "_series",
        "_weights",
    )

    def __init__(
        self, agreement: Agreement, observations: Iterable[Observation]
    ) -> None:
        self._agreement = agreement = as_agreement("agreement", agreement)
        self._metrics = {metric.id: metric for metric in agreement.metrics}
        log = as_observations(observations)
        # The records computed measures read are checked too, every problem
        # listed at once with the others; the log is scanned for positions
        # only when something is wrong.
        try:
            self._columns: dict[str, Columns] = standing_columns(agreement, log)
        except InvalidObservationsError as error:
            more = measure_log_problems(agreement, log)
            # Its class: a TypeError too when a record is no Observation.
            raise type(error)([*error.problems, *more]) from None
        if not measure_columns_ok(agreement, self._columns):
            problems = measure_log_problems(agreement, log)
            if problems:
                raise InvalidObservationsError(problems)
        self._memo: dict[object, object] = {}
        self._series: dict[tuple[str, _Where], _Series | Measure] = {}
        self._plans: tuple[tuple[_Plan, ...], tuple[_Plan, ...]] | None = None
        self._weights = {goal.id: goal.weight for goal in agreement.goals}

    def __getstate__(self) -> dict[str, object]:
        # The agreement and the indexed log, not what evaluations cached
        # (computed again where it is unpickled, as on first use): a smaller
        # pickle, and one every protocol writes (0 and 1 refuse a slotted
        # class that says nothing of its state).
        return {"agreement": self._agreement, "columns": self._columns}

    def __setstate__(self, state: dict[str, Any]) -> None:
        agreement: Agreement = state["agreement"]
        self._agreement = agreement
        self._metrics = {metric.id: metric for metric in agreement.metrics}
        self._columns = state["columns"]
        self._memo = {}
        self._series = {}
        self._plans = None
        self._weights = {goal.id: goal.weight for goal in agreement.goals}

    @property
    def agreement(self) -> Agreement:
        """The agreement the index evaluates."""
        return self._agreement

    def evaluate(self, *, as_of: dt.date, bands: Bands = DEFAULT_BANDS) -> Scorecard:
        """Evaluate every goal and contribution with a target at the end of day *as_of*.

        Args:
            as_of: The day evaluated (its end).
            bands: The thresholds that turn an open window's pace into a
                standing (see `Bands`).

        Returns:
            The scorecard.

        Raises:
            TypeError: When *as_of* is not a `datetime.date` (a datetime is
                not one here) or *bands* is not a `Bands`.
        """
        return self._evaluate(as_day("as_of", as_of), _bands(bands))

    def series(
        self, as_of_dates: Iterable[dt.date], *, bands: Bands = DEFAULT_BANDS
    ) -> tuple[Scorecard, ...]:
        """Evaluate at each of *as_of_dates*, in the order given.

        Each scorecard equals ``self.evaluate(as_of=day, bands=bands)``.
        """
        checked = _bands(bands)
        dates = as_log("as_of_dates", as_of_dates, record="datetime.date")
        days = [as_day(f"as_of_dates[{i}]", day) for i, day in enumerate(dates)]
        return tuple(self._evaluate_all(days, checked))

    def _histories(
        self, days: list[dt.date], bands: Bands
    ) -> list[tuple[list[TargetResult], list[WindowResult]]]:
        """Return each target's results at *days*, and its windows closed by then.

        For each goal's target then each contribution's, in agreement order
        (a scorecard's): its result at each of *days*, in order (the current
        window evaluated, as `series` does, the others only when read), and
        the results of its windows that end on or before the last of *days*,
        in window order, as they stand once closed (as every later day sees
        them). What the rules read as of each held review (MC304), with each
        window evaluated once, not once per review: O(windows + days).
        """
        goal_plans, contribution_plans = self._all_plans()
        last = max(days, default=dt.date.min)
        histories: list[tuple[list[TargetResult], list[WindowResult]]] = []
        with decimal.localcontext(_CONTEXT):
            for plan in (*goal_plans, *contribution_plans):
                count = bisect_right([w.end for w in plan.windows], last)
                closed = plan.closed_windows(count, bands)[:count]
                histories.append((plan.results(days, bands), closed))
        return histories

    def actual(
        self,
        metric: str,
        start: dt.date,
        end: dt.date,
        *,
        as_of: dt.date,
        where: Mapping[str, str] | None = None,
    ) -> Decimal | None:
        """Return *metric*'s actual over ``[start, end]`` at the end of day *as_of*.

        The aggregation of the observations whose ``dims`` hold every pair of
        *where*, with ``start <= at <= min(end, as_of)``; for LAST the latest
        with ``at <= min(end, as_of)``, even from before *start*. None when
        there is nothing (COUNT and SUM: 0). A computed metric (a ratio, OTIF,
        lead time, a forecast measure) is computed from the records it reads,
        *where* selecting them as a target's ``where`` does: this is how a
        measure is split per item or region (``where={"item": "BX-100"}``).
        *where* is read in Unicode NFC, as a target's ``where`` and a
        record's ``dims`` are: ``Zürich`` selects the same records however
        its ``ü`` was composed.

        Raises:
            NotFoundError: When the agreement has no metric *metric*.
            ArgumentError: Naming the argument: a `TypeError` too when
                *start*, *end* or *as_of* is not a `datetime.date`, or
                *where* is not a mapping of str to str; a `ValueError` alone
                when *end* is before *start*, or no record can hold
                *where*'s pairs, as a target's ``where`` is refused: two of
                its keys are one text in Unicode NFC, a key is blank, or a
                key or a value holds a lone surrogate. The message names
                every problem.
        """
        first = as_day("start", start)
        last = as_day("end", end)
        day = as_day("as_of", as_of)
        if last < first:
            msg = f"end {last.isoformat()} is before start {first.isoformat()}: the range is empty"
            raise ArgumentError(msg, "end")
        series = self._series_of(metric, as_selection("where", where))
        with decimal.localcontext(decimal_context()):
            return series.actual(first, last, day)

    def _series_of(self, metric: str, where: Mapping[str, str]) -> _Series | Measure:
        selector: _Where = frozenset(where.items())
        key = (metric, selector)
        series = self._series.get(key)
        if series is None:
            try:
                aggregation = self._metrics[metric].aggregation
            except KeyError:
                agreement = f"agreement {self._agreement.id!r}"
                msg = no_such("metric", metric, agreement, self._metrics)
                raise NotFoundError(msg, metric) from None
            if aggregation.is_computed or aggregation is Aggregation.PERCENTILE:
                series = self._series[key] = measure_series(
                    self._agreement,
                    self._metrics[metric],
                    where,
                    self._columns,
                    self._series_of,
                    self._memo,
                )
                return series
            dates, values, dims = self._columns[metric]
            plain = isinstance(self._columns, PlainColumns)
            if selector:
                # Once its dimension is grouped (a target per region), a
                # selection costs its own records; a selection or two of
                # a dimension (the common agreement) pass over its column,
                # which costs less than grouping it.
                if len(selector) == 1:
                    ((name, wanted),) = selector
                    rows = pair_rows(self._columns, metric, name, wanted)
                else:
                    rows = grouped_rows(self._columns, metric, where)
                if rows is None:
                    mask = (
                        _selected(dims, selector)
                        if plain
                        else _selected_by_column(self._columns, metric, selector)
                    )
                    dates = list(compress(dates, mask))
                    values = list(compress(values, mask))
                else:
                    dates = list(map(dates.__getitem__, rows))
                    values = list(map(values.__getitem__, rows))
            series = self._series[key] = _Series(
                dates, values, aggregation, by_day=not plain
            )
        return series

    def _plan(
        self,
        target: Target,
        frame: _Frame,
        *,
        goal: str | None = None,
        contribution: str | None = None,
        party: str | None = None,
    ) -> _Plan:
        return _Plan(
            goal=goal,
            contribution=contribution,
            party=party,
            target=target,
            frame=frame,
            series=self._series_of(target.metric, target.where),
            plain=isinstance(self._columns, PlainColumns),
        )

    def _all_plans(self) -> tuple[tuple[_Plan, ...], tuple[_Plan, ...]]:
        if self._plans is None:
            agreement = self._agreement
            goal_frames, contribution_frames = _frames(Same(agreement))
            # The same targets, in the same order, as the frames were made for.
            goal_targets = [
                (g.id, g.target) for g in agreement.goals if g.target is not None
            ]
            contribution_targets = [
                (c.id, c.party, c.target)
                for c in agreement.contributions
                if c.target is not None
            ]
            goals = tuple(
                self._plan(target, frame, goal=goal)
                for (goal, target), frame in zip(goal_targets, goal_frames, strict=True)
            )
            contributions = tuple(
                self._plan(target, frame, contribution=contribution, party=party)
                for (contribution, party, target), frame in zip(
                    contribution_targets, contribution_frames, strict=True
                )
            )
            self._plans = (goals, contributions)
        return self._plans

    def _actual_at(
        self, as_of: dt.date
    ) -> Callable[[str, Mapping[str, str], dt.date, dt.date], Decimal | None]:
        """Return ``actual(metric, where, start, end)`` at *as_of*, for incentives."""

        def actual(
            metric: str, where: Mapping[str, str], start: dt.date, end: dt.date
        ) -> Decimal | None:
            return self._series_of(metric, where).actual(start, end, as_of)

        return actual

    def _evaluate_all(self, days: list[dt.date], bands: Bands) -> list[Scorecard]:
        """Return the scorecard at each of *days*, in order.

        Each target's results come from one loop over the days (see
        `_Plan.results`); the scorecards are then put together day by day.
        """
        goal_plans, contribution_plans = self._all_plans()
        # One context for the results and the scorecards: entering one costs
        # as much as a window's arithmetic.
        with decimal.localcontext(_CONTEXT):
            by_goal = [plan.results(days, bands) for plan in goal_plans]
            by_contribution = [plan.results(days, bands) for plan in contribution_plans]
            # One tuple of results per day (zip of nothing gives no day).
            goal_rows = (
                list(zip(*by_goal, strict=True)) if by_goal else [()] * len(days)
            )
            contribution_rows = (
                list(zip(*by_contribution, strict=True))
                if by_contribution
                else [()] * len(days)
            )
            return [
                self._scorecard(as_of, bands, goals, contributions)
                for as_of, goals, contributions in zip(
                    days, goal_rows, contribution_rows, strict=True
                )
            ]

    def _evaluate(self, as_of: dt.date, bands: Bands) -> Scorecard:
        return self._evaluate_all([as_of], bands)[0]

    def _scorecard(
        self,
        as_of: dt.date,
        bands: Bands,
        goals: tuple[TargetResult, ...],
        contributions: tuple[TargetResult, ...],
    ) -> Scorecard:
        """Put the scorecard at *as_of* together (in the library's context)."""
        # Most agreements have neither: skip building their basis runs.
        incentives = (
            incentive_results(
                self._agreement, goals, contributions, self._actual_at(as_of)
            )
            if self._agreement.incentives
            else ()
        )
        remedies = (
            remedy_results(
                self._agreement, goals, contributions, self._actual_at(as_of)
            )
            if self._agreement.remedies
            else ()
        )
        return Scorecard(
            agreement=self._agreement,
            as_of=as_of,
            goals=goals,
            contributions=contributions,
            # In the library's context already: no other entered.
            overall_attainment=weighted_attainment(self._weights, goals),
            bands=bands,
            incentives=incentives,
            remedies=remedies,
        )


def index_for(
    agreement: Agreement, observations: Iterable[Observation] | ObservationIndex
) -> ObservationIndex:
    """Return the index of *observations* for *agreement*.

    A log is indexed; an index already built for *agreement* (the same
    agreement or an equal one) is returned as it is, so that a caller who
    evaluates, checks and lists exceptions reads the log once.

    Raises:
        ArgumentError: Naming ``observations``, when *observations* is an
            index of another agreement; as `ObservationIndex` when either
            argument is of the wrong type (a `TypeError` too).
        InvalidObservationsError: As `ObservationIndex`.
    """
    if isinstance(observations, ObservationIndex):
        as_agreement("agreement", agreement)
        if (
            observations.agreement is not agreement
            and observations.agreement != agreement
        ):
            msg = (
                "observations is an ObservationIndex built for another agreement: "
                "pass the log, or an index built for this agreement"
            )
            raise ArgumentError(msg, "observations")
        return observations
    return ObservationIndex(agreement, observations)


def _bands(value: object) -> Bands:
    if not isinstance(value, Bands):
        msg = (
            f"bands: expected a Bands, got {type(value).__name__} {value!r}; "
            "pass Bands(on_track_ratio=..., at_risk_ratio=..., min_elapsed=...)"
        )
        raise also_type_error(ArgumentError)(msg, "bands")
    return value


def first_days(index: ObservationIndex) -> dict[str, dt.date]:
    """Return the day of each observed metric's first standing record.

    The log as resolved, as every evaluation reads it: a retracted record
    is no record, a corrected one is where its correction puts it. For the
    projections, whose observed run rates never look back before a metric's
    history starts.
    """
    columns = index._columns  # noqa: SLF001 - same package
    return {metric: days[0] for metric, (days, _, _) in columns.items() if days}
