"""``mutualcommit evaluate FILE OBSERVATIONS --as-of DATE``: the scorecard.

The observations may be named ``--observations OBSERVATIONS`` instead, as
the other commands name them.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from mutualcommit.kpi import (
    IncentiveResult,
    RemedyResult,
    Scorecard,
    Standing,
    TargetResult,
    WindowResult,
    evaluate,
    receipt,
    scorecard_to_dict,
)
from mutualcommit.kpi._settled import (
    settled_incentive,
    settled_position,
    settled_remedy,
)
from mutualcommit.kpi._windows import term_target
from mutualcommit.model import (
    Agreement,
    Incentive,
    Remedy,
    decimal_context,
    decimal_text,
)
from mutualcommit.model._shown import selection_pairs
from mutualcommit.render._words import measure_sentence
from mutualcommit.rules._rule import english_list

from . import _numbers, _portfolio
from ._funds import text as funds_text
from ._io import (
    CommandError,
    Inputs,
    WrongLogError,
    about_observations,
    day,
    inert,
    read_agreement,
    read_fund_events,
    read_observations,
    refuse_logs_as_agreements,
    refuse_shared_stdin,
    terms_line,
)
from ._table import table

__all__ = ["add_parser", "run"]

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``evaluate`` command to *subparsers*."""
    parser = subparsers.add_parser(
        "evaluate",
        help="evaluate an agreement's goals and pledges against observations",
        description=(
            "Evaluate every goal and every party's pledges with a target "
            "against the observations, as of the end of --as-of: per window "
            "the target, actual, expected, attainment, pace, forecast and "
            "standing. Exit status: 0 when evaluated, 2 when an input is "
            "missing or cannot be read."
        ),
    )
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=(
            "the agreement, a JSON document ('-' reads standard input); "
            "several files or a directory evaluate a portfolio"
        ),
    )
    # Without --observations the last name is the observations, whichever
    # of these argparse gave it to (see `_observations_named`).
    parser.add_argument(
        "observations",
        nargs="?",
        metavar="OBSERVATIONS",
        help=(
            "the observations, JSON Lines ('-' reads standard input), after "
            'the files; for a portfolio, each line with an "agreement" key'
        ),
    )
    parser.add_argument(
        "--observations",
        dest="observations_file",
        metavar="FILE",
        help=(
            "the observations, named as the other commands name them; "
            "then every FILE is an agreement"
        ),
    )
    parser.add_argument(
        "--as-of",
        type=day,
        required=True,
        metavar="DATE",
        help="the day to evaluate as of, YYYY-MM-DD (its end)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="tables for people (default), the full scorecard as JSON for programs",
    )
    parser.add_argument(
        "--fund-events",
        metavar="FILE",
        help=(
            "the fund log, JSON Lines, so that the scorecard shows each fund's "
            "ledger (over many agreements, one stream whose lines name their "
            "agreement)"
        ),
    )
    _portfolio.add_portfolio_arguments(parser)
    # FILE ... OBSERVATIONS may also follow the options (see `main`).
    parser.set_defaults(files_anywhere=True)


