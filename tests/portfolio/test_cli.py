from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from mutualcommit.cli import _portfolio, main
from mutualcommit.model import Agreement, Observation
from mutualcommit.serialize import dump_observations, dumps

MakeAgreement = Callable[[str], Agreement]
MakeLog = Callable[[str, int, int], tuple[Observation, ...]]
AS_OF = "2026-06-30"
SIGNED_ON = dt.date(2025, 12, 1)
IT_VENDOR = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"


def _signed(agreement: Agreement) -> Agreement:
    for party in agreement.parties:
        agreement = agreement.sign(party.id, "A. Signer", SIGNED_ON)
    return agreement


@pytest.fixture
def folder(tmp_path: Path, make_agreement: MakeAgreement) -> Path:
    """A portfolio folder: ``a.json`` signed, ``b.json`` unsigned (MC401 twice).

    A file that is not an agreement waits in ``broken/``, outside the folder.
    """
    portfolio = tmp_path / "portfolio"
    (portfolio / "region").mkdir(parents=True)
    (portfolio / "a.json").write_text(dumps(_signed(make_agreement("a"))))
    (portfolio / "region" / "b.json").write_text(dumps(make_agreement("b")))
    (portfolio / "notes.txt").write_text("not an agreement, not read")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "c.json").write_text('{"id": "c"}')
    return portfolio


@pytest.fixture
def observations(tmp_path: Path, make_log: MakeLog) -> Path:
    """A portfolio stream: 5 deals for ``a``, 2 for ``b``, lines interleaved."""
    lines: list[str] = []
    for key, deals in (("a", 5), ("b", 2)):
        log = dump_observations(make_log(key, deals, 0)).splitlines()
        lines.extend(f'{{"agreement": "{key}", {line[1:]}' for line in log)
    path = tmp_path / "observations.jsonl"
    path.write_text("\n".join(sorted(lines, key=lambda line: line[30:])) + "\n")
    return path


