"""The fast readers against their plain twins.

``from_dict`` reads a document with a cattrs converter first, and only when
that fails walks the document to name every problem (and, when the walk
finds none, to build the agreement itself). The two must agree: on a
document cattrs reads, ``from_dict`` returns what cattrs built; on one it
refuses, the walk refuses it too.

``loads`` parses text with msgspec first and reads the model's classes key
by key; the standard library parser and cattrs' generated readers are their
plain twins, and give the same agreement or the same problems.

Before both, ``loads`` tries the typed reader (msgspec checks the shape as
it parses, and the classes are built from typed values); with it off,
``loads`` reads every text on the paths above, and both give the same
agreement or the same problems.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.errors import FormatError
from mutualcommit.model import Agreement
from mutualcommit.serialize import dumps, from_dict, loads, make_converter, to_dict
from mutualcommit.testing.strategies import agreements

from .conftest import build_agreement

_HEADER = ("format", "format_version")

#: What a careless writer puts where a value belongs.
_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.sampled_from(
        ["", "x", "2026-02-30", "0001-01-01", "9999-12-31", "EUR", "month", "1e3"]
    ),
    st.just([]),
    st.just({}),
)


def _plain_id(text: str) -> str:
    """Name a case in printable ASCII, without backslashes.

    pytest escapes other ids once more when it collects twice in one
    process, as mutation testing does, and then cannot find them.
    """
    plain = "".join(
        c if c.isascii() and c.isprintable() and c != "\\" else f"U+{ord(c):04X}"
        for c in text
    )
    return plain or "empty"


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in items:
        found.append((*path, key))
        found.extend(_places(value, (*path, key)))
    return found


#: Strings of the right JSON type that may break an invariant: blank text,
#: an unknown id, a negative, huge or too precise decimal, a far date.
_STRINGS = st.sampled_from(
    [
        "",
        " ",
        "x",
        "nope",
        "-1",
        "-0.5",
        "0",
        "1E+20",
        "0.0000000000001",
        "1234567890123456.5",
        "1900-01-01",
        "2999-12-31",
        "day",
        "count",
        "USD",
    ]
)


@st.composite
def _documents(
    draw: st.DrawFn, values: st.SearchStrategy[Any] = _VALUES
) -> dict[str, Any]:
    """A valid agreement's document with a few values replaced or dropped."""
    document = to_dict(draw(agreements()))
    # The header says which reader runs: it stays as written.
    places = [p for p in _places(document) if p[0] not in _HEADER]
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(places))
        parent: Any = document
        try:
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.booleans()) and isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent[path[-1]] = draw(values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the place
    return document


class TestReaders:
    """cattrs and the walk accept the same documents and build the same agreements."""

    @given(_documents())
    def test_agree(self, document: dict[str, Any]) -> None:
        """Read by both, a document is accepted by both or by neither, alike."""
        body = {k: v for k, v in document.items() if k not in _HEADER}
        try:
            structured: Agreement | None = make_converter().structure(body, Agreement)
        except Exception:  # noqa: BLE001 - any refusal, which the walk must share
            structured = None
        try:
            read: Agreement | None = from_dict(document)
        except FormatError:
            read = None

        assert structured == read

    def test_a_decimal_written_as_a_number(self) -> None:
        """A hand case: ``Decimal('1.50')`` for a weight reads alike on both paths."""
        document = to_dict(build_agreement())
        document["goals"][0]["weight"] = Decimal("1.50")
        body = {k: v for k, v in document.items() if k not in _HEADER}

        assert make_converter().structure(body, Agreement) == from_dict(document)


_FAST_JSON = "mutualcommit.serialize._fast_json.ENABLED"
_FAST_READ = "mutualcommit.serialize._document.FAST_READ"
_TYPED_READ = "mutualcommit.serialize._typed_read.ENABLED"


def _outcome(read: Callable[[], Agreement]) -> Agreement | list[tuple[str, str]]:
    """Return what *read* builds, or the problems it reports."""
    try:
        return read()
    except FormatError as error:
        return list(error.problems)


def _plain(switch: str, read: Callable[[], Agreement]) -> Any:
    """Return `_outcome` of *read* with the fast path behind *switch* turned off."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(switch, False)
        return _outcome(read)


def _untyped(read: Callable[[], Agreement]) -> Callable[[], Agreement]:
    """Return *read* run with the typed reader turned off."""

    def run() -> Agreement:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_TYPED_READ, False)
            return read()

    return run


#: What a careless hand or a broken pipe puts into JSON text.
_TOKENS = st.sampled_from(
    [
        '"',
        ":",
        ",",
        "{",
        "}",
        "[",
        "]",
        " ",
        "\t",
        "\\",
        "-",
        "0",
        "1.5",
        "e9",
        "NaN",
        "Infinity",
        "1e999999",
        "\\ud800",
        "\\udc00",
        "\\u003a",
        "\\u003A",
        "\\u0000",
        "\x00",
        "\n",
        "\ufeff",
        "\u00e9",
        "\ud800",
        '"id":"x",',
        '"id":"x\\u003a",',
        '"title":"a:b",',
        '"extensions":{},',
        '"a":1,"a":2',
        "null",
        "true",
    ]
)


@st.composite
def _texts(draw: st.DrawFn) -> str:
    """A valid agreement's JSON text with a few characters cut or put in."""
    text = dumps(draw(agreements()))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(_TOKENS) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 3)) :]
    return text


