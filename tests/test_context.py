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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit import (
    Agreement,
    FundEvent,
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
from mutualcommit.rules import report_to_dict
from mutualcommit.scenarios import project
from mutualcommit.testing.strategies import (
    agreements_with_fund_events,
    observations,
)

EXAMPLES = Path(__file__).parent.parent / "examples"
_STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

#: Contexts a host may run in: few digits rounding down, and one that traps
#: every signal (an inexact or rounded result, a tiny exponent range).
HOSTILE = {
    "three-digits-down": decimal.Context(prec=3, rounding=decimal.ROUND_DOWN),
    "traps-everything": decimal.Context(
        prec=60, Emax=6, Emin=-6, traps=list(decimal.Context().flags)
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
    subjects: list[object] = [agreement, scorecard, report, plan]
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
