"""Fiscal calendars, windows and review schedules."""

from ._fiscal import Window, fiscal_period_of, fiscal_year, fiscal_years, windows
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
