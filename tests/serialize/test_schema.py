from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from jsonschema import Draft202012Validator, FormatChecker

import mutualcommit.model
from mutualcommit.errors import FormatError
from mutualcommit.model import MAX_TERM_DAYS, MAX_VERSION, MAX_WINDOWS, Agreement
from mutualcommit.model._unicode import blank
from mutualcommit.serialize import dumps, from_dict, json_schema, loads
from mutualcommit.serialize._schema import SCHEMA_DOCUMENTS
from mutualcommit.serialize._shape import ENUMS

from .conftest import Mutation, drop, put

#: Keys the model's invariants require although its class has a default.
NEEDED = {"Incentive": ("tiers",)}


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    """A validator of the agreement schema."""
    return Draft202012Validator(json_schema())


def refs(value: object) -> Iterator[str]:
    """Yield every $ref in a schema."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "$ref":
                yield item
            else:
                yield from refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from refs(item)


def _descriptions(value: object) -> Iterator[str]:
    """Yield every description in a schema."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "description" and isinstance(item, str):
                yield item
            else:
                yield from _descriptions(item)
    elif isinstance(value, list):
        for item in value:
            yield from _descriptions(item)


class TestSchema:
    """json_schema() is a self-contained Draft 2020-12 schema."""

    def test_valid_schema(self) -> None:
        """It is a valid Draft 2020-12 schema."""
        Draft202012Validator.check_schema(json_schema())

    def test_dialect_and_id(self) -> None:
        """$schema names Draft 2020-12 and $id the format version."""
        schema = json_schema()

        assert (
            "https://json-schema.org/draft/2020-12/schema",
            "urn:mutualcommit:schema:agreement:1",
        ) == (schema["$schema"], schema["$id"])

    def test_local_references_only(self) -> None:
        """Every $ref points inside the schema: nothing is fetched."""
        schema = json_schema()
        targets = set(refs(schema))

        assert all(ref.startswith("#/$defs/") for ref in targets)
        assert {ref.removeprefix("#/$defs/") for ref in targets} <= set(schema["$defs"])

    def test_fresh(self) -> None:
        """Each call returns a new dict: changing one changes no other."""
        first = json_schema()
        first["$defs"]["Goal"]["properties"].clear()

        assert json_schema()["$defs"]["Goal"]["properties"]

    @pytest.mark.parametrize(
        "name",
        sorted(
            name
            for name in json_schema()["$defs"]
            if attrs.has(getattr(mutualcommit.model, name, None))  # type: ignore[arg-type]
        ),
    )
    def test_matches_model(self, name: str) -> None:
        """Each entity's properties are its model class's fields, in order, required as the model says."""
        schema = json_schema()["$defs"][name]
        fields = [f for f in attrs.fields(getattr(mutualcommit.model, name)) if f.init]

        assert [f.name for f in fields] == list(schema["properties"])
        assert [
            f.name
            for f in fields
            if f.default is attrs.NOTHING or f.name in NEEDED.get(name, ())
        ] == schema["required"]

    def test_descriptions_in_jsons_words(self) -> None:
        """A description names an enum's JSON values, not its Python members, without reST marks.

        An editor shows it to the author of a JSON document, who writes
        ``"at_least"``, not ``Direction.AT_LEAST``.
        """
        names = {member.name for cls in ENUMS for member in cls}
        descriptions = [
            (document, text)
            for document in SCHEMA_DOCUMENTS
            for text in _descriptions(json_schema(document))  # type: ignore[arg-type]
        ]

        assert (
            'Whether more is better ("at_least") or less is ("at_most").'
            == json_schema()["$defs"]["Direction"]["description"]
        )
        assert [] == [
            (document, text)
            for document, text in descriptions
            if "`" in text or set(re.findall(r"\b[A-Z][A-Z_]+\b", text)) & names
        ]

    def test_agreement_matches_model(self) -> None:
        """The document's keys are the header and the Agreement's fields."""
        names = [f.name for f in attrs.fields(Agreement) if f.init]

        assert ["format", "format_version", *names] == list(json_schema()["properties"])


