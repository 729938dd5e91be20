"""Format migrations: old documents brought up to the current format version.

A migration turns a document of format version N into one of version N+1;
`migrate` applies them in order up to the version this library writes. A
migration must keep the meaning of every field it does not touch, so that
an agreement that does not use a new field keeps its fingerprint.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from mutualcommit.errors import FormatError
from mutualcommit.model import FORMAT_VERSION, FrozenDict

from ._values import InvalidValueError, describe, integer

__all__ = ["MIGRATIONS", "Migration", "migrate", "not_a_document", "read_version"]

#: Turns a document of one format version into one of the next. It may
#: change its argument (a copy) and returns the new document; the caller
#: sets ``format_version``. It raises `FormatError` for what it cannot carry.
Migration = Callable[[dict[str, Any]], Mapping[str, Any]]

#: The migrations by the version they start from. Version 1 is the first
#: format, so there are none yet.
MIGRATIONS: Mapping[int, Migration] = FrozenDict()


def not_a_document(value: object, reader: str) -> FormatError:
    """Return the error of *value*, given where an agreement document belongs.

    At ``$``, saying what it is instead; for text, that *reader* reads it
    (``loads``: the text is the document's JSON, not the document).
    """
    problem = f"expected an object (an agreement document), got {describe(value)}"
    if isinstance(value, str | bytes | bytearray):
        problem += f": read the document's JSON text with {reader} first"
    return FormatError([("$", problem)])


def read_version(document: Mapping[str, Any]) -> int:
    """Return a document's ``format_version``.

    Raises:
        FormatError: When *document* is not a mapping (at ``$``), or its
            ``format_version`` is missing or not an integer.
    """
    if not isinstance(document, Mapping):
        raise not_a_document(document, "json.loads")
    if "format_version" not in document:
        problem = "expected a format version (an integer), got nothing (required)"
        raise FormatError([("$.format_version", problem)])
    found = document["format_version"]
    try:
        return integer(found)
    except InvalidValueError:
        problem = f"expected a format version (an integer), got {describe(found)}"
        raise FormatError([("$.format_version", problem)]) from None


def migrate(
    document: Mapping[str, Any],
    *,
    migrations: Mapping[int, Migration] = MIGRATIONS,
    version: int = FORMAT_VERSION,
) -> dict[str, Any]:
    """Return *document* brought up to format version *version*.

    A document of that version comes back as a shallow copy; an older one
    goes through every migration from its version on, in order, on a deep
    copy (the argument is never changed).

    Args:
        document: A document with a ``format_version``.
        migrations: The migrations by the version they start from.
        version: The version to reach: the one this library reads.

    Raises:
        FormatError: When *document* is not a mapping (its JSON text, say:
            parse it with `json.loads` first), or its ``format_version`` is
            missing, not an integer, newer than *version* (upgrade the
            library to read it), or older with no migration from it; or
            when a migration fails.
    """
    found = read_version(document)
    if found > version:
        problem = (
            # describe(): a version of 5000 digits is not worth writing out.
            f"this document has format version {describe(found)}, and this version of "
            f"mutualcommit reads up to {version}: upgrade mutualcommit to read it"
        )
        raise FormatError([("$.format_version", problem)])
    if found == version:
        return dict(document)
    result = copy.deepcopy(dict(document))
    while found < version:
        step = migrations.get(found)
        if step is None:
            oldest = version
            while oldest - 1 in migrations:
                oldest -= 1
            problem = (
                f"expected a format version from {oldest} to {version}, "
                f"got {describe(found)}: there is no migration from it"
            )
            raise FormatError([("$.format_version", problem)])
        try:
            result = dict(step(result))
        except FormatError:
            raise
        except Exception as error:  # a migration met a shape it did not expect
            problem = (
                f"cannot migrate from format version {found}: "
                f"{type(error).__name__}: {error}"
            )
            raise FormatError([("$", problem)]) from error
        found += 1
        result["format_version"] = found
    return result
