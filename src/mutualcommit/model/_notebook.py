"""What a result shows in a notebook cell: its document, rendered on use."""

from __future__ import annotations

__all__ = ["ShowsDocument"]


class ShowsDocument:
    """Give a class the notebook representations of its `render` document.

    An `Agreement`, a `Scorecard`, a `Report`, an `ExceptionReport` and a
    `FundLedger` in a notebook cell show their document in HTML or
    Markdown. The render layer sits above the classes' own layers: it is
    imported on first use, the one upward edge, here once for them all.
    """

    __slots__ = ()

    def _repr_markdown_(self) -> str:
        from mutualcommit.render import render  # the one upward edge, imported on use

        return render(self, format="markdown")

    def _repr_html_(self) -> str:
        from mutualcommit.render import render  # the one upward edge, imported on use

        return render(self, format="html")