def run(args: argparse.Namespace) -> int:
    """Evaluate the agreement in ``args.files`` and print its scorecard.

    Several files or a directory make a portfolio, which the
    portfolio command line evaluates.

    The observations are the last file named, or the file named by
    ``--observations`` (as ``check``, ``exceptions`` and ``funds`` name
    them), when every file before is an agreement.

    Returns:
        0.

    Raises:
        CommandError: When the observations are not named, when both
            inputs are standard input, or when a file named as an agreement
            is a log (one named as JSON Lines, or given as a log too).
        FormatError: When a file is not a valid agreement or observation stream.
        InvalidAgreementError: When the agreement breaks an invariant.
        InvalidObservationsError: When an observation names an unknown metric
            or retracts without a ref.
        InputFilesError: When more than one input file fails: each one's error.
        OSError: When a file cannot be read.
    """
    _name_observations(args)
    refuse_logs_as_agreements(
        args.files,
        [
            (
                "OBSERVATIONS" if args.observations_file is None else "--observations",
                args.observations,
            ),
            ("--fund-events", args.fund_events),
        ],
        (
            "the observations are the last file named, or the one --observations names"
            if args.observations_file is None
            else "with --observations, every FILE is an agreement"
        ),
    )
    refuse_shared_stdin(
        [
            ("FILE", "-" if "-" in args.files else None),
            ("OBSERVATIONS", args.observations),
            ("--fund-events", args.fund_events),
        ]
    )
    if _portfolio.is_portfolio(args):
        return _portfolio.run_evaluate_many(args)
    (file,) = args.files
    # Every file is read, so that one run names the problems of each.
    inputs = Inputs()
    agreement = inputs.read(read_agreement, file)
    read = inputs.read(
        read_observations,
        args.observations,
        agreement,
        named="OBSERVATIONS" if args.observations_file is None else "--observations",
        many=True,
    )
    fund_events = None
    if args.fund_events is not None:
        fund_events = inputs.read(
            read_fund_events, args.fund_events, agreement, args.as_of, many=True
        )
    inputs.done()
    assert agreement is not None  # noqa: S101 - done() raised otherwise
    assert read is not None  # noqa: S101 - done() raised otherwise
    observations, lines = read
    with about_observations(args.observations, lines, observations, agreement):
        scorecard = evaluate(
            agreement, observations, as_of=args.as_of, fund_events=fund_events
        )
    # With the fund log the scorecard carries its ledgers: the receipt covers it.
    proof = receipt(scorecard, observations, fund_events)
    if args.format == "json":
        document = scorecard_to_dict(scorecard)
        document["receipt"] = proof
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print(text(scorecard))
        if scorecard.funds:
            print()
            print(funds_text(scorecard.funds))
        print()
        print(f"receipt: {proof}")
    return 0


def _name_observations(args: argparse.Namespace) -> None:
    """Set ``args.files`` and ``args.observations`` from the names given.

    The names are read in command-line order: the files argparse placed
    before the first option, the OBSERVATIONS positional when a Python's
    argparse kept it for a name after an option (newer ones do), and
    the names `main` found after the options (``args.later``). With
    ``--observations`` every name is an agreement; without it the last
    name is the observations, which a directory is not.

    Raises:
        CommandError: When there are no observations.
        WrongLogError: When the last name, without ``--observations``, is
            a directory: the observations were not given.
    """
    names: list[str] = [*args.files]
    if args.observations is not None:
        names.append(args.observations)
    names.extend(getattr(args, "later", ()))
    if args.observations_file is not None:
        args.files, args.observations = names, args.observations_file
        return
    if len(names) < 2:  # noqa: PLR2004 - an agreement and its observations
        msg = (
            "no observations: name them after the agreement "
            "(FILE OBSERVATIONS) or with --observations FILE"
        )
        raise CommandError(msg)
    args.files, args.observations = names[:-1], names[-1]
    if args.observations not in {"-", ""} and Path(args.observations).is_dir():
        raise WrongLogError(
            args.observations,
            "a directory, not JSON Lines",
            "the observations are the last file named, or the one --observations names",
        )


# -- text ---------------------------------------------------------------------


def _standing(standing: Standing) -> str:
    return standing.value.replace("_", " ")


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], indent: str
) -> list[str]:
    """Align *rows* under *header*: text columns left, number columns right."""
    numeric = [
        all(
            cell == _numbers.NONE or cell[:1].isdigit() or cell[:1] == "-"
            for cell in column
        )
        for column in zip(*rows, strict=True)
    ]
    return table(header, rows, right=numeric, indent=indent)


_WINDOW_HEADER = (
    "window",
    "start",
    "end",
    "target",
    "actual",
    "expected",
    "attainment",
    "pace",
    "forecast",
    "standing",
)


def _window_row(window: WindowResult, unit: str | None, marker: str = "") -> list[str]:
    """Write a window's figures, in *unit* (its metric's, or None)."""
    return [
        marker + window.label,
        window.start.isoformat(),
        window.end.isoformat(),
        _numbers.amount(window.target, unit),
        _numbers.amount(window.actual, unit),
        _numbers.amount(window.expected, unit),
        _numbers.percent(window.attainment),
        _numbers.percent(window.pace),
        _numbers.amount(window.forecast, unit),
        _standing(window.standing),
    ]


