"""The forecast scorer: half-anchor matching, optional golds, attributes, not_forecast hits."""

from __future__ import annotations

import json
from datetime import date

import pytest
from tests.conftest import shared_path

from prospects.evaluate.forecasts import FileResult, GoldLine, covers, evaluate, score_document
from prospects.records import AUTHOR, Article, ArticleRecord, Forecast, Horizon, Likelihood, Source

TEXT = (
    "Rates will rise next month, officials said. "  # 0..43
    "The team may win the cup. "  # 44..69
    "It would be a mistake to wait. "  # 70..100
    "Prices rose last year."
)
PUBLISHED = date(2024, 7, 10)


def gold(task: str, anchor: str, required: bool = True, **data) -> GoldLine:
    return GoldLine(
        "d", PUBLISHED, task, anchor, required, {"task": task, "anchor": anchor, **data}
    )


def forecast(fid: str, start: int, end: int, **kw) -> Forecast:
    return Forecast(id=fid, start=start, end=end, text=TEXT[start:end], proposition="x", **kw)


def record(*forecasts: Forecast) -> ArticleRecord:
    officials = Source("s1", "officials", "group", anonymous=True)
    return ArticleRecord(Article(TEXT, published=PUBLISHED), sources=(officials, AUTHOR),
                         forecasts=forecasts)  # fmt: skip


def test_covers_needs_half_of_the_anchor():
    f = forecast("f1", 0, 10, kind="prediction")
    assert covers(f, 0, 20) and not covers(f, 0, 21)


def test_precision_recall_and_attributes_by_hand():
    golds = [
        gold("forecast", "Rates will rise next month", kind="prediction",
             source={"type": "group", "anonymous": True, "name": "officials"},
             probability=[0.75, 1.0], horizon_end=["2024-08-01", "2024-08-31"], condition=None),
        gold("forecast", "The team may win the cup", required=False),
        gold("not_forecast", "It would be a mistake to wait"),
        gold("forecast", "Prices rose last year", kind="prediction",
             source={"type": "author", "anonymous": False, "name": None},
             probability=[0.1, 0.4], horizon_end=None, condition=None),
    ]  # fmt: skip
    predicted = (
        forecast("f1", 0, 43, kind="prediction", source="s1",
                 likelihood=Likelihood("will", 1.0, 0.99, 1.0, "survey:CAPphrase"),
                 horizon=Horizon("next month", PUBLISHED, date(2024, 8, 31), "month", PUBLISHED)),
        forecast("f2", 44, 69, kind="prediction", source="author"),  # optional: free
        forecast("f3", 70, 100, kind="prediction", source="author"),  # not_forecast: FP + hit
    )  # fmt: skip
    result = FileResult("t")
    score_document("d", record(*predicted), golds, result)
    assert (result.predicted, result.required, result.found) == (3, 2, 1)
    assert result.false_positives == 1 and result.not_forecast_hit == 1
    assert result.precision == pytest.approx(2 / 3) and result.recall == pytest.approx(1 / 2)
    assert result.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert all(result.accuracy(a) == 1.0 for a in result.correct)


def test_one_prediction_matches_one_gold_only():
    golds = [gold("forecast", "Rates will rise", kind="prediction", source={"type": "author"}),
             gold("forecast", "next month, officials said", kind="prediction",
                  source={"type": "author"})]  # fmt: skip
    result = FileResult("t")
    score_document("d", record(forecast("f1", 0, 43, kind="prediction")), golds, result)
    assert (result.found, result.required, result.false_positives) == (1, 2, 0)


def test_wrong_attributes_are_counted_wrong():
    golds = [gold("forecast", "Rates will rise next month", kind="expectation",
                  source={"type": "author", "anonymous": False}, probability=None,
                  horizon_end=["2025-01-01", "2025-12-31"], condition="if inflation")]  # fmt: skip
    f = forecast("f1", 0, 43, kind="prediction", source="s1",
                 likelihood=Likelihood("will", 1.0, 0.99, 1.0, "survey:CAPphrase"))  # fmt: skip
    result = FileResult("t")
    score_document("d", record(f), golds, result)
    assert result.found == 1
    assert all(result.accuracy(a) == 0.0 for a in result.correct)


def test_evaluate_reads_texts_from_several_folders(tmp_path, nlp):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "d.txt").write_text("The Fed will probably cut rates next month.\n", encoding="utf-8")
    gold_file = tmp_path / "gold.jsonl"
    line = {"doc": "d", "published": "2024-07-10", "task": "forecast", "required": True,
            "anchor": "will probably cut rates", "kind": "prediction",
            "source": {"type": "author", "anonymous": False, "name": None},
            "probability": [0.55, 0.95], "horizon_end": ["2024-08-01", "2024-08-31"],
            "condition": None}  # fmt: skip
    missing = {**line, "doc": "absent"}
    gold_file.write_text(json.dumps(line) + "\n" + json.dumps(missing) + "\n", encoding="utf-8")
    result = evaluate([gold_file], [tmp_path / "nowhere", texts], nlp)
    assert result.total.found == 1 and result.total.f1 == 1.0
    assert result.total.missing_texts == ["absent"]
    assert result.total.accuracy("horizon") == 1.0


def test_seed_gold_scores_well(nlp):
    path = shared_path("spec", "seed-gold.jsonl")
    result = evaluate([path], [shared_path("seed")], nlp).total
    assert result.f1 >= 0.94 and result.not_forecast_hit == 0
