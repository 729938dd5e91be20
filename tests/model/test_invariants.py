from __future__ import annotations

import datetime as dt
import json
import pickle
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest
from tests.conftest import tampered, tampered_calendar

from mutualcommit import dumps, loads
from mutualcommit.errors import (
    FormatError,
    InvalidAgreementError,
    InvalidFieldsError,
    MutualCommitError,
)
from mutualcommit.model import (
    Agreement,
    Metric,
    Party,
    Quantity,
    Review,
    Role,
    Signature,
    Tier,
)

_SEGMENT = re.compile(r"\.?([a-z_]+)|\[(\d+)\]")


def _segments(path: str) -> list[str | int]:
    return [int(index) if index else name for name, index in _SEGMENT.findall(path)]


def _replaced(value: Any, segments: list[str | int], new: Any) -> Any:
    """Return *value* with the part at *segments* replaced, rebuilding the way up."""
    if not segments:
        return new
    head, *rest = segments
    if isinstance(head, int):
        items = list(value)
        items[head] = _replaced(items[head], rest, new)
        return tuple(items)
    replaced = _replaced(getattr(value, head), rest, new)
    try:
        return attrs.evolve(value, **{head: replaced})
    except InvalidFieldsError:
        # A field its constructor refuses (a where with a number), set
        # around it as a program could: what the invariants say is tested.
        return tampered(value, **{head: replaced})


def changed(agreement: Agreement, path: str, new: Any) -> Agreement:
    """Return *agreement* with the value at the model path *path* replaced."""
    result: Agreement = _replaced(agreement, _segments(path), new)
    return result


def problem_paths(agreement: Agreement, path: str, new: Any) -> list[str]:
    """Return the paths of the problems that changing *path* to *new* causes."""
    if callable(new):
        new = new(agreement)
    with pytest.raises(InvalidAgreementError) as caught:
        changed(agreement, path, new)
    return [p for p, _ in caught.value.problems]


def _twin(collection: str) -> Callable[[Agreement], tuple[Any, ...]]:
    """Append a copy of the collection's first item: the same id twice."""

    def make(agreement: Agreement) -> tuple[Any, ...]:
        items: tuple[Any, ...] = getattr(agreement, collection)
        return (*items, items[0])

    return make


class TestReference:
    """The reference agreement of these tests is valid."""

    def test_builds(self, agreement: Agreement) -> None:
        """It builds, and rebuilding it with no change gives an equal agreement."""
        assert agreement == attrs.evolve(agreement)


class TestIdentifiers:
    """Ids are well formed and unique within each collection."""

    @pytest.mark.parametrize(
        "bad",
        [
            "",
            "-leading-dash",
            ".dot",
            "white space",
            "line\n",
            "tab\t",
            "ünïcode",
            "slash/",
            "a" * 129,
        ],
    )
    def test_malformed_agreement_id(self, agreement: Agreement, bad: str) -> None:
        """A malformed agreement id is reported at `id`."""
        assert ["id"] == problem_paths(agreement, "id", bad)

    @pytest.mark.parametrize(
        "good", ["a", "A" * 128, "0015g00000XyZabAAB", "a.b_c:d-e"]
    )
    def test_well_formed(self, agreement: Agreement, good: str) -> None:
        """Any id of the pattern is accepted, up to 128 characters."""
        assert good == changed(agreement, "id", good).id

    @pytest.mark.parametrize(
        "path",
        [
            "parties[2].id",
            "metrics[3].id",
            "goals[2].id",
            "contributions[2].id",
            "allocations[0].id",
            "incentives[0].id",
            "clauses[0].id",
            "reviews[0].id",
            "reviews[0].actions[0].id",
        ],
    )
    def test_malformed_entity_id(self, agreement: Agreement, path: str) -> None:
        """A malformed id of any entity is reported at its path."""
        paths = problem_paths(agreement, path, "bad id")
        # Breaking a referenced id also leaves its references dangling.
        assert path == paths[0]

    @pytest.mark.parametrize(
        ("collection", "expected"),
        [
            ("parties", "parties[3].id"),
            ("metrics", "metrics[4].id"),
            ("goals", "goals[3].id"),
            ("contributions", "contributions[3].id"),
            ("allocations", "allocations[2].id"),
            ("incentives", "incentives[3].id"),
            ("clauses", "clauses[1].id"),
            ("reviews", "reviews[1].id"),
        ],
    )
    def test_duplicate(
        self, agreement: Agreement, collection: str, expected: str
    ) -> None:
        """A second item with an id already in its collection is reported."""
        assert [expected] == problem_paths(agreement, collection, _twin(collection))

    def test_duplicate_action(self, agreement: Agreement) -> None:
        """Action items are unique within their review."""
        twice = (*agreement.reviews[0].actions, agreement.reviews[0].actions[0])

        assert ["reviews[0].actions[1].id"] == problem_paths(
            agreement, "reviews[0].actions", twice
        )

    def test_same_id_in_different_collections(self, agreement: Agreement) -> None:
        """Ids are unique per collection: a goal and a metric may share one."""
        assert "revenue" == agreement.goals[1].id == agreement.metrics[1].id


