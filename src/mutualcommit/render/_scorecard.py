"""The scorecard document: where every goal and every pledge stands.

Per goal, every window: target, actual, expected, attainment as a
percentage and standing. Per party, its pledges' current windows:
accountability runs both ways, so the vendor's pledges are listed like the
partner's. Per incentive, the payouts earned and provisional, or the level
reached (worded in ``_incentives``). Per remedy, what is owed, then each
party's net position (worded in ``_remedies``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from mutualcommit.kpi import Scorecard, Standing, TargetResult, WindowResult
from mutualcommit.model import Direction, Metric

from ._context import Context
from ._incentives import incentive_result_blocks
from ._labels import role_label
from ._measures import unmatched_words
from ._names import Names, proper_words
from ._remedies import net_position_blocks, remedy_result_blocks
from ._terms import terms_fields
from ._tree import (
    Block,
    Column,
    Document,
    Fields,
    Heading,
    Paragraph,
    Span,
    Table,
    Text,
    Tone,
    inline,
)
from ._words import amount_words, target_words, whole_count

__all__ = [
    "scorecard_document",
    "standing_cue",
    "standing_label",
    "standing_legend",
    "window_label",
]


def standing_label(c: Context, standing: Standing) -> str:
    """Name where a window or a target stands."""
    return _standing_labels(c)[standing]


@lru_cache(maxsize=64)
def _standing_labels(c: Context) -> dict[Standing, str]:
    # Per context (one per locale, cached): a scorecard names a standing in
    # every row of its windows' tables. (Never changed once made.)
    return {
        Standing.NOT_STARTED: c.pgettext("standing", "not started"),
        Standing.MET: c.pgettext("standing", "met"),
        Standing.MISSED: c.pgettext("standing", "missed"),
        Standing.NO_DATA: c.pgettext("standing", "no data"),
        Standing.ON_TRACK: c.pgettext("standing", "on track"),
        Standing.EARLY: c.pgettext("standing", "early"),
        Standing.AT_RISK: c.pgettext("standing", "at risk"),
        Standing.OFF_TRACK: c.pgettext("standing", "off track"),
    }


#: Each standing's symbol and tone: the symbol keeps it readable in print
#: and without colour, the tone colours it in HTML.
_CUES: dict[Standing, tuple[str, Tone]] = {
    Standing.MET: ("\u2713", "good"),  # ✓
    Standing.ON_TRACK: ("\u25cf", "good"),  # ●
    Standing.EARLY: ("\u25d4", "neutral"),  # ◔
    Standing.AT_RISK: ("\u25b2", "warn"),  # ▲
    Standing.OFF_TRACK: ("\u25bc", "bad"),  # ▼
    Standing.MISSED: ("\u2717", "bad"),  # ✗
    Standing.NOT_STARTED: ("\u25cb", "muted"),  # ○
    Standing.NO_DATA: ("?", "muted"),
}


def standing_cue(c: Context, standing: Standing) -> Span:
    """Show a standing with its symbol and tone: ``✓ met``, ``▲ at risk``."""
    return _standing_cues(c)[standing]


@lru_cache(maxsize=64)
def _standing_cues(c: Context) -> dict[Standing, Span]:
    # As _standing_labels: spans are values, one per standing serves every row.
    return {
        standing: Span(f"{symbol}\u00a0{standing_label(c, standing)}", tone=tone)
        for standing, (symbol, tone) in _CUES.items()
    }


def standing_legend(c: Context) -> Paragraph:
    """Return the key to the standings' symbols, in the order they rank."""
    parts: list[str | Span] = [c.gettext("Key to standings:"), " "]
    for index, standing in enumerate(_CUES):
        if index:
            parts.append(" \u00b7 ")
        parts.append(standing_cue(c, standing))
    return Paragraph(inline(*parts))


def window_label(c: Context, label: str) -> Span:
    """Show a window's label: a fiscal period's as it is, the term's translated."""
    if label == "term":
        return Span(c.pgettext("window", "term"))
    return Span(label, "code")


def _value(
    c: Context,
    value: Decimal | None,
    metric: Metric | None,
    direction: Direction | None = None,
) -> str:
    if value is None:
        return "\u2013"
    return amount_words(c, value, metric, computed=True, direction=direction)


def _actual(c: Context, value: Decimal | None, metric: Metric | None) -> str:
    # An actual is measured, not computed: a count keeps its decimals.
    if value is None:
        return "\u2013"
    unit = metric.unit if metric is not None else "count"
    return c.amount(value, unit, computed=True)


