"""How a catalogue rule is declared: once, with everything about it in one place.

A rule of the catalogue is a function of the check's `Context` that yields
findings, decorated with `rule`. The decorator holds the code, the default
severity, the title (one sentence saying when the rule fires) and the
message templates. The title is a string of the declaration, not the
function's docstring, so that it survives ``python -OO``, which drops
docstrings. From the declarations, ``_catalogue`` derives the catalogue's
order, ``CODES`` (code → severity), ``MESSAGES`` (code → template key →
template) and the rule table of the documentation.

To add a rule (say MC206):

1. Write the function in the module of its family (``_resources.py`` for
   MC2xx), or a new module, with a title saying when it fires (how it
   decides, where that needs saying, is a comment in the function)::

       @rule(
           "MC206",
           Severity.WARNING,
           title="A party ... (when it fires).",
           messages={
               "party": 'Party {party} "{name}" ...; do this to fix it.',
           },
       )
       def mc206(context: Context) -> Iterator[Finding]:
           for i, party in enumerate(context.agreement.parties):
               if ...:
                   yield context.finding(
                       f"party:{party.id}", f"parties[{i}]", party=party.id, name=party.name
                   )

   A template has one entry per kind of subject the rule reports (the part
   of the subject before the colon); ``case="param"`` adds one more level
   picked by that parameter (``"goal.missed"``).
2. Add the function to ``RULES`` in ``_catalogue.py``, in code order.
3. Document it on the rules page (what it protects, an example, the fix,
   the knob) and translate its templates (``scripts/update_catalogs.py``).

A template writes a word after a number only where the number cannot change
the word's form ("{n} vendor and {m} partner parties"). An amount in a unit
the finding names (MC204's ``allocated`` and ``capacity`` in its ``unit``,
MC303's ``days_late`` in days) is one field, written with its own unit
word: the English message says ``183.01 hours`` and ``1 hour``
(`in_unit`), and a document in another language formats each amount with
its unit for its number. A window
(``{window}``) is a fiscal period's label (``FY2027-Q1``), or the whole
term: the English message says ``the term`` (`window_name`), so that a
template reads for both ("In {window}, fund F ..."). Several things (the
fiscal years over capacity, the windows missed) are one param, a tuple,
never text joined in English: the English message writes them as an
English list ("FY2026 and FY2027", `english_list`), and a document in
another language as its own ("FY2026 und FY2027").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from mutualcommit.model import FrozenDict
from mutualcommit.model._shown import dimension_text

from ._findings import Finding, ParamInput, Severity, _params

if TYPE_CHECKING:
    # Bound at run time by ``_policy`` (see there): ``_context`` imports this module.
    from ._context import Context

__all__ = [
    "IN_UNIT",
    "WINDOW",
    "CatalogueRule",
    "english_list",
    "in_unit",
    "rule",
    "window_name",
]

#: What a catalogue rule runs.
RuleFunction = Callable[["Context"], Iterator[Finding]]

#: The params a template writes as an amount with its unit, the finding's
#: ``unit`` param.
IN_UNIT = frozenset({"allocated", "capacity", "days_late"})
#: The English word of each plain unit, for one and for any other number.
_UNIT_WORDS = {
    "count": ("unit", "units"),
    "day": ("day", "days"),
    "fte": ("FTE", "FTE"),
    "hour": ("hour", "hours"),
}


def in_unit(amount: object, unit: object) -> str:
    """Write *amount* in *unit* in English, the unit's word plural but for 1.

    ``183.01 hours``, ``1 hour``, ``2 FTE``, ``12 units``, ``120%``; a
    currency keeps its code (``20000.0004 BHD``).
    """
    if unit == "percent":
        return f"{amount}%"
    words = _UNIT_WORDS.get(str(unit))
    if words is None:
        return f"{amount} {unit}"
    one, other = words
    return f"{amount} {one if str(amount) == '1' else other}"


#: The params a template writes as a window: a fiscal period's label, or
#: the whole term's.
WINDOW = frozenset({"window"})


def window_name(label: object) -> object:
    """Name a window in an English message: its label, or ``the term`` for the term's.

    The whole term's window is labelled ``term``, a word no sentence reads
    ("In term fund F ..."); a fiscal period's label (``FY2027``) reads as
    it is.
    """
    return "the term" if label == "term" else label


def english_list(items: Sequence[object]) -> str:
    """Write *items* as an English list: ``a``, ``a and b``, ``a, b, and c``.

    The list a document in English writes (babel's for ``en``), so that a
    finding's message reads as its English document does.
    """
    texts = [str(item) for item in items]
    if len(texts) <= 2:  # noqa: PLR2004 - one item, or a pair with "and"
        return " and ".join(texts)
    return ", ".join(texts[:-1]) + ", and " + texts[-1]


def _templates(value: Mapping[str, str]) -> FrozenDict[str, str]:
    return FrozenDict(value)


@attrs.frozen(kw_only=True)
class CatalogueRule:
    """One rule of the catalogue: its code, severity, summary, messages and check.

    Attributes:
        code: Its code (``MC101``).
        severity: The default severity of its findings.
        title: One sentence saying when it fires.
        messages: Template key → English message template: the key is the
            kind of subject (``goal``), followed for a rule with a ``case``
            by ``.`` and that parameter's value.
        check: The function of the check's `Context` that yields the findings.
        case: The parameter whose value picks the template too, or None.
        last: Whether it runs after every other rule, the policy's own too,
            and reads their findings (``context.findings``).
        needs: The input of `check` the rule judges besides the agreement
            (``"observations"``), or None: without that input it finds
            nothing, so a waiver of its code cannot be judged unused.
        dimensions: The params that hold a dimension's name or value (a
            ``where``'s key, a split): the message, in English and in a
            document, writes each exactly: as it is when it is one visible
            word, quoted otherwise (``region=""``, ``party="acme "``); the
            finding's params hold it as it is.
    """

    code: str
    severity: Severity
    title: str
    messages: Mapping[str, str] = attrs.field(converter=_templates)
    check: RuleFunction = attrs.field(repr=False)
    case: str | None = None
    last: bool = False
    needs: str | None = None
    dimensions: frozenset[str] = frozenset()

    def __call__(self, context: Context) -> Iterator[Finding]:
        """Run the rule's check on *context*."""
        return self.check(context)

    def template_key(self, subject: str, params: Mapping[str, object]) -> str:
        """Return the key of the template for a finding about *subject*."""
        key = subject.partition(":")[0]
        if self.case is not None:
            key = f"{key}.{params[self.case]}"
        return key

    def message(self, subject: str, params: Mapping[str, object]) -> str:
        """Fill the English template for a finding about *subject* from *params*.

        An amount in a unit (`IN_UNIT`) is written with its unit's word
        (`in_unit`), the whole term's window (`WINDOW`) as ``the term``
        (`window_name`), a dimension's name or value (``dimensions``)
        exactly (quoted unless it is one visible word), and a list of
        things as an English list (`english_list`).
        """
        template = self.messages[self.template_key(subject, params)]
        values = dict(params)
        for name in self.dimensions.intersection(values):
            value = values[name]
            if isinstance(value, str):
                values[name] = dimension_text(value)
        if "unit" in values:
            for name in IN_UNIT.intersection(values):
                values[name] = in_unit(values[name], values["unit"])
        for name in WINDOW.intersection(values):
            value = values[name]
            values[name] = (
                tuple(map(window_name, value))
                if isinstance(value, tuple)
                else window_name(value)
            )
        for name, value in values.items():
            if isinstance(value, tuple):
                values[name] = english_list(value)
        return template.format_map(values)

    def finding(self, subject: str, path: str, **params: ParamInput) -> Finding:
        """Make a finding of this rule at its default severity, its message filled in."""
        values = _params(params)
        return Finding(
            code=self.code,
            severity=self.severity,
            subject=subject,
            path=path,
            message=self.message(subject, values),
            params=values,
        )


def rule(
    code: str,
    severity: Severity,
    *,
    title: str,
    messages: Mapping[str, str],
    case: str | None = None,
    last: bool = False,
    needs: str | None = None,
    dimensions: Iterable[str] = (),
) -> Callable[[RuleFunction], CatalogueRule]:
    """Declare the decorated function as the catalogue rule *code*.

    Args:
        code: The rule's code.
        severity: The default severity of its findings.
        title: One sentence saying when it fires.
        messages: Its English message templates, by template key.
        case: The parameter that also picks the template, if any.
        last: Whether it runs after every other rule and reads their
            findings.
        needs: The input of `check` besides the agreement that the rule
            judges (the name of a `Context` attribute such as
            ``"observations"``), or None.
        dimensions: The params that hold a dimension's name or value,
            which its messages write exactly.

    Returns:
        A decorator that turns the function into a `CatalogueRule`.
    """

    def declare(function: RuleFunction) -> CatalogueRule:
        return CatalogueRule(
            code=code,
            severity=severity,
            title=title,
            messages=messages,
            check=function,
            case=case,
            last=last,
            needs=needs,
            dimensions=frozenset(dimensions),
        )

    return declare
