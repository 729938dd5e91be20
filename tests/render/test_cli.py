import argparse
import datetime as dt
from pathlib import Path

import pytest

from mutualcommit.cli import main
from mutualcommit.cli._main import build_parser
from mutualcommit.kpi import evaluate
from mutualcommit.model import Agreement
from mutualcommit.render import render
from mutualcommit.rules import Policy, Severity, check, policy_to_json
from mutualcommit.serialize import load_fund_events, load_observations

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

    @pytest.mark.parametrize("name", ["xx_YY", "", " ", "ar-EG-u-nu-arab"])
    def test_unknown_locale(
        self, capsys: pytest.CaptureFixture[str], name: str
    ) -> None:
        """An unknown locale is a usage error that names the locale."""
        with pytest.raises(SystemExit) as caught:
            main(["render", AGREEMENT, f"--locale={name}"])
        assert (2, True) == (
            caught.value.code,
            f"argument --locale: unknown locale: {name!r}" in capsys.readouterr().err,
        )

    def test_bad_date(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A malformed --as-of is a usage error."""
        with pytest.raises(SystemExit) as caught:
            main(["render", AGREEMENT, "--as-of=soon"])
        assert (2, True) == (
            caught.value.code,
            "expected a date YYYY-MM-DD" in capsys.readouterr().err,
        )


FUND_EVENTS = str(IT / "fund_events.jsonl")


class TestRenderWithFundsAndPolicy:
    """--fund-events and --policy reach the documents that read them, and only those."""

    def test_scorecard_with_its_ledgers(
        self, it_agreement: Agreement, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The scorecard is evaluate's with the fund log: its fund section shows."""
        code = main(
            [
                "render",
                AGREEMENT,
                "--what=scorecard",
                f"--observations={OBSERVATIONS}",
                f"--fund-events={FUND_EVENTS}",
                "--as-of=2026-09-15",
                "--format=text",
            ]
        )
        log = load_observations(Path(OBSERVATIONS).read_text("utf-8"))
        events = load_fund_events(Path(FUND_EVENTS).read_text("utf-8"))
        scorecard = evaluate(
            it_agreement, log, as_of=dt.date(2026, 9, 15), fund_events=events
        )
        out = capsys.readouterr().out

        assert (0, render(scorecard, format="text")) == (code, out)
        assert "acme-mdf-budget" in out
        assert "acme-mdf-budget" not in render(
            evaluate(it_agreement, log, as_of=dt.date(2026, 9, 15)), format="text"
        )

    def test_report_with_the_fund_rules_and_a_policy(
        self,
        it_agreement: Agreement,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """The report is check's with the fund log and the policy: MC209 made an error."""
        policy = Policy(severities={"MC209": Severity.ERROR})
        policy_file = tmp_path / "policy.json"
        policy_file.write_text(policy_to_json(policy), encoding="utf-8")
        code = main(
            [
                "render",
                AGREEMENT,
                "--what=report",
                f"--fund-events={FUND_EVENTS}",
                f"--policy={policy_file}",
                "--as-of=2026-09-15",
                "--format=text",
            ]
        )
        events = load_fund_events(Path(FUND_EVENTS).read_text("utf-8"))
        report = check(
            it_agreement,
            as_of=dt.date(2026, 9, 15),
            policy=policy,
            fund_events=events,
        )

        assert (0, render(report, format="text")) == (code, capsys.readouterr().out)
        assert [("MC209", Severity.ERROR)] == [
            (f.code, f.severity) for f in report.findings if f.code.startswith("MC2")
        ]

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            (
                ["--fund-events", FUND_EVENTS],
                "--fund-events is read by --what scorecard and report, not agreement",
            ),
            (
                [
                    "--what=exceptions",
                    "--observations",
                    OBSERVATIONS,
                    "--as-of=2026-09-15",
                    "--fund-events",
                    FUND_EVENTS,
                ],
                "--fund-events is read by --what scorecard and report, not exceptions",
            ),
            (
                [
                    "--what=scorecard",
                    "--observations",
                    OBSERVATIONS,
                    "--as-of=2026-09-15",
                    "--policy",
                    "policy.json",
                ],
                "--policy is read by --what report, not scorecard",
            ),
            (
                ["--what=report", "--observations", "-", "--fund-events", "-"],
                "--observations and --fund-events cannot both be standard input",
            ),
        ],
        ids=["agreement", "exceptions", "policy", "stdin"],
    )
    def test_refused_where_not_read(
        self,
        options: list[str],
        message: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """An option the document would not read exits 2 and says so, before reading."""
        code = main(["render", AGREEMENT, *options])
        captured = capsys.readouterr()

        assert (2, "") == (code, captured.out)
        assert message in captured.err

    def test_a_log_that_does_not_hold_together(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A fund log naming an unknown fund is the log's problem: exit 2, the file named."""
        log = tmp_path / "funds.jsonl"
        log.write_text(
            '{"fund": "nope", "event": "grant", "at": "2026-05-01", "ref": "G", '
            '"amount": "1"}\n',
            encoding="utf-8",
        )
        code = main(
            [
                "render",
                AGREEMENT,
                "--what=report",
                "--as-of=2026-09-15",
                f"--fund-events={log}",
            ]
        )
        err = capsys.readouterr().err

        assert (2, True, True) == (
            code,
            str(log) in err or "funds.jsonl" in err,
            "nope" in err,
        )
