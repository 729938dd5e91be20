"""The wrong type in an argument of the scenarios: a TypeError that says what to pass.

Each of these raised Python's own AttributeError (``'dict' object has no
attribute 'drivers'``), ``'int' object is not iterable``, or a ValueError
quoting what the caller never passed (``got ('5', '0')``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from mutualcommit import Agreement, ArgumentError, Observation
from mutualcommit.scenarios import (
    Assumptions,
    Driver,
    Fixed,
    Poisson,
    Scenario,
    Triangular,
    compare,
    plot_burnup,
    plot_comparison,
    plot_fan,
    project,
)

AS_OF = dt.date(2026, 7, 31)
Case = tuple[Agreement, tuple[Observation, ...]]
Call = Callable[[], object]
MDF = Driver(contribution="acme-mdf", metric="cosell-opps", per_thousand=Fixed(1))


def _calls(
    agreement: Agreement, log: tuple[Observation, ...]
) -> dict[str, tuple[Call, str]]:
    projection = project(agreement, log, as_of=AS_OF, runs=2)
    signed = Scenario(name="as signed", agreement=agreement)
    comparison = compare(signed, observations=log, as_of=AS_OF, runs=2)
    return {
        "plot_burnup(as_of=str, projection=...)": (
            lambda: plot_burnup(
                agreement,
                log,
                "co-sell-opportunities",
                as_of="2026-07-31",  # type: ignore[arg-type]
                projection=projection,
            ),
            (
                "as_of is a datetime.date, got str '2026-07-31'; pass "
                "datetime.date.fromisoformat(...)"
            ),
        ),
        "plot_burnup(projection=dict)": (
            lambda: plot_burnup(
                agreement,
                log,
                "co-sell-opportunities",
                as_of=AS_OF,
                projection={},  # type: ignore[arg-type]
            ),
            "projection is a Projection, got dict {}",
        ),
        "plot_burnup(goal=None)": (
            lambda: plot_burnup(agreement, log, None, as_of=AS_OF),  # type: ignore[arg-type]
            "goal is a str, got NoneType None",
        ),
        "plot_burnup(agreement=dict)": (
            lambda: plot_burnup({}, log, "x", as_of=AS_OF),  # type: ignore[arg-type]
            (
                "agreement is an Agreement, got dict: build it from its JSON "
                "document with from_dict"
            ),
        ),
        "plot_fan(goal=None)": (
            lambda: plot_fan(projection, None),  # type: ignore[arg-type]
            "goal is a str, got NoneType None",
        ),
        "plot_comparison(goal=1)": (
            lambda: plot_comparison(comparison, 1),  # type: ignore[arg-type]
            "goal is a str, got int 1",
        ),
        "Scenario.variant(assumptions=dict)": (
            lambda: signed.variant(
                "v",
                assumptions={"rates": {"cosell-opps": Poisson(20)}},  # type: ignore[arg-type]
            ),
            (
                "assumptions is an Assumptions, got dict {'rates': {'cosell-opps': "
                "Poisson(rate=20)}}: pass Assumptions(**fields), as "
                "Assumptions(rates={...})"
            ),
        ),
        "Scenario.variant(agreement=dict)": (
            lambda: signed.variant("v", {}),  # type: ignore[arg-type]
            (
                "agreement is an Agreement, got dict: build it from its JSON "
                "document with from_dict"
            ),
        ),
        "Scenario(name=None)": (
            lambda: Scenario(name=None, agreement=agreement),  # type: ignore[arg-type]
            "name is a str, got NoneType None",
        ),
        "Scenario(assumptions=list)": (
            lambda: Scenario(name="s", agreement=agreement, assumptions=[]),  # type: ignore[arg-type]
            "assumptions is an Assumptions, got list []",
        ),
        "project(assumptions=dict)": (
            lambda: project(agreement, log, as_of=AS_OF, assumptions={}),  # type: ignore[arg-type]
            (
                "assumptions is an Assumptions, got dict {}: pass "
                "Assumptions(**fields), as Assumptions(rates={...})"
            ),
        ),
        "project(percentiles=50)": (
            lambda: project(agreement, log, as_of=AS_OF, runs=2, percentiles=50),  # type: ignore[arg-type]
            "percentiles is a sequence of ints in 0..100, got int 50: pass (50,)",
        ),
        "project(percentiles='50')": (
            lambda: project(agreement, log, as_of=AS_OF, runs=2, percentiles="50"),  # type: ignore[arg-type]
            (
                "percentiles is a sequence of ints in 0..100, got str '50': pass "
                "ints, as (50,)"
            ),
        ),
        "project(percentiles=(50, '90'))": (
            lambda: project(
                agreement,
                log,
                as_of=AS_OF,
                runs=2,
                percentiles=(50, "90"),  # type: ignore[arg-type]
            ),
            (
                "percentiles is a sequence of ints in 0..100, got str '90' among "
                "(50, '90')"
            ),
        ),
        "compare(window=3)": (
            lambda: compare(signed, observations=log, as_of=AS_OF, runs=2, window=3),  # type: ignore[arg-type]
            "window is a str, got int 3",
        ),
    }


def _assumption_calls() -> dict[str, tuple[Call, str]]:
    return {
        "Assumptions(rates=list of pairs)": (
            lambda: Assumptions(rates=[("cosell-opps", Poisson(20))]),  # type: ignore[arg-type]
            (
                "rates is a mapping of metric ids to Fixed, Poisson, Triangular or "
                "Pert distributions, got list [('cosell-opps', Poisson(rate=20))]: "
                "pass a dict ({id: value, ...})"
            ),
        ),
        "Assumptions(rates={1: ...})": (
            lambda: Assumptions(rates={1: Poisson(20)}),  # type: ignore[dict-item]
            "rates is keyed by str ids, got the key int 1",
        ),
        "Assumptions(fund_utilisation=list)": (
            lambda: Assumptions(fund_utilisation=[("f", 0.5)]),  # type: ignore[arg-type]
            (
                "fund_utilisation is a mapping of fund allocation ids to shares "
                "from 0 to 1, got list [('f', 0.5)]: pass a dict ({id: value, ...})"
            ),
        ),
        "Assumptions(drivers=one Driver)": (
            lambda: Assumptions(drivers=MDF),  # type: ignore[arg-type]
            f"drivers is a tuple of Driver values, got one Driver: pass ({MDF!r},)",
        ),
        "Assumptions(drivers=None)": (
            lambda: Assumptions(drivers=None),  # type: ignore[arg-type]
            "drivers is a tuple of Driver values, got NoneType None",
        ),
        "Assumptions(lookback_days='182')": (
            lambda: Assumptions(lookback_days="182"),  # type: ignore[arg-type]
            "lookback_days is a positive int, got str '182'",
        ),
        "Assumptions().merge(None)": (
            lambda: Assumptions().merge(None),  # type: ignore[arg-type]
            "other is an Assumptions, got NoneType None",
        ),
        "Assumptions().without(rates='m')": (
            lambda: Assumptions(rates={"m": Poisson(1)}).without(rates="m"),
            "rates is an iterable of metric ids, got str 'm': pass ['m']",
        ),
        "Assumptions().without(drivers=7)": (
            lambda: Assumptions().without(drivers=7),  # type: ignore[arg-type]
            "drivers is an iterable of contribution ids, got int 7",
        ),
        "Driver(contribution=None)": (
            lambda: Driver(contribution=None, metric="m", per_thousand=Fixed(1)),  # type: ignore[arg-type]
            "Driver.contribution is a str, got NoneType None",
        ),
    }


class TestWrongTypes:
    """Every call names the argument, what it is and what was passed."""

    def test_calls_with_the_it_case(self, it_case: Case) -> None:
        """The projection, scenario, comparison and chart calls."""
        agreement, log = it_case
        found = {}
        for name, (call, _) in _calls(agreement, log).items():
            with pytest.raises(TypeError) as caught:
                call()
            found[name] = str(caught.value)

        expected = {
            name: message for name, (_, message) in _calls(agreement, log).items()
        }
        assert expected == found

    @pytest.mark.parametrize("name", sorted(_assumption_calls()))
    def test_assumptions(self, name: str) -> None:
        """The assumptions and the drivers, built or merged."""
        call, message = _assumption_calls()[name]

        with pytest.raises(TypeError) as caught:
            call()

        assert message == str(caught.value)

    def test_a_lookback_below_one_is_a_value_error(self) -> None:
        """A number out of range stays a ValueError."""
        with pytest.raises(ValueError, match="lookback_days is a positive int, got 0"):
            Assumptions(lookback_days=0)

    def test_a_period_that_is_none(self) -> None:
        """A misspelt per is the library's error with the period meant, not the enum's."""
        with pytest.raises(ArgumentError) as caught:
            Assumptions(per="quater")

        assert (
            "per",
            (
                "per: expected one of 'term', 'month', 'quarter', 'year', 'week', "
                "got str 'quater' (did you mean 'quarter'?)"
            ),
        ) == (caught.value.argument, str(caught.value))

    def test_a_rate_names_its_metric(self) -> None:
        """A rate that is no distribution is named by its metric, and a bad number by its field."""
        with pytest.raises(ArgumentError) as rate:
            Assumptions(rates={"regs": 28.8})  # type: ignore[dict-item]
        with pytest.raises(ArgumentError) as mode:
            Triangular(1, "2", 3)  # type: ignore[arg-type]

        assert ("rates['regs']", "mode") == (rate.value.argument, mode.value.argument)
        assert str(mode.value) == "mode: expected a number, got str '2'"
