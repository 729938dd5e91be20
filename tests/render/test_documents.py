import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest

from mutualcommit.kpi import (
    ExceptionReport,
    FundLedger,
    Observation,
    Scorecard,
    evaluate,
    exceptions,
)
from mutualcommit.model import (
    Aggregation,
    Agreement,
    Direction,
    Goal,
    Incentive,
    Metric,
    Period,
    Quantity,
    Review,
    ReviewKind,
    Step,
    Target,
    Tier,
)
from mutualcommit.render import Renderable, render
from mutualcommit.rules import Report, check

from .conftest import in_a_cell

Small = Callable[..., Agreement]
Rows = Callable[[str, str], list[list[str]]]


def _field(markdown: str, label: str) -> list[str]:
    """Return the values of every labelled row with *label*."""
    prefix = f"- **{label}:** "
    return [
        line[len(prefix) :] for line in markdown.splitlines() if line.startswith(prefix)
    ]


def _section(markdown: str, heading: str) -> list[str]:
    """Return the lines of the level-2 section *heading*."""
    lines = markdown.splitlines()
    start = lines.index(f"## {heading}") + 1
    end = next(
        (i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines)
    )
    return [line for line in lines[start:end] if line]


def _reviews(locale: str) -> str:
    """The heading of the reviews section in *locale*."""
    return {"en": "Reviews", "de": "Überprüfungen", "fr": "Revues"}[locale]


