"""Time the formats against floors measured in the same run.

Prints ``name: ratio`` lines, the library's time over the other's (below 1:
the library is faster):

- ``loads_{it,large}_vs_floor``: `loads` of the IT example and of a large
  generated agreement (50 goals, 100 contributions) against `json.loads`
  and a hand-written dict-to-attrs conversion (the same `Agreement`, so the
  same invariants); target ≤ 1.5.
- ``dumps_{it,large}_vs_floor``: `dumps` (compact, its default) against
  hand-written attrs-to-dict code and the same `json.dumps` call; target
  ≤ 1.25. ``dumps_indent2_...`` time ``dumps(indent=2)`` against the peers'
  indented output.
- ``..._vs_pydantic`` and ``..._vs_msgspec``: the same documents with
  pydantic v2 (``model_validate_json`` / ``model_dump_json``) and msgspec
  models of the same shape, which check types but no invariants.
- ``load_observations_vs_floor``: 1,000,000 JSON Lines against `json.loads`,
  `Decimal` and `date.fromisoformat` into tuples; target ≤ 2.
- ``dump_observations_vs_floor``: against `json.dumps` of hand-built dicts.
- ``import_vs_deps``: ``import mutualcommit`` against ``import attrs,
  cattrs, dateutil`` in fresh interpreters (best of several); target ≤ 1.3.
  The package imports its names on first use, so this is the cost of the
  bare import; ``import_format_vs_deps`` (``from mutualcommit import
  Agreement, dumps, loads``: the model and this layer) and
  ``import_all_vs_deps`` (every layer up to render) are what a program that
  uses them pays. ``import_serialize_share`` is the part of ``import
  mutualcommit.serialize`` spent in this layer's own modules (a share, not a
  ratio).
"""

from __future__ import annotations

import collections.abc
import copy
import datetime as dt
import functools
import json
import os
import random
import subprocess
import sys
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import attrs
import msgspec
import pydantic

from mutualcommit.model import (
    Accrual,
    ActionItem,
    Aggregation,
    Agreement,
    Clause,
    Contribution,
    ContributionKind,
    Direction,
    FiscalCalendar,
    Fund,
    FundExpiry,
    Goal,
    Incentive,
    Metric,
    Observation,
    Party,
    Period,
    Pillar,
    Quantity,
    ResourceAllocation,
    Review,
    Role,
    Signature,
    Step,
    Target,
    Tier,
)
from mutualcommit.serialize import (
    dump_observations,
    dumps,
    load_observations,
    loads,
)
from timing import best_in_batches

HERE = Path(__file__).resolve().parent
IT_EXAMPLE = HERE.parent / "examples" / "it_vendor" / "agreement.json"
START = dt.date(2026, 1, 1)
END = dt.date(2027, 12, 31)


def best(
    func: Callable[[], object], quick: bool, *, number: int = 0, repeat: int = 15
) -> float:
    """Return the best time of one call of *func*, in seconds: `best_in_batches` of one case."""
    return best_in_batches({"case": func}, quick, number=number, repeat=repeat)["case"]


# -- the documents ----------------------------------------------------------------


