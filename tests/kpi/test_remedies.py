"""Remedies evaluated: worked cases by hand, then laws.

The worked cases run on the calendar year 2026 with a January fiscal year
(Q1 ends 31 March, Q2 30 June, Q3 30 September, Q4 31 December). The vendor
``v`` pledges (contribution ``c``) a mean delivery lead time of at most 10
days a quarter; the remedy ``r`` makes ``v`` owe the partner ``p`` EUR 1 000
per day beyond a grace of 2 days, at most EUR 5 000 over the term, and the
second breach gives ``p`` the right to terminate. The partner's goal ``g``
(at least 10 opportunities a quarter) carries an incentive ``i`` paying
EUR 2 000 a quarter, for the net position.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit import (
    Aggregation,
    Agreement,
    Contribution,
    ContributionKind,
    Direction,
    FormatError,
    Goal,
    Incentive,
    InvalidAgreementError,
    Metric,
    Observation,
    Party,
    Period,
    PositionWindow,
    Quantity,
    Remedy,
    RemedyWindow,
    Role,
    Target,
    Tier,
    dump_observations,
    dumps,
    evaluate,
    from_dict,
    to_dict,
)
from mutualcommit.cli import main
from mutualcommit.kpi import (
    ObservationIndex,
    evaluate_remedy,
    register_scorecard_hooks,
    scorecard_to_dict,
)
from mutualcommit.serialize import make_converter
from mutualcommit.testing.strategies import agreements, observations

D = Decimal
START = dt.date(2026, 1, 1)
END = dt.date(2026, 12, 31)
QUARTER_ENDS = ("2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31")


def euros(amount: str | int) -> Quantity:
    """An amount in euros."""
    return Quantity(amount=D(amount), unit="EUR")


def plan(**changes: Any) -> Agreement:
    """The agreement of the module docstring, its remedy changed by *changes*."""
    fields: dict[str, Any] = {
        "id": "r",
        "title": "Late deliveries",
        "payer": "v",
        "beneficiary": "p",
        "contribution": "c",
        "amount": euros(1000),
        "grace": D(2),
        "cap": euros(5000),
        "termination_after": 2,
    }
    fields.update(changes)
    direction = fields.pop("direction", Direction.AT_MOST)
    value = fields.pop("value", D(10))
    return Agreement(
        id="remedies",
        title="Remedies",
        parties=(
            Party(id="v", name="Vendor", role=Role.VENDOR),
            Party(id="p", name="Partner", role=Role.PARTNER),
        ),
        start=START,
        end=END,
        currency="EUR",
        metrics=(
            Metric(
                id="lead", name="Lead time", unit="day", aggregation=Aggregation.MEAN
            ),
            Metric(id="opps", name="Opps", unit="count", aggregation=Aggregation.COUNT),
            Metric(
                id="purchases",
                name="Purchases",
                unit="EUR",
                aggregation=Aggregation.SUM,
            ),
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
                    metric="lead", value=value, direction=direction, per=Period.QUARTER
                ),
            ),
        ),
        incentives=(
            Incentive(
                id="i",
                title="I",
                payer="v",
                beneficiary="p",
                goal="g",
                tiers=(Tier(threshold=D(1), amount=euros(2000)),),
            ),
        ),
        remedies=(Remedy(**fields),),
    )


def lead(on: str, days: Decimal | str | int) -> Observation:
    """A delivery with a lead time of *days* on *on*."""
    return Observation(metric="lead", at=dt.date.fromisoformat(on), value=D(days))


def opps(on: str, n: int) -> list[Observation]:
    """*n* opportunities registered on *on*."""
    return [Observation(metric="opps", at=dt.date.fromisoformat(on), value=D(1))] * n


#: Mean lead times 13 (Q1), 9 (Q2), 17 (Q3); Q4 open on 15 October.
LOG = [
    lead("2026-02-01", 12),
    lead("2026-03-01", 14),
    lead("2026-05-01", 9),
    lead("2026-08-01", 17),
    lead("2026-10-02", 30),
]
AS_OF = dt.date(2026, 10, 15)


class TestWorkedCase:
    """A remedy charges each closed quarter's shortfall beyond the grace, up to the cap."""

    def test_windows(self) -> None:
        """Q1 owes 1 000, Q2 nothing, Q3 5 000 capped to 4 000, Q4 is open.

        Q1: mean (12 + 14) / 2 = 13, shortfall 13 - 10 = 3, charged 3 - 2 =
        1, owed 1 x 1 000 = 1 000, capped 1 000 (5 000 left). Q2: 9 <= 10,
        shortfall 0. Q3: 17, shortfall 7, charged 5, owed 5 000, capped to
        what the cap leaves: 5 000 - 1 000 = 4 000. Q4 has a 30-day
        delivery but is open on 15 October: nothing yet.
        """
        got = evaluate(plan(), LOG, as_of=AS_OF).remedy("r")

        ends = [dt.date.fromisoformat(e) for e in QUARTER_ENDS]
        assert (
            RemedyWindow(
                label="FY2026-Q1",
                end=ends[0],
                closed=True,
                shortfall=D(3),
                charged=D(1),
                owed=D(1000),
                capped=D(1000),
                breached=True,
            ),
            RemedyWindow(
                label="FY2026-Q2",
                end=ends[1],
                closed=True,
                shortfall=D(0),
                charged=D(0),
                owed=D(0),
                capped=D(0),
                breached=False,
            ),
            RemedyWindow(
                label="FY2026-Q3",
                end=ends[2],
                closed=True,
                shortfall=D(7),
                charged=D(5),
                owed=D(5000),
                capped=D(4000),
                breached=True,
            ),
            RemedyWindow(label="FY2026-Q4", end=ends[3], closed=False),
        ) == got.windows

    def test_totals_and_termination(self) -> None:
        """6 000 owed, 5 000 due after the cap; the second breach (Q3) opens termination."""
        got = evaluate(plan(), LOG, as_of=AS_OF).remedy("r")

        assert ("EUR", D(6000), D(5000), 2, "FY2026-Q3", dt.date(2026, 9, 30)) == (
            got.unit,
            got.owed,
            got.capped,
            got.breaches,
            got.termination,
            got.termination_on,
        )

    def test_no_termination_right_before_the_nth_breach(self) -> None:
        """With termination after 3 breaches, two breaches give no right yet."""
        got = evaluate(plan(termination_after=3), LOG, as_of=AS_OF).remedy("r")

        assert (2, None, None) == (got.breaches, got.termination, got.termination_on)

    def test_at_least(self) -> None:
        """An at-least target's shortfall is target - actual: 10 - 6 opps = 4.

        A remedy on the goal (at least 10 opps a quarter), EUR 250 per
        missing opportunity, no grace, no cap: Q1 with 6 opps owes 4 x 250 =
        1 000; Q2 with 12 opps owes nothing.
        """
        agreement = plan(
            payer="p",
            beneficiary="v",
            contribution=None,
            goal="g",
            amount=euros(250),
            grace=D(0),
            cap=None,
            termination_after=None,
        )
        log = [*opps("2026-02-01", 6), *opps("2026-05-01", 12)]

        got = evaluate(agreement, log, as_of=dt.date(2026, 7, 1)).remedy("r")

        assert [D(4), D(0), None, None] == [w.shortfall for w in got.windows]
        assert (D(1000), D(1000)) == (got.owed, got.capped)

    def test_rate(self) -> None:
        """A rate charges a share of the quarter's purchases per day: 1 % x 3 x 40 000.

        Q1's mean lead time is 15, 5 days beyond the target of 10; past the
        grace of 2, 3 days are charged: 0.01 x 3 x 40 000 = 1 200.
        """
        agreement = plan(amount=None, rate=D("0.01"), of="purchases", cap=None)
        log = [
            lead("2026-02-01", 15),
            Observation(metric="purchases", at=dt.date(2026, 2, 3), value=D(40000)),
        ]

        got = evaluate(agreement, log, as_of=dt.date(2026, 4, 1)).remedy("r")

        assert (D(3), D(1200)) == (got.windows[0].charged, got.windows[0].owed)

    def test_rate_of_a_negative_actual(self) -> None:
        """Credit notes exceeding purchases owe 0, and the quarter is still a breach.

        Q1 charges 3 days against purchases of -5 000: 0.01 x 3 x -5 000
        would be -150; Q2 charges 3 days against none: 0 too. Both breach:
        the second opens termination.
        """
        agreement = plan(amount=None, rate=D("0.01"), of="purchases", cap=None)
        log = [
            lead("2026-02-01", 15),
            Observation(metric="purchases", at=dt.date(2026, 2, 3), value=D(-5000)),
            lead("2026-05-01", 15),
        ]

        got = evaluate(agreement, log, as_of=dt.date(2026, 7, 1)).remedy("r")

        assert [(D(3), D(0), True), (D(3), D(0), True)] == [
            (w.charged, w.owed, w.breached) for w in got.windows[:2]
        ]
        assert (D(0), 2, "FY2026-Q2") == (got.owed, got.breaches, got.termination)

    def test_rate_rounded_once(self) -> None:
        """The cost, rate x charged x purchases, is one exact product, rounded once.

        Lead times 10, 10 and 11: a mean of 10.33333333333333333333333333,
        charged 0.33333333333333333333333333 beyond the target of 10. Times
        a rate of 0.623347347958 and purchases of 88 809 777 878.45 that is
        18 453 113 171.09028772656836648...; the rate times the charged days
        rounded first read ...836649.
        """
        agreement = plan(
            amount=None, rate=D("0.623347347958"), of="purchases", cap=None, grace=D(0)
        )
        log = [
            lead("2026-02-01", 10),
            lead("2026-02-02", 10),
            lead("2026-02-03", 11),
            Observation(
                metric="purchases", at=dt.date(2026, 2, 3), value=D("88809777878.45")
            ),
        ]

        (window, *_) = (
            evaluate(agreement, log, as_of=dt.date(2026, 4, 1)).remedy("r").windows
        )

        assert (
            D("0.33333333333333333333333333"),
            D("18453113171.09028772656836648"),
        ) == (
            window.charged,
            window.owed,
        )

    def test_rate_owed_in_the_unit_of_its_metric(self) -> None:
        """A rate remedy is owed in the unit of the metric it is a share of: purchases, EUR (not the lead time's days)."""
        agreement = plan(amount=None, rate=D("0.01"), of="purchases", cap=None)

        got = evaluate(agreement, [], as_of=dt.date(2026, 4, 1)).remedy("r")

        assert "EUR" == got.unit

    def test_cap_share(self) -> None:
        """A cap share of 10 % of a base of EUR 20 000 caps the remedy at 2 000."""
        agreement = plan(cap=None, cap_share=D("0.1"), cap_base=euros(20000))

        got = evaluate(agreement, LOG, as_of=AS_OF).remedy("r")

        assert (euros(2000), D(6000), D(2000)) == (
            agreement.remedies[0].limit,
            got.owed,
            got.capped,
        )

    def test_level_without_data(self) -> None:
        """A closed quarter without any lead-time record has no shortfall and owes nothing."""
        got = evaluate(plan(), [], as_of=AS_OF).remedy("r")

        assert [None, None, None, None] == [w.shortfall for w in got.windows]
        assert (D(0), 0) == (got.capped, got.breaches)

    def test_unknown_remedy(self) -> None:
        """Asking for an unknown remedy is a KeyError naming it."""
        card = evaluate(plan(), LOG, as_of=AS_OF)

        with pytest.raises(KeyError, match="no remedy 'x'"):
            card.remedy("x")