def _object_starts(text: str) -> list[int]:
    """Return where the objects of JSON *text* start (a ``{`` outside strings)."""
    starts: list[int] = []
    inside = escaped = False
    for i, c in enumerate(text):
        if inside:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                inside = False
        elif c == '"':
            inside = True
        elif c == "{":
            starts.append(i)
    return starts


@st.composite
def _twice(draw: st.DrawFn) -> str:
    """A valid agreement's JSON text with one object naming a key twice."""
    text = dumps(draw(agreements()))
    starts = [i + 1 for i in _object_starts(text) if text[i + 1] == '"']
    at = draw(st.sampled_from(starts))
    _, end = json.JSONDecoder().raw_decode(text, at)  # the first key
    return text[:at] + text[at:end] + ":null," + text[at:]


#: JSON integers no `int` reads as written: -0 (its sign) and integers of
#: more digits than Python converts (4300 by default), each a placeholder
#: in a document's text.
_RAW_INTEGERS = {
    '"@@-0@@"': "-0",
    '"@@long@@"': "1" + "0" * 4300,
    '"@@-long@@"': "-" + "7" * 5000,
}


@st.composite
def _with_raw_integers(draw: st.DrawFn) -> str:
    """A valid agreement's text with a few values made -0 or a too long integer."""
    document = draw(_documents(st.sampled_from(sorted(_RAW_INTEGERS))))
    text = json.dumps(document, ensure_ascii=False)
    for placeholder, raw in _RAW_INTEGERS.items():
        text = text.replace(placeholder, raw)
    return text


def _written(outcome: Agreement | list[tuple[str, str]]) -> str | list[tuple[str, str]]:
    """Return an agreement as `dumps` writes it (its digits as read), or the problems."""
    return dumps(outcome) if isinstance(outcome, Agreement) else outcome


