"""The invariants of an agreement, checked all at once.

An invariant is what makes an agreement meaningless (a dangling reference, a
NaN, a signature with no party), not what makes a plan poor: poor plans are
representable and `check()` reports them. Every problem is collected with
its path, ``goals[2].target.metric``, so one error lists them all; one
about a value of the wrong type (a number for an id, text for a date) is
made with `type_problem`, so that the error is a `TypeError` too.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ._bounds import MAX_TERM_DAYS, MAX_VERSION, MAX_WINDOWS, term_problems
from ._coerce import day_problem
from ._decimal import _plainly_sound, decimal_problem
from ._entities import (
    PLAIN_UNITS,
    ActionItem,
    Clause,
    Contribution,
    ExceptionCriterion,
    FiscalCalendar,
    Goal,
    Incentive,
    Metric,
    Party,
    Quantity,
    ResourceAllocation,
    Review,
    Signature,
    Step,
    Target,
    Tier,
    month_problem,
    naming_problem,
)
from ._enums import (
    Aggregation,
    ContributionKind,
    Direction,
    Period,
    Pillar,
    ReviewKind,
    Role,
    with_article,
)
from ._frozen import (
    EMPTY,
    MAX_DEPTH,
    FrozenDict,
    json_number,
    nfc_collisions,
)
from ._funds import fund_problems
from ._measure_checks import measure_problems
from ._paths import key_path
from ._problems import type_problem
from ._remedy import Remedy
from ._rrule import (
    MAX_RULE_LENGTH,
    dateutil_text,
    empty_part_problem,
    review_rule_parts_problem,
)
from ._selection import blank_keys, selection_problems, sound_selection
from ._shown import described as _describe
from ._shown import did_you_mean
from ._unicode import (
    LONE_SURROGATE,
    LONE_SURROGATE_KEY,
    blank_problem,
    has_lone_surrogate,
    unstable_problem,
)
from ._window_labels import window_label_problem

if TYPE_CHECKING:
    from ._agreement import Agreement

__all__ = ["agreement_problems", "is_identifier", "review_rule_problem"]

Problems = list[tuple[str, str]]

IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
CURRENCY = re.compile(r"[A-Z]{3}")
FINGERPRINT = re.compile(r"sha256:[0-9a-f]{64}")
_ZERO = Decimal(0)
# A member as a module constant: reading one off its enum class runs Python code.
_TERM = Period.TERM


def is_identifier(value: object) -> bool:
    """Tell whether *value* is a well-formed identifier."""
    return isinstance(value, str) and IDENTIFIER.fullmatch(value) is not None


def _well_formed_unit(value: object) -> bool:
    """Tell whether *value* is a unit: a plain one or a currency code.

    A check that compares units judges only well-formed ones: a malformed
    unit is reported at its own path, and a comparison would only report it
    again, elsewhere, in terms of the refused value.
    """
    return isinstance(value, str) and (
        value in PLAIN_UNITS or CURRENCY.fullmatch(value) is not None
    )


def _sound_quantity(quantity: Quantity, *, nonnegative: bool) -> bool:
    """Vouch for a common quantity (the checker's ``quantity`` finds none wrong).

    False means "not sure": the checker's full ``quantity`` then decides.
    """
    amount, unit = quantity.amount, quantity.unit
    return (
        type(amount) is Decimal
        and _plainly_sound(amount)
        and not (nonnegative and amount < _ZERO)
        and type(unit) is str
        and (unit in PLAIN_UNITS or CURRENCY.fullmatch(unit) is not None)
    )


def _unit_hint(value: object) -> str:
    """Tell the unit *value* likely means: a plain unit, or a currency in upper case."""
    if not isinstance(value, str):
        return ""
    upper = value.upper()
    known = [*sorted(PLAIN_UNITS), *([upper] if CURRENCY.fullmatch(upper) else [])]
    # Quoted as the message quotes what it found (a reader's is in JSON's).
    return did_you_mean(value, known, repr)


class _Checker:
    """Collects the problems of one agreement."""

    def __init__(self) -> None:
        self.problems: Problems = []
        #: The ids refused as malformed, by what they name: a reference to
        #: one is not reported again as naming no such thing.
        self.refused: set[tuple[str, str]] = set()
        #: What the entities of a collection refused as a whole are (``goals``
        #: given one goal, or a mapping, where a tuple belongs): their ids are
        #: not known, so no reference to one is said to name no such thing.
        self.unknown: set[str] = set()

    def add(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def wrong_type(self, path: str, message: str) -> None:
        """Add a problem about a value of the wrong type (see `type_problem`)."""
        self.problems.append(type_problem(path, message))

    # -- leaves -------------------------------------------------------------
    #
    # A leaf takes its path in two parts, *at* (the owner's path) and *name*
    # (``".title"``, ``"[2]"``), and joins them only to report a problem:
    # most values are sound, and their paths are never built.

    def identifier(self, path: str, value: object) -> bool:
        if isinstance(value, str) and IDENTIFIER.fullmatch(value):
            return True
        (self.add if isinstance(value, str) else self.wrong_type)(
            path,
            "expected an identifier (a letter or digit, then up to 127 of "
            f"letters, digits, '.', '_', ':', '-'), got {_describe(value)}",
        )
        return False

    def text(
        self,
        at: str,
        name: str,
        value: object,
        *,
        nonempty: bool = False,
        normalised: bool = True,
    ) -> None:
        """Check text; *normalised* text (all but in extensions) is read in NFC."""
        if type(value) is str and value.isascii() and (not nonempty or value.strip()):
            return  # the common case: ASCII text has no lone surrogate
        path = at + name
        if not isinstance(value, str):
            self.wrong_type(path, f"expected a string, got {_describe(value)}")
            return
        problem = blank_problem(value) if nonempty else None
        if problem is not None:
            self.add(path, problem)
        if has_lone_surrogate(value):
            self.add(path, LONE_SURROGATE)
        elif normalised and (problem := unstable_problem(value)) is not None:
            self.add(path, problem)

    def decimal(
        self, at: str, name: str, value: object, *, nonnegative: bool = False
    ) -> None:
        # decimal_problem's own fast test, without its call.
        sound = type(value) is Decimal and _plainly_sound(value)
        problem = None if sound else decimal_problem(value)
        if problem is not None:
            # A value of another type was set around the field's converter.
            (self.add if isinstance(value, Decimal) else self.wrong_type)(
                at + name, problem
            )
        elif nonnegative and value < _ZERO:  # type: ignore[operator]
            self.add(at + name, f"expected a value of at least 0, got {value}")

    def date(
        self, at: str, name: str, value: object, *, optional: bool = False
    ) -> bool:
        if type(value) is dt.date:  # the common case, in one test
            return True
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return True
        self.wrong_type(at + name, day_problem(value, optional=optional))
        return False

    def optional_date(self, at: str, name: str, value: object) -> None:
        if value is not None:
            self.date(at, name, value, optional=True)

    def member(self, at: str, name: str, value: object, kind: type[enum.Enum]) -> bool:
        if isinstance(value, kind):
            return True
        names = ", ".join(repr(m.value) for m in kind)
        # Set around its converter (which takes a member or its text).
        self.wrong_type(
            at + name,
            f"expected {with_article(kind.__name__)} ({names}), got {_describe(value)}"
            + did_you_mean(value, [str(m.value) for m in kind], repr),
        )
        return False

    def unit(self, at: str, name: str, value: object) -> None:
        if isinstance(value, str) and (
            value in PLAIN_UNITS or CURRENCY.fullmatch(value)
        ):
            return
        (self.add if isinstance(value, str) else self.wrong_type)(
            at + name,
            "expected a three-letter upper-case currency code or one of "
            f"count, percent, fte, hour, day; got {_describe(value)}"
            + _unit_hint(value),
        )

    def quantity(
        self, at: str, name: str, value: object, *, nonnegative: bool = True
    ) -> bool:
        if type(value) is Quantity and _sound_quantity(value, nonnegative=nonnegative):
            return True
        path = at + name
        if not isinstance(value, Quantity):
            self.wrong_type(path, f"expected a Quantity, got {_describe(value)}")
            return False
        self.decimal(path, ".amount", value.amount, nonnegative=nonnegative)
        self.unit(path, ".unit", value.unit)
        return True

    def reference(
        self, at: str, name: str, value: object, known: Mapping[str, Any], what: str
    ) -> None:
        if value in known if isinstance(value, str) else False:
            return
        if (what, value) in self.refused:
            return
        if what in self.unknown and isinstance(value, str):
            return  # its collection was refused as a whole: no id is known
        if not isinstance(value, str):
            self.wrong_type(
                at + name, f"expected the id of a {what}, got {_describe(value)}"
            )
        else:
            self.add(
                at + name,
                f"no {what} with id {value!r}" + self._likely(value, known, what),
            )

    def _likely(self, value: str, known: Mapping[str, Any], what: str) -> str:
        """Tell the id a reference to *value*, which names no *what*, likely means.

        A refused id that differs from *value* only in white space (or
        white space and case) is the likely one: ``"p001 "`` from a
        spreadsheet's cell, which every reference to ``"p001"`` means. Else
        the closest known id, as `did_you_mean` finds it.
        """
        bare = "".join(value.split())
        for kind, ident in sorted(self.refused):
            spaceless = "".join(ident.split())
            # An id refused for its white space, the reference's but for it.
            if (
                kind != what
                or spaceless == ident
                or spaceless.casefold() != bare.casefold()
            ):
                continue
            how = "white space" if spaceless == bare else "white space and case"
            return f" ({what} {ident!r} differs only in {how}; its id is refused)"
        return did_you_mean(value, known, repr)

    def references(
        self,
        at: str,
        name: str,
        values: object,
        known: Mapping[str, Any],
        what: str,
    ) -> None:
        if type(values) is tuple:
            # The common case: distinct ids all known, checked without paths.
            for value in values:
                if type(value) is not str or value not in known:
                    break
            else:
                if len(set(values)) == len(values):
                    return
        if not self.sequence(at, name, values) or not isinstance(values, tuple):
            return
        path = at + name
        seen: set[object] = set()
        for i, value in enumerate(values):
            self.reference(path, f"[{i}]", value, known, what)
            if isinstance(value, str):
                if value in seen:
                    self.add(f"{path}[{i}]", f"{what} {value!r} is named twice")
                seen.add(value)

    def sequence(self, at: str, name: str, value: object) -> bool:
        if isinstance(value, tuple):
            return True
        self.wrong_type(at + name, f"expected a tuple, got {_describe(value)}")
        return False

    def string_mapping(self, at: str, name: str, value: object) -> None:
        if value is EMPTY:  # the common case, without an ABC isinstance
            return
        path = at + name
        if type(value) is FrozenDict:  # what the converter makes: no ABC isinstance
            value = value._data  # noqa: SLF001
        elif not isinstance(value, Mapping):
            self.wrong_type(
                path, f"expected a mapping of strings, got {_describe(value)}"
            )
            return
        if sound_selection(value):
            return
        # Each as it is: one about a value of the wrong type is marked so.
        self.problems.extend(selection_problems(path, value))

    def extensions(self, at: str, name: str, value: object) -> None:
        if value is EMPTY:  # the common case, without an ABC isinstance
            return
        path = at + name
        if type(value) is FrozenDict:  # what the converter makes: no ABC isinstance
            if value._data:  # noqa: SLF001
                self._json(path, value, 1)
            return
        if not isinstance(value, Mapping):
            self.wrong_type(path, f"expected a mapping, got {_describe(value)}")
            return
        if value:
            self._json(path, value, 1)

    def _json(self, path: str, value: object, depth: int) -> None:
        if type(value) is str and value.isascii():  # the common case: sound text
            return
        if type(value) is FrozenDict:  # what freezing makes: read its dict
            value = value._data  # noqa: SLF001
        if isinstance(value, str):
            # Host data, which the canonical form leaves as it is.
            self.text(path, "", value, normalised=False)
        elif value is None or isinstance(value, bool):
            pass
        elif isinstance(value, int):
            if abs(value) > 2**1023:
                self.add(
                    path,
                    f"expected a number a double can hold, got {_describe(value)}",
                )
        elif isinstance(value, float):
            if not math.isfinite(value):
                self.add(path, f"expected a finite JSON number, got {value}")
        elif type(value) is Decimal and json_number(value) is value:
            # Freezing leaves a Decimal no double holds (a finite one
            # becomes a float): refused as the readers refuse it.
            shown = str(value)
            if len(shown) > 60:  # noqa: PLR2004 - keep messages short
                shown = shown[:56] + "..." + shown[-1]
            self.add(path, f"expected a number a double can hold, got {shown}")
        elif depth > MAX_DEPTH and isinstance(value, dict | Mapping | tuple | list):
            # As the readers refuse it: what is built is written and read back.
            self.add(path, f"expected at most {MAX_DEPTH} levels of nesting")
        elif isinstance(value, dict | Mapping):  # dict first: no ABC check
            # Keys as the host wrote them: the canonical form does not
            # normalise host data, so two keys one text in NFC stay two.
            for key, item in value.items():
                if not isinstance(key, str):
                    self.wrong_type(path, f"expected string keys, got {_describe(key)}")
                    continue
                if not key.isascii() and has_lone_surrogate(key):
                    self.add(key_path(path, key), LONE_SURROGATE_KEY)
                if not (type(item) is str and item.isascii()):  # else sound
                    self._json(key_path(path, key), item, depth + 1)
        elif isinstance(value, tuple | list):
            for i, item in enumerate(value):
                self._json(f"{path}[{i}]", item, depth + 1)
        else:
            self.wrong_type(path, f"expected a JSON value, got {_describe(value)}")

    def entities(
        self, path: str, items: object, kind: type[Any], what: str
    ) -> tuple[dict[str, Any], list[tuple[int, Any]]]:
        """Check a collection's items are *kind* with unique ids.

        Return the map id → item and the *kind* items as ``(position, item)``
        pairs, for the checks of each.
        """
        index: dict[str, Any] = {}
        kept: list[tuple[int, Any]] = []
        if not self.sequence(path, "", items) or not isinstance(items, tuple):
            # Reported at its path: references into it are not judged.
            self.unknown.add(what)
            return index, kept
        for i, item in enumerate(items):
            if not isinstance(item, kind):
                # In the class's name, as its collection's converter says it
                # (an item set around it is told here).
                self.wrong_type(
                    f"{path}[{i}]",
                    f"expected {with_article(kind.__name__)}, got {_describe(item)}",
                )
                continue
            kept.append((i, item))
            ident = item.id
            # A well-formed id is checked here, without building its path.
            sound = type(ident) is str and IDENTIFIER.fullmatch(ident) is not None
            if sound or self.identifier(f"{path}[{i}].id", ident):
                if item.id in index:
                    self.add(f"{path}[{i}].id", f"duplicate {what} id {item.id!r}")
                else:
                    index[item.id] = item
            elif isinstance(ident, str):
                self.refused.add((what, ident))
        return index, kept


class _TypedChecker(_Checker):
    """Collects the problems of an agreement whose values have exact types.

    Its caller vouches for every value's type: text is a `str` of valid
    Unicode that holds no code point whose normalisation depends on the
    Python (`unstable_problem`), a date a `datetime.date`, an enum field
    its member, a decimal a `~decimal.Decimal`, an entity its exact class.
    What follows from the type alone is then known and not checked again;
    the rest (an empty title, a decimal's bounds, a unit, an identifier, a
    reference) is, as by `_Checker`, which finds a problem exactly when
    this one does.
    """

    def text(
        self,
        at: str,
        name: str,
        value: object,
        *,
        nonempty: bool = False,
        normalised: bool = True,
    ) -> None:
        del normalised  # the caller vouches for the text (see the class)
        problem = blank_problem(value) if nonempty else None  # type: ignore[arg-type]
        if problem is not None:
            self.add(at + name, problem)

    def date(
        self,
        at: str,  # noqa: ARG002
        name: str,  # noqa: ARG002
        value: object,  # noqa: ARG002
        *,
        optional: bool = False,  # noqa: ARG002
    ) -> bool:
        return True

    def optional_date(self, at: str, name: str, value: object) -> None:
        pass

    def member(
        self,
        at: str,  # noqa: ARG002
        name: str,  # noqa: ARG002
        value: object,  # noqa: ARG002
        kind: type[enum.Enum],  # noqa: ARG002
    ) -> bool:
        return True

    def sequence(self, at: str, name: str, value: object) -> bool:  # noqa: ARG002
        return True

    def string_mapping(self, at: str, name: str, value: object) -> None:
        # A FrozenDict of strings, in NFC unless two keys fold together; a
        # key may still be blank.
        data: dict[str, str] = value._data  # type: ignore[attr-defined]  # noqa: SLF001
        if sound_selection(data):
            return
        for problem in blank_keys(at + name, data):
            self.add(*problem)
        if not all(map(str.isascii, data)):
            for problem in nfc_collisions(at + name, data):
                self.add(*problem)

    def entities(
        self, path: str, items: object, kind: type[Any], what: str
    ) -> tuple[dict[str, Any], list[tuple[int, Any]]]:
        # A tuple of *kind* itself: only the ids are left to check.
        del kind
        index: dict[str, Any] = {}
        kept: list[tuple[int, Any]] = list(enumerate(items))  # type: ignore[arg-type]
        for i, item in kept:
            ident = item.id
            if IDENTIFIER.fullmatch(ident) is not None or self.identifier(
                f"{path}[{i}].id", ident
            ):
                if ident in index:
                    self.add(f"{path}[{i}].id", f"duplicate {what} id {ident!r}")
                else:
                    index[ident] = item
            else:
                self.refused.add((what, ident))
        return index, kept


class _SoundChecker(_TypedChecker):
    """A `_TypedChecker` whose caller also vouches for every decimal field.

    Each is a `~decimal.Decimal` read from plain notation with at most 15
    digits before the point and 12 after: finite and within the model's
    bounds. Only its sign is left to check, where it must not be negative.
    """

    def decimal(
        self, at: str, name: str, value: object, *, nonnegative: bool = False
    ) -> None:
        if nonnegative and value < _ZERO:  # type: ignore[operator]
            self.add(at + name, f"expected a value of at least 0, got {value}")

    def quantity(
        self, at: str, name: str, value: object, *, nonnegative: bool = True
    ) -> bool:
        amount, unit = value.amount, value.unit  # type: ignore[attr-defined]
        if nonnegative and amount < _ZERO:
            self.add(
                f"{at}{name}.amount", f"expected a value of at least 0, got {amount}"
            )
        if not (unit in PLAIN_UNITS or CURRENCY.fullmatch(unit)):
            self.unit(at + name, ".unit", unit)
        return True


def agreement_problems(
    agreement: Agreement, *, typed: bool = False, sound_decimals: bool = False
) -> Problems:
    """Return every invariant the agreement breaks, as ``(path, message)`` pairs.

    With *typed*, the caller vouches that every value has its exact type
    (see `_TypedChecker`), with *sound_decimals* also that every decimal
    field is within bounds (see `_SoundChecker`): whether there is a problem
    is the same, the checks made needless are skipped.
    """
    # An invariant added here must be added to `_sound_check.py` too (or
    # make `sound_agreement_accepts` answer False where it applies): the
    # typed reader of `loads` accepts what that one walk accepts, without
    # asking this function. tests/serialize/test_twins.py pits the two.
    if sound_decimals:
        c: _Checker = _SoundChecker()
    else:
        c = _TypedChecker() if typed else _Checker()
    a = agreement
    c.identifier("id", a.id)
    c.text("", "title", a.title, nonempty=True)
    start_ok = c.date("", "start", a.start)
    if c.date("", "end", a.end) and start_ok and a.start > a.end:
        c.add("end", f"the term ends ({a.end}) before it starts ({a.start})")
    currency_ok = isinstance(a.currency, str) and CURRENCY.fullmatch(a.currency)
    if not currency_ok:
        (c.add if isinstance(a.currency, str) else c.wrong_type)(
            "currency",
            f"expected a three-letter upper-case code, got {_describe(a.currency)}",
        )
    _fiscal_calendar(c, a.fiscal_calendar)
    if (
        not isinstance(a.version, int)
        or isinstance(a.version, bool)
        or not 1 <= a.version <= MAX_VERSION
    ):
        (c.add if _whole(a.version) else c.wrong_type)(
            "version",
            f"expected a whole number from 1 to {MAX_VERSION}, "
            f"got {_describe(a.version)}",
        )
    c.extensions("", "extensions", a.extensions)

    parties, party_items = c.entities("parties", a.parties, Party, "party")
    metrics, metric_items = c.entities("metrics", a.metrics, Metric, "metric")
    goals, goal_items = c.entities("goals", a.goals, Goal, "goal")
    contributions, contribution_items = c.entities(
        "contributions", a.contributions, Contribution, "contribution"
    )
    _, allocation_items = c.entities(
        "allocations", a.allocations, ResourceAllocation, "allocation"
    )
    _, incentive_items = c.entities("incentives", a.incentives, Incentive, "incentive")
    _, clause_items = c.entities("clauses", a.clauses, Clause, "clause")
    _, review_items = c.entities("reviews", a.reviews, Review, "review")
    _, remedy_items = c.entities("remedies", a.remedies, Remedy, "remedy")

    for i, party in party_items:
        p = f"parties[{i}]"
        c.text(p, ".name", party.name, nonempty=True)
        c.member(p, ".role", party.role, Role)
        if c.sequence(p, ".capacity", party.capacity):
            units: set[str] = set()
            for j, quantity in enumerate(party.capacity):
                q = f"{p}.capacity[{j}]"
                if c.quantity(q, "", quantity) and isinstance(quantity.unit, str):
                    if quantity.unit in units:
                        c.add(f"{q}.unit", f"a second capacity in {quantity.unit}")
                    units.add(quantity.unit)
        c.extensions(p, ".extensions", party.extensions)

    for i, metric in metric_items:
        p = f"metrics[{i}]"
        c.text(p, ".name", metric.name, nonempty=True)
        c.unit(p, ".unit", metric.unit)
        c.member(p, ".aggregation", metric.aggregation, Aggregation)
        if metric.reported_by is not None:
            c.reference(p, ".reported_by", metric.reported_by, parties, "party")
        c.text(p, ".description", metric.description)
        c.problems.extend(measure_problems(p, metric, metrics))
        c.extensions(p, ".extensions", metric.extensions)

    for i, goal in goal_items:
        p = f"goals[{i}]"
        c.text(p, ".title", goal.title, nonempty=True)
        if goal.target is not None:
            _target(c, f"{p}.target", goal.target, metrics)
        c.decimal(p, ".weight", goal.weight, nonnegative=True)
        c.text(p, ".description", goal.description)
        c.extensions(p, ".extensions", goal.extensions)

    for i, contribution in contribution_items:
        p = f"contributions[{i}]"
        c.reference(p, ".party", contribution.party, parties, "party")
        c.text(p, ".title", contribution.title, nonempty=True)
        c.member(p, ".kind", contribution.kind, ContributionKind)
        if contribution.pillar is not None:
            c.member(p, ".pillar", contribution.pillar, Pillar)
        c.references(p, ".supports", contribution.supports, goals, "goal")
        if contribution.target is not None:
            _target(c, f"{p}.target", contribution.target, metrics)
        c.text(p, ".description", contribution.description)
        c.extensions(p, ".extensions", contribution.extensions)

    for i, allocation in allocation_items:
        p = f"allocations[{i}]"
        c.reference(p, ".party", allocation.party, parties, "party")
        c.quantity(p, ".amount", allocation.amount)
        c.member(p, ".per", allocation.per, Period)
        if allocation.contribution is not None:
            c.reference(
                p,
                ".contribution",
                allocation.contribution,
                contributions,
                "contribution",
            )
        c.text(p, ".description", allocation.description)
        c.extensions(p, ".extensions", allocation.extensions)
        if allocation.fund is not None:
            # A refused currency is reported once, at its path: the fund is
            # not judged against it.
            currency = a.currency if currency_ok else None
            # Nor against metrics refused as a whole: their ids are unknown.
            known = None if "metric" in c.unknown else metrics
            c.problems.extend(
                fund_problems(f"{p}.fund", allocation.fund, known, currency)
            )
            amount = allocation.amount
            if (
                currency is not None
                and isinstance(amount, Quantity)
                and _well_formed_unit(amount.unit)
                and amount.unit != currency
            ):
                c.add(
                    f"{p}.amount.unit",
                    f"a fund is money in the agreement's currency {a.currency}, "
                    f"got {amount.unit!r}",
                )

    for i, incentive in incentive_items:
        _incentive(
            c, f"incentives[{i}]", incentive, parties, metrics, goals, contributions
        )

    for i, remedy in remedy_items:
        _remedy(c, f"remedies[{i}]", remedy, parties, metrics, goals, contributions)

    for i, clause in clause_items:
        p = f"clauses[{i}]"
        c.text(p, ".title", clause.title, nonempty=True)
        c.text(p, ".text", clause.text, nonempty=True)
        c.extensions(p, ".extensions", clause.extensions)

    if a.review_rule is not None:
        if not isinstance(a.review_rule, str):
            c.wrong_type(
                "review_rule", f"expected RRULE text, got {_describe(a.review_rule)}"
            )
        elif start_ok:
            problem = review_rule_problem(a.review_rule, a.start)
            if problem is not None:
                c.add("review_rule", problem)

    criteria, criterion_items = c.entities(
        "exception_criteria",
        a.exception_criteria,
        ExceptionCriterion,
        "exception criterion",
    )
    for i, criterion in criterion_items:
        _exception_criterion(c, f"exception_criteria[{i}]", criterion, parties, metrics)

    # Windows are read against the term only when it is well formed.
    term = (a.start, a.end, a.fiscal_calendar) if _term_is_sound(a) else None
    for i, review in review_items:
        actions = _review(c, f"reviews[{i}]", review, parties, goals, contributions)
        for j, action in actions:
            if type(action.exceptions) is tuple and not action.exceptions:
                continue  # the common case: nothing to check, no path to build
            _exception_keys(
                c,
                f"reviews[{i}].actions[{j}].exceptions",
                action.exceptions,
                criteria,
                term,
            )

    if c.sequence("", "signatures", a.signatures):
        _signatures(c, a, parties)
    if _term_is_sound(a):
        # Bounds on cost come last: they need a well-formed term.
        c.problems.extend(term_problems(a))
    return c.problems


def _signatures(c: _Checker, a: Agreement, parties: Mapping[str, Party]) -> None:
    """Check each signature, and that each party has one signature at most.

    A document holds a party's latest signature only: signing a new
    version replaces the party's earlier one, whose record is the document
    of the version it signed.
    """
    signed: dict[str, tuple[int, Signature]] = {}
    for i, signature in enumerate(a.signatures):
        p = f"signatures[{i}]"
        if not isinstance(signature, Signature):
            c.wrong_type(p, f"expected a Signature, got {_describe(signature)}")
            continue
        c.reference(p, ".party", signature.party, parties, "party")
        if isinstance(signature.party, str):
            earlier = signed.get(signature.party)
            if earlier is None:
                signed[signature.party] = (i, signature)
            else:
                c.add(f"{p}.party", _signed_twice(signature, *earlier))
        c.text(p, ".signed_by", signature.signed_by, nonempty=True)
        c.date(p, ".signed_on", signature.signed_on)
        if not (
            isinstance(signature.fingerprint, str)
            and FINGERPRINT.fullmatch(signature.fingerprint)
        ):
            (c.add if isinstance(signature.fingerprint, str) else c.wrong_type)(
                f"{p}.fingerprint",
                "expected 'sha256:' and 64 lower-case hex digits, "
                f"got {_describe(signature.fingerprint)}",
            )
        _signed_version(c, p, signature.version, a.version)


def _signed_version(c: _Checker, p: str, version: object, current: object) -> None:
    """Check the version a signature says it signed: one the agreement has had."""
    if version is None:
        return
    if (
        not isinstance(version, int)
        or isinstance(version, bool)
        or not 1 <= version <= MAX_VERSION
    ):
        (c.add if _whole(version) else c.wrong_type)(
            f"{p}.version",
            f"expected a whole number from 1 to {MAX_VERSION}, "
            f"got {_describe(version)}",
        )
    elif (
        # An agreement's version out of bounds is reported at its own path.
        isinstance(current, int)
        and not isinstance(current, bool)
        and 1 <= current < version
    ):
        c.add(
            f"{p}.version",
            f"a signature of version {version}, but the agreement is at version "
            f"{current}: a signature is of a version the terms have had",
        )


def _signed_twice(signature: Signature, i: int, earlier: Signature) -> str:
    """Say that a party has two signatures, of which terms, and which one to keep."""
    party = signature.party
    first, second = _signed_what(earlier), _signed_what(signature)
    if first is not None and first == second:
        return (
            f"party {party!r} signed {first} twice, in signatures[{i}] and here: "
            "a party signs a version once; keep one of the two"
        )
    if first is None or second is None:
        told = f"party {party!r} has a second signature, the first in signatures[{i}]"
    else:
        told = f"party {party!r} signed {first} in signatures[{i}], and {second} here"
    message = (
        f"{told}: a document holds one signature per party, its latest, which "
        "replaced the earlier one when the party signed again; keep the latest"
    )
    versions = (earlier.version, signature.version)
    if all(_whole(v) for v in versions) and versions[0] != versions[1]:
        older, newer = sorted(versions)  # type: ignore[type-var]
        return message + (
            f", of version {newer}, and keep the document of version {older}, "
            "as it was signed, as the record of the earlier signature"
        )
    return message + (
        ", and keep the document of the earlier terms, as they were signed, as "
        "the record of the earlier signature"
    )


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: object) -> bool:
    return isinstance(value, str)


def _signed_what(signature: Signature) -> str | None:
    """Name the terms *signature* is of, ``version 2 (sha256:05f6e8ed…)``; None if it cannot."""
    version = signature.version if _whole(signature.version) else None
    fingerprint = signature.fingerprint
    short = (
        f"{fingerprint[:15]}…"
        if isinstance(fingerprint, str) and FINGERPRINT.fullmatch(fingerprint)
        else None
    )
    if version is None:
        return None if short is None else f"the terms {short}"
    return f"version {version}" if short is None else f"version {version} ({short})"


def _term_is_sound(a: Agreement) -> bool:
    month = getattr(a.fiscal_calendar, "start_month", None)
    return (
        isinstance(a.start, dt.date)
        and isinstance(a.end, dt.date)
        and not isinstance(a.start, dt.datetime)
        and not isinstance(a.end, dt.datetime)
        and a.start <= a.end
        and isinstance(a.fiscal_calendar, FiscalCalendar)
        and isinstance(month, int)
        and not isinstance(month, bool)
        and 1 <= month <= 12  # noqa: PLR2004
    )


def _fiscal_calendar(c: _Checker, calendar: object) -> None:
    if not isinstance(calendar, FiscalCalendar):
        c.wrong_type(
            "fiscal_calendar", f"expected a FiscalCalendar, got {_describe(calendar)}"
        )
        return
    # Built, a calendar holds no other values (see FiscalCalendar): these
    # are for one whose fields were set around its constructor.
    for field, problem, typed in (
        ("start_month", month_problem(calendar.start_month), _whole),
        ("naming", naming_problem(calendar.naming), _text),
    ):
        if problem is not None:
            value = getattr(calendar, field)
            (c.add if typed(value) else c.wrong_type)(
                f"fiscal_calendar.{field}", problem
            )


def _target(c: _Checker, path: str, target: object, metrics: Mapping[str, Any]) -> None:
    if not isinstance(target, Target):
        c.wrong_type(path, f"expected a Target, got {_describe(target)}")
        return
    c.reference(path, ".metric", target.metric, metrics, "metric")
    c.decimal(path, ".value", target.value)
    c.member(path, ".direction", target.direction, Direction)
    per_ok = c.member(path, ".per", target.per, Period)
    if target.baseline is not None:
        c.decimal(path, ".baseline", target.baseline)
    due_ok = target.due is not None and c.date(path, ".due", target.due, optional=True)
    if due_ok and per_ok and target.per is not _TERM:
        c.add(
            f"{path}.due",
            f"a due date needs per='term', this target repeats per {target.per.value}",
        )
    if c.sequence(path, ".steps", target.steps):
        previous: dt.date | None = None
        for i, step in enumerate(target.steps):
            s = f"{path}.steps[{i}]"
            if not isinstance(step, Step):
                c.wrong_type(s, f"expected a Step, got {_describe(step)}")
                continue
            c.decimal(s, ".value", step.value)
            if c.date(s, ".starting", step.starting):
                if previous is not None and step.starting <= previous:
                    c.add(
                        f"{s}.starting",
                        f"steps must start on strictly increasing dates, "
                        f"{step.starting} follows {previous}",
                    )
                previous = step.starting
    c.string_mapping(path, ".where", target.where)


def _incentive(
    c: _Checker,
    path: str,
    incentive: Incentive,
    parties: Mapping[str, Any],
    metrics: Mapping[str, Metric],
    goals: Mapping[str, Any],
    contributions: Mapping[str, Any],
) -> None:
    c.text(path, ".title", incentive.title, nonempty=True)
    c.reference(path, ".payer", incentive.payer, parties, "party")
    c.reference(path, ".beneficiary", incentive.beneficiary, parties, "party")
    if incentive.payer == incentive.beneficiary and isinstance(incentive.payer, str):
        c.add(f"{path}.beneficiary", "the payer and the beneficiary must differ")
    if (incentive.goal is None) == (incentive.contribution is None):
        c.add(
            path, "expected exactly one of goal and contribution (the outcome rewarded)"
        )
    elif incentive.goal is not None:
        c.reference(path, ".goal", incentive.goal, goals, "goal")
    else:
        c.reference(
            path,
            ".contribution",
            incentive.contribution,
            contributions,
            "contribution",
        )
    c.text(path, ".description", incentive.description)
    c.extensions(path, ".extensions", incentive.extensions)
    if not c.sequence(path, ".tiers", incentive.tiers):
        return
    if not incentive.tiers:
        c.add(f"{path}.tiers", "expected at least one tier")
    units: set[str] = set()
    statuses = 0
    previous: Decimal | None = None
    for i, tier in enumerate(incentive.tiers):
        t = f"{path}.tiers[{i}]"
        if not isinstance(tier, Tier):
            c.wrong_type(t, f"expected a Tier, got {_describe(tier)}")
            continue
        if decimal_problem(tier.threshold) is None:
            if tier.threshold <= _ZERO:
                c.add(
                    f"{t}.threshold",
                    f"expected a positive threshold, got {tier.threshold}",
                )
            elif previous is not None and tier.threshold <= previous:
                c.add(
                    f"{t}.threshold",
                    f"thresholds must strictly increase, {tier.threshold} follows {previous}",
                )
            previous = tier.threshold
        else:
            c.decimal(t, ".threshold", tier.threshold)
        kinds = [
            name
            for name in ("amount", "rate", "status")
            if getattr(tier, name) is not None
        ]
        if len(kinds) != 1:
            c.add(
                t,
                f"expected exactly one of amount, rate and status, got {kinds or 'none'}",
            )
        if tier.of is not None and tier.rate is None:
            c.add(f"{t}.of", "'of' goes with a rate")
        if tier.amount is not None and c.quantity(t, ".amount", tier.amount):
            # A bonus is money, as a remedy's amount is: "10 percent" or
            # "5 FTE" would be paid and netted as if it were a currency.
            unit = tier.amount.unit
            if isinstance(unit, str) and CURRENCY.fullmatch(unit):
                units.add(unit)
            elif _well_formed_unit(unit):
                # A malformed unit was reported by `quantity`, at the same path.
                c.add(
                    f"{t}.amount.unit",
                    f"expected a currency, got {_describe(unit)}",
                )
        if tier.rate is not None:
            c.decimal(t, ".rate", tier.rate, nonnegative=True)
            if tier.of is None:
                c.add(f"{t}.of", "a rate needs 'of': the id of a metric in a currency")
            else:
                c.reference(t, ".of", tier.of, metrics, "metric")
                metric = metrics.get(tier.of) if isinstance(tier.of, str) else None
                if metric is not None and _well_formed_unit(metric.unit):
                    if not CURRENCY.fullmatch(metric.unit):
                        c.add(
                            f"{t}.of",
                            f"metric {tier.of!r} is in {metric.unit}, not a currency",
                        )
                    else:
                        units.add(metric.unit)
        if tier.status is not None:
            statuses += 1
            c.text(t, ".status", tier.status, nonempty=True)
    # A tier that is not a Tier is reported above, not as a paying one.
    if statuses and statuses != sum(isinstance(t, Tier) for t in incentive.tiers):
        c.add(f"{path}.tiers", "status tiers cannot be mixed with paying tiers")
    if len(units) > 1:
        c.add(
            f"{path}.tiers",
            f"expected one payout unit, got {', '.join(sorted(units))}",
        )
    if incentive.cap is not None and c.quantity(path, ".cap", incentive.cap):
        if statuses:
            c.add(f"{path}.cap", "status tiers pay nothing to cap")
        elif (
            len(units) == 1
            and _well_formed_unit(incentive.cap.unit)
            and incentive.cap.unit not in units
        ):
            c.add(
                f"{path}.cap",
                f"expected the payout unit {next(iter(units))}, got {incentive.cap.unit}",
            )
        elif _well_formed_unit(incentive.cap.unit) and not CURRENCY.fullmatch(
            incentive.cap.unit
        ):
            c.add(
                f"{path}.cap.unit",
                f"expected a currency, got {_describe(incentive.cap.unit)}",
            )


def _review(
    c: _Checker,
    path: str,
    review: Review,
    parties: Mapping[str, Any],
    goals: Mapping[str, Any],
    contributions: Mapping[str, Any],
) -> list[tuple[int, ActionItem]]:
    """Check a review; return its action items, as ``(position, item)`` pairs."""
    held_ok = c.date(path, ".held_on", review.held_on)
    c.member(path, ".kind", review.kind, ReviewKind)
    c.references(path, ".attendees", review.attendees, parties, "party")
    c.text(path, ".notes", review.notes)
    c.extensions(path, ".extensions", review.extensions)
    _, actions = c.entities(
        f"{path}.actions", review.actions, ActionItem, "action item"
    )
    for i, action in actions:
        p = f"{path}.actions[{i}]"
        c.reference(p, ".owner", action.owner, parties, "party")
        c.text(p, ".title", action.title, nonempty=True)
        c.optional_date(p, ".due", action.due)
        c.references(p, ".goals", action.goals, goals, "goal")
        c.references(
            p, ".contributions", action.contributions, contributions, "contribution"
        )
        done = action.done_on
        if (
            done is not None
            and c.date(p, ".done_on", done, optional=True)
            and held_ok
            and done < review.held_on
        ):
            # Impossible: the review had not decided the item yet.
            c.add(
                f"{p}.done_on",
                f"done on {done}, before review {review.id!r} that decided it "
                f"was held, on {review.held_on}: an item is done on or after "
                "the day its review was held",
            )
        c.extensions(p, ".extensions", action.extensions)
    return actions


def _exception_criterion(
    c: _Checker,
    path: str,
    criterion: ExceptionCriterion,
    parties: Mapping[str, Any],
    metrics: Mapping[str, Any],
) -> None:
    c.text(path, ".title", criterion.title, nonempty=True)
    c.reference(path, ".measure", criterion.measure, metrics, "metric")
    c.reference(path, ".owner", criterion.owner, parties, "party")
    days = criterion.resolve_within_days
    # As many days as the longest term, as a policy's day counts.
    if (
        not isinstance(days, int)
        or isinstance(days, bool)
        or not 0 <= days <= MAX_TERM_DAYS
    ):
        (c.add if _whole(days) else c.wrong_type)(
            f"{path}.resolve_within_days",
            f"expected a whole number of days from 0 to {MAX_TERM_DAYS}, "
            f"got {_describe(days)}",
        )
    lower, upper = criterion.lower, criterion.upper
    if lower is None and upper is None:
        c.add(path, "expected a lower or an upper tolerance (or both)")
    if lower is not None:
        c.decimal(path, ".lower", lower)
    if upper is not None:
        c.decimal(path, ".upper", upper)
    if (
        decimal_problem(lower) is None
        and decimal_problem(upper) is None
        and lower > upper  # type: ignore[operator]
    ):
        c.add(
            f"{path}.upper", f"the upper tolerance {upper} is below the lower {lower}"
        )
    c.member(path, ".per", criterion.per, Period)
    c.string_mapping(path, ".where", criterion.where)
    if criterion.split is not None:
        c.text(path, ".split", criterion.split, nonempty=True)
        if isinstance(criterion.where, Mapping) and criterion.split in criterion.where:
            c.add(
                f"{path}.split",
                f"dimension {criterion.split!r} is both split on and fixed by where",
            )
    c.text(path, ".description", criterion.description)
    c.extensions(path, ".extensions", criterion.extensions)


def _exception_keys(
    c: _Checker,
    path: str,
    keys: object,
    criteria: Mapping[str, Any],
    term: tuple[dt.date, dt.date, FiscalCalendar] | None,
) -> None:
    """Check an action item's exception keys name an exception a criterion can raise.

    Each names a criterion, an item only when the criterion splits, and
    one of its windows (see `exception_key_problems`).
    """
    if not c.sequence(path, "", keys) or not isinstance(keys, tuple):
        return
    for i, key in enumerate(keys):
        # The window, after the last slash, is a label: never empty
        # ("crit/" and "crit//" name no exception).
        if not isinstance(key, str) or "/" not in key or key.endswith("/"):
            (c.add if isinstance(key, str) else c.wrong_type)(
                f"{path}[{i}]",
                "expected an exception key 'criterion/window' or "
                f"'criterion/item/window', got {_describe(key)}",
            )
            continue
        # An item is a dimension's value, any text: as the readers, no
        # lone surrogate.
        c.text(path, f"[{i}]", key)
        criterion = key.partition("/")[0]
        if "exception criterion" in c.unknown:
            continue  # the criteria were refused as a whole: none is known
        if criterion not in criteria:
            c.add(
                f"{path}[{i}]",
                f"no exception criterion with id {criterion!r}"
                + did_you_mean(criterion, criteria, repr),
            )
            continue
        for problem in exception_key_problems(key, criteria[criterion], term):
            c.add(f"{path}[{i}]", problem)


def exception_key_problems(
    key: str,
    criterion: ExceptionCriterion,
    term: tuple[dt.date, dt.date, FiscalCalendar] | None,
) -> list[str]:
    """Say why *key* names no exception *criterion* can raise: every reason.

    *key* is ``criterion/window`` or ``criterion/item/window``, its
    criterion *criterion*'s id. It names an item, any text, only when the
    criterion splits (a split criterion's key without one names its
    records without the split dimension, judged together); its window is
    labelled as the calendar labels the criterion's windows and, given the
    *term* (its first and last day and fiscal calendar, well formed), lies
    in it. A criterion whose ``split`` or ``per`` is malformed has its own
    problem: its keys are not read further.
    """
    split, per = criterion.split, criterion.per
    if not isinstance(per, Period) or not (split is None or isinstance(split, str)):
        return []
    name, _, rest = key.partition("/")
    item, slash, window = rest.rpartition("/")
    problems = []
    if split is None and slash:
        problems.append(
            f"criterion {name!r} does not split, so its keys name no item: "
            f"expected {f'{name}/{window}'!r}, without {item!r}"
        )
    reason = window_label_problem(window, per, term)
    if reason is not None:
        problems.append(
            f"{window!r} is no window of criterion {name!r}, judged per "
            f"{per.value}: {reason}"
        )
    return problems


def review_rule_problem(rule: str, start: dt.date) -> str | None:
    """Say what is wrong with an RRULE text whose DTSTART is *start*, or None."""
    # Before the cache: a megabyte of rule text is not worth keeping.
    if len(rule) > 4 * MAX_RULE_LENGTH:
        return f"expected at most {MAX_RULE_LENGTH} characters, got {len(rule)}"
    # As the readers say it, before python-dateutil quotes the text in its
    # own message, which could then not be printed.
    if isinstance(rule, str) and has_lone_surrogate(rule):
        return LONE_SURROGATE
    return _review_rule_problem(rule, start)


@lru_cache(maxsize=256)
def _review_rule_problem(rule: str, start: dt.date) -> str | None:
    text = rule.strip()
    # Before the line check: "DTSTART:...\nRRULE:..." is how DTSTART comes in.
    if "DTSTART" in text.upper():
        return "leave DTSTART out: a review rule starts on the term's start"
    if "\n" in text or "\r" in text:
        return "expected a single RRULE line"
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    if not text:
        return "expected RRULE text such as 'FREQ=MONTHLY;INTERVAL=3', got ''"
    # Before python-dateutil sees it: a long rule is a long parse and expansion.
    if len(text) > MAX_RULE_LENGTH:
        return f"expected at most {MAX_RULE_LENGTH} characters, got {len(text)}"
    # Before python-dateutil sees it: its words for an empty part are
    # Python's own ("not enough values to unpack").
    empty = empty_part_problem(text)
    if empty is not None:
        return empty
    names = {part.partition("=")[0].strip().upper() for part in text.split(";")}
    # python-dateutil warns (and may one day raise) on both.
    if {"COUNT", "UNTIL"} <= names:
        return "expected at most one of COUNT and UNTIL"
    # On first use: dateutil's rrule pulls in calendar and locale.
    from dateutil.rrule import rrule, rrulestr

    try:
        parsed = rrulestr(
            dateutil_text(text), dtstart=dt.datetime.combine(start, dt.time())
        )
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
        # A part of the review rules' own, misspelt (FREQ=MONTHY): their
        # message, which tells the likely value, before python-dateutil's.
        own = review_rule_parts_problem(text)
        if own is not None and "did you mean" in own:
            return own
        return f"not an RFC 5545 RRULE that python-dateutil can parse: {error}"
    # Other properties (EXRULE:, RDATE:, ...) parse to a set, not one rule.
    if not isinstance(parsed, rrule):
        return "expected one RRULE, got other iCalendar properties"
    # Reviews are held on days: only the parts that choose days, each
    # bounded, so that no accepted rule is costly to expand (see _rrule.py).
    return review_rule_parts_problem(text)


def _remedy(
    c: _Checker,
    path: str,
    remedy: Remedy,
    parties: Mapping[str, Any],
    metrics: Mapping[str, Metric],
    goals: Mapping[str, Any],
    contributions: Mapping[str, Any],
) -> None:
    c.text(path, ".title", remedy.title, nonempty=True)
    c.reference(path, ".payer", remedy.payer, parties, "party")
    c.reference(path, ".beneficiary", remedy.beneficiary, parties, "party")
    if remedy.payer == remedy.beneficiary and isinstance(remedy.payer, str):
        c.add(f"{path}.beneficiary", "the payer and the beneficiary must differ")
    if (remedy.goal is None) == (remedy.contribution is None):
        c.add(path, "expected exactly one of goal and contribution (the basis)")
    elif remedy.goal is not None:
        c.reference(path, ".goal", remedy.goal, goals, "goal")
    else:
        c.reference(
            path, ".contribution", remedy.contribution, contributions, "contribution"
        )
    c.text(path, ".description", remedy.description)
    c.extensions(path, ".extensions", remedy.extensions)
    if (remedy.amount is None) == (remedy.rate is None):
        c.add(path, "expected exactly one of amount and rate (what a shortfall costs)")
    unit: str | None = None
    if remedy.amount is not None and c.quantity(path, ".amount", remedy.amount):
        if isinstance(remedy.amount.unit, str) and CURRENCY.fullmatch(
            remedy.amount.unit
        ):
            unit = remedy.amount.unit
        elif _well_formed_unit(remedy.amount.unit):
            # A malformed unit was reported by `quantity`, at the same path.
            c.add(
                f"{path}.amount.unit",
                f"expected a currency, got {_describe(remedy.amount.unit)}",
            )
    if remedy.of is not None and remedy.rate is None:
        c.add(f"{path}.of", "'of' goes with a rate")
    if remedy.rate is not None:
        c.decimal(path, ".rate", remedy.rate, nonnegative=True)
        if remedy.of is None:
            c.add(f"{path}.of", "a rate needs 'of': the id of a metric in a currency")
        else:
            c.reference(path, ".of", remedy.of, metrics, "metric")
            metric = metrics.get(remedy.of) if isinstance(remedy.of, str) else None
            if metric is not None and _well_formed_unit(metric.unit):
                if CURRENCY.fullmatch(metric.unit):
                    unit = metric.unit
                else:
                    c.add(
                        f"{path}.of",
                        f"metric {remedy.of!r} is in {metric.unit}, not a currency",
                    )
    c.decimal(path, ".grace", remedy.grace, nonnegative=True)
    if remedy.cap is not None and remedy.cap_share is not None:
        c.add(f"{path}.cap_share", "expected a cap or a cap share, not both")
    if (remedy.cap_share is None) != (remedy.cap_base is None):
        c.add(path, "cap_share and cap_base go together")
    if remedy.cap_share is not None:
        c.decimal(path, ".cap_share", remedy.cap_share, nonnegative=True)
    for name in ("cap", "cap_base"):
        value = getattr(remedy, name)
        quantity_ok = value is not None and c.quantity(path, f".{name}", value)
        if (
            quantity_ok
            and unit is not None
            and _well_formed_unit(value.unit)
            and value.unit != unit
        ):
            c.add(
                f"{path}.{name}.unit",
                f"expected the remedy's currency {unit}, got {_describe(value.unit)}",
            )
    after = remedy.termination_after
    # No agreement has more windows to breach than an agreement may have.
    if after is not None and (
        not isinstance(after, int)
        or isinstance(after, bool)
        or not 1 <= after <= MAX_WINDOWS
    ):
        (c.add if _whole(after) else c.wrong_type)(
            f"{path}.termination_after",
            f"expected a whole number of breached windows from 1 to {MAX_WINDOWS}, "
            f"got {_describe(after)}",
        )
