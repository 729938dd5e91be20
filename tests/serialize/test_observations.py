from __future__ import annotations

import bz2
import datetime as dt
import gzip
import hashlib
import io
import json
import lzma
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import NONBLANK_SURROGATE_TEXT, SURROGATE_TEXT

from mutualcommit.errors import FormatError, InvalidObservationsError
from mutualcommit.model import Observation, decimal_problem
from mutualcommit.model._unicode import blank_problem, text_problem
from mutualcommit.serialize import (
    dump_observations,
    iter_observations,
    load_fund_events,
    load_observations,
    loads,
    observation_from_dict,
    observation_to_dict,
)
from mutualcommit.serialize._observations import readable_observations
from mutualcommit.testing.strategies import agreements_with_observations

LOG = """\
{"metric": "cosell-opps", "at": "2026-03-02", "value": "1", "ref": "DR-1001", "dims": {"party": "globex", "region": "emea"}}
{"metric": "pipeline", "at": "2026-03-05", "value": 125000.50}

{"metric": "pipeline", "at": "2026-03-06", "value": 7, "dims": {"région": "Île-de-France"}}
{"metric": "cosell-opps", "at": "2026-03-09", "value": null, "ref": "DR-1001"}
"""

OBSERVATIONS = (
    Observation(
        "cosell-opps",
        dt.date(2026, 3, 2),
        Decimal(1),
        "DR-1001",
        {"party": "globex", "region": "emea"},
    ),
    Observation("pipeline", dt.date(2026, 3, 5), Decimal("125000.50")),
    Observation(
        "pipeline", dt.date(2026, 3, 6), Decimal(7), dims={"région": "Île-de-France"}
    ),
    Observation("cosell-opps", dt.date(2026, 3, 9), None, "DR-1001"),
)


#: The IT example's agreement on one line, as a canonical writer puts it.
_AGREEMENT_LINE = json.dumps(
    json.loads(
        (
            Path(__file__).resolve().parents[2]
            / "examples"
            / "it_vendor"
            / "agreement.json"
        ).read_text(encoding="utf-8")
    )
)


def problems_of(text: str) -> list[tuple[str, str]]:
    """Return the problems load_observations reports for *text*."""
    with pytest.raises(FormatError) as info:
        load_observations(text)
    return list(info.value.problems)


class TestLoad:
    """load_observations reads JSON Lines into observations, in order."""

    def test_text(self) -> None:
        """A string of lines is read, blank lines skipped."""
        assert OBSERVATIONS == load_observations(LOG)

    def test_bytes(self) -> None:
        """UTF-8 bytes are read, with or without a byte order mark."""
        assert OBSERVATIONS == load_observations(LOG.encode())
        assert OBSERVATIONS == load_observations(b"\xef\xbb\xbf" + LOG.encode())

    def test_lines(self) -> None:
        """An iterable of lines, such as an open file, is read."""
        assert OBSERVATIONS == load_observations(io.StringIO(LOG))

    def test_text_with_bom(self) -> None:
        """Text or lines read from a file with a byte order mark skip it."""
        marked = "\ufeff" + LOG

        assert OBSERVATIONS == load_observations(marked)
        assert OBSERVATIONS == load_observations(io.StringIO(marked))

    def test_bom_on_a_later_line(self) -> None:
        """A mark on any line but the first is no mark: that line is refused."""
        first, *rest = LOG.strip("\n").split("\n")
        (problem,) = problems_of("\n".join([first, "\ufeff" + rest[0], *rest[1:]]))

        assert problem[0] == "line 2"

    def test_crlf_and_spaces(self) -> None:
        """Windows line ends and spaces around a line are fine."""
        text = "  " + LOG.replace("\n", " \r\n")

        assert OBSERVATIONS == load_observations(text)

    def test_number_keeps_digits(self) -> None:
        """A JSON number keeps its digits: 125000.50 is Decimal("125000.50")."""
        assert "125000.50" == str(load_observations(LOG)[1].value)

    def test_frozen_dims(self) -> None:
        """The dims read are immutable."""
        dims = load_observations(LOG)[0].dims

        with pytest.raises(TypeError):
            dims["party"] = "other"  # type: ignore[index]

    def test_empty(self) -> None:
        """No lines, no observations."""
        assert () == load_observations("")
        assert () == load_observations("\n\n")

    def test_retraction(self) -> None:
        """A null value with a ref is a retraction."""
        line = '{"metric": "m", "at": "2026-01-01", "value": null, "ref": "r"}'

        assert (Observation("m", dt.date(2026, 1, 1), None, "r"),) == load_observations(
            line
        )

    def test_colons_in_values(self) -> None:
        """Colons inside ids and dims are fine (the fast path counts colons)."""
        line = (
            '{"metric": "crm:opps", "at": "2026-01-01", "value": "1", '
            '"ref": "a:b", "dims": {"k:1": "v:2"}}'
        )

        assert (
            Observation(
                "crm:opps", dt.date(2026, 1, 1), Decimal(1), "a:b", {"k:1": "v:2"}
            ),
        ) == load_observations(line)

    def test_null_ref(self) -> None:
        """A null ref is no ref."""
        line = '{"metric": "m", "at": "2026-01-01", "value": "1", "ref": null}'

        assert (
            Observation("m", dt.date(2026, 1, 1), Decimal(1)),
        ) == load_observations(line)


