"""`ObservationIndex`: what it refuses and how, its series and its windows' sums."""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import pickle
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import counted_reads

from mutualcommit import InvalidObservationsError
from mutualcommit.kpi import ObservationIndex, Scorecard, Standing, WindowResult
from mutualcommit.kpi._index import log_problems
from mutualcommit.model import Aggregation, Agreement, Metric, Observation, Period
from mutualcommit.testing.strategies import (
    agreements,
    agreements_with_observations,
    observations,
)

from .conftest import END, START, build_one_goal, spelled


def record(day: dt.date, value: str, **dims: str) -> Observation:
    """One observation of metric ``m``."""
    return Observation(metric="m", at=day, value=Decimal(value), dims=dims)


class TestRefusals:
    """Every refusal says what was given and what is wanted."""

    def test_as_of_datetime(self) -> None:
        """Evaluate names the datetime it refuses."""
        index = ObservationIndex(build_one_goal("10"), [])

        with pytest.raises(TypeError) as raised:
            index.evaluate(as_of=dt.datetime(2026, 3, 1))  # noqa: DTZ001

        assert (
            "as_of is a datetime.date, got datetime datetime.datetime(2026, 3, 1, 0, 0)"
            "; pass its .date()" == str(raised.value)
        )

    def test_series_day_of_another_type(self) -> None:
        """Series refuses a day that is not a date, naming it."""
        index = ObservationIndex(build_one_goal("10"), [])

        with pytest.raises(TypeError) as raised:
            index.series([START, "2026-03-01"])  # type: ignore[list-item]

        assert (
            "as_of_dates[1] is a datetime.date, got str '2026-03-01'"
            "; pass datetime.date.fromisoformat(...)"
        ) == str(raised.value)

    def test_actual_as_of_datetime(self) -> None:
        """Actual refuses a datetime as_of too."""
        index = ObservationIndex(build_one_goal("10"), [])

        with pytest.raises(TypeError, match="got datetime"):
            index.actual("m", START, START, as_of=dt.datetime(2026, 3, 1))  # noqa: DTZ001

    def test_actual_of_a_reversed_range(self) -> None:
        """An end before the start is refused, not read as an empty window's 0."""
        index = ObservationIndex(build_one_goal("10"), [record(START, "5")])
        later = START + dt.timedelta(days=30)

        with pytest.raises(ValueError, match="end") as raised:
            index.actual("m", later, START, as_of=later)

        assert (
            f"end {START.isoformat()} is before start {later.isoformat()}: the range is empty"
            == str(raised.value)
        )
        assert Decimal(5) == index.actual("m", START, START, as_of=later)

    def test_actual_window_of_text(self) -> None:
        """Actual refuses a window's start or end given as text, naming which."""
        index = ObservationIndex(build_one_goal("10"), [])

        with pytest.raises(TypeError) as start:
            index.actual("m", "2026-01-01", START, as_of=START)  # type: ignore[arg-type]
        with pytest.raises(TypeError) as end:
            index.actual("m", START, dt.datetime(2026, 3, 1), as_of=START)  # noqa: DTZ001

        assert [
            (
                "start is a datetime.date, got str '2026-01-01'"
                "; pass datetime.date.fromisoformat(...)"
            ),
            (
                "end is a datetime.date, got datetime datetime.datetime(2026, 3, 1, 0, 0)"
                "; pass its .date()"
            ),
        ] == [str(start.value), str(end.value)]

    @pytest.mark.parametrize(
        ("where", "shown"),
        [
            pytest.param([("region", "emea")], "list [('region', 'emea')]", id="pairs"),
            pytest.param("region", "str 'region'", id="text"),
            pytest.param({"region": 5}, "dict {'region': 5}", id="number"),
        ],
    )
    def test_actual_where_of_another_type(self, where: object, shown: str) -> None:
        """A selection that is not text to text is refused, where a number selected nothing."""
        index = ObservationIndex(build_one_goal("10"), [])

        with pytest.raises(TypeError) as raised:
            index.actual("m", START, START, as_of=START, where=where)  # type: ignore[arg-type]

        assert (
            f"where is a mapping of dimension names to values, each a str, got {shown}"
            == str(raised.value)
        )

    def test_actual_where_naming_a_dimension_twice(self) -> None:
        """Two keys that are one text in NFC would select nothing: a ValueError."""
        index = ObservationIndex(build_one_goal("10"), [])
        composed = "r\u00e9gion"  # région, é as one character
        decomposed = "re\u0301gion"  # é as e and a combining acute accent

        with pytest.raises(ValueError, match=r"^where names the dimension") as raised:
            index.actual(
                "m", START, START, as_of=START, where={composed: "a", decomposed: "b"}
            )

        assert (
            f"where names the dimension {composed!r} twice, spelt two ways that are "
            "one text in Unicode NFC: a record holds it once"
        ) == str(raised.value)

    @pytest.mark.parametrize(
        ("where", "said"),
        [
            pytest.param(
                {"region": "\ud800"},
                "where.region: expected valid Unicode text, got a lone surrogate",
                id="surrogate-value",
            ),
            pytest.param(
                {"r\udc80": "emea"},
                'where["r\\udc80"]: a key: expected valid Unicode text, got a lone '
                "surrogate",
                id="surrogate-key",
            ),
            pytest.param(
                {" ": "emea", "region": "emea"},
                'where[" "]: a key: expected a non-empty string',
                id="blank-key",
            ),
        ],
    )
    def test_actual_where_no_record_can_hold(
        self, where: dict[str, str], said: str
    ) -> None:
        """A selection no record's dims can hold is refused, as a target's where is, not 0."""
        agreement = build_one_goal("10")
        index = ObservationIndex(agreement, [])

        with pytest.raises(ValueError, match=r"^where selects no record") as raised:
            index.actual("m", START, START, as_of=START, where=where)

        assert f"where selects no record a log can hold: {said}" == str(raised.value)

    def test_bands(self) -> None:
        """Bands that are not a Bands: the message says what to pass."""
        index = ObservationIndex(build_one_goal("10"), [])

        with pytest.raises(TypeError) as raised:
            index.evaluate(as_of=START, bands=(1, 2))  # type: ignore[arg-type]
        with pytest.raises(TypeError) as in_series:
            index.series([START], bands=None)  # type: ignore[arg-type]

        assert (
            "bands: expected a Bands, got tuple (1, 2); pass Bands(on_track_ratio=..., "
            "at_risk_ratio=..., min_elapsed=...)"
        ) == str(raised.value)
        assert str(in_series.value).startswith(
            "bands: expected a Bands, got NoneType None;"
        )

    def test_unknown_metric(self) -> None:
        """Actual of a metric the agreement lacks: a KeyError naming its metrics."""
        index = ObservationIndex(build_one_goal("10"), [])

        with pytest.raises(KeyError) as raised:
            index.actual("nope", START, START, as_of=START)

        assert ("no metric 'nope' in agreement 'a' (there are: 'm')",) == (
            raised.value.args
        )

    def test_log_and_measure_problems_together(self) -> None:
        """An unknown metric and a record of a computed metric are listed at once."""
        terms = _with_ratio()
        log = [
            Observation("ratio", START, Decimal(1)),
            Observation("zzz", START, Decimal(1)),
        ]

        with pytest.raises(InvalidObservationsError) as raised:
            ObservationIndex(terms, log)

        assert [
            (
                "[1]",
                "unknown metric 'zzz' (the agreement's metrics: 'm', 'n', 'ratio')",
            ),
            (
                "[0]",
                (
                    "metric 'ratio' is computed (ratio), not observed: "
                    "record the metrics it is computed from"
                ),
            ),
        ] == list(raised.value.problems)


