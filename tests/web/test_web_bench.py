"""`prospects bench web`: every page is timed against the static-file baseline of the same run.
No timing is asserted: the figures go in the note, as ratios."""

from __future__ import annotations

from prospects.web import web_bench


def test_the_bench_times_each_page_against_the_baseline() -> None:
    result = web_bench.run(scale=0.0005, repeats=3)
    assert result.forecasts == 500 and result.baseline_p95_ms > 0
    names = {p.page for p in result.pages}
    assert {"forecast list", "search", "source (any)", "scores by source"} <= names
    for p in result.pages:
        assert p.runs == 3 and p.p50_ms <= p.p95_ms
        assert p.ratio == round(p.p95_ms / result.baseline_p95_ms, 1)
    assert result.to_dict()["target_ms"] == 300.0