#: One bad line each: (line, problems).
BAD_LINES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "bad date": (
        '{"metric": "m", "at": "nope", "value": "1"}',
        [("line 2: $.at", 'expected a date YYYY-MM-DD, got "nope"')],
    ),
    "compact date": (
        '{"metric": "m", "at": "20260101", "value": "1"}',
        [("line 2: $.at", 'expected a date YYYY-MM-DD, got "20260101"')],
    ),
    "null without ref": (
        '{"metric": "m", "at": "2026-01-01", "value": null}',
        [
            (
                "line 2: $.value",
                (
                    "expected a decimal, or null with a ref (a retraction), "
                    "got null without a ref"
                ),
            )
        ],
    ),
    "empty ref": (
        '{"metric": "m", "at": "2026-01-01", "value": "1", "ref": " "}',
        [
            (
                "line 2: $.ref",
                (
                    'expected a ref or null, got " ": a record is corrected and '
                    "retracted by its ref, so two records with an empty one would "
                    "be one; leave it out for a record without one"
                ),
            )
        ],
    ),
    "bad decimal": (
        '{"metric": "m", "at": "2026-01-01", "value": "six"}',
        [("line 2: $.value", 'expected a decimal string or a number, got "six"')],
    ),
    "boolean value": (
        '{"metric": "m", "at": "2026-01-01", "value": true}',
        [("line 2: $.value", "expected a decimal string or a number, got true")],
    ),
    "NaN": (
        '{"metric": "m", "at": "2026-01-01", "value": NaN}',
        [
            (
                "line 2: $.value",
                "expected a decimal string or a number, got NaN (not a JSON number)",
            )
        ],
    ),
    "too large": (
        '{"metric": "m", "at": "2026-01-01", "value": "1E+15"}',
        [("line 2: $.value", "expected a magnitude below 10^15, got 1000000000000000")],
    ),
    "too precise": (
        '{"metric": "m", "at": "2026-01-01", "value": 0.1234567890123}',
        [
            (
                "line 2: $.value",
                "expected at most 12 digits after the point, got 0.1234567890123",
            )
        ],
    ),
    "missing value": (
        '{"metric": "m", "at": "2026-01-01"}',
        [
            (
                "line 2: $.value",
                "expected a decimal string, a number or null, got nothing (required)",
            )
        ],
    ),
    "bad metric": (
        '{"metric": "", "at": "2026-01-01", "value": "1"}',
        [("line 2: $.metric", 'expected a metric id, got ""')],
    ),
    "unknown key": (
        '{"metric": "m", "at": "2026-01-01", "value": "1", "agreement": "a"}',
        [
            (
                "line 2: $.agreement",
                'expected one of the keys metric, at, value, ref, dims; got "agreement"',
            )
        ],
    ),
    "bad ref": (
        '{"metric": "m", "at": "2026-01-01", "value": "1", "ref": 1001}',
        [("line 2: $.ref", "expected a string, got 1001")],
    ),
    "bad dims": (
        '{"metric": "m", "at": "2026-01-01", "value": "1", "dims": {"party": 5}}',
        [("line 2: $.dims.party", "expected a string, got 5")],
    ),
    "dims not an object": (
        '{"metric": "m", "at": "2026-01-01", "value": "1", "dims": ["emea"]}',
        [("line 2: $.dims", "expected an object of strings, got an array")],
    ),
    "duplicate key": (
        '{"metric": "m", "at": "2026-01-01", "value": "1", "value": "2"}',
        [
            (
                "line 2: $.value",
                "expected each key once in an object, got this key twice",
            )
        ],
    ),
    "escaped duplicate key": (
        '{"metric": "m", "at": "2026-01-01", "value": "1", "valu\\u0065": "2"}',
        [
            (
                "line 2: $.value",
                "expected each key once in an object, got this key twice",
            )
        ],
    ),
    "duplicate dims key": (
        '{"metric": "m", "at": "2026-01-01", "value": "1", "dims": {"a": "1", "a": "2"}}',
        [
            (
                "line 2: $.dims.a",
                "expected each key once in an object, got this key twice",
            )
        ],
    ),
    "lone surrogate": (
        '{"metric": "m", "at": "2026-01-01", "value": "1", "ref": "\\ud800"}',
        [
            (
                "line 2: $.ref",
                "expected valid Unicode text, got a string with a lone surrogate",
            )
        ],
    ),
    "blank dims key": (
        '{"metric": "m", "at": "2026-01-01", "value": "1", "dims": {" ": "x", "": "y"}}',
        [
            ('line 2: $.dims[" "]', "a key: expected a non-empty string"),
            ('line 2: $.dims[""]', "a key: expected a non-empty string"),
        ],
    ),
    "invalid JSON": (
        '{"metric": "m", "at": "2026-01-01", "value": "1"',
        [
            (
                "line 2",
                (
                    "invalid JSON at column 49: Expecting ',' delimiter; the line ends "
                    "here, before its record does: is it cut short, or split over "
                    "several lines?"
                ),
            )
        ],
    ),
    "two objects": (
        '{"metric": "m", "at": "2026-01-01", "value": "1"} {}',
        [("line 2", "invalid JSON at column 51: Extra data")],
    ),
    "not an object": (
        '["m", "2026-01-01", "1"]',
        [("line 2: $", "expected an object (an observation), got an array")],
    ),
}

GOOD = '{"metric": "m", "at": "2026-01-01", "value": "1"}'