#: Shapes loads accepts, and so must the schema.
ACCEPTED: dict[str, Mutation] = {
    "decimal number": put("goals", 0, "target", "value", value=12.5),
    "decimal exponent": put("goals", 0, "target", "value", value="1E+3"),
    "negative zero": put("goals", 0, "target", "value", value="-0"),
    "integral float": put("version", value=2.0),
    "highest version": put("version", value=MAX_VERSION),
    "extensions": put("extensions", value={"any": {"thing": [1, None]}, "": True}),
    "where": put("goals", 0, "target", "where", value={"région": "Île-de-France"}),
    "null optional": put("metrics", 0, "reported_by", value=None),
    "default left out": drop("fiscal_calendar"),
}


class TestAccepts:
    """The schema accepts every document dumps writes."""

    def test_rich(self, validator: Draft202012Validator, agreement: Agreement) -> None:
        """The signed IT vendor case validates."""
        assert [] == list(validator.iter_errors(json.loads(dumps(agreement))))

    def test_canonical(
        self, validator: Draft202012Validator, agreement: Agreement
    ) -> None:
        """The canonical form validates."""
        document = json.loads(dumps(agreement, canonical=True))

        assert [] == list(validator.iter_errors(document))

    def test_minimal(self, validator: Draft202012Validator) -> None:
        """An agreement of required fields only validates."""
        minimal = Agreement(
            id="a",
            title="A",
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 1, 1),
            currency="EUR",
        )

        assert [] == list(validator.iter_errors(json.loads(dumps(minimal))))

    @pytest.mark.parametrize(
        "name",
        [
            "decimal number",
            "decimal exponent",
            "negative zero",
            "integral float",
            "extensions",
            "where",
            "null optional",
            "default left out",
            "highest version",
        ],
    )
    def test_both_accept(
        self, validator: Draft202012Validator, document: dict[str, Any], name: str
    ) -> None:
        """What loads accepts, the schema accepts."""
        ACCEPTED[name](document)

        from_dict(document)
        assert [] == list(validator.iter_errors(document))


#: Shapes loads refuses, and so must the schema.
REFUSED: dict[str, Mutation] = {
    "wrong type": put("title", value=5),
    "missing key": drop("goals", 1, "title"),
    "missing format": drop("format"),
    "other format": put("format", value="mutualcommit.policy"),
    "future version": put("format_version", value=2),
    "unknown key": put("goals", 1, "titel", value="x"),
    "unknown nested key": put("goals", 0, "target", "goal", value="x"),
    "enum value": put("parties", 0, "role", value="seller"),
    "decimal text": put("goals", 0, "target", "value", value="six"),
    "decimal boolean": put("goals", 0, "target", "value", value=True),
    "decimal exponent": put("goals", 0, "target", "value", value="1E+9999999"),
    "compact date": put("start", value="20260101"),
    "date with newline": put("start", value="2026-01-01\n"),
    "identifier": put("clauses", 0, "id", value="bad id"),
    "identifier with newline": put("clauses", 0, "id", value="termination\n"),
    "unit": put("metrics", 0, "unit", value="dollars"),
    "currency": put("currency", value="eur"),
    "fingerprint": put("signatures", 0, "fingerprint", value="md5:0"),
    "empty name": put("parties", 0, "name", value=" "),
    "name of a unit separator": put("parties", 0, "name", value="\x1f\x85"),
    "blank title": put("title", value=" \n\t "),
    "blank clause text": put("clauses", 0, "text", value="\u3000"),
    "month": put("fiscal_calendar", "start_month", value=13),
    "naming": put("fiscal_calendar", "naming", value="middle"),
    "where value": put("goals", 0, "target", "where", value={"party": 1}),
    "where blank key": put("goals", 0, "target", "where", value={" ": "emea"}),
    "where invisible key": put("goals", 0, "target", "where", value={"\u200b": ""}),
    "extensions array": put("extensions", value=[]),
    "null for a default": put("goals", 0, "weight", value=None),
    "array expected": put("clauses", value={}),
    "version zero": put("version", value=0),
    "version beyond 2^53-1": put("version", value=MAX_VERSION + 1),
}