class TestAgreementDocument:
    """The agreement reads as the document both parties sign."""

    def test_targets_in_words(self, it_agreement: Agreement) -> None:
        """Targets read with their period, ramps, filter and baseline."""
        targets = _field(render(it_agreement), "Target")
        assert [
            (
                "at least 24 co-selling opportunities registered each fiscal quarter; "
                "from May 1, 2026: 30; from August 1, 2026: 36; baseline: 18"
            ),
            (
                "Partner-sourced revenue: at least €400,000.00 each fiscal quarter; "
                "baseline: €300,000.00"
            ),
            (
                "Partner-sourced revenue: at least €700,000.00 over the term; "
                "counting only observations with region = dach"
            ),
            (
                "Deal registration approval time: at most 3\xa0days each fiscal quarter; "
                "baseline: 6\xa0days"
            ),
        ] == targets[:4]

    def test_due_and_level_targets(self, small: Small) -> None:
        """A TERM target reads "by" its due day, a level one "at the end"."""
        at_most = Target(
            metric="opps",
            value=Decimal(2),
            direction=Direction.AT_MOST,
            due=dt.date(2026, 6, 30),
            steps=(Step(starting=dt.date(2026, 3, 1), value=Decimal(1)),),
        )
        agreement = small(goals=(Goal(id="pipeline", title="Few", target=at_most),))
        assert [
            "at most 2 co-selling opportunities by June 30, 2026; from March 1, 2026: 1"
        ] == _field(render(agreement), "Target")

    def test_windows_are_pro_rated(
        self, it_agreement: Agreement, table_rows: Rows
    ) -> None:
        """A clipped window of a count shows its pro-rated target."""
        rows = table_rows(render(it_agreement), "`FY2026-Q4`")
        assert ["`FY2026-Q4`", "Jan 1 – 31, 2026", "9 (pro-rated)"] == rows[0]

    def test_commitments_by_pillar(self, small: Small) -> None:
        """Each party's commitments are grouped under their pillar."""
        section = _section(render(small()), "Commitments")
        headings = [line for line in section if line.startswith("#")]
        assert [
            "### Acme Software (vendor)",
            "#### Enable",
            "### Globex Solutions (partner)",
            "#### Sell",
        ] == headings

    def test_capacity_is_never_printed(self, small: Small) -> None:
        """A party's capacity (987,654 EUR) appears in no format."""
        agreement = small()
        documents = [
            render(agreement, format=f, locale=loc)
            for f in ("markdown", "html", "text")
            for loc in ("en", "de")
        ]
        assert [] == [d for d in documents if "987" in d]

    def test_review_dates(self, small: Small) -> None:
        """Without as_of the whole schedule shows; with it the upcoming dates."""
        agreement = small()
        whole = _section(render(agreement), "Reviews")
        upcoming = _section(render(agreement, as_of=dt.date(2026, 4, 6)), "Reviews")
        assert (
            [
                "- **Schedule:** every 3 months on the 5th",
                "**Scheduled review dates**",
                "- January 5, 2026",
                "- April 5, 2026",
                "- July 5, 2026",
                "- October 5, 2026",
            ],
            ["**Upcoming review dates**", "- July 5, 2026", "- October 5, 2026"],
        ) == (whole, upcoming[1:])

    @pytest.mark.parametrize(
        ("locale", "line"),
        [
            ("en", "- **May 5, 2026**, ad hoc: attended by Acme Software"),
            ("de", "- **5\\. Mai 2026**, außerplanmäßig: Teilnehmer Acme Software"),
            (
                "fr",
                "- **5 mai 2026**, hors calendrier\u00a0: en présence d’Acme Software",
            ),
        ],
    )
    def test_ad_hoc_review(self, small: Small, locale: str, line: str) -> None:
        """A review held besides the schedule says so where the reviews held are listed."""
        agreement = small().record_review(
            Review(
                id="escalation",
                held_on=dt.date(2026, 5, 5),
                kind=ReviewKind.AD_HOC,
                attendees=("acme",),
            )
        )

        assert [line] == [
            text
            for text in _section(render(agreement, locale=locale), _reviews(locale))
            if "2026**" in text and text.startswith("- **")
        ]

    def test_long_schedule_is_counted(self, small: Small) -> None:
        """A weekly schedule lists twelve dates and counts the rest."""
        text = render(small(review_rule="FREQ=WEEKLY"))
        assert ["… and 40 more dates, to December 28, 2026"] == [
            line for line in _section(text, "Reviews") if line.startswith("…")
        ]

    def test_signatures(self, small: Small, table_rows: Rows) -> None:
        """A signature of the current terms is valid; one of amended terms stale."""
        signed = small().sign("acme", "Ada", dt.date(2025, 12, 1))
        amended = signed.amend(title="Acme and Globex 2026, amended").sign(
            "globex", "Gus", dt.date(2025, 12, 20)
        )
        text = render(amended)
        assert (
            [["**Acme Software**", "Ada", "Dec 1, 2025", "stale"]],
            [["**Globex Solutions**", "Gus", "Dec 20, 2025", "valid"]],
            [f"`{amended.fingerprint()}`"],
        ) == (
            table_rows(text, "**Acme Software**")[-1:],
            table_rows(text, "**Globex Solutions**")[-1:],
            _field(text, "Fingerprint of these terms"),
        )

    @pytest.mark.parametrize(
        ("locale", "status"),
        [
            ("en", "terms changed after signing"),
            ("de", "Bedingungen nach Unterschrift geändert"),
            ("ja", "署名後に条件変更"),
        ],
    )
    def test_terms_changed_after_signing(
        self, small: Small, table_rows: Rows, locale: str, status: str
    ) -> None:
        """Terms changed after signing without a new version are said to be, not called amended."""
        signed = small().sign("acme", "Ada", dt.date(2025, 12, 1))
        edited = attrs.evolve(signed, title="Acme and Globex 2026, edited")

        text = render(edited, locale=locale)

        assert status == table_rows(text, "**Acme Software**")[-1][-1]

    def test_unsigned_party(self, small: Small, table_rows: Rows) -> None:
        """A party that has not signed is listed as not signed."""
        text = render(small())
        assert ["**Globex Solutions**", "", "", "not signed"] == table_rows(
            text, "**Globex Solutions**"
        )[-1]

    def test_status(self, small: Small) -> None:
        """With as_of the document states the agreement's status that day."""
        text = render(small(), as_of=dt.date(2026, 3, 1), locale="de")
        assert "Stand am 1. März 2026: Entwurf" == text.splitlines()[4]

    def test_incentives(self, small: Small) -> None:
        """An incentive reads who pays whom, for what, by which tiers, of which one applies."""
        incentive = Incentive(
            id="rebate",
            title="Rebate",
            payer="acme",
            beneficiary="globex",
            goal="pipeline",
            tiers=(
                Tier(
                    threshold=Decimal(1),
                    amount=Quantity(amount=Decimal(500), unit="EUR"),
                ),
                Tier(threshold=Decimal("1.2"), rate=Decimal("0.02"), of="revenue"),
            ),
            cap=Quantity(amount=Decimal(2000), unit="EUR"),
        )
        revenue = Metric(
            id="revenue",
            name="Partner revenue",
            unit="EUR",
            aggregation=Aggregation.SUM,
        )
        agreement = small(metrics=(*small().metrics, revenue), incentives=(incentive,))
        section = _section(render(agreement), "Incentives")
        assert [
            "### Rebate",
            "- **Rewarded outcome:** the goal “Joint pipeline”",
            "- **Target:** at least 6 co-selling opportunities each fiscal quarter",
            (
                "* If the goal “Joint pipeline” reaches at least 100% of its quarterly "
                "target, Acme Software pays Globex Solutions €500.00 for that quarter."
            ),
            (
                "* If the goal “Joint pipeline” reaches at least 120% of its quarterly "
                "target, Acme Software pays Globex Solutions 2% of partner revenue of "
                "that quarter."
            ),
            (
                "Only the highest tier reached applies: Acme Software pays Globex "
                "Solutions what that tier pays, not the sum of the tiers reached."
            ),
            "In all, Acme Software pays at most €2,000.00 over the term.",
        ] == section

    @pytest.mark.parametrize(
        ("locale", "sentence"),
        [
            (
                "en",
                (
                    "If the goal “Register more co-selling opportunities every quarter” "
                    "reaches at least 100% of its quarterly target, Acme Software pays "
                    "Globex Solutions 2% of partner-sourced revenue of that quarter."
                ),
            ),
            (
                "de",
                (
                    "Wenn beim Ziel „Register more co-selling opportunities every "
                    "quarter“ mindestens 100\xa0% der Quartalsvorgabe erreicht werden, "
                    "zahlt Acme Software an Globex Solutions 2\xa0% von Partner-sourced "
                    "revenue dieses Quartals."
                ),
            ),
            (
                "fr",
                (
                    "Si l’objectif «\xa0Register more co-selling opportunities every "
                    "quarter\xa0» atteint au moins 100\xa0% de sa cible trimestrielle, "
                    "Acme Software verse à Globex Solutions 2\xa0% de partner-sourced "
                    "revenue de ce trimestre."
                ),
            ),
            (
                "es",
                (
                    "Si el objetivo «Register more co-selling opportunities every "
                    "quarter» alcanza al menos el 100\xa0% de su meta trimestral, "
                    "Acme Software paga a Globex Solutions el 2\xa0% de partner-sourced "
                    "revenue de ese trimestre."
                ),
            ),
            (
                "ja",
                (
                    "目標「Register more co-selling opportunities every quarter」が"
                    "四半期目標値の100%以上を達成した場合、Acme SoftwareはGlobex "
                    "Solutionsにその四半期のPartner-sourced revenueの2%を支払います。"
                ),
            ),
        ],
    )
    def test_incentive_in_every_language(
        self, it_agreement: Agreement, locale: str, sentence: str
    ) -> None:
        """The IT example's rebate reads as a sentence in each of the five languages."""
        assert f"* {sentence}" in render(it_agreement, locale=locale).splitlines()

    @pytest.mark.parametrize(
        ("target", "tier", "sentence"),
        [
            (
                Target(metric="opps", value=Decimal(6), direction=Direction.AT_LEAST),
                Tier(threshold=Decimal("1.05"), status="gold"),
                (
                    "If the goal “Joint pipeline” reaches at least 105% of its target "
                    "for the term, Acme Software grants Globex Solutions the status "
                    "“gold”."
                ),
            ),
            (
                Target(
                    metric="opps",
                    value=Decimal(6),
                    direction=Direction.AT_LEAST,
                    due=dt.date(2026, 6, 30),
                ),
                Tier(
                    threshold=Decimal(1),
                    amount=Quantity(amount=Decimal(5000), unit="EUR"),
                ),
                (
                    "If the goal “Joint pipeline” reaches at least 100% of its target "
                    "due June 30, 2026, Acme Software pays Globex Solutions €5,000.00."
                ),
            ),
            (
                Target(
                    metric="opps",
                    value=Decimal(2),
                    direction=Direction.AT_LEAST,
                    per=Period.MONTH,
                ),
                Tier(threshold=Decimal("0.9"), rate=Decimal("0.0125"), of="revenue"),
                (
                    "If the goal “Joint pipeline” reaches at least 90% of its monthly "
                    "target, Acme Software pays Globex Solutions 1.25% of partner "
                    "revenue of that month."
                ),
            ),
        ],
    )
    def test_tier_sentences(
        self, small: Small, target: Target, tier: Tier, sentence: str
    ) -> None:
        """Each kind of tier and window reads as its own sentence; rates keep their digits."""
        revenue = Metric(
            id="revenue",
            name="Partner revenue",
            unit="EUR",
            aggregation=Aggregation.SUM,
        )
        goal = Goal(id="pipeline", title="Joint pipeline", target=target)
        incentive = Incentive(
            id="i",
            title="Reward",
            payer="acme",
            beneficiary="globex",
            goal="pipeline",
            tiers=(tier,),
        )
        agreement = small(
            metrics=(*small().metrics, revenue), goals=(goal,), incentives=(incentive,)
        )
        assert f"* {sentence}" in _section(render(agreement), "Incentives")

    def test_incentive_without_target(self, small: Small) -> None:
        """An incentive on a pledge without a target names no window (MC601)."""
        incentive = Incentive(
            id="i",
            title="Reward",
            payer="acme",
            beneficiary="globex",
            contribution="cosell",
            tiers=(Tier(threshold=Decimal(1), status="gold"),),
        )
        agreement = small(incentives=(incentive,))
        pledge = attrs.evolve(agreement.contributions[0], target=None)
        agreement = attrs.evolve(
            agreement, contributions=(pledge, *agreement.contributions[1:])
        )
        assert [
            "### Reward",
            "- **Rewarded outcome:** the commitment “Co-sell every quarter”",
            (
                "* If Globex Solutions reaches at least 100% of the target of its "
                "commitment “Co-sell every quarter”, Acme Software grants Globex "
                "Solutions the status “gold”."
            ),
        ] == _section(render(agreement), "Incentives")

    @pytest.mark.parametrize(
        ("locale", "sentence"),
        [
            (
                "en",
                (
                    "If Globex Solutions reaches at least 100% of the quarterly target "
                    "of its commitment “Co-sell every quarter”, Acme Software pays "
                    "Initech €1,000.00 for that quarter."
                ),
            ),
            (
                "de",
                (
                    "Wenn Globex Solutions mindestens 100\xa0% der Quartalsvorgabe der "
                    "eigenen Zusage „Co-sell every quarter“ erreicht, zahlt Acme "
                    "Software an Initech 1.000,00\xa0€ für dieses Quartal."
                ),
            ),
            (
                "fr",
                (
                    "Si Globex Solutions atteint au moins 100\xa0% de la cible "
                    "trimestrielle de son engagement «\xa0Co-sell every quarter\xa0», Acme "
                    "Software verse à Initech 1\u202f000,00\xa0€ pour ce trimestre."
                ),
            ),
            (
                "es",
                (
                    "Si Globex Solutions alcanza al menos el 100\xa0% de la meta "
                    "trimestral de su compromiso «Co-sell every quarter», Acme "
                    "Software paga a Initech 1.000,00\xa0€ por ese trimestre."
                ),
            ),
            (
                "ja",
                (
                    "Globex Solutionsが自らのコミットメント「Co-sell every quarter」の"
                    "四半期目標値の100%以上を達成した場合、Acme SoftwareはInitechに"
                    "その四半期について€1,000.00を支払います。"
                ),
            ),
        ],
    )
    def test_incentive_paid_to_a_third_party(
        self, small: Small, locale: str, sentence: str
    ) -> None:
        """A reward on one partner's commitment paid to another names both."""
        incentive = Incentive(
            id="i",
            title="Reward",
            payer="acme",
            beneficiary="initech",
            contribution="cosell",
            tiers=(
                Tier(
                    threshold=Decimal(1),
                    amount=Quantity(amount=Decimal(1000), unit="EUR"),
                ),
            ),
        )
        base = small()
        initech = attrs.evolve(base.parties[1], id="initech", name="Initech")
        quarterly = Target(
            metric="opps",
            value=Decimal(2),
            direction=Direction.AT_LEAST,
            per=Period.QUARTER,
        )
        pledge = attrs.evolve(base.contributions[0], target=quarterly)
        agreement = small(
            parties=(*base.parties, initech),
            contributions=(pledge, *base.contributions[1:]),
            incentives=(incentive,),
        )
        assert f"* {sentence}" in render(agreement, locale=locale).splitlines()

    def test_unknown_object(self) -> None:
        """Rendering something else is a TypeError naming it."""
        with pytest.raises(TypeError, match="got str"):
            render("agreement")  # type: ignore[arg-type]

    def test_unknown_format(self, small: Small) -> None:
        """An unknown format is a ValueError naming the three."""
        with pytest.raises(ValueError, match="markdown, html, text"):
            render(small(), format="pdf")  # type: ignore[arg-type]


