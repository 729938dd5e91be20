"""Generate the observation streams of the two example agreements.

The streams are made up but deterministic (a seeded `random.Random` per
case), so they can be regenerated at will. They are written in the order
the parties would report them, one weekly batch after another, so a
correction or a retraction (a later record with the same ``ref``) follows
the record it replaces::

    python examples/generate_observations.py          # check the files are current
    python examples/generate_observations.py --write  # regenerate them

Each case tells a story the examples' reviews respond to: a slow start, a
quarter that misses, an action item, a recovery.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

from mutualcommit import Observation, dump_observations, load_observations

EXAMPLES = Path(__file__).resolve().parent
#: The last day the streams cover: "today" for the examples.
AS_OF = dt.date(2026, 11, 27)

_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(days=7)
_ONE = Decimal(1)


class _Log:
    """Observations with the day they were reported, in reporting order."""

    def __init__(self) -> None:
        self._records: list[tuple[dt.date, int, Observation]] = []

    def add(
        self,
        metric: str,
        at: dt.date,
        value: Decimal | None,
        *,
        ref: str | None = None,
        dims: dict[str, str] | None = None,
        reported: dt.date | None = None,
    ) -> None:
        """Record an observation, reported on *reported* (by default *at*)."""
        observation = Observation(metric, at, value, ref=ref, dims=dims or {})
        self._records.append((reported or at, len(self._records), observation))

    def observations(self) -> list[Observation]:
        """Return what was reported up to `AS_OF`, one weekly batch after another."""
        batches = sorted(
            (_monday(reported), observation.at, observation.metric, order, observation)
            for reported, order, observation in self._records
            if reported <= AS_OF
        )
        return [observation for *_, observation in batches]


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _business_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5:  # noqa: PLR2004 - Monday to Friday
            days.append(day)
        day += _DAY
    return days


def _spread(rng: random.Random, start: dt.date, end: dt.date, n: int) -> list[dt.date]:
    """Return *n* business days in [start, end], sorted (repeats allowed)."""
    days = _business_days(start, end)
    return sorted(rng.choice(days) for _ in range(n))


def _fridays(start: dt.date, end: dt.date) -> list[dt.date]:
    return [day for day in _business_days(start, end) if day.weekday() == 4]  # noqa: PLR2004


def _split(rng: random.Random, total: int, n: int, *, step: int) -> list[int]:
    """Split *total* into *n* random positive parts, multiples of *step*."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(n)]
    scale = total / sum(weights)
    parts = [max(step, round(w * scale / step) * step) for w in weights]
    parts[-1] += total - sum(parts)
    return parts


# -- IT software vendor + channel partner ------------------------------------

