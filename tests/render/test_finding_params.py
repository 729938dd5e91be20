"""A finding's message in a document formats every date, amount and number it names."""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from mutualcommit import check, load_fund_events, load_observations, loads
from mutualcommit.render import render
from mutualcommit.rules import (
    MESSAGES,
    RULES,
    CatalogueRule,
    Finding,
    ParamInput,
    Report,
    format_message,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"

#: What each field of the rules' templates holds, as the rules fill it in.
DATE, MONEY, IN_UNIT, NUMBER, WINDOW, WORD, TEXT = (
    "date",
    "money",
    "in unit",
    "number",
    "window",
    "word",
    "text",
)
KINDS = {
    **dict.fromkeys(
        (
            "after",
            "before",
            "claimed_on",
            "date",
            "deadline",
            "due",
            "end",
            "first",
            "held_on",
            "opened_on",
            "signed_on",
            "start",
        ),
        DATE,
    ),
    **dict.fromkeys(
        (
            "amount",
            "approved",
            "available",
            "claimed",
            "cost",
            "expired",
            "other_amount",
            "paid",
        ),
        MONEY,
    ),
    **dict.fromkeys(("allocated", "capacity", "days_late"), IN_UNIT),
    **dict.fromkeys(
        (
            "baseline",
            "cut",
            "day",
            "gap_days",
            "growth",
            "limit",
            "max_days",
            "max_growth",
            "max_ratio",
            "max_share",
            "meant",
            "months",
            "partners",
            "percent",
            "rate",
            "share",
            "signed_version",
            "stated",
            "threshold",
            "value",
            "vendors",
            "version",
        ),
        NUMBER,
    ),
    "window": WINDOW,
    # Translated from a closed vocabulary (tested with the rest of the words).
    **dict.fromkeys(("side", "other", "kind", "unit"), WORD),
    **dict.fromkeys(
        (
            "action",
            "activity",
            "agreement",
            "allocation",
            "basis",
            "basis_title",
            "contribution",
            "criterion",
            "currency",
            "exception",
            "field",
            "fund",
            "goal",
            "incentive",
            "key",
            "measure",
            "metric",
            "name",
            "outcome",
            "outcome_title",
            "own",
            "owner",
            "party",
            "payer",
            "reason",
            "remedy",
            "request",
            "review",
            "rule",
            "signed_by",
            "split",
            "suggestion",
            "title",
            "waiver_code",
            "waiver_subject",
            "where",
            "year",
            "years",
        ),
        TEXT,
    ),
}
#: MC108's value is an observation's dimension value: user text.
RULE_KINDS = {("MC108", "value"): TEXT}

#: A value of each kind as the rules give it, and as a German document shows it.
SHOWN = {
    DATE: ("2026-09-15", "15. September 2026"),
    MONEY: ("1234567.5", "1.234.567,50"),
    IN_UNIT: ("1234567.5", "1.234.567,50"),
    NUMBER: ("1234.5", "1.234,5"),
    WINDOW: ("term", "der Laufzeit"),
}


def _fields(template: str) -> Iterator[str]:
    for _literal, field, _spec, _conversion in string.Formatter().parse(template):
        if field:
            yield field


def _kind(code: str, name: str) -> str:
    return RULE_KINDS.get((code, name), KINDS.get(name, "unknown"))


TEMPLATES = [
    (code, key, template)
    for code, templates in sorted(MESSAGES.items())
    for key, template in templates.items()
]
#: Each template with each kind of formatted field it has.
CASES = [
    (code, key, template, kind)
    for code, key, template in TEMPLATES
    for kind in SHOWN
    if any(_kind(code, name) == kind for name in _fields(template))
]


def _finding(code: str, key: str, template: str, kind: str) -> Finding:
    """Fill *template*: fields of *kind* with its sample, the rest as text."""
    params: dict[str, str] = {}
    for name in _fields(template):
        meaning = _kind(code, name)
        if meaning == kind:
            params[name] = SHOWN[kind][0]
        elif name in {"currency", "unit"}:
            params[name] = "EUR"
        else:
            params[name] = f"x-{name}"
        if meaning == IN_UNIT:
            # An amount in a unit: the finding names the unit in a param
            # of its own, which the template does not show.
            params["unit"] = "EUR"
    subject, _, case = key.partition(".")
    rule = next(r for r in RULES if r.code == code)
    if rule.case is not None:
        params[rule.case] = case
    finding_subject = f"{subject}:x"
    return Finding(
        code=code,
        severity="warning",
        subject=finding_subject,
        path="x",
        message=format_message(code, finding_subject, params),
        params=params,
    )


class TestEveryField:
    """Every field of every rule's templates is shown for what it holds."""

    def test_every_field_has_a_meaning(self) -> None:
        """No template has a field this test does not know: a new one needs one."""
        unknown = {
            (code, name)
            for code, _key, template in TEMPLATES
            for name in _fields(template)
            if _kind(code, name) == "unknown"
        }

        assert set() == unknown

    @pytest.mark.parametrize(
        ("code", "key", "template", "kind"),
        CASES,
        ids=[f"{code}-{key}-{kind}" for code, key, _, kind in CASES],
    )
    def test_formatted_in_german(
        self, code: str, key: str, template: str, kind: str
    ) -> None:
        """Each date, amount, number and the term reads as German writes it."""
        finding = _finding(code, key, template, kind)
        report = Report(agreement="a", as_of=dt.date(2027, 1, 31), findings=(finding,))

        text = render(report, locale="de", format="markdown")

        raw, shown = SHOWN[kind]
        assert (True, False) == (shown in text, f" {raw} " in f" {text} ")

    def test_typed_params_are_formatted(self) -> None:
        """Every Decimal or date a rule gives the IT example's findings has a meaning."""
        seen: set[tuple[str, str]] = set()
        finding = CatalogueRule.finding

        def spy(
            rule: CatalogueRule, subject: str, path: str, **params: ParamInput
        ) -> Finding:
            seen.update(
                (rule.code, name)
                for name, value in params.items()
                if isinstance(value, Decimal | dt.date)
            )
            return finding(rule, subject, path, **params)

        agreement = loads((EXAMPLE / "agreement.json").read_text("utf-8"))
        observations = load_observations(
            (EXAMPLE / "observations.jsonl").read_text("utf-8")
        )
        events = load_fund_events((EXAMPLE / "fund_events.jsonl").read_text("utf-8"))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(CatalogueRule, "finding", spy)
            for day in (dt.date(2026, 9, 15), dt.date(2027, 1, 31)):
                check(
                    agreement,
                    as_of=day,
                    observations=observations,
                    fund_events=events,
                )

        assert {("MC208", "claimed"), ("MC209", "claimed_on")} <= seen
        assert set() == {
            (code, name) for code, name in seen if _kind(code, name) in {TEXT, WORD}
        }


class TestLists:
    """Several things in a message read as a list of the document's language."""

    @staticmethod
    def _message(locale: str, code: str, subject: str, params: dict[str, Any]) -> str:
        finding = Finding(
            code=code,
            severity="warning",
            subject=subject,
            path="x",
            message=format_message(code, subject, params),
            params=params,
        )
        report = Report(agreement="a", as_of=dt.date(2027, 1, 31), findings=(finding,))
        markdown = render(report, locale=locale, format="markdown")
        (row,) = [line for line in markdown.splitlines() if f"**{code}**" in line]
        return row

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("en", "(in FY2026, FY2027, and FY2028)"),
            ("de", "(in FY2026, FY2027 und FY2028)"),
            ("fr", "(en FY2026, FY2027 et FY2028)"),
            ("es", "FY2026, FY2027 y FY2028"),
            ("ja", "（FY2026、FY2027、FY2028）"),
        ],
    )
    def test_mc204_years(self, locale: str, expected: str) -> None:
        """MC204's fiscal years over capacity: "FY2026, FY2027 und FY2028", never "FY2026, FY2027"."""
        params = {
            "party": "manama",
            "name": "Manama WLL",
            "unit": "hour",
            "capacity": "1",
            "allocated": "2",
            "years": ("FY2026", "FY2027", "FY2028"),
        }

        assert expected in self._message(locale, "MC204", "party:manama", params)

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("en", "in FY2026-Q4 and the term, and no action"),
            ("de", "in FY2026-Q4 und der Laufzeit verfehlt"),
            ("es", "en FY2026-Q4 y la vigencia, y ninguna"),
            ("fr", "sur FY2026-Q4 et la durée de l’accord, et aucune"),
            ("ja", "FY2026-Q4、契約期間 の目標値"),
        ],
    )
    def test_mc304_windows(self, locale: str, expected: str) -> None:
        """MC304's windows missed, each named as a window is (the term in words)."""
        params = {
            "review": "qbr",
            "held_on": "2026-08-12",
            "goal": "g",
            "title": "G",
            "standing": "missed",
            "window": ("FY2026-Q4", "term"),
        }

        assert expected in self._message(locale, "MC304", "goal:g", params)

    def test_where_pairs(self) -> None:
        """MC109's selection: "party=acme und region=emea" in German."""
        params = {
            "goal": "g",
            "title": "G",
            "metric": "m",
            "where": ("party=acme", "region=emea"),
            "field": "numerator_where",
            "key": "party",
            "own": "globex",
        }

        assert "mit party=acme und region=emea, aber" in self._message(
            "de", "MC109", "goal:g", params
        )


