"""assert_findings: what a check found, exactly, at least, or not at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mutualcommit import Agreement, Report, check, loads
from mutualcommit.rules import Policy, Waiver
from mutualcommit.scenarios import scale_allocation
from mutualcommit.testing import assert_findings

AS_OF = dt.date(2026, 7, 31)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def plan() -> Agreement:
    """The IT case as signed: compliant at the mid-year review."""
    return loads((EXAMPLES / "it_vendor" / "agreement.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def over(plan: Agreement) -> Report:
    """MDF +50 %: Acme over capacity (MC204), both signatures stale (MC402)."""
    return check(scale_allocation(plan, "acme-mdf-budget", "1.5"), as_of=AS_OF)


class TestExactly:
    """codes= is the exact set: nothing missing, nothing else."""

    def test_passes_and_returns_the_findings(self, over: Report) -> None:
        """The three errors match by code and by code and subject."""
        found = assert_findings(over, codes=["MC204", "MC402"])

        assert ["MC204", "MC402", "MC402"] == [f.code for f in found]
        assert_findings(
            over,
            codes=[
                ("MC204", "party:acme"),
                ("MC402", "signature:acme"),
                ("MC402", "signature:globex"),
            ],
        )

    def test_nothing(self, plan: Agreement) -> None:
        """codes=() asserts a clean report."""
        assert () == assert_findings(check(plan, as_of=AS_OF), codes=())

    def test_message(self, over: Report) -> None:
        """The message lists expected, found, missing, unexpected and each finding."""
        with pytest.raises(AssertionError) as raised:
            assert_findings(over, codes=["MC204", "MC201"])

        lines = str(raised.value).splitlines()
        assert [
            "the findings of agreement acme-globex-2026 as of 2026-07-31 do not match:",
            "  expected exactly: MC204, MC201",
            "  found: MC204 party:acme, MC402 signature:acme, MC402 signature:globex",
            "  missing: MC201",
            "  unexpected: MC402 signature:acme, MC402 signature:globex",
        ] == lines[:5]
        assert lines[5].startswith(
            "  error MC204 party:acme at parties[0].capacity[0]: "
        )
        assert 8 == len(lines)

    def test_subject_must_match(self, over: Report) -> None:
        """A code with another subject is missing, and the finding unexpected."""
        with pytest.raises(AssertionError, match="missing: MC204 party:globex"):
            assert_findings(over, codes=[("MC204", "party:globex"), "MC402"])


class TestIncludeExclude:
    """include= is a subset, exclude= what must not be found."""

    def test_subset(self, over: Report) -> None:
        """Other findings do not matter to include."""
        assert_findings(over, include=[("MC204", "party:acme")])

    def test_missing(self, over: Report) -> None:
        """A code not found is named."""
        with pytest.raises(AssertionError, match=r"(?m)^  missing: MC301$"):
            assert_findings(over, include=["MC204", "MC301"])

    def test_a_pair_passed_bare(self, over: Report) -> None:
        """``include=("MC204", "party:acme")`` is two codes: refused, with the pair to pass.

        It was reported missing ``party:acme``, as if that were a code.
        """
        with pytest.raises(
            ValueError,
            match=(
                r"^include\[1\] is a code such as MC204, got 'party:acme'; a "
                r"\(code, subject\) pair goes in a collection: pass "
                r"\[\('MC204', 'party:acme'\)\]$"
            ),
        ):
            assert_findings(over, include=("MC204", "party:acme"))

    @pytest.mark.parametrize(
        ("argument", "code", "message"),
        [
            (
                "exclude",
                "mc204",
                "no rule 'mc204' in the catalogue, whose codes are upper case (did you mean 'MC204'?)",
            ),
            (
                "exclude",
                "MC2O4",
                "no rule 'MC2O4' in the catalogue (did you mean 'MC204'?)",
            ),
            ("include", "MC9999", "no rule 'MC9999' in the catalogue"),
            (
                "codes",
                "Mc204",
                "no rule 'Mc204' in the catalogue, whose codes are upper case (did you mean 'MC204'?)",
            ),
        ],
    )
    def test_a_code_of_no_rule(
        self, over: Report, argument: str, code: str, message: str
    ) -> None:
        """A catalogue-looking code no rule has is refused: excluded, it would pass forever."""
        with pytest.raises(ValueError, match="no rule") as raised:
            assert_findings(over, **{argument: [code]})  # type: ignore[arg-type]

        assert f"{argument}[0]: {message}" == str(raised.value)

    def test_own_codes_are_taken(self, over: Report) -> None:
        """A code outside the catalogue's prefix may be a policy's own rule's: not found, not refused."""
        assert_findings(over, exclude=["ACME-7"])

    def test_a_pair_about_the_agreement_passed_bare(self, over: Report) -> None:
        """``exclude=("MC200", "agreement")`` was two codes and passed whatever was found."""
        with pytest.raises(ValueError, match=r"pass \[\('MC200', 'agreement'\)\]$"):
            assert_findings(over, exclude=("MC200", "agreement"))

    def test_exclude(self, over: Report) -> None:
        """An excluded code that was found is unexpected."""
        assert_findings(over, exclude=["MC301"])
        with pytest.raises(AssertionError, match="unexpected: MC204 party:acme"):
            assert_findings(over, exclude=["MC204"])


