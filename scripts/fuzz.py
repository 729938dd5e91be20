# ruff: noqa: INP001, T201, S311 - a standalone script that prints; no cryptography
"""Fuzz every reader of outside data, then everything downstream of it.

Run it through nox (``nox -s fuzz -- --budget 20000``) or directly::

    PYTHONPATH=src python scripts/fuzz.py --budget 2000 --seed 1

Each input is a mutation of a known-good document (the example agreements,
their observation logs, a policy) towards what a hostile or careless user
sends: absurd numbers and dates, signalling NaNs, review rules that never
fire, terms at the calendar's ends, unknown keys, deep nesting, bytes that
are not UTF-8. Every input goes to one reader:

- ``loads`` (JSON text) and ``from_dict`` (Python values, not all of them
  JSON: sets, bytes, ``Decimal('sNaN')``);
- ``load_observations`` and ``load_fund_events`` (JSON Lines), each
  line's JSON value also read as one record's dict
  (``observation_from_dict``, ``fund_event_from_dict``; what is read must
  write back to a dict that reads as an equal record), and the policy
  reader (``policy_from_json``);
- the command line, in-process (``mutualcommit.cli.main`` with an argv),
  on files written to a temporary directory.

Every agreement a reader accepts then goes through ``check``, ``evaluate``
and ``render`` (an agreement, a scorecard and a report, in a random format
and locale), ``evaluate_series`` (the term's first and last day and the
day evaluated), ``exceptions`` with its receipt and rendering,
``to_ical``, and, when it has a fund, the fund steps with the
example's fund log (its records moved to the agreement's fund):
``fund_ledger`` with its JSON (``funds_to_dict``) and rendering, and
``check`` and ``evaluate`` with the log. Every fund log ``load_fund_events``
accepts goes through the fund steps with the example agreement.

A failure is an exception that is not the library's documented error
(`MutualCommitError` and its subclasses), a command line exit other than 0,
1 or 2 or one that prints a traceback, or an input that takes longer than
``--limit`` seconds (a timer signal interrupts it: wall-clock time by
default, or with ``--clock cpu`` the process's own CPU time, which a busy
machine's other work does not stretch). The script prints
the counts and exits 1 on any failure; each failing input is saved under
``--save`` so that it can be replayed with ``--replay FILE``.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import io
import itertools
import json
import pickle
import random
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import attrs

from mutualcommit import (
    DEFAULT_POLICY,
    FundEvent,
    check,
    evaluate,
    evaluate_series,
    exceptions,
    from_dict,
    fund_event_from_dict,
    fund_event_to_dict,
    fund_ledger,
    load_fund_events,
    load_observations,
    loads,
    observation_from_dict,
    observation_to_dict,
    receipt,
    render,
)
from mutualcommit.calendar import to_ical
from mutualcommit.cli import main
from mutualcommit.errors import MutualCommitError
from mutualcommit.kpi import funds_to_dict
from mutualcommit.model import Agreement, Observation
from mutualcommit.portfolio import (
    check_and_evaluate_many,
    dump_portfolio_fund_events,
    dump_portfolio_observations,
    load_portfolio_fund_events,
    load_portfolio_observations,
    summarize,
    summary_to_dict,
)
from mutualcommit.rules import Policy, policy_from_json, policy_to_json
from mutualcommit.serialize import dump_observations

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
LOCALES = ("en", "de", "fr", "es", "ja", "de_CH", "ja-JP", "xx", "", "en_US_POSIX")
Format = Literal["markdown", "html", "text"]
FORMATS: tuple[Format, ...] = ("markdown", "html", "text")


class Raw(str):
    """JSON text written as it is, not as a string: ``1e999``, ``NaN``."""

    __slots__ = ()


class Timeout(BaseException):
    """The per-input time limit ran out (a BaseException: no reader catches it)."""


# -- hostile values -------------------------------------------------------------

NUMBERS = [
    Raw("1e99999999999999999999"),
    Raw("-1e999"),
    Raw("1E+400"),
    Raw("NaN"),
    Raw("Infinity"),
    Raw("-0"),
    Raw("0.0000000000001"),
    Raw("1" * 5000),
    Raw("999999999999999.999999999999"),
    Raw("1000000000000000"),
    "sNaN",
    "-sNaN",
    "NaN",
    "Infinity",
    "1e999999",
    "1E-999999",
    "0E-1000",
    "999999999999999",
    "-999999999999999.999999999999",
    "1_000",
    " 1",
    "0x10",
    0,
    -1,
    2**63,
    10**30,
]
DATES = [
    "0001-01-01",
    "0001-12-31",
    "9999-12-31",
    "9999-01-01",
    "0000-01-01",
    "2026-02-29",
    "2024-02-29",
    "2026-13-01",
    "2026-1-1",
    "20260101",
    "2026-01-01T00:00:00Z",
    "+12026-01-01",
]
RULES = [
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=DAILY;BYSETPOS=" + ",".join(str(i) for i in range(2, 42)),
    "FREQ=DAILY;BYSETPOS=" + ",".join(str(i) for i in range(2, 14)),
    "FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24))),
    "FREQ=YEARLY;BYEASTER=400",
    "FREQ=YEARLY;BYEASTER=0",
    "FREQ=SECONDLY",
    "FREQ=MINUTELY;INTERVAL=7",
    "FREQ=DAILY;INTERVAL=1000000000",
    "FREQ=DAILY;INTERVAL=36525",
    "FREQ=DAILY;COUNT=99999999999",
    "FREQ=WEEKLY;BYWEEKNO=53,-53;BYDAY=MO,53SU",
    "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2,4,6,9,11",
    "FREQ=YEARLY;BYYEARDAY=366,-366;BYSETPOS=-1",
    "FREQ=MONTHLY;UNTIL=99991231T235959",
    "FREQ=MONTHLY;UNTIL=00010101",
    "FREQ=MONTHLY;COUNT=2;UNTIL=20261231",
    "FREQ=MONTHLY;BYDAY=MO(+1)",
    "FREQ=MONTHLY;WKST=XX",
    "RRULE:FREQ=WEEKLY\nRRULE:FREQ=DAILY",
    "FREQ=DAILY;" * 100,
    "FREQ=DAILY",
    "FREQ=YEARLY",
]
STRINGS = [
    "",
    " ",
    "\x00",
    Raw('"\\ud800"'),
    "x" * 100_000,
    "<script>alert(1)</script>",
    "**bold** | table |",
    "ß" * 64,
    "\u202e",
    "a" * 129,
]
STRUCTURES = [
    None,
    True,
    [],
    {},
    [None],
    {"": None},
    Raw("[" * 5000 + "]" * 5000),
    Raw('{"a": 1, "a": 2}'),
]
#: Python values no JSON document holds, for from_dict.
PYTHON_VALUES = [
    Decimal("sNaN"),
    Decimal("-sNaN"),
    Decimal("NaN"),
    Decimal("Infinity"),
    Decimal("1E+999999999"),
    float("nan"),
    float("inf"),
    10**5000,
    b"bytes",
    bytearray(b"x"),
    {1, 2},
    frozenset(),
    (1, 2),
    dt.date(2026, 1, 1),
    dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    object(),
    1 + 2j,
    ...,
]


# -- documents ------------------------------------------------------------------


def _walk(node: Any) -> Iterator[tuple[Any, Any]]:
    """Yield ``(container, key)`` for every place in a JSON tree."""
    if isinstance(node, dict):
        for key in list(node):
            yield node, key
            yield from _walk(node[key])
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield node, i
            yield from _walk(item)


def _hostile(rnd: random.Random, *, python: bool) -> Any:
    pools: list[list[Any]] = [NUMBERS, DATES, RULES, STRINGS, STRUCTURES]
    if python:
        pools.append(PYTHON_VALUES)
    # A copy: a later mutation must not change the pool (or make a cycle).
    return copy.deepcopy(rnd.choice(rnd.choice(pools)))


def _edge_term(rnd: random.Random, doc: dict[str, Any]) -> None:
    start, end = rnd.choice(
        [
            ("0001-01-01", "9999-12-31"),
            ("0001-01-01", "0001-12-31"),
            ("0001-01-01", "0100-12-31"),
            ("9999-01-01", "9999-12-31"),
            ("9900-01-01", "9999-12-31"),
            ("2000-01-01", "2099-12-31"),
            ("2000-01-01", "2100-01-01"),
        ]
    )
    doc["start"], doc["end"] = start, end
    if rnd.random() < 0.5:  # noqa: PLR2004
        doc["fiscal_calendar"] = {
            "start_month": rnd.choice([1, 4, 7, 10, 12]),
            "naming": rnd.choice(["end", "start"]),
        }
    doc["signatures"] = []


def _many_goals(rnd: random.Random, doc: dict[str, Any]) -> None:
    if not isinstance(doc.get("goals"), list):
        return
    goals = [g for g in doc["goals"] if isinstance(g, dict)]
    if not goals:
        return
    goal = goals[0]
    count = rnd.choice([50, 90, 400])
    for i in range(count):
        twin = copy.deepcopy(goal)
        twin["id"] = f"fuzz-{i}"
        if isinstance(twin.get("target"), dict):
            twin["target"]["per"] = "month"
        doc["goals"].append(twin)
    _edge_term(rnd, doc)


def mutate(rnd: random.Random, seed: Any, *, python: bool = False) -> Any:
    """Return a mutated deep copy of the JSON tree *seed*."""
    doc = copy.deepcopy(seed)
    agreement = isinstance(doc, dict) and "start" in doc
    for _ in range(rnd.choice([1, 1, 1, 2, 3, 5])):
        roll = rnd.random()
        # Changes that keep an agreement valid more often than not, so that
        # check, evaluate and render see hostile agreements too.
        if agreement and roll < 0.15:  # noqa: PLR2004
            doc["review_rule"] = rnd.choice(RULES)
            continue
        if agreement and roll < 0.3:  # noqa: PLR2004
            _edge_term(rnd, doc)
            continue
        if agreement and roll < 0.33:  # noqa: PLR2004
            _many_goals(rnd, doc)
            continue
        places = list(_walk(doc))
        if not places:
            return _hostile(rnd, python=python)
        container, key = rnd.choice(places)
        if roll < 0.35 and isinstance(container, dict):  # noqa: PLR2004
            del container[key]
        elif roll < 0.4 and isinstance(container, dict):  # noqa: PLR2004
            container[key + rnd.choice(["s", "_", "x"])] = container[key]
        elif roll < 0.45 and isinstance(container, list):  # noqa: PLR2004
            container.append(copy.deepcopy(container[key]))
        else:
            container[key] = _hostile(rnd, python=python)
    return doc


def gentle(rnd: random.Random, seed: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of *seed* with changes that often keep it valid.

    Hostile review rules, terms at the calendar's ends and targets at the
    ends of the format reach check, evaluate and render only if the rest of
    the agreement loads.
    """
    doc = copy.deepcopy(seed)
    if rnd.random() < 0.7:  # noqa: PLR2004
        doc["review_rule"] = rnd.choice(RULES)
    if rnd.random() < 0.5:  # noqa: PLR2004
        _edge_term(rnd, doc)
        if rnd.random() < 0.7:  # noqa: PLR2004
            doc["fiscal_calendar"] = {"start_month": 1, "naming": "end"}
    if rnd.random() < 0.3:  # noqa: PLR2004
        _edge_targets(rnd, doc)
    return doc


