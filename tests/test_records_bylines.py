"""Article.authors and Article.genre in the `prospects.article/1` record (added fields)."""

from __future__ import annotations

import json
from datetime import date

from prospects.records import Article, ArticleRecord
from record_check import check_record

OP_ED = Article(
    text="Rates will probably rise in May.\n\nJane Doe is a fellow at the Example Institute.",
    title="Rates",
    published=date(2024, 5, 1),
    published_basis="given",
    outlet="The Daily Planet",
    authors=("Jane Doe", "John Roe"),
    genre="opinion",
)


def test_authors_and_genre_are_written_and_read_back() -> None:
    record = ArticleRecord(article=OP_ED, pipeline="test")
    d = json.loads(json.dumps(record.to_dict(include_text=True)))
    assert d["article"]["authors"] == ["Jane Doe", "John Roe"]
    assert d["article"]["genre"] == "opinion"
    check_record(d)
    back = ArticleRecord.from_dict(d)
    assert back.article == OP_ED
    assert back.to_dict(include_text=True) == d


def test_unknown_byline_is_an_empty_list_and_null() -> None:
    d = Article(text="Rain is expected.").to_dict()
    assert d["authors"] == []
    assert d["genre"] is None


def test_records_written_before_the_fields_still_load() -> None:
    d = ArticleRecord(article=OP_ED, pipeline="test").to_dict(include_text=True)
    del d["article"]["authors"]
    del d["article"]["genre"]
    old = ArticleRecord.from_dict(d)
    assert old.article.authors == ()
    assert old.article.genre is None
    assert old.article.text == OP_ED.text
