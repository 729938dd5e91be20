"""The written agreement a partner manager reads and signs, and its scorecard's cues."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.kpi import Scorecard, evaluate
from mutualcommit.model import (
    Aggregation,
    Agreement,
    Direction,
    Metric,
    Observation,
    Period,
    Quantity,
    Remedy,
    Signature,
    Step,
    Target,
)
from mutualcommit.render import render
from mutualcommit.serialize import load_fund_events, load_observations, loads

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

Small = Callable[..., Agreement]
Format = Literal["markdown", "html", "text"]
Rows = Callable[[str, str], list[list[str]]]


def _section(markdown: str, heading: str) -> list[str]:
    """Return the non-empty lines of the level-2 section *heading*."""
    lines = markdown.splitlines()
    start = lines.index(f"## {heading}") + 1
    end = next(
        (i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines)
    )
    return [line for line in lines[start:end] if line]


class TestWholeCounts:
    """A pro-rated count target reads as the whole count that meets it."""

    def test_at_least_rounds_up(
        self, it_agreement: Agreement, table_rows: Rows
    ) -> None:
        """24 * 31/92 = 8.09 reads 9 (8 would miss it); 36 * 61/92 = 23.87 reads 24."""
        markdown = render(it_agreement)
        assert (
            ["`FY2026-Q4`", "Jan 1 – 31, 2026", "9 (pro-rated)"],
            ["`FY2027-Q4`", "Nov 1 – Dec 31, 2026", "24 (pro-rated)"],
        ) == (
            table_rows(markdown, "`FY2026-Q4`")[0],
            table_rows(markdown, "`FY2027-Q4`")[0],
        )
        assert (
            "Pro-rated counts are rounded up to the whole number that meets the "
            "target; the target itself stays exact."
        ) in markdown.splitlines()

    def test_at_most_rounds_down(self, small: Small, table_rows: Rows) -> None:
        """At most 10 a quarter from 5 January: 10 * 86/90 = 9.56 reads 9."""
        target = Target(
            metric="opps",
            value=Decimal(10),
            direction=Direction.AT_MOST,
            per=Period.QUARTER,
        )
        goal = attrs.evolve(small().goals[0], target=target)
        markdown = render(small(goals=(goal,)))
        assert ["`FY2026-Q1`", "Jan 5 – Mar 31, 2026", "9 (pro-rated)"] == table_rows(
            markdown, "`FY2026-Q1`"
        )[0]
        assert (
            "Pro-rated counts are rounded down to the whole number that keeps "
            "within the limit; the limit itself stays exact."
        ) in markdown.splitlines()

    def test_scorecard_keeps_the_arithmetic(
        self, it_scorecard: Scorecard, table_rows: Rows
    ) -> None:
        """The closed quarter's target and expected, both exactly 8.09, read 9 and 9 (74.2% = 6/8.09).

        They read 9 and 8: the expected count was rounded half up.
        """
        window = it_scorecard.goal("co-sell-opportunities").window("FY2026-Q4")
        markdown = render(it_scorecard)
        rows = table_rows(markdown, "`FY2026-Q4`")
        assert (True, window.target) == (window.closed, window.expected)
        assert ["`FY2026-Q4`", "9", "6", "9", "74.2%", "\u2717\xa0missed"] == rows[0]
        assert (
            "Count targets and expected counts are shown as the whole number that "
            "meets them (rounded up for “at least”, down for “at most”); "
            "attainment and standing use the exact values."
        ) in markdown.splitlines()

    @pytest.mark.parametrize(
        ("direction", "as_of", "row"),
        [
            # 6 x 50/91 = 3.30 expected: 3 falls short of it (at risk), so
            # it reads 4, not 3 beside an actual of 3.
            (
                Direction.AT_LEAST,
                dt.date(2026, 5, 20),
                ["`FY2026-Q2`", "6", "3", "4", "50%"],
            ),
            # 6 x 55/91 = 3.63 at most: 4 is past it (at risk), so it reads
            # 3, not 4 beside an actual of 4.
            (
                Direction.AT_MOST,
                dt.date(2026, 5, 25),
                ["`FY2026-Q2`", "6", "4", "3", "150%"],
            ),
        ],
    )
    def test_an_open_expected_count_reads_as_the_count_that_meets_it(
        self,
        small: Small,
        table_rows: Rows,
        direction: Direction,
        as_of: dt.date,
        row: list[str],
    ) -> None:
        """A whole actual at or past the expected count shown is on pace, one short of it is not."""
        target = Target(
            metric="opps", value=Decimal(6), direction=direction, per=Period.QUARTER
        )
        agreement = small(goals=(attrs.evolve(small().goals[0], target=target),))
        count = int(row[2])
        log = [Observation("opps", dt.date(2026, 4, 10), Decimal(1))] * count

        card = evaluate(agreement, log, as_of=as_of)
        cells = table_rows(render(card), "`FY2026-Q2`")[0]

        assert row == cells[:5]
        assert cells[5].endswith("at risk")

    @given(
        value=st.decimals(min_value=Decimal("0.5"), max_value=Decimal(300), places=2),
        direction=st.sampled_from(list(Direction)),
        per=st.sampled_from([Period.WEEK, Period.MONTH, Period.QUARTER]),
        days=st.lists(st.integers(0, 360), max_size=40),
        as_of=st.integers(0, 365),
    )
    def test_shown_counts_say_what_the_exact_ones_do(
        self,
        small: Small,
        table_rows: Rows,
        value: Decimal,
        direction: Direction,
        per: Period,
        days: list[int],
        as_of: int,
    ) -> None:
        """A closed window's expected reads as its target; a whole actual meets the shown expected exactly when it meets the exact one."""
        target = Target(metric="opps", value=value, direction=direction, per=per)
        agreement = small(goals=(attrs.evolve(small().goals[0], target=target),))
        start = agreement.start
        log = [
            Observation("opps", start + dt.timedelta(days=d), Decimal(1)) for d in days
        ]

        card = evaluate(agreement, log, as_of=start + dt.timedelta(days=as_of))
        markdown = render(card)

        for window in card.goal("pipeline").windows:
            cells = table_rows(markdown, f"`{window.label}`")[0]
            shown = Decimal(cells[3])
            if window.closed:
                assert cells[1] == cells[3]
            actual = window.actual
            assert actual is not None
            if direction is Direction.AT_LEAST:
                assert (actual >= shown) == (actual >= window.expected)
            else:
                assert (actual <= shown) == (actual <= window.expected)


