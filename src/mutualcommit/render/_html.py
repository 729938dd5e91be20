"""Write a `Document` as one self-contained HTML page, or a notebook's fragment.

Inline CSS (every rule scoped to ``.mutualcommit``), no scripts, no
external resources, A4 print rules. The page (`write_html`) adds the page
rules (``@page``), which no element can scope; the fragment
(`write_html_fragment`), which a notebook cell shows, leaves them out, so
that the notebook's own pages print as they would without it. Every piece
of text goes through `html.escape` in `_text`, the one place this writer
escapes.
"""

from __future__ import annotations

import html
import re

from ._tree import (
    Block,
    BulletList,
    Column,
    Document,
    Fields,
    Heading,
    Inline,
    Paragraph,
    Prose,
    Span,
    Table,
)

__all__ = [
    "CSS",
    "PAGE_CSS",
    "WIDE_COLUMNS",
    "direction",
    "write_html",
    "write_html_fragment",
]

#: A table of this many columns or more is wide: a document holding one
#: prints on A4 turned sideways (the fund ledger's windows and requests).
WIDE_COLUMNS = 9

#: The page rules of a whole page: A4, and A4 turned sideways for a document
#: with a wide table (see `WIDE_COLUMNS`).
PAGE_CSS = """\
@page { size: A4; margin: 18mm 16mm 20mm; }
@page wide { size: A4 landscape; margin: 16mm 18mm 18mm; }
"""

CSS = """\
.mutualcommit {
  --ink: #1d2330; --muted: #566074; --accent: #23477a; --rule: #d4dae4;
  --tint: #eef2f8;
  color: var(--ink); background: #fff;
  font: 10.5pt/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
    "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", sans-serif;
  max-width: 178mm; margin: 0 auto; padding: 14mm 12mm;
  overflow-wrap: break-word; word-break: normal; line-break: strict;
  hyphens: auto; -webkit-hyphens: auto;
}
.mutualcommit h1 {
  font-size: 20pt; line-height: 1.2; margin: 0 0 .4em; color: var(--accent);
  padding-bottom: .3em; border-bottom: 2px solid var(--accent);
}
.mutualcommit h2 {
  font-size: 13.5pt; margin: 1.6em 0 .5em; color: var(--accent);
  padding-bottom: .15em; border-bottom: 1px solid var(--rule);
}
.mutualcommit h3 { font-size: 11.5pt; margin: 1.2em 0 .4em; }
.mutualcommit h4 { font-size: 10.5pt; margin: 1em 0 .3em; color: var(--muted); }
.mutualcommit p { margin: .4em 0; }
.mutualcommit ul { margin: .4em 0; padding-left: 1.3em; }
.mutualcommit li { margin: .45em 0; }
.mutualcommit li > p:first-child { margin-top: 0; }
.mutualcommit dl {
  display: grid; grid-template-columns: minmax(7em, max-content) minmax(0, 1fr);
  gap: .2em 1em; margin: .4em 0;
}
.mutualcommit dt { color: var(--muted); font-weight: 600; }
.mutualcommit dd { margin: 0; min-width: 0; }
.mutualcommit .table { overflow-x: auto; margin: .5em 0 1em; }
.mutualcommit table {
  width: 100%; border-collapse: collapse; margin: .5em 0 1em; font-size: 9.5pt;
}
.mutualcommit th, .mutualcommit td {
  text-align: left; vertical-align: top; padding: .3em .5em;
  border-bottom: 1px solid var(--rule); overflow-wrap: break-word;
}
.mutualcommit thead th {
  background: var(--tint); font-weight: 600; overflow-wrap: normal;
  hyphens: manual;
}
.mutualcommit tbody th { font-weight: inherit; }
.mutualcommit caption {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%);
  white-space: nowrap; border: 0;
}
.mutualcommit .key { min-width: 7em; }
.mutualcommit .num {
  text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap;
}
.mutualcommit code {
  font: .88em/1.3 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  background: var(--tint); padding: 0 .2em; border-radius: 2px;
  overflow-wrap: anywhere; hyphens: none;
}
.mutualcommit .blank {
  display: inline-block; width: min(80mm, 100%); height: 1.9em;
  border-bottom: 1px solid var(--ink); vertical-align: bottom;
}
.mutualcommit dl.sign { margin: .6em 0 1.4em; row-gap: .5em; }
.mutualcommit dl.sign dt { align-self: end; }
.mutualcommit .good { color: #1b6e35; }
.mutualcommit .neutral { color: #3f5f8f; }
.mutualcommit .warn { color: #8a5a00; }
.mutualcommit .bad { color: #b42318; }
.mutualcommit .muted { color: var(--muted); white-space: nowrap; }
.mutualcommit .good, .mutualcommit .neutral, .mutualcommit .warn,
.mutualcommit .bad { font-weight: 600; white-space: nowrap; }
@media print {
  .mutualcommit { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  .mutualcommit.wide { page: wide; }
  .mutualcommit .table { overflow: visible; }
  .mutualcommit table { font-size: 8pt; }
  .mutualcommit th, .mutualcommit td { padding: .25em .35em; }
  .mutualcommit thead th {
    hyphens: auto; -webkit-hyphens: auto; overflow-wrap: anywhere;
  }
  .mutualcommit h2, .mutualcommit h3, .mutualcommit h4 { break-after: avoid; }
  .mutualcommit tr, .mutualcommit li, .mutualcommit dl { break-inside: avoid; }
  .mutualcommit thead th {
    background: none; border-bottom: 1.5px solid var(--ink);
  }
  .mutualcommit { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .mutualcommit dl.sign { row-gap: 1.1em; }
}
"""


