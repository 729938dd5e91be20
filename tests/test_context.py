"""The caller's decimal context changes nothing the library computes.

A host sets its own `decimal` context (a money application may keep four
digits, round down, or trap every inexact result); the library computes in
its own, so every result, document and check is the same under any caller
context, and none raises a trap the caller set. One law over every public
output that computes with decimals, on generated agreements, logs and fund
logs, and the two field cases by hand.
"""

from __future__ import annotations

import datetime as dt
import decimal
import subprocess
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit import (
    Agreement,
    FundEvent,
    InvalidFundEventsError,
    Observation,
    check,
    dumps,
    evaluate,
    evaluate_series,
    exceptions,
    fund_ledger,
    load_fund_events,
    load_observations,
    loads,
    receipt,
    render,
)
from mutualcommit.calendar import NoReviewsError, to_ical
from mutualcommit.kpi import exception_report_to_dict, funds_to_dict, scorecard_to_dict
from mutualcommit.portfolio import check_and_evaluate_many, summarize, summary_to_dict
from mutualcommit.render import Renderable
from mutualcommit.rules import report_to_dict
from mutualcommit.scenarios import project
from mutualcommit.testing.strategies import (
    agreements_with_fund_events,
    observations,
)

EXAMPLES = Path(__file__).parent.parent / "examples"
_STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

#: Contexts a host may run in: few digits rounding down, one that traps
#: every signal (an inexact or rounded result, a tiny exponent range), and
#: few digits with every trap set.
HOSTILE = {
    "three-digits-down": decimal.Context(prec=3, rounding=decimal.ROUND_DOWN),
    "traps-everything": decimal.Context(
        prec=60, Emax=6, Emin=-6, traps=list(decimal.Context().flags)
    ),
    "three-digits-trapping": decimal.Context(
        prec=3, traps=list(decimal.Context().flags)
    ),
}


def _outputs(
    agreement: Agreement,
    log: Sequence[Observation],
    events: Sequence[FundEvent] | None,
    as_of: dt.date,
) -> dict[str, Any]:
    """Every output the library computes with decimals, as plain values."""
    found: dict[str, Any] = {
        "dumps": dumps(agreement) + dumps(agreement, canonical=True),
        "fingerprint": agreement.fingerprint(),
    }
    report = check(agreement, as_of=as_of, observations=log, fund_events=events)
    scorecard = evaluate(agreement, log, as_of=as_of)
    plan = exceptions(agreement, log, as_of=as_of)
    found["report"] = report_to_dict(report)
    found["scorecard"] = scorecard_to_dict(scorecard)
    found["records"] = [
        scorecard.to_records(table) for table in ("targets", "incentives", "remedies")
    ]
    found["positions"] = [scorecard.net_position(p.id) for p in agreement.parties]
    found["series"] = [
        scorecard_to_dict(card)
        for card in evaluate_series(agreement, log, [agreement.start, as_of])
    ]
    found["exceptions"] = exception_report_to_dict(plan)
    found["receipts"] = (receipt(scorecard, log), receipt(plan, log))
    subjects: list[Renderable] = [agreement, scorecard, report, plan]
    if events is not None:
        ledgers = fund_ledger(agreement, events, as_of=as_of)
        found["funds"] = funds_to_dict(ledgers, as_of=as_of)
        found["fund records"] = [
            ledger.to_records(table)
            for ledger in ledgers
            for table in ("windows", "requests")
        ]
        subjects.append(ledgers)
    found["documents"] = [
        render(subject, locale=locale, format="text", as_of=as_of)
        for subject in subjects
        for locale in ("en", "de")
    ]
    found["summary"] = summary_to_dict(
        summarize(
            check_and_evaluate_many([agreement], {agreement.id: log}, as_of=as_of)
        )
    )
    projection = project(agreement, log, as_of=as_of, runs=20, seed=1)
    found["projection"] = [
        projection.to_records(table) for table in ("targets", "incentives")
    ]
    try:
        found["calendar"] = to_ical(agreement, dtstamp=_STAMP)
    except NoReviewsError as error:
        found["calendar"] = str(error)
    return found


def _alike(outputs: Callable[[], dict[str, Any]]) -> None:
    """Assert *outputs* gives the same under every hostile context as under the default."""
    expected = outputs()
    for name, context in HOSTILE.items():
        with decimal.localcontext(context):
            found = outputs()
        assert [key for key in expected if expected[key] != found[key]] == [], name


