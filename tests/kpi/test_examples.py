"""Worked cases on the two field examples of SPEC §1, at two dates each.

The numbers in the docstrings come from ``examples/*/observations.jsonl``
read by hand: the log's corrections and retractions applied, then the
records of each window added up.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from mutualcommit.kpi import Scorecard, Standing, evaluate
from mutualcommit.serialize import load_observations, loads

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
D = Decimal


def scorecard(case: str, as_of: dt.date) -> Scorecard:
    """Evaluate the example *case* as of *as_of*."""
    agreement = loads((EXAMPLES / case / "agreement.json").read_text(encoding="utf-8"))
    observations = load_observations(
        (EXAMPLES / case / "observations.jsonl").read_text(encoding="utf-8")
    )
    return evaluate(agreement, observations, as_of=as_of)


@pytest.fixture(scope="module")
def it_march() -> Scorecard:
    """Acme and Globex (fiscal years from February, named by their end) as of 2026-03-15."""
    return scorecard("it_vendor", dt.date(2026, 3, 15))


@pytest.fixture(scope="module")
def it_november() -> Scorecard:
    """Acme and Globex as of 2026-11-27."""
    return scorecard("it_vendor", dt.date(2026, 11, 27))


@pytest.fixture(scope="module")
def bolt_august() -> Scorecard:
    """Bolt and Northwind (fiscal years from April, named by their start) as of 2026-08-15."""
    return scorecard("manufacturer", dt.date(2026, 8, 15))


@pytest.fixture(scope="module")
def bolt_november() -> Scorecard:
    """Bolt and Northwind as of 2026-11-27."""
    return scorecard("manufacturer", dt.date(2026, 11, 27))


class TestItVendorInMarch:
    """The IT vendor case as of 2026-03-15, day 43 of FY2027-Q1 (02-01..04-30, 89 days)."""

    def test_clipped_first_quarter(self, it_march: Scorecard) -> None:
        """FY2026-Q4 runs 2025-11-01..2026-01-31 (92 days); the term keeps 31.

        Co-selling: 24 * 31 / 92 = 8.086956521739130434782608696; 6
        registrations in January: missed.
        """
        window = it_march.goal("co-sell-opportunities").window("FY2026-Q4")

        assert ("2026-01-01", "2026-01-31") == (
            window.start.isoformat(),
            window.end.isoformat(),
        )
        assert (D("8.086956521739130434782608696"), D(6), Standing.MISSED) == (
            window.target,
            window.actual,
            window.standing,
        )

    def test_co_selling_at_risk(self, it_march: Scorecard) -> None:
        """11 registrations (DR-1013..DR-1023; DR-1021, corrected, counts once).

        elapsed 43/89; expected 24 * 43/89 = 11.59550561797752808988764045;
        pace 11 / 11.5955... = 0.9486434108527131782945736434 (979/1032):
        at risk. Forecast 11 * 89 / 43 = 22.76744186046511627906976744.
        """
        window = it_march.goal("co-sell-opportunities").current

        assert "FY2027-Q1" == window.label
        assert (
            D(11),
            D("0.4831460674157303370786516854"),
            D("11.59550561797752808988764045"),
            D("0.9486434108527131782945736434"),
            D("22.76744186046511627906976744"),
            Standing.AT_RISK,
        ) == (
            window.actual,
            window.elapsed,
            window.expected,
            window.pace,
            window.forecast,
            window.standing,
        )

    def test_partner_share_by_where(self, it_march: Scorecard) -> None:
        """Globex's pledge counts only party=globex: 9 of the 11; 20 * 43/89 expected, pace 0.93: at risk."""
        window = it_march.contribution("globex-co-selling").current

        assert (D(9), D("0.9313953488372093023255813953"), Standing.AT_RISK) == (
            window.actual,
            window.pace,
            window.standing,
        )

    def test_dach_revenue_by_region(self, it_march: Scorecard) -> None:
        """region=dach: 66550 + 83450 + 60830 + 39740 = 250570 against 700000 * 74/365 = 141917.8...: on track."""
        window = it_march.goal("dach-revenue").current

        assert (D(250570), D("141917.8082191780821917808219"), Standing.ON_TRACK) == (
            window.actual,
            window.expected,
            window.standing,
        )

    def test_baseline_paced_level_is_early(self, it_march: Scorecard) -> None:
        """Certified reps: LAST 5 (03-13); expected 4 + (12 - 4) * 74/365 = 5.62; pace 0.889 yet elapsed 0.203 < 0.25: early."""
        window = it_march.goal("certified-sales-force").current

        assert (
            D(5),
            D("5.621917808219178082191780822"),
            D("0.8893762183235867446393762183"),
            Standing.EARLY,
        ) == (window.actual, window.expected, window.pace, window.standing)

    def test_at_most_mean(self, it_march: Scorecard) -> None:
        """Approval days, at most 3 from a baseline of 6: 11 approvals sum 42, mean 3.818.

        expected 6 + (3 - 6) * 43/89 = 4.550561797752808988764044944; pace
        4.5505... / 3.8181... = 1.191813804173354735152487962: on track;
        attainment 3 / 3.818181818181818181818181818 (the rounded mean).
        """
        window = it_march.goal("fast-registration").current

        assert (
            D("3.818181818181818181818181818"),
            D("4.550561797752808988764044944"),
            D("1.191813804173354735152487962"),
            D("0.7857142857142857142857142858"),
            Standing.ON_TRACK,
        ) == (
            window.actual,
            window.expected,
            window.pace,
            window.attainment,
            window.standing,
        )

    def test_overall_and_counts(self, it_march: Scorecard) -> None:
        """Scores: co-sell 979/1032 (weight 1), revenue, DACH, registration, pipeline on track 1 (weights 2, 1, 1, 1); reps early, nothing closed: out.

        (0.9486434108527131782945736434 + 2 + 1 + 1 + 1) / 6, the sum exact,
        = 0.99144056847545219638242894056…, rounded once: 0.9914405684754521963824289406.
        """
        assert D("0.9914405684754521963824289406") == it_march.overall_attainment
        assert {Standing.ON_TRACK: 4, Standing.AT_RISK: 1, Standing.EARLY: 1} == {
            s: n for s, n in it_march.counts.items() if n
        }

    def test_vendor_pledge_off_track(self, it_march: Scorecard) -> None:
        """Acme has paid no MDF in FY2027-Q1 by 03-15: 0 against 30000 * 43/89; pace 0: off track (the vendor is held to account too)."""
        window = it_march.contribution("acme-mdf").current

        assert (D(0), D(0), Standing.OFF_TRACK) == (
            window.actual,
            window.pace,
            window.standing,
        )
        assert ["acme-enablement", "acme-mdf", "acme-deal-registration"] == [
            r.id for r in it_march.party("acme")
        ]


