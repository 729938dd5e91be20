"""The neutral document tree every writer renders.

A builder turns an agreement, a scorecard or a report into a `Document`;
the markdown, HTML and text writers each turn a `Document` into a string.
Nodes hold plain text only, never markup: each writer escapes every piece
of text in one place, so user text cannot inject markup into any format.

Text is cleaned when it enters a node: control characters (including
terminal escapes, bidirectional overrides and lone surrogates) become
U+FFFD, so a hidden character shows up instead of acting; one-line text has
its whitespace collapsed, and only `Prose` keeps line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal, TypeAlias

import attrs

__all__ = [
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
]

#: Line and paragraph separators that mean "new line" in user text.
_NEWLINES = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
#: C0 and C1 controls (less tab and newline), DEL, bidirectional embeddings,
#: overrides and isolates, interlinear annotations, and lone surrogates.
_CONTROLS = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f"
    "\u202a-\u202e\u2066-\u2069\ufff9-\ufffb\ud800-\udfff]"
)
#: Whitespace runs, less the no-break spaces numbers and units are held with.
_SPACES = re.compile("[^\\S\u00a0\u2007\u202f]+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
REPLACEMENT = "\ufffd"

Style: TypeAlias = Literal["plain", "strong", "code", "blank"]
Tone: TypeAlias = Literal["", "good", "neutral", "warn", "bad", "muted"]


def clean_text(text: str) -> str:
    """Return *text* with unified newlines, tabs as spaces, controls replaced."""
    text = _NEWLINES.sub("\n", text).replace("\t", " ")
    return _CONTROLS.sub(REPLACEMENT, text)


def clean_line(text: str) -> str:
    """Return *text* cleaned and on one line, its whitespace runs collapsed."""
    return _collapse(text).strip()


def _collapse(text: str) -> str:
    # Most text is printable ASCII with single spaces: nothing to clean.
    if text.isascii() and text.isprintable() and "  " not in text:
        return text
    return _SPACES.sub(" ", clean_text(text))


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

    text: str = attrs.field(converter=_collapse)
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
    cleaned = clean_text(text).strip()
    if not cleaned:
        return ()
    return tuple(
        tuple(clean_line(line) for line in paragraph.split("\n") if line.strip())
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

    title: str = attrs.field(converter=clean_line)
    lang: str
    blocks: tuple[Block, ...] = attrs.field(converter=_blocks)
    colon: str = attrs.field(default=":", kw_only=True)
