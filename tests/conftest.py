"""Hypothesis profiles for the test suite.

``default`` for a developer, ``ci`` when the environment variable CI is set
(derandomized, so a run is reproducible from its commit), ``fast`` with
FAST=1 for a quick pass, ``mutation`` for mutation testing.
HYPOTHESIS_PROFILE names one explicitly.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Machines here have two cores and the suite runs on one: a slow data
# generation is not a failure, and wall-clock deadlines only make flakes.
_LENIENT = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

settings.register_profile("default", _LENIENT, max_examples=100)
settings.register_profile(
    "ci", _LENIENT, max_examples=100, derandomize=True, print_blob=True
)
settings.register_profile("fast", _LENIENT, max_examples=10)
# Mutation testing (nox -s mutation) runs each test many times from mutmut's
# own runner, and wants the same examples for every mutant.
settings.register_profile(
    "mutation",
    _LENIENT,
    max_examples=10,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)


def _profile() -> str:
    if name := os.environ.get("HYPOTHESIS_PROFILE"):
        return name
    if os.environ.get("FAST") == "1":
        return "fast"
    if os.environ.get("CI"):
        return "ci"
    return "default"


settings.load_profile(_profile())
