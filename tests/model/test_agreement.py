from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import pickle
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from mutualcommit.errors import (
    AlreadySignedError,
    ArgumentError,
    InvalidAgreementError,
    NothingToAmendError,
)
from mutualcommit.model import (
    TERM_FIELDS,
    Agreement,
    AgreementStatus,
    Direction,
    Goal,
    Party,
    Period,
    Review,
    Role,
    Signature,
    Target,
    canonical_document,
    canonical_json,
    canonical_terms,
)
from mutualcommit.serialize import loads

_FINGERPRINT = re.compile(r"sha256:[0-9a-f]{64}")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _unsigned(agreement: Agreement) -> Agreement:
    return attrs.evolve(agreement, signatures=())


def _with_goal(agreement: Agreement, index: int, **changes: Any) -> Agreement:
    goals = list(agreement.goals)
    goals[index] = attrs.evolve(goals[index], **changes)
    return attrs.evolve(agreement, goals=tuple(goals))


def _with_target(agreement: Agreement, index: int, **changes: Any) -> Agreement:
    target = agreement.goals[index].target
    assert target is not None
    return _with_goal(agreement, index, target=attrs.evolve(target, **changes))


class TestFingerprint:
    """The fingerprint is the SHA-256 of the terms' canonical JSON."""

    def test_form(self, agreement: Agreement) -> None:
        """It is 'sha256:' and 64 lower-case hex digits."""
        assert _FINGERPRINT.fullmatch(agreement.fingerprint())

    def test_hash_of_the_terms(self, agreement: Agreement) -> None:
        """It hashes the UTF-8 canonical JSON of `canonical_terms`."""
        data = canonical_json(canonical_terms(agreement)).encode("utf-8")

        expected = "sha256:" + hashlib.sha256(data).hexdigest()

        assert expected == agreement.fingerprint()

    def test_equal_agreements(self, agreement: Agreement) -> None:
        """Two equal agreements built apart have the same fingerprint."""
        assert agreement.fingerprint() == attrs.evolve(agreement).fingerprint()

    @pytest.mark.parametrize(
        "spelling", ["10", "10.0", "10.000000000000", "1E+1", "1.0E+1"]
    )
    def test_decimal_spelling(self, agreement: Agreement, spelling: str) -> None:
        """Re-spelling a decimal changes nothing."""
        respelled = _with_target(agreement, 0, value=Decimal(spelling))

        assert agreement.fingerprint() == respelled.fingerprint()

    def test_negative_zero(self, agreement: Agreement) -> None:
        """-0 and 0 are one value."""
        zero = _with_target(agreement, 0, value=Decimal(0))
        negative_zero = _with_target(agreement, 0, value=Decimal("-0.00"))

        assert zero.fingerprint() == negative_zero.fingerprint()

    @pytest.mark.parametrize("weight", [Decimal(1), Decimal("1.0"), Decimal("1.000")])
    def test_default_weight(self, agreement: Agreement, weight: Decimal) -> None:
        """A goal weight equal to the default 1, however spelled, is left out."""
        explicit = _with_goal(agreement, 0, weight=weight)

        assert agreement.fingerprint() == explicit.fingerprint()

    def test_explicit_defaults(self, agreement: Agreement) -> None:
        """Writing out defaults (per TERM, empty where, no steps) changes nothing."""
        implicit = Target(metric="nps", value=Decimal(50), direction=Direction.AT_LEAST)
        explicit = Target(
            metric="nps",
            value=Decimal(50),
            direction=Direction.AT_LEAST,
            per=Period.TERM,
            baseline=None,
            due=None,
            steps=(),
            where={},
        )

        assert _with_goal(agreement, 2, target=implicit).fingerprint() == (
            _with_goal(agreement, 2, target=explicit, description="").fingerprint()
        )

    def test_extensions(self, agreement: Agreement) -> None:
        """Extensions, at any level, are not part of the terms."""
        hosted = _with_goal(
            attrs.evolve(agreement, extensions={"crm": "0015g00000XyZ"}),
            0,
            extensions={"ui": {"collapsed": True, "order": [3, 1.5, None]}},
        )

        assert agreement != hosted
        assert agreement.fingerprint() == hosted.fingerprint()

    def test_reviews(self, agreement: Agreement) -> None:
        """Reviews held are not part of the terms."""
        assert (
            agreement.fingerprint() == attrs.evolve(agreement, reviews=()).fingerprint()
        )

    def test_signatures(self, agreement: Agreement) -> None:
        """Signatures are not part of the terms."""
        assert agreement.fingerprint() == _unsigned(agreement).fingerprint()

    def test_decimal_context(self, agreement: Agreement) -> None:
        """The caller's decimal context changes nothing."""
        expected = agreement.fingerprint()
        traps = [decimal.Inexact, decimal.Rounded, decimal.FloatOperation]

        context = decimal.Context(prec=2, rounding=decimal.ROUND_CEILING, traps=traps)
        with decimal.localcontext(context):
            actual = attrs.evolve(agreement).fingerprint()

        assert expected == actual

    def test_nfc_and_nfd(self, agreement: Agreement) -> None:
        """Text in NFC and in NFD has one fingerprint."""
        nfc = _with_goal(
            attrs.evolve(agreement, title="Caf\u00e9"), 0, title="\u00c5ngstr\u00f6m"
        )
        nfd = _with_goal(
            attrs.evolve(agreement, title="Cafe\u0301"), 0, title="A\u030angstro\u0308m"
        )

        assert nfc != nfd
        assert nfc.fingerprint() == nfd.fingerprint()

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("title", "Another title"),
            ("start", dt.date(2026, 1, 2)),
            ("end", dt.date(2026, 12, 30)),
            ("currency", "USD"),
            ("review_rule", "FREQ=MONTHLY;INTERVAL=1"),
            ("review_rule", None),
            ("version", 2),
            ("clauses", ()),
        ],
    )
    def test_term_changes(self, agreement: Agreement, field: str, value: Any) -> None:
        """Changing a term changes the fingerprint."""
        changed = attrs.evolve(agreement, **{field: value})

        assert agreement.fingerprint() != changed.fingerprint()

    @pytest.mark.parametrize(
        "changes",
        [
            {"value": Decimal(11)},
            {"value": Decimal("10.000000000001")},
            {"per": Period.MONTH},
            {"where": {}},
            {"where": {"party": "acme"}},
        ],
        ids=repr,
    )
    def test_target_changes(
        self, agreement: Agreement, changes: dict[str, Any]
    ) -> None:
        """Changing a target changes the fingerprint."""
        changed = _with_target(agreement, 0, **changes)

        assert agreement.fingerprint() != changed.fingerprint()

    def test_capacity_is_a_term(self, agreement: Agreement) -> None:
        """A party's capacity is part of the terms, though documents never print it."""
        parties = (
            attrs.evolve(agreement.parties[0], capacity=()),
            *agreement.parties[1:],
        )

        assert (
            agreement.fingerprint()
            != attrs.evolve(agreement, parties=parties).fingerprint()
        )

    def test_id_is_a_term(self, agreement: Agreement) -> None:
        """The agreement's id is part of the terms."""
        assert (
            agreement.fingerprint() != attrs.evolve(agreement, id="other").fingerprint()
        )


