"""The JSON Schemas of a log's line: what the readers accept, they accept."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from jsonschema import Draft202012Validator

from mutualcommit import (
    FormatError,
    dump_fund_events,
    dump_observations,
    json_schema,
    load_fund_events,
    load_observations,
)
from mutualcommit.model import FORMAT_VERSION
from mutualcommit.model._unicode import unstable_problem
from mutualcommit.portfolio import (
    dump_portfolio_fund_events,
    dump_portfolio_observations,
    load_portfolio_fund_events,
    load_portfolio_observations,
)
from mutualcommit.serialize._schema import SCHEMA_DOCUMENTS, Document
from mutualcommit.testing.strategies import (
    agreements_with_fund_events,
    agreements_with_observations,
)

from .test_schema import refs

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

OBSERVATION = Draft202012Validator(json_schema("observation"))
FUND_EVENT = Draft202012Validator(json_schema("fund_event"))
PORTFOLIO_OBSERVATION = Draft202012Validator(json_schema("portfolio_observation"))
PORTFOLIO_FUND_EVENT = Draft202012Validator(json_schema("portfolio_fund_event"))
LINES: tuple[Document, ...] = (
    "observation",
    "fund_event",
    "portfolio_observation",
    "portfolio_fund_event",
)


def _lines(text: str) -> list[str]:
    """Split JSON Lines at each newline alone.

    ``str.splitlines()`` would also split at a U+2028 or U+0085 inside a
    string, which JSON writes as it is.
    """
    return [line for line in text.split("\n") if line]


class TestSchemas:
    """Each is a self-contained Draft 2020-12 schema with a name of its own."""

    @pytest.mark.parametrize("document", LINES)
    def test_valid_and_self_contained(self, document: str) -> None:
        """A valid schema whose every $ref points inside it, and a urn for an $id."""
        schema = json_schema(document)  # type: ignore[arg-type]

        Draft202012Validator.check_schema(schema)
        assert {f"#/$defs/{name}" for name in schema["$defs"]} >= set(refs(schema))
        assert f"urn:mutualcommit:schema:{document}:1" == schema["$id"]

    def test_ids_name_the_format_version(self) -> None:
        """The five $ids are one scheme, the agreement's: document, then format version.

        A registry keyed by $id (Ajv's addSchema, say) can then hold a log
        line's schema of two format versions, as it can the agreement's.
        """
        ids = {document: json_schema(document)["$id"] for document in SCHEMA_DOCUMENTS}  # type: ignore[arg-type]

        assert {
            document: f"urn:mutualcommit:schema:{document}:{FORMAT_VERSION}"
            for document in SCHEMA_DOCUMENTS
        } == ids

    def test_leaves_are_the_agreements(self) -> None:
        """Dates, decimals and identifiers are spelled as in the agreement document."""
        agreement = json_schema()["$defs"]

        for document in LINES:
            defs = json_schema(document)["$defs"]
            for name in ("date", "decimal", "identifier"):
                assert agreement[name] == defs[name], (document, name)

    def test_unknown_document(self) -> None:
        """Another name is a ValueError listing the five."""
        with pytest.raises(
            ValueError,
            match=(
                "agreement, observation, fund_event, portfolio_observation, "
                "portfolio_fund_event, got"
            ),
        ):
            json_schema("policy")  # type: ignore[arg-type]


class TestAccepts:
    """Every line the library writes passes the schema of its log."""

    def test_the_examples(self) -> None:
        """Each line of the shipped logs passes."""
        for path in EXAMPLES.glob("*/observations.jsonl"):
            for line in _lines(path.read_text(encoding="utf-8")):
                assert [] == list(OBSERVATION.iter_errors(json.loads(line)))
        for path in EXAMPLES.glob("*/fund_events.jsonl"):
            for line in _lines(path.read_text(encoding="utf-8")):
                assert [] == list(FUND_EVENT.iter_errors(json.loads(line)))

    @settings(max_examples=50)
    @given(agreements_with_observations(max_observations=10))
    def test_written_observations(self, pair: tuple[Any, Any]) -> None:
        """What dump_observations writes passes, retractions included."""
        _, log = pair

        for line in _lines(dump_observations(log)):
            assert [] == list(OBSERVATION.iter_errors(json.loads(line)))

    @settings(max_examples=50)
    @given(agreements_with_observations(max_observations=10))
    def test_written_portfolio_observations(self, pair: tuple[Any, Any]) -> None:
        """What dump_portfolio_observations writes passes, and the observation's part of the line passes its schema."""
        agreement, log = pair

        for line in _lines(dump_portfolio_observations({agreement.id: log})):
            record = json.loads(line)
            assert [] == list(PORTFOLIO_OBSERVATION.iter_errors(record))
            del record["agreement"]
            assert [] == list(OBSERVATION.iter_errors(record))

    @settings(max_examples=50)
    @given(agreements_with_fund_events(max_requests=3))
    def test_written_fund_events(self, pair: tuple[Any, Any]) -> None:
        """What dump_fund_events writes passes: every step, correction and retraction."""
        _, log = pair

        for line in _lines(dump_fund_events(log)):
            assert [] == list(FUND_EVENT.iter_errors(json.loads(line)))

    @settings(max_examples=50)
    @given(agreements_with_fund_events(max_requests=3))
    def test_written_portfolio_fund_events(self, pair: tuple[Any, Any]) -> None:
        """What dump_portfolio_fund_events writes passes, and reads back to the log."""
        agreement, log = pair
        text = dump_portfolio_fund_events({agreement.id: log})

        for line in _lines(text):
            record = json.loads(line)
            assert [] == list(PORTFOLIO_FUND_EVENT.iter_errors(record))
            del record["agreement"]
            assert [] == list(FUND_EVENT.iter_errors(record))
        assert ({agreement.id: tuple(log)} if log else {}) == (
            load_portfolio_fund_events(text)
        )

    def test_a_portfolio_fund_event_without_its_agreement(self) -> None:
        """A fund event's line without "agreement" fails the schema, as the reader refuses it."""
        grant = {"fund": "mdf", "event": "grant", "at": "2026-03-09", "ref": "G1",
                 "amount": "80"}  # fmt: skip

        assert [] != list(PORTFOLIO_FUND_EVENT.iter_errors(grant))
        with pytest.raises(FormatError, match=r"\$\.agreement"):
            load_portfolio_fund_events([json.dumps(grant)])

    def test_a_step_alone(self) -> None:
        """A line is judged on its own: a claim passes though its log has no request.

        That the request stands in the log is load_fund_events's to check.
        """
        claim = {"fund": "mdf", "event": "claim", "at": "2026-03-09", "ref": "C1",
                 "request": "R9", "amount": "80"}  # fmt: skip

        assert [] == list(FUND_EVENT.iter_errors(claim))
        with pytest.raises(FormatError, match="no standing request"):
            load_fund_events([json.dumps(claim)])


_OBSERVATION = {"metric": "revenue", "at": "2026-03-02", "value": "1250.50"}

#: Lines load_observations refuses on their own, and so must the schema.
BAD_OBSERVATIONS: dict[str, dict[str, Any]] = {
    "missing value": {"metric": "revenue", "at": "2026-03-02"},
    "missing at": {"metric": "revenue", "value": "1"},
    "retraction without ref": {**_OBSERVATION, "value": None},
    "retraction with a null ref": {**_OBSERVATION, "value": None, "ref": None},
    "unknown key": {**_OBSERVATION, "unit": "EUR"},
    "metric id": {**_OBSERVATION, "metric": "net revenue"},
    "compact date": {**_OBSERVATION, "at": "20260302"},
    "value text": {**_OBSERVATION, "value": "lots"},
    "value boolean": {**_OBSERVATION, "value": True},
    "ref number": {**_OBSERVATION, "ref": 7},
    "dims value number": {**_OBSERVATION, "dims": {"region": 1}},
    "dims array": {**_OBSERVATION, "dims": ["emea"]},
}

_GRANT = {"fund": "mdf", "event": "grant", "at": "2026-03-10", "ref": "G1",
          "amount": "500"}  # fmt: skip

#: Lines load_fund_events refuses on their own, and so must the schema.
BAD_FUND_EVENTS: dict[str, dict[str, Any]] = {
    "missing amount": {k: v for k, v in _GRANT.items() if k != "amount"},
    "missing ref": {k: v for k, v in _GRANT.items() if k != "ref"},
    "unknown event": {**_GRANT, "event": "refund"},
    "unknown key": {**_GRANT, "currency": "EUR"},
    "fund id": {**_GRANT, "fund": "the fund"},
    "date": {**_GRANT, "at": "2026-3-10"},
    "amount text": {**_GRANT, "amount": "five hundred"},
    "proof text": {**_GRANT, "proof": "INV-1"},
    "proof numbers": {**_GRANT, "proof": [1]},
    "reason null": {**_GRANT, "reason": None},
    "a payment naming no request": {**_GRANT, "event": "payment"},
    "a claim with a null request": {**_GRANT, "event": "claim", "request": None},
    "a claim with a blank request": {**_GRANT, "event": "claim", "request": " "},
    "a retraction with an empty request": {
        **_GRANT,
        "event": "claim",
        "amount": None,
        "request": "",
    },
}


class TestRefuses:
    """The schemas refuse what the readers refuse in a line on its own."""

    @pytest.mark.parametrize("name", list(BAD_OBSERVATIONS))
    def test_observation(self, name: str) -> None:
        """The line is refused by load_observations and by the schema."""
        line = BAD_OBSERVATIONS[name]

        with pytest.raises(FormatError):
            load_observations([json.dumps(line)])
        assert list(OBSERVATION.iter_errors(line))

    @pytest.mark.parametrize("name", list(BAD_OBSERVATIONS))
    def test_portfolio_observation(self, name: str) -> None:
        """A bad observation with its agreement is refused by the stream's reader and schema."""
        line = {"agreement": "a1", **BAD_OBSERVATIONS[name]}

        with pytest.raises(FormatError):
            load_portfolio_observations([json.dumps(line)])
        assert list(PORTFOLIO_OBSERVATION.iter_errors(line))

    @pytest.mark.parametrize(
        "agreement", [None, "", "a 1", 7], ids=["missing", "empty", "space", "number"]
    )
    def test_portfolio_agreement(self, agreement: object) -> None:
        """A line without an agreement id is refused by the reader and the schema."""
        line: dict[str, Any] = dict(_OBSERVATION)
        if agreement is not None:
            line["agreement"] = agreement

        with pytest.raises(FormatError):
            load_portfolio_observations([json.dumps(line)])
        assert list(PORTFOLIO_OBSERVATION.iter_errors(line))

    @pytest.mark.parametrize("name", list(BAD_FUND_EVENTS))
    def test_fund_event(self, name: str) -> None:
        """The line is refused by load_fund_events and by the schema."""
        line = BAD_FUND_EVENTS[name]

        with pytest.raises(FormatError):
            load_fund_events([json.dumps(line)])
        assert list(FUND_EVENT.iter_errors(line))

    def test_a_retraction_needs_no_request(self) -> None:
        """A step retracted ("amount": null) passes both without its request."""
        line = {**_GRANT, "event": "payment", "amount": None}

        assert [] == list(FUND_EVENT.iter_errors(line))
        assert load_fund_events([json.dumps(line)])


#: Characters at the edge of white space, each alone a line's ref: white
#: space ECMA-262 and Python read alike (" ", U+00A0, U+2028, U+3000), the
#: information separators and NEL, which Python strips and ECMA-262 takes
#: for text, the byte order mark, which ECMA-262 takes for white space and
#: Python keeps, and characters neither strips (U+200B, U+180E, a tag).
EDGES = (
    "x", " ", "\t", "\x0b", "\x1c", "\x1f", "\x85", "\xa0", "\u1680", "\u180e",
    "\u2000", "\u200a", "\u200b", "\u2028", "\u2029", "\u202f", "\u205f",
    "\u3000", "\ufeff", "\x00", "\U000e0041",
)  # fmt: skip

#: Each line schema: its validator, its reader and a good line of it.
SCHEMAS: dict[str, tuple[Draft202012Validator, Any, dict[str, Any]]] = {
    "observation": (OBSERVATION, load_observations, _OBSERVATION),
    "fund_event": (FUND_EVENT, load_fund_events, _GRANT),
    "portfolio_observation": (
        PORTFOLIO_OBSERVATION,
        load_portfolio_observations,
        {"agreement": "a1", **_OBSERVATION},
    ),
    "portfolio_fund_event": (
        PORTFOLIO_FUND_EVENT,
        load_portfolio_fund_events,
        {"agreement": "a1", **_GRANT},
    ),
}


def _ref_pattern(document: str) -> str:
    """The pattern of the ``ref`` of a line of *document*."""
    ref = json_schema(document)["properties"]["ref"]  # type: ignore[arg-type]
    (pattern,) = [
        kind["pattern"] for kind in ref.get("anyOf", [ref]) if "pattern" in kind
    ]
    return str(pattern)


def _refused_by_reader(refs: list[str]) -> set[str]:
    """The refs of *refs* load_observations refuses, each the ref of a line of its own."""
    text = "".join(
        json.dumps({**_OBSERVATION, "ref": ref}, ensure_ascii=False) + "\n"
        for ref in refs
    )
    try:
        load_observations(text)
    except FormatError as error:
        # Each path is the line's and its ref's: "line 32: $.ref".
        lines = {
            int(path.split(":")[0].removeprefix("line ")) for path, _ in error.problems
        }
        return {refs[line - 1] for line in lines}
    return set()


#: Every character below U+10000 but the surrogates, which no text holds
#: alone, and the code points a Python may normalise otherwise, which the
#: readers refuse and the schemas leave to them (no pattern states them alike
#: for every validator's Unicode version).
BMP = [
    chr(code)
    for code in range(0x10000)
    if not 0xD800 <= code <= 0xDFFF and unstable_problem(chr(code)) is None
]


class TestRefPattern:
    """A line's ``ref`` pattern refuses the refs the readers refuse, in every regex dialect."""

    @pytest.mark.parametrize("document", LINES)
    def test_no_class_escape(self, document: str) -> None:
        r"""Only characters spelt out: no ``\s``, ``\S``, ``\w`` or ``.``, whose meaning differs.

        ECMA-262 (the validators of JavaScript) reads ``\S`` otherwise than
        Python does: U+001F and U+0085 as text, U+FEFF as white space.
        Every escape of the pattern is a character's own (``\x1c``), which
        every dialect reads alike, and a character beyond U+00FF is in it
        as itself (``\u2028`` is no escape RE2 reads).
        """
        pattern = _ref_pattern(document)
        escapes = re.findall(r"\\(?:x[0-9a-f]{2}|.)", pattern)

        assert (True, False, []) == (
            max(map(ord, pattern)) <= 0xFFFF,
            "." in pattern,
            [e for e in escapes if not re.fullmatch(r"\\x..", e)],
        )

    @pytest.mark.parametrize("document", ["fund_event", "portfolio_fund_event"])
    @pytest.mark.parametrize("ref", EDGES, ids=[f"U+{ord(c):04X}" for c in EDGES])
    def test_an_edge_character_as_a_request(self, document: str, ref: str) -> None:
        """Alone as the request a grant names: the schema takes the line exactly when its reader does.

        A request is named by its ref, so its pattern is a ref's. (A grant,
        which is no step of a request, reads alone with any request.)
        """
        validator, load, good = SCHEMAS[document]
        line = {**good, "request": ref}
        try:
            load([json.dumps(line)])
        except FormatError as error:
            paths = {path.rpartition(" ")[2] for path, _ in error.problems}
            read = False
        else:
            paths, read = set(), True

        assert (ref.isspace(), read) == (not read, validator.is_valid(line))
        assert (set() if read else {"$.request"}) == paths
        assert json_schema(document)["properties"]["request"]["anyOf"][0] == {  # type: ignore[arg-type]
            "type": "string",
            "pattern": _ref_pattern(document),
        }

    @pytest.mark.parametrize("document", LINES)
    @pytest.mark.parametrize("ref", EDGES, ids=[f"U+{ord(c):04X}" for c in EDGES])
    def test_an_edge_character(self, document: str, ref: str) -> None:
        """Alone as a ref: the schema takes the line exactly when its reader does."""
        validator, load, good = SCHEMAS[document]
        line = {**good, "ref": ref}
        try:
            load([json.dumps(line)])
        except FormatError:
            read = False
        else:
            read = True

        assert (ref.isspace(), read) == (not read, validator.is_valid(line))

    def test_every_character_by_pythons_re(self) -> None:
        """Below U+10000, Python's re refuses a one-character ref exactly when the reader does."""
        search = re.compile(_ref_pattern("observation")).search

        refused = {ref for ref in BMP if search(ref) is None}

        assert _refused_by_reader(BMP) == refused
        assert {"\x1f", "\x85"} <= refused
        assert "\ufeff" not in refused

    @pytest.mark.skipif(shutil.which("node") is None, reason="no node to run ECMA-262")
    def test_every_character_by_ecma_262(self) -> None:
        """Below U+10000, JavaScript's RegExp, with its u flag and without, refuses what the reader does."""
        script = (
            "const p = process.argv[1], out = {};"
            "for (const flags of ['', 'u']) {"
            "  const r = new RegExp(p, flags), refused = [];"
            "  for (let c = 0; c < 0x10000; c++) {"
            "    if ((c < 0xd800 || c > 0xdfff) && !r.test(String.fromCharCode(c)))"
            "      refused.push(c);"
            "  }"
            "  out[flags || '-'] = refused;"
            "}"
            "console.log(JSON.stringify(out));"
        )
        ran = subprocess.run(  # noqa: S603 - node runs the script on the pattern
            [str(shutil.which("node")), "-e", script, _ref_pattern("observation")],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        refused = {
            flags: {chr(code) for code in codes}
            for flags, codes in json.loads(ran.stdout).items()
        }

        expected = _refused_by_reader(BMP)
        assert {"-": expected, "u": expected} == refused
