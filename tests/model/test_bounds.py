from __future__ import annotations

import datetime as dt
import decimal
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit import FormatError, check, from_dict, loads, render
from mutualcommit.errors import InvalidAgreementError
from mutualcommit.model import (
    MAX_TERM_DAYS,
    MAX_VERSION,
    MAX_WINDOWS,
    Agreement,
    Direction,
    ExceptionCriterion,
    FiscalCalendar,
    Goal,
    Period,
    Target,
    decimal_context,
    decimal_problem,
    rounded,
)

D = dt.date


def problems(agreement: Agreement, **changes: Any) -> list[tuple[str, str]]:
    """Return the problems *changes* cause, or [] when the agreement builds."""
    try:
        attrs.evolve(agreement, **changes)
    except InvalidAgreementError as error:
        return list(error.problems)
    return []


class TestTermLength:
    """A term is at most a hundred years (36525 days, both ends included)."""

    def test_a_hundred_years_is_accepted(self, agreement: Agreement) -> None:
        """2000-01-01 to 2099-12-31 is exactly the longest term."""
        assert MAX_TERM_DAYS == (D(2099, 12, 31) - D(2000, 1, 1)).days + 1
        assert [] == problems(agreement, start=D(2000, 1, 1), end=D(2099, 12, 31))

    def test_one_day_more_is_refused(self, agreement: Agreement) -> None:
        """A day past the hundred years is reported at `end`, with the count."""
        [(path, message)] = problems(agreement, start=D(2000, 1, 1), end=D(2100, 1, 1))

        assert "end" == path
        assert "at most 36525 days" in message
        assert "got 36526 days" in message

    def test_the_whole_calendar_is_refused(self, agreement: Agreement) -> None:
        """0001-01-01 to 9999-12-31 is refused at once, not evaluated for minutes."""
        assert ["end"] == [
            path
            for path, _ in problems(agreement, start=D(1, 1, 1), end=D(9999, 12, 31))
        ]


class TestCalendarEdges:
    """A term's fiscal years around its first and last day must begin in the year 1 and end in 9999."""

    @pytest.mark.parametrize(
        ("start", "end", "path"),
        [
            (D(1, 1, 1), D(1, 12, 31), "start"),
            (D(9999, 1, 1), D(9999, 12, 31), "end"),
        ],
    )
    def test_other_fiscal_years_are_refused(
        self, agreement: Agreement, start: dt.date, end: dt.date, path: str
    ) -> None:
        """An April fiscal year would start in the year 0 or end in 10000."""
        found = problems(
            agreement,
            start=start,
            end=end,
            fiscal_calendar=FiscalCalendar(start_month=4),
            signatures=(),
        )

        assert [path] == [p for p, _ in found]
        assert "start in January" in found[0][1]

    @pytest.mark.parametrize(
        ("start", "end", "month"),
        [
            (D(9999, 1, 1), D(9999, 3, 31), 4),
            (D(9998, 12, 1), D(9999, 11, 30), 12),
            (D(1, 4, 1), D(1, 12, 31), 4),
            (D(1, 2, 1), D(9, 12, 31), 2),
        ],
        ids=[
            "9999 to March, April",
            "9999 to November, December",
            "1 from April",
            "1 from February",
        ],
    )
    def test_fiscal_years_that_fit_are_accepted(
        self, agreement: Agreement, start: dt.date, end: dt.date, month: int
    ) -> None:
        """Every fiscal year around the term fits in the dates: it is accepted, and checked."""
        calendar = FiscalCalendar(start_month=month)
        assert [] == problems(
            agreement, start=start, end=end, fiscal_calendar=calendar, signatures=()
        )
        plan = attrs.evolve(
            agreement, start=start, end=end, fiscal_calendar=calendar, signatures=()
        )
        for as_of in (dt.date.min, start, end, dt.date.max):
            assert as_of == check(plan, as_of=as_of).as_of
        assert render(plan)

    @pytest.mark.parametrize(
        ("start", "end", "path", "message"),
        [
            (
                D(9999, 1, 1),
                D(9999, 4, 1),
                "end",
                (
                    "the fiscal year around 9999-04-01, with fiscal years starting "
                    "in month 4, ends in the year 10000"
                ),
            ),
            (
                D(1, 3, 31),
                D(1, 12, 31),
                "start",
                (
                    "the fiscal year around 0001-03-31, with fiscal years starting "
                    "in month 4, begins in the year 0"
                ),
            ),
        ],
    )
    def test_one_day_over(
        self,
        agreement: Agreement,
        start: dt.date,
        end: dt.date,
        path: str,
        message: str,
    ) -> None:
        """A day into a fiscal year that reaches past the dates is refused, saying which."""
        found = problems(
            agreement,
            start=start,
            end=end,
            fiscal_calendar=FiscalCalendar(start_month=4),
            signatures=(),
        )

        assert [path] == [p for p, _ in found]
        assert found[0][1].startswith(message)

    @pytest.mark.parametrize(
        ("start", "end"),
        [(D(1, 1, 1), D(1, 12, 31)), (D(9999, 1, 1), D(9999, 12, 31))],
    )
    def test_calendar_years_are_accepted(
        self, agreement: Agreement, start: dt.date, end: dt.date
    ) -> None:
        """Fiscal years that are calendar years fit inside the calendar."""
        assert [] == problems(agreement, start=start, end=end, signatures=())


