"""Every frame of the library has one schema per table, whatever its rows hold.

So the frames of two agreements, of two days or of an empty result stack
with ``polars.concat`` and ``pandas.concat`` and keep their types, and a
pandas frame holds what its polars twin holds. The sources are the two
shipped examples at several days, and an empty result of every kind.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest

from mutualcommit import (
    Report,
    check,
    evaluate,
    exceptions,
    load_fund_events,
    load_observations,
    loads,
)
from mutualcommit.portfolio import summarize, summarize_many
from mutualcommit.scenarios import Scenario, compare

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CASES = ("it_vendor", "manufacturer")
#: Before any remedy or tier has numbers, mid-year, and after findings appear.
DAYS = (dt.date(2026, 4, 1), dt.date(2026, 9, 15), dt.date(2027, 1, 31))
PROJECTED = dt.date(2026, 9, 15)

_PROJECTION_PERCENTILES = ("p5", "p10", "p25", "p50", "p75", "p90", "p95")
_COMPARISON_PERCENTILES = ("p10", "p50", "p90")


def _run(kind: str, *names: str) -> tuple[tuple[str, str], ...]:
    return tuple((name, kind) for name in names)


#: Each frame's columns, in order, with their kinds.
EXPECTED: dict[str, tuple[tuple[str, str], ...]] = {
    "Scorecard targets": (
        *_run("text", "kind", "id", "party", "metric", "window"),
        *_run("date", "start", "end"),
        *_run("bool", "current", "closed"),
        *_run(
            "float",
            "target",
            "actual",
            "expected",
            "elapsed",
            "attainment",
            "pace",
            "forecast",
        ),
        ("standing", "text"),
        *_run(
            "int",
            "orders",
            "on_time_in_full",
            "deliveries_without_order",
            "pairs",
            "forecasts_without_actual",
            "actuals_without_forecast",
        ),
    ),
    "Scorecard incentives": (
        *_run("text", "incentive", "unit", "window"),
        ("attainment", "float"),
        ("tier", "int"),
        ("payout", "float"),
        ("status", "text"),
        ("provisional", "bool"),
    ),
    "Scorecard remedies": (
        *_run("text", "remedy", "payer", "beneficiary", "unit", "window"),
        ("end", "date"),
        ("closed", "bool"),
        *_run("float", "shortfall", "charged", "owed", "capped"),
        ("breached", "bool"),
    ),
    "Scorecard funds": (
        *_run("text", "fund", "party", "unit", "window"),
        *_run("date", "start", "end"),
        ("closed", "bool"),
        *_run(
            "float",
            "allocated",
            "accrued",
            "granted",
            "available",
            "requested",
            "approved",
            "claimed",
            "paid",
            "expired",
            "remaining",
            "utilisation",
            "roi",
        ),
    ),
    "Scorecard fund_requests": (
        *_run("text", "fund", "party", "unit", "ref", "window", "activity"),
        *_run("date", "at", "start", "end"),
        *_run("float", "cost", "requested", "approved", "claimed"),
        ("claimed_on", "date"),
        ("proof", "texts"),
        ("accepted", "float"),
        ("reason", "text"),
        ("paid", "float"),
        ("deadline", "date"),
        ("late", "bool"),
        ("state", "text"),
    ),
    "Report": (
        *_run("text", "code", "severity", "subject", "path", "message"),
        ("waived", "bool"),
    ),
    "ExceptionReport": (
        *_run("text", "key", "criterion", "item", "window"),
        *_run("date", "start", "end"),
        ("value", "float"),
        ("bound", "text"),
        ("limit", "float"),
        ("owner", "text"),
        *_run("date", "opened_on", "due"),
        ("actions", "texts"),
        ("past_due", "bool"),
    ),
    "Projection targets": (
        *_run("text", "kind", "id", "party", "metric", "window"),
        *_run("date", "start", "end"),
        ("closed", "bool"),
        *_run("float", "target", "actual", "mean", *_PROJECTION_PERCENTILES),
        *_run("float", "probability", "attainment"),
        ("caveats", "text"),
    ),
    "Projection incentives": (
        *_run("text", "incentive", "unit", "window"),
        ("closed", "bool"),
        *_run("float", "mean", *_PROJECTION_PERCENTILES),
        ("tiers", "floats"),
        ("none", "float"),
    ),
    "Comparison": (
        *_run("text", "scenario", "goal", "window"),
        *_run("float", "target", "actual", "mean", *_COMPARISON_PERCENTILES),
        *_run("float", "probability", "attainment", "probability_all"),
        *_run("text", "errors", "caveats"),
    ),
    "PortfolioSummary": (
        *_run("text", "table", "agreement", "party", "code", "severity", "standing"),
        ("count", "int"),
        *_run("text", "unit", "figure"),
        ("amount", "float"),
        ("state", "text"),
    ),
}
EXPECTED["FundLedger windows"] = EXPECTED["Scorecard funds"]
EXPECTED["FundLedger requests"] = EXPECTED["Scorecard fund_requests"]
FRAMES = sorted(EXPECTED)

#: A frame's source: the object and the arguments of its ``to_pandas`` and
#: ``to_polars``.
Source = tuple[Any, tuple[str, ...]]


def _load(case: str) -> tuple[Any, Any, Any]:
    folder = EXAMPLES / case
    agreement = loads((folder / "agreement.json").read_text(encoding="utf-8"))
    observations = load_observations(
        (folder / "observations.jsonl").read_text(encoding="utf-8")
    )
    events = folder / "fund_events.jsonl"
    fund_events = (
        load_fund_events(events.read_text(encoding="utf-8"))
        if events.exists()
        else None
    )
    return agreement, observations, fund_events


def _scorecard(case: str, day: dt.date) -> Any:
    agreement, observations, fund_events = _load(case)
    return evaluate(agreement, observations, as_of=day, fund_events=fund_events)


def _of_day(case: str, day: dt.date) -> dict[str, Source]:
    agreement, observations, _ = _load(case)
    card = _scorecard(case, day)
    sources: dict[str, Source] = {
        f"Scorecard {table}": (card, (table,))
        for table in ("targets", "incentives", "remedies", "funds", "fund_requests")
    }
    sources["Report"] = (
        check(agreement, as_of=day, observations=observations),
        (),
    )
    sources["ExceptionReport"] = (exceptions(agreement, observations, as_of=day), ())
    for ledger in card.funds:
        sources["FundLedger windows"] = (ledger, ("windows",))
        sources["FundLedger requests"] = (ledger, ("requests",))
    return sources


def _projected(case: str) -> dict[str, Source]:
    agreement, observations, fund_events = _load(case)
    base = Scenario(name="base", agreement=agreement)
    projection = base.project(observations, as_of=PROJECTED, runs=20, seed=1)
    comparison = compare(
        base, observations=observations, as_of=PROJECTED, runs=20, seed=1
    )
    book = summarize_many(
        [agreement],
        {agreement.id: observations},
        as_of=PROJECTED,
        fund_events={agreement.id: fund_events or []},
    )
    return {
        "Projection targets": (projection, ("targets",)),
        "Projection incentives": (projection, ("incentives",)),
        "Comparison": (comparison, ()),
        "PortfolioSummary": (book, ()),
    }


def _empty(full: dict[str, Source]) -> dict[str, Source]:
    """Every source of *full* with no rows at all."""
    card = full["Scorecard targets"][0]
    ledger = full["FundLedger windows"][0]
    projection = full["Projection targets"][0]
    empty_card = attrs.evolve(
        card, goals=(), contributions=(), incentives=(), remedies=(), funds=()
    )
    empty_projection = attrs.evolve(
        projection, goals=(), contributions=(), incentives=()
    )
    empty_ledger = attrs.evolve(ledger, windows=(), requests=())
    sources: dict[str, Source] = {
        name: (empty_card, arguments)
        for name, (_, arguments) in full.items()
        if name.startswith("Scorecard")
    }
    sources.update(
        {
            "Report": (Report(agreement="none", as_of=PROJECTED), ()),
            "ExceptionReport": (
                attrs.evolve(full["ExceptionReport"][0], exceptions=()),
                (),
            ),
            "FundLedger windows": (empty_ledger, ("windows",)),
            "FundLedger requests": (empty_ledger, ("requests",)),
            "Projection targets": (empty_projection, ("targets",)),
            "Projection incentives": (empty_projection, ("incentives",)),
            "Comparison": (attrs.evolve(full["Comparison"][0], rows=()), ()),
            "PortfolioSummary": (summarize([]), ()),
        }
    )
    return sources


@cache
def sources() -> tuple[dict[str, Source], ...]:
    """Every frame's sources: each example at each day, then an empty one."""
    found = [_of_day(case, day) for case in CASES for day in DAYS]
    found += [_projected(case) for case in CASES]
    merged: dict[str, Source] = {}
    for each in found:
        merged.update(each)
    return (*found, _empty(merged))


