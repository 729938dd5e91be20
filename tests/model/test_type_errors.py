"""One rule for every value and call: a value of the wrong type is a TypeError too.

Text given for a review's day was a `TypeError` (its converter refused it),
while text given for an agreement's start or an observation's day was not
(the checks of the value found it); ``parties="acme"`` was one and
``parties=[1.5]`` was not. Whichever class holds the field and whichever
check finds it, the error of a value of the wrong type is now a
`TypeError` too, and the error of a wrong value of the right type is not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from mutualcommit import (
    Agreement,
    FundEvent,
    InvalidAgreementError,
    InvalidFieldsError,
    InvalidFundEventsError,
    InvalidObservationsError,
    Observation,
    ProblemsError,
    Review,
    Target,
    evaluate,
    fund_ledger,
    loads,
)
from mutualcommit.rules import Policy, PolicyError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DAY = dt.date(2026, 1, 1)


def _agreement(**fields: object) -> Agreement:
    base: dict[str, object] = {
        "id": "a",
        "title": "A",
        "start": DAY,
        "end": dt.date(2026, 12, 31),
        "currency": "EUR",
    }
    return Agreement(**(base | fields))  # type: ignore[arg-type]


def _example() -> Agreement:
    return loads((EXAMPLES / "it_vendor" / "agreement.json").read_bytes())


#: A construction with a value of the wrong type: the error it raises, and
#: the path of its one problem.
WRONG_TYPES: dict[str, tuple[Callable[[], object], type[ProblemsError], str]] = {
    "agreement start as text": (
        lambda: _agreement(start="2026-01-01"),
        InvalidAgreementError,
        "start",
    ),
    "agreement end as a datetime": (
        lambda: _agreement(end=dt.datetime(2026, 12, 31)),  # noqa: DTZ001
        InvalidAgreementError,
        "end",
    ),
    "agreement id as a number": (lambda: _agreement(id=7), InvalidAgreementError, "id"),
    "agreement title as None": (
        lambda: _agreement(title=None),
        InvalidAgreementError,
        "title",
    ),
    "agreement currency as a number": (
        lambda: _agreement(currency=978),
        InvalidAgreementError,
        "currency",
    ),
    "agreement version as text": (
        lambda: _agreement(version="1"),
        InvalidAgreementError,
        "version",
    ),
    "agreement review rule as a number": (
        lambda: _agreement(review_rule=3),
        InvalidAgreementError,
        "review_rule",
    ),
    "agreement extensions holding an object": (
        lambda: _agreement(extensions={"crm": object()}),
        InvalidAgreementError,
        "extensions.crm",
    ),
    "agreement party as a float": (
        lambda: _agreement(parties=[1.5]),
        InvalidAgreementError,
        "parties[0]",
    ),
    "observation day as text": (
        lambda: Observation("m", "2026-01-01", Decimal(1)),  # type: ignore[arg-type]
        InvalidObservationsError,
        "at",
    ),
    "observation metric as a number": (
        lambda: Observation(5, DAY, Decimal(1)),  # type: ignore[arg-type]
        InvalidObservationsError,
        "metric",
    ),
    "observation ref as a number": (
        lambda: Observation("m", DAY, Decimal(1), ref=5),  # type: ignore[arg-type]
        InvalidObservationsError,
        "ref",
    ),
    "observation dimension as a number": (
        lambda: Observation("m", DAY, Decimal(1), dims={"region": 5}),  # type: ignore[dict-item]
        InvalidObservationsError,
        "dims.region",
    ),
    "where value as a number": (
        lambda: Target(metric="m", value=1, direction="at_least", where={"r": 5}),  # type: ignore[dict-item]
        InvalidFieldsError,
        "where.r",
    ),
    "policy bands as text": (
        lambda: Policy(bands="0.8"),  # type: ignore[arg-type]
        PolicyError,
        "bands",
    ),
    "policy day count as text": (
        lambda: Policy(review_grace_days="14"),  # type: ignore[arg-type]
        PolicyError,
        "review_grace_days",
    ),
    "policy code as a number": (
        lambda: Policy(disabled=[101]),  # type: ignore[list-item]
        PolicyError,
        "disabled",
    ),
}

#: A construction with a wrong value of the right type: the error, the path.
WRONG_VALUES: dict[str, tuple[Callable[[], object], type[ProblemsError], str]] = {
    "agreement ends before it starts": (
        lambda: _agreement(end=dt.date(2025, 1, 1)),
        InvalidAgreementError,
        "end",
    ),
    "agreement id malformed": (
        lambda: _agreement(id="-a"),
        InvalidAgreementError,
        "id",
    ),
    "agreement currency in lower case": (
        lambda: _agreement(currency="eur"),
        InvalidAgreementError,
        "currency",
    ),
    "agreement version 0": (
        lambda: _agreement(version=0),
        InvalidAgreementError,
        "version",
    ),
    "observation ref blank": (
        lambda: Observation("m", DAY, Decimal(1), ref=" "),
        InvalidObservationsError,
        "ref",
    ),
    "where key blank": (
        lambda: Target(metric="m", value=1, direction="at_least", where={" ": "x"}),
        InvalidFieldsError,
        'where[" "]',
    ),
    "policy day count negative": (
        lambda: Policy(review_grace_days=-1),
        PolicyError,
        "review_grace_days",
    ),
    "policy code unknown": (
        lambda: Policy(disabled=["MC999"]),
        PolicyError,
        "disabled",
    ),
}


def _raised(build: Callable[[], object], kind: type[ProblemsError]) -> ProblemsError:
    with pytest.raises(kind) as caught:
        build()
    return caught.value


class TestValues:
    """A value built with a field of the wrong type raises its error as a TypeError too."""

    @pytest.mark.parametrize(
        ("build", "kind", "path"), list(WRONG_TYPES.values()), ids=list(WRONG_TYPES)
    )
    def test_a_wrong_type_is_a_type_error(
        self, build: Callable[[], object], kind: type[ProblemsError], path: str
    ) -> None:
        """The class's own error, at the field's path, and a TypeError."""
        error = _raised(build, kind)

        assert ([path], True) == (
            [at for at, _ in error.problems],
            isinstance(error, TypeError),
        )

    @pytest.mark.parametrize(
        ("build", "kind", "path"), list(WRONG_VALUES.values()), ids=list(WRONG_VALUES)
    )
    def test_a_wrong_value_is_not(
        self, build: Callable[[], object], kind: type[ProblemsError], path: str
    ) -> None:
        """A wrong value of the right type is a ValueError alone."""
        error = _raised(build, kind)

        assert ([path], False, True) == (
            [at for at, _ in error.problems],
            isinstance(error, TypeError),
            isinstance(error, ValueError),
        )

    def test_one_wrong_type_among_wrong_values(self) -> None:
        """One value of the wrong type among wrong values makes the error a TypeError."""
        error = _raised(
            lambda: _agreement(id="-a", currency="eur", start="2026-01-01"),
            InvalidAgreementError,
        )

        assert (["id", "start", "currency"], True) == (
            [at for at, _ in error.problems],
            isinstance(error, TypeError),
        )


class TestAgreementMethods:
    """The methods that change an agreement keep the rule of its construction."""

    def test_amend(self) -> None:
        """An amendment with text for a day is a TypeError, as the agreement built so is."""
        with pytest.raises(InvalidAgreementError) as caught:
            _example().amend(end="2027-06-30")  # type: ignore[arg-type]

        assert (["end"], True) == (
            [at for at, _ in caught.value.problems],
            isinstance(caught.value, TypeError),
        )

    def test_renew(self) -> None:
        """A renewal with text for a day, and its own id, is a TypeError listing both."""
        agreement = _example()
        with pytest.raises(InvalidAgreementError) as caught:
            agreement.renew(agreement.id, start="2027-01-01")  # type: ignore[arg-type]

        assert (["id", "start"], True) == (
            [at for at, _ in caught.value.problems],
            isinstance(caught.value, TypeError),
        )

    def test_update_action(self) -> None:
        """Text for an action item's due day is a TypeError at its path in the agreement."""
        agreement = _example()
        review = agreement.reviews[0]
        item = review.actions[0]
        with pytest.raises(InvalidAgreementError) as caught:
            agreement.update_action(review.id, item.id, due="2026-12-01")  # type: ignore[arg-type]

        assert (["reviews[0].actions[0].due"], True) == (
            [at for at, _ in caught.value.problems],
            isinstance(caught.value, TypeError),
        )

    def test_complete_action_without_a_day(self) -> None:
        """None where the day an item was done goes is a TypeError, as text is."""
        agreement = _example()
        review = agreement.reviews[0]
        item = review.actions[0]
        with pytest.raises(InvalidAgreementError) as none:
            agreement.complete_action(review.id, item.id, None)  # type: ignore[arg-type]
        with pytest.raises(InvalidAgreementError) as text:
            agreement.complete_action(review.id, item.id, "2026-12-01")  # type: ignore[arg-type]

        assert (True, True) == (
            isinstance(none.value, TypeError),
            isinstance(text.value, TypeError),
        )

    def test_a_wrong_value_is_not(self) -> None:
        """An amendment with a wrong value of the right type is a ValueError alone."""
        with pytest.raises(InvalidAgreementError) as caught:
            _example().amend(currency="euro")

        assert not isinstance(caught.value, TypeError)

    def test_a_review_held_twice_is_not(self) -> None:
        """A review whose attendee is unknown is a wrong value, not a wrong type."""
        agreement = _example()
        review = Review(id="extra", held_on=dt.date(2026, 5, 1), attendees=("nobody",))
        with pytest.raises(InvalidAgreementError) as caught:
            agreement.record_review(review)

        assert not isinstance(caught.value, TypeError)