class TestTargetInTheTerm:
    """A target is written as it applies in the term, as its windows ask it."""

    @staticmethod
    def _renewed(year_one: Agreement, *extra: Step) -> Agreement:
        """Year one carried into 2027: co-selling raised to 40, the 2026 ramp left in."""
        goal = year_one.goal("co-sell-opportunities")
        assert goal.target is not None
        target = attrs.evolve(
            goal.target,
            value=Decimal(40),
            baseline=Decimal(36),
            steps=(*goal.target.steps, *extra),
        )
        raised = attrs.evolve(goal, target=target)
        return year_one.renew(
            "acme-globex-2027",
            start=dt.date(2027, 1, 1),
            end=dt.date(2027, 12, 31),
            goals=[raised if g.id == goal.id else g for g in year_one.goals],
        )

    def test_steps_before_the_start(
        self, it_agreement: Agreement, table_rows: Rows
    ) -> None:
        """The 2026 step's 36 is what every quarter asks: no 40, no 2026 date."""
        markdown = render(self._renewed(it_agreement))

        assert (
            "- **Target:** at least 36 co-selling opportunities registered each "
            "fiscal quarter; baseline: 36"
        ) in markdown.splitlines()
        assert ["`FY2028-Q1`", "Feb 1 – Apr 30, 2027", "36"] == table_rows(
            markdown, "`FY2028-Q1`"
        )[0]

    def test_steps_inside_and_after(self, it_agreement: Agreement) -> None:
        """A step inside the term is written, one after its end is not."""
        renewed = self._renewed(
            it_agreement,
            Step(starting=dt.date(2027, 5, 1), value=Decimal(42)),
            Step(starting=dt.date(2028, 2, 1), value=Decimal(48)),
        )

        markdown = render(renewed, locale="de")

        assert (
            "- **Vorgabe:** mindestens 36 Co-selling opportunities registered je "
            "Geschäftsquartal; ab 1. Mai 2027: 42; Ausgangswert: 36"
        ) in markdown.splitlines()

    def test_scorecard(self, it_agreement: Agreement) -> None:
        """The scorecard words the target as its windows evaluate it."""
        card = evaluate(self._renewed(it_agreement), [], as_of=dt.date(2027, 3, 1))

        assert (
            "- **Target:** at least 36 co-selling opportunities registered each "
            "fiscal quarter; baseline: 36"
        ) in render(card).splitlines()


