"""A fund on a money allocation: its invariants, canonical form and JSON."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import tampered

from mutualcommit import (
    Accrual,
    Aggregation,
    Agreement,
    FormatError,
    Fund,
    FundEvent,
    FundEventKind,
    FundExpiry,
    InvalidAgreementError,
    InvalidFieldsError,
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
from mutualcommit.model import UNREADABLE
from mutualcommit.model._funds import (
    fund_event_problems,
    fund_log_problems,
    standing_fund_events,
)
from mutualcommit.testing.strategies import agreements_with_fund_events

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
        [
            (-1, "int -1"),
            (36526, "int 36526"),
            (2**63, "int 9223372036854775808"),
            (2**64, "an integer of 65 bits"),
            (10**1000, "an integer of 3322 bits"),
        ],
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

    def test_accrual_in_another_currency(self) -> None:
        """Accrual on USD revenue into a EUR fund would add dollars as euros: refused."""
        agreement = funded()
        usd = Metric(
            id="us-rev", name="US revenue", unit="USD", aggregation=Aggregation.SUM
        )
        fund = Fund(accrual=Accrual(rate=D("0.02"), of="us-rev"))
        problem = (
            "allocations[0].fund.accrual.of",
            "expected a metric in the fund's currency EUR, 'us-rev' is in USD",
        )
        with pytest.raises(InvalidAgreementError) as caught:
            agreement.amend(
                metrics=(*agreement.metrics, usd),
                allocations=(attrs.evolve(agreement.allocations[0], fund=fund),),
            )
        assert [problem] == list(caught.value.problems)

        data = to_dict(agreement)
        data["metrics"].append(
            {"id": "us-rev", "name": "US revenue", "unit": "USD", "aggregation": "sum"}
        )
        data["allocations"][0]["fund"]["accrual"]["of"] = "us-rev"
        with pytest.raises(FormatError) as read:
            from_dict(data)
        assert [(f"$.{problem[0]}", problem[1])] == list(read.value.problems)

    def test_roi_in_another_currency(self) -> None:
        """A return measured in USD over EUR paid is refused, listed with the rest."""
        agreement = funded()
        usd = Metric(
            id="us-rev", name="US revenue", unit="USD", aggregation=Aggregation.SUM
        )
        fund = Fund(roi_metric="us-rev", claim_days=-1)
        problems = [
            (
                "allocations[0].fund.claim_days",
                "expected a whole number of days from 0 to 36525, got int -1",
            ),
            (
                "allocations[0].fund.roi_metric",
                "expected a metric in the fund's currency EUR, 'us-rev' is in USD",
            ),
        ]
        with pytest.raises(InvalidAgreementError) as caught:
            agreement.amend(
                metrics=(*agreement.metrics, usd),
                allocations=(attrs.evolve(agreement.allocations[0], fund=fund),),
            )
        assert problems == list(caught.value.problems)

        data = to_dict(agreement)
        data["metrics"].append(
            {"id": "us-rev", "name": "US revenue", "unit": "USD", "aggregation": "sum"}
        )
        data["allocations"][0]["fund"]["roi_metric"] = "us-rev"
        expected = [(f"$.{problems[1][0]}", problems[1][1])]
        with pytest.raises(FormatError) as read:
            from_dict(data)
        assert expected == list(read.value.problems)
        with pytest.raises(FormatError) as parsed:
            loads(json.dumps(data))
        assert expected == list(parsed.value.problems)

    @pytest.mark.parametrize("roi", ["rev", "opps"])
    def test_roi_in_the_currency_or_no_currency(self, roi: str) -> None:
        """A return in the fund's currency, or in opportunities, is accepted."""
        fund = funded(roi_metric=roi).allocations[0].fund
        assert fund is not None
        assert roi == fund.roi_metric

    def test_unknown_roi_metric(self) -> None:
        """The ROI metric must be one of the agreement's metrics."""
        with pytest.raises(InvalidAgreementError, match="no metric with id 'nope'"):
            funded(roi_metric="nope")


def _accrual(**changes: Any) -> Accrual:
    """Return a sound accrual of 2 % of revenue, changed by *changes*."""
    return Accrual(**{"rate": D("0.02"), "of": "rev", **changes})


def _fund_problems(**changes: Any) -> list[tuple[str, str]]:
    """Return the problems of `funded` with *changes*: none when it is built."""
    try:
        funded(**changes)
    except InvalidAgreementError as caught:
        return list(caught.problems)
    return []


