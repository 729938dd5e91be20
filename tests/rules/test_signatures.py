import datetime as dt

import attrs
import pytest

from mutualcommit.model import Agreement
from mutualcommit.rules import Policy, Severity, check

from .conftest import AS_OF, Subjects


class TestMC401:
    """MC401 fires once per party that has not signed at all."""

    def test_fires(self, compliant: Agreement) -> None:
        """An unsigned agreement is undocumented: an error once the term started."""
        variant = attrs.evolve(compliant, signatures=())
        report = check(variant, as_of=AS_OF)
        found = [(f.subject, f.severity) for f in report.findings if f.code == "MC401"]
        assert [
            ("signature:acme", Severity.ERROR),
            ("signature:globex", Severity.ERROR),
        ] == found

    def test_warning_before_start(self, compliant: Agreement) -> None:
        """Before the term starts a missing signature is a warning."""
        variant = attrs.evolve(compliant, signatures=compliant.signatures[:1])
        report = check(variant, as_of=dt.date(2025, 12, 31))
        found = [(f.subject, f.severity) for f in report.findings if f.code == "MC401"]
        assert [("signature:globex", Severity.WARNING)] == found

    def test_silent(self, compliant: Agreement, subjects: Subjects) -> None:
        """Both parties signed."""
        assert [] == subjects(compliant, "MC401")

    def test_a_signature_given_later(self, compliant: Agreement) -> None:
        """A signature dated after as_of had not been given on that day."""
        unsigned = attrs.evolve(compliant, signatures=())
        late = unsigned.sign("acme", "Ada Acme", AS_OF).sign(
            "globex", "Gil Globex", AS_OF + dt.timedelta(days=1)
        )

        def missing(as_of: dt.date) -> list[str]:
            report = check(late, as_of=as_of)
            return [f.subject for f in report.findings if f.code == "MC401"]

        assert (["signature:globex"], []) == (
            missing(AS_OF),
            missing(AS_OF + dt.timedelta(days=1)),
        )

    def test_stale_is_not_unsigned(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A party whose signature is stale has signed: that is MC402's."""
        assert [] == subjects(compliant.amend(title="Amended"), "MC401")


class TestMC402:
    """MC402 fires once per signature of terms since amended."""

    def test_fires(self, compliant: Agreement, subjects: Subjects) -> None:
        """Amending after both signed leaves two stale signatures."""
        amended = compliant.amend(title="Acme and Globex 2026, amended")
        assert ["signature:acme", "signature:globex"] == subjects(amended, "MC402")

    def test_error_once_the_term_started(self, compliant: Agreement) -> None:
        """On the term's first day a stale signature is an error."""
        amended = compliant.amend(title="Amended")
        report = check(amended, as_of=amended.start)
        found = [f.severity for f in report.findings if f.code == "MC402"]
        assert [Severity.ERROR, Severity.ERROR] == found

    def test_warning_before_start(self, compliant: Agreement) -> None:
        """Before the term starts a stale signature is a warning, as a missing one is.

        Terms amended for the coming term and terms never signed are one
        case: no party's signature of them stands yet, and there is time.
        """
        amended = compliant.amend(title="Amended")
        never_signed = attrs.evolve(amended, signatures=())
        day = amended.start - dt.timedelta(days=1)

        def found(agreement: Agreement) -> list[tuple[str, Severity]]:
            report = check(agreement, as_of=day)
            return [
                (f.code, f.severity)
                for f in report.findings
                if f.code in {"MC401", "MC402"}
            ]

        assert (
            [("MC402", Severity.WARNING)] * 2,
            [("MC401", Severity.WARNING)] * 2,
        ) == (found(amended), found(never_signed))
        assert check(amended, as_of=day).ok

    def test_override_applies_before_start(self, compliant: Agreement) -> None:
        """A policy's severity for MC402 applies before the term starts too."""
        amended = compliant.amend(title="Amended")
        policy = Policy(severities={"MC402": Severity.ERROR})
        report = check(amended, as_of=dt.date(2025, 12, 31), policy=policy)
        found = [f.severity for f in report.findings if f.code == "MC402"]
        assert [Severity.ERROR, Severity.ERROR] == found

    def test_silent_when_signed_again(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """Signing the amended terms again silences it."""
        amended = compliant.amend(title="Acme and Globex 2026, amended")
        resigned = amended.sign("acme", "Ada Acme", dt.date(2026, 3, 1)).sign(
            "globex", "Gil Globex", dt.date(2026, 3, 2)
        )
        assert [] == subjects(resigned, "MC402")

    def test_a_stale_signature_given_later(self, compliant: Agreement) -> None:
        """A stale signature dated after as_of is not there yet to be stale."""
        amended = attrs.evolve(compliant, signatures=()).amend(title="Amended")
        stale = attrs.evolve(
            amended,
            signatures=tuple(
                attrs.evolve(s, signed_on=AS_OF + dt.timedelta(days=1))
                for s in compliant.signatures
            ),
        )

        def found(as_of: dt.date) -> list[str]:
            return [
                f.code
                for f in check(stale, as_of=as_of).findings
                if f.code in {"MC401", "MC402"}
            ]

        assert (["MC401", "MC401"], ["MC402", "MC402"]) == (
            found(AS_OF),
            found(AS_OF + dt.timedelta(days=1)),
        )


def _mc402(agreement: Agreement) -> list[tuple[str, str, str]]:
    """Return each MC402 finding's subject, case and message."""
    return [
        (f.subject, str(f.params["change"]), f.message)
        for f in check(agreement, as_of=AS_OF).findings
        if f.code == "MC402"
    ]


class TestMC402HowTheTermsChanged:
    """MC402 tells terms amended since a signature from terms changed after it without a new version."""

    def test_amended(self, compliant: Agreement) -> None:
        """An amendment raised the version: the signature is of an earlier one."""
        amended = compliant.amend(title="Amended")

        found = _mc402(amended)

        assert [
            (
                "signature:acme",
                "amended",
                (
                    'The signature of party acme "Acme Software" by Ada Acme on '
                    "2025-12-15 is for version 1 of the terms, since amended; have "
                    "it sign the current terms (version 2)."
                ),
            ),
            ("signature:globex", "amended", found[1][2]),
        ] == found
        assert {"signed_version": 1, "version": 2} == {
            name: value
            for name, value in next(
                f.params
                for f in check(amended, as_of=AS_OF).findings
                if f.code == "MC402"
            ).items()
            if "version" in name
        }

    def test_changed_without_a_new_version(self, compliant: Agreement) -> None:
        """The terms changed after signing, the version did not: not an amendment."""
        edited = attrs.evolve(compliant, title="Edited after signing")

        found = _mc402(edited)

        assert [
            (
                "signature:acme",
                "edited",
                (
                    'The signature of party acme "Acme Software" by Ada Acme on '
                    "2025-12-15 is for version 1 of the terms, but the terms were "
                    "changed after it signed, without a new version; restore the "
                    "terms it signed, or amend them (an amendment raises the "
                    "version) and have it sign the amended terms."
                ),
            ),
            ("signature:globex", "edited", found[1][2]),
        ] == found

    def test_changed_after_an_amendment_was_signed(self, compliant: Agreement) -> None:
        """Version 2, signed, then changed without a version 3: changed, not amended."""
        resigned = (
            compliant.amend(title="Amended")
            .sign("acme", "Ada Acme", dt.date(2026, 3, 1))
            .sign("globex", "Gil Globex", dt.date(2026, 3, 2))
        )
        edited = attrs.evolve(resigned, title="Edited after signing")

        assert [("signature:acme", "edited"), ("signature:globex", "edited")] == [
            (subject, change) for subject, change, _ in _mc402(edited)
        ]

    def test_a_signature_that_does_not_say_on_version_1(
        self, compliant: Agreement
    ) -> None:
        """Without its version, a signature of a version-1 agreement is of version 1: no amendment gives it."""
        unsaid = tuple(attrs.evolve(s, version=None) for s in compliant.signatures)
        edited = attrs.evolve(compliant, title="Edited", signatures=unsaid)

        assert ["edited", "edited"] == [change for _, change, _ in _mc402(edited)]

    def test_a_signature_that_does_not_say_after_an_amendment(
        self, compliant: Agreement
    ) -> None:
        """Without its version, a signature of an amended agreement cannot tell which."""
        unsaid = tuple(attrs.evolve(s, version=None) for s in compliant.signatures)
        amended = attrs.evolve(compliant, signatures=unsaid).amend(title="Amended")

        found = _mc402(amended)

        assert [
            (
                "signature:acme",
                "unknown",
                (
                    'The signature of party acme "Acme Software" by Ada Acme on '
                    "2025-12-15 is for other terms than the current ones (version "
                    "2): amended since, or changed after it signed; have it sign "
                    "the current terms."
                ),
            ),
            ("signature:globex", "unknown", found[1][2]),
        ] == found

    def test_a_rewritten_signature_passes(self, compliant: Agreement) -> None:
        """Whoever changes the terms and rewrites the signatures' fingerprints goes unseen.

        A signature is a record, not a cryptographic signature: what the
        documentation says, and why the record must be kept apart.
        """
        edited = attrs.evolve(compliant, title="Edited after signing")
        rewritten = attrs.evolve(
            edited,
            signatures=tuple(
                attrs.evolve(s, fingerprint=edited.fingerprint())
                for s in compliant.signatures
            ),
        )

        assert [] == _mc402(rewritten)


class TestMC403:
    """MC403 fires once per party whose name an earlier party already has."""

    def test_fires(self, compliant: Agreement) -> None:
        """Names alike once trimmed, composed and case-folded are one name to a reader."""
        third = attrs.evolve(
            compliant.parties[1], id="globex-2", name=" GLOBEX Solutions "
        )
        variant = attrs.evolve(compliant, parties=(*compliant.parties, third))

        report = check(variant, as_of=AS_OF)

        assert [
            (
                "party:globex-2",
                "parties[2].name",
                Severity.WARNING,
                (
                    'Party globex-2 has the same name as party globex, "GLOBEX '
                    'Solutions": the signature blocks and the sentences that name '
                    "them cannot tell them apart; give each party a name of its own."
                ),
            )
        ] == [
            (f.subject, f.path, f.severity, f.message)
            for f in report.findings
            if f.code == "MC403"
        ]

    def test_composed_and_decomposed(self, compliant: Agreement) -> None:
        """An accent typed as one character or as two is the same name."""
        first = attrs.evolve(compliant.parties[1], name="Société Générale")
        second = attrs.evolve(
            compliant.parties[1],
            id="sg",
            name="Socie\u0301te\u0301 Ge\u0301ne\u0301rale",
        )
        variant = attrs.evolve(compliant, parties=(compliant.parties[0], first, second))

        report = check(variant, as_of=AS_OF)

        assert ["party:sg"] == [f.subject for f in report.findings if f.code == "MC403"]

    def test_silent(self, compliant: Agreement, subjects: Subjects) -> None:
        """Two parties with names of their own."""
        assert [] == subjects(compliant, "MC403")

    @staticmethod
    def _pair(compliant: Agreement, first: str, second: str) -> list[str]:
        """MC403's subjects for two parties named *first* and *second*."""
        one = attrs.evolve(compliant.parties[1], name=first)
        two = attrs.evolve(compliant.parties[1], id="two", name=second)
        variant = attrs.evolve(compliant, parties=(compliant.parties[0], one, two))
        report = check(variant, as_of=AS_OF)
        return [f.subject for f in report.findings if f.code == "MC403"]

    @pytest.mark.parametrize(
        "second",
        [
            "Reseller   Software",
            "Reseller\tSoftware",
            "Reseller\nSoftware",
            "Reseller\u00a0Software",
            "Reseller \u202f Software",
            "Reseller\u200b Software",
            "Re\u00adseller Software",
            "\ufeffRESELLER  SOFTWARE ",
        ],
    )
    def test_white_space_and_invisibles(
        self, compliant: Agreement, second: str
    ) -> None:
        """Runs of white space and characters that show as nothing read as the document shows them."""
        assert ["party:two"] == self._pair(compliant, "Reseller Software", second)

    @pytest.mark.parametrize(
        ("first", "second"),
        [
            ("Işık Yazılım", "IŞIK YAZILIM"),
            ("İstanbul Bilişim", "istanbul bilişim"),
            ("Straße Partner", "STRASSE PARTNER"),
        ],
    )
    def test_case_variants(self, compliant: Agreement, first: str, second: str) -> None:
        """Capitals and Turkish dotted or dotless i do not tell two names apart."""
        assert ["party:two"] == self._pair(compliant, first, second)

    @pytest.mark.parametrize(
        "second", ["ResellerSoftware", "Reseller Softwares", "\u0420eseller Software"]
    )
    def test_different_names(self, compliant: Agreement, second: str) -> None:
        """A missing space, a letter more, or a Cyrillic capital Er for R make another name."""
        assert [] == self._pair(compliant, "Reseller Software", second)
