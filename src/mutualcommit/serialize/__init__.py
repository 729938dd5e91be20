"""The formats: agreements as JSON, observations as JSON Lines.

Layer 2: it imports the standard library, attrs, cattrs and the model only.

The observation and fund event formats, the JSON Schema and
`make_converter` are imported on first use (PEP 562), so a program that
reads and writes agreements only does not pay for them; cattrs itself comes
with the first `from_dict`, `make_converter` or document that the typed
reader of `loads` leaves to the general one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mutualcommit._lazy import lazy_names

from ._document import dumps, from_dict, loads, to_dict
from ._migrate import Migration, migrate

if TYPE_CHECKING:
    from ._converter import make_converter
    from ._fund_events import (
        dump_fund_events,
        fund_event_from_dict,
        fund_event_to_dict,
        load_fund_events,
    )
    from ._observations import (
        dump_observations,
        iter_observations,
        load_observations,
        observation_from_dict,
        observation_to_dict,
    )
    from ._schema import Document, json_schema

__all__ = [
    "Document",
    "Migration",
    "dump_fund_events",
    "dump_observations",
    "dumps",
    "from_dict",
    "fund_event_from_dict",
    "fund_event_to_dict",
    "iter_observations",
    "json_schema",
    "load_fund_events",
    "load_observations",
    "loads",
    "make_converter",
    "migrate",
    "observation_from_dict",
    "observation_to_dict",
    "to_dict",
]

#: The names imported on first use, and their modules.
_LAZY = {
    "Document": "._schema",
    "dump_fund_events": "._fund_events",
    "dump_observations": "._observations",
    "fund_event_from_dict": "._fund_events",
    "fund_event_to_dict": "._fund_events",
    "iter_observations": "._observations",
    "json_schema": "._schema",
    "load_fund_events": "._fund_events",
    "load_observations": "._observations",
    "make_converter": "._converter",
    "observation_from_dict": "._observations",
    "observation_to_dict": "._observations",
}


# Hidden from type checkers, which read the names from the imports above: a
# module-level __getattr__ would make them accept any name as Any.
if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_names(__name__, _LAZY, __all__, globals())
