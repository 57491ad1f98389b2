"""`prospects bench batch`: the figures are ratios of sides measured over the same words. The bench
itself starts two clusters and is run by hand (docs/scale.md); no timing is asserted here."""

from __future__ import annotations

import json

from prospects.batch.batch_bench import BatchBenchResult, _rows
from prospects.batch.rows import article
from prospects.records import Article


def test_the_figures_are_ratios_of_the_sides():
    result = BatchBenchResult(
        model="m", articles=10, words=30_000, runs=2, workers=2, partitions=16,
        seconds={"single": 10.0, "single_one_thread": 12.0, "one": 11.0, "many": 6.0},
        cpu_seconds={"single": 15.0, "single_one_thread": 12.0, "one": 11.0, "many": 12.0},
        startup_seconds=5.0, peak_rss_bytes=300 * 2**20, load_before=0.5, load_after=0.7,
    )  # fmt: skip
    assert result.wps("single") == 3_000 and result.wps("many") == 5_000
    assert result.efficiency == (30_000 / 6) / (30_000 / 11) / 2
    assert result.per_worker_wps == 2_500 and result.per_worker_ratio() == 2_500 / 3_000
    assert result.per_worker_ratio("single_one_thread") == 2_500 / 2_500
    assert result.words_per_cpu_second("single") == 2_000
    figures = result.to_dict()
    assert figures["peak_rss_mb_per_worker"] == 300.0
    assert figures["words_per_second"]["many"] == 5_000
    assert {"parallel_efficiency", "per_worker_ratio", "load_average_before"} <= set(figures)


def test_the_corpus_rows_give_the_articles_back():
    given = Article(
        text="The bank will cut rates.", title="Rates", outlet="Gazette", authors=("Jane Roe",)
    )
    (line,) = _rows([given])
    back = article(json.loads(line), name="corpus.jsonl#1", given=None, max_bytes=1 << 20)
    assert isinstance(back, Article)
    assert (back.id, back.title, back.outlet, back.authors) == (
        given.id, given.title, given.outlet, given.authors,
    )  # fmt: skip
