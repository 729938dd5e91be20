"""`exceptions`: the windows in which a measure left its tolerance, worked by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit import (
    ActionItem,
    Aggregation,
    Agreement,
    ExceptionCriterion,
    InvalidObservationsError,
    Metric,
    Observation,
    Party,
    Period,
    PlanException,
    Review,
    Role,
    exceptions,
)
from mutualcommit.kpi import (
    EXCEPTIONS_FORMAT,
    ObservationIndex,
    exception_key,
    exception_report_to_dict,
)

START = dt.date(2026, 1, 1)
END = dt.date(2026, 12, 31)


def fill_rate(**changes: object) -> ExceptionCriterion:
    """Monthly fill rate per item at least 0.95, worked on within 7 days."""
    fields: dict[str, object] = {
        "id": "fill",
        "title": "Fill rate per item",
        "measure": "fill-rate",
        "owner": "v",
        "resolve_within_days": 7,
        "lower": Decimal("0.95"),
        "per": Period.MONTH,
        "split": "item",
    }
    fields.update(changes)
    return ExceptionCriterion(**fields)  # type: ignore[arg-type]


def agreement(
    *criteria: ExceptionCriterion,
    start: dt.date = START,
    reviews: tuple[Review, ...] = (),
) -> Agreement:
    """A vendor and a partner, a fill rate (mean) and order lines (sum)."""
    return Agreement(
        id="cpfr",
        title="CPFR",
        parties=(
            Party(id="v", name="Vendor", role=Role.VENDOR),
            Party(id="p", name="Partner", role=Role.PARTNER),
        ),
        start=start,
        end=END,
        currency="EUR",
        metrics=(
            Metric(
                id="fill-rate",
                name="Fill rate",
                unit="percent",
                aggregation=Aggregation.MEAN,
            ),
            Metric(
                id="orders",
                name="Order lines",
                unit="count",
                aggregation=Aggregation.SUM,
            ),
        ),
        exception_criteria=criteria,
        reviews=reviews,
    )


def fill(day: dt.date, value: str, item: str) -> Observation:
    """A fill rate reading for *item*."""
    return Observation("fill-rate", day, Decimal(value), dims={"item": item})


#: Item a: January's mean is (0.90 + 0.96) / 2 = 0.93 < 0.95, February 0.99.
#: Item b: January 0.97, February 0.80 < 0.95.
#: Item c: first seen on 3 March, 0.5 < 0.95; January and February are not
#: judged for it. Nothing for b in March: no value, no exception.
LOG = (
    fill(dt.date(2026, 1, 10), "0.90", "a"),
    fill(dt.date(2026, 1, 20), "0.96", "a"),
    fill(dt.date(2026, 1, 5), "0.97", "b"),
    fill(dt.date(2026, 2, 9), "0.99", "a"),
    fill(dt.date(2026, 2, 9), "0.80", "b"),
    fill(dt.date(2026, 3, 3), "0.5", "c"),
    fill(dt.date(2026, 3, 4), "0.99", "a"),
)


class TestWorkedCase:
    """Per item and closed month, a mean below 0.95 is an exception due 7 days on."""

    def test_exceptions(self) -> None:
        """Three exceptions, by window then item, with value, limit and days."""
        report = exceptions(agreement(fill_rate()), LOG, as_of=dt.date(2026, 3, 31))

        assert [
            PlanException(
                criterion="fill",
                item="a",
                window="FY2026-M01",
                start=dt.date(2026, 1, 1),
                end=dt.date(2026, 1, 31),
                value=Decimal("0.93"),
                bound="lower",
                limit=Decimal("0.95"),
                owner="v",
                opened_on=dt.date(2026, 1, 31),
                due=dt.date(2026, 2, 7),
                past_due=True,
            ),
            PlanException(
                criterion="fill",
                item="b",
                window="FY2026-M02",
                start=dt.date(2026, 2, 1),
                end=dt.date(2026, 2, 28),
                value=Decimal("0.80"),
                bound="lower",
                limit=Decimal("0.95"),
                owner="v",
                opened_on=dt.date(2026, 2, 28),
                due=dt.date(2026, 3, 7),
                past_due=True,
            ),
            PlanException(
                criterion="fill",
                item="c",
                window="FY2026-M03",
                start=dt.date(2026, 3, 1),
                end=dt.date(2026, 3, 31),
                value=Decimal("0.5"),
                bound="lower",
                limit=Decimal("0.95"),
                owner="v",
                opened_on=dt.date(2026, 3, 31),
                due=dt.date(2026, 4, 7),
                past_due=False,
            ),
        ] == list(report.exceptions)
        assert ["fill/a/FY2026-M01", "fill/b/FY2026-M02"] == [
            e.key for e in report.past_due
        ]

    def test_open_window_not_judged(self) -> None:
        """As of 15 March, March has not closed: item c has no exception yet."""
        report = exceptions(agreement(fill_rate()), LOG, as_of=dt.date(2026, 3, 15))

        assert ["fill/a/FY2026-M01", "fill/b/FY2026-M02"] == [
            e.key for e in report.exceptions
        ]

    def test_due_day_is_not_past_due(self) -> None:
        """On its due day an exception is open, the day after it is past due."""
        on_due = exceptions(agreement(fill_rate()), LOG, as_of=dt.date(2026, 2, 7))
        after = exceptions(agreement(fill_rate()), LOG, as_of=dt.date(2026, 2, 8))

        assert (False, True) == (
            on_due.exceptions[0].past_due,
            after.exceptions[0].past_due,
        )

    def test_worked_by_action_item(self) -> None:
        """An action item of a review held by as_of that names the key works it."""
        review = Review(
            id="r1",
            held_on=dt.date(2026, 3, 10),
            attendees=("v", "p"),
            actions=(
                ActionItem(
                    id="expedite",
                    owner="v",
                    title="Expedite item a",
                    exceptions=("fill/a/FY2026-M01",),
                ),
            ),
        )
        terms = agreement(fill_rate(), reviews=(review,))

        before = exceptions(terms, LOG, as_of=dt.date(2026, 3, 9))
        after = exceptions(terms, LOG, as_of=dt.date(2026, 3, 10))

        assert ((), True) == (
            before.exceptions[0].actions,
            before.exceptions[0].past_due,
        )
        first = after.exceptions[0]
        assert (("r1/expedite",), True, False) == (
            first.actions,
            first.worked,
            first.past_due,
        )
        assert ["fill/b/FY2026-M02"] == [e.key for e in after.past_due]

    def test_where_without_split(self) -> None:
        """Without a split the measure is judged as a whole, on where's records."""
        criterion = fill_rate(split=None, where={"item": "b"})
        report = exceptions(agreement(criterion), LOG, as_of=dt.date(2026, 3, 31))

        assert [("fill/FY2026-M02", None, Decimal("0.80"))] == [
            (e.key, e.item, e.value) for e in report.exceptions
        ]


