"""The agreement: the root of the model (SPEC §3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from mutualcommit.errors import InvalidAgreementError

from ._canonical import fingerprint_of
from ._entities import (
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
    _ids,
)
from ._enums import AgreementStatus
from ._invariants import agreement_problems

__all__ = ["TERM_FIELDS", "Agreement"]

#: The fields `Agreement.amend` accepts: the terms, less the id and version.
TERM_FIELDS = frozenset(
    {
        "title",
        "parties",
        "start",
        "end",
        "currency",
        "fiscal_calendar",
        "metrics",
        "goals",
        "contributions",
        "allocations",
        "incentives",
        "clauses",
        "review_rule",
        "exception_criteria",
    }
)


@attrs.frozen(kw_only=True)
class Agreement:
    """A Mutual Commit: both sides' pledges toward shared goals, in one document.

    Building one checks every invariant of SPEC §3 and reports all the
    broken ones at once.

    Attributes:
        id: The agreement's identifier.
        title: Its title.
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
        signatures: The parties' signatures (not part of the terms).
        version: The amendment count, from 1.
        extensions: The host application's data, never part of the terms.

    Raises:
        InvalidAgreementError: When any invariant is broken; ``.problems``
            lists every one with its path.
    """

    id: str
    title: str
    parties: tuple[Party, ...] = _ids()
    start: dt.date
    end: dt.date
    currency: str
    fiscal_calendar: FiscalCalendar = attrs.field(factory=FiscalCalendar)
    metrics: tuple[Metric, ...] = _ids()
    goals: tuple[Goal, ...] = _ids()
    contributions: tuple[Contribution, ...] = _ids()
    allocations: tuple[ResourceAllocation, ...] = _ids()
    incentives: tuple[Incentive, ...] = _ids()
    clauses: tuple[Clause, ...] = _ids()
    review_rule: str | None = None
    exception_criteria: tuple[ExceptionCriterion, ...] = _ids()
    reviews: tuple[Review, ...] = _ids()
    signatures: tuple[Signature, ...] = _ids()
    version: int = 1
    extensions: Mapping[str, Any] = _extensions()
    _fingerprint: str | None = attrs.field(
        default=None, init=False, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        problems = agreement_problems(self)
        if problems:
            raise InvalidAgreementError(problems)

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

        An earlier signature of the same party is replaced.

        Args:
            party: The signing party or its id.
            signed_by: The name of the person who signs.
            on: The day of signing.

        Raises:
            InvalidAgreementError: When the party is not in the agreement.
        """
        party_id = party.id if isinstance(party, Party) else party
        signature = Signature(
            party=party_id,
            signed_by=signed_by,
            signed_on=on,
            fingerprint=self.fingerprint(),
        )
        others = tuple(s for s in self.signatures if s.party != party_id)
        return self._evolve(signatures=(*others, signature))

    def amend(self, **changes: Any) -> Agreement:
        """Return a copy with changed terms and the version one higher.

        Signatures of the old terms stay: they no longer match the
        fingerprint, and rule MC402 reports them as stale.

        Args:
            **changes: New values of term fields (``title``, ``goals``, ...).

        Raises:
            TypeError: When a change names a field that is not a term.
            InvalidAgreementError: When the amended agreement is invalid.
        """
        unknown = sorted(set(changes) - TERM_FIELDS)
        if unknown:
            msg = (
                f"amend() changes term fields only; not a term field: "
                f"{', '.join(unknown)} (terms: {', '.join(sorted(TERM_FIELDS))})"
            )
            raise TypeError(msg)
        return self._evolve(version=self.version + 1, **changes)

    def record_review(self, review: Review) -> Agreement:
        """Return a copy with *review* appended to the held reviews.

        Neither the terms, the version nor the signatures change.

        Raises:
            InvalidAgreementError: When the review is invalid (a duplicate id,
                an unknown attendee, ...).
        """
        return self._evolve(reviews=(*self.reviews, review))

    def status(self, as_of: dt.date) -> AgreementStatus:
        """Return the agreement's status at the end of day *as_of*.

        The first that applies: ``expired`` (after the end), ``active`` (every
        party has a current signature and the term has started), ``signed``
        (every party has a current signature), ``partially_signed`` (some
        party has one), ``draft``.
        """
        if as_of > self.end:
            return AgreementStatus.EXPIRED
        current = self.current_signatures()
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

    def _evolve(self, **changes: Any) -> Agreement:
        return attrs.evolve(self, **changes)

    def _repr_markdown_(self) -> str:
        from mutualcommit.render import render  # the one upward edge (SPEC §2)

        text: str = render(self, format="markdown")
        return text

    def _repr_html_(self) -> str:
        from mutualcommit.render import render  # the one upward edge (SPEC §2)

        text: str = render(self, format="html")
        return text
