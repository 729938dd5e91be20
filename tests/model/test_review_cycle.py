"""Review-cycle operations and lookups by id on an agreement."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from mutualcommit import (
    Agreement,
    AlreadyCompletedError,
    InvalidAgreementError,
    check,
    loads,
)

ROOT = Path(__file__).parents[2]
AS_OF = dt.date(2026, 12, 20)


@pytest.fixture(scope="module")
def plan() -> Agreement:
    """The IT vendor example, signed by both parties (reviews held up to November)."""
    text = (ROOT / "examples" / "it_vendor" / "agreement.json").read_text("utf-8")
    return loads(text)


@pytest.fixture(scope="module")
def supply() -> Agreement:
    """The manufacturer example: exception criteria and remedies."""
    text = (ROOT / "examples" / "manufacturer" / "agreement.json").read_text("utf-8")
    return loads(text)


def _mc306(agreement: Agreement) -> list[str]:
    return [
        f.subject for f in check(agreement, as_of=AS_OF).findings if f.code == "MC306"
    ]


class TestCompleteAction:
    """complete_action records done_on, clears MC306 and keeps every signature current."""

    def test_clears_mc306(self, plan: Agreement) -> None:
        """Two items are past due on 20 December; completing one leaves the other."""
        done = plan.complete_action("qbr-2026-11", "mdf-backlog", dt.date(2026, 12, 18))

        assert (
            [
                "action:qbr-2026-11/joint-pipeline-days",
                "action:qbr-2026-11/mdf-backlog",
            ],
            ["action:qbr-2026-11/joint-pipeline-days"],
        ) == (_mc306(plan), _mc306(done))

    def test_terms_and_signatures_unchanged(self, plan: Agreement) -> None:
        """The fingerprint, the version and the current signatures stay as they were."""
        done = plan.complete_action("qbr-2026-11", "mdf-backlog", dt.date(2026, 12, 18))
        (review,) = [r for r in done.reviews if r.id == "qbr-2026-11"]
        (action,) = [a for a in review.actions if a.id == "mdf-backlog"]

        assert (
            plan.fingerprint(),
            plan.version,
            plan.current_signatures(),
            dt.date(2026, 12, 18),
        ) == (
            done.fingerprint(),
            done.version,
            done.current_signatures(),
            action.done_on,
        )

    def test_none_is_not_a_day(self, plan: Agreement) -> None:
        """A null from a form would reopen a done item: refused, saying how to reopen one on purpose."""
        done = plan.complete_action("qbr-2026-11", "mdf-backlog", dt.date(2026, 12, 18))

        with pytest.raises(InvalidAgreementError) as caught:
            done.complete_action("qbr-2026-11", "mdf-backlog", None)  # type: ignore[arg-type]

        ((path, message),) = caught.value.problems
        assert path.endswith(".done_on")
        assert message == (
            "expected the day it was done, got None; to reopen the item, "
            "update_action('qbr-2026-11', 'mdf-backlog', done_on=None)"
        )

    def test_done_once(self, plan: Agreement) -> None:
        """A second completion on another day is refused, naming the day recorded and the ways to change it."""
        with pytest.raises(AlreadyCompletedError) as caught:
            plan.complete_action("qbr-2026-02", "second-approver", dt.date(2026, 12, 1))

        error = caught.value
        assert (
            "qbr-2026-02",
            "second-approver",
            dt.date(2026, 3, 3),
            dt.date(2026, 12, 1),
            [
                (
                    "reviews[0].actions[1].done_on",
                    (
                        "action item 'second-approver' of review 'qbr-2026-02' "
                        "was done on 2026-03-03, and that record stands: "
                        "complete_action() records the day once, and 2026-12-01 "
                        "would change what the days between the two report; to "
                        "correct the day, update_action('qbr-2026-02', "
                        "'second-approver', done_on=datetime.date(2026, 12, 1)), "
                        "to reopen the item, update_action('qbr-2026-02', "
                        "'second-approver', done_on=None)"
                    ),
                )
            ],
        ) == (
            error.review,
            error.action,
            error.done_on,
            error.given,
            list(error.problems),
        )
        assert isinstance(error, InvalidAgreementError)

    def test_retry_is_harmless(self, plan: Agreement) -> None:
        """The same day again is the completion already recorded: the agreement itself comes back."""
        assert (
            plan.complete_action("qbr-2026-02", "second-approver", dt.date(2026, 3, 3))
            is plan
        )

    def test_corrected_on_purpose(self, plan: Agreement) -> None:
        """update_action moves the day, as the refusal says; MC306 then reads the new day."""
        moved = plan.update_action(
            "qbr-2026-02", "second-approver", done_on=dt.date(2026, 12, 1)
        )

        assert dt.date(2026, 12, 1) == moved.review("qbr-2026-02").actions[1].done_on

    def test_not_before_its_review(self, plan: Agreement) -> None:
        """An item cannot be done before the review that decided it was held: refused at its path."""
        with pytest.raises(InvalidAgreementError) as caught:
            plan.complete_action("qbr-2026-11", "mdf-backlog", dt.date(2026, 11, 10))

        assert [
            (
                "reviews[3].actions[2].done_on",
                (
                    "done on 2026-11-10, before review 'qbr-2026-11' that decided "
                    "it was held, on 2026-11-11: an item is done on or after the "
                    "day its review was held"
                ),
            )
        ] == list(caught.value.problems)

    def test_unknown_action_lists_the_items(self, plan: Agreement) -> None:
        """An unknown action id is a KeyError naming the review's items."""
        with pytest.raises(
            KeyError, match="no action item 'nope' in review 'qbr-2026-11' of agreement"
        ) as caught:
            plan.complete_action("qbr-2026-11", "nope", AS_OF)

        assert "'mdf-backlog'" in str(caught.value)


