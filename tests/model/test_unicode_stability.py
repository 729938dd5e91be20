"""Text that normalises alike on every Python: the fingerprint does not depend on it.

Each Python normalises text to NFC with its own Unicode database (3.11
has Unicode 14.0, 3.13 15.1). A code point Unicode 14.0 leaves unassigned
may be a combining mark on a later Python, which NFC moves: the same terms
would have another fingerprint there. The model refuses such code points
in the text it normalises, by a table that is the same on every Python;
these tests hold the table to the running Python's database.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from mutualcommit import (
    Agreement,
    FormatError,
    FundEvent,
    InvalidAgreementError,
    InvalidFundEventsError,
    InvalidObservationsError,
    Observation,
    Party,
    Role,
    dump_fund_events,
    from_dict,
    load_observations,
    loads,
)
from mutualcommit.model._unicode import unstable_problem
from mutualcommit.model._unicode_table import (
    BASE_VERSION,
    NEW_INERT,
    NEWEST_VERSION,
    REFUSED,
)

EXAMPLE = Path(__file__).parents[2] / "examples" / "it_vendor" / "agreement.json"

#: COMBINING CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I: new in Unicode
#: 15.0, of combining class 230; unassigned, so of class 0, in 14.0.
NEW_MARK = "\U0001e08f"
#: U+0316, COMBINING GRAVE ACCENT BELOW: combining class 220 everywhere.
GRAVE_BELOW = "\u0316"
#: U+1FA77 PINK HEART, an emoji of Unicode 15.0: normalisation leaves it be.
NEW_EMOJI = "\U0001fa77"

PROBLEM = (
    "expected text every supported Python normalises alike, got U+1E08F, which "
    "Unicode 14.0 (Python 3.11) leaves unassigned and a later version may "
    "compose or reorder: the text's NFC form, and every fingerprint and receipt "
    "of it, would depend on the Python"
)


def _agreement(**fields: object) -> Agreement:
    return Agreement(
        id="x",
        title=str(fields.pop("title", "Plan")),
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        currency="EUR",
        parties=(Party(id="v", name="V", role=Role.VENDOR),),
        **fields,  # type: ignore[arg-type]
    )


class TestRefused:
    """A code point whose NFC differs between Pythons is refused where it is, with its path."""

    def test_a_title(self) -> None:
        """The title the report's case puts it in: before a mark of class 220."""
        with pytest.raises(InvalidAgreementError) as caught:
            _agreement(title=f"Plan a{NEW_MARK}{GRAVE_BELOW}")

        assert (("title", PROBLEM),) == caught.value.problems

    @pytest.mark.parametrize("ensure_ascii", [True, False], ids=["escaped", "raw"])
    def test_a_document(self, *, ensure_ascii: bool) -> None:
        """Loads and from_dict name it at its JSON path, written as it is or escaped."""
        document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
        document["goals"][0]["target"]["where"] = {"region": f"EMEA{NEW_MARK}"}
        text = json.dumps(document, ensure_ascii=ensure_ascii)

        with pytest.raises(FormatError) as loaded:
            loads(text)
        with pytest.raises(FormatError) as read:
            from_dict(json.loads(text))

        expected = (("$.goals[0].target.where.region", PROBLEM),)
        assert (expected, expected) == (loaded.value.problems, read.value.problems)

    def test_observations(self) -> None:
        """A record's dims and ref: the receipt digests them in NFC."""
        dims = json.dumps({"region": f"a{NEW_MARK}"})
        log = "\n".join(
            [
                f'{{"metric": "m", "at": "2026-01-01", "value": "1", "dims": {dims}}}',
                f'{{"metric": "m", "at": "2026-01-02", "value": "1", "ref": "{NEW_MARK}"}}',
            ]
        )

        with pytest.raises(FormatError) as caught:
            load_observations(log)
        with pytest.raises(InvalidObservationsError) as built:
            Observation("m", dt.date(2026, 1, 1), Decimal(1), ref=f"R{NEW_MARK}")

        assert (
            ("line 1: $.dims.region", PROBLEM),
            ("line 2: $.ref", PROBLEM),
        ) == caught.value.problems
        assert (("ref", PROBLEM),) == built.value.problems

    def test_a_fund_event(self) -> None:
        """A fund record's text, which the receipt digests in NFC."""
        grant = FundEvent(
            fund="f",
            event="grant",
            at=dt.date(2026, 5, 1),
            ref="G-1",
            amount=Decimal(1),
            reason=f"why{NEW_MARK}",
        )

        with pytest.raises(InvalidFundEventsError) as caught:
            dump_fund_events([grant])

        assert (("[0].reason", PROBLEM),) == caught.value.problems

    def test_every_code_point_named(self) -> None:
        """Up to three are named, and how many more there are."""
        assert unstable_problem("\u0378\u0379\u0380\u0381\u0382") == (
            "expected text every supported Python normalises alike, got U+0378, "
            "U+0379, U+0380 and 2 more, each of which Unicode 14.0 (Python 3.11) "
            "leaves unassigned and a later version may compose or reorder: the "
            "text's NFC form, and every fingerprint and receipt of it, would "
            "depend on the Python"
        )


