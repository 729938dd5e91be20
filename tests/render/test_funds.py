"""Funds in documents: the fund terms in the agreement, the ledger on its own."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Literal

import attrs
import pytest

from mutualcommit import (
    Agreement,
    FundLedger,
    evaluate,
    fund_ledger,
    load_fund_events,
    load_observations,
    loads,
)
from mutualcommit.render import render

from .conftest import in_a_cell

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"
AS_OF = dt.date(2026, 11, 27)


def _agreement() -> Agreement:
    return loads((EXAMPLE / "agreement.json").read_text(encoding="utf-8"))


def _ledgers() -> tuple[FundLedger, ...]:
    events = load_fund_events(
        (EXAMPLE / "fund_events.jsonl").read_text(encoding="utf-8")
    )
    return fund_ledger(_agreement(), events, as_of=AS_OF)


Format = Literal["markdown", "html", "text"]

#: One sentence of the fund terms and the ledger's title, per language.
WORDS = {
    "en": ("A claim is due within 60 days after its activity ends.", "Fund ledger"),
    "de": ("Eine Abrechnung ist innerhalb von 60 Tagen nach Ende der Maßnahme fällig.", "Fondsbuch"),
    "fr": ("Une réclamation doit être déposée dans les 60 jours suivant la fin de l’activité.", "Grand livre du fonds"),
    "es": ("Una reclamación debe presentarse en el plazo de 60 días tras el fin de la actividad.", "Libro mayor del fondo"),
    "ja": ("請求は活動終了後60日以内に行う必要があります。", "資金台帳"),
}  # fmt: skip


class TestFundDocuments:
    """Each language states the fund's terms and titles the ledger in its own words."""

    @pytest.mark.parametrize("locale", sorted(WORDS))
    def test_terms(self, locale: str) -> None:
        """The agreement document words the claim deadline in the locale's language."""
        sentence, _ = WORDS[locale]
        assert sentence in render(_agreement(), locale=locale)

    def test_in_a_notebook(self) -> None:
        """In a notebook cell a ledger shows its document, HTML or Markdown."""
        (ledger,) = _ledgers()

        assert (in_a_cell(render(ledger, format="html")), render(ledger)) == (
            ledger._repr_html_(),
            ledger._repr_markdown_(),
        )
        assert ledger._repr_markdown_().startswith("# Fund ledger")

    @pytest.mark.parametrize("locale", sorted(WORDS))
    def test_ledger(self, locale: str) -> None:
        """The ledger document has the title, the fund and every request."""
        _, title = WORDS[locale]
        text = render(_ledgers(), locale=locale)
        assert text.startswith(f"# {title}")
        for ref in ("R-101", "R-102", "R-103"):
            assert f"`{ref}`" in text

    def test_remaining_and_what_the_rules_would_find(self) -> None:
        """What can still be approved, and each request's late claim or missing proof.

        The document left out what the command line shows: 95,000 still to
        approve (nothing accrued: no observations here), R-102 claimed
        without proof and R-103 claimed late.
        """
        text = render(_ledgers()[0], format="markdown")
        lines = text.splitlines()
        header = next(line for line in lines if line.startswith("| Window"))
        term = next(line for line in lines if line.startswith("| term"))

        cells = dict(
            zip(
                (cell.strip() for cell in header.split("|")),
                (cell.strip() for cell in term.split("|")),
                strict=True,
            )
        )
        assert "€95,000.00" == cells["Remaining"]
        notes = {
            line.split("|")[1].strip(): line.split("|")[-2].strip()
            for line in lines
            if line.startswith("| `R-")
        }
        assert {"`R-101`": "–", "`R-102`": "no proof", "`R-103`": "late"} == notes

    def test_ledger_amounts(self) -> None:
        """English money and shares: 130,000 available, 12,000 paid, 9.2% used."""
        text = render(_ledgers()[0], format="markdown")
        assert "€130,000.00" in text
        assert "9.2%" in text

    def test_plain_text_never_cuts_a_word(self) -> None:
        """An amount is whole on its line, however wide the table, in every locale.

        The ledger's window table is wider than 78 columns: its widest
        column was shrunk until ``€120,000.00`` showed as ``€120,0`` above
        ``00.00``.
        """
        log = load_observations(
            (EXAMPLE / "observations.jsonl").read_text(encoding="utf-8")
        )
        events = load_fund_events(
            (EXAMPLE / "fund_events.jsonl").read_text(encoding="utf-8")
        )
        ledgers = fund_ledger(
            _agreement(), events, as_of=dt.date(2026, 2, 12), observations=log
        )
        card = evaluate(_agreement(), log, as_of=AS_OF)

        text = render(ledgers, format="text")
        board = render(card, format="text")

        assert {"€120,000.00", "€5,030.20", "€125,030.20"} <= set(text.split())
        assert "FY2027-M10" in board.split()
        for locale in ("de", "fr", "es", "ja"):
            # Every amount of the Markdown tables (which never wrap) is on
            # one line of the plain text.
            cells = {
                cell.strip()
                for line in render(ledgers, locale=locale).splitlines()
                if line.startswith("|")
                for cell in line.split("|")
                if "€" in cell and " " not in cell.strip()
            }
            plain = render(ledgers, format="text", locale=locale)
            assert cells
            assert [] == [cell for cell in cells if cell not in plain]

    def test_no_funds(self) -> None:
        """An agreement without funds has no fund section."""
        agreement = _agreement()
        plain = agreement.amend(
            allocations=tuple(a for a in agreement.allocations if a.fund is None)
        )
        assert "Market development funds" not in render(plain)