class TestEmptySections:
    """A section with nothing in it says so, in every language."""

    @pytest.mark.parametrize(
        ("locale", "sections"),
        [
            (
                "en",
                {
                    "Parties": ["No parties."],
                    "Commitments": ["No commitments."],
                    "Metrics": ["No metrics."],
                },
            ),
            (
                "de",
                {
                    "Parteien": ["Keine Parteien."],
                    "Zusagen": ["Keine Zusagen."],
                    "Kennzahlen": ["Keine Kennzahlen."],
                },
            ),
            (
                "fr",
                {
                    "Parties": ["Aucune partie."],
                    "Engagements": ["Aucun engagement."],
                    "Indicateurs": ["Aucun indicateur."],
                },
            ),
            (
                "es",
                {
                    "Partes": ["No hay partes."],
                    "Compromisos": ["Ningún compromiso."],
                    "Métricas": ["No hay métricas."],
                },
            ),
            (
                "ja",
                {
                    "当事者": ["当事者はいません。"],
                    "コミットメント": ["コミットメントはありません。"],
                    "指標": ["指標はありません。"],
                },
            ),
        ],
    )
    def test_agreement_without_parties(
        self, small: Small, locale: str, sections: dict[str, list[str]]
    ) -> None:
        """Parties, commitments and metrics each say there are none."""
        empty = small(
            parties=(),
            metrics=(),
            goals=(),
            contributions=(),
            allocations=(),
            clauses=(),
        )
        markdown = render(empty, locale=locale)

        assert sections == {
            heading: _section(markdown, heading) for heading in sections
        }

    def test_nobody_to_sign(self, small: Small) -> None:
        """Without parties the signatures say nobody is to sign, with no empty table."""
        empty = small(
            parties=(), metrics=(), goals=(), contributions=(), allocations=()
        )
        signatures = _section(render(empty), "Signatures")

        assert "No party is to sign." == signatures[-1]
        assert [] == [line for line in signatures if line.startswith("|")]

    def test_scorecard_without_parties(self, small: Small) -> None:
        """The scorecard's commitments say there is none with a target."""
        empty = small(
            parties=(), metrics=(), goals=(), contributions=(), allocations=()
        )
        card = evaluate(empty, [], as_of=dt.date(2026, 5, 1))

        assert ["No commitment with a target."] == _section(
            render(card), "Commitments by party"
        )


