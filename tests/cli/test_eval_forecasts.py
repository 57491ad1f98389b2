"""`prospects eval forecasts` on a small made-up corpus: per set and domain, --cv, --errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prospects.cli import app

runner = CliRunner()

# Ten short articles in two sets: enough for five folds of two articles each.
TEXTS = {
    "a1": "The central bank will raise rates next week, analysts said. Prices rose in May.",
    "a2": "She vowed to veto the bill. The vote was held on Monday.",
    "a3": "The company expects profits to rise in 1988. Sales fell last year.",
    "a4": "Officials said the talks could collapse. Voters should stay home, he said.",
    "a5": "The plant is scheduled to close in March. It employs 300 workers.",
    "b1": "The team will probably win the cup. The coach was happy.",
    "b2": "Analysts expect oil prices to fall. Oil rose on Tuesday.",
    "b3": "The minister pledged to cut taxes. Taxes were raised in 1985.",
    "b4": "Rain is likely to return on Friday. It was dry all week.",
    "b5": "The launch is set for next month. Engineers tested the rocket.",
}
ANCHORS = {
    "a1": "The central bank will raise rates next week", "a2": "She vowed to veto the bill",
    "a3": "The company expects profits to rise in 1988", "a4": "the talks could collapse",
    "a5": "The plant is scheduled to close in March", "b1": "The team will probably win the cup",
    "b2": "Analysts expect oil prices to fall", "b3": "The minister pledged to cut taxes",
    "b4": "Rain is likely to return on Friday", "b5": "The launch is set for next month",
}  # fmt: skip


@pytest.fixture()
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    texts = tmp_path / "texts"
    texts.mkdir()
    gold = tmp_path / "gold"
    gold.mkdir()
    for set_name in ("alpha", "beta"):
        lines = []
        for doc, text in TEXTS.items():
            if doc[0] != set_name[0]:
                continue
            (texts / f"{doc}.txt").write_text(text + "\n", encoding="utf-8")
            pub = "1987-03-02"
            domain = "economy" if doc in ("a1", "a3", "b2") else "politics"
            lines.append({"doc": doc, "published": pub, "task": "article", "domain": domain})
            lines.append({"doc": doc, "published": pub, "task": "forecast", "required": True,
                          "anchor": ANCHORS[doc], "kind": "prediction",
                          "source": {"type": "author", "anonymous": False, "name": None},
                          "cue": "will", "probability": [0.5, 1.0], "horizon_end": None,
                          "condition": None})  # fmt: skip
        (gold / f"{set_name}.jsonl").write_text("\n".join(json.dumps(d) for d in lines) + "\n")
    return gold, texts


def test_sets_and_domains_are_reported(corpus):
    gold, texts = corpus
    result = runner.invoke(app, ["eval", "forecasts", str(gold), "--texts", str(texts), "--json"])
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)
    assert [s["name"] for s in d["sets"]] == ["alpha", "beta"]
    assert {s["name"] for s in d["domains"]} == {"economy", "politics"}
    assert d["total"]["documents"] == 10 and d["total"]["required"] == 10


def test_errors_lists_false_and_missed_forecasts(corpus):
    gold, texts = corpus
    result = runner.invoke(app, ["eval", "forecasts", str(gold), "--texts", str(texts),
                                 "--errors", "--rules"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Forecasts against gold (rule finder)" in result.stdout
    assert "FALSE" in result.stdout or "MISSED" in result.stdout or "WRONG" in result.stdout


def test_the_naive_baseline_takes_every_cue_sentence(corpus):
    gold, texts = corpus
    result = runner.invoke(app, ["eval", "forecasts", str(gold), "--texts", str(texts),
                                 "--baseline", "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    total = json.loads(result.stdout)["total"]
    # "should stay home" is a cue sentence too: the baseline reports it
    assert total["predicted"] >= 11


def test_cross_validation_runs_five_folds(corpus, monkeypatch):
    from prospects.nlp import forecast_model

    gold, texts = corpus
    if forecast_model.shipped() is None:
        tiny = forecast_model.train(
            [["det=modal"], ["det=pledge_verb"]], [1, 1], forecast_model.Settings(min_count=1)
        )
        monkeypatch.setattr(forecast_model, "shipped", lambda: tiny)
    result = runner.invoke(app, ["eval", "forecasts", str(gold), "--texts", str(texts), "--cv",
                                 "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)
    assert d["total"]["documents"] == 10
    assert 0.0 <= d["total"]["f1"] <= 1.0


def test_a_missing_gold_file_is_one_clear_error(tmp_path):
    result = runner.invoke(app, ["eval", "forecasts", str(tmp_path / "nope.jsonl"), "--texts",
                                 str(tmp_path)])  # fmt: skip
    assert result.exit_code != 0
    assert "no such gold file" in result.output
