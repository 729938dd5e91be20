from __future__ import annotations

import datetime as dt
import enum
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import tampered_calendar

from mutualcommit import FormatError, InvalidFieldsError, loads
from mutualcommit.calendar import (
    Window,
    fiscal_period_of,
    fiscal_year,
    fiscal_years,
    windows,
)
from mutualcommit.errors import ArgumentError
from mutualcommit.model import FiscalCalendar, Period, decimal_context

EXAMPLE = Path(__file__).parents[2] / "examples" / "it_vendor" / "agreement.json"
APRIL = FiscalCalendar(start_month=4)
APRIL_START = FiscalCalendar(start_month=4, naming="start")
JANUARY = FiscalCalendar()
FISCAL = (Period.MONTH, Period.QUARTER, Period.YEAR)

calendars = st.builds(
    FiscalCalendar,
    start_month=st.integers(1, 12),
    naming=st.sampled_from(["end", "start"]),
)
days = st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31))


@st.composite
def terms(draw: st.DrawFn) -> tuple[dt.date, dt.date]:
    """Draw a term of up to about ten years."""
    start = draw(days)
    return start, start + dt.timedelta(days=draw(st.integers(0, 3700)))


def span(period: Period, label: str) -> tuple[dt.date, dt.date]:
    """Return the period of APRIL labelled *label*, looked up by its windows."""
    found = windows(APRIL, period, dt.date(2025, 4, 1), dt.date(2028, 3, 31))
    (window,) = (w for w in found if w.label == label)
    return window.start, window.end


class TestFiscalYear:
    """A fiscal year's number follows the calendar's naming."""

    @pytest.mark.parametrize(
        ("calendar", "day", "expected"),
        [
            (APRIL, dt.date(2026, 4, 1), 2027),
            (APRIL, dt.date(2027, 3, 31), 2027),
            (APRIL, dt.date(2026, 3, 31), 2026),
            (APRIL_START, dt.date(2026, 4, 1), 2026),
            (APRIL_START, dt.date(2027, 3, 31), 2026),
            (APRIL_START, dt.date(2026, 3, 31), 2025),
            (JANUARY, dt.date(2026, 1, 1), 2026),
            (JANUARY, dt.date(2026, 12, 31), 2026),
            (FiscalCalendar(naming="start"), dt.date(2026, 12, 31), 2026),
            (FiscalCalendar(start_month=10), dt.date(2025, 10, 1), 2026),
            (FiscalCalendar(start_month=7, naming="start"), dt.date(2026, 6, 30), 2025),
        ],
    )
    def test_examples(
        self, calendar: FiscalCalendar, day: dt.date, expected: int
    ) -> None:
        """The April year 2026-04..2027-03 is FY2027 ending, FY2026 starting."""
        assert expected == fiscal_year(calendar, day)

    @given(calendar=calendars, day=days)
    def test_namings_differ_by_one_except_january(
        self, calendar: FiscalCalendar, day: dt.date
    ) -> None:
        """'end' names a year one more than 'start' unless years start in January."""
        ending = FiscalCalendar(start_month=calendar.start_month, naming="end")
        starting = FiscalCalendar(start_month=calendar.start_month, naming="start")
        expected = 0 if calendar.start_month == 1 else 1

        assert expected == fiscal_year(ending, day) - fiscal_year(starting, day)

    @given(calendar=calendars, day=days)
    def test_changes_on_the_first_day_of_the_start_month(
        self, calendar: FiscalCalendar, day: dt.date
    ) -> None:
        """The number goes up by one exactly when a fiscal year begins."""
        tomorrow = day + dt.timedelta(days=1)
        begins = tomorrow.day == 1 and tomorrow.month == calendar.start_month

        assert int(begins) == fiscal_year(calendar, tomorrow) - fiscal_year(
            calendar, day
        )

    @pytest.mark.parametrize(
        ("fields", "problems"),
        [
            (
                {"start_month": 0},
                [("calendar.start_month", "expected a month number 1-12, got int 0")],
            ),
            (
                {"start_month": True, "naming": "middle"},
                [
                    (
                        "calendar.start_month",
                        "expected a month number 1-12, got bool True",
                    ),
                    ("calendar.naming", "expected 'end' or 'start', got str 'middle'"),
                ],
            ),
        ],
        ids=["month 0", "True and middle"],
    )
    def test_tampered_calendar(
        self, fields: dict[str, object], problems: list[tuple[str, str]]
    ) -> None:
        """A calendar whose fields were set around its constructor: a typed error, every field."""
        calendar = tampered_calendar(**fields)

        for read in (
            lambda: fiscal_year(calendar, dt.date(2026, 1, 1)),
            lambda: fiscal_period_of(calendar, Period.QUARTER, dt.date(2026, 1, 1)),
            lambda: windows(
                calendar, Period.MONTH, dt.date(2026, 1, 1), dt.date(2026, 3, 31)
            ),
        ):
            with pytest.raises(InvalidFieldsError) as caught:
                read()

            assert problems == list(caught.value.problems)


