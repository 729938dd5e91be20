"""``check`` and ``evaluate`` over many agreements: several files or a directory.

The single-file commands call in here when given more than one file, a
directory, ``--jobs`` or ``--dask``. Agreements are read one by one as the
work asks for them; a file that cannot be read is reported on standard
error and skipped, and the others are still checked. Standard output gets
one line per agreement as results stream in, then a summary; ``--format
json`` writes one JSON document instead, streamed the same way.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import json
import os
import signal
import stat
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TextIO

from mutualcommit.errors import (
    FormatError,
    InvalidFundEventsError,
    InvalidObservationsError,
    MutualCommitError,
)
from mutualcommit.kpi import Scorecard, Standing, scorecard_to_dict
from mutualcommit.model import Agreement, FundEvent, Observation
from mutualcommit.portfolio import (
    DEFAULT_MAX_IN_FLIGHT,
    PortfolioSummary,
    check_many,
    evaluate_many,
    summary_to_dict,
)
from mutualcommit.portfolio._fund_events import read_portfolio_fund_events
from mutualcommit.portfolio._observations import read_portfolio_observations
from mutualcommit.portfolio._summary import SHOWN_FUND_FIGURES, Tally, fund_rows
from mutualcommit.rules import (
    DEFAULT_POLICY,
    Policy,
    Report,
    Severity,
    report_to_dict,
)
from mutualcommit.rules._funds import UNJUDGED_WITHOUT_OBSERVATIONS, accruing_funds
from mutualcommit.serialize import loads

from . import _numbers
from ._io import (
    FUND_LOG,
    OBSERVATIONS,
    CommandError,
    NotTextError,
    about,
    as_line,
    at_metric,
    describe,
    inert,
    inert_lines,
    inert_name,
    json_file,
    observed_metrics,
    read_policy,
    read_text,
    refuse_another_kind,
    shown,
    text_lines,
)
from ._io import _ranges as line_ranges
from ._table import table

__all__ = [
    "add_portfolio_arguments",
    "is_portfolio",
    "run_check_many",
    "run_evaluate_many",
]

_Result = Report | Scorecard | MutualCommitError


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        msg = f"expected a whole number of processes, at least 1, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def add_portfolio_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--jobs`` and ``--dask`` to a command that takes ``FILE...``."""
    group = parser.add_argument_group(
        "many agreements",
        "Given several files or a directory (every *.json file under it, "
        ".JSON too), the command runs over the portfolio: one line per "
        "agreement, then a summary. Observations and fund events are then each one JSON Lines "
        'stream whose lines carry an "agreement" key. A progress line goes to '
        "standard error when it is a terminal.",
    )
    engines = group.add_mutually_exclusive_group()
    engines.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="run on N worker processes (default: 1, in this process)",
    )
    engines.add_argument(
        "--dask",
        metavar="ADDRESS",
        help=(
            "run on an existing Dask scheduler, such as tcp://10.0.0.5:8786 "
            "(needs mutualcommit[dask], and the same mutualcommit on every worker)"
        ),
    )


def is_portfolio(args: argparse.Namespace) -> bool:
    """Tell whether *args* ask for a portfolio run rather than one agreement."""
    files: list[str] = args.files
    return (
        len(files) > 1
        or args.jobs is not None
        or args.dask is not None
        or any(_is_dir(name) for name in files)
    )


def _is_dir(name: str) -> bool:
    """Tell whether *name* names a directory; ``-`` and an empty name do not.

    ``Path("")`` is the current directory, which no one named.
    """
    return name not in {"-", ""} and Path(name).is_dir()