class TestFastJSON:
    """msgspec and the standard library parser read the same text alike.

    The typed reader is off on both sides: it would read the valid texts
    before either parser.
    """

    @given(_texts())
    def test_agree(self, text: str) -> None:
        """Any text: the same agreement from both, or the same problems."""
        assert _plain(_FAST_JSON, _untyped(lambda: loads(text))) == _outcome(
            _untyped(lambda: loads(text))
        )

    @given(_twice())
    def test_a_key_named_twice(self, text: str) -> None:
        """A key named twice is refused on both, with its path."""
        plain = _plain(_FAST_JSON, _untyped(lambda: loads(text)))

        assert plain == _outcome(_untyped(lambda: loads(text)))
        assert any(message.endswith("this key twice") for _, message in plain)

    @given(_with_raw_integers())
    def test_raw_integers(self, text: str) -> None:
        """-0 and integers too long to convert: the same agreement, or the same problems at their paths."""
        plain = _written(_plain(_FAST_JSON, _untyped(lambda: loads(text))))

        # As written: -0 equals 0, and only the text shows its sign kept.
        assert plain == _written(_outcome(_untyped(lambda: loads(text))))
        assert plain == _written(_outcome(lambda: loads(text)))  # and the typed reader
        if not isinstance(plain, str):
            assert all("Exceeds the limit" not in message for _, message in plain)

    @pytest.mark.parametrize("indent", [None, 2])
    def test_negative_zero_by_hand(self, indent: int | None) -> None:
        """A hand case: the integer -0 as a weight keeps its sign on both paths."""
        document = to_dict(build_agreement())
        document["goals"][0]["weight"] = "@@-0@@"
        text = json.dumps(document, indent=indent).replace('"@@-0@@"', "-0")

        for read in (
            _untyped(lambda: loads(text)),
            lambda: loads(text),
            lambda: _plain(_FAST_JSON, _untyped(lambda: loads(text))),
        ):
            assert "-0" == str(read().goals[0].weight)

    @pytest.mark.parametrize(
        "member",
        [
            '"title":"x",',
            '"title":"a\\u003ab",',
            '"title\\u0020":"x",',
            '"tit\\u006ce":"x",',
        ],
    )
    def test_a_key_named_twice_by_hand(self, member: str) -> None:
        """A hand case: a second ``title``, plainly or with escapes, is named."""
        text = "{" + member + dumps(build_agreement())[1:]
        plain = _plain(_FAST_JSON, _untyped(lambda: loads(text)))

        assert plain == _outcome(_untyped(lambda: loads(text)))
        if "u0020" not in member:
            assert [
                ("$.title", "expected each key once in an object, got this key twice")
            ] == plain

    def test_bytes(self) -> None:
        """UTF-8 bytes with a byte order mark read alike."""
        text = b"\xef\xbb\xbf" + dumps(build_agreement()).encode()

        assert build_agreement() == _plain(_FAST_JSON, _untyped(lambda: loads(text)))
        assert build_agreement() == _untyped(lambda: loads(text))()

    def test_extensions_numbers(self) -> None:
        """A hand case: numbers in extensions are int or float on both paths."""
        agreement = build_agreement()
        extensions = loads(dumps(agreement)).extensions["crm"]

        assert (int, float) == (type(extensions["big"]), type(extensions["score"]))
        assert agreement == _plain(
            _FAST_JSON, _untyped(lambda: loads(dumps(agreement)))
        )

    @pytest.mark.parametrize("depth", [60, 70, 500, 2000])
    def test_deep_extensions(self, depth: int) -> None:
        """Deep arrays in extensions: read, or refused alike, however deep."""
        document = to_dict(build_agreement())
        document["extensions"] = "here"
        deep = "[" * depth + "]" * depth
        text = json.dumps(document).replace('"here"', '{"x":' + deep + "}")
        plain = _plain(_FAST_JSON, _untyped(lambda: loads(text)))

        assert plain == _outcome(_untyped(lambda: loads(text)))
        assert (depth <= 60) == isinstance(plain, Agreement)


class TestFastReaders:
    """The key-by-key readers and cattrs' generated ones read documents alike."""

    @given(_documents())
    def test_agree(self, document: dict[str, Any]) -> None:
        """Any document: the same agreement from both, or the same problems."""
        assert _plain(_FAST_READ, lambda: from_dict(document)) == _outcome(
            lambda: from_dict(document)
        )


def _text_of(document: dict[str, Any], indent: int | None) -> str:
    """Write a document, its Decimals as strings or numbers as they come."""
    if indent is None:
        return json.dumps(document, default=str)
    return json.dumps(document, indent=indent, default=float)


