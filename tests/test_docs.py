"""The documentation's code runs: Python as doctests, command lines here."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
import runpy
import shlex
import shutil
from pathlib import Path

import pytest

from mutualcommit import Agreement
from mutualcommit.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]

#: A fenced block: its opening fence's info string and its body.
_FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```", re.DOTALL | re.MULTILINE)
#: Put right before a console block whose commands cannot run here.
_NOT_RUN = "<!-- not run: "


def _blocks(page: Path) -> list[tuple[str, str, str]]:
    """Return ``(info, body, text before the block)`` for every fenced block."""
    text = page.read_text(encoding="utf-8")
    return [
        (match[1].strip(), match[2], text[: match.start()])
        for match in _FENCE.finditer(text)
    ]


def _commands() -> list[tuple[str, str]]:
    """Return ``(page, command line)`` for every CLI line of a console block."""
    return [(page, command) for page, command, _ in _shown()]


def _shown() -> list[tuple[str, str, tuple[str, ...]]]:
    """Return ``(page, command line, output lines shown)`` for every CLI line."""
    found: list[tuple[str, str, tuple[str, ...]]] = []
    for page in PAGES:
        for info, body, before in _blocks(page):
            last_line = before.rstrip().rsplit("\n", 1)[-1]
            if info != "console" or last_line.startswith(_NOT_RUN):
                continue
            output: list[str] = []
            for line in body.replace("\\\n", " ").splitlines():
                command = line.removeprefix("$ ").strip()
                if command.startswith("mutualcommit "):
                    output = []
                    found.append((page.name, command, ()))
                elif found and found[-1][0] == page.name and not line.startswith("$"):
                    output.append(line)
                    found[-1] = (*found[-1][:2], tuple(output))
    return found


COMMANDS = _commands()


class TestPythonBlocks:
    """Python in the docs is written as doctests, which the docs build runs."""

    @pytest.mark.parametrize("page", PAGES[:-1], ids=lambda page: page.name)
    def test_no_block_escapes_the_doctests(self, page: Path) -> None:
        """No page has a plain ``python`` block that no test would run."""
        plain = [body for info, body, _ in _blocks(page) if info in {"python", "py"}]

        assert [] == plain

    def test_the_scenarios_guide_passes_plain_doctest(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``python -m doctest docs/scenarios.md`` passes, as the Sphinx build does.

        Each block's closing fence followed its last output line, so plain
        doctest read the fence as output and failed five examples.
        """
        monkeypatch.chdir(ROOT)  # the guide reads examples/ from the root

        result = doctest.testfile(
            str(ROOT / "docs" / "scenarios.md"),
            module_relative=False,
            report=False,
        )

        assert (0, True) == (result.failed, result.attempted > 20)


def _typed_script(page: Path) -> str:
    """Return a page's Python examples as one script, as Sphinx runs them in one namespace.

    An example that shows an error (its expected output is a traceback)
    is left out: a type checker is right to flag a float where a Decimal
    goes, which the page passes on purpose to show the error.
    """
    parser = doctest.DocTestParser()
    lines: list[str] = []
    for info, body, _ in _blocks(page):
        if info == "{testcode}":
            lines.append(body)
        elif info == "{doctest}":
            lines.extend(
                example.source
                for example in parser.get_examples(body)
                if example.exc_msg is None
            )
    return "".join(lines)


class TestDoctestFlags:
    """The docs build runs each example as plain doctest reads it."""

    def test_no_flag_loosens_a_match(self) -> None:
        """Sphinx's default ELLIPSIS let ``...`` cut an output short with no directive.

        Plain doctest read the same example as a failure; now an example
        that cuts its output says ``# doctest: +ELLIPSIS``.
        """
        pytest.importorskip("sphinx", reason="the docs' dependencies are not installed")
        conf = runpy.run_path(str(ROOT / "docs" / "conf.py"))

        loose = (
            doctest.ELLIPSIS
            | doctest.IGNORE_EXCEPTION_DETAIL
            | doctest.NORMALIZE_WHITESPACE
        )
        assert 0 == conf.get("doctest_default_flags", loose) & loose


