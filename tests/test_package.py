"""The top-level package: lazy public names that stay what they are."""

from __future__ import annotations

import subprocess
import sys

import mutualcommit


class TestRenderName:
    """``mutualcommit.render`` is the function, even after its layer was imported."""

    def test_after_importing_the_layer(self) -> None:
        """Importing the subpackage first does not hide the function."""
        import mutualcommit.render as layer  # noqa: F401 - the import is the point
        from mutualcommit import render
        from mutualcommit.render import render as function

        assert function is render
        assert function is mutualcommit.render

    def test_in_a_fresh_process(self) -> None:
        """A notebook repr imports the layer lazily; the name keeps the function."""
        code = (
            "import mutualcommit.render._render\n"
            "from mutualcommit import render\n"
            "print(type(render).__name__)\n"
        )
        out = subprocess.run(  # noqa: S603 - this interpreter, our own code
            [sys.executable, "-c", code],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

        assert "function\n" == out


class TestPublicNames:
    """Every name of ``__all__`` resolves."""

    def test_every_name_resolves(self) -> None:
        """No public name is missing from the lazy import table."""
        missing = [n for n in mutualcommit.__all__ if not hasattr(mutualcommit, n)]

        assert [] == missing
