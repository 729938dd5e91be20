"""Observations as a log (SPEC §5): refs, corrections, retractions, filters, bad input."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
from collections.abc import Callable, Iterable
from decimal import Decimal

import attrs
import pytest

from mutualcommit.errors import FormatError, InvalidObservationsError, MutualCommitError
from mutualcommit.kpi import Observation, evaluate
from mutualcommit.model import (
    Aggregation,
    Agreement,
    Direction,
    ExceptionCriterion,
    Metric,
    Period,
)
from mutualcommit.serialize import (
    dumps,
    from_dict,
    load_observations,
    loads,
    observation_from_dict,
    observation_to_dict,
    to_dict,
)

OneGoal = Callable[..., Agreement]
D = Decimal
AS_OF = dt.date(2026, 6, 30)


def day(text: str) -> dt.date:
    """Read an ISO date."""
    return dt.date.fromisoformat(text)


def obs(
    at: str,
    value: str | None,
    ref: str | None = None,
    dims: dict[str, str] | None = None,
    metric: str = "m",
) -> Observation:
    """An observation of metric ``m`` (by default) from text values."""
    return Observation(
        metric=metric,
        at=day(at),
        value=None if value is None else D(value),
        ref=ref,
        dims=dims or {},
    )


def actual(agreement: Agreement, observations: Iterable[Observation]) -> Decimal | None:
    """Goal ``g``'s current actual as of `AS_OF`."""
    return evaluate(agreement, observations, as_of=AS_OF).goal("g").current.actual


class TestRefs:
    """Records with the same ref on the same metric are one: the later wins."""

    def test_duplicates_count_once(self, one_goal: OneGoal) -> None:
        """The same export fed twice: DR-1 (5) and DR-2 (7) twice sum to 5 + 7 = 12, not 24."""
        export = [obs("2026-02-01", "5", "DR-1"), obs("2026-02-02", "7", "DR-2")]

        assert D(12) == actual(one_goal("100"), export + export)

    def test_correction_replaces(self, one_goal: OneGoal) -> None:
        """DR-1 is 5, then corrected to 8: the sum is 8 + 1 (no ref) = 9."""
        observations = [
            obs("2026-02-01", "5", "DR-1"),
            obs("2026-02-03", "1"),
            obs("2026-02-01", "8", "DR-1"),
        ]

        assert D(9) == actual(one_goal("100"), observations)

    def test_correction_can_move_the_day(self, one_goal: OneGoal) -> None:
        """DR-1 on 02-01 corrected to 07-05 leaves the first half-year: Q1 and Q2 sum 0."""
        observations = [obs("2026-02-01", "5", "DR-1"), obs("2026-07-05", "5", "DR-1")]

        assert D(0) == actual(one_goal("100"), observations)

    def test_retraction_removes(self, one_goal: OneGoal) -> None:
        """DR-1 (5) retracted by a later null record: only DR-2's 7 is left."""
        observations = [
            obs("2026-02-01", "5", "DR-1"),
            obs("2026-02-02", "7", "DR-2"),
            obs("2026-02-10", None, "DR-1"),
        ]

        assert D(7) == actual(one_goal("100"), observations)

    def test_record_after_a_retraction_counts(self, one_goal: OneGoal) -> None:
        """Retracted, then recorded again: the last word is the 3."""
        observations = [
            obs("2026-02-01", "5", "DR-1"),
            obs("2026-02-10", None, "DR-1"),
            obs("2026-03-01", "3", "DR-1"),
        ]

        assert D(3) == actual(one_goal("100"), observations)

    def test_a_ref_however_composed(self, one_goal: OneGoal) -> None:
        """DR-Zürich (5) corrected to 8 and retracted, each time with u and a combining diaeresis.

        The correction replaces the record and the retraction removes it:
        8 + 7, then 7 (a decomposed ref was another record: 20 and 12).
        """
        composed, decomposed = "DR-Z\u00fcrich", "DR-Zu\u0308rich"
        recorded = [obs("2026-02-01", "5", composed), obs("2026-02-02", "7", "DR-2")]
        corrected = [*recorded, obs("2026-02-01", "8", decomposed)]

        assert [D(15), D(7)] == [
            actual(one_goal("100"), corrected),
            actual(one_goal("100"), [*corrected, obs("2026-02-10", None, decomposed)]),
        ]

    def test_retracting_an_unknown_ref_changes_nothing(self, one_goal: OneGoal) -> None:
        """A retraction of a ref never recorded is no error and removes nothing."""
        observations = [obs("2026-02-01", "5"), obs("2026-02-10", None, "DR-9")]

        assert D(5) == actual(one_goal("100"), observations)

    def test_refs_are_per_metric(self, one_goal: OneGoal) -> None:
        """The same ref on another metric is another record: it leaves m's DR-1 alone."""
        agreement = one_goal("100")
        other = Metric(id="n", name="N", unit="count", aggregation=Aggregation.SUM)
        agreement = agreement.amend(metrics=(*agreement.metrics, other))
        observations = [
            obs("2026-02-01", "5", "DR-1"),
            obs("2026-02-02", None, "DR-1", metric="n"),
        ]

        assert D(5) == actual(agreement, observations)

    def test_a_corrected_reading_takes_the_later_place(self, one_goal: OneGoal) -> None:
        """LAST ties go to the later record; a correction sits where it was made.

        On 03-01: R (4), then X (6), then R corrected to 5: R is now the later
        record of the day, so the level is 5.
        """
        agreement = one_goal("8", aggregation=Aggregation.LAST)
        observations = [
            obs("2026-03-01", "4", "R"),
            obs("2026-03-01", "6", "X"),
            obs("2026-03-01", "5", "R"),
        ]

        assert D(5) == actual(agreement, observations)