class TestTypedReader:
    """The typed reader and the plain paths read any text alike."""

    @given(agreements(), st.sampled_from([None, 2]))
    def test_valid(self, agreement: Agreement, indent: int | None) -> None:
        """A valid agreement's text, compact or indented: the same agreement."""
        text = dumps(agreement, indent=indent)

        assert agreement == loads(text) == _untyped(lambda: loads(text))()

    @pytest.mark.parametrize("indent", [None, 2])
    @pytest.mark.parametrize("plain", [True, False])
    def test_valid_without_the_plain_paths(
        self, indent: int | None, *, plain: bool
    ) -> None:
        """A hand case: the typed reader alone reads a document with every entity.

        Its decimals in plain notation, or one with an exponent (``1.5E+6``).
        """
        agreement = build_agreement()
        if plain:
            agreement = from_dict(
                json.loads(dumps(agreement).replace('"1.5E+6"', '"1500000"'))
            )
        text = dumps(agreement, indent=indent)
        assert ("E+" in text) is not plain
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("mutualcommit.serialize._document._read", _unexpected)
            read = loads(text)

        assert agreement == read
        assert agreement.extensions == read.extensions

    @given(_texts())
    def test_mutated_texts(self, text: str) -> None:
        """Any text: the same agreement, or the same problems."""
        assert _outcome(_untyped(lambda: loads(text))) == _outcome(lambda: loads(text))

    @given(_twice())
    def test_a_key_named_twice(self, text: str) -> None:
        """A key named twice is refused on both, with its path."""
        assert _outcome(_untyped(lambda: loads(text))) == _outcome(lambda: loads(text))

    @given(_documents(), st.sampled_from([None, 2]))
    def test_mutated_documents(
        self, document: dict[str, Any], indent: int | None
    ) -> None:
        """Values of the wrong JSON type, left out or numbers: alike."""
        text = _text_of(document, indent)

        assert _outcome(_untyped(lambda: loads(text))) == _outcome(lambda: loads(text))

    @given(_documents(_STRINGS))
    def test_broken_invariants(self, document: dict[str, Any]) -> None:
        """Strings that may break an invariant: the same agreement or problems."""
        text = json.dumps(document)

        assert _outcome(_untyped(lambda: loads(text))) == _outcome(lambda: loads(text))

    @pytest.mark.parametrize(
        ("find", "put"),
        [
            ('"format_version":1', '"format_version":0'),
            ('"weight":"0.5"', '"weight":0.5'),
            ('"weight":"0.5"', '"weight":"5E-1"'),
            ('"weight":"0.5"', '"weight":"+0.5"'),
            ('"weight":"0.5"', '"weight":"0.5\\n"'),
            ('"weight":"0.5"', '"weight":"NaN"'),
            ('"weight":"0.5"', '"weight":"1234567890123456"'),
            ('"weight":"0.5"', '"weight":"-0.5"'),
            ('"weight":"0.5"', '"weight":"0.0000000000001"'),
            ('"weight":"0.5"', '"weight":"5.0E-1"'),
            ('"amount":"', '"amount":"-'),
            ('"unit":"EUR"', '"unit":"eur"'),
            ('"id":"globex"', '"id":"acme"'),
            ('"id":"globex"', '"id":"-globex"'),
            ('"id":"pipeline"', '"id":"cosell-opps"'),
            ('"id":"gold"', '"id":"rebate"'),
            ('"start":"2026-01-01"', '"start":"2026-02-30"'),
            ('"start":"2026-01-01"', '"start":"2026-01-01\\n"'),
            ('"start":"2026-01-01"', '"start":"20260101"'),
            ('"start":"2026-01-01"', '"start":"0000-01-01"'),
            ('"start":"2026-01-01"', '"start":"2026-1-01"'),
            ('"start":"2026-01-01"', '"start":"2026-01-01T00:00:00"'),
            ('"start":"2026-01-01"', '"start":"\uff12026-01-01"'),
            ('"start":"2026-01-01"', '"start":"2024-02-29"'),
            ('"start":"2026-01-01"', '"start":"2026-01-32"'),
            ('"title":"', '"title":"\\ud800'),
            ('"title":"', '"title":"\\u00e9'),
            ('"currency":"EUR"', '"currency":"EUR","currency":"EUR"'),
        ],
    )
    def test_by_hand(self, find: str, put: str) -> None:
        """Hand cases at the edges of what the typed reader reads."""
        agreement = build_agreement()
        document = to_dict(agreement)
        document["goals"][0]["weight"] = "0.5"
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        # Every decimal in plain notation: the typed reader's first reading.
        text = text.replace('"1.5E+6"', '"1500000"')
        assert find in text
        assert "E+" not in text
        text = text.replace(find, put, 1)

        assert _outcome(_untyped(lambda: loads(text))) == _outcome(lambda: loads(text))

    @pytest.mark.parametrize(
        "number",
        [
            "0.1",
            "0.30000000000000004",
            "-0.0",
            "4.9e-324",
            "1e-400",
            "1.7976931348623157e308",
            "2.5e308",
            "1e1000000",
            "123456789.123456789123456789",
            "123456789012345678901234567890",
        ],
    )
    def test_extensions_numbers(self, number: str) -> None:
        """A hand case: a number in extensions is the same int or float, or refused."""
        document = to_dict(build_agreement())
        document["extensions"] = "here"
        text = json.dumps(document).replace('"here"', '{"x":' + number + "}")
        text = text.replace('"1.5E+6"', '"1500000"')
        plain = _outcome(_untyped(lambda: loads(text)))
        typed = _outcome(lambda: loads(text))

        assert plain == typed
        if isinstance(plain, Agreement) and isinstance(typed, Agreement):
            assert type(plain.extensions["x"]) is type(typed.extensions["x"])