def century_problems(
    agreement: Agreement, periods: list[Period]
) -> list[tuple[str, str]]:
    """Return the problems of *agreement* from 2000 to 2099 with one goal per period.

    Each goal targets at least 1 of the first metric per its period; the
    agreement keeps nothing else that could add a problem.
    """
    metric = agreement.metrics[0].id
    goals = tuple(
        Goal(
            id=f"g{i}",
            title="G",
            target=Target(
                metric=metric,
                value=Decimal(1),
                direction=Direction.AT_LEAST,
                per=per,
            ),
        )
        for i, per in enumerate(periods)
    )
    return problems(
        agreement,
        start=D(2000, 1, 1),
        end=D(2099, 12, 31),
        goals=goals,
        contributions=(),
        incentives=(),
        allocations=(),
        reviews=(),
        signatures=(),
    )


class TestWindowCount:
    """All targets together cut the term into at most 100,000 windows."""

    def test_many_monthly_targets_over_a_century_are_refused(
        self, agreement: Agreement
    ) -> None:
        """84 monthly goals over 100 years make 100,800 windows: one problem."""
        found = century_problems(agreement, [Period.MONTH] * 84)

        message = (
            f"expected at most {MAX_WINDOWS} measurement windows across all "
            "targets and exception criteria, these cut the term into "
            "100800 (100800 for targets, 0 for exception criteria)"
        )
        assert [("goals", message)] == found


class TestWeeklyWindows:
    """Weekly targets count their ISO weeks: 5,219 over the century."""

    def test_twenty_weekly_targets_over_a_century_are_refused(
        self, agreement: Agreement
    ) -> None:
        """From the week of Saturday 2000-01-01 to 2099-12-31: 5,219 ISO weeks.

        20 weekly goals make 104,380 windows (as many as the calendar cuts).
        """
        found = century_problems(agreement, [Period.WEEK] * 20)

        message = (
            f"expected at most {MAX_WINDOWS} measurement windows across all "
            "targets and exception criteria, these cut the term into "
            "104380 (104380 for targets, 0 for exception criteria)"
        )
        assert [("goals", message)] == found


