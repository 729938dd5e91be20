"""Fiscal calendars, windows and review schedules.

The review schedules and the iCalendar export are imported on first use
(PEP 562), with dateutil's recurrence rules: fiscal windows do not need them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._fiscal import Window, fiscal_period_of, fiscal_year, fiscal_years, windows

if TYPE_CHECKING:
    from ._ical import PRODID, to_ical
    from ._reviews import agreement_review_dates, parse_review_rule, review_dates

__all__ = [
    "PRODID",
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
    "agreement_review_dates": "._reviews",
    "parse_review_rule": "._reviews",
    "review_dates": "._reviews",
    "to_ical": "._ical",
}


def __getattr__(name: str) -> Any:
    try:
        module = _LAZY[name]
    except KeyError:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg) from None
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
