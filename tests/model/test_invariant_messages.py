"""The exact problems of invalid agreements: each message word for word, at its path.

`InvalidAgreementError` lists every broken invariant as a ``(path, message)``
pair, and a document's reader reports the same pairs under ``$``. These
tests spell them out, for agreements built in Python (any value, of any
type) and for documents read by `from_dict` and `loads` (whose typed
readers check the same invariants by a faster route).
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from tests.conftest import tampered, tampered_calendar

from mutualcommit.errors import (
    FormatError,
    InvalidAgreementError,
    InvalidFieldsError,
    InvalidObservationsError,
)
from mutualcommit.model import (
    UNREADABLE,
    Agreement,
    ExceptionCriterion,
    FiscalCalendar,
    FundEvent,
    Metric,
    Observation,
    Quantity,
    Remedy,
    Tier,
)
from mutualcommit.model._funds import fund_log_problems
from mutualcommit.serialize import (
    dumps,
    from_dict,
    loads,
    observation_from_dict,
    to_dict,
)

from .conftest import make_agreement
from .test_invariants import changed

Problems = list[tuple[str, str]]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

IDENTIFIER_RULE = (
    "expected an identifier (a letter or digit, then up to 127 of letters, "
    "digits, '.', '_', ':', '-'), got "
)
VERSION_RULE = "expected a whole number from 1 to 9007199254740991, got "
BREACHES_RULE = "expected a whole number of breached windows from 1 to 100000, got "
UNIT_RULE = (
    "expected a three-letter upper-case currency code or one of "
    "count, percent, fte, hour, day; got "
)


def _eur(amount: int | str) -> Quantity:
    return Quantity(amount=Decimal(amount), unit="EUR")


class _Day(dt.date):
    """A date of a subclass of `datetime.date`, as other libraries make."""

    __slots__ = ()


def problems(agreement: Agreement, path: str, new: Any) -> Problems:
    """Return the problems of *agreement* with the value at *path* replaced."""
    with pytest.raises(InvalidAgreementError) as caught:
        changed(agreement, path, new)
    return list(caught.value.problems)


def _remedy(**fields: Any) -> Remedy:
    """Return a sound remedy on the reference agreement, with *fields* changed."""
    sound: dict[str, Any] = {
        "id": "late",
        "title": "Late pipeline",
        "payer": "globex",
        "beneficiary": "acme",
        "goal": "pipeline",
        "amount": _eur(100),
    }
    return Remedy(**(sound | fields))


def _criterion(**fields: Any) -> ExceptionCriterion:
    """Return a sound exception criterion, with *fields* changed."""
    sound: dict[str, Any] = {
        "id": "dip",
        "title": "Revenue dip",
        "measure": "revenue",
        "owner": "globex",
        "resolve_within_days": 30,
        "lower": Decimal(1),
    }
    return ExceptionCriterion(**(sound | fields))


#: Values of the wrong type, or that no document can hold: (path, new, problems).
MODEL_CASES: dict[str, tuple[str, Any, Problems]] = {
    "title not text": ("title", 5, [("title", "expected a string, got int 5")]),
    "title lone surrogate": (
        "title",
        "caf\udce9",
        [("title", "expected valid Unicode text, got a lone surrogate")],
    ),
    "title non-ascii": ("title", "Café × Globex", []),
    "agreement title blank, not ASCII": (
        "title",
        "\u00a0",
        [("title", "expected a non-empty string")],
    ),
    "clause text blank": (
        "clauses[0].text",
        " \n\t ",
        [("clauses[0].text", "expected a non-empty string")],
    ),
    "description blank, not ASCII": ("goals[0].description", "\u2003", []),
    "notes in Greek": (
        "reviews[0].notes",
        "\u03c3\u03b7\u03bc\u03b5\u03af\u03c9\u03c3\u03b7",
        [],
    ),
    "a date of a date's subclass": ("reviews[0].held_on", _Day(2026, 3, 31), []),
    "a due date of a date's subclass": ("goals[1].target.due", _Day(2026, 12, 1), []),
    "name lone surrogate, not blank": (
        "parties[0].name",
        "\udce9",
        [("parties[0].name", "expected valid Unicode text, got a lone surrogate")],
    ),
    "name not text": (
        "parties[0].name",
        None,
        [("parties[0].name", "expected a string, got NoneType None")],
    ),
    "id not text": ("id", 7, [("id", IDENTIFIER_RULE + "int 7")]),
    "start a datetime": (
        "start",
        dt.datetime(2026, 1, 1, 9, 30),  # noqa: DTZ001 - a value of the wrong type
        [
            (
                "start",
                "expected a datetime.date, got datetime datetime.datetime(2026, 1, 1, 9, 30); pass its .date()",
            )
        ],
    ),
    "end not a date": (
        "end",
        "2026-12-31",
        [
            (
                "end",
                "expected a datetime.date, got str '2026-12-31'; pass datetime.date.fromisoformat(...)",
            )
        ],
    ),
    "currency not text": (
        "currency",
        978,
        [("currency", "expected a three-letter upper-case code, got int 978")],
    ),
    "version a boolean": (
        "version",
        True,
        [("version", VERSION_RULE + "bool True")],
    ),
    "version a string of 58": (
        "version",
        "x" * 58,
        [
            (
                "version",
                VERSION_RULE + "str '" + "x" * 58 + "'",
            )
        ],
    ),
    "version a string of 59": (
        "version",
        "x" * 59,
        [
            (
                "version",
                VERSION_RULE + "str '" + "x" * 56 + "...",
            )
        ],
    ),
    "version 0": (
        "version",
        0,
        [("version", VERSION_RULE + "int 0")],
    ),
    "version of 64 bits": (
        "version",
        -(2**64 - 1),
        [("version", VERSION_RULE + f"int {-(2**64 - 1)}")],
    ),
    "version of 65 bits": (
        "version",
        -(2**64),
        [("version", VERSION_RULE + "an integer of 65 bits")],
    ),
    "fiscal calendar not one": (
        "fiscal_calendar",
        4,
        [("fiscal_calendar", "expected a FiscalCalendar, got int 4")],
    ),
    "start month a boolean": (
        "fiscal_calendar",
        tampered_calendar(start_month=True),
        [
            (
                "fiscal_calendar.start_month",
                "expected a month number 1-12, got bool True",
            )
        ],
    ),
    "start month text": (
        "fiscal_calendar",
        tampered_calendar(start_month="4", naming="fiscal"),
        [
            (
                "fiscal_calendar.start_month",
                "expected a month number 1-12, got str '4'",
            ),
            ("fiscal_calendar.naming", "expected 'end' or 'start', got str 'fiscal'"),
        ],
    ),
    "a party not a party": (
        "parties",
        lambda a: (*a.parties, "nobody"),
        [("parties[3]", "expected a Party, got str 'nobody'")],
    ),
    "capacity not a quantity": (
        "parties[0].capacity",
        (5,),
        [("parties[0].capacity[0]", "expected a Quantity, got int 5")],
    ),
    "capacity in no unit": (
        "parties[0].capacity",
        (Quantity(amount=Decimal(1), unit=None),),  # type: ignore[arg-type]
        [("parties[0].capacity[0].unit", UNIT_RULE + "NoneType None")],
    ),
    "reference not text": (
        "contributions[0].party",
        5,
        [("contributions[0].party", "expected the id of a party, got int 5")],
    ),
    "supports not text": (
        "contributions[0].supports",
        ("pipeline", 5, "pipeline"),
        [
            ("contributions[0].supports[1]", "expected the id of a goal, got int 5"),
            ("contributions[0].supports[2]", "goal 'pipeline' is named twice"),
        ],
    ),
    "where not strings": (
        "goals[0].target.where",
        {"party": 1, 2: "globex"},
        [
            ("goals[0].target.where.party", "expected a string, got int 1"),
            ("goals[0].target.where", "expected string keys, got int 2"),
        ],
    ),
    "where keys the same in NFC": (
        "goals[0].target.where",
        {"r\u00e9gion": "west", "re\u0301gion": "east"},
        [
            (
                'goals[0].target.where["re\\u0301gion"]',
                "a second key that is the same text in Unicode NFC form",
            )
        ],
    ),
    "where text not in NFC": (
        "goals[0].target.where",
        {"re\u0301gion": "I\u0302le"},
        [],
    ),
    "target not a target": (
        "goals[0].target",
        "cosell-opps",
        [("goals[0].target", "expected a Target, got str 'cosell-opps'")],
    ),
    "step not a step": (
        "goals[1].target.steps",
        lambda a: (a.goals[1].target.steps[0], None),
        [("goals[1].target.steps[1]", "expected a Step, got NoneType None")],
    ),
    "tier not a tier": (
        "incentives[1].tiers",
        lambda a: (*a.incentives[1].tiers, "platinum"),
        [("incentives[1].tiers[2]", "expected a Tier, got str 'platinum'")],
    ),
    "review rule not text": (
        "review_rule",
        3,
        [("review_rule", "expected RRULE text, got int 3")],
    ),
    "signature not a signature": (
        "signatures",
        lambda a: (*a.signatures, "acme"),
        [("signatures[1]", "expected a Signature, got str 'acme'")],
    ),
    "extensions not a mapping": (
        "extensions",
        5,
        [("extensions", "expected a mapping, got int 5")],
    ),
    "extensions not JSON": (
        "parties[1].extensions",
        {
            "big": 2**1024,
            "bigger": -(2**1024),
            "limit": 2**1023,
            "inf": float("-inf"),
            "nan": float("nan"),
            "fine": 1.5,
            "set": {1},
            "list": ["ok", 2**1024, None, True],
            "keys": {1: "one"},
            "text": "\udce9",
            "nested": {"deep": {"deeper": ("a", float("inf"))}},
        },
        [
            (
                "parties[1].extensions.big",
                "expected a number a double can hold, got an integer of 1025 bits",
            ),
            (
                "parties[1].extensions.bigger",
                "expected a number a double can hold, got an integer of 1025 bits",
            ),
            ("parties[1].extensions.inf", "expected a finite JSON number, got -inf"),
            ("parties[1].extensions.nan", "expected a finite JSON number, got nan"),
            ("parties[1].extensions.set", "expected a JSON value, got set {1}"),
            (
                "parties[1].extensions.list[1]",
                "expected a number a double can hold, got an integer of 1025 bits",
            ),
            ("parties[1].extensions.keys", "expected string keys, got int 1"),
            (
                "parties[1].extensions.text",
                "expected valid Unicode text, got a lone surrogate",
            ),
            (
                "parties[1].extensions.nested.deep.deeper[1]",
                "expected a finite JSON number, got inf",
            ),
        ],
    ),
    # Host data the canonical form writes as it is held: both keys stay.
    "extensions keys the same in NFC": (
        "extensions",
        {"caf\u00e9": 1, "cafe\u0301": 2, "x": {"\u00c5": 1, "\u212b": 2}},
        [],
    ),
    "days of 65 bits": (
        "exception_criteria",
        (_criterion(resolve_within_days=2**64),),
        [
            (
                "exception_criteria[0].resolve_within_days",
                (
                    "expected a whole number of days from 0 to 36525, "
                    "got an integer of 65 bits"
                ),
            )
        ],
    ),
    "termination after text": (
        "remedies",
        (_remedy(termination_after="3"),),
        [("remedies[0].termination_after", BREACHES_RULE + "str '3'")],
    ),
    "remedy amount in no unit": (
        "remedies",
        (_remedy(amount=Quantity(amount=Decimal(5), unit=None)),),  # type: ignore[arg-type]
        [
            # Once: not again as "expected a currency" in its terms.
            ("remedies[0].amount.unit", UNIT_RULE + "NoneType None"),
        ],
    ),
    "remedy amount in a plain unit": (
        "remedies",
        (_remedy(amount=Quantity(amount=Decimal(5), unit="count")),),
        [("remedies[0].amount.unit", "expected a currency, got str 'count'")],
    ),
    # "10 percent" typed for a bonus of 10 %: paid and netted as a currency.
    "bonus in percent": (
        "incentives[2].tiers",
        (
            Tier(
                threshold=Decimal(1),
                amount=Quantity(amount=Decimal(10), unit="percent"),
            ),
        ),
        [
            (
                "incentives[2].tiers[0].amount.unit",
                "expected a currency, got str 'percent'",
            )
        ],
    ),
}


class TestModelProblems:
    """An agreement built with a broken value names each problem exactly."""

    @pytest.mark.parametrize(
        ("path", "new", "expected"), list(MODEL_CASES.values()), ids=list(MODEL_CASES)
    )
    def test_problems(
        self, agreement: Agreement, path: str, new: Any, expected: Problems
    ) -> None:
        """The error lists the expected (path, message) pairs, in order."""
        if callable(new):
            new = new(agreement)
        if not expected:
            changed(agreement, path, new)
            return
        assert expected == problems(agreement, path, new)


Edit = Callable[[dict[str, Any]], None]


def put(*path: str | int, value: object) -> Edit:
    """Return an edit that sets the member or item at *path* of a document."""

    def edit(document: dict[str, Any]) -> None:
        parent: Any = document
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = value

    return edit


def edits(*steps: Edit) -> Edit:
    """Return an edit that makes each of *steps* in turn."""

    def edit(document: dict[str, Any]) -> None:
        for step in steps:
            step(document)

    return edit


def _eur_doc(amount: str) -> dict[str, str]:
    return {"amount": amount, "unit": "EUR"}


def _remedy_doc(**fields: Any) -> dict[str, Any]:
    sound: dict[str, Any] = {
        "id": "late",
        "title": "Late pipeline",
        "payer": "globex",
        "beneficiary": "acme",
        "goal": "pipeline",
        "amount": _eur_doc("100"),
    }
    return {k: v for k, v in (sound | fields).items() if v is not None}


def _criterion_doc(**fields: Any) -> dict[str, Any]:
    sound: dict[str, Any] = {
        "id": "dip",
        "title": "Revenue dip",
        "measure": "revenue",
        "owner": "globex",
        "resolve_within_days": 30,
        "lower": "1",
    }
    return {k: v for k, v in (sound | fields).items() if v is not None}


def remedy(**fields: Any) -> Edit:
    """Return an edit that gives the document one remedy, *fields* changed."""
    return put("remedies", value=[_remedy_doc(**fields)])


def criterion(**fields: Any) -> Edit:
    """Return an edit that gives the document one exception criterion."""
    return put("exception_criteria", value=[_criterion_doc(**fields)])


#: Broken invariants a document can hold: (edit, problems, paths without "$").
DOCUMENT_CASES: dict[str, tuple[Edit, Problems]] = {
    "blank agreement title": (
        put("title", value=" \t"),
        [("title", "expected a non-empty string")],
    ),
    "malformed id": (
        put("id", value="-acme"),
        [("id", IDENTIFIER_RULE + "str '-acme'")],
    ),
    "end before start": (
        put("end", value="2025-12-31"),
        [("end", "the term ends (2025-12-31) before it starts (2026-01-01)")],
    ),
    "one-day term": (
        edits(put("end", value="2026-01-01"), put("reviews", value=[])),
        [],
    ),
    "currency in lower case": (
        put("currency", value="eur"),
        [("currency", "expected a three-letter upper-case code, got str 'eur'")],
    ),
    "start month 0 and 13": (
        put("fiscal_calendar", value={"start_month": 0, "naming": "end"}),
        [("fiscal_calendar.start_month", "expected a month number 1-12, got int 0")],
    ),
    "start month 13": (
        put("fiscal_calendar", value={"start_month": 13}),
        [("fiscal_calendar.start_month", "expected a month number 1-12, got int 13")],
    ),
    "start months 1 and 12": (put("fiscal_calendar", value={"start_month": 12}), []),
    "version 0": (
        put("version", value=0),
        [("version", VERSION_RULE + "int 0")],
    ),
    "blank party name": (
        put("parties", 1, "name", value=""),
        [("parties[1].name", "expected a non-empty string")],
    ),
    "malformed party id": (
        put("parties", 2, "id", value="in itech"),
        [
            ("parties[2].id", IDENTIFIER_RULE + "str 'in itech'"),
            (
                "contributions[2].party",
                (
                    "no party with id 'initech' "
                    "(party 'in itech' differs only in white space; its id is refused)"
                ),
            ),
        ],
    ),
    "malformed goal id": (
        put("goals", 2, "id", value="spare goal"),
        [("goals[2].id", IDENTIFIER_RULE + "str 'spare goal'")],
    ),
    "a party twice": (
        put("parties", 2, "id", value="globex"),
        [
            ("parties[2].id", "duplicate party id 'globex'"),
            ("contributions[2].party", "no party with id 'initech'"),
        ],
    ),
    "a second capacity in a unit": (
        put(
            "parties",
            0,
            "capacity",
            value=[_eur_doc("1"), _eur_doc("2"), _eur_doc("3")],
        ),
        [
            ("parties[0].capacity[1].unit", "a second capacity in EUR"),
            ("parties[0].capacity[2].unit", "a second capacity in EUR"),
        ],
    ),
    "negative capacity in a bad unit": (
        put("parties", 1, "capacity", value=[{"amount": "-2", "unit": "Fte"}]),
        [
            ("parties[1].capacity[0].amount", "expected a value of at least 0, got -2"),
            (
                "parties[1].capacity[0].unit",
                UNIT_RULE + "str 'Fte'" + ' (did you mean "fte"?)',
            ),
        ],
    ),
    "capacity in a unit of no kind": (
        put("parties", 1, "capacity", value=[{"amount": "2", "unit": "Fte"}]),
        [
            (
                "parties[1].capacity[0].unit",
                UNIT_RULE + "str 'Fte'" + ' (did you mean "fte"?)',
            )
        ],
    ),
    "allocation in euro": (
        put("allocations", 0, "amount", value={"amount": "5", "unit": "euro"}),
        [("allocations[0].amount.unit", UNIT_RULE + "str 'euro'")],
    ),
    "metric in a bad unit, reported by nobody": (
        edits(
            put("metrics", 3, "unit", value="points"),
            put("metrics", 3, "reported_by", value="nobody"),
            put("metrics", 3, "name", value=" "),
        ),
        [
            ("metrics[3].name", "expected a non-empty string"),
            ("metrics[3].unit", UNIT_RULE + "str 'points'"),
            ("metrics[3].reported_by", "no party with id 'nobody'"),
        ],
    ),
    "goal's weight negative, title blank": (
        edits(
            put("goals", 2, "weight", value="-0.5"), put("goals", 2, "title", value="")
        ),
        [
            ("goals[2].title", "expected a non-empty string"),
            ("goals[2].weight", "expected a value of at least 0, got -0.5"),
        ],
    ),
    "goal's weight 0": (put("goals", 2, "weight", value="0"), []),
    "target's metric unknown": (
        put("goals", 0, "target", "metric", value="nps-2"),
        [("goals[0].target.metric", "no metric with id 'nps-2' (did you mean 'nps'?)")],
    ),
    "due on a repeating target": (
        put("goals", 0, "target", "due", value="2026-06-30"),
        [
            (
                "goals[0].target.due",
                "a due date needs per='term', this target repeats per quarter",
            )
        ],
    ),
    "steps on one date": (
        put("goals", 1, "target", "steps", 1, "starting", value="2026-07-01"),
        [
            (
                "goals[1].target.steps[1].starting",
                (
                    "steps must start on strictly increasing dates, "
                    "2026-07-01 follows 2026-07-01"
                ),
            )
        ],
    ),
    "steps going back": (
        put("goals", 1, "target", "steps", 1, "starting", value="2026-06-30"),
        [
            (
                "goals[1].target.steps[1].starting",
                (
                    "steps must start on strictly increasing dates, "
                    "2026-06-30 follows 2026-07-01"
                ),
            )
        ],
    ),
    "contribution's party, goals and title": (
        edits(
            put("contributions", 0, "party", value="nobody"),
            put("contributions", 0, "title", value=" "),
            put("contributions", 0, "supports", value=["revenue", "nope", "revenue"]),
            put("contributions", 0, "target", "metric", value="nope"),
        ),
        [
            ("contributions[0].party", "no party with id 'nobody'"),
            ("contributions[0].title", "expected a non-empty string"),
            ("contributions[0].supports[1]", "no goal with id 'nope'"),
            ("contributions[0].supports[2]", "goal 'revenue' is named twice"),
            ("contributions[0].target.metric", "no metric with id 'nope'"),
        ],
    ),
    "allocation's party, amount and contribution": (
        put(
            "allocations",
            0,
            value={
                "id": "mdf",
                "party": "nobody",
                "amount": {"amount": "-1", "unit": "eur"},
                "per": "quarter",
                "contribution": "nope",
            },
        ),
        [
            ("allocations[0].party", "no party with id 'nobody'"),
            ("allocations[0].amount.amount", "expected a value of at least 0, got -1"),
            (
                "allocations[0].amount.unit",
                UNIT_RULE + "str 'eur'" + ' (did you mean "EUR"?)',
            ),
            ("allocations[0].contribution", "no contribution with id 'nope'"),
        ],
    ),
    "a fund in hours": (
        put(
            "allocations",
            1,
            value={
                "id": "hours",
                "party": "acme",
                "amount": {"amount": "40", "unit": "hour"},
                "fund": {},
            },
        ),
        [
            (
                "allocations[1].amount.unit",
                "a fund is money in the agreement's currency EUR, got 'hour'",
            )
        ],
    ),
    "a fund in dollars": (
        put(
            "allocations",
            1,
            value={
                "id": "usd",
                "party": "acme",
                "amount": {"amount": "40", "unit": "USD"},
                "fund": {},
            },
        ),
        [
            (
                "allocations[1].amount.unit",
                "a fund is money in the agreement's currency EUR, got 'USD'",
            )
        ],
    ),
    "incentive paid to its payer, with no basis": (
        edits(
            put("incentives", 2, "beneficiary", value="acme"),
            put("incentives", 2, "title", value=""),
            put("incentives", 2, "contribution", value="cosell"),
        ),
        [
            ("incentives[2].title", "expected a non-empty string"),
            ("incentives[2].beneficiary", "the payer and the beneficiary must differ"),
            (
                "incentives[2]",
                "expected exactly one of goal and contribution (the outcome rewarded)",
            ),
        ],
    ),
    "incentive's payer and beneficiary unknown": (
        edits(
            put("incentives", 2, "payer", value="nobody"),
            put("incentives", 2, "beneficiary", value="nobody"),
            put("incentives", 2, "goal", value="nope"),
        ),
        [
            ("incentives[2].payer", "no party with id 'nobody'"),
            ("incentives[2].beneficiary", "no party with id 'nobody'"),
            ("incentives[2].beneficiary", "the payer and the beneficiary must differ"),
            ("incentives[2].goal", "no goal with id 'nope'"),
        ],
    ),
    "incentive's contribution unknown": (
        put("incentives", 1, "contribution", value="nope"),
        [("incentives[1].contribution", "no contribution with id 'nope'")],
    ),
    "no tiers": (
        put("incentives", 2, "tiers", value=[]),
        [("incentives[2].tiers", "expected at least one tier")],
    ),
    "thresholds 0, equal and falling": (
        put(
            "incentives",
            2,
            "tiers",
            value=[
                {"threshold": "0", "amount": _eur_doc("1")},
                {"threshold": "-1", "amount": _eur_doc("1")},
                {"threshold": "2", "amount": _eur_doc("1")},
                {"threshold": "2", "amount": _eur_doc("1")},
                {"threshold": "1.5", "amount": _eur_doc("1")},
            ],
        ),
        [
            (
                "incentives[2].tiers[0].threshold",
                "expected a positive threshold, got 0",
            ),
            (
                "incentives[2].tiers[1].threshold",
                "expected a positive threshold, got -1",
            ),
            (
                "incentives[2].tiers[3].threshold",
                "thresholds must strictly increase, 2 follows 2",
            ),
            (
                "incentives[2].tiers[4].threshold",
                "thresholds must strictly increase, 1.5 follows 2",
            ),
        ],
    ),
    "tiers with no reward and two": (
        put(
            "incentives",
            2,
            "tiers",
            value=[
                {"threshold": "1"},
                {
                    "threshold": "2",
                    "amount": _eur_doc("1"),
                    "rate": "0.1",
                    "of": "revenue",
                },
            ],
        ),
        [
            (
                "incentives[2].tiers[0]",
                "expected exactly one of amount, rate and status, got none",
            ),
            (
                "incentives[2].tiers[1]",
                "expected exactly one of amount, rate and status, got ['amount', 'rate']",
            ),
        ],
    ),
    "of without a rate, rate without of": (
        put(
            "incentives",
            0,
            "tiers",
            value=[
                {"threshold": "1", "amount": _eur_doc("5"), "of": "revenue"},
                {"threshold": "2", "rate": "0.1"},
            ],
        ),
        [
            ("incentives[0].tiers[0].of", "'of' goes with a rate"),
            (
                "incentives[0].tiers[1].of",
                "a rate needs 'of': the id of a metric in a currency",
            ),
        ],
    ),
    "rate negative, of a count, of nothing": (
        put(
            "incentives",
            0,
            "tiers",
            value=[
                {"threshold": "1", "rate": "-0.1", "of": "cosell-opps"},
                {"threshold": "2", "rate": "0", "of": "nope"},
            ],
        ),
        [
            ("incentives[0].tiers[0].rate", "expected a value of at least 0, got -0.1"),
            (
                "incentives[0].tiers[0].of",
                "metric 'cosell-opps' is in count, not a currency",
            ),
            ("incentives[0].tiers[1].of", "no metric with id 'nope'"),
        ],
    ),
    "status tiers mixed, blank, capped": (
        edits(
            put(
                "incentives",
                1,
                "tiers",
                value=[
                    {"threshold": "1", "status": " "},
                    {"threshold": "2", "amount": _eur_doc("5")},
                ],
            ),
            put("incentives", 1, "cap", value=_eur_doc("10")),
        ),
        [
            ("incentives[1].tiers[0].status", "expected a non-empty string"),
            ("incentives[1].tiers", "status tiers cannot be mixed with paying tiers"),
            ("incentives[1].cap", "status tiers pay nothing to cap"),
        ],
    ),
    "payout units three": (
        put(
            "incentives",
            2,
            "tiers",
            value=[
                {"threshold": "1", "amount": {"amount": "1", "unit": "USD"}},
                {"threshold": "2", "amount": _eur_doc("1")},
                {"threshold": "3", "rate": "0.1", "of": "revenue"},
                {"threshold": "4", "amount": {"amount": "1", "unit": "GBP"}},
            ],
        ),
        [("incentives[2].tiers", "expected one payout unit, got EUR, GBP, USD")],
    ),
    "rate and amount in one currency, capped": (
        put(
            "incentives",
            2,
            "tiers",
            value=[
                {"threshold": "1", "amount": _eur_doc("1")},
                {"threshold": "2", "rate": "0.1", "of": "revenue"},
            ],
        ),
        [],
    ),
    "cap in another unit": (
        put("incentives", 2, "cap", value={"amount": "5", "unit": "USD"}),
        [("incentives[2].cap", "expected the payout unit EUR, got USD")],
    ),
    "bonus and its cap in hours": (
        edits(
            put(
                "incentives",
                2,
                "tiers",
                value=[
                    {"threshold": "1", "amount": {"amount": "5", "unit": "hour"}},
                    {"threshold": "2", "amount": {"amount": "8", "unit": "fte"}},
                ],
            ),
            put("incentives", 2, "cap", value={"amount": "10", "unit": "hour"}),
        ),
        [
            (
                "incentives[2].tiers[0].amount.unit",
                "expected a currency, got str 'hour'",
            ),
            (
                "incentives[2].tiers[1].amount.unit",
                "expected a currency, got str 'fte'",
            ),
            ("incentives[2].cap.unit", "expected a currency, got str 'hour'"),
        ],
    ),
    "cap negative": (
        put("incentives", 0, "cap", value=_eur_doc("-5")),
        [("incentives[0].cap.amount", "expected a value of at least 0, got -5")],
    ),
    "tier amount negative in a bad unit": (
        put(
            "incentives",
            2,
            "tiers",
            value=[{"threshold": "1", "amount": {"amount": "-1", "unit": "Euro"}}],
        ),
        [
            (
                "incentives[2].tiers[0].amount.amount",
                "expected a value of at least 0, got -1",
            ),
            # Not again at the cap, in terms of the refused unit.
            ("incentives[2].tiers[0].amount.unit", UNIT_RULE + "str 'Euro'"),
        ],
    ),
    "clause's title blank": (
        put("clauses", 0, "title", value=""),
        [("clauses[0].title", "expected a non-empty string")],
    ),
    "agreement's title and clause's text blank": (
        edits(
            put("title", value=" \n\t "),
            put("clauses", 0, "text", value=" "),
        ),
        [
            ("title", "expected a non-empty string"),
            ("clauses[0].text", "expected a non-empty string"),
        ],
    ),
    "review's attendees and action": (
        edits(
            put("reviews", 0, "attendees", value=["acme", "nobody", "acme"]),
            put("reviews", 0, "actions", 0, "owner", value="nobody"),
            put("reviews", 0, "actions", 0, "title", value=" "),
            put("reviews", 0, "actions", 0, "goals", value=["nope"]),
            put(
                "reviews", 0, "actions", 0, "contributions", value=["cosell", "cosell"]
            ),
        ),
        [
            ("reviews[0].attendees[1]", "no party with id 'nobody'"),
            ("reviews[0].attendees[2]", "party 'acme' is named twice"),
            ("reviews[0].actions[0].owner", "no party with id 'nobody'"),
            ("reviews[0].actions[0].title", "expected a non-empty string"),
            ("reviews[0].actions[0].goals[0]", "no goal with id 'nope'"),
            (
                "reviews[0].actions[0].contributions[1]",
                "contribution 'cosell' is named twice",
            ),
        ],
    ),
    "an action twice": (
        lambda document: document["reviews"][0]["actions"].append(
            {"id": "a1", "owner": "acme", "title": "Again"}
        ),
        [("reviews[0].actions[1].id", "duplicate action item id 'a1'")],
    ),
    "action's exception keys": (
        edits(
            criterion(per="quarter", split="party"),
            put(
                "reviews",
                0,
                "actions",
                0,
                "exceptions",
                value=[
                    "dip/acme/FY2026-Q1",
                    "dip",
                    "nope/2026-Q1",
                    "dip/globex/FY2026-Q2",
                ],
            ),
        ),
        [
            (
                "reviews[0].actions[0].exceptions[1]",
                (
                    "expected an exception key 'criterion/window' or "
                    "'criterion/item/window', got str 'dip'"
                ),
            ),
            (
                "reviews[0].actions[0].exceptions[2]",
                "no exception criterion with id 'nope'",
            ),
        ],
    ),
    "exception keys with an empty window": (
        edits(
            criterion(per="quarter", split="party"),
            put(
                "reviews",
                0,
                "actions",
                0,
                "exceptions",
                # The last names the item "": a value a record can hold.
                value=["dip/", "dip//", "dip/globex/", "dip//FY2026-Q1"],
            ),
        ),
        [
            (
                f"reviews[0].actions[0].exceptions[{i}]",
                (
                    "expected an exception key 'criterion/window' or "
                    f"'criterion/item/window', got str {key!r}"
                ),
            )
            for i, key in enumerate(["dip/", "dip//", "dip/globex/"])
        ],
    ),
    "exception keys with no window of their criterion": (
        edits(
            criterion(per="quarter", split="party"),
            put(
                "reviews",
                0,
                "actions",
                0,
                "exceptions",
                value=[
                    "dip/globex/2026-Q1",
                    "dip/globex/fy2026-q1",
                    "dip/globex/FY2026-M01",
                    "dip/globex/FY2026-Q5",
                    "dip/globex/FY2027-Q1",
                    "dip/FY2026-Q1",
                    "dip/2026-W01",
                ],
            ),
        ),
        [
            (
                "reviews[0].actions[0].exceptions[0]",
                (
                    "'2026-Q1' is no window of criterion 'dip', judged per "
                    "quarter: expected a fiscal quarter, labelled like 'FY2027-Q1'"
                ),
            ),
            (
                "reviews[0].actions[0].exceptions[1]",
                (
                    "'fy2026-q1' is no window of criterion 'dip', judged per "
                    "quarter: expected a fiscal quarter, labelled like "
                    "'FY2027-Q1' (did you mean 'FY2026-Q1'?)"
                ),
            ),
            (
                "reviews[0].actions[0].exceptions[2]",
                (
                    "'FY2026-M01' is no window of criterion 'dip', judged per "
                    "quarter: expected a fiscal quarter, labelled like "
                    "'FY2027-Q1', not a fiscal month"
                ),
            ),
            (
                "reviews[0].actions[0].exceptions[3]",
                (
                    "'FY2026-Q5' is no window of criterion 'dip', judged per "
                    "quarter: a fiscal year has 4 quarters"
                ),
            ),
            (
                "reviews[0].actions[0].exceptions[4]",
                (
                    "'FY2027-Q1' is no window of criterion 'dip', judged per "
                    "quarter: the quarter lies outside the term, 2026-01-01 to "
                    "2026-12-31"
                ),
            ),
            # [5] names the records without a party, judged together: sound.
            # [6] names them too, in a week's label.
            (
                "reviews[0].actions[0].exceptions[6]",
                (
                    "'2026-W01' is no window of criterion 'dip', judged per "
                    "quarter: expected a fiscal quarter, labelled like "
                    "'FY2027-Q1', not an ISO week"
                ),
            ),
        ],
    ),
    "exception keys of a weekly criterion without a split": (
        edits(
            criterion(per="week"),
            put(
                "reviews",
                0,
                "actions",
                0,
                "exceptions",
                # 2026 has 53 ISO weeks (its 53rd ends on 3 January 2027),
                # 2027 has 52; 2020-W53 is a week, outside the term.
                value=[
                    "dip/2026-W53",
                    "dip/2027-W53",
                    "dip/2020-W53",
                    "dip/globex/2026-W05",
                ],
            ),
        ),
        [
            (
                "reviews[0].actions[0].exceptions[1]",
                (
                    "'2027-W53' is no window of criterion 'dip', judged per "
                    "week: ISO year 2027 has 52 weeks"
                ),
            ),
            (
                "reviews[0].actions[0].exceptions[2]",
                (
                    "'2020-W53' is no window of criterion 'dip', judged per "
                    "week: the week lies outside the term, 2026-01-01 to "
                    "2026-12-31"
                ),
            ),
            (
                "reviews[0].actions[0].exceptions[3]",
                (
                    "criterion 'dip' does not split, so its keys name no item: "
                    "expected 'dip/2026-W05', without 'globex'"
                ),
            ),
        ],
    ),
    "exception keys of a second action": (
        edits(
            criterion(),
            lambda document: document["reviews"][0]["actions"].append(
                {"id": "a2", "owner": "acme", "title": "Explain", "exceptions": ["x"]}
            ),
        ),
        [
            (
                "reviews[0].actions[1].exceptions[0]",
                (
                    "expected an exception key 'criterion/window' or "
                    "'criterion/item/window', got str 'x'"
                ),
            )
        ],
    ),
    "an item done before its review was held": (
        lambda document: document["reviews"].append(
            {
                "id": "q2",
                "held_on": "2026-06-30",
                "actions": [
                    {
                        "id": "b1",
                        "owner": "acme",
                        "title": "Explain",
                        "done_on": "2026-06-29",
                    },
                    {
                        "id": "b2",
                        "owner": "acme",
                        "title": "Explain again",
                        "done_on": "2026-06-30",
                    },
                ],
            }
        ),
        [
            (
                "reviews[1].actions[0].done_on",
                (
                    "done on 2026-06-29, before review 'q2' that decided it was "
                    "held, on 2026-06-30: an item is done on or after the day its "
                    "review was held"
                ),
            )
        ],
    ),
    "exception keys of a second review": (
        lambda document: document["reviews"].append(
            {
                "id": "q2",
                "held_on": "2026-06-30",
                "actions": [
                    {
                        "id": "b1",
                        "owner": "acme",
                        "title": "Explain",
                        "exceptions": ["x/y"],
                    }
                ],
            }
        ),
        [("reviews[1].actions[0].exceptions[0]", "no exception criterion with id 'x'")],
    ),
    "signatures": (
        put(
            "signatures",
            value=[
                {
                    "party": "acme",
                    "signed_by": "",
                    "signed_on": "2025-12-15",
                    "fingerprint": "sha256:" + "A" * 64,
                },
                {
                    "party": "acme",
                    "signed_by": "Ada",
                    "signed_on": "2025-12-15",
                    "fingerprint": "sha256:" + "0" * 63,
                },
                {
                    "party": "nobody",
                    "signed_by": "Nemo",
                    "signed_on": "2025-12-15",
                    "fingerprint": "sha256:" + "f" * 64,
                },
            ],
        ),
        [
            ("signatures[0].signed_by", "expected a non-empty string"),
            (
                "signatures[0].fingerprint",
                "expected 'sha256:' and 64 lower-case hex digits, got str 'sha256:"
                + "A" * 49
                + "...",
            ),
            (
                "signatures[1].party",
                (
                    "party 'acme' has a second signature, the first in "
                    "signatures[0]: a document holds one signature per party, its "
                    "latest, which replaced the earlier one when the party signed "
                    "again; keep the latest, and keep the document of the earlier "
                    "terms, as they were signed, as the record of the earlier "
                    "signature"
                ),
            ),
            (
                "signatures[1].fingerprint",
                "expected 'sha256:' and 64 lower-case hex digits, got str 'sha256:"
                + "0" * 49
                + "...",
            ),
            ("signatures[2].party", "no party with id 'nobody'"),
        ],
    ),
    "review rule blank": (
        put("review_rule", value=" RRULE: "),
        [
            (
                "review_rule",
                "expected RRULE text such as 'FREQ=MONTHLY;INTERVAL=3', got ''",
            )
        ],
    ),
    "review rule with DTSTART": (
        put("review_rule", value="FREQ=MONTHLY;dtstart=20260101"),
        [
            (
                "review_rule",
                "leave DTSTART out: a review rule starts on the term's start",
            )
        ],
    ),
    "review rule on two lines": (
        put("review_rule", value="FREQ=MONTHLY\nINTERVAL=2"),
        [("review_rule", "expected a single RRULE line")],
    ),
    "review rule with a carriage return": (
        put("review_rule", value="FREQ=MONTHLY\rINTERVAL=2"),
        [("review_rule", "expected a single RRULE line")],
    ),
    "review rule in lower case with its prefix": (
        put("review_rule", value=" rrule:FREQ=MONTHLY;INTERVAL=3 "),
        [],
    ),
    "review rule of 257 characters": (
        put("review_rule", value="FREQ=MONTHLY;INTERVAL=3" + ";" * 234),
        [("review_rule", "expected at most 256 characters, got 257")],
    ),
    "review rule of 256 characters": (
        put("review_rule", value="RRULE:FREQ=MONTHLY;INTERVAL=3" + " " * 227),
        [],
    ),
    "review rule of 1025 characters": (
        put("review_rule", value="FREQ=MONTHLY" + " " * 1013),
        [("review_rule", "expected at most 256 characters, got 1025")],
    ),
    "review rule of 1024 characters, stripped": (
        put("review_rule", value="FREQ=MONTHLY" + " " * 1012),
        [],
    ),
    "review rule with COUNT and UNTIL": (
        put("review_rule", value="FREQ=MONTHLY; count =2;Until=20260601"),
        [("review_rule", "expected at most one of COUNT and UNTIL")],
    ),
    "review rule unreadable": (
        put("review_rule", value="FREQ=FORTNIGHTLY"),
        [
            (
                "review_rule",
                (
                    "not an RFC 5545 RRULE that python-dateutil can parse: "
                    "invalid 'FREQ': FORTNIGHTLY"
                ),
            )
        ],
    ),
    "review rule an EXRULE": (
        put("review_rule", value="EXRULE:FREQ=MONTHLY"),
        [("review_rule", "expected one RRULE, got other iCalendar properties")],
    ),
    "review rule's parts": (
        put("review_rule", value="FREQ=MONTHLY;INTERVAL=0"),
        [("review_rule", "expected a positive INTERVAL of at most 36525, got 0")],
    ),
    "criterion's references, title and tolerances": (
        criterion(measure="nope", owner="nobody", title=" ", lower=None),
        [
            ("exception_criteria[0].title", "expected a non-empty string"),
            ("exception_criteria[0].measure", "no metric with id 'nope'"),
            ("exception_criteria[0].owner", "no party with id 'nobody'"),
            (
                "exception_criteria[0]",
                "expected a lower or an upper tolerance (or both)",
            ),
        ],
    ),
    "criterion's days -1": (
        criterion(resolve_within_days=-1),
        [
            (
                "exception_criteria[0].resolve_within_days",
                "expected a whole number of days from 0 to 36525, got int -1",
            )
        ],
    ),
    "criterion's days 36526": (
        criterion(resolve_within_days=36526),
        [
            (
                "exception_criteria[0].resolve_within_days",
                "expected a whole number of days from 0 to 36525, got int 36526",
            )
        ],
    ),
    "criterion's days 0 and upper only": (
        criterion(resolve_within_days=0, lower=None, upper="-5"),
        [],
    ),
    "criterion's days 36525 and equal tolerances": (
        criterion(resolve_within_days=36525, upper="1"),
        [],
    ),
    "criterion's upper below its lower": (
        criterion(lower="2", upper="1.5"),
        [
            (
                "exception_criteria[0].upper",
                "the upper tolerance 1.5 is below the lower 2",
            )
        ],
    ),
    "criterion split on its where": (
        criterion(where={"party": "globex"}, split="party"),
        [
            (
                "exception_criteria[0].split",
                "dimension 'party' is both split on and fixed by where",
            )
        ],
    ),
    "criterion split blank": (
        criterion(split=" "),
        [("exception_criteria[0].split", "expected a non-empty string")],
    ),
    "criterion twice": (
        put("exception_criteria", value=[_criterion_doc(), _criterion_doc()]),
        [("exception_criteria[1].id", "duplicate exception criterion id 'dip'")],
    ),
    "remedy paid to its payer": (
        remedy(beneficiary="globex", title=""),
        [
            ("remedies[0].title", "expected a non-empty string"),
            ("remedies[0].beneficiary", "the payer and the beneficiary must differ"),
        ],
    ),
    "remedy's references": (
        remedy(payer="nobody", beneficiary="nobody", goal="nope"),
        [
            ("remedies[0].payer", "no party with id 'nobody'"),
            ("remedies[0].beneficiary", "no party with id 'nobody'"),
            ("remedies[0].beneficiary", "the payer and the beneficiary must differ"),
            ("remedies[0].goal", "no goal with id 'nope'"),
        ],
    ),
    "remedy's contribution unknown": (
        remedy(goal=None, contribution="nope"),
        [("remedies[0].contribution", "no contribution with id 'nope'")],
    ),
    "remedy with two bases": (
        remedy(contribution="cosell"),
        [("remedies[0]", "expected exactly one of goal and contribution (the basis)")],
    ),
    "remedy with no basis and no cost": (
        remedy(goal=None, amount=None),
        [
            (
                "remedies[0]",
                "expected exactly one of goal and contribution (the basis)",
            ),
            (
                "remedies[0]",
                "expected exactly one of amount and rate (what a shortfall costs)",
            ),
        ],
    ),
    "remedy with two costs": (
        remedy(rate="0.1", of="revenue"),
        [
            (
                "remedies[0]",
                "expected exactly one of amount and rate (what a shortfall costs)",
            )
        ],
    ),
    "remedy in hours": (
        remedy(amount={"amount": "-1", "unit": "hour"}, cap=_eur_doc("5")),
        [
            ("remedies[0].amount.amount", "expected a value of at least 0, got -1"),
            ("remedies[0].amount.unit", "expected a currency, got str 'hour'"),
        ],
    ),
    "remedy's of without a rate": (
        remedy(of="revenue"),
        [("remedies[0].of", "'of' goes with a rate")],
    ),
    "remedy's rate without of": (
        remedy(amount=None, rate="0.1"),
        [("remedies[0].of", "a rate needs 'of': the id of a metric in a currency")],
    ),
    "remedy's rate negative, of a count": (
        remedy(
            amount=None,
            rate="-0.1",
            of="cosell-opps",
            cap={"amount": "1", "unit": "USD"},
        ),
        [
            ("remedies[0].rate", "expected a value of at least 0, got -0.1"),
            ("remedies[0].of", "metric 'cosell-opps' is in count, not a currency"),
        ],
    ),
    "remedy's rate of nothing": (
        remedy(amount=None, rate="0.1", of="nope"),
        [("remedies[0].of", "no metric with id 'nope'")],
    ),
    "remedy's grace negative": (
        remedy(grace="-1"),
        [("remedies[0].grace", "expected a value of at least 0, got -1")],
    ),
    "remedy's cap and cap share": (
        remedy(cap=_eur_doc("5"), cap_share="0.1", cap_base=_eur_doc("10")),
        [("remedies[0].cap_share", "expected a cap or a cap share, not both")],
    ),
    "remedy's cap share alone": (
        remedy(cap_share="-0.1"),
        [
            ("remedies[0]", "cap_share and cap_base go together"),
            ("remedies[0].cap_share", "expected a value of at least 0, got -0.1"),
        ],
    ),
    "remedy's cap base alone": (
        remedy(cap_base={"amount": "-10", "unit": "EUR"}),
        [
            ("remedies[0]", "cap_share and cap_base go together"),
            ("remedies[0].cap_base.amount", "expected a value of at least 0, got -10"),
        ],
    ),
    "remedy's cap in another currency": (
        remedy(cap={"amount": "5", "unit": "USD"}),
        [("remedies[0].cap.unit", "expected the remedy's currency EUR, got str 'USD'")],
    ),
    "remedy's cap base in another currency": (
        remedy(
            amount=None,
            rate="0.1",
            of="revenue",
            cap_share="0.5",
            cap_base={"amount": "5", "unit": "USD"},
        ),
        [
            (
                "remedies[0].cap_base.unit",
                "expected the remedy's currency EUR, got str 'USD'",
            )
        ],
    ),
    "remedy terminates after 0": (
        remedy(termination_after=0),
        [("remedies[0].termination_after", BREACHES_RULE + "int 0")],
    ),
    "remedy terminates after 1": (remedy(termination_after=1), []),
    "target where keys the same in NFC": (
        put(
            "goals",
            0,
            "target",
            "where",
            value={"party": "globex", "\u00c5": "a", "\u212b": "b"},
        ),
        [
            (
                'goals[0].target.where["\\u212b"]',
                "a second key that is the same text in Unicode NFC form",
            )
        ],
    ),
    "criterion where keys the same in NFC": (
        criterion(where={"caf\u00e9": "a", "cafe\u0301": "b"}),
        [
            (
                'exception_criteria[0].where["cafe\\u0301"]',
                "a second key that is the same text in Unicode NFC form",
            )
        ],
    ),
    "criterion split and where the same in NFC": (
        criterion(where={"r\u00e9gion": "west"}, split="re\u0301gion"),
        [
            (
                "exception_criteria[0].split",
                "dimension 'r\u00e9gion' is both split on and fixed by where",
            )
        ],
    ),
    "ratio where keys the same in NFC": (
        lambda document: document["metrics"].append(
            {
                "id": "share",
                "name": "Share",
                "unit": "percent",
                "aggregation": "ratio",
                "numerator": "revenue",
                "denominator": "revenue",
                "numerator_where": {"caf\u00e9": "a", "cafe\u0301": "b"},
            }
        ),
        [
            (
                'metrics[4].numerator_where["cafe\\u0301"]',
                "a second key that is the same text in Unicode NFC form",
            )
        ],
    ),
    # Host data, as the host wrote it: two keys one text in NFC stay two.
    "extension text and keys": (
        put(
            "goals",
            0,
            "extensions",
            value={"a": {"\u00c5": 1, "\u212b": [1, "\u00e9"]}},
        ),
        [],
    ),
}


def _document() -> dict[str, Any]:
    return to_dict(make_agreement())


def _expected(expected: Problems) -> Problems:
    return [(f"$.{path}", _in_json_terms(message)) for path, message in expected]


#: How the model names a text or a whole number it found, at a message's end.
_PYTHON_FOUND = re.compile(r"got (str|int) (.*?)( \(did you mean .*\))?\Z")


def _in_json_terms(message: str) -> str:
    """Return the model's *message* as the readers word it: JSON's ``"eur"`` for ``str 'eur'``.

    The model names what it found as Python does, for an agreement built
    in code; the readers name the document's value as JSON writes it, as
    their own messages do (the text at most 60 characters, as they cut it),
    and keep a suggestion after it.
    """
    found = _PYTHON_FOUND.search(message)
    if found is None:
        return message
    kind, shown, suggestion = found.groups()
    if kind == "int":
        written = shown
    elif shown.endswith("..."):
        # Cut at 57 characters, its opening quote one of them.
        written = json.dumps(shown[1:56])[:-1] + '..."'
    else:
        written = json.dumps(ast.literal_eval(shown))
    return message[: found.start()] + "got " + written + (suggestion or "")


def _read(read: Callable[[], Any], expected: Problems) -> None:
    if not expected:
        read()
        return
    with pytest.raises(FormatError) as caught:
        read()
    assert _expected(expected) == list(caught.value.problems)


_CASES = pytest.mark.parametrize(
    ("edit", "expected"), list(DOCUMENT_CASES.values()), ids=list(DOCUMENT_CASES)
)


class TestDocumentProblems:
    """A document that breaks invariants is refused with each problem exactly."""

    @_CASES
    def test_from_dict(self, edit: Edit, expected: Problems) -> None:
        """`from_dict` names every problem at its path."""
        document = _document()
        edit(document)
        _read(lambda: from_dict(document), expected)

    @_CASES
    def test_loads(self, edit: Edit, expected: Problems) -> None:
        """`loads` refuses the text with the same problems as `from_dict`."""
        document = _document()
        edit(document)
        text = json.dumps(document)
        _read(lambda: loads(text), expected)

    @_CASES
    def test_loads_a_decimal_in_exponent_form(
        self, edit: Edit, expected: Problems
    ) -> None:
        """The same, for a document with a decimal written with an exponent."""
        document = _document()
        edit(document)
        document["goals"][1]["weight"] = "2E+0"
        text = json.dumps(document)
        _read(lambda: loads(text), expected)


_CENTURIES = (
    "expected a term of at most 36525 days (a hundred years), "
    "got 3652059 days from 0001-01-01 to 9999-12-31"
)

#: Terms whose size is checked, or not: (fields changed, problems).
TERM_CASES: dict[str, tuple[dict[str, Any], Problems]] = {
    "one day in 9999, fiscal years from December": (
        {
            "start": dt.date(9999, 12, 31),
            "end": dt.date(9999, 12, 31),
            "fiscal_calendar": FiscalCalendar(start_month=12),
        },
        [
            (
                "end",
                (
                    "the fiscal year around 9999-12-31, with fiscal years starting "
                    "in month 12, ends in the year 10000, which no date can hold; "
                    "start or end the term in another fiscal year, or use fiscal "
                    "years that start in January"
                ),
            )
        ],
    ),
    "one day in the year 1, fiscal years from February": (
        {
            "start": dt.date(1, 1, 1),
            "end": dt.date(1, 1, 1),
            "fiscal_calendar": FiscalCalendar(start_month=2),
        },
        [
            (
                "start",
                (
                    "the fiscal year around 0001-01-01, with fiscal years starting "
                    "in month 2, begins in the year 0, which no date can hold; "
                    "start or end the term in another fiscal year, or use fiscal "
                    "years that start in January"
                ),
            )
        ],
    ),
    "every day, fiscal years from January": (
        {
            "start": dt.date(1, 1, 1),
            "end": dt.date(9999, 12, 31),
            "fiscal_calendar": FiscalCalendar(start_month=1),
        },
        [("end", _CENTURIES)],
    ),
    "every day, fiscal years from month 13": (
        {
            "start": dt.date(1, 1, 1),
            "end": dt.date(9999, 12, 31),
            "fiscal_calendar": tampered_calendar(start_month=13),
        },
        [("fiscal_calendar.start_month", "expected a month number 1-12, got int 13")],
    ),
    "every day, fiscal years from month 0": (
        {
            "start": dt.date(1, 1, 1),
            "end": dt.date(9999, 12, 31),
            "fiscal_calendar": tampered_calendar(start_month=0),
        },
        [("fiscal_calendar.start_month", "expected a month number 1-12, got int 0")],
    ),
    "every day, fiscal years from month True": (
        {
            "start": dt.date(1, 1, 1),
            "end": dt.date(9999, 12, 31),
            "fiscal_calendar": tampered_calendar(start_month=True),
        },
        [
            (
                "fiscal_calendar.start_month",
                "expected a month number 1-12, got bool True",
            )
        ],
    ),
    "every day, no fiscal calendar": (
        {
            "start": dt.date(1, 1, 1),
            "end": dt.date(9999, 12, 31),
            "fiscal_calendar": None,
        },
        [("fiscal_calendar", "expected a FiscalCalendar, got NoneType None")],
    ),
    "every day backwards": (
        {"start": dt.date(9999, 12, 31), "end": dt.date(1, 1, 1)},
        [("end", "the term ends (0001-01-01) before it starts (9999-12-31)")],
    ),
    "two centuries from a datetime": (
        {"start": dt.datetime(2026, 1, 1), "end": dt.date(2226, 1, 1)},  # noqa: DTZ001
        [
            (
                "start",
                "expected a datetime.date, got datetime datetime.datetime(2026, 1, 1, 0, 0); pass its .date()",
            )
        ],
    ),
    "two centuries to a datetime": (
        {"start": dt.date(2026, 1, 1), "end": dt.datetime(2226, 1, 1)},  # noqa: DTZ001
        [
            (
                "end",
                "expected a datetime.date, got datetime datetime.datetime(2226, 1, 1, 0, 0); pass its .date()",
            )
        ],
    ),
    "two centuries to a string": (
        {"start": dt.date(2026, 1, 1), "end": "2226-01-01"},
        [
            (
                "end",
                "expected a datetime.date, got str '2226-01-01'; pass datetime.date.fromisoformat(...)",
            )
        ],
    ),
    "two centuries from a string": (
        {"start": "2026-01-01", "end": dt.date(2226, 1, 1)},
        [
            (
                "start",
                "expected a datetime.date, got str '2026-01-01'; pass datetime.date.fromisoformat(...)",
            )
        ],
    ),
}


class TestTermSize:
    """A term's size is checked once its dates and fiscal calendar are sound."""

    @pytest.mark.parametrize(
        ("fields", "expected"), list(TERM_CASES.values()), ids=list(TERM_CASES)
    )
    def test_problems(
        self, agreement: Agreement, fields: dict[str, Any], expected: Problems
    ) -> None:
        """The term's own problems come alone, or with the size's, exactly."""
        with pytest.raises(InvalidAgreementError) as caught:
            attrs.evolve(agreement, **fields)
        assert expected == list(caught.value.problems)


