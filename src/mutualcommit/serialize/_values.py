"""The leaves of every format: one value read from JSON, or refused with a reason.

Each reader takes a JSON-like value and returns the model's value or raises
`InvalidValueError`, whose message says what was expected and what was found
(``expected a decimal string or a number, got "six"``). The same readers
serve the converter's fast path and the every-error pass, so both accept
exactly the same values.
"""

from __future__ import annotations

import datetime as dt
import decimal as decimal_module
import json
import math
import numbers
import operator
import os
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from mutualcommit.errors import (
    ArgumentError,
    FormatError,
    MutualCommitError,
    also_type_error,
)
from mutualcommit.model import FORMAT, FrozenDict
from mutualcommit.model._coerce import decimal_hint
from mutualcommit.model._days import DATE_PATTERN, date_text
from mutualcommit.model._decimal import (
    DECIMAL_EXPECTED,
    DECIMAL_PATTERN,
    MAX_EXPONENT,
    decimal_text_problem,
    exponent_problem,
    is_decimal_text,
)
from mutualcommit.model._frozen import EMPTY, MAX_DEPTH, plain_json
from mutualcommit.model._paths import key_path
from mutualcommit.model._shown import did_you_mean, quoted
from mutualcommit.model._unicode import has_lone_surrogate, unstable_problem

__all__ = [
    "DATE_PATTERN",
    "DECIMAL_PATTERN",
    "MAX_DEPTH",
    "TWICE",
    "UTF16_WITHOUT_BOM",
    "UTF32_WITHOUT_BOM",
    "DuplicateKeys",
    "IntegerText",
    "InvalidValueError",
    "NotJSON",
    "Problem",
    "boolean",
    "choice_reader",
    "compressed",
    "date",
    "decimal",
    "describe",
    "did_you_mean",
    "document_in_log",
    "document_text",
    "extensions",
    "first_reading",
    "integer",
    "json_error",
    "json_path",
    "key_path",
    "line_error",
    "names_a_key_twice",
    "not_utf8",
    "object_pairs",
    "one_line",
    "parse_constant",
    "parse_float",
    "parse_int",
    "quoted",
    "string_map",
    "syntax_hint",
    "text",
    "unknown_key_problems",
    "utf16_without_bom",
    "utf32_without_bom",
    "whole_number",
    "wide_text",
    "without_bom",
    "without_newline",
]

Problem = tuple[str, str]

#: The line breaks JSON leaves as they are inside a string (it escapes the
#: controls below U+0020 only), written as escapes by `one_line`.
_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def one_line(encoded: str) -> str:
    """Return the JSON text *encoded* with U+0085, U+2028 and U+2029 escaped.

    A JSON Lines reader splits at the newline alone, but a reader that splits at
    every Unicode line break (Python's ``str.splitlines``, some editors and
    log shippers) would cut a record whose string holds one of these. As
    escapes they mean the same to any JSON parser.
    """
    return encoded if encoded.isascii() else encoded.translate(_BREAKS)


# Decimal text is the model's rule (DECIMAL_PATTERN, is_decimal_text): one
# rule for a document's text and for a value built in code.

_MAX_SHOWN = 60
# A double holds integers up to about 2**1024; the model refuses larger ones.
_MAX_INT = 2**1023
#: The most digits of a whole Decimal converted to an `int` as it is: as
#: many as Python converts from text by default (`sys.get_int_max_str_digits`),
#: in well under a millisecond. No field takes a number that long.
_EXACT_DIGITS = 4300


class InvalidValueError(MutualCommitError, ValueError):
    """A value is not what its place in a document expects.

    The message says what was expected and what was found. The readers
    turn it into a `FormatError` at the value's path; a converter from
    `make_converter` raises it as it is, within cattrs' own errors.
    """


class NotJSON:
    """A number the JSON parser saw that has no place in a document.

    ``NaN`` and ``Infinity`` (which Python's json module accepts by default)
    and numbers with absurd exponents parse to this marker; whatever reads
    it refuses it, with its path.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"NotJSON({self.text!r})"


class IntegerText:
    """A JSON integer the parser keeps as its text, which `int` would not read as written.

    Two kinds: ``-0``, whose sign an `int` drops (a decimal field keeps it,
    as it keeps the sign of ``"-0"`` and ``-0.0``), and an integer of more
    digits than the host lets Python convert (`sys.get_int_max_str_digits`,
    4300 by default: converting digits to an `int` takes time quadratic in
    their number). No field takes an integer that long, so the readers
    refuse it at its path, with the message they give any integer out of
    their range; the limit stays the host's.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"IntegerText({_shorten(self.text)!r})"

    def bit_length(self) -> int:
        """Return the bit length of the integer, as `int.bit_length` would.

        Found with decimal arithmetic, exactly and in time near linear in
        the number of digits, for `describe`: ``an integer of 14285 bits``.
        """
        digits = self.text.lstrip("-")
        if digits == "0":
            return 0
        value = Decimal(digits)
        # log2 from the leading digits: off by one at most, put right below.
        lead = min(len(digits), 17)
        bits = int(math.log2(int(digits[:lead])) + (len(digits) - lead) * math.log2(10))
        context = decimal_module.Context(
            prec=len(digits) + 2,
            Emax=decimal_module.MAX_EMAX,
            Emin=decimal_module.MIN_EMIN,
        )
        power = context.power(_TWO, bits)  # exact: it has fewer digits than prec
        if power > value:
            bits -= 1
        elif context.multiply(power, _TWO) <= value:
            bits += 1
        return bits + 1

    def as_int(self) -> int:
        """Return the integer, or for a long one an `int` of the same sign and bit length.

        The stand-in is out of every range a field has, as the integer is,
        and `describe` names both alike (``an integer of 14285 bits``).
        """
        if self.text.lstrip("-") == "0":
            return 0
        stand_in = 1 << (self.bit_length() - 1)
        return -stand_in if self.text.startswith("-") else stand_in