#: Values a target may take and stay valid: the smallest and largest the
#: format holds. Against the largest observations (see `edge_log`), the
#: smallest target makes an attainment of 10^27, past the 28 digits of the
#: library's decimal context.
TARGET_VALUES = ("0.000000000001", "999999999999999", "0")


def _edge_targets(rnd: random.Random, doc: dict[str, Any]) -> None:
    """Set every target's value and steps to one value at an end of the format."""
    value = rnd.choice(TARGET_VALUES)
    for key in ("goals", "contributions"):
        for item in doc.get(key) or ():
            target = item.get("target") if isinstance(item, dict) else None
            if isinstance(target, dict):
                target["value"] = value
                target.pop("baseline", None)
                for step in target.get("steps") or ():
                    step["value"] = value


def edge_log(log: list[str]) -> list[str]:
    """Return the JSON Lines *log* with every value the largest the format holds."""
    records = [json.loads(line) for line in log]
    for record in records:
        record["value"] = "999999999999999"
    return [json.dumps(record) for record in records]


#: Values a fund record's days and amounts may take and stay readable.
FUND_DAYS = ("0001-01-01", "9999-12-31", "2024-02-29", "2026-01-01", "2027-12-31")
FUND_AMOUNTS = ("0", "999999999999999", "0.000000000001", "1E+14", "-0", None)


