"""Run the benchmarks: every ``benchmarks/bench_*.py`` module, in name order.

Each benchmark module defines ``main(quick: bool) -> None``, which times its
cases and prints one ``name: ratio`` line per comparison. ``--quick`` asks
for a smoke run with small inputs. Name modules to run only those::

    python benchmarks/run.py --quick
    python benchmarks/run.py bench_kpi serialize

A module without a ``main`` function is an error, not a silent skip.
Helpers the benchmarks share live in modules without the prefix
(``timing.py``: the CPU-time, take-turns timers); this runner puts the
folder on ``sys.path``, so a benchmark imports them as top-level modules.

At the end it prints the performance targets as a compact table: each
measured line that has a target, its value, the target and whether this
run meets it. Lines a module did not print (not run, or ``--quick``
printing an extrapolation instead) are left out or labelled.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
PREFIX = "bench_"


class BenchmarkError(Exception):
    """A benchmark module cannot be found or does not follow the harness."""


def discover(names: Sequence[str] = ()) -> list[str]:
    """Return the benchmark module names to run, sorted.

    Args:
        names: Module names, with or without the ``bench_`` prefix; empty
            for all of them.

    Raises:
        BenchmarkError: There is no benchmark, or a name matches none.
    """
    found = sorted(path.stem for path in HERE.glob(f"{PREFIX}*.py"))
    if not found:
        msg = f"no {PREFIX}*.py module in {HERE}"
        raise BenchmarkError(msg)
    if not names:
        return found
    wanted = [name if name.startswith(PREFIX) else PREFIX + name for name in names]
    unknown = [name for name in wanted if name not in found]
    if unknown:
        msg = f"unknown benchmarks: {', '.join(unknown)}; known: {', '.join(found)}"
        raise BenchmarkError(msg)
    return sorted(set(wanted))


def load(name: str) -> Callable[..., object]:
    """Import the benchmark module *name* and return its ``main``.

    Raises:
        BenchmarkError: The module has no callable ``main``.
    """
    # Running this file puts its folder first on sys.path: the benchmark
    # modules import as top-level modules and may share helpers.
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    module = importlib.import_module(name)
    main: object = getattr(module, "main", None)
    if not callable(main):
        msg = f"{name}.py defines no main(quick: bool) function"
        raise BenchmarkError(msg)
    return main


#: The targets: (what, line name, "<=" or ">=", target). The line's value is
#: a ratio (the library's time over the peer's) unless the name says seconds.
TARGETS: tuple[tuple[str, str, str, float], ...] = (
    ("loads vs pydantic model_validate_json, IT", "loads_it_vs_pydantic", "<=", 1.0),
    ("loads vs pydantic, large", "loads_large_vs_pydantic", "<=", 1.0),
    ("dumps vs pydantic model_dump_json, IT", "dumps_it_vs_pydantic", "<=", 0.8),
    ("dumps vs pydantic, large", "dumps_large_vs_pydantic", "<=", 0.8),
    ("dumps(indent=2) vs pydantic indent=2, IT", "dumps_indent2_it_vs_pydantic", "<=", 0.8),
    ("evaluate vs single-pass Decimal sum", "evaluate_vs_floor", "<=", 3.0),
    ("evaluate_series(52 dates) vs evaluate", "series52_vs_evaluate", "<=", 5.0),
    ("supply-chain measures vs single-pass sum", "supply_vs_floor", "<=", 3.0),
    ("10,000 agreements, one core, CPU (s)", "serial_cpu_s", "<=", 10.0),
    ("10,000 agreements, one core, vs 10 s", "serial_vs_10s", "<=", 1.0),
    ("10,000 agreements, CPU, extrapolated (--quick) (s)", "serial_cpu_s_10000_extrapolated", "<=", 10.0),
    ("2 processes vs serial", "speedup_2_processes", ">=", 1.7),
    ("2 processes, CPU-bound (idle machine)", "speedup_2_processes_cpu_bound", ">=", 1.7),
    ("import Agreement, loads, dumps vs attrs+cattrs+dateutil", "import_format_vs_deps", "<=", 1.3),
)  # fmt: skip


class _Tee(io.TextIOBase):
    """Write through to a stream and keep the ``name: value`` lines."""

    def __init__(self, stream: io.TextIOBase) -> None:
        self.stream = stream
        self.values: dict[str, float] = {}
        self._partial = ""

    def write(self, text: str) -> int:
        self.stream.write(text)
        lines = (self._partial + text).split("\n")
        self._partial = lines.pop()
        for line in lines:
            name, sep, value = line.partition(":")
            if sep:
                with contextlib.suppress(ValueError):
                    self.values[name.strip()] = float(value)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


def table(values: dict[str, float]) -> str:
    """Return the targets measured in *values* as a Markdown table."""
    rows = ["| operation | measured | target | met |", "|---|---|---|---|"]
    for what, name, sense, target in TARGETS:
        if name not in values:
            continue
        value = values[name]
        met = value <= target if sense == "<=" else value >= target
        rows.append(
            f"| {what} | {value:.2f} | {sense} {target:g} | {'yes' if met else 'NO'} |"
        )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks named on the command line, or all of them.

    A benchmark that raises is reported (its traceback on stderr) and the
    others still run.

    Returns:
        The exit status: 0 when every benchmark ran, 1 when one raised, 2
        for a harness error.
    """
    parser = argparse.ArgumentParser(
        description="Run the benchmarks and print their `name: ratio` lines."
    )
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run with small inputs"
    )
    parser.add_argument("names", nargs="*", help="benchmark modules to run")
    args = parser.parse_args(argv)
    try:
        mains = [(name, load(name)) for name in discover(args.names)]
    except BenchmarkError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    tee = _Tee(sys.stdout)  # type: ignore[arg-type]
    stdout, sys.stdout = sys.stdout, tee
    failed: list[str] = []
    try:
        for name, bench in mains:
            # Headers go to stderr so that stdout holds only `name: ratio` lines.
            print(f"# {name}", file=sys.stderr, flush=True)
            try:
                bench(quick=args.quick)
            except Exception:  # noqa: BLE001 - report it, run the others
                traceback.print_exc()
                failed.append(name)
            sys.stdout.flush()
    finally:
        sys.stdout = stdout
    if len(tee.values) and any(name in tee.values for _, name, _, _ in TARGETS):
        # The summary goes to stderr too: stdout stays `name: value` lines.
        print("# targets (best-of-N CPU time; see each module)", file=sys.stderr)
        print(table(tee.values), file=sys.stderr, flush=True)
    if failed:
        print(f"error: failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
