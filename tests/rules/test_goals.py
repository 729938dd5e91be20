import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from tests.conftest import counted_reads

from mutualcommit.kpi import ObservationIndex, evaluate
from mutualcommit.model import (
    Aggregation,
    Agreement,
    Direction,
    Goal,
    Incentive,
    Metric,
    Observation,
    Quantity,
    Remedy,
    Step,
    Target,
    Tier,
)
from mutualcommit.rules import Severity, check
from mutualcommit.serialize import loads

from .conftest import AS_OF, Subjects

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _goal(agreement: Agreement, **changes: Any) -> Agreement:
    return attrs.evolve(agreement, goals=(attrs.evolve(agreement.goals[0], **changes),))


def _target(agreement: Agreement, **changes: Any) -> Agreement:
    target = agreement.goals[0].target
    assert target is not None
    return _goal(agreement, target=attrs.evolve(target, **changes))


class TestMC101:
    """MC101 fires on a goal without a target and not once it has one."""

    def test_fires(self, compliant: Agreement, subjects: Subjects) -> None:
        """A goal without a target is reported by its id."""
        assert ["goal:G1"] == subjects(_goal(compliant, target=None), "MC101")

    def test_silent(self, compliant: Agreement, subjects: Subjects) -> None:
        """Giving the goal a target silences it."""
        assert [] == subjects(compliant, "MC101")


class TestMC102:
    """MC102 fires on a due date outside the term."""

    def test_fires_after_end(self, compliant: Agreement, subjects: Subjects) -> None:
        """A goal due after the end of the term is reported."""
        variant = _target(compliant, due=dt.date(2027, 3, 31))
        assert ["goal:G1"] == subjects(variant, "MC102")

    def test_fires_before_start(self, compliant: Agreement, subjects: Subjects) -> None:
        """A contribution due before the start of the term is reported."""
        c2 = compliant.contributions[1]
        assert c2.target is not None
        late = attrs.evolve(
            c2, target=attrs.evolve(c2.target, due=dt.date(2025, 12, 1))
        )
        variant = attrs.evolve(
            compliant, contributions=(compliant.contributions[0], late)
        )
        assert ["contribution:C2"] == subjects(variant, "MC102")

    def test_silent(self, compliant: Agreement, subjects: Subjects) -> None:
        """A due date on the last day of the term is inside it."""
        variant = _target(compliant, due=dt.date(2026, 12, 31))
        assert [] == subjects(variant, "MC102")


class TestMC103:
    """MC103 fires on a contribution without a target."""

    def test_fires(self, compliant: Agreement, subjects: Subjects) -> None:
        """A pledge without a target is reported by its id."""
        c1 = attrs.evolve(compliant.contributions[0], target=None)
        variant = attrs.evolve(
            compliant, contributions=(c1, compliant.contributions[1])
        )
        assert ["contribution:C1"] == subjects(variant, "MC103")

    def test_silent(self, compliant: Agreement, subjects: Subjects) -> None:
        """Pledges with targets are measurable."""
        assert [] == subjects(compliant, "MC103")


class TestMC104:
    """MC104 fires on a metric a target uses that nobody reports."""

    def test_fires(self, compliant: Agreement, subjects: Subjects) -> None:
        """The goal's metric without reported_by is reported."""
        revenue = attrs.evolve(compliant.metrics[0], reported_by=None)
        variant = attrs.evolve(compliant, metrics=(revenue, *compliant.metrics[1:]))
        assert ["metric:revenue"] == subjects(variant, "MC104")

    def test_silent_when_unused(self, compliant: Agreement, subjects: Subjects) -> None:
        """A metric no target uses needs no reporter."""
        unused = Metric(
            id="nps", name="NPS", unit="count", aggregation=Aggregation.LAST
        )
        variant = attrs.evolve(compliant, metrics=(*compliant.metrics, unused))
        assert [] == subjects(variant, "MC104")

    def test_ratio_sides(self, compliant: Agreement, subjects: Subjects) -> None:
        """A target on a ratio needs reporters for its sides, not for the ratio itself."""
        shipped = Metric(
            id="shipped", name="Shipped", unit="count", aggregation=Aggregation.SUM
        )
        ordered = attrs.evolve(shipped, id="ordered", name="Ordered")
        fill = Metric(
            id="fill",
            name="Fill rate",
            unit="percent",
            aggregation=Aggregation.RATIO,
            numerator="shipped",
            denominator="ordered",
        )
        metrics = (*compliant.metrics, shipped, ordered, fill)
        variant = _target(
            attrs.evolve(compliant, metrics=metrics), metric="fill", value=Decimal(95)
        )
        assert ["metric:ordered", "metric:shipped"] == subjects(variant, "MC104")
        reported = attrs.evolve(
            variant,
            metrics=(
                *compliant.metrics,
                attrs.evolve(shipped, reported_by=compliant.parties[0].id),
                attrs.evolve(ordered, reported_by=compliant.parties[1].id),
                fill,
            ),
        )
        assert [] == subjects(reported, "MC104")


