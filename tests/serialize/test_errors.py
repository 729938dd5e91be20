from __future__ import annotations

import copy
import json
import pickle
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mutualcommit.errors import FormatError, InvalidAgreementError, InvalidFieldsError
from mutualcommit.model import Agreement, Tier
from mutualcommit.portfolio import (
    load_portfolio_fund_events,
    load_portfolio_observations,
)
from mutualcommit.rules import policy_from_json
from mutualcommit.serialize import (
    dumps,
    from_dict,
    iter_observations,
    load_fund_events,
    load_observations,
    loads,
    to_dict,
)
from mutualcommit.serialize._values import utf16_without_bom, utf32_without_bom

from .conftest import Mutation, drop, put

Problems = list[tuple[str, str]]

#: Every test here reads with msgspec and with the standard library alone.
pytestmark = pytest.mark.usefixtures("json_reader")


def problems_of(document: object) -> Problems:
    """Return the problems `from_dict` reports for *document*."""
    with pytest.raises(FormatError) as info:
        from_dict(document)  # type: ignore[arg-type]
    return list(info.value.problems)


def text_problems(text: str | bytes) -> Problems:
    """Return the problems `loads` reports for *text*."""
    with pytest.raises(FormatError) as info:
        loads(text)
    return list(info.value.problems)


IDENTIFIER_RULE = (
    "expected an identifier (a letter or digit, then up to 127 of letters, "
    "digits, '.', '_', ':', '-'), got \"bad id\""
)

#: Every kind of message, one worked example each: (mutation, problems).
EXAMPLES: dict[str, tuple[Mutation, Problems]] = {
    "wrong type": (put("title", value=5), [("$.title", "expected a string, got 5")]),
    "bad decimal": (
        put("goals", 0, "target", "value", value="six"),
        [
            (
                "$.goals[0].target.value",
                'expected a decimal string or a number, got "six"',
            )
        ],
    ),
    "decimal text Python reads": (
        put("goals", 0, "target", "value", value="1_000"),
        [
            (
                "$.goals[0].target.value",
                'expected a decimal string or a number, got "1_000"; write "1000"',
            )
        ],
    ),
    "a percentage for a share": (
        put("incentives", 0, "tiers", 0, "threshold", value="100%"),
        [
            (
                "$.incentives[0].tiers[0].threshold",
                'expected a decimal string or a number, got "100%"',
            )
        ],
    ),
    "decimal from a boolean": (
        put("goals", 0, "target", "value", value=True),
        [
            (
                "$.goals[0].target.value",
                "expected a decimal string or a number, got true",
            )
        ],
    ),
    "decimal too large": (
        put("goals", 0, "weight", value="1E+999999"),
        [("$.goals[0].weight", "expected a magnitude below 10^15, got 1E+999999")],
    ),
    "decimal exponent out of range": (
        put("goals", 0, "weight", value="1E+9999999"),
        [
            (
                "$.goals[0].weight",
                'expected an exponent within ±999999, got "1E+9999999"',
            )
        ],
    ),
    "decimal too precise": (
        put("allocations", 0, "amount", "amount", value="0.0000000000001"),
        [
            (
                "$.allocations[0].amount.amount",
                "expected at most 12 digits after the point, got 0.0000000000001",
            )
        ],
    ),
    "compact date": (
        put("start", value="20260101"),
        [("$.start", 'expected a date YYYY-MM-DD, got "20260101"')],
    ),
    "impossible date": (
        put("reviews", 0, "held_on", value="2026-02-30"),
        [
            (
                "$.reviews[0].held_on",
                (
                    'expected a date YYYY-MM-DD, got "2026-02-30" '
                    "(day is out of range for month)"
                ),
            )
        ],
    ),
    "bad enum": (
        put("parties", 0, "role", value="seller"),
        [("$.parties[0].role", 'expected one of "vendor", "partner", got "seller"')],
    ),
    "bad integer": (
        put("version", value="2"),
        [("$.version", 'expected an integer, got "2"')],
    ),
    "missing key": (
        drop("goals", 1, "title"),
        [("$.goals[1].title", "expected a non-empty string, got nothing (required)")],
    ),
    "unknown key": (
        put("goals", 1, "titel", value="Certify"),
        [
            (
                "$.goals[1].titel",
                (
                    "expected one of the keys id, title, target, weight, description, "
                    'extensions; got "titel" (did you mean "title"?)'
                ),
            )
        ],
    ),
    "not an array": (
        put("clauses", value={}),
        [("$.clauses", "expected an array, got an object")],
    ),
    "not an object": (
        put("clauses", value=["termination"]),
        [("$.clauses[0]", 'expected an object (a clause), got "termination"')],
    ),
    "where value": (
        put("goals", 0, "target", "where", value={"party": 1}),
        [("$.goals[0].target.where.party", "expected a string, got 1")],
    ),
    "where blank key": (
        put("goals", 0, "target", "where", value={" ": "emea", "\u200b": "x"}),
        [
            ('$.goals[0].target.where[" "]', "a key: expected a non-empty string"),
            (
                '$.goals[0].target.where["\\u200b"]',
                (
                    "a key: expected a non-empty string, got only invisible "
                    "characters (U+200B ZERO WIDTH SPACE)"
                ),
            ),
        ],
    ),
    "extensions not an object": (
        put("extensions", value="crm"),
        [("$.extensions", 'expected an object, got "crm"')],
    ),
    "extensions too deep": (
        put("extensions", value={"deep": json.loads("[" * 70 + "]" * 70)}),
        [("$.extensions.deep" + "[0]" * 63, "expected at most 64 levels of nesting")],
    ),
    "lone surrogate": (
        put("title", value="Acme \ud800"),
        [
            (
                "$.title",
                "expected valid Unicode text, got a string with a lone surrogate",
            )
        ],
    ),
    "bad identifier (an invariant)": (
        put("clauses", 0, "id", value="bad id"),
        [("$.clauses[0].id", IDENTIFIER_RULE)],
    ),
    "dangling reference (an invariant)": (
        put("contributions", 0, "supports", value=["nope"]),
        [("$.contributions[0].supports[0]", "no goal with id 'nope'")],
    ),
    "month out of range (an invariant)": (
        put("fiscal_calendar", "start_month", value=13),
        [
            (
                "$.fiscal_calendar.start_month",
                "expected a month number 1-12, got 13",
            )
        ],
    ),
    "unit in Python's case (an invariant, in JSON's words)": (
        put("parties", 1, "capacity", 0, "unit", value="eur"),
        [
            (
                "$.parties[1].capacity[0].unit",
                (
                    "expected a three-letter upper-case currency code or one of count, "
                    'percent, fte, hour, day; got "eur" (did you mean "EUR"?)'
                ),
            )
        ],
    ),
    "version beyond 2^53 - 1 (an invariant, in JSON's words)": (
        put("version", value=2**53),
        [
            (
                "$.version",
                (
                    "expected a whole number from 1 to 9007199254740991, "
                    "got 9007199254740992"
                ),
            )
        ],
    ),
    "fingerprint in upper case (an invariant, in JSON's words)": (
        put("signatures", 0, "fingerprint", value="SHA256:" + "0" * 64),
        [
            (
                "$.signatures[0].fingerprint",
                "expected 'sha256:' and 64 lower-case hex digits, "
                'got "SHA256:' + "0" * 48 + '..."',
            )
        ],
    ),
    "missing format": (
        drop("format"),
        [("$.format", 'expected "mutualcommit.agreement", got nothing (required)')],
    ),
    "other format": (
        put("format", value="mutualcommit.policy"),
        [("$.format", 'expected "mutualcommit.agreement", got "mutualcommit.policy"')],
    ),
    "missing format version": (
        drop("format_version"),
        [
            (
                "$.format_version",
                "expected a format version (an integer), got nothing (required)",
            )
        ],
    ),
    "future format version": (
        put("format_version", value=2),
        [
            (
                "$.format_version",
                (
                    "this document has format version 2, and this version of "
                    "mutualcommit reads up to 1: upgrade mutualcommit to read it"
                ),
            )
        ],
    ),
    "unknown old format version": (
        put("format_version", value=0),
        [
            (
                "$.format_version",
                (
                    "expected a format version from 1 to 1, got 0: there is no "
                    "migration from it"
                ),
            )
        ],
    ),
}


