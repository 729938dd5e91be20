# ruff: noqa: INP001 - a standalone script, not a package
"""Extract, update and compile the message catalogs of ``mutualcommit.render``.

Run it from anywhere after changing a label, a finding template or a
translation::

    python scripts/update_catalogs.py           # extract -> update -> compile
    python scripts/update_catalogs.py --check   # exit 1 if anything is stale

It drives babel's own tools, the library behind ``pybabel extract``,
``pybabel update`` and ``pybabel compile``:

1. **extract** the messages of ``src/mutualcommit/render`` with babel's
   Python extractor (the mapping is ``babel.cfg``; the keywords are
   gettext's, with ``pgettext``/``npgettext`` contexts) and every finding
   template of ``mutualcommit.rules.MESSAGES`` (its message context is the
   rule's code), into ``locale/messages.pot``;
2. **update** each ``locale/<lang>/LC_MESSAGES/mutualcommit.po`` from it
   (a new message arrives untranslated, a changed one fuzzy; a missing
   catalog is created, as ``pybabel init`` would);
3. **compile** each catalog to its ``.mo`` (fuzzy entries left out, so they
   read English until a translator confirms them).

The compiled ``.mo`` files are committed, so a plain ``pip install .`` ships
them; ``tests/render/test_catalogs.py`` fails when one is out of date.
A file is rewritten only when its messages change, so the dates in its
header, and the babel version that wrote it, stay put: another babel (a new
release, or the oldest the library supports) finds nothing stale.
"""

from __future__ import annotations

import argparse
import io
import struct
import sys
from collections.abc import Sequence
from pathlib import Path

import babel
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
LOCALE = SRC / "mutualcommit" / "render" / "locale"
TEMPLATE = LOCALE / "messages.pot"
MAPPING = ROOT / "babel.cfg"
DOMAIN = "mutualcommit"
LANGUAGES = ("de", "es", "fr", "ja")
RULES = "mutualcommit/rules/_messages.py"
#: Comments in the source that start so are copied for the translators.
COMMENT_TAGS = ("Translators:",)
#: The oldest babel that extracts the catalogs as they are: 2.17 flags each
#: message with a ``{field}`` ``python-brace-format``, which older ones do
#: not (the library itself renders with older ones; only this tool needs it).
EXTRACTING_BABEL = (2, 17)


def babel_extracts() -> bool:
    """Tell whether the installed babel extracts the catalogs as they are."""
    major, minor = (int(part) for part in babel.__version__.split(".")[:2])
    return (major, minor) >= EXTRACTING_BABEL


def extract() -> Catalog:
    """Return the template catalog: the render labels and the finding templates."""
    # Babel 2.16 named it; import it here so that mo_messages works with any.
    from babel.messages.frontend import parse_mapping_cfg

    sys.path.insert(0, str(SRC))
    from mutualcommit.rules import MESSAGES

    template = Catalog(
        project="mutualcommit",
        copyright_holder="the mutualcommit authors",
        charset="utf-8",
        fuzzy=False,
    )
    with MAPPING.open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(  # type: ignore[no-untyped-call]
            config, str(MAPPING)
        )
    for filename, lineno, message, comments, context in extract_from_dir(
        SRC,
        method_map,
        options_map,
        keywords=DEFAULT_KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        template.add(
            message,
            None,
            [(filename, lineno)],
            auto_comments=comments,
            context=context,
        )
    for code, templates in MESSAGES.items():
        for key, text in templates.items():
            template.add(
                text,
                None,
                [(RULES, 0)],
                auto_comments=[f"Finding {code}, about a {key}: fill the same fields."],
                context=code,
            )
    return template


def _messages(catalog: Catalog) -> list[tuple[object, ...]]:
    """Return what matters in *catalog*, leaving out the header and its dates.

    The order does not matter either: moving code around changes no file.
    """
    entries = [
        (
            message.context,
            message.id,
            message.string,
            sorted(message.flags),
            message.auto_comments,
            message.locations,
        )
        for message in catalog
        if message.id
    ]
    return sorted(entries, key=repr)


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, ignore_obsolete=True, include_lineno=False)
    return buffer.getvalue()


