from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from mutualcommit.errors import FormatError, InvalidAgreementError
from mutualcommit.model import (
    Agreement,
    FrozenDict,
    Party,
    Review,
    ReviewKind,
    Role,
    canonical_document,
    canonical_json,
    canonical_terms,
    freeze_json,
)
from mutualcommit.serialize import dumps, from_dict, loads, make_converter, to_dict

from .conftest import EXTENSIONS, build_agreement


class _Tier(enum.StrEnum):
    GOLD = "gold"


class _Rev(enum.IntEnum):
    TWO = 2


_MANUFACTURER = (
    Path(__file__).resolve().parents[2] / "examples" / "manufacturer" / "agreement.json"
)

#: Every test here reads with msgspec and with the standard library alone.
pytestmark = pytest.mark.usefixtures("json_reader")


def minimal() -> Agreement:
    """Return an agreement with only the required fields."""
    return Agreement(
        id="a",
        title="A",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        currency="USD",
    )


class TestRoundTrip:
    """Writing and reading gives back an equal agreement."""

    def test_dumps_loads(self, agreement: Agreement) -> None:
        """loads(dumps(a)) == a."""
        assert agreement == loads(dumps(agreement))

    def test_to_dict_from_dict(self, agreement: Agreement) -> None:
        """from_dict(to_dict(a)) == a."""
        assert agreement == from_dict(to_dict(agreement))

    def test_canonical(self, agreement: Agreement) -> None:
        """The canonical text reads back to the same terms and signatures."""
        back = loads(dumps(agreement, canonical=True))

        assert agreement.fingerprint() == back.fingerprint()
        assert agreement.signatures == back.signatures

    def test_canonical_keeps_extensions(self, agreement: Agreement) -> None:
        """Host data comes back untouched from the canonical form: its text is not normalised.

        A CRM key spelt decomposed, keys that are one text in NFC, and the
        same in a goal's extensions: the agreement read back is equal.
        """
        key = "Zoe\u0308-0815"  # a host's own key, as its CRM spells it
        hosted = attrs.evolve(
            agreement,
            extensions={"crm_key": key, "caf\u00e9": 1, "cafe\u0301": [key]},
            goals=(
                attrs.evolve(agreement.goals[0], extensions={key: key}),
                *agreement.goals[1:],
            ),
        )

        back = loads(dumps(hosted, canonical=True))

        assert (key, key, True) == (
            back.extensions["crm_key"],
            back.goals[0].extensions[key],
            back == hosted,
        )

    def test_canonical_composes_the_terms(self, agreement: Agreement) -> None:
        """The terms' text is written in NFC: the same fingerprint, the text composed."""
        decomposed = agreement.amend(title="Cafe\u0301 plan")

        back = loads(dumps(decomposed, canonical=True))

        assert ("Caf\u00e9 plan", decomposed.fingerprint()) == (
            back.title,
            back.fingerprint(),
        )

    def test_minimal(self) -> None:
        """An agreement of required fields only round-trips."""
        assert minimal() == loads(dumps(minimal()))

    def test_signatures_stay_current(self, agreement: Agreement) -> None:
        """The fingerprint survives the round trip, so signatures stay current."""
        back = loads(dumps(agreement))

        assert agreement.fingerprint() == back.fingerprint()
        assert {"acme", "globex"} == set(back.current_signatures())


class TestSignatureDocument:
    """A signature writes the version it signed; one that does not say reads as it is."""

    def test_version_written_and_read(self, agreement: Agreement) -> None:
        """The version a signature records is in the document, and comes back."""
        amended = agreement.amend(title="Amended").sign(
            "globex", "Gil", dt.date(2026, 3, 1)
        )

        written = to_dict(amended)["signatures"]

        assert [agreement.version, amended.version] == [
            s.get("version") for s in written
        ]
        assert amended == loads(dumps(amended))
        assert [s.version for s in amended.signatures] == [
            s.version for s in loads(dumps(amended, canonical=True)).signatures
        ]

    def test_a_signature_without_version(self, agreement: Agreement) -> None:
        """A document written before signatures recorded their version reads as before."""
        document = to_dict(agreement)
        for signature in document["signatures"]:
            signature.pop("version", None)

        read = from_dict(document)

        assert [None, None] == [s.version for s in read.signatures]
        assert {"acme", "globex"} == set(read.current_signatures())

    def test_order_in_the_document(self, agreement: Agreement) -> None:
        """Signatures given out of the parties' order are written in it."""
        document = to_dict(agreement)
        document["signatures"].reverse()

        read = from_dict(document)

        assert ["acme", "globex"] == [s["party"] for s in to_dict(read)["signatures"]]
        assert agreement == read


