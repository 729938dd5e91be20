import datetime as dt
import gzip
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from tests.conftest import NONBLANK_SURROGATE_TEXT

from mutualcommit.errors import FormatError
from mutualcommit.kpi import Bands
from mutualcommit.model import Agreement
from mutualcommit.rules import (
    DEFAULT_POLICY,
    Context,
    Finding,
    Policy,
    PolicyError,
    Rule,
    Severity,
    Waiver,
    policy_from_dict,
    policy_from_json,
    policy_to_dict,
    policy_to_json,
)
from mutualcommit.serialize import loads


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

    def test_byte_order_mark(self) -> None:
        """A file saved with a byte order mark reads alike, as text or bytes."""
        marked = "\ufeff" + policy_to_json(POLICY)

        assert (POLICY, POLICY) == (
            policy_from_json(marked),
            policy_from_json(marked.encode()),
        )

    def test_rules_stay_behind(self) -> None:
        """Own rules are code: they are not written."""
        rule = Rule(code="ACME1", severity=Severity.INFO, check=_nothing)
        policy = Policy(rules=(rule,))
        assert DEFAULT_POLICY == policy_from_json(policy_to_json(policy))

    def test_bands(self) -> None:
        """The policy's Bands are the three top-level keys, written and read back."""
        policy = Policy(
            bands=Bands(at_risk_ratio="0.7", min_elapsed="0.1")
        )  # decimal strings are converted
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


