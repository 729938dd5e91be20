"""`check`: run the rule catalogue and a policy's own rules over an agreement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

import attrs

from mutualcommit.kpi import FundLedger, ObservationIndex, fund_ledger
from mutualcommit.model import Agreement, FundEvent, Observation

from ._context import Context, build_context
from ._findings import Finding, Report
from ._funds import mc206, mc207, mc208, mc209, mc210, mc211
from ._goals import mc101, mc102, mc103, mc104, mc105, mc106, mc107
from ._incentives import mc601, mc602
from ._policy import DEFAULT_POLICY, Policy
from ._resources import mc200, mc201, mc202, mc203, mc204, mc205
from ._reviews import mc301, mc302, mc303, mc304, mc305, mc306
from ._signatures import mc401, mc402
from ._targets import mc501

__all__ = ["CATALOGUE", "check"]

_Check = Callable[[Context], Iterator[Finding]]

#: The catalogue of SPEC §6: code → the rule that checks it.
CATALOGUE: tuple[tuple[str, _Check], ...] = (
    ("MC101", mc101),
    ("MC102", mc102),
    ("MC103", mc103),
    ("MC104", mc104),
    ("MC105", mc105),
    ("MC106", mc106),
    ("MC107", mc107),
    ("MC200", mc200),
    ("MC201", mc201),
    ("MC202", mc202),
    ("MC203", mc203),
    ("MC204", mc204),
    ("MC205", mc205),
    ("MC206", mc206),
    ("MC207", mc207),
    ("MC208", mc208),
    ("MC209", mc209),
    ("MC210", mc210),
    ("MC211", mc211),
    ("MC301", mc301),
    ("MC302", mc302),
    ("MC303", mc303),
    ("MC304", mc304),
    ("MC305", mc305),
    ("MC306", mc306),
    ("MC401", mc401),
    ("MC402", mc402),
    ("MC501", mc501),
    ("MC601", mc601),
    ("MC602", mc602),
)


def check(
    agreement: Agreement,
    *,
    as_of: dt.date,
    observations: Iterable[Observation] | None = None,
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
        observations: The KPI observations, in input order, if any; without
            them MC304 (ignored performance issues) cannot run and the
            context has no scorecard.
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
        TypeError: When *as_of* is not a `datetime.date`, or a policy rule
            yields something that is not a `Finding`.
    """
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        msg = f"as_of is a datetime.date, got {type(as_of).__name__} {as_of!r}"
        raise TypeError(msg)
    index = scorecard = None
    if observations is not None:
        index = ObservationIndex(agreement, observations)
        scorecard = index.evaluate(
            as_of=as_of,
            on_track_ratio=policy.on_track_ratio,
            at_risk_ratio=policy.at_risk_ratio,
            min_elapsed=policy.min_elapsed,
        )
    funds: tuple[FundLedger, ...] = ()
    if fund_events is not None:
        funds = fund_ledger(agreement, fund_events, as_of=as_of, observations=index)
    context = build_context(
        agreement,
        as_of=as_of,
        policy=policy,
        scorecard=scorecard,
        observations=index,
        funds=funds,
    )
    found: list[Finding] = []
    for code, rule in CATALOGUE:
        if policy.enabled(code):
            found.extend(rule(context))
    for own in policy.rules:
        if not policy.enabled(own.code):
            continue
        for item in own.check(agreement, context):
            if not isinstance(item, Finding):
                msg = f"rule {own.code} yielded {item!r}, expected a Finding"
                raise TypeError(msg)
            found.append(attrs.evolve(item, code=own.code, severity=own.severity))
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
    return Report(agreement=agreement.id, as_of=as_of, findings=in_force, waived=waived)