def _full() -> Agreement:
    """Return the reference agreement with a remedy and an exception criterion."""
    agreement = make_agreement()
    return attrs.evolve(
        agreement,
        remedies=(
            _remedy(),
            _remedy(
                id="late-rate",
                goal=None,
                contribution="cosell",
                amount=None,
                rate=Decimal("0.01"),
                of="revenue",
                cap_share=Decimal("0.1"),
                cap_base=_eur(1000),
            ),
        ),
        exception_criteria=(
            _criterion(upper=Decimal(5), split="region", description="Dips"),
        ),
    )


SURROGATE = "expected valid Unicode text, got a lone surrogate"
NAN = "expected a finite decimal, got NaN"
INVISIBLE = (
    "expected a non-empty string, got only invisible characters "
    "(U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER)"
)

#: One broken value at each path of the model: (path, value, problem).
#: The paths of the fields that must hold text, blank or not.
REQUIRED_TEXT = (
    "title",
    "parties[0].name",
    "metrics[0].name",
    "goals[0].title",
    "contributions[0].title",
    "incentives[0].title",
    "incentives[1].tiers[0].status",
    "clauses[0].title",
    "clauses[0].text",
    "reviews[0].actions[0].title",
    "signatures[0].signed_by",
    "exception_criteria[0].title",
    "exception_criteria[0].split",
    "remedies[0].title",
)