class TestSign:
    """`sign` binds a party's signature to the current terms."""

    def test_binds_current_fingerprint(self, agreement: Agreement) -> None:
        """The new signature carries the current fingerprint and version, and makes it current."""
        on = dt.date(2025, 12, 20)

        signed = agreement.sign("globex", "Grace Partner", on)

        assert (
            Signature(
                party="globex",
                signed_by="Grace Partner",
                signed_on=on,
                fingerprint=agreement.fingerprint(),
                version=1,
            )
            == signed.signatures[-1]
        )
        assert {"globex"} == set(signed.current_signatures())

    def test_terms_unchanged(self, agreement: Agreement) -> None:
        """Signing changes neither the fingerprint nor the version."""
        signed = agreement.sign("globex", "Grace Partner", dt.date(2025, 12, 20))

        assert (agreement.fingerprint(), agreement.version) == (
            signed.fingerprint(),
            signed.version,
        )

    def test_replaces_earlier_signature(self, agreement: Agreement) -> None:
        """A party's new signature replaces its earlier (here stale) one."""
        assert "acme" == agreement.signatures[0].party

        signed = agreement.sign("acme", "Ada Vendor", dt.date(2025, 12, 21))

        assert [("acme", agreement.fingerprint())] == [
            (s.party, s.fingerprint) for s in signed.signatures
        ]

    def test_other_parties_kept(self, agreement: Agreement) -> None:
        """Signing keeps the other parties' signatures."""
        signed = agreement.sign("globex", "Grace", dt.date(2025, 12, 20))

        assert agreement.signatures[0] == signed.signatures[0]

    def test_party_object(self, agreement: Agreement) -> None:
        """A Party may be given instead of its id."""
        signed = agreement.sign(agreement.parties[1], "Grace", dt.date(2025, 12, 20))

        assert "globex" == signed.signatures[-1].party

    def test_unknown_party(self, agreement: Agreement) -> None:
        """Signing for a party that is not in the agreement is refused."""
        with pytest.raises(InvalidAgreementError) as caught:
            agreement.sign("nobody", "Mallory", dt.date(2025, 12, 20))

        assert ["signatures[1].party"] == [p for p, _ in caught.value.problems]

    def test_original_unchanged(self, agreement: Agreement) -> None:
        """Signing returns a new agreement; the original keeps its signatures."""
        before = agreement.signatures

        agreement.sign("globex", "Grace", dt.date(2025, 12, 20))

        assert before == agreement.signatures


class TestSignAgain:
    """A party signs each version once: its standing signature is never replaced."""

    @pytest.fixture
    def signed(self, agreement: Agreement) -> Agreement:
        """Return the agreement signed by its three parties in December 2025."""
        return (
            agreement.sign("acme", "Ada Vendor", dt.date(2025, 12, 1))
            .sign("globex", "Grace Partner", dt.date(2025, 12, 5))
            .sign("initech", "Ian Tech", dt.date(2025, 12, 6))
        )

    def test_refused(self, signed: Agreement) -> None:
        """A later signature of the same terms is refused, naming the standing one."""
        with pytest.raises(AlreadySignedError) as caught:
            signed.sign("globex", "Gil Partner", dt.date(2026, 3, 1))

        error = caught.value
        assert (
            "globex",
            "Grace Partner",
            dt.date(2025, 12, 5),
            1,
            "signatures[1]",
        ) == (
            error.party,
            error.signed_by,
            error.signed_on,
            error.version,
            error.path,
        )
        assert [
            (
                "signatures[1]",
                (
                    "party 'globex' already signed version 1 of these terms on "
                    "2025-12-05 (Grace Partner), and that signature stands: a "
                    "party signs a version once, and a second signature would "
                    "change the agreement's status on the days before it"
                ),
            )
        ] == list(error.problems)

    def test_past_days_keep_their_status(self, signed: Agreement) -> None:
        """The day between the two signatures stays active: the first one stands."""
        day = dt.date(2026, 2, 1)

        with pytest.raises(AlreadySignedError):
            signed.sign("globex", "Gil Partner", dt.date(2026, 3, 1))

        assert AgreementStatus.ACTIVE == signed.status(day)
        assert dt.date(2025, 12, 5) == signed.current_signatures()["globex"].signed_on

    def test_earlier_day_refused(self, signed: Agreement) -> None:
        """A signature dated before the standing one is refused too."""
        with pytest.raises(AlreadySignedError) as caught:
            signed.sign("globex", "Grace Partner", dt.date(2025, 11, 1))

        assert dt.date(2025, 12, 5) == caught.value.signed_on

    def test_same_signature_again(self, signed: Agreement) -> None:
        """The standing signature given again returns the agreement as it is."""
        again = signed.sign("globex", "Grace Partner", dt.date(2025, 12, 5))

        assert signed.signatures == again.signatures
        assert signed is again

    def test_is_an_invalid_agreement_error(self, signed: Agreement) -> None:
        """Code that catches InvalidAgreementError around sign catches it too."""
        with pytest.raises(InvalidAgreementError) as caught:
            signed.sign("globex", "Gil Partner", dt.date(2026, 3, 1))

        assert isinstance(caught.value, AlreadySignedError)

    def test_bad_name_reported_as_such(self, signed: Agreement) -> None:
        """A bad name is its own problem, not a second signature."""
        with pytest.raises(InvalidAgreementError) as caught:
            signed.sign("globex", " ", dt.date(2026, 3, 1))

        assert not isinstance(caught.value, AlreadySignedError)
        assert ["signatures[2].signed_by"] == [p for p, _ in caught.value.problems]

    def test_stale_signature_replaced(self, signed: Agreement) -> None:
        """After an amendment the party signs the new version, replacing the stale one.

        The signatures stay in the parties' order: the new one takes the
        place of the one it replaces.
        """
        amended = signed.amend(title="Amended")

        resigned = amended.sign("globex", "Gil Partner", dt.date(2026, 3, 1))

        assert [
            ("acme", dt.date(2025, 12, 1), 1, False),
            ("globex", dt.date(2026, 3, 1), 2, True),
            ("initech", dt.date(2025, 12, 6), 1, False),
        ] == [
            (s.party, s.signed_on, s.version, s.fingerprint == amended.fingerprint())
            for s in resigned.signatures
        ]

    def test_pickles(self, signed: Agreement) -> None:
        """A pickled error comes back with its type, data and message."""
        with pytest.raises(AlreadySignedError) as caught:
            signed.sign("globex", "Gil Partner", dt.date(2026, 3, 1))

        copy = pickle.loads(pickle.dumps(caught.value))  # noqa: S301 - our own data

        assert AlreadySignedError is type(copy)
        assert (caught.value.problems, str(caught.value), repr(caught.value)) == (
            copy.problems,
            str(copy),
            repr(copy),
        )
        assert dt.date(2025, 12, 5) == copy.signed_on