class TestReferences:
    """Every reference resolves."""

    @pytest.mark.parametrize(
        ("path", "new"),
        [
            ("goals[0].target.metric", "nope"),
            ("contributions[0].target.metric", "nope"),
            ("metrics[0].reported_by", "nobody"),
            ("contributions[0].party", "nobody"),
            ("allocations[0].party", "nobody"),
            ("allocations[0].contribution", "nope"),
            ("reviews[0].actions[0].owner", "nobody"),
            ("signatures[0].party", "nobody"),
            ("incentives[0].payer", "nobody"),
            ("incentives[0].beneficiary", "nobody"),
            ("incentives[0].goal", "nope"),
            ("incentives[1].contribution", "nope"),
            ("incentives[0].tiers[0].of", "nope"),
        ],
    )
    def test_dangling(self, agreement: Agreement, path: str, new: str) -> None:
        """A reference to an id that does not exist is reported at the reference."""
        assert [path] == problem_paths(agreement, path, new)

    @pytest.mark.parametrize(
        ("path", "new", "expected"),
        [
            (
                "contributions[0].supports",
                ("pipeline", "nope"),
                "contributions[0].supports[1]",
            ),
            ("reviews[0].attendees", ("acme", "nobody"), "reviews[0].attendees[1]"),
            (
                "reviews[0].actions[0].goals",
                ("nope",),
                "reviews[0].actions[0].goals[0]",
            ),
            (
                "reviews[0].actions[0].contributions",
                ("cosell", "nope"),
                "reviews[0].actions[0].contributions[1]",
            ),
        ],
    )
    def test_dangling_in_list(
        self, agreement: Agreement, path: str, new: tuple[str, ...], expected: str
    ) -> None:
        """A dangling id in a list of references is reported with its index."""
        assert [expected] == problem_paths(agreement, path, new)

    def test_reference_to_a_goal_is_not_to_a_metric(self, agreement: Agreement) -> None:
        """References resolve in their own collection only."""
        assert ["goals[0].target.metric"] == problem_paths(
            agreement, "goals[0].target.metric", "pipeline"
        )