FIELD_CASES: list[tuple[str, Any, tuple[str, str]]] = [
    # Text.
    *(
        (path, "x\udc80", (path, SURROGATE))
        for path in (
            "title",
            "parties[0].name",
            "metrics[0].name",
            "metrics[0].description",
            "goals[0].title",
            "goals[0].description",
            "contributions[0].title",
            "contributions[0].description",
            "allocations[0].description",
            "incentives[0].title",
            "incentives[0].description",
            "incentives[1].tiers[0].status",
            "clauses[0].title",
            "clauses[0].text",
            "reviews[0].notes",
            "reviews[0].actions[0].title",
            "signatures[0].signed_by",
            "exception_criteria[0].title",
            "exception_criteria[0].split",
            "exception_criteria[0].description",
            "remedies[0].title",
            "remedies[0].description",
        )
    ),
    # Blank where text is required (non-ASCII white space).
    *(
        (path, "\u00a0\u2003", (path, "expected a non-empty string"))
        for path in REQUIRED_TEXT
    ),
    # Blank where text is required: invisible characters, named.
    *((path, " \u200b\u2060 ", (path, INVISIBLE)) for path in REQUIRED_TEXT),
    # Extensions.
    *(
        (
            path,
            {"x": float("nan")},
            (f"{path}.x", "expected a finite JSON number, got nan"),
        )
        for path in (
            "extensions",
            "parties[0].extensions",
            "metrics[0].extensions",
            "goals[0].extensions",
            "contributions[0].extensions",
            "allocations[0].extensions",
            "incentives[0].extensions",
            "clauses[0].extensions",
            "reviews[0].extensions",
            "reviews[0].actions[0].extensions",
            "exception_criteria[0].extensions",
            "remedies[0].extensions",
        )
    ),
    # Decimals.
    *(
        (path, Decimal("NaN"), (path, NAN))
        for path in (
            "parties[0].capacity[0].amount",
            "goals[0].target.value",
            "goals[1].target.baseline",
            "goals[1].target.steps[0].value",
            "goals[0].weight",
            "contributions[0].target.value",
            "allocations[0].amount.amount",
            "incentives[0].tiers[0].rate",
            "incentives[0].cap.amount",
            "incentives[2].tiers[0].amount.amount",
            "exception_criteria[0].lower",
            "exception_criteria[0].upper",
            "remedies[0].amount.amount",
            "remedies[0].grace",
            "remedies[1].rate",
            "remedies[1].cap_share",
            "remedies[1].cap_base.amount",
        )
    ),
    # References.
    *(
        (path, "nobody", (path, "no party with id 'nobody'"))
        for path in (
            "metrics[0].reported_by",
            "contributions[0].party",
            "allocations[0].party",
            "incentives[0].payer",
            "incentives[0].beneficiary",
            "signatures[0].party",
            "reviews[0].actions[0].owner",
            "exception_criteria[0].owner",
            "remedies[0].payer",
            "remedies[0].beneficiary",
        )
    ),
    *(
        (path, "nope", (path, "no metric with id 'nope'"))
        for path in (
            "goals[0].target.metric",
            "contributions[0].target.metric",
            "incentives[0].tiers[0].of",
            "exception_criteria[0].measure",
            "remedies[1].of",
        )
    ),
    *(
        (path, "nope", (path, "no goal with id 'nope'"))
        for path in ("incentives[0].goal", "remedies[0].goal")
    ),
    *(
        (path, "nope", (path, "no contribution with id 'nope'"))
        for path in (
            "allocations[0].contribution",
            "incentives[1].contribution",
            "remedies[1].contribution",
        )
    ),
    # Enum members (a value no reader could read passes the converters).
    (
        "allocations[0].per",
        UNREADABLE,
        (
            "allocations[0].per",
            (
                "expected a Period ('term', 'month', 'quarter', 'year', 'week'), "
                "got Unreadable <unreadable>"
            ),
        ),
    ),
    (
        "exception_criteria[0].per",
        UNREADABLE,
        (
            "exception_criteria[0].per",
            (
                "expected a Period ('term', 'month', 'quarter', 'year', 'week'), "
                "got Unreadable <unreadable>"
            ),
        ),
    ),
    # A capitalised vocabulary takes its article by its first letter too.
    (
        "metrics[0].aggregation",
        UNREADABLE,
        (
            "metrics[0].aggregation",
            (
                "expected an Aggregation ('sum', 'count', 'last', 'mean', 'min', "
                "'max', 'ratio', 'percentile', 'otif', 'lead_time', 'wmape', "
                "'forecast_accuracy', 'forecast_bias', 'tracking_signal'), "
                "got Unreadable <unreadable>"
            ),
        ),
    ),
    *(
        (path, 7, (path, f"expected the id of a {what}, got int 7"))
        for path, what in (
            ("metrics[0].reported_by", "party"),
            ("goals[0].target.metric", "metric"),
            ("incentives[0].goal", "goal"),
            ("allocations[0].contribution", "contribution"),
        )
    ),
]