class TestMetricNames:
    """A metric's name reads as a word inside a sentence."""

    def test_lower_case_in_english(self, it_agreement: Agreement) -> None:
        """English lower-cases a title-cased name mid-sentence; a leading name keeps its capital."""
        markdown = render(it_agreement)
        assert (
            "- **Target:** at least 24 co-selling opportunities registered each "
            "fiscal quarter; from May 1, 2026: 30; from August 1, 2026: 36; baseline: 18"
        ) in markdown.splitlines()
        assert (
            "- **Target:** Partner-sourced revenue: at least €400,000.00 each fiscal "
            "quarter; baseline: €300,000.00"
        ) in markdown.splitlines()

    def test_proper_names_and_acronyms_keep_capitals(self, small: Small) -> None:
        """A name starting with a party's name or an acronym keeps its capital."""
        metrics = (
            Metric(
                id="opps",
                name="Acme-certified reps",
                unit="count",
                aggregation=Aggregation.COUNT,
            ),
            Metric(
                id="mdf", name="MDF claims", unit="count", aggregation=Aggregation.COUNT
            ),
        )
        goal = small().goals[0]
        assert goal.target is not None
        mdf = attrs.evolve(
            goal,
            id="claims",
            title="Claims",
            target=attrs.evolve(goal.target, metric="mdf"),
        )
        markdown = render(small(metrics=metrics, goals=(goal, mdf)))
        assert (
            "at least 6 Acme-certified reps each fiscal quarter",
            "at least 6 MDF claims each fiscal quarter",
        ) == tuple(
            line.removeprefix("- **Target:** ")
            for line in markdown.splitlines()
            if line.startswith("- **Target:** at least 6")
        )

    @pytest.mark.parametrize("locale", ["en", "tr", "tr_TR", "fr"])
    def test_dotted_capital_i_kept(self, small: Small, locale: str) -> None:
        """A name starting with Turkish İ keeps it, never gaining a combining dot."""
        metric = Metric(
            id="exports",
            name="İhracat fırsatları",
            unit="count",
            aggregation=Aggregation.COUNT,
        )
        goal = small().goals[0]
        assert goal.target is not None
        target = attrs.evolve(goal.target, metric="exports")
        agreement = small(metrics=(metric,), goals=(attrs.evolve(goal, target=target),))

        text = render(agreement, locale=locale)

        assert " 6 İhracat fırsatları " in text
        assert "\u0307" not in text

    def test_german_keeps_nouns_capitalised(self, it_agreement: Agreement) -> None:
        """German writes nouns with a capital, and a vendor is an Anbieter."""
        markdown = render(it_agreement, locale="de")
        assert "mindestens 24 Co-selling opportunities registered" in markdown
        assert "| **Acme Software** | Anbieter | `acme` |" in markdown.splitlines()
        assert "Hersteller" not in markdown

    def test_every_sentence_lower_cases_alike(self, it_agreement: Agreement) -> None:
        """A remedy, a fund's accrual and its return read the name as the incentive does."""
        remedy = Remedy(
            id="shortfall",
            title="Shortfall credit",
            payer="globex",
            beneficiary="acme",
            goal="partner-revenue",
            rate=Decimal("0.0125"),
            of="partner-revenue",
            cap=Quantity(amount=Decimal(5000), unit="EUR"),
        )
        agreement = attrs.evolve(it_agreement, remedies=(remedy,))
        for locale, rebate, owed, accrues, measured in (
            (
                "en",
                "Acme Software pays Globex Solutions 2% of partner-sourced revenue of that quarter.",
                (
                    "Globex Solutions owes Acme Software 1.25% of partner-sourced revenue "
                    "of that quarter."
                ),
                (
                    "- 2% of partner-sourced revenue accrues to it each fiscal quarter, "
                    "at most €5,000.00 each time."
                ),
                "- Its return on investment is measured in partner-sourced revenue.",
            ),
            (
                "fr",
                (
                    "Acme Software verse à Globex Solutions 2\xa0% de partner-sourced "
                    "revenue de ce trimestre."
                ),
                (
                    "Globex Solutions doit à Acme Software 1,25\xa0% de partner-sourced "
                    "revenue de ce trimestre."
                ),
                (
                    "- 2\xa0% de partner-sourced revenue s’y ajoutent par trimestre "
                    "fiscal, au plus 5\u202f000,00\xa0€ à chaque fois."
                ),
                "- Son retour sur investissement se mesure en partner-sourced revenue.",
            ),
            (
                "es",
                (
                    "Acme Software paga a Globex Solutions el 2\xa0% de partner-sourced "
                    "revenue de ese trimestre."
                ),
                (
                    "Globex Solutions adeuda a Acme Software el 1,25\xa0% de "
                    "partner-sourced revenue de ese trimestre."
                ),
                (
                    "- Se le suma el 2\xa0% de partner-sourced revenue cada trimestre "
                    "fiscal, como máximo 5.000,00\xa0€ cada vez."
                ),
                "- Su retorno de la inversión se mide en partner-sourced revenue.",
            ),
        ):
            lines = render(agreement, locale=locale).splitlines()
            assert [True, True] == [
                any(line.endswith(rebate) for line in lines),
                any(line.endswith(owed) for line in lines),
            ], locale
            assert {accrues, measured} <= set(lines), locale

    def test_computed_metrics_name_their_sides_as_words(self) -> None:
        """A computed metric's inputs read as words inside its phrase; a ratio's formula keeps them."""
        agreement = loads(
            (EXAMPLES / "manufacturer" / "agreement.json").read_text("utf-8")
        )
        cells = {
            row[0]: row[2]
            for row in (
                [cell.strip() for cell in line.strip("|").split(" | ")]
                for line in render(agreement).splitlines()
                if line.startswith("| **")
            )
        }
        assert [
            (
                "forecast accuracy (1 - WMAPE) of weekly demand forecast against units "
                "sold through; lag: 1, bucket: week"
            ),
            "Units shipped ÷ Units ordered",
            (
                "orders (units ordered) delivered (units shipped) on time and in full, "
                "1 day's grace"
            ),
            "mean days from order (units ordered) to full delivery (units shipped)",
        ] == [
            cells["**Forecast accuracy**"],
            cells["**Fill rate**"],
            cells["**Orders on time and in full**"],
            cells["**Delivery lead time**"],
        ]