_TWO = Decimal(2)


def parse_int(text: str) -> int | IntegerText:
    """Parse a JSON integer: an `int`, or `IntegerText` for ``-0`` and one too long to convert."""
    if text == "-0":
        return IntegerText(text)
    try:
        return int(text)
    except ValueError:
        # More digits than the host's limit on converting them.
        return IntegerText(text)


#: The names Python's json module reads as numbers, which JSON has not.
_CONSTANTS = frozenset(("NaN", "Infinity", "-Infinity"))


def parse_constant(text: str) -> NotJSON:
    """Parse ``NaN``, ``Infinity`` and ``-Infinity`` to a marker that readers refuse."""
    return NotJSON(text)


def parse_float(text: str) -> Decimal | NotJSON:
    """Parse a JSON number with a fraction or exponent to a Decimal, keeping its digits."""
    return Decimal(text) if is_decimal_text(text) else NotJSON(text)


def describe(value: object) -> str:
    """Write *value* the way a message names what it found: ``"six"``, ``true``, ``an array``."""
    if isinstance(value, str):
        return _shorten(quoted(value))
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        if abs(value) < 10**_MAX_SHOWN:
            return str(value)
        return f"an integer of {value.bit_length()} bits"
    if type(value) is float or type(value) is Decimal:
        return _shorten(str(value))
    if isinstance(value, numbers.Number):
        # Another type of number (numpy's float64): its type says why it is
        # not read as one, where "got 2.5" would not.
        return f"a {_owner(value)} {type(value).__name__} ({_shorten(str(value))})"
    if type(value) is IntegerText:
        if value.text.lstrip("-") == "0":
            return value.text
        return f"an integer of {value.bit_length()} bits"
    if isinstance(value, NotJSON):
        if value.text in _CONSTANTS:
            return f"{value.text} (not a JSON number)"
        # A JSON number, whose exponent is beyond what any reader takes.
        return f"{_shorten(value.text)} (an exponent beyond ±{MAX_EXPONENT})"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    return f"a {_owner(value)} {type(value).__name__}"


#: The libraries whose values a message names as theirs: a DataFrame's.
_LIBRARIES = frozenset({"numpy", "pandas"})


def _owner(value: object) -> str:
    """Name where *value*'s type is from: ``numpy``, ``pandas``, else ``Python``."""
    library = type(value).__module__.partition(".")[0]
    return library if library in _LIBRARIES else "Python"


#: What JSON takes for whitespace between its tokens.
_JSON_SPACE = " \t\r\n"
#: How a file's name ends, when text that is not JSON is one.
_FILE_NAMES = (".json", ".jsonl", ".ndjson", ".txt")
#: The longest text taken for a file's name.
_LONGEST_NAME = 4096


def path_hint(text: str) -> str:
    """Return a hint to add when *text*, which is not JSON, is a file's name.

    A reader passed ``"agreement.json"`` where the file's text belongs
    reports invalid JSON at column 1; this says why. Only the text's shape
    is read (one line, a JSON file's ending): never the file system.
    """
    if len(text) > _LONGEST_NAME:
        return ""  # no file's name; and a long text is not copied to be told
    name = text.strip()
    if (
        "\n" not in name
        and name[:1] not in ("{", "[", '"')
        and name.lower().endswith(_FILE_NAMES)
    ):
        return "; this is a file's name, not its text: pass Path(name).read_text()"
    return ""


def document_hint(line: str) -> str:
    """Return a hint to add when a JSON Lines *line* that is not JSON has a known shape.

    A line of ``{`` or ``[`` alone, unindented, opens a JSON document
    written over several lines (an agreement, a policy, a pretty-printed
    record), which no line of JSON Lines is: every line of it is then
    invalid, and this says why, once per document (the lines of its nested
    objects are indented). A line with carriage returns inside holds
    several records whose lines end with a carriage return alone (classic
    Mac OS), which ends no line: the readers split at the newline.
    """
    bracket = line.rstrip(" \t\r\n")
    if bracket in ("{", "["):
        return (
            f"; a line of {bracket} alone starts a JSON document written over "
            "several lines, and JSON Lines hold one whole record per line"
        )
    if "\r" in bracket and "\n" not in bracket:
        return (
            "; this line holds carriage returns: a carriage return alone ends "
            "no line, and JSON Lines end each line with a newline"
        )
    return ""


#: Keys an agreement document has and no log's line has: two of them name one.
_AGREEMENT_KEYS = frozenset({"parties", "goals", "metrics", "contributions", "reviews"})


def document_in_log(found: Mapping[str, Any]) -> str | None:
    """Name the document a JSON Lines line's object *found* is, or return None.

    An agreement written on one line (its ``format``, or two of its keys
    without a ``format``) given where a log belongs, say as the
    observations, makes every line's keys unknown: the readers say what
    the line is instead, in one problem. So for another of the library's
    documents (a policy), by its ``format``.
    """
    form = found.get("format")
    if form == FORMAT or (
        form is None and len(_AGREEMENT_KEYS.intersection(found)) >= 2  # noqa: PLR2004
    ):
        return "an agreement document"
    if isinstance(form, str) and form.startswith("mutualcommit."):
        return f"a {quoted(form)} document"
    return None


