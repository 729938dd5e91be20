"""The project's development tasks: ``nox -l`` lists them, ``nox`` runs the defaults.

Sessions run on the interpreter nox itself runs under, so a machine with a
single Python (3.11 or later) runs all of them; ``pythons`` runs the tests
on the other supported Pythons on the ``PATH``, and skips those it lacks.
Tool versions come from the ``[dependency-groups]`` of pyproject.toml.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"  # nox.project.dependency_groups
nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = [
    "tests",
    "pythons",
    "lowest",
    "lint",
    "typing",
    "docs",
    "examples",
]

PYPROJECT = nox.project.load_toml("pyproject.toml")
ROOT = Path(__file__).parent
EXAMPLES = ROOT / "examples"


#: Executes the notebooks named on its command line, each in its own folder,
#: on the python3 kernel of the session's environment (ipykernel); a cell that
#: raises fails the run.
_RUN_NOTEBOOKS = """
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

for name in sys.argv[1:]:
    path = Path(name)
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=600,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    print(f"{name}: {len(notebook.cells)} cells ran")
"""


def _groups(*names: str) -> tuple[str, ...]:
    return nox.project.dependency_groups(PYPROJECT, *names)


#: A dependency's floor as pyproject.toml writes it: ``name>=version``.
_FLOOR = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)>=([0-9][0-9A-Za-z.]*)")


def _floors(requirements: Iterable[str]) -> list[str]:
    """Pin each of *requirements* to its floor: ``attrs>=24.1`` -> ``attrs==24.1``."""
    pins = []
    for requirement in requirements:
        match = _FLOOR.fullmatch(requirement)
        if match is None:
            msg = f"{requirement!r}: write a dependency as name>=version (its floor)"
            raise ValueError(msg)
        pins.append(f"{match[1]}=={match[2]}")
    return pins


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _is_script(path: Path) -> bool:
    """Tell whether *path* is an example to run rather than a test or helper."""
    return not (path.name.startswith(("test_", "_")) or path.name == "conftest.py")


def _hypothesis_profile() -> str | None:
    """Pick the hypothesis profile: FAST=1 wins, then CI; an explicit one stays."""
    if "HYPOTHESIS_PROFILE" in os.environ:
        return None
    if os.environ.get("FAST") == "1":
        return "fast"
    if os.environ.get("CI"):
        return "ci"
    return None


def _run_suite(session: nox.Session, *options: str) -> None:
    """Run pytest with *options* and the session's arguments, in the chosen hypothesis profile."""
    profile = _hypothesis_profile()
    if profile is not None:
        session.env["HYPOTHESIS_PROFILE"] = profile
    session.run("pytest", *options, *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite against the installed package, under coverage."""
    session.install(".[testing]", *_groups("tests"))
    _run_suite(session, "--cov=mutualcommit", "--cov-report=term")


#: The Pythons the package supports (pyproject.toml's classifiers).
PYTHONS = [
    classifier.rsplit(" ", 1)[1]
    for classifier in PYPROJECT["project"]["classifiers"]
    if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", classifier)
]
#: The Python nox runs on, which the other sessions use.
_OWN_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
# A supported Python the machine lacks is skipped (and said so), on CI too.
nox.options.error_on_missing_interpreters = False


@nox.session(python=[python for python in PYTHONS if python != _OWN_PYTHON])
def pythons(session: nox.Session) -> None:
    """Run the test suite on each other supported Python on the ``PATH``.

    ``tests`` runs it on nox's own Python, under coverage; this session on
    the others (``python3.12`` and so on), without. A Python not found is
    skipped, with a line that says so; ``.ci/run`` makes pyenv's Pythons
    visible (``PYENV_VERSION``).
    """
    session.install(".[testing]", *_groups("tests"))
    _run_suite(session)


@nox.session
def lowest(session: nox.Session) -> None:
    """Run the test suite with each dependency at the oldest release pyproject.toml accepts.

    The floors (``attrs>=24.1`` and the others, and the ``testing`` extra's
    hypothesis) are a promise to a user whose other packages hold one back;
    this session keeps it. The test tools are the tests group's, as released.
    """
    project = PYPROJECT["project"]
    pins = _floors(
        [*project["dependencies"], *project["optional-dependencies"]["testing"]]
    )
    session.install(".", *_groups("tests"), *pins)
    session.run("python", "-m", "pip", "list")
    _run_suite(session)


@nox.session
def lint(session: nox.Session) -> None:
    """Check the code with ruff and that it is formatted."""
    session.install(*_groups("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typing(session: nox.Session) -> None:
    """Type-check the package, tests, examples and benchmarks (or the given paths)."""
    session.install(".[testing]", *_groups("typing", "bench", "examples"))
    # mypy refuses a directory without Python files: check only those with some.
    paths = [
        name
        for name in ("src", "tests", "examples", "benchmarks")
        if any((ROOT / name).rglob("*.py"))
    ]
    session.run("mypy", *(session.posargs or paths))


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation (warnings fail it) and run its doctests."""
    session.install(".[testing]", *_groups("docs"))
    for builder in ("html", "doctest"):
        session.run(
            "sphinx-build",
            "-n",
            "-W",
            "--keep-going",
            "-b",
            builder,
            "docs",
            f"docs/_build/{builder}",
            *session.posargs,
        )


@nox.session
def examples(session: nox.Session) -> None:
    """Run every example script and notebook, check every example agreement, test the rest.

    ``examples/**/test_*.py`` are test modules a downstream team would copy:
    pytest runs them. ``examples/*.ipynb`` run through nbclient on a local
    python3 kernel, so that they never rot. The CLI checks each
    ``examples/*/agreement.json``; it must exit 0 (no error finding) or 1
    (error findings), never 2.
    """
    sources = sorted(EXAMPLES.rglob("*.py"))
    scripts = [path for path in sources if _is_script(path)]
    test_modules = [path for path in sources if path.name.startswith("test_")]
    notebooks = sorted(EXAMPLES.glob("*.ipynb"))
    agreements = sorted(EXAMPLES.glob("*/agreement.json"))
    if not (scripts or test_modules or notebooks or agreements):
        session.skip("examples/ has no scripts, notebooks, tests or agreements yet")

    session.install(".", *_groups("examples"))
    for script in scripts:
        session.run("python", _relative(script))
    if notebooks:
        session.run("python", "-c", _RUN_NOTEBOOKS, *map(_relative, notebooks))
    for agreement in agreements:
        output = session.run(
            "mutualcommit",
            "check",
            _relative(agreement),
            success_codes=[0, 1],
            silent=True,
        )
        sys.stdout.write(str(output))
        # An uncaught exception exits with 1 too: tell it from error findings.
        if "Traceback (most recent call last)" in str(output):
            session.error(f"mutualcommit check {_relative(agreement)} crashed")
    if test_modules:
        session.install(*_groups("tests"))
        session.run("pytest", "examples", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks and print their ratios (``-- --quick`` for a smoke run)."""
    session.install(".", *_groups("bench", "tests"))
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session
def fuzz(session: nox.Session) -> None:
    """Fuzz every reader and what runs on what they accept (``-- --budget N``).

    Not a default session: CI runs it with a small budget after the others.
    Any exception that is not the library's documented error, or any input
    over the time limit, fails it; the inputs go to ``fuzz-failures/``.
    """
    session.install(".")
    session.run("python", "scripts/fuzz.py", *(session.posargs or ["--budget", "2000"]))


@nox.session
def mutation(session: nox.Session) -> None:
    """Run mutation testing (mutmut) on model, kpi and rules; print the survivors.

    Slow: hours for all three packages. Name mutants to run only some
    (``-- "mutualcommit.model._decimal*"``). What mutmut mutates and which
    tests it runs are in ``[tool.mutmut]`` of pyproject.toml; the results
    stay in ``mutants/``, and ``mutmut results`` lists the survivors.
    Mutants run one at a time, so that a shared machine keeps a core for
    others; MUTATION_CHILDREN=N runs N at once.
    """
    session.install(".[testing]", *_groups("tests", "mutation"))
    session.env["HYPOTHESIS_PROFILE"] = "mutation"
    children = os.environ.get("MUTATION_CHILDREN", "1")
    session.run("mutmut", "run", "--max-children", children, *session.posargs)
    session.run("mutmut", "results")
