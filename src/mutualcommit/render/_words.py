"""Targets in words: "at least 6 co-selling opportunities each fiscal quarter".

A target is worded from its direction, value, metric (name and unit),
period or due date, then its ramp steps, its ``where`` filter and its
baseline. Each whole sentence is one message, so that a translator can
reorder it; the qualifiers follow, joined by the locale's separator.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from mutualcommit.kpi._windows import term_target
from mutualcommit.model import (
    Aggregation,
    Direction,
    Metric,
    Period,
    Target,
    decimal_context,
    rounded,
)
from mutualcommit.model._shown import dimension_text

from ._context import Context
from ._tree import isolated

__all__ = [
    "N_",
    "amount_words",
    "in_sentence",
    "is_flow",
    "measure_sentence",
    "target_words",
    "where_words",
    "whole_count",
    "window_value",
]


def N_(message: str) -> str:  # noqa: N802 - the gettext convention babel extracts
    """Mark *message* for extraction; it is translated where it is used."""
    return message


_LEAST = Direction.AT_LEAST
_MOST = Direction.AT_MOST

#: A count metric that adds up reads "at least 6 co-selling opportunities".
_COUNT_SENTENCES = {
    (_LEAST, Period.TERM): N_("at least {amount} {metric} over the term"),
    (_LEAST, Period.MONTH): N_("at least {amount} {metric} each fiscal month"),
    (_LEAST, Period.QUARTER): N_("at least {amount} {metric} each fiscal quarter"),
    (_LEAST, Period.YEAR): N_("at least {amount} {metric} each fiscal year"),
    (_LEAST, Period.WEEK): N_("at least {amount} {metric} each week"),
    (_LEAST, "due"): N_("at least {amount} {metric} by {due}"),
    (_MOST, Period.TERM): N_("at most {amount} {metric} over the term"),
    (_MOST, Period.MONTH): N_("at most {amount} {metric} each fiscal month"),
    (_MOST, Period.QUARTER): N_("at most {amount} {metric} each fiscal quarter"),
    (_MOST, Period.YEAR): N_("at most {amount} {metric} each fiscal year"),
    (_MOST, Period.WEEK): N_("at most {amount} {metric} each week"),
    (_MOST, "due"): N_("at most {amount} {metric} by {due}"),
}
#: Any other metric reads "Pipeline value: at least €250,000.00 each ...".
_MEASURE_SENTENCES = {
    (_LEAST, Period.TERM): N_("{metric}: at least {amount} over the term"),
    (_LEAST, Period.MONTH): N_("{metric}: at least {amount} each fiscal month"),
    (_LEAST, Period.QUARTER): N_("{metric}: at least {amount} each fiscal quarter"),
    (_LEAST, Period.YEAR): N_("{metric}: at least {amount} each fiscal year"),
    (_LEAST, Period.WEEK): N_("{metric}: at least {amount} each week"),
    (_LEAST, "due"): N_("{metric}: at least {amount} by {due}"),
    (_LEAST, "end"): N_("{metric}: at least {amount} at the end of the term"),
    (_MOST, Period.TERM): N_("{metric}: at most {amount} over the term"),
    (_MOST, Period.MONTH): N_("{metric}: at most {amount} each fiscal month"),
    (_MOST, Period.QUARTER): N_("{metric}: at most {amount} each fiscal quarter"),
    (_MOST, Period.YEAR): N_("{metric}: at most {amount} each fiscal year"),
    (_MOST, Period.WEEK): N_("{metric}: at most {amount} each week"),
    (_MOST, "due"): N_("{metric}: at most {amount} by {due}"),
    (_MOST, "end"): N_("{metric}: at most {amount} at the end of the term"),
}


def is_flow(metric: Metric | None) -> bool:
    """Tell whether a metric accumulates over a window (SUM, COUNT)."""
    return metric is None or metric.aggregation in {Aggregation.SUM, Aggregation.COUNT}


def _when(target: Target, metric: Metric | None) -> Period | str:
    """Return what a target's sentence says of its windows.

    Its period, ``"due"`` for a term target with a due date, ``"end"`` for
    a level's term target without one (a level is judged at the end of the
    term, a flow over it).
    """
    if target.per is Period.TERM:
        if target.due is not None:
            return "due"
        if not is_flow(metric):
            return "end"
    return target.per


def measure_sentence(target: Target, metric: Metric | None) -> str:
    """Return the English sentence that states *target*, its placeholders unfilled.

    The sentence a document states the target of a measure with, before it
    is translated (``"{metric}: at least {amount} each week"``, ``"… by
    {due}"``, ``"… at the end of the term"``): for plain English text that
    writes its own amounts and dates, such as the command line's. Its
    placeholders are ``{metric}``, ``{amount}`` and, for a due date,
    ``{due}``.
    """
    return _MEASURE_SENTENCES[target.direction, _when(target, metric)]


#: Languages that keep a name as written: German capitalises nouns, and a
#: Latin name inside Japanese, Chinese or Korean text stays as it is.
_NOUNS_CAPITALISED = frozenset({"de", "lb", "ja", "zh", "ko"})
_FIRST_WORD = re.compile(r"[^\s\-\u2010\u2011/:,]+")


def in_sentence(c: Context, name: str, proper: Collection[str] = ()) -> str:
    """Write a metric's name as it reads inside a sentence.

    A name written as a title ("Co-selling opportunities") is lower-cased
    at its first letter, unless the locale capitalises nouns (German), its
    first word is a proper name (one of *proper*, such as a party's name)
    or is written with more capitals than its first letter (``MDF``,
    ``iPhone``). A first letter whose lower case is not one letter (Turkish
    ``İ``, whose lower case in Python is ``i`` with a combining dot above)
    is kept as written, so a name never gains a character.
    """
    if c.language in _NOUNS_CAPITALISED:
        return name
    match = _FIRST_WORD.match(name)
    if match is None:
        return name
    word = match.group()
    if (
        len(word) < 2  # noqa: PLR2004 - a lone letter is an initial
        or not word[0].isupper()
        or any(char.isupper() for char in word[1:])
        or word in proper
    ):
        return name
    first = name[0].lower()
    if len(first) != 1:
        return name
    return first + name[1:]


def whole_count(value: Decimal, direction: Direction | None = None) -> Decimal:
    """Round a computed count to the whole number a reader acts on.

    A count a target asks, given with the target's *direction* (a
    pro-rated target, or the expected level by ``as_of``), is rounded to
    the whole count that meets it exactly as the exact value does: up for
    "at least" (8.09 → 9: 8 does not reach 8.09), down for "at most"
    (23.87 → 23). So a whole actual at or past the figure shown meets it,
    and a closed window's expected, which is its target, reads as its
    target. Any other computed count (no *direction*) is rounded half up.
    The arithmetic keeps the exact value.
    """
    if direction is _LEAST:
        rounding = ROUND_CEILING
    elif direction is _MOST:
        rounding = ROUND_FLOOR
    else:
        rounding = ROUND_HALF_UP
    return rounded(value, Decimal(1), rounding)


def amount_words(
    c: Context,
    value: Decimal,
    metric: Metric | None,
    *,
    computed: bool = False,
    direction: Direction | None = None,
) -> str:
    """Format a target value in its metric's unit (a bare number for counts).

    A computed count (pro-rated, expected) is shown as a whole number, see
    `whole_count`; *direction* is the target's, when *value* is a target or
    the level it expects.
    """
    unit = metric.unit if metric is not None else "count"
    if computed and unit == "count":
        return c.amount(whole_count(value, direction), unit)
    return c.amount(value, unit, computed=computed)


def target_words(
    c: Context,
    target: Target,
    metrics: Mapping[str, Metric],
    proper: Collection[str] = (),
    *,
    term: tuple[dt.date, dt.date],
) -> str:
    """Word a target in one line: the sentence, then ramps, filter and baseline.

    The target is worded as it applies in the term (`term_target`): its
    value is the one in force on the first day, and only the steps inside
    the term follow, so a value no day of the term asks is never written as
    the target (rule MC110 reports the steps outside).

    Args:
        c: The locale's context.
        target: The target.
        metrics: The agreement's metrics by id.
        proper: Proper names (the parties' words), kept capitalised when a
            metric's name starts with one inside a sentence.
        term: The agreement's first and last day.
    """
    target = term_target(target, *term)
    metric = metrics.get(target.metric)
    params = {
        "amount": amount_words(c, target.value, metric),
        "metric": metric.name if metric is not None else target.metric,
    }
    flow = is_flow(metric)
    if metric is not None and metric.unit == "count" and flow:
        params["metric"] = in_sentence(c, params["metric"], proper)
    when = _when(target, metric)
    if target.due is not None and when == "due":
        params["due"] = c.date(target.due)
    if metric is not None and metric.unit == "count" and flow:
        sentence = _COUNT_SENTENCES[target.direction, when]
    else:
        sentence = _MEASURE_SENTENCES[target.direction, when]
    parts = [c.gettext(sentence, **params)]
    parts.extend(
        c.gettext(
            "from {date}: {amount}",
            date=c.date(step.starting),
            amount=amount_words(c, step.value, metric),
        )
        for step in target.steps
    )
    if target.where:
        parts.append(where_words(c, target.where))
    if target.baseline is not None:
        parts.append(
            c.gettext(
                "baseline: {amount}", amount=amount_words(c, target.baseline, metric)
            )
        )
    return c.separator().join(parts)


def where_words(c: Context, where: Mapping[str, str]) -> str:
    """Say which observations a selection counts.

    ``{"region": "west"}`` reads "counting only observations with
    region = west"; the pairs are listed by dimension, each name and value
    exactly (`dimension_text`): ``{"region": "dach "}`` reads ``region =
    "dach "``, ``{"region": ""}`` ``region = ""``.
    """
    # A key and a value are the user's: each in its own direction.
    filters = [
        f"{isolated(dimension_text(key))} = {isolated(dimension_text(value))}"
        for key, value in sorted(where.items())
    ]
    return c.gettext(
        "counting only observations with {filters}", filters=c.join(filters)
    )


def window_value(
    target: Target, start: dt.date, factor: Decimal, *, flow: bool
) -> Decimal:
    """Return a window's target: the step in force at its start, pro-rated for flows.

    Args:
        target: The target.
        start: The window's (clipped) first day.
        factor: The share of its fiscal period inside the term.
        flow: Whether the metric is a SUM or COUNT (only those are pro-rated).
    """
    value = target.value
    for step in target.steps:
        if step.starting <= start:
            value = step.value
    return decimal_context().multiply(value, factor) if flow else value
