"""Defaults: in the schema, on the format page, in what the writers leave out, in the fingerprint.

A client in another language learns from the JSON Schema (each key's
``default``) and from the format page (its table of defaults and its
recipe) which keys the canonical form leaves out. These tests hold the
three to the model: the page lists every default the schema gives, the
writers leave out exactly those values, and the fingerprint computed from
the page's recipe alone, over documents that write every default out, is
the library's.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from mutualcommit import (
    Agreement,
    dump_fund_events,
    dump_observations,
    from_dict,
    json_schema,
    load_fund_events,
    load_observations,
    loads,
    to_dict,
)
from mutualcommit.serialize import dumps
from mutualcommit.testing.strategies import agreements

ROOT = Path(__file__).resolve().parents[2]
FORMAT_PAGE = ROOT / "docs" / "format.md"
EXAMPLES = ROOT / "examples"

#: The page's name of a schema definition, where it is not the class's in words.
_NAMES = {"ResourceAllocation": "allocation"}
#: The page's name of each line's schema.
_LINES = {
    "observation": "observation (a line of the log)",
    "fund_event": "fund event (a line of the log)",
}


def _noun(definition: str) -> str:
    """``ExceptionCriterion`` as the page names it: ``exception criterion``."""
    return (
        _NAMES.get(definition) or re.sub(r"(?<!^)([A-Z])", r" \1", definition).lower()
    )


def _page_defaults() -> dict[str, dict[str, Any]]:
    """The format page's table of defaults: each object's keys and their defaults."""
    text = FORMAT_PAGE.read_text(encoding="utf-8")
    section = text.split("### Defaults\n", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| (.+?) \| (`.+`) \|$", section, flags=re.MULTILINE)
    return {
        name: {
            key: json.loads(value)
            for key, value in re.findall(r"`(\w+)`: `([^`]*)`", cell)
        }
        for name, cell in rows
    }


def _schema_defaults() -> dict[str, dict[str, Any]]:
    """The ``default`` of every key of every object of the five schemas, by the page's names."""
    schema = json_schema()
    objects = {
        "agreement": schema["properties"],
        **{
            _noun(name): definition["properties"]
            for name, definition in schema["$defs"].items()
            if "properties" in definition
        },
        **{
            _LINES[line]: json_schema(line)["properties"]  # type: ignore[arg-type]
            for line in _LINES
        },
    }
    found = {
        name: {key: kind["default"] for key, kind in keys.items() if "default" in kind}
        for name, keys in objects.items()
    }
    return {name: keys for name, keys in found.items() if keys}


class TestThePageListsThem:
    """The format page's table is the schema's defaults, every one."""

    def test_the_same(self) -> None:
        """Object by object, key by key, the same values."""
        assert _schema_defaults() == _page_defaults()

    def test_those_a_client_would_guess_wrong(self) -> None:
        """The defaults no empty value gives: each one the table and the schema say."""
        page = _page_defaults()

        assert [
            page["accrual"]["per"],
            page["fund"]["expiry"],
            page["metric"]["lag"],
            page["metric"]["grace_days"],
            page["remedy"]["grace"],
            page["review"]["kind"],
            page["fiscal calendar"],
            page["agreement"]["fiscal_calendar"],
            page["goal"]["weight"],
            page["agreement"]["version"],
        ] == [
            "quarter",
            "fiscal_year",
            0,
            0,
            "0",
            "scheduled",
            {"start_month": 1, "naming": "end"},
            {},
            "1",
            1,
        ]

    def test_the_lines_also_in_the_schema(self) -> None:
        """A line of a portfolio's stream has its log line's defaults."""
        for line, stream in (
            ("observation", "portfolio_observation"),
            ("fund_event", "portfolio_fund_event"),
        ):
            keys = json_schema(stream)["properties"]  # type: ignore[arg-type]
            assert _schema_defaults()[_LINES[line]] == {
                key: kind["default"] for key, kind in keys.items() if "default" in kind
            }