class TestSignatureBlock:
    """A party without a current signature gets lines to sign on."""

    def test_unsigned_draft(self, small: Small) -> None:
        """A draft has a name, title, date and signature line for each party."""
        blank = r"\_" * 32
        section = _section(render(small()), "Signatures")
        start = section.index(
            "By signing below, each party agrees to the terms with the fingerprint above."
        )
        assert [
            "### For Acme Software (vendor)",
            f"- **Name:** {blank}",
            f"- **Title:** {blank}",
            f"- **Date:** {blank}",
            f"- **Signature:** {blank}",
            "### For Globex Solutions (partner)",
            f"- **Name:** {blank}",
            f"- **Title:** {blank}",
            f"- **Date:** {blank}",
            f"- **Signature:** {blank}",
        ] == section[start + 1 :]

    def test_partly_signed_and_stale(self, small: Small) -> None:
        """A valid signature needs no lines; a stale one does, as does a missing one."""
        agreement = small()
        valid = Signature(
            party="acme",
            signed_by="Dana Whitfield",
            signed_on=dt.date(2025, 12, 10),
            fingerprint=agreement.fingerprint(),
        )
        headings = [
            line
            for line in _section(render(small(signatures=(valid,))), "Signatures")
            if line.startswith("### ")
        ]
        stale = attrs.evolve(valid, party="globex", fingerprint="sha256:" + "0" * 64)
        stale_headings = [
            line
            for line in _section(render(small(signatures=(valid, stale))), "Signatures")
            if line.startswith("### ")
        ]
        assert (
            ["### For Globex Solutions (partner)"],
            ["### For Globex Solutions (partner)"],
        ) == (headings, stale_headings)

    @pytest.mark.parametrize(
        ("locale", "statuses"),
        [
            ("fr", ["valide", "périmée", "non signée"]),
            ("es", ["válida", "obsoleta", "sin firmar"]),
            ("de", ["gültig", "veraltet", "nicht unterschrieben"]),
        ],
    )
    def test_statuses_agree_with_the_signature(
        self, small: Small, table_rows: Rows, locale: str, statuses: list[str]
    ) -> None:
        """French "valide", "périmée" and "non signée" all speak of *la signature*."""
        agreement = small(
            parties=(
                *small().parties,
                attrs.evolve(small().parties[1], id="initech", name="Initech"),
            ),
            version=2,
        )
        valid = Signature(
            party="acme",
            signed_by="Dana Whitfield",
            signed_on=dt.date(2025, 12, 10),
            fingerprint=agreement.fingerprint(),
        )
        stale = attrs.evolve(
            valid, party="globex", fingerprint="sha256:" + "0" * 64, version=1
        )
        markdown = render(
            attrs.evolve(agreement, signatures=(valid, stale)), locale=locale
        )

        assert statuses == [
            table_rows(markdown, f"**{name}**")[-1][-1]
            for name in ("Acme Software", "Globex Solutions", "Initech")
        ]

    def test_signed_has_no_lines(self, it_agreement: Agreement) -> None:
        """Both parties signed these terms: no block to sign on."""
        assert "By signing below" not in render(it_agreement)

    @pytest.mark.parametrize(
        ("locale", "form", "expected"),
        [
            ("de", "text", "Unterschrift: ________________________________"),
            ("fr", "text", "Signature\xa0: ________________________________"),
            ("es", "text", "Firma:  ________________________________"),
            ("ja", "text", "署名\uff1a"),
            ("en", "html", '<dt>Signature</dt><dd><span class="blank"></span></dd>'),
        ],
    )
    def test_every_form_and_language(
        self, small: Small, locale: str, form: Format, expected: str
    ) -> None:
        """The signature line is there in each language and form."""
        document = render(small(), locale=locale, format=form)
        assert expected in document


