"""Every finding's message template, ready for translation.

The templates are declared with each rule (see ``_rule``); ``MESSAGES``
gathers them.

A template is a plain `str.format` string with named fields, filled from the
finding's ``params``. A code has one template per kind of subject it is
about (``goal``, ``contribution``, ...: the part of the subject before the
colon); MC108, MC110, MC208, MC211, MC304, MC307, MC308, MC402, MC501,
MC601, MC604 and MC605 have one more level, picked by a parameter (what
of a selection no record shows, the edge of the term crossed, whether a
claim was paid, the standing seen, the bound crossed, how the terms
changed since a signature, the kind of outcome rewarded, the field
written as a percentage...). A policy's own rule has no template: its finding's message
is its only wording. A document in another language translates the
template and fills it from the same params, never from the English
sentence.
"""

from __future__ import annotations

from collections.abc import Mapping

from mutualcommit.errors import ArgumentError
from mutualcommit.model._arguments import as_instance

from ._catalogue import CATALOGUE, MESSAGES

__all__ = ["MESSAGES", "format_message", "template_key"]


def template_key(code: str, subject: str, params: Mapping[str, object]) -> str | None:
    """Return the key of *code*'s template for a finding about *subject*.

    The key is the subject's kind (``goal`` for ``goal:G1``), followed for
    a rule declared with a case (MC108, MC110, MC208, MC211, MC303, MC304,
    MC307, MC308, MC310, MC402, MC501, MC601, MC604 and MC605) by ``.`` and
    the value of its case parameter (``goal.pair``, ``goal.start``,
    ``fund-request.paid``, ``fund-request.share``, ``schedule.late``,
    ``goal.missed``, ``exception.lower``, ``exception-criterion.where``,
    ``review.end``, ``signature.edited``, ``contribution.at_most``,
    ``incentive.contribution``, ``remedy.goal``, ``incentive.threshold``).

    Args:
        code: The finding's code.
        subject: The finding's subject.
        params: The finding's params.

    Returns:
        The key, or None for a code that is not the catalogue's (a policy's
        own rule has no template: keep its finding's ``message``).

    Raises:
        ArgumentError: Naming ``params``, when *code* picks its template by
            a parameter that *params* lack; the message names the code and
            the parameter.
    """
    declared = CATALOGUE.get(as_instance("code", code, str))
    if declared is None:
        return None
    if declared.case is not None and declared.case not in params:
        msg = (
            f"{code} picks its template by the param {declared.case!r}, "
            f"which the params lack (they have: {', '.join(sorted(params)) or 'none'})"
        )
        raise ArgumentError(msg, "params")
    return declared.template_key(subject, params)


def format_message(code: str, subject: str, params: Mapping[str, object]) -> str:
    """Fill *code*'s English template for *subject* from *params*.

    An amount in a unit (MC204's ``allocated`` and ``capacity``) is written
    with the unit's word for that amount: ``183.01 hours``, ``1 hour``.

    Args:
        code: The code of a rule of the catalogue.
        subject: The finding's subject.
        params: The finding's params.

    Returns:
        The English message, as the rule words it.

    Raises:
        ArgumentError: Naming the argument: when *code* is not the
            catalogue's (a policy's own rule has no template: its finding's
            ``message`` is its wording), when it has no template for
            *subject*'s kind (or its case), or when *params* lack a value
            the template fills; the message names the code and what is
            missing.
    """
    declared = CATALOGUE.get(as_instance("code", code, str))
    if declared is None:
        msg = (
            f"{code} is not a rule of the catalogue and has no template: a "
            "policy's own rule words its findings itself (Finding.message)"
        )
        raise ArgumentError(msg, "code")
    key = template_key(code, subject, params)
    template = declared.messages.get(key) if key is not None else None
    if template is None:
        msg = (
            f"{code} has no template {key!r} for the subject {subject!r} "
            f"(templates: {', '.join(declared.messages)})"
        )
        raise ArgumentError(msg, "subject")
    try:
        return declared.message(subject, params)
    except KeyError as missing:
        msg = f"{code} template {key!r} fills {missing}, which the params lack"
        raise ArgumentError(msg, "params") from None
