"""What every rule is given besides the agreement: the `Context` of a check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from mutualcommit.calendar import agreement_review_dates
from mutualcommit.errors import ArgumentError, MutualCommitError, also_type_error
from mutualcommit.kpi import FundLedger, ObservationIndex, Scorecard
from mutualcommit.model import (
    Agreement,
    Contribution,
    FrozenDict,
    Goal,
    Metric,
    Party,
    Review,
    Role,
    Target,
)

from ._findings import Finding, ParamInput, _params
from ._rule import CatalogueRule

if TYPE_CHECKING:
    # Bound at run time by ``_policy``, which imports this module (see there).
    from ._policy import Policy, Rule

__all__ = ["Context", "NoRuleRunningError", "build_context"]


class NoRuleRunningError(MutualCommitError, RuntimeError):
    """`Context.finding` was called with no rule running.

    A finding takes the running rule's code and severity: a context that
    `check` did not give to a rule (one a rule kept after its check, or
    one built by hand) has none. Call ``context.finding`` from a rule's
    check. It is a `RuntimeError`.
    """


@attrs.frozen(kw_only=True)
class Context:
    """What a check knows besides the agreement, computed once for every rule.

    The indexes make a rule linear in the size of the agreement: look an
    entity up by id instead of scanning a collection.

    Attributes:
        agreement: The agreement checked.
        as_of: The day the check is as of (the end of that day).
        policy: The policy applied.
        scorecard: The agreement evaluated as of ``as_of`` when observations
            were given, else None.
        observations: The observations' index, to evaluate as of another
            day (MC304 does, as of each review), or None.
        review_dates: The days the ``review_rule`` schedules inside the term,
            in order (``()`` without a rule).
        fingerprint: The fingerprint of the current terms.
        parties: Party id → party.
        metrics: Metric id → metric.
        goals: Goal id → goal.
        contributions: Contribution id → contribution.
        supporters: Goal id → the contributions that support it, in order.
        paths: Subject (``goal:G1``) → where the entity is (``goals[0]``),
            for parties, metrics, goals, contributions, allocations,
            incentives, reviews, actions, signatures and remedies.
        held: The reviews held on or before ``as_of``, by day (then by
            position), each with its position in ``agreement.reviews``.
        rule: The rule running: a catalogue rule, or a policy's own `Rule`
            (None outside a check's rules).
        findings: The findings of every other rule, for a rule that runs
            last (MC700); ``()`` for the others.
        funds: The ledgers of the agreement's funds as of ``as_of`` when
            the fund log was given, else ``()``.
    """

    agreement: Agreement
    as_of: dt.date
    policy: Policy
    scorecard: Scorecard | None = None
    observations: ObservationIndex | None = None
    review_dates: tuple[dt.date, ...] = ()
    fingerprint: str
    parties: Mapping[str, Party]
    metrics: Mapping[str, Metric]
    goals: Mapping[str, Goal]
    contributions: Mapping[str, Contribution]
    supporters: Mapping[str, tuple[Contribution, ...]]
    paths: Mapping[str, str]
    held: tuple[tuple[int, Review], ...]
    funds: tuple[FundLedger, ...] = ()
    rule: CatalogueRule | Rule | None = None
    findings: tuple[Finding, ...] = ()

    def finding(
        self,
        subject: str,
        path: str,
        message: str | None = None,
        /,
        **params: ParamInput,
    ) -> Finding:
        """Make a finding of the running rule, with its code and severity.

        A policy's own rule passes the *message*, third or by keyword
        (``message="..."``); a catalogue rule leaves it out and its template
        is filled from *params*. A policy's ``severities`` and waivers still
        apply afterwards. *subject* and *path* are positional only, so a
        param may be named ``subject`` or ``path``; so may one be named
        ``message`` when the message is passed third.

        Args:
            subject: What it is about, stable across edits (``goal:G1``).
            path: Where that is now (``goals[0]``; ``""`` for the agreement
                itself).
            message: One sentence naming the thing and saying what would fix
                it.
            **params: The values the message uses (strings, ints, Decimals,
                dates: each a `ParamInput`), so a document can word it in
                another language. None is none of these: leave an optional
                value out.

        Returns:
            The finding.

        Raises:
            NoRuleRunningError: When no rule is running (the context was
                not given to a rule by `check`).
            ArgumentError: Naming the argument (``params.target`` for a
                param): a `TypeError` too when a policy's rule leaves out
                the message, when *subject*, *path* or *message* is not
                text (a ``context.paths.get(...)`` that found nothing is
                None), or a param is not a `ParamInput`; a `ValueError`
                alone when a param is a Decimal that is not finite (NaN,
                Infinity), or a number of more than 100 digits written out
                (``Decimal("1E+50000000")``). Raised in a policy's rule, it
                stops the check as a `RuleError` naming the rule.
        """
        running = self.rule
        if running is None:
            msg = (
                "Context.finding() makes a finding of the running rule; "
                "call it from a rule's check"
            )
            raise NoRuleRunningError(msg)
        if message is None:
            if isinstance(running, CatalogueRule):
                return running.finding(subject, path, **params)
            # ``message`` is positional only (so that a param may take the
            # name); the documented ``message=...`` lands among the params.
            message = params.pop("message", None)  # type: ignore[assignment]
            if message is None:
                msg = (
                    f"rule {running.code}: finding() needs the message, third or "
                    "as message=..."
                )
                raise also_type_error(ArgumentError)(msg, "message")
        for name, value in (("subject", subject), ("path", path), ("message", message)):
            if type(value) is not str:
                msg = (
                    f"rule {running.code}: finding() takes the {name} as text, got {value!r}"
                    + (" ('' for the agreement itself)" if name == "path" else "")
                )
                raise also_type_error(ArgumentError)(msg, name)
        return Finding(
            code=running.code,
            severity=running.severity,
            subject=subject,
            path=path,
            message=message,
            params=_params(params),
        )

    def side(self, party: str) -> Role:
        """Return the side of party *party*: vendor, or partner for the rest."""
        return Role.VENDOR if self.parties[party].role is Role.VENDOR else Role.PARTNER

    def targets(self) -> Iterator[tuple[str, str, str, Target]]:
        """Yield ``(subject, path, title, target)`` of every goal and contribution with a target."""
        for i, goal in enumerate(self.agreement.goals):
            if goal.target is not None:
                yield f"goal:{goal.id}", f"goals[{i}]", goal.title, goal.target
        for i, contribution in enumerate(self.agreement.contributions):
            if contribution.target is not None:
                yield (
                    f"contribution:{contribution.id}",
                    f"contributions[{i}]",
                    contribution.title,
                    contribution.target,
                )


def build_context(
    agreement: Agreement,
    *,
    as_of: dt.date,
    policy: Policy,
    scorecard: Scorecard | None = None,
    observations: ObservationIndex | None = None,
    funds: tuple[FundLedger, ...] = (),
) -> Context:
    """Index *agreement* once for every rule of a check as of *as_of*."""
    a = agreement
    paths: dict[str, str] = {}
    groups: tuple[tuple[str, str, tuple[Any, ...]], ...] = (
        ("party", "parties", a.parties),
        ("metric", "metrics", a.metrics),
        ("goal", "goals", a.goals),
        ("contribution", "contributions", a.contributions),
        ("allocation", "allocations", a.allocations),
        ("incentive", "incentives", a.incentives),
        ("review", "reviews", a.reviews),
        ("remedy", "remedies", a.remedies),
    )
    for kind, field, items in groups:
        for i, item in enumerate(items):
            paths[f"{kind}:{item.id}"] = f"{field}[{i}]"
    for i, review in enumerate(a.reviews):
        for j, action in enumerate(review.actions):
            paths[f"action:{review.id}/{action.id}"] = f"reviews[{i}].actions[{j}]"
    for i, signature in enumerate(a.signatures):
        paths[f"signature:{signature.party}"] = f"signatures[{i}]"
    supporters: dict[str, list[Contribution]] = {goal.id: [] for goal in a.goals}
    for contribution in a.contributions:
        for goal in contribution.supports:
            supporters[goal].append(contribution)
    held = sorted(
        ((i, r) for i, r in enumerate(a.reviews) if r.held_on <= as_of),
        key=lambda item: (item[1].held_on, item[0]),
    )
    return Context(
        agreement=a,
        as_of=as_of,
        policy=policy,
        scorecard=scorecard,
        observations=observations,
        review_dates=agreement_review_dates(a),
        fingerprint=a.fingerprint(),
        parties=FrozenDict({p.id: p for p in a.parties}),
        metrics=FrozenDict({m.id: m for m in a.metrics}),
        goals=FrozenDict({g.id: g for g in a.goals}),
        contributions=FrozenDict({c.id: c for c in a.contributions}),
        supporters=FrozenDict({g: tuple(cs) for g, cs in supporters.items()}),
        paths=FrozenDict(paths),
        held=tuple(held),
        funds=funds,
    )