def _text(text: str) -> str:
    return html.escape(text, quote=True)


#: An isolate of the tree's text, and the element HTML writes it as: its
#: own direction, from its first strong letter or as the user set it.
_BDI = str.maketrans(
    {
        "\u2066": '<bdi dir="ltr">',
        "\u2067": '<bdi dir="rtl">',
        "\u2068": "<bdi>",
        "\u2069": "</bdi>",
    }
)


def _bidi(escaped: str) -> str:
    """Write the isolates of *escaped* text (paired on its line) as ``<bdi>``."""
    return escaped if escaped.isascii() else escaped.translate(_BDI)


def _inline(content: Inline) -> str:
    parts: list[str] = []
    for span in content:
        text = _text(span.text)
        if span.style == "blank":
            parts.append('<span class="blank"></span>')
            continue
        if span.style == "code":
            # Ids break after a colon or a slash rather than anywhere.
            text = text.replace(":", ":<wbr>").replace("/", "/<wbr>")
        text = _bidi(text)
        if span.tone:
            text = f'<span class="{span.tone}">{text}</span>'
        if span.style == "strong":
            parts.append(f"<strong>{text}</strong>")
        elif span.style == "code":
            parts.append(f"<code>{text}</code>")
        else:
            parts.append(text)
    return "".join(parts)


def _column_class(column: Column) -> str:
    if column.numeric:
        return ' class="num"'
    return ' class="key"' if column.key else ""


def _table(block: Table, name: Inline) -> str:
    classes = [_column_class(column) for column in block.columns]
    head = "".join(
        f'<th scope="col"{cls}>{_text(c.label)}</th>'
        for cls, c in zip(classes, block.columns, strict=True)
    )
    rows = []
    for row in block.rows:
        cells = []
        for index, (cls, cell) in enumerate(zip(classes, row, strict=True)):
            if index < block.row_headers:
                cells.append(f'<th scope="row"{cls}>{_inline(cell)}</th>')
            else:
                cells.append(f"<td{cls}>{_inline(cell)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = "".join(rows)
    # The caption names the table for a screen reader (the section's
    # heading, which sighted readers see above it), and is hidden from view.
    # A table wider than a narrow screen scrolls in its box rather than
    # breaking its words; on paper, which does not scroll, the box lets it
    # show whole (see the print rules).
    return (
        f'<div class="table"><table><caption>{_inline(name)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _blocks(blocks: tuple[Block, ...], section: Inline) -> list[str]:
    """Write *blocks*; a table is named after the heading it follows (*section*)."""
    parts = []
    for block in blocks:
        if isinstance(block, Heading):
            section = block.content
        parts.append(_block(block, section))
    return parts


def _block(block: Block, section: Inline) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level, 2), 6)
        return f"<h{level}>{_inline(block.content)}</h{level}>"
    if isinstance(block, Paragraph):
        return f"<p>{_inline(block.content)}</p>"
    if isinstance(block, Prose):
        return "".join(
            "<p>" + "<br>".join(_bidi(_text(line)) for line in lines) + "</p>"
            for lines in block.paragraphs
        )
    if isinstance(block, Fields):
        rows = "".join(
            f"<dt>{_inline(label)}</dt><dd>{_inline(value)}</dd>"
            for label, value in block.rows
        )
        signing = any(
            span.style == "blank" for _, value in block.rows for span in value
        )
        return f'<dl class="sign">{rows}</dl>' if signing else f"<dl>{rows}</dl>"
    if isinstance(block, Table):
        return _table(block, section)
    items = "".join(
        "<li>" + "".join(_blocks(item, section)) + "</li>" for item in block.items
    )
    return f"<ul>{items}</ul>"


