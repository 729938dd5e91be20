"""MC206-MC211: the fund rules, on the compliant agreement with its A1 a fund.

Acme's allocation A1 (40 000 EUR for the term, the fiscal year is the
calendar year) becomes a fund that pays at most half of an activity's cost
and wants claims within 30 days of the activity.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from mutualcommit.model import (
    Accrual,
    Agreement,
    Fund,
    FundEvent,
    FundEventKind,
    Observation,
    Period,
)
from mutualcommit.rules import (
    Policy,
    PolicyError,
    check,
    policy_from_json,
    policy_to_json,
)

from .conftest import AS_OF

D = Decimal
K = FundEventKind
CLOSED = dt.date(2027, 1, 15)


def _funded(agreement: Agreement) -> Agreement:
    fund = Fund(co_funding=D("0.5"), claim_days=30)
    allocation = attrs.evolve(agreement.allocations[0], fund=fund)
    return attrs.evolve(agreement, allocations=(allocation, *agreement.allocations[1:]))


def _event(
    kind: FundEventKind, at: str, ref: str, amount: str, **more: object
) -> FundEvent:
    return FundEvent(
        fund="A1",
        event=kind,
        at=dt.date.fromisoformat(at),
        ref=ref,
        amount=D(amount),
        **more,  # type: ignore[arg-type]
    )


REQUEST = _event(
    K.REQUEST,
    "2026-02-01",
    "R1",
    "6000",
    activity="Webinar series",
    start=dt.date(2026, 3, 1),
    end=dt.date(2026, 3, 5),
    cost=D(10000),
)
GOOD = (
    attrs.evolve(REQUEST, amount=D(5000)),
    _event(K.APPROVAL, "2026-02-03", "A1", "5000", request="R1"),
    _event(K.CLAIM, "2026-03-20", "C1", "5000", request="R1", proof=("INV-9",)),
    _event(K.PAYMENT, "2026-04-01", "P1", "5000", request="R1"),
)
BAD = (
    REQUEST,
    _event(K.APPROVAL, "2026-02-03", "A1", "6000", request="R1"),
    _event(K.CLAIM, "2026-05-01", "C1", "7000", request="R1"),
    _event(K.REQUEST, "2026-02-02", "R2", "40000", activity="Roadshow"),
    _event(K.APPROVAL, "2026-02-04", "A2", "40000", request="R2"),
)


def _found(
    agreement: Agreement, events: tuple[FundEvent, ...], **kwargs: object
) -> dict[str, list[tuple[str, dict[str, object]]]]:
    report = check(_funded(agreement), fund_events=events, **kwargs)  # type: ignore[arg-type]
    found: dict[str, list[tuple[str, dict[str, object]]]] = {}
    for item in report.findings:
        if "MC206" <= item.code <= "MC211":
            found.setdefault(item.code, []).append((item.subject, dict(item.params)))
    return found


class TestFundRules:
    """Each fund rule fires on the log that breaks it, and only then."""

    def test_good_log_is_silent(self, compliant: Agreement) -> None:
        """A request within the share, approved, claimed in time with proof and paid."""
        assert _found(compliant, GOOD, as_of=AS_OF) == {}

    def test_without_the_log(self, compliant: Agreement) -> None:
        """Without the fund log the fund rules find nothing."""
        report = check(_funded(compliant), as_of=AS_OF)
        assert not [f for f in report.findings if "MC206" <= f.code <= "MC211"]

    def test_bad_log(self, compliant: Agreement) -> None:
        """Overcommitted, a claim above its approval, without proof, late, over the share."""
        found = _found(compliant, BAD, as_of=AS_OF)
        # The roadshow's approval lapsed unclaimed 30 days after it: MC210.
        assert sorted(found) == ["MC206", "MC207", "MC208", "MC209", "MC210", "MC211"]
        (mc206,) = found["MC206"]
        assert mc206[0] == "fund-window:A1/FY2026"
        assert (mc206[1]["approved"], mc206[1]["available"]) == ("46000", "40000")
        (mc207,) = found["MC207"]
        assert mc207[0] == "fund-request:A1/R1"
        assert (mc207[1]["claimed"], mc207[1]["approved"]) == ("7000", "6000")
        (mc209,) = found["MC209"]
        assert (mc209[1]["claimed_on"], mc209[1]["deadline"]) == (
            "2026-05-01",
            "2026-04-04",
        )
        (mc211,) = found["MC211"]
        assert (mc211[1]["share"], mc211[1]["max_share"]) == ("60", "50")

    def test_a_cost_of_zero(self, compliant: Agreement) -> None:
        """5000 approved for an activity that costs 0: no share of it, so MC211 says so."""
        free = (
            attrs.evolve(GOOD[0], amount=D(5000), cost=D(0)),
            GOOD[1],
        )
        report = check(_funded(compliant), fund_events=free, as_of=AS_OF)

        (mc211,) = [f for f in report.findings if f.code == "MC211"]
        assert "no_cost" == mc211.params["cost_kind"]
        assert "share" not in mc211.params
        assert mc211.message == (
            'Request R1 "Webinar series" of fund A1 is funded with 5000 EUR of an '
            "activity that costs 0 EUR, where the fund pays at most 50 percent of "
            "the cost; give the request the activity's whole cost, or approve 0."
        )

    def test_a_share_that_rounds_to_the_limit(self, compliant: Agreement) -> None:
        """1000 of a 3000 cost under a co-funding of 33.33 %: 33.333 over 33.33.

        Both were rounded to a tenth: "33.3 percent where the fund pays at
        most 33.3 percent" read as no violation.
        """
        funded = _funded(compliant)
        plain = funded.allocations[0].fund
        assert plain is not None
        fund = attrs.evolve(plain, co_funding=D("0.3333"))
        third = attrs.evolve(
            funded,
            allocations=(
                attrs.evolve(funded.allocations[0], fund=fund),
                *funded.allocations[1:],
            ),
        )
        events = (
            attrs.evolve(GOOD[0], amount=D(1000), cost=D(3000)),
            attrs.evolve(GOOD[1], amount=D(1000)),
        )

        report = check(third, fund_events=events, as_of=AS_OF)

        (mc211,) = [f for f in report.findings if f.code == "MC211"]
        assert ("33.333", "33.33") == (
            mc211.params["share"],
            mc211.params["max_share"],
        )
        assert "33.333 percent where the fund pays at most 33.33 percent" in (
            mc211.message
        )

    def test_nothing_of_a_cost_of_zero(self, compliant: Agreement) -> None:
        """Nothing approved of a 0 cost is within any share: silent."""
        free = (
            attrs.evolve(GOOD[0], amount=D(0), cost=D(0)),
            attrs.evolve(GOOD[1], amount=D(0)),
        )

        assert "MC211" not in _found(compliant, free, as_of=AS_OF)

    def test_an_accruing_fund_is_judged_with_the_observations(
        self, compliant: Agreement
    ) -> None:
        """MC206 on a fund that earns 10 % of revenue needs the revenue.

        Without observations nothing accrued, and the 46 000 approved were
        reported over the 40 000 allocated although 100 000 of revenue had
        made 50 000 available. With 10 000 of revenue (41 000 available)
        they are over it.
        """
        funded = _funded(compliant)
        plain = funded.allocations[0].fund
        assert plain is not None
        fund = attrs.evolve(
            plain, accrual=Accrual(rate=D("0.1"), of="revenue", per=Period.YEAR)
        )
        allocation = attrs.evolve(funded.allocations[0], fund=fund)
        accruing = attrs.evolve(
            funded, allocations=(allocation, *funded.allocations[1:])
        )

        def mc206(observations: list[Observation] | None) -> list[object]:
            report = check(
                accruing, as_of=AS_OF, fund_events=BAD, observations=observations
            )
            return [f.params["available"] for f in report.findings if f.code == "MC206"]

        def revenue(amount: int) -> list[Observation]:
            return [Observation("revenue", dt.date(2026, 1, 20), D(amount))]

        assert ([], [], ["41000"]) == (
            mc206(None),
            mc206(revenue(100000)),
            mc206(revenue(10000)),
        )

    def test_an_accruing_fund_expires_with_the_observations(
        self, compliant: Agreement
    ) -> None:
        """MC210 on a fund that earns 10 % of revenue needs the revenue, as MC206 does.

        Without observations nothing accrued: the rule would say 35 000 of
        40 000 expired where 85 000 of 90 000 did. It leaves the fund
        alone; with the 500 000 of revenue it names the true figures.
        """
        funded = _funded(compliant)
        plain = funded.allocations[0].fund
        assert plain is not None
        fund = attrs.evolve(
            plain, accrual=Accrual(rate=D("0.1"), of="revenue", per=Period.YEAR)
        )
        allocation = attrs.evolve(funded.allocations[0], fund=fund)
        accruing = attrs.evolve(
            funded, allocations=(allocation, *funded.allocations[1:])
        )
        revenue = [Observation("revenue", dt.date(2026, 1, 20), D(500000))]

        def mc210(observations: list[Observation] | None) -> list[tuple[object, ...]]:
            report = check(
                accruing, as_of=CLOSED, fund_events=GOOD, observations=observations
            )
            return [
                (f.params["expired"], f.params["available"])
                for f in report.findings
                if f.code == "MC210"
            ]

        assert ([], [("85000", "90000")]) == (mc210(None), mc210(revenue))

    def test_expiry(self, compliant: Agreement) -> None:
        """Once FY2026 closed, 35 000 of 40 000 expired: 87.5 percent, above 10."""
        found = _found(compliant, GOOD, as_of=CLOSED)
        (mc210,) = found["MC210"]
        assert mc210[1]["expired"] == "35000"
        assert (mc210[1]["share"], mc210[1]["max_share"]) == ("87.5", "10")

    def test_expiry_limit_in_full(self, compliant: Agreement) -> None:
        """A policy's 87.499 percent is written so, below the 87.5 that expired."""
        policy = Policy(max_expired_share=D("0.87499"))

        (mc210,) = _found(compliant, GOOD, as_of=CLOSED, policy=policy)["MC210"]

        assert (mc210[1]["share"], mc210[1]["max_share"]) == ("87.5", "87.499")

    def test_expiry_threshold(self, compliant: Agreement) -> None:
        """A policy that tolerates 90 percent expiring is silent."""
        policy = Policy(max_expired_share=D("0.9"))
        assert "MC210" not in _found(compliant, GOOD, as_of=CLOSED, policy=policy)


