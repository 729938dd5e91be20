"""The catalogue's message templates, picked by subject and by case."""

from __future__ import annotations

from mutualcommit.rules import format_message, template_key

#: The parameters of an MC304 finding about contribution C1.
PARAMS = {
    "review": "R2",
    "held_on": "2026-04-03",
    "contribution": "C1",
    "title": "Co-sell opportunities",
    "standing": "off_track",
    "window": "FY2026-Q1",
}


class TestTemplates:
    """A rule with a case parameter picks its template by subject kind and case."""

    def test_template_key(self) -> None:
        """The subject's kind, then the case parameter's value for MC304 only."""
        assert "contribution.off_track" == template_key(
            "MC304", "contribution:C1", PARAMS
        )
        assert "goal" == template_key("MC101", "goal:G1", {})

    def test_format_message(self) -> None:
        """MC304's off-track sentence, filled in."""
        assert (
            "At review R2 on 2026-04-03, contribution C1 "
            '"Co-sell opportunities" was off track in FY2026-Q1 and no action '
            "item of that review names it; record an action item for it."
        ) == format_message("MC304", "contribution:C1", PARAMS)
