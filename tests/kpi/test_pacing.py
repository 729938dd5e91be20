"""Worked cases of SPEC §5, one window at a time, the arithmetic in each docstring.

Calendar 2026 with fiscal years starting in January: Q1 has 90 days, Q2 91,
Q3 and Q4 92; 2026-02-14 is day 45 of Q1 (elapsed exactly 0.5) and
2026-01-09 day 9 (elapsed 0.1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal

import pytest

from mutualcommit.errors import InvalidFieldsError
from mutualcommit.kpi import (
    Bands,
    Observation,
    Standing,
    WindowResult,
    evaluate,
    evaluate_series,
)
from mutualcommit.model import Aggregation, Agreement, Direction, Period

OneGoal = Callable[..., Agreement]
D = Decimal


def day(text: str) -> dt.date:
    """Read an ISO date."""
    return dt.date.fromisoformat(text)


def records(*pairs: tuple[str, str]) -> list[Observation]:
    """Observations of metric ``m``: (day, value) pairs."""
    return [Observation(metric="m", at=day(at), value=D(v)) for at, v in pairs]


def goal_window(
    agreement: Agreement,
    observations: Iterable[Observation],
    as_of: str,
    label: str | None = None,
) -> WindowResult:
    """Evaluate and return goal ``g``'s window *label* (default: the current one)."""
    result = evaluate(agreement, observations, as_of=day(as_of)).goal("g")
    return result.current if label is None else result.window(label)


def quarterly(one_goal: OneGoal, **kwargs: object) -> Agreement:
    """A SUM goal of 90 per quarter, so Q1 expects one a day."""
    return one_goal("90", per=Period.QUARTER, **kwargs)


class TestNotStarted:
    """A window that has not started is not_started, with nothing expected of it."""

    def test_later_quarter(self, one_goal: OneGoal) -> None:
        """Q2 as of 2026-03-15: actual 0, elapsed 0, expected 0, attainment 0/90 = 0, no pace or forecast."""
        window = goal_window(quarterly(one_goal), [], "2026-03-15", "FY2026-Q2")

        assert Standing.NOT_STARTED == window.standing
        assert (D(0), D(0), D(0), D(0)) == (
            window.actual,
            window.elapsed,
            window.expected,
            window.attainment,
        )
        assert (None, None, False) == (window.pace, window.forecast, window.closed)

    def test_before_the_term_the_first_window_is_current(
        self, one_goal: OneGoal
    ) -> None:
        """Term from 2026-04-01, as of 2026-03-15: the current window is the first, FY2026-Q2."""
        agreement = quarterly(one_goal, start=day("2026-04-01"))

        result = evaluate(agreement, [], as_of=day("2026-03-15")).goal("g")

        assert "FY2026-Q2" == result.current.label
        assert Standing.NOT_STARTED == result.standing


class TestMet:
    """AT_LEAST is met as soon as the actual reaches the target, even while open."""

    def test_met_before_the_window_closes(self, one_goal: OneGoal) -> None:
        """COUNT 10 over the term; 10 records by 2026-01-10: met on day 10 of 365, attainment 10/10 = 1."""
        agreement = one_goal("10", aggregation=Aggregation.COUNT)
        observations = records(*((f"2026-01-{d:02d}", "1") for d in range(1, 11)))

        window = goal_window(agreement, observations, "2026-01-10")

        assert Standing.MET == window.standing
        assert (D(10), D(1), False) == (window.actual, window.attainment, window.closed)

    def test_closed_quarter_met(self, one_goal: OneGoal) -> None:
        """Q1 closed with 50 + 45 = 95 ≥ 90: met, attainment 95/90, forecast = actual = 95."""
        observations = records(("2026-01-05", "50"), ("2026-03-31", "45"))

        window = goal_window(
            quarterly(one_goal), observations, "2026-04-10", "FY2026-Q1"
        )

        assert Standing.MET == window.standing
        assert D(95) / D(90) == window.attainment
        assert (D(95), D(1), D(90), D(95), True) == (
            window.actual,
            window.elapsed,
            window.expected,
            window.forecast,
            window.closed,
        )


class TestMissed:
    """A closed window short of its target is missed."""

    def test_closed_quarter_short(self, one_goal: OneGoal) -> None:
        """Q1 closed with 60 < 90: missed, attainment 60/90 = 0.666…7 (28 digits)."""
        observations = records(("2026-02-01", "60"))

        window = goal_window(
            quarterly(one_goal), observations, "2026-04-10", "FY2026-Q1"
        )

        assert Standing.MISSED == window.standing
        assert D("0.6666666666666666666666666667") == window.attainment

    def test_closed_on_its_last_day(self, one_goal: OneGoal) -> None:
        """as_of means the end of the day: Q1 is closed on 2026-03-31 itself."""
        window = goal_window(
            quarterly(one_goal), records(("2026-02-01", "60")), "2026-03-31"
        )

        assert ("FY2026-Q1", Standing.MISSED, True) == (
            window.label,
            window.standing,
            window.closed,
        )


class TestNoData:
    """A level metric without a reading yet has no_data."""

    def test_last_without_observations(self, one_goal: OneGoal) -> None:
        """LAST target 8 with no reading: actual, attainment, pace None; forecast = actual = None."""
        agreement = one_goal("8", aggregation=Aggregation.LAST)

        window = goal_window(agreement, [], "2026-06-30")

        assert Standing.NO_DATA == window.standing
        assert (None, None, None, None) == (
            window.actual,
            window.attainment,
            window.pace,
            window.forecast,
        )
        assert D(8) == window.expected

    def test_a_flow_is_never_without_data(self, one_goal: OneGoal) -> None:
        """SUM with no records: actual 0, not None; on 2026-02-14, 0/45 pace is off_track."""
        window = goal_window(quarterly(one_goal), [], "2026-02-14")

        assert (D(0), D(0), Standing.OFF_TRACK) == (
            window.actual,
            window.pace,
            window.standing,
        )


