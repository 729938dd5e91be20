"""``mutualcommit schema``: print the JSON Schema of the agreement document."""

from __future__ import annotations

import argparse
import json

from mutualcommit.serialize import json_schema

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``schema`` command to *subparsers*."""
    subparsers.add_parser(
        "schema",
        help="print the JSON Schema of the agreement document",
        description=(
            "Print the JSON Schema (Draft 2020-12) of the agreement document, "
            "for editors and validators in other languages."
        ),
    )


def run(args: argparse.Namespace) -> int:  # noqa: ARG001 - the command takes no options
    """Print the schema, indented; return 0."""
    print(json.dumps(json_schema(), indent=2))
    return 0