class TestNames:
    """A title or name is text other than white space, as the model reads it."""

    def test_the_pattern_is_the_models_blank(self) -> None:
        r"""Every character but white space and invisible ones; no class escape.

        ``\S`` is read differently by ECMA-262, which other languages'
        validators use: it took U+001F and U+0085 for text (the model
        refuses a title of them) and U+FEFF for white space. Below U+10000
        the pattern refuses a character alone exactly when the model finds
        it blank (white space, or invisible as U+200B and U+FEFF are).
        """
        pattern = json_schema()["$defs"]["Party"]["properties"]["name"]["pattern"]
        matcher = re.compile(pattern)

        assert not {"\\s", "\\S", "\\w", "\\d"} & {
            pattern[i : i + 2] for i in range(len(pattern))
        }
        assert [] == [
            hex(code)
            for code in range(0x10000)
            if (matcher.search(chr(code)) is None) != blank(chr(code))
        ]
        assert (None, None) == (matcher.search("\u200b"), matcher.search("\ufeff "))

    def test_the_pattern_is_code_units(self) -> None:
        r"""The pattern holds no character beyond U+FFFF, which UTF-16 regexes split, and no ``\u`` escape."""
        pattern = json_schema()["$defs"]["Party"]["properties"]["name"]["pattern"]

        assert max(map(ord, pattern)) <= 0xFFFF
        assert not re.search(r"\\[uU]", pattern)


class TestRefuses:
    """The schema refuses the shapes loads refuses."""

    @pytest.mark.parametrize("name", list(REFUSED))
    def test_both_refuse(
        self, validator: Draft202012Validator, document: dict[str, Any], name: str
    ) -> None:
        """The document is refused by from_dict and by the schema."""
        REFUSED[name](document)

        with pytest.raises(FormatError):
            from_dict(document)
        assert list(validator.iter_errors(document))


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: Each bounded whole number the shipped examples hold: the example, the
#: key and the highest value the model accepts (``version`` is among the
#: cases above).
BOUNDED = [
    ("manufacturer", "lag", 520),
    ("manufacturer", "grace_days", MAX_TERM_DAYS),
    ("manufacturer", "resolve_within_days", MAX_TERM_DAYS),
    ("manufacturer", "termination_after", MAX_WINDOWS),
    ("it_vendor", "claim_days", MAX_TERM_DAYS),
]


def _holders(value: object, key: str) -> Iterator[dict[str, Any]]:
    """Yield every object in *value* that has *key*."""
    if isinstance(value, dict):
        if key in value:
            yield value
        for item in value.values():
            yield from _holders(item, key)
    elif isinstance(value, list):
        for item in value:
            yield from _holders(item, key)


class TestBounds:
    """The schema states the model's bound on every whole number."""

    @pytest.mark.parametrize(("example", "key", "most"), BOUNDED)
    @pytest.mark.parametrize("over", [0, 1])
    def test_highest_and_beyond(
        self,
        validator: Draft202012Validator,
        example: str,
        key: str,
        most: int,
        over: int,
    ) -> None:
        """The highest value passes both; one more fails both."""
        path = EXAMPLES / example / "agreement.json"
        document = json.loads(path.read_text(encoding="utf-8"))
        (holder,) = _holders(document, key)
        holder[key] = most + over

        if over:
            with pytest.raises(FormatError):
                from_dict(document)
            assert list(validator.iter_errors(document))
        else:
            from_dict(document)
            assert [] == list(validator.iter_errors(document))


def _example(name: str) -> dict[str, Any]:
    """Return a shipped example's document."""
    path = EXAMPLES / name / "agreement.json"
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def _at(*path: str | int) -> Any:
    """Return a mutation that hands the object at *path* to a change."""

    def change(
        edit: Any,
    ) -> Mutation:
        def mutate(document: dict[str, Any]) -> None:
            holder: Any = document
            for step in path:
                holder = holder[step]
            edit(holder)

        return mutate

    return change


def _without(*keys: str) -> Any:
    def edit(holder: dict[str, Any]) -> None:
        for key in keys:
            holder.pop(key, None)

    return edit


def _with(**items: Any) -> Any:
    def edit(holder: dict[str, Any]) -> None:
        holder.update(items)

    return edit