class TestPacing:
    """An open window is judged by its pace against the bands."""

    def test_on_track(self, one_goal: OneGoal) -> None:
        """2026-02-14: elapsed 45/90 = 0.5, expected 90 * 0.5 = 45, actual 45: pace 1, forecast 45 * 90 / 45 = 90."""
        window = goal_window(
            quarterly(one_goal), records(("2026-02-01", "45")), "2026-02-14"
        )

        assert Standing.ON_TRACK == window.standing
        assert (D("0.5"), D(45), D(1), D(90), D("0.5")) == (
            window.elapsed,
            window.expected,
            window.pace,
            window.forecast,
            window.attainment,
        )

    def test_early(self, one_goal: OneGoal) -> None:
        """2026-01-09: elapsed 9/90 = 0.1 < 0.25, expected 9, actual 5: pace 5/9 < 1 yet early."""
        window = goal_window(
            quarterly(one_goal), records(("2026-01-02", "5")), "2026-01-09"
        )

        assert Standing.EARLY == window.standing
        assert D("0.1") == window.elapsed
        assert D("0.5555555555555555555555555556") == window.pace
        assert D(50) == window.forecast  # 5 * 90 / 9

    def test_at_risk(self, one_goal: OneGoal) -> None:
        """2026-02-14: expected 45, actual 40: pace 40/45 = 0.888…9 ≥ 0.8."""
        window = goal_window(
            quarterly(one_goal), records(("2026-02-01", "40")), "2026-02-14"
        )

        assert Standing.AT_RISK == window.standing
        assert D("0.8888888888888888888888888889") == window.pace
        assert D(80) == window.forecast  # 40 * 90 / 45

    def test_off_track(self, one_goal: OneGoal) -> None:
        """2026-02-14: expected 45, actual 30: pace 30/45 = 0.666…7 < 0.8."""
        window = goal_window(
            quarterly(one_goal), records(("2026-02-01", "30")), "2026-02-14"
        )

        assert Standing.OFF_TRACK == window.standing
        assert D("0.6666666666666666666666666667") == window.pace

    def test_bands_are_one_value(self, one_goal: OneGoal) -> None:
        """Pace 40/45 = 0.889 is on track with on_track_ratio 0.85, and off track with at_risk_ratio 0.9."""
        agreement = quarterly(one_goal)
        observations = records(("2026-02-01", "40"))
        as_of = day("2026-02-14")

        lenient = evaluate(
            agreement,
            observations,
            as_of=as_of,
            bands=Bands(on_track_ratio=D("0.85"), at_risk_ratio=D("0.8")),
        )
        strict = evaluate(
            agreement, observations, as_of=as_of, bands=Bands(at_risk_ratio=D("0.9"))
        )

        assert Standing.ON_TRACK == lenient.goal("g").standing
        assert Standing.OFF_TRACK == strict.goal("g").standing

    def test_min_elapsed(self, one_goal: OneGoal) -> None:
        """Day 9 (elapsed 0.1) with pace 5/9: early by default, off track with min_elapsed 0.1."""
        log = records(("2026-01-02", "5"))
        default = evaluate(quarterly(one_goal), log, as_of=day("2026-01-09"))
        card = evaluate(
            quarterly(one_goal),
            log,
            as_of=day("2026-01-09"),
            bands=Bands(min_elapsed=D("0.1")),
        )

        assert (Standing.EARLY, Standing.OFF_TRACK) == (
            default.goal("g").standing,
            card.goal("g").standing,
        )

    def test_bands_must_be_bands(self, one_goal: OneGoal) -> None:
        """A tuple of three decimals is not a Bands: a TypeError saying what to pass."""
        with pytest.raises(TypeError, match=r"bands: expected a Bands, got tuple"):
            evaluate(
                quarterly(one_goal),
                [],
                as_of=day("2026-02-14"),
                bands=(D(1), D("0.8"), D("0.25")),  # type: ignore[arg-type]
            )


class TestBands:
    """Bands holds the three thresholds, converted and validated when built."""

    def test_defaults(self) -> None:
        """The defaults are 1.0, 0.8 and 0.25."""
        assert (D("1.0"), D("0.8"), D("0.25")) == (
            Bands().on_track_ratio,
            Bands().at_risk_ratio,
            Bands().min_elapsed,
        )

    def test_ints_and_decimal_strings_are_converted(self) -> None:
        """Bands(on_track_ratio=1, at_risk_ratio="0.5") holds Decimal 1 and 0.5."""
        bands = Bands(on_track_ratio=1, at_risk_ratio="0.5")

        assert (D(1), D("0.5")) == (bands.on_track_ratio, bands.at_risk_ratio)

    @pytest.mark.parametrize("band", ["on_track_ratio", "at_risk_ratio", "min_elapsed"])
    def test_a_float_band_is_refused(self, band: str) -> None:
        """Floats never enter the arithmetic: a float band is a TypeError saying what to pass."""
        with pytest.raises(TypeError) as caught:
            Bands(**{band: 0.5})  # type: ignore[arg-type]

        assert [
            (
                band,
                (
                    "expected a Decimal, int or decimal string, got float 0.5; "
                    "pass Decimal('0.5')"
                ),
            )
        ] == list(caught.value.problems)  # type: ignore[attr-defined]

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"min_elapsed": 2}, "min_elapsed: expected a value from 0 to 1, got 2"),
            (
                {"on_track_ratio": -1},
                "on_track_ratio: expected a value at least 0, got -1",
            ),
            (
                {"at_risk_ratio": D("1.5")},
                "at_risk_ratio: expected at most on_track_ratio (1.0), got 1.5",
            ),
        ],
    )
    def test_out_of_range_is_refused(
        self, fields: dict[str, object], message: str
    ) -> None:
        """A band out of its range is an InvalidFieldsError (a ValueError) naming it."""
        with pytest.raises(InvalidFieldsError) as caught:
            Bands(**fields)  # type: ignore[arg-type]

        assert [tuple(message.split(": ", 1))] == list(caught.value.problems)


