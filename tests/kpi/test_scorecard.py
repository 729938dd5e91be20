"""The scorecard: lookups, accountability, counts, the overall score, series and the index."""

from __future__ import annotations

import datetime as dt
import pickle
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.errors import NotFoundError
from mutualcommit.kpi import (
    FundLedger,
    Observation,
    ObservationIndex,
    Scorecard,
    Standing,
    evaluate,
    evaluate_series,
    register_scorecard_hooks,
    scorecard_to_dict,
)
from mutualcommit.model import (
    Aggregation,
    Agreement,
    Contribution,
    ContributionKind,
    Direction,
    Goal,
    Metric,
    Party,
    Period,
    Quantity,
    Remedy,
    Role,
    Target,
)
from mutualcommit.serialize import make_converter

D = Decimal


def day(text: str) -> dt.date:
    """Read an ISO date."""
    return dt.date.fromisoformat(text)


def target(metric: str, value: str, **kwargs: object) -> Target:
    """An AT_LEAST target."""
    return Target(metric=metric, value=D(value), direction=Direction.AT_LEAST, **kwargs)  # type: ignore[arg-type]


def plan(*goals: Goal, contributions: tuple[Contribution, ...] = ()) -> Agreement:
    """A 2026 agreement with metrics revenue (SUM), opps (COUNT), reps (LAST)."""
    return Agreement(
        id="plan",
        title="Plan",
        parties=(
            Party(id="v", name="Vendor", role=Role.VENDOR),
            Party(id="p", name="Partner", role=Role.PARTNER),
            Party(id="q", name="Quiet partner", role=Role.PARTNER),
        ),
        start=day("2026-01-01"),
        end=day("2026-12-31"),
        currency="EUR",
        metrics=(
            Metric(
                id="revenue", name="Revenue", unit="EUR", aggregation=Aggregation.SUM
            ),
            Metric(
                id="opps",
                name="Opportunities",
                unit="count",
                aggregation=Aggregation.COUNT,
            ),
            Metric(
                id="reps",
                name="Certified reps",
                unit="count",
                aggregation=Aggregation.LAST,
            ),
        ),
        goals=goals,
        contributions=contributions,
    )


def record(metric: str, at: str, value: str = "1") -> Observation:
    """An observation without ref or dims."""
    return Observation(metric=metric, at=day(at), value=D(value))


#: Goals of the overall-score case.
REVENUE = Goal(
    id="revenue",
    title="Revenue",
    weight=D(2),
    target=target("revenue", "90", per=Period.QUARTER),
)
OPPS = Goal(id="opps", title="Opportunities", target=target("opps", "10"))
VAGUE = Goal(id="vague", title="Be great partners")
REPS = Goal(id="reps", title="Certified reps", target=target("reps", "4"))
PLEDGES = (
    Contribution(
        id="train",
        party="v",
        title="Train the reps",
        kind=ContributionKind.ENABLEMENT_TRAINING,
        target=target("reps", "4"),
    ),
    Contribution(
        id="cosell",
        party="p",
        title="Co-sell",
        kind=ContributionKind.CO_SELLING,
        target=target("opps", "10"),
    ),
    Contribution(
        id="mdf", party="p", title="Use the MDF", kind=ContributionKind.MARKETING_FUNDS
    ),
)
LOG = [
    record("revenue", "2026-02-01", "60"),
    record("revenue", "2026-04-05", "5"),
    record("opps", "2026-01-15"),
    record("opps", "2026-02-15"),
    record("opps", "2026-03-15"),
]


@pytest.fixture
def card() -> Scorecard:
    """The overall-score case as of 2026-04-10."""
    return evaluate(
        plan(REVENUE, OPPS, VAGUE, REPS, contributions=PLEDGES),
        LOG,
        as_of=day("2026-04-10"),
    )