class TestFundTerms:
    """Each of a fund's terms, at and past its limits: the exact problem or none."""

    @pytest.mark.parametrize(
        ("changes", "where", "message"),
        [
            pytest.param(
                {"accrual": _accrual(rate=D("1.5"))},
                ".accrual.rate",
                "expected a share from 0 up to 1, got 1.5",
                id="rate-hi",
            ),
            pytest.param(
                {"accrual": _accrual(rate=D("-0.1"))},
                ".accrual.rate",
                "expected a share from 0 up to 1, got -0.1",
                id="rate-neg",
            ),
            pytest.param({"accrual": _accrual(rate=D(0))}, None, None, id="rate0"),
            pytest.param({"accrual": _accrual(rate=D(1))}, None, None, id="rate1"),
            pytest.param(
                {"accrual": _accrual(rate=D("NaN"))},
                ".accrual.rate",
                "expected a finite decimal, got NaN",
                id="rate-nan",
            ),
            pytest.param(
                {"co_funding": D(0)},
                ".co_funding",
                "expected a share above 0 up to 1, got 0",
                id="co0",
            ),
            pytest.param({"co_funding": D(1)}, None, None, id="co1"),
            pytest.param(
                {"co_funding": D("1.01")},
                ".co_funding",
                "expected a share above 0 up to 1, got 1.01",
                id="co-hi",
            ),
            pytest.param({"co_funding": None}, None, None, id="co-none"),
            pytest.param(
                {"accrual": _accrual(of="opps")},
                ".accrual.of",
                "expected a metric in a currency, 'opps' is not",
                id="of-count",
            ),
            pytest.param(
                {"accrual": _accrual(of="nope")},
                ".accrual.of",
                "no metric with id 'nope'",
                id="of-nope",
            ),
            pytest.param(
                {"accrual": _accrual(of=5)},
                ".accrual.of",
                "no metric with id 5",
                id="of-int",
            ),
            pytest.param(
                {"accrual": _accrual(per=Period.TERM)},
                ".accrual.per",
                "a fund that expires each fiscal year accrues per year, quarter or month, not per term",
                id="per-term",
            ),
            pytest.param(
                {"accrual": _accrual(per=Period.TERM), "expiry": FundExpiry.TERM},
                None,
                None,
                id="per-term-ok",
            ),
            pytest.param(
                # What a reader builds in place of a value it could not read.
                {"accrual": _accrual(per=UNREADABLE)},
                ".accrual.per",
                "expected a Period, got <unreadable>",
                id="per-unreadable",
            ),
            pytest.param(
                {"accrual": _accrual(cap=D(-1))},
                ".accrual.cap",
                "expected a value of at least 0, got -1",
                id="cap-neg",
            ),
            pytest.param({"accrual": _accrual(cap=D(0))}, None, None, id="cap0"),
            pytest.param(
                {"accrual": _accrual(cap=D("NaN"))},
                ".accrual.cap",
                "expected a finite decimal, got NaN",
                id="cap-nan",
            ),
            pytest.param(
                {"claim_days": True},
                ".claim_days",
                "expected a whole number of days from 0 to 36525, got bool True",
                id="days-true",
            ),
            pytest.param({"claim_days": 0}, None, None, id="days0"),
            pytest.param({"claim_days": 36525}, None, None, id="days-max"),
            pytest.param({"claim_days": None}, None, None, id="days-none"),
            pytest.param(
                {"expiry": UNREADABLE},
                ".expiry",
                "expected 'fiscal_year' or 'term', got <unreadable>",
                id="expiry-unreadable",
            ),
            pytest.param({"roi_metric": "opps"}, None, None, id="roi-opps"),
            pytest.param({"roi_metric": None}, None, None, id="roi-none"),
            pytest.param({"accrual": None}, None, None, id="accr-none"),
        ],
    )
    def test_term(
        self, changes: dict[str, Any], where: str | None, message: str | None
    ) -> None:
        """A term out of bounds is one problem at its path; one in bounds none."""
        expected = [] if where is None else [(f"allocations[0].fund{where}", message)]

        assert _fund_problems(**changes) == expected

    def test_not_a_fund(self) -> None:
        """An allocation's fund that is no Fund is refused when the allocation is built."""
        agreement = funded()
        with pytest.raises(InvalidFieldsError) as caught:
            attrs.evolve(agreement.allocations[0], fund="mdf")  # type: ignore[arg-type]

        assert (True, [("fund", "expected a Fund or None, got str 'mdf'")]) == (
            isinstance(caught.value, TypeError),
            list(caught.value.problems),
        )

    def test_not_an_accrual(self) -> None:
        """A fund's accrual that is no Accrual is refused when the fund is built."""
        with pytest.raises(InvalidFieldsError) as caught:
            Fund(accrual={"rate": "0.02", "of": "rev"})  # type: ignore[arg-type]

        assert (
            True,
            [
                (
                    "accrual",
                    (
                        "expected an Accrual or None, got dict {'rate': '0.02', "
                        "'of': 'rev'}; pass Accrual(**fields) to build one from "
                        "its fields"
                    ),
                )
            ],
        ) == (isinstance(caught.value, TypeError), list(caught.value.problems))

    def test_not_a_fund_set_around_the_constructor(self) -> None:
        """The agreement's invariants name a fund, or an accrual, set around it by its type."""
        agreement = funded()
        fund = tampered(agreement.allocations[0].fund, accrual="x")
        for bad, where, kind in (
            ("mdf", "", "Fund"),
            (fund, ".accrual", "Accrual"),
        ):
            allocation = tampered(agreement.allocations[0], fund=bad)
            with pytest.raises(InvalidAgreementError) as caught:
                attrs.evolve(agreement, allocations=(allocation,))

            article = "an" if kind[0] in "AEIOU" else "a"
            assert list(caught.value.problems) == [
                (f"allocations[0].fund{where}", f"expected {article} {kind}, got str")
            ]


def _day(n: int) -> dt.date:
    return dt.date(2027, 1, n)


def _event(
    kind: FundEventKind, ref: str, at: int, amount: str | None, **fields: Any
) -> FundEvent:
    """Return a record of fund ``mdf`` (unless *fields* say otherwise) on day *at*."""
    fields.setdefault("fund", "mdf")
    return FundEvent(
        event=kind,
        at=_day(at),
        ref=ref,
        amount=None if amount is None else D(amount),
        **fields,
    )


K = FundEventKind


