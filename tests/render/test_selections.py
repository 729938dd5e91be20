"""Documents name a target's slice and an exception's item exactly.

Two selections that differ in a space count different records: the signed
document shows them apart, as the code compares them.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Literal

import pytest

from mutualcommit.kpi import exceptions
from mutualcommit.model import (
    Agreement,
    Direction,
    ExceptionCriterion,
    Goal,
    Metric,
    Observation,
    Period,
    Target,
)
from mutualcommit.render import render
from mutualcommit.rules import check

#: A document's form.
Format = Literal["markdown", "text", "html"]
FORMATS: list[Format] = ["markdown", "text", "html"]


def _goal(goal_id: str, where: dict[str, str]) -> Goal:
    return Goal(
        id=goal_id,
        title=goal_id,
        target=Target(
            metric="opps",
            value=Decimal(6),
            direction=Direction.AT_LEAST,
            per=Period.QUARTER,
            where=where,
        ),
    )


def _plain(document: str) -> str:
    """Return *document*'s words on one line: no tags, no wrapping, no escapes."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", document))
    return re.sub(r"\s+", " ", text)


class TestTargetSlices:
    """A target's ``where`` is written as the code compares it."""

    @pytest.mark.parametrize("form", FORMATS)
    def test_a_space_apart(self, small: Callable[..., Agreement], form: Format) -> None:
        """``dach `` and ``dach`` are two slices on paper too; an empty value is named."""
        agreement = small(
            goals=(
                _goal("spaced", {"region": "dach "}),
                _goal("plain", {"region": "dach"}),
                _goal("empty", {"region": ""}),
                _goal("two", {"line": "a where region=dach", "region": "x"}),
                _goal("words", {"segment": "Public Sector"}),
            ),
            contributions=(),
            allocations=(),
        )

        document = _plain(render(agreement, format=form))

        for shown in [
            'with region = "dach "',
            "with region = dach",  # (the other reads = "dach ")
            'with region = ""',
            'with line = "a where region=dach" and region = x',
            'with segment = "Public Sector"',
        ]:
            assert shown in document

    @pytest.mark.parametrize(
        ("locale", "joined"),
        [
            ("de", 'line = "a, b" und region = ""'),
            ("fr", 'line = "a, b" et region = ""'),
            ("ja", 'line = "a, b"、region = ""'),
        ],
    )
    def test_in_every_language(
        self, small: Callable[..., Agreement], locale: str, joined: str
    ) -> None:
        """The quotes are the code's, whatever the language's own marks."""
        agreement = small(
            goals=(_goal("g", {"line": "a, b", "region": ""}),),
            contributions=(),
            allocations=(),
        )

        assert joined in render(agreement, locale=locale)


def _items_agreement(small: Callable[..., Agreement]) -> Agreement:
    criterion = ExceptionCriterion(
        id="low",
        title="Low sales",
        measure="sales",
        owner="acme",
        resolve_within_days=7,
        lower=Decimal(10),
        per=Period.MONTH,
        split="item",
    )
    return small(
        metrics=(Metric(id="sales", name="Sales", unit="count", aggregation="sum"),),
        goals=(),
        contributions=(),
        allocations=(),
        exception_criteria=(criterion,),
    )


class TestExceptionItems:
    """An exception report names each item exactly."""

    @pytest.mark.parametrize("form", FORMATS)
    def test_a_space_apart(self, small: Callable[..., Agreement], form: Format) -> None:
        """Items ``sku-1`` and ``sku-1 `` are two rows that read apart."""
        agreement = _items_agreement(small)
        log = [
            Observation("sales", dt.date(2026, 1, 5), 3, dims={"item": "sku-1"}),
            Observation("sales", dt.date(2026, 1, 5), 4, dims={"item": "sku-1 "}),
        ]
        report = exceptions(agreement, log, as_of=dt.date(2026, 2, 15))
        assert ["low/sku-1/FY2026-M01", "low/sku-1 /FY2026-M01"] == [
            e.key for e in report.exceptions
        ]

        document = _plain(render(report, format=form))

        assert ('"sku-1 "', True) == (
            re.search(r'"sku-1 " \W*FY2026-M01', document)[0][:8],  # type: ignore[index]
            bool(re.search(r'(?<!")\bsku-1\b\W*FY2026-M01', document)),
        )

    @pytest.mark.parametrize(
        ("locale", "named"),
        [
            ("en", "(no item)"),
            ("de", "(ohne item)"),
            ("es", "(sin item)"),
            ("fr", "(sans item)"),
            ("ja", "（item なし）"),
        ],
    )
    def test_records_without_an_item(
        self, small: Callable[..., Agreement], locale: str, named: str
    ) -> None:
        """The records without the split dimension are a row of their own, named so."""
        agreement = _items_agreement(small)
        log = [
            Observation("sales", dt.date(2026, 1, 5), 30, dims={"item": "sku-1"}),
            Observation("sales", dt.date(2026, 1, 6), 4),
        ]
        report = exceptions(agreement, log, as_of=dt.date(2026, 2, 15))

        document = render(report, locale=locale)

        assert (["low/FY2026-M01"], True) == (
            [e.key for e in report.exceptions],
            named in document,
        )


class TestFindingValues:
    """A finding's dimension values read exactly in every language's document."""

    @pytest.mark.parametrize("locale", ["en", "de", "fr", "ja"])
    def test_an_empty_and_a_spaced_value(
        self, small: Callable[..., Agreement], locale: str
    ) -> None:
        """MC108 names ``region=""``, its where ``"emea "`` quoted: neither reads cut short."""
        agreement = small(
            goals=(
                _goal("empty", {"region": ""}),
                _goal("spaced", {"region": "emea "}),
            ),
            contributions=(),
            allocations=(),
        )
        log = [Observation("opps", dt.date(2026, 2, 2), 1, dims={"region": "emea"})]
        report = check(agreement, as_of=dt.date(2026, 3, 1), observations=log)
        found = [f for f in report.findings if f.code == "MC108"]

        document = _plain(render(report, locale=locale))

        assert [("region", ""), ("region", "emea ")] == [
            (f.params["key"], f.params["value"]) for f in found
        ]
        assert ('region=""' in document, 'region="emea "' in document) == (True, True)
