from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import pytest

from mutualcommit.errors import FormatError
from mutualcommit.model import Agreement
from mutualcommit.serialize import Migration, from_dict, migrate, to_dict


def from_zero(document: dict[str, Any]) -> Mapping[str, Any]:
    """Migrate a made-up version 0, which held the term as {"term": {"from", "to"}}."""
    term = document.pop("term")
    document["start"] = term["from"]
    document["end"] = term["to"]
    return document


def version_zero(agreement: Agreement) -> dict[str, Any]:
    """Return the agreement as the made-up version 0 wrote it."""
    document = to_dict(agreement)
    document["format_version"] = 0
    document["term"] = {"from": document.pop("start"), "to": document.pop("end")}
    return document


MIGRATIONS: dict[int, Migration] = {0: from_zero}


class TestMigrate:
    """migrate() applies the migrations from a document's version up to the current one."""

    def test_current_unchanged(self, agreement: Agreement) -> None:
        """A current document comes back equal, as a copy."""
        document = to_dict(agreement)

        migrated = migrate(document, migrations=MIGRATIONS)

        assert document == migrated
        assert document is not migrated

    def test_older_migrated(self, agreement: Agreement) -> None:
        """A version 0 document becomes the version 1 document."""
        migrated = migrate(version_zero(agreement), migrations=MIGRATIONS)

        assert agreement == from_dict(migrated)
        assert 1 == migrated["format_version"]

    def test_fingerprint_kept(self, agreement: Agreement) -> None:
        """Migrating does not change the fingerprint: signatures stay current."""
        migrated = from_dict(migrate(version_zero(agreement), migrations=MIGRATIONS))

        assert agreement.fingerprint() == migrated.fingerprint()
        assert {"acme", "globex"} == set(migrated.current_signatures())

    def test_in_order(self, agreement: Agreement) -> None:
        """Migrations run in version order, each on the previous one's result."""
        seen: list[int] = []

        def from_minus_one(document: dict[str, Any]) -> dict[str, Any]:
            seen.append(document["format_version"])
            document["term"] = document.pop("period")
            return document

        def from_zero_logged(document: dict[str, Any]) -> Mapping[str, Any]:
            seen.append(document["format_version"])
            return from_zero(document)

        document = version_zero(agreement)
        document["format_version"] = -1
        document["period"] = document.pop("term")

        migrated = migrate(
            document, migrations={-1: from_minus_one, 0: from_zero_logged}
        )

        assert [-1, 0] == seen
        assert agreement == from_dict(migrated)

    def test_input_untouched(self, agreement: Agreement) -> None:
        """The caller's document is not changed, however deep the migration reaches."""
        document = version_zero(agreement)
        before = copy.deepcopy(document)

        migrate(document, migrations=MIGRATIONS)

        assert before == document

    def test_no_migrations_by_default(self, agreement: Agreement) -> None:
        """Version 1 is the first format: the library migrates nothing yet."""
        with pytest.raises(FormatError) as info:
            migrate(version_zero(agreement))

        assert [
            (
                "$.format_version",
                (
                    "expected a format version from 1 to 1, got 0: there is no "
                    "migration from it"
                ),
            )
        ] == list(info.value.problems)


class TestRefused:
    """What cannot be migrated is a FormatError on $.format_version."""

    @pytest.mark.parametrize(
        ("document", "found"),
        [
            (
                '{"format_version": 1}',
                (
                    '"{\\"format_version\\": 1}": read the document\'s JSON text '
                    "with json.loads first"
                ),
            ),
            (
                b"{}",
                "a Python bytes: read the document's JSON text with json.loads first",
            ),
            (5, "5"),
            (None, "null"),
            ([{"format_version": 1}], "an array"),
        ],
        ids=["text", "bytes", "int", "None", "list"],
    )
    def test_not_a_document(self, document: object, found: str) -> None:
        """What is no mapping is refused at $ as from_dict refuses it, text with the reader to use."""
        with pytest.raises(FormatError) as info:
            migrate(document)  # type: ignore[arg-type]

        assert [
            ("$", f"expected an object (an agreement document), got {found}")
        ] == list(info.value.problems)

    def test_missing(self, agreement: Agreement) -> None:
        """A document without format_version is an error."""
        document = to_dict(agreement)
        del document["format_version"]

        with pytest.raises(FormatError) as info:
            migrate(document, migrations=MIGRATIONS)

        assert [
            (
                "$.format_version",
                "expected a format version (an integer), got nothing (required)",
            )
        ] == list(info.value.problems)

    def test_not_an_integer(self, agreement: Agreement) -> None:
        """format_version must be an integer."""
        document = {**to_dict(agreement), "format_version": "1"}

        with pytest.raises(FormatError) as info:
            migrate(document)

        assert [
            ("$.format_version", 'expected a format version (an integer), got "1"')
        ] == list(info.value.problems)

    def test_future(self, agreement: Agreement) -> None:
        """A newer version says to upgrade the library."""
        document = {**to_dict(agreement), "format_version": 7}

        with pytest.raises(FormatError) as info:
            migrate(document, migrations=MIGRATIONS)

        assert [
            (
                "$.format_version",
                (
                    "this document has format version 7, and this version of "
                    "mutualcommit reads up to 1: upgrade mutualcommit to read it"
                ),
            )
        ] == list(info.value.problems)

    def test_too_old(self, agreement: Agreement) -> None:
        """A version older than every migration is refused, naming the oldest readable."""
        document = {**version_zero(agreement), "format_version": -5}

        with pytest.raises(FormatError) as info:
            migrate(document, migrations=MIGRATIONS)

        assert [
            (
                "$.format_version",
                (
                    "expected a format version from 0 to 1, got -5: there is no "
                    "migration from it"
                ),
            )
        ] == list(info.value.problems)

    def test_migration_fails(self, agreement: Agreement) -> None:
        """A migration that meets a shape it does not expect gives a FormatError."""
        document = to_dict(agreement)
        document["format_version"] = 0

        with pytest.raises(FormatError) as info:
            migrate(document, migrations=MIGRATIONS)

        assert [
            ("$", "cannot migrate from format version 0: KeyError: 'term'")
        ] == list(info.value.problems)
        assert isinstance(info.value.__cause__, KeyError)