class TestFundLog:
    """A fund log's problems, each with the index of the record it is about."""

    def test_payments_above_the_decision(self) -> None:
        """Payments past what the decision accepted are refused at the one that passes it."""
        log = [
            _event(K.REQUEST, "r1", 1, "1000"),
            _event(K.APPROVAL, "a1", 2, "800", request="r1"),
            _event(K.CLAIM, "c1", 3, "900", request="r1"),
            _event(K.DECISION, "x1", 4, "700", request="r1"),
            _event(K.PAYMENT, "p1", 5, "500", request="r1"),
            _event(K.PAYMENT, "p2", 5, "300", request="r1"),
            _event(K.PAYMENT, "p3", 5, "300", request="r1"),
        ]

        assert fund_log_problems(log, ["mdf"]) == [
            (
                5,
                "",
                "payments of request 'r1' reach 800, above the 700 accepted by its decision",
            )
        ]

    def test_payments_above_the_claim(self) -> None:
        """Without a decision the claim is the ceiling; reaching it exactly is fine."""
        log = [
            _event(K.REQUEST, "r1", 1, "1000"),
            _event(K.APPROVAL, "a1", 2, "1000", request="r1"),
            _event(K.CLAIM, "c1", 3, "600", request="r1"),
            _event(K.PAYMENT, "p1", 5, "600", request="r1"),
        ]

        assert fund_log_problems(log) == []
        assert fund_log_problems(
            [*log, _event(K.PAYMENT, "p2", 6, "1", request="r1")]
        ) == [(4, "", "payments of request 'r1' reach 601, above the 600 claimed")]

    def test_payments_above_the_approval(self) -> None:
        """An approval below the claim (or the decision) is the ceiling."""
        log = [
            _event(K.REQUEST, "r1", 1, "1000"),
            _event(K.APPROVAL, "a1", 2, "400", request="r1"),
            _event(K.CLAIM, "c1", 3, "600", request="r1"),
            _event(K.DECISION, "x1", 4, "500", request="r1"),
            _event(K.PAYMENT, "p1", 5, "401", request="r1"),
        ]

        assert fund_log_problems(log) == [
            (4, "", "payments of request 'r1' reach 401, above the 400 approved")
        ]

    def test_approval_above_its_request(self) -> None:
        """An approval may not grant more than was asked; as much is fine."""
        request = _event(K.REQUEST, "r1", 1, "1000")

        assert (
            fund_log_problems(
                [request, _event(K.APPROVAL, "a1", 2, "1000", request="r1")]
            )
            == []
        )
        assert fund_log_problems(
            [request, _event(K.APPROVAL, "a1", 2, "1000.01", request="r1")]
        ) == [(1, "", "an approval of 1000.01, above the 1000 request 'r1' asked for")]

    def test_dated_before(self) -> None:
        """A step dated before its request, or a decision or payment before the claim."""
        log = [
            _event(K.REQUEST, "r1", 5, "1000"),
            _event(K.CLAIM, "c1", 3, "600", request="r1"),
            _event(K.DECISION, "x1", 2, "600", request="r1"),
            _event(K.APPROVAL, "a1", 5, "600", request="r1"),
            _event(K.PAYMENT, "p1", 2, "1", request="r1"),
            _event(K.DECISION, "x1", 3, "600", request="r1"),
        ]

        assert fund_log_problems(log) == [
            (1, "", "a claim dated 2027-01-03, before its request 'r1' of 2027-01-05"),
            (
                4,
                "",
                "a payment dated 2027-01-02, before its request 'r1' of 2027-01-05",
            ),
            (
                4,
                "",
                "a payment dated 2027-01-02, before the claim of request 'r1' of 2027-01-03",
            ),
            (
                4,
                "",
                "a payment dated 2027-01-02, before the approval of request 'r1' of 2027-01-05",
            ),
            (
                5,
                "",
                "a decision dated 2027-01-03, before its request 'r1' of 2027-01-05",
            ),
        ]

    def test_unknown_request_and_fund(self) -> None:
        """A step of a request the fund has not, and a record of an unknown fund."""
        log = [
            _event(K.REQUEST, "r1", 1, "1000", fund="other"),
            _event(K.CLAIM, "c1", 2, "5", request="r1"),
            _event(K.GRANT, "g1", 1, "5", fund="other"),
            _event(K.GRANT, "g2", 1, "5"),
        ]

        assert fund_log_problems(log, ["mdf"]) == [
            (0, "", "no fund (allocation with a fund) 'other'"),
            (
                1,
                "",
                "a claim for request 'r1', which fund 'mdf' has no standing request of",
            ),
            (2, "", "no fund (allocation with a fund) 'other'"),
        ]
        assert fund_log_problems(log) == [
            (
                1,
                "",
                "a claim for request 'r1', which fund 'mdf' has no standing request of",
            )
        ]

    def test_missing_claim_or_approval(self) -> None:
        """A decision needs a claim; a payment needs a claim and an approval."""
        log = [
            _event(K.REQUEST, "r1", 1, "1000"),
            _event(K.DECISION, "x1", 2, "0", request="r1"),
            _event(K.PAYMENT, "p1", 3, "5", request="r1"),
            _event(K.REQUEST, "r2", 1, "10"),
            _event(K.CLAIM, "c2", 2, "5", request="r2"),
            _event(K.PAYMENT, "p2", 3, "5", request="r2"),
            _event(K.PAYMENT, "p3", 3, "5", request="r2"),
        ]

        assert fund_log_problems(log) == [
            (1, "", "a decision on request 'r1', which has no claim"),
            (2, "", "a payment of request 'r1', which has no claim"),
            (5, "", "a payment of request 'r2', which has no approval"),
            (6, "", "a payment of request 'r2', which has no approval"),
        ]

    def test_records_of_the_wrong_shape(self) -> None:
        """Each field of the wrong type is named; such a record stands for nothing."""
        odd: Any = FundEvent(
            fund=1,  # type: ignore[arg-type]
            event=K.GRANT,
            at=dt.datetime(2027, 1, 1),  # noqa: DTZ001 - a datetime is refused
            ref=None,  # type: ignore[arg-type]
            amount=D(1),
            activity=2,  # type: ignore[arg-type]
            reason=3,  # type: ignore[arg-type]
            request=4,  # type: ignore[arg-type]
            start="s",  # type: ignore[arg-type]
            end=5,  # type: ignore[arg-type]
            incurred=dt.datetime(2027, 1, 2),  # noqa: DTZ001
            proof=(1,),  # type: ignore[arg-type]
        )

        assert fund_log_problems(["nope", odd]) == [  # type: ignore[list-item]
            (0, "", "expected a FundEvent, got 'nope'"),
            (1, "fund", "expected a string, got 1"),
            (1, "ref", "expected a string, got None"),
            (1, "activity", "expected a string, got 2"),
            (1, "reason", "expected a string, got 3"),
            (1, "request", "expected a string, got 4"),
            (
                1,
                "at",
                (
                    "expected a datetime.date, got datetime "
                    "datetime.datetime(2027, 1, 1, 0, 0); pass its .date()"
                ),
            ),
            (
                1,
                "start",
                (
                    "expected a datetime.date or None, got str 's'; "
                    "pass datetime.date.fromisoformat(...)"
                ),
            ),
            (1, "end", "expected a datetime.date or None, got int 5"),
            (
                1,
                "incurred",
                (
                    "expected a datetime.date or None, got datetime "
                    "datetime.datetime(2027, 1, 2, 0, 0); pass its .date()"
                ),
            ),
            (1, "proof", "expected strings, got (1,)"),
        ]

    def test_records_with_lone_surrogates(self) -> None:
        """Each text field holding one is named; such a record stands for nothing."""
        bad = "x\udc80"
        log = [
            _event(K.GRANT, bad, 1, "1", fund=bad, activity=bad, reason=bad),
            _event(K.CLAIM, "c", 1, "1", request=bad, proof=("INV-1", bad)),
            _event(K.GRANT, "\u00e9t\u00e9", 1, "1", activity="Caf\u00e9 \U0001f600"),
        ]

        assert fund_log_problems(log) == [
            (0, "fund", "expected valid Unicode text, got a lone surrogate"),
            (0, "ref", "expected valid Unicode text, got a lone surrogate"),
            (0, "activity", "expected valid Unicode text, got a lone surrogate"),
            (0, "reason", "expected valid Unicode text, got a lone surrogate"),
            (1, "request", "expected valid Unicode text, got a lone surrogate"),
            (1, "proof[1]", "expected valid Unicode text, got a lone surrogate"),
        ]

    def test_records_of_the_right_shape(self) -> None:
        """Days and dates of the right type pass; strings for proof pass."""
        log = [
            _event(
                K.REQUEST,
                "r1",
                1,
                "10",
                activity="Roadshow",
                start=_day(2),
                end=_day(2),
                cost=D(20),
            ),
            _event(
                K.CLAIM,
                "c1",
                3,
                "10",
                request="r1",
                incurred=_day(2),
                proof=("invoice",),
                reason="done",
            ),
        ]

        assert fund_log_problems(log) == []

    def test_records_with_bad_values(self) -> None:
        """Negative or non-finite money, an unknown kind, an activity backwards, no request."""
        log: list[Any] = [
            FundEvent(
                fund="mdf",
                event=UNREADABLE,
                at=_day(1),
                ref="x",
                amount=D(-1),
                cost=D(-2),
                start=_day(3),
                end=_day(2),
            ),
            _event(K.CLAIM, "c", 1, "1"),
            _event(K.GRANT, "n", 1, "NaN"),
            _event(K.REQUEST, "y", 1, None, cost=D("Infinity")),
            _event(K.REQUEST, "z", 1, "0", cost=D(0)),
        ]

        assert fund_log_problems(log) == [
            (
                0,
                "event",
                (
                    "expected an event kind (grant, request, approval, claim, decision, "
                    "payment), got <unreadable>"
                ),
            ),
            (0, "amount", "a negative amount, -1: amounts are at least 0"),
            (0, "cost", "a negative cost, -2: costs are at least 0"),
            (0, "end", "the activity ends (2027-01-02) before it starts (2027-01-03)"),
            (1, "request", "a claim names no request"),
            (2, "amount", "expected a finite decimal, got NaN"),
            (3, "cost", "expected a finite decimal, got Infinity"),
        ]

    def test_article_before_a_vowel(self) -> None:
        """An approval or a claim without a request is named with the right article."""
        log: list[Any] = [_event(K.APPROVAL, "a", 1, "1"), _event(K.CLAIM, "c", 1, "1")]

        assert fund_log_problems(log) == [
            (0, "request", "an approval names no request"),
            (1, "request", "a claim names no request"),
        ]