class TestCheck:
    """check over a folder: a line per agreement, a summary, the exit status of one file."""

    def test_folder(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A folder stands for every *.json file under it, in path order."""
        status = main(["check", str(folder), "--as-of", AS_OF])

        out = capsys.readouterr().out
        assert 1 == status
        lines = out.splitlines()
        assert (
            f"{folder / 'a.json'}: a: ok (0 errors, "
            == lines[0][: len(str(folder)) + 26]
        )
        assert lines[1].startswith(
            f"{folder / 'region' / 'b.json'}: b: not ok (2 errors, "
        )
        assert lines[2].startswith("  MC401 signature:acme: ")
        assert (
            f"summary: 2 agreements checked as of {AS_OF}; 1 with error findings; "
            "0 failed; 0 files unreadable"
        ) in lines
        assert ["MC401", "2", "0", "0"] == next(
            line.split() for line in lines if line.startswith("MC401")
        )

    def test_extension_in_any_case(
        self,
        folder: Path,
        make_agreement: MakeAgreement,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """``c.JSON`` and ``d.Json`` are agreements of the folder, on every system.

        Only a name ending in lower-case ``.json`` was read on Linux and
        macOS (Windows matched any case): the others were left out
        without a word, and the run passed as whole.
        """
        (folder / "c.JSON").write_text(dumps(_signed(make_agreement("c"))))
        (folder / "region" / "d.Json").write_text(dumps(_signed(make_agreement("d"))))
        (folder / "region" / "e.JSONL").write_text("a log: not an agreement\n")

        status = main(["check", str(folder), "--as-of", AS_OF, "--format", "json"])

        document = json.loads(capsys.readouterr().out)
        assert 1 == status
        assert [
            ("a.json", "a"),
            ("c.JSON", "c"),
            ("region/b.json", "b"),
            ("region/d.Json", "d"),
        ] == [
            (Path(entry["file"]).relative_to(folder).as_posix(), entry["agreement"])
            for entry in document["agreements"]
        ]
        assert [] == document["unreadable"]

    def test_only_upper_case_names(
        self,
        tmp_path: Path,
        make_agreement: MakeAgreement,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A folder whose one agreement is ``A.JSON`` is no folder without any *.json file."""
        (tmp_path / "A.JSON").write_text(dumps(_signed(make_agreement("a"))))

        status = main(["check", str(tmp_path), "--as-of", AS_OF])

        captured = capsys.readouterr()
        assert (0, "") == (status, captured.err)
        assert captured.out.startswith(f"{tmp_path / 'A.JSON'}: a: ok")

    def test_unreadable(
        self, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file that is not an agreement exits 2, and the others are still checked."""
        broken = tmp_path / "broken" / "c.json"

        status = main(["check", str(folder / "a.json"), str(broken), "--as-of", AS_OF])

        captured = capsys.readouterr()
        assert 2 == status
        assert captured.out.startswith(f"{folder / 'a.json'}: a: ok")
        assert "1 file unreadable" in captured.out
        assert captured.err.startswith(
            f"mutualcommit check: {broken}: invalid document ("
        )

    def test_ok(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """No error finding in any agreement exits 0."""
        a = str(folder / "a.json")

        assert 0 == main(["check", a, a, "--as-of", AS_OF])
        assert "2 agreements checked" in capsys.readouterr().out

    def test_an_id_twice(
        self, folder: Path, observations: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Two files of one agreement id: both counted, and said to be."""
        a = str(folder / "a.json")
        copy = folder / "copy.json"
        copy.write_text((folder / "a.json").read_text())

        assert 0 == main(["check", a, str(copy), a, "--as-of", AS_OF])
        captured = capsys.readouterr()
        assert "3 agreements checked" in captured.out
        assert "; 1 id given more than once" in captured.out
        assert (
            f"mutualcommit check: agreement a came 3 times ({a}, {copy}, {a}): "
            "each is counted in the summary\n"
        ) == captured.err

        main(["evaluate", a, a, "--observations", str(observations), "--as-of", AS_OF])
        assert (
            f"mutualcommit evaluate: agreement a came 2 times ({a}, {a}): each is "
            "counted in the summary, each with the observations of that id\n"
            f"mutualcommit evaluate: {observations}: observations of 1 agreement "
            "not given were ignored: b (lines 2, 4)\n"
        ) == capsys.readouterr().err

        main(["check", a, a, "--as-of", AS_OF, "--format", "json"])
        assert {"a": 2} == json.loads(capsys.readouterr().out)["summary"]["duplicates"]

    @pytest.mark.parametrize("command", ["check", "evaluate"])
    def test_an_id_twice_that_fails(
        self,
        folder: Path,
        tmp_path: Path,
        command: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Two files of one agreement that fail alike are two failures: the summary adds up to the files."""
        a = str(folder / "a.json")
        stream = tmp_path / "stream.jsonl"
        stream.write_text(
            '{"agreement": "a", "metric": "nope", "at": "2026-02-02", "value": "1"}\n'
            '{"agreement": "b", "metric": "deals", "at": "2026-02-02", "value": "1"}\n',
            encoding="utf-8",
        )
        b = str(folder / "region" / "b.json")
        given = [command, a, b, a, "--observations", str(stream), "--as-of", AS_OF]

        assert 2 == main(given)
        captured = capsys.readouterr()
        b_alone = {
            "check": "1 agreement checked as of 2026-06-30; 1 with error findings",
            "evaluate": (
                "1 agreement evaluated as of 2026-06-30; "
                "mean overall attainment 0.0 % (over 1 agreement)"
            ),
        }[command]
        assert (
            f"summary: {b_alone}; 2 failed; 0 files unreadable; "
            "1 id given more than once"
        ) in captured.out.splitlines()
        assert (
            f"mutualcommit {command}: agreement a came 2 times ({a}, {a}): each is "
            "counted in the summary, each with the observations of that id\n"
        ) in captured.err

        main([*given, "--format", "json"])
        summary = json.loads(capsys.readouterr().out)["summary"]
        assert (["a", "a"], {"a": 2}) == (
            [failure["agreement"] for failure in summary["failed"]],
            summary["duplicates"],
        )

        # The copies alone: a stream of errors only, each still a file's.
        main([command, a, a, "--observations", str(stream), "--as-of", AS_OF])
        assert (
            f"summary: 0 agreements {command}{'d' if command == 'evaluate' else 'ed'} "
            f"as of {AS_OF}; "
            "2 failed; 0 files unreadable; 1 id given more than once"
        ) in capsys.readouterr().out.splitlines()

    def test_an_id_twice_with_errors(
        self, folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Two files of one agreement with error findings are two agreements with error findings."""
        b = str(folder / "region" / "b.json")

        assert 1 == main(["check", b, b, "--as-of", AS_OF])

        assert (
            f"summary: 2 agreements checked as of {AS_OF}; 2 with error findings; "
            "0 failed; 0 files unreadable; 1 id given more than once"
        ) in capsys.readouterr().out.splitlines()

    def test_json(
        self, folder: Path, observations: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--format json writes one document: each report, the unreadable files, the summary."""
        status = main(
            [
                "check",
                str(folder),
                "--as-of",
                AS_OF,
                "--observations",
                str(observations),
                "--format",
                "json",
            ]
        )

        document = json.loads(capsys.readouterr().out)
        assert 1 == status
        assert ["a", "b"] == [entry["agreement"] for entry in document["agreements"]]
        assert 2 == document["agreements"][1]["report"]["counts"]["error"]
        assert [] == document["unreadable"]
        assert {"b": 2} == document["summary"]["with_errors"]

    def test_jobs(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Two worker processes print what one does."""
        main(["check", str(folder), "--as-of", AS_OF])
        serial = capsys.readouterr().out

        main(["check", str(folder), "--as-of", AS_OF, "--jobs", "2"])

        assert serial == capsys.readouterr().out

    def test_dask_missing(
        self,
        folder: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """--dask without distributed installed says which extra to install, and exits 2."""
        monkeypatch.setitem(sys.modules, "distributed", None)

        status = main(
            ["check", str(folder), "--as-of", AS_OF, "--dask", "tcp://x:8786"]
        )

        assert 2 == status
        assert (
            "mutualcommit check: --dask needs distributed: install mutualcommit's "
            "extra 'dask' (python -m pip install '.[dask]' in a checkout, or the "
            "wheel with [dask])\n" == capsys.readouterr().err
        )

    def test_one_file(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """One file without --jobs or --dask prints the single report, no summary."""
        status = main(["check", str(folder / "a.json"), "--as-of", AS_OF])

        out = capsys.readouterr().out
        assert 0 == status
        assert out.startswith("Acme and p-a (a): ")
        assert "summary:" not in out


@pytest.mark.skipif(sys.platform == "win32", reason="links, pipes: POSIX")
class TestEntriesNotRead:
    """A directory's *.json entries that cannot be read are each said and counted, never dropped."""

    def test_links_and_pipes(
        self, folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A link to a file that is gone, a link that loops, a named pipe: exit 2, each named.

        Each used to be dropped without a word: the run said "0 files
        unreadable" and exited 0 without the agreement the link stood for.
        """
        (folder / "globex.json").symlink_to("/nonexistent/share/globex.json")
        (folder / "loop.json").symlink_to("loop.json")
        os.mkfifo(folder / "stuck.json")
        (folder / "region-link.json").symlink_to(folder / "region")

        status = main(["check", str(folder), "--as-of", AS_OF, "--format", "json"])

        captured = capsys.readouterr()
        document = json.loads(captured.out)
        unreadable = {
            Path(entry["file"]).name: entry["error"] for entry in document["unreadable"]
        }
        assert 2 == status
        assert {
            "globex.json": (
                "cannot read: No such file or directory "
                "(a link to /nonexistent/share/globex.json)"
            ),
            "loop.json": "cannot read: Too many levels of symbolic links "
            "(a link to loop.json)",
            "stuck.json": "not read: it is a named pipe (FIFO), not a file",
            "region-link.json": (
                "not read: it is a link to a folder, and links to folders are "
                "not followed"
            ),
        } == unreadable
        assert ["a", "b"] == [entry["agreement"] for entry in document["agreements"]]
        assert (
            f"mutualcommit check: {folder / 'stuck.json'}: not read: it is a "
            "named pipe (FIFO), not a file\n"
        ) in captured.err

    def test_a_folder_that_cannot_be_listed(
        self,
        folder: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A subfolder the user may not list is unreadable, named, and counted: exit 2.

        Its agreements are missing from the run, which must not pass as
        whole (the walk used to swallow the error, and the folder with it).
        """
        scandir = os.scandir

        def refusing(path: str | os.PathLike[str]) -> Any:
            if Path(path).name == "region":
                raise PermissionError(13, "Permission denied", str(path))
            return scandir(path)

        monkeypatch.setattr(os, "scandir", refusing)

        status = main(["check", str(folder), "--as-of", AS_OF])

        captured = capsys.readouterr()
        assert 2 == status
        assert (
            f"mutualcommit check: {folder / 'region'}: cannot list: Permission denied\n"
        ) == captured.err
        assert "1 agreement checked" in captured.out
        assert "; 1 file unreadable" in captured.out

    def test_only_entries_that_cannot_be_read(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A directory whose only *.json entry is a dangling link holds one: it is named."""
        (tmp_path / "globex.json").symlink_to(tmp_path / "gone.json")

        status = main(["check", str(tmp_path), "--as-of", AS_OF])

        err = capsys.readouterr().err
        assert 2 == status
        assert "without any *.json file" not in err
        assert f"{tmp_path / 'globex.json'}: cannot read: No such file" in err

    def test_hidden_entries_and_other_names(
        self, folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Hidden entries and names not ending in .json are still left out, silently."""
        (folder / ".git").mkdir()
        (folder / ".git" / "x.json").write_text("{")
        (folder / ".draft.json").symlink_to(folder / "gone.json")
        (folder / "notes").symlink_to(folder / "gone.txt")

        assert 1 == main(["check", str(folder), "--as-of", AS_OF])
        assert "" == capsys.readouterr().err


class TestOwnInputsInTheDirectory:
    """A directory run does not read its own policy or streams as agreements."""

    def test_policy(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The policy saved next to the agreements is left out, and said to be.

        It used to be read as an agreement and fail the run (exit 2) on
        every run of the setup the how-to describes.
        """
        policy = folder / "partner-policy.json"
        policy.write_text(
            '{"format": "mutualcommit.policy", "format_version": 1, '
            '"review_grace_days": 10}'
        )

        status = main(["check", str(folder), "--as-of", AS_OF, "--policy", str(policy)])

        captured = capsys.readouterr()
        assert 1 == status  # b's error findings, as without the policy
        assert (
            f"mutualcommit check: {policy}: left out: it is the policy this "
            "command reads, not an agreement\n"
        ) == captured.err
        assert "2 agreements checked" in captured.out
        assert "0 files unreadable" in captured.out

    def test_streams(
        self,
        folder: Path,
        observations: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """The observation and fund event streams a directory holds are left out, by file."""
        stream = folder / "observations.json"
        stream.write_bytes(observations.read_bytes())
        funds = folder / "funds.json"
        funds.write_text("")
        link = folder / "region" / "same-observations.json"
        link.symlink_to(stream)

        status = main(
            [
                "evaluate",
                str(folder),
                "--observations",
                str(stream),
                "--fund-events",
                str(funds),
                "--as-of",
                AS_OF,
            ]
        )

        captured = capsys.readouterr()
        assert 0 == status
        reads = "stream this command reads, not an agreement"
        assert [
            f"mutualcommit evaluate: {funds}: left out: it is the fund event {reads}",
            f"mutualcommit evaluate: {stream}: left out: it is the observation {reads}",
            f"mutualcommit evaluate: {link}: left out: it is the observation {reads}",
        ] == captured.err.splitlines()
        assert "2 agreements evaluated" in captured.out

    def test_named_files_are_read(
        self, folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file named as an agreement is read as one, even when it is the policy too."""
        policy = folder / "policy.json"
        policy.write_text('{"format": "mutualcommit.policy", "format_version": 1}')

        status = main(
            ["check", str(folder / "a.json"), str(policy), "--policy", str(policy)]
        )

        assert 2 == status
        assert 'got "mutualcommit.policy"' in capsys.readouterr().err


def _stream(tmp_path: Path, log: str, agreement: str = "acme-globex-2026") -> Path:
    """The IT example's *log* as a portfolio's stream, each line under *agreement*."""
    text = (IT_VENDOR / log).read_text(encoding="utf-8")
    path = tmp_path / f"portfolio-{log}"
    path.write_text(
        "".join(
            f'{{"agreement": "{agreement}", {line[1:]}\n'
            for line in text.splitlines()
            if line
        ),
        encoding="utf-8",
    )
    return path


class TestFundLogs:
    """--fund-events over many agreements: one stream whose lines name their agreement."""

    @pytest.mark.parametrize("jobs", [[], ["--jobs", "2"]], ids=["serial", "jobs"])
    def test_check(
        self, tmp_path: Path, jobs: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The fund rules run for the agreement the stream names: its warnings are counted."""
        examples = IT_VENDOR.parent
        argv = [
            "check",
            str(examples / "it_vendor" / "agreement.json"),
            str(examples / "manufacturer" / "agreement.json"),
            "--as-of",
            "2026-11-27",
            "--fund-events",
            str(_stream(tmp_path, "fund_events.jsonl")),
            "--format",
            "json",
            *jobs,
        ]

        status = main(argv)

        document = json.loads(capsys.readouterr().out)
        assert 0 == status
        assert [
            {"code": "MC208", "severity": "warning", "count": 1},
            {"code": "MC209", "severity": "warning", "count": 1},
        ] == [
            row
            for row in document["summary"]["findings"]
            if row["code"] in ("MC208", "MC209")
        ]

    def test_evaluate(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Each scorecard of the JSON document carries its fund ledgers."""
        status = main(
            [
                "evaluate",
                str(IT_VENDOR / "agreement.json"),
                "--jobs",
                "1",
                "--observations",
                str(_stream(tmp_path, "observations.jsonl")),
                "--fund-events",
                str(_stream(tmp_path, "fund_events.jsonl")),
                "--as-of",
                "2026-11-27",
                "--format",
                "json",
            ]
        )

        document = json.loads(capsys.readouterr().out)
        (entry,) = document["agreements"]
        assert (0, ["acme-mdf-budget"]) == (
            status,
            [fund["fund"] for fund in entry["scorecard"]["funds"]],
        )

    def test_summary_totals(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The text summary ends with the funds' money; the JSON summary has it in full."""
        argv = [
            "evaluate",
            str(IT_VENDOR / "agreement.json"),
            str(IT_VENDOR.parent / "manufacturer" / "agreement.json"),
            "--observations",
            str(_stream(tmp_path, "observations.jsonl")),
            "--fund-events",
            str(_stream(tmp_path, "fund_events.jsonl")),
            "--as-of",
            "2026-09-15",
        ]

        status = main(argv)
        text = capsys.readouterr().out
        main([*argv, "--format", "json"])
        document = json.loads(capsys.readouterr().out)

        assert 0 == status
        head = "funds unit count available approved claimed paid expired remaining"
        numbers = "EUR 1 146508.6 35000 20000 12000 0 111508.6 8.2 %"
        assert [
            f"{head} utilisation".split(),
            f"all {numbers}".split(),
            f"party acme {numbers}".split(),
        ] == [line.split() for line in text.splitlines()[-3:]]
        assert (["EUR"], "12000", "146508.6") == (
            list(document["summary"]["funds"]),
            document["summary"]["funds"]["EUR"]["paid"],
            document["summary"]["parties"]["acme"]["funds"]["EUR"]["available"],
        )

    def test_one_agreements_log(
        self, folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """One agreement's log, whose lines name no agreement, fails before any check."""
        events = IT_VENDOR / "fund_events.jsonl"

        status = main(
            ["check", str(folder), "--as-of", AS_OF, "--fund-events", str(events)]
        )

        captured = capsys.readouterr()
        assert (2, "") == (status, captured.out)
        assert captured.err.startswith(
            f"mutualcommit check: {events}: invalid fund log ("
        )
        assert (
            "line 1: $.agreement: expected an agreement id, got nothing (required)"
            in (captured.err)
        )

    def test_strays(
        self, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Fund events of an agreement the run was not given are named on standard error."""
        main(
            [
                "check",
                str(folder),
                "--as-of",
                AS_OF,
                "--fund-events",
                str(_stream(tmp_path, "fund_events.jsonl", "nobody")),
            ]
        )

        assert capsys.readouterr().err.endswith(
            f"mutualcommit check: {tmp_path / 'portfolio-fund_events.jsonl'}: fund "
            "events of 1 agreement not given were ignored: nobody (lines 1-13)\n"
        )


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class TestWithoutObservations:
    """An agreement the observation stream has no line for: counted, named, and in the mean."""

    def test_evaluate(
        self,
        folder: Path,
        observations: Path,
        make_agreement: MakeAgreement,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A partner that reported nothing is said to be, apart from one that did badly; the mean says how many it is of."""
        silent = folder / "silent.json"
        silent.write_text(dumps(make_agreement("silent")))
        later = make_agreement("later")
        later = later.amend(start=dt.date(2026, 7, 1), end=dt.date(2027, 6, 30))
        (folder / "later.json").write_text(dumps(later))
        given = ["evaluate", str(folder), str(observations), "--as-of", AS_OF]

        assert 0 == main(given)
        captured = capsys.readouterr()

        # a at 100 %, b at 50 %, silent at 0 %: later has not started.
        assert (
            f"summary: 4 agreements evaluated as of {AS_OF}; mean overall "
            "attainment 50.0 % (over 3 agreements); 2 without observations; "
            "0 failed; 0 files unreadable"
        ) in captured.out.splitlines()
        assert (
            f"mutualcommit evaluate: {observations}: 2 agreements have no line "
            f"there, evaluated with no observations: later ({folder / 'later.json'}), "
            f"silent ({silent})\n"
        ) == captured.err

        main([*given, "--format", "json"])
        document = json.loads(capsys.readouterr().out)
        assert [
            {"file": str(folder / "later.json"), "agreement": "later"},
            {"file": str(silent), "agreement": "silent"},
        ] == document["without_observations"]
        assert (Decimal("0.5"), 3) == (
            Decimal(document["summary"]["attainment"]),
            document["summary"]["scorecards_with_attainment"],
        )

    def test_no_stream(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A check without a stream says nothing of it, and its JSON has null."""
        main(["check", str(folder), "--as-of", AS_OF, "--format", "json"])

        captured = capsys.readouterr()
        assert (None, "") == (
            json.loads(captured.out)["without_observations"],
            captured.err,
        )


class TestProgress:
    """A progress line goes to standard error when it is a terminal, and is cleared."""

    def test_terminal(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """The line counts the files done, and is wiped before output and at the end."""
        terminal = _Terminal()
        monkeypatch.setattr("sys.stderr", terminal)
        monkeypatch.setattr("sys.stdout", io.StringIO())

        main(["check", str(folder), "--as-of", AS_OF])

        assert "\r\x1b[Kchecked 2/2 files\r\x1b[K" == terminal.getvalue()

    def test_not_terminal(
        self, folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Not a terminal, no progress line."""
        main(["check", str(folder), "--as-of", AS_OF])

        assert "" == capsys.readouterr().err


class TestEvaluate:
    """evaluate over a folder with a portfolio observation stream."""

    def test_folder(
        self, folder: Path, observations: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Each agreement's goals, then the goals and each party's pledges by standing."""
        status = main(["evaluate", str(folder), str(observations), "--as-of", AS_OF])

        lines = capsys.readouterr().out.splitlines()
        assert 0 == status
        assert (
            f"{folder / 'a.json'}: a: overall attainment 100.0 %; goals: 1 met"
            == lines[0]
        )
        assert (
            f"{folder / 'region' / 'b.json'}: b: overall attainment 50.0 %; goals: 1 missed"
            == lines[1]
        )
        assert (
            f"summary: 2 agreements evaluated as of {AS_OF}; mean overall attainment "
            "75.0 % (over 2 agreements); 0 failed; 0 files unreadable"
        ) == lines[3]
        table = {line.split("  ")[0]: line.split() for line in lines[5:]}
        # standings, agreements, not started, met, missed, no data, on track,
        # early, at risk, off track
        assert ["goals", "0", "1", "1", "0", "0", "0", "0", "0"] == table["goals"]
        assert ["party", "acme", "2", "0", "0", "0", "0", "0", "0", "0", "2"] == table[
            "party acme"
        ]
        assert ["party", "p-b", "1", "0", "0", "1", "0", "0", "0", "0", "0"] == table[
            "party p-b"
        ]

    def test_observations_option(
        self, folder: Path, observations: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--observations names the stream; then every FILE is an agreement."""
        main(["evaluate", str(folder), str(observations), "--as-of", AS_OF])
        positional = capsys.readouterr().out
        status = main(
            [
                "evaluate",
                str(folder / "a.json"),
                str(folder / "region" / "b.json"),
                "--observations",
                str(observations),
                "--as-of",
                AS_OF,
            ]
        )

        assert 0 == status
        assert positional == capsys.readouterr().out

    def test_stream_not_utf8(
        self, folder: Path, observations: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A stream with a byte that is not UTF-8 far in: exit 2, its offset in the file."""
        text = observations.read_bytes() * 200
        bad = b'{"agreement": "a", "metric": "d\xe9als"}\n'
        observations.write_bytes(text + bad)
        at = len(text) + bad.index(b"\xe9")
        line, column = text.count(b"\n") + 1, bad.index(b"\xe9") + 1

        status = main(["evaluate", str(folder), str(observations), "--as-of", AS_OF])

        assert 2 == status
        assert capsys.readouterr().err == (
            f"mutualcommit evaluate: {observations}: not UTF-8 text: byte 0xE9 at "
            f"line {line}, column {column} "
            f"(byte {at}) is not UTF-8 (was the file saved as Windows-1252 or "
            "Latin-1?): save it as UTF-8\n"
        )

    @pytest.mark.parametrize("option", ["--observations", "--fund-events"])
    def test_a_line_cut_short_is_named_at_its_end(
        self,
        folder: Path,
        observations: Path,
        option: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A stream's line cut short: its own line and last column, as one agreement's log says.

        The stream is read line by line, each with its newline, and the
        problem was said at column 1 (of the line after the record).
        """
        cut = '{"agreement": "a", "metric": "deals"'
        observations.write_text(f"{cut}\n")

        status = main(["check", str(folder), option, str(observations)])

        assert 2 == status
        assert (
            f"  line 1: invalid JSON at column {len(cut) + 1}: Expecting ',' delimiter;"
        ) in capsys.readouterr().err

    @pytest.mark.parametrize("indent", [None, 2], ids=["one line", "indented"])
    def test_an_agreement_as_the_stream(
        self,
        folder: Path,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        indent: int | None,
    ) -> None:
        """An agreement given as the stream: one line that says so, not a problem a line."""
        stream = tmp_path / "agreement.json"
        document = json.loads((folder / "a.json").read_text())
        stream.write_text(json.dumps(document, indent=indent))

        status = main(["check", str(folder), "--observations", str(stream)])

        assert (
            2,
            (
                f"mutualcommit check: {stream} is an agreement document, not JSON Lines: "
                "--observations is the observation stream, JSON Lines\n"
            ),
        ) == (status, capsys.readouterr().err)

    def test_a_failed_agreements_line_says_why(
        self, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A failed agreement's line ends with its first problem and how many more.

        It ended with the heading of the problems standard error lists,
        ``invalid observations (1 problem):``, and nothing after the colon.
        """
        stream = tmp_path / "stream.jsonl"
        stream.write_text(
            '{"agreement": "a", "metric": "nope", "at": "2026-02-02", "value": "1"}\n'
            '{"agreement": "b", "metric": "nope", "at": "2026-02-02", "value": "1"}\n'
            '{"agreement": "b", "metric": "nix", "at": "2026-02-03", "value": "1"}\n'
            '{"agreement": "b", "metric": "nil", "at": "2026-02-03", "value": "1"}\n',
            encoding="utf-8",
        )

        status = main(["evaluate", str(folder), str(stream), "--as-of", AS_OF])

        captured = capsys.readouterr()
        lines = captured.out.splitlines()
        unknown = "$.metric: unknown metric 'nope' (the agreement's metrics: "
        assert 2 == status
        assert lines[0].startswith(
            f"{folder / 'a.json'}: a: failed: invalid observations: {stream}: "
            f"line 1: {unknown}"
        )
        assert lines[0].endswith(")")
        assert lines[1].startswith(
            f"{folder / 'region' / 'b.json'}: b: failed: invalid observations: "
            f"{stream}: line 2: {unknown}"
        )
        assert lines[1].endswith(") (and 2 more problems, on standard error)")
        assert f"  {stream}: line 4: $.metric: unknown metric 'nil'" in captured.err

    @pytest.mark.parametrize("jobs", ["1", "2"])
    def test_a_record_an_agreement_refuses_is_named_by_its_stream_line(
        self,
        folder: Path,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        jobs: str,
    ) -> None:
        """An unknown metric on line 3 of the stream reads line 3 (at its metric), not ``[1]``, its place in b's log."""
        stream = tmp_path / "stream.jsonl"
        stream.write_text(
            '{"agreement": "a", "metric": "deals", "at": "2026-02-02", "value": "1"}\n'
            '{"agreement": "b", "metric": "deals", "at": "2026-02-02", "value": "1"}\n'
            '{"agreement": "b", "metric": "nope", "at": "2026-02-03", "value": "1"}\n',
            encoding="utf-8",
        )

        status = main(
            [
                "check",
                str(folder),
                "--observations",
                str(stream),
                "--as-of",
                AS_OF,
                "--jobs",
                jobs,
                "--format",
                "json",
            ]
        )

        captured = capsys.readouterr()
        (failed,) = [
            entry["error"]
            for entry in json.loads(captured.out)["agreements"]
            if "error" in entry
        ]
        assert 2 == status
        assert [[f"{stream}: line 3: $.metric", "unknown metric 'nope'"]] == [
            [where, message.split(" (")[0]] for where, message in failed["problems"]
        ]
        assert f"\n  {stream}: line 3: $.metric: unknown metric 'nope'" in captured.err

    def test_stray_observations(
        self,
        folder: Path,
        observations: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Observations of an agreement not given are ignored, and said to be."""
        status = main(
            [
                "evaluate",
                str(folder / "a.json"),
                "--jobs",
                "1",
                str(observations),
                "--as-of",
                AS_OF,
            ]
        )

        err = capsys.readouterr().err
        assert 0 == status
        assert (
            f"mutualcommit evaluate: {observations}: observations of 1 agreement "
            "not given were ignored: b (lines 2, 4)\n"
        ) == err

    def test_every_stray_id_with_its_lines(
        self, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Twelve misspelt ids: the JSON document names each with its stream lines; standard error the first ten, and how many more."""
        stream = tmp_path / "stream.jsonl"
        line = '{{"agreement": "{}", "metric": "deals", "at": "2026-02-0{}", "value": "1"}}\n'
        stream.write_text(
            "".join(
                line.format(f"acme-{n:02}", day) for n in range(1, 13) for day in (2, 3)
            )
            # The folder's own agreements, whose lines are read.
            + line.format("a", 4)
            + line.format("b", 4),
            encoding="utf-8",
        )
        given = ["check", str(folder), "--observations", str(stream), "--as-of", AS_OF]

        main([*given, "--format", "json"])
        captured = capsys.readouterr()
        document = json.loads(captured.out)

        assert {
            "observations": [
                {"agreement": f"acme-{n:02}", "lines": [2 * n - 1, 2 * n]}
                for n in range(1, 13)
            ],
            "fund_events": [],
        } == document["ignored"]
        assert list(document) == [
            "command",
            "as_of",
            "agreements",
            "unreadable",
            "ignored",
            "without_observations",
            "summary",
        ]
        first_ten = ", ".join(
            f"acme-{n:02} (lines {2 * n - 1}-{2 * n})" for n in range(1, 11)
        )
        assert (
            f"mutualcommit check: {stream}: observations of 12 agreements not given "
            f"were ignored: {first_ten}, and 2 more (--format json lists every one)\n"
        ) == captured.err


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        ((7,), "line 7"),
        ((4, 5, 6, 7, 12), "lines 4-7, 12"),
        ((1, 3, 5), "lines 1, 3, 5"),
        ((1, 3, 5, 7, 8), "5 lines from line 1"),
    ],
)
def test_an_ignored_ids_lines(lines: tuple[int, ...], said: str) -> None:
    """An id's lines in a stream: as runs, or how many from where when they are scattered."""
    assert said == _portfolio._lines_of(lines)


def _long_check(jobs: str) -> list[str]:
    """Return the command line of a check that runs for seconds, on *jobs* processes.

    The IT example 5,000 times: long enough to stop it once its first
    result is out.
    """
    agreement = str(IT_VENDOR / "agreement.json")
    return [
        sys.executable,
        "-m",
        "mutualcommit",
        "check",
        *[agreement] * 5000,
        "--as-of",
        "2026-09-15",
        "--jobs",
        jobs,
    ]


def _interruptible() -> None:
    """Let SIGINT interrupt the child, as in a terminal, whatever this process ignores."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT to a process group")
class TestInterrupt:
    """Ctrl-C ends a run with one line, not tracebacks, and by the signal."""

    @pytest.mark.parametrize("jobs", ["1", "2"])
    def test_ctrl_c(self, jobs: str) -> None:
        """A terminal's Ctrl-C reaches every process of the command: the workers too.

        Interrupted once its first result is out, the run stops: standard
        error says so in one line (before, the calling process and each
        worker printed a traceback of its own), and the process ends by
        SIGINT, as a shell expects of a program it interrupted.
        """
        with subprocess.Popen(  # noqa: S603 - our own interpreter
            _long_check(jobs),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            # Its own process group, as a terminal's foreground job has.
            start_new_session=True,
            # Interruptible as a terminal's job is, even when this suite
            # runs where SIGINT is ignored (a job a script sent to the
            # background), which the command would otherwise inherit.
            preexec_fn=_interruptible,  # noqa: PLW1509 - no threads are started before
        ) as process:
            assert process.stdout is not None
            first = process.stdout.readline()
            os.killpg(process.pid, signal.SIGINT)
            out, err = process.communicate(timeout=120)

        assert "ok (0 errors" in first.decode()
        interrupted = (-signal.SIGINT, b"mutualcommit: interrupted\n")
        assert interrupted == (process.returncode, err)
        # Stopped before the end: fewer results than agreements.
        assert len(out.splitlines()) < 4999


def _group(group: int) -> set[int]:
    """Return the ids of the live processes of process group *group* (Linux)."""
    members = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while listed
        # After the name: state, parent, process group. A zombie has ended.
        if int(fields[2]) == group and fields[0] != "Z":
            members.add(int(stat.parent.name))
    return members


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
class TestKilled:
    """The workers of --jobs end when the command is killed, rather than wait forever."""

    def test_sigterm(self) -> None:
        """``kill``, ``timeout`` or a cancelled job stops the command process alone.

        Its workers used to wait for work forever, reparented, each holding
        an interpreter's memory; they now see the command gone and end.
        """
        with subprocess.Popen(  # noqa: S603 - our own interpreter
            _long_check("2"),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        ) as process:
            assert process.stdout is not None
            process.stdout.readline()
            workers = _group(process.pid) - {process.pid}
            process.terminate()
            process.wait(timeout=60)
            process.stdout.close()
            deadline = time.monotonic() + 30
            while _group(process.pid) and time.monotonic() < deadline:
                time.sleep(0.1)

        assert -signal.SIGTERM == process.returncode
        assert len(workers) >= 2  # the two workers (and a fork server)
        assert set() == _group(process.pid)
