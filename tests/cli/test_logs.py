"""What the command line says of a log it cannot read or judge.

One heading per log, whatever is wrong with it; a record's problem at its
field; nothing reported that mending an unreadable line would take back;
a compressed file named as such; a log where an agreement is named said so.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from mutualcommit.cli import main

EXAMPLES = Path(__file__).parents[2] / "examples"
IT_VENDOR = EXAMPLES / "it_vendor"
MANUFACTURER = str(EXAMPLES / "manufacturer" / "agreement.json")
AGREEMENT = str(IT_VENDOR / "agreement.json")
OBSERVATIONS = str(IT_VENDOR / "observations.jsonl")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line; return its exit code, standard output and error."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _order(ref: str, order: str, day: str = "2026-05-04") -> str:
    """A line of the manufacturer's log: an order of 10 units, due 2026-05-10."""
    return json.dumps(
        {
            "metric": "units-ordered",
            "at": day,
            "value": "10",
            "ref": ref,
            "dims": {"order": order, "due": "2026-05-10", "item": "BX-100"},
        }
    )


#: A retraction of ref A-1 with a misspelt key: the line that cannot be read.
RETRACTION = (
    '{"metric": "units-ordered", "at": "2026-05-05", "value": null, "ref": "A-1", '
    '"extra": 1}'
)
#: What line 2, the retraction, is told.
EXTRA = '  line 2: $.extra: expected one of the keys metric, at, value, ref, dims; got "extra"'