class TestExamplesTypeCheck:
    """The docs' examples type-check under ``mypy --strict``, as a user's copy of them would."""

    def test_strict(self, tmp_path: Path) -> None:
        """Every page's examples, the untyped helpers they define aside.

        Optional values are narrowed before they are used (``basis.since``,
        a goal's ``target``) and a portfolio's result is told from an error
        in its place before its findings are read, as the tutorial narrows
        a window's pace: a reader who copies them gets no error.
        """
        api = pytest.importorskip("mypy.api", reason="mypy is not installed")
        scripts = []
        for page in PAGES[:-1]:
            script = _typed_script(page)
            if script:
                path = tmp_path / f"doc_{page.stem.replace('-', '_')}.py"
                path.write_text(script, encoding="utf-8")
                scripts.append(str(path))
        config = tmp_path / "mypy.ini"
        config.write_text(
            "[mypy]\n"
            "strict = True\n"
            f"mypy_path = {ROOT / 'src'}\n"
            # A page defines small helpers as a doctest reader writes them.
            "disable_error_code = no-untyped-def, no-untyped-call\n"
            "[mypy-distributed.*]\n"
            "ignore_missing_imports = True\n",
            encoding="utf-8",
        )

        out, err, _ = api.run(
            [
                "--config-file",
                str(config),
                "--cache-dir",
                str(tmp_path / "cache"),
                "--no-pretty",
                "--no-error-summary",
                *scripts,
            ]
        )

        assert ([], "") == (
            [line for line in out.splitlines() if ": error:" in line],
            err,
        )


#: Prose that sends the reader to another page by name: "see the KPI page",
#: "the rule catalogue". Such a phrase belongs in a link's text.
_PAGE_NAMED = re.compile(
    r"\bthe (?:(?:kpi|rules?|format|agreement format|calendar|funds|remedies|"
    r"incentives|exceptions|signatures|documents|scenarios|portfolios?|frames|"
    r"performance|testing|development|install(?:ing)?|overview|api|tutorial|"
    r"changelog) (?:page|guide|reference)|rule catalogue|api reference|tutorial)\b",
    re.IGNORECASE,
)
#: What cannot hold a link, or is one: a fenced block, inline code, a
#: Markdown link (its text may wrap), a role such as {doc}`...`.
_NOT_PROSE = re.compile(
    r"^```.*?^```|\{\w+\}`[^`]*`|`[^`\n]*`|\[[^\]]*\]\([^)]*\)",
    re.DOTALL | re.MULTILINE,
)


def _unlinked(page: Path) -> list[str]:
    """Return each phrase of *page*'s prose that names another page, unlinked."""
    prose = " ".join(_NOT_PROSE.sub(" ", page.read_text(encoding="utf-8")).split())
    own = {
        "rules": "rule catalogue",
        "api": "api reference",
        "tutorial": "tutorial",
    }.get(page.stem)
    return [
        found
        for found in _PAGE_NAMED.findall(prose)
        if found.lower().removeprefix("the ") != own
    ]


class TestCrossReferences:
    """A page that sends the reader to another page links to it."""

    @pytest.mark.parametrize("page", PAGES[:-1], ids=lambda page: page.name)
    def test_a_page_named_is_linked(self, page: Path) -> None:
        """A page named in prose ("see the KPI page") is a link, not plain text.

        The tutorial's next steps named the KPI page and the rule catalogue
        in plain words: a reader had to go back to the table of contents.
        """
        assert [] == _unlinked(page)


class TestConsoleBlocks:
    """Every ``mutualcommit`` command shown in a console block runs as shown."""

    def test_there_are_commands(self) -> None:
        """The docs show the command line at all (check, evaluate, render...)."""
        shown = {shlex.split(command)[1] for _, command in COMMANDS}

        assert {"check", "evaluate", "render", "calendar"} <= shown

    @pytest.mark.parametrize(("page", "command"), COMMANDS)
    def test_command_runs(
        self,
        page: str,
        command: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsysbinary: pytest.CaptureFixture[bytes],
    ) -> None:
        """The command exits 0 (or 1: error findings) and prints something."""
        shutil.copytree(ROOT / "examples", tmp_path / "examples")
        monkeypatch.chdir(tmp_path)
        words = shlex.split(command.partition(" > ")[0])

        status = main(words[1:])

        out, err = capsysbinary.readouterr()
        assert status in {0, 1}, f"{page}: {command}\n{err.decode()}"
        assert b"Traceback" not in err
        assert out or any(tmp_path.iterdir())


