"""Text output shows user text, never acts on it: no escapes, no forged lines.

A hostile string goes into every text field of the agreement, the
observation log, the fund log and the policy (every field the agreement
still loads with, together; each other field alone, for the error it makes),
and through every command's text output and standard error. None of them
may then hold a control character other than the newlines between lines
(a terminal escape, a carriage return, a C1 control), a bidirectional
control, or a line that the text's own line break started.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mutualcommit import loads
from mutualcommit.cli import main
from mutualcommit.errors import MutualCommitError

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "it_vendor"
AS_OF = "2026-09-15"

#: What a line that the user text started begins with.
FORGED = "FORGED"
#: Terminal escapes (CSI, OSC 8 with BEL), line breaks of every kind, C0 and
#: C1 controls, DEL, bidirectional overrides and isolates, a tab.
HOSTILE = (
    "A\x1b[31m\x1b]8;;http://evil\x07B\r\nFORGED\n"
    f"{FORGED}\r{FORGED}\x85{FORGED}\u2028{FORGED}\x0b{FORGED}"
    "\x00\x7f\x9b2J\u202eC\u2066D\x1b[8m\tE"
)
#: Anything that acts on a terminal or reorders what it shows.
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069]"
)


def leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Yield the path of every string in a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))
    elif isinstance(value, str):
        yield path


def value_at(document: Any, path: tuple[Any, ...]) -> Any:
    """Return the value at *path* in *document*."""
    for key in path:
        document = document[key]
    return document


def with_hostile(document: Any, path: tuple[Any, ...]) -> Any:
    """Return a copy of *document* with *path*'s string followed by `HOSTILE`."""
    copy = json.loads(json.dumps(document))
    *parents, last = path
    node = copy
    for key in parents:
        node = node[key]
    node[last] += HOSTILE
    return copy


def loads_with(document: Any) -> bool:
    """Say whether *document* is still a valid agreement."""
    try:
        loads(json.dumps(document))
    except MutualCommitError:
        return False
    return True


AGREEMENT = json.loads((EXAMPLE / "agreement.json").read_text(encoding="utf-8"))
PATHS = list(leaves(AGREEMENT))
#: The fields that take any text: the example with all of them hostile.
TEXT_FIELDS = [path for path in PATHS if loads_with(with_hostile(AGREEMENT, path))]
#: The fields whose hostile value makes the agreement invalid.
CHECKED_FIELDS = [path for path in PATHS if path not in TEXT_FIELDS]


def hostile_agreement() -> Any:
    """The example agreement with `HOSTILE` after every text it takes."""
    document = AGREEMENT
    for path in TEXT_FIELDS:
        candidate = with_hostile(document, path)
        if loads_with(candidate):
            document = candidate
    return document


def hostile_log(name: str, keys: set[str]) -> str:
    """The example's log named *name*, `HOSTILE` after each value of *keys*."""
    out = []
    for line in (EXAMPLE / name).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for key in keys & set(record):
            if isinstance(record[key], list):
                record[key] = [item + HOSTILE for item in record[key]]
            else:
                record[key] += HOSTILE
        if "dims" in record:
            record["dims"] = {k: v + HOSTILE for k, v in record["dims"].items()}
        out.append(json.dumps(record))
    return "\n".join(out) + "\n"


POLICY = {
    "format": "mutualcommit.policy",
    "format_version": 1,
    "waivers": [
        {"code": "MC203", "subject": f"x:{HOSTILE}", "reason": HOSTILE},
        {"code": "MC402", "subject": "signature:acme", "reason": HOSTILE},
    ],
}