#: Shapes of one object that the invariants refuse without looking at any
#: other: the example, and the change.
OWN_SHAPES: dict[str, tuple[str, Mutation]] = {
    "incentive without tiers": (
        "it_vendor",
        _at("incentives", 0)(_without("tiers")),
    ),
    "incentive with no tier": (
        "it_vendor",
        _at("incentives", 0)(_with(tiers=[])),
    ),
    "incentive for nothing": (
        "it_vendor",
        _at("incentives", 0)(_without("goal", "contribution")),
    ),
    "incentive for a null goal": ("it_vendor", _at("incentives", 0)(_with(goal=None))),
    "incentive for a goal and a contribution": (
        "manufacturer",
        _at("incentives", 0)(_with(contribution="bolt-otif")),
    ),
    "tier with a rate and a status": (
        "it_vendor",
        _at("incentives", 0, "tiers", 0)(_with(status="gold")),
    ),
    "tier without a payout": (
        "it_vendor",
        _at("incentives", 0, "tiers", 0)(_without("amount", "rate", "status", "of")),
    ),
    "exception key without a window": (
        "manufacturer",
        _at("reviews", 1, "actions", 0)(_with(exceptions=["nope"])),
    ),
    "exception key with an empty window": (
        "manufacturer",
        _at("reviews", 1, "actions", 0)(_with(exceptions=["lead-time-by-sku/"])),
    ),
    "exception key of an item with an empty window": (
        "manufacturer",
        _at("reviews", 1, "actions", 0)(_with(exceptions=["lead-time-by-sku//"])),
    ),
    "exception key of an item with a window and a slash after it": (
        "manufacturer",
        _at("reviews", 1, "actions", 0)(
            _with(exceptions=["lead-time-by-sku/sku-1/FY2026-M03/"])
        ),
    ),
    "remedy for nothing": (
        "manufacturer",
        _at("remedies", 0)(_without("goal", "contribution")),
    ),
    "remedy without amount or rate": (
        "manufacturer",
        _at("remedies", 0)(_without("amount", "rate")),
    ),
    "remedy with amount and rate": (
        "manufacturer",
        _at("remedies", 0)(_with(rate="0.1", of="distributor-revenue")),
    ),
    "remedy with 'of' and no rate": (
        "manufacturer",
        _at("remedies", 0)(_with(of="distributor-revenue")),
    ),
    "remedy with a cap share and no base": (
        "manufacturer",
        _at("remedies", 0)(_with(cap=None, cap_share="0.1")),
    ),
    "remedy with a cap base and no share": (
        "manufacturer",
        _at("remedies", 0)(_with(cap=None, cap_base={"amount": "1000", "unit": "USD"})),
    ),
    "remedy with a cap and a cap share": (
        "manufacturer",
        _at("remedies", 0)(
            _with(cap_share="0.1", cap_base={"amount": "1000", "unit": "USD"})
        ),
    ),
    "status incentive with a cap": (
        "manufacturer",
        _at("incentives", 0)(_with(cap={"amount": "1000", "unit": "USD"})),
    ),
    "status tier mixed with a paying tier": (
        "manufacturer",
        _at("incentives", 0, "tiers", 0)(
            _with(status=None, amount={"amount": "1000", "unit": "USD"})
        ),
    ),
    "criterion without a tolerance": (
        "manufacturer",
        _at("exception_criteria", 0)(_without("lower", "upper")),
    ),
    "ratio without its numerator": (
        "manufacturer",
        _at("metrics", 6)(_without("numerator")),
    ),
    "otif without its orders": (
        "manufacturer",
        _at("metrics", 7)(_with(orders=None)),
    ),
    "forecast accuracy without its forecast": (
        "manufacturer",
        _at("metrics", 0)(_without("forecast")),
    ),
    "forecast accuracy by the term": (
        "manufacturer",
        _at("metrics", 0)(_with(bucket="term")),
    ),
    "sum with a numerator": (
        "manufacturer",
        _at("metrics", 1)(_with(numerator="units-sold")),
    ),
    "count with grace days": ("it_vendor", _at("metrics", 0)(_with(grace_days=2))),
}

