"""The agreement document: JSON text and dicts to agreements and back."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from mutualcommit.errors import (
    ArgumentError,
    FormatError,
    InvalidAgreementError,
    also_type_error,
)
from mutualcommit.model import (
    FORMAT,
    FORMAT_VERSION,
    Agreement,
    canonical_document,
    canonical_json,
)

from ._encode import document_writer, encode
from ._fast_json import UNDECIDED, decode
from ._migrate import migrate, not_a_document, read_version
from ._values import (
    DuplicateKeys,
    Problem,
    describe,
    did_you_mean,
    document_text,
    holds_unstable,
    json_error,
    json_lines_hint,
    json_path,
    parse_constant,
    parse_float,
    parse_int,
    path_hint,
    without_bom,
)
from ._walk import in_json_terms, read_agreement

if TYPE_CHECKING:
    import cattrs

__all__ = ["dumps", "from_dict", "loads", "parse_json", "to_dict"]

_HEADER = ("format", "format_version")
_COMPACT = (",", ":")


@cache
def _converter() -> cattrs.Converter:
    # Built on first use and never handed out, so no caller can register a
    # hook on it: `make_converter()` gives callers their own. cattrs is
    # imported with it: reading text that the typed reader takes, and
    # writing, do without it.
    from ._converter import make_converter

    return make_converter()


#: The switch: True reads the model's classes key by key (the fast readers
#: of `make_fast_converter`), False with cattrs' generated functions.
FAST_READ = True


def _structure() -> Callable[[Any, Any], Agreement]:
    return _structure_with(fast=FAST_READ)


@cache
def _structure_with(*, fast: bool) -> Callable[[Any, Any], Agreement]:
    from ._fast_read import make_fast_converter  # cattrs, on first use

    converter = make_fast_converter() if fast else _converter()
    return converter.get_structure_hook(Agreement)


def to_dict(agreement: Agreement) -> dict[str, Any]:
    """Return the agreement's document as JSON-like Python values.

    ``"format"`` and ``"format_version"`` come first, then the fields in the
    model's order; fields equal to their default are left out. Decimals
    are strings as `str` writes them (as the author spelt them), dates
    ``YYYY-MM-DD`` strings, enums their values, tuples lists.

    Raises:
        ArgumentError: A `TypeError` too, when *agreement* is not an
            `Agreement`.
    """
    if not isinstance(agreement, Agreement):
        msg = f"expected an Agreement, got {type(agreement).__name__}"
        raise also_type_error(ArgumentError)(msg, "agreement")
    # Generated straight-line code: the same dict as the converter's
    # unstructure hooks make (its twin in the tests), without their
    # per-value dispatch.
    return document_writer()(agreement)


def from_dict(data: Mapping[str, Any]) -> Agreement:
    """Read an agreement from its document as JSON-like Python values.

    Besides what `json.loads` makes, values may already be what the model
    holds (`~decimal.Decimal`, `~datetime.date`, enum members); a float in
    a decimal field is read as its shortest text (``0.1`` is
    ``Decimal("0.1")``).

    An older ``format_version`` is migrated first.

    Raises:
        FormatError: When *data* is not a valid agreement document; its
            ``problems`` list every problem found, each with its JSON path
            (``$.goals[2].target.value``).
    """
    return _read(data, duplicates=False)


def loads(text: str | bytes | bytearray) -> Agreement:
    """Read an agreement from JSON text (bytes are read as UTF-8).

    A byte order mark first in the text (U+FEFF, or its three bytes), as
    some editors save one, is skipped.

    Numbers keep their digits (``12.50`` is ``Decimal("12.50")``, ``-0``
    is ``Decimal("-0")``), except inside ``extensions``, where they are
    what a plain JSON reader makes of them: `int` or `float`. ``NaN`` and
    ``Infinity``, lone surrogates and a key named twice in one object are
    refused, each at its path; so is an integer of more digits than Python
    converts to an `int` (`sys.get_int_max_str_digits`), which no field
    takes, with the message any integer out of range gets there.

    Raises:
        FormatError: When *text* is not a valid agreement document; its
            ``problems`` list every problem found, each with its JSON path.
        ArgumentError: A `TypeError` too, when *text* is neither `str` nor
            `bytes`.
    """
    agreement = _read_fast(text)
    if agreement is not None:
        return agreement
    data, duplicates = parse_json(text)
    return _read(data, duplicates=duplicates)


def _read_fast(text: str | bytes | bytearray) -> Agreement | None:
    """Read well-formed text with the compiled reader, or return None.

    None sends *text* through the standard library reader and `_read` again,
    whose problems are then the same as ever: only an agreement read
    without a problem is returned from here.
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
    elif isinstance(text, str):
        text = without_bom(text)
    else:
        return None
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        return None  # a lone surrogate: the plain reader names it
    if holds_unstable(text):
        # The typed reader vouches for the text (see _TypedChecker): a code
        # point whose normalisation depends on the Python is the plain
        # reader's to name, or to read inside extensions.
        return None
    # Typed first: msgspec checks the shape as it parses, and the classes
    # are built from typed values. None leaves the text to the plain path.
    # Imported on first use, as msgspec is: not with the package.
    from ._typed_read import read_typed

    agreement = read_typed(raw)
    if agreement is not None:
        return agreement
    data = decode(text)
    if data is UNDECIDED:
        return None
    try:
        return _read(data, duplicates=False)
    except Exception:  # noqa: BLE001 - the plain reader names every problem
        return None