class TestOverallAttainment:
    """The overall score is the weighted mean of the goals' scores in [0, 1]."""

    def test_worked_case(self, card: Scorecard) -> None:
        """As of 2026-04-10 (day 100 of the term, day 10 of Q2's 91).

        - revenue (weight 2): Q2 early (5 against 90 * 10/91 ≈ 9.89, elapsed
          0.11 < 0.25), so its last closed window scores: Q1 missed at
          60/90 = 0.6666666666666666666666666667.
        - opps (weight 1): 3 against 10 * 100/365 ≈ 2.74: on track, pace
          1.095 clamped to 1.
        - vague has no target and reps no data and no closed window: neither
          counts.

        (2 * 0.6666666666666666666666666667 + 1 * 1) / 3, the sum exact
        = 2.3333333333333333333333333334 / 3 = 0.77777777777777777777777777780,
        rounded once: 0.7777777777777777777777777778.
        """
        assert (Standing.EARLY, Standing.ON_TRACK, Standing.NO_DATA) == tuple(
            card.goal(g).standing for g in ("revenue", "opps", "reps")
        )
        assert D("0.7777777777777777777777777778") == card.overall_attainment

    def test_met_scores_one_and_pace_is_clamped(self) -> None:
        """Opps met (10 of 10) scores 1; revenue off track at pace 10/45 scores 0.222…2: (1 + 2/9) / 2."""
        agreement = plan(
            Goal(
                id="revenue",
                title="R",
                target=target("revenue", "90", per=Period.QUARTER),
            ),
            OPPS,
        )
        log = [record("revenue", "2026-02-01", "10")] + [
            record("opps", f"2026-01-{d:02d}") for d in range(1, 11)
        ]

        card = evaluate(agreement, log, as_of=day("2026-02-14"))

        assert (Standing.OFF_TRACK, Standing.MET) == (
            card.goal("revenue").standing,
            card.goal("opps").standing,
        )
        # 1 + 0.2222222222222222222222222222 added exactly, halved once.
        assert D("0.6111111111111111111111111111") == card.overall_attainment

    def test_a_pace_of_exactly_one_scores_the_bound(self) -> None:
        """February's pace 1.000 * 28 / (4 * 7) = 1.000 is clamped to the bound 1: the overall reads 1, not 1.000.

        Day 7 of February's 28: elapsed 0.25, expected 4 * 7 / 28 = 1; the
        actual 1.000 makes the pace 1.000 (on track), and a score equal to a
        bound is the bound itself, so the weighted mean is 1 * 1 / 1 = 1.
        """
        monthly = Goal(
            id="revenue", title="R", target=target("revenue", "4", per=Period.MONTH)
        )

        card = evaluate(
            plan(monthly),
            [record("revenue", "2026-02-03", "1.000")],
            as_of=day("2026-02-07"),
        )

        current = card.goal("revenue").current
        assert (Standing.ON_TRACK, "1.000") == (current.standing, str(current.pace))
        assert "1" == str(card.overall_attainment)

    @given(
        weights=st.lists(
            st.decimals(min_value="0.01", max_value=1000, places=2),
            min_size=2,
            max_size=6,
        ),
        value=st.sampled_from(["3", "7", "9", "11", "13"]),
    )
    def test_the_mean_of_equal_scores_is_the_score(
        self, weights: list[Decimal], value: str
    ) -> None:
        """Goals that all score the same pace weigh in to it, to its last digit, whatever their weights.

        The weighted scores were summed in 28 digits, so three goals of 1/3
        could read ...3 and ...4 apart from their own score.
        """
        goals = tuple(
            Goal(id=f"g{i}", title="G", weight=w, target=target("revenue", value))
            for i, w in enumerate(weights)
        )
        log = [record("revenue", "2026-01-20", "1")]

        # Day 181 of 365: a pace of 365 / (181 * value), below 1.
        card = evaluate(plan(*goals), log, as_of=day("2026-06-30"))

        paces = {result.current.pace for result in card.goals}
        assert 1 == len(paces)
        assert paces.pop() == card.overall_attainment

    def test_negative_attainment_scores_zero(self) -> None:
        """Q1 closed at -10 (refunds) of 90: missed, attainment -0.111…, score clamped to 0."""
        agreement = plan(REVENUE)

        card = evaluate(
            agreement, [record("revenue", "2026-02-01", "-10")], as_of=day("2026-03-31")
        )

        assert Standing.MISSED == card.goal("revenue").standing
        assert D(0) == card.overall_attainment

    def test_none_when_no_goal_counts(self) -> None:
        """Before the term nothing has started and nothing closed: None."""
        card = evaluate(plan(REVENUE, OPPS), [], as_of=day("2025-12-01"))

        assert card.overall_attainment is None

    def test_none_when_the_counting_goals_weigh_nothing(self) -> None:
        """A goal of weight 0 counts for nothing: with no other, None."""
        weightless = Goal(id="opps", title="O", weight=D(0), target=target("opps", "1"))

        card = evaluate(
            plan(weightless), [record("opps", "2026-01-02")], as_of=day("2026-02-01")
        )

        assert (Standing.MET, None) == (
            card.goal("opps").standing,
            card.overall_attainment,
        )


