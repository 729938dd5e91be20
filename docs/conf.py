"""Sphinx configuration: furo, MyST Markdown, autodoc with Google docstrings.

The build runs with ``-n -W``: every cross-reference must resolve and every
warning fails it. Nothing here reaches the network (no intersphinx), so the
standard library and third-party names that cannot resolve are listed in
``nitpick_ignore_regex`` below.
"""

from __future__ import annotations

import doctest
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.pycode import ModuleAnalyzer

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parent.parent
_PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
    "project"
]

# -- Project information -----------------------------------------------------

project = "mutualcommit"
author = "The mutualcommit authors"
copyright = f"the {project} authors"
release = _PROJECT["version"]
version = ".".join(release.split(".")[:2])

# -- General configuration ---------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist"]
# Markdown links to `#a-heading` resolve for the first three heading levels.
myst_heading_anchors = 3

# -- autodoc and napoleon ----------------------------------------------------

autodoc_typehints = "description"
autodoc_member_order = "bysource"

napoleon_google_docstring = True
napoleon_numpy_docstring = False
# attrs fields are documented under `Attributes:` in the class docstring;
# as :ivar: fields they do not clash with autodoc's own attribute entries.
napoleon_use_ivar = True

# -- Nitpicky references -----------------------------------------------------

# Without intersphinx, names outside this project have no target: ignore the
# standard library, the dependencies and typing's internals, and nothing of
# our own, so that a broken reference to a mutualcommit name still fails.
_BUILTINS = (
    "None|NoneType|True|False|Ellipsis|object|type|bool|int|float|complex|str"
    "|bytes|bytearray|tuple|list|dict|set|frozenset|slice|range|callable"
    "|BaseException|Exception|ValueError|TypeError|KeyError|LookupError"
    "|IndexError|AttributeError|OSError|RuntimeError|NotImplementedError"
)
_STDLIB_MODULES = (
    "abc|argparse|collections|concurrent|contextlib|datetime|decimal|enum"
    "|functools|io|itertools|json|os|pathlib|pickle|re|types|typing|typing_extensions"
    "|zoneinfo"
)
_STDLIB_NAMES = (
    "Decimal|date|datetime|time|timedelta|tzinfo|Path|PathLike|Enum|StrEnum"
    "|IntEnum|Any|Self|Never|NoReturn|Literal|ClassVar|Final|TypeVar|ParamSpec"
    "|Callable|Iterable|Iterator|Generator|Mapping|MutableMapping|Sequence"
    "|Collection|Container|Hashable|Set|AbstractSet|Executor|Future|TextIO"
    "|IO|T|T_co|K|V"
)
_THIRD_PARTY = "attr|attrs|cattr|cattrs|babel|dateutil|hypothesis|_pytest|pytest"

nitpick_ignore_regex = [
    (r"py:.*", rf"(builtins\.)?({_BUILTINS})"),
    (r"py:.*", rf"({_STDLIB_MODULES})(\..+)?"),
    (r"py:.*", rf"({_STDLIB_NAMES})"),
    (r"py:.*", rf"({_THIRD_PARTY})(\..+)?"),
    # The modules import datetime as `dt`; annotations keep the alias.
    (r"py:.*", r"dt\.(date|datetime|time|timedelta|tzinfo)"),
    # Type aliases, not classes: annotations name them, nothing documents them.
    (r"py:class", r"(mutualcommit\.errors\.)?Problem"),
    (r"py:class", r"(mutualcommit\.rules\._policy\.)?RuleCheck"),
    (r"py:class", r"(mutualcommit\.rules\._rule\.)?RuleFunction"),
]

# -- Doctests ----------------------------------------------------------------

# The examples read files by their path from the repository root
# (`examples/it_vendor/agreement.json`), as a reader of the page would from a
# checkout; run every group there, whatever directory Sphinx was started in.
doctest_global_setup = f"""
import os as _doctest_os
_doctest_cwd = _doctest_os.getcwd()
_doctest_os.chdir({str(ROOT)!r})
# The strategies' first draws build their caches: on a cold, busy machine a
# draw can take longer than hypothesis's health check allows (the tests'
# profiles lift it too). The examples' own settings stay as shown.
from hypothesis import HealthCheck as _HealthCheck, settings as _settings
_settings.register_profile(
    "docs", deadline=None, suppress_health_check=[_HealthCheck.too_slow]
)
_settings.load_profile("docs")
"""
doctest_global_cleanup = "_doctest_os.chdir(_doctest_cwd)"
# None of Sphinx's default flags that loosen a match (ELLIPSIS,
# IGNORE_EXCEPTION_DETAIL): an example that needs one says so with a
# directive (``# doctest: +ELLIPSIS``), and reads the same to plain doctest.
doctest_default_flags = doctest.DONT_ACCEPT_TRUE_FOR_1

# -- HTML output -------------------------------------------------------------

html_theme = "furo"
html_title = f"{project} {release}"
html_static_path: list[str] = []

# -- Rendered documents ------------------------------------------------------