def _no_actual(metric: str, window: object) -> None:
    """An ``of_actual`` with nothing to read."""


class TestLookupsAndArguments:
    """A result's window by label; `evaluate_remedy` names a wrong argument; any context."""

    def test_window_by_label(self) -> None:
        """window(label) is that window; an unknown label's KeyError lists the labels."""
        got = evaluate(plan(), LOG, as_of=AS_OF).remedy("r")

        assert got.windows[2] == got.window("FY2026-Q3")
        with pytest.raises(KeyError) as caught:
            got.window("Q3")
        assert (
            "no window 'Q3' in remedy 'r' (there are: 'FY2026-Q1', 'FY2026-Q2', "
            "'FY2026-Q3', 'FY2026-Q4')"
        ) == caught.value.args[0]

    def test_no_windows_to_look_up(self) -> None:
        """A result without windows (its basis has no target) says it has none."""
        agreement = plan()
        empty = evaluate_remedy(agreement, agreement.remedies[0], [], _no_actual)

        with pytest.raises(KeyError) as caught:
            empty.window("FY2026-Q1")
        assert (
            "no window 'FY2026-Q1' in remedy 'r' (there are: none)"
            == caught.value.args[0]
        )

    @pytest.mark.parametrize(
        ("call", "message"),
        [
            (
                lambda a: evaluate_remedy(to_dict(a), a.remedies[0], [], _no_actual),  # type: ignore[arg-type]
                "agreement is an Agreement, got dict",
            ),
            (
                lambda a: evaluate_remedy(a, "r", [], _no_actual),  # type: ignore[arg-type]
                "remedy is a Remedy, got str 'r'",
            ),
        ],
        ids=["agreement", "remedy"],
    )
    def test_a_wrong_argument_is_named(self, call: Any, message: str) -> None:
        """The TypeError starts with the argument's name and what it got."""
        with pytest.raises(TypeError) as caught:
            call(plan())

        assert str(caught.value).startswith(message)

    def test_the_callers_context_changes_nothing(self) -> None:
        """Three digits of precision in the caller's context: the same exact result.

        A rate of 1.2345 % of purchases of 40 000.07 for 3 charged days owes
        0.012345 x 3 x 40 000.07 = 1 481.40259245, which three digits would
        round to 1.48E+3.
        """
        agreement = plan(amount=None, rate=D("0.012345"), of="purchases", cap=None)
        log = [
            lead("2026-02-01", 15),
            Observation(
                metric="purchases", at=dt.date(2026, 2, 3), value=D("40000.07")
            ),
        ]
        remedy = agreement.remedies[0]
        windows = evaluate(agreement, log, as_of=dt.date(2026, 4, 1)).contribution("c")
        index = ObservationIndex(agreement, log)

        def of_actual(metric: str, window: Any) -> Decimal | None:
            return index.actual(
                metric, window.start, window.end, as_of=dt.date(2026, 4, 1)
            )

        exact = evaluate_remedy(agreement, remedy, windows.windows, of_actual)
        with decimal.localcontext(prec=3):
            narrow = evaluate_remedy(agreement, remedy, windows.windows, of_actual)

        assert (D("1481.40259245"), exact) == (exact.windows[0].owed, narrow)