class TestDocument:
    """to_dict writes the document of SPEC §4."""

    def test_header_and_field_order(self, agreement: Agreement) -> None:
        """The header keys come first, then the fields in model order."""
        assert [
            "format",
            "format_version",
            "id",
            "title",
            "parties",
            "start",
            "end",
            "currency",
            "fiscal_calendar",
            "metrics",
            "goals",
            "contributions",
            "allocations",
            "incentives",
            "clauses",
            "review_rule",
            "reviews",
            "signatures",
            "version",
            "extensions",
        ] == list(to_dict(agreement))

    def test_defaults_left_out(self) -> None:
        """Fields equal to their default are left out."""
        assert {
            "format": "mutualcommit.agreement",
            "format_version": 1,
            "id": "a",
            "title": "A",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "currency": "USD",
        } == to_dict(minimal())

    def test_review_kind(self, agreement: Agreement) -> None:
        """A review's kind is written only when ad hoc; a document without it reads as scheduled."""
        adhoc = Review(
            id="escalation",
            held_on=dt.date(2026, 5, 5),
            kind=ReviewKind.AD_HOC,
            attendees=("acme", "globex"),
        )
        document = to_dict(agreement.record_review(adhoc))
        written = [review.get("kind") for review in document["reviews"]]
        read = from_dict(document)
        text = loads(dumps(agreement.record_review(adhoc)))

        assert (
            [None] * len(agreement.reviews) + ["ad_hoc"],
            [ReviewKind.SCHEDULED] * len(agreement.reviews) + [ReviewKind.AD_HOC],
            text,
        ) == (written, [review.kind for review in read.reviews], read)

    def test_review_kind_misspelt(self, agreement: Agreement) -> None:
        """A kind no review has is refused at its path, with the kind likely meant."""
        document = to_dict(agreement)
        document["reviews"][0]["kind"] = "adhoc"

        reads: list[Callable[[], Agreement]] = [
            lambda: from_dict(document),
            lambda: loads(json.dumps(document)),
        ]
        for read in reads:
            with pytest.raises(FormatError) as caught:
                read()
            assert [
                (
                    "$.reviews[0].kind",
                    (
                        'expected one of "scheduled", "ad_hoc", got "adhoc" '
                        '(did you mean "ad_hoc"?)'
                    ),
                )
            ] == list(caught.value.problems)

    def test_values(self, agreement: Agreement) -> None:
        """Decimals are strings, dates ISO strings, enums values, tuples lists."""
        goal = to_dict(agreement)["goals"][0]

        assert {
            "id": "pipeline-goal",
            "title": "Build joint pipeline",
            "target": {
                "metric": "pipeline",
                "value": "1250000.00",
                "direction": "at_least",
                "per": "quarter",
                "baseline": "400000",
                "steps": [{"starting": "2026-07-01", "value": "1.5E+6"}],
                "where": {"party": "globex"},
            },
            "weight": "2",
        } == goal

    def test_plain_types(self, agreement: Agreement) -> None:
        """The dict holds plain JSON types only: str, not StrEnum; dict, not FrozenDict."""
        document = to_dict(agreement)

        assert str is type(document["parties"][0]["role"])
        assert dict is type(document["goals"][0]["target"]["where"])
        assert dict is type(document["extensions"])
        assert list is type(document["extensions"]["crm"]["opportunity_ids"])

    def test_not_an_agreement(self) -> None:
        """to_dict of anything else is a programming error."""
        with pytest.raises(TypeError):
            to_dict({"id": "a"})  # type: ignore[arg-type]

    @pytest.mark.parametrize("canonical", [False, True])
    @pytest.mark.parametrize("value", ["x", None, "goal"])
    def test_dumps_not_an_agreement(self, value: Any, *, canonical: bool) -> None:
        """A goal or a string given to dumps is the same TypeError in either form."""
        if value == "goal":
            value = build_agreement().goals[0]
        name = type(value).__name__

        with pytest.raises(TypeError) as raised:
            dumps(value, canonical=canonical)

        assert f"expected an Agreement, got {name}" == str(raised.value)

    @pytest.mark.parametrize("write", [canonical_document, canonical_terms])
    def test_canonical_not_an_agreement(self, write: Any) -> None:
        """The model's canonical writers refuse a goal, which is no agreement document."""
        with pytest.raises(TypeError) as raised:
            write(build_agreement().goals[0])

        assert "expected an Agreement, got Goal" == str(raised.value)