class TestAtMostSum:
    """AT_MOST on a SUM: less is better, and it is met only once the window closes."""

    def test_open_window(self, one_goal: OneGoal) -> None:
        """At most 20 a quarter; 12 by 2026-02-14: expected 20 * 0.5 = 10, pace 10/12 = 0.833…3, attainment 20/12."""
        agreement = one_goal("20", per=Period.QUARTER, direction=Direction.AT_MOST)

        window = goal_window(agreement, records(("2026-01-20", "12")), "2026-02-14")

        assert Standing.AT_RISK == window.standing
        assert D("0.8333333333333333333333333333") == window.pace
        assert D("1.666666666666666666666666667") == window.attainment
        assert D(24) == window.forecast  # 12 * 90 / 45

    def test_below_the_limit_is_not_met_until_closed(self, one_goal: OneGoal) -> None:
        """5 by 2026-02-14 is well under 20, yet only on track: pace 10/5 = 2."""
        agreement = one_goal("20", per=Period.QUARTER, direction=Direction.AT_MOST)

        window = goal_window(agreement, records(("2026-01-20", "5")), "2026-02-14")

        assert (Standing.ON_TRACK, D(2)) == (window.standing, window.pace)

    def test_closed_within(self, one_goal: OneGoal) -> None:
        """Q1 closed with 18 ≤ 20: met, attainment 20/18."""
        agreement = one_goal("20", per=Period.QUARTER, direction=Direction.AT_MOST)

        window = goal_window(
            agreement, records(("2026-01-20", "18")), "2026-04-01", "FY2026-Q1"
        )

        assert Standing.MET == window.standing
        assert D("1.111111111111111111111111111") == window.attainment

    def test_closed_over(self, one_goal: OneGoal) -> None:
        """Q1 closed with 25 > 20: missed, attainment 20/25 = 0.8."""
        agreement = one_goal("20", per=Period.QUARTER, direction=Direction.AT_MOST)

        window = goal_window(
            agreement, records(("2026-01-20", "25")), "2026-04-01", "FY2026-Q1"
        )

        assert (Standing.MISSED, D("0.8")) == (window.standing, window.attainment)

    def test_zero_is_perfect(self, one_goal: OneGoal) -> None:
        """Q1 closed with 0: attainment None (nothing to divide by), pace 1, met."""
        agreement = one_goal("20", per=Period.QUARTER, direction=Direction.AT_MOST)

        window = goal_window(agreement, [], "2026-04-01", "FY2026-Q1")

        assert (Standing.MET, None, D(1)) == (
            window.standing,
            window.attainment,
            window.pace,
        )

    @pytest.mark.parametrize("series", [False, True])
    def test_below_zero_is_better_still(self, one_goal: OneGoal, series: bool) -> None:
        """A net -3 against at most 5 (returns netted, as a bias below 0): met, on track, never a shortfall.

        Its ratios read 5 / -3 = -1.67 (attainment) and expected / -3 (pace):
        a result better than perfect stood off track and scored 0.
        """
        agreement = one_goal("5", per=Period.QUARTER, direction=Direction.AT_MOST)
        log = records(("2026-01-20", "-3"))
        days = [day("2026-02-15"), day("2026-04-01")]
        if series:
            cards = evaluate_series(agreement, log, days)
        else:
            cards = tuple(evaluate(agreement, log, as_of=d) for d in days)
        open_, closed = (card.goal("g").window("FY2026-Q1") for card in cards)

        assert (Standing.ON_TRACK, D(1), None) == (
            open_.standing,
            open_.pace,
            open_.attainment,
        )
        assert (Standing.MET, None) == (closed.standing, closed.attainment)
        assert (D(1), D(1)) == (
            cards[0].overall_attainment,
            cards[1].overall_attainment,
        )


class TestMissedEarly:
    """Past a target no later record can bring it back to, an open window is missed at once."""

    @pytest.mark.parametrize("series", [False, True])
    def test_a_count_over_at_most(self, one_goal: OneGoal, series: bool) -> None:
        """At most 10 a quarter, 11 by 2026-03-28: missed on day 87 of 90, attainment 10/11, not yet counted as a closed miss."""
        agreement = one_goal(
            "10",
            aggregation=Aggregation.COUNT,
            direction=Direction.AT_MOST,
            per=Period.QUARTER,
        )
        log = records(*(("2026-01-05", "1") for _ in range(11)))
        as_of = day("2026-03-28")
        if series:
            (card,) = evaluate_series(agreement, log, [as_of])
        else:
            card = evaluate(agreement, log, as_of=as_of)
        result = card.goal("g")

        assert (Standing.MISSED, False, D(11)) == (
            result.standing,
            result.current.closed,
            result.current.actual,
        )
        assert D("0.9090909090909090909090909091") == result.current.attainment
        assert D("0.9090909090909090909090909091") == card.overall_attainment
        assert 0 == result.windows_missed

    def test_at_the_limit_is_not_missed(self, one_goal: OneGoal) -> None:
        """Ten of at most ten by 2026-03-28 is still judged by pace: 9.666…7 / 10, at risk."""
        agreement = one_goal(
            "10",
            aggregation=Aggregation.COUNT,
            direction=Direction.AT_MOST,
            per=Period.QUARTER,
        )
        log = records(*(("2026-01-05", "1") for _ in range(10)))

        window = goal_window(agreement, log, "2026-03-28")

        assert Standing.AT_RISK == window.standing

    @pytest.mark.parametrize(
        ("aggregation", "direction", "value"),
        [
            (Aggregation.SUM, Direction.AT_MOST, "12"),
            (Aggregation.MAX, Direction.AT_MOST, "12"),
            (Aggregation.MIN, Direction.AT_LEAST, "8"),
        ],
    )
    def test_the_mirrors_of_an_early_met(
        self,
        one_goal: OneGoal,
        aggregation: Aggregation,
        direction: Direction,
        value: str,
    ) -> None:
        """A SUM or MAX of 12 against at most 10, a MIN of 8 against at least 10: missed on 2026-01-20."""
        agreement = one_goal(
            "10", aggregation=aggregation, direction=direction, per=Period.QUARTER
        )

        window = goal_window(agreement, records(("2026-01-05", value)), "2026-01-20")

        assert (Standing.MISSED, False) == (window.standing, window.closed)

    def test_a_mean_over_at_most_is_judged_by_pace(self, one_goal: OneGoal) -> None:
        """A mean of 12 against at most 10 on 2026-02-14 may still come down: pace 10/12, at risk, not missed."""
        agreement = one_goal(
            "10",
            aggregation=Aggregation.MEAN,
            direction=Direction.AT_MOST,
            per=Period.QUARTER,
        )

        window = goal_window(agreement, records(("2026-01-05", "12")), "2026-02-14")

        assert Standing.AT_RISK == window.standing


class _Plain(Observation):
    """An observation the fast path does not vouch for: it takes the plain one."""

    __slots__ = ()