class TestLoneSurrogateLaw:
    """A policy built with any waiver text is saved and read back, or refused when built."""

    @given(NONBLANK_SURROGATE_TEXT, NONBLANK_SURROGATE_TEXT)
    def test_saved_and_read_back_or_refused(self, subject: str, reason: str) -> None:
        """Written as UTF-8, as a file holds it, and read back equal."""
        waiver = Waiver(code="MC101", subject=subject, reason=reason)
        if any("\ud800" <= c <= "\udfff" for c in subject + reason):
            with pytest.raises(PolicyError) as raised:
                Policy(waivers=(waiver,))
            assert {m for _, m in raised.value.problems} == {
                "expected valid Unicode text, got a lone surrogate"
            }
            return
        policy = Policy(waivers=(waiver,))

        assert policy == policy_from_json(policy_to_json(policy).encode("utf-8"))


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
        """The policy's own checks come with JSON paths too: a disabled code at its index."""
        with pytest.raises(FormatError) as raised:
            policy_from_json('{"disabled": ["MC107", "MC999"], "min_elapsed": "2"}')
        assert [
            ("$.disabled[1]", "no rule 'MC999' in the catalogue"),
            ("$.min_elapsed", "expected a value from 0 to 1, got 2"),
        ] == list(raised.value.problems)

    def test_codes_that_need_quoting(self) -> None:
        """A severity's code with a dot or a space is a quoted key of the path, as every key is."""
        with pytest.raises(FormatError) as raised:
            policy_from_json('{"severities": {"mc.101": "error"}, "disabled": ["a b"]}')
        assert [
            ('$.severities["mc.101"]', "no rule 'mc.101' in the catalogue"),
            ("$.disabled[0]", "expected a code such as MC101, got 'a b'"),
        ] == list(raised.value.problems)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                '{"severities": {"mc306": "fatal"}}',
                [
                    (
                        "$.severities.mc306",
                        (
                            "no rule 'mc306' in the catalogue, whose codes are "
                            "upper case (did you mean 'MC306'?)"
                        ),
                    ),
                    (
                        "$.severities.mc306",
                        'expected one of "error", "warning", "info", got "fatal"',
                    ),
                ],
            ),
            (
                '{"waivers": [{"code": "MC999", "subject": "y"}]}',
                [
                    ("$.waivers[0].reason", "missing"),
                    ("$.waivers[0].code", "no rule 'MC999' in the catalogue"),
                ],
            ),
            (
                '{"waivers": [{"code": "MC306", "subject": "", "reason": 5}]}',
                [
                    ("$.waivers[0].reason", "expected a string, got 5"),
                    ("$.waivers[0].subject", "expected the subject of a finding"),
                ],
            ),
            (
                '{"waivers": [{"subject": "goal:\\ud800", "reason": "\\udc80"}]}',
                [
                    ("$.waivers[0].code", "missing"),
                    (
                        "$.waivers[0].subject",
                        "expected valid Unicode text, got a lone surrogate",
                    ),
                    (
                        "$.waivers[0].reason",
                        "expected valid Unicode text, got a lone surrogate",
                    ),
                ],
            ),
        ],
    )
    def test_one_problem_hides_no_other(
        self, text: str, expected: list[tuple[str, str]]
    ) -> None:
        """A bad severity, or a waiver that cannot be built, still has its code and texts judged in the same run."""
        with pytest.raises(FormatError) as raised:
            policy_from_json(text)
        assert expected == list(raised.value.problems)

    def test_near_misses_end_alike(self) -> None:
        """A code with a letter O for a zero ends with the code meant, as a severity's slip does."""
        text = """{
            "severities": {"MC203": "eror"},
            "waivers": [{"code": "MC2O3", "subject": "goal:g", "reason": "r"}]
        }"""

        assert [
            (
                "$.severities.MC203",
                (
                    'expected one of "error", "warning", "info", got "eror" '
                    '(did you mean "error"?)'
                ),
            ),
            (
                "$.waivers[0].code",
                "no rule 'MC2O3' in the catalogue (did you mean 'MC203'?)",
            ),
        ] == _problems(text)

    def test_the_policy_checks_what_was_read(self) -> None:
        """A key misspelt does not hide the policy's own problems: all come at once.

        The second waiver is the policy's first (the first could not be
        read), and its problem names its place in the document.
        """
        text = """{
            "max_funding_raito": "3",
            "review_grace_days": -5,
            "waivers": [
                {"code": 5, "subject": "goal:g", "reason": "r"},
                {"code": "MC410", "subject": "goal:g", "reason": ""}
            ]
        }"""
        with pytest.raises(FormatError) as raised:
            policy_from_json(text)
        assert [
            "$.max_funding_raito",
            "$.waivers[0].code",
            (
                "$.review_grace_days",
                "expected a whole number of days from 0 to 36525, got -5",
            ),
            ("$.waivers[1].code", "no rule 'MC410' in the catalogue"),
            ("$.waivers[1].reason", "expected the reason the exception was approved"),
        ] == [
            path if i < 2 else (path, message)
            for i, (path, message) in enumerate(raised.value.problems)
        ]

    @pytest.mark.parametrize("encode", [False, True], ids=["text", "bytes"])
    def test_a_lone_surrogate(self, encode: bool) -> None:
        """An escaped lone surrogate in a waiver is refused at its path, as built."""
        text = (
            '{"waivers": [{"code": "MC101", "subject": "goal:G1", '
            '"reason": "caf\\u00e9 \\ud800"}]}'
        )
        with pytest.raises(FormatError) as raised:
            policy_from_json(text.encode() if encode else text)
        assert [
            ("$.waivers[0].reason", "expected valid Unicode text, got a lone surrogate")
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
            (
                '{"max_review_gap_days": 1e30}',
                "$.max_review_gap_days",
                "from 1 to 36525, got 1E+30",
            ),
        ],
    )
    def test_refused(self, text: str, path: str, message: str) -> None:
        """Each is one problem at its path."""
        with pytest.raises(FormatError) as raised:
            policy_from_json(text)

        [(found, problem)] = raised.value.problems
        assert path == found
        assert message in problem

    def test_whole_numbers_as_written(self) -> None:
        """A day count or a version written 1E+5 or 2.0 is judged as its digits, named as written."""
        assert [
            (
                "$.format_version",
                "version 1E+2 is newer than this library reads (1); upgrade mutualcommit",
            ),
            (
                "$.max_review_gap_days",
                "expected a whole number of days from 1 to 36525, got 0.0",
            ),
            (
                "$.review_grace_days",
                "expected a whole number of days from 0 to 36525, got 1E+5",
            ),
        ] == _problems(
            '{"format_version": 1E+2, "review_grace_days": 1E+5,'
            ' "max_review_gap_days": 0.0}'
        )
        assert 30 == policy_from_json('{"review_grace_days": 3E+1}').review_grace_days

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


