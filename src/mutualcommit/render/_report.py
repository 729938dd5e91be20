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
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from mutualcommit.model import PLAIN_UNITS, ContributionKind, Quantity, Role
from mutualcommit.model._shown import dimension_text
from mutualcommit.rules import MESSAGES, RULES, Finding, Report, template_key

from ._context import Context, elided
from ._labels import kind_label, role_label, unit_label
from ._terms import terms_fields
from ._tree import (
    Block,
    Column,
    Document,
    Fields,
    Heading,
    Paragraph,
    Span,
    Table,
    isolated,
)

__all__ = ["finding_message", "report_document"]

_DATE = "date"
_MONEY = "money"
_SHOWN_MONEY = "money as shown"
_IN_UNIT = "in unit"
_NUMBER = "number"
_WINDOW = "window"
_ROLE = "role"
_KIND = "kind"
_UNIT = "unit"
_TEXT = "text"
_DIMENSION = "dimension"

#: What each parameter of the rules' templates means, by its name; every
#: other parameter (ids, titles, names) is user text, shown as it is. A test
#: holds every field of every template to a meaning, so that a new
#: parameter is not left in ISO or plain decimal text by mistake.
_KINDS = {
    # Days.
    "after": _DATE,
    "before": _DATE,
    "claimed_on": _DATE,
    "date": _DATE,
    "deadline": _DATE,
    "due": _DATE,
    "end": _DATE,
    "first": _DATE,
    "held_on": _DATE,
    "opened_on": _DATE,
    "signed_on": _DATE,
    "start": _DATE,
    # Money, in the template's {currency}: rounded to the currency's digits.
    # (MC203's amounts come rounded so already: see `_RULE_KINDS`.)
    "amount": _MONEY,
    "approved": _MONEY,
    "available": _MONEY,
    "claimed": _MONEY,
    "cost": _MONEY,
    "expired": _MONEY,
    "other_amount": _MONEY,
    "paid": _MONEY,
    # Amounts in the finding's unit, each written with its unit's word for
    # its own number ("1 Stunde", "183,01 Stunden"), or money when the unit
    # is a currency, shown with the digits the rule gave, at least the
    # currency's: MC204 writes an amount over a capacity with the places
    # that show it over.
    "allocated": _IN_UNIT,
    "capacity": _IN_UNIT,
    # MC303's days after the date a review was held late on.
    "days_late": _IN_UNIT,
    # Numbers: targets and measures, ratios, day counts, percentages.
    "baseline": _NUMBER,
    "cut": _NUMBER,
    "day": _NUMBER,
    "gap_days": _NUMBER,
    "growth": _NUMBER,
    "limit": _NUMBER,
    "max_days": _NUMBER,
    "max_growth": _NUMBER,
    "max_ratio": _NUMBER,
    "max_share": _NUMBER,
    "meant": _NUMBER,
    "months": _NUMBER,
    "partners": _NUMBER,
    "percent": _NUMBER,
    "rate": _NUMBER,
    "share": _NUMBER,
    "signed_version": _NUMBER,
    "stated": _NUMBER,
    "threshold": _NUMBER,
    "value": _NUMBER,
    "vendors": _NUMBER,
    "version": _NUMBER,
    # Words of the document's own vocabulary.
    "window": _WINDOW,
    "side": _ROLE,
    "other": _ROLE,
    "kind": _KIND,
    "unit": _UNIT,
}
#: Where one rule's parameter means something else than the name says
#: elsewhere: a dimension's name or value (MC108's value, a rule's
#: ``dimensions``) is user text, written exactly; MC203's
#: amounts are money the rule rounded to the currency's digits, or with
#: more where that would hide that one side funds more than the ratio;
#: MC206's and MC207's are the ledger's own, compared to the last digit,
#: so a claim half a cent over its approval is not shown as equal to it.
_RULE_KINDS = {
    **{(rule.code, name): _DIMENSION for rule in RULES for name in rule.dimensions},
    ("MC203", "amount"): _SHOWN_MONEY,
    ("MC203", "other_amount"): _SHOWN_MONEY,
    ("MC206", "approved"): _SHOWN_MONEY,
    ("MC206", "available"): _SHOWN_MONEY,
    ("MC207", "claimed"): _SHOWN_MONEY,
    ("MC207", "approved"): _SHOWN_MONEY,
}


def _date(c: Context, value: str) -> str:
    try:
        return c.date(dt.date.fromisoformat(value))
    except ValueError:
        return value


def _decimal(value: str) -> Decimal | None:
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _number(c: Context, value: str) -> str:
    number = _decimal(value)
    return value if number is None else c.fmt.number(number)


def _money(c: Context, value: str, currency: object, *, shown: bool = False) -> str:
    """Format an amount in *currency*: to its digits, or as *shown* by the rule.

    An amount the rule already *shown* keeps every digit it has.
    """
    number = _decimal(value)
    if number is None:
        return value
    if not _is_currency(currency):
        return c.fmt.number(number)
    return c.fmt.money_number(number, str(currency), written=shown)