class TestMessages:
    """Every kind of problem is reported with its JSON path and a message saying what was expected and found."""

    @pytest.mark.parametrize("name", list(EXAMPLES))
    def test_from_dict(self, document: dict[str, Any], name: str) -> None:
        """from_dict reports the worked example's problems, exactly."""
        mutate, expected = EXAMPLES[name]
        mutate(document)

        assert expected == problems_of(document)

    @pytest.mark.parametrize("name", list(EXAMPLES))
    def test_loads(self, document: dict[str, Any], name: str) -> None:
        """Reading the same document as JSON text reports the same problems."""
        mutate, expected = EXAMPLES[name]
        mutate(document)

        assert expected == text_problems(json.dumps(document))


def _it_vendor() -> dict[str, Any]:
    """The IT vendor example's document, as `json.loads` reads it."""
    result: dict[str, Any] = json.loads(_it_vendor_text())
    return result


def _with_number(
    document: dict[str, Any], path: tuple[str | int, ...], number: str
) -> str:
    """Return *document* as JSON text with the JSON number *number* at *path*."""
    put(*path, value="@@number@@")(document)
    return json.dumps(document).replace('"@@number@@"', number)


#: Whole-number fields, and a number out of each one's range.
_WHOLE_FIELDS: list[tuple[tuple[str | int, ...], int]] = [
    (("fiscal_calendar", "start_month"), 100),
    (("allocations", 0, "fund", "claim_days"), 100_000),
    (("version",), 10**20),
]


class TestWholeNumbersAsWritten:
    """A whole number written with a fraction or an exponent gets the range message its digits get.

    ``1E+2`` and ``100.0`` are the whole number 100, as JSON Schema counts
    them, and are read so when in range: out of it, the message is the
    field's range, naming the number as written, never in Python's words
    (``got int 100``) nor as no integer at all.
    """

    @pytest.mark.parametrize("spelling", ["{:.1f}", "{:.0E}", "{:.1e}"])
    @pytest.mark.parametrize(("path", "number"), _WHOLE_FIELDS)
    def test_out_of_range(
        self,
        path: tuple[str | int, ...],
        number: int,
        spelling: str,
    ) -> None:
        """The field's range, then the number as the document wrote it."""
        written = spelling.format(Decimal(number))
        digits = text_problems(_with_number(_it_vendor(), path, str(number)))

        [(where, message)] = text_problems(_with_number(_it_vendor(), path, written))

        assert (digits[0][0], True) == (
            where,
            message.endswith(f" got {Decimal(written)}"),
        )
        assert digits[0][1].removesuffix(str(number)) == message.removesuffix(
            str(Decimal(written))
        )

    def test_the_report(self) -> None:
        """The examples, word for word: 1E+2 for a month, 1E+20 for a version."""
        month = text_problems(
            _with_number(_it_vendor(), ("fiscal_calendar", "start_month"), "1E+2")
        )
        version = text_problems(_with_number(_it_vendor(), ("version",), "1E+20"))

        assert [
            ("$.fiscal_calendar.start_month", "expected a month number 1-12, got 1E+2"),
            (
                "$.version",
                "expected a whole number from 1 to 9007199254740991, got 1E+20",
            ),
        ] == [*month, *version]

    def test_in_range(self) -> None:
        """Within its range, a whole number of either spelling is read as its digits are."""
        agreement = loads(
            _with_number(_it_vendor(), ("allocations", 0, "fund", "claim_days"), "3E+1")
        )

        assert 30 == agreement.allocations[0].fund.claim_days  # type: ignore[union-attr]

    def test_beyond_any_digits(self) -> None:
        """1E+999999, whose digits would take seconds to write out, is named as written too."""
        [(_, message)] = text_problems(
            _with_number(_it_vendor(), ("version",), "1E+999999")
        )

        assert (
            "expected a whole number from 1 to 9007199254740991, got 1E+999999"
        ) == message

    def test_a_fraction_is_no_whole_number(self) -> None:
        """1.5 is no whole number: refused as one."""
        assert [
            ("$.fiscal_calendar.start_month", "expected an integer, got 1.5")
        ] == text_problems(
            _with_number(_it_vendor(), ("fiscal_calendar", "start_month"), "1.5")
        )

    @given(
        st.integers(min_value=1, max_value=10**6),
        st.integers(min_value=0, max_value=40),
        st.booleans(),
    )
    def test_the_law(self, digits: int, exponent: int, fraction: bool) -> None:
        """Any whole number out of range, as an exponent or with a fraction: its range, as written."""
        number = digits * 10**exponent
        assume(number > 36_525)
        written = f"{number}.0" if fraction else f"{digits}E+{exponent}"
        path = ("allocations", 0, "fund", "claim_days")

        [(_, message)] = text_problems(_with_number(_it_vendor(), path, written))

        assert (
            f"expected a whole number of days from 0 to 36525, got {Decimal(written)}"
        ) == message


class TestOneWordingForADecimal:
    """A reader and a constructor refuse the same text in the same words."""

    def test_reader_and_constructor(self, document: dict[str, Any]) -> None:
        """Each says what a decimal field takes, and names the text in its own terms."""
        put("incentives", 0, "tiers", 0, "threshold", value="100%")(document)
        with pytest.raises(InvalidFieldsError) as built:
            Tier(threshold="100%", rate="0.02", of="rev")

        assert [
            (
                "$.incentives[0].tiers[0].threshold",
                'expected a decimal string or a number, got "100%"',
            ),
            ("threshold", "expected a decimal string or a number, got str '100%'"),
        ] == [*problems_of(document), *built.value.problems]