def _metric_unit(agreement: Agreement, metric_id: str) -> str | None:
    """Return the unit of the metric *metric_id*, or None when there is none."""
    metric = next((m for m in agreement.metrics if m.id == metric_id), None)
    return None if metric is None else metric.unit


#: English unit words, singular and plural; a count is the metric's own name.
_UNIT_WORDS = {
    "day": ("day", "days"),
    "hour": ("hour", "hours"),
    "fte": ("FTE", "FTE"),
}


def _amount_words(value: Decimal, unit: str) -> str:
    """Say an amount in English: ``24``, ``3 days``, ``1 hour``, ``20%``, ``400000 EUR``."""
    text = decimal_text(value)
    if unit == "count":
        return text
    if unit == "percent":
        return f"{text}%"
    singular, plural = _UNIT_WORDS.get(unit, (unit, unit))
    return f"{text} {singular if value == 1 else plural}"


def _agreed_percent(ratio: Decimal) -> str:
    """Write a ratio the parties agreed in percent, every digit: ``1.0005`` → ``100.05 %``."""
    return f"{decimal_text(decimal_context().multiply(ratio, _HUNDRED))} %"


def _describe_target(agreement: Agreement, result: TargetResult) -> str:
    """Word a target as the agreement's document does, in the table's numbers.

    The target as it applies in the term (`term_target`), in the sentence a
    document states it with (`measure_sentence`: "each week" for ISO
    weeks, "each fiscal quarter", "by 2026-09-30", "at the end of the term"
    for a level), then its ``where``, each step ("from 2026-05-01: 30")
    and its baseline, as the document lists them. Amounts are written as
    the table writes them (``400000 EUR``), dates in ISO form.
    """
    target = term_target(result.target, agreement.start, agreement.end)
    metric = next((m for m in agreement.metrics if m.id == target.metric), None)
    unit = metric.unit if metric is not None else "count"
    words = measure_sentence(target, metric).format(
        metric=inert(metric.name) if metric is not None else target.metric,
        amount=_amount_words(target.value, unit),
        due=target.due.isoformat() if target.due is not None else "",
    )
    if target.where:
        # As a document words it: each name and value exactly, the pairs
        # joined as an English list ("region = emea and segment = smb").
        words += " where " + english_list(
            [inert(pair) for pair in selection_pairs(target.where, " = ")]
        )
    parts = [words]
    parts += [
        f"from {step.starting.isoformat()}: {_amount_words(step.value, unit)}"
        for step in target.steps
    ]
    if target.baseline is not None:
        parts.append(f"baseline: {_amount_words(target.baseline, unit)}")
    return "; ".join(parts)


def _result_block(agreement: Agreement, result: TargetResult, title: str) -> list[str]:
    lines = [
        f"{title} — {_standing(result.standing)}",
        f"  {_describe_target(agreement, result)}",
    ]
    unit = _metric_unit(agreement, result.target.metric)
    rows = [
        _window_row(w, unit, "* " if w is result.current else "  ")
        for w in result.windows
    ]
    lines += _table(_WINDOW_HEADER, rows, "  ")
    return lines


def _basis_windows(
    scorecard: Scorecard, basis: Incentive | Remedy
) -> tuple[WindowResult, ...]:
    """Return the windows of the target an incentive rewards or a remedy follows."""
    try:
        if basis.goal is not None:
            return scorecard.goal(basis.goal).windows
        return scorecard.contribution(str(basis.contribution)).windows
    except KeyError:
        return ()


def _basis_unit(scorecard: Scorecard, basis: Incentive | Remedy) -> str | None:
    """Return the unit of the metric an incentive rewards or a remedy follows."""
    try:
        if basis.goal is not None:
            result = scorecard.goal(basis.goal)
        else:
            result = scorecard.contribution(str(basis.contribution))
    except KeyError:
        return None
    return _metric_unit(scorecard.agreement, result.target.metric)