class TestIncentives:
    """An incentive's parties, basis and tiers follow SPEC §3."""

    def test_payer_is_beneficiary(self, agreement: Agreement) -> None:
        """The payer and the beneficiary differ."""
        assert ["incentives[0].beneficiary"] == problem_paths(
            agreement, "incentives[0].beneficiary", "acme"
        )

    def test_goal_and_contribution(self, agreement: Agreement) -> None:
        """An incentive rewards a goal or a contribution, not both."""
        assert ["incentives[0]"] == problem_paths(
            agreement, "incentives[0].contribution", "cosell"
        )

    def test_no_basis(self, agreement: Agreement) -> None:
        """An incentive rewards a goal or a contribution."""
        assert ["incentives[0]"] == problem_paths(agreement, "incentives[0].goal", None)

    def test_no_tiers(self, agreement: Agreement) -> None:
        """An incentive has at least one tier."""
        assert ["incentives[1].tiers"] == problem_paths(
            agreement, "incentives[1].tiers", ()
        )

    @pytest.mark.parametrize("threshold", [Decimal(1), Decimal("1.0"), Decimal("0.5")])
    def test_thresholds_not_increasing(
        self, agreement: Agreement, threshold: Decimal
    ) -> None:
        """Thresholds strictly increase: equal or smaller ones are refused."""
        assert ["incentives[0].tiers[1].threshold"] == problem_paths(
            agreement, "incentives[0].tiers[1].threshold", threshold
        )

    @pytest.mark.parametrize("threshold", [Decimal(0), Decimal("-0.0"), Decimal(-1)])
    def test_threshold_not_positive(
        self, agreement: Agreement, threshold: Decimal
    ) -> None:
        """Thresholds are positive."""
        assert ["incentives[0].tiers[0].threshold"] == problem_paths(
            agreement, "incentives[0].tiers[0].threshold", threshold
        )

    def test_two_rewards_in_a_tier(self, agreement: Agreement) -> None:
        """A tier has exactly one of amount, rate and status: not two."""
        amount = Quantity(amount=Decimal(1), unit="EUR")

        assert ["incentives[0].tiers[0]"] == problem_paths(
            agreement, "incentives[0].tiers[0].amount", amount
        )

    def test_no_reward_in_a_tier(self, agreement: Agreement) -> None:
        """A tier has exactly one of amount, rate and status: not none."""
        assert ["incentives[2].tiers[0]"] == problem_paths(
            agreement, "incentives[2].tiers[0].amount", None
        )

    def test_rate_without_of(self, agreement: Agreement) -> None:
        """A rate needs `of`, the metric it is a share of."""
        assert ["incentives[0].tiers[0].of"] == problem_paths(
            agreement, "incentives[0].tiers[0].of", None
        )

    def test_of_without_rate(self, agreement: Agreement) -> None:
        """`of` goes with a rate only."""
        assert ["incentives[2].tiers[0].of"] == problem_paths(
            agreement, "incentives[2].tiers[0].of", "revenue"
        )

    def test_of_a_metric_not_in_a_currency(self, agreement: Agreement) -> None:
        """A rate is a share of a metric whose unit is a currency."""
        assert ["incentives[0].tiers[0].of"] == problem_paths(
            agreement, "incentives[0].tiers[0].of", "cosell-opps"
        )

    def test_negative_rate(self, agreement: Agreement) -> None:
        """A rate is not negative."""
        assert ["incentives[0].tiers[0].rate"] == problem_paths(
            agreement, "incentives[0].tiers[0].rate", Decimal("-0.01")
        )

    def test_status_mixed_with_paying(self, agreement: Agreement) -> None:
        """Status tiers are all of an incentive's tiers, or none."""
        paying = Tier(
            threshold=Decimal(2), amount=Quantity(amount=Decimal(5), unit="EUR")
        )

        assert ["incentives[1].tiers"] == problem_paths(
            agreement, "incentives[1].tiers", lambda a: (*a.incentives[1].tiers, paying)
        )

    def test_two_payout_units(self, agreement: Agreement) -> None:
        """An incentive pays in one unit."""
        dollars = Tier(
            threshold=Decimal(2), amount=Quantity(amount=Decimal(5), unit="USD")
        )

        assert ["incentives[2].tiers"] == problem_paths(
            agreement,
            "incentives[2].tiers",
            lambda a: (*a.incentives[2].tiers, dollars),
        )

    def test_rate_and_amount_in_one_currency(self, agreement: Agreement) -> None:
        """Rate tiers and amount tiers may mix when they pay in one currency."""
        euros = Tier(
            threshold=Decimal(2), amount=Quantity(amount=Decimal(5), unit="EUR")
        )

        mixed = changed(
            agreement, "incentives[0].tiers", (*agreement.incentives[0].tiers, euros)
        )

        assert euros == mixed.incentives[0].tiers[-1]

    def test_cap_in_another_unit(self, agreement: Agreement) -> None:
        """The cap is in the payout unit."""
        assert ["incentives[0].cap"] == problem_paths(
            agreement, "incentives[0].cap", Quantity(amount=Decimal(1), unit="USD")
        )

    def test_cap_on_status_tiers(self, agreement: Agreement) -> None:
        """Status tiers pay nothing, so there is nothing to cap."""
        assert ["incentives[1].cap"] == problem_paths(
            agreement, "incentives[1].cap", Quantity(amount=Decimal(1), unit="EUR")
        )

    def test_blank_status(self, agreement: Agreement) -> None:
        """A status is a non-empty name."""
        assert ["incentives[1].tiers[0].status"] == problem_paths(
            agreement, "incentives[1].tiers[0].status", " "
        )

    def test_blank_title(self, agreement: Agreement) -> None:
        """An incentive has a title."""
        assert ["incentives[0].title"] == problem_paths(
            agreement, "incentives[0].title", " "
        )

    def test_not_a_tier(self, agreement: Agreement) -> None:
        """Tiers are `Tier` values."""
        assert ["incentives[1].tiers[1]"] == problem_paths(
            agreement,
            "incentives[1].tiers",
            lambda a: (a.incentives[1].tiers[0], "gold"),
        )

    @pytest.mark.parametrize("threshold", [Decimal("NaN"), Decimal("Infinity")])
    def test_threshold_not_finite(
        self, agreement: Agreement, threshold: Decimal
    ) -> None:
        """A threshold is a finite Decimal."""
        assert ["incentives[0].tiers[0].threshold"] == problem_paths(
            agreement, "incentives[0].tiers[0].threshold", threshold
        )

    def test_negative_amount(self, agreement: Agreement) -> None:
        """A tier's fixed reward is not negative."""
        assert ["incentives[2].tiers[0].amount.amount"] == problem_paths(
            agreement,
            "incentives[2].tiers[0].amount",
            Quantity(amount=Decimal(-1), unit="EUR"),
        )

    def test_negative_cap(self, agreement: Agreement) -> None:
        """A cap is not negative."""
        assert ["incentives[0].cap.amount"] == problem_paths(
            agreement, "incentives[0].cap", Quantity(amount=Decimal(-1), unit="EUR")
        )

    def test_malformed_payout_unit(self, agreement: Agreement) -> None:
        """A tier's amount is in a well-formed unit, reported once (not again at the cap)."""
        assert [
            "incentives[2].tiers[0].amount.unit",
        ] == problem_paths(
            agreement,
            "incentives[2].tiers[0].amount",
            Quantity(amount=Decimal(5), unit="euro"),
        )