# -- a document with every default written out ----------------------------------


class _Walk:
    """A walk of a document by the agreement's schema: each object with its definition."""

    def __init__(self) -> None:
        self.schema = json_schema()
        self.defs = self.schema["$defs"]

    def resolve(self, kind: dict[str, Any], value: object) -> dict[str, Any]:
        """The schema *value* is read by: a $ref followed, the branch of an anyOf it takes."""
        if "$ref" in kind:
            return self.resolve(self.defs[kind["$ref"].rsplit("/", 1)[1]], value)
        for branch in kind.get("anyOf", ()):
            resolved = self.resolve(branch, value)
            if isinstance(value, dict) and "properties" in resolved:
                return resolved
            if isinstance(value, list) and resolved.get("type") == "array":
                return resolved
        return kind

    def name(self, kind: dict[str, Any]) -> str:
        """The page's name of an object's definition."""
        if kind is self.schema:
            return "agreement"
        (name,) = [n for n, d in self.defs.items() if d is kind]
        return _noun(name)


def _every_default(
    value: Any, kind: dict[str, Any], walk: _Walk, defaults: dict[str, dict[str, Any]]
) -> None:
    """Write every key the document leaves out at its default, in every object, in place."""
    kind = walk.resolve(kind, value)
    if isinstance(value, dict) and "properties" in kind:
        for key, default in defaults.get(walk.name(kind), {}).items():
            value.setdefault(key, copy.deepcopy(default))
        for key, item in value.items():
            if key != "extensions" and key in kind["properties"]:
                _every_default(item, kind["properties"][key], walk, defaults)
    elif isinstance(value, list) and "items" in kind:
        for item in value:
            _every_default(item, kind["items"], walk, defaults)


# -- the fingerprint, by the page's recipe alone -----------------------------------


def _decimal_text(value: object) -> str:
    """Step 3: no exponent, no trailing fractional zeros, "0" for zero."""
    number = Decimal(str(value))
    if number.is_zero():
        return "0"
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _is_decimal(kind: dict[str, Any]) -> bool:
    refs = [kind.get("$ref"), *(b.get("$ref") for b in kind.get("anyOf", ()))]
    return "#/$defs/decimal" in refs


def _terms(value: Any, kind: dict[str, Any], walk: _Walk) -> Any:
    """Steps 1 to 4 below the top: extensions out, NFC, decimals, defaults out."""
    if isinstance(value, str):
        return (
            _decimal_text(value)
            if _is_decimal(kind)
            else unicodedata.normalize("NFC", value)
        )
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return _decimal_text(value) if _is_decimal(kind) else value
    resolved = walk.resolve(kind, value)
    if isinstance(value, list):
        return [_terms(item, resolved.get("items", {}), walk) for item in value]
    if not isinstance(value, dict):
        return value
    if "properties" not in resolved:
        # An object of strings: a where or dims.
        return {
            unicodedata.normalize("NFC", k): unicodedata.normalize("NFC", v)
            for k, v in value.items()
        }
    defaults = _PAGE.get(walk.name(resolved), {})
    found = {}
    for key, item in value.items():
        if key == "extensions":
            continue
        written = _terms(item, resolved["properties"][key], walk)
        if key in defaults and written == _terms(
            defaults[key], resolved["properties"][key], walk
        ):
            continue
        found[unicodedata.normalize("NFC", key)] = written
    return found


def _rfc_8785(value: Any) -> str:
    """Step 5's text: keys by UTF-16 code units, no whitespace, ECMAScript numbers."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda item: item[0].encode("utf-16-be"))
        return "{" + ",".join(f"{_rfc_8785(k)}:{_rfc_8785(v)}" for k, v in items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_rfc_8785(item) for item in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return json.dumps(value, ensure_ascii=False)


def _fingerprint_by_the_page(document: dict[str, Any]) -> str:
    """The fingerprint as the format page's recipe computes it."""
    walk = _Walk()
    terms = {
        key: value
        for key, value in document.items()
        if key not in {"format_version", "signatures", "reviews"}
    }
    text = _rfc_8785(_terms(terms, walk.schema, walk))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


