"""The policy a check applies: thresholds, severities, waivers and own rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from mutualcommit.errors import (
    ArgumentError,
    InvalidFieldsError,
    ProblemsError,
    also_type_error,
)
from mutualcommit.kpi import DEFAULT_BANDS, Bands
from mutualcommit.model import (
    MAX_TERM_DAYS,
    Agreement,
    FrozenDict,
    as_enum,
    as_sequence,
    coerce_fields,
    decimal_in,
    decimal_problem,
    refuses_with,
)
from mutualcommit.model._arguments import as_instance
from mutualcommit.model._paths import key_path
from mutualcommit.model._problems import raised, type_problem
from mutualcommit.model._shown import described
from mutualcommit.model._unicode import LONE_SURROGATE, has_lone_surrogate

from . import _context, _rule
from ._codes import CODE_PATTERN, RESERVED_PREFIX, is_reserved, unknown_catalogue_code
from ._context import Context
from ._findings import Finding, Severity

__all__ = [
    "DEFAULT_POLICY",
    "NO_REASON",
    "NO_SUBJECT",
    "Policy",
    "PolicyError",
    "Rule",
    "Waiver",
    "check_code",
    "check_waiver_text",
]

#: What a waiver without a subject, or without a reason, is told.
NO_SUBJECT = "expected the subject of a finding"
NO_REASON = "expected the reason the exception was approved"

#: What a policy's own rule may declare it needs besides the agreement.
RULE_NEEDS = ("observations", "funds")

#: What a policy's own rule runs: given the agreement and the check's
#: context, it yields findings.
RuleCheck = Callable[[Agreement, "Context"], Iterable[Finding]]


class PolicyError(ProblemsError):
    """A policy is not valid: a reserved code, a bad threshold, a waiver without reason.

    Paths name the policy's field: ``waivers[0].reason``,
    ``severities.MC999``.
    """

    what = "invalid policy"


def _severity(value: object) -> object:
    """Convert a severity's text to a `Severity`, leaving a bad value for the check."""
    if isinstance(value, str) and not isinstance(value, Severity):
        try:
            return Severity(value)
        except ValueError:
            return value
    return value


@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields)
class Waiver:
    """An approved exception: one code on one subject, for a reason, until a day.

    Attributes:
        code: The code it silences (``MC203``, or a policy rule's code).
        subject: The finding's subject it silences (``fiscal-year:FY2027``).
        reason: Why the exception was approved; not empty.
        until: The last day it is in force (inclusive), or None: for good.
    """

    code: str
    subject: str
    reason: str
    until: dt.date | None = None

    def in_force(self, as_of: dt.date) -> bool:
        """Tell whether the waiver silences findings of a check as of *as_of*."""
        return self.until is None or as_of <= self.until

    def covers(self, finding: Finding, as_of: dt.date) -> bool:
        """Tell whether the waiver silences *finding* in a check as of *as_of*."""
        return (
            finding.code == self.code
            and finding.subject == self.subject
            and self.in_force(as_of)
        )


def _rule_severity(value: Severity | str) -> Severity:
    return as_enum(Severity, "severity", value)


@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True)
class Rule:
    """A policy's own rule, run after the catalogue's.

    Attributes:
        code: Its code; codes starting with ``MC`` are the catalogue's.
        severity: The severity of its findings (a policy's ``severities``
            still override it).
        check: Called as ``check(agreement, context)`` (see `Context`), it
            yields findings made with
            ``context.finding(subject, path, message, **params)``, which
            carry the rule's code and severity. (A `Finding` built by hand
            has its code and severity replaced by the rule's.) An exception
            it raises, or a result that is not a well-formed `Finding` (a
            path that is None, say), stops the check as a `RuleError` naming
            the rule and the agreement.
        description: What it guards against, for people reading the policy.
        needs: The input of `check` besides the agreement the rule judges,
            as a catalogue rule declares it: ``"observations"`` (it reads
            ``context.scorecard`` or ``context.observations``), ``"funds"``
            (it reads ``context.funds``), or None. Without that input it
            cannot find anything, so MC700 does not call a waiver of its
            code stale.

    Example::

        def titles_in_sentence_case(agreement, context):
            for goal in agreement.goals:
                if goal.title != goal.title.capitalize():
                    subject = f"goal:{goal.id}"
                    yield context.finding(
                        subject,
                        context.paths[subject],
                        f"Goal {goal.id} is not in sentence case.",
                        goal=goal.id,
                    )

        Rule(code="ACME1", severity="warning", check=titles_in_sentence_case)
    """

    code: str
    severity: Severity = attrs.field(converter=_rule_severity)
    check: RuleCheck
    description: str = ""
    needs: str | None = None


