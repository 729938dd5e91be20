"""What a type checker makes of the public names (mypy checks this file).

The packages import their names on first use, through a module-level
``__getattr__``. Type checkers must not see it: they would take any name,
a misspelt one too, as ``Any``. The misspelt imports below must each be an
error; if one were not, strict mypy would report its ``type: ignore`` as
unused, and the typing session would fail.

The conversions the tutorial documents (``value=24``, ``amount="12.50"``,
``direction="at_least"``, a list for a sequence) must each type-check, and
a float for a decimal field must stay an error, as it is at run time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal, assert_type

import pytest

import mutualcommit
import mutualcommit.calendar
import mutualcommit.kpi
import mutualcommit.model
import mutualcommit.serialize
from mutualcommit import (
    Accrual,
    ActionItem,
    Agreement,
    Bands,
    Context,
    Contribution,
    Direction,
    ExceptionCriterion,
    Finding,
    Fund,
    FundEvent,
    Goal,
    Metric,
    Observation,
    Party,
    Period,
    Policy,
    Quantity,
    Remedy,
    ResourceAllocation,
    Review,
    Rule,
    RuleError,
    Scorecard,
    Step,
    Target,
    Tier,
    check,
    loads,
)

if TYPE_CHECKING:
    from mutualcommit import Agreemnt  # type: ignore[attr-defined]  # noqa: F401
    from mutualcommit.calendar import to_icl  # type: ignore[attr-defined]  # noqa: F401
    from mutualcommit.kpi import Scorecrd  # type: ignore[attr-defined]  # noqa: F401
    from mutualcommit.model import Gaol  # type: ignore[attr-defined]  # noqa: F401
    from mutualcommit.serialize import load  # type: ignore[attr-defined]  # noqa: F401

    assert_type(loads(""), Agreement)
    assert_type(mutualcommit.kpi.Scorecard, type[Scorecard])
    assert_type(mutualcommit.__version__, str)


class TestLazyNamesAtRunTime:
    """What the type checkers do not see still works when the program runs."""

    def test_a_misspelt_name_is_an_attribute_error(self) -> None:
        """Each package answers a name it does not have as a module does."""
        packages = (
            mutualcommit,
            mutualcommit.calendar,
            mutualcommit.kpi,
            mutualcommit.model,
            mutualcommit.serialize,
        )

        missing = [hasattr(package, "Agreemnt") for package in packages]

        assert [False] * len(packages) == missing

    def test_the_version_and_the_listing(self) -> None:
        """``__version__`` is text, and ``dir()`` lists every public name."""
        listed = set(dir(mutualcommit))

        assert isinstance(mutualcommit.__version__, str)
        assert set(mutualcommit.__all__) <= listed
        assert set(mutualcommit.kpi.__all__) <= set(dir(mutualcommit.kpi))


_DAY = dt.date(2027, 1, 4)
IT_VENDOR = Path(__file__).parent.parent / "examples" / "it_vendor" / "agreement.json"


class TestDocumentedConversions:
    """Each conversion the tutorial documents type-checks and holds the canonical type."""

    def test_target(self) -> None:
        """``Target(value=24, direction="at_least")`` holds a Decimal and a member."""
        target = Target(
            metric="m",
            value=24,
            direction="at_least",
            per="quarter",
            baseline="1.5",
            steps=[Step(starting=_DAY, value="3")],
        )

        assert_type(target.value, Decimal)
        assert_type(target.direction, Direction)
        assert_type(target.steps, tuple[Step, ...])
        assert (Decimal(24), Direction.AT_LEAST, Period.QUARTER, Decimal("1.5")) == (
            target.value,
            target.direction,
            target.per,
            target.baseline,
        )
        assert (Step(starting=_DAY, value=Decimal(3)),) == target.steps

    def test_amounts_bands_and_observations(self) -> None:
        """A decimal string or an int for a Quantity, Bands and an Observation."""
        assert Decimal("12.50") == Quantity(amount="12.50", unit="EUR").amount
        assert Decimal("0.95") == Bands(at_risk_ratio="0.95").at_risk_ratio
        assert [Decimal(1), Decimal("1.5")] == [
            Observation("m", _DAY, 1).value,
            Observation("m", _DAY, "1.5").value,
        ]
        assert Decimal(2) == Policy(max_growth=2).max_growth

    def test_parties_metrics_and_pledges(self) -> None:
        """Enum strings, and lists for the sequence fields, on the model's classes."""
        party = Party(
            id="acme",
            name="Acme",
            role="vendor",
            capacity=[Quantity(amount=2, unit="fte")],
        )
        metric = Metric(
            id="x", name="x", unit="count", aggregation="sum", bucket="week"
        )
        contribution = Contribution(
            id="c", party="acme", title="t", kind="other", pillar="sell", supports=["g"]
        )

        assert_type(party.capacity, tuple[Quantity, ...])
        assert (Quantity(amount=Decimal(2), unit="fte"),) == party.capacity
        assert ("sum", "week") == (metric.aggregation, metric.bucket)
        assert ("other", "sell", ("g",)) == (
            contribution.kind,
            contribution.pillar,
            contribution.supports,
        )
        assert Decimal(2) == Goal(id="g", title="t", weight=2).weight
        assert "year" == (
            ResourceAllocation(
                id="r", party="acme", amount=Quantity(amount=1, unit="EUR"), per="year"
            ).per
        )
        assert (Decimal(1), Decimal("0.1")) == (
            Tier(threshold=1).threshold,
            Tier(threshold=1, rate="0.1").rate,
        )

    def test_funds_remedies_reviews_and_criteria(self) -> None:
        """The fund, its events, a remedy, a review and a criterion convert too."""
        fund = Fund(
            co_funding="0.5",
            expiry="term",
            accrual=Accrual(rate="0.02", of="partner-revenue", per="quarter"),
        )
        event = FundEvent(
            fund="mdf", event="grant", at=_DAY, ref="G", amount="5", proof=["INV-1"]
        )
        remedy = Remedy(id="r", title="t", payer="a", beneficiary="b", grace=1)
        review = Review(
            id="r",
            held_on=_DAY,
            attendees=["acme"],
            actions=[ActionItem(id="a", owner="acme", title="t", goals=["g"])],
        )
        criterion = ExceptionCriterion(
            id="e",
            title="t",
            measure="m",
            owner="acme",
            resolve_within_days=5,
            lower="0.9",
            per="month",
        )

        assert (Decimal("0.5"), "term", Decimal("0.02")) == (
            fund.co_funding,
            fund.expiry,
            fund.accrual.rate if fund.accrual else None,
        )
        assert ("grant", Decimal(5), ("INV-1",)) == (
            event.event,
            event.amount,
            event.proof,
        )
        assert Decimal(1) == remedy.grace
        assert (("acme",), ("g",)) == (review.attendees, review.actions[0].goals)
        assert (Decimal("0.9"), "month") == (criterion.lower, criterion.per)

    def test_agreement_takes_lists(self) -> None:
        """An agreement's parties (and every other sequence) may be a list."""
        agreement = Agreement(
            id="a",
            title="t",
            parties=[
                Party(id="acme", name="Acme", role="vendor"),
                Party(id="globex", name="Globex", role="partner"),
            ],
            start=dt.date(2027, 1, 1),
            end=dt.date(2027, 12, 31),
            currency="EUR",
        )

        assert_type(agreement.parties, tuple[Party, ...])
        assert ["acme", "globex"] == [party.id for party in agreement.parties]

    def test_a_float_is_a_type_error_too(self) -> None:
        """``amount=1.5`` is refused by the type checker as by the class."""
        with pytest.raises(TypeError, match="pass Decimal"):
            Quantity(amount=1.5, unit="EUR")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="pass Decimal"):
            Target(metric="m", value=0.5, direction="at_least")  # type: ignore[arg-type]