class TestSignedSums:
    """A SUM whose records have been negative by as_of is judged by pace until it closes.

    At least (or at most) 10 a quarter. A refund or a credit note may take a
    sum back below, or bring it back within, its target: once the target's
    records have shown one, by as_of, a later one may come too.
    """

    @pytest.mark.parametrize("path", ["evaluate", "series", "plain"])
    def test_a_refund_seen_keeps_a_reached_target_open(
        self, one_goal: OneGoal, path: str
    ) -> None:
        """-5 on 01-05 and +20 on 01-10: 15 of 10 on 01-15 is on track (pace 15 / (10 x 15/90) = 9), not met."""
        agreement = quarterly_ten(one_goal)
        log = records(("2026-01-05", "-5"), ("2026-01-10", "20"))
        as_of = day("2026-01-15")
        if path == "series":
            (card,) = evaluate_series(agreement, log, [as_of])
        else:
            plain = path == "plain"
            card = evaluate(agreement, _plain(log) if plain else log, as_of=as_of)
        window = card.goal("g").current

        assert (Standing.ON_TRACK, D(15), D(9), False) == (
            window.standing,
            window.actual,
            window.pace,
            window.closed,
        )
        assert Standing.ON_TRACK == card.contribution("c").standing

    def test_a_later_refund_then_misses_it(self, one_goal: OneGoal) -> None:
        """A refund of 8 on 02-01 leaves 20 - 5 - 8 = 7 of 10: missed at the close, never met before."""
        agreement = quarterly_ten(one_goal)
        log = records(("2026-01-05", "-5"), ("2026-01-10", "20"), ("2026-02-01", "-8"))
        days = [day(d) for d in ("2026-01-15", "2026-01-31", "2026-03-31")]

        standings = [
            card.goal("g").window("FY2026-Q1").standing
            for card in evaluate_series(agreement, log, days)
        ]

        assert [Standing.ON_TRACK, Standing.ON_TRACK, Standing.MISSED] == standings

    def test_a_refund_after_as_of_changes_nothing(self, one_goal: OneGoal) -> None:
        """+12 on 01-05 and -5 on 01-20: as of 01-10 the log up to then only added, so 12 of 10 is met."""
        agreement = quarterly_ten(one_goal)
        log = records(("2026-01-05", "12"), ("2026-01-20", "-5"))

        early = goal_window(agreement, log, "2026-01-10")
        later = goal_window(agreement, log, "2026-01-20")

        assert (Standing.MET, D(12)) == (early.standing, early.actual)
        assert (Standing.ON_TRACK, D(7)) == (later.standing, later.actual)

    def test_a_refund_in_an_earlier_quarter_counts(self, one_goal: OneGoal) -> None:
        """A refund of 5 on 02-01 (Q1), then 12 on 04-05: Q2's 12 of 10 on 04-10 is on track, not met."""
        agreement = quarterly_ten(one_goal)
        log = records(("2026-02-01", "-5"), ("2026-04-05", "12"))

        window = goal_window(agreement, log, "2026-04-10")

        assert ("FY2026-Q2", Standing.ON_TRACK, D(12)) == (
            window.label,
            window.standing,
            window.actual,
        )

    def test_another_selections_refund_does_not_count(self, one_goal: OneGoal) -> None:
        """Region emea's 12 of 10 on 01-10 is met: the refund of 5 on 01-03 was apac's."""
        agreement = quarterly_ten(one_goal, where={"region": "emea"})
        log = [
            Observation(
                metric="m", at=day("2026-01-03"), value=D(-5), dims={"region": "apac"}
            ),
            Observation(
                metric="m", at=day("2026-01-05"), value=D(12), dims={"region": "emea"}
            ),
        ]

        window = goal_window(agreement, log, "2026-01-10")

        assert (Standing.MET, D(12)) == (window.standing, window.actual)

    def test_a_credit_note_seen_keeps_a_passed_limit_open(
        self, one_goal: OneGoal
    ) -> None:
        """At most 10: -3 on 01-05 and +15 on 01-10 make 12 on 02-14, off track (pace 5/12), not missed."""
        agreement = quarterly_ten(one_goal, direction=Direction.AT_MOST)
        log = records(("2026-01-05", "-3"), ("2026-01-10", "15"))

        window = goal_window(agreement, log, "2026-02-14")

        assert (Standing.OFF_TRACK, D(12), D(5) / D(12)) == (
            window.standing,
            window.actual,
            window.pace,
        )

    def test_a_later_credit_note_then_meets_it(self, one_goal: OneGoal) -> None:
        """A credit note of 4 on 03-01 brings it to 8 of at most 10: met at the close."""
        agreement = quarterly_ten(one_goal, direction=Direction.AT_MOST)
        log = records(("2026-01-05", "-3"), ("2026-01-10", "15"), ("2026-03-01", "-4"))

        window = goal_window(agreement, log, "2026-03-31")

        assert (Standing.MET, D(8), True) == (
            window.standing,
            window.actual,
            window.closed,
        )

    def test_a_count_still_settles(self, one_goal: OneGoal) -> None:
        """A COUNT counts records, whatever their sign: ten records of -1 by 01-10 meet 10."""
        agreement = quarterly_ten(one_goal, aggregation=Aggregation.COUNT)
        log = records(*((f"2026-01-{d:02d}", "-1") for d in range(1, 11)))

        window = goal_window(agreement, log, "2026-01-10")

        assert (Standing.MET, D(10)) == (window.standing, window.actual)


