"""Worked cases of a target's windows: labels, clipping, pro-rating, ramps, due dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.kpi import Observation, Standing, TargetResult, evaluate
from mutualcommit.kpi._windows import term_target
from mutualcommit.model import Aggregation, Agreement, FiscalCalendar, Period

from .conftest import END, START, build_one_goal

OneGoal = Callable[..., Agreement]
D = Decimal


def day(text: str) -> dt.date:
    """Read an ISO date."""
    return dt.date.fromisoformat(text)


def goal(agreement: Agreement, as_of: str, *observations: Observation) -> TargetResult:
    """Goal ``g``'s result as of *as_of*."""
    return evaluate(agreement, observations, as_of=day(as_of)).goal("g")


def spans(result: TargetResult) -> list[tuple[str, str, str, Decimal]]:
    """Each window's label, start, end and target."""
    return [
        (w.label, w.start.isoformat(), w.end.isoformat(), w.target)
        for w in result.windows
    ]


class TestTermWindow:
    """A TERM target has one window, ``term``, from the start to its due date or the end."""

    def test_whole_term(self, one_goal: OneGoal) -> None:
        """No due date: [2026-01-01, 2026-12-31], the target as it is."""
        result = goal(one_goal("120"), "2026-06-30")

        assert [("term", "2026-01-01", "2026-12-31", D(120))] == spans(result)

    def test_due_date_ends_the_window(self, one_goal: OneGoal) -> None:
        """Due 2026-06-30: [2026-01-01, 2026-06-30], closed on 2026-07-01 and not pro-rated."""
        result = goal(
            one_goal("120", due=day("2026-06-30")),
            "2026-07-01",
            Observation(metric="m", at=day("2026-05-01"), value=D(100)),
        )

        assert [("term", "2026-01-01", "2026-06-30", D(120))] == spans(result)
        assert (Standing.MISSED, True) == (result.standing, result.current.closed)

    def test_due_before_the_start_is_read_as_the_start(self, one_goal: OneGoal) -> None:
        """A due date before the term (rule MC102) makes the one-day window [start, start]."""
        result = goal(one_goal("1", due=day("2025-12-01")), "2026-02-01")

        assert [("term", "2026-01-01", "2026-01-01", D(1))] == spans(result)


class TestClippedWindows:
    """A fiscal period the term cuts short is clipped, and a flow's target pro-rated by days."""

    def test_clipped_year(self, one_goal: OneGoal) -> None:
        """Term 2026-03-01..12-31, 365 a year: FY2026 is [03-01, 12-31], 306 of 365 days: 365 * 306 / 365 = 306."""
        result = goal(
            one_goal("365", per=Period.YEAR, start=day("2026-03-01")), "2026-03-01"
        )

        assert [("FY2026", "2026-03-01", "2026-12-31", D(306))] == spans(result)

    def test_clipped_quarters_at_both_ends(self, one_goal: OneGoal) -> None:
        """Term 2026-02-15..2026-08-10, 90 a quarter.

        Q1 [02-15, 03-31]: 45 of 90 days → 90 * 45 / 90 = 45. Q2 whole: 90.
        Q3 [07-01, 08-10]: 41 of 92 days → 90 * 41 / 92 = 40.10869565217391304347826087.
        """
        agreement = one_goal(
            "90", per=Period.QUARTER, start=day("2026-02-15"), end=day("2026-08-10")
        )

        assert [
            ("FY2026-Q1", "2026-02-15", "2026-03-31", D(45)),
            ("FY2026-Q2", "2026-04-01", "2026-06-30", D(90)),
            (
                "FY2026-Q3",
                "2026-07-01",
                "2026-08-10",
                D("40.10869565217391304347826087"),
            ),
        ] == spans(goal(agreement, "2026-05-01"))

    def test_levels_are_not_pro_rated(self, one_goal: OneGoal) -> None:
        """A MEAN target of 3 stays 3 in the clipped FY2026 [03-01, 12-31]."""
        agreement = one_goal(
            "3", aggregation=Aggregation.MEAN, per=Period.YEAR, start=day("2026-03-01")
        )

        assert [("FY2026", "2026-03-01", "2026-12-31", D(3))] == spans(
            goal(agreement, "2026-03-01")
        )

    def test_clipped_window_elapsed_counts_its_own_days(
        self, one_goal: OneGoal
    ) -> None:
        """Clipped Q1 [02-15, 03-31] has 45 days; on 03-08 (day 22) elapsed is 22/45, expected 45 * 22/45."""
        agreement = one_goal("90", per=Period.QUARTER, start=day("2026-02-15"))

        window = goal(agreement, "2026-03-08").current

        assert D(22) / D(45) == window.elapsed
        assert D(45) * (D(22) / D(45)) == window.expected


