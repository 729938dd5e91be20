"""``mutualcommit exceptions``: the manufacturer example's exceptions, text and JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mutualcommit.cli import main
from mutualcommit.kpi import EXCEPTIONS_FORMAT, exceptions, receipt
from mutualcommit.serialize import load_observations, loads

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "manufacturer"
AGREEMENT = str(EXAMPLE / "agreement.json")
OBSERVATIONS = str(EXAMPLE / "observations.jsonl")
FIRST = "lead-time-by-sku/BX-300/FY2026-M01"
KEY = "lead-time-by-sku/BX-300/FY2026-M02"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line; return its exit code, standard output and error."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def exceptions_of(
    capsys: pytest.CaptureFixture[str], as_of: str, *more: str
) -> tuple[int, str, str]:
    """Run ``exceptions`` on the manufacturer example as of *as_of*."""
    return run(
        capsys,
        "exceptions",
        AGREEMENT,
        "--observations",
        OBSERVATIONS,
        "--as-of",
        as_of,
        *more,
    )


class TestText:
    """A summary, a row per exception and the receipt; exit 1 when one is past due."""

    def test_past_due(self, capsys: pytest.CaptureFixture[str]) -> None:
        """BX-300's April (13 days) and May (12.75) lead times are past due on 30 June."""
        code, out, err = exceptions_of(capsys, "2026-06-30")
        lines = out.splitlines()

        assert (1, "") == (code, err)
        assert [
            "terms: version 1, sha256:e9675838f9e66dd08252b89379f0c64baed74d8611a33e816e44964ddd708675",
            "exceptions: 2, past due: 2",
        ] == lines[1:3]
        assert (f"{FIRST} 13 > 12 2026-04-30 2026-05-14 bolt past due") == " ".join(
            lines[5].split()
        )
        assert (f"{KEY} 12.75 > 12 2026-05-31 2026-06-14 bolt past due") == " ".join(
            lines[6].split()
        )
        assert lines[-1].startswith("receipt: sha256:")

    def test_worked(self, capsys: pytest.CaptureFixture[str]) -> None:
        """After the July review names it, it is worked and the exit status is 0."""
        code, out, _ = exceptions_of(capsys, "2026-07-31")

        assert 0 == code
        assert "worked: review-2026-07/weekly-sop" in out

    def test_none(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Before April closes there is no exception."""
        code, out, _ = exceptions_of(capsys, "2026-04-29")

        assert (0, "exceptions: 0, past due: 0") == (code, out.splitlines()[2])


class TestNoCriteria:
    """An agreement without exception criteria: zero exceptions, and a notice why."""

    @pytest.mark.parametrize("output", ["text", "json"])
    def test_notice(self, output: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Exit 0, as for no exception, with standard error saying there can be none.

        "exceptions: 0" alone read as a clean bill of health for an
        agreement where nothing could ever be an exception.
        """
        it_vendor = EXAMPLE.parent / "it_vendor"

        code, out, err = run(
            capsys,
            "exceptions",
            str(it_vendor / "agreement.json"),
            "--observations",
            str(it_vendor / "observations.jsonl"),
            "--as-of",
            "2026-09-15",
            "--format",
            output,
        )

        assert (
            0,
            (
                "mutualcommit exceptions: no exception criteria: the agreement "
                "defines none, so no window can be an exception\n"
            ),
        ) == (code, err)
        if output == "json":
            assert [] == json.loads(out)["exceptions"]

    def test_no_notice_with_criteria(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An agreement with criteria and no exception yet says nothing on standard error."""
        assert (0, "") == exceptions_of(capsys, "2026-04-29")[::2]


class TestJson:
    """The JSON is the report's document with its receipt."""

    def test_document(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The same receipt as the library computes, and the exception by key."""
        code, out, _ = exceptions_of(capsys, "2026-06-30", "--format", "json")
        document = json.loads(out)
        agreement = loads(Path(AGREEMENT).read_text(encoding="utf-8"))
        log = load_observations(Path(OBSERVATIONS).read_text(encoding="utf-8"))

        expected = receipt(exceptions(agreement, log, as_of=dt.date(2026, 6, 30)), log)

        assert (1, EXCEPTIONS_FORMAT, expected) == (
            code,
            document["format"],
            document["receipt"],
        )
        assert [
            (FIRST, "13", "upper", "12", True),
            (KEY, "12.75", "upper", "12", True),
        ] == [
            (e["key"], e["value"], e["bound"], e["limit"], e["past_due"])
            for e in document["exceptions"]
        ]


class TestBadInput:
    """Unreadable or invalid input exits 2 with the problems on standard error."""

    def test_unknown_metric(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """An observation of an unknown metric is named with its position."""
        log = tmp_path / "log.jsonl"
        log.write_text(
            '{"metric": "returns", "at": "2026-05-01", "value": "1"}\n',
            encoding="utf-8",
        )
        code, out, err = run(
            capsys,
            "exceptions",
            AGREEMENT,
            "--observations",
            str(log),
            "--as-of",
            "2026-06-30",
        )

        assert (2, "") == (code, out)
        assert "unknown metric 'returns'" in err

    def test_missing_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that does not exist."""
        code, _, err = run(
            capsys,
            "exceptions",
            "no-such-file.json",
            "--observations",
            OBSERVATIONS,
            "--as-of",
            "2026-06-30",
        )

        assert 2 == code
        assert "cannot read no-such-file.json" in err
