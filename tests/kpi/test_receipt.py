"""`receipt`: one digest of an evaluation's inputs and result, and its laws."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import random
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualcommit import (
    Aggregation,
    Agreement,
    Direction,
    ExceptionCriterion,
    FundEvent,
    FundEventKind,
    Goal,
    InvalidFundEventsError,
    InvalidObservationsError,
    Metric,
    Observation,
    Party,
    Period,
    Role,
    Target,
    evaluate,
    exceptions,
    load_observations,
    loads,
    receipt,
)
from mutualcommit.kpi import (
    ObservationIndex,
    exception_report_to_dict,
    fund_events_digest,
    observations_digest,
    scorecard_to_dict,
)
from mutualcommit.model import FORMAT_VERSION, canonical_json

START = dt.date(2026, 1, 1)
END = dt.date(2026, 12, 31)
AS_OF = dt.date(2026, 9, 30)


def terms(**changes: object) -> Agreement:
    """A goal on order lines per quarter and a fill-rate criterion per item."""
    fields: dict[str, object] = {
        "id": "cpfr",
        "title": "CPFR",
        "parties": (
            Party(id="v", name="Vendor", role=Role.VENDOR),
            Party(id="p", name="Partner", role=Role.PARTNER),
        ),
        "start": START,
        "end": END,
        "currency": "EUR",
        "metrics": (
            Metric(
                id="fill-rate",
                name="Fill rate",
                unit="percent",
                aggregation=Aggregation.MEAN,
            ),
            Metric(
                id="orders",
                name="Order lines",
                unit="count",
                aggregation=Aggregation.SUM,
            ),
        ),
        "goals": (
            Goal(
                id="orders",
                title="Order lines",
                target=Target(
                    metric="orders",
                    value=Decimal(100),
                    direction=Direction.AT_LEAST,
                    per=Period.QUARTER,
                ),
            ),
        ),
        "exception_criteria": (
            ExceptionCriterion(
                id="fill",
                title="Fill rate per item",
                measure="fill-rate",
                owner="v",
                resolve_within_days=7,
                lower=Decimal("0.95"),
                per=Period.MONTH,
                split="item",
            ),
        ),
    }
    fields.update(changes)
    return Agreement(**fields)  # type: ignore[arg-type]


AGREEMENT = terms()

records = st.tuples(
    st.sampled_from(["fill-rate", "orders"]),
    st.dates(START, END),
    # At most two places, so that one more trailing zero stays a model decimal.
    st.decimals(min_value=0, max_value=1000, places=2),
    st.sampled_from(["a", "b", "c"]),
)


@st.composite
def logs(draw: st.DrawFn) -> list[Observation]:
    """A log whose records have distinct refs."""
    drawn = draw(st.lists(records, min_size=1, max_size=25))
    return [
        Observation(metric, day, value, ref=f"r{i}", dims={"item": item})
        for i, (metric, day, value, item) in enumerate(drawn)
    ]


def both(log: list[Observation]) -> tuple[str, str]:
    """The receipts of the scorecard and of the exception report as of AS_OF."""
    return (
        receipt(evaluate(AGREEMENT, log, as_of=AS_OF), log),
        receipt(exceptions(AGREEMENT, log, as_of=AS_OF), log),
    )


def respelled(value: Decimal) -> Decimal:
    """The same number with one more trailing zero: 1.5 → 1.50, 2 → 2.0."""
    text = format(value, "f")
    return Decimal(text + "0" if "." in text else text + ".0")


class TestLaws:
    """Receipts depend on what was evaluated, not on how the inputs were written."""

    @given(logs(), st.randoms(use_true_random=False))
    def test_order(self, log: list[Observation], shuffler: random.Random) -> None:
        """Shuffling a log of distinct refs leaves both receipts as they are."""
        shuffled = list(log)
        shuffler.shuffle(shuffled)

        assert both(log) == both(shuffled)

    @given(logs())
    def test_spelling(self, log: list[Observation]) -> None:
        """Writing 1.50 for 1.5 changes no receipt."""
        spelled = [
            Observation(o.metric, o.at, respelled(o.value), ref=o.ref, dims=o.dims)  # type: ignore[arg-type]
            for o in log
        ]

        assert both(log) == both(spelled)

    @given(logs())
    def test_context(self, log: list[Observation]) -> None:
        """The caller's decimal context changes no receipt."""
        expected = both(log)
        with decimal.localcontext() as context:
            context.prec = 3
            context.rounding = decimal.ROUND_DOWN
            actual = both(log)

        assert expected == actual

    @given(logs(), st.data())
    def test_changed_observation(
        self, log: list[Observation], data: st.DataObject
    ) -> None:
        """Changing the value of any record changes both receipts."""
        i = data.draw(st.integers(0, len(log) - 1))
        changed = list(log)
        old = changed[i]
        assert old.value is not None  # logs() draws a decimal for every record
        changed[i] = Observation(
            old.metric, old.at, old.value + 1, ref=old.ref, dims=old.dims
        )
        before, after = both(log), both(changed)

        if old.at <= AS_OF:
            assert before[0] != after[0]
            assert before[1] != after[1]
        else:
            # After as_of a record counts for nothing, in the result or the receipt.
            assert before == after


