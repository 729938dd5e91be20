"""Charts for notebooks and reports: a burn-up, a projection's fan, scenarios compared.

matplotlib (the optional extra ``plot``) is imported on first use. Each
function draws on the Axes it is given, or on a new `matplotlib.figure.Figure`
of its own (never pyplot's global figures), and returns the Axes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from mutualcommit._frames import optional_module
from mutualcommit.errors import ArgumentError, NotFoundError
from mutualcommit.kpi import ObservationIndex, Scorecard, TargetResult
from mutualcommit.model import Aggregation, Agreement, Observation
from mutualcommit.model._arguments import as_agreement, as_day, as_instance
from mutualcommit.model._shown import no_such

from ._results import Projection, TargetProjection
from ._scenario import Comparison, ComparisonRow
from ._subjects import split_subject

__all__ = ["plot_burnup", "plot_comparison", "plot_fan"]

_DAY = dt.timedelta(days=1)
_SHADE = "#e9edf3"
_ACTUAL = "C0"
_PACE = "#7a8699"
_TARGET = "#c0392b"
_FAN = "C1"


def _once(ax: Any, label: str) -> str | None:
    """Return *label* unless the Axes' legend already has it: one entry each."""
    return None if label in ax.get_legend_handles_labels()[1] else label


def _axes(ax: Any, owner: str) -> Any:
    if ax is not None:
        return ax
    figure_module = optional_module("matplotlib.figure", owner)
    figure = figure_module.Figure(figsize=(8, 4.5), layout="constrained")
    return figure.add_subplot()


def _result(card: Scorecard, subject: str) -> TargetResult:
    kind, id = split_subject(  # noqa: A001 - the model's word
        subject,
        {result.id for result in card.goals},
        {result.id for result in card.contributions},
    )
    if kind == "contribution":
        return card.contribution(id)
    if kind == "goal":
        return card.goal(id)
    try:
        return card.goal(id)
    except KeyError:
        return card.contribution(id)


def _title(agreement: Agreement, result: TargetResult | TargetProjection) -> str:
    entities = agreement.goals if result.goal is not None else agreement.contributions
    for entity in entities:
        if entity.id == result.id:
            return entity.title
    return result.id  # pragma: no cover - results come from the agreement


def _unit(agreement: Agreement, metric: str) -> str:
    for candidate in agreement.metrics:
        if candidate.id == metric:
            return f"{candidate.name} ({candidate.unit})"
    return metric  # pragma: no cover - targets name known metrics


def _dates(ax: Any) -> None:
    dates = optional_module("matplotlib.dates", "plot")
    locator = dates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))


