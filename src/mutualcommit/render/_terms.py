"""The fields that name the terms a result is about: their version and fingerprint.

A scorecard, an exception report and a check report are each about one
version of one agreement's terms. Next to the agreement's id, each names
the version and the fingerprint of those terms (in its short form, the
first eight hex digits, as the full one is in the agreement's own
document and in every JSON form), so a printed result can be tied to the
signed terms it was computed from.
"""

from __future__ import annotations

from ._context import Context
from ._tree import Span, Text

__all__ = ["short_fingerprint", "terms_fields"]

#: ``sha256:`` and the hex digits a short fingerprint keeps.
_SHORT = len("sha256:") + 8


def short_fingerprint(fingerprint: str) -> list[Span]:
    """Return *fingerprint* cut short, ``sha256:98d90a26…``: code, then the ellipsis."""
    if len(fingerprint) <= _SHORT:
        return [Span(fingerprint, "code")]
    return [Span(fingerprint[:_SHORT], "code"), Span("…")]


def terms_fields(
    c: Context, agreement: str, version: int | None, fingerprint: str | None
) -> list[tuple[str, Text]]:
    """Return the fields naming the agreement, its terms' version and fingerprint.

    A version or fingerprint that is not known (a check report built by
    hand) is left out.
    """
    fields: list[tuple[str, Text]] = [(c.gettext("Agreement"), Span(agreement, "code"))]
    if version is not None:
        fields.append((c.gettext("Version"), str(version)))
    if fingerprint is not None:
        # Translators: a field of a scorecard or report, naming the terms it
        # was computed from by their fingerprint (sha256:…).
        label = c.gettext("Fingerprint of the terms")
        fields.append((label, short_fingerprint(fingerprint)))
    return fields
