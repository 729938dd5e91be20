"""Each fast path of the KPI evaluation against its plain twin.

The observation log is read by two paths: a column-at-a-time path for a
well-formed log, and a record-by-record path, taken whenever the fast one is
in doubt, that also names every problem. A log of `Observation` subclass
instances is as valid as any other but always takes the plain path, so the
two can be compared on the same records.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.kpi import Standing, evaluate, evaluate_series
from mutualcommit.model import (
    Aggregation,
    Agreement,
    Direction,
    Observation,
    Period,
)
from mutualcommit.testing.strategies import agreements, observations

from .conftest import START, build_one_goal


class _Plain(Observation):
    """An observation the fast path does not vouch for: it takes the plain one."""

    __slots__ = ()


def _plain(log: list[Observation]) -> list[Observation]:
    return [
        _Plain(metric=o.metric, at=o.at, value=o.value, ref=o.ref, dims=o.dims)
        for o in log
    ]


@st.composite
def _corrected_logs(draw: st.DrawFn) -> list[Observation]:
    """Logs on metric ``m`` whose refs repeat often: corrections and retractions."""
    size = draw(st.integers(1, 12))
    log = []
    for _ in range(size):
        ref = draw(st.sampled_from([None, "a", "b", "c"]))
        # A ref'd record retracts now and then; the rest carry values.
        retracts = ref is not None and draw(st.integers(0, 4)) == 0
        value = None if retracts else Decimal(draw(st.integers(-50, 1000)))
        day = START + dt.timedelta(days=draw(st.integers(0, 40)))
        log.append(Observation(metric="m", at=day, value=value, ref=ref))
    return log


class TestObservationReaders:
    """The fast and the plain observation readers give the same scorecards."""

    def test_later_ref_wins_on_both_paths(self) -> None:
        """A ref corrected from 1 to 5 and another retracted: 5 stands, on both."""
        agreement = build_one_goal("10")
        log = [
            Observation(metric="m", at=START, value=Decimal(1), ref="a"),
            Observation(metric="m", at=START, value=Decimal(2), ref="b"),
            Observation(metric="m", at=START, value=Decimal(5), ref="a"),
            Observation(metric="m", at=START, value=None, ref="b"),
        ]
        as_of = dt.date(2026, 12, 31)

        fast = evaluate(agreement, log, as_of=as_of)
        plain = evaluate(agreement, _plain(log), as_of=as_of)

        assert Decimal(5) == fast.goal("g").windows[0].actual
        assert fast == plain

    @given(
        log=_corrected_logs(),
        # The aggregations of a metric observed alone (a computed one reads
        # other metrics' records).
        aggregation=st.sampled_from(
            [
                a
                for a in Aggregation
                if not a.is_computed and a is not Aggregation.PERCENTILE
            ]
        ),
    )
    def test_corrections(
        self, log: list[Observation], aggregation: Aggregation
    ) -> None:
        """Repeated refs and retractions resolve alike, whatever the aggregation."""
        agreement = build_one_goal("10", aggregation=aggregation)
        as_of = dt.date(2026, 12, 31)

        assert evaluate(agreement, log, as_of=as_of) == evaluate(
            agreement, _plain(log), as_of=as_of
        )

    @given(data=st.data())
    def test_any_agreement(self, data: st.DataObject) -> None:
        """Generated agreements and logs: the two paths agree on every scorecard."""
        agreement: Agreement = data.draw(agreements())
        log = data.draw(observations(agreement))
        as_of = data.draw(st.dates(agreement.start, agreement.end))

        assert evaluate(agreement, log, as_of=as_of) == evaluate(
            agreement, _plain(log), as_of=as_of
        )


class TestAgreementEvaluatedAgain:
    """An agreement evaluated again reuses its windows; results stay those of a fresh one."""

    @given(data=st.data())
    def test_another_log_and_day(self, data: st.DataObject) -> None:
        """After one log at one day, another log at another day evaluates as a copy does."""
        agreement: Agreement = data.draw(agreements())
        first = data.draw(observations(agreement))
        second = data.draw(observations(agreement))
        days = st.dates(agreement.start, agreement.end)
        # An equal agreement, but another object: nothing of the first is reused.
        fresh = attrs.evolve(agreement)
        evaluate(agreement, first, as_of=data.draw(days))
        as_of = data.draw(days)

        again = evaluate(agreement, second, as_of=as_of)

        assert fresh is not agreement
        assert evaluate(fresh, second, as_of=as_of) == again

    def test_window_not_started_then_current(self) -> None:
        """A later quarter stands at 0 before it starts and at its record once it has."""
        agreement = build_one_goal("10", per=Period.QUARTER)
        log = [
            Observation(metric="m", at=START + dt.timedelta(days=100), value=Decimal(7))
        ]

        before = evaluate(agreement, log, as_of=START)
        during = evaluate(agreement, log, as_of=START + dt.timedelta(days=100))
        before_again = evaluate(agreement, [], as_of=START)

        assert Decimal(0) == before.goal("g").windows[1].actual
        assert Standing.NOT_STARTED is before.goal("g").windows[1].standing
        assert Decimal(7) == during.goal("g").windows[1].actual
        assert before_again == before


class TestSeriesLoop:
    """A series, one loop per target over its days, agrees with evaluating each day."""

    @given(
        log=_corrected_logs(),
        aggregation=st.sampled_from(
            [
                a
                for a in Aggregation
                if not a.is_computed and a is not Aggregation.PERCENTILE
            ]
        ),
        direction=st.sampled_from(Direction),
        per=st.sampled_from([Period.MONTH, Period.QUARTER, Period.TERM]),
        baseline=st.sampled_from([None, "0", "4"]),
        # Any order, repeats, and days before, inside and after the term.
        offsets=st.lists(st.integers(-20, 400), max_size=8),
    )
    def test_each_day(
        self,
        log: list[Observation],
        aggregation: Aggregation,
        direction: Direction,
        per: Period,
        baseline: str | None,
        offsets: list[int],
    ) -> None:
        """evaluate_series(…, days)[i] == evaluate(…, as_of=days[i]), window by window."""
        agreement = build_one_goal(
            "10",
            aggregation=aggregation,
            direction=direction,
            per=per,
            baseline=baseline,
        )
        days = [START + dt.timedelta(days=n) for n in offsets]

        series = evaluate_series(agreement, log, days)

        assert [evaluate(agreement, log, as_of=day) for day in days] == list(series)
