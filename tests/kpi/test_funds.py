"""The fund ledger: worked cases computed by hand, bad logs, then laws.

The worked case runs on the calendar year 2026 with fiscal years starting
in July (named for the year they end in): the term holds the second half of
FY2026 (January to June) and the first half of FY2027 (July to December).
The vendor's fund ``mdf`` is 2000 EUR a quarter, accrues 2 % of the
partner's ``revenue`` per quarter capped at 800, pays at most half of an
activity's cost, wants claims within 60 days of the activity and expires at
each fiscal year end.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import pickle
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit import (
    Accrual,
    Aggregation,
    Agreement,
    FiscalCalendar,
    Fund,
    FundEvent,
    FundEventKind,
    FundExpiry,
    InvalidAgreementError,
    InvalidFundEventsError,
    InvalidObservationsError,
    Metric,
    Observation,
    Party,
    Period,
    Quantity,
    RequestState,
    ResourceAllocation,
    Role,
    check,
    dump_fund_events,
    evaluate,
    evaluate_series,
    fund_ledger,
    receipt,
)
from mutualcommit.kpi import FundWindow, funds_to_dict, scorecard_to_dict
from mutualcommit.portfolio import dump_portfolio_fund_events
from mutualcommit.scenarios import Scenario, scale_allocation
from mutualcommit.testing.strategies import agreements_with_fund_events

D = Decimal
AS_OF = dt.date(2026, 9, 30)


def day(text: str) -> dt.date:
    """Read an ISO date."""
    return dt.date.fromisoformat(text)


def agreement(**fund_changes: Any) -> Agreement:
    """Return the worked case's agreement, its fund changed by *fund_changes*."""
    fund = Fund(
        accrual=Accrual(rate=D("0.02"), of="revenue", per=Period.QUARTER, cap=D(800)),
        co_funding=D("0.5"),
        claim_days=60,
        roi_metric="revenue",
    )
    return Agreement(
        id="a",
        title="Funds",
        parties=(
            Party(id="v", name="Vendor", role=Role.VENDOR),
            Party(id="p", name="Partner", role=Role.PARTNER),
        ),
        start=day("2026-01-01"),
        end=day("2026-12-31"),
        currency="EUR",
        fiscal_calendar=FiscalCalendar(start_month=7),
        metrics=(
            Metric(
                id="revenue", name="Revenue", unit="EUR", aggregation=Aggregation.SUM
            ),
        ),
        allocations=(
            ResourceAllocation(
                id="mdf",
                party="v",
                amount=Quantity(amount=D(2000), unit="EUR"),
                per=Period.QUARTER,
                fund=attrs.evolve(fund, **fund_changes),
            ),
        ),
    )


REVENUE = (
    Observation("revenue", day("2026-02-10"), D(10000)),
    Observation("revenue", day("2026-05-10"), D(90000)),
    Observation("revenue", day("2026-08-10"), D(30000)),
)

K = FundEventKind


def event(
    kind: FundEventKind, at: str, ref: str, amount: str | None, **more: object
) -> FundEvent:
    """Return an event of the fund ``mdf``."""
    return FundEvent(
        fund="mdf",
        event=kind,
        at=day(at),
        ref=ref,
        amount=None if amount is None else D(amount),
        **more,  # type: ignore[arg-type]
    )


LOG = (
    event(K.REQUEST, "2026-02-01", "R1", "4000", activity="Webinar",
          start=day("2026-03-01"), end=day("2026-03-10"), cost=D(8000)),
    event(K.APPROVAL, "2026-02-05", "A1", "2500", request="R1"),
    event(K.REQUEST, "2026-03-01", "R2", "3000", activity="Trade show",
          start=day("2026-05-01"), end=day("2026-05-03"), cost=D(6000)),
    event(K.APPROVAL, "2026-03-05", "A2", "2000", request="R2"),
    event(K.CLAIM, "2026-04-01", "C1", "2500", request="R1", proof=("INV-1",)),
    event(K.PAYMENT, "2026-04-15", "P1", "2500", request="R1"),
    event(K.CLAIM, "2026-07-15", "C2", "2800", request="R2"),
    # The partner corrects its claim: the same ref, a lower amount.
    event(K.CLAIM, "2026-07-20", "C2", "1800", request="R2"),
    event(K.REQUEST, "2026-07-10", "R3", "2000", activity="Campaign",
          start=day("2026-08-01"), end=day("2026-08-31")),
    event(K.APPROVAL, "2026-07-12", "A3", "2000", request="R3"),
    event(K.REQUEST, "2026-07-11", "R4", "1000", activity="Ads", start=day("2026-07-20")),
    event(K.APPROVAL, "2026-07-13", "A4", "0", request="R4"),
    event(K.GRANT, "2026-08-01", "G1", "500"),
    # A request made by mistake and retracted.
    event(K.REQUEST, "2026-08-02", "R5", "900", start=day("2026-08-03")),
    event(K.REQUEST, "2026-08-03", "R5", None),
)  # fmt: skip