def _read(path: Path, locale: str | None = None) -> Catalog | None:
    if not path.is_file():
        return None
    with path.open("rb") as file:
        return read_po(file, locale=locale, domain=DOMAIN)


def compiled(catalog: Catalog) -> bytes:
    """Return the ``.mo`` bytes of *catalog*, without its fuzzy entries."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def mo_messages(data: bytes) -> dict[bytes, bytes]:
    """Return the messages of the ``.mo`` file *data*, each id to its translation.

    The header (the message with the empty id) is kept without its
    ``Generated-By`` line: it names the babel that compiled the file, so two
    babels compile one catalog to the same messages but not the same bytes.
    """
    order = "<" if data[:4] == b"\xde\x12\x04\x95" else ">"
    count, ids, strings = struct.unpack_from(order + "3I", data, 8)
    messages = {}
    for i in range(count):
        length, start = struct.unpack_from(order + "2I", data, ids + 8 * i)
        key = data[start : start + length]
        length, start = struct.unpack_from(order + "2I", data, strings + 8 * i)
        value = data[start : start + length]
        if not key:
            lines = value.split(b"\n")
            value = b"\n".join(x for x in lines if not x.startswith(b"Generated-By:"))
        messages[key] = value
    return messages


def _put(path: Path, data: bytes, *, check: bool, stale: list[Path]) -> None:
    if path.is_file():
        written = path.read_bytes()
        if written == data or (
            path.suffix == ".mo" and mo_messages(written) == mo_messages(data)
        ):
            return
    stale.append(path)
    if not check:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def run(*, check: bool) -> list[Path]:
    """Extract, update and compile; return the files that were (or are) stale."""
    stale: list[Path] = []
    template = extract()
    # A location's line is left out, so that moving code changes nothing.
    previous = _read(TEMPLATE)
    if previous is not None and _messages(previous) == _messages(
        read_po(io.BytesIO(_po_bytes(template)))
    ):
        template = previous
    else:
        _put(TEMPLATE, _po_bytes(template), check=check, stale=stale)
    for language in LANGUAGES:
        folder = LOCALE / language / "LC_MESSAGES"
        po_path = folder / f"{DOMAIN}.po"
        catalog = _read(po_path, language)
        if catalog is None:
            catalog = Catalog(
                locale=language,
                domain=DOMAIN,
                project="mutualcommit",
                copyright_holder="the mutualcommit authors",
                last_translator="the mutualcommit authors",
                language_team=language,
                fuzzy=False,
            )
        before = _messages(catalog)
        catalog.update(template, update_creation_date=False)
        catalog.obsolete.clear()
        if before != _messages(catalog) or not po_path.is_file():
            _put(po_path, _po_bytes(catalog), check=check, stale=stale)
        # Compile what the .po file says, as the test does.
        written = read_po(io.BytesIO(_po_bytes(catalog)), locale=language)
        _put(folder / f"{DOMAIN}.mo", compiled(written), check=check, stale=stale)
    return stale


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return 1 when ``--check`` finds stale files."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").partition("\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when a catalog is out of date",
    )
    args = parser.parse_args(argv)
    if not babel_extracts():
        wanted = ".".join(map(str, EXTRACTING_BABEL))
        parser.exit(
            2,
            f"{parser.prog}: extracting the catalogs needs babel {wanted} or later, "
            f"which flags brace formats; this is babel {babel.__version__}\n",
        )
    stale = run(check=args.check)
    for path in stale:
        verb = "stale" if args.check else "wrote"
        print(f"{verb}: {path.relative_to(ROOT)}")  # noqa: T201 - a command line
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