class TestTextProblems:
    """What only JSON text can get wrong is reported too, never as a bare exception."""

    def test_invalid_json(self) -> None:
        """Invalid JSON is reported with its line and column."""
        assert [
            (
                "$",
                (
                    "invalid JSON at line 2, column 11: Expecting value; the text ends "
                    "here, before its objects and arrays are closed: is the file cut "
                    "short?"
                ),
            )
        ] == text_problems('{\n"format": ')

    @pytest.mark.parametrize("name", ["agreement.json", "Agreements/Q3.JSON\n"])
    def test_a_file_name_instead_of_its_text(self, name: str) -> None:
        """The name of the file where its text belongs: the problem says what to pass."""
        assert [
            (
                "$",
                (
                    "invalid JSON at line 1, column 1: Expecting value; this is a file's "
                    "name, not its text: pass Path(name).read_text()"
                ),
            )
        ] == text_problems(name)

    def test_json_lines_instead_of_a_document(self) -> None:
        """An observation log where the agreement belongs: the problem says what it is."""
        log = (
            '{"metric": "m", "at": "2026-01-01", "value": "1"}\n'
            '{"metric": "m", "at": "2026-01-02", "value": "2"}\n'
        )

        assert [
            (
                "$",
                (
                    "invalid JSON at line 2, column 1: Extra data; this is JSON Lines "
                    "(an object per line: observations or a fund log, say), not one "
                    "document"
                ),
            )
        ] == text_problems(log)

    def test_extra_data_of_another_kind_gets_no_hint(self) -> None:
        """Two objects on one line, or a value after the object, are not JSON Lines."""
        assert [
            ("$", "invalid JSON at line 1, column 9: Extra data"),
            ("$", "invalid JSON at line 2, column 1: Extra data"),
        ] == [*text_problems('{"a": 1}{"b": 2}'), *text_problems('{"a": 1}\n[2]')]

    def test_a_path_instead_of_its_text(self) -> None:
        """A path is a TypeError saying what to pass (the library opens no file)."""
        with pytest.raises(TypeError) as raised:
            loads(Path("agreement.json"))  # type: ignore[arg-type]

        assert (
            f"expected JSON text (str or bytes), got {type(Path()).__name__}: "
            "pass the file's text, Path(name).read_text()"
        ) == str(raised.value)

    def test_not_an_object(self) -> None:
        """A document that is not an object is refused (cattrs alone would raise AttributeError)."""
        assert [
            ("$", "expected an object (an agreement document), got an array")
        ] == text_problems("[]")

    def test_the_text_given_to_from_dict(self, agreement: Agreement) -> None:
        """from_dict given the document's text says that loads reads it."""
        with pytest.raises(FormatError) as raised:
            from_dict(dumps(agreement)[:20])  # type: ignore[arg-type]

        message = (
            "expected an object (an agreement document), got "
            '"{\\"format\\":\\"mutualcom": read the document\'s JSON '
            "text with loads first"
        )
        assert [("$", message)] == list(raised.value.problems)

    def test_nan(self, agreement: Agreement) -> None:
        """NaN, which Python's json module accepts, is refused where it stands."""
        text = dumps(agreement).replace('"1250000.00"', "NaN")

        assert [
            (
                "$.goals[0].target.value",
                "expected a decimal string or a number, got NaN (not a JSON number)",
            )
        ] == text_problems(text)

    def test_infinity_in_extensions(self, agreement: Agreement) -> None:
        """Infinity is refused inside extensions too."""
        text = dumps(agreement).replace('"0015g00000XyZ"', "-Infinity")

        assert [
            (
                "$.parties[0].extensions.crm_id",
                "expected a JSON value, got -Infinity (not a JSON number)",
            )
        ] == text_problems(text)

    def test_number_too_large_for_extensions(self, agreement: Agreement) -> None:
        """A number in extensions that no double holds is refused."""
        text = dumps(agreement).replace('"0015g00000XyZ"', "1e400")

        assert [
            (
                "$.parties[0].extensions.crm_id",
                "expected a number a double can hold, got 1E+400",
            )
        ] == text_problems(text)

    def test_escaped_lone_surrogate(self, agreement: Agreement) -> None:
        """A lone surrogate written as an escape is refused."""
        text = dumps(agreement).replace('"Termination"', '"Term\\udc00"')

        assert [
            (
                "$.clauses[0].title",
                "expected valid Unicode text, got a string with a lone surrogate",
            )
        ] == text_problems(text)

    def test_surrogate_pair(self, agreement: Agreement) -> None:
        """An escaped surrogate pair is one valid character."""
        text = dumps(agreement).replace('"Termination"', '"Term \\ud83d\\ude00"')

        assert "Term \U0001f600" == loads(text).clauses[0].title

    def test_duplicate_key(self, agreement: Agreement) -> None:
        """A key named twice in one object is refused: readers disagree on which wins."""
        text = dumps(agreement, indent=2).replace(
            '"title": "Termination"', '"title": "Termination", "title": "None"'
        )

        assert [
            (
                "$.clauses[0].title",
                "expected each key once in an object, got this key twice",
            )
        ] == text_problems(text)

    def test_not_utf8(self) -> None:
        """Bytes that are not UTF-8 are refused with their line, column and offset."""
        assert [
            (
                "$",
                (
                    "expected UTF-8 text: byte 0xFF at line 1, column 2 (byte 1) is "
                    "not UTF-8 (was the file saved as Windows-1252 or Latin-1?): "
                    "save it as UTF-8"
                ),
            )
        ] == text_problems(b"{\xff}")

    def test_nested_too_deeply(self) -> None:
        """JSON nested beyond the recursion limit is refused, not a RecursionError."""
        problems = text_problems("[" * 100_000 + "]" * 100_000)

        assert [("$", "invalid JSON: nested too deeply")] == problems

    @pytest.mark.parametrize("digits", [4300, 4301, 100_000])
    def test_integer_too_long(self, document: dict[str, Any], digits: int) -> None:
        """An integer longer than Python converts is refused at its path, as a shorter one.

        The message is the one a long integer within Python's limit gets
        there, and the document's other problems are listed with it. The
        process-wide limit on converting digits is the host's: untouched.
        """
        limit = sys.get_int_max_str_digits()
        document["start"] = "2026-1-1"
        document["version"] = "@@long@@"
        document["goals"][0]["weight"] = "@@long@@"
        document["extensions"]["big"] = "@@long@@"
        long = "1" + "0" * (digits - 1)
        text = json.dumps(document).replace('"@@long@@"', long)
        bits = (10 ** (digits - 1)).bit_length()

        assert [
            ("$.start", 'expected a date YYYY-MM-DD, got "2026-1-1"'),
            (
                "$.extensions.big",
                f"expected a number a double can hold, got an integer of {bits} bits",
            ),
            (
                "$.version",
                (
                    "expected a whole number from 1 to 9007199254740991, "
                    f"got an integer of {bits} bits"
                ),
            ),
            (
                "$.goals[0].weight",
                (
                    "expected a magnitude below 10^15, got "
                    f"1{'0' * 19}...{'0' * 10} ({digits} digits)"
                ),
            ),
        ] == text_problems(text)
        assert limit == sys.get_int_max_str_digits()

    def test_a_long_number_is_shown_short(self, document: dict[str, Any]) -> None:
        """A number of a million digits is named by its ends and length: a line, not a megabyte."""
        document["goals"][0]["weight"] = "@@long@@"
        long = "-" + "12345" * 200_000 + ".5"
        text = json.dumps(document).replace('"@@long@@"', long)

        assert [
            (
                "$.goals[0].weight",
                (
                    "expected a magnitude below 10^15, got "
                    "-12345123451234512345...2345123455 x 10^-1 (1000001 digits)"
                ),
            )
        ] == text_problems(text)

    def test_integer_too_long_for_the_hosts_limit(
        self, document: dict[str, Any]
    ) -> None:
        """A host's lower limit on converting digits is kept, and the message is the same."""
        limit = sys.get_int_max_str_digits()
        sys.set_int_max_str_digits(640)
        try:
            problems = text_problems(_with_raw(document, "-" + "7" * 700, "version"))
            assert 640 == sys.get_int_max_str_digits()
        finally:
            sys.set_int_max_str_digits(limit)

        bits = int("7" * 700).bit_length()
        assert [
            (
                "$.version",
                (
                    "expected a whole number from 1 to 9007199254740991, "
                    f"got an integer of {bits} bits"
                ),
            )
        ] == problems

    def test_negative_zero(self, document: dict[str, Any]) -> None:
        """The integer -0 keeps its sign in a decimal field, as "-0" and -0.0 do."""
        document["goals"][0]["weight"] = "@@-0@@"
        document["extensions"]["zero"] = "@@-0@@"
        agreement = loads(json.dumps(document).replace('"@@-0@@"', "-0"))

        assert ("-0", 0, int) == (
            str(agreement.goals[0].weight),
            agreement.extensions["zero"],
            type(agreement.extensions["zero"]),
        )
        assert "-0" == json.loads(dumps(agreement))["goals"][0]["weight"]

    def test_negative_zero_in_a_whole_number(self, document: dict[str, Any]) -> None:
        """-0 where a whole number belongs is 0, as any reader reads it, and named as written."""
        text = _with_raw(document, "-0", "fiscal_calendar")
        text = text.replace(
            '"fiscal_calendar": -0', '"fiscal_calendar": {"start_month": -0}'
        )

        assert [
            ("$.fiscal_calendar.start_month", "expected a month number 1-12, got -0")
        ] == text_problems(text)

    def test_bytes_with_bom(self, agreement: Agreement) -> None:
        """UTF-8 bytes may start with a byte order mark."""
        assert agreement == loads(b"\xef\xbb\xbf" + dumps(agreement).encode())

    def test_text_with_bom(self, agreement: Agreement) -> None:
        """Text read from such a file, U+FEFF first, reads as the file's bytes do."""
        assert agreement == loads("\ufeff" + dumps(agreement, indent=2))

    def test_bom_elsewhere(self) -> None:
        """U+FEFF anywhere but first is no mark: the JSON is invalid there."""
        assert [
            (
                "$",
                (
                    "invalid JSON at line 1, column 2: Expecting value; a byte order "
                    "mark (U+FEFF), which is invisible, is here: remove it"
                ),
            )
        ] == text_problems(" \ufeff{}")
        # Two marks: the second is text.
        assert [
            (
                "$",
                (
                    "invalid JSON at line 1, column 1: Expecting value; a byte order "
                    "mark (U+FEFF), which is invisible, is here: remove it"
                ),
            )
        ] == text_problems("\ufeff\ufeff{}")

    def test_wrong_argument_type(self) -> None:
        """loads() of something that is not text is a programming error."""
        with pytest.raises(TypeError):
            loads(5)  # type: ignore[arg-type]