class TestWhere:
    """A target counts only the observations whose dims hold every pair of its where."""

    def test_one_pair(self, one_goal: OneGoal) -> None:
        """Where party=p: 5 (p) + 2 (p, emea) count; 7 (v) and 11 (no dims) do not: 7."""
        observations = [
            obs("2026-02-01", "5", dims={"party": "p"}),
            obs("2026-02-02", "7", dims={"party": "v"}),
            obs("2026-02-03", "2", dims={"party": "p", "region": "emea"}),
            obs("2026-02-04", "11"),
        ]

        assert D(7) == actual(one_goal("100", where={"party": "p"}), observations)

    def test_every_pair(self, one_goal: OneGoal) -> None:
        """Where party=p and region=emea: only the 2 has both."""
        observations = [
            obs("2026-02-01", "5", dims={"party": "p"}),
            obs("2026-02-03", "2", dims={"party": "p", "region": "emea"}),
            obs("2026-02-04", "3", dims={"party": "v", "region": "emea"}),
        ]

        assert D(2) == actual(
            one_goal("100", where={"party": "p", "region": "emea"}), observations
        )

    def test_empty_where_counts_all(self, one_goal: OneGoal) -> None:
        """No where: 5 + 7 = 12, whatever the dims."""
        observations = [
            obs("2026-02-01", "5", dims={"party": "p"}),
            obs("2026-02-02", "7", dims={"party": "v"}),
        ]

        assert D(12) == actual(one_goal("100"), observations)

    def test_where_on_a_level(self, one_goal: OneGoal) -> None:
        """LAST where party=p is p's latest reading (3 on 02-01), not v's later 9."""
        observations = [
            obs("2026-02-01", "3", dims={"party": "p"}),
            obs("2026-02-05", "9", dims={"party": "v"}),
        ]
        agreement = one_goal(
            "3",
            aggregation=Aggregation.LAST,
            direction=Direction.AT_MOST,
            where={"party": "p"},
        )

        assert D(3) == actual(agreement, observations)


#: "Île-de-France", its Î one character (NFC) and I with a combining
#: circumflex (NFD): the same text to a reader, and to the fingerprint.
_NFC, _NFD = "\u00cele-de-France", "I\u0302le-de-France"