class TestTerm:
    """The term, the fiscal calendar, currencies and units are well formed."""

    def test_start_after_end(self, agreement: Agreement) -> None:
        """A term that ends before it starts is reported at `end`."""
        assert ["end"] == problem_paths(agreement, "start", dt.date(2027, 1, 1))

    def test_one_day_term(self, agreement: Agreement) -> None:
        """A term may start and end on the same day."""
        one_day = changed(agreement, "end", agreement.start)

        assert one_day.start == one_day.end

    @pytest.mark.parametrize("month", [0, 13, -1, True])
    def test_start_month(self, agreement: Agreement, month: int) -> None:
        """The fiscal year starts in a month 1-12."""
        assert ["fiscal_calendar.start_month"] == problem_paths(
            agreement, "fiscal_calendar", tampered_calendar(start_month=month)
        )

    def test_naming(self, agreement: Agreement) -> None:
        """Fiscal years are named by their end or their start year."""
        calendar = tampered_calendar(naming="middle")

        assert ["fiscal_calendar.naming"] == problem_paths(
            agreement, "fiscal_calendar", calendar
        )

    @pytest.mark.parametrize("currency", ["eur", "EURO", "EU", "E1R", "", "€", "count"])
    def test_currency(self, agreement: Agreement, currency: str) -> None:
        """The currency is three upper-case letters."""
        assert ["currency"] == problem_paths(agreement, "currency", currency)

    def test_unknown_currency_code(self, agreement: Agreement) -> None:
        """A well-formed code need not be ISO 4217 (rule MC107 reports that)."""
        assert "XQZ" == changed(agreement, "currency", "XQZ").currency

    @pytest.mark.parametrize("unit", ["kg", "Count", "eur", "EUR ", "hours", ""])
    def test_metric_unit(self, agreement: Agreement, unit: str) -> None:
        """A unit is a currency code or count, percent, fte, hour, day."""
        assert ["metrics[0].unit"] == problem_paths(agreement, "metrics[0].unit", unit)

    @pytest.mark.parametrize(
        ("path", "expected"),
        [
            ("allocations[0].amount.unit", ["allocations[0].amount.unit"]),
            ("parties[0].capacity[0].unit", ["parties[0].capacity[0].unit"]),
            # A malformed unit is not the payout unit either.
            ("incentives[0].cap.unit", ["incentives[0].cap.unit"]),
        ],
    )
    def test_quantity_unit(
        self, agreement: Agreement, path: str, expected: list[str]
    ) -> None:
        """A quantity's unit is well formed wherever the quantity is."""
        assert expected == problem_paths(agreement, path, "euro")

    def test_second_capacity_in_a_unit(self, agreement: Agreement) -> None:
        """A party declares one capacity per unit."""
        euros = Quantity(amount=Decimal(1), unit="EUR")

        assert ["parties[0].capacity[2].unit"] == problem_paths(
            agreement, "parties[0].capacity", lambda a: (*a.parties[0].capacity, euros)
        )

    @pytest.mark.parametrize(
        "path",
        ["allocations[0].amount.amount", "parties[0].capacity[1].amount"],
    )
    def test_negative_amount(self, agreement: Agreement, path: str) -> None:
        """Allocated and declared amounts are not negative."""
        assert [path] == problem_paths(agreement, path, Decimal(-1))

    @pytest.mark.parametrize("version", [0, -1, True])
    def test_version(self, agreement: Agreement, version: int) -> None:
        """The version is a whole number from 1."""
        assert ["version"] == problem_paths(agreement, "version", version)


