"""Incentives evaluated (SPEC §5 Incentives): worked cases by hand, then laws.

The worked cases run on the calendar year 2026 with a January fiscal year:
Q1 is 1 January to 31 March, Q2 1 April to 30 June, Q3 1 July to 30
September, Q4 1 October to 31 December. The goal ``g`` asks for at least
10 co-selling opportunities (``opps``, COUNT) a quarter unless a case says
otherwise; ``revenue`` (SUM, EUR) is what a rate is a share of.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mutualcommit
from mutualcommit.cli import main
from mutualcommit.kpi import (
    IncentiveResult,
    IncentiveWindow,
    Observation,
    Scorecard,
    evaluate,
    evaluate_incentive,
    evaluate_series,
    register_scorecard_hooks,
    scorecard_to_dict,
)
from mutualcommit.model import (
    Aggregation,
    Agreement,
    Contribution,
    ContributionKind,
    Direction,
    Goal,
    Incentive,
    Metric,
    Party,
    Period,
    Quantity,
    Role,
    Target,
    Tier,
)
from mutualcommit.serialize import dump_observations, dumps, make_converter
from mutualcommit.testing.strategies import agreements, observations

#: The aggregations of observed metrics (computed ones need other metrics).
_OBSERVED = [
    a for a in Aggregation if not a.is_computed and a is not Aggregation.PERCENTILE
]

D = Decimal
START = dt.date(2026, 1, 1)
END = dt.date(2026, 12, 31)


def day(text: str) -> dt.date:
    """Read an ISO date."""
    return dt.date.fromisoformat(text)


def euros(amount: str | int) -> Quantity:
    """An amount in euros."""
    return Quantity(amount=D(amount), unit="EUR")


def rate(threshold: str, share: str) -> Tier:
    """A tier that pays *share* of the revenue from *threshold* on."""
    return Tier(threshold=D(threshold), rate=D(share), of="revenue")


def fixed(threshold: str, amount: str | int) -> Tier:
    """A tier that pays a fixed amount in euros from *threshold* on."""
    return Tier(threshold=D(threshold), amount=euros(amount))


def level(threshold: str, status: str) -> Tier:
    """A status tier."""
    return Tier(threshold=D(threshold), status=status)


def plan(
    *tiers: Tier,
    cap: Quantity | None = None,
    target: Target | None = None,
    on_contribution: bool = False,
    revenue: Aggregation = Aggregation.SUM,
) -> Agreement:
    """An agreement whose incentive ``i`` (vendor pays partner) has *tiers*.

    The incentive rewards the goal ``g`` (or, with *on_contribution*, the
    partner's pledge ``c``), both on *target*: by default at least 10
    ``opps`` a quarter. ``target=None`` with *on_contribution* leaves the
    pledge without a target.
    """
    goal_target = target or Target(
        metric="opps", value=D(10), direction=Direction.AT_LEAST, per=Period.QUARTER
    )
    return Agreement(
        id="incentives",
        title="Incentives",
        parties=(
            Party(id="v", name="Vendor", role=Role.VENDOR),
            Party(id="p", name="Partner", role=Role.PARTNER),
        ),
        start=START,
        end=END,
        currency="EUR",
        metrics=(
            Metric(id="opps", name="Opps", unit="count", aggregation=Aggregation.COUNT),
            Metric(id="revenue", name="Revenue", unit="EUR", aggregation=revenue),
            Metric(
                id="defects", name="Defects", unit="count", aggregation=Aggregation.SUM
            ),
        ),
        goals=(Goal(id="g", title="G", target=goal_target),),
        contributions=(
            Contribution(
                id="c",
                party="p",
                title="C",
                kind=ContributionKind.CO_SELLING,
                supports=("g",),
                target=target if on_contribution else None,
            ),
        ),
        incentives=(
            Incentive(
                id="i",
                title="I",
                payer="v",
                beneficiary="p",
                goal=None if on_contribution else "g",
                contribution="c" if on_contribution else None,
                tiers=tiers,
                cap=cap,
            ),
        ),
    )


def opps(on: str, n: int, **dims: str) -> list[Observation]:
    """*n* co-selling opportunities registered on *on*."""
    return [Observation(metric="opps", at=day(on), value=D(1), dims=dims)] * n


def revenue(on: str, amount: str, **dims: str) -> Observation:
    """Revenue booked on *on*."""
    return Observation(metric="revenue", at=day(on), value=D(amount), dims=dims)


def result(
    agreement: Agreement, log: Iterable[Observation], as_of: str
) -> IncentiveResult:
    """The incentive ``i`` evaluated as of *as_of*."""
    return evaluate(agreement, log, as_of=day(as_of)).incentive("i")


def payouts(result: IncentiveResult) -> list[Decimal | None]:
    """Each window's payout."""
    return [w.payout for w in result.windows]


class TestProvisional:
    """An open window's payout is provisional and counts only in `provisional`."""

    def test_rate_in_an_open_quarter(self) -> None:
        """12 of 10 opps by 15 February reach the 120 % tier: 3 % of 50 000 = 1 500.

        Q1 is open on 15 February: attainment 12 / 10 = 1.2 reaches the
        second tier (threshold 1.2, rate 0.03); the payout 0.03 * 50 000 =
        1 500 is provisional. Nothing has closed, so earned = 0 and
        provisional = 0 + 1 500. Q2 to Q4 have not started: no tier, no
        payout, not provisional.
        """
        agreement = plan(rate("1", "0.02"), rate("1.2", "0.03"), cap=euros(10000))
        log = [*opps("2026-02-02", 12), revenue("2026-02-10", "50000")]

        got = result(agreement, log, "2026-02-15")

        assert (
            IncentiveWindow(
                label="FY2026-Q1",
                attainment=D("1.2"),
                tier=1,
                payout=D(1500),
                provisional=True,
            ),
            (D(0), D(1500), "EUR"),
        ) == (got.windows[0], (got.earned, got.provisional, got.unit))
        assert [
            IncentiveWindow(label=f"FY2026-Q{q}", attainment=D(0)) for q in (2, 3, 4)
        ] == list(got.windows[1:])

    def test_revenue_after_as_of_does_not_count(self) -> None:
        """Revenue booked after as_of is not in the provisional payout: 2 % of 20 000 = 400."""
        agreement = plan(rate("1", "0.02"), cap=euros(10000))
        log = [
            *opps("2026-02-02", 10),
            revenue("2026-02-10", "20000"),
            revenue("2026-03-10", "80000"),
        ]

        assert D(400) == result(agreement, log, "2026-02-15").provisional


class TestEarned:
    """A closed window's payout is earned, and stays so."""

    def test_amount_earned_and_open_window_below_the_tiers(self) -> None:
        """Q1 closed at 120 %: 1 000 earned; Q2 open at 20 %: no tier, provisional.

        On 10 April Q1 (12 opps of 10) has closed: tier 0 pays a fixed
        1 000, earned. Q2 has 2 opps of 10 so far, attainment 0.2, below
        the first threshold: no tier and no payout, but the window is open,
        so provisional. earned = 1 000 = provisional.
        """
        agreement = plan(fixed("1", 1000))
        log = [*opps("2026-03-02", 12), *opps("2026-04-08", 2)]

        got = result(agreement, log, "2026-04-10")

        assert (D(1000), D(1000)) == (got.earned, got.provisional)
        assert [
            IncentiveWindow(
                label="FY2026-Q1", attainment=D("1.2"), tier=0, payout=D(1000)
            ),
            IncentiveWindow(label="FY2026-Q2", attainment=D("0.2"), provisional=True),
        ] == list(got.windows[:2])

    def test_rate_of_the_whole_closed_window(self) -> None:
        """A closed quarter pays its rate of the quarter's revenue: 2 % of (30 000 + 45 000) = 1 500.

        Revenue outside Q1 (December 2025 and April 2026) is not Q1's.
        """
        agreement = plan(rate("1", "0.02"), cap=euros(10000))
        log = [
            *opps("2026-01-20", 10),
            revenue("2025-12-20", "99999"),
            revenue("2026-01-15", "30000"),
            revenue("2026-03-31", "45000"),
            revenue("2026-04-01", "99999"),
        ]

        got = result(agreement, log, "2026-04-30")

        assert (D(1500), D(1500)) == (got.windows[0].payout, got.earned)


class TestCap:
    """The cap limits earned payouts in window order, then the provisional one."""

    AGREEMENT = plan(fixed("1", 1000), cap=euros(2500))
    LOG = (
        *opps("2026-02-02", 10),
        *opps("2026-05-04", 10),
        *opps("2026-08-03", 10),
        *opps("2026-11-02", 10),
    )

    def test_reached_mid_term(self) -> None:
        """1 000 + 1 000 + 500 (the remainder of 2 500) + 0 once every quarter has closed.

        Every quarter meets its target and reaches the 1 000 tier; the cap
        of 2 500 lets Q1 and Q2 through whole, gives Q3 the remaining 500
        and Q4 nothing: earned = 2 500.
        """
        got = result(self.AGREEMENT, self.LOG, "2026-12-31")

        assert ([D(1000), D(1000), D(500), D(0)], D(2500), D(2500)) == (
            payouts(got),
            got.earned,
            got.provisional,
        )
        assert [0, 0, 0, 0] == [w.tier for w in got.windows]

    def test_provisional_limited_to_what_is_left(self) -> None:
        """On 15 August 2 000 are earned; open Q3 would pay 1 000 but 500 are left.

        provisional = 2 000 + min(1 000, 2 500 - 2 000) = 2 500.
        """
        got = result(self.AGREEMENT, self.LOG, "2026-08-15")

        assert ([D(1000), D(1000), D(500), None], D(2000), D(2500)) == (
            payouts(got),
            got.earned,
            got.provisional,
        )
        assert [False, False, True, False] == [w.provisional for w in got.windows]

    def test_rate_capped(self) -> None:
        """10 % of 30 000 is 3 000, capped at 2 500; the next quarter pays 0."""
        agreement = plan(rate("1", "0.1"), cap=euros(2500))
        log = [
            *opps("2026-02-02", 10),
            revenue("2026-02-02", "30000"),
            *opps("2026-05-04", 10),
            revenue("2026-05-04", "30000"),
        ]

        got = result(agreement, log, "2026-07-01")

        assert ([D(2500), D(0)], D(2500)) == (payouts(got)[:2], got.earned)


class TestStatus:
    """Status tiers name a level and never pay."""

    AGREEMENT = plan(level("1", "silver"), level("1.5", "gold"))
    LOG = (
        *opps("2026-02-02", 16),  # Q1: 160 % -> gold
        *opps("2026-05-04", 10),  # Q2: 100 % -> silver
        *opps("2026-08-03", 20),  # Q3: 200 % -> gold, open on 15 August
    )

    def test_open_and_closed(self) -> None:
        """Q1 gold and Q2 silver are final, Q3's gold is provisional: the status is silver.

        The status is the latest *closed* window's level: Q2's silver, not
        the open Q3's gold. Nothing is paid: no unit, earned and
        provisional None, every payout None.
        """
        got = result(self.AGREEMENT, self.LOG, "2026-08-15")

        assert [
            (1, "gold", False),
            (0, "silver", False),
            (1, "gold", True),
            (None, None, False),
        ] == [(w.tier, w.status, w.provisional) for w in got.windows]
        assert ("silver", None, None, None) == (
            got.status,
            got.unit,
            got.earned,
            got.provisional,
        )
        assert [None] * 4 == payouts(got)

    def test_once_closed(self) -> None:
        """When Q3 closes its gold becomes the status."""
        assert "gold" == result(self.AGREEMENT, self.LOG, "2026-10-01").status

    def test_a_missed_window_keeps_the_last_level(self) -> None:
        """Q3 closing below every tier leaves Q2's silver as the status."""
        log = self.LOG[:26]  # Q1 and Q2 only
        got = result(self.AGREEMENT, log, "2026-10-01")

        assert ("silver", None) == (got.status, got.windows[2].tier)

    def test_none_before_any_window_closes(self) -> None:
        """An open window's level is not yet the status."""
        assert None is result(self.AGREEMENT, self.LOG, "2026-02-15").status


class TestWhere:
    """The basis target's `where` selects the observations of the basis and of `of`."""

    def test_filtered_basis_and_rate(self) -> None:
        """Only the partner's 10 opps and 10 000 of revenue count: 5 % of 10 000 = 500.

        The pledge ``c`` asks for 10 opps over the term where party = p:
        p's 10 opps attain 1 (the vendor's 5 do not count). The rate is 5 %
        of the revenue with party = p over the term, 10 000 (not the
        vendor's 90 000): 500, earned once the term has closed.
        """
        target = Target(
            metric="opps",
            value=D(10),
            direction=Direction.AT_LEAST,
            where={"party": "p"},
        )
        agreement = plan(
            rate("1", "0.05"), cap=euros(10000), target=target, on_contribution=True
        )
        log = [
            *opps("2026-03-02", 10, party="p"),
            *opps("2026-03-02", 5, party="v"),
            revenue("2026-04-01", "10000", party="p", region="emea"),
            revenue("2026-04-01", "90000", party="v"),
            revenue("2026-04-01", "70000"),
        ]

        got = result(agreement, log, "2026-12-31")

        assert [
            IncentiveWindow(label="term", attainment=D(1), tier=0, payout=D(500))
        ] == list(got.windows)
        assert D(500) == got.earned


class TestAtMost:
    """An AT_MOST window met with an actual of 0 reaches the highest tier."""

    TARGET = Target(
        metric="defects", value=D(4), direction=Direction.AT_MOST, per=Period.QUARTER
    )
    AGREEMENT = plan(fixed("1", 1000), fixed("2", 3000), target=TARGET)

    def test_met_with_zero(self) -> None:
        """Q1 closed with no defect: attainment 4 / 0 is None, yet the top tier pays 3 000."""
        got = result(self.AGREEMENT, [], "2026-04-01")

        assert (
            IncentiveWindow(label="FY2026-Q1", attainment=None, tier=1, payout=D(3000))
            == got.windows[0]
        )

    def test_attainment_from_the_actual(self) -> None:
        """4 defects: 4 / 4 = 1, the first tier; 2 defects: 4 / 2 = 2, the second."""
        log = [
            Observation(metric="defects", at=day("2026-02-02"), value=D(4)),
            Observation(metric="defects", at=day("2026-05-04"), value=D(2)),
        ]

        got = result(self.AGREEMENT, log, "2026-07-01")

        assert ([0, 1], [D(1000), D(3000)]) == (
            [w.tier for w in got.windows[:2]],
            payouts(got)[:2],
        )

    def test_open_window_with_zero(self) -> None:
        """An open window with no defect yet would be met: the top tier, provisionally."""
        got = result(self.AGREEMENT, [], "2026-02-15")

        assert (1, D(3000), True) == (
            got.windows[0].tier,
            got.windows[0].payout,
            got.windows[0].provisional,
        )

    def test_below_zero_reaches_the_top(self) -> None:
        """-3 against at most 4 (returns netted, closed): better than 0, so the top tier, not none."""
        target = Target(
            metric="defects",
            value=D(4),
            direction=Direction.AT_MOST,
            per=Period.QUARTER,
        )
        agreement = plan(fixed("1", 1000), fixed("2", 3000), target=target)
        log = [Observation(metric="defects", at=day("2026-02-02"), value=D(-3))]

        got = result(agreement, log, "2026-04-01")

        assert (None, 1, D(3000)) == (
            got.windows[0].attainment,
            got.windows[0].tier,
            got.windows[0].payout,
        )


class TestAtLeastAtOrBelowZero:
    """An AT_LEAST target at or below 0 (a loss limit) pays as its attainment reads the loss.

    The revenue (SUM, EUR) stands for a net margin of at least -5000 a
    quarter: a loss of at most 5000. The tiers pay 1 000 from attainment 1,
    3 000 from 2.
    """

    TARGET = Target(
        metric="revenue",
        value=D(-5000),
        direction=Direction.AT_LEAST,
        per=Period.QUARTER,
    )
    AGREEMENT = plan(fixed("1", 1000), fixed("2", 3000), target=TARGET)

    def test_tiers_follow_the_loss(self) -> None:
        """Losses of 7 000, 4 000 and 2 500, then none: missed pays nothing, the rest by 5 000 / loss.

        A missed quarter read 7 000 / 5 000 = 140 % and paid the first
        tier; a quarter without a loss read 0 % and paid nothing.
        """
        log = [
            Observation(metric="revenue", at=day("2026-02-02"), value=D(-7000)),
            Observation(metric="revenue", at=day("2026-05-04"), value=D(-4000)),
            Observation(metric="revenue", at=day("2026-08-03"), value=D(-2500)),
        ]

        got = result(self.AGREEMENT, log, "2026-12-31")

        assert [
            (D("0.7142857142857142857142857143"), None, None),
            (D("1.25"), 0, D(1000)),
            (D(2), 1, D(3000)),
            (None, 1, D(3000)),
        ] == [(w.attainment, w.tier, w.payout) for w in got.windows]

    def test_open_window_without_a_loss(self) -> None:
        """A quarter without a loss yet would be met: the top tier, provisionally."""
        log = [
            Observation(metric="revenue", at=day("2026-01-05"), value=D(-10)),
            Observation(metric="revenue", at=day("2026-01-06"), value=D(10)),
        ]

        got = result(self.AGREEMENT, log, "2026-02-15")

        assert (None, 1, D(3000), True) == (
            got.windows[0].attainment,
            got.windows[0].tier,
            got.windows[0].payout,
            got.windows[0].provisional,
        )

    def test_break_even_or_better_reaches_the_top(self) -> None:
        """At least 0 opportunities, none recorded: met, so the top tier, as no defect against at most 4 is.

        An AT_LEAST target of 0 had no attainment and reached no tier,
        though its window was met.
        """
        target = Target(
            metric="opps", value=D(0), direction=Direction.AT_LEAST, per=Period.QUARTER
        )

        got = result(plan(fixed("1", 1000), target=target), [], "2026-04-01")

        assert (None, 0, D(1000)) == (
            got.windows[0].attainment,
            got.windows[0].tier,
            got.windows[0].payout,
        )


class TestEdges:
    """No target, negative shares, lookups, units."""

    def test_basis_without_target(self) -> None:
        """A pledge without a target (MC601) gives no windows and nothing earned."""
        agreement = plan(fixed("1", 1000), on_contribution=True)

        got = result(agreement, [], "2026-12-31")

        assert (
            IncentiveResult(
                incentive="i", unit="EUR", windows=(), earned=D(0), provisional=D(0)
            )
            == got
        )

    def test_negative_revenue_pays_nothing(self) -> None:
        """Credit notes exceeding sales make a negative actual: the payout is 0, not negative."""
        agreement = plan(rate("1", "0.02"), cap=euros(1000))
        log = [*opps("2026-02-02", 10), revenue("2026-02-03", "-5000")]

        assert [D(0)] == payouts(result(agreement, log, "2026-04-01"))[:1]

    def test_level_metric_without_data_pays_nothing(self) -> None:
        """A rate of a MEAN metric with no observation in the window pays 0."""
        agreement = plan(rate("1", "0.02"), cap=euros(1000), revenue=Aggregation.MEAN)
        log = opps("2026-02-02", 10)

        assert [D(0)] == payouts(result(agreement, log, "2026-04-01"))[:1]

    def test_nothing_is_rounded(self) -> None:
        """0.0125 * 333.33 = 4.1666250 stays exact."""
        agreement = plan(rate("1", "0.0125"), cap=euros(1000))
        log = [*opps("2026-02-02", 10), revenue("2026-02-03", "333.33")]

        assert D("4.1666250") == result(agreement, log, "2026-04-01").earned

    def test_unknown_incentive(self) -> None:
        """Asking for an incentive the agreement lacks is a KeyError naming it."""
        card = evaluate(plan(fixed("1", 1)), [], as_of=day("2026-04-01"))

        with pytest.raises(KeyError) as caught:
            card.incentive("nope")

        assert (
            "no incentive 'nope' in agreement 'incentives' (there are: 'i')"
            == caught.value.args[0]
        )

    def test_window_by_label(self) -> None:
        """`IncentiveResult.window` finds a window by label, or names the labels."""
        got = result(plan(fixed("1", 1)), opps("2026-02-02", 10), "2026-04-01")

        assert D(1) == got.window("FY2026-Q1").payout
        with pytest.raises(KeyError) as caught:
            got.window("FY2027-Q1")

        assert (
            "no window 'FY2027-Q1' in incentive 'i' (there are: 'FY2026-Q1', "
            "'FY2026-Q2', 'FY2026-Q3', 'FY2026-Q4')"
        ) == caught.value.args[0]

    def test_public_names(self) -> None:
        """The results are importable from the package, as SPEC §7 lists them."""
        assert (IncentiveResult, IncentiveWindow) == (
            mutualcommit.IncentiveResult,
            mutualcommit.IncentiveWindow,
        )

    def test_pure_function(self) -> None:
        """`evaluate_incentive` on the basis's windows gives the scorecard's result.

        A what-if model can feed it windows and ``of`` actuals of its own:
        here every quarter's revenue is said to be 1 000.
        """
        agreement = plan(rate("1", "0.02"), cap=euros(1000))
        card = evaluate(agreement, opps("2026-02-02", 10), as_of=day("2026-04-01"))
        incentive = agreement.incentives[0]

        got = evaluate_incentive(
            agreement,
            incentive,
            card.goal("g").windows,
            lambda _metric, _window: D(1000),
        )

        assert (D(20), "EUR") == (got.earned, got.unit)
        assert card.incentive("i") == evaluate_incentive(
            agreement, incentive, card.goal("g").windows, lambda _metric, _window: D(0)
        )


class TestJsonAndText:
    """The scorecard's JSON and the command line's text carry the incentives."""

    AGREEMENT = plan(fixed("1", 1000), cap=euros(2500))
    LOG = (*opps("2026-02-02", 12), *opps("2026-04-08", 2))

    def test_json(self) -> None:
        """Each incentive: id, unit, earned, provisional, status and its windows."""
        card = evaluate(self.AGREEMENT, self.LOG, as_of=day("2026-04-10"))

        (written,) = scorecard_to_dict(card)["incentives"]

        assert {
            "incentive": "i",
            "unit": "EUR",
            "earned": "1000",
            "provisional": "1000",
            "status": None,
        } == {k: v for k, v in written.items() if k != "windows"}
        assert [
            {
                "label": "FY2026-Q1",
                "attainment": "1.2",
                "tier": 0,
                "payout": "1000",
                "status": None,
                "provisional": False,
            },
            {
                "label": "FY2026-Q2",
                "attainment": "0.2",
                "tier": None,
                "payout": None,
                "status": None,
                "provisional": True,
            },
        ] == written["windows"][:2]

    def test_converter_hooks(self) -> None:
        """A converter given the scorecard hooks writes a result and a window as the document does."""
        card = evaluate(self.AGREEMENT, self.LOG, as_of=day("2026-04-10"))
        converter = register_scorecard_hooks(make_converter())
        got = card.incentive("i")

        assert scorecard_to_dict(card)["incentives"][0] == converter.unstructure(got)
        assert {
            "label": "FY2026-Q1",
            "attainment": "1.2",
            "tier": 0,
            "payout": "1000",
            "status": None,
            "provisional": False,
        } == converter.unstructure(got.windows[0])

    def test_records(self) -> None:
        """``to_records("incentives")``: a row per window, exact Decimals, in order."""
        card = evaluate(self.AGREEMENT, self.LOG, as_of=day("2026-04-10"))

        rows = card.to_records("incentives")

        assert [
            {
                "incentive": "i",
                "unit": "EUR",
                "window": "FY2026-Q1",
                "attainment": D("1.2"),
                "tier": 0,
                "payout": D(1000),
                "status": None,
                "provisional": False,
            },
            {
                "incentive": "i",
                "unit": "EUR",
                "window": "FY2026-Q2",
                "attainment": D("0.2"),
                "tier": None,
                "payout": None,
                "status": None,
                "provisional": True,
            },
        ] == rows[:2]
        assert ["FY2026-Q3", "FY2026-Q4"] == [r["window"] for r in rows[2:]]
        assert [
            "incentive",
            "unit",
            "window",
            "attainment",
            "tier",
            "payout",
            "status",
            "provisional",
        ] == list(rows[0])

    def test_status_records(self) -> None:
        """A status tier's rows carry its level and tier, no unit and no payout."""
        card = evaluate(TestStatus.AGREEMENT, TestStatus.LOG, as_of=day("2026-08-15"))

        assert [
            (None, "FY2026-Q1", D("1.6"), 1, None, "gold", False),
            (None, "FY2026-Q2", D(1), 0, None, "silver", False),
            (None, "FY2026-Q3", D(2), 1, None, "gold", True),
            (None, "FY2026-Q4", D(0), None, None, None, False),
        ] == [
            (
                r["unit"],
                r["window"],
                r["attainment"],
                r["tier"],
                r["payout"],
                r["status"],
                r["provisional"],
            )
            for r in card.to_records("incentives")
        ]

    def test_text(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """`mutualcommit evaluate` shows the payouts, each window's state and the net positions."""
        agreement = tmp_path / "agreement.json"
        agreement.write_text(dumps(self.AGREEMENT), encoding="utf-8")
        log = tmp_path / "observations.jsonl"
        log.write_text(dump_observations(self.LOG), encoding="utf-8")

        code = main(["evaluate", str(agreement), str(log), "--as-of", "2026-04-10"])
        lines = capsys.readouterr().out.splitlines()
        start = lines.index(
            "incentive i: I — earned 1000 EUR, provisional 1000 EUR (cap 2500 EUR)"
        )

        assert 0 == code
        assert [
            "  v rewards p for goal g",
            "window attainment tier payout state",
            "FY2026-Q1 120.0 % 100 % 1000 final",
            "FY2026-Q2 20.0 % - - provisional",
            "FY2026-Q3 - - - not started",
            "FY2026-Q4 - - - not started",
            "",
            "net positions over the closed windows (rewards less remedies)",
            "party unit rewards remedies net",
            "v EUR -1000 0 -1000",
            "p EUR 1000 0 1000",
            "",
        ] == [lines[start + 1], *(" ".join(x.split()) for x in lines[start + 2 : -1])]
        assert lines[-1].startswith("receipt: sha256:")

    def test_text_tier_in_full(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The tier column states the threshold as agreed: 100.05 %, not 100.0 %."""
        agreement = tmp_path / "agreement.json"
        agreement.write_text(
            dumps(plan(fixed("1.0005", 1000), cap=euros(2500))), encoding="utf-8"
        )
        log = tmp_path / "observations.jsonl"
        log.write_text(dump_observations(self.LOG), encoding="utf-8")

        main(["evaluate", str(agreement), str(log), "--as-of", "2026-04-10"])
        rows = [" ".join(line.split()) for line in capsys.readouterr().out.splitlines()]

        assert "FY2026-Q1 120.0 % 100.05 % 1000 final" in rows


# -- laws -------------------------------------------------------------------------

_DAYS = st.dates(dt.date(2025, 12, 1), dt.date(2027, 1, 31))
_VALUES = st.sampled_from(
    [D(0), D(1), D(3), D("2.5"), D(100), D(-40), D(5000), D(-5000)]
)
_DIMS = st.sampled_from([{}, {"party": "p"}, {"party": "v"}])


@st.composite
def _tiers(draw: st.DrawFn) -> tuple[Tier, ...]:
    thresholds = sorted(
        draw(
            st.lists(
                st.sampled_from([D("0.5"), D("0.8"), D(1), D("1.2"), D(2)]),
                min_size=1,
                max_size=3,
                unique=True,
            )
        )
    )
    kind = draw(st.sampled_from(["amount", "rate", "status"]))
    if kind == "status":
        return tuple(level(str(t), f"level-{i}") for i, t in enumerate(thresholds))
    shares = st.sampled_from(["0", "0.01", "0.05", "0.5"])
    amounts = st.sampled_from(["0", "100", "750", "1000"])
    return tuple(
        rate(str(t), draw(shares))
        if kind == "rate" or draw(st.booleans())
        else fixed(str(t), draw(amounts))
        for t in thresholds
    )


@st.composite
def incentive_cases(draw: st.DrawFn) -> tuple[Agreement, list[Observation]]:
    """An agreement with one incentive of any kind on any target, and a log."""
    target = Target(
        metric=draw(st.sampled_from(["opps", "revenue", "defects"])),
        value=draw(st.sampled_from([D(0), D(1), D(2), D(10), D(1000)])),
        direction=draw(st.sampled_from(list(Direction))),
        per=draw(st.sampled_from(list(Period))),
        where=draw(_DIMS),
    )
    tiers = draw(_tiers())
    cap = None
    if tiers[0].status is None and draw(st.booleans()):
        cap = euros(draw(st.sampled_from(["0", "500", "2500", "100000"])))
    agreement = plan(
        *tiers,
        cap=cap,
        target=target,
        revenue=draw(st.sampled_from(_OBSERVED)),
    )
    log = draw(
        st.lists(
            st.builds(
                Observation,
                metric=st.sampled_from(["opps", "revenue", "defects"]),
                at=_DAYS,
                value=_VALUES,
                dims=_DIMS,
            ),
            max_size=40,
        )
    )
    return agreement, log


def _all_incentives(
    cards: Sequence[Scorecard],
) -> Iterable[tuple[Incentive, IncentiveResult]]:
    for card in cards:
        yield from zip(card.agreement.incentives, card.incentives, strict=True)


_AS_OF = st.lists(_DAYS, min_size=1, max_size=6)


class TestLaws:
    """What holds for every incentive, log and as_of."""

    @given(case=incentive_cases(), as_of=_AS_OF)
    def test_cap(
        self, case: tuple[Agreement, list[Observation]], as_of: list[dt.date]
    ) -> None:
        """Earned, and provisional, payouts never exceed the cap; no payout is negative."""
        agreement, log = case
        for incentive, got in _all_incentives(evaluate_series(agreement, log, as_of)):
            paid = [w.payout for w in got.windows if w.payout is not None]
            assert all(p >= 0 for p in paid)
            if incentive.cap is not None and got.unit is not None:
                assert got.earned is not None
                assert got.provisional is not None
                assert got.earned <= got.provisional <= incentive.cap.amount

    @given(case=incentive_cases(), as_of=_AS_OF)
    def test_earned_never_decreases(
        self, case: tuple[Agreement, list[Observation]], as_of: list[dt.date]
    ) -> None:
        """With fixed observations, `earned` never decreases as as_of advances."""
        agreement, log = case
        cards = evaluate_series(agreement, log, sorted(as_of))
        earned = [card.incentive("i").earned for card in cards]
        if earned[0] is not None:
            assert earned == sorted(earned)  # type: ignore[type-var]

    @given(case=incentive_cases(), as_of=_DAYS)
    def test_status_never_pays(
        self, case: tuple[Agreement, list[Observation]], as_of: dt.date
    ) -> None:
        """A window that reaches a status tier pays None; a status incentive has no unit."""
        agreement, log = case
        incentive = agreement.incentives[0]
        got = evaluate(agreement, log, as_of=as_of).incentive("i")
        for window in got.windows:
            if window.tier is not None and incentive.tiers[window.tier].status:
                assert (None, incentive.tiers[window.tier].status) == (
                    window.payout,
                    window.status,
                )
        if incentive.tiers[0].status is not None:
            assert (None, None, None) == (got.unit, got.earned, got.provisional)

    @given(case=incentive_cases(), as_of=_DAYS)
    def test_earned_adds_up(
        self, case: tuple[Agreement, list[Observation]], as_of: dt.date
    ) -> None:
        """`earned` sums the closed windows' payouts, `provisional` adds the open one's."""
        agreement, log = case
        card = evaluate(agreement, log, as_of=as_of)
        got = card.incentive("i")
        if got.unit is None:
            return
        closed = [b.closed for b in card.goal("g").windows]
        earned = sum(
            (w.payout or D(0) for w, c in zip(got.windows, closed, strict=True) if c),
            D(0),
        )
        extra = sum((w.payout or D(0) for w in got.windows if w.provisional), D(0))
        assert (earned, earned + extra) == (got.earned, got.provisional)

    @given(
        agreement=agreements(
            max_parties=3,
            max_metrics=3,
            max_goals=2,
            max_contributions=2,
            max_allocations=0,
            max_incentives=2,
            max_clauses=0,
            max_reviews=0,
        ).flatmap(lambda a: st.tuples(st.just(a), observations(a))),
        as_of=_AS_OF,
    )
    def test_any_agreement(
        self, agreement: tuple[Agreement, list[Observation]], as_of: list[dt.date]
    ) -> None:
        """On the public strategies: one result per incentive, capped, in its unit."""
        model, log = agreement
        units = {m.id: m.unit for m in model.metrics}
        cards = evaluate_series(model, log, sorted(as_of))
        for incentive, got in _all_incentives(cards):
            named = {t.amount.unit for t in incentive.tiers if t.amount is not None}
            named |= {units[t.of] for t in incentive.tiers if t.of is not None}
            assert got.unit is None or {got.unit} == named
            if incentive.cap is not None and got.provisional is not None:
                assert got.provisional <= incentive.cap.amount
        json.dumps([scorecard_to_dict(card)["incentives"] for card in cards])
