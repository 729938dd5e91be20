"""What every command reads: files (or standard input) and days."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

__all__ = ["day", "read_text"]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_text(path: str) -> str:
    """Return the UTF-8 text of the file at *path*, or of standard input for ``-``."""
    if path == "-":
        return sys.stdin.read()
    return Path(path).read_text(encoding="utf-8")


def day(text: str) -> dt.date:
    """Parse a command-line day, ``YYYY-MM-DD`` and no other ISO 8601 form.

    Raises:
        argparse.ArgumentTypeError: For anything else, so argparse exits 2.
    """
    if _DAY.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    msg = f"expected a date YYYY-MM-DD, got {text!r}"
    raise argparse.ArgumentTypeError(msg)
