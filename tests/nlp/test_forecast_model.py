"""The learned finder's model, features and filters: deterministic, readable, switchable."""

from __future__ import annotations

import numpy as np
import pytest

from prospects.nlp import forecast_filters
from prospects.nlp.forecast_model import ForecastModel, Settings, shipped, train

ROWS = [["det=modal", "filter=advice"], ["det=modal", "filter=none"], ["det=pledge_verb"],
        ["det=modal", "filter=advice", "subj=you"], ["det=modal", "filter=none", "time=future"],
        ["det=pledge_verb", "quote=direct"]] * 5  # fmt: skip
LABELS = [0, 1, 1, 0, 1, 1] * 5


def test_training_is_deterministic_and_learns_the_signs():
    a = train(ROWS, LABELS, Settings(steps=300))
    b = train(ROWS, LABELS, Settings(steps=300))
    assert a.to_bytes() == b.to_bytes()
    assert a.weights[a.vocab["filter=advice"]] < 0 < a.weights[a.vocab["det=pledge_verb"]]
    assert a.probability(["det=modal", "filter=advice"]) < 0.5
    assert a.probability(["det=modal", "filter=none"]) > 0.5


def test_the_model_round_trips_through_bytes(tmp_path):
    model = train(ROWS, LABELS, Settings(steps=50, threshold=0.4))
    path = tmp_path / "m.npz"
    model.to_disk(path)
    again = ForecastModel.from_disk(path)
    assert again.vocab == model.vocab and again.threshold == 0.4
    assert np.allclose(again.weights, model.weights, atol=1e-6)
    assert again.settings == model.settings


def test_rare_features_stay_out_of_the_vocabulary():
    model = train([*ROWS, ["det=modal", "once=only"]], [*LABELS, 1], Settings(min_count=2))
    assert "once=only" not in model.vocab
    assert model.probability(["once=only"]) == model.probability([])


def test_the_shipped_model_reads_its_features_by_name():
    model = shipped()
    if model is None:
        pytest.skip("no corpus model is shipped yet")
    assert model.settings.threshold == model.threshold
    assert all(isinstance(name, str) for name, _ in model.top(5))


def test_every_filter_is_named_and_documented():
    assert len(forecast_filters.FILTERS) >= 15
    for name, f in forecast_filters.FILTERS.items():
        assert f.__doc__, name


@pytest.fixture(scope="module")
def finder_doc(nlp):
    from prospects.nlp.pipeline import make_doc
    from prospects.records import Article

    text = ("HEADLINE\n\nVoters should stay home, he said. Rates will rise next month. "
            "She vowed to veto the bill. Will prices fall?")  # fmt: skip
    from datetime import date

    doc = make_doc(Article(text, published=date(2024, 3, 4)), nlp)
    with nlp.select_pipes(disable=["prospects_forecasts"]):
        return nlp(doc)


def test_candidates_carry_their_filters_and_features(nlp, finder_doc):
    from prospects.nlp.forecasts import ForecastFinder

    found = [(c, f) for _, _, rows in ForecastFinder().candidates(finder_doc) for c, f in rows]
    by_cue = {c.cue: (c, f) for c, f in found}
    assert "advice" in by_cue["should"][0].filters
    assert "filter=advice" in by_cue["should"][1]
    assert by_cue["vowed"][0].detector == "pledge_verb"
    assert "question" in by_cue["Will"][0].filters


def test_a_switched_off_filter_no_longer_drops(nlp, finder_doc):
    from prospects.nlp.forecasts import ForecastFinder

    every = ForecastFinder()(finder_doc)._.forecasts
    assert not any("should" in f.text for f in every)
    names = tuple(n for n in forecast_filters.FILTERS if n != "advice")
    fewer = ForecastFinder(filters=names)(finder_doc)._.forecasts
    assert any("should" in f.text for f in fewer)
    with pytest.raises(ValueError, match="unknown forecast filters"):
        ForecastFinder(filters=("nonsense",))


@pytest.mark.parametrize(
    ("sentence", "cue", "detector"),
    [
        # passive infinitives: the event is "to be published", "to be held"
        ("Final figures are expected to be published by the commission.", "expected",
         "expectation"),
        ("A second round is to be held on Wednesday.", "is", "be_to"),
        # the planned thing as the object of "plans"
        ("Bahrain plans an official stock exchange.", "plans", "expectation"),
        # a figure forecast with a phrase between the participle and its infinitive
        ("Production is forecast in the embassy report to rise to 125,000 tonnes.", "forecast",
         "expectation"),
        # pledges with an object, and threats
        ("The minister promised a review of the loss-making industries.", "promised",
         "pledge_verb"),
        ("Ukraine has threatened to retaliate by raising the rent.", "threatened", "pledge_verb"),
    ],
)  # fmt: skip
def test_detectors_find_the_shapes_the_corpus_missed(nlp, sentence, cue, detector):
    """Candidate shapes that gave no candidate at all on the corpus (scripts: candidate recall
    0.865 before, 0.887 after): generators must reach them so that the model can decide."""
    from datetime import date

    from prospects.nlp.forecasts import ForecastFinder
    from prospects.nlp.pipeline import make_doc
    from prospects.records import Article

    doc = make_doc(Article("HEADLINE\n\n" + sentence, published=date(1987, 3, 2)), nlp)
    with nlp.select_pipes(disable=["prospects_forecasts"]):
        doc = nlp(doc)
    found = [c for _, _, rows in ForecastFinder().candidates(doc) for c, _ in rows]
    assert any(c.cue == cue and c.detector == detector for c in found), [
        (c.cue, c.detector) for c in found
    ]
