"""What an evaluation says about one window and one target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from mutualcommit.errors import NotFoundError
from mutualcommit.model import FrozenDict, Target, readable_signature
from mutualcommit.model._shown import no_such

__all__ = ["Standing", "TargetResult", "WindowResult"]


class Standing(StrEnum):
    """Where a window, and so a target, stands at ``as_of``.

    An evaluation gives a window the first standing that applies, in the
    order of the members here.
    """

    #: ``as_of`` is before the window's start.
    NOT_STARTED = "not_started"
    #: The target is reached and can no longer be lost. Before the window
    #: closes that holds only for a COUNT or MAX at least the target, a MIN
    #: at most the target, and a SUM at least a target above 0 while none
    #: of the records its target selects, up to ``as_of``, is negative (a
    #: refund may come again; a target at or below 0, a loss limit or a
    #: break-even, waits for the losses to come); every other aggregation
    #: and direction is met only once the window has closed.
    MET = "met"
    #: The window closed without meeting its target, or is past it where no
    #: later record can bring it back: before the window closes that holds
    #: only for a COUNT or MAX above an AT_MOST target, a MIN below an
    #: AT_LEAST target, and a SUM above an AT_MOST target above 0 while none
    #: of its records up to ``as_of`` is negative (the mirror of an early
    #: `MET`).
    MISSED = "missed"
    #: A level metric has no observation to stand on yet.
    NO_DATA = "no_data"
    #: The pace is at least ``on_track_ratio``.
    ON_TRACK = "on_track"
    #: Less than ``min_elapsed`` of the window has passed: too young to judge.
    EARLY = "early"
    #: The pace is at least ``at_risk_ratio``.
    AT_RISK = "at_risk"
    #: The pace is below ``at_risk_ratio``.
    OFF_TRACK = "off_track"


# Not slotted: an evaluation builds a result per window per ``as_of``, and a
# dict class is built by filling its ``__dict__`` (as `evaluate_window` does)
# at a fraction of the cost.
@readable_signature
@attrs.frozen(kw_only=True, slots=False)
class WindowResult:
    """One window of a target, evaluated at ``as_of``.

    Every number is an exact `~decimal.Decimal` of the library's context
    (28 significant digits): round only to display.

    Attributes:
        label: ``term``, ``FY2027``, ``FY2027-Q1`` or ``FY2027-M01``.
        start: The window's first day (inclusive, clipped to the term).
        end: The window's last day (inclusive).
        target: The target in the window (stepped, and pro-rated for a
            clipped flow window).
        actual: The metric's aggregation over the counted observations, or
            None when a level metric has none (SUM and COUNT: 0).
        expected: Where the actual should be by now: ``target * elapsed``
            for SUM/COUNT, ``baseline + (target - baseline) * elapsed`` for
            levels.
        elapsed: The share of the window's days that have passed, in [0, 1].
        attainment: How far the target is reached, 1 or more exactly when
            it is: ``actual / target`` (AT_LEAST) or ``target / actual``
            (AT_MOST), the other way round for a target on the other side
            of 0 (a loss limit, at least -5000: ``target / actual``, so a
            loss of 7000 reads 0.714). None when the actual is None, or at
            or past 0 where the target is not (no loss at all against a
            loss limit, no defect against at most 4): better than any ratio.
        pace: The same ratio against ``expected`` (``actual / expected``
            for AT_LEAST above 0, ``expected / actual`` for AT_MOST from 0
            on), 1 or more exactly when the actual is at or ahead of it; 1
            where the actual is at or past 0 and ``expected`` is not; None
            when the actual is None or the window has not started.
        forecast: For SUM/COUNT the run rate to the window's end, ``actual /
            elapsed`` (None before the start); for levels the actual.

            ``expected``, ``pace`` and ``forecast`` are computed from exact
            products of the elapsed days (``elapsed`` is never rounded
            first): each is rounded once.
        standing: Where the window stands.
        closed: Whether ``as_of`` is on or after the window's last day.
        details: What a computed measure was computed from, by name: for
            forecast measures ``pairs`` (bucket and item pairs compared),
            ``forecasts_without_actual`` and ``actuals_without_forecast``;
            for OTIF ``orders``, ``on_time_in_full`` and
            ``deliveries_without_order``; for lead time
            ``deliveries_without_order``. Empty otherwise.
    """

    label: str
    start: dt.date
    end: dt.date
    target: Decimal
    actual: Decimal | None
    expected: Decimal
    elapsed: Decimal
    attainment: Decimal | None
    pace: Decimal | None
    forecast: Decimal | None
    standing: Standing
    closed: bool
    details: Mapping[str, int] = attrs.field(factory=FrozenDict)


class _Windows(Protocol):
    """What evaluates the windows of a result an evaluation built (its plan)."""

    @property
    def windows(self) -> Sequence[object]:
        """The target's windows, before they are evaluated."""

    def windows_at(
        self, number: int, now: WindowResult, as_of: dt.date, bands: Any
    ) -> tuple[WindowResult, ...]: ...

    def last_closed_at(
        self, number: int, now: WindowResult, bands: Any
    ) -> WindowResult | None: ...