class TestGermanDates:
    """A German date after a preposition takes its article: "zwischen dem", "bis zum"."""

    @pytest.mark.parametrize(
        ("code", "key", "expected"),
        [
            (
                "MC302",
                "agreement",
                "zwischen dem 15. September 2026 und dem 15. September 2026",
            ),
            ("MC303", "schedule.no", "wurde bis zum 15. September 2026 keine"),
            ("MC307", "exception.lower", "sollte bis zum 15. September 2026 in"),
            ("MC102", "goal", "vom 15. September 2026 bis zum 15. September 2026"),
        ],
    )
    def test_article(self, code: str, key: str, expected: str) -> None:
        """MC302 "zwischen dem 1. Januar 2026 und dem 31. Dezember 2026", not "zwischen 1. Januar"."""
        finding = _finding(code, key, MESSAGES[code][key], DATE)
        report = Report(agreement="a", as_of=dt.date(2027, 1, 31), findings=(finding,))

        assert expected in render(report, locale="de", format="markdown")


@pytest.fixture(scope="module")
def german() -> str:
    """The IT example's check report in German, with its fund log, in January 2027."""
    return render(_with_funds(), locale="de", format="markdown")


def _with_funds() -> Report:
    """The IT example checked in January 2027, with its fund log and observations.

    Its fund accrues on revenue: without the observations, MC206 and MC210
    would leave it alone.
    """
    agreement = loads((EXAMPLE / "agreement.json").read_text("utf-8"))
    events = load_fund_events((EXAMPLE / "fund_events.jsonl").read_text("utf-8"))
    observations = load_observations(
        (EXAMPLE / "observations.jsonl").read_text("utf-8")
    )
    return check(
        agreement,
        as_of=dt.date(2027, 1, 31),
        fund_events=events,
        observations=observations,
    )


