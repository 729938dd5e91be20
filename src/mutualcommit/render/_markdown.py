"""Write a `Document` as CommonMark with GitHub tables.

Every piece of text goes through `escape`, the one place this writer
escapes: Markdown's inline punctuation is backslash-escaped everywhere
(``$`` too, which notebooks read as math), and what would start a block at
the beginning of a line (a list marker, a heading, a quote) is escaped
there. The output holds no HTML, so a renderer that has raw HTML turned
off shows it as it is meant.
"""

from __future__ import annotations

import re

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

__all__ = ["escape", "write_markdown"]

_INLINE = re.compile(r"([\\`*_\[\]<>#|~&$])")
#: What starts a block at a line's start: a list item, a thematic break or
#: setext underline, an ordered list item, a MyST colon fence.
_LINE_START = re.compile(r"^([-+=:]|\d{1,9}(?=[.)]))")


def escape(text: str, *, line_start: bool = True) -> str:
    """Escape *text* so that Markdown shows it as it is.

    Args:
        text: Plain text, on one line.
        line_start: Whether the text starts a line, where more is escaped.
    """
    escaped = _INLINE.sub(r"\\\1", text)
    if not line_start:
        return escaped
    return _LINE_START.sub(lambda m: _escape_start(m.group(1)), escaped)


def _escape_start(start: str) -> str:
    if start.isdigit():
        return start + "\\"  # "1." -> "1\." : the dot no longer makes a list
    return "\\" + start


def _inline(content: Inline, *, line_start: bool = True) -> str:
    parts: list[str] = []
    for index, span in enumerate(content):
        text = escape(span.text, line_start=line_start and index == 0)
        if span.style == "strong":
            parts.append(f"**{text}**")
        elif span.style == "code" and _CODE_SAFE.fullmatch(span.text):
            parts.append(f"`{span.text}`")
        else:
            # Backslash escapes do not work inside a code span: text with
            # other characters than an id's stays plain, and escaped.
            parts.append(text)
    return "".join(parts)


#: What may sit in a code span as it is: ids, fingerprints, RRULE text.
_CODE_SAFE = re.compile(r"[A-Za-z0-9._:/+=@,;-]+")


def _table_cell(content: Inline) -> str:
    # A cell holds inline content only: nothing in it can start a block.
    return _inline(content, line_start=False) or " "


#: The bullets lists take in turn: CommonMark starts a new list where the
#: bullet character changes, so two lists in a row (a field list, then a
#: list of tiers) stay two lists, with no HTML between them to part them.
_BULLETS = ("-", "*")


def _blocks(blocks: tuple[Block, ...], colon: str) -> list[str]:
    """Write *blocks*, a blank line between them; a list after a list changes bullet."""
    lines: list[str] = []
    bullet = _BULLETS[0]
    previous: Block | None = None
    for block in blocks:
        if previous is not None:
            lines.append("")
        listed = isinstance(block, BulletList | Fields)
        if listed and isinstance(previous, BulletList | Fields):
            bullet = _BULLETS[1] if bullet == _BULLETS[0] else _BULLETS[0]
        elif listed:
            bullet = _BULLETS[0]
        lines.extend(_block(block, colon, bullet))
        previous = block
    return lines


def _block(block: Block, colon: str, bullet: str = "-") -> list[str]:
    if isinstance(block, Heading):
        return ["#" * block.level + " " + _inline(block.content)]
    if isinstance(block, Paragraph):
        return [_inline(block.content)]
    if isinstance(block, Prose):
        paragraphs = [
            # A backslash at a line's end is a hard line break.
            " \\\n".join(escape(line) for line in lines)
            for lines in block.paragraphs
        ]
        return "\n\n".join(paragraphs).split("\n")
    if isinstance(block, Fields):
        return [
            f"{bullet} **{_inline(label)}{colon}** "
            f"{_inline(value, line_start=False)}".rstrip()
            for label, value in block.rows
        ]
    if isinstance(block, Table):
        header = (
            "| "
            + " | ".join(escape(c.label, line_start=False) for c in block.columns)
            + " |"
        )
        rule = "|" + "|".join("---:" if c.numeric else "---" for c in block.columns)
        lines = [header, rule + "|"]
        lines.extend(
            "| " + " | ".join(_table_cell(cell) for cell in row) + " |"
            for row in block.rows
        )
        return lines
    return _list(block, colon, bullet)


def _list(block: BulletList, colon: str, bullet: str) -> list[str]:
    lines: list[str] = []
    for item in block.items:
        for number, line in enumerate(_blocks(item, colon)):
            if number == 0:
                lines.append(f"{bullet} {line}")
            else:
                lines.append(("  " + line) if line else "")
    return lines


def write_markdown(document: Document) -> str:
    """Return *document* as Markdown text ending in a newline."""
    lines = ["# " + escape(document.title)]
    colon = escape(document.colon, line_start=False)
    if document.blocks:
        lines += ["", *_blocks(document.blocks, colon)]
    return "\n".join(lines) + "\n"
