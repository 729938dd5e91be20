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
# that the July review acts on.
_ACCURACY = {
    "bolt": (Decimal(86), Decimal("89.5"), Decimal("90.5")),
    "northwind": (Decimal(75), Decimal("83.5"), Decimal("84.5")),
}
# Units a week per region and quarter: the Mountain region starts slowly.
_UNITS = {"west": (900, 955, 975), "mountain": (46, 69, 102)}
_PRICE = {"west": Decimal("54.20"), "mountain": Decimal("52.00")}
# Mean delivery lead time (days) per month, April to November.
_LEAD_TIME = {4: 12, 5: 11, 6: 9, 7: 9, 8: 9, 9: 9, 10: 8, 11: 9}


def manufacturer() -> list[Observation]:
    """Return the observations of the Bolt / Northwind agreement."""
    rng = random.Random(1957)  # noqa: S311 - made-up data, not secrets
    log = _Log()
    for index, (start, end) in enumerate(_MFG_PERIODS):
        for friday in _fridays(start, end):
            for party, means in _ACCURACY.items():
                value = means[index] + Decimal(rng.randint(-25, 25)) / 10
                log.add(
                    "forecast-accuracy",
                    friday,
                    value,
                    dims={"party": party, "region": "all"},
                )
            for region, weekly in _UNITS.items():
                units = weekly[index] + rng.randint(
                    -weekly[index] // 10, weekly[index] // 10
                )
                revenue = (units * _PRICE[region]).quantize(Decimal("0.01"))
                dims = {"party": "northwind", "region": region}
                log.add("units-sold", friday, Decimal(units), dims=dims)
                log.add("distributor-revenue", friday, revenue, dims=dims)

    shipments = _business_days(dt.date(2026, 4, 1), AS_OF)[::2]
    for number, day in enumerate(shipments, start=260001):
        ref = f"ASN-{number}"
        region = "mountain" if number % 5 == 0 else "west"
        days = Decimal(_LEAD_TIME[day.month] + rng.choice((-2, -1, -1, 0, 0, 1, 1, 2)))
        dims = {"party": "bolt", "region": region}
        if number == 260031:  # noqa: PLR2004
            # Keyed in as 21 days, corrected a week later.
            log.add("delivery-lead-time", day, Decimal(21), ref=ref, dims=dims)
            log.add(
                "delivery-lead-time",
                day,
                days,
                ref=ref,
                dims=dims,
                reported=day + _WEEK,
            )
        else:
            log.add("delivery-lead-time", day, days, ref=ref, dims=dims)
    # A shipment recorded twice under a second ASN, retracted.
    cancelled = shipments[40]
    log.add(
        "delivery-lead-time",
        cancelled,
        Decimal(16),
        ref="ASN-269999",
        dims={"party": "bolt", "region": "west"},
    )
    log.add(
        "delivery-lead-time",
        cancelled,
        None,
        ref="ASN-269999",
        reported=cancelled + _WEEK,
    )

    for number, day in enumerate(_business_days(dt.date(2026, 4, 1), AS_OF)[3::8], 1):
        log.add(
            "training-hours",
            day,
            Decimal(rng.choice((3, 4, 4, 5))),
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
