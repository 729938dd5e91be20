"""Documents: agreements, scorecards and check reports in many locales (SPEC §2 layer 6)."""

from ._render import FORMATS, render

__all__ = ["FORMATS", "render"]