EVERY_FIELD = Policy(
    max_funding_ratio=Decimal("2.5"),
    max_review_gap_days=90,
    review_grace_days=7,
    max_growth=Decimal("1.50"),
    bands=Bands(
        on_track_ratio=Decimal("0.9"),
        at_risk_ratio=Decimal("0.7"),
        min_elapsed=Decimal("0.1"),
    ),
    max_expired_share=Decimal("0.2"),
    severities={"MC205": Severity.ERROR, "ACME1": Severity.INFO, "MC101": "warning"},
    disabled=frozenset({"MC107", "MC102", "ACME2"}),
    waivers=(
        Waiver(
            code="MC203",
            subject="fiscal-year:FY2026",
            reason="Ann\u00e9e de lancement",
            until=dt.date(2026, 12, 31),
        ),
        Waiver(code="MC101", subject="goal:G9", reason="Brand goal, measured later"),
    ),
)

EVERY_FIELD_JSON = """\
{
  "format": "mutualcommit.policy",
  "format_version": 1,
  "max_funding_ratio": "2.5",
  "max_review_gap_days": 90,
  "review_grace_days": 7,
  "max_growth": "1.50",
  "on_track_ratio": "0.9",
  "at_risk_ratio": "0.7",
  "min_elapsed": "0.1",
  "max_expired_share": "0.2",
  "severities": {
    "ACME1": "info",
    "MC101": "warning",
    "MC205": "error"
  },
  "disabled": [
    "ACME2",
    "MC102",
    "MC107"
  ],
  "waivers": [
    {
      "code": "MC203",
      "subject": "fiscal-year:FY2026",
      "reason": "Ann\u00e9e de lancement",
      "until": "2026-12-31"
    },
    {
      "code": "MC101",
      "subject": "goal:G9",
      "reason": "Brand goal, measured later"
    }
  ]
}
"""


def _problems(data: object) -> list[tuple[str, str]]:
    """The problems policy_from_dict (or policy_from_json, for text) reports."""
    read: Callable[[Any], Policy] = (
        policy_from_json if isinstance(data, str | bytes) else policy_from_dict
    )
    with pytest.raises(FormatError) as raised:
        read(data)
    return list(raised.value.problems)


class TestDocument:
    """policy_to_json writes every threshold, then sorted codes, then the waivers."""

    def test_every_field(self) -> None:
        """The whole document, indented by two, text kept as it is, a newline at the end."""
        assert EVERY_FIELD_JSON == policy_to_json(EVERY_FIELD)

    def test_default(self) -> None:
        """The default policy writes its thresholds and empty collections."""
        assert (
            "{\n"
            '  "format": "mutualcommit.policy",\n'
            '  "format_version": 1,\n'
            '  "max_funding_ratio": "4",\n'
            '  "max_review_gap_days": 100,\n'
            '  "review_grace_days": 14,\n'
            '  "max_growth": "3.0",\n'
            '  "on_track_ratio": "1.0",\n'
            '  "at_risk_ratio": "0.8",\n'
            '  "min_elapsed": "0.25",\n'
            '  "max_expired_share": "0.1",\n'
            '  "severities": {},\n'
            '  "disabled": [],\n'
            '  "waivers": []\n'
            "}\n"
        ) == policy_to_json(DEFAULT_POLICY)

    def test_read_back(self) -> None:
        """The document reads back as the policy, from text and from UTF-8 bytes."""
        assert (EVERY_FIELD, EVERY_FIELD) == (
            policy_from_json(EVERY_FIELD_JSON),
            policy_from_json(EVERY_FIELD_JSON.encode()),
        )

    def test_format_keys_accepted(self) -> None:
        """A document that names its format and version 1 is read."""
        text = '{"format": "mutualcommit.policy", "format_version": 1, "max_growth": 2}'
        assert Decimal(2) == policy_from_json(text).max_growth

    def test_waiver_until_null(self) -> None:
        """A waiver's until of null is a waiver for good."""
        waiver = {"code": "MC101", "subject": "goal:G1", "reason": "r", "until": None}
        policy = policy_from_dict({"waivers": [waiver]})

        assert (Waiver(code="MC101", subject="goal:G1", reason="r"),) == policy.waivers