_IT_VENDOR = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"
_TWICE = "expected each key once in an object, got this key twice"


def _it_vendor_with(find: str, put: str) -> str:
    """Return the IT vendor example's text with *find* made *put* once."""
    text = (_IT_VENDOR / "agreement.json").read_text(encoding="utf-8")
    assert find in text
    return text.replace(find, put, 1)


class TestKeyNamedTwice:
    """A key named twice is refused at its path; what depends on which value wins is not reported."""

    def test_no_consequence_of_the_last_value(self) -> None:
        """Two currencies: nothing of the fund's currency, which only the last one breaks."""
        text = _it_vendor_with(
            '"currency": "EUR"', '"currency": "EUR", "currency": "USD"'
        )

        assert [("$.currency", _TWICE)] == text_problems(text)

    def test_no_consequence_of_the_first_value(self) -> None:
        """The same, the other way round: no reader's choice is taken."""
        text = _it_vendor_with(
            '"currency": "EUR"', '"currency": "USD", "currency": "EUR"'
        )

        assert [("$.currency", _TWICE)] == text_problems(text)

    def test_what_holds_either_way(self) -> None:
        """Both values break the fund's currency: that is reported, with the key."""
        text = _it_vendor_with(
            '"currency": "EUR"', '"currency": "USD", "currency": "USD"'
        )

        assert [
            ("$.currency", _TWICE),
            (
                "$.allocations[0].fund.accrual.of",
                "expected a metric in the fund's currency USD, 'partner-revenue' is in EUR",
            ),
            (
                "$.allocations[0].fund.roi_metric",
                "expected a metric in the fund's currency USD, 'partner-revenue' is in EUR",
            ),
            (
                "$.allocations[0].amount.unit",
                "a fund is money in the agreement's currency USD, got 'EUR'",
            ),
        ] == text_problems(text)

    def test_other_problems_stay(self) -> None:
        """A dangling reference elsewhere is reported beside the key named twice."""
        text = _it_vendor_with(
            '"currency": "EUR"', '"currency": "EUR", "currency": "USD"'
        )
        text = text.replace('"supports": [', '"supports": ["nope",', 1)

        assert [
            ("$.currency", _TWICE),
            ("$.contributions[0].supports[0]", "no goal with id 'nope'"),
        ] == text_problems(text)

    def test_as_a_value_of_the_wrong_type(self) -> None:
        """A currency of the wrong type: nothing said of a fund's currency either."""
        text = _it_vendor_with('"currency": "EUR"', '"currency": 5')

        assert [("$.currency", "expected a string, got 5")] == text_problems(text)


class TestAllAtOnce:
    """Every problem of a document is reported in one error."""

    def test_five_problems(self, document: dict[str, Any]) -> None:
        """A document with five different problems reports five."""
        document["start"] = "2026-1-1"
        document["goals"][0]["target"]["value"] = "1,250,000"
        document["metrics"][0]["colour"] = "red"
        del document["clauses"][0]["text"]
        document["allocations"][1]["contribution"] = "lunch"

        assert [
            ("$.start", 'expected a date YYYY-MM-DD, got "2026-1-1"'),
            (
                "$.metrics[0].colour",
                (
                    "expected one of the keys id, name, unit, aggregation, reported_by, "
                    "description, numerator, denominator, numerator_where, "
                    "denominator_where, percentile, orders, deliveries, grace_days, "
                    'forecast, actual, lag, bucket, extensions; got "colour"'
                ),
            ),
            (
                "$.goals[0].target.value",
                'expected a decimal string or a number, got "1,250,000"',
            ),
            (
                "$.clauses[0].text",
                "expected a non-empty string, got nothing (required)",
            ),
            ("$.allocations[1].contribution", "no contribution with id 'lunch'"),
        ] == problems_of(document)

    def test_format_and_body(self, document: dict[str, Any]) -> None:
        """A missing format key does not hide the body's problems."""
        del document["format"]
        document["title"] = None

        assert [
            ("$.format", 'expected "mutualcommit.agreement", got nothing (required)'),
            ("$.title", "expected a string, got null"),
        ] == problems_of(document)

    def test_no_echo_of_what_was_reported(self, document: dict[str, Any]) -> None:
        """The invariants do not report again, in their words, a value already refused."""
        document["goals"][0]["target"] = "more"
        document["parties"][1]["capacity"][0]["unit"] = 7

        assert [
            ("$.parties[1].capacity[0].unit", "expected a string, got 7"),
            ("$.goals[0].target", 'expected an object (a target) or null, got "more"'),
        ] == problems_of(document)