class TestEveryField:
    """Each field's problem is reported at that field's own path, word for word."""

    @pytest.mark.parametrize(
        ("path", "new", "problem"),
        FIELD_CASES,
        ids=[f"{path}-{i}" for i, (path, _, _) in enumerate(FIELD_CASES)],
    )
    def test_one_problem(self, path: str, new: Any, problem: tuple[str, str]) -> None:
        """One broken value makes one problem, at its path."""
        full = _full()
        with pytest.raises(InvalidAgreementError) as caught:
            changed(full, path, new)
        assert [problem] == list(caught.value.problems)

    def test_sound(self) -> None:
        """The agreement the cases break is itself sound."""
        assert _full().remedies[1].cap_base == _eur(1000)


#: Each day field, and what its message says it takes.
DAY_FIELDS = [
    ("goals[1].target.due", " or None"),
    ("goals[1].target.steps[0].starting", ""),
    ("reviews[0].held_on", ""),
    ("reviews[0].actions[0].due", " or None"),
    ("reviews[0].actions[0].done_on", " or None"),
    ("signatures[0].signed_on", ""),
]


def _day_problem(wanted: str) -> str:
    return (
        f"expected a datetime.date{wanted}, got str '2026-03-01'; "
        "pass datetime.date.fromisoformat(...)"
    )