class TestSumsOfTargetsAtOrBelowZero:
    """A SUM's target at or below 0 is met or missed only once its window closes.

    A loss limit (at least -90 a quarter), a break-even (at least 0), a cut
    (at most -90) or at most 0 is about records that may be negative by its
    nature: a sum at or past it on day ten says nothing of the losses to
    come, nor a sum short of it that the cut cannot come. It stood met (or
    missed) from the first day, with nothing booked, and then flipped.
    """

    @pytest.mark.parametrize("path", ["evaluate", "series", "plain"])
    @pytest.mark.parametrize(
        ("value", "direction", "log", "as_of", "standing", "pace"),
        [
            # A loss limit with nothing booked on day 10: no loss yet.
            ("-90", Direction.AT_LEAST, [], "2026-01-10", Standing.ON_TRACK, D(1)),
            # ... or a profit of 100 so far: the losses are still to come.
            (
                "-90",
                Direction.AT_LEAST,
                [("2026-01-05", "100")],
                "2026-01-10",
                Standing.ON_TRACK,
                D(1),
            ),
            # A break-even with nothing booked.
            ("0", Direction.AT_LEAST, [], "2026-01-10", Standing.ON_TRACK, D(1)),
            # A cut of 90 not made by day 10: too young to judge.
            ("-90", Direction.AT_MOST, [], "2026-01-10", Standing.EARLY, D(0)),
            # ... nor by day 45, 45 expected: behind, not beyond reach.
            ("-90", Direction.AT_MOST, [], "2026-02-14", Standing.OFF_TRACK, D(0)),
            # 3 against at most 0 by day 45: a credit note may still come.
            (
                "0",
                Direction.AT_MOST,
                [("2026-01-05", "3")],
                "2026-02-14",
                Standing.OFF_TRACK,
                D(0),
            ),
        ],
    )
    def test_judged_by_pace_while_open(
        self,
        one_goal: OneGoal,
        value: str,
        direction: Direction,
        log: list[tuple[str, str]],
        as_of: str,
        standing: Standing,
        pace: Decimal,
        path: str,
    ) -> None:
        """No record below 0 yet, and still no early met or missed: the standing of the pace."""
        agreement = one_goal(value, per=Period.QUARTER, direction=direction)
        observations = records(*log)
        if path == "series":
            (card,) = evaluate_series(agreement, observations, [day(as_of)])
        else:
            if path == "plain":
                observations = _plain(observations)
            card = evaluate(agreement, observations, as_of=day(as_of))
        window = card.goal("g").current

        assert ("FY2026-Q1", False, standing, pace) == (
            window.label,
            window.closed,
            window.standing,
            window.pace,
        )
        assert standing == card.contribution("c").standing

    @pytest.mark.parametrize(
        ("value", "direction", "log", "standings"),
        [
            # A loss limit: a profit of 100, then a loss of 7 000 on 01-20.
            (
                "-90",
                Direction.AT_LEAST,
                [("2026-01-05", "100"), ("2026-01-20", "-7000")],
                [Standing.ON_TRACK, Standing.OFF_TRACK, Standing.MISSED],
            ),
            # A cut of 90, made on 01-20 with a credit note of 120.
            (
                "-90",
                Direction.AT_MOST,
                [("2026-01-20", "-120")],
                [Standing.EARLY, Standing.ON_TRACK, Standing.MET],
            ),
        ],
    )
    def test_never_settled_then_flipped(
        self,
        one_goal: OneGoal,
        value: str,
        direction: Direction,
        log: list[tuple[str, str]],
        standings: list[Standing],
    ) -> None:
        """Q1 on 01-10, 01-31 and 03-31: met (or missed) on 01-10, and the other way at the close, before."""
        agreement = one_goal(value, per=Period.QUARTER, direction=direction)
        days = [day(d) for d in ("2026-01-10", "2026-01-31", "2026-03-31")]

        cards = evaluate_series(agreement, records(*log), days)

        assert standings == [c.goal("g").window("FY2026-Q1").standing for c in cards]

    def test_a_target_stepping_across_zero(self, one_goal: OneGoal) -> None:
        """10 a quarter, -10 from Q2: 12 by 01-10 meets Q1 early; nothing by 04-10 is Q2 on track, not met."""
        agreement = one_goal(
            "10", per=Period.QUARTER, steps=((day("2026-04-01"), "-10"),)
        )
        log = records(("2026-01-05", "12"))

        q1 = goal_window(agreement, log, "2026-01-10")
        q2 = goal_window(agreement, log, "2026-04-10")

        assert (D(10), Standing.MET) == (q1.target, q1.standing)
        assert ("FY2026-Q2", D(-10), Standing.ON_TRACK) == (
            q2.label,
            q2.target,
            q2.standing,
        )

    @pytest.mark.parametrize(
        ("direction", "log", "standing"),
        [
            (Direction.AT_LEAST, [], Standing.MET),
            (Direction.AT_MOST, [("2026-01-05", "1")], Standing.MISSED),
        ],
    )
    def test_a_count_of_zero_still_settles(
        self,
        one_goal: OneGoal,
        direction: Direction,
        log: list[tuple[str, str]],
        standing: Standing,
    ) -> None:
        """A COUNT never falls: at least 0 is met at once, one record against at most 0 missed."""
        agreement = one_goal(
            "0", per=Period.QUARTER, direction=direction, aggregation=Aggregation.COUNT
        )

        window = goal_window(agreement, records(*log), "2026-01-10")

        assert (standing, False) == (window.standing, window.closed)


def quarterly_ten(one_goal: OneGoal, **kwargs: object) -> Agreement:
    """A goal of 10 a quarter (SUM, at least, unless *kwargs* say otherwise)."""
    return one_goal("10", per=Period.QUARTER, **kwargs)


def _plain(log: list[Observation]) -> list[Observation]:
    """*log* as records the plain, record-by-record path reads."""
    return [
        _Plain(metric=o.metric, at=o.at, value=o.value, ref=o.ref, dims=o.dims)
        for o in log
    ]


class TestAtMostLevel:
    """AT_MOST on a level paces from the baseline down to the target."""

    def test_mean_open(self, one_goal: OneGoal) -> None:
        """Mean days at most 3 (baseline 5); 2026-02-14: expected 5 + (3 - 5) * 0.5 = 4, actual (4 + 2)/2 = 3, pace 4/3."""
        agreement = one_goal(
            "3",
            aggregation=Aggregation.MEAN,
            direction=Direction.AT_MOST,
            per=Period.QUARTER,
            baseline="5",
        )
        observations = records(("2026-01-10", "4"), ("2026-02-10", "2"))

        window = goal_window(agreement, observations, "2026-02-14")

        assert (D(3), D(4), D(1), D(3)) == (
            window.actual,
            window.expected,
            window.attainment,
            window.forecast,
        )
        assert D("1.333333333333333333333333333") == window.pace
        assert Standing.ON_TRACK == window.standing

    def test_mean_closed_met(self, one_goal: OneGoal) -> None:
        """Q1 closed at a mean of 3 ≤ 3: met; expected is then the target, 3."""
        agreement = one_goal(
            "3",
            aggregation=Aggregation.MEAN,
            direction=Direction.AT_MOST,
            per=Period.QUARTER,
            baseline="5",
        )
        observations = records(("2026-01-10", "4"), ("2026-02-10", "2"))

        window = goal_window(agreement, observations, "2026-05-01", "FY2026-Q1")

        assert (Standing.MET, D(3)) == (window.standing, window.expected)

    def test_last_over_the_limit_is_behind_pace(self, one_goal: OneGoal) -> None:
        """Lead time at most 10 days (baseline 14), reading 13 on 2026-02-14: expected 12, pace 12/13 = 0.923…1."""
        agreement = one_goal(
            "10",
            aggregation=Aggregation.LAST,
            direction=Direction.AT_MOST,
            per=Period.QUARTER,
            baseline="14",
        )

        window = goal_window(agreement, records(("2026-02-01", "13")), "2026-02-14")

        assert D(12) == window.expected
        assert D("0.9230769230769230769230769231") == window.pace
        assert Standing.AT_RISK == window.standing


