"""Names a package imports on first use (PEP 562), for the layers' packages.

A package lists the names it imports lazily and their modules, and gets the
module-level ``__getattr__`` and ``__dir__`` that import a name when a
program first uses it and keep it in the package's namespace.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    package: str,
    modules: Mapping[str, str],
    public: Iterable[str],
    namespace: dict[str, Any],
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return a package's ``__getattr__`` and ``__dir__``.

    Args:
        package: The package's ``__name__``.
        modules: Each lazily imported name and its module, relative to the
            package (``{"to_ical": "._ical"}``).
        public: The package's ``__all__``, which ``dir()`` lists too.
        namespace: The package's ``globals()``, where a name is kept once
            imported.
    """
    listed = frozenset(public)

    def __getattr__(name: str) -> Any:  # noqa: N807 - the PEP 562 hook
        try:
            module = modules[name]
        except KeyError:
            msg = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(msg) from None
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807 - the PEP 562 hook
        return sorted({*namespace, *listed})

    return __getattr__, __dir__
