"""Net positions worked by hand: several incentives and remedies, three parties.

The agreement runs over the calendar year 2026 with a January fiscal year.
The partner ``p``'s goal ``g`` (at least 10 opportunities a quarter) carries
three incentives, in this order: ``ix`` (the vendor ``v`` pays the other
partner ``x`` EUR 300), ``i1`` (``v`` pays ``p`` EUR 2 000.50) and ``i2``
(``p`` pays ``v`` EUR 500.25). The vendor's pledge ``c`` (a mean lead time of
at most 10 days a quarter) carries three remedies, in this order: ``rx``
(``v`` owes ``x`` EUR 100 a day late), ``r1`` (``v`` owes ``p`` EUR 1 000.10
a day beyond a grace of 2 days) and ``r2`` (``v`` owes ``p`` EUR 10 a day).
A fourth party ``y`` takes part in none of them.

The log has no opportunity and no delivery in Q1 (0 opportunities, so no
payout; no lead time, so no remedy judged), 10 opportunities and one 13-day
delivery in Q2; on 15 July Q2 is the last closed quarter.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs

from mutualcommit import (
    Aggregation,
    Agreement,
    Contribution,
    ContributionKind,
    Direction,
    Goal,
    Incentive,
    Metric,
    Observation,
    Party,
    Period,
    PositionWindow,
    Quantity,
    Remedy,
    Role,
    Scorecard,
    Target,
    Tier,
    evaluate,
    render,
)
from mutualcommit.kpi import scorecard_to_dict

D = Decimal
Q2_END = dt.date(2026, 6, 30)


def euros(amount: str) -> Quantity:
    """An amount in euros."""
    return Quantity(amount=D(amount), unit="EUR")


def incentive(id: str, payer: str, beneficiary: str, amount: str) -> Incentive:  # noqa: A002
    """An incentive on goal ``g`` paying *amount* for a met quarter."""
    return Incentive(
        id=id,
        title=id.upper(),
        payer=payer,
        beneficiary=beneficiary,
        goal="g",
        tiers=(Tier(threshold=D(1), amount=euros(amount)),),
    )


def remedy(id: str, beneficiary: str, amount: str, grace: int) -> Remedy:  # noqa: A002
    """A remedy the vendor owes *beneficiary*: *amount* a day late beyond *grace*."""
    return Remedy(
        id=id,
        title=id.upper(),
        payer="v",
        beneficiary=beneficiary,
        contribution="c",
        amount=euros(amount),
        grace=D(grace),
    )


def plan() -> Agreement:
    """The agreement of the module docstring."""
    return Agreement(
        id="positions",
        title="Positions",
        parties=(
            Party(id="v", name="Vendor", role=Role.VENDOR),
            Party(id="p", name="Partner", role=Role.PARTNER),
            Party(id="x", name="Other partner", role=Role.PARTNER),
            Party(id="y", name="Bystander", role=Role.PARTNER),
        ),
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        currency="EUR",
        metrics=(
            Metric(id="lead", name="Lead", unit="day", aggregation=Aggregation.MEAN),
            Metric(id="opps", name="Opps", unit="count", aggregation=Aggregation.COUNT),
        ),
        goals=(
            Goal(
                id="g",
                title="G",
                target=Target(
                    metric="opps",
                    value=D(10),
                    direction=Direction.AT_LEAST,
                    per=Period.QUARTER,
                ),
            ),
        ),
        contributions=(
            Contribution(
                id="c",
                party="v",
                title="C",
                kind=ContributionKind.DELIVERY_COMMITMENT,
                target=Target(
                    metric="lead",
                    value=D(10),
                    direction=Direction.AT_MOST,
                    per=Period.QUARTER,
                ),
            ),
        ),
        incentives=(
            incentive("ix", "v", "x", "300"),
            incentive("i1", "v", "p", "2000.50"),
            incentive("i2", "p", "v", "500.25"),
        ),
        remedies=(
            remedy("rx", "x", "100", 0),
            remedy("r1", "p", "1000.10", 2),
            remedy("r2", "p", "10", 0),
        ),
    )


def card() -> Scorecard:
    """The agreement evaluated on 15 July 2026."""
    log = [
        *[Observation(metric="opps", at=dt.date(2026, 5, 4), value=D(1))] * 10,
        Observation(metric="lead", at=dt.date(2026, 5, 5), value=D(13)),
    ]
    return evaluate(plan(), log, as_of=dt.date(2026, 7, 15))


#: The first quarter: counted, and nothing paid or owed in it.
Q1 = PositionWindow(
    label="FY2026-Q1",
    end=dt.date(2026, 3, 31),
    unit="EUR",
    rewards=D(0),
    remedies=D(0),
    net=D(0),
)


def q2(rewards: str, remedies: str, net: str) -> PositionWindow:
    """The second quarter's position."""
    return PositionWindow(
        label="FY2026-Q2",
        end=Q2_END,
        unit="EUR",
        rewards=D(rewards),
        remedies=D(remedies),
        net=D(net),
    )