class TestStandingCues:
    """Each standing has a symbol, kept in every form, and a colour in HTML."""

    def test_legend(self, it_scorecard: Scorecard) -> None:
        """The scorecard explains its symbols under the summary."""
        assert (
            "Key to standings: ✓\xa0met · ●\xa0on track · ◔\xa0early · ▲\xa0at risk "
            "· ▼\xa0off track · ✗\xa0missed · ○\xa0not started · ?\xa0no data"
        ) in render(it_scorecard).splitlines()

    def test_html_colours_with_the_symbol(self, it_scorecard: Scorecard) -> None:
        """HTML gives each standing a tone class around its symbol and word."""
        html = render(it_scorecard, format="html")
        assert '<td><span class="bad">✗\xa0missed</span></td>' in html
        assert '<span class="warn">▲\xa0at risk</span>' in html
        assert ".mutualcommit .bad { color: #b42318; }" in html

    def test_text_and_japanese(self, it_scorecard: Scorecard) -> None:
        """Plain text keeps the symbol; Japanese translates the word beside it."""
        assert "Goals:                    ●\xa0on track: 3; ▲\xa0at risk: 3" in render(
            it_scorecard, format="text"
        )
        assert "✗\xa0未達" in render(it_scorecard, locale="ja", format="text")


class TestNarrowColumns:
    """Table cells wrap between words; only long tokens break anywhere."""

    def test_css(self, it_agreement: Agreement) -> None:
        """Cells break words only when one cannot fit, and hyphenate by language."""
        html = render(it_agreement, locale="de", format="html")
        assert '<html lang="de" dir="ltr">' in html
        assert "overflow-wrap: anywhere;" not in html.partition("code {")[0]
        assert "hyphens: auto;" in html
        assert '<div class="table"><table>' in html


