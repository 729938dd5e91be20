"""One window at one ``as_of``: expected, attainment, pace, forecast, standing (SPEC §5).

`evaluate_window` runs inside ``decimal.localcontext(decimal_context())``: its
operators use the library's context, never the caller's.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from ._results import Standing, WindowResult, window_result
from ._windows import TargetWindow

__all__ = ["Bands", "evaluate_window"]

_ZERO = Decimal(0)
_ONE = Decimal(1)
#: Day counts as Decimals, made once: a quarter's days are all below 93.
_COUNTS = tuple(Decimal(n) for n in range(400))


def _count(days: int) -> Decimal:
    return _COUNTS[days] if days < len(_COUNTS) else Decimal(days)


# Enum members bound once: this module runs once per window per as_of.
_NOT_STARTED = Standing.NOT_STARTED
_MET = Standing.MET
_MISSED = Standing.MISSED
_NO_DATA = Standing.NO_DATA
_ON_TRACK = Standing.ON_TRACK
_EARLY = Standing.EARLY
_AT_RISK = Standing.AT_RISK
_OFF_TRACK = Standing.OFF_TRACK


def _band(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        msg = f"a band is a Decimal, got {type(value).__name__} {value!r}"
        raise TypeError(msg)
    result = Decimal(value)
    if not result.is_finite():
        msg = f"a band is a finite Decimal, got {result}"
        raise ValueError(msg)
    return result


@attrs.frozen(kw_only=True)
class Bands:
    """The thresholds that turn a pace into a standing.

    Attributes:
        on_track_ratio: From this pace an open window is on track.
        at_risk_ratio: From this pace (and below ``on_track_ratio``) it is at
            risk; below, off track.
        min_elapsed: Below this elapsed share a window short of its pace is
            early rather than at risk or off track.

    Raises:
        TypeError: When a band is not a `~decimal.Decimal` or an int (never
            a float).
        ValueError: When a band is not finite.
    """

    on_track_ratio: Decimal = attrs.field(default=Decimal("1.0"), converter=_band)
    at_risk_ratio: Decimal = attrs.field(default=Decimal("0.8"), converter=_band)
    min_elapsed: Decimal = attrs.field(default=Decimal("0.25"), converter=_band)


def evaluate_window(
    window: TargetWindow,
    actual: Decimal | None,
    flow: bool,  # noqa: FBT001 - a hot private call: positional
    at_least: bool,  # noqa: FBT001
    baseline: Decimal | None,
    as_of: dt.date,
    bands: Bands,
) -> WindowResult:
    """Evaluate *window* at the end of day *as_of*, given its *actual*.

    Call it inside ``decimal.localcontext(decimal_context())``. ``expected`` is
    ``target * elapsed`` as SPEC §5 writes it; the forecast of an open flow
    window is ``actual * days / elapsed_days`` (the same run rate as
    ``actual / elapsed``, without rounding ``elapsed`` first).

    Args:
        window: The window and its target.
        actual: The metric's actual in the window at *as_of*.
        flow: Whether the metric is a SUM or COUNT.
        at_least: Whether the target's direction is AT_LEAST (else AT_MOST).
        baseline: The target's baseline, or None.
        as_of: The day evaluated.
        bands: The thresholds of the standings.
    """
    start = window.start
    end = window.end
    target = window.target
    started = as_of >= start
    closed = as_of >= end
    if not started:
        elapsed_days = 0
        elapsed = _ZERO
    elif closed:
        elapsed_days = window.days
        elapsed = _ONE
    else:
        elapsed_days = (as_of - start).days + 1
        elapsed = _count(elapsed_days) / window.span

    if flow:
        expected = target * elapsed if elapsed_days else _ZERO
    else:
        base = target if baseline is None else baseline
        expected = base + (target - base) * elapsed if elapsed_days else base

    attainment: Decimal | None
    pace: Decimal | None
    if at_least:
        attainment = actual / target if actual is not None and target else None
    else:
        attainment = target / actual if actual else None
    if actual is None or not started:
        pace = None
    elif at_least:
        pace = actual / expected if expected else _ONE
    else:
        pace = expected / actual if actual else _ONE

    forecast: Decimal | None
    if not flow or closed:
        forecast = actual
    elif started and actual is not None:
        forecast = actual * window.span / _count(elapsed_days)
    else:
        forecast = None

    if not started:
        standing = _NOT_STARTED
    elif actual is not None and (
        actual >= target if at_least else closed and actual <= target
    ):
        standing = _MET
    elif closed:
        standing = _MISSED
    elif pace is None:
        # Only a level metric has no actual (SUM and COUNT start from 0).
        standing = _NO_DATA
    elif pace >= bands.on_track_ratio:
        standing = _ON_TRACK
    elif elapsed < bands.min_elapsed:
        standing = _EARLY
    elif pace >= bands.at_risk_ratio:
        standing = _AT_RISK
    else:
        standing = _OFF_TRACK

    # A zero quotient or product keeps an exponent (0 / 14494.38 is 0E+23):
    # write every zero as 0.
    return window_result(
        window.label,
        start,
        end,
        target,
        actual,
        expected or _ZERO,
        elapsed,
        attainment if attainment is None or attainment else _ZERO,
        pace if pace is None or pace else _ZERO,
        forecast if forecast is None or forecast else _ZERO,
        standing,
        closed,
    )