class TestItVendorInNovember:
    """The IT vendor case as of 2026-11-27, day 27 of FY2027-Q4 (clipped to 11-01..12-31)."""

    def test_correction_in_a_closed_quarter(self, it_november: Scorecard) -> None:
        """FY2027-Q3 revenue: DR-1060 corrected 87400 -> 78400.

        78400 + 45420 + 51610 + 62950 + 52030 + 88030 + 76560 = 455000 ≥
        400000: met, attainment 1.1375.
        """
        window = it_november.goal("partner-revenue").window("FY2027-Q3")

        assert (D(455000), D("1.1375"), Standing.MET) == (
            window.actual,
            window.attainment,
            window.standing,
        )

    def test_ramp_and_retraction(self, it_november: Scorecard) -> None:
        """The ramp: Q2 target 30 (step of 05-01), Q3 36 (step of 08-01).

        Q2 has 31 registrations (DR-9001 of 05-06 retracted): met, 31/30.
        Q3 has 33 of 36: missed, attainment 0.9166666666666666666666666667.
        """
        result = it_november.goal("co-sell-opportunities")
        q2, q3 = result.window("FY2027-Q2"), result.window("FY2027-Q3")

        assert (D(30), D(31), Standing.MET) == (q2.target, q2.actual, q2.standing)
        assert (D(36), D(33), D("0.9166666666666666666666666667"), Standing.MISSED) == (
            q3.target,
            q3.actual,
            q3.attainment,
            q3.standing,
        )

    def test_clipped_current_quarter(self, it_november: Scorecard) -> None:
        """FY2027-Q4 is 92 days, the term keeps 61: target 36 * 61/92 = 23.86956521739130434782608696.

        elapsed 27/61; expected 23.869... * 27/61 = 10.56521739130434782608695652;
        13 registrations: pace 1.23, on track; forecast 13 * 61/27 = 29.37037037037037037037037037.
        """
        window = it_november.goal("co-sell-opportunities").current

        assert (
            "FY2027-Q4",
            D("23.86956521739130434782608696"),
            D("10.56521739130434782608695652"),
            D(13),
            D("29.37037037037037037037037037"),
            Standing.ON_TRACK,
        ) == (
            window.label,
            window.target,
            window.expected,
            window.actual,
            window.forecast,
            window.standing,
        )

    def test_due_date_closes_a_pledge(self, it_november: Scorecard) -> None:
        """Globex certifies 12 reps by 09-30: the term window ends on its due date; 12 on 09-25: met."""
        window = it_november.contribution("globex-certification").current

        assert ("2026-09-30", True, D(12), Standing.MET) == (
            window.end.isoformat(),
            window.closed,
            window.actual,
            window.standing,
        )

    def test_monthly_at_most_mean(self, it_november: Scorecard) -> None:
        """FY2027-M10 (November): 12 approvals sum 27, mean 2.25; expected 6 - 3 * 27/30 = 3.3; pace 3.3/2.25."""
        window = it_november.contribution("acme-deal-registration").current

        assert (
            "FY2027-M10",
            D("2.25"),
            D("3.3"),
            D("1.466666666666666666666666667"),
            D("1.333333333333333333333333333"),
            Standing.ON_TRACK,
        ) == (
            window.label,
            window.actual,
            window.expected,
            window.pace,
            window.attainment,
            window.standing,
        )

    def test_overall_and_counts(self, it_november: Scorecard) -> None:
        """Reps and pipeline above target but levels judged by pace until Q4 closes: all six on track at a pace ≥ 1, overall 1."""
        assert D(1) == it_november.overall_attainment
        assert {Standing.ON_TRACK: 6} == {
            s: n for s, n in it_november.counts.items() if n
        }


