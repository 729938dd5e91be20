from __future__ import annotations

import copy
import datetime as dt
import enum
import pickle
import weakref
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs
import pytest

from mutualcommit.errors import InvalidAgreementError
from mutualcommit.model import (
    Aggregation,
    Agreement,
    AgreementStatus,
    Contribution,
    ContributionKind,
    Direction,
    FiscalCalendar,
    FrozenDict,
    Goal,
    Metric,
    Observation,
    Party,
    Period,
    Pillar,
    Quantity,
    Role,
    Step,
    Target,
    freeze_json,
    thaw_json,
)
from mutualcommit.serialize import dumps, from_dict, loads, to_dict


class _Tier(enum.StrEnum):
    GOLD = "gold"


class _Rev(enum.IntEnum):
    TWO = 2


def _round_trip(value: Any) -> Any:
    return pickle.loads(pickle.dumps(value))  # noqa: S301 - our own data


class TestHashing:
    """Model values are hashable, and equal values hash equal."""

    def test_agreement(self, agreement: Agreement) -> None:
        """Two equal agreements built apart hash equal."""
        twin = attrs.evolve(agreement)

        assert agreement == twin
        assert hash(agreement) == hash(twin)

    def test_usable_as_keys(self, agreement: Agreement) -> None:
        """Agreements and entities can be set members and dict keys."""
        assert 1 == len({agreement, attrs.evolve(agreement)})
        assert {agreement.goals[0]: 1}[attrs.evolve(agreement.goals[0])] == 1

    def test_decimal_spelling(self) -> None:
        """Values that differ only in decimal spelling are equal and hash equal."""
        one = Goal(id="g", title="G", weight=Decimal(1))
        also_one = Goal(id="g", title="G", weight=Decimal("1.000"))

        assert one == also_one
        assert hash(one) == hash(also_one)

    def test_where_order(self) -> None:
        """A target's `where` compares and hashes as a mapping, whatever its order."""
        a = Target(
            metric="m",
            value=Decimal(1),
            direction=Direction.AT_LEAST,
            where={"party": "x", "region": "emea"},
        )
        b = attrs.evolve(a, where={"region": "emea", "party": "x"})

        assert a == b
        assert hash(a) == hash(b)

    def test_different_values(self) -> None:
        """Different values are unequal."""
        assert Quantity(amount=Decimal(1), unit="EUR") != Quantity(
            amount=Decimal(1), unit="USD"
        )