def large_agreement(seed: int = 42) -> Agreement:
    """Return a deterministic agreement of 50 goals and 100 contributions."""
    rng = random.Random(seed)
    parties = (
        Party(id="vendor", name="Acme Software", role=Role.VENDOR),
        *(
            Party(
                id=f"partner-{i}",
                name=f"Partner {i}",
                role=Role.PARTNER,
                capacity=(Quantity(amount=Decimal(rng.randrange(10**5)), unit="EUR"),),
                extensions={"crm": {"account_id": f"0015g0000{i:08d}"}},
            )
            for i in range(4)
        ),
    )
    party_ids = [p.id for p in parties]
    units = ["count", "EUR", "hour", "percent"]
    metrics = tuple(
        Metric(
            id=f"metric-{i}",
            name=f"Metric {i}",
            unit=units[i % 4],
            aggregation=list(Aggregation)[i % 6],
            reported_by=rng.choice(party_ids),
            description="Counted from the partner portal.",
        )
        for i in range(20)
    )

    def target(i: int) -> Target:
        return Target(
            metric=f"metric-{i % 20}",
            value=Decimal(f"{rng.randrange(1, 10**6)}.{rng.randrange(100):02d}"),
            direction=Direction.AT_LEAST if i % 5 else Direction.AT_MOST,
            per=[Period.TERM, Period.QUARTER, Period.MONTH, Period.YEAR][i % 4],
            baseline=Decimal(rng.randrange(1000)) if i % 3 == 0 else None,
            steps=(
                (
                    Step(
                        starting=dt.date(2027, 1, 1),
                        value=Decimal(rng.randrange(10**6)),
                    ),
                )
                if i % 4 == 1
                else ()
            ),
            where={"party": rng.choice(party_ids)} if i % 2 else {},
        )

    goals = tuple(
        Goal(
            id=f"goal-{i}",
            title=f"Shared goal {i}",
            target=target(i),
            weight=Decimal(rng.randrange(1, 4)),
            description="A measurable goal both sides pledged to.",
        )
        for i in range(50)
    )
    kinds = list(ContributionKind)
    contributions = tuple(
        Contribution(
            id=f"contribution-{i}",
            party=party_ids[i % 5],
            title=f"Pledge {i}",
            kind=kinds[i % len(kinds)],
            pillar=list(Pillar)[i % 8],
            supports=(f"goal-{i % 50}", f"goal-{(i * 7 + 3) % 50}"),
            target=target(i + 1) if i % 2 else None,
        )
        for i in range(100)
    )
    allocations = tuple(
        ResourceAllocation(
            id=f"allocation-{i}",
            party=party_ids[i % 5],
            amount=Quantity(amount=Decimal(rng.randrange(1, 5000)), unit="EUR"),
            per=Period.QUARTER,
            contribution=f"contribution-{i}",
        )
        for i in range(40)
    )
    incentives = tuple(
        Incentive(
            id=f"incentive-{i}",
            title=f"Rebate {i}",
            payer="vendor",
            beneficiary=party_ids[1 + i % 4],
            goal=f"goal-{i}",
            tiers=(
                Tier(
                    threshold=Decimal(1),
                    amount=Quantity(amount=Decimal(500), unit="EUR"),
                ),
                Tier(
                    threshold=Decimal("1.2"),
                    amount=Quantity(amount=Decimal(900), unit="EUR"),
                ),
            ),
            cap=Quantity(amount=Decimal(5000), unit="EUR"),
        )
        for i in range(10)
    )
    clauses = tuple(
        Clause(id=f"clause-{i}", title=f"Clause {i}", text="Terms. " * 20)
        for i in range(10)
    )
    reviews = tuple(
        Review(
            id=f"review-{i}",
            held_on=dt.date(2026, 3 * i + 1, 15),
            attendees=("vendor", "partner-0"),
            notes="Reviewed the pipeline.",
            actions=(
                ActionItem(
                    id="a1",
                    owner="partner-0",
                    title="Register more deals",
                    due=dt.date(2026, 3 * i + 2, 1),
                    goals=(f"goal-{i}",),
                ),
            ),
        )
        for i in range(4)
    )
    agreement = Agreement(
        id="large-2026",
        title="A large Mutual Commit",
        parties=parties,
        start=START,
        end=END,
        currency="EUR",
        fiscal_calendar=FiscalCalendar(start_month=4),
        metrics=metrics,
        goals=goals,
        contributions=contributions,
        allocations=allocations,
        incentives=incentives,
        clauses=clauses,
        review_rule="FREQ=MONTHLY;INTERVAL=3",
        reviews=reviews,
        extensions={"crm": {"opportunity": "006A0001", "score": 0.5}},
    )
    for party in party_ids:
        agreement = agreement.sign(party, "Signer", dt.date(2025, 12, 1))
    return agreement


def it_text() -> str:
    """Return the IT example's text, or a stand-in when the example is absent."""
    if IT_EXAMPLE.exists():
        return IT_EXAMPLE.read_text(encoding="utf-8")
    return dumps(large_agreement().amend(goals=large_agreement().goals[:6]))


# -- the floor: hand-written conversions --------------------------------------------


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _quantity(d: dict[str, Any] | None) -> Quantity | None:
    if d is None:
        return None
    return Quantity(amount=Decimal(d["amount"]), unit=d["unit"])