class TestUpperAndOrder:
    """Each closed window of each item is judged against both tolerances."""

    def test_upper_every_window(self) -> None:
        """Item a's mean of 0.99 in February and in March is above 0.98."""
        criterion = fill_rate(lower=None, upper=Decimal("0.98"))
        report = exceptions(agreement(criterion), LOG, as_of=dt.date(2026, 3, 31))

        assert [
            ("fill/a/FY2026-M02", "upper", Decimal("0.99")),
            ("fill/a/FY2026-M03", "upper", Decimal("0.99")),
        ] == [(e.key, e.bound, e.value) for e in report.exceptions]

    def test_criteria_in_agreement_order(self) -> None:
        """Exceptions come by criterion in agreement order, then window, then item."""
        second = fill_rate(id="a-fill", lower=Decimal("0.99"))
        report = exceptions(
            agreement(fill_rate(), second), LOG, as_of=dt.date(2026, 2, 28)
        )

        assert [
            "fill/a/FY2026-M01",
            "fill/b/FY2026-M02",
            "a-fill/a/FY2026-M01",
            "a-fill/b/FY2026-M01",
            "a-fill/b/FY2026-M02",
        ] == [e.key for e in report.exceptions]


class TestFlows:
    """A sum's tolerance is pro-rated in a window the term cuts short."""

    def test_clipped_month(self) -> None:
        """A term from 16 January: January's floor is 310 x 16/31 = 160."""
        criterion = ExceptionCriterion(
            id="orders",
            title="Order lines per month",
            measure="orders",
            owner="p",
            resolve_within_days=0,
            lower=Decimal(310),
            per=Period.MONTH,
        )
        log = (
            Observation("orders", dt.date(2026, 1, 20), Decimal(150)),
            Observation("orders", dt.date(2026, 2, 10), Decimal(300)),
            Observation("orders", dt.date(2026, 3, 10), Decimal(320)),
        )
        report = exceptions(
            agreement(criterion, start=dt.date(2026, 1, 16)),
            log,
            as_of=dt.date(2026, 3, 31),
        )

        assert [
            ("orders/FY2026-M01", Decimal(150), Decimal(160), dt.date(2026, 1, 31)),
            ("orders/FY2026-M02", Decimal(300), Decimal(310), dt.date(2026, 2, 28)),
        ] == [(e.key, e.value, e.limit, e.due) for e in report.exceptions]

    def test_month_without_records_counts_zero(self) -> None:
        """After its first record a sum with no record in a month is 0."""
        criterion = ExceptionCriterion(
            id="orders",
            title="Order lines per month",
            measure="orders",
            owner="p",
            resolve_within_days=0,
            lower=Decimal(1),
            per=Period.MONTH,
        )
        log = (Observation("orders", dt.date(2026, 2, 10), Decimal(3)),)
        report = exceptions(agreement(criterion), log, as_of=dt.date(2026, 3, 31))

        assert [("orders/FY2026-M03", Decimal(0))] == [
            (e.key, e.value) for e in report.exceptions
        ]