class TestWorkedLedger:
    """The worked case's ledger matches the sums computed by hand."""

    def test_closed_fiscal_year(self) -> None:
        """FY2026: 4000 + 1000 accrued available; 4500 approved, 500 expired."""
        (ledger,) = fund_ledger(agreement(), LOG, as_of=AS_OF, observations=REVENUE)
        window = ledger.window("FY2026")
        # Accrual: Q1 2 % of 10000 = 200; Q2 2 % of 90000 = 1800, capped at 800.
        assert (window.allocated, window.accrued, window.granted) == (
            D(4000),
            D(1000),
            D(0),
        )
        assert window.available == 5000
        assert (window.requested, window.approved) == (D(7000), D(4500))
        assert (window.claimed, window.paid) == (D(4300), D(2500))
        assert window.closed
        assert (window.expired, window.remaining) == (D(500), D(0))
        assert window.utilisation == D("0.5")
        # 100000 of revenue in January to June over 2500 paid.
        assert window.roi == 40

    def test_open_fiscal_year(self) -> None:
        """FY2027: 4000 + 600 accrued + 500 granted; 2000 approved, 3100 left."""
        (ledger,) = fund_ledger(agreement(), LOG, as_of=AS_OF, observations=REVENUE)
        window = ledger.window("FY2027")
        assert (window.allocated, window.accrued, window.granted) == (
            D(4000),
            D(600),
            D(500),
        )
        assert window.available == 5100
        assert (window.requested, window.approved, window.paid) == (
            D(3000),
            D(2000),
            D(0),
        )
        assert not window.closed
        assert (window.expired, window.remaining) == (D(0), D(3100))
        # Written 0, as every zero is: 0 / 5100 would be 0E+2.
        assert (D(0), "0") == (window.utilisation, str(window.utilisation))
        assert window.roi is None

    def test_request_states(self) -> None:
        """Each request's state, amounts and deadline follow its records."""
        (ledger,) = fund_ledger(agreement(), LOG, as_of=AS_OF, observations=REVENUE)
        states = {r.ref: r.state for r in ledger.requests}
        assert states == {
            "R1": RequestState.PAID,
            "R2": RequestState.CLAIMED,
            "R3": RequestState.APPROVED,
            "R4": RequestState.REJECTED,
        }
        r2 = ledger.request("R2")
        assert (r2.requested, r2.approved, r2.claimed) == (D(3000), D(2000), D(1800))
        assert r2.deadline == day("2026-07-02")
        assert r2.late
        assert r2.proof == ()
        assert not ledger.request("R1").late
        # Claimed without proof: R2 alone (R1's claim has some, R3 and R4
        # were never claimed).
        assert ["R2"] == [r.ref for r in ledger.requests if r.unproven]

    def test_lapsed_approval(self) -> None:
        """An approval unclaimed past its deadline expires: R3 by 30 October."""
        (ledger,) = fund_ledger(
            agreement(), LOG, as_of=day("2026-11-15"), observations=REVENUE
        )
        assert ledger.request("R3").state is RequestState.EXPIRED
        assert ledger.window("FY2027").expired == 2000

    def test_partial_approval(self) -> None:
        """An approval below the request is a partial one until it is claimed."""
        (ledger,) = fund_ledger(agreement(), LOG[:2], as_of=day("2026-03-31"))
        assert ledger.request("R1").state is RequestState.PARTIALLY_APPROVED

    def test_as_of_ignores_later_events(self) -> None:
        """As of 31 March, neither the claims nor the payment have happened."""
        (ledger,) = fund_ledger(agreement(), LOG, as_of=day("2026-03-31"))
        window = ledger.window("FY2026")
        assert (window.claimed, window.paid, window.accrued) == (D(0), D(0), D(0))
        assert window.remaining == 0  # 4000 available, 4500 approved

    def test_closed_on_its_last_day(self) -> None:
        """As of 30 June, FY2026's last day, the window is closed; the ledger keeps its as_of."""
        (ledger,) = fund_ledger(agreement(), LOG, as_of=day("2026-06-30"))

        assert (day("2026-06-30"), True, False) == (
            ledger.as_of,
            ledger.window("FY2026").closed,
            ledger.window("FY2027").closed,
        )

    def test_grants_add_up(self) -> None:
        """Two grants in FY2027 add up: 500 + 300."""
        log = (*LOG, event(K.GRANT, "2026-09-01", "G2", "300"))

        (ledger,) = fund_ledger(agreement(), log, as_of=AS_OF)

        assert D(800) == ledger.window("FY2027").granted

    def test_accrual_period_starting_on_as_of(self) -> None:
        """As of 1 July, FY2027's first quarter has begun: 2 % of that day's 5000 accrues, 100."""
        revenue = (*REVENUE, Observation("revenue", day("2026-07-01"), D(5000)))

        (ledger,) = fund_ledger(
            agreement(), LOG, as_of=day("2026-07-01"), observations=revenue
        )

        assert D(100) == ledger.window("FY2027").accrued

    def test_callers_context(self) -> None:
        """A caller's context of 3 digits rounding down changes no sum: 500 + 300.25 granted."""
        log = (*LOG, event(K.GRANT, "2026-09-01", "G2", "300.25"))

        with decimal.localcontext(prec=3, rounding=decimal.ROUND_DOWN):
            (ledger,) = fund_ledger(agreement(), log, as_of=AS_OF, observations=REVENUE)
        window = ledger.window("FY2027")

        # 4000 allocated + 600 accrued + 800.25 granted; 2000 approved.
        assert (D("800.25"), D("5400.25"), D("3400.25")) == (
            window.granted,
            window.available,
            window.remaining,
        )

    def test_term_expiry(self) -> None:
        """A fund that expires at the term's end has one window, the term."""
        fund_changes = {"expiry": FundExpiry.TERM}
        (ledger,) = fund_ledger(
            agreement(**fund_changes), LOG, as_of=AS_OF, observations=REVENUE
        )
        (window,) = ledger.windows
        assert window.label == "term"
        assert (window.allocated, window.accrued, window.granted) == (
            D(8000),
            D(1600),
            D(500),
        )
        assert (window.approved, window.expired) == (D(6500), D(0))

    @pytest.mark.parametrize(
        ("amount", "allocated"),
        [
            (D(36500), (D(18100), D(18400))),
            # 495.890410958... and 504.109589041...: to the cent, once.
            (D(1000), (D("495.89"), D("504.11"))),
        ],
    )
    def test_term_amount_by_days(
        self, amount: Decimal, allocated: tuple[Decimal, Decimal]
    ) -> None:
        """An amount per term is spread over the fiscal years by days: 181 and 184 of 365, each rounded once to the cent."""
        plain = agreement()
        (allocation,) = plain.allocations
        per_term = plain.amend(
            allocations=(
                attrs.evolve(
                    allocation,
                    per=Period.TERM,
                    amount=Quantity(amount=amount, unit="EUR"),
                ),
            )
        )
        (ledger,) = fund_ledger(per_term, (), as_of=AS_OF)

        assert allocated == tuple(window.allocated for window in ledger.windows)

    def test_records(self) -> None:
        """to_records gives one exact row per window, with the fund and unit."""
        (ledger,) = fund_ledger(agreement(), LOG, as_of=AS_OF, observations=REVENUE)
        rows = ledger.to_records()
        assert [row["window"] for row in rows] == ["FY2026", "FY2027"]
        assert rows[0]["fund"] == "mdf"
        assert rows[0]["unit"] == "EUR"
        assert rows[0]["paid"] == D(2500)
        requests = ledger.to_records("requests")
        assert requests[0]["state"] == "paid"

    def test_window_record(self) -> None:
        """A window's record: the fund, its provider, its unit, the label as ``window``, the window's fields."""
        (ledger,) = fund_ledger(agreement(), LOG, as_of=AS_OF, observations=REVENUE)

        (first, _) = ledger.to_records()

        assert [
            ("fund", "mdf"),
            ("party", "v"),
            ("unit", "EUR"),
            ("window", "FY2026"),
            ("start", day("2026-01-01")),
            ("end", day("2026-06-30")),
            ("closed", True),
            ("allocated", D(4000)),
            ("accrued", D(1000)),
            ("granted", D(0)),
            ("available", D(5000)),
            ("requested", D(7000)),
            ("approved", D(4500)),
            ("claimed", D(4300)),
            ("paid", D(2500)),
            ("expired", D(500)),
            ("remaining", D(0)),
            ("utilisation", D("0.5")),
            ("roi", D(40)),
        ] == list(first.items())
        assert ledger.to_records("windows") == ledger.to_records()

    def test_request_record(self) -> None:
        """A request's record: the fund, its provider, its unit, the request's fields, the state's value."""
        (ledger,) = fund_ledger(agreement(), LOG, as_of=AS_OF, observations=REVENUE)

        rows = ledger.to_records("requests")

        assert [
            ("fund", "mdf"),
            ("party", "v"),
            ("unit", "EUR"),
            ("ref", "R1"),
            ("window", "FY2026"),
            ("activity", "Webinar"),
            ("at", day("2026-02-01")),
            ("start", day("2026-03-01")),
            ("end", day("2026-03-10")),
            ("cost", D(8000)),
            ("requested", D(4000)),
            ("approved", D(2500)),
            ("claimed", D(2500)),
            ("claimed_on", day("2026-04-01")),
            ("proof", ("INV-1",)),
            ("accepted", None),
            ("reason", ""),
            ("paid", D(2500)),
            ("deadline", day("2026-05-09")),
            ("late", False),
            ("state", "paid"),
        ] == list(rows[0].items())
        assert ["R1", "R2", "R3", "R4"] == [r["ref"] for r in rows]
        assert ["paid", "claimed", "approved", "rejected"] == [r["state"] for r in rows]
        assert {str} == {type(r["state"]) for r in rows}

    def test_unknown_window_and_request(self) -> None:
        """An unknown label or ref is a KeyError naming the fund and listing its windows or refs.

        An unknown ref listed none.
        """
        (ledger,) = fund_ledger(agreement(), LOG, as_of=AS_OF, observations=REVENUE)

        with pytest.raises(KeyError) as window:
            ledger.window("FY2028")
        with pytest.raises(KeyError) as request:
            ledger.request("R5")

        assert (
            "no window 'FY2028' in fund 'mdf' (there are: 'FY2026', 'FY2027')",
            "no request 'R5' in fund 'mdf' (there are: 'R1', 'R2', 'R3', 'R4')",
        ) == (window.value.args[0], request.value.args[0])
        assert ("FY2027", "R4") == (
            ledger.window("FY2027").label,
            ledger.request("R4").ref,
        )

    def test_a_ledger_without_windows(self) -> None:
        """A ledger with no window says its windows are none."""
        (ledger,) = fund_ledger(agreement(), LOG, as_of=AS_OF)
        empty = attrs.evolve(ledger, windows=())

        with pytest.raises(KeyError) as caught:
            empty.window("FY2026")

        assert (
            "no window 'FY2026' in fund 'mdf' (there are: none)"
            == (caught.value.args[0])
        )