class TestCallersContext:
    """Whatever context the caller computes in, the results are the same."""

    @given(data=st.data())
    def test_generated(self, data: st.DataObject) -> None:
        """Generated agreements with a log and a fund log: every output alike."""
        agreement, events = data.draw(agreements_with_fund_events())
        log = data.draw(observations(agreement))
        as_of = data.draw(st.dates(agreement.start, agreement.end + dt.timedelta(60)))

        _alike(lambda: _outputs(agreement, log, events, as_of))

    @pytest.mark.parametrize(
        ("case", "as_of"),
        [
            ("it_vendor", dt.date(2026, 9, 30)),
            ("it_vendor", dt.date(2027, 1, 31)),
            ("manufacturer", dt.date(2026, 12, 31)),
            ("manufacturer", dt.date(2027, 4, 30)),
        ],
    )
    def test_field_cases(self, case: str, as_of: dt.date) -> None:
        """Both field cases, reading their files too, mid-term and after it."""
        folder = EXAMPLES / case
        funds = folder / "fund_events.jsonl"

        def outputs() -> dict[str, Any]:
            agreement = loads((folder / "agreement.json").read_bytes())
            log = load_observations((folder / "observations.jsonl").read_bytes())
            events = load_fund_events(funds.read_bytes()) if funds.exists() else None
            return _outputs(agreement, log, events, as_of)

        _alike(outputs)


class TestFundLog:
    """A fund log's payments are added up in the library's context."""

    def _log(self, paid: str) -> list[FundEvent]:
        """A request, approval and claim of 12,000, and two payments adding to *paid*."""
        fund = "acme-mdf-budget"
        day = dt.date(2026, 3, 1)
        about: dict[str, Any] = {"fund": fund, "at": day, "request": "R-1"}
        return [
            FundEvent(
                fund=fund,
                event="request",
                at=day,
                ref="R-1",
                amount=Decimal(12000),
                activity="Webinar",
                start=day,
                end=day,
                cost=Decimal(24000),
            ),
            FundEvent(event="approval", ref="A-1", amount=Decimal(12000), **about),
            FundEvent(event="claim", ref="C-1", amount=Decimal(12000), **about),
            FundEvent(event="payment", ref="P-1", amount=Decimal(6000), **about),
            FundEvent(event="payment", ref="P-2", amount=Decimal(paid) - 6000, **about),
        ]

    @pytest.mark.parametrize("name", list(HOSTILE))
    def test_overpayment_refused(self, name: str) -> None:
        """12,000.80 paid on 12,000 is refused, which three digits read as 1.20E+4."""
        agreement = loads((EXAMPLES / "it_vendor" / "agreement.json").read_bytes())
        log = self._log("12000.80")

        with (
            decimal.localcontext(HOSTILE[name]),
            pytest.raises(InvalidFundEventsError) as caught,
        ):
            fund_ledger(agreement, log, as_of=dt.date(2026, 6, 30))

        assert "payments of request 'R-1' reach 12000.80, above the 12000" in str(
            caught.value
        )

    @pytest.mark.parametrize("name", list(HOSTILE))
    def test_payment_in_full_accepted(self, name: str) -> None:
        """11,999.60 paid on 12,000 stands, whatever the caller's context."""
        agreement = loads((EXAMPLES / "it_vendor" / "agreement.json").read_bytes())
        log = self._log("11999.60")

        with decimal.localcontext(HOSTILE[name]):
            (ledger,) = fund_ledger(agreement, log, as_of=dt.date(2026, 6, 30))

        assert Decimal("11999.60") == sum(r.paid for r in ledger.requests)


def test_first_import_under_a_trapping_context() -> None:
    """Importing every module first under a context that traps all is no error.

    The library loads its parts on first use, in whatever context the caller
    is in then: a module's constants must not compute in it.
    """
    code = (
        "import decimal, importlib, pkgutil, mutualcommit\n"
        "decimal.setcontext(decimal.Context(prec=3, traps=list(decimal.Context().flags)))\n"
        "for m in pkgutil.walk_packages(mutualcommit.__path__, 'mutualcommit.'):\n"
        "    if not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )

    assert (0, "") == (done.returncode, done.stderr)
