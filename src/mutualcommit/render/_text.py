"""Write a `Document` as plain text, wrapped to a width.

Widths are display widths: a CJK character takes two columns and may end
a line anywhere, a combining mark takes none, and an emoji sequence takes
what a terminal gives it (``❤️`` two, a family joined by ZWJ two, a flag
two). A no-break space joins what is on either side of it, in any script:
``12.75\u00a0日`` stays whole as ``3.5\u00a0days`` does. A key column's cell (a
window's label, an id) breaks only between words, so ``契約期間`` stays
whole as ``FY2027-M10`` does. A word longer than the line is broken,
between characters a terminal draws apart, so no text can overflow. Plain
text needs no escaping: the tree has already replaced every control
character.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ._tree import (
    Block,
    BulletList,
    Document,
    Fields,
    Heading,
    Inline,
    Paragraph,
    Prose,
    Table,
)

__all__ = ["WIDTH", "WORD_MAX", "display_width", "write_text"]

#: The line width of the text form.
WIDTH = 78
_UNDERLINES = {1: "=", 2: "=", 3: "-", 4: "~"}
#: The widest a label column of `Fields` gets before its values move down.
_LABEL_MAX = 26
_MIN_COLUMN = 6
#: The widest word that keeps a table column from shrinking: a longer one
#: (a 20 KB item name from an observation's dims) is broken across lines of
#: this many columns, so no row is padded to it.
WORD_MAX = 60
#: The wide scripts, where a line may break between any two characters.
_WIDE = (
    "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
    "\uffe0-\uffe6"
)


#: What joins the character before it into one glyph: combining marks,
#: variation selectors (VS16 makes an emoji two columns wide), the zero-width
#: joiner, emoji skin tones, the kana voicing marks.
_EXTEND = "\u0300-\u036f\u200d\u3099\u309a\ufe00-\ufe0f\U0001f3fb-\U0001f3ff"
#: What makes a run of characters an emoji sequence whose width is not the
#: sum of its characters': VS16, ZWJ, skin tones, regional indicators.
_SEQUENCE = re.compile("[\u200d\ufe0f\U0001f1e6-\U0001f1ff\U0001f3fb-\U0001f3ff]")
_ZWJ = "\u200d"
_VS16 = "\ufe0f"

#: What a line may not end with: opening brackets and quotes (Japanese
#: line breaking, JIS X 4051, and Chinese, which keeps its opening quotes
#: U+201C and U+2018 with the word they open), and what opens an isolate
#: (U+2066 to U+2068: right-to-left text in its own direction).
_OPENING = (
    "\u2066\u2067\u2068\u2018\u201c"
    "\u3008\u300a\u300c\u300e\u3010\u3014\u3016\u3018\u301d\uff08\uff3b\uff5b\uff5f"
)
#: What a line may not start with, as JIS X 4051 sets Japanese and CSS's
#: ``line-break: strict`` (the HTML form's) breaks it: closing brackets and
#: quotes (also the Chinese closing quotes U+201D and U+2019); the hyphens
#: (U+2010, U+2013, the wave dash 〜, its full-width stand-in U+FF5E and
#: U+30A0); the dividing punctuation (full-width ! and ?, U+203C and
#: U+2047 to U+2049); the middle dots, colons and semicolons; the
#: ideographic full stop and comma (and their half-width forms); the
#: iteration marks 々〻ゝゞヽヾ; the prolonged sound mark ー; and the small
#: kana (ぁぃぅぇぉっゃゅょゎゕゖ, ァィゥェォッャュョヮヵヶ, ㇰ to ㇿ), which
#: belong to the syllable before them. The full-width percent sign (U+FF05)
#: keeps to its number, and the end of an isolate (U+2069) to its text.
_CLOSING = (
    "\u2010\u2013\u2019\u201d\u203c\u2047-\u2049\u2069"
    "\u3001\u3002\u3005\u3009\u300b\u300d\u300f\u3011\u3015\u3017\u3019\u301c"
    "\u301e\u301f\u303b"
    "\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087\u308e\u3095\u3096"
    "\u309d\u309e\u30a0"
    "\u30a1\u30a3\u30a5\u30a7\u30a9\u30c3\u30e3\u30e5\u30e7\u30ee\u30f5\u30f6"
    "\u30fb\u30fc\u30fd\u30fe\u31f0-\u31ff"
    "\uff01\uff05\uff09\uff0c\uff0e\uff1a\uff1b\uff1f\uff3d\uff5d\uff5e\uff60"
    "\uff61\uff63-\uff65\uff67-\uff70"
)


#: What joins the characters on either side of it into one atom: the
#: no-break spaces a document holds amounts and punctuation with (U+00A0,
#: the figure space U+2007, the narrow U+202F) and the word joiner U+2060.
_GLUE = "\u00a0\u2007\u202f\u2060"


@lru_cache(maxsize=1)
def _atoms() -> re.Pattern[str]:
    """Return the pattern of a wrapped line's atoms.

    An atom is a run of spaces, or a run of other non-wide characters (a
    word: emoji sequences stay inside it) or one wide character with the
    marks that join it, with the opening brackets before it and the closing
    brackets and punctuation after it: a line never ends with 「 or starts
    with 」 or 、. A no-break space joins the atoms on either side of it
    into one, and what follows it is a word in a wide script too, a run of
    its ideographs, katakana or hangul: ``12.75\u00a0日`` and ``1\u00a0時間``
    are one atom each.
    """
    # Compiled on first use: the wide scripts' ranges take about a
    # millisecond, which importing the layer for Markdown or HTML need not pay.
    one = f"[^ {_WIDE}{_GLUE}]+|[^ {_GLUE}][{_EXTEND}]*"
    unit = f"[{_OPENING}]*(?:{one})[{_CLOSING}]*"
    runs = "|".join(f"(?:[{script}][{_EXTEND}]*)+" for script in _WIDE_WORDS)
    word = f"[{_OPENING}]*(?:{runs}|{one})[{_CLOSING}]*"
    return re.compile(
        f" +|[{_GLUE}]*{unit}(?:[{_GLUE}]+(?:{word})?)*|[{_GLUE}]+", re.DOTALL
    )


#: The wide scripts whose letters make a word after a no-break space (a
#: unit: 日, 時間, 人月, 시간): the ideographs, katakana (with its
#: prolonged sound mark) and hangul.
_WIDE_WORDS = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "\u30a1-\u30fa\u30fc-\u30ff",
    "\u1100-\u115f\uac00-\ud7a3",
)

#: The atoms of a key column's cell: its words, whatever their script.
_WORDS = re.compile(" +|[^ ]+")


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in {"Mn", "Me", "Cf"}:
        return 0
    # A regional indicator is drawn as an emoji (a letter in a box), though
    # its East Asian width is neutral; a pair of them is one flag.
    if unicodedata.east_asian_width(char) in {"W", "F"} or _regional(char):
        return 2
    return 1


def display_width(text: str) -> int:
    """Return how many terminal columns *text* takes.

    A character takes one column, a wide one (CJK, most emoji) two and a
    combining mark none; an emoji sequence takes what a terminal draws it
    in: VS16 makes the character before it two wide (``❤️``), characters
    joined by ZWJ are one two-wide glyph (a family), a skin tone adds
    nothing to its emoji, and a pair of regional indicators (a flag) is two.
    """
    # Below U+0300 (Latin, before the combining marks) every character but
    # the soft hyphen takes one column.
    if text.isascii() or (max(text) < "\u0300" and "\xad" not in text):
        return len(text)
    if _SEQUENCE.search(text) is None:
        return sum(map(_char_width, text))
    return sum(width for _, width in _clusters(text))


def _clusters(text: str) -> list[tuple[str, int]]:
    """Split *text* into what a terminal draws as one glyph, with its width.

    A glyph is a character with the zero-width characters after it, its
    skin tone, the characters ZWJ joins to an emoji, or a flag's two
    regional indicators (two columns, as one of them alone is).
    """
    clusters: list[tuple[str, int]] = []
    cluster, width = "", 0
    joining = flag = False
    for char in text:
        size = _char_width(char)
        if cluster:
            if joining and (width == 2 or size == 2):  # noqa: PLR2004 - an emoji's width
                cluster, width, joining = cluster + char, 2, False
                continue
            joining = False
            if char == _VS16:
                cluster, width = cluster + char, 2 if width else 0
                continue
            if char == _ZWJ:
                cluster, joining = cluster + char, True
                continue
            if flag and _regional(char):
                cluster, flag = cluster + char, False
                continue
            if size == 0 or (_skin_tone(char) and width == 2):  # noqa: PLR2004
                cluster += char
                continue
            clusters.append((cluster, width))
        cluster, width, flag = char, size, _regional(char)
    if cluster:
        clusters.append((cluster, width))
    return clusters


def _regional(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"


def _skin_tone(char: str) -> bool:
    return "\U0001f3fb" <= char <= "\U0001f3ff"


#: The width of an atom: the same words and wide characters come back in
#: every row of a long table (a review's date, a Japanese message).
_atom_width = lru_cache(maxsize=8192)(display_width)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def _split(atom: str, width: int) -> list[str]:
    """Break one atom wider than *width* into pieces that fit."""
    if atom.isascii():
        # A column per character: slices (a 20 KB word is a thousand rows' worth).
        return [atom[i : i + width] for i in range(0, len(atom), width)]
    pieces: list[str] = []
    piece, used = "", 0
    # Glyph by glyph: an emoji sequence or a letter with its accents stays whole.
    for glyph, size in _clusters(atom):
        if used + size > width and piece:
            pieces.append(piece)
            piece, used = "", 0
        piece += glyph
        used += size
    if piece:
        pieces.append(piece)
    return pieces


def wrap(text: str, width: int, *, words: bool = False) -> list[str]:
    """Wrap one line of *text* to *width* columns (at least one line).

    With *words*, the line breaks only at its spaces, never between two
    wide characters (a key column's ``契約期間``), unless a word is wider
    than the line.
    """
    width = max(width, 1)
    # A line that fits, with single spaces and none in front, is itself
    # (_wrap_atoms would join its words back as they are): most cells are.
    # (No wider than its length in characters either: a long line is not
    # measured twice. A longer one that fits, for its combining marks, is
    # left to the atoms, which give the same lines.)
    if (
        len(text) <= width
        and "  " not in text
        and text[:1] != " "
        and display_width(text) <= width
    ):
        return [text.rstrip()]
    return _wrap_atoms(text, width, words=words)


def _wrap_atoms(text: str, width: int, *, words: bool = False) -> list[str]:
    """`wrap`, atom by atom, for a *width* of at least 1."""
    lines: list[str] = []
    line, used = "", 0
    for atom in (_WORDS if words else _atoms()).findall(text):
        if atom[0] == " ":
            if line:
                line, used = line + " ", used + 1
            continue
        piece, size = atom, _atom_width(atom)
        if used + size > width:
            if line.strip():
                lines.append(line.rstrip())
            line, used = "", 0
            if size > width:
                *full, piece = _split(atom, width)
                lines.extend(full)
                size = display_width(piece)
        line, used = line + piece, used + size
    lines.append(line.rstrip())
    return lines


def _plain(content: Inline) -> str:
    return "".join(span.text for span in content)


def _fields(block: Fields, width: int, colon: str) -> list[str]:
    """Write *block*'s labels in a column, each value to the right of its label.

    The column is as wide as the widest label up to `_LABEL_MAX`; a longer
    label takes its own line, with its value below it, and sets no width:
    the other values stand one space after the widest label that fits.
    """
    labels = [_plain(label) + colon for label, _ in block.rows]
    column = max(
        (size for size in map(display_width, labels) if size <= _LABEL_MAX),
        default=0,
    )
    lines: list[str] = []
    for label, (_, value) in zip(labels, block.rows, strict=True):
        if display_width(label) > column:
            # A long label takes its own line; its value follows, indented.
            lines.extend(wrap(label, width))
            lines.extend("  " + part for part in wrap(_plain(value), width - 2))
            continue
        values = wrap(_plain(value), width - column - 1)
        lines.append(_pad(label, column) + " " + values[0])
        lines.extend(" " * (column + 1) + part for part in values[1:])
    return [line.rstrip() for line in lines]


def _column_widths(natural: list[int], width: int, floors: list[int]) -> list[int]:
    """Shrink the widest columns until the table fits *width*.

    A column shrinks no narrower than its *floor*, its longest word up to
    `WORD_MAX` columns: a cell wraps between words, never inside one, so
    ``€120,000.00`` or ``FY2027-M10`` is never cut into two lines that each
    read as a value. A table whose words do not fit is wider than *width*,
    but no column is wider than *width* or `WORD_MAX`, whichever is more:
    a longer word is broken across lines.
    """
    gaps = 2 * (len(natural) - 1)
    # A column wider than the line shrinks to it at least (the loop below
    # would take it there one column at a time).
    widths = [
        min(size, max(width, floor))
        for size, floor in zip(natural, floors, strict=True)
    ]
    limits = [max(_MIN_COLUMN, floor) for floor in floors]
    while sum(widths) + gaps > width:
        shrinkable = [i for i, w in enumerate(widths) if w > limits[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=widths.__getitem__)
        widths[widest] -= 1
    return widths


def _longest_word(text: str, *, words: bool = False) -> int:
    """Return the width of the widest atom of *text* (a word, a wide character).

    With *words*, the widest word, whatever its script (a key column's).
    """
    atoms = _WORDS if words else _atoms()
    return max(
        (_atom_width(atom) for atom in atoms.findall(text) if atom[0] != " "),
        default=0,
    )


def _table(block: Table, width: int) -> list[str]:
    header = [column.label for column in block.columns]
    rows = [[_plain(cell) for cell in row] for row in block.rows]
    natural = [
        max([display_width(text) for text in column] or [1])
        for column in zip(header, *rows, strict=True)
    ]
    keys = [column.key for column in block.columns]
    floors = [
        min(max(_longest_word(text, words=key) for text in column), WORD_MAX)
        for column, key in zip(zip(header, *rows, strict=True), keys, strict=True)
    ]
    widths = _column_widths(natural, width, floors)
    numeric = [column.numeric for column in block.columns]
    lines: list[str] = []

    blanks = [" " * w for w in widths]

    def emit(cells: list[str]) -> None:
        wrapped = [
            wrap(text, w, words=key)
            for text, w, key in zip(cells, widths, keys, strict=True)
        ]
        for index in range(max(len(parts) for parts in wrapped)):
            texts = [
                _pad(parts[index], w, right=right) if index < len(parts) else blank
                for parts, w, right, blank in zip(
                    wrapped, widths, numeric, blanks, strict=True
                )
            ]
            lines.append("  ".join(texts).rstrip())

    emit(header)
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        emit(row)
    return lines


def _block(block: Block, width: int, colon: str = ":") -> list[str]:
    if isinstance(block, Heading):
        title = wrap(_plain(block.content), width)
        rule = _UNDERLINES.get(block.level, "~")
        return [*title, rule * max(display_width(line) for line in title)]
    if isinstance(block, Paragraph):
        return wrap(_plain(block.content), width)
    if isinstance(block, Prose):
        lines: list[str] = []
        for number, paragraph in enumerate(block.paragraphs):
            if number:
                lines.append("")
            for line in paragraph:
                lines.extend(wrap(line, width))
        return lines
    if isinstance(block, Fields):
        return _fields(block, width, colon)
    if isinstance(block, Table):
        return _table(block, width)
    return _list(block, width, colon)


def _list(block: BulletList, width: int, colon: str) -> list[str]:
    lines: list[str] = []
    for item in block.items:
        item_lines: list[str] = []
        for part in item:
            item_lines.extend(_block(part, width - 2, colon))
        for number, line in enumerate(item_lines):
            prefix = "- " if number == 0 else "  "
            lines.append((prefix + line).rstrip())
    return lines


def write_text(document: Document, width: int = WIDTH) -> str:
    """Return *document* as plain text wrapped to *width* columns."""
    lines = _block(Heading(1, document.title), width)
    for block in document.blocks:
        lines.append("")
        lines.extend(_block(block, width, document.colon))
    return "\n".join(lines) + "\n"
