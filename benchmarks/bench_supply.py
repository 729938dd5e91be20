"""Time the supply-chain measures of the manufacturer example.

Prints ``name: ratio`` lines:

- ``supply_vs_floor``: `evaluate` of the manufacturer example agreement
  (fill rate, OTIF, lead time and forecast accuracy at lag 1 computed from
  raw records) over one fiscal year of weekly records for 200 SKUs, against
  a hand-written single pass that sums the same records per metric in the
  library's context; target ≤ 3.

Where an evaluation's time goes, roughly (shares of one `evaluate`, step
by step; the floor is one hand pass): reading the log into per-metric
columns in one walk, a quarter; checking the records the measures read
(which reads their order ids, due dates and buckets), a ninth; the
forecast measures, a third (the forecasts per bucket, the actuals per
bucket and item, every party's forecasts chosen in one loop, then per
party the sums of ``|A-F|``: about 0.2 of a floor for each party after
the first); OTIF and lead time, a sixth; the observed series' running
sums, the ratio and the windows' results, the rest. Reading the records'
dimensions is about an eighth of the whole, spread over these steps.
"""

from __future__ import annotations

import datetime as dt
import decimal
import importlib.util
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from mutualcommit.kpi import Observation, evaluate
from mutualcommit.model import Agreement, decimal_context
from timing import best_in_turns

ROOT = Path(__file__).resolve().parent.parent
START = dt.date(2026, 4, 1)
AS_OF = dt.date(2027, 3, 31)
ITEMS = 200
_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(weeks=1)


def agreement() -> Agreement:
    """Return the manufacturer example's terms, as its build script makes them."""
    # An example script, not a package: load it from its file.
    path = ROOT / "examples" / "build_manufacturer.py"
    spec = importlib.util.spec_from_file_location("build_manufacturer", path)
    if spec is None or spec.loader is None:
        msg = f"cannot load {path}"
        raise ImportError(msg)
    module: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    terms: Agreement = module.terms()
    return terms


def observations(items: int = ITEMS, seed: int = 11) -> list[Observation]:
    """Return a year of weekly raw records for *items* SKUs, as the parties log them.

    Per SKU and ISO week: point-of-sale units in two regions, three
    forecasts (each side's and the joint one) made the Friday before, one
    purchase order due in ten days and its shipments (every seventh split
    in two); the weekly revenue per region and a training record a week.
    """
    rng = random.Random(seed)
    log: list[Observation] = []
    monday = START - dt.timedelta(days=START.weekday())
    number = 0
    while monday <= AS_OF:
        friday = monday + dt.timedelta(days=4)
        log.extend(
            Observation(
                "distributor-revenue",
                friday,
                Decimal(rng.randint(20000, 60000)),
                dims={"party": "northwind", "region": region},
            )
            for region in ("west", "mountain")
        )
        log.append(Observation("training-hours", friday, Decimal(2)))
        bucket = monday.isoformat()
        for i in range(items):
            item = f"SKU-{i:03d}"
            units = [rng.randint(5, 60), rng.randint(0, 10)]
            log.extend(
                Observation(
                    "units-sold",
                    friday,
                    Decimal(sold),
                    dims={"region": region, "item": item},
                )
                for region, sold in zip(("west", "mountain"), units, strict=True)
            )
            total = sum(units)
            made = monday - dt.timedelta(days=3)
            log.extend(
                Observation(
                    "demand-forecast",
                    made,
                    Decimal(max(0, total + rng.randint(-8, 8))),
                    dims={"party": party, "item": item, "bucket": bucket},
                )
                for party in ("bolt", "northwind", "joint")
            )
            number += 1
            po = f"PO-{number}"
            due = monday + dt.timedelta(days=10)
            log.append(
                Observation(
                    "units-ordered",
                    monday,
                    Decimal(total),
                    ref=po,
                    dims={"order": po, "due": due.isoformat(), "item": item},
                )
            )
            shipped = monday + dt.timedelta(days=rng.randint(6, 13))
            parts = [total // 2, total - total // 2] if number % 7 == 0 else [total]
            for k, part in enumerate(parts):
                log.append(
                    Observation(
                        "units-shipped",
                        shipped + _DAY * k,
                        Decimal(part),
                        ref=f"ASN-{po}-{k}",
                        dims={"order": po, "item": item},
                    )
                )
        monday += _WEEK
    return log


def floor(records: list[Observation]) -> dict[str, Decimal]:
    """Sum the values per metric in one pass: the least any evaluation must do."""
    totals: dict[str, Decimal] = {}
    with decimal.localcontext(decimal_context()):
        for o in records:
            if o.at <= AS_OF and o.value is not None:
                totals[o.metric] = totals.get(o.metric, Decimal(0)) + o.value
    return totals


def main(quick: bool = False) -> None:
    """Time the case and print its ``name: ratio`` line."""
    repeat = 2 if quick else 10
    terms = agreement()
    log = observations(20 if quick else ITEMS)
    times = best_in_turns(
        {
            "floor": lambda: floor(log),
            "evaluate": lambda: evaluate(terms, log, as_of=AS_OF),
        },
        repeat,
    )
    floor_time, evaluate_time = times["floor"], times["evaluate"]
    print(f"supply_vs_floor: {evaluate_time / floor_time:.2f}")


if __name__ == "__main__":
    main()
