"""The top-level package: lazy public names that stay what they are."""

from __future__ import annotations

import inspect
import pickle
import subprocess
import sys
from pathlib import Path

import mutualcommit

IT_VENDOR = Path(__file__).parent.parent / "examples" / "it_vendor" / "agreement.json"


class TestRenderName:
    """``mutualcommit.render`` is the render package, and calling it renders."""

    def test_every_import_style(self) -> None:
        """Imported as a name, as a module or from the layer: one document, and FORMATS."""
        import mutualcommit.render as layer
        from mutualcommit import render
        from mutualcommit.render import FORMATS
        from mutualcommit.render import render as function

        agreement = mutualcommit.loads(IT_VENDOR.read_bytes())
        documents = {
            function(agreement),
            render(agreement),
            # Type checkers call no module; the package is callable all the same.
            layer(agreement),  # type: ignore[operator]
            layer.render(agreement),
            mutualcommit.render(agreement),
        }

        assert 1 == len(documents)
        assert ("markdown", "html", "text") == FORMATS == layer.FORMATS
        names: list[object] = [layer, render, mutualcommit.render]
        assert [layer] * 3 == names
        assert function is layer.render

    def test_in_a_fresh_process(self) -> None:
        """Before and after the layer's import, the name is the callable package."""
        code = (
            "import mutualcommit\n"
            "first = mutualcommit.render\n"
            "import mutualcommit.render._render\n"
            "from mutualcommit import render\n"
            "print(render is first, render.FORMATS, callable(render))\n"
        )
        out = subprocess.run(  # noqa: S603 - this interpreter, our own code
            [sys.executable, "-c", code],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

        assert "True ('markdown', 'html', 'text') True\n" == out

    def test_signature_and_pickle(self) -> None:
        """The package shows the function's signature and pickles as itself."""
        from mutualcommit import render
        from mutualcommit.render import render as function

        assert inspect.signature(function) == inspect.signature(render)
        assert render is pickle.loads(pickle.dumps(render))  # noqa: S301 - our own bytes


class TestPublicNames:
    """Every name of ``__all__`` resolves."""

    def test_every_name_resolves(self) -> None:
        """No public name is missing from the lazy import table."""
        missing = [n for n in mutualcommit.__all__ if not hasattr(mutualcommit, n)]

        assert [] == missing


class TestTypesKnownToPyright:
    """What ``pyright --verifytypes`` needs to call every exported symbol's type known."""

    def test_the_errors_module_lists_every_error(self) -> None:
        """``mutualcommit.errors.__all__`` names every public error it defines."""
        import inspect

        from mutualcommit import errors

        defined = {
            name
            for name, value in vars(errors).items()
            if inspect.isclass(value)
            and issubclass(value, errors.MutualCommitError)
            and value.__module__ == errors.__name__
            and not name.startswith("_")
        }

        assert sorted(defined) == errors.__all__

    def test_error_attributes_are_annotated(self) -> None:
        """Every attribute an error's ``__init__`` sets is declared with its type."""
        import ast

        from mutualcommit import errors

        tree = ast.parse(Path(errors.__file__).read_text("utf-8"))
        unannotated = [
            f"{node.lineno}: {ast.unparse(node)}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and any(
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == "self"
                for target in node.targets
            )
        ]

        assert [] == unannotated

    def test_the_strategies_import_guard_binds_private_names(self) -> None:
        """The guard of the ``testing`` extra adds no public name to the module."""
        import ast
        import importlib.util

        spec = importlib.util.find_spec("mutualcommit.testing.strategies")
        assert spec is not None
        assert spec.origin is not None
        tree = ast.parse(Path(spec.origin).read_text("utf-8"))
        bound = [
            name
            for statement in tree.body
            if isinstance(statement, ast.Try)
            for node in ast.walk(statement)
            for name in (
                [node.name]
                if isinstance(node, ast.ExceptHandler) and node.name
                else [t.id for t in node.targets if isinstance(t, ast.Name)]
                if isinstance(node, ast.Assign)
                else []
            )
        ]

        assert [] == [name for name in bound if not name.startswith("_")]
