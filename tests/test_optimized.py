"""Under ``python -OO`` (no docstrings, no asserts) the library says the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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


def _output(*options: str) -> str:
    return subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, *options, "-c", SCRIPT, str(EXAMPLES / "it_vendor")],
        check=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
    ).stdout


@pytest.mark.skipif(sys.flags.optimize > 0, reason="compares with the plain run")
def test_optimized_run_says_the_same() -> None:
    """The rule titles, the documents and the help are those of a plain run."""
    plain = _output()

    assert (plain, True) == (
        _output("-OO"),
        "MC101 A goal has no target: it is vague" in plain,
    )
