from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import pytest

from mutualcommit.cli import main
from mutualcommit.errors import InvalidObservationsError
from mutualcommit.kpi import evaluate
from mutualcommit.model import Agreement, Observation
from mutualcommit.portfolio import check_many, evaluate_many
from mutualcommit.rules import check
from mutualcommit.serialize import dumps

distributed = pytest.importorskip(
    "distributed",
    reason="the Dask engine needs distributed: the extra 'dask'",
)

AS_OF = dt.date(2026, 6, 30)
MakeAgreement = Callable[[str], Agreement]
MakeLog = Callable[[str, int, int], tuple[Observation, ...]]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Start a cluster of two worker processes for the module, and stop it after."""
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        # Any free port: 8787 may be another cluster's (a second test run),
        # and None still serves the scheduler's HTTP routes on 8787.
        dashboard_address=":0",
    ) as local:
        yield local


@pytest.fixture(scope="module")
def dask_executor(cluster: Any) -> Iterator[Executor]:
    """Return the executor of a client of the cluster."""
    with distributed.Client(cluster) as client:
        yield client.get_executor()


class TestDask:
    """A Dask cluster's executor gives exactly the results of the calling thread."""

    def test_check(
        self, make_agreement: MakeAgreement, make_log: MakeLog, dask_executor: Executor
    ) -> None:
        """Checks with observations agree report for report, in input order."""
        agreements = [make_agreement(f"a{n}") for n in range(9)]
        logs = {
            a.id: make_log(a.id, n % 6, 4 * (n % 3)) for n, a in enumerate(agreements)
        }
        expected = [
            (a.id, check(a, as_of=AS_OF, observations=logs[a.id])) for a in agreements
        ]

        actual = list(
            check_many(
                agreements,
                as_of=AS_OF,
                observations=logs,
                executor=dask_executor,
                chunk_size=2,
                max_in_flight=3,
            )
        )

        assert expected == actual

    def test_evaluate(
        self, make_agreement: MakeAgreement, make_log: MakeLog, dask_executor: Executor
    ) -> None:
        """Evaluations agree, and a bad agreement's error comes back in its place."""
        agreements = [make_agreement(f"a{n}") for n in range(9)]
        logs = {
            a.id: make_log(a.id, n % 6, 4 * (n % 3)) for n, a in enumerate(agreements)
        }
        logs["a4"] = (*logs["a4"], Observation(metric="nope", at=AS_OF, value=None))

        actual = list(
            evaluate_many(
                agreements, logs, as_of=AS_OF, executor=dask_executor, chunk_size=2
            )
        )

        key, error = actual.pop(4)
        assert "a4" == key
        assert isinstance(error, InvalidObservationsError)
        assert [
            (a.id, evaluate(a, logs[a.id], as_of=AS_OF))
            for a in agreements
            if a.id != "a4"
        ] == actual


class TestCommandLine:
    """check --dask ADDRESS runs on an existing scheduler and prints what one process does."""

    def test_check(
        self,
        make_agreement: MakeAgreement,
        cluster: Any,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """The output and the exit status are those of a run in this process."""
        for n in range(5):
            (tmp_path / f"a{n}.json").write_text(dumps(make_agreement(f"a{n}")))
        main(["check", str(tmp_path), "--as-of", AS_OF.isoformat()])
        serial = capsys.readouterr().out

        status = main(
            [
                "check",
                str(tmp_path),
                "--as-of",
                AS_OF.isoformat(),
                "--dask",
                cluster.scheduler_address,
            ]
        )

        assert 1 == status
        assert serial == capsys.readouterr().out