class TestBaselinePacing:
    """A level with a baseline is expected to move from it to the target over the window."""

    def test_last_from_baseline(self, one_goal: OneGoal) -> None:
        """Term of 100 days (2026-01-01..04-10), 2 → 8 reps; 2026-02-19 is day 50: expected 2 + 6 * 0.5 = 5, actual 4, pace 0.8."""
        agreement = one_goal(
            "8", aggregation=Aggregation.LAST, baseline="2", end=day("2026-04-10")
        )

        window = goal_window(agreement, records(("2026-02-01", "4")), "2026-02-19")

        assert (D("0.5"), D(5), D("0.8"), D("0.5"), D(4)) == (
            window.elapsed,
            window.expected,
            window.pace,
            window.attainment,
            window.forecast,
        )
        assert Standing.AT_RISK == window.standing

    def test_without_baseline_the_target_is_expected_throughout(
        self, one_goal: OneGoal
    ) -> None:
        """No baseline: expected = target + (target - target) * elapsed = 8, pace 4/8 = 0.5."""
        agreement = one_goal("8", aggregation=Aggregation.LAST, end=day("2026-04-10"))

        window = goal_window(agreement, records(("2026-02-01", "4")), "2026-02-19")

        assert (D(8), D("0.5"), Standing.OFF_TRACK) == (
            window.expected,
            window.pace,
            window.standing,
        )


def both_ways(
    agreement: Agreement,
    log: list[Observation],
    as_of: str,
    label: str = "FY2026-Q1",
    bands: Bands | None = None,
) -> WindowResult:
    """Goal ``g``'s window *label* at *as_of*, alike by `evaluate` and `evaluate_series`.

    A series reads its current window through `open_window` and its closed
    ones through `closed_window`, evaluate through `evaluate_window`: the
    three must agree.
    """
    bands = bands or Bands()
    alone = evaluate(agreement, log, as_of=day(as_of), bands=bands).goal("g")
    (card,) = evaluate_series(agreement, log, [day(as_of)], bands=bands)
    window = alone.window(label)
    assert window == card.goal("g").window(label)
    return window


