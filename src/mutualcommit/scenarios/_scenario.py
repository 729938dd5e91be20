"""Scenarios: a named variant of an agreement with its assumptions, and `compare`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from mutualcommit._frames import Schema, column_names, to_pandas, to_polars
from mutualcommit.errors import ArgumentError, NotFoundError
from mutualcommit.kpi import ObservationIndex
from mutualcommit.model import (
    Agreement,
    FrozenDict,
    FundEvent,
    Observation,
    readable_signature,
)
from mutualcommit.model._arguments import (
    as_agreement,
    as_fund_events,
    as_instance,
    as_observations,
)
from mutualcommit.model._calls import refuses_miscalls
from mutualcommit.model._notebook import ShowsSummary
from mutualcommit.model._shown import no_such
from mutualcommit.rules import DEFAULT_POLICY, Policy, Report, Severity, check

from ._assumptions import Assumptions, as_assumptions
from ._project import DEFAULT_PERCENTILES, project
from ._results import Caveat, Projection, percentile_schema

if TYPE_CHECKING:
    from mutualcommit.render._tree import Document

__all__ = ["Comparison", "ComparisonRow", "Scenario", "compare"]


def _name(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    del instance
    as_instance(attribute.name, value, str)


def _agreement(
    instance: object, attribute: attrs.Attribute[Agreement], value: object
) -> None:
    del instance
    as_agreement(attribute.name, value)


def _assumptions(
    instance: object, attribute: attrs.Attribute[Assumptions], value: object
) -> None:
    del instance
    as_assumptions(attribute.name, value)


@refuses_miscalls
@readable_signature
@attrs.frozen(kw_only=True)
class Scenario:
    """A what-if: a name, a variant of an agreement, and what it assumes.

    Make the first from the agreement as it stands, then variants of it
    with `variant` and the helpers (`scale_allocation`, `change_target`,
    `add_contribution`); a variant keeps its parent's *baseline*, so that
    drivers count only the funding it adds.

    Attributes:
        name: What the scenario is called in a comparison.
        agreement: The agreement (a variant, usually).
        assumptions: The rates and drivers of its projection.
        baseline: The agreement the observations were recorded under; by
            default the scenario's own agreement. Drivers act on the funding
            *agreement* has beyond it.

    Raises:
        TypeError: When *name* is not a str, *agreement* or *baseline* not
            an `Agreement`, or *assumptions* not `Assumptions`.
    """

    name: str = attrs.field(validator=_name)
    agreement: Agreement = attrs.field(repr=False, validator=_agreement)
    assumptions: Assumptions = attrs.field(factory=Assumptions, validator=_assumptions)
    baseline: Agreement = attrs.field(
        default=attrs.Factory(lambda self: self.agreement, takes_self=True),
        repr=False,
        validator=_agreement,
    )

    def variant(
        self,
        name: str,
        agreement: Agreement | None = None,
        *,
        assumptions: Assumptions | None = None,
    ) -> Scenario:
        """Return a scenario named *name* with another agreement or assumptions.

        What is not given is this scenario's; the baseline always is. The
        *assumptions* given are merged into this scenario's
        (`Assumptions.merge`): a variant states only the rates and drivers
        it changes, and keeps the rest, its period (``per``) included, so
        a rate it gives without one is read per this scenario's, as
        `Projection.rate` gives it. To drop one, replace the variant's
        assumptions::

            attrs.evolve(variant, assumptions=base.assumptions.without(drivers=["mdf"]))

        Args:
            name: The variant's name.
            agreement: Its agreement; None: this scenario's.
            assumptions: What it assumes differently; None: nothing.

        Raises:
            ValueError: When *assumptions* state a period other than this
                scenario's, which keeps rates given per its own (see
                `Assumptions.merge`).
            TypeError: When *name* is not a str, *agreement* not an
                `Agreement` or *assumptions* not `Assumptions` (a dict of
                rates is not: pass ``Assumptions(rates={...})``).
        """
        if agreement is not None:
            as_agreement("agreement", agreement)
        if assumptions is not None:
            as_assumptions("assumptions", assumptions)
        return Scenario(
            name=name,
            agreement=self.agreement if agreement is None else agreement,
            assumptions=(
                self.assumptions
                if assumptions is None
                else self.assumptions.merge(assumptions)
            ),
            baseline=self.baseline,
        )

    def report(
        self,
        as_of: dt.date,
        *,
        observations: Iterable[Observation] | ObservationIndex | None = None,
        policy: Policy = DEFAULT_POLICY,
        fund_events: Iterable[FundEvent] | None = None,
    ) -> Report:
        """Check the scenario's agreement with the rules (`check`).

        A variant that over-commits a party shows MC204 at once. A variant
        of a signed agreement shows MC402 too: its terms changed, so the
        parties would sign again. With the fund log, a variant that cuts a
        fund below what it already approved shows MC206. The observations
        are taken as `check` takes them: a log, or an `ObservationIndex`
        built for the scenario's agreement.
        """
        return check(
            self.agreement,
            as_of=as_of,
            observations=observations,
            policy=policy,
            fund_events=fund_events,
        )

    def project(
        self,
        observations: Iterable[Observation],
        *,
        as_of: dt.date,
        runs: int = 10_000,
        seed: int | str = 0,
        percentiles: Sequence[int] = DEFAULT_PERCENTILES,
    ) -> Projection:
        """Project the scenario's agreement with its assumptions and baseline (`project`).

        The projection carries the scenario's name (`Projection.scenario`),
        which the charts put in their titles.
        """
        projection = project(
            self.agreement,
            observations,
            as_of=as_of,
            assumptions=self.assumptions,
            baseline=self.baseline,
            runs=runs,
            seed=seed,
            percentiles=percentiles,
        )
        return attrs.evolve(projection, scenario=self.name)


def _percentiles(value: Mapping[int, float] | None) -> FrozenDict[int, float]:
    return FrozenDict(value)


@readable_signature
@attrs.frozen(kw_only=True)
class ComparisonRow:
    """One goal under one scenario: a window's projection and the scenario's check.

    Attributes:
        scenario: The scenario's name.
        goal: The goal's id.
        window: The label of the window compared: the one asked for, else
            the goal's first window still open at ``as_of``.
        target: The target in that window.
        actual: Its actual at ``as_of``.
        mean: The mean final actual.
        percentiles: Percent → final actual.
        probability: The share of runs in which the window ends met.
        attainment: The mean final attainment.
        probability_all: The share of runs in which every window still open
            ends met (None when all have closed).
        errors: The codes of the error findings of the scenario's check,
            sorted.
        caveats: The caveats of the window compared (`WindowProjection.caveats`).
    """

    scenario: str
    goal: str
    window: str
    target: float
    actual: float | None
    mean: float | None
    percentiles: Mapping[int, float] = attrs.field(
        factory=FrozenDict, converter=_percentiles
    )
    probability: float
    attainment: float | None
    probability_all: float | None
    errors: tuple[str, ...] = ()
    caveats: tuple[Caveat, ...] = ()


_HEAD: Schema = (
    ("scenario", "text"),
    ("goal", "text"),
    ("window", "text"),
    ("target", "float"),
    ("actual", "float"),
    ("mean", "float"),
)
_TAIL: Schema = (
    ("probability", "float"),
    ("attainment", "float"),
    ("probability_all", "float"),
    ("errors", "text"),
    ("caveats", "text"),
)


@attrs.frozen(kw_only=True)
class Comparison(ShowsSummary):
    """Scenarios side by side: one row per goal and scenario.

    Attributes:
        as_of: The day the projections start after.
        runs: The runs per projection.
        seed: The seed of every projection (the same for all: their
            differences come from the scenarios, not from the draws).
        percentiles: The percentiles of each row.
        rows: Goal by goal, in the order the goals first appear (the first
            scenario's goals, then those later scenarios add); within a goal,
            the scenarios in the order given.
        projections: Scenario name → its projection.
        reports: Scenario name → its check.
    """

    as_of: dt.date
    runs: int
    seed: int | str
    percentiles: tuple[int, ...]
    rows: tuple[ComparisonRow, ...]
    projections: Mapping[str, Projection] = attrs.field(repr=False)
    reports: Mapping[str, Report] = attrs.field(repr=False)

    def row(self, scenario: str, goal: str) -> ComparisonRow:
        """Return the row of *goal* under *scenario*.

        Raises:
            NotFoundError: When the comparison has no such scenario or goal.
        """
        for row in self.rows:
            if row.scenario == scenario and row.goal == goal:
                return row
        scenarios = [row.scenario for row in self.rows]
        if scenario not in scenarios:
            raise NotFoundError(
                no_such("scenario", scenario, "the comparison", scenarios), scenario
            )
        goals = [row.goal for row in self.rows if row.scenario == scenario]
        where = f"the comparison's scenario {scenario!r}"
        raise NotFoundError(no_such("goal", goal, where, goals), goal)

    def _summary(self) -> Document:
        """Show every row in a notebook cell."""
        from ._notebook import comparison_document

        return comparison_document(self)

    @property
    def columns(self) -> tuple[str, ...]:
        """The keys of the records, in order."""
        return column_names(self._schema)

    @property
    def _schema(self) -> Schema:
        return (*_HEAD, *percentile_schema(self.percentiles), *_TAIL)

    def to_records(self) -> list[dict[str, Any]]:
        """Return the rows as plain dicts with the keys of `columns`.

        ``errors`` is the codes joined by ", " (empty when the check found
        no error), ``caveats`` the window's caveats alike; numbers are
        floats.
        """
        records = []
        for row in self.rows:
            record: dict[str, Any] = dict.fromkeys(self.columns)
            record.update(
                scenario=row.scenario,
                goal=row.goal,
                window=row.window,
                target=row.target,
                actual=row.actual,
                mean=row.mean,
                probability=row.probability,
                attainment=row.attainment,
                probability_all=row.probability_all,
                errors=", ".join(row.errors),
                caveats=", ".join(row.caveats),
            )
            for q, value in row.percentiles.items():
                record[f"p{q}"] = value
            records.append(record)
        return records

    def to_pandas(self) -> Any:
        """Return `to_records` as a `pandas.DataFrame` (needs the ``pandas`` extra).

        Each column has its table's dtype whatever the rows hold (None in
        every row, or no row at all): numbers ``float64`` (None is NaN),
        whole numbers ``Int64`` (None is ``<NA>``), so frames stack with
        ``pandas.concat``.

        Raises:
            ModuleNotFoundError: When pandas is not installed.
        """
        return to_pandas(self.to_records(), self._schema, "Comparison.to_pandas()")

    def to_polars(self) -> Any:
        """Return `to_records` as a `polars.DataFrame` (needs the ``polars`` extra).

        Each column has its table's type whatever the rows hold (None in
        every row, or no row at all), so frames stack with ``polars.concat``.

        Raises:
            ModuleNotFoundError: When polars is not installed.
        """
        return to_polars(self.to_records(), self._schema, "Comparison.to_polars()")


def compare(
    *scenarios: Scenario,
    observations: Iterable[Observation],
    as_of: dt.date,
    runs: int = 10_000,
    seed: int | str = 0,
    percentiles: Sequence[int] = (10, 50, 90),
    window: str | None = None,
    policy: Policy = DEFAULT_POLICY,
    fund_events: Iterable[FundEvent] | None = None,
) -> Comparison:
    """Project and check each scenario, and set their goals side by side.

    Every scenario is projected with the same *seed*: metrics a variant does
    not change draw the same futures in each, so the rows differ by what
    the variants change.

    Args:
        *scenarios: The scenarios, with distinct names.
        observations: The log (read once, shared by all).
        as_of: The last day observed.
        runs: The runs per projection.
        seed: The seed of every projection.
        percentiles: The percentiles of each row.
        window: The label of the window to compare (``FY2027-Q3``); a goal
            without it, or None, gives its first window still open.
        policy: The policy of the checks.
        fund_events: The log of the funds (read once, shared by all), so
            that each check runs the fund rules: a variant that cuts a
            fund below what it already approved shows MC206 among its
            row's errors. Without it the fund rules find nothing.

    Returns:
        The comparison, one row per goal and scenario in a stable order.

    Raises:
        ArgumentError: Naming the argument: when no scenario is given or
            two share a name, when *window* is the label of no goal's
            window in any scenario (a typo would otherwise compare each
            goal's open window), or as `project` raises it; a `TypeError`
            too when a scenario is not a `Scenario`, *policy* not a
            `Policy`, *window* not a str or *fund_events* text, a path, a
            mapping or not iterable, and as `project` raises it.
        InvalidObservationsError: When the observations or the fund log
            are not valid for a scenario's agreement (a variant that drops
            a fund the log names), as `check` raises it.
    """
    if not scenarios:
        msg = "compare() needs at least one scenario"
        raise ArgumentError(msg, "scenarios")
    for number, scenario in enumerate(scenarios):
        as_instance(f"scenarios[{number}]", scenario, Scenario)
    as_instance("policy", policy, Policy)
    if window is not None:
        as_instance("window", window, str)
    names = [scenario.name for scenario in scenarios]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        msg = f"scenario names are distinct; repeated: {', '.join(duplicates)}"
        second = next(i for i, name in enumerate(names) if name in names[:i])
        raise ArgumentError(msg, f"scenarios[{second}]")
    log = as_observations(observations)
    funds = None if fund_events is None else as_fund_events(fund_events)
    projections: dict[str, Projection] = {}
    reports: dict[str, Report] = {}
    for scenario in scenarios:
        projections[scenario.name] = scenario.project(
            log, as_of=as_of, runs=runs, seed=seed, percentiles=percentiles
        )
        reports[scenario.name] = scenario.report(
            as_of, observations=log, policy=policy, fund_events=funds
        )
    order: list[str] = []
    for scenario in scenarios:
        order.extend(g.id for g in scenario.agreement.goals if g.id not in order)
    if window is not None:
        labels = {
            w.label
            for projection in projections.values()
            for result in projection.goals
            for w in result.windows
        }
        if window not in labels:
            msg = (
                f"window {window!r}: no goal of any scenario has it; their "
                f"windows are {', '.join(sorted(labels)) or 'none'}"
            )
            raise ArgumentError(msg, "window")
    rows = []
    for goal in order:
        for scenario in scenarios:
            projection = projections[scenario.name]
            try:
                result = projection.goal(goal)
            except KeyError:
                continue  # the scenario lacks the goal, or the goal a target
            chosen = result.current
            if window is not None:
                chosen = next(
                    (w for w in result.windows if w.label == window), result.current
                )
            report = reports[scenario.name]
            rows.append(
                ComparisonRow(
                    scenario=scenario.name,
                    goal=goal,
                    window=chosen.label,
                    target=chosen.target,
                    actual=chosen.actual,
                    mean=chosen.mean,
                    percentiles=chosen.percentiles,
                    probability=chosen.probability,
                    attainment=chosen.attainment,
                    probability_all=result.probability,
                    errors=tuple(
                        sorted(
                            {
                                f.code
                                for f in report.findings
                                if f.severity is Severity.ERROR
                            }
                        )
                    ),
                    caveats=chosen.caveats,
                )
            )
    first = projections[scenarios[0].name]
    return Comparison(
        as_of=as_of,
        runs=runs,
        seed=seed,
        percentiles=first.percentiles,
        rows=tuple(rows),
        projections=FrozenDict(projections),
        reports=FrozenDict(reports),
    )
