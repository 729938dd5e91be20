"""A review rule in words: "on the second Tuesday of February, May, August and November".

The RFC 5545 rule is read part by part (FREQ, INTERVAL, BYDAY with or
without ordinals, BYMONTHDAY, BYMONTH, BYSETPOS, COUNT, UNTIL, WKST) and
worded from whole translated phrases, so that each language can order them
its own way. What the rule leaves out comes from its start, as the
schedule itself does: ``FREQ=MONTHLY`` from 1 January is "every month on
the 1st". A rule the phrases cannot say (BYWEEKNO, BYYEARDAY, BYHOUR, a
weekday list narrowed by BYSETPOS, ...) gets None: the caller then says
that the schedule is the list of dates that follows.
"""

from __future__ import annotations

import datetime as dt

from ._context import Context
from ._words import N_

__all__ = ["schedule_words"]

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WORKING_DAYS = frozenset(_WEEKDAYS[:5])
_KNOWN = frozenset(
    {
        "FREQ",
        "INTERVAL",
        "COUNT",
        "UNTIL",
        "WKST",
        "BYDAY",
        "BYMONTHDAY",
        "BYMONTH",
        "BYSETPOS",
    }
)
#: "on the second {weekday}" for each ordinal a rule may give a weekday.
_ORDINALS = {
    1: N_("on the first {weekday}"),
    2: N_("on the second {weekday}"),
    3: N_("on the third {weekday}"),
    4: N_("on the fourth {weekday}"),
    5: N_("on the fifth {weekday}"),
    -1: N_("on the last {weekday}"),
    -2: N_("on the second-to-last {weekday}"),
}


class _Unsaid(Exception):  # noqa: N818 - a private signal, never raised out
    """The rule has a part the phrases cannot say."""


def schedule_words(c: Context, rule: str, start: dt.date) -> str | None:
    """Word a valid review rule whose schedule starts on *start*, or return None.

    Args:
        c: The locale's context.
        rule: RRULE text the model accepts (with or without ``RRULE:``).
        start: The first day of the term (the rule's DTSTART).

    Returns:
        The schedule in words, such as "every 3 months on the 1st", or None
        when the rule has a part the phrases cannot say.
    """
    try:
        parts = _parts(rule)
        words = _schedule(c, parts, start)
    except (_Unsaid, ValueError, KeyError, IndexError):
        return None
    if "COUNT" in parts:
        n = int(parts["COUNT"])
        words = c.ngettext(
            "{schedule}, once", "{schedule}, {n} times", n, schedule=words, n=n
        )
    if "UNTIL" in parts:
        words = c.gettext(
            "{schedule}, until {date}",
            schedule=words,
            date=c.date(_until(parts["UNTIL"])),
        )
    return words


def _parts(rule: str) -> dict[str, str]:
    text = rule.strip()
    if text[:6].upper() == "RRULE:":
        text = text[6:]
    parts: dict[str, str] = {}
    for part in text.split(";"):
        if not part:
            continue
        name, _, value = part.partition("=")
        name = name.strip().upper()
        if name not in _KNOWN:
            raise _Unsaid
        parts[name] = value.strip().upper()
    return parts


def _until(value: str) -> dt.date:
    return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))


def _numbers(value: str) -> list[int]:
    return [int(item) for item in value.split(",") if item]


def _schedule(c: Context, parts: dict[str, str], start: dt.date) -> str:
    frequency = parts.get("FREQ")
    n = int(parts.get("INTERVAL", "1"))
    if frequency == "DAILY":
        if set(parts) - {"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST"}:
            raise _Unsaid
        return c.ngettext("every day", "every {n} days", n, n=n)
    if frequency == "WEEKLY":
        if set(parts) & {"BYMONTH", "BYMONTHDAY", "BYSETPOS"}:
            raise _Unsaid
        days = _plain_weekdays(parts.get("BYDAY", _WEEKDAYS[start.weekday()]))
        cadence = c.ngettext("every week", "every {n} weeks", n, n=n)
        when = _on_weekdays(c, days)
        return c.pgettext("schedule", "{cadence} {when}", cadence=cadence, when=when)
    if frequency not in {"MONTHLY", "YEARLY"}:
        raise _Unsaid
    months = parts.get("BYMONTH")
    if frequency == "YEARLY" and months is None:
        if set(parts) & {"BYDAY", "BYMONTHDAY", "BYSETPOS"}:
            raise _Unsaid  # days of the year, not of one month
        months = str(start.month)
    when = _day_in_month(c, parts, start)
    if _skips_months(parts, start, months):
        # "Every month on the 31st" hides that the schedule skips the
        # months without one (as RFC 5545 does): the dates say it.
        raise _Unsaid
    if months is None:
        cadence = c.ngettext("every month", "every {n} months", n, n=n)
        return c.pgettext("schedule", "{cadence} {when}", cadence=cadence, when=when)
    words = _in_months(c, when, _numbers(months), dated=_dated(parts))
    if frequency == "MONTHLY" and n > 1:
        raise _Unsaid  # every other month, but only in some months: too subtle
    if frequency == "YEARLY":
        cadence = c.ngettext("every year", "every {n} years", n, n=n)
        return c.pgettext("schedule", "{cadence} {when}", cadence=cadence, when=words)
    return words