class TestBadLines:
    """Every bad line is reported with a path that starts with its line number."""

    @pytest.mark.parametrize("name", list(BAD_LINES))
    def test_message(self, name: str) -> None:
        """The worked example's problems, exactly."""
        line, expected = BAD_LINES[name]

        assert expected == problems_of(f"{GOOD}\n{line}\n{GOOD}\n")

    def test_every_bad_line(self) -> None:
        """All bad lines are reported at once, numbered from 1, blank lines counted."""
        lines = (
            GOOD,
            '{"metric": "m", "at": "nope", "value": "1"}',
            "",
            GOOD,
            '{"metric": "m", "at": "2026-01-01", "value": null}',
            '{"metric": 5, "at": "2026-13-01", "value": "x", "extra": 1}',
        )
        text = "\n".join(lines)

        assert [
            ("line 2: $.at", 'expected a date YYYY-MM-DD, got "nope"'),
            (
                "line 5: $.value",
                (
                    "expected a decimal, or null with a ref (a retraction), "
                    "got null without a ref"
                ),
            ),
            (
                "line 6: $.extra",
                'expected one of the keys metric, at, value, ref, dims; got "extra"',
            ),
            ("line 6: $.metric", "expected a metric id, got 5"),
            (
                "line 6: $.at",
                'expected a date YYYY-MM-DD, got "2026-13-01" (month must be in 1..12)',
            ),
            ("line 6: $.value", 'expected a decimal string or a number, got "x"'),
        ] == problems_of(text)

    def test_not_utf8(self) -> None:
        """A line that is not UTF-8 is reported by number; the others are read."""
        data = GOOD.encode() + b"\n\xff\xfe\n" + GOOD.encode()

        with pytest.raises(FormatError) as info:
            load_observations(data)

        assert [
            (
                "line 2",
                (
                    "expected UTF-8 text: byte 0xFF at line 2, column 1 (byte "
                    f"{len(GOOD.encode()) + 1}) is not UTF-8 (was the file saved as "
                    "Windows-1252 or Latin-1?): save it as UTF-8"
                ),
            )
        ] == list(info.value.problems)

    @pytest.mark.parametrize("form", ["bytes", "lines", "marked"])
    def test_not_utf8_placed(self, form: str) -> None:
        """The bad byte is placed by line and column, its byte counted in the whole text."""
        good = GOOD.encode() + b"\n"
        data = good + b'{"metric": "caf\xe9"}\n'
        mark = b"\xef\xbb\xbf" if form == "marked" else b""
        source: Any = io.BytesIO(data) if form == "lines" else mark + data

        with pytest.raises(FormatError) as info:
            load_observations(source)

        assert [
            (
                "line 2",
                (
                    f"expected UTF-8 text: byte 0xE9 at line 2, column 16 (byte "
                    f"{len(mark) + len(good) + 15}) is not UTF-8 (was the file saved "
                    "as Windows-1252 or Latin-1?): save it as UTF-8"
                ),
            )
        ] == list(info.value.problems)

    def test_fund_log_not_utf8(self) -> None:
        """A fund log's line that is not UTF-8 is placed as an observation's is."""
        from mutualcommit.serialize import load_fund_events

        with pytest.raises(FormatError) as info:
            load_fund_events(b'{"fund": "caf\xe9"}\n')

        assert info.value.problems[0] == (
            "line 1",
            (
                "expected UTF-8 text: byte 0xE9 at line 1, column 14 (byte 13) is "
                "not UTF-8 (was the file saved as Windows-1252 or Latin-1?): save "
                "it as UTF-8"
            ),
        )

    def test_a_file_name_instead_of_its_text(self) -> None:
        """The name of a JSON Lines file, passed as its text: the problem says so."""
        assert [
            (
                "line 1",
                (
                    "invalid JSON at column 1: Expecting value; this is a file's name, "
                    "not its text: pass Path(name).read_text()"
                ),
            )
        ] == problems_of("examples/it_vendor/observations.jsonl")

    def test_a_json_document_instead_of_the_log(self) -> None:
        """An agreement's document, written over lines: its first line says why it fails."""
        examples = Path(__file__).resolve().parents[2] / "examples"
        text = (examples / "it_vendor" / "agreement.json").read_text(encoding="utf-8")

        problems = problems_of(text)

        assert problems[0] == (
            "line 1",
            (
                "invalid JSON at column 2: Expecting property name enclosed in "
                "double quotes; a line of { alone starts a JSON document written "
                "over several lines, and JSON Lines hold one whole record per line"
            ),
        )
        # Every line is still listed; only a lone "{" or "[" gets the hint.
        assert (len(text.splitlines()), 1) == (
            len(problems),
            sum("JSON document" in message for _, message in problems),
        )

    def test_text_that_is_no_file_name_gets_no_hint(self) -> None:
        """Other text that is not JSON is reported as ever."""
        assert [("line 1", "invalid JSON at column 1: Expecting value")] == problems_of(
            "observations"
        )

    def test_a_fund_log_instead_of_observations(self) -> None:
        """A fund event's line: one problem saying where it belongs, not one per key."""
        line = (
            '{"fund": "mdf", "event": "grant", "at": "2026-06-01", "ref": "G1", '
            '"amount": "700"}'
        )
        expected = (
            "$",
            (
                "expected an observation (metric, at, value), got a fund event (fund, "
                "event): it belongs in the fund log"
            ),
        )

        assert [(f"line 2: {expected[0]}", expected[1])] == problems_of(
            f"{GOOD}\n{line}\n"
        )
        with pytest.raises(FormatError) as raised:
            observation_from_dict(json.loads(line))
        assert [expected] == list(raised.value.problems)

    @pytest.mark.parametrize(
        ("line", "what"),
        [
            (_AGREEMENT_LINE, "an agreement document"),
            (
                '{"title": "T", "parties": [], "goals": [], "metrics": []}',
                "an agreement document",
            ),
            (
                '{"format": "mutualcommit.policy", "format_version": 1}',
                'a "mutualcommit.policy" document',
            ),
        ],
        ids=["agreement", "agreement without its format", "policy"],
    )
    def test_an_agreement_instead_of_observations(self, line: str, what: str) -> None:
        """An agreement on one line given as the log: one problem, not one per key.

        The usual slip of ``evaluate a.json b.json`` with the log left out:
        the second agreement is read as the log, and each of its keys was
        an unknown key of an observation (22 problems, none saying why).
        """
        assert [
            (
                "line 1: $",
                (
                    f"expected an observation (metric, at, value), got {what}: it "
                    "is no line of the observations log (was another file given "
                    "for the log?)"
                ),
            )
        ] == problems_of(f"{line}\n")

    def test_a_path_instead_of_its_text(self) -> None:
        """A path is refused with what to pass instead (never read from here)."""
        with pytest.raises(TypeError) as raised:
            load_observations(Path("observations.jsonl"))  # type: ignore[arg-type]

        assert (
            f"expected JSON Lines text, its lines or an open text file, got "
            f"{type(Path()).__name__}: pass the file's text, Path(name).read_text()"
        ) == str(raised.value)


