"""The compiled JSON reader: msgspec, when it is installed, for well-formed text.

`decode` parses text with msgspec's decoder, numbers with fractions or
exponents through the same `parse_float` as the standard library reader, so
both make the same values. It answers only when it is sure the standard
library reader would make exactly the same value: on anything it cannot
vouch for (text that is not JSON, a key named twice, msgspec missing) it
returns `UNDECIDED`, and the caller reads the text with the standard
library, whose messages name each problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, Final

from ._values import parse_float

if TYPE_CHECKING:
    import msgspec

__all__ = ["ENABLED", "UNDECIDED", "decode", "lost_members"]

#: What `decode` returns when the standard library reader must decide.
UNDECIDED: Final = object()

#: The switch: True parses with msgspec when it can be imported, False
#: always leaves the text to the standard library reader (a test's twin).
ENABLED = True


@cache
def _msgspec() -> tuple[msgspec.json.Decoder[Any], Callable[[Any], bytes]] | None:
    """Return msgspec's decoder and encode function, or None without msgspec.

    Imported on first use: ``import mutualcommit`` stays as fast as it was.
    """
    try:
        import msgspec
    except ImportError:  # pragma: no cover - msgspec is a dependency
        return None
    # Decimals written as numbers, as the text has them: compact text then
    # often comes back byte for byte (see `lost_members`).
    encoder = msgspec.json.Encoder(decimal_format="number")
    return msgspec.json.Decoder(float_hook=parse_float), encoder.encode


# A colon written as an escape counts as a colon in the decoded strings but
# not in the text: such text goes to the standard library reader.
_ESCAPED_COLONS = (b"\\u003a", b"\\u003A")


def decode(text: str) -> Any:
    """Return the JSON value of *text*, or `UNDECIDED`.

    What msgspec accepts, the standard library reader accepts too, as the
    same value, save for two things. msgspec keeps the last of a key named
    twice, silently, which the document readers refuse: such text is
    `UNDECIDED`, as is all that msgspec refuses (not JSON, lone surrogates,
    ``NaN``, an integer of more digits than Python converts) and text with
    the integer ``-0``, whose sign msgspec drops. And msgspec reads arrays nested a few hundred deep, where the
    standard library may run out of stack: a caller keeps the value only
    when it makes an agreement, which never nests that deep.
    """
    found = _msgspec() if ENABLED else None
    if found is None:
        return UNDECIDED
    decoder, encode = found
    try:
        # Bytes: msgspec reads them as fast as a str, and the colons are
        # counted in them below. A lone surrogate cannot be encoded: refused.
        raw = text.encode("utf-8")
        value = decoder.decode(raw)
    except Exception:  # noqa: BLE001 - any refusal: the plain reader says why
        return UNDECIDED
    if lost_members(raw, value, encode):
        return UNDECIDED
    if b"-0" in raw and _NEGATIVE_ZERO(raw) is not None:
        # msgspec reads -0 as the int 0; the standard library reader keeps
        # its sign for a decimal field. (A "-0" inside a string lands here
        # too: only slower.)
        return UNDECIDED
    return value


#: The integer -0: a minus and a zero that no fraction, exponent or digit follows.
_NEGATIVE_ZERO = re.compile(rb"-0(?![0-9.eE])").search


def lost_members(raw: bytes, value: Any, encode: Callable[[Any], bytes]) -> bool:
    """Say whether decoding *raw* may have dropped an object member.

    Each member of an object is written with one colon, and a string's own
    colons are written as they are both in *raw* and when *value* is
    written again. So when *value*, written back, has fewer colons than
    *raw*, some member was lost to a key named twice. An escaped colon, or
    a value that cannot be written back, leaves it in doubt: True.
    """
    # One byte is found with memchr; most documents have no escape at all.
    if b"\\" in raw and (_ESCAPED_COLONS[0] in raw or _ESCAPED_COLONS[1] in raw):
        return True
    try:
        written = encode(value)
    except Exception:  # noqa: BLE001 - a number refused later: the plain reader
        return True
    # Compact text as `dumps` writes it often comes back byte for byte: then
    # the counts are equal without counting.
    return written != raw and _colons(written) != _colons(raw)


def _colons(text: bytes) -> int:
    """Count the colons in *text*.

    What ``text.count(b":")`` returns, in half its time: removing a byte
    finds each with memchr, counting compares every byte.
    """
    return len(text) - len(text.replace(b":", b""))
