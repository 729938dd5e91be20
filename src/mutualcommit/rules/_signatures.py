"""MC4xx: the agreement is in writing and signed by every party."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import attrs

from mutualcommit.model._stale import change_since

from ._context import Context
from ._findings import Finding, Severity
from ._rule import rule

__all__ = ["mc401", "mc402", "mc403"]


@rule(
    "MC401",
    Severity.ERROR,
    title=(
        "A party has not signed at all; a warning only while the term has not started."
    ),
    messages={
        "signature": (
            'Party {party} "{name}" has not signed agreement {agreement}; have '
            "it sign the current terms."
        ),
    },
)
def mc401(context: Context) -> Iterator[Finding]:
    # A party whose only signature is stale is MC402's, not this rule's. A
    # signature dated after as_of had not been given on that day.
    agreement = context.agreement
    signed = {s.party for s in agreement.signatures if s.signed_on <= context.as_of}
    early = context.as_of < agreement.start
    for i, party in enumerate(agreement.parties):
        if party.id not in signed:
            made = context.finding(
                f"signature:{party.id}",
                f"parties[{i}]",
                party=party.id,
                name=party.name,
                agreement=agreement.id,
            )
            yield attrs.evolve(made, severity=Severity.WARNING) if early else made


#: The start of every MC402 message: whose signature, by whom, on which day.
_SIGNATURE = 'The signature of party {party} "{name}" by {signed_by} on {signed_on} '


@rule(
    "MC402",
    Severity.ERROR,
    title=(
        "A signature is for other terms than the current ones (amended since, or "
        "changed after it signed); a warning only while the term has not started."
    ),
    messages={
        "signature.amended": (
            _SIGNATURE + "is for version {signed_version} of the terms, since "
            "amended; have it sign the current terms (version {version})."
        ),
        "signature.edited": (
            _SIGNATURE + "is for version {version} of the terms, but the terms "
            "were changed after it signed, without a new version; restore the "
            "terms it signed, or amend them (an amendment raises the version) and "
            "have it sign the amended terms."
        ),
        "signature.unknown": (
            _SIGNATURE + "is for other terms than the current ones (version "
            "{version}): amended since, or changed after it signed; have it sign "
            "the current terms."
        ),
    },
    case="change",
)
def mc402(context: Context) -> Iterator[Finding]:
    # Before the term starts there is still time to sign: a stale signature
    # is then a warning, as a missing one is (MC401), so terms amended for a
    # coming term are not held stricter than the same terms never signed.
    # How the terms changed picks the message: an amendment raises the
    # version, so terms that differ from those of a signature of this very
    # version were changed without one (`change_since`).
    agreement = context.agreement
    early = context.as_of < agreement.start
    for i, signature in enumerate(agreement.signatures):
        if signature.signed_on > context.as_of:
            continue
        change = change_since(agreement, signature)
        if change is None:
            continue  # a signature of the current terms
        party = context.parties[signature.party]
        signed = (
            {} if signature.version is None else {"signed_version": signature.version}
        )
        made = context.finding(
            f"signature:{signature.party}",
            f"signatures[{i}]",
            party=party.id,
            name=party.name,
            signed_by=signature.signed_by,
            signed_on=signature.signed_on,
            version=agreement.version,
            change=change,
            **signed,
        )
        yield attrs.evolve(made, severity=Severity.WARNING) if early else made


#: Characters a document shows as nothing (soft hyphen, zero-width space,
#: joiners, direction marks, word joiner, byte order mark): left out.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"))
#: Turkish dotted capital I and dotless small i, read as i: a name in
#: capitals (IŞIK) cannot say which of the two letters it has.
_TURKISH_I = {ord("\u0130"): "i", ord("\u0131"): "i"}
_FOLDED = {**_INVISIBLE, **_TURKISH_I}


def _same_name(name: str) -> str:
    """Return *name* as two names that read alike compare.

    In NFC form, without the characters that show as nothing, each run of
    white space (spaces, tabs, line breaks, no-break spaces) one space,
    trimmed, Turkish dotted capital I and dotless small i read as i, and
    case-folded.
    """
    text = unicodedata.normalize("NFC", name).translate(_FOLDED)
    return " ".join(text.split()).casefold()


@rule(
    "MC403",
    Severity.WARNING,
    title="Two parties have the same name: the document cannot tell them apart.",
    messages={
        "party": (
            'Party {party} has the same name as party {other}, "{name}": the '
            "signature blocks and the sentences that name them cannot tell "
            "them apart; give each party a name of its own."
        ),
    },
)
def mc403(context: Context) -> Iterator[Finding]:
    # The document names parties by name only; their ids never appear in
    # the sentences a signer reads.
    first: dict[str, str] = {}
    for i, party in enumerate(context.agreement.parties):
        key = _same_name(party.name)
        if key not in first:
            first[key] = party.id
            continue
        yield context.finding(
            f"party:{party.id}",
            f"parties[{i}].name",
            party=party.id,
            other=first[key],
            name=party.name.strip(),
        )
