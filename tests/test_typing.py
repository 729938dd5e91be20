"""What a type checker makes of the public names (mypy checks this file).

The packages import their names on first use, through a module-level
``__getattr__``. Type checkers must not see it: they would take any name,
a misspelt one too, as ``Any``. The misspelt imports below must each be an
error; if one were not, strict mypy would report its ``type: ignore`` as
unused, and the typing session would fail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_type

import mutualcommit
import mutualcommit.calendar
import mutualcommit.kpi
import mutualcommit.model
import mutualcommit.serialize
from mutualcommit import Agreement, Scorecard, loads

if TYPE_CHECKING:
    from mutualcommit import Agreemnt  # type: ignore[attr-defined]  # noqa: F401
    from mutualcommit.calendar import to_icl  # type: ignore[attr-defined]  # noqa: F401
    from mutualcommit.kpi import Scorecrd  # type: ignore[attr-defined]  # noqa: F401
    from mutualcommit.model import Gaol  # type: ignore[attr-defined]  # noqa: F401
    from mutualcommit.serialize import load  # type: ignore[attr-defined]  # noqa: F401

    assert_type(loads(""), Agreement)
    assert_type(mutualcommit.kpi.Scorecard, type[Scorecard])
    assert_type(mutualcommit.__version__, str)


class TestLazyNamesAtRunTime:
    """What the type checkers do not see still works when the program runs."""

    def test_a_misspelt_name_is_an_attribute_error(self) -> None:
        """Each package answers a name it does not have as a module does."""
        packages = (
            mutualcommit,
            mutualcommit.calendar,
            mutualcommit.kpi,
            mutualcommit.model,
            mutualcommit.serialize,
        )

        missing = [hasattr(package, "Agreemnt") for package in packages]

        assert [False] * len(packages) == missing

    def test_the_version_and_the_listing(self) -> None:
        """``__version__`` is text, and ``dir()`` lists every public name."""
        listed = set(dir(mutualcommit))

        assert isinstance(mutualcommit.__version__, str)
        assert set(mutualcommit.__all__) <= listed
        assert set(mutualcommit.kpi.__all__) <= set(dir(mutualcommit.kpi))