def _target(d: dict[str, Any] | None) -> Target | None:
    if d is None:
        return None
    return Target(
        metric=d["metric"],
        value=Decimal(d["value"]),
        direction=Direction(d["direction"]),
        per=Period(d.get("per", "term")),
        baseline=_dec(d.get("baseline")),
        due=_date(d.get("due")),
        steps=tuple(
            Step(
                starting=dt.date.fromisoformat(s["starting"]), value=Decimal(s["value"])
            )
            for s in d.get("steps", ())
        ),
        where=d.get("where", {}),
    )


def _fund(d: dict[str, Any] | None) -> Fund | None:
    if d is None:
        return None
    a = d.get("accrual")
    return Fund(
        accrual=None
        if a is None
        else Accrual(
            rate=Decimal(a["rate"]),
            of=a["of"],
            per=Period(a.get("per", "quarter")),
            cap=_dec(a.get("cap")),
        ),
        co_funding=_dec(d.get("co_funding")),
        claim_days=d.get("claim_days"),
        expiry=FundExpiry(d.get("expiry", "fiscal_year")),
        roi_metric=d.get("roi_metric"),
    )


def floor_read(d: dict[str, Any]) -> Agreement:
    """Build the agreement from its document by hand, as a careful user would."""
    parties = tuple(
        Party(
            id=p["id"],
            name=p["name"],
            role=Role(p["role"]),
            capacity=tuple(_quantity(q) for q in p.get("capacity", ())),  # type: ignore[misc]
            extensions=p.get("extensions", {}),
        )
        for p in d.get("parties", ())
    )
    metrics = tuple(
        Metric(
            id=m["id"],
            name=m["name"],
            unit=m["unit"],
            aggregation=Aggregation(m["aggregation"]),
            reported_by=m.get("reported_by"),
            description=m.get("description", ""),
            extensions=m.get("extensions", {}),
        )
        for m in d.get("metrics", ())
    )
    goals = tuple(
        Goal(
            id=g["id"],
            title=g["title"],
            target=_target(g.get("target")),
            weight=Decimal(g.get("weight", "1")),
            description=g.get("description", ""),
            extensions=g.get("extensions", {}),
        )
        for g in d.get("goals", ())
    )
    contributions = tuple(
        Contribution(
            id=c["id"],
            party=c["party"],
            title=c["title"],
            kind=ContributionKind(c["kind"]),
            pillar=Pillar(c["pillar"]) if c.get("pillar") else None,
            supports=tuple(c.get("supports", ())),
            target=_target(c.get("target")),
            description=c.get("description", ""),
            extensions=c.get("extensions", {}),
        )
        for c in d.get("contributions", ())
    )
    allocations = tuple(
        ResourceAllocation(
            id=r["id"],
            party=r["party"],
            amount=_quantity(r["amount"]),  # type: ignore[arg-type]
            per=Period(r.get("per", "term")),
            contribution=r.get("contribution"),
            description=r.get("description", ""),
            extensions=r.get("extensions", {}),
            fund=_fund(r.get("fund")),
        )
        for r in d.get("allocations", ())
    )
    incentives = tuple(
        Incentive(
            id=i["id"],
            title=i["title"],
            payer=i["payer"],
            beneficiary=i["beneficiary"],
            goal=i.get("goal"),
            contribution=i.get("contribution"),
            tiers=tuple(
                Tier(
                    threshold=Decimal(t["threshold"]),
                    amount=_quantity(t.get("amount")),
                    rate=_dec(t.get("rate")),
                    of=t.get("of"),
                    status=t.get("status"),
                )
                for t in i.get("tiers", ())
            ),
            cap=_quantity(i.get("cap")),
            description=i.get("description", ""),
            extensions=i.get("extensions", {}),
        )
        for i in d.get("incentives", ())
    )
    clauses = tuple(
        Clause(
            id=c["id"],
            title=c["title"],
            text=c["text"],
            extensions=c.get("extensions", {}),
        )
        for c in d.get("clauses", ())
    )
    reviews = tuple(
        Review(
            id=r["id"],
            held_on=dt.date.fromisoformat(r["held_on"]),
            attendees=tuple(r.get("attendees", ())),
            notes=r.get("notes", ""),
            actions=tuple(
                ActionItem(
                    id=a["id"],
                    owner=a["owner"],
                    title=a["title"],
                    due=_date(a.get("due")),
                    goals=tuple(a.get("goals", ())),
                    contributions=tuple(a.get("contributions", ())),
                    done_on=_date(a.get("done_on")),
                    extensions=a.get("extensions", {}),
                )
                for a in r.get("actions", ())
            ),
            extensions=r.get("extensions", {}),
        )
        for r in d.get("reviews", ())
    )
    signatures = tuple(
        Signature(
            party=s["party"],
            signed_by=s["signed_by"],
            signed_on=dt.date.fromisoformat(s["signed_on"]),
            fingerprint=s["fingerprint"],
            version=s.get("version"),
        )
        for s in d.get("signatures", ())
    )
    calendar = d.get("fiscal_calendar", {})
    return Agreement(
        id=d["id"],
        title=d["title"],
        parties=parties,
        start=dt.date.fromisoformat(d["start"]),
        end=dt.date.fromisoformat(d["end"]),
        currency=d["currency"],
        fiscal_calendar=FiscalCalendar(
            start_month=calendar.get("start_month", 1),
            naming=calendar.get("naming", "end"),
        ),
        metrics=metrics,
        goals=goals,
        contributions=contributions,
        allocations=allocations,
        incentives=incentives,
        clauses=clauses,
        review_rule=d.get("review_rule"),
        reviews=reviews,
        signatures=signatures,
        version=d.get("version", 1),
        extensions=d.get("extensions", {}),
    )


