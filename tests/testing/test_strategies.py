"""The public strategies generate what they promise."""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import importlib
import inspect
import json
import math
import re
import sys
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from mutualcommit import (
    FundEvent,
    FundEventKind,
    check,
    dump_fund_events,
    dump_observations,
    fund_ledger,
    load_fund_events,
    load_observations,
)
from mutualcommit.model import (
    PLAIN_UNITS,
    Aggregation,
    Agreement,
    Period,
    Role,
    Target,
    canonical_json,
    decimal_problem,
    is_identifier,
)
from mutualcommit.model._funds import standing_fund_events
from mutualcommit.testing import strategies
from mutualcommit.testing.strategies import (
    agreements,
    agreements_with_fund_events,
    agreements_with_observations,
    currencies,
    dates,
    decimals,
    extensions,
    fiscal_calendars,
    fund_events,
    identifiers,
    observations,
    quantities,
    units,
)

T = TypeVar("T")

_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
_UNIT = re.compile(r"[A-Z]{3}|count|percent|fte|hour|day")
_MARGIN = dt.timedelta(days=30)


def first(strategy: st.SearchStrategy[T], condition: Callable[[T], Any]) -> T:
    """Return the first generated value that meets *condition*, unshrunk.

    Shrinking an agreement is slow and tells nothing here: any example will do.
    The search stops at the first value found, so its budget costs only
    when the feature is missing: a metric of one rare aggregation (WMAPE,
    OTIF, about one agreement in 40 and in 200) took up to 975 values in
    15 searches each, so 1,000 failed now and then.
    """
    return find(
        strategy,
        lambda value: bool(condition(value)),
        settings=settings(
            max_examples=5000,
            phases=[Phase.generate],
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )


@functools.cache
def sample(strategy: st.SearchStrategy[Any], count: int) -> tuple[Any, ...]:
    """Return the first *count* generated values, the same ones on every run.

    One sample serves every "shows up" test of a strategy: generating
    agreements is what costs, and a derandomized sample never flakes.
    """
    values: list[Any] = []

    def collect(value: Any) -> bool:
        values.append(value)
        return len(values) >= count

    find(
        strategy,
        collect,
        settings=settings(
            max_examples=10 * count,
            phases=[Phase.generate],
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        ),
    )
    return tuple(values)


def shows_up(strategy: st.SearchStrategy[T], condition: Callable[[T], Any]) -> bool:
    """Tell whether some generated value meets *condition*.

    The shared sample answers most questions at no cost; a rare feature that
    the sample happens to miss is searched for (up to 5,000 more values), so
    the answer does not hang on one hypothesis version's choice of seed.
    """
    if any(condition(value) for value in sample(strategy, 150)):
        return True
    return bool(condition(first(strategy, condition)))


#: Small agreements: cheap to generate when the size does not matter.
small_agreements = agreements(
    max_parties=2,
    max_metrics=2,
    max_goals=1,
    max_contributions=2,
    max_allocations=1,
    max_incentives=1,
    max_clauses=1,
    max_reviews=1,
)


class TestPublicNames:
    """The module exports its strategies, and the package does not need hypothesis."""

    def test_all(self) -> None:
        """`__all__` lists the strategies and the type of their limits, sorted."""
        assert [
            "AgreementLimits",
            "agreements",
            "agreements_with_fund_events",
            "agreements_with_observations",
            "currencies",
            "dates",
            "decimals",
            "extensions",
            "fiscal_calendars",
            "fund_events",
            "identifiers",
            "observations",
            "quantities",
            "units",
        ] == strategies.__all__

    @pytest.mark.skipif(sys.flags.optimize > 1, reason="python -OO drops docstrings")
    def test_documented(self) -> None:
        """Every public strategy has a docstring."""
        assert [] == [
            name for name in strategies.__all__ if not getattr(strategies, name).__doc__
        ]

    def test_without_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without hypothesis, importing the module names the extra to install."""
        monkeypatch.delitem(sys.modules, strategies.__name__)
        for module in ("hypothesis", "hypothesis.strategies"):
            monkeypatch.setitem(sys.modules, module, None)

        with pytest.raises(ModuleNotFoundError) as caught:
            importlib.import_module(strategies.__name__)

        assert (
            (
                "mutualcommit.testing.strategies needs hypothesis, which is not "
                "installed: install mutualcommit's extra 'testing' (python -m pip "
                "install '.[testing]' in a checkout, or the wheel with [testing])"
            ),
            "hypothesis",
        ) == (str(caught.value), caught.value.name)


class TestIdentifiers:
    """`identifiers` generates the full identifier pattern."""

    @given(identifiers())
    def test_pattern(self, value: str) -> None:
        """Every id matches the pattern and the model accepts it."""
        assert _IDENTIFIER.match(value)
        assert is_identifier(value)

    @pytest.mark.parametrize("character", [".", "_", ":", "-"])
    def test_punctuation(self, character: str) -> None:
        """Each punctuation character the pattern allows shows up."""
        assert character in first(identifiers(), lambda v: character in v)

    def test_long(self) -> None:
        """Long ids show up."""
        assert len(first(identifiers(), lambda v: len(v) > 40)) > 40


class TestDecimals:
    """`decimals` generates model decimals in many spellings."""

    @given(decimals())
    def test_valid(self, value: Decimal) -> None:
        """Every value is a finite model decimal: |x| < 10^15, at most 12 places."""
        assert value.is_finite()
        assert abs(value) < Decimal(10) ** 15
        assert -12 <= int(value.as_tuple().exponent)
        assert decimal_problem(value) is None

    @given(decimals(min_value=Decimal("-2.5"), max_value=7, max_places=3))
    def test_bounds(self, value: Decimal) -> None:
        """Values lie between the bounds, with at most *max_places* places."""
        assert Decimal("-2.5") <= value <= 7
        assert -3 <= int(value.as_tuple().exponent)

    @given(decimals(min_value=0))
    def test_non_negative(self, value: Decimal) -> None:
        """A lower bound of 0 gives no negative value (negative zero is zero)."""
        assert not value < 0

    @pytest.mark.parametrize(
        ("spelling", "condition"),
        [
            ("an exponent, like 1E+3", lambda d: int(d.as_tuple().exponent) > 0),
            (
                "trailing zeros, like 1.50",
                lambda d: (
                    d
                    and int(d.as_tuple().exponent) < 0
                    and d.as_tuple().digits[-1] == 0
                ),
            ),
            ("negative zero, like -0.0", lambda d: not d and d.is_signed()),
            ("twelve places", lambda d: d.as_tuple().exponent == -12),
            ("a plain integer", lambda d: d.as_tuple().exponent == 0 and d > 1),
            ("the largest magnitudes", lambda d: abs(d) > Decimal("1E+14")),
        ],
    )
    def test_spellings(
        self, spelling: str, condition: Callable[[Decimal], Any]
    ) -> None:
        """Each kind of spelling shows up."""
        assert condition(first(decimals(), condition)), spelling

    def test_no_context(self) -> None:
        """Generation ignores the caller's decimal context (no rounding, no traps)."""
        context = decimal.Context(prec=1, traps=[decimal.Inexact, decimal.Rounded])

        with decimal.localcontext(context):
            value = first(
                decimals(max_places=12), lambda d: len(d.as_tuple().digits) > 5
            )

        assert len(value.as_tuple().digits) > 5

    @pytest.mark.parametrize(
        "kwargs",
        [{"max_places": 13}, {"max_places": -1}, {"min_value": 2, "max_value": 1}],
        ids=repr,
    )
    def test_bad_arguments(self, kwargs: dict[str, Any]) -> None:
        """Impossible arguments are refused at once."""
        with pytest.raises(ValueError, match=r"max_places|no model decimal"):
            decimals(**kwargs)


class TestLeaves:
    """Dates, currencies, units, quantities and fiscal calendars are valid."""

    @given(dates(dt.date(2026, 2, 1), dt.date(2026, 2, 28)))
    def test_dates(self, value: dt.date) -> None:
        """Days lie between the bounds and are never datetimes."""
        assert dt.date(2026, 2, 1) <= value <= dt.date(2026, 2, 28)
        assert not isinstance(value, dt.datetime)

    @given(currencies())
    def test_currencies(self, value: str) -> None:
        """Currency codes are three upper-case letters."""
        assert re.fullmatch(r"[A-Z]{3}", value)

    @given(units())
    def test_units(self, value: str) -> None:
        """Units are currency codes or the plain units."""
        assert _UNIT.fullmatch(value)

    @pytest.mark.parametrize("unit", sorted(PLAIN_UNITS))
    def test_every_plain_unit(self, unit: str) -> None:
        """Each plain unit shows up."""
        assert unit == first(units(), lambda u: u == unit)

    @given(quantities())
    def test_quantities(self, value: Any) -> None:
        """Quantities are non-negative model decimals in a well-formed unit."""
        assert decimal_problem(value.amount) is None
        assert not value.amount < 0
        assert _UNIT.fullmatch(value.unit)

    @given(quantities(unit="fte"))
    def test_quantities_in_a_unit(self, value: Any) -> None:
        """A given unit is every quantity's unit."""
        assert "fte" == value.unit

    @given(fiscal_calendars())
    def test_fiscal_calendars(self, value: Any) -> None:
        """Fiscal calendars start in a month 1-12 and are named by end or start."""
        assert 1 <= value.start_month <= 12
        assert value.naming in ("end", "start")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _values(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in [v, *_values(v)]]
    if isinstance(value, list):
        return [x for v in value for x in [v, *_values(v)]]
    return []


def _keys(value: Any) -> list[str]:
    """Every key of every mapping in *value*, at any depth."""
    if isinstance(value, dict):
        return [k for key, v in value.items() for k in [key, *_keys(v)]]
    if isinstance(value, list):
        return [k for v in value for k in _keys(v)]
    return []


class TestExtensions:
    """`extensions` generates JSON-like mappings."""

    @given(extensions())
    def test_json(self, value: dict[str, Any]) -> None:
        """Values are JSON (finite floats), and canonical JSON keeps every key.

        Two keys one text in NFC both stay: nothing normalises extensions.
        """
        nested = _values(value)
        assert all(math.isfinite(v) for v in nested if isinstance(v, float))
        assert sorted(_keys(value)) == sorted(_keys(json.loads(canonical_json(value))))

    @pytest.mark.parametrize(
        ("what", "condition"),
        [
            (
                "non-NFC text",
                lambda e: any(
                    not unicodedata.is_normalized("NFC", s) for s in _strings(e)
                ),
            ),
            ("non-ASCII text", lambda e: any(not s.isascii() for s in _strings(e))),
            ("a nested list", lambda e: any(isinstance(v, list) for v in _values(e))),
            (
                "a nested mapping",
                lambda e: any(isinstance(v, dict) for v in _values(e)),
            ),
            (
                "a big integer",
                lambda e: any(type(v) is int and abs(v) > 2**53 for v in _values(e)),
            ),
            ("a float", lambda e: any(isinstance(v, float) for v in _values(e))),
            ("a boolean", lambda e: any(isinstance(v, bool) for v in _values(e))),
            ("null", lambda e: any(v is None for v in _values(e))),
        ],
    )
    def test_shows_up(
        self, what: str, condition: Callable[[dict[str, Any]], bool]
    ) -> None:
        """Each kind of JSON value shows up."""
        assert condition(first(extensions(), condition)), what

    @given(st.data(), st.integers(0, 12))
    def test_max_leaves(self, data: st.DataObject, most: int) -> None:
        """At most *max_leaves* scalars in the whole mapping, at every depth.

        The bound held per top-level value: max_leaves=1 gave up to four.
        """
        value = data.draw(extensions(max_leaves=most))

        assert sum(1 for v in _values(value) if not isinstance(v, dict | list)) <= most

    def test_max_leaves_reached(self) -> None:
        """The bound is reached: eight scalars in one mapping show up."""
        value = first(
            extensions(max_leaves=8),
            lambda e: sum(1 for v in _values(e) if not isinstance(v, dict | list)) == 8,
        )
        assert value

    @pytest.mark.parametrize(
        ("most", "error"), [(-1, ValueError), (1.5, TypeError), (True, TypeError)]
    )
    def test_bad_max_leaves(self, most: Any, error: type[Exception]) -> None:
        """A bound that is no count is refused when the strategy is made, not drawn."""
        with pytest.raises(error, match="max_leaves"):
            extensions(max_leaves=most)


def _targets(agreement: Agreement) -> list[Target]:
    targets = [g.target for g in agreement.goals]
    targets += [c.target for c in agreement.contributions]
    return [t for t in targets if t is not None]


def _has_extensions(agreement: Agreement) -> bool:
    entities: list[Any] = [
        *agreement.parties,
        *agreement.metrics,
        *agreement.goals,
        *agreement.contributions,
        *agreement.allocations,
        *agreement.incentives,
        *agreement.clauses,
        *agreement.reviews,
    ]
    return any(e.extensions for e in entities)


_AGREEMENT_FEATURES: list[tuple[str, Callable[[Agreement], object]]] = [
    ("both roles", lambda a: {p.role for p in a.parties} == set(Role)),
    ("four parties", lambda a: len(a.parties) == 4),
    ("a one-day term", lambda a: a.start == a.end),
    ("a goal without a target", lambda a: any(g.target is None for g in a.goals)),
    ("a contribution with a target", lambda a: any(c.target for c in a.contributions)),
    ("a due day", lambda a: any(t.due for t in _targets(a))),
    ("a ramp", lambda a: any(len(t.steps) > 1 for t in _targets(a))),
    ("a where", lambda a: any(t.where for t in _targets(a))),
    ("an amount tier", lambda a: any(t.amount for i in a.incentives for t in i.tiers)),
    (
        "a rate tier",
        lambda a: any(t.rate is not None for i in a.incentives for t in i.tiers),
    ),
    ("a status tier", lambda a: any(t.status for i in a.incentives for t in i.tiers)),
    ("a cap", lambda a: any(i.cap for i in a.incentives)),
    ("a contribution incentive", lambda a: any(i.contribution for i in a.incentives)),
    ("an allocation", lambda a: bool(a.allocations)),
    ("a capacity", lambda a: any(p.capacity for p in a.parties)),
    ("a clause", lambda a: bool(a.clauses)),
    ("a review rule", lambda a: a.review_rule is not None),
    ("an action item", lambda a: any(r.actions for r in a.reviews)),
    ("a current signature", lambda a: bool(a.current_signatures())),
    ("a stale signature", lambda a: len(a.current_signatures()) < len(a.signatures)),
    ("a version above 1", lambda a: a.version > 1),
    ("agreement extensions", lambda a: bool(a.extensions)),
    ("entity extensions", _has_extensions),
    ("a fiscal year not in January", lambda a: a.fiscal_calendar.start_month != 1),
    (
        "non-NFC text",
        lambda a: (
            not unicodedata.is_normalized(
                "NFC",
                canonical_json(
                    [a.title, *[p.name for p in a.parties], *[g.title for g in a.goals]]
                ),
            )
        ),
    ),
]


_AGREEMENTS = agreements()


class TestAgreements:
    """`agreements` generates valid, varied agreements within the limits."""

    @given(small_agreements)
    def test_within_limits(self, agreement: Agreement) -> None:
        """Collections stay within their limits; TERM-only due days; rising steps."""
        assert 1 <= len(agreement.parties) <= 2
        assert len(agreement.metrics) <= 2
        assert len(agreement.goals) <= 1
        assert len(agreement.contributions) <= 2
        assert len(agreement.allocations) <= 1
        assert len(agreement.incentives) <= 1
        assert len(agreement.clauses) <= 1
        assert len(agreement.reviews) <= 1
        for target in _targets(agreement):
            assert target.due is None or target.per is Period.TERM
            starts = [s.starting for s in target.steps]
            assert sorted(set(starts)) == starts

    @pytest.mark.parametrize(
        ("feature", "condition"),
        _AGREEMENT_FEATURES,
        ids=[f for f, _ in _AGREEMENT_FEATURES],
    )
    def test_shows_up(
        self, feature: str, condition: Callable[[Agreement], object]
    ) -> None:
        """Each part of the model shows up among the first 150 agreements."""
        assert shows_up(_AGREEMENTS, condition), feature

    @pytest.mark.parametrize("period", list(Period), ids=str)
    def test_every_per(self, period: Period) -> None:
        """Targets of every period show up."""
        assert shows_up(
            _AGREEMENTS, lambda a: any(t.per is period for t in _targets(a))
        )

    @pytest.mark.parametrize("aggregation", list(Aggregation), ids=str)
    def test_every_aggregation(self, aggregation: Aggregation) -> None:
        """Metrics of every aggregation show up."""
        assert shows_up(
            _AGREEMENTS, lambda a: any(m.aggregation is aggregation for m in a.metrics)
        )

    @pytest.mark.parametrize(
        "kwargs", [{"max_parties": 0}, {"max_goals": -1}], ids=repr
    )
    def test_bad_arguments(self, kwargs: dict[str, Any]) -> None:
        """Impossible limits are refused at once."""
        with pytest.raises(ValueError, match="max_"):
            agreements(**kwargs)


_NO_METRICS = Agreement(
    id="empty",
    title="No metrics",
    start=dt.date(2026, 1, 1),
    end=dt.date(2026, 12, 31),
    currency="EUR",
)


@st.composite
def _observed(draw: st.DrawFn, max_size: int = 10) -> tuple[Agreement, list[Any]]:
    """Draw a small agreement and a log of observations for it."""
    agreement = draw(small_agreements)
    return agreement, draw(observations(agreement, max_size=max_size))


_OBSERVED = _observed()


class TestObservations:
    """`observations` generates valid observation logs for an agreement."""

    @given(_observed(max_size=8))
    def test_valid(self, pair: tuple[Agreement, list[Any]]) -> None:
        """Records name the agreement's metrics, fall near its term, and are valid."""
        agreement, records = pair
        metrics = {m.id for m in agreement.metrics}

        assert len(records) <= 8
        for record in records:
            assert record.metric in metrics
            assert agreement.start - _MARGIN <= record.at <= agreement.end + _MARGIN
            if record.value is None:
                assert record.ref is not None
            else:
                assert decimal_problem(record.value) is None
            assert all(
                isinstance(k, str) and isinstance(v, str)
                for k, v in record.dims.items()
            )

    @given(observations(_NO_METRICS))
    def test_no_metrics(self, records: list[Any]) -> None:
        """An agreement without metrics has no observations."""
        assert [] == records

    @pytest.mark.parametrize(
        ("feature", "condition"),
        [
            (
                "a repeated ref",
                lambda p: (
                    len([o.ref for o in p[1] if o.ref])
                    > len({o.ref for o in p[1] if o.ref})
                ),
            ),
            ("a retraction", lambda p: any(o.value is None for o in p[1])),
            ("no ref", lambda p: any(o.ref is None for o in p[1])),
            ("dims", lambda p: any(o.dims for o in p[1])),
            (
                "dims matching a where",
                lambda p: any(
                    t.where and all(o.dims.get(k) == v for k, v in t.where.items())
                    for t in _targets(p[0])
                    for o in p[1]
                ),
            ),
            ("a day before the term", lambda p: any(o.at < p[0].start for o in p[1])),
            ("a day after the term", lambda p: any(o.at > p[0].end for o in p[1])),
        ],
    )
    def test_shows_up(self, feature: str, condition: Callable[[Any], bool]) -> None:
        """Each kind of record shows up among the first 150 logs."""
        assert shows_up(_OBSERVED, condition), feature


#: Compliant agreements as small as a compliant plan can be.
_COMPLIANT_SMALL = agreements(
    compliant=True,
    max_parties=2,
    max_metrics=2,
    max_goals=2,
    max_contributions=3,
    max_allocations=2,
    max_incentives=1,
    max_clauses=0,
    max_reviews=2,
)
_COMPLIANT = agreements(compliant=True)


class TestCompliantAgreements:
    """`agreements(compliant=True)` draws only plans whose check is ok."""

    @given(_COMPLIANT, dates())
    def test_passes_check(self, agreement: Agreement, as_of: dt.date) -> None:
        """No error finding under the default policy, as of any day."""
        report = check(agreement, as_of=as_of)

        assert [] == [(f.code, f.subject) for f in report.errors]

    @given(
        agreements_with_observations(compliant=True, max_observations=12),
        dates(dt.date(2019, 1, 1), dt.date(2040, 12, 31)),
    )
    def test_passes_check_with_observations(
        self, pair: tuple[Agreement, list[Any]], as_of: dt.date
    ) -> None:
        """With a log too: every held review acts on every goal and contribution."""
        agreement, log = pair

        report = check(agreement, as_of=as_of, observations=log)

        assert [] == [(f.code, f.subject) for f in report.errors]

    @given(_COMPLIANT)
    def test_capacities_hold_every_allocation_weekly(
        self, agreement: Agreement
    ) -> None:
        """Every allocation at its most, 10^6 a week, stays within capacity."""
        most = Decimal(10**6)
        weekly = attrs.evolve(
            agreement,
            allocations=tuple(
                attrs.evolve(
                    allocation,
                    per=Period.WEEK,
                    amount=attrs.evolve(allocation.amount, amount=most),
                )
                for allocation in agreement.allocations
            ),
        )

        report = check(weekly, as_of=weekly.start)

        assert [] == [f.subject for f in report.findings if f.code == "MC204"]

    @pytest.mark.parametrize(
        ("feature", "condition"),
        [
            ("a warning", lambda a: check(a, as_of=a.end).warnings),
            ("three parties", lambda a: len(a.parties) >= 3),
            ("a capacity", lambda a: any(p.capacity for p in a.parties)),
            ("an allocation", lambda a: a.allocations),
            ("an incentive", lambda a: a.incentives),
            ("a held review", lambda a: a.reviews),
            ("a due day", lambda a: any(t.due for t in _targets(a))),
            (
                "a contribution without target",
                lambda a: any(c.target is None for c in a.contributions),
            ),
        ],
    )
    def test_varied(self, feature: str, condition: Callable[[Agreement], Any]) -> None:
        """Compliant plans still vary: warnings, capacities, incentives, reviews."""
        assert shows_up(_COMPLIANT, condition), feature

    @given(_COMPLIANT_SMALL)
    def test_the_rules_that_made_poor_plans(self, agreement: Agreement) -> None:
        """Both sides, each contributing, signed, with a review rule and targets."""
        roles = {p.role for p in agreement.parties}
        contributing = {c.party for c in agreement.contributions}

        assert Role.VENDOR in roles
        assert roles - {Role.VENDOR}
        assert {p.id for p in agreement.parties} == contributing
        assert agreement.review_rule is not None
        assert all(g.target is not None for g in agreement.goals)
        assert len(agreement.parties) == len(agreement.signatures)
        assert all(
            s.fingerprint == agreement.fingerprint() for s in agreement.signatures
        )

    def test_default_is_unchanged(self) -> None:
        """Without compliant, poor plans still show up, as a test of check wants."""
        assert shows_up(_AGREEMENTS, lambda a: not check(a, as_of=a.end).ok)

    @pytest.mark.parametrize(
        "kwargs",
        [{"max_parties": 1}, {"max_contributions": 1}, {"max_metrics": 0}],
        ids=repr,
    )
    def test_bad_arguments(self, kwargs: dict[str, Any]) -> None:
        """Limits no compliant plan fits in are refused, naming the limit."""
        name = next(iter(kwargs))
        with pytest.raises(ValueError, match=f"{name} must be at least"):
            agreements(compliant=True, **kwargs)


class TestAgreementsWithObservations:
    """`agreements_with_observations` draws an agreement and its log together."""

    @given(agreements_with_observations(max_parties=2, max_observations=5))
    def test_pairs(self, pair: tuple[Agreement, list[Any]]) -> None:
        """Each log names only its own agreement's metrics, within the size."""
        agreement, log = pair
        metrics = {m.id for m in agreement.metrics}

        assert len(agreement.parties) <= 2
        assert len(log) <= 5
        assert {o.metric for o in log} <= metrics

    def test_logs_show_up(self) -> None:
        """Non-empty logs are drawn."""
        assert shows_up(agreements_with_observations(), lambda p: len(p[1]) > 1)

    def test_no_context(self) -> None:
        """Orders and deliveries ignore the caller's decimal context (no rounding, no traps).

        Their values are made non-negative with ``abs``, which rounded in the
        caller's context: a one-digit context with traps raised Inexact.
        """
        context = decimal.Context(prec=1, traps=[decimal.Inexact, decimal.Rounded])

        with decimal.localcontext(context):
            _, log = first(
                agreements_with_observations(),
                lambda p: any(
                    "order" in o.dims
                    and o.value is not None
                    and len(o.value.as_tuple().digits) > 3
                    for o in p[1]
                ),
            )

        assert log == list(load_observations(dump_observations(log)))

    def test_bad_arguments(self) -> None:
        """A negative size or an unknown limit is refused at once."""
        with pytest.raises(ValueError, match="max_observations must not be negative"):
            agreements_with_observations(max_observations=-1)
        with pytest.raises(TypeError, match="max_things"):
            agreements_with_observations(max_things=1)  # type: ignore[call-arg]

    @pytest.mark.parametrize(
        ("limits", "message"),
        [
            ({"compliant": "no"}, "compliant must be a bool, got str 'no'"),
            ({"max_parties": "3"}, "max_parties must be an int, got str '3'"),
            ({"max_goals": 2.0}, "max_goals must be an int, got float 2.0"),
            ({"max_reviews": True}, "max_reviews must be an int, got bool True"),
            (
                {"max_observations": None},
                "max_observations must be an int, got NoneType None",
            ),
        ],
        ids=["compliant", "text", "float", "bool", "none"],
    )
    def test_a_limit_of_another_type(
        self, limits: dict[str, Any], message: str
    ) -> None:
        """A limit of another type is a TypeError naming it, when the strategy is made."""
        with pytest.raises(TypeError) as caught:
            agreements_with_observations(**limits)

        assert message == str(caught.value)


#: Small agreements with a fund, and short logs for them.
_FUNDED = agreements_with_fund_events(
    max_parties=2,
    max_metrics=2,
    max_goals=1,
    max_contributions=2,
    max_allocations=2,
    max_incentives=0,
    max_clauses=0,
    max_reviews=0,
    max_requests=3,
    max_grants=1,
)

_K = FundEventKind


def _funds(agreement: Agreement) -> list[str]:
    return [a.id for a in agreement.allocations if a.fund is not None]


def _steps(
    log: tuple[FundEvent, ...], kind: FundEventKind
) -> dict[tuple[str, str], list[FundEvent]]:
    """Group the standing records of *kind* by the request they are about."""
    steps: dict[tuple[str, str], list[FundEvent]] = {}
    for _, event in standing_fund_events(log)[0]:
        if event.event is kind:
            steps.setdefault((event.fund, event.request or ""), []).append(event)
    return steps


class TestFundEvents:
    """`fund_events` draws fund logs the library accepts at every day."""

    @settings(max_examples=40)
    @given(_FUNDED)
    def test_accepted_at_every_day(
        self, pair: tuple[Agreement, tuple[FundEvent, ...]]
    ) -> None:
        """The log and each of its days' prefixes load back, and the ledger takes them."""
        agreement, log = pair
        days = sorted({event.at for event in log})

        assert log == load_fund_events(dump_fund_events(log))
        assert [event.at for event in log] == sorted(event.at for event in log)
        for day in days:
            prefix = tuple(event for event in log if event.at <= day)
            assert prefix == load_fund_events(dump_fund_events(prefix))
            ledgers = fund_ledger(agreement, log, as_of=day)
            assert [ledger.fund for ledger in ledgers] == _funds(agreement)

    @given(_FUNDED)
    def test_within_the_limits(
        self, pair: tuple[Agreement, tuple[FundEvent, ...]]
    ) -> None:
        """Records name the agreement's funds, near its term, at most 3 requests and 1 grant a fund."""
        agreement, log = pair
        funds = _funds(agreement)

        assert funds
        for fund in funds:
            refs = {(e.event, e.ref) for e in log if e.fund == fund}
            assert len({ref for kind, ref in refs if kind is _K.REQUEST}) <= 3
            assert len({ref for kind, ref in refs if kind is _K.GRANT}) <= 1
        made: set[tuple[str, str]] = set()
        for event in log:
            assert event.fund in funds
            assert agreement.start - _MARGIN <= event.at
            if (event.fund, event.ref) not in made and event.event in (
                _K.GRANT,
                _K.REQUEST,
            ):
                # Made near the term; corrected or retracted any time later.
                assert event.at <= agreement.end + _MARGIN
            made.add((event.fund, event.ref))

    @given(_FUNDED)
    def test_no_payment_above_what_is_allowed(
        self, pair: tuple[Agreement, tuple[FundEvent, ...]]
    ) -> None:
        """Standing payments stay within the approval, the claim and its decision."""
        _, log = pair
        approvals = _steps(log, _K.APPROVAL)
        claims = _steps(log, _K.CLAIM)
        decisions = _steps(log, _K.DECISION)

        for key, paid in _steps(log, _K.PAYMENT).items():
            total = sum((p.amount or Decimal(0) for p in paid), Decimal(0))
            [approval], [claim] = approvals[key], claims[key]
            assert total <= (approval.amount or 0)
            assert total <= (claim.amount or 0)
            for decision in decisions.get(key, []):
                assert total <= (decision.amount or 0)

    def test_no_funds_no_records(self) -> None:
        """An agreement without a fund gets empty logs."""
        assert () == find(fund_events(_NO_METRICS), lambda _: True)

    @pytest.mark.parametrize(
        ("feature", "condition"),
        [
            *[
                (
                    f"a {kind.value}",
                    functools.partial(
                        lambda kind, p: any(e.event is kind for e in p[1]), kind
                    ),
                )
                for kind in FundEventKind
            ],
            ("two funds", lambda p: len({e.fund for e in p[1]}) > 1),
            (
                "one ref in two funds",
                lambda p: any(
                    len({e.fund for e in p[1] if e.ref == ref}) > 1
                    for ref in {e.ref for e in p[1]}
                ),
            ),
            (
                "a correction",
                lambda p: any(
                    a.ref == b.ref
                    and a.fund == b.fund
                    and a.amount != b.amount
                    and None not in (a.amount, b.amount)
                    for i, a in enumerate(p[1])
                    for b in p[1][i + 1 :]
                ),
            ),
            *[
                (
                    f"a {kind.value} retracted",
                    functools.partial(
                        lambda kind, p: any(
                            e.event is kind and e.amount is None for e in p[1]
                        ),
                        kind,
                    ),
                )
                for kind in (_K.GRANT, _K.REQUEST, _K.PAYMENT)
            ],
            (
                "a rejection",
                lambda p: any(e.event is _K.APPROVAL and e.amount == 0 for e in p[1]),
            ),
            (
                "a claim above its approval",
                lambda p: any(
                    (c.amount or 0) > (a.amount or 0)
                    for key, [c] in _steps(p[1], _K.CLAIM).items()
                    for a in _steps(p[1], _K.APPROVAL).get(key, [])
                ),
            ),
            (
                "a claim without proof",
                lambda p: any(e.event is _K.CLAIM and not e.proof for e in p[1]),
            ),
            (
                "two payments of a request",
                lambda p: any(
                    len(paid) > 1 for paid in _steps(p[1], _K.PAYMENT).values()
                ),
            ),
            (
                "an activity's days and cost",
                lambda p: any(e.start and e.end and e.cost is not None for e in p[1]),
            ),
        ],
    )
    def test_shows_up(self, feature: str, condition: Callable[[Any], bool]) -> None:
        """Each kind of record and of change shows up."""
        assert shows_up(_FUNDED, condition), feature

    def test_no_context(self) -> None:
        """Generation ignores the caller's decimal context (no rounding, no traps)."""
        context = decimal.Context(prec=1, traps=[decimal.Inexact, decimal.Rounded])

        with decimal.localcontext(context):
            _, log = first(
                _FUNDED,
                lambda p: any(
                    e.event is _K.PAYMENT and len(e.amount.as_tuple().digits) > 3
                    for e in p[1]
                    if e.amount is not None
                ),
            )

        assert log == load_fund_events(dump_fund_events(log))

    @settings(max_examples=20)
    @given(
        agreements_with_fund_events(
            compliant=True, max_parties=2, max_contributions=2, max_allocations=1,
            max_goals=1, max_metrics=1, max_incentives=0, max_clauses=0, max_reviews=1,
        )
    )  # fmt: skip
    def test_compliant(self, pair: tuple[Agreement, tuple[FundEvent, ...]]) -> None:
        """With compliant, the agreement with its fund still passes check without the log."""
        agreement, _ = pair

        assert _funds(agreement)
        assert check(agreement, as_of=agreement.end).ok

    def test_the_limits_default_to_those_of_agreements(self) -> None:
        """Without limits, the agreement is drawn within agreements()' defaults."""
        defaults = {
            name: parameter.default
            for name, parameter in inspect.signature(agreements).parameters.items()
        }
        drawn = {
            field.name: field.default
            for field in attrs.fields(strategies._Sizes)
            if field.name != "funded"
        }

        assert defaults == drawn

    def test_bad_arguments(self) -> None:
        """Negative sizes, no room for a fund and unknown limits are refused at once."""
        with pytest.raises(ValueError, match="max_requests must not be negative"):
            fund_events(_NO_METRICS, max_requests=-1)
        with pytest.raises(ValueError, match="max_grants must not be negative"):
            agreements_with_fund_events(max_grants=-1)
        with pytest.raises(ValueError, match="max_allocations must be at least 1"):
            agreements_with_fund_events(max_allocations=0)
        with pytest.raises(ValueError, match="max_contributions must be at least 1"):
            agreements_with_fund_events(max_contributions=0)
        with pytest.raises(ValueError, match="max_goals must not be negative"):
            agreements_with_fund_events(max_goals=-1)
        with pytest.raises(TypeError, match="max_things"):
            agreements_with_fund_events(max_things=1)  # type: ignore[call-arg]

    @pytest.mark.parametrize(
        ("limits", "message"),
        [
            ({"max_parties": "3"}, "max_parties must be an int, got str '3'"),
            ({"compliant": 1}, "compliant must be a bool, got int 1"),
            ({"max_requests": "4"}, "max_requests must be an int, got str '4'"),
            ({"max_grants": 1.5}, "max_grants must be an int, got float 1.5"),
        ],
        ids=["parties", "compliant", "requests", "grants"],
    )
    def test_a_limit_of_another_type(
        self, limits: dict[str, Any], message: str
    ) -> None:
        """A limit of another type is a TypeError naming it, not one from inside a draw."""
        with pytest.raises(TypeError) as caught:
            agreements_with_fund_events(**limits)

        assert message == str(caught.value)


class TestShrinking:
    """A failing example shrinks toward leaving the optional parts out."""

    def test_sometimes_shrinks_to_false(self) -> None:
        """What is drawn one time in four (extensions, a review rule) shrinks away.

        It shrank toward True: every party of a minimal example kept
        ``extensions={"crm_id": None}``.
        """
        drawn = st.composite(strategies._sometimes)()

        assert find(drawn, lambda _: True, settings=_FIND) is False

    def test_maybe_shrinks_to_none(self) -> None:
        """An optional value shrinks to None, not to a value."""
        drawn = st.composite(lambda draw: strategies._maybe(draw, st.integers()))()

        assert find(drawn, lambda _: True, settings=_FIND) is None

    def test_a_small_minimal_agreement(self) -> None:
        """The minimal agreement has one party, without extensions or a review rule."""
        minimal = find(
            agreements(
                max_parties=1,
                max_metrics=0,
                max_goals=0,
                max_contributions=0,
                max_allocations=0,
                max_incentives=0,
                max_clauses=0,
                max_reviews=0,
                max_remedies=0,
            ),
            lambda _: True,
            settings=_FIND,
        )

        assert ({}, None) == (dict(minimal.parties[0].extensions), minimal.review_rule)


_FIND = settings(database=None, derandomize=True)


class TestArguments:
    """Bad arguments are refused when the strategy is made, with an error naming them."""

    @pytest.mark.parametrize(
        ("make", "error", "message"),
        [
            (
                lambda: quantities(unit="bogus"),
                ValueError,
                (
                    "unit must be one of count, day, fte, hour, percent or a currency "
                    "code (three upper-case letters), got 'bogus'"
                ),
            ),
            (
                lambda: quantities(unit=5),  # type: ignore[arg-type]
                TypeError,
                "unit must be a unit, a strategy of units or None, got int 5",
            ),
            (
                lambda: decimals(min_value=Decimal("NaN")),
                ValueError,
                "min_value must be a finite Decimal, got NaN",
            ),
            (
                lambda: decimals(max_value=Decimal("Infinity")),
                ValueError,
                "max_value must be a finite Decimal, got Infinity",
            ),
            (
                lambda: decimals(min_value=0.5),  # type: ignore[arg-type]
                TypeError,
                "min_value must be a Decimal, an int or None, got float 0.5",
            ),
            (
                lambda: observations(None),  # type: ignore[arg-type]
                TypeError,
                "agreement is an Agreement, got NoneType",
            ),
            (
                lambda: fund_events(None),  # type: ignore[arg-type]
                TypeError,
                "agreement is an Agreement, got NoneType",
            ),
            (
                lambda: agreements_with_observations(max_goal=2),  # type: ignore[call-arg]
                TypeError,
                (
                    "agreements_with_observations() got unknown keyword arguments: "
                    "max_goal (the limits of agreements(): compliant,"
                ),
            ),
            (
                lambda: agreements_with_fund_events(max_goal=2),  # type: ignore[call-arg]
                TypeError,
                "agreements_with_fund_events() got unknown keyword arguments: max_goal",
            ),
        ],
        ids=[
            "unit-text",
            "unit-type",
            "min-nan",
            "max-infinity",
            "min-float",
            "observations-none",
            "fund-events-none",
            "observations-limit",
            "fund-events-limit",
        ],
    )
    def test_refused_when_made(
        self, make: Callable[[], object], error: type[Exception], message: str
    ) -> None:
        """Each bad argument is refused at once, not when a value is drawn."""
        with pytest.raises(error) as raised:
            make()
        assert str(raised.value).startswith(message)

    def test_negative_max_size(self) -> None:
        """observations(max_size=-1) is a ValueError when made, as agreements' limits are."""
        plan = first(agreements(), lambda a: bool(a.metrics))
        with pytest.raises(ValueError, match="max_size must not be negative, got -1"):
            observations(plan, max_size=-1)

    def test_a_currency_unit(self) -> None:
        """A currency code and a plain unit are taken as the unit of every quantity."""
        assert ("EUR", "fte") == (
            first(quantities(unit="EUR"), bool).unit,
            first(quantities(unit="fte"), bool).unit,
        )
