"""``mutualcommit funds`` and ``mutualcommit check --fund-events`` on the IT example."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from mutualcommit.cli import main
from mutualcommit.serialize import loads

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"
AGREEMENT = str(EXAMPLE / "agreement.json")
OBSERVATIONS = str(EXAMPLE / "observations.jsonl")
EVENTS = str(EXAMPLE / "fund_events.jsonl")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line; return its exit code, standard output and error."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestFunds:
    """The funds command shows each fund's windows and requests."""

    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A window row with every amount, then a row per request with its state."""
        code, out, err = run(
            capsys, "funds", AGREEMENT, EVENTS, "--observations", OBSERVATIONS,
            "--as-of", "2026-11-27",
        )  # fmt: skip
        lines = out.splitlines()
        assert (0, "") == (code, err)
        assert lines[0] == "fund acme-mdf-budget of acme, in EUR"
        assert lines[2].split() == [
            "term", "(open)", "120000", "21000", "10000", "151000", "40000",
            "35000", "35000", "12000", "0", "116000", "7.9", "%", "129.75",
        ]  # fmt: skip
        assert lines[4].split() == [
            "request", "state", "requested", "approved", "claimed", "accepted",
            "paid", "deadline", "notes",
        ]  # fmt: skip
        # What the claim decision accepted, or - before one.
        assert lines[5].split() == [
            "R-101", "paid", "12000", "12000", "12000", "12000", "12000",
            "2026-05-26", "-",
        ]  # fmt: skip
        assert lines[6].split() == [
            "R-102", "claimed", "20000", "15000", "15000", "-", "0", "2026-12-07",
            "no", "proof",
        ]  # fmt: skip
        assert lines[7].split()[:2] == ["R-103", "claimed"]
        assert lines[7].split()[-1] == "late"

    def test_accrual_without_observations(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A fund that accrues, shown without the observations, says what is missing."""
        code, out, err = run(
            capsys, "funds", AGREEMENT, EVENTS, "--as-of", "2026-11-27"
        )

        # The window's accrued column: 21000 with the observations.
        assert (0, "0") == (code, out.splitlines()[2].split()[3])
        assert (
            "mutualcommit funds: fund acme-mdf-budget accrues on partner-revenue: "
            "without --observations nothing accrued, and what it has available is "
            "shown without its accrual\n"
        ) == err

    def test_a_row_adds_up(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """10 000 a quarter from 15 January and 1.25 % of 1 234.52: 8444.44 + 15.43 = 8459.87.

        Shown rounded each on its own, the exact 8444.444... and 15.4315
        added up to 8459.875..., which read 8459.88 under 8444.44 and
        15.43: the ledger holds each amount to the cent, once.
        """
        document = json.loads(Path(AGREEMENT).read_text(encoding="utf-8"))
        document["signatures"] = []
        document["fiscal_calendar"] = {"start_month": 4}
        document["start"], document["end"] = "2026-01-15", "2026-12-31"
        mdf = document["allocations"][0]
        mdf["amount"]["amount"] = "10000"
        mdf["fund"]["expiry"] = "fiscal_year"
        mdf["fund"]["accrual"] = {
            "rate": "0.0125",
            "of": "partner-revenue",
            "per": "quarter",
        }
        agreement = tmp_path / "agreement.json"
        agreement.write_text(json.dumps(document), encoding="utf-8")
        observations = tmp_path / "observations.jsonl"
        observations.write_text(
            '{"metric": "partner-revenue", "at": "2026-02-10", "value": "1234.52", '
            '"dims": {"party": "globex"}}\n',
            encoding="utf-8",
        )
        events = tmp_path / "events.jsonl"
        events.write_text("", encoding="utf-8")

        code, out, _ = run(
            capsys, "funds", str(agreement), str(events), "--observations",
            str(observations), "--as-of", "2026-03-31",
        )  # fmt: skip
        allocated, accrued, granted, available, *_, expired, remaining = (
            out.splitlines()[2].split()[1:-3]
        )

        assert (0, "8444.44", "15.43", "0", "8459.87", "8459.87", "0") == (
            code, allocated, accrued, granted, available, expired, remaining
        )  # fmt: skip

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The JSON form is exact: decimal strings, states by value."""
        code, out, _ = run(
            capsys,
            "funds",
            AGREEMENT,
            EVENTS,
            "--as-of",
            "2026-05-31",
            "--format",
            "json",
        )
        data = json.loads(out)
        assert code == 0
        assert [
            ("format", "mutualcommit.funds"),
            ("format_version", 1),
            ("agreement", "acme-globex-2026"),
            (
                "fingerprint",
                loads(Path(AGREEMENT).read_text(encoding="utf-8")).fingerprint(),
            ),
            ("as_of", "2026-05-31"),
        ] == list(data.items())[:5]
        (fund,) = data["funds"]
        (window,) = fund["windows"]
        # No observations: nothing accrued; R-101 paid, R-102 and R-103 approved.
        amounts = (window["available"], window["approved"], window["paid"])
        assert tuple(map(Decimal, amounts)) == (
            Decimal(120000),
            Decimal(35000),
            Decimal(12000),
        )
        states = [(r["ref"], r["state"]) for r in fund["requests"]]
        assert states == [
            ("R-101", "paid"),
            ("R-102", "partially_approved"),
            ("R-103", "approved"),
        ]

    def test_bad_log(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A log with a claim for an unknown request exits 2 and names its line."""
        log = tmp_path / "funds.jsonl"
        log.write_text(
            Path(EVENTS).read_text(encoding="utf-8")
            + '{"fund": "acme-mdf-budget", "event": "claim", "at": "2026-11-01", '
            '"ref": "C-9", "request": "R-999", "amount": "10"}\n',
            encoding="utf-8",
        )
        code, out, err = run(
            capsys, "funds", AGREEMENT, str(log), "--as-of", "2026-11-27"
        )
        assert (2, "") == (code, out)
        assert "line 14: a claim for request 'R-999'" in err

    def test_the_two_logs_swapped(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The observations where the fund log belongs: one line says so, with a count."""
        code, out, err = run(
            capsys, "funds", AGREEMENT, OBSERVATIONS, "--as-of", "2026-11-27"
        )

        lines = err.splitlines()
        assert (2, "", 3) == (code, out, len(lines))
        assert (
            "  line 1: $: expected a fund event (fund, event, at, ref, amount), got an "
            "observation (metric, at, value): it belongs in the observations"
        ) == lines[1]
        assert "  (and 403 more lines like it: lines 2-404)" == lines[2]


class TestCheckWithFunds:
    """check --fund-events runs the fund rules over the example's log."""

    def test_findings(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The trade show's claim has no proof, the summer campaign's was late."""
        code, out, _ = run(
            capsys, "check", AGREEMENT, "--fund-events", EVENTS, "--as-of", "2026-11-27",
            "--format", "json",
        )  # fmt: skip
        found = [(f["code"], f["subject"]) for f in json.loads(out)["findings"]]
        assert code == 0
        assert found == [
            ("MC208", "fund-request:acme-mdf-budget/R-102"),
            ("MC209", "fund-request:acme-mdf-budget/R-103"),
        ]

    def test_an_accruing_fund_without_observations(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Standard error names the fund MC206 and MC210 leave alone, as funds does.

        With the observations, or a policy that disables both rules, it
        says nothing; a policy that runs one names that one.
        """
        only_mc210 = tmp_path / "policy.json"
        only_mc210.write_text(
            json.dumps(
                {
                    "format": "mutualcommit.policy",
                    "format_version": 1,
                    "disabled": ["MC206"],
                }
            ),
            encoding="utf-8",
        )
        neither = tmp_path / "neither.json"
        neither.write_text(
            json.dumps(
                {
                    "format": "mutualcommit.policy",
                    "format_version": 1,
                    "disabled": ["MC206", "MC210"],
                }
            ),
            encoding="utf-8",
        )
        base = ["check", AGREEMENT, "--fund-events", EVENTS, "--as-of", "2026-11-27"]

        errs = [
            run(capsys, *base, *more)[2]
            for more in (
                (),
                ("--observations", OBSERVATIONS),
                ("--policy", str(only_mc210)),
                ("--policy", str(neither)),
            )
        ]

        note = (
            "mutualcommit check: fund acme-mdf-budget accrues on partner-revenue: "
            "without --observations what it made available is not known, and {} "
            "do not judge it\n"
        )
        assert [note.format("MC206 and MC210"), "", note.format("MC210"), ""] == errs

    def test_many_agreements_name_the_fund_and_its_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Over many agreements, a fund stream without observations says the same per file.

        After the summary, once per file: the agreement without an
        accruing fund (the manufacturer's) is not named, and with the
        observation stream nothing is said of the funds (only that the
        stream has no line for the manufacturer's agreement).
        """
        stream = tmp_path / "funds.jsonl"
        stream.write_text(
            "".join(
                json.dumps({"agreement": "acme-globex-2026", **json.loads(line)}) + "\n"
                for line in Path(EVENTS).read_text(encoding="utf-8").splitlines()
            ),
            encoding="utf-8",
        )
        observations = tmp_path / "observations.jsonl"
        observations.write_text(
            "".join(
                json.dumps({"agreement": "acme-globex-2026", **json.loads(line)}) + "\n"
                for line in Path(OBSERVATIONS).read_text(encoding="utf-8").splitlines()
            ),
            encoding="utf-8",
        )
        manufacturer = str(EXAMPLE.parent / "manufacturer" / "agreement.json")
        base = ["check", AGREEMENT, manufacturer, "--fund-events", str(stream)]

        _, _, without = run(capsys, *base, "--as-of", "2026-11-27")
        _, _, with_observations = run(
            capsys, *base, "--observations", str(observations), "--as-of", "2026-11-27"
        )

        assert (
            f"mutualcommit check: {AGREEMENT}: fund acme-mdf-budget accrues on "
            "partner-revenue: without --observations what it made available is "
            "not known, and MC206 and MC210 do not judge it\n"
        ) == without
        assert (
            f"mutualcommit check: {observations}: 1 agreement has no line there, "
            f"checked with no observations: bolt-northwind-fy2026 ({manufacturer})\n"
        ) == with_observations


class TestEvaluateWithFunds:
    """evaluate --fund-events adds each fund's ledger to the scorecard."""

    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """After the scorecard's tables, the fund's window and its requests."""
        code, out, err = run(
            capsys, "evaluate", AGREEMENT, OBSERVATIONS, "--as-of", "2026-11-27",
            "--fund-events", EVENTS,
        )  # fmt: skip
        lines = out.splitlines()
        at = lines.index("fund acme-mdf-budget of acme, in EUR")
        assert (0, "") == (code, err)
        assert lines[at + 2].split() == [
            "term", "(open)", "120000", "21000", "10000", "151000", "40000",
            "35000", "35000", "12000", "0", "116000", "7.9", "%", "129.75",
        ]  # fmt: skip

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The scorecard's JSON carries the ledger under "funds"."""
        code, out, _ = run(
            capsys, "evaluate", AGREEMENT, OBSERVATIONS, "--as-of", "2026-11-27",
            "--fund-events", EVENTS, "--format", "json",
        )  # fmt: skip
        (fund,) = json.loads(out)["funds"]
        assert (0, "acme-mdf-budget", "151000") == (
            code,
            fund["fund"],
            fund["windows"][0]["available"],
        )

    def test_bad_log_names_it(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A claim for an unknown request is the log's problem, named with its line."""
        log = tmp_path / "funds.jsonl"
        log.write_text(
            '{"fund": "acme-mdf-budget", "event": "claim", "at": "2026-05-01", '
            '"ref": "C9", "amount": "10", "request": "nope"}\n',
            encoding="utf-8",
        )
        code, out, err = run(
            capsys, "evaluate", AGREEMENT, OBSERVATIONS, "--as-of", "2026-11-27",
            "--fund-events", str(log),
        )  # fmt: skip
        assert (2, "") == (code, out)
        assert err.startswith(f"mutualcommit evaluate: {log}:")


class TestFundsDocument:
    """--format markdown writes the ledger document in the language of --locale."""

    def test_german(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The German ledger names its columns in German and formats euros so."""
        code, out, _ = run(
            capsys, "funds", AGREEMENT, EVENTS, "--as-of", "2026-11-27",
            "--format", "markdown", "--locale", "de",
        )  # fmt: skip
        assert code == 0
        assert out.startswith("# Fondsbuch")
        assert "| Zeitraum | Zugesagt |" in out
        assert "120.000,00\u00a0€" in out

    @pytest.mark.parametrize("name", ["xx_YY_ZZ", "", " "])
    def test_unknown_locale(
        self, capsys: pytest.CaptureFixture[str], name: str
    ) -> None:
        """An unknown or empty locale is a usage error, as for render, not English."""
        with pytest.raises(SystemExit) as caught:
            run(
                capsys, "funds", AGREEMENT, EVENTS, "--as-of", "2026-11-27",
                "--format", "markdown", "--locale", name,
            )  # fmt: skip
        out, err = capsys.readouterr()
        assert (2, "") == (caught.value.code, out)
        assert (
            f"mutualcommit funds: error: argument --locale: unknown locale: {name!r}"
            in err
        )

    @pytest.mark.parametrize("output", ["text", "json"])
    def test_a_locale_for_text_or_json(
        self, capsys: pytest.CaptureFixture[str], output: str
    ) -> None:
        """--locale with text or JSON, which it would not change, exits 2 saying so."""
        code, out, err = run(
            capsys, "funds", AGREEMENT, EVENTS, "--as-of", "2026-11-27",
            "--format", output, "--locale", "de",
        )  # fmt: skip

        message = (
            f"--locale is read by --format markdown and html, not {output}: the "
            "text tables and JSON are written the same in every locale"
        )
        assert code == 2
        if output == "json":
            # A program reading the JSON gets the error as JSON.
            assert message == json.loads(out)["error"]
        else:
            assert ("", f"mutualcommit funds: {message}\n") == (out, err)


class TestOutput:
    """``-o`` writes the ledger to a file, as render and calendar write theirs."""

    @pytest.mark.parametrize("output", ["text", "json", "markdown", "html"])
    def test_the_bytes_of_standard_output(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, output: str
    ) -> None:
        """The file holds, as UTF-8, what standard output would: nothing is printed."""
        locale = ("--locale", "ja") if output in {"markdown", "html"} else ()
        argv = ("funds", AGREEMENT, EVENTS, "--as-of", "2026-09-15", "--format", output)
        printed = run(capsys, *argv, *locale)[1]
        path = tmp_path / f"ledger.{output}"

        code, out, _ = run(capsys, *argv, *locale, "-o", str(path))

        assert (0, "") == (code, out)
        assert printed.encode("utf-8") == path.read_bytes()

    @pytest.mark.parametrize(
        ("argv", "name"),
        [
            ((EVENTS,), "EVENTS"),
            (("--fund-events", EVENTS), "--fund-events"),
        ],
        ids=["EVENTS", "--fund-events"],
    )
    def test_never_an_input(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        argv: tuple[str, ...],
        name: str,
    ) -> None:
        """An ``-o`` that is the fund log (as it is named) or the observations is refused, the file kept."""
        log = tmp_path / "fund_events.jsonl"
        log.write_bytes(Path(EVENTS).read_bytes())
        named = tuple(str(log) if arg == EVENTS else arg for arg in argv)
        observations = tmp_path / "observations.jsonl"
        observations.write_bytes(Path(OBSERVATIONS).read_bytes())

        for target, what in ((log, name), (observations, "--observations")):
            code, out, err = run(
                capsys, "funds", AGREEMENT, *named, "--observations", str(observations),
                "--as-of", "2026-09-15", "-o", str(target),
            )  # fmt: skip

            message = (
                f"mutualcommit funds: -o {target} is {what}, which it would "
                "replace: write the output to another file\n"
            )
            assert (2, "", message) == (code, out, err)
        assert Path(EVENTS).read_bytes() == log.read_bytes()
        assert Path(OBSERVATIONS).read_bytes() == observations.read_bytes()


class TestAnUnknownFund:
    """A fund the agreement does not have is the log's problem, named with its line."""

    @pytest.mark.parametrize(
        "command",
        [
            ["funds", AGREEMENT, "{log}", "--as-of", "2026-09-15"],
            ["check", AGREEMENT, "--as-of", "2026-09-15", "--fund-events", "{log}"],
            [
                "evaluate", AGREEMENT, OBSERVATIONS, "--as-of", "2026-09-15",
                "--fund-events", "{log}",
            ],
            [
                "render", AGREEMENT, "--what", "report", "--as-of", "2026-09-15",
                "--fund-events", "{log}",
            ],
        ],
        ids=["funds", "check", "evaluate", "render"],
    )  # fmt: skip
    def test_named_at_its_line(
        self,
        command: list[str],
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
    ) -> None:
        """After a blank line, the grant of fund 'nope' is on line 3, as the file says."""
        log = tmp_path / "funds.jsonl"
        log.write_text(
            Path(EVENTS).read_text(encoding="utf-8").splitlines(keepends=True)[0]
            + "\n"
            + '{"fund": "nope", "event": "grant", "at": "2026-05-01", "ref": "G-9", '
            '"amount": "1"}\n',
            encoding="utf-8",
        )

        code, out, err = run(capsys, *(part.format(log=log) for part in command))

        assert (2, "") == (code, out)
        assert err.endswith(
            f"{log}: invalid fund log (1 problem):\n"
            "  line 3: no fund (allocation with a fund) 'nope'\n"
        )


class TestOutsideTheTerm:
    """A grant dated after the term is refused at its line, not counted in the term."""

    def test_named_at_its_line(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The example's 13 lines and a grant of 2027-03-01: line 14 is refused."""
        log = tmp_path / "funds.jsonl"
        log.write_text(
            Path(EVENTS).read_text(encoding="utf-8")
            + '{"fund": "acme-mdf-budget", "event": "grant", "at": "2027-03-01", '
            '"ref": "G-9", "amount": "5000"}\n',
            encoding="utf-8",
        )

        code, out, err = run(
            capsys, "funds", AGREEMENT, str(log), "--as-of", "2027-06-01"
        )

        assert (2, "") == (code, out)
        assert err.endswith(
            f"{log}: invalid fund log (1 problem):\n"
            "  line 14: a grant dated 2027-03-01, outside the term (2026-01-01 to "
            "2026-12-31), which the fund's windows cover\n"
        )


class TestApprovedAfterTheWindow:
    """An approval dated after its request's window closed is refused at its line."""

    def test_named_at_its_line(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A December request approved on 10 January, after the term closed: line 15."""
        log = tmp_path / "funds.jsonl"
        log.write_text(
            Path(EVENTS).read_text(encoding="utf-8")
            + '{"fund": "acme-mdf-budget", "event": "request", "at": "2026-12-01", '
            '"ref": "R-9", "amount": "5000", "start": "2026-12-10"}\n'
            '{"fund": "acme-mdf-budget", "event": "approval", "at": "2027-01-10", '
            '"ref": "A-9", "request": "R-9", "amount": "5000"}\n',
            encoding="utf-8",
        )

        code, out, err = run(
            capsys, "funds", AGREEMENT, str(log), "--as-of", "2027-01-10"
        )

        assert (2, "") == (code, out)
        assert err.endswith(
            f"{log}: invalid fund log (1 problem):\n"
            "  line 15: an approval dated 2027-01-10, after the term of request "
            "'R-9' closed on 2026-12-31: the money the fund had not approved by "
            "then expired, and a later approval cannot spend it; approve 0 (a "
            "rejection), or retract the approval\n"
        )


class TestRefusedRequest:
    """A step of a refused request is judged against it, once, the request named by line."""

    @pytest.mark.parametrize("unreadable", [False, True])
    def test_named_at_its_line(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, unreadable: bool
    ) -> None:
        """Each problem once, whether or not another line is unreadable."""
        log = tmp_path / "funds.jsonl"
        log.write_text(
            '{"fund": "acme-mdf-budget", "event": "request", "at": "2026-02-10", '
            '"ref": "R-1", "amount": "1000", "start": "2026-03-27", '
            '"end": "2026-03-02"}\n'
            '{"fund": "acme-mdf-budget", "event": "approval", "at": "2026-02-01", '
            '"ref": "A-1", "amount": "5000", "request": "R-1"}\n'
            + (
                '{"fund": "acme-mdf-budget", "event": "grant", "at": "2026/05/01", '
                '"ref": "G-1", "amount": "5"}\n'
                if unreadable
                else ""
            ),
            encoding="utf-8",
        )

        code, out, err = run(
            capsys, "funds", AGREEMENT, str(log), "--as-of", "2026-06-30"
        )

        assert (2, "") == (code, out)
        assert [
            (
                "  line 1: $.end: the activity ends (2026-03-02) before it starts "
                "(2026-03-27)"
            ),
            "  line 2: an approval whose request 'R-1' (line 1) was refused",
            (
                "  line 2: an approval dated 2026-02-01, before its request 'R-1' of "
                "2026-02-10"
            ),
            "  line 2: an approval of 5000, above the 1000 request 'R-1' asked for",
            *(
                ['  line 3: $.at: expected a date YYYY-MM-DD, got "2026/05/01"']
                if unreadable
                else []
            ),
        ] == err.splitlines()[1:]


class TestUnreadableLine:
    """A fund log's unreadable line does not hide the agreement's findings on other lines."""

    def test_both_in_one_run(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A record of a fund the agreement lacks and a date typo elsewhere: both."""
        lines = Path(EVENTS).read_text(encoding="utf-8").splitlines()
        lines[9] = lines[9].replace('"acme-mdf-budget"', '"other-fund"')  # the grant
        lines[11] = lines[11].replace('"at": "2026-', '"at": "2026/', 1)
        log = tmp_path / "log.jsonl"
        log.write_text("\n".join(lines) + "\n", encoding="utf-8")

        code, _, err = run(
            capsys, "funds", AGREEMENT, str(log), "--as-of", "2026-12-31"
        )

        assert 2 == code
        assert [
            "  line 10: no fund (allocation with a fund) 'other-fund'",
            '  line 12: $.at: expected a date YYYY-MM-DD, got "2026/10-20"',
        ] == err.splitlines()[1:]


class TestFundEventsOption:
    """funds takes the fund log as EVENTS or, as the other commands do, --fund-events."""

    def test_named_by_option(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--fund-events shows the same ledger as the positional EVENTS."""
        argv = ("--as-of", "2026-09-15", "--format", "json")
        positional = run(capsys, "funds", AGREEMENT, EVENTS, *argv)
        option = run(capsys, "funds", AGREEMENT, "--fund-events", EVENTS, *argv)

        assert (0, positional[1]) == option[:2]

    def test_events_after_the_options(self, capsys: pytest.CaptureFixture[str]) -> None:
        """EVENTS may follow the options, as evaluate's OBSERVATIONS may."""
        argv = ("--as-of", "2026-09-15", "--format", "json")
        before = run(capsys, "funds", AGREEMENT, EVENTS, *argv)
        after = run(capsys, "funds", AGREEMENT, *argv, EVENTS)

        assert (0, before[1]) == after[:2]

    @pytest.mark.parametrize(
        ("extra", "later", "message"),
        [
            (
                (),
                (EVENTS, "--fund-events", EVENTS),
                (
                    "the fund log is named twice, as EVENTS and with "
                    "--fund-events: name it one way"
                ),
            ),
            (
                (EVENTS,),
                ("other.jsonl",),
                f"one fund log after the agreement, got 2: {EVENTS}, other.jsonl",
            ),
        ],
        ids=["both", "two"],
    )
    def test_named_once_after_the_options(
        self,
        capsys: pytest.CaptureFixture[str],
        extra: tuple[str, ...],
        later: tuple[str, ...],
        message: str,
    ) -> None:
        """Named after the options, a log named twice is the same usage error, not argparse's."""
        code, out, err = run(
            capsys, "funds", AGREEMENT, *extra, "--as-of", "2026-09-15", *later
        )

        assert (2, "", f"mutualcommit funds: {message}\n") == (code, out, err)

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            (
                (),
                (
                    "no fund log given: name it after the agreement (FILE EVENTS) "
                    "or with --fund-events FILE"
                ),
            ),
            (
                (EVENTS, "--fund-events", EVENTS),
                (
                    "the fund log is named twice, as EVENTS and with "
                    "--fund-events: name it one way"
                ),
            ),
        ],
        ids=["neither", "both"],
    )
    def test_named_once(
        self, capsys: pytest.CaptureFixture[str], extra: tuple[str, ...], message: str
    ) -> None:
        """No log, or a log named both ways, is a usage error that says which."""
        code, out, err = run(
            capsys, "funds", AGREEMENT, *extra, "--as-of", "2026-09-15"
        )

        assert (2, "", f"mutualcommit funds: {message}\n") == (code, out, err)
