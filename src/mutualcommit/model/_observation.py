"""Observations: the records a KPI is evaluated from (SPEC §5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

import attrs

from ._frozen import FrozenDict, frozen_mapping

__all__ = ["Observation"]


@attrs.frozen
class Observation:
    """One record of a metric: an event or a reading on a day.

    Observations form a log: a later record with the same ``ref`` on the
    same metric replaces an earlier one, and one with ``value=None``
    retracts it.

    Attributes:
        metric: The id of the metric observed.
        at: The day the event happened or the reading was taken.
        value: The value, or None to retract the record with the same ``ref``.
        ref: An external id (a deal registration number, ...), or None.
        dims: String dimensions (``{"party": "globex", "region": "emea"}``)
            that targets select by.
    """

    metric: str
    at: dt.date
    value: Decimal | None
    ref: str | None = None
    dims: Mapping[str, str] = attrs.field(factory=FrozenDict, converter=frozen_mapping)