class TestCounts:
    """counts holds every standing, in order, with the number of goals in it."""

    def test_counts(self, card: Scorecard) -> None:
        """One early, one on track, one without data; the vague goal is not counted."""
        assert {
            Standing.NOT_STARTED: 0,
            Standing.MET: 0,
            Standing.MISSED: 0,
            Standing.NO_DATA: 1,
            Standing.ON_TRACK: 1,
            Standing.EARLY: 1,
            Standing.AT_RISK: 0,
            Standing.OFF_TRACK: 0,
        } == card.counts
        assert list(Standing) == list(card.counts)


class TestLookups:
    """Results are found by goal, contribution and party id."""

    def test_goals_and_contributions_with_targets(self, card: Scorecard) -> None:
        """The untargeted goal and pledge have no result; the others keep agreement order."""
        assert (["revenue", "opps", "reps"], ["train", "cosell"]) == (
            [r.goal for r in card.goals],
            [r.contribution for r in card.contributions],
        )

    def test_result_identity(self, card: Scorecard) -> None:
        """A contribution's result names it, its party and its subject."""
        result = card.contribution("cosell")

        assert ("cosell", "p", None, "cosell", "contribution:cosell") == (
            result.contribution,
            result.party,
            result.goal,
            result.id,
            result.subject,
        )
        assert "goal:opps" == card.goal("opps").subject

    def test_party_both_ways(self, card: Scorecard) -> None:
        """The vendor's pledge is tracked like the partner's; a party without targeted pledges has none."""
        assert (["train"], ["cosell"], []) == (
            [r.id for r in card.party("v")],
            [r.id for r in card.party("p")],
            [r.id for r in card.party("q")],
        )

    @pytest.mark.parametrize(
        ("kind", "name", "message"),
        [
            (
                "goal",
                "vague",
                "goal 'vague' of agreement 'plan' has no target, so it has no result",
            ),
            (
                "goal",
                "nope",
                (
                    "no goal 'nope' in agreement 'plan' (there are: 'revenue', "
                    "'opps', 'vague', 'reps')"
                ),
            ),
            (
                "goal",
                "Revenue",
                (
                    "no goal 'Revenue' in agreement 'plan' (there are: 'revenue', "
                    "'opps', 'vague', 'reps') (did you mean 'revenue'?)"
                ),
            ),
            (
                "contribution",
                "mdf",
                (
                    "contribution 'mdf' of agreement 'plan' has no target, so it "
                    "has no result"
                ),
            ),
            (
                "contribution",
                "nope",
                (
                    "no contribution 'nope' in agreement 'plan' (there are: "
                    "'train', 'cosell', 'mdf')"
                ),
            ),
            (
                "contribution",
                "co-sell",
                (
                    "no contribution 'co-sell' in agreement 'plan' (there are: "
                    "'train', 'cosell', 'mdf') (did you mean 'cosell'?)"
                ),
            ),
        ],
    )
    def test_missing(self, card: Scorecard, kind: str, name: str, message: str) -> None:
        """An id without a result is a KeyError that says why, worded as the agreement's.

        An unknown goal or contribution was "agreement plan has no goal
        'nope'", listing none of the ids there are.
        """
        with pytest.raises(KeyError) as caught:
            getattr(card, kind)(name)

        assert message == caught.value.args[0]

    def test_unknown_party_names_the_parties(self, card: Scorecard) -> None:
        """An unknown party's KeyError lists the agreement's parties, in order, as the agreement's does."""
        with pytest.raises(KeyError) as caught:
            card.party("nope")
        with pytest.raises(KeyError) as agreement:
            card.agreement.party("nope")

        assert (
            "no party 'nope' in agreement 'plan' (there are: 'v', 'p', 'q')",
            "no party 'nope' in agreement 'plan' (there are: 'v', 'p', 'q')",
        ) == (caught.value.args[0], agreement.value.args[0])

    def test_window_by_label(self, card: Scorecard) -> None:
        """A result's windows are found by label; an unknown label is a KeyError."""
        result = card.goal("revenue")

        assert "FY2026-Q3" == result.window("FY2026-Q3").label
        with pytest.raises(KeyError) as caught:
            result.window("FY2027-Q1")

        assert (
            "no window 'FY2027-Q1' in goal 'revenue' (there are: 'FY2026-Q1', "
            "'FY2026-Q2', 'FY2026-Q3', 'FY2026-Q4')"
        ) == caught.value.args[0]

    def test_last_closed(self, card: Scorecard) -> None:
        """Q1 is the latest closed window of revenue; the opps term has none."""
        assert ("FY2026-Q1", None) == (
            card.goal("revenue").last_closed.label,  # type: ignore[union-attr]
            card.goal("opps").last_closed,
        )

    def test_as_of_and_bands_are_kept(self, card: Scorecard) -> None:
        """The scorecard says when it was evaluated, of what, and with which bands."""
        assert (day("2026-04-10"), "plan", D("1.0"), D("0.8"), D("0.25")) == (
            card.as_of,
            card.agreement.id,
            card.bands.on_track_ratio,
            card.bands.at_risk_ratio,
            card.bands.min_elapsed,
        )


