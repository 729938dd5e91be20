"""The timing helpers the benchmarks share (not a benchmark: no ``bench_`` prefix).

Both measure this process's CPU time, not the wall clock: other processes
on a shared machine slow the wall clock, not the ratios.
"""

from __future__ import annotations

import random
import time
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
