"""The records of a metric that a ``where`` selects, found by their positions.

A target's ``where``, an exception criterion's, and rule MC108's test of a
target's ``where`` all ask which of a metric's standing records hold every
pair of a selection. A few selections of one dimension are answered by
comparing its column with the value wanted, at C speed; once a dimension
has been asked about more often than that, its records are grouped by
value, once per log, and each selection costs only the records it selects.
So an agreement with a target (or a criterion) per region reads its log
once, not once per region.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from itertools import compress, repeat

from ._measures import parsed_column
from ._observations import Columns, StandingColumns

__all__ = [
    "COLD_SELECTIONS",
    "dimension_groups",
    "grouped_rows",
    "pair_rows",
    "selected_rows",
]

#: The selections of one dimension of a metric answered by comparing its
#: whole column; the next one groups the column by value. Grouping costs
#: about three comparisons of the column (a Python loop against three C
#: passes), so a log is never read more than about twice as often as it
#: has to be, and the common agreement, with a selection or two per
#: dimension, never pays for the grouping.
COLD_SELECTIONS = 3

_NO_ROWS: tuple[int, ...] = ()


def dimension_groups(
    columns: Mapping[str, Columns], metric_id: str, name: str
) -> dict[str | None, list[int]]:
    """Return, per value of dimension *name*, the positions of *metric_id*'s records holding it.

    Positions in the metric's columns, ascending (so by day); the records
    without the dimension under None. Built once per log and dimension
    (kept with the columns' other parsed values).
    """
    key = ("groups", metric_id, name)
    if isinstance(columns, StandingColumns):
        found: dict[str | None, list[int]] | None = columns.parsed.get(key)  # type: ignore[assignment]
        if found is not None:
            return found
    groups: dict[str | None, list[int]] = {}
    get = groups.get
    for position, value in enumerate(parsed_column(columns, metric_id, name)):
        rows = get(value)
        if rows is None:
            groups[value] = [position]
        else:
            rows.append(position)
    if isinstance(columns, StandingColumns):
        columns.parsed[key] = groups
    return groups


def grouped_rows(
    columns: Mapping[str, Columns], metric_id: str, where: Mapping[str, str]
) -> Sequence[int] | None:
    """Return the positions `selected_rows` gives, from the groups, or None while cold.

    None for one pair whose dimension has been asked about no more than
    `COLD_SELECTIONS` times (this one counted): the caller compares the
    dimension's column, which costs less than grouping it. Several pairs
    take the group of each pair's value and filter the smallest by the
    other pairs.
    """
    if len(where) == 1:
        ((name, wanted),) = where.items()
        return pair_rows(columns, metric_id, name, wanted)
    pairs = sorted(where.items())
    fewest = min(
        (
            dimension_groups(columns, metric_id, name).get(wanted, _NO_ROWS)
            for name, wanted in pairs
        ),
        key=len,
    )
    others = [
        (parsed_column(columns, metric_id, name), wanted) for name, wanted in pairs
    ]
    return [i for i in fewest if all(column[i] == wanted for column, wanted in others)]


def pair_rows(
    columns: Mapping[str, Columns], metric_id: str, name: str, wanted: str
) -> Sequence[int] | None:
    """`grouped_rows` of the one pair *name* = *wanted*: None while its dimension is cold."""
    if not isinstance(columns, StandingColumns):
        return None
    # Counted in the columns' parsed values, inline: the common agreement's
    # few selections pay one lookup each. Threads may race on the count: a
    # selection more or less compares the column.
    parsed = columns.parsed
    key = ("selections", metric_id, name)
    count: int = parsed.get(key, 0) + 1  # type: ignore[operator]
    if count <= COLD_SELECTIONS:
        parsed[key] = count
        return None
    return dimension_groups(columns, metric_id, name).get(wanted, _NO_ROWS)


def selected_rows(
    columns: Mapping[str, Columns], metric_id: str, where: Mapping[str, str]
) -> Sequence[int]:
    """Return the positions of *metric_id*'s records whose dims hold every pair of *where*.

    Ascending, so in the columns' order (by day, then input order); every
    position with an empty *where*. One pair is read from the dimension's
    column, or from its groups once it is asked about often (see
    `COLD_SELECTIONS`); several from the groups (see `grouped_rows`).
    """
    if not where:
        return range(len(columns[metric_id][0]))
    rows = grouped_rows(columns, metric_id, where)
    if rows is not None:
        return rows
    ((name, wanted),) = where.items()
    column = parsed_column(columns, metric_id, name)
    return list(compress(range(len(column)), map(operator.eq, column, repeat(wanted))))