class TestInvariants:
    """The model's invariants come back as FormatError with JSON paths."""

    def test_chained(self, document: dict[str, Any]) -> None:
        """The model's error is the FormatError's cause."""
        document["end"] = "2025-01-01"

        with pytest.raises(FormatError) as info:
            from_dict(document)

        assert isinstance(info.value.__cause__, InvalidAgreementError)
        assert [
            ("$.end", "the term ends (2025-01-01) before it starts (2026-01-01)")
        ] == list(info.value.problems)

    def test_no_cause_about_a_refused_value(self, document: dict[str, Any]) -> None:
        """A value the reader refused leaves no cause describing its stand-in."""
        document["contributions"][0]["kind"] = "mdf"

        with pytest.raises(FormatError) as info:
            from_dict(document)

        assert (None, True) == (
            info.value.__cause__,
            info.value.__suppress_context__,
        )

    def test_cause_keeps_only_the_invariants_own(
        self, document: dict[str, Any]
    ) -> None:
        """With a refused value, the cause holds the invariants' other problems only."""
        document["contributions"][0]["kind"] = "mdf"
        document["end"] = "2025-01-01"

        with pytest.raises(FormatError) as info:
            from_dict(document)

        cause = info.value.__cause__
        assert isinstance(cause, InvalidAgreementError)
        assert [
            ("end", "the term ends (2025-01-01) before it starts (2026-01-01)")
        ] == list(cause.problems)

    def test_pickles(self, document: dict[str, Any]) -> None:
        """The error survives pickling with its problems."""
        document["title"] = 5
        with pytest.raises(FormatError) as info:
            from_dict(document)

        unpickled = pickle.loads(pickle.dumps(info.value))  # noqa: S301 - our own bytes

        assert info.value.problems == unpickled.problems


class TestInputUntouched:
    """Reading never changes the caller's dict."""

    def test_from_dict(self, agreement: Agreement) -> None:
        """from_dict leaves its argument as it was."""
        document = to_dict(agreement)
        before = copy.deepcopy(document)

        from_dict(document)

        assert before == document


class TestHostileValues:
    """Values no JSON document holds are FormatErrors at their path."""

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (Decimal("sNaN"), "got sNaN"),
            (Decimal("-sNaN"), "got -sNaN"),
            (Decimal("NaN"), "got NaN"),
            (float("inf"), "got inf"),
            ({1, 2}, "a Python set"),
        ],
    )
    def test_in_extensions(
        self, document: dict[str, Any], value: object, message: str
    ) -> None:
        """A signalling NaN in extensions is reported, not a bare ValueError."""
        document["extensions"] = {"k": value}

        [(path, problem)] = problems_of(document)

        assert "$.extensions.k" == path
        assert message in problem

    def test_term_too_long(self, document: dict[str, Any]) -> None:
        """A term from the year 1 to 9999 is refused at load, at `$.end`."""
        document.update(start="0001-01-01", end="9999-12-31", signatures=[])

        [(path, problem)] = problems_of(document)

        assert "$.end" == path
        assert "at most 36525 days" in problem

    def test_review_rule(self, document: dict[str, Any]) -> None:
        """A rule with an hour part is refused at load, saying what is allowed."""
        document["review_rule"] = "FREQ=DAILY;BYHOUR=9"

        [(path, problem)] = problems_of(document)

        assert "$.review_rule" == path
        assert "a review rule may use FREQ" in problem

    def test_huge_format_version(self, document: dict[str, Any]) -> None:
        """A format version of 5000 digits is described, not written out."""
        document["format_version"] = 10**5000

        [(path, problem)] = problems_of(document)

        assert "$.format_version" == path
        assert "an integer of 16610 bits" in problem


def _with_raw(document: dict[str, Any], raw: str, *path: str | int) -> str:
    """Return *document*'s text with the JSON text *raw* at *path*."""
    holder: Any = document
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = "@@raw@@"
    return json.dumps(document).replace('"@@raw@@"', raw)


class TestQuotedKeys:
    """A key that is no plain name has one quoted path, and a refused value one problem."""

    @pytest.mark.parametrize(
        ("at", "path"),
        [
            (("extensions",), "$.extensions"),
            (("parties", 0, "extensions"), "$.parties[0].extensions"),
        ],
    )
    @pytest.mark.parametrize(
        ("key", "raw", "message"),
        [
            ("crm.system", "1e400", "expected a number a double can hold, got 1E+400"),
            (
                "a b",
                '"\\ud800"',
                "expected valid Unicode text, got a string with a lone surrogate",
            ),
        ],
    )
    def test_refused_once(
        self,
        document: dict[str, Any],
        at: tuple[str | int, ...],
        path: str,
        key: str,
        raw: str,
        message: str,
    ) -> None:
        """The reader refuses the value at the quoted key; the invariants add nothing."""
        text = _with_raw(document, "{" + json.dumps(key) + ": " + raw + "}", *at)

        assert [(f"{path}[{json.dumps(key)}]", message)] == text_problems(text)

    def test_where_keys_one_in_nfc(self, document: dict[str, Any]) -> None:
        """Two where keys that are one text in NFC: the second, quoted as written."""
        text = _with_raw(
            document,
            '{"\\u00cele.x": "a", "I\\u0302le.x": "b"}',
            "goals",
            0,
            "target",
            "where",
        )

        assert [
            (
                '$.goals[0].target.where["I\\u0302le.x"]',
                "a second key that is the same text in Unicode NFC form",
            )
        ] == text_problems(text)

    def test_extension_keys_one_in_nfc(self, document: dict[str, Any]) -> None:
        """Two extensions keys that are one text in NFC are the host's: both kept, as written."""
        text = _with_raw(
            document, '{"\\u00cele.x": 1, "I\\u0302le.x": 2}', "extensions"
        )

        agreement = loads(text)

        assert {"\u00cele.x": 1, "I\u0302le.x": 2} == dict(agreement.extensions)
        assert agreement == loads(dumps(agreement, canonical=True))


class TestNoDanglingAt:
    """A syntax error's message ends in a word, not in the reader's dropped position."""

    @pytest.mark.parametrize(
        ("text", "problem"),
        [
            (
                '{"title": "Acme',
                "invalid JSON at line 1, column 11: Unterminated string starting here",
            ),
            (
                '{"title": "Acme\tGlobex"}',
                (
                    "invalid JSON at line 1, column 16: Invalid control character here; "
                    "a string holds a line break or a tab: keep the string on one line "
                    "(write \\n for a line break)"
                ),
            ),
        ],
    )
    def test_here(self, text: str, problem: str) -> None:
        """The reader's "starting at" is "starting here": the position is said first."""
        assert [("$", problem)] == text_problems(text)