_EMPTY_REF = (
    "a record is corrected and retracted by its ref, so two records with an "
    "empty one would be one"
)


class TestEveryProblemOfARecord:
    """A record's problems are listed at once: a field of the wrong type hides no other."""

    def test_a_day_given_as_text(self) -> None:
        """The text day, the blank ref, the negative amount and the missing request, together."""
        claim = FundEvent(
            fund="mdf",
            event=K.CLAIM,
            at="2027-01-05",  # type: ignore[arg-type]
            ref=" ",
            amount=D(-1),
        )

        assert fund_log_problems([claim]) == [
            (
                0,
                "at",
                "expected a datetime.date, got str '2027-01-05'; pass datetime.date.fromisoformat(...)",
            ),
            (0, "ref", f"expected a ref, got ' ': {_EMPTY_REF}"),
            (0, "amount", "a negative amount, -1: amounts are at least 0"),
            (0, "request", "a claim names no request"),
        ]

    def test_only_what_reads_the_field_is_skipped(self) -> None:
        """A start given as text skips the activity's order; the other checks run.

        A ref that is no text is not searched for a blank or a lone
        surrogate; the activity beside it is.
        """
        request = FundEvent(
            fund="mdf",
            event=K.REQUEST,
            at=_day(1),
            ref=5,  # type: ignore[arg-type]
            amount=D(-1),
            activity="Caf\udc80",
            start="2027-01-09",  # type: ignore[arg-type]
            end=_day(2),
            cost=D(-3),
        )

        assert fund_log_problems([request]) == [
            (0, "ref", "expected a string, got 5"),
            (
                0,
                "start",
                "expected a datetime.date or None, got str '2027-01-09'; pass datetime.date.fromisoformat(...)",
            ),
            (0, "activity", "expected valid Unicode text, got a lone surrogate"),
            (0, "amount", "a negative amount, -1: amounts are at least 0"),
            (0, "cost", "a negative cost, -3: costs are at least 0"),
        ]

    @given(
        st.builds(
            _event,
            st.sampled_from(K),
            st.sampled_from(["r1", "", " "]),
            st.integers(1, 28),
            st.sampled_from([None, "0", "5", "-1", "NaN"]),
            request=st.sampled_from([None, "r1"]),
            start=st.none() | st.integers(1, 28).map(_day),
            end=st.none() | st.integers(1, 28).map(_day),
            activity=st.sampled_from(["", "Webinar", "x\udc80"]),
        )
    )
    def test_a_day_as_text_adds_its_problem_alone(self, record: FundEvent) -> None:
        """Its day given as text, a record has that problem and every one it had."""
        text = record.at.isoformat()
        broken = attrs.evolve(record, at=text)  # type: ignore[arg-type]

        assert fund_event_problems(broken) == [
            (
                "at",
                f"expected a datetime.date, got str {text!r}; pass datetime.date.fromisoformat(...)",
            ),
            *fund_event_problems(record),
        ]