def _frames(name: str, library: str) -> list[Any]:
    """The frames of *name* from every source that gives one, in *library*."""
    return [
        getattr(obj, f"to_{library}")(*arguments)
        for each in sources()
        if name in each
        for obj, arguments in [each[name]]
    ]


def _polars_type(kind: str) -> Any:
    polars = pytest.importorskip("polars", reason="the polars extra is not installed")
    types: dict[str, Callable[[], Any]] = {
        "text": lambda: polars.String,
        "float": lambda: polars.Float64,
        "int": lambda: polars.Int64,
        "bool": lambda: polars.Boolean,
        "date": lambda: polars.Date,
        "texts": lambda: polars.List(polars.String),
        "floats": lambda: polars.List(polars.Float64),
    }
    return types[kind]()


class TestSources:
    """The sources cover full and empty frames of every table."""

    @pytest.mark.parametrize("name", sorted(set(FRAMES) - {"PortfolioSummary"}))
    def test_full_and_empty(self, name: str) -> None:
        """Each table has a source with rows and one without."""
        lengths = [
            len(obj.to_records(*arguments))
            for each in sources()
            if name in each
            for obj, arguments in [each[name]]
        ]

        assert (True, 0) == (max(lengths) > 0, lengths[-1])

    def test_empty_summary(self) -> None:
        """An empty book's summary has rows (its goal standings), its agreement column all None."""
        (summary, _) = sources()[-1]["PortfolioSummary"]

        assert {None} == {row["agreement"] for row in summary.to_records()}