class TestScorecardDocument:
    """The scorecard shows every goal's windows and each party's pledges."""

    def test_goal_windows(self, it_scorecard: Scorecard, table_rows: Rows) -> None:
        """Each window shows target, actual, expected, attainment and standing."""
        rows = table_rows(render(it_scorecard), "`FY2027-Q2`")
        assert [
            "`FY2027-Q2`",
            "€400,000.00",
            "€372,000.00",
            "€400,000.00",
            "93%",
            "\u2717\xa0missed",
        ] == rows[1]

    def test_summary(self, it_scorecard: Scorecard) -> None:
        """The summary gives the overall attainment and the goals per standing."""
        text = render(it_scorecard, locale="de_DE")
        assert (["95,3\xa0%"], ["\u25cf\xa0im Plan: 3; \u25b2\xa0gefährdet: 3"]) == (
            _field(text, "Gesamterreichung"),
            _field(text, "Ziele"),
        )

    def test_per_party(self, it_scorecard: Scorecard, table_rows: Rows) -> None:
        """Each party's pledges show their current window, vendor's too."""
        text = render(it_scorecard)
        rows = table_rows(
            text, "Pay out EUR 30k of marketing development funds a quarter"
        )
        assert [
            [
                "Pay out EUR 30k of marketing development funds a quarter",
                "`FY2027-Q3`",
                "€30,000.00",
                "€0.00",
                "€15,000.00",
                "0%",
                "\u25bc\xa0off track",
            ]
        ] == rows

    def test_incentives(self, it_scorecard: Scorecard, table_rows: Rows) -> None:
        """Each incentive shows earned and provisional payouts and each window's tier."""
        text = render(it_scorecard)
        assert (["€16,040.00"], ["€16,040.00"]) == (
            _field(text, "Earned"),
            _field(text, "Provisional, with the open window"),
        )
        assert [
            ["`FY2027-Q2`", "103.3%", "100%", "€7,440.00", "final"],
            ["`FY2027-Q3`", "47.2%", "–", "–", "provisional"],
            ["`FY2027-Q4`", "–", "–", "–", "not started"],
        ] == [
            row
            for label in ("`FY2027-Q2`", "`FY2027-Q3`", "`FY2027-Q4`")
            for row in table_rows(text, label)
            if len(row) == 5
        ]

    def test_levels(self, small: Small) -> None:
        """A status incentive shows the level reached, in the reader's language."""
        incentive = Incentive(
            id="i",
            title="Partner level",
            payer="acme",
            beneficiary="globex",
            goal="pipeline",
            tiers=(Tier(threshold=Decimal(1), status="gold"),),
        )
        card = evaluate(
            small(incentives=(incentive,)),
            [Observation(metric="opps", at=dt.date(2026, 2, 2), value=Decimal(1))] * 6,
            as_of=dt.date(2026, 5, 1),
        )
        assert (["gold"], ["gold"]) == (
            _field(render(card), "Level"),
            _field(render(card, locale="de"), "Status"),
        )

    def test_term_window_is_translated(
        self, it_scorecard: Scorecard, table_rows: Rows
    ) -> None:
        """The term window is named in the reader's language."""
        rows = table_rows(render(it_scorecard, locale="ja"), "契約期間")
        assert "€700,000.00" == rows[0][1]


