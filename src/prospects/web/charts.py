"""The track record's two charts as SVG coordinates, drawn by the template with no script: a
calibration diagram (forecast probability against how often it came true, one dot per bin,
its size by count) and the Brier score as forecasts were resolved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from prospects.reality.scoring import CalibrationBin
from prospects.reality.track_record import BrierPoint

SIZE = 240  # the plot's side in SVG units, inside a margin
MARGIN = 30


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    label: str


def _at(p: float) -> float:
    return MARGIN + p * SIZE


def _up(p: float) -> float:
    return MARGIN + (1 - p) * SIZE


def calibration(bins: Sequence[CalibrationBin]) -> list[Dot]:
    used = [b for b in bins if b.n and b.mean_probability is not None and b.observed is not None]
    most = max((b.n for b in used), default=1)
    return [
        Dot(
            _at(b.mean_probability),  # type: ignore[arg-type]
            _up(b.observed),  # type: ignore[arg-type]
            3 + 9 * (b.n / most) ** 0.5,
            f"{b.low:.0%}–{b.high:.0%}: said {b.mean_probability:.0%}, "
            f"came true {b.observed:.0%} (n = {b.n})",
        )
        for b in used
    ]


def brier_dots(points: Sequence[BrierPoint]) -> list[Dot]:
    """One dot per resolution, x by order of resolution (a lone one in the middle), y by the
    Brier score so far (0, perfect, at the top; 0.25 is what always saying 50% scores)."""
    last = len(points) - 1
    return [
        Dot(
            _at(i / last if last else 0.5),
            _up(1 - p.brier),
            3,
            f"{p.on}: Brier {p.brier:.2f} after {p.n} resolved",
        )
        for i, p in enumerate(points)
    ]


def brier_line(points: Sequence[BrierPoint]) -> str:
    """The polyline through `brier_dots`."""
    return " ".join(f"{d.x:.1f},{d.y:.1f}" for d in brier_dots(points))