class TestMC105:
    """MC105 fires on a target that does not move from its baseline."""

    def test_fires_at_least(self, compliant: Agreement, subjects: Subjects) -> None:
        """An AT_LEAST target equal to its baseline asks for nothing."""
        variant = _target(compliant, baseline=Decimal(400000))
        assert ["goal:G1"] == subjects(variant, "MC105")

    def test_fires_at_most(self, compliant: Agreement, subjects: Subjects) -> None:
        """An AT_MOST target above its baseline asks for worse."""
        variant = _target(
            compliant, direction=Direction.AT_MOST, baseline=Decimal(300000)
        )
        assert ["goal:G1"] == subjects(variant, "MC105")

    def test_silent_with_a_step(self, compliant: Agreement, subjects: Subjects) -> None:
        """A ramp step above the baseline moves the target."""
        variant = _target(
            compliant,
            baseline=Decimal(400000),
            steps=(Step(starting=dt.date(2026, 7, 1), value=Decimal(450000)),),
        )
        assert [] == subjects(variant, "MC105")

    def test_a_step_before_the_start_sets_the_value(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A raised value that a step dated before the term replaces asks for nothing.

        400 000 never applies: the 2025 step's 200 000, the baseline, is
        asked from the first day.
        """
        variant = _target(
            compliant,
            steps=(Step(starting=dt.date(2025, 7, 1), value=Decimal(200000)),),
        )
        assert ["goal:G1"] == subjects(variant, "MC105")
        (finding,) = [
            f for f in check(variant, as_of=AS_OF).findings if f.code == "MC105"
        ]
        assert "200000" == finding.params["value"]

    def test_a_step_after_the_end_moves_nothing(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A step above the baseline dated after the term applies on no day of it."""
        variant = _target(
            compliant,
            baseline=Decimal(400000),
            steps=(Step(starting=dt.date(2027, 1, 1), value=Decimal(450000)),),
        )
        assert ["goal:G1"] == subjects(variant, "MC105")


class TestMC106:
    """MC106 fires on a goal no contribution supports."""

    def test_fires(self, compliant: Agreement, subjects: Subjects) -> None:
        """A second goal nobody works toward is reported."""
        g2 = Goal(
            id="G2",
            title="Win new logos",
            target=Target(
                metric="opps", value=Decimal(5), direction=Direction.AT_LEAST
            ),
        )
        variant = attrs.evolve(compliant, goals=(*compliant.goals, g2))
        assert ["goal:G2"] == subjects(variant, "MC106")

    def test_silent(self, compliant: Agreement, subjects: Subjects) -> None:
        """A contribution naming the goal in its supports silences it."""
        g2 = Goal(
            id="G2",
            title="Win new logos",
            target=Target(
                metric="opps", value=Decimal(5), direction=Direction.AT_LEAST
            ),
        )
        c1 = attrs.evolve(compliant.contributions[0], supports=("G1", "G2"))
        c2 = attrs.evolve(compliant.contributions[1], supports=("G1", "G2"))
        variant = attrs.evolve(
            compliant, goals=(*compliant.goals, g2), contributions=(c1, c2)
        )
        assert [] == subjects(variant, "MC106")


class TestMC107:
    """MC107 fires on a currency code that is not ISO 4217."""

    def test_fires_on_the_agreement(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A well-formed but unknown agreement currency is reported."""
        variant = attrs.evolve(compliant, currency="ABC")
        assert ["agreement"] == subjects(variant, "MC107")

    def test_fires_once_per_entity(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """An allocation and a metric in an unknown currency are reported each once."""
        a1 = attrs.evolve(
            compliant.allocations[0],
            amount=Quantity(amount=Decimal(40000), unit="ZZZ"),
        )
        revenue = attrs.evolve(compliant.metrics[0], unit="ZZZ")
        variant = attrs.evolve(
            compliant,
            allocations=(a1, compliant.allocations[1]),
            metrics=(revenue, *compliant.metrics[1:]),
        )
        assert ["allocation:A1", "metric:revenue"] == subjects(variant, "MC107")

    def test_silent(self, compliant: Agreement, subjects: Subjects) -> None:
        """EUR is an ISO 4217 code."""
        assert [] == subjects(compliant, "MC107")


class TestMC105AtMostSteps:
    """For an AT_MOST target the lowest value over the term is the most ambitious."""

    def test_silent_with_a_lower_step(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A step below the baseline moves a target whose value is above it."""
        variant = _target(
            compliant,
            direction=Direction.AT_MOST,
            baseline=Decimal(300000),
            steps=(Step(starting=dt.date(2026, 7, 1), value=Decimal(250000)),),
        )
        assert [] == subjects(variant, "MC105")


def _opps(day: dt.date, region: str, metric: str = "opps", **dims: str) -> Observation:
    return Observation(metric, day, Decimal(1), dims={"region": region, **dims})


#: Globex's opportunities in EMEA and APAC, and a session in LATAM, in October.
LOG = [
    _opps(dt.date(2026, 10, 5), "emea"),
    _opps(dt.date(2026, 10, 6), "apac"),
    _opps(dt.date(2026, 10, 7), "latam", "sessions"),
]


def _where(agreement: Agreement, **where: str) -> Agreement:
    """Give contribution C1 (on opps) a where."""
    c1 = agreement.contributions[0]
    assert c1.target is not None
    selective = attrs.evolve(c1, target=attrs.evolve(c1.target, where=where))
    return attrs.evolve(
        agreement, contributions=(selective, *agreement.contributions[1:])
    )


class TestMC108:
    """MC108 warns of a where no observation carries, while its metric's are recorded."""

    def test_fires_on_a_misspelt_value(self, compliant: Agreement) -> None:
        """region=EMEA, where the records say emea: reported, with its path and pair."""
        variant = _where(compliant, region="EMEA")

        report = check(variant, as_of=AS_OF, observations=LOG)

        assert [
            (
                "contribution:C1",
                "contributions[0].target.where",
                (
                    'Contribution C1 "Co-sell opportunities" counts metric opps '
                    "where region=EMEA, but no observation carries region=EMEA, so "
                    "none of the metric's observations counts for it; check the "
                    "dimension name and value."
                ),
                Severity.WARNING,
            )
        ] == [
            (f.subject, f.path, f.message, f.severity)
            for f in report.findings
            if f.code == "MC108"
        ]

    def test_fires_on_a_misspelt_dimension(self, compliant: Agreement) -> None:
        """A key no record has (regoin) is the pair reported, the first in key order."""
        variant = _where(compliant, regoin="emea", region="emea")

        report = check(variant, as_of=AS_OF, observations=LOG)

        assert [("regoin", "emea")] == [
            (f.params["key"], f.params["value"])
            for f in report.findings
            if f.code == "MC108"
        ]

    def test_silent_when_a_record_is_selected(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """region=apac selects one record: nothing to report."""
        assert [] == subjects(
            _where(compliant, region="apac"), "MC108", observations=LOG
        )

    def test_fires_when_only_another_metric_carries_the_pair(
        self, compliant: Agreement
    ) -> None:
        """region=latam is on a session's record, never on an opportunity's: told, as MC308 tells a criterion.

        The pair is recorded, so no pair is named: the metric's records never
        hold the where.
        """
        variant = _where(compliant, region="latam")

        report = check(variant, as_of=AS_OF, observations=LOG)

        assert [
            (
                {
                    "contribution": "C1",
                    "title": "Co-sell opportunities",
                    "metric": "opps",
                    "where": ("region=latam",),
                    "missing": "where",
                },
                (
                    'Contribution C1 "Co-sell opportunities" counts metric opps '
                    "where region=latam, but no observation the metric reads holds "
                    "all of them, so none counts for it; check the dimension names "
                    "and values, and that the metric's records carry them."
                ),
            )
        ] == [(dict(f.params), f.message) for f in report.findings if f.code == "MC108"]

    def test_fires_when_the_pairs_are_never_together(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """Each pair is on an opportunity's record, never both on one: no record counts."""
        variant = _where(compliant, region="emea", channel="direct")
        log = [*LOG, _opps(dt.date(2026, 10, 8), "apac", channel="direct")]

        assert ["contribution:C1"] == subjects(variant, "MC108", observations=log)
        assert [] == subjects(
            variant,
            "MC108",
            observations=[*log, _opps(dt.date(2026, 10, 9), "emea", channel="direct")],
        )

    def test_names_a_value_exactly(self, compliant: Agreement) -> None:
        """An empty value, or one with a space at its end, reads as written, quoted."""
        for where, said in [
            ({"region": ""}, 'where region="", but no observation carries region="",'),
            (
                {"region": "emea "},
                'where region="emea ", but no observation carries region="emea ",',
            ),
        ]:
            report = check(_where(compliant, **where), as_of=AS_OF, observations=LOG)

            [finding] = [f for f in report.findings if f.code == "MC108"]
            assert (said in finding.message, finding.params["value"]) == (
                True,
                where["region"],
            )

    def test_silent_before_the_metric_is_recorded(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """As of 4 October no opportunity is recorded yet: nothing to judge."""
        variant = _where(compliant, region="EMEA")

        assert [] == subjects(
            variant, "MC108", as_of=dt.date(2026, 10, 4), observations=LOG
        )

    def test_silent_without_observations(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A check without a log does not run it."""
        assert [] == subjects(_where(compliant, region="EMEA"), "MC108")

    def test_a_ratio_reads_the_records_of_its_sides(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A ratio's where is judged on the records of the metrics it divides."""
        ratio = Metric(
            id="opps-per-session",
            name="Opportunities per session",
            unit="count",
            aggregation=Aggregation.RATIO,
            numerator="opps",
            denominator="sessions",
        )
        variant = _target(
            attrs.evolve(compliant, metrics=(*compliant.metrics, ratio)),
            metric="opps-per-session",
            where={"region": "mars"},
        )

        assert ["goal:G1"] == subjects(variant, "MC108", observations=LOG)
        assert [] == subjects(
            _target(variant, where={"region": "latam"}), "MC108", observations=LOG
        )


def _rates(agreement: Agreement) -> Agreement:
    """Pay 5 % of joint revenue for C1's opportunities in EMEA, and charge 1 % per one missed."""
    rebate = Incentive(
        id="I2",
        title="EMEA rebate",
        payer="acme",
        beneficiary="globex",
        contribution="C1",
        tiers=(
            Tier(threshold=Decimal(1), amount=Quantity(amount=Decimal(1), unit="EUR")),
            Tier(threshold=Decimal("1.2"), rate=Decimal("0.05"), of="revenue"),
            Tier(threshold=Decimal("1.5"), rate=Decimal("0.06"), of="revenue"),
        ),
        cap=Quantity(amount=Decimal(10000), unit="EUR"),
    )
    penalty = Remedy(
        id="R1",
        title="EMEA penalty",
        payer="globex",
        beneficiary="acme",
        contribution="C1",
        rate=Decimal("0.01"),
        of="revenue",
        cap=Quantity(amount=Decimal(10000), unit="EUR"),
    )
    return _where(agreement, region="emea").amend(
        incentives=(*agreement.incentives, rebate), remedies=(penalty,)
    )


def _revenue(day: dt.date, **dims: str) -> Observation:
    return Observation("revenue", day, Decimal(50000), dims=dims)


class TestMC108Rates:
    """MC108 tells of a rate whose metric's records lack the basis target's where: it pays nothing."""

    def test_fires_on_revenue_without_the_region(self, compliant: Agreement) -> None:
        """Opportunities carry region=emea, revenue no region: the rebate and penalty are of nothing.

        Once per incentive and metric, at the first tier that names it.
        """
        log = [*LOG, _revenue(dt.date(2026, 10, 5))]

        report = check(_rates(compliant), as_of=AS_OF, observations=log)

        assert [
            (
                "incentive:I2",
                "incentives[1].tiers[1].of",
                (
                    'Incentive I2 "EMEA rebate" pays a rate of metric revenue, counted '
                    "where region=emea as the target it rewards is, but none of the "
                    "metric's observations holds all of them, so the rate is of "
                    "nothing and pays 0; have the metric's records carry those "
                    "dimensions."
                ),
                Severity.WARNING,
            ),
            (
                "remedy:R1",
                "remedies[0].of",
                (
                    'Remedy R1 "EMEA penalty" charges a rate of metric revenue, '
                    "counted where region=emea as the target it follows is, but none "
                    "of the metric's observations holds all of them, so the rate is "
                    "of nothing and costs 0; have the metric's records carry those "
                    "dimensions."
                ),
                Severity.WARNING,
            ),
        ] == [
            (f.subject, f.path, f.message, f.severity)
            for f in report.findings
            if f.code == "MC108"
        ]

    def test_the_payout_it_warns_of(self, compliant: Agreement) -> None:
        """The goal is met and the rebate pays 0, which is what the warning is about."""
        log = [
            *(_opps(dt.date(2026, 10, day), "emea") for day in range(1, 16)),
            _revenue(dt.date(2026, 10, 5)),
        ]
        card = evaluate(_rates(compliant), log, as_of=dt.date(2027, 1, 5))

        window = card.incentive("I2").window("FY2026-Q4")
        assert (2, Decimal(0)) == (window.tier, window.payout)
        assert ["incentive:I2", "remedy:R1"] == [
            f.subject
            for f in check(_rates(compliant), as_of=AS_OF, observations=log).findings
            if f.code == "MC108"
        ]

    def test_names_the_pair_no_record_carries(self, compliant: Agreement) -> None:
        """A where on a pair no record carries names it, on the rate as on the target."""
        variant = _rates(compliant)
        c1 = variant.contributions[0]
        assert c1.target is not None
        emea = attrs.evolve(
            c1, target=attrs.evolve(c1.target, where={"region": "EMEA"})
        )
        variant = attrs.evolve(
            variant, contributions=(emea, *variant.contributions[1:])
        )
        log = [*LOG, _revenue(dt.date(2026, 10, 5), region="emea")]

        report = check(variant, as_of=AS_OF, observations=log)

        assert [
            ("contribution:C1", "pair", "region", "EMEA"),
            ("incentive:I2", "pair", "region", "EMEA"),
            ("remedy:R1", "pair", "region", "EMEA"),
        ] == [
            (f.subject, f.params["missing"], f.params["key"], f.params["value"])
            for f in report.findings
            if f.code == "MC108"
        ]

    def test_silent_when_the_revenue_carries_the_region(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """Revenue recorded with region=emea is counted: nothing to report."""
        log = [*LOG, _revenue(dt.date(2026, 10, 5), region="emea")]

        assert [] == subjects(_rates(compliant), "MC108", observations=log)

    def test_silent_before_the_metric_is_recorded(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """No revenue recorded yet: nothing to judge, as for a target."""
        assert [] == subjects(_rates(compliant), "MC108", observations=LOG)

    def test_silent_without_a_where(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A basis target without a where counts every revenue record."""
        variant = _rates(compliant)
        plain = _where(variant)
        log = [*LOG, _revenue(dt.date(2026, 10, 5))]

        assert [] == subjects(plain, "MC108", observations=log)


class TestMC108Cost:
    """MC108 reads the log as often for forty targets as for twenty."""

    def _reads(self, compliant: Agreement, targets: int) -> tuple[Counter[str], int]:
        """Check *targets* copies of C1, each on a region no record has; count the reads."""
        c1 = compliant.contributions[0]
        assert c1.target is not None
        copies = tuple(
            attrs.evolve(
                c1,
                id="C1" if i == 0 else f"C1-{i}",
                target=attrs.evolve(c1.target, where={"region": f"R{i}"}),
            )
            for i in range(targets)
        )
        variant = attrs.evolve(
            compliant, contributions=(*copies, *compliant.contributions[1:])
        )
        log = [
            _opps(dt.date(2026, month, 5), f"r{i}")
            for i in range(40)
            for month in (9, 10)
        ]
        index = ObservationIndex(variant, log)
        reads = counted_reads(index)
        report = check(variant, as_of=AS_OF, observations=index)
        return reads, sum(1 for f in report.findings if f.code == "MC108")

    def test_reads_do_not_grow_with_targets(self, compliant: Agreement) -> None:
        """Twenty misspelt regions or forty: each reported, the log read alike."""
        few, found_few = self._reads(compliant, 20)
        many, found_many = self._reads(compliant, 40)

        assert (20, 40) == (found_few, found_many)
        assert few == many


def _ratio_target(
    agreement: Agreement,
    where: dict[str, str],
    numerator_where: dict[str, str] | None = None,
    denominator_where: dict[str, str] | None = None,
) -> Agreement:
    """Goal G1 on opportunities per session, its sides filtered as given."""
    ratio = Metric(
        id="opps-per-session",
        name="Opportunities per session",
        unit="count",
        aggregation=Aggregation.RATIO,
        numerator="opps",
        denominator="sessions",
        numerator_where=numerator_where or {},
        denominator_where=denominator_where or {},
    )
    return _target(
        attrs.evolve(agreement, metrics=(*agreement.metrics, ratio)),
        metric=ratio.id,
        where=where,
    )


class TestMC109:
    """MC109 warns of a ratio's side whose own where contradicts the target's."""

    def test_fires_on_the_numerator(self, compliant: Agreement) -> None:
        """The target counts party acme, the numerator globex's: reported with both pairs."""
        variant = _ratio_target(
            compliant,
            {"party": "acme", "region": "emea"},
            numerator_where={"party": "globex"},
        )

        report = check(variant, as_of=AS_OF)

        assert [
            (
                "goal:G1",
                "goals[0].target.where",
                (
                    'Goal G1 "Grow joint revenue" counts ratio opps-per-session '
                    "where party=acme and region=emea, but the ratio's numerator_where "
                    "asks "
                    "party=globex: no record holds both, so that side of the ratio "
                    "counts nothing; make the two agree, or drop the pair from one "
                    "of them."
                ),
                Severity.WARNING,
                "numerator_where",
            )
        ] == [
            (f.subject, f.path, f.message, f.severity, f.params["field"])
            for f in report.findings
            if f.code == "MC109"
        ]

    def test_a_space_apart(self, compliant: Agreement) -> None:
        """``acme`` and ``acme `` are two values, and the message writes them apart."""
        variant = _ratio_target(
            compliant, {"party": "acme"}, numerator_where={"party": "acme "}
        )

        report = check(variant, as_of=AS_OF)

        [found] = [f for f in report.findings if f.code == "MC109"]
        assert ("acme ", True) == (
            found.params["own"],
            'where party=acme, but the ratio\'s numerator_where asks party="acme ": '
            in found.message,
        )

    def test_fires_once_per_side(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """Both sides contradict the target: one finding each."""
        variant = _ratio_target(
            compliant,
            {"party": "acme"},
            numerator_where={"party": "globex"},
            denominator_where={"party": "initech"},
        )

        assert ["goal:G1", "goal:G1"] == subjects(variant, "MC109")

    def test_silent_when_the_filters_agree(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """The same pair twice, or pairs on other dimensions, select records."""
        assert [] == subjects(
            _ratio_target(
                compliant,
                {"party": "acme"},
                numerator_where={"party": "acme", "status": "won"},
                denominator_where={"region": "emea"},
            ),
            "MC109",
        )


class TestMC110:
    """MC110 warns of a ramp step outside the term: a value it states never applies."""

    def test_step_before_the_start(self, compliant: Agreement) -> None:
        """The last step on or before the start is named: its value applies, the target's never."""
        variant = _target(
            compliant,
            steps=(
                Step(starting=dt.date(2025, 5, 1), value=Decimal(300000)),
                Step(starting=dt.date(2025, 8, 1), value=Decimal(350000)),
                Step(starting=dt.date(2026, 7, 1), value=Decimal(450000)),
            ),
        )

        (found,) = [
            f for f in check(variant, as_of=AS_OF).findings if f.code == "MC110"
        ]

        assert (
            "goal:G1",
            "goals[0].target.steps[1].starting",
            Severity.WARNING,
            {
                "goal": "G1",
                "title": "Grow joint revenue",
                "edge": "start",
                "date": "2025-08-01",
                "start": "2026-01-01",
                "value": "350000",
                "stated": "400000",
            },
        ) == (found.subject, found.path, found.severity, dict(found.params))
        assert (
            'Goal G1 "Grow joint revenue" has a step from 2025-08-01, on or '
            "before the term's first day, 2026-01-01: its value 350000 applies "
            "from that day, and the target's own value 400000 never does; give "
            "the target the value meant for the start, and date its steps "
            "inside the term."
        ) == found.message

    def test_step_on_the_start(self, compliant: Agreement, subjects: Subjects) -> None:
        """A step from the first day replaces the target's value from that day on."""
        variant = _target(
            compliant,
            steps=(Step(starting=dt.date(2026, 1, 1), value=Decimal(450000)),),
        )
        assert ["goal:G1"] == subjects(variant, "MC110")

    def test_step_after_the_end(self, compliant: Agreement) -> None:
        """The first step after the last day is named, on a contribution too."""
        c1 = compliant.contributions[0]
        assert c1.target is not None
        late = attrs.evolve(
            c1,
            target=attrs.evolve(
                c1.target,
                steps=(
                    Step(starting=dt.date(2026, 10, 1), value=Decimal(12)),
                    Step(starting=dt.date(2027, 1, 1), value=Decimal(14)),
                    Step(starting=dt.date(2027, 4, 1), value=Decimal(16)),
                ),
            ),
        )
        variant = attrs.evolve(
            compliant, contributions=(late, *compliant.contributions[1:])
        )

        (found,) = [
            f for f in check(variant, as_of=AS_OF).findings if f.code == "MC110"
        ]

        assert (
            "contribution:C1",
            "contributions[0].target.steps[1].starting",
            "end",
            "14",
        ) == (found.subject, found.path, found.params["edge"], found.params["value"])
        assert found.message.endswith(
            "has a step from 2027-01-01, after the term's last day, 2026-12-31: "
            "its value 14 never applies; date the target's steps inside the "
            "term, or drop those after it."
        )

    def test_both_edges(self, compliant: Agreement) -> None:
        """A target with steps on both sides of the term has a finding for each edge."""
        variant = _target(
            compliant,
            steps=(
                Step(starting=dt.date(2025, 12, 31), value=Decimal(300000)),
                Step(starting=dt.date(2027, 1, 1), value=Decimal(500000)),
            ),
        )

        found = [
            f.params["edge"]
            for f in check(variant, as_of=AS_OF).findings
            if f.code == "MC110"
        ]

        assert ["start", "end"] == found

    def test_silent_inside_the_term(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """Steps from the second day to the last are the term's own ramp."""
        variant = _target(
            compliant,
            steps=(
                Step(starting=dt.date(2026, 1, 2), value=Decimal(420000)),
                Step(starting=dt.date(2026, 12, 31), value=Decimal(450000)),
            ),
        )
        assert [] == subjects(variant, "MC110")
        assert [] == subjects(compliant, "MC110")

    def test_renewal_that_raises_a_ramped_target(self) -> None:
        """The year-one agreement carried into 2027 with a raised value and its old ramp.

        Every quarter of 2027 asks the 2026 step's 36, so the raised 40 never
        applies and the target does not move from its baseline of 36: MC110
        says why, MC105 that nothing is asked beyond the baseline.
        """
        year_one = loads(
            (EXAMPLES / "it_vendor" / "agreement.json").read_text(encoding="utf-8")
        )
        goal = year_one.goal("co-sell-opportunities")
        assert goal.target is not None
        raised = attrs.evolve(
            goal,
            target=attrs.evolve(goal.target, value=Decimal(40), baseline=Decimal(36)),
        )
        year_two = year_one.renew(
            "acme-globex-2027",
            start=dt.date(2027, 1, 1),
            end=dt.date(2027, 12, 31),
            goals=[raised if g.id == goal.id else g for g in year_one.goals],
        )

        report = check(year_two, as_of=dt.date(2027, 3, 1))

        assert [
            ("MC105", "goals[0].target", "36"),
            ("MC110", "goals[0].target.steps[1].starting", "36"),
        ] == [
            (f.code, f.path, f.params["value"])
            for f in report.findings
            if f.subject == "goal:co-sell-opportunities"
        ]
        (mc110,) = [f for f in report.findings if f.code == "MC110"]
        assert ("2026-08-01", "40") == (mc110.params["date"], mc110.params["stated"])
