"""How the terms changed since a signature that no longer matches them.

A signature records the fingerprint of the terms it signed, and (made by
`Agreement.sign`) their version. `Agreement.amend` always raises the
version, so a signature of this version whose fingerprint is not the
terms' was given before the terms were changed without a new version: they
are not what it signed, and no amendment says what changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ._agreement import Agreement
    from ._entities import Signature

__all__ = ["Change", "change_since"]

#: How the terms changed since a signature: ``"amended"`` (it signed an
#: earlier version), ``"edited"`` (it signed this version, and the terms
#: were changed after it without a new version) or ``"unknown"`` (it does
#: not say which version it signed, and the agreement has been amended).
Change = Literal["amended", "edited", "unknown"]


def change_since(agreement: Agreement, signature: Signature) -> Change | None:
    """Return how *agreement*'s terms changed since *signature*, or None.

    None when the signature is of the current terms (its fingerprint is
    theirs). A signature that does not say which version it signed is of
    this version when the agreement is at version 1, which no amendment
    gives.
    """
    if signature.fingerprint == agreement.fingerprint():
        return None
    signed = signature.version
    if signed is None:
        return "edited" if agreement.version == 1 else "unknown"
    return "edited" if signed == agreement.version else "amended"