class _Iterations(tuple[Any, ...]):
    """Results that count how often they are gone through."""

    __slots__ = ()
    passes = 0

    def __iter__(self) -> Iterator[Any]:
        type(self).passes += 1
        return super().__iter__()


def _partners(n: int) -> Agreement:
    """The plan with *n* more partners, each with one targeted pledge."""
    base = plan(OPPS)
    return attrs.evolve(
        base,
        parties=(
            *base.parties,
            *(Party(id=f"p{i}", name=f"P{i}", role=Role.PARTNER) for i in range(n)),
        ),
        contributions=tuple(
            Contribution(
                id=f"c{i}",
                party=f"p{i}",
                title=f"Co-sell {i}",
                kind=ContributionKind.CO_SELLING,
                target=target("opps", "2"),
            )
            for i in range(n)
        ),
    )


class TestPartyLookup:
    """`party` builds its lookup once: a page naming every party pays one pass."""

    def _every_party(
        self, n: int, attribute_reads: Callable[[type, str], Counter[str]]
    ) -> tuple[Counter[str], list[list[str]]]:
        """Look up each of *n* partners; count the passes and the parties' ids read."""
        card = evaluate(_partners(n), LOG, as_of=day("2026-04-10"))
        ids = [p.id for p in card.agreement.parties]
        _Iterations.passes = 0
        card = attrs.evolve(card, contributions=_Iterations(card.contributions))
        reads = attribute_reads(Party, "id")
        reads.clear()

        found = [[r.id for r in card.party(party)] for party in ids]

        counts = Counter(reads)
        counts["passes"] = _Iterations.passes
        return counts, found

    def test_results_are_gone_through_once(
        self, attribute_reads: Callable[[type, str], Counter[str]]
    ) -> None:
        """Forty partners: their pledges' results are gone through once, not once a party."""
        counts, found = self._every_party(40, attribute_reads)

        assert [[], [], [], *([f"c{i}"] for i in range(40))] == found
        assert 1 == counts["passes"]

    def test_parties_read_in_proportion(
        self, attribute_reads: Callable[[type, str], Counter[str]]
    ) -> None:
        """Twice the parties, twice the reads of their ids (not four times)."""
        few, _ = self._every_party(40, attribute_reads)
        many, _ = self._every_party(80, attribute_reads)

        assert many["Party.id"] <= 2 * few["Party.id"]


