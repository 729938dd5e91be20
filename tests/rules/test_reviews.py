import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.calendar import review_dates
from mutualcommit.kpi._index import _Plan
from mutualcommit.model import (
    ActionItem,
    Aggregation,
    Agreement,
    Contribution,
    ContributionKind,
    Direction,
    Metric,
    Observation,
    Period,
    Review,
    ReviewKind,
    Target,
)
from mutualcommit.rules import check

from .conftest import AS_OF, Subjects


def _reviews(agreement: Agreement, *reviews: Review) -> Agreement:
    return attrs.evolve(agreement, reviews=reviews)


def _review(id_: str, day: dt.date, *actions: ActionItem) -> Review:
    return Review(id=id_, held_on=day, attendees=("acme", "globex"), actions=actions)


def _opps(*days: dt.date) -> list[Observation]:
    return [Observation("opps", day, Decimal(1)) for day in days]


def _on_track() -> list[Observation]:
    """Revenue and training met early in the year: only C1 can have issues."""
    return [
        Observation("revenue", dt.date(2026, 1, 2), Decimal(400000)),
        *(Observation("sessions", dt.date(2026, 1, 2), Decimal(1)) for _ in range(4)),
    ]


def _quarter(year: int, month: int, count: int) -> list[Observation]:
    return _opps(*(dt.date(year, month, 1 + i) for i in range(count)))


class TestMC301:
    """MC301 fires when there is no review schedule."""

    def test_fires(self, compliant: Agreement, subjects: Subjects) -> None:
        """No review_rule, no regular check-ins."""
        variant = attrs.evolve(compliant, review_rule=None)
        assert ["agreement"] == subjects(variant, "MC301")

    def test_silent(self, compliant: Agreement, subjects: Subjects) -> None:
        """A quarterly rule is a schedule."""
        assert [] == subjects(compliant, "MC301")


