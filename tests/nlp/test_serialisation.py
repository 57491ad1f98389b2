"""A processed Doc, and the pipeline itself, survive the ways spaCy moves them: DocBin, worker
processes, and a pipeline saved to disk and loaded by name of its folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from prospects import ingest
from prospects.nlp import pipeline
from prospects.records import Article

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    found = [a for a in ingest.read([EXAMPLES]) if isinstance(a, Article)]
    assert len(found) >= 5, "the bundled examples hold at least five articles"
    return found


def _plain(record) -> str:
    return json.dumps(record.to_dict(), sort_keys=True)


def _records(nlp, articles, **pipe_options) -> list[str]:
    docs = nlp.pipe(((pipeline.make_doc(a, nlp), a) for a in articles), as_tuples=True,
                    **pipe_options)  # fmt: skip
    return [_plain(pipeline.to_record(doc, a, nlp)) for doc, a in docs]


def test_a_doc_round_trips_through_docbin_with_the_same_record(nlp, articles) -> None:
    docs = [nlp(pipeline.make_doc(a, nlp)) for a in articles]
    assert any(doc._.forecasts for doc in docs), "the examples hold forecasts to compare"
    stored = DocBin(store_user_data=True, docs=docs).to_bytes()
    back = list(DocBin().from_bytes(stored).get_docs(nlp.vocab))
    for doc, again, article in zip(docs, back, articles, strict=True):
        assert _plain(pipeline.to_record(again, article, nlp)) == _plain(
            pipeline.to_record(doc, article, nlp)
        )


def test_two_processes_give_the_records_of_one(nlp, articles) -> None:
    one = _records(nlp, articles)
    two = _records(nlp, articles, n_process=2, batch_size=2)
    assert two == one


def test_a_saved_pipeline_loads_by_its_folder_and_gives_the_same_records(
    nlp, articles, tmp_path
) -> None:
    nlp.to_disk(tmp_path / "pipeline")
    saved = tmp_path / "pipeline" / "prospects_quotes"
    assert (saved / "attribution_model.npz").is_file()
    assert (tmp_path / "pipeline" / "prospects_forecasts" / "forecast_model.npz").is_file()
    again = spacy.load(tmp_path / "pipeline")
    assert again.pipe_names == nlp.pipe_names
    assert _records(again, articles) == _records(nlp, articles)


def test_a_rule_pipeline_stays_a_rule_pipeline_when_saved(rule_nlp, tmp_path) -> None:
    rule_nlp.to_disk(tmp_path / "rules")
    again = spacy.load(tmp_path / "rules")
    finder = again.get_pipe("prospects_forecasts")
    assert finder.model is None and finder.kind_model is None
    assert again.get_pipe("prospects_quotes").artefacts.get("model") is not None


def test_components_declare_what_they_read_and_write(nlp) -> None:
    analysis = nlp.analyze_pipes()["summary"]
    assert "doc._.quotes" in analysis["prospects_quotes"]["assigns"]
    assert "doc._.quotes" in analysis["prospects_forecasts"]["requires"]
    assert "doc._.forecasts" in analysis["prospects_forecasts"]["assigns"]


def test_a_named_model_file_that_is_unusable_is_an_error(tmp_path) -> None:
    bad = tmp_path / "model.npz"
    bad.write_bytes(b"not an npz")
    blank = spacy.blank("en")
    blank.add_pipe("prospects_forecasts", config={"model": str(bad)})
    with pytest.raises(ValueError, match=r"model: forecast_model\.npz is unusable"):
        blank.initialize()