class TestRenderImportStyles:
    """Each way of importing ``render`` that a type checker accepts runs as checked."""

    def test_as_a_module_and_as_a_function(self) -> None:
        """``import mutualcommit.render as rendering`` is a module with FORMATS; the name renders."""
        import mutualcommit.render as rendering
        from mutualcommit import render

        agreement = Agreement(
            id="a",
            title="t",
            parties=[
                Party(id="acme", name="Acme", role="vendor"),
                Party(id="globex", name="Globex", role="partner"),
            ],
            start=dt.date(2027, 1, 1),
            end=dt.date(2027, 12, 31),
            currency="EUR",
        )

        formats = assert_type(
            rendering.FORMATS, tuple[Literal["markdown", "html", "text"], ...]
        )
        documents = {
            assert_type(render(agreement), str),
            assert_type(rendering.render(agreement, format="text"), str),
            assert_type(mutualcommit.render(agreement), str),
        }
        assert ("markdown", "html", "text") == formats
        assert 2 == len(documents)


class TestFindingParams:
    """A finding's params are typed as what a finding takes: None and floats are errors."""

    def test_none_and_float_params(self) -> None:
        """``params={"due": None}`` is refused by the type checker as by the class."""
        with pytest.raises(TypeError, match="got None"):
            Finding(
                code="ACME1",
                severity="warning",
                subject="agreement",
                path="",
                message="m",
                params={"due": None},  # type: ignore[dict-item]
            )
        with pytest.raises(TypeError, match=r"got 0\.5"):
            Finding(
                code="ACME1",
                severity="warning",
                subject="agreement",
                path="",
                message="m",
                params={"share": 0.5},  # type: ignore[dict-item]
            )

    def test_a_policy_rules_finding(self) -> None:
        """``context.finding(..., due=None)`` is a type error, as it is when the rule runs."""

        def first_review(agreement: Agreement, context: Context) -> Iterator[Finding]:
            for review in agreement.reviews:
                yield context.finding(
                    f"review:{review.id}",
                    context.paths[f"review:{review.id}"],
                    "A review was held.",
                    day=review.held_on,
                    count=len(review.actions),
                    flag=True,
                    share=Decimal("0.5"),
                    kind=Direction.AT_LEAST,
                    attendees=list(review.attendees),
                    days=(review.held_on, _DAY),
                )

        def optional_due(agreement: Agreement, context: Context) -> Iterator[Finding]:
            for review in agreement.reviews:
                for action in review.actions:
                    subject = f"action:{review.id}/{action.id}"
                    yield context.finding(
                        subject,
                        context.paths[subject],
                        "An action was agreed.",
                        due=action.due,  # type: ignore[arg-type]
                    )

        agreement = loads(IT_VENDOR.read_bytes())
        report = check(
            agreement,
            as_of=_DAY,
            policy=Policy(
                rules=[Rule(code="ACME1", severity="info", check=first_review)]
            ),
        )
        due = Policy(rules=[Rule(code="ACME2", severity="info", check=optional_due)])

        assert {
            "day": agreement.reviews[0].held_on.isoformat(),
            "count": len(agreement.reviews[0].actions),
            "flag": "true",
            "share": "0.5",
            "kind": "at_least",
            "attendees": tuple(agreement.reviews[0].attendees),
            "days": (agreement.reviews[0].held_on.isoformat(), _DAY.isoformat()),
        } == dict(next(f for f in report.findings if f.code == "ACME1").params)
        undated = agreement.update_action("qbr-2026-02", "second-approver", due=None)
        assert [] == list(check(agreement, as_of=_DAY, policy=due).errors)
        with pytest.raises(RuleError, match="got None"):
            check(undated, as_of=_DAY, policy=due)