class TestUpdateAction:
    """update_action agrees a new due date."""

    def test_new_due_date(self, plan: Agreement) -> None:
        """Moving the due date past as_of clears MC306 for that item."""
        moved = plan.update_action(
            "qbr-2026-11", "joint-pipeline-days", due=dt.date(2027, 1, 15)
        )

        assert ["action:qbr-2026-11/mdf-backlog"] == _mc306(moved)

    def test_misspelt_field(self, plan: Agreement) -> None:
        """A misspelt field is a TypeError naming the method, the likely field and all."""
        with pytest.raises(TypeError) as caught:
            plan.update_action(
                "qbr-2026-11",
                "mdf-backlog",
                deu=dt.date(2027, 1, 31),  # type: ignore[call-arg]
            )

        assert str(caught.value) == (
            "update_action() changes an action item's fields but its id; not "
            "one of them: deu (did you mean 'due'?) (fields: contributions, "
            "done_on, due, exceptions, extensions, goals, owner, title)"
        )

    def test_id_stays(self, plan: Agreement) -> None:
        """The item's id is no field it changes, and no slip for another."""
        with pytest.raises(TypeError, match=r"not one of them: id \(fields: "):
            plan.update_action("qbr-2026-11", "mdf-backlog", id="x")  # type: ignore[call-arg]


