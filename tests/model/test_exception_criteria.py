"""Exception criteria in the terms: invariants, canonical form, format and schema."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from tests.conftest import stable

from mutualcommit import (
    ActionItem,
    Agreement,
    ExceptionCriterion,
    FiscalCalendar,
    InvalidAgreementError,
    Period,
    Review,
)
from mutualcommit.calendar import windows
from mutualcommit.kpi import exception_key
from mutualcommit.model import canonical_terms
from mutualcommit.serialize import dumps, json_schema, loads, to_dict
from mutualcommit.testing.strategies import fiscal_calendars

from .conftest import make_agreement


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


_TERMS = st.tuples(
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    st.integers(0, 3 * 366),
).map(lambda pair: (pair[0], pair[0] + dt.timedelta(days=pair[1])))
#: An item is any text a record's dimension holds: slashes, nothing, a
#: space, a label, any character but a lone surrogate or one whose
#: normalisation depends on the Python (held in NFC).
_ITEMS = st.sampled_from(["sku-1", "", " ", "a/b", "2027-W01", "FY2027-M01"]) | st.text(
    st.characters(exclude_categories=["Cs"]), max_size=6
).map(lambda text: unicodedata.normalize("NFC", stable(text)))


class TestActionKeys:
    """A key names an exception its criterion can raise: every one it raises, and no other."""

    def _review(self, agreement: Agreement, keys: tuple[str, ...]) -> Review:
        return Review(
            id="keys",
            held_on=agreement.start,
            actions=(ActionItem(id="a", owner="acme", title="Work", exceptions=keys),),
        )

    @given(
        term=_TERMS,
        calendar=fiscal_calendars(),
        per=st.sampled_from(Period),
        split=st.sampled_from([None, "reseller"]),
        item=st.none() | _ITEMS,
    )
    def test_every_window_of_the_term(
        self,
        term: tuple[dt.date, dt.date],
        calendar: FiscalCalendar,
        per: Period,
        split: str | None,
        item: str | None,
    ) -> None:
        """The key of each window the term is cut into, with an item (or, for the records without one, none) when it splits, is accepted."""
        start, end = term
        terms = attrs.evolve(
            make_agreement(),
            start=start,
            end=end,
            fiscal_calendar=calendar,
            goals=(),
            contributions=(),
            incentives=(),
            remedies=(),
            allocations=(),
            reviews=(),
            exception_criteria=(criterion(per=per, split=split),),
        )
        keys = tuple(
            exception_key("revenue-band", None if split is None else item, w.label)
            for w in windows(calendar, per, start, end)
        )

        amended = attrs.evolve(terms, reviews=(self._review(terms, keys),))

        assert keys == amended.reviews[0].actions[0].exceptions

    @pytest.mark.parametrize(
        ("per", "key", "problem"),
        [
            (
                Period.WEEK,
                "revenue-band/globex/2026-w53",
                (
                    "'2026-w53' is no window of criterion 'revenue-band', judged per "
                    "week: expected an ISO week, labelled like '2027-W05' (did you "
                    "mean '2026-W53'?)"
                ),
            ),
            (
                Period.WEEK,
                "revenue-band/globex/2027-W53",
                (
                    "'2027-W53' is no window of criterion 'revenue-band', judged per "
                    "week: ISO year 2027 has 52 weeks"
                ),
            ),
            (
                Period.WEEK,
                "revenue-band/globex/FY2026-M01",
                (
                    "'FY2026-M01' is no window of criterion 'revenue-band', judged per "
                    "week: expected an ISO week, labelled like '2027-W05', not a "
                    "fiscal month"
                ),
            ),
            (
                Period.MONTH,
                "revenue-band/globex/FY2026-M13",
                (
                    "'FY2026-M13' is no window of criterion 'revenue-band', judged per "
                    "month: a fiscal year has 12 months"
                ),
            ),
            (
                Period.MONTH,
                "revenue-band/globex/FY2026-M1",
                (
                    "'FY2026-M1' is no window of criterion 'revenue-band', judged per "
                    "month: expected a fiscal month, labelled like 'FY2027-M01' (did "
                    "you mean 'FY2026-M01'?)"
                ),
            ),
            (
                Period.YEAR,
                "revenue-band/globex/FY2031",
                (
                    "'FY2031' is no window of criterion 'revenue-band', judged per "
                    "year: the year lies outside the term, 2026-01-01 to 2026-12-31"
                ),
            ),
            pytest.param(
                Period.YEAR,
                "revenue-band/globex/FY" + "9" * 5000,
                (
                    f"'FY{'9' * 5000}' is no window of criterion 'revenue-band', "
                    "judged per year: expected a fiscal year, labelled like 'FY2027'"
                ),
                id="a year of thousands of digits",
            ),
            (
                Period.TERM,
                "revenue-band/globex/Term",
                (
                    "'Term' is no window of criterion 'revenue-band', judged per term: "
                    "expected the term's one window, 'term' (did you mean 'term'?)"
                ),
            ),
        ],
    )
    def test_a_key_that_names_no_exception(
        self, agreement: Agreement, per: Period, key: str, problem: str
    ) -> None:
        """Refused at its path, saying why (and which was meant, where one fits)."""
        amended = agreement.amend(exception_criteria=(criterion(per=per),))

        assert [("reviews[1].actions[0].exceptions[0]", problem)] == problems(
            amended, reviews=(*amended.reviews, self._review(amended, (key,)))
        )

    def test_no_item_on_a_split_criterion(self, agreement: Agreement) -> None:
        """A split criterion's key without an item names its records without the dimension.

        Those records are judged together, as no item, and their exception
        is worked on by that key, which was refused as naming no item.
        """
        amended = agreement.amend(exception_criteria=(criterion(),))
        review = self._review(amended, ("revenue-band/FY2026-Q1",))

        worked = attrs.evolve(amended, reviews=(*amended.reviews, review))

        assert ("revenue-band/FY2026-Q1",) == worked.reviews[-1].actions[0].exceptions

    def test_an_item_on_a_criterion_without_split(self, agreement: Agreement) -> None:
        """A criterion that does not split names no item: the key without it is meant."""
        amended = agreement.amend(exception_criteria=(criterion(split=None),))
        review = self._review(amended, ("revenue-band/globex/FY2026-Q1",))

        assert [
            (
                "reviews[1].actions[0].exceptions[0]",
                (
                    "criterion 'revenue-band' does not split, so its keys name no "
                    "item: expected 'revenue-band/FY2026-Q1', without 'globex'"
                ),
            )
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
