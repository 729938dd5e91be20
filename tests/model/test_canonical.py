from __future__ import annotations

import decimal
import json
import struct
from decimal import Decimal
from typing import Any

import attrs
import pytest

from mutualcommit.errors import ArgumentError
from mutualcommit.model import (
    FORMAT,
    FORMAT_VERSION,
    Agreement,
    Goal,
    Review,
    canonical_document,
    canonical_json,
    canonical_terms,
    decimal_text,
    number_text,
)

#: RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
_APPENDIX_B = [
    ("0000000000000000", "0"),
    ("8000000000000000", "0"),
    ("0000000000000001", "5e-324"),
    ("8000000000000001", "-5e-324"),
    ("7fefffffffffffff", "1.7976931348623157e+308"),
    ("ffefffffffffffff", "-1.7976931348623157e+308"),
    ("4340000000000000", "9007199254740992"),
    ("c340000000000000", "-9007199254740992"),
    ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"),
    ("44b52d02c7e14af6", "1e+23"),
    ("44b52d02c7e14af7", "1.0000000000000001e+23"),
    ("444b1ae4d6e2ef4e", "999999999999999700000"),
    ("444b1ae4d6e2ef4f", "999999999999999900000"),
    ("444b1ae4d6e2ef50", "1e+21"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
    ("3eb0c6f7a0b5ed8d", "0.000001"),
    ("41b3de4355555553", "333333333.3333332"),
    ("41b3de4355555554", "333333333.33333325"),
    ("41b3de4355555555", "333333333.3333333"),
    ("41b3de4355555556", "333333333.3333334"),
    ("41b3de4355555557", "333333333.33333343"),
    ("becbf647612f3696", "-0.0000033333333333333333"),
    ("43143ff3c1cb0959", "1424953923781206.2"),
]


def _double(bits: str) -> float:
    value: float = struct.unpack(">d", bytes.fromhex(bits))[0]
    return value


class TestNumberText:
    """JSON numbers take ECMAScript's form, as RFC 8785 §3.2.2.3 requires."""

    @pytest.mark.parametrize(("bits", "expected"), _APPENDIX_B)
    def test_appendix_b(self, bits: str, expected: str) -> None:
        """Every finite value of RFC 8785's Appendix B is written as the RFC says."""
        assert expected == number_text(_double(bits))

    @pytest.mark.parametrize(
        ("number", "expected"),
        [
            (1e21, "1e+21"),
            (333333333.33333329, "333333333.3333333"),
            (1e30, "1e+30"),
            (4.50, "4.5"),
            (2e-3, "0.002"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (-0.0, "0"),
            (0.000000000000000000000000001, "1e-27"),
            (1.5e-7, "1.5e-7"),
            (123e20, "1.23e+22"),
            (-1.25, "-1.25"),
        ],
        ids=repr,
    )
    def test_section_3_2_2_3(self, number: float, expected: str) -> None:
        """The floats of RFC 8785's examples are written as the RFC writes them."""
        assert expected == number_text(number)

    @pytest.mark.parametrize(
        ("number", "expected"),
        [
            (0, "0"),
            (-7, "-7"),
            (9007199254740991, "9007199254740991"),
            (9007199254740992, "9007199254740992"),
            (-9007199254740992, "-9007199254740992"),
            # Integers a double cannot hold are rounded to one first.
            (9007199254740993, "9007199254740992"),
            (295147905179352830000, "295147905179352830000"),
            (295147905179352825856, "295147905179352830000"),
            (10**21, "1e+21"),
            (10**22 + 1, "1e+22"),
        ],
        ids=str,
    )
    def test_integers(self, number: int, expected: str) -> None:
        """Integers are written as the double they become, as in ECMAScript."""
        assert expected == number_text(number)

    @pytest.mark.parametrize(
        "number", [float("nan"), float("inf"), float("-inf"), 10**400], ids=repr
    )
    def test_not_a_json_number(self, number: float) -> None:
        """NaN, infinities and integers beyond a double's range are refused."""
        with pytest.raises(ValueError, match="JSON"):
            number_text(number)


_RFC_EXAMPLE_INPUT = r"""{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}"""
_RFC_EXAMPLE_OUTPUT = (
    '{"literals":[null,true,false],'
    '"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
    '"string":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
)

_RFC_SORTING_INPUT = r"""{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
}"""


class TestCanonicalJson:
    """`canonical_json` writes RFC 8785 canonical JSON."""

    def test_rfc_example(self) -> None:
        """The example of RFC 8785 §3.2.3 comes out as the RFC's canonical text."""
        assert _RFC_EXAMPLE_OUTPUT == canonical_json(json.loads(_RFC_EXAMPLE_INPUT))

    def test_rfc_example_bytes(self) -> None:
        """The example's UTF-8 bytes are those the RFC lists in hex."""
        expected = bytes.fromhex(
            "7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72"
            "75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a"
            "5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31"
            "65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37"
            "5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30"
            "30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d"
        )

        assert expected == canonical_json(json.loads(_RFC_EXAMPLE_INPUT)).encode()

    def test_rfc_sorting(self) -> None:
        """Keys sort by UTF-16 code units: the RFC's sorting example, in its order."""
        text = canonical_json(json.loads(_RFC_SORTING_INPUT))

        assert [
            "Carriage Return",
            "One",
            "Control",
            "Latin Small Letter O With Diaeresis",
            "Euro Sign",
            "Emoji: Grinning Face",
            "Hebrew Letter Dalet With Dagesh",
        ] == list(json.loads(text).values())

    def test_rfc_sorting_text(self) -> None:
        """The sorted keys are written as they are, only control characters escaped."""
        text = canonical_json(json.loads(_RFC_SORTING_INPUT))

        assert text.startswith('{"\\r":"Carriage Return","1":"One","\u0080":"Control"')

    @pytest.mark.parametrize(
        ("string", "expected"),
        [
            ("\b\t\n\f\r", r'"\b\t\n\f\r"'),
            ("\x00\x01\x1f", r'"\u0000\u0001\u001f"'),
            ('"\\', r'"\"\\"'),
            ("/", '"/"'),
            ("\x7f\u0080\u2028\u2029", '"\x7f\u0080\u2028\u2029"'),
            ("€ 😀 ö", '"€ 😀 ö"'),
        ],
        # Plain ASCII ids: pytest keeps the ids it made from an ``ids``
        # argument and escapes them again when it collects a second time in
        # the same process (as mutmut does), so an id it had to escape is
        # then not found.
        ids=[
            "short-escapes",
            "other-controls",
            "quote-and-backslash",
            "solidus",
            "del-c1-and-separators",
            "non-ascii",
        ],
    )
    def test_string_escapes(self, string: str, expected: str) -> None:
        """Strings escape only what JSON must, with lower-case hex."""
        assert expected == canonical_json(string)

    def test_no_whitespace(self) -> None:
        """Nothing separates tokens; nested containers sort their own keys."""
        value = {"b": [1, {"d": None, "c": True}], "a": {}, "": []}

        assert '{"":[],"a":{},"b":[1,{"c":true,"d":null}]}' == canonical_json(value)

    def test_tuples_are_arrays(self) -> None:
        """Tuples (frozen lists) are written as arrays."""
        assert "[1,[2]]" == canonical_json((1, (2,)))

    @pytest.mark.parametrize(
        "value",
        [{1: "a"}, {"a": {None: 1}}, Decimal(1), {1, 2}, b"bytes"],
        ids=repr,
    )
    def test_not_json(self, value: Any) -> None:
        """A value JSON cannot hold is refused with TypeError, as `json` does."""
        with pytest.raises(TypeError, match="JSON"):
            canonical_json(value)

    @pytest.mark.parametrize("value", [float("nan"), [float("inf")]], ids=repr)
    def test_not_finite(self, value: Any) -> None:
        """A non-finite number is refused with ValueError."""
        with pytest.raises(ValueError, match="JSON"):
            canonical_json(value)

    @pytest.mark.parametrize(
        ("value", "error", "path", "message"),
        [
            ({1: "a"}, TypeError, "value", "JSON object keys must be strings, got 1"),
            (
                {"b": 2**60, "c": {"x y": [0, {None: 1}]}},
                TypeError,
                'value.c["x y"][1]',
                "JSON object keys must be strings, got None",
            ),
            (b"x", TypeError, "value", "not a JSON value: b'x'"),
            ([1.5, {1, 2}], TypeError, "value[1]", "not a JSON value: {1, 2}"),
            (float("nan"), ValueError, "value", "JSON has no non-finite numbers: nan"),
            (
                {"scores": [1, float("-inf")]},
                ValueError,
                "value.scores[1]",
                "JSON has no non-finite numbers: -inf",
            ),
            (10**400, ValueError, "value", f"number out of range for JSON: {10**400}"),
        ],
        ids=["int-key", "none-key", "bytes", "set", "nan", "minus-inf", "huge-int"],
    )
    def test_refusal_messages(
        self, value: Any, error: type[Exception], path: str, message: str
    ) -> None:
        """Each refusal is an ArgumentError naming what JSON cannot hold, and where."""
        with pytest.raises(error) as caught:
            canonical_json(value)

        assert isinstance(caught.value, ArgumentError)
        assert (path, f"{path}: {message}") == (
            caught.value.argument,
            str(caught.value),
        )

    def test_strings_are_not_normalised(self) -> None:
        """`canonical_json` writes strings as given (the document normalises them)."""
        assert '"e\u0301"' == canonical_json("e\u0301")


_ALL_TRAPS = [
    decimal.Clamped,
    decimal.DivisionByZero,
    decimal.FloatOperation,
    decimal.Inexact,
    decimal.InvalidOperation,
    decimal.Overflow,
    decimal.Rounded,
    decimal.Subnormal,
    decimal.Underflow,
]

_DECIMAL_TEXTS = [
    ("1.50", "1.5"),
    ("1E+3", "1000"),
    ("-0.0", "0"),
    ("0", "0"),
    ("0E-12", "0"),
    ("-0E+5", "0"),
    ("100", "100"),
    ("1.0E+1", "10"),
    ("-5E+2", "-500"),
    ("-1.2300", "-1.23"),
    ("1E-12", "0.000000000001"),
    ("1.000000000001", "1.000000000001"),
    ("12500.50", "12500.5"),
    ("999999999999999.999999999999", "999999999999999.999999999999"),
    ("-999999999999999", "-999999999999999"),
    ("123456789.123456789000", "123456789.123456789"),
]


class TestDecimalText:
    """Decimals are written without exponent, trailing zeros or negative zero."""

    @pytest.mark.parametrize(("text", "expected"), _DECIMAL_TEXTS)
    def test_canonical(self, text: str, expected: str) -> None:
        """Each spelling comes out in its canonical form."""
        assert expected == decimal_text(Decimal(text))

    @pytest.mark.parametrize(("text", "expected"), _DECIMAL_TEXTS)
    def test_small_context(self, text: str, expected: str) -> None:
        """A caller's 3-digit, rounding-down context changes nothing."""
        value = Decimal(text)

        with decimal.localcontext(prec=3, rounding=decimal.ROUND_DOWN):
            actual = decimal_text(value)

        assert expected == actual

    @pytest.mark.parametrize(("text", "expected"), _DECIMAL_TEXTS)
    def test_every_trap(self, text: str, expected: str) -> None:
        """A caller's context that traps every signal changes nothing."""
        value = Decimal(text)

        with decimal.localcontext(
            decimal.Context(prec=1, traps=_ALL_TRAPS, Emax=1, Emin=-1)
        ):
            actual = decimal_text(value)

        assert expected == actual


class TestCanonicalDocument:
    """The canonical document leaves out defaults and normalises its values."""

    def test_format(self, agreement: Agreement) -> None:
        """The document names its format and version first."""
        document = canonical_document(agreement)

        assert (FORMAT, FORMAT_VERSION) == (
            document["format"],
            document["format_version"],
        )
        assert "mutualcommit.agreement" == FORMAT

    def test_defaults_left_out(self, agreement: Agreement) -> None:
        """Fields equal to their default are not written."""
        document = canonical_document(agreement)

        assert "version" not in document
        assert "fiscal_calendar" not in document
        assert {"id", "title"} == set(document["goals"][2])
        assert "weight" not in document["goals"][0]
        assert "per" not in document["goals"][1]["target"]

    def test_decimals_and_dates(self, agreement: Agreement) -> None:
        """Decimals are canonical strings, dates ISO 8601, enums their values."""
        target = canonical_document(agreement)["goals"][1]["target"]

        assert {
            "metric": "revenue",
            "value": "500000",
            "direction": "at_least",
            "baseline": "250000",
            "due": "2026-12-15",
            "steps": [
                {"starting": "2026-07-01", "value": "600000"},
                {"starting": "2026-10-01", "value": "700000"},
            ],
        } == target

    def test_enum_members_are_plain_strings(self, agreement: Agreement) -> None:
        """An enum member is written as its value, a plain str as a JSON reader gives back."""
        document = canonical_document(agreement)

        assert [(str, "vendor"), (str, "partner"), (str, "partner")] == [
            (type(party["role"]), party["role"]) for party in document["parties"]
        ]

    def test_nfc(self, agreement: Agreement) -> None:
        """Strings are NFC-normalised, but those of extensions: host data, as held."""
        nfd = agreement.amend(
            title="Cafe\u0301",
            goals=(
                *agreement.goals[:2],
                Goal(id="spare", title="A\u030a", extensions={"e\u0301": "o\u0308"}),
            ),
        )

        document = canonical_document(nfd)

        assert "Caf\u00e9" == document["title"]
        assert {
            "id": "spare",
            "title": "\u00c5",
            "extensions": {"e\u0301": "o\u0308"},
        } == (document["goals"][2])

    def test_extensions_kept(self, agreement: Agreement) -> None:
        """The document keeps extensions; their numbers are JSON numbers (doubles)."""
        hosted = attrs.evolve(
            agreement, extensions={"crm": {"id": 2**60, "score": 0.5}}
        )

        document = canonical_document(hosted)

        assert {"crm": {"id": 2**60, "score": 0.5}} == document["extensions"]
        assert '{"crm":{"id":1152921504606847000,"score":0.5}}' == canonical_json(
            document["extensions"]
        )

    def test_terms(self, agreement: Agreement) -> None:
        """The terms leave out format_version, reviews, signatures and extensions."""
        review = Review(id="q2", held_on=agreement.end, extensions={"x": 1})
        hosted = attrs.evolve(
            agreement.record_review(review), extensions={"crm": "0015g00000XyZ"}
        )

        terms = canonical_terms(hosted)
        document = canonical_document(hosted)

        assert {"format_version", "reviews", "signatures", "extensions"} == set(
            document
        ) - set(terms)
        assert "mutualcommit.agreement" == terms["format"]
        assert "extensions" not in canonical_json(terms)