class TestDocument:
    """``funds_to_dict`` writes every ledger whole: what ``mutualcommit funds`` prints."""

    def test_worked_ledger(self) -> None:
        """Every window and request, numbers canonical strings, dates ISO, None null."""
        (ledger,) = fund_ledger(agreement(), LOG, as_of=AS_OF, observations=REVENUE)

        written = funds_to_dict([ledger], as_of=AS_OF)

        assert {
            "format": "mutualcommit.funds",
            "format_version": 1,
            "as_of": "2026-09-30",
            "funds": [
                {
                    "fund": "mdf",
                    "party": "v",
                    "unit": "EUR",
                    "windows": [
                        {
                            "label": "FY2026",
                            "start": "2026-01-01",
                            "end": "2026-06-30",
                            "closed": True,
                            "allocated": "4000",
                            "accrued": "1000",
                            "granted": "0",
                            "available": "5000",
                            "requested": "7000",
                            "approved": "4500",
                            "claimed": "4300",
                            "paid": "2500",
                            "expired": "500",
                            "remaining": "0",
                            "utilisation": "0.5",
                            "roi": "40",
                        },
                        {
                            "label": "FY2027",
                            "start": "2026-07-01",
                            "end": "2026-12-31",
                            "closed": False,
                            "allocated": "4000",
                            "accrued": "600",
                            "granted": "500",
                            "available": "5100",
                            "requested": "3000",
                            "approved": "2000",
                            "claimed": "0",
                            "paid": "0",
                            "expired": "0",
                            "remaining": "3100",
                            # 0 / 5100.00 is 0E+2: written canonically.
                            "utilisation": "0",
                            "roi": None,
                        },
                    ],
                    "requests": [
                        {
                            "ref": "R1",
                            "window": "FY2026",
                            "activity": "Webinar",
                            "at": "2026-02-01",
                            "start": "2026-03-01",
                            "end": "2026-03-10",
                            "cost": "8000",
                            "requested": "4000",
                            "approved": "2500",
                            "claimed": "2500",
                            "claimed_on": "2026-04-01",
                            "proof": ["INV-1"],
                            "accepted": None,
                            "reason": "",
                            "paid": "2500",
                            "deadline": "2026-05-09",
                            "late": False,
                            "state": "paid",
                        },
                        {
                            "ref": "R2",
                            "window": "FY2026",
                            "activity": "Trade show",
                            "at": "2026-03-01",
                            "start": "2026-05-01",
                            "end": "2026-05-03",
                            "cost": "6000",
                            "requested": "3000",
                            "approved": "2000",
                            "claimed": "1800",
                            "claimed_on": "2026-07-20",
                            "proof": [],
                            "accepted": None,
                            "reason": "",
                            "paid": "0",
                            "deadline": "2026-07-02",
                            "late": True,
                            "state": "claimed",
                        },
                        {
                            "ref": "R3",
                            "window": "FY2027",
                            "activity": "Campaign",
                            "at": "2026-07-10",
                            "start": "2026-08-01",
                            "end": "2026-08-31",
                            "cost": None,
                            "requested": "2000",
                            "approved": "2000",
                            "claimed": None,
                            "claimed_on": None,
                            "proof": [],
                            "accepted": None,
                            "reason": "",
                            "paid": "0",
                            "deadline": "2026-10-30",
                            "late": False,
                            "state": "approved",
                        },
                        {
                            "ref": "R4",
                            "window": "FY2027",
                            "activity": "Ads",
                            "at": "2026-07-11",
                            "start": "2026-07-20",
                            "end": None,
                            "cost": None,
                            "requested": "1000",
                            "approved": "0",
                            "claimed": None,
                            "claimed_on": None,
                            "proof": [],
                            "accepted": None,
                            "reason": "",
                            "paid": "0",
                            "deadline": "2026-09-18",
                            "late": False,
                            "state": "rejected",
                        },
                    ],
                }
            ],
        } == written
        assert json.loads(json.dumps(written)) == written

    def test_rejected_claim(self) -> None:
        """A decision of 0 rejects R2's claim: its accepted amount and reason are written."""
        log = (
            *LOG,
            event(K.DECISION, "2026-07-25", "D2", "0", request="R2", reason="No proof"),
        )
        (ledger,) = fund_ledger(agreement(), log, as_of=AS_OF, observations=REVENUE)

        (_, r2, *_) = funds_to_dict([ledger], as_of=AS_OF)["funds"][0]["requests"]

        assert ("0", "No proof", "claim_rejected") == (
            r2["accepted"],
            r2["reason"],
            r2["state"],
        )

    def test_the_agreement_named(self) -> None:
        """Given the agreement, the document names it as a scorecard does: id, fingerprint.

        A job that writes one funds file per agreement could not tell them
        apart by content.
        """
        terms = agreement()
        ledgers = fund_ledger(terms, LOG, as_of=AS_OF, observations=REVENUE)

        written = funds_to_dict(ledgers, as_of=AS_OF, agreement=terms)

        assert [
            ("format", "mutualcommit.funds"),
            ("format_version", 1),
            ("agreement", terms.id),
            ("fingerprint", terms.fingerprint()),
            ("as_of", "2026-09-30"),
        ] == list(written.items())[:5]
        assert written["funds"] == funds_to_dict(ledgers, as_of=AS_OF)["funds"]

    def test_the_agreement_refused_when_not_one(self) -> None:
        """Anything but an Agreement (its id, say) is a TypeError that says so."""
        with pytest.raises(TypeError, match=r"^agreement is an Agreement, got str"):
            funds_to_dict([], as_of=AS_OF, agreement="acme-globex-2026")  # type: ignore[arg-type]

    def test_no_ledger(self) -> None:
        """An agreement without funds writes an empty list, as of the day given."""
        assert {
            "format": "mutualcommit.funds",
            "format_version": 1,
            "as_of": "2026-01-31",
            "funds": [],
        } == funds_to_dict([], as_of=day("2026-01-31"))


class TestOnTheScorecard:
    """``evaluate(..., fund_events=...)`` puts each fund's ledger on the scorecard."""

    def test_the_same_ledger(self) -> None:
        """The scorecard's ledger is the one fund_ledger computes from the same log."""
        card = evaluate(agreement(), REVENUE, as_of=AS_OF, fund_events=LOG)

        assert (
            fund_ledger(agreement(), LOG, as_of=AS_OF, observations=REVENUE)
            == card.funds
        )
        assert D(5000) == card.fund("mdf").window("FY2026").available

    def test_json_only_with_the_log(self) -> None:
        """The scorecard JSON has "funds" only when the log was given."""
        with_log = scorecard_to_dict(
            evaluate(agreement(), REVENUE, as_of=AS_OF, fund_events=LOG)
        )
        without = scorecard_to_dict(evaluate(agreement(), REVENUE, as_of=AS_OF))

        assert "5000" == with_log["funds"][0]["windows"][0]["available"]
        assert "funds" not in without

    def test_records_of_every_ledger(self) -> None:
        """to_records("funds") and ("fund_requests"): each ledger's, in allocation order."""
        plan = agreement()
        mdf = plan.allocations[0]
        two = attrs.evolve(plan, allocations=(mdf, attrs.evolve(mdf, id="coop")))
        card = evaluate(two, REVENUE, as_of=AS_OF, fund_events=LOG)
        (mine,) = fund_ledger(agreement(), LOG, as_of=AS_OF, observations=REVENUE)

        assert (
            mine.to_records() + card.fund("coop").to_records(),
            mine.to_records("requests"),
        ) == (card.to_records("funds"), card.to_records("fund_requests"))
        assert [
            ("mdf", "FY2026"), ("mdf", "FY2027"), ("coop", "FY2026"), ("coop", "FY2027")
        ] == [(row["fund"], row["window"]) for row in card.to_records("funds")]  # fmt: skip
        # The fund log names "mdf" only: "coop" has its allocation, no request.
        assert ["R1", "R2", "R3", "R4"] == [
            row["ref"] for row in card.to_records("fund_requests")
        ]

    def test_records_carry_the_party(self) -> None:
        """Each fund row names the party providing the fund, as the JSON does."""
        plan = agreement()
        mdf = plan.allocations[0]
        coop = attrs.evolve(mdf, id="coop", party="p")
        card = evaluate(
            attrs.evolve(plan, allocations=(mdf, coop)),
            REVENUE,
            as_of=AS_OF,
            fund_events=LOG,
        )
        documented = [
            (fund["fund"], fund["party"])
            for fund in scorecard_to_dict(card)["funds"]
            for _ in fund["windows"]
        ]

        assert (
            [("mdf", "v"), ("mdf", "v"), ("coop", "p"), ("coop", "p")],
            {"v"},
        ) == (
            [(row["fund"], row["party"]) for row in card.to_records("funds")],
            {row["party"] for row in card.to_records("fund_requests")},
        )
        assert documented == [
            (row["fund"], row["party"]) for row in card.to_records("funds")
        ]

    def test_windows_join_their_requests(self) -> None:
        """A request's ``fund`` and ``window`` name its window's row: the key columns share names."""
        card = evaluate(agreement(), REVENUE, as_of=AS_OF, fund_events=LOG)
        windows = {
            (row["fund"], row["window"]): row for row in card.to_records("funds")
        }

        approved = {
            key: sum(
                (
                    request["approved"] or D(0)
                    for request in card.to_records("fund_requests")
                    if (request["fund"], request["window"]) == key
                ),
                D(0),
            )
            for key in windows
        }

        assert {key: row["approved"] for key, row in windows.items()} == approved

    def test_frames_carry_the_party(self) -> None:
        """The pandas and polars fund frames have the party column after the fund."""
        pytest.importorskip("pandas", reason="the pandas extra is not installed")
        pytest.importorskip("polars", reason="the polars extra is not installed")
        card = evaluate(agreement(), REVENUE, as_of=AS_OF, fund_events=LOG)

        assert (["v", "v"], ["v"] * 4) == (
            card.to_pandas("funds")["party"].tolist(),
            card.to_polars("fund_requests")["party"].to_list(),
        )

    def test_no_records_without_the_log(self) -> None:
        """Without the fund log the tables are empty, their frame's columns there."""
        pytest.importorskip("pandas", reason="the pandas extra is not installed")
        card = evaluate(agreement(), REVENUE, as_of=AS_OF)

        assert ([], [], ["fund", "party", "unit", "window", "start", "end"]) == (
            card.to_records("funds"),
            card.to_records("fund_requests"),
            list(card.to_pandas("funds").columns)[:6],
        )
        assert ["fund", "party", "unit", "ref", "window"] == list(
            card.to_pandas("fund_requests").columns
        )[:5]

    def test_unknown_fund(self) -> None:
        """Asking for an allocation that is not a fund names the scorecard's ledgers."""
        card = evaluate(agreement(), REVENUE, as_of=AS_OF, fund_events=LOG)

        with pytest.raises(KeyError) as caught:
            card.fund("nope")

        assert (
            "no fund ledger 'nope' in the scorecard of agreement 'a' (there are: 'mdf')"
            == caught.value.args[0]
        )

    def test_unknown_fund_among_two(self) -> None:
        """With two funds the KeyError lists both ledgers, in allocation order."""
        plan = agreement()
        mdf = plan.allocations[0]
        two = attrs.evolve(plan, allocations=(mdf, attrs.evolve(mdf, id="coop")))
        card = evaluate(two, REVENUE, as_of=AS_OF, fund_events=LOG)

        with pytest.raises(KeyError) as caught:
            card.fund("nope")

        assert (
            "no fund ledger 'nope' in the scorecard of agreement 'a' (there are: "
            "'mdf', 'coop')"
        ) == caught.value.args[0]

    def test_without_the_log(self) -> None:
        """Without the log the scorecard has no ledger, and asking says why."""
        card = evaluate(agreement(), REVENUE, as_of=AS_OF)

        assert () == card.funds
        with pytest.raises(KeyError) as caught:
            card.fund("mdf")

        assert (
            "no fund ledger 'mdf' in the scorecard of agreement 'a' (there are: "
            "none): evaluate with fund_events to have them"
        ) == caught.value.args[0]

    def test_an_agreement_without_funds(self) -> None:
        """An agreement without a fund has no ledger to evaluate the log for: no hint."""
        plain = attrs.evolve(
            agreement(),
            allocations=(attrs.evolve(agreement().allocations[0], fund=None),),
        )
        card = evaluate(plain, REVENUE, as_of=AS_OF)

        with pytest.raises(KeyError) as caught:
            card.fund("mdf")

        assert (
            "no fund ledger 'mdf' in the scorecard of agreement 'a' (there are: none)"
            == caught.value.args[0]
        )

    def test_a_bad_log(self) -> None:
        """A log that does not hold together is refused, as fund_ledger refuses it."""
        bad = (event(K.CLAIM, "2026-02-01", "C9", "10", request="nope"),)

        with pytest.raises(InvalidObservationsError):
            evaluate(agreement(), REVENUE, as_of=AS_OF, fund_events=bad)


