"""How a catalogue rule is declared: the rule() decorator builds a CatalogueRule.

The catalogue's own rules are declared when their modules are imported; these
tests declare throwaway rules, so that what the decorator builds is checked
when the tests run.
"""

from __future__ import annotations

from collections.abc import Iterator

from mutualcommit.model import FrozenDict
from mutualcommit.rules import CatalogueRule, Context, Finding, Severity
from mutualcommit.rules._rule import rule


def _quiet(context: Context) -> Iterator[Finding]:
    """A docstring that is not the rule's title."""
    del context
    return iter(())


class TestRuleDecorator:
    """rule() keeps everything said about a rule, its title too."""

    def test_everything_given(self) -> None:
        """Code, severity, title, templates, case, last and needs are kept as given."""
        declared = rule(
            "ZZ901",
            Severity.WARNING,
            title="A rule that finds nothing.",
            messages={"goal.missed": "Goal {goal} missed.", "goal.met": "Met."},
            case="standing",
            last=True,
            needs="observations",
        )(_quiet)

        assert (
            CatalogueRule(
                code="ZZ901",
                severity=Severity.WARNING,
                title="A rule that finds nothing.",
                messages=FrozenDict(
                    {"goal.missed": "Goal {goal} missed.", "goal.met": "Met."}
                ),
                check=_quiet,
                case="standing",
                last=True,
                needs="observations",
            )
            == declared
        )
        assert (FrozenDict, _quiet) == (type(declared.messages), declared.check)

    def test_defaults(self) -> None:
        """Without case, last or needs: none, not last, nothing needed."""
        declared = rule(
            "ZZ902", Severity.INFO, title="Never.", messages={"agreement": "Text."}
        )(_quiet)

        assert ("ZZ902", Severity.INFO, "Never.", None, False, None) == (
            declared.code,
            declared.severity,
            declared.title,
            declared.case,
            declared.last,
            declared.needs,
        )

    def test_call_runs_the_check(self) -> None:
        """Calling the rule calls its function with the context."""
        seen: list[object] = []

        def check(context: Context) -> Iterator[Finding]:
            seen.append(context)
            return iter(())

        declared = rule("ZZ903", Severity.INFO, title="Never.", messages={})(check)
        marker = object()
        assert ([], [marker]) == (list(declared(marker)), seen)  # type: ignore[arg-type]

    def test_finding(self) -> None:
        """A declared rule's finding picks its template by subject kind and case."""
        declared = rule(
            "ZZ904",
            Severity.ERROR,
            title="A goal missed.",
            messages={"goal.missed": "Goal {goal} missed {window}."},
            case="standing",
        )(_quiet)

        assert Finding(
            code="ZZ904",
            severity=Severity.ERROR,
            subject="goal:G1",
            path="goals[0]",
            message="Goal G1 missed FY2026-Q1.",
            params={"goal": "G1", "standing": "missed", "window": "FY2026-Q1"},
        ) == declared.finding(
            "goal:G1", "goals[0]", goal="G1", standing="missed", window="FY2026-Q1"
        )