class TestSignatureRecords:
    """One signature per party, the latest, held in the parties' order, with its version."""

    @pytest.fixture
    def unsigned(self, agreement: Agreement) -> Agreement:
        """Return the reference agreement without signatures."""
        return _unsigned(agreement)

    def test_signing_order_changes_nothing(self, unsigned: Agreement) -> None:
        """The same signatures made in two orders: one agreement, one document."""
        first = unsigned.sign("acme", "Ada", dt.date(2025, 12, 1)).sign(
            "globex", "Grace", dt.date(2025, 12, 2)
        )
        second = unsigned.sign("globex", "Grace", dt.date(2025, 12, 2)).sign(
            "acme", "Ada", dt.date(2025, 12, 1)
        )

        assert first == second
        assert canonical_json(canonical_document(first)) == canonical_json(
            canonical_document(second)
        )
        assert ["acme", "globex"] == [s.party for s in second.signatures]

    def test_given_in_any_order(self, unsigned: Agreement) -> None:
        """Signatures given out of the parties' order are held in it."""
        signed = unsigned.sign("initech", "Ian", dt.date(2025, 12, 3)).sign(
            "acme", "Ada", dt.date(2025, 12, 1)
        )
        reversed_ = attrs.evolve(signed, signatures=signed.signatures[::-1])

        assert ["acme", "initech"] == [s.party for s in reversed_.signatures]
        assert signed == reversed_

    def test_fingerprint_unaffected(self, unsigned: Agreement) -> None:
        """Signatures, in whatever order, are not part of the terms."""
        signed = unsigned.sign("globex", "Grace", dt.date(2025, 12, 2)).sign(
            "acme", "Ada", dt.date(2025, 12, 1)
        )

        assert unsigned.fingerprint() == signed.fingerprint()

    def test_sign_records_the_version(self, unsigned: Agreement) -> None:
        """A signature of an amended agreement says which version it signed."""
        amended = unsigned.amend(title="Amended").amend(title="Amended again")

        signed = amended.sign("acme", "Ada", dt.date(2026, 2, 1))

        assert [3] == [s.version for s in signed.signatures]

    def test_two_versions_of_one_party(self, unsigned: Agreement) -> None:
        """Keeping a party's earlier signature beside its latest is refused, naming both versions."""
        first = unsigned.sign("globex", "Grace", dt.date(2025, 12, 2))
        second = first.amend(title="Amended").sign("globex", "Gil", dt.date(2026, 3, 1))
        old, new = first.signatures[0], second.signatures[0]

        with pytest.raises(InvalidAgreementError) as caught:
            attrs.evolve(second, signatures=(new, old))

        assert [
            (
                "signatures[1].party",
                (
                    f"party 'globex' signed version 2 ({new.fingerprint[:15]}…) in "
                    f"signatures[0], and version 1 ({old.fingerprint[:15]}…) here: a "
                    "document holds one signature per party, its latest, which "
                    "replaced the earlier one when the party signed again; keep the "
                    "latest, of version 2, and keep the document of version 1, as it "
                    "was signed, as the record of the earlier signature"
                ),
            )
        ] == list(caught.value.problems)

    def test_one_version_twice(self, unsigned: Agreement) -> None:
        """Two signatures of one version by one party: a party signs a version once."""
        signed = unsigned.sign("globex", "Grace", dt.date(2025, 12, 2))
        held = signed.signatures[0]
        again = attrs.evolve(held, signed_by="Gil")

        with pytest.raises(InvalidAgreementError) as caught:
            attrs.evolve(signed, signatures=(held, again))

        assert [
            (
                "signatures[1].party",
                (
                    f"party 'globex' signed version 1 ({held.fingerprint[:15]}…) "
                    "twice, in signatures[0] and here: a party signs a version once; "
                    "keep one of the two"
                ),
            )
        ] == list(caught.value.problems)

    def test_a_version_not_yet_made(self, unsigned: Agreement) -> None:
        """A signature of a version later than the agreement's is refused."""
        signed = unsigned.sign("acme", "Ada", dt.date(2025, 12, 1))
        later = attrs.evolve(signed.signatures[0], version=2)

        with pytest.raises(InvalidAgreementError) as caught:
            attrs.evolve(signed, signatures=(later,))

        assert [
            (
                "signatures[0].version",
                (
                    "a signature of version 2, but the agreement is at version 1: a "
                    "signature is of a version the terms have had"
                ),
            )
        ] == list(caught.value.problems)

    @pytest.mark.parametrize("version", [0, -1])
    def test_not_a_version(self, unsigned: Agreement, version: int) -> None:
        """A version that is no whole number from 1 is refused at its path."""
        signed = unsigned.sign("acme", "Ada", dt.date(2025, 12, 1))
        signature = attrs.evolve(signed.signatures[0], version=version)

        with pytest.raises(InvalidAgreementError) as caught:
            attrs.evolve(signed, signatures=(signature,))

        assert [
            (
                "signatures[0].version",
                f"expected a whole number from 1 to 9007199254740991, got int {version}",
            )
        ] == list(caught.value.problems)

    def test_earlier_version_with_the_current_fingerprint(
        self, unsigned: Agreement
    ) -> None:
        """A signature of version 1 cannot carry the fingerprint of version 2's terms."""
        amended = unsigned.amend(title="Amended").sign(
            "acme", "Ada", dt.date(2026, 2, 1)
        )
        rewritten = attrs.evolve(amended.signatures[0], version=1)

        with pytest.raises(InvalidAgreementError) as caught:
            attrs.evolve(amended, signatures=(rewritten,))

        assert [
            (
                "signatures[0].version",
                (
                    "a signature that says it signed version 1 carries the "
                    "fingerprint of the current terms, version 2, which no terms of "
                    "another version have (the version is part of the terms): the "
                    "signature was changed after it was made"
                ),
            )
        ] == list(caught.value.problems)

    def test_a_signature_that_does_not_say(self, unsigned: Agreement) -> None:
        """A signature without its version (an older document's) is current by its fingerprint."""
        signature = Signature(
            party="acme",
            signed_by="Ada",
            signed_on=dt.date(2025, 12, 1),
            fingerprint=unsigned.fingerprint(),
        )

        signed = attrs.evolve(unsigned, signatures=(signature,))

        assert (None, ["acme"]) == (
            signed.signatures[0].version,
            list(signed.current_signatures()),
        )
        assert signed is signed.sign("acme", "Ada", dt.date(2025, 12, 1))


