import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.model import Agreement, Observation
from mutualcommit.rules import check, report_to_dict
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
        # MC304, MC307 and MC308 read the observations; the rest never do.
        needs = {"MC304", "MC307", "MC308"}
        assert [f for f in plain.findings if f.code not in needs] == [
            f for f in first.findings if f.code not in needs
        ]
