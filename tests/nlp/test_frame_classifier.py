"""prospects.nlp.frame_classifier: the learned yes/no on each cue frame of prospects.nlp.frames."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from dataclasses import replace
from importlib import resources
from typing import TypeVar

import numpy as np
import pytest

from prospects.nlp import attribution_model, frame_classifier, frames, quotes

T = TypeVar("T")

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def _shipped(load: Callable[[], T | None], name: str) -> T:
    shipped = load()
    if shipped is None:
        pytest.fail(f"data/{name} is missing or unusable")
    return shipped


@pytest.fixture(scope="module")
def classifier() -> frame_classifier.FrameClassifier:
    return _shipped(frame_classifier.load, "frame_classifier.npz")


@pytest.fixture(scope="module")
def model() -> attribution_model.AttributionModel:
    return _shipped(attribution_model.load, "attribution_model.npz")


class Recorder:
    """A judge that keeps every frame and notes the classifier's probability for it."""

    def __init__(self, classifier: frame_classifier.FrameClassifier) -> None:
        self.classifier = classifier
        self.min_cues = classifier.min_cues
        self.seen: list[tuple[tuple[int, int], float]] = []
        self.rows: list[np.ndarray] = []

    def keeps(self, xs: np.ndarray, contents: list[tuple[int, int]], mentions: list) -> list[bool]:
        assert xs.shape == (len(contents), frame_classifier.WIDTH) == (len(mentions), xs.shape[1])
        assert np.isfinite(xs).all()
        probs = self.classifier.probability(xs)
        self.seen.extend((c, float(p)) for c, p in zip(contents, probs, strict=True))
        self.rows.extend(xs)
        return [True] * len(xs)


def contents(nlp, model, text: str, judge) -> list[str]:
    doc = nlp(text)
    found, _ = quotes.attribute(doc, model=model, frame_judge=judge)
    return [text[q.content.start : q.content.end] for q in found]


def test_shipped_weights_load_and_fit_the_features(classifier) -> None:
    assert all(n.w1.shape[0] == frame_classifier.WIDTH for n in classifier.networks)
    assert 0.0 < classifier.threshold < 1.0
    assert classifier.min_cues >= 1


def test_keeps_a_report_of_hope(nlp, model, classifier) -> None:
    # "hopes" is no rule verb: only the learned cue words find this report
    text = "The governor hopes that the new budget will pass before the summer recess."
    recorder = Recorder(classifier)
    contents(nlp, model, text, recorder)
    assert any(
        "the new budget will pass" in text[s:e] and p >= classifier.threshold
        for (s, e), p in recorder.seen
    )
    assert any("the new budget will pass" in c for c in contents(nlp, model, text, classifier))


def test_drops_a_word_that_is_not_reporting_here(nlp, model, classifier) -> None:
    # "attack" is a cue noun in political news ("his attack on Clinton"), not in a war report
    text = "Ten soldiers died in the attack on the convoy near the border crossing on Monday."
    recorder = Recorder(classifier)
    contents(nlp, model, text, recorder)
    assert recorder.seen, "the noun's frame should be a candidate"
    assert all(p < classifier.threshold for _, p in recorder.seen)
    assert contents(nlp, model, text, classifier) == []


def test_threshold_decides(nlp, model, classifier) -> None:
    text = "The governor hopes that the new budget will pass before the summer recess."
    recorder = Recorder(classifier)
    contents(nlp, model, text, recorder)
    assert recorder.rows
    for x in recorder.rows:
        assert replace(classifier, threshold=0.0).keeps(x[None], [(0, 1)], [None]) == [True]
        assert replace(classifier, threshold=1.01).keeps(x[None], [(0, 1)], [None]) == [False]


def test_without_a_judge_the_table_thresholds_decide(nlp, model) -> None:
    text = "The governor hopes that the new budget will pass before the summer recess."
    doc = nlp(text)
    by_table, _ = quotes.attribute(doc, model=model, frame_judge=None)
    assert any("the new budget" in text[q.content.start : q.content.end] for q in by_table)


def test_missing_weights_warn_and_fall_back(monkeypatch) -> None:
    monkeypatch.setattr(frame_classifier, "CLASSIFIER_FILE", "data/no_such_classifier.npz")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert frame_classifier.load.__wrapped__() is None
    assert any("fall back" in str(w.message) for w in caught)


def test_other_weights_are_refused() -> None:
    # the attribution network's file is an .npz, but not a frame classifier
    ref = resources.files("prospects.nlp").joinpath(attribution_model.WEIGHTS_FILE)
    with ref.open("rb") as handle, pytest.raises(ValueError):
        frame_classifier.from_file(handle)
    with pytest.raises((ValueError, OSError)):
        frame_classifier.from_file(io.BytesIO(b"not an npz file"))


def test_save_and_load_round_trip(tmp_path, classifier) -> None:
    path = tmp_path / "frames.npz"
    classifier.save(str(path))
    again = frame_classifier.from_file(str(path))
    x = np.zeros((2, frame_classifier.WIDTH), np.float32)
    assert again.threshold == pytest.approx(classifier.threshold)
    assert np.allclose(again.probability(x), classifier.probability(x), atol=1e-3)


def test_an_ensemble_decides_by_its_mean_and_a_single_network_file_still_loads(
    tmp_path, classifier
) -> None:
    first = classifier.networks[0]
    silent = replace(first, b2=first.b2 - 40.0)  # sigmoid(-40): this member says 0 everywhere
    pair = replace(classifier, networks=(first, silent))
    x = np.random.default_rng(0).normal(size=(4, frame_classifier.WIDTH)).astype(np.float32)
    assert np.allclose(pair.probability(x), first.predict(x)[:, 0] / 2, atol=1e-6)
    path = tmp_path / "pair.npz"
    pair.save(str(path))
    assert len(frame_classifier.from_file(str(path)).networks) == 2
    # the file of one network written before ensembles: arrays under the prefix "frame"
    legacy = tmp_path / "legacy.npz"
    arrays = dict(first.arrays("frame"))
    arrays.update(version=np.array(frame_classifier.FEATURE_VERSION), threshold=np.array(0.3))
    np.savez(legacy, min_cues=np.array(1), **arrays)
    loaded = frame_classifier.from_file(str(legacy))
    assert len(loaded.networks) == 1
    assert np.allclose(loaded.probability(x), first.predict(x)[:, 0], atol=1e-2)


def test_empty_and_unparsed_text(nlp, model, classifier) -> None:
    assert contents(nlp, model, "", classifier) == []
    # the pipeline component leaves a Doc without a parse alone
    unparsed = nlp.get_pipe("prospects_quotes")(nlp.make_doc("He hopes that it works."))
    assert unparsed._.quotes == []


def test_candidates_ignore_the_rate_but_not_the_floor(nlp) -> None:
    doc = nlp("The senator voiced support for the new trade deal.")
    entries = {"support/NOUN": frames.Entry(1000, 5, 4, 0)}  # a rate of 0.005
    lex = frames.Lexicon(entries, {"min_rate": 0.5, "min_count": 3})
    sent = next(iter(doc.sents))
    assert list(frames.frames(sent, lex)) == []  # the table alone never acts on it
    found = [f for f, _ in frame_classifier.candidates(sent, lex, min_cues=3)]
    assert [doc[f.first : f.last + 1].text for f in found] == ["the new trade deal"]
    assert list(frame_classifier.candidates(sent, lex, min_cues=6)) == []
