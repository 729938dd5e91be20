"""The agreement document as of a day shows the records as they stood that day."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from mutualcommit.cli import main
from mutualcommit.model import ActionItem, Agreement, AgreementStatus, Review
from mutualcommit.render import FORMATS, Format, render
from mutualcommit.serialize import loads

Small = Callable[..., Agreement]
Rows = Callable[[str, str], list[list[str]]]

MANUFACTURER = (
    Path(__file__).resolve().parents[2] / "examples" / "manufacturer" / "agreement.json"
)
#: The day the documents below stand on.
DAY = dt.date(2026, 4, 15)
LOCALES = ("en", "de", "fr", "es", "ja")


def _recorded(small: Small) -> Agreement:
    """Return the small agreement with records before and after `DAY`.

    Acme signed in December, Globex on 20 April; a review on 6 April whose
    first action was done on 10 April and second on 30 April; a review on
    6 July.
    """
    early = Review(
        id="q1",
        held_on=dt.date(2026, 4, 6),
        attendees=("acme", "globex"),
        notes="Kick-off notes.",
        actions=(
            ActionItem(
                id="a1",
                owner="acme",
                title="Book the training room",
                done_on=dt.date(2026, 4, 10),
            ),
            ActionItem(
                id="a2",
                owner="globex",
                title="Name two sellers",
                due=dt.date(2026, 5, 15),
                done_on=dt.date(2026, 4, 30),
            ),
        ),
    )
    late = Review(
        id="q2",
        held_on=dt.date(2026, 7, 6),
        attendees=("acme",),
        notes="Second-quarter notes.",
    )
    return (
        small(reviews=(early, late))
        .sign("acme", "Ada Early", dt.date(2025, 12, 1))
        .sign("globex", "Gus Later", dt.date(2026, 4, 20))
    )


def _by_hand(agreement: Agreement) -> Agreement:
    """Return `_recorded`'s agreement without what happened after `DAY`."""
    early = agreement.reviews[0]
    reopened = attrs.evolve(early.actions[1], done_on=None)
    return attrs.evolve(
        agreement,
        signatures=agreement.signatures[:1],
        reviews=(attrs.evolve(early, actions=(early.actions[0], reopened)),),
    )


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _day(text: str) -> dt.date:
    """Read an English date, long ("March 18, 2026") or short ("Mar 18, 2026")."""
    month, day, year = text.replace(",", "").split()
    number = next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(month))
    return dt.date(int(year), number, int(day))


def _status_line(markdown: str) -> str:
    return next(line for line in markdown.splitlines() if line.startswith("Status on"))


class TestSignatures:
    """A signature given after the day reads as not given, and the status agrees."""

    def test_later_signature_not_signed(self, small: Small, table_rows: Rows) -> None:
        """Globex, which signed on 20 April, has not signed on 15 April."""
        agreement = _recorded(small)

        text = render(agreement, as_of=DAY)

        assert (
            "Status on April 15, 2026: partially signed",
            [["**Acme Software**", "Ada Early", "Dec 1, 2025", "valid"]],
            [["**Globex Solutions**", "", "", "not signed"]],
        ) == (
            _status_line(text),
            table_rows(text, "**Acme Software**")[-1:],
            table_rows(text, "**Globex Solutions**")[-1:],
        )

    def test_lines_to_sign_on(self, small: Small) -> None:
        """The party that had not signed yet gets lines to sign on; the other none."""
        text = render(_recorded(small), as_of=DAY)

        assert ["### For Globex Solutions (partner)"] == [
            line for line in text.splitlines() if line.startswith("### For ")
        ]

    def test_signed_by_then(self, small: Small, table_rows: Rows) -> None:
        """On the day of the later signature, both are valid and the plan active."""
        agreement = _recorded(small)

        text = render(agreement, as_of=dt.date(2026, 4, 20))

        assert (
            "Status on April 20, 2026: active",
            [["**Globex Solutions**", "Gus Later", "Apr 20, 2026", "valid"]],
        ) == (_status_line(text), table_rows(text, "**Globex Solutions**")[-1:])