class TestDescribedValues:
    """A problem names the bad value briefly: its JSON kind, or its short text."""

    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            ({}, "an object"),
            ([1], "an array"),
            (None, "null"),
            (True, "true"),
            (False, "false"),
            (7, "7"),
            (Decimal("2.5"), "2.5"),
            (2**128, "an integer of 129 bits"),
            (2**128 - 1, "340282366920938463463374607431768211455"),
            ("x" * 38, '"' + "x" * 38 + '"'),
            ("x" * 39, '"' + "x" * 36 + "..."),
        ],
        ids=[
            "object",
            "array",
            "null",
            "true",
            "false",
            "int",
            "decimal",
            "129-bits",
            "128-bits",
            "40-chars",
            "41-chars",
        ],
    )
    def test_format(self, value: object, shown: str) -> None:
        """A wrong format is shown after 'got'."""
        assert [("$.format", f"expected 'mutualcommit.policy', got {shown}")] == (
            _problems({"format": value})
        )

    def test_not_an_object(self) -> None:
        """A document that is not an object is one problem at the root."""
        assert [("$", "expected a JSON object, got an array")] == _problems("[1]")


class TestReaderProblems:
    """Each problem of a policy document has its JSON path and its exact message."""

    def test_unknown_keys(self) -> None:
        """An unknown key lists the known ones, and names the closest if any."""
        expected = (
            "unknown key; expected one of format, format_version, "
            "max_funding_ratio, max_review_gap_days, review_grace_days, "
            "max_growth, on_track_ratio, at_risk_ratio, min_elapsed, "
            "max_expired_share, severities, disabled, waivers"
        )
        assert [
            ("$.zzz", expected),
            (
                "$.max_revew_gap_days",
                f"{expected} (did you mean 'max_review_gap_days'?)",
            ),
        ] == _problems({"zzz": 1, "max_revew_gap_days": 3})

    def test_rules_key(self) -> None:
        """A rules key says that rules are code; in a waiver it is just unknown."""
        waiver = {"code": "MC101", "subject": "s", "reason": "r"}
        assert [
            (
                "$.rules",
                "unknown key; a policy's own rules are code and never travel in JSON",
            ),
            (
                "$.waivers[0].rules",
                "unknown key; expected one of code, subject, reason, until",
            ),
            (
                "$.waivers[0].reasons",
                (
                    "unknown key; expected one of code, subject, reason, until "
                    "(did you mean 'reason'?)"
                ),
            ),
        ] == _problems(
            {"rules": [], "waivers": [{**waiver, "rules": 1, "reasons": "x"}]}
        )

    @pytest.mark.parametrize(
        ("version", "message"),
        [
            (2, "version 2 is newer than this library reads (1); upgrade mutualcommit"),
            (
                2**200,
                (
                    "version an integer of 201 bits is newer than this library "
                    "reads (1); upgrade mutualcommit"
                ),
            ),
            (0, "expected 1, got 0"),
            (-1, "expected 1, got -1"),
            ("1", 'expected an integer, got "1"'),
        ],
        ids=["newer", "huge", "zero", "negative", "text"],
    )
    def test_format_version(self, version: object, message: str) -> None:
        """Only version 1 is read; a newer one asks for an upgrade."""
        assert [("$.format_version", message)] == _problems({"format_version": version})

    def test_thresholds(self) -> None:
        """Each threshold's problem is at its key, in the order they are written."""
        assert [
            ("$.max_funding_ratio", 'expected a decimal string or a number, got "x"'),
            ("$.max_review_gap_days", "expected an integer, got 1.5"),
            ("$.review_grace_days", "expected an integer, got null"),
            ("$.max_growth", "expected a decimal string or a number, got true"),
            (
                "$.max_expired_share",
                "expected a decimal string or a number, got an array",
            ),
        ] == _problems(
            '{"max_expired_share": [], "max_growth": true, "review_grace_days": null,'
            ' "max_review_gap_days": 1.5, "max_funding_ratio": "x"}'
        )

    def test_severities(self) -> None:
        """Severities are an object of code: severity."""
        assert [
            ("$.severities", "expected an object of code: severity, got an array")
        ] == (_problems({"severities": ["MC101"]}))
        assert [
            ("$.severities.MC101", 'expected one of "error", "warning", "info", got 3')
        ] == _problems({"severities": {"MC205": "error", "MC101": 3}})

    def test_disabled(self) -> None:
        """Disabled codes are an array of strings."""
        assert [("$.disabled", "expected an array of codes, got an object")] == (
            _problems({"disabled": {"MC101": True}})
        )
        assert [
            ("$.disabled[1]", "expected a string, got 5"),
            ("$.disabled[2]", "expected a string, got null"),
        ] == _problems({"disabled": ["MC101", 5, None]})

    def test_waivers(self) -> None:
        """Waivers are an array of objects with a string code, subject and reason."""
        assert [("$.waivers", 'expected an array of waivers, got "x"')] == (
            _problems({"waivers": "x"})
        )
        assert [
            ("$.waivers[0]", "expected a waiver object, got null"),
            ("$.waivers[1]", "expected a waiver object, got 3"),
            ("$.waivers[2].code", "expected a string, got 1"),
            ("$.waivers[2].subject", "expected a string, got an array"),
            ("$.waivers[2].reason", "expected a string, got an object"),
            ("$.waivers[3].code", "missing"),
            ("$.waivers[3].subject", "missing"),
            ("$.waivers[3].reason", "missing"),
            ("$.waivers[4].until", "expected a date YYYY-MM-DD, got 5"),
        ] == _problems(
            {
                "waivers": [
                    None,
                    3,
                    {"code": 1, "subject": [], "reason": {}},
                    {},
                    {"code": "MC101", "subject": "s", "reason": "r", "until": 5},
                ]
            }
        )


