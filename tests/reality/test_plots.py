"""Plots are written as SVG and PNG, also for a source with nothing resolved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from prospects.reality import scoring
from prospects.reality.plots import save_score_plot
from reality_seed import seed_views

TODAY = date(2026, 9, 1)


def resolved_views():
    outcomes = ["yes", "no", "yes", "yes", "no", "void", "void", "yes", "void"]
    return [
        v.__class__(**{**v.__dict__, "outcome": o})
        for v, o in zip(seed_views(), outcomes, strict=True)
    ]


def test_svg_and_png_are_written(tmp_path: Path):
    views = resolved_views()
    group = scoring.score(views, by="all", today=TODAY)[0]
    assert group.n == 5
    svg = save_score_plot(tmp_path / "score.svg", group, views, TODAY)
    text = svg.read_text()
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert "n=" in text or "n=1" in text or len(text) > 5000
    png = save_score_plot(tmp_path / "score.png", group, views, TODAY)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_source_with_nothing_resolved_still_draws(tmp_path: Path):
    views = [v for v in seed_views() if v.source_name == "Michael Kofman"]
    group = scoring.score(views, by="source", today=TODAY)[0]
    assert group.n == 0
    assert save_score_plot(tmp_path / "empty.png", group, views, TODAY).stat().st_size > 1000


def test_other_formats_are_refused(tmp_path: Path):
    group = scoring.score(seed_views(), by="all", today=TODAY)[0]
    with pytest.raises(ValueError, match=r"\.svg or \.png"):
        save_score_plot(tmp_path / "score.pdf", group, seed_views(), TODAY)