class TestExtensions:
    """Extensions take part in equality but not in the hash."""

    def test_agreements(self, agreement: Agreement) -> None:
        """Agreements differing only in extensions are unequal and hash equal."""
        hosted = attrs.evolve(agreement, extensions={"crm": "0015g00000XyZ"})

        assert agreement != hosted
        assert hash(agreement) == hash(hosted)

    @pytest.mark.parametrize(
        "entity",
        [
            Party(id="p", name="P", role=Role.PARTNER),
            Metric(id="m", name="M", unit="count", aggregation=Aggregation.COUNT),
            Goal(id="g", title="G"),
            Contribution(id="c", party="p", title="C", kind=ContributionKind.OTHER),
        ],
        ids=lambda e: type(e).__name__,
    )
    def test_entities(self, entity: Any) -> None:
        """Entities differing only in extensions are unequal and hash equal."""
        hosted = attrs.evolve(entity, extensions={"ui": [1, 2]})

        assert entity != hosted
        assert hash(entity) == hash(hosted)

    @pytest.mark.parametrize(
        ("one", "other"),
        [
            (True, 1),
            (False, 0),
            (True, 1.0),
            ([True, "a"], [1, "a"]),
            ({"open": True}, {"open": 1}),
            ([{"n": [False]}], [{"n": [0]}]),
        ],
        ids=repr,
    )
    def test_a_boolean_is_no_number(
        self, agreement: Agreement, one: object, other: object
    ) -> None:
        """JSON's true is not 1, at any depth, though Python's True == 1.

        The two write differently, so an archive compared with == must
        see the change.
        """
        first = attrs.evolve(agreement, extensions={"ok": one})
        second = attrs.evolve(agreement, extensions={"ok": other})

        assert (False, True) == (first == second, first != second)
        assert dumps(first) != dumps(second)
        assert hash(first) == hash(second)  # allowed: unequal values may collide

    def test_whole_and_float_numbers_are_one_number(self, agreement: Agreement) -> None:
        """1 and 1.0 are one JSON number: equal, and one canonical document."""
        first = attrs.evolve(agreement, extensions={"n": 1})
        second = attrs.evolve(agreement, extensions={"n": 1.0})

        assert first == second
        assert dumps(first, canonical=True) == dumps(second, canonical=True)

    def test_read_extensions_compare_alike(self, agreement: Agreement) -> None:
        """Extensions read from JSON compare as built ones do: true is not 1."""
        built = attrs.evolve(agreement, extensions={"ok": True, "n": [1, "a"]})
        read = loads(dumps(built))

        assert built == read
        assert read != attrs.evolve(agreement, extensions={"ok": 1, "n": [1, "a"]})

    def test_unhashable_contents_do_not_matter(self) -> None:
        """Extensions are frozen on the way in, so any JSON-like value works."""
        party = Party(
            id="p",
            name="P",
            role=Role.PARTNER,
            extensions={"tags": ["a", "b"], "ui": {"open": [True, {"n": 1}]}},
        )

        assert (("a", "b"), FrozenDict({"open": (True, FrozenDict({"n": 1}))})) == (
            party.extensions["tags"],
            party.extensions["ui"],
        )
        assert isinstance(hash(party), int)

    def test_immutable(self) -> None:
        """Extensions cannot be changed in place."""
        party = Party(id="p", name="P", role=Role.PARTNER, extensions={"a": {"b": 1}})

        with pytest.raises(TypeError):
            party.extensions["a"] = 2  # type: ignore[index]
        with pytest.raises(TypeError):
            party.extensions["a"]["b"] = 2

    def test_a_frozen_mapping_is_frozen_deeply(self, agreement: Agreement) -> None:
        """``extensions | {...}`` holds what the plain dict holds: frozen, equal, read back."""
        added = {"crm": {"ids": [1, 2]}, "score": Decimal("0.1")}
        held: FrozenDict[str, Any] = agreement.extensions  # type: ignore[assignment]
        merged = attrs.evolve(agreement, extensions=held | added)
        plain = attrs.evolve(agreement, extensions=added)

        assert plain == merged
        assert merged == loads(dumps(merged))
        assert (FrozenDict, tuple, 0.1) == (
            type(merged.extensions["crm"]),
            type(merged.extensions["crm"]["ids"]),
            merged.extensions["score"],
        )
        with pytest.raises(TypeError):
            merged.extensions["crm"]["ids"] = ()

    def test_deep_frozen_mapping_refused(self, agreement: Agreement) -> None:
        """A FrozenDict nested past 64 levels is refused, not followed down."""
        deep: Any = FrozenDict({"a": [1]})
        for _ in range(5000):
            deep = FrozenDict({"a": deep})

        with pytest.raises(InvalidAgreementError) as info:
            attrs.evolve(agreement, extensions={"deep": deep})

        assert "expected at most 64 levels of nesting" in str(info.value)

    def test_enum_members_are_plain_values(self, agreement: Agreement) -> None:
        """A StrEnum or IntEnum member is held as its JSON value: to_dict's document reads back."""
        hosted = attrs.evolve(
            agreement,
            extensions={"tier": _Tier.GOLD, "rev": [_Rev.TWO], _Tier.GOLD: True},
        )
        held: FrozenDict[str, Any] = agreement.extensions  # type: ignore[assignment]
        merged = attrs.evolve(agreement, extensions=held | {"tier": _Tier.GOLD})

        assert [(str, "gold"), (int, 2), (str, "gold"), (bool, True)] == [
            (type(hosted.extensions["tier"]), hosted.extensions["tier"]),
            (type(hosted.extensions["rev"][0]), hosted.extensions["rev"][0]),
            (type(next(iter(hosted.extensions.keys() - {"tier", "rev"}))), "gold"),
            (type(hosted.extensions["gold"]), hosted.extensions["gold"]),
        ]
        assert {"tier": "gold", "rev": [2], "gold": True} == to_dict(hosted)[
            "extensions"
        ]
        assert hosted == from_dict(to_dict(hosted))
        assert str is type(merged.extensions["tier"])

    def test_caller_dict_not_shared(self) -> None:
        """Changing the caller's dict afterwards does not change the entity."""
        mine: dict[str, Any] = {"a": [1]}
        party = Party(id="p", name="P", role=Role.PARTNER, extensions=mine)

        mine["a"].append(2)
        mine["b"] = 3

        assert {"a": (1,)} == party.extensions

    def test_not_in_repr(self) -> None:
        """Extensions are left out of the repr (they can be large)."""
        party = Party(id="p", name="P", role=Role.PARTNER, extensions={"secret": 1})

        assert "secret" not in repr(party)