_BAD_DECIMALS = [
    Decimal("NaN"),
    Decimal("-NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    Decimal("-Infinity"),
    Decimal("1E+15"),
    Decimal("-1E+15"),
    Decimal("1000000000000000.0"),
    Decimal("1E+999999999"),
    Decimal("0.0000000000001"),
    Decimal("1.0000000000000"),
    Decimal("0E-13"),
]


class TestDecimals:
    """Amounts and target values are finite, below 10^15, with at most 12 places."""

    @pytest.mark.parametrize("bad", _BAD_DECIMALS, ids=str)
    def test_target_value(self, agreement: Agreement, bad: Decimal) -> None:
        """A bad target value is reported at the value."""
        assert ["goals[0].target.value"] == problem_paths(
            agreement, "goals[0].target.value", bad
        )

    @pytest.mark.parametrize(
        "path",
        [
            "goals[1].weight",
            "goals[1].target.baseline",
            "goals[1].target.steps[0].value",
            "contributions[0].target.value",
            "allocations[0].amount.amount",
            "parties[0].capacity[0].amount",
            "incentives[0].cap.amount",
            "incentives[0].tiers[0].rate",
            "incentives[2].tiers[0].amount.amount",
        ],
    )
    @pytest.mark.parametrize(
        "bad", [Decimal("NaN"), Decimal("1E+15"), Decimal("1E-13")], ids=str
    )
    def test_everywhere(self, agreement: Agreement, path: str, bad: Decimal) -> None:
        """Every decimal of the terms is checked, at its own path."""
        assert [path] == problem_paths(agreement, path, bad)

    @pytest.mark.parametrize(
        "bad", [Decimal("NaN"), Decimal(0), Decimal("1E+15")], ids=str
    )
    def test_threshold(self, agreement: Agreement, bad: Decimal) -> None:
        """A tier threshold is a positive model decimal."""
        assert ["incentives[0].tiers[0].threshold"] == problem_paths(
            agreement, "incentives[0].tiers[0].threshold", bad
        )

    @pytest.mark.parametrize("bad", [1.5, True, None], ids=repr)
    def test_not_a_decimal(self, agreement: Agreement, bad: object) -> None:
        """Floats, bools and None are refused when the Target is built: money is never a float."""
        target = agreement.goals[0].target
        assert target is not None
        with pytest.raises(TypeError) as caught:
            attrs.evolve(target, value=bad)  # type: ignore[arg-type]  # wrong type on purpose

        [(path, message)] = caught.value.problems  # type: ignore[attr-defined]
        assert ("value", True) == (
            path,
            message.startswith("expected a Decimal, int or decimal string"),
        )

    @pytest.mark.parametrize("exact", [10, "10"], ids=repr)
    def test_exact_values_are_converted(
        self, agreement: Agreement, exact: object
    ) -> None:
        """An int or a decimal string is taken as that Decimal."""
        goal_target = agreement.goals[0].target
        assert goal_target is not None
        target = attrs.evolve(goal_target, value=exact)  # type: ignore[arg-type]  # converted

        assert Decimal(10) == target.value

    @pytest.mark.parametrize(
        "good",
        [
            Decimal("999999999999999.999999999999"),
            Decimal("-999999999999999.999999999999"),
            Decimal("0.000000000001"),
            Decimal("-1E-12"),
            Decimal("1E+14"),
            Decimal("-0.0"),
            Decimal("0E+20"),
        ],
        ids=str,
    )
    def test_bounds_accepted(self, agreement: Agreement, good: Decimal) -> None:
        """Values just inside the bounds are accepted."""
        target = changed(agreement, "goals[0].target.value", good).goals[0].target

        assert target is not None
        assert good == target.value

    def test_negative_weight(self, agreement: Agreement) -> None:
        """A goal's weight is not negative."""
        assert ["goals[1].weight"] == problem_paths(
            agreement, "goals[1].weight", Decimal(-1)
        )


class TestTargets:
    """A due day is only on TERM targets, and steps strictly increase."""

    def test_due_on_a_repeating_target(self, agreement: Agreement) -> None:
        """A target that repeats per quarter has no due day."""
        assert ["goals[0].target.due"] == problem_paths(
            agreement, "goals[0].target.due", dt.date(2026, 6, 30)
        )

    def test_due_outside_the_term(self, agreement: Agreement) -> None:
        """A due day outside the term is representable (rule MC102 reports it)."""
        due = dt.date(2027, 3, 1)

        target = changed(agreement, "goals[1].target.due", due).goals[1].target

        assert target is not None
        assert due == target.due

    @pytest.mark.parametrize("starting", [dt.date(2026, 7, 1), dt.date(2026, 6, 1)])
    def test_steps_not_increasing(
        self, agreement: Agreement, starting: dt.date
    ) -> None:
        """A step starting on or before the previous one is reported."""
        assert ["goals[1].target.steps[1].starting"] == problem_paths(
            agreement, "goals[1].target.steps[1].starting", starting
        )

    def test_where_values_are_strings(self, agreement: Agreement) -> None:
        """A target's `where` maps dimensions to strings."""
        assert ["goals[0].target.where.party"] == problem_paths(
            agreement, "goals[0].target.where", {"party": 7}
        )


class TestReviewRule:
    """A review rule is one RRULE that python-dateutil parses, without DTSTART."""

    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=NEVER",
            "",
            "   ",
            "BOGUS",
            "INTERVAL=3",
            "FREQ=MONTHLY;FOO=1",
            "FREQ=MONTHLY;BYSETPOS=0",
            "FREQ=MONTHLY\nFREQ=WEEKLY",
            "FREQ=MONTHLY;INTERVAL=0",
            "EXRULE:FREQ=DAILY",
            "RDATE:20260101",
        ],
    )
    def test_refused(self, agreement: Agreement, rule: str) -> None:
        """A rule that is not one parseable RRULE is reported at `review_rule`."""
        assert ["review_rule"] == problem_paths(agreement, "review_rule", rule)

    @pytest.mark.parametrize(
        "rule",
        [
            "DTSTART:20260101T000000\nRRULE:FREQ=MONTHLY",
            "FREQ=MONTHLY;DTSTART=20260101",
            "DTSTART=20260101;FREQ=MONTHLY",
        ],
    )
    def test_dtstart(self, agreement: Agreement, rule: str) -> None:
        """A DTSTART is refused and named: the rule starts on the term's start."""
        with pytest.raises(InvalidAgreementError) as caught:
            changed(agreement, "review_rule", rule)

        [(path, message)] = caught.value.problems
        assert "review_rule" == path
        assert "DTSTART" in message

    @pytest.mark.parametrize(
        "rule",
        [
            "FREQ=MONTHLY;INTERVAL=3",
            "FREQ=WEEKLY;INTERVAL=6",
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=TU;BYSETPOS=1",
            "RRULE:FREQ=MONTHLY;INTERVAL=3",
            "freq=monthly;interval=3",
        ],
    )
    def test_accepted(self, agreement: Agreement, rule: str) -> None:
        """Common quarterly and six-weekly cadences are accepted."""
        assert rule == changed(agreement, "review_rule", rule).review_rule