def plot_burnup(
    agreement: Agreement,
    observations: Iterable[Observation],
    goal: str,
    *,
    as_of: dt.date,
    projection: Projection | None = None,
    ax: Any = None,
) -> Any:
    """Draw a goal's burn-up: its actual against the pace line and the target.

    Each window is shaded in turn; in it, the actual at the end of every day
    up to *as_of* (from `mutualcommit.evaluate_series`), the pace line (the
    ``expected`` of the KPI evaluation: from 0, or the baseline for a level, to the
    target at the window's end) and the target. A vertical line marks
    *as_of*. With a *projection* as of the same day, of this agreement or
    of a variant of it (whose fan then continues this plan's history), the
    open windows get its fan (see `plot_fan`).

    Args:
        agreement: The agreement.
        observations: Its observation log.
        goal: A goal id, a contribution id, or ``goal:ID`` /
            ``contribution:ID``.
        as_of: The last day to draw the actual for.
        projection: A projection to draw the future from, or None.
        ax: A matplotlib Axes to draw on; None: a new figure's.

    Returns:
        The Axes (``ax.figure.savefig(...)`` saves it).

    Raises:
        ModuleNotFoundError: When matplotlib (the ``plot`` extra) is not
            installed.
        NotFoundError: When *goal* names no goal or contribution with a
            target.
        ArgumentError: Naming the argument: when *projection* starts after
            another day than *as_of* (its fan would start from another
            actual than the one drawn); a `TypeError` too when *agreement*
            is not an `Agreement`, *goal* not a str, *as_of* not a
            `datetime.date`, *projection* not a `Projection` or
            *observations* not a log (as `evaluate` says).
    """
    agreement = as_agreement("agreement", agreement)
    as_instance("goal", goal, str)
    as_of = as_day("as_of", as_of)
    if projection is not None:
        as_instance("projection", projection, Projection)
    if projection is not None and projection.as_of != as_of:
        msg = (
            f"projection is as of {projection.as_of.isoformat()}, the burn-up "
            f"as of {as_of.isoformat()}; project again as of the day drawn"
        )
        raise ArgumentError(msg, "projection")
    ax = _axes(ax, "plot_burnup()")
    index = ObservationIndex(agreement, observations)
    result = _result(index.evaluate(as_of=as_of), goal)
    flow = _aggregation(agreement, result.target.metric).is_flow
    baseline = result.target.baseline
    last = min(as_of, agreement.end)
    days = [
        agreement.start + dt.timedelta(days=i)
        for i in range((last - agreement.start).days + 1)
    ]
    cards = index.series(days)
    actual_drawn = False
    for number, window in enumerate(result.windows):
        _window_frame(ax, number, window.label, window.start, window.end)
        target = float(window.target)
        if projection is None or window.closed:
            ax.hlines(
                target,
                window.start,
                window.end + _DAY,
                color=_TARGET,
                lw=1.5,
                label=_once(ax, "target"),
            )
        # The expected line: a flow from 0, a level from its baseline.
        pace_from = 0.0 if flow else target if baseline is None else float(baseline)
        ax.plot(
            [window.start, window.end + _DAY],
            [pace_from, target],
            color=_PACE,
            lw=1,
            ls="--",
            label="pace" if number == 0 else None,
        )
        points = [
            (day, _window_actual(_result(card, result.subject), window.label))
            for day, card in zip(days, cards, strict=True)
            if window.start <= day <= window.end
        ]
        xs = [day for day, value in points if value is not None]
        ys = [value for _, value in points if value is not None]
        if xs:
            ax.step(
                [*xs, xs[-1] + _DAY],
                [*ys, ys[-1]],
                where="post",
                color=_ACTUAL,
                lw=2,
                label=None if actual_drawn else "actual",
            )
            actual_drawn = True
    if projection is not None:
        _fans(ax, projection, projection.target(result.subject), as_of)
    ax.axvline(as_of + _DAY, color="#333333", lw=1, ls=":")
    ax.annotate(
        f"as of {as_of.isoformat()}",
        xy=(as_of + _DAY, 0),
        xycoords=("data", "axes fraction"),
        xytext=(3, 3),
        textcoords="offset points",
        fontsize=8,
    )
    title = _title(agreement, result)
    if projection is not None and projection.scenario is not None:
        title = f"{title} ({projection.scenario})"
    _finish(ax, agreement, result, title)
    ax.legend(loc="upper left", bbox_to_anchor=(0, 0.9), fontsize=8, frameon=False)
    return ax


def _aggregation(agreement: Agreement, metric: str) -> Aggregation:
    for candidate in agreement.metrics:
        if candidate.id == metric:
            return candidate.aggregation
    where = f"agreement {agreement.id!r}"  # pragma: no cover
    known = (m.id for m in agreement.metrics)  # pragma: no cover
    raise NotFoundError(
        no_such("metric", metric, where, known), metric
    )  # pragma: no cover


def _window_frame(
    ax: Any, number: int, label: str, start: dt.date, end: dt.date
) -> None:
    """Shade every other window and write its label at the top."""
    if number % 2 == 0:
        ax.axvspan(start, end + _DAY, color=_SHADE, zorder=0)
    # Every other label a line lower: a short window's label stays clear.
    ax.annotate(
        label,
        xy=(start, 1),
        xycoords=("data", "axes fraction"),
        xytext=(3, -3 - 10 * (number % 2)),
        textcoords="offset points",
        va="top",
        fontsize=8,
        color="#555555",
    )


def _finish(
    ax: Any,
    agreement: Agreement,
    result: TargetResult | TargetProjection,
    title: str,
) -> None:
    ax.set_xlim(agreement.start, agreement.end + _DAY)
    ax.set_title(title)
    ax.set_ylabel(_unit(agreement, result.target.metric))
    bottom, top = ax.get_ylim()
    ax.set_ylim(bottom=min(0.0, bottom))
    if top >= 10_000:  # noqa: PLR2004 - money reads better with separators
        ticker = optional_module("matplotlib.ticker", "plot")
        ax.yaxis.set_major_formatter(ticker.StrMethodFormatter("{x:,.0f}"))
    _dates(ax)