class TestAmend:
    """`amend` changes terms only, bumps the version and keeps stale signatures."""

    def test_bumps_version(self, agreement: Agreement) -> None:
        """The amended agreement's version is one higher."""
        amended = agreement.amend(title="Amended")

        assert (2, "Amended") == (amended.version, amended.title)

    def test_changes_fingerprint(self, agreement: Agreement) -> None:
        """The new version is new terms."""
        assert agreement.fingerprint() != agreement.amend(title="Amended").fingerprint()

    def test_nothing_given(self, agreement: Agreement) -> None:
        """An amendment given no term is refused: it would raise the version of the same terms."""
        with pytest.raises(NothingToAmendError) as caught:
            agreement.amend()

        assert (
            True,
            [
                (
                    "",
                    (
                        "nothing to amend: amend() was given no term to change; "
                        "an amendment raises the version, to 2, and the parties "
                        "would sign the same terms again"
                    ),
                )
            ],
            (1, (), False),
        ) == (
            isinstance(caught.value, InvalidAgreementError),
            list(caught.value.problems),
            (caught.value.version, caught.value.fields, caught.value.host_data),
        )

    def test_each_term_as_it_is(self) -> None:
        """The same title and goals again leave a signed agreement's signatures current.

        The IT example, signed by both parties, was amended to version 2 by
        ``amend(title=it.title)``, and MC402 then reported both signatures
        as stale, though no term had changed.
        """
        it = loads((EXAMPLES / "it_vendor" / "agreement.json").read_bytes())

        with pytest.raises(NothingToAmendError) as caught:
            it.amend(title=it.title, goals=list(it.goals))

        assert [
            (
                "",
                (
                    "nothing to amend: each term given (goals, title) is as it is "
                    "in version 1; an amendment raises the version, to 2, and the "
                    "parties would sign the same terms again"
                ),
            )
        ] == list(caught.value.problems)
        assert AgreementStatus.ACTIVE is it.status(dt.date(2026, 9, 15))

    def test_its_message_is_not_invalid_agreement(self, agreement: Agreement) -> None:
        """The message says nothing is to amend, not that the valid agreement is invalid.

        A host that logs ``str(error)`` would otherwise file a no-op
        amendment as a data-quality error ("invalid agreement (1 problem)").
        """
        with pytest.raises(NothingToAmendError) as caught:
            agreement.amend(title=agreement.title)

        assert str(caught.value) == (
            "nothing to amend: each term given (title) is as it is in version 1; "
            "an amendment raises the version, to 2, and the parties would sign "
            "the same terms again"
        )

    def test_extensions_only(self, agreement: Agreement) -> None:
        """Goals that differ in extensions only change no term: the error names update_extensions()."""
        goal = attrs.evolve(agreement.goals[0], extensions={"crm": "0815"})

        with pytest.raises(NothingToAmendError) as caught:
            agreement.amend(goals=(goal, *agreement.goals[1:]))

        assert ((1, ("goals",), True), True) == (
            (caught.value.version, caught.value.fields, caught.value.host_data),
            str(caught.value).endswith(
                "; to change extensions (host data) only, use update_extensions(), "
                "which keeps the version and the signatures"
            ),
        )

    def test_one_term_changed_is_enough(self, agreement: Agreement) -> None:
        """Terms given as they are beside one that changes make an amendment."""
        amended = agreement.amend(title="Amended", goals=agreement.goals)

        assert (2, "Amended", agreement.goals) == (
            amended.version,
            amended.title,
            amended.goals,
        )

    def test_an_invalid_change_is_told_first(self, agreement: Agreement) -> None:
        """A term refused is told as ever, not as nothing to amend."""
        with pytest.raises(InvalidAgreementError) as caught:
            agreement.amend(currency="euro")

        assert (False, ["currency"]) == (
            isinstance(caught.value, NothingToAmendError),
            [path for path, _ in caught.value.problems],
        )

    def test_keeps_stale_signatures(self, agreement: Agreement) -> None:
        """Signatures of the old terms stay, and are no longer current."""
        signed = agreement.sign("globex", "Grace", dt.date(2025, 12, 20))

        amended = signed.amend(title="Amended")

        assert signed.signatures == amended.signatures
        assert {"globex"} == set(signed.current_signatures())
        assert {} == amended.current_signatures()

    def test_keeps_reviews_and_extensions(self, agreement: Agreement) -> None:
        """Reviews and extensions carry over."""
        hosted = attrs.evolve(agreement, extensions={"crm": "x"})

        amended = hosted.amend(title="Amended")

        assert (hosted.reviews, hosted.extensions) == (
            amended.reviews,
            amended.extensions,
        )

    @pytest.mark.parametrize(
        "field", ["id", "version", "reviews", "signatures", "extensions", "nonsense"]
    )
    def test_refuses_non_terms(self, agreement: Agreement, field: str) -> None:
        """A change to anything but a term field is a TypeError naming the field."""
        with pytest.raises(TypeError, match=field):
            agreement.amend(**{field: None})  # type: ignore[arg-type]

    def test_refusal_message(self, agreement: Agreement) -> None:
        """The TypeError lists every field that is not a term, and the terms."""
        with pytest.raises(TypeError) as caught:
            agreement.amend(version=2, id="x")  # type: ignore[call-arg]

        assert str(caught.value) == (
            "amend() changes term fields only; not a term field: id, version "
            "(terms: allocations, clauses, contributions, currency, end, "
            "exception_criteria, fiscal_calendar, goals, incentives, metrics, "
            "parties, remedies, review_rule, start, title); an amendment keeps "
            "the agreement's id: start a successor agreement under a new id "
            "with renew(id, ...)"
        )

    def test_misspelt_term(self, agreement: Agreement) -> None:
        """A misspelt term is told with the term it likely means."""
        with pytest.raises(TypeError) as caught:
            agreement.amend(titel="Amended")  # type: ignore[call-arg]

        assert str(caught.value).startswith(
            "amend() changes term fields only; not a term field: "
            "titel (did you mean 'title'?) (terms: allocations, "
        )

    def test_removed_party_signature_goes(self, agreement: Agreement) -> None:
        """The stale signature of a party the amendment removes goes; the others stay.

        A party no longer in the agreement can never sign its terms again.
        """
        signed = agreement.sign("initech", "Ian Initech", dt.date(2025, 12, 20))

        amended = signed.amend(
            parties=[p for p in signed.parties if p.id != "initech"],
            contributions=[c for c in signed.contributions if c.party != "initech"],
        )

        assert (["acme", "initech"], ["acme"], {}) == (
            [s.party for s in signed.signatures],
            [s.party for s in amended.signatures],
            amended.current_signatures(),
        )
        assert signed.signatures[0] == amended.signatures[0]

    def test_removed_goal_named_by_a_held_review(self, agreement: Agreement) -> None:
        """A held review naming a removed goal is refused with the ways out, no guess."""
        goals = [g for g in agreement.goals if g.id != "pipeline"]
        contributions = [
            attrs.evolve(c, supports=tuple(s for s in c.supports if s != "pipeline"))
            for c in agreement.contributions
        ]

        incentives = [i for i in agreement.incentives if i.goal != "pipeline"]

        with pytest.raises(InvalidAgreementError) as caught:
            agreement.amend(
                goals=goals, contributions=contributions, incentives=incentives
            )

        message = (
            "goal 'pipeline' is not in the amended terms, but held review 'q1' "
            "names it, and an amendment leaves held reviews as they are: keep "
            "the goal, start a successor agreement without it with renew() (it "
            "holds no reviews), or correct the review with replace_review()"
        )
        assert [("reviews[0].actions[0].goals[0]", message)] == list(
            caught.value.problems
        )

    def test_held_review_and_other_problems_at_once(self, agreement: Agreement) -> None:
        """A removed party named by a review is listed with the amendment's other problems."""
        with pytest.raises(InvalidAgreementError) as caught:
            agreement.amend(
                parties=[p for p in agreement.parties if p.id != "globex"],
                currency="euro",
            )

        paths = [path for path, _ in caught.value.problems]
        assert "currency" in paths
        assert {
            "reviews[0].attendees[1]",
            "reviews[0].actions[0].owner",
        } <= set(paths)
        by_path = dict(caught.value.problems)
        assert "held review 'q1' names it" in by_path["reviews[0].attendees[1]"]
        # The terms' own references to the party keep their message.
        assert by_path["contributions[0].party"].startswith("no party with id 'globex'")

    def test_term_fields(self) -> None:
        """The term fields are the agreement's fields less id, version and non-terms."""
        names = {f.name for f in attrs.fields(Agreement) if f.init}

        assert (
            names - {"id", "version", "reviews", "signatures", "extensions"}
            == TERM_FIELDS
        )

    def test_invalid_amendment(self, agreement: Agreement) -> None:
        """An amendment that breaks an invariant is refused."""
        with pytest.raises(InvalidAgreementError) as caught:
            agreement.amend(currency="euro")

        assert ["currency"] == [p for p, _ in caught.value.problems]

    def test_extensions_point_to_update_extensions(self, agreement: Agreement) -> None:
        """amend(extensions=...) is refused with the method that changes them."""
        with pytest.raises(TypeError, match=r"update_extensions\(extensions=\.\.\.\)"):
            agreement.amend(extensions={"crm": "x"})  # type: ignore[call-arg]