class TestALogLineInstead:
    """A log's line given as the agreement: one problem saying where it belongs."""

    @pytest.mark.parametrize(
        ("line", "expected"),
        [
            (
                '{"metric": "cosell-opps", "at": "2026-02-03", "value": "1"}',
                (
                    "this looks like an observation (metric, at, value), not an "
                    "agreement: it belongs in the observations log"
                ),
            ),
            (
                (
                    '{"fund": "f", "event": "grant", "at": "2026-01-05", "ref": "G", '
                    '"amount": "1"}'
                ),
                (
                    "this looks like a fund event (fund, event), not an agreement: "
                    "it belongs in the fund log"
                ),
            ),
        ],
        ids=["observation", "fund event"],
    )
    def test_one_problem(self, line: str, expected: str) -> None:
        """Not ten, one for each key an agreement has and the line has not."""
        for read in (loads, lambda text: from_dict(json.loads(text))):
            with pytest.raises(FormatError) as caught:
                read(line)
            assert [("$", expected)] == list(caught.value.problems)


class TestDecimals:
    """Decimals keep the digits the author wrote."""

    def test_spelling_in_dumps(self, agreement: Agreement) -> None:
        """Non-canonical text writes str(Decimal): 1250000.00 and 1.5E+6 as written."""
        text = dumps(agreement)

        assert '"value":"1250000.00"' in text
        assert '"value":"1.5E+6"' in text
        assert '"amount":"0.50"' in text

    def test_spelling_read_back(self, agreement: Agreement) -> None:
        """The digits come back as written."""
        target = loads(dumps(agreement)).goals[0].target
        assert target is not None

        assert "1250000.00" == str(target.value)
        assert "1.5E+6" == str(target.steps[0].value)

    @pytest.mark.parametrize(
        ("weight", "grace"),
        [("1.00", "0.00"), ("1.0", "-0"), ("1", "0.000"), ("1", "0")],
    )
    def test_default_value_keeps_its_digits(self, weight: str, grace: str) -> None:
        """A decimal equal to its field's default but spelt otherwise is written, and comes back."""
        document = json.loads(_MANUFACTURER.read_text(encoding="utf-8"))
        document["goals"][0]["weight"] = weight
        document["remedies"][0]["grace"] = grace
        agreement = from_dict(document)
        written = to_dict(agreement)
        back = loads(dumps(agreement))

        assert (weight, grace) == (
            str(back.goals[0].weight),
            str(back.remedies[0].grace),
        )
        assert (weight != "1", grace != "0") == (
            "weight" in written["goals"][0],
            "grace" in written["remedies"][0],
        )
        assert make_converter().unstructure(agreement) == {
            k: v for k, v in written.items() if k not in ("format", "format_version")
        }

    @pytest.mark.parametrize(("weight", "grace"), [("1.00", "0.00"), ("1E+0", "-0")])
    def test_default_spelling_keeps_the_canonical_form(
        self, weight: str, grace: str
    ) -> None:
        """The canonical form normalises decimals: the default's value is left out there, however spelt."""
        document = json.loads(_MANUFACTURER.read_text(encoding="utf-8"))
        document["goals"][0]["weight"] = "1"
        document["remedies"][0]["grace"] = "0"
        plain = from_dict(document)
        document["goals"][0]["weight"] = weight
        document["remedies"][0]["grace"] = grace
        spelt = from_dict(document)

        assert dumps(plain, canonical=True) == dumps(spelt, canonical=True)
        assert plain.fingerprint() == spelt.fingerprint()

    def test_json_number_keeps_digits(self, document: dict[str, Any]) -> None:
        """A decimal written as a JSON number keeps its digits: 12.50 is Decimal("12.50")."""
        text = json.dumps(document).replace('"1250000.00"', "12.50")
        target = loads(text).goals[0].target
        assert target is not None

        assert "12.50" == str(target.value)

    def test_integer_number(self, document: dict[str, Any]) -> None:
        """An integer JSON number is a decimal too."""
        document["goals"][0]["weight"] = 3

        assert Decimal(3) == from_dict(document).goals[0].weight

    def test_float_in_from_dict(self, document: dict[str, Any]) -> None:
        """A float handed to from_dict is read as its shortest text, not its binary value."""
        document["goals"][0]["weight"] = 0.1

        assert "0.1" == str(from_dict(document).goals[0].weight)

    def test_python_values(self, document: dict[str, Any]) -> None:
        """from_dict also takes values the model already holds."""
        document["start"] = dt.date(2026, 1, 1)
        document["goals"][0]["weight"] = Decimal("2.0")
        document["parties"][0]["role"] = Role.VENDOR

        agreement = from_dict(document)

        assert (dt.date(2026, 1, 1), Decimal("2.0"), Role.VENDOR) == (
            agreement.start,
            agreement.goals[0].weight,
            agreement.parties[0].role,
        )

    def test_integral_version(self, document: dict[str, Any]) -> None:
        """An integer may be written 2.0, as JSON Schema counts integers."""
        text = json.dumps(document).replace('"version": 2', '"version": 2.0')

        assert 2 == loads(text).version

    def test_numpy_numbers(self, document: dict[str, Any]) -> None:
        """A DataFrame's numbers: numpy integers as their ints, wherever a constructor takes them.

        from_dict refused np.int64(2) in a weight and a version ("a Python
        int64"), which Goal(weight=...) and Agreement(version=...) take.
        """
        np = pytest.importorskip("numpy")
        document["goals"][0]["weight"] = np.int64(2)
        document["version"] = np.int32(2)

        agreement = from_dict(document)
        document["version"] = _Rev.TWO  # an IntEnum's member, as attrs.evolve takes

        assert (Decimal(2), 2, int, 2) == (
            agreement.goals[0].weight,
            agreement.version,
            type(agreement.version),
            from_dict(document).version,
        )

    def test_numpy_float_says_what_to_pass(self, document: dict[str, Any]) -> None:
        """A numpy float is refused as a constructor refuses a float: saying what to pass."""
        np = pytest.importorskip("numpy")
        document["goals"][0]["weight"] = np.float64(2.5)

        with pytest.raises(FormatError) as caught:
            from_dict(document)

        assert [
            (
                "$.goals[0].weight",
                (
                    "expected a decimal string or a number, got a numpy float64 (2.5); "
                    "pass Decimal('2.5')"
                ),
            )
        ] == list(caught.value.problems)


