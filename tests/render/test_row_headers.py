"""Every HTML table's row headers name its rows: no two rows are announced alike.

A screen reader reads a cell with the header cells of its row
(``<th scope="row">``); where two rows have the same ones, their cells
sound the same. Each table's row headers, taken together, are unique.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

from mutualcommit import (
    Agreement,
    ExceptionCriterion,
    Observation,
    Period,
    Quantity,
    ResourceAllocation,
    check,
    evaluate,
    exceptions,
    fund_ledger,
    load_fund_events,
    load_observations,
    loads,
)
from mutualcommit.render import Renderable, render

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = dt.date(2026, 9, 15)

Small = Callable[..., Agreement]


class _Tables(HTMLParser):
    """Collect each table's caption and its rows' header cells, as text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[str, list[tuple[str, ...]]]] = []
        self._row: list[str] | None = None
        self._cell: str | None = None
        self._caption: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(("", []))
        elif tag == "caption":
            self._caption = ""
        elif tag == "tr":
            self._row = []
        elif tag == "th" and ("scope", "row") in attrs:
            self._cell = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None:
            self.tables[-1] = (self._caption, self.tables[-1][1])
            self._caption = None
        elif tag == "th" and self._cell is not None and self._row is not None:
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr":
            if self._row:
                self.tables[-1][1].append(tuple(self._row))
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell += data
        if self._caption is not None:
            self._caption += data


def row_headers(page: str) -> list[tuple[str, list[tuple[str, ...]]]]:
    """Return each table of *page*: its caption and its rows' header cells."""
    parser = _Tables()
    parser.feed(page)
    parser.close()
    return parser.tables


def repeated(page: str) -> list[tuple[str, tuple[str, ...]]]:
    """Return the row headers that name more than one row of their table."""
    return [
        (caption, headers)
        for caption, rows in row_headers(page)
        for headers in sorted(set(rows))
        if rows.count(headers) > 1
    ]


def _documents(name: str) -> dict[str, Renderable]:
    folder = EXAMPLES / name
    agreement = loads((folder / "agreement.json").read_text("utf-8"))
    observations = load_observations((folder / "observations.jsonl").read_text("utf-8"))
    documents: dict[str, Renderable] = {
        "agreement": agreement,
        "report": check(agreement, as_of=AS_OF),
        "exceptions": exceptions(agreement, observations, as_of=AS_OF),
    }
    events = folder / "fund_events.jsonl"
    if events.exists():
        log = load_fund_events(events.read_text("utf-8"))
        documents["scorecard"] = evaluate(
            agreement, observations, as_of=AS_OF, fund_events=log
        )
        documents["funds"] = fund_ledger(
            agreement, log, as_of=AS_OF, observations=observations
        )
    else:
        documents["scorecard"] = evaluate(agreement, observations, as_of=AS_OF)
    return documents


class TestEveryTable:
    """The examples' documents: every table's rows are named apart."""

    @pytest.mark.parametrize("name", ["it_vendor", "manufacturer"])
    @pytest.mark.parametrize(
        "what", ["agreement", "scorecard", "report", "exceptions", "funds"]
    )
    def test_unique(self, name: str, what: str) -> None:
        """No two rows of a table have the same row headers."""
        documents = _documents(name)
        if what not in documents:
            pytest.skip(f"the {name} example has no fund log")

        page = render(documents[what], format="html")

        assert [] == repeated(page)


class TestCheckReport:
    """A finding's row is named by its code and what it is about."""

    def test_one_code_for_two_parties(self, small: Small) -> None:
        """Two missing signatures (MC401 twice) are told apart by their subjects."""
        report = check(small(), as_of=AS_OF)
        page = render(report, format="html")
        (errors,) = [rows for caption, rows in row_headers(page) if caption == "Errors"]

        assert [
            ("MC401", "signature:acme"),
            ("MC401", "signature:globex"),
        ] == [row for row in errors if row[0] == "MC401"]
        assert [] == repeated(page)

    def test_one_subject_twice(self, small: Small) -> None:
        """A party over its capacity in two units: the subject says where each is."""
        agreement = small()
        acme = attrs.evolve(
            agreement.parties[0],
            capacity=(
                Quantity(amount=Decimal(10), unit="EUR"),
                Quantity(amount=Decimal(1), unit="hour"),
            ),
        )
        hours = ResourceAllocation(
            id="hours",
            party="acme",
            amount=Quantity(amount=Decimal(40), unit="hour"),
            contribution="training",
        )
        agreement = attrs.evolve(
            agreement,
            parties=(acme, *agreement.parties[1:]),
            allocations=(*agreement.allocations, hours),
        )
        page = render(check(agreement, as_of=AS_OF), format="html")
        mc204 = [
            row for _, rows in row_headers(page) for row in rows if row[0] == "MC204"
        ]

        assert [
            ("MC204", "party:acme (parties[0].capacity[0])"),
            ("MC204", "party:acme (parties[0].capacity[1])"),
        ] == mc204
        assert [] == repeated(page)
        markdown = render(check(agreement, as_of=AS_OF))
        assert (
            "| **MC204** | `party:acme` (parties\\[0\\].capacity\\[1\\]) |" in markdown
        )


class TestExceptions:
    """An exception's row is named by its key: its item and window, or its window."""

    def test_items(self) -> None:
        """A criterion split by item: the item and the window name the row."""
        page = render(_documents("manufacturer")["exceptions"], format="html")
        tables = [rows for _, rows in row_headers(page) if rows]

        assert {2} == {len(row) for rows in tables for row in rows}
        assert ("BX-300", "FY2026-M01") in tables[0]
        assert [] == repeated(page)

    def test_no_items(self, small: Small) -> None:
        """A criterion that judges no items has no Item column: the window names the row."""
        criterion = ExceptionCriterion(
            id="slow",
            title="Slow pipeline",
            measure="opps",
            owner="acme",
            resolve_within_days=10,
            lower=Decimal(5),
            per=Period.QUARTER,
        )
        agreement = small(exception_criteria=(criterion,))
        observations = [
            Observation("opps", dt.date(2026, month, 10), Decimal(1))
            for month in (2, 5)
        ]
        report = exceptions(agreement, observations, as_of=AS_OF)
        page = render(report, format="html")
        (rows,) = [
            rows for caption, rows in row_headers(page) if caption == "Slow pipeline"
        ]
        markdown = render(report)

        section = markdown.split("## Slow pipeline")[1].splitlines()
        header = next(line for line in section if line.startswith("|"))

        assert [("FY2026-Q1",), ("FY2026-Q2",)] == rows[:2]
        assert ("Item" in page, header.split(" | ")[0]) == (False, "| Window")