class TestRefusedRequest:
    """A step of a refused request is judged against it, and says it was refused."""

    def log(self) -> list[FundEvent]:
        """Return a request that ends before it starts, approved twice, once too early."""
        return [
            _event(K.REQUEST, "r1", 10, "1000", start=_day(27), end=_day(2)),
            _event(K.APPROVAL, "a1", 1, "5000", request="r1"),
            _event(K.APPROVAL, "a2", 14, "500", request="r1"),
        ]

    def test_its_steps_are_judged_against_it(self) -> None:
        """Every problem of the steps at once, none of them "no standing request"."""
        assert fund_log_problems(self.log()) == [
            (0, "end", "the activity ends (2027-01-02) before it starts (2027-01-27)"),
            (1, "", "an approval whose request 'r1' ([0]) was refused"),
            (
                1,
                "",
                "an approval dated 2027-01-01, before its request 'r1' of 2027-01-10",
            ),
            (1, "", "an approval of 5000, above the 1000 request 'r1' asked for"),
            (2, "", "an approval whose request 'r1' ([0]) was refused"),
            (
                2,
                "",
                (
                    "a second approval of request 'r1' (ref 'a2') besides approval "
                    "'a1': a request has one approval; to change it, correct approval "
                    "'a1' (a record with ref 'a1' and the whole amount)"
                ),
            ),
        ]

    def test_named_as_the_caller_names_records(self) -> None:
        """A reader names the refused request by its line."""
        problems = fund_log_problems(self.log(), name=lambda index: f"line {index + 1}")

        assert (
            1,
            "",
            "an approval whose request 'r1' (line 1) was refused",
        ) in problems

    def test_mended_it_brings_up_nothing_new(self) -> None:
        """Once the request is mended, its steps have the problems listed before, but "refused"."""
        log = self.log()
        mended = [attrs.evolve(log[0], start=_day(2), end=_day(27)), *log[1:]]

        before, after = fund_log_problems(log), fund_log_problems(mended)

        assert after == [
            problem
            for problem in before
            if problem[0] > 0 and "refused" not in problem[2]
        ]

    def test_a_decision_and_payments_without_a_claim(self) -> None:
        """The steps missing before a payment are named, as for a request that stands."""
        log = [
            _event(K.REQUEST, "r1", 1, "1000", cost=D(-1)),
            _event(K.DECISION, "x1", 2, "0", request="r1"),
            _event(K.PAYMENT, "p1", 3, "5", request="r1"),
        ]

        assert fund_log_problems(log) == [
            (0, "cost", "a negative cost, -1: costs are at least 0"),
            (1, "", "a decision whose request 'r1' ([0]) was refused"),
            (1, "", "a decision on request 'r1', which has no claim"),
            (2, "", "a payment whose request 'r1' ([0]) was refused"),
            (2, "", "a payment of request 'r1', which has no claim"),
        ]

    def test_its_values_of_the_wrong_type_are_not_compared(self) -> None:
        """A request whose day is text: its step is not dated against it, but its amount is."""
        request = attrs.evolve(_event(K.REQUEST, "r1", 5, "10"), at="2027-01-05")  # type: ignore[arg-type]
        log = [request, _event(K.APPROVAL, "a1", 1, "20", request="r1")]

        assert fund_log_problems(log) == [
            (
                0,
                "at",
                "expected a datetime.date, got str '2027-01-05'; pass datetime.date.fromisoformat(...)",
            ),
            (1, "", "an approval whose request 'r1' ([0]) was refused"),
            (1, "", "an approval of 20, above the 10 request 'r1' asked for"),
        ]

    def test_a_later_record_of_its_ref_decides(self) -> None:
        """A refused correction leaves the request standing; a retraction leaves none."""
        request = _event(K.REQUEST, "r1", 1, "1000")
        refused = _event(K.REQUEST, "r1", 1, "900", cost=D(-1))
        approval = _event(K.APPROVAL, "a1", 2, "950", request="r1")

        assert fund_log_problems([request, refused, approval]) == [
            (1, "cost", "a negative cost, -1: costs are at least 0")
        ]
        assert fund_log_problems(
            [refused, _event(K.REQUEST, "r1", 1, None), approval]
        ) == [
            (0, "cost", "a negative cost, -1: costs are at least 0"),
            (
                2,
                "",
                (
                    "an approval for request 'r1', which fund 'mdf' has no standing "
                    "request of: [1] retracted it"
                ),
            ),
        ]

    def test_a_refused_record_is_judged_against_the_agreement(self) -> None:
        """Its fund and its day, when of the right type, are checked as a standing record's."""
        grant = _event(K.GRANT, "g1", 1, "-5", fund="other")
        request = _event(K.REQUEST, "r1", 1, "5", start=dt.date(2026, 12, 1), end="x")

        assert fund_log_problems(
            [grant, request], ["mdf"], (_day(1), dt.date(2027, 12, 31))
        ) == [
            (0, "amount", "a negative amount, -5: amounts are at least 0"),
            (0, "", "no fund (allocation with a fund) 'other'"),
            (
                1,
                "end",
                "expected a datetime.date or None, got str 'x'; pass datetime.date.fromisoformat(...)",
            ),
            (
                1,
                "",
                (
                    "a request whose activity starts 2026-12-01, outside the term "
                    "(2027-01-01 to 2027-12-31), which the fund's windows cover"
                ),
            ),
        ]

    @given(
        st.lists(
            st.tuples(
                st.sampled_from([K.APPROVAL, K.CLAIM, K.DECISION, K.PAYMENT]),
                st.integers(1, 28),
                st.sampled_from(["0", "400", "1000", "1500"]),
            ),
            max_size=6,
        ),
        st.integers(1, 28),
    )
    def test_mending_a_request_brings_up_nothing_new(
        self, steps: list[tuple[FundEventKind, int, str]], at: int
    ) -> None:
        """Whatever its steps, the log with the request mended has no problem it had not."""
        mended = [
            _event(K.REQUEST, "r1", at, "1000"),
            *(
                _event(kind, f"s{i}", day, amount, request="r1")
                for i, (kind, day, amount) in enumerate(steps)
            ),
        ]
        refused = [attrs.evolve(mended[0], cost=D(-1)), *mended[1:]]

        assert set(fund_log_problems(mended)) <= set(fund_log_problems(refused))