class TestDaysThroughTheMethods:
    """Text for a day given to a method is the agreement's problem, at its path there."""

    def test_update_and_complete(self, plan: Agreement) -> None:
        """The item refuses the text when it is built; the method names where it is."""
        with pytest.raises(InvalidAgreementError) as moved:
            plan.update_action("qbr-2026-11", "mdf-backlog", due="2027-01-31")  # type: ignore[arg-type]
        with pytest.raises(InvalidAgreementError) as done:
            plan.complete_action("qbr-2026-11", "mdf-backlog", "2026-12-18")  # type: ignore[arg-type]

        assert [
            (
                "reviews[3].actions[2].due",
                (
                    "expected a datetime.date or None, got str '2027-01-31'; "
                    "pass datetime.date.fromisoformat(...)"
                ),
            ),
            (
                "reviews[3].actions[2].done_on",
                (
                    "expected a datetime.date or None, got str '2026-12-18'; "
                    "pass datetime.date.fromisoformat(...)"
                ),
            ),
        ] == [*moved.value.problems, *done.value.problems]

    def test_sign(self, plan: Agreement) -> None:
        """A datetime for the day of signing, at the path the signature takes."""
        with pytest.raises(InvalidAgreementError) as caught:
            plan.amend(title="Amended").sign(
                "acme",
                "Dana Whitfield",
                dt.datetime(2026, 8, 14, 9, 0),  # noqa: DTZ001
            )

        assert [
            (
                "signatures[1].signed_on",
                (
                    "expected a datetime.date, got datetime "
                    "datetime.datetime(2026, 8, 14, 9, 0); pass its .date()"
                ),
            )
        ] == list(caught.value.problems)