def _unexpected(*_: object, **__: object) -> Agreement:
    """Stand in for the plain paths, which the typed reader should not need."""
    raise AssertionError


_SOUND = "mutualcommit.serialize._typed_read.SOUND"
_SOUND_CHECK = "mutualcommit.serialize._typed_read.SOUND_CHECK"

#: JSON values for ``extensions``: ASCII text and plain numbers, which the
#: sound reading vouches for, and what it leaves to the full one.
_JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.sampled_from(
        [
            "0.5",
            "-0.0",
            "1e308",
            "2.5e308",
            "1e-400",
            str(2**1023),
            str(2**1023 + 1),
            str(-(2**1024)),
            '"a"',
            '"\\u00e9"',
            '"\\ud800"',
            '"caf\\u00e9"',
            '"e\\u0301"',
        ]
    ),
)


def _json_text(value: Any) -> str:
    """Write a value of `_JSON_TREES` as JSON text (leaves are text already)."""
    if isinstance(value, dict):
        members = ",".join(f'"{k}":{_json_text(v)}' for k, v in value.items())
        return "{" + members + "}"
    if isinstance(value, list):
        return "[" + ",".join(_json_text(v) for v in value) + "]"
    return value if isinstance(value, str) else json.dumps(value)


_JSON_TREES = st.recursive(
    _JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["a", "b", "\\u00e9", "e\\u0301", "\\u00c5", "A\\u030a"]),
            inner,
            max_size=3,
        )
    ),
    max_leaves=8,
)