class TestInputs:
    """Bad observations are refused as evaluate refuses them; an index is reused."""

    def test_unknown_metric(self) -> None:
        """An observation of a metric the agreement lacks is listed with its index."""
        log = (*LOG, Observation("returns", dt.date(2026, 1, 3), Decimal(1)))

        with pytest.raises(InvalidObservationsError) as raised:
            exceptions(agreement(fill_rate()), log, as_of=dt.date(2026, 3, 31))

        assert ["[7]"] == [path for path, _ in raised.value.problems]

    def test_index(self) -> None:
        """An ObservationIndex of the agreement gives the same report."""
        terms = agreement(fill_rate())
        day = dt.date(2026, 3, 31)

        assert exceptions(terms, LOG, as_of=day) == exceptions(
            terms, ObservationIndex(terms, LOG), as_of=day
        )

    def test_index_of_another_agreement(self) -> None:
        """An index of other terms is refused rather than silently misread."""
        other = agreement(fill_rate(id="other"))

        with pytest.raises(ValueError, match="another agreement"):
            exceptions(
                agreement(fill_rate()),
                ObservationIndex(other, LOG),
                as_of=dt.date(2026, 3, 31),
            )

    def test_as_of_datetime(self) -> None:
        """A datetime is not a day."""
        with pytest.raises(TypeError):
            exceptions(
                agreement(fill_rate()),
                LOG,
                as_of=dt.datetime(2026, 3, 31),  # noqa: DTZ001
            )

    def test_no_criteria(self) -> None:
        """An agreement without criteria has no exceptions."""
        assert () == exceptions(agreement(), LOG, as_of=END).exceptions


class TestJson:
    """The report's JSON names every exception by key, numbers as decimal text."""

    def test_document(self) -> None:
        """The header, then one object per exception."""
        terms = agreement(fill_rate())
        document = exception_report_to_dict(
            exceptions(terms, LOG, as_of=dt.date(2026, 2, 28))
        )

        assert {
            "format": EXCEPTIONS_FORMAT,
            "format_version": 1,
            "agreement": "cpfr",
            "fingerprint": terms.fingerprint(),
            "as_of": "2026-02-28",
        } == {k: v for k, v in document.items() if k != "exceptions"}
        assert {
            "key": "fill/a/FY2026-M01",
            "criterion": "fill",
            "item": "a",
            "window": "FY2026-M01",
            "start": "2026-01-01",
            "end": "2026-01-31",
            "value": "0.93",
            "bound": "lower",
            "limit": "0.95",
            "owner": "v",
            "opened_on": "2026-01-31",
            "due": "2026-02-07",
            "actions": [],
            "past_due": True,
        } == document["exceptions"][0]

    def test_key(self) -> None:
        """Keys leave the item out when there is none."""
        assert ("c/W1", "c/i/W1") == (
            exception_key("c", None, "W1"),
            exception_key("c", "i", "W1"),
        )


readings = st.lists(
    st.tuples(
        st.dates(START, END),
        st.decimals(min_value=0, max_value=1, places=2),
        st.sampled_from(["a", "b", "c"]),
    ),
    max_size=30,
)


class TestLaws:
    """What has opened stays opened: later days only add exceptions."""

    @given(readings, st.dates(START, END), st.dates(START, END))
    def test_monotone_in_as_of(
        self,
        drawn: list[tuple[dt.date, Decimal, str]],
        one: dt.date,
        other: dt.date,
    ) -> None:
        """Every exception as of an earlier day is one, the same, as of a later day."""
        early, late = sorted((one, other))
        terms = agreement(fill_rate(upper=Decimal("0.99")))
        log = [fill(day, str(value), item) for day, value, item in drawn]
        index = ObservationIndex(terms, log)

        def found(day: dt.date) -> dict[str, tuple[object, ...]]:
            report = exceptions(terms, index, as_of=day)
            return {
                e.key: (e.value, e.bound, e.limit, e.opened_on, e.due)
                for e in report.exceptions
            }

        before, after = found(early), found(late)

        assert before == {key: after[key] for key in before}

    @given(readings)
    def test_outside_tolerance(self, drawn: list[tuple[dt.date, Decimal, str]]) -> None:
        """Every exception's value lies beyond the limit it names."""
        terms = agreement(fill_rate(upper=Decimal("0.99")))
        log = [fill(day, str(value), item) for day, value, item in drawn]

        for e in exceptions(terms, log, as_of=END).exceptions:
            assert e.value < e.limit if e.bound == "lower" else e.value > e.limit