class TestStandingFundEvents:
    """A later record with the same fund and ref replaces one; None retracts it."""

    def test_replacement_and_retraction(self) -> None:
        """A replacement stands at the later record's place; a retraction leaves nothing."""
        log = [
            _event(K.GRANT, "g1", 1, "1"),
            _event(K.GRANT, "g2", 1, "2"),
            _event(K.GRANT, "g1", 2, "3"),
            _event(K.GRANT, "g2", 3, None),
            _event(K.GRANT, "g3", 3, "4"),
            _event(K.GRANT, "g1", 3, "5", fund="b"),
            _event(K.GRANT, "g4", 3, "-1"),
        ]

        standing, problems = standing_fund_events(log)

        assert [(index, e.fund, e.ref, e.amount) for index, e in standing] == [
            (2, "mdf", "g1", D(3)),
            (4, "mdf", "g3", D(4)),
            (5, "b", "g1", D(5)),
        ]
        assert problems == [
            (6, "amount", "a negative amount, -1: amounts are at least 0")
        ]

    def test_refs_however_composed(self) -> None:
        """R-Zürich written with u and a combining diaeresis is the same request.

        The approval finds the request it names, and the correction of the
        request replaces it: one request of 900, approved.
        """
        composed, decomposed = "R-Z\u00fcrich", "R-Zu\u0308rich"
        log = [
            _event(K.REQUEST, composed, 1, "1000"),
            _event(K.APPROVAL, "a1", 2, "900", request=decomposed),
            _event(K.REQUEST, decomposed, 1, "900"),
        ]

        standing, problems = standing_fund_events(log)

        assert [(e.event, e.ref, e.request, e.amount) for _, e in standing] == [
            (K.APPROVAL, "a1", composed, D(900)),
            (K.REQUEST, composed, None, D(900)),
        ]
        assert ([], []) == (problems, fund_log_problems(log))


def _clash(what: str, ref: str, earlier: str, where: str, cannot: str) -> str:
    """Return the problem of a record whose ref is that of another record."""
    return (
        f"{what} with ref {ref!r}, the ref of {earlier} ({where}): a later record "
        "with the same fund and ref corrects the earlier one (or retracts it, with "
        f"no amount), and {cannot}; give each record a ref of its own"
    )


def _number(ref: str) -> str:
    """Return the number a strategy's ref (``R1``, ``P1.2``) gives its request: ``1``."""
    return ref[1:].split(".", maxsplit=1)[0]


