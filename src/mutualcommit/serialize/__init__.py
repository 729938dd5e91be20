"""The formats: agreements as JSON, observations as JSON Lines.

Layer 2: it imports the standard library, attrs, cattrs and the model only.
"""

from ._converter import make_converter
from ._document import dumps, from_dict, loads, to_dict
from ._fund_events import dump_fund_events, load_fund_events
from ._migrate import Migration, migrate
from ._observations import (
    dump_observations,
    iter_observations,
    load_observations,
    observation_from_dict,
    observation_to_dict,
)
from ._schema import json_schema

__all__ = [
    "Migration",
    "dump_fund_events",
    "dump_observations",
    "dumps",
    "from_dict",
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