class TestWording:
    """A fund rule's message reads for the window it names and for what was paid."""

    def test_a_fund_that_expires_at_the_end_of_the_term(
        self, compliant: Agreement
    ) -> None:
        """Its window is the term, "In the term, fund A1 ..."; the params keep its label."""
        funded = _funded(compliant)
        fund = funded.allocations[0].fund
        assert fund is not None
        allocation = attrs.evolve(
            funded.allocations[0], fund=attrs.evolve(fund, expiry="term")
        )
        term = attrs.evolve(funded, allocations=(allocation, *funded.allocations[1:]))

        report = check(term, fund_events=GOOD, as_of=CLOSED)

        (mc210,) = [f for f in report.findings if f.code == "MC210"]
        assert ("fund-window:A1/term", "term") == (
            mc210.subject,
            mc210.params["window"],
        )
        assert mc210.message == (
            "In the term, fund A1 let 35000 EUR of the 40000 EUR it made available "
            "expire unused (87.5 percent, more than 10 percent); plan activities "
            "earlier, or lower the fund."
        )

    def test_a_fiscal_year(self, compliant: Agreement) -> None:
        """A fiscal year is named by its label: "In FY2026, fund A1 ..."."""
        report = check(_funded(compliant), fund_events=BAD, as_of=AS_OF)

        (mc206,) = [f for f in report.findings if f.code == "MC206"]
        assert mc206.message.startswith(
            "In FY2026, fund A1 approved 46000 EUR of requests, more than the 40000 "
            "EUR it made available"
        )

    def test_a_claim_without_proof_before_payment(self, compliant: Agreement) -> None:
        """MC208 asks for the proof before the claim is paid."""
        report = check(_funded(compliant), fund_events=BAD, as_of=AS_OF)

        (mc208,) = [f for f in report.findings if f.code == "MC208"]
        assert ("unpaid", "0") == (mc208.params["claim_state"], mc208.params["paid"])
        assert mc208.message == (
            'The claim of 7000 EUR on request R1 "Webinar series" of fund A1 gives '
            "no proof of performance; attach invoices or proof references to the "
            "claim before it is paid."
        )

    def test_a_paid_claim_without_proof(self, compliant: Agreement) -> None:
        """Once paid, MC208 says what was paid and asks for the proof for an audit."""
        paid = (
            *BAD,
            _event(K.DECISION, "2026-05-05", "D1", "6000", request="R1"),
            _event(K.PAYMENT, "2026-05-10", "P1", "6000", request="R1"),
        )

        report = check(_funded(compliant), fund_events=paid, as_of=AS_OF)

        (mc208,) = [f for f in report.findings if f.code == "MC208"]
        assert ("paid", "6000") == (mc208.params["claim_state"], mc208.params["paid"])
        assert mc208.message == (
            'The claim of 7000 EUR on request R1 "Webinar series" of fund A1 was '
            "paid 6000 EUR with no proof of performance; attach invoices or proof "
            "references to the claim, so that the payment can be audited."
        )