class TestInASeries:
    """``evaluate_series(..., fund_events=...)``: each scorecard's ledgers at its date."""

    def test_each_date_as_evaluate(self) -> None:
        """Each scorecard is evaluate's at its date, ledgers included, in the order given."""
        days = [day("2026-09-30"), day("2026-03-31"), day("2026-04-15"), AS_OF]
        cards = evaluate_series(agreement(), REVENUE, days, fund_events=LOG)

        assert [
            evaluate(agreement(), REVENUE, as_of=d, fund_events=LOG) for d in days
        ] == list(cards)
        # R1's payment of 2,500 on 15 April: in the ledger from that day on.
        assert [D(2500), D(0), D(2500), D(2500)] == [
            card.fund("mdf").window("FY2026").paid for card in cards
        ]

    def test_without_the_log(self) -> None:
        """Without fund_events the scorecards carry no ledger, as before."""
        (card,) = evaluate_series(agreement(), REVENUE, [AS_OF])

        assert () == card.funds

    def test_a_bad_log_before_any_date(self) -> None:
        """A log that does not hold together is refused before a date is read.

        The dates are a generator that fails when read: the refusal of the
        log comes first.
        """

        def dates() -> Iterator[dt.date]:
            raise AssertionError("a date was read")  # noqa: EM101
            yield AS_OF

        bad = (event(K.CLAIM, "2026-02-01", "C9", "10", request="nope"),)

        with pytest.raises(InvalidObservationsError) as caught:
            evaluate_series(agreement(), REVENUE, dates(), fund_events=bad)

        assert ["[0]"] == [path for path, _ in caught.value.problems]


class TestLateClaimAfterTheWindow:
    """An approval lapsed at its deadline is expired until a late claim comes."""

    def test_expired_grows_at_the_deadline_and_drops_with_the_claim(self) -> None:
        """The half-year's 4000: 2500 lapse, 1500 never approved, 2500 claimed late."""
        plan = agreement(expiry=FundExpiry.FISCAL_YEAR, accrual=None)
        log = (
            event(K.REQUEST, "2026-02-01", "R1", "2500", activity="Webinar",
                  start=day("2026-03-01"), end=day("2026-03-10")),
            event(K.APPROVAL, "2026-02-05", "A1", "2500", request="R1"),
            # Due by 9 May (60 days after the activity); claimed in July.
            event(K.CLAIM, "2026-07-15", "C1", "2500", request="R1", proof=("I",)),
        )  # fmt: skip

        def seen(as_of: str) -> tuple[Decimal, str, bool]:
            (ledger,) = fund_ledger(plan, log, as_of=day(as_of))
            request = ledger.request("R1")
            return ledger.windows[0].expired, request.state.value, request.late

        assert [
            (D(0), "approved", False),
            (D(2500), "expired", False),
            (D(4000), "expired", False),
            (D(1500), "claimed", True),
        ] == [
            seen("2026-05-09"),
            seen("2026-05-10"),
            seen("2026-07-01"),
            seen("2026-07-15"),
        ]

    def test_a_late_claim_rejected_expires_for_good(self) -> None:
        """Rejected on 20 July, the late claim's 2500 is expired again: the year's 4000 in all."""
        plan = agreement(expiry=FundExpiry.FISCAL_YEAR, accrual=None)
        log = (
            event(K.REQUEST, "2026-02-01", "R1", "2500", activity="Webinar",
                  start=day("2026-03-01"), end=day("2026-03-10")),
            event(K.APPROVAL, "2026-02-05", "A1", "2500", request="R1"),
            event(K.CLAIM, "2026-07-15", "C1", "2500", request="R1", proof=("I",)),
            event(K.DECISION, "2026-07-20", "D1", "0", request="R1", reason="Late."),
        )  # fmt: skip

        def seen(as_of: str) -> tuple[Decimal, Decimal, str]:
            (ledger,) = fund_ledger(plan, log, as_of=day(as_of))
            window = ledger.window("FY2026")
            return window.expired, window.approved, ledger.request("R1").state.value

        assert [
            (D(4000), D(2500), "expired"),
            (D(1500), D(2500), "claimed"),
            (D(4000), D(2500), "claim_rejected"),
            (D(4000), D(2500), "claim_rejected"),
        ] == [
            seen("2026-07-01"),
            seen("2026-07-15"),
            seen("2026-07-20"),
            seen("2026-12-31"),
        ]


class TestMinorUnits:
    """A window's amounts are rounded once to the currency's minor unit: what is shown adds up."""

    @staticmethod
    def _three_years(amount: Decimal, unit: str = "EUR") -> Agreement:
        """Return 2026-07-01 to 2029-06-30, July fiscal years of 365, 366 and 365 days, *amount* per term."""
        plain = agreement(accrual=None, roi_metric=None)
        (allocation,) = plain.allocations
        return attrs.evolve(
            plain,
            start=day("2026-07-01"),
            end=day("2029-06-30"),
            currency=unit,
            metrics=(),
            allocations=(
                attrs.evolve(
                    allocation,
                    per=Period.TERM,
                    amount=Quantity(amount=amount, unit=unit),
                ),
            ),
        )

    def test_the_windows_add_up_to_the_allocation(self) -> None:
        """100 EUR over 365, 366 and 365 of 1096 days: 33.30 + 33.40 + 33.30, not 99.99.

        Each year rounded on its own would be 33.30, 33.39 and 33.30; the
        cent short goes to the year with the largest remainder, 33.394...
        """
        (ledger,) = fund_ledger(self._three_years(D(100)), (), as_of=AS_OF)

        assert [D("33.30"), D("33.40"), D("33.30")] == [
            w.allocated for w in ledger.windows
        ]

    @pytest.mark.parametrize(
        ("unit", "shown"),
        [("JPY", ["33", "34", "33"]), ("BHD", ["33.303", "33.394", "33.303"])],
    )
    def test_in_the_currency_s_minor_unit(self, unit: str, shown: list[str]) -> None:
        """Whole yen, fils to three places."""
        (ledger,) = fund_ledger(self._three_years(D(100), unit), (), as_of=AS_OF)

        assert [D(x) for x in shown] == [w.allocated for w in ledger.windows]

    @given(st.decimals(min_value=0, max_value=10**9, places=2))
    def test_never_more_than_a_cent_off(self, amount: Decimal) -> None:
        """Each year is within a cent of its share by days, and the three add up to the amount."""
        (ledger,) = fund_ledger(self._three_years(amount), (), as_of=AS_OF)
        allocated = [w.allocated for w in ledger.windows]

        assert sum(allocated) == amount
        for window, days in zip(allocated, (365, 366, 365), strict=True):
            assert abs(Fraction(window) - Fraction(amount) * days / 1096) < Fraction(
                1, 100
            )
            assert Fraction(window) * 100 == int(Fraction(window) * 100)

    def test_accrual_to_the_cent(self) -> None:
        """1.25 % of 1234.52 accrues 15.43, not 15.4315: available is what the columns add up to."""
        plan = agreement(
            accrual=Accrual(rate=D("0.0125"), of="revenue", per=Period.QUARTER)
        )
        revenue = [Observation("revenue", day("2026-02-10"), D("1234.52"))]

        (ledger,) = fund_ledger(plan, (), as_of=AS_OF, observations=revenue)
        window = ledger.window("FY2026")

        assert (D("15.43"), D("4015.43")) == (window.accrued, window.available)


