import argparse
import datetime as dt
from pathlib import Path

import pytest

from mutualcommit.cli import build_parser, main
from mutualcommit.kpi import evaluate
from mutualcommit.model import Agreement
from mutualcommit.render import render
from mutualcommit.rules import check
from mutualcommit.serialize import load_observations

IT = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"
AGREEMENT = str(IT / "agreement.json")
OBSERVATIONS = str(IT / "observations.jsonl")


def _registered() -> bool:
    subparsers = [
        action
        for action in build_parser()._actions
        if isinstance(action, argparse._SubParsersAction)
    ]
    return any("render" in action.choices for action in subparsers)


pytestmark = pytest.mark.skipif(
    not _registered(), reason="cli/__init__.py does not list the render command yet"
)


class TestRenderCommand:
    """``mutualcommit render`` writes the document render() returns."""

    def test_agreement(
        self, it_agreement: Agreement, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The agreement goes to standard output, in Markdown by default."""
        code = main(["render", AGREEMENT])
        assert (0, render(it_agreement)) == (code, capsys.readouterr().out)

    def test_scorecard_to_file(self, it_agreement: Agreement, tmp_path: Path) -> None:
        """A scorecard needs observations and a day; -o writes it to a file."""
        output = tmp_path / "scorecard.html"
        code = main(
            [
                "render",
                AGREEMENT,
                "--what=scorecard",
                f"--observations={OBSERVATIONS}",
                "--as-of=2026-09-15",
                "--format=html",
                "--locale=de-DE",
                f"-o={output}",
            ]
        )
        log = load_observations(Path(OBSERVATIONS).read_text("utf-8"))
        scorecard = evaluate(it_agreement, log, as_of=dt.date(2026, 9, 15))
        expected = render(scorecard, format="html", locale="de-DE")
        assert (0, expected) == (code, output.read_text("utf-8"))

    def test_report(
        self, it_agreement: Agreement, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The check report is as of --as-of, as text in the given locale."""
        code = main(
            [
                "render",
                AGREEMENT,
                "--what=report",
                "--as-of=2026-02-01",
                "--format=text",
            ]
        )
        report = check(it_agreement, as_of=dt.date(2026, 2, 1))
        assert (0, render(report, format="text")) == (code, capsys.readouterr().out)

    def test_scorecard_needs_observations(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without observations a scorecard is refused with exit code 2."""
        code = main(["render", AGREEMENT, "--what=scorecard", "--as-of=2026-09-15"])
        assert (2, True) == (code, "--observations" in capsys.readouterr().err)

    def test_unknown_locale(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown locale exits 2 and names the locale."""
        code = main(["render", AGREEMENT, "--locale=xx_YY"])
        assert (2, True) == (code, "unknown locale: 'xx_YY'" in capsys.readouterr().err)

    def test_bad_date(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A malformed --as-of is a usage error."""
        with pytest.raises(SystemExit) as caught:
            main(["render", AGREEMENT, "--as-of=soon"])
        assert (2, True) == (
            caught.value.code,
            "expected a date YYYY-MM-DD" in capsys.readouterr().err,
        )
