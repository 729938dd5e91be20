"""`exceptions`: the windows in which a measure left its tolerance, worked by hand."""

from __future__ import annotations

import datetime as dt
import decimal
import sys
from collections import Counter
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import counted_reads

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
    check,
    exceptions,
)
from mutualcommit.kpi import (
    EXCEPTIONS_FORMAT,
    ObservationIndex,
    exception_key,
    exception_report_to_dict,
    never_observed,
)
from mutualcommit.kpi._exceptions import measure_actuals

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


def fill(day: dt.date, value: str, item: str | None) -> Observation:
    """A fill rate reading for *item* (None: a reading without an item)."""
    dims = {} if item is None else {"item": item}
    return Observation("fill-rate", day, Decimal(value), dims=dims)


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


class TestItemsInNfc:
    """An item is a dimension's value in Unicode NFC, however a record composed it."""

    def test_one_item_however_composed(self) -> None:
        """Île as one character and as I and a combining circumflex: one item, mean 0.93."""
        composed, decomposed = "\u00cele", "I\u0302le"
        log = (
            fill(dt.date(2026, 1, 10), "0.90", decomposed),
            fill(dt.date(2026, 1, 20), "0.96", composed),
        )

        report = exceptions(agreement(fill_rate()), log, as_of=dt.date(2026, 2, 28))

        assert [(composed, "fill/\u00cele/FY2026-M01", Decimal("0.93"))] == [
            (e.item, e.key, e.value) for e in report.exceptions
        ]

    def test_worked_by_a_key_however_composed(self) -> None:
        """An action item naming the key with I and a combining circumflex works it."""
        composed, decomposed = "\u00cele", "I\u0302le"
        review = Review(
            id="r1",
            held_on=dt.date(2026, 2, 3),
            attendees=("v", "p"),
            actions=(
                ActionItem(
                    id="expedite",
                    owner="v",
                    title="Expedite",
                    exceptions=(f"fill/{decomposed}/FY2026-M01",),
                ),
            ),
        )
        log = (fill(dt.date(2026, 1, 10), "0.90", composed),)

        report = exceptions(
            agreement(fill_rate(), reviews=(review,)), log, as_of=dt.date(2026, 2, 28)
        )

        assert [("fill/\u00cele/FY2026-M01", ("r1/expedite",), False)] == [
            (e.key, e.actions, e.past_due) for e in report.exceptions
        ]


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
            "version": 1,
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


