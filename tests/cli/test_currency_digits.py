"""The commands' text rounds money to its currency's minor digits, as documents do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from mutualcommit import (
    Accrual,
    Aggregation,
    Agreement,
    Direction,
    Fund,
    Goal,
    Incentive,
    Metric,
    Observation,
    Party,
    Period,
    Quantity,
    Remedy,
    ResourceAllocation,
    Role,
    Target,
    Tier,
    dump_observations,
    dumps,
)
from mutualcommit.cli import main

D = Decimal


def _target(metric: str, value: str) -> Target:
    return Target(
        metric=metric, value=D(value), direction=Direction.AT_LEAST, per=Period.QUARTER
    )


def agreement(key: str = "gulf") -> Agreement:
    """Return a BHD agreement paying in BHD (three digits) and JPY (none)."""
    return Agreement(
        id=key,
        title="Gulf and Japan",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        currency="BHD",
        parties=(
            Party(id="v", name="Vendor", role=Role.VENDOR),
            Party(id="p", name="Partner", role=Role.PARTNER),
        ),
        metrics=(
            Metric(
                id="deals", name="Deals", unit="count", aggregation=Aggregation.COUNT
            ),
            Metric(id="hours", name="Hours", unit="hour", aggregation=Aggregation.SUM),
            Metric(
                id="bhd", name="Revenue BHD", unit="BHD", aggregation=Aggregation.SUM
            ),
            Metric(
                id="jpy", name="Revenue JPY", unit="JPY", aggregation=Aggregation.SUM
            ),
        ),
        goals=(
            Goal(id="g-deals", title="Deals", target=_target("deals", "2")),
            Goal(id="g-hours", title="Hours", target=_target("hours", "1")),
            Goal(id="g-bhd", title="BHD revenue", target=_target("bhd", "1000.5")),
            Goal(id="g-jpy", title="JPY revenue", target=_target("jpy", "1000000")),
        ),
        allocations=(
            ResourceAllocation(
                id="mdf",
                party="v",
                amount=Quantity(amount=D("3000.125"), unit="BHD"),
                per=Period.QUARTER,
                fund=Fund(
                    accrual=Accrual(rate=D("0.0125"), of="bhd"), roi_metric="bhd"
                ),
            ),
        ),
        incentives=(
            Incentive(
                id="rebate",
                title="BHD rebate",
                payer="v",
                beneficiary="p",
                goal="g-bhd",
                tiers=(Tier(threshold=D(1), rate=D("0.0125"), of="bhd"),),
            ),
            Incentive(
                id="bonus",
                title="JPY bonus",
                payer="v",
                beneficiary="p",
                goal="g-jpy",
                tiers=(Tier(threshold=D(1), rate=D("0.015"), of="jpy"),),
            ),
        ),
        remedies=(
            Remedy(
                id="credit",
                title="BHD credit",
                payer="v",
                beneficiary="p",
                goal="g-deals",
                amount=Quantity(amount=D("10.1255"), unit="BHD"),
            ),
        ),
    )


OBSERVATIONS = (
    Observation(metric="deals", at=dt.date(2026, 2, 1), value=D(1), ref="d1"),
    Observation(metric="hours", at=dt.date(2026, 2, 1), value=D("2.346"), ref="h1"),
    Observation(metric="bhd", at=dt.date(2026, 2, 10), value=D("1234.567"), ref="b1"),
    Observation(metric="jpy", at=dt.date(2026, 2, 10), value=D(1234567), ref="j1"),
)
#: A grant of a fils and a half, and a request of 1000.0126 BHD paid in full.
EVENTS = (
    '{"fund": "mdf", "event": "grant", "at": "2026-03-01", "ref": "G1", "amount": "0.0015"}',
    '{"fund": "mdf", "event": "request", "at": "2026-02-01", "ref": "R1", "amount": "1000.0126", "start": "2026-02-10"}',
    '{"fund": "mdf", "event": "approval", "at": "2026-02-02", "ref": "A1", "request": "R1", "amount": "1000.0126"}',
    '{"fund": "mdf", "event": "claim", "at": "2026-02-20", "ref": "C1", "request": "R1", "amount": "1000.0126", "proof": ["INV-1"]}',
    '{"fund": "mdf", "event": "decision", "at": "2026-02-21", "ref": "D1", "request": "R1", "amount": "1000.0126"}',
    '{"fund": "mdf", "event": "payment", "at": "2026-02-22", "ref": "P1", "request": "R1", "amount": "1000.0126"}',
)


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str, str]:
    """Write the agreement, its observations and its fund log; return their paths."""
    paths = tmp_path / "gulf.json", tmp_path / "obs.jsonl", tmp_path / "fund.jsonl"
    paths[0].write_text(dumps(agreement()), encoding="utf-8")
    paths[1].write_text(dump_observations(OBSERVATIONS), encoding="utf-8")
    paths[2].write_text("\n".join(EVENTS) + "\n", encoding="utf-8")
    return str(paths[0]), str(paths[1]), str(paths[2])


def _output(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    """Run the command line; return its standard output's lines (it must succeed)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert (0, "") == (code, err)
    return out.splitlines()


def _after(lines: list[str], start: str) -> list[list[str]]:
    """Return the words of the lines from the one starting with *start*."""
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    return [line.split() for line in lines[first:]]


