"""Scores of sources: Brier, log score, AUC, calibration with the Murphy decomposition, intervals.

Which forecasts count (issue 7): resolved ones whose horizon has ended, so that early "yes"
resolutions do not flatter calibration; a forecast with no stated horizon counts once resolved; a
void one never counts; pledges are no probabilities and are tallied apart (kept / broken / pending).
"partly" counts as an outcome of 0.5 in the Brier and log scores and is left out of the AUC, which
needs two classes. The log score is a loss like Brier (lower is better): −ln of the probability
given to what happened, with probabilities clipped to [0.01, 0.99] so that "virtually impossible"
(0.0) that came true costs ln 100 ≈ 4.6 rather than infinity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from prospects.reality.due_dates import due_date, stated_end
from prospects.reality.views import ForecastView

OUTCOME_VALUES = {"yes": 1.0, "no": 0.0, "partly": 0.5}
LOG_CLIP = 0.01
N_BINS = 10
MIN_RESOLVED = 10
BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_SEED = 20240710
GROUPINGS = ("source", "type", "outlet", "all")

NO_RESOLVED_WARNING = "no resolved forecast"


def outcome_value(outcome: str | None) -> float | None:
    """The number an outcome scores as; None for unresolved and void."""
    return OUTCOME_VALUES.get(outcome) if outcome else None


def brier(probabilities: Sequence[float], outcomes: Sequence[float]) -> float:
    """Mean squared difference between forecast and outcome: 0 is perfect, 0.25 a coin's."""
    p, o = np.asarray(probabilities, float), np.asarray(outcomes, float)
    return float(np.mean((p - o) ** 2))


def log_score(probabilities: Sequence[float], outcomes: Sequence[float]) -> float:
    """Mean −ln(probability given to what happened), probabilities clipped to [0.01, 0.99]."""
    p = np.clip(np.asarray(probabilities, float), LOG_CLIP, 1 - LOG_CLIP)
    o = np.asarray(outcomes, float)
    return float(np.mean(-(o * np.log(p) + (1 - o) * np.log(1 - p))))


# the fewest forecasts of each outcome that make an AUC worth printing
AUC_MIN_EACH = 2


def auc(probabilities: Sequence[float], outcomes: Sequence[float]) -> float | None:
    """Discrimination: the chance that a forecast that came true got a higher probability than
    one that did not (ties count half). None unless each outcome occurs at least AUC_MIN_EACH
    times: from one of each, AUC is 0 or 1 by chance alone. "partly" is left out."""
    pos = [p for p, o in zip(probabilities, outcomes, strict=True) if o == 1.0]
    neg = [p for p, o in zip(probabilities, outcomes, strict=True) if o == 0.0]
    if len(pos) < AUC_MIN_EACH or len(neg) < AUC_MIN_EACH:
        return None
    wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
    return float(wins / (len(pos) * len(neg)))


@dataclass(frozen=True)
class CalibrationBin:
    """Forecasts whose probability fell in [low, high) (the last bin includes 1.0)."""

    low: float
    high: float
    n: int
    mean_probability: float | None
    observed: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "low": self.low,
            "high": self.high,
            "n": self.n,
            "mean_probability": _round(self.mean_probability),
            "observed": _round(self.observed),
        }


def reliability_table(
    probabilities: Sequence[float], outcomes: Sequence[float], bins: int = N_BINS
) -> list[CalibrationBin]:
    """Equal-width probability bins with their count, mean forecast and observed frequency."""
    p, o = np.asarray(probabilities, float), np.asarray(outcomes, float)
    index = np.minimum((p * bins).astype(int), bins - 1) if len(p) else np.array([], int)
    table = []
    for k in range(bins):
        members = index == k
        n = int(members.sum())
        table.append(
            CalibrationBin(
                low=round(k / bins, 6),
                high=round((k + 1) / bins, 6),
                n=n,
                mean_probability=float(p[members].mean()) if n else None,
                observed=float(o[members].mean()) if n else None,
            )
        )
    return table