class TestFundFindings:
    """The fund rules' findings read in German with German dates, money and words."""

    def test_mc208(self, german: str) -> None:
        """The claim's money is rounded to cents; the activity has German quotes."""
        assert (
            "Die Abrechnung über 15.000,00\u00a0EUR zu Antrag R-102 „Trade show booth "
            "at it-sa“ des Fonds acme-mdf-budget enthält keinen Leistungsnachweis"
        ) in german

    def test_mc209(self, german: str) -> None:
        """Both the claim's day and its deadline are German dates."""
        assert (
            "„Summer co-marketing email campaign“ des Fonds acme-mdf-budget ging "
            "am 15. September 2026 ein, nach ihrer Frist am 29. August 2026"
        ) in german

    def test_mc210(self, german: str) -> None:
        """The term is named in German; money and percentages are German numbers."""
        assert (
            "In der Laufzeit ließ Fonds acme-mdf-budget 116.000,00\u00a0EUR der "
            "bereitgestellten 151.000,00\u00a0EUR ungenutzt verfallen (76,8 Prozent, "
            "mehr als 10 Prozent)"
        ) in german

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            (
                "de",
                (
                    "wird mit 50.000,00\u00a0EUR bei Kosten von 80.000,00\u00a0EUR "
                    "gefördert, 62,5 Prozent"
                ),
            ),
            ("ja", "費用80,000\u00a0JPY"),
            (
                "en",
                "funded with 50,000.00\u00a0EUR of a 80,000.00\u00a0EUR cost, 62.5 percent",
            ),
        ],
    )
    def test_mc211(self, locale: str, expected: str) -> None:
        """The approval and the cost are money of the currency, the share a number."""
        currency = "JPY" if locale == "ja" else "EUR"
        params = {
            "fund": "mdf",
            "request": "R-1",
            "activity": "Booth",
            "amount": "50000",
            "cost": "80000",
            "currency": currency,
            "cost_kind": "share",
            "share": "62.5",
            "max_share": "50",
        }
        subject = "fund-request:mdf/R-1"
        finding = Finding(
            code="MC211",
            severity="warning",
            subject=subject,
            path="allocations[0].fund",
            message=format_message("MC211", subject, params),
            params=params,
        )
        report = Report(agreement="a", as_of=dt.date(2027, 1, 31), findings=(finding,))

        assert expected in render(report, locale=locale, format="markdown")

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("en", "was paid 6,000.00\u00a0EUR with no proof of performance"),
            ("de", "wurde mit 6.000,00\u00a0EUR ausgezahlt, ohne Leistungsnachweis"),
            ("es", "se pagó con 6.000,00\u00a0EUR sin prueba de ejecución"),
            ("fr", "a été payée à hauteur de 6\u202f000,00\u00a0EUR sans preuve"),
            ("ja", "実施の証憑がないまま6,000.00\u00a0EUR が支払われました"),
        ],
    )
    def test_mc208_once_paid(self, locale: str, expected: str) -> None:
        """A claim paid without proof says what was paid, in each language."""
        params = {
            "fund": "mdf",
            "request": "R-1",
            "activity": "Booth",
            "claimed": "7000",
            "paid": "6000",
            "currency": "EUR",
            "claim_state": "paid",
        }
        subject = "fund-request:mdf/R-1"
        finding = Finding(
            code="MC208",
            severity="warning",
            subject=subject,
            path="allocations[0].fund",
            message=format_message("MC208", subject, params),
            params=params,
        )
        report = Report(agreement="a", as_of=dt.date(2027, 1, 31), findings=(finding,))

        assert expected in render(report, locale=locale, format="markdown")

    def test_the_term_in_english(self) -> None:
        """The term reads as such in an English document too: "In the term, fund ..."."""
        assert "In the term, fund acme-mdf-budget let 116,000.00\u00a0EUR" in render(
            _with_funds(), locale="en", format="markdown"
        )

    def test_amounts_stay_whole_in_text(self) -> None:
        """A plain-text table never ends a line with an amount's number, its unit on the next."""
        agreement = loads((EXAMPLE / "agreement.json").read_text("utf-8"))
        events = load_fund_events((EXAMPLE / "fund_events.jsonl").read_text("utf-8"))
        report = check(agreement, as_of=dt.date(2027, 1, 31), fund_events=events)
        text = render(report, locale="de", format="text")

        assert "15.000,00\u00a0EUR" in text
        assert not re.search(r"\d,\d\d\n\s*EUR", text)

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("fr", "«\xa0Summer co-marketing email campaign\xa0»"),
            ("es", "«Summer co-marketing email campaign»"),
        ],
    )
    def test_quotes(self, locale: str, expected: str) -> None:
        """The fund rules quote an activity with the language's own marks."""
        agreement = loads((EXAMPLE / "agreement.json").read_text("utf-8"))
        events = load_fund_events((EXAMPLE / "fund_events.jsonl").read_text("utf-8"))
        report = check(agreement, as_of=dt.date(2027, 1, 31), fund_events=events)

        assert expected in render(report, locale=locale, format="markdown")


