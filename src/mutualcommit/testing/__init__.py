"""Helpers for the test suites of applications built on mutualcommit.

The hypothesis strategies live in `mutualcommit.testing.strategies`, which
needs the optional extra ``testing``; importing this package does not.
"""

from ._assertions import Expected, assert_compliant, assert_findings

__all__ = ["Expected", "assert_compliant", "assert_findings"]