class TestRenew:
    """`renew` starts a successor: a new id, version 1, no signatures, no reviews."""

    NEXT_START = dt.date(2027, 1, 1)
    NEXT_END = dt.date(2027, 12, 31)

    def test_successor(self, agreement: Agreement) -> None:
        """The successor has the new id and term, version 1, and no records."""
        amended = agreement.amend(title="Amended")

        renewed = amended.renew(
            "acme-globex-2027", start=self.NEXT_START, end=self.NEXT_END
        )

        assert (
            "acme-globex-2027",
            1,
            (),
            (),
            self.NEXT_START,
            self.NEXT_END,
            "Amended",
            amended.goals,
        ) == (
            renewed.id,
            renewed.version,
            renewed.signatures,
            renewed.reviews,
            renewed.start,
            renewed.end,
            renewed.title,
            renewed.goals,
        )
        assert AgreementStatus.DRAFT is renewed.status(self.NEXT_START)

    def test_original_unchanged(self, agreement: Agreement) -> None:
        """The renewed agreement keeps its id, version, reviews and signatures."""
        before = attrs.evolve(agreement)

        agreement.renew("acme-globex-2027", start=self.NEXT_START, end=self.NEXT_END)

        assert before == agreement

    def test_keeps_extensions(self, agreement: Agreement) -> None:
        """Host data comes along: the agreement's own and its entities'."""
        hosted = attrs.evolve(agreement, extensions={"crm": "x"})

        renewed = hosted.renew("acme-globex-2027")

        assert {"crm": "x"} == dict(renewed.extensions)

    def test_drops_what_records_name(self, agreement: Agreement) -> None:
        """A goal and a party the held review and a signature name may go."""
        signed = agreement.sign("globex", "Gil Globex", dt.date(2025, 12, 20))
        goals = [g for g in signed.goals if g.id != "pipeline"]

        renewed = signed.renew(
            "acme-globex-2027",
            goals=goals,
            contributions=[
                attrs.evolve(
                    c, supports=tuple(s for s in c.supports if s != "pipeline")
                )
                for c in signed.contributions
                if c.party != "initech"
            ],
            parties=[p for p in signed.parties if p.id != "initech"],
            incentives=[i for i in signed.incentives if i.goal != "pipeline"],
        )

        assert (["revenue", "spare"], ["acme", "globex"]) == (
            [g.id for g in renewed.goals],
            [p.id for p in renewed.parties],
        )

    def test_fingerprint_is_its_own(self, agreement: Agreement) -> None:
        """Even with the same terms otherwise, the successor's id is in its fingerprint."""
        assert agreement.fingerprint() != agreement.renew("other").fingerprint()

    def test_same_id_refused_with_every_problem(self, agreement: Agreement) -> None:
        """Its own id again is refused, with every other problem of the successor."""
        with pytest.raises(InvalidAgreementError) as caught:
            agreement.renew(
                agreement.id, start=self.NEXT_START, end=dt.date(2026, 12, 31)
            )

        own = (
            "a successor takes an id of its own, got 'acme-globex-2026', the id "
            "of the agreement it renews; change this agreement's terms with "
            "amend(), which keeps the id"
        )
        assert [
            ("id", own),
            ("end", "the term ends (2026-12-31) before it starts (2027-01-01)"),
        ] == list(caught.value.problems)

    def test_bad_id(self, agreement: Agreement) -> None:
        """A malformed id is refused at its path."""
        with pytest.raises(InvalidAgreementError) as caught:
            agreement.renew("no spaces")

        assert ["id"] == [path for path, _ in caught.value.problems]

    def test_refuses_non_terms(self, agreement: Agreement) -> None:
        """A change to anything but a term field is a TypeError naming renew()."""
        with pytest.raises(TypeError) as caught:
            agreement.renew("acme-globex-2027", version=3, strat=self.NEXT_START)  # type: ignore[call-arg]

        assert str(caught.value).startswith(
            "renew() changes term fields only; not a term field: "
            "strat (did you mean 'start'?), version (terms: "
        )