#: The byte order mark some editors (Notepad, Excel's "CSV UTF-8") put
#: first in a UTF-8 file; read as text, it stays as this character.
_BOM = "\ufeff"

#: A JSON escape of a code point: a surrogate pair, or one code unit.
_ESCAPE = re.compile(
    r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})"
    r"|\\u([0-9a-fA-F]{4})"
)


def holds_unstable(text: str) -> bool:
    r"""Tell whether JSON *text* may hold a code point `unstable_problem` refuses.

    Written as it is or escaped (``\u0378``, a pair ``\ud838\udc8f``).
    A readers' fast path that vouches for the text it reads leaves such a
    document to the plain one, which names each at its path. It may answer
    True for text that holds none (an escaped backslash before ``u0378``):
    the plain path then reads it, as it reads everything.
    """
    if not text.isascii() and unstable_problem(text) is not None:
        return True
    if "\\u" not in text:
        return False
    escaped = []
    for high, low, unit in _ESCAPE.findall(text):
        if unit:
            escaped.append(chr(int(unit, 16)))
        else:
            point = 0x10000 + ((int(high, 16) - 0xD800) << 10) + int(low, 16) - 0xDC00
            escaped.append(chr(point))
    return unstable_problem("".join(escaped)) is not None


def without_bom(text: str) -> str:
    """Return *text* without the byte order mark it starts with, if any.

    No JSON text starts with U+FEFF, so one in first place is the file's
    mark, read along with it (``Path.read_text(encoding="utf-8")`` keeps
    it): skipped, as the readers skip the three bytes of UTF-8 bytes.
    """
    return text[1:] if text.startswith(_BOM) else text


def document_text(text: str | bytes | bytearray) -> str:
    """Return the text of a JSON document given as text or as UTF-8 bytes.

    What every reader of one document (an agreement, a policy) does first,
    so that they read the same bytes alike and refuse them in the same
    words: a byte order mark first in the text is skipped (U+FEFF, or its
    three bytes); bytes that are not UTF-8 are one problem at ``$``, saying
    where the first bad byte is by line and column, or that the bytes are
    UTF-16, UTF-32 or compressed data (`not_utf8`).

    Raises:
        FormatError: When *text* is bytes that are not UTF-8.
        ArgumentError: A `TypeError` too, when *text* is neither `str` nor
            `bytes`.
    """
    if isinstance(text, str):
        return without_bom(text)
    if not isinstance(text, bytes | bytearray):
        raise not_text(text, "JSON text (str or bytes)")
    data = bytes(text)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        where = not_utf8(data, error.start, number=1, offset=0)
        raise FormatError([("$", f"expected UTF-8 text: {where}")]) from None


def without_newline(line: str) -> str:
    """Return a JSON Lines *line* without the newline that ends it, if any.

    An open file or a list of lines gives each line with its newline; the
    whole text, split at them, gives it without. A line is read without
    it, so that a problem at its end is said at the same column whatever
    the lines came from (a line's last column, not column 1 of a second
    line). A carriage return before the newline stays, as it does in the
    split text: whitespace to JSON, and a column to count.
    """
    return line.removesuffix("\n")


def not_text(value: object, expected: str, argument: str = "text") -> ArgumentError:
    """Return the error for *value* where *expected* (text) belongs.

    An `ArgumentError` naming *argument* that is a `TypeError` too. A path
    gets what to pass instead: the readers never open a file.
    """
    msg = f"expected {expected}, got {type(value).__name__}"
    if isinstance(value, os.PathLike):
        msg += ": pass the file's text, Path(name).read_text()"
    return also_type_error(ArgumentError)(msg, argument)


def json_error(error: json.JSONDecodeError, *, line: bool = True, of: str = "") -> str:
    """Return the problem of JSON text the standard reader refused, where it is.

    ``invalid JSON at line 3, column 5: Expecting ',' delimiter`` (without
    the line, for a line of JSON Lines, whose path names it; *of* follows
    the position: ``" of the item"``). The reader's own message ends with
    "at" where it gave the position in characters ("Unterminated string
    starting at"): the position is the line and column said first, so it
    ends "here" instead.
    """
    where = (
        f"line {error.lineno}, column {error.colno}"
        if line
        else (f"column {error.colno}")
    ) + of
    message = error.msg
    if message.endswith(" at"):
        message = message[: -len("at")] + "here"
    return f"invalid JSON at {where}: {message}{syntax_hint(error, line=not line)}"


def line_error(error: json.JSONDecodeError, line: str) -> str:
    """Return the problem of a line of JSON Lines that is not JSON, and what it looks like.

    A line that is a file's name, or the first line of a document written
    over several lines, says so (`path_hint`, `document_hint`). An item of
    a log given as its lines that holds several lines itself (a day's text
    among a list of days' texts) says how many, and where in it the reader
    stopped: one record per item is read, never the rest of the item.
    """
    held = sum(1 for part in line.split("\n") if part.strip(_JSON_SPACE))
    if held > 1:
        return (
            f"{json_error(error, of=' of the item')}; this item holds {held} "
            "lines, and each item is one line of the log: pass the text "
            'itself, or its lines (text.split("\\n"))'
        )
    return json_error(error, line=False) + path_hint(line) + document_hint(line)