class TestMC302:
    """MC302 fires when the schedule leaves a gap longer than the policy allows."""

    def test_fires(self, compliant: Agreement, subjects: Subjects) -> None:
        """Every four months is too seldom."""
        variant = attrs.evolve(compliant, review_rule="FREQ=MONTHLY;INTERVAL=4")
        assert ["agreement"] == subjects(variant, "MC302")

    def test_counts_to_the_end(self, compliant: Agreement) -> None:
        """The gap from the last scheduled date to the end counts."""
        variant = attrs.evolve(compliant, review_rule="FREQ=MONTHLY;INTERVAL=3;COUNT=3")
        report = check(variant, as_of=AS_OF)
        (finding,) = [f for f in report.findings if f.code == "MC302"]
        assert (183, "2026-07-01", "2026-12-31") == (
            finding.params["gap_days"],
            finding.params["after"],
            finding.params["before"],
        )

    def test_silent_quarterly_on_a_weekday(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """The first Tuesday of every quarter passes the default of 100 days."""
        variant = attrs.evolve(
            compliant, review_rule="FREQ=MONTHLY;INTERVAL=3;BYDAY=TU;BYSETPOS=1"
        )
        assert [] == subjects(variant, "MC302")


class TestMC309:
    """MC309 warns of a review rule whose day some months lack: RFC 5545 skips them."""

    @staticmethod
    def _found(agreement: Agreement, start: dt.date, rule: str) -> list[Any]:
        variant = attrs.evolve(agreement, start=start, review_rule=rule)
        report = check(variant, as_of=AS_OF)
        return [
            (f.subject, f.path, f.params["day"], f.params["months"], f.params["first"])
            for f in report.findings
            if f.code == "MC309"
        ]

    def test_monthly_from_the_31st(self, compliant: Agreement) -> None:
        """Monthly from 31 January: February, April, June, September and November are skipped."""
        report = check(
            attrs.evolve(
                compliant, start=dt.date(2026, 1, 31), review_rule="FREQ=MONTHLY"
            ),
            as_of=AS_OF,
        )
        (finding,) = [f for f in report.findings if f.code == "MC309"]

        assert (
            "agreement",
            "review_rule",
            31,
            5,
            "2026-02-28",
            "FREQ=MONTHLY;BYMONTHDAY=-1",
        ) == (
            finding.subject,
            finding.path,
            finding.params["day"],
            finding.params["months"],
            finding.params["first"],
            finding.params["suggestion"],
        )
        assert finding.message == (
            'The review rule FREQ=MONTHLY of agreement mc-2026 "Acme and Globex '
            '2026" falls on day 31 of the month and, as RFC 5545 skips a day a '
            "month lacks, schedules no review in 5 of the term's months (the "
            "first ending on 2026-02-28); to review on the last day of such a "
            "month, use FREQ=MONTHLY;BYMONTHDAY=-1."
        )

    def test_quarterly_from_the_30th(self, compliant: Agreement) -> None:
        """Quarterly from 30 March every month has the 30th; from 30 November, February lacks it."""
        assert [] == self._found(
            compliant, dt.date(2026, 3, 30), "FREQ=MONTHLY;INTERVAL=3"
        )
        assert [("agreement", "review_rule", 30, 1, "2026-02-28")] == self._found(
            attrs.evolve(compliant, end=dt.date(2026, 11, 29)),
            dt.date(2025, 11, 30),
            "FREQ=MONTHLY;INTERVAL=3",
        )

    def test_explicit_day(self, compliant: Agreement) -> None:
        """A BYMONTHDAY of 31 skips the short months too, whatever the start."""
        assert [("agreement", "review_rule", 31, 5, "2026-02-28")] == self._found(
            compliant, dt.date(2026, 1, 1), "FREQ=MONTHLY;BYMONTHDAY=31"
        )

    def test_yearly_from_a_leap_day(self, compliant: Agreement) -> None:
        """Yearly from 29 February 2028: three years without a review to 2031."""
        variant = attrs.evolve(compliant, end=dt.date(2031, 12, 31))
        assert [("agreement", "review_rule", 29, 3, "2029-02-28")] == self._found(
            variant, dt.date(2028, 2, 29), "FREQ=YEARLY"
        )

    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=MONTHLY;BYMONTHDAY=-1",
            "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1",
            "FREQ=MONTHLY;BYDAY=-1FR",
            "FREQ=WEEKLY",
            "FREQ=MONTHLY;COUNT=1",
        ],
    )
    def test_silent(self, compliant: Agreement, rule: str) -> None:
        """A rule that reviews in every month of its cadence, or stops first, is fine."""
        assert [] == self._found(compliant, dt.date(2026, 1, 31), rule)

    def test_suggestion_reviews_every_month(self, compliant: Agreement) -> None:
        """The suggested rule reviews in each of the twelve months."""
        report = check(
            attrs.evolve(
                compliant, start=dt.date(2026, 1, 30), review_rule="FREQ=MONTHLY"
            ),
            as_of=AS_OF,
        )
        (finding,) = [f for f in report.findings if f.code == "MC309"]
        suggestion = finding.params["suggestion"]

        assert "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1" == suggestion
        assert 12 == len(
            review_dates(suggestion, dt.date(2026, 1, 30), dt.date(2026, 12, 31))
        )


