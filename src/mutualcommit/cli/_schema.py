"""``mutualcommit schema``: print the JSON Schema of the agreement document or a log's line."""

from __future__ import annotations

import argparse
import json

from mutualcommit.serialize import json_schema
from mutualcommit.serialize._schema import SCHEMA_DOCUMENTS

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``schema`` command to *subparsers*."""
    parser = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of the agreement document or of a log's line",
        description=(
            "Print the JSON Schema (Draft 2020-12) of the agreement document, "
            "or of one line of the observation log, the fund log or a "
            "portfolio's observation or fund stream, for editors and "
            "validators in other languages."
        ),
    )
    parser.add_argument(
        "--document",
        choices=SCHEMA_DOCUMENTS,
        default="agreement",
        help=(
            "agreement (default), observation (a line of the observations' "
            "JSON Lines), fund_event (a line of the fund log), "
            "portfolio_observation or portfolio_fund_event (a line of a "
            "portfolio's observations or fund logs, with its agreement's id)"
        ),
    )


def run(args: argparse.Namespace) -> int:
    """Print the schema, indented; return 0."""
    print(json.dumps(json_schema(args.document), indent=2))
    return 0