class TestDays:
    """A day field refuses text when its value is built; the agreement, when it holds one anyway."""

    @pytest.mark.parametrize(("path", "wanted"), DAY_FIELDS)
    def test_refused_when_built(self, path: str, wanted: str) -> None:
        """The entity refuses the text itself, at its field's name, in the agreement's words."""
        *up, field = path.split(".")
        owner = _at(_full(), ".".join(up))

        with pytest.raises(InvalidFieldsError) as caught:
            attrs.evolve(owner, **{field: "2026-03-01"})

        assert [(field, _day_problem(wanted))] == list(caught.value.problems)

    @pytest.mark.parametrize(("path", "wanted"), DAY_FIELDS)
    def test_held_anyway(self, path: str, wanted: str) -> None:
        """An entity made around its converter (as a reader that vouches for types makes one) is reported at its path."""
        full = _full()
        *up, field = path.split(".")
        owner = _at(full, ".".join(up))
        bad = copy.copy(owner)
        object.__setattr__(bad, field, "2026-03-01")

        with pytest.raises(InvalidAgreementError) as caught:
            changed(full, ".".join(up), bad)

        assert [(path, _day_problem(wanted))] == list(caught.value.problems)


def _at(value: Any, path: str) -> Any:
    """Return the part of *value* at the model path *path*."""
    for name, index in re.findall(r"\.?([a-z_]+)|\[(\d+)\]", path):
        value = value[int(index)] if index else getattr(value, name)
    return value