class TestReportDocument:
    """The check report groups findings by severity, with translated messages."""

    def test_sections(self, poor_report: Report) -> None:
        """Errors come first, then warnings; an empty severity has no section."""
        headings = [
            line for line in render(poor_report).splitlines() if line.startswith("## ")
        ]
        assert ["## Errors", "## Warnings"] == headings

    def test_message_in_english(self, poor_report: Report, table_rows: Rows) -> None:
        """In English the message is the finding's own."""
        (finding,) = [f for f in poor_report.findings if f.code == "MC101"]
        row = table_rows(render(poor_report, format="markdown"), "**MC101**")[0]
        assert ["**MC101**", "`goal:vague`", finding.message] == row

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            (
                "de",
                (
                    "Ziel vague „Be great partners“ hat keine Vorgabe, daher kann niemand "
                    "feststellen, ob es erreicht wurde; geben Sie ihm eine Vorgabe auf "
                    "eine Kennzahl, mit Richtung und Zeitraum."
                ),
            ),
            (
                "ja",
                (
                    "目標 vague「Be great partners」には目標値がないため、達成したかどうかを"
                    "誰も判断できません。方向と期間を指定して、指標に目標値を設定してください。"
                ),
            ),
        ],
    )
    def test_message_translated(
        self, poor_report: Report, table_rows: Rows, locale: str, expected: str
    ) -> None:
        """In another language the message is worded from the finding's params."""
        row = table_rows(render(poor_report, locale=locale), "**MC101**")[0]
        assert expected == row[2]

    @pytest.mark.parametrize(
        ("locale", "label", "word"),
        [
            ("de", "Vorgabe:", "keine Vorgabe"),
            ("fr", "Cible\xa0:", "pas de cible"),
            ("es", "Meta:", "no tiene meta"),
            ("ja", "目標値\uff1a", "目標値がない"),
        ],
    )
    def test_the_finding_names_the_label(
        self,
        small: Small,
        poor_report: Report,
        table_rows: Rows,
        locale: str,
        label: str,
        word: str,
    ) -> None:
        """MC101 says a goal has no target in the word the document labels its targets with."""
        document = render(small(), locale=locale)
        message = table_rows(render(poor_report, locale=locale), "**MC101**")[0][2]

        assert (True, True) == (f"**{label}**" in document, word in message)

    def test_params_are_localised(self, small: Small, table_rows: Rows) -> None:
        """Sides and dates in a message are the locale's words, not raw values."""
        one_sided = small(contributions=small().contributions[:1], allocations=())
        report = check(one_sided, as_of=dt.date(2026, 6, 1))
        text = render(report, locale="de")
        assert (
            (
                "Jede Zusage zu Ziel pipeline „Joint pipeline“ kommt von der Seite "
                "Partner; fügen Sie eine Zusage der Seite Anbieter hinzu, damit beide "
                "Seiten darauf hinarbeiten."
            ),
        ) == tuple(row[2] for row in table_rows(text, "**MC202**"))