class TestMC303:
    """MC303 fires on a scheduled review not held within its grace period."""

    def test_fires(self, compliant: Agreement, subjects: Subjects) -> None:
        """Skipping the April review leaves its scheduled date unattended."""
        variant = _reviews(compliant, *compliant.reviews[:1], *compliant.reviews[2:])
        assert ["schedule:2026-04-01"] == subjects(variant, "MC303")

    def test_silent_at_the_end_of_grace(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A review on the last day of the grace period counts."""
        late = attrs.evolve(compliant.reviews[1], held_on=dt.date(2026, 4, 15))
        variant = _reviews(
            compliant, compliant.reviews[0], late, *compliant.reviews[2:]
        )
        assert [] == subjects(variant, "MC303")

    def test_fires_a_day_later(self, compliant: Agreement) -> None:
        """A review one day after the grace period is that date's, held 15 days late; July's stands."""
        late = attrs.evolve(compliant.reviews[1], held_on=dt.date(2026, 4, 16))
        variant = _reviews(
            compliant, compliant.reviews[0], late, *compliant.reviews[2:]
        )
        assert [("schedule:2026-04-01", "late", 15, "R2")] == _mc303(variant)

    def test_silent_while_in_grace(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A date whose grace period has not passed by as_of is not reported."""
        variant = _reviews(compliant, compliant.reviews[0])
        assert [] == subjects(variant, "MC303", as_of=dt.date(2026, 4, 15))

    def test_future_reviews_do_not_count(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A review recorded after as_of is not known as of then."""
        variant = _reviews(compliant, compliant.reviews[1])
        assert ["schedule:2026-01-01"] == subjects(
            variant, "MC303", as_of=dt.date(2026, 3, 1)
        )


def _mc303(agreement: Agreement, as_of: dt.date = AS_OF) -> list[tuple[object, ...]]:
    """MC303's findings: subject, how the date was held, and for a late one the days and review."""
    return [
        (f.subject, f.params["held"])
        + ((f.params["days_late"], f.params["review"]) if "review" in f.params else ())
        for f in check(agreement, as_of=as_of).findings
        if f.code == "MC303"
    ]


class TestMC303Matching:
    """Each held review stands for one scheduled date at most: the nearest it can, in order."""

    def test_a_late_review_then_none(self, compliant: Agreement) -> None:
        """April's review held on 5 May is April's, 34 days late; July, with no review, is not held."""
        variant = _reviews(
            compliant, compliant.reviews[0], _review("R2", dt.date(2026, 5, 5))
        )

        assert [
            ("schedule:2026-04-01", "late", 34, "R2"),
            ("schedule:2026-07-01", "no"),
        ] == _mc303(variant, as_of=dt.date(2026, 8, 15))

    def test_the_late_message(self, compliant: Agreement) -> None:
        """The finding names the review, its day, the days late and the grace that ended."""
        variant = _reviews(
            compliant, compliant.reviews[0], _review("R2", dt.date(2026, 4, 16))
        )
        report = check(variant, as_of=dt.date(2026, 5, 1))

        (finding,) = [f for f in report.findings if f.code == "MC303"]
        assert (
            (
                "The review scheduled on 2026-04-01 was held 15 days late: review "
                "R2 on 2026-04-16, after the grace period that ended on "
                "2026-04-15; hold reviews within their grace period, or waive this "
                "date with a reason."
            ),
            "review_rule",
        ) == (finding.message, finding.path)

    def test_nearer_the_next_date(self, compliant: Agreement) -> None:
        """A review on 10 June, nearer July than April, is July's: April was not held."""
        variant = _reviews(
            compliant,
            compliant.reviews[0],
            _review("R2", dt.date(2026, 6, 10)),
            compliant.reviews[3],
        )

        assert [("schedule:2026-04-01", "no")] == _mc303(variant)

    def test_several_before_a_deadline_stand_for_one_date(
        self, compliant: Agreement
    ) -> None:
        """Two reviews by April's deadline hold April; the second does not carry over to July."""
        variant = _reviews(
            compliant,
            compliant.reviews[0],
            _review("R2", dt.date(2026, 4, 3)),
            _review("R2b", dt.date(2026, 4, 10)),
            compliant.reviews[3],
        )

        assert [("schedule:2026-07-01", "no")] == _mc303(variant)

    def test_ad_hoc_reviews_hold_no_date(self, compliant: Agreement) -> None:
        """An escalation call on 3 April is not April's review, on time or late."""
        adhoc = attrs.evolve(compliant.reviews[1], kind=ReviewKind.AD_HOC)
        variant = _reviews(
            compliant, compliant.reviews[0], adhoc, *compliant.reviews[2:]
        )

        assert [("schedule:2026-04-01", "no")] == _mc303(variant)

    def test_an_ad_hoc_call_is_no_late_review(self, compliant: Agreement) -> None:
        """QBRs in January and April, a call on 5 May, no July QBR: July is not held."""
        call = Review(
            id="call",
            held_on=dt.date(2026, 5, 5),
            kind=ReviewKind.AD_HOC,
            attendees=("acme", "globex"),
        )
        variant = _reviews(compliant, *compliant.reviews[:2], call)

        assert [("schedule:2026-07-01", "no")] == _mc303(
            variant, as_of=dt.date(2026, 8, 15)
        )

    @given(
        days=st.lists(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), max_size=8),
        drop=st.integers(min_value=0),
    )
    def test_laws(self, compliant: Agreement, days: list[dt.date], drop: int) -> None:
        """Each review stands for one date at most, and recording one more never adds a date not held."""
        reviews = [_review(f"X{i}", day) for i, day in enumerate(days)]
        found = _mc303(_reviews(compliant, *reviews), as_of=dt.date(2027, 1, 31))
        judged = len(
            review_dates(compliant.review_rule or "", compliant.start, compliant.end)
        )
        late = [entry[3] for entry in found if entry[1] == "late"]
        missed = sum(1 for entry in found if entry[1] == "no")

        assert len(late) == len(set(late))
        # The dates held, on time or late, each take a review of their own.
        assert judged - missed <= len(reviews)
        if reviews:
            fewer = reviews[: drop % len(reviews)] + reviews[drop % len(reviews) + 1 :]
            less = _mc303(_reviews(compliant, *fewer), as_of=dt.date(2027, 1, 31))
            assert missed <= sum(1 for entry in less if entry[1] == "no")


class TestMC310:
    """MC310 warns of a review dated well outside the term."""

    @staticmethod
    def _found(
        agreement: Agreement, as_of: dt.date = AS_OF
    ) -> list[tuple[object, ...]]:
        return [
            (f.subject, f.path, f.params["edge"])
            for f in check(agreement, as_of=as_of).findings
            if f.code == "MC310"
        ]

    def test_a_mistyped_year(self, compliant: Agreement) -> None:
        """January's review typed as 2025: MC310 points at it, and MC303 still finds January not held."""
        typo = attrs.evolve(compliant.reviews[0], held_on=dt.date(2025, 1, 5))
        variant = _reviews(compliant, typo, *compliant.reviews[1:])
        report = check(variant, as_of=AS_OF)

        assert (
            [("review:R1", "reviews[0].held_on", "start")],
            [("schedule:2026-01-01", "no")],
        ) == (self._found(variant), _mc303(variant))
        (finding,) = [f for f in report.findings if f.code == "MC310"]
        assert finding.message == (
            "Review R1 is dated 2025-01-05, more than a review's grace period "
            "before the term's start on 2026-01-01: it stands for no scheduled "
            "review; correct its day with replace_review(), or waive this review "
            "with a reason."
        )

    def test_close_to_the_term(self, compliant: Agreement) -> None:
        """A kick-off two weeks before the start and a close-out in the next quarter are reviews of the term."""
        variant = _reviews(
            compliant,
            _review("kickoff", dt.date(2025, 12, 18)),
            *compliant.reviews,
            _review("closeout", dt.date(2027, 4, 10)),
        )

        assert [] == self._found(variant, as_of=dt.date(2027, 4, 30))

    def test_long_after_the_end(self, compliant: Agreement) -> None:
        """A review dated 2028, whatever the day of the check: found, and no late review for October."""
        october = compliant.reviews[3]
        variant = _reviews(
            compliant,
            *compliant.reviews[:3],
            attrs.evolve(october, held_on=dt.date(2028, 10, 1)),
        )

        assert (
            [("review:R4", "reviews[3].held_on", "end")],
            [("review:R4", "reviews[3].held_on", "end")],
            [("schedule:2026-10-01", "no")],
        ) == (
            self._found(variant),
            self._found(variant, as_of=dt.date(2028, 12, 1)),
            _mc303(variant, as_of=dt.date(2028, 12, 1)),
        )


class TestMC304:
    """MC304 fires when a review ignores a missed or off-track target."""

    def test_early_in_a_window(self, compliant: Agreement, subjects: Subjects) -> None:
        """A review five days into a quarter with nothing yet raises no issue."""
        observations = [*_on_track(), *_quarter(2026, 2, 10)]
        variant = _reviews(compliant, compliant.reviews[0])
        assert [] == subjects(
            variant, "MC304", observations=observations, as_of=dt.date(2026, 1, 31)
        )

    def test_a_missed_quarter(self, compliant: Agreement) -> None:
        """The first review after a quarter closed missed reports it."""
        observations = [
            *_on_track(),
            *_quarter(2026, 1, 3),
            *_quarter(2026, 4, 10),
            *_quarter(2026, 7, 10),
            *_quarter(2026, 10, 10),
        ]
        report = check(compliant, as_of=AS_OF, observations=observations)
        found = [
            (f.subject, f.path, f.params["standing"], f.params["window"])
            for f in report.findings
            if f.code == "MC304"
        ]
        assert [("contribution:C1", "reviews[1]", "missed", ("FY2026-Q1",))] == found

    def test_silent_with_an_action(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """An action item naming the contribution at that review silences it."""
        observations = [
            *_on_track(),
            *_quarter(2026, 1, 3),
            *_quarter(2026, 4, 10),
            *_quarter(2026, 7, 10),
            *_quarter(2026, 10, 10),
        ]
        action = ActionItem(
            id="X1",
            owner="globex",
            title="Recover the co-selling shortfall",
            contributions=("C1",),
            done_on=dt.date(2026, 5, 1),
        )
        r2 = attrs.evolve(compliant.reviews[1], actions=(action,))
        variant = _reviews(compliant, compliant.reviews[0], r2, *compliant.reviews[2:])
        assert [] == subjects(variant, "MC304", observations=observations)

    def test_off_track(self, compliant: Agreement) -> None:
        """A review two thirds into a quarter far behind its pace reports it."""
        observations = [*_on_track(), *_quarter(2026, 1, 1)]
        variant = _reviews(
            compliant, compliant.reviews[0], _review("R2", dt.date(2026, 3, 1))
        )
        report = check(variant, as_of=dt.date(2026, 3, 2), observations=observations)
        found = [
            (f.subject, f.params["standing"], f.params["window"])
            for f in report.findings
            if f.code == "MC304"
        ]
        assert [("contribution:C1", "off_track", "FY2026-Q1")] == found

    def test_a_window_missed_before_it_closes(self, compliant: Agreement) -> None:
        """The vendor's 11 late shipments of at most 10 a quarter, at a review on 28 March: missed already."""
        late = Metric(
            id="late",
            name="Late shipments",
            unit="count",
            aggregation=Aggregation.COUNT,
            reported_by="acme",
        )
        pledge = Contribution(
            id="C3",
            party="acme",
            title="At most ten late shipments a quarter",
            kind=ContributionKind.DELIVERY_COMMITMENT,
            supports=("G1",),
            target=Target(
                metric="late",
                value=Decimal(10),
                direction=Direction.AT_MOST,
                per=Period.QUARTER,
            ),
        )
        variant = attrs.evolve(
            compliant,
            metrics=(*compliant.metrics, late),
            contributions=(*compliant.contributions, pledge),
            reviews=(compliant.reviews[0], _review("R2", dt.date(2026, 3, 28))),
        )
        observations = [
            *_on_track(),
            *_quarter(2026, 1, 10),
            *(Observation("late", dt.date(2026, 3, 20), Decimal(1)) for _ in range(11)),
        ]
        report = check(variant, as_of=dt.date(2026, 3, 28), observations=observations)
        found = [
            (f.subject, f.path, f.params["standing"], f.params["window"])
            for f in report.findings
            if f.code == "MC304"
        ]
        assert [("contribution:C3", "reviews[1]", "missed", ("FY2026-Q1",))] == found

    @pytest.mark.parametrize(
        ("loss", "found"),
        [
            # 100 lost where 3 333 may be by 1 March: far ahead of pace.
            ("-100", []),
            # 5 000 lost by 1 March: behind a pace that allows 3 333.
            ("-5000", [("contribution:C3", "reviews[1]", "off_track", "FY2026-Q1")]),
        ],
    )
    def test_a_loss_limit(
        self, compliant: Agreement, loss: str, found: list[tuple[str, ...]]
    ) -> None:
        """The vendor's net margin of at least -5 000 a quarter, at a review on 1 March: off track only when behind.

        Its pace read actual / expected (-100 / -3 333: 0.03), so a small
        loss was off track and a large one on track.
        """
        margin = Metric(
            id="margin",
            name="Net margin",
            unit="EUR",
            aggregation=Aggregation.SUM,
            reported_by="acme",
        )
        pledge = Contribution(
            id="C3",
            party="acme",
            title="Lose at most 5 000 a quarter",
            kind=ContributionKind.OTHER,
            supports=("G1",),
            target=Target(
                metric="margin",
                value=Decimal(-5000),
                direction=Direction.AT_LEAST,
                per=Period.QUARTER,
            ),
        )
        variant = attrs.evolve(
            compliant,
            metrics=(*compliant.metrics, margin),
            contributions=(*compliant.contributions, pledge),
            reviews=(compliant.reviews[0], _review("R2", dt.date(2026, 3, 1))),
        )
        observations = [
            *_on_track(),
            *_quarter(2026, 1, 10),
            Observation("margin", dt.date(2026, 2, 10), Decimal(loss)),
        ]

        report = check(variant, as_of=dt.date(2026, 3, 1), observations=observations)

        assert found == [
            (f.subject, f.path, f.params["standing"], f.params["window"])
            for f in report.findings
            if f.code == "MC304"
        ]

    @pytest.mark.parametrize(
        ("cut", "found"),
        [
            # Nothing cut by 1 March: behind a pace that asks 3 333, yet a
            # credit note may still make the cut; not missed already.
            ([], [("contribution:C3", "reviews[1]", "off_track", "FY2026-Q1")]),
            # 6 000 cut by 10 February: ahead of that pace.
            (["-6000"], []),
        ],
    )
    def test_a_cut(
        self, compliant: Agreement, cut: list[str], found: list[tuple[str, ...]]
    ) -> None:
        """The vendor's cost change of at most -5 000 a quarter (a cut), at reviews on 5 January and 1 March: never missed before the quarter closes.

        A sum short of a target below 0 was missed from the quarter's first
        day, as if no cut could come: the review of 5 January (early in the
        quarter, nothing to raise) was told the quarter was missed already,
        even where the cut was made in February.
        """
        costs = Metric(
            id="costs",
            name="Change in costs",
            unit="EUR",
            aggregation=Aggregation.SUM,
            reported_by="acme",
        )
        pledge = Contribution(
            id="C3",
            party="acme",
            title="Cut costs by at least 5 000 a quarter",
            kind=ContributionKind.OTHER,
            supports=("G1",),
            target=Target(
                metric="costs",
                value=Decimal(-5000),
                direction=Direction.AT_MOST,
                per=Period.QUARTER,
            ),
        )
        variant = attrs.evolve(
            compliant,
            metrics=(*compliant.metrics, costs),
            contributions=(*compliant.contributions, pledge),
            reviews=(compliant.reviews[0], _review("R2", dt.date(2026, 3, 1))),
        )
        observations = [
            *_on_track(),
            *_quarter(2026, 1, 10),
            *(Observation("costs", dt.date(2026, 2, 10), Decimal(c)) for c in cut),
        ]

        report = check(variant, as_of=dt.date(2026, 3, 1), observations=observations)

        assert found == [
            (f.subject, f.path, f.params["standing"], f.params["window"])
            for f in report.findings
            if f.code == "MC304"
        ]

    def test_needs_observations(self, compliant: Agreement, subjects: Subjects) -> None:
        """Without observations there is nothing to evaluate."""
        assert [] == subjects(compliant, "MC304")

    def test_a_review_naming_every_target(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A review acting on every target is silent, and later ones look back to it."""
        observations = [
            *_on_track(),
            *_quarter(2026, 1, 3),
            *_quarter(2026, 4, 10),
            *_quarter(2026, 7, 10),
            *_quarter(2026, 10, 10),
        ]
        action = ActionItem(
            id="X1",
            owner="globex",
            title="Act on every target",
            goals=tuple(g.id for g in compliant.goals if g.target is not None),
            contributions=tuple(
                c.id for c in compliant.contributions if c.target is not None
            ),
        )
        r2 = attrs.evolve(compliant.reviews[1], actions=(action,))
        variant = _reviews(compliant, compliant.reviews[0], r2, *compliant.reviews[2:])
        # The missed FY2026-Q1 closed before the review that acted on it: no
        # later review reports it again.
        assert len(variant.reviews) > 2
        assert [] == subjects(variant, "MC304", observations=observations)


class TestMC304AdHoc:
    """An ad-hoc review is judged on nothing; its action items count for what they name."""

    @staticmethod
    def _found(agreement: Agreement) -> list[tuple[object, ...]]:
        log = [*_on_track(), *_quarter(2026, 1, 3), *_quarter(2026, 4, 10)]
        report = check(agreement, as_of=dt.date(2026, 5, 1), observations=log)
        return [
            (f.subject, f.path, f.params["review"], f.params["window"])
            for f in report.findings
            if f.code == "MC304"
        ]

    @staticmethod
    def _call(day: dt.date, *contributions: str) -> Review:
        actions = tuple(
            ActionItem(id=f"A-{c}", owner="globex", title="Recover", contributions=(c,))
            for c in contributions
        )
        return Review(
            id="call",
            held_on=day,
            kind=ReviewKind.AD_HOC,
            attendees=("acme", "globex"),
            actions=actions,
        )

    def test_not_blamed_for_the_quarter(self, compliant: Agreement) -> None:
        """A call on 2 April on another topic: April's QBR, which acts on Q1, is judged, not the call."""
        act = ActionItem(
            id="X1", owner="globex", title="Recover", contributions=("C1",)
        )
        variant = _reviews(
            compliant,
            compliant.reviews[0],
            self._call(dt.date(2026, 4, 2)),
            _review("R2", dt.date(2026, 4, 3), act),
        )

        assert [] == self._found(variant)

    def test_the_qbr_keeps_its_duty(self, compliant: Agreement) -> None:
        """With the call first, a QBR without the action is still the one reported."""
        variant = _reviews(
            compliant,
            compliant.reviews[0],
            self._call(dt.date(2026, 4, 2)),
            _review("R2", dt.date(2026, 4, 3)),
        )

        assert [("contribution:C1", "reviews[2]", "R2", ("FY2026-Q1",))] == (
            self._found(variant)
        )

    def test_its_action_items_count(self, compliant: Agreement) -> None:
        """A call that decided an action on the pledge since the last QBR counts for it at the next."""
        variant = _reviews(
            compliant,
            compliant.reviews[0],
            self._call(dt.date(2026, 3, 20), "C1"),
            _review("R2", dt.date(2026, 4, 3)),
        )

        assert [] == self._found(variant)

    def test_not_for_an_earlier_qbr(self, compliant: Agreement) -> None:
        """A call after the QBR that left the pledge out does not count for that QBR."""
        variant = _reviews(
            compliant,
            compliant.reviews[0],
            _review("R2", dt.date(2026, 4, 3)),
            self._call(dt.date(2026, 4, 10), "C1"),
        )

        assert [("contribution:C1", "reviews[1]", "R2", ("FY2026-Q1",))] == (
            self._found(variant)
        )


class TestMC305:
    """MC305 fires on a review not attended by both sides."""

    def test_fires(self, compliant: Agreement, subjects: Subjects) -> None:
        """A review only the vendor attended is reported."""
        r1 = attrs.evolve(compliant.reviews[0], attendees=("acme",))
        variant = _reviews(compliant, r1, *compliant.reviews[1:])
        assert ["review:R1"] == subjects(variant, "MC305")

    def test_silent(self, compliant: Agreement, subjects: Subjects) -> None:
        """Both sides attended every review."""
        assert [] == subjects(compliant, "MC305")


class TestMC306:
    """MC306 fires on an action item past due and not done."""

    def _with(self, agreement: Agreement, action: ActionItem) -> Agreement:
        r1 = attrs.evolve(agreement.reviews[0], actions=(action,))
        return _reviews(agreement, r1, *agreement.reviews[1:])

    def test_fires(self, compliant: Agreement, subjects: Subjects) -> None:
        """An item due in February and not done is overdue in November."""
        action = ActionItem(
            id="X1", owner="acme", title="Send the playbook", due=dt.date(2026, 2, 1)
        )
        assert ["action:R1/X1"] == subjects(self._with(compliant, action), "MC306")

    def test_silent_when_done(self, compliant: Agreement, subjects: Subjects) -> None:
        """Recording when it was done silences it."""
        action = ActionItem(
            id="X1",
            owner="acme",
            title="Send the playbook",
            due=dt.date(2026, 2, 1),
            done_on=dt.date(2026, 2, 3),
        )
        assert [] == subjects(self._with(compliant, action), "MC306")

    def test_silent_on_its_due_day(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """On its due day an item is not yet past due."""
        action = ActionItem(id="X1", owner="acme", title="Send the playbook", due=AS_OF)
        assert [] == subjects(self._with(compliant, action), "MC306")


class TestMC304Windows:
    """MC304 names a missed window once, at the first review on or after its end."""

    @staticmethod
    def _found(
        agreement: Agreement, log: list[Observation]
    ) -> list[tuple[object, ...]]:
        report = check(agreement, as_of=dt.date(2026, 7, 20), observations=log)
        return [
            (f.subject, f.path, f.params["standing"], f.params["window"])
            for f in report.findings
            if f.code == "MC304"
        ]

    def test_on_the_windows_last_day(self, compliant: Agreement) -> None:
        """A review on the last day of a missed quarter reports it; the next one does not."""
        log = [*_on_track(), *_quarter(2026, 1, 3), *_quarter(2026, 4, 10)]
        variant = _reviews(
            compliant,
            compliant.reviews[0],
            _review("R2", dt.date(2026, 3, 31)),
            _review("R3", dt.date(2026, 4, 15)),
        )

        assert [
            ("contribution:C1", "reviews[1]", "missed", ("FY2026-Q1",))
        ] == self._found(variant, log)

    def test_several_missed_windows_together(self, compliant: Agreement) -> None:
        """Two quarters missed since the last review are named together, in order."""
        log = [*_on_track(), *_quarter(2026, 1, 3), *_quarter(2026, 4, 3)]
        variant = _reviews(
            compliant, compliant.reviews[0], _review("R2", dt.date(2026, 7, 2))
        )

        assert [
            ("contribution:C1", "reviews[1]", "missed", ("FY2026-Q1", "FY2026-Q2"))
        ] == self._found(variant, log)
        (finding,) = [
            f
            for f in check(
                variant, as_of=dt.date(2026, 7, 20), observations=log
            ).findings
            if f.code == "MC304"
        ]
        assert "had missed its target in FY2026-Q1 and FY2026-Q2, and no" in (
            finding.message
        )


class TestMC304Cost:
    """MC304 evaluates the targets once per check, not once per held review."""

    def _calls(
        self, monkeypatch: pytest.MonkeyPatch, agreement: Agreement, reviews: int
    ) -> Counter[str]:
        """Check with *reviews* weekly reviews naming nothing; count the evaluations."""
        calls: Counter[str] = Counter()
        for name in ("results", "windows_at", "closed_windows"):
            original = getattr(_Plan, name)

            def spy(
                *args: object, _original: Any = original, _name: str = name
            ) -> object:
                calls[_name] += 1
                return _original(*args)

            monkeypatch.setattr(_Plan, name, spy)
        held = [
            _review(f"W{i}", dt.date(2026, 1, 5) + dt.timedelta(weeks=i))
            for i in range(reviews)
        ]
        observations = [*_on_track(), *_quarter(2026, 1, 3), *_quarter(2026, 4, 3)]
        report = check(
            _reviews(agreement, *held), as_of=AS_OF, observations=observations
        )
        calls["findings"] = sum(1 for f in report.findings if f.code == "MC304")
        monkeypatch.undo()
        return calls

    def test_evaluations_do_not_grow_with_reviews(
        self, compliant: Agreement, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Twenty reviews or forty: the same evaluations, more findings."""
        few = self._calls(monkeypatch, compliant, 20)
        many = self._calls(monkeypatch, compliant, 40)

        assert many.pop("findings") > few.pop("findings") > 0
        assert few == many