class TestTargetsAtOrBelowZero:
    """A target at or below 0 reads as its direction asks, whatever the signs.

    A net margin of at least -90 a quarter is a loss limit: a loss of at most
    90. Its attainment and pace are the ratios AT_MOST gives that loss
    (``target / actual``), so a met window reads 100 % or more and a missed
    one less; a margin of 0 or more is no loss at all, better than any
    ratio says (attainment None, pace 1), as an actual of 0 at most is. An
    AT_MOST target below 0 is the mirror: ``actual / target``. No SUM's
    window of such a target is settled before it closes (see
    `TestSumsOfTargetsAtOrBelowZero`).
    """

    @pytest.mark.parametrize(
        ("log", "standing", "attainment", "pace"),
        [
            # A loss of 120 against at most 90: missed at 90/120, not 133 %.
            ([("2026-02-01", "-120")], Standing.MISSED, D("0.75"), D("0.75")),
            # A loss of 60: met at 90/60, not 67 %.
            ([("2026-02-01", "-60")], Standing.MET, D("1.5"), D("1.5")),
            # No loss at all, or a profit: met, no ratio says by how much.
            ([("2026-02-01", "-30"), ("2026-03-01", "30")], Standing.MET, None, D(1)),
            ([("2026-02-01", "-30"), ("2026-03-01", "40")], Standing.MET, None, D(1)),
        ],
    )
    def test_a_closed_loss_limit(
        self,
        one_goal: OneGoal,
        log: list[tuple[str, str]],
        standing: Standing,
        attainment: Decimal | None,
        pace: Decimal,
    ) -> None:
        """At least -90 a quarter, Q1 closed: met exactly when the attainment is 1 or more (or None)."""
        agreement = one_goal("-90", per=Period.QUARTER)

        window = both_ways(agreement, records(*log), "2026-04-01")

        assert (standing, attainment, pace) == (
            window.standing,
            window.attainment,
            window.pace,
        )

    @pytest.mark.parametrize(
        ("log", "standing", "pace"),
        [
            # 10 lost where 45 may be: far ahead of pace, not off track at 0.22.
            ([("2026-02-01", "-10")], Standing.ON_TRACK, D("4.5")),
            # 50 lost: a little behind, at risk at 45/50.
            ([("2026-02-01", "-50")], Standing.AT_RISK, D("0.9")),
            # 60 lost: well behind, off track at 45/60, not on track at 1.33.
            ([("2026-02-01", "-60")], Standing.OFF_TRACK, D("0.75")),
            # A profit of 10 so far: on track, at a pace of 1.
            ([("2026-02-01", "-10"), ("2026-02-10", "20")], Standing.ON_TRACK, D(1)),
        ],
    )
    def test_an_open_loss_limit(
        self,
        one_goal: OneGoal,
        log: list[tuple[str, str]],
        standing: Standing,
        pace: Decimal,
    ) -> None:
        """At least -90 a quarter on 2026-02-14, day 45 of 90: expected -45, pace -45 / actual."""
        agreement = one_goal("-90", per=Period.QUARTER)

        window = both_ways(agreement, records(*log), "2026-02-14")

        assert (D(-45), standing, pace) == (
            window.expected,
            window.standing,
            window.pace,
        )

    def test_the_overall_attainment_of_a_missed_loss_limit(
        self, one_goal: OneGoal
    ) -> None:
        """A loss of 120 against at most 90, on Q1's last day: the goal scores 0.75, not 1."""
        agreement = one_goal("-90", per=Period.QUARTER)

        card = evaluate(
            agreement, records(("2026-02-01", "-120")), as_of=day("2026-03-31")
        )

        assert (Standing.MISSED, D("0.75")) == (
            card.goal("g").standing,
            card.overall_attainment,
        )

    @pytest.mark.parametrize(
        ("log", "standing", "attainment"),
        [
            # 120 below 0 where at most -90 is asked: met at 120/90.
            (
                [("2026-02-01", "-120")],
                Standing.MET,
                D("1.333333333333333333333333333"),
            ),
            # -60: missed at 60/90, not 150 %.
            (
                [("2026-02-01", "-60")],
                Standing.MISSED,
                D("0.6666666666666666666666666667"),
            ),
            # 0: missed, at 0 (not None, the best result of a target of 0 or more).
            ([("2026-02-01", "-30"), ("2026-03-01", "30")], Standing.MISSED, D(0)),
            # 30 above 0: missed, below 0.
            (
                [("2026-02-01", "-30"), ("2026-03-01", "60")],
                Standing.MISSED,
                D("-0.3333333333333333333333333333"),
            ),
        ],
    )
    def test_a_closed_at_most_below_zero(
        self,
        one_goal: OneGoal,
        log: list[tuple[str, str]],
        standing: Standing,
        attainment: Decimal,
    ) -> None:
        """At most -90 a quarter, Q1 closed: attainment actual / -90, met exactly from 1 on."""
        agreement = one_goal("-90", per=Period.QUARTER, direction=Direction.AT_MOST)

        window = both_ways(agreement, records(*log), "2026-04-01")

        assert (standing, attainment, attainment) == (
            window.standing,
            window.attainment,
            window.pace,
        )

    @pytest.mark.parametrize(
        ("log", "standing", "pace"),
        [
            (
                [("2026-02-01", "-60")],
                Standing.ON_TRACK,
                D("1.333333333333333333333333333"),
            ),
            # -30 where at most -45 is expected: behind, not on track at 1.5.
            (
                [("2026-02-01", "-30")],
                Standing.OFF_TRACK,
                D("0.6666666666666666666666666667"),
            ),
            # 0 where at most -45 is expected: off track, not on track at 1.
            ([("2026-02-01", "-30"), ("2026-02-10", "30")], Standing.OFF_TRACK, D(0)),
        ],
    )
    def test_an_open_at_most_below_zero(
        self,
        one_goal: OneGoal,
        log: list[tuple[str, str]],
        standing: Standing,
        pace: Decimal,
    ) -> None:
        """At most -90 a quarter on 2026-02-14: expected -45, pace actual / -45."""
        agreement = one_goal("-90", per=Period.QUARTER, direction=Direction.AT_MOST)

        window = both_ways(agreement, records(*log), "2026-02-14")

        assert (standing, pace) == (window.standing, window.pace)

    @pytest.mark.parametrize(
        ("reading", "standing", "pace"),
        [("-1", Standing.OFF_TRACK, D(0)), ("2", Standing.ON_TRACK, D(1))],
    )
    def test_a_level_crossing_zero(
        self, one_goal: OneGoal, reading: str, standing: Standing, pace: Decimal
    ) -> None:
        """At least 10 a quarter from a baseline of -10: on 2026-02-14 expected 0; -1 is behind it, 2 ahead."""
        agreement = one_goal(
            "10", per=Period.QUARTER, aggregation=Aggregation.MEAN, baseline="-10"
        )

        window = both_ways(agreement, records(("2026-02-01", reading)), "2026-02-14")

        assert (D(0), standing, pace) == (window.expected, window.standing, window.pace)

    @pytest.mark.parametrize(
        ("value", "direction", "log"),
        [
            ("20", Direction.AT_MOST, []),
            ("-90", Direction.AT_LEAST, [("2026-02-01", "-10"), ("2026-02-10", "20")]),
        ],
    )
    def test_the_best_result_is_on_track_whatever_the_bands(
        self,
        one_goal: OneGoal,
        value: str,
        direction: Direction,
        log: list[tuple[str, str]],
    ) -> None:
        """No defect against at most 20, a profit against a loss limit: on track though the bands ask a pace of 1.5.

        Their pace of 1 says no more than "better than any ratio": it stood
        at risk below an on-track ratio above 1.
        """
        agreement = one_goal(value, per=Period.QUARTER, direction=direction)
        bands = Bands(on_track_ratio="1.5", at_risk_ratio="1")

        window = both_ways(agreement, records(*log), "2026-02-14", bands=bands)

        assert (Standing.ON_TRACK, D(1)) == (window.standing, window.pace)