class TestTermsNamed:
    """A scorecard, an exception report and a check report name the terms they are about."""

    def test_check_report(self, it_agreement: Agreement) -> None:
        """Next to the id: the version and the fingerprint, cut short."""
        text = render(check(it_agreement, as_of=dt.date(2026, 3, 1)))

        assert (["`acme-globex-2026`"], ["1"], ["`sha256:98d90a26`…"]) == (
            _field(text, "Agreement"),
            _field(text, "Version"),
            _field(text, "Fingerprint of the terms"),
        )

    def test_scorecard(self, it_scorecard: Scorecard) -> None:
        """The scorecard names the version and fingerprint it was evaluated against."""
        text = render(it_scorecard)

        assert (["1"], ["`sha256:98d90a26`…"]) == (
            _field(text, "Version"),
            _field(text, "Fingerprint of the terms"),
        )

    def test_exception_report(self, it_agreement: Agreement) -> None:
        """An exception report, amended terms: version 2 and their fingerprint."""
        amended = it_agreement.amend(title="Amended")
        text = render(exceptions(amended, [], as_of=dt.date(2026, 3, 1)))

        assert (["2"], [f"`{amended.fingerprint()[:15]}`…"]) == (
            _field(text, "Version"),
            _field(text, "Fingerprint of the terms"),
        )

    @pytest.mark.parametrize(
        ("locale", "label"),
        [("de", "Fingerabdruck der Bedingungen"), ("es", "Huella de las condiciones")],
    )
    def test_translated(self, it_agreement: Agreement, locale: str, label: str) -> None:
        """The label is in the document's language; the fingerprint is as it is."""
        text = render(check(it_agreement, as_of=dt.date(2026, 3, 1)), locale=locale)

        assert ["`sha256:98d90a26`…"] == _field(text, label)

    def test_a_report_built_by_hand(self) -> None:
        """A report that does not know its terms names the agreement alone."""
        text = render(Report(agreement="a", as_of=dt.date(2026, 3, 1)))

        assert ([], []) == (
            _field(text, "Version"),
            _field(text, "Fingerprint of the terms"),
        )


