"""What a projection says: per window, per target and per incentive (floats).

A projection is an estimate from simulated runs, so its numbers are floats
(they never go back into an agreement, whose numbers are Decimals).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

import attrs

from mutualcommit._frames import Kind, Schema, column_names, to_pandas, to_polars
from mutualcommit.errors import ArgumentError, NotFoundError
from mutualcommit.kpi._records import WINDOW_KEYS
from mutualcommit.model import (
    Aggregation,
    Agreement,
    Contribution,
    FrozenDict,
    Goal,
    Period,
    Target,
    readable_signature,
)
from mutualcommit.model._arguments import as_choice, as_instance
from mutualcommit.model._notebook import ShowsSummary
from mutualcommit.model._shown import no_such

from ._assumptions import Distribution, Driver
from ._subjects import split_subject

if TYPE_CHECKING:
    from mutualcommit.render._tree import Document

__all__ = [
    "Basis",
    "Caveat",
    "IncentiveProjection",
    "IncentiveWindowProjection",
    "Projection",
    "Source",
    "Table",
    "TargetProjection",
    "WindowProjection",
]

#: The tables of a projection's records: ``"targets"`` or ``"incentives"``.
Table = Literal["targets", "incentives"]


def _percentiles(value: Mapping[int, float] | None) -> FrozenDict[int, float]:
    return FrozenDict(value)


def _shares(value: Mapping[str, float] | None) -> FrozenDict[str, float]:
    return FrozenDict(value)


def _where(value: Mapping[str, str] | None) -> FrozenDict[str, str]:
    return FrozenDict(value)


class Caveat(StrEnum):
    """What to bear in mind when reading a projection: its numbers look surer than they are."""

    #: The rate rests on less than 60 days of history (a metric's history
    #: starts at its first record): fewer than two ~30-day stretches, so
    #: its spread comes from ~7-day ones, or (under 14 days) it has none
    #: and a flow or a level is projected as if its rate were known. One
    #: record on the day projected from gives a rate of about 90 a quarter.
    SHORT_HISTORY = "short_history"


def _caveats(value: tuple[Caveat, ...]) -> tuple[Caveat, ...]:
    return tuple(Caveat(caveat) for caveat in value)


@readable_signature
@attrs.frozen(kw_only=True)
class WindowProjection:
    """Where a window of a target is likely to end (floats: an estimate).

    A window closed at ``as_of`` is history: its numbers are its actual's,
    its probability 0 or 1.

    Attributes:
        label: ``FY2027-Q3``, ``term``, ...
        start: The window's first day.
        end: Its last day.
        target: The target in the window (stepped and pro-rated, as the
            scorecard has it).
        actual: The actual at ``as_of``, or None (a level with no reading).
        closed: Whether the window had closed at ``as_of``.
        mean: The mean of the final actual over the runs, or None when no
            run has one.
        percentiles: Percent → the final actual below which that share of
            the runs ends (linear interpolation); empty when no run has one.
        probability: The share of the runs in which the window ends met
            (a final that misses the target only in the floats' last digits,
            by less than 10^-12 of the target's and the actual's size, is on
            it).
        attainment: The mean final attainment over the runs that have one,
            as a scorecard's window reads it (``actual / target``, or
            ``target / actual`` for AT_MOST, the other way round for a
            target on the other side of 0), not clamped; None when no run
            has one (a final at or past 0 where the target is not is better
            than any ratio says, and has none).
        caveats: What to bear in mind when reading the runs of a window
            still open: the caveats of the `Basis` it was projected on
            (empty for a closed window, which is history).
    """

    label: str
    start: dt.date
    end: dt.date
    target: float
    actual: float | None
    closed: bool
    mean: float | None
    percentiles: Mapping[int, float] = attrs.field(
        factory=FrozenDict, converter=_percentiles
    )
    probability: float
    attainment: float | None
    caveats: tuple[Caveat, ...] = attrs.field(default=(), converter=_caveats)


@attrs.frozen(kw_only=True)
class TargetProjection:
    """A goal's or a contribution's target, projected to the end of each window.

    Attributes:
        goal: The goal's id, for a goal.
        contribution: The contribution's id, for a contribution.
        party: The id of the party that pledged the contribution (None for
            a goal).
        target: The target.
        aggregation: The aggregation of its metric.
        windows: Every window, in order.
        probability: The share of the runs in which every window still open
            at ``as_of`` ends met (the current one and all later ones), or
            None when all have closed.
    """

    goal: str | None = None
    contribution: str | None = None
    party: str | None = None
    target: Target
    aggregation: Aggregation
    windows: tuple[WindowProjection, ...]
    probability: float | None

    @property
    def id(self) -> str:
        """The id of the goal or the contribution."""
        return self.goal if self.goal is not None else str(self.contribution)

    @property
    def caveats(self) -> tuple[Caveat, ...]:
        """The caveats of the windows still open, each once, in order."""
        return tuple(dict.fromkeys(c for w in self.windows for c in w.caveats))

    @property
    def subject(self) -> str:
        """``goal:ID`` or ``contribution:ID``, as findings name it."""
        if self.goal is not None:
            return f"goal:{self.goal}"
        return f"contribution:{self.contribution}"

    @property
    def current(self) -> WindowProjection:
        """The first window still open at ``as_of``; the last when all have closed.

        As ``as_of`` means the end of that day, this is the window of the day
        after it. (A scorecard's current window on a window's last day is
        that window, already closed; a projection looks ahead.)
        """
        for window in self.windows:
            if not window.closed:
                return window
        return self.windows[-1]

    def window(self, label: str) -> WindowProjection:
        """Return the window labelled *label*.

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