def dumps(
    agreement: Agreement, *, canonical: bool = False, indent: int | None = None
) -> str:
    """Write the agreement as JSON text.

    The default is compact (no whitespace between tokens); ``indent=2``
    writes a document for people to read. Both read back as the same
    agreement. msgspec writes the text when it can be imported, else the
    standard library: the same bytes either way, those of
    ``json.dumps(to_dict(agreement), ensure_ascii=False, ...)``.

    Args:
        agreement: What to write.
        canonical: False (the default) for a document to read: in field
            order, decimals as written. True for the canonical form:
            RFC 8785 over the canonical document, the bytes the fingerprint
            hashes (less ``format_version``, ``reviews``, ``signatures`` and
            ``extensions``, which are not terms).
        indent: None (the default) for compact text; a number of spaces to
            indent each level by, for a file people read. The canonical
            form has no whitespace and takes no *indent*.

    Raises:
        ArgumentError: Naming the argument: a `TypeError` too when
            *agreement* is not an `Agreement`, in either form; a
            `ValueError` alone when *indent* is given with
            ``canonical=True``, or is not a whole number of at least 0.
    """
    # Checked first, for both forms: a goal's canonical text would be
    # labelled an agreement document.
    if not isinstance(agreement, Agreement):
        msg = f"expected an Agreement, got {type(agreement).__name__}"
        raise also_type_error(ArgumentError)(msg, "agreement")
    if canonical:
        if indent is not None:
            msg = "the canonical form has no whitespace: leave indent out"
            raise ArgumentError(msg, "indent")
        return canonical_json(canonical_document(agreement))
    if indent is not None and (
        isinstance(indent, bool) or not isinstance(indent, int) or indent < 0
    ):
        msg = f"expected indent to be a whole number of at least 0, got {indent!r}"
        raise ArgumentError(msg, "indent")
    # msgspec writes it when installed; the standard library when not, or
    # when msgspec refuses a value: the same bytes either way.
    text = encode(agreement, indent)
    if text is not None:
        return text
    return _plain_dumps(agreement, indent)


def _plain_dumps(agreement: Agreement, indent: int | None) -> str:
    if indent is None:
        # No indent: json's C encoder writes it (indent forces the Python one).
        return json.dumps(to_dict(agreement), ensure_ascii=False, separators=_COMPACT)
    return json.dumps(to_dict(agreement), ensure_ascii=False, indent=indent)