# `documents.md` shows the IT example rendered by the library at build time,
# so the page can never fall behind the code: the directive
#
#     ```{mutualcommit-document} examples/it_vendor/agreement.json
#     :locale: de_DE
#     :format: html
#     ```
#
# renders the agreement (path relative to the repository) and shows HTML in a
# frame, the way a browser shows the page, and Markdown or text as source.


def _document_directive() -> type:
    import html

    from docutils import nodes
    from docutils.parsers.rst import Directive, directives

    class RenderedDocument(Directive):
        """Render an agreement file with `mutualcommit.render` into the page."""

        required_arguments = 1
        option_spec = {  # noqa: RUF012 - docutils reads a class attribute
            "locale": directives.unchanged,
            "format": lambda value: directives.choice(
                value, ("html", "markdown", "text")
            ),
            "height": directives.unchanged,
        }

        def run(self) -> list[nodes.Node]:
            from mutualcommit.render import render
            from mutualcommit.serialize import loads

            path = ROOT / self.arguments[0]
            self.state.document.settings.env.note_dependency(str(path))
            agreement = loads(path.read_text(encoding="utf-8"))
            locale = self.options.get("locale", "en")
            form = self.options.get("format", "html")
            document = render(agreement, locale=locale, format=form)
            if form != "html":
                block = nodes.literal_block(document, document)
                block["language"] = "markdown" if form == "markdown" else "text"
                return [block]
            height = self.options.get("height", "42rem")
            frame = (
                f'<iframe title="{html.escape(agreement.title)} ({locale})" '
                f'srcdoc="{html.escape(document, quote=True)}" '
                f'style="width: 100%; height: {html.escape(height)}; '
                'border: 1px solid #d4dae4; border-radius: 4px; background: #fff">'
                "</iframe>"
            )
            return [nodes.raw("", frame, format="html")]

    return RenderedDocument


def setup(app: Sphinx) -> dict[str, object]:
    """Register the ``mutualcommit-document`` directive and public references."""
    app.add_directive("mutualcommit-document", _document_directive())
    app.connect("missing-reference", _public_reference)
    app.connect("autodoc-process-docstring", _constant_comment)
    app.connect("autodoc-process-signature", _accepted_types)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# -- What a class's parameters accept -------------------------------------------

# A model class's signature (`mutualcommit.model.readable_signature`) says what
# each parameter accepts (`value: Decimal | int | str`, `direction: Direction
# | str`); autodoc would describe the parameters by the class's attributes
# instead (`value: Decimal`), the types they hold once built. Describe them as
# the signature does, as help() does.


def _accepted_types(app, what, name, obj, _options, _args, _retann):
    import attrs

    if what != "class" or not attrs.has(obj) or "__signature__" not in vars(obj):
        return
    held = {field.alias: field.type for field in attrs.fields(obj)}
    described = app.env.current_document.autodoc_annotations.setdefault(name, {})
    for parameter in obj.__signature__.parameters.values():  # made on first use
        accepted = parameter.annotation
        # A field taken as it is held keeps autodoc's words for its type.
        if isinstance(accepted, str) and accepted != held.get(parameter.name):
            described[parameter.name] = accepted


# -- Constants -----------------------------------------------------------------

# A constant is documented by the ``#:`` comment above it in the module that
# defines it (`mutualcommit.model._bounds.MAX_TERM_DAYS`), but the reference
# documents it where users import it (`mutualcommit.model.MAX_TERM_DAYS`),
# whose source has no such comment: autodoc would show the docstring of its
# type (``int([x]) -> integer``) instead. Take the defining module's comment.


def _constant_comment(_app, what, name, obj, _options, lines):
    if what != "data" or not name.startswith("mutualcommit."):
        return
    attribute = name.rsplit(".", 1)[-1]
    for module_name, module in sorted(sys.modules.items()):
        if not module_name.startswith("mutualcommit"):
            continue
        if getattr(module, attribute, None) is not obj:
            continue
        comments = ModuleAnalyzer.for_module(module_name).find_attr_docs()
        comment = comments.get(("", attribute))
        if comment:
            lines[:] = list(comment)
            return


# -- Public names ------------------------------------------------------------

# Annotations name classes where they are defined (`mutualcommit.model.
# _entities.Party`); the reference documents them where users import them
# (`mutualcommit.Party`). Resolve a reference into a private module to the
# public name of the same object.


def _public_reference(app, env, node, contnode):
    target = node.get("reftarget", "")
    if node.get("refdomain") != "py" or not target.startswith("mutualcommit."):
        return None
    if not any(part.startswith("_") for part in target.split(".")):
        return None
    domain = env.get_domain("py")
    name = target.rsplit(".", 1)[-1]
    package = target.split("._", 1)[0]
    for candidate in (f"mutualcommit.{name}", f"{package}.{name}"):
        found = domain.resolve_xref(
            env, node["refdoc"], app.builder, node["reftype"], candidate, node, contnode
        )
        if found is not None:
            return found
    return None
