"""What the runs say: per window, per target and per incentive."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from mutualcommit.kpi import Standing, WindowResult
from mutualcommit.kpi._pacing import attainment_of
from mutualcommit.model import Direction

from ._results import (
    IncentiveProjection,
    IncentiveWindowProjection,
    TargetProjection,
    WindowProjection,
)
from ._simulation import Model, Plan, Reward, Slot, as_float

__all__ = ["pay", "summarise"]

#: Floats may miss a sum of exact numbers in its last digits (100 + 3 x
#: 50.05 is 250.14999999999998): a final within this share of the target's
#: and the actual's size from the target counts as on it, and an attainment
#: within this share from a tier's threshold as reaching it. Far below any
#: number the agreement holds (a thousandth of a cent on a billion), far
#: above the floats' rounding (a ten-thousandth of that).
_ROUNDING = 1e-12


def _slack(target: float, actual: float | None) -> float:
    """How far a final may miss *target* and still be on it: rounding, not a shortfall."""
    return _ROUNDING * (abs(target) + abs(actual or 0.0))


#: The standings a scorecard gives a window before it closes only when no
#: later record can change them.
_SETTLED = frozenset({Standing.MET, Standing.MISSED})


def _finals(
    model: Model, plan: Plan, window: WindowResult, slot: Slot
) -> list[float | None]:
    """The final actuals of an open *window* of *plan*, as its target reads them.

    A flow's window the scorecard has settled before it closes (a COUNT,
    or a SUM of a target above 0 whose records have not been negative by
    ``as_of``, met, or missed, where records only add) keeps at least its
    actual in every run, as the scorecard has it: a flow drawn at a
    negative rate (credit notes) would otherwise take back what the
    scorecard says can no longer be lost. A SUM whose records have been
    negative, or whose target is 0 or below (a loss limit), is never
    settled before it closes, so its runs stand as drawn.
    """
    finals = slot.finals or []
    if window.standing not in _SETTLED or window.actual is None:
        return finals
    if not model.metrics[plan.result.target.metric].aggregation.is_flow:
        return finals  # a MIN's or a MAX's draws already keep it
    floor = float(window.actual)
    return [f if f is None or f >= floor else floor for f in finals]


def summarise(model: Model, plan: Plan, wanted: tuple[int, ...]) -> TargetProjection:
    """Summarise the runs of *plan*'s windows."""
    result = plan.result
    at_least = result.target.direction is Direction.AT_LEAST
    runs = model.runs
    windows: list[WindowProjection] = []
    opened: list[list[bool]] = []
    for window, slot in zip(result.windows, plan.slots, strict=True):
        target = float(window.target)
        actual = as_float(window.actual)
        if slot.closed:
            windows.append(
                WindowProjection(
                    label=window.label,
                    start=window.start,
                    end=window.end,
                    target=target,
                    actual=actual,
                    closed=True,
                    mean=actual,
                    percentiles={} if actual is None else dict.fromkeys(wanted, actual),
                    probability=1.0 if window.standing is Standing.MET else 0.0,
                    attainment=as_float(window.attainment),
                )
            )
            continue
        finals = [f for f in _finals(model, plan, window, slot) if f is not None]
        slack = _slack(target, actual)
        if at_least:
            floor = target - slack
            met = [f >= floor for f in finals]
        else:
            ceiling = target + slack
            met = [f <= ceiling for f in finals]
        # As evaluate: a final at or past 0 where the target is not (no loss
        # against a loss limit, no defect at all) is the best result, which
        # no ratio says, and has none.
        ratios = [
            ratio
            for f in finals
            if (ratio := attainment_of(target, f, at_least)) is not None
        ]
        met += [False] * (runs - len(met))
        opened.append(met)
        windows.append(
            WindowProjection(
                label=window.label,
                start=window.start,
                end=window.end,
                target=target,
                actual=actual,
                closed=False,
                mean=_mean(finals),
                percentiles=_percentiles(finals, wanted),
                probability=sum(met) / runs,
                attainment=_mean(ratios),
                caveats=slot.caveats,
            )
        )
    probability = None
    if opened:
        probability = sum(map(all, zip(*opened, strict=True))) / runs
    return TargetProjection(
        goal=result.goal,
        contribution=result.contribution,
        party=result.party,
        target=result.target,
        aggregation=model.metrics[result.target.metric].aggregation,
        windows=tuple(windows),
        probability=probability,
    )