#: Who draws on the fund, by the side that provides it, per language.
DRAWERS = {
    "en": ("as a fund that the partner side draws on", "as a fund that the vendor side draws on"),
    "de": ("aus dem die Partnerseite per Antrag", "aus dem die Anbieterseite per Antrag"),
    "fr": ("que le côté partenaire utilise", "que le côté fournisseur utilise"),
    "es": ("que el lado del socio utiliza", "que el lado del proveedor utiliza"),
    "ja": ("パートナー側が申請と請求によって利用する", "ベンダー側が申請と請求によって利用する"),
}  # fmt: skip


class TestFundDrawer:
    """The terms name the side that draws on a fund: the other side from its provider."""

    @pytest.mark.parametrize("locale", sorted(DRAWERS))
    def test_each_side_provides(self, locale: str) -> None:
        """Acme's (the vendor's) fund is drawn on by the partner side; the same fund given by Globex, by the vendor side.

        A partner's fund read "a fund that partners draw on", naming the
        provider as its own beneficiary.
        """
        by_vendor, by_partner = DRAWERS[locale]
        agreement = _agreement()
        fund, *others = agreement.allocations
        swapped = agreement.amend(
            allocations=(attrs.evolve(fund, party="globex"), *others)
        )

        vendors = render(agreement, locale=locale)
        partners = render(swapped, locale=locale)

        assert (True, False) == (by_vendor in vendors, by_partner in vendors)
        assert (False, True) == (by_vendor in partners, by_partner in partners)


def _quarter_points() -> Agreement:
    """The example with an accrual of 1.25 % and a co-funding share of 33.33 %."""
    agreement = _agreement()
    mdf, *rest = agreement.allocations
    assert mdf.fund is not None
    assert mdf.fund.accrual is not None
    fund = attrs.evolve(
        mdf.fund,
        accrual=attrs.evolve(mdf.fund.accrual, rate=Decimal("0.0125")),
        co_funding=Decimal("0.3333"),
    )
    return agreement.amend(allocations=(attrs.evolve(mdf, fund=fund), *rest))


def _unwrapped(text: str) -> str:
    """Join the lines plain text wraps, and drop the escapes Markdown adds."""
    return re.sub(r"[ \n]+", " ", text).replace("\\", "")


#: The accrual rate and the co-funding share as each language writes them.
AGREED = {
    "en": ("1.25%", "33.33%"),
    "de": ("1,25\xa0%", "33,33\xa0%"),
    "fr": ("1,25\xa0%", "33,33\xa0%"),
    "es": ("1,25\xa0%", "33,33\xa0%"),
    "ja": ("1.25%", "33.33%"),
}


class TestAgreedFundTerms:
    """A fund's accrual rate and co-funding share are stated as agreed, every digit."""

    @pytest.mark.parametrize("locale", sorted(AGREED))
    @pytest.mark.parametrize("form", ["markdown", "html", "text"])
    def test_rate_and_share_in_full(self, locale: str, form: Format) -> None:
        """1.25 % accrues and the fund pays at most 33.33 %: not 1.2 % and 33.3 %."""
        rate, share = AGREED[locale]
        text = _unwrapped(render(_quarter_points(), locale=locale, format=form))

        assert (True, True) == (rate in text, share in text)

    def test_english_sentences(self) -> None:
        """The English sentences carry the agreed figures."""
        text = _unwrapped(render(_quarter_points(), format="text"))

        assert "1.25% of partner-sourced revenue accrues to it" in text
        assert "The fund pays at most 33.33% of an activity's cost." in text