class TestCriterionWindows:
    """Exception criteria's windows count toward the bound with the targets'."""

    def criteria(self, count: int, per: Period) -> tuple[ExceptionCriterion, ...]:
        """*count* criteria on the first metric, each judged *per*."""
        return tuple(
            ExceptionCriterion(
                id=f"e{i}",
                title="E",
                measure="cosell-opps",
                owner="acme",
                resolve_within_days=1,
                lower=Decimal(1),
                per=per,
                split="item",
            )
            for i in range(count)
        )

    def test_twenty_weekly_criteria_over_a_century_are_refused(
        self, agreement: Agreement
    ) -> None:
        """20 weekly criteria make 104,380 windows, refused at the criteria."""
        found = problems(
            agreement,
            start=D(2000, 1, 1),
            end=D(2099, 12, 31),
            goals=(),
            contributions=(),
            incentives=(),
            allocations=(),
            reviews=(),
            signatures=(),
            exception_criteria=self.criteria(20, Period.WEEK),
        )

        message = (
            f"expected at most {MAX_WINDOWS} measurement windows across all "
            "targets and exception criteria, these cut the term into "
            "104380 (0 for targets, 104380 for exception criteria)"
        )
        assert [("exception_criteria", message)] == found

    def test_criteria_and_targets_add_up(self, agreement: Agreement) -> None:
        """83 monthly goals (99,600) and one monthly criterion (1,200) are too many."""
        goals = tuple(
            Goal(
                id=f"g{i}",
                title=f"Goal {i}",
                target=Target(
                    metric="cosell-opps",
                    value=Decimal(1),
                    direction=Direction.AT_LEAST,
                    per=Period.MONTH,
                ),
            )
            for i in range(83)
        )
        changes: dict[str, Any] = {
            "start": D(2000, 1, 1),
            "end": D(2099, 12, 31),
            "goals": goals,
            "contributions": (),
            "incentives": (),
            "allocations": (),
            "reviews": (),
            "signatures": (),
        }
        assert [] == problems(agreement, **changes)
        [(path, message)] = problems(
            agreement, **changes, exception_criteria=self.criteria(1, Period.MONTH)
        )

        assert "exception_criteria" == path
        assert "(99600 for targets, 1200 for exception criteria)" in message

    def test_the_document_is_refused_at_the_criteria(self) -> None:
        """The reader refuses such a document at ``$.exception_criteria``."""
        document = {
            "format": "mutualcommit.agreement",
            "format_version": 1,
            "id": "a",
            "title": "T",
            "parties": [{"id": "v", "name": "V", "role": "vendor"}],
            "start": "2000-01-01",
            "end": "2099-12-31",
            "currency": "EUR",
            "metrics": [
                {"id": "m", "name": "M", "unit": "count", "aggregation": "sum"}
            ],
            "exception_criteria": [
                {
                    "id": f"e{i}",
                    "title": "E",
                    "measure": "m",
                    "owner": "v",
                    "resolve_within_days": 1,
                    "lower": "1",
                    "per": "week",
                    "split": "item",
                }
                for i in range(20)
            ],
        }

        with pytest.raises(FormatError) as caught:
            loads(json.dumps(document))

        [(path, message)] = caught.value.problems
        assert "$.exception_criteria" == path
        assert "104380 for exception criteria" in message


class TestWindowBoundary:
    """Exactly 100,000 windows is allowed; a term target counts one."""

    @pytest.mark.parametrize(("whole_term", "refused"), [(400, False), (401, True)])
    def test_at_the_limit(
        self, agreement: Agreement, whole_term: int, *, refused: bool
    ) -> None:
        """83 monthly targets over a century (99,600) and 400 term targets: 100,000."""
        found = century_problems(
            agreement, [Period.MONTH] * 83 + [Period.TERM] * whole_term
        )

        assert refused == bool(found)


MANUFACTURER = (
    Path(__file__).resolve().parents[2] / "examples/manufacturer/agreement.json"
)