def _incentive_block(
    scorecard: Scorecard, incentive: Incentive, result: IncentiveResult
) -> list[str]:
    """Word one incentive: its earnings or level, then a row per window."""
    if incentive.goal is not None:
        basis = f"goal {incentive.goal}"
    else:
        basis = f"contribution {incentive.contribution}"
    # Each window's payout as it is paid, in the currency's minor unit, and
    # the totals the sums of those rows.
    payouts = settled_incentive(result, incentive.cap)
    if payouts is None or result.unit is None:
        summary = f"status {inert(result.status) if result.status else 'none yet'}"
    else:
        summary = (
            f"earned {_numbers.amount(payouts.earned, result.unit)} {result.unit}, "
            f"provisional {_numbers.amount(payouts.provisional, result.unit)} "
            f"{result.unit}"
        )
        if incentive.cap is not None:
            summary += (
                f" (cap {_numbers.amount(incentive.cap.amount, incentive.cap.unit)} "
                f"{incentive.cap.unit})"
            )
    lines = [
        f"incentive {incentive.id}: {inert(incentive.title)} — {summary}",
        f"  {incentive.payer} rewards {incentive.beneficiary} for {basis}",
    ]
    if not result.windows:
        lines.append("  no windows: what it rewards has no target")
        return lines
    windows = _basis_windows(scorecard, incentive)
    # Never an attainment that contradicts the tier: on each threshold's side.
    thresholds = [tier.threshold for tier in incentive.tiers]
    rows = []
    for i, (basis_window, window) in enumerate(
        zip(windows, result.windows, strict=True)
    ):
        attainment = _numbers.percent(window.attainment, thresholds)
        if basis_window.standing is Standing.NOT_STARTED:
            state, attainment = "not started", _numbers.NONE
        else:
            state = "provisional" if window.provisional else "final"
        tier = (
            _numbers.NONE
            if window.tier is None
            else _agreed_percent(incentive.tiers[window.tier].threshold)
        )
        reward = (
            _numbers.amount(payouts.windows[i], result.unit)
            if payouts is not None
            else inert(window.status or "")
        )
        rows.append([window.label, attainment, tier, reward or _numbers.NONE, state])
    header = (
        "window",
        "attainment",
        "tier",
        "payout" if result.unit is not None else "status",
        "state",
    )
    lines += _table(header, rows, "  ")
    return lines


def text(scorecard: Scorecard) -> str:
    """Return *scorecard* as plain-text tables: a summary, each goal, each party.

    Then each incentive: its earned and provisional payouts (or its status)
    and per window the tier reached (its threshold in full), the payout or status
    and whether it is final, provisional or not started. Numbers are
    rounded for display only: money to its currency's minor digits (cents,
    whole yen, fils), other amounts to the hundredth, shares to a tenth of
    a percent, with more places where a value would otherwise read on the
    wrong side of what it was judged by (an attainment beside a tier's
    threshold, a shortfall beside the grace). ``*`` marks each target's
    current window. Then each remedy: what is owed after the cap, the
    termination right once it has arisen, and per window the shortfall,
    its charged part and what is owed. Last, the net positions: per party
    that pays or receives money by an incentive or a remedy, and per
    currency, its rewards, its remedies and the difference over the closed
    windows. Each window's money is settled, rounded to its currency's
    minor unit as it is paid, and every total is the sum of the rows shown.
    """
    agreement = scorecard.agreement
    counts = ", ".join(
        f"{n} {_standing(standing)}" for standing, n in scorecard.counts.items() if n
    )
    lines = [
        f"{inert(agreement.title)} ({agreement.id}) as of {scorecard.as_of.isoformat()}",
        terms_line(agreement),
        f"overall attainment: {_numbers.percent(scorecard.overall_attainment)}",
        f"goals: {counts or 'none with a target'}",
    ]
    titles = {goal.id: inert(goal.title) for goal in agreement.goals}
    for result in scorecard.goals:
        lines.append("")
        lines += _result_block(
            agreement, result, f"goal {result.id}: {titles[result.id]}"
        )
    pledges = {c.id: inert(c.title) for c in agreement.contributions}
    for party in agreement.parties:
        lines += ["", f"party {party.id}: {inert(party.name)} ({party.role.value})"]
        results = scorecard.party(party.id)
        if not results:
            lines.append("  no pledge with a target")
            continue
        header = ("contribution", *_WINDOW_HEADER)
        rows = [
            [
                result.id,
                *_window_row(
                    result.current, _metric_unit(agreement, result.target.metric)
                ),
            ]
            for result in results
        ]
        lines += _table(header, rows, "  ")
        lines += [f"    {r.id}: {pledges[r.id]}" for r in results]
    for incentive, earned in zip(
        agreement.incentives, scorecard.incentives, strict=True
    ):
        lines.append("")
        lines += _incentive_block(scorecard, incentive, earned)
    for remedy in scorecard.remedies:
        lines.append("")
        lines += _remedy_block(scorecard, remedy)
    lines += _positions_block(scorecard)
    return "\n".join(lines)