class TestRefusedCalendar:
    """A calendar the helpers could not read is never built."""

    @pytest.mark.parametrize(
        ("fields", "problems", "of_type"),
        [
            (
                {"start_month": 13, "naming": "begin"},
                [
                    ("start_month", "expected a month number 1-12, got int 13"),
                    ("naming", "expected 'end' or 'start', got str 'begin'"),
                ],
                False,
            ),
            (
                {"start_month": 0},
                [("start_month", "expected a month number 1-12, got int 0")],
                False,
            ),
            (
                {"start_month": True},
                [("start_month", "expected a month number 1-12, got bool True")],
                True,
            ),
            (
                {"start_month": "4"},
                [("start_month", "expected a month number 1-12, got str '4'")],
                True,
            ),
            (
                {"start_month": 4.0},
                [("start_month", "expected a month number 1-12, got float 4.0")],
                True,
            ),
            (
                {"naming": "End"},
                [
                    (
                        "naming",
                        "expected 'end' or 'start', got str 'End' (did you mean 'end'?)",
                    )
                ],
                False,
            ),
            (
                {"naming": None},
                [("naming", "expected 'end' or 'start', got NoneType None")],
                True,
            ),
        ],
        ids=["13 and begin", "0", "True", "text", "float", "End", "None"],
    )
    def test_every_field_at_once(
        self, fields: dict[str, Any], problems: list[tuple[str, str]], of_type: bool
    ) -> None:
        """Each refused field at its name, in one InvalidFieldsError; a TypeError for a wrong type."""
        with pytest.raises(InvalidFieldsError) as caught:
            FiscalCalendar(**fields)

        assert problems == list(caught.value.problems)
        assert of_type == isinstance(caught.value, TypeError)
        assert str(caught.value).startswith("invalid FiscalCalendar")

    @pytest.mark.parametrize("month", [1, 12])
    def test_whole_numbers_of_other_types(self, month: int) -> None:
        """A numpy integer or an IntEnum member of a month is held as its plain int."""
        numpy = pytest.importorskip("numpy")

        class Month(enum.IntEnum):
            FIRST = 1
            LAST = 12

        for given_month in (numpy.int64(month), Month(month)):
            calendar = FiscalCalendar(start_month=given_month)

            assert (month, int) == (calendar.start_month, type(calendar.start_month))

    def test_read_from_a_document(self) -> None:
        """A document's month 13 is named at its JSON path, as before, and the rest still judged."""
        document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
        document["fiscal_calendar"] = {"start_month": 13, "naming": "begin"}
        document["currency"] = "euro"

        with pytest.raises(FormatError) as caught:
            loads(json.dumps(document))

        assert [
            ("$.currency", 'expected a three-letter upper-case code, got "euro"'),
            ("$.fiscal_calendar.naming", 'expected one of "end", "start", got "begin"'),
            ("$.fiscal_calendar.start_month", "expected a month number 1-12, got 13"),
        ] == sorted(caught.value.problems)