class TestConvertedInputs:
    """A field that converts its value is typed as what it converts: the rest is an error."""

    def test_driver_and_assumptions(self) -> None:
        """``per_thousand=0.25`` and a share as text are type errors, as at run time."""
        from mutualcommit.scenarios import Assumptions, Driver, Fixed

        driver = Driver(contribution="c", metric="m", per_thousand=Fixed(0.25))
        shares = Assumptions(
            fund_utilisation={"a": 0.5, "b": Decimal("0.25"), "c": 1}
        ).fund_utilisation

        assert Fixed(0.25) == driver.per_thousand
        assert {"a": 0.5, "b": 0.25, "c": 1.0} == dict(shares)
        with pytest.raises(TypeError, match=r"got float 0\.25"):
            Driver(contribution="c", metric="m", per_thousand=0.25)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"is a number, got '0\.5'"):
            Assumptions(fund_utilisation={"a": "0.5"})  # type: ignore[dict-item]

    def test_severities(self) -> None:
        """A severity is a Severity or its text, for a rule, a finding and a policy."""
        from mutualcommit.rules import PolicyError, Severity

        rule = Rule(code="ACME1", severity="error", check=lambda _a, _c: ())
        finding = Finding(
            code="ACME1", severity="info", subject="agreement", path="", message="m"
        )
        policy = Policy(severities={"MC101": "error", "MC102": Severity.INFO})

        assert (Severity.ERROR, Severity.INFO) == (rule.severity, finding.severity)
        assert {"MC101": Severity.ERROR, "MC102": Severity.INFO} == dict(
            policy.severities
        )
        with pytest.raises(TypeError, match="got int 2"):
            Rule(code="ACME1", severity=2, check=lambda _a, _c: ())  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="2"):
            Finding(
                code="ACME1",
                severity=2,  # type: ignore[arg-type]
                subject="agreement",
                path="",
                message="m",
            )
        with pytest.raises(PolicyError, match=r"severities\.MC101"):
            Policy(severities={"MC101": 2})  # type: ignore[dict-item]