class TestAmendAgainstHeldReviews:
    """An amendment leaves held reviews as they are, and says so when they stand in its way."""

    def test_dropped_goal(self, plan: Agreement) -> None:
        """Dropping a goal a year-one action item names says so, and the ways out."""
        with pytest.raises(InvalidAgreementError) as caught:
            plan.amend(
                goals=[g for g in plan.goals if g.id != "dach-revenue"],
                contributions=[
                    attrs.evolve(
                        c, supports=tuple(s for s in c.supports if s != "dach-revenue")
                    )
                    for c in plan.contributions
                ],
            )

        ((path, message),) = caught.value.problems
        assert "reviews[1].actions[1].goals[0]" == path
        assert message.startswith(
            "goal 'dach-revenue' is not in the amended terms, but held review "
            "'qbr-2026-05' names it"
        )
        assert ("renew()" in message, "replace_review()" in message) == (True, True)
        # The goal was dropped on purpose: no other goal is offered for it.
        assert "did you mean" not in message

    def test_renamed_party(self, plan: Agreement) -> None:
        """A renamed party: every review that names the old id, none of the signatures."""

        def swap(party: str) -> str:
            return "globex-ag" if party == "globex" else party

        with pytest.raises(InvalidAgreementError) as caught:
            plan.amend(
                parties=[attrs.evolve(p, id=swap(p.id)) for p in plan.parties],
                metrics=[
                    attrs.evolve(m, reported_by=m.reported_by and swap(m.reported_by))
                    for m in plan.metrics
                ],
                contributions=[
                    attrs.evolve(c, party=swap(c.party)) for c in plan.contributions
                ],
                allocations=[
                    attrs.evolve(a, party=swap(a.party)) for a in plan.allocations
                ],
                incentives=[
                    attrs.evolve(
                        i, payer=swap(i.payer), beneficiary=swap(i.beneficiary)
                    )
                    for i in plan.incentives
                ],
            )

        paths = [path for path, _ in caught.value.problems]
        assert all(path.startswith("reviews[") for path in paths)
        assert (9, {"qbr-2026-02", "qbr-2026-05", "qbr-2026-08", "qbr-2026-11"}) == (
            len(paths),
            {
                m.split("held review ")[1].split("'")[1]
                for _, m in caught.value.problems
            },
        )

    def test_dropped_exception_criterion(self, supply: Agreement) -> None:
        """An exception key of a held action item names the criterion dropped."""
        with pytest.raises(InvalidAgreementError) as caught:
            supply.amend(exception_criteria=())

        assert [
            ("reviews[1].actions[0].exceptions[0]", "lead-time-by-sku"),
            ("reviews[1].actions[0].exceptions[1]", "lead-time-by-sku"),
        ] == [(path, message.split("'")[1]) for path, message in caught.value.problems]
        assert all(
            message.startswith("exception criterion 'lead-time-by-sku' is not in")
            and "held review 'review-2026-07' names it" in message
            for _, message in caught.value.problems
        )

    def test_changed_criterion_windows(self, supply: Agreement) -> None:
        """Judging the criterion per quarter leaves the monthly keys of a held review: the same ways out."""
        criterion = supply.exception_criterion("lead-time-by-sku")
        with pytest.raises(InvalidAgreementError) as caught:
            supply.amend(exception_criteria=(attrs.evolve(criterion, per="quarter"),))

        assert [
            (
                "reviews[1].actions[0].exceptions[0]",
                (
                    "'FY2026-M01' is no window of criterion 'lead-time-by-sku', "
                    "judged per quarter: expected a fiscal quarter, labelled like "
                    "'FY2027-Q1', not a fiscal month; held review "
                    "'review-2026-07' names this exception, which the amended "
                    "terms no longer let criterion 'lead-time-by-sku' raise (its "
                    "per or split, the term or the fiscal calendar changed), and "
                    "an amendment leaves held reviews as they are: keep the "
                    "criterion's windows and split, start a successor agreement "
                    "with the changed criterion with renew() (it holds no "
                    "reviews), or correct the review with replace_review()"
                ),
            ),
            ("reviews[1].actions[0].exceptions[1]", "'FY2026-M02' is no window"),
        ] == [
            caught.value.problems[0],
            (caught.value.problems[1][0], caught.value.problems[1][1][:25]),
        ]

    def test_changed_criterion_split(self, supply: Agreement) -> None:
        """A criterion that no longer splits refuses the held keys that name an item, with the ways out."""
        criterion = supply.exception_criterion("lead-time-by-sku")
        with pytest.raises(InvalidAgreementError) as caught:
            supply.amend(exception_criteria=(attrs.evolve(criterion, split=None),))

        assert [True, True] == [
            message.startswith(
                "criterion 'lead-time-by-sku' does not split, so its keys name no item"
            )
            and "held review 'review-2026-07' names this exception" in message
            and message.endswith("or correct the review with replace_review()")
            for _, message in caught.value.problems
        ]

    def test_a_later_start(self, supply: Agreement) -> None:
        """A term that now starts after a held key's window: the amendment's doing, said so."""
        with pytest.raises(InvalidAgreementError) as caught:
            supply.amend(start=dt.date(2026, 6, 1))

        ((path, message),) = [
            problem
            for problem in caught.value.problems
            if problem[0].startswith("reviews[")
        ][:1]
        assert ("reviews[1].actions[0].exceptions[0]", True, True) == (
            path,
            message.startswith("'FY2026-M01' is no window of criterion"),
            "which the amended terms no longer let criterion" in message,
        )

    def test_the_successor_drops_the_goal(self, plan: Agreement) -> None:
        """renew() carries the terms without the goal, and without the records."""
        renewed = plan.renew(
            "acme-globex-2027",
            start=dt.date(2027, 1, 1),
            end=dt.date(2027, 12, 31),
            goals=[g for g in plan.goals if g.id != "dach-revenue"],
            contributions=[
                attrs.evolve(
                    c, supports=tuple(s for s in c.supports if s != "dach-revenue")
                )
                for c in plan.contributions
            ],
        )

        assert ("dach-revenue" not in [g.id for g in renewed.goals], 1, (), ()) == (
            True,
            renewed.version,
            renewed.reviews,
            renewed.signatures,
        )


class TestReplaceReview:
    """replace_review corrects a held review record by id."""

    def test_corrects_notes(self, plan: Agreement) -> None:
        """The review keeps its place; the notes change; the terms do not."""
        old = plan.review("qbr-2026-11")
        fixed = plan.replace_review(attrs.evolve(old, notes="Corrected minutes."))

        assert (
            "Corrected minutes.",
            [r.id for r in plan.reviews],
            plan.fingerprint(),
        ) == (
            fixed.review("qbr-2026-11").notes,
            [r.id for r in fixed.reviews],
            fixed.fingerprint(),
        )

    def test_unknown_review(self, plan: Agreement) -> None:
        """A review id not held is a KeyError; record_review adds new ones."""
        new = attrs.evolve(plan.reviews[0], id="qbr-2027-02")
        with pytest.raises(KeyError, match="no review 'qbr-2027-02'"):
            plan.replace_review(new)