#: What a result built by an evaluation keeps until its windows are read:
#: its plan, the current window's number, ``as_of`` and the bands.
_Later = tuple[_Windows, int, dt.date, Any]


@attrs.frozen(kw_only=True, slots=False)
class TargetResult:
    """A goal's or a contribution's target, evaluated at ``as_of``.

    Exactly one of ``goal`` and ``contribution`` is set.

    An evaluation computes the current window of each result at once and its
    other windows the first time ``windows`` is read (or the result is
    compared, hashed, copied, pickled or turned into records): standings
    and a portfolio's tallies need only the current windows, and
    `last_closed` only those closed before it. The values are the same
    either way; until they are read, the result holds on to the
    evaluation's index of the observations. Its repr evaluates none: it is
    short, with the count of windows (``<TargetResult goal='g'
    standing='on_track' current='FY2027-Q3' windows=4>``).

    Attributes:
        goal: The id of the goal, for a goal's result.
        contribution: The id of the contribution, for a contribution's result.
        party: The id of the party that pledged the contribution (None for a
            goal: goals are shared).
        target: The target evaluated.
        windows: Every window of the target, in order.
        current: The window containing ``as_of``; else the last one that
            started on or before it; before the first window, the first.
    """

    goal: str | None = None
    contribution: str | None = None
    party: str | None = None
    target: Target
    windows: tuple[WindowResult, ...]
    current: WindowResult

    # Hidden from type checkers: to them, as to readers, every field is
    # there, and a misspelt name is still an error.
    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            # Called only for a name not in the instance's __dict__: the windows
            # of a result an evaluation built, before their first reading.
            state = self.__dict__
            if name == "windows":
                later: _Later | None = state.get("_later")
                if later is not None:
                    plan, number, as_of, bands = later
                    windows = plan.windows_at(number, state["current"], as_of, bands)
                    # Set once (another thread may set the same value), then
                    # the plan, and the index behind it, let go.
                    state["windows"] = windows
                    state.pop("_later", None)
                    return windows
                if "windows" in state:  # another thread has just set them
                    return state["windows"]
            msg = f"{type(self).__name__!r} object has no attribute {name!r}"
            raise AttributeError(msg)

    def __repr__(self) -> str:
        # Short, whatever the term: a log line or a failed assertion shows
        # it, and a century of weekly windows would be megabytes.
        later: _Later | None = self.__dict__.get("_later")
        count = len(later[0].windows) if later is not None else len(self.windows)
        subject = (
            f"goal={self.goal!r}"
            if self.goal is not None
            else f"contribution={self.contribution!r} party={self.party!r}"
        )
        return (
            f"<TargetResult {subject} standing={self.current.standing.value!r} "
            f"current={self.current.label!r} windows={count}>"
        )

    def __getstate__(self) -> dict[str, Any]:
        # Copied and pickled with its windows, never with the index.
        self.windows  # noqa: B018 - read to evaluate them
        return {k: v for k, v in self.__dict__.items() if k != "_later"}

    @property
    def standing(self) -> Standing:
        """The target's standing, that of its current window."""
        return self.current.standing

    @property
    def id(self) -> str:
        """The id of the goal or the contribution."""
        return self.goal if self.goal is not None else str(self.contribution)

    @property
    def subject(self) -> str:
        """What the result is about, as findings name it — ``goal:ID`` or ``contribution:ID``."""
        if self.goal is not None:
            return f"goal:{self.goal}"
        return f"contribution:{self.contribution}"

    @property
    def last_closed(self) -> WindowResult | None:
        """The latest window that has closed, or None when none has."""
        later: _Later | None = self.__dict__.get("_later")
        if later is not None:
            # The windows not read yet: their plan knows without them all.
            plan, number, _, bands = later
            return plan.last_closed_at(number, self.current, bands)
        for window in reversed(self.windows):
            if window.closed:
                return window
        return None

    @property
    def windows_met(self) -> int:
        """How many closed windows were met."""
        return sum(1 for w in self.windows if w.closed and w.standing is Standing.MET)

    @property
    def windows_missed(self) -> int:
        """How many closed windows were missed."""
        return sum(
            1 for w in self.windows if w.closed and w.standing is Standing.MISSED
        )

    def window(self, label: str) -> WindowResult:
        """Return the window labelled *label* (``FY2027-Q1``, ``term``, ...).

        Raises:
            NotFoundError: When the target has no window of that label.
        """
        for window in self.windows:
            if window.label == label:
                return window
        kind = "goal" if self.goal is not None else "contribution"
        where = f"{kind} {self.id!r}"
        labels = (w.label for w in self.windows)
        raise NotFoundError(
            no_such("window", label, where, labels, suggest=False), label
        )