def _with_ratio() -> Agreement:
    """The one-goal agreement with a second sum ``n`` and the ratio m / n."""
    terms = build_one_goal("10", per=Period.QUARTER)
    return attrs.evolve(
        terms,
        metrics=(
            *terms.metrics,
            Metric(id="n", name="N", unit="count", aggregation=Aggregation.SUM),
            Metric(
                id="ratio",
                name="Ratio",
                unit="count",
                aggregation=Aggregation.RATIO,
                numerator="m",
                denominator="n",
            ),
        ),
    )


def _refused(agreement: Agreement, log: list[Observation]) -> list[tuple[str, str]]:
    """The problems ObservationIndex refuses *log* with, or [] when it indexes it."""
    try:
        ObservationIndex(agreement, log)
    except InvalidObservationsError as error:
        return list(error.problems)
    return []


#: How a problem of an order that an earlier standing order placed starts.
_PLACED = "is already placed by an earlier record"


class TestLogProblems:
    """log_problems: what ObservationIndex refuses, or less where a record's standing is unsure."""

    @staticmethod
    def _twice(log: list[Observation]) -> list[Observation]:
        """*log*, then its records again under refs of their own: every order placed twice."""
        return log + [
            attrs.evolve(o, ref=None if o.ref is None else f"{o.ref}~")
            for o in log
            if o.value is not None
        ]

    @given(agreements_with_observations(max_observations=12))
    def test_what_the_index_refuses(
        self, pair: tuple[Agreement, list[Observation]]
    ) -> None:
        """Every record sure: the very problems the index raises, of the log and of it twice over."""
        agreement, log = pair

        for each in (log, self._twice(log)):
            assert _refused(agreement, each) == log_problems(agreement, each)

    @given(agreements_with_observations(max_observations=12))
    def test_nothing_sure(self, pair: tuple[Agreement, list[Observation]]) -> None:
        """Every record unsure: what each record is alone, and no order placed twice."""
        agreement, log = pair
        twice = self._twice(log)

        assert [
            problem
            for problem in log_problems(agreement, twice)
            if _PLACED not in problem[1]
        ] == log_problems(agreement, twice, unsure=lambda _: True)

    def test_the_first_sure_placement(self) -> None:
        """Of three placements of PO-1, the first unsure: the third is the second's second."""
        terms = _with_otif()
        log = [
            Observation(
                "orders",
                START,
                Decimal(5),
                f"R{i}",
                {"order": "PO-1", "due": "2026-02-01"},
            )
            for i in range(3)
        ]

        problems = log_problems(terms, log, unsure=lambda record: record.ref == "R0")

        assert [("[2]", True)] == [
            (where, f"{_PLACED} (of 2026-01-01, ref 'R1')" in message)
            for where, message in problems
        ]