class TestRecordReview:
    """record_review refuses a held id and says how to correct a held review."""

    def test_same_id(self, plan: Agreement) -> None:
        """Recording a held review again points to replace_review."""
        with pytest.raises(InvalidAgreementError) as caught:
            plan.record_review(plan.reviews[0])

        assert (
            (
                f"reviews[{len(plan.reviews)}].id",
                (
                    f"duplicate review id {plan.reviews[0].id!r}: a review with this id "
                    "is already held; correct it with replace_review()"
                ),
            ),
        ) == caught.value.problems


class TestLookups:
    """Every kind of entity with an id is looked up by it."""

    def test_found(self, plan: Agreement) -> None:
        """Each lookup returns the entity with that id."""
        assert [
            plan.goals[0],
            plan.parties[1],
            plan.metrics[0],
            plan.contributions[2],
            plan.allocations[0],
            plan.incentives[0],
            plan.reviews[0],
        ] == [
            plan.goal(plan.goals[0].id),
            plan.party(plan.parties[1].id),
            plan.metric(plan.metrics[0].id),
            plan.contribution(plan.contributions[2].id),
            plan.allocation(plan.allocations[0].id),
            plan.incentive(plan.incentives[0].id),
            plan.review(plan.reviews[0].id),
        ]

    def test_found_in_the_supply_terms(self, supply: Agreement) -> None:
        """A clause, an exception criterion and a remedy, by their ids."""
        assert [
            supply.clauses[1],
            supply.exception_criteria[-1],
            supply.remedies[0],
        ] == [
            supply.clause(supply.clauses[1].id),
            supply.exception_criterion(supply.exception_criteria[-1].id),
            supply.remedy(supply.remedies[0].id),
        ]

    def test_missing_lists_known_ids(self, plan: Agreement) -> None:
        """A missing party is a KeyError listing the parties there are."""
        with pytest.raises(KeyError) as caught:
            plan.party("initech")

        known = ", ".join(repr(p.id) for p in plan.parties)
        assert (
            f"no party 'initech' in agreement {plan.id!r} (there are: {known})"
        ) == caught.value.args[0]

    @pytest.mark.parametrize(
        ("kind", "field"),
        [
            ("goal", "goals"),
            ("metric", "metrics"),
            ("contribution", "contributions"),
            ("allocation", "allocations"),
            ("incentive", "incentives"),
            ("review", "reviews"),
            ("clause", "clauses"),
            ("exception_criterion", "exception_criteria"),
            ("remedy", "remedies"),
        ],
    )
    def test_each_missing_kind(self, supply: Agreement, kind: str, field: str) -> None:
        """Each lookup's KeyError names its kind and lists the ids of that kind."""
        with pytest.raises(KeyError) as caught:
            getattr(supply, kind)("nope")

        known = ", ".join(repr(item.id) for item in getattr(supply, field)) or "none"
        named = kind.replace("_", " ")
        assert (
            f"no {named} 'nope' in agreement {supply.id!r} (there are: {known})"
        ) == caught.value.args[0]

    def test_slip_suggests_the_id(self, plan: Agreement) -> None:
        """A lookup one letter off an id names the id it was likely meant for."""
        goal = plan.goals[0].id
        with pytest.raises(KeyError) as caught:
            plan.goal(goal[:-1])

        assert caught.value.args[0].endswith(f"(did you mean {goal!r}?)")

    def test_none_of_a_kind(self, plan: Agreement) -> None:
        """An agreement without remedies says there are none."""
        with pytest.raises(KeyError) as caught:
            plan.remedy("credit")

        assert (
            f"no remedy 'credit' in agreement {plan.id!r} (there are: none)"
        ) == caught.value.args[0]
