"""The packed wire format against the result classes' own initialisers.

A worker sends a scorecard back as plain tuples and the calling process
builds it again, some classes by filling their ``__dict__`` rather than
through their initialiser. Whatever the agreement, the rebuilt scorecard
must be the one evaluated in place: equal, alike in every window's fields,
its repr and its JSON.
"""

from __future__ import annotations

import datetime as dt
import pickle
from concurrent.futures import ThreadPoolExecutor

import attrs
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit.kpi import Scorecard, evaluate, scorecard_to_dict
from mutualcommit.portfolio import evaluate_many
from mutualcommit.testing.strategies import agreements, observations


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