def parse_json(text: str | bytes | bytearray) -> tuple[Any, bool]:
    """Parse JSON text as the formats read it.

    Returns:
        The value, and whether some object in it names a key twice (that
        object is then a ``DuplicateKeys``).

    Raises:
        FormatError: When *text* is not JSON, or bytes not UTF-8.
        ArgumentError: A `TypeError` too, when *text* is neither `str` nor
            `bytes`.
    """
    text = document_text(text)
    duplicates = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal duplicates
        result = dict(items)
        if len(result) != len(items):
            duplicates = True
            return DuplicateKeys(items)
        return result

    decoder = json.JSONDecoder(
        parse_float=parse_float,
        parse_int=parse_int,
        parse_constant=parse_constant,
        object_pairs_hook=pairs,
    )
    try:
        return decoder.decode(text), duplicates
    except json.JSONDecodeError as error:
        problem = json_error(error) + path_hint(text) + json_lines_hint(text, error)
    except RecursionError:
        problem = "invalid JSON: nested too deeply"
    except ValueError as error:
        problem = f"invalid JSON: {error}"
    raise FormatError([("$", problem)])


#: The formats of the library's other documents: a tag close to the
#: agreement's but naming one of them is that document, not a slip.
_OTHER_FORMATS = (
    "mutualcommit.policy",
    "mutualcommit.exceptions",
    "mutualcommit.funds",
    "mutualcommit.receipt",
    "mutualcommit.report",
    "mutualcommit.scorecard",
)


def _format_typo(found: object) -> str:
    """Return `` (did you mean "mutualcommit.agreement"?)`` for a slip in the tag, else ``""``.

    A tag is a slip when it is closer to the agreement's than to any other
    document's of the library, and is none of them.
    """
    if not isinstance(found, str) or found in _OTHER_FORMATS:
        return ""
    hint = did_you_mean(found, (FORMAT, *_OTHER_FORMATS))
    return hint if hint == did_you_mean(found, (FORMAT,)) else ""


def _log_line(data: Mapping[str, Any]) -> str | None:
    """Say which log's line *data* is, given where the agreement belongs, or None.

    An observation or a fund event (a log of one line, or the files of a
    command line swapped) is told so in one problem, rather than each of
    the agreement's keys as missing.
    """
    if "format" in data:
        return None
    if {"metric", "at"} <= data.keys():
        return (
            "this looks like an observation (metric, at, value), not an "
            "agreement: it belongs in the observations log"
        )
    if {"fund", "event"} <= data.keys():
        return (
            "this looks like a fund event (fund, event), not an agreement: "
            "it belongs in the fund log"
        )
    return None


def _read(data: object, *, duplicates: bool) -> Agreement:
    if not isinstance(data, Mapping):
        raise not_a_document(data, "loads")
    log_line = _log_line(data)
    if log_line is not None:
        raise FormatError([("$", log_line)])
    problems: list[Problem] = []
    if "format" not in data:
        problems.append(("$.format", f'expected "{FORMAT}", got nothing (required)'))
    elif data["format"] != FORMAT:
        found = describe(data["format"])
        problem = f'expected "{FORMAT}", got {found}'
        hint = _format_typo(data["format"])
        if not hint:
            # Some other kind of document: what else it holds is not ours to judge.
            raise FormatError([("$.format", problem)])
        # A slip in the tag (agreemnt): read on as an agreement, to report
        # whatever else is wrong too.
        problems.append(("$.format", problem + hint))
    document: Mapping[str, Any] = data
    try:
        version = read_version(data)
    except FormatError as error:
        # Missing or not an integer: read the rest as the current version,
        # to report whatever else is wrong too.
        problems.extend(error.problems)
    else:
        if version != FORMAT_VERSION:
            try:
                document = migrate(data)
            except FormatError as error:
                # Too new, or too old to migrate: nothing more can be said.
                raise FormatError([*problems, *error.problems]) from error
    if not problems and not duplicates:
        body = {k: v for k, v in document.items() if k not in _HEADER}
        try:
            return _structure()(body, Agreement)
        except InvalidAgreementError as error:
            translated = [
                (json_path(p), in_json_terms(body, p, m)) for p, m in error.problems
            ]
            raise FormatError(translated) from error
        except Exception:  # noqa: BLE001, S110 - the every-error pass says what
            pass
    agreement, invalid = read_agreement(document, problems, also=_HEADER)
    if agreement is not None:
        return agreement
    if not problems:  # pragma: no cover - the fast path and the walk disagree
        problems.append(("$", "not a valid agreement document"))
    raise FormatError(problems) from invalid
