"""MC307 and MC308: exceptions worked on in time, criteria that can fire."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from mutualcommit.model import (
    ActionItem,
    Agreement,
    ExceptionCriterion,
    Observation,
    Period,
    Review,
)
from mutualcommit.rules import CODES, MESSAGES, Severity, check

from .conftest import AS_OF, Subjects


def _criterion(**changes: object) -> ExceptionCriterion:
    """Co-selling opportunities per month per region: at least 3, acted on in 10 days."""
    fields: dict[str, object] = {
        "id": "opps-low",
        "title": "Too few opportunities",
        "measure": "opps",
        "owner": "globex",
        "resolve_within_days": 10,
        "lower": Decimal(3),
        "per": Period.MONTH,
        "split": "region",
    }
    fields.update(changes)
    return ExceptionCriterion(**fields)  # type: ignore[arg-type]


def _with(agreement: Agreement, *criteria: ExceptionCriterion) -> Agreement:
    return attrs.evolve(agreement, exception_criteria=criteria)


def _opps(day: dt.date, count: int, region: str = "emea") -> list[Observation]:
    return [
        Observation("opps", day, Decimal(1), dims={"region": region})
        for _ in range(count)
    ]


#: October: 2 opportunities in EMEA (below 3), 5 in APAC. October's exceptions
#: open on 31 October and are due on 10 November.
LOG = [*_opps(dt.date(2026, 10, 5), 2), *_opps(dt.date(2026, 10, 6), 5, "apac")]


class TestMC307:
    """MC307 fires for an exception past due that no action item names."""

    def test_fires(self, compliant: Agreement, subjects: Subjects) -> None:
        """EMEA's October is past due on 11 November."""
        variant = _with(compliant, _criterion())

        assert ["exception:opps-low/emea/FY2026-M10"] == subjects(
            variant, "MC307", as_of=dt.date(2026, 11, 11), observations=LOG
        )

    def test_not_yet_due(self, compliant: Agreement, subjects: Subjects) -> None:
        """On its due day it is still open, not past due."""
        variant = _with(compliant, _criterion())

        assert [] == subjects(
            variant, "MC307", as_of=dt.date(2026, 11, 10), observations=LOG
        )

    def test_worked(self, compliant: Agreement, subjects: Subjects) -> None:
        """An action item of a held review that names the key silences it."""
        review = Review(
            id="R5",
            held_on=dt.date(2026, 11, 3),
            attendees=("acme", "globex"),
            actions=(
                ActionItem(
                    id="emea-push",
                    owner="globex",
                    title="Run an EMEA opportunity workshop",
                    exceptions=("opps-low/emea/FY2026-M10",),
                ),
            ),
        )
        variant = _with(compliant, _criterion()).record_review(review)

        assert [] == subjects(
            variant, "MC307", as_of=dt.date(2026, 11, 11), observations=LOG
        )

    def test_finding(self, compliant: Agreement) -> None:
        """An error at the criterion's path, its params filling the template."""
        variant = _with(compliant, _criterion())
        report = check(variant, as_of=dt.date(2026, 11, 11), observations=LOG)
        (found,) = [f for f in report.findings if f.code == "MC307"]

        assert (Severity.ERROR, "exception_criteria[0]") == (found.severity, found.path)
        assert (
            'Exception opps-low/emea/FY2026-M10 of criterion opps-low "Too few '
            'opportunities": opps was 2 in FY2026-M10, below the lower tolerance '
            "3; it opened on 2026-10-31, was to be worked on by 2026-11-10, and "
            "no action item names it; record an action item for globex that "
            "names it."
        ) == found.message

    def test_no_observations(self, compliant: Agreement, subjects: Subjects) -> None:
        """Without observations there is nothing to judge."""
        assert [] == subjects(_with(compliant, _criterion()), "MC307")

    def test_records_without_the_split(self, compliant: Agreement) -> None:
        """Opportunities recorded without a region are judged together, not dropped.

        One in October without a region is below 3: an exception named by
        the key without an item, which an action item may name.
        """
        variant = _with(compliant, _criterion())
        log = [*LOG, Observation("opps", dt.date(2026, 10, 7), Decimal(1))]
        day = dt.date(2026, 11, 11)

        report = check(variant, as_of=day, observations=log)

        assert [
            "exception:opps-low/FY2026-M10",
            "exception:opps-low/emea/FY2026-M10",
        ] == [f.subject for f in report.findings if f.code == "MC307"]
        review = Review(
            id="R5",
            held_on=dt.date(2026, 11, 3),
            attendees=("acme", "globex"),
            actions=(
                ActionItem(
                    id="regions",
                    owner="globex",
                    title="Record the region of every opportunity",
                    exceptions=("opps-low/FY2026-M10",),
                ),
            ),
        )
        worked = check(variant.record_review(review), as_of=day, observations=log)
        assert ["exception:opps-low/emea/FY2026-M10"] == [
            f.subject for f in worked.findings if f.code == "MC307"
        ]