def _put(d: dict[str, Any], key: str, value: Any, default: Any) -> None:
    if value != default:
        d[key] = value


def _w_quantity(q: Quantity) -> dict[str, Any]:
    return {"amount": str(q.amount), "unit": q.unit}


def _w_target(t: Target) -> dict[str, Any]:
    d: dict[str, Any] = {
        "metric": t.metric,
        "value": str(t.value),
        "direction": t.direction.value,
    }
    _put(d, "per", t.per.value, "term")
    if t.baseline is not None:
        d["baseline"] = str(t.baseline)
    if t.due is not None:
        d["due"] = t.due.isoformat()
    if t.steps:
        d["steps"] = [
            {"starting": s.starting.isoformat(), "value": str(s.value)} for s in t.steps
        ]
    if t.where:
        d["where"] = dict(t.where)
    return d


def _w_extensions(d: dict[str, Any], value: Any) -> None:
    if value:
        d["extensions"] = _thaw(value)


def _thaw(value: Any) -> Any:
    if isinstance(value, dict | msgspec.Struct) or hasattr(value, "items"):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_thaw(v) for v in value]
    return value


def _w_fund(f: Fund) -> dict[str, Any]:
    d: dict[str, Any] = {}
    if f.accrual is not None:
        a = f.accrual
        ad: dict[str, Any] = {"rate": str(a.rate), "of": a.of}
        _put(ad, "per", a.per.value, "quarter")
        _put(ad, "cap", None if a.cap is None else str(a.cap), None)
        d["accrual"] = ad
    _put(d, "co_funding", None if f.co_funding is None else str(f.co_funding), None)
    _put(d, "claim_days", f.claim_days, None)
    _put(d, "expiry", f.expiry.value, "fiscal_year")
    _put(d, "roi_metric", f.roi_metric, None)
    return d