class TestRamp:
    """A target's steps ramp it: a window takes the last step starting on or before its start."""

    def test_quarterly_ramp(self, one_goal: OneGoal) -> None:
        """10 a quarter, 20 from 04-01, 30 from 07-15: Q1 10, Q2 20, Q3 (starts 07-01) still 20, Q4 30."""
        agreement = one_goal(
            "10",
            per=Period.QUARTER,
            steps=((day("2026-04-01"), "20"), (day("2026-07-15"), "30")),
        )

        assert [D(10), D(20), D(20), D(30)] == [
            w.target for w in goal(agreement, "2026-01-01").windows
        ]

    def test_ramp_on_a_clipped_window(self, one_goal: OneGoal) -> None:
        """Term from 07-20: clipped Q3 starts after the 07-15 step: 30 * 73 / 92 = 23.80434782608695652173913043."""
        agreement = one_goal(
            "10",
            per=Period.QUARTER,
            start=day("2026-07-20"),
            steps=((day("2026-04-01"), "20"), (day("2026-07-15"), "30")),
        )

        assert [D("23.80434782608695652173913043"), D(30)] == [
            w.target for w in goal(agreement, "2026-08-01").windows
        ]


class TestStepsOutsideTheTerm:
    """A step on or before the start sets the first value; one after the end applies on no day."""

    def test_step_before_the_start_replaces_the_value(self, one_goal: OneGoal) -> None:
        """40 a quarter, steps of 30 and 36 in 2025: every quarter of 2026 asks 36."""
        agreement = one_goal(
            "40",
            per=Period.QUARTER,
            steps=((day("2025-05-01"), "30"), (day("2025-08-01"), "36")),
        )

        assert [D(36)] * 4 == [w.target for w in goal(agreement, "2026-01-01").windows]

    def test_term_target(self, one_goal: OneGoal) -> None:
        """The target as it applies: the value in force on the first day, the steps inside."""
        agreement = one_goal(
            "40",
            per=Period.QUARTER,
            steps=(
                (day("2025-08-01"), "36"),
                (day("2026-07-01"), "44"),
                (day("2027-01-01"), "48"),
            ),
        )
        target = agreement.goals[0].target
        assert target is not None

        applied = term_target(target, START, END)

        assert (D(36), [(day("2026-07-01"), D(44))]) == (
            applied.value,
            [(step.starting, step.value) for step in applied.steps],
        )

    def test_term_target_of_a_target_inside(self, one_goal: OneGoal) -> None:
        """A target whose steps all start inside the term comes back as it is."""
        agreement = one_goal(
            "40", per=Period.QUARTER, steps=((day("2026-01-02"), "44"),)
        )
        target = agreement.goals[0].target
        assert target is not None

        assert term_target(target, START, END) is target

    @given(
        starts=st.lists(
            st.dates(dt.date(2025, 6, 1), dt.date(2027, 6, 30)), unique=True, max_size=4
        ),
        per=st.sampled_from([Period.TERM, Period.QUARTER, Period.MONTH, Period.YEAR]),
    )
    def test_every_window_asks_what_the_term_target_asks(
        self, starts: list[dt.date], per: Period
    ) -> None:
        """Evaluated, a target and the target as it applies in the term are one target."""
        steps = tuple(
            (starting, str(10 * (i + 2))) for i, starting in enumerate(sorted(starts))
        )
        agreement = build_one_goal("10", per=per, steps=steps)
        target = agreement.goals[0].target
        assert target is not None
        applied = attrs.evolve(
            agreement,
            goals=(
                attrs.evolve(
                    agreement.goals[0], target=term_target(target, START, END)
                ),
            ),
        )

        assert [w.target for w in goal(agreement, "2026-06-30").windows] == [
            w.target for w in goal(applied, "2026-06-30").windows
        ]


