"""Every finding's message template, ready for translation.

The templates are declared with each rule (see ``_rule``); ``MESSAGES``
gathers them.

A template is a plain `str.format` string with named fields, filled from the
finding's ``params``. A code has one template per kind of subject it is
about (``goal``, ``contribution``, ...: the part of the subject before the
colon); MC304 and MC601 have one more level, picked by a parameter (the
standing seen, the kind of outcome rewarded). A document in another language
translates the template and fills it from the same params, never from the
English sentence.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._catalogue import CATALOGUE, MESSAGES

__all__ = ["MESSAGES", "format_message", "template_key"]


def template_key(code: str, subject: str, params: Mapping[str, object]) -> str:
    """Return the key of *code*'s template for a finding about *subject*.

    The key is the subject's kind (``goal`` for ``goal:G1``), followed for
    MC304 and MC601 by ``.`` and the value of their case parameter.
    """
    return CATALOGUE[code].template_key(subject, params)


def format_message(code: str, subject: str, params: Mapping[str, object]) -> str:
    """Fill *code*'s English template for *subject* from *params*.

    An amount in a unit (MC204's ``allocated`` and ``capacity``) is written
    with the unit's word for that amount: ``183.01 hours``, ``1 hour``.
    """
    return CATALOGUE[code].message(subject, params)