class TestManufacturerInAugust:
    """The manufacturer case as of 2026-08-15, day 46 of FY2026-Q2 (07-01..09-30, 92 days)."""

    def test_fiscal_year_named_by_its_start(self, bolt_august: Scorecard) -> None:
        """Fiscal years from April named by their start: 2026-04-01..2027-03-31 is FY2026, whole, 2600000."""
        window = bolt_august.goal("annual-revenue").current

        assert ("FY2026", "2026-04-01", "2027-03-31", D(2600000)) == (
            window.label,
            window.start.isoformat(),
            window.end.isoformat(),
            window.target,
        )

    def test_lead_time_from_orders(self, bolt_august: Scorecard) -> None:
        """At most 10 days, baseline 14, the mean days from order to full delivery.

        Q1: 40 orders completed, 438 days in all: 10.95 > 10, missed. Q2 so
        far: 26 orders completed, 243 days: 9.3461...; expected 14 + (10 -
        14) * 46/92 = 12; pace 12 / (243/26): on track.
        """
        result = bolt_august.goal("lead-time")
        q1, q2 = result.window("FY2026-Q1"), result.current

        assert (D("10.95"), Standing.MISSED) == (q1.actual, q1.standing)
        assert (
            D("9.346153846153846153846153846"),
            D(12),
            D("1.283950617283950617283950617"),
            Standing.ON_TRACK,
        ) == (q2.actual, q2.expected, q2.pace, q2.standing)

    def test_supply_measures_of_the_first_quarter(self, bolt_august: Scorecard) -> None:
        """Q1 computed from the raw records, after the corrections and the retracted PO-269999.

        Fill rate: 10649 units shipped / 12650 ordered = 84.18 %. OTIF: 26
        of the 44 orders whose due date + 1 day fell in Q1 = 59.09 %. Joint
        forecast accuracy at lag 1: 52 SKU-weeks, 1 - 1684/12643 = 86.68 %.
        """
        fill = bolt_august.contribution("bolt-fill-rate").window("FY2026-Q1")
        otif = bolt_august.contribution("bolt-otif").window("FY2026-Q1")
        joint = bolt_august.goal("forecast-accuracy").window("FY2026-Q1")

        assert (D("84.18181818181818181818181818"), Standing.MISSED) == (
            fill.actual,
            fill.standing,
        )
        assert (D("59.09090909090909090909090909"), 44, 26) == (
            otif.actual,
            otif.details["orders"],
            otif.details["on_time_in_full"],
        )
        assert (D("86.68037649292098394368425216"), Standing.MET, 52) == (
            joint.actual,
            joint.standing,
            joint.details["pairs"],
        )

    def test_sell_through(self, bolt_august: Scorecard) -> None:
        """Q2: 7295 units in 56 records (7 Fridays, 2 regions, 4 SKUs) against 12000 * 46/92 = 6000: pace 1.2158; forecast 7295 * 92/46 = 14590."""
        window = bolt_august.goal("sell-through").current

        assert (D(7295), D(6000), D("1.215833333333333333333333333"), D(14590)) == (
            window.actual,
            window.expected,
            window.pace,
            window.forecast,
        )

    def test_regional_pledge_off_track(self, bolt_august: Scorecard) -> None:
        """Northwind's mountain region: 1066 units against 4000 * 137/365 = 1501.37: pace 0.7100, off track."""
        window = bolt_august.contribution("northwind-mountain").current

        assert (
            D(1066),
            D("1501.369863013698630136986301"),
            D("0.7100182481751824817518248175"),
            Standing.OFF_TRACK,
        ) == (window.actual, window.expected, window.pace, window.standing)

    def test_overall_and_counts(self, bolt_august: Scorecard) -> None:
        """Joint forecast accuracy 90.13 ≥ 85 is a level, on track (not met) until Q2 closes; all four on track at pace ≥ 1: overall 1."""
        assert D(1) == bolt_august.overall_attainment
        assert {Standing.ON_TRACK: 4} == {
            s: n for s, n in bolt_august.counts.items() if n
        }