_IT_REGIONS = ("dach", "benelux", "nordics")
_IT_REGION_WEIGHTS = (0.45, 0.33, 0.22)
# The term cut at Acme's fiscal quarters (February start), up to AS_OF.
_IT_PERIODS = (
    (dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
    (dt.date(2026, 2, 1), dt.date(2026, 4, 30)),
    (dt.date(2026, 5, 1), dt.date(2026, 7, 31)),
    (dt.date(2026, 8, 1), dt.date(2026, 10, 31)),
    (dt.date(2026, 11, 1), AS_OF),
)
# Per period: a slow January, a strong spring, a soft summer (revenue,
# campaigns and training sessions miss), an autumn where the co-selling ramp
# and MDF payouts fall short.
_GLOBEX_REGISTRATIONS = (5, 22, 25, 27, 10)
_ACME_REGISTRATIONS = (1, 5, 6, 6, 3)
_REVENUE = ((150_000, 2), (430_000, 7), (372_000, 6), (455_000, 7), (150_000, 3))
_CAMPAIGNS = (2, 4, 2, 3, 1)
_SESSIONS = (3, 7, 5, 8, 3)
_MDF = ((10_500, 1), (31_200, 3), (30_400, 3), (24_800, 2), (12_300, 2))


# The registration filed under the wrong region, and the one filed twice.
_MISFILED = 20
_DUPLICATED = 40


def _approval_days(rng: random.Random, registered: dt.date) -> int:
    """Return how long Acme took to approve a registration: slow until March."""
    if registered.month in {12, 1}:
        return rng.choice((4, 5, 5, 6, 7, 8))
    if registered.month == 2:  # noqa: PLR2004
        return rng.choice((2, 3, 3, 4, 4, 5))
    return rng.choice((1, 2, 2, 3, 3, 4))


def it_vendor() -> list[Observation]:
    """Return the observations of the Acme / Globex agreement."""
    rng = random.Random(2026)  # noqa: S311 - made-up data, not secrets
    log = _Log()
    registrations = _deal_registrations(rng, log)
    _closed_deals(rng, log, registrations)
    _it_activities(rng, log)
    _it_readings(rng, log)
    return log.observations()


_Registration = tuple[str, dt.date, str, str]  # ref, day, party, region


def _deal_registrations(rng: random.Random, log: _Log) -> list[_Registration]:
    """Record the deal registrations and their approval times."""
    # Six were carried over from late 2025: the first deals of the term close
    # on them.
    registered: list[tuple[dt.date, str, str]] = []
    carried_over = (dt.date(2025, 11, 3), dt.date(2025, 12, 19))
    for (start, end), globex, acme in zip(
        (carried_over, *_IT_PERIODS),
        (5, *_GLOBEX_REGISTRATIONS),
        (1, *_ACME_REGISTRATIONS),
        strict=True,
    ):
        sources = ["globex"] * globex + ["acme"] * acme
        rng.shuffle(sources)
        days = _spread(rng, start, end, len(sources))
        for day, party in zip(days, sources, strict=True):
            region = rng.choices(_IT_REGIONS, _IT_REGION_WEIGHTS)[0]
            registered.append((day, party, region))
    registered.sort()
    registrations = [
        (f"DR-{1001 + index}", *registration)
        for index, registration in enumerate(registered)
    ]
    for index, (ref, day, party, region) in enumerate(registrations):
        dims = {"party": party, "region": region}
        if index == _MISFILED:
            # Filed under the wrong region first, corrected a week later.
            wrong = next(r for r in _IT_REGIONS if r != region)
            log.add(
                "cosell-opps",
                day,
                _ONE,
                ref=ref,
                dims={"party": party, "region": wrong},
            )
            log.add("cosell-opps", day, _ONE, ref=ref, dims=dims, reported=day + _WEEK)
        else:
            log.add("cosell-opps", day, _ONE, ref=ref, dims=dims)
        approved = day + dt.timedelta(days=_approval_days(rng, day))
        log.add(
            "dr-approval-days",
            approved,
            Decimal((approved - day).days),
            ref=ref,
            dims={"party": "acme", "region": region},
        )
    # A duplicate registration, retracted when Acme's approver spotted it.
    _, day, _, region = registrations[_DUPLICATED]
    dims = {"party": "globex", "region": region}
    log.add("cosell-opps", day, _ONE, ref="DR-9001", dims=dims)
    log.add("cosell-opps", day, None, ref="DR-9001", reported=day + _WEEK)
    return registrations


def _closed_deals(
    rng: random.Random, log: _Log, registrations: list[_Registration]
) -> None:
    """Record the revenue of the deals won, against their registrations."""
    open_deals = list(registrations)
    corrected = False
    for (start, end), (total, count) in zip(_IT_PERIODS, _REVENUE, strict=True):
        amounts = _split(rng, total, count, step=10)
        for day, amount in zip(_spread(rng, start, end, count), amounts, strict=True):
            # A deal closes at the earliest two weeks after its registration.
            ready = [deal for deal in open_deals if deal[1] <= day - 2 * _WEEK]
            deal = rng.choice(ready)
            open_deals.remove(deal)
            ref, _, party, region = deal
            dims = {"party": party, "region": region}
            if not corrected and start.month == 8:  # noqa: PLR2004 - in FY2027-Q3
                # Booked with transposed digits, corrected the next week.
                digits = str(amount)
                wrong = Decimal(digits[1] + digits[0] + digits[2:])
                log.add("partner-revenue", day, wrong, ref=ref, dims=dims)
                log.add(
                    "partner-revenue",
                    day,
                    Decimal(amount),
                    ref=ref,
                    dims=dims,
                    reported=day + _WEEK,
                )
                corrected = True
            else:
                log.add("partner-revenue", day, Decimal(amount), ref=ref, dims=dims)


def _it_activities(rng: random.Random, log: _Log) -> None:
    """Record the campaigns, the training sessions and the MDF payouts."""
    for (start, end), count in zip(_IT_PERIODS, _CAMPAIGNS, strict=True):
        for day in _spread(rng, start, end, count):
            region = rng.choices(_IT_REGIONS, _IT_REGION_WEIGHTS)[0]
            dims = {"party": "globex", "region": region}
            log.add("tcm-campaigns", day, _ONE, dims=dims)

    number = 0
    for (start, end), count in zip(_IT_PERIODS, _SESSIONS, strict=True):
        for day in _spread(rng, start, end, count):
            number += 1
            dims = {"party": "acme", "region": rng.choice(_IT_REGIONS)}
            log.add(
                "enablement-sessions", day, _ONE, ref=f"TRN-{number:03d}", dims=dims
            )

    number = 0
    for (start, end), (total, count) in zip(_IT_PERIODS, _MDF, strict=True):
        amounts = _split(rng, total, count, step=100)
        for day, amount in zip(_spread(rng, start, end, count), amounts, strict=True):
            number += 1
            region = rng.choices(_IT_REGIONS, _IT_REGION_WEIGHTS)[0]
            dims = {"party": "acme", "region": region}
            log.add(
                "mdf-paid", day, Decimal(amount), ref=f"MDF-{number:03d}", dims=dims
            )


def _it_readings(rng: random.Random, log: _Log) -> None:
    """Record the weekly readings of the certified reps and the open pipeline."""
    dims = {"party": "globex"}
    # Four certified reps at the start, one more each month from February.
    certified = sorted(
        dt.date(2026, month, rng.randint(5, 25)) for month in range(2, 12)
    )
    start = dt.date(2026, 1, 1)
    fridays = _fridays(start, AS_OF)
    for friday in fridays:
        count = 4 + sum(1 for day in certified if day <= friday)
        log.add("certified-reps", friday, Decimal(count), dims=dims)

    # The open pipeline grows from EUR 0.95m toward 2.05m, with weekly noise.
    thousand = Decimal(1000)
    for friday in fridays:
        share = Decimal((friday - start).days) / Decimal((AS_OF - start).days)
        value = Decimal(950_000) + Decimal(1_100_000) * share
        noise = rng.randint(-60, 60)
        value = ((value / thousand).quantize(_ONE) + noise) * thousand
        log.add("pipeline-value", friday, value, dims=dims)


# -- Manufacturer + distributor ----------------------------------------------

_MFG_PERIODS = (
    (dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
    (dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
    (dt.date(2026, 10, 1), AS_OF),
)
# Forecast accuracy (percent) per party and quarter: a weak first quarter
# that the July review acts on. The joint (consensus) forecast is the mean
# of the two.
_ACCURACY = {
    "bolt": (Decimal(86), Decimal("89.5"), Decimal("90.5")),
    "northwind": (Decimal(75), Decimal("83.5"), Decimal("84.5")),
}
# Units a week per region and quarter: the Mountain region starts slowly.
_UNITS = {"west": (900, 955, 975), "mountain": (46, 69, 102)}
_PRICE = {"west": Decimal("54.20"), "mountain": Decimal("52.00")}
# The SKUs and their shares of a region's units.
_ITEMS = {"BX-100": 0.4, "BX-200": 0.3, "BX-300": 0.2, "BX-400": 0.1}
# Days from purchase order to delivery per month, April to November: over
# ten until the safety stock arrives in June. Orders are due in 10 days.
_LEAD_TIME = {4: 12, 5: 11, 6: 9, 7: 9, 8: 9, 9: 9, 10: 8, 11: 9}
_DUE_DAYS = 10
_HUNDRED = Decimal(100)


def _period_index(day: dt.date) -> int:
    for index, (start, end) in enumerate(_MFG_PERIODS):
        if start <= day <= end:
            return index
    return len(_MFG_PERIODS) - 1


def _sales(rng: random.Random, log: _Log) -> dict[tuple[dt.date, str], int]:
    """Log the weekly point of sale per region and SKU; return units per week and SKU."""
    sold: dict[tuple[dt.date, str], int] = {}
    for index, (start, end) in enumerate(_MFG_PERIODS):
        for friday in _fridays(start, end):
            for region, weekly in _UNITS.items():
                units = weekly[index] + rng.randint(
                    -weekly[index] // 10, weekly[index] // 10
                )
                revenue = (units * _PRICE[region]).quantize(Decimal("0.01"))
                dims = {"party": "northwind", "region": region}
                log.add("distributor-revenue", friday, revenue, dims=dims)
                parts = [round(units * share) for share in _ITEMS.values()]
                parts[0] += units - sum(parts)
                for item, part in zip(_ITEMS, parts, strict=True):
                    # What was sold is no one's forecast: no party.
                    log.add(
                        "units-sold",
                        friday,
                        Decimal(part),
                        dims={"region": region, "item": item},
                    )
                    key = (_monday(friday), item)
                    sold[key] = sold.get(key, 0) + part
    return sold


def _forecasts(
    rng: random.Random, log: _Log, sold: dict[tuple[dt.date, str], int]
) -> None:
    """Log each side's forecast of each week and SKU, made the Friday before."""
    for (monday, item), units in sorted(sold.items()):
        made = monday - dt.timedelta(days=3)
        index = _period_index(max(monday, _MFG_PERIODS[0][0]))
        values = {}
        for party, accuracy in _ACCURACY.items():
            error = (_HUNDRED - accuracy[index]) / _HUNDRED
            scale = Decimal(rng.randint(40, 160)) / _HUNDRED
            sign = rng.choice((-1, 1))
            values[party] = max(
                Decimal(0), (units * (1 + sign * error * scale)).quantize(_ONE)
            )
        values["joint"] = ((values["bolt"] + values["northwind"]) / 2).quantize(_ONE)
        for party, value in values.items():
            log.add(
                "demand-forecast",
                made,
                value,
                dims={"party": party, "item": item, "bucket": monday.isoformat()},
            )


def _orders(
    rng: random.Random, log: _Log, sold: dict[tuple[dt.date, str], int]
) -> None:
    """Log Northwind's Monday purchase orders and Bolt's shipments against them."""
    number = 0
    for monday, item in sorted(sold):
        ordered = monday + dt.timedelta(days=7)  # replenish last week's sales
        if ordered > AS_OF:
            continue
        number += 1
        po = f"PO-{260100 + number}"
        quantity = max(10, round(sold[monday, item] / 10) * 10)
        due = ordered + dt.timedelta(days=_DUE_DAYS)
        dims = {"order": po, "due": due.isoformat(), "item": item}
        log.add("units-ordered", ordered, Decimal(quantity), ref=po, dims=dims)
        lead = _LEAD_TIME[ordered.month] + rng.choice((-2, -1, -1, 0, 0, 1, 1, 2))
        delivered = ordered + dt.timedelta(days=lead)
        shipment = {"order": po, "item": item}
        if number % 11 == 0:
            # Short-shipped: 95 % of the order, never completed.
            short = Decimal(quantity * 95 // 100)
            log.add("units-shipped", delivered, short, ref=f"ASN-{po}", dims=shipment)
        elif number % 7 == 0:
            # Split: 60 % three days early, the rest on the day.
            first = Decimal(quantity * 6 // 10)
            early = delivered - dt.timedelta(days=3)
            log.add("units-shipped", early, first, ref=f"ASN-{po}-1", dims=shipment)
            rest = Decimal(quantity) - first
            log.add("units-shipped", delivered, rest, ref=f"ASN-{po}-2", dims=shipment)
        elif number == 30:  # noqa: PLR2004
            # Keyed in as ten times the quantity, corrected a week later.
            wrong = Decimal(quantity * 10)
            ref = f"ASN-{po}"
            log.add("units-shipped", delivered, wrong, ref=ref, dims=shipment)
            log.add(
                "units-shipped",
                delivered,
                Decimal(quantity),
                ref=ref,
                dims=shipment,
                reported=delivered + _WEEK,
            )
        else:
            log.add(
                "units-shipped",
                delivered,
                Decimal(quantity),
                ref=f"ASN-{po}",
                dims=shipment,
            )
    # A purchase order sent twice under a second number, retracted.
    log.add(
        "units-ordered",
        dt.date(2026, 6, 8),
        Decimal(400),
        ref="PO-269999",
        dims={"order": "PO-269999", "due": "2026-06-18", "item": "BX-100"},
    )
    log.add(
        "units-ordered",
        dt.date(2026, 6, 8),
        None,
        ref="PO-269999",
        reported=dt.date(2026, 6, 10),
    )


def manufacturer() -> list[Observation]:
    """Return the raw records of the Bolt / Northwind agreement, weekly."""
    rng = random.Random(1957)  # noqa: S311 - made-up data, not secrets
    log = _Log()
    sold = _sales(rng, log)
    _forecasts(rng, log, sold)
    _orders(rng, log, sold)
    # Training has its own stream, so the supply records can change freely.
    academy = random.Random(1950)  # noqa: S311 - made-up data, not secrets
    for number, day in enumerate(_business_days(dt.date(2026, 4, 1), AS_OF)[3::8], 1):
        log.add(
            "training-hours",
            day,
            Decimal(academy.choice((3, 4, 4, 5))),
            ref=f"BOLT-ACAD-{number:02d}",
            dims={"party": "bolt", "region": "west"},
        )
    return log.observations()


CASES: dict[str, Callable[[], list[Observation]]] = {
    "it_vendor": it_vendor,
    "manufacturer": manufacturer,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Check the example streams are current, or rewrite them with ``--write``."""
    parser = argparse.ArgumentParser(
        description="Generate the example observation streams."
    )
    parser.add_argument(
        "--write", action="store_true", help="rewrite examples/*/observations.jsonl"
    )
    args = parser.parse_args(argv)
    stale = []
    for name, generate in CASES.items():
        path = EXAMPLES / name / "observations.jsonl"
        observations = generate()
        if args.write:
            path.write_text(dump_observations(observations), encoding="utf-8")
            print(
                f"{path.relative_to(EXAMPLES)}: wrote {len(observations)} observations"
            )
        elif list(load_observations(path.read_text(encoding="utf-8"))) != observations:
            stale.append(name)
            print(f"{path.relative_to(EXAMPLES)}: stale, run with --write")
        else:
            print(
                f"{path.relative_to(EXAMPLES)}: {len(observations)} observations, current"
            )
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
