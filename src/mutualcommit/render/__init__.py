"""Documents: agreements, scorecards and check reports in many locales."""

from ._render import FORMATS, render

__all__ = ["FORMATS", "render"]
