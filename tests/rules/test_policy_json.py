import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from mutualcommit.errors import FormatError
from mutualcommit.kpi import Bands
from mutualcommit.model import Agreement
from mutualcommit.rules import (
    DEFAULT_POLICY,
    Context,
    Finding,
    Policy,
    Rule,
    Severity,
    Waiver,
    policy_from_dict,
    policy_from_json,
    policy_to_dict,
    policy_to_json,
)


def _nothing(_agreement: Agreement, _context: Context) -> Iterator[Finding]:
    return iter(())


POLICY = Policy(
    max_funding_ratio=Decimal("2.5"),
    review_grace_days=7,
    severities={"MC205": Severity.ERROR, "ACME1": Severity.INFO},
    disabled=frozenset({"MC107"}),
    waivers=(
        Waiver(
            code="MC203",
            subject="fiscal-year:FY2026",
            reason="Launch year: the vendor funds the ramp-up",
            until=dt.date(2026, 12, 31),
        ),
        Waiver(code="MC101", subject="goal:G9", reason="Brand goal, measured later"),
    ),
)


class TestRoundTrip:
    """A policy round-trips through JSON, all but its own rules."""

    def test_round_trip(self) -> None:
        """Thresholds, severities, disabled codes and waivers survive."""
        assert POLICY == policy_from_json(policy_to_json(POLICY))

    def test_default(self) -> None:
        """An empty object is the default policy."""
        assert DEFAULT_POLICY == policy_from_json("{}")

    def test_rules_stay_behind(self) -> None:
        """Own rules are code: they are not written."""
        rule = Rule(code="ACME1", severity=Severity.INFO, check=_nothing)
        policy = Policy(rules=(rule,))
        assert DEFAULT_POLICY == policy_from_json(policy_to_json(policy))

    def test_bands(self) -> None:
        """The policy's Bands are the three top-level keys, written and read back."""
        policy = Policy(bands=Bands(at_risk_ratio="0.7", min_elapsed="0.1"))  # type: ignore[arg-type]  # decimal strings are converted
        data = policy_to_dict(policy)

        assert (("1.0", "0.7", "0.1"), policy) == (
            (data["on_track_ratio"], data["at_risk_ratio"], data["min_elapsed"]),
            policy_from_json(policy_to_json(policy)),
        )

    def test_one_band_key_keeps_the_other_defaults(self) -> None:
        """A file that names only min_elapsed gets the default ratios."""
        policy = policy_from_json('{"min_elapsed": "0.5"}')

        assert Bands(min_elapsed=Decimal("0.5")) == policy.bands

    def test_numbers(self) -> None:
        """Decimals are read from JSON numbers too."""
        assert Decimal("2.5") == policy_from_json('{"max_growth": 2.5}').max_growth


class TestProblems:
    """Bad input is a FormatError listing every problem with its JSON path."""

    def test_every_problem(self) -> None:
        """Unknown keys, bad values and missing waiver fields are all listed."""
        text = """{
            "format_version": 2,
            "max_growth": "lots",
            "rules": [],
            "severities": {"MC101": "fatal"},
            "waivers": [{"code": "MC101", "until": "2026-02-30"}]
        }"""
        with pytest.raises(FormatError) as raised:
            policy_from_json(text)
        assert [
            "$.rules",
            "$.format_version",
            "$.max_growth",
            "$.severities.MC101",
            "$.waivers[0].subject",
            "$.waivers[0].reason",
            "$.waivers[0].until",
        ] == [path for path, _ in raised.value.problems]

    def test_policy_rules(self) -> None:
        """The policy's own checks come with JSON paths too."""
        with pytest.raises(FormatError) as raised:
            policy_from_json('{"disabled": ["MC999"], "min_elapsed": "2"}')
        assert [
            ("$.min_elapsed", "expected a value from 0 to 1, got 2"),
            ("$.disabled", "no rule 'MC999' in the catalogue"),
        ] == list(raised.value.problems)

    def test_not_json(self) -> None:
        """Text that is not JSON is one problem at the root."""
        with pytest.raises(FormatError) as raised:
            policy_from_json("{")
        assert ["$"] == [path for path, _ in raised.value.problems]


class TestHostileNumbers:
    """Numbers no Decimal can hold, or out of a policy's bounds, are FormatErrors."""

    @pytest.mark.parametrize(
        ("text", "path", "message"),
        [
            ('{"max_growth": 1e99999999999999999999}', "$", "out of range"),
            ('{"max_growth": "1e400"}', "$.max_growth", "magnitude below 10^15"),
            ('{"review_grace_days": 3000000}', "$.review_grace_days", "to 36525"),
            ('{"max_review_gap_days": 1e30}', "$.max_review_gap_days", "integer"),
        ],
    )
    def test_refused(self, text: str, path: str, message: str) -> None:
        """Each is one problem at its path."""
        with pytest.raises(FormatError) as raised:
            policy_from_json(text)

        [(found, problem)] = raised.value.problems
        assert path == found
        assert message in problem

    def test_did_you_mean(self) -> None:
        """A misspelt key is named with the key it is closest to."""
        with pytest.raises(FormatError) as raised:
            policy_from_json('{"max_revew_gap_days": 3}')

        [(path, problem)] = raised.value.problems
        assert "$.max_revew_gap_days" == path
        assert problem.endswith("(did you mean 'max_review_gap_days'?)")

    def test_huge_format_version(self) -> None:
        """A format version of 5000 digits is described, not written out."""
        with pytest.raises(FormatError) as raised:
            policy_from_dict({"format_version": 10**5000})

        [(path, problem)] = raised.value.problems
        assert "$.format_version" == path
        assert "an integer of 16610 bits" in problem