#: Each collection of entities, and what its problems call an item.
COLLECTIONS = {
    "parties": "party",
    "metrics": "metric",
    "goals": "goal",
    "contributions": "contribution",
    "allocations": "allocation",
    "incentives": "incentive",
    "clauses": "clause",
    "reviews": "review",
    "exception_criteria": "exception criterion",
    "remedies": "remedy",
    "reviews[0].actions": "action item",
}

#: The class of each collection's items, as its problems name it.
CLASSES = {
    "parties": "a Party",
    "metrics": "a Metric",
    "goals": "a Goal",
    "contributions": "a Contribution",
    "allocations": "a ResourceAllocation",
    "incentives": "an Incentive",
    "clauses": "a Clause",
    "reviews": "a Review",
    "exception_criteria": "an ExceptionCriterion",
    "remedies": "a Remedy",
    "reviews[0].actions": "an ActionItem",
}


#: The agreement's own collections, each a field of `Agreement`.
WHOLE_COLLECTIONS = [path for path in COLLECTIONS if "." not in path]


def _items(agreement: Agreement, path: str) -> tuple[Any, ...]:
    if path == "reviews[0].actions":
        return agreement.reviews[0].actions
    items: tuple[Any, ...] = getattr(agreement, path)
    return items


class TestCollections:
    """Each collection names its items in its problems."""

    @pytest.mark.parametrize(("path", "what"), list(CLASSES.items()))
    def test_not_an_item(self, path: str, what: str) -> None:
        """An item of another type is refused at its position, named by its class."""
        full = _full()
        items = _items(full, path)
        n = len(items)
        with pytest.raises(InvalidAgreementError) as caught:
            changed(full, path, (*items, 5))
        assert [(f"{path}[{n}]", f"expected {what}, got int 5")] == list(
            caught.value.problems
        )

    @pytest.mark.parametrize(("path", "what"), list(CLASSES.items()))
    def test_not_an_item_set_around_the_constructor(self, path: str, what: str) -> None:
        """The invariants name an item set around its collection's converter alike."""
        full = _full()
        items = _items(full, path)
        n = len(items)
        if path == "reviews[0].actions":
            review = tampered(full.reviews[0], actions=(*items, 5))
            bad = (review, *full.reviews[1:])
            with pytest.raises(InvalidAgreementError) as caught:
                attrs.evolve(full, reviews=bad)
        else:
            with pytest.raises(InvalidAgreementError) as caught:
                tampered(full, **{path: (*items, 5)}).__attrs_post_init__()
        assert [(f"{path}[{n}]", f"expected {what}, got int 5")] == list(
            caught.value.problems
        )

    @pytest.mark.parametrize(("path", "what"), list(COLLECTIONS.items()))
    def test_an_item_twice(self, path: str, what: str) -> None:
        """The second item with the same id is refused, at its id."""
        full = _full()
        items = _items(full, path)
        n = len(items)
        problems = [(f"{path}[{n}].id", f"duplicate {what} id {items[0].id!r}")]
        with pytest.raises(InvalidAgreementError) as caught:
            changed(full, path, (*items, items[0]))
        assert problems == list(caught.value.problems)

    @pytest.mark.parametrize("path", ["metrics", "goals", "clauses"])
    def test_a_malformed_id(self, path: str) -> None:
        """A malformed id is reported, and the item is not known by it."""
        full = _full()
        items = _items(full, path)
        new = (*items[:-1], attrs.evolve(items[-1], id="bad id"))
        with pytest.raises(InvalidAgreementError) as caught:
            changed(full, path, new)
        assert [(f"{path}[{len(items) - 1}].id", IDENTIFIER_RULE + "str 'bad id'")] == (
            list(caught.value.problems)
        )

    @pytest.mark.parametrize("path", ["metrics", "goals", "clauses"])
    def test_a_malformed_id_twice(self, path: str) -> None:
        """A malformed id twice is two malformed ids, not a duplicate: it is known by neither."""
        full = _full()
        items = _items(full, path)
        bad = attrs.evolve(items[-1], id="bad id")
        n = len(items)
        with pytest.raises(InvalidAgreementError) as caught:
            changed(full, path, (*items, bad, bad))
        assert [
            (f"{path}[{n}].id", IDENTIFIER_RULE + "str 'bad id'"),
            (f"{path}[{n + 1}].id", IDENTIFIER_RULE + "str 'bad id'"),
        ] == list(caught.value.problems)

    @pytest.mark.parametrize(
        ("cell", "how"),
        [("{} ", "white space"), ("\t{}", "white space"), (" {} ", "white space")],
    )
    def test_a_reference_to_an_id_refused_for_its_space(
        self, cell: str, how: str
    ) -> None:
        """A party whose id is a spreadsheet's cell with a space: each reference says so.

        Every reference to ``"globex"`` said only ``no party with id
        'globex'``, though the party is there as ``"globex "``.
        """
        full = _full()
        n = next(i for i, p in enumerate(full.parties) if p.id == "globex")
        spaced = cell.format("globex")
        parties = list(full.parties)
        parties[n] = attrs.evolve(parties[n], id=spaced)

        with pytest.raises(InvalidAgreementError) as caught:
            changed(full, "parties", tuple(parties))

        first, *references = caught.value.problems
        hint = f" (party {spaced!r} differs only in {how}; its id is refused)"
        assert (f"parties[{n}].id", True, True) == (
            first[0],
            len(references) > 3,
            all(
                message == "no party with id 'globex'" + hint
                for _, message in references
            ),
        )

    def test_a_reference_to_an_id_refused_for_its_space_and_case(self) -> None:
        """``"Globex "`` for ``"globex"``: white space and case, read from a document."""
        document = to_dict(_full())
        n = next(i for i, p in enumerate(document["parties"]) if p["id"] == "globex")
        document["parties"][n]["id"] = "Globex "

        with pytest.raises(FormatError) as caught:
            from_dict(document)

        messages = {message for _, message in caught.value.problems[1:]}
        assert {
            (
                "no party with id 'globex' (party 'Globex ' differs only in white space "
                "and case; its id is refused)"
            )
        } == messages

    def test_a_malformed_id_twice_in_a_document(self) -> None:
        """`loads` reports two parties named 'bad id' at their ids, and no duplicate."""
        document = to_dict(_full())
        party = document["parties"][-1]
        n = len(document["parties"])
        document["parties"] += [{**party, "id": "bad id"}, {**party, "id": "bad id"}]

        with pytest.raises(FormatError) as caught:
            loads(json.dumps(document))

        assert [
            (f"$.parties[{n}].id", IDENTIFIER_RULE + '"bad id"'),
            (f"$.parties[{n + 1}].id", IDENTIFIER_RULE + '"bad id"'),
        ] == list(caught.value.problems)

    @pytest.mark.parametrize("path", WHOLE_COLLECTIONS)
    def test_refused_as_a_whole(self, path: str) -> None:
        """One item given where the collection belongs is one problem, at the collection.

        Its ids are not known, so no reference into it is judged: ``goals=goal``
        also said ``no goal with id ...`` at every reference to a goal,
        though the goal was given.
        """
        full = _full()
        item = _items(full, path)[0]

        with pytest.raises(InvalidAgreementError) as caught:
            changed(full, path, item)

        assert [(path, True)] == [
            (at, message.startswith("expected a sequence (a tuple or a list), got "))
            for at, message in caught.value.problems
        ]

    @pytest.mark.parametrize("path", WHOLE_COLLECTIONS)
    @pytest.mark.parametrize(
        "read", [from_dict, lambda d: loads(json.dumps(d))], ids=["from_dict", "loads"]
    )
    def test_refused_as_a_whole_in_a_document(
        self, path: str, read: Callable[[dict[str, Any]], Agreement]
    ) -> None:
        """An object where a document's array belongs is one problem; nothing more is caused."""
        document = to_dict(_full())
        document[path] = document[path][0]

        with pytest.raises(FormatError) as caught:
            read(document)

        assert ([(f"$.{path}", "expected an array, got an object")], None) == (
            list(caught.value.problems),
            caught.value.__cause__,
        )

    @pytest.mark.parametrize("path", WHOLE_COLLECTIONS)
    @pytest.mark.parametrize("example", ["it_vendor", "manufacturer"])
    def test_an_example_s_collection_refused_as_a_whole(
        self, example: str, path: str
    ) -> None:
        """A mapping for a collection of a field case is one problem, built or read.

        Nor is a fund's metric (the IT example's accrual) or an action
        item's exception key (the manufacturer's) said to name nothing.
        """
        text = (EXAMPLES / example / "agreement.json").read_text(encoding="utf-8")
        document = json.loads(text)
        document[path] = {}
        changes: dict[str, Any] = {path: {}}

        with pytest.raises(InvalidAgreementError) as built:
            attrs.evolve(loads(text), **changes)
        with pytest.raises(FormatError) as read:
            from_dict(document)

        assert (
            [(path, "expected a sequence (a tuple or a list), got dict {}")],
            [(f"$.{path}", "expected an array, got an object")],
        ) == (list(built.value.problems), list(read.value.problems))

    def test_refused_as_a_whole_and_the_rest_judged(self) -> None:
        """The rest is judged as ever: a reference to an unknown party, an id that is no text."""
        full = _full()
        contributions = list(full.contributions)
        contributions[0] = attrs.evolve(contributions[0], party="nobody")
        incentives = list(full.incentives)
        incentives[0] = attrs.evolve(incentives[0], goal=7)  # type: ignore[arg-type]
        changes: dict[str, Any] = {
            "goals": full.goals[0],
            "contributions": contributions,
            "incentives": incentives,
        }

        with pytest.raises(InvalidAgreementError) as caught:
            attrs.evolve(full, **changes)

        assert [
            "goals",
            "contributions[0].party: no party with id 'nobody'",
            "incentives[0].goal: expected the id of a goal, got int 7",
        ] == [
            path if path == "goals" else f"{path}: {message}"
            for path, message in caught.value.problems
        ]

    @pytest.mark.parametrize(
        "path", ["goals[0].target.where", "exception_criteria[0].where"]
    )
    def test_where_values_are_strings(self, path: str) -> None:
        """A dimension's value that is not a string is refused at its key."""
        with pytest.raises(InvalidAgreementError) as caught:
            changed(_full(), path, {"team": 3})
        assert [(f"{path}.team", "expected a string, got int 3")] == list(
            caught.value.problems
        )