class TestBandProblems:
    """The three band keys are checked together, after the policy's other problems."""

    def test_bad_value_only(self) -> None:
        """A band key that is not a number is its only problem."""
        assert [
            ("$.at_risk_ratio", 'expected a decimal string or a number, got "x"')
        ] == (_problems({"on_track_ratio": "0.5", "at_risk_ratio": "x"}))

    def test_an_unreadable_band_hides_no_other(self) -> None:
        """A band that cannot be read leaves the others' bounds judged, at once."""
        assert [
            ("$.at_risk_ratio", 'expected a decimal string or a number, got "90%"'),
            ("$.min_elapsed", "expected a value from 0 to 1, got -1"),
        ] == _problems({"at_risk_ratio": "90%", "min_elapsed": "-1"})

    def test_no_order_judged_without_every_band(self) -> None:
        """How the ratios order needs both: an unreadable one is not taken at its default."""
        assert [
            ("$.on_track_ratio", 'expected a decimal string or a number, got "x"'),
            ("$.at_risk_ratio", "expected a value at least 0, got -1"),
        ] == _problems({"on_track_ratio": "x", "at_risk_ratio": "-1"})
        assert [
            ("$.on_track_ratio", 'expected a decimal string or a number, got "x"')
        ] == (_problems({"on_track_ratio": "x", "at_risk_ratio": "1.5"}))

    def test_out_of_order(self) -> None:
        """A band below the next one is named at its key, with the default of the others."""
        assert [
            ("$.at_risk_ratio", "expected at most on_track_ratio (1.0), got 1.5")
        ] == (_problems({"at_risk_ratio": "1.5"}))

    def test_after_the_readers_problems(self) -> None:
        """A value the reader refuses comes before the bands' problem."""
        assert [
            ("$.max_growth", 'expected a decimal string or a number, got "x"'),
            ("$.at_risk_ratio", "expected at most on_track_ratio (0.5), got 0.7"),
        ] == _problems(
            {"on_track_ratio": "0.5", "at_risk_ratio": "0.7", "max_growth": "x"}
        )

    def test_before_the_policys_problems(self) -> None:
        """The policy's own problems, paths made JSON paths, come after the bands'."""
        assert [
            ("$.at_risk_ratio", "expected at most on_track_ratio (0.5), got 0.7"),
            ("$.max_growth", "expected a value at least 0, got -1"),
            ("$.waivers[0].reason", "expected the reason the exception was approved"),
        ] == _problems(
            {
                "on_track_ratio": "0.5",
                "at_risk_ratio": "0.7",
                "max_growth": "-1",
                "waivers": [{"code": "MC101", "subject": "s", "reason": " "}],
            }
        )