def run_check_many(args: argparse.Namespace) -> int:
    """Check every agreement the files name, and print each report and a summary.

    Returns:
        0 when no agreement has an error finding; 1 when some has; 2 when a
        file could not be read or an agreement could not be checked (the
        others are checked and reported all the same).

    Raises:
        CommandError: When ``--dask`` cannot be had (distributed is not
            installed, or the scheduler cannot be reached).
        FormatError: When the observation or fund stream or the policy is
            invalid.
        OSError: When the observation or fund stream or the policy cannot
            be read.
    """
    policy = DEFAULT_POLICY if args.policy is None else read_policy(args.policy)
    logs, log_lines = (
        (None, {}) if args.observations is None else _observations(args.observations)
    )
    funds, fund_lines = _fund_logs(args)
    # Only the command line reads the clock; the library is given the day.
    as_of: dt.date = args.as_of if args.as_of is not None else dt.date.today()  # noqa: DTZ011
    run = _Run("check", "checked", args, as_of)
    run.streams = {"observations": log_lines, "fund_events": fund_lines}
    run.logs = logs or {}
    if funds is not None and logs is None:
        run.unjudged_policy = policy
    with run.engine() as (executor, in_flight):
        results = check_many(
            run.agreements(),
            as_of=as_of,
            observations=logs,
            policy=policy,
            executor=executor,
            max_in_flight=in_flight,
            progress=run.progress,
            fund_events=funds,
        )
        summary = _summarize(run.echo(results))
    run.finish(summary, logs, funds)
    if run.unreadable or summary.failed:
        return 2
    return 1 if summary.with_errors else 0


def run_evaluate_many(args: argparse.Namespace) -> int:
    """Evaluate every agreement the files name, and print each scorecard's line and a summary.

    Returns:
        0 when every agreement was evaluated; 2 when a file could not be
        read or an agreement could not be evaluated (the others are
        evaluated and reported all the same).

    Raises:
        CommandError: As `run_check_many`.
        FormatError: When the observation or fund stream is invalid.
        OSError: When the observation or fund stream cannot be read.
    """
    logs, log_lines = _observations(
        args.observations,
        "OBSERVATIONS" if args.observations_file is None else "--observations",
    )
    funds, fund_lines = _fund_logs(args)
    run = _Run("evaluate", "evaluated", args, args.as_of)
    run.streams = {"observations": log_lines, "fund_events": fund_lines}
    run.logs = logs or {}
    with run.engine() as (executor, in_flight):
        results = evaluate_many(
            run.agreements(),
            logs,
            as_of=args.as_of,
            executor=executor,
            max_in_flight=in_flight,
            progress=run.progress,
            fund_events=funds,
        )
        summary = _summarize(run.echo(results))
    run.finish(summary, logs, funds)
    return 2 if run.unreadable or summary.failed else 0


def _summarize(results: Iterable[tuple[str, _Result]]) -> PortfolioSummary:
    """Summarize the results of `check_many` or `evaluate_many` alone: one per file.

    Every error is then the failure of one file's agreement, two files of
    one id that fail alike included, where `summarize` of a stream of
    errors alone cannot tell them from one agreement failing in two
    chained streams.
    """
    tally = Tally(one_result_each=True)
    for key, result in results:
        tally.add(key, result)
    return tally.summary()


def _fund_logs(
    args: argparse.Namespace,
) -> tuple[dict[str, tuple[FundEvent, ...]] | None, dict[str, tuple[int, ...]]]:
    """Read the portfolio's fund stream ``--fund-events`` names, if it names one.

    A fund log names its funds by allocation id, which only one agreement
    makes unique: each line of the stream carries its agreement's id, as
    the observations' lines do.
    """
    path = getattr(args, "fund_events", None)
    if path is None:
        return None, {}
    try:
        with about(path, what=FUND_LOG):
            try:
                return read_portfolio_fund_events(text_lines(path))
            except FormatError:
                _refuse_a_document(path, "fund event stream", "--fund-events")
                raise
    except UnicodeDecodeError as error:
        raise NotTextError(path, error) from None


def _observations(
    path: str, named: str = "--observations"
) -> tuple[dict[str, tuple[Observation, ...]], dict[str, tuple[int, ...]]]:
    """The stream's observations by agreement, and the line of each.

    *named* is how the command names the stream: ``OBSERVATIONS`` for the
    last file ``evaluate`` is given.
    """
    try:
        with about(path, what=OBSERVATIONS):
            try:
                return read_portfolio_observations(text_lines(path))
            except FormatError:
                _refuse_a_document(path, "observation stream", named)
                raise
    except UnicodeDecodeError as error:
        raise NotTextError(path, error) from None