class TestReceipt:
    """A receipt covers the terms, the log, the day and the result."""

    LOG = (
        Observation(
            "fill-rate", dt.date(2026, 1, 10), Decimal("0.9"), dims={"item": "a"}
        ),
        Observation("orders", dt.date(2026, 2, 10), Decimal(30), ref="o1"),
    )

    def test_form(self) -> None:
        """'sha256:' and 64 lower-case hex digits."""
        proof = receipt(exceptions(AGREEMENT, self.LOG, as_of=AS_OF), self.LOG)

        assert ("sha256:", 64) == (proof[:7], len(proof[7:]))
        assert set(proof[7:]) <= set("0123456789abcdef")

    def test_scorecard_and_report_differ(self) -> None:
        """The same inputs give a scorecard and a report different receipts."""
        card = evaluate(AGREEMENT, self.LOG, as_of=AS_OF)
        report = exceptions(AGREEMENT, self.LOG, as_of=AS_OF)

        assert receipt(card, self.LOG) != receipt(report, self.LOG)

    def test_as_of(self) -> None:
        """Another day is another receipt, even with the same result."""
        later = AS_OF + dt.timedelta(days=1)
        report = exceptions(AGREEMENT, self.LOG, as_of=AS_OF)
        moved = exceptions(AGREEMENT, self.LOG, as_of=later)

        assert report.exceptions == moved.exceptions
        assert receipt(report, self.LOG) != receipt(moved, self.LOG)

    def test_terms(self) -> None:
        """Amended terms are another receipt."""
        amended = AGREEMENT.amend(title="CPFR 2026")

        assert receipt(exceptions(AGREEMENT, self.LOG, as_of=AS_OF), self.LOG) != (
            receipt(exceptions(amended, self.LOG, as_of=AS_OF), self.LOG)
        )

    def test_retraction(self) -> None:
        """A retracted record counts for nothing: as if it had never been logged."""
        retracted = (
            *self.LOG,
            Observation("orders", dt.date(2026, 2, 11), None, ref="o1"),
        )
        without = self.LOG[:1]

        assert observations_digest(AGREEMENT, retracted, as_of=AS_OF) == (
            observations_digest(AGREEMENT, without, as_of=AS_OF)
        )

    def test_bad_log(self) -> None:
        """A log that is not valid for the agreement is refused."""
        card = evaluate(AGREEMENT, self.LOG, as_of=AS_OF)
        bad = (Observation("returns", AS_OF, Decimal(1)),)

        with pytest.raises(InvalidObservationsError):
            receipt(card, bad)

    def test_not_a_result(self) -> None:
        """Only a scorecard or an exception report has a receipt."""
        with pytest.raises(TypeError, match="Scorecard or an ExceptionReport"):
            receipt(AGREEMENT, self.LOG)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("agreement", "as_of", "message"),
        [
            (
                "cpfr",
                AS_OF,
                (
                    "agreement is an Agreement, got str 'cpfr': read the document's "
                    "text with loads"
                ),
            ),
            (
                AGREEMENT,
                "2026-09-30",
                (
                    "as_of is a datetime.date, got str '2026-09-30'; pass "
                    "datetime.date.fromisoformat(...)"
                ),
            ),
        ],
        ids=["agreement", "as_of"],
    )
    def test_a_wrong_argument_of_the_digest(
        self, agreement: object, as_of: object, message: str
    ) -> None:
        """observations_digest names the argument it was given the wrong thing in."""
        with pytest.raises(TypeError) as caught:
            observations_digest(agreement, self.LOG, as_of=as_of)  # type: ignore[arg-type]

        assert message == str(caught.value)


