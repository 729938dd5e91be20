"""What a projection or a comparison shows in a notebook cell: a summary.

Each target shows one window (the first still open after ``as_of``, the
window a review looks at next), so that a plan of twenty targets fits on a
screen; ``to_records()`` and ``to_pandas()`` keep every window. The summary
is an English document of the render layer's tree, written by its Markdown
and HTML writers, which escape every text they are given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from mutualcommit.render._tree import (
    Block,
    Column,
    Document,
    Fields,
    Heading,
    Paragraph,
    Span,
    Table,
)

from ._results import Caveat

if TYPE_CHECKING:
    from ._results import Projection, TargetProjection
    from ._scenario import Comparison

__all__ = ["comparison_document", "number", "projection_document", "share"]

#: What a missing number shows.
NONE = "\u2013"
#: From here on a number shows no decimals.
_WHOLE = 1000
#: A window's target, its actual on the day, the share of runs in which it
#: ends met, the share in which every window still open does.
_OUTCOME = (
    Column("Target", numeric=True),
    Column("Actual", numeric=True),
    Column("Met", numeric=True),
    Column("All open met", numeric=True),
)

_ABOUT_TARGETS = (
    "Per target, the first window still open after the day (the last when "
    "all have closed): its target, its actual on the day, the share of runs "
    "in which it ends met and the share in which every window still open "
    "does, then the mean and percentiles of its final actual over the runs. "
    "to_records() and to_pandas() hold every window."
)


#: What a comparison row's caveats say.
_CAVEAT_TEXT = {
    (): NONE,
    (Caveat.SHORT_HISTORY,): "short history: less certain than it shows",
}


def number(value: float | None) -> str:
    """Return *value* with thousands separators, whole from 1,000 on.

    Below 1,000 it keeps at most two decimals (``2.67``, ``20.8``, ``3``).
    """
    if value is None:
        return NONE
    text = f"{value:,.0f}" if abs(value) >= _WHOLE else f"{value:,.2f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def share(value: float | None) -> str:
    """Return the share *value* as a whole percentage (``17%``).

    Only a share of exactly 0 or 1 shows ``0%`` or ``100%``: one that would
    round to them shows ``<1%`` or ``>99%``, as some runs went the other way.
    """
    if value is None:
        return NONE
    text = f"{value:.0%}"
    if text == "0%" and value > 0:
        return "<1%"
    if text == "100%" and value < 1:
        return ">99%"
    return text


def _percentile_columns(percentiles: tuple[int, ...]) -> list[Column]:
    return [Column(f"p{q}", numeric=True) for q in percentiles]


def _percentile_cells(
    percentiles: tuple[int, ...], values: Mapping[int, float]
) -> list[str]:
    return [number(values.get(q)) for q in percentiles]


def _targets(
    title: str, results: tuple[TargetProjection, ...], percentiles: tuple[int, ...]
) -> list[Block]:
    if not results:
        return []
    party = any(result.party is not None for result in results)
    columns = [Column(title, key=True)]
    if party:
        columns.append(Column("Party", key=True))
    columns += [
        Column("Window", key=True),
        *_OUTCOME,
        Column("Mean", numeric=True),
        *_percentile_columns(percentiles),
    ]
    rows = []
    for result in results:
        window = result.current
        row: list[str | Span] = [Span(result.id, "code")]
        if party:
            row.append(Span(result.party or NONE, "code"))
        row += [
            window.label,
            number(window.target),
            number(window.actual),
            share(window.probability),
            share(result.probability),
            number(window.mean),
            *_percentile_cells(percentiles, window.percentiles),
        ]
        rows.append(row)
    return [Heading(2, title + "s"), Table(columns, rows)]


def _caveats(projection: Projection) -> list[Block]:
    """Say which rates to read with care, and why: a section, or nothing."""
    rows: list[list[str | Span]] = []
    for basis in projection.basis:
        if Caveat.SHORT_HISTORY in basis.caveats and basis.since is not None:
            days = (projection.as_of - basis.since).days + 1
            where = ", ".join(f"{k}={v}" for k, v in basis.where.items())
            rows.append(
                [
                    Span(basis.metric, "code"),
                    where or NONE,
                    (
                        f"Read from {days} day{'' if days == 1 else 's'} of "
                        f"history, since {basis.since.isoformat()}: fewer than "
                        f"60, so the rate ({basis.rate}) is less certain than "
                        "the runs show."
                    ),
                ]
            )
    if not rows:
        return []
    columns = [Column("Metric", key=True), Column("Filter"), Column("Caveat")]
    return [Heading(2, "Caveats"), Table(columns, rows)]


def projection_document(projection: Projection) -> Document:
    """Return the notebook summary of *projection*."""
    agreement = projection.agreement
    title = f"Projection: {agreement.title}"
    if projection.scenario is not None:
        title += f" ({projection.scenario})"
    percentiles = projection.percentiles
    blocks: list[Block] = [
        Fields(
            [
                ("Agreement", Span(agreement.id, "code")),
                ("As of", projection.as_of.isoformat()),
                ("Runs", f"{projection.runs:,}"),
                ("Seed", str(projection.seed)),
            ]
        ),
        Paragraph(_ABOUT_TARGETS),
        *_targets("Goal", projection.goals, percentiles),
        *_targets("Contribution", projection.contributions, percentiles),
        *_caveats(projection),
    ]
    if projection.incentives:
        # A status incentive pays nothing: its column is where its runs end.
        statuses = any(incentive.statuses for incentive in projection.incentives)
        columns = [
            Column("Incentive", key=True),
            Column("Unit", key=True),
            Column("Mean payout", numeric=True),
            *_percentile_columns(percentiles),
        ]
        if statuses:
            columns.append(Column("Status at the term's end"))
        rows: list[list[str | Span]] = []
        for incentive in projection.incentives:
            row: list[str | Span] = [
                Span(incentive.incentive, "code"),
                incentive.unit or NONE,
                number(incentive.mean),
                *_percentile_cells(percentiles, incentive.percentiles),
            ]
            if statuses:
                ending = sorted(incentive.statuses.items(), key=lambda item: -item[1])
                row.append(", ".join(f"{s} {share(p)}" for s, p in ending) or NONE)
            rows.append(row)
        about = "The payout over the whole term."
        if statuses:
            about = (
                "The payout over the whole term; for an incentive whose tiers "
                "are statuses, the share of the runs that end the term with "
                "each status."
            )
        blocks += [Heading(2, "Incentives"), Paragraph(about), Table(columns, rows)]
    return Document(title=title, lang="en", blocks=blocks)


def comparison_document(comparison: Comparison) -> Document:
    """Return the notebook summary of *comparison*: every row."""
    percentiles = comparison.percentiles
    caveats = any(row.caveats for row in comparison.rows)
    columns = [
        Column("Goal", key=True),
        Column("Scenario", key=True),
        Column("Window", key=True),
        *_OUTCOME,
        Column("Check errors"),
        Column("Mean", numeric=True),
        *_percentile_columns(percentiles),
    ]
    if caveats:
        columns.append(Column("Caveats"))
    rows: list[list[str | Span]] = []
    for row in comparison.rows:
        cells: list[str | Span] = [
            Span(row.goal, "code"),
            row.scenario,
            row.window,
            number(row.target),
            number(row.actual),
            share(row.probability),
            share(row.probability_all),
            ", ".join(row.errors) or "none",
            number(row.mean),
            *_percentile_cells(percentiles, row.percentiles),
        ]
        if caveats:
            cells.append(_CAVEAT_TEXT.get(row.caveats, ", ".join(row.caveats)))
        rows.append(cells)
    return Document(
        title=f"Comparison as of {comparison.as_of.isoformat()}",
        lang="en",
        blocks=[
            Fields(
                [
                    ("Runs", f"{comparison.runs:,} per scenario"),
                    ("Seed", str(comparison.seed)),
                ]
            ),
            Table(columns, rows),
        ],
    )