class TestSoundReading:
    """The sound first reading and the one-walk check against the full reading."""

    @given(agreements(), st.sampled_from([None, 2]))
    def test_valid(self, agreement: Agreement, indent: int | None) -> None:
        """A valid agreement's text: the same agreement, extensions alike."""
        text = dumps(agreement, indent=indent)
        read = loads(text)
        full = _plain(_SOUND, lambda: loads(text))

        assert agreement == read == full
        assert type(read) is type(full)
        assert _thawed(read.extensions) == _thawed(full.extensions)

    @given(_JSON_TREES, st.sampled_from(["extensions", "goals"]))
    def test_extensions(self, tree: Any, where: str) -> None:
        """Any JSON in extensions: the same values of the same types, or problems."""
        document = to_dict(build_agreement())
        host = document if where == "extensions" else document["goals"][0]
        host["extensions"] = {"x": "here"}
        text = json.dumps(document).replace('"here"', _json_text(tree))
        text = text.replace('"1.5E+6"', '"1500000"')
        read = _outcome(lambda: loads(text))
        full = _plain(_SOUND, lambda: loads(text))

        assert read == full
        if isinstance(read, Agreement) and isinstance(full, Agreement):
            assert _thawed(read.extensions) == _thawed(full.extensions)
            assert _thawed(read.goals[0].extensions) == _thawed(
                full.goals[0].extensions
            )

    @pytest.mark.parametrize(
        "tree",
        [
            '{"\\u00e9":1,"e\\u0301":2}',
            '{"a":{"\\u00c5":[],"A\\u030a":{}}}',
            '{"\\u00e9":"\\u00e9"}',
            '["caf\\u00e9", 2.5, -0.0, 7]',
            '{"big":' + str(2**1023) + "}",
            '{"big":' + str(2**1023 + 1) + "}",
            '{"far":1e999}',
            '{"tiny":1e-999}',
            "[" * 63 + "]" * 63,
            "[" * 64 + "]" * 64,
            '{"a":' * 63 + "1" + "}" * 63,
            '{"a":' * 64 + "1" + "}" * 64,
        ],
    )
    def test_extensions_by_hand(self, tree: str) -> None:
        """Hand cases at the edges of the extensions the sound reading vouches for."""
        document = _sound_document()
        document["goals"][0]["extensions"] = {"x": "here"}
        text = json.dumps(document).replace('"here"', tree)
        read = _outcome(lambda: loads(text))
        full = _plain(_SOUND, lambda: loads(text))

        assert read == full
        if isinstance(read, Agreement) and isinstance(full, Agreement):
            assert _thawed(read.goals[0].extensions) == _thawed(
                full.goals[0].extensions
            )

    @pytest.mark.parametrize(
        "weight",
        [
            *("0.5", "-0.5", "0", "-0", "123456789012345", "1234567890123456"),
            *("999999999999999.999999999999", "0.000000000001", "0.0000000000001"),
            *("5E-1", "5e-1", "+0.5", "0.5\n", "\n0.5", " 0.5", "0.5 ", "1\n2"),
            *("NaN", "Infinity", "1_0", "\u0661", "1.", ".5", "-", "", "0x1"),
        ],
        ids=_plain_id,
    )
    def test_decimals_by_hand(self, weight: str) -> None:
        """Hand cases at the edges of the decimals the sound reading vouches for."""
        document = _sound_document()
        document["goals"][0]["weight"] = weight
        text = json.dumps(document)
        read = _outcome(lambda: loads(text))

        assert read == _plain(_SOUND, lambda: loads(text))
        assert read == _outcome(_untyped(lambda: loads(text)))
        if isinstance(read, Agreement):
            assert read.goals[0].weight.as_tuple() == Decimal(weight).as_tuple()

    @given(_documents(_STRINGS))
    def test_broken_invariants(self, document: dict[str, Any]) -> None:
        """Strings that may break an invariant: the same agreement or problems."""
        text = json.dumps(document)
        read = _outcome(lambda: loads(text))

        assert read == _plain(_SOUND_CHECK, lambda: loads(text))
        assert read == _plain(_SOUND, lambda: loads(text))

    @given(_texts())
    def test_mutated_texts(self, text: str) -> None:
        """Any text: the same agreement, or the same problems."""
        assert _outcome(lambda: loads(text)) == _plain(_SOUND, lambda: loads(text))

    @pytest.mark.parametrize(
        "put",
        [
            *("", " ", "nope", "acme", "globex", "pipeline", "certified", "term"),
            *("USD", "-1", "0", "2", "2999-12-31", 0, -1, 40000),
        ],
        ids=repr,
    )
    def test_every_value_broken(self, put: str | int) -> None:
        """Each text or number of a sound agreement changed in turn: the same outcome.

        The one-walk check and the general one accept the same of these, and
        the problems are the general check's.
        """
        document = _sound_document()
        accepted = 0
        for path in _places(document):
            if path[0] in _HEADER:
                continue
            parent: Any = document
            for key in path[:-1]:
                parent = parent[key]
            was = parent[path[-1]]
            if type(was) is not type(put) or was == put:
                continue
            parent[path[-1]] = put
            text = json.dumps(document)
            parent[path[-1]] = was
            read = _outcome(partial(loads, text))
            accepted += isinstance(read, Agreement)

            assert read == _plain(_SOUND_CHECK, partial(loads, text)), path
        assert accepted > 0

    @pytest.mark.parametrize("goals", [1, 19, 20])
    def test_many_windows(self, goals: int) -> None:
        """A hand case: weekly targets over a hundred years, under or over the bound."""
        document = _sound_document()
        document["start"], document["end"] = "1926-01-01", "2025-12-31"
        document.pop("review_rule", None)
        document.pop("reviews", None)
        goal = {k: v for k, v in document["goals"][0].items() if k != "id"}
        goal["target"] = {
            k: v for k, v in goal["target"].items() if k not in ("due", "steps")
        }
        goal["target"]["per"] = "week"
        document["goals"] = [{"id": f"g{i}", **goal} for i in range(goals)]
        document["contributions"] = []
        for key in ("allocations", "incentives", "remedies"):
            document.pop(key, None)
        text = json.dumps(document)
        read = _outcome(lambda: loads(text))

        assert read == _plain(_SOUND_CHECK, lambda: loads(text))
        assert isinstance(read, Agreement) == (goals < 20)

    @pytest.mark.parametrize("indent", [None, 2])
    def test_without_the_general_check(self, indent: int | None) -> None:
        """A hand case: a sound agreement with every entity needs no general check.

        Its decimals in plain notation, its extensions ASCII text and numbers.
        """
        agreement = from_dict(_sound_document())
        text = dumps(agreement, indent=indent)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(
                "mutualcommit.serialize._typed_read.agreement_problems", _unexpected
            )
            patch.setattr("mutualcommit.serialize._document._read", _unexpected)
            read = loads(text)

        assert agreement == read
        assert _thawed(agreement.extensions) == _thawed(read.extensions)