class TestNetPosition:
    """A party's net position is its earned rewards less the remedies it owes."""

    def test_both_parties(self) -> None:
        """The partner earns 2 000 in Q1 and Q2 and is owed 1 000 and 0; the vendor mirrors it.

        Q1: 10 opps earn the partner EUR 2 000 (paid by the vendor) and the
        vendor owes it 1 000 of remedy: partner net 2 000 - (-1 000) = 3 000.
        Q2: 2 000 earned, no remedy. Q3: 4 opps earn nothing, the capped
        remedy is 4 000.
        """
        log = [*LOG, *opps("2026-02-01", 10), *opps("2026-05-01", 10)]
        card = evaluate(plan(), log, as_of=AS_OF)

        def rows(party: str) -> list[tuple[str, Decimal, Decimal, Decimal]]:
            return [
                (w.label, w.rewards, w.remedies, w.net)
                for w in card.net_position(party).windows
            ]

        assert [
            ("FY2026-Q1", D(2000), D(-1000), D(3000)),
            ("FY2026-Q2", D(2000), D(0), D(2000)),
            ("FY2026-Q3", D(0), D(-4000), D(4000)),
        ] == rows("p")
        assert [
            ("FY2026-Q1", D(-2000), D(1000), D(-3000)),
            ("FY2026-Q2", D(-2000), D(0), D(-2000)),
            ("FY2026-Q3", D(0), D(4000), D(-4000)),
        ] == rows("v")
        assert {"EUR": D(9000)} == dict(card.net_position("p").totals)
        assert (
            PositionWindow(
                label="FY2026-Q1",
                end=dt.date(2026, 3, 31),
                unit="EUR",
                rewards=D(2000),
                remedies=D(-1000),
                net=D(3000),
            )
            == card.net_position("p").windows[0]
        )

    def test_unknown_party(self) -> None:
        """An unknown party is a KeyError."""
        with pytest.raises(KeyError, match="no party 'x'"):
            evaluate(plan(), LOG, as_of=AS_OF).net_position("x")