class TestKeywordChanges:
    """``**changes`` and ``**limits`` are typed: a misspelt or mistyped keyword is an error."""

    def test_amend_and_update_action(self) -> None:
        """A misspelt term or action field is a type error, as it is at run time."""
        agreement = loads(IT_VENDOR.read_bytes())

        amended = agreement.amend(title="Amended", goals=list(agreement.goals))

        assert ("Amended", agreement.version + 1) == (amended.title, amended.version)
        with pytest.raises(TypeError, match="titel"):
            agreement.amend(titel="Amended")  # type: ignore[call-arg]
        with pytest.raises(TypeError):
            agreement.amend(goals="abc")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="duee"):
            agreement.update_action("qbr-2026-02", "second-approver", duee=_DAY)  # type: ignore[call-arg]

    def test_change_target(self) -> None:
        """``change_target(..., valeu=1)`` is a type error; ``value=24`` is not."""
        from mutualcommit.scenarios import change_target

        agreement = loads(IT_VENDOR.read_bytes())
        goal = next(g for g in agreement.goals if g.target is not None)

        changed = change_target(agreement, f"goal:{goal.id}", value=24, per="year")

        assert Decimal(24) == changed.goal(goal.id).target.value  # type: ignore[union-attr]
        with pytest.raises(TypeError, match="valeu"):
            change_target(agreement, f"goal:{goal.id}", valeu=1)  # type: ignore[call-arg]

    def test_strategy_limits(self) -> None:
        """``compliant="no"`` is a type error, and a TypeError when the strategy is made."""
        from mutualcommit.testing.strategies import (
            agreements_with_fund_events,
            agreements_with_observations,
        )

        with pytest.raises(TypeError, match="compliant must be a bool"):
            agreements_with_observations(compliant="no")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="max_parties must be an int"):
            agreements_with_fund_events(max_parties="3")  # type: ignore[arg-type]

    def test_the_typed_dicts_name_every_keyword(self) -> None:
        """Each TypedDict lists the fields its function changes, no more, no fewer."""
        import inspect

        import attrs

        from mutualcommit import ActionItemChanges, TermChanges
        from mutualcommit.model import TERM_FIELDS
        from mutualcommit.scenarios import TargetChanges
        from mutualcommit.testing.strategies import AgreementLimits, agreements

        keywords = inspect.signature(agreements).parameters

        assert TERM_FIELDS == TermChanges.__optional_keys__
        assert {f.name for f in attrs.fields(ActionItem)} - {
            "id"
        } == ActionItemChanges.__optional_keys__
        assert {f.name for f in attrs.fields(Target)} == TargetChanges.__optional_keys__
        assert set(keywords) == AgreementLimits.__optional_keys__


class TestInputsAsWideAsWhatRuns:
    """What runs and the docs promise type-checks: an index, binary lines, a bytearray."""

    def test_an_observation_index(self) -> None:
        """``assert_compliant`` and ``Scenario.report`` take an index, as ``check`` does."""
        from mutualcommit import load_observations
        from mutualcommit.kpi import ObservationIndex
        from mutualcommit.scenarios import Scenario
        from mutualcommit.testing import assert_compliant

        agreement = loads(IT_VENDOR.read_bytes())
        log = load_observations((IT_VENDOR.parent / "observations.jsonl").read_bytes())
        index = ObservationIndex(agreement, log)
        day = dt.date(2026, 9, 15)

        expected = check(agreement, as_of=day, observations=log)
        scenario = Scenario(name="as signed", agreement=agreement)

        assert expected == scenario.report(day, observations=index)
        assert expected.findings == (
            assert_compliant(agreement, as_of=day, observations=index).findings
        )

    def test_binary_lines_and_a_bytearray(self) -> None:
        """A gzip file's binary lines, ``bytes.splitlines()`` and a bytearray read alike."""
        import gzip
        import io

        from mutualcommit import load_fund_events, load_observations
        from mutualcommit.rules import DEFAULT_POLICY, policy_from_json, policy_to_json

        raw = (IT_VENDOR.parent / "observations.jsonl").read_bytes()
        packed = io.BytesIO(gzip.compress(raw))
        events = (IT_VENDOR.parent / "fund_events.jsonl").read_bytes()

        with gzip.open(packed) as lines:
            from_gzip = load_observations(lines)

        assert load_observations(raw) == from_gzip
        assert from_gzip == load_observations(raw.splitlines())
        assert from_gzip == load_observations(bytearray(raw))
        assert load_fund_events(events) == load_fund_events(bytearray(events))
        assert loads(IT_VENDOR.read_bytes()) == loads(bytearray(IT_VENDOR.read_bytes()))
        assert DEFAULT_POLICY == policy_from_json(
            bytearray(policy_to_json(DEFAULT_POLICY).encode())
        )