class TestReleasedByADecision:
    """What a claim decision does not accept of an approval is promised no more."""

    def test_cut_in_a_closed_year_expires(self) -> None:
        """R2's claim cut to 1500 of its 2000 approved: FY2026 lets the 500 expire.

        The closed year's figures change on the decision's day, and then
        hold: 2500 paid for R1, 1500 still owed to R2, 1000 expired (500
        never approved, 500 not accepted), 5000 in all.
        """
        log = (*LOG, event(K.DECISION, "2026-08-10", "D2", "1500", request="R2"))

        def year(as_of: str) -> FundWindow:
            (ledger,) = fund_ledger(
                agreement(), log, as_of=day(as_of), observations=REVENUE
            )
            return ledger.window("FY2026")

        before, after, later = (
            year("2026-08-09"),
            year("2026-08-10"),
            year("2026-12-31"),
        )

        assert (D(500), D(1000), D(1000)) == (
            before.expired,
            after.expired,
            later.expired,
        )
        assert (D(4500), D(0)) == (after.approved, after.remaining)
        assert after.available == after.paid + D(1500) + after.expired

    def test_rejected_in_an_open_year_is_remaining(self) -> None:
        """R3's claim rejected in FY2027: its 2000 is the year's to approve again.

        Approving all 5100 then is no overcommitment: MC206 is silent,
        though the year's approvals add up to 7100.
        """
        log = (
            *LOG,
            event(K.CLAIM, "2026-09-01", "C3", "2000", request="R3"),
            event(K.DECISION, "2026-09-10", "D3", "0", request="R3"),
        )
        (ledger,) = fund_ledger(agreement(), log, as_of=AS_OF, observations=REVENUE)
        window = ledger.window("FY2027")

        assert (D(2000), D(2000), D(5100)) == (
            ledger.request("R3").released,
            window.approved,
            window.remaining,
        )
        again = (
            *log,
            event(K.REQUEST, "2026-09-20", "R6", "5100", start=day("2026-09-25")),
            event(K.APPROVAL, "2026-09-21", "A6", "5100", request="R6"),
        )
        (ledger,) = fund_ledger(agreement(), again, as_of=AS_OF, observations=REVENUE)
        report = check(
            agreement(), as_of=AS_OF, observations=REVENUE, fund_events=again
        )

        assert (D(7100), D(0)) == (
            ledger.window("FY2027").approved,
            ledger.window("FY2027").remaining,
        )
        assert not [f for f in report.findings if f.code == "MC206"]

    @pytest.mark.parametrize(
        ("accepted", "released"),
        [(None, "0"), ("0", "2000"), ("1500", "500"), ("1800", "200")],
    )
    def test_released(self, accepted: str | None, released: str) -> None:
        """The approval less what the decision accepted, 0 before one."""
        log = LOG if accepted is None else (
            *LOG, event(K.DECISION, "2026-08-10", "D2", accepted, request="R2")
        )  # fmt: skip
        (ledger,) = fund_ledger(agreement(), log, as_of=AS_OF)

        assert D(released) == ledger.request("R2").released


class TestEndOfTime:
    """A deadline past the last day a date can hold is no deadline, not a crash."""

    def test_activity_ending_on_9999_12_31(self) -> None:
        """Its claim is due 60 days later, which no date can say: no deadline."""
        log = (
            event(K.REQUEST, "2026-02-01", "R9", "100", start=day("2026-03-01"),
                  end=day("9999-12-31")),
        )  # fmt: skip
        (ledger,) = fund_ledger(agreement(), log, as_of=AS_OF)

        assert (None, False) == (
            ledger.request("R9").deadline,
            ledger.request("R9").late,
        )


class TestBadLogs:
    """A log that does not hold together is refused, every problem named."""

    def test_every_problem(self) -> None:
        """An unknown request, a payment above the claim, a negative amount."""
        bad = (
            *LOG,
            event(K.CLAIM, "2026-08-01", "C9", "10", request="R9"),
            event(K.PAYMENT, "2026-08-02", "P2", "1", request="R1"),
            event(K.GRANT, "2026-08-03", "G2", "-5"),
            FundEvent(fund="nope", event=K.GRANT, at=AS_OF, ref="G3", amount=D(1)),
        )
        with pytest.raises(InvalidObservationsError) as caught:
            fund_ledger(agreement(), bad, as_of=AS_OF)
        paths = [path for path, _ in caught.value.problems]
        assert paths == ["[15]", "[16]", "[17].amount", "[18]"]
        messages = " | ".join(message for _, message in caught.value.problems)
        assert "no standing request" in messages
        assert "reach 2501, above the 2500" in messages
        assert "negative amount" in messages
        assert "no fund" in messages

    @pytest.mark.parametrize(
        ("as_of", "message"),
        [
            (
                dt.datetime(2026, 9, 30),  # noqa: DTZ001 - a naive datetime on purpose
                (
                    "as_of is a datetime.date, got datetime "
                    "datetime.datetime(2026, 9, 30, 0, 0); pass its .date()"
                ),
            ),
            (
                "2026-09-30",
                "as_of is a datetime.date, got str '2026-09-30'; pass datetime.date.fromisoformat(...)",
            ),
        ],
        ids=["datetime", "text"],
    )
    def test_as_of_not_a_date(self, as_of: object, message: str) -> None:
        """as_of must be a plain date: a datetime or a text is a TypeError saying what it got."""
        with pytest.raises(TypeError) as caught:
            fund_ledger(agreement(), LOG, as_of=as_of)  # type: ignore[arg-type]

        assert message == str(caught.value)

    def test_one_payment_ref_for_two_requests(self) -> None:
        """A payment batch's one ref for R1 and R2: refused, not 2500 of R1 silently dropped."""
        batch = (
            *LOG,
            event(K.CLAIM, "2026-07-20", "C3", "2000", request="R3"),
            event(K.PAYMENT, "2026-09-01", "PAY-0901", "1000", request="R2"),
            event(K.PAYMENT, "2026-09-01", "PAY-0901", "2000", request="R3"),
        )
        with pytest.raises(InvalidFundEventsError) as caught:
            fund_ledger(agreement(), batch, as_of=AS_OF)

        ((path, message),) = caught.value.problems
        assert ("[17]", True) == (
            path,
            message.startswith(
                "a payment of request 'R3' with ref 'PAY-0901', the ref of payment "
                "'PAY-0901' of request 'R2' ([16]): "
            ),
        )

    def test_approval_above_request(self) -> None:
        """An approval may not exceed what was asked for."""
        bad = (*LOG, event(K.APPROVAL, "2026-03-06", "A2", "3500", request="R2"))
        with pytest.raises(InvalidObservationsError, match="above the 3000"):
            fund_ledger(agreement(), bad, as_of=AS_OF)

    def test_invalid_fund(self) -> None:
        """A fund's terms are checked with the agreement, each with its path."""
        with pytest.raises(InvalidAgreementError) as caught:
            agreement(co_funding=D(2), claim_days=-1, roi_metric="nope")
        assert [path for path, _ in caught.value.problems] == [
            "allocations[0].fund.co_funding",
            "allocations[0].fund.claim_days",
            "allocations[0].fund.roi_metric",
        ]


amounts = st.integers(min_value=0, max_value=10_000).map(D)


@st.composite
def logs(draw: st.DrawFn) -> tuple[FundEvent, ...]:
    """Draw a well-formed fund log: requests and what became of them."""
    events: list[FundEvent] = []
    for n in range(draw(st.integers(min_value=0, max_value=6))):
        ref = f"R{n}"
        at = day("2026-01-01") + dt.timedelta(days=draw(st.integers(0, 300)))
        requested = draw(amounts)
        events.append(FundEvent(fund="mdf", event=K.REQUEST, at=at, ref=ref,
                                amount=requested, start=at))  # fmt: skip
        if not draw(st.booleans()):
            continue
        approved = draw(st.integers(0, int(requested)).map(D))
        events.append(FundEvent(fund="mdf", event=K.APPROVAL, at=at, ref=f"A{n}",
                                request=ref, amount=approved))  # fmt: skip
        if not draw(st.booleans()):
            continue
        claimed = draw(amounts)
        events.append(FundEvent(fund="mdf", event=K.CLAIM, at=at, ref=f"C{n}",
                                request=ref, amount=claimed))  # fmt: skip
        paid = draw(st.integers(0, int(min(claimed, approved))).map(D))
        if paid:
            events.append(FundEvent(fund="mdf", event=K.PAYMENT, at=at, ref=f"P{n}",
                                    request=ref, amount=paid))  # fmt: skip
    return tuple(events)


