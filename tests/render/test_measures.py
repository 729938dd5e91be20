"""Computed metrics, weekly targets and closed-window counts read in every language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from mutualcommit import Agreement, Period, evaluate, load_observations, loads
from mutualcommit.render import render

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "manufacturer"


@pytest.fixture(scope="module")
def bolt() -> Agreement:
    """The manufacturer example agreement."""
    return loads((EXAMPLE / "agreement.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("locale", "ratio", "otif", "closed"),
    [
        (
            "en",
            "Units shipped ÷ Units ordered",
            "on time and in full",
            "Closed windows",
        ),
        (
            "de",
            "Units shipped ÷ Units ordered",
            "pünktlich und vollständig",
            "Abgeschlossene Zeiträume",
        ),
        (
            "fr",
            "Units shipped ÷ Units ordered",
            "à temps et complètes",
            "Périodes closes",
        ),
        (
            "es",
            "Units shipped ÷ Units ordered",
            "a tiempo y completos",
            "Periodos cerrados",
        ),
        ("ja", "Units shipped ÷ Units ordered", "納期どおり全量納品", "終了した期間"),
    ],
)
def test_documents(
    bolt: Agreement, locale: str, ratio: str, otif: str, closed: str
) -> None:
    """The agreement says how fill rate and OTIF are computed; the scorecard counts closed windows."""
    log = load_observations(
        (EXAMPLE / "observations.jsonl").read_text(encoding="utf-8")
    )
    terms = render(bolt, locale=locale)
    card = render(evaluate(bolt, log, as_of=dt.date(2026, 11, 27)), locale=locale)

    assert ratio in terms
    assert otif in terms
    assert closed in card


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", "each week"),
        ("de", "je Woche"),
        ("fr", "par semaine"),
        ("es", "cada semana"),
        ("ja", "毎週"),
    ],
)
def test_weekly_target(bolt: Agreement, locale: str, words: str) -> None:
    """A weekly target says so, and its windows are ISO weeks."""
    goal = bolt.goals[1]
    assert goal.target is not None
    weekly = attrs.evolve(
        goal, target=attrs.evolve(goal.target, per=Period.WEEK, steps=())
    )
    agreement = attrs.evolve(bolt, goals=(bolt.goals[0], weekly, *bolt.goals[2:]))
    text = render(agreement, locale=locale)

    assert words in text
    assert "2026-W14" in text