def floor_write(a: Agreement) -> dict[str, Any]:
    """Write the agreement's document by hand, leaving defaults out."""
    d: dict[str, Any] = {
        "format": "mutualcommit.agreement",
        "format_version": 1,
        "id": a.id,
        "title": a.title,
    }
    if a.parties:
        parties = []
        for p in a.parties:
            pd: dict[str, Any] = {"id": p.id, "name": p.name, "role": p.role.value}
            if p.capacity:
                pd["capacity"] = [_w_quantity(q) for q in p.capacity]
            _w_extensions(pd, p.extensions)
            parties.append(pd)
        d["parties"] = parties
    d["start"] = a.start.isoformat()
    d["end"] = a.end.isoformat()
    d["currency"] = a.currency
    if a.fiscal_calendar != FiscalCalendar():
        fc: dict[str, Any] = {}
        _put(fc, "start_month", a.fiscal_calendar.start_month, 1)
        _put(fc, "naming", a.fiscal_calendar.naming, "end")
        d["fiscal_calendar"] = fc
    if a.metrics:
        metrics = []
        for m in a.metrics:
            md: dict[str, Any] = {
                "id": m.id,
                "name": m.name,
                "unit": m.unit,
                "aggregation": m.aggregation.value,
            }
            _put(md, "reported_by", m.reported_by, None)
            _put(md, "description", m.description, "")
            _w_extensions(md, m.extensions)
            metrics.append(md)
        d["metrics"] = metrics
    if a.goals:
        goals = []
        for g in a.goals:
            gd: dict[str, Any] = {"id": g.id, "title": g.title}
            if g.target is not None:
                gd["target"] = _w_target(g.target)
            if g.weight != 1:
                gd["weight"] = str(g.weight)
            _put(gd, "description", g.description, "")
            _w_extensions(gd, g.extensions)
            goals.append(gd)
        d["goals"] = goals
    if a.contributions:
        contributions = []
        for c in a.contributions:
            cd: dict[str, Any] = {
                "id": c.id,
                "party": c.party,
                "title": c.title,
                "kind": c.kind.value,
            }
            if c.pillar is not None:
                cd["pillar"] = c.pillar.value
            if c.supports:
                cd["supports"] = list(c.supports)
            if c.target is not None:
                cd["target"] = _w_target(c.target)
            _put(cd, "description", c.description, "")
            _w_extensions(cd, c.extensions)
            contributions.append(cd)
        d["contributions"] = contributions
    if a.allocations:
        allocations = []
        for r in a.allocations:
            rd: dict[str, Any] = {
                "id": r.id,
                "party": r.party,
                "amount": _w_quantity(r.amount),
            }
            _put(rd, "per", r.per.value, "term")
            _put(rd, "contribution", r.contribution, None)
            _put(rd, "description", r.description, "")
            _w_extensions(rd, r.extensions)
            if r.fund is not None:
                rd["fund"] = _w_fund(r.fund)
            allocations.append(rd)
        d["allocations"] = allocations
    if a.incentives:
        incentives = []
        for i in a.incentives:
            idd: dict[str, Any] = {
                "id": i.id,
                "title": i.title,
                "payer": i.payer,
                "beneficiary": i.beneficiary,
            }
            _put(idd, "goal", i.goal, None)
            _put(idd, "contribution", i.contribution, None)
            if i.tiers:
                tiers = []
                for t in i.tiers:
                    td: dict[str, Any] = {"threshold": str(t.threshold)}
                    if t.amount is not None:
                        td["amount"] = _w_quantity(t.amount)
                    if t.rate is not None:
                        td["rate"] = str(t.rate)
                    _put(td, "of", t.of, None)
                    _put(td, "status", t.status, None)
                    tiers.append(td)
                idd["tiers"] = tiers
            if i.cap is not None:
                idd["cap"] = _w_quantity(i.cap)
            _put(idd, "description", i.description, "")
            _w_extensions(idd, i.extensions)
            incentives.append(idd)
        d["incentives"] = incentives
    if a.clauses:
        clauses = []
        for k in a.clauses:
            kd: dict[str, Any] = {"id": k.id, "title": k.title, "text": k.text}
            _w_extensions(kd, k.extensions)
            clauses.append(kd)
        d["clauses"] = clauses
    _put(d, "review_rule", a.review_rule, None)
    if a.reviews:
        reviews = []
        for v in a.reviews:
            vd: dict[str, Any] = {"id": v.id, "held_on": v.held_on.isoformat()}
            if v.attendees:
                vd["attendees"] = list(v.attendees)
            _put(vd, "notes", v.notes, "")
            if v.actions:
                actions = []
                for x in v.actions:
                    xd: dict[str, Any] = {
                        "id": x.id,
                        "owner": x.owner,
                        "title": x.title,
                    }
                    if x.due is not None:
                        xd["due"] = x.due.isoformat()
                    if x.goals:
                        xd["goals"] = list(x.goals)
                    if x.contributions:
                        xd["contributions"] = list(x.contributions)
                    if x.done_on is not None:
                        xd["done_on"] = x.done_on.isoformat()
                    _w_extensions(xd, x.extensions)
                    actions.append(xd)
                vd["actions"] = actions
            _w_extensions(vd, v.extensions)
            reviews.append(vd)
        d["reviews"] = reviews
    if a.signatures:
        d["signatures"] = [
            {
                "party": s.party,
                "signed_by": s.signed_by,
                "signed_on": s.signed_on.isoformat(),
                "fingerprint": s.fingerprint,
                **({} if s.version is None else {"version": s.version}),
            }
            for s in a.signatures
        ]
    _put(d, "version", a.version, 1)
    _w_extensions(d, a.extensions)
    return d


