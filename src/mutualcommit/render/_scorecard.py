"""The scorecard document: where every goal and every pledge stands.

Per goal, every window: target, actual, expected, attainment as a
percentage and standing. Per party, its pledges' current windows:
accountability runs both ways, so the vendor's pledges are listed like the
partner's. Per incentive, the payouts earned and provisional, or the level
reached (worded in ``_incentives``).
"""

from __future__ import annotations

from decimal import Decimal

from mutualcommit.kpi import Scorecard, Standing, TargetResult, WindowResult
from mutualcommit.model import Metric

from ._context import Context
from ._incentives import incentive_result_blocks
from ._labels import role_label
from ._measures import unmatched_words
from ._tree import Block, Column, Document, Fields, Heading, Paragraph, Span, Table
from ._words import amount_words, target_words

__all__ = ["scorecard_document", "standing_label", "window_label"]


def standing_label(c: Context, standing: Standing) -> str:
    """Name where a window or a target stands."""
    labels = {
        Standing.NOT_STARTED: c.pgettext("standing", "not started"),
        Standing.MET: c.pgettext("standing", "met"),
        Standing.MISSED: c.pgettext("standing", "missed"),
        Standing.NO_DATA: c.pgettext("standing", "no data"),
        Standing.ON_TRACK: c.pgettext("standing", "on track"),
        Standing.EARLY: c.pgettext("standing", "early"),
        Standing.AT_RISK: c.pgettext("standing", "at risk"),
        Standing.OFF_TRACK: c.pgettext("standing", "off track"),
    }
    return labels[standing]


def window_label(c: Context, label: str) -> Span:
    """Show a window's label: a fiscal period's as it is, the term's translated."""
    if label == "term":
        return Span(c.pgettext("window", "term"))
    return Span(label, "code")


def _value(c: Context, value: Decimal | None, metric: Metric | None) -> str:
    if value is None:
        return "\u2013"
    return amount_words(c, value, metric, computed=True)


def _window_cells(
    c: Context, window: WindowResult, metric: Metric | None
) -> tuple[str, str, str, str, str]:
    return (
        _value(c, window.target, metric),
        _value(c, window.actual, metric),
        _value(c, window.expected, metric),
        c.percent(window.attainment),
        standing_label(c, window.standing),
    )


def _numbers(c: Context) -> list[Column]:
    return [
        Column(c.gettext("Target"), numeric=True),
        Column(c.gettext("Actual"), numeric=True),
        Column(c.gettext("Expected"), numeric=True),
        Column(c.gettext("Attainment"), numeric=True),
        Column(c.gettext("Standing")),
    ]


def scorecard_document(scorecard: Scorecard, c: Context) -> Document:
    """Build the document tree of *scorecard* in *c*'s locale."""
    agreement = scorecard.agreement
    metrics = {metric.id: metric for metric in agreement.metrics}
    counts = [
        c.gettext(
            "{standing}: {n}", standing=standing_label(c, standing), n=str(number)
        )
        for standing, number in scorecard.counts.items()
        if number
    ]
    summary: list[tuple[str, str | Span]] = [
        (c.gettext("Agreement"), Span(agreement.id, "code")),
        (c.gettext("As of"), c.date(scorecard.as_of)),
        (c.gettext("Overall attainment"), c.percent(scorecard.overall_attainment)),
        (c.gettext("Goals"), c.separator().join(counts) if counts else "\u2013"),
    ]
    blocks: list[Block] = [Fields(summary), Heading(2, c.gettext("Shared goals"))]
    titles = {goal.id: goal.title for goal in agreement.goals}
    if not scorecard.goals:
        blocks.append(Paragraph(c.gettext("No goal has a target to evaluate.")))
    for result in scorecard.goals:
        blocks += _result(c, result, titles.get(result.id, result.id), metrics)
    blocks.append(Heading(2, c.gettext("Commitments by party")))
    items = {item.id: item.title for item in agreement.contributions}
    for party in agreement.parties:
        blocks.append(
            Heading(
                3,
                c.gettext(
                    "{party} ({role})", party=party.name, role=role_label(c, party.role)
                ),
            )
        )
        results = scorecard.party(party.id)
        if not results:
            blocks.append(Paragraph(c.gettext("No commitment with a target.")))
            continue
        rows = [
            (
                items.get(result.id, result.id),
                window_label(c, result.current.label),
                *_window_cells(c, result.current, metrics.get(result.target.metric)),
            )
            for result in results
        ]
        columns = [
            Column(c.gettext("Commitment")),
            Column(c.gettext("Window"), key=True),
            *_numbers(c),
        ]
        blocks.append(Table(columns, rows))
    if agreement.incentives:
        blocks.append(Heading(2, c.gettext("Incentives")))
        for incentive in agreement.incentives:
            blocks += incentive_result_blocks(c, scorecard, incentive, window_label)
    title = c.gettext("Scorecard: {title}", title=agreement.title)
    return Document(title=title, lang=c.fmt.tag, blocks=blocks)


def _result(
    c: Context, result: TargetResult, title: str, metrics: dict[str, Metric]
) -> list[Block]:
    metric = metrics.get(result.target.metric)
    fields = [
        (c.gettext("Target"), target_words(c, result.target, metrics)),
        (
            c.gettext("Standing"),
            c.gettext(
                "{standing} ({window})",
                standing=standing_label(c, result.standing),
                window=window_label(c, result.current.label).text,
            ),
        ),
        (
            c.gettext("Closed windows"),
            c.gettext(
                "{met} met, {missed} missed",
                met=str(result.windows_met),
                missed=str(result.windows_missed),
            ),
        ),
    ]
    unmatched = unmatched_words(c, result.current.details)
    if unmatched is not None:
        fields.append((c.gettext("Unmatched"), unmatched))
    rows = [
        (window_label(c, window.label), *_window_cells(c, window, metric))
        for window in result.windows
    ]
    columns = [Column(c.gettext("Window"), key=True), *_numbers(c)]
    return [Heading(3, title), Fields(fields), Table(columns, rows)]
