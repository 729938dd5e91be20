import datetime as dt

import attrs

from mutualcommit.model import Agreement
from mutualcommit.rules import (
    CODES,
    MESSAGES,
    REPORT_FORMAT,
    Finding,
    Report,
    Severity,
    check,
    format_message,
    report_to_dict,
)

from .conftest import AS_OF


def _finding(code: str, severity: Severity, subject: str, path: str = "") -> Finding:
    return Finding(
        code=code, severity=severity, subject=subject, path=path, message="m"
    )


class TestOrder:
    """Findings come by severity (error, warning, info), code, subject and path."""

    def test_sorted(self) -> None:
        """A report sorts whatever order its findings came in."""
        report = Report(
            agreement="a",
            as_of=AS_OF,
            findings=(
                _finding("MC101", Severity.INFO, "goal:b"),
                _finding("MC304", Severity.ERROR, "goal:a", "reviews[10]"),
                _finding("MC101", Severity.WARNING, "goal:a"),
                _finding("MC304", Severity.ERROR, "goal:a", "reviews[9]"),
                _finding("MC102", Severity.ERROR, "goal:a"),
            ),
        )
        assert [
            ("MC102", "goal:a", ""),
            ("MC304", "goal:a", "reviews[9]"),
            ("MC304", "goal:a", "reviews[10]"),
            ("MC101", "goal:a", ""),
            ("MC101", "goal:b", ""),
        ] == [(f.code, f.subject, f.path) for f in report.findings]

    def test_partitions(self) -> None:
        """errors, warnings and ok read the findings in force."""
        report = Report(
            agreement="a",
            as_of=AS_OF,
            findings=(_finding("MC103", Severity.WARNING, "contribution:c"),),
            waived=(_finding("MC101", Severity.ERROR, "goal:g"),),
        )
        assert (True, 0, 1) == (report.ok, len(report.errors), len(report.warnings))


class TestToDict:
    """report_to_dict gives the report as JSON-ready data."""

    def test_names_the_terms(self, compliant: Agreement) -> None:
        """The document's header names the format and the very terms checked."""
        data = report_to_dict(check(compliant, as_of=AS_OF))

        assert {
            "format": "mutualcommit.report",
            "format_version": 1,
            "agreement": "mc-2026",
            "version": 1,
            "fingerprint": compliant.fingerprint(),
            "as_of": "2026-11-02",
        } == {k: data[k] for k in list(data)[:6]}
        assert REPORT_FORMAT == data["format"]

    def test_two_versions_two_reports(self, compliant: Agreement) -> None:
        """Two versions of one agreement, with the same findings, give two reports."""
        amended = compliant.amend(title="Amended")
        resigned = amended.sign("acme", "Ada Acme", dt.date(2026, 1, 2)).sign(
            "globex", "Gil Globex", dt.date(2026, 1, 3)
        )

        first = report_to_dict(check(compliant, as_of=AS_OF))
        second = report_to_dict(check(resigned, as_of=AS_OF))

        assert first["findings"] == second["findings"]
        assert (1, 2) == (first["version"], second["version"])
        assert first["fingerprint"] != second["fingerprint"]

    def test_a_report_built_by_hand(self) -> None:
        """A report not made by check does not know its terms: null, not a guess."""
        data = report_to_dict(Report(agreement="a", as_of=AS_OF))

        assert (None, None) == (data["version"], data["fingerprint"])

    def test_dict(self, compliant: Agreement) -> None:
        """A finding's params are JSON values: Decimals and dates as text."""
        variant = attrs.evolve(compliant, review_rule="FREQ=MONTHLY;INTERVAL=3;COUNT=3")
        data = report_to_dict(check(variant, as_of=AS_OF))
        assert {
            "agreement": "mc-2026",
            "as_of": "2026-11-02",
            "ok": False,
            "counts": {"error": 2, "info": 0, "warning": 1},
        } == {k: data[k] for k in ("agreement", "as_of", "ok", "counts")}
        assert {
            "code": "MC302",
            "severity": "warning",
            "subject": "agreement",
            "path": "review_rule",
            "params": {
                "agreement": "mc-2026",
                "title": "Acme and Globex 2026",
                "gap_days": 183,
                "after": "2026-07-01",
                "before": "2026-12-31",
                "max_days": 100,
            },
        } == {k: v for k, v in data["findings"][-1].items() if k != "message"}


class TestMessages:
    """Every code has templates, and messages are filled from the params."""

    def test_every_code(self) -> None:
        """The templates cover the catalogue exactly."""
        assert sorted(CODES) == sorted(MESSAGES)

    def test_filled_from_params(self, compliant: Agreement) -> None:
        """A message is its template filled from its own params."""
        variant = attrs.evolve(
            compliant, signatures=(), review_rule=None, currency="ABC"
        )
        report = check(variant, as_of=dt.date(2026, 6, 1))
        assert [f.message for f in report.findings] == [
            format_message(f.code, f.subject, f.params) for f in report.findings
        ]

    def test_wording(self, compliant: Agreement) -> None:
        """A message names the thing by id and title and says what would fix it."""
        goal = attrs.evolve(compliant.goals[0], target=None)
        report = check(attrs.evolve(compliant, goals=(goal,)), as_of=AS_OF)
        (finding,) = [f for f in report.findings if f.code == "MC101"]
        assert (
            'Goal G1 "Grow joint revenue" has no target, so nobody can tell '
            "whether it was reached; give it a target on a metric, with a "
            "direction and a window."
        ) == finding.message