class TestText:
    """Names and titles are non-empty text; all text is valid Unicode."""

    @pytest.mark.parametrize(
        "path",
        [
            "parties[0].name",
            "metrics[0].name",
            "goals[0].title",
            "contributions[0].title",
            "incentives[0].title",
            "clauses[0].title",
            "reviews[0].actions[0].title",
            "signatures[0].signed_by",
        ],
    )
    @pytest.mark.parametrize("blank", ["", "  \t"])
    def test_blank(self, agreement: Agreement, path: str, blank: str) -> None:
        """A blank name or title is reported."""
        assert [path] == problem_paths(agreement, path, blank)

    @pytest.mark.parametrize(
        "blank",
        [
            "\u200b",  # zero-width space
            "\u2060",  # word joiner
            "\ufeff",  # byte order mark
            "\u200c\u200d",  # zero-width non-joiner and joiner
            "\u00ad",  # soft hyphen
            "\u3164",  # Hangul filler
            "\u2068\u2069",  # an empty isolate
            "\U000e0041",  # a tag letter
            " \u200b\u00a0\u200b ",
        ],
    )
    def test_invisible(self, agreement: Agreement, blank: str) -> None:
        """A title or name of invisible characters is blank: reported, loaded or built."""
        document = json.loads(dumps(agreement))
        document["title"] = blank
        document["parties"][0]["name"] = blank

        with pytest.raises(FormatError) as loaded:
            loads(json.dumps(document))
        assert ["$.title", "$.parties[0].name"] == [
            path for path, _ in loaded.value.problems
        ]
        assert ["title"] == problem_paths(agreement, "title", blank)

    def test_invisible_named(self, agreement: Agreement) -> None:
        """The message names the invisible characters a blank title holds."""
        message = (
            "expected a non-empty string, got only invisible characters "
            "(U+200B ZERO WIDTH SPACE, U+FEFF ZERO WIDTH NO-BREAK SPACE)"
        )
        with pytest.raises(InvalidAgreementError) as caught:
            changed(agreement, "title", "\u200b\ufeff\u200b")
        assert [("title", message)] == list(caught.value.problems)

    @pytest.mark.parametrize(
        "shown",
        [
            "\u200bAcme",  # a letter after the invisible character
            "\u0600",  # Arabic number sign: a format character that prints
            "\u2800",  # a blank Braille cell, a space's width on paper
            "e\u0301",  # a mark on its base
        ],
    )
    def test_visible(self, agreement: Agreement, shown: str) -> None:
        """Text with something a reader sees, or a printed sign, is a title."""
        assert shown == changed(agreement, "title", shown).title

    @pytest.mark.parametrize(
        "path", ["title", "goals[0].description", "reviews[0].notes"]
    )
    def test_lone_surrogate(self, agreement: Agreement, path: str) -> None:
        """Text with a lone surrogate (not encodable as UTF-8) is reported."""
        assert [path] == problem_paths(agreement, path, "bad \ud800")


