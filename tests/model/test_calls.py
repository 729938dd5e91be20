"""A class called with arguments it does not take says which, and what it takes.

``Bands(Decimal("1.1"), ...)`` and ``Tier(treshold=1, ...)`` raised Python's
bare `TypeError` (``Bands.__init__() takes 1 positional argument but 4 were
given``), which named no field and suggested none, while a JSON reader
answers the same slip with the keys there are and the one meant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest

from mutualcommit import (
    ArgumentError,
    Observation,
    Target,
    Tier,
    model,
)
from mutualcommit.kpi import Bands
from mutualcommit.rules import Policy, Rule, Waiver
from mutualcommit.scenarios import Assumptions, Driver, Fixed, Scenario, Triangular

D = Decimal


def _refusal(call: Callable[[], object]) -> ArgumentError:
    """Return the error of *call*: an ArgumentError that is a TypeError too."""
    with pytest.raises(ArgumentError) as caught:
        call()
    assert isinstance(caught.value, TypeError)
    return caught.value


class TestTheReportedSlips:
    """Each slip is told by name, with the fields there are."""

    def test_bands_given_positional_arguments(self) -> None:
        """Bands takes keywords: the error says how to pass the three."""
        error = _refusal(lambda: Bands(D("1.1"), D("0.9"), D("0.1")))  # type: ignore[call-arg]

        assert (str(error), error.argument) == (
            (
                "Bands() takes its fields as keywords, Bands(on_track_ratio=..., "
                "at_risk_ratio=..., min_elapsed=...), got 3 positional arguments; its "
                "fields: on_track_ratio, at_risk_ratio, min_elapsed"
            ),
            "",
        )

    def test_bands_given_a_misspelt_keyword(self) -> None:
        """A keyword that names no band is told with the band it likely means."""
        error = _refusal(lambda: Bands(on_track="1.1"))  # type: ignore[call-arg]

        assert (str(error), error.argument) == (
            (
                "Bands() got an unexpected keyword argument 'on_track' (did you mean "
                "'on_track_ratio'?); its fields: on_track_ratio, at_risk_ratio, "
                "min_elapsed"
            ),
            "on_track",
        )

    def test_a_misspelt_required_field(self) -> None:
        """The field a misspelt keyword means is not told again as left out."""
        error = _refusal(lambda: Tier(treshold=1, rate="0.02", of="rev"))  # type: ignore[call-arg]

        assert str(error) == (
            "Tier() got an unexpected keyword argument 'treshold' (did you mean "
            "'threshold'?); its fields: threshold, amount, rate, of, status"
        )

    def test_every_slip_at_once(self) -> None:
        """Unknown keywords and required fields left out, all in one message."""
        error = _refusal(
            lambda: Target(metrc="m", valeu=1, colour="red")  # type: ignore[call-arg]
        )

        assert (str(error), error.argument) == (
            (
                "Target() got unexpected keyword arguments 'metrc' (did you mean "
                "'metric'?), 'valeu' (did you mean 'value'?), 'colour'; is missing the "
                "required field 'direction'; its fields: metric, value, direction, per, "
                "baseline, due, steps, where"
            ),
            "metrc",
        )

    def test_a_positional_class_given_too_many(self) -> None:
        """An observation takes five fields in order; a sixth is told, and so is one left out."""
        too_many = _refusal(
            lambda: Observation("m", dt.date(2026, 1, 1), 1, None, {}, "x")  # type: ignore[call-arg]
        )
        too_few = _refusal(lambda: Observation("m"))  # type: ignore[call-arg]

        assert (str(too_many), str(too_few), too_few.argument) == (
            (
                "Observation() takes at most 5 positional arguments (metric, at, value, "
                "ref, dims), got 6; its fields: metric, at, value, ref, dims"
            ),
            (
                "Observation() is missing the required fields 'at', 'value'; its "
                "fields: metric, at, value, ref, dims"
            ),
            "at",
        )

    def test_policy_and_waiver(self) -> None:
        """A policy's threshold misspelt, a waiver given its fields in order."""
        policy = _refusal(lambda: Policy(max_growht=2))  # type: ignore[call-arg]
        waiver = _refusal(lambda: Waiver("MC101", "goal:g", "agreed"))  # type: ignore[call-arg]

        assert (policy.argument, "(did you mean 'max_growth'?)" in str(policy)) == (
            "max_growht",
            True,
        )
        assert str(waiver) == (
            "Waiver() takes its fields as keywords, Waiver(code=..., subject=..., "
            "reason=..., until=...), got 3 positional arguments; its fields: code, "
            "subject, reason, until"
        )

    def test_a_changed_copy(self, agreement: model.Agreement) -> None:
        """``attrs.evolve`` with a misspelt field is told as the class's call is."""
        error = _refusal(lambda: attrs.evolve(agreement, titel="New"))  # type: ignore[call-arg]

        assert (error.argument, "(did you mean 'title'?)" in str(error)) == (
            "titel",
            True,
        )


