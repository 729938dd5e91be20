"""Small agreements for the KPI worked cases.

`one_goal` builds an agreement with a single metric and a single goal (and,
to check accountability, a partner pledge on the same target), so that a
worked case states only what it is about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs
import pytest

from mutualcommit.model import (
    Aggregation,
    Agreement,
    Contribution,
    ContributionKind,
    Direction,
    FiscalCalendar,
    Goal,
    Metric,
    Party,
    Period,
    Role,
    Step,
    Target,
)

#: Calendar 2026: 365 days; Q1 has 90 days, Q2 91, Q3 and Q4 92.
START = dt.date(2026, 1, 1)
END = dt.date(2026, 12, 31)


def build_one_goal(
    value: str | Decimal,
    *,
    aggregation: Aggregation = Aggregation.SUM,
    direction: Direction = Direction.AT_LEAST,
    per: Period = Period.TERM,
    baseline: str | None = None,
    due: dt.date | None = None,
    steps: tuple[tuple[dt.date, str], ...] = (),
    where: Mapping[str, str] | None = None,
    start: dt.date = START,
    end: dt.date = END,
    fiscal_calendar: FiscalCalendar | None = None,
) -> Agreement:
    """Return an agreement whose goal ``g`` has the target described.

    The metric is ``m``; the partner ``p`` pledges contribution ``c`` with
    the same target, the vendor ``v`` pledges ``untargeted`` without one.
    """
    target = Target(
        metric="m",
        value=Decimal(value),
        direction=direction,
        per=per,
        baseline=None if baseline is None else Decimal(baseline),
        due=due,
        steps=tuple(Step(starting=day, value=Decimal(v)) for day, v in steps),
        where=where or {},
    )
    extra: dict[str, Any] = {}
    if fiscal_calendar is not None:
        extra["fiscal_calendar"] = fiscal_calendar
    return Agreement(
        id="a",
        title="A worked case",
        parties=(
            Party(id="v", name="Vendor", role=Role.VENDOR),
            Party(id="p", name="Partner", role=Role.PARTNER),
        ),
        start=start,
        end=end,
        currency="EUR",
        metrics=(Metric(id="m", name="M", unit="count", aggregation=aggregation),),
        goals=(Goal(id="g", title="G", target=target),),
        contributions=(
            Contribution(
                id="c",
                party="p",
                title="C",
                kind=ContributionKind.CO_SELLING,
                supports=("g",),
                target=target,
            ),
            Contribution(
                id="untargeted",
                party="v",
                title="U",
                kind=ContributionKind.ENABLEMENT_TRAINING,
                supports=("g",),
            ),
        ),
        **extra,
    )


@pytest.fixture
def one_goal() -> Callable[..., Agreement]:
    """Build a one-metric, one-goal agreement (see `build_one_goal`)."""
    return build_one_goal


def spelled(value: object) -> str:
    """Return every number a result holds as it is spelled (``1.5`` or ``1.50``).

    A repr of all its public fields, deeply: equal results may spell their
    numbers differently, and a scorecard's own repr is a short summary.
    """
    if isinstance(value, tuple | list):
        return repr([spelled(item) for item in value])
    result: Any = value
    shown = attrs.asdict(
        result, recurse=True, filter=lambda field, _: not field.name.startswith("_")
    )
    return repr(shown)