class TestLabels:
    """Windows are labelled by fiscal year, quarter and two-digit fiscal month."""

    def test_year_quarters_and_months_of_an_april_calendar(self) -> None:
        """FY2027 starts in April 2026; its Q1 and M01 are April's."""
        start, end = dt.date(2026, 4, 1), dt.date(2027, 3, 31)

        assert ["FY2027"] == [w.label for w in windows(APRIL, Period.YEAR, start, end)]
        assert ["FY2027-Q1", "FY2027-Q2", "FY2027-Q3", "FY2027-Q4"] == [
            w.label for w in windows(APRIL, Period.QUARTER, start, end)
        ]
        assert [f"FY2027-M{n:02d}" for n in range(1, 13)] == [
            w.label for w in windows(APRIL, Period.MONTH, start, end)
        ]

    def test_starting_naming(self) -> None:
        """Under 'start' naming the same year is FY2026."""
        (window,) = windows(
            APRIL_START, Period.QUARTER, dt.date(2027, 1, 1), dt.date(2027, 3, 31)
        )

        assert "FY2026-Q4" == window.label

    def test_quarter_dates(self) -> None:
        """The quarters of an April calendar start in April, July, October, January."""
        assert (dt.date(2026, 4, 1), dt.date(2026, 6, 30)) == span(
            Period.QUARTER, "FY2027-Q1"
        )
        assert (dt.date(2027, 1, 1), dt.date(2027, 3, 31)) == span(
            Period.QUARTER, "FY2027-Q4"
        )
        assert (dt.date(2027, 2, 1), dt.date(2027, 2, 28)) == span(
            Period.MONTH, "FY2027-M11"
        )
        assert (dt.date(2028, 2, 1), dt.date(2028, 2, 29)) == span(
            Period.MONTH, "FY2028-M11"
        )

    def test_term(self) -> None:
        """A TERM window is labelled 'term' and runs to the due date if any."""
        start, end = dt.date(2026, 1, 15), dt.date(2026, 12, 31)

        assert (
            Window(
                label="term",
                start=start,
                end=end,
                period_start=start,
                period_end=end,
            ),
        ) == windows(APRIL, Period.TERM, start, end)
        (due,) = windows(APRIL, Period.TERM, start, end, due=dt.date(2026, 6, 30))
        assert (start, dt.date(2026, 6, 30), False) == (due.start, due.end, due.clipped)

    def test_due_after_the_end(self) -> None:
        """A due date after the term (rule MC102) still gives a window."""
        (window,) = windows(
            JANUARY,
            Period.TERM,
            dt.date(2026, 1, 1),
            dt.date(2026, 12, 31),
            due=dt.date(2027, 1, 31),
        )

        assert dt.date(2027, 1, 31) == window.end


class TestFiscalPeriodOf:
    """fiscal_period_of gives the whole period around a day."""

    @pytest.mark.parametrize(
        ("period", "expected"),
        [
            (Period.MONTH, ("FY2027-M11", dt.date(2027, 2, 1), dt.date(2027, 2, 28))),
            (Period.QUARTER, ("FY2027-Q4", dt.date(2027, 1, 1), dt.date(2027, 3, 31))),
            (Period.YEAR, ("FY2027", dt.date(2026, 4, 1), dt.date(2027, 3, 31))),
        ],
    )
    def test_examples(
        self, period: Period, expected: tuple[str, dt.date, dt.date]
    ) -> None:
        """February 2027 lies in FY2027's eleventh month and fourth quarter."""
        window = fiscal_period_of(APRIL, period, dt.date(2027, 2, 14))

        assert expected == (window.label, window.start, window.end)
        assert not window.clipped

    def test_term_is_no_fiscal_period(self) -> None:
        """Asking for the TERM period is an error that names every period it takes, the week too."""
        with pytest.raises(ValueError, match="got term") as caught:
            fiscal_period_of(APRIL, Period.TERM, dt.date(2026, 1, 1))

        assert str(caught.value) == (
            "expected a fiscal month, quarter or year, or an ISO week, got term: "
            "a term is the agreement's own span, not a period of the calendar"
        )

    @pytest.mark.parametrize(
        ("period", "kind", "message"),
        [
            (
                "quater",
                ValueError,
                (
                    "period: expected one of 'term', 'month', 'quarter', 'year', "
                    "'week', got str 'quater' (did you mean 'quarter'?)"
                ),
            ),
            (
                3,
                TypeError,
                (
                    "period: expected a Period or one of 'term', 'month', 'quarter', "
                    "'year', 'week', got int 3"
                ),
            ),
        ],
        ids=["misspelt", "int"],
    )
    def test_no_period(
        self, period: object, kind: type[Exception], message: str
    ) -> None:
        """What names no Period is the library's error naming the argument, not the enum's."""
        day = dt.date(2026, 1, 1)
        with pytest.raises(kind) as of_a_day:
            fiscal_period_of(APRIL, period, day)  # type: ignore[arg-type]
        with pytest.raises(kind) as of_a_term:
            windows(APRIL, period, day, day)  # type: ignore[arg-type]

        for caught in (of_a_day, of_a_term):
            assert isinstance(caught.value, ArgumentError)
            assert ("period", message) == (caught.value.argument, str(caught.value))

    @given(calendar=calendars, period=st.sampled_from(FISCAL), day=days)
    def test_contains_the_day(
        self, calendar: FiscalCalendar, period: Period, day: dt.date
    ) -> None:
        """The period holds the day and is the period of each of its days."""
        window = fiscal_period_of(calendar, period, day)

        assert day in window
        assert day.isoformat() not in window
        assert window == fiscal_period_of(calendar, period, window.start)
        assert window == fiscal_period_of(calendar, period, window.end)

    def test_beyond_the_last_date(self) -> None:
        """A fiscal year that would end after 9999 is refused with a reason."""
        with pytest.raises(ValueError, match="year 10000"):
            fiscal_period_of(APRIL, Period.YEAR, dt.date(9999, 12, 31))


