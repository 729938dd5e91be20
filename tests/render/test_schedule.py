"""The review schedule in words, from its RFC 5545 rule, in every language."""

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.model import Agreement, review_rule_problem
from mutualcommit.render import FORMATS, render

Small = Callable[..., Agreement]
#: The small agreement's term starts on Monday 5 January 2026.
START = dt.date(2026, 1, 5)
#: "Schedule:" in each language with a catalog.
LABELS = {
    "en": "Schedule:",
    "de": "Turnus:",
    "fr": "Calendrier\xa0:",
    "es": "Calendario:",
    "ja": "予定\uff1a",
}


def _schedule(markdown: str, locale: str = "en") -> str:
    """Return the value of the document's schedule row."""
    prefix = f"- **{LABELS[locale]}** "
    (value,) = [
        line[len(prefix) :] for line in markdown.splitlines() if line.startswith(prefix)
    ]
    return value


class TestSeveralDays:
    """Several days of a rule take the plural their language gives them."""

    @pytest.mark.parametrize(
        ("rule", "fr", "es"),
        [
            (
                "FREQ=MONTHLY;BYMONTHDAY=1,15,28",
                "chaque mois, les 1er, 15 et 28",
                "cada mes, los días 1, 15 y 28",
            ),
            (
                "FREQ=MONTHLY;BYMONTHDAY=15",
                "chaque mois, le 15",
                "cada mes, el día 15",
            ),
            (
                "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1,15",
                "chaque année, les 1er et 15 mars",
                "cada año, los días 1 y 15 de marzo",
            ),
            (
                "FREQ=WEEKLY;BYDAY=MO,TH",
                "chaque semaine, le lundi et le jeudi",
                "cada semana, los lunes y jueves",
            ),
            (
                "FREQ=WEEKLY;BYDAY=SA,SU",
                "chaque semaine, le samedi et le dimanche",
                "cada semana, los sábados y domingos",
            ),
            (
                "FREQ=WEEKLY;BYDAY=MO",
                "chaque semaine, le lundi",
                "cada semana, el lunes",
            ),
        ],
    )
    def test_french_and_spanish(
        self, small: Small, rule: str, fr: str, es: str
    ) -> None:
        """French "les 1er, 15 et 28" and "le lundi et le jeudi"; Spanish "los lunes y jueves"."""
        agreement = small(review_rule=rule)
        assert (fr, es) == (
            _schedule(render(agreement, locale="fr"), "fr"),
            _schedule(render(agreement, locale="es"), "es"),
        )


class TestAfterItsLabel:
    """The schedule follows its label as every field's value does: in lower case."""

    @pytest.mark.parametrize(
        ("locale", "line"),
        [
            ("en", "Schedule: on the second Tuesday of February, May,"),
            ("de", "Turnus: am zweiten Dienstag im Februar, Mai,"),
            ("fr", "Calendrier\xa0: le deuxième mardi des mois de février,"),
            ("es", "Calendario: el segundo martes de febrero, mayo,"),
        ],
    )
    def test_the_it_example(
        self, it_agreement: Agreement, locale: str, line: str
    ) -> None:
        """German "Turnus: am zweiten Dienstag", as "Geschäftsjahr: beginnt im Februar" reads."""
        text = render(it_agreement, locale=locale, format="text")

        assert line in [row[: len(line)] for row in text.splitlines()]