class TestCanonical:
    """dumps(canonical=True) is the model's one encoder of the canonical form."""

    def test_equals_model_encoder(self, agreement: Agreement) -> None:
        """It is exactly canonical_json(canonical_document(a))."""
        assert canonical_json(canonical_document(agreement)) == dumps(
            agreement, canonical=True
        )

    def test_decimal_form(self, agreement: Agreement) -> None:
        """Decimals are written without exponent or trailing zeros."""
        text = dumps(agreement, canonical=True)

        assert '"value":"1250000"' in text
        assert '"value":"1500000"' in text


class TestExtensions:
    """extensions round-trip untouched: the host's JSON values, with their types."""

    @pytest.mark.parametrize(
        "number", ["1.5", "0.1", "12.50", "-0.0", "1E+16", "0.1000000000000000000001"]
    )
    def test_decimal_as_from_dict_reads_it(
        self, agreement: Agreement, document: dict[str, Any], number: str
    ) -> None:
        """A Decimal in extensions: the constructor holds the float from_dict holds."""
        extensions = {"score": Decimal(number), "list": [{"x": Decimal(number)}]}
        document["extensions"] = extensions
        built = attrs.evolve(agreement, extensions=extensions)
        read = from_dict(document)

        assert float(number) == built.extensions["score"]
        assert (float, float) == (
            type(built.extensions["score"]),
            type(built.extensions["list"][0]["x"]),
        )
        assert read.extensions == built.extensions
        assert read == built
        assert built == loads(dumps(built))

    @pytest.mark.parametrize("number", ["1E+400", "-1E+400", "NaN", "sNaN"])
    def test_decimal_no_double_holds(
        self, agreement: Agreement, document: dict[str, Any], number: str
    ) -> None:
        """A Decimal no double holds is refused by both, with one message at its path."""
        document["extensions"] = {"score": Decimal(number)}
        with pytest.raises(InvalidAgreementError) as built:
            attrs.evolve(agreement, extensions={"score": Decimal(number)})
        with pytest.raises(FormatError) as read:
            from_dict(document)

        message = f"expected a number a double can hold, got {number}"
        assert [("extensions.score", message)] == list(built.value.problems)
        assert [("$.extensions.score", message)] == list(read.value.problems)

    def test_equal(self, agreement: Agreement) -> None:
        """Nested, unicode, integers, floats, booleans and nulls come back equal."""
        back = loads(dumps(agreement))

        assert freeze_json(EXTENSIONS) == back.extensions
        assert {"crm_id": "0015g00000XyZ"} == back.parties[0].extensions

    def test_types(self, agreement: Agreement) -> None:
        """Integers stay int, floats stay float, booleans bool, null None."""
        crm = loads(dumps(agreement)).extensions["crm"]

        assert (int, int, float, float, bool, type(None)) == (
            type(crm["big"]),
            type(crm["negative"]),
            type(crm["score"]),
            type(crm["tiny"]),
            type(crm["flags"][0]),
            type(crm["flags"][2]),
        )

    def test_float_that_looks_integral(self, agreement: Agreement) -> None:
        """1.0 stays a float and 1 an int: extensions are not domain decimals."""
        party = Party(
            id="acme",
            name="Acme",
            role=Role.VENDOR,
            extensions={"f": 1.0, "i": 1, "e": 1e21},
        )
        with_floats = agreement.amend(parties=(party, *agreement.parties[1:]))

        extensions = loads(dumps(with_floats)).parties[0].extensions

        assert [(float, 1.0), (int, 1), (float, 1e21)] == [
            (type(extensions[k]), extensions[k]) for k in ("f", "i", "e")
        ]

    def test_frozen(self, agreement: Agreement) -> None:
        """What is read is deeply frozen: FrozenDict and tuples."""
        crm = loads(dumps(agreement)).extensions["crm"]

        assert FrozenDict is type(crm)
        assert tuple is type(crm["opportunity_ids"])

    def test_any_keys(self, document: dict[str, Any]) -> None:
        """Any key goes inside extensions, even ones that look like fields."""
        document["extensions"] = {"format": 1, "id": [], "": {"$ref": "#"}}

        assert freeze_json(document["extensions"]) == from_dict(document).extensions

    def test_enum_members_from_a_dict(
        self, agreement: Agreement, document: dict[str, Any]
    ) -> None:
        """from_dict takes a StrEnum or IntEnum member as the constructors do: its plain value."""
        extensions = {"tier": _Tier.GOLD, "revs": [_Rev.TWO], _Tier.GOLD: 1}
        document["extensions"] = extensions
        read = from_dict(document)

        assert attrs.evolve(agreement, extensions=extensions) == read
        assert ({str}, str, int) == (
            {type(key) for key in read.extensions},
            type(read.extensions["tier"]),
            type(read.extensions["revs"][0]),
        )

    @pytest.mark.parametrize("read", [loads, from_dict], ids=["loads", "from_dict"])
    def test_empty_is_the_default(self, document: dict[str, Any], read: Any) -> None:
        """An empty extensions object reads as none, and is not written back."""
        document["extensions"] = {}
        document["parties"][0]["extensions"] = {}
        source = json.dumps(document) if read is loads else document

        agreement = read(source)

        written = to_dict(agreement)
        assert ("extensions" in written, "extensions" in written["parties"][0]) == (
            False,
            False,
        )

    def test_not_in_fingerprint(self, agreement: Agreement) -> None:
        """Changing extensions leaves the fingerprint as it is."""
        other = from_dict({**to_dict(agreement), "extensions": {"x": 1}})

        assert agreement.fingerprint() == other.fingerprint()