class TestUpdateExtensions:
    """`update_extensions` changes host data and keeps the terms, version and signatures."""

    @pytest.fixture
    def signed(self, agreement: Agreement) -> Agreement:
        """Return the agreement signed by every party."""
        for party in agreement.parties:
            agreement = agreement.sign(party.id, "Someone", dt.date(2025, 12, 20))
        return agreement

    def test_keeps_signatures(self, signed: Agreement) -> None:
        """The agreement's and a goal's and a party's extensions change; the signatures stay current."""
        goal = attrs.evolve(signed.goals[0], extensions={"ui": {"collapsed": True}})
        party = attrs.evolve(signed.parties[0], extensions={"crm": "0815"})

        updated = signed.update_extensions(
            extensions={"crm": "x"},
            goals=(goal, *signed.goals[1:]),
            parties=(party, *signed.parties[1:]),
        )

        assert (
            1,
            signed.fingerprint(),
            set(signed.current_signatures()),
            {"crm": "x"},
            {"ui": {"collapsed": True}},
            {"crm": "0815"},
        ) == (
            updated.version,
            updated.fingerprint(),
            set(updated.current_signatures()),
            dict(updated.extensions),
            dict(updated.goals[0].extensions),
            dict(updated.parties[0].extensions),
        )

    def test_no_stale_signature(self, signed: Agreement) -> None:
        """MC402 stays quiet after an update of extensions only."""
        from mutualcommit.rules import check

        goal = attrs.evolve(signed.goals[0], extensions={"crm": "x"})
        updated = signed.update_extensions(goals=(goal, *signed.goals[1:]))

        assert [] == [
            f.subject
            for f in check(updated, as_of=dt.date(2026, 3, 1)).findings
            if f.code == "MC402"
        ]

    def test_refuses_term_changes(self, agreement: Agreement) -> None:
        """A change to the terms is the library's error naming the path of every term that changed.

        In the terms' order, down to the field; a ValueError as ever.
        """
        goal = attrs.evolve(agreement.goals[0], title="Another title")
        with pytest.raises(ValueError, match=r"amend\(\)") as caught:
            agreement.update_extensions(
                title="Other", goals=(goal, *agreement.goals[1:])
            )

        assert isinstance(caught.value, ArgumentError)
        message = (
            "update_extensions() changes extensions only, and these changes "
            "change the terms at title, goals[0].title; make them with amend(), "
            "which raises the version (the parties sign again)"
        )
        assert ("title", message) == (caught.value.argument, str(caught.value))

    def test_names_the_changed_field_deep_down(self, agreement: Agreement) -> None:
        """A target's value is named at its own path, and a where given where there was none."""
        goal = agreement.goals[1]
        assert goal.target is not None
        target = attrs.evolve(
            goal.target, value=goal.target.value + 1, where={"region": "EMEA"}
        )
        goals = list(agreement.goals)
        goals[1] = attrs.evolve(goal, target=target, extensions={"crm": "x"})

        with pytest.raises(ArgumentError) as caught:
            agreement.update_extensions(goals=goals)

        assert "goals[1].target.value" == caught.value.argument
        assert "at goals[1].target.value, goals[1].target.where;" in str(caught.value)

    def test_a_goal_added_is_the_goals(self, agreement: Agreement) -> None:
        """A collection of another length changed as a whole: its own path."""
        goal = attrs.evolve(agreement.goals[0], id="another-goal")

        with pytest.raises(ArgumentError) as caught:
            agreement.update_extensions(goals=(*agreement.goals, goal))

        assert "goals" == caught.value.argument

    def test_a_collection_refused_as_a_whole(self) -> None:
        """Goals given as a mapping are one problem, not also each reference to a goal.

        The IT example's references to its six goals said ``no goal with id
        ...`` 25 times beside the one problem, for goals that are there.
        """
        it = loads((EXAMPLES / "it_vendor" / "agreement.json").read_bytes())

        with pytest.raises(InvalidAgreementError) as caught:
            it.update_extensions(goals={"nope": {}})  # type: ignore[dict-item]

        assert [
            (
                "goals",
                "expected a sequence (a tuple or a list), got dict {'nope': {}}",
            )
        ] == list(caught.value.problems)

    def test_nothing_new(self, signed: Agreement) -> None:
        """No argument, or each value as it is, gives the agreement back: nothing is voided.

        Unlike `amend`, which would raise the version, it has nothing to refuse.
        """
        same = signed.update_extensions(
            extensions=signed.extensions, goals=signed.goals
        )

        assert (signed, signed, 1, set(signed.current_signatures())) == (
            signed.update_extensions(),
            same,
            same.version,
            set(same.current_signatures()),
        )

    def test_refuses_non_terms(self, agreement: Agreement) -> None:
        """A field that is neither extensions nor a term is a TypeError naming it."""
        with pytest.raises(TypeError, match="not a term field: reviews, version"):
            agreement.update_extensions(version=2, reviews=())  # type: ignore[call-arg]

    def test_records_are_no_slip(self, agreement: Agreement) -> None:
        """The agreement's own fields are named as they are, with what changes them.

        ``reviews`` is no misspelt ``review_rule``: no guess is offered.
        """
        with pytest.raises(TypeError) as caught:
            agreement.update_extensions(reviews=(), signatures=())  # type: ignore[call-arg]

        message = str(caught.value)
        assert "did you mean" not in message
        assert message.endswith(
            "; reviews and signatures are records, not terms: record_review(), "
            "replace_review() and sign() change them"
        )