class TestRefClash:
    """A record corrects one of its own kind and request: one with the ref of another is refused."""

    def test_another_kind(self) -> None:
        """A portal that numbers each kind from 1: grant 7 is not a correction of request 7.

        The approval of the request is judged against it, not reported as
        naming no request: only the grant, which named both, is wrong.
        """
        log = [
            _event(K.REQUEST, "7", 1, "5000"),
            _event(K.APPROVAL, "A-7", 2, "5000", request="7"),
            _event(K.GRANT, "7", 3, "2000"),
        ]

        assert fund_log_problems(log, name=lambda i: f"line {i + 1}") == [
            (
                2,
                "",
                _clash(
                    "a grant",
                    "7",
                    "request '7'",
                    "line 1",
                    "a grant cannot correct a request",
                ),
            )
        ]

    def test_another_request(self) -> None:
        """One payment batch for two requests: the second payment is not a correction of the first."""
        log = [
            *(
                step
                for n, amount in (("1", "4000"), ("2", "3000"))
                for step in (
                    _event(K.REQUEST, f"R{n}", 1, amount),
                    _event(K.APPROVAL, f"A{n}", 2, amount, request=f"R{n}"),
                    _event(K.CLAIM, f"C{n}", 3, amount, request=f"R{n}"),
                )
            ),
            _event(K.PAYMENT, "PAY-0331", 4, "4000", request="R1"),
            _event(K.PAYMENT, "PAY-0331", 4, "3000", request="R2"),
        ]

        assert fund_log_problems(log) == [
            (
                7,
                "",
                _clash(
                    "a payment of request 'R2'",
                    "PAY-0331",
                    "payment 'PAY-0331' of request 'R1'",
                    "[6]",
                    "a payment of one request cannot correct that of another",
                ),
            )
        ]

    def test_a_retraction_of_another_kind(self) -> None:
        """A grant's retraction with a request's ref retracts nothing: the request stands."""
        log = [
            _event(K.REQUEST, "R1", 1, "1000"),
            _event(K.GRANT, "R1", 2, None),
            _event(K.APPROVAL, "A1", 3, "1000", request="R1"),
        ]

        assert fund_log_problems(log) == [
            (
                1,
                "",
                _clash(
                    "a retraction of a grant",
                    "R1",
                    "request 'R1'",
                    "[0]",
                    "a grant cannot retract a request",
                ),
            )
        ]

    def test_corrections_and_retractions_stand(self) -> None:
        """A correction of the same kind and request replaces; a step's retraction may leave its request out."""
        log = [
            _event(K.REQUEST, "R1", 1, "1000"),
            _event(K.REQUEST, "R1", 1, "1200"),
            _event(K.APPROVAL, "A1", 2, "1200", request="R1"),
            _event(K.CLAIM, "C1", 3, "1300", request="R1"),
            _event(K.CLAIM, "C1", 3, "1200", request="R1"),
            _event(K.PAYMENT, "P1", 4, "200", request="R1"),
            _event(K.PAYMENT, "P1", 4, None),
            _event(K.PAYMENT, "P2", 5, "1200", request="R1"),
        ]

        standing, problems = standing_fund_events(log)

        assert ([], []) == (problems, fund_log_problems(log))
        assert [1, 2, 4, 7] == [index for index, _ in standing]

    def test_a_retracted_ref_is_free(self) -> None:
        """Once its record is retracted, a ref may be given to a record of another kind."""
        log = [
            _event(K.GRANT, "7", 1, "500"),
            _event(K.GRANT, "7", 2, None),
            _event(K.REQUEST, "7", 3, "1000"),
        ]

        assert [] == fund_log_problems(log)
        assert [(2, K.REQUEST)] == [
            (i, e.event) for i, e in standing_fund_events(log)[0]
        ]

    def test_a_refused_record_is_compared_too(self) -> None:
        """A grant refused for its amount and reusing a request's ref: both problems at once."""
        log = [_event(K.REQUEST, "7", 1, "5000"), _event(K.GRANT, "7", 3, "-2")]

        assert fund_log_problems(log) == [
            (1, "amount", "a negative amount, -2: amounts are at least 0"),
            (
                1,
                "",
                _clash(
                    "a grant",
                    "7",
                    "request '7'",
                    "[0]",
                    "a grant cannot correct a request",
                ),
            ),
        ]

    def test_a_retracted_request_is_named(self) -> None:
        """A step of a request that a later record retracted says which record did."""
        log = [
            _event(K.REQUEST, "R1", 1, "1000"),
            _event(K.APPROVAL, "A1", 2, "1000", request="R1"),
            _event(K.REQUEST, "R1", 3, None),
        ]

        assert fund_log_problems(log, name=lambda i: f"line {i + 1}") == [
            (
                1,
                "",
                (
                    "an approval for request 'R1', which fund 'mdf' has no standing "
                    "request of: line 3 retracted it"
                ),
            )
        ]

    @given(
        agreements_with_fund_events(
            max_parties=2,
            max_metrics=1,
            max_goals=1,
            max_contributions=1,
            max_allocations=1,
            max_incentives=0,
            max_clauses=0,
            max_reviews=0,
            max_remedies=0,
        )
    )
    def test_refs_shared_across_kinds(
        self, pair: tuple[Agreement, tuple[FundEvent, ...]]
    ) -> None:
        """Numbered per kind (G1, R1, A1, C1, D1 and P1.1 all ref 1): clashes only, no money lost.

        Whatever else the log holds, the problems are the clashes alone, as
        each record is judged as it would be with its own ref; and two
        records of the log that stand, of other kinds or requests, whose
        refs now meet, make one clash at least.
        """
        _, log = pair
        numbered = [
            attrs.evolve(
                e, ref=_number(e.ref), request=e.request and _number(e.request)
            )
            for e in log
        ]
        standing = [event for _, event in standing_fund_events(log)[0]]

        clashes = fund_log_problems(numbered)

        assert all("give each record a ref of its own" in m for _, _, m in clashes)
        met = {(e.fund, _number(e.ref)) for e in standing}
        if len(met) < len({(e.fund, e.ref) for e in standing}):
            assert clashes


