"""Every result of one agreement names that agreement's id in ``agreement_id``.

A check's `Report` holds the id in ``agreement``, where a scorecard, an
exception report and a projection hold the agreement itself; a portfolio
run yields reports and scorecards mixed, so code that handles any of them
reads ``agreement_id``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import mutualcommit as mc
from mutualcommit.kpi import exceptions
from mutualcommit.portfolio import check_and_evaluate_many
from mutualcommit.scenarios import Projection, project

IT = Path(__file__).resolve().parent.parent / "examples" / "it_vendor"
AS_OF = dt.date(2026, 9, 15)


def test_every_result_names_its_agreement() -> None:
    """A report, a scorecard, an exception report and a projection: the same id."""
    agreement = mc.loads((IT / "agreement.json").read_text(encoding="utf-8"))
    log = mc.load_observations((IT / "observations.jsonl").read_text("utf-8"))

    results: list[mc.Report | mc.Scorecard | mc.ExceptionReport | Projection] = [
        mc.check(agreement, as_of=AS_OF),
        mc.evaluate(agreement, log, as_of=AS_OF),
        exceptions(agreement, log, as_of=AS_OF),
        project(agreement, log, as_of=AS_OF, runs=5),
    ]

    assert ["acme-globex-2026"] * 4 == [result.agreement_id for result in results]
    # What each holds in ``agreement`` is unchanged: the id, then the agreement.
    assert ["str", "Agreement", "Agreement", "Agreement"] == [
        type(result.agreement).__name__ for result in results
    ]


def test_a_mixed_stream() -> None:
    """Generic code over a portfolio stream reads every result's id alike."""
    agreement = mc.loads((IT / "agreement.json").read_text(encoding="utf-8"))

    stream = list(check_and_evaluate_many([agreement], {}, as_of=AS_OF))

    assert [("acme-globex-2026", "Report"), ("acme-globex-2026", "Scorecard")] == [
        (result.agreement_id, type(result).__name__)
        for _, result in stream
        if isinstance(result, mc.Report | mc.Scorecard)
    ]