def _log(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "log.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return str(path)


def _evaluate(capsys: pytest.CaptureFixture[str], log: str) -> tuple[int, list[str]]:
    code, _, err = run(capsys, "evaluate", MANUFACTURER, log, "--as-of", "2026-06-30")
    return code, err.splitlines()


class TestAnUnreadableLine:
    """The readable lines are judged as a whole only where the unreadable one cannot matter."""

    def test_a_retraction_that_cannot_be_read(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Line 2 retracts order PO-1's ref A-1: line 3, placing PO-1 again, is not called a second order.

        Mended, line 2 retracts A-1, and the log evaluates: the problem
        was never line 3's.
        """
        log = _log(tmp_path, _order("A-1", "PO-1"), RETRACTION, _order("B-1", "PO-1"))

        code, lines = _evaluate(capsys, log)

        assert (
            2,
            [f"mutualcommit evaluate: {log}: invalid observations (1 problem):", EXTRA],
        ) == (code, lines)
        mended = _log(
            tmp_path,
            _order("A-1", "PO-1"),
            RETRACTION.replace(', "extra": 1', ""),
            _order("B-1", "PO-1"),
        )
        assert 0 == _evaluate(capsys, mended)[0]

    def test_a_second_order_the_line_cannot_change(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """PO-2 placed twice by refs no unreadable line names: still reported, at line 4."""
        log = _log(
            tmp_path,
            _order("A-1", "PO-1"),
            RETRACTION,
            _order("C-1", "PO-2"),
            _order("D-1", "PO-2"),
        )

        code, lines = _evaluate(capsys, log)

        assert 2 == code
        assert [EXTRA, "  line 4: order 'PO-2' is already placed"] == [
            lines[1],
            lines[2].split(" by an earlier")[0],
        ]

    def test_the_first_placement_that_stands(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A-1 may be retracted; C-1 and D-1 cannot: D-1 is a second order, of C-1's."""
        log = _log(
            tmp_path,
            _order("A-1", "PO-1", "2026-05-01"),
            RETRACTION,
            _order("C-1", "PO-1", "2026-05-02"),
            _order("D-1", "PO-1", "2026-05-03"),
        )

        code, lines = _evaluate(capsys, log)

        assert (2, 3) == (code, len(lines))
        assert lines[2].startswith(
            "  line 4: order 'PO-1' is already placed by an earlier record (of "
            "2026-05-02, ref 'C-1')"
        )

    @pytest.mark.parametrize(
        "unreadable",
        [
            '{"metric": "units-ordered", "at": "2026-05-05", "value": null}',
            '{"metric": "units-ordered", "at": "2026-05-05", "value": "1", "ref": 7}',
            '{"metric": "units-ordered", "at": "05/05/2026", "value": "1"}',
            "not JSON",
            '{"metric": "Units Ordered", "at": "2026-05-05", "value": null, "ref": "A-1"}',
        ],
        ids=[
            "no ref",
            "a ref that is no text",
            "no ref, a bad day",
            "no JSON",
            "no metric",
        ],
    )
    def test_a_line_that_tells_no_ref(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], unreadable: str
    ) -> None:
        """A line whose ref (or metric) cannot be told may correct any order: none is called placed twice.

        What a record is on its own is still judged: line 5's unknown
        metric, at its metric.
        """
        log = _log(
            tmp_path,
            _order("C-1", "PO-2"),
            unreadable,
            _order("D-1", "PO-2"),
            "",
            '{"metric": "units", "at": "2026-05-05", "value": "1"}',
        )

        code, lines = _evaluate(capsys, log)

        assert (2, {"line 2", "line 5"}) == (
            code,
            {line.strip().split(":")[0] for line in lines[1:]},
        )
        assert lines[-1].startswith("  line 5: $.metric: unknown metric 'units'")

    def test_every_line_readable(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without an unreadable line, the second order of PO-1 is the log's problem, as ever."""
        log = _log(tmp_path, _order("A-1", "PO-1"), _order("B-1", "PO-1"))

        code, lines = _evaluate(capsys, log)

        assert 2 == code
        assert (
            lines[0]
            == f"mutualcommit evaluate: {log}: invalid observations (1 problem):"
        )
        assert lines[1].startswith("  line 2: order 'PO-1' is already placed")


class TestHeadings:
    """A log's problems come under its own heading, whatever else is wrong with it."""

    def test_observations_with_a_bad_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A bad day and an unknown metric: "invalid observations", the metric at $.metric."""
        log = _log(
            tmp_path,
            '{"metric": "cosell-opps", "at": "bad", "value": "1"}',
            '{"metric": "nope", "at": "2026-03-01", "value": "1"}',
        )

        code, _, err = run(capsys, "evaluate", AGREEMENT, log, "--as-of", "2026-09-15")

        assert 2 == code
        assert [
            f"mutualcommit evaluate: {log}: invalid observations (2 problems):",
            '  line 1: $.at: expected a date YYYY-MM-DD, got "bad"',
            "  line 2: $.metric: unknown metric 'nope'",
        ] == [
            err.splitlines()[0],
            err.splitlines()[1],
            err.splitlines()[2].split(" (")[0],
        ]

    def test_observations_without_an_agreement(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The agreement cannot be read either: the log's heading is still its own."""
        log = _log(tmp_path, "{")
        broken = tmp_path / "agreement.json"
        broken.write_text("{", encoding="utf-8")

        code, _, err = run(
            capsys, "evaluate", str(broken), log, "--as-of", "2026-09-15"
        )

        assert 2 == code
        assert f"{broken}: invalid document (1 problem):" in err
        assert f"{log}: invalid observations (1 problem):" in err

    def test_a_fund_log_with_a_bad_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A fund log's line that is not JSON: "invalid fund log", as its other problems are."""
        events = _log(tmp_path, "{")

        code, _, err = run(
            capsys,
            "evaluate",
            AGREEMENT,
            OBSERVATIONS,
            "--fund-events",
            events,
            "--as-of",
            "2026-09-15",
        )

        assert 2 == code
        assert err.startswith(
            f"mutualcommit evaluate: {events}: invalid fund log (1 problem):\n  line 1: "
        )

    def test_a_portfolios_stream(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A portfolio's observation stream with a bad line: "invalid observations", in text and JSON."""
        stream = _log(
            tmp_path, '{"agreement": "x", "metric": "m", "at": "bad", "value": "1"}'
        )

        code, out, err = run(
            capsys,
            "check",
            AGREEMENT,
            AGREEMENT,
            "--observations",
            stream,
            "--format",
            "json",
        )

        assert 2 == code
        assert err.startswith(
            f"mutualcommit check: {stream}: invalid observations (1 problem):"
        )
        assert json.loads(out)["error"].startswith(f"{stream}: invalid observations")


def _gzip(tmp_path: Path) -> Path:
    path = tmp_path / "observations.jsonl.gz"
    path.write_bytes(gzip.compress(Path(OBSERVATIONS).read_bytes()))
    return path


#: What a gzip file is told on the command line.
GZIP = (
    "not UTF-8 text: it is gzip-compressed data (it starts with the bytes 1F 8B): "
    "decompress it first, with gzip -dc FILE (into a file, or piped in: gzip -dc "
    "FILE | mutualcommit ... -)"
)


class TestCompressed:
    """A compressed file is named as such, with the command that decompresses it."""

    def test_observations(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A gzip log: one line, no Windows-1252 hint, no problem per line."""
        log = _gzip(tmp_path)

        code, _, err = run(
            capsys, "evaluate", AGREEMENT, str(log), "--as-of", "2026-09-15"
        )

        assert (2, f"mutualcommit evaluate: {log}: {GZIP}\n") == (code, err)

    def test_standard_input(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Piped in compressed: the same words, about <stdin>."""
        monkeypatch.setattr(
            sys, "stdin", io.TextIOWrapper(io.BytesIO(_gzip(tmp_path).read_bytes()))
        )

        code, _, err = run(capsys, "evaluate", AGREEMENT, "-", "--as-of", "2026-09-15")

        assert (2, f"mutualcommit evaluate: <stdin>: {GZIP}\n") == (code, err)

    def test_a_portfolios_stream(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A portfolio's stream, read line by line: the same words."""
        log = _gzip(tmp_path)

        code, _, err = run(
            capsys, "check", AGREEMENT, AGREEMENT, "--observations", str(log)
        )

        assert (2, f"mutualcommit check: {log}: {GZIP}\n") == (code, err)

    def test_an_agreement(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A bzip2 agreement: its compression named, and bzip2's command."""
        path = tmp_path / "agreement.json.bz2"
        path.write_bytes(bz2.compress(Path(AGREEMENT).read_bytes()))

        code, _, err = run(capsys, "check", str(path), "--as-of", "2026-09-15")

        assert 2 == code
        assert err == (
            f"mutualcommit check: {path}: not UTF-8 text: it is bzip2-compressed data "
            "(it starts with the bytes 42 5A 68): decompress it first, with bzip2 -dc "
            "FILE (into a file, or piped in: bzip2 -dc FILE | mutualcommit ... -)\n"
        )


class TestALogWhereAnAgreementGoes:
    """A log named as an agreement is said to be one, before any file is read."""

    def test_observations_twice(self, capsys: pytest.CaptureFixture[str]) -> None:
        """After the agreement and with --observations: named twice, not a second agreement."""
        code, out, err = run(
            capsys,
            "evaluate",
            AGREEMENT,
            OBSERVATIONS,
            "--observations",
            OBSERVATIONS,
            "--as-of",
            "2026-09-15",
        )

        assert (2, "") == (code, out)
        assert (
            f"mutualcommit evaluate: {OBSERVATIONS} is named as a FILE and with "
            "--observations: a FILE is an agreement; name the log once, with "
            "--observations\n"
        ) == err

    def test_another_log_with_observations(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A .jsonl file among the agreements, --observations naming another: JSON Lines, not an agreement."""
        other = _log(tmp_path, "{}")

        code, _, err = run(
            capsys,
            "evaluate",
            AGREEMENT,
            other,
            "--observations",
            OBSERVATIONS,
            "--as-of",
            "2026-09-15",
        )

        assert (
            2,
            f"mutualcommit evaluate: {other} is JSON Lines, not an agreement: with --observations, every FILE is an agreement\n",
        ) == (code, err)

    def test_the_fund_log_as_a_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The fund log named as a FILE of check: what each log is named with."""
        events = str(IT_VENDOR / "fund_events.jsonl")

        code, _, err = run(capsys, "check", AGREEMENT, events, "--as-of", "2026-09-15")

        assert (
            2,
            f"mutualcommit check: {events} is JSON Lines, not an agreement: name the observations with --observations FILE, a fund log with --fund-events FILE\n",
        ) == (code, err)

    def test_the_observations_not_last(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without --observations, a log before the last file named is not an agreement."""
        events = str(IT_VENDOR / "fund_events.jsonl")

        code, _, err = run(
            capsys,
            "evaluate",
            events,
            AGREEMENT,
            OBSERVATIONS,
            "--as-of",
            "2026-09-15",
        )

        assert (
            2,
            (
                f"mutualcommit evaluate: {events} is JSON Lines, not an agreement: "
                "the observations are the last file named, or the one "
                "--observations names\n"
            ),
        ) == (code, err)

    def test_json_output(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With --format json, the error document says the same."""
        code, out, _ = run(
            capsys,
            "evaluate",
            AGREEMENT,
            OBSERVATIONS,
            "--observations",
            OBSERVATIONS,
            "--as-of",
            "2026-09-15",
            "--format",
            "json",
        )

        assert 2 == code
        assert json.loads(out)["error"].startswith(f"{OBSERVATIONS} is named as a FILE")


#: The IT example's agreement as a text editor keeps it: over many lines.
_INDENTED = json.dumps(
    json.loads(Path(AGREEMENT).read_text(encoding="utf-8")), indent=2
)
#: Where the observations go when the command takes them by their place.
_LAST = "the observations are the last file named, or the one --observations names"


class TestAnAgreementWhereALogGoes:
    """An agreement document given as a log is said to be one, in one line.

    Its lines were each read as a record: 600 problems for an agreement
    written over 600 lines, the first about a "{" alone.
    """

    @pytest.mark.parametrize("indent", [None, 2], ids=["one line", "indented"])
    def test_the_second_of_two_agreements(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], indent: int | None
    ) -> None:
        """``evaluate a.json b.json``, the observations forgotten: b.json is no log."""
        other = tmp_path / "b.json"
        document = json.loads(Path(AGREEMENT).read_text(encoding="utf-8"))
        other.write_text(json.dumps(document, indent=indent), encoding="utf-8")

        code, out, err = run(
            capsys, "evaluate", AGREEMENT, str(other), "--as-of", "2026-09-15"
        )

        message = f"{other} is an agreement document, not JSON Lines: {_LAST}"
        assert (2, "", f"mutualcommit evaluate: {message}\n") == (code, out, err)

    def test_json_output(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With --format json, the error document names the file and says the same."""
        other = tmp_path / "b.json"
        other.write_text(_INDENTED, encoding="utf-8")

        code, out, _ = run(
            capsys,
            "evaluate",
            AGREEMENT,
            str(other),
            "--as-of",
            "2026-09-15",
            "--format",
            "json",
        )

        message = f"{other} is an agreement document, not JSON Lines: {_LAST}"
        assert 2 == code
        assert {
            "command": "evaluate",
            "error": message,
            "file": str(other),
            "problems": [],
            "files": [{"file": str(other), "error": message, "problems": []}],
        } == json.loads(out)

    def test_the_last_of_several_agreements(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``evaluate a.json b.json c.json``: c.json is no portfolio's stream either."""
        other = tmp_path / "c.json"
        other.write_text(_INDENTED, encoding="utf-8")

        code, _, err = run(
            capsys,
            "evaluate",
            AGREEMENT,
            MANUFACTURER,
            str(other),
            "--as-of",
            "2026-09-15",
        )

        assert (
            2,
            f"mutualcommit evaluate: {other} is an agreement document, not JSON Lines: {_LAST}\n",
        ) == (code, err)

    def test_a_directory_last(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``evaluate a.json agreements/``: a directory is no log."""
        code, _, err = run(
            capsys, "evaluate", AGREEMENT, str(tmp_path), "--as-of", "2026-09-15"
        )

        assert (
            2,
            f"mutualcommit evaluate: {tmp_path} is a directory, not JSON Lines: {_LAST}\n",
        ) == (code, err)

    @pytest.mark.parametrize(
        ("argv", "hint"),
        [
            (
                ("check", AGREEMENT, "--observations", "{other}"),
                "--observations is the observation log, JSON Lines",
            ),
            (
                ("funds", AGREEMENT, "{other}", "--as-of", "2026-09-15"),
                (
                    "the fund log is the file named after the agreement, or the one "
                    "--fund-events names"
                ),
            ),
            (
                ("check", AGREEMENT, "--fund-events", "{other}"),
                "--fund-events is the fund log, JSON Lines",
            ),
            (
                ("check", AGREEMENT, AGREEMENT, "--observations", "{other}"),
                "--observations is the observation stream, JSON Lines",
            ),
        ],
        ids=["observations", "EVENTS", "fund log", "portfolio"],
    )
    def test_each_log(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        argv: tuple[str, ...],
        hint: str,
    ) -> None:
        """Given for any log, of one agreement or of many: the log it is not, in one line."""
        other = tmp_path / "b.json"
        other.write_text(_INDENTED, encoding="utf-8")

        code, _, err = run(capsys, *(arg.format(other=other) for arg in argv))

        assert (
            2,
            f"mutualcommit {argv[0]}: {other} is an agreement document, not JSON Lines: {hint}\n",
        ) == (code, err)

    def test_a_line_of_the_log(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An agreement on one of a log's lines is that line's problem, the others read."""
        agreement = json.dumps(json.loads(Path(AGREEMENT).read_text(encoding="utf-8")))
        log = _log(tmp_path, agreement, Path(OBSERVATIONS).read_text().splitlines()[0])

        code, _, err = run(capsys, "check", AGREEMENT, "--observations", log)

        assert 2 == code
        assert err.startswith(
            f"mutualcommit check: {log}: invalid observations (1 problem):\n"
            "  line 1: $: expected an observation (metric, at, value), got an "
            "agreement document"
        )


def _stream(tmp_path: Path, log: str, agreement: str = "acme-globex-2026") -> str:
    """The IT example's *log* as a portfolio's stream: each line names *agreement*."""
    path = tmp_path / f"portfolio-{log}"
    path.write_text(
        "".join(
            f'{{"agreement": "{agreement}", {line[1:]}\n'
            for line in (IT_VENDOR / log).read_text(encoding="utf-8").splitlines()
        ),
        encoding="utf-8",
    )
    return str(path)


#: What a portfolio's stream given as one agreement's log is.
_STREAM = (
    "a portfolio's stream (its lines carry an \"agreement\" key), not one agreement's"
)


class TestAPortfoliosStreamForOneAgreement:
    """A portfolio's stream given for one agreement is said to be one, with how to pass it.

    Each of its lines was refused for its "agreement" key: 404 problems
    (two lines folded), and no word of what the file is.
    """

    @pytest.mark.parametrize(
        "argv",
        [
            ("check", AGREEMENT, "--observations", "{stream}"),
            ("evaluate", AGREEMENT, "{stream}", "--as-of", "2026-09-15"),
        ],
        ids=["check", "evaluate"],
    )
    def test_a_command_of_many_agreements(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
    ) -> None:
        """Check and evaluate read the stream over many agreements: --jobs 1 does."""
        stream = _stream(tmp_path, "observations.jsonl")

        code, out, err = run(capsys, *(arg.format(stream=stream) for arg in argv))

        assert (2, "") == (code, out)
        assert (
            f"mutualcommit {argv[0]}: {stream} is {_STREAM} observation log: add "
            "--jobs 1 to read the lines of agreement acme-globex-2026 from it, as a "
            "run over many agreements does\n"
        ) == err

    def test_what_jobs_1_does(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With --jobs 1 the stream's lines of the agreement are its observations."""
        stream = _stream(tmp_path, "observations.jsonl")
        alone = run(
            capsys,
            "evaluate",
            AGREEMENT,
            OBSERVATIONS,
            "--as-of",
            "2026-09-15",
            "--format",
            "json",
        )[1]

        code, out, _ = run(
            capsys,
            "evaluate",
            AGREEMENT,
            stream,
            "--as-of",
            "2026-09-15",
            "--jobs",
            "1",
            "--format",
            "json",
        )

        assert 0 == code
        (entry,) = json.loads(out)["agreements"]
        assert json.loads(alone)["goals"] == entry["scorecard"]["goals"]

    @pytest.mark.parametrize(
        ("argv", "log"),
        [
            (
                (
                    "render",
                    AGREEMENT,
                    "--what",
                    "scorecard",
                    "--observations",
                    "{stream}",
                    "--as-of",
                    "2026-09-15",
                ),
                "observations.jsonl",
            ),
            (
                (
                    "exceptions",
                    AGREEMENT,
                    "--observations",
                    "{stream}",
                    "--as-of",
                    "2026-09-15",
                ),
                "observations.jsonl",
            ),
            (
                ("funds", AGREEMENT, "{stream}", "--as-of", "2026-09-15"),
                "fund_events.jsonl",
            ),
        ],
        ids=["render", "exceptions", "funds"],
    )
    def test_a_command_of_one_agreement(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        argv: tuple[str, ...],
        log: str,
    ) -> None:
        """A command of one agreement only: its lines alone, without the key."""
        stream = _stream(tmp_path, log)
        kind = "observation log" if log == "observations.jsonl" else "fund log"

        code, _, err = run(capsys, *(arg.format(stream=stream) for arg in argv))

        assert (
            2,
            (
                f"mutualcommit {argv[0]}: {stream} is {_STREAM} {kind}: give the lines "
                'of agreement acme-globex-2026 alone, without their "agreement" key\n'
            ),
        ) == (code, err)

    def test_a_stream_without_the_agreement(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A stream of other agreements only: it holds none of this one's lines, and says so."""
        stream = _stream(tmp_path, "fund_events.jsonl", agreement="acme-other-2027")

        code, _, err = run(capsys, "check", AGREEMENT, "--fund-events", stream)

        assert (
            2,
            (
                f"mutualcommit check: {stream} is {_STREAM} fund log: it holds no line of "
                "agreement acme-globex-2026\n"
            ),
        ) == (code, err)

    def test_a_log_with_one_such_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """One agreement's log with one line that carries the key: that line's problem."""
        lines = Path(OBSERVATIONS).read_text(encoding="utf-8").splitlines()
        log = _log(tmp_path, f'{{"agreement": "x", {lines[0][1:]}', *lines[1:])

        code, _, err = run(capsys, "check", AGREEMENT, "--observations", log)

        assert 2 == code
        assert (
            f"mutualcommit check: {log}: invalid observations (1 problem):\n"
            "  line 1: $.agreement: expected one of the keys metric, at, value, ref, "
            'dims; got "agreement"\n'
        ) == err
