"""What a portfolio's summary shows in a notebook cell."""

from __future__ import annotations

from decimal import Decimal

from mutualcommit import Severity, Standing
from mutualcommit.portfolio import FundTotals, PartyAccountability, PortfolioSummary

SUMMARY = PortfolioSummary(
    reports=2,
    scorecards=2,
    goals={Standing.MET: 2, Standing.ON_TRACK: 1},
    findings={("MC101", Severity.ERROR): 2, ("MC103", Severity.WARNING): 1},
    with_errors={"a-1": 2},
    parties={
        "acme": PartyAccountability(
            party="acme", agreements=2, standings={Standing.MET: 1}
        )
    },
    attainment=Decimal("0.9534"),
    failed=(("b<2>", "invalid document (1 problem):\n  $.id: bad"),),
)


def test_markdown() -> None:
    """The counts, the findings with their total, the standings, the errors, the failures."""
    assert (
        "# Portfolio summary\n\n"
        "- **Check reports:** 2\n"
        "- **Scorecards:** 2\n"
        "- **Mean overall attainment:** 95.3% (over 2 scorecards)\n"
        "- **With error findings:** 1\n"
        "- **Failed:** 1\n\n"
        "## Findings\n\n"
        "| Code | Errors | Warnings | Notes |\n"
        "|---|---:|---:|---:|\n"
        "| `MC101` | 2 | 0 | 0 |\n"
        "| `MC103` | 0 | 1 | 0 |\n"
        "| **total** | 2 | 1 | 0 |\n\n"
        "## Standings\n\n"
        "| Goals, and each party's pledges | Agreements | Not started | Met "
        "| Missed | No data | On track | Early | At risk | Off track |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        "| **goals** |   | 0 | 2 | 0 | 0 | 1 | 0 | 0 | 0 |\n"
        "| `acme` | 2 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 |\n\n"
        "## Agreements with error findings\n\n"
        "| Agreement | Errors |\n"
        "|---|---:|\n"
        "| `a-1` | 2 |\n\n"
        "## Failed\n\n"
        "| Agreement | Error |\n"
        "|---|---|\n"
        "| b\\<2\\> | invalid document (1 problem): \\$.id: bad |\n"
    ) == SUMMARY._repr_markdown_()


def test_the_mean_says_what_it_is_of() -> None:
    """A scorecard without an attainment (its goals not started) is not in the mean, and the mean says so."""
    summary = PortfolioSummary(
        scorecards=3, attainment=Decimal("0.476"), scorecards_with_attainment=2
    )

    assert (
        "- **Mean overall attainment:** 47.6% (over 2 scorecards)\n"
        in summary._repr_markdown_()
    )
    assert "- **Mean overall attainment:** –\n" in (
        PortfolioSummary(scorecards=1)._repr_markdown_()
    )


def test_empty() -> None:
    """A summary of nothing shows its zero counts and no tables."""
    assert (
        "# Portfolio summary\n\n"
        "- **Check reports:** 0\n"
        "- **Scorecards:** 0\n"
        "- **Failed:** 0\n"
    ) == PortfolioSummary()._repr_markdown_()


def test_html_escapes_ids_and_messages() -> None:
    """An id with markup is text in the HTML page."""
    page = SUMMARY._repr_html_()

    assert (True, False) == (
        '<th scope="row" class="key"><code>b&lt;2&gt;</code></th>' in page,
        "<2>" in page,
    )


def test_funds() -> None:
    """A summary with fund totals shows them, the book's in each currency, then each party's."""
    totals = FundTotals(
        unit="EUR",
        funds=2,
        allocated=Decimal(240000),
        available=Decimal(250000),
        approved=Decimal(35000),
        claimed=Decimal(20000),
        paid=Decimal(12500),
        remaining=Decimal(215000),
    )
    summary = PortfolioSummary(
        scorecards=2,
        parties={
            "acme": PartyAccountability(
                party="acme", agreements=2, funds={"EUR": totals}
            )
        },
        funds={"EUR": totals},
    )

    assert summary._repr_markdown_().endswith(
        "## Funds\n\n"
        "| All funds, and each party's | Funds | Available | Approved | Claimed "
        "| Paid | Expired | Remaining | Utilisation |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        "| **all in EUR** | 2 | €250,000.00 | €35,000.00 | €20,000.00 | €12,500.00 "
        "| €0.00 | €215,000.00 | 5% |\n"
        "| `acme` | 2 | €250,000.00 | €35,000.00 | €20,000.00 | €12,500.00 "
        "| €0.00 | €215,000.00 | 5% |\n"
    )


def test_duplicates() -> None:
    """The ids that came more than once are counted, then listed with how often."""
    summary = PortfolioSummary(reports=3, duplicates={"a-1": 2})

    assert (
        "# Portfolio summary\n\n"
        "- **Check reports:** 3\n"
        "- **Scorecards:** 0\n"
        "- **With error findings:** 0\n"
        "- **Failed:** 0\n"
        "- **Ids that came more than once:** 1\n\n"
        "## Findings\n\n"
        "| Code | Errors | Warnings | Notes |\n"
        "|---|---:|---:|---:|\n"
        "| **total** | 0 | 0 | 0 |\n\n"
        "## Ids that came more than once\n\n"
        "| Agreement | Times |\n"
        "|---|---:|\n"
        "| `a-1` | 2 |\n"
    ) == summary._repr_markdown_()