class TestWhereInNfc:
    """A where reads its text in Unicode NFC, as the fingerprint does."""

    def test_same_terms_same_records(self, one_goal: OneGoal) -> None:
        """Written NFC or NFD, the where is one, and counts the NFC records: 5."""
        observations = [
            obs("2026-02-01", "5", dims={"r\u00e9gion": _NFC}),
            obs("2026-02-02", "7", dims={"r\u00e9gion": "Bretagne"}),
        ]
        composed = one_goal("100", where={"r\u00e9gion": _NFC})
        decomposed = one_goal("100", where={"re\u0301gion": _NFD})

        assert composed.fingerprint() == decomposed.fingerprint()
        assert composed == decomposed
        assert (D(5), D(5)) == (
            actual(composed, observations),
            actual(decomposed, observations),
        )

    def test_the_where_is_stored_in_nfc(self, one_goal: OneGoal) -> None:
        """The target holds the composed text (code point for code point), and so does its document."""
        agreement = one_goal("100", where={"re\u0301gion": _NFD})
        target = agreement.goals[0].target

        assert target is not None
        assert [("r\u00e9gion", _NFC)] == list(target.where.items())
        assert _NFD not in dumps(agreement)
        assert _NFC in dumps(agreement)

    def test_read_in_nfc(self, one_goal: OneGoal) -> None:
        """Every reader of a document with the decomposed where composes it."""
        document = to_dict(one_goal("100"))
        # The goal's where, and its pledge's (one_goal gives both the where).
        for entity in (*document["goals"], *document["contributions"]):
            if "target" in entity:
                entity["target"]["where"] = {"re\u0301gion": _NFD}
        expected = one_goal("100", where={"r\u00e9gion": _NFC})

        for agreement in (
            from_dict(document),
            loads(json.dumps(document)),
            loads(json.dumps(document, ensure_ascii=False).encode()),
        ):
            assert agreement == expected
            target = agreement.goals[0].target
            assert target is not None
            assert [("r\u00e9gion", _NFC)] == list(target.where.items())

    def test_a_split_is_held_in_nfc(self) -> None:
        """An exception criterion's split names a dimension as a where does: in NFC."""
        criterion = ExceptionCriterion(
            id="dip",
            title="Dip",
            measure="m",
            owner="v",
            resolve_within_days=30,
            lower=D(1),
            split="re\u0301gion",
        )

        assert "r\u00e9gion" == criterion.split

    def test_records_are_selected_however_composed(self, one_goal: OneGoal) -> None:
        """A record's dims are read in NFC too: NFD and NFC records both count, 5 + 7."""
        observations = [
            obs("2026-02-01", "5", dims={"re\u0301gion": _NFD}),
            obs("2026-02-02", "7", dims={"r\u00e9gion": _NFC}),
            obs("2026-02-03", "11", dims={"r\u00e9gion": "Bretagne"}),
        ]

        for where in ({"r\u00e9gion": _NFC}, {"re\u0301gion": _NFD}):
            assert D(12) == actual(one_goal("100", where=where), observations)

    def test_a_record_holds_its_dims_in_nfc(self) -> None:
        """The record holds the composed text, equals its composed twin and writes it."""
        decomposed = obs("2026-02-01", "5", dims={"re\u0301gion": _NFD})
        composed = obs("2026-02-01", "5", dims={"r\u00e9gion": _NFC})

        assert [("r\u00e9gion", _NFC)] == list(decomposed.dims.items())
        assert composed == decomposed
        assert hash(composed) == hash(decomposed)
        assert observation_to_dict(composed) == observation_to_dict(decomposed)

    def test_two_keys_one_in_nfc_are_refused(self) -> None:
        """Keys that become one text would lose a value: each reader names the second."""
        dims = {"r\u00e9gion": "west", "re\u0301gion": "east"}
        problem = "a second key that is the same text in Unicode NFC form"
        line = json.dumps(
            {"metric": "m", "at": "2026-02-01", "value": "1", "dims": dims}
        )

        with pytest.raises(InvalidObservationsError) as built:
            obs("2026-02-01", "1", dims=dims)
        with pytest.raises(FormatError) as loaded:
            load_observations(line)
        with pytest.raises(FormatError) as read:
            observation_from_dict(json.loads(line))

        assert [('dims["re\\u0301gion"]', problem)] == list(built.value.problems)
        assert [('line 1: $.dims["re\\u0301gion"]', problem)] == list(
            loaded.value.problems
        )
        assert [('$.dims["re\\u0301gion"]', problem)] == list(read.value.problems)


class TestAfterAsOf:
    """Observations after as_of change nothing."""

    def test_later_records_do_not_count(self, one_goal: OneGoal) -> None:
        """As of 06-30 a record of 100 on 07-01 does not count: 5 + 2 = 7."""
        observations = [
            obs("2026-02-01", "5", "DR-1"),
            obs("2026-03-01", "2"),
            obs("2026-07-01", "100", "DR-2"),
        ]

        assert D(7) == actual(one_goal("100", per=Period.YEAR), observations)

    def test_a_retraction_applies_whatever_its_day(self, one_goal: OneGoal) -> None:
        """The log is resolved first, then cut at as_of: a retraction dated 07-02 still removes DR-1's 5, leaving 2.

        A retraction says the record was void all along; its ``at`` is not
        when the event happened, so it is not cut off by as_of.
        """
        observations = [
            obs("2026-02-01", "5", "DR-1"),
            obs("2026-03-01", "2"),
            obs("2026-07-02", None, "DR-1"),
        ]

        assert D(2) == actual(one_goal("100", per=Period.YEAR), observations)