def _problems(source: Any, load: Any = load_observations) -> list[tuple[str, str]]:
    with pytest.raises(FormatError) as info:
        load(source)
    return list(info.value.problems)


#: Lines of text a JSON Lines source may hold: anything but a newline, and
#: a good record cut short anywhere (a problem at the line's very end).
_ONE_LINE = st.one_of(
    st.text(
        st.characters(exclude_characters="\n", exclude_categories=["Cs"]),
        max_size=30,
    ),
    st.integers(0, len(GOOD)).map(lambda end: GOOD[:end]),
)


class TestWhereALineIsWrong:
    """A bad line's problem is said alike, whatever source its lines came from."""

    #: A record cut short, and a line of ``{`` alone: problems at the line's end.
    CUT = '{"metric": "cosell-opps", "at": "2026-02-03", "value": "1"'

    @pytest.mark.parametrize(
        "source",
        [
            lambda text: text,
            lambda text: text.encode(),
            io.StringIO,
            lambda text: io.BytesIO(text.encode()),
            lambda text: text.splitlines(keepends=True),
            lambda text: [line.encode() for line in text.splitlines(keepends=True)],
        ],
        ids=["text", "bytes", "text file", "binary file", "lines", "byte lines"],
    )
    def test_the_column_at_the_end_of_a_line(self, source: Any) -> None:
        """Column 59 of line 2, and column 2 of line 3: not column 1 of a line after it.

        An open file or a list gives each line with its newline, and the
        reader took the problem for one on the next line of the record.
        """
        text = f"{GOOD}\n{self.CUT}\n{{\r\n"

        assert [
            ("line 2", "invalid JSON at column 59: Expecting ',' delimiter"),
            (
                "line 3",
                (
                    "invalid JSON at column 3: Expecting property name enclosed "
                    "in double quotes"
                ),
            ),
        ] == [
            (path, message.split(";")[0]) for path, message in _problems(source(text))
        ]

    @given(st.lists(_ONE_LINE, min_size=1, max_size=5))
    def test_every_source_says_the_same(self, lines: list[str]) -> None:
        """The text, its lines with their newlines, and an open file: the same problems."""
        text = "".join(f"{line}\n" for line in lines)

        def outcome(source: Any) -> object:
            try:
                return load_observations(source)
            except FormatError as error:
                return list(error.problems)

        expected = outcome(text)
        assert expected == outcome([f"{line}\n" for line in lines])
        assert expected == outcome(io.StringIO(text))


#: What an item that holds two of the log's lines is told.
TWO_LINES = (
    "invalid JSON at line 2, column 1 of the item: Extra data; this item holds "
    "2 lines, and each item is one line of the log: pass the text itself, or "
    'its lines (text.split("\\n"))'
)


class TestAnItemOfSeveralLines:
    """An item of a log given as its lines that holds several: how many, and what to pass."""

    @pytest.mark.parametrize(
        "ending", ["\n", "\r\n"], ids=["newline", "carriage return and newline"]
    )
    def test_two_days_in_a_list(self, ending: str) -> None:
        """A day's text per item: item 2 holds two lines, CRLF or not; no carriage return is blamed."""
        day = GOOD + ending + GOOD + ending

        with pytest.raises(FormatError) as info:
            load_observations([GOOD, day])

        assert (("line 2", TWO_LINES),) == info.value.problems

    def test_how_many(self) -> None:
        """A chunk of 404 lines says 404; blank lines are no lines of the log."""
        with pytest.raises(FormatError) as info:
            load_observations([(GOOD + "\n\n") * 404])

        ((path, message),) = info.value.problems
        assert ("line 1", True) == (
            path,
            "of the item: Extra data; this item holds 404 lines," in message,
        )

    def test_the_text_itself_reads(self) -> None:
        """What the message says to pass reads: the text, or its lines."""
        day = GOOD + "\r\n" + GOOD + "\r\n"

        assert (2, 2) == (
            len(load_observations(day)),
            len(load_observations(day.split("\n"))),
        )

    def test_one_record_an_item_with_its_line_ending(self) -> None:
        """An item of one line and its line ending is a line: an open file's items are."""
        assert 2 == len(load_observations([GOOD + "\r\n", "\n" + GOOD + "\n"]))

    def test_a_carriage_return_alone_is_still_told(self) -> None:
        """Records separated by carriage returns alone (classic Mac OS) keep their hint."""
        assert [
            (
                "line 1",
                (
                    "invalid JSON at column 51: Extra data; this line holds carriage "
                    "returns: a carriage return alone ends no line, and JSON Lines "
                    "end each line with a newline"
                ),
            )
        ] == problems_of(GOOD + "\r" + GOOD + "\r")

    def test_a_fund_log(self) -> None:
        """The fund log's reader says the same of such an item."""
        grant = (
            '{"fund": "mdf", "event": "grant", "at": "2026-03-10", "ref": "G1", '
            '"amount": "500"}'
        )

        with pytest.raises(FormatError) as info:
            load_fund_events([grant + "\n" + grant])

        assert (("line 1", TWO_LINES),) == info.value.problems


def _zip(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("observations.jsonl", data)
    return buffer.getvalue()


#: A log in each compressed format, and what its reader is told.
COMPRESSED: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "gzip": (
        gzip.compress,
        (
            "it is gzip-compressed data (it starts with the bytes 1F 8B): "
            'decompress it first, or read it with gzip.open(path, "rb")'
        ),
    ),
    "bzip2": (
        bz2.compress,
        (
            "it is bzip2-compressed data (it starts with the bytes 42 5A 68): "
            'decompress it first, or read it with bz2.open(path, "rb")'
        ),
    ),
    "xz": (
        lzma.compress,
        (
            "it is xz-compressed data (it starts with the bytes FD 37 7A 58 5A "
            '00): decompress it first, or read it with lzma.open(path, "rb")'
        ),
    ),
    "zip": (
        _zip,
        (
            "it is a zip archive (it starts with the bytes 50 4B): take the file "
            "out of it first, or read it with zipfile.ZipFile(path).open(name)"
        ),
    ),
    "zstd": (
        # A Zstandard frame's magic number, then a frame (not read).
        lambda data: b"\x28\xb5\x2f\xfd" + bytes(range(200)) + data,
        (
            "it is Zstandard-compressed data (it starts with the bytes 28 B5 2F "
            "FD): decompress it first"
        ),
    ),
}


