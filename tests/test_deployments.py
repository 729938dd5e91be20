"""Where services run the library: under ``python -OO``, from a zip archive.

Each runs the same script in a fresh interpreter and finds what a plain run
of the installed package prints.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import mutualcommit

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

#: The catalogue's titles, a check, an evaluation and documents of the IT
#: example, and the command line's help: each once per line of output.
SCRIPT = """
import datetime as dt, sys
from pathlib import Path
import mutualcommit as mc
from mutualcommit.rules import RULES
from mutualcommit.cli import main

folder = Path(sys.argv[1])
agreement = mc.loads((folder / "agreement.json").read_bytes())
log = mc.load_observations((folder / "observations.jsonl").read_bytes())
day = dt.date(2026, 9, 15)
for declared in RULES:
    print(declared.code, declared.title)
report = mc.check(agreement, as_of=day, observations=log)
scorecard = mc.evaluate(agreement, log, as_of=day)
print(mc.render(report, locale="de"))
print(mc.render(scorecard, locale="fr", format="text"))
print(mc.render(agreement, locale="ja", format="html", as_of=day))
try:
    main(["check", "--help"])
except SystemExit:
    pass
"""


def _run(code: str, *options: str, path: Path | None = None) -> str:
    """Run *code* in a fresh interpreter, *path* first on its ``sys.path``."""
    environment = dict(os.environ)
    if path is not None:
        environment["PYTHONPATH"] = os.pathsep.join(
            [str(path), *filter(None, [environment.get("PYTHONPATH")])]
        )
    return subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, *options, "-c", code, str(EXAMPLES / "it_vendor")],
        check=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
    ).stdout


@pytest.mark.skipif(sys.flags.optimize > 0, reason="compares with the plain run")
def test_optimized_run_says_the_same() -> None:
    """The rule titles, the documents and the help are those of a plain run."""
    plain = _run(SCRIPT)

    assert (plain, True) == (
        _run(SCRIPT, "-OO"),
        "MC101 A goal has no target: it is vague" in plain,
    )


def test_from_a_zip_archive(tmp_path: Path) -> None:
    """Imported from a zip, the package finds its catalogs and says the same."""
    package = Path(mutualcommit.__file__).parent
    archive = tmp_path / "mutualcommit.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in sorted(package.rglob("*")):
            if file.is_file() and "__pycache__" not in file.parts:
                zipped.write(file, file.relative_to(package.parent).as_posix())
    where = "import mutualcommit; print(mutualcommit.__file__)"

    assert (_run(SCRIPT), f"{archive / 'mutualcommit' / '__init__.py'}\n") == (
        _run(SCRIPT, path=archive),
        _run(where, path=archive),
    )