class TestInvalid:
    """Bad observations raise InvalidObservationsError listing every one by [index]."""

    def test_unknown_metric_and_null_without_ref(self, one_goal: OneGoal) -> None:
        """[1] records metric x, [3] retracts without a ref; [0] and [2] are fine."""
        observations = [
            obs("2026-02-01", "1"),
            obs("2026-02-01", "1", metric="x"),
            obs("2026-02-01", None, "R"),
            obs("2026-02-01", None),
        ]

        with pytest.raises(InvalidObservationsError) as info:
            evaluate(one_goal("1"), observations, as_of=AS_OF)

        assert ["[1]", "[3]"] == [path for path, _ in info.value.problems]
        assert (
            "unknown metric 'x' (the agreement's metrics: 'm')"
            == info.value.problems[0][1]
        )
        assert (
            "retracts a record by its ref, and there is no ref"
            in info.value.problems[1][1]
        )

    def test_malformed(self, one_goal: OneGoal) -> None:
        """Something that is not an Observation in the log is reported at its index."""
        with pytest.raises(InvalidObservationsError) as info:
            evaluate(
                one_goal("1"),
                [obs("2026-01-01", "1"), "not an observation"],  # type: ignore[list-item]
                as_of=AS_OF,
            )

        assert (("[1]", "expected an Observation, got str"),) == info.value.problems

    def test_every_problem_of_one_record_in_one_message(
        self, one_goal: OneGoal
    ) -> None:
        """An unknown metric with a null value and no ref: one problem naming both."""
        with pytest.raises(InvalidObservationsError) as info:
            evaluate(one_goal("1"), [obs("2026-01-01", None, metric="x")], as_of=AS_OF)

        ((path, text),) = info.value.problems
        assert ("[0]", True, True) == (path, "unknown metric" in text, "no ref" in text)

    def test_the_error_is_a_library_error_and_pickles(self, one_goal: OneGoal) -> None:
        """InvalidObservationsError is a MutualCommitError and a ValueError, and round-trips through pickle."""
        with pytest.raises(MutualCommitError) as info:
            evaluate(one_goal("1"), [obs("2026-01-01", "1", metric="x")], as_of=AS_OF)

        error = info.value
        assert isinstance(error, ValueError)
        restored = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
        assert (InvalidObservationsError, error.args) == (
            type(restored),
            restored.args,
        )

    def test_a_datetime_as_of_is_refused(self, one_goal: OneGoal) -> None:
        """as_of is a date (the end of that day), never a datetime."""
        with pytest.raises(TypeError, match=r"as_of is a datetime\.date"):
            evaluate(one_goal("1"), [], as_of=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))


class TestPurity:
    """Evaluating never mutates its inputs and accepts any iterable, read once."""

    def test_inputs_unchanged(self, one_goal: OneGoal) -> None:
        """The observation list and the agreement are equal to deep copies taken before."""
        agreement = one_goal("100", per=Period.QUARTER)
        observations = [
            obs("2026-03-01", "5", "R"),
            obs("2026-01-01", "3"),
            obs("2026-02-01", None, "R"),
        ]
        before = (copy.deepcopy(agreement), copy.deepcopy(observations))

        evaluate(agreement, observations, as_of=AS_OF)

        assert before == (agreement, observations)

    def test_a_generator_is_read_once(self, one_goal: OneGoal) -> None:
        """A generator works as well as a list: 1 + 2 = 3."""
        observations = (obs(f"2026-02-0{d}", str(d)) for d in (1, 2))

        assert D(3) == actual(one_goal("100"), observations)


class _Unchecked(Observation):
    """An observation that skips its own checks, as a foreign record might."""

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        return


