"""Exception criteria in the terms: invariants, canonical form, format and schema."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest
from jsonschema import Draft202012Validator

from mutualcommit import (
    ActionItem,
    Agreement,
    ExceptionCriterion,
    InvalidAgreementError,
    Period,
    Review,
)
from mutualcommit.model import canonical_terms
from mutualcommit.serialize import dumps, json_schema, loads, to_dict


def criterion(**changes: object) -> ExceptionCriterion:
    """Revenue per quarter and reseller between 10 000 and 90 000."""
    fields: dict[str, object] = {
        "id": "revenue-band",
        "title": "Quarterly revenue per reseller",
        "measure": "revenue",
        "owner": "acme",
        "resolve_within_days": 14,
        "lower": Decimal(10000),
        "upper": Decimal(90000),
        "per": Period.QUARTER,
        "split": "reseller",
    }
    fields.update(changes)
    return ExceptionCriterion(**fields)  # type: ignore[arg-type]


def problems(agreement: Agreement, **changes: Any) -> list[tuple[str, str]]:
    """The invariant problems of *agreement* with *changes*."""
    with pytest.raises(InvalidAgreementError) as raised:
        attrs.evolve(agreement, **changes)
    return list(raised.value.problems)


class TestInvariants:
    """A criterion's references resolve and its tolerances make a range."""

    def test_valid(self, agreement: Agreement) -> None:
        """A criterion on a known metric and party is accepted."""
        amended = agreement.amend(exception_criteria=(criterion(),))

        assert (criterion(),) == amended.exception_criteria

    def test_every_problem_with_its_path(self, agreement: Agreement) -> None:
        """Unknown metric and owner, negative days, no title: all listed at once."""
        bad = criterion(
            title=" ",
            measure="churn",
            owner="hooli",
            resolve_within_days=-1,
        )

        assert [
            ("exception_criteria[0].title", "expected a non-empty string"),
            ("exception_criteria[0].measure", "no metric with id 'churn'"),
            ("exception_criteria[0].owner", "no party with id 'hooli'"),
            (
                "exception_criteria[0].resolve_within_days",
                "expected a whole number of days from 0 to 36525, got int -1",
            ),
        ] == problems(agreement, exception_criteria=(bad,))

    def test_days_bounded(self, agreement: Agreement) -> None:
        """At most as many days as the longest term; a huge count is described."""
        assert [
            (
                "exception_criteria[0].resolve_within_days",
                (
                    "expected a whole number of days from 0 to 36525, got "
                    "an integer of 3322 bits"
                ),
            )
        ] == problems(
            agreement, exception_criteria=(criterion(resolve_within_days=10**1000),)
        )

    def test_bounds(self, agreement: Agreement) -> None:
        """At least one tolerance, and lower at most upper."""
        assert [
            (
                "exception_criteria[0]",
                "expected a lower or an upper tolerance (or both)",
            ),
            (
                "exception_criteria[1].upper",
                "the upper tolerance 5 is below the lower 6",
            ),
        ] == problems(
            agreement,
            exception_criteria=(
                criterion(lower=None, upper=None),
                criterion(id="other", lower=Decimal(6), upper=Decimal(5)),
            ),
        )

    def test_split_and_where(self, agreement: Agreement) -> None:
        """A dimension cannot be both split on and fixed."""
        bad = criterion(where={"reseller": "globex"})

        assert [
            (
                "exception_criteria[0].split",
                "dimension 'reseller' is both split on and fixed by where",
            )
        ] == problems(agreement, exception_criteria=(bad,))

    def test_duplicate_id(self, agreement: Agreement) -> None:
        """Ids are unique."""
        assert [
            (
                "exception_criteria[1].id",
                "duplicate exception criterion id 'revenue-band'",
            )
        ] == problems(agreement, exception_criteria=(criterion(), criterion()))

    def test_action_keys(self, agreement: Agreement) -> None:
        """An action item's exception keys name a criterion of the agreement."""
        review = Review(
            id="q9",
            held_on=agreement.start,
            actions=(
                ActionItem(
                    id="a",
                    owner="acme",
                    title="Work it",
                    exceptions=(
                        "revenue-band/globex/FY2026-Q1",
                        "churn/FY2026-Q1",
                        "no-slash",
                    ),
                ),
            ),
        )
        amended = agreement.amend(exception_criteria=(criterion(),))

        assert [
            (
                "reviews[1].actions[0].exceptions[1]",
                "no exception criterion with id 'churn'",
            ),
            (
                "reviews[1].actions[0].exceptions[2]",
                (
                    "expected an exception key 'criterion/window' or "
                    "'criterion/item/window', got str 'no-slash'"
                ),
            ),
        ] == problems(amended, reviews=(*amended.reviews, review))


class TestFormat:
    """Criteria are terms, written and read like the rest of the document."""

    def test_fingerprint_without_criteria(self, agreement: Agreement) -> None:
        """No criteria, no key: an agreement keeps its fingerprint."""
        assert "exception_criteria" not in canonical_terms(agreement)

    def test_criteria_are_terms(self, agreement: Agreement) -> None:
        """Adding a criterion changes the fingerprint."""
        amended = agreement.amend(exception_criteria=(criterion(),))

        assert agreement.fingerprint() != amended.fingerprint()

    def test_round_trip(self, agreement: Agreement) -> None:
        """Dumps then loads gives the same agreement back."""
        amended = agreement.amend(
            exception_criteria=(
                criterion(),
                criterion(id="low", upper=None, split=None),
            )
        )

        assert amended == loads(dumps(amended))

    def test_schema(self, agreement: Agreement) -> None:
        """The schema accepts the document and refuses a negative day count."""
        document = to_dict(agreement.amend(exception_criteria=(criterion(),)))
        validator = Draft202012Validator(json_schema())
        bad = to_dict(agreement.amend(exception_criteria=(criterion(),)))
        bad["exception_criteria"][0]["resolve_within_days"] = -1

        assert ([], 1) == (
            list(validator.iter_errors(document)),
            len(list(validator.iter_errors(bad))),
        )
