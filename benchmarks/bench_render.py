"""Time rendering the IT example's documents, and the share spent in babel (issue 5).

Prints ``name: value`` lines:

- ``agreement_<format>_<locale>_ms``: milliseconds per agreement document,
  warm (babel's locale data already loaded), for Markdown, HTML and text in
  English, German and Japanese;
- ``scorecard_html_ms`` and ``report_html_ms``: the same for the scorecard
  and the check report as of 15 September 2026;
- ``babel_share``: the share of the warm rendering time spent inside babel
  (cProfile, every document above once; formatted values are cached per
  locale, so a warm document mostly hits the cache);
- ``locale_string_parses``: how often babel parsed a locale string while
  rendering warm: 0, as the parsed ``Locale`` is cached per locale;
- ``cold_first_render_ms``: a fresh interpreter's first German HTML
  document, with babel's import and locale data load (a subprocess);
- ``cold_babel_share``: the share of that first document's time spent in
  babel (importing it, loading locale data, formatting every value).
"""

from __future__ import annotations

import cProfile
import datetime as dt
import functools
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mutualcommit.kpi import evaluate
from mutualcommit.model import Agreement
from mutualcommit.render import FORMATS, render
from mutualcommit.rules import check
from mutualcommit.serialize import load_observations, loads

IT = Path(__file__).resolve().parent.parent / "examples" / "it_vendor"
AS_OF = dt.date(2026, 9, 15)
LOCALES = ("en", "de_DE", "ja_JP")


def _per_call_ms(work: Callable[[], object], repeat: int) -> float:
    """Return the best of three runs of *repeat* calls, in ms per call."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(repeat):
            work()
        best = min(best, time.perf_counter() - started)
    return best / repeat * 1000


def _jobs(agreement: Agreement) -> dict[str, Callable[[], object]]:
    log = load_observations((IT / "observations.jsonl").read_text("utf-8"))
    scorecard = evaluate(agreement, log, as_of=AS_OF)
    report = check(agreement, as_of=AS_OF, observations=log)
    jobs: dict[str, Callable[[], object]] = {}
    for form in FORMATS:
        for locale in LOCALES:
            name = f"agreement_{form}_{locale}_ms"
            jobs[name] = functools.partial(
                render, agreement, locale=locale, format=form
            )
    jobs["scorecard_html_ms"] = lambda: render(scorecard, format="html")
    jobs["report_html_ms"] = lambda: render(report, format="html")
    return jobs


def _profile(jobs: dict[str, Callable[[], object]]) -> tuple[float, int]:
    """Return babel's share of the time and its locale string parses."""
    profiler = cProfile.Profile()
    profiler.enable()
    for work in jobs.values():
        work()
    profiler.disable()
    return _babel(pstats.Stats(profiler))


def _babel(stats: pstats.Stats) -> tuple[float, int]:
    """Return babel's share of the profiled time and its locale string parses."""
    entries = stats.stats  # type: ignore[attr-defined]
    total = sum(tottime for _, _, tottime, _, _ in entries.values())
    in_babel = sum(
        tottime
        for (filename, _, _), (_, _, tottime, _, _) in entries.items()
        if "babel" in Path(filename).parts
    )
    parses = sum(
        calls
        for (filename, _, function), (_, calls, _, _, _) in entries.items()
        if function == "parse_locale" and "babel" in Path(filename).parts
    )
    return in_babel / total, parses


_COLD = """
import cProfile, sys, time
from pathlib import Path
from mutualcommit.serialize import loads
from mutualcommit.render import render

agreement = loads(Path(sys.argv[1]).read_text("utf-8"))
profile = sys.argv[2] == "profile"
profiler = cProfile.Profile()
started = time.perf_counter()
if profile:
    profiler.enable()
render(agreement, locale="de_DE", format="html")
if profile:
    profiler.disable()
    profiler.dump_stats(sys.argv[3])
print((time.perf_counter() - started) * 1000)
"""


def _cold(tmp: Path) -> tuple[float, float]:
    """Time a fresh interpreter's first document; profile another's."""
    agreement = str(IT / "agreement.json")
    dump = tmp / "cold.prof"

    def run(*args: str) -> float:
        result = subprocess.run(  # noqa: S603 - this interpreter, our code
            [sys.executable, "-c", _COLD, agreement, *args],
            capture_output=True,
            text=True,
            check=True,
        )
        return float(result.stdout)

    elapsed = min(run("time") for _ in range(3))
    run("profile", str(dump))
    share, _ = _babel(pstats.Stats(str(dump)))
    return elapsed, share


def main(quick: bool = False) -> None:
    """Time the documents and print one ``name: value`` line each."""
    agreement = loads((IT / "agreement.json").read_text("utf-8"))
    jobs = _jobs(agreement)
    for work in jobs.values():  # warm: load babel and every locale once
        work()
    repeat = 2 if quick else 20
    for name, work in jobs.items():
        print(f"{name}: {_per_call_ms(work, repeat):.2f}")
    share, parses = _profile(jobs)
    print(f"babel_share: {share:.2f}")
    print(f"locale_string_parses: {parses}")
    with tempfile.TemporaryDirectory() as tmp:
        elapsed, cold_share = _cold(Path(tmp))
    print(f"cold_first_render_ms: {elapsed:.1f}")
    print(f"cold_babel_share: {cold_share:.2f}")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
