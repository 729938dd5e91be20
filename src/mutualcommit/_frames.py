"""Records to data frames, for the optional extras ``pandas`` and ``polars``.

Every layer's ``to_records()`` returns plain dicts; ``to_pandas()`` and
``to_polars()`` go through here. The extras are imported on first use, and
a missing one is named in the error. Decimals become floats in a frame (a
frame is for analysis: ``to_records()`` keeps them exact); dates stay dates.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from types import ModuleType
from typing import Any

__all__ = ["missing_extra", "optional_module", "to_pandas", "to_polars"]


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


def _rows(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: _plain(value) for key, value in row.items()} for row in records]


def to_pandas(
    records: Iterable[dict[str, Any]], columns: Sequence[str], owner: str
) -> Any:
    """Return *records* as a `pandas.DataFrame` with *columns*, in order.

    Raises:
        ModuleNotFoundError: When pandas is not installed.
    """
    pandas = optional_module("pandas", owner)
    return pandas.DataFrame.from_records(_rows(records), columns=list(columns))


def to_polars(
    records: Iterable[dict[str, Any]], columns: Sequence[str], owner: str
) -> Any:
    """Return *records* as a `polars.DataFrame` with *columns*, in order.

    Raises:
        ModuleNotFoundError: When polars is not installed.
    """
    polars = optional_module("polars", owner)
    rows = _rows(records)
    if not rows:
        return polars.DataFrame(schema=dict.fromkeys(columns, polars.Null))
    return polars.from_dicts(rows, infer_schema_length=None).select(list(columns))