class TestAggregations:
    """Each aggregation makes the actual of SPEC §5 from the window's records."""

    @pytest.mark.parametrize(
        ("aggregation", "expected"),
        [
            (Aggregation.SUM, D("13.5")),  # 4 + 1.5 + 8
            (Aggregation.COUNT, D(3)),
            (Aggregation.MEAN, D("4.5")),  # 13.5 / 3
            (Aggregation.MIN, D("1.5")),
            (Aggregation.MAX, D(8)),
            (Aggregation.LAST, D(8)),  # the latest, 2026-02-10
        ],
    )
    def test_actual(
        self, one_goal: OneGoal, aggregation: Aggregation, expected: Decimal
    ) -> None:
        """Q1 records 4 (01-10), 1.5 (01-20), 8 (02-10); 2025 and Q2 records do not count."""
        agreement = one_goal("10", aggregation=aggregation, per=Period.QUARTER)
        observations = records(
            ("2025-12-31", "100"),
            ("2026-01-10", "4"),
            ("2026-01-20", "1.5"),
            ("2026-02-10", "8"),
            ("2026-04-02", "100"),
        )

        window = goal_window(agreement, observations, "2026-04-30", "FY2026-Q1")

        assert expected == window.actual

    def test_last_carries_forward_from_before_the_term(self, one_goal: OneGoal) -> None:
        """LAST: the 2025-12-15 reading of 4 is the actual in Q1 and still in Q2."""
        agreement = one_goal("8", aggregation=Aggregation.LAST, per=Period.QUARTER)
        observations = records(("2025-12-15", "4"))

        card = evaluate(agreement, observations, as_of=day("2026-05-01")).goal("g")

        assert (D(4), D(4)) == (
            card.window("FY2026-Q1").actual,
            card.window("FY2026-Q2").actual,
        )

    def test_last_ties_go_to_the_later_record(self, one_goal: OneGoal) -> None:
        """Two readings on one day: the later in input order wins."""
        agreement = one_goal("8", aggregation=Aggregation.LAST)
        observations = records(("2026-03-01", "5"), ("2026-03-01", "3"))

        assert D(3) == goal_window(agreement, observations, "2026-03-02").actual

    def test_last_stops_at_the_window_end(self, one_goal: OneGoal) -> None:
        """Q1's LAST is its own latest reading (6 on 03-30), not Q2's (9 on 04-02)."""
        agreement = one_goal("8", aggregation=Aggregation.LAST, per=Period.QUARTER)
        observations = records(("2026-03-30", "6"), ("2026-04-02", "9"))

        window = goal_window(agreement, observations, "2026-06-01", "FY2026-Q1")

        assert (D(6), Standing.MISSED) == (window.actual, window.standing)

    @pytest.mark.parametrize(
        "aggregation", [Aggregation.MEAN, Aggregation.MIN, Aggregation.MAX]
    )
    def test_window_levels_without_records_are_none(
        self, one_goal: OneGoal, aggregation: Aggregation
    ) -> None:
        """MEAN, MIN and MAX over an empty window are None: no_data while open."""
        agreement = one_goal("10", aggregation=aggregation, per=Period.QUARTER)

        window = goal_window(agreement, records(("2026-01-10", "4")), "2026-04-30")

        assert (None, Standing.NO_DATA) == (window.actual, window.standing)

    def test_observations_on_as_of_count(self, one_goal: OneGoal) -> None:
        """as_of is the end of the day: a record on 2026-02-14 counts then, one on 02-15 not."""
        observations = records(("2026-02-14", "45"), ("2026-02-15", "1000"))

        window = goal_window(quarterly(one_goal), observations, "2026-02-14")

        assert D(45) == window.actual

    def test_zero_target_at_least(self, one_goal: OneGoal) -> None:
        """Target 0: attainment None (no division by 0), expected 0 so pace 1; 0 ≥ 0 is on track while open, met once closed."""
        agreement = one_goal("0", per=Period.QUARTER)

        open_ = goal_window(agreement, [], "2026-02-14")
        closed = goal_window(agreement, [], "2026-04-01", "FY2026-Q1")

        assert (None, D(1), Standing.ON_TRACK) == (
            open_.attainment,
            open_.pace,
            open_.standing,
        )
        assert (None, D(1), Standing.MET) == (
            closed.attainment,
            closed.pace,
            closed.standing,
        )


class TestBandLimits:
    """Bands reach their limits: 0, at-risk equal to on-track, min_elapsed of 1."""

    def test_limits_are_accepted(self) -> None:
        """Every band at its limit is a valid set of bands."""
        bands = Bands(on_track_ratio=D(0), at_risk_ratio=D(0), min_elapsed=D(1))

        assert (D(0), D(0), D(1)) == (
            bands.on_track_ratio,
            bands.at_risk_ratio,
            bands.min_elapsed,
        )

    def test_every_problem_named(self) -> None:
        """A NaN and a min_elapsed above 1 are both named, in order, in one error."""
        with pytest.raises(ValueError, match=r"^invalid Bands") as caught:
            Bands(at_risk_ratio=D("NaN"), min_elapsed=D(2))

        assert (
            "invalid Bands (2 problems):\n"
            "  at_risk_ratio: expected a finite decimal, got NaN\n"
            "  min_elapsed: expected a value from 0 to 1, got 2"
        ) == str(caught.value)


class TestFirstDay:
    """A window has started on its first day: one day of it has passed."""

    def test_first_day_of_a_quarter(self, one_goal: OneGoal) -> None:
        """On 1 April, 1 of the second quarter's 91 days has passed."""
        window = goal_window(quarterly(one_goal), [], "2026-04-01", "FY2026-Q2")

        assert D(1) / D(91) == window.elapsed


class TestZeroSpelling:
    """A zero result is written ``0``, whatever the spelling of the numbers behind it."""

    def test_a_zero_actual(self, one_goal: OneGoal) -> None:
        """An actual of 0.00 gives an attainment, pace and forecast of 0."""
        window = goal_window(
            one_goal("15", per=Period.QUARTER),
            records(("2026-02-01", "0.00")),
            "2026-02-14",
            "FY2026-Q1",
        )

        assert ["0", "0", "0"] == [
            str(window.attainment),
            str(window.pace),
            str(window.forecast),
        ]

    def test_a_zero_level_carried_into_a_window_not_started(
        self, one_goal: OneGoal
    ) -> None:
        """A LAST reading of 0.00 carries into Q2, not started: actual 0.00, attainment and forecast 0."""
        window = goal_window(
            one_goal("15", per=Period.QUARTER, aggregation=Aggregation.LAST),
            records(("2026-02-01", "0.00")),
            "2026-02-14",
            "FY2026-Q2",
        )

        assert (Standing.NOT_STARTED, "0.00", "0", "0") == (
            window.standing,
            str(window.actual),
            str(window.attainment),
            str(window.forecast),
        )

    def test_a_window_not_started(self, one_goal: OneGoal) -> None:
        """Before a window starts, a flow of 1.5 a quarter expects 0."""
        window = goal_window(
            one_goal("1.5", per=Period.QUARTER), [], "2026-02-14", "FY2026-Q2"
        )

        assert "0" == str(window.expected)

    def test_a_level_not_started(self, one_goal: OneGoal) -> None:
        """Before a window starts, a level expects its baseline as written."""
        window = goal_window(
            one_goal(
                "1.50", per=Period.QUARTER, aggregation=Aggregation.MEAN, baseline="1"
            ),
            [],
            "2026-02-14",
            "FY2026-Q2",
        )

        assert "1" == str(window.expected)


class TestLongWindows:
    """A window evaluated on its 400th day and later counts its days alike."""

    def test_four_hundredth_day(self, one_goal: OneGoal) -> None:
        """On the 400th of a two-year term's 730 days, 400/730 of it has passed."""
        agreement = one_goal("100", start=day("2026-01-01"), end=day("2027-12-31"))
        as_of = day("2026-01-01") + dt.timedelta(days=399)

        window = goal_window(agreement, [], as_of.isoformat())

        assert D(400) / D(730) == window.elapsed