class TestImmutability:
    """Model values are frozen and hold tuples."""

    def test_frozen(self, agreement: Agreement) -> None:
        """Assigning a field raises."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            agreement.title = "x"  # type: ignore[misc]

    def test_lists_become_tuples(self) -> None:
        """Collections given as lists are stored as tuples."""
        contribution = Contribution(
            id="c",
            party="p",
            title="C",
            kind=ContributionKind.OTHER,
            supports=["a", "b"],
        )

        assert ("a", "b") == contribution.supports

    def test_where_is_frozen(self) -> None:
        """A target's `where` is a FrozenDict."""
        target = Target(
            metric="m", value=Decimal(1), direction=Direction.AT_MOST, where={"a": "b"}
        )

        assert isinstance(target.where, FrozenDict)

    def test_keyword_only(self) -> None:
        """Entities take keyword arguments only."""
        with pytest.raises(TypeError):
            Quantity(Decimal(1), "EUR")  # type: ignore[call-arg]

    def test_defaults(self) -> None:
        """Collections default to (), optional fields to None, weight to 1."""
        goal = Goal(id="g", title="G")
        contribution = Contribution(
            id="c", party="p", title="C", kind=ContributionKind.OTHER
        )

        assert (None, Decimal(1), "", {}) == (
            goal.target,
            goal.weight,
            goal.description,
            goal.extensions,
        )
        assert ((), None, None) == (
            contribution.supports,
            contribution.target,
            contribution.pillar,
        )


_ENTITIES = [
    Quantity(amount=Decimal("1.50"), unit="EUR"),
    Party(
        id="p",
        name="Zoë",
        role=Role.VENDOR,
        capacity=(Quantity(amount=Decimal(1), unit="fte"),),
        extensions={"x": [1, {"y": None}]},
    ),
    Target(
        metric="m",
        value=Decimal(3),
        direction=Direction.AT_LEAST,
        per=Period.QUARTER,
        steps=(Step(starting=dt.date(2026, 4, 1), value=Decimal(4)),),
        where={"party": "p"},
    ),
    Contribution(
        id="c",
        party="p",
        title="C",
        kind=ContributionKind.CO_SELLING,
        pillar=Pillar.SELL,
    ),
    FiscalCalendar(start_month=4, naming="start"),
    Observation("m", dt.date(2026, 3, 2), Decimal(1), ref="DR-1", dims={"party": "p"}),
    Observation("m", dt.date(2026, 3, 2), None, ref="DR-1"),
    AgreementStatus.ACTIVE,
]
_ENTITY_IDS = [
    "quantity",
    "party",
    "target",
    "contribution",
    "fiscal-calendar",
    "observation",
    "retraction",
    "status",
]


