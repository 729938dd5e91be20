"""Every lookup by id or label words a miss one way, and lists what there is.

An agreement's lookups (``Agreement.goal``) say ``no goal 'x' in agreement
'a' (there are: ...)``; a scorecard's, a result's windows, a fund ledger's,
an exception report's, an index's, a projection's, a comparison's and the
scenario variants' lookups say it in the same words, where some said
``agreement a has no goal 'x'`` and listed nothing. An id a slip away from
one there is gets the one meant.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import mutualcommit as mc
from mutualcommit.kpi import ObservationIndex, exceptions
from mutualcommit.scenarios import Scenario, change_target, compare, scale_allocation

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 7, 31)

#: A miss: what was asked for, where, and the ids or labels there are.
MISS = re.compile(
    r"no (?P<kind>[a-z ]+) 'nope' in (?P<where>.+?) "
    r"\(there are(?: \d+)?: (?P<listed>.+)\)"
)


def _read(folder: str) -> tuple[mc.Agreement, tuple[mc.Observation, ...]]:
    path = ROOT / "examples" / folder
    agreement = mc.loads((path / "agreement.json").read_text(encoding="utf-8"))
    log = mc.load_observations((path / "observations.jsonl").read_text("utf-8"))
    return agreement, log


IT, IT_LOG = _read("it_vendor")
MAKER, MAKER_LOG = _read("manufacturer")
EVENTS = mc.load_fund_events(
    (ROOT / "examples" / "it_vendor" / "fund_events.jsonl").read_text("utf-8")
)
CARD = mc.evaluate(IT, IT_LOG, as_of=AS_OF, fund_events=EVENTS)
MAKER_CARD = mc.evaluate(MAKER, MAKER_LOG, as_of=AS_OF)
PROJECTION = Scenario(name="base", agreement=IT).project(IT_LOG, as_of=AS_OF, runs=5)
COMPARISON = compare(
    Scenario(name="base", agreement=IT), observations=IT_LOG, as_of=AS_OF, runs=5
)

#: Each lookup, called with ``"nope"``: the kind it names, where, and an id it lists.
LOOKUPS: dict[str, tuple[Callable[[], object], str, str, str]] = {
    "Agreement.goal": (
        lambda: IT.goal("nope"),
        "goal",
        "agreement 'acme-globex-2026'",
        "'partner-revenue'",
    ),
    "Agreement.party": (
        lambda: IT.party("nope"),
        "party",
        "agreement 'acme-globex-2026'",
        "'acme', 'globex'",
    ),
    "Scorecard.goal": (
        lambda: CARD.goal("nope"),
        "goal",
        "agreement 'acme-globex-2026'",
        "'partner-revenue'",
    ),
    "Scorecard.contribution": (
        lambda: CARD.contribution("nope"),
        "contribution",
        "agreement 'acme-globex-2026'",
        "'globex-co-selling'",
    ),
    "Scorecard.party": (
        lambda: CARD.party("nope"),
        "party",
        "agreement 'acme-globex-2026'",
        "'acme', 'globex'",
    ),
    "Scorecard.net_position": (
        lambda: CARD.net_position("nope"),
        "party",
        "agreement 'acme-globex-2026'",
        "'acme', 'globex'",
    ),
    "Scorecard.incentive": (
        lambda: CARD.incentive("nope"),
        "incentive",
        "agreement 'acme-globex-2026'",
        "'cosell-rebate'",
    ),
    "Scorecard.remedy": (
        lambda: MAKER_CARD.remedy("nope"),
        "remedy",
        "agreement 'bolt-northwind-fy2026'",
        "'late-delivery-credit'",
    ),
    "Scorecard.fund": (
        lambda: CARD.fund("nope"),
        "fund ledger",
        "the scorecard of agreement 'acme-globex-2026'",
        "'acme-mdf-budget'",
    ),
    "TargetResult.window": (
        lambda: CARD.goal("co-sell-opportunities").window("nope"),
        "window",
        "goal 'co-sell-opportunities'",
        "'FY2026-Q4', 'FY2027-Q1'",
    ),
    "IncentiveResult.window": (
        lambda: CARD.incentive("cosell-rebate").window("nope"),
        "window",
        "incentive 'cosell-rebate'",
        "'FY2026-Q4'",
    ),
    "RemedyResult.window": (
        lambda: MAKER_CARD.remedy("late-delivery-credit").window("nope"),
        "window",
        "remedy 'late-delivery-credit'",
        "'FY2026-",
    ),
    "FundLedger.window": (
        lambda: CARD.fund("acme-mdf-budget").window("nope"),
        "window",
        "fund 'acme-mdf-budget'",
        "'term'",
    ),
    "FundLedger.request": (
        lambda: CARD.fund("acme-mdf-budget").request("nope"),
        "request",
        "fund 'acme-mdf-budget'",
        "'R-101'",
    ),
    "ExceptionReport.criterion": (
        lambda: exceptions(MAKER, MAKER_LOG, as_of=AS_OF).criterion("nope"),
        "exception criterion",
        "agreement 'bolt-northwind-fy2026'",
        "'lead-time-by-sku'",
    ),
    "ObservationIndex.actual": (
        lambda: ObservationIndex(IT, IT_LOG).actual("nope", AS_OF, AS_OF, as_of=AS_OF),
        "metric",
        "agreement 'acme-globex-2026'",
        "'cosell-opps'",
    ),
    "Projection.goal": (
        lambda: PROJECTION.goal("nope"),
        "goal",
        "agreement 'acme-globex-2026'",
        "'partner-revenue'",
    ),
    "Projection.contribution": (
        lambda: PROJECTION.contribution("nope"),
        "contribution",
        "agreement 'acme-globex-2026'",
        "'globex-co-selling'",
    ),
    "Projection.incentive": (
        lambda: PROJECTION.incentive("nope"),
        "incentive",
        "agreement 'acme-globex-2026'",
        "'cosell-rebate'",
    ),
    "Projection.target": (
        lambda: PROJECTION.target("nope"),
        "projected goal or contribution",
        "agreement 'acme-globex-2026'",
        "'partner-revenue'",
    ),
    "Projection.rate": (
        lambda: PROJECTION.rate("nope"),
        "projected metric",
        "agreement 'acme-globex-2026'",
        "'cosell-opps'",
    ),
    "TargetProjection.window": (
        lambda: PROJECTION.goal("co-sell-opportunities").window("nope"),
        "window",
        "goal 'co-sell-opportunities'",
        "'FY2026-Q4', 'FY2027-Q1'",
    ),
    "IncentiveProjection.window": (
        lambda: PROJECTION.incentive("cosell-rebate").window("nope"),
        "window",
        "incentive 'cosell-rebate'",
        "'FY2026-Q4'",
    ),
    "Comparison.row (scenario)": (
        lambda: COMPARISON.row("nope", "partner-revenue"),
        "scenario",
        "the comparison",
        "'base'",
    ),
    "Comparison.row (goal)": (
        lambda: COMPARISON.row("base", "nope"),
        "goal",
        "the comparison's scenario 'base'",
        "'partner-revenue'",
    ),
    "scale_allocation": (
        lambda: scale_allocation(IT, "nope", 2),
        "allocation",
        "agreement 'acme-globex-2026'",
        "'acme-mdf-budget'",
    ),
    "change_target": (
        lambda: change_target(IT, "goal:nope", value=1),
        "goal",
        "agreement 'acme-globex-2026'",
        "'partner-revenue'",
    ),
}


class TestOneWording:
    """A miss is ``no KIND 'ID' in WHERE (there are: ...)``, whichever lookup missed."""

    @pytest.mark.parametrize("lookup", LOOKUPS)
    def test_a_miss(self, lookup: str) -> None:
        """The kind asked for, where it was looked for, and the ids there are."""
        call, kind, where, listed = LOOKUPS[lookup]

        with pytest.raises(KeyError) as caught:
            call()

        message = caught.value.args[0]
        found = MISS.match(message)
        assert found is not None, message
        assert (kind, where, True) == (
            found["kind"],
            found["where"],
            listed in found["listed"],
        )

    @pytest.mark.parametrize(
        ("call", "meant"),
        [
            (lambda: CARD.goal("parnter-revenue"), "partner-revenue"),
            (lambda: CARD.party("acem"), "acme"),
            (lambda: CARD.fund("acme-mdf-budgte"), "acme-mdf-budget"),
            (lambda: PROJECTION.contribution("globex-coselling"), "globex-co-selling"),
            (lambda: scale_allocation(IT, "Acme-MDF-Budget", 2), "acme-mdf-budget"),
        ],
        ids=[
            "Scorecard.goal",
            "Scorecard.party",
            "Scorecard.fund",
            "Projection.contribution",
            "scale_allocation",
        ],
    )
    def test_a_slip_gets_the_id_meant(
        self, call: Callable[[], object], meant: str
    ) -> None:
        """A misspelt id of a result is told the id meant, as the model's checks tell it."""
        with pytest.raises(KeyError) as caught:
            call()

        assert caught.value.args[0].endswith(f" (did you mean {meant!r}?)")

    def test_a_window_label_gets_no_guess(self) -> None:
        """A label a digit from another is a period of its own, not a slip."""
        with pytest.raises(KeyError) as caught:
            CARD.goal("co-sell-opportunities").window("FY2028-Q4")

        assert caught.value.args[0].endswith(")")
        assert "did you mean" not in caught.value.args[0]
