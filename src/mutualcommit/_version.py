"""The installed version, read from the package metadata on first use."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed

__all__ = ["version"]


def version() -> str:
    """Return the installed version of mutualcommit, or ``"0+unknown"``.

    The fallback is for a source tree put on ``sys.path`` without being
    installed.
    """
    try:
        return installed("mutualcommit")
    except PackageNotFoundError:
        return "0+unknown"
