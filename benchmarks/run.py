"""Run the benchmarks: every ``benchmarks/bench_*.py`` module, in name order.

Each benchmark module defines ``main(quick: bool) -> None``, which times its
cases and prints one ``name: ratio`` line per comparison. ``--quick`` asks
for a smoke run with small inputs. Name modules to run only those::

    python benchmarks/run.py --quick
    python benchmarks/run.py bench_kpi serialize

A module without a ``main`` function is an error, not a silent skip.
"""

from __future__ import annotations

import argparse
import importlib
import sys
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks named on the command line, or all of them.

    Returns:
        The exit status: 0 when every benchmark ran, 2 for a harness error.
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
    for name, bench in mains:
        # Headers go to stderr so that stdout holds only `name: ratio` lines.
        print(f"# {name}", file=sys.stderr, flush=True)
        bench(quick=args.quick)
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