class TestReviews:
    """A review held after the day is not held yet; an action done later is open."""

    def test_reviews_held(self, small: Small) -> None:
        """Only the review of 6 April is held on 15 April; its later action is open."""
        text = render(_recorded(small), as_of=DAY)

        held = text.splitlines()
        start = held.index("### Reviews held") + 1
        assert [
            "- **April 6, 2026**: attended by Acme Software and Globex Solutions",
            "  Kick-off notes.",
            (
                "  - Book the training room (owner: Acme Software); done on "
                "April 10, 2026"
            ),
            ("  - Name two sellers (owner: Globex Solutions); due May 15, 2026; open"),
        ] == [line for line in held[start:] if line.strip()][:4]
        assert "July 6, 2026" not in text
        assert "Second-quarter notes." not in text

    def test_nothing_held_yet(self, small: Small) -> None:
        """Before the first review the section lists no reviews held."""
        text = render(_recorded(small), as_of=dt.date(2026, 4, 5))

        assert [] == [
            shown for shown in ("### Reviews held", "Kick-off notes.") if shown in text
        ]


class TestEveryFormatAndLocale:
    """Every format and locale writes the document of the records made by the day."""

    @pytest.mark.parametrize("locale", LOCALES)
    @pytest.mark.parametrize("form", FORMATS)
    def test_as_the_records_stood(
        self, small: Small, form: Format, locale: str
    ) -> None:
        """The document as of the day is that of the agreement without later records."""
        agreement = _recorded(small)

        actual = render(agreement, as_of=DAY, format=form, locale=locale)

        expected = render(_by_hand(agreement), as_of=DAY, format=form, locale=locale)
        assert expected == actual
        assert "Gus Later" not in actual

    @pytest.mark.parametrize("locale", LOCALES)
    @pytest.mark.parametrize("form", FORMATS)
    def test_without_as_of(self, small: Small, form: Format, locale: str) -> None:
        """Without as_of every record shows, as before."""
        text = render(_recorded(small), format=form, locale=locale)

        assert ["Gus Later", "Second-quarter notes."] == [
            shown for shown in ("Gus Later", "Second-quarter notes.") if shown in text
        ]


@pytest.fixture(scope="module")
def manufacturer() -> Agreement:
    """The manufacturer example."""
    return loads(MANUFACTURER.read_text("utf-8"))


class TestManufacturerExample:
    """Day by day, the example's document shows nothing dated after its day."""

    def test_weekly(self, manufacturer: Agreement, table_rows: Rows) -> None:
        """Held reviews, done dates and signatures are by the day; the status agrees."""
        agreement = manufacturer
        day = agreement.start - dt.timedelta(days=28)
        problems = []
        while day <= agreement.end + dt.timedelta(days=14):
            text = render(agreement, as_of=day)
            held = [
                _day(found)
                for found in re.findall(
                    r"^- \*\*(.+?)\*\*: attended by", text, re.MULTILINE
                )
            ]
            done = [
                _day(found) for found in re.findall(r"done on (\w+ \d+, \d{4})", text)
            ]
            signed = [
                _day(row[2])
                for party in agreement.parties
                for row in table_rows(text, f"**{party.name}**")[-1:]
                if row[2]
            ]
            unsigned = sum(
                row[3] == "not signed"
                for party in agreement.parties
                for row in table_rows(text, f"**{party.name}**")[-1:]
            )
            status = agreement.status(day)
            # After the end the status is expired, whoever signed.
            fully = status in {AgreementStatus.SIGNED, AgreementStatus.ACTIVE} or (
                status is AgreementStatus.EXPIRED and unsigned == 0
            )
            expected_held = sum(r.held_on <= day for r in agreement.reviews)
            if (
                any(d > day for d in (*held, *done, *signed))
                or len(held) != expected_held
                or fully != (unsigned == 0)
            ):
                problems.append((day, held, done, signed, status))
            day += dt.timedelta(days=7)

        assert [] == problems

    def test_cli(
        self, manufacturer: Agreement, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``render --as-of`` writes the same document as render(as_of=...)."""
        day = dt.date(2026, 3, 1)

        code = main(
            ["render", str(MANUFACTURER), "--as-of=2026-03-01", "--format=text"]
        )

        out = capsys.readouterr().out
        assert (0, render(manufacturer, as_of=day, format="text")) == (code, out)
        assert [] == [
            later for later in ("Mar 18, 2026", "November 12, 2026") if later in out
        ]
