import datetime as dt
from decimal import Decimal

import attrs

from mutualcommit.model import (
    Agreement,
    Contribution,
    ContributionKind,
    Party,
    Period,
    Quantity,
    ResourceAllocation,
    Role,
)
from mutualcommit.rules import Policy, Waiver, check

from .conftest import AS_OF, Subjects


def _allocations(agreement: Agreement, *allocations: ResourceAllocation) -> Agreement:
    return attrs.evolve(agreement, allocations=allocations)


def _money(
    id_: str, party: str, amount: int, per: Period = Period.TERM
) -> ResourceAllocation:
    return ResourceAllocation(
        id=id_,
        party=party,
        amount=Quantity(amount=Decimal(amount), unit="EUR"),
        per=per,
    )


class TestMC200:
    """MC200 fires when the agreement lacks a vendor or a partner."""

    def test_fires(self, compliant: Agreement, subjects: Subjects) -> None:
        """Two vendors and no partner make nothing mutual."""
        globex = attrs.evolve(compliant.parties[1], role=Role.VENDOR)
        variant = attrs.evolve(compliant, parties=(compliant.parties[0], globex))
        assert ["agreement"] == subjects(variant, "MC200")

    def test_silent(self, compliant: Agreement, subjects: Subjects) -> None:
        """A vendor and a partner are enough."""
        assert [] == subjects(compliant, "MC200")


class TestMC201:
    """MC201 fires on a party without a contribution."""

    def _with_initech(self, agreement: Agreement) -> Agreement:
        initech = Party(id="initech", name="Initech", role=Role.PARTNER)
        return attrs.evolve(agreement, parties=(*agreement.parties, initech))

    def test_fires(self, compliant: Agreement, subjects: Subjects) -> None:
        """A second partner that pledges nothing is one-sided."""
        assert ["party:initech"] == subjects(self._with_initech(compliant), "MC201")

    def test_silent(self, compliant: Agreement, subjects: Subjects) -> None:
        """A pledge of its own silences it."""
        variant = self._with_initech(compliant)
        pledge = Contribution(
            id="C3",
            party="initech",
            title="Joint webinars",
            kind=ContributionKind.DEMAND_GENERATION,
            supports=("G1",),
        )
        variant = attrs.evolve(variant, contributions=(*variant.contributions, pledge))
        assert [] == subjects(variant, "MC201")


class TestMC202:
    """MC202 fires when every contribution to a goal comes from one side."""

    def test_fires(self, compliant: Agreement) -> None:
        """A goal only the partner works toward is reported."""
        c2 = attrs.evolve(compliant.contributions[1], supports=())
        variant = attrs.evolve(
            compliant, contributions=(compliant.contributions[0], c2)
        )
        report = check(variant, as_of=AS_OF)
        (finding,) = [f for f in report.findings if f.code == "MC202"]
        assert ("goal:G1", "partner", "vendor") == (
            finding.subject,
            finding.params["side"],
            finding.params["other"],
        )

    def test_silent(self, compliant: Agreement, subjects: Subjects) -> None:
        """A vendor contribution to the same goal silences it."""
        assert [] == subjects(compliant, "MC202")


