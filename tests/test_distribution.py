"""What the distributions carry: the source archive runs its own tests, and the license ships."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Files every source archive carries whatever its include list says.
ALWAYS = {"README.md", "pyproject.toml", "LICENSE"}
# Tracked but left out of the archive, each for a reason.
LEFT_OUT = {
    # CI's entry point: it runs on a clone of the repository.
    ".ci",
    # Read by git alone.
    ".gitignore",
}


def _project() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


def _tracked_top_level() -> set[str]:
    """Return the top-level entries git tracks, or skip outside a checkout."""
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (an unpacked source archive, say)")
    listed = subprocess.run(  # noqa: S603 - git, on this repository
        [git, "-C", str(ROOT), "ls-files"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    return {line.split("/", 1)[0] for line in listed}


class TestSourceArchive:
    """The sdist ships everything the tests, the docs and the sessions read."""

    def test_every_tracked_entry_ships_or_is_left_out_for_a_reason(self) -> None:
        """A top-level file or folder added to the tree is added to the sdist too.

        The archive's tests read the scripts (the message catalogue's
        extraction, the pictures of the docs) and babel.cfg: left out, two
        tests failed in the unpacked archive.
        """
        include = _project()["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
        shipped = {entry.strip("/") for entry in include} | ALWAYS

        missing = sorted(_tracked_top_level() - shipped - LEFT_OUT)

        assert [] == missing

    def test_what_the_archive_names_exists(self) -> None:
        """No include entry names a path the tree does not have."""
        include = _project()["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]

        absent = [entry for entry in include if not (ROOT / entry.strip("/")).exists()]

        assert [] == absent


class TestLicense:
    """The license the metadata declares is the text that ships."""

    def test_the_declared_license_file_holds_the_mit_text(self) -> None:
        """The metadata declares MIT and LICENSE, and LICENSE is the MIT text."""
        project = _project()["project"]
        text = (ROOT / "LICENSE").read_text(encoding="utf-8")

        assert ("MIT", ["LICENSE"]) == (project["license"], project["license-files"])
        assert text.startswith("MIT License\n\nCopyright (c) ")
        assert "Permission is hereby granted, free of charge" in text