class TestSeveralIncentivesAndRemedies:
    """Every incentive and remedy a party takes part in adds up in its window."""

    def test_partner(self) -> None:
        """The partner: 2 000.50 - 500.25 earned, owed 1 000.10 + 30, net 2 530.35.

        Q2: one 13-day delivery, 3 days over the pledge: ``r1`` charges the
        1 day beyond its grace (1 000.10), ``r2`` all 3 (30). Q1 counted 0
        opportunities and paid nothing: a row of 0, as a remedy owing 0
        has; ``ix`` and ``rx`` are not the partner's.
        """
        position = card().net_position("p")

        assert "p" == position.party
        assert (Q1, q2("1500.25", "-1030.10", "2530.35")) == position.windows
        assert {"EUR": D("2530.35")} == dict(position.totals)

    def test_vendor(self) -> None:
        """The vendor pays 300 + 2 000.50, earns 500.25, owes 300 + 1 000.10 + 30."""
        position = card().net_position("v")

        assert (Q1, q2("-1800.25", "1330.10", "-3130.35")) == position.windows
        assert {"EUR": D("-3130.35")} == dict(position.totals)

    def test_other_partner(self) -> None:
        """The other partner earns 300 and is owed 3 days x 100."""
        position = card().net_position("x")

        assert (Q1, q2("300", "-300", "600")) == position.windows

    def test_bystander(self) -> None:
        """A party that neither pays nor earns anything has no window and no total."""
        position = card().net_position("y")

        assert "y" == position.party
        assert () == position.windows
        assert {} == dict(position.totals)

    def test_subtotals(self) -> None:
        """The rewards and the remedies of the windows, whose difference is the total."""
        position = card().net_position("v")

        assert (D("-1800.25"), D("1330.10")) == position.subtotals("EUR")
        assert (D(0), D(0)) == position.subtotals("USD")
        with decimal.localcontext(prec=3):
            assert (D("-1800.25"), D("1330.10")) == position.subtotals("EUR")

    def test_callers_context(self) -> None:
        """A caller's decimal context of 3 digits changes no sum."""
        scorecard = card()

        with decimal.localcontext(prec=3):
            position = scorecard.net_position("p")

        assert (Q1, q2("1500.25", "-1030.10", "2530.35")) == position.windows


class TestEveryParty:
    """The positions of every party go through the results once, not once per party."""

    def test_one_pass(self) -> None:
        """Each of the four parties' positions asked: the targets and remedies read once."""
        counted = card()
        passes: Counter[str] = Counter()

        class Counted(tuple[Any, ...]):
            """Results that count how often they are gone through."""

            __slots__ = ()
            name = ""

            def __iter__(self) -> Iterator[Any]:
                passes[self.name] += 1
                return super().__iter__()

        class Goals(Counted):
            """The goals' results, counted."""

            __slots__ = ()
            name = "goals"

        class Remedies(Counted):
            """The remedies' results, counted."""

            __slots__ = ()
            name = "remedies"

        counted = attrs.evolve(
            counted, goals=Goals(counted.goals), remedies=Remedies(counted.remedies)
        )

        positions = [counted.net_position(p.id) for p in counted.agreement.parties]

        assert [card().net_position(p) for p in ("v", "p", "x", "y")] == positions
        assert {"goals": 1, "remedies": 1} == passes