class TestRefusedValueOnce:
    """A value the invariants refuse is reported once, not again where it is used."""

    @pytest.mark.parametrize("typed", ['"eur"', '"EURO"', '"E"'])
    def test_currency(self, typed: str) -> None:
        """A malformed currency is not blamed on the fund that is money in it."""
        text = _it_vendor_with('"currency": "EUR"', f'"currency": {typed}')

        assert [
            ("$.currency", f"expected a three-letter upper-case code, got {typed}")
        ] == text_problems(text)

    def test_metric_unit(self) -> None:
        """A metric's malformed unit is not blamed on the fund and tiers that use it."""
        document = json.loads(_it_vendor_with("", ""))
        document["metrics"][1]["unit"] = "eur"  # partner-revenue

        assert [
            (
                "$.metrics[1].unit",
                (
                    "expected a three-letter upper-case currency code or one of "
                    'count, percent, fte, hour, day; got "eur"'
                    ' (did you mean "EUR"?)'
                ),
            )
        ] == problems_of(document)

    def test_identifier(self) -> None:
        """A malformed id is not reported again at every reference to it."""
        text = _it_vendor_with("", "").replace('"globex"', '"globex gmbh"')
        rule = IDENTIFIER_RULE.replace('"bad id"', '"globex gmbh"')

        assert [("$.parties[1].id", rule)] == text_problems(text)

    def test_allocation_unit(self) -> None:
        """A fund's malformed amount unit is reported once, at its path."""
        document = json.loads(_it_vendor_with("", ""))
        document["allocations"][0]["amount"]["unit"] = "eur"

        assert [
            (
                "$.allocations[0].amount.unit",
                (
                    "expected a three-letter upper-case currency code or one of "
                    'count, percent, fte, hour, day; got "eur"'
                    ' (did you mean "EUR"?)'
                ),
            )
        ] == problems_of(document)


#: Python 3.13's reader stops at a comma before } or ], in its own words.
_STOPS_AT_COMMA = sys.version_info >= (3, 13)