class TestALogReadWhole:
    """A receipt reads its log whole: a log already read, or an index, is refused."""

    LOG = TestReceipt.LOG

    def test_a_generator_the_evaluation_read(self) -> None:
        """The natural pipeline, stream → evaluate → receipt, is refused, not an empty log's receipt."""
        stream = (observation for observation in self.LOG)
        card = evaluate(AGREEMENT, stream, as_of=AS_OF)

        with pytest.raises(InvalidObservationsError) as caught:
            receipt(card, stream)

        assert [
            (
                "",
                (
                    "observations is a generator already read from (an evaluation "
                    "reads its log to the end): the digest would cover only the "
                    "records left, none after an evaluation, not the log; pass the "
                    "log as a list (the same list to the evaluation and here), an "
                    "empty one as []"
                ),
            )
        ] == list(caught.value.problems)

    def test_a_generator_partly_read(self) -> None:
        """A generator read from at all has lost records: refused too."""
        stream = (observation for observation in self.LOG)
        next(stream)

        with pytest.raises(InvalidObservationsError, match="already read from"):
            observations_digest(AGREEMENT, stream, as_of=AS_OF)

    def test_an_iterator_the_evaluation_read(self) -> None:
        """An iterator with no record left is refused: it cannot vouch for an empty log."""
        stream = iter(self.LOG)
        card = evaluate(AGREEMENT, stream, as_of=AS_OF)

        with pytest.raises(InvalidObservationsError, match="no record left"):
            receipt(card, stream)

    def test_fresh_streams_read_whole(self) -> None:
        """A fresh generator or iterator is read once, whole: the list's receipt."""
        card = evaluate(AGREEMENT, self.LOG, as_of=AS_OF)
        proof = receipt(card, self.LOG)

        assert (proof, proof) == (
            receipt(card, (observation for observation in self.LOG)),
            receipt(card, iter(self.LOG)),
        )

    def test_an_empty_log(self) -> None:
        """An empty log, as a list or a fresh generator, has its receipt."""
        card = evaluate(AGREEMENT, [], as_of=AS_OF)

        nothing: tuple[Observation, ...] = ()

        assert receipt(card, []) == receipt(card, (o for o in nothing))

    def test_a_fund_log_the_evaluation_read(self) -> None:
        """The fund log is read whole too."""
        agreement, log = _it()
        stream = (event for event in FUND_LOG)
        card = evaluate(agreement, log, as_of=IT_AS_OF, fund_events=stream)

        with pytest.raises(InvalidFundEventsError, match="fund_events is a generator"):
            receipt(card, log, stream)

    def test_an_index(self) -> None:
        """An ObservationIndex is named, with what to pass instead; no address in memory."""
        card = evaluate(AGREEMENT, self.LOG, as_of=AS_OF)

        with pytest.raises(TypeError) as caught:
            receipt(card, ObservationIndex(AGREEMENT, self.LOG))  # type: ignore[arg-type]

        assert (
            "observations is the log itself, an iterable of Observation records, "
            "got an ObservationIndex: a receipt digests the log's records, which "
            "an index holds resolved; pass the observations the index was built "
            "from"
        ) == str(caught.value)

    def test_a_value_without_a_repr_of_its_own(self) -> None:
        """Another value is named by its type, never by where it sat in memory."""
        card = evaluate(AGREEMENT, self.LOG, as_of=AS_OF)

        with pytest.raises(TypeError) as caught:
            receipt(card, object())  # type: ignore[arg-type]

        assert (
            "observations is an iterable of Observation records, got object"
        ) == str(caught.value)