class TestAccepted:
    """What normalises alike everywhere is accepted, and host data is never refused."""

    def test_a_new_emoji(self) -> None:
        """A Unicode 15 emoji is inert: accepted, on every Python, in the terms."""
        assert f"Plan {NEW_EMOJI}" == _agreement(title=f"Plan {NEW_EMOJI}").title

    def test_extensions(self) -> None:
        """The host's extensions are never normalised: they hold any code point."""
        hosted = _agreement(extensions={"crm": f"a{NEW_MARK}{GRAVE_BELOW}"})

        assert f"a{NEW_MARK}{GRAVE_BELOW}" == hosted.extensions["crm"]


def _ranges(ranges: tuple[tuple[int, int], ...]) -> frozenset[int]:
    return frozenset(
        point for first, last in ranges for point in range(first, last + 1)
    )


@cache
def _active() -> frozenset[int]:
    """The code points this Python's normalisation acts on.

    Of a combining class other than 0, with a canonical decomposition, or
    in one.
    """
    active = set()
    for point in range(0x110000):
        char = chr(point)
        if unicodedata.combining(char):
            active.add(point)
        decomposition = unicodedata.decomposition(char)
        if decomposition and not decomposition.startswith("<"):
            active.add(point)
            active.update(int(part, 16) for part in decomposition.split())
    return frozenset(active)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


NONCHARACTERS = frozenset(
    [*range(0xFDD0, 0xFDF0)]
    + [plane * 0x10000 + last for plane in range(17) for last in (0xFFFE, 0xFFFF)]
)


class TestTable:
    """The table of refused code points against this Python's Unicode database."""

    def test_what_it_accepts_normalises_alike(self) -> None:
        """A code point accepted though Unicode 14.0 leaves it unassigned is inert here.

        Combining class 0, no canonical decomposition, in none: normalisation
        leaves it where it is, as Python 3.11 does a code point it does not
        know. So every character this Python's normalisation acts on is one
        Unicode 14.0 assigns, or one the table refuses.
        """
        assert set() == _ranges(NEW_INERT) & _active()

    def test_refused_and_accepted_apart(self) -> None:
        """No code point is both refused and accepted as new."""
        assert set() == _ranges(REFUSED) & _ranges(NEW_INERT)

    @pytest.mark.skipif(
        _version(unicodedata.unidata_version) > _version(NEWEST_VERSION),
        reason="this Python knows characters newer than the table's",
    )
    def test_it_refuses_nothing_needlessly(self) -> None:
        """A refused code point is unassigned here, or one normalisation acts on."""
        needless = [
            f"U+{point:04X}"
            for point in _ranges(REFUSED)
            if unicodedata.category(chr(point)) != "Cn" and point not in _active()
        ]

        assert [] == needless

    @pytest.mark.skipif(
        unicodedata.unidata_version != BASE_VERSION,
        reason="only the oldest supported Python has the base version's database",
    )
    def test_it_accepts_what_the_base_assigns(self) -> None:
        """On the base Python, what is accepted but not new is exactly what it assigns."""
        assigned = {
            point
            for point in range(0x110000)
            if unicodedata.category(chr(point)) != "Cn"
        }
        accepted = set(range(0x110000)) - _ranges(REFUSED) - _ranges(NEW_INERT)

        assert assigned | NONCHARACTERS == accepted