def pay(model: Model, reward: Reward, wanted: tuple[int, ...]) -> IncentiveProjection:
    """Simulate what *reward*'s incentive pays, window by window, run by run.

    The rules of the KPI evaluation (as ``evaluate_incentive`` applies them), in
    floats: a closed window's payout is the scorecard's, earned; every
    other window reaches the highest tier its final attainment allows
    and pays it, within what the cap leaves in window order.
    """
    incentive = reward.incentive
    result = reward.plan.result
    earned = reward.earned
    runs = model.runs
    tiers = incentive.tiers
    thresholds = [float(tier.threshold) for tier in tiers]
    top = len(tiers) - 1
    at_least = result.target.direction is Direction.AT_LEAST
    cap = None if incentive.cap is None else float(incentive.cap.amount)
    paying = earned.unit is not None
    paid = [as_float(earned.earned) or 0.0] * runs
    status: list[str | None] = [earned.status] * runs
    windows: list[IncentiveWindowProjection] = []
    for number, (window, slot) in enumerate(
        zip(result.windows, reward.plan.slots, strict=True)
    ):
        if slot.closed:
            reached = earned.windows[number].tier
            payout = as_float(earned.windows[number].payout)
            counts = [0] * len(tiers)
            if reached is not None:
                counts[reached] = runs
            windows.append(
                _incentive_window(
                    window.label,
                    counts,
                    runs,
                    [payout or 0.0] * runs if paying else None,
                    wanted,
                    closed=True,
                )
            )
            continue
        target = float(window.target)
        # As the goal's window: an attainment on a threshold but for the
        # floats' rounding reaches it (the actual's share of the slack, in
        # units of the attainment; the final's, run by run). Where the
        # attainment is final / target (at least a target above 0, at most
        # one below 0), the actual's rounding moves it by its share of the
        # target; where it is target / final (at least a target of 0 or
        # below, at most one of 0 or above), a rounding of the final moves it
        # by the same share of the attainment times now / final: a huge
        # actual against a tiny target must not lift a near-zero attainment
        # onto a threshold.
        linear = target > 0 if at_least else target < 0
        now = as_float(window.actual) or 0.0
        base = _ROUNDING * abs(now / target) if now and linear else 0.0
        levels: list[int | None] = []
        for final in _finals(model, reward.plan, window, slot):
            if final is None:
                levels.append(None)
                continue
            attainment = attainment_of(target, final, at_least)
            if attainment is None:
                # As evaluate_incentive: at or past 0 where the target is
                # not, the best result.
                levels.append(top)
                continue
            # The final's own rounding, and the actual's (see base).
            slack = _ROUNDING * abs(attainment)
            if not linear:
                slack += slack * abs(now / final)
            reached = bisect_right(thresholds, attainment + slack + base) - 1
            levels.append(reached if reached >= 0 else None)
        counts = [0] * len(tiers)
        payouts: list[float] | None = [] if paying else None
        for run, level in enumerate(levels):
            if level is not None:
                counts[level] += 1
                tier = tiers[level]
                if tier.status is not None:
                    status[run] = tier.status
            if payouts is None:
                continue
            raw = 0.0
            if level is not None:
                tier = tiers[level]
                if tier.amount is not None:
                    raw = float(tier.amount.amount)
                elif tier.rate is not None and tier.of is not None:
                    of = reward.of[tier.of][number].finals
                    actual = None if of is None else of[run]
                    raw = max(0.0, float(tier.rate) * (actual or 0.0))
            if cap is not None:
                raw = min(raw, max(0.0, cap - paid[run]))
            paid[run] += raw
            payouts.append(raw)
        windows.append(
            _incentive_window(window.label, counts, runs, payouts, wanted, closed=False)
        )
    statuses = {
        tier.status: sum(1 for s in status if s == tier.status) / runs
        for tier in tiers
        if tier.status is not None
    }
    return IncentiveProjection(
        incentive=incentive.id,
        unit=earned.unit,
        windows=tuple(windows),
        mean=_mean(paid) if paying else None,
        percentiles=_percentiles(paid, wanted) if paying else {},
        statuses=statuses,
    )


def _incentive_window(
    label: str,
    counts: list[int],
    runs: int,
    payouts: list[float] | None,
    wanted: tuple[int, ...],
    *,
    closed: bool,
) -> IncentiveWindowProjection:
    return IncentiveWindowProjection(
        label=label,
        closed=closed,
        tiers=tuple(count / runs for count in counts),
        none=(runs - sum(counts)) / runs,
        mean=None if payouts is None else _mean(payouts),
        percentiles={} if payouts is None else _percentiles(payouts, wanted),
    )


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _percentiles(values: Iterable[float], wanted: tuple[int, ...]) -> dict[int, float]:
    """Percentiles by linear interpolation between order statistics."""
    ordered = sorted(values)
    if not ordered:
        return {}
    last = len(ordered) - 1
    found: dict[int, float] = {}
    for q in wanted:
        position = q / 100 * last
        low = math.floor(position)
        high = min(low + 1, last)
        fraction = position - low
        found[q] = ordered[low] + (ordered[high] - ordered[low]) * fraction
    return found