class _Tables(HTMLParser):
    """Collect each table's caption and its cells as (tag, scope, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[tuple[str, str, str]]]]] = []
        self._caption: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(("", []))
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self.tables[-1][1].append([])
        elif tag in {"th", "td"}:
            self._cell = []
            self._tag, self._scope = tag, dict(attrs).get("scope") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None:
            self.tables[-1] = ("".join(self._caption), self.tables[-1][1])
            self._caption = None
        elif tag in {"th", "td"} and self._cell is not None:
            cell = (self._tag, self._scope, "".join(self._cell))
            self.tables[-1][1][-1].append(cell)
            self._cell = None

    def handle_data(self, data: str) -> None:
        for sink in (self._caption, self._cell):
            if sink is not None:
                sink.append(data)


def _tables(html: str) -> list[tuple[str, list[list[tuple[str, str, str]]]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


class TestAccessibleTables:
    """An HTML table has column headers, row headers and a name, as screen readers need."""

    def test_agreement(self, it_agreement: Agreement) -> None:
        """Headers are scoped, a row's key cell is its header, the section names the table."""
        tables = _tables(render(it_agreement, format="html"))
        caption, rows = tables[0]
        assert "Parties" == caption
        assert [
            [
                ("th", "col", "Party"),
                ("th", "col", "Role"),
                ("th", "col", "Identifier"),
            ],
            [("th", "row", "Acme Software"), ("td", "", "vendor"), ("td", "", "acme")],
            [
                ("th", "row", "Globex Solutions"),
                ("td", "", "partner"),
                ("td", "", "globex"),
            ],
        ] == rows
        captions = [caption for caption, _ in tables]
        assert [
            "Register more co-selling opportunities every quarter",
            "Vendor side",
            "Partner side",
            "Metrics",
            "Signatures",
        ] == [captions[1], captions[-4], captions[-3], captions[-2], captions[-1]]
        for caption, rows in tables:
            assert {("th", "col")} == {cell[:2] for cell in rows[0]}, caption
            # A party allocates more than once: its cell does not name the row.
            first = "td" if caption.endswith(" side") else "th"
            assert {first} == {row[0][0] for row in rows[1:]}, caption
            assert {"td"} == {cell[0] for row in rows[1:] for cell in row[1:]}, caption

    def test_scorecard_and_ledgers(self, it_agreement: Agreement) -> None:
        """The wide tables (windows, fund ledgers) have a header per row and a name."""
        folder = EXAMPLES / "it_vendor"
        scorecard = evaluate(
            it_agreement,
            load_observations((folder / "observations.jsonl").read_text("utf-8")),
            as_of=dt.date(2026, 9, 15),
            fund_events=load_fund_events(
                (folder / "fund_events.jsonl").read_text("utf-8")
            ),
        )
        tables = _tables(render(scorecard, format="html", locale="de"))
        assert all(caption for caption, _ in tables)
        assert all(
            ("th", "row") == row[0][:2] for _, rows in tables for row in rows[1:]
        )
        caption, rows = next(t for t in tables if t[1][0][1][2] == "Zugesagt")
        assert ("Fonds acme-mdf-budget", ("th", "row", "Laufzeit")) == (
            caption,
            rows[1][0],
        )

    def test_looks_the_same(self, it_agreement: Agreement) -> None:
        """A row header looks like a cell, the caption is hidden, and Markdown has neither."""
        html = render(it_agreement, format="html")
        assert ".mutualcommit tbody th { font-weight: inherit; }" in html
        assert ".mutualcommit thead th {\n  background: var(--tint);" in html
        assert "clip-path: inset(50%);" in html.partition(".mutualcommit caption {")[2]
        markdown = render(it_agreement)
        assert "| **Acme Software** | vendor | `acme` |" in markdown.splitlines()
        assert "caption" not in markdown