#: Characters an editor or a word processor puts where JSON has others.
_LOOKALIKES = {
    "\u201c": "a typographic quote \u201c",
    "\u201d": "a typographic quote \u201d",
    "\u2018": "a typographic quote \u2018",
    "\u2019": "a typographic quote \u2019",
    "\u201e": "a typographic quote \u201e",
    "\u00ab": "a guillemet \u00ab",
    "\u00bb": "a guillemet \u00bb",
}
#: Spaces that are no whitespace to JSON.
_SPACES = {
    "\u00a0": "a non-breaking space (U+00A0)",
    "\u2007": "a figure space (U+2007)",
    "\u202f": "a narrow non-breaking space (U+202F)",
    "\u3000": "an ideographic space (U+3000)",
    "\u200b": "a zero-width space (U+200B)",
}


class _Packing(NamedTuple):
    """A compressed format, known by the bytes its data starts with."""

    magic: re.Pattern[bytes]
    #: What the data is: ``gzip-compressed data``.
    what: str
    #: The bytes it starts with, as a message shows them.
    shown: str
    #: What to do first, in words.
    first: str
    #: How Python reads the file as it is, or None when no module of every
    #: Python does.
    python: str | None
    #: The command that writes it out.
    command: str


#: The compressed formats a file may come in by mistake.
_PACKINGS = (
    _Packing(
        re.compile(rb"\x1f\x8b"),
        "gzip-compressed data",
        "1F 8B",
        "decompress it first",
        'gzip.open(path, "rb")',
        "gzip -dc",
    ),
    _Packing(
        # "BZh", the block size, then a block's magic or the end's.
        re.compile(rb"BZh[1-9](?:1AY&SY|\x17rE8P\x90)"),
        "bzip2-compressed data",
        "42 5A 68",
        "decompress it first",
        'bz2.open(path, "rb")',
        "bzip2 -dc",
    ),
    _Packing(
        re.compile(rb"\xfd7zXZ\x00"),
        "xz-compressed data",
        "FD 37 7A 58 5A 00",
        "decompress it first",
        'lzma.open(path, "rb")',
        "xz -dc",
    ),
    _Packing(
        re.compile(rb"PK(?:\x03\x04|\x05\x06)"),
        "a zip archive",
        "50 4B",
        "take the file out of it first",
        "zipfile.ZipFile(path).open(name)",
        "unzip -p",
    ),
    _Packing(
        re.compile(rb"\x28\xb5\x2f\xfd"),
        "Zstandard-compressed data",
        "28 B5 2F FD",
        "decompress it first",
        None,
        "zstd -dc",
    ),
)


def compressed(data: bytes, *, command_line: bool = False) -> str | None:
    """Say that *data* is compressed, and how to read it; None when it is not.

    Known by the bytes it starts with (gzip, bzip2, xz, zip, Zstandard),
    none of which JSON text starts with: ``it is gzip-compressed data (it
    starts with the bytes 1F 8B): decompress it first, or read it with
    gzip.open(path, "rb")``. With *command_line*, what to do is a
    command line's: the command that writes it out, or standard input.
    """
    packing = next((p for p in _PACKINGS if p.magic.match(data)), None)
    if packing is None:
        return None
    head = (
        f"it is {packing.what} (it starts with the bytes {packing.shown}): "
        f"{packing.first}"
    )
    if command_line:
        command = f"{packing.command} FILE"
        return (
            f"{head}, with {command} (into a file, or piped in: "
            f"{command} | mutualcommit ... -)"
        )
    if packing.python is None:
        return head
    return f"{head}, or read it with {packing.python}"


def not_utf8(
    line: bytes, start: int, *, number: int, offset: int, command_line: bool = False
) -> str:
    """Say where bytes that are not UTF-8 start, and what to do.

    Args:
        line: The bytes of the line the bad byte is on (or all the text
            up to it and beyond: the line is found in it).
        start: The bad byte's offset in *line*.
        number: The line's number (1 for the first line of *line*).
        offset: Where *line* starts in the whole text, in bytes.
        command_line: Whether what to do is said for the command line (see
            `compressed`).

    Returns:
        ``byte 0xE9 at line 5, column 12 (byte 158) is not UTF-8 (was the
        file saved as Windows-1252 or Latin-1?): save it as UTF-8``; for
        UTF-32 text, with its byte order mark or without
        (`utf32_without_bom`), that it is UTF-32; for UTF-16 text
        (Notepad's "Unicode"), with its byte order mark or without
        (`utf16_without_bom`), that it is UTF-16; for compressed data
        (gzip, say), that it is (`compressed`).
    """
    if offset == 0 and (marked := _byte_order_mark(line)) is not None:
        return marked
    if (
        offset == 0
        and (packed := compressed(line, command_line=command_line)) is not None
    ):
        return packed
    if (rhythm := _without_bom(line)) is not None:
        return rhythm
    number += line.count(b"\n", 0, start)
    begins = line.rfind(b"\n", 0, start) + 1
    column = len(line[begins:start].decode("utf-8", "replace")) + 1
    return (
        f"byte 0x{line[start]:02X} at line {number}, column {column} "
        f"(byte {offset + start}) is not UTF-8 (was the file saved as "
        "Windows-1252 or Latin-1?): save it as UTF-8"
    )


def wide_text(data: bytes) -> str | None:
    """Say that the bytes *data* are UTF-32 or UTF-16 text, and what to do; None when not.

    Known by the byte order mark they start with, or, without one, by the
    zero bytes plain text has in them (`utf32_without_bom`,
    `utf16_without_bom`): ``it is UTF-16 (Notepad's "Unicode"; it starts
    with a UTF-16 byte order mark): save it as UTF-8``. A log's reader
    given such bytes reads none of their lines, as it reads none of
    compressed data's: split at the newline byte, each would be a problem
    of its own.
    """
    marked = _byte_order_mark(data)
    return marked if marked is not None else _without_bom(data)