class TestMC203:
    """MC203 fires on lopsided funding in a fiscal year, or a side allocating nothing."""

    def test_fires_over_ratio(self, compliant: Agreement, subjects: Subjects) -> None:
        """The vendor funding five times the partner's is lopsided."""
        variant = _allocations(
            compliant, _money("A1", "acme", 100000), _money("A2", "globex", 20000)
        )
        assert ["fiscal-year:FY2026"] == subjects(variant, "MC203")

    def test_silent_at_ratio(self, compliant: Agreement, subjects: Subjects) -> None:
        """Exactly four times the partner's funding is within the ratio."""
        variant = _allocations(
            compliant, _money("A1", "acme", 80000), _money("A2", "globex", 20000)
        )
        assert [] == subjects(variant, "MC203")

    def test_per_fiscal_year(self, compliant: Agreement) -> None:
        """A term over two fiscal years is compared year by year, spread by days."""
        # 1 July 2026 to 31 March 2027: 184 days in FY2026, 90 in FY2027. The
        # vendor's 50 000 a year counts 50 000 * 90 / 365 in FY2027, the
        # partner's 5 000 for the term 5 000 * 90 / 274.
        variant = attrs.evolve(
            compliant,
            start=dt.date(2026, 7, 1),
            end=dt.date(2027, 3, 31),
            review_rule=None,
            reviews=(),
            allocations=(
                _money("A1", "acme", 50000, Period.YEAR),
                _money("A2", "globex", 5000),
            ),
        )
        report = check(variant, as_of=AS_OF)
        found = [
            (f.subject, f.params["side"], f.params["amount"], f.params["other_amount"])
            for f in report.findings
            if f.code == "MC203"
        ]
        assert [
            ("fiscal-year:FY2026", "vendor", "25205.48", "3357.66"),
            ("fiscal-year:FY2027", "vendor", "12328.77", "1642.34"),
        ] == found

    def test_fires_when_a_side_allocates_nothing(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A partner that allocates nothing at all is reported for its side."""
        variant = _allocations(compliant, compliant.allocations[0])
        assert ["side:partner"] == subjects(variant, "MC203")

    def test_a_waiver_for_one_side_leaves_the_other(self, compliant: Agreement) -> None:
        """With no allocation at all, a waiver for the vendor side silences only its finding.

        Both findings had the subject ``agreement``: a waiver written for
        the vendor silenced the partner's too.
        """
        variant = _allocations(compliant)
        waiver = Waiver(code="MC203", subject="side:vendor", reason="A pilot")
        report = check(variant, as_of=AS_OF, policy=Policy(waivers=(waiver,)))

        in_force = [f.params["side"] for f in report.findings if f.code == "MC203"]
        waived = [f.params["side"] for f in report.waived if f.code == "MC203"]
        assert (["partner"], ["vendor"]) == (in_force, waived)

    def test_silent_when_a_side_gives_people(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A partner that gives people, not money, is not compared in money."""
        people = ResourceAllocation(
            id="A2", party="globex", amount=Quantity(amount=Decimal(1), unit="fte")
        )
        variant = _allocations(compliant, _money("A1", "acme", 100000), people)
        assert [] == subjects(variant, "MC203")


class TestMC204:
    """MC204 fires when a party allocates more than its capacity in a fiscal year."""

    def test_fires(self, compliant: Agreement) -> None:
        """Quarterly allocations add up to more than the yearly capacity."""
        variant = _allocations(
            compliant,
            compliant.allocations[0],
            _money("A2", "globex", 15000, Period.QUARTER),
        )
        report = check(variant, as_of=AS_OF)
        (finding,) = [f for f in report.findings if f.code == "MC204"]
        assert ("party:globex", "60000", ("FY2026",), "parties[1].capacity[0]") == (
            finding.subject,
            finding.params["allocated"],
            finding.params["years"],
            finding.path,
        )

    def test_silent_at_capacity(self, compliant: Agreement, subjects: Subjects) -> None:
        """Monthly allocations that fill the capacity exactly are within it."""
        variant = _allocations(
            compliant,
            compliant.allocations[0],
            _money("A2", "globex", 12500, Period.QUARTER),
        )
        assert [] == subjects(variant, "MC204")

    def test_levels_add_up(self, compliant: Agreement, subjects: Subjects) -> None:
        """FTE allocations add up whatever their period."""
        fte = [
            ResourceAllocation(
                id=f"F{i}",
                party="globex",
                amount=Quantity(amount=Decimal(amount), unit="fte"),
                per=per,
            )
            for i, (amount, per) in enumerate(
                (("1.5", Period.TERM), ("1", Period.MONTH))
            )
        ]
        variant = _allocations(compliant, *compliant.allocations, *fte)
        assert ["party:globex"] == subjects(variant, "MC204")

    def test_spread_over_fiscal_years(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """A term allocation over two fiscal years counts in each only for its days."""
        # 90 000 over a term of 365 days across FY2026 and FY2027 is 45 370
        # and 44 630: under the capacity of 50 000 in each year.
        variant = attrs.evolve(
            compliant,
            start=dt.date(2026, 7, 1),
            end=dt.date(2027, 6, 30),
            review_rule=None,
            reviews=(),
            allocations=(compliant.allocations[0], _money("A2", "globex", 90000)),
        )
        assert [] == subjects(variant, "MC204")

    def test_unit_without_capacity(
        self, compliant: Agreement, subjects: Subjects
    ) -> None:
        """Units without a declared capacity are not checked."""
        hours = ResourceAllocation(
            id="H1", party="acme", amount=Quantity(amount=Decimal(9999), unit="hour")
        )
        variant = _allocations(compliant, *compliant.allocations, hours)
        assert [] == subjects(variant, "MC204")


class TestMC205:
    """MC205 fires when a partner co-sells without vendor enablement training."""

    def test_fires(self, compliant: Agreement, subjects: Subjects) -> None:
        """Without the vendor's training the partner's co-selling is unsupported."""
        c2 = attrs.evolve(compliant.contributions[1], kind=ContributionKind.OTHER)
        variant = attrs.evolve(
            compliant, contributions=(compliant.contributions[0], c2)
        )
        assert ["contribution:C1"] == subjects(variant, "MC205")

    def test_silent(self, compliant: Agreement, subjects: Subjects) -> None:
        """The vendor's enablement training supports it."""
        assert [] == subjects(compliant, "MC205")


class TestMC204Periods:
    """MC204 spreads monthly and weekly allocations over the fiscal years they fall in."""

    @staticmethod
    def _over(agreement: Agreement) -> list[tuple[object, object]]:
        """The (allocated, years) of each MC204 finding."""
        report = check(agreement, as_of=AS_OF)
        return [
            (f.params["allocated"], f.params["years"])
            for f in report.findings
            if f.code == "MC204"
        ]

    @staticmethod
    def _term(
        agreement: Agreement,
        start: dt.date,
        end: dt.date,
        *allocations: ResourceAllocation,
    ) -> Agreement:
        return attrs.evolve(
            agreement,
            start=start,
            end=end,
            review_rule=None,
            reviews=(),
            allocations=(agreement.allocations[0], *allocations),
        )

    def test_monthly_over_three_fiscal_years(self, compliant: Agreement) -> None:
        """5 000 a month from July 2026 to June 2028: 30 000, 60 000 and 30 000."""
        variant = self._term(
            compliant,
            dt.date(2026, 7, 1),
            dt.date(2028, 6, 30),
            _money("A2", "globex", 5000, Period.MONTH),
        )

        assert [("60000", ("FY2027",))] == self._over(variant)

    def test_a_term_from_a_fiscal_years_last_day(self, compliant: Agreement) -> None:
        """From 31 December, the first year has one day of December: 1 000 of 31 000."""
        variant = self._term(
            compliant,
            dt.date(2026, 12, 31),
            dt.date(2027, 12, 31),
            _money("A2", "globex", 31000, Period.MONTH),
        )

        assert [("372000", ("FY2027",))] == self._over(variant)

    def test_weekly(self, compliant: Agreement) -> None:
        """1 000 a week over 365 days is 365 / 7 weeks: 52 142.86 to the cent."""
        variant = self._term(
            compliant,
            compliant.start,
            compliant.end,
            _money("A2", "globex", 1000, Period.WEEK),
        )

        assert [("52142.86", ("FY2026",))] == self._over(variant)

    def test_two_allocations_add_up(self, compliant: Agreement) -> None:
        """Two allocations of 30 000 in one unit are 60 000, over 50 000."""
        variant = self._term(
            compliant,
            compliant.start,
            compliant.end,
            _money("A2", "globex", 30000),
            _money("A3", "globex", 30000),
        )

        assert [("60000", ("FY2026",))] == self._over(variant)


def _three_years(
    agreement: Agreement,
    capacity: Quantity,
    *allocations: ResourceAllocation,
    currency: str = "EUR",
) -> Agreement:
    """The agreement over 2026-2028 (365, 365 and 366 days), Globex's capacity *capacity*."""
    globex = attrs.evolve(agreement.parties[1], capacity=(capacity,))
    return attrs.evolve(
        agreement,
        end=dt.date(2028, 12, 31),
        currency=currency,
        review_rule=None,
        reviews=(),
        parties=(agreement.parties[0], globex),
        allocations=allocations,
    )


def _in(id_: str, party: str, amount: str, unit: str) -> ResourceAllocation:
    return ResourceAllocation(
        id=id_, party=party, amount=Quantity(amount=Decimal(amount), unit=unit)
    )


class TestMC204Digits:
    """MC204 writes the amount over a capacity to its currency's digits, or more to show it over."""

    @staticmethod
    def _allocated(agreement: Agreement) -> list[tuple[object, object]]:
        report = check(agreement, as_of=AS_OF)
        return [
            (f.params["allocated"], f.params["capacity"])
            for f in report.findings
            if f.code == "MC204"
        ]

    def test_fils_over(self, compliant: Agreement) -> None:
        """59 890.723 BHD over the term is 20 000.004 in FY2028, 4 fils over 20 000.

        Rounded to the cent, the message said it allocates 20000 BHD, more
        than its capacity of 20000 BHD.
        """
        variant = _three_years(
            compliant,
            Quantity(amount=Decimal("20000.000"), unit="BHD"),
            _in("A2", "globex", "59890.723", "BHD"),
        )

        assert [("20000.004", "20000")] == self._allocated(variant)

    def test_whole_yen(self, compliant: Agreement) -> None:
        """31 000 000 JPY over the term is 10 352 189.78… in FY2028: whole yen."""
        variant = _three_years(
            compliant,
            Quantity(amount=Decimal(10000000), unit="JPY"),
            _in("A2", "globex", "31000000", "JPY"),
        )

        assert [("10352190", "10000000")] == self._allocated(variant)

    def test_yen_that_round_to_the_capacity(self, compliant: Agreement) -> None:
        """0.003 yen over 10 000 000 takes three places, where whole yen read 10000000."""
        variant = _three_years(
            compliant,
            Quantity(amount=Decimal(10000000), unit="JPY"),
            _in("A2", "globex", "29945355.2", "JPY"),
        )

        assert [("10000000.003", "10000000")] == self._allocated(variant)

    def test_hours_that_round_to_the_capacity(self, compliant: Agreement) -> None:
        """299.46 hours over the term is 100.002… in FY2028, not 100 to the cent."""
        variant = _three_years(
            compliant,
            Quantity(amount=Decimal(100), unit="hour"),
            _in("A2", "globex", "299.46", "hour"),
        )

        assert [("100.002", "100")] == self._allocated(variant)

    def test_hours_to_the_cent(self, compliant: Agreement) -> None:
        """Hours that do not round to the capacity stay two places: 100.02."""
        variant = _three_years(
            compliant,
            Quantity(amount=Decimal(100), unit="hour"),
            _in("A2", "globex", "299.5", "hour"),
        )

        assert [("100.02", "100")] == self._allocated(variant)


class TestMC203Digits:
    """MC203 writes each side's funding to the currency's digits, or more to show the ratio."""

    @staticmethod
    def _amounts(agreement: Agreement) -> list[tuple[object, object]]:
        report = check(agreement, as_of=AS_OF)
        return [
            (f.params["amount"], f.params["other_amount"])
            for f in report.findings
            if f.code == "MC203"
        ]

    def test_whole_yen(self, compliant: Agreement) -> None:
        """A JPY agreement's funding spread over fiscal years is in whole yen, not sen."""
        variant = attrs.evolve(
            compliant,
            end=dt.date(2027, 3, 31),
            currency="JPY",
            review_rule=None,
            reviews=(),
            allocations=(
                _in("A1", "acme", "10000000", "JPY"),
                _in("A2", "globex", "1000000", "JPY"),
            ),
        )

        assert [("8021978", "802198"), ("1978022", "197802")] == self._amounts(variant)

    def test_more_places_to_show_the_ratio(self, compliant: Agreement) -> None:
        """4 000 000.4 yen against 1 000 000 is over four times: not 4000000 in whole yen."""
        variant = attrs.evolve(
            compliant,
            currency="JPY",
            allocations=(
                _in("A1", "acme", "4000000.4", "JPY"),
                _in("A2", "globex", "1000000", "JPY"),
            ),
        )

        assert [("4000000.4", "1000000")] == self._amounts(variant)


class TestMC204Units:
    """MC204 writes each amount with its own unit word, never a unit's code."""

    @staticmethod
    def _messages(compliant: Agreement, capacity: str, amount: str, unit: str) -> str:
        """MC204's message for *amount* a fiscal year against *capacity*."""
        allocation = ResourceAllocation(
            id="A1",
            party="globex",
            amount=Quantity(amount=Decimal(amount), unit=unit),
            per=Period.YEAR,
        )
        variant = _three_years(
            compliant, Quantity(amount=Decimal(capacity), unit=unit), allocation
        )
        report = check(variant, as_of=AS_OF)
        (finding,) = [f for f in report.findings if f.code == "MC204"]
        return finding.message

    def test_one_hour(self, compliant: Agreement) -> None:
        """183.01 hours a year against 1 hour: "hours", then "hour"."""
        message = self._messages(compliant, "1", "183.01", unit="hour")

        assert (
            "allocates up to 183.01 hours in a fiscal year, more than its declared "
            "capacity of 1 hour "
        ) in message

    def test_days(self, compliant: Agreement) -> None:
        """A capacity of 2 days reads "2 days"."""
        message = self._messages(compliant, "2", "10", unit="day")

        assert "up to 10 days in a fiscal year" in message
        assert "capacity of 2 days " in message

    def test_fte(self, compliant: Agreement) -> None:
        """People are full-time equivalents, written FTE as documents write them."""
        message = self._messages(compliant, "1", "2", unit="fte")

        assert "up to 2 FTE in a fiscal year" in message
        assert "capacity of 1 FTE " in message
        assert " fte" not in message

    def test_count_and_percent(self, compliant: Agreement) -> None:
        """A count names its units; a percentage takes its sign."""
        counts = self._messages(compliant, "1", "2", unit="count")
        percents = self._messages(compliant, "100", "120", unit="percent")

        assert "up to 2 units in a fiscal year" in counts
        assert "capacity of 1 unit " in counts
        assert "up to 120% in a fiscal year" in percents
        assert "capacity of 100% " in percents

    def test_money_keeps_its_code(self, compliant: Agreement) -> None:
        """Money is followed by its currency's code, as before."""
        message = self._messages(compliant, "1000", "2000", unit="EUR")

        assert "up to 2000 EUR in a fiscal year" in message
        assert "capacity of 1000 EUR " in message