class TestSeverityAndWaivers:
    """severity= narrows what counts; waived findings never count."""

    def test_severity(self, over: Report) -> None:
        """No warning was found, so no warning code is expected."""
        assert () == assert_findings(over, codes=(), severity="warning")
        with pytest.raises(AssertionError, match=r"^the warning findings of"):
            assert_findings(over, include=["MC204"], severity="warning")

    def test_bad_severity(self, over: Report) -> None:
        """A severity that is none is refused, with the severities there are."""
        with pytest.raises(ValueError, match="'fatal'"):
            assert_findings(over, codes=(), severity="fatal")
        with pytest.raises(
            ValueError,
            match=r"^severity: expected one of 'error', 'warning', 'info', got str 'ERROR' \(did you mean 'error'\?\)$",
        ):
            assert_findings(over, codes=(), severity="ERROR")

    def test_waived(self, plan: Agreement) -> None:
        """A waived finding is not found."""
        policy = Policy(
            waivers=(
                Waiver(code="MC204", subject="party:acme", reason="Board approved"),
            )
        )
        report = check(
            scale_allocation(plan, "acme-mdf-budget", "1.5"), as_of=AS_OF, policy=policy
        )

        assert_findings(report, codes=["MC402"])

    def test_missing_but_waived_says_so(self, plan: Agreement) -> None:
        """An expected finding a waiver silenced is named as waived, not only missing.

        Else the plan is debugged when the policy is what silenced it.
        """
        policy = Policy(
            waivers=(
                Waiver(code="MC204", subject="party:acme", reason="Board approved"),
            )
        )
        report = check(
            scale_allocation(plan, "acme-mdf-budget", "1.5"), as_of=AS_OF, policy=policy
        )

        with pytest.raises(AssertionError) as caught:
            assert_findings(report, include=[("MC204", "party:acme")])

        lines = str(caught.value).splitlines()
        assert "  missing: MC204 party:acme" in lines
        assert (
            "  MC204 party:acme was found and waived: error MC204 party:acme" in lines
        )

    def test_missing_of_another_severity_says_so(self, over: Report) -> None:
        """An expected finding left out by severity= is named with its severity."""
        with pytest.raises(AssertionError) as caught:
            assert_findings(over, include=["MC204"], severity="warning")

        assert (
            "  MC204 was found as another severity: error MC204 party:acme"
            in str(caught.value).splitlines()
        )


class TestNothingExpected:
    """A call that expects nothing would pass whatever was found: it is refused."""

    def test_a_bare_call(self, over: Report) -> None:
        """``assert_findings(report)`` passed a report of three errors."""
        with pytest.raises(TypeError) as raised:
            assert_findings(over)

        assert (
            "assert_findings() was given nothing to expect, and would pass "
            "whatever was found: pass codes=[] to assert that no finding was "
            "found, codes=[...] for exactly these, include=[...] for at least "
            "these or exclude=[...] for none of these"
        ) == str(raised.value)

    def test_a_severity_alone(self, over: Report) -> None:
        """``severity="error"`` alone read as "no errors", and passed three.

        The refusal names ``codes=[]``, which asserts just that. A severity
        that is none is still told as such.
        """
        with pytest.raises(TypeError) as refused:
            assert_findings(over, severity="error")
        with pytest.raises(AssertionError) as failed:
            assert_findings(over, codes=[], severity="error")
        with pytest.raises(ValueError, match=r"^severity: expected one of"):
            assert_findings(over, severity="fatal")

        assert "pass codes=[] to assert that no error finding was found" in str(
            refused.value
        )
        assert [
            "the error findings of agreement acme-globex-2026 as of 2026-07-31 do not match:",
            "  expected exactly: nothing",
            "  found: MC204 party:acme, MC402 signature:acme, MC402 signature:globex",
            "  unexpected: MC204 party:acme, MC402 signature:acme, MC402 signature:globex",
        ] == str(failed.value).splitlines()[:4]

    @pytest.mark.parametrize(
        "empty",
        [{"include": []}, {"exclude": ()}, {"include": iter(()), "exclude": []}],
        ids=["include", "exclude", "both"],
    )
    def test_empty_collections(self, over: Report, empty: dict[str, Any]) -> None:
        """Empty ``include`` and ``exclude`` (a list built from nothing) expect nothing too."""
        with pytest.raises(TypeError, match=r"^assert_findings\(\) was given nothing"):
            assert_findings(over, **empty)