class TestLaws:
    """Laws every ledger keeps, whatever the log."""

    @given(logs(), st.dates(day("2026-01-01"), day("2027-03-01")))
    def test_no_money_created(self, log: tuple[FundEvent, ...], as_of: dt.date) -> None:
        """Paid never exceeds approved, nor approved requested; expiry is never negative."""
        for ledger in fund_ledger(agreement(), log, as_of=as_of):
            for window in ledger.windows:
                assert window.paid <= window.approved <= window.requested
                assert window.expired >= 0
                assert window.remaining >= 0
            for request in ledger.requests:
                assert request.paid <= (request.approved or 0) <= request.requested

    @given(logs(), amounts)
    def test_claim_correction(self, log: tuple[FundEvent, ...], new: Decimal) -> None:
        """A corrected claim changes its window's claimed by the difference."""
        claims = [e for e in log if e.event is K.CLAIM]
        if not claims:
            return
        old = claims[0]
        as_of = day("2027-01-31")
        (before,) = fund_ledger(agreement(), log, as_of=as_of)
        corrected = (*log, attrs.evolve(old, amount=new))
        paid = sum(
            (
                e.amount or 0
                for e in log
                if e.request == old.request and e.event is K.PAYMENT
            ),
            D(0),
        )
        if paid > new:
            with pytest.raises(InvalidObservationsError):
                fund_ledger(agreement(), corrected, as_of=as_of)
            return
        (after,) = fund_ledger(agreement(), corrected, as_of=as_of)
        label = before.request(old.request or "").window
        assert after.window(label).claimed - before.window(label).claimed == new - (
            old.amount or 0
        )
        assert after.request(old.request or "").claimed == new


#: Any agreement with a fund (every calendar, expiry, accrual, co-funding
#: and claim deadline) and a log for it.
funded = agreements_with_fund_events(
    max_parties=2,
    max_metrics=2,
    max_goals=1,
    max_contributions=2,
    max_allocations=2,
    max_incentives=0,
    max_clauses=0,
    max_reviews=0,
    max_remedies=0,
)