_TWICE = "expected each key once in an object, got this key twice"


class TestKeyNamedTwice:
    """A key named twice is one problem at its path, and every other problem is listed."""

    def test_at_its_path_with_the_others(self) -> None:
        """In a waiver: its path, besides the other problems of the document."""
        text = """{
          "format": "mutualcommit.policy",
          "format_version": 1,
          "max_review_gap_days": "often",
          "max_growth": "x",
          "waivers": [{"code": "MC203", "subject": "fiscal-year:FY2026",
                       "reason": "r", "until": "2026-12-31", "reason": "r2"}]
        }"""

        assert [
            ("$.max_review_gap_days", 'expected an integer, got "often"'),
            ("$.max_growth", 'expected a decimal string or a number, got "x"'),
            ("$.waivers[0].reason", _TWICE),
        ] == _problems(text)

    def test_at_the_top_and_in_severities(self) -> None:
        """Every object says so once per key, top-level and severities alike."""
        text = (
            '{"a": 1, "b": 2, "a": 3, "b": 4, "c": 5,'
            ' "severities": {"MC205": "error", "MC205": "info"}}'
        )

        assert [
            ("$.a", "unknown key; expected one of " + _KEYS_TEXT),
            ("$.b", "unknown key; expected one of " + _KEYS_TEXT),
            ("$.c", "unknown key; expected one of " + _KEYS_TEXT),
            ("$.a", _TWICE),
            ("$.b", _TWICE),
            ("$.severities.MC205", _TWICE),
        ] == _problems(text)

    def test_what_depends_on_the_winner_is_not_reported(self) -> None:
        """A band out of order with one value of the key and not the other: no problem of it."""
        text = (
            '{"on_track_ratio": "0.5", "on_track_ratio": "2", "at_risk_ratio": "0.7"}'
        )

        assert [("$.on_track_ratio", _TWICE)] == _problems(text)

    def test_what_holds_either_way_is_reported(self) -> None:
        """A problem that holds whichever value wins is still reported."""
        text = '{"max_growth": "-1", "max_growth": "-2", "review_grace_days": -1}'

        assert [
            ("$.max_growth", _TWICE),
            (
                "$.review_grace_days",
                "expected a whole number of days from 0 to 36525, got -1",
            ),
        ] == _problems(text)

    def test_dict_without_duplicates_is_as_before(self) -> None:
        """policy_from_dict of a plain dict reports what the policy finds."""
        assert [("$.max_growth", "expected a value at least 0, got -1")] == _problems(
            {"max_growth": "-1"}
        )