class TestProblemMessages:
    """A record the log cannot read is named with everything wrong with it."""

    def test_every_field(self, one_goal: OneGoal) -> None:
        """A metric that is no id, a datetime, a ref that is no string, a huge value."""
        bad = _Unchecked(
            metric=5,  # type: ignore[arg-type]
            at=dt.datetime(2026, 1, 1),  # noqa: DTZ001
            value=D("1E+15"),
            ref=7,  # type: ignore[arg-type]
        )

        with pytest.raises(InvalidObservationsError) as info:
            evaluate(one_goal("1"), [obs("2026-01-01", "1"), bad], as_of=AS_OF)

        assert (
            (
                "[1]",
                (
                    "metric: expected a metric id, got int 5; "
                    "at: expected a datetime.date, got datetime "
                    "datetime.datetime(2026, 1, 1, 0, 0); pass its .date(); "
                    "ref: expected a string or None, got int 7; "
                    "value: expected a magnitude below 10^15, got 1000000000000000"
                ),
            ),
        ) == info.value.problems

    def test_a_string_day(self, one_goal: OneGoal) -> None:
        """A day written as text is named with its type."""
        bad = _Unchecked(metric="m", at="2026-01-01", value=D(1))  # type: ignore[arg-type]

        with pytest.raises(InvalidObservationsError) as info:
            evaluate(one_goal("1"), [bad], as_of=AS_OF)

        assert (
            (
                "[0]",
                (
                    "at: expected a datetime.date, got str '2026-01-01'; "
                    "pass datetime.date.fromisoformat(...)"
                ),
            ),
        ) == info.value.problems

    def test_retraction_without_ref_and_unknown_metric(self, one_goal: OneGoal) -> None:
        """Both problems of one record, in one message, in this order."""
        with pytest.raises(InvalidObservationsError) as info:
            evaluate(one_goal("1"), [obs("2026-01-01", None, metric="x")], as_of=AS_OF)

        assert (
            (
                "[0]",
                (
                    "unknown metric 'x' (the agreement's metrics: 'm'); "
                    "value None retracts a record by its ref, and there is no ref"
                ),
            ),
        ) == info.value.problems

    def test_known_metrics_listed_in_order(self, one_goal: OneGoal) -> None:
        """The known metrics are listed sorted, each quoted."""
        terms = attrs.evolve(
            one_goal("1"),
            metrics=(
                *one_goal("1").metrics,
                Metric(id="b", name="B", unit="count", aggregation=Aggregation.SUM),
            ),
        )

        with pytest.raises(InvalidObservationsError) as info:
            evaluate(terms, [obs("2026-01-01", "1", metric="x")], as_of=AS_OF)

        assert (
            ("[0]", "unknown metric 'x' (the agreement's metrics: 'b', 'm')"),
        ) == info.value.problems

    def test_an_agreement_without_metrics(self, one_goal: OneGoal) -> None:
        """An agreement with no metric at all says so: its metrics are none."""
        terms = attrs.evolve(one_goal("1"), metrics=(), goals=(), contributions=())

        with pytest.raises(InvalidObservationsError) as info:
            evaluate(terms, [obs("2026-01-01", "1")], as_of=AS_OF)

        assert (
            ("[0]", "unknown metric 'm' (the agreement's metrics: none)"),
        ) == info.value.problems

    def test_unchecked_but_sound_records_count(self, one_goal: OneGoal) -> None:
        """Records of another type that are sound stand as any: 1 + 2, the ref'd one corrected to 4."""
        log = [
            _Unchecked(metric="m", at=day("2026-01-02"), value=D(1)),
            _Unchecked(metric="m", at=day("2026-01-03"), value=D(2), ref="r"),
            _Unchecked(metric="m", at=day("2026-01-04"), value=D(4), ref="r"),
            _Unchecked(metric="m", at=day("2026-01-05"), value=D(8), ref="s"),
            _Unchecked(metric="m", at=day("2026-01-06"), value=None, ref="s"),
        ]

        assert D(5) == actual(one_goal("100"), log)


class TestRefShapes:
    """The later word on a ref stands, whatever mix of refs and plain records."""

    @pytest.mark.parametrize(
        ("log", "expected"),
        [
            pytest.param(
                [(None, "1"), ("a", "2"), ("a", "5")], "6", id="one-plain-one-corrected"
            ),
            pytest.param(
                [("a", "1"), ("b", "2"), (None, "4"), (None, "8")], "15", id="distinct"
            ),
            pytest.param([("a", None)], "0", id="only-a-retraction"),
            pytest.param(
                [(None, "1"), (None, "2"), ("a", "4"), ("a", "8")], "11", id="two-plain"
            ),
            pytest.param(
                [("a", "1"), ("b", "2"), ("a", None), (None, "4")], "6", id="retracted"
            ),
            pytest.param([("a", "1"), ("a", "1"), ("a", "1")], "1", id="repeated"),
        ],
    )
    def test_sum(
        self,
        one_goal: OneGoal,
        log: list[tuple[str | None, str | None]],
        expected: str,
    ) -> None:
        """The year's sum of what stands, on the fast path and the plain one."""
        records = [
            obs(f"2026-01-0{i + 1}", value, ref) for i, (ref, value) in enumerate(log)
        ]
        plain = [
            _Unchecked(metric=r.metric, at=r.at, value=r.value, ref=r.ref)
            for r in records
        ]
        terms = one_goal("100", per=Period.YEAR)

        assert (D(expected), D(expected)) == (
            actual(terms, records),
            actual(terms, plain),
        )
