"""The command line's shared behaviour: exit codes and error reports."""

from __future__ import annotations

import base64
import errno
import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import cast

import pytest

from mutualcommit.cli import _portfolio, main
from mutualcommit.cli._io import error_document
from mutualcommit.errors import FormatError
from mutualcommit.serialize import json_schema

EXAMPLES = Path(__file__).parents[2] / "examples"
IT_VENDOR = EXAMPLES / "it_vendor" / "agreement.json"
MANUFACTURER = EXAMPLES / "manufacturer" / "agreement.json"
#: The manufacturer's observations: as of 2026-06-30 its check has error
#: findings (exit 1) and an exception is past due (exit 1).
#: What a file that is not UTF-8 is told after where its first bad byte is.
_NOT_UTF8 = (
    "is not UTF-8 (was the file saved as Windows-1252 or Latin-1?): save it as UTF-8"
)
_PAST_DUE = ["--observations", str(EXAMPLES / "manufacturer" / "observations.jsonl")]


class TestExitCodes:
    """Bad input exits 2 with every problem listed and no traceback."""

    def test_missing_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that does not exist exits 2 and names it."""
        code = main(["check", "does-not-exist.json", "--as-of", "2026-11-27"])

        err = capsys.readouterr().err
        assert 2 == code
        assert "does-not-exist.json" in err
        assert "Traceback" not in err

    def test_invalid_json(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file that is not JSON exits 2 with the position of the problem."""
        path = tmp_path / "broken.json"
        path.write_text('{"format": "mutualcommit.agreement",', encoding="utf-8")

        code = main(["check", str(path), "--as-of", "2026-11-27"])

        err = capsys.readouterr().err
        assert 2 == code
        assert "invalid document" in err
        assert "Traceback" not in err

    def test_every_problem_listed(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An invalid agreement exits 2 and lists each problem with its path."""
        text = IT_VENDOR.read_text(encoding="utf-8")
        text = text.replace('"currency": "EUR"', '"currency": 12', 1)
        text = text.replace('"start": "2026-01-01"', '"start": "nope"', 1)
        path = tmp_path / "bad.json"
        path.write_text(text, encoding="utf-8")

        code = main(["check", str(path), "--as-of", "2026-11-27"])

        err = capsys.readouterr().err
        assert 2 == code
        assert "$.currency" in err
        assert "$.start" in err

    def test_not_utf8(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that is not UTF-8 exits 2 rather than crashing."""
        path = tmp_path / "latin1.json"
        path.write_bytes(b'{"title": "Caf\xe9"}')

        code = main(["check", str(path), "--as-of", "2026-11-27"])

        assert 2 == code
        assert "Traceback" not in capsys.readouterr().err

    def test_files_with_a_byte_order_mark(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Files an editor saved with a byte order mark read as without one."""
        marked = tmp_path / "marked"
        marked.mkdir()
        for name in ("agreement.json", "observations.jsonl"):
            text = b"\xef\xbb\xbf" + (IT_VENDOR.parent / name).read_bytes()
            (marked / name).write_bytes(text)
        (tmp_path / "policy.json").write_bytes(b'\xef\xbb\xbf{"min_elapsed": "0.5"}')
        arguments = ["--as-of", "2026-11-27", "--format", "json"]
        outputs = []
        for folder in (IT_VENDOR.parent, marked):
            code = main(
                [
                    "check",
                    str(folder / "agreement.json"),
                    "--observations",
                    str(folder / "observations.jsonl"),
                    "--policy",
                    str(tmp_path / "policy.json"),
                    *arguments,
                ]
            )
            outputs.append((code, capsys.readouterr().out))

        assert (0, outputs[0][1]) == outputs[1]
        # A directory is a portfolio: its files are read alike.
        assert 0 == main(["check", str(marked), *arguments])

    def test_bad_as_of(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A malformed --as-of is a usage error: exit 2."""
        with pytest.raises(SystemExit) as excinfo:
            main(["check", str(IT_VENDOR), "--as-of", "tomorrow"])

        assert 2 == excinfo.value.code
        assert "as-of" in capsys.readouterr().err

    def test_clean_example(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The shipped IT-vendor example has no error finding: exit 0."""
        code = main(["check", str(IT_VENDOR), "--as-of", "2026-11-27"])

        assert 0 == code
        assert "Acme" in capsys.readouterr().out


class TestCheckNamesTheTerms:
    """``check`` names the version and fingerprint of the terms it checked."""

    FINGERPRINT = (
        "sha256:98d90a26b6aea2bd46dcf9235859b3170244004ae657abacc407f1fe09fc375e"
    )

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The JSON report opens with its format and the terms, as the scorecard's does."""
        main(["check", str(IT_VENDOR), "--as-of", "2026-11-27", "--format", "json"])

        document = json.loads(capsys.readouterr().out)

        assert {
            "format": "mutualcommit.report",
            "format_version": 1,
            "agreement": "acme-globex-2026",
            "version": 1,
            "fingerprint": self.FINGERPRINT,
        } == {key: document[key] for key in list(document)[:5]}

    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The first line ends with the version and the fingerprint."""
        main(["check", str(IT_VENDOR), "--as-of", "2026-11-27"])

        first = capsys.readouterr().out.splitlines()[0]

        assert first.endswith(f"; version 1, {self.FINGERPRINT}")


class TestHelp:
    """The help says what the command does, in the catalogue's own terms."""

    def test_check_names_the_whole_catalogue(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``check --help`` names the catalogue's first and last codes."""
        with pytest.raises(SystemExit):
            main(["check", "--help"])

        help_text = " ".join(capsys.readouterr().out.split())
        assert "rule catalogue (MC101-MC700)" in help_text

    def test_check_names_the_rules_each_log_runs(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The observations run MC108, MC304, MC307 and MC308; the fund log MC206-MC211."""
        with pytest.raises(SystemExit):
            main(["check", "--help"])

        help_text = " ".join(capsys.readouterr().out.split())
        assert [True, True] == [
            "the rules that read them (MC108, MC304, MC307, MC308) run" in help_text,
            "the fund rules (MC206, MC207, MC208, MC209, MC210, MC211) run"
            in help_text,
        ]


class TestModule:
    """``python -m mutualcommit`` is the same command line."""

    def test_python_dash_m(self) -> None:
        """The module runs the CLI and returns its exit code."""
        result = subprocess.run(
            [sys.executable, "-m", "mutualcommit", "schema"],
            capture_output=True,
            text=True,
            check=False,
        )

        assert 0 == result.returncode
        assert '"$schema"' in result.stdout


#: A child that sends itself SIGINT as the commands import attrs, then runs
#: the entry point as the ``mutualcommit`` script does.
_INTERRUPTED_AT_START = """
import os, signal, sys

class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == "attrs":
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, Interrupt())
sys.argv = ["mutualcommit", "--version"]
from mutualcommit.cli import console
sys.exit(console())
"""


@pytest.mark.skipif(sys.platform == "win32", reason="sends itself SIGINT")
class TestInterruptedAtStart:
    """Ctrl-C while the commands are still being imported ends as at any other time."""

    def test_ctrl_c_during_imports(self) -> None:
        """One line on standard error and the end by SIGINT, not a traceback.

        The commands import the whole library, a good part of a second;
        the entry point imported them before it caught an interrupt.
        """
        result = subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "-c", _INTERRUPTED_AT_START],
            capture_output=True,
            check=False,
            # Interruptible, whatever this process ignores.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )

        assert (-signal.SIGINT, b"", b"mutualcommit: interrupted\n") == (
            result.returncode,
            result.stdout,
            result.stderr,
        )

    def test_the_entry_point_imports_no_command(self) -> None:
        """Importing ``mutualcommit.cli`` leaves the commands, and the library, for later."""
        code = (
            "import sys, mutualcommit.cli\n"
            "print(sorted(m for m in sys.modules if m.startswith(('mutualcommit.', "
            "'attrs'))))"
        )
        result = subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )

        assert "['mutualcommit.cli']\n" == result.stdout


class TestSchema:
    """``mutualcommit schema`` prints the agreement's schema, or a log line's."""

    @pytest.mark.parametrize(
        ("argv", "document"),
        [
            ([], "agreement"),
            (["--document", "observation"], "observation"),
            (["--document", "fund_event"], "fund_event"),
            (["--document", "portfolio_observation"], "portfolio_observation"),
            (["--document", "portfolio_fund_event"], "portfolio_fund_event"),
        ],
        ids=[
            "default",
            "observation",
            "fund_event",
            "portfolio_observation",
            "portfolio_fund_event",
        ],
    )
    def test_document(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], document: str
    ) -> None:
        """The schema printed is json_schema's of the document asked for."""
        code = main(["schema", *argv])

        assert (0, json_schema(document)) == (  # type: ignore[arg-type]
            code,
            json.loads(capsys.readouterr().out),
        )


class _ClosedPipe:
    """A standard output whose reader has gone away."""

    def write(self, _text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


class _FullDevice:
    """A standard output that cannot take a byte more (``>/dev/full``)."""

    def write(self, _text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def isatty(self) -> bool:
        return False


_NO_SPACE = "cannot write standard output: No space left on device"


class TestOutput:
    """Output that cannot go anywhere ends quietly or names the file."""

    @pytest.mark.parametrize(
        "argv",
        [
            ["check", str(IT_VENDOR), "--as-of", "2026-09-15", "--format", "json"],
            ["schema"],
            ["calendar", str(IT_VENDOR)],
            ["check", str(IT_VENDOR), str(IT_VENDOR), "--format", "json"],
        ],
        ids=["check-json", "schema", "calendar", "portfolio-json"],
    )
    def test_full_device(
        self,
        argv: list[str],
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Standard output that fails: exit 2, one line saying so, no traceback."""
        monkeypatch.setattr(sys, "stdout", _FullDevice())

        code = main(argv)

        assert (2, f"mutualcommit {argv[0]}: {_NO_SPACE}\n") == (
            code,
            capsys.readouterr().err,
        )

    def test_full_device_after_a_failure(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The error document cannot be written either: the failure's message, exit 2."""
        monkeypatch.setattr(sys, "stdout", _FullDevice())

        code = main(["check", "does-not-exist.json", "--format", "json"])

        message = "cannot read does-not-exist.json: No such file or directory"
        assert (2, f"mutualcommit check: {message}\n") == (
            code,
            capsys.readouterr().err,
        )

    @pytest.mark.parametrize("argv", [["--version"], ["--help"], ["check", "--help"]])
    def test_help_and_version_to_a_full_device(
        self,
        argv: list[str],
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """``--version`` and ``--help`` that cannot be written exit 2, as a command does."""
        monkeypatch.setattr(sys, "stdout", _FullDevice())

        with pytest.raises(SystemExit) as exited:
            main(argv)

        assert (2, f"mutualcommit: {_NO_SPACE}\n") == (
            exited.value.code,
            capsys.readouterr().err,
        )

    @pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
    def test_full_device_in_a_process(self) -> None:
        """Through a real ``>/dev/full``: no traceback, exit 2, and so for --version."""
        results = []
        for argv in (
            ["check", str(IT_VENDOR), "--as-of", "2026-09-15", "--format", "json"],
            ["--version"],
        ):
            with Path("/dev/full").open("w", encoding="utf-8") as full:
                result = subprocess.run(  # noqa: S603 - our own interpreter
                    [sys.executable, "-m", "mutualcommit", *argv],
                    stdout=full,
                    stderr=subprocess.PIPE,
                    text=True,
                    check=False,
                )
            results.append((result.returncode, result.stderr))

        assert [
            (2, f"mutualcommit check: {_NO_SPACE}\n"),
            (2, f"mutualcommit: {_NO_SPACE}\n"),
        ] == results

    @pytest.mark.parametrize(
        "argv",
        [
            ["schema"],
            ["check", str(MANUFACTURER), "--as-of", "2026-06-30", *_PAST_DUE],
            [
                "exceptions",
                str(MANUFACTURER),
                "--as-of",
                "2026-06-30",
                "--format",
                "json",
                *_PAST_DUE,
            ],
            ["check", str(MANUFACTURER), str(IT_VENDOR), "--as-of", "2026-06-30"],
            ["--version"],
        ],
        ids=["schema", "check-errors", "exceptions-past-due", "portfolio", "version"],
    )
    def test_broken_pipe_in_process(
        self,
        argv: list[str],
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A reader that went away (``| head``) ends the command with 141, silently.

        Never 0, which says "no error finding": a check with error findings
        (or exceptions past due) read by ``| head`` ended with 0.
        """
        monkeypatch.setattr(sys, "stdout", _ClosedPipe())

        try:
            code = main(argv)
        except SystemExit as exited:  # --version
            code = exited.code  # type: ignore[assignment]

        assert (141, "") == (code, capsys.readouterr().err)

    def test_broken_pipe_in_a_process(self) -> None:
        """The same through a real pipe: exit 141 and nothing on standard error."""
        argv = ["check", str(MANUFACTURER), "--as-of", "2026-06-30", *_PAST_DUE]
        with subprocess.Popen(  # noqa: S603 - our own interpreter
            [sys.executable, "-m", "mutualcommit", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as process:
            assert process.stdout is not None
            process.stdout.close()
            _, err = process.communicate()

        assert (141, b"") == (process.returncode, err)

    @pytest.mark.skipif(sys.platform == "win32", reason="closes a POSIX descriptor")
    def test_standard_output_closed(self) -> None:
        """Started with standard output closed (``>&-``): no traceback, the exit code."""

        def close_stdout() -> None:
            os.close(1)

        results = [
            subprocess.run(  # noqa: S603 - our own interpreter
                [sys.executable, "-m", "mutualcommit", "check", *argv],
                stderr=subprocess.PIPE,
                preexec_fn=close_stdout,
                check=False,
            )
            for argv in (
                [str(IT_VENDOR), "--as-of", "2026-11-27"],
                ["does-not-exist.json", "--format", "json"],
            )
        ]

        assert [(0, b""), (2, True)] == [
            (results[0].returncode, results[0].stderr),
            (results[1].returncode, b"does-not-exist.json" in results[1].stderr),
        ]

    @pytest.mark.skipif(sys.platform == "win32", reason="closes a POSIX descriptor")
    @pytest.mark.parametrize(
        "argv",
        [
            ["-"],
            [str(IT_VENDOR), "--observations", "-"],
            [str(IT_VENDOR.parent), "--observations", "-"],
        ],
        ids=["agreement", "observations", "portfolio-observations"],
    )
    def test_standard_input_closed(self, argv: list[str]) -> None:
        """Standard input asked for, the process started with it closed (``<&-``)."""

        def close_stdin() -> None:
            os.close(0)

        result = subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "-m", "mutualcommit", "check", *argv, "--format", "json"],
            capture_output=True,
            preexec_fn=close_stdin,
            check=False,
        )

        assert (2, b"mutualcommit check: <stdin>: standard input is closed\n") == (
            result.returncode,
            result.stderr,
        )
        assert {
            "command": "check",
            "error": "<stdin>: standard input is closed",
            "file": "-",
            "problems": [],
            "files": [
                {
                    "file": "-",
                    "error": "<stdin>: standard input is closed",
                    "problems": [],
                }
            ],
        } == json.loads(result.stdout)

    def test_write_failure_says_write(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An output in a missing directory: exit 2, 'cannot write' and the file."""
        target = tmp_path / "missing" / "x.html"

        code = main(["render", str(IT_VENDOR), "-o", str(target)])

        err = capsys.readouterr().err
        assert 2 == code
        assert (
            f"mutualcommit render: cannot write {target}: No such file or directory\n"
            == err
        )


_FUNDS = [
    "funds",
    str(IT_VENDOR),
    str(EXAMPLES / "it_vendor" / "fund_events.jsonl"),
    "--as-of",
    "2026-09-15",
    "--format",
    "json",
]


class TestStandardErrorUnwritable:
    """Standard error closed or failing: its messages are dropped, nothing else changes.

    A message went into standard output's JSON instead (Python's
    ``print(file=None)`` when standard error is closed), or its failure
    ended a command whose result was made, with exit 1 and no output.
    """

    @pytest.mark.parametrize("stderr", [None, _FullDevice()], ids=["closed", "full"])
    @pytest.mark.parametrize(
        ("argv", "expected"),
        [
            (["check", "does-not-exist.json", "--format", "json"], 2),
            (_FUNDS, 0),
            (["check", str(IT_VENDOR), "does-not-exist.json", "--format", "json"], 2),
        ],
        ids=["error-document", "funds-note", "portfolio"],
    )
    def test_output_and_exit_code_kept(
        self,
        stderr: object,
        argv: list[str],
        expected: int,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Standard output holds one JSON document, and the exit code is the command's."""
        monkeypatch.setattr(sys, "stderr", stderr)

        code = main(argv)

        out = capsys.readouterr().out
        assert (expected, dict) == (code, type(json.loads(out)))

    @pytest.mark.skipif(sys.platform == "win32", reason="POSIX descriptors")
    @pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
    def test_in_a_process(self) -> None:
        """Through a real ``2>&-`` and ``2>/dev/full``: the exit code and the JSON."""

        def close_stderr() -> None:
            os.close(2)

        missing = ["check", "does-not-exist.json", "--format", "json"]
        closed = subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "-m", "mutualcommit", *missing],
            stdout=subprocess.PIPE,
            preexec_fn=close_stderr,
            check=False,
        )
        with Path("/dev/full").open("w", encoding="utf-8") as full:
            failing = subprocess.run(  # noqa: S603 - our own interpreter
                [sys.executable, "-m", "mutualcommit", *_FUNDS],
                stdout=subprocess.PIPE,
                stderr=full,
                check=False,
            )

        assert (2, "does-not-exist.json") == (
            closed.returncode,
            json.loads(closed.stdout)["file"],
        )
        assert (0, "mutualcommit.funds") == (
            failing.returncode,
            json.loads(failing.stdout)["format"],
        )


def _with_title(title: str) -> bytes:
    """The IT example's document, its title *title*, as UTF-8 bytes."""
    document = json.loads(IT_VENDOR.read_text(encoding="utf-8"))
    document["title"] = title
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _in_locale(encoding: str, *argv: str, stdin: bytes = b"") -> tuple[int, bytes]:
    """Run the command line in a process whose standard streams use *encoding*."""
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "mutualcommit", *argv],
        input=stdin,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": encoding},
        check=False,
    )
    assert b"Traceback" not in result.stderr
    return result.returncode, result.stdout


class TestStandardStreams:
    """Standard input and output are UTF-8, as the files are, whatever the locale."""

    def test_output_the_locale_cannot_encode(self) -> None:
        """Japanese through an ASCII stream (a Windows pipe, say): UTF-8, no traceback."""
        code, out = _in_locale("ascii", "render", str(IT_VENDOR), "--locale", "ja")

        assert 0 == code
        assert "## 当事者" in out.decode("utf-8")

    def test_input_and_output_in_another_encoding(self) -> None:
        """A latin-1 locale neither misreads standard input nor re-encodes the output."""
        title = "Acme et Île-de-France Distribution : 2026"

        code, out = _in_locale(
            "latin-1", "render", "-", "--format", "text", stdin=_with_title(title)
        )

        assert (0, True) == (code, title in out.decode("utf-8"))

    def test_portfolio_observations_on_standard_input(self, tmp_path: Path) -> None:
        """The portfolio's stream read from standard input is UTF-8 too."""
        folder = tmp_path / "book"
        folder.mkdir()
        (folder / "a.json").write_bytes(IT_VENDOR.read_bytes())
        line = {
            "agreement": "acme-globex-2026",
            "metric": "cosell-opps",
            "at": "2026-02-02",
            "value": "1",
            "dims": {"région": "Île-de-France"},
        }
        text = json.dumps(line, ensure_ascii=False) + "\n"
        argv = ["evaluate", str(folder), "--observations", "-", "--format", "json"]
        argv += ["--as-of", "2026-06-30"]
        # A second line in latin-1 bytes, which that locale would have read.
        latin = text.encode("latin-1")
        at = len(text.encode("utf-8")) + latin.index(b"\xe9")

        read = _in_locale("latin-1", *argv, stdin=text.encode("utf-8"))
        refused = _in_locale("latin-1", *argv, stdin=text.encode("utf-8") + latin)

        assert (0, []) == (read[0], json.loads(read[1])["summary"]["failed"])
        # The bad byte's offset in the whole stream, not in its line.
        column = latin.index(b"\xe9") + 1
        message = (
            f"<stdin>: not UTF-8 text: byte 0xE9 at line 2, column {column} "
            f"(byte {at}) {_NOT_UTF8}"
        )
        assert (2, message) == (refused[0], json.loads(refused[1])["error"])

    def test_standard_input_not_utf8(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Bytes that are not UTF-8 on standard input: exit 2, naming <stdin>."""
        stdin = io.TextIOWrapper(
            io.BytesIO(b'{"title": "Caf\xe9"}'), encoding="latin-1"
        )

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "stdin", stdin)
            code = main(["check", "-", "--as-of", "2026-11-27"])

        assert 2 == code
        assert capsys.readouterr().err.startswith(
            "mutualcommit check: <stdin>: not UTF-8 text"
        )

    def test_in_process_the_stream_keeps_its_encoding(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Called in a process of its host, the command gives stdout back as it was."""
        raw = io.BytesIO()
        stdout = io.TextIOWrapper(raw, encoding="latin-1")
        monkeypatch.setattr(sys, "stdout", stdout)
        monkeypatch.setattr(
            sys, "stdin", io.TextIOWrapper(io.BytesIO(_with_title("Île")), "latin-1")
        )

        code = main(["render", "-", "--format", "text"])

        stdout.flush()
        assert (0, "latin-1") == (code, stdout.encoding)
        assert "Île" in raw.getvalue().decode("utf-8")


#: A locale whose encoding is not UTF-8: POSIX, as Python leaves it when
#: told neither to coerce it nor to use its UTF-8 mode.
_LEGACY_LOCALE = {"LC_ALL": "POSIX", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="file names as bytes: Linux"
)
class TestFileNamesNotInTheLocale:
    """A file name the locale cannot decode: printed with escapes, never a traceback.

    Python keeps such a name's bytes as surrogate escapes; standard output,
    made UTF-8 with the strict error handler, could not encode them: a
    traceback and exit 1 (error findings, for a check).
    """

    #: Latin-1 bytes, which no locale here decodes: ö and ß.
    NAME = b"gr\xf6\xdfe.json"

    @staticmethod
    def _run(env: dict[str, str], *argv: str | bytes) -> tuple[int, str]:
        environment = {
            key: value for key, value in os.environ.items() if key != "PYTHONIOENCODING"
        }
        result = subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "-m", "mutualcommit", *argv],
            capture_output=True,
            env={**environment, **env},
            check=False,
        )
        assert b"Traceback" not in result.stderr
        return result.returncode, result.stdout.decode("utf-8")

    @pytest.mark.parametrize("env", [{}, _LEGACY_LOCALE], ids=["utf-8", "posix"])
    def test_error_document(self, env: dict[str, str], tmp_path: Path) -> None:
        """The error document is UTF-8 JSON, the name in it as Python reads it back."""
        path = os.fsencode(tmp_path / "missing") + b"-" + self.NAME

        code, out = self._run(env, "check", path, "--format", "json")

        document = json.loads(out)
        assert (2, os.fsdecode(path)) == (code, document["file"])
        assert "missing-gr\\udcf6\\udcdfe.json" in out
        assert [path, path] == [
            base64.b64decode(entry["file_base64"])
            for entry in (document, *document["files"])
        ]

    @pytest.mark.parametrize("env", [{}, _LEGACY_LOCALE], ids=["utf-8", "posix"])
    def test_portfolio_json(self, env: dict[str, str], tmp_path: Path) -> None:
        """Each file of a portfolio's JSON has its name's bytes too, for any reader.

        The name alone is kept with lone surrogates, which jq and
        JavaScript turn into U+FFFD: the file could not be found again.
        """
        (tmp_path / os.fsdecode(self.NAME)).write_bytes(IT_VENDOR.read_bytes())
        (tmp_path / os.fsdecode(b"bad-" + self.NAME)).write_text("{")
        (tmp_path / "plain.json").write_bytes(IT_VENDOR.read_bytes())

        code, out = self._run(
            env, "check", str(tmp_path), "--as-of", "2026-09-15", "--format", "json"
        )

        document = json.loads(out)
        folder = os.fsencode(tmp_path)
        assert 2 == code
        assert [
            folder + b"/bad-" + self.NAME,
            folder + b"/" + self.NAME,
            None,  # a name that is text has no bytes beside it
        ] == [
            base64.b64decode(entry["file_base64"]) if "file_base64" in entry else None
            for entry in (*document["unreadable"], *document["agreements"])
        ]

    @pytest.mark.parametrize("env", [{}, _LEGACY_LOCALE], ids=["utf-8", "posix"])
    def test_portfolio(self, env: dict[str, str], tmp_path: Path) -> None:
        """A portfolio's line for the file names it with escapes."""
        (tmp_path / os.fsdecode(self.NAME)).write_bytes(IT_VENDOR.read_bytes())

        code, out = self._run(env, "check", str(tmp_path), "--as-of", "2026-09-15")

        assert (0, f"{tmp_path}/gr\\udcf6\\udcdfe.json: acme-globex-2026: ok") == (
            code,
            out.splitlines()[0].split(" (")[0],
        )


class TestMessagesNameTheirFile:
    """Every problem report names the file it is about."""

    def test_agreement(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Problems in an agreement start with the agreement's name."""
        path = tmp_path / "broken.json"
        path.write_text("{}", encoding="utf-8")

        code = main(["check", str(path), "--as-of", "2026-11-27"])

        assert 2 == code
        assert capsys.readouterr().err.startswith(
            f"mutualcommit check: {path}: invalid document"
        )

    def test_policy_did_you_mean(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A misspelt policy key names the policy file and the likely key."""
        policy = tmp_path / "policy.json"
        policy.write_text('{"max_revew_gap_days": 3}', encoding="utf-8")

        code = main(
            ["check", str(IT_VENDOR), "--policy", str(policy), "--as-of", "2026-11-27"]
        )

        err = capsys.readouterr().err
        assert 2 == code
        assert err.startswith(f"mutualcommit check: {policy}: invalid policy")
        assert "(did you mean 'max_review_gap_days'?)" in err

    def test_policy_key_named_twice(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A policy key named twice is named at its path, with the other problems."""
        policy = tmp_path / "policy.json"
        policy.write_text(
            '{"max_review_gap_days": "often",'
            ' "waivers": [{"code": "MC203", "subject": "s", "reason": "r",'
            ' "reason": "r2"}]}',
            encoding="utf-8",
        )

        code = main(
            ["check", str(IT_VENDOR), "--policy", str(policy), "--as-of", "2026-11-27"]
        )

        err = capsys.readouterr().err
        assert 2 == code
        assert '$.max_review_gap_days: expected an integer, got "often"' in err
        assert (
            "$.waivers[0].reason: expected each key once in an object, got this key twice"
            in err
        )

    def test_not_utf8_names_the_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Bytes that are not UTF-8 are reported with the file's name."""
        path = tmp_path / "latin1.json"
        path.write_bytes(b'{"title": "Caf\xe9"}')

        code = main(["check", str(path), "--as-of", "2026-11-27"])

        assert 2 == code
        assert (
            f"mutualcommit check: {path}: not UTF-8 text: byte 0xE9 at line 1, "
            f"column 15 (byte 14) {_NOT_UTF8}\n" == capsys.readouterr().err
        )

    def test_not_utf8_in_a_portfolio(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Among many files, the same words: not Python's codec message."""
        path = tmp_path / "latin1.json"
        path.write_bytes(b'{"title": "Caf\xe9"}')

        code = main(["check", str(tmp_path), "--format", "json"])

        out, err = capsys.readouterr()
        reason = f"not UTF-8 text: byte 0xE9 at line 1, column 15 (byte 14) {_NOT_UTF8}"
        assert (2, f"mutualcommit check: {path}: {reason}\n") == (code, err)
        assert [{"file": str(path), "error": reason, "problems": []}] == json.loads(
            out
        )["unreadable"]


class TestEmptyFileName:
    """An empty name (an unset variable: ``check "$FILE"``) is no file.

    ``Path("")`` is the current directory: ``check ""`` checked every
    agreement under it, and could pass.
    """

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["check", ""], "cannot read '': No such file or directory"),
            (
                ["evaluate", str(IT_VENDOR), "", "--as-of", "2026-09-15"],
                "cannot read '': No such file or directory",
            ),
            (
                ["check", str(IT_VENDOR), "--observations", ""],
                "cannot read '': No such file or directory",
            ),
            (["render", ""], "cannot read '': No such file or directory"),
            (
                ["render", str(IT_VENDOR), "-o", ""],
                "cannot write '': No such file or directory",
            ),
        ],
        ids=["check", "evaluate", "observations", "render", "output"],
    )
    def test_refused(
        self,
        argv: list[str],
        message: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Exit 2, as a file that does not exist, named ``''``; the directory is not read."""
        (tmp_path / "agreement.json").write_bytes(IT_VENDOR.read_bytes())
        monkeypatch.chdir(tmp_path)

        code = main(argv)

        assert (2, f"mutualcommit {argv[0]}: {message}\n") == (
            code,
            capsys.readouterr().err,
        )

    def test_json(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """With ``--format json``, the error document names the empty file."""
        (tmp_path / "agreement.json").write_bytes(IT_VENDOR.read_bytes())
        monkeypatch.chdir(tmp_path)

        code, document, _ = failed_json(capsys, "check", "", "--format", "json")

        assert (2, "cannot read '': No such file or directory", "") == (
            code,
            document["error"],
            document["file"],
        )

    def test_in_a_portfolio(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Among other files, it is an unreadable one, not every file under here."""
        (tmp_path / "agreement.json").write_bytes(IT_VENDOR.read_bytes())
        monkeypatch.chdir(tmp_path)

        code = main(["check", str(IT_VENDOR), "", "--format", "json"])

        out, err = capsys.readouterr()
        document = json.loads(out)
        assert (
            2,
            "mutualcommit check: '': cannot read: No such file or directory\n",
        ) == (
            code,
            err,
        )
        assert ([str(IT_VENDOR)], [""]) == (
            [entry["file"] for entry in document["agreements"]],
            [entry["file"] for entry in document["unreadable"]],
        )


class TestLineEndings:
    """The same bytes read the same from a file, standard input or a portfolio's stream.

    A file was read with Python's universal newlines, standard input and
    the streams as bytes: a log whose lines end with a carriage return
    alone was read from a file and refused from standard input.
    """

    @staticmethod
    def _evaluate(
        source: str,
        data: bytes,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> tuple[int, list[str]]:
        log = tmp_path / "observations.jsonl"
        log.write_bytes(data)
        if source == "stdin":
            stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
            monkeypatch.setattr(sys, "stdin", stdin)
        files = [str(IT_VENDOR.parent)] if source == "portfolio" else [str(IT_VENDOR)]
        name = "-" if source == "stdin" else str(log)
        code = main(["evaluate", *files, name, "--as-of", "2026-09-15"])
        return code, capsys.readouterr().err.splitlines()[1:]

    @pytest.mark.parametrize("source", ["file", "stdin", "portfolio"])
    def test_carriage_return_alone_ends_no_line(
        self,
        source: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Lines ended by CR alone are one line, refused alike, with a hint."""
        data = (IT_VENDOR.parent / "observations.jsonl").read_bytes()

        code, problems = self._evaluate(
            source, data.replace(b"\n", b"\r"), tmp_path, monkeypatch, capsys
        )

        assert (2, 1) == (code, len(problems))
        assert problems[0].startswith("  line 1: invalid JSON at column ")
        assert problems[0].endswith(
            ": Extra data; this line holds carriage returns: a carriage return "
            "alone ends no line, and JSON Lines end each line with a newline"
        )

    @pytest.mark.parametrize("source", ["file", "stdin"])
    def test_crlf_is_read(
        self,
        source: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Lines ended by CRLF are read, from a file as from standard input."""
        data = (IT_VENDOR.parent / "observations.jsonl").read_bytes()

        code, _ = self._evaluate(
            source, data.replace(b"\n", b"\r\n"), tmp_path, monkeypatch, capsys
        )

        assert 0 == code


class TestRenderOptions:
    """``render`` refuses an option the document it writes does not read."""

    def test_observations_with_the_agreement(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--observations`` with ``--what agreement``: exit 2, as ``--fund-events``.

        They were read, checked and then ignored.
        """
        code = main(
            [
                "render",
                str(IT_VENDOR),
                "--observations",
                str(EXAMPLES / "it_vendor" / "observations.jsonl"),
            ]
        )

        message = (
            "--observations is read by --what scorecard, report and exceptions, "
            "not agreement"
        )
        assert (2, "", f"mutualcommit render: {message}\n") == (
            code,
            *capsys.readouterr(),
        )

    def test_every_option_at_once(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Three options the agreement's document does not read: all three said in one run.

        Only the first was, and each of the others took a run of its own.
        """
        code = main(
            [
                "render",
                str(IT_VENDOR),
                "--policy",
                str(tmp_path / "policy.json"),
                "--observations",
                str(EXAMPLES / "it_vendor" / "observations.jsonl"),
                "--fund-events",
                str(EXAMPLES / "it_vendor" / "fund_events.jsonl"),
            ]
        )

        assert (
            2,
            "",
            (
                "mutualcommit render: --observations is read by --what scorecard, "
                "report and exceptions, not agreement\n"
                "--fund-events is read by --what scorecard and report, not agreement\n"
                "--policy is read by --what report, not agreement\n"
            ),
        ) == (code, *capsys.readouterr())

    def test_what_is_missing_with_what_is_not_read(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A scorecard without its observations, and with a policy: both said."""
        code = main(["render", str(IT_VENDOR), "--what", "scorecard", "--policy", "p"])

        assert (
            2,
            (
                "mutualcommit render: --what scorecard needs --observations and --as-of\n"
                "--policy is read by --what report, not scorecard\n"
            ),
        ) == (code, capsys.readouterr().err)


_OBSERVATIONS = str(EXAMPLES / "it_vendor" / "observations.jsonl")


class TestEndOfOptions:
    """``--`` ends the options on every command, after options too.

    A script protects its file names with ``-- "$file"``; once an option
    came before it, ``evaluate`` (and every command, for a ``--`` last)
    gave a usage error.
    """

    @pytest.mark.parametrize(
        "argv",
        [
            ["evaluate", str(IT_VENDOR), "--as-of", "2026-09-15", "--", _OBSERVATIONS],
            ["evaluate", str(IT_VENDOR), _OBSERVATIONS, "--as-of", "2026-09-15", "--"],
            ["check", str(IT_VENDOR), "--as-of", "2026-09-15", "--"],
            ["render", str(IT_VENDOR), "--format", "text", "--"],
            [
                "exceptions",
                # Its exception criteria, worked by then: nothing to say.
                str(EXAMPLES / "manufacturer" / "agreement.json"),
                "--as-of",
                "2026-07-31",
                "--observations",
                str(EXAMPLES / "manufacturer" / "observations.jsonl"),
                "--",
            ],
            ["schema", "--document", "observation", "--"],
        ],
        ids=["evaluate", "evaluate-last", "check", "render", "exceptions", "schema"],
    )
    def test_after_options(
        self, argv: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The command runs as without ``--``."""
        code = main(argv)

        assert (0, "") == (code, capsys.readouterr().err)

    def test_a_name_like_an_option(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """After ``--`` a name that starts with ``-`` is a file."""
        (tmp_path / "-obs.jsonl").write_bytes(Path(_OBSERVATIONS).read_bytes())
        monkeypatch.chdir(tmp_path)
        argv = ["evaluate", str(IT_VENDOR), "--as-of", "2026-09-15", "--format"]

        code = main([*argv, "json", "--", "-obs.jsonl"])

        out = json.loads(capsys.readouterr().out)
        assert (0, "2026-09-15") == (code, out["as_of"])


class TestFilesAfterOptions:
    """``check`` takes its files on either side of its options, as ``evaluate`` does."""

    def test_check_many(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``check a.json --as-of D b.json`` checks both: a portfolio of two."""
        code = main(
            ["check", str(IT_VENDOR), "--as-of", "2026-09-15", str(MANUFACTURER)]
        )

        out = capsys.readouterr().out
        assert code == 0
        assert "summary: 2 agreements checked as of 2026-09-15;" in out

    def test_check_one_after_options(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``check --as-of D a.json`` is the one-agreement check, as before."""
        code = main(["check", "--as-of", "2026-09-15", str(IT_VENDOR)])

        assert (0, "0 errors, 0 warnings, 0 notes") == (
            code,
            capsys.readouterr().out.splitlines()[-1],
        )

    def test_notes_are_notes(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An info finding is a note, as the documents say: under "notes:", counted "1 note", alone and in a portfolio."""
        policy = tmp_path / "policy.json"
        policy.write_text(
            json.dumps(
                {
                    "waivers": [
                        {"code": "MC203", "subject": "nothing", "reason": "Stale"}
                    ]
                }
            ),
            encoding="utf-8",
        )
        main(
            ["check", str(IT_VENDOR), "--as-of", "2026-09-15", "--policy", str(policy)]
        )
        one = capsys.readouterr().out.splitlines()
        main(
            [
                "check",
                str(IT_VENDOR),
                str(MANUFACTURER),
                "--as-of",
                "2026-09-15",
                "--policy",
                str(policy),
            ]
        )
        many = capsys.readouterr().out

        assert ("notes:", "0 errors, 0 warnings, 1 note") == (
            one[-3],
            one[-1],
        )
        assert "(0 errors, 0 warnings, 1 note)" in many
        assert "info" not in "\n".join([*one, many]).replace("MC700", "")


class TestUsageErrors:
    """What argparse cannot place gets the usage and name of the command it came to."""

    @pytest.mark.parametrize(
        ("argv", "unplaced"),
        [
            (["check", str(IT_VENDOR), "--bogus"], "--bogus"),
            (
                ["evaluate", str(IT_VENDOR), _OBSERVATIONS, "--bogus"],
                "--bogus",
            ),
            (["schema", "extra"], "extra"),
            (["schema", "--", "extra"], "extra"),
            (["render", str(IT_VENDOR), "extra"], "extra"),
        ],
        ids=["check", "evaluate", "schema", "schema-end", "render"],
    )
    def test_the_commands(
        self, argv: list[str], unplaced: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """As its other usage errors: its usage, ``mutualcommit COMMAND: error:``."""
        with pytest.raises(SystemExit) as exited:
            main([*argv, "--as-of", "2026-09-15"] if argv[0] == "evaluate" else argv)

        err = capsys.readouterr().err
        assert (2, f"usage: mutualcommit {argv[0]} [-h]") == (
            exited.value.code,
            err[: len(f"usage: mutualcommit {argv[0]} [-h]")],
        )
        assert err.endswith(
            f"mutualcommit {argv[0]}: error: unrecognized arguments: {unplaced}\n"
        )

    def test_before_the_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown option before the command is the program's."""
        with pytest.raises(SystemExit) as exited:
            main(["--bogus", "schema"])

        err = capsys.readouterr().err
        assert (2, "usage: mutualcommit [-h] [--version] COMMAND ...") == (
            exited.value.code,
            err.splitlines()[0],
        )
        assert err.endswith("mutualcommit: error: unrecognized arguments: --bogus\n")


class TestObservationProblems:
    """Observation problems are numbered by line, and repeats collapse."""

    def test_one_numbering(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An unknown metric after a blank line is on line 3, as the file says."""
        log = tmp_path / "log.jsonl"
        log.write_text(
            '{"metric": "cosell-opps", "at": "2026-01-02", "value": "1"}\n'
            "\n"
            '{"metric": "nope", "at": "2026-01-02", "value": "1"}\n',
            encoding="utf-8",
        )

        code = main(["evaluate", str(IT_VENDOR), str(log), "--as-of", "2026-03-01"])

        err = capsys.readouterr().err
        assert 2 == code
        assert f"mutualcommit evaluate: {log}: invalid observations (1 problem):" in err
        assert "\n  line 3: $.metric: unknown metric 'nope'" in err

    @pytest.mark.parametrize(
        "command",
        [
            ["evaluate", str(IT_VENDOR), "{log}"],
            ["check", str(IT_VENDOR), "--observations", "{log}"],
            ["exceptions", str(IT_VENDOR), "--observations", "{log}"],
            [
                "render",
                str(IT_VENDOR),
                "--what",
                "scorecard",
                "--observations",
                "{log}",
            ],
        ],
    )
    def test_every_problem_in_one_run(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
    ) -> None:
        """A line that is no observation, then one of an unknown metric: both listed, by line.

        The unknown metric was listed only once the bad line was mended.
        """
        log = tmp_path / "log.jsonl"
        log.write_text(
            '{"metric": "nope", "at": "2026-01-02", "value": "1"}\n'
            '{"metric": "cosell-opps", "at": "2026-02-30", "value": "1"}\n'
            '{"metric": "cosell-opps", "at": "2026-01-02", "value": "1"}\n'
            '{"metric": "nada", "at": "2026-01-03", "value": "1"}\n',
            encoding="utf-8",
        )
        argv = [str(log) if part == "{log}" else part for part in command]

        code = main([*argv, "--as-of", "2026-03-01"])

        lines = capsys.readouterr().err.splitlines()
        assert 2 == code
        assert (
            f"mutualcommit {command[0]}: {log}: invalid observations (3 problems):"
            == lines[0]
        )
        assert [
            "  line 1: $.metric: unknown metric 'nope'",
            "  line 2: $.at",
            "  line 4: $.metric: unknown metric 'nada'",
        ] == [line.split(" (")[0].split(": expected")[0] for line in lines[1:]]

    def test_repeats_collapse(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """One bad field on 404 lines is one line and a count, not 404 lines."""
        log = tmp_path / "log.jsonl"
        log.write_text(
            '{"metric": "cosell-opps", "at": "nope", "value": "1"}\n' * 404,
            encoding="utf-8",
        )

        code = main(["evaluate", str(IT_VENDOR), str(log), "--as-of", "2026-03-01"])

        lines = capsys.readouterr().err.splitlines()
        assert 2 == code
        assert [
            f"mutualcommit evaluate: {log}: invalid observations (404 problems):",
            "  (and 403 more lines like it: lines 2-404)",
        ] == [lines[0], lines[2]]
        assert lines[1].startswith("  line 1: $.at: expected a date")
        assert 3 == len(lines)


class TestEveryPath:
    """The text output names the path of every problem."""

    def test_a_document_is_not_folded(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A party renamed: each of the 22 references that break is named."""
        text = IT_VENDOR.read_text(encoding="utf-8").replace(
            '"id": "globex",', '"id": "globex-gmbh",', 1
        )
        agreement = tmp_path / "agreement.json"
        agreement.write_text(text, encoding="utf-8")

        code = main(["check", str(agreement), "--as-of", "2026-09-15"])

        lines = capsys.readouterr().err.splitlines()
        assert (2, 23) == (code, len(lines))
        assert [
            f"  $.metrics[{i}].reported_by: no party with id 'globex'"
            " (did you mean 'globex-gmbh'?)"
            for i in range(3)
        ] == lines[1:4]
        assert "like it" not in "\n".join(lines)

    def test_a_log_lists_the_lines_of_a_repeat(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A repeat on scattered lines is folded with each line it is on."""
        bad = '{"metric": "cosell-opps", "at": "nope", "value": "1"}\n'
        good = '{"metric": "cosell-opps", "at": "2026-01-05", "value": "1"}\n'
        log = tmp_path / "log.jsonl"
        log.write_text(bad * 3 + good + bad + good + bad * 2, encoding="utf-8")

        code = main(["evaluate", str(IT_VENDOR), str(log), "--as-of", "2026-03-01"])

        lines = capsys.readouterr().err.splitlines()
        assert (2, 3) == (code, len(lines))
        assert "  (and 5 more lines like it: lines 2-3, 5, 7-8)" == lines[2]


class TestVersion:
    """``mutualcommit --version`` and ``mutualcommit.__version__`` say the installed version."""

    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--version prints the program and the package metadata's version, and exits 0."""
        import mutualcommit

        with pytest.raises(SystemExit) as exited:
            main(["--version"])

        assert (0, f"mutualcommit {metadata.version('mutualcommit')}\n") == (
            exited.value.code,
            capsys.readouterr().out,
        )
        assert metadata.version("mutualcommit") == mutualcommit.__version__


def failed_json(
    capsys: pytest.CaptureFixture[str], *argv: str
) -> tuple[int, dict[str, object], str]:
    """Run a command that fails; return its code, its JSON output and its error text."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, json.loads(out), err


class TestJsonErrors:
    """With ``--format json`` a failure is a JSON document on standard output too."""

    def test_invalid_agreement(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file that is not an agreement: its name, the message and each problem."""
        path = tmp_path / "broken.json"
        path.write_text('{"format": "mutualcommit.agreement",', encoding="utf-8")

        code, document, err = failed_json(
            capsys, "check", str(path), "--as-of", "2026-11-27", "--format", "json"
        )

        problem = (
            "invalid JSON at line 1, column 37: "
            "Expecting property name enclosed in double quotes; the text ends "
            "here, before its objects and arrays are closed: is the file cut short?"
        )
        message = f"{path}: invalid document (1 problem):\n  $: {problem}"
        assert 2 == code
        assert {
            "command": "check",
            "error": message,
            "file": str(path),
            "problems": [["$", problem]],
            "files": [
                {"file": str(path), "error": message, "problems": [["$", problem]]}
            ],
        } == document
        assert f"mutualcommit check: {message}\n" == err

    def test_observations_name_lines(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A log's problems name the line each record is on, as standard error does."""
        log = tmp_path / "observations.jsonl"
        log.write_text(
            '{"metric": "cosell-opps", "at": "2026-02-01", "value": "1"}\n'
            "\n"
            '{"metric": "cosell-opps", "at": "2026-02-08", "value": "x"}\n',
            encoding="utf-8",
        )

        code, document, _ = failed_json(
            capsys,
            "evaluate",
            str(IT_VENDOR),
            str(log),
            "--as-of",
            "2026-03-01",
            "--format",
            "json",
        )

        assert (2, "evaluate", str(log)) == (
            code,
            document["command"],
            document["file"],
        )
        assert [
            ["line 3: $.value", 'expected a decimal string or a number, got "x"']
        ] == document["problems"]

    def test_missing_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that cannot be read is named, with no problems to list."""
        code, document, _ = failed_json(
            capsys, "check", "does-not-exist.json", "--format", "json"
        )

        assert 2 == code
        assert {
            "command": "check",
            "error": "cannot read does-not-exist.json: No such file or directory",
            "file": "does-not-exist.json",
            "problems": [],
            "files": [
                {
                    "file": "does-not-exist.json",
                    "error": (
                        "cannot read does-not-exist.json: No such file or directory"
                    ),
                    "problems": [],
                }
            ],
        } == document

    def test_not_utf8(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that is not UTF-8 text is named."""
        path = tmp_path / "latin1.json"
        path.write_bytes(b'{"title": "Caf\xe9"}')

        code, document, _ = failed_json(
            capsys, "check", str(path), "--as-of", "2026-11-27", "--format", "json"
        )

        assert (2, str(path), []) == (code, document["file"], document["problems"])
        assert str(document["error"]).startswith(f"{path}: not UTF-8 text")

    def test_command_that_cannot_run(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A command asked for what it cannot do names no file."""
        code, document, _ = failed_json(
            capsys,
            "exceptions",
            "-",
            "--observations",
            "-",
            "--as-of",
            "2026-03-01",
            "--format",
            "json",
        )

        assert 2 == code
        assert {
            "command": "exceptions",
            "error": "FILE and --observations cannot both be standard input",
            "file": None,
            "problems": [],
            "files": [],
        } == document

    def test_funds(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Every command with ``--format json`` does it: funds with a broken log."""
        log = tmp_path / "funds.jsonl"
        log.write_text("{\n", encoding="utf-8")

        code, document, _ = failed_json(
            capsys,
            "funds",
            str(IT_VENDOR),
            str(log),
            "--as-of",
            "2026-03-01",
            "--format",
            "json",
        )

        assert (2, "funds", str(log)) == (
            code,
            document["command"],
            document["file"],
        )
        assert 1 == len(document["problems"])  # type: ignore[arg-type]

    def test_portfolio_before_it_writes(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A portfolio run whose observations cannot be read prints one error document."""
        code, document, _ = failed_json(
            capsys,
            "check",
            str(IT_VENDOR),
            str(IT_VENDOR),
            "--observations",
            str(tmp_path / "missing.jsonl"),
            "--format",
            "json",
        )

        assert (2, "check", str(tmp_path / "missing.jsonl")) == (
            code,
            document["command"],
            document["file"],
        )

    def test_not_after_the_run_began_writing(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A failure after a portfolio began its document adds no second document."""

        def failing(results: Iterable[object]) -> None:
            next(iter(results))
            raise FormatError([("$", "gone")])

        monkeypatch.setattr(_portfolio, "_summarize", failing)

        code = main(
            [
                "check",
                str(IT_VENDOR),
                str(IT_VENDOR),
                "--as-of",
                "2026-11-27",
                "--format",
                "json",
            ]
        )

        out, err = capsys.readouterr()
        assert 2 == code
        assert out.startswith('{"command": "check"')
        assert '"problems"' not in out
        assert "mutualcommit check: invalid document (1 problem):\n  $: gone\n" == err

    def test_reader_gone(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A reader that went away misses the document; the failure still exits 2."""
        monkeypatch.setattr(sys, "stdout", _ClosedPipe())

        code = main(["check", "does-not-exist.json", "--format", "json"])

        assert 2 == code
        assert (
            "mutualcommit check: cannot read does-not-exist.json: "
            "No such file or directory\n"
        ) == capsys.readouterr().err

    def test_problems_of_an_error_about_no_file(self) -> None:
        """An error that names no file still lists its problems."""
        error = FormatError([("$.goals[0]", "bad"), ("[2]", "worse")])

        document = error_document("check", str(error), error)

        assert {
            "command": "check",
            "error": str(error),
            "file": None,
            "problems": [["$.goals[0]", "bad"], ["[2]", "worse"]],
            "files": [],
        } == document

    def test_text_format_prints_nothing(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without ``--format json`` standard output stays empty, as before."""
        code = main(["check", "does-not-exist.json"])

        assert (2, "") == (code, capsys.readouterr().out)


class TestOneStandardInput:
    """Two inputs on standard input: exit 2 naming both, before anything is read.

    The first input read would take all of standard input and leave the
    next an empty stream: an empty fund log, which a check reads as nothing
    to find, or an empty observation log, which it reads as nothing done.
    """

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (
                ["check", "-", "--observations", "-"],
                "FILE and --observations cannot both be standard input",
            ),
            (
                ["check", "-", "--fund-events", "-", "--policy", "-"],
                "FILE, --fund-events and --policy cannot all be standard input",
            ),
            (
                [
                    "check",
                    str(IT_VENDOR),
                    str(IT_VENDOR),
                    "--observations",
                    "-",
                    "--fund-events",
                    "-",
                ],
                "--observations and --fund-events cannot both be standard input",
            ),
            (
                [
                    "evaluate",
                    "-",
                    str(EXAMPLES / "it_vendor" / "observations.jsonl"),
                    "--fund-events",
                    "-",
                ],
                "FILE and --fund-events cannot both be standard input",
            ),
            (
                ["evaluate", str(IT_VENDOR), "-", "--fund-events", "-"],
                "OBSERVATIONS and --fund-events cannot both be standard input",
            ),
            (
                ["funds", "-", "-"],
                "FILE and EVENTS cannot both be standard input",
            ),
        ],
        ids=[
            "check",
            "check-three",
            "check-many",
            "evaluate",
            "evaluate-logs",
            "funds",
        ],
    )
    def test_refused(
        self,
        argv: list[str],
        message: str,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """The command names the inputs and reads none of them."""
        monkeypatch.setattr(sys, "stdin", io.StringIO(IT_VENDOR.read_text()))

        code = main([*argv, "--as-of", "2026-12-20"])

        captured = capsys.readouterr()
        assert (2, "", f"mutualcommit {argv[0]}: {message}\n") == (
            code,
            captured.out,
            captured.err,
        )
        assert 0 == sys.stdin.tell()


class TestOutputOverInput:
    """An ``-o`` file that is one of the inputs is refused, and the input kept."""

    @pytest.mark.parametrize("command", ["render", "calendar"])
    def test_same_name(
        self, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``render a.json -o ./a.json`` exits 2, says why, and leaves a.json as it was."""
        path = tmp_path / "agreement.json"
        original = IT_VENDOR.read_bytes()
        path.write_bytes(original)

        code = main([command, str(path), "-o", str(tmp_path / "." / "agreement.json")])

        err = capsys.readouterr().err
        assert 2 == code
        assert (
            f"mutualcommit {command}: -o {tmp_path / '.' / 'agreement.json'} is FILE, "
            "which it would replace: write the output to another file\n"
        ) == err
        assert original == path.read_bytes()

    def test_a_link_to_an_input(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A hard link to the policy is the policy: refused, and named as such."""
        agreement = tmp_path / "agreement.json"
        agreement.write_bytes(IT_VENDOR.read_bytes())
        policy = tmp_path / "policy.json"
        policy.write_text('{"format": "mutualcommit.policy"}', encoding="utf-8")
        link = tmp_path / "out.md"
        os.link(policy, link)

        code = main(
            [
                "render",
                str(agreement),
                "--what",
                "report",
                "--as-of",
                "2026-09-15",
                "--policy",
                str(policy),
                "-o",
                str(link),
            ]
        )

        assert 2 == code
        assert "is --policy, which it would replace" in capsys.readouterr().err
        assert '{"format": "mutualcommit.policy"}' == policy.read_text(encoding="utf-8")

    def test_another_file_is_written(self, tmp_path: Path) -> None:
        """An output beside the input, not the input, is written as before."""
        out = tmp_path / "agreement.md"

        assert 0 == main(["render", str(IT_VENDOR), "-o", str(out)])
        assert out.read_text(encoding="utf-8").startswith("#")


_LOOP = "Too many levels of symbolic links"
_IT_LOGS = EXAMPLES / "it_vendor"


def _limit_file_size() -> None:
    """Let this process write no file longer than 4 KiB (``ulimit -f 4``)."""
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


class TestOutputWrittenWhole:
    """``-o`` leaves the file whole: the new document, or the old one."""

    @pytest.mark.skipif(sys.platform == "win32", reason="POSIX file size limit")
    @pytest.mark.parametrize("command", ["render", "calendar", "funds"])
    def test_a_write_that_fails_part_way(self, command: str, tmp_path: Path) -> None:
        """A size limit met part way: exit 2, the old file as it was, nothing left beside it.

        The file was emptied first, then written: a full disk or a quota
        left the first 4 KiB of a report where the good one had been.
        """
        output = tmp_path / "report.out"
        old = b"the report of last week\n"
        output.write_bytes(old)
        # An agreement whose calendar and documents are well over 4 KiB.
        agreement = tmp_path / "agreement.json"
        agreement.write_text(
            IT_VENDOR.read_text(encoding="utf-8").replace(
                '"end": "2026-12-31"', '"end": "2099-12-31"', 1
            ),
            encoding="utf-8",
        )
        argv = {
            "render": ["render", str(agreement), "--format", "html"],
            "calendar": ["calendar", str(agreement)],
            "funds": [
                "funds",
                str(agreement),
                str(_IT_LOGS / "fund_events.jsonl"),
                "--observations",
                str(_IT_LOGS / "observations.jsonl"),
                "--as-of",
                "2026-09-15",
                "--format",
                "html",
            ],
        }[command]

        result = subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "-m", "mutualcommit", *argv, "-o", str(output)],
            capture_output=True,
            check=False,
            preexec_fn=_limit_file_size,
        )

        assert (
            2,
            f"mutualcommit {command}: cannot write {output}: File too large\n".encode(),
        ) == (result.returncode, result.stderr)
        assert old == output.read_bytes()
        assert ["agreement.json", "report.out"] == sorted(
            entry.name for entry in tmp_path.iterdir()
        )

    def test_a_failure_leaves_nothing_beside_it(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A failure to put the new file in place: the old one kept, the temporary one gone."""
        output = tmp_path / "agreement.md"
        output.write_text("kept\n", encoding="utf-8")

        def full(*_: object) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, "fsync", full)

        code = main(["render", str(IT_VENDOR), "-o", str(output)])

        assert (
            2,
            f"mutualcommit render: cannot write {output}: {os.strerror(errno.ENOSPC)}\n",
        ) == (
            code,
            capsys.readouterr().err,
        )
        assert ("kept\n", [output]) == (
            output.read_text(encoding="utf-8"),
            list(tmp_path.iterdir()),
        )

    @pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and links")
    def test_permissions_and_links_kept(self, tmp_path: Path) -> None:
        """The file keeps its permissions; a link keeps linking, its file written."""
        report = tmp_path / "report.md"
        report.write_text("old\n", encoding="utf-8")
        report.chmod(0o640)
        link = tmp_path / "latest.md"
        link.symlink_to(report.name)

        assert 0 == main(["render", str(IT_VENDOR), "-o", str(link)])
        assert (True, report.name, 0o640) == (
            link.is_symlink(),
            str(link.readlink()),
            report.stat().st_mode & 0o777,
        )
        assert report.read_text(encoding="utf-8").startswith("# Acme Software")

    def test_a_new_file_has_a_new_files_permissions(self, tmp_path: Path) -> None:
        """A new file's permissions are those ``open`` gives one, not a temporary file's 0600."""
        probe = tmp_path / "probe"
        probe.write_bytes(b"")
        output = tmp_path / "agreement.md"

        assert 0 == main(["render", str(IT_VENDOR), "-o", str(output)])
        assert probe.stat().st_mode == output.stat().st_mode

    def test_a_file_that_may_not_be_written(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A file its permissions keep from being written is refused, not replaced."""
        output = tmp_path / "agreement.md"
        output.write_text("read-only\n", encoding="utf-8")
        access = os.access
        monkeypatch.setattr(
            os,
            "access",
            lambda path, mode: (
                False
                if Path(path) == output and mode == os.W_OK
                else access(path, mode)
            ),
        )

        code = main(["render", str(IT_VENDOR), "-o", str(output)])

        assert (
            2,
            f"mutualcommit render: cannot write {output}: {os.strerror(errno.EACCES)}\n",
        ) == (
            code,
            capsys.readouterr().err,
        )
        assert "read-only\n" == output.read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX symbolic links")
class TestSymlinkLoop:
    """A link that loops, wherever a path is taken: one line, exit 2, as any unreadable file.

    On Python 3.11 and 3.12, resolving the link to compare it with the
    other inputs raised a `RuntimeError`: a traceback and exit 1, which
    for ``check`` means error findings.
    """

    @pytest.fixture
    def loop(self, tmp_path: Path) -> Path:
        """``loop1.json`` → ``loop2.json`` → ``loop1.json``."""
        (tmp_path / "loop1.json").symlink_to("loop2.json")
        (tmp_path / "loop2.json").symlink_to("loop1.json")
        return tmp_path / "loop1.json"

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["render", str(IT_VENDOR), "-o", "{loop}"], "cannot write {loop}"),
            (["calendar", str(IT_VENDOR), "-o", "{loop}"], "cannot write {loop}"),
            (
                [
                    "funds",
                    str(IT_VENDOR),
                    str(_IT_LOGS / "fund_events.jsonl"),
                    "--observations",
                    str(_IT_LOGS / "observations.jsonl"),
                    "--as-of",
                    "2026-09-15",
                    "-o",
                    "{loop}",
                ],
                "cannot write {loop}",
            ),
            (
                ["evaluate", str(IT_VENDOR), "{loop}", "--as-of", "2026-09-15"],
                "cannot read {loop}",
            ),
            (
                [
                    "check",
                    "{loop}",
                    "--observations",
                    str(_IT_LOGS / "observations.jsonl"),
                ],
                "cannot read {loop}",
            ),
        ],
        ids=["render -o", "calendar -o", "funds -o", "evaluate LOG", "check FILE"],
    )
    def test_text(
        self,
        loop: Path,
        argv: list[str],
        message: str,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """The command names the link and why: exit 2, no traceback."""
        command = argv[0]

        code = main([arg.format(loop=loop) for arg in argv])

        assert (
            2,
            f"mutualcommit {command}: {message.format(loop=loop)}: {_LOOP}\n",
        ) == (
            code,
            capsys.readouterr().err,
        )

    def test_json(self, loop: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """With ``--format json`` the failure is an error document naming the link."""
        code, document, _ = failed_json(
            capsys,
            "check",
            str(IT_VENDOR),
            "--observations",
            str(loop),
            "--format",
            "json",
        )

        message = f"cannot read {loop}: {_LOOP}"
        assert 2 == code
        assert {
            "command": "check",
            "error": message,
            "file": str(loop),
            "problems": [],
            "files": [{"file": str(loop), "error": message, "problems": []}],
        } == document


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    """One typo in each of an agreement, a policy, observations and a fund log."""
    agreement = tmp_path / "agreement.json"
    agreement.write_text(
        IT_VENDOR.read_text(encoding="utf-8").replace(
            '"start": "2026-01-01"', '"start": "03/04/2026"', 1
        ),
        encoding="utf-8",
    )
    policy = tmp_path / "policy.json"
    policy.write_text(
        '{"format": "mutualcommit.policy", "severities": {"MC205": "eror"}}',
        encoding="utf-8",
    )
    observations = tmp_path / "observations.jsonl"
    observations.write_text("{\n", encoding="utf-8")
    events = tmp_path / "fund_events.jsonl"
    events.write_text("[]\n", encoding="utf-8")
    return {
        "agreement": agreement,
        "policy": policy,
        "observations": observations,
        "events": events,
    }


class TestEveryInputFile:
    """A command with several input files names the problems of each in one run."""

    def test_check(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A typo in each of four files: one run, exit 2, each file under its name."""
        files = _bad_inputs(tmp_path)

        code = main(
            [
                "check",
                str(files["agreement"]),
                "--policy",
                str(files["policy"]),
                "--observations",
                str(files["observations"]),
                "--fund-events",
                str(files["events"]),
                "--as-of",
                "2026-09-15",
            ]
        )

        err = capsys.readouterr().err
        assert 2 == code
        named = [
            line.removeprefix("mutualcommit check: ").split(": invalid")[0]
            for line in err.splitlines()
            if not line.startswith("  ")
        ]
        assert [str(path) for path in files.values()] == named
        assert '$.start: expected a date YYYY-MM-DD, got "03/04/2026"' in err
        assert '$.severities.MC205: expected one of "error"' in err

    def test_json_lists_every_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The error document's ``files`` has an entry per file at fault, in order."""
        files = _bad_inputs(tmp_path)
        missing = tmp_path / "missing.jsonl"

        code, document, _ = failed_json(
            capsys,
            "evaluate",
            str(files["agreement"]),
            str(missing),
            "--fund-events",
            str(files["events"]),
            "--as-of",
            "2026-09-15",
            "--format",
            "json",
        )

        assert 2 == code
        assert [str(files["agreement"]), str(missing), str(files["events"])] == [
            entry["file"]
            for entry in cast("list[dict[str, object]]", document["files"])
        ]
        assert str(files["agreement"]) == document["file"]
        entries = cast("list[dict[str, object]]", document["files"])
        assert entries[0]["problems"] == document["problems"]
        assert (
            f"cannot read {missing}: No such file or directory" == entries[1]["error"]
        )

    @pytest.mark.parametrize("command", ["exceptions", "funds", "render"])
    def test_other_commands(
        self, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """exceptions, funds and render read every file too."""
        files = _bad_inputs(tmp_path)
        second = {
            "exceptions": ["--observations", str(files["observations"])],
            "funds": [str(files["events"])],
            "render": ["--what", "report", "--policy", str(files["policy"])],
        }[command]

        code = main(
            [command, str(files["agreement"]), *second, "--as-of", "2026-09-15"]
        )

        err = capsys.readouterr().err
        assert 2 == code
        assert str(files["agreement"]) in err
        assert second[-1] in err.split(str(files["agreement"]))[-1]
