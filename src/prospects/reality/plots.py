"""Pictures of a track record: the calibration diagram (with counts) and a record over time.

matplotlib with the Agg backend, so plots are drawn without a display; the format follows the file
name (.svg or .png). Each function also accepts an Axes, so a web page can compose them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before pyplot: no display on servers and in CI

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from prospects.reality.due_dates import stated_end
from prospects.reality.scoring import GroupScore, counts, outcome_value
from prospects.reality.views import ForecastView

FORMATS = (".svg", ".png")
COLOURS = {
    "yes": "#2b8a3e",
    "no": "#c92a2a",
    "partly": "#e8a317",
    "void": "#7048e8",
    None: "#adb5bd",
}


def calibration_axes(ax: Axes, group: GroupScore) -> None:
    """Observed frequency against mean forecast per bin, marker area ∝ count, count written."""
    ax.plot([0, 1], [0, 1], linestyle="--", color="#868e96", linewidth=1, label="perfect")
    bins = [b for b in group.bins if b.n]
    xs = [b.mean_probability or 0.0 for b in bins]
    ys = [b.observed or 0.0 for b in bins]
    if bins:
        ax.plot(xs, ys, color="#1c7ed6", linewidth=1.5)
        ax.scatter(xs, ys, s=[40 + 25 * b.n for b in bins], color="#1c7ed6", zorder=3)
        for x, y, b in zip(xs, ys, bins, strict=True):
            ax.annotate(f"n={b.n}", (x, y), textcoords="offset points", xytext=(6, -12), fontsize=8)
    else:
        ax.text(0.5, 0.5, "no resolved forecast", ha="center", va="center", color="#868e96")
    ax.set(xlim=(-0.02, 1.02), ylim=(-0.02, 1.02), aspect="equal")
    ax.set_xlabel("forecast probability (bin mean)")
    ax.set_ylabel("observed frequency")
    brier = "—" if group.brier is None else f"{group.brier:.3f}"
    ax.set_title(f"Calibration: {group.name} (n={group.n}, Brier {brier})", fontsize=10)
    ax.grid(alpha=0.3)


def track_record_axes(ax: Axes, views: Sequence[ForecastView], today: date, name: str) -> None:
    """Each forecast of a source at its horizon end (or publication date): probability on the y
    axis, coloured by outcome, hollow when it does not count (yet); running Brier as a line."""
    dated = [(stated_end(v) or v.published, v) for v in views if v.probability is not None]
    placed = sorted(((d, v) for d, v in dated if d is not None), key=lambda t: (t[0], t[1].id))
    if not placed:
        ax.text(0.5, 0.5, "no dated forecast", ha="center", va="center", color="#868e96")
    squared: list[float] = []
    running: list[tuple[float, float]] = []
    for when, v in placed:
        colour = COLOURS.get(v.outcome, COLOURS[None])
        scored = counts(v, today)
        x = float(mdates.date2num(when))
        ax.scatter(
            [x],
            [v.probability or 0.0],
            s=50,
            facecolors=colour if scored else "none",
            edgecolors=colour,
            linewidths=1.5,
            zorder=3,
        )
        value = outcome_value(v.outcome)
        if scored and value is not None and v.probability is not None:
            squared.append((v.probability - value) ** 2)
            running.append((x, sum(squared) / len(squared)))
    if running:
        ax.plot(
            [d for d, _ in running],
            [b for _, b in running],
            color="#495057",
            linewidth=1.2,
            label="running Brier",
        )
    ax.xaxis_date()
    ax.set_ylim(-0.05, 1.05)
    ax.set_ylabel("probability given")
    ax.set_title(f"Track record: {name}", fontsize=10)
    ax.grid(alpha=0.3)
    ax.tick_params(axis="x", labelrotation=30)


def score_figure(group: GroupScore, views: Sequence[ForecastView], today: date) -> Figure:
    """The calibration diagram and the track record of one group, side by side."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5.2))
    calibration_axes(left, group)
    track_record_axes(right, views, today, group.name)
    handles = [
        plt.Line2D([], [], marker="o", linestyle="", color=c, label=o or "unresolved")
        for o, c in COLOURS.items()
    ]
    handles.append(plt.Line2D([], [], color="#495057", label="running Brier"))
    handles.append(
        plt.Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor="none",
            color="#868e96",
            label="hollow: not scored (yet)",
        )
    )
    right.legend(handles=handles, loc="best", fontsize=8)
    fig.tight_layout()
    return fig


def save_score_plot(
    path: str | Path, group: GroupScore, views: Sequence[ForecastView], today: date
) -> Path:
    """Draw `score_figure` to an .svg or .png file; ValueError for another extension."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ValueError(f"{path}: plots are written as .svg or .png")
    fig = score_figure(group, views, today)
    try:
        fig.savefig(path, dpi=120)
    finally:
        plt.close(fig)
    return path