class TestNothingPaid:
    """A party in an incentive or a remedy has its position even when it is 0."""

    def test_no_tier_reached(self) -> None:
        """An incentive that reached no tier counts its closed windows as 0, as a remedy does.

        Five opportunities in Q2 reach half the goal: no incentive pays, and
        the other partner ``x`` (rewarded by ``ix``, owed by ``rx``) has its
        two quarters at 0, not no position at all.
        """
        log = [Observation(metric="opps", at=dt.date(2026, 5, 4), value=D(1))] * 5
        position = evaluate(plan(), log, as_of=dt.date(2026, 7, 15)).net_position("x")

        assert (Q1, q2("0", "0", "0")) == position.windows
        assert {"EUR": D(0)} == dict(position.totals)

    def test_before_any_window_closes(self) -> None:
        """Before the first window closes, each party of a money flow has a total of 0."""
        scorecard = evaluate(plan(), [], as_of=dt.date(2026, 2, 1))

        assert [{"EUR": D(0)}, {"EUR": D(0)}, {"EUR": D(0)}, {}] == [
            dict(scorecard.net_position(party).totals) for party in "vpxy"
        ]
        assert [(), (), (), ()] == [
            scorecard.net_position(party).windows for party in "vpxy"
        ]

    def test_scorecard_row(self) -> None:
        """The scorecard's net position table has a row for each of them, none for the bystander."""
        text = render(evaluate(plan(), [], as_of=dt.date(2026, 2, 1)), format="text")
        section = text[text.index("Net position") :].splitlines()

        assert ["Vendor", "Partner", "Other partner"] == [
            line.split("  ")[0] for line in section if line.endswith("€0.00")
        ]


class TestJson:
    """The scorecard's JSON holds every party's net position."""

    def test_partner(self) -> None:
        """The partner's totals and windows, numbers as canonical text."""
        written = scorecard_to_dict(card())["net_positions"]

        assert ["v", "p", "x", "y"] == list(written)
        assert {
            "totals": {"EUR": "2530.35"},
            "windows": [
                {
                    "label": "FY2026-Q1",
                    "end": "2026-03-31",
                    "unit": "EUR",
                    "rewards": "0",
                    "remedies": "0",
                    "net": "0",
                },
                {
                    "label": "FY2026-Q2",
                    "end": "2026-06-30",
                    "unit": "EUR",
                    "rewards": "1500.25",
                    "remedies": "-1030.1",
                    "net": "2530.35",
                },
            ],
        } == written["p"]
        assert {"totals": {}, "windows": []} == written["y"]


class TestWindowOfItsOutcome:
    """A payout's window ends when its outcome's window does."""

    def test_term_windows_of_two_targets(self) -> None:
        """A goal's term window due 30 June pays; the pledge's term runs to December.

        Both windows are labelled ``term``: the bonus's row is dated 30 June
        (the goal's window), not 31 December (the pledge's, still open),
        and a remedy of the pledge's window would be a row of its own.
        """
        half_year = Target(
            metric="opps",
            value=D(5),
            direction=Direction.AT_LEAST,
            per=Period.TERM,
            due=Q2_END,
        )
        whole_term = Target(
            metric="opps", value=D(5), direction=Direction.AT_LEAST, per=Period.TERM
        )
        agreement = Agreement(
            id="p",
            title="P",
            currency="EUR",
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 12, 31),
            parties=(
                Party(id="v", name="Vendor", role=Role.VENDOR),
                Party(id="r", name="Reseller", role=Role.PARTNER),
            ),
            metrics=(
                Metric(
                    id="opps", name="Opps", unit="count", aggregation=Aggregation.COUNT
                ),
            ),
            goals=(Goal(id="g", title="Half-year goal", target=half_year),),
            contributions=(
                Contribution(
                    id="c",
                    party="r",
                    title="Co-sell",
                    kind=ContributionKind.CO_SELLING,
                    supports=("g",),
                    target=whole_term,
                ),
            ),
            incentives=(
                Incentive(
                    id="b",
                    title="Half-year bonus",
                    payer="v",
                    beneficiary="r",
                    goal="g",
                    tiers=(Tier(threshold=D(1), amount=euros("1000")),),
                ),
            ),
            review_rule="FREQ=MONTHLY;INTERVAL=3",
        )
        log = [
            Observation("opps", dt.date(2026, 3, 1), D(1), ref=f"o{i}")
            for i in range(6)
        ]

        position = evaluate(agreement, log, as_of=dt.date(2026, 7, 15)).net_position(
            "r"
        )

        assert (
            PositionWindow(
                label="term",
                end=Q2_END,
                unit="EUR",
                rewards=D(1000),
                remedies=D(0),
                net=D(1000),
            ),
        ) == position.windows