class TestAmountsShown:
    """MC206 and MC210 write amounts to the currency's digits, as MC203 and MC204 do."""

    def test_to_the_cent(self, compliant: Agreement) -> None:
        """A grant of 0.123456789012 EUR: 35 000.12 of 40 000.12 expired, not twelve places."""
        grant = _event(K.GRANT, "2026-06-01", "G1", "0.123456789012")

        report = check(_funded(compliant), fund_events=(*GOOD, grant), as_of=CLOSED)

        (mc210,) = [f for f in report.findings if f.code == "MC210"]
        assert ("35000.12", "40000.12") == (
            mc210.params["expired"],
            mc210.params["available"],
        )
        assert mc210.message.startswith(
            "In FY2026, fund A1 let 35000.12 EUR of the 40000.12 EUR it made available"
        )

    def test_more_digits_where_the_cents_hide_the_finding(
        self, compliant: Agreement
    ) -> None:
        """40 000.004 approved of 40 000: not "40000 of 40000", but the place that shows it."""
        over = (
            _event(K.REQUEST, "2026-02-01", "R2", "40000.004", activity="Roadshow"),
            _event(K.APPROVAL, "2026-02-02", "A2", "40000.004", request="R2"),
        )

        ((_, params),) = _found(compliant, over, as_of=AS_OF)["MC206"]

        assert ("40000.004", "40000") == (params["approved"], params["available"])


