"""Observations: the records a KPI is evaluated from."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from decimal import Decimal

import attrs

from mutualcommit.errors import InvalidObservationsError

from ._accepts import optional_decimal_in
from ._coerce import UNREADABLE, coerce_fields, day_problem, refuses_with
from ._decimal import LIMIT, MAX_EXPONENT, MAX_PLACES, decimal_problem
from ._frozen import FrozenDict, frozen_selection, nfc, nfc_collisions
from ._invariants import is_identifier
from ._paths import key_path
from ._problems import raised, type_problem
from ._selection import blank_keys
from ._unicode import text_problem, text_problems
from ._value_methods import value_methods

__all__ = ["EMPTY_REF", "NO_REF", "Observation", "not_an_observation"]

#: Why a ref may not be empty, wherever a log is read or built.
EMPTY_REF = (
    "a record is corrected and retracted by its ref, so two records with an "
    "empty one would be one; leave it out for a record without one"
)

#: What a retraction without a ref is told, wherever a log is read or written.
NO_REF = "value None retracts a record by its ref, and there is no ref"


def not_an_observation(value: object) -> str:
    """Say that *value*, an item of a log, is not an `Observation`."""
    wrong = f"expected an Observation, got {type(value).__name__}"
    if isinstance(value, Mapping):
        wrong += " (observation_from_dict reads a record's JSON form)"
    return wrong


@value_methods
@refuses_with(InvalidObservationsError)
@attrs.frozen(field_transformer=coerce_fields, repr=False, eq=False)
class Observation:
    """One record of a metric: an event or a reading on a day.

    Observations form a log: a later record with the same ``ref`` on the
    same metric replaces an earlier one, and one with ``value=None``
    retracts it.

    An observation is checked when it is built: an int (or a numpy integer)
    or a decimal string value becomes a `~decimal.Decimal`; every problem
    (a value that is no decimal, such as a float, which is told what to
    pass; a metric that is not an id, an ``at`` that is a datetime or a
    string, a value out of bounds, a ref or a dimension that is not a
    string, a ref or a dimension's key or value that holds a lone
    surrogate, which UTF-8 cannot carry, a dimension's name that shows
    nothing, such as ``" "``) is reported at once in an
    `InvalidObservationsError` whose paths name the fields.

    Attributes:
        metric: The id of the metric observed.
        at: The day the event happened or the reading was taken (a
            `datetime.date`, not a datetime).
        value: The value — finite, below 10^15 in magnitude, at most 12
            digits after the point —, or None to retract the record with the
            same ``ref``.
        ref: An external id (a deal registration number, ...), or None;
            held in Unicode NFC as ``dims`` are, so that a correction or a
            retraction finds the record it names however its text was
            composed.
        dims: String dimensions (``{"party": "globex", "region": "emea"}``)
            that targets select by, held in Unicode NFC as a target's
            ``where`` is: ``Île`` written as one character or as ``I`` and a
            combining circumflex is one value, held composed.

    Raises:
        InvalidObservationsError: When any field is malformed, listing
            every problem; a `TypeError` too when one of them is of the
            wrong type: a *metric* or a *ref* that is not text, an *at*
            that is no date (text, a datetime), a *value* that is a float,
            a bool or another type that is no decimal, *dims* that are no
            mapping, or a dimension's name or value that is not text.
    """

    metric: str
    at: dt.date
    value: Decimal | None = attrs.field(converter=optional_decimal_in)
    ref: str | None = None
    dims: Mapping[str, str] = attrs.field(
        factory=FrozenDict, converter=frozen_selection
    )

    def __attrs_post_init__(self) -> None:
        # The common case is valid: one cheap test each (logs run to millions
        # of records), the messages only when something is wrong.
        value = self.value
        ref = self.ref
        if (
            type(self.metric) is str
            and _metric_id(self.metric)
            and type(self.at) is dt.date
            and (
                value is None
                or (
                    # A value the converter refused, while the other fields
                    # are checked (see refuses_with), is no Decimal.
                    value is not UNREADABLE
                    and value.is_finite()
                    and value.copy_abs() < LIMIT
                    and -MAX_PLACES <= value.as_tuple().exponent <= MAX_EXPONENT  # type: ignore[operator]
                )
            )
            and (
                ref is None
                or (type(ref) is str and ref.isascii() and ref and not ref.isspace())
            )
            and (not self.dims or _string_pairs(self.dims))
        ):
            return
        if isinstance(ref, str):
            # Text that is not ASCII may not be in NFC: held as dims are.
            object.__setattr__(self, "ref", nfc(ref))
        problems = _problems(self)
        if problems:
            raise raised(InvalidObservationsError, problems)


@functools.lru_cache(maxsize=1024)
def _metric_id(metric: str) -> bool:
    """Tell whether *metric* is an id; a log names few metrics, so cached."""
    return is_identifier(metric)


def _string_pairs(dims: Mapping[str, str]) -> bool:
    # The converter made a FrozenDict: read its dict, not the Mapping mixin.
    # A key that is not ASCII may be another key in NFC: the slow path looks.
    # A value that is not ASCII is sound without a lone surrogate or a code
    # point whose normalisation depends on the Python, which the slow path
    # names.
    items = dims._data.items() if isinstance(dims, FrozenDict) else dims.items()  # noqa: SLF001
    for key, value in items:
        if type(key) is not str or type(value) is not str or not key.isascii():
            return False
        if not key or key.isspace():
            return False  # a blank name: the slow path names it
        if not value.isascii() and text_problem(value) is not None:
            return False
    return True


def _problems(observation: Observation) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    metric = observation.metric
    if not is_identifier(metric):
        message = (
            "expected a metric id (letters, digits and ._:- , up to 128), "
            f"got {type(metric).__name__} {metric!r}"
        )
        problems.append(
            ("metric", message)
            if isinstance(metric, str)
            else type_problem("metric", message)
        )
    at = observation.at
    if isinstance(at, dt.datetime) or not isinstance(at, dt.date):
        problems.append(type_problem("at", day_problem(at)))
    number = observation.value
    if number is not None:
        problem = decimal_problem(number)
        if problem is not None:
            # Of another type: set around the converter (or its marker).
            problems.append(
                ("value", problem)
                if isinstance(number, Decimal)
                else type_problem("value", problem)
            )
    ref = observation.ref
    if ref is not None and not isinstance(ref, str):
        problems.append(
            type_problem(
                "ref", f"expected a string or None, got {type(ref).__name__} {ref!r}"
            )
        )
    elif ref is not None and not ref.strip():
        problems.append(("ref", f"expected a ref or None, got {ref!r}: {EMPTY_REF}"))
    elif ref is not None and (problem := text_problem(ref)) is not None:
        problems.append(("ref", problem))
    for key, value in observation.dims.items():
        if not isinstance(key, str) or not isinstance(value, str):
            problems.append(
                type_problem(
                    key_path("dims", key),
                    f"expected a string key and value, got {key!r}: {value!r}",
                )
            )
    # A dimension's name shows something, as a where's key and a split do.
    problems.extend(blank_keys("dims", observation.dims))
    # As the readers refuse them: the log could not be written or digested,
    # or its digest would depend on the Python.
    problems.extend(text_problems("dims", observation.dims))
    # The converter left two keys that are one text in NFC as they came.
    problems.extend(nfc_collisions("dims", observation.dims))
    return problems