def _sha256(text: str) -> str:
    """``sha256:`` and the hex digest of *text* in UTF-8."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


class TestWorkedDigests:
    """The digests spelled out: the fields, their canonical form, what counts."""

    #: Ref ``a`` corrected, a retraction of ``c``, a record on the day
    #: itself and one the day after.
    LOG = (
        Observation("orders", dt.date(2026, 1, 5), Decimal(3), ref="a"),
        Observation("orders", dt.date(2026, 1, 6), Decimal("4.50"), ref="a"),
        Observation(
            "fill-rate",
            dt.date(2026, 2, 1),
            Decimal("0.90"),
            ref="b",
            dims={"item": "x"},
        ),
        Observation("orders", dt.date(2026, 3, 1), Decimal(9), ref="c"),
        Observation("orders", dt.date(2026, 3, 1), None, ref="c"),
        Observation("orders", AS_OF, Decimal(10), ref="d"),
        Observation("orders", AS_OF + dt.timedelta(days=1), Decimal(11), ref="e"),
    )
    #: The standing records up to AS_OF, each as canonical JSON, sorted.
    LINES = (
        '{"at":"2026-01-06","dims":{},"metric":"orders","ref":"a","value":"4.5"}',
        '{"at":"2026-02-01","dims":{"item":"x"},"metric":"fill-rate","ref":"b","value":"0.9"}',
        '{"at":"2026-09-30","dims":{},"metric":"orders","ref":"d","value":"10"}',
    )

    def test_observations_digest(self) -> None:
        """The digest of the standing records' canonical lines, joined by newlines."""
        assert _sha256("\n".join(self.LINES)) == observations_digest(
            AGREEMENT, self.LOG, as_of=AS_OF
        )

    def test_scorecard_receipt(self) -> None:
        """A scorecard's receipt is the digest of its envelope, targets and net positions left out."""
        card = evaluate(AGREEMENT, self.LOG, as_of=AS_OF)
        document = scorecard_to_dict(card)
        for entry in document["goals"]:
            del entry["target"]
        del document["net_positions"]
        envelope = {
            "format": "mutualcommit.receipt",
            "format_version": FORMAT_VERSION,
            "terms": AGREEMENT.fingerprint(),
            "observations": _sha256("\n".join(self.LINES)),
            "as_of": "2026-09-30",
            "result": document,
        }

        assert _sha256(canonical_json(envelope)) == receipt(card, self.LOG)

    def test_exception_report_receipt(self) -> None:
        """An exception report's receipt covers its whole JSON document."""
        report = exceptions(AGREEMENT, self.LOG, as_of=AS_OF)
        envelope = {
            "format": "mutualcommit.receipt",
            "format_version": FORMAT_VERSION,
            "terms": AGREEMENT.fingerprint(),
            "observations": _sha256("\n".join(self.LINES)),
            "as_of": "2026-09-30",
            "result": exception_report_to_dict(report),
        }

        assert _sha256(canonical_json(envelope)) == receipt(report, self.LOG)

    def test_not_a_result_message(self) -> None:
        """The error names the type it was given."""
        with pytest.raises(
            TypeError,
            match=r"^receipt\(\) takes a Scorecard or an ExceptionReport, got int$",
        ):
            receipt(3, self.LOG)  # type: ignore[arg-type]


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


