"""``mutualcommit evaluate``'s incentive and remedy tables say what was decided, and add up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import quarterly_plan

from mutualcommit import (
    Agreement,
    Incentive,
    Observation,
    Quantity,
    Remedy,
    Tier,
    dump_observations,
    dumps,
)
from mutualcommit.cli import main

D = Decimal


def _plan(
    currency: str = "EUR",
    tiers: tuple[Tier, ...] = (),
    remedies: tuple[Remedy, ...] = (),
) -> Agreement:
    """Return a vendor and its partner, a goal of 100 units a quarter, *tiers* and *remedies*."""
    return quarterly_plan(
        currency,
        incentives=(
            (
                Incentive(
                    id="inc",
                    title="Rebate",
                    payer="v",
                    beneficiary="p",
                    goal="g",
                    tiers=tiers,
                    cap=Quantity(amount=D(1000000), unit=currency),
                ),
            )
            if tiers
            else ()
        ),
        remedies=remedies,
    )


def _log(units: list[str], revenue: str | None = None) -> list[Observation]:
    """Return *units* in each quarter in turn, and *revenue* in each of them."""
    days = [dt.date(2026, month, 15) for month in (1, 4, 7, 10)]
    log = []
    for day, sold in zip(days, units, strict=False):
        log.append(Observation(metric="units", at=day, value=D(sold)))
        if revenue is not None:
            log.append(Observation(metric="rev", at=day, value=D(revenue)))
    return log


def _evaluate(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    plan: Agreement,
    log: list[Observation],
    as_of: str,
) -> list[list[str]]:
    """Run ``evaluate`` on *plan* and *log*; return the words of each line."""
    terms, observations = tmp_path / "plan.json", tmp_path / "log.jsonl"
    terms.write_text(dumps(plan), encoding="utf-8")
    observations.write_text(dump_observations(log), encoding="utf-8")
    code = main(["evaluate", str(terms), str(observations), "--as-of", as_of])
    out, err = capsys.readouterr()
    assert (0, "") == (code, err)
    return [line.split() for line in out.splitlines()]


def _from(lines: list[list[str]], *first: str) -> list[list[str]]:
    """Return the lines from the first that starts with the words *first*."""
    start = next(
        i for i, words in enumerate(lines) if words[: len(first)] == list(first)
    )
    return lines[start:]


class TestAttainmentBesideTiers:
    """The attainment column never contradicts the tier column beside it."""

    def test_rounding_never_crosses_a_threshold(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """99.99999 % reaches no tier, 100.05 % the one from 100.05 %: neither reads 100.0 %."""
        tiers = (
            Tier(threshold=D(1), rate=D("0.02"), of="rev"),
            Tier(threshold=D("1.0005"), rate=D("0.03"), of="rev"),
        )
        log = _log(["99.99999", "100.05", "100.049", "112.54"], "10000")

        lines = _evaluate(tmp_path, capsys, _plan(tiers=tiers), log, "2027-01-05")

        rows = _from(lines, "incentive", "inc:")[3:7]
        assert [
            ["FY2026-Q1", "99.99999", "%", "-", "-", "final"],
            ["FY2026-Q2", "100.05", "%", "100.05", "%", "300", "final"],
            ["FY2026-Q3", "100.049", "%", "100", "%", "200", "final"],
            ["FY2026-Q4", "112.5", "%", "100.05", "%", "300", "final"],
        ] == rows


class TestShortfallBesideGrace:
    """A breached window never reads as a shortfall equal to the grace, nor as charged 0."""

    def test_just_above_the_grace(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Shortfalls of 5, 5.001 and 5.0049 over a grace of 5: the last two are charged."""
        penalty = Remedy(
            id="pen",
            title="Shortfall penalty",
            payer="p",
            beneficiary="v",
            goal="g",
            amount=Quantity(amount=D(100), unit="EUR"),
            grace=D(5),
            cap=Quantity(amount=D(10000), unit="EUR"),
        )
        log = _log(["95", "94.999", "94.9951", "95.004"])

        lines = _evaluate(
            tmp_path, capsys, _plan(remedies=(penalty,)), log, "2027-01-05"
        )

        rows = _from(lines, "remedy", "pen:")[3:7]
        assert [
            ["FY2026-Q1", "5", "0", "0", "final"],
            ["FY2026-Q2", "5.001", "0.001", "0.1", "final"],
            ["FY2026-Q3", "5.005", "0.005", "0.49", "final"],
            ["FY2026-Q4", "4.996", "0", "0", "final"],
        ] == rows


class TestStatementAddsUp:
    """Each window's money as it is paid; the totals and net positions add the rows."""

    def test_yen(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Three quarters of ¥18,518.505 are ¥18,519 each, ¥55,557 earned and in the net position."""
        tiers = (Tier(threshold=D(1), rate=D("0.02"), of="rev"),)
        penalty = Remedy(
            id="pen",
            title="Penalty",
            payer="p",
            beneficiary="v",
            goal="g",
            amount=Quantity(amount=D("0.5"), unit="JPY"),
            cap=Quantity(amount=D(100), unit="JPY"),
        )
        plan = _plan("JPY", tiers=tiers, remedies=(penalty,))
        log = _log(["100", "100", "100"], "925925.25")

        lines = _evaluate(tmp_path, capsys, plan, log, "2026-09-30")

        incentive = _from(lines, "incentive", "inc:")
        assert ["earned", "55557", "JPY,", "provisional", "55557", "JPY"] == (
            incentive[0][-9:-3]
        )
        assert [["18519"]] * 3 == [row[-2:-1] for row in incentive[3:6]]
        assert [
            ["v", "JPY", "-55557", "0", "-55557"],
            ["p", "JPY", "55557", "0", "55557"],
        ] == _from(lines, "party", "unit")[1:3]
