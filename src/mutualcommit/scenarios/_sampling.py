"""Draws for many runs at once, from the standard library's `random`.

A *column* is one value per run. Every function draws from the generator it
is given, in a fixed order, so that a seed reproduces a projection.

Poisson counts are drawn by inversion: a run's count is the smallest ``k``
whose distribution function exceeds the run's uniform draw ``u``. For a
given ``u`` that count never falls as the mean rises, so two scenarios that
give a run the same ``u`` (common random numbers) differ in the direction
of their means, never by noise. Up to a mean of `EXACT_UP_TO` the
distribution function is Poisson's own; above it, the normal quantile
corrected for skewness (the Cornish-Fisher expansion), off by one count in
about one draw in 2,500 and never below the exact count at `EXACT_UP_TO`
(so the count still never falls as the mean crosses it).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from functools import cache
from random import Random
from statistics import NormalDist

from ._assumptions import Distribution, Fixed, Pert, Poisson, Triangular

__all__ = ["EXACT_UP_TO", "draw", "poisson_quantile", "poisson_quantiles", "uniforms"]

#: Up to this mean a Poisson count is drawn from its exact distribution.
EXACT_UP_TO = 10_000.0
#: Up to this mean the distribution function is summed from 0; above it,
#: from where the mass below is negligible (exp(-mean) would underflow).
_FROM_ZERO_UP_TO = 400.0
#: The mass of Poisson(mean) below mean - 9 sqrt(mean) is below 3e-18.
_BELOW = 9.0
#: Terms of the Poisson series below this are nothing next to a uniform draw.
_NEGLIGIBLE = 1e-17
#: A uniform draw of 0 has no normal quantile: held this far above it.
_EDGE = 2.0**-53
#: The largest uniform draw inverted as it is. Above it the distribution
#: function's last bits are rounding, which may not fall as the mean rises
#: (nor reach the draw); a draw this close to 1 (one in 7 * 10^10) is read
#: as this one.
_TOP = 1.0 - 2.0**-36
_NORMAL = NormalDist()


def uniforms(rng: Random, runs: int) -> list[float]:
    """Draw *runs* uniform numbers in [0, 1): one per run."""
    uniform = rng.random
    return [uniform() for _ in range(runs)]


def _first(mean: float) -> tuple[int, float]:
    """The count the distribution function starts at, and its probability."""
    if mean <= _FROM_ZERO_UP_TO:
        return 0, math.exp(-mean)
    count = math.floor(mean - _BELOW * math.sqrt(mean))
    return count, _probability(count, mean)


def _probability(count: int, mean: float) -> float:
    """P(N = *count*) for N ~ Poisson(*mean*), to the last bits (count > 15).

    As Loader (2000) computes it, ``exp(-stirlerr(k) - bd0(k, mean)) /
    sqrt(2 pi k)``: ``k log(mean) - mean - lgamma(k + 1)`` loses 11 digits
    to the size of its terms at a mean of 10,000, and the distribution
    function summed from it would not end at 1.
    """
    k = float(count)
    squared = k * k
    # Stirling's series of log(k!) - (k + 1/2) log(k) + k - log(sqrt(2 pi)).
    stirling = (
        1 / 12
        - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / (1188 * squared)) / squared) / squared)
        / squared
    ) / k
    return math.exp(-stirling - _deviance(k, mean)) / math.sqrt(2 * math.pi * k)


def _deviance(k: float, mean: float) -> float:
    """``k log(k / mean) + mean - k``, without the cancellation near *mean*."""
    if abs(k - mean) >= 0.1 * (k + mean):
        return k * math.log(k / mean) + mean - k
    v = (k - mean) / (k + mean)
    total = (k - mean) * v
    term = 2 * k * v
    odd = 1
    while True:
        term *= v * v
        odd += 2
        more = total + term / odd
        if more == total:
            return total
        total = more


def _table(mean: float) -> tuple[int, list[float]]:
    """Poisson(*mean*)'s distribution function, from `_first` until it is 1 in floats.

    Returns the first count and the function's values from it on.
    """
    count, term = _first(mean)
    total = term
    cdf = [total]
    while total < 1.0 and (count < mean or term > _NEGLIGIBLE):
        count += 1
        term *= mean / count
        total += term
        cdf.append(total)
    return count - len(cdf) + 1, cdf


def _bounds(mean: float) -> tuple[int, list[float]]:
    """`_table` to bisect: a draw's count is the first plus its bisection.

    Above _TOP every draw reads as _TOP: the values of the distribution
    function past it read as 2, past every draw, and so does the last one,
    so that a draw past the table's end is its last count.
    """
    first, cdf = _table(mean)
    bounds = [c if c <= _TOP else 2.0 for c in cdf]
    bounds[-1] = 2.0
    return first, bounds


@cache
def _at_the_bound() -> tuple[int, list[float]]:
    return _bounds(EXACT_UP_TO)


def _exact(u: float, mean: float) -> int:
    """The smallest count whose distribution function exceeds *u*, as `_table` sums it.

    The same sums in the same order as `_table`: the same count as a
    bisection of the table (a draw past its end is its last count).
    """
    count, term = _first(mean)
    total = term
    while total <= u and total < 1.0 and (count < mean or term > _NEGLIGIBLE):
        count += 1
        term *= mean / count
        total += term
    return count


def _approximate(u: float, mean: float) -> int:
    """The Cornish-Fisher quantile, never below the exact one at `EXACT_UP_TO`."""
    z = _NORMAL.inv_cdf(max(u, _EDGE))
    # The normal quantile corrected for the skewness 1 / sqrt(mean), and the
    # count k for the values in [k - 1/2, k + 1/2): above a mean of 10,000
    # it is the exact count but in about one draw in 2,500, and then off
    # by one. It rises with the mean (its derivative is 1 + z / 2 sqrt(mean)).
    level = mean + math.sqrt(mean) * z + (z * z - 1) / 6
    first, bounds = _at_the_bound()
    return max(first + bisect_right(bounds, u), math.floor(level + 0.5))


def poisson_quantile(u: float, mean: float) -> int:
    """Return the Poisson(*mean*) count of the uniform draw *u* (0 for a mean of 0 or less)."""
    if mean <= 0:
        return 0
    u = min(u, _TOP)
    if mean > EXACT_UP_TO:
        return _approximate(u, mean)
    return _exact(u, mean)


def poisson_quantiles(draws: list[float], mean: float) -> list[int]:
    """Return `poisson_quantile` of each uniform draw of *draws*, all of one *mean*.

    The same counts, from one table of the distribution function and a
    bisection per run.
    """
    if mean <= 0:
        return [0] * len(draws)
    if mean > EXACT_UP_TO:
        return [_approximate(min(u, _TOP), mean) for u in draws]
    first, bounds = _bounds(mean)
    return [first + bisect_right(bounds, u) for u in draws]


def draw(distribution: Distribution, rng: Random, runs: int) -> list[float]:
    """Draw *runs* values of *distribution*: one per run.

    A `Poisson` distribution gives counts of its rate (as for one period).
    """
    if isinstance(distribution, Fixed):
        return [distribution.value] * runs
    if isinstance(distribution, Poisson):
        counts = poisson_quantiles(uniforms(rng, runs), distribution.rate)
        return [float(n) for n in counts]
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
