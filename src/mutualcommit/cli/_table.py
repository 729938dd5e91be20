"""The one table writer of the commands' text output.

Every command that prints a table (``evaluate``, ``exceptions``, ``funds``,
``portfolio``) aligns it here, so that they agree on three things: a
column is as wide as its widest cell *in terminal columns* (a Japanese
name or an accented one lines up with an ASCII one), no column is padded
past :data:`COLUMN_MAX` (a cell longer than that — a 20 KB item key, a
request reference pasted from a mail — is written whole, and the other
rows are not padded to it), and no line ends in spaces.
"""

from __future__ import annotations

from collections.abc import Sequence

from mutualcommit.render._text import display_width

__all__ = ["COLUMN_MAX", "table"]

#: The widest, in terminal columns, a column is padded to.
COLUMN_MAX = 60


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: Sequence[bool] = (),
    indent: str = "",
) -> list[str]:
    """Return *header* and *rows* as aligned lines, two spaces between columns.

    ``right[i]`` aligns column *i* to the right (numbers); a column *right*
    does not reach is aligned to the left. Every row has a cell per header
    column.
    """
    count = len(header)
    every = (header, *rows)
    widths = [
        min(max(display_width(row[i]) for row in every), COLUMN_MAX)
        for i in range(count)
    ]
    flush = [i < len(right) and right[i] for i in range(count)]

    def line(row: Sequence[str]) -> str:
        cells = []
        for cell, width, to_right in zip(row, widths, flush, strict=True):
            fill = " " * max(0, width - display_width(cell))
            cells.append(fill + cell if to_right else cell + fill)
        return (indent + "  ".join(cells)).rstrip()

    return [line(row) for row in every]