class TestPolars:
    """A polars frame has its table's schema whatever its rows hold, so frames stack."""

    @pytest.mark.parametrize("name", FRAMES)
    def test_schema(self, name: str) -> None:
        """Every column has its kind's type, in every frame of the table (empty ones too)."""
        pytest.importorskip("polars", reason="the polars extra is not installed")
        expected = [(column, _polars_type(kind)) for column, kind in EXPECTED[name]]

        schemas = [list(frame.schema.items()) for frame in _frames(name, "polars")]

        assert [expected] * len(schemas) == schemas

    @pytest.mark.parametrize("name", FRAMES)
    def test_concat(self, name: str) -> None:
        """The frames of both agreements, every day and the empty one stack with polars.concat."""
        polars = pytest.importorskip(
            "polars", reason="the polars extra is not installed"
        )
        frames = _frames(name, "polars")

        stacked = polars.concat(frames)

        assert (frames[0].schema, sum(frame.height for frame in frames)) == (
            stacked.schema,
            stacked.height,
        )

    def test_remedies_of_two_agreements(self) -> None:
        """An agreement without remedies stacks with one that has them, owed money summed."""
        polars = pytest.importorskip(
            "polars", reason="the polars extra is not installed"
        )
        cards = [_scorecard(case, DAYS[1]) for case in CASES]

        stacked = polars.concat([card.to_polars("remedies") for card in cards])

        owed = [
            None if row["owed"] is None else float(row["owed"])
            for card in cards
            for row in card.to_records("remedies")
        ]
        assert (0, owed) == (
            len(cards[0].to_records("remedies")),
            stacked["owed"].to_list(),
        )


def _pandas_type(kind: str) -> str:
    pandas = pytest.importorskip("pandas", reason="the pandas extra is not installed")
    # Text has the dtype pandas gives text by itself: str from pandas 3.
    text = str(pandas.Series(["text"]).dtype)
    types = {"text": text, "float": "float64", "int": "Int64", "bool": "bool"}
    return types.get(kind, "object")


def _cell(value: object) -> object:
    """A pandas cell as the Python value polars gives: None for NaN and NA."""
    if isinstance(value, list):
        return value
    if (
        value is None
        or value is _na()
        or (isinstance(value, float) and math.isnan(value))
    ):
        return None
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def _na() -> object:
    pandas = pytest.importorskip("pandas", reason="the pandas extra is not installed")
    return pandas.NA


