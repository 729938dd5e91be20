"""Documents: agreements, scorecards and check reports in many locales.

`render` is importable from ``mutualcommit`` and from this package, which is
callable itself: calling the package calls `render`. The package and the
function share a name, and ``mutualcommit.render`` is the package once
anything has imported it, so each of these styles renders alike:

- ``from mutualcommit import render``, then ``render(obj)``;
- ``import mutualcommit``, then ``mutualcommit.render(obj)``;
- ``from mutualcommit.render import FORMATS, render``;
- ``import mutualcommit.render as rendering``, then ``rendering.render(obj)``
  and ``rendering.FORMATS``.

Type checkers read the first two as the function and the last as a module:
they refuse ``rendering(obj)`` and ``render.FORMATS``, which run all the
same. In a file that also imports ``mutualcommit.render``, mypy and pyright
disagree about ``mutualcommit.render``; use one of the ``from`` imports
there.
"""

from __future__ import annotations

import sys
import types

from ._render import FORMATS, Format, Renderable, render

__all__ = ["FORMATS", "Format", "Renderable", "render"]


class _Package(types.ModuleType):
    """This package's module type: calling the package calls `render`."""

    __call__ = staticmethod(render)
    # `inspect.signature` (and autodoc) read the function's signature.
    __wrapped__ = staticmethod(render)

    def __reduce__(self) -> tuple[object, ...]:
        # `pickle` (a process pool's `map(render, ...)`) takes the package by name.
        import importlib

        return importlib.import_module, (self.__name__,)


sys.modules[__name__].__class__ = _Package