SURROGATE_KEY = "a key: expected valid Unicode text, got a lone surrogate"

#: A lone surrogate where a document's reader refuses one and the model,
#: before, took it: (path, new, problems).
SURROGATE_CASES: dict[str, tuple[str, Any, Problems]] = {
    "target where value": (
        "goals[0].target.where",
        {"party": "globex", "region": "x\udc80"},
        [("goals[0].target.where.region", SURROGATE)],
    ),
    "target where key": (
        "goals[0].target.where",
        {"party": "globex", "r\udc80": "emea"},
        [('goals[0].target.where["r\\udc80"]', SURROGATE_KEY)],
    ),
    "criterion where key and value": (
        "exception_criteria[0].where",
        {"t\ud800": "a", "team": "\udfff"},
        [
            ('exception_criteria[0].where["t\\ud800"]', SURROGATE_KEY),
            ("exception_criteria[0].where.team", SURROGATE),
        ],
    ),
    "extension key": (
        "extensions",
        {"\ud800": 1},
        [('extensions["\\ud800"]', SURROGATE_KEY)],
    ),
    "extension key deep, non-ASCII": (
        "parties[0].extensions",
        {"a": [{"caf\u00e9": {"b\udc80\u00e9": "x"}}]},
        [
            (
                'parties[0].extensions.a[0]["café"]["b\\udc80é"]',
                SURROGATE_KEY,
            )
        ],
    ),
    "extension key and its value": (
        "reviews[0].actions[0].extensions",
        {"k\udc80": "v\udc80"},
        [
            ('reviews[0].actions[0].extensions["k\\udc80"]', SURROGATE_KEY),
            ('reviews[0].actions[0].extensions["k\\udc80"]', SURROGATE),
        ],
    ),
    "exception key's item": (
        "reviews[0].actions[0].exceptions",
        ("dip/West\udc80/term",),
        [("reviews[0].actions[0].exceptions[0]", SURROGATE)],
    ),
    "review rule": (
        "review_rule",
        "FREQ=MONTHLY;X-\ud800=1",
        [("review_rule", SURROGATE)],
    ),
}


