"""The command line: ``mutualcommit …`` and ``python -m mutualcommit …``.

Exit codes: 0 success (for ``check``: no error finding), 1 error findings, 2
unreadable or invalid input, with every problem listed on standard error and
never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from mutualcommit._version import version
from mutualcommit.errors import MutualCommitError

from . import _calendar, _check, _evaluate, _exceptions, _funds, _render, _schema

__all__ = ["main"]

_COMMANDS = (_check, _evaluate, _render, _schema, _calendar, _exceptions, _funds)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand.

    Each command module adds its subparser with ``add_parser(subparsers)``
    and runs it with ``run(args) -> int``.
    """
    parser = argparse.ArgumentParser(
        prog="mutualcommit",
        description=(
            "Hold, check and evaluate Mutual Commit agreements between a "
            "vendor and its channel partners."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {version()}",
        help="print the version of mutualcommit and exit",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in _COMMANDS:
        before = set(subparsers.choices)
        command.add_parser(subparsers)
        for name in set(subparsers.choices) - before:
            subparsers.choices[name].set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on *argv* (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except MutualCommitError as error:
        print(f"mutualcommit {args.command}: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        name = error.filename if error.filename is not None else ""
        reason = error.strerror or str(error)
        print(
            f"mutualcommit {args.command}: cannot read {name}: {reason}",
            file=sys.stderr,
        )
        return 2
    except UnicodeDecodeError as error:
        print(f"mutualcommit {args.command}: not UTF-8 text: {error}", file=sys.stderr)
        return 2
    return code