class TestResourceFindings:
    """MC203, MC204, MC206, MC207: the digits the rule gave, at least the currency's."""

    @staticmethod
    def _german(code: str, subject: str, params: dict[str, str]) -> str:
        finding = Finding(
            code=code,
            severity="warning",
            subject=subject,
            path="parties[1].capacity[0]",
            message=format_message(code, subject, params),
            params=params,
        )
        report = Report(agreement="a", as_of=dt.date(2027, 1, 31), findings=(finding,))
        return render(report, locale="de", format="markdown")

    def test_mc204_under_a_fils_over(self) -> None:
        """0.4 fils over a capacity of 20 000 BHD read 20.000,0004, not 20.000,000."""
        text = self._german(
            "MC204",
            "party:manama",
            {
                "party": "manama",
                "name": "Manama WLL",
                "unit": "BHD",
                "capacity": "20000",
                "allocated": "20000.0004",
                "years": "FY2028",
            },
        )

        assert (
            "bis zu 20.000,0004\u00a0BHD zu, mehr als ihre angegebene Kapazität "
            "von 20.000,000\u00a0BHD"
        ) in text

    @pytest.mark.parametrize(
        ("locale", "unit", "expected"),
        [
            ("en", "hour", ("183.01\u00a0hours", "1\u00a0hour ")),
            ("de", "hour", ("183,01\u00a0Stunden", "1\u00a0Stunde ")),
            ("fr", "hour", ("183,01\u00a0heures", "1\u00a0heure ")),
            ("es", "hour", ("183,01\u00a0horas", "1\u00a0hora ")),
            ("pt_BR", "hour", ("183,01\u00a0hours", "1\u00a0hour ")),
            ("en", "day", ("183.01\u00a0days", "1\u00a0day ")),
            ("de", "day", ("183,01\u00a0Tage", "1\u00a0Tag ")),
            ("en", "fte", ("183.01\u00a0FTE", "1\u00a0FTE ")),
            ("de", "fte", ("183,01\u00a0VZÄ", "1\u00a0VZÄ ")),
            ("en", "count", ("183.01\u00a0units", "1\u00a0unit ")),
            ("es", "count", ("183,01\u00a0unidades", "1\u00a0unidad ")),
        ],
    )
    def test_mc204_each_amount_its_unit(
        self, locale: str, unit: str, expected: tuple[str, str]
    ) -> None:
        """An allocation and a capacity each take their own plural form."""
        subject = "party:manama"
        params = {
            "party": "manama",
            "name": "Manama WLL",
            "unit": unit,
            "capacity": "1",
            "allocated": "183.01",
            "years": "FY2028",
        }
        finding = Finding(
            code="MC204",
            severity="error",
            subject=subject,
            path="parties[1].capacity[0]",
            message=format_message("MC204", subject, params),
            params=params,
        )
        report = Report(agreement="a", as_of=dt.date(2027, 1, 31), findings=(finding,))

        text = render(report, locale=locale, format="markdown")

        assert (True, True) == tuple(part in text for part in expected)

    def test_mc203_yen_the_rule_kept(self) -> None:
        """A tenth of a yen the rule kept to show the ratio is not rounded away."""
        text = self._german(
            "MC203",
            "fiscal-year:FY2026",
            {
                "year": "FY2026",
                "side": "vendor",
                "other": "partner",
                "amount": "4000000.4",
                "other_amount": "1000000",
                "currency": "JPY",
                "max_ratio": "4",
            },
        )

        assert "4.000.000,4\u00a0JPY gegenüber 1.000.000\u00a0JPY" in text

    def test_mc206_a_fraction_of_a_cent_over(self) -> None:
        """Approvals a tenth of a cent over a window's funds do not read as equal."""
        text = self._german(
            "MC206",
            "fund-window:coop/Q1",
            {
                "fund": "coop",
                "window": "Q1",
                "approved": "10000.001",
                "available": "10000",
                "currency": "EUR",
            },
        )

        assert "über 10.000,001\u00a0EUR bewilligt, mehr als die 10.000,00" in text

    def test_mc207_a_claim_a_fraction_over(self) -> None:
        """A claim half a cent over its approval shows the half cent."""
        text = self._german(
            "MC207",
            "fund-request:coop/r1",
            {
                "fund": "coop",
                "request": "r1",
                "activity": "Webinar",
                "claimed": "500.005",
                "approved": "500",
                "currency": "EUR",
            },
        )

        assert "500,005\u00a0EUR" in text
        assert "500,00\u00a0EUR" in text