class TestPickling:
    """Model values pickle and come back equal."""

    # Plain ASCII ids: see test_string_escapes in test_canonical.py for why
    # an id pytest has to escape breaks mutation testing.
    @pytest.mark.parametrize("value", _ENTITIES, ids=_ENTITY_IDS)
    def test_entities(self, value: Any) -> None:
        """An entity round-trips through pickle, equal and with an equal hash."""
        copy = _round_trip(value)

        assert value == copy
        assert hash(value) == hash(copy)

    def test_agreement(self, agreement: Agreement) -> None:
        """An agreement round-trips with its fingerprint and extensions."""
        hosted = attrs.evolve(agreement, extensions={"crm": {"ids": [1, 2]}})

        copy = _round_trip(hosted)

        assert hosted == copy
        assert hash(hosted) == hash(copy)
        assert hosted.fingerprint() == copy.fingerprint()
        assert isinstance(copy.extensions["crm"], FrozenDict)

    def test_agreement_after_fingerprint(self, agreement: Agreement) -> None:
        """An agreement whose fingerprint was computed pickles all the same."""
        expected = agreement.fingerprint()

        assert expected == _round_trip(agreement).fingerprint()

    def test_copy(self, agreement: Agreement) -> None:
        """Shallow and deep copies are equal agreements."""
        assert agreement == copy.copy(agreement) == copy.deepcopy(agreement)


class TestFrozenDict:
    """FrozenDict is a read-only, hashable, picklable mapping."""

    def test_mapping(self) -> None:
        """It reads like a dict."""
        frozen = FrozenDict({"a": 1, "b": 2})

        assert isinstance(frozen, Mapping)
        assert (2, ["a", "b"], True, False, 1, None) == (
            len(frozen),
            list(frozen),
            "a" in frozen,
            "z" in frozen,
            frozen["a"],
            frozen.get("z"),
        )

    def test_missing_key(self) -> None:
        """A missing key raises KeyError."""
        with pytest.raises(KeyError):
            FrozenDict({"a": 1})["b"]

    def test_equal_to_dicts(self) -> None:
        """It equals any mapping with the same items, in any order."""
        assert FrozenDict({"a": 1, "b": 2}) == {"b": 2, "a": 1}
        assert {"a": 1} == FrozenDict({"a": 1})
        assert FrozenDict({"a": 1}) != {"a": 2}
        assert FrozenDict({"a": 1}) != [("a", 1)]

    def test_weak_reference(self) -> None:
        """A FrozenDict (a where, extensions) can be weakly referenced, as every model value."""
        target = Target(
            metric="m", value=Decimal(1), direction=Direction.AT_LEAST, where={"r": "E"}
        )
        cache: weakref.WeakKeyDictionary[object, str] = weakref.WeakKeyDictionary()
        cache[target.where] = "EMEA"

        assert (target.where, "EMEA") == (
            weakref.ref(target.where)(),
            cache[FrozenDict({"r": "E"})],
        )

    def test_tuples_are_not_lists(self) -> None:
        """Values compare with ==, as a dict's: an array held as a tuple is no list."""
        payload = {"ids": [1, 2], "score": Decimal("0.5")}
        party = Party(id="p", name="P", role=Role.PARTNER, extensions=payload)

        assert (False, True, True, True) == (
            party.extensions == payload,
            party.extensions == {"ids": (1, 2), "score": 0.5},
            thaw_json(party.extensions) == {"ids": [1, 2], "score": 0.5},
            party.extensions == freeze_json(payload),
        )

    def test_hash(self) -> None:
        """Equal FrozenDicts hash equal, whatever the insertion order."""
        assert hash(FrozenDict({"a": 1, "b": 2})) == hash(FrozenDict({"b": 2, "a": 1}))
        assert hash(FrozenDict()) == hash(FrozenDict({}))

    def test_read_only(self) -> None:
        """Items and attributes cannot be set or deleted."""
        frozen: Any = FrozenDict({"a": 1})

        with pytest.raises(TypeError):
            frozen["a"] = 2
        with pytest.raises(TypeError):
            del frozen["a"]
        with pytest.raises(AttributeError):
            frozen.x = 1
        with pytest.raises(AttributeError):
            frozen.pop("a")
        assert {"a": 1} == frozen

    def test_copies_its_input(self) -> None:
        """Changing the dict it was made from does not change it."""
        source = {"a": 1}
        frozen = FrozenDict(source)

        source["b"] = 2

        assert {"a": 1} == frozen

    def test_pickle(self) -> None:
        """It pickles to an equal FrozenDict."""
        frozen = FrozenDict({"a": (1, 2), "b": FrozenDict({"c": None})})

        copy = _round_trip(frozen)

        assert FrozenDict is type(copy)
        assert frozen == copy
        assert hash(frozen) == hash(copy)

    def test_union(self) -> None:
        """`|` returns a new FrozenDict, the right side winning."""
        merged = FrozenDict({"a": 1, "b": 2}) | {"b": 3, "c": 4}

        assert FrozenDict is type(merged)
        assert {"a": 1, "b": 3, "c": 4} == merged

    def test_repr(self) -> None:
        """Its repr shows its items."""
        assert "FrozenDict({'a': 1})" == repr(FrozenDict({"a": 1}))

    def test_unhashable_values(self) -> None:
        """It holds unhashable values but then cannot be hashed itself."""
        frozen = FrozenDict({"a": [1]})

        with pytest.raises(TypeError):
            hash(frozen)


