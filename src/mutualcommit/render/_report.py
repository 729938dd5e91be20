"""The check report document: findings grouped by severity, translated.

A finding's message is worded from its code's template in the rules
layer's one table (`mutualcommit.rules.MESSAGES`), translated through the
catalog (the message context is the code) and filled from the finding's
``params``, formatted for the locale: dates and numbers as the locale
writes them, sides and kinds by their translated names. A finding without
a catalogue template (a policy's own rule) keeps its English message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from mutualcommit.model import ContributionKind, Role
from mutualcommit.rules import MESSAGES, Finding, Report, template_key

from ._context import Context
from ._labels import kind_label, role_label, unit_label
from ._tree import Block, Column, Document, Fields, Heading, Paragraph, Span, Table

__all__ = ["finding_message", "report_document"]

_DATES = frozenset(
    {
        "after",
        "before",
        "date",
        "deadline",
        "due",
        "end",
        "held_on",
        "opened_on",
        "signed_on",
        "start",
    }
)
_NUMBERS = frozenset(
    {
        "allocated",
        "amount",
        "baseline",
        "capacity",
        "gap_days",
        "growth",
        "limit",
        "max_days",
        "max_growth",
        "max_ratio",
        "other_amount",
        "value",
    }
)


def _date(c: Context, value: str) -> str:
    try:
        return c.date(dt.date.fromisoformat(value))
    except ValueError:
        return value


def _number(c: Context, value: str) -> str:
    try:
        return c.fmt.number(Decimal(value))
    except (InvalidOperation, ValueError):
        return value


def _param(c: Context, name: str, value: object) -> object:
    """Format one finding parameter for the locale, by what its name means."""
    text = str(value)
    if name in _DATES:
        return _date(c, text)
    if name in _NUMBERS:
        return _number(c, text)
    try:
        if name in {"side", "other"}:
            return role_label(c, Role(text))
        if name == "kind":
            return kind_label(c, ContributionKind(text))
    except ValueError:
        return value
    if name == "unit" and text.islower():
        return unit_label(c, text)
    return value


def finding_message(c: Context, finding: Finding) -> str:
    """Word *finding* in *c*'s language from its template and params."""
    templates: Mapping[str, str] = MESSAGES.get(finding.code, {})
    try:
        template = templates[
            template_key(finding.code, finding.subject, finding.params)
        ]
    except KeyError:
        return finding.message
    params = {name: _param(c, name, value) for name, value in finding.params.items()}
    translated = c.pgettext(finding.code, template)
    for candidate in (translated, template):
        try:
            return candidate.format_map(params)
        except (KeyError, IndexError, ValueError):
            continue
    return finding.message


def _table(c: Context, findings: tuple[Finding, ...]) -> Table:
    columns = [
        Column(c.gettext("Code"), key=True),
        Column(c.gettext("About"), key=True),
        Column(c.gettext("Finding")),
    ]
    rows = [
        (
            Span(finding.code, "strong"),
            Span(finding.subject, "code"),
            finding_message(c, finding),
        )
        for finding in findings
    ]
    return Table(columns, rows)


def report_document(report: Report, c: Context) -> Document:
    """Build the document tree of *report* in *c*'s locale."""
    errors, warnings, infos = report.errors, report.warnings, report.infos
    counts = c.separator().join(
        [
            c.ngettext("{n} error", "{n} errors", len(errors), n=len(errors)),
            c.ngettext("{n} warning", "{n} warnings", len(warnings), n=len(warnings)),
            c.ngettext("{n} note", "{n} notes", len(infos), n=len(infos)),
        ]
    )
    result = (
        c.gettext("passed: no error findings")
        if report.ok
        else c.gettext("failed: there are error findings")
    )
    blocks: list[Block] = [
        Fields(
            [
                (c.gettext("Agreement"), Span(report.agreement, "code")),
                (c.gettext("As of"), c.date(report.as_of)),
                (c.gettext("Result"), result),
                (c.gettext("Findings"), counts),
            ]
        )
    ]
    sections = (
        (c.gettext("Errors"), errors),
        (c.gettext("Warnings"), warnings),
        (c.gettext("Notes"), infos),
    )
    for heading, findings in sections:
        if findings:
            blocks += [Heading(2, heading), _table(c, findings)]
    if not report.findings:
        blocks.append(Paragraph(c.gettext("No findings.")))
    if report.waived:
        blocks += [
            Heading(2, c.gettext("Waived")),
            Paragraph(c.gettext("Findings an approved waiver of the policy silences.")),
            _table(c, report.waived),
        ]
    title = c.gettext("Check report: {agreement}", agreement=report.agreement)
    return Document(title=title, lang=c.fmt.tag, blocks=blocks)
