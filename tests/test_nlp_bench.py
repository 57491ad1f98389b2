"""`prospects bench`: the figures are measured, consistent, and printed. No timing is asserted."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from prospects import nlp_bench
from prospects.cli import app
from prospects.records import Article


def test_run_measures_both_sides_on_the_same_words():
    articles = [Article(text="The bank will cut rates next week, analysts said.")] * 3
    result = nlp_bench.run(articles, runs=1)
    assert result.words == 3 * articles[0].words
    assert result.baseline_seconds > 0 and result.analyze_seconds > 0
    assert result.ratio == result.analyze_wps / result.baseline_wps
    assert result.jobs == 2 and result.parallel_seconds > 0
    assert result.efficiency == result.parallel_wps / result.analyze_wps / 2
    assert set(result.to_dict()) >= {
        "baseline_words_per_second",
        "analyze_words_per_second",
        "ratio",
        "parallel_ratio",
        "parallel_efficiency",
    }


def test_examples_are_repeated_to_the_word_count():
    articles = nlp_bench.example_articles(min_words=5_000)
    assert sum(a.words for a in articles) >= 5_000


def test_cli_prints_json_figures(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Rates\n\nThe bank will probably cut rates in September.\n")
    result = CliRunner().invoke(app, ["bench", str(path), "--runs", "1", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["articles"] == 1 and figures["ratio"] > 0


def test_analyze_throughput(benchmark, nlp):
    """pytest-benchmark figure for `analyze` on the seed (run with --benchmark-enable)."""
    from conftest import SEED
    from prospects.nlp import analyze

    article = Article(text=SEED.read_text(encoding="utf-8"))
    record = benchmark(analyze, article, nlp)
    assert record.article.id == article.id and record.sentences