class TestClipping:
    """The term clips its first and last windows, and the factor pro-rates them."""

    def test_clipped_quarter(self) -> None:
        """A term from 17 May keeps 45 of the 91 days of April-June."""
        first, *_ = windows(
            JANUARY, Period.QUARTER, dt.date(2026, 5, 17), dt.date(2026, 12, 31)
        )

        assert (
            "FY2026-Q2",
            dt.date(2026, 5, 17),
            dt.date(2026, 6, 30),
            dt.date(2026, 4, 1),
            dt.date(2026, 6, 30),
        ) == (first.label, first.start, first.end, first.period_start, first.period_end)
        assert (45, 91, True) == (first.days, first.period_days, first.clipped)
        assert decimal_context().divide(Decimal(45), Decimal(91)) == first.factor
        assert Decimal("0.4945054945054945054945054945") == first.factor

    def test_clipped_at_both_ends(self) -> None:
        """A term inside one month clips that month at both ends."""
        (window,) = windows(
            JANUARY, Period.MONTH, dt.date(2026, 2, 8), dt.date(2026, 2, 14)
        )

        assert Decimal("0.25") == window.factor

    def test_whole_window_factor_is_exactly_one(self) -> None:
        """An unclipped window's factor is Decimal 1, not a rounded quotient."""
        window = fiscal_period_of(APRIL, Period.YEAR, dt.date(2026, 4, 1))

        assert (Decimal(1), 365) == (window.factor, window.days)
        assert "1" == str(window.factor)

    def test_window_outside_its_period(self) -> None:
        """A Window that does not lie inside its period cannot be built."""
        with pytest.raises(ValueError, match="must lie inside"):
            Window(
                label="FY2026",
                start=dt.date(2025, 12, 31),
                end=dt.date(2026, 1, 31),
                period_start=dt.date(2026, 1, 1),
                period_end=dt.date(2026, 12, 31),
            )

    def test_start_after_end(self) -> None:
        """A term that ends before it starts has no windows."""
        with pytest.raises(ValueError, match="starts on or before its end"):
            windows(JANUARY, Period.MONTH, dt.date(2026, 2, 1), dt.date(2026, 1, 31))

    def test_due_before_start(self) -> None:
        """A due date before the term's start has no window."""
        with pytest.raises(ValueError, match="due date"):
            windows(
                JANUARY,
                Period.TERM,
                dt.date(2026, 2, 1),
                dt.date(2026, 3, 1),
                due=dt.date(2026, 1, 1),
            )

    def test_due_on_a_fiscal_period(self) -> None:
        """Only TERM windows take a due date (SPEC §3)."""
        with pytest.raises(ValueError, match="only a term window"):
            windows(
                JANUARY,
                Period.MONTH,
                dt.date(2026, 1, 1),
                dt.date(2026, 3, 1),
                due=dt.date(2026, 2, 1),
            )


