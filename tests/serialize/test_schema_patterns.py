r"""The schemas' patterns: one syntax every validator's regex engine reads alike.

A validator compiles a schema's ``pattern`` with its language's engine:
ECMA-262's in JavaScript (with its ``u`` flag or without), RE2's in Go,
PCRE's or Python's ``re`` elsewhere. The patterns keep to what all of them
read alike (no lookaround, no ``\u`` escape, no class escape such as
``\s``), and a spelt string's definition refuses a line break with a
second pattern, since the ``$`` of Python and PCRE also matches before one
at the end.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from mutualcommit import json_schema
from mutualcommit.serialize._schema import SCHEMA_DOCUMENTS
from mutualcommit.serialize._shape import PATTERNS


def _patterns(value: object, path: str) -> Iterator[tuple[str, str]]:
    """Yield every ``pattern`` keyword's value in a schema, with where it is."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "pattern" and isinstance(item, str):
                yield path, item
            else:
                yield from _patterns(item, f"{path}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _patterns(item, f"{path}/{index}")


#: Every pattern of the five schemas, by the first place it is found.
EVERY_PATTERN: dict[str, str] = {}
for _document in SCHEMA_DOCUMENTS:
    for _path, _pattern in _patterns(json_schema(_document), _document):  # type: ignore[arg-type]
        if _pattern not in EVERY_PATTERN.values():
            EVERY_PATTERN[_path] = _pattern

#: The one escape of a character beyond ASCII every engine reads alike
#: (``\xhh``), a line break, and a syntax character taken as itself.
_ESCAPE = re.compile(r"\\(?:x[0-9a-f]{2}|n|[.\-\\/\[\]^$*+?(){}|])")


class TestSyntax:
    """Each pattern is written in the syntax ECMA-262, RE2 and Python share."""

    @pytest.mark.parametrize("where", list(EVERY_PATTERN))
    def test_no_construct_one_engine_lacks(self, where: str) -> None:
        r"""No lookaround, no ``\u`` or ``\x{...}``, no ``\s``, ``\d`` or ``\w``, no ``.``.

        RE2 has no lookaround and no ``\u1680`` (it writes ``\x{1680}``,
        which ECMA-262 refuses); ``\s``, ``\d``, ``\w`` and ``.`` match
        other characters in each engine (``\d`` takes every script's digits
        in Python). A character beyond U+FFFF would be two code units to
        ECMA-262 without its ``u`` flag.
        """
        pattern = EVERY_PATTERN[where]
        escapes = re.findall(r"\\.", pattern)
        unread = re.sub(_ESCAPE, "", pattern)

        assert [] == [e for e in escapes if not _ESCAPE.match(e + "00")]
        assert "\\" not in unread
        assert "(?" not in unread.replace("(?:", "")
        assert "." not in re.sub(r"\[[^\]]*\]", "", unread)
        assert all(ord(c) <= 0xFFFF for c in pattern)

    def test_every_pattern_is_collected(self) -> None:
        """The patterns checked are the spelt strings', the names', the refs' and the exception keys'."""
        assert len(EVERY_PATTERN) == len(PATTERNS) + 4
        assert "\\n" in EVERY_PATTERN.values()


def _anchored_before(pattern: str) -> str:
    r"""A spelt string's pattern as the schema wrote it before: ``$`` then ``(?!\n)``."""
    return f"^(?:{pattern})$(?!\\n)"


#: The exception key's pattern before, with ``[\s\S]`` and a lookahead.
_EXCEPTION_KEY_BEFORE = "^" + PATTERNS["identifier"] + r"/(?:[\s\S]*/)?[^/]+$(?!\n)"

#: The name and ref classes before, with ``\u`` escapes.
_SPACE_BEFORE = (
    r"\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029"
    r"\u202f\u205f\u3000"
)
_NOT_BLANK_BEFORE = (
    f"[^{_SPACE_BEFORE}"
    r"\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8]"
)

#: A good string of each spelt kind.
_GOOD = {
    "identifier": ["a", "acme-globex-2026", "A1._:-", "x" * 128],
    "currency": ["EUR", "USD"],
    "unit": ["EUR", "count", "percent", "fte", "hour", "day"],
    "fingerprint": ["sha256:" + "0" * 64, "sha256:" + "ab" * 32],
    "decimal": ["12", "-0.5", "1.5E+6", "1e3", "1E+0000001", "0"],
    "date": ["2026-03-31", "0001-01-01"],
}
#: What may stand around one, or replace it: a line break at either end
#: (the one Python's ``$`` lets through), spaces, a second line.
_AROUND = ["", "\n", "\r\n", "\n\n", " ", "\t", "x", "\u2028", "\x85"]


def _variants(good: list[str]) -> list[str]:
    """Each good string alone, with each of `_AROUND` before or after it, and broken in two."""
    found = {""}
    for text in good:
        for extra in _AROUND:
            found.update({text + extra, extra + text, text[:1] + extra + text[1:]})
    found.update(extra + other for extra in _AROUND for other in _AROUND)
    return sorted(found)


def _search(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


def _fullmatch(pattern: str, text: str) -> bool:
    # A validator that anchors a pattern itself.
    return re.fullmatch(pattern, text) is not None


class TestTheSameStringsAsBefore:
    """Rewritten for RE2, each definition accepts the strings it accepted before, in Python."""

    @pytest.mark.parametrize("name", sorted(PATTERNS))
    def test_a_spelt_string(self, name: str) -> None:
        r"""Its pattern and its refused line break: the old ``$(?!\n)`` pattern's strings.

        Read as JSON Schema reads a pattern (a search), and as a validator
        that anchors it reads it (a full match), with Python's ``re``; and
        as the Python validator the tests use reads the definition.
        """
        definition = json_schema()["$defs"][name]
        validator = Draft202012Validator(definition)
        before = _anchored_before(PATTERNS[name])
        refused = definition["not"]["pattern"]

        for text in _variants(_GOOD[name]):
            old = _search(before, text)
            assert old == _fullmatch(before, text), repr(text)
            assert (old, old, old) == (
                _search(definition["pattern"], text) and not _search(refused, text),
                _fullmatch(definition["pattern"], text) and not _search(refused, text),
                validator.is_valid(text),
            ), repr(text)

    def test_an_exception_key(self) -> None:
        """Every key of up to six characters after a criterion's id: the old pattern's verdict.

        Searched, as JSON Schema reads a pattern, or fully matched, as a
        validator that anchors it does.
        """
        pattern = json_schema()["$defs"]["ActionItem"]["properties"]["exceptions"][
            "items"
        ]["pattern"]
        tails = [
            "".join(chars)
            for size in range(7)
            for chars in itertools.product(["a", "/", "\n", " "], repeat=size)
        ]

        for key in (
            f"{start}{tail}" for start in ("", "fill", "fill/") for tail in tails
        ):
            old = _search(_EXCEPTION_KEY_BEFORE, key)
            assert (old, old) == (
                _search(pattern, key),
                _fullmatch(pattern, key),
            ), repr(key)

    @pytest.mark.parametrize(
        ("schema", "before"),
        [("name", _NOT_BLANK_BEFORE), ("ref", f"[^{_SPACE_BEFORE}]")],
        ids=["name", "ref"],
    )
    def test_a_name_or_a_ref(self, schema: str, before: str) -> None:
        """Below U+10000, each character alone and after a space: the old class's verdict."""
        document = json_schema("observation") if schema == "ref" else json_schema()
        pattern = (
            document["properties"]["ref"]["anyOf"][0]["pattern"]
            if schema == "ref"
            else document["$defs"]["Party"]["properties"]["name"]["pattern"]
        )
        old, new = re.compile(before).search, re.compile(pattern).search

        assert [] == [
            hex(code)
            for code in range(0x10000)
            for text in (chr(code), " " + chr(code))
            if not 0xD800 <= code <= 0xDFFF
            and (old(text) is None) != (new(text) is None)
        ]


def _checks() -> list[dict[str, Any]]:
    """Each pattern with the strings to judge, and the pattern the string must not match."""
    schema = json_schema()
    checks = [
        {
            "pattern": schema["$defs"][name]["pattern"],
            "not": schema["$defs"][name]["not"]["pattern"],
            "strings": _variants(_GOOD[name]),
        }
        for name in sorted(PATTERNS)
    ]
    checks.append(
        {
            "pattern": schema["$defs"]["ActionItem"]["properties"]["exceptions"][
                "items"
            ]["pattern"],
            "not": "",
            "strings": _variants(
                ["fill/FY2026-M03", "fill/a/b/FY2026-M03", "fill/", "fill//"]
            ),
        }
    )
    bmp = [
        prefix + chr(code)
        for code in range(0x10000)
        if not 0xD800 <= code <= 0xDFFF
        for prefix in ("", " ")
    ]
    checks.extend(
        {"pattern": pattern, "not": "", "strings": bmp}
        for pattern in (
            schema["$defs"]["Party"]["properties"]["name"]["pattern"],
            json_schema("fund_event")["properties"]["ref"]["pattern"],
        )
    )
    return checks


def _python(checks: list[dict[str, Any]]) -> list[list[bool]]:
    """What Python's ``re`` says of each string, as JSON Schema reads the two patterns."""
    return [
        [
            _search(check["pattern"], text)
            and not (check["not"] and _search(check["not"], text))
            for text in check["strings"]
        ]
        for check in checks
    ]


_NODE = """
const checks = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = {};
for (const flags of ["", "u"]) {
  out[flags || "-"] = checks.map((c) => {
    const p = new RegExp(c.pattern, flags);
    const n = c.not ? new RegExp(c.not, flags) : null;
    return c.strings.map((s) => p.test(s) && !(n && n.test(s)));
  });
}
console.log(JSON.stringify(out));
"""

_GO = """
package main

import (
	"encoding/json"
	"os"
	"regexp"
)

type check struct {
	Pattern string   `json:"pattern"`
	Not     string   `json:"not"`
	Strings []string `json:"strings"`
}

func main() {
	var checks []check
	if err := json.NewDecoder(os.Stdin).Decode(&checks); err != nil {
		panic(err)
	}
	out := [][]bool{}
	for _, c := range checks {
		p := regexp.MustCompile(c.Pattern)
		var n *regexp.Regexp
		if c.Not != "" {
			n = regexp.MustCompile(c.Not)
		}
		found := make([]bool, len(c.Strings))
		for i, s := range c.Strings {
			found[i] = p.MatchString(s) && (n == nil || !n.MatchString(s))
		}
		out = append(out, found)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
"""


class TestEveryEngine:
    """JavaScript's RegExp and Go's regexp accept exactly the strings Python's re does."""

    @pytest.mark.skipif(shutil.which("node") is None, reason="no node to run ECMA-262")
    def test_ecma_262(self) -> None:
        """With the u flag and without: every pattern compiles, and judges every string alike."""
        checks = _checks()
        ran = subprocess.run(  # noqa: S603 - node runs the script on the patterns
            [str(shutil.which("node")), "-e", _NODE],
            input=json.dumps(checks),
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        expected = _python(checks)

        assert {"-": expected, "u": expected} == json.loads(ran.stdout)

    @pytest.mark.skipif(shutil.which("go") is None, reason="no Go to run RE2")
    def test_re2(self, tmp_path: Path) -> None:
        """Go's regexp (RE2 syntax) compiles every pattern and judges every string alike."""
        checks = _checks()
        program = tmp_path / "patterns.go"
        program.write_text(_GO, encoding="utf-8")
        ran = subprocess.run(  # noqa: S603 - go runs the program on the patterns
            [str(shutil.which("go")), "run", str(program)],
            input=json.dumps(checks),
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
            env={
                **os.environ,
                "GOCACHE": str(tmp_path / "cache"),
                "GOPATH": str(tmp_path / "go"),
                "GO111MODULE": "off",
            },
        )

        assert _python(checks) == json.loads(ran.stdout)
