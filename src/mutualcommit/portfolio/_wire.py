"""Scorecards on the wire: what a worker sends back, and how it becomes a scorecard again.

A scorecard pickled whole carries its agreement (which the calling process
already holds) and a hundred or so window results, each an attrs instance
that pickles through Python-level ``__getstate__`` and ``__setstate__``;
sending it costs about half as much as evaluating it. On the wire, a
scorecard is plain tuples instead: no agreement, the targets as references
into it, each window as a tuple of its field values and its standing as a
number. The calling process builds the very same scorecard again with the
classes' own initializers, so every engine yields equal values.

The field lists come from the classes themselves, so a field added to a
result class travels as it is (pickled) without a change here; both ends
run the same version of mutualcommit.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from mutualcommit.kpi import Scorecard, Standing, TargetResult, WindowResult
from mutualcommit.model import Agreement, Target

__all__ = ["Packed", "pack_scorecard", "unpack_scorecard"]

#: A scorecard on the wire: the values of its fields, in attrs order.
Packed = tuple[Any, ...]

_STANDINGS = tuple(Standing)


@functools.cache
def _fields(cls: type) -> tuple[str, ...]:
    """The names of *cls*'s fields that its initializer takes, in order."""
    return tuple(f.name for f in attrs.fields(cls) if f.init)


@functools.cache
def _keywords(cls: type) -> tuple[str, ...]:
    """The keywords of *cls*'s initializer for the fields of `_fields`."""
    return tuple(f.alias or f.name for f in attrs.fields(cls) if f.init)


@functools.cache
def _getter(cls: type) -> operator.attrgetter[tuple[Any, ...]]:
    """Return a function that reads *cls*'s initializer fields into a tuple."""
    return operator.attrgetter(*_fields(cls))


@functools.cache
def _builder(cls: type) -> Callable[[dict[str, Any]], Any]:
    """Return what builds a *cls* from its fields: its initializer, or a shortcut.

    A class with a ``__dict__`` and nothing for its initializer to run (no
    converter, validator, hook or post-init) is built by filling its
    ``__dict__``, which is all its initializer would do; a window result is
    one, and a scorecard has a hundred of them. A default is never used
    here: a packed result carries the value of every field.
    """
    fields = attrs.fields(cls)
    plain = (
        "__dict__" in dir(cls)
        and not hasattr(cls, "__attrs_post_init__")
        and all(
            f.init
            and f.alias == f.name
            and f.converter is None
            and f.validator is None
            and f.on_setattr in (None, attrs.setters.NO_OP)
            for f in fields
        )
    )
    if not plain:
        return lambda values: cls(**values)

    def build(values: dict[str, Any]) -> Any:
        result: Any = _new(cls)
        _set(result, "__dict__", values)
        return result

    return build


_new = object.__new__
_set = object.__setattr__


@functools.cache
def _standing_at() -> int:
    return _fields(WindowResult).index("standing")


@functools.cache
def _standing_numbers() -> dict[Standing, int]:
    return {standing: number for number, standing in enumerate(_STANDINGS)}


def _targets(agreement: Agreement) -> dict[tuple[str | None, str | None], Target]:
    """The agreement's targets by ``(goal, contribution)``, as results name them."""
    targets: dict[tuple[str | None, str | None], Target] = {}
    for goal in agreement.goals:
        if goal.target is not None:
            targets[goal.id, None] = goal.target
    for contribution in agreement.contributions:
        if contribution.target is not None:
            targets[None, contribution.id] = contribution.target
    return targets


def pack_scorecard(scorecard: Scorecard) -> Packed:
    """Return *scorecard* as plain tuples, without its agreement."""
    targets = _targets(scorecard.agreement)
    numbers = _standing_numbers()
    at = _standing_at()
    fields_of = _getter(WindowResult)
    # Windows repeat their numbers (targets, elapsed shares, closed
    # windows' actuals): each distinct one is pickled once, and a Decimal
    # pickles slowly. Keyed by text, so 1.0 and 1.00 stay apart.
    decimals: dict[str, Decimal] = {}

    def window(result: WindowResult) -> tuple[Any, ...]:
        values: list[Any] = [
            decimals.setdefault(str(value), value) if type(value) is Decimal else value
            for value in fields_of(result)
        ]
        values[at] = numbers[values[at]]
        return tuple(values)

    def target_result(result: TargetResult) -> tuple[Any, ...]:
        values: list[Any] = []
        for name in _fields(TargetResult):
            value = getattr(result, name)
            if name == "target":
                # The agreement's own target travels as a reference to it.
                own = targets.get((result.goal, result.contribution))
                value = None if own is value else value
            elif name == "windows":
                value = tuple(window(w) for w in value)
            elif name == "current":
                # The current window is one of the windows: its number.
                value = next(
                    (i for i, w in enumerate(result.windows) if w is value),
                    window(value),
                )
            values.append(value)
        return tuple(values)

    packed: list[Any] = []
    for name in _fields(Scorecard):
        value = getattr(scorecard, name)
        if name == "agreement":
            value = None
        elif name in ("goals", "contributions"):
            value = tuple(target_result(r) for r in value)
        packed.append(value)
    return tuple(packed)


def unpack_scorecard(packed: Packed, agreement: Agreement) -> Scorecard:
    """Build again the scorecard `pack_scorecard` packed, for *agreement*."""
    targets = _targets(agreement)
    at = _standing_at()
    window_keywords = _fields(WindowResult)

    build = _builder(WindowResult)

    def window(values: tuple[Any, ...]) -> WindowResult:
        fields = dict(zip(window_keywords, values, strict=True))
        fields["standing"] = _STANDINGS[values[at]]
        result: WindowResult = build(fields)
        return result

    def target_result(values: tuple[Any, ...]) -> TargetResult:
        fields = dict(zip(_keywords(TargetResult), values, strict=True))
        windows = tuple(window(w) for w in fields["windows"])
        fields["windows"] = windows
        current = fields["current"]
        fields["current"] = (
            windows[current] if isinstance(current, int) else window(current)
        )
        if fields["target"] is None:
            fields["target"] = targets[fields["goal"], fields["contribution"]]
        return TargetResult(**fields)

    fields = dict(zip(_keywords(Scorecard), packed, strict=True))
    fields["agreement"] = agreement
    fields["goals"] = tuple(target_result(v) for v in fields["goals"])
    fields["contributions"] = tuple(target_result(v) for v in fields["contributions"])
    return Scorecard(**fields)