def _refuse_a_document(path: str, log: str, named: str) -> None:
    """Refuse a stream that is a JSON document (an agreement given as the stream) in one line.

    Its lines are read again, as far as it takes to tell: not standard
    input's, which are gone, and not a file that now cannot be read, whose
    problems are then the stream's own.
    """
    if path == "-":
        return
    with (
        contextlib.suppress(OSError, UnicodeDecodeError),
        contextlib.closing(text_lines(path)) as lines,
    ):
        refuse_another_kind(path, lines, log, named, stream=True)


def _files(
    names: Sequence[str], own: Sequence[tuple[str, str | None]] = ()
) -> Iterator[tuple[str, str | None, str | None]]:
    """Yield ``(file, problem, left_out)`` for every file *names* stand for.

    A directory stands for every ``*.json`` entry under it (`_json_files`).
    *problem* says why a file cannot be read, or is None. *left_out* says
    why a file a directory holds is not read as an agreement, or is None:
    it is one of the command's other inputs (*own*: what each is and the
    path given for it), the policy saved next to the agreements, say.
    """
    inputs = [(what, status) for what, path in own if (status := _status(path))]
    for name in names:
        if name == "-":
            yield (
                name,
                "standard input cannot be read in a portfolio run: name the files",
                None,
            )
            continue
        if not _is_dir(name):
            yield name, None, None
            continue
        found = _json_files(Path(name))
        if not found:
            yield name, "a directory without any *.json file", None
        for file, problem in found:
            status = None if problem is not None else _status(str(file))
            left_out = next(
                (
                    f"left out: it is the {what} this command reads, not an agreement"
                    for what, given in inputs
                    if status is not None and os.path.samestat(status, given)
                ),
                None,
            )
            yield str(file), problem, left_out


def _status(path: str | None) -> os.stat_result | None:
    """Return what the system says of the file at *path*, or None when it cannot."""
    if path is None or path in {"-", ""}:
        return None
    try:
        return Path(path).stat()
    except (OSError, ValueError):
        return None


