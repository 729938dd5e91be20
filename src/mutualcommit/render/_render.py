"""`render`: an agreement, a scorecard or a check report as a document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from mutualcommit.errors import ArgumentError, also_type_error
from mutualcommit.kpi import ExceptionReport, FundLedger, Scorecard
from mutualcommit.model import Agreement
from mutualcommit.model._arguments import as_choice, as_day, shown
from mutualcommit.rules import Report

from ._agreement import agreement_document
from ._context import Context, context
from ._exceptions import exception_report_document
from ._funds import fund_ledger_document
from ._html import write_html, write_html_fragment
from ._markdown import write_markdown
from ._report import report_document
from ._scorecard import scorecard_document
from ._text import write_text
from ._tree import Document

__all__ = ["FORMATS", "Format", "Renderable", "notebook_html", "render"]

#: A format `render` writes: ``"markdown"``, ``"html"`` or ``"text"``.
Format = Literal["markdown", "html", "text"]

#: What `render` writes a document of: an agreement, a scorecard, a check
#: report, exceptions, or fund ledgers (one, or several as `fund_ledger`
#: returns them). A type alias for annotations, not for ``isinstance``,
#: which cannot test the items of a tuple: ``isinstance(obj, Renderable)``
#: is True for an agreement, a scorecard, a report, exceptions or one
#: ledger, and raises ``TypeError`` for anything else (a tuple of ledgers
#: too). At run time, test ``isinstance(obj, (Agreement, Scorecard, Report,
#: ExceptionReport, FundLedger))`` or a tuple's items; `render` refuses
#: anything else with a ``TypeError``.
Renderable = (
    Agreement
    | Scorecard
    | Report
    | ExceptionReport
    | FundLedger
    | tuple[FundLedger, ...]
)

_WRITERS: dict[str, Callable[[Document], str]] = {
    "markdown": write_markdown,
    "html": write_html,
    "text": write_text,
}
#: The formats `render` writes.
FORMATS: tuple[Format, ...] = ("markdown", "html", "text")


def render(
    obj: Renderable,
    *,
    locale: str = "en",
    format: Format = "markdown",  # noqa: A002 - the documented keyword
    as_of: dt.date | None = None,
) -> str:
    """Render an agreement, a scorecard, a check report or exceptions as a document.

    Fixed labels and finding messages are translated (English, German,
    French, Spanish, Japanese) and numbers, money and dates follow
    *locale*'s conventions. Another language reads English, every word of
    it (lists, month names, units), around the locale's numbers and money.
    User text is escaped for the format and stripped of control characters.

    Args:
        obj: An `Agreement`, a `Scorecard`, a `Report`, an `ExceptionReport`,
            a `FundLedger`, or a tuple of `FundLedger` as `fund_ledger`
            returns it (the empty tuple of an agreement without funds
            renders a fund ledger saying there are none).
        locale: A locale such as ``"en"``, ``"de_DE"`` or ``"de-DE"``.
        format: ``"markdown"``, ``"html"`` (one self-contained page) or
            ``"text"``.
        as_of: For an agreement: the day the document stands on, at its
            end: the agreement's status that day, the upcoming review dates,
            and the records as they stood, each counted from its own day as
            the status counts a signature (a signature given later reads
            "not signed", a review held later is not listed, an action item
            done later is open). None: the whole schedule and every record.
            The other documents are as of the day they were made for, and
            do not read it.

    Returns:
        The document.

    Raises:
        UnknownLocaleError: When *locale* is a string that does not name a
            locale.
        ArgumentError: Naming the argument: when *format* is not one of
            the three; a `TypeError` too when *obj* is none of these kinds
            (a list of ledgers too: pass a tuple; a tuple of anything but
            ledgers: render each item), *locale* is not a string (None
            too), or *as_of* is not a `datetime.date`.
    """
    writer = _WRITERS[as_choice("format", format, FORMATS)]
    if as_of is not None:
        as_of = as_day("as_of", as_of)
    c = context(locale)
    return writer(_document(obj, c, as_of))


def notebook_html(obj: Renderable) -> str:
    """Return *obj*'s English document as an HTML fragment, for a notebook cell.

    What `render` writes with ``format="html"``, less the page around it and
    its page rules (see `write_html_fragment`).
    """
    return write_html_fragment(_document(obj, context("en"), None))


def _document(obj: object, c: Context, as_of: dt.date | None) -> Document:
    if isinstance(obj, Agreement):
        return agreement_document(obj, c, as_of)
    if isinstance(obj, Scorecard):
        return scorecard_document(obj, c)
    if isinstance(obj, Report):
        return report_document(obj, c)
    if isinstance(obj, ExceptionReport):
        return exception_report_document(obj, c)
    if isinstance(obj, FundLedger):
        return fund_ledger_document((obj,), c)
    # A tuple, as `fund_ledger` returns: () is the ledgers of an agreement
    # without funds, and says so.
    if isinstance(obj, tuple) and all(isinstance(o, FundLedger) for o in obj):
        return fund_ledger_document(obj, c)
    raise also_type_error(ArgumentError)(_not_renderable(obj), "obj")


def _not_renderable(obj: object) -> str:
    """Say what `render` takes, what *obj* is instead and, for a sequence, what to do."""
    msg = (
        "render() takes an Agreement, a Scorecard, a Report, an ExceptionReport, "
        "a FundLedger or a tuple of FundLedger (as fund_ledger returns), got "
    )
    if not isinstance(obj, tuple | list):
        return msg + shown(obj)
    kinds = ", ".join(dict.fromkeys(type(item).__name__ for item in obj))
    # An empty tuple renders (no funds): only a list is ever empty here.
    msg += f"a {type(obj).__name__} of {kinds}" if obj else "an empty list"
    if all(isinstance(item, FundLedger) for item in obj):
        return msg + ": pass tuple(ledgers)"
    # A tuple of agreements, say: each is a document of its own.
    return msg + ": render each item on its own"