class TestWhatRenderTakes:
    """``render`` is typed with the kinds it renders: anything else is an error."""

    def test_the_kinds_and_the_rest(self) -> None:
        """A scorecard and fund ledgers render; a goal's result or a mapping is an error."""
        from mutualcommit import evaluate, fund_ledger, load_fund_events, render

        agreement = loads(IT_VENDOR.read_bytes())
        day = dt.date(2026, 9, 15)
        card = evaluate(agreement, (), as_of=day)
        events = load_fund_events((IT_VENDOR.parent / "fund_events.jsonl").read_bytes())
        ledgers = fund_ledger(agreement, events, as_of=day)

        documents = [render(card), render(ledgers)]

        assert all(documents)
        with pytest.raises(
            TypeError, match=r"got a list of FundLedger: pass tuple\(ledgers\)$"
        ):
            render(list(ledgers))  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="got TargetResult"):
            render(card.goals[0])  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="got dict"):
            render({"id": "a"})  # type: ignore[arg-type]


#: The public modules, whose every name's annotations resolve at run time.
_PUBLIC_MODULES = (
    "mutualcommit",
    "mutualcommit.calendar",
    "mutualcommit.errors",
    "mutualcommit.kpi",
    "mutualcommit.model",
    "mutualcommit.portfolio",
    "mutualcommit.render",
    "mutualcommit.rules",
    "mutualcommit.scenarios",
    "mutualcommit.serialize",
    "mutualcommit.testing",
    "mutualcommit.testing.strategies",
)
#: attrs' field transformer: ``attrs.Attribute`` is generic to type checkers
#: only, and the helper serves the library's own layers.
_UNRESOLVED = frozenset({"mutualcommit.model.coerce_fields"})


def _annotated() -> list[tuple[str, object]]:
    import importlib
    import inspect

    found: list[tuple[str, object]] = []
    for module_name in _PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            value = getattr(module, name)
            where = f"{module_name}.{name}"
            if where in _UNRESOLVED:
                continue
            if inspect.isfunction(value):
                found.append((where, value))
            elif inspect.isclass(value):
                found.append((where, value))
                for member, attribute in vars(value).items():
                    if member.startswith("_") and member != "__init__":
                        continue
                    if isinstance(attribute, property):
                        attribute = attribute.fget  # noqa: PLW2901 - its getter
                    elif isinstance(attribute, staticmethod | classmethod):
                        attribute = attribute.__func__  # noqa: PLW2901 - its function
                    if inspect.isfunction(attribute):
                        found.append((f"{where}.{member}", attribute))
    return found


class TestAnnotationsResolveAtRunTime:
    """``typing.get_type_hints`` resolves every public annotation (cattrs, autodoc, beartype read them)."""

    def test_every_public_name(self) -> None:
        """Every function, class, method and property of every public module's ``__all__``."""
        import typing

        unresolved = []
        for where, value in _annotated():
            try:
                typing.get_type_hints(value)
            except Exception as error:  # noqa: BLE001 - each failure is listed
                unresolved.append(f"{where}: {type(error).__name__}: {error}")

        assert [] == unresolved

    def test_rules_and_context(self) -> None:
        """A policy's rule, the context it gets and a catalogue rule resolve, as attrs does it."""
        import typing

        import attrs

        from mutualcommit.rules import CatalogueRule

        for cls in (Rule, Context, CatalogueRule):
            attrs.resolve_types(cls)

        assert Policy is attrs.fields(Context).policy.type
        assert [Agreement, Agreement] == [
            typing.get_type_hints(function)["agreement"]
            for function in (
                mutualcommit.calendar.to_ical,
                mutualcommit.calendar.agreement_review_dates,
            )
        ]