@dataclass(frozen=True)
class Murphy:
    """Murphy's decomposition over the bins: brier_binned == reliability - resolution + uncertainty.

    `brier_binned` is the Brier score of the forecasts replaced by their bin's mean; it differs from
    the plain Brier score by the spread of forecasts inside each bin. `uncertainty` is the variance
    of the outcomes, ō(1−ō) when every outcome is yes or no.
    """

    reliability: float
    resolution: float
    uncertainty: float
    brier_binned: float

    def to_dict(self) -> dict[str, float]:
        return {
            "reliability": round(self.reliability, 6),
            "resolution": round(self.resolution, 6),
            "uncertainty": round(self.uncertainty, 6),
            "brier_binned": round(self.brier_binned, 6),
        }


def murphy(
    probabilities: Sequence[float], outcomes: Sequence[float], bins: int = N_BINS
) -> Murphy | None:
    """Reliability (lower is better), resolution (higher is better) and uncertainty."""
    o = np.asarray(outcomes, float)
    if len(o) == 0:
        return None
    table = reliability_table(probabilities, outcomes, bins)
    n, base = len(o), float(o.mean())
    filled = [(b.n, b.mean_probability or 0.0, b.observed or 0.0) for b in table if b.n]
    rel = sum(k * (f - obs) ** 2 for k, f, obs in filled) / n
    res = sum(k * (obs - base) ** 2 for k, _, obs in filled) / n
    unc = float(np.mean((o - base) ** 2))
    p = np.asarray(probabilities, float)
    index = np.minimum((p * bins).astype(int), bins - 1)
    means = np.array([table[k].mean_probability or 0.0 for k in index])
    return Murphy(float(rel), float(res), unc, float(np.mean((means - o) ** 2)))


def bootstrap_interval(
    probabilities: Sequence[float],
    outcomes: Sequence[float],
    statistic: Callable[[np.ndarray, np.ndarray], np.ndarray],
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float] | None:
    """Percentile 95% interval of a per-resample statistic, seeded: same data, same interval.

    `statistic` maps (samples × n) arrays of probabilities and outcomes to `samples` values.
    """
    p, o = np.asarray(probabilities, float), np.asarray(outcomes, float)
    if len(p) < 2:
        return None  # one forecast resampled is itself: an interval of zero width says nothing
    rng = np.random.default_rng(seed)
    index = rng.integers(0, len(p), size=(samples, len(p)))
    values = statistic(p[index], o[index])
    low, high = np.percentile(values, [2.5, 97.5])
    return float(low), float(high)


def _brier_rows(p: np.ndarray, o: np.ndarray) -> np.ndarray:
    return np.mean((p - o) ** 2, axis=1)


def _log_rows(p: np.ndarray, o: np.ndarray) -> np.ndarray:
    p = np.clip(p, LOG_CLIP, 1 - LOG_CLIP)
    return np.mean(-(o * np.log(p) + (1 - o) * np.log(1 - p)), axis=1)


def counts(view: ForecastView, today: date) -> bool:
    """Whether a forecast enters the scores (see the module docstring)."""
    if view.kind == "pledge" or view.probability is None:
        return False
    if outcome_value(view.outcome) is None:
        return False
    end = stated_end(view)
    return end is None or end < today


def is_due(view: ForecastView, today: date) -> bool:
    """Whether a scorable forecast should have been resolved by now (the resolution rate's base)."""
    if view.kind == "pledge" or view.probability is None or view.outcome == "void":
        return False
    if counts(view, today):
        return True
    due = due_date(view)
    return due is not None and due < today


@dataclass(frozen=True)
class PledgeTally:
    kept: int = 0
    broken: int = 0
    partly: int = 0
    pending: int = 0
    void: int = 0

    def to_dict(self) -> dict[str, int]:
        return {
            "kept": self.kept,
            "broken": self.broken,
            "partly": self.partly,
            "pending": self.pending,
            "void": self.void,
        }


def tally_pledges(views: Iterable[ForecastView]) -> PledgeTally:
    """Pledges by outcome: yes = kept, no = broken, unresolved = pending."""
    seen: dict[str | None, int] = defaultdict(int)
    for v in views:
        if v.kind == "pledge":
            seen[{"yes": "kept", "no": "broken", None: "pending"}.get(v.outcome, v.outcome)] += 1
    return PledgeTally(**{k: seen[k] for k in ("kept", "broken", "partly", "pending", "void")})