class TestManufacturerInNovember:
    """The manufacturer case as of 2026-11-27, day 58 of FY2026-Q3 (10-01..12-31, 92 days)."""

    def test_ramped_quarter(self, bolt_november: Scorecard) -> None:
        """Sell-through steps up to 13500 from 10-01; 9850 units against 13500 * 58/92 = 8510.87; forecast 9850 * 92/58."""
        window = bolt_november.goal("sell-through").current

        assert (
            D(13500),
            D("8510.869565217391304347826087"),
            D(9850),
            D("15624.13793103448275862068966"),
            Standing.ON_TRACK,
        ) == (
            window.target,
            window.expected,
            window.actual,
            window.forecast,
            window.standing,
        )

    def test_regional_pledge_recovering(self, bolt_november: Scorecard) -> None:
        """Mountain: 2395 units against 4000 * 241/365 = 2641.10: pace 0.9068, now at risk rather than off track."""
        window = bolt_november.contribution("northwind-mountain").current

        assert (D(2395), D("0.9068205394190871369294605809"), Standing.AT_RISK) == (
            window.actual,
            window.pace,
            window.standing,
        )

    def test_met_before_the_quarter_closes(self, bolt_november: Scorecard) -> None:
        """Bolt's training: 24 hours of 24 by 11-27, with 34 days of Q3 to go: met."""
        window = bolt_november.contribution("bolt-training").current

        assert (D(24), False, Standing.MET) == (
            window.actual,
            window.closed,
            window.standing,
        )

    def test_fill_rate_counts_each_side_in_its_own_window(
        self, bolt_november: Scorecard
    ) -> None:
        """Each side of a ratio adds up in the window its records fall in.

        Orders placed late in a quarter ship in the next. Q1 shipped 10649
        of the 12650 units ordered in it (84.18 %, missed); Q2 shipped 13885
        against 13420 ordered, Q1's late orders among them: 103.46 %, met.
        """
        q1, q2 = (
            bolt_november.contribution("bolt-fill-rate").window(label)
            for label in ("FY2026-Q1", "FY2026-Q2")
        )

        assert (Standing.MISSED, D("103.4649776453055141579731744"), Standing.MET) == (
            q1.standing,
            q2.actual,
            q2.standing,
        )

    def test_overall_and_counts(self, bolt_november: Scorecard) -> None:
        """Forecast accuracy above 85 but open, so on track; all four on track at pace ≥ 1: overall 1."""
        assert D(1) == bolt_november.overall_attainment
        assert (2, 0) == (
            bolt_november.goal("forecast-accuracy").windows_met,
            bolt_november.goal("forecast-accuracy").windows_missed,
        )
        assert {Standing.ON_TRACK: 4} == {
            s: n for s, n in bolt_november.counts.items() if n
        }