def _frozen_severities(
    value: Mapping[str, Severity | str] | None,
) -> FrozenDict[str, Any]:
    if not value:
        return FrozenDict()
    if not isinstance(value, Mapping):
        # A bare AttributeError (no .items()) otherwise.
        msg = (
            "severities: expected a mapping of codes to severities such as "
            f"{{'MC101': 'warning'}}, got {described(value)}"
        )
        raise also_type_error(ArgumentError)(msg, "severities")
    return FrozenDict({code: _severity(s) for code, s in value.items()})


def _codes(value: Iterable[str]) -> frozenset[str]:
    if type(value) is frozenset:
        return value
    return frozenset(as_sequence("disabled", value))


def _waivers(value: Iterable[Waiver]) -> tuple[Waiver, ...]:
    return as_sequence("waivers", value)


def _rules(value: Iterable[Rule]) -> tuple[Rule, ...]:
    return as_sequence("rules", value)


@refuses_with(PolicyError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields)
class Policy:
    """What a check applies — the thresholds of the rule catalogue and the exceptions.

    Building one converts ints and decimal strings to Decimals, then
    validates the policy and reports every problem at once, a value it
    cannot convert with the others (a float is one, saying what to pass:
    the `PolicyError` is then a `TypeError` too).

    Attributes:
        max_funding_ratio: MC203: how many times the other side's funding in
            a fiscal year one side may give, at least 1.
        max_review_gap_days: MC302: the longest gap the review schedule may
            leave, in days; MC310: how many days after the term's end a
            review may still be held (a close-out).
        review_grace_days: MC303: how many days after a scheduled date its
            review may be held; MC310: how many days before the term's
            start (a kick-off).
        max_growth: MC501: the largest rise over a positive baseline an
            AT_LEAST target may ask for, as a ratio (``3.0`` = +300 %); an
            AT_MOST target may ask for the mirror cut, to the baseline
            divided by ``1 + max_growth`` (a quarter of it).
        bands: MC304: the thresholds that turn a window's pace into a
            standing when the goals are evaluated as of each review (see
            `Bands`).
        max_expired_share: MC210: the largest share of what a fund window
            made available that may expire unused, from 0 to 1.
        severities: Code → severity, overriding every other severity.
        disabled: The codes not checked.
        waivers: Approved exceptions; what they silence goes to
            `Report.waived`.
        rules: The policy's own rules, run after the catalogue's. They do
            not travel in the policy's JSON.

    Raises:
        PolicyError: When a value cannot be converted (a float for a
            threshold), a threshold is out of range, a code is unknown or
            reserved, or a waiver has no subject or reason, or one that
            holds a lone surrogate (which UTF-8 cannot carry: the policy's
            JSON could not be saved). When one of them is of the wrong type
            (a float for a threshold, text for a day count or a waiver's
            day, a code that is not text, bands that are no `Bands`, an
            item of ``waivers`` or ``rules`` that is no `Waiver` or `Rule`),
            the error is a `TypeError` too.
    """

    max_funding_ratio: Decimal = attrs.field(default=Decimal(4), converter=decimal_in)
    max_review_gap_days: int = 100
    review_grace_days: int = 14
    max_growth: Decimal = attrs.field(default=Decimal("3.0"), converter=decimal_in)
    bands: Bands = DEFAULT_BANDS
    max_expired_share: Decimal = attrs.field(
        default=Decimal("0.1"), converter=decimal_in
    )
    severities: Mapping[str, Severity] = attrs.field(
        factory=FrozenDict, converter=_frozen_severities
    )
    disabled: frozenset[str] = attrs.field(factory=frozenset, converter=_codes)
    waivers: tuple[Waiver, ...] = attrs.field(default=(), converter=_waivers)
    rules: tuple[Rule, ...] = attrs.field(default=(), converter=_rules)

    def __attrs_post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise raised(PolicyError, problems)

    def severity(self, code: str, default: Severity) -> Severity:
        """Return the severity of *code*'s findings: the policy's, else *default*."""
        return self.severities.get(code, default)

    def enabled(self, code: str) -> bool:
        """Tell whether the policy checks *code*.

        Raises:
            ArgumentError: A `TypeError` too, when *code* is not text.
        """
        if type(code) is not str:
            as_instance("code", code, str)
        return code not in self.disabled

    def waiver_for(self, finding: Finding, as_of: dt.date) -> Waiver | None:
        """Return the first waiver that silences *finding* as of *as_of*, or None."""
        for waiver in self.waivers:
            if waiver.covers(finding, as_of):
                return waiver
        return None


