"""Hypothesis profiles for the test suite, and cold caches under mutmut.

``default`` for a developer, ``ci`` when the environment variable CI is set
(derandomized, so a run is reproducible from its commit), ``fast`` with
FAST=1 for a quick pass, ``mutation`` for mutation testing.
HYPOTHESIS_PROFILE names one explicitly.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

if TYPE_CHECKING:
    from mutualcommit import Agreement, Incentive, Remedy


def stable(text: str) -> str:
    """Return *text* with U+FFFD for each code point the model refuses as unstable.

    A code point whose normalisation depends on the Python (see
    `~mutualcommit.model._unicode.unstable_problem`): for a strategy of any
    text whose values must be accepted.
    """
    from mutualcommit.model._unicode import unstable_code_points

    return unstable_code_points().sub("\ufffd", text)


def quarterly_plan(
    currency: str,
    *,
    incentives: tuple[Incentive, ...] = (),
    remedies: tuple[Remedy, ...] = (),
) -> Agreement:
    """Return a vendor ``v`` and its partner ``p`` on a goal ``g`` of 100 units a quarter.

    The metrics are ``units`` (a count) and ``rev`` (revenue in
    *currency*), both summed; each party pledges a contribution to ``g``
    (``c1`` the partner's, ``c2`` the vendor's); the term is 2026. The
    money tests give it their *incentives* and *remedies*.
    """
    import datetime as dt
    from decimal import Decimal

    from mutualcommit import (
        Aggregation,
        Agreement,
        Contribution,
        ContributionKind,
        Direction,
        Goal,
        Metric,
        Party,
        Period,
        Role,
        Target,
    )

    return Agreement(
        id="plan",
        title="Plan",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        currency=currency,
        parties=(
            Party(id="v", name="Vendor", role=Role.VENDOR),
            Party(id="p", name="Partner", role=Role.PARTNER),
        ),
        metrics=(
            Metric(id="units", name="Units", unit="count", aggregation=Aggregation.SUM),
            Metric(
                id="rev", name="Revenue", unit=currency, aggregation=Aggregation.SUM
            ),
        ),
        goals=(
            Goal(
                id="g",
                title="Sell units",
                target=Target(
                    metric="units",
                    value=Decimal(100),
                    direction=Direction.AT_LEAST,
                    per=Period.QUARTER,
                ),
            ),
        ),
        contributions=(
            Contribution(
                id="c1",
                party="p",
                title="Sell",
                kind=ContributionKind.CO_SELLING,
                supports=("g",),
            ),
            Contribution(
                id="c2",
                party="v",
                title="Train",
                kind=ContributionKind.ENABLEMENT_TRAINING,
                supports=("g",),
            ),
        ),
        incentives=incentives,
        remedies=remedies,
    )


def surrogate_text(*, min_size: int = 1) -> st.SearchStrategy[str]:
    """Text that often holds a lone surrogate, or any character, a combining one too.

    Joined from characters: `st.text` never draws a surrogate, whatever its
    alphabet.
    """
    return st.lists(
        st.sampled_from("a\u00e9\u0301\ud800\udbff\udc00\udfff") | st.characters(),
        min_size=min_size,
        max_size=4,
    ).map("".join)


#: `surrogate_text` of one character or more.
SURROGATE_TEXT = surrogate_text()
#: Such text with a first character that is no space: never blank. Built,
#: not filtered: a filter of a mapped strategy fails in the oldest hypothesis
#: accepted when NumPy 2 is installed (it names np.asfarray).
NONBLANK_SURROGATE_TEXT = st.tuples(
    st.sampled_from("a\u00e9\ud800\udfff"), SURROGATE_TEXT
).map("".join)

# Machines here have two cores and the suite runs on one: a slow data
# generation is not a failure, and wall-clock deadlines only make flakes.
_LENIENT = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

settings.register_profile("default", _LENIENT, max_examples=100)
settings.register_profile(
    "ci", _LENIENT, max_examples=100, derandomize=True, print_blob=True
)
settings.register_profile("fast", _LENIENT, max_examples=10)
# Mutation testing (nox -s mutation) runs each test many times from mutmut's
# own runner, and wants the same examples for every mutant.
settings.register_profile(
    "mutation",
    _LENIENT,
    max_examples=10,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)


def _profile() -> str:
    if name := os.environ.get("HYPOTHESIS_PROFILE"):
        return name
    if os.environ.get("FAST") == "1":
        return "fast"
    if os.environ.get("CI"):
        return "ci"
    return "default"


settings.load_profile(_profile())


class _CountedColumn(list[Any]):
    """A column of an index's log that counts the records its passes read."""

    __slots__ = ("counts", "name")

    def __init__(self, items: list[Any], counts: Counter[str], name: str) -> None:
        super().__init__(items)
        self.counts = counts
        self.name = name

    def __iter__(self) -> Iterator[Any]:
        # A pass that stops early counts as a whole one: what grows is the
        # number of passes.
        self.counts[self.name] += len(self)
        return super().__iter__()