def floor_dumps(a: Agreement, indent: int | None = None) -> str:
    """Write the document the way dumps does, from hand-written dicts."""
    if indent is None:
        return json.dumps(floor_write(a), ensure_ascii=False, separators=(",", ":"))
    return json.dumps(floor_write(a), ensure_ascii=False, indent=indent)


# -- pydantic v2 and msgspec models of the same shape -------------------------------
#
# Made from the model's attrs classes, so that they cannot drift from it:
# tuples become lists, mappings dicts, model classes their counterparts;
# defaults stay; unknown keys are refused.


def _counterpart(kind: Any, made: dict[type, Any]) -> Any:
    origin = get_origin(kind)
    args = get_args(kind)
    if kind in made:
        return made[kind]
    if origin is tuple:
        return list[_counterpart(args[0], made)]  # type: ignore[misc]
    if origin in (Mapping, collections.abc.Mapping):
        return dict[args[0], args[1]]  # type: ignore[valid-type]
    if origin in (Union, UnionType):
        inner = tuple(_counterpart(a, made) for a in args)
        return Union[inner]  # noqa: UP007 - built from a tuple
    return kind


def _fields(cls: type, made: dict[type, Any]) -> list[tuple[str, Any, Any]]:
    """Return (name, type, default or NOTHING) per field of an attrs class."""
    hints = get_type_hints(cls)
    result = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()
        if isinstance(default, tuple):
            default = []
        elif isinstance(default, Mapping):
            default = {}
        elif attrs.has(type(default)):
            default = made[type(default)]()
        result.append((field.name, _counterpart(hints[field.name], made), default))
    return result


def _model_classes() -> list[type]:
    """Return the model classes an agreement holds, each after those it holds.

    Found from the type hints, so a class the model gains is modelled too.
    """
    order: list[type] = []

    def inner(kind: Any) -> list[type]:
        if isinstance(kind, type) and attrs.has(kind):
            return [kind]
        return [found for arg in get_args(kind) for found in inner(arg)]

    def visit(cls: type) -> None:
        if cls in order:
            return
        for hint in get_type_hints(cls).values():
            for held in inner(hint):
                if held is not cls:
                    visit(held)
        order.append(cls)

    visit(Agreement)
    return order


_ORDER = _model_classes()
_HEADER: list[tuple[str, Any, Any]] = [
    ("format", Literal["mutualcommit.agreement"], attrs.NOTHING),
    ("format_version", Literal[1], attrs.NOTHING),
]


def pydantic_model() -> type[pydantic.BaseModel]:
    """Return a pydantic model of the agreement document."""
    made: dict[type, Any] = {}
    config = pydantic.ConfigDict(extra="forbid")
    for cls in _ORDER:
        fields = _fields(cls, made)
        if cls is Agreement:
            fields = _HEADER + fields
        made[cls] = pydantic.create_model(  # type: ignore[call-overload]
            f"P{cls.__name__}",
            __config__=config,
            **{
                name: (kind, ... if default is attrs.NOTHING else default)
                for name, kind, default in fields
            },
        )
    model: type[pydantic.BaseModel] = made[Agreement]
    return model


