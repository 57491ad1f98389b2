"""One source's track record, as a forecaster's profile page on Metaculus or Good Judgment Open
shows it: the scores of `prospects score`, plus how its Brier score moved as its forecasts were
resolved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from prospects.ledger import ForecastRow, Ledger, SourceRow
from prospects.reality.resolve import view_of
from prospects.reality.scoring import GroupScore, counts, outcome_value, score_group


@dataclass(frozen=True)
class BrierPoint:
    """After the `n`-th scored forecast was resolved (`on`), the source's Brier score so far."""

    on: date
    n: int
    brier: float

    def to_dict(self) -> dict[str, Any]:
        return {"on": self.on.isoformat(), "n": self.n, "brier": round(self.brier, 4)}


@dataclass(frozen=True)
class TrackRecord:
    source: SourceRow
    forecasts: tuple[ForecastRow, ...]
    score: GroupScore
    over_time: tuple[BrierPoint, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.to_dict(),
            "score": self.score.to_dict(),
            "brier_over_time": [p.to_dict() for p in self.over_time],
            "forecasts": [f.to_dict() for f in self.forecasts],
        }


def track_record(
    ledger: Ledger, source: SourceRow, today: date | None = None, limit: int | None = None
) -> TrackRecord:
    """The scores of `source` over all its forecasts (the first `limit` of them are listed)."""
    today = today or date.today()
    rows = list(ledger.iter_forecasts(source=source.id))
    views = [view_of(r) for r in rows]
    label = source.name or source.type
    scored = [v for v in views if counts(v, today)]
    resolved_on: list[tuple[date, float, float]] = []
    for v in scored:
        entries = ledger.resolutions(v.id)
        if entries:
            outcome = outcome_value(v.outcome)
            assert v.probability is not None and outcome is not None
            resolved_on.append((entries[-1].on, v.probability, outcome))
    points, total = [], 0.0
    for n, (on, p, o) in enumerate(sorted(resolved_on, key=lambda t: t[0]), start=1):
        total += (p - o) ** 2
        points.append(BrierPoint(on, n, total / n))
    shown = tuple(rows if limit is None else rows[:limit])
    return TrackRecord(source, shown, score_group(label, source.type, views, today), tuple(points))