class TestPublicParameterTypes:
    """The literal and callable types of public parameters are exported: a wrapper can name them."""

    def test_a_wrapper_names_them(self) -> None:
        """``kpi.Table``, ``render.Format``, ``serialize.Document``, ``testing.Expected``, ``kpi.OfActual``."""
        from mutualcommit import evaluate, json_schema, render
        from mutualcommit.kpi import OfActual, Table, WindowResult
        from mutualcommit.render import Format
        from mutualcommit.scenarios import Table as ProjectionTable
        from mutualcommit.serialize import Document
        from mutualcommit.testing import Expected, assert_findings

        agreement = loads(IT_VENDOR.read_bytes())
        card = evaluate(agreement, (), as_of=dt.date(2026, 9, 15))

        def export(table: Table, form: Format, document: Document) -> tuple[int, ...]:
            return (
                len(card.to_records(table)),
                len(render(card, format=form)),
                len(json_schema(document)),
            )

        def no_actual(metric: str, window: WindowResult) -> Decimal | None:
            del metric, window
            return None

        projection_tables: list[ProjectionTable] = ["targets", "incentives"]
        expected: list[Expected] = ["MC401", ("MC401", "signature:globex")]
        of_actual: OfActual = no_actual

        assert all(export("targets", "text", "agreement"))
        assert ["targets", "incentives"] == projection_tables
        assert of_actual("m", card.goals[0].windows[0]) is None
        with pytest.raises(AssertionError):
            assert_findings(check(agreement, as_of=_DAY), include=expected)


class TestErrorAttributes:
    """An error's attributes have the type they always hold: a handler needs no cast."""

    def test_unknown_locale(self) -> None:
        """``UnknownLocaleError.locale`` is the string given, a ``str`` to a type checker too."""
        from mutualcommit import UnknownLocaleError, render

        agreement = loads(IT_VENDOR.read_bytes())
        with pytest.raises(UnknownLocaleError) as caught:
            render(agreement, locale="xx")

        locale = assert_type(caught.value.locale, str)
        reason = assert_type(caught.value.reason, str)
        assert ("XX", "") == (locale.upper(), reason)

    def test_no_error_takes_just_an_object(self) -> None:
        """No public error's constructor takes, and so holds, a value typed ``object`` or ``Any``.

        But `NotFoundError.key`: what the caller asked a lookup for, which
        may be anything a caller passes (an unhashable id is not found too).
        """
        import inspect
        import typing

        from mutualcommit import NotFoundError

        loose = []
        for where, value in _annotated():
            if not (inspect.isclass(value) and issubclass(value, BaseException)):
                continue
            if issubclass(value, NotFoundError):
                continue
            hints = typing.get_type_hints(value.__init__)
            loose += [
                f"{where}({name})"
                for name, hint in hints.items()
                if hint is object or hint is typing.Any
            ]

        assert [] == loose


class TestProblemsError:
    """One public base carries ``.problems``: a handler needs no union of the four errors."""

    def test_every_input_error_is_one(self) -> None:
        """An agreement, a document, a log and a policy: each error is caught as a ProblemsError."""
        from mutualcommit import (
            FormatError,
            InvalidAgreementError,
            InvalidObservationsError,
            ProblemsError,
            evaluate,
        )
        from mutualcommit.rules import PolicyError

        agreement = loads(IT_VENDOR.read_bytes())
        attempts: list[Callable[[], object]] = [
            lambda: agreement.amend(end=dt.date(2000, 1, 1)),
            lambda: loads("{}"),
            lambda: evaluate(agreement, [Observation("nope", _DAY, 1)], as_of=_DAY),
            lambda: Policy(max_growth=-1),
        ]
        caught: list[type[ProblemsError]] = []
        paths: list[str] = []
        for attempt in attempts:
            try:
                attempt()
            except ProblemsError as error:
                problems = assert_type(error.problems, tuple[tuple[str, str], ...])
                caught.append(type(error))
                paths.append(problems[0][0])

        assert [
            InvalidAgreementError,
            FormatError,
            InvalidObservationsError,
            PolicyError,
        ] == caught
        assert all(isinstance(path, str) for path in paths)
