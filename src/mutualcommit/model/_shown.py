r"""How a message shows text a user typed, and the one it was likely meant to be.

Every layer that names what it found in a message quotes it with `quoted`
(as typed, ``"Verkäufer"``, escaping only what cannot be seen) and, where
the value must be one of a known list (a key, an enum value, an id), tells
the likely one with `did_you_mean`, so that the model's checks, the readers
and the policy reader say it the same way. A lookup by id or label that
finds nothing words the miss with `no_such`, listing what there is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping

__all__ = [
    "described",
    "did_you_mean",
    "dimension_text",
    "no_such",
    "quoted",
    "selection_pairs",
    "without_address",
]

#: The longest repr a message shows in full.
_SHOWN = 60


def quoted(text: str) -> str:
    r"""Quote *text* as a JSON string, shown as typed: ``"Verkäufer"``, ``"€400"``.

    Only what cannot be seen, or would act on a terminal, is escaped: the
    controls, line and paragraph separators, spaces other than the plain
    one (``\u00a0``), format characters (bidirectional overrides) and lone
    surrogates, each as ``\uXXXX`` (or JSON's ``\n``, ``\t``), one beyond
    U+FFFF as its two surrogates' escapes, as JSON writes it: the result
    reads back with any JSON parser as *text*.
    """
    text = json.dumps(text, ensure_ascii=False)
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escaped(char) for char in text)


#: What a dimension's name or value written as it is may not hold: white
#: space, what writes a pair (``=``) and a list of pairs (``,``, ``;`` and
#: their ideographic and full-width forms, U+3001, U+FF0C, U+FF1B), and
#: quotation marks, whose meaning would be the reader's guess.
_NOT_BARE = re.compile(
    "[\\s=,;\u3001\uff0c\uff1b\"'`\u00ab\u00bb\u2018-\u201f\u2039\u203a"
    "\u300c-\u300f\u301d-\u301f\uff02\uff07]"
)
#: The second and later spaces of a run, which a document's text collapses.
_SPACE_RUN = re.compile("(?<= ) ")


def _escaped_space(match: re.Match[str]) -> str:
    """Return a space as JSON escapes it, for `_SPACE_RUN`'s *match*."""
    del match
    return "\\u0020"


def dimension_text(text: str) -> str:
    r"""Write a dimension's name or value as the reader must tell it from any other.

    A ``where``'s pairs and a split's items select records by their exact
    text: ``dach`` and ``dach `` are two slices. A name or value that is
    one visible word (not empty; no white space, no character that cannot
    be seen; no ``=``, ``,`` or ``;``, nor their ideographic and
    full-width forms, which write a pair and a list of them; no quotation
    mark) is written as it is: ``emea``, ``sku-1``, ``Île-de-France``.
    Any other is quoted as JSON (`quoted`): ``""``, ``"dach "``, ``"North
    America"``, ``"a=b, c"``, ``"x\u00a0"``, its second and later spaces
    of a run escaped (``"a \u0020b"``), since a document's text collapses
    a run to one space. Every message, document and command that names a
    selection writes it so (`selection_pairs`).
    """
    if text and text.isprintable() and _NOT_BARE.search(text) is None:
        return text
    shown = quoted(text)
    return _SPACE_RUN.sub(_escaped_space, shown) if "  " in shown else shown


def selection_pairs(where: Mapping[str, str], equals: str = "=") -> list[str]:
    """Write each pair of selection *where* as ``name=value``, by name.

    Each name and value as `dimension_text` writes it, joined by *equals*
    (``" = "`` in a document's sentence): ``["region=emea",
    'segment="Public Sector"']``. A list, for the caller to join as its
    language writes one.
    """
    return [
        f"{dimension_text(key)}{equals}{dimension_text(value)}"
        for key, value in sorted(where.items())
    ]


#: Where a repr says a value sat in memory: `` at 0x7f3c2a1b0d00``.
_ADDRESS = re.compile(r" at 0x[0-9A-Fa-f]+")


def without_address(text: str) -> str:
    """Return a repr without the address in memory it names (``<function f>``).

    An address differs from one run to the next and means nothing to a reader.
    """
    return _ADDRESS.sub("", text) if " at 0x" in text else text


def described(value: object) -> str:
    """Write *value* as a message of the model names what it found: ``str '2026-01-01'``.

    Its type and its repr, cut short past 60 characters; an integer of more
    than 64 bits by its size (`repr` refuses one of more than 4300 digits);
    a value with the default repr (``<... object at 0x7f...>``) by its type
    alone.
    The readers name a document's value in JSON's words instead.
    """
    if type(value) is int and value.bit_length() > 64:  # noqa: PLR2004
        return f"an integer of {value.bit_length()} bits"
    if type(value).__repr__ is object.__repr__:
        # The default repr adds nothing but an address in memory.
        return type(value).__name__
    text = without_address(repr(value))
    if len(text) > _SHOWN:
        text = text[: _SHOWN - 3] + "..."
    return f"{type(value).__name__} {text}"


def _escaped(char: str) -> str:
    r"""Return *char* as JSON escapes it with ``ensure_ascii``: ``\u00a0``, ``\udb40\udc01``."""
    return json.dumps(char)[1:-1]


#: Words written for a value the formats spell otherwise, and that value.
_SYNONYMS = {
    "average": "mean",
    "avg": "mean",
    "median": "percentile",
    "total": "sum",
    "weekly": "week",
    "monthly": "month",
    "quarterly": "quarter",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "minimum": "at_least",
    "maximum": "at_most",
}


def _folded(text: str) -> str:
    """*text* as a likely slip is compared: case, spaces and hyphens aside."""
    return text.casefold().replace(" ", "_").replace("-", "_")


def did_you_mean(
    found: object, known: Iterable[str], quote: Callable[[str], str] = quoted
) -> str:
    """Return `` (did you mean "title"?)`` for *found* close to one of *known*, else ``""``.

    One of *known* that differs from *found* only in case, or in a space or
    a hyphen for an underscore (``"Vendor"``, ``"at most"``), is told first;
    then one that *found* is a common word for (``"average"`` → ``"mean"``,
    ``"quarterly"`` → ``"quarter"``); failing that, the closest by `difflib`
    (``"aproval"`` → ``"approval"``).
    The suggestion is written with *quote* (`quoted`, or `repr` where the
    message quotes its values so).
    """
    if not isinstance(found, str):
        return ""
    known = [k for k in dict.fromkeys(known) if k != found]
    folded = _folded(found)
    same = [k for k in known if _folded(k) == folded]
    if len(same) == 1:
        return f" (did you mean {quote(same[0])}?)"
    synonym = _SYNONYMS.get(folded)
    if synonym in known:
        return f" (did you mean {quote(synonym)}?)"
    import difflib  # only ever needed to explain a mistake

    close = difflib.get_close_matches(found, known, n=1)
    return f" (did you mean {quote(close[0])}?)" if close else ""


def no_such(
    kind: str,
    key: object,
    where: str,
    known: Iterable[str],
    *,
    suggest: bool = True,
) -> str:
    """Word the miss of a lookup: what was asked for, where, and what there is.

    ``no goal 'pipline' in agreement 'acme-globex-2026' (there are:
    'co-sell-opportunities', 'pipeline') (did you mean 'pipeline'?)``: the
    words of the agreement's own lookups (`Agreement.goal`), which the
    lookups of every result (a scorecard's, a window's, a fund ledger's, a
    projection's) share. Up to `LISTED` ids are listed; of more (the
    windows of a daily target), the first ones and the last two, with
    their count.

    Args:
        kind: What was looked up (``"goal"``, ``"window"``).
        key: The id or label asked for.
        where: Where it was looked up (``"agreement 'acme-globex-2026'"``,
            ``"fund 'acme-mdf-budget'"``).
        known: The ids or labels there are, in order.
        suggest: Whether to tell the one of *known* closest to *key*. Not
            for window labels, which differ in a digit from one period to
            the next: ``FY2027-Q1`` asked of a term that ends in 2026 is no
            slip for ``FY2026-Q1``.
    """
    ids = list(dict.fromkeys(known))
    if not ids:
        listed = "there are: none"
    elif len(ids) <= LISTED:
        listed = "there are: " + ", ".join(map(repr, ids))
    else:
        first, last = ids[: LISTED - 2], ids[-2:]
        listed = (
            f"there are {len(ids)}: {', '.join(map(repr, first))}, ..., "
            f"{', '.join(map(repr, last))}"
        )
    hint = did_you_mean(key, ids, repr) if suggest else ""
    return f"no {kind} {key!r} in {where} ({listed}){hint}"


#: The most ids `no_such` lists in full.
LISTED = 20