#: Their counterparts, which both accept.
OWN_SHAPES_ACCEPTED: dict[str, tuple[str, Mutation]] = {
    "incentive for a contribution": (
        "manufacturer",
        _at("incentives", 0)(_with(goal=None, contribution="bolt-otif")),
    ),
    "exception key of an item": (
        "manufacturer",
        _at("reviews", 1, "actions", 0)(
            _with(exceptions=["lead-time-by-sku/BX-300/FY2026-M03"])
        ),
    ),
    "exception key of an item with a slash in it": (
        "manufacturer",
        _at("reviews", 1, "actions", 0)(
            _with(exceptions=["lead-time-by-sku/a/b/FY2026-M03"])
        ),
    ),
    "remedy by rate": (
        "manufacturer",
        _at("remedies", 0)(
            _with(amount=None, rate="0.1", of="distributor-revenue", cap=None)
        ),
    ),
    "remedy with a cap share of a base": (
        "manufacturer",
        _at("remedies", 0)(
            _with(cap=None, cap_share="0.1", cap_base={"amount": "1000", "unit": "USD"})
        ),
    ),
    "status incentive with a null cap": (
        "manufacturer",
        _at("incentives", 0)(_with(cap=None)),
    ),
    "criterion with both tolerances": (
        "manufacturer",
        _at("exception_criteria", 0)(_with(lower="0")),
    ),
    "sum with defaults written": (
        "manufacturer",
        _at("metrics", 1)(_with(numerator=None, grace_days=0, numerator_where={})),
    ),
    "forecast accuracy by the month": (
        "manufacturer",
        _at("metrics", 0)(_with(bucket="month")),
    ),
}


class TestOwnShapes:
    """What the invariants refuse of an object's own keys, the schema refuses too."""

    @pytest.mark.parametrize("name", list(OWN_SHAPES))
    def test_both_refuse(self, validator: Draft202012Validator, name: str) -> None:
        """from_dict and the schema refuse the document."""
        example, mutate = OWN_SHAPES[name]
        document = _example(example)
        mutate(document)

        with pytest.raises(FormatError):
            from_dict(document)
        assert list(validator.iter_errors(document))

    @pytest.mark.parametrize("name", list(OWN_SHAPES_ACCEPTED))
    def test_both_accept(self, validator: Draft202012Validator, name: str) -> None:
        """from_dict and the schema accept the document."""
        example, mutate = OWN_SHAPES_ACCEPTED[name]
        document = _example(example)
        mutate(document)

        from_dict(document)
        assert [] == list(validator.iter_errors(document))

    @pytest.mark.parametrize("example", ["it_vendor", "manufacturer"])
    def test_examples(self, validator: Draft202012Validator, example: str) -> None:
        """Every shipped example passes."""
        assert [] == list(validator.iter_errors(_example(example)))


