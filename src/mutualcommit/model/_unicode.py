r"""Text the model refuses: a lone surrogate anywhere, unstable code points, blank names.

A Python string may hold a code point from U+D800 to U+DFFF on its own
(a ``"\ud800"`` escape, or what ``surrogateescape`` makes of a byte that is
not UTF-8), which no UTF-8 text holds. The readers refuse it; the model
refuses it too in what is built in code, in text and in keys alike, so that
no fingerprint, render or writer fails on it and nothing is written that
cannot be read back.

The canonical form, and so the fingerprint and the receipts, read text in
Unicode NFC, which each Python computes with its own Unicode database.
Unicode guarantees that the NFC form of text made of characters a version
assigns stays the same in every later version; a code point the version
leaves unassigned may become a combining mark that NFC moves, or a
character that composes, in a later one. So the text the library
normalises may not hold a code point that Unicode 14.0 (the database of
Python 3.11, the oldest the library runs on) leaves unassigned, unless a
later version assigns it as a character normalisation leaves alone (an
emoji of Unicode 15, say): `unstable_problem`, by the table of
``_unicode_table``, which is the same on every Python. A document accepted
on one Python has the same fingerprint on every other.

A title or a name shows something: text made only of white space and
invisible characters (a zero-width space, a word joiner, a byte order
mark, a soft hyphen, a joiner) would head a document with an empty line
that a screen reader has nothing to say for, and is refused as blank
(`blank_problem`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from ._paths import key_path
from ._unicode_table import BASE_PYTHON, BASE_VERSION, REFUSED

__all__ = [
    "BLANK",
    "INVISIBLE",
    "LONE_SURROGATE",
    "LONE_SURROGATE_KEY",
    "blank",
    "blank_problem",
    "has_lone_surrogate",
    "text_problem",
    "text_problems",
    "unstable_code_points",
    "unstable_problem",
]

#: What text with a lone surrogate is told, at the text's path.
LONE_SURROGATE = "expected valid Unicode text, got a lone surrogate"

#: What a key with a lone surrogate is told, at the key's path (`key_path`).
LONE_SURROGATE_KEY = f"a key: {LONE_SURROGATE}"


#: What a blank title or name is told, at its path.
BLANK = "expected a non-empty string"

#: The invisible characters, as a regular expression's character class
#: body: Unicode's default-ignorable code points (DerivedCoreProperties),
#: which a display draws as nothing unless it has no better way to show
#: them. Among them are the soft hyphen, the zero-width space, non-joiner
#: and joiner, the direction marks and bidirectional controls, the word
#: joiner and invisible operators, the Hangul fillers, the variation
#: selectors, the byte order mark and the tag characters. The format
#: characters that print a sign (U+0600 ARABIC NUMBER SIGN and the other
#: prepended concatenation marks) are not among them.
INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)

#: Matches, at its start, text of white space and invisible characters only.
_BLANK_TEXT = re.compile(f"[\\s{INVISIBLE}]*")


def blank(text: str) -> bool:
    r"""Tell whether *text* shows nothing: only white space and invisible characters.

    ``""``, ``"  "``, ``"\u00a0"`` and ``"\u200b"`` are blank; ``"\u2800"``
    (a blank Braille cell, which prints as a space's width) is not, nor is
    any text with a letter, digit, mark on a base or sign in it.
    """
    if text.isascii():
        return not text.strip()
    return _BLANK_TEXT.fullmatch(text) is not None


def blank_problem(text: str) -> str | None:
    """Return what is wrong with *text* as a title or name, or None.

    Text that is `blank` is told `BLANK`; where it holds invisible
    characters, the message names them (up to three), since the text looks
    empty but is not.
    """
    if not blank(text):
        return None
    invisible = sorted({char for char in text if not char.isspace()})
    if not invisible:
        return BLANK
    named = ", ".join(_code_point(char) for char in invisible[:3])
    more = ", ..." if len(invisible) > 3 else ""  # noqa: PLR2004 - name a few
    return f"{BLANK}, got only invisible characters ({named}{more})"


def _code_point(char: str) -> str:
    import unicodedata

    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{code} {name}" if name else code


def has_lone_surrogate(text: str) -> bool:
    """Tell whether *text* holds a lone surrogate, which UTF-8 cannot carry.

    ASCII text holds none and is answered at once; a caller on a hot path
    tests ``text.isascii()`` itself first, and spares the call.
    """
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


#: The last code point of the Basic Multilingual Plane.
_BMP_LAST = 0xFFFF


def _class(ranges: list[tuple[int, int]]) -> re.Pattern[str]:
    body = "".join(
        f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last in ranges
    )
    return re.compile(f"[{body}]")


@functools.cache
def unstable_code_points() -> re.Pattern[str]:
    """Match a code point of ``REFUSED``: compiled on first use.

    One class of every range, for what replaces them (a strategy of text);
    `unstable_problem` looks for them faster, with `_candidates`.
    """
    return _class(list(REFUSED))


@functools.cache
def _candidates() -> re.Pattern[str]:
    """Match a refused code point of the Basic Multilingual Plane, or any beyond it.

    Its ranges in the BMP the regular expression engine tests by one table
    lookup a character, and the rest of the planes as one range: text is
    searched at C speed, and the rare code point beyond U+FFFF is then
    tested against the refused ones there (`_beyond_the_bmp`).
    """
    in_the_bmp = [
        (first, min(last, _BMP_LAST)) for first, last in REFUSED if first <= _BMP_LAST
    ]
    return _class([*in_the_bmp, (_BMP_LAST + 1, 0x10FFFF)])


@functools.cache
def _beyond_the_bmp() -> re.Pattern[str]:
    """Match a refused code point beyond U+FFFF."""
    return _class(
        [
            (max(first, _BMP_LAST + 1), last)
            for first, last in REFUSED
            if last > _BMP_LAST
        ]
    )


#: The ASCII bytes, which no character of more than one byte holds.
_ASCII = bytes(range(128))


def _unstable(text: str) -> list[str]:
    """Return the refused code points of *text*, in order.

    Searched in the text's characters beyond ASCII alone, which the bytes
    of its UTF-8 without the ASCII ones are (a document's text is mostly
    ASCII, and deleting bytes is many times faster than any search).
    """
    beyond = _beyond_the_bmp()
    rest = (
        text.encode("utf-8", "surrogatepass")
        .translate(None, _ASCII)
        .decode("utf-8", "surrogatepass")
    )
    return [
        char
        for char in _candidates().findall(rest)
        if char <= "\uffff" or beyond.fullmatch(char)
    ]


#: How many unstable code points a message names.
_NAMED = 3


def unstable_problem(text: str) -> str | None:
    """Return what is wrong with *text* the library normalises, or None when nothing is.

    Text that holds a code point Unicode 14.0 leaves unassigned (and no
    later version the table knows assigns as a character normalisation
    leaves alone) is told so, with the first code points named: its NFC
    form, and so the fingerprint, could differ from one Python to another.
    """
    if text.isascii():
        return None
    found = _unstable(text)
    if not found:
        return None
    points = list(dict.fromkeys(found))
    named = ", ".join(f"U+{ord(char):04X}" for char in points[:_NAMED])
    more = f" and {len(points) - _NAMED} more" if len(points) > _NAMED else ""
    which = "which" if len(points) == 1 else "each of which"
    return (
        f"expected text every supported Python normalises alike, got {named}{more}, "
        f"{which} Unicode {BASE_VERSION.removesuffix('.0')} (Python {BASE_PYTHON}) "
        "leaves unassigned and a later version may compose or reorder: the text's "
        "NFC form, and every fingerprint and receipt of it, would depend on the Python"
    )


def text_problem(text: str) -> str | None:
    """Return what keeps *text* out of what the library normalises, or None.

    A lone surrogate (`LONE_SURROGATE`), or a code point whose
    normalisation depends on the Python (`unstable_problem`).
    """
    if text.isascii():
        return None
    if has_lone_surrogate(text):
        return LONE_SURROGATE
    return unstable_problem(text)


def text_problems(path: str, mapping: Mapping[Any, Any]) -> list[tuple[str, str]]:
    r"""Name each text key and text value of *mapping* that `text_problem` refuses.

    Each problem is at the key's path (``where["\ud800"]``, see
    `key_path`), and a key's problem says it is a key. Keys and values that
    are not text are left to the caller's own checks.
    """
    problems: list[tuple[str, str]] = []
    for key, item in mapping.items():
        if type(key) is str and key.isascii() and type(item) is str and item.isascii():
            continue  # the common case, without a call
        if isinstance(key, str) and (problem := text_problem(key)) is not None:
            problems.append((key_path(path, key), f"a key: {problem}"))
        if isinstance(item, str) and (problem := text_problem(item)) is not None:
            problems.append((key_path(path, key), problem))
    return problems
