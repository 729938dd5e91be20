"""A policy as JSON, so that a service keeps its policy (waivers too) in a file.

The document::

    {
      "format": "mutualcommit.policy",
      "format_version": 1,
      "max_funding_ratio": "4",
      "max_review_gap_days": 100,
      "severities": {"MC205": "error"},
      "disabled": ["MC107"],
      "waivers": [
        {"code": "MC203", "subject": "fiscal-year:FY2026",
         "reason": "Launch year: the vendor funds the ramp-up", "until": "2026-12-31"}
      ]
    }

The three thresholds of the policy's `Bands` (``on_track_ratio``,
``at_risk_ratio``, ``min_elapsed``) are top-level keys like the others; a
key left out takes the default band.

Every key may be left out (its default applies); ``format`` and
``format_version``, when present, must say what they say above. Decimals are
written as strings and read from strings or numbers. A policy's own
``rules`` are code: they never travel in JSON, and a ``rules`` key is an
error.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import cattrs

from mutualcommit.errors import FormatError
from mutualcommit.kpi import DEFAULT_BANDS, Bands, bands_problems
from mutualcommit.model._arguments import as_instance
from mutualcommit.model._canonical import FORMAT as AGREEMENT_FORMAT
from mutualcommit.model._enums import with_article
from mutualcommit.serialize import make_converter
from mutualcommit.serialize._values import (
    TWICE,
    DuplicateKeys,
    IntegerText,
    describe,
    document_text,
    first_reading,
    json_error,
    json_lines_hint,
    key_path,
    names_a_key_twice,
    object_pairs,
    parse_int,
    path_hint,
    quoted,
)

from ._findings import Severity
from ._policy import (
    NO_REASON,
    NO_SUBJECT,
    Policy,
    PolicyError,
    Waiver,
    check_code,
    check_waiver_text,
)

__all__ = [
    "POLICY_FORMAT",
    "POLICY_FORMAT_VERSION",
    "policy_from_dict",
    "policy_from_json",
    "policy_to_dict",
    "policy_to_json",
]

POLICY_FORMAT = "mutualcommit.policy"
POLICY_FORMAT_VERSION = 1

#: The thresholds, in the order they are written, with their types.
_THRESHOLDS: dict[str, type] = {
    "max_funding_ratio": Decimal,
    "max_review_gap_days": int,
    "review_grace_days": int,
    "max_growth": Decimal,
    "on_track_ratio": Decimal,
    "at_risk_ratio": Decimal,
    "min_elapsed": Decimal,
    "max_expired_share": Decimal,
}
#: The thresholds that make the policy's `Bands`: top-level keys in JSON.
_BANDS = ("on_track_ratio", "at_risk_ratio", "min_elapsed")
_COLLECTIONS = ("severities", "disabled", "waivers")
_KEYS = ("format", "format_version", *_THRESHOLDS, *_COLLECTIONS)
_WAIVER_KEYS = ("code", "subject", "reason", "until")
#: A `PolicyError` path into the policy's waivers: ``waivers[2].reason``.
_WAIVER_PATH = re.compile(r"waivers\[(\d+)\]")

Problems = list[tuple[str, str]]


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    if isinstance(value, IntegerText):
        return describe(value)  # -0, or an integer too long to convert
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and value.bit_length() > _SHORT_BITS:
        return f"an integer of {value.bit_length()} bits"
    text = quoted(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."  # noqa: PLR2004 - short messages


_SHORT_BITS = 128


def _fractional(value: object) -> bool:
    """Tell whether *value* is a number written with a fraction or an exponent (``1E+5``, ``2.0``)."""
    return type(value) is Decimal or type(value) is float


def _number(text: str) -> Decimal:
    try:
        return Decimal(text)
    except ArithmeticError:
        # 1e99999999999999999999: beyond what a Decimal can hold.
        shown = text if len(text) <= 40 else text[:37] + "..."  # noqa: PLR2004
        msg = f"the number {shown} is out of range"
        raise ValueError(msg) from None


def _no_constant(text: str) -> Decimal:
    msg = f"{text} is not a JSON number"
    raise ValueError(msg)


class _Reader:
    """Reads one policy document, collecting every problem with its JSON path."""

    def __init__(self) -> None:
        self.converter = make_converter()
        self.problems: Problems = []
        self.band_problems: Problems = []
        # The document's index of each waiver read, in order: a waiver
        # that could not be read is left out of the policy built.
        self.waiver_positions: list[int] = []
        # Each whole-number threshold written with a fraction or an
        # exponent (1E+5), as written: the policy's problem names it so.
        self.written: dict[str, object] = {}

    def leaf(self, path: str, value: object, kind: type) -> Any:
        try:
            return self.converter.structure(value, kind)
        except (ValueError, TypeError, cattrs.BaseValidationError) as error:
            self.problems.append(
                (path, str(error) or f"expected {with_article(kind.__name__)}")
            )
            return None

    def string(self, path: str, value: object) -> str | None:
        if isinstance(value, str):
            return value
        self.problems.append((path, f"expected a string, got {_describe(value)}"))
        return None

    def keys(self, path: str, data: Mapping[str, Any], known: tuple[str, ...]) -> None:
        for key in data:
            if key not in known:
                if key == "rules" and path == "$":
                    hint = "; a policy's own rules are code and never travel in JSON"
                else:
                    hint = f"; expected one of {', '.join(known)}"
                    close = difflib.get_close_matches(str(key), known, n=1)
                    if close:
                        hint += f" (did you mean {close[0]!r}?)"
                self.problems.append((key_path(path, key), f"unknown key{hint}"))
        self.twice(path, data)

    def twice(self, path: str, data: Mapping[str, Any]) -> None:
        """Name each key the object at *path* names twice, at its path.

        Its value is the last one's, as the parser keeps it; what depends
        on which one wins is left to `policy_from_dict`.
        """
        if isinstance(data, DuplicateKeys):
            self.problems.extend(
                (key_path(path, key), TWICE) for key in dict.fromkeys(data.duplicates)
            )

    def policy(self, data: object) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.problems.append(
                ("$", f"expected a JSON object, got {_describe(data)}")
            )
            return {}
        self.keys("$", data, _KEYS)
        if "format" in data and data["format"] != POLICY_FORMAT:
            self.problems.append(
                (
                    "$.format",
                    f"expected {POLICY_FORMAT!r}, got {_describe(data['format'])}",
                )
            )
        if "format_version" in data:
            written = data["format_version"]
            version = self.leaf("$.format_version", written, int)
            # Named as written: 1E+2 is version 100, and said so as 1E+2.
            shown = _describe(written if _fractional(written) else version)
            if isinstance(version, int) and version > POLICY_FORMAT_VERSION:
                self.problems.append(
                    (
                        "$.format_version",
                        (
                            f"version {shown} is newer than this library reads "
                            f"({POLICY_FORMAT_VERSION}); upgrade mutualcommit"
                        ),
                    )
                )
            elif isinstance(version, int) and version < 1:
                self.problems.append(("$.format_version", f"expected 1, got {shown}"))
        fields: dict[str, Any] = {}
        for name, kind in _THRESHOLDS.items():
            if name in data:
                fields[name] = self.leaf(f"$.{name}", data[name], kind)
                if kind is int and _fractional(data[name]):
                    self.written[name] = data[name]
        bands = {name: fields.pop(name) for name in _BANDS if name in fields}
        if bands:
            fields["bands"] = self.bands(bands)
        for name, read in (
            ("severities", self.severities),
            ("disabled", self.disabled),
            ("waivers", self.waivers),
        ):
            if name in data:
                fields[name] = read(f"$.{name}", data[name])
        return fields

    def bands(self, given: dict[str, Decimal | None]) -> Bands | None:
        """Build the bands from the three top-level keys, defaults for the rest.

        A band that could not be read (None: the reader has said why)
        hides no other band's problem: each band read is judged on its own
        bounds, and how the bands order, which needs all three, is not
        judged.
        """
        values = {
            name: value
            for name in _BANDS
            if (value := given.get(name, getattr(DEFAULT_BANDS, name))) is not None
        }
        if len(values) < len(_BANDS):
            self.band_problems = [
                (f"$.{name}", message)
                for name, value in values.items()
                for message in _bounds_problems(name, value)
            ]
            return None
        problems = bands_problems(**values)
        if problems:
            # Reported with the policy's own problems, in the policy's order.
            self.band_problems = [(f"$.{n}", message) for n, message in problems]
            return None
        return Bands(**values)

    def severities(self, path: str, value: object) -> dict[str, Severity]:
        if not isinstance(value, dict):
            self.problems.append(
                (path, f"expected an object of code: severity, got {_describe(value)}")
            )
            return {}
        self.twice(path, value)
        result = {}
        for code, severity in value.items():
            # The code judged here too, so that a bad severity does not hide
            # it (the policy's own check sees only what could be read).
            check_code(self.problems, key_path(path, code), code)
            read = self.leaf(key_path(path, code), severity, Severity)
            if read is not None:
                result[code] = read
        return result

    def disabled(self, path: str, value: object) -> frozenset[str]:
        if not isinstance(value, list):
            self.problems.append(
                (path, f"expected an array of codes, got {_describe(value)}")
            )
            return frozenset()
        codes = []
        for i, item in enumerate(value):
            code = self.string(f"{path}[{i}]", item)
            if code is not None:
                # Judged here, at its index: the policy's own check can
                # only say "disabled", a set having no order.
                check_code(self.problems, f"{path}[{i}]", code)
                codes.append(code)
        return frozenset(codes)

    def waivers(self, path: str, value: object) -> tuple[Waiver, ...]:
        if not isinstance(value, list):
            self.problems.append(
                (path, f"expected an array of waivers, got {_describe(value)}")
            )
            return ()
        result = []
        for i, item in enumerate(value):
            where = f"{path}[{i}]"
            if not isinstance(item, dict):
                self.problems.append(
                    (where, f"expected a waiver object, got {_describe(item)}")
                )
                continue
            self.keys(where, item, _WAIVER_KEYS)
            missing = [k for k in ("code", "subject", "reason") if k not in item]
            for key in missing:
                self.problems.append((f"{where}.{key}", "missing"))
            code = (
                self.string(f"{where}.code", item["code"]) if "code" in item else None
            )
            subject = (
                self.string(f"{where}.subject", item["subject"])
                if "subject" in item
                else None
            )
            reason = (
                self.string(f"{where}.reason", item["reason"])
                if "reason" in item
                else None
            )
            until = item.get("until")
            if until is not None:
                until = self.leaf(f"{where}.until", until, dt.date)
            if code is not None and subject is not None and reason is not None:
                result.append(
                    Waiver(code=code, subject=subject, reason=reason, until=until)
                )
                self.waiver_positions.append(i)
                continue
            # Not built, so the policy never sees it: what it would say of
            # the fields that were read is said here, at once.
            if code is not None:
                check_code(self.problems, f"{where}.code", code)
            if subject is not None:
                check_waiver_text(
                    self.problems, f"{where}.subject", subject, NO_SUBJECT
                )
            if reason is not None:
                check_waiver_text(self.problems, f"{where}.reason", reason, NO_REASON)
        return tuple(result)

    def as_written(self, path: str, message: str) -> str:
        """Return a `PolicyError` *message* at *path* naming the value as the document wrote it.

        The policy names a whole number as its digits (``got 100000``); one
        written with a fraction or an exponent is named as written (``got
        1E+5``), as the agreement's reader names it.
        """
        if path not in self.written:
            return message
        head, got, _ = message.rpartition(" got ")
        return f"{head}{got}{_describe(self.written[path])}" if got else message

    def json_path(self, path: str) -> str:
        """Return the JSON path of a `PolicyError` problem of the policy built."""
        match = _WAIVER_PATH.match(path)
        if match is not None:
            position = self.waiver_positions[int(match[1])]
            path = f"waivers[{position}]{path[match.end() :]}"
        return _json_path(path)


def _bounds_problems(name: str, value: Decimal) -> list[str]:
    """Say what is wrong with band *name*'s own *value*, whatever the other bands are.

    `bands_problems` judges each band's bounds, and how the three order
    when each is within them: the others stand at values whose order no
    value of *name* can break (both ratios at *value*, equal ratios being
    in order, and ``min_elapsed`` at 0 unless it is *name*), and only what
    is said of *name* is kept.
    """
    values = {"on_track_ratio": value, "at_risk_ratio": value, "min_elapsed": _ZERO}
    values[name] = value
    return [message for band, message in bands_problems(**values) if band == name]


_ZERO = Decimal(0)


def policy_from_dict(data: object) -> Policy:
    """Build a policy from a JSON-like dict (see the module's documentation).

    Raises:
        FormatError: When anything is wrong; ``problems`` lists every
            problem with its JSON path (``$.waivers[0].until``).
    """
    another = _other_document(data)
    if another is not None:
        raise FormatError([("$", another)], of="policy")
    reader, policy, built = _read(data)
    if built and names_a_key_twice(data):
        # A key named twice has no one value (JSON readers disagree on
        # which wins): of what the built policy says, only what holds
        # whichever value is read, the first or the last, is reported.
        _, _, other = _read(first_reading(data))
        built = [problem for problem in built if problem in other]
    problems = [*reader.problems, *built]
    if problems or policy is None:
        raise FormatError(problems, of="policy")
    return policy


#: Keys an agreement has and a policy has not: two of them name an agreement.
_AGREEMENT_KEYS = frozenset({"parties", "goals", "metrics", "contributions", "reviews"})


def _other_document(data: object) -> str | None:
    """Say which other document *data* is, given where a policy belongs, or None.

    An agreement (its ``format``, or two of its keys and no policy's
    ``format``), an observation or a fund event given as the policy is
    told so in one problem, rather than each of its keys as unknown.
    """
    if not isinstance(data, Mapping):
        return None
    form = data.get("format")
    if form == POLICY_FORMAT:
        return None
    if form == AGREEMENT_FORMAT or (
        form is None and len(_AGREEMENT_KEYS.intersection(data)) >= 2  # noqa: PLR2004
    ):
        return (
            "this looks like an agreement, not a policy: a policy's format "
            f"is {quoted(POLICY_FORMAT)}"
        )
    if form is None and {"metric", "at"} <= data.keys():
        return (
            "this looks like an observation (metric, at, value), not a policy: "
            "it belongs in the observations log"
        )
    if form is None and {"fund", "event"} <= data.keys():
        return (
            "this looks like a fund event (fund, event), not a policy: "
            "it belongs in the fund log"
        )
    return None


def _read(data: object) -> tuple[_Reader, Policy | None, Problems]:
    """Read *data*: the reader, the policy or None, and what building it found.

    What could be read is built into a policy even when something could
    not, so that its problems (an unknown code, a reason left empty, a
    threshold out of range) are reported with the reader's, at once.
    """
    reader = _Reader()
    fields = {
        name: value for name, value in reader.policy(data).items() if value is not None
    }
    policy: Policy | None = None
    built: Problems = []
    try:
        policy = Policy(**fields)
    except PolicyError as error:
        built = [
            (reader.json_path(path), reader.as_written(path, message))
            for path, message in error.problems
            # Each disabled code, and each severity's code and level, was
            # judged where the document holds it.
            if path != "disabled" and not path.startswith("severities")
        ]
    return reader, policy, [*reader.band_problems, *built]


def policy_from_json(text: str | bytes | bytearray) -> Policy:
    """Read a policy from its JSON document.

    Text and bytes are read as `~mutualcommit.serialize.loads` reads an
    agreement's, and refused in the same words.

    Args:
        text: The JSON text, or its bytes, read as UTF-8. A byte order mark
            first in it, as some editors save one, is skipped.

    Returns:
        The policy, with no rules of its own.

    Raises:
        FormatError: When the text is not JSON or not a valid policy;
            ``problems`` lists every problem with its JSON path. Bytes
            that are not UTF-8 are one problem at ``$`` saying where the
            first bad byte is, by line and column, or that they are UTF-16,
            UTF-32 or compressed data (gzip, say), and what to do.
        ArgumentError: A `TypeError` too, when *text* is neither `str` nor
            `bytes`.
    """
    try:
        text = document_text(text)
    except FormatError as error:
        raise FormatError(error.problems, of="policy") from None
    try:
        data = json.loads(
            text,
            parse_float=_number,
            parse_int=parse_int,
            parse_constant=_no_constant,
            object_pairs_hook=object_pairs,
        )
    except json.JSONDecodeError as error:
        # Worded as the agreement's reader words it.
        problem = json_error(error) + path_hint(text) + json_lines_hint(text, error)
        raise FormatError([("$", problem)], of="policy") from None
    except RecursionError:
        raise FormatError(
            [("$", "invalid JSON: nested too deeply")], of="policy"
        ) from None
    except ValueError as error:
        raise FormatError([("$", f"invalid JSON: {error}")], of="policy") from None
    return policy_from_dict(data)


def policy_to_dict(policy: Policy) -> dict[str, Any]:
    """Return *policy* as a JSON-ready dict: every threshold, sorted codes.

    The policy's own rules are left out: they are code.

    Raises:
        TypeError: When *policy* is not a `Policy`.
    """
    as_instance("policy", policy, Policy)
    converter = make_converter()
    unstructure: Callable[[Any], Any] = converter.unstructure
    data: dict[str, Any] = {
        "format": POLICY_FORMAT,
        "format_version": POLICY_FORMAT_VERSION,
    }
    for name in _THRESHOLDS:
        owner = policy.bands if name in _BANDS else policy
        data[name] = unstructure(getattr(owner, name))
    data["severities"] = {
        code: policy.severities[code].value for code in sorted(policy.severities)
    }
    data["disabled"] = sorted(policy.disabled)
    data["waivers"] = [
        {
            k: v
            for k, v in (
                ("code", waiver.code),
                ("subject", waiver.subject),
                ("reason", waiver.reason),
                ("until", None if waiver.until is None else unstructure(waiver.until)),
            )
            if v is not None
        }
        for waiver in policy.waivers
    ]
    return data


def policy_to_json(policy: Policy) -> str:
    """Write *policy* as a JSON document, indented, ending in a newline.

    ``policy_from_json(policy_to_json(p))`` equals *p* without its own
    rules.

    Raises:
        TypeError: When *policy* is not a `Policy`.
    """
    return json.dumps(policy_to_dict(policy), indent=2, ensure_ascii=False) + "\n"


def _json_path(path: str) -> str:
    return "$." + path if path else "$"
