"""Resolution over the ledger: record, supersede, verify, list what is due, apply rules, accept
question matches, and score. Every function takes a `Ledger`; the pure work is in the sibling
modules (chain, indicators, questions, scoring).

A resolution is never changed or removed: a later entry for the same forecast supersedes it, and
`history()` shows them all, with the forecast's corrections (corrections.py) in the same log.
Each entry is sealed into the hash chain before it is appended.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from pathlib import Path

from prospects.ledger import ForecastRow, Ledger
from prospects.reality import chain
from prospects.reality.due_dates import due_date, stated_end
from prospects.reality.indicators import RuleOutcome, RuleSkip, apply_rules, load_rules
from prospects.reality.outcomes import OutcomeError, check_outcome
from prospects.reality.questions import (
    MIN_SCORE,
    QuestionMatch,
    load_questions,
    match_questions,
    resolution_from_question,
)
from prospects.reality.scoring import GroupScore, score
from prospects.reality.views import VIEW_COLUMNS, ForecastView
from prospects.records import Correction, Resolution


class ResolveError(ValueError):
    """A resolution that cannot be recorded; the message is one line. `need` names what is
    missing or wrong when it is one thing the caller gives: "outcome", "reason", "evidence",
    "by" (who resolves) or "question" (a platform question not loaded)."""

    def __init__(self, message: str, need: str | None = None) -> None:
        super().__init__(message)
        self.need = need


def view_of(row: ForecastRow) -> ForecastView:
    """The flat view reality works on, from a ledger row: each view field is the flat export's
    column of that name (or of the name in `VIEW_COLUMNS`)."""
    flat = row.flat()
    return ForecastView(
        **{f.name: flat[VIEW_COLUMNS.get(f.name, f.name)] for f in fields(ForecastView)}
    )


def capture_of(row: ForecastRow) -> str:
    """The capture hash of a forecast as the ledger holds it now."""
    hz = row.horizon
    return chain.capture_hash(
        row.text, row.probability, hz.start if hz else None, hz.end if hz else None
    )


def _check_who(by: str) -> None:
    if not by.strip():
        raise ResolveError("a resolution needs the name of who resolves it", need="by")


def _row(ledger: Ledger, forecast_id: str) -> ForecastRow:
    row = ledger.forecast(forecast_id)
    if row is None:
        raise ResolveError(f"no forecast {forecast_id!r} in the ledger")
    return row


def record(ledger: Ledger, entry: Resolution, row: ForecastRow | None = None) -> Resolution:
    """Seal `entry` after the log's last hash (with the forecast's capture hash) and append it.

    Sealed again when another writer appended first (`Ledger.retrying`), so the chain never
    forks.
    """
    row = row or _row(ledger, entry.forecast_id)
    entry = dataclasses.replace(
        entry,
        forecast_id=row.id,
        capture_hash=capture_of(row),
        recorded_at=entry.recorded_at or datetime.now(UTC),
    )

    def append() -> Resolution:
        return ledger.append_resolution(chain.seal(entry, ledger.last_resolution_hash()))

    return ledger.retrying(append)


def resolve(
    ledger: Ledger,
    forecast_id: str,
    outcome: str,
    evidence: str,
    by: str,
    on: date | None = None,
    reason: str | None = None,
) -> Resolution:
    """Record a manual resolution. A conditional forecast whose condition did not occur is void
    (reason "condition never met"), not wrong."""
    try:
        word = check_outcome(outcome, reason)
    except OutcomeError as exc:
        raise ResolveError(str(exc), exc.need) from None
    if not evidence.strip():
        raise ResolveError("a resolution needs evidence (a text or a URL)", need="evidence")
    _check_who(by)
    row = _row(ledger, forecast_id)
    entry = Resolution(
        forecast_id=row.id,
        outcome=word,
        evidence=evidence.strip(),
        by=by.strip(),
        on=on or date.today(),
        reason=reason.strip() if reason else None,
        method="manual",
    )
    return record(ledger, entry, row)


@dataclass(frozen=True)
class History:
    """A forecast (as corrected) and its log entries, resolutions and corrections together,
    oldest first; the last resolution is in force."""

    forecast: ForecastRow
    entries: tuple[Resolution | Correction, ...]

    @property
    def resolutions(self) -> tuple[Resolution, ...]:
        return tuple(e for e in self.entries if isinstance(e, Resolution))

    @property
    def corrections(self) -> tuple[Correction, ...]:
        return tuple(e for e in self.entries if isinstance(e, Correction))

    @property
    def current(self) -> Resolution | None:
        """The resolution in force: the latest."""
        resolutions = self.resolutions
        return resolutions[-1] if resolutions else None


def history(ledger: Ledger, forecast_id: str) -> History:
    row = _row(ledger, forecast_id)
    return History(row, _in_log_order(ledger.resolutions(row.id), ledger.corrections(row.id)))


def _in_log_order(
    resolutions: Iterable[Resolution], corrections: Iterable[Correction]
) -> tuple[Resolution | Correction, ...]:
    entries: list[Resolution | Correction] = [*resolutions, *corrections]
    return tuple(sorted(entries, key=lambda e: e.seq or 0))


def verify(ledger: Ledger) -> list[chain.ChainProblem]:
    """Check the whole log: links, hashes, and forecasts changed after they were resolved (other
    than by a correction recorded in the log)."""
    corrections = ledger.corrections()
    entries = _in_log_order(ledger.resolutions(), corrections)
    rows: dict[str, ForecastRow] = {}
    problems: list[chain.ChainProblem] = []
    for forecast_id in dict.fromkeys(e.forecast_id for e in entries):
        row = ledger.forecast(forecast_id)
        if row is None:
            problems.append(chain.ChainProblem(None, forecast_id, "the forecast is gone"))
        else:
            rows[forecast_id] = row
    fixed: dict[str, list[Correction]] = {}
    for c in corrections:
        fixed.setdefault(c.forecast_id, []).append(c)

    def capture(entry: Resolution) -> str | None:
        row = rows.get(entry.forecast_id)
        if row is None:
            return None
        later = [c for c in fixed.get(row.id, ()) if (c.seq or 0) > (entry.seq or 0)]
        if not later:
            return capture_of(row)
        hz = row.horizon
        return chain.capture_before(
            row.text,
            row.probability,
            hz.start if hz else None,
            hz.end if hz else None,
            later,
        )

    return chain.verify(entries, capture) + problems


@dataclass(frozen=True)
class DueForecast:
    forecast: ForecastView
    due: date
    default_window: bool  # the horizon stated no end: a default window was used


def due(ledger: Ledger, today: date | None = None, no_horizon: bool = False) -> list[DueForecast]:
    """Unresolved forecasts whose horizon has ended, oldest first; vague horizons use their
    default window; forecasts with no horizon at all only with `no_horizon`."""
    today = today or date.today()
    found = []
    for row in ledger.iter_forecasts(unresolved=True):
        view = view_of(row)
        end = stated_end(view)
        when = end if end is not None else (due_date(view) if no_horizon else None)
        if when is not None and when < today:
            found.append(DueForecast(view, when, view.horizon_end is None))
    return sorted(found, key=lambda d: (d.due, d.forecast.id))


@dataclass
class RulesReport:
    """What applying a rule file did."""

    recorded: list[Resolution] = field(default_factory=list)
    unchanged: list[RuleOutcome] = field(default_factory=list)
    kept: list[tuple[RuleOutcome, Resolution]] = field(default_factory=list)
    skipped: list[RuleSkip] = field(default_factory=list)
    planned: list[RuleOutcome] = field(default_factory=list)


def apply_rule_file(
    ledger: Ledger,
    path: str | Path,
    today: date | None = None,
    dry_run: bool = False,
    supersede: bool = False,
) -> RulesReport:
    """Validate the whole rule file, decide every matched forecast, then record the outcomes.

    Re-applying the same file records nothing new (an identical latest entry is `unchanged`). A
    forecast already resolved by someone else is `kept` as it is unless `supersede`.
    """
    rules = load_rules(path)  # raises RuleError before anything is recorded
    views = [view_of(r) for r in ledger.iter_forecasts()]
    outcomes, skips = apply_rules(rules, views, today)
    report = RulesReport(skipped=skips, planned=outcomes)
    latest = {e.forecast_id: e for e in ledger.resolutions()}
    for o in outcomes:
        before = latest.get(o.forecast_id)
        if before is not None and (before.outcome, before.evidence) == (o.outcome, o.evidence):
            report.unchanged.append(o)
            continue
        if before is not None and before.by != o.by and not supersede:
            report.kept.append((o, before))
            continue
        if dry_run:
            continue
        entry = Resolution(
            forecast_id=o.forecast_id,
            outcome=o.outcome,
            evidence=o.evidence,
            by=o.by,
            on=o.on,
            reason=o.reason,
            method=o.method,
        )
        report.recorded.append(record(ledger, entry))
        latest[o.forecast_id] = report.recorded[-1]
    return report


def load_question_file(ledger: Ledger, path: str | Path) -> int:
    """Load a platform question JSONL into the ledger: all of it, or nothing if a line is bad."""
    return ledger.load_questions(load_questions(path))


def match(
    ledger: Ledger, top: int = 3, min_score: float = MIN_SCORE, forecast_id: str | None = None
) -> list[QuestionMatch]:
    """Question proposals for the unresolved forecasts (or one forecast), without the pairs a
    person rejected (`Ledger.reject_match`)."""
    questions = ledger.questions()
    if forecast_id is not None:
        rows: Iterable[ForecastRow] = [_row(ledger, forecast_id)]
    else:
        rows = ledger.iter_forecasts(unresolved=True)
    return match_questions(
        [view_of(r) for r in rows],
        questions,
        top=top,
        min_score=min_score,
        rejected=ledger.rejected_matches(),
    )


def accept(
    ledger: Ledger, forecast_id: str, question_id: str, by: str, invert: bool = False
) -> Resolution:
    """Turn a proposed match into a resolution citing the question."""
    _check_who(by)
    row = _row(ledger, forecast_id)
    question = next((q for q in ledger.questions() if q.id == question_id), None)
    if question is None:
        raise ResolveError(f"no question {question_id!r} in the ledger", need="question")
    return record(ledger, resolution_from_question(view_of(row), question, by, invert), row)


def scores(
    ledger: Ledger, by: str = "source", today: date | None = None
) -> tuple[list[GroupScore], list[ForecastView]]:
    """Scores per group over the whole ledger, and the views they were computed from."""
    views = [view_of(r) for r in ledger.iter_forecasts()]
    return score(views, by=by, today=today), views