class TestWindowsLaws:
    """Windows of every period partition the term exactly."""

    @given(
        calendar=calendars,
        period=st.sampled_from(list(Period)),
        term=terms(),
    )
    def test_partition(
        self, calendar: FiscalCalendar, period: Period, term: tuple[dt.date, dt.date]
    ) -> None:
        """They are consecutive, without gaps or overlaps, from start to end."""
        start, end = term
        found = windows(calendar, period, start, end)

        assert start == found[0].start
        assert end == found[-1].end
        assert [w.end + dt.timedelta(days=1) for w in found[:-1]] == [
            w.start for w in found[1:]
        ]
        assert (end - start).days + 1 == sum(w.days for w in found)
        assert len(found) == len({w.label for w in found})

    @given(calendar=calendars, period=st.sampled_from(FISCAL), term=terms())
    def test_only_the_ends_are_clipped(
        self, calendar: FiscalCalendar, period: Period, term: tuple[dt.date, dt.date]
    ) -> None:
        """Inner windows are whole fiscal periods; each is its day's period."""
        found = windows(calendar, period, *term)

        assert [] == [w.label for w in found[1:-1] if w.clipped]
        for window in found:
            whole = fiscal_period_of(calendar, period, window.start)
            assert (whole.label, whole.start, whole.end) == (
                window.label,
                window.period_start,
                window.period_end,
            )
            assert Decimal(0) < window.factor <= Decimal(1)

    @given(calendar=calendars, period=st.sampled_from(FISCAL), day=days)
    def test_a_whole_fiscal_year_is_unclipped(
        self, calendar: FiscalCalendar, period: Period, day: dt.date
    ) -> None:
        """Over one whole fiscal year every window has factor 1."""
        year = fiscal_period_of(calendar, Period.YEAR, day)
        found = windows(calendar, period, year.start, year.end)

        expected = {Period.MONTH: 12, Period.QUARTER: 4, Period.YEAR: 1}[period]
        assert expected == len(found)
        assert {Decimal(1)} == {w.factor for w in found}
        assert {f"FY{fiscal_year(calendar, day)}"} == {w.label[:6] for w in found}

    @given(calendar=calendars, period=st.sampled_from(FISCAL), term=terms())
    def test_count_bounds(
        self, calendar: FiscalCalendar, period: Period, term: tuple[dt.date, dt.date]
    ) -> None:
        """A term over m months has ceil(m / size) windows, or one more."""
        start, end = term
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        size = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}[period]
        count = len(windows(calendar, period, start, end))

        least = -(-months // size)
        assert least <= count <= least + 1
        if period is Period.MONTH:
            assert months == count

    @given(calendar=calendars, term=terms())
    def test_fiscal_years_are_year_windows(
        self, calendar: FiscalCalendar, term: tuple[dt.date, dt.date]
    ) -> None:
        """fiscal_years is windows over Period.YEAR."""
        assert windows(calendar, Period.YEAR, *term) == fiscal_years(calendar, *term)

    def test_long_terms(self) -> None:
        """A thousand years of months come one step per month, labelled in order."""
        found = windows(APRIL, Period.MONTH, dt.date(2000, 1, 1), dt.date(2999, 12, 31))

        assert 12_000 == len(found)
        assert ["FY2000-M10", "FY2000-M11", "FY2000-M12", "FY2001-M01"] == [
            w.label for w in found[:4]
        ]
        assert "FY3000-M09" == found[-1].label


class TestWeeksAtTheEndOfTime:
    """ISO weeks reach the last day a date can hold without an error."""

    def test_last_week_of_9999(self) -> None:
        """9999-W52 runs from Monday 27 to Friday 31 December: five days."""
        found = windows(
            FiscalCalendar(), Period.WEEK, dt.date(9999, 12, 20), dt.date.max
        )

        assert [
            ("9999-W51", dt.date(9999, 12, 20), dt.date(9999, 12, 26)),
            ("9999-W52", dt.date(9999, 12, 27), dt.date(9999, 12, 31)),
        ] == [(w.label, w.start, w.end) for w in found]
        assert dt.date.max == found[-1].period_end

    def test_first_week_of_year_1(self) -> None:
        """1 January of year 1 is a Monday: its week is whole."""
        week = fiscal_period_of(FiscalCalendar(), Period.WEEK, dt.date.min)

        assert ("0001-W01", dt.date.min, dt.date(1, 1, 7)) == (
            week.label,
            week.start,
            week.end,
        )