class TestCompressed:
    """A compressed log is one problem that names its compression, not a byte per line."""

    @pytest.mark.parametrize("form", ["bytes", "binary file"])
    @pytest.mark.parametrize("packing", list(COMPRESSED))
    def test_named(self, packing: str, form: str) -> None:
        """Its bytes, or an open binary file of them: line 1 says what it is and how to read it."""
        pack, told = COMPRESSED[packing]
        data = pack(((GOOD + "\n") * 200).encode())
        source: Any = data if form == "bytes" else io.BytesIO(data)

        with pytest.raises(FormatError) as info:
            load_observations(source)

        assert (("line 1", f"expected UTF-8 text: {told}"),) == info.value.problems

    def test_nothing_after_the_first_line_is_read(self) -> None:
        """Of an open binary file of gzip data, the first "line" is read, no more."""
        # Records of refs that do not repeat: data with many newline bytes.
        refs = (
            hashlib.sha256(bytes([i % 256, i // 256])).hexdigest() for i in range(2000)
        )
        data = gzip.compress(
            "".join(
                f'{{"metric": "m", "at": "2026-01-01", "value": "1", "ref": "{ref}"}}\n'
                for ref in refs
            ).encode()
        )
        read: list[bytes] = []

        def lines() -> Iterator[bytes]:
            for line in io.BytesIO(data):
                read.append(line)
                yield line

        with pytest.raises(FormatError) as info:
            load_observations(lines())

        assert (1, 1) == (len(info.value.problems), len(read))
        assert data.count(b"\n") > 1

    def test_what_it_says_to_do_reads(self) -> None:
        """gzip.open on the file reads it: the log, as if it were never compressed."""
        data = gzip.compress(LOG.encode())

        with gzip.open(io.BytesIO(data), "rb") as file:
            assert load_observations(LOG) == load_observations(file)

    def test_a_fund_log(self) -> None:
        """The fund log's reader says the same."""
        with pytest.raises(FormatError) as info:
            load_fund_events(gzip.compress(b"{}\n"))

        assert (
            ("line 1", f"expected UTF-8 text: {COMPRESSED['gzip'][1]}"),
        ) == info.value.problems

    def test_a_document(self) -> None:
        """An agreement's document, compressed: its one problem says so too."""
        with pytest.raises(FormatError) as info:
            loads(gzip.compress(b'{"format": "mutualcommit.agreement"}'))

        assert (
            ("$", f"expected UTF-8 text: {COMPRESSED['gzip'][1]}"),
        ) == info.value.problems


#: A log in UTF-16 and UTF-32, with a byte order mark and without, and
#: what its reader is told.
_UTF16 = (
    'it is UTF-16 (Notepad\'s "Unicode"; it starts with a UTF-16 byte order '
    "mark): save it as UTF-8"
)
_UTF32 = "it is UTF-32 (it starts with a UTF-32 byte order mark): save it as UTF-8"
_UTF16_WITHOUT_BOM = (
    "it is UTF-16 without a byte order mark (a zero byte every other byte, as "
    "UTF-16 writes plain text): save it as UTF-8"
)
_UTF32_WITHOUT_BOM = (
    "it is UTF-32 without a byte order mark (three zero bytes in every four, "
    "as UTF-32 writes plain text): save it as UTF-8"
)
WIDE: dict[str, str] = {
    "utf-16": _UTF16,
    "utf-16-le": _UTF16_WITHOUT_BOM,
    "utf-16-be": _UTF16_WITHOUT_BOM,
    "utf-32": _UTF32,
    "utf-32-le": _UTF32_WITHOUT_BOM,
    "utf-32-be": _UTF32_WITHOUT_BOM,
}


class TestWideText:
    """A log's bytes in UTF-16 or UTF-32 are one problem, as compressed bytes are.

    Split at the newline byte, each of its lines would be a problem of its
    own: hundreds, each saying the same.
    """

    @pytest.mark.parametrize("form", ["bytes", "binary file"])
    @pytest.mark.parametrize("encoding", list(WIDE))
    def test_named_once(self, encoding: str, form: str) -> None:
        """Its bytes, or an open binary file of them: line 1 says what it is, no more."""
        data = ((GOOD + "\n") * 400).encode(encoding)
        source: Any = data if form == "bytes" else io.BytesIO(data)

        with pytest.raises(FormatError) as info:
            load_observations(source)

        assert (("line 1", f"expected UTF-8 text: {WIDE[encoding]}"),) == (
            info.value.problems
        )

    def test_after_a_utf8_byte_order_mark(self) -> None:
        """A UTF-8 mark before UTF-16 text (a file converted twice) hides nothing."""
        data = b"\xef\xbb\xbf" + ((GOOD + "\n") * 3).encode("utf-16-le")

        with pytest.raises(FormatError) as info:
            load_observations(data)

        assert (("line 1", f"expected UTF-8 text: {_UTF16_WITHOUT_BOM}"),) == (
            info.value.problems
        )

    def test_a_fund_log(self) -> None:
        """The fund log's reader says the same, once."""
        line = '{"fund": "f", "event": "grant", "at": "2026-01-01", "ref": "G", "amount": "1"}\n'

        with pytest.raises(FormatError) as info:
            load_fund_events((line * 50).encode("utf-16"))

        assert (("line 1", f"expected UTF-8 text: {_UTF16}"),) == info.value.problems


def _unsure_refs(*lines: str) -> list[str | None]:
    """The refs of the readable lines of *lines* readable_observations is unsure of."""
    records, _, _, unsure = readable_observations("\n".join(lines))
    return [record.ref for record in records if unsure(record)]


def _with(ref: str, metric: str = "m") -> str:
    return json.dumps({"metric": metric, "at": "2026-01-01", "value": "1", "ref": ref})


class TestReadableObservations:
    """The records whose standing an unreadable line may change: those it shares a ref with."""

    def test_a_ref_the_line_tells(self) -> None:
        """A bad day on ref A's line: A's records are unsure, B's and another metric's A are not."""
        bad = '{"metric": "m", "at": "bad", "value": "1", "ref": "A"}'

        assert ["A"] == _unsure_refs(_with("A"), bad, _with("B"), _with("A", "n"))

    def test_a_key_named_twice(self) -> None:
        """A ref named twice may be either: both are unsure."""
        bad = (
            '{"metric": "m", "at": "2026-01-01", "value": "1", "ref": "A", "ref": "B"}'
        )

        assert ["A", "B"] == _unsure_refs(_with("A"), _with("B"), _with("C"), bad)

    def test_a_ref_in_another_composition(self) -> None:
        """A ref is held in NFC: the line's decomposed "é" is the record's composed one."""
        bad = '{"metric": "m", "at": "bad", "value": "1", "ref": "caf\u0065\u0301"}'

        assert ["caf\u00e9"] == _unsure_refs(_with("caf\u00e9"), _with("cafe"), bad)

    @pytest.mark.parametrize(
        "bad",
        [
            '{"metric": "m", "at": "bad", "value": "1"}',
            '{"metric": "m", "at": "2026-01-01", "value": "1", "ref": " "}',
        ],
        ids=["no ref", "a blank ref"],
    )
    def test_no_ref_to_tell(self, bad: str) -> None:
        """No ref to tell: every record of its metric, none of another."""
        assert ["A", "B"] == _unsure_refs(_with("A"), _with("B"), _with("C", "n"), bad)

    @pytest.mark.parametrize(
        "bad",
        ["nope", "[1]", '{"metric": "", "at": "bad", "value": "1", "ref": "A"}'],
        ids=["not JSON", "not an object", "no metric"],
    )
    def test_no_metric_to_tell(self, bad: str) -> None:
        """No metric to tell: every record."""
        assert ["A", "C"] == _unsure_refs(_with("A"), bad, _with("C", "n"))

    def test_every_line_readable(self) -> None:
        """No unreadable line, no unsure record, and no problem."""
        records, lines, problems, unsure = readable_observations(
            [_with("A"), "", _with("B")]
        )

        assert ([1, 3], [], [False, False]) == (
            lines,
            problems,
            [unsure(record) for record in records],
        )


class TestIter:
    """iter_observations streams: good lines first, every bad one reported at the end."""

    def test_yields_then_raises(self) -> None:
        """The good observations come out before the error about the bad line."""
        stream = iter_observations([GOOD, "{", GOOD])
        seen = [next(stream), next(stream)]

        with pytest.raises(FormatError) as info:
            next(stream)

        assert 2 == len(seen)
        assert [
            (
                "line 2",
                (
                    "invalid JSON at column 2: Expecting property name enclosed in "
                    "double quotes; a line of { alone starts a JSON document written "
                    "over several lines, and JSON Lines hold one whole record per line"
                ),
            )
        ] == list(info.value.problems)


class TestDump:
    """dump_observations writes one JSON object per line."""

    def test_lines(self) -> None:
        """Keys in order metric, at, value, ref, dims; optional ones left out."""
        assert (
            '{"metric": "cosell-opps", "at": "2026-03-02", "value": "1", '
            '"ref": "DR-1001", "dims": {"party": "globex", "region": "emea"}}\n'
            '{"metric": "pipeline", "at": "2026-03-05", "value": "125000.50"}\n'
            '{"metric": "pipeline", "at": "2026-03-06", "value": "7", '
            '"dims": {"région": "Île-de-France"}}\n'
            '{"metric": "cosell-opps", "at": "2026-03-09", "value": null, '
            '"ref": "DR-1001"}\n'
        ) == dump_observations(OBSERVATIONS)

    def test_round_trip(self) -> None:
        """What is dumped loads back equal."""
        assert OBSERVATIONS == load_observations(dump_observations(OBSERVATIONS))

    def test_nothing(self) -> None:
        """No observations, no text."""
        assert "" == dump_observations(())

    def test_any_iterable(self) -> None:
        """A generator is read once and written whole."""
        assert dump_observations(OBSERVATIONS) == dump_observations(
            o for o in OBSERVATIONS
        )

    def test_refuses_what_no_reader_takes_back(self) -> None:
        """Items that are not observations, and a retraction without a ref: each with its index, nothing written."""
        retraction = Observation("pipeline", dt.date(2026, 3, 9), None)
        log: list[object] = [OBSERVATIONS[0], 7, {"metric": "pipeline"}, retraction]

        with pytest.raises(InvalidObservationsError) as caught:
            dump_observations(log)  # type: ignore[arg-type]

        assert [
            ("[1]", "expected an Observation, got int"),
            (
                "[2]",
                (
                    "expected an Observation, got dict (observation_from_dict reads "
                    "a record's JSON form)"
                ),
            ),
            ("[3]", "value None retracts a record by its ref, and there is no ref"),
        ] == list(caught.value.problems)

    @pytest.mark.parametrize(
        ("log", "found"),
        [
            ("DR-1", "str 'DR-1'"),
            ({"metric": "m"}, "a mapping (dict), whose keys a loop reads"),
            (7, "int 7"),
        ],
        ids=["text", "mapping", "number"],
    )
    def test_refuses_what_is_not_a_log(self, log: object, found: str) -> None:
        """Text, a mapping or a number in place of the log is a TypeError."""
        with pytest.raises(TypeError) as caught:
            dump_observations(log)  # type: ignore[arg-type]

        assert (
            f"observations is an iterable of Observation records, got {found}"
            == str(caught.value)
        )


class TestOneObservation:
    """observation_to_dict and observation_from_dict convert one record, for a host's own table."""

    def test_round_trip(self) -> None:
        """A correction with a ref and dims goes to a dict of text and back, equal."""
        observation = Observation(
            "deal-regs",
            dt.date(2026, 3, 2),
            Decimal("2.50"),
            "DR-1",
            {"party": "globex"},
        )
        data = observation_to_dict(observation)

        assert (
            {
                "metric": "deal-regs",
                "at": "2026-03-02",
                "value": "2.50",
                "ref": "DR-1",
                "dims": {"party": "globex"},
            },
            observation,
        ) == (data, observation_from_dict(data))

    def test_retraction_leaves_out_empty_keys(self) -> None:
        """A retraction writes value None and no dims."""
        assert {"metric": "m", "at": "2026-01-01", "value": None, "ref": "R"} == (
            observation_to_dict(Observation("m", dt.date(2026, 1, 1), None, "R"))
        )

    def test_refuses_what_it_cannot_write(self) -> None:
        """A mapping is a TypeError; a retraction without a ref names its ref."""
        with pytest.raises(TypeError, match=r"^expected an Observation, got dict \("):
            observation_to_dict({"metric": "m"})  # type: ignore[arg-type]
        with pytest.raises(InvalidObservationsError) as caught:
            observation_to_dict(Observation("m", dt.date(2026, 1, 1), None))

        assert [
            ("ref", "value None retracts a record by its ref, and there is no ref")
        ] == list(caught.value.problems)

    def test_every_problem_with_its_path(self) -> None:
        """An unknown key, a bad metric, a bad day and a null without ref: four problems."""
        with pytest.raises(FormatError) as caught:
            observation_from_dict(
                {"metric": "a b", "at": "2026-13-01", "value": None, "extra": 1}
            )

        assert ["$.extra", "$.metric", "$.at", "$.value"] == [
            path for path, _ in caught.value.problems
        ]

    def test_a_number_of_another_type_is_named(self) -> None:
        """A float subclass (numpy's float64) is refused naming its type, saying what to pass.

        The message said ``got 2.5``, which reads as a number it takes.
        """

        class Float64(float):
            pass

        with pytest.raises(FormatError) as caught:
            observation_from_dict(
                {"metric": "m", "at": "2026-01-01", "value": Float64(2.5)}
            )

        assert [
            (
                "$.value",
                (
                    "expected a decimal string or a number, got a Python Float64 (2.5); "
                    "pass Decimal('2.5')"
                ),
            )
        ] == list(caught.value.problems)

    def test_numpy_numbers_as_the_constructors_take_them(self) -> None:
        """A DataFrame row's numpy integer is read as its int; its float refused as a float is.

        observation_from_dict refused np.int64(3), which Observation takes,
        as "a Python int64".
        """
        np = pytest.importorskip("numpy")
        day = dt.date(2026, 1, 5)
        record = {"metric": "m", "at": "2026-01-05"}

        read = [
            observation_from_dict({**record, "value": value}).value
            for value in (np.int64(3), np.uint8(200), np.int8(-4))
        ]
        with pytest.raises(FormatError) as as_float:
            observation_from_dict({**record, "value": np.float64(1.5)})
        with pytest.raises(TypeError) as built:
            Observation("m", day, np.float64(1.5))

        assert [Decimal(3), Decimal(200), Decimal(-4)] == read
        assert [Observation("m", day, np.int64(3)).value] == read[:1]
        assert (
            [
                (
                    "$.value",
                    (
                        "expected a decimal string or a number, got a numpy float64 "
                        "(1.5); pass Decimal('1.5')"
                    ),
                )
            ],
            True,
        ) == (
            list(as_float.value.problems),
            str(built.value).endswith("; pass Decimal('1.5')"),
        )

    def test_not_an_object(self) -> None:
        """A list is refused at the root."""
        with pytest.raises(FormatError) as caught:
            observation_from_dict(["m"])

        assert ("$", "expected an object (an observation), got an array") == (
            caught.value.problems[0]
        )


class TestOneRecordALine:
    """A written line holds no line break of any kind, whatever its text holds."""

    def test_unicode_line_breaks_are_escaped(self) -> None:
        """U+0085, U+2028 and U+2029 in a ref or dims are written as escapes and read back."""
        record = Observation("m", dt.date(2026, 3, 1), Decimal(1), ref="a\u2028b",
                             dims={"k\x85": "v\u2029"})  # fmt: skip

        text = dump_observations([record])

        assert (
            '{"metric": "m", "at": "2026-03-01", "value": "1", "ref": "a\\u2028b", '
            '"dims": {"k\\u0085": "v\\u2029"}}\n'
        ) == text
        assert [record] == list(load_observations(text.splitlines()))

    @given(agreements_with_observations(max_observations=10))
    def test_splitlines_sees_one_record_a_line(
        self, pair: tuple[object, list[Observation]]
    ) -> None:
        """str.splitlines() of a written log gives its records, one a line."""
        _, log = pair

        lines = dump_observations(log).splitlines()

        assert (len(log), log) == (len(lines), list(load_observations(lines)))


def _value_problems(raw: str) -> list[tuple[str, str]]:
    """Return the problems of a line whose value is the JSON text *raw*."""
    with pytest.raises(FormatError) as info:
        load_observations('{"metric": "m", "at": "2026-01-01", "value": ' + raw + "}")
    return list(info.value.problems)


class TestDecimalBounds:
    """The log holds decimals to the model's bounds, and says which one with the value as written."""

    @pytest.mark.parametrize(
        ("raw", "message"),
        [
            (
                '"0.0000000000010"',
                "at most 12 digits after the point, got 0.0000000000010",
            ),
            (
                '"1.000000000000000"',
                "at most 12 digits after the point, got 1.000000000000000",
            ),
            ('"0E-13"', "at most 12 digits after the point, got 0.0000000000000"),
            ('"100E-14"', "at most 12 digits after the point, got 0.00000000000100"),
            ('"1234567890123456.0"', "a magnitude below 10^15, got 1234567890123456.0"),
            ('"0E+1000000"', 'an exponent within ±999999, got "0E+1000000"'),
            ("0E+1000000", "an exponent within ±999999, got 0E+1000000"),
            ("0.0E+1000005", "an exponent within ±999999, got 0.0E+1000005"),
        ],
    )
    def test_message(self, raw: str, message: str) -> None:
        """The message names the bound and shows every digit the value was written with."""
        assert [("line 1: $.value", f"expected {message}")] == _value_problems(raw)

    @pytest.mark.parametrize("digits", [4300, 4301, 50_000])
    def test_integer_too_long(self, digits: int) -> None:
        """An integer of more digits than Python converts: the bound's message at its path."""
        long = "1" + "0" * (digits - 1)
        lines = [
            '{"metric": "m", "at": "2026-01-01", "value": ' + long + "}",
            '{"metric": "m", "at": "2026-13-01", "value": "1"}',
        ]

        assert [
            (
                "line 1: $.value",
                (
                    "expected a magnitude below 10^15, got "
                    f"1{'0' * 19}...{'0' * 10} ({digits} digits)"
                ),
            ),
            (
                "line 2: $.at",
                'expected a date YYYY-MM-DD, got "2026-13-01" (month must be in 1..12)',
            ),
        ] == problems_of("\n".join(lines))

    @pytest.mark.parametrize(
        ("refs", "retraction"),
        [('"ref": "A", "ref": null', False), ('"ref": null, "ref": null', True)],
    )
    def test_a_ref_named_twice(self, refs: str, *, retraction: bool) -> None:
        """A retraction without a ref is said only when it is one whichever ref wins."""
        line = '{"metric": "m", "at": "2026-01-01", "value": null, ' + refs + "}"
        twice = (
            "line 1: $.ref",
            "expected each key once in an object, got this key twice",
        )
        no_ref = (
            "line 1: $.value",
            "expected a decimal, or null with a ref (a retraction), got null without a ref",
        )

        expected = [twice, no_ref] if retraction else [twice]
        assert expected == problems_of(line)

    @pytest.mark.parametrize("raw", ["-0", '"-0"', "-0.0"])
    def test_negative_zero_keeps_its_sign(self, raw: str) -> None:
        """-0 reads as it is written, whether a number or a string."""
        (observation,) = load_observations(
            '{"metric": "m", "at": "2026-01-01", "value": ' + raw + "}"
        )

        assert raw.strip('"') == str(observation.value)

    def test_nan_is_not_a_number(self) -> None:
        """NaN, which JSON has not, is still named so."""
        assert [
            (
                "line 1: $.value",
                "expected a decimal string or a number, got NaN (not a JSON number)",
            )
        ] == _value_problems("NaN")

    def test_a_zero_beyond_the_exponent_is_not_built(self) -> None:
        """0E+1000000, which no reader reads back, is refused when built, not written."""
        with pytest.raises(InvalidObservationsError) as caught:
            Observation(metric="m", at=dt.date(2026, 1, 1), value=Decimal("0E+1000000"))

        assert (
            ("value", "expected an exponent within ±999999, got 0E+1000000"),
        ) == caught.value.problems

    def test_the_largest_exponent_reads_back(self) -> None:
        """0E+999999 is written and read back, digit for digit."""
        value = Decimal("0E+999999")
        line = dump_observations([Observation("m", dt.date(2026, 1, 1), value)])

        (read,) = load_observations(line)
        assert value.as_tuple() == read.value.as_tuple()  # type: ignore[union-attr]

    @given(
        st.booleans(),
        st.integers(min_value=0, max_value=10**16),
        st.integers(min_value=-20, max_value=1_100_000),
    )
    def test_what_is_built_reads_back(
        self, negative: bool, coefficient: int, exponent: int
    ) -> None:
        """A decimal the model holds is written as text the reader reads back, the same."""
        digits = tuple(int(d) for d in str(coefficient))
        value = Decimal((int(negative), digits, exponent))
        if decimal_problem(value) is not None:
            with pytest.raises(InvalidObservationsError):
                Observation("m", dt.date(2026, 1, 1), value)
            return
        line = dump_observations([Observation("m", dt.date(2026, 1, 1), value)])

        (read,) = load_observations(line)
        assert value.as_tuple() == read.value.as_tuple()  # type: ignore[union-attr]


class TestLoneSurrogates:
    """What is built is written and read back; a lone surrogate is refused when built.

    So is a code point whose normalisation depends on the Python: each of
    them is refused with what `text_problem` says of it; and a dimension's
    name that shows nothing.
    """

    @given(NONBLANK_SURROGATE_TEXT, SURROGATE_TEXT, SURROGATE_TEXT)
    def test_built_reads_back_or_refused(self, ref: str, key: str, value: str) -> None:
        """A ref and a dimension of any text: dumped and loaded back, or refused."""
        dims = {key: value, "party": "globex"}
        refused = {p for text in (ref, key, value) if (p := text_problem(text))}
        if (problem := blank_problem(key)) is not None:
            refused.add(problem)
        if refused:
            with pytest.raises(InvalidObservationsError) as caught:
                Observation("m", dt.date(2026, 1, 1), Decimal(1), ref, dims)
            assert {
                m.removeprefix("a key: ") for _, m in caught.value.problems
            } == refused
            return
        observation = Observation("m", dt.date(2026, 1, 1), Decimal(1), ref, dims)

        assert (observation,) == load_observations(dump_observations([observation]))
