"""Fiscal calendars, windows and review schedules.

The review schedules and the iCalendar export are imported on first use
(PEP 562), with dateutil's recurrence rules: fiscal windows do not need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mutualcommit._lazy import lazy_names

from ._fiscal import Window, fiscal_period_of, fiscal_year, fiscal_years, windows

if TYPE_CHECKING:
    from ._ical import PRODID, NoReviewsError, to_ical
    from ._reviews import agreement_review_dates, parse_review_rule, review_dates

__all__ = [
    "PRODID",
    "NoReviewsError",
    "Window",
    "agreement_review_dates",
    "fiscal_period_of",
    "fiscal_year",
    "fiscal_years",
    "parse_review_rule",
    "review_dates",
    "to_ical",
    "windows",
]

#: The names imported on first use, and their modules.
_LAZY = {
    "PRODID": "._ical",
    "NoReviewsError": "._ical",
    "agreement_review_dates": "._reviews",
    "parse_review_rule": "._reviews",
    "review_dates": "._reviews",
    "to_ical": "._ical",
}


# Hidden from type checkers, which read the names from the imports above: a
# module-level __getattr__ would make them accept any name as Any.
if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_names(__name__, _LAZY, __all__, globals())
