"""The remedy: what a missed commitment costs the party that missed it.

A remedy follows the windows of its basis target (a goal's or a
contribution's) as an incentive does, but pays the other way: for each
closed window whose actual falls short of the target by more than the
``grace``, the payer owes the beneficiary an amount per unit of the
shortfall beyond the grace. Its invariants are checked with the agreement's
(see ``_invariants``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from mutualcommit.errors import InvalidFieldsError

from ._accepts import decimal_in, optional_decimal_in
from ._coerce import coerce_fields, refuses_with
from ._decimal import decimal_context
from ._entities import Quantity, _extensions
from ._value_methods import value_methods

__all__ = ["Remedy"]

_ZERO = Decimal(0)


@value_methods
@refuses_with(InvalidFieldsError)
@attrs.frozen(kw_only=True, field_transformer=coerce_fields, repr=False, eq=False)
class Remedy:
    """What the payer owes the beneficiary when a committed target is missed.

    Exactly one of ``goal`` and ``contribution`` names the basis, whose
    target the remedy follows window by window. In a closed window the
    shortfall is ``target - actual`` for an at-least target and
    ``actual - target`` for an at-most one (never below 0); the part of it
    above ``grace`` is charged. Exactly one of ``amount`` and ``rate`` (with
    ``of``) says what one unit of charged shortfall costs.

    Attributes:
        id: The remedy's identifier.
        title: A short title.
        payer: The id of the party that owes the remedy (usually the party
            that pledged the basis).
        beneficiary: The id of the party it is owed to; not the payer.
        goal: The id of the goal whose target it follows.
        contribution: The id of the contribution whose target it follows.
        amount: What one unit of charged shortfall costs, in a currency
            (``EUR 500`` per day of lead time beyond the target).
        rate: The share of the ``of`` metric's actual in the same window
            that one unit of charged shortfall costs (``0.01``: 1 % of the
            window's revenue per day beyond the target).
        of: The id of a metric in a currency, with ``rate``.
        grace: The shortfall tolerated in each window before anything is
            owed, in the basis metric's unit; not negative.
        cap: The most owed over the term, in the remedy's currency, or None.
        cap_share: With ``cap_base``: the cap as a share of a stated base
            amount (``0.1`` of ``EUR 200000``: at most EUR 20,000); not with
            ``cap``.
        cap_base: The base amount ``cap_share`` applies to.
        termination_after: The number of breached windows (charged shortfall
            above 0, consecutive or not) that gives the beneficiary the right
            to terminate, or None.
        description: Free text.
        extensions: The host application's data, never part of the terms.
    """

    id: str
    title: str
    payer: str
    beneficiary: str
    goal: str | None = None
    contribution: str | None = None
    amount: Quantity | None = None
    rate: Decimal | None = attrs.field(default=None, converter=optional_decimal_in)
    of: str | None = None
    grace: Decimal = attrs.field(default=_ZERO, converter=decimal_in)
    cap: Quantity | None = None
    cap_share: Decimal | None = attrs.field(default=None, converter=optional_decimal_in)
    cap_base: Quantity | None = None
    termination_after: int | None = None
    description: str = ""
    extensions: Mapping[str, Any] = _extensions()

    @property
    def limit(self) -> Quantity | None:
        """Return the cap in force (``cap``, or ``cap_share`` of ``cap_base``) or None."""
        if self.cap is not None:
            return self.cap
        if self.cap_share is not None and self.cap_base is not None:
            return Quantity(
                amount=decimal_context().multiply(self.cap_share, self.cap_base.amount),
                unit=self.cap_base.unit,
            )
        return None