class TestFrames:
    """The report's exceptions make a data frame, one row per exception."""

    def test_records(self) -> None:
        """A record per exception with the JSON document's keys, exact values and days."""
        terms = agreement(fill_rate())
        report = exceptions(terms, LOG, as_of=dt.date(2026, 2, 28))
        document = exception_report_to_dict(report)

        records = report.to_records()

        assert {
            "key": "fill/a/FY2026-M01",
            "criterion": "fill",
            "item": "a",
            "window": "FY2026-M01",
            "start": dt.date(2026, 1, 1),
            "end": dt.date(2026, 1, 31),
            "value": Decimal("0.93"),
            "bound": "lower",
            "limit": Decimal("0.95"),
            "owner": "v",
            "opened_on": dt.date(2026, 1, 31),
            "due": dt.date(2026, 2, 7),
            "actions": [],
            "past_due": True,
        } == records[0]
        assert [list(e) for e in document["exceptions"]] == [list(r) for r in records]

    def test_pandas(self) -> None:
        """The frame's rows are the report's exceptions, its columns the records' keys."""
        pytest.importorskip("pandas")
        report = exceptions(agreement(fill_rate()), LOG, as_of=dt.date(2026, 3, 31))

        frame = report.to_pandas()

        assert [e.key for e in report.exceptions] == list(frame["key"])
        assert [0.93, 0.8, 0.5] == list(frame["value"])
        assert list(report.to_records()[0]) == list(frame.columns)

    def test_polars(self) -> None:
        """The same rows and columns in polars; an empty report keeps its columns."""
        pytest.importorskip("polars", reason="the polars extra is not installed")
        report = exceptions(agreement(fill_rate()), LOG, as_of=dt.date(2026, 3, 31))
        empty = exceptions(agreement(fill_rate()), LOG, as_of=dt.date(2026, 1, 30))

        frame = report.to_polars()

        assert [e.key for e in report.exceptions] == frame["key"].to_list()
        assert list(report.to_records()[0]) == frame.columns
        assert (0, frame.columns) == (len(empty.to_polars()), empty.to_polars().columns)

    @pytest.mark.parametrize(
        ("module", "method"), [("pandas", "to_pandas"), ("polars", "to_polars")]
    )
    def test_without_the_extra(
        self, monkeypatch: pytest.MonkeyPatch, module: str, method: str
    ) -> None:
        """Without the extra the error names ``ExceptionReport.<method>()`` and what to install."""
        monkeypatch.setitem(sys.modules, module, None)
        report = exceptions(agreement(fill_rate()), LOG, as_of=dt.date(2026, 3, 31))

        with pytest.raises(ModuleNotFoundError) as caught:
            getattr(report, method)()

        assert str(caught.value).startswith(
            f"ExceptionReport.{method}() needs {module}, which is not installed: "
            f"install mutualcommit's extra '{module}'"
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


def orders(**changes: object) -> ExceptionCriterion:
    """Monthly order lines (a sum) from 100 to 200, worked on within 3 days."""
    fields: dict[str, object] = {
        "id": "orders",
        "title": "Order lines per month",
        "measure": "orders",
        "owner": "p",
        "resolve_within_days": 3,
        "lower": Decimal(100),
        "upper": Decimal(200),
        "per": Period.MONTH,
    }
    fields.update(changes)
    return ExceptionCriterion(**fields)  # type: ignore[arg-type]


def order(day: dt.date, value: int, **dims: str) -> Observation:
    """An order-lines record."""
    return Observation("orders", day, Decimal(value), dims=dims)


class TestTolerances:
    """Both tolerances of one criterion, pro-rated only for a flow in a short window."""

    def test_lower_and_upper_in_one_criterion(self) -> None:
        """90 is under 100, 150 within, 201 over 200: one lower, one upper."""
        log = (
            order(dt.date(2026, 1, 5), 90),
            order(dt.date(2026, 2, 5), 150),
            order(dt.date(2026, 3, 5), 201),
        )
        report = exceptions(agreement(orders()), log, as_of=dt.date(2026, 3, 31))

        assert [
            ("orders/FY2026-M01", Decimal(90), "lower", Decimal(100)),
            ("orders/FY2026-M03", Decimal(201), "upper", Decimal(200)),
        ] == [(e.key, e.value, e.bound, e.limit) for e in report.exceptions]

    def test_on_the_limits_is_within(self) -> None:
        """Exactly 100 and exactly 200 are within the tolerance."""
        log = (order(dt.date(2026, 1, 5), 100), order(dt.date(2026, 2, 5), 200))

        assert () == (
            exceptions(agreement(orders()), log, as_of=dt.date(2026, 2, 28)).exceptions
        )

    def test_clipped_upper_is_pro_rated(self) -> None:
        """A term from 16 January: January's ceiling is 310 x 16/31 = 160."""
        criterion = orders(lower=None, upper=Decimal(310))
        log = (order(dt.date(2026, 1, 20), 170), order(dt.date(2026, 2, 20), 300))
        report = exceptions(
            agreement(criterion, start=dt.date(2026, 1, 16)),
            log,
            as_of=dt.date(2026, 2, 28),
        )

        assert [("orders/FY2026-M01", Decimal(170), "upper", Decimal(160))] == [
            (e.key, e.value, e.bound, e.limit) for e in report.exceptions
        ]

    def test_clipped_lower_and_upper_are_both_pro_rated(self) -> None:
        """From 16 January, 100 to 200 become 100 x 16/31 and 200 x 16/31 in January."""
        log = (order(dt.date(2026, 1, 20), 40),)
        report = exceptions(
            agreement(orders(), start=dt.date(2026, 1, 16)),
            log,
            as_of=dt.date(2026, 1, 31),
        )
        (only,) = report.exceptions

        assert ("lower", Decimal("51.61290322580645161290322581")) == (
            only.bound,
            only.limit,
        )
        log = (order(dt.date(2026, 1, 20), 104),)
        (high,) = exceptions(
            agreement(orders(), start=dt.date(2026, 1, 16)),
            log,
            as_of=dt.date(2026, 1, 31),
        ).exceptions

        assert ("upper", Decimal("103.2258064516129032258064516")) == (
            high.bound,
            high.limit,
        )

    def test_a_level_is_not_pro_rated(self) -> None:
        """A mean fill rate keeps its 0.95 floor in a January the term cuts short."""
        log = (fill(dt.date(2026, 1, 20), "0.9", "a"),)
        report = exceptions(
            agreement(fill_rate(), start=dt.date(2026, 1, 16)),
            log,
            as_of=dt.date(2026, 1, 31),
        )

        assert [("fill/a/FY2026-M01", Decimal("0.9"), Decimal("0.95"))] == [
            (e.key, e.value, e.limit) for e in report.exceptions
        ]


class TestDue:
    """An exception is due resolve_within_days after its window's last day."""

    def test_due_at_the_end_of_time(self) -> None:
        """December 9999 closes on the last day a date can hold: due that day."""
        terms = attrs.evolve(
            agreement(orders(resolve_within_days=30)),
            start=dt.date(9999, 11, 1),
            end=dt.date(9999, 12, 31),
        )
        log = (order(dt.date(9999, 11, 5), 90),)
        report = exceptions(terms, log, as_of=dt.date(9999, 12, 31))

        assert [
            ("orders/FY9999-M11", dt.date(9999, 12, 30), True),
            ("orders/FY9999-M12", dt.date(9999, 12, 31), False),
        ] == [(e.key, e.due, e.past_due) for e in report.exceptions]

    def test_zero_days(self) -> None:
        """With 0 days an exception is due the day its window closes."""
        log = (order(dt.date(2026, 1, 5), 1),)
        (only,) = exceptions(
            agreement(orders(resolve_within_days=0)), log, as_of=dt.date(2026, 1, 31)
        ).exceptions

        assert (dt.date(2026, 1, 31), dt.date(2026, 1, 31), False) == (
            only.opened_on,
            only.due,
            only.past_due,
        )


class TestActionItems:
    """Every action item held by as_of that names a key is listed, in review order."""

    def test_several_reviews_and_actions(self) -> None:
        """Two actions of r1 and one of r2 name the key; r3, held later, does not count."""

        def review(name: str, day: dt.date, *actions: tuple[str, str]) -> Review:
            return Review(
                id=name,
                held_on=day,
                attendees=("v", "p"),
                actions=tuple(
                    ActionItem(id=a, owner="v", title=a.title(), exceptions=(key,))
                    for a, key in actions
                ),
            )

        key = "fill/a/FY2026-M01"
        reviews = (
            review(
                "r1",
                dt.date(2026, 2, 10),
                ("call", key),
                ("other", "fill/b/FY2026-M02"),
                ("ship", key),
            ),
            review("r2", dt.date(2026, 2, 20), ("audit", key)),
            review("r3", dt.date(2026, 4, 1), ("late", key)),
        )
        report = exceptions(
            agreement(fill_rate(), reviews=reviews), LOG, as_of=dt.date(2026, 3, 31)
        )

        assert [
            ("fill/a/FY2026-M01", ("r1/call", "r1/ship", "r2/audit"), False),
            ("fill/b/FY2026-M02", ("r1/other",), False),
            ("fill/c/FY2026-M03", (), False),
        ] == [(e.key, e.actions, e.past_due) for e in report.exceptions]
        assert ["r1/call", "r1/ship", "r2/audit"] == (
            exception_report_to_dict(report)["exceptions"][0]["actions"]
        )


#: Items as a log may spell them: slashes, nothing, a space, a label.
#: Items a key must carry whole; None is a reading without an item.
_KEY_ITEMS = st.sampled_from(["a", "a/b", "", " ", "FY2026-M01", "2026-W53", None])


class TestEveryKeyNamesItsException:
    """The key of every exception a report raises is one an action item may name."""

    @given(
        per=st.sampled_from(Period),
        split=st.sampled_from([None, "item"]),
        readings=st.lists(
            st.tuples(
                st.integers(0, 364), st.sampled_from(["0.5", "0.99"]), _KEY_ITEMS
            ),
            min_size=1,
            max_size=12,
        ),
    )
    def test_accepted_and_worked(
        self,
        per: Period,
        split: str | None,
        readings: list[tuple[int, str, str | None]],
    ) -> None:
        """A review naming every key is accepted, and every exception is then worked.

        The readings without an item are judged together: their key names
        no item.
        """
        criterion = fill_rate(per=per, split=split)
        log = [fill(START + dt.timedelta(days=n), v, item) for n, v, item in readings]
        as_of = dt.date(2027, 1, 31)
        keys = tuple(
            e.key for e in exceptions(agreement(criterion), log, as_of=as_of).exceptions
        )
        review = Review(
            id="r",
            held_on=END,
            actions=(ActionItem(id="a", owner="v", title="Work", exceptions=keys),),
        )

        worked = exceptions(agreement(criterion, reviews=(review,)), log, as_of=as_of)

        assert [(key, ("r/a",)) for key in keys] == [
            (e.key, e.actions) for e in worked.exceptions
        ]

    def test_a_week_53(self) -> None:
        """Item a below tolerance in 2026-W53 (28 December to 3 January): 'fill/a/2026-W53' is its key."""
        criterion = fill_rate(per=Period.WEEK)
        log = [fill(dt.date(2026, 12, 29), "0.5", "a")]
        review = Review(
            id="r",
            held_on=END,
            actions=(
                ActionItem(
                    id="a", owner="v", title="Work", exceptions=("fill/a/2026-W53",)
                ),
            ),
        )

        report = exceptions(
            agreement(criterion, reviews=(review,)), log, as_of=dt.date(2027, 1, 4)
        )

        assert [("fill/a/2026-W53", ("r/a",))] == [
            (e.key, e.actions) for e in report.exceptions
        ]


#: Order lines per item: the items drawn, a blank and the empty text
#: among them, or none (a record without an item).
_SPLIT_ITEMS = st.sampled_from(["a", "b", "", " ", "a ", None])


class TestRecordsWithoutTheSplit:
    """A split criterion judges its records without the dimension together, as no item.

    They were judged under no item at all: 300 returns recorded without an
    item raised nothing against an upper tolerance of 10, and nothing said
    so.
    """

    def test_an_upper_breach_without_an_item(self) -> None:
        """300 order lines without an item, 150 with one: the 300 are over 200."""
        criterion = orders(lower=None, split="item")
        log = (
            order(dt.date(2026, 1, 5), 150, item="sku-1"),
            order(dt.date(2026, 1, 6), 300),
        )

        report = exceptions(agreement(criterion), log, as_of=dt.date(2026, 2, 15))

        assert [("orders/FY2026-M01", None, Decimal(300), "upper")] == [
            (e.key, e.item, e.value, e.bound) for e in report.exceptions
        ]

    def test_no_item_first(self) -> None:
        """In a window, the records without an item come before the items."""
        criterion = orders(split="item")
        log = (
            order(dt.date(2026, 1, 5), 50, item=""),
            order(dt.date(2026, 1, 6), 40),
            order(dt.date(2026, 1, 7), 30, item="a"),
        )

        report = exceptions(agreement(criterion), log, as_of=dt.date(2026, 1, 31))

        assert [None, "", "a"] == [e.item for e in report.exceptions]

    @given(
        st.lists(
            st.tuples(st.integers(0, 364), st.integers(0, 500), _SPLIT_ITEMS),
            max_size=25,
        )
    )
    def test_slices_add_up(self, drawn: list[tuple[int, int, str | None]]) -> None:
        """A sum's values per item, no item among them, add up to the whole's, in every window."""
        terms = agreement(orders(split="item"))
        log = [
            order(
                START + dt.timedelta(days=n),
                value,
                **({} if i is None else {"item": i}),
            )
            for n, value, i in drawn
        ]
        index = ObservationIndex(terms, log)
        spans = [(dt.date(2026, m, 1), dt.date(2026, m, 28)) for m in range(1, 13)]

        def values(split: str | None) -> dict[str | None, list[Decimal | None]]:
            return measure_actuals(
                index, "orders", spans, as_of=END, where={}, split=split
            )

        per_item, whole = values("item"), values(None)

        assert {i for _, _, i in drawn} == set(per_item)
        assert whole[None] == [
            sum((slices[n] or Decimal(0) for slices in per_item.values()), Decimal(0))
            for n in range(len(spans))
        ]


class TestReport:
    """The report's views and its document, for a criterion without a split."""

    def test_criterion_and_past_due(self) -> None:
        """criterion() keeps one criterion's exceptions; past_due the overdue ones.

        Order lines: 90 in January, none in February, 250 in March; each due
        30 days after its month, so March's alone is not overdue on 31 March.
        """
        log = (
            *LOG,
            order(dt.date(2026, 1, 5), 90),
            order(dt.date(2026, 3, 5), 250),
        )
        report = exceptions(
            agreement(fill_rate(), orders(resolve_within_days=30)),
            log,
            as_of=dt.date(2026, 3, 31),
        )

        assert ["orders/FY2026-M01", "orders/FY2026-M02", "orders/FY2026-M03"] == [
            e.key for e in report.criterion("orders")
        ]
        assert ["fill/c/FY2026-M03"] == [
            e.key for e in report.criterion("fill") if not e.past_due
        ]
        assert [
            "fill/a/FY2026-M01",
            "fill/b/FY2026-M02",
            "orders/FY2026-M01",
            "orders/FY2026-M02",
        ] == [e.key for e in report.past_due]
        with pytest.raises(
            KeyError,
            match=(
                r"no exception criterion 'none' in agreement 'cpfr' \(there are: "
                r"'fill', 'orders'\)"
            ),
        ):
            report.criterion("none")

    def test_document_without_item(self) -> None:
        """An exception without a split has a null item and a key without one."""
        terms = agreement(orders())
        report = exceptions(
            terms, (order(dt.date(2026, 1, 5), 250),), as_of=dt.date(2026, 1, 31)
        )

        assert [
            {
                "key": "orders/FY2026-M01",
                "criterion": "orders",
                "item": None,
                "window": "FY2026-M01",
                "start": "2026-01-01",
                "end": "2026-01-31",
                "value": "250",
                "bound": "upper",
                "limit": "200",
                "owner": "p",
                "opened_on": "2026-01-31",
                "due": "2026-02-03",
                "actions": [],
                "past_due": False,
            }
        ] == exception_report_to_dict(report)["exceptions"]


class TestInputMessages:
    """What is refused says exactly why."""

    def test_as_of_datetime_message(self) -> None:
        """The type and the value refused are named."""
        with pytest.raises(TypeError) as raised:
            exceptions(
                agreement(fill_rate()),
                LOG,
                as_of=dt.datetime(2026, 3, 31),  # noqa: DTZ001
            )

        assert (
            "as_of is a datetime.date, got datetime datetime.datetime(2026, 3, 31, 0, 0)"
            "; pass its .date()" == str(raised.value)
        )

    def test_as_of_text(self) -> None:
        """A string is not a day either."""
        with pytest.raises(TypeError) as raised:
            exceptions(agreement(fill_rate()), LOG, as_of="2026-03-31")  # type: ignore[arg-type]

        assert (
            "as_of is a datetime.date, got str '2026-03-31'"
            "; pass datetime.date.fromisoformat(...)"
        ) == str(raised.value)

    def test_index_of_another_agreement_message(self) -> None:
        """The message says the index is another agreement's."""
        other = agreement(fill_rate(id="other"))

        with pytest.raises(ValueError, match="another") as raised:
            exceptions(
                agreement(fill_rate()),
                ObservationIndex(other, LOG),
                as_of=dt.date(2026, 3, 31),
            )

        assert (
            "observations is an ObservationIndex built for another agreement: "
            "pass the log, or an index built for this agreement"
        ) == str(raised.value)

    def test_index_of_an_equal_agreement(self) -> None:
        """An index built for an equal copy of the agreement is accepted."""
        terms = agreement(fill_rate())
        copy = agreement(fill_rate())
        day = dt.date(2026, 3, 31)

        assert copy is not terms
        assert exceptions(terms, LOG, as_of=day).exceptions == (
            exceptions(terms, ObservationIndex(copy, LOG), as_of=day).exceptions
        )


def ratio_terms(criterion: ExceptionCriterion) -> Agreement:
    """Order lines ordered and shipped (sums), and their ratio, a fill rate."""
    metrics = (
        Metric(id="ordered", name="Ordered", unit="count", aggregation=Aggregation.SUM),
        Metric(id="shipped", name="Shipped", unit="count", aggregation=Aggregation.SUM),
        Metric(
            id="ratio",
            name="Fill rate",
            unit="percent",
            aggregation=Aggregation.RATIO,
            numerator="shipped",
            denominator="ordered",
        ),
    )
    return attrs.evolve(agreement(), metrics=metrics, exception_criteria=(criterion,))


def line(metric: str, day: dt.date, value: int, **dims: str) -> Observation:
    """An ordered or shipped record."""
    return Observation(metric, day, Decimal(value), dims=dims)


#: Item x: 100 ordered in January, none shipped (0 percent); 90 of 100 in
#: February (90 percent). Item y: 50 of 50 in January (100 percent), nothing
#: in February (no value). The 10 ordered without an item in January, none
#: shipped, are judged together, as no item (0 percent); z is another
#: region's.
RATIO_LOG = (
    line("shipped", dt.date(2026, 2, 10), 90, item="x", region="eu"),
    line("ordered", dt.date(2026, 1, 5), 100, item="x", region="eu"),
    line("ordered", dt.date(2026, 2, 3), 100, item="x", region="eu"),
    line("ordered", dt.date(2026, 1, 7), 50, item="y", region="eu"),
    line("shipped", dt.date(2026, 1, 8), 50, item="y", region="eu"),
    line("ordered", dt.date(2026, 1, 9), 10, region="eu"),
    line("ordered", dt.date(2026, 1, 9), 10, item="z", region="us"),
)


def ratio_criterion(**changes: object) -> ExceptionCriterion:
    """A fill rate of at least 95 percent per item and month in region eu."""
    fields: dict[str, object] = {
        "id": "fill",
        "title": "Fill rate",
        "measure": "ratio",
        "owner": "v",
        "resolve_within_days": 7,
        "lower": Decimal(95),
        "per": Period.MONTH,
        "split": "item",
        "where": {"region": "eu"},
    }
    fields.update(changes)
    return ExceptionCriterion(**fields)  # type: ignore[arg-type]


class TestComputedMeasure:
    """A ratio is judged per item from the records of both its metrics."""

    def test_per_item(self) -> None:
        """X at 0 and 90 percent; y at 100; no item at 0; z is another region's."""
        report = exceptions(
            ratio_terms(ratio_criterion()), RATIO_LOG, as_of=dt.date(2026, 2, 28)
        )

        assert [
            ("fill/FY2026-M01", None, Decimal(0)),
            ("fill/x/FY2026-M01", "x", Decimal(0)),
            ("fill/x/FY2026-M02", "x", Decimal(90)),
        ] == [(e.key, e.item, e.value) for e in report.exceptions]

    def test_first_seen_in_either_metric(self) -> None:
        """X is first shipped in February but first ordered in January: judged from January."""
        report = exceptions(
            ratio_terms(ratio_criterion()),
            RATIO_LOG,
            as_of=dt.date(2026, 1, 31),
        )

        assert [("fill/FY2026-M01", Decimal(0)), ("fill/x/FY2026-M01", Decimal(0))] == [
            (e.key, e.value) for e in report.exceptions
        ]

    def test_without_split(self) -> None:
        """As a whole, eu: January 50 of 160, 31.25 percent; February 90 of 100."""
        report = exceptions(
            ratio_terms(ratio_criterion(split=None)),
            RATIO_LOG,
            as_of=dt.date(2026, 2, 28),
        )

        assert [
            ("fill/FY2026-M01", None, Decimal("31.25")),
            ("fill/FY2026-M02", None, Decimal(90)),
        ] == [(e.key, e.item, e.value) for e in report.exceptions]

    def test_actuals_per_item(self) -> None:
        """measure_actuals of the ratio: an entry per item, no item first."""
        terms = ratio_terms(ratio_criterion())
        index = ObservationIndex(terms, RATIO_LOG)
        spans = [
            (dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
            (dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        ]

        found = measure_actuals(
            index,
            "ratio",
            spans,
            as_of=dt.date(2026, 2, 28),
            where={"region": "eu"},
            split="item",
        )

        assert [
            (None, [Decimal(0), None]),
            ("x", [Decimal(0), Decimal(90)]),
            ("y", [Decimal(100), None]),
        ] == list(found.items())


class TestNeverObserved:
    """What of a criterion no record on or before as_of ever showed."""

    def test_a_record_on_as_of_counts(self) -> None:
        """A record on as_of itself is observed; the day before, nothing is."""
        terms = agreement(fill_rate())
        index = ObservationIndex(terms, (fill(dt.date(2026, 1, 10), "0.9", "a"),))

        assert (None, "metric") == (
            never_observed(index, fill_rate(), as_of=dt.date(2026, 1, 10)),
            never_observed(index, fill_rate(), as_of=dt.date(2026, 1, 9)),
        )

    def test_where_and_split(self) -> None:
        """No record holds the where pair; none of those that do has the split."""
        terms = agreement(fill_rate())
        index = ObservationIndex(terms, LOG)
        day = dt.date(2026, 3, 31)

        assert ("where", "split", None) == (
            never_observed(index, fill_rate(where={"item": "z"}), as_of=day),
            never_observed(index, fill_rate(split="size"), as_of=day),
            never_observed(index, fill_rate(where={"item": "a"}), as_of=day),
        )


class TestFirstObserved:
    """An item is judged from the window in which it was first observed on."""

    def test_first_observed_on_as_of(self) -> None:
        """Item d, first read on 31 January, is judged in January as of that day."""
        log = (fill(dt.date(2026, 1, 31), "0.5", "d"),)
        report = exceptions(agreement(fill_rate()), log, as_of=dt.date(2026, 1, 31))

        assert [("fill/d/FY2026-M01", Decimal("0.5"))] == [
            (e.key, e.value) for e in report.exceptions
        ]

    def test_an_item_not_yet_seen_does_not_hide_the_next(self) -> None:
        """A is first read in February; b, after it by name, is judged in January."""
        log = (
            fill(dt.date(2026, 1, 5), "0.5", "b"),
            fill(dt.date(2026, 2, 5), "0.5", "a"),
            fill(dt.date(2026, 2, 6), "0.5", "b"),
        )
        report = exceptions(agreement(fill_rate()), log, as_of=dt.date(2026, 2, 28))

        assert ["fill/b/FY2026-M01", "fill/a/FY2026-M02", "fill/b/FY2026-M02"] == [
            e.key for e in report.exceptions
        ]

    def test_a_record_without_the_split_does_not_hide_later_ones(self) -> None:
        """A reading without an item, the first of the log, is judged as no item, and hides none."""
        log = (Observation("fill-rate", dt.date(2026, 1, 1), Decimal("0.1")), *LOG)
        report = exceptions(agreement(fill_rate()), log, as_of=dt.date(2026, 3, 31))

        assert [
            "fill/FY2026-M01",
            "fill/a/FY2026-M01",
            "fill/b/FY2026-M02",
            "fill/c/FY2026-M03",
        ] == [e.key for e in report.exceptions]


class TestPercentileAndReviews:
    """A percentile measure is judged per item; reviews count whatever their order."""

    def test_percentile_per_item(self) -> None:
        """Lead times 1, 2, 9 days for x in January: the p50 is 2, the p90 9 > 5."""
        p90 = Metric(
            id="lead",
            name="Lead time",
            unit="day",
            aggregation=Aggregation.PERCENTILE,
            percentile=Decimal(90),
        )
        criterion = ExceptionCriterion(
            id="lead",
            title="Lead time",
            measure="lead",
            owner="v",
            resolve_within_days=7,
            upper=Decimal(5),
            per=Period.MONTH,
            split="item",
        )
        terms = attrs.evolve(
            agreement(), metrics=(p90,), exception_criteria=(criterion,)
        )
        log = [
            Observation("lead", dt.date(2026, 1, d), Decimal(v), dims={"item": i})
            for d, v, i in ((3, 1, "x"), (4, 9, "x"), (5, 2, "x"), (6, 4, "y"))
        ]
        report = exceptions(terms, log, as_of=dt.date(2026, 1, 31))

        assert [("lead/x/FY2026-M01", Decimal(9), "upper")] == [
            (e.key, e.value, e.bound) for e in report.exceptions
        ]

    def test_a_later_review_listed_first(self) -> None:
        """A review held after as_of, listed before one held before, hides nothing."""

        def review(name: str, day: dt.date) -> Review:
            return Review(
                id=name,
                held_on=day,
                attendees=("v", "p"),
                actions=(
                    ActionItem(
                        id="act",
                        owner="v",
                        title="Act",
                        exceptions=("fill/a/FY2026-M01",),
                    ),
                ),
            )

        reviews = (
            review("late", dt.date(2026, 4, 1)),
            review("early", dt.date(2026, 2, 1)),
        )
        report = exceptions(
            agreement(fill_rate(), reviews=reviews), LOG, as_of=dt.date(2026, 3, 31)
        )

        assert ("early/act",) == report.exceptions[0].actions


class TestCallersContext:
    """The caller's decimal context changes no value of the report."""

    def test_mean_in_the_librarys_context(self) -> None:
        """(0.90 + 0.91 + 0.91) / 3 to 28 digits, even under a 4-digit context."""
        log = (
            fill(dt.date(2026, 1, 2), "0.90", "a"),
            fill(dt.date(2026, 1, 3), "0.91", "a"),
            fill(dt.date(2026, 1, 4), "0.91", "a"),
        )
        with decimal.localcontext(decimal.Context(prec=4)):
            report = exceptions(agreement(fill_rate()), log, as_of=dt.date(2026, 1, 31))

        assert [Decimal("0.9066666666666666666666666667")] == [
            e.value for e in report.exceptions
        ]


def site_fill(day: dt.date, value: str, item: str, site: str) -> Observation:
    """A fill rate reading for *item* at *site*."""
    return Observation(
        "fill-rate", day, Decimal(value), dims={"item": item, "site": site}
    )


#: Forty sites, two items each, a low reading in January and February.
SITE_LOG = tuple(
    site_fill(dt.date(2026, month, 10), "0.90", item, f"s{site}")
    for site in range(40)
    for item in ("a", "b")
    for month in (1, 2)
)


def per_site(sites: int) -> Agreement:
    """A fill rate criterion per item for each of the first *sites* sites."""
    return agreement(
        *(
            fill_rate(id=f"fill{site}", where={"site": f"s{site}"})
            for site in range(sites)
        )
    )


class TestCostOfManyCriteria:
    """The criteria share the passes over the log: more of them read it no more often."""

    def _reads(self, sites: int) -> tuple[Counter[str], int, int]:
        """Report and check a criterion per site; count the records read, the exceptions and MC308s."""
        terms = per_site(sites)
        index = ObservationIndex(terms, SITE_LOG)
        reads = counted_reads(index)
        day = dt.date(2026, 3, 31)
        found = len(exceptions(terms, index, as_of=day).exceptions)
        checked = check(terms, as_of=day, observations=index)
        unobserved = sum(1 for f in checked.findings if f.code == "MC308")
        return reads, found, unobserved

    def test_reads_do_not_grow_with_criteria(self) -> None:
        """Twenty criteria or forty: 80 or 160 exceptions, the log read alike."""
        few, found_few, unobserved_few = self._reads(20)
        many, found_many, unobserved_many = self._reads(40)

        assert (80, 160, 0, 0) == (
            found_few,
            found_many,
            unobserved_few,
            unobserved_many,
        )
        assert few == many

    def test_a_criterion_judges_alike_among_many(self) -> None:
        """Forty criteria report what each of them reports alone, in order."""
        terms = per_site(40)
        day = dt.date(2026, 3, 31)
        alone = [
            e
            for criterion in terms.exception_criteria
            for e in exceptions(
                attrs.evolve(terms, exception_criteria=(criterion,)),
                SITE_LOG,
                as_of=day,
            ).exceptions
        ]

        assert alone == list(exceptions(terms, SITE_LOG, as_of=day).exceptions)


#: Criteria of every shape a log of items at sites can judge: a ``where``
#: of either dimension or both, a split by the other or none.
criteria_shapes = st.lists(
    st.tuples(
        st.dictionaries(
            st.sampled_from(["site", "item"]), st.sampled_from(["a", "b", "s1", "s2"])
        ),
        st.sampled_from(["item", "site", None]),
    ).filter(lambda shape: shape[1] not in shape[0]),
    min_size=1,
    max_size=12,
)


class TestCriteriaIndependent:
    """A criterion reports the same exceptions whatever the other criteria."""

    @given(
        st.lists(
            st.tuples(
                st.dates(START, END),
                st.decimals(min_value=0, max_value=1, places=2),
                st.sampled_from(["a", "b", "c"]),
                st.sampled_from(["s1", "s2", None]),
            ),
            max_size=30,
        ),
        criteria_shapes,
        st.dates(START, END),
    )
    def test_together_as_alone(
        self,
        drawn: list[tuple[dt.date, Decimal, str, str | None]],
        shapes: list[tuple[dict[str, str], str | None]],
        day: dt.date,
    ) -> None:
        """Each criterion's exceptions, judged with all the others, are those it finds alone."""
        terms = agreement(
            *(
                fill_rate(id=f"c{i}", where=where, split=split, upper=Decimal("0.99"))
                for i, (where, split) in enumerate(shapes)
            )
        )
        log = [
            Observation(
                "fill-rate",
                at,
                value,
                dims={"item": item} if site is None else {"item": item, "site": site},
            )
            for at, value, item, site in drawn
        ]
        index = ObservationIndex(terms, log)
        alone = [
            e
            for criterion in terms.exception_criteria
            for e in exceptions(
                attrs.evolve(terms, exception_criteria=(criterion,)), log, as_of=day
            ).exceptions
        ]
        unobserved = [
            never_observed(
                ObservationIndex(
                    attrs.evolve(terms, exception_criteria=(criterion,)), log
                ),
                criterion,
                as_of=day,
            )
            for criterion in terms.exception_criteria
        ]

        assert alone == list(exceptions(terms, index, as_of=day).exceptions)
        assert unobserved == [
            never_observed(index, criterion, as_of=day)
            for criterion in terms.exception_criteria
        ]
