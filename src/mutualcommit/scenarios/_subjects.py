"""Subjects: ``goal:ID``, ``contribution:ID`` or a bare id, read alike everywhere."""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

__all__ = ["Kind", "split_subject"]

Kind = Literal["goal", "contribution"]


def split_subject(
    subject: str, goals: Collection[str], contributions: Collection[str]
) -> tuple[Kind | None, str]:
    """Return the kind a subject names (None for a bare id) and its id.

    Ids may hold colons (``globex:co-selling``), so only a ``goal:`` or
    ``contribution:`` prefix is a kind, and the rest, colons and all, is the
    id. An id that itself starts so (a contribution ``goal:q1``) is that id
    when the prefixed reading names nothing and the whole subject does.

    Args:
        subject: What the caller named.
        goals: The ids of the goals it may name.
        contributions: The ids of the contributions it may name.
    """
    prefix, colon, rest = subject.partition(":")
    if colon and prefix in ("goal", "contribution"):
        named = goals if prefix == "goal" else contributions
        if rest in named or (subject not in goals and subject not in contributions):
            return prefix, rest  # type: ignore[return-value]
    return None, subject