def _short(value: int) -> str:
    # A policy built in Python may hold an integer of a million digits.
    if value.bit_length() > _SHORT_BITS:
        return f"an integer of {value.bit_length()} bits"
    return str(value)


_SHORT_BITS = 128


def _problems(policy: Policy) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []

    def add(path: str, message: str, *, typed: bool) -> None:
        """Add a problem; *typed* when the value has the type the field holds."""
        problems.append((path, message) if typed else type_problem(path, message))

    def decimal(name: str, low: Decimal, high: Decimal | None = None) -> None:
        value = getattr(policy, name)
        problem = decimal_problem(value)
        if problem is None and (value < low or (high is not None and value > high)):
            bound = f"from {low} to {high}" if high is not None else f"at least {low}"
            problem = f"expected a value {bound}, got {value}"
        if problem is not None:
            add(name, problem, typed=isinstance(value, Decimal))

    def whole(name: str, low: int) -> None:
        value = getattr(policy, name)
        # Day counts beyond the longest term mean nothing, and one beyond
        # the calendar overflows date arithmetic.
        if type(value) is not int or not low <= value <= MAX_TERM_DAYS:
            shown = repr(value) if type(value) is not int else _short(value)
            add(
                name,
                (
                    f"expected a whole number of days from {low} to "
                    f"{MAX_TERM_DAYS}, got {shown}"
                ),
                typed=type(value) is int,
            )

    decimal("max_funding_ratio", Decimal(1))
    whole("max_review_gap_days", 1)
    whole("review_grace_days", 0)
    decimal("max_growth", Decimal(0))
    decimal("max_expired_share", Decimal(0), Decimal(1))
    if not isinstance(policy.bands, Bands):
        problems.append(
            type_problem(
                "bands", f"expected a Bands, got {type(policy.bands).__name__}"
            )
        )
    for code, severity in policy.severities.items():
        # Quoted as every path's key is: a code may hold a dot or a space.
        where = key_path("severities", code) if isinstance(code, str) else "severities"
        check_code(problems, where, code)
        if not isinstance(severity, Severity):
            add(
                where,
                f"expected error, warning or info, got {severity!r}",
                typed=isinstance(severity, str),
            )
    for code in sorted(policy.disabled, key=str):
        check_code(problems, "disabled", code)
    for i, waiver in enumerate(policy.waivers):
        path = f"waivers[{i}]"
        if not isinstance(waiver, Waiver):
            problems.append(type_problem(path, f"expected a Waiver, got {waiver!r}"))
            continue
        check_code(problems, f"{path}.code", waiver.code)
        check_waiver_text(problems, f"{path}.subject", waiver.subject, NO_SUBJECT)
        check_waiver_text(problems, f"{path}.reason", waiver.reason, NO_REASON)
        if waiver.until is not None and (
            not isinstance(waiver.until, dt.date)
            or isinstance(waiver.until, dt.datetime)
        ):
            problems.append(
                type_problem(
                    f"{path}.until", f"expected a date or None, got {waiver.until!r}"
                )
            )
    seen: set[str] = set()
    for i, rule in enumerate(policy.rules):
        path = f"rules[{i}]"
        if not isinstance(rule, Rule):
            problems.append(type_problem(path, f"expected a Rule, got {rule!r}"))
            continue
        if not isinstance(rule.code, str) or not CODE_PATTERN.fullmatch(rule.code):
            add(
                f"{path}.code",
                f"expected a code such as ACME1, got {rule.code!r}",
                typed=isinstance(rule.code, str),
            )
        elif is_reserved(rule.code):
            problems.append(
                (
                    f"{path}.code",
                    (
                        f"codes starting with {RESERVED_PREFIX}, in any case, are "
                        f"reserved for the catalogue, got {rule.code!r}; name the "
                        "rule with a prefix of your own"
                    ),
                )
            )
        elif rule.code in seen:
            problems.append((f"{path}.code", f"a second rule with code {rule.code!r}"))
        else:
            seen.add(rule.code)
        if not callable(rule.check):
            problems.append(
                type_problem(
                    f"{path}.check", "expected a callable check(agreement, context)"
                )
            )
        if rule.needs is not None and rule.needs not in RULE_NEEDS:
            add(
                f"{path}.needs",
                (
                    f"expected {', '.join(map(repr, RULE_NEEDS))} or None, "
                    f"got {rule.needs!r}"
                ),
                typed=isinstance(rule.needs, str),
            )
    return problems