class TestSignatures:
    """Signatures name a party once and carry a well-formed fingerprint."""

    @pytest.mark.parametrize(
        "fingerprint",
        ["sha256:" + "A" * 64, "sha256:" + "0" * 63, "md5:" + "0" * 32, "0" * 64, ""],
    )
    def test_fingerprint(self, agreement: Agreement, fingerprint: str) -> None:
        """A fingerprint is 'sha256:' and 64 lower-case hex digits."""
        assert ["signatures[0].fingerprint"] == problem_paths(
            agreement, "signatures[0].fingerprint", fingerprint
        )

    def test_signed_twice(self, agreement: Agreement) -> None:
        """A party signs once: a second signature of it is reported."""
        assert ["signatures[1].party"] == problem_paths(
            agreement, "signatures", _twin("signatures")
        )


class TestExtensions:
    """Extensions hold JSON-like values only."""

    @pytest.mark.parametrize(
        ("extensions", "expected"),
        [
            ({"x": float("nan")}, "extensions.x"),
            ({"x": float("inf")}, "extensions.x"),
            ({"x": Decimal("1E+400")}, "extensions.x"),
            ({"x": [Decimal("NaN")]}, "extensions.x[0]"),
            ({"x": {"y": [1, {2, 3}]}}, "extensions.x.y[1]"),
            ({"x": {1: "a"}}, "extensions.x"),
            ({"x": "\udc00"}, "extensions.x"),
        ],
    )
    def test_not_json(
        self, agreement: Agreement, extensions: dict[str, Any], expected: str
    ) -> None:
        """A value JSON cannot hold is reported at its path inside the extensions."""
        assert [expected] == problem_paths(agreement, "extensions", extensions)

    def test_decimal_is_read_as_its_float(self, agreement: Agreement) -> None:
        """A Decimal a double holds is the float of its digits, as from_dict reads it."""
        built = changed(agreement, "extensions", {"x": Decimal("1.50")})

        assert (1.5, float) == (built.extensions["x"], type(built.extensions["x"]))

    def test_nested_entity(self, agreement: Agreement) -> None:
        """An entity's extensions are checked at the entity's path."""
        assert ["goals[0].extensions.x"] == problem_paths(
            agreement, "goals[0].extensions", {"x": float("nan")}
        )

    def test_too_deep(self, agreement: Agreement) -> None:
        """Nesting past 64 levels is refused where the readers refuse it, not written unreadable.

        It was accepted, and dumps wrote a document loads refused.
        """
        deep: Any = 1
        for _ in range(70):
            deep = [deep]

        with pytest.raises(InvalidAgreementError) as caught:
            changed(agreement, "goals[0].extensions", {"deep": deep})

        assert [
            (
                "goals[0].extensions.deep" + "[0]" * 63,
                "expected at most 64 levels of nesting",
            )
        ] == list(caught.value.problems)

    def test_deepest_kept_round_trips(self, agreement: Agreement) -> None:
        """64 levels in all (the extensions and 63 inside) are built, written and read back."""
        deep: Any = 1
        for _ in range(62):
            deep = {"a": deep}

        built = changed(agreement, "goals[0].extensions", {"x": deep})

        assert built == loads(dumps(built))

    def test_far_too_deep_is_no_recursion_error(self, agreement: Agreement) -> None:
        """5 000 levels: the same InvalidAgreementError, not a RecursionError."""
        deep: Any = 1
        for _ in range(5000):
            deep = {"a": deep}

        with pytest.raises(InvalidAgreementError, match="levels of nesting"):
            changed(agreement, "goals[0].extensions", {"x": deep})