class TestFreezeJson:
    """freeze_json and thaw_json convert between JSON-like and frozen values."""

    def test_freeze(self) -> None:
        """Dicts become FrozenDicts and lists tuples, deeply."""
        frozen = freeze_json({"a": [1, {"b": [None, True]}], "c": "x"})

        assert (
            FrozenDict({"a": (1, FrozenDict({"b": (None, True)})), "c": "x"}) == frozen
        )
        assert isinstance(frozen["a"][1], FrozenDict)
        assert isinstance(hash(frozen), int)

    def test_decimals_become_floats(self) -> None:
        """A Decimal is the float of its digits, as the readers make a JSON number; one no double holds stays."""
        frozen = freeze_json({"a": [Decimal("2.50")], "b": Decimal("1E+400")})

        assert (2.5, float) == (frozen["a"][0], type(frozen["a"][0]))
        assert Decimal("1E+400") == frozen["b"]

    def test_frozen_mapping_contents(self) -> None:
        """A FrozenDict's dicts, lists and Decimals are frozen as a dict's are."""
        frozen = freeze_json(FrozenDict({"a": [1, {"b": Decimal("2.5")}], "c": "x"}))

        assert FrozenDict({"a": (1, FrozenDict({"b": 2.5})), "c": "x"}) == frozen
        assert (tuple, FrozenDict, float) == (
            type(frozen["a"]),
            type(frozen["a"][1]),
            type(frozen["a"][1]["b"]),
        )

    def test_frozen_is_kept(self) -> None:
        """What is frozen already comes back as the same object, not a copy."""
        frozen = freeze_json({"a": [1, {"b": [None, 1.5]}], "c": "x"})

        assert frozen is freeze_json(frozen)
        assert frozen["a"] is freeze_json(frozen["a"])

    def test_round_trip(self) -> None:
        """Thawing a frozen value gives back the JSON-like value."""
        value = {"a": [1, {"b": [None, 1.5, "é"]}], "c": {}}

        assert value == thaw_json(freeze_json(value))
        assert isinstance(thaw_json(freeze_json(value))["a"], list)