class TestFiscalLabels:
    """Labels follow the fiscal calendar and its naming."""

    def test_year_named_by_its_start(self, one_goal: OneGoal) -> None:
        """Fiscal years from April named by their start: 2026-04-01..2027-03-31 is FY2026."""
        agreement = one_goal(
            "12",
            per=Period.YEAR,
            start=day("2026-04-01"),
            end=day("2027-03-31"),
            fiscal_calendar=FiscalCalendar(start_month=4, naming="start"),
        )

        assert [("FY2026", "2026-04-01", "2027-03-31", D(12))] == spans(
            goal(agreement, "2026-04-01")
        )

    def test_year_named_by_its_end(self, one_goal: OneGoal) -> None:
        """The same year named by its end is FY2027; its first quarter is FY2027-Q1."""
        agreement = one_goal(
            "12",
            per=Period.QUARTER,
            start=day("2026-04-01"),
            end=day("2027-03-31"),
            fiscal_calendar=FiscalCalendar(start_month=4, naming="end"),
        )

        assert ["FY2027-Q1", "FY2027-Q2", "FY2027-Q3", "FY2027-Q4"] == [
            w.label for w in goal(agreement, "2026-04-01").windows
        ]

    def test_fiscal_months(self, one_goal: OneGoal) -> None:
        """Fiscal month 1 of a February year is February; January 2026 is FY2026-M12 of FY2026 (named by end)."""
        agreement = one_goal(
            "2",
            per=Period.MONTH,
            end=day("2026-03-31"),
            fiscal_calendar=FiscalCalendar(start_month=2),
        )

        assert [
            ("FY2026-M12", "2026-01-01", "2026-01-31", D(2)),
            ("FY2027-M01", "2026-02-01", "2026-02-28", D(2)),
            ("FY2027-M02", "2026-03-01", "2026-03-31", D(2)),
        ] == spans(goal(agreement, "2026-01-01"))


class TestCurrentWindow:
    """The current window contains as_of; after the term it is the last; before it the first."""

    def test_contains_as_of(self, one_goal: OneGoal) -> None:
        """2026-05-20 lies in Q2."""
        assert (
            "FY2026-Q2"
            == goal(one_goal("1", per=Period.QUARTER), "2026-05-20").current.label
        )

    def test_after_the_term(self, one_goal: OneGoal) -> None:
        """2027-02-01, after the term: Q4, the last window, closed."""
        current = goal(one_goal("1", per=Period.QUARTER), "2027-02-01").current

        assert ("FY2026-Q4", True) == (current.label, current.closed)

    def test_after_the_due_date(self, one_goal: OneGoal) -> None:
        """A TERM window due 06-30 stays current after it, closed."""
        result = goal(one_goal("1", due=day("2026-06-30")), "2026-09-01")

        assert ("term", Standing.MISSED) == (result.current.label, result.standing)


class TestSpelling:
    """A window's target keeps the spelling of the agreement it comes from."""

    def test_equal_values_spelled_apart(
        self, one_goal: Callable[..., Agreement]
    ) -> None:
        """120 and 120.0 are equal, yet each agreement's windows show its own."""
        plain = goal(one_goal("120", per=Period.QUARTER), "2026-06-30")
        spelled = goal(one_goal("120.0", per=Period.QUARTER), "2026-06-30")

        assert ["120"] * 4 == [str(w.target) for w in plain.windows]
        assert ["120.0"] * 4 == [str(w.target) for w in spelled.windows]