#: The fewest days each month has: February's 29th is not in most years.
_SHORTEST = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _skips_months(parts: dict[str, str], start: dt.date, months: str | None) -> bool:
    """Tell whether a day of the month the rule names is missing from a month it covers."""
    if "BYDAY" in parts:
        return False
    by_monthday = parts.get("BYMONTHDAY")
    days = [start.day] if by_monthday is None else _numbers(by_monthday)
    latest = max(days)
    covered = range(1, 13) if months is None else _numbers(months)
    return any(latest > _SHORTEST[month - 1] for month in covered)


def _dated(parts: dict[str, str]) -> bool:
    """Tell whether the rule names days of the month by number ("the 15th")."""
    days = parts.get("BYMONTHDAY")
    if days is not None:
        return "-" not in days
    return "BYDAY" not in parts


def _in_months(c: Context, when: str, months: list[int], *, dated: bool) -> str:
    """Word *when* in *months*: "on the 15th of March", "... of May and June"."""
    names = [c.fmt.month_in_date(month) for month in dict.fromkeys(months)]
    if len(names) > 1:
        words = c.gettext("{when} of {months}", when=when, months=c.join(names))
    elif dated:
        # Translators: numbered days of one month, read as a date: German
        # "am 15. März", French "le 15 mars", Japanese "3月15日".
        words = c.pgettext("dated", "{when} of {month}", when=when, month=names[0])
    else:
        # Translators: a weekday or the last day in one month: German "am
        # letzten Freitag im Juni", French "le dernier vendredi de juin".
        words = c.pgettext("in month", "{when} of {month}", when=when, month=names[0])
    # French "de" before a month with a vowel is elided as the words are
    # filled in ("d'avril", "d'août"): `Context.gettext`.
    return words


def _plain_weekdays(value: str) -> list[str]:
    days = [day for day in value.split(",") if day]
    if not days or any(day not in _WEEKDAYS for day in days):
        raise _Unsaid  # an ordinal in a weekly rule, or a typo dateutil took
    return sorted(set(days), key=_WEEKDAYS.index)


def _weekday(c: Context, code: str) -> str:
    return c.fmt.weekday(_WEEKDAYS.index(code))


def _on_weekdays(c: Context, days: list[str]) -> str:
    """Word the weekdays of a weekly rule: "on Monday and Thursday".

    Each weekday may take its own article (French "le lundi et le jeudi"),
    and the phrase a plural one for several (Spanish "los lunes y jueves",
    with the weekdays' plural nouns).
    """
    names = [_weekday(c, day) for day in days]
    if len(names) > 1 and c.language == "es":
        # A Spanish weekday's plural adds -s unless it ends in one already
        # (lunes to viernes): "los sábados y domingos".
        names = [name if name.endswith("s") else name + "s" for name in names]
    # Translators: one weekday in the list of a weekly schedule; French
    # gives each its article: "le {weekday}".
    items = [c.pgettext("weekday in a list", "{weekday}", weekday=n) for n in names]
    return c.ngettext(
        "on {weekdays}", "on {weekdays}", len(names), weekdays=c.join(items)
    )


def _day_in_month(c: Context, parts: dict[str, str], start: dt.date) -> str:
    """Word which day of a month: "on the 1st", "on the second Tuesday"."""
    by_day = parts.get("BYDAY")
    by_monthday = parts.get("BYMONTHDAY")
    positions = parts.get("BYSETPOS")
    if by_day is not None and by_monthday is not None:
        raise _Unsaid
    if by_monthday is not None:
        if positions is not None:
            raise _Unsaid
        return _month_days(c, _numbers(by_monthday))
    if by_day is None:
        if positions not in {None, "1", "-1"}:
            raise _Unsaid
        return _month_days(c, [start.day])
    if positions is not None:
        return _set_position(c, by_day, _numbers(positions))
    phrases = []
    for item in by_day.split(","):
        code = item[-2:]
        ordinal = item[:-2]
        if code not in _WEEKDAYS or not ordinal:
            raise _Unsaid  # every Tuesday of a month: say it with the dates
        phrases.append(c.gettext(_ORDINALS[int(ordinal)], weekday=_weekday(c, code)))
    return c.join(phrases)


def _set_position(c: Context, by_day: str, positions: list[int]) -> str:
    """Word BYSETPOS over a weekday list: "on the first Tuesday", "the last working day"."""
    days = _plain_weekdays(by_day)
    if len(positions) != 1:
        raise _Unsaid
    if len(days) == 1:
        weekday = _weekday(c, days[0])
    elif set(days) == _WORKING_DAYS:
        weekday = c.pgettext("weekday", "working day")
    else:
        raise _Unsaid
    return c.gettext(_ORDINALS[positions[0]], weekday=weekday)


def _month_days(c: Context, days: list[int]) -> str:
    if any(day < 0 for day in days):
        if days == [-1]:
            return c.gettext("on the last day")
        raise _Unsaid
    numbers = sorted(set(days))
    names = c.join([_day_ordinal(c, day) for day in numbers])
    # Several days take a plural article: French "les 1er, 15 et 28".
    return c.ngettext("on the {days}", "on the {days}", len(numbers), days=names)


def _day_ordinal(c: Context, day: int) -> str:
    """Write a day of the month as the language writes it after "on the"."""
    # A locale without a catalog reads the English sentences.
    language = c.language
    if language == "en":
        suffix = "th"
        if day % 100 not in {11, 12, 13}:
            suffix = {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        return f"{day}{suffix}"
    if language == "de":
        return f"{day}."
    if language == "fr" and day == 1:
        return "1er"
    if language in {"ja", "zh"}:
        return f"{day}日"
    return str(day)
