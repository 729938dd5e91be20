"""The scorecard: every target of an agreement evaluated at one ``as_of``."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from mutualcommit.errors import NotFoundError
from mutualcommit.model import Agreement, FrozenDict
from mutualcommit.model._notebook import ShowsDocument
from mutualcommit.model._shown import no_such

from ._fund_results import FundLedger
from ._incentives import IncentiveResult
from ._pacing import DEFAULT_BANDS, Bands
from ._positions import NetPosition, Positions
from ._records import Table, schema_of, scorecard_records
from ._remedies import RemedyResult
from ._results import Standing, TargetResult, WindowResult

__all__ = [
    "Scorecard",
    "weighted_attainment",
    "window_score",
]

_T = TypeVar("_T")
_ZERO = Decimal(0)
_ONE = Decimal(1)
#: Where the weighted scores are added up: a sum of products of Decimals is
#: exact in it.
_EXACT = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation],
)
#: The standings a goal's score tells apart, compared by identity.
_ON_TRACK = Standing.ON_TRACK
_AT_RISK = Standing.AT_RISK
_OFF_TRACK = Standing.OFF_TRACK
_MET = Standing.MET
_MISSED = Standing.MISSED


def _index(results: tuple[TargetResult, ...]) -> dict[str, TargetResult]:
    # Each result's ``id``, read without the property: a scorecard per as_of
    # builds this index of every result.
    return {(r.goal if r.goal is not None else str(r.contribution)): r for r in results}


def _by_party(
    agreement: Agreement, results: tuple[TargetResult, ...]
) -> dict[str, tuple[TargetResult, ...]]:
    # Every party of the agreement, even one with no result, so that the
    # lookup also tells a party without pledges from an unknown one.
    groups: dict[str, list[TargetResult]] = {p.id: [] for p in agreement.parties}
    for result in results:
        party = result.party
        if party is not None and party in groups:
            groups[party].append(result)
    return {party: tuple(group) for party, group in groups.items()}


def _first_by(items: tuple[_T, ...], key: str) -> dict[str, _T]:
    # The first of each id, as a scan in order finds it.
    found: dict[str, _T] = {}
    for item in items:
        found.setdefault(getattr(item, key), item)
    return found


@attrs.frozen(kw_only=True)
class Scorecard(ShowsDocument):
    """Where every goal and every pledge of an agreement stands at ``as_of``.

    Build one with `evaluate` (or `ObservationIndex.evaluate`); it is a value:
    two evaluations of the same inputs compare equal. Its repr is short,
    however long the term: the agreement's id, the day, the overall
    attainment and how many results of each kind it holds (with the goals'
    standings), evaluating no window its results defer.

    Attributes:
        agreement: The agreement evaluated (a check's
            `~mutualcommit.Report` holds its id there instead: code that
            takes either reads `agreement_id`).
        as_of: The day evaluated, meaning the end of that day.
        goals: The results of the goals that have a target, in agreement order.
        contributions: The results of the contributions that have a target,
            in agreement order.
        overall_attainment: The weighted mean of the goals' scores in [0, 1],
            or None when no goal counts (see the KPI docs).
        bands: The thresholds the standings were judged with.
        incentives: The results of the incentives, in agreement order (one
            per incentive; one whose basis has no target has no windows).
        remedies: The results of the remedies, in agreement order (one per
            remedy; one whose basis has no target has no windows).
        funds: The ledgers of the agreement's funds, in allocation order,
            when the evaluation was given the fund log; else ``()``.
    """

    agreement: Agreement = attrs.field(repr=False)
    as_of: dt.date
    goals: tuple[TargetResult, ...] = ()
    contributions: tuple[TargetResult, ...] = ()
    overall_attainment: Decimal | None = None
    bands: Bands = DEFAULT_BANDS
    incentives: tuple[IncentiveResult, ...] = ()
    remedies: tuple[RemedyResult, ...] = ()
    funds: tuple[FundLedger, ...] = ()
    # The lookups by id, built on first use: a series builds a scorecard per
    # day and most are never looked up. Each is only ever set to the same
    # index, so threads sharing a scorecard need no lock.
    _goals: dict[str, TargetResult] | None = attrs.field(
        init=False, eq=False, hash=False, repr=False, default=None
    )
    _contributions: dict[str, TargetResult] | None = attrs.field(
        init=False, eq=False, hash=False, repr=False, default=None
    )
    _incentives: dict[str, IncentiveResult] | None = attrs.field(
        init=False, eq=False, hash=False, repr=False, default=None
    )
    # Every party of the agreement, with the results of its pledges.
    _parties: dict[str, tuple[TargetResult, ...]] | None = attrs.field(
        init=False, eq=False, hash=False, repr=False, default=None
    )
    _remedies: dict[str, RemedyResult] | None = attrs.field(
        init=False, eq=False, hash=False, repr=False, default=None
    )
    _funds: dict[str, FundLedger] | None = attrs.field(
        init=False, eq=False, hash=False, repr=False, default=None
    )
    # Who pays or receives what, for every party's net position.
    _positions: Positions | None = attrs.field(
        init=False, eq=False, hash=False, repr=False, default=None
    )

    def __repr__(self) -> str:
        # Counts, not the results: a log line, an error report's locals or a
        # failed assertion shows it, and the results of a long term run to
        # megabytes (and would evaluate every deferred window).
        standings = {
            standing.value: count for standing, count in self.counts.items() if count
        }
        return (
            f"<Scorecard agreement={self.agreement.id!r} as_of={self.as_of} "
            f"overall_attainment={self.overall_attainment!r} "
            f"goals={len(self.goals)} contributions={len(self.contributions)} "
            f"incentives={len(self.incentives)} remedies={len(self.remedies)} "
            f"funds={len(self.funds)} standings={standings!r}>"
        )

    @property
    def agreement_id(self) -> str:
        """The id of the agreement evaluated, as `~mutualcommit.Report.agreement_id` is a report's."""
        return self.agreement.id

    def goal(self, id: str) -> TargetResult:  # noqa: A002 - the model's word
        """Return the result of the goal *id*.

        Raises:
            NotFoundError: When the agreement has no such goal, or the goal has no
                target (rule MC101) and so no result.
        """
        goals = self._goals
        if goals is None:
            goals = _index(self.goals)
            object.__setattr__(self, "_goals", goals)
        try:
            return goals[id]
        except (KeyError, TypeError):  # TypeError: an id no dict key can be
            raise NotFoundError(
                self._missing("goal", id, self.agreement.goals), id
            ) from None

    def contribution(self, id: str) -> TargetResult:  # noqa: A002 - the model's word
        """Return the result of the contribution *id*.

        Raises:
            NotFoundError: When the agreement has no such contribution, or it has
                no target (rule MC103) and so no result.
        """
        contributions = self._contributions
        if contributions is None:
            contributions = _index(self.contributions)
            object.__setattr__(self, "_contributions", contributions)
        try:
            return contributions[id]
        except (KeyError, TypeError):
            raise NotFoundError(
                self._missing("contribution", id, self.agreement.contributions), id
            ) from None

    def incentive(self, id: str) -> IncentiveResult:  # noqa: A002 - the model's word
        """Return the result of the incentive *id*.

        Raises:
            NotFoundError: When the agreement has no such incentive.
        """
        incentives = self._incentives
        if incentives is None:
            incentives = {r.incentive: r for r in self.incentives}
            object.__setattr__(self, "_incentives", incentives)
        try:
            return incentives[id]
        except (KeyError, TypeError):
            raise NotFoundError(
                self._missing("incentive", id, self.agreement.incentives), id
            ) from None

    def remedy(self, id: str) -> RemedyResult:  # noqa: A002 - the model's word
        """Return the result of the remedy *id*.

        Raises:
            NotFoundError: When the agreement has no such remedy.
        """
        remedies = self._remedies
        if remedies is None:
            remedies = _first_by(self.remedies, "remedy")
            object.__setattr__(self, "_remedies", remedies)
        try:
            return remedies[id]
        except (KeyError, TypeError):
            raise NotFoundError(
                self._missing("remedy", id, self.agreement.remedies), id
            ) from None

    def fund(self, id: str) -> FundLedger:  # noqa: A002 - the model's word
        """Return the ledger of the fund of allocation *id*.

        Raises:
            NotFoundError: When the evaluation was not given the fund log, or the
                allocation *id* is not a fund.
        """
        funds = self._funds
        if funds is None:
            funds = _first_by(self.funds, "fund")
            object.__setattr__(self, "_funds", funds)
        ledger = funds.get(id) if isinstance(id, str) else None
        if ledger is not None:
            return ledger
        msg = no_such(
            "fund ledger",
            id,
            f"the scorecard of agreement {self.agreement.id!r}",
            (ledger.fund for ledger in self.funds),
        )
        if not self.funds and any(
            a.fund is not None for a in self.agreement.allocations
        ):
            msg += ": evaluate with fund_events to have them"
        raise NotFoundError(msg, id)

    def net_position(self, party: str) -> NetPosition:
        """Return *party*'s rewards less its remedies, per closed window and currency.

        Raises:
            NotFoundError: When the agreement has no such party.
        """
        self.party(party)
        positions = self._positions
        if positions is None:
            positions = Positions(
                self.agreement,
                (*self.goals, *self.contributions),
                self.incentives,
                self.remedies,
            )
            object.__setattr__(self, "_positions", positions)
        return positions.of(party)

    def party(self, id: str) -> tuple[TargetResult, ...]:  # noqa: A002 - the model's word
        """Return the results of the contributions party *id* pledged, in order.

        Accountability runs both ways: a vendor's pledges are tracked like a
        partner's. A party whose pledges have no target gets ``()``. The
        first call groups the results by party; every call after looks the
        party up.

        Raises:
            NotFoundError: When the agreement has no such party.
        """
        parties = self._parties
        if parties is None:
            parties = _by_party(self.agreement, self.contributions)
            object.__setattr__(self, "_parties", parties)
        try:
            return parties[id]
        except (KeyError, TypeError):
            where = f"agreement {self.agreement.id!r}"
            known = (p.id for p in self.agreement.parties)
            raise NotFoundError(no_such("party", id, where, known), id) from None

    @property
    def counts(self) -> Mapping[Standing, int]:
        """How many goals stand where — every `Standing`, in order, zeros included."""
        counts = dict.fromkeys(Standing, 0)
        for result in self.goals:
            counts[result.standing] += 1
        return FrozenDict(counts)

    def _missing(self, kind: str, id: str, entities: Iterable[object]) -> str:  # noqa: A002
        """Word a lookup's miss as the agreement's lookups do, listing its ids of *kind*."""
        ids = [str(getattr(e, "id", "")) for e in entities]
        if id in ids:
            return (
                f"{kind} {id!r} of agreement {self.agreement.id!r} has no target, "
                "so it has no result"
            )
        return no_such(kind, id, f"agreement {self.agreement.id!r}", ids)

    def to_records(self, table: Table = "targets") -> list[dict[str, Any]]:
        """Return the scorecard as flat records (plain dicts), for a frame.

        ``table="targets"``: one record per goal or contribution and window,
        with ``kind``, ``id``, ``party``, ``metric``, ``window``, ``start``,
        ``end``, ``current``, ``closed``, the window's numbers, its
        ``standing``, and the counts a computed measure states in its
        ``details`` (``orders`` and ``on_time_in_full`` for OTIF,
        ``deliveries_without_order`` for OTIF and lead time; ``pairs``,
        ``forecasts_without_actual`` and ``actuals_without_forecast`` for a
        forecast measure; None where its measure states none).
        ``table="incentives"``: one record per incentive and
        window, with ``incentive``, ``unit``, ``window``, ``attainment``,
        ``tier``, ``payout``, ``status`` and ``provisional``.
        ``table="remedies"``: one record per remedy and window, with
        ``remedy``, ``payer``, ``beneficiary``, ``unit``, ``window``, ``end``,
        ``closed``, ``shortfall``, ``charged``, ``owed``, ``capped`` and
        ``breached``. ``table="funds"`` and ``table="fund_requests"``: the
        records of every fund ledger's windows or requests, in allocation
        order, as `FundLedger.to_records` gives them (none unless the
        scorecard was evaluated with the fund log). Numbers stay exact
        Decimals.

        Raises:
            ValueError: When *table* is none of ``"targets"``,
                ``"incentives"``, ``"remedies"``, ``"funds"`` and
                ``"fund_requests"``.
        """
        return scorecard_records(self, table)

    def to_pandas(self, table: Table = "targets") -> Any:
        """Return `to_records` as a `pandas.DataFrame` (needs the ``pandas`` extra).

        Decimals become floats in the frame. Each column has its table's
        dtype whatever the rows hold (None in every row, or no row at all):
        numbers ``float64`` (None is NaN), whole numbers ``Int64`` (None is
        ``<NA>``), so frames stack with ``pandas.concat``.

        Raises:
            ModuleNotFoundError: When pandas is not installed.
            ValueError: As `to_records`.
        """
        from mutualcommit._frames import to_pandas

        schema = schema_of(table)
        return to_pandas(self.to_records(table), schema, "Scorecard.to_pandas()")

    def to_polars(self, table: Table = "targets") -> Any:
        """Return `to_records` as a `polars.DataFrame` (needs the ``polars`` extra).

        Decimals become floats in the frame. Each column has its table's
        type whatever the rows hold (None in every row, or no row at all), so
        frames stack with ``polars.concat``.

        Raises:
            ModuleNotFoundError: When polars is not installed.
            ValueError: As `to_records`.
        """
        from mutualcommit._frames import to_polars

        schema = schema_of(table)
        return to_polars(self.to_records(table), schema, "Scorecard.to_polars()")