def assert_safe(text: str) -> None:
    """No control but the newline, no bidi control, no line the user text began."""
    assert [] == UNSAFE.findall(text)
    assert [] == [line for line in text.split("\n") if line.lstrip().startswith(FORGED)]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The hostile agreement, logs and policy, and a portfolio of two."""
    root = tmp_path_factory.mktemp("hostile")
    agreement = hostile_agreement()
    written = {
        "agreement.json": json.dumps(agreement),
        "observations.jsonl": hostile_log("observations.jsonl", {"ref"}),
        "fund_events.jsonl": hostile_log(
            "fund_events.jsonl", {"ref", "request", "activity", "proof", "reason"}
        ),
        "policy.json": json.dumps(POLICY),
    }
    for name, text in written.items():
        (root / name).write_text(text, encoding="utf-8")
    portfolio = root / "portfolio"
    portfolio.mkdir()
    (portfolio / "a.json").write_text(json.dumps(agreement), encoding="utf-8")
    other = json.loads(json.dumps(agreement))
    other["id"] = "other"
    # A name is user text too, in a shared folder.
    name = "b\x1b[31m\nFORGED\u202e.json"
    (portfolio / name).write_text(json.dumps(other), encoding="utf-8")
    stream = [
        json.dumps({"agreement": key, **json.loads(line)})
        for key in (agreement["id"], "other")
        for line in written["observations.jsonl"].splitlines()
    ]
    (root / "stream.jsonl").write_text("\n".join(stream) + "\n", encoding="utf-8")
    paths = {name.split(".")[0]: str(root / name) for name in written}
    paths["portfolio"] = str(portfolio)
    paths["stream"] = str(root / "stream.jsonl")
    return paths


def commands(files: dict[str, str]) -> list[list[str]]:
    """Every command that writes text, on the hostile files."""
    agreement, observations = files["agreement"], files["observations"]
    events, policy = files["fund_events"], files["policy"]
    portfolio = files["portfolio"]
    return [
        ["check", agreement],
        ["check", agreement, "--observations", observations],
        ["check", agreement, "--fund-events", events, "--policy", policy],
        ["check", portfolio],
        ["check", portfolio, "--policy", policy],
        ["evaluate", agreement, observations, "--fund-events", events],
        ["evaluate", portfolio, "--observations", files["stream"]],
        ["exceptions", agreement, "--observations", observations],
        ["funds", agreement, events, "--observations", observations],
    ]


class TestTextOutput:
    """Every command's text output and messages show user text inert."""

    def test_every_text_field_takes_the_string(self) -> None:
        """The fields of free text are many, and all take it at once."""
        assert len(TEXT_FIELDS) > 50
        assert loads_with(hostile_agreement())

    @pytest.mark.parametrize("index", range(9))
    def test_commands(
        self, files: dict[str, str], index: int, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The command's text output and standard error are inert."""
        argv = commands(files)[index]

        code = main([*argv, "--as-of", AS_OF])

        out, err = capsys.readouterr()
        assert code in {0, 1}, err
        assert "\ufffd" in out
        assert_safe(out)
        assert_safe(err)

    def test_json_keeps_the_text(
        self, files: dict[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """JSON output escapes by itself: the text comes back exact."""
        main(["check", files["agreement"], "--as-of", AS_OF, "--format", "json"])

        document = json.loads(capsys.readouterr().out)
        texts = [value_at(document, path) for path in leaves(document)]
        assert any(HOSTILE in text for text in texts)


class TestMessages:
    """An invalid value quoted on standard error is inert too."""

    @pytest.mark.parametrize("path", CHECKED_FIELDS, ids=str)
    def test_invalid_field(
        self,
        path: tuple[Any, ...],
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """The message that names the field's bad value shows it inert."""
        file = tmp_path / "agreement.json"
        file.write_text(json.dumps(with_hostile(AGREEMENT, path)), encoding="utf-8")

        code = main(["check", str(file), "--as-of", AS_OF])

        out, err = capsys.readouterr()
        assert (2, "") == (code, out)
        assert_safe(err)

    def test_invalid_in_a_portfolio(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A portfolio's unreadable file is named with its inert problems."""
        bad = with_hostile(AGREEMENT, ("currency",))
        (tmp_path / "a.json").write_text(json.dumps(bad), encoding="utf-8")
        (tmp_path / "b.json").write_text(json.dumps(AGREEMENT), encoding="utf-8")

        main(["check", str(tmp_path), "--as-of", AS_OF])

        out, err = capsys.readouterr()
        assert "currency" in err
        assert_safe(out)
        assert_safe(err)
