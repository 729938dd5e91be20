import datetime as dt
import re
import unicodedata
from html.parser import HTMLParser

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mutualcommit.kpi import evaluate
from mutualcommit.model import Agreement, Observation
from mutualcommit.render import FORMATS, _text, _tree, render
from mutualcommit.rules import check
from mutualcommit.serialize import dumps, loads
from mutualcommit.testing.strategies import agreements, observations

LOCALES = ("en", "de_DE", "fr_FR", "es_ES", "ja_JP")
#: A 2-core machine: a few examples per run, many runs over time.
FEW = settings(max_examples=25)


def _no_controls(text: str) -> bool:
    return not any(
        char != "\n" and unicodedata.category(char) in {"Cc", "Cs"} for char in text
    )


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        if tag not in {"br", "meta", "wbr"}:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.balanced = self.balanced and bool(self.open) and self.open.pop() == tag


def _well_formed(page: str) -> bool:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser.balanced and not parser.open


def _trailing_zero(match: re.Match[str]) -> str:
    """Write a decimal string with one zero more after the point (``"1"`` is ``"1.0"``)."""
    number = match.group(1)
    if "." not in number:
        return f'"{number}.0"'
    if len(number.split(".")[1]) >= 12:  # the most the model takes
        return match.group(0)
    return f'"{number}0"'


class TestAnyAgreement:
    """Rendering never fails for any valid agreement, locale and format."""

    @FEW
    @given(
        agreements(),
        st.sampled_from(LOCALES),
        st.sampled_from(FORMATS),
        st.none() | st.dates(dt.date(2019, 1, 1), dt.date(2031, 12, 31)),
    )
    def test_renders(
        self, agreement: Agreement, locale: str, fmt: str, as_of: dt.date | None
    ) -> None:
        """The document is text without control characters; HTML is well formed."""
        document = render(agreement, locale=locale, format=fmt, as_of=as_of)  # type: ignore[arg-type]
        well_formed = fmt != "html" or _well_formed(document)
        assert (True, True) == (_no_controls(document), well_formed)

    @FEW
    @given(agreements(), st.sampled_from(("en", "de_DE", "fr_FR", "pl_PL")))
    def test_equal_agreements_render_alike(
        self, agreement: Agreement, locale: str
    ) -> None:
        """Decimals written with more zeros (1.0 for 1) change no document, no plural."""
        respelled = loads(
            re.sub(r'"(-?\d+(?:\.\d+)?)"', _trailing_zero, dumps(agreement))
        )
        assume(respelled == agreement)  # an id of digits is respelled too

        assert render(agreement, locale=locale, format="text") == render(
            respelled, locale=locale, format="text"
        )


class TestAnyEvaluation:
    """Scorecards and check reports of any agreement render in every locale."""

    @settings(max_examples=15)
    @given(st.data(), st.sampled_from(LOCALES), st.sampled_from(FORMATS))
    def test_renders(self, data: st.DataObject, locale: str, fmt: str) -> None:
        """Both documents render, whatever the observations."""
        agreement = data.draw(agreements())
        log: list[Observation] = data.draw(observations(agreement))
        as_of = data.draw(st.dates(agreement.start, agreement.end))
        scorecard = evaluate(agreement, log, as_of=as_of)
        report = check(agreement, as_of=as_of, observations=log)
        documents = [
            render(thing, locale=locale, format=fmt)  # type: ignore[arg-type]
            for thing in (scorecard, report)
        ]
        assert [True, True] == [_no_controls(d) for d in documents]


#: Text as cells hold it: words, runs of spaces and tabs, no-break and wide
#: characters, combining marks, the soft hyphen, controls.
_CELL_TEXT = st.text(
    st.sampled_from(
        [*"aZ7 \t\xa0\u202f\xad\u0301é", *"\u6f22\uff21\u2713\n\x01\u200b"]
    ),
    max_size=40,
)


class TestFastPaths:
    """The shortcuts for one cell give what the general code gives."""

    @given(_CELL_TEXT, st.integers(min_value=-1, max_value=30), st.booleans())
    def test_wrap_of_a_line_that_fits(self, text: str, width: int, words: bool) -> None:
        """The shortcut of `wrap` for a line that fits is the atom-by-atom wrap."""
        assert _text.wrap(text, width, words=words) == _text._wrap_atoms(
            text, max(width, 1), words=words
        )

    @given(
        st.one_of(
            _CELL_TEXT,
            st.builds(
                _tree.Span,
                _CELL_TEXT,
                st.sampled_from(["plain", "strong", "code", "blank"]),
                st.sampled_from(["", "good", "bad"]),
            ),
        )
    )
    def test_inline_of_one_part(self, part: str | _tree.Span) -> None:
        """The shortcut of `inline` for one string or span is the general join."""
        assert _tree.inline(part) == _tree._joined((part,))