def window_score(window: WindowResult) -> Decimal:
    """Score a closed window in [0, 1]: 1 if met, else its attainment clamped."""
    if window.standing is Standing.MET:
        return _ONE
    return _clamp(window.attainment)


def _clamp(value: Decimal | None) -> Decimal:
    # max(_ZERO, min(_ONE, value)) without the two calls: a bound is returned
    # itself when the value equals it (1.0 scores as 1), as max and min do.
    if value is None or value <= _ZERO:
        return _ZERO
    return _ONE if value >= _ONE else value  # noqa: FURB136 - min() costs a call


def _goal_score(result: TargetResult) -> Decimal | None:
    current = result.current
    standing = current.standing
    # By identity: hashing an enum member (``in _PACED``) is a Python call.
    if standing is _ON_TRACK or standing is _AT_RISK or standing is _OFF_TRACK:
        return _clamp(current.pace)
    if standing is _MET or standing is _MISSED:
        return window_score(current)
    closed = result.last_closed
    return None if closed is None else window_score(closed)


def weighted_attainment(
    weights: Mapping[str, Decimal], goals: Iterable[TargetResult]
) -> Decimal | None:
    """Return the weighted mean of the goals' scores, or None when no goal counts.

    A goal's score is in [0, 1]: its current window's pace when on track, at
    risk or off track; 1 when met; its attainment when missed; otherwise
    (not started, early, no data) the score of its last closed window, and
    it does not count when there is none. Scores are clamped to [0, 1]
    (a negative attainment scores 0). When the counting goals weigh 0 in
    all, no goal counts. This is a scorecard's `overall_attainment`.

    The weighted scores are added up exactly and the sum divided once, in
    the caller's decimal context (the index calls it once per ``as_of``,
    already in the library's context): the mean of equal scores is that
    score to its last digit, whatever the weights.

    Args:
        weights: Each goal's weight, by goal id.
        goals: The goals' results.
    """
    total = _ZERO
    weight = _ZERO
    for result in goals:
        goal = result.goal
        if goal is None:
            continue
        # _goal_score, its commonest case inlined (a series scores every goal
        # every day): a paced current window scores its pace, clamped.
        current = result.current
        standing = current.standing
        score: Decimal | None
        if standing is _ON_TRACK or standing is _AT_RISK or standing is _OFF_TRACK:
            score = _clamp(current.pace)
        elif (score := _goal_score(result)) is None:
            continue
        w = weights[goal]
        # Exact, in the context passed to fma: entering a context per call
        # would cost a third of the sum.
        total = w.fma(score, total, _EXACT)
        weight = w.fma(_ONE, weight, _EXACT)
    if not weight:
        return None
    return total / weight