class TestLogs:
    """A log that holds what is no record is a TypeError too; a wrong record is not."""

    def test_observations(self) -> None:
        """An item of a log that is no Observation: a TypeError; an unknown metric: not."""
        agreement = _example()
        with pytest.raises(InvalidObservationsError) as item:
            evaluate(agreement, [{"metric": "x"}], as_of=DAY)  # type: ignore[list-item]
        with pytest.raises(InvalidObservationsError) as metric:
            evaluate(agreement, [Observation("nope", DAY, Decimal(1))], as_of=DAY)

        assert (True, False) == (
            isinstance(item.value, TypeError),
            isinstance(metric.value, TypeError),
        )

    def test_fund_events(self) -> None:
        """A record of the wrong type, or one holding text for its day: a TypeError."""
        agreement = _example()
        grant: dict[str, Any] = {
            "fund": "acme-mdf-budget",
            "event": "grant",
            "ref": "g1",
            "amount": 1,
        }
        outcomes = []
        for log in (
            [3],
            [FundEvent(at="2026-01-01", **grant)],  # type: ignore[arg-type]
            [FundEvent(at=DAY, **{**grant, "fund": "nope"})],
        ):
            with pytest.raises(InvalidFundEventsError) as caught:
                fund_ledger(agreement, log, as_of=DAY)  # type: ignore[arg-type]
            outcomes.append(isinstance(caught.value, TypeError))

        assert [True, True, False] == outcomes


def test_an_item_set_around_a_review_is_a_type_error() -> None:
    """An action item set around its review's converter: the invariants' TypeError."""
    agreement = _example()
    review = agreement.reviews[0]
    n = len(review.actions)
    bad = attrs.evolve(review)
    object.__setattr__(bad, "actions", (*review.actions, "call them"))
    with pytest.raises(InvalidAgreementError) as caught:
        attrs.evolve(agreement, reviews=(bad, *agreement.reviews[1:]))

    assert (
        True,
        [(f"reviews[0].actions[{n}]", "expected an ActionItem, got str 'call them'")],
    ) == (isinstance(caught.value, TypeError), list(caught.value.problems))
