"""The quality gate: evaluation figures may not fall more than a tolerance below their pins.

The pins live in docs/quality_gate.json, changed only on purpose and with a reason, so that a
change that costs accuracy fails `make test` instead of passing silently (as trafilatura's
evaluation gates its releases).
"""

from __future__ import annotations

import json

import pytest
from tests.conftest import ROOT, shared_path

from prospects.evaluate import forecasts, polnear

GATE = json.loads((ROOT / "docs" / "quality_gate.json").read_text(encoding="utf-8"))


def _holds(name: str, measured: float, pinned: float) -> None:
    floor = pinned - GATE["tolerance"]
    assert measured >= floor, (
        f"{name} is {measured:.4f}, below its pin {pinned} by more than {GATE['tolerance']}"
        " (docs/quality_gate.json)"
    )


@pytest.mark.slow
def test_polnear_dev_attribution_holds_its_pins(nlp):
    dev = shared_path("data", "polnear", "dev")
    docs = polnear.documents(dev / "attributions", dev / "text")
    result = polnear.evaluate(docs, polnear.pipeline_predictor(nlp))
    pins = GATE["polnear_dev_attribution"]
    _holds("PolNeAR dev content F1", result.overall.content["f1"], pins["content_f1"])
    _holds("PolNeAR dev attributed F1", result.overall.attributed["f1"], pins["attributed_f1"])


@pytest.mark.slow
def test_dev_gold_forecasts_hold_their_pin(nlp):
    gold = [
        shared_path("spec", "seed-gold.jsonl"),
        *sorted(shared_path("spec", "gold").glob("*.jsonl")),
    ]
    texts = [shared_path("seed"), shared_path("data", "polnear", "dev", "text"),
             shared_path("data", "news2019", "text")]  # fmt: skip
    result = forecasts.evaluate(gold, texts, nlp)
    _holds("dev-gold forecast F1", result.total.f1, GATE["dev_gold_forecasts"]["f1"])
