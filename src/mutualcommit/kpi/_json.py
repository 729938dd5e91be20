"""Scorecards as JSON: unstructure hooks for a converter of `mutualcommit.serialize`.

The shape, in short (every number a string in canonical decimal form, no
exponent; None is ``null``)::

    {"format": "mutualcommit.scorecard", "format_version": 1,
     "agreement": "acme-globex-2026", "version": 1, "fingerprint": "sha256:…",
     "as_of": "2026-11-27",
     "bands": {"on_track_ratio": "1", "at_risk_ratio": "0.8", "min_elapsed": "0.25"},
     "overall_attainment": "0.87", "counts": {"not_started": 0, "met": 2, …},
     "goals": [{"goal": "pipeline", "target": {…}, "standing": "on_track",
                "current": "FY2027-Q4", "windows": [{"label": "FY2027-Q1", …}]}],
     "contributions": [{"contribution": "cosell", "party": "globex", …}],
     "parties": {"acme": ["enablement"], "globex": ["cosell"]},
     "incentives": [{"incentive": "rebate", "unit": "EUR", "earned": "8600",
                     "provisional": "9100", "status": null,
                     "windows": [{"label": "FY2027-Q1", "attainment": "1.125",
                                  "tier": 0, "payout": "8600", "status": null,
                                  "provisional": false}, …]}],
     "remedies": [{"remedy": "late-delivery", "payer": "bolt",
                   "beneficiary": "northwind", "unit": "USD", "owed": "4500",
                   "capped": "4500", "breaches": 1, "termination": null,
                   "termination_on": null,
                   "windows": [{"label": "FY2026-M04", "end": "2026-04-30",
                                "closed": true, "shortfall": "3.5",
                                "charged": "1.5", "owed": "4500",
                                "capped": "4500", "breached": true}, …]}],
     "net_positions": {"bolt": {"totals": {"USD": "-4500"},
                                "windows": [{"label": "FY2026-M04",
                                             "end": "2026-04-30", "unit": "USD",
                                             "rewards": "0", "remedies": "4500",
                                             "net": "-4500"}, …]},
                       "northwind": {…}}}
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import cattrs

from mutualcommit.model import Target, decimal_text
from mutualcommit.model._arguments import as_instance
from mutualcommit.serialize import make_converter

from ._fund_results import funds_to_dict
from ._incentives import IncentiveResult, IncentiveWindow
from ._positions import NetPosition, PositionWindow
from ._remedies import RemedyResult, RemedyWindow
from ._results import TargetResult, WindowResult
from ._scorecard import Scorecard

__all__ = ["SCORECARD_FORMAT", "register_scorecard_hooks", "scorecard_to_dict"]

#: The ``format`` of a scorecard document.
SCORECARD_FORMAT = "mutualcommit.scorecard"
_FORMAT_VERSION = 1


def _number(value: Decimal | None) -> str | None:
    return None if value is None else decimal_text(value)


def _window(window: WindowResult) -> dict[str, Any]:
    return {
        "label": window.label,
        "start": window.start.isoformat(),
        "end": window.end.isoformat(),
        "target": _number(window.target),
        "actual": _number(window.actual),
        "expected": _number(window.expected),
        "elapsed": _number(window.elapsed),
        "attainment": _number(window.attainment),
        "pace": _number(window.pace),
        "forecast": _number(window.forecast),
        "standing": window.standing.value,
        "closed": window.closed,
        **({"details": dict(window.details)} if window.details else {}),
    }


def _incentive_window(window: IncentiveWindow) -> dict[str, Any]:
    return {
        "label": window.label,
        "attainment": _number(window.attainment),
        "tier": window.tier,
        "payout": _number(window.payout),
        "status": window.status,
        "provisional": window.provisional,
    }


def _incentive(result: IncentiveResult) -> dict[str, Any]:
    return {
        "incentive": result.incentive,
        "unit": result.unit,
        "earned": _number(result.earned),
        "provisional": _number(result.provisional),
        "status": result.status,
        "windows": [_incentive_window(w) for w in result.windows],
    }


def _remedy_window(window: RemedyWindow) -> dict[str, Any]:
    return {
        "label": window.label,
        "end": window.end.isoformat(),
        "closed": window.closed,
        "shortfall": _number(window.shortfall),
        "charged": _number(window.charged),
        "owed": _number(window.owed),
        "capped": _number(window.capped),
        "breached": window.breached,
    }


def _remedy(result: RemedyResult) -> dict[str, Any]:
    return {
        "remedy": result.remedy,
        "payer": result.payer,
        "beneficiary": result.beneficiary,
        "unit": result.unit,
        "owed": _number(result.owed),
        "capped": _number(result.capped),
        "breaches": result.breaches,
        "termination": result.termination,
        "termination_on": (
            None if result.termination_on is None else result.termination_on.isoformat()
        ),
        "windows": [_remedy_window(w) for w in result.windows],
    }


def _position_window(window: PositionWindow) -> dict[str, Any]:
    return {
        "label": window.label,
        "end": window.end.isoformat(),
        "unit": window.unit,
        "rewards": decimal_text(window.rewards),
        "remedies": decimal_text(window.remedies),
        "net": decimal_text(window.net),
    }


def _position(position: NetPosition) -> dict[str, Any]:
    return {
        "totals": {unit: decimal_text(net) for unit, net in position.totals.items()},
        "windows": [_position_window(w) for w in position.windows],
    }


def register_scorecard_hooks(converter: cattrs.Converter) -> cattrs.Converter:
    """Teach *converter* to unstructure scorecards, their results and windows.

    Incentive and remedy results, net positions and their windows are
    written too.

    Args:
        converter: A converter from `mutualcommit.serialize.make_converter`
            (it writes the targets inside a scorecard as agreement
            documents do).

    Returns:
        The same converter, for chaining.

    Raises:
        TypeError: When *converter* is not a cattrs converter.
    """
    as_instance("converter", converter, cattrs.BaseConverter)
    write_target = converter.get_unstructure_hook(Target)

    def result(value: TargetResult) -> dict[str, Any]:
        owner: dict[str, Any] = (
            {"goal": value.goal}
            if value.goal is not None
            else {"contribution": value.contribution, "party": value.party}
        )
        return {
            **owner,
            "target": write_target(value.target),
            "standing": value.standing.value,
            "current": value.current.label,
            "windows_met": value.windows_met,
            "windows_missed": value.windows_missed,
            "windows": [_window(w) for w in value.windows],
        }

    def scorecard(value: Scorecard) -> dict[str, Any]:
        agreement = value.agreement
        return {
            "format": SCORECARD_FORMAT,
            "format_version": _FORMAT_VERSION,
            "agreement": agreement.id,
            "version": agreement.version,
            "fingerprint": agreement.fingerprint(),
            "as_of": value.as_of.isoformat(),
            "bands": {
                "on_track_ratio": decimal_text(value.bands.on_track_ratio),
                "at_risk_ratio": decimal_text(value.bands.at_risk_ratio),
                "min_elapsed": decimal_text(value.bands.min_elapsed),
            },
            "overall_attainment": _number(value.overall_attainment),
            "counts": {standing.value: n for standing, n in value.counts.items()},
            "goals": [result(r) for r in value.goals],
            "contributions": [result(r) for r in value.contributions],
            "parties": {
                party.id: [r.id for r in value.party(party.id)]
                for party in agreement.parties
            },
            "incentives": [_incentive(r) for r in value.incentives],
            "remedies": [_remedy(r) for r in value.remedies],
            "net_positions": {
                party.id: _position(value.net_position(party.id))
                for party in agreement.parties
            },
            # Only with the fund log: a scorecard without it writes as before.
            **(
                {"funds": funds_to_dict(value.funds, as_of=value.as_of)["funds"]}
                if value.funds
                else {}
            ),
        }

    converter.register_unstructure_hook(WindowResult, _window)
    converter.register_unstructure_hook(TargetResult, result)
    converter.register_unstructure_hook(IncentiveWindow, _incentive_window)
    converter.register_unstructure_hook(IncentiveResult, _incentive)
    converter.register_unstructure_hook(RemedyWindow, _remedy_window)
    converter.register_unstructure_hook(RemedyResult, _remedy)
    converter.register_unstructure_hook(PositionWindow, _position_window)
    converter.register_unstructure_hook(NetPosition, _position)
    converter.register_unstructure_hook(Scorecard, scorecard)
    return converter


def scorecard_to_dict(
    scorecard: Scorecard, *, converter: cattrs.Converter | None = None
) -> dict[str, Any]:
    """Return *scorecard* as a JSON-ready dict (see the module for its shape).

    Args:
        scorecard: The scorecard.
        converter: A converter that `register_scorecard_hooks` prepared;
            without one a fresh one is made (pass one when writing many).

    Returns:
        A dict of strings, numbers, booleans, None, lists and dicts —
        ``json.dumps`` writes it as it is.

    Raises:
        TypeError: When *scorecard* is not a `Scorecard`, or *converter*
            not a cattrs converter.
    """
    as_instance("scorecard", scorecard, Scorecard)
    if converter is None:
        converter = register_scorecard_hooks(make_converter())
    else:
        as_instance("converter", converter, cattrs.BaseConverter)
    written: dict[str, Any] = converter.unstructure(scorecard, Scorecard)
    return written