def _ratio(**fields: Any) -> Metric:
    """Return ratio ``share`` holding *fields*, set around its constructor."""
    metric = Metric(
        id="share",
        name="Share",
        unit="percent",
        aggregation="ratio",
        numerator="revenue",
        denominator="revenue",
    )
    return tampered(metric, **fields)


class TestLoneSurrogates:
    """A lone surrogate the readers refuse is refused when built, at its path.

    UTF-8 cannot carry one: held, it made `fingerprint`, `check` and
    `render` fail with a bare UnicodeEncodeError, and `dumps` write a
    document `loads` refuses.
    """

    @pytest.mark.parametrize(
        ("path", "new", "expected"),
        list(SURROGATE_CASES.values()),
        ids=list(SURROGATE_CASES),
    )
    def test_refused(self, path: str, new: Any, expected: Problems) -> None:
        """Every such text and key is named, a key as a key, its path escaped."""
        assert expected == problems(_full(), path, new)

    @pytest.mark.parametrize("side", ["numerator_where", "denominator_where"])
    def test_ratio_where(self, side: str) -> None:
        """A ratio's where is checked as a target's is."""
        full = _full()
        n = len(full.metrics)
        assert [
            (f'metrics[{n}].{side}["\\ud800"]', SURROGATE_KEY),
            (f"metrics[{n}].{side}.b", SURROGATE),
        ] == problems(
            full,
            "metrics",
            (*full.metrics, _ratio(**{side: {"\ud800": "a", "b": "\udc80"}})),
        )

    @pytest.mark.parametrize(
        "new",
        [
            {"party": "globex", "r\u00e9gion": "\u00cele-de-France"},
            {"party": "globex", "\U0001f600": "\U0001f600"},
        ],
    )
    def test_valid_text_is_kept(self, new: dict[str, str]) -> None:
        """Non-ASCII text, a character beyond U+FFFF too, is written and read back."""
        agreement = changed(_full(), "goals[0].target.where", new)

        assert agreement == loads(dumps(agreement))

    @pytest.mark.parametrize(
        ("path", "new", "expected"),
        list(SURROGATE_CASES.values()),
        ids=list(SURROGATE_CASES),
    )
    def test_the_readers_refuse_it_too(
        self, path: str, new: Any, expected: Problems
    ) -> None:
        """A document with the same text is refused at the same place by `from_dict`."""
        document = to_dict(_full())
        target: Any = document
        steps = re.findall(r"\w+|\[\d+\]", path)
        for step in steps[:-1]:
            target = target[int(step[1:-1])] if step.startswith("[") else target[step]
        target[steps[-1]] = list(new) if isinstance(new, tuple) else new

        with pytest.raises(FormatError) as caught:
            from_dict(document)

        refused = {p for p, _ in caught.value.problems}
        # A where's key is refused at the where, each other at its own path.
        assert refused <= {f"$.{p}" for p, _ in expected} | {f"$.{path}"}
        assert refused


class TestOneWording:
    """A problem is worded alike wherever it is found: a day, a suggestion, an empty ref."""

    def test_a_day_as_text(self) -> None:
        """A string for a day, in an agreement, an observation and a fund event: one message."""
        said = (
            "expected a datetime.date, got str '2026-01-01'; "
            "pass datetime.date.fromisoformat(...)"
        )
        day = dt.date(2026, 1, 1)
        with pytest.raises(InvalidAgreementError) as agreement:
            changed(_full(), "start", "2026-01-01")
        with pytest.raises(InvalidObservationsError) as observation:
            Observation("m", "2026-01-01", Decimal(1))  # type: ignore[arg-type]
        event = FundEvent(
            fund="mdf",
            event="grant",
            at="2026-01-01",  # type: ignore[arg-type]
            ref="G1",
            amount=Decimal(1),
        )
        request = FundEvent(
            fund="mdf",
            event="request",
            at=day,
            ref="R1",
            amount=Decimal(1),
            start="2026-01-01",  # type: ignore[arg-type]
        )

        assert [
            ("start", said),
            ("at", said),
            (0, "at", said),
            (0, "start", said.replace("a datetime.date", "a datetime.date or None")),
        ] == [
            *[p for p in agreement.value.problems if p[0] == "start"],
            *observation.value.problems,
            *fund_log_problems([event]),
            *fund_log_problems([request]),
        ]

    def test_a_suggestion_is_quoted_as_its_message(self) -> None:
        """'Count' for an aggregation and for a unit: Python's quotes in code, JSON's read."""
        metric = Metric(id="m", name="M", unit="count", aggregation="count")
        with pytest.raises(InvalidAgreementError) as built:
            changed(_full(), "metrics", (attrs.evolve(metric, unit="Count"),))
        document = to_dict(_full())
        document["metrics"][0]["unit"] = "Count"
        with pytest.raises(FormatError) as read:
            from_dict(document)

        assert (
            ["got str 'Count' (did you mean 'count'?)"],
            ['got "Count" (did you mean "count"?)'],
        ) == (
            [
                m[m.index("got ") :]
                for p, m in built.value.problems
                if p == "metrics[0].unit"
            ],
            [
                m[m.index("got ") :]
                for p, m in read.value.problems
                if p == "$.metrics[0].unit"
            ],
        )

    def test_an_empty_ref(self) -> None:
        """An empty ref: None built in code, null read, and the same reason either way."""
        reason = (
            ": a record is corrected and retracted by its ref, so two records "
            "with an empty one would be one; leave it out for a record without one"
        )
        with pytest.raises(InvalidObservationsError) as built:
            Observation("m", dt.date(2026, 1, 1), Decimal(1), ref="")
        with pytest.raises(FormatError) as read:
            observation_from_dict(
                {"metric": "m", "at": "2026-01-01", "value": "1", "ref": ""}
            )

        assert [
            ("ref", "expected a ref or None, got ''" + reason),
            ("$.ref", 'expected a ref or null, got ""' + reason),
        ] == [*built.value.problems, *read.value.problems]