@readable_signature
@attrs.frozen(kw_only=True)
class IncentiveWindowProjection:
    """What an incentive is likely to pay for one window of its basis (floats).

    Attributes:
        label: The basis window's label.
        closed: Whether the window had closed at ``as_of`` (its payout is
            earned: the scorecard's).
        tiers: For each tier of the incentive, in order, the share of the
            runs in which it is the tier reached.
        none: The share of the runs in which no tier is reached.
        mean: The mean payout (after the cap) over the runs; None for
            status tiers, which pay nothing.
        percentiles: Percent → payout; empty for status tiers.
    """

    label: str
    closed: bool
    tiers: tuple[float, ...]
    none: float
    mean: float | None
    percentiles: Mapping[int, float] = attrs.field(
        factory=FrozenDict, converter=_percentiles
    )


@readable_signature
@attrs.frozen(kw_only=True)
class IncentiveProjection:
    """What an incentive is likely to pay over the term (floats: an estimate).

    Attributes:
        incentive: The incentive's id.
        unit: The payout unit, or None for status tiers.
        windows: One per window of its basis's target, in order.
        mean: The mean of the total payout over the term (after the cap);
            None for status tiers.
        percentiles: Percent → total payout; empty for status tiers.
        statuses: Status → the share of the runs that end the term with it
            (the status of the latest window that reached a status tier);
            empty unless the tiers are statuses.
    """

    incentive: str
    unit: str | None
    windows: tuple[IncentiveWindowProjection, ...]
    mean: float | None
    percentiles: Mapping[int, float] = attrs.field(
        factory=FrozenDict, converter=_percentiles
    )
    statuses: Mapping[str, float] = attrs.field(factory=FrozenDict, converter=_shares)

    def window(self, label: str) -> IncentiveWindowProjection:
        """Return the window labelled *label*.

        Raises:
            NotFoundError: When the incentive has no window of that label.
        """
        for window in self.windows:
            if window.label == label:
                return window
        where = f"incentive {self.incentive!r}"
        labels = (w.label for w in self.windows)
        raise NotFoundError(
            no_such("window", label, where, labels, suggest=False), label
        )


class Source(StrEnum):
    """Where the rate of a projected metric came from."""

    #: The assumptions gave it (times the observed share for a ``where``).
    GIVEN = "given"
    #: The observed run rate over the lookback.
    OBSERVED = "observed"
    #: Neither, as there is no history; the future adds nothing (drivers aside).
    NONE = "none"


@readable_signature
@attrs.frozen(kw_only=True)
class Basis:
    """What the projection of one metric (under one ``where``) rests on.

    Attributes:
        metric: The metric's id.
        where: The dimension filter of the targets it serves (empty: all).
        rate: The rate used (for a ``where``, already times the share), or
            None when the future adds nothing.
        per: The period the rate is per.
        source: Where the rate came from.
        since: The first day of the observed history it was measured over,
            or None without history.
        share: The share of the metric the ``where`` selected over that
            history (1 without a filter); drivers add this share of their
            effect.
        drivers: The drivers that act on the metric.
        caveats: What to bear in mind about the rate: `Caveat.SHORT_HISTORY`
            when it (or, for a ``where``, its share) was read from less than
            60 days of history.
    """

    metric: str
    where: Mapping[str, str] = attrs.field(factory=FrozenDict, converter=_where)
    rate: Distribution | None
    per: Period
    source: Source
    since: dt.date | None
    share: float
    drivers: tuple[Driver, ...] = ()
    caveats: tuple[Caveat, ...] = attrs.field(default=(), converter=_caveats)


