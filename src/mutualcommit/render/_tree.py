"""The neutral document tree every writer renders.

A builder turns an agreement, a scorecard or a report into a `Document`;
the markdown, HTML and text writers each turn a `Document` into a string.
Nodes hold plain text only, never markup: each writer escapes every piece
of text in one place, so user text cannot inject markup into any format.

Text is cleaned when it enters a node: control characters (including
terminal escapes, bidirectional embeddings and overrides, and lone
surrogates) become U+FFFD, so a hidden character shows up instead of
acting; one-line text has its whitespace collapsed, and only `Prose` keeps
line breaks.

Right-to-left text keeps its own direction inside the document's
left-to-right sentences: text that holds a Hebrew or Arabic letter is
*isolated* where it enters a node (`isolated`: FSI U+2068 before it, PDI
U+2069 after), as a name is where it enters a sentence; the HTML writer
writes an isolate as ``<bdi>``. A user's own isolates (U+2066 to U+2069)
are kept where they pair up on their line, since they reorder nothing
outside themselves; one that does not close, or close anything, becomes
U+FFFD as the other controls do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Literal, TypeAlias

import attrs

__all__ = [
    "FSI",
    "ISOLATE_OPENERS",
    "PDI",
    "Block",
    "BulletList",
    "Column",
    "Document",
    "Fields",
    "Heading",
    "Inline",
    "Paragraph",
    "Prose",
    "Span",
    "Table",
    "Text",
    "clean_line",
    "clean_text",
    "inline",
    "isolated",
]

#: Line and paragraph separators that mean "new line" in user text.
_NEWLINES = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
#: C0 and C1 controls (less tab and newline), DEL, bidirectional embeddings,
#: overrides and isolates, interlinear annotations, and lone surrogates.
_CONTROLS = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f"
    "\u202a-\u202e\u2066-\u2069\ufff9-\ufffb\ud800-\udfff]"
)
#: `_CONTROLS` less the isolates, which a document keeps where they pair up.
_CONTROLS_BUT_ISOLATES = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\ufff9-\ufffb\ud800-\udfff]"
)
#: What opens an isolate: LRI (left to right), RLI (right to left), FSI (in
#: the direction of its first strong letter); PDI closes the last one open.
ISOLATE_OPENERS = "\u2066\u2067\u2068"
FSI = "\u2068"
PDI = "\u2069"
_ISOLATES = re.compile("[\u2066-\u2069]")
#: The deepest isolates nest that are kept: the Unicode Bidirectional
#: Algorithm's depth (a deeper one is shown as U+FFFD, as a display would
#: ignore it).
_MAX_DEPTH = 125
#: A letter written right to left: every character of bidirectional class R
#: or AL (Hebrew, Arabic, Syriac, Thaana, N'Ko, ... and their presentation
#: forms), and the blocks' other characters (their marks and digits).
_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufefe"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
#: Whitespace runs, less the no-break spaces numbers and units are held with.
_SPACES = re.compile("[^\\S\u00a0\u2007\u202f]+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
REPLACEMENT = "\ufffd"

Style: TypeAlias = Literal["plain", "strong", "code", "blank"]
Tone: TypeAlias = Literal["", "good", "neutral", "warn", "bad", "muted"]


def clean_text(text: str) -> str:
    """Return *text* with unified newlines, tabs as spaces, controls replaced.

    Every bidirectional control is replaced, isolates too: what a terminal
    shows (the command line's own output) reorders nothing.
    """
    text = _NEWLINES.sub("\n", text).replace("\t", " ")
    return _CONTROLS.sub(REPLACEMENT, text)


def clean_line(text: str) -> str:
    """Return *text* cleaned and on one line, its whitespace runs collapsed."""
    return _collapse(text, clean_text).strip()


def _but_isolates(text: str) -> str:
    """`clean_text`, but every isolate is left as it is."""
    text = _NEWLINES.sub("\n", text).replace("\t", " ")
    return _CONTROLS_BUT_ISOLATES.sub(REPLACEMENT, text)


def _document_text(text: str) -> str:
    """`clean_text`, but the isolates that pair up are kept (`_balanced`)."""
    return _balanced(_but_isolates(text))


def _balanced(text: str) -> str:
    """Return *text* with each isolate that pairs up kept, the others U+FFFD.

    A PDI closes the last isolate open; one with none open, an isolate
    never closed, and one nested deeper than `_MAX_DEPTH` are replaced.
    """
    if _ISOLATES.search(text) is None:
        return text
    chars = list(text)
    opened: list[int] = []
    deeper = 0
    for index, char in enumerate(chars):
        if char in ISOLATE_OPENERS:
            if len(opened) < _MAX_DEPTH:
                opened.append(index)
            else:
                deeper += 1
                chars[index] = REPLACEMENT
        elif char == PDI:
            if deeper:
                deeper -= 1
                chars[index] = REPLACEMENT
            elif opened:
                opened.pop()
            else:
                chars[index] = REPLACEMENT
    for index in opened:
        chars[index] = REPLACEMENT
    return "".join(chars)


def _outside_isolates(text: str) -> str:
    """Return what *text* (its isolates paired) holds outside every isolate."""
    outside: list[str] = []
    depth = 0
    for char in text:
        if char in ISOLATE_OPENERS:
            depth += 1
        elif char == PDI:
            depth -= 1
        elif not depth:
            outside.append(char)
    return "".join(outside)


def isolated(text: str) -> str:
    """Return *text* in an isolate of its own when it holds right-to-left letters.

    Text with a Hebrew, Arabic (or other right-to-left) letter outside any
    isolate is returned between FSI and PDI, its white space at either end
    left outside: inside a sentence of another direction it reads in its
    own ("For 3 כוכבים בע״מ (partner)" keeps the 3 at the name's start).
    Other text, and text whose right-to-left letters are isolated already,
    is returned as it is, cleaned as a document's text is.
    """
    if text.isascii() or (
        _RIGHT_TO_LEFT.search(text) is None and _ISOLATES.search(text) is None
    ):
        return text
    text = _document_text(text)
    if _RIGHT_TO_LEFT.search(_outside_isolates(text)) is None:
        return text
    core = text.strip()
    start = text.index(core[:1]) if core else 0
    return f"{text[:start]}{FSI}{core}{PDI}{text[start + len(core) :]}"


def _collapse(text: str, clean: Callable[[str], str] = _document_text) -> str:
    # Most text is printable ASCII with single spaces: nothing to clean.
    if text.isascii() and text.isprintable() and "  " not in text:
        return text
    return _SPACES.sub(" ", clean(text))


def _span_text(text: str) -> str:
    """A span's text: cleaned, on one line, isolated if right-to-left."""
    return isolated(_collapse(text))


def _title(text: str) -> str:
    """A document's title: cleaned, trimmed, isolated if right-to-left."""
    return isolated(_collapse(text).strip())


@attrs.frozen
class Span:
    """A run of one-line text in one style.

    Attributes:
        text: The text, cleaned to one line (its ends are trimmed where a
            line of spans starts and ends).
        style: ``plain``, ``strong``, ``code`` (identifiers, fingerprints)
            or ``blank`` (a line to write on by hand: its text is what the
            plain-text and Markdown forms show).
        tone: How a standing reads at a glance: ``good``, ``neutral``,
            ``warn``, ``bad``, ``muted`` or ``""`` (none); HTML colours it, every form
            keeps the symbol in its text.
    """

    text: str = attrs.field(converter=_span_text)
    style: Style = "plain"
    tone: Tone = ""


#: A line of spans: what a heading, a paragraph or a table cell holds.
Inline: TypeAlias = tuple[Span, ...]


def inline(*parts: str | Span | Iterable[Span]) -> Inline:
    """Join strings (plain spans), spans and span sequences into one `Inline`."""
    if len(parts) == 1:
        # One string or span, as most table cells are: nothing to join, and
        # nothing to trim unless it starts or ends with a space.
        (part,) = parts
        one = Span(part) if isinstance(part, str) else part
        if isinstance(one, Span):
            text = one.text
            if not text:
                return ()
            if not text[:1].isspace() and not text[-1:].isspace():
                return (one,)
    return _joined(parts)


def _joined(parts: tuple[str | Span | Iterable[Span], ...]) -> Inline:
    """`inline` of any *parts*: join them, drop empty spans, trim the ends."""
    spans: list[Span] = []
    for part in parts:
        if isinstance(part, str):
            spans.append(Span(part))
        elif isinstance(part, Span):
            spans.append(part)
        else:
            spans.extend(part)
    kept = [span for span in spans if span.text]
    if kept and kept[0].text[:1].isspace():
        kept[0] = attrs.evolve(kept[0], text=kept[0].text.lstrip())
    kept = [span for span in kept if span.text]
    if kept and kept[-1].text[-1:].isspace():
        kept[-1] = attrs.evolve(kept[-1], text=kept[-1].text.rstrip())
    return tuple(span for span in kept if span.text)


#: What a node accepts where it holds a line of text.
Text: TypeAlias = str | Span | Iterable[Span]


def _inline(value: Text) -> Inline:
    return inline(value)


def _rows(rows: Iterable[tuple[Text, Text]]) -> tuple[tuple[Inline, Inline], ...]:
    return tuple((inline(label), inline(value)) for label, value in rows)


def _cells(rows: Iterable[Iterable[Text]]) -> tuple[tuple[Inline, ...], ...]:
    return tuple(tuple(inline(cell) for cell in row) for row in rows)


def _items(items: Iterable[Iterable[Block]]) -> tuple[tuple[Block, ...], ...]:
    return tuple(tuple(item) for item in items)


def _prose(text: str) -> tuple[tuple[str, ...], ...]:
    # An isolate pairs up on its own line: each line's are paired by `_title`.
    cleaned = _but_isolates(text).strip()
    if not cleaned:
        return ()
    return tuple(
        tuple(_title(line) for line in paragraph.split("\n") if line.strip())
        for paragraph in _BLANK_LINES.split(cleaned)
    )


@attrs.frozen
class Heading:
    """A section heading, level 2 to 4 (the document title is level 1).

    Attributes:
        level: The depth, 2 to 4.
        content: Its text.
    """

    level: int
    content: Inline = attrs.field(converter=_inline)


@attrs.frozen
class Paragraph:
    """One paragraph of spans.

    Attributes:
        content: Its text.
    """

    content: Inline = attrs.field(converter=_inline)


@attrs.frozen
class Prose:
    """User-written free text: paragraphs of lines, as the user broke them.

    Attributes:
        paragraphs: The paragraphs, each a tuple of lines; built from a
            string by splitting at blank lines and line breaks.
    """

    paragraphs: tuple[tuple[str, ...], ...] = attrs.field(converter=_prose)


@attrs.frozen
class Fields:
    """Labelled values, one per row (a definition list).

    Attributes:
        rows: ``(label, value)`` pairs.
    """

    rows: tuple[tuple[Inline, Inline], ...] = attrs.field(converter=_rows)


@attrs.frozen
class Column:
    """A table column.

    Attributes:
        label: Its header.
        numeric: Whether its cells are numbers (aligned to the right).
        key: Whether its cells are short keys (codes, ids, window labels)
            that should not be squeezed by wider columns.
    """

    label: str = attrs.field(converter=clean_line)
    numeric: bool = False
    key: bool = False


def _columns(columns: Iterable[Column]) -> tuple[Column, ...]:
    return tuple(columns)


@attrs.frozen
class Table:
    """A table with a header row.

    Its name, for a screen reader, is the heading of the section it is in.

    Attributes:
        columns: The columns.
        rows: The rows, each with one cell per column.
        row_headers: How many of a row's first cells name the row together
            (HTML marks each as a header of its row, and a screen reader
            reads them out with every other cell of the row): 1 where the
            first cell tells the rows apart on its own (a party, a window,
            a criterion); 2 where it takes the second too (an item and its
            window, a finding's code and what it is about); 0 where no
            leading cells do (the party of each of its allocations).
    """

    columns: tuple[Column, ...] = attrs.field(converter=_columns)
    rows: tuple[tuple[Inline, ...], ...] = attrs.field(converter=_cells)
    row_headers: int = attrs.field(default=1, kw_only=True)

    def __attrs_post_init__(self) -> None:
        width = len(self.columns)
        if any(len(row) != width for row in self.rows):
            msg = f"every row of a table has {width} cells"
            raise ValueError(msg)
        if not 0 <= self.row_headers <= width:
            msg = f"a table of {width} columns has 0 to {width} row headers"
            raise ValueError(msg)


@attrs.frozen
class BulletList:
    """A bulleted list whose items are blocks (the first one a short line).

    Attributes:
        items: The items, each a tuple of blocks.
    """

    items: tuple[tuple[Block, ...], ...] = attrs.field(converter=_items)


Block: TypeAlias = Heading | Paragraph | Prose | Fields | Table | BulletList


def _blocks(blocks: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(blocks)


@attrs.frozen
class Document:
    """A whole document: its title, language and blocks.

    Attributes:
        title: The document title.
        lang: The BCP 47 tag of the language its words are in (``de-DE``;
            ``en`` for a locale without a catalog), for HTML.
        blocks: The content, in order.
        colon: What ends a field's label in that language, where Markdown
            and text write it (``:``, French ``\u00a0:``, Japanese ``\uff1a``);
            HTML sets labels apart without it.
    """

    title: str = attrs.field(converter=_title)
    lang: str
    blocks: tuple[Block, ...] = attrs.field(converter=_blocks)
    colon: str = attrs.field(default=":", kw_only=True)