class TestRecordReview:
    """`record_review` appends a review and leaves terms, version and signatures."""

    def test_appends(self, agreement: Agreement) -> None:
        """The review is appended to the held reviews."""
        review = Review(
            id="q2", held_on=dt.date(2026, 6, 30), attendees=("acme", "globex")
        )

        recorded = agreement.record_review(review)

        assert (*agreement.reviews, review) == recorded.reviews

    def test_changes_nothing_else(self, agreement: Agreement) -> None:
        """Fingerprint, version and signatures stay as they were."""
        signed = agreement.sign("globex", "Grace", dt.date(2025, 12, 20))

        recorded = signed.record_review(Review(id="q2", held_on=dt.date(2026, 6, 30)))

        assert (signed.fingerprint(), signed.version, signed.signatures) == (
            recorded.fingerprint(),
            recorded.version,
            recorded.signatures,
        )
        assert signed.current_signatures() == recorded.current_signatures()

    def test_invalid_review(self, agreement: Agreement) -> None:
        """A review with a duplicate id is refused."""
        with pytest.raises(InvalidAgreementError) as caught:
            agreement.record_review(Review(id="q1", held_on=dt.date(2026, 6, 30)))

        assert ["reviews[1].id"] == [p for p, _ in caught.value.problems]


class TestStatus:
    """`status` is derived from the signatures and the day, first match wins."""

    @pytest.fixture
    def draft(self, agreement: Agreement) -> Agreement:
        """Return the agreement with no signature."""
        return _unsigned(agreement)

    @pytest.fixture
    def signed(self, draft: Agreement) -> Agreement:
        """Return the agreement signed by all three parties."""
        on = dt.date(2025, 12, 20)
        for party in ("acme", "globex", "initech"):
            draft = draft.sign(party, "Someone", on)
        return draft

    @pytest.mark.parametrize(
        ("as_of", "expected"),
        [
            (dt.date(2025, 1, 1), AgreementStatus.DRAFT),
            (dt.date(2026, 1, 1), AgreementStatus.DRAFT),
            (dt.date(2026, 12, 31), AgreementStatus.DRAFT),
            (dt.date(2027, 1, 1), AgreementStatus.EXPIRED),
        ],
    )
    def test_draft(
        self, draft: Agreement, as_of: dt.date, expected: AgreementStatus
    ) -> None:
        """With no current signature it is a draft until it expires."""
        assert expected == draft.status(as_of)

    @pytest.mark.parametrize(
        ("as_of", "expected"),
        [
            (dt.date(2025, 12, 1), AgreementStatus.DRAFT),
            (dt.date(2026, 2, 1), AgreementStatus.DRAFT),
            (dt.date(2026, 6, 1), AgreementStatus.PARTIALLY_SIGNED),
            (dt.date(2026, 6, 14), AgreementStatus.PARTIALLY_SIGNED),
            (dt.date(2026, 6, 15), AgreementStatus.PARTIALLY_SIGNED),
            (dt.date(2026, 6, 20), AgreementStatus.ACTIVE),
        ],
    )
    def test_a_signature_counts_from_its_day(
        self, draft: Agreement, as_of: dt.date, expected: AgreementStatus
    ) -> None:
        """Signed in June, mid-term: a draft in February, active once all three signed."""
        signed = (
            draft.sign("acme", "Ada", dt.date(2026, 6, 1))
            .sign("globex", "Grace", dt.date(2026, 6, 15))
            .sign("initech", "Ian", dt.date(2026, 6, 20))
        )

        assert expected == signed.status(as_of)

    def test_stale_signature_is_draft(self, agreement: Agreement) -> None:
        """A stale signature does not count: the reference agreement is a draft."""
        assert AgreementStatus.DRAFT == agreement.status(dt.date(2026, 6, 1))

    @pytest.mark.parametrize(
        ("as_of", "expected"),
        [
            (dt.date(2025, 12, 31), AgreementStatus.PARTIALLY_SIGNED),
            (dt.date(2026, 1, 1), AgreementStatus.PARTIALLY_SIGNED),
            (dt.date(2026, 12, 31), AgreementStatus.PARTIALLY_SIGNED),
            (dt.date(2027, 1, 1), AgreementStatus.EXPIRED),
        ],
    )
    def test_partially_signed(
        self, draft: Agreement, as_of: dt.date, expected: AgreementStatus
    ) -> None:
        """With some parties' current signatures it is partially signed."""
        some = draft.sign("acme", "Ada", dt.date(2025, 12, 20)).sign(
            "globex", "Grace", dt.date(2025, 12, 20)
        )

        assert expected == some.status(as_of)

    @pytest.mark.parametrize(
        ("as_of", "expected"),
        [
            (dt.date(2025, 12, 31), AgreementStatus.SIGNED),
            (dt.date(2026, 1, 1), AgreementStatus.ACTIVE),
            (dt.date(2026, 7, 1), AgreementStatus.ACTIVE),
            (dt.date(2026, 12, 31), AgreementStatus.ACTIVE),
            (dt.date(2027, 1, 1), AgreementStatus.EXPIRED),
        ],
    )
    def test_fully_signed(
        self, signed: Agreement, as_of: dt.date, expected: AgreementStatus
    ) -> None:
        """Signed by all: signed before the start, active from start to end."""
        assert expected == signed.status(as_of)

    def test_amended_after_signing(self, signed: Agreement) -> None:
        """After an amendment the old signatures are stale: a draft again."""
        amended = signed.amend(title="Amended")

        assert AgreementStatus.DRAFT == amended.status(dt.date(2026, 6, 1))

    def test_re_signed_after_amendment(self, signed: Agreement) -> None:
        """One party re-signing the amended terms makes it partially signed."""
        amended = signed.amend(title="Amended").sign("acme", "Ada", dt.date(2026, 2, 1))

        assert AgreementStatus.PARTIALLY_SIGNED == amended.status(dt.date(2026, 6, 1))

    def test_one_party(self) -> None:
        """An agreement of one party is active once that party signs."""
        solo = Agreement(
            id="solo",
            title="Solo",
            parties=(Party(id="acme", name="Acme", role=Role.VENDOR),),
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 1, 1),
            currency="EUR",
            goals=(Goal(id="g", title="G"),),
        ).sign("acme", "Ada", dt.date(2025, 12, 1))

        assert [
            AgreementStatus.SIGNED,
            AgreementStatus.ACTIVE,
            AgreementStatus.EXPIRED,
        ] == [
            solo.status(dt.date(2025, 12, 31)),
            solo.status(dt.date(2026, 1, 1)),
            solo.status(dt.date(2026, 1, 2)),
        ]

    def test_no_parties(self) -> None:
        """An agreement without parties is a draft: nobody has signed."""
        empty = Agreement(
            id="empty",
            title="Empty",
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 2, 1),
            currency="EUR",
        )

        assert AgreementStatus.DRAFT == empty.status(dt.date(2026, 1, 15))

    def test_values(self) -> None:
        """The statuses are the lower-case strings of SPEC §3."""
        assert ["draft", "partially_signed", "signed", "active", "expired"] == [
            s.value for s in AgreementStatus
        ]