#: The columns of every record of ``Projection.to_records()`` before the
#: percentiles (``p5``, ``p50``, ...: floats) and after them, with their kinds.
TARGET_HEAD: Schema = (
    *WINDOW_KEYS,  # as a scorecard's target records begin
    ("closed", "bool"),
    ("target", "float"),
    ("actual", "float"),
    ("mean", "float"),
)
TARGET_TAIL: Schema = (
    ("probability", "float"),
    ("attainment", "float"),
    ("caveats", "text"),
)
INCENTIVE_HEAD: Schema = (
    ("incentive", "text"),
    ("unit", "text"),
    ("window", "text"),
    ("closed", "bool"),
    ("mean", "float"),
)
INCENTIVE_TAIL: Schema = (("tiers", "floats"), ("none", "float"))


def percentile_schema(percentiles: tuple[int, ...]) -> Schema:
    """Return the percentile columns, ``p5``, ``p50``, ..., each a float."""
    kind: Kind = "float"
    return tuple((f"p{q}", kind) for q in percentiles)


@attrs.frozen(kw_only=True)
class Projection(ShowsSummary):
    """Every goal, contribution and incentive of an agreement, projected.

    Build one with `project`. Its numbers are floats: estimates from
    ``runs`` simulated futures, reproducible from ``seed``, never written
    back into an agreement. Its ``repr`` is a one-line summary (the
    agreement's id, the scenario, the day, the runs and how many targets
    and incentives it projects), as a `~mutualcommit.kpi.Scorecard`'s is.

    Attributes:
        agreement: The agreement projected.
        as_of: The day the projection starts after (its end).
        runs: How many futures were simulated.
        seed: The seed they were drawn from.
        percentiles: The percentiles each window reports.
        goals: The goals with a target, in agreement order.
        contributions: The contributions with a target, in agreement order.
        incentives: The incentives whose basis has a target, in agreement
            order.
        basis: What each projected metric rested on.
        scenario: The name of the scenario projected (`Scenario.project`
            sets it), or None.
    """

    agreement: Agreement = attrs.field(repr=False)
    as_of: dt.date
    runs: int
    seed: int | str
    percentiles: tuple[int, ...]
    goals: tuple[TargetProjection, ...] = ()
    contributions: tuple[TargetProjection, ...] = ()
    incentives: tuple[IncentiveProjection, ...] = ()
    basis: tuple[Basis, ...] = ()
    scenario: str | None = None

    @property
    def agreement_id(self) -> str:
        """The id of the agreement projected, as `~mutualcommit.Report.agreement_id` is a report's."""
        return self.agreement.id

    def __repr__(self) -> str:
        # Counts, not the windows: as a Scorecard's, for a log line or a
        # failed assertion (a year's projection runs to tens of kilobytes).
        return (
            f"<Projection agreement={self.agreement.id!r} "
            f"scenario={self.scenario!r} as_of={self.as_of} runs={self.runs} "
            f"seed={self.seed!r} percentiles={self.percentiles!r} "
            f"goals={len(self.goals)} contributions={len(self.contributions)} "
            f"incentives={len(self.incentives)} metrics={len(self.basis)}>"
        )

    def _summary(self) -> Document:
        """Summarise the projection for a notebook cell, per target its next window."""
        from ._notebook import projection_document

        return projection_document(self)

    def rate(self, metric: str) -> Distribution:
        """Return the rate the projection of the whole of *metric* rested on.

        The rate a variant scales: with registrations down 20 %, ::

            Assumptions(rates={"regs": projection.rate("regs").scaled(Decimal("0.8"))})

        It is the given or the observed rate, per the assumptions' ``per``.

        Raises:
            NotFoundError: When no target projects the whole metric (every target
                on it selects part of it with ``where``, whose rates are
                already times their share), or the metric is not projected.
            ArgumentError: Naming ``metric``, when the metric had neither a
                given rate nor history.
        """
        for basis in self.basis:
            if basis.metric == metric and not basis.where:
                if basis.rate is None:
                    msg = (
                        f"metric {metric!r} has no rate: it has no history and "
                        "the assumptions give it none"
                    )
                    raise ArgumentError(msg, "metric")
                return basis.rate
        parts = [dict(b.where) for b in self.basis if b.metric == metric]
        if parts:
            msg = (
                f"no target projects the whole of metric {metric!r}, only parts "
                f"of it: {parts}; see Projection.basis"
            )
        else:
            msg = no_such(
                "projected metric",
                metric,
                f"agreement {self.agreement.id!r}",
                sorted({b.metric for b in self.basis}),
            )
        raise NotFoundError(msg, metric)

    def goal(self, id: str) -> TargetProjection:  # noqa: A002 - the model's word
        """Return the projection of the goal *id*.

        Raises:
            NotFoundError: When the agreement has no such goal, or the goal has no
                target and so no projection.
        """
        return _find(self.goals, id, "goal", self.agreement.id, self.agreement.goals)

    def contribution(self, id: str) -> TargetProjection:  # noqa: A002 - the model's word
        """Return the projection of the contribution *id*.

        Raises:
            NotFoundError: When the agreement has no such contribution, or it has
                no target and so no projection.
        """
        return _find(
            self.contributions,
            id,
            "contribution",
            self.agreement.id,
            self.agreement.contributions,
        )

    def incentive(self, id: str) -> IncentiveProjection:  # noqa: A002 - the model's word
        """Return the projection of the incentive *id*.

        Raises:
            NotFoundError: When the agreement has no such incentive, or its basis
                has no target and so no projection.
        """
        for result in self.incentives:
            if result.incentive == id:
                return result
        known = [incentive.id for incentive in self.agreement.incentives]
        if id in known:
            msg = (
                f"incentive {id!r} of agreement {self.agreement.id!r} has no "
                "basis with a target, so it has no projection"
            )
        else:
            msg = no_such("incentive", id, f"agreement {self.agreement.id!r}", known)
        raise NotFoundError(msg, id)

    def target(self, subject: str) -> TargetProjection:
        """Return the projection of ``goal:ID``, ``contribution:ID`` or a bare id.

        A bare id is looked up among the goals first.

        Raises:
            NotFoundError: When nothing of that id or subject is projected.
            TypeError: When *subject* is not a string.
        """
        kind, id = split_subject(  # noqa: A001 - the model's word
            as_instance("subject", subject, str),
            {result.id for result in self.goals},
            {result.id for result in self.contributions},
        )
        if kind == "goal":
            return self.goal(id)
        if kind == "contribution":
            return self.contribution(id)
        for result in (*self.goals, *self.contributions):
            if result.id == id:
                return result
        projected = (result.id for result in (*self.goals, *self.contributions))
        where = f"agreement {self.agreement.id!r}"
        msg = no_such("projected goal or contribution", subject, where, projected)
        raise NotFoundError(msg, subject)

    def columns(self, table: Table = "targets") -> tuple[str, ...]:
        """Return the keys of the records of *table*, in order.

        Raises:
            ValueError: When *table* is neither ``"targets"`` nor
                ``"incentives"``.
        """
        return column_names(self._schema(table))

    def _schema(self, table: Table) -> Schema:
        middle = percentile_schema(self.percentiles)
        if as_choice("table", table, ("targets", "incentives")) == "incentives":
            return (*INCENTIVE_HEAD, *middle, *INCENTIVE_TAIL)
        return (*TARGET_HEAD, *middle, *TARGET_TAIL)

    def to_records(self, table: Table = "targets") -> list[dict[str, Any]]:
        """Return the projection as flat records (plain dicts), for a frame.

        ``table="targets"``: one record per goal or contribution and window,
        with the keys of `columns`: ``kind`` (``goal`` or
        ``contribution``), ``id``, ``party``, ``metric``, ``window``,
        ``start``, ``end``, ``closed``, ``target``, ``actual``, ``mean``,
        one ``pN`` per percentile, ``probability``, ``attainment`` and
        ``caveats`` (the window's caveats joined by ", ", empty when none).

        ``table="incentives"``: one record per incentive and window and one
        per incentive with ``window="total"`` (the term's total), with
        ``incentive``, ``unit``, ``window``, ``closed``, ``mean``, the
        percentiles of the payout, ``tiers`` (a tuple: the share of runs
        reaching each tier) and ``none``. On the total of an incentive
        whose tiers are statuses, ``tiers`` holds the share of the runs that
        end the term with each tier's status (`IncentiveProjection.statuses`)
        and ``none`` those that end it with none; on a payout's total they
        are None.

        Numbers are floats, dates `datetime.date`.

        Raises:
            ValueError: When *table* is neither ``"targets"`` nor
                ``"incentives"``.
        """
        columns = self.columns(table)
        if table == "incentives":
            records: list[dict[str, Any]] = []
            for incentive in self.incentives:
                records.extend(
                    _record(
                        columns,
                        window.percentiles,
                        incentive=incentive.incentive,
                        unit=incentive.unit,
                        window=window.label,
                        closed=window.closed,
                        mean=window.mean,
                        tiers=window.tiers,
                        none=window.none,
                    )
                    for window in incentive.windows
                )
                # A status incentive's term: the share of the runs ending it
                # in each tier's status, and with none.
                term_tiers: tuple[float, ...] | None = None
                term_none: float | None = None
                if incentive.statuses:
                    tiers = self.agreement.incentive(incentive.incentive).tiers
                    term_tiers = tuple(
                        incentive.statuses.get(tier.status or "", 0.0) for tier in tiers
                    )
                    # Rounded: the shares' float sum may miss 1 in its last bit.
                    rest = round(1.0 - sum(incentive.statuses.values()), 12)
                    term_none = max(0.0, rest)
                records.append(
                    _record(
                        columns,
                        incentive.percentiles,
                        incentive=incentive.incentive,
                        unit=incentive.unit,
                        window="total",
                        closed=all(w.closed for w in incentive.windows),
                        mean=incentive.mean,
                        tiers=term_tiers,
                        none=term_none,
                    )
                )
            return records
        return [
            _record(
                columns,
                window.percentiles,
                kind="goal" if result.goal is not None else "contribution",
                id=result.id,
                party=result.party,
                metric=result.target.metric,
                window=window.label,
                start=window.start,
                end=window.end,
                closed=window.closed,
                target=window.target,
                actual=window.actual,
                mean=window.mean,
                probability=window.probability,
                attainment=window.attainment,
                caveats=", ".join(window.caveats),
            )
            for result in (*self.goals, *self.contributions)
            for window in result.windows
        ]

    def to_pandas(self, table: Table = "targets") -> Any:
        """Return `to_records` as a `pandas.DataFrame` (needs the ``pandas`` extra).

        Each column has its table's dtype whatever the rows hold (None in
        every row, or no row at all): numbers ``float64`` (None is NaN),
        whole numbers ``Int64`` (None is ``<NA>``), so frames stack with
        ``pandas.concat``.

        Raises:
            ModuleNotFoundError: When pandas is not installed.
            ValueError: As `to_records`.
        """
        return to_pandas(
            self.to_records(table), self._schema(table), "Projection.to_pandas()"
        )

    def to_polars(self, table: Table = "targets") -> Any:
        """Return `to_records` as a `polars.DataFrame` (needs the ``polars`` extra).

        Each column has its table's type whatever the rows hold (None in
        every row, or no row at all), so frames stack with ``polars.concat``.

        Raises:
            ModuleNotFoundError: When polars is not installed.
            ValueError: As `to_records`.
        """
        return to_polars(
            self.to_records(table), self._schema(table), "Projection.to_polars()"
        )


def _record(
    columns: tuple[str, ...], percentiles: Mapping[int, float], **values: Any
) -> dict[str, Any]:
    record: dict[str, Any] = dict.fromkeys(columns)
    record.update(values)
    for q, value in percentiles.items():
        record[f"p{q}"] = value
    return record


def _find(
    results: tuple[TargetProjection, ...],
    id: str,  # noqa: A002 - the model's word
    kind: str,
    agreement: str,
    entities: tuple[Goal, ...] | tuple[Contribution, ...],
) -> TargetProjection:
    for result in results:
        if result.id == id:
            return result
    known = [entity.id for entity in entities]
    if id in known:
        msg = (
            f"{kind} {id!r} of agreement {agreement!r} has no target, so it "
            "has no projection"
        )
    else:
        msg = no_such(kind, id, f"agreement {agreement!r}", known)
    raise NotFoundError(msg, id)