class TestLookupsBuiltOnce:
    """`remedy` and `fund` build their lookups once, as `goal` and `party` do."""

    def test_remedies(self) -> None:
        """Every one of thirty remedies looked up: their results are gone through once."""
        remedies = tuple(
            Remedy(
                id=f"r{i}",
                title=f"Credit {i}",
                payer="v",
                beneficiary="p",
                goal="opps",
                amount=Quantity(amount=D(i + 1), unit="EUR"),
            )
            for i in range(30)
        )
        agreement = attrs.evolve(plan(OPPS), remedies=remedies)
        card = evaluate(agreement, LOG, as_of=day("2026-04-10"))
        _Iterations.passes = 0
        card = attrs.evolve(card, remedies=_Iterations(card.remedies))

        found = [card.remedy(f"r{i}").remedy for i in range(30)]

        assert ([f"r{i}" for i in range(30)], 1) == (found, _Iterations.passes)
        with pytest.raises(KeyError) as caught:
            card.remedy("nope")

        assert (
            "no remedy 'nope' in agreement 'plan' (there are 30: "
            + ", ".join(f"'r{i}'" for i in range(18))
            + ", ..., 'r28', 'r29')"
        ) == caught.value.args[0]

    def test_funds(self, card: Scorecard) -> None:
        """Every one of thirty ledgers looked up: the ledgers are gone through once."""
        ledgers = tuple(
            FundLedger(
                fund=f"f{i}",
                party="v",
                unit="EUR",
                as_of=card.as_of,
                windows=(),
                requests=(),
            )
            for i in range(30)
        )
        _Iterations.passes = 0
        card = attrs.evolve(card, funds=_Iterations(ledgers))

        found = [card.fund(f"f{i}") for i in range(30)]

        assert (list(ledgers), 1) == (found, _Iterations.passes)
        with pytest.raises(
            KeyError,
            match=r"no fund ledger 'nope' in the scorecard of agreement 'plan' \(there are 30: 'f0', ",
        ):
            card.fund("nope")


class TestSeries:
    """A series evaluates one index at many dates, each as evaluate would alone."""

    def test_series_equals_each_date(self) -> None:
        """Every Monday of the first half-year: the series is evaluate at each date."""
        agreement = plan(REVENUE, OPPS, REPS, contributions=PLEDGES)
        mondays = [day("2026-01-05") + dt.timedelta(weeks=w) for w in range(26)]

        series = evaluate_series(agreement, LOG, mondays)

        assert [evaluate(agreement, LOG, as_of=d) for d in mondays] == list(series)

    def test_dates_in_any_order(self) -> None:
        """Dates out of order and repeated give the scorecards in the order asked."""
        agreement = plan(REVENUE, OPPS)
        dates = [day("2026-06-01"), day("2026-01-10"), day("2026-06-01")]

        series = ObservationIndex(agreement, LOG).series(dates)

        assert dates == [c.as_of for c in series]
        assert evaluate(agreement, LOG, as_of=dates[1]) == series[1]

    def test_index_evaluates_again_alike(self) -> None:
        """One index evaluated twice at a date gives equal scorecards."""
        index = ObservationIndex(plan(REVENUE, OPPS), LOG)

        first = index.evaluate(as_of=day("2026-05-01"))
        index.evaluate(as_of=day("2026-12-31"))

        assert first == index.evaluate(as_of=day("2026-05-01"))
        assert index.agreement is index.evaluate(as_of=day("2026-05-01")).agreement


