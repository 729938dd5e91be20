"""The command line's shared behaviour: exit codes and error reports."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from mutualcommit.cli import main

EXAMPLES = Path(__file__).parents[2] / "examples"
IT_VENDOR = EXAMPLES / "it_vendor" / "agreement.json"


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