class TestAllAtOnce:
    """Every broken invariant is reported in one error, in a stable order."""

    def test_every_problem(self, agreement: Agreement) -> None:
        """Six unrelated problems come out together, each with its path."""
        with pytest.raises(InvalidAgreementError) as caught:
            attrs.evolve(
                agreement,
                id="",
                end=dt.date(2025, 1, 1),
                currency="euro",
                fiscal_calendar=tampered_calendar(start_month=13),
                metrics=(
                    *agreement.metrics,
                    Metric(
                        id="weight",
                        name="Weight",
                        unit="kg",
                        aggregation=agreement.metrics[0].aggregation,
                    ),
                ),
                parties=(
                    *agreement.parties,
                    Party(id="acme", name="Twin", role=Role.VENDOR),
                ),
                review_rule="FREQ=MONTHLY;INTERVAL=0",
                reviews=(
                    *agreement.reviews,
                    Review(
                        id="q2", held_on=dt.date(2026, 6, 30), attendees=("nobody",)
                    ),
                ),
                signatures=(
                    Signature(
                        party="acme",
                        signed_by="",
                        signed_on=dt.date(2025, 12, 1),
                        fingerprint="x",
                    ),
                ),
            )

        assert [
            "id",
            "end",
            "currency",
            "fiscal_calendar.start_month",
            "parties[3].id",
            "metrics[4].unit",
            "review_rule",
            "reviews[1].attendees[0]",
            "signatures[0].signed_by",
            "signatures[0].fingerprint",
        ] == [path for path, _ in caught.value.problems]


class TestInvalidAgreementError:
    """The error carries every problem, says them all, and pickles."""

    @pytest.fixture
    def error(self, agreement: Agreement) -> InvalidAgreementError:
        """Return the error of an agreement with three problems."""
        with pytest.raises(InvalidAgreementError) as caught:
            attrs.evolve(agreement, id="", currency="euro", end=dt.date(2025, 1, 1))
        return caught.value

    def test_problems(self, error: InvalidAgreementError) -> None:
        """`problems` is a tuple of (path, message) string pairs."""
        assert ["id", "end", "currency"] == [path for path, _ in error.problems]
        assert isinstance(error.problems, tuple)
        assert all(isinstance(m, str) and m for _, m in error.problems)

    def test_is_a_value_error(self, error: InvalidAgreementError) -> None:
        """It is a MutualCommitError and a ValueError."""
        assert isinstance(error, MutualCommitError)
        assert isinstance(error, ValueError)

    def test_str_lists_every_path(self, error: InvalidAgreementError) -> None:
        """The message counts the problems and has one line per problem."""
        lines = str(error).splitlines()

        assert "invalid agreement (3 problems):" == lines[0]
        assert [f"  {path}: {message}" for path, message in error.problems] == lines[1:]

    def test_pickles(self, error: InvalidAgreementError) -> None:
        """A pickled error comes back with the same type, problems and message."""
        copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own data

        assert InvalidAgreementError is type(copy)
        assert error.problems == copy.problems
        assert str(error) == str(copy)
        assert repr(error) == repr(copy)

    def test_one_problem(self) -> None:
        """One problem is counted in the singular."""
        error = InvalidAgreementError([("id", "bad")])

        assert "invalid agreement (1 problem):\n  id: bad" == str(error)


class TestQuotedKeyPaths:
    """A key that is no plain name is quoted in the path, as the readers quote it."""

    def test_extensions(self, agreement: Agreement) -> None:
        """A dot in an extensions key is not read as a step of the path."""
        assert ['extensions["crm.system"]'] == problem_paths(
            agreement, "extensions", {"crm.system": float("inf")}
        )

    def test_party_extensions(self, agreement: Agreement) -> None:
        """A space in a key is quoted too, under a party."""
        assert ['parties[0].extensions["a b"]'] == problem_paths(
            agreement, "parties[0].extensions", {"a b": "\ud800"}
        )

    def test_nested_plain_keys(self, agreement: Agreement) -> None:
        """Plain keys follow a dot, nested or not."""
        assert ["extensions.a.b"] == problem_paths(
            agreement, "extensions", {"a": {"b": float("nan")}}
        )

    def test_where_nfc_collision(self, agreement: Agreement) -> None:
        """The second of two where keys that are one text in NFC, quoted as written."""
        where = {"\u00cele.x": "a", "I\u0302le.x": "b"}

        assert ['goals[0].target.where["I\\u0302le.x"]'] == problem_paths(
            agreement, "goals[0].target.where", where
        )