class TestPinnedReceipts:
    """The receipts of the two shipped examples, written out.

    Two parties compare receipts made on different machines: the digests
    must not depend on the platform or on the Python (the suite runs on
    every supported one). A change of the result's JSON document or of its
    arithmetic changes them; such a release says so in its changelog, and
    these strings are updated with it.
    """

    CASES = (
        (
            "it_vendor",
            dt.date(2026, 9, 15),
            "sha256:4ef3ef2c84450195eb96399d3c3975cf4d1d0fefc407478af6f5c0ca27e394f4",
            "sha256:c4ba1831ad7276d52d2fa146c8b9dc1e93962880f76e17028fb221cf1263aa4b",
        ),
        (
            "manufacturer",
            dt.date(2026, 6, 30),
            "sha256:ed3e49bd4721b255be5f69f92e112a1c0b2d315c523f7e342a98d7510555f3c8",
            "sha256:434a0c655e281ba590d8afe14f3dea64807c647384b3341c7cf9002a6241bc6a",
        ),
    )

    @pytest.mark.parametrize(("case", "as_of", "scorecard", "report"), CASES)
    def test_example(
        self, case: str, as_of: dt.date, scorecard: str, report: str
    ) -> None:
        """The scorecard's and the exception report's receipts, as of a day."""
        agreement = loads((EXAMPLES / case / "agreement.json").read_bytes())
        log = load_observations((EXAMPLES / case / "observations.jsonl").read_bytes())

        assert receipt(evaluate(agreement, log, as_of=as_of), log) == scorecard
        assert receipt(exceptions(agreement, log, as_of=as_of), log) == report


IT = EXAMPLES / "it_vendor"
IT_AS_OF = dt.date(2026, 9, 15)
MDF = "acme-mdf-budget"


def _it() -> tuple[Agreement, tuple[Observation, ...]]:
    """The IT example's terms, with a fund, and its observations."""
    return (
        loads((IT / "agreement.json").read_bytes()),
        load_observations((IT / "observations.jsonl").read_bytes()),
    )


def _grant(at: str, amount: str, ref: str = "G-1") -> FundEvent:
    return FundEvent(
        fund=MDF,
        event=FundEventKind.GRANT,
        at=dt.date.fromisoformat(at),
        ref=ref,
        amount=None if amount == "-" else Decimal(amount),
    )


#: A grant corrected by a later record, a request and its approval, a
#: retracted grant and a grant after the day.
FUND_LOG = (
    _grant("2026-03-01", "5000.50"),
    FundEvent(
        fund=MDF,
        event=FundEventKind.REQUEST,
        at=dt.date(2026, 4, 1),
        ref="R-1",
        amount=Decimal("1000.00"),
        activity="Webinar",
        start=dt.date(2026, 5, 4),
        end=dt.date(2026, 5, 8),
        cost=Decimal(2000),
    ),
    FundEvent(
        fund=MDF,
        event=FundEventKind.APPROVAL,
        at=dt.date(2026, 4, 2),
        ref="A-1",
        amount=Decimal(1000),
        request="R-1",
    ),
    _grant("2026-03-05", "6000"),
    _grant("2026-03-06", "700", ref="G-2"),
    _grant("2026-03-07", "-", ref="G-2"),
    _grant("2026-09-16", "900", ref="G-3"),
)
#: Its standing records as of IT_AS_OF, each as canonical JSON, sorted.
FUND_LINES = (
    (
        '{"activity":"Webinar","amount":"1000","at":"2026-04-01","cost":"2000",'
        '"end":"2026-05-08","event":"request","fund":"acme-mdf-budget","ref":"R-1",'
        '"start":"2026-05-04"}'
    ),
    (
        '{"amount":"1000","at":"2026-04-02","event":"approval",'
        '"fund":"acme-mdf-budget","ref":"A-1","request":"R-1"}'
    ),
    '{"amount":"6000","at":"2026-03-05","event":"grant","fund":"acme-mdf-budget","ref":"G-1"}',
)