def check_waiver_text(
    problems: list[tuple[str, str]], path: str, value: object, blank: str
) -> None:
    """Check a waiver's subject or reason is text, not blank, that UTF-8 can carry.

    *blank* is what text that is missing or blank is told: a value of the
    wrong type (see `type_problem`) when it is not text.
    """
    if not isinstance(value, str):
        problems.append(type_problem(path, blank))
    elif not value.strip():
        problems.append((path, blank))
    elif has_lone_surrogate(value):
        # As an agreement's text: the policy's JSON could not be saved.
        problems.append((path, LONE_SURROGATE))


def check_code(problems: list[tuple[str, str]], path: str, code: object) -> None:
    """Check *code* names a rule: a catalogue code, or one of a policy's own.

    A code that is not text is a problem of a value of the wrong type (see
    `type_problem`).
    """
    if not isinstance(code, str):
        problems.append(
            type_problem(path, f"expected a code such as MC101, got {code!r}")
        )
    elif not CODE_PATTERN.fullmatch(code):
        problems.append((path, f"expected a code such as MC101, got {code!r}"))
    elif (unknown := unknown_catalogue_code(code)) is not None:
        problems.append((path, unknown))


#: The default policy: every rule at its default threshold, no exceptions, no
#: rules of the host's own.
DEFAULT_POLICY = Policy()


# A Context holds the policy and the rule running, and a rule's check takes a
# Context: `_context` and `_rule` (which `_context` imports) name Policy, Rule
# and Context for type checkers only. They get them here, where all three
# exist, so that `typing.get_type_hints` (cattrs, autodoc, runtime type
# checkers) resolves their annotations; the package imports this module.
# attrs wrote each class's __init__ with a copy of its module's names: the
# copy gets them too.
vars(_context).update(Policy=Policy, Rule=Rule)
Context.__init__.__globals__.update(Policy=Policy, Rule=Rule)
vars(_rule).update(Context=Context)
_rule.CatalogueRule.__init__.__globals__.update(Context=Context)
