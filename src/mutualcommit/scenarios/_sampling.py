"""Draws for many runs at once, from the standard library's `random`.

A *column* is one value per run. Every function draws from the generator it
is given, in a fixed order, so that a seed reproduces a projection.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable
from random import Random

from ._assumptions import Distribution, Fixed, Pert, Poisson, Triangular

__all__ = ["draw", "poisson", "poisson_column", "poisson_columns"]

#: Above this mean a Poisson variate is drawn by transformed rejection (PTRS),
#: below it by inversion.
_PTRS_FROM = 10.0
#: Up to this mean a run of equal means draws by bisecting a table of the
#: distribution function: one uniform draw and a bisection per run.
_TABLE_UP_TO = 400.0
#: Terms of the Poisson series below this are nothing next to a uniform draw.
_NEGLIGIBLE = 1e-17
# PTRS's constants (Hörmann 1993, table 1).
_SQUEEZE_U = 0.07
_TAIL_U = 0.013


def _inversion(uniform: Callable[[], float], mean: float) -> int:
    """Draw a Poisson variate by sequential search (expected mean + 1 steps)."""
    count = 0
    term = math.exp(-mean)
    total = term
    u = uniform()
    while u > total:
        count += 1
        term *= mean / count
        total += term
        if term < _NEGLIGIBLE and count > mean:  # pragma: no cover - u rounds to 1
            break
    return count


def _ptrs(uniform: Callable[[], float], mean: float) -> int:
    """Draw a Poisson variate, mean >= 10, by Hörmann's PTRS (1993)."""
    root = math.sqrt(mean)
    log_mean = math.log(mean)
    b = 0.931 + 2.53 * root
    a = -0.059 + 0.02483 * b
    inverse_alpha = 1.1239 + 1.1328 / (b - 3.4)
    v_r = 0.9277 - 3.6224 / (b - 2)
    log_inverse_alpha = math.log(inverse_alpha)
    while True:
        u = uniform() - 0.5
        v = uniform()
        us = 0.5 - abs(u)
        k = math.floor((2 * a / us + b) * u + mean + 0.43) if us > 0 else -1
        if us >= _SQUEEZE_U and v <= v_r:
            return k
        if k < 0 or (us < _TAIL_U and v > us):
            continue
        if math.log(v) + log_inverse_alpha - math.log(a / (us * us) + b) <= (
            -mean + k * log_mean - math.lgamma(k + 1)
        ):
            return k


def poisson(uniform: Callable[[], float], mean: float) -> int:
    """Draw one Poisson variate of *mean* (0 for a mean of 0 or less)."""
    if mean <= 0:
        return 0
    if mean < _PTRS_FROM:
        return _inversion(uniform, mean)
    return _ptrs(uniform, mean)


def _table(mean: float) -> list[float]:
    """The distribution function of Poisson(*mean*), until it is 1 in floats."""
    term = math.exp(-mean)
    total = term
    cdf = [total]
    count = 0
    while total < 1.0 and (count < mean or term > _NEGLIGIBLE):
        count += 1
        term *= mean / count
        total += term
        cdf.append(total)
    return cdf


def poisson_column(rng: Random, mean: float, runs: int) -> list[int]:
    """Draw *runs* Poisson variates of the same *mean*."""
    if mean <= 0:
        return [0] * runs
    uniform = rng.random
    if mean <= _TABLE_UP_TO:
        cdf = _table(mean)
        last = len(cdf) - 1
        column = [bisect_right(cdf, uniform()) for _ in range(runs)]
        # The table ends where the floats round to 1; a draw beyond its end
        # (probability below 1e-16) is clamped to its last count.
        if last < max(column, default=0):  # pragma: no cover - practically never
            column = [min(count, last) for count in column]
        return column
    return [_ptrs(uniform, mean) for _ in range(runs)]


def poisson_columns(rng: Random, means: list[float]) -> list[int]:
    """Draw one Poisson variate per run, each of its own mean."""
    uniform = rng.random
    return [poisson(uniform, mean) for mean in means]


def draw(distribution: Distribution, rng: Random, runs: int) -> list[float]:
    """Draw *runs* values of *distribution*: one per run.

    A `Poisson` distribution gives counts of its rate (as for one period).
    """
    if isinstance(distribution, Fixed):
        return [distribution.value] * runs
    if isinstance(distribution, Poisson):
        return [float(n) for n in poisson_column(rng, distribution.rate, runs)]
    low, mode, high = distribution.low, distribution.mode, distribution.high
    if low == high:
        return [low] * runs
    if isinstance(distribution, Triangular):
        triangular = rng.triangular
        return [triangular(low, high, mode) for _ in range(runs)]
    if isinstance(distribution, Pert):
        span = high - low
        alpha = 1 + 4 * (mode - low) / span
        beta = 1 + 4 * (high - mode) / span
        betavariate = rng.betavariate
        return [low + span * betavariate(alpha, beta) for _ in range(runs)]
    msg = f"not a distribution: {distribution!r}"  # pragma: no cover
    raise TypeError(msg)  # pragma: no cover