@dataclass(frozen=True)
class GroupScore:
    """The scores of one source, source type or outlet."""

    name: str
    type: str
    forecasts: int
    due: int
    n: int
    resolution_rate: float | None
    brier: float | None
    brier_low: float | None
    brier_high: float | None
    log_score: float | None
    log_low: float | None
    log_high: float | None
    auc: float | None
    murphy: Murphy | None
    bins: tuple[CalibrationBin, ...]
    pledges: PledgeTally
    warning: str | None
    forecast_ids: tuple[str, ...] = field(default=(), repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "forecasts": self.forecasts,
            "due": self.due,
            "n": self.n,
            "resolution_rate": _round(self.resolution_rate),
            "brier": _round(self.brier),
            "brier_low": _round(self.brier_low),
            "brier_high": _round(self.brier_high),
            "log_score": _round(self.log_score),
            "log_low": _round(self.log_low),
            "log_high": _round(self.log_high),
            "auc": _round(self.auc),
            "murphy": self.murphy.to_dict() if self.murphy else None,
            "bins": [b.to_dict() for b in self.bins if b.n],
            "pledges": self.pledges.to_dict(),
            "warning": self.warning,
        }


def group_of(view: ForecastView, by: str) -> tuple[str, str]:
    """(name, type) of the group a forecast belongs to. Sources are grouped by name and type, so
    "U.S. officials" quoted in two articles share one track record."""
    if by == "source":
        return view.source_label, view.source_type
    if by == "type":
        kind = "anonymous group" if view.source_type == "group" and view.anonymous else None
        return kind or view.source_type, "source type"
    if by == "outlet":
        return view.outlet or "(unknown outlet)", "outlet"
    if by == "all":
        return "all sources", "all"
    raise ValueError(f"cannot group by {by!r}: use one of {', '.join(GROUPINGS)}")


def score_group(
    name: str, type_: str, views: Sequence[ForecastView], today: date, seed: int = BOOTSTRAP_SEED
) -> GroupScore:
    """All scores of one group of forecasts, as of `today`."""
    scored = [v for v in views if counts(v, today)]
    ps = [float(v.probability) for v in scored]  # type: ignore[arg-type]
    os = [float(outcome_value(v.outcome)) for v in scored]  # type: ignore[arg-type]
    due = sum(is_due(v, today) for v in views)
    n = len(scored)
    b_int = bootstrap_interval(ps, os, _brier_rows, seed=seed)
    l_int = bootstrap_interval(ps, os, _log_rows, seed=seed)
    if n == 0:
        warning: str | None = NO_RESOLVED_WARNING
    elif n < MIN_RESOLVED:
        warning = f"only {n} resolved forecast{'s' if n > 1 else ''} (under {MIN_RESOLVED})"
    else:
        warning = None
    return GroupScore(
        name=name,
        type=type_,
        forecasts=sum(v.kind != "pledge" for v in views),
        due=due,
        n=n,
        resolution_rate=n / due if due else None,
        brier=brier(ps, os) if n else None,
        brier_low=b_int[0] if b_int else None,
        brier_high=b_int[1] if b_int else None,
        log_score=log_score(ps, os) if n else None,
        log_low=l_int[0] if l_int else None,
        log_high=l_int[1] if l_int else None,
        auc=auc(ps, os),
        murphy=murphy(ps, os),
        bins=tuple(reliability_table(ps, os)),
        pledges=tally_pledges(views),
        warning=warning,
        forecast_ids=tuple(v.id for v in scored),
    )


def score(
    views: Iterable[ForecastView],
    by: str = "source",
    today: date | None = None,
    seed: int = BOOTSTRAP_SEED,
) -> list[GroupScore]:
    """One `GroupScore` per source / source type / outlet (or one for all), most resolved first.

    Every group with a forecast is listed, including those with nothing resolved yet.
    """
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}: use one of {', '.join(GROUPINGS)}")
    today = today or date.today()
    groups: dict[tuple[str, str], list[ForecastView]] = defaultdict(list)
    for v in views:
        groups[group_of(v, by)].append(v)
    rows = [score_group(name, kind, vs, today, seed) for (name, kind), vs in groups.items()]
    return sorted(rows, key=lambda r: (-r.n, -r.forecasts, r.name))


def _round(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else round(x, digits)