def manufacturer(path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    """The manufacturer example as a dict, with *value* at *path*."""
    document: dict[str, Any] = json.loads(MANUFACTURER.read_text(encoding="utf-8"))
    node: Any = document
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return document


class TestWholeNumbers:
    """An agreement's version and a remedy's breach count are bounded.

    Unbounded, a version of 10^400 was accepted and then made every
    fingerprint (so `check`, `render` and the signatures' status) raise
    ValueError: the canonical form writes numbers as doubles.
    """

    @pytest.mark.parametrize(
        ("path", "highest", "shown"),
        [
            (("version",), MAX_VERSION, "version 9007199254740991"),
            (
                ("remedies", 0, "termination_after"),
                MAX_WINDOWS,
                "After 100000 windows with a charged shortfall",
            ),
        ],
        ids=["version", "termination_after"],
    )
    def test_the_highest_is_accepted(
        self, path: tuple[str | int, ...], highest: int, shown: str
    ) -> None:
        """2^53 - 1 for a version, 100,000 breached windows: checked, rendered.

        The new terms are not the ones signed: the two signatures are stale
        (MC402), which is all `check` finds.
        """
        agreement = from_dict(manufacturer(path, highest))
        report = check(agreement, as_of=dt.date(2026, 6, 30))

        assert [("MC402", "signatures[0]"), ("MC402", "signatures[1]")] == [
            (finding.code, finding.path) for finding in report.findings
        ]
        assert shown in render(agreement, format="text", locale="en")

    @pytest.mark.parametrize(
        ("path", "value", "message"),
        [
            (
                ("version",),
                MAX_VERSION + 1,
                (
                    "expected a whole number from 1 to 9007199254740991, "
                    "got 9007199254740992"
                ),
            ),
            (
                ("version",),
                10**400,
                (
                    "expected a whole number from 1 to 9007199254740991, "
                    "got an integer of 1329 bits"
                ),
            ),
            (
                ("remedies", 0, "termination_after"),
                MAX_WINDOWS + 1,
                (
                    "expected a whole number of breached windows from 1 to 100000, "
                    "got 100001"
                ),
            ),
            (
                ("remedies", 0, "termination_after"),
                10**5000,
                (
                    "expected a whole number of breached windows from 1 to 100000, "
                    "got an integer of 16610 bits"
                ),
            ),
        ],
        ids=["version+1", "version-1e400", "breaches+1", "breaches-1e5000"],
    )
    def test_beyond_is_refused(
        self, path: tuple[str | int, ...], value: int, message: str
    ) -> None:
        """One past the bound, or thousands of digits, is a FormatError at its path."""
        where = "$" + "".join(
            f"[{step}]" if isinstance(step, int) else f".{step}" for step in path
        )

        with pytest.raises(FormatError) as caught:
            from_dict(manufacturer(path, value))

        assert [(where, message)] == list(caught.value.problems)

    def test_beyond_is_refused_by_loads(self) -> None:
        """`loads` of a version of 401 digits says the same, at `$.version`."""
        text = json.dumps(manufacturer(("version",), 10**400))

        with pytest.raises(FormatError) as caught:
            loads(text)

        assert [
            (
                "$.version",
                (
                    "expected a whole number from 1 to 9007199254740991, "
                    "got an integer of 1329 bits"
                ),
            )
        ] == list(caught.value.problems)


class TestDecimalContext:
    """No caller can change the library's arithmetic."""

    def test_the_settings(self) -> None:
        """28 digits, banker's rounding, errors raised rather than signalled."""
        context = decimal_context()

        assert (28, decimal.ROUND_HALF_EVEN) == (context.prec, context.rounding)
        assert context.traps[decimal.InvalidOperation]
        assert context.traps[decimal.DivisionByZero]
        assert not context.traps[decimal.Inexact]

    def test_each_call_is_a_new_context(self) -> None:
        """Changing the context returned leaves the next one as it was."""
        changed = decimal_context()
        changed.prec = 4
        changed.traps[decimal.Inexact] = True

        fresh = decimal_context()

        assert changed is not fresh
        assert (28, False) == (fresh.prec, fresh.traps[decimal.Inexact])
        assert Decimal("0.3333333333333333333333333333") == fresh.divide(
            Decimal(1), Decimal(3)
        )

    def test_the_process_defaults_do_not_reach_it(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A caller changing decimal.DefaultContext changes nothing here."""
        # The template every new Context copies what it is not given from.
        template = decimal.DefaultContext
        for name, value in (
            ("prec", 4),
            ("rounding", decimal.ROUND_DOWN),
            ("Emin", -9),
            ("Emax", 9),
            ("capitals", 0),
            ("clamp", 1),
        ):
            monkeypatch.setattr(template, name, value)
        for signal in (decimal.Inexact, decimal.Rounded):
            monkeypatch.setitem(template.traps, signal, True)
            monkeypatch.setitem(template.flags, signal, True)
        monkeypatch.setitem(template.traps, decimal.Overflow, False)

        context = decimal_context()

        assert (28, decimal.ROUND_HALF_EVEN) == (context.prec, context.rounding)
        assert (-999999, 999999, 1, 0) == (
            context.Emin,
            context.Emax,
            context.capitals,
            context.clamp,
        )
        assert [] == [signal for signal, raised in context.flags.items() if raised]
        assert {
            decimal.InvalidOperation,
            decimal.DivisionByZero,
            decimal.Overflow,
        } == {signal for signal, on in context.traps.items() if on}


#: The places a display rounds to: whole numbers, tenths, cents, four places.
PLACES = [Decimal(1), Decimal("0.1"), Decimal("0.01"), Decimal("0.0001")]


class TestRounded:
    """Rounding for display keeps every digit before the place it rounds to."""

    @pytest.mark.parametrize(
        ("value", "places", "expected"),
        [
            ("1E+25", "0.001", "10000000000000000000000000.000"),
            ("123456789012345678901234567.891", "0.1", "123456789012345678901234567.9"),
            ("9.9999999999999999999999999999E+27", "1", "1E+28"),
            ("0.125", "0.01", "0.12"),
            ("0.135", "0.01", "0.14"),
            ("-1E+30", "0.01", "-1000000000000000000000000000000.00"),
            ("1E-30", "0.01", "0.00"),
        ],
    )
    def test_cases(self, value: str, places: str, expected: str) -> None:
        """Half-even to the place, with as many digits before it as the value has."""
        assert Decimal(expected) == rounded(Decimal(value), Decimal(places))

    @given(
        st.decimals(allow_nan=False, allow_infinity=False, places=14).map(
            lambda value: value.scaleb(-12)
        ),
        st.sampled_from(PLACES),
    )
    def test_as_the_context_rounds(self, value: Decimal, places: Decimal) -> None:
        """Where the result fits 28 digits, it is the library's context's result."""
        try:
            expected = value.quantize(places, context=decimal_context())
        except decimal.InvalidOperation:
            expected = value.quantize(places, context=decimal.Context(prec=400))
        assert (expected, expected.as_tuple()) == (
            rounded(value, places),
            rounded(value, places).as_tuple(),
        )

    def test_rounding_is_an_argument(self) -> None:
        """Another rounding may be asked for: a target's count rounds up."""
        assert Decimal(10**30 + 1) == rounded(
            Decimal("1000000000000000000000000000000.2"),
            Decimal(1),
            decimal.ROUND_CEILING,
        )


class TestRoundedArguments:
    """What rounded refuses, and how: a typed error saying what to pass, never decimal's own."""

    @given(st.integers(-(10**40), 10**40), st.sampled_from(PLACES))
    def test_an_int_is_exact(self, value: int, places: Decimal) -> None:
        """An int rounds as its Decimal does, digit for digit: it was an AttributeError."""
        assert rounded(Decimal(value), places).as_tuple() == (
            rounded(value, places).as_tuple()
        )

    @pytest.mark.parametrize(
        ("value", "places", "message"),
        [
            (
                "Infinity",
                "0.01",
                "value must be a finite decimal, got Decimal('Infinity')",
            ),
            (
                "-Infinity",
                "1",
                "value must be a finite decimal, got Decimal('-Infinity')",
            ),
            ("NaN", "0.01", "value must be a finite decimal, got Decimal('NaN')"),
            ("sNaN", "0.01", "value must be a finite decimal, got Decimal('sNaN')"),
            (
                "1.5",
                "Infinity",
                "places must be a finite decimal, got Decimal('Infinity')",
            ),
            ("1.5", "NaN", "places must be a finite decimal, got Decimal('NaN')"),
            (
                "1",
                "1E-1000000",
                "places: expected an exponent within ±999999, got 1E-1000000",
            ),
            (
                "1E+1000000",
                "0.01",
                (
                    "value 1E+1000000 cannot be rounded to the place of 0.01: the "
                    "result's exponent would be beyond ±999999"
                ),
            ),
        ],
    )
    def test_what_is_not_finite(self, value: str, places: str, message: str) -> None:
        """Infinity was decimal's bare InvalidOperation, and NaN came back as NaN."""
        with pytest.raises(ValueError, match=r"^(value|places)\b") as raised:
            rounded(Decimal(value), Decimal(places))

        assert message == str(raised.value)

    @pytest.mark.parametrize(
        ("value", "places", "message"),
        [
            (
                0.1,
                Decimal("0.01"),
                "value is a Decimal or an int, got float 0.1; pass Decimal('0.1')",
            ),
            (
                "1.005",
                Decimal("0.01"),
                "value is a Decimal or an int, got str '1.005'; pass Decimal('1.005')",
            ),
            (True, Decimal(1), "value is a Decimal or an int, got bool True"),
            (
                Decimal("1.005"),
                "0.01",
                (
                    "places is a Decimal whose exponent is the place to round to "
                    "(Decimal('0.01'): cents), got str '0.01'; pass Decimal('0.01')"
                ),
            ),
            (
                Decimal("1.005"),
                2,
                (
                    "places is a Decimal whose exponent is the place to round to "
                    "(Decimal('0.01'): cents), got int 2; for 2 places after the "
                    "point, pass Decimal('0.01')"
                ),
            ),
            (
                Decimal("1.005"),
                1,
                (
                    "places is a Decimal whose exponent is the place to round to "
                    "(Decimal('0.01'): cents), got int 1; for 1 place after the "
                    "point, pass Decimal('0.1')"
                ),
            ),
        ],
    )
    def test_what_is_not_a_decimal(self, value: Any, places: Any, message: str) -> None:
        """A string was "conversion from str to Decimal is not supported".

        An int *places* is refused, not read: ``2`` has the exponent of
        whole numbers, and ``round(x, 2)`` would have the reader expect
        cents.
        """
        with pytest.raises(TypeError) as raised:
            rounded(value, places)

        assert message == str(raised.value)

    def test_a_rounding_that_is_none(self) -> None:
        """The rounding modes are decimal's: another word is a ValueError listing them."""
        with pytest.raises(ValueError, match=r"^rounding must be") as raised:
            rounded(Decimal("1.5"), Decimal(1), "half_up")

        assert str(raised.value) == (
            "rounding must be one of ROUND_HALF_EVEN, ROUND_HALF_UP, "
            "ROUND_HALF_DOWN, ROUND_UP, ROUND_DOWN, ROUND_CEILING, ROUND_FLOOR, "
            "ROUND_05UP, got 'half_up'"
        )
        assert Decimal(2) == rounded(Decimal("1.5"), Decimal(1), decimal.ROUND_HALF_UP)


class TestDecimalMessages:
    """A value out of bounds is shown in full when short, in exponent form when long."""

    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            ("1E+30", "1" + "0" * 30),
            ("123456789012345678901234567890E1", "1234567890123456789012345678900"),
            ("1E+31", "1E+31"),
            (
                "1234567890123456789012345678901E1",
                "1.234567890123456789012345678901E+31",
            ),
            ("1E+999999999", "1E+999999999"),
        ],
    )
    def test_shown(self, value: str, shown: str) -> None:
        """Thirty digits either way are written out; more are not."""
        assert f"expected a magnitude below 10^15, got {shown}" == decimal_problem(
            Decimal(value)
        )


