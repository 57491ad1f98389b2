"""The learned attribution component: shipped weights, features, and the fall-back to rules."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from prospects.nlp import attribution_model, quotes


def test_weights_ship_with_the_package_and_are_small() -> None:
    model = attribution_model.load()
    assert model is not None, "src/prospects/nlp/data/attribution_model.npz is missing"
    assert model.clause is not None
    assert model.tensor_width == 96
    assert len(model.thresholds) == 3
    assert model.sequence is not None, "the sentence BiLSTM is part of the shipped weights"


def test_features_have_one_row_per_token_and_finite_values(nlp) -> None:
    doc = nlp("Officials believe the offensive will stall, according to a senior diplomat.")
    x = attribution_model.features(doc, quotes.cue_sets(), quotes.quoted_tokens(doc))
    assert x.shape[0] == len(doc)
    assert np.isfinite(x).all()
    model = attribution_model.load()
    assert model is not None
    assert x.shape[1] == model.token.mean.shape[0]
    probs = model.token.predict(x)
    assert probs.shape == (len(doc), len(attribution_model.TARGETS))
    assert ((probs >= 0) & (probs <= 1)).all()


def test_reported_content_is_marked_inside_and_the_speaker_outside(nlp) -> None:
    doc = nlp("Senior Pentagon officials believe that the offensive will stall before winter.")
    model = attribution_model.load()
    assert model is not None
    probs = model.token.predict(
        attribution_model.features(doc, quotes.cue_sets(), quotes.quoted_tokens(doc))
    )
    content = [t.i for t in doc if t.text in ("offensive", "stall", "winter")]
    speaker = [t.i for t in doc if t.text == "officials"]
    assert probs[content, 0].mean() > probs[speaker, 0].mean()
    assert probs[speaker, 1].mean() > probs[content, 1].mean()


def test_the_bilstm_reads_the_speaker_of_a_report_after_its_content(nlp) -> None:
    """A speaker named after a long content is beyond tok2vec's reach from the content's start;
    the BiLSTM's probabilities are the ones the quote component reads."""
    doc = nlp(
        "The offensive is likely to stall well before the first snow falls in the east, "
        "senior Pentagon officials said on Tuesday."
    )
    model = attribution_model.load()
    assert model is not None and model.sequence is not None
    x = attribution_model.features(doc, quotes.cue_sets(), quotes.quoted_tokens(doc))
    hidden, probs = model.read(doc, x)
    assert hidden.shape == (len(doc), model.token.w1.shape[1])
    np.testing.assert_allclose(
        probs, model.sequence.predict(x, attribution_model.sentence_pieces(doc))
    )
    content = [t.i for t in doc if t.text in ("offensive", "stall", "snow")]
    speaker = [t.i for t in doc if t.text == "officials"]
    assert probs[content, 0].min() > 0.5
    assert probs[speaker, 1].min() > 0.5


def test_without_a_bilstm_the_token_network_reads(nlp) -> None:
    doc = nlp("Officials believe the offensive will stall.")
    model = attribution_model.load()
    assert model is not None
    plain = replace(model, sequence=None)
    x = attribution_model.features(doc, quotes.cue_sets(), quotes.quoted_tokens(doc))
    np.testing.assert_allclose(plain.read(doc, x)[1], model.token.predict(x))


def test_clause_candidates_cover_the_sentence_and_its_clauses(nlp) -> None:
    doc = nlp("The campaign hoped voters would turn out in large numbers on Tuesday.")
    sent = next(iter(doc.sents))
    spans = attribution_model.clause_spans(sent)
    texts = {doc[first : last + 1].text for first, last, _ in spans}
    assert sent.text in texts
    assert any(text.startswith("voters would turn out") for text in texts)


def test_missing_weights_fall_back_to_rules_with_a_warning(nlp, monkeypatch) -> None:
    monkeypatch.setattr(attribution_model, "WEIGHTS_FILE", "data/no-such-weights.npz")
    attribution_model.load.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="rules alone"):
            assert attribution_model.load() is None
        doc = nlp.make_doc("“We will win,” the general said.")
        finder = quotes.make_quotes(nlp, "quotes_without_model", None, "shipped", "shipped")
        finder.initialize()
        assert finder.artefacts.get("model") is None
        for _, proc in nlp.pipeline:
            if not isinstance(proc, quotes.QuoteFinder):
                doc = proc(doc)
        found = finder(doc)._.quotes
        assert [q.content.text for q in found] == ["We will win"]
    finally:
        attribution_model.load.cache_clear()


def test_a_pipeline_with_another_tensor_width_uses_the_rules_alone(nlp) -> None:
    doc = nlp("Officials say the talks will fail.")
    model = attribution_model.load()
    assert model is not None
    doc.tensor = np.zeros((len(doc), 12), dtype=np.float32)
    found, _ = quotes.attribute(doc, model)
    rules, _ = quotes.attribute(doc, None)
    assert found == rules


def test_empty_and_punctuation_only_docs(nlp) -> None:
    model = attribution_model.load()
    for text in ("", "“ ” \" ' «»", "..."):
        doc = nlp(text)
        found, _ = quotes.attribute(doc, model)
        assert all(q.content.text.strip() for q in found)