def _with_otif() -> Agreement:
    """The one-goal agreement with orders, deliveries and the OTIF of them."""
    terms = build_one_goal("10", per=Period.QUARTER)
    return attrs.evolve(
        terms,
        metrics=(
            *terms.metrics,
            Metric(id="orders", name="O", unit="count", aggregation=Aggregation.SUM),
            Metric(
                id="deliveries", name="D", unit="count", aggregation=Aggregation.SUM
            ),
            Metric(
                id="otif",
                name="OTIF",
                unit="percent",
                aggregation=Aggregation.OTIF,
                orders="orders",
                deliveries="deliveries",
            ),
        ),
    )


class TestTargetsOnOneSide:
    """An agreement with targets only on goals, or only on contributions, or none."""

    def test_only_a_contribution_has_a_target(self) -> None:
        """Each day's scorecard has no goal result and the contribution's."""
        terms = build_one_goal("10", per=Period.QUARTER)
        terms = attrs.evolve(
            terms, goals=tuple(attrs.evolve(g, target=None) for g in terms.goals)
        )
        index = ObservationIndex(terms, [record(START, "4")])

        cards = index.series([START, dt.date(2026, 4, 1)])

        assert [((), ("c",), Decimal(4)), ((), ("c",), Decimal(0))] == [
            (
                card.goals,
                tuple(r.contribution for r in card.contributions),
                card.contributions[0].current.actual,
            )
            for card in cards
        ]

    def test_only_goals_have_targets(self) -> None:
        """Each day's scorecard has the goal's result and no contribution result."""
        terms = build_one_goal("10", per=Period.QUARTER)
        terms = attrs.evolve(
            terms,
            contributions=tuple(
                attrs.evolve(c, target=None) for c in terms.contributions
            ),
        )
        index = ObservationIndex(terms, [record(START, "4")])

        cards = index.series([START, dt.date(2026, 4, 1)])

        assert [(("g",), (), Decimal(4)), (("g",), (), Decimal(0))] == [
            (
                tuple(r.goal for r in card.goals),
                card.contributions,
                card.goals[0].current.actual,
            )
            for card in cards
        ]

    def test_no_target_at_all(self) -> None:
        """Three days, three empty scorecards, in the order given."""
        terms = build_one_goal("10")
        terms = attrs.evolve(
            terms,
            goals=tuple(attrs.evolve(g, target=None) for g in terms.goals),
            contributions=tuple(
                attrs.evolve(c, target=None) for c in terms.contributions
            ),
        )
        days = [dt.date(2026, 3, 1), START, dt.date(2026, 2, 1)]

        cards = ObservationIndex(terms, []).series(days)

        assert [(day, (), ()) for day in days] == [
            (card.as_of, card.goals, card.contributions) for card in cards
        ]


