"""One window at one ``as_of``: expected, attainment, pace, forecast, standing.

`evaluate_window` runs inside ``decimal.localcontext(decimal_context())``: its
operators use the library's context, never the caller's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import TypeVar

import attrs

from mutualcommit.errors import InvalidFieldsError
from mutualcommit.model import (
    Aggregation,
    Direction,
    FrozenDict,
    coerce_fields,
    decimal_in,
    decimal_problem,
    refuses_with,
)

from ._exact import EXACT
from ._results import Standing, WindowResult
from ._windows import TargetWindow

__all__ = [
    "DEFAULT_BANDS",
    "Bands",
    "attainment_of",
    "bands_problems",
    "beyond_ratio",
    "breaks_early",
    "evaluate_window",
    "settles_early",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)
#: Day counts as Decimals, made once: a quarter's days are all below 93.
_COUNTS = tuple(Decimal(n) for n in range(400))
_COUNTED = len(_COUNTS)
#: A window's details when it has none: one frozen empty mapping, shared.
_NO_DETAILS: Mapping[str, int] = FrozenDict()
_new = object.__new__
_set = object.__setattr__
#: A product of an actual or a target (28 digits) and a count of days is
#: exact: the quotient it is divided into is rounded once.
_times = EXACT.multiply


# Enum members bound once: this module runs once per window per as_of.
_NOT_STARTED = Standing.NOT_STARTED
_MET = Standing.MET
_MISSED = Standing.MISSED
_NO_DATA = Standing.NO_DATA
_ON_TRACK = Standing.ON_TRACK
_EARLY = Standing.EARLY
_AT_RISK = Standing.AT_RISK
_OFF_TRACK = Standing.OFF_TRACK


def bands_problems(
    on_track_ratio: Decimal, at_risk_ratio: Decimal, min_elapsed: Decimal
) -> list[tuple[str, str]]:
    """List what is wrong with three bands, each as ``(name, message)``.

    Each band is a model decimal (finite, bounded) of at least 0,
    ``min_elapsed`` at most 1, and ``at_risk_ratio`` at most
    ``on_track_ratio``.
    """
    problems: list[tuple[str, str]] = []
    for name, value, high in (
        ("on_track_ratio", on_track_ratio, None),
        ("at_risk_ratio", at_risk_ratio, None),
        ("min_elapsed", min_elapsed, _ONE),
    ):
        problem = decimal_problem(value)
        if problem is None and (value < _ZERO or (high is not None and value > high)):
            bound = f"from 0 to {high}" if high is not None else "at least 0"
            problem = f"expected a value {bound}, got {value}"
        if problem is not None:
            problems.append((name, problem))
    if not problems and at_risk_ratio > on_track_ratio:
        problems.append(
            (
                "at_risk_ratio",
                (
                    f"expected at most on_track_ratio ({on_track_ratio}), "
                    f"got {at_risk_ratio}"
                ),
            )
        )
    return problems


@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields)
class Bands:
    """The thresholds that turn an open window's pace into a standing.

    One value for every place that judges a pace: `evaluate`,
    `evaluate_series`, `ObservationIndex.evaluate`, a `Policy` (for MC304),
    scenarios and the portfolio. ``Bands()`` holds the defaults.

    Attributes:
        on_track_ratio: From this pace an open window is on track
            (default 1.0).
        at_risk_ratio: From this pace (and below ``on_track_ratio``) it is at
            risk; below, off track (default 0.8).
        min_elapsed: Below this elapsed share, from 0 to 1, a window short of
            its pace is early rather than at risk or off track (default 0.25).

    Raises:
        InvalidFieldsError: When a band is not a `~decimal.Decimal`, an int
            or a decimal string (never a float: the error is a `TypeError`
            too), is not finite, is negative, when ``min_elapsed`` exceeds 1
            or ``at_risk_ratio`` exceeds ``on_track_ratio``; every problem
            is listed at once, at the band's name.
    """

    on_track_ratio: Decimal = attrs.field(default=Decimal("1.0"), converter=decimal_in)
    at_risk_ratio: Decimal = attrs.field(default=Decimal("0.8"), converter=decimal_in)
    min_elapsed: Decimal = attrs.field(default=Decimal("0.25"), converter=decimal_in)

    def __attrs_post_init__(self) -> None:
        problems = bands_problems(
            self.on_track_ratio, self.at_risk_ratio, self.min_elapsed
        )
        if problems:
            raise InvalidFieldsError(problems, "Bands")


#: The default bands.
DEFAULT_BANDS = Bands()


def settles_early(aggregation: Aggregation, direction: Direction) -> bool:
    """Return whether a window reaching its target may be met before it closes.

    Only when no later observation can take the result back below the
    target: a COUNT (a record only adds one) or a MAX with
    `Direction.AT_LEAST`, a MIN with `Direction.AT_MOST`; and a SUM with
    `Direction.AT_LEAST` as long as its records only add. A SUM's records
    may be negative (refunds, credit notes, losses), so the caller settles
    a SUM's window early only when its target is above 0 (a target at or
    below 0, a loss limit or a break-even, is about records that may be
    negative by its nature) and none of the records the target selects,
    up to ``as_of``, is negative (the index keeps the day of a series'
    first negative record); otherwise it judges the window by pace. Every
    other aggregation and direction (MEAN, LAST, RATIO, the forecast,
    order and percentile measures) is judged by pace until the window
    closes.
    """
    if direction is Direction.AT_LEAST:
        return aggregation in _GROWS
    return aggregation is Aggregation.MIN


def breaks_early(aggregation: Aggregation, direction: Direction) -> bool:
    """Return whether a window past its target may be missed before it closes.

    The mirror of `settles_early`: only when no later observation can bring
    the result back within the target. A COUNT or a MAX with
    `Direction.AT_MOST` above its target, a MIN with `Direction.AT_LEAST`
    below it: eleven late shipments against at most ten a quarter cannot
    become ten. A SUM with `Direction.AT_MOST` only as long as its records
    only add: a credit note brings a sum back within its target, so the
    caller checks, as for `settles_early`, that the window's target is
    above 0 (at most -5, a cut, is met by negative records alone) and that
    none of the records up to ``as_of`` is negative. Every other
    aggregation and direction is judged by pace until the window closes.
    """
    if direction is Direction.AT_MOST:
        return aggregation in _GROWS
    return aggregation is Aggregation.MIN


#: The aggregations that only grow within a window as records are added (a
#: SUM only for a target above 0 while its records are not negative: see
#: `settles_early`).
_GROWS = frozenset({Aggregation.SUM, Aggregation.COUNT, Aggregation.MAX})


def evaluate_window(
    window: TargetWindow,
    actual: Decimal | None,
    flow: bool,  # noqa: FBT001 - a hot private call: positional
    at_least: bool,  # noqa: FBT001
    baseline: Decimal | None,
    as_of: dt.date,
    bands: Bands,
    settles: bool,  # noqa: FBT001
    breaks: bool,  # noqa: FBT001
) -> WindowResult:
    """Evaluate *window* at the end of day *as_of*, given its *actual*.

    Call it inside ``decimal.localcontext(decimal_context())``. ``expected`` is
    ``target * elapsed`` as the KPI docs write it, computed as ``target *
    elapsed_days / days`` (a level's ``baseline + (target - baseline) *
    elapsed`` likewise); the pace divides by it, and the forecast of an
    open flow window is ``actual * days / elapsed_days`` (the same run rate
    as ``actual / elapsed``). Products are exact and each quotient is
    rounded once, so nothing is divided by a number rounded first.

    Args:
        window: The window and its target.
        actual: The metric's actual in the window at *as_of*.
        flow: Whether the metric is a SUM or COUNT.
        at_least: Whether the target's direction is AT_LEAST (else AT_MOST).
        baseline: The target's baseline, or None.
        as_of: The day evaluated.
        bands: The thresholds of the standings.
        settles: Whether reaching the target meets the window before it
            closes (see `settles_early`; for a SUM, only for a target above
            0 while none of its records up to *as_of* is negative);
            otherwise it is judged by pace until it closes.
        breaks: Whether passing the target misses the window before it
            closes (see `breaks_early`, with the same proviso for a SUM);
            never true with *settles*.
    """
    start = window.start
    end = window.end
    target = window.target
    span = window.span
    started = as_of >= start
    closed = as_of >= end
    # ``counted``: elapsed_days as a Decimal.
    if not started:
        elapsed = counted = _ZERO
    elif closed:
        elapsed = _ONE
        counted = span
    else:
        elapsed_days = (as_of - start).days + 1
        # A table lookup: this runs once per window per as_of.
        counted = (
            _COUNTS[elapsed_days] if elapsed_days < _COUNTED else Decimal(elapsed_days)
        )
        elapsed = counted / span

    # ``planned``: expected x days, exact; expected and pace are each rounded
    # once from it (a pace from an expected rounded first read 9 of 9 as
    # 0.9999999999999999999999999999). Before the start and once closed,
    # expected is the baseline (flows: 0) or the target, as written.
    planned = _planned(target, baseline, span, counted, flow=flow)
    base = target if baseline is None else baseline
    if started and not closed:
        expected = planned / span
    elif flow:
        expected = target * elapsed
    else:
        expected = base + (target - base) * elapsed if started else base

    attainment: Decimal | None
    pace: Decimal | None
    if actual is None:
        attainment = None
    elif at_least and target > _ZERO:
        attainment = actual / target  # attainment_of, its commonest case
    else:
        attainment = attainment_of(target, actual, at_least)
    # ``scaled``: actual x days, exact. ``best``: at or past 0 where the
    # expected level is not (see beyond_ratio): on track whatever the bands.
    scaled = None if actual is None else _times(actual, span)
    best = False
    if scaled is None or not started:
        pace = None
    elif at_least and planned > _ZERO:
        pace = scaled / planned  # attainment_of, its commonest case
    else:
        best = beyond_ratio(planned, scaled, at_least)
        pace = _ONE if best else _ratio(planned, scaled, at_least)

    forecast: Decimal | None
    if not flow or closed:
        forecast = actual
    elif started and scaled is not None:
        forecast = scaled / counted
    else:
        forecast = None

    reached = actual is not None and (
        actual >= target if at_least else actual <= target
    )
    if not started:
        standing = _NOT_STARTED
    elif reached and (closed or settles):
        standing = _MET
    elif closed or (breaks and actual is not None and not reached):
        # Closed short of the target, or past it where no record can undo it.
        standing = _MISSED
    elif pace is None:
        # Only a level metric has no actual (SUM and COUNT start from 0).
        standing = _NO_DATA
    elif best or pace >= bands.on_track_ratio:
        standing = _ON_TRACK
    elif elapsed < bands.min_elapsed:
        standing = _EARLY
    elif pace >= bands.at_risk_ratio:
        standing = _AT_RISK
    else:
        standing = _OFF_TRACK

    # WindowResult(...) by filling its __dict__, which is all its __init__
    # does: this runs once per window per as_of, and the call would cost a
    # tenth of it. A zero quotient or product keeps an
    # exponent (0 / 14494.38 is 0E+23): write every zero as 0.
    result: WindowResult = _new(WindowResult)
    _set(
        result,
        "__dict__",
        {
            "label": window.label,
            "start": start,
            "end": end,
            "target": target,
            "actual": actual,
            "expected": expected or _ZERO,
            "elapsed": elapsed,
            "attainment": attainment if attainment is None or attainment else _ZERO,
            "pace": pace if pace is None or pace else _ZERO,
            "forecast": forecast if forecast is None or forecast else _ZERO,
            "standing": standing,
            "closed": closed,
            "details": _NO_DETAILS,
        },
    )
    return result


def _planned(
    target: Decimal,
    baseline: Decimal | None,
    span: Decimal,
    counted: Decimal,
    *,
    flow: bool,
) -> Decimal:
    """Return ``expected * days`` after *counted* of *span* days, exactly.

    A flow's ``target * counted``; a level's ``baseline * span + (target -
    baseline) * counted``, as ``baseline * (span - counted) + target *
    counted`` (``target * span`` without a baseline).
    """
    if flow:
        return _times(target, counted)
    if baseline is None:
        return _times(target, span)
    # span - counted: whole days, exact in any context.
    return EXACT.fma(baseline, span - counted, _times(target, counted))


#: A Decimal or a float (scenarios draw floats): `attainment_of` reads both.
_N = TypeVar("_N", Decimal, float)


def beyond_ratio(reference: _N, actual: _N, at_least: bool) -> bool:  # noqa: FBT001 - a hot private call: positional
    """Return whether *actual* is the best result there is against *reference*.

    An AT_LEAST actual of 0 or more against a *reference* (a target, or the
    expected level) of 0 or below: no loss at all against a loss limit of
    at least -5000. An AT_MOST actual of 0 or below against a *reference*
    of 0 or more: no defect at all, or a forecast bias of -3 against at
    most 5. No ratio says how far it is past the reference: its attainment
    is None, its pace 1, it is on track whatever the bands, met once
    closed, and an incentive pays its top tier.
    """
    if at_least:
        return actual >= 0 >= reference
    return actual <= 0 <= reference


def attainment_of(reference: _N, actual: _N, at_least: bool) -> _N | None:  # noqa: FBT001 - a hot private call: positional
    """Return how far *actual* reaches *reference* (a target, or the expected level).

    The ratio is 1 or more exactly when *actual* is at least *reference*
    (AT_LEAST) or at most it (AT_MOST), whatever their signs, and moves
    with the actual in the direction the target asks for:

    - AT_LEAST, *reference* above 0: ``actual / reference`` (3 of at least
      4.5: 0.667).
    - AT_LEAST, *reference* 0 or below (a loss limit): ``reference /
      actual``, the ratio of the loss it limits as AT_MOST reads it: -7000
      against at least -5000 is a loss of 7000 against at most 5000,
      0.714; -100 reads 50.
    - AT_MOST, *reference* 0 or above: ``reference / actual`` (4.5 days
      against at most 3: 0.667).
    - AT_MOST, *reference* below 0: ``actual / reference``, as AT_LEAST
      reads the mirrored amounts: -3 against at most -5 is 0.6, -10 is 2.

    None when *actual* is at or past 0 where *reference* is not
    (`beyond_ratio`): better than any ratio says. Run it in the library's
    decimal context for Decimals; both may be given times the window's days
    (the ratio is the same).
    """
    if beyond_ratio(reference, actual, at_least):
        return None
    return _ratio(reference, actual, at_least)


def _ratio(reference: _N, actual: _N, at_least: bool) -> _N:  # noqa: FBT001 - a hot private call: positional
    """Return `attainment_of` for an *actual* that is not `beyond_ratio`.

    Its divisor is then never 0: *reference* where it lies on the side of 0
    the direction asks for, else *actual*, which lies on the other side.
    """
    if at_least:
        return actual / reference if reference > 0 else reference / actual
    return actual / reference if reference < 0 else reference / actual


def closed_window(
    window: TargetWindow,
    actual: Decimal | None,
    flow: bool,  # noqa: FBT001 - a hot private call: positional
    at_least: bool,  # noqa: FBT001
    baseline: Decimal | None,
) -> WindowResult:
    """Return `evaluate_window` of a closed *window* (any ``as_of`` on or after its end).

    The fast twin of ``evaluate_window(window, actual, flow, at_least,
    baseline, window.end, bands, settles, breaks)``, for every *bands*,
    *settles* and *breaks*: once closed a window is met or missed, whatever
    the pace, so none of them counts. Most windows of an evaluation have
    closed: this is the same arithmetic, in the same order, without the
    branches of an open window.
    Call it inside ``decimal.localcontext(decimal_context())``.
    """
    target = window.target
    # elapsed is 1: the same products and sums as evaluate_window's.
    if flow:
        expected = target * _ONE
    else:
        base = target if baseline is None else baseline
        expected = base + (target - base) * _ONE

    attainment: Decimal | None
    pace: Decimal | None
    if actual is None:
        attainment = pace = None
        met = False
    elif at_least and target > _ZERO:
        # attainment_of, its commonest case; expected is the target.
        attainment = actual / target
        pace = actual / expected
        met = actual >= target
    else:
        attainment = attainment_of(target, actual, at_least)
        pace = _ONE if attainment is None else _ratio(expected, actual, at_least)
        met = actual >= target if at_least else actual <= target

    result: WindowResult = _new(WindowResult)
    _set(
        result,
        "__dict__",
        {
            "label": window.label,
            "start": window.start,
            "end": window.end,
            "target": target,
            "actual": actual,
            "expected": expected or _ZERO,
            "elapsed": _ONE,
            "attainment": attainment if attainment is None or attainment else _ZERO,
            "pace": pace if pace is None or pace else _ZERO,
            # A closed window's forecast is its actual.
            "forecast": actual if actual is None or actual else _ZERO,
            "standing": _MET if met else _MISSED,
            "closed": True,
            "details": _NO_DETAILS,
        },
    )
    return result


def open_window(
    window: TargetWindow,
    actual: Decimal | None,
    flow: bool,  # noqa: FBT001 - a hot private call: positional
    at_least: bool,  # noqa: FBT001
    baseline: Decimal | None,
    as_of: dt.date,
    bands: Bands,
    settles: bool,  # noqa: FBT001
    breaks: bool,  # noqa: FBT001
) -> WindowResult:
    """Return `evaluate_window` of *window* at a day *as_of* on which it is open.

    The fast twin of `evaluate_window` (same arguments) for ``window.start
    <= as_of < window.end``: a series evaluates the window it is in at each
    of its days. The same arithmetic, in the same order, as
    `evaluate_window`'s open branch, without the branches of a window not
    started or closed. Call it inside
    ``decimal.localcontext(decimal_context())``.
    """
    start = window.start
    target = window.target
    span = window.span
    elapsed_days = (as_of - start).days + 1
    counted = (
        _COUNTS[elapsed_days] if elapsed_days < _COUNTED else Decimal(elapsed_days)
    )
    elapsed = counted / span
    # _planned, its commonest case inlined.
    planned = (
        _times(target, counted)
        if flow
        else _planned(target, baseline, span, counted, flow=False)
    )
    expected = planned / span

    attainment: Decimal | None
    pace: Decimal | None
    forecast: Decimal | None
    if actual is None:
        # Only a level metric has no actual (SUM and COUNT start from 0).
        attainment = pace = forecast = None
        standing = _NO_DATA
    else:
        scaled = _times(actual, span)
        best = False
        if at_least and target > _ZERO:
            attainment = actual / target  # attainment_of, its commonest case
            reached = actual >= target
        else:
            attainment = attainment_of(target, actual, at_least)
            reached = actual >= target if at_least else actual <= target
        if at_least and planned > _ZERO:
            pace = scaled / planned
        else:
            # At or past 0 where the expected level is not: on track
            # whatever the bands (see beyond_ratio).
            best = beyond_ratio(planned, scaled, at_least)
            pace = _ONE if best else _ratio(planned, scaled, at_least)
        forecast = scaled / counted if flow else actual
        if settles and reached:
            standing = _MET
        elif breaks and not reached:
            # Past the target where no record can undo it: missed already.
            standing = _MISSED
        elif best or pace >= bands.on_track_ratio:
            standing = _ON_TRACK
        elif elapsed < bands.min_elapsed:
            standing = _EARLY
        elif pace >= bands.at_risk_ratio:
            standing = _AT_RISK
        else:
            standing = _OFF_TRACK

    # As evaluate_window builds its result: every zero written as 0.
    result: WindowResult = _new(WindowResult)
    _set(
        result,
        "__dict__",
        {
            "label": window.label,
            "start": start,
            "end": window.end,
            "target": target,
            "actual": actual,
            "expected": expected or _ZERO,
            "elapsed": elapsed,
            "attainment": attainment if attainment is None or attainment else _ZERO,
            "pace": pace if pace is None or pace else _ZERO,
            "forecast": forecast if forecast is None or forecast else _ZERO,
            "standing": standing,
            "closed": False,
            "details": _NO_DETAILS,
        },
    )
    return result