class TestIndent:
    """dumps is compact by default and indents on request, to the same document."""

    def test_compact_by_default(self, agreement: Agreement) -> None:
        """The default text has no whitespace between tokens, on one line."""
        text = dumps(agreement)

        assert "\n" not in text
        assert text.startswith('{"format":"mutualcommit.agreement","format_version":1,')

    def test_indent_two(self, agreement: Agreement) -> None:
        """indent=2 writes the document people read, two spaces a level."""
        text = dumps(agreement, indent=2)

        assert text.startswith('{\n  "format": "mutualcommit.agreement",\n')
        assert json.loads(text) == json.loads(dumps(agreement))
        assert loads(text) == agreement

    def test_non_ascii_kept(self) -> None:
        """Text outside ASCII is written as itself in both forms, not escaped."""
        agreement = minimal().amend(title="Zoë & 東京")

        assert '"title":"Zoë & 東京"' in dumps(agreement)
        assert '"title": "Zoë & 東京"' in dumps(agreement, indent=2)

    @pytest.mark.parametrize("indent", [-1, True, 1.5, "2"])
    def test_bad_indent(self, agreement: Agreement, indent: Any) -> None:
        """An indent that is not a whole number of at least 0 is refused."""
        with pytest.raises(ValueError, match="indent"):
            dumps(agreement, indent=indent)

    def test_canonical_takes_no_indent(self, agreement: Agreement) -> None:
        """The canonical form has no whitespace, so an indent is refused."""
        with pytest.raises(ValueError, match="canonical"):
            dumps(agreement, canonical=True, indent=2)
