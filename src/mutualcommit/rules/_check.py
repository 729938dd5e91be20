"""`check`: run the rule catalogue and a policy's own rules over an agreement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from mutualcommit.errors import RuleError
from mutualcommit.kpi import FundLedger, ObservationIndex, Scorecard, fund_ledger
from mutualcommit.kpi._index import index_for
from mutualcommit.model import Agreement, FundEvent, Observation
from mutualcommit.model._arguments import (
    as_agreement,
    as_day,
    as_fund_events,
    as_instance,
)
from mutualcommit.model._unicode import has_lone_surrogate

from ._catalogue import RULES
from ._context import Context, build_context
from ._findings import Finding, Report
from ._policy import DEFAULT_POLICY, Policy, Rule

__all__ = ["check", "checked"]


def check(
    agreement: Agreement,
    *,
    as_of: dt.date,
    observations: Iterable[Observation] | ObservationIndex | None = None,
    policy: Policy = DEFAULT_POLICY,
    fund_events: Iterable[FundEvent] | None = None,
) -> Report:
    """Check *agreement* against the rule catalogue and *policy* as of *as_of*.

    Every rule the policy does not disable runs, the catalogue's first, then
    the policy's own. The policy's ``severities`` then override every
    severity, and a finding that a waiver in force covers moves to
    `Report.waived`. The clock is never read: *as_of* is the day checked.

    Args:
        agreement: The agreement to check.
        as_of: The day the check is as of (the end of that day).
        observations: The KPI observations, in input order (or an
            `ObservationIndex` already built for *agreement*), if any;
            without them MC304 (ignored performance issues) cannot run,
            MC206 and MC210 leave a fund that accrues alone (what it made
            available is not known), and the context has no scorecard.
        policy: The thresholds, severities, waivers and own rules.
        fund_events: The log of the agreement's funds, if any; without it
            the fund rules (MC206-MC211) find nothing.

    Returns:
        The report — the findings in force by severity, code and subject, and
        the waived ones.

    Raises:
        InvalidObservationsError: When an observation records an unknown
            metric, has value None without a ref, or is malformed; or when
            the fund log does not hold together.
        TypeError: When *agreement* is not an `Agreement`, *as_of* not a
            `datetime.date`, *policy* not a `Policy` (read a policy file
            with `policy_from_json`), *observations* or *fund_events* is
            text, a path, a mapping or not iterable (read a file with
            `load_observations` or `load_fund_events` first).
        RuleError: When a policy's own rule fails: it raises (its exception
            is the ``__cause__``), or it yields something that is not a
            `Finding`, a finding whose subject, path or message is not
            text, or one whose text (subject, path, message, a param) holds
            a lone surrogate, which UTF-8 cannot carry. It names the rule,
            the agreement and what went wrong.
        ValueError: When *observations* is an index of another agreement.
    """
    return checked(
        agreement,
        as_of=as_of,
        observations=observations,
        policy=policy,
        fund_events=fund_events,
    )[0]


def checked(
    agreement: Agreement,
    *,
    as_of: dt.date,
    observations: Iterable[Observation] | ObservationIndex | None,
    policy: Policy,
    fund_events: Iterable[FundEvent] | None = None,
) -> tuple[Report, Scorecard | None]:
    """Check as `check` does; also return the scorecard the check evaluated.

    The scorecard is ``evaluate`` as of *as_of* with the policy's bands and
    the fund log (None without observations): the portfolio reuses it rather
    than evaluate twice.
    """
    agreement = as_agreement("agreement", agreement)
    as_of = as_day("as_of", as_of)
    as_instance("policy", policy, Policy)
    events = None if fund_events is None else as_fund_events(fund_events)
    index = scorecard = None
    if observations is not None:
        index = index_for(agreement, observations)
        scorecard = index.evaluate(
            as_of=as_of,
            bands=policy.bands,
        )
    funds: tuple[FundLedger, ...] = ()
    if events is not None:
        funds = fund_ledger(agreement, events, as_of=as_of, observations=index)
    context = build_context(
        agreement,
        as_of=as_of,
        policy=policy,
        scorecard=scorecard,
        observations=index,
        funds=funds,
    )
    found: list[Finding] = []
    # Each rule gets the context with itself as the running rule; building it
    # from the fields at hand is cheaper than attrs.evolve, 25 times a check.
    fields = {
        f.name: getattr(context, f.name)
        for f in attrs.fields(Context)
        if f.name not in ("rule", "findings")
    }
    for rule in RULES:
        if policy.enabled(rule.code) and not rule.last:
            found.extend(rule.check(Context(**fields, rule=rule)))
    for own in policy.rules:
        if policy.enabled(own.code):
            found.extend(_run(own, agreement, Context(**fields, rule=own)))
    for rule in RULES:
        if policy.enabled(rule.code) and rule.last:
            found.extend(
                rule.check(Context(**fields, rule=rule, findings=tuple(found)))
            )
    in_force: list[Finding] = []
    waived: list[Finding] = []
    for item in found:
        severity = policy.severities.get(item.code)
        if severity is not None and severity is not item.severity:
            item = attrs.evolve(item, severity=severity)  # noqa: PLW2901
        if policy.waiver_for(item, as_of) is None:
            in_force.append(item)
        else:
            waived.append(item)
    report = Report(
        agreement=agreement.id,
        version=agreement.version,
        fingerprint=agreement.fingerprint(),
        as_of=as_of,
        findings=in_force,
        waived=waived,
    )
    if scorecard is not None and fund_events is not None:
        # As ``evaluate`` with the fund log: the scorecard carries the ledgers.
        scorecard = attrs.evolve(scorecard, funds=funds)
    return report, scorecard


def _run(own: Rule, agreement: Agreement, context: Context) -> list[Finding]:
    """Run a policy's own rule; when it fails, a `RuleError` naming it and the agreement.

    It fails when it raises, or when it yields something that is not a
    well-formed finding: either way the check cannot give a complete report,
    and a portfolio run reports the error in that agreement's place.
    """
    try:
        items = list(own.check(agreement, context))
    except RuleError:
        # Already names the rule that raised (a check run inside this one).
        raise
    except Exception as error:
        # The library's own errors too: an InvalidAgreementError out of the
        # rule's agreement.sign(...) would blame the agreement checked.
        raise RuleError(
            own.code, f"{type(error).__name__}: {error}", agreement.id
        ) from error
    found = []
    for item in items:
        try:
            _well_formed(item)
        except (TypeError, ValueError) as error:
            raise RuleError(own.code, str(error), agreement.id, True) from error  # noqa: FBT003
        if item.code != own.code or item.severity is not own.severity:
            # A finding made without context.finding(): the rule's own code
            # and severity win.
            item = attrs.evolve(item, code=own.code, severity=own.severity)  # noqa: PLW2901
        found.append(item)
    return found


def _well_formed(item: object) -> None:
    """Refuse what a rule yielded unless it is a finding a report can hold.

    Raises:
        TypeError: When *item* is not a `Finding`, or its subject, path or
            message is not text (sorted and written as text: None would
            fail later, naming no rule, or be written as null).
        ValueError: When its text holds a lone surrogate: written to a
            report's JSON or a document, it would fail there, naming no rule.
    """
    if not isinstance(item, Finding):
        msg = f"yielded {item!r}, expected a Finding"
        raise TypeError(msg)
    for field in ("subject", "path", "message"):
        value = getattr(item, field)
        if type(value) is not str:
            msg = f"yielded a finding whose {field} is {value!r}, expected text" + (
                " (its path in the model, '' for the agreement itself)"
                if field == "path"
                else ""
            )
            raise TypeError(msg)
    texts = [(field, getattr(item, field)) for field in ("subject", "path", "message")]
    texts += [
        (f"params[{key!r}]", value)
        for key, value in item.params.items()
        if isinstance(value, str)
    ]
    texts += [(f"params key {key!r}", key) for key in item.params]
    bad = [field for field, text in texts if has_lone_surrogate(text)]
    if bad:
        msg = (
            f"yielded a finding whose {', '.join(bad)} "
            f"{'holds' if len(bad) == 1 else 'hold'} a lone surrogate, "
            "which UTF-8 cannot carry: expected valid Unicode text"
        )
        raise ValueError(msg)