class TestMC308:
    """MC308 warns of a criterion on a metric, value or dimension never observed."""

    def test_metric(self, compliant: Agreement, subjects: Subjects) -> None:
        """Nobody recorded revenue: a criterion on it can never fire."""
        variant = _with(compliant, _criterion(measure="revenue", split=None))

        assert ["exception-criterion:opps-low"] == subjects(
            variant, "MC308", observations=LOG
        )

    def test_where(self, compliant: Agreement) -> None:
        """No opportunity is in region LATAM."""
        variant = _with(compliant, _criterion(split=None, where={"region": "latam"}))
        report = check(variant, as_of=AS_OF, observations=LOG)
        (found,) = [f for f in report.findings if f.code == "MC308"]

        assert (Severity.WARNING, "exception_criteria[0]") == (
            found.severity,
            found.path,
        )
        assert (
            'Exception criterion opps-low "Too few opportunities" watches '
            "metric opps where region=latam, and no observation matches, so it "
            "can never raise an exception; check the dimension values."
        ) == found.message

    def test_split(self, compliant: Agreement) -> None:
        """No opportunity has a 'country' dimension: all are judged as one, no item."""
        variant = _with(compliant, _criterion(split="country"))

        report = check(variant, as_of=AS_OF, observations=LOG)

        assert [
            (
                "exception-criterion:opps-low",
                (
                    'Exception criterion opps-low "Too few opportunities" splits '
                    "metric opps by country, and no observation has that "
                    "dimension, so it judges them all together, as the records "
                    "without it, and never one item; check the dimension name."
                ),
            )
        ] == [(f.subject, f.message) for f in report.findings if f.code == "MC308"]

    def test_some_records_with_the_split(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A record with the dimension beside records without it: nothing to tell."""
        variant = _with(compliant, _criterion(split="country"))
        log = [
            *LOG,
            Observation("opps", dt.date(2026, 10, 8), 1, dims={"country": "fr"}),
        ]

        assert [] == subjects(variant, "MC308", observations=log)

    def test_silent(self, compliant: Agreement, subjects: Subjects) -> None:
        """A criterion on observed values, or a check without observations, is fine."""
        variant = _with(compliant, _criterion())

        assert ([], []) == (
            subjects(variant, "MC308", observations=LOG),
            subjects(_with(compliant, _criterion(measure="revenue")), "MC308"),
        )


class TestCatalogue:
    """Both codes are in the catalogue with a template per case."""

    def test_codes(self) -> None:
        """MC307 is an error, MC308 a warning."""
        assert (Severity.ERROR, Severity.WARNING) == (CODES["MC307"], CODES["MC308"])

    def test_templates(self) -> None:
        """A template per bound and per thing never observed."""
        assert (
            ["exception.lower", "exception.upper"],
            [
                "exception-criterion.metric",
                "exception-criterion.split",
                "exception-criterion.where",
            ],
        ) == (sorted(MESSAGES["MC307"]), sorted(MESSAGES["MC308"]))
