"""A day written as text: ``YYYY-MM-DD``, exactly, wherever the library reads one."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["DATE_PATTERN", "date_text", "day_from_text"]

#: A calendar day, ``YYYY-MM-DD``: `datetime.date.fromisoformat` alone also
#: takes ``20260101`` and week dates (``2026-W01-4``).
DATE_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

#: Whether text has the shape of a day (not whether the day exists).
date_text = re.compile(DATE_PATTERN).fullmatch


def day_from_text(text: str) -> dt.date | None:
    """Return the day *text* writes as ``YYYY-MM-DD``, or None for any other text.

    The compact ``20260101``, week dates and impossible days (``2026-02-30``)
    are None.
    """
    if not date_text(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
