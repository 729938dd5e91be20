"""What importing the library brings: every name, and only the modules used."""

from __future__ import annotations

import functools
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

#: The layers that import some of their names on first use.
LAZY_LAYERS = (
    "mutualcommit.model",
    "mutualcommit.serialize",
    "mutualcommit.kpi",
    "mutualcommit.calendar",
)


def _loaded(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sys.modules))\n"
    out = subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(out.split())


@functools.cache
def _at_start() -> set[str]:
    return _loaded("pass")


def modules_after(statement: str) -> set[str]:
    """Return the modules *statement* loads in a fresh interpreter.

    Those the interpreter loaded before (its own, or a coverage tool's) are
    left out.
    """
    return _loaded(statement) - _at_start()


class TestLayerNames:
    """A layer's names imported on first use are there like the others."""

    @pytest.mark.parametrize("layer", LAZY_LAYERS)
    def test_every_name_resolves(self, layer: str) -> None:
        """No public name of the layer is missing."""
        module = importlib.import_module(layer)

        missing = [n for n in module.__all__ if not hasattr(module, n)]

        assert [] == missing

    @pytest.mark.parametrize("layer", LAZY_LAYERS)
    def test_dir_lists_every_name(self, layer: str) -> None:
        """``dir()`` (and so completion) lists the names not imported yet."""
        module = importlib.import_module(layer)

        assert set(module.__all__) <= set(dir(module))

    @pytest.mark.parametrize("layer", LAZY_LAYERS)
    def test_unknown_name(self, layer: str) -> None:
        """Any other name is an AttributeError naming it, as for any module."""
        module = importlib.import_module(layer)

        with pytest.raises(AttributeError, match=f"{layer}' has no attribute 'nope'"):
            _ = module.nope

    def test_same_objects_from_every_path(self) -> None:
        """A name read on first use is the one the package and the layer give."""
        import mutualcommit
        from mutualcommit.kpi import receipt
        from mutualcommit.serialize import load_observations

        assert receipt is mutualcommit.receipt
        assert load_observations is mutualcommit.load_observations


class TestImportedModules:
    """A program loads the modules of what it uses, not the whole library."""

    def test_bare_import(self) -> None:
        """``import mutualcommit`` loads no layer and no dependency."""
        loaded = modules_after("import mutualcommit")

        assert {"mutualcommit"} == {m for m in loaded if m.startswith("mutualcommit")}
        assert "attrs" not in loaded

    def test_formats(self) -> None:
        """Reading and writing agreements loads the model and that format only."""
        loaded = modules_after("from mutualcommit import Agreement, dumps, loads")

        unused = {
            "cattrs",
            "mutualcommit.calendar",
            "mutualcommit.kpi",
            "mutualcommit.model._observation",
            "mutualcommit.render",
            "mutualcommit.rules",
            "mutualcommit.serialize._converter",
            "mutualcommit.serialize._fast_read",
            "mutualcommit.serialize._fund_events",
            "mutualcommit.serialize._observations",
            "mutualcommit.serialize._schema",
        }
        assert set() == unused & loaded

    def test_read_and_write_without_cattrs(self) -> None:
        """A well-formed document is read and written without importing cattrs.

        cattrs comes with the first use of what needs it: `from_dict`, a
        document the typed reader leaves to the general one, or
        `make_converter`.
        """
        path = EXAMPLES / "it_vendor" / "agreement.json"
        read_write = (
            "from mutualcommit import dumps, loads\n"
            f"agreement = loads(open({str(path)!r}, encoding='utf-8').read())\n"
            "dumps(agreement); dumps(agreement, indent=2)\n"
            "dumps(agreement, canonical=True); agreement.fingerprint()"
        )

        assert "cattrs" not in modules_after(read_write)
        assert "cattrs" in modules_after(
            f"{read_write}\n"
            "from mutualcommit import from_dict, to_dict\n"
            "from_dict(to_dict(agreement))"
        )

    def test_evaluate(self) -> None:
        """Evaluating loads neither the formats nor reports, receipts and reviews."""
        loaded = modules_after("from mutualcommit import evaluate")

        unused = {
            "dateutil.rrule",
            "hashlib",
            "mutualcommit.calendar._ical",
            "mutualcommit.calendar._reviews",
            "mutualcommit.kpi._exceptions",
            "mutualcommit.kpi._json",
            "mutualcommit.kpi._receipt",
            "mutualcommit.render",
            "mutualcommit.rules",
            "mutualcommit.serialize",
        }
        assert set() == unused & loaded

    def test_render_layer(self) -> None:
        """Importing the render layer reads no catalog (nor its file machinery)."""
        loaded = modules_after("import mutualcommit.render")

        assert set() == {"babel", "importlib.resources", "tempfile"} & loaded