_PAGE = _page_defaults()


def _read(text: str) -> dict[str, Any]:
    """A document as a client's JSON reader holds it (the model's decimals are strings)."""
    document: dict[str, Any] = json.loads(text)
    return document


def _written_out(agreement: Agreement) -> dict[str, Any]:
    """The agreement's document with every default written out, from the page's table."""
    document = _read(dumps(agreement))
    walk = _Walk()
    _every_default(document, walk.schema, walk, _PAGE)
    return document


class TestEveryDefaultWrittenOut:
    """A document that writes every default out is the same agreement, with the same fingerprint."""

    @pytest.mark.parametrize("example", ["it_vendor", "manufacturer"])
    def test_the_examples(self, example: str) -> None:
        """The library reads it as the example, writes the defaults back out, and the page's recipe agrees."""
        agreement = loads((EXAMPLES / example / "agreement.json").read_text("utf-8"))
        document = _written_out(agreement)
        read = from_dict(json.loads(json.dumps(document)))

        assert read == agreement
        assert to_dict(read) == to_dict(agreement)
        assert (
            agreement.fingerprint()
            == _fingerprint_by_the_page(document)
            == _fingerprint_by_the_page(_read(dumps(agreement)))
        )

    def test_each_default_a_client_would_guess_wrong(self) -> None:
        """An accrual's "quarter", a "fiscal_year" expiry, a lag and grace days of 0, the calendar's "end", a weight of "1.00".

        Each written out, the terms are those of the document that leaves
        it out, for the library and for the page's recipe.
        """
        document = _read((EXAMPLES / "it_vendor" / "agreement.json").read_text("utf-8"))
        del document["allocations"][0]["fund"]["expiry"]
        agreement = loads(json.dumps(document))
        written = copy.deepcopy(document)
        fund = written["allocations"][0]["fund"]
        fund["accrual"]["per"] = "quarter"
        fund["expiry"] = "fiscal_year"
        written["metrics"][0].update(lag=0, grace_days=0)
        written["fiscal_calendar"]["naming"] = "end"
        written["goals"][0]["weight"] = "1.00"

        assert (
            agreement.fingerprint()
            == loads(json.dumps(written)).fingerprint()
            == _fingerprint_by_the_page(written)
            == _fingerprint_by_the_page(document)
        )

    @settings(max_examples=25)
    @given(agreements())
    def test_any_agreement(self, agreement: Agreement) -> None:
        """Whatever the agreement, written out in full it reads back the same, and the recipe gives its fingerprint."""
        document = _written_out(agreement)

        read = from_dict(json.loads(json.dumps(document)))

        assert read == agreement
        assert to_dict(read) == to_dict(agreement)
        assert agreement.fingerprint() == _fingerprint_by_the_page(document)


class TestEveryLineDefaultWrittenOut:
    """A log's line with every default written out reads as the line, and is written without them."""

    @pytest.mark.parametrize(
        ("log", "line", "load", "dump"),
        [
            ("observations.jsonl", "observation", load_observations, dump_observations),
            ("fund_events.jsonl", "fund_event", load_fund_events, dump_fund_events),
        ],
    )
    def test_the_examples_logs(self, log: str, line: str, load: Any, dump: Any) -> None:
        """Each shipped log, every line given every default the page lists."""
        text = (EXAMPLES / "it_vendor" / log).read_text("utf-8")
        defaults = _PAGE[_LINES[line]]
        written = "".join(
            json.dumps({**defaults, **json.loads(row)}, ensure_ascii=False) + "\n"
            for row in text.splitlines()
            if row.strip()
        )

        assert load(written) == load(text)
        assert dump(load(written)) == dump(load(text))
        assert all(
            key not in json.loads(row) or json.loads(row)[key] != default
            for row in dump(load(text)).splitlines()
            for key, default in defaults.items()
        )