def _window_actual(result: TargetResult, label: str) -> float | None:
    window = result.window(label)
    return None if window.actual is None else float(window.actual)


def plot_fan(projection: Projection, goal: str, *, ax: Any = None) -> Any:
    """Draw a projection's fan chart for one goal or contribution.

    Each window still open at ``as_of`` fans out from its actual at
    ``as_of`` (or from its start) to its percentiles at its end: the
    outermost pair palest, the median dashed, the target a red line and the
    probability of meeting it written at the end. A closed window shows
    its final actual as a dot, an open window its actual at ``as_of``.
    The title names the goal, the scenario (when the projection comes from
    a `Scenario`) and the runs; the legend names the target, the actual,
    the percentile bands and the median.

    Args:
        projection: The projection.
        goal: A goal id, a contribution id, or ``goal:ID`` /
            ``contribution:ID``.
        ax: A matplotlib Axes to draw on; None: a new figure's.

    Returns:
        The Axes.

    Raises:
        ModuleNotFoundError: When matplotlib (the ``plot`` extra) is not
            installed.
        NotFoundError: When *goal* names nothing the projection projects.
        TypeError: When *projection* is not a `Projection`, or *goal* not a
            str.
    """
    as_instance("projection", projection, Projection)
    as_instance("goal", goal, str)
    ax = _axes(ax, "plot_fan()")
    result = projection.target(goal)
    agreement = projection.agreement
    for number, window in enumerate(result.windows):
        _window_frame(ax, number, window.label, window.start, window.end)
        if window.closed:
            ax.hlines(
                window.target,
                window.start,
                window.end + _DAY,
                color=_TARGET,
                lw=1.5,
                label=_once(ax, "target"),
            )
            if window.actual is not None:
                ax.plot(
                    [window.end],
                    [window.actual],
                    "o",
                    color=_ACTUAL,
                    ms=5,
                    label=_once(ax, "actual"),
                )
        elif window.actual is not None and window.start <= projection.as_of:
            ax.plot(
                [projection.as_of + _DAY],
                [window.actual],
                "o",
                color=_ACTUAL,
                ms=5,
                label=_once(ax, "actual"),
            )
    _fans(ax, projection, result, projection.as_of)
    ax.axvline(projection.as_of + _DAY, color="#333333", lw=1, ls=":")
    named = "" if projection.scenario is None else f"{projection.scenario}, "
    _finish(
        ax,
        agreement,
        result,
        f"{_title(agreement, result)} ({named}{projection.runs:,} runs)",
    )
    ax.legend(loc="upper left", bbox_to_anchor=(0, 0.9), fontsize=8, frameon=False)
    return ax


def _fans(
    ax: Any, projection: Projection, result: TargetProjection, as_of: dt.date
) -> None:
    qs = sorted(projection.percentiles)
    pairs = [(q, 100 - q) for q in qs if q < 50 and 100 - q in qs]  # noqa: PLR2004
    flow = result.aggregation.is_flow
    labelled = False
    for window in result.windows:
        if window.closed:
            continue
        ax.hlines(
            window.target,
            window.start,
            window.end + _DAY,
            color=_TARGET,
            lw=1.5,
            label=_once(ax, "target"),
        )
        if not window.percentiles:
            continue
        x0 = max(window.start, as_of + _DAY)
        x1 = window.end + _DAY
        y0 = window.actual
        if y0 is None or (flow and window.start > as_of):
            y0 = 0.0 if flow else window.percentiles.get(50, window.mean or 0.0)
        for depth, (low, high) in enumerate(pairs):
            ax.fill(
                [x0, x1, x1],
                [y0, window.percentiles[low], window.percentiles[high]],
                color=_FAN,
                alpha=0.18 + 0.12 * depth,
                lw=0,
                label=f"p{low}-p{high}" if not labelled else None,
            )
        if 50 in window.percentiles:  # noqa: PLR2004
            ax.plot(
                [x0, x1],
                [y0, window.percentiles[50]],
                color=_FAN,
                lw=1.5,
                ls="--",
                label="median" if not labelled else None,
            )
        labelled = True
        ax.annotate(
            f"P(met) {window.probability:.0%}",
            xy=(x1, window.target),
            xytext=(-3, 4),
            textcoords="offset points",
            ha="right",
            fontsize=8,
            color=_TARGET,
        )