class TestWorkedSentences:
    """Each kind of rule reads as a sentence a partner manager would write."""

    @pytest.mark.parametrize(
        ("rule", "en", "de", "ja"),
        [
            (
                "FREQ=MONTHLY;BYMONTH=2,5,8,11;BYDAY=2TU",
                "on the second Tuesday of February, May, August, and November",
                "am zweiten Dienstag im Februar, Mai, August und November",
                "2月、5月、8月、11月の第2火曜日",
            ),
            (
                "FREQ=MONTHLY;INTERVAL=3",
                "every 3 months on the 5th",
                "alle 3 Monate am 5.",
                "3か月ごとの5日",
            ),
            (
                "RRULE:FREQ=WEEKLY;BYDAY=MO",
                "every week on Monday",
                "wöchentlich am Montag",
                "1週間ごとの月曜日",
            ),
            (
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,MO",
                "every 2 weeks on Monday and Thursday",
                "alle 2 Wochen am Montag und Donnerstag",
                "2週間ごとの月曜日、木曜日",
            ),
            (
                "FREQ=MONTHLY;INTERVAL=3;BYDAY=TU;BYSETPOS=1",
                "every 3 months on the first Tuesday",
                "alle 3 Monate am ersten Dienstag",
                "3か月ごとの第1火曜日",
            ),
            (
                "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=4",
                "every month on the last working day, 4 times",
                "monatlich am letzten Werktag, 4-mal",
                "1か月ごとの最終営業日、4回",
            ),
            (
                "FREQ=MONTHLY;BYMONTHDAY=1,15;UNTIL=20260630",
                "every month on the 1st and 15th, until June 30, 2026",
                "monatlich am 1. und 15., bis zum 30. Juni 2026",
                "1か月ごとの1日、15日、2026年6月30日まで",
            ),
            (
                "FREQ=YEARLY",
                "every year on the 5th of January",
                "jährlich am 5. Januar",
                "1年ごとの1月5日",
            ),
            (
                "FREQ=DAILY;INTERVAL=90",
                "every 90 days",
                "alle 90 Tage",
                "90日ごと",
            ),
        ],
    )
    def test_sentence(self, small: Small, rule: str, en: str, de: str, ja: str) -> None:
        """The rule reads as the worked sentence in English, German and Japanese."""
        agreement = small(review_rule=rule)
        assert (en, de, ja) == (
            _schedule(render(agreement)),
            _schedule(render(agreement, locale="de"), "de"),
            _schedule(render(agreement, locale="ja"), "ja"),
        )

    @pytest.mark.parametrize(
        ("rule", "expected"),
        [
            (
                "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15",
                {
                    "en": "every year on the 15th of March",
                    "de": "jährlich am 15. März",
                    "fr": "chaque année, le 15 mars",
                    "es": "cada año, el día 15 de marzo",
                    "ja": "1年ごとの3月15日",
                },
            ),
            (
                "FREQ=YEARLY;BYMONTH=6;BYDAY=-1FR",
                {
                    "en": "every year on the last Friday of June",
                    "de": "jährlich am letzten Freitag im Juni",
                    "fr": "chaque année, le dernier vendredi de juin",
                    "es": "cada año, el último viernes de junio",
                    "ja": "1年ごとの6月の最終金曜日",
                },
            ),
            (
                "FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=-1",
                {
                    "en": "every year on the last day of August",
                    "de": "jährlich am letzten Tag im August",
                    "fr": "chaque année, le dernier jour d\u2019août",
                    "es": "cada año, el último día de agosto",
                    "ja": "1年ごとの8月の末日",
                },
            ),
            (
                "FREQ=MONTHLY;BYMONTH=4,10;BYDAY=1MO",
                {
                    "en": "on the first Monday of April and October",
                    "de": "am ersten Montag im April und Oktober",
                    "fr": "le premier lundi des mois d\u2019avril et octobre",
                    "es": "el primer lunes de abril y octubre",
                    "ja": "4月、10月の第1月曜日",
                },
            ),
        ],
    )
    def test_one_month(self, small: Small, rule: str, expected: dict[str, str]) -> None:
        """One month reads as a date or "of June"; several keep "in each of"."""
        agreement = small(review_rule=rule)

        assert expected == {
            locale: _schedule(render(agreement, locale=locale), locale)
            for locale in expected
        }

    def test_the_it_example(self, it_agreement: Agreement) -> None:
        """The IT agreement's quarterly reviews read in words, never as the rule."""
        markdown = render(it_agreement)
        assert (
            "on the second Tuesday of February, May, August, and November"
            == _schedule(markdown)
        )
        assert "FREQ=" not in markdown

    def test_a_rule_words_cannot_say(self, small: Small) -> None:
        """A rule beyond the phrases gets a generic sentence and its dates, not the rule."""
        markdown = render(small(review_rule="FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO"))
        lines = markdown.splitlines()
        start = lines.index("**Scheduled review dates**")
        assert (
            "on a schedule of its own: the review dates are listed below",
            ["- May 11, 2026"],
        ) == (_schedule(markdown), [line for line in lines[start + 1 :] if line][:1])
        assert "BYWEEKNO" not in markdown

    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=MONTHLY;BYMONTHDAY=31",
            "FREQ=MONTHLY;BYMONTHDAY=15,30",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
            "FREQ=MONTHLY;BYMONTH=1,4;BYMONTHDAY=31",
        ],
    )
    def test_a_day_some_months_lack(self, small: Small, rule: str) -> None:
        """A schedule that skips the months without its day lists its dates."""
        markdown = render(small(review_rule=rule))
        assert (
            "on a schedule of its own: the review dates are listed below"
            == _schedule(markdown)
        )

    @pytest.mark.parametrize(
        ("rule", "expected"),
        [
            ("FREQ=MONTHLY;BYMONTH=3,5;BYMONTHDAY=31", "on the 31st of March and May"),
            ("FREQ=MONTHLY;BYMONTHDAY=-1", "every month on the last day"),
            ("FREQ=MONTHLY;BYMONTHDAY=28", "every month on the 28th"),
        ],
    )
    def test_a_day_every_month_covered_has(
        self, small: Small, rule: str, expected: str
    ) -> None:
        """A day every month the rule covers has is still said in words."""
        assert expected == _schedule(render(small(review_rule=rule)))


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@st.composite
def _rules(draw: st.DrawFn) -> str:
    """Draw RRULE text from the parts a review rule may have."""
    parts = [f"FREQ={draw(st.sampled_from(['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']))}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(1, 12))}")
    if draw(st.booleans()):
        days = draw(st.lists(st.sampled_from(_WEEKDAYS), min_size=1, max_size=5))
        ordinals = draw(
            st.lists(
                st.sampled_from(["", "1", "2", "3", "4", "5", "-1", "-2", "+3", "6"]),
                min_size=len(days),
                max_size=len(days),
            )
        )
        items = (f"{n}{d}" for n, d in zip(ordinals, days, strict=True))
        parts.append("BYDAY=" + ",".join(items))
    if draw(st.booleans()):
        days_of_month = draw(
            st.lists(st.integers(-31, 31).filter(bool), min_size=1, max_size=3)
        )
        parts.append("BYMONTHDAY=" + ",".join(map(str, days_of_month)))
    if draw(st.booleans()):
        months = draw(st.lists(st.integers(1, 12), min_size=1, max_size=4))
        parts.append("BYMONTH=" + ",".join(map(str, months)))
    if draw(st.booleans()):
        positions = draw(
            st.lists(st.integers(-3, 3).filter(bool), min_size=1, max_size=2)
        )
        parts.append("BYSETPOS=" + ",".join(map(str, positions)))
    other = draw(
        st.sampled_from(
            ["", "COUNT=3", "UNTIL=20261001", "WKST=SU", "BYWEEKNO=10", "BYYEARDAY=100"]
        )
    )
    if other:
        parts.append(other)
    return ";".join(draw(st.permutations(parts)))