def _keys(
    value: object, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[str | int, ...]]:
    """Yield the path of every key below the document's own, outside extensions."""
    if isinstance(value, dict):
        for key, item in value.items():
            if len(path) >= 2:
                yield (*path, key)
            if key != "extensions":
                yield from _keys(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _keys(item, (*path, index))


_EVERY_KEY = [
    (example, path, how)
    for example in ("it_vendor", "manufacturer")
    for path in _keys(_example(example))
    for how in ("left out", "null")
]


#: Keys whose absence only the rest of the document shows to be wrong, which
#: the schema does not read (see docs/format.md): the manufacturer's review
#: names exceptions of its criterion by month and item, which its criterion
#: without its ``per`` (then judged over the term) or its ``split`` has not.
#: (A ``per`` of null is no period: both refuse it.)
_NEEDS_THE_REST = {
    ("manufacturer", ("exception_criteria", 0, "per"), "left out"),
    ("manufacturer", ("exception_criteria", 0, "split"), "left out"),
    ("manufacturer", ("exception_criteria", 0, "split"), "null"),
}


class TestEveryKeyLeftOut:
    """A key of any entity left out or null: the schema and loads agree.

    Except where only the rest of the document shows the key was needed:
    loads then refuses what the schema accepts.
    """

    @pytest.mark.parametrize(("example", "path", "how"), _EVERY_KEY)
    def test_agree(
        self,
        validator: Draft202012Validator,
        example: str,
        path: tuple[str | int, ...],
        how: str,
    ) -> None:
        """The schema refuses the document exactly when from_dict does."""
        document = _example(example)
        holder: Any = document
        for step in path[:-1]:
            holder = holder[step]
        if how == "null":
            holder[path[-1]] = None
        else:
            del holder[path[-1]]
        try:
            from_dict(document)
        except FormatError:
            read = False
        else:
            read = True

        if (example, path, how) in _NEEDS_THE_REST:
            assert (False, []) == (read, list(validator.iter_errors(document)))
        else:
            assert read == (not list(validator.iter_errors(document)))


FORMAT_PAGE = Path(__file__).resolve().parents[2] / "docs" / "format.md"


def _model_only_list() -> str:
    """The format page's list of what the model alone checks, as one line of text."""
    text = FORMAT_PAGE.read_text(encoding="utf-8")
    listed = text.split("What the model alone checks", 1)[1].split("\n\n", 2)[1]
    return " ".join(listed.split())


def _text_with(document: dict[str, Any], marker: str, raw: str) -> str:
    """The document's JSON text with the string *marker* replaced by the raw JSON *raw*."""
    return json.dumps(document, ensure_ascii=False).replace(json.dumps(marker), raw)


#: What the schema takes and loads refuses: the words of the format page's
#: list that name it, the example, and the document's text with it.
MODEL_ONLY: dict[str, tuple[str, str, Any]] = {
    "two keys of a where that are one text in NFC": (
        "two keys of a `where` that are one text in NFC",
        "it_vendor",
        lambda d: _put(
            d, ("goals", 0, "target", "where"), {"\u00e9": "a", "e\u0301": "b"}
        ),
    ),
    "a code point a Python may normalise otherwise": (
        "a code point a Python may normalise otherwise",
        "it_vendor",
        lambda d: _put(d, ("title",), "Plan \U0001e08f"),
    ),
    "a lone surrogate": (
        "a lone surrogate in any string",
        "it_vendor",
        lambda d: _text_with(_put(d, ("title",), "X"), "X", '"Plan \\ud800"'),
    ),
    "a lower above the upper": (
        "an exception criterion's `lower` at most its `upper`",
        "manufacturer",
        lambda d: _put(d, ("exception_criteria", 0, "lower"), "20"),
    ),
    "an impossible day": (
        'an impossible day, `"2026-02-30"`',
        "it_vendor",
        lambda d: _put(d, ("start",), "2026-02-30"),
    ),
    "a signature of a later version": (
        "a signature's `version` at most the agreement's",
        "it_vendor",
        lambda d: _put(d, ("signatures", 0, "version"), 2),
    ),
    "the term's end before its start": (
        "the term's end after its start",
        "it_vendor",
        lambda d: _put(d, ("end",), "2025-12-31"),
    ),
    "a key named twice": (
        "a key named twice in one object",
        "it_vendor",
        lambda d: _text_with(d, "Acme Software", '"Acme", "name": "Acme Software"'),
    ),
    "a number no double holds": (
        "a number no double holds (`1e400`)",
        "it_vendor",
        lambda d: _text_with(_put(d, ("extensions",), {"big": "N"}), "N", "1e400"),
    ),
}


def _put(
    document: dict[str, Any], path: tuple[str | int, ...], value: Any
) -> dict[str, Any]:
    holder: Any = document
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    return document


class TestWhatTheModelAloneChecks:
    """Each thing the format page says the model alone checks: the schema takes it, loads refuses it."""

    @pytest.mark.parametrize("name", list(MODEL_ONLY))
    def test_listed_taken_and_refused(
        self, validator: Draft202012Validator, name: str
    ) -> None:
        """Named on the page; the schema validates the document, loads refuses it."""
        words, example, change = MODEL_ONLY[name]
        made = change(_example(example))
        text = made if isinstance(made, str) else json.dumps(made, ensure_ascii=False)

        assert words in _model_only_list()
        assert [] == list(validator.iter_errors(json.loads(text)))
        with pytest.raises(FormatError):
            loads(text)

    def test_an_impossible_day_asserting_the_format(self) -> None:
        """A validator that asserts the date format refuses "2026-02-30", as loads does."""
        document = _example("it_vendor")
        document["start"] = "2026-02-30"
        checked = Draft202012Validator(json_schema(), format_checker=FormatChecker())

        assert list(checked.iter_errors(document))
