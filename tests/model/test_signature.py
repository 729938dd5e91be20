"""What help() and the reference show of a class: its defaults and what each field takes."""

from __future__ import annotations

import importlib
import inspect
import pydoc
import re

import attrs
import pytest

import mutualcommit
from mutualcommit import Agreement, Observation, Target
from mutualcommit.model import readable_signature
from mutualcommit.portfolio import FundTotals, PortfolioSummary
from mutualcommit.rules import Policy
from mutualcommit.scenarios import Scenario

_PACKAGES = (
    "mutualcommit",
    "mutualcommit.kpi",
    "mutualcommit.rules",
    "mutualcommit.scenarios",
    "mutualcommit.portfolio",
    "mutualcommit.calendar",
)


def _public_classes() -> list[type]:
    """Every public attrs class, once."""
    found: dict[type, None] = {}
    for package in _PACKAGES:
        module = importlib.import_module(package)
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type) and attrs.has(value):
                found[value] = None
    return list(found)


def _shown(cls: type) -> dict[str, tuple[str, str]]:
    """Each parameter of *cls*'s signature: (annotation, default) as written."""
    return {
        name: (
            str(parameter.annotation),
            "" if parameter.default is parameter.empty else repr(parameter.default),
        )
        for name, parameter in inspect.signature(cls).parameters.items()
    }


class TestDefaults:
    """A default reads as the value it is."""

    def test_factories_show_what_they_make(self) -> None:
        """dims={}, fiscal_calendar=FiscalCalendar(), disabled=frozenset(), bands=Bands()."""
        assert ("{}", "FiscalCalendar()", "frozenset()", "Bands()", "{}") == (
            _shown(Observation)["dims"][1],
            _shown(Agreement)["fiscal_calendar"][1],
            _shown(Policy)["disabled"][1],
            _shown(Policy)["bands"][1],
            _shown(FundTotals)["requests"][1],
        )

    def test_members_and_values(self) -> None:
        """An enum member by its name, a tuple, a decimal and None as Python writes them."""
        shown = _shown(Target)

        assert ("Period.TERM", "()", "None", "Decimal('4')") == (
            shown["per"][1],
            shown["steps"][1],
            shown["baseline"][1],
            _shown(Policy)["max_funding_ratio"][1],
        )

    def test_a_default_made_from_other_fields(self) -> None:
        """A default computed from the instance is ``...``, explained in the docstring."""
        assert ("...", "...") == (
            _shown(Scenario)["baseline"][1],
            _shown(PortfolioSummary)["reports_with_errors"][1],
        )

    def test_required_fields_have_none(self) -> None:
        """A field with no default shows none, and keeps its place and kind."""
        parameters = inspect.signature(Target).parameters

        assert (
            [
                "metric",
                "value",
                "direction",
                "per",
                "baseline",
                "due",
                "steps",
                "where",
            ],
            {inspect.Parameter.KEYWORD_ONLY},
            parameters["value"].default is inspect.Parameter.empty,
        ) == (
            list(parameters),
            {parameter.kind for parameter in parameters.values()},
            True,
        )


class TestAccepted:
    """A converting field is annotated with what it takes, not ``object``."""

    def test_decimals_enums_and_sequences(self) -> None:
        """value: Decimal | int | str; direction: Direction | str; steps: Iterable[Step]."""
        shown = _shown(Target)

        assert (
            "Decimal | int | str",
            "Direction | str",
            "Period | str",
            "Decimal | int | str | None",
            "Iterable[Step]",
            "Mapping[str, str] | None",
        ) == (
            shown["value"][0],
            shown["direction"][0],
            shown["per"][0],
            shown["baseline"][0],
            shown["steps"][0],
            shown["where"][0],
        )

    def test_observation_and_agreement(self) -> None:
        """An observation's value may be None; an agreement's parties any iterable."""
        assert ("Decimal | int | str | None", "Iterable[Party]") == (
            _shown(Observation)["value"][0],
            _shown(Agreement)["parties"][0],
        )

    def test_a_sequence_marked_by_its_converter(self) -> None:
        """A field of ``nfc_texts`` takes an Iterable[str]."""
        assert "Iterable[str]" == _shown(mutualcommit.ActionItem)["exceptions"][0]


def _unwrapped(text: str) -> str:
    """Return *text* without white space and help()'s ``|`` margin."""
    return re.sub(r"[\s|]+", "", text)


class TestEveryClass:
    """No public class shows attrs' sentinel or an ``object`` annotation."""

    @pytest.mark.parametrize("cls", _public_classes(), ids=lambda cls: cls.__name__)
    def test_help_reads_well(self, cls: type) -> None:
        """The signature help(cls) shows has no ``NOTHING`` and no ``'object'`` annotation."""
        signature = str(inspect.signature(cls))
        # Python 3.13's help() wraps a long signature, a parameter a line,
        # behind the class's " |  " margin: compare without either.
        text = _unwrapped(pydoc.plain(pydoc.render_doc(cls)))

        assert (True, False, False) == (
            _unwrapped(f"{cls.__name__}{signature}") in text,
            "NOTHING" in signature,
            "'object'" in signature,
        )


class TestReadableSignature:
    """readable_signature works on any attrs class, made on first use."""

    def test_a_class_of_ones_own(self) -> None:
        """A factory's empty dict shows {}, a plain default itself."""
        made = readable_signature(
            attrs.make_class(
                "Made",
                {
                    "tags": attrs.field(factory=dict),
                    "count": attrs.field(default=3),
                },
                kw_only=True,
            )
        )

        assert "(*, tags={}, count=3)" == str(inspect.signature(made))