def _sound_document() -> dict[str, Any]:
    """The hand agreement's document, decimals in plain notation, extensions ASCII."""
    document: dict[str, Any] = json.loads(
        dumps(build_agreement()).replace('"1.5E+6"', '"1500000"')
    )
    del document["extensions"]["crm"]["na\u00efve"]
    # An exception criterion, and an action item's exception key naming it.
    document["exception_criteria"] = [
        {
            "id": "slow-pipeline",
            "title": "Pipeline behind plan",
            "measure": "pipeline",
            "owner": "acme",
            "resolve_within_days": 30,
            "lower": "-10",
        }
    ]
    document["reviews"][0]["actions"][0]["exceptions"] = ["slow-pipeline/term"]
    # A fund, on the allocation in the agreement's currency.
    (allocation,) = (a for a in document["allocations"] if a["amount"]["unit"] == "EUR")
    allocation["fund"] = {
        "accrual": {"rate": "0.5", "of": "pipeline", "per": "quarter", "cap": "900"},
        "co_funding": "0.5",
        "claim_days": 30,
        "roi_metric": "pipeline",
    }
    return document


def _thawed(value: Any) -> Any:
    """Return *value* with its mappings and tuples as dicts and lists, types kept."""
    if isinstance(value, Mapping):
        return {k: _thawed(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_thawed(v) for v in value]
    return (type(value), value)