def _wide(blocks: tuple[Block, ...]) -> bool:
    """Tell whether *blocks* hold a table of `WIDE_COLUMNS` columns or more."""
    for block in blocks:
        if isinstance(block, Table) and len(block.columns) >= WIDE_COLUMNS:
            return True
        if isinstance(block, BulletList) and any(_wide(item) for item in block.items):
            return True
    return False


#: The scripts written from right to left (ISO 15924), and the languages
#: written so when their tag names no script: the page's ``dir`` when its
#: words are in one of them (babel's ``character_order`` agrees for every
#: locale it knows).
_SCRIPT = re.compile("[A-Za-z]{4}")
_RIGHT_TO_LEFT_SCRIPTS = frozenset(
    {"Adlm", "Arab", "Hebr", "Nkoo", "Rohg", "Syrc", "Thaa"}
)
_RIGHT_TO_LEFT = frozenset(
    {
        "apc", "ar", "ary", "bal", "bgn", "bqi", "brh", "ckb", "dv", "fa", "he",
        "ks", "lrc", "mzn", "nqo", "ps", "rhg", "sd", "sdh", "skr", "syr", "trw",
        "ug", "ur", "yi",
    }
)  # fmt: skip


def direction(lang: str) -> str:
    """Return the direction, ``ltr`` or ``rtl``, of the BCP 47 tag *lang*'s writing.

    Its script subtag decides (``ks-Deva`` is ``ltr``, ``uz-Arab`` is
    ``rtl``), or without one its language (``ar``, ``he``). Every language a
    document's words are in today is written left to right.
    """
    language, *rest = lang.split("-")
    script = next((part for part in rest if _SCRIPT.fullmatch(part)), None)
    if script is not None:
        right = script.title() in _RIGHT_TO_LEFT_SCRIPTS
    else:
        right = language.lower() in _RIGHT_TO_LEFT
    return "rtl" if right else "ltr"


def _article(document: Document, classes: str, *, lang: bool, style: str = "") -> str:
    """Write *document*'s article: *style*, its title and its blocks.

    With *lang*, the article holds the document's language and direction,
    which a page's ``<html>`` holds otherwise.
    """
    title = _bidi(_text(document.title))
    body = "\n".join(_blocks(document.blocks, (Span(document.title),)))
    where = (
        f' lang="{_text(document.lang)}" dir="{direction(document.lang)}"'
        if lang
        else ""
    )
    return (
        f'<article class="{classes}"{where}>\n{style}<h1>{title}</h1>\n{body}\n'
        "</article>\n"
    )


def write_html(document: Document) -> str:
    """Return *document* as a self-contained HTML page."""
    lang = _text(document.lang)
    title = _text(document.title)
    # Printed, a wide table keeps every column: the page turns sideways.
    classes = "mutualcommit wide" if _wide(document.blocks) else "mutualcommit"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}" dir="{direction(document.lang)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>\n{PAGE_CSS}{CSS}</style>\n</head>\n"
        f"<body>\n{_article(document, classes, lang=False)}</body>\n</html>\n"
    )


def write_html_fragment(document: Document) -> str:
    """Return *document* as an HTML fragment for a notebook cell.

    One ``<article>``, which holds its language and direction (``lang``,
    ``dir``: a notebook drops a page's ``<html>``) and its style, every
    rule scoped to its class. The page rules are left out: a notebook's
    pages keep their own size and margins, and do not turn sideways.
    """
    return _article(
        document, "mutualcommit", lang=True, style=f"<style>\n{CSS}</style>\n"
    )
