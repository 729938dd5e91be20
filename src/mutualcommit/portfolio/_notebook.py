"""What a portfolio's summary shows in a notebook cell: its figures as tables.

The same figures as the command line's summary: the counts, the findings
by code and severity, the goals' and each party's pledges' standings, the
money of the funds, and the agreements with error findings or that
failed. It is an English document of the render layer's tree, its
percentages, money and standings worded as an English scorecard words
them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mutualcommit.kpi import Standing
from mutualcommit.render._context import context
from mutualcommit.render._scorecard import standing_label
from mutualcommit.render._tree import (
    Block,
    Column,
    Document,
    Fields,
    Heading,
    Span,
    Table,
)
from mutualcommit.rules import Severity

from ._summary import SHOWN_FUND_FIGURES, fund_rows

if TYPE_CHECKING:
    from ._summary import PortfolioSummary

__all__ = ["summary_document"]


def _findings(summary: PortfolioSummary) -> list[Block]:
    severities = list(Severity)
    codes = sorted({code for code, _ in summary.findings})
    rows: list[list[str | Span]] = [
        [
            Span(code, "code"),
            *(str(summary.findings.get((code, s), 0)) for s in severities),
        ]
        for code in codes
    ]
    totals = summary.severities
    rows.append([Span("total", "strong"), *(str(totals[s]) for s in severities)])
    # An info finding is a note wherever a person reads it, as a rendered
    # report and the command line call it.
    headings = {
        Severity.ERROR: "Errors",
        Severity.WARNING: "Warnings",
        Severity.INFO: "Notes",
    }
    columns = [
        Column("Code", key=True),
        *(Column(headings[s], numeric=True) for s in severities),
    ]
    return [Heading(2, "Findings"), Table(columns, rows)]


def _standings(summary: PortfolioSummary) -> list[Block]:
    english = context("en")
    standings = list(Standing)
    rows: list[list[str | Span]] = [
        [Span("goals", "strong"), "", *(str(summary.goals[s]) for s in standings)]
    ]
    rows += [
        [
            Span(party.party, "code"),
            str(party.agreements),
            *(str(party.standings[s]) for s in standings),
        ]
        for party in summary.parties.values()
    ]
    columns = [
        Column("Goals, and each party's pledges", key=True),
        Column("Agreements", numeric=True),
        *(
            Column(standing_label(english, s).capitalize(), numeric=True)
            for s in standings
        ),
    ]
    return [Heading(2, "Standings"), Table(columns, rows)]


def _funds(summary: PortfolioSummary) -> list[Block]:
    english = context("en")
    rows: list[list[str | Span]] = [
        [
            Span(f"all in {totals.unit}", "strong")
            if party is None
            else Span(party, "code"),
            str(totals.funds),
            *(
                english.amount(getattr(totals, figure), totals.unit, computed=True)
                for figure in SHOWN_FUND_FIGURES
            ),
            english.percent(totals.utilisation),
        ]
        for party, totals in fund_rows(summary)
    ]
    columns = [
        Column("All funds, and each party's", key=True),
        Column("Funds", numeric=True),
        *(Column(figure.capitalize(), numeric=True) for figure in SHOWN_FUND_FIGURES),
        Column("Utilisation", numeric=True),
    ]
    return [Heading(2, "Funds"), Table(columns, rows)]


def summary_document(summary: PortfolioSummary) -> Document:
    """Return the notebook summary of a portfolio's *summary*."""
    fields: list[tuple[str, str]] = [
        ("Check reports", str(summary.reports)),
        ("Scorecards", str(summary.scorecards)),
    ]
    if summary.scorecards:
        attainment = context("en").percent(summary.attainment)
        if count := summary.scorecards_with_attainment:
            attainment += f" (over {count} scorecard{'' if count == 1 else 's'})"
        fields.append(("Mean overall attainment", attainment))
    if summary.reports:
        fields.append(("With error findings", str(summary.reports_with_errors)))
    fields.append(("Failed", str(len(summary.failed))))
    if summary.duplicates:
        fields.append(("Ids that came more than once", str(len(summary.duplicates))))
    blocks: list[Block] = [Fields(fields)]
    if summary.reports:
        blocks += _findings(summary)
    if summary.scorecards:
        blocks += _standings(summary)
    if summary.funds:
        blocks += _funds(summary)
    if summary.with_errors:
        blocks += [
            Heading(2, "Agreements with error findings"),
            Table(
                [Column("Agreement", key=True), Column("Errors", numeric=True)],
                [
                    [Span(agreement, "code"), str(count)]
                    for agreement, count in summary.with_errors.items()
                ],
            ),
        ]
    if summary.failed:
        blocks += [
            Heading(2, "Failed"),
            Table(
                [Column("Agreement", key=True), Column("Error")],
                [
                    [Span(agreement, "code"), message]
                    for agreement, message in summary.failed
                ],
            ),
        ]
    if summary.duplicates:
        blocks += [
            Heading(2, "Ids that came more than once"),
            Table(
                [Column("Agreement", key=True), Column("Times", numeric=True)],
                [
                    [Span(agreement, "code"), str(count)]
                    for agreement, count in summary.duplicates.items()
                ],
            ),
        ]
    return Document(title="Portfolio summary", lang="en", blocks=blocks)