class TestFundLogs:
    """A scorecard with fund ledgers has a receipt that covers its fund log too."""

    def test_worked_digest(self) -> None:
        """The digest of the standing records' canonical lines, joined by newlines."""
        agreement, _ = _it()

        assert _sha256("\n".join(sorted(FUND_LINES))) == fund_events_digest(
            agreement, FUND_LOG, as_of=IT_AS_OF
        )

    def test_worked_receipt(self) -> None:
        """The envelope holds the fund log's digest beside the observations'."""
        agreement, log = _it()
        card = evaluate(agreement, log, as_of=IT_AS_OF, fund_events=FUND_LOG)
        document = scorecard_to_dict(card)
        for entry in (*document["goals"], *document["contributions"]):
            del entry["target"]
        del document["net_positions"]
        envelope = {
            "format": "mutualcommit.receipt",
            "format_version": FORMAT_VERSION,
            "terms": agreement.fingerprint(),
            "observations": observations_digest(agreement, log, as_of=IT_AS_OF),
            "as_of": "2026-09-15",
            "result": document,
            "fund_events": _sha256("\n".join(sorted(FUND_LINES))),
        }

        assert _sha256(canonical_json(envelope)) == receipt(card, log, FUND_LOG)

    def test_the_same_ledgers_from_another_log(self) -> None:
        """The standing grant a day later leaves every figure as it was, and changes the receipt."""
        agreement, log = _it()
        moved = (*FUND_LOG[:3], _grant("2026-03-06", "6000"), *FUND_LOG[4:])
        card = evaluate(agreement, log, as_of=IT_AS_OF, fund_events=FUND_LOG)
        twin = evaluate(agreement, log, as_of=IT_AS_OF, fund_events=moved)

        assert card == twin
        assert receipt(card, log, FUND_LOG) != receipt(twin, log, moved)

    def test_order_spelling_and_context(self) -> None:
        """Records of distinct refs in any order, 6000 as 6000.00, any context: one receipt."""
        agreement, log = _it()
        card = evaluate(agreement, log, as_of=IT_AS_OF, fund_events=FUND_LOG)
        proof = receipt(card, log, FUND_LOG)
        standing = (FUND_LOG[1], FUND_LOG[2], _grant("2026-03-05", "6000.00"))

        with decimal.localcontext(prec=3, rounding=decimal.ROUND_DOWN):
            narrow = receipt(card, log, reversed(standing))

        assert (proof, proof) == (receipt(card, log, standing), narrow)

    def test_the_log_is_required(self) -> None:
        """A scorecard with ledgers and no fund log: a receipt would not cover it."""
        agreement, log = _it()
        card = evaluate(agreement, log, as_of=IT_AS_OF, fund_events=FUND_LOG)

        with pytest.raises(ValueError, match="pass the fund log it was evaluated with"):
            receipt(card, log)

    def test_a_log_the_result_did_not_read(self) -> None:
        """A scorecard evaluated without the log, or an exception report: refused."""
        agreement, log = _it()
        card = evaluate(agreement, log, as_of=IT_AS_OF)
        report = exceptions(agreement, log, as_of=IT_AS_OF)

        with pytest.raises(ValueError, match="evaluated without a fund log"):
            receipt(card, log, FUND_LOG)
        with pytest.raises(ValueError, match="an exception report reads no fund log"):
            receipt(report, log, FUND_LOG)

    def test_no_fund_no_digest(self) -> None:
        """An agreement without funds: an empty log is checked and covers nothing."""
        card = evaluate(AGREEMENT, TestReceipt.LOG, as_of=AS_OF, fund_events=())

        assert receipt(card, TestReceipt.LOG) == receipt(card, TestReceipt.LOG, ())

    def test_a_bad_log(self) -> None:
        """A log that does not hold together for the agreement is the log's error."""
        agreement, log = _it()
        card = evaluate(agreement, log, as_of=IT_AS_OF, fund_events=FUND_LOG)
        unknown = (*FUND_LOG, attrs.evolve(FUND_LOG[0], fund="nope", ref="G-9"))

        with pytest.raises(InvalidFundEventsError):
            receipt(card, log, unknown)