class TestEveryRule:
    """Every rule the model accepts renders in every locale, in words or the generic sentence."""

    @given(rule=_rules(), locale=st.sampled_from(["en", "de", "fr", "es", "ja", "it"]))
    def test_renders(self, small: Small, rule: str, locale: str) -> None:
        """No accepted rule breaks a document, leaves a placeholder or prints as the rule."""
        if review_rule_problem(rule, START) is not None:
            return
        agreement = small(review_rule=rule)
        for form in FORMATS:
            document = render(agreement, locale=locale, format=form)
            body = document.partition("</style>")[2] or document
            assert "FREQ=" not in body
            assert "{" not in body


_ORDINALS = ("1", "2", "3", "4", "5", "-1", "-2")


@st.composite
def _sayable_rules(draw: st.DrawFn) -> str:
    """Draw rules built only from the parts the words cover."""
    frequency = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]))
    interval = draw(st.integers(1, 6))
    parts = [f"FREQ={frequency}", f"INTERVAL={interval}"]
    if frequency == "WEEKLY" and draw(st.booleans()):
        days = draw(st.lists(st.sampled_from(_WEEKDAYS), min_size=1, max_size=3))
        parts.append("BYDAY=" + ",".join(days))
    if frequency in {"MONTHLY", "YEARLY"}:
        months = frequency == "YEARLY" or (interval == 1 and draw(st.booleans()))
        if months:
            picked = draw(st.lists(st.integers(1, 12), min_size=1, max_size=4))
            parts.append("BYMONTH=" + ",".join(map(str, picked)))
        day = draw(st.sampled_from(["", "BYDAY", "BYMONTHDAY", "LAST"]))
        if day == "BYDAY":
            ordinals = draw(
                st.lists(st.sampled_from(_ORDINALS), min_size=1, max_size=2)
            )
            weekday = draw(st.sampled_from(_WEEKDAYS))
            parts.append("BYDAY=" + ",".join(f"{n}{weekday}" for n in ordinals))
        elif day == "BYMONTHDAY":
            monthdays = draw(st.lists(st.integers(1, 28), min_size=1, max_size=3))
            parts.append("BYMONTHDAY=" + ",".join(map(str, monthdays)))
        elif day == "LAST":
            parts.append("BYMONTHDAY=-1")
    parts.append(draw(st.sampled_from(["", "COUNT=4", "UNTIL=20261130"])))
    return ";".join(part for part in parts if part)


class TestSayableRules:
    """A rule of the parts the words cover is said in words in every language."""

    @given(rule=_sayable_rules(), locale=st.sampled_from(["en", "de", "ja"]))
    def test_in_words(self, small: Small, rule: str, locale: str) -> None:
        """The schedule row is never the generic sentence for such a rule."""
        assert review_rule_problem(rule, START) is None
        generic = _schedule(
            render(small(review_rule="FREQ=YEARLY;BYWEEKNO=20"), locale=locale), locale
        )
        words = _schedule(render(small(review_rule=rule), locale=locale), locale)
        assert generic != words