class TestPolicyThreshold:
    """max_expired_share travels in the policy's JSON and is checked for range."""

    def test_round_trip(self) -> None:
        """A policy's max_expired_share reads back as written."""
        policy = Policy(max_expired_share=D("0.25"))
        assert policy_from_json(policy_to_json(policy)).max_expired_share == D("0.25")

    def test_out_of_range(self) -> None:
        """A share above 1 is refused with the field's name."""
        with pytest.raises(PolicyError) as caught:
            Policy(max_expired_share=D("1.5"))
        assert [path for path, _ in caught.value.problems] == ["max_expired_share"]


class TestDecisions:
    """A claim decision settles what the claim rules warn about."""

    def test_cut_to_the_approval(self, compliant: Agreement) -> None:
        """A decision accepting the 6000 approved silences MC207, not MC208 or MC209."""
        decided = (*BAD, _event(K.DECISION, "2026-05-05", "D1", "6000", request="R1"))
        found = _found(compliant, decided, as_of=AS_OF)
        assert "MC207" not in found
        assert {"MC208", "MC209"} <= set(found)

    def test_rejected(self, compliant: Agreement) -> None:
        """A rejected claim needs neither proof nor a waiver for being late."""
        decided = (*BAD, _event(K.DECISION, "2026-05-05", "D1", "0", request="R1"))
        found = _found(compliant, decided, as_of=AS_OF)
        assert not {"MC207", "MC208", "MC209"} & set(found)

    def test_a_rejected_claim_promises_no_more(self, compliant: Agreement) -> None:
        """R1's claim rejected: its 6000 is promised no more, so the 40 000 of R2 fit the year.

        A cut claim counts the part it did not accept alike: accepting 1000
        of R1's 6000 leaves 41 000 promised, over the 40 000 MC206 names.
        """
        rejected = (*BAD, _event(K.DECISION, "2026-05-05", "D1", "0", request="R1"))
        cut = (*BAD, _event(K.DECISION, "2026-05-05", "D1", "1000", request="R1"))

        assert "MC206" not in _found(compliant, rejected, as_of=AS_OF)
        ((_, params),) = _found(compliant, cut, as_of=AS_OF)["MC206"]
        assert ("41000", "40000") == (params["approved"], params["available"])
