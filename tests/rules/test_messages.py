"""The catalogue's message templates, picked by subject and by case."""

from __future__ import annotations

import string

import pytest

from mutualcommit.rules import RULES, format_message, template_key

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
            '"Co-sell opportunities" was off track in FY2026-Q1, and no action '
            "item of that review names it; record an action item for it."
        ) == format_message("MC304", "contribution:C1", PARAMS)


#: Every template that names a window, with its code, key and fields.
WINDOWED = [
    (rule.code, key, template)
    for rule in RULES
    for key, template in rule.messages.items()
    if "{window}" in template
]


class TestTheWholeTerm:
    """A window param of ``term`` reads as the term in every English message."""

    def test_worked_case(self) -> None:
        """MC304 about the term: "off track in the term", the params unchanged."""
        params = {**PARAMS, "window": "term"}

        assert (
            "At review R2 on 2026-04-03, contribution C1 "
            '"Co-sell opportunities" was off track in the term, and no action '
            "item of that review names it; record an action item for it."
        ) == format_message("MC304", "contribution:C1", params)
        assert "term" == params["window"]

    @pytest.mark.parametrize(
        ("code", "key", "template"), WINDOWED, ids=[f"{c}-{k}" for c, k, _ in WINDOWED]
    )
    def test_every_template(self, code: str, key: str, template: str) -> None:
        """The term is "the term", a fiscal period its label, in each template with a window."""
        rule = next(r for r in RULES if r.code == code)
        params: dict[str, object] = {
            name: f"x-{name}"
            for _, name, _, _ in string.Formatter().parse(template)
            if name
        }
        subject, _, case = key.partition(".")
        if rule.case is not None:
            params[rule.case] = case

        term = format_message(code, f"{subject}:x", {**params, "window": "term"})
        quarter = format_message(
            code, f"{subject}:x", {**params, "window": "FY2027-Q1"}
        )

        assert "FY2027-Q1" in quarter
        assert quarter.replace("FY2027-Q1", "the term") == term


class TestWithoutATemplate:
    """A code without a template, or params a template cannot be filled from, is named, never a bare KeyError."""

    def test_own_rule_has_no_key(self) -> None:
        """A policy's own code has no template key: None, so the finding's message is kept."""
        assert template_key("ACME1", "goal:G1", {"goal": "G1"}) is None

    def test_own_rule_cannot_be_formatted(self) -> None:
        """format_message of a policy's own code is a ValueError naming it."""
        with pytest.raises(ValueError, match=r"^ACME1 is not a rule of the catalogue"):
            format_message("ACME1", "goal:G1", {})

    def test_case_param_missing(self) -> None:
        """A case rule without its case param is a ValueError naming the code and the param."""
        with pytest.raises(ValueError, match="MC304") as raised:
            template_key("MC304", "goal:G1", {"goal": "G1"})
        assert (
            "MC304 picks its template by the param 'standing', which the params "
            "lack (they have: goal)"
        ) == str(raised.value)

    def test_unknown_subject_kind(self) -> None:
        """A subject kind the rule has no template for is a ValueError listing its templates."""
        with pytest.raises(ValueError, match=r"MC101 has no template 'bogus'.*goal"):
            format_message("MC101", "bogus:x", {})

    def test_param_missing(self) -> None:
        """A param the template fills that the params lack is a ValueError naming it."""
        params = {k: v for k, v in PARAMS.items() if k != "window"}
        with pytest.raises(ValueError, match="MC304") as raised:
            format_message("MC304", "contribution:C1", params)
        assert (
            "MC304 template 'contribution.off_track' fills 'window', which the params lack"
            == str(raised.value)
        )


class TestDocumentedCases:
    """template_key's docstring names every rule declared with a case, so it cannot go stale."""

    def test_docstring(self) -> None:
        """Each code whose CatalogueRule has a case is in the docstring (when docstrings are kept)."""
        if template_key.__doc__ is None:
            pytest.skip("docstrings dropped (python -OO)")
        cased = [r.code for r in RULES if r.case is not None]
        assert [] == [code for code in cased if code not in template_key.__doc__]
