import contextlib
import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mutualcommit.errors import InvalidAgreementError
from mutualcommit.model import MAX_VERSION, Agreement, FiscalCalendar, Observation
from mutualcommit.rules import Policy, check, report_to_dict
from mutualcommit.testing.strategies import agreements, observations


@st.composite
def _checked(draw: st.DrawFn) -> tuple[Agreement, list[Observation], dt.date]:
    agreement = draw(agreements())
    logged = draw(observations(agreement))
    as_of = draw(
        st.dates(
            min_value=agreement.start - dt.timedelta(days=60),
            max_value=agreement.end + dt.timedelta(days=60),
        )
    )
    return agreement, logged, as_of


class TestCheckLaws:
    """check never raises on a valid agreement and says the same thing twice."""

    @given(_checked())
    def test_never_raises_and_is_deterministic(
        self, case: tuple[Agreement, list[Observation], dt.date]
    ) -> None:
        """Two checks of the same inputs give equal reports, with or without observations."""
        agreement, logged, as_of = case
        first = check(agreement, as_of=as_of, observations=logged)
        second = check(agreement, as_of=as_of, observations=list(logged))
        plain = check(agreement, as_of=as_of)
        assert (first, report_to_dict(first)) == (second, report_to_dict(second))
        # MC108, MC304, MC307 and MC308 read the observations; the rest never do.
        needs = {"MC108", "MC304", "MC307", "MC308"}
        assert [f for f in plain.findings if f.code not in needs] == [
            f for f in first.findings if f.code not in needs
        ]

    @given(_checked(), _checked())
    def test_a_check_does_not_depend_on_the_checks_before(
        self,
        case: tuple[Agreement, list[Observation], dt.date],
        other: tuple[Agreement, list[Observation], dt.date],
    ) -> None:
        """A term's fiscal-year shares are computed once and reused: any order gives the same report."""
        agreement, logged, as_of = case
        first = check(agreement, as_of=as_of, observations=logged)
        # Another term, then the same term under another fiscal calendar.
        check(other[0], as_of=other[2])
        moved = FiscalCalendar(
            start_month=agreement.fiscal_calendar.start_month % 12 + 1
        )
        # Windows that no longer fit the term are refused: nothing cached.
        with contextlib.suppress(InvalidAgreementError):
            check(attrs.evolve(agreement, fiscal_calendar=moved), as_of=as_of)
        again = check(agreement, as_of=as_of, observations=logged)
        assert (first, report_to_dict(first)) == (again, report_to_dict(again))


#: Review rules a careless or hostile author may write that are still accepted:
#: never firing, firing rarely, at the bounds of every part.
_HOSTILE_RULES = [
    None,
    "FREQ=DAILY",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=DAILY;BYSETPOS=2,3,4,5,6,7,8,9,10,11,12,13",
    "FREQ=YEARLY;BYSETPOS=-366,-1,1,366;BYYEARDAY=-366,366",
    "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2,4,6,9,11",
    "FREQ=YEARLY;BYWEEKNO=53,-53;BYDAY=MO,SU",
    "FREQ=DAILY;INTERVAL=36525",
    "FREQ=WEEKLY;COUNT=36525",
    "FREQ=YEARLY;UNTIL=99991231T235959",
]
#: Terms at the calendar's ends and the longest term.
_EDGE_TERMS = [
    (dt.date(1, 1, 1), dt.date(1, 12, 31)),
    (dt.date(1, 1, 1), dt.date(100, 12, 31)),
    (dt.date(9900, 1, 1), dt.date(9999, 12, 31)),
    (dt.date(9999, 12, 31), dt.date(9999, 12, 31)),
    (dt.date(2000, 1, 1), dt.date(2099, 12, 31)),
]


@st.composite
def _hostile(
    draw: st.DrawFn,
) -> tuple[Agreement, list[Observation], dt.date, Policy]:
    agreement, logged, as_of = draw(_checked())
    changes: dict[str, Any] = {
        "review_rule": draw(st.sampled_from(_HOSTILE_RULES)),
        # The highest version: the fingerprint writes it in full.
        "version": draw(st.sampled_from([agreement.version, MAX_VERSION])),
    }
    if draw(st.booleans()):
        start, end = draw(st.sampled_from(_EDGE_TERMS))
        changes.update(
            start=start, end=end, fiscal_calendar=FiscalCalendar(), signatures=()
        )
        as_of = draw(st.sampled_from([start, end, dt.date.min, dt.date.max]))
    try:
        hostile = attrs.evolve(agreement, **changes)
    except InvalidAgreementError:
        # Too many windows over a long term: refused, as it should be.
        assume(False)
        raise
    policy = Policy(
        review_grace_days=draw(st.sampled_from([0, 1, 36525])),
        max_review_gap_days=draw(st.sampled_from([1, 100, 36525])),
        max_growth=draw(st.sampled_from([Decimal(0), Decimal(999999999999999)])),
    )
    return hostile, logged, as_of, policy


class TestCheckHostile:
    """check never raises on hostile inputs the readers accept."""

    @given(_hostile())
    @settings(deadline=None)
    def test_never_raises(
        self, case: tuple[Agreement, list[Observation], dt.date, Policy]
    ) -> None:
        """Calendar-end terms, never-firing rules and bound policies: a report.

        How long each takes is the fuzz session's to measure (scripts/fuzz.py):
        a time limit here would fail on a busy machine.
        """
        agreement, logged, as_of, policy = case

        report = check(agreement, as_of=as_of, observations=logged, policy=policy)

        assert as_of == report.as_of
