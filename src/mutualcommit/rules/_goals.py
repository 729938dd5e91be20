"""MC1xx: shared goals, measurable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import cache

from mutualcommit.kpi import ObservationIndex
from mutualcommit.kpi._exceptions import unseen_pair, unselected
from mutualcommit.kpi._measures import clashing_key
from mutualcommit.kpi._windows import term_target
from mutualcommit.model import (
    PLAIN_UNITS,
    Aggregation,
    Agreement,
    Direction,
    Incentive,
    Remedy,
    Target,
)

from ._context import Context
from ._findings import Finding, ParamInput, Severity, where_pairs
from ._rule import rule

__all__ = [
    "mc101",
    "mc102",
    "mc103",
    "mc104",
    "mc105",
    "mc106",
    "mc107",
    "mc108",
    "mc109",
    "mc110",
]


@rule(
    "MC101",
    Severity.ERROR,
    title="A goal has no target: it is vague, nobody can tell whether it was reached.",
    messages={
        "goal": (
            'Goal {goal} "{title}" has no target, so nobody can tell whether '
            "it was reached; give it a target on a metric, with a direction "
            "and a window."
        ),
    },
)
def mc101(context: Context) -> Iterator[Finding]:
    agreement = context.agreement
    for i, goal in enumerate(agreement.goals):
        if goal.target is None:
            yield context.finding(
                f"goal:{goal.id}",
                f"goals[{i}]",
                goal=goal.id,
                title=goal.title,
            )


@rule(
    "MC102",
    Severity.ERROR,
    title="A target's due date lies outside the term.",
    messages={
        "goal": (
            'Goal {goal} "{title}" is due on {due}, outside the term from '
            "{start} to {end}; move the due date into the term, or leave it "
            "out to mean the end of the term."
        ),
        "contribution": (
            'Contribution {contribution} "{title}" is due on {due}, outside '
            "the term from {start} to {end}; move the due date into the term, "
            "or leave it out to mean the end of the term."
        ),
    },
)
def mc102(context: Context) -> Iterator[Finding]:
    agreement = context.agreement
    for subject, path, title, target in context.targets():
        due = target.due
        if due is not None and not agreement.start <= due <= agreement.end:
            kind, _, id_ = subject.partition(":")
            yield context.finding(
                subject,
                f"{path}.target.due",
                **{kind: id_},
                title=title,
                due=due,
                start=agreement.start,
                end=agreement.end,
            )


@rule(
    "MC103",
    Severity.WARNING,
    title="A contribution has no target: the pledge cannot be measured.",
    messages={
        "contribution": (
            'Contribution {contribution} "{title}" of party {party} has no '
            "target, so it cannot be measured; give it a target on a metric."
        ),
    },
)
def mc103(context: Context) -> Iterator[Finding]:
    agreement = context.agreement
    for i, contribution in enumerate(agreement.contributions):
        if contribution.target is None:
            yield context.finding(
                f"contribution:{contribution.id}",
                f"contributions[{i}]",
                contribution=contribution.id,
                title=contribution.title,
                party=contribution.party,
            )


@rule(
    "MC104",
    Severity.WARNING,
    title="A metric a target uses has no party that reports it.",
    messages={
        "metric": (
            'Metric {metric} "{name}" is used by a target but no party reports '
            "it; set reported_by to the party that records its observations."
        ),
    },
)
def mc104(context: Context) -> Iterator[Finding]:
    # A computed metric (a ratio, OTIF, a forecast measure) is reported by no
    # one: the metrics it is computed from are the ones that need a reporter.
    agreement = context.agreement
    used = {target.metric for _, _, _, target in context.targets()}
    computed: set[str] = set()
    for metric in agreement.metrics:
        if metric.id in used and metric.aggregation.is_computed:
            computed.add(metric.id)
            used.update(metric.sources)
    for i, metric in enumerate(agreement.metrics):
        if metric.id in used - computed and metric.reported_by is None:
            yield context.finding(
                f"metric:{metric.id}",
                f"metrics[{i}].reported_by",
                metric=metric.id,
                name=metric.name,
            )


def best_value(target: Target, agreement: Agreement) -> Decimal:
    """Return the most ambitious value *target* asks for over *agreement*'s term.

    The values that apply on some day of the term count (`term_target`):
    the one in force on its first day and those of the steps inside it. A
    value replaced before the term starts, or a step after it ends, asks
    nothing (rule MC110 reports them).
    """
    applied = term_target(target, agreement.start, agreement.end)
    values = (applied.value, *(step.value for step in applied.steps))
    return max(values) if target.direction is Direction.AT_LEAST else min(values)


@rule(
    "MC105",
    Severity.WARNING,
    title="A target does not move from its baseline, at any step in the term.",
    messages={
        "goal": (
            'Goal {goal} "{title}" does not move from its baseline: its target '
            "{value} is no better than the baseline {baseline}; set a target "
            "that improves on the baseline."
        ),
        "contribution": (
            'Contribution {contribution} "{title}" does not move from its '
            "baseline: its target {value} is no better than the baseline "
            "{baseline}; set a target that improves on the baseline."
        ),
    },
)
def mc105(context: Context) -> Iterator[Finding]:
    for subject, path, title, target in context.targets():
        baseline = target.baseline
        if baseline is None:
            continue
        best = best_value(target, context.agreement)
        stuck = (
            best <= baseline
            if target.direction is Direction.AT_LEAST
            else best >= baseline
        )
        if stuck:
            kind, _, id_ = subject.partition(":")
            yield context.finding(
                subject,
                f"{path}.target",
                **{kind: id_},
                title=title,
                value=best,
                baseline=baseline,
            )


@rule(
    "MC106",
    Severity.ERROR,
    title="No contribution supports a goal.",
    messages={
        "goal": (
            'No contribution supports goal {goal} "{title}"; add a contribution '
            "that names it in its supports."
        ),
    },
)
def mc106(context: Context) -> Iterator[Finding]:
    agreement = context.agreement
    for i, goal in enumerate(agreement.goals):
        if not context.supporters[goal.id]:
            yield context.finding(
                f"goal:{goal.id}",
                f"goals[{i}]",
                goal=goal.id,
                title=goal.title,
            )


@cache
def _iso_4217() -> frozenset[str]:
    # babel's currency data is loaded on first use only, not on import.
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


@rule(
    "MC107",
    Severity.WARNING,
    title="A currency code is not an ISO 4217 code babel knows.",
    messages={
        "agreement": (
            'Agreement {agreement} "{title}" is in currency {currency}, which is '
            "not an ISO 4217 code; use an ISO 4217 code such as EUR or USD."
        ),
        "party": (
            'Party {party} "{name}" declares a capacity in {currency}, which is '
            "not an ISO 4217 code; use an ISO 4217 code such as EUR or USD."
        ),
        "metric": (
            'Metric {metric} "{name}" is measured in {currency}, which is not an '
            "ISO 4217 code; use an ISO 4217 code such as EUR or USD."
        ),
        "allocation": (
            "Allocation {allocation} of party {party} is in {currency}, which is "
            "not an ISO 4217 code; use an ISO 4217 code such as EUR or USD."
        ),
        "incentive": (
            'Incentive {incentive} "{title}" pays in {currency}, which is not an '
            "ISO 4217 code; use an ISO 4217 code such as EUR or USD."
        ),
        "remedy": (
            'Remedy {remedy} "{title}" is owed in {currency}, which is not an '
            "ISO 4217 code; use an ISO 4217 code such as EUR or USD."
        ),
    },
)
def mc107(context: Context) -> Iterator[Finding]:
    # One finding per entity and unknown code, at the first place it appears.
    agreement = context.agreement
    known = _iso_4217()
    seen: set[tuple[str, str]] = set()

    def unknown(subject: str, unit: str) -> bool:
        if unit in PLAIN_UNITS or unit in known or (subject, unit) in seen:
            return False
        seen.add((subject, unit))
        return True

    if unknown("agreement", agreement.currency):
        yield context.finding(
            "agreement",
            "currency",
            agreement=agreement.id,
            title=agreement.title,
            currency=agreement.currency,
        )
    for i, party in enumerate(agreement.parties):
        for j, quantity in enumerate(party.capacity):
            if unknown(f"party:{party.id}", quantity.unit):
                yield context.finding(
                    f"party:{party.id}",
                    f"parties[{i}].capacity[{j}].unit",
                    party=party.id,
                    name=party.name,
                    currency=quantity.unit,
                )
    for i, metric in enumerate(agreement.metrics):
        if unknown(f"metric:{metric.id}", metric.unit):
            yield context.finding(
                f"metric:{metric.id}",
                f"metrics[{i}].unit",
                metric=metric.id,
                name=metric.name,
                currency=metric.unit,
            )
    for i, allocation in enumerate(agreement.allocations):
        if unknown(f"allocation:{allocation.id}", allocation.amount.unit):
            yield context.finding(
                f"allocation:{allocation.id}",
                f"allocations[{i}].amount.unit",
                allocation=allocation.id,
                party=allocation.party,
                currency=allocation.amount.unit,
            )
    for i, incentive in enumerate(agreement.incentives):
        subject = f"incentive:{incentive.id}"
        places = [
            (f"incentives[{i}].tiers[{j}].amount.unit", tier.amount.unit)
            for j, tier in enumerate(incentive.tiers)
            if tier.amount is not None
        ]
        if incentive.cap is not None:
            places.append((f"incentives[{i}].cap.unit", incentive.cap.unit))
        for path, unit in places:
            if unknown(subject, unit):
                yield context.finding(
                    subject,
                    path,
                    incentive=incentive.id,
                    title=incentive.title,
                    currency=unit,
                )
    for i, remedy in enumerate(agreement.remedies):
        subject = f"remedy:{remedy.id}"
        for name in ("amount", "cap", "cap_base"):
            quantity = getattr(remedy, name)
            if quantity is not None and unknown(subject, quantity.unit):
                yield context.finding(
                    subject,
                    f"remedies[{i}].{name}.unit",
                    remedy=remedy.id,
                    title=remedy.title,
                    currency=quantity.unit,
                )


@rule(
    "MC108",
    Severity.WARNING,
    title=(
        "A target's ``where`` selects none of its metric's observations, or "
        "none of those of a rate's ``of`` metric that an incentive or remedy "
        "on it pays or charges."
    ),
    messages={
        "goal.pair": (
            'Goal {goal} "{title}" counts metric {metric} where {where}, but '
            "no observation carries {key}={value}, so none of the metric's "
            "observations counts for it; check the dimension name and value."
        ),
        "contribution.pair": (
            'Contribution {contribution} "{title}" counts metric {metric} where '
            "{where}, but no observation carries {key}={value}, so none of the "
            "metric's observations counts for it; check the dimension name and "
            "value."
        ),
        "goal.where": (
            'Goal {goal} "{title}" counts metric {metric} where {where}, but '
            "no observation the metric reads holds all of them, so none counts "
            "for it; check the dimension names and values, and that the "
            "metric's records carry them."
        ),
        "contribution.where": (
            'Contribution {contribution} "{title}" counts metric {metric} where '
            "{where}, but no observation the metric reads holds all of them, so "
            "none counts for it; check the dimension names and values, and that "
            "the metric's records carry them."
        ),
        "incentive.pair": (
            'Incentive {incentive} "{title}" pays a rate of metric {metric}, '
            "counted where {where} as the target it rewards is, but no "
            "observation carries {key}={value}, so the rate is of nothing and "
            "pays 0; check the dimension name and value."
        ),
        "incentive.where": (
            'Incentive {incentive} "{title}" pays a rate of metric {metric}, '
            "counted where {where} as the target it rewards is, but none of the "
            "metric's observations holds all of them, so the rate is of nothing "
            "and pays 0; have the metric's records carry those dimensions."
        ),
        "remedy.pair": (
            'Remedy {remedy} "{title}" charges a rate of metric {metric}, '
            "counted where {where} as the target it follows is, but no "
            "observation carries {key}={value}, so the rate is of nothing and "
            "costs 0; check the dimension name and value."
        ),
        "remedy.where": (
            'Remedy {remedy} "{title}" charges a rate of metric {metric}, '
            "counted where {where} as the target it follows is, but none of the "
            "metric's observations holds all of them, so the rate is of nothing "
            "and costs 0; have the metric's records carry those dimensions."
        ),
    },
    case="missing",
    needs="observations",
    dimensions=("key", "value"),
)
def mc108(context: Context) -> Iterator[Finding]:
    # A misspelt where reads 0 or nothing all term, and the goal looks
    # missed (`_missing` says when).
    index = context.observations
    if index is None:
        return
    as_of = context.as_of
    for subject, path, title, target in context.targets():
        where = target.where
        if not where:
            continue
        missing = _missing(index, target.metric, where, as_of)
        if missing is None:
            continue
        kind, _, id_ = subject.partition(":")
        yield context.finding(
            subject,
            f"{path}.target.where",
            **{kind: id_},
            title=title,
            metric=target.metric,
            where=where_pairs(where),
            **missing,
        )
    # A rate is a share of its `of` metric counted by the basis target's
    # where (`basis_runs`): revenue recorded without the region of a goal
    # on EMEA units pays nothing when the goal is met. Once per outcome
    # and metric, at the first tier that names it.
    for kind, outcome, path, rates in _rates(context):
        basis = _basis(context, outcome)
        if basis is None or not basis.where:
            continue
        for metric, at in rates.items():
            missing = _missing(index, metric, basis.where, as_of)
            if missing is None:
                continue
            yield context.finding(
                f"{kind}:{outcome.id}",
                f"{path}{at}.of",
                **{kind: outcome.id},
                title=outcome.title,
                metric=metric,
                where=where_pairs(basis.where),
                **missing,
            )


def _missing(
    index: ObservationIndex, metric: str, where: Mapping[str, str], as_of: dt.date
) -> dict[str, ParamInput] | None:
    """Say what MC108 finds of *metric* under *where*: the params, or None.

    When the metric (or each metric it is computed from) has observations
    by *as_of* and none holds every pair of *where*: as MC308 tells of a
    criterion (`unselected`). A pair no observation of any metric carries
    is named (``pair``); else the pairs are each recorded but never
    together on the metric's records (``where``).
    """
    if unselected(index, metric, where, as_of=as_of) != "where":
        return None
    pair = unseen_pair(index, where, as_of=as_of)
    if pair is None:
        return {"missing": "where"}
    return {"missing": "pair", "key": pair[0], "value": pair[1]}


def _rates(
    context: Context,
) -> Iterator[tuple[str, Incentive | Remedy, str, dict[str, str]]]:
    """Yield each incentive and remedy that pays or charges a rate.

    With its subject's kind, its path, and each ``of`` metric it names, in
    order, with where under the path it first does (``.tiers[0]``, or
    ``""`` for a remedy's own ``of``).
    """
    for i, incentive in enumerate(context.agreement.incentives):
        rates: dict[str, str] = {}
        for j, tier in enumerate(incentive.tiers):
            if tier.rate is not None and tier.of is not None:
                rates.setdefault(tier.of, f".tiers[{j}]")
        if rates:
            yield "incentive", incentive, f"incentives[{i}]", rates
    for i, remedy in enumerate(context.agreement.remedies):
        if remedy.rate is not None and remedy.of is not None:
            yield "remedy", remedy, f"remedies[{i}]", {remedy.of: ""}


def _basis(context: Context, outcome: Incentive | Remedy) -> Target | None:
    """Return the target of the goal or contribution *outcome* follows, or None."""
    if outcome.goal is not None:
        goal = context.goals.get(outcome.goal)
        return None if goal is None else goal.target
    pledge = context.contributions.get(outcome.contribution or "")
    return None if pledge is None else pledge.target


@rule(
    "MC109",
    Severity.WARNING,
    title="A target's ``where`` contradicts its ratio's own filter on one side.",
    messages={
        "goal": (
            'Goal {goal} "{title}" counts ratio {metric} where {where}, but the '
            "ratio's {field} asks {key}={own}: no record holds both, so that "
            "side of the ratio counts nothing; make the two agree, or drop the "
            "pair from one of them."
        ),
        "contribution": (
            'Contribution {contribution} "{title}" counts ratio {metric} where '
            "{where}, but the ratio's {field} asks {key}={own}: no record holds "
            "both, so that side of the ratio counts nothing; make the two agree, "
            "or drop the pair from one of them."
        ),
    },
    dimensions=("key", "own"),
)
def mc109(context: Context) -> Iterator[Finding]:
    # A side's own where adds to the target's, so a target of party a on a
    # ratio whose numerator is party b's reads 0 all term (no value, when it
    # is the denominator): a pledge that can never be measured as meant.
    for subject, path, title, target in context.targets():
        metric = context.metrics.get(target.metric)
        if metric is None or metric.aggregation is not Aggregation.RATIO:
            continue
        kind, _, id_ = subject.partition(":")
        for field in ("numerator_where", "denominator_where"):
            own = getattr(metric, field)
            # The test the evaluation applies (`both_wheres`): its first clash.
            clash = clashing_key(target.where, own)
            if clash is None:
                continue
            yield context.finding(
                subject,
                f"{path}.target.where",
                **{kind: id_},
                title=title,
                metric=metric.id,
                where=where_pairs(target.where),
                field=field,
                key=clash,
                own=own[clash],
            )


@rule(
    "MC110",
    Severity.WARNING,
    title="A target's ramp step lies outside the term: a value it states never applies.",
    messages={
        "goal.start": (
            'Goal {goal} "{title}" has a step from {date}, on or before the '
            "term's first day, {start}: its value {value} applies from that "
            "day, and the target's own value {stated} never does; give the "
            "target the value meant for the start, and date its steps inside "
            "the term."
        ),
        "contribution.start": (
            'Contribution {contribution} "{title}" has a step from {date}, on '
            "or before the term's first day, {start}: its value {value} "
            "applies from that day, and the target's own value {stated} never "
            "does; give the target the value meant for the start, and date "
            "its steps inside the term."
        ),
        "goal.end": (
            'Goal {goal} "{title}" has a step from {date}, after the term\'s '
            "last day, {end}: its value {value} never applies; date the "
            "target's steps inside the term, or drop those after it."
        ),
        "contribution.end": (
            'Contribution {contribution} "{title}" has a step from {date}, '
            "after the term's last day, {end}: its value {value} never "
            "applies; date the target's steps inside the term, or drop those "
            "after it."
        ),
    },
    case="edge",
)
def mc110(context: Context) -> Iterator[Finding]:
    # A renewal moves the term and keeps each target's steps: one dated
    # before the new start sets the value from the first day (the raised
    # value never applies), one after the end is never reached. At most one
    # finding per edge: the last step on or before the start (its value is
    # the one asked), and the first after the end.
    agreement = context.agreement
    start, end = agreement.start, agreement.end
    for subject, path, title, target in context.targets():
        kind, _, id_ = subject.partition(":")
        early = [i for i, step in enumerate(target.steps) if step.starting <= start]
        if early:
            step = target.steps[early[-1]]
            yield context.finding(
                subject,
                f"{path}.target.steps[{early[-1]}].starting",
                **{kind: id_},
                title=title,
                edge="start",
                date=step.starting,
                start=start,
                value=step.value,
                stated=target.value,
            )
        late = [i for i, step in enumerate(target.steps) if step.starting > end]
        if late:
            step = target.steps[late[0]]
            yield context.finding(
                subject,
                f"{path}.target.steps[{late[0]}].starting",
                **{kind: id_},
                title=title,
                edge="end",
                date=step.starting,
                end=end,
                value=step.value,
            )