class TestRecords:
    """``Scorecard.to_records("remedies")`` gives one exact row per remedy window."""

    def test_rows(self) -> None:
        """Q3 owes 5 000 and is capped to 4 000; the open Q4 has no numbers."""
        rows = evaluate(plan(), LOG, as_of=AS_OF).to_records("remedies")

        assert 4 == len(rows)
        assert {
            "remedy": "r",
            "payer": "v",
            "beneficiary": "p",
            "unit": "EUR",
            "window": "FY2026-Q3",
            "end": dt.date(2026, 9, 30),
            "closed": True,
            "shortfall": D(7),
            "charged": D(5),
            "owed": D(5000),
            "capped": D(4000),
            "breached": True,
        } == rows[2]
        assert (None, False) == (rows[3]["owed"], rows[3]["closed"])

    def test_frame(self) -> None:
        """The pandas frame has the remedy columns, in order."""
        pytest.importorskip("pandas")
        frame = evaluate(plan(), LOG, as_of=AS_OF).to_pandas("remedies")

        assert [
            "remedy",
            "payer",
            "beneficiary",
            "unit",
            "window",
            "end",
            "closed",
            "shortfall",
            "charged",
            "owed",
            "capped",
            "breached",
        ] == list(frame.columns)
        assert 4000.0 == frame["capped"][2]


