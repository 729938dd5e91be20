"""Agreements for the document tests: the IT example and a small one to vary."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from mutualcommit.kpi import Scorecard, evaluate
from mutualcommit.model import (
    Aggregation,
    Agreement,
    Clause,
    Contribution,
    ContributionKind,
    Direction,
    Goal,
    Metric,
    Party,
    Period,
    Pillar,
    Quantity,
    ResourceAllocation,
    Role,
    Target,
)
from mutualcommit.rules import Report, check
from mutualcommit.serialize import load_observations, loads

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = dt.date(2026, 9, 15)


def _small(**changes: Any) -> Agreement:
    """Return a small valid agreement, with *changes* to its fields."""
    agreement = Agreement(
        id="acme-globex-2026",
        title="Acme and Globex 2026",
        start=dt.date(2026, 1, 5),
        end=dt.date(2026, 12, 31),
        currency="EUR",
        parties=(
            Party(
                id="acme",
                name="Acme Software",
                role=Role.VENDOR,
                capacity=(Quantity(amount=Decimal(987654), unit="EUR"),),
            ),
            Party(id="globex", name="Globex Solutions", role=Role.PARTNER),
        ),
        metrics=(
            Metric(
                id="opps",
                name="co-selling opportunities",
                unit="count",
                aggregation=Aggregation.COUNT,
                reported_by="globex",
            ),
        ),
        goals=(
            Goal(
                id="pipeline",
                title="Joint pipeline",
                target=Target(
                    metric="opps",
                    value=Decimal(6),
                    direction=Direction.AT_LEAST,
                    per=Period.QUARTER,
                ),
            ),
        ),
        contributions=(
            Contribution(
                id="cosell",
                party="globex",
                title="Co-sell every quarter",
                kind=ContributionKind.CO_SELLING,
                pillar=Pillar.SELL,
                supports=("pipeline",),
            ),
            Contribution(
                id="training",
                party="acme",
                title="Enablement training",
                kind=ContributionKind.ENABLEMENT_TRAINING,
                pillar=Pillar.ENABLE,
                supports=("pipeline",),
            ),
        ),
        allocations=(
            ResourceAllocation(
                id="mdf",
                party="acme",
                amount=Quantity(amount=Decimal("12500.50"), unit="EUR"),
                contribution="training",
            ),
        ),
        clauses=(Clause(id="pay", title="Payment", text="Net 30."),),
        review_rule="FREQ=MONTHLY;INTERVAL=3",
    )
    return attrs.evolve(agreement, **changes)


@pytest.fixture(scope="session")
def it_agreement() -> Agreement:
    """The IT vendor example, read from its JSON document."""
    return loads((EXAMPLES / "it_vendor" / "agreement.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def it_scorecard(it_agreement: Agreement) -> Scorecard:
    """The IT example evaluated from its observations on 15 September 2026."""
    text = (EXAMPLES / "it_vendor" / "observations.jsonl").read_text("utf-8")
    return evaluate(it_agreement, load_observations(text), as_of=AS_OF)


@pytest.fixture(scope="session")
def poor_report() -> Report:
    """A check report with errors and warnings: a small agreement gone vague."""
    agreement = _small(
        goals=(*_small().goals, Goal(id="vague", title="Be great partners")),
        review_rule=None,
    )
    return check(agreement, as_of=dt.date(2026, 6, 1))


@pytest.fixture(scope="session")
def small() -> Callable[..., Agreement]:
    """Build a small valid agreement; keyword arguments replace its fields."""
    return _small


@pytest.fixture(scope="session")
def table_rows() -> Callable[[str, str], list[list[str]]]:
    """Find Markdown table rows: ``table_rows(markdown, first_cell)`` → cells."""
    return _table_rows


def _table_rows(markdown: str, first_cell: str) -> list[list[str]]:
    rows = []
    for line in markdown.splitlines():
        if line.startswith("| "):
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            if cells[0] == first_cell:
                rows.append(cells)
    return rows


def in_a_cell(page: str) -> str:
    """Return what a notebook cell shows of an HTML *page*: its article, styled.

    The article, with the page's language and direction and the page's style
    less its page rules, and none of the page around it.
    """
    lang = re.search(r'<html (lang="[^"]*" dir="[^"]*")>', page)
    style = re.search(r"<style>\n(.*?)</style>", page, re.DOTALL)
    assert lang is not None
    assert style is not None
    rules = "".join(
        line + "\n"
        for line in style.group(1).splitlines()
        if not line.startswith("@page")
    )
    article = page[page.index("<h1>") : page.index("</article>")]
    return (
        f'<article class="mutualcommit" {lang.group(1)}>\n'
        f"<style>\n{rules}</style>\n{article}</article>\n"
    )
