"""The agreement: the root of the model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypedDict, TypeVar, Unpack, cast

import attrs

from mutualcommit.errors import (
    AlreadyCompletedError,
    AlreadySignedError,
    ArgumentError,
    InvalidAgreementError,
    InvalidFieldsError,
    NotFoundError,
    NothingToAmendError,
    also_type_error,
)

from . import _canonical
from ._accepts import (
    clauses_in,
    contributions_in,
    criteria_in,
    day_in,
    goals_in,
    incentives_in,
    metrics_in,
    parties_in,
    remedies_in,
    resources_in,
    reviews_in,
    signatures_in,
)
from ._canonical import fingerprint_of
from ._coerce import coerce_fields, refuses_with
from ._entities import (
    ActionItem,
    Clause,
    Contribution,
    ExceptionCriterion,
    FiscalCalendar,
    Goal,
    Incentive,
    Metric,
    Party,
    ResourceAllocation,
    Review,
    Signature,
    _extensions,
)
from ._enums import AgreementStatus
from ._invariants import agreement_problems, exception_key_problems
from ._notebook import ShowsDocument
from ._paths import key_path
from ._problems import raised
from ._recorded import given_by
from ._remedy import Remedy
from ._shown import did_you_mean, no_such
from ._value_methods import value_methods

__all__ = ["TERM_FIELDS", "ActionItemChanges", "Agreement", "TermChanges"]

T = TypeVar("T")


class TermChanges(TypedDict, total=False):
    """The keyword arguments of `Agreement.amend` and `Agreement.renew`: the terms, less the id and version.

    Each takes what `Agreement` takes for that field (a list for a
    sequence, say). A type checker reads ``**changes`` with it, so a
    misspelt or mistyped term is its error before it is a `TypeError`.
    """

    title: str
    parties: Iterable[Party]
    start: dt.date
    end: dt.date
    currency: str
    fiscal_calendar: FiscalCalendar
    metrics: Iterable[Metric]
    goals: Iterable[Goal]
    contributions: Iterable[Contribution]
    allocations: Iterable[ResourceAllocation]
    incentives: Iterable[Incentive]
    clauses: Iterable[Clause]
    review_rule: str | None
    remedies: Iterable[Remedy]
    exception_criteria: Iterable[ExceptionCriterion]


class ActionItemChanges(TypedDict, total=False):
    """The keyword arguments of `Agreement.update_action`: an action item's fields but its id.

    Each takes what `ActionItem` takes for that field.
    """

    owner: str
    title: str
    due: dt.date | None
    goals: Iterable[str]
    contributions: Iterable[str]
    done_on: dt.date | None
    extensions: Mapping[str, Any]
    exceptions: Iterable[str]


#: The collections an agreement's repr counts, in field order.
_COUNTED = (
    "parties",
    "metrics",
    "goals",
    "contributions",
    "allocations",
    "incentives",
    "remedies",
    "clauses",
    "exception_criteria",
    "reviews",
    "signatures",
)
#: The most characters of its title an agreement's repr shows.
_TITLE_SHOWN = 60


def _count(items: object) -> object:
    """Count *items*, a collection of the agreement's; show what is none as it is."""
    return len(items) if isinstance(items, tuple) else items


#: The fields `Agreement.amend` and `Agreement.renew` accept: the terms,
#: less the id and version.
TERM_FIELDS: frozenset[str] = TermChanges.__optional_keys__

#: The fields `Agreement.update_action` accepts: an action item's, less its id.
_ACTION_ITEM_FIELDS: frozenset[str] = ActionItemChanges.__optional_keys__
#: Every field of an action item.
_ACTION_ITEM = frozenset(field.name for field in attrs.fields(ActionItem))


