# ruff: noqa: INP001 - a standalone script, not a package
"""Write the table of code points whose normalisation differs between Pythons.

Run it with the newest Python at hand, naming the oldest one the library
supports (its Unicode database is the base)::

    python3.13 scripts/update_unicode_table.py --base python3.11
    python3.13 scripts/update_unicode_table.py --base python3.11 --check

The fingerprint and the receipts read text in Unicode NFC, and each Python
normalises by its own Unicode database (3.11 has Unicode 14.0, 3.12 15.0,
3.13 15.1). Unicode promises that the NFC form of text made of characters
a version assigns never changes in a later version; it promises nothing for
a code point the version leaves unassigned, which a later version may make
a combining mark (NFC then reorders it) or a character that composes or
decomposes. So the model refuses, in the text it normalises, every code
point the base version does not assign, except those the newest version
assigns as characters that normalisation leaves alone (combining class 0,
no canonical decomposition, in no character's canonical decomposition):
an emoji of Unicode 15, say. A code point no version at hand assigns is
refused: what a future version makes of it is not known.

The table is written to ``src/mutualcommit/model/_unicode_table.py``, whose
module is the same on every Python: which text the model accepts, and so
every fingerprint, does not depend on the Python that checks it. Run this
again when a newer Python is out (a character it assigns becomes accepted)
or when the oldest supported Python changes (its version becomes the base).
``--check`` exits 1 when the file is not what the two Pythons give.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "src" / "mutualcommit" / "model" / "_unicode_table.py"
LAST = 0x10FFFF

#: Run by each Python: its Unicode version, the code points it assigns and
#: those normalisation acts on, as ranges of code points.
_DUMP = """
import json, unicodedata

def ranges(test):
    found, start = [], None
    for point in range(0x110000):
        if test(point):
            if start is None:
                start = point
        elif start is not None:
            found.append([start, point - 1])
            start = None
    if start is not None:
        found.append([start, 0x10FFFF])
    return found

active = set()
for point in range(0x110000):
    char = chr(point)
    if unicodedata.combining(char):
        active.add(point)
    decomposition = unicodedata.decomposition(char)
    if decomposition and not decomposition.startswith("<"):
        active.add(point)
        active.update(int(part, 16) for part in decomposition.split())
import sys
print(json.dumps({
    "version": unicodedata.unidata_version,
    "python": "%d.%d" % sys.version_info[:2],
    "assigned": ranges(lambda point: unicodedata.category(chr(point)) != "Cn"),
    "active": ranges(active.__contains__),
}))
"""

#: The noncharacters: unassigned for good, so never given a property.
NONCHARACTERS = frozenset(
    [*range(0xFDD0, 0xFDF0)]
    + [plane * 0x10000 + last for plane in range(17) for last in (0xFFFE, 0xFFFF)]
)


def database(python: str) -> dict[str, object]:
    """Return what *python*'s Unicode database says (see ``_DUMP``)."""
    done = subprocess.run(  # noqa: S603 - the interpreter the caller named
        [python, "-c", _DUMP], check=True, capture_output=True, text=True
    )
    found: dict[str, object] = json.loads(done.stdout)
    return found


def _points(ranges: object) -> set[int]:
    points: set[int] = set()
    for first, last in ranges:  # type: ignore[attr-defined]
        points.update(range(first, last + 1))
    return points


def _ranges(points: Iterable[int]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for point in sorted(points):
        if found and found[-1][1] == point - 1:
            found[-1] = (found[-1][0], point)
        else:
            found.append((point, point))
    return found


def table(base: dict[str, object], newest: dict[str, object]) -> str:
    """Return the module's text for the *base* and *newest* databases."""
    assigned = _points(base["assigned"]) | NONCHARACTERS
    inert = _points(newest["assigned"]) - _points(newest["active"]) - assigned
    refused = set(range(LAST + 1)) - assigned - inert
    return "\n".join(
        [
            '"""The code points the model refuses in text it normalises: made by a script.',
            "",
            "Written by ``scripts/update_unicode_table.py`` (its docstring says why",
            "and how to run it again); do not edit it by hand. The same on every",
            "Python, so that the text the model accepts, and every fingerprint, do",
            "not depend on the Python's Unicode database.",
            '"""',
            "",
            "#: The Unicode version of the oldest Python the library supports: the",
            "#: code points it assigns are accepted.",
            f'BASE_VERSION = "{base["version"]}"',
            "#: That Python's version.",
            f'BASE_PYTHON = "{base["python"]}"',
            "#: The newest Unicode version the table was made with.",
            f'NEWEST_VERSION = "{newest["version"]}"',
            "",
            "# Four ranges a line, not one: ruff would make the table 800 lines.",
            "# fmt: off",
            "",
            "#: Code points accepted though BASE_VERSION does not assign them: those",
            "#: NEWEST_VERSION assigns as characters normalisation leaves alone.",
            f"NEW_INERT: tuple[tuple[int, int], ...] = ({_rows(_ranges(inert))})",
            "",
            "#: Code points refused: every one neither BASE_VERSION assigns (nor a",
            "#: noncharacter) nor NEW_INERT holds, as (first, last) ranges.",
            f"REFUSED: tuple[tuple[int, int], ...] = ({_rows(_ranges(refused))})",
            "",
            "# fmt: on",
            "",
        ]
    )


def _rows(ranges: Sequence[tuple[int, int]]) -> str:
    """Write *ranges* four a line, in hex."""
    cells = [f"(0x{first:04X}, 0x{last:04X})," for first, last in ranges]
    lines = [" ".join(cells[at : at + 4]) for at in range(0, len(cells), 4)]
    return "\n" + "".join(f"    {line}\n" for line in lines)


def _version(found: dict[str, object]) -> tuple[int, ...]:
    return tuple(int(part) for part in str(found["version"]).split("."))


def main(argv: Sequence[str] | None = None) -> int:
    """Write the table, or with ``--check`` say whether it is current (exit 1 if not)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").partition("\n")[0])
    parser.add_argument(
        "--base",
        default="python3.11",
        help="the oldest Python the library supports (default: python3.11)",
    )
    parser.add_argument(
        "--newest",
        default=sys.executable,
        help="the newest Python at hand (default: the one running this script)",
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the table is not current"
    )
    options = parser.parse_args(argv)
    base, newest = database(options.base), database(options.newest)
    if _version(newest) < _version(base):
        parser.error(f"--newest has Unicode {newest['version']}, older than --base's")
    text = table(base, newest)
    current = TABLE.read_text(encoding="utf-8") if TABLE.exists() else ""
    if options.check:
        if text != current:
            print(f"{TABLE.relative_to(ROOT)} is not current: run without --check")  # noqa: T201 - a command line
            return 1
        print(f"{TABLE.relative_to(ROOT)} is current")  # noqa: T201
        return 0
    if text != current:
        TABLE.write_text(text, encoding="utf-8")
        print(f"wrote {TABLE.relative_to(ROOT)}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
