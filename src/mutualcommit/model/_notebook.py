"""What a result shows in a notebook cell: its document, rendered on use."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from mutualcommit.render import Renderable
    from mutualcommit.render._tree import Document

__all__ = ["ShowsDocument", "ShowsSummary"]


class ShowsDocument:
    """Give a class the notebook representations of its `render` document.

    An `Agreement`, a `Scorecard`, a `Report`, an `ExceptionReport` and a
    `FundLedger` in a notebook cell show their document in HTML (a fragment
    that holds its language and its scoped style, without a page's rules)
    or Markdown. The render layer sits above the classes' own layers: it is
    imported on first use, the one upward edge, here once for them all.
    """

    __slots__ = ()

    def _repr_markdown_(self) -> str:
        from mutualcommit.render import render  # the one upward edge, imported on use

        # Each class that shows a document is one `render` takes.
        return render(cast("Renderable", self), format="markdown")

    def _repr_html_(self) -> str:
        # A fragment, not a page: a notebook takes no <html> or page rules.
        from mutualcommit.render._render import notebook_html  # imported on use

        return notebook_html(cast("Renderable", self))


class ShowsSummary:
    """Give a class the notebook representations of a summary it builds.

    A `Projection`, a `Comparison` and a `PortfolioSummary` have no `render`
    document: the render layer sits below theirs. Each builds an English
    summary in `_summary`, and the render layer's Markdown and HTML writers,
    imported on first use, write it.
    """

    __slots__ = ()

    def _summary(self) -> Document:
        """Return the document the notebook shows."""
        raise NotImplementedError

    def _repr_markdown_(self) -> str:
        from mutualcommit.render._markdown import write_markdown

        return write_markdown(self._summary())

    def _repr_html_(self) -> str:
        from mutualcommit.render._html import write_html_fragment

        return write_html_fragment(self._summary())
