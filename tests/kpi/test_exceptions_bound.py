"""The bound on what exception criteria judge: items times windows.

A criterion with a ``split`` judges every item of the log in every closed
window; a report whose criteria would judge more than ``MAX_JUDGEMENTS``
(item, window) pairs is refused before any is judged, by ``exceptions``,
``check``, ``render`` and the command line alike.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from mutualcommit import TooManyJudgementsError, check, render
from mutualcommit.cli import main
from mutualcommit.errors import MutualCommitError
from mutualcommit.kpi import MAX_JUDGEMENTS, exceptions
from mutualcommit.kpi import _exceptions as exceptions_module
from mutualcommit.serialize import load_observations, loads

AS_OF = dt.date(2025, 12, 31)
#: 1926-01-01 (a Friday) to 2025-12-31 touches 5,219 ISO weeks.
WEEKS = 5219


def document(criteria: int = 1, per: str = "week") -> dict[str, Any]:
    """A century-long agreement with *criteria* weekly criteria split by item."""
    return {
        "format": "mutualcommit.agreement",
        "format_version": 1,
        "id": "a",
        "title": "T",
        "parties": [
            {"id": "v", "name": "V", "role": "vendor"},
            {"id": "p", "name": "P", "role": "partner"},
        ],
        "start": "1926-01-01",
        "end": "2025-12-31",
        "currency": "EUR",
        "metrics": [{"id": "m", "name": "M", "unit": "count", "aggregation": "sum"}],
        "exception_criteria": [
            {
                "id": f"e{i}",
                "title": "E",
                "measure": "m",
                "owner": "v",
                "resolve_within_days": 1,
                "lower": "1",
                "per": per,
                "split": "item",
            }
            for i in range(criteria)
        ],
    }


def log(items: int, day: str = "1926-01-01") -> str:
    """One observation per item, on *day*."""
    return "".join(
        json.dumps({"metric": "m", "at": day, "value": "5", "dims": {"item": f"i{j}"}})
        + "\n"
        for j in range(items)
    )


#: Just enough items that one weekly criterion over the century is too many.
TOO_MANY = MAX_JUDGEMENTS // WEEKS + 1


class TestRefused:
    """Too many (item, window) pairs: a typed error that says what to change."""

    def test_exceptions(self) -> None:
        """96 items x 5,219 weeks is over 500,000: refused, with the counts."""
        agreement = loads(json.dumps(document()))

        with pytest.raises(TooManyJudgementsError) as caught:
            exceptions(agreement, load_observations(log(TOO_MANY)), as_of=AS_OF)

        error = caught.value
        assert isinstance(error, MutualCommitError)
        assert isinstance(error, ValueError)
        assert ((("e0", TOO_MANY, WEEKS),), MAX_JUDGEMENTS) == (
            error.judgements,
            error.limit,
        )
        message = str(error)
        assert "\n" not in message
        assert f"at most {MAX_JUDGEMENTS} (item, window) pairs" in message
        assert f"would judge {TOO_MANY * WEEKS}" in message
        assert f"'e0' {TOO_MANY} items x {WEEKS} windows" in message
        assert "a coarser per, a narrower where, or fewer items" in message

    def test_summed_over_criteria(self) -> None:
        """Two criteria that each fit are refused together: the bound is per report."""
        items = MAX_JUDGEMENTS // WEEKS
        agreement = loads(json.dumps(document(criteria=2)))

        with pytest.raises(TooManyJudgementsError) as caught:
            exceptions(agreement, load_observations(log(items)), as_of=AS_OF)

        assert (("e0", items, WEEKS), ("e1", items, WEEKS)) == caught.value.judgements

    def test_items_after_as_of_are_not_judged(self) -> None:
        """Items recorded only after ``as_of`` count for nothing, and cost nothing."""
        agreement = loads(json.dumps(document()))
        later = load_observations(log(TOO_MANY, day="2025-12-31"))

        report = exceptions(agreement, later, as_of=dt.date(2025, 12, 30))

        assert report.exceptions == ()

    def test_pickles(self) -> None:
        """The error crosses processes (a portfolio's workers) intact."""
        error = TooManyJudgementsError([("e0", 3, 4)], 10)

        again = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes

        assert (str(error), again.judgements) == (str(again), error.judgements)


class TestWithinTheBound:
    """A coarser ``per`` judges the same items in fewer windows: accepted."""

    def test_monthly(self) -> None:
        """96 items x 1,200 months is within the bound."""
        agreement = loads(json.dumps(document(per="month")))

        report = exceptions(agreement, load_observations(log(2)), as_of=AS_OF)

        # Each item's sum is 0 in every month after its first: an exception.
        assert 2 * 1199 == len(report.exceptions)


class TestEverythingThatCallsIt:
    """check (MC307), render and the command line refuse with the same error."""

    @pytest.fixture(autouse=True)
    def small_bound(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A bound of 1,000 pairs: a small log crosses it."""
        monkeypatch.setattr(exceptions_module, "MAX_JUDGEMENTS", 1000)

    def test_check(self) -> None:
        """``check`` with observations raises the error rather than half a report."""
        agreement = loads(json.dumps(document()))

        with pytest.raises(TooManyJudgementsError, match="at most 1000"):
            check(agreement, as_of=AS_OF, observations=load_observations(log(1)))

    def test_render(self) -> None:
        """Nothing to render: ``exceptions`` refuses first."""
        agreement = loads(json.dumps(document()))

        with pytest.raises(TooManyJudgementsError):
            render(exceptions(agreement, load_observations(log(1)), as_of=AS_OF))

    @pytest.mark.parametrize("command", ["exceptions", "check"])
    def test_command_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
    ) -> None:
        """One line on standard error and exit status 2, never a traceback."""
        agreement = tmp_path / "agreement.json"
        agreement.write_text(json.dumps(document()), encoding="utf-8")
        observations = tmp_path / "observations.jsonl"
        observations.write_text(log(1), encoding="utf-8")

        code = main(
            [
                command,
                str(agreement),
                "--observations",
                str(observations),
                "--as-of",
                "2025-12-31",
            ]
        )
        out, err = capsys.readouterr()

        assert (2, "") == (code, out)
        [line] = err.splitlines()
        assert line.startswith(f"mutualcommit {command}: ")
        assert "expected exception criteria to judge at most 1000" in line