def gentle_fund_record(rnd: random.Random, seed: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of the fund record *seed* with one day or amount at an edge.

    The record stays readable, and the log often holds together: the
    ledger, its rendering and the fund rules then meet days at the ends
    of the calendar and amounts at the ends of the format.
    """
    doc = copy.deepcopy(seed)
    key = rnd.choice(["at", "start", "end", "incurred", "amount", "cost"])
    pool = FUND_AMOUNTS if key in ("amount", "cost") else FUND_DAYS
    doc[key] = rnd.choice(pool)
    return doc


def mutated_log(
    rnd: random.Random,
    original: list[str],
    change: Callable[[random.Random, Any], Any],
) -> str | bytes:
    """Return the JSON Lines *original* with a few records changed by *change*.

    Now and then a changed line comes 400 times more, and the text itself
    may be damaged (see `_text_noise`).
    """
    lines = list(original)
    for _ in range(rnd.choice([1, 2, 5])):
        i = rnd.randrange(len(original))
        lines[i] = to_text(change(rnd, json.loads(original[i])))
        if rnd.random() < 0.1:  # noqa: PLR2004
            lines.extend([lines[i]] * 400)
    return _text_noise(rnd, "\n".join(lines) + "\n")


def to_text(node: Any) -> str:
    """Write a JSON tree that may hold `Raw` pieces."""
    if isinstance(node, Raw):
        return str(node)
    if isinstance(node, dict):
        return (
            "{"
            + ", ".join(f"{json.dumps(k)}: {to_text(v)}" for k, v in node.items())
            + "}"
        )
    if isinstance(node, list):
        return "[" + ", ".join(to_text(v) for v in node) + "]"
    return json.dumps(node)


def _plain(node: Any) -> Any:
    """Turn `Raw` pieces into what json would read them as (for from_dict)."""
    if isinstance(node, Raw):
        try:
            return json.loads(str(node), parse_float=Decimal)
        except (ValueError, RecursionError, ArithmeticError):
            return str(node)
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _text_noise(rnd: random.Random, text: str) -> str | bytes:
    """Damage text itself now and then: cut it, or add bytes that are not UTF-8."""
    roll = rnd.random()
    if roll < 0.05 and text:  # noqa: PLR2004
        return text[: rnd.randrange(len(text))]
    if roll < 0.08:  # noqa: PLR2004
        data = text.encode()
        at = rnd.randrange(len(data) + 1)
        return data[:at] + rnd.choice([b"\xff", b"\xc3", b"\xef\xbb\xbf"]) + data[at:]
    return text


# -- the run --------------------------------------------------------------------


class Fuzz:
    """Runs inputs, times them and counts what happened."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rnd = random.Random(args.seed)
        self.counts: Counter[str] = Counter()
        self.failures: list[tuple[str, str]] = []
        self.slow: list[tuple[str, float]] = []
        self.save = Path(args.save)
        # The time limit: wall-clock time, or this process's CPU time (user
        # and system), which other work on a shared machine does not stretch.
        self.timer, self.signal, self.clock = (
            (signal.ITIMER_PROF, signal.SIGPROF, time.process_time)
            if args.clock == "cpu"
            else (signal.ITIMER_REAL, signal.SIGALRM, time.perf_counter)
        )
        self.agreements = [
            json.loads((path).read_text(encoding="utf-8"))
            for path in sorted(EXAMPLES.glob("*/agreement.json"))
        ]
        self.logs = [
            path.read_text(encoding="utf-8").splitlines()
            for path in sorted(EXAMPLES.glob("*/observations.jsonl"))
        ]
        self.policies = [
            json.loads(policy_to_json(DEFAULT_POLICY)),
            json.loads(
                policy_to_json(
                    Policy(
                        review_grace_days=36525,
                        max_review_gap_days=1,
                        max_growth=Decimal(999999999999999),
                    )
                )
            ),
        ]
        self.observations = [
            load_observations("\n".join(log))
            for log in (*self.logs, *map(edge_log, self.logs))
        ]
        # The fund log of the example that has a fund, and that example.
        (fund_path,) = sorted(EXAMPLES.glob("*/fund_events.jsonl"))
        self.fund_log = fund_path.read_text(encoding="utf-8").splitlines()
        self.fund_events = load_fund_events(self.fund_log)
        # Read once: an agreement is immutable, and every fund log input
        # uses this one.
        self.funded = loads(
            (fund_path.parent / "agreement.json").read_text(encoding="utf-8")
        )
        self.funded_observations = load_observations(
            (fund_path.parent / "observations.jsonl").read_text(encoding="utf-8")
        )
        # Its logs as a portfolio's streams: each line names the agreement.
        self.portfolio_logs = (
            owned_lines(self.funded.id, dump_observations(self.funded_observations)),
            owned_lines(self.funded.id, "\n".join(self.fund_log)),
        )
        self.tmp = Path(tempfile.mkdtemp(prefix="mutualcommit-fuzz-"))

    # -- one input, timed ---------------------------------------------------

    def one(self, kind: str, payload: Any, run: Callable[[], None]) -> None:
        """Run one input under the time limit, keeping it if it fails."""
        self.counts["inputs"] += 1
        self.counts[kind] += 1
        started = self.clock()
        signal.setitimer(self.timer, self.args.limit)
        try:
            run()
        except Timeout:
            self._keep("slow", kind, payload, f"over {self.args.limit} s")
            self.slow.append((kind, self.clock() - started))
        except Exception:  # noqa: BLE001 - what the fuzzer is looking for
            self._keep("failure", kind, payload, traceback.format_exc())
        finally:
            signal.setitimer(self.timer, 0)

    def _keep(self, what: str, kind: str, payload: Any, detail: str) -> None:
        self.counts[what] += 1
        self.save.mkdir(parents=True, exist_ok=True)
        name = self.save / f"{what}-{kind}-{self.counts['inputs']}.pickle"
        with contextlib.suppress(Exception):
            name.write_bytes(pickle.dumps((kind, payload)))
        self.failures.append((f"{what} {kind} ({name.name})", detail))

    # -- downstream of an accepted agreement --------------------------------

    def downstream(self, agreement: Agreement) -> None:
        """Check, evaluate, render and export an accepted agreement."""
        rnd = self.rnd
        self.counts["accepted"] += 1
        as_of = rnd.choice(_as_ofs(agreement))
        observations: tuple[Observation, ...] = rnd.choice(self.observations)
        policy = policy_from_json(json.dumps(_plain(rnd.choice(self.policies))))
        for run in (
            lambda: check(
                agreement, as_of=as_of, observations=observations, policy=policy
            ),
            lambda: render(
                check(agreement, as_of=as_of),
                format=rnd.choice(FORMATS),
                locale=rnd.choice(LOCALES),
            ),
            lambda: render(
                evaluate(agreement, observations, as_of=as_of),
                format=rnd.choice(FORMATS),
                locale=rnd.choice(LOCALES),
            ),
            lambda: render(
                agreement,
                format=rnd.choice(FORMATS),
                locale=rnd.choice(LOCALES),
                as_of=rnd.choice([None, as_of]),
            ),
            lambda: evaluate_series(
                agreement, observations, [agreement.start, as_of, agreement.end]
            ),
            lambda: exception_steps(
                agreement,
                observations,
                as_of,
                rnd.choice(FORMATS),
                rnd.choice(LOCALES),
            ),
            lambda: to_ical(agreement),
            *_fund_steps(
                agreement,
                self.fund_events,
                observations,
                as_of,
                rnd.choice(FORMATS),
                rnd.choice(LOCALES),
            ),
        ):
            # Each step has the whole limit: a hundred-year term with daily
            # reviews writes 36,525 calendar events, and that is one step.
            signal.setitimer(self.timer, self.args.limit)
            with contextlib.suppress(MutualCommitError):
                run()

    # -- the readers ---------------------------------------------------------

    def loads_input(self) -> None:
        """Read a mutated agreement document with `loads`."""
        seed = self.rnd.choice(self.agreements)
        doc = (
            gentle(self.rnd, seed)
            if self.rnd.random() < 0.4  # noqa: PLR2004
            else mutate(self.rnd, seed)
        )
        text = _text_noise(self.rnd, to_text(doc))

        def run() -> None:
            try:
                agreement = loads(text)
            except MutualCommitError:
                return
            self.downstream(agreement)

        self.one("loads", text, run)

    def from_dict_input(self) -> None:
        """Read a mutated agreement dict, not all of it JSON, with `from_dict`."""
        doc = _plain(mutate(self.rnd, self.rnd.choice(self.agreements), python=True))

        def run() -> None:
            try:
                agreement = from_dict(doc)
            except MutualCommitError:
                return
            self.downstream(agreement)

        self.one("from_dict", doc, run)

    def observations_input(self) -> None:
        """Read a mutated observation log, then evaluate it."""
        text = mutated_log(self.rnd, self.rnd.choice(self.logs), mutate)
        agreement = loads(json.dumps(self.rnd.choice(self.agreements)))

        def run() -> None:
            records_as_dicts(text, observation_from_dict, observation_to_dict)
            try:
                observations = load_observations(text)
                evaluate(agreement, observations, as_of=dt.date(2026, 6, 30))
            except MutualCommitError:
                return

        self.one("observations", text, run)

    def policy_input(self) -> None:
        """Read a mutated policy, then check with it."""
        text = _text_noise(
            self.rnd, to_text(mutate(self.rnd, self.rnd.choice(self.policies)))
        )
        agreement = loads(json.dumps(self.rnd.choice(self.agreements)))

        def run() -> None:
            try:
                policy = policy_from_json(text)
            except MutualCommitError:
                return
            check(agreement, as_of=dt.date(2026, 6, 30), policy=policy)

        self.one("policy", text, run)

    def fund_events_input(self) -> None:
        """Read a mutated fund log, then build, write, render and check its ledger."""
        rnd = self.rnd
        kind = gentle_fund_record if rnd.random() < 0.5 else mutate  # noqa: PLR2004
        text = mutated_log(rnd, self.fund_log, kind)
        agreement = self.funded
        as_of = rnd.choice(_as_ofs(agreement))
        format_, locale = rnd.choice(FORMATS), rnd.choice(LOCALES)

        def run() -> None:
            records_as_dicts(text, fund_event_from_dict, fund_event_to_dict)
            try:
                events = load_fund_events(text)
            except MutualCommitError:
                return
            self.counts["fund logs accepted"] += 1
            steps = _fund_steps(
                agreement, events, self.funded_observations, as_of, format_, locale
            )
            for step in steps:
                with contextlib.suppress(MutualCommitError):
                    step()

        self.one("fund_events", text, run)

    def portfolio_input(self) -> None:
        """Read mutated portfolio streams, then check and evaluate the book with them."""
        rnd = self.rnd
        agreement = self.funded
        observation_lines, fund_lines = self.portfolio_logs
        observations = (
            mutated_log(rnd, observation_lines, mutate)
            if rnd.random() < 0.5  # noqa: PLR2004
            else "\n".join(observation_lines) + "\n"
        )
        kind = gentle_fund_record if rnd.random() < 0.5 else mutate  # noqa: PLR2004
        funds = mutated_log(rnd, fund_lines, kind)
        as_of = rnd.choice(_as_ofs(agreement))
        self.one(
            "portfolio",
            (observations, funds),
            lambda: run_portfolio(agreement, observations, funds, as_of, self.counts),
        )

    def cli_input(self) -> None:
        """Run a command on mutated files, in-process."""
        rnd = self.rnd
        agreement = self.tmp / "agreement.json"
        log = self.tmp / "observations.jsonl"
        policy = self.tmp / "policy.json"
        funds = self.tmp / "fund_events.jsonl"
        doc = (
            mutate(rnd, rnd.choice(self.agreements))
            if rnd.random() < 0.7  # noqa: PLR2004
            else rnd.choice(self.agreements)
        )
        _write(agreement, _text_noise(rnd, to_text(doc)))
        lines = list(rnd.choice(self.logs))
        if rnd.random() < 0.3:  # noqa: PLR2004
            i = rnd.randrange(len(lines))
            lines[i] = to_text(mutate(rnd, json.loads(lines[i])))
        _write(log, "\n".join(lines) + "\n")
        _write(policy, to_text(mutate(rnd, rnd.choice(self.policies))))
        fund_lines = list(self.fund_log)
        if rnd.random() < 0.3:  # noqa: PLR2004
            i = rnd.randrange(len(fund_lines))
            fund_lines[i] = to_text(mutate(rnd, json.loads(fund_lines[i])))
        _write(funds, "\n".join(fund_lines) + "\n")
        # The same logs as a portfolio's streams, under the example's id.
        portfolio_observations = self.tmp / "portfolio_observations.jsonl"
        portfolio_funds = self.tmp / "portfolio_funds.jsonl"
        key = doc.get("id", "x") if isinstance(doc, dict) else "x"
        _write(
            portfolio_observations,
            "\n".join(owned_lines(key, "\n".join(lines))) + "\n",
        )
        _write(
            portfolio_funds, "\n".join(owned_lines(key, "\n".join(fund_lines))) + "\n"
        )
        as_of = rnd.choice(["2026-06-30", "0001-01-01", "9999-12-31"])
        argv = rnd.choice(
            [
                ["check", str(agreement), "--as-of", as_of],
                ["check", str(agreement), "--as-of", as_of, "--policy", str(policy)],
                [
                    "check",
                    str(agreement),
                    "--as-of",
                    as_of,
                    "--observations",
                    str(log),
                    "--format",
                    "json",
                ],
                ["evaluate", str(agreement), str(log), "--as-of", as_of],
                [
                    "evaluate",
                    str(agreement),
                    str(log),
                    "--as-of",
                    as_of,
                    "--format",
                    "json",
                ],
                [
                    "render",
                    str(agreement),
                    "--format",
                    rnd.choice(FORMATS),
                    "--locale",
                    rnd.choice(LOCALES),
                ],
                [
                    "render",
                    str(agreement),
                    "--what",
                    "scorecard",
                    "--observations",
                    str(log),
                    "--as-of",
                    as_of,
                ],
                ["render", str(agreement), "-o", str(self.tmp / "missing" / "x.html")],
                [
                    "render",
                    str(agreement),
                    "--what",
                    rnd.choice(["scorecard", "report"]),
                    "--observations",
                    str(log),
                    "--fund-events",
                    str(funds),
                    "--policy",
                    str(policy),
                    "--as-of",
                    as_of,
                    "--format",
                    rnd.choice(FORMATS),
                    "--locale",
                    rnd.choice(LOCALES),
                ],
                ["calendar", str(agreement)],
                [
                    "exceptions",
                    str(agreement),
                    "--observations",
                    str(log),
                    "--as-of",
                    as_of,
                    "--format",
                    rnd.choice(["text", "json"]),
                ],
                [
                    "funds",
                    str(agreement),
                    str(funds),
                    "--as-of",
                    as_of,
                    "--observations",
                    str(log),
                    "--format",
                    rnd.choice(["text", "json", "markdown", "html"]),
                    "--locale",
                    rnd.choice(LOCALES),
                ],
                [
                    "check",
                    str(agreement),
                    "--as-of",
                    as_of,
                    "--fund-events",
                    str(funds),
                    "--observations",
                    str(log),
                ],
                [
                    "evaluate",
                    str(agreement),
                    str(log),
                    "--as-of",
                    as_of,
                    "--fund-events",
                    str(funds),
                    "--format",
                    rnd.choice(["text", "json"]),
                ],
                [
                    rnd.choice(["check", "evaluate"]),
                    str(agreement),
                    str(agreement),
                    "--as-of",
                    as_of,
                    "--observations",
                    str(portfolio_observations),
                    "--fund-events",
                    str(rnd.choice([portfolio_funds, funds])),
                    "--format",
                    rnd.choice(["text", "json"]),
                ],
            ]
        )

        def run() -> None:
            out, err = io.StringIO(), io.StringIO()
            try:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    code = main(argv)
            except SystemExit as exit_:  # argparse refuses an argument
                code = exit_.code if isinstance(exit_.code, int) else 2
            if code not in (0, 1, 2) or "Traceback" in err.getvalue():
                msg = f"exit {code}: {err.getvalue()[-2000:]}"
                raise AssertionError(msg)

        self.one(
            "cli",
            (
                argv,
                agreement.read_bytes(),
                log.read_bytes(),
                policy.read_bytes(),
                funds.read_bytes(),
                portfolio_observations.read_bytes(),
                portfolio_funds.read_bytes(),
            ),
            run,
        )

    def run(self) -> int:
        """Run the budget of inputs; return 1 on any failure."""
        signal.signal(self.signal, _alarm)
        readers = [
            (self.loads_input, 30),
            (self.from_dict_input, 20),
            (self.observations_input, 20),
            (self.policy_input, 15),
            (self.fund_events_input, 10),
            (self.portfolio_input, 5),
            (self.cli_input, 15),
        ]
        pick = [reader for reader, weight in readers for _ in range(weight)]
        started = time.perf_counter()
        for n in range(self.args.budget):
            if self.args.seconds and time.perf_counter() - started > self.args.seconds:
                break
            try:
                self.rnd.choice(pick)()
            except Exception:  # noqa: BLE001 - the generator's own mistake
                # `one` catches everything the library raises: this came from
                # making the input, which is not what is under test.
                self.counts["generator"] += 1
                if self.args.debug:
                    traceback.print_exc()
            if self.args.progress and n and n % self.args.progress == 0:
                print(self._summary(started), file=sys.stderr, flush=True)
        print(self._summary(started))
        for where, detail in self.failures[:20]:
            print(f"\n--- {where}\n{detail}")
        return 1 if self.counts["failure"] or self.counts["slow"] else 0

    def _summary(self, started: float) -> str:
        c = self.counts
        readers = ", ".join(
            f"{kind} {c[kind]}"
            for kind in (
                "loads",
                "from_dict",
                "observations",
                "policy",
                "fund_events",
                "portfolio",
                "cli",
            )
        )
        slowest = max((seconds for _, seconds in self.slow), default=0.0)
        return (
            f"fuzz: {c['inputs']} inputs ({readers}); {c['accepted']} agreements "
            f"accepted and checked, evaluated, rendered; "
            f"{c['fund logs accepted']} fund logs accepted and run; "
            f"{c['portfolios accepted']} portfolio streams accepted and run; "
            f"{c['failure']} undocumented exceptions; {c['slow']} over the "
            f"{self.args.limit} s {'CPU ' if self.args.clock == 'cpu' else ''}limit{f' (slowest {slowest:.1f} s)' if slowest else ''}; "
            f"{time.perf_counter() - started:.0f} s, seed {self.args.seed}"
            + (f" ({c['generator']} inputs not made)" if c["generator"] else "")
        )


def owned_lines(agreement: str, text: str) -> list[str]:
    """The JSON Lines *text* as a portfolio's stream: each object's line names *agreement*."""
    key = json.dumps(agreement)
    return [
        f'{{"agreement": {key}, {line.strip()[1:]}'
        for line in text.splitlines()
        if line.strip().startswith("{")
    ]


def run_portfolio(
    agreement: Agreement,
    observations: str | bytes,
    funds: str | bytes,
    as_of: dt.date,
    counts: Counter[str],
) -> None:
    """Read a portfolio's two streams, then check, evaluate and summarize with them.

    The agreement is given twice, as a book may hold two versions of one.
    """
    try:
        logs = load_portfolio_observations(observations)
        fund_logs = load_portfolio_fund_events(funds)
    except MutualCommitError:
        return
    counts["portfolios accepted"] += 1
    results = list(
        check_and_evaluate_many(
            [agreement, agreement], logs, as_of=as_of, fund_events=fund_logs
        )
    )
    summary = summarize(results)
    summary_to_dict(summary)
    summary.to_records()
    summary._repr_html_()
    load_portfolio_observations(dump_portfolio_observations(logs))
    load_portfolio_fund_events(dump_portfolio_fund_events(fund_logs))


def _as_ofs(agreement: Agreement) -> list[dt.date]:
    """The days an accepted agreement is checked, evaluated and rendered as of."""
    return [
        agreement.start,
        agreement.end,
        agreement.start + (agreement.end - agreement.start) / 2,
        dt.date.min,
        dt.date.max,
        dt.date(2026, 6, 30),
    ]


def exception_steps(
    agreement: Agreement,
    observations: tuple[Observation, ...],
    as_of: dt.date,
    format_: Format,
    locale: str,
) -> None:
    """List the exceptions as of *as_of*, take their receipt and render them."""
    report = exceptions(agreement, observations, as_of=as_of)
    receipt(report, observations)
    render(report, format=format_, locale=locale)


def records_as_dicts(
    text: str | bytes,
    read: Callable[[object], Any],
    write: Callable[[Any], dict[str, Any]],
) -> None:
    """Read each line's JSON value as one record's dict, and write back what is read.

    What the reader accepts must write back to a dict it reads as an equal
    record: the per-record functions a host stores its rows with.
    """
    lines = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    for line in lines.split("\n"):
        try:
            value = json.loads(line, parse_float=Decimal)
        except (ValueError, RecursionError, ArithmeticError):
            continue  # not JSON, or a number no Decimal holds: the log readers' part
        try:
            record = read(value)
        except MutualCommitError:
            continue
        again = read(write(record))
        if again != record:
            msg = f"{record!r} wrote and read back as {again!r}"
            raise AssertionError(msg)


def _fund_steps(
    agreement: Agreement,
    events: tuple[FundEvent, ...],
    observations: tuple[Observation, ...],
    as_of: dt.date,
    format_: Format,
    locale: str,
) -> list[Callable[[], object]]:
    """The steps that run an agreement's funds on *events*, or none without a fund.

    The log's funds are renamed to the agreement's first fund, so that a
    mutated agreement's fund is read on the example's records.
    """
    fund = next((a.id for a in agreement.allocations if a.fund is not None), None)
    if fund is None:
        return []
    log = tuple(attrs.evolve(event, fund=fund) for event in events)

    def ledger() -> None:
        ledgers = fund_ledger(agreement, log, as_of=as_of, observations=observations)
        json.dumps(funds_to_dict(ledgers, as_of=as_of))
        render(ledgers, format=format_, locale=locale)

    return [
        ledger,
        lambda: check(
            agreement, as_of=as_of, observations=observations, fund_events=log
        ),
        lambda: receipt(
            evaluate(agreement, observations, as_of=as_of, fund_events=log),
            observations,
            log,
        ),
    ]


def _write(path: Path, data: str | bytes) -> None:
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8", errors="surrogatepass")


def _alarm(_signum: int, _frame: object) -> None:
    raise Timeout


def replay_downstream(agreement: Agreement) -> None:
    """Run every downstream step the fuzzer may have chosen for *agreement*.

    The run picked one ``as_of``, log, policy, format and locale at random;
    a replay tries them all, so that what failed fails again. The first
    exception that is not the library's documented error is raised, after a
    line naming the step.
    """
    fuzz = Fuzz(parse_args(["--budget", "0"]))
    policies = [policy_from_json(json.dumps(_plain(p))) for p in fuzz.policies]

    def step(name: str, run: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        try:
            run(*args, **kwargs)
        except MutualCommitError:
            pass
        except Exception:
            print(f"failed: {name}")
            raise

    def render_report(as_of: dt.date, format_: Format, locale: str) -> None:
        render(check(agreement, as_of=as_of), format=format_, locale=locale)

    def render_scorecard(
        observations: tuple[Observation, ...],
        as_of: dt.date,
        format_: Format,
        locale: str,
    ) -> None:
        scorecard = evaluate(agreement, observations, as_of=as_of)
        render(scorecard, format=format_, locale=locale)

    for as_of in _as_ofs(agreement):
        for n, observations in enumerate(fuzz.observations):
            for m, policy in enumerate(policies):
                name = f"check as of {as_of}, log {n}, policy {m}"
                step(
                    name,
                    check,
                    agreement,
                    as_of=as_of,
                    observations=observations,
                    policy=policy,
                )
        for format_ in FORMATS:
            for locale in LOCALES:
                where = f"as of {as_of}, {format_}, locale {locale!r}"
                step(
                    f"render the report {where}", render_report, as_of, format_, locale
                )
                for n, observations in enumerate(fuzz.observations):
                    step(
                        f"render the scorecard of log {n} {where}",
                        render_scorecard,
                        observations,
                        as_of,
                        format_,
                        locale,
                    )
                for n, observations in enumerate(fuzz.observations):
                    step(
                        f"exceptions of log {n} {where}",
                        exception_steps,
                        agreement,
                        observations,
                        as_of,
                        format_,
                        locale,
                    )
                for shown in (None, as_of):
                    step(
                        f"render the agreement {where}, as_of={shown}",
                        render,
                        agreement,
                        format=format_,
                        locale=locale,
                        as_of=shown,
                    )
    for n, observations in enumerate(fuzz.observations):
        step(
            f"evaluate_series of log {n}",
            evaluate_series,
            agreement,
            observations,
            _as_ofs(agreement),
        )
    step("to_ical", to_ical, agreement)
    for name, run in every_fund_step(agreement, fuzz.fund_events, fuzz.observations):
        step(name, run)


def every_fund_step(
    agreement: Agreement,
    events: tuple[FundEvent, ...],
    logs: list[tuple[Observation, ...]],
) -> Iterator[tuple[str, Callable[[], object]]]:
    """Yield each fund step a run may have chosen, named: for a replay.

    The ledger is rendered in every format and locale; check and evaluate,
    which neither changes, run once per ``as_of`` and log.
    """
    for as_of in _as_ofs(agreement):
        for n, observations in enumerate(logs):
            for k, (format_, locale) in enumerate(itertools.product(FORMATS, LOCALES)):
                steps = _fund_steps(
                    agreement, events, observations, as_of, format_, locale
                )
                where = f"as of {as_of}, log {n}, {format_}, locale {locale!r}"
                names = ("the fund ledger", "check", "evaluate")
                for name, run in zip(
                    names, steps if k == 0 else steps[:1], strict=False
                ):
                    yield f"{name} with the fund log {where}", run


def replay(path: Path) -> int:
    """Run one saved input again, showing what it raises.

    An agreement the reader accepts goes through every downstream step the
    run may have chosen (see `replay_downstream`).
    """
    kind, payload = pickle.loads(path.read_bytes())  # noqa: S301 - our own file
    try:
        print(f"{kind}: {payload!r:.300}")
    except ValueError:  # an integer too long for repr
        print(f"{kind}: (a payload too large to show)")
    if kind in ("loads", "from_dict"):
        read = loads if kind == "loads" else from_dict
        replay_downstream(read(payload))
        print("no failure")
    elif kind == "observations":
        load_observations(payload)
    elif kind == "policy":
        policy_from_json(payload)
    elif kind == "fund_events":
        fuzz = Fuzz(parse_args(["--budget", "0"]))
        agreement = fuzz.funded
        events = load_fund_events(payload)
        for name, run in every_fund_step(agreement, events, [fuzz.funded_observations]):
            try:
                run()
            except MutualCommitError:
                pass
            except Exception:
                print(f"failed: {name}")
                raise
        print("no failure")
    elif kind == "portfolio":
        fuzz = Fuzz(parse_args(["--budget", "0"]))
        observations, funds = payload
        for as_of in _as_ofs(fuzz.funded):
            run_portfolio(fuzz.funded, observations, funds, as_of, Counter())
        print("no failure")
    elif kind == "cli":
        # Runs saved before the fund log was fuzzed hold four files, before
        # the portfolio's streams were, five.
        argv, agreement, log, policy, *more = payload
        Path(argv[1]).parent.mkdir(parents=True, exist_ok=True)
        for name, data in (
            ("agreement.json", agreement),
            ("observations.jsonl", log),
            ("policy.json", policy),
            *zip(
                (
                    "fund_events.jsonl",
                    "portfolio_observations.jsonl",
                    "portfolio_funds.jsonl",
                ),
                more,
                strict=False,
            ),
        ):
            (Path(argv[1]).parent / name).write_bytes(data)
        return main(argv)
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--budget", type=int, default=2000, help="inputs to run (default 2000)"
    )
    parser.add_argument(
        "--seed", type=int, default=None, help="random seed (default: random)"
    )
    parser.add_argument(
        "--limit", type=float, default=10.0, help="seconds per input (default 10)"
    )
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="what the limit counts: wall-clock time or the process's CPU time",
    )
    parser.add_argument(
        "--save", default="fuzz-failures", help="where failing inputs go"
    )
    parser.add_argument(
        "--progress", type=int, default=0, help="print counts every N inputs"
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=0,
        help="stop after this long (default: no limit)",
    )
    parser.add_argument("--replay", type=Path, help="run one saved input again")
    parser.add_argument(
        "--debug", action="store_true", help="show the generator's own errors"
    )
    args = parser.parse_args(argv)
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(2**32)
    return args


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.replay is not None:
        sys.exit(replay(arguments.replay))
    sys.exit(Fuzz(arguments).run())