class TestRepr:
    """An agreement's repr is a one-line summary, not its terms.

    It was the whole agreement, field by field: 16,620 characters for the
    shipped IT example, in every log line and error report that showed it.
    """

    def test_the_example(self) -> None:
        """Its id, version, title, term and how many of each part it holds."""
        it = loads((EXAMPLES / "it_vendor" / "agreement.json").read_bytes())

        assert repr(it) == (
            "<Agreement id='acme-globex-2026' version=1 title='Acme Software and "
            "Globex Solutions: Mutual Commit 2026' term=2026-01-01..2026-12-31 "
            "parties=2 metrics=8 goals=6 contributions=6 allocations=7 incentives=1 "
            "remedies=0 clauses=3 exception_criteria=0 reviews=4 signatures=2>"
        )
        assert str(it) == repr(it)

    def test_it_does_not_grow_with_the_terms(self, agreement: Agreement) -> None:
        """A hundred goals more change two digits; a long title is cut."""
        goal = agreement.goals[0]
        more = attrs.evolve(
            agreement,
            title="T" * 500,
            goals=(
                *agreement.goals,
                *(attrs.evolve(goal, id=f"more-{i}") for i in range(100)),
            ),
        )

        assert (True, f"title='{'T' * 59}…'" in repr(more)) == (
            len(repr(more)) - len(repr(agreement)) < 80,
            True,
        )

    def test_equality_and_pickling_keep_every_field(self, agreement: Agreement) -> None:
        """Two agreements with one summary differ, and a pickled one comes back whole."""
        other = _with_goal(agreement, 0, title="Another title")

        assert (repr(other) == repr(agreement), other == agreement) == (True, False)
        assert pickle.loads(pickle.dumps(agreement)) == agreement  # noqa: S301
