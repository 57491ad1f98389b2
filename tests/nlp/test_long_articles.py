"""Long articles in bounded pieces, and one failing article that does not sink its batch."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from tests.conftest import ROOT

from prospects.ingest import read
from prospects.nlp import analyze, analyze_many, long_articles
from prospects.records import Article, ArticleRecord, IngestError


@given(st.text(alphabet=st.sampled_from("ab \n.x"), max_size=400), st.integers(1, 60))
@settings(max_examples=300, deadline=None)
def test_pieces_join_back_into_the_text_and_stay_within_the_size(text, size):
    parts = long_articles.pieces(text, size)
    assert "".join(parts) == text
    assert all(len(p) <= size for p in parts)
    assert all(parts[:-1]), "no empty piece before the last"


def test_pieces_are_cut_at_paragraph_ends_first():
    text = "One two.\n\nThree four five.\nSix seven."
    assert long_articles.pieces(text, 20) == ["One two.\n\n", "Three four five.\n", "Six seven."]


def _examples() -> Article:
    found = [a for a in read([str(ROOT / "examples" / "articles")]) if isinstance(a, Article)]
    return Article("\n\n".join(a.text for a in found), published=date(2024, 7, 10))


def _readable(record: ArticleRecord) -> tuple[set, set]:
    names = {s.id: s.name for s in record.sources}
    forecasts = {
        (f.start, f.end, f.text, f.kind, names.get(f.source),
         f.likelihood.probability if f.likelihood else None, f.horizon.end if f.horizon else None)
        for f in record.forecasts
    }  # fmt: skip
    quotes = {(q.content.start, q.content.end, names.get(q.source)) for q in record.quotes}
    return forecasts, quotes


def test_an_article_read_in_pieces_gives_the_records_of_a_whole_reading(nlp, monkeypatch):
    article = _examples()
    whole = analyze(article, nlp)
    monkeypatch.setattr(long_articles, "PIECE_CHARS", 800)
    assert len(long_articles.pieces(article.text)) > 10
    cut = analyze(article, nlp)
    assert _readable(cut) == _readable(whole)
    assert cut.article == article
    assert any("pieces" in w for w in cut.warnings)
    for f in cut.forecasts:
        assert article.text[f.start : f.end] == f.text
    assert [f.id for f in cut.forecasts] == [f"f{i}" for i in range(1, len(cut.forecasts) + 1)]
    ids = {s.id for s in cut.sources}
    assert all(f.source in ids for f in cut.forecasts)
    assert all(q.source in ids for q in cut.quotes if q.source)


@Language.component("test_fails_on_boom")
def _fails_on_boom(doc):
    if "BOOM" in doc.text:
        raise ValueError("a component broke")
    return doc


@pytest.fixture
def fragile_nlp(nlp):
    nlp.add_pipe("test_fails_on_boom", first=True)
    yield nlp
    nlp.remove_pipe("test_fails_on_boom")


@pytest.mark.parametrize(("batch_size", "jobs"), [(1, 1), (8, 1), (1, 2)])
def test_a_failing_article_is_reported_and_the_batch_goes_on(fragile_nlp, batch_size, jobs):
    articles = [
        Article("HEADLINE\n\nPrices will rise next month, traders said.", path="a.txt"),
        Article("HEADLINE\n\nBOOM. Rates will fall.", path="boom.txt"),
        Article("HEADLINE\n\nThe minister vowed to resign.", path="c.txt"),
    ]
    out = list(analyze_many(articles, fragile_nlp, batch_size=batch_size, jobs=jobs))
    assert [type(x) for x in out] == [ArticleRecord, IngestError, ArticleRecord]
    assert out[0].article.path == "a.txt" and out[2].article.path == "c.txt"
    assert out[1].input == "boom.txt"
    assert "ValueError: a component broke" in out[1].reason and "\n" not in out[1].reason
    # the pipeline's own error handling is as it was: analyze_many only borrowed it
    with pytest.raises(ValueError, match="a component broke"):
        fragile_nlp("BOOM")


def test_a_long_article_between_short_ones_keeps_its_place(nlp, monkeypatch):
    monkeypatch.setattr(long_articles, "PIECE_CHARS", 200)
    long_text = "HEADLINE\n\n" + "\n\n".join(
        f"Paragraph {i}: the minister said prices will rise next year." for i in range(10)
    )
    articles = [
        Article("HEADLINE\n\nRates will fall, traders said.", path="a.txt"),
        Article(long_text, path="long.txt"),
        Article("HEADLINE\n\nThe minister vowed to resign.", path="c.txt"),
    ]
    out = list(analyze_many(articles, nlp, jobs=2))
    assert [r.article.path for r in out] == ["a.txt", "long.txt", "c.txt"]
    assert out[1].forecasts