def _json_files(top: Path) -> list[tuple[Path, str | None]]:
    """Return every ``*.json`` entry under *top*, in path order, with why it cannot be read.

    Hidden entries (a name starting with a dot) are left out, files and
    folders alike, and a link to a folder is not followed. Every other
    entry whose name ends in ``.json``, in any case (``.JSON``, ``.Json``:
    as Windows matches it, on every system, so that a folder saved there
    is the same portfolio here), is there: a file to read (its
    problem None), and one that cannot be read with the reason, so that
    no agreement goes missing without a word. A link to a file that is not
    there, or a link that loops, a named pipe or a device (which reading
    would wait on), and a folder that cannot be listed (its name stands
    for what it holds) are each reported.
    """
    found: list[tuple[Path, str | None]] = []
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            found.append((folder, f"cannot list: {error.strerror or error}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            try:
                folder_within = entry.is_dir(follow_symlinks=False)
            except OSError:
                folder_within = False  # looked at as a file: its problem is said
            if folder_within:
                folders.append(path)
            elif entry.name.lower().endswith(".json"):
                found.append((path, _not_a_file(path)))
    return sorted(found, key=lambda item: item[0])


def _not_a_file(path: Path) -> str | None:
    """Say why the entry at *path* is no file to read, or return None when it is one."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        reason = f"cannot read: {error.strerror or error}"
        try:
            return f"{reason} (a link to {path.readlink()})"
        except (OSError, ValueError):
            return reason  # not a link: the file itself cannot be looked at
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return (
            "not read: it is a link to a folder, and links to folders are not followed"
        )
    if stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    else:  # pragma: no cover - a door, an event port: not on Linux
        kind = "no regular file"
    return f"not read: it is {kind}, not a file"


def unjudged_funds(agreement: Agreement, policy: Policy) -> list[str]:
    """Say which funds of *agreement* the fund rules leave alone without observations.

    As ``funds`` says which funds show no accrual: what a fund that
    accrues made available is not known, and MC206 and MC210 (those the
    policy runs) do not judge it. One sentence per such fund, in order.
    """
    codes = [code for code in UNJUDGED_WITHOUT_OBSERVATIONS if policy.enabled(code)]
    if not codes:
        return []
    notes = []
    for allocation in accruing_funds(agreement):
        assert allocation.fund is not None  # noqa: S101 - accruing_funds are funds
        assert allocation.fund.accrual is not None  # noqa: S101 - and accrue
        notes.append(
            f"fund {inert(allocation.id)} accrues on "
            f"{inert(allocation.fund.accrual.of)}: without --observations what it "
            f"made available is not known, and {' and '.join(codes)} do not judge it"
        )
    return notes


class _Run:
    """One portfolio command: its files, its output, its progress line."""

    def __init__(
        self, command: str, verb: str, args: argparse.Namespace, as_of: dt.date
    ) -> None:
        self.command = command
        self.verb = verb
        self.args = args
        self.as_of = as_of
        self.json = args.format == "json"
        self.out: TextIO = sys.stdout
        self.err: TextIO = sys.stderr
        own = [
            ("policy", getattr(args, "policy", None)),
            ("observation stream", getattr(args, "observations", None)),
            ("fund event stream", getattr(args, "fund_events", None)),
        ]
        found = list(_files(args.files, own))
        self.files = [(file, problem) for file, problem, left in found if left is None]
        # The command's other inputs a directory holds: each said, not read.
        self.left_out = [(file, left) for file, _, left in found if left is not None]
        self.unreadable: list[tuple[str, str, tuple[tuple[str, str], ...]]] = []
        # Agreement id → the files that hold it, in order.
        self.seen: dict[str, list[str]] = {}
        # The files of the agreements read and not yet reported, in order:
        # results come back in input order, one per agreement.
        self.pending: deque[str] = deque()
        self.shown = False
        self.tty = self.err.isatty()
        self.first = True
        # The streams' options ("observations", "fund_events") → agreement
        # id → the stream line of each of its records.
        self.streams: dict[str, dict[str, tuple[int, ...]]] = {}
        # The observations by agreement id, and the metrics each agreement
        # observes: a problem of a record of another metric is its metric's.
        self.logs: Mapping[str, Sequence[Observation]] = {}
        self.observed: dict[str, frozenset[str]] = {}
        # The policy whose fund rules a fund stream without observations
        # leaves some funds to (``check`` only), and what it says of them.
        self.unjudged_policy: Policy | None = None
        self.unjudged: list[str] = []

    # -- input -----------------------------------------------------------------

    def agreements(self) -> Iterator[Agreement]:
        """Yield the agreement of every file that reads; report the others."""
        for file, why in self.left_out:
            print(
                f"mutualcommit {self.command}: {inert_name(file)}: {why}",
                file=self.err,
            )
        for file, problem in self.files:
            if problem is not None:
                self._unreadable(file, problem, ())
                continue
            try:
                agreement = loads(read_text(file))
            except NotTextError as error:
                # As one file says it, without the name the entry has.
                self._unreadable(file, f"not UTF-8 text: {error.reason}", ())
                continue
            except MutualCommitError as error:
                self._unreadable(file, describe(error), getattr(error, "problems", ()))
                continue
            except OSError as error:
                self._unreadable(file, f"cannot read: {error.strerror or error}", ())
                continue
            self.seen.setdefault(agreement.id, []).append(file)
            self.observed[agreement.id] = observed_metrics(agreement)
            if self.unjudged_policy is not None:
                self.unjudged.extend(
                    f"{inert_name(file)}: {note}"
                    for note in unjudged_funds(agreement, self.unjudged_policy)
                )
            self.pending.append(file)
            yield agreement

    def _unreadable(
        self, file: str, message: str, problems: Iterable[tuple[str, str]]
    ) -> None:
        self.unreadable.append((file, message, tuple(problems)))
        self._clear()
        named = inert_name(file) or "''"  # an empty name, which no file has
        print(
            f"mutualcommit {self.command}: {named}: {inert_lines(message)}",
            file=self.err,
        )

    @contextlib.contextmanager
    def engine(self) -> Iterator[tuple[Executor | None, int]]:
        """Open the executor ``--jobs`` or ``--dask`` asks for, and close it after."""
        if self.args.dask is not None:
            with _dask(self.args.dask) as engine:
                yield engine
        elif self.args.jobs is not None and self.args.jobs > 1:
            pool = ProcessPoolExecutor(
                self.args.jobs, initializer=start_worker, initargs=(os.getpid(),)
            )
            try:
                yield pool, 2 * self.args.jobs
            except BaseException:
                # Interrupted, or failed: drop the chunks not started rather
                # than finish them, and wait only for those running.
                pool.shutdown(cancel_futures=True)
                raise
            pool.shutdown()
        else:
            yield None, DEFAULT_MAX_IN_FLIGHT

    # -- output ----------------------------------------------------------------

    def progress(self, done: int, _total: int | None) -> None:
        """Redraw the progress line, when standard error is a terminal."""
        if not self.tty:
            return
        finished = done + len(self.unreadable)
        self.err.write(f"\r\x1b[K{self.verb} {finished}/{len(self.files)} files")
        self.err.flush()
        self.shown = True

    def _clear(self) -> None:
        if self.shown:
            self.err.write("\r\x1b[K")
            self.err.flush()
            self.shown = False

    def echo(
        self, results: Iterable[tuple[str, _Result]]
    ) -> Iterator[tuple[str, _Result]]:
        """Print each result as it passes on its way to the summary."""
        # From here on standard output holds this run's document: a failure
        # must not start another one (see the command line's main).
        self.args.writing = True
        if self.json:
            self.out.write(
                f'{{"command": "{self.command}", "as_of": "{self.as_of.isoformat()}",'
                '\n "agreements": ['
            )
        for key, result in results:
            file = self.pending.popleft()
            if isinstance(result, InvalidObservationsError):
                result = self._in_lines(key, result)  # noqa: PLW2901
            self._clear()
            if self.json:
                self.out.write(
                    ("\n  " if self.first else ",\n  ")
                    + _dumps(_entry(file, key, result))
                )
                self.first = False
            else:
                self.out.write("\n".join(_lines(file, key, result)) + "\n")
            if isinstance(result, MutualCommitError):
                print(
                    f"mutualcommit {self.command}: {inert_name(file)}: {key}: "
                    f"{inert_lines(describe(result))}",
                    file=self.err,
                )
            yield key, result

    def _in_lines(
        self, key: str, error: InvalidObservationsError
    ) -> InvalidObservationsError:
        """Name the records of *error*, positions in the agreement's log, by their stream lines."""
        option = (
            "fund_events"
            if isinstance(error, InvalidFundEventsError)
            else "observations"
        )
        path = getattr(self.args, option, None)
        lines = self.streams.get(option, {}).get(key, ())
        if path is None or not lines:
            return error
        problems = error.problems
        if option == "observations" and key in self.observed:
            problems = tuple(
                at_metric(problems, self.logs.get(key, ()), self.observed[key])
            )
        named = [
            (
                f"{shown(path)}: {line}"
                if (line := as_line(where, lines)) != where
                else where,
                message,
            )
            for where, message in problems
        ]
        return type(error)(named)

    def finish(
        self,
        summary: PortfolioSummary,
        logs: Mapping[str, Iterable[Observation]] | None,
        funds: Mapping[str, Iterable[FundEvent]] | None = None,
    ) -> None:
        """Print the summary, and say which observations and fund logs matched no agreement."""
        self._clear()
        # Per stream, the agreements it names that no file holds, each with
        # the lines it has there, in id order.
        strays = {
            option: [
                (key, self.streams.get(option, {}).get(key, ()))
                for key in sorted(set(records or ()).difference(self.seen))
            ]
            for option, records in (("observations", logs), ("fund_events", funds))
        }
        # The files whose agreement the observation stream has no line for,
        # checked or evaluated with none; None without a stream.
        without = (
            None
            if logs is None
            else [
                (file, key)
                for key, files in self.seen.items()
                if key not in logs
                for file in files
            ]
        )
        if self.json:
            unreadable = [
                {
                    **json_file(file),
                    "error": message,
                    "problems": [list(p) for p in problems],
                }
                for file, message, problems in self.unreadable
            ]
            ignored = {
                option: [
                    {"agreement": key, "lines": list(lines)} for key, lines in found
                ]
                for option, found in strays.items()
            }
            self.out.write(
                ("\n ],\n" if not self.first else "],\n")
                + f' "unreadable": {_dumps(unreadable)},\n'
                + f' "ignored": {_dumps(ignored)},\n'
                + ' "without_observations": '
                + _dumps(
                    None
                    if without is None
                    else [
                        {**json_file(file), "agreement": key} for file, key in without
                    ]
                )
                + ",\n"
                + f' "summary": {_dumps(summary_to_dict(summary))}\n}}\n'
            )
        else:
            lines = _summary_lines(
                self.verb,
                self.as_of,
                summary,
                len(self.unreadable),
                len(without or ()),
            )
            self.out.write("\n" + "\n".join(lines) + "\n")
        self.out.flush()
        logs_given = [
            what
            for what, records in (("observations", logs), ("fund log", funds))
            if records is not None
        ]
        given = (
            f", each with the {' and '.join(logs_given)} of that id"
            if logs_given
            else ""
        )
        for key, files in self.seen.items():
            if len(files) > 1:
                print(
                    f"mutualcommit {self.command}: agreement {key} came "
                    f"{len(files)} times ({', '.join(map(inert_name, files))}): "
                    "each is counted "
                    f"in the summary{given}",
                    file=self.err,
                )
        for note in self.unjudged:
            print(f"mutualcommit {self.command}: {note}", file=self.err)
        for option, what in (
            ("observations", "observations"),
            ("fund_events", "fund events"),
        ):
            if strays[option]:
                print(
                    f"mutualcommit {self.command}: "
                    f"{inert_name(getattr(self.args, option))}: "
                    f"{_ignored(what, strays[option])}",
                    file=self.err,
                )
        if without:
            print(
                f"mutualcommit {self.command}: "
                f"{inert_name(self.args.observations)}: "
                f"{_unobserved(self.verb, without)}",
                file=self.err,
            )


#: How many of the ids a stream names in vain standard error lists; the
#: JSON document lists every one.
_IGNORED_SHOWN = 10


def _ignored(what: str, strays: Sequence[tuple[str, Sequence[int]]]) -> str:
    """Say that the records of *strays*, ids no file holds, were ignored, with their lines.

    The first ids are listed, each with its lines in the stream, and how
    many more there are after them.
    """
    shown = ", ".join(
        f"{inert(key)} ({_lines_of(lines)})" if lines else inert(key)
        for key, lines in strays[:_IGNORED_SHOWN]
    )
    if len(strays) > _IGNORED_SHOWN:
        more = len(strays) - _IGNORED_SHOWN
        shown += f", and {more} more (--format json lists every one)"
    return (
        f"{what} of {_plural(len(strays), 'agreement')} not given were ignored: {shown}"
    )


def _unobserved(verb: str, without: Sequence[tuple[str, str]]) -> str:
    """Say that the agreements of *without*, ``(file, id)``, have no line in the observation stream.

    A partner that reported nothing is evaluated as one that did nothing
    (its attainment counts in the mean): this names them, the first few
    with their files, and how many more there are.
    """
    shown = ", ".join(
        f"{inert(key)} ({inert_name(file)})" for file, key in without[:_IGNORED_SHOWN]
    )
    if len(without) > _IGNORED_SHOWN:
        more = len(without) - _IGNORED_SHOWN
        shown += f", and {more} more (--format json lists every one)"
    has = "has" if len(without) == 1 else "have"
    return (
        f"{_plural(len(without), 'agreement')} {has} no line there, "
        f"{verb} with no observations: {shown}"
    )


def _lines_of(lines: Sequence[int]) -> str:
    """Write an id's lines in a stream: ``line 4``, ``lines 4-7, 12``, or how many from where."""
    if len(lines) == 1:
        return f"line {lines[0]}"
    runs = line_ranges(lines)
    # A long run of scattered lines says no more than how many, from where.
    if runs.count(",") >= _RUNS_SHOWN:
        return f"{len(lines)} lines from line {lines[0]}"
    return f"lines {runs}"


#: How many separate runs of lines an id's lines are written as, at most.
_RUNS_SHOWN = 3


#: How often a ``--jobs`` worker looks whether the command still runs (s).
COMMAND_POLL = 0.5


def start_worker(command: int) -> None:
    """Start a ``--jobs`` worker of the process *command*.

    The worker ignores SIGINT: a terminal sends Ctrl-C to every process of
    the command, and each worker would print a traceback of its own while
    the command stops the run and shuts the workers down. And it ends when
    the command has ended without shutting it down (killed: ``kill``,
    ``timeout``, a cancelled job, the out-of-memory killer), rather than
    wait for work forever. Not on Windows, where ``os.kill`` would end the
    command rather than look for it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform != "win32":
        threading.Thread(
            target=_end_with,
            args=(command, os.getppid()),
            name="command watch",
            daemon=True,
        ).start()


def _end_with(command: int, parent: int) -> None:
    """End this process once *command* has ended.

    Its parent is the command (forked or spawned), or a fork server the
    command started: the command has ended when this process has another
    parent, or no process has the command's id.
    """
    while os.getppid() == parent:
        try:
            os.kill(command, 0)
        except (ProcessLookupError, PermissionError):
            # No such process, or another user's that took its id.
            break
        time.sleep(COMMAND_POLL)
    os._exit(1)


@contextlib.contextmanager
def _dask(address: str) -> Iterator[tuple[Executor, int]]:
    try:
        # Any: the extra may be missing, and distributed is not typed.
        distributed: Any = importlib.import_module("distributed")
    except ImportError as error:
        msg = (
            "--dask needs distributed: install mutualcommit's extra 'dask' "
            "(python -m pip install '.[dask]' in a checkout, or the wheel with [dask])"
        )
        raise CommandError(msg) from error
    try:
        client = distributed.Client(address)
    except (OSError, ValueError) as error:
        msg = f"cannot reach the Dask scheduler at {address}: {error}"
        raise CommandError(msg) from error
    with client:
        threads = sum(client.nthreads().values()) or 1
        # pure=False: a chunk is run once anyway, and hashing its
        # arguments for a key would pickle it once more here.
        yield client.get_executor(pure=False), 2 * threads


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _entry(file: str, key: str, result: _Result) -> dict[str, Any]:
    entry: dict[str, Any] = {**json_file(file), "agreement": key}
    if isinstance(result, Report):
        entry["report"] = report_to_dict(result)
    elif isinstance(result, Scorecard):
        entry["scorecard"] = scorecard_to_dict(result)
    else:
        entry["error"] = {
            "message": str(result),
            "problems": [list(p) for p in getattr(result, "problems", ())],
        }
    return entry


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _standing(standing: Standing) -> str:
    return standing.value.replace("_", " ")


def _why(error: MutualCommitError) -> str:
    """Say in short why an agreement failed: what is invalid, and its first problem.

    ``invalid observations: obs.jsonl: line 1: $.metric: unknown metric
    'bogus'``, then how many more problems there are (``(and 2 more
    problems, on standard error)``): a line that stands on its own in a
    report kept of standard output. Standard error lists every problem.
    """
    problems: Sequence[tuple[str, str]] = getattr(error, "problems", ())
    if not problems:
        lines = str(error).splitlines()
        return inert(lines[0]) if lines else type(error).__name__
    where, message = problems[0]
    said = f"{inert(where)}: {inert(message)}" if where else inert(message)
    first = f"{getattr(error, 'what', 'invalid input')}: {said}"
    if len(problems) == 1:
        return first
    more = _plural(len(problems) - 1, "more problem")
    return f"{first} (and {more}, on standard error)"


def _lines(file: str, key: str, result: _Result) -> list[str]:
    """One line for an agreement; a report's error findings under it."""
    if isinstance(result, MutualCommitError):
        return [f"{inert_name(file)}: {key}: failed: {_why(result)}"]
    if isinstance(result, Report):
        counts = ", ".join(
            (
                _plural(len(result.errors), "error"),
                _plural(len(result.warnings), "warning"),
                _plural(len(result.infos), "note"),
            )
        )
        lines = [
            f"{inert_name(file)}: {key}: {'ok' if result.ok else 'not ok'} ({counts})"
        ]
        lines.extend(
            f"  {f.code} {inert(f.subject)}: {inert(f.message)}" for f in result.errors
        )
        return lines
    goals = ", ".join(
        f"{n} {_standing(standing)}" for standing, n in result.counts.items() if n
    )
    attainment = _numbers.percent(result.overall_attainment)
    return [
        (
            f"{inert_name(file)}: {key}: overall attainment {attainment}; "
            f"goals: {goals or 'none with a target'}"
        )
    ]


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Align *rows* under *header*: the first column left, the others right."""
    return table(header, rows, right=[False] + [True] * (len(header) - 1))


def _summary_lines(
    verb: str,
    as_of: dt.date,
    summary: PortfolioSummary,
    unreadable: int,
    without: int = 0,
) -> list[str]:
    """The summary's head line, then its tables.

    *without* is how many agreements the observation stream has no line
    for: said when there are any.
    """
    done = summary.reports + summary.scorecards
    head = [
        f"{_plural(done, 'agreement')} {verb} as of {as_of.isoformat()}",
        f"{len(summary.failed)} failed",
        f"{_plural(unreadable, 'file')} unreadable",
    ]
    if without:
        head.insert(1, f"{without} without observations")
    if summary.reports:
        head.insert(1, f"{summary.reports_with_errors} with error findings")
    if summary.scorecards:
        head.insert(1, _mean_attainment(summary))
    if summary.duplicates:
        head.append(f"{_plural(len(summary.duplicates), 'id')} given more than once")
    lines = ["summary: " + "; ".join(head)]
    if summary.reports:
        codes = sorted({code for code, _ in summary.findings})
        severities = list(Severity)
        rows = [
            [code, *(str(summary.findings.get((code, s), 0)) for s in severities)]
            for code in codes
        ]
        totals = summary.severities
        rows.append(["total", *(str(totals[s]) for s in severities)])
        # An info finding is a note wherever a person reads it.
        words = {Severity.INFO: "note"}
        header = ["findings", *(words.get(s, s.value) for s in severities)]
        lines += ["", *_table(header, rows)]
    if summary.scorecards:
        standings = list(Standing)
        rows = [["goals", "", *(str(summary.goals[s]) for s in standings)]]
        rows += [
            [
                f"party {party.party}",
                str(party.agreements),
                *(str(party.standings[s]) for s in standings),
            ]
            for party in summary.parties.values()
        ]
        header = ["standings", "agreements", *(_standing(s) for s in standings)]
        lines += ["", *_table(header, rows)]
    if summary.funds:
        lines += ["", *_table(_FUNDS_HEADER, _fund_rows(summary))]
    return lines


def _mean_attainment(summary: PortfolioSummary) -> str:
    """Say the mean overall attainment, and how many agreements it is the mean of."""
    count = summary.scorecards_with_attainment
    if not count:
        return "mean overall attainment - (no agreement has one yet)"
    return (
        f"mean overall attainment {_numbers.percent(summary.attainment)} "
        f"(over {_plural(count, 'agreement')})"
    )


#: The columns of the summary's fund table.
_FUNDS_HEADER = ("funds", "unit", "count", *SHOWN_FUND_FIGURES, "utilisation")


def _fund_rows(summary: PortfolioSummary) -> list[list[str]]:
    """Each currency's totals over the portfolio, then each providing party's."""
    return [
        [
            "all" if party is None else f"party {party}",
            totals.unit,
            str(totals.funds),
            *(
                _numbers.amount(getattr(totals, f), totals.unit)
                for f in SHOWN_FUND_FIGURES
            ),
            _numbers.percent(totals.utilisation),
        ]
        for party, totals in fund_rows(summary)
    ]