class TestOneStepEach:
    """A request has one approval, one claim and one decision: a second is refused, not lost."""

    @pytest.mark.parametrize(
        ("kind", "step"),
        [(K.APPROVAL, "approval"), (K.CLAIM, "claim"), (K.DECISION, "decision")],
    )
    def test_a_second_ref(self, kind: FundEventKind, step: str) -> None:
        """A 6000 and a 4000 step of one request with two refs: the second is named."""
        log = [
            _event(K.REQUEST, "r1", 1, "10000"),
            _event(K.APPROVAL, "a0", 2, "10000", request="r1"),
            _event(K.CLAIM, "c0", 3, "10000", request="r1"),
            _event(kind, "x1", 4, "6000", request="r1"),
            _event(kind, "x2", 5, "4000", request="r1"),
        ]
        log = [e for e in log if e.event is not kind or e.ref != f"{step[0]}0"]
        second = len(log) - 1

        assert fund_log_problems(log) == [
            (
                second,
                "",
                (
                    f"a second {step} of request 'r1' (ref 'x2') besides {step} "
                    f"'x1': a request has one {step}; to change it, correct {step} "
                    "'x1' (a record with ref 'x1' and the whole amount)"
                ),
            )
        ]

    def test_corrected_with_the_same_ref(self) -> None:
        """The fix: the step corrected to the whole amount with its own ref, or retracted first."""
        log = [
            _event(K.REQUEST, "r1", 1, "10000"),
            _event(K.APPROVAL, "a1", 2, "6000", request="r1"),
            _event(K.APPROVAL, "a1", 2, "10000", request="r1"),
            _event(K.CLAIM, "c1", 3, "4000", request="r1"),
            _event(K.CLAIM, "c1", 3, None, request="r1"),
            _event(K.CLAIM, "c2", 4, "10000", request="r1"),
        ]

        assert fund_log_problems(log) == []

    def test_payments_add_up(self) -> None:
        """Payments are many: two refs of one request add up to the claim."""
        log = [
            _event(K.REQUEST, "r1", 1, "10000"),
            _event(K.APPROVAL, "a1", 2, "10000", request="r1"),
            _event(K.CLAIM, "c1", 3, "10000", request="r1"),
            _event(K.PAYMENT, "p1", 4, "4000", request="r1"),
            _event(K.PAYMENT, "p2", 5, "6000", request="r1"),
        ]

        assert fund_log_problems(log) == []


class TestAboveItsClaim:
    """A decision accepts at most what was claimed, so nothing is paid above the claim."""

    def test_decision_above_the_claim(self) -> None:
        """A 4500 decision on a 3000 claim is refused, and so is the 4500 payment it let through."""
        log = [
            _event(K.REQUEST, "r1", 1, "5000"),
            _event(K.APPROVAL, "a1", 2, "5000", request="r1"),
            _event(K.CLAIM, "c1", 3, "3000", request="r1"),
            _event(K.DECISION, "d1", 4, "4500", request="r1"),
            _event(K.PAYMENT, "p1", 5, "4500", request="r1"),
        ]

        assert fund_log_problems(log) == [
            (
                3,
                "",
                "a decision accepting 4500, above the 3000 claimed of request 'r1'",
            ),
            (4, "", "payments of request 'r1' reach 4500, above the 3000 claimed"),
        ]

    def test_decision_equal_to_the_claim(self) -> None:
        """Accepting the whole claim is fine."""
        log = [
            _event(K.REQUEST, "r1", 1, "5000"),
            _event(K.CLAIM, "c1", 3, "3000", request="r1"),
            _event(K.DECISION, "d1", 4, "3000", request="r1"),
        ]

        assert fund_log_problems(log) == []


class TestEmptyRef:
    """A record's ref holds text: two empty refs would be one record, money lost."""

    @pytest.mark.parametrize("ref", ["", "  ", "\u3000"])
    def test_refused(self, ref: str) -> None:
        """An empty or blank ref is a problem of the record, with what it would do."""
        log = [_event(K.GRANT, ref, 1, "5"), _event(K.GRANT, ref, 2, "7")]

        assert fund_log_problems(log) == [
            (
                index,
                "ref",
                (
                    f"expected a ref, got {ref!r}: a record is corrected and "
                    "retracted by its ref, so two records with an empty one would be one"
                ),
            )
            for index in (0, 1)
        ]

    @pytest.mark.parametrize("ref", ["", "  ", "\u3000"])
    def test_a_blank_request_names_none(self, ref: str) -> None:
        """A step, its retraction or a grant naming a blank request: refused at the request.

        No record has a blank ref, so a blank request can name none; it is
        refused as the record's own problem, not reported as a request the
        log does not hold.
        """
        log = [
            _event(K.APPROVAL, "a1", 1, "5", request=ref),
            _event(K.APPROVAL, "a1", 2, None, request=ref),
            _event(K.GRANT, "g1", 1, "5", request=ref),
        ]
        blank = (
            f"expected a ref, got {ref!r}: a request's ref is never empty or "
            "spaces only, so this names no request"
        )

        assert fund_log_problems(log) == [
            (index, "request", blank) for index in (0, 1, 2)
        ]


class TestFundLogEdges:
    """A fund log at the edges of its checks."""

    def test_approval_equal_to_the_claim(self) -> None:
        """With the approval equal to the claim, the claim is the ceiling named."""
        log = [
            _event(K.REQUEST, "r1", 1, "1000"),
            _event(K.APPROVAL, "a1", 2, "600", request="r1"),
            _event(K.CLAIM, "c1", 3, "600", request="r1"),
            _event(K.PAYMENT, "p1", 5, "601", request="r1"),
        ]

        assert fund_log_problems(log) == [
            (3, "", "payments of request 'r1' reach 601, above the 600 claimed")
        ]

    def test_records_that_are_no_step_of_a_request(self) -> None:
        """A grant or a request naming a request is not checked as a step of one."""
        log = [
            _event(K.GRANT, "g1", 1, "10", request="nope"),
            _event(K.REQUEST, "r1", 1, "10", request="other"),
        ]

        assert fund_log_problems(log) == []