def plot_comparison(comparison: Comparison, goal: str, *, ax: Any = None) -> Any:
    """Draw one goal's compared window under every scenario, side by side.

    One column per scenario, in the comparison's order: the final actual's
    percentile bands (the outermost pair palest), its median (dashed), the
    scenario's target (red, which a variant may have changed), the actual at
    ``as_of`` (a dot, once the window has started) and the probability of meeting the target. The title
    names the goal and the window (each column's label names its window
    when they differ); the legend stands to the right of the chart.

    Args:
        comparison: The comparison (`compare`).
        goal: The goal's id.
        ax: A matplotlib Axes to draw on; None: a new figure's.

    Returns:
        The Axes.

    Raises:
        ModuleNotFoundError: When matplotlib (the ``plot`` extra) is not
            installed.
        NotFoundError: When no scenario of the comparison projects *goal*.
        TypeError: When *comparison* is not a `Comparison`, or *goal* not a
            str.
    """
    as_instance("comparison", comparison, Comparison)
    as_instance("goal", goal, str)
    rows = [row for row in comparison.rows if row.goal == goal]
    if not rows:
        known = (row.goal for row in comparison.rows)
        raise NotFoundError(no_such("goal", goal, "the comparison", known), goal)
    ax = _axes(ax, "plot_comparison()")
    qs = sorted(comparison.percentiles)
    pairs = [(q, 100 - q) for q in qs if q < 50 and 100 - q in qs]  # noqa: PLR2004
    windows = {row.window for row in rows}
    for x, row in enumerate(rows):
        window = comparison.projections[row.scenario].goal(goal).window(row.window)
        # A window still to start has no actual yet, only a future.
        started = window.start <= comparison.as_of
        _column(ax, x, row, pairs, started=started)
    ax.set_xticks(
        range(len(rows)),
        [
            row.scenario if len(windows) == 1 else f"{row.scenario}\n{row.window}"
            for row in rows
        ],
    )
    ax.set_xlim(-0.6, len(rows) - 0.4)
    projection = comparison.projections[rows[0].scenario]
    result = projection.goal(goal)
    title = _title(projection.agreement, result)
    if len(windows) == 1:
        title = f"{title}: {rows[0].window}"
    ax.set_title(title)
    ax.set_ylabel(_unit(projection.agreement, result.target.metric))
    bottom, top = ax.get_ylim()
    ax.set_ylim(bottom=min(0.0, bottom), top=top + 0.08 * (top - min(0.0, bottom)))
    if top >= 10_000:  # noqa: PLR2004 - money reads better with separators
        ticker = optional_module("matplotlib.ticker", "plot")
        ax.yaxis.set_major_formatter(ticker.StrMethodFormatter("{x:,.0f}"))
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: _LEGEND.get(labels[i][:1], 9))
    ax.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="upper left",
        bbox_to_anchor=(1, 1),
        fontsize=8,
        frameon=False,
    )
    return ax


#: The order of `plot_comparison`'s legend, by first letter: target, actual,
#: the bands (p...), median.
_LEGEND = {"t": 0, "a": 1, "p": 2, "m": 3}


def _column(
    ax: Any, x: int, row: ComparisonRow, pairs: list[tuple[int, int]], *, started: bool
) -> None:
    """Draw one scenario's column of `plot_comparison`."""
    for depth, (low, high) in enumerate(pairs):
        if low in row.percentiles and high in row.percentiles:
            ax.bar(
                x,
                row.percentiles[high] - row.percentiles[low],
                bottom=row.percentiles[low],
                width=0.5,
                color=_FAN,
                alpha=0.18 + 0.12 * depth,
                lw=0,
                label=_once(ax, f"p{low}-p{high}"),
            )
    if 50 in row.percentiles:  # noqa: PLR2004
        ax.hlines(
            row.percentiles[50],
            x - 0.25,
            x + 0.25,
            color=_FAN,
            lw=1.5,
            ls="--",
            label=_once(ax, "median"),
        )
    ax.hlines(
        row.target, x - 0.35, x + 0.35, color=_TARGET, lw=1.5, label=_once(ax, "target")
    )
    if started and row.actual is not None:
        ax.plot([x], [row.actual], "o", color=_ACTUAL, ms=5, label=_once(ax, "actual"))
    ax.annotate(
        f"P(met) {row.probability:.0%}",
        xy=(x, row.target),
        xytext=(0, 4),
        textcoords="offset points",
        ha="center",
        fontsize=8,
        color=_TARGET,
    )