def counted_reads(index: Any) -> Counter[str]:
    """Make *index*'s columns count the records every pass over them reads.

    Call it on a fresh `ObservationIndex`, before it is used: the counts
    come back keyed ``metric/days``, ``metric/values`` and ``metric/dims``.
    A lookup by position reads no pass. What a cost test compares is the
    counts of two sizes of one dimension: a linear cost reads the log the
    same number of times for both.
    """
    counts: Counter[str] = Counter()
    columns = index._columns
    for metric, (days, values, dims) in list(columns.items()):
        columns[metric] = tuple(
            _CountedColumn(column, counts, f"{metric}/{name}")
            for column, name in ((days, "days"), (values, "values"), (dims, "dims"))
        )
    return counts


def tampered_calendar(**fields: object) -> Any:
    """Return a `FiscalCalendar` holding *fields* its constructor refuses.

    Set around the constructor, as a program could with
    ``object.__setattr__``: what the agreement's invariants and the calendar
    helpers say of such a calendar is tested with it.
    """
    from mutualcommit.model import FiscalCalendar

    calendar = FiscalCalendar()
    for name, value in fields.items():
        object.__setattr__(calendar, name, value)
    return calendar


_T = TypeVar("_T")


def tampered(value: _T, **fields: object) -> _T:
    """Return a copy of model *value* holding *fields*, which its constructor refuses.

    Set around the constructor, as a program could with
    ``object.__setattr__`` (a target's ``where`` with a number in it):
    what the agreement's invariants say of such a value is tested with it.
    """
    import attrs

    copy = attrs.evolve(value)  # type: ignore[misc]
    for name, field in fields.items():
        object.__setattr__(copy, name, field)
    return copy


def _library_caches() -> list[Callable[[], None]]:
    """Return the ``cache_clear`` of every cached function the library has loaded."""
    clears = []
    for name, module in list(sys.modules.items()):
        if module is None or not (
            name == "mutualcommit" or name.startswith("mutualcommit.")
        ):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and hasattr(value, "cache_info"):
                clears.append(clear)
    return clears


@pytest.fixture(autouse=True)
def _cold_caches_under_mutmut() -> None:
    """Under mutmut, start every test with the library's caches empty.

    mutmut runs the whole suite once in its own process to learn which tests
    call which function, then forks that process for each mutant. A cached
    function (the review rule checks, the fiscal calendar, the per-agreement
    evaluation) is then called only by the first test that asks, and a forked
    child starts with the caches the unmutated code filled: the mutant is
    never called and survives. mutmut sets MUTANT_UNDER_TEST; outside it the
    caches stay warm.
    """
    if "MUTANT_UNDER_TEST" in os.environ:
        for clear in _library_caches():
            clear()


#: Counts the reads of some model fields: ``reads(Party, "id")`` starts
#: counting ``party.id`` under the key ``"Party.id"`` in the Counter it returns
#: (the same Counter for every call of one test; a field is counted once).
AttributeReads = Callable[[type, str], "Counter[str]"]


@pytest.fixture
def attribute_reads(monkeypatch: pytest.MonkeyPatch) -> AttributeReads:
    """Count the reads of slotted fields, to tell a lookup from a scan without a clock.

    A cost that grows with the square of a document's size shows as reads
    that grow with that square: comparing the counts of two sizes catches it
    where a timing would flake on a loaded machine.
    """
    counts: Counter[str] = Counter()
    counted: set[str] = set()

    def count(cls: type, name: str) -> Counter[str]:
        key = f"{cls.__name__}.{name}"
        if key in counted:
            return counts
        counted.add(key)
        slot = cls.__dict__[name]

        def read(obj: object) -> object:
            counts[key] += 1
            return slot.__get__(obj, cls)

        def write(obj: object, value: object) -> None:
            # A model value built while counting sets its field as before.
            slot.__set__(obj, value)

        monkeypatch.setattr(cls, name, property(read, write))
        return counts

    return count
