"""The catalogue is declared once per rule; codes, severities and messages derive from it."""

from __future__ import annotations

from typing import cast

import pytest

from mutualcommit.rules import (
    CODES,
    MESSAGES,
    RULES,
    CatalogueRule,
    Policy,
    PolicyError,
    Severity,
)


class TestDeclarations:
    """Every rule carries its code, severity, summary and templates together."""

    def test_order_and_codes(self) -> None:
        """The rules run in code order, each code once, from MC101 to MC700."""
        codes = [r.code for r in RULES]

        assert (sorted(set(codes)), "MC101", "MC700", 42) == (
            codes,
            codes[0],
            codes[-1],
            len(codes),
        )

    def test_codes_and_messages_derive(self) -> None:
        """CODES and MESSAGES hold exactly each rule's severity and templates."""
        assert (
            {r.code: r.severity for r in RULES},
            {r.code: dict(r.messages) for r in RULES},
        ) == (dict(CODES), {c: dict(t) for c, t in MESSAGES.items()})

    def test_codes_and_messages_are_read_only(self) -> None:
        """A write to CODES or MESSAGES (at either level) fails: no Policy sees a code registered."""
        writable: list[object] = [CODES, MESSAGES, MESSAGES["MC101"]]

        for mapping in writable:
            with pytest.raises(TypeError, match="does not support item assignment"):
                cast("dict[str, object]", mapping)["MC999"] = Severity.ERROR
        with pytest.raises(PolicyError, match="MC999"):
            Policy(severities={"MC999": Severity.ERROR})
        assert "MC999" not in CODES

    @pytest.mark.parametrize("declared", RULES, ids=lambda r: r.code)
    def test_summary(self, declared: CatalogueRule) -> None:
        """Each rule's title is one sentence."""
        assert (True, True) == (
            declared.title.endswith("."),
            declared.title[0].isupper() or declared.title[0] == "`",
        )

    def test_worked_declaration(self) -> None:
        """MC101 is an error about goals, its template naming the goal and title."""
        (mc101,) = [r for r in RULES if r.code == "MC101"]

        assert (Severity.ERROR, ("goal",), None) == (
            mc101.severity,
            tuple(mc101.messages),
            mc101.case,
        )
        assert (
            mc101.title
            == "A goal has no target: it is vague, nobody can tell whether it was reached."
        )

    def test_cases(self) -> None:
        """MC304 picks its template by standing, MC303 by how it was held, MC601 and MC604 by outcome kind, MC211 by cost, MC208 by payment, MC501 by direction, MC110 and MC310 by edge, MC402 by change, MC108 and MC308 by what is missing, MC605 by the field slipped."""
        assert {
            "MC108": "missing",
            "MC110": "edge",
            "MC208": "claim_state",
            "MC211": "cost_kind",
            "MC303": "held",
            "MC304": "standing",
            "MC307": "bound",
            "MC308": "missing",
            "MC310": "edge",
            "MC402": "change",
            "MC501": "direction",
            "MC601": "outcome_kind",
            "MC604": "basis_kind",
            "MC605": "field",
        } == {r.code: r.case for r in RULES if r.case is not None}
