"""Findings and reports as values: their parameters, records, JSON and displays."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit import render
from mutualcommit.errors import ArgumentError
from mutualcommit.model import FrozenDict
from mutualcommit.rules import Finding, ParamInput, Report, Severity, report_to_dict
from mutualcommit.rules._rule import english_list


def finding(code: str, severity: Severity, **params: ParamInput) -> Finding:
    """A finding about goal ``g`` with *params*."""
    return Finding(
        code=code,
        severity=severity,
        subject="goal:g",
        path="goals[0]",
        message=f"{code} message",
        params=params,
    )


#: One warning in force and one waived error.
REPORT = Report(
    agreement="a",
    as_of=dt.date(2026, 5, 1),
    findings=(finding("MC101", Severity.WARNING),),
    waived=(finding("MC102", Severity.ERROR),),
)


class TestParams:
    """A finding's parameters are text or whole numbers, frozen."""

    def test_booleans_are_words(self) -> None:
        """True and False are given as ``true`` and ``false``."""
        got = finding("MC101", Severity.INFO, yes=True, no=False).params

        assert {"yes": "true", "no": "false"} == dict(got)

    def test_decimals_and_dates_are_text(self) -> None:
        """A Decimal is its canonical text, a date its ISO form, even in a FrozenDict."""
        got = Finding(
            code="MC101",
            severity=Severity.INFO,
            subject="agreement",
            path="",
            message="m",
            params=FrozenDict({"share": Decimal("1.50"), "on": dt.date(2026, 3, 1)}),
        ).params

        assert {"share": "1.5", "on": "2026-03-01"} == dict(got)

    def test_a_plain_dict_is_frozen(self) -> None:
        """Parameters given as a dict are kept as a FrozenDict, so a finding hashes."""
        got = finding("MC101", Severity.INFO, name="x", count=2)

        assert isinstance(got.params, FrozenDict)
        assert hash(got) == hash(finding("MC101", Severity.INFO, name="x", count=2))

    def test_a_severity_that_is_none(self) -> None:
        """A misspelt severity is the library's error with the one meant, not the enum's."""
        with pytest.raises(ArgumentError) as caught:
            Finding(
                code="X1",
                severity="warn",
                subject="agreement",
                path="",
                message="m",
            )

        assert (
            "severity: expected one of 'error', 'warning', 'info', got str 'warn' "
            "(did you mean 'warning'?)"
        ) == str(caught.value)

    def test_other_types_are_refused(self) -> None:
        """A float is the library's error, a TypeError too, that shows it and its param."""
        with pytest.raises(
            TypeError,
            match=(
                r"^a finding's params are str, int, Decimal or date, or a list of "
                r"them, got 1\.5 for 'share'$"
            ),
        ) as caught:
            finding("MC101", Severity.INFO, share=1.5)  # type: ignore[arg-type]

        assert isinstance(caught.value, ArgumentError)
        assert "params.share" == caught.value.argument


class TestListParams:
    """Several things are one param, a tuple of their texts: a message joins them."""

    def test_a_list_is_a_tuple_of_texts(self) -> None:
        """Labels stay text; Decimals, dates and ints become their text, as alone."""
        got = finding(
            "MC101",
            Severity.INFO,
            years=["FY2026", "FY2027"],
            mixed=(Decimal("1.50"), dt.date(2026, 3, 1), 7, True),
        ).params

        assert {
            "years": ("FY2026", "FY2027"),
            "mixed": ("1.5", "2026-03-01", "7", "true"),
        } == dict(got)

    def test_a_list_in_a_list_is_refused(self) -> None:
        """A list is of single values: a nested one is a TypeError naming it."""
        with pytest.raises(
            TypeError, match=r"or a list of them, got \[.FY2026.\] for .years.$"
        ):
            finding("MC101", Severity.INFO, years=[["FY2026"]])  # type: ignore[list-item]

    def test_an_item_is_checked_as_a_value(self) -> None:
        """A NaN in a list is refused as it is alone, naming the param."""
        with pytest.raises(ValueError, match="param 'shares' is NaN"):
            finding("MC101", Severity.INFO, shares=[Decimal(1), Decimal("NaN")])

    @given(st.lists(st.text(alphabet="ab-1 ", min_size=1, max_size=4), max_size=6))
    def test_english_as_an_english_document(self, items: list[str]) -> None:
        """A message writes a list as an English document does (babel's ``en``)."""
        from babel.lists import format_list

        assert format_list(items, locale="en") == english_list(items)

    def test_json_writes_a_list(self) -> None:
        """A report's JSON holds the tuple as a list, as JSON has no tuples."""
        report = Report(
            agreement="a",
            as_of=dt.date(2026, 5, 1),
            findings=(finding("MC101", Severity.INFO, years=("FY2026", "FY2027")),),
        )

        assert {"years": ["FY2026", "FY2027"]} == (
            report_to_dict(report)["findings"][0]["params"]
        )


class TestReportValues:
    """A report's records, JSON and displays show the waived findings too."""

    def test_records(self) -> None:
        """One record per finding, those in force first, then the waived ones."""
        assert [
            {
                "code": "MC101",
                "severity": "warning",
                "subject": "goal:g",
                "path": "goals[0]",
                "message": "MC101 message",
                "waived": False,
            },
            {
                "code": "MC102",
                "severity": "error",
                "subject": "goal:g",
                "path": "goals[0]",
                "message": "MC102 message",
                "waived": True,
            },
        ] == REPORT.to_records()

    def test_pandas(self) -> None:
        """The records as a pandas frame, in the records' column order."""
        pytest.importorskip("pandas")

        frame = REPORT.to_pandas()

        assert ["code", "severity", "subject", "path", "message", "waived"] == list(
            frame.columns
        )
        assert ["MC101", "MC102"] == list(frame["code"])
        assert [False, True] == list(frame["waived"])

    def test_json_keeps_the_waived(self) -> None:
        """``waived`` lists the waived findings with every field."""
        got = report_to_dict(REPORT)

        assert [
            {
                "code": "MC102",
                "severity": "error",
                "subject": "goal:g",
                "path": "goals[0]",
                "message": "MC102 message",
                "params": {},
            }
        ] == got["waived"]
        assert {"error": 0, "warning": 1, "info": 0} == got["counts"]
        assert got["ok"] is True

    def test_notebook_displays(self) -> None:
        """A notebook shows a report as its Markdown and HTML renderings."""
        assert render(REPORT, format="markdown") == REPORT._repr_markdown_()
        assert REPORT._repr_html_().startswith('<article class="mutualcommit"')
        assert render(REPORT, format="html").endswith(
            REPORT._repr_html_().split("</style>\n", 1)[1] + "</body>\n</html>\n"
        )


class TestWithoutTheExtras:
    """Without pandas or polars, a report's frame says what to install."""

    @pytest.mark.parametrize(
        ("module", "method"), [("pandas", "to_pandas"), ("polars", "to_polars")]
    )
    def test_names_the_method_and_the_extra(
        self, monkeypatch: pytest.MonkeyPatch, module: str, method: str
    ) -> None:
        """The error names ``Report.<method>()`` and the extra to install."""
        monkeypatch.setitem(sys.modules, module, None)

        with pytest.raises(ModuleNotFoundError) as caught:
            getattr(REPORT, method)()

        assert str(caught.value).startswith(
            f"Report.{method}() needs {module}, which is not installed: "
            f"install mutualcommit's extra '{module}'"
        )
