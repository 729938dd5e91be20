"""The packed wire format against the result classes' own initialisers.

A worker sends a scorecard back as plain tuples and the calling process
builds it again, some classes by filling their ``__dict__`` rather than
through their initialiser. Whatever the agreement, the rebuilt scorecard
must be the one evaluated in place: equal, alike in every window's fields,
its repr and its JSON.
"""

from __future__ import annotations

import datetime as dt
import decimal
import pickle
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.kpi import Scorecard, evaluate, scorecard_to_dict
from mutualcommit.portfolio import (
    FUND_FIGURES,
    check_and_evaluate_many,
    evaluate_many,
    summarize,
    summarize_many,
)
from mutualcommit.testing.strategies import (
    agreements,
    agreements_with_fund_events,
    observations,
)


class TestWire:
    """A scorecard that crossed the wire is the scorecard evaluated in place."""

    @given(data=st.data())
    def test_rebuilt_scorecards_are_alike(self, data: st.DataObject) -> None:
        """Equal, with equal fields, repr, JSON and pickles, window by window."""
        agreement = data.draw(agreements())
        log = data.draw(observations(agreement))
        as_of = data.draw(st.dates(agreement.start, agreement.end + dt.timedelta(30)))
        in_place = evaluate(agreement, log, as_of=as_of)

        with ThreadPoolExecutor(1) as pool:
            ((_, wired),) = evaluate_many(
                [agreement], {agreement.id: log}, as_of=as_of, executor=pool
            )

        assert isinstance(wired, Scorecard)
        assert in_place == wired
        assert repr(in_place) == repr(wired)
        assert scorecard_to_dict(in_place) == scorecard_to_dict(wired)
        for built, sent in zip(
            (*in_place.goals, *in_place.contributions),
            (*wired.goals, *wired.contributions),
            strict=True,
        ):
            assert built.target is sent.target  # references into the agreement
            for window, twin in zip(built.windows, sent.windows, strict=True):
                assert attrs.asdict(window, recurse=False) == attrs.asdict(
                    twin, recurse=False
                )
                assert hash(window) == hash(twin)
                assert window == pickle.loads(pickle.dumps(twin))  # noqa: S301


class TestTallies:
    """Chunks tallied apart and merged give the summary of one pass over the stream."""

    @given(data=st.data(), chunk_size=st.integers(1, 3))
    def test_merged_tallies_are_one_pass(
        self, data: st.DataObject, chunk_size: int
    ) -> None:
        """Equal summaries, the mean attainment to its last digit, failures in order."""
        portfolio = data.draw(st.lists(agreements(), min_size=1, max_size=4))
        logs = {a.id: data.draw(observations(a)) for a in portfolio}
        as_of = data.draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
        one_pass = summarize(check_and_evaluate_many(portfolio, logs, as_of=as_of))

        with ThreadPoolExecutor(1) as pool:
            merged = summarize_many(
                portfolio, logs, as_of=as_of, executor=pool, chunk_size=chunk_size
            )

        assert one_pass == merged
        assert repr(one_pass.attainment) == repr(merged.attainment)
        assert summarize_many(portfolio, logs, as_of=as_of, chunk_size=1) == one_pass

    @given(data=st.data(), chunk_size=st.integers(1, 3))
    def test_fund_totals_merged_are_one_pass(
        self, data: st.DataObject, chunk_size: int
    ) -> None:
        """With fund logs too; each currency's totals are the ledgers' window sums."""
        drawn = data.draw(
            st.lists(
                agreements_with_fund_events(max_requests=3),
                min_size=1,
                max_size=3,
                unique_by=lambda pair: pair[0].id,
            )
        )
        portfolio = [agreement for agreement, _ in drawn]
        funds = {agreement.id: log for agreement, log in drawn}
        as_of = data.draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
        stream = list(
            check_and_evaluate_many(portfolio, {}, as_of=as_of, fund_events=funds)
        )
        one_pass = summarize(stream)

        with ThreadPoolExecutor(1) as pool:
            merged = summarize_many(
                portfolio,
                {},
                as_of=as_of,
                fund_events=funds,
                executor=pool,
                chunk_size=chunk_size,
            )

        assert one_pass == merged
        ledgers = [
            ledger
            for _, result in stream
            if isinstance(result, Scorecard)
            for ledger in result.funds
        ]
        for unit, totals in one_pass.funds.items():
            mine = [ledger for ledger in ledgers if ledger.unit == unit]
            assert len(mine) == totals.funds
            for figure in FUND_FIGURES:
                # Exact: a pro-rated allocation may have 29 digits.
                with decimal.localcontext(prec=100):
                    expected = sum(
                        (getattr(w, figure) for ledger in mine for w in ledger.windows),
                        Decimal(0),
                    )
                assert expected == getattr(totals, figure)
            assert len([r for ledger in mine for r in ledger.requests]) == sum(
                totals.requests.values()
            )
        assert {ledger.unit for ledger in ledgers} == set(one_pass.funds)