class TestEvaluate:
    """evaluate shows fils and whole yen; a count or hours to the hundredth."""

    def test_incentives_and_remedy(
        self, capsys: pytest.CaptureFixture[str], files: tuple[str, str, str]
    ) -> None:
        """15.4320875 BHD is 15.432, 18518.505 JPY is 18519, 10.1255 BHD is 10.126; the totals add the rows."""
        path, observations, _ = files
        lines = _output(capsys, "evaluate", path, observations, "--as-of", "2026-07-15")

        rebate = _after(lines, "incentive rebate")
        bonus = _after(lines, "incentive bonus")
        credit = _after(lines, "remedy credit")
        assert ["earned", "15.432", "BHD,", "provisional", "15.432", "BHD"] == (
            rebate[0][-6:]
        )
        assert ["FY2026-Q1", "123.4", "%", "100", "%", "15.432", "final"] == rebate[3]
        assert ["earned", "18519", "JPY,", "provisional", "18519", "JPY"] == (
            bonus[0][-6:]
        )
        assert ["FY2026-Q1", "123.5", "%", "100", "%", "18519", "final"] == bonus[3]
        # 1 deal short in the first quarter, 2 in the second: 10.1255 and
        # 20.251, each paid in fils; owed in all is the sum of those rows,
        # 10.126 + 20.251, not 3 * 10.1255 rounded (30.376), which no row
        # adds up to.
        assert ["owed", "30.377", "BHD"] == credit[0][-3:]
        # The shortfall is a count of deals, what is owed money.
        assert ["FY2026-Q1", "1", "1", "10.126", "final"] == credit[3]
        assert ["FY2026-Q2", "2", "2", "20.251", "final"] == credit[4]

    def test_targets(
        self, capsys: pytest.CaptureFixture[str], files: tuple[str, str, str]
    ) -> None:
        """A BHD actual keeps its fils; 2.346 hours is 2.35, as before."""
        path, observations, _ = files
        lines = _output(capsys, "evaluate", path, observations, "--as-of", "2026-07-15")

        revenue = _after(lines, "goal g-bhd")
        hours = _after(lines, "goal g-hours")
        assert ["1000.5", "1234.567", "1000.5"] == revenue[3][3:6]
        assert ["163.125", "1234.567"] == [revenue[5][6], revenue[3][10]]
        assert ["1", "2.35", "1"] == hours[3][3:6]


class TestFunds:
    """funds shows a BHD fund's fils, as its document does."""

    def test_window_and_request(
        self, capsys: pytest.CaptureFixture[str], files: tuple[str, str, str]
    ) -> None:
        """A grant of 0.0015 BHD is 0.002, the request 1000.013; the ROI to the hundredth."""
        path, observations, events = files
        lines = _output(
            capsys, "funds", path, events,
            "--observations", observations, "--as-of", "2026-07-15",
        )  # fmt: skip

        assert "fund mdf of v, in BHD" == lines[0]
        # Four quarters of 3000.125, accrued 1234.567 * 0.0125 = 15.4320875,
        # granted 0.0015; available 12015.9335875, 1000.0126 of it paid.
        assert [
            "FY2026", "(open)", "12000.5", "15.432", "0.002", "12015.934",
            "1000.013", "1000.013", "1000.013", "1000.013", "0", "11015.921",
            "8.3", "%", "1.23",
        ] == lines[2].split()  # fmt: skip
        assert ["R1", "paid", "1000.013", "1000.013", "1000.013", "1000.013"] == (
            lines[5].split()[:6]
        )


class TestPortfolio:
    """The portfolio's fund totals are in each currency's digits."""

    def test_summary(
        self,
        capsys: pytest.CaptureFixture[str],
        files: tuple[str, str, str],
        tmp_path: Path,
    ) -> None:
        """Two BHD agreements, one with a fund log: its fils are kept in the totals."""
        _, observations, events = files
        folder = tmp_path / "portfolio"
        folder.mkdir()
        for key in ("gulf", "other"):
            (folder / f"{key}.json").write_text(dumps(agreement(key)), encoding="utf-8")
        streams = []
        for name in (observations, events):
            stream = tmp_path / f"stream-{Path(name).name}"
            lines = Path(name).read_text(encoding="utf-8").splitlines()
            stream.write_text(
                "".join(f'{{"agreement": "gulf", {line[1:]}\n' for line in lines),
                encoding="utf-8",
            )
            streams.append(str(stream))
        code = main(
            [
                "evaluate", str(folder), "--observations", streams[0],
                "--fund-events", streams[1], "--as-of", "2026-07-15",
            ]
        )  # fmt: skip
        out, err = capsys.readouterr()
        lines = out.splitlines()

        # The stream has no line for "other": said, and evaluated all the same.
        assert 0 == code
        assert (
            f"mutualcommit evaluate: {streams[0]}: 1 agreement has no line there, "
            f"evaluated with no observations: other ({folder / 'other.json'})\n"
        ) == err

        # Two funds of 12000.5 a year, one with 15.4320875 accrued, 0.0015
        # granted and 1000.0126 approved, claimed and paid.
        numbers = "BHD 2 24016.434 1000.013 1000.013 1000.013 0 23016.421 4.2 %"
        assert [f"all {numbers}".split(), f"party v {numbers}".split()] == [
            line.split() for line in lines[-2:]
        ]