class TestScorecardJson:
    """The scorecard's JSON lists each remedy with its windows."""

    def test_written(self) -> None:
        """Totals, termination and each window are written, numbers as strings."""
        written = scorecard_to_dict(evaluate(plan(), LOG, as_of=AS_OF))["remedies"]

        assert {
            "remedy": "r",
            "payer": "v",
            "beneficiary": "p",
            "unit": "EUR",
            "owed": "6000",
            "capped": "5000",
            "breaches": 2,
            "termination": "FY2026-Q3",
            "termination_on": "2026-09-30",
        } == {k: v for k, v in written[0].items() if k != "windows"}
        assert {
            "label": "FY2026-Q3",
            "end": "2026-09-30",
            "closed": True,
            "shortfall": "7",
            "charged": "5",
            "owed": "5000",
            "capped": "4000",
            "breached": True,
        } == written[0]["windows"][2]
        json.dumps(written)

    def test_converter_hooks(self) -> None:
        """A converter given the scorecard hooks writes a result and a window as the document does."""
        card = evaluate(plan(), LOG, as_of=AS_OF)
        converter = register_scorecard_hooks(make_converter())
        got = card.remedy("r")

        assert scorecard_to_dict(card)["remedies"][0] == converter.unstructure(got)
        assert {
            "label": "FY2026-Q3",
            "end": "2026-09-30",
            "closed": True,
            "shortfall": "7",
            "charged": "5",
            "owed": "5000",
            "capped": "4000",
            "breached": True,
        } == converter.unstructure(got.windows[2])


class TestModel:
    """A remedy's invariants are checked with the agreement's, with paths."""

    def test_round_trip(self) -> None:
        """to_dict then from_dict gives back an equal agreement and fingerprint."""
        agreement = plan(cap=None, cap_share=D("0.1"), cap_base=euros(20000))

        back = from_dict(to_dict(agreement))

        assert agreement == back
        assert agreement.fingerprint() == back.fingerprint()

    def test_no_remedies_keeps_the_fingerprint(self) -> None:
        """An agreement without remedies writes no ``remedies`` key."""
        agreement = attrs.evolve(plan(), remedies=())

        assert "remedies" not in to_dict(agreement)

    def test_remedies_change_the_fingerprint(self) -> None:
        """A remedy is part of the terms."""
        agreement = plan()

        assert (
            agreement.fingerprint()
            != attrs.evolve(agreement, remedies=()).fingerprint()
        )

    def test_problems(self) -> None:
        """Every broken invariant is listed with its path."""
        with pytest.raises(InvalidAgreementError) as caught:
            plan(
                beneficiary="v",
                goal="g",
                rate=D("0.1"),
                grace=D(-1),
                cap=Quantity(amount=D(10), unit="USD"),
                cap_share=D("0.1"),
                termination_after=0,
            )

        paths = [path for path, _ in caught.value.problems]
        assert [
            "remedies[0].beneficiary",
            "remedies[0]",
            "remedies[0]",
            "remedies[0].of",
            "remedies[0].grace",
            "remedies[0].cap_share",
            "remedies[0]",
            "remedies[0].cap.unit",
            "remedies[0].termination_after",
        ] == paths

    def test_bad_document(self) -> None:
        """A bad remedy in a document is a FormatError listing every problem by JSON path."""
        document = to_dict(plan())
        document["remedies"][0].update(grace="abc", termination_after=0, penalty=1)

        with pytest.raises(FormatError) as caught:
            from_dict(document)

        assert [
            "$.remedies[0].penalty",
            "$.remedies[0].grace",
            "$.remedies[0].termination_after",
        ] == [path for path, _ in caught.value.problems]

    def test_amount_in_a_currency(self) -> None:
        """A remedy's amount is money."""
        with pytest.raises(InvalidAgreementError) as caught:
            plan(amount=Quantity(amount=D(1), unit="day"))

        assert (
            ("remedies[0].amount.unit", "expected a currency, got str 'day'"),
        ) == caught.value.problems