class TestActual:
    """index.actual over a window, as of a day after it."""

    def test_where_in_any_composition(self) -> None:
        """Zürich written composed or decomposed selects the same records: 5 of 7."""
        composed = "Z\u00fcrich"
        decomposed = "Zu\u0308rich"
        index = ObservationIndex(
            build_one_goal("10"),
            [
                record(dt.date(2026, 1, 5), "2", city=composed),
                record(dt.date(2026, 1, 6), "3", city=decomposed),
                record(dt.date(2026, 1, 7), "2", city="Genf"),
            ],
        )

        assert [Decimal(5), Decimal(5), Decimal(7)] == [
            index.actual("m", START, END, as_of=END, where={"city": composed}),
            index.actual("m", START, END, as_of=END, where={"city": decomposed}),
            index.actual("m", START, END, as_of=END, where=None),
        ]

    def test_last_stops_at_the_window_end(self) -> None:
        """A level read 3 in January and 9 in April: Q1's is 3, even as of June."""
        terms = build_one_goal("10", aggregation=Aggregation.LAST)
        index = ObservationIndex(
            terms, [record(dt.date(2026, 1, 5), "3"), record(dt.date(2026, 4, 5), "9")]
        )

        assert (Decimal(3), Decimal(9)) == (
            index.actual("m", START, dt.date(2026, 3, 31), as_of=dt.date(2026, 6, 30)),
            index.actual("m", START, dt.date(2026, 6, 30), as_of=dt.date(2026, 6, 30)),
        )

    def test_in_the_librarys_context(self) -> None:
        """A mean of 1, 1 and 2 is 4/3 to 28 digits under a caller's 4-digit context."""
        terms = build_one_goal("10", aggregation=Aggregation.MEAN)
        index = ObservationIndex(
            terms,
            [
                record(dt.date(2026, 1, 5), "1"),
                record(dt.date(2026, 1, 6), "1"),
                record(dt.date(2026, 1, 7), "2"),
            ],
        )

        with decimal.localcontext(decimal.Context(prec=4)):
            mean = index.actual(
                "m", START, dt.date(2026, 1, 31), as_of=START.replace(month=2)
            )

        assert Decimal("1.333333333333333333333333333") == mean

    @pytest.mark.parametrize("q2_first", [True, False])
    def test_running_sums_exact_past_28_digits(self, q2_first: bool) -> None:
        """Eleven records of 999999999999999.999999999999 in Q1, 3E-12 in Q2: Q2 is 3E-12.

        The sums before and through Q2 need 29 digits: rounded to the
        library's 28, their difference would be 0 or 1E-12. Asked first, Q2
        makes the running sums in one go; asked after Q1, it extends them.
        Q1's total is rounded once, to 28 digits, when its actual is taken.
        """
        most = "999999999999999.999999999999"
        log = [record(dt.date(2026, 1, day), most) for day in range(1, 12)]
        log.append(record(dt.date(2026, 5, 4), "0.000000000003"))
        index = ObservationIndex(build_one_goal("10"), log)
        spans = {
            "q1": (START, dt.date(2026, 3, 31)),
            "q2": (dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        }

        actuals = {}
        with decimal.localcontext(decimal.Context(prec=4)):
            for name in ("q2", "q1") if q2_first else ("q1", "q2"):
                start, end = spans[name]
                actuals[name] = index.actual("m", start, end, as_of=end)

        assert {"q1": "10999999999999999.99999999999", "q2": "3E-12"} == {
            name: str(actual) for name, actual in actuals.items()
        }


class TestWindowsReadLater:
    """A result's windows other than the current one are evaluated when first read.

    Reading them later, in another order, in another decimal context or
    through a copy gives the same values: the laziness never shows.
    """

    @given(data=st.data())
    def test_any_order_any_context(self, data: st.DataObject) -> None:
        """Windows read first, last_closed read first, or under a 3-digit context: equal."""
        agreement: Agreement = data.draw(agreements())
        log = data.draw(observations(agreement))
        as_of = data.draw(st.dates(agreement.start, agreement.end))

        def card() -> Scorecard:
            return ObservationIndex(agreement, log).evaluate(as_of=as_of)

        lazy_first = card()
        closed_first = [
            (r.last_closed, r) for r in (*lazy_first.goals, *lazy_first.contributions)
        ]
        windows_first = card()
        hostile = card()
        with decimal.localcontext(
            decimal.Context(prec=3, traps=list(decimal.Context().flags))
        ):
            for result in (*hostile.goals, *hostile.contributions):
                result.windows  # noqa: B018 - evaluated here, in this context

        assert windows_first == lazy_first == hostile
        assert spelled(windows_first) == spelled(lazy_first) == spelled(hostile)
        for last_closed, result in closed_first:
            # The plan's answer, before the windows were read, is the loop's.
            assert last_closed == next(
                (w for w in reversed(result.windows) if w.closed), None
            )
            assert sum(w is result.current for w in result.windows) == 1

    def test_copies_and_pickles_carry_the_windows(self) -> None:
        """A copy or a pickle of an unread result holds its windows, not the index."""
        terms = build_one_goal("10", per=Period.QUARTER)
        log = [record(dt.date(2026, 1, 5), "4"), record(dt.date(2026, 4, 5), "6")]
        as_of = dt.date(2026, 5, 10)
        expected = ObservationIndex(terms, log).evaluate(as_of=as_of)
        expected.goal("g").windows  # noqa: B018 - read: the reference

        unread = ObservationIndex(terms, log).evaluate(as_of=as_of).goal("g")
        copied = copy.copy(unread)
        pickled = pickle.loads(pickle.dumps(unread))  # noqa: S301 - our own bytes

        assert "_later" not in vars(copied)
        assert "_later" not in vars(pickled)
        assert "_later" not in vars(unread)  # read to be copied: the index let go
        assert expected.goal("g") == copied == pickled == unread
        assert ["FY2026-Q1", "FY2026-Q2", "FY2026-Q3", "FY2026-Q4"] == [
            w.label for w in pickled.windows
        ]

    def test_last_closed_without_the_windows(self) -> None:
        """In May the last closed quarter is Q1, 4 of 10: missed; nothing else is read."""
        terms = build_one_goal("10", per=Period.QUARTER)
        log = [record(dt.date(2026, 1, 5), "4"), record(dt.date(2026, 4, 5), "6")]
        result = (
            ObservationIndex(terms, log).evaluate(as_of=dt.date(2026, 5, 10)).goal("g")
        )

        closed = result.last_closed

        assert "_later" in vars(result)  # the windows are still unread
        assert closed is not None
        assert ("FY2026-Q1", Decimal(4), Standing.MISSED) == (
            closed.label,
            closed.actual,
            closed.standing,
        )

    def test_repr_reads_no_window(self) -> None:
        """A century of weekly windows: the repr is one short line, and reads none of them."""
        terms = build_one_goal(
            "5", per=Period.WEEK, start=dt.date(2000, 1, 1), end=dt.date(2099, 12, 31)
        )
        card = ObservationIndex(terms, [record(dt.date(2000, 1, 3), "1")]).evaluate(
            as_of=dt.date(2050, 1, 1)
        )
        goal, pledge = card.goal("g"), card.contribution("c")

        shown = repr(card), repr(goal), repr(pledge)

        assert (
            (
                "<Scorecard agreement='a' as_of=2050-01-01 "
                "overall_attainment=Decimal('0') goals=1 contributions=1 "
                "incentives=0 remedies=0 funds=0 standings={'off_track': 1}>"
            ),
            (
                "<TargetResult goal='g' standing='off_track' current='2049-W52' "
                "windows=5219>"
            ),
            (
                "<TargetResult contribution='c' party='p' standing='off_track' "
                "current='2049-W52' windows=5219>"
            ),
        ) == shown
        assert ("_later" in vars(goal), "_later" in vars(pledge)) == (True, True)
        assert len(goal.windows) == 5219  # the count the repr gave
        assert repr(goal) == shown[1]  # read, the windows count alike

    def test_other_names_are_still_missing(self) -> None:
        """Only ``windows`` is evaluated late; any other missing name is an AttributeError."""
        result = (
            ObservationIndex(build_one_goal("10"), []).evaluate(as_of=START).goal("g")
        )

        with pytest.raises(
            AttributeError, match="'TargetResult' object has no attribute 'nope'"
        ):
            result.nope  # type: ignore[attr-defined]  # noqa: B018

    def test_threads_read_the_same_windows(self) -> None:
        """Eight threads reading one scorecard's windows at once all see the reference."""
        terms = build_one_goal("10", per=Period.MONTH)
        log = [record(dt.date(2026, month, 5), str(month)) for month in range(1, 13)]
        as_of = dt.date(2026, 8, 20)
        reference = ObservationIndex(terms, log).evaluate(as_of=as_of)
        wanted = [r.windows for r in (*reference.goals, *reference.contributions)]
        card = ObservationIndex(terms, log).evaluate(as_of=as_of)
        barrier = threading.Barrier(8)

        def read() -> list[tuple[WindowResult, ...]]:
            barrier.wait()
            return [r.windows for r in (*card.goals, *card.contributions)]

        with ThreadPoolExecutor(8) as pool:
            seen = list(pool.map(lambda _: read(), range(8)))

        assert all(windows == wanted for windows in seen)
        assert len(wanted[0]) == 12


class TestPickle:
    """An index pickles at every protocol, and evaluates as the original does."""

    @pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
    def test_every_protocol(self, protocol: int) -> None:
        """Warm or cold, an unpickled index gives equal scorecards and actuals."""
        terms = build_one_goal("10", per=Period.QUARTER, where={"region": "EMEA"})
        log = [
            record(dt.date(2026, 1, 5), "4", region="EMEA"),
            record(dt.date(2026, 4, 5), "6", region="EMEA"),
            record(dt.date(2026, 4, 6), "9", region="APAC"),
        ]
        index = ObservationIndex(terms, log)
        cold = pickle.loads(pickle.dumps(index, protocol))  # noqa: S301 - our own bytes
        expected = index.evaluate(as_of=dt.date(2026, 5, 10))
        warm = pickle.loads(pickle.dumps(index, protocol))  # noqa: S301 - our own bytes

        for again in (cold, warm, copy.copy(index), copy.deepcopy(index)):
            assert expected == again.evaluate(as_of=dt.date(2026, 5, 10))
            assert Decimal(6) == again.actual(
                "m",
                dt.date(2026, 4, 1),
                dt.date(2026, 6, 30),
                as_of=dt.date(2026, 5, 10),
                where={"region": "EMEA"},
            )


class _Plain(Observation):
    """A record the fast reader does not vouch for: it takes the plain one."""

    __slots__ = ()


class TestManySelections:
    """A target per region selects each region's records, and reads the log no more often."""

    def _regions(self, regions: int) -> Agreement:
        """Goal ``g<i>`` counting region ``r<i>``'s records, for each region."""
        terms = build_one_goal("10")
        target = terms.goals[0].target
        assert target is not None
        goals = tuple(
            attrs.evolve(
                terms.goals[0],
                id=f"g{i}",
                target=attrs.evolve(target, where={"region": f"r{i}"}),
            )
            for i in range(regions)
        )
        return attrs.evolve(terms, goals=goals, contributions=())

    #: Two records per region, forty regions.
    LOG = tuple(
        record(dt.date(2026, month, 5), "1", region=f"r{i}")
        for i in range(40)
        for month in (2, 3)
    )

    def _reads(self, regions: int) -> tuple[Counter[str], list[Decimal | None]]:
        terms = self._regions(regions)
        index = ObservationIndex(terms, self.LOG)
        reads = counted_reads(index)
        card = index.evaluate(as_of=END)
        return reads, [goal.current.actual for goal in card.goals]

    def test_reads_do_not_grow_with_selections(self) -> None:
        """Twenty regions or forty: each counts its two records, the log read alike."""
        few, actuals_few = self._reads(20)
        many, actuals_many = self._reads(40)

        assert ([Decimal(2)] * 20, [Decimal(2)] * 40) == (actuals_few, actuals_many)
        assert few == many

    @given(
        st.lists(
            st.tuples(
                st.dates(START, END),
                st.integers(-5, 9),
                st.sampled_from(["a", "b", "c", None]),
                st.sampled_from(["x", "y", None]),
            ),
            max_size=30,
        ),
        st.lists(
            st.dictionaries(
                st.sampled_from(["region", "party"]),
                st.sampled_from(["a", "b", "c", "x", "y", "z"]),
                max_size=2,
            ),
            min_size=1,
            max_size=12,
        ),
        st.dates(START, END),
        st.booleans(),
    )
    def test_each_selection_sums_its_records(
        self,
        drawn: list[tuple[dt.date, int, str | None, str | None]],
        wheres: list[dict[str, str]],
        as_of: dt.date,
        plain: bool,
    ) -> None:
        """However many selections share a dimension, each sums the records holding its pairs.

        On both readers of the log: records of a subclass take the plain one.
        """
        made = _Plain if plain else Observation
        log = [
            made(
                "m",
                day,
                Decimal(value),
                dims={
                    name: text
                    for name, text in (("region", region), ("party", party))
                    if text is not None
                },
            )
            for day, value, region, party in drawn
        ]
        index = ObservationIndex(build_one_goal("10"), log)

        assert [
            sum(
                (
                    o.value
                    for o in log
                    if o.at <= as_of
                    and o.value is not None
                    and all(o.dims.get(k) == v for k, v in where.items())
                ),
                Decimal(0),
            )
            for where in wheres
        ] == [
            index.actual("m", START, END, as_of=as_of, where=where) for where in wheres
        ]
