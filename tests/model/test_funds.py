"""A fund on a money allocation: its invariants, canonical form and JSON."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest

from mutualcommit import (
    Accrual,
    Aggregation,
    Agreement,
    Fund,
    FundExpiry,
    InvalidAgreementError,
    Metric,
    Party,
    Period,
    Quantity,
    ResourceAllocation,
    Role,
    dumps,
    from_dict,
    json_schema,
    loads,
    to_dict,
)

D = Decimal
#: The fingerprint the terms below had before funds existed.
FINGERPRINT = "sha256:75d5551d7eaff466ebf6f9be73845a8212d7bb4f8e36d6b174dedcbd8293d5dc"


def plain() -> Agreement:
    """Return an agreement with a money allocation that is not a fund."""
    return Agreement(
        id="a",
        title="No funds",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        currency="EUR",
        parties=(
            Party(id="v", name="V", role=Role.VENDOR),
            Party(id="p", name="P", role=Role.PARTNER),
        ),
        allocations=(
            ResourceAllocation(
                id="mdf",
                party="v",
                amount=Quantity(amount=D(30000), unit="EUR"),
                per=Period.QUARTER,
            ),
        ),
    )


def funded(**changes: Any) -> Agreement:
    """Return *plain* with its allocation a fund (changed by *changes*)."""
    agreement = attrs.evolve(
        plain(),
        metrics=(
            Metric(id="rev", name="Revenue", unit="EUR", aggregation=Aggregation.SUM),
            Metric(
                id="opps",
                name="Opportunities",
                unit="count",
                aggregation=Aggregation.COUNT,
            ),
        ),
    )
    fund = Fund(
        accrual=Accrual(rate=D("0.02"), of="rev", cap=D(5000)),
        co_funding=D("0.5"),
        claim_days=60,
        roi_metric="rev",
    )
    allocation = attrs.evolve(
        agreement.allocations[0], fund=attrs.evolve(fund, **changes)
    )
    return attrs.evolve(agreement, allocations=(allocation,))


class TestCanonical:
    """A fund is part of the terms; no fund changes nothing."""

    def test_no_fund_keeps_the_fingerprint(self) -> None:
        """An agreement without a fund has the fingerprint it had before funds."""
        assert FINGERPRINT == plain().fingerprint()
        assert "fund" not in to_dict(plain())["allocations"][0]

    def test_a_fund_is_in_the_terms(self) -> None:
        """Making the allocation a fund, or changing the fund, changes the fingerprint."""
        assert funded().fingerprint() != plain().fingerprint()
        assert funded().fingerprint() != funded(claim_days=90).fingerprint()

    def test_json_round_trip(self) -> None:
        """A fund is written with its non-default fields and read back equal."""
        agreement = funded(expiry=FundExpiry.TERM)
        data = to_dict(agreement)
        assert data["allocations"][0]["fund"] == {
            "accrual": {"rate": "0.02", "of": "rev", "cap": "5000"},
            "co_funding": "0.5",
            "claim_days": 60,
            "expiry": "term",
            "roi_metric": "rev",
        }
        assert loads(dumps(agreement)) == agreement
        assert from_dict(data) == agreement

    def test_schema(self) -> None:
        """The JSON Schema describes a fund and an accrual, and the allocation's fund key."""
        defs = json_schema()["$defs"]
        assert "fund" in defs["ResourceAllocation"]["properties"]
        assert sorted(defs["Fund"]["properties"]) == [
            "accrual",
            "claim_days",
            "co_funding",
            "expiry",
            "roi_metric",
        ]
        assert defs["Accrual"]["required"] == ["rate", "of"]
        assert defs["FundExpiry"]["enum"] == ["fiscal_year", "term"]


class TestInvariants:
    """A fund's terms are checked with the agreement, every problem with its path."""

    def test_every_problem(self) -> None:
        """A bad rate, a count metric, a term accrual on a yearly fund, a bad cap."""
        with pytest.raises(InvalidAgreementError) as caught:
            funded(
                accrual=Accrual(rate=D("1.5"), of="opps", per=Period.TERM, cap=D(-1)),
                co_funding=D(0),
            )
        assert [path for path, _ in caught.value.problems] == [
            "allocations[0].fund.accrual.rate",
            "allocations[0].fund.accrual.of",
            "allocations[0].fund.accrual.per",
            "allocations[0].fund.accrual.cap",
            "allocations[0].fund.co_funding",
        ]

    def test_money_in_the_agreements_currency(self) -> None:
        """A fund is money in the agreement's currency, not hours."""
        agreement = funded()
        hours = attrs.evolve(
            agreement.allocations[0], amount=Quantity(amount=D(40), unit="hour")
        )
        with pytest.raises(
            InvalidAgreementError, match=r"allocations\[0\]\.amount\.unit"
        ):
            attrs.evolve(agreement, allocations=(hours,))

    @pytest.mark.parametrize(
        ("days", "shown"),
        [(-1, "-1"), (36526, "36526"), (10**1000, "an integer of 3322 bits")],
    )
    def test_claim_days_bounded(self, days: int, shown: str) -> None:
        """Claim days run from 0 to 36525, the longest term."""
        with pytest.raises(InvalidAgreementError) as caught:
            funded(claim_days=days)
        assert [
            (
                "allocations[0].fund.claim_days",
                f"expected a whole number of days from 0 to 36525, got {shown}",
            )
        ] == list(caught.value.problems)

    def test_unknown_roi_metric(self) -> None:
        """The ROI metric must be one of the agreement's metrics."""
        with pytest.raises(InvalidAgreementError, match="no metric with id 'nope'"):
            funded(roi_metric="nope")