class TestPandas:
    """A pandas frame has its table's dtypes whatever its rows hold, so frames stack."""

    @pytest.mark.parametrize("name", FRAMES)
    def test_dtypes(self, name: str) -> None:
        """Numbers are float64 and whole numbers Int64 even when empty or all None."""
        expected = [(column, _pandas_type(kind)) for column, kind in EXPECTED[name]]

        dtypes = [
            [(column, str(dtype)) for column, dtype in frame.dtypes.items()]
            for frame in _frames(name, "pandas")
        ]

        assert [expected] * len(dtypes) == dtypes

    @pytest.mark.parametrize("name", FRAMES)
    def test_concat(self, name: str) -> None:
        """pandas.concat of every frame of the table keeps each column's dtype."""
        pandas = pytest.importorskip(
            "pandas", reason="the pandas extra is not installed"
        )
        frames = _frames(name, "pandas")

        stacked = pandas.concat(frames, ignore_index=True)

        assert (
            [(column, _pandas_type(kind)) for column, kind in EXPECTED[name]],
            sum(len(frame) for frame in frames),
        ) == (
            [(column, str(dtype)) for column, dtype in stacked.dtypes.items()],
            len(stacked),
        )

    def test_money_of_two_agreements(self) -> None:
        """Fund money of an agreement with funds and one without stays numeric: describe() sums it."""
        pandas = pytest.importorskip(
            "pandas", reason="the pandas extra is not installed"
        )
        cards = [_scorecard(case, DAYS[1]) for case in CASES]

        paid = pandas.concat([card.to_pandas("funds") for card in cards])["paid"]

        assert ([1, 0], {"count": 1.0, "mean": 12000.0}) == (
            [len(card.to_records("funds")) for card in cards],
            {key: paid.describe()[key] for key in ("count", "mean")},
        )

    def test_tiers_are_whole(self) -> None:
        """A tier reads as an integer, None as <NA>: not 0.0 and NaN."""
        pytest.importorskip("pandas", reason="the pandas extra is not installed")
        card = _scorecard("it_vendor", DAYS[1])

        tiers = card.to_pandas("incentives")["tier"]

        assert ([None, 0, 0, None, None], "[0, 0]") == (
            [_cell(value) for value in tiers],
            repr(tiers.dropna().tolist()),
        )


class TestPandasAndPolars:
    """A pandas frame and its polars twin hold the same columns and values."""

    @pytest.mark.parametrize("name", FRAMES)
    def test_same_values(self, name: str) -> None:
        """Column by column, the same values, None where the other has null."""
        pytest.importorskip("pandas", reason="the pandas extra is not installed")
        pytest.importorskip("polars", reason="the polars extra is not installed")

        pairs = zip(_frames(name, "pandas"), _frames(name, "polars"), strict=True)

        for pandas_frame, polars_frame in pairs:
            assert (polars_frame.columns, polars_frame.rows()) == (
                list(pandas_frame.columns),
                [
                    tuple(_cell(value) for value in row)
                    for row in pandas_frame.itertuples(index=False)
                ],
            )


PAGE = EXAMPLES.parent / "docs" / "frames.md"


def _documented() -> dict[str, tuple[tuple[str, str], ...]]:
    """Each table of the Frames page: its columns, in order, with their kinds."""
    text = PAGE.read_text(encoding="utf-8").partition("\n## Tables\n")[2]
    tables: dict[str, tuple[tuple[str, str], ...]] = {}
    for term, definition in re.findall(r"^(`.*)\n: ((?:.+\n?)+)", text, re.MULTILINE):
        listed = " ".join(definition.split()).partition("Columns: ")[2].rstrip(".")
        columns: list[tuple[str, str]] = []
        for run in listed.split("; "):
            names, kind = re.fullmatch(r"(.*) \((\w+)\)", run).groups()  # type: ignore[union-attr]
            names = re.sub(r" \([^()]*\)", "", names)
            columns += [(name, kind) for name in re.findall(r"`(\w+)`", names)]
        for each in term.removesuffix(" (the default)").split("; "):
            owner, _, table = each.partition(", ")
            key = " ".join([owner.strip("`"), *re.findall(r'"(\w+)"', table)])
            percentiles = (
                _COMPARISON_PERCENTILES
                if key == "Comparison"
                else _PROJECTION_PERCENTILES
            )
            tables[key] = tuple(
                (name, kind)
                for column, kind in columns
                for name in (percentiles if column == "pN" else (column,))
            )
    return tables


class TestFramesPage:
    """The Frames page lists every table's columns, in order, with their kinds."""

    def test_every_table(self) -> None:
        """The page's tables are the frames' tables, their columns the frames' columns."""
        assert EXPECTED == _documented()