class TestLongIntegers:
    """An integer of more digits than Python converts is refused at its path."""

    def test_at_its_path_with_the_others(self) -> None:
        """Its message is the one a long integer within the limit gets there."""
        long = "1" + "0" * 4400
        text = (
            f'{{"max_review_gap_days": {long}, "max_growth": {long},'
            ' "review_grace_days": "x"}'
        )

        assert [
            ("$.review_grace_days", 'expected an integer, got "x"'),
            (
                "$.max_review_gap_days",
                (
                    "expected a whole number of days from 1 to 36525, "
                    f"got an integer of {(10**4400).bit_length()} bits"
                ),
            ),
            (
                "$.max_growth",
                (
                    f"expected a magnitude below 10^15, got 1{'0' * 19}...{'0' * 10}"
                    " (4401 digits)"
                ),
            ),
        ] == _problems(text)


_KEYS_TEXT = (
    "format, format_version, max_funding_ratio, max_review_gap_days, "
    "review_grace_days, max_growth, on_track_ratio, at_risk_ratio, min_elapsed, "
    "max_expired_share, severities, disabled, waivers"
)


_POLICY_TEXT = '{"format": "mutualcommit.policy", "disabled": ["MC101"]}'


class TestBytes:
    """Bytes are read as loads reads an agreement's, and refused in its words."""

    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            (
                _POLICY_TEXT.encode("utf-16"),
                (
                    'expected UTF-8 text: it is UTF-16 (Notepad\'s "Unicode"; it '
                    "starts with a UTF-16 byte order mark): save it as UTF-8"
                ),
            ),
            (
                _POLICY_TEXT.replace("MC101", "MC10\u00fc").encode("latin-1"),
                (
                    "expected UTF-8 text: byte 0xFC at line 1, column 53 (byte 52) "
                    "is not UTF-8 (was the file saved as Windows-1252 or Latin-1?): "
                    "save it as UTF-8"
                ),
            ),
            (
                gzip.compress(_POLICY_TEXT.encode()),
                (
                    "expected UTF-8 text: it is gzip-compressed data (it starts with "
                    "the bytes 1F 8B): decompress it first, or read it with "
                    'gzip.open(path, "rb")'
                ),
            ),
            (
                _POLICY_TEXT.encode("utf-16-le"),
                (
                    "invalid JSON at line 1, column 2: Expecting property name "
                    "enclosed in double quotes; it is UTF-16 without a byte order "
                    "mark (a zero byte every other byte, as UTF-16 writes plain "
                    "text): save it as UTF-8"
                ),
            ),
        ],
        ids=["utf-16", "latin-1", "gzip", "utf-16-without-its-mark"],
    )
    def test_refused_as_loads_refuses_them(self, data: bytes, expected: str) -> None:
        """One problem at the root, the very one loads gives of the same bytes."""
        with pytest.raises(FormatError) as agreement:
            loads(data)

        assert [("$", expected), ("$", expected)] == [
            *_problems(data),
            *agreement.value.problems,
        ]

    def test_hints_for_bytes_too(self) -> None:
        """The hints a text gets, a file's name or JSON Lines, its bytes get too."""
        [(_, name)] = _problems(b"policy.json")
        [(_, lines)] = _problems(b'{"metric": "m"}\n{"metric": "m"}\n')

        assert (True, True) == (
            name.endswith(
                "; this is a file's name, not its text: pass Path(name).read_text()"
            ),
            lines.endswith("not one document"),
        )