def _window_cells(
    c: Context, window: WindowResult, metric: Metric | None, direction: Direction
) -> tuple[str, str, str, str, Span]:
    return (
        _value(c, window.target, metric, direction),
        _actual(c, window.actual, metric),
        # The level the target asks by as_of: rounded as the target is, so a
        # closed window's expected (its target) reads as its target.
        _value(c, window.expected, metric, direction),
        c.percent(window.attainment),
        standing_cue(c, window.standing),
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
    # The agreement's look-ups, once for the whole document: each incentive
    # and remedy names parties, goals and pledges by id.
    names = Names(agreement)
    metrics = {metric.id: metric for metric in agreement.metrics}
    counts: list[str | Span] = []
    for standing, number in scorecard.counts.items():
        if number:
            if counts:
                counts.append(c.separator())
            counts += c.inline(
                c.gettext("{standing}: {n}"),
                standing=standing_cue(c, standing),
                n=str(number),
            )
    summary: list[tuple[str, Text]] = [
        *terms_fields(c, agreement.id, agreement.version, agreement.fingerprint()),
        (c.gettext("As of"), c.date(scorecard.as_of)),
        (c.gettext("Overall attainment"), c.percent(scorecard.overall_attainment)),
        (c.gettext("Goals"), inline(*counts) if counts else "\u2013"),
    ]
    blocks: list[Block] = [Fields(summary), standing_legend(c)]
    if _rounds_counts(scorecard, metrics):
        blocks.append(
            Paragraph(
                c.gettext(
                    "Count targets and expected counts are shown as the whole "
                    "number that meets them (rounded up for “at least”, down "
                    "for “at most”); attainment and standing use the exact "
                    "values."
                )
            )
        )
    blocks.append(Heading(2, c.gettext("Shared goals")))
    titles = {goal.id: goal.title for goal in agreement.goals}
    proper = proper_words(agreement)
    if not scorecard.goals:
        blocks.append(Paragraph(c.gettext("No goal has a target to evaluate.")))
    for result in scorecard.goals:
        title = titles.get(result.id, result.id)
        blocks += _result(c, result, title, metrics, proper, names.term)
    blocks.append(Heading(2, c.gettext("Commitments by party")))
    items = {item.id: item.title for item in agreement.contributions}
    if not agreement.parties:
        blocks.append(Paragraph(c.gettext("No commitment with a target.")))
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
                *_window_cells(
                    c,
                    result.current,
                    metrics.get(result.target.metric),
                    result.target.direction,
                ),
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
            blocks += incentive_result_blocks(
                c, scorecard, names, incentive, window_label
            )
    if agreement.remedies:
        blocks.append(Heading(2, c.gettext("Remedies")))
        for remedy in agreement.remedies:
            blocks += remedy_result_blocks(c, scorecard, names, remedy, window_label)
        blocks += net_position_blocks(c, scorecard)
    if scorecard.funds:
        # Here, not at the top: the ledger's document uses this module's labels.
        from ._funds import fund_ledger_document

        blocks += fund_ledger_document(scorecard.funds, c, names).blocks
    title = c.gettext("Scorecard: {title}", title=agreement.title)
    return Document(title=title, lang=c.tag, blocks=blocks, colon=c.colon())


def _rounds_counts(scorecard: Scorecard, metrics: dict[str, Metric]) -> bool:
    """Tell whether a count target or expected count of some window is shown rounded."""
    for result in (*scorecard.goals, *scorecard.contributions):
        metric = metrics.get(result.target.metric)
        if metric is not None and metric.unit != "count":
            continue
        for window in result.windows:
            if window.target != whole_count(window.target) or (
                window.expected != whole_count(window.expected)
            ):
                return True
    return False


def _result(
    c: Context,
    result: TargetResult,
    title: str,
    metrics: dict[str, Metric],
    proper: frozenset[str],
    term: tuple[dt.date, dt.date],
) -> list[Block]:
    metric = metrics.get(result.target.metric)
    words = target_words(c, result.target, metrics, proper, term=term)
    fields: list[tuple[str, Text]] = [
        (c.gettext("Target"), words),
        (
            c.gettext("Standing"),
            c.inline(
                c.gettext("{standing} ({window})"),
                standing=standing_cue(c, result.standing),
                window=window_label(c, result.current.label).text,
            ),
        ),
        (
            c.gettext("Closed windows"),
            c.pgettext(
                "closed windows",
                "{met}, {missed}",
                met=c.npgettext(
                    "closed windows",
                    "{n} met",
                    "{n} met",
                    result.windows_met,
                    n=c.fmt.number(Decimal(result.windows_met)),
                ),
                missed=c.npgettext(
                    "closed windows",
                    "{n} missed",
                    "{n} missed",
                    result.windows_missed,
                    n=c.fmt.number(Decimal(result.windows_missed)),
                ),
            ),
        ),
    ]
    unmatched = unmatched_words(c, result.current.details)
    if unmatched is not None:
        fields.append((c.gettext("Unmatched"), unmatched))
    rows = [
        (
            window_label(c, window.label),
            *_window_cells(c, window, metric, result.target.direction),
        )
        for window in result.windows
    ]
    columns = [Column(c.gettext("Window"), key=True), *_numbers(c)]
    return [Heading(3, title), Fields(fields), Table(columns, rows)]