class TestPlacesAsWritten:
    """Digits after the point are counted as written, and the message shows them all."""

    @pytest.mark.parametrize(
        "value",
        ["0.0000000000010", "1.000000000000000", "0.0000000000000", "-5.0000000000000"],
    )
    def test_trailing_zeros_count(self, value: str) -> None:
        """A value with 13 or more places is refused, shown with every one of them."""
        assert (
            f"expected at most 12 digits after the point, got {value}"
            == decimal_problem(Decimal(value))
        )

    def test_exponent_form_is_shown_plainly(self) -> None:
        """0E-13 is shown with its 13 places, not as 0."""
        assert (
            "expected at most 12 digits after the point, got 0.0000000000000"
            == decimal_problem(Decimal("0E-13"))
        )


class TestExponentBound:
    """A decimal whose text would need an exponent beyond six digits is refused."""

    def test_largest_zero(self) -> None:
        """0E+999999 is a model decimal."""
        assert decimal_problem(Decimal("0E+999999")) is None

    @pytest.mark.parametrize("value", ["0E+1000000", "-0E+1000000", "0E+999999999"])
    def test_beyond(self, value: str) -> None:
        """A zero one step further is refused, naming the bound."""
        assert f"expected an exponent within ±999999, got {value}" == (
            decimal_problem(Decimal(value))
        )

    def test_agreement(self, agreement: Agreement) -> None:
        """An agreement with such a target value is not built, so never written."""
        goal = agreement.goals[0]
        assert goal.target is not None
        target = attrs.evolve(goal.target, value=Decimal("0E+1000000"))

        with pytest.raises(InvalidAgreementError) as caught:
            attrs.evolve(
                agreement,
                goals=(attrs.evolve(goal, target=target), *agreement.goals[1:]),
            )
        assert (
            (
                "goals[0].target.value",
                "expected an exponent within ±999999, got 0E+1000000",
            ),
        ) == caught.value.problems

    def test_context_emax(self) -> None:
        """The library's context holds exponents to the same bound."""
        assert (999999, -999999) == (decimal_context().Emax, decimal_context().Emin)


class TestNotADecimal:
    """A value that is not a Decimal is named by its type and shown as it is."""

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (1.5, "expected a Decimal, got float 1.5"),
            ("2", "expected a Decimal, got str '2'"),
            (None, "expected a Decimal, got NoneType None"),
        ],
    )
    def test_message(self, value: object, message: str) -> None:
        """The message says what was passed: its type and its repr."""
        assert decimal_problem(value) == message