@value_methods
@refuses_with(InvalidAgreementError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class Agreement(ShowsDocument):
    """A Mutual Commit: both sides' pledges toward shared goals, in one document.

    Building one checks every invariant of the model and reports all the
    broken ones at once. Its ``repr`` is a one-line summary (its id,
    version, title, term and how many of each part it holds:
    ``<Agreement id='acme-globex-2026' version=1 ... goals=4 ...>``), not
    its terms, which `~mutualcommit.render` writes; equality and pickling
    compare and keep every field.

    Attributes:
        id: The agreement's identifier.
        title: Its title, not only white space.
        parties: The vendor(s) and partner(s).
        start: The first day of the term.
        end: The last day of the term (inclusive).
        currency: The three-letter code amounts are compared in.
        fiscal_calendar: How the parties count fiscal years.
        metrics: What is measured.
        goals: The shared goals.
        contributions: Each party's pledges.
        allocations: The money, people and time each party commits.
        incentives: Rewards linked to committed outcomes.
        clauses: Written terms the model does not compute.
        review_rule: The review cadence as RFC 5545 RRULE text (its DTSTART
            is the term's start), or None.
        exception_criteria: The tolerances whose breaches are exceptions to
            work on (see `ExceptionCriterion`).
        reviews: The reviews held so far (not part of the terms).
        signatures: The parties' signatures (not part of the terms), one
            per party at most, held in the order of ``parties`` whatever
            order they are given in.
        version: The amendment count, from 1.
        extensions: The host application's data, never part of the terms.
        remedies: What a missed commitment costs the party that missed it.

    Raises:
        InvalidAgreementError: When any invariant is broken; ``.problems``
            lists every one with its path. When one of them is a value of
            the wrong type (text for a date or an id given as a number; a
            collection given as text, a mapping or a value that is not
            iterable; an item of a collection that is not its class), the
            error is a `TypeError` too.
    """

    id: str
    title: str
    parties: tuple[Party, ...] = attrs.field(default=(), converter=parties_in)
    start: dt.date = attrs.field(converter=day_in)
    end: dt.date = attrs.field(converter=day_in)
    currency: str
    fiscal_calendar: FiscalCalendar = attrs.field(factory=FiscalCalendar)
    metrics: tuple[Metric, ...] = attrs.field(default=(), converter=metrics_in)
    goals: tuple[Goal, ...] = attrs.field(default=(), converter=goals_in)
    contributions: tuple[Contribution, ...] = attrs.field(
        default=(), converter=contributions_in
    )
    allocations: tuple[ResourceAllocation, ...] = attrs.field(
        default=(), converter=resources_in
    )
    incentives: tuple[Incentive, ...] = attrs.field(default=(), converter=incentives_in)
    clauses: tuple[Clause, ...] = attrs.field(default=(), converter=clauses_in)
    review_rule: str | None = None
    exception_criteria: tuple[ExceptionCriterion, ...] = attrs.field(
        default=(), converter=criteria_in
    )
    reviews: tuple[Review, ...] = attrs.field(default=(), converter=reviews_in)
    signatures: tuple[Signature, ...] = attrs.field(default=(), converter=signatures_in)
    version: int = 1
    extensions: Mapping[str, Any] = _extensions()
    remedies: tuple[Remedy, ...] = attrs.field(default=(), converter=remedies_in)
    _fingerprint: str | None = attrs.field(
        default=None, init=False, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        problems = agreement_problems(self)
        if problems:
            raise raised(InvalidAgreementError, problems)
        if self.signatures:
            self._order_signatures()

    def __repr__(self) -> str:
        # A summary, not the terms: a log line, an error report's locals or a
        # failed assertion shows it, and the terms of a real agreement run
        # to tens of kilobytes (render() writes them, to_dict() gives them).
        title = self.title
        if isinstance(title, str) and len(title) > _TITLE_SHOWN:
            title = title[: _TITLE_SHOWN - 1] + "…"
        counts = " ".join(f"{name}={_count(getattr(self, name))}" for name in _COUNTED)
        return (
            f"<Agreement id={self.id!r} version={self.version!r} title={title!r} "
            f"term={self.start}..{self.end} {counts}>"
        )

    def _order_signatures(self) -> None:
        """Hold the signatures in the parties' order, and check their versions.

        Checked only now, on an agreement valid otherwise (its fingerprint
        needs one): a signature that says it signed an earlier version
        cannot carry the fingerprint of the current terms, which the
        version is part of. The order the signatures were given or made in
        changes neither equality nor the document.

        Raises:
            InvalidAgreementError: When a signature of an earlier version
                carries the fingerprint of the current terms.
        """
        signatures = self.signatures
        if any(s.version is not None and s.version < self.version for s in signatures):
            fingerprint = self.fingerprint()
            problems = [
                (
                    f"signatures[{i}].version",
                    (
                        f"a signature that says it signed version {s.version} "
                        "carries the fingerprint of the current terms, version "
                        f"{self.version}, which no terms of another version have "
                        "(the version is part of the terms): the signature was "
                        "changed after it was made"
                    ),
                )
                for i, s in enumerate(signatures)
                if s.version is not None
                and s.version < self.version
                and s.fingerprint == fingerprint
            ]
            if problems:
                raise InvalidAgreementError(problems)
        if len(signatures) > 1:
            place = {party.id: i for i, party in enumerate(self.parties)}
            order = [place[s.party] for s in signatures]
            if order != sorted(order):
                ordered = tuple(sorted(signatures, key=lambda s: place[s.party]))
                object.__setattr__(self, "signatures", ordered)

    def fingerprint(self) -> str:
        """Return the fingerprint of the terms: ``"sha256:"`` and 64 hex digits.

        The terms are the canonical form without ``format_version``,
        ``signatures``, ``reviews`` and every ``extensions``, so recording a
        review or signing leaves the fingerprint as it is.
        """
        if self._fingerprint is None:
            object.__setattr__(self, "_fingerprint", fingerprint_of(self))
        return self._fingerprint  # type: ignore[return-value]

    def sign(self, party: str | Party, signed_by: str, on: dt.date) -> Agreement:
        """Return a copy with *party*'s signature on the current terms.

        A party signs each version of the terms once, and its signature then
        stands: `status` and `~mutualcommit.check` count it from its day on.
        Given again as it stands (the same name and day), the signature is
        already there, and the agreement comes back as it is, so a retried
        call is harmless. Any other signature of the same terms by that
        party is refused: replacing the first would change the status of
        the days between the two. A signature of earlier terms (stale after
        an amendment) is replaced: an agreement holds one signature per
        party, its latest, and the record of an earlier one is the document
        of the version it signed. The signature records the fingerprint and
        the version of the terms; the signatures are held in the order of
        the parties, whatever order they are signed in.

        Args:
            party: The signing party or its id.
            signed_by: The name of the person who signs.
            on: The day of signing.

        Raises:
            AlreadySignedError: When the party's signature of the current
                terms stands, by another name or on another day; it names
                the party, who signed, the day and the version.
            InvalidAgreementError: When the party is not in the agreement,
                or the name or the day is not valid.
        """
        party_id = party.id if isinstance(party, Party) else party
        fingerprint = self.fingerprint()
        others = tuple(s for s in self.signatures if s.party != party_id)
        signature = _built(
            f"signatures[{len(others)}]",
            lambda: Signature(
                party=party_id,
                signed_by=signed_by,
                signed_on=on,
                fingerprint=fingerprint,
                version=self.version,
            ),
        )
        standing = next(
            (
                (i, s)
                for i, s in enumerate(self.signatures)
                if s.party == party_id and s.fingerprint == fingerprint
            ),
            None,
        )
        if standing is not None and _same_signing(standing[1], signature):
            return self
        # Built first, so that a bad name or day is reported as such.
        signed = self._evolve(signatures=(*others, signature))
        if standing is not None:
            i, held = standing
            raise AlreadySignedError(
                party_id,
                held.signed_by,
                held.signed_on,
                self.version,
                f"signatures[{i}]",
            )
        return signed

    def amend(self, **changes: Unpack[TermChanges]) -> Agreement:
        """Return a copy with changed terms and the version one higher.

        An amendment keeps the agreement's id, its reviews and its
        signatures. Signatures of the old terms no longer match the
        fingerprint, and rule MC402 reports them as stale until each party
        signs again; the signature of a party the amendment removes goes,
        since that party can never sign these terms (the earlier version
        keeps it). A held review is a record of what happened, and stays as
        it is: an amendment that removes a goal, contribution, party or
        exception criterion a held review names, or changes a criterion's
        ``per`` or ``split`` (or the term, or the fiscal calendar) so that it
        can no longer raise an exception a held review names, is refused,
        with the ways out. To carry the terms into a new agreement, with
        none of this one's reviews and signatures, use `renew`. To change host data only
        (the ``extensions`` of the agreement, a goal, a party...), which is
        never part of the terms, use `update_extensions`: it keeps the
        version and the signatures.

        An amendment changes a term at least: one given no term, or each
        term as it already is (the same title, goals equal to the held ones,
        or differing only in their extensions), would raise the version and
        have the parties sign the same terms again, and is refused with a
        `~mutualcommit.errors.NothingToAmendError`. So a host can pass a
        form's values through, and learn that none changed.

        Args:
            **changes: New values of term fields (``title``, ``goals``, ...;
                see `TermChanges`).

        Raises:
            ArgumentError: A `TypeError` too, when a change names a field
                that is not a term.
            NothingToAmendError: When the changes, if any, leave every term
                as it is (an `InvalidAgreementError` too).
            InvalidAgreementError: When the amended agreement is invalid;
                ``.problems`` lists every problem with its path.
        """
        _refuse_unknown("amend", changes)
        if not changes:
            raise NothingToAmendError(self.version, ())
        terms = _converted(changes)
        kept = self.signatures
        if "parties" in terms:
            parties = {
                party.id for party in terms["parties"] if isinstance(party, Party)
            }
            kept = tuple(s for s in self.signatures if s.party in parties)
        try:
            amended = self._evolve(version=self.version + 1, signatures=kept, **terms)
        except InvalidAgreementError as error:
            # Only a refused amendment looks for what its held reviews name.
            named = _named_by_held_reviews(self, terms)
            if not named:
                raise
            problems = dict.fromkeys(
                (path, named.get(path, message)) for path, message in error.problems
            )
            raise _like(error, list(problems)) from None
        if _same_terms(self, amended):
            raise NothingToAmendError(
                self.version, changes, host_data=not _same_document(self, amended)
            )
        return amended

    def renew(self, id: str, **changes: Unpack[TermChanges]) -> Agreement:  # noqa: A002 - the model's word
        """Return the successor agreement: these terms, changed, under the new *id*.

        Where `amend` changes this agreement, a renewal starts another one,
        for the next term say: version 1, no signatures and no reviews, and
        the terms of this one with *changes* (``start``, ``end``, ``goals``,
        ...). Nothing of this agreement's records comes along, so a goal or
        a party its reviews or signatures name may go. The agreement's and
        its entities' extensions stay as they are (change them with
        `update_extensions`). This agreement itself is left as it is. With no
        *changes*, the successor takes the terms as they are: a renewal
        voids no signature, so unlike `amend` it has nothing to refuse.

        Args:
            id: The successor's id, not this agreement's.
            **changes: New values of term fields (``start``, ``end``,
                ``goals``, ...; see `TermChanges`).

        Raises:
            ArgumentError: A `TypeError` too, when a change names a field
                that is not a term.
            InvalidAgreementError: When the successor is invalid, or *id* is
                this agreement's own; ``.problems`` lists every problem at
                once, with its path.
        """
        _refuse_unknown("renew", changes)
        problems: list[tuple[str, str]] = []
        if id == self.id:
            message = (
                f"a successor takes an id of its own, got {id!r}, the id of the "
                "agreement it renews; change this agreement's terms with amend(), "
                "which keeps the id"
            )
            problems.append(("id", message))
        try:
            renewed = self._evolve(
                id=id, version=1, signatures=(), reviews=(), **changes
            )
        except InvalidAgreementError as error:
            raise _like(error, [*problems, *error.problems]) from None
        if problems:
            raise InvalidAgreementError(problems)
        return renewed

    def update_extensions(
        self,
        *,
        extensions: Mapping[str, Any] | None = None,
        **changes: Unpack[TermChanges],
    ) -> Agreement:
        """Return a copy with host data changed, and the terms as they are.

        Extensions are never part of the terms, so the fingerprint, the
        version and the signatures stay: a signature current before is
        current after, and MC402 says nothing. ``extensions`` replaces the
        agreement's own; a term field (``goals``, ``parties``, ...) takes
        its entities again, with nothing changed but their ``extensions``
        (``goals=(attrs.evolve(goal, extensions={"crm": "0815"}), ...)``).
        Given nothing new (no argument, or each value as it is), it returns
        an agreement equal to this one: as it raises nothing and voids
        nothing, a host can pass a form's values through unchecked.

        Args:
            extensions: The agreement's new extensions, or None to keep
                them.
            **changes: Term fields whose entities' extensions change (see
                `TermChanges`).

        Raises:
            ArgumentError: When a change names a field that is not a term
                (a `TypeError` too), or alters the terms, not only
                extensions: the message names the path of every term that
                changed (``goals[0].title``), and ``argument`` the first
                (make such a change with `amend`).
            InvalidAgreementError: When the changed agreement is invalid.
        """
        _refuse_unknown("update_extensions", changes)
        if extensions is not None:
            changes_and_own: dict[str, Any] = {**changes, "extensions": extensions}
        else:
            changes_and_own = dict(changes)
        updated = self._evolve(**changes_and_own)
        if updated.fingerprint() != self.fingerprint():
            changed = _changed_paths(
                _canonical.canonical_terms(self),
                _canonical.canonical_terms(updated),
                "",
            )
            shown = changed[:_LISTED_CHANGES]
            if len(changed) > len(shown):
                shown.append(f"{len(changed) - len(shown)} more")
            msg = (
                "update_extensions() changes extensions only, and these changes "
                f"change the terms at {', '.join(shown)}; make them with amend(), "
                "which raises the version (the parties sign again)"
            )
            raise ArgumentError(msg, changed[0])
        return updated

    def record_review(self, review: Review) -> Agreement:
        """Return a copy with *review* appended to the held reviews.

        Neither the terms, the version nor the signatures change.

        Raises:
            InvalidAgreementError: When the review is invalid (an unknown
                attendee, ...) or its id is already held (correct a held
                review with `replace_review`).
            ArgumentError: A `TypeError` too, when *review* is not a
                `Review`.
        """
        _review(review)
        if any(held.id == review.id for held in self.reviews):
            path = f"reviews[{len(self.reviews)}].id"
            message = (
                f"duplicate review id {review.id!r}: a review with this id is "
                "already held; correct it with replace_review()"
            )
            raise InvalidAgreementError([(path, message)])
        return self._evolve(reviews=(*self.reviews, review))

    def status(self, as_of: dt.date) -> AgreementStatus:
        """Return the agreement's status at the end of day *as_of*.

        The first that applies: ``expired`` (after the end), ``active`` (every
        party has a current signature and the term has started), ``signed``
        (every party has a current signature), ``partially_signed`` (some
        party has one), ``draft``. A signature counts from its ``signed_on``:
        on an earlier day it had not been given.

        Raises:
            ArgumentError: A `TypeError` too, when *as_of* is not a
                `datetime.date`.
        """
        # Here, not at the top: _arguments imports this module.
        from ._arguments import as_day

        if as_day("as_of", as_of) > self.end:
            return AgreementStatus.EXPIRED
        current = {
            party
            for party, signature in self.current_signatures().items()
            if given_by(signature.signed_on, as_of)
        }
        if current and all(p.id in current for p in self.parties):
            if as_of >= self.start:
                return AgreementStatus.ACTIVE
            return AgreementStatus.SIGNED
        if current:
            return AgreementStatus.PARTIALLY_SIGNED
        return AgreementStatus.DRAFT

    def current_signatures(self) -> dict[str, Signature]:
        """Return the signatures bound to the current terms, by party id."""
        fingerprint = self.fingerprint()
        return {s.party: s for s in self.signatures if s.fingerprint == fingerprint}

    # -- The review cycle: reviews are records, not terms, so none of these
    # -- changes the fingerprint, the version or the signatures.

    def replace_review(self, review: Review) -> Agreement:
        """Return a copy with the held review of *review*'s id replaced by *review*.

        Use it to correct a review record (its attendees, notes or action
        items). Neither the terms, the version nor the signatures change.

        Raises:
            NotFoundError: When no held review has that id; the message
                lists the reviews held.
            InvalidAgreementError: When the corrected review is invalid.
            ArgumentError: A `TypeError` too, when *review* is not a
                `Review`.
        """
        _review(review)
        position = self._position("review", self.reviews, review.id)
        reviews = list(self.reviews)
        reviews[position] = review
        return self._evolve(reviews=tuple(reviews))

    def update_action(
        self, review: str, action: str, **changes: Unpack[ActionItemChanges]
    ) -> Agreement:
        """Return a copy with fields of one action item of a held review changed.

        ``update_action("qbr-1", "x1", due=date(2027, 1, 31))`` agrees a new
        due date; `complete_action` records that it was done. Neither the
        terms, the version nor the signatures change. The item holds one due
        date and one ``done_on``, the current ones: a check as of a day
        before the change reads them too (keep the agreement's document of
        that day to report as things stood then).

        Args:
            review: The id of the held review that decided the item.
            action: The id of the action item.
            **changes: New values of the item's fields (``due``, ``done_on``,
                ``owner``, ``title``, ``goals``, ``contributions``,
                ``extensions``, ``exceptions``; see `ActionItemChanges`).

        Raises:
            NotFoundError: When there is no such review or action item; the
                message lists the ids there are.
            ArgumentError: A `TypeError` too, when a change names no field
                of an action item (or its id, which stays); the message
                lists the fields.
            InvalidAgreementError: When the changed agreement is invalid.
        """
        unknown = sorted(set(changes) - _ACTION_ITEM_FIELDS)
        if unknown:
            msg = (
                "update_action() changes an action item's fields but its id; "
                f"not one of them: {_listed(unknown, _ACTION_ITEM_FIELDS, _ACTION_ITEM)} "
                f"(fields: {', '.join(sorted(_ACTION_ITEM_FIELDS))})"
            )
            raise also_type_error(ArgumentError)(msg, unknown[0])
        held = self.review(review)
        position = self._position(
            "action item", held.actions, action, within=f"review {review!r} of "
        )
        actions = list(held.actions)
        at = f"reviews[{self.reviews.index(held)}].actions[{position}]"
        actions[position] = _built(
            at, lambda: attrs.evolve(actions[position], **changes)
        )
        return self.replace_review(attrs.evolve(held, actions=tuple(actions)))

    def complete_action(self, review: str, action: str, done_on: dt.date) -> Agreement:
        """Return a copy recording that an action item was done on *done_on*.

        This is what clears rule MC306 (an action item past due and not
        done). Neither the terms, the version nor the signatures change.
        An item is completed once: given again as it stands (the same
        day), the completion is already there, and the agreement comes back
        as it is, so a retried call is harmless; another day is refused, as
        `sign` refuses a second signature. Correct a recorded day on
        purpose with ``update_action(review, action, done_on=day)``.

        Args:
            review: The id of the held review that decided the item.
            action: The id of the action item.
            done_on: The day it was done, not before the review was held.

        Raises:
            NotFoundError: When there is no such review or action item.
            AlreadyCompletedError: When the item was done on another day
                already; it names that day and the deliberate ways to
                change it.
            InvalidAgreementError: When *done_on* is not a date (None too:
                ``update_action(review, action, done_on=None)`` reopens an
                item, on purpose), a `TypeError` too then, or is before the
                day the review was held.
        """
        held = self.review(review)
        position = self._position(
            "action item", held.actions, action, within=f"review {review!r} of "
        )
        at = f"reviews[{self.reviews.index(held)}].actions[{position}].done_on"
        if done_on is None:
            # A null from a form would reopen a done item, and bring back
            # MC306, without a word: no day, where a day goes (a TypeError
            # too, as text there is).
            msg = (
                "expected the day it was done, got None; to reopen the item, "
                f"update_action({review!r}, {action!r}, done_on=None)"
            )
            raise also_type_error(InvalidAgreementError)([(at, msg)])
        recorded = held.actions[position].done_on
        if recorded is not None and _is_day(done_on):
            if done_on == recorded:
                return self
            # A second completion would move the day without a word, and
            # with it what MC306 says of the days between the two.
            raise AlreadyCompletedError(review, action, recorded, done_on, at)
        return self.update_action(review, action, done_on=done_on)

    # -- Lookups by id.

    def party(self, id: str) -> Party:  # noqa: A002 - the model's word
        """Return the party *id*.

        Raises:
            NotFoundError: When there is none; the message lists the parties.
        """
        return self.parties[self._position("party", self.parties, id)]

    def metric(self, id: str) -> Metric:  # noqa: A002
        """Return the metric *id*.

        Raises:
            NotFoundError: When there is none; the message lists the metrics.
        """
        return self.metrics[self._position("metric", self.metrics, id)]

    def goal(self, id: str) -> Goal:  # noqa: A002
        """Return the goal *id*.

        Raises:
            NotFoundError: When there is none; the message lists the goals.
        """
        return self.goals[self._position("goal", self.goals, id)]

    def contribution(self, id: str) -> Contribution:  # noqa: A002
        """Return the contribution *id*.

        Raises:
            NotFoundError: When there is none; the message lists the contributions.
        """
        return self.contributions[
            self._position("contribution", self.contributions, id)
        ]

    def allocation(self, id: str) -> ResourceAllocation:  # noqa: A002
        """Return the resource allocation *id*.

        Raises:
            NotFoundError: When there is none; the message lists the allocations.
        """
        return self.allocations[self._position("allocation", self.allocations, id)]

    def incentive(self, id: str) -> Incentive:  # noqa: A002
        """Return the incentive *id*.

        Raises:
            NotFoundError: When there is none; the message lists the incentives.
        """
        return self.incentives[self._position("incentive", self.incentives, id)]

    def clause(self, id: str) -> Clause:  # noqa: A002
        """Return the clause *id*.

        Raises:
            NotFoundError: When there is none; the message lists the clauses.
        """
        return self.clauses[self._position("clause", self.clauses, id)]

    def exception_criterion(self, id: str) -> ExceptionCriterion:  # noqa: A002
        """Return the exception criterion *id*.

        Raises:
            NotFoundError: When there is none; the message lists the criteria.
        """
        return self.exception_criteria[
            self._position("exception criterion", self.exception_criteria, id)
        ]

    def remedy(self, id: str) -> Remedy:  # noqa: A002
        """Return the remedy *id*.

        Raises:
            NotFoundError: When there is none; the message lists the remedies.
        """
        return self.remedies[self._position("remedy", self.remedies, id)]

    def review(self, id: str) -> Review:  # noqa: A002
        """Return the held review *id*.

        Raises:
            NotFoundError: When there is none; the message lists the reviews.
        """
        return self.reviews[self._position("review", self.reviews, id)]

    def _position(
        self,
        kind: str,
        items: tuple[Any, ...],
        id: str,  # noqa: A002
        *,
        within: str = "",
    ) -> int:
        for i, item in enumerate(items):
            if item.id == id:
                return i
        msg = no_such(
            kind, id, f"{within}agreement {self.id!r}", (item.id for item in items)
        )
        raise NotFoundError(msg, id)

    def _evolve(self, **changes: Any) -> Agreement:
        return attrs.evolve(self, **changes)


def _built(at: str, make: Callable[[], T]) -> T:
    """Return the record *make* builds for the agreement, at the path *at*.

    A field the record refuses (text for a day, say) is reported as the
    agreement's problem, at its path there (``reviews[1].actions[0].due``),
    as when the agreement held it: the method changes the agreement, and
    its error says where.

    Raises:
        InvalidAgreementError: Listing each field the record refused.
    """
    try:
        return make()
    except InvalidFieldsError as error:
        problems = [(f"{at}.{path}", message) for path, message in error.problems]
        raise _like(error, problems) from None


def _like(error: Exception, problems: list[tuple[str, str]]) -> InvalidAgreementError:
    """Return an `InvalidAgreementError` listing *problems*, in place of *error*.

    A `TypeError` too when *error* was (a value of the wrong type among
    them).
    """
    if isinstance(error, TypeError):
        return also_type_error(InvalidAgreementError)(problems)
    return InvalidAgreementError(problems)


def _is_day(value: object) -> bool:
    """Tell whether *value* is a day: a date, not a datetime."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _same_signing(held: Signature, given: Signature) -> bool:
    """Tell whether *given* is the signature *held* already records.

    The same terms, name and day; a held signature that does not say which
    version it signed is the same one too (the fingerprint says it).
    """
    return (
        held.signed_by == given.signed_by
        and held.signed_on == given.signed_on
        and held.fingerprint == given.fingerprint
        and held.version in (None, given.version)
    )


def _same_terms(agreement: Agreement, amended: Agreement) -> bool:
    """Tell whether *amended* has *agreement*'s terms, its version aside."""
    return _unversioned(_canonical.canonical_terms, agreement, amended)


def _same_document(agreement: Agreement, amended: Agreement) -> bool:
    """Tell whether *amended* has *agreement*'s document, its version aside.

    Of the same terms, an amendment keeps the reviews and the signatures:
    what else may differ is host data, the extensions.
    """
    return _unversioned(_canonical.canonical_document, agreement, amended)


def _unversioned(
    form: Callable[[Agreement], dict[str, Any]], one: Agreement, other: Agreement
) -> bool:
    """Tell whether *one* and *other* have the same *form* but for their versions."""
    first, second = form(one), form(other)
    first.pop("version", None)
    second.pop("version", None)
    return first == second


def _listed(unknown: list[str], known: frozenset[str], own: frozenset[str]) -> str:
    """List the *unknown* names, each but one of *own* with the *known* one it likely means.

    A field of *own* (the entity's own, though not one the method changes)
    is meant as it is: no other name is suggested for it.
    """
    return ", ".join(
        name if name in own else name + did_you_mean(name, sorted(known), repr)
        for name in unknown
    )


def _refuse_unknown(method: str, changes: Mapping[str, object]) -> None:
    """Refuse the *changes* to `amend`, `renew` or `update_extensions` that name no term.

    Raises:
        ArgumentError: A `TypeError` too, naming *method*, each field that
            is not a term (a misspelt one with the term it likely means),
            the terms, and what changes the agreement's id, records and
            extensions instead.
    """
    unknown = sorted(set(changes) - TERM_FIELDS)
    if not unknown:
        return
    own = frozenset(field.name for field in attrs.fields(Agreement))
    if method == "update_extensions":
        msg = "update_extensions() takes extensions and term fields only"
    else:
        msg = f"{method}() changes term fields only"
    msg += (
        f"; not a term field: {_listed(unknown, TERM_FIELDS, own)} "
        f"(terms: {', '.join(sorted(TERM_FIELDS))})"
    )
    if "id" in unknown and method == "amend":
        msg += (
            "; an amendment keeps the agreement's id: start a successor "
            "agreement under a new id with renew(id, ...)"
        )
    if {"reviews", "signatures"} & set(unknown):
        msg += (
            "; reviews and signatures are records, not terms: record_review(), "
            "replace_review() and sign() change them"
        )
    if "extensions" in unknown and method != "update_extensions":
        msg += (
            "; change the agreement's extensions with update_extensions(extensions=...)"
        )
    raise also_type_error(ArgumentError)(msg, unknown[0])


#: How many changed terms `Agreement.update_extensions` names at most.
_LISTED_CHANGES = 10

#: A key one side of a comparison of canonical terms does not hold.
_ABSENT = object()


def _changed_paths(before: object, after: object, path: str) -> list[str]:
    """Return the model paths at which the canonical terms *before* and *after* differ.

    Down to the field or item that changed (``goals[0].title``): an object
    key by key, in the terms' order, an array item by item when both have
    as many items (else the array is what changed).
    """
    if before == after:
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        changed: list[str] = []
        for key in dict.fromkeys([*before, *after]):
            changed += _changed_paths(
                before.get(key, _ABSENT), after.get(key, _ABSENT), key_path(path, key)
            )
        return changed
    if (
        isinstance(before, list)
        and isinstance(after, list)
        and len(before) == len(after)
    ):
        changed = []
        for i, (old, new) in enumerate(zip(before, after, strict=True)):
            changed += _changed_paths(old, new, f"{path}[{i}]")
        return changed
    return [path]


#: The term fields whose entities a held review names, and what each is.
_NAMED_KINDS = {
    "parties": "party",
    "goals": "goal",
    "contributions": "contribution",
    "exception_criteria": "exception criterion",
}


def _converted(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Return *changes* with each field a held review names converted.

    As the agreement converts them (a list, a generator, to a tuple), so
    that their ids can be read once, and a bad value is refused as the
    agreement refuses it.
    """
    fields = attrs.fields_dict(Agreement)
    converted = dict(changes)
    for name in _NAMED_KINDS:
        if name not in converted:
            continue
        # The converter `coerce_fields` gave the field, which names it.
        convert = cast("Callable[[object], tuple[Any, ...]]", fields[name].converter)
        converted[name] = convert(converted[name])
    return converted


def _named_by_held_reviews(
    agreement: Agreement, terms: Mapping[str, Any]
) -> dict[str, str]:
    """Say where *agreement*'s held reviews name what the amended *terms* drop.

    An entity the terms no longer hold (a goal, a party, a criterion), or
    an exception its criterion can no longer raise: the amended terms
    changed the criterion's ``per`` or ``split``, the term, or the fiscal
    calendar, so that a key a held review names labels no window, or an
    item the criterion no longer splits by.

    Returns:
        Path (``reviews[1].actions[0].goals[0]``) → a message naming what
        is dropped, the review and the ways out, for each such reference.
    """
    removed: set[tuple[str, str]] = set()
    for field, kind in _NAMED_KINDS.items():
        if field in terms:
            ids = (getattr(item, "id", None) for item in terms[field])
            now = {ident for ident in ids if isinstance(ident, str)}
            removed.update(
                (kind, item.id)
                for item in getattr(agreement, field)
                if item.id not in now
            )
    named = {
        path: (
            f"{kind} {ident!r} is not in the amended terms, but held review "
            f"{review.id!r} names it, and an amendment leaves held reviews as "
            f"they are: keep the {kind}, start a successor agreement without it "
            "with renew() (it holds no reviews), or correct the review with "
            "replace_review()"
        )
        for path, review, kind, ident in _held_references(agreement.reviews)
        if (kind, ident) in removed
    }
    return named | _unraisable(agreement, terms)


def _unraisable(agreement: Agreement, terms: Mapping[str, Any]) -> dict[str, str]:
    """Say where a held review names an exception the amended criterion cannot raise.

    Returns:
        Path (``reviews[1].actions[0].exceptions[0]``) → why the key names
        no exception of the amended criterion, the review and the ways out.
    """
    criteria = _amended_criteria(agreement, terms)
    term = _amended_term(agreement, terms)
    found: dict[str, str] = {}
    for i, review in enumerate(agreement.reviews):
        for j, action in enumerate(review.actions):
            for k, key in enumerate(action.exceptions):
                name = key.partition("/")[0]
                if name not in criteria:
                    continue  # a criterion the terms drop: said as such
                problems = exception_key_problems(key, criteria[name], term)
                if not problems:
                    continue
                found[f"reviews[{i}].actions[{j}].exceptions[{k}]"] = (
                    f"{'; '.join(problems)}; held review {review.id!r} names "
                    "this exception, which the amended terms no longer let "
                    f"criterion {name!r} raise (its per or split, the term or "
                    "the fiscal calendar changed), and an amendment leaves held "
                    "reviews as they are: keep the criterion's windows and "
                    "split, start a successor agreement with the changed "
                    "criterion with renew() (it holds no reviews), or correct "
                    "the review with replace_review()"
                )
    return found


def _amended_criteria(
    agreement: Agreement, terms: Mapping[str, Any]
) -> dict[str, ExceptionCriterion]:
    """Return the amended terms' exception criteria by id (those that are criteria)."""
    items = terms.get("exception_criteria", agreement.exception_criteria)
    return {
        item.id: item
        for item in items
        if isinstance(item, ExceptionCriterion) and isinstance(item.id, str)
    }


def _amended_term(
    agreement: Agreement, terms: Mapping[str, Any]
) -> tuple[dt.date, dt.date, FiscalCalendar] | None:
    """Return the amended term and fiscal calendar, or None when not well formed.

    An exception key's window is read against them only then; a malformed
    term is the amendment's own problem, reported at its path.
    """
    start = terms.get("start", agreement.start)
    end = terms.get("end", agreement.end)
    calendar = terms.get("fiscal_calendar", agreement.fiscal_calendar)
    if (
        _is_day(start)
        and _is_day(end)
        and start <= end
        and isinstance(calendar, FiscalCalendar)
    ):
        return start, end, calendar
    return None


def _held_references(
    reviews: tuple[Review, ...],
) -> Iterator[tuple[str, Review, str, str]]:
    """Yield each id the *reviews* name: its path, the review, its kind and the id."""
    for i, review in enumerate(reviews):
        at = f"reviews[{i}]"
        for j, party in enumerate(review.attendees):
            yield f"{at}.attendees[{j}]", review, "party", party
        for j, action in enumerate(review.actions):
            item = f"{at}.actions[{j}]"
            yield f"{item}.owner", review, "party", action.owner
            for k, goal in enumerate(action.goals):
                yield f"{item}.goals[{k}]", review, "goal", goal
            for k, contribution in enumerate(action.contributions):
                yield f"{item}.contributions[{k}]", review, "contribution", contribution
            for k, key in enumerate(action.exceptions):
                criterion = key.partition("/")[0]
                yield (
                    f"{item}.exceptions[{k}]",
                    review,
                    "exception criterion",
                    criterion,
                )


def _review(review: object) -> None:
    """Refuse what is not a `Review` where one is held or corrected."""
    # Here, not at the top: _arguments imports this module.
    from ._arguments import as_instance

    as_instance("review", review, Review)


# `_canonical` names Agreement for type checkers only (this module imports
# it): it gets the class here, so that `typing.get_type_hints` resolves the
# annotations of its functions.
vars(_canonical).update(Agreement=Agreement)