class TestHandEditingHints:
    """A syntax slip a text editor makes easy is named in plain words, where it is."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                '{"a": 1,\n}',
                (
                    "invalid JSON at line 1, column 8: Illegal trailing comma before "
                    "end of object; JSON allows no comma before }: remove the last "
                    "comma"
                    if _STOPS_AT_COMMA
                    else "invalid JSON at line 2, column 1: Expecting property name "
                    "enclosed in double quotes; JSON allows no comma before }: remove "
                    "the last comma"
                ),
            ),
            (
                '{"a": [1,]}',
                (
                    "invalid JSON at line 1, column 9: Illegal trailing comma before "
                    "end of array; JSON allows no comma before ]: remove the last comma"
                    if _STOPS_AT_COMMA
                    else "invalid JSON at line 1, column 10: Expecting value; JSON "
                    "allows no comma before ]: remove the last comma"
                ),
            ),
            (
                '{\n  // a note\n  "a": 1}',
                (
                    "invalid JSON at line 2, column 3: Expecting property name "
                    "enclosed in double quotes; JSON has no comments: remove the comment"
                ),
            ),
            (
                '{"a": 1,\n# a note\n"b": 2}',
                (
                    "invalid JSON at line 2, column 1: Expecting property name "
                    "enclosed in double quotes; JSON has no comments: remove the comment"
                ),
            ),
            (
                "{'a': 1}",
                (
                    "invalid JSON at line 1, column 2: Expecting property name "
                    "enclosed in double quotes; JSON strings and keys take double "
                    'quotes ("), not single quotes'
                ),
            ),
            (
                "{\u201ca\u201d: 1}",
                (
                    "invalid JSON at line 1, column 2: Expecting property name "
                    "enclosed in double quotes; a typographic quote \u201c is not a "
                    'JSON quote: use the straight double quote (") and turn off smart '
                    "quotes in the editor"
                ),
            ),
            (
                '{\n\u00a0\u00a0"a": 1}',
                (
                    "invalid JSON at line 2, column 1: Expecting property name "
                    "enclosed in double quotes; a non-breaking space (U+00A0) is "
                    "here: replace it with a plain space"
                ),
            ),
            (
                '{"a": {"b": 1',
                (
                    "invalid JSON at line 1, column 14: Expecting ',' delimiter; the "
                    "text ends here, before its objects and arrays are closed: is the "
                    "file cut short?"
                ),
            ),
            (
                "",
                (
                    "invalid JSON at line 1, column 1: Expecting value; the text is "
                    "empty (was the file saved?)"
                ),
            ),
            (
                '{"a": "C:\\Users"}',
                (
                    "invalid JSON at line 1, column 10: Invalid \\escape; a "
                    "backslash in a string starts an escape: write \\\\ for one "
                    "backslash (a Windows path: C:\\\\Users, or C:/Users)"
                ),
            ),
            (
                '{"a": 1}\x1a',
                (
                    "invalid JSON at line 1, column 9: Extra data; an invisible "
                    "control character (U+001A) is here: remove it"
                ),
            ),
        ],
    )
    def test_slips(self, text: str, expected: str) -> None:
        """Each slip keeps its line and column and says what it is."""
        assert [("$", expected)] == text_problems(text)

    def test_same_words_in_a_policy(self) -> None:
        """The policy reader gives the same hint as the agreement reader."""
        with pytest.raises(FormatError) as caught:
            policy_from_json('{"format": "mutualcommit.policy",\n// a note\n}')

        assert (
            "invalid JSON at line 2, column 1: Expecting property name enclosed "
            "in double quotes; JSON has no comments: remove the comment"
        ) == caught.value.problems[0][1]

    def test_same_words_in_a_log(self) -> None:
        """A line of a log gives the same hint, its line in the path."""
        with pytest.raises(FormatError) as caught:
            load_observations("{'metric': 'x'}\n")

        assert (
            "line 1",
            (
                "invalid JSON at column 2: Expecting property name enclosed in double "
                'quotes; JSON strings and keys take double quotes ("), not single quotes'
            ),
        ) == caught.value.problems[0]

    def test_utf16(self) -> None:
        """UTF-16 bytes (Notepad's "Unicode") are named as such."""
        data = '{"a": 1}'.encode("utf-16")

        assert [
            (
                "$",
                (
                    'expected UTF-8 text: it is UTF-16 (Notepad\'s "Unicode"; it starts '
                    "with a UTF-16 byte order mark): save it as UTF-8"
                ),
            )
        ] == text_problems(data)


#: What every reader says of UTF-16 text that starts without its mark.
_UTF16_WITHOUT_BOM = (
    "it is UTF-16 without a byte order mark (a zero byte every other byte, as "
    "UTF-16 writes plain text): save it as UTF-8"
)


class TestUtf16WithoutItsMark:
    """UTF-16 without a byte order mark (PowerShell, .NET exporters) is named as UTF-16.

    Its plain text is valid UTF-8, with a NUL every other character: the
    readers said to remove an invisible control character (U+0000), of
    which there were thousands.
    """

    @pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
    def test_a_document(self, encoding: str) -> None:
        """The agreement, as text or bytes, and the policy: the hint names UTF-16."""
        data = _it_vendor_text().encode(encoding)

        for problems in (text_problems(data), text_problems(data.decode("utf-8"))):
            assert [("$", True)] == [
                (path, message.endswith(f"; {_UTF16_WITHOUT_BOM}"))
                for path, message in problems
            ]
        policy = '{"format": "mutualcommit.policy", "format_version": 1}'
        with pytest.raises(FormatError) as caught:
            policy_from_json(policy.encode(encoding).decode("utf-8"))
        assert caught.value.problems[0][1].endswith(f"; {_UTF16_WITHOUT_BOM}")

    @pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
    def test_a_log(self, encoding: str) -> None:
        """A log's bytes are one problem, as compressed bytes are; its text, one a line."""
        text = '{"metric": "m", "at": "2026-01-05", "value": "1"}\n' * 3

        with pytest.raises(FormatError) as as_bytes:
            load_observations(text.encode(encoding))
        with pytest.raises(FormatError) as as_text:
            load_observations(text.encode(encoding).decode("utf-8"))

        assert (("line 1", f"expected UTF-8 text: {_UTF16_WITHOUT_BOM}"),) == (
            as_bytes.value.problems
        )
        assert [("line 1", True), ("line 2", True), ("line 3", True)] == [
            (path, message.endswith(f"; {_UTF16_WITHOUT_BOM}"))
            for path, message in as_text.value.problems[:3]
        ]

    def test_text_that_is_not_utf8_either(self) -> None:
        """Latin-1 letters in UTF-16 are bytes no UTF-8 reader takes: named as UTF-16 too.

        Not "was the file saved as Windows-1252 or Latin-1?".
        """
        data = '{"title": "Société"}'.encode("utf-16-le")

        assert [("$", f"expected UTF-8 text: {_UTF16_WITHOUT_BOM}")] == text_problems(
            data
        )

    @given(st.text(st.characters(min_codepoint=1, max_codepoint=0xFF), min_size=2))
    def test_the_rhythm(self, text: str) -> None:
        """Latin-1 text in UTF-16 of either order is UTF-16; in UTF-8, never."""
        assert (True, True, False) == (
            utf16_without_bom(text.encode("utf-16-le")),
            utf16_without_bom(text.encode("utf-16-be").decode("latin-1")),
            utf16_without_bom(text.encode("utf-8")),
        )

    def test_a_stray_nul_is_not_utf16(self) -> None:
        """One NUL in a UTF-8 document is still an invisible character to remove."""
        assert [
            (
                "$",
                (
                    "invalid JSON at line 1, column 2: Expecting property name "
                    "enclosed in double quotes; an invisible control character "
                    "(U+0000) is here: remove it"
                ),
            )
        ] == text_problems('{\x00"a": 1, "b": 2}')


class TestHeadings:
    """A reader's error is headed with what it read, as the command line heads it."""

    def test_each_reader(self) -> None:
        """A document, a policy, observations, a fund log and a portfolio's streams."""
        readers: list[tuple[Callable[[str], object], str]] = [
            (loads, "{"),
            (policy_from_json, "{"),
            (load_observations, '{"metric": "m", "at": "x", "value": "1"}\n'),
            (lambda text: list(iter_observations(text)), "{\n"),
            (load_fund_events, "{\n"),
            (load_portfolio_observations, "{\n"),
            (load_portfolio_fund_events, "{\n"),
        ]
        headings = []
        for read, text in readers:
            with pytest.raises(FormatError) as caught:
                read(text)
            headings.append(str(caught.value).partition(" (")[0])

        assert [
            "invalid document",
            "invalid policy",
            "invalid observations",
            "invalid observations",
            "invalid fund log",
            "invalid observations",
            "invalid fund log",
        ] == headings


#: What every reader says of UTF-32 text that starts without its mark.
_UTF32_WITHOUT_BOM = (
    "it is UTF-32 without a byte order mark (three zero bytes in every four, "
    "as UTF-32 writes plain text): save it as UTF-8"
)


class TestUtf32:
    """UTF-32 text is named as UTF-32: not as UTF-16, nor as NULs to remove."""

    @pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be"])
    def test_with_its_mark(self, encoding: str) -> None:
        """Its mark (the little-endian one starts as UTF-16's does) names it."""
        data = "\ufeff".encode(encoding)[-4:] + '{"a": 1}'.encode(encoding)[-32:]

        assert [
            (
                "$",
                (
                    "expected UTF-8 text: it is UTF-32 (it starts with a UTF-32 "
                    "byte order mark): save it as UTF-8"
                ),
            )
        ] == text_problems(data)

    @pytest.mark.parametrize(
        ("encoding", "where"),
        [
            (
                "utf-32-le",
                "column 2: Expecting property name enclosed in double quotes",
            ),
            ("utf-32-be", "column 1: Expecting value"),
        ],
    )
    def test_without_its_mark(self, encoding: str, where: str) -> None:
        """Plain text, valid UTF-8 with three NULs a character, is UTF-32 by its rhythm."""
        data = _it_vendor_text().encode(encoding)

        assert [
            ("$", f"invalid JSON at line 1, {where}; {_UTF32_WITHOUT_BOM}")
        ] == text_problems(data)

    def test_text_that_is_not_utf8_either(self) -> None:
        """Latin-1 letters and kanji in UTF-32 are no UTF-8: named as UTF-32 too."""
        data = '{"title": "Société 日本"}'.encode("utf-32-le")

        assert [("$", f"expected UTF-8 text: {_UTF32_WITHOUT_BOM}")] == text_problems(
            data
        )

    def test_in_a_policy(self) -> None:
        """The policy's reader says the same of the same bytes."""
        with pytest.raises(FormatError) as caught:
            policy_from_json('{"format": "mutualcommit.policy"}'.encode("utf-32"))

        assert (
            "expected UTF-8 text: it is UTF-32 (it starts with a UTF-32 byte order "
            "mark): save it as UTF-8"
        ) == caught.value.problems[0][1]

    @given(
        st.text(
            st.characters(
                min_codepoint=1, max_codepoint=0xFFFF, exclude_categories=["Cs"]
            ),
            min_size=2,
        )
    )
    def test_the_rhythm(self, text: str) -> None:
        """Text in UTF-32 of either order is UTF-32 and not UTF-16; in UTF-16 or UTF-8, never UTF-32."""
        assert (True, True, False, False, False, False) == (
            utf32_without_bom(text.encode("utf-32-le")),
            utf32_without_bom(text.encode("utf-32-be")),
            utf16_without_bom(text.encode("utf-32-le")),
            utf16_without_bom(text.encode("utf-32-be")),
            utf32_without_bom(text.encode("utf-16-le")),
            utf32_without_bom(text.encode("utf-8")),
        )


class TestTextAsTyped:
    """A message quotes the user's text as typed, escaping only what cannot be seen."""

    def test_non_ascii(self) -> None:
        r"""Accents, symbols and Japanese are shown as typed, not as \u escapes."""
        text = _it_vendor_text().replace('"role": "vendor"', '"role": "Verkäufer"', 1)
        text = text.replace('"start": "2026-01-01"', '"start": "１日"', 1)

        assert [
            (
                "$.parties[0].role",
                'expected one of "vendor", "partner", got "Verkäufer"',
            ),
            ("$.start", 'expected a date YYYY-MM-DD, got "１日"'),
        ] == text_problems(text)

    def test_controls_escaped(self) -> None:
        """An escape, a bidirectional override and a no-break space stay escaped."""
        text = _it_vendor_text().replace(
            '"role": "vendor"', '"role": "v\\u001b\\u202e\\u00a0€"', 1
        )

        assert [
            (
                "$.parties[0].role",
                'expected one of "vendor", "partner", got "v\\u001b\\u202e\\u00a0€"',
            )
        ] == text_problems(text)

    def test_keys_in_paths(self) -> None:
        r"""A key in a path is shown as typed; only what cannot be seen is escaped.

        A key not in NFC keeps its escapes, so that it is not taken for the
        key its NFC spelling shows as.
        """
        document = json.loads(_it_vendor_text())
        document["goals"][0]["target"]["where"] = {
            "région": 5,
            "地域": 6,
            "a\u00a0b": 7,
            "I\u0302le": 8,
            "x\U000e0001": 9,
        }

        assert [
            '$.goals[0].target.where["région"]',
            '$.goals[0].target.where["地域"]',
            '$.goals[0].target.where["a\\u00a0b"]',
            '$.goals[0].target.where["I\\u0302le"]',
            '$.goals[0].target.where["x\\udb40\\udc01"]',
        ] == [path for path, _ in problems_of(document)]

    def test_policy(self) -> None:
        """The policy reader quotes as the agreement reader does."""
        with pytest.raises(FormatError) as caught:
            policy_from_json(
                '{"format": "mutualcommit.policy", "severities": {"MC205": "Fehlér"}}'
            )

        assert caught.value.problems[0][1].endswith('got "Fehlér"')


def _it_vendor_text() -> str:
    return (_IT_VENDOR / "agreement.json").read_text(encoding="utf-8")


class TestDidYouMean:
    """A value that must be one of a list, or name an id, is told the likely one."""

    @pytest.mark.parametrize(
        ("find", "typed", "path", "meant"),
        [
            ('"role": "vendor"', '"role": "Vendor"', "$.parties[0].role", '"vendor"'),
            (
                '"direction": "at_most"',
                '"direction": "at most"',
                "$.goals[3].target.direction",
                '"at_most"',
            ),
            (
                '"direction": "at_most"',
                '"direction": "at_mostt"',
                "$.goals[3].target.direction",
                '"at_most"',
            ),
            (
                '"per": "quarter"',
                '"per": "quarterly"',
                "$.goals[0].target.per",
                '"quarter"',
            ),
            (
                '"aggregation": "mean"',
                '"aggregation": "average"',
                "$.metrics[6].aggregation",
                '"mean"',
            ),
            (
                '"unit": "hour"',
                '"unit": "hours"',
                "$.parties[0].capacity[1].unit",
                '"hour"',
            ),
            (
                '"party": "globex",\n      "title": "Source',
                '"party": "Globex",\n      "title": "Source',
                "$.contributions[0].party",
                "'globex'",
            ),
            (
                '"co-sell-opportunities",\n        "',
                '"co-sell-oportunities",\n        "',
                "$.contributions[0].supports[0]",
                "'co-sell-opportunities'",
            ),
            (
                '"metric": "dr-approval-days"',
                '"metric": "dr-aproval-days"',
                "$.goals[3].target.metric",
                "'dr-approval-days'",
            ),
            (
                '"review_rule": "FREQ=MONTHLY;',
                '"review_rule": "FREQ=MONTHY;',
                "$.review_rule",
                "MONTHLY",
            ),
        ],
    )
    def test_agreement(self, find: str, typed: str, path: str, meant: str) -> None:
        """One line per problem, at its path, ending with the likely value."""
        text = _it_vendor_text()
        assert find in text
        problems = text_problems(text.replace(find, typed, 1))

        assert [path] == [at for at, _ in problems]
        assert problems[0][1].endswith(f" (did you mean {meant}?)")
        assert "\n" not in problems[0][1]

    def test_no_likely_value(self) -> None:
        """A value close to none of the list is told the list alone."""
        text = _it_vendor_text().replace('"role": "vendor"', '"role": "seller"', 1)

        assert "did you mean" not in text_problems(text)[0][1]

    def test_built_in_code(self) -> None:
        """The model's own check of an enum value suggests as the reader does."""
        from mutualcommit.model import Party

        with pytest.raises(
            ValueError, match=r"got str 'Vendor' \(did you mean 'vendor'\?\)"
        ):
            Party(id="acme", name="Acme", role="Vendor")

    def test_observation_metric(self) -> None:
        """An observation of a misspelt metric is told the agreement's likely one."""
        from mutualcommit.errors import InvalidObservationsError
        from mutualcommit.kpi import evaluate

        agreement = loads(_it_vendor_text())
        log = load_observations(
            '{"metric": "cosell-opp", "at": "2026-01-05", "value": "1"}\n'
        )

        with pytest.raises(InvalidObservationsError) as caught:
            evaluate(agreement, log, as_of=agreement.start)

        assert caught.value.problems[0][1].startswith(
            "unknown metric 'cosell-opp' (did you mean 'cosell-opps'?) "
        )

    def test_fund_event_kind(self) -> None:
        """A fund event of a misspelt kind is told the likely kind."""
        from mutualcommit.serialize import load_fund_events

        log = (
            '{"fund": "acme-mdf-budget", "event": "aproval", "at": "2026-02-14", '
            '"ref": "A-101", "amount": "12000", "request": "R-101"}\n'
        )

        with pytest.raises(FormatError) as caught:
            load_fund_events(log)

        assert caught.value.problems[0][1].endswith(' (did you mean "approval"?)')


class TestFormatTypo:
    """A slip in the format tag is told the tag, and the rest is still read."""

    def test_other_problems_listed_too(self) -> None:
        """The tag's problem, with the tag meant, then the document's others."""
        text = _it_vendor_text().replace(
            '"format": "mutualcommit.agreement"', '"format": "mutualcommit.agreemnt"', 1
        )
        text = text.replace('"role": "vendor"', '"role": "seller"', 1)

        assert [
            (
                "$.format",
                (
                    'expected "mutualcommit.agreement", got "mutualcommit.agreemnt" '
                    '(did you mean "mutualcommit.agreement"?)'
                ),
            ),
            ("$.parties[0].role", 'expected one of "vendor", "partner", got "seller"'),
        ] == text_problems(text)

    def test_alone(self) -> None:
        """A document right but for the tag is refused all the same."""
        document = json.loads(_it_vendor_text())
        document["format"] = "mutualcommit.Agreement"

        assert ["$.format"] == [path for path, _ in problems_of(document)]

    @pytest.mark.parametrize("tag", ["mutualcommit.policy", "mutualcommit.funds", "x"])
    def test_another_document(self, tag: str) -> None:
        """Another document's tag, or one close to none: that problem alone."""
        document = json.loads(_it_vendor_text())
        document["format"] = tag
        document["start"] = "nope"

        assert [("$.format", f'expected "mutualcommit.agreement", got "{tag}"')] == (
            problems_of(document)
        )