#: Every class whose construction is checked so, by its first field.
_CLASSES = [
    cls
    for cls in (
        *(getattr(model, name) for name in model.__all__),
        Bands,
        Policy,
        Rule,
        Waiver,
    )
    if isinstance(cls, type) and attrs.has(cls)
]


@pytest.mark.parametrize("cls", _CLASSES, ids=[cls.__name__ for cls in _CLASSES])
def test_every_value_names_a_misspelt_field(cls: type) -> None:
    """Each value of the model, a policy, a rule, a waiver and the bands alike."""
    field = next(f for f in attrs.fields(cls) if f.init)
    name = field.alias or field.name
    slip = name.upper()
    error = _refusal(lambda: cls(**{slip: 1}))

    assert (error.argument, f"(did you mean {name!r}?)" in str(error)) == (slip, True)


class TestScenarios:
    """The scenario's values, built by hand, say the same."""

    def test_driver_and_assumptions(self) -> None:
        """A driver's field, and the assumptions' rates, misspelt."""
        driver = _refusal(
            lambda: Driver(contribution="c", metrc="m", per_thousand=Fixed(1))  # type: ignore[call-arg]
        )
        assumptions = _refusal(lambda: Assumptions(rate={}))  # type: ignore[call-arg]

        assert (driver.argument, assumptions.argument) == ("metrc", "rate")
        assert "(did you mean 'rates'?)" in str(assumptions)

    def test_scenario_and_triangular(self) -> None:
        """A scenario's name misspelt; a triangle given two numbers of three."""
        scenario = _refusal(lambda: Scenario(nam="plan"))  # type: ignore[call-arg]
        triangle = _refusal(lambda: Triangular(1, 2))  # type: ignore[call-arg]

        assert str(scenario) == (
            "Scenario() got an unexpected keyword argument 'nam' (did you mean "
            "'name'?); is missing the required field 'agreement'; its fields: "
            "name, agreement, assumptions, baseline"
        )
        assert str(triangle) == (
            "Triangular() is missing the required field 'high'; its fields: low, "
            "mode, high"
        )

    def test_a_refusal_inside_is_kept(self) -> None:
        """A check inside the constructor raises its own error, as before."""
        with pytest.raises(ArgumentError) as caught:
            Driver(contribution=1, metric="m", per_thousand=Fixed(1))  # type: ignore[arg-type]

        assert str(caught.value) == "Driver.contribution is a str, got int 1"


def test_a_well_formed_call_is_built() -> None:
    """Positional and keyword arguments as the fields take them build the value."""
    values: list[Any] = [
        Observation("m", dt.date(2026, 1, 1), 1, "r1", {"a": "b"}),
        Bands(on_track_ratio="1.1"),
        Triangular(1, 2, high=3),
    ]

    assert [v.ref if isinstance(v, Observation) else v for v in values] == [
        "r1",
        Bands(on_track_ratio=D("1.1")),
        Triangular(low=1, mode=2, high=3),
    ]