class TestReadmeOutput:
    """The README's console blocks show lines the commands really print."""

    @pytest.mark.parametrize(
        ("command", "shown"),
        [(c, o) for page, c, o in _shown() if page == "README.md"],
    )
    def test_every_line_shown_is_printed(
        self,
        command: str,
        shown: tuple[str, ...],
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Each output line of the block is a line of the command's output."""
        monkeypatch.chdir(ROOT)

        main(shlex.split(command)[1:])

        printed = capsys.readouterr().out.splitlines()
        assert [] == [line for line in shown if line not in printed]


class TestReferenceConstants:
    """The API reference documents a constant by the comment above it where it is defined."""

    @pytest.mark.parametrize(
        ("name", "first"),
        [
            (
                "mutualcommit.model.MAX_TERM_DAYS",
                "The longest term, in days, both ends included: a hundred years.",
            ),
            (
                "mutualcommit.DEFAULT_POLICY",
                "The default policy: every rule at its default threshold, no exceptions, no",
            ),
            (
                "mutualcommit.portfolio.FUND_FIGURES",
                "The money figures of a `FundWindow`, in order: its fields from",
            ),
        ],
    )
    def test_the_defining_comment(self, name: str, first: str) -> None:
        """Not the docstring of its type (``int([x]) -> integer``) nor of its class."""
        pytest.importorskip("sphinx", reason="the docs' dependencies are not installed")
        conf = runpy.run_path(str(ROOT / "docs" / "conf.py"))
        module, _, attribute = name.rpartition(".")
        value = getattr(importlib.import_module(module), attribute)
        lines = (type(value).__doc__ or "").splitlines()

        conf["_constant_comment"](None, "data", name, value, {}, lines)

        assert first == lines[0]


#: The public packages whose names the API reference leaves out, and why.
_UNLISTED = {
    # It also exports helpers for the library's other layers, which the
    # reference says are not public; it lists those that are by name.
    "mutualcommit.model": "its public names are listed one by one",
}


def _public_packages() -> list[str]:
    """Return mutualcommit and every module or package of it not named with an underscore."""
    import mutualcommit

    found = pkgutil.walk_packages(mutualcommit.__path__, "mutualcommit.")
    return [
        "mutualcommit",
        *sorted(
            info.name
            for info in found
            if not any(part.startswith("_") for part in info.name.split("."))
        ),
    ]


_PACKAGES = [name for name in _public_packages() if name not in _UNLISTED]


class TestReferenceIsWhole:
    """The API reference says names not listed are private: every public name is listed."""

    def test_every_public_package_is_swept(self) -> None:
        """A public package added later is swept too: the list is found, not written."""
        assert {
            "mutualcommit.cli",
            "mutualcommit.errors",
            "mutualcommit.serialize",
            "mutualcommit.testing.strategies",
        } <= set(_PACKAGES)

    @pytest.mark.parametrize("package", _PACKAGES)
    def test_every_public_name(self, package: str) -> None:
        """Each name of a package's ``__all__`` is documented, under that package or the top one.

        ``automodule`` with ``:members:`` documents every name of the module's
        ``__all__``. `serialize.iter_observations`, `migrate` and `Migration`,
        which the format page presents, were missing.
        """
        reference = (ROOT / "docs" / "api.md").read_text("utf-8")
        documented = set(re.findall(r"::\s+(mutualcommit[\w.]*)", reference))
        whole = set(
            re.findall(r"automodule::\s+(mutualcommit[\w.]*)\n\s+:members:", reference)
        )
        module = importlib.import_module(package)
        names = getattr(module, "__all__", None)

        assert names is not None, f"{package} has no __all__"
        missing = [
            name
            for name in names
            if package not in whole
            and f"{package}.{name}" not in documented
            and f"mutualcommit.{name}" not in documented
            and f"{package}.{name}" != package
        ]

        assert [] == missing

    def test_every_agreement_method(self) -> None:
        """The Agreement's members list names every public method: the lookups clause, exception_criterion and remedy were missing."""
        reference = (ROOT / "docs" / "api.md").read_text("utf-8")
        listed = re.search(
            r"autoclass:: mutualcommit\.Agreement\n\s+:members: ([^\n]+)", reference
        )
        methods = {
            name
            for name, value in vars(Agreement).items()
            if not name.startswith("_") and callable(value)
        }

        assert listed is not None
        assert set() == methods - {name.strip() for name in listed.group(1).split(",")}
