"""Records to data frames, for the optional extras ``pandas`` and ``polars``.

Every layer's ``to_records()`` returns plain dicts; ``to_pandas()`` and
``to_polars()`` go through here, with the table's `Schema`: each column's
`Kind`, which fixes its type in both libraries whatever the rows hold, so
that frames of different agreements, days or scenarios stack (an empty
frame, or a column None in every row, has the same types as a full one).
The extras are imported on first use, and a missing one is named in the
error. Decimals become floats in a frame (a frame is for analysis:
``to_records()`` keeps them exact); dates stay dates.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from decimal import Decimal
from types import ModuleType
from typing import Any, Literal

__all__ = [
    "Kind",
    "Schema",
    "column_names",
    "missing_extra",
    "optional_module",
    "to_pandas",
    "to_polars",
]

#: What a column holds, and so its type in a frame:
#:
#: - ``text``: polars ``String``; pandas's default string dtype (``str``
#:   from pandas 3, ``object`` before);
#: - ``float``: a number (an exact Decimal in the records), polars
#:   ``Float64``, pandas ``float64`` (None is NaN);
#: - ``int``: a whole number (a count, a tier's index), ``Int64`` in both
#:   (pandas's nullable one: None is ``<NA>``);
#: - ``bool``: polars ``Boolean``, pandas ``bool`` (never None);
#: - ``date``: polars ``Date``, pandas ``object`` holding `datetime.date`;
#: - ``texts`` and ``floats``: a list of texts or of floats, polars
#:   ``List(String)`` or ``List(Float64)``, pandas ``object`` holding lists.
Kind = Literal["text", "float", "int", "bool", "date", "texts", "floats"]

#: A table's columns, in order, each with its kind.
Schema = tuple[tuple[str, Kind], ...]

#: The pandas dtype of each kind but ``text`` (see `_pandas_text`).
_PANDAS: dict[str, str] = {
    "float": "float64",
    "int": "Int64",
    "bool": "bool",
    "date": "object",
    "texts": "object",
    "floats": "object",
}


def column_names(schema: Schema) -> tuple[str, ...]:
    """Return the names of *schema*'s columns, in order."""
    return tuple(name for name, _ in schema)


def optional_module(module: str, owner: str) -> ModuleType:
    """Import the optional extra's *module*, or say which extra to install.

    Args:
        module: ``pandas``, ``polars`` or ``matplotlib`` (its extra:
            ``plot``).
        owner: What needs it, for the message (``Projection.to_pandas()``).

    Raises:
        ModuleNotFoundError: When the module is not installed; the message
            names the extra.
    """
    extra = "plot" if module.startswith("matplotlib") else module
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise missing_extra(module, owner, extra) from error


def missing_extra(module: str, owner: str, extra: str) -> ModuleNotFoundError:
    """Return the error for *owner* when *module*, of the extra *extra*, is missing.

    Args:
        module: The module that failed to import (``hypothesis.strategies``).
        owner: What needs it, for the message.
        extra: The extra of mutualcommit that installs it (``testing``).
    """
    msg = (
        f"{owner} needs {module.partition('.')[0]}, which is not installed: "
        f"install mutualcommit's extra {extra!r} (python -m pip install "
        f"'.[{extra}]' in a checkout, or the wheel with [{extra}])"
    )
    return ModuleNotFoundError(msg, name=module)


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _columns(
    records: Iterable[dict[str, Any]], schema: Schema
) -> dict[str, list[object]]:
    rows = list(records)
    return {name: [_plain(row.get(name)) for row in rows] for name, _ in schema}


def _pandas_text(pandas: ModuleType) -> object:
    # The dtype pandas gives text by itself: ``str`` from pandas 3 (or
    # earlier with its future.infer_string), ``object`` otherwise. Asked of
    # pandas rather than of its version or options, so that a text column
    # None in every row has the type of one that holds text.
    return pandas.Series(["text"]).dtype


def to_pandas(records: Iterable[dict[str, Any]], schema: Schema, owner: str) -> Any:
    """Return *records* as a `pandas.DataFrame` with *schema*'s columns and types.

    Raises:
        ModuleNotFoundError: When pandas is not installed.
    """
    pandas = optional_module("pandas", owner)
    text = _pandas_text(pandas)
    columns = _columns(records, schema)
    return pandas.DataFrame(
        {
            name: pandas.Series(
                columns[name], dtype=text if kind == "text" else _PANDAS[kind]
            )
            for name, kind in schema
        },
        columns=list(column_names(schema)),
    )


def to_polars(records: Iterable[dict[str, Any]], schema: Schema, owner: str) -> Any:
    """Return *records* as a `polars.DataFrame` with *schema*'s columns and types.

    Raises:
        ModuleNotFoundError: When polars is not installed.
    """
    polars = optional_module("polars", owner)
    types = {
        "text": polars.String,
        "float": polars.Float64,
        "int": polars.Int64,
        "bool": polars.Boolean,
        "date": polars.Date,
        "texts": polars.List(polars.String),
        "floats": polars.List(polars.Float64),
    }
    return polars.DataFrame(
        _columns(records, schema),
        schema={name: types[kind] for name, kind in schema},
    )