lead_times = st.lists(
    st.integers(min_value=0, max_value=40), min_size=4, max_size=4
).map(lambda days: [D(d) for d in days])


def _quarterly(days: list[Decimal]) -> list[Observation]:
    starts = ("2026-02-01", "2026-05-01", "2026-08-01", "2026-11-01")
    return [lead(on, d) for on, d in zip(starts, days, strict=True)]


AFTER = dt.date(2027, 1, 1)


class TestLaws:
    """What a remedy owes is never negative, never above its cap, monotone in the shortfall."""

    @given(lead_times, st.integers(min_value=0, max_value=5))
    def test_owed_never_negative(self, days: list[Decimal], grace: int) -> None:
        """Every window owes at least 0, before and after the cap."""
        got = evaluate(plan(grace=D(grace)), _quarterly(days), as_of=AFTER).remedy("r")

        for window in got.windows:
            assert window.owed is not None
            assert window.capped is not None
            assert D(0) <= window.capped <= window.owed

    @given(lead_times, st.integers(min_value=0, max_value=20000))
    def test_capped_total_within_the_cap(self, days: list[Decimal], cap: int) -> None:
        """The capped total never exceeds the cap, and is the owed total when that fits."""
        agreement = plan(cap=euros(cap))
        got = evaluate(agreement, _quarterly(days), as_of=AFTER).remedy("r")

        assert got.capped == min(got.owed, D(cap))

    @given(lead_times, st.integers(min_value=0, max_value=3), st.integers(1, 10))
    def test_larger_shortfall_never_owes_less(
        self, days: list[Decimal], quarter: int, more: int
    ) -> None:
        """A longer lead time in one quarter owes no less there, nor in all."""
        agreement = plan(cap=None)
        worse = list(days)
        worse[quarter] += more

        before = evaluate(agreement, _quarterly(days), as_of=AFTER).remedy("r")
        after = evaluate(agreement, _quarterly(worse), as_of=AFTER).remedy("r")

        was, now = before.windows[quarter], after.windows[quarter]
        assert was.shortfall is not None
        assert now.shortfall is not None
        assert was.owed is not None
        assert now.owed is not None
        assert now.shortfall >= was.shortfall
        assert now.owed >= was.owed
        assert after.owed >= before.owed

    @given(
        agreement=agreements(
            max_parties=3,
            max_metrics=3,
            max_goals=2,
            max_contributions=2,
            max_allocations=0,
            max_incentives=1,
            max_clauses=0,
            max_reviews=0,
            max_remedies=2,
        ).flatmap(lambda a: st.tuples(st.just(a), observations(a))),
        as_of=st.dates(dt.date(2024, 1, 1), dt.date(2032, 12, 31)),
    )
    def test_any_agreement(
        self, agreement: tuple[Agreement, list[Observation]], as_of: dt.date
    ) -> None:
        """On the public strategies: one result per remedy, never negative, within its cap."""
        model, log = agreement
        card = evaluate(model, log, as_of=as_of)
        assert [r.id for r in model.remedies] == [r.remedy for r in card.remedies]
        for remedy, got in zip(model.remedies, card.remedies, strict=True):
            assert D(0) <= got.capped <= got.owed
            if remedy.limit is not None:
                assert got.capped <= remedy.limit.amount
            assert got.breaches == sum(w.breached for w in got.windows)
            for window in got.windows:
                assert window.closed or window.owed is None
        for party in model.parties:
            card.net_position(party.id)
        json.dumps(scorecard_to_dict(card)["remedies"])