#: What the ledgers of an agreement without funds say, per language.
NO_FUNDS = {
    "en": "No funds: no allocation of the agreement has a fund.",
    "de": "Keine Fonds: Keine Zuteilung der Vereinbarung hat einen Fonds.",
    "fr": "Aucun fonds : aucune allocation de l’accord n’a de fonds.",
    "es": "No hay fondos: ninguna asignación del acuerdo tiene un fondo.",
    "ja": "資金はありません。この契約のどの割り当てにも資金はありません。",
}


class TestNoLedgers:
    """The ledgers of an agreement without funds, an empty tuple, say there are none."""

    @pytest.mark.parametrize("locale", sorted(NO_FUNDS))
    @pytest.mark.parametrize("form", ["markdown", "html", "text"])
    def test_says_so(
        self, locale: str, form: Literal["markdown", "html", "text"]
    ) -> None:
        """The document has its title and one sentence, as the command line says."""
        agreement = _agreement()
        plain = agreement.amend(
            allocations=tuple(a for a in agreement.allocations if a.fund is None)
        )
        ledgers = fund_ledger(plain, [], as_of=AS_OF)
        document = render(ledgers, locale=locale, format=form)

        assert () == ledgers
        assert NO_FUNDS[locale] in document.replace("\xa0", " ")

    def test_a_list_is_refused(self) -> None:
        """A list is not the tuple fund_ledger returns: a TypeError, empty or not."""
        with pytest.raises(TypeError) as empty:
            render([])  # type: ignore[arg-type]
        with pytest.raises(TypeError) as ledgers:
            render(list(_ledgers()))  # type: ignore[arg-type]

        assert (
            f"{TAKES}, got an empty list: pass tuple(ledgers)",
            f"{TAKES}, got a list of FundLedger: pass tuple(ledgers)",
        ) == (str(empty.value), str(ledgers.value))

    def test_a_tuple_of_anything_else_is_refused(self) -> None:
        """Only ledgers come in a tuple: the message said "or a tuple of them".

        It then refused the tuple of an agreement it seemed to offer.
        """
        with pytest.raises(TypeError) as agreements:
            render((_agreement(),))  # type: ignore[arg-type]
        with pytest.raises(TypeError) as mixed:
            render((*_ledgers(), _agreement()))  # type: ignore[arg-type]

        assert (
            f"{TAKES}, got a tuple of Agreement: render each item on its own",
            f"{TAKES}, got a tuple of FundLedger, Agreement: render each item on its own",
        ) == (str(agreements.value), str(mixed.value))


#: What render says it takes, first in each refusal of what it does not.
TAKES = (
    "render() takes an Agreement, a Scorecard, a Report, an ExceptionReport, "
    "a FundLedger or a tuple of FundLedger (as fund_ledger returns)"
)


class TestScorecardWithFunds:
    """A scorecard evaluated with the fund log shows each fund's ledger."""

    @pytest.mark.parametrize("locale", ["en", "ja"])
    def test_ledger_on_the_scorecard(self, locale: str) -> None:
        """The scorecard document ends with the fund and its requests."""
        events = load_fund_events(
            (EXAMPLE / "fund_events.jsonl").read_text(encoding="utf-8")
        )
        observations = load_observations(
            (EXAMPLE / "observations.jsonl").read_text(encoding="utf-8")
        )
        card = evaluate(_agreement(), observations, as_of=AS_OF, fund_events=events)

        text = render(card, locale=locale)
        with_log = text[text.index("acme-mdf-budget") :]

        assert "`R-103`" in with_log
        assert "acme-mdf-budget" not in render(
            evaluate(_agreement(), observations, as_of=AS_OF), locale=locale
        )