class TestNotJson:
    """Text that is not a JSON document is one problem at the root saying why."""

    @pytest.mark.parametrize(
        ("text", "why"),
        [
            ('{"max_growth": NaN}', "NaN is not a JSON number"),
            ('{"max_growth": -Infinity}', "-Infinity is not a JSON number"),
            (
                '{"max_growth": 1e99999999999999999999}',
                "the number 1e99999999999999999999 is out of range",
            ),
            (
                '{"max_growth": 1e' + "9" * 38 + "}",
                "the number 1e" + "9" * 38 + " is out of range",
            ),
            (
                '{"max_growth": 1e' + "9" * 39 + "}",
                "the number 1e" + "9" * 35 + "... is out of range",
            ),
        ],
        ids=["nan", "infinity", "out-of-range", "40-chars", "41-chars"],
    )
    def test_refused(self, text: str, why: str) -> None:
        """NaN and numbers beyond a Decimal are not JSON here."""
        assert [("$", f"invalid JSON: {why}")] == _problems(text)

    def test_a_file_name_instead_of_its_text(self) -> None:
        """The policy file's name where its text belongs: the problem says so."""
        [(path, message)] = _problems("policy.json")

        assert ("$", True) == (
            path,
            message.endswith(
                "; this is a file's name, not its text: pass Path(name).read_text()"
            ),
        )

    def test_json_lines_instead_of_a_policy(self) -> None:
        """An observation log passed as the policy: the problem says what it is."""
        [(path, message)] = _problems('{"metric": "m"}\n{"metric": "m"}\n')

        assert ("$", True) == (
            path,
            message.endswith(
                "; this is JSON Lines (an object per line: observations or a fund "
                "log, say), not one document"
            ),
        )

    def test_a_path_instead_of_its_text(self) -> None:
        """A path is a TypeError saying what to pass, not json's own message."""
        with pytest.raises(TypeError) as raised:
            policy_from_json(Path("policy.json"))  # type: ignore[arg-type]

        assert (
            f"expected JSON text (str or bytes), got {type(Path()).__name__}: "
            "pass the file's text, Path(name).read_text()"
        ) == str(raised.value)

    def test_worded_as_the_agreement_reader(self) -> None:
        """A syntax error says its line and column as the agreement's reader does."""
        assert [
            (
                "$",
                (
                    "invalid JSON at line 2, column 1: "
                    "Expecting property name enclosed in double quotes; JSON has "
                    "no comments: remove the comment"
                ),
            )
        ] == _problems('{"max_growth": "1",\n// a note\n}')

    def test_too_deep(self) -> None:
        """Nesting too deep for the parser is a problem, not a RecursionError."""
        [(path, message)] = _problems("[" * 100_000)

        assert ("$", True) == (
            path,
            message == "invalid JSON: nested too deeply",
        )


_EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"


class TestOtherDocument:
    """Another document given as the policy is one problem saying what it is."""

    def test_an_agreement(self) -> None:
        """The agreement as the policy: one line, not each of its keys as unknown."""
        text = (_EXAMPLE / "agreement.json").read_text(encoding="utf-8")

        assert [
            (
                "$",
                (
                    "this looks like an agreement, not a policy: a policy's format "
                    'is "mutualcommit.policy"'
                ),
            )
        ] == _problems(text)

    def test_an_agreement_without_its_format(self) -> None:
        """An agreement is known by its keys too."""
        [(path, message)] = _problems('{"parties": [], "goals": [], "metrics": []}')

        assert ("$", True) == (path, message.startswith("this looks like an agreement"))

    @pytest.mark.parametrize(
        ("name", "what"),
        [
            ("observations.jsonl", "an observation"),
            ("fund_events.jsonl", "a fund event"),
        ],
    )
    def test_one_record_of_a_log(self, name: str, what: str) -> None:
        """A log's one line as the policy is told what it is and where it belongs."""
        line = (_EXAMPLE / name).read_text(encoding="utf-8").splitlines()[0]
        [(path, message)] = _problems(line)

        assert ("$", True) == (path, message.startswith(f"this looks like {what} "))

    def test_a_policy_with_a_stray_key(self) -> None:
        """A policy with an agreement's key is still read as a policy."""
        problems = _problems('{"format": "mutualcommit.policy", "parties": []}')

        assert ["$.parties"] == [path for path, _ in problems]