def _positions_block(scorecard: Scorecard) -> list[str]:
    """Tabulate each party's net position per currency; nothing when none has one."""
    rows = []
    for party in scorecard.agreement.parties:
        # The sums of the settled rows the incentives and remedies show.
        for unit, (rewards, remedies) in settled_position(scorecard, party.id).items():
            rows.append(
                [
                    party.id,
                    unit,
                    _numbers.amount(rewards, unit),
                    _numbers.amount(remedies, unit),
                    _numbers.amount(
                        decimal_context().subtract(rewards, remedies), unit
                    ),
                ]
            )
    if not rows:
        return []
    header = ("party", "unit", "rewards", "remedies", "net")
    return [
        "",
        "net positions over the closed windows (rewards less remedies)",
        *_table(header, rows, "  "),
    ]


def _remedy_block(scorecard: Scorecard, result: RemedyResult) -> list[str]:
    """Word one remedy: what is owed in all, then a row per window."""
    remedy = next(r for r in scorecard.agreement.remedies if r.id == result.remedy)
    basis = (
        f"goal {remedy.goal}"
        if remedy.goal is not None
        else f"contribution {remedy.contribution}"
    )
    unit = result.unit or ""
    # What each closed window owes as it is paid, and in all their sum.
    due = settled_remedy(result, remedy.limit)
    owed = result.capped if due is None else due.capped
    summary = f"owed {_numbers.amount(owed, result.unit)} {unit}".rstrip()
    limit = remedy.limit
    if limit is not None:
        summary += f" (cap {_numbers.amount(limit.amount, limit.unit)} {limit.unit})"
    lines = [
        f"remedy {remedy.id}: {inert(remedy.title)} — {summary}",
        f"  {remedy.payer} owes {remedy.beneficiary} for misses of {basis}",
    ]
    if result.termination is not None:
        lines.append(f"  {remedy.beneficiary} may terminate since {result.termination}")
    if not result.windows:
        lines.append("  no windows: what it follows has no target")
        return lines
    started = {
        w.label: w.standing is not Standing.NOT_STARTED
        for w in _basis_windows(scorecard, remedy)
    }
    # The shortfall is in the basis metric's unit, what is owed in money. A
    # shortfall reads on its side of the grace and of 0, and what is charged
    # on its side of 0, as they were judged: never "charged 0" for a breach.
    measured = _basis_unit(scorecard, remedy)
    rows = [
        [
            w.label,
            _numbers.amount(w.shortfall, measured, (_ZERO, remedy.grace)),
            _numbers.amount(w.charged, measured, (_ZERO,)),
            _numbers.amount(w.capped if due is None else due.windows[i], result.unit),
            ("final" if w.shortfall is not None else "no data")
            if w.closed
            else "open"
            if started.get(w.label, True)
            else "not started",
        ]
        for i, w in enumerate(result.windows)
    ]
    header = ("window", "shortfall", "charged", "owed", "state")
    lines += _table(header, rows, "  ")
    return lines