class TestLawsInAnyPlan:
    """The ledger's laws hold for any fund's terms, not only the fixture's."""

    @given(funded, st.data())
    def test_no_money_created(
        self, pair: tuple[Agreement, tuple[FundEvent, ...]], data: st.DataObject
    ) -> None:
        """Paid ≤ approved ≤ requested, nothing negative, and one ledger per fund, on any day."""
        agreement, log = pair
        days = [agreement.start, agreement.end, *(e.at for e in log)]
        as_of = data.draw(st.sampled_from(days))
        ledgers = fund_ledger(agreement, log, as_of=as_of)

        assert [ledger.fund for ledger in ledgers] == [
            a.id for a in agreement.allocations if a.fund is not None
        ]
        for ledger in ledgers:
            for window in ledger.windows:
                assert window.paid <= window.approved <= window.requested
                assert window.paid <= window.claimed
                assert min(window.expired, window.remaining, window.available) >= 0
                assert window.expired + window.remaining <= window.available
            for request in ledger.requests:
                assert request.paid <= (request.approved or 0) <= request.requested
                assert request.paid <= (request.claimed or 0)
                if request.accepted is not None:
                    assert request.paid <= request.accepted <= (request.claimed or 0)

    @given(funded, st.data())
    def test_a_window_foots(
        self, pair: tuple[Agreement, tuple[FundEvent, ...]], data: st.DataObject
    ) -> None:
        """What a window has is still promised, expired or remaining, to the last digit.

        Promised: each request's approval, less what its claim decision did
        not accept, and nothing of one that lapsed unclaimed. Whenever the
        window promised no more than it had, ``available`` is what it
        promises plus ``expired`` plus ``remaining`` (0 once closed): a
        rejected or cut claim leaves no money in limbo.
        """
        agreement, log = pair
        days = [agreement.start, agreement.end, *(e.at for e in log)]
        as_of = data.draw(st.sampled_from(days))

        for ledger in fund_ledger(agreement, log, as_of=as_of):
            for window in ledger.windows:
                mine = [r for r in ledger.requests if r.window == window.label]
                promised = sum(((r.approved or D(0)) - r.released for r in mine), D(0))
                if promised > window.available:
                    continue
                live = promised - sum(
                    (
                        r.approved or D(0)
                        for r in mine
                        if r.state is RequestState.EXPIRED
                    ),
                    D(0),
                )
                assert window.available == live + window.expired + window.remaining

    @given(funded)
    def test_the_ledger_reads_the_resolved_log_up_to_its_day(
        self, pair: tuple[Agreement, tuple[FundEvent, ...]]
    ) -> None:
        """A ledger as of a day is that of the log's standing records dated up to that day."""
        agreement, log = pair
        if not log:
            return
        as_of = log[len(log) // 2].at

        assert fund_ledger(agreement, log, as_of=as_of) == fund_ledger(
            agreement, tuple(e for e in _resolved(log) if e.at <= as_of), as_of=as_of
        )

    @given(funded)
    def test_a_series_reads_the_ledger_at_each_date(
        self, pair: tuple[Agreement, tuple[FundEvent, ...]]
    ) -> None:
        """evaluate_series with the log: at each date, fund_ledger's ledgers."""
        agreement, log = pair
        days = sorted({agreement.start, agreement.end, *(e.at for e in log[:3])})
        cards = evaluate_series(agreement, (), days, fund_events=log)

        assert [
            fund_ledger(agreement, log, as_of=d, observations=()) for d in days
        ] == [card.funds for card in cards]

    @given(funded)
    def test_checked_with_the_log(
        self, pair: tuple[Agreement, tuple[FundEvent, ...]]
    ) -> None:
        """The fund rules run with the log alone, and name the agreement's funds."""
        agreement, log = pair
        funds = {a.id for a in agreement.allocations if a.fund is not None}

        report = check(agreement, as_of=agreement.end, fund_events=log)
        without = check(agreement, as_of=agreement.end)

        assert not [f for f in without.findings if f.code in _FUND_RULES]
        for finding in report.findings:
            if finding.code in _FUND_RULES:
                kind, _, name = finding.subject.partition(":")
                assert kind in ("fund-window", "fund-request")
                assert name.split("/")[0] in funds


_FUND_RULES = frozenset({"MC206", "MC207", "MC208", "MC209", "MC210", "MC211"})


def _resolved(log: tuple[FundEvent, ...]) -> list[FundEvent]:
    """Return the records of *log* that stand: corrections and retractions applied."""
    standing: dict[tuple[str, str], FundEvent] = {}
    for event in log:
        standing.pop((event.fund, event.ref), None)
        if event.amount is not None:
            standing[(event.fund, event.ref)] = event
    return list(standing.values())


class TestExpiredWithinAvailable:
    """Expired is money the window had and lost: never more than it made available."""

    @staticmethod
    def _log(*claimed: str) -> tuple[FundEvent, ...]:
        """Three January requests of 3000, 3000 and 1000, approved; claims on *claimed*."""
        log: list[FundEvent] = []
        for n, amount in (("1", "3000"), ("2", "3000"), ("3", "1000")):
            log.append(
                event(K.REQUEST, "2026-01-05", f"R{n}", amount,
                      start=day("2026-01-10"), end=day("2026-01-20"))
            )  # fmt: skip
            log.append(
                event(K.APPROVAL, "2026-01-06", f"A{n}", amount, request=f"R{n}")
            )
            if f"R{n}" in claimed:
                log.append(
                    event(K.CLAIM, "2026-02-01", f"C{n}", amount, request=f"R{n}")
                )
        return tuple(log)

    def test_over_approved_and_lapsed(self) -> None:
        """7000 approved of the 4000 FY2026 had, 6000 lapsed: 3000 of it expired, not 6000."""
        (ledger,) = fund_ledger(agreement(), self._log("R3"), as_of=day("2026-05-31"))
        window = ledger.window("FY2026")

        assert (D(4000), D(7000), D(3000), D(0)) == (
            window.available,
            window.approved,
            window.expired,
            window.remaining,
        )

    def test_everything_lapsed(self) -> None:
        """All 7000 lapsed of 4000 available: the 4000, 100 percent, expired."""
        (ledger,) = fund_ledger(agreement(), self._log(), as_of=day("2026-05-31"))

        assert D(4000) == ledger.window("FY2026").expired

    def test_closed(self) -> None:
        """Once closed: what no live approval holds, the 3000 beside the 1000 claimed."""
        (ledger,) = fund_ledger(agreement(), self._log("R3"), as_of=day("2026-07-31"))

        assert D(3000) == ledger.window("FY2026").expired


class TestOutsideTheTerm:
    """The fund's windows cover the term: grants and activities outside it are refused."""

    @pytest.mark.parametrize(
        ("record", "message"),
        [
            (
                event(K.GRANT, "2027-01-05", "G9", "5000"),
                "a grant dated 2027-01-05, outside the term",
            ),
            (
                event(K.GRANT, "2025-12-31", "G9", "5000"),
                "a grant dated 2025-12-31, outside the term",
            ),
            (
                event(K.REQUEST, "2026-12-20", "R9", "3000", start=day("2027-02-01")),
                "a request whose activity starts 2027-02-01, outside the term",
            ),
            (
                event(K.REQUEST, "2025-12-20", "R9", "3000"),
                "a request of 2025-12-20 with no start, outside the term",
            ),
        ],
        ids=["grant after", "grant before", "activity after", "no start, before"],
    )
    def test_refused(self, record: FundEvent, message: str) -> None:
        """Each is named at its index, with the term; the term's window would count it."""
        with pytest.raises(InvalidFundEventsError) as caught:
            fund_ledger(agreement(), (*LOG, record), as_of=day("2027-06-01"))

        assert [
            (
                f"[{len(LOG)}]",
                f"{message} (2026-01-01 to 2026-12-31), which the fund's windows cover"
                + ("; give the activity's start" if "no start" in message else ""),
            )
        ] == list(caught.value.problems)

    def test_made_before_for_an_activity_in_it(self) -> None:
        """A request made before the term for an activity in it counts in its window."""
        record = event(K.REQUEST, "2025-12-20", "R9", "300", start=day("2026-01-10"))
        (ledger,) = fund_ledger(agreement(), (*LOG, record), as_of=AS_OF)

        assert "FY2026" == ledger.request("R9").window


class TestApprovedAfterTheWindow:
    """Money not approved by its window's end expired: a later approval is refused."""

    REQUEST = event(K.REQUEST, "2026-06-01", "R9", "1000", start=day("2026-06-10"))

    def test_fiscal_year(self) -> None:
        """An approval dated after FY2026 (January to June) closed is named at its index."""
        late = event(K.APPROVAL, "2026-07-01", "A9", "1000", request="R9")
        with pytest.raises(InvalidFundEventsError) as caught:
            fund_ledger(agreement(), (*LOG, self.REQUEST, late), as_of=AS_OF)

        assert [
            (
                f"[{len(LOG) + 1}]",
                (
                    "an approval dated 2026-07-01, after fiscal year FY2026 of "
                    "request 'R9' closed on 2026-06-30: the money the fund had not "
                    "approved by then expired, and a later approval cannot spend "
                    "it; approve 0 (a rejection), or retract the approval"
                ),
            )
        ] == list(caught.value.problems)

    def test_term(self) -> None:
        """With term expiry the window is the term: an approval after it is refused."""
        request = event(K.REQUEST, "2026-12-01", "R9", "1000", start=day("2026-12-10"))
        late = event(K.APPROVAL, "2027-01-10", "A9", "1000", request="R9")
        with pytest.raises(InvalidFundEventsError) as caught:
            fund_ledger(
                agreement(expiry=FundExpiry.TERM, accrual=None),
                (request, late),
                as_of=day("2027-01-10"),
            )

        assert ["[1]"] == [path for path, _ in caught.value.problems]
        assert "after the term of request 'R9' closed on 2026-12-31" in str(
            caught.value
        )

    def test_expired_stays_expired(self) -> None:
        """On its last day an approval counts; what expired is the same on any later day."""
        on_time = event(K.APPROVAL, "2026-06-30", "A9", "400", request="R9")
        log = (self.REQUEST, on_time)
        expired = {
            as_of: fund_ledger(agreement(), log, as_of=day(as_of))[0]
            .window("FY2026")
            .expired
            # Up to the claim deadline of 9 August, when the approval lapses.
            for as_of in ("2026-06-30", "2026-07-10", "2026-08-09")
        }

        assert {
            "2026-06-30": D(3600),
            "2026-07-10": D(3600),
            "2026-08-09": D(3600),
        } == (expired)

    def test_late_rejection(self) -> None:
        """A rejection (an approval of 0) approves no money, so it may come late."""
        rejection = event(K.APPROVAL, "2026-07-01", "A9", "0", request="R9")
        (ledger,) = fund_ledger(agreement(), (self.REQUEST, rejection), as_of=AS_OF)

        assert (RequestState.REJECTED, D(4000)) == (
            ledger.request("R9").state,
            ledger.window("FY2026").expired,
        )


class TestWeekAcrossTheYearEnd:
    """A week that crosses a fiscal year's end gives each year its own days."""

    # Monday 29 June to Sunday 5 July 2026 crosses the end of FY2026 (30 June).

    def test_allocation_by_days(self) -> None:
        """700 a week is 100 a day: 181 days of FY2026, 184 of FY2027, as MC204 counts."""
        plan = agreement(accrual=None)
        weekly = attrs.evolve(
            plan.allocations[0],
            per=Period.WEEK,
            amount=Quantity(amount=D(700), unit="EUR"),
        )
        (ledger,) = fund_ledger(plan.amend(allocations=(weekly,)), (), as_of=AS_OF)

        assert [("FY2026", D(18100)), ("FY2027", D(18400))] == [
            (window.label, window.allocated) for window in ledger.windows
        ]

    @staticmethod
    def _weekly(cap: int | None) -> Agreement:
        """The worked case with a weekly accrual of 10 % capped at *cap*."""
        accrual = Accrual(rate=D("0.1"), of="revenue", per=Period.WEEK, cap=cap)
        return agreement(accrual=accrual)

    def test_accrual_credited_where_earned(self) -> None:
        """Revenue of Thursday 2 July accrues to FY2027, not to the closed FY2026."""
        revenue = [Observation("revenue", day("2026-07-02"), D(10000))]
        (ledger,) = fund_ledger(
            self._weekly(None), (), as_of=day("2026-07-05"), observations=revenue
        )

        assert [("FY2026", D(0), D(4000)), ("FY2027", D(1000), D(0))] == [
            (window.label, window.accrued, window.expired) for window in ledger.windows
        ]

    def test_cap_per_week(self) -> None:
        """The week's two parts accrue at most the cap together, in the order of their days."""
        revenue = [
            Observation("revenue", day("2026-06-29"), D(5000)),
            Observation("revenue", day("2026-07-02"), D(5000)),
        ]
        (ledger,) = fund_ledger(
            self._weekly(600), (), as_of=day("2026-07-05"), observations=revenue
        )

        assert [D(500), D(100)] == [window.accrued for window in ledger.windows]


class TestCorrectionsBeforeTheCut:
    """The log is resolved, then cut at as_of: no day shows money the log never paid."""

    LOG = (
        event(K.REQUEST, "2026-03-01", "R1", "5000"),
        event(K.APPROVAL, "2026-03-02", "A1", "8000", request="R1"),
        event(K.CLAIM, "2026-03-03", "C1", "5000", request="R1", proof=("INV",)),
        event(K.PAYMENT, "2026-03-04", "P1", "9000", request="R1"),
        # Both corrected on 6 March: the day they are dated from now.
        event(K.APPROVAL, "2026-03-06", "A1", "5000", request="R1"),
        event(K.PAYMENT, "2026-03-06", "P1", "5000", request="R1"),
    )

    def test_a_day_before_the_corrections(self) -> None:
        """On 5 March neither the 8000 approval nor the 9000 payment stands: 0 paid."""
        (ledger,) = fund_ledger(agreement(), self.LOG, as_of=day("2026-03-05"))
        request = ledger.request("R1")

        assert (None, D(5000), D(0)) == (
            request.approved,
            request.claimed,
            request.paid,
        )

    def test_the_day_of_the_corrections(self) -> None:
        """From 6 March on, the corrected 5000 approved and paid."""
        (ledger,) = fund_ledger(agreement(), self.LOG, as_of=day("2026-03-06"))
        request = ledger.request("R1")

        assert (D(5000), D(5000), D(5000)) == (
            request.approved,
            request.claimed,
            request.paid,
        )

    def test_repeating_the_day(self) -> None:
        """A correction that repeats its record's day counts from that day."""
        log = tuple(
            attrs.evolve(e, at=day("2026-03-02" if e.ref == "A1" else "2026-03-04"))
            if e.at == day("2026-03-06")
            else e
            for e in self.LOG
        )
        (ledger,) = fund_ledger(agreement(), log, as_of=day("2026-03-05"))

        assert (D(5000), D(5000)) == (
            ledger.request("R1").approved,
            ledger.request("R1").paid,
        )


class TestFrames:
    """The ledger's records make data frames, one row per window or request."""

    def test_pandas(self) -> None:
        """Windows and requests as pandas frames, with the fund in every row."""
        pytest.importorskip("pandas")
        (ledger,) = fund_ledger(agreement(), LOG, as_of=AS_OF, observations=REVENUE)
        windows = ledger.to_pandas()
        assert list(windows["window"]) == ["FY2026", "FY2027"]
        assert list(windows["available"]) == [5000.0, 5100.0]
        requests = ledger.to_pandas("requests")
        assert list(requests["state"]) == ["paid", "claimed", "approved", "rejected"]
        assert set(requests["fund"]) == {"mdf"}
        assert list(requests.columns) == list(ledger.to_records("requests")[0])
        assert list(windows.columns) == list(ledger.to_records()[0])

    def test_polars(self) -> None:
        """Windows and requests as polars frames, the same rows and columns as the records."""
        pytest.importorskip("polars", reason="the polars extra is not installed")
        (ledger,) = fund_ledger(agreement(), LOG, as_of=AS_OF, observations=REVENUE)

        windows = ledger.to_polars()
        requests = ledger.to_polars("requests")

        assert ["FY2026", "FY2027"] == windows["window"].to_list()
        assert ["paid", "claimed", "approved", "rejected"] == requests[
            "state"
        ].to_list()
        assert list(ledger.to_records()[0]) == windows.columns
        assert list(ledger.to_records("requests")[0]) == requests.columns

    def test_pandas_without_rows(self) -> None:
        """A ledger without requests still has the request columns in its frame."""
        pytest.importorskip("pandas")
        (ledger,) = fund_ledger(agreement(), (), as_of=AS_OF)

        requests = ledger.to_pandas("requests")

        assert 0 == len(requests)
        assert [
            "fund", "party", "unit", "ref", "window", "activity", "at", "start", "end",
            "cost", "requested", "approved", "claimed", "claimed_on", "proof",
            "accepted", "reason", "paid", "deadline", "late", "state",
        ] == list(requests.columns)  # fmt: skip
        assert [
            "fund", "party", "unit", "window", "start", "end", "closed", "allocated",
            "accrued", "granted", "available", "requested", "approved",
            "claimed", "paid", "expired", "remaining", "utilisation", "roi",
        ] == list(attrs.evolve(ledger, windows=()).to_pandas().columns)  # fmt: skip

    @pytest.mark.parametrize(
        ("module", "method"), [("pandas", "to_pandas"), ("polars", "to_polars")]
    )
    def test_without_the_extra(
        self, monkeypatch: pytest.MonkeyPatch, module: str, method: str
    ) -> None:
        """Without the extra the error names ``FundLedger.<method>()`` and what to install."""
        monkeypatch.setitem(sys.modules, module, None)
        (ledger,) = fund_ledger(agreement(), LOG, as_of=AS_OF)

        with pytest.raises(ModuleNotFoundError) as caught:
            getattr(ledger, method)("requests")

        assert str(caught.value).startswith(
            f"FundLedger.{method}() needs {module}, which is not installed: "
            f"install mutualcommit's extra '{module}'"
        )


class TestScenario:
    """A scenario that cuts the fund by half is flagged when it approved more."""

    def test_cut_by_half(self) -> None:
        """FY2026 would make 2000 + 1000 available against 4500 approved: MC206."""
        plan = Scenario(name="plan", agreement=agreement())
        cut = plan.variant(
            "MDF cut by half", scale_allocation(plan.agreement, "mdf", "0.5")
        )
        kwargs = {"as_of": AS_OF, "observations": REVENUE, "fund_events": LOG}
        assert not [f for f in plan.report(**kwargs).findings if f.code == "MC206"]  # type: ignore[arg-type]
        found = [f for f in cut.report(**kwargs).findings if f.code == "MC206"]  # type: ignore[arg-type]
        assert [(f.subject, f.params["available"]) for f in found] == [
            ("fund-window:mdf/FY2026", "3000")
        ]


class TestEventsBuiltInCode:
    """Events built in code with values of the wrong type are refused, not crashed on."""

    def test_wrong_types(self) -> None:
        """A datetime for a day and a number for a ref are named, with the record's index."""
        bad = (
            FundEvent(
                fund="mdf",
                event=K.GRANT,
                at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
                ref="G",
                amount=D(1),
            ),
            FundEvent(
                fund="mdf",
                event=K.GRANT,
                at=day("2026-05-01"),
                ref=7,  # type: ignore[arg-type]  # wrong type on purpose
                amount=D(1),
            ),
        )
        with pytest.raises(InvalidObservationsError) as caught:
            fund_ledger(agreement(), bad, as_of=AS_OF)
        assert caught.value.problems == (
            (
                "[0].at",
                (
                    "expected a datetime.date, got datetime "
                    "datetime.datetime(2026, 5, 1, 0, 0, tzinfo=datetime.timezone.utc); "
                    "pass its .date()"
                ),
            ),
            ("[1].ref", "expected a string, got 7"),
        )

    def test_lone_surrogates(self) -> None:
        """Text UTF-8 cannot carry is named by the ledger, and by the receipt, which digests the log."""
        bad = (
            *LOG,
            event(K.GRANT, "2026-08-03", "G\ud800", "5", reason="r\udc80"),
        )
        surrogate = "expected valid Unicode text, got a lone surrogate"
        problems = (("[15].ref", surrogate), ("[15].reason", surrogate))
        scorecard = evaluate(agreement(), REVENUE, as_of=AS_OF, fund_events=LOG)
        calls: list[Callable[[], object]] = [
            lambda: fund_ledger(agreement(), bad, as_of=AS_OF),
            lambda: receipt(scorecard, REVENUE, fund_events=bad),
        ]

        for call in calls:
            with pytest.raises(InvalidFundEventsError) as caught:
                call()
            assert problems == caught.value.problems


class TestTheLogsError:
    """A fund log's error says it is the fund log's, and is still an observations error."""

    def test_named_as_the_fund_log(self) -> None:
        """fund_ledger, dump_fund_events and the portfolio writer raise InvalidFundEventsError."""
        unknown = FundEvent(
            fund="nope", event=K.GRANT, at=day("2026-05-01"), ref="G", amount=D(1)
        )
        negative = attrs.evolve(unknown, fund="mdf", amount=D(-1))
        calls: list[Callable[[], object]] = [
            lambda: fund_ledger(agreement(), [unknown], as_of=AS_OF),
            lambda: dump_fund_events([negative]),
            lambda: dump_portfolio_fund_events({"a": [negative]}),
        ]

        for call in calls:
            with pytest.raises(InvalidFundEventsError) as caught:
                call()
            error = caught.value
            assert isinstance(error, InvalidObservationsError)
            assert str(error).startswith("invalid fund log (1 problem):\n  [")
            copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
            assert (InvalidFundEventsError, error.problems) == (
                type(copy),
                copy.problems,
            )

    def test_every_problem_of_a_record_at_once(self) -> None:
        """A day given as text hides none of the record's other problems, in one error."""
        claim = FundEvent(
            fund="mdf",
            event=K.CLAIM,
            at="2026-05-01",  # type: ignore[arg-type]
            ref=" ",
            amount=D(-1),
        )
        messages = [
            (
                ".at",
                "expected a datetime.date, got str '2026-05-01'; pass datetime.date.fromisoformat(...)",
            ),
            (
                ".ref",
                (
                    "expected a ref, got ' ': a record is corrected and retracted "
                    "by its ref, so two records with an empty one would be one"
                ),
            ),
            (".amount", "a negative amount, -1: amounts are at least 0"),
            (".request", "a claim names no request"),
        ]

        with pytest.raises(InvalidFundEventsError) as ledger:
            fund_ledger(agreement(), [*LOG, claim], as_of=AS_OF)
        with pytest.raises(InvalidFundEventsError) as dumped:
            dump_portfolio_fund_events({"a": [claim]})

        assert [(f"[{len(LOG)}]{f}", m) for f, m in messages] == list(
            ledger.value.problems
        )
        assert [(f'["a"][0]{f}', m) for f, m in messages] == list(dumped.value.problems)


class TestRefusedRequest:
    """A step of a refused request is judged against it, the request named by index."""

    def test_named_by_its_index(self) -> None:
        """A request that ends before it starts: its approval is checked all the same."""
        request = event(
            K.REQUEST, "2026-06-01", "R9", "1000", start=day("2026-06-10"),
            end=day("2026-06-09"),
        )  # fmt: skip
        approval = event(K.APPROVAL, "2026-05-01", "A9", "1200", request="R9")

        with pytest.raises(InvalidFundEventsError) as caught:
            fund_ledger(agreement(), [*LOG, request, approval], as_of=AS_OF)

        at = len(LOG)
        assert [
            (
                f"[{at}].end",
                "the activity ends (2026-06-09) before it starts (2026-06-10)",
            ),
            (f"[{at + 1}]", f"an approval whose request 'R9' ([{at}]) was refused"),
            (
                f"[{at + 1}]",
                "an approval dated 2026-05-01, before its request 'R9' of 2026-06-01",
            ),
            (
                f"[{at + 1}]",
                "an approval of 1200, above the 1000 request 'R9' asked for",
            ),
        ] == list(caught.value.problems)


class TestRetractionLaw:
    """A retraction leaves the ledger the log would give without the record."""

    @given(logs(), st.data())
    def test_retract_a_payment(
        self, log: tuple[FundEvent, ...], data: st.DataObject
    ) -> None:
        """Retracting any payment equals never having recorded it."""
        payments = [e for e in log if e.event is K.PAYMENT]
        if not payments:
            return
        gone = data.draw(st.sampled_from(payments))
        as_of = day("2027-01-31")
        retracted = (*log, attrs.evolve(gone, amount=None))
        without = tuple(e for e in log if e is not gone)
        assert fund_ledger(agreement(), retracted, as_of=as_of) == fund_ledger(
            agreement(), without, as_of=as_of
        )