class TestIndexActual:
    """ObservationIndex.actual gives a metric's actual over any range, as a window's."""

    def test_sum_over_a_range(self) -> None:
        """Revenue over Q1 and the first days of Q2, as of 04-10: 60 + 5 = 65; as of 04-01: 60."""
        index = ObservationIndex(plan(REVENUE), LOG)

        assert (D(65), D(60)) == (
            index.actual(
                "revenue", day("2026-01-01"), day("2026-06-30"), as_of=day("2026-04-10")
            ),
            index.actual(
                "revenue", day("2026-01-01"), day("2026-06-30"), as_of=day("2026-04-01")
            ),
        )

    def test_where(self) -> None:
        """Filtered by dims: only the region=emea record of 7 counts."""
        log = [
            Observation(
                metric="revenue",
                at=day("2026-02-01"),
                value=D(7),
                dims={"region": "emea"},
            ),
            Observation(
                metric="revenue",
                at=day("2026-02-01"),
                value=D(3),
                dims={"region": "apac"},
            ),
        ]
        index = ObservationIndex(plan(REVENUE), log)

        assert D(7) == index.actual(
            "revenue",
            day("2026-01-01"),
            day("2026-12-31"),
            as_of=day("2026-12-31"),
            where={"region": "emea"},
        )

    def test_unknown_metric(self) -> None:
        """An unknown metric is a NotFoundError (a KeyError) naming the known ones.

        Its text is the message itself, not a KeyError's quoted repr of it.
        """
        index = ObservationIndex(plan(REVENUE), [])

        with pytest.raises(
            NotFoundError,
            match=(
                r"^no metric 'nope' in agreement 'plan' \(there are: 'revenue', "
                r"'opps', 'reps'\)$"
            ),
        ):
            index.actual(
                "nope", day("2026-01-01"), day("2026-12-31"), as_of=day("2026-12-31")
            )


class TestValue:
    """A scorecard is a value: it compares, hashes and pickles by value."""

    def test_pickle_round_trip(self, card: Scorecard) -> None:
        """A pickled scorecard (sent back from a process pool) is equal and finds its results."""
        restored = pickle.loads(pickle.dumps(card))  # noqa: S301 - our own bytes

        assert (card, hash(card)) == (restored, hash(restored))
        assert card.goal("revenue") == restored.goal("revenue")


class TestRecords:
    """``to_records()`` gives one flat row per target window, exact and in order."""

    def test_a_goal_window(self, card: Scorecard) -> None:
        """Revenue's closed Q1: every column, numbers exact Decimals, dates dates."""
        records = card.to_records()

        assert {
            "kind": "goal",
            "id": "revenue",
            "party": None,
            "metric": "revenue",
            "window": "FY2026-Q1",
            "start": day("2026-01-01"),
            "end": day("2026-03-31"),
            "current": False,
            "closed": True,
            "target": D(90),
            "actual": D(60),
            "expected": D(90),
            "elapsed": D(1),
            "attainment": D("0.6666666666666666666666666667"),
            "pace": D("0.6666666666666666666666666667"),
            "forecast": D(60),
            "standing": "missed",
            "orders": None,
            "on_time_in_full": None,
            "deliveries_without_order": None,
            "pairs": None,
            "forecasts_without_actual": None,
            "actuals_without_forecast": None,
        } == records[0]

    def test_a_pledge_window(self, card: Scorecard) -> None:
        """The partner's co-selling pledge: kind contribution, its party, the current term."""
        last = card.to_records()[-1]

        assert {
            "kind": "contribution",
            "id": "cosell",
            "party": "p",
            "metric": "opps",
            "window": "term",
            "start": day("2026-01-01"),
            "end": day("2026-12-31"),
            "current": True,
            "closed": False,
            "target": D(10),
            "actual": D(3),
            "expected": D("2.739726027397260273972602740"),
            "elapsed": D("0.2739726027397260273972602740"),
            "attainment": D("0.3"),
            "pace": D("1.095000000000000000000000000"),
            "forecast": D("10.95"),
            "standing": "on_track",
            "orders": None,
            "on_time_in_full": None,
            "deliveries_without_order": None,
            "pairs": None,
            "forecasts_without_actual": None,
            "actuals_without_forecast": None,
        } == last

    def test_rows_in_order(self, card: Scorecard) -> None:
        """Goals first, each window in turn, then the pledges; the default table is targets."""
        rows = [
            (r["kind"], r["id"], r["window"], r["current"], r["standing"])
            for r in card.to_records()
        ]

        assert [
            ("goal", "revenue", "FY2026-Q1", False, "missed"),
            ("goal", "revenue", "FY2026-Q2", True, "early"),
            ("goal", "revenue", "FY2026-Q3", False, "not_started"),
            ("goal", "revenue", "FY2026-Q4", False, "not_started"),
            ("goal", "opps", "term", True, "on_track"),
            ("goal", "reps", "term", True, "no_data"),
            ("contribution", "train", "term", True, "no_data"),
            ("contribution", "cosell", "term", True, "on_track"),
        ] == rows
        assert card.to_records("targets") == card.to_records()

    @pytest.mark.parametrize(
        ("module", "method"), [("pandas", "to_pandas"), ("polars", "to_polars")]
    )
    def test_without_the_extra(
        self,
        card: Scorecard,
        monkeypatch: pytest.MonkeyPatch,
        module: str,
        method: str,
    ) -> None:
        """Without the extra the error names ``Scorecard.<method>()`` and what to install."""
        monkeypatch.setitem(sys.modules, module, None)

        with pytest.raises(ModuleNotFoundError) as caught:
            getattr(card, method)("incentives")

        assert str(caught.value).startswith(
            f"Scorecard.{method}() needs {module}, which is not installed: "
            f"install mutualcommit's extra '{module}'"
        )

    def test_frame_columns(self, card: Scorecard) -> None:
        """The pandas frame of each table has its columns, in order, even when empty."""
        pytest.importorskip("pandas", reason="the pandas extra is not installed")

        assert (
            [
                "kind", "id", "party", "metric", "window", "start", "end",
                "current", "closed", "target", "actual", "expected", "elapsed",
                "attainment", "pace", "forecast", "standing", "orders",
                "on_time_in_full", "deliveries_without_order", "pairs",
                "forecasts_without_actual", "actuals_without_forecast",
            ],
            [
                "incentive", "unit", "window", "attainment", "tier", "payout",
                "status", "provisional",
            ],
            [
                "remedy", "payer", "beneficiary", "unit", "window", "end",
                "closed", "shortfall", "charged", "owed", "capped", "breached",
            ],
        ) == (
            list(card.to_pandas().columns),
            list(card.to_pandas("incentives").columns),
            list(card.to_pandas("remedies").columns),
        )  # fmt: skip
        assert 8 == len(card.to_pandas())
        assert list(card.to_pandas().columns) == list(card.to_records()[0])


