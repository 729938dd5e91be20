"""Time a nightly portfolio run: every agreement checked and evaluated (issue 8, item 4).

The portfolio is a generator of IT-shaped agreements (SPEC §1: a vendor,
one of 2,000 partners each, 8 metrics with a goal and a pledge apiece,
resources on both sides, a quarterly review rule, a review held, both
signatures) and, for each, a log
of 8 metrics x 104 weekly observations. The logs are lazy: a picklable
reader per agreement, iterated where the work runs (as a reader of a
store would be), so the calling process ships agreements, not logs.
Before the timed runs, each agreement the target lines read is written
once, as its canonical JSON document, to a folder that stands for the
product's store.

The nightly run checks every agreement with its observations (so MC304
runs), evaluates it, and summarizes the results. It is timed two ways: as
it runs at scale, `summarize_many` with an `AgreementSource` per agreement
(`Stored`: a worker reads the agreement's document from the store and
loads it, and sends back its chunk's tally), which the target lines
measure; and as the stream of every
report and scorecard, `check_and_evaluate_many` then `summarize`, with the
agreements built in the calling process: the same lines prefixed
``stream_``. Prints ``name: value`` lines:

- ``serial_s``: 10,000 agreements on one core, wall time; ``serial_cpu_s``
  its CPU time (target ≤ 10) and ``serial_vs_10s`` the ratio to the
  target (``--quick`` prints ``serial_cpu_s_10000_extrapolated`` instead:
  its few agreements' CPU time scaled to 10,000);
- ``serial_ms_per_agreement`` and its parts ``load_ms`` (read a document
  from the store and `loads` it), ``check_ms``, ``evaluate_ms``: what one
  agreement costs, and where; ``generate_ms`` is what building one in
  Python costs the benchmark's generator (the agreement validated twice,
  its terms fingerprinted to sign them), which the stream lines pay;
  ``check_and_evaluate_ms`` is the one pass the nightly run makes,
  ``pickle_round_trip_ms`` what shipping an agreement to a worker and back
  costs, and ``nightly_two_passes_ms`` / ``nightly_one_pass_ms`` /
  ``nightly_summary_ms`` the whole run per agreement (CPU time) with
  `check_many` + `evaluate_many`, with `check_and_evaluate_many` and with
  `summarize_many`;
- ``processes2_s`` and ``speedup_2_processes``: the same run on a
  `ProcessPoolExecutor` of 2 workers (target ≥ 1.6), with the CPU time
  per agreement of the calling process and of the workers, and
  ``speedup_2_processes_cpu_bound``: the speed-up those CPU times allow on
  an idle two-core machine (what to read on a busy one);
- ``peak_rss_mb_10000``, ``peak_rss_mb_40000`` and ``memory_growth_4x``:
  the peak resident memory of the calling process and of its workers, each
  run in a fresh interpreter, streaming 10,000 and 40,000 agreements
  (target ≤ 1.10).

``--quick`` runs ~200 agreements (and 200 vs 800 for memory).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import itertools
import pickle
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor, ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

from mutualcommit.kpi import Observation, evaluate
from mutualcommit.model import (
    ActionItem,
    Aggregation,
    Agreement,
    Contribution,
    ContributionKind,
    Direction,
    Goal,
    Metric,
    Party,
    Period,
    Quantity,
    ResourceAllocation,
    Review,
    Role,
    Signature,
    Step,
    Target,
)
from mutualcommit.portfolio import (
    PortfolioSummary,
    check_and_evaluate_many,
    check_many,
    evaluate_many,
    summarize,
    summarize_many,
)
from mutualcommit.rules import check
from mutualcommit.serialize import dumps, loads
from timing import best_cpu

START = dt.date(2026, 1, 1)
END = dt.date(2027, 12, 31)
AS_OF = dt.date(2027, 6, 30)
VENDOR = "acme"
_WEEK = dt.timedelta(weeks=1)
#: Distinct observation logs; agreement N reads log N modulo this.
_LOGS = 16
#: What every agreement id starts with (`agreement_id`).
_ID_PREFIX = "it-"

#: The programme's partners; agreement N is with partner N modulo this.
_PARTNERS = 2000

#: (metric id, unit, aggregation, direction, per, target, pledging side, kind)
_METRICS = (
    ("cosell-opps", "count", Aggregation.COUNT, Direction.AT_LEAST, Period.QUARTER, 12, "partner", ContributionKind.CO_SELLING),
    ("revenue", "EUR", Aggregation.SUM, Direction.AT_LEAST, Period.QUARTER, 250000, "partner", ContributionKind.DEAL_REGISTRATION),
    ("mdf-spend", "EUR", Aggregation.SUM, Direction.AT_MOST, Period.YEAR, 60000, "vendor", ContributionKind.MARKETING_FUNDS),
    ("certified-reps", "count", Aggregation.LAST, Direction.AT_LEAST, Period.TERM, 8, "partner", ContributionKind.CERTIFICATION),
    ("campaigns", "count", Aggregation.COUNT, Direction.AT_LEAST, Period.MONTH, 2, "partner", ContributionKind.THROUGH_CHANNEL_MARKETING),
    ("trainings", "hour", Aggregation.SUM, Direction.AT_LEAST, Period.QUARTER, 40, "vendor", ContributionKind.ENABLEMENT_TRAINING),
    ("approval-days", "day", Aggregation.MEAN, Direction.AT_MOST, Period.QUARTER, 3, "vendor", ContributionKind.DEAL_REGISTRATION),
    ("csat", "percent", Aggregation.MIN, Direction.AT_LEAST, Period.YEAR, 80, "partner", ContributionKind.OTHER),
)  # fmt: skip


def agreement_id(number: int) -> str:
    """Return the id of agreement *number*: ``it-`` and six digits."""
    return f"{_ID_PREFIX}{number:06d}"


def it_agreement(number: int) -> Agreement:
    """Return agreement *number* of the portfolio: the vendor and one partner, signed.

    Targets vary with the number; one agreement in 50 over-commits the
    partner's budget (an MC204 error), so the error list stays short.
    """
    rng = random.Random(number)
    # A programme of _PARTNERS partners, each with several agreements.
    partner = f"partner-{number % _PARTNERS:06d}"
    sides = {"vendor": VENDOR, "partner": partner}
    scale = Decimal(rng.randint(50, 150)) / 100
    metrics = []
    goals = []
    contributions = []
    for m, unit, aggregation, direction, per, value, side, kind in _METRICS:
        target = (Decimal(value) * scale).quantize(Decimal(1))
        metrics.append(
            Metric(
                id=m,
                name=m,
                unit=unit,
                aggregation=aggregation,
                reported_by=sides[side],
            )
        )
        goals.append(
            Goal(
                id=f"goal-{m}",
                title=f"Shared goal on {m}",
                target=Target(
                    metric=m,
                    value=target * 2,
                    direction=direction,
                    per=per,
                    steps=(Step(starting=dt.date(2027, 1, 1), value=target * 3),),
                ),
            )
        )
        contributions.append(
            Contribution(
                id=f"pledge-{m}",
                party=sides[side],
                title=f"Pledge on {m}",
                kind=kind,
                supports=(f"goal-{m}",),
                target=Target(
                    metric=m,
                    value=target,
                    direction=direction,
                    per=per,
                    where={"side": side},
                ),
            )
        )
    budget = Decimal(90000 if number % 50 else 200000)
    terms = Agreement(
        id=agreement_id(number),
        title=f"Acme and partner {number}: Mutual Commit 2026-27",
        parties=(
            Party(
                id=VENDOR,
                name="Acme Software",
                role=Role.VENDOR,
                capacity=(Quantity(amount=Decimal(150000), unit="EUR"),),
            ),
            Party(
                id=partner,
                name=f"Partner {number}",
                role=Role.PARTNER,
                capacity=(Quantity(amount=Decimal(100000), unit="EUR"),),
            ),
        ),
        start=START,
        end=END,
        currency="EUR",
        metrics=tuple(metrics),
        goals=tuple(goals),
        contributions=tuple(contributions),
        allocations=(
            ResourceAllocation(
                id="vendor-mdf",
                party=VENDOR,
                amount=Quantity(amount=Decimal(60000), unit="EUR"),
                per=Period.YEAR,
                contribution="pledge-mdf-spend",
            ),
            ResourceAllocation(
                id="partner-budget",
                party=partner,
                amount=Quantity(amount=budget, unit="EUR"),
                per=Period.YEAR,
            ),
        ),
        review_rule="FREQ=MONTHLY;BYMONTH=2,5,8,11;BYDAY=2TU",
    )
    fingerprint = terms.fingerprint()
    return Agreement(
        **{name: getattr(terms, name) for name in _FIELDS},
        reviews=(
            Review(
                id="qbr-2026-02",
                held_on=dt.date(2026, 2, 12),
                attendees=(VENDOR, partner),
                # The review acts on every target, so MC304 finds nothing.
                actions=(
                    ActionItem(
                        id="plan",
                        owner=partner,
                        title="Act on every target",
                        goals=tuple(g.id for g in goals),
                        contributions=tuple(c.id for c in contributions),
                    ),
                ),
            ),
        ),
        signatures=tuple(
            Signature(
                party=p, signed_by="A. Signer", signed_on=START, fingerprint=fingerprint
            )
            for p in (VENDOR, partner)
        ),
    )


_FIELDS = (
    "id",
    "title",
    "parties",
    "start",
    "end",
    "currency",
    "metrics",
    "goals",
    "contributions",
    "allocations",
    "review_rule",
)


@functools.cache
def _log(variant: int) -> tuple[Observation, ...]:
    """Return log *variant*: 8 metrics x 104 weekly observations."""
    rng = random.Random(variant)
    records = []
    for week in range(104):
        at = START + _WEEK * week
        for m, *_ in _METRICS:
            records.append(
                Observation(
                    metric=m,
                    at=at,
                    value=Decimal(rng.randint(1, 5000)) / 100,
                    ref=f"{m}-{week}" if week % 3 == 0 else None,
                    dims={"side": "vendor" if week % 2 else "partner"},
                )
            )
    return tuple(records)


class Log:
    """The observation log of one agreement, read where it is iterated.

    It pickles as its number alone: a process worker makes (and caches) the
    records itself, as a reader of a store would fetch them.
    """

    __slots__ = ("number",)

    def __init__(self, number: int) -> None:
        self.number = number

    def __iter__(self) -> Iterator[Observation]:
        return iter(_log(self.number % _LOGS))

    def __reduce__(self) -> tuple[type[Log], tuple[int]]:
        return (Log, (self.number,))


class Logs(Mapping[str, Log]):
    """Agreement id → its `Log`, for the first *count* agreements."""

    def __init__(self, count: int) -> None:
        self.count = count

    def __getitem__(self, key: str) -> Log:
        number = int(key.removeprefix(_ID_PREFIX))
        if not 0 <= number < self.count:
            raise KeyError(key)
        return Log(number)

    def __iter__(self) -> Iterator[str]:
        return (agreement_id(n) for n in range(self.count))

    def __len__(self) -> int:
        return self.count


class Stored:
    """An agreement of the portfolio, read from its document in the store.

    An `AgreementSource`: it pickles as its path alone, and a worker reads
    the document and loads the agreement itself, as a reader of a store
    would.
    """

    __slots__ = ("path",)

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def id(self) -> str:
        """The id of the agreement it loads (its file's name)."""
        return self.path.stem

    def load(self) -> Agreement:
        """Read and load the agreement."""
        return loads(self.path.read_bytes())

    def __reduce__(self) -> tuple[type[Stored], tuple[Path]]:
        return (Stored, (self.path,))


def write_store(folder: Path, count: int) -> None:
    """Write the first *count* agreements to *folder*, a canonical JSON document each."""
    for agreement in agreements(count):
        path = _document(folder, agreement.id)
        path.write_text(dumps(agreement, canonical=True), encoding="utf-8")


def _document(folder: Path, agreement: str) -> Path:
    """Return where the store *folder* keeps the agreement with id *agreement*."""
    return folder / f"{agreement}.json"


def stored(folder: Path, count: int) -> Iterator[Stored]:
    """Yield a source for each of the first *count* agreements in the store *folder*."""
    return (Stored(_document(folder, agreement_id(n))) for n in range(count))


def agreements(count: int | None) -> Iterator[Agreement]:
    """Yield *count* agreements of the portfolio, made as they are asked for."""
    numbers = itertools.count() if count is None else range(count)
    return (it_agreement(n) for n in numbers)


def nightly(count: int, executor: Executor | None = None) -> PortfolioSummary:
    """Check and evaluate *count* agreements in one pass, and summarize them."""
    stream = check_and_evaluate_many(
        agreements(count), Logs(count), as_of=AS_OF, executor=executor
    )
    return summarize(stream)


def nightly_summary(
    folder: Path, count: int, executor: Executor | None = None
) -> PortfolioSummary:
    """The nightly job as it runs at scale: agreements loaded where the work runs.

    `summarize_many` with a source per agreement of the store *folder*:
    workers read, load, check, evaluate and tally; the calling process
    merges the chunks' tallies.
    """
    return summarize_many(
        stored(folder, count), Logs(count), as_of=AS_OF, executor=executor
    )


def nightly_two_passes(
    count: int, executor: Executor | None = None
) -> PortfolioSummary:
    """Check and evaluate *count* agreements, generated once, in two streams."""
    left, right = itertools.tee(agreements(count))
    logs = Logs(count)
    reports = check_many(left, as_of=AS_OF, observations=logs, executor=executor)
    scorecards = evaluate_many(right, logs, as_of=AS_OF, executor=executor)
    return summarize(
        itertools.chain.from_iterable(zip(reports, scorecards, strict=True))
    )


def timed(func: Callable[[], object]) -> float:
    """Return the wall time of one call of *func*, in seconds."""
    began = time.perf_counter()
    func()
    return time.perf_counter() - began


def _children_cpu() -> float:
    """Return the CPU seconds of this process's finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _peak_rss(count: int) -> float:
    """Run `nightly` on 2 processes in a fresh interpreter; return its peak RSS in MB."""
    output = subprocess.run(  # noqa: S603 - this very script
        [sys.executable, __file__, "--memory", str(count)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(output.strip())


def _memory(count: int) -> None:
    """Stream *count* agreements and print the peak RSS of this process plus its largest worker."""
    with ProcessPoolExecutor(2) as pool:
        nightly(count, pool)
    # In KiB on Linux: this process, and its largest child.
    own = _own_peak_kib()
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"{(own + child) / 1024:.1f}")


def _own_peak_kib() -> int:
    """Return this process's peak RSS in KiB.

    Linux carries ``ru_maxrss`` across the exec that started this
    interpreter, so after a large benchmark in the parent it reports the
    parent's peak; ``VmHWM`` is this process's own.
    """
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _scaling(
    prefix: str,
    job: Callable[[int, Executor | None], object],
    count: int,
    *,
    quick: bool,
) -> None:
    """Time *job* over *count* agreements on one core and on 2 processes; print the lines."""
    cpu = time.process_time()
    serial = timed(lambda: job(count, None))
    serial_cpu = time.process_time() - cpu
    workers_before = _children_cpu()
    cpu = time.process_time()
    began = time.perf_counter()
    # A fresh pool, timed with the run: starting workers is part of the job.
    with ProcessPoolExecutor(2) as pool:
        job(count, pool)
    parallel = time.perf_counter() - began
    main_cpu = time.process_time() - cpu
    workers_cpu = _children_cpu() - workers_before
    # What an idle two-core machine allows: the calling process must do its
    # share alone, and the three processes share two cores.
    bound = serial_cpu / max(main_cpu, (main_cpu + workers_cpu) / 2)
    # CPU time: other processes on a shared machine slow the wall clock.
    scaled = serial_cpu / count * 10_000
    if quick:
        # A smoke run times fewer agreements: scaled to 10,000, and named so.
        print(f"{prefix}serial_s_{count}: {serial:.2f}")
        print(f"{prefix}serial_cpu_s_10000_extrapolated: {scaled:.2f}")
    else:
        print(f"{prefix}serial_s: {serial:.2f}")
        print(f"{prefix}serial_cpu_s: {scaled:.2f}")
        print(f"{prefix}serial_vs_10s: {scaled / 10:.2f}")
    print(f"{prefix}serial_ms_per_agreement: {serial / count * 1000:.2f}")
    print(f"{prefix}processes2_s: {parallel:.2f}")
    print(f"{prefix}speedup_2_processes: {serial / parallel:.2f}")
    print(
        f"{prefix}processes2_main_cpu_ms_per_agreement: {main_cpu / count * 1000:.2f}"
    )
    print(
        f"{prefix}processes2_workers_cpu_ms_per_agreement: "
        f"{workers_cpu / count * 1000:.2f}"
    )
    print(f"{prefix}speedup_2_processes_cpu_bound: {bound:.2f}")


def _time_runs(folder: Path, *, quick: bool) -> None:
    """Time the runs with the store *folder* and print their lines."""
    count = 200 if quick else 10_000
    sample = 50 if quick else 200
    # Warm up: imports, babel's currency data, the logs' cache; one pass
    # gives what two streams give.
    if nightly(_LOGS) != nightly_two_passes(_LOGS):
        msg = "check_and_evaluate_many disagrees with check_many + evaluate_many"
        raise AssertionError(msg)
    write_store(folder, count)

    generate = best_cpu(lambda: list(agreements(sample))) / sample
    load = best_cpu(lambda: [s.load() for s in stored(folder, sample)]) / sample
    made = list(agreements(sample))
    check_time = best_cpu(
        lambda: [check(a, as_of=AS_OF, observations=Log(i)) for i, a in enumerate(made)]
    )
    evaluate_time = best_cpu(
        lambda: [evaluate(a, Log(i), as_of=AS_OF) for i, a in enumerate(made)]
    )
    both_time = best_cpu(
        lambda: list(check_and_evaluate_many(made, Logs(sample), as_of=AS_OF))
    )
    two_passes_time = best_cpu(lambda: nightly_two_passes(sample))
    one_pass_time = best_cpu(lambda: nightly(sample))
    pickle_time = best_cpu(lambda: [pickle.loads(pickle.dumps(a)) for a in made])  # noqa: S301
    if nightly(_LOGS) != nightly_summary(folder, _LOGS):
        msg = "summarize_many disagrees with summarize(check_and_evaluate_many)"
        raise AssertionError(msg)
    summary_time = best_cpu(lambda: nightly_summary(folder, sample))

    print(f"agreements: {count}")
    print(f"load_ms: {load * 1000:.2f}")
    print(f"generate_ms: {generate * 1000:.2f}")
    print(f"check_ms: {check_time / sample * 1000:.2f}")
    print(f"evaluate_ms: {evaluate_time / sample * 1000:.2f}")
    # CPU time, best of 3, on the sample: the two nightly runs that stream
    # build their agreements (generate_ms), the summary loads them (load_ms).
    print(f"check_and_evaluate_ms: {both_time / sample * 1000:.2f}")
    print(f"pickle_round_trip_ms: {pickle_time / sample * 1000:.2f}")
    print(f"nightly_two_passes_ms: {two_passes_time / sample * 1000:.2f}")
    print(f"nightly_one_pass_ms: {one_pass_time / sample * 1000:.2f}")
    print(f"nightly_summary_ms: {summary_time / sample * 1000:.2f}")
    # The nightly job at scale: summarize_many, agreements loaded where the
    # work runs (the target lines); then the stream of every report and
    # scorecard, agreements built in the calling process (``stream_`` lines).
    _scaling(
        "",
        lambda n, executor: nightly_summary(folder, n, executor),
        count,
        quick=quick,
    )
    _scaling("stream_", nightly, count, quick=quick)


def main(quick: bool = False) -> None:
    """Time the cases and print one ``name: value`` line each."""
    with tempfile.TemporaryDirectory(prefix="mutualcommit-store-") as name:
        _time_runs(Path(name), quick=quick)

    small, large = (200, 800) if quick else (10_000, 40_000)
    small_rss = _peak_rss(small)
    large_rss = _peak_rss(large)
    print(f"peak_rss_mb_{small}: {small_rss:.1f}")
    print(f"peak_rss_mb_{large}: {large_rss:.1f}")
    print(f"memory_growth_4x: {large_rss / small_rss:.3f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").partition("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument("--memory", type=int, metavar="N", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.memory is not None:
        _memory(arguments.memory)
    else:
        main(quick=arguments.quick)
