"""``python -m mutualcommit``: the command line."""

from mutualcommit.cli import console

console()
