"""The evaluation entry points: one ``as_of``, or a series of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from mutualcommit.model import Agreement, FundEvent, Observation
from mutualcommit.model._arguments import as_fund_events

from ._fund_results import FundLedger
from ._funds import FundLog, fund_ledger
from ._index import ObservationIndex, index_for
from ._pacing import DEFAULT_BANDS, Bands
from ._scorecard import Scorecard

__all__ = ["evaluate", "evaluate_series"]


def evaluate(
    agreement: Agreement,
    observations: Iterable[Observation] | ObservationIndex,
    *,
    as_of: dt.date,
    bands: Bands = DEFAULT_BANDS,
    fund_events: Iterable[FundEvent] | None = None,
) -> Scorecard:
    """Evaluate every goal and contribution of *agreement* at the end of day *as_of*.

    The observations are a log: a later record with the same ``ref`` on the
    same metric replaces an earlier one, a record with value None retracts
    it, and observations after *as_of* count for nothing. Neither input is
    mutated, and the clock is never read.

    Args:
        agreement: The agreement whose targets are evaluated.
        observations: The log, in input order, or an `ObservationIndex`
            already built for *agreement* (then ``index.evaluate``, with
            the fund ledgers if *fund_events* are given).
        as_of: The day evaluated (its end).
        bands: The thresholds that turn an open window's pace into a
            standing (see `Bands`).
        fund_events: The log of the agreement's funds, if any: the
            scorecard then carries each fund's ledger (``funds``), its
            accrual and ROI from the same observations.

    Returns:
        The scorecard — per goal and per contribution with a target, every
        window and the current one; per party its pledges; the standing
        counts and the overall attainment; the incentives, remedies and,
        with *fund_events*, the fund ledgers.

    Raises:
        InvalidObservationsError: When an observation records an unknown
            metric, has value None without a ref, or is malformed; every
            offending observation is listed with its ``[index]`` (a
            `TypeError` too when one is no `Observation` at all); or when
            the fund log does not hold together (see `fund_ledger`).
        TypeError: When *agreement* is not an `Agreement` (its JSON
            document, say), *as_of* not a `datetime.date`, *bands* not a
            `Bands`, or *observations* is text, a path, a mapping or not
            iterable (read a file with `load_observations` first).
        ValueError: When *observations* is an index of another agreement.
    """
    index = index_for(agreement, observations)
    events = None if fund_events is None else as_fund_events(fund_events)
    scorecard = index.evaluate(as_of=as_of, bands=bands)
    if events is None:
        return scorecard
    funds = fund_ledger(agreement, events, as_of=as_of, observations=index)
    return attrs.evolve(scorecard, funds=funds)


def evaluate_series(
    agreement: Agreement,
    observations: Iterable[Observation] | ObservationIndex,
    as_of_dates: Iterable[dt.date],
    *,
    bands: Bands = DEFAULT_BANDS,
    fund_events: Iterable[FundEvent] | None = None,
) -> tuple[Scorecard, ...]:
    """Evaluate *agreement* at each of *as_of_dates*, reading the log once.

    The same as ``evaluate`` at every date, in the order given, at the cost
    of one index over the observations (see `ObservationIndex`): each date
    then evaluates each target's current window, and a window closed or not
    yet started is evaluated once and shared by every date. A burn-up chart
    over the 52 weeks of a year costs about as much as seven to nine single
    evaluations, where 52 calls of ``evaluate`` cost 52.

    Args:
        agreement: The agreement whose targets are evaluated.
        observations: The log, in input order, or an `ObservationIndex`
            already built for *agreement*.
        as_of_dates: The days to evaluate, in any order.
        bands: As for `evaluate`.
        fund_events: As for `evaluate`: each scorecard then carries the
            fund ledgers at its date. The log is checked once, before any
            date is evaluated.

    Returns:
        One scorecard per date, in the order of *as_of_dates*.

    Raises:
        InvalidObservationsError: As `evaluate`.
        TypeError: As `evaluate`, and when *as_of_dates* is not an
            iterable of dates.
        ValueError: As `evaluate`.
    """
    index = index_for(agreement, observations)
    if fund_events is None:
        return index.series(as_of_dates, bands=bands)
    log = FundLog(agreement, as_fund_events(fund_events))
    cards = index.series(as_of_dates, bands=bands)
    ledgers: dict[dt.date, tuple[FundLedger, ...]] = {}
    for card in cards:
        if card.as_of not in ledgers:
            ledgers[card.as_of] = log.ledgers(card.as_of, index)
    return tuple(attrs.evolve(card, funds=ledgers[card.as_of]) for card in cards)