def msgspec_model() -> type[msgspec.Struct]:
    """Return a msgspec model of the agreement document."""
    made: dict[type, Any] = {}
    for cls in _ORDER:
        fields = _fields(cls, made)
        if cls is Agreement:
            fields = _HEADER + fields
        made[cls] = msgspec.defstruct(
            f"M{cls.__name__}",
            [
                (name, kind)
                if default is attrs.NOTHING
                else (
                    name,
                    kind,
                    msgspec.field(
                        default_factory=functools.partial(copy.copy, default)
                    ),
                )
                if isinstance(default, list | dict | msgspec.Struct)
                else (name, kind, default)
                for name, kind, default in fields
            ],
            kw_only=True,
            forbid_unknown_fields=True,
            omit_defaults=True,
        )
    model: type[msgspec.Struct] = made[Agreement]
    return model


# -- observations ------------------------------------------------------------------


def observation_lines(count: int, seed: int = 3) -> str:
    """Return *count* JSON Lines of observations, a third with a ref and dims."""
    rng = random.Random(seed)
    days = [START + dt.timedelta(days=i) for i in range(365)]
    lines = []
    for i in range(count):
        value = f"{rng.randrange(1, 100000)}.{rng.randrange(100):02d}"
        record: dict[str, Any] = {
            "metric": f"metric-{i % 8}",
            "at": rng.choice(days).isoformat(),
            "value": value,
        }
        if i % 3 == 0:
            record["ref"] = f"DR-{i}"
            record["dims"] = {"party": "globex", "region": "emea"}
        lines.append(json.dumps(record))
    return "\n".join(lines) + "\n"


def observations_floor(text: str) -> list[tuple[Any, ...]]:
    """Parse each line with json.loads, its value with Decimal and day with fromisoformat."""
    result = []
    for line in text.splitlines():
        if line:
            d = json.loads(line)
            value = d["value"]
            result.append(
                (
                    d["metric"],
                    dt.date.fromisoformat(d["at"]),
                    None if value is None else Decimal(value),
                    d.get("ref"),
                    d.get("dims"),
                )
            )
    return result


def dump_observations_floor(records: tuple[Observation, ...]) -> str:
    """Write each observation as a dict with json.dumps."""
    lines = []
    for o in records:
        d: dict[str, Any] = {
            "metric": o.metric,
            "at": o.at.isoformat(),
            "value": None if o.value is None else str(o.value),
        }
        if o.ref is not None:
            d["ref"] = o.ref
        if o.dims:
            d["dims"] = dict(o.dims)
        lines.append(json.dumps(d, ensure_ascii=False))
    return "\n".join(lines) + "\n"


# -- imports -------------------------------------------------------------------------


def import_times(statements: dict[str, str], runs: int) -> dict[str, float]:
    """Return the best in-process CPU time of each statement in fresh interpreters.

    The statements take turns, one interpreter each per round, so that a
    shared machine's ups and downs fall on every side alike.
    """
    import mutualcommit.serialize

    source = Path(mutualcommit.serialize.__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(source), *sys.path])}
    # An installed package has its bytecode cached, as its dependencies do:
    # let the first, untimed round write it (a checkout may forbid that), so
    # that no side pays for compiling its sources.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    codes = {
        name: (
            "import time; t = time.process_time(); "
            f"{statement}; print(time.process_time() - t)"
        )
        for name, statement in statements.items()
    }
    times: dict[str, list[float]] = {name: [] for name in statements}
    for _ in range(runs + 1):
        for name, code in codes.items():
            output = subprocess.run(  # noqa: S603 - our own interpreter and code
                [sys.executable, "-c", code],
                check=True,
                capture_output=True,
                text=True,
                env=env,
            )
            times[name].append(float(output.stdout))
    return {name: min(found[1:]) for name, found in times.items()}


def serialize_share(runs: int) -> float:
    """Return the share of ``import mutualcommit.serialize`` spent in its own modules.

    Importing it imports the model too, so this layer's own cost is read from
    ``-X importtime``.
    """
    import mutualcommit.serialize

    source = Path(mutualcommit.serialize.__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(source), *sys.path])}
    shares = []
    for _ in range(runs):
        output = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import mutualcommit.serialize"],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        own = total = 0
        for line in output.stderr.splitlines():
            if not line.startswith("import time:") or "|" not in line[12:]:
                continue
            self_us, cumulative, name = line[12:].split("|")
            if not self_us.strip().isdigit():
                continue
            if name.strip().startswith("mutualcommit.serialize"):
                own += int(self_us)
            if name.strip() == "mutualcommit.serialize":
                total = int(cumulative)
        shares.append(own / total)
    return min(shares)