def _byte_order_mark(data: bytes) -> str | None:
    """Say that *data* starts with the byte order mark of UTF-32 or UTF-16, or return None."""
    # UTF-32's little-endian mark starts with UTF-16's: it is looked for first.
    if data.startswith(_UTF32_BOMS):
        return (
            "it is UTF-32 (it starts with a UTF-32 byte order mark): save it as UTF-8"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return (
            'it is UTF-16 (Notepad\'s "Unicode"; it starts with a UTF-16 byte '
            "order mark): save it as UTF-8"
        )
    return None


def _without_bom(data: bytes) -> str | None:
    """Say that *data* is UTF-32 or UTF-16 without a byte order mark, or return None."""
    if utf32_without_bom(data):
        return UTF32_WITHOUT_BOM
    if utf16_without_bom(data):
        return UTF16_WITHOUT_BOM
    return None


#: What the readers say of UTF-16 text without a byte order mark.
UTF16_WITHOUT_BOM = (
    "it is UTF-16 without a byte order mark (a zero byte every other byte, as "
    "UTF-16 writes plain text): save it as UTF-8"
)
#: How much of a text `utf16_without_bom` looks at: its start, which in a
#: JSON document or record is plain text (braces, quotes, keys).
_UTF16_SAMPLE = 64
#: The shortest start it judges: two characters of UTF-16.
_UTF16_SHORTEST = 4


def utf16_without_bom(data: bytes | str) -> bool:
    """Tell whether *data*, bytes or their UTF-8 reading, is UTF-16 without a byte order mark.

    UTF-16 writes each character of plain text (the braces, quotes and
    keys of JSON) as its byte and a zero byte: a zero every other byte,
    and no other zero, at the start of the text or of any of its lines.
    Such bytes are valid UTF-8 when the text is ASCII, and read as text
    with a NUL every other character. Nothing else a reader is given looks
    like that; a stray NUL in a UTF-8 file has no such rhythm.
    """
    sample = data[:_UTF16_SAMPLE]
    if len(sample) < _UTF16_SHORTEST:
        return False
    # A byte is an int, a character a str: either is a zero or not.
    zeros = [unit in (0, "\x00") for unit in sample]
    return any(
        all(zeros[parity::2]) and not any(zeros[1 - parity :: 2]) for parity in (0, 1)
    )


#: The byte order marks of UTF-32, little-endian and big-endian.
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
#: What the readers say of UTF-32 text without a byte order mark.
UTF32_WITHOUT_BOM = (
    "it is UTF-32 without a byte order mark (three zero bytes in every four, "
    "as UTF-32 writes plain text): save it as UTF-8"
)
#: The shortest start `utf32_without_bom` judges: two characters of UTF-32.
_UTF32_SHORTEST = 8


def utf32_without_bom(data: bytes | str) -> bool:
    """Tell whether *data*, bytes or their UTF-8 reading, is UTF-32 without a byte order mark.

    UTF-32 writes each character as four bytes, the two high ones zero for
    every character up to U+FFFF, after the low ones (little-endian) or
    before them (big-endian): plain text (the braces, quotes and keys of
    JSON) is its byte and three zero bytes, at the start of the text or of
    any of its lines. Such bytes are valid UTF-8 when the text is ASCII,
    and read as text with three NULs after or before each character.
    UTF-16's plain text, a zero every other byte, never has two in a row.
    """
    sample = data[:_UTF16_SAMPLE]
    if len(sample) < _UTF32_SHORTEST:
        return False
    # A byte is an int, a character a str: either is a zero or not.
    zeros = [unit in (0, "\x00") for unit in sample]
    units = range(0, len(zeros) - len(zeros) % 4, 4)
    return all(
        zeros[i + 2] and zeros[i + 3] and not (zeros[i] and zeros[i + 1]) for i in units
    ) or all(
        zeros[i] and zeros[i + 1] and not (zeros[i + 2] and zeros[i + 3]) for i in units
    )


def syntax_hint(error: json.JSONDecodeError, *, line: bool = False) -> str:
    r"""Return what a common hand-editing slip at *error* is, in plain words.

    For the slips a text editor makes easy: an empty text, a text cut
    short, a comma before ``}`` or ``]``, a ``//`` or ``#`` comment,
    single or typographic quotes, a non-breaking space, an invisible
    control character, and a backslash that starts no escape (a Windows
    path); and for a file saved as UTF-16 or UTF-32 without a byte order
    mark, whose zero bytes are the NULs the reader stops at, which of the
    two it is. Empty when the slip is none of these. For a *line* of JSON
    Lines, a text cut short is a line that ends before its record does.
    """
    text: str = error.doc
    pos = error.pos
    here = text[pos : pos + 1]
    rest = text[pos:].strip(_JSON_SPACE)
    if not text.strip(_JSON_SPACE):
        return "; the text is empty (was the file saved?)"
    if here == "\x00":
        begins = text[text.rfind("\n", 0, pos) + 1 :]
        if utf32_without_bom(begins):
            return f"; {UTF32_WITHOUT_BOM}"
        if utf16_without_bom(begins):
            return f"; {UTF16_WITHOUT_BOM}"
    if not rest and error.msg != "Extra data":
        if not line:
            return (
                "; the text ends here, before its objects and arrays are "
                "closed: is the file cut short?"
            )
        if text.strip(_JSON_SPACE) in {"{", "["}:
            return ""  # a document over several lines: `document_hint` says so
        return (
            "; the line ends here, before its record does: is it cut short, "
            "or split over several lines?"
        )
    before = text[:pos].rstrip(_JSON_SPACE)
    if error.msg.startswith("Illegal trailing comma"):
        # Python 3.13 and later stop at the comma itself.
        closing = text[pos + 1 :].lstrip(_JSON_SPACE)[:1]
        return f"; JSON allows no comma before {closing}: remove the last comma"
    if here in "}]" and here and before.endswith(","):
        return f"; JSON allows no comma before {here}: remove the last comma"
    if text.startswith(("//", "/*", "#"), pos):
        return "; JSON has no comments: remove the comment"
    if here == "'":
        return '; JSON strings and keys take double quotes ("), not single quotes'
    if here in _LOOKALIKES:
        return (
            f"; {_LOOKALIKES[here]} is not a JSON quote: use the straight "
            'double quote (") and turn off smart quotes in the editor'
        )
    if here in _SPACES:
        return f"; {_SPACES[here]} is here: replace it with a plain space"
    if here == _BOM:
        return "; a byte order mark (U+FEFF), which is invisible, is here: remove it"
    if error.msg.startswith("Invalid control character"):
        return (
            "; a string holds a line break or a tab: keep the string on one "
            "line (write \\n for a line break)"
        )
    if here and not here.isprintable() and here not in _JSON_SPACE:
        return (
            f"; an invisible control character (U+{ord(here):04X}) is here: remove it"
        )
    if error.msg.startswith("Invalid \\escape"):
        return (
            "; a backslash in a string starts an escape: write \\\\ for one "
            "backslash (a Windows path: C:\\\\Users, or C:/Users)"
        )
    return ""


def json_lines_hint(text: str, error: json.JSONDecodeError) -> str:
    """Return a hint to add when *text* is JSON Lines where one document belongs.

    The standard reader stops at the second line's object with "Extra
    data"; the hint says what the text is.
    """
    before = text[: error.pos].rstrip()
    after = text[error.pos :]
    if (
        error.msg == "Extra data"
        and before.endswith("}")
        and after.startswith("{")
        and "\n" in text[len(before) : error.pos]
    ):
        return (
            "; this is JSON Lines (an object per line: observations or a fund "
            "log, say), not one document"
        )
    return ""


def _shorten(text: str) -> str:
    if len(text) <= _MAX_SHOWN:
        return text
    return text[: _MAX_SHOWN - 4] + "..." + text[-1]


def json_path(path: str) -> str:
    """Turn a model path (``goals[2].target``) into a JSON path (``$.goals[2].target``)."""
    if not path:
        return "$"
    if path.startswith("["):
        return "$" + path
    return "$." + path


# -- scalars -------------------------------------------------------------------
#
# Every reader takes an ignored second argument: cattrs calls structure hooks
# with the target type, and an adapter per call would cost more than it says.


def text(value: object, _: object = None) -> str:
    """Read a string the model normalises (every string but in ``extensions``).

    Lone surrogates, which UTF-8 cannot carry, are refused, and so is a code
    point whose normalisation depends on the Python (`unstable_problem`).
    """
    if type(value) is str and value.isascii():
        return value
    if isinstance(value, str):
        _check_unicode(value)
        problem = unstable_problem(value)
        if problem is not None:
            raise InvalidValueError(problem)
        return value
    msg = f"expected a string, got {describe(value)}"
    raise InvalidValueError(msg)


def _check_unicode(value: str) -> None:
    if has_lone_surrogate(value):
        msg = "expected valid Unicode text, got a string with a lone surrogate"
        raise InvalidValueError(msg)


def boolean(value: object, _: object = None) -> bool:
    """Read ``true`` or ``false``, nothing else."""
    if value is True or value is False:
        return value
    msg = f"expected true or false, got {describe(value)}"
    raise InvalidValueError(msg)


def whole_number(value: Decimal | float) -> int | None:
    """Return the whole number *value* is, or None when it is not one.

    ``100.0`` and ``1E+2`` are 100, as JSON Schema counts them; ``1.5``,
    NaN and infinities are no whole number. A Decimal of more than 4300
    digits before the point (``1E+999999``) is a stand-in of its sign and
    bit length, as a long `IntegerText` is: out of every range a field
    has, as the number is, and described alike (``an integer of 3321929
    bits``), without the seconds writing out its digits would take. The
    readers name the number as written all the same (``got 1E+999999``).
    """
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if not value.is_finite():
        return None
    if value.is_zero():
        return 0
    if value.adjusted() < _EXACT_DIGITS:
        whole = int(value)
        return whole if whole == value else None
    _, digits, exponent = value.as_tuple()
    if isinstance(exponent, int) and exponent < 0 and any(digits[exponent:]):
        return None
    return _stand_in(value)


def _stand_in(value: Decimal) -> int:
    """Return an int of *value*'s sign and bit length, for a whole Decimal too long to convert."""
    context = decimal_module.Context(
        prec=40, Emax=decimal_module.MAX_EMAX, Emin=decimal_module.MIN_EMIN
    )
    # log2 to 40 digits gives the bit length, except for a number within a
    # factor of 1 + 10^-30 of a power of two, whose bit length may come out
    # one short: a stand-in need only be out of range, and described.
    log2 = context.divide(context.ln(value.copy_abs()), context.ln(_TWO))
    stand_in = 1 << int(log2)
    return -stand_in if value.is_signed() else stand_in


def integer(value: object, _: object = None) -> int:
    """Read a whole number; ``1.0`` and ``1E+2`` are ones (as JSON Schema counts), ``true`` is not.

    A whole number of any size is read (`whole_number`), so that the range
    its field takes says what is wrong with it, as it does for the same
    number written in digits.
    """
    if type(value) is int:
        return value
    if (type(value) is Decimal or type(value) is float) and (
        whole := whole_number(value)
    ) is not None:
        return whole
    if type(value) is IntegerText:
        return value.as_int()
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        # An IntEnum's member, a numpy integer: exact, as a constructor takes it.
        return operator.index(value)
    msg = f"expected an integer, got {describe(value)}"
    raise InvalidValueError(msg)


def decimal(value: object, _: object = None) -> Decimal:
    """Read a decimal from a JSON string or number, never from a boolean.

    Strings follow `DECIMAL_PATTERN`; a float (from a caller's own dict) is
    read as the shortest text that round-trips, ``0.1`` as ``Decimal("0.1")``.
    Another integral number (a numpy integer, an IntEnum's member) is
    exact, and read as its int, as a constructor reads it; another float (a
    numpy float, which no JSON parser makes) is refused as a constructor
    refuses every float, saying what to pass.
    """
    if type(value) is str:
        if is_decimal_text(value):
            return Decimal(value)
        raise InvalidValueError(decimal_text_problem(value, describe, quoted))
    if type(value) is Decimal:
        if value.is_finite():
            return value
    elif type(value) is int:
        return Decimal(value)
    elif type(value) is float and math.isfinite(value):
        return Decimal(repr(value))
    elif type(value) is IntegerText:
        # Its digits as written: -0 keeps its sign, and a long one its
        # value, for the bounds to refuse (Decimal reads digits in linear time).
        return Decimal(value.text)
    elif type(value) is NotJSON and value.text not in _CONSTANTS:
        # A JSON number the parser left as text: its exponent is too long.
        raise InvalidValueError(exponent_problem(_shorten(value.text)))
    elif isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return Decimal(operator.index(value))
    # A float of another type (numpy's float64) is told what to pass, as a
    # constructor tells it; a JSON value (true, NaN) is not Python's to pass.
    hint = decimal_hint(value) if isinstance(value, float) else ""
    msg = f"expected {DECIMAL_EXPECTED}, got {describe(value)}{hint}"
    raise InvalidValueError(msg)


def date(value: object, _: object = None) -> dt.date:
    """Read a day written ``YYYY-MM-DD``."""
    if type(value) is str:
        if date_text(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError as error:
                msg = f"expected a date YYYY-MM-DD, got {describe(value)} ({error})"
                raise InvalidValueError(msg) from None
    elif type(value) is dt.date:
        return value
    msg = f"expected a date YYYY-MM-DD, got {describe(value)}"
    raise InvalidValueError(msg)


def choice_reader(values: Iterable[Any]) -> Callable[[object, object], Any]:
    """Return a reader of one of *values* (strings, or StrEnum members by value)."""
    members = {str(getattr(v, "value", v)): v for v in values}
    expected = ", ".join(json.dumps(v) for v in members)

    def choice(value: object, _: object = None) -> Any:
        if isinstance(value, str):
            member = members.get(value)
            if member is not None:
                return member
        msg = f"expected one of {expected}, got {describe(value)}"
        raise InvalidValueError(msg + did_you_mean(value, members))

    return choice


# -- mappings --------------------------------------------------------------------
#
# These check a whole structure: with *problems* None they raise at the first
# problem (the fast path), with a list they record every problem with its
# path and return what was good (the every-error pass).


def string_map(
    value: object,
    _: object = None,
    *,
    path: str = "",
    problems: list[Problem] | None = None,
) -> FrozenDict[str, str]:
    """Read an object of strings (``where``, ``dims``) into a `FrozenDict`."""
    if not isinstance(value, Mapping):
        _report(problems, path, f"expected an object of strings, got {describe(value)}")
        return FrozenDict()
    good: dict[str, str] = {}
    for key, item in value.items():
        try:
            text(key)
        except InvalidValueError as error:
            _report(problems, path, f"a key: {error}")
            continue
        try:
            good[key] = text(item)
        except InvalidValueError as error:
            _report(problems, key_path(path, key), str(error))
    _duplicates(value, path, problems)
    return FrozenDict(good) if good else _EMPTY


def extensions(
    value: object,
    _: object = None,
    *,
    path: str = "",
    problems: list[Problem] | None = None,
) -> FrozenDict[str, Any]:
    """Read a host's ``extensions`` object, deeply frozen.

    Any JSON value may sit inside. Numbers stay what a plain JSON reader
    makes of them: integers stay `int`, and a Decimal (which the document
    parser makes of ``2.5`` to keep a domain decimal's digits) becomes a
    `float`, for these are the host's JSON values, not domain decimals.
    """
    if not isinstance(value, Mapping):
        _report(problems, path, f"expected an object, got {describe(value)}")
        return _EMPTY
    if not value:
        return _EMPTY
    frozen: FrozenDict[str, Any] = _json_value(value, path, problems, 1)
    return frozen


def _json_value(
    value: object, path: str, problems: list[Problem] | None, depth: int
) -> Any:
    if type(value) is str:
        if not value.isascii():
            try:
                _check_unicode(value)
            except InvalidValueError as error:
                _report(problems, path, str(error))
        return value
    if value is None or type(value) is bool:
        return value
    if type(value) is int:
        if abs(value) > _MAX_INT:
            _report(problems, path, f"{_NO_DOUBLE}, got {describe(value)}")
        return value
    if type(value) is IntegerText:
        # -0 is the int 0 a plain JSON reader makes of it; a long one is
        # beyond 2^1023.
        whole = value.as_int()
        if whole:
            _report(problems, path, f"{_NO_DOUBLE}, got {describe(value)}")
        return whole
    if type(value) is Decimal or type(value) is float:
        # float(Decimal("sNaN")) raises: a NaN of any kind is refused here.
        nan = value.is_nan() if type(value) is Decimal else math.isnan(value)
        number = math.nan if nan else float(value)
        if not math.isfinite(number):
            _report(problems, path, f"{_NO_DOUBLE}, got {describe(value)}")
        return number
    if isinstance(value, str | int | float):
        # A StrEnum's or IntEnum's member, as the model's constructors take
        # it: its plain value, what JSON writes of it.
        return _json_value(plain_json(value), path, problems, depth)
    if depth > MAX_DEPTH:
        _report(problems, path, f"expected at most {MAX_DEPTH} levels of nesting")
        return None
    if isinstance(value, Mapping):
        result = {}
        for key, item in value.items():
            if not isinstance(key, str):
                _report(problems, path, f"expected string keys, got {describe(key)}")
                continue
            # Without a list of problems the first one raises, and its
            # message has no path: the path is only written for a list.
            sub = path if problems is None else key_path(path, key)
            if not key.isascii():
                try:
                    _check_unicode(key)
                except InvalidValueError as error:
                    _report(problems, sub, f"a key: {error}")
            if type(key) is not str:  # a StrEnum's member: its text
                key = plain_json(key)  # noqa: PLW2901
            result[key] = _json_value(item, sub, problems, depth + 1)
        _duplicates(value, path, problems)
        return FrozenDict(result)
    if isinstance(value, list | tuple):
        if problems is None:
            return tuple([_json_value(item, path, None, depth + 1) for item in value])
        return tuple(
            _json_value(item, f"{path}[{i}]", problems, depth + 1)
            for i, item in enumerate(value)
        )
    _report(problems, path, f"expected a JSON value, got {describe(value)}")
    return None


#: What a number in ``extensions`` no double can hold is told (a host's
#: JSON reader would make infinity of it, or refuse it).
_NO_DOUBLE = "expected a number a double can hold"

#: The model's one shared empty mapping: an entity built by a trusted
#: reader holds it as ``__init__`` would (the writers know it by identity).
_EMPTY: FrozenDict[Any, Any] = EMPTY


def _report(problems: list[Problem] | None, path: str, message: str) -> None:
    if problems is None:
        raise InvalidValueError(message)
    problems.append((path, message))


class DuplicateKeys(dict[str, Any]):
    """A JSON object that named some key twice; the parser marks it so.

    As a dict it holds the last value of each key, as Python's json module
    reads it; `first` holds the first, as some other JSON readers do.
    """

    __slots__ = ("duplicates", "first")

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        first: dict[str, Any] = {}
        duplicates: list[str] = []
        for key, item in pairs:
            if key in first:
                duplicates.append(key)
            else:
                first[key] = item
        self.duplicates = duplicates
        self.first = first


#: How deep `first_reading` follows a document: deeper, only ``extensions``
#: nest, and they are refused long before.
_FIRST_READING_DEPTH = 4 * MAX_DEPTH


def names_a_key_twice(value: Any, depth: int = 0) -> bool:
    """Tell whether some object in JSON *value* named a key twice."""
    if depth > _FIRST_READING_DEPTH:
        return False
    if isinstance(value, DuplicateKeys):
        return True
    if isinstance(value, dict):
        return any(names_a_key_twice(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return any(names_a_key_twice(v, depth + 1) for v in value)
    return False


def first_reading(value: Any, depth: int = 0) -> Any:
    """Return *value* as a JSON reader that keeps the first of a key named twice reads it.

    The parser keeps the last; readers disagree. A problem that depends on
    which value a reader keeps is reported only when it is found in both
    readings: what holds whichever value wins.
    """
    if depth > _FIRST_READING_DEPTH:
        return value
    if isinstance(value, DuplicateKeys):
        return {k: first_reading(v, depth + 1) for k, v in value.first.items()}
    if isinstance(value, dict):
        return {k: first_reading(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [first_reading(v, depth + 1) for v in value]
    return value


def object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Build a JSON object, marking it when a key comes twice."""
    result = dict(pairs)
    if len(result) != len(pairs):
        return DuplicateKeys(pairs)
    return result


#: What the readers say of a key named twice in one object, at its path.
TWICE = "expected each key once in an object, got this key twice"


def _duplicates(value: object, path: str, problems: list[Problem] | None) -> None:
    if isinstance(value, DuplicateKeys):
        for key in dict.fromkeys(value.duplicates):
            _report(problems, key_path(path, key), TWICE)


def unknown_key_problems(
    found: Mapping[str, Any], keys: Iterable[str], also: Iterable[str] = ()
) -> list[Problem]:
    """Return a problem for each key of *found* not in *keys*, and each named twice.

    What every JSON Lines record reader says about its object's keys. *also*
    are keys the line may hold that the record's reader does not read (a
    portfolio stream's ``agreement``): they are listed first among the
    keys, and a misspelt key is told the one it is likely meant to be.
    """
    keys = tuple(keys)
    known = [*also, *keys]
    listed = ", ".join(known)
    problems: list[Problem] = []
    for key in found:
        if key not in keys:
            message = f"expected one of the keys {listed}; got {describe(key)}"
            problems.append((key_path("", key), message + did_you_mean(key, known)))
    if isinstance(found, DuplicateKeys):
        problems.extend(
            (key_path("", key), TWICE) for key in dict.fromkeys(found.duplicates)
        )
    return problems
