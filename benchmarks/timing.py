"""The timing helpers the benchmarks share (not a benchmark: no ``bench_`` prefix).

All of them measure this process's CPU time, not the wall clock: other
processes on a shared machine slow the wall clock, not the ratios.
`best_in_turns` times one call per case per round, for calls of a
millisecond or more; `best_in_batches` times a batch of calls per case per
round (timeit-style), for calls of a few microseconds, which one reading
of the clock cannot resolve.
"""

from __future__ import annotations

import random
import time
import timeit
from collections.abc import Callable


def best_in_turns(
    cases: dict[str, Callable[[], object]], repeat: int
) -> dict[str, float]:
    """Return the best time of *repeat* calls of each case, in seconds, by name.

    The cases take turns, one call each per round, in an order shuffled
    every round: a machine that slows down or speeds up during the run (a
    shared one does), or a case that leaves the caches cold for the next,
    slows every case alike, and the ratios stand.
    """
    times: dict[str, float] = dict.fromkeys(cases, float("inf"))
    order = list(cases.items())
    shuffle = random.Random(0).shuffle
    for _ in range(repeat):
        shuffle(order)
        for name, func in order:
            began = time.process_time()
            func()
            times[name] = min(times[name], time.process_time() - began)
    return times


def best_cpu(func: Callable[[], object], repeat: int = 3) -> float:
    """Return the best CPU time of *repeat* calls of *func*, in seconds."""
    return best_in_turns({"case": func}, repeat)["case"]


def best_in_batches(
    cases: dict[str, Callable[[], object]],
    quick: bool,
    *,
    number: int = 0,
    repeat: int = 15,
) -> dict[str, float]:
    """Return the best time of one call of each case, in seconds, by name (timeit-style).

    The cases take turns: each round times every case once, as a batch of
    *number* calls (or, when *number* is 0, of as many as take a tenth of
    a second or so, a tenth of that when *quick*), so that a machine that
    slows down or speeds up during the run slows the library and its peers
    alike, and the ratios stand. *repeat* rounds (3 when *quick*).
    """
    timers = {
        name: timeit.Timer(func, timer=time.process_time)
        for name, func in cases.items()
    }
    numbers = {}
    for name, timer in timers.items():
        if number:
            numbers[name] = number
        else:
            found, _ = timer.autorange()
            numbers[name] = max(1, found // (10 if quick else 2))
    times = dict.fromkeys(cases, float("inf"))
    for _ in range(3 if quick else repeat):
        for name, timer in timers.items():
            times[name] = min(times[name], timer.timeit(numbers[name]) / numbers[name])
    return times