# -- main ------------------------------------------------------------------------------


def _compare_documents(
    name: str,
    text: str,
    quick: bool,
    models: tuple[type[pydantic.BaseModel], msgspec.json.Decoder[Any]],
) -> None:
    pydantic_agreement, msgspec_decoder = models
    agreement = loads(text)
    assert floor_read(json.loads(text)) == agreement  # noqa: S101 - the floor does the same work
    assert floor_dumps(agreement) == dumps(agreement)  # noqa: S101
    assert floor_dumps(agreement, 2) == dumps(agreement, indent=2)  # noqa: S101
    p_model = pydantic_agreement.model_validate_json(text)
    m_model = msgspec_decoder.decode(text)

    mine, floor, pyd, msg = best_in_batches(
        {
            "mine": lambda: loads(text),
            "floor": lambda: floor_read(json.loads(text)),
            "pydantic": lambda: pydantic_agreement.model_validate_json(text),
            "msgspec": lambda: msgspec_decoder.decode(text),
        },
        quick,
    ).values()
    print(f"loads_{name}_vs_floor: {mine / floor:.2f}")
    print(f"loads_{name}_vs_pydantic: {mine / pyd:.2f}")
    print(f"loads_{name}_vs_msgspec: {mine / msg:.2f}")

    # dumps is compact by default (the compiled encoder): against the peers'
    # compact output; ``indent=2`` (for people) against theirs, indented.
    mine, floor, pyd, msg = best_in_batches(
        {
            "mine": lambda: dumps(agreement),
            "floor": lambda: floor_dumps(agreement),
            "pydantic": lambda: p_model.model_dump_json(exclude_defaults=True),
            "msgspec": lambda: msgspec.json.encode(m_model),
        },
        quick,
    ).values()
    print(f"dumps_{name}_vs_floor: {mine / floor:.2f}")
    print(f"dumps_{name}_vs_pydantic: {mine / pyd:.2f}")
    print(f"dumps_{name}_vs_msgspec: {mine / msg:.2f}")

    mine, pyd, msg = best_in_batches(
        {
            "mine": lambda: dumps(agreement, indent=2),
            "pydantic": lambda: p_model.model_dump_json(
                indent=2, exclude_defaults=True
            ),
            "msgspec": lambda: msgspec.json.format(
                msgspec.json.encode(m_model), indent=2
            ),
        },
        quick,
    ).values()
    print(f"dumps_indent2_{name}_vs_pydantic: {mine / pyd:.2f}")
    print(f"dumps_indent2_{name}_vs_msgspec: {mine / msg:.2f}")


def main(quick: bool = False) -> None:
    """Time the cases and print one ``name: ratio`` line each."""
    models = (pydantic_model(), msgspec.json.Decoder(msgspec_model()))
    _compare_documents("it", it_text(), quick, models)
    _compare_documents("large", dumps(large_agreement()), quick, models)

    text = observation_lines(20_000 if quick else 1_000_000)
    mine = best(lambda: load_observations(text), quick, number=1, repeat=5)
    floor = best(lambda: observations_floor(text), quick, number=1, repeat=5)
    print(f"load_observations_vs_floor: {mine / floor:.2f}")
    records = load_observations(text)
    mine = best(lambda: dump_observations(records), quick, number=1, repeat=5)
    floor = best(lambda: dump_observations_floor(records), quick, number=1, repeat=5)
    print(f"dump_observations_vs_floor: {mine / floor:.2f}")

    runs = 3 if quick else 9
    imports = import_times(
        {
            "deps": "import attrs, cattrs, dateutil",
            "package": "import mutualcommit",
            "format": "from mutualcommit import Agreement, dumps, loads",
            "all": "import mutualcommit.kpi, mutualcommit.rules, mutualcommit.render",
        },
        runs,
    )
    deps = imports["deps"]
    print(f"import_vs_deps: {imports['package'] / deps:.2f}")
    print(f"import_format_vs_deps: {imports['format'] / deps:.2f}")
    print(f"import_all_vs_deps: {imports['all'] / deps:.2f}")
    print(f"import_serialize_share: {serialize_share(runs):.2f}")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