class TestNotebooks:
    """Agreements, scorecards and reports show themselves in a notebook."""

    def test_reprs(
        self, small: Small, it_scorecard: Scorecard, poor_report: Report
    ) -> None:
        """Each has an HTML and a Markdown representation: its document."""
        objects = (small(), it_scorecard, poor_report)
        assert [(in_a_cell(render(o, format="html")), render(o)) for o in objects] == [
            (o._repr_html_(), o._repr_markdown_()) for o in objects
        ]

    def test_a_fragment(self, it_scorecard: Scorecard) -> None:
        """The cell's HTML is one article: no page, its language on it, no @page."""
        cell = it_scorecard._repr_html_()

        assert cell.startswith('<article class="mutualcommit" lang="en" dir="ltr">\n')
        assert cell.endswith("</article>\n")
        assert [] == [
            part
            for part in ("<!DOCTYPE", "<html", "<head", "<body", "<title", "@page")
            if part in cell
        ]

    def test_every_rule_is_scoped(self, it_agreement: Agreement) -> None:
        """Every selector of the cell's style is under the article's class."""
        cell = it_agreement._repr_html_()
        css = cell[cell.index("<style>") + len("<style>") : cell.index("</style>")]
        selectors = [
            selector.strip()
            for group in re.findall(r"([^{}]+)\{", css)
            for selector in group.split(",")
            if not group.strip().startswith("@media")
        ]

        assert len(selectors) > 40
        assert [] == [s for s in selectors if not s.startswith(".mutualcommit")]

    def test_the_page_keeps_its_page_rules(self, it_agreement: Agreement) -> None:
        """The page, printed on its own, still sets its paper and its direction."""
        page = render(it_agreement, format="html", locale="de_DE")

        assert ['<html lang="de-DE" dir="ltr">'] == re.findall(r"<html[^>]*>", page)
        assert "@page { size: A4;" in page


class TestRenderable:
    """Renderable is a type alias for annotations; isinstance cannot test a tuple's items."""

    def test_isinstance(self, small: Small) -> None:
        """True for an agreement; a TypeError for a tuple of ledgers or anything else."""
        agreement = small()

        assert isinstance(agreement, Renderable)
        for other in ((), "an agreement"):
            with pytest.raises(TypeError):
                isinstance(other, Renderable)

    def test_run_time_check(self, small: Small) -> None:
        """The documented check: the classes, or a tuple whose items are ledgers."""
        agreement = small()
        kinds = (Agreement, Scorecard, Report, ExceptionReport, FundLedger)

        assert (True, False) == (
            isinstance(agreement, kinds),
            isinstance("an agreement", kinds),
        )
        with pytest.raises(TypeError, match="render\\(\\) takes an Agreement"):
            render("an agreement")  # type: ignore[arg-type]