class TestCommandLine:
    """`mutualcommit evaluate` shows each remedy with what it owes."""

    def test_text(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """The remedy's line, its termination right, its windows' rows, then the net positions."""
        agreement = tmp_path / "agreement.json"
        agreement.write_text(dumps(plan()), encoding="utf-8")
        log = tmp_path / "observations.jsonl"
        log.write_text(dump_observations(LOG), encoding="utf-8")

        code = main(["evaluate", str(agreement), str(log), "--as-of", "2026-10-15"])

        out = capsys.readouterr().out
        # Up to the receipt, which ends the text.
        block = out[out.index("remedy r:") : out.index("\n\nreceipt:")].splitlines()
        assert 0 == code
        assert [
            "remedy r: Late deliveries — owed 5000 EUR (cap 5000 EUR)",
            "  v owes p for misses of contribution c",
            "  p may terminate since FY2026-Q3",
            "  window     shortfall  charged  owed  state",
            "  FY2026-Q1          3        1  1000  final",
            "  FY2026-Q2          0        0     0  final",
            "  FY2026-Q3          7        5  4000  final",
            "  FY2026-Q4          -        -     -  open",
            "",
            "net positions over the closed windows (rewards less remedies)",
            "  party  unit  rewards  remedies    net",
            "  v      EUR         0      5000  -5000",
            "  p      EUR         0     -5000   5000",
        ] == block

    def test_windows_not_started(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A window not started reads so, as in the scorecard's document, not "open"."""
        agreement = tmp_path / "agreement.json"
        agreement.write_text(dumps(plan()), encoding="utf-8")
        log = tmp_path / "observations.jsonl"
        log.write_text(dump_observations(LOG), encoding="utf-8")

        code = main(["evaluate", str(agreement), str(log), "--as-of", "2026-05-15"])

        out = capsys.readouterr().out
        rows = out[out.index("remedy r:") : out.index("net positions")].splitlines()
        rows = [row for row in rows if row][-3:]
        assert 0 == code
        assert ["open", "not started", "not started"] == [
            row.split("  ")[-1].strip() for row in rows
        ]


class _CountedEntities(tuple[Any, ...]):  # noqa: SLOT001 - it holds its counter
    """An agreement's entities that count the entities each pass over them reads."""

    counts: Counter[str]
    name: str

    def __iter__(self) -> Iterator[Any]:
        self.counts[self.name] += len(self)
        return super().__iter__()


def _counted(agreement: Agreement) -> Counter[str]:
    """Make *agreement*'s goals, contributions and metrics count their reads."""
    counts: Counter[str] = Counter()
    for name in ("goals", "contributions", "metrics"):
        entities = _CountedEntities(getattr(agreement, name))
        entities.counts = counts
        entities.name = name
        # Past the frozen class's guard: the same entities, counted.
        object.__setattr__(agreement, name, entities)
    return counts


class TestCostOfManyRemedies:
    """A remedy or an incentive finds its goal without a pass over the goals."""

    def _reads(self, outcomes: int) -> tuple[Counter[str], list[int]]:
        """Evaluate forty goals, *outcomes* of them with a remedy and an incentive."""
        base = plan()
        goal = base.goals[0]
        goals = tuple(attrs.evolve(goal, id=f"g{i}") for i in range(40))
        remedy = base.remedies[0]
        remedies = tuple(
            attrs.evolve(
                remedy,
                id=f"r{i}",
                goal=f"g{i}",
                contribution=None,
                amount=None,
                rate=D("0.01"),
                of="purchases",
                cap=None,
                termination_after=None,
            )
            for i in range(outcomes)
        )
        incentive = base.incentives[0]
        incentives = tuple(
            attrs.evolve(incentive, id=f"i{i}", goal=f"g{i}") for i in range(outcomes)
        )
        terms = attrs.evolve(
            base, goals=goals, remedies=remedies, incentives=incentives
        )
        counts = _counted(terms)
        card = evaluate(terms, [*opps("2026-02-01", 4)], as_of=AS_OF)
        return counts, [len(card.remedies), len(card.incentives)]

    def test_reads_do_not_grow_with_remedies(self) -> None:
        """Twenty remedies and incentives or forty: the goals read alike."""
        few, found_few = self._reads(20)
        many, found_many = self._reads(40)

        assert ([20, 20], [40, 40]) == (found_few, found_many)
        assert few == many