class TestLedgerWords:
    """The ledger writes dates, parties and notes as the rest of the documents do."""

    @staticmethod
    def _rows(text: str) -> dict[str, list[str]]:
        return {
            cells[0]: cells
            for line in text.splitlines()
            if line.startswith("| `R-")
            for cells in [[cell.strip() for cell in line.strip("|").split(" | ")]]
        }

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [("en", "Dec 7, 2026"), ("de", "07.12.2026"), ("ja", "2026/12/07")],
    )
    def test_claim_deadline_in_the_table_form(self, locale: str, expected: str) -> None:
        """A claim deadline in the requests table is the medium date form."""
        text = render(_ledgers()[0], locale=locale, format="markdown")

        assert expected == self._rows(text)["`R-102`"][8]

    @pytest.mark.parametrize(
        ("locale", "heading", "accepted"),
        [("en", "Accepted", "€12,000.00"), ("de", "Anerkannt", "12.000,00\u00a0€")],
    )
    def test_what_the_decision_accepted(
        self, locale: str, heading: str, accepted: str
    ) -> None:
        """R-101's claim decision accepted 12 000; R-102 has none yet."""
        text = render(_ledgers()[0], locale=locale, format="markdown")
        rows = self._rows(text)

        assert heading in text
        assert (accepted, "\u2013") == (rows["`R-101`"][6], rows["`R-102`"][6])

    def test_provided_by_the_party_name(self) -> None:
        """On the scorecard the fund's party is named, not given by its id."""
        events = load_fund_events(
            (EXAMPLE / "fund_events.jsonl").read_text(encoding="utf-8")
        )
        observations = load_observations(
            (EXAMPLE / "observations.jsonl").read_text(encoding="utf-8")
        )
        card = evaluate(_agreement(), observations, as_of=AS_OF, fund_events=events)

        assert "- **Bereitgestellt von:** Acme Software" in render(card, locale="de")

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("en", "late and no proof"),
            ("de", "verspätet und ohne Nachweis"),
            ("fr", "en retard et sans justificatif"),
            ("ja", "期限超過、証憑なし"),
        ],
    )
    def test_notes_as_a_list(self, locale: str, expected: str) -> None:
        """A late claim without proof has both notes, joined as the language lists."""
        (ledger,) = _ledgers()
        requests = tuple(
            attrs.evolve(r, proof=()) if r.ref == "R-103" else r
            for r in ledger.requests
        )
        ledger = attrs.evolve(ledger, requests=requests)

        text = render(ledger, locale=locale, format="markdown")

        assert expected == self._rows(text)["`R-103`"][-1]


class TestTheLedgerAddsUp:
    """A window's row reads allocated + accrued + granted = available, to the cent shown."""

    @pytest.mark.parametrize(
        ("locale", "cells"),
        [
            ("en", ["€8,444.44", "€15.43", "€0.00", "€8,459.87"]),
            (
                "de",
                ["8.444,44\u00a0€", "15,43\u00a0€", "0,00\u00a0€", "8.459,87\u00a0€"],
            ),
        ],
    )
    def test_a_clipped_quarter_and_an_accrual(
        self, locale: str, cells: list[str]
    ) -> None:
        """10 000 a quarter for 76 of its 90 days and 1.25 % of 1 234.52, not 8,459.88."""
        agreement = _agreement()
        (mdf, *others) = agreement.allocations
        assert mdf.fund is not None
        assert mdf.fund.accrual is not None
        fund = attrs.evolve(
            mdf.fund,
            expiry="fiscal_year",
            accrual=attrs.evolve(mdf.fund.accrual, rate=Decimal("0.0125"), cap=None),
        )
        plan = attrs.evolve(
            agreement,
            signatures=(),
            start=dt.date(2026, 1, 15),
            fiscal_calendar=attrs.evolve(agreement.fiscal_calendar, start_month=4),
            allocations=(
                attrs.evolve(
                    mdf,
                    amount=attrs.evolve(mdf.amount, amount=Decimal(10000)),
                    fund=fund,
                ),
                *others,
            ),
        )
        revenue = load_observations(
            '{"metric": "partner-revenue", "at": "2026-02-10", "value": "1234.52", '
            '"dims": {"party": "globex"}}\n'
        )
        ledgers = fund_ledger(
            plan, (), as_of=dt.date(2026, 3, 31), observations=revenue
        )

        text = render(ledgers, locale=locale, format="markdown")
        (row,) = [line for line in text.splitlines() if line.startswith("| `FY2026`")]

        assert cells == [cell.strip() for cell in row.strip("|").split("|")][1:5]