def _in_unit(c: Context, value: str, unit: object) -> str:
    """Format an amount with its unit, the unit's word in its plural form.

    Money keeps the digits the rule gave and is followed by its code
    (``20.000,0004 BHD``); hours and days are babel's (``1 Stunde``), a
    count names its units, and every amount stays whole on its line.
    """
    number = _decimal(value)
    if number is None:
        return value
    if _is_currency(unit):
        return f"{_money(c, value, unit, shown=True)}\u00a0{unit}"
    if unit in PLAIN_UNITS:
        return c.quantity(Quantity(amount=number, unit=str(unit)))
    return f"{c.fmt.number(number)}\u00a0{unit}"


def _is_currency(unit: object) -> bool:
    # A currency is an ISO 4217 code (EUR); the other units are lower-case.
    return (
        isinstance(unit, str) and unit.isascii() and unit.isalpha() and unit.isupper()
    )


def _kind(code: str, name: str) -> str:
    """Return what parameter *name* of rule *code* means (`_KINDS`)."""
    return _RULE_KINDS.get((code, name)) or _KINDS.get(name, _TEXT)


def _param(c: Context, finding: Finding, name: str, value: object) -> object:
    """Format one finding parameter for the locale, by what it means.

    A list (a tuple: the fiscal years over capacity, the windows missed) is
    written as the locale writes a list, each item formatted as a value of
    its kind: "FY2026 und FY2027", Japanese "FY2026、FY2027".
    """
    if isinstance(value, tuple):
        return c.join([str(_param(c, finding, name, item)) for item in value])
    text = str(value)
    kind = _kind(finding.code, name)
    if kind == _DIMENSION:
        return dimension_text(text)
    if kind == _DATE:
        return _date(c, text)
    if kind in {_MONEY, _SHOWN_MONEY}:
        currency = finding.params.get("currency")
        return _money(c, text, currency, shown=kind == _SHOWN_MONEY)
    if kind == _IN_UNIT:
        return _in_unit(c, text, finding.params.get("unit"))
    if kind == _NUMBER:
        return _number(c, text)
    if kind == _WINDOW:
        if text != "term":
            return value  # a fiscal period's label, as the agreement has it
        # Translators: the agreement's whole term, as it reads after "in" in
        # a finding's message ("In {window} fund F let ... expire").
        return c.pgettext("finding window", "the term")
    try:
        if kind == _ROLE:
            return role_label(c, Role(text))
        if kind == _KIND:
            return kind_label(c, ContributionKind(text))
    except ValueError:
        return value
    if kind == _UNIT and text.islower():
        return unit_label(c, text)
    return value


def finding_message(c: Context, finding: Finding) -> str:
    """Word *finding* in *c*'s language from its template and params."""
    templates: Mapping[str, str] = MESSAGES.get(finding.code, {})
    try:
        key = template_key(finding.code, finding.subject, finding.params)
    except ValueError:
        return finding.message
    template = templates.get(key) if key is not None else None
    if template is None:
        return finding.message
    # A value in a right-to-left script keeps its order in the sentence.
    params = {
        name: _isolated(_param(c, finding, name, value))
        for name, value in finding.params.items()
    }
    translated = elided(c.language, c.pgettext(finding.code, template), params)
    for candidate in (translated, template):
        try:
            message = candidate.format_map(params)
        except (KeyError, IndexError, ValueError):
            continue
        return _amounts_whole(finding, params, message)
    return finding.message


def _isolated(value: object) -> object:
    return isolated(value) if isinstance(value, str) else value


def _amounts_whole(finding: Finding, params: Mapping[str, object], message: str) -> str:
    """Join each amount of *message* to the unit after it with a no-break space.

    An amount stays whole on its line, as every other amount of a document
    does: "15.000,00 EUR" never ends one line with its number.
    """
    for name, value in params.items():
        kind = _kind(finding.code, name)
        # (An amount in a unit is written whole already: `_in_unit`.)
        unit = params.get("currency", finding.params.get("currency"))
        if kind in {_MONEY, _SHOWN_MONEY} and isinstance(unit, str):
            message = message.replace(f"{value} {unit}", f"{value}\u00a0{unit}")
    return message


def _table(c: Context, findings: tuple[Finding, ...]) -> Table:
    """Tabulate *findings*: a row each, named by its code and what it is about.

    A rule finds several things wrong with one subject (MC401 with each
    party's signature, MC204 with each unit of one party's capacity): the
    code and the subject name a row together, and where they name two, the
    subject says where in the agreement each one is.
    """
    columns = [
        Column(c.gettext("Code"), key=True),
        Column(c.gettext("About"), key=True),
        Column(c.gettext("Finding")),
    ]
    named = Counter((finding.code, finding.subject) for finding in findings)
    rows = [
        (
            Span(finding.code, "strong"),
            _about(finding, alone=named[finding.code, finding.subject] == 1),
            finding_message(c, finding),
        )
        for finding in findings
    ]
    return Table(columns, rows, row_headers=2)


def _about(finding: Finding, *, alone: bool) -> list[Span]:
    """What *finding* is about; with its path unless it is *alone* in that."""
    subject = Span(finding.subject, "code")
    if alone or not finding.path:
        return [subject]
    return [subject, Span(" ("), Span(finding.path, "code"), Span(")")]


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
    terms = terms_fields(c, report.agreement, report.version, report.fingerprint)
    blocks: list[Block] = [
        Fields(
            [
                *terms,
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
    return Document(title=title, lang=c.tag, blocks=blocks, colon=c.colon())
