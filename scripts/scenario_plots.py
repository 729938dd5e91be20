# ruff: noqa: INP001 - a standalone script, not a package
"""Draw the pictures of ``docs/scenarios.md`` from the scenario walk.

The how-to page shows charts of the walk in ``examples/scenario_modelling.py``
(the IT case at its mid-year review). They are committed, small, under
``docs/_static/scenarios/``, so that the docs build needs no matplotlib;
run this after changing the walk, the charts or the projection::

    python scripts/scenario_plots.py                 # rewrite the PNGs
    python scripts/scenario_plots.py --output DIR    # write them to DIR

``tests/scenarios/test_plots.py`` runs it into a temporary folder, so that
it keeps working and draws every picture the page names.
"""

from __future__ import annotations

import argparse
import runpy
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WALK = ROOT / "examples" / "scenario_modelling.py"
OUTPUT = ROOT / "docs" / "_static" / "scenarios"
#: Small pictures: 8 x 4 inches at 72 dots per inch.
SIZE = (8.0, 4.0)
DPI = 72
#: The file names, as docs/scenarios.md names them.
PICTURES = (
    "burnup-cosell.png",
    "fan-revenue.png",
    "fan-nordics.png",
    "comparison-cosell.png",
)


def draw(output: Path) -> list[Path]:
    """Draw every picture of the page into *output* and return their paths."""
    # A bare Figure draws with Agg; pyplot and its backends stay out of it.
    from matplotlib.figure import Figure

    from mutualcommit.scenarios import plot_burnup, plot_comparison, plot_fan

    walk: dict[str, Any] = runpy.run_path(str(WALK), run_name="scenario_walk")
    plan, log = walk["load"]()
    comparison = walk["comparison"](plan, log)
    more_mdf = comparison.projections["MDF +20 %"]
    nordics = comparison.projections["Nordics pledge"]
    as_of = walk["AS_OF"]

    output.mkdir(parents=True, exist_ok=True)
    charts = {
        "burnup-cosell.png": lambda ax: plot_burnup(
            plan, log, "co-sell-opportunities", as_of=as_of, projection=more_mdf, ax=ax
        ),
        "fan-revenue.png": lambda ax: plot_fan(more_mdf, "partner-revenue", ax=ax),
        "fan-nordics.png": lambda ax: plot_fan(nordics, "globex-nordics", ax=ax),
        "comparison-cosell.png": lambda ax: plot_comparison(
            comparison, "co-sell-opportunities", ax=ax
        ),
    }
    written = []
    for name in PICTURES:
        figure = Figure(figsize=SIZE, layout="constrained")
        charts[name](figure.add_subplot())
        path = output / name
        # No software version in the file: the same chart, the same bytes.
        figure.savefig(path, dpi=DPI, metadata={"Software": None})
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Draw the pictures; return the exit status."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").partition("\n")[0])
    parser.add_argument(
        "--output", type=Path, default=OUTPUT, help="the folder to write to"
    )
    arguments = parser.parse_args(argv)
    for path in draw(arguments.output):
        print(f"{path}: {path.stat().st_size:,} bytes")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
