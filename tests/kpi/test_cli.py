"""``mutualcommit evaluate`` and the scorecard's JSON form."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from mutualcommit.cli import main
from mutualcommit.cli._evaluate import _name_observations
from mutualcommit.kpi import (
    SCORECARD_FORMAT,
    Observation,
    Scorecard,
    receipt,
    register_scorecard_hooks,
    scorecard_to_dict,
)
from mutualcommit.kpi import evaluate as evaluate_kpi
from mutualcommit.serialize import (
    load_fund_events,
    load_observations,
    loads,
    make_converter,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"
AGREEMENT = str(EXAMPLE / "agreement.json")
OBSERVATIONS = str(EXAMPLE / "observations.jsonl")
#: The fingerprint of the example's terms, at version 1.
FINGERPRINT = "sha256:98d90a26b6aea2bd46dcf9235859b3170244004ae657abacc407f1fe09fc375e"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line; return its exit code, standard output and error."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def example_card(as_of: dt.date) -> Scorecard:
    """The IT vendor example evaluated as of *as_of*."""
    return evaluate_kpi(
        loads(Path(AGREEMENT).read_text(encoding="utf-8")),
        load_observations(Path(OBSERVATIONS).read_text(encoding="utf-8")),
        as_of=as_of,
    )


class TestText:
    """The text format is a summary, a table per goal and a table per party."""

    def test_tables(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Summary lines first; each goal titled with its standing; * marks the current window."""
        code, out, err = run(
            capsys, "evaluate", AGREEMENT, OBSERVATIONS, "--as-of", "2026-03-15"
        )
        lines = out.splitlines()

        assert (0, "") == (code, err)
        assert [
            (
                "Acme Software and Globex Solutions: Mutual Commit 2026 "
                "(acme-globex-2026) as of 2026-03-15"
            ),
            f"terms: version 1, {FINGERPRINT}",
            "overall attainment: 99.1 %",
            "goals: 4 on track, 1 early, 1 at risk",
        ] == lines[:4]
        assert (
            "goal co-sell-opportunities: Register more co-selling opportunities "
            "every quarter — at risk"
        ) in lines
        current = next(line for line in lines if line.startswith("  * FY2027-Q1"))
        assert (
            "* FY2027-Q1 2026-02-01 2026-04-30 24 11 11.6 45.8 % 94.9 % 22.77 at risk"
        ) == " ".join(current.split())

    def test_party_tables(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Each party lists its pledges' current windows, the vendor's too."""
        _, out, _ = run(
            capsys, "evaluate", AGREEMENT, OBSERVATIONS, "--as-of", "2026-03-15"
        )
        lines = out.splitlines()

        assert "party acme: Acme Software (vendor)" in lines
        assert "party globex: Globex Solutions (partner)" in lines
        mdf = next(line for line in lines if line.startswith("  acme-mdf "))
        assert ["FY2027-Q1", "2026-02-01", "2026-04-30", "30000", "0"] == mdf.split()[
            1:6
        ]
        assert mdf.endswith("off track")


class TestJson:
    """The JSON format is the full scorecard."""

    def test_document(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The command prints scorecard_to_dict of the evaluated scorecard."""
        code, out, _ = run(
            capsys,
            "evaluate",
            AGREEMENT,
            OBSERVATIONS,
            "--as-of",
            "2026-11-27",
            "--format",
            "json",
        )

        card = example_card(dt.date(2026, 11, 27))
        log = load_observations(Path(OBSERVATIONS).read_text(encoding="utf-8"))

        assert 0 == code
        assert {**scorecard_to_dict(card), "receipt": receipt(card, log)} == json.loads(
            out
        )

    def test_receipt_in_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The text ends with the scorecard's receipt, as the exceptions command's does."""
        _, out, _ = run(
            capsys, "evaluate", AGREEMENT, OBSERVATIONS, "--as-of", "2026-11-27"
        )
        card = example_card(dt.date(2026, 11, 27))
        log = load_observations(Path(OBSERVATIONS).read_text(encoding="utf-8"))

        assert f"receipt: {receipt(card, log)}" == out.splitlines()[-1]

    def test_receipt_covers_the_fund_log(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With --fund-events the receipt is the one of the scorecard with its ledgers."""
        events = str(EXAMPLE / "fund_events.jsonl")
        _, out, _ = run(
            capsys,
            *("evaluate", AGREEMENT, OBSERVATIONS, "--as-of", "2026-11-27"),
            *("--fund-events", events, "--format", "json"),
        )
        fund_log = load_fund_events(Path(events).read_text(encoding="utf-8"))
        log = load_observations(Path(OBSERVATIONS).read_text(encoding="utf-8"))
        card = evaluate_kpi(
            loads(Path(AGREEMENT).read_text(encoding="utf-8")),
            log,
            as_of=dt.date(2026, 11, 27),
            fund_events=fund_log,
        )

        assert receipt(card, log, fund_log) == json.loads(out)["receipt"]

    def test_shape(self) -> None:
        """Numbers are canonical decimal strings, None is null, results name their owner."""
        document = scorecard_to_dict(example_card(dt.date(2026, 3, 15)))
        goal = document["goals"][0]
        pledge = document["contributions"][0]
        window = goal["windows"][1]

        assert (SCORECARD_FORMAT, 1, "acme-globex-2026", 1, "2026-03-15") == (
            document["format"],
            document["format_version"],
            document["agreement"],
            document["version"],
            document["as_of"],
        )
        assert document["fingerprint"].startswith("sha256:")
        assert {
            "on_track_ratio": "1",
            "at_risk_ratio": "0.8",
            "min_elapsed": "0.25",
        } == (document["bands"])
        assert "0.9914405684754521963824289406" == document["overall_attainment"]
        assert 4 == document["counts"]["on_track"]
        assert ("co-sell-opportunities", "at_risk", "FY2027-Q1") == (
            goal["goal"],
            goal["standing"],
            goal["current"],
        )
        assert {"metric": "cosell-opps", "value": "24", "per": "quarter"}.items() <= (
            goal["target"].items()
        )
        assert ("globex-co-selling", "globex") == (
            pledge["contribution"],
            pledge["party"],
        )
        assert {
            "label": "FY2027-Q1",
            "start": "2026-02-01",
            "end": "2026-04-30",
            "target": "24",
            "actual": "11",
            "expected": "11.59550561797752808988764045",
            "elapsed": "0.4831460674157303370786516854",
            "attainment": "0.4583333333333333333333333333",
            "pace": "0.9486434108527131782945736434",
            "forecast": "22.76744186046511627906976744",
            "standing": "at_risk",
            "closed": False,
        } == window
        assert ["acme-enablement", "acme-mdf", "acme-deal-registration"] == (
            document["parties"]["acme"]
        )

    def test_null_and_json_ready(self) -> None:
        """A level without data writes null; the dict survives json.dumps as it is."""
        card = example_card(dt.date(2025, 12, 1))
        document = scorecard_to_dict(card)
        reps = next(
            g for g in document["goals"] if g["goal"] == "certified-sales-force"
        )

        assert json.loads(json.dumps(document)) == document
        assert (None, "not_started") == (reps["windows"][0]["pace"], reps["standing"])

    def test_hooks_on_a_converter(self) -> None:
        """register_scorecard_hooks teaches a serialize converter results and windows too."""
        converter = register_scorecard_hooks(make_converter())
        card = example_card(dt.date(2026, 3, 15))

        written: Any = converter.unstructure(card.goal("dach-revenue").current)

        assert ("term", "250570", "on_track") == (
            written["label"],
            written["actual"],
            written["standing"],
        )
        assert scorecard_to_dict(card) == scorecard_to_dict(card, converter=converter)


class TestBadInput:
    """Unreadable or invalid input exits 2 with every problem listed."""

    def test_missing_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A file that is not there: exit 2, its name on standard error."""
        missing = str(tmp_path / "nope.jsonl")

        code, out, err = run(
            capsys, "evaluate", AGREEMENT, missing, "--as-of", "2026-03-15"
        )

        assert (2, "") == (code, out)
        assert "cannot read" in err
        assert "nope.jsonl" in err

    def test_unknown_metrics(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Observations of unknown metrics: exit 2, each listed by its line in the file."""
        path = tmp_path / "log.jsonl"
        path.write_text(
            '{"metric": "nope", "at": "2026-01-02", "value": "1"}\n'
            '{"metric": "cosell-opps", "at": "2026-01-02", "value": "1"}\n'
            '{"metric": "gone", "at": "2026-01-02", "value": "1"}\n',
            encoding="utf-8",
        )

        code, _, err = run(
            capsys, "evaluate", AGREEMENT, str(path), "--as-of", "2026-03-15"
        )

        assert 2 == code
        assert "invalid observations (2 problems)" in err
        assert f"{path}: invalid observations" in err
        assert "line 1: $.metric: unknown metric 'nope'" in err
        assert "line 3: $.metric: unknown metric 'gone'" in err

    def test_bad_line(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A line that is not an observation: exit 2, the line number in the message."""
        path = tmp_path / "log.jsonl"
        path.write_text(
            '{"metric": "cosell-opps", "at": "nope", "value": "1"}\n', encoding="utf-8"
        )

        code, _, err = run(
            capsys, "evaluate", AGREEMENT, str(path), "--as-of", "2026-03-15"
        )

        assert 2 == code
        assert "line 1" in err

    def test_bad_date(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--as-of must be YYYY-MM-DD: argparse exits 2 and says so."""
        with pytest.raises(SystemExit) as info:
            main(["evaluate", AGREEMENT, OBSERVATIONS, "--as-of", "2026-13-01"])

        assert 2 == info.value.code
        assert "expected a date YYYY-MM-DD, got '2026-13-01'" in capsys.readouterr().err

    def test_as_of_is_required(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The library never reads the clock, and neither does evaluate: --as-of is required."""
        with pytest.raises(SystemExit) as info:
            main(["evaluate", AGREEMENT, OBSERVATIONS])

        assert 2 == info.value.code
        assert "--as-of" in capsys.readouterr().err

    def test_both_from_standard_input(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Only one input can come from standard input."""
        code, _, err = run(capsys, "evaluate", "-", "-", "--as-of", "2026-03-15")

        assert 2 == code
        assert "cannot both be standard input" in err

    def test_agreement_from_standard_input(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """'-' reads the agreement from standard input."""
        monkeypatch.setattr(
            "sys.stdin", io.StringIO(Path(AGREEMENT).read_text(encoding="utf-8"))
        )

        code, out, _ = run(
            capsys, "evaluate", "-", OBSERVATIONS, "--as-of", "2026-03-15"
        )

        assert (0, "overall attainment: 99.1 %") == (code, out.splitlines()[2])


class TestNamingTheObservations:
    """The observations come last, or as --observations as the other commands take them."""

    def test_option_prints_the_same(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``--observations FILE`` evaluates exactly what the positional form does."""
        positional = run(
            capsys, "evaluate", AGREEMENT, OBSERVATIONS, "--as-of", "2026-03-15"
        )
        option = run(
            capsys,
            "evaluate",
            "--observations",
            OBSERVATIONS,
            AGREEMENT,
            "--as-of",
            "2026-03-15",
        )

        assert (0, "overall attainment: 99.1 %") == (
            option[0],
            option[1].splitlines()[2],
        )
        assert positional == option

    def test_after_the_options(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The observations may follow the options, as they could before --observations."""
        before = run(
            capsys, "evaluate", AGREEMENT, OBSERVATIONS, "--as-of", "2026-03-15"
        )
        after = run(
            capsys, "evaluate", AGREEMENT, "--as-of", "2026-03-15", OBSERVATIONS
        )

        assert before == after
        assert 0 == after[0]

    @pytest.mark.parametrize(
        ("placed", "later"),
        [
            # an older argparse gives the positional nothing after an option
            ((["a.json"], None), ["b.json", "obs.jsonl"]),
            # a newer one (the fix of CPython issue 59317) gives it the first name after one
            ((["a.json"], "b.json"), ["obs.jsonl"]),
            ((["a.json", "b.json", "obs.jsonl"], None), []),
        ],
    )
    def test_names_in_command_line_order(
        self, placed: tuple[list[str], str | None], later: list[str]
    ) -> None:
        """Whichever Python parses ``a.json --jobs 1 b.json --as-of D obs.jsonl``, the last name is the log."""
        files, positional = placed
        args = argparse.Namespace(
            files=files, observations=positional, observations_file=None, later=later
        )

        _name_observations(args)

        assert (["a.json", "b.json"], "obs.jsonl") == (args.files, args.observations)

    def test_missing(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A lone agreement is not evaluated against nothing: exit 2, and how to name them."""
        code, out, err = run(capsys, "evaluate", AGREEMENT, "--as-of", "2026-03-15")

        assert (2, "") == (code, out)
        assert (
            "mutualcommit evaluate: no observations: name them after the "
            "agreement (FILE OBSERVATIONS) or with --observations FILE\n"
        ) == err

    def test_unknown_option_after_the_files(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Names after the options may be files, never options argparse does not know."""
        with pytest.raises(SystemExit) as info:
            main(["evaluate", AGREEMENT, "--as-of", "2026-03-15", "--bogus"])

        assert 2 == info.value.code
        assert "unrecognized arguments: --bogus" in capsys.readouterr().err

    def test_other_commands_refuse_names_after_options(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Render, of one file, refuses a second after its options (evaluate and check take more)."""
        with pytest.raises(SystemExit) as info:
            main(["render", AGREEMENT, "--format", "text", AGREEMENT])

        assert 2 == info.value.code
        assert f"unrecognized arguments: {AGREEMENT}" in capsys.readouterr().err


class TestDisplayRounding:
    """The text rounds for display only: EUR to cents, shares to tenths of a percent."""

    def test_rounding(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """Revenue of 100.003 shows as 100 and 400000 * 2/89 as 8988.76; the JSON keeps every digit."""
        agreement = loads(Path(AGREEMENT).read_text(encoding="utf-8"))
        card = evaluate_kpi(
            agreement,
            [
                Observation(
                    metric="partner-revenue",
                    at=dt.date(2026, 2, 2),
                    value=Decimal("100.003"),
                    ref="X",
                )
            ],
            as_of=dt.date(2026, 2, 2),
        )
        path = tmp_path / "log.jsonl"
        path.write_text(
            '{"metric": "partner-revenue", "at": "2026-02-02", "value": "100.003", "ref": "X"}\n',
            encoding="utf-8",
        )

        _, out, _ = run(
            capsys, "evaluate", AGREEMENT, str(path), "--as-of", "2026-02-02"
        )

        lines = out.splitlines()
        block = lines[
            next(i for i, line in enumerate(lines) if "goal partner-revenue" in line) :
        ]
        row = next(line for line in block if line.startswith("  * FY2027-Q1"))
        assert ["400000", "100", "8988.76"] == row.split()[4:7]  # 400000 * 2/89
        assert "100.003" == scorecard_to_dict(card)["goals"][1]["windows"][1]["actual"]