class TestJsonDocument:
    """``scorecard_to_dict`` writes the whole scorecard: every result and window."""

    def test_worked_case(self, card: Scorecard) -> None:
        """The overall-score case, field by field: numbers canonical strings, None null."""
        expected = {
            "format": "mutualcommit.scorecard",
            "format_version": 1,
            "agreement": "plan",
            "version": 1,
            "fingerprint": card.agreement.fingerprint(),
            "as_of": "2026-04-10",
            "bands": {
                "on_track_ratio": "1",
                "at_risk_ratio": "0.8",
                "min_elapsed": "0.25",
            },
            "overall_attainment": "0.7777777777777777777777777778",
            "counts": {
                "not_started": 0,
                "met": 0,
                "missed": 0,
                "no_data": 1,
                "on_track": 1,
                "early": 1,
                "at_risk": 0,
                "off_track": 0,
            },
            "goals": [
                {
                    "goal": "revenue",
                    "target": {
                        "metric": "revenue",
                        "value": "90",
                        "direction": "at_least",
                        "per": "quarter",
                    },
                    "standing": "early",
                    "current": "FY2026-Q2",
                    "windows_met": 0,
                    "windows_missed": 1,
                    "windows": [
                        {
                            "label": "FY2026-Q1",
                            "start": "2026-01-01",
                            "end": "2026-03-31",
                            "target": "90",
                            "actual": "60",
                            "expected": "90",
                            "elapsed": "1",
                            "attainment": "0.6666666666666666666666666667",
                            "pace": "0.6666666666666666666666666667",
                            "forecast": "60",
                            "standing": "missed",
                            "closed": True,
                        },
                        {
                            "label": "FY2026-Q2",
                            "start": "2026-04-01",
                            "end": "2026-06-30",
                            "target": "90",
                            "actual": "5",
                            "expected": "9.89010989010989010989010989",
                            "elapsed": "0.1098901098901098901098901099",
                            "attainment": "0.05555555555555555555555555556",
                            "pace": "0.5055555555555555555555555556",
                            "forecast": "45.5",
                            "standing": "early",
                            "closed": False,
                        },
                        {
                            "label": "FY2026-Q3",
                            "start": "2026-07-01",
                            "end": "2026-09-30",
                            "target": "90",
                            "actual": "0",
                            "expected": "0",
                            "elapsed": "0",
                            "attainment": "0",
                            "pace": None,
                            "forecast": None,
                            "standing": "not_started",
                            "closed": False,
                        },
                        {
                            "label": "FY2026-Q4",
                            "start": "2026-10-01",
                            "end": "2026-12-31",
                            "target": "90",
                            "actual": "0",
                            "expected": "0",
                            "elapsed": "0",
                            "attainment": "0",
                            "pace": None,
                            "forecast": None,
                            "standing": "not_started",
                            "closed": False,
                        },
                    ],
                },
                {
                    "goal": "opps",
                    "target": {
                        "metric": "opps",
                        "value": "10",
                        "direction": "at_least",
                    },
                    "standing": "on_track",
                    "current": "term",
                    "windows_met": 0,
                    "windows_missed": 0,
                    "windows": [
                        {
                            "label": "term",
                            "start": "2026-01-01",
                            "end": "2026-12-31",
                            "target": "10",
                            "actual": "3",
                            "expected": "2.73972602739726027397260274",
                            "elapsed": "0.273972602739726027397260274",
                            "attainment": "0.3",
                            "pace": "1.095",
                            "forecast": "10.95",
                            "standing": "on_track",
                            "closed": False,
                        }
                    ],
                },
                {
                    "goal": "reps",
                    "target": {"metric": "reps", "value": "4", "direction": "at_least"},
                    "standing": "no_data",
                    "current": "term",
                    "windows_met": 0,
                    "windows_missed": 0,
                    "windows": [
                        {
                            "label": "term",
                            "start": "2026-01-01",
                            "end": "2026-12-31",
                            "target": "4",
                            "actual": None,
                            "expected": "4",
                            "elapsed": "0.273972602739726027397260274",
                            "attainment": None,
                            "pace": None,
                            "forecast": None,
                            "standing": "no_data",
                            "closed": False,
                        }
                    ],
                },
            ],
            "contributions": [
                {
                    "contribution": "train",
                    "party": "v",
                    "target": {"metric": "reps", "value": "4", "direction": "at_least"},
                    "standing": "no_data",
                    "current": "term",
                    "windows_met": 0,
                    "windows_missed": 0,
                    "windows": [
                        {
                            "label": "term",
                            "start": "2026-01-01",
                            "end": "2026-12-31",
                            "target": "4",
                            "actual": None,
                            "expected": "4",
                            "elapsed": "0.273972602739726027397260274",
                            "attainment": None,
                            "pace": None,
                            "forecast": None,
                            "standing": "no_data",
                            "closed": False,
                        }
                    ],
                },
                {
                    "contribution": "cosell",
                    "party": "p",
                    "target": {
                        "metric": "opps",
                        "value": "10",
                        "direction": "at_least",
                    },
                    "standing": "on_track",
                    "current": "term",
                    "windows_met": 0,
                    "windows_missed": 0,
                    "windows": [
                        {
                            "label": "term",
                            "start": "2026-01-01",
                            "end": "2026-12-31",
                            "target": "10",
                            "actual": "3",
                            "expected": "2.73972602739726027397260274",
                            "elapsed": "0.273972602739726027397260274",
                            "attainment": "0.3",
                            "pace": "1.095",
                            "forecast": "10.95",
                            "standing": "on_track",
                            "closed": False,
                        }
                    ],
                },
            ],
            "parties": {"v": ["train"], "p": ["cosell"], "q": []},
            "incentives": [],
            "remedies": [],
            "net_positions": {
                party: {"totals": {}, "windows": []} for party in ("v", "p", "q")
            },
        }

        assert expected == scorecard_to_dict(card)
        assert card.agreement.fingerprint().startswith("sha256:")

    def test_with_a_fresh_or_a_given_converter(self, card: Scorecard) -> None:
        """A converter prepared once writes the same document; its hooks write the parts."""
        converter = register_scorecard_hooks(make_converter())
        pledge = card.contribution("cosell")

        written = converter.unstructure(pledge)

        assert scorecard_to_dict(card) == scorecard_to_dict(card, converter=converter)
        assert scorecard_to_dict(card)["contributions"][1] == written
        assert written["windows"][0] == converter.unstructure(pledge.current)
