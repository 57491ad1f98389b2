"""JSONL and Parquet rows: an article from the row's fields, with the id every article has."""

from __future__ import annotations

from datetime import date

from prospects.batch import rows
from prospects.ingest import read
from prospects.records import Article, IngestError, text_id

LIMIT = 20 << 20


def _article(row, given=None):
    found = rows.article(row, name="a.jsonl#1", given=given, max_bytes=LIMIT)
    assert isinstance(found, Article), found
    return found


def test_the_id_is_the_text_id_so_a_row_and_a_file_of_one_text_are_one_article(tmp_path):
    text = "Rates\n\nThe bank will probably cut rates in September.\n"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    (from_file,) = read([str(path)])
    assert isinstance(from_file, Article)
    assert _article({"text": text}).id == from_file.id == text_id(text)


def test_the_fields_are_the_articles_metadata():
    article = _article(
        {
            "text": "The council will vote next week.",
            "title": "Vote ",
            "url": "https://gazette.test/a",
            "published": "2024-03-02T10:00:00Z",
            "outlet": "Gazette",
            "authors": ["Jane Roe", "Jane Roe", "Tom Park"],
            "genre": "Opinion",
            "id": "row-9",
        }
    )
    assert (article.title, article.url, article.outlet) == ("Vote", "https://gazette.test/a",
                                                            "Gazette")  # fmt: skip
    assert (article.published, article.published_basis) == (date(2024, 3, 2), "metadata")
    assert article.authors == ("Jane Roe", "Tom Park") and article.genre == "opinion"
    assert article.path == "a.jsonl#1" and article.warnings == ()


def test_a_given_date_beats_the_rows_and_a_bad_field_is_a_warning():
    article = _article({"text": "x will rise", "published": "soon", "genre": "satire"})
    assert article.published is None
    assert article.warnings == ("published 'soon' is not a date",
                                "genre 'satire' ignored: not opinion or news")  # fmt: skip
    given = _article({"text": "x will rise", "published": "2020-01-01"}, given=date(2024, 1, 1))
    assert (given.published, given.published_basis) == (date(2024, 1, 1), "given")
    assert _article({"text": "x", "authors": "Jane Roe"}).authors == ("Jane Roe",)


def test_a_row_is_named_by_its_id_else_its_number():
    assert rows.label("a.jsonl", {"id": "cc-123"}, 7) == "a.jsonl#cc-123"
    assert rows.label("a.jsonl", {"id": 42}, 7) == "a.jsonl#42"
    assert rows.label("a.jsonl", {"id": " "}, 7) == "a.jsonl#7"
    assert rows.label("a.jsonl", {}, 7) == "a.jsonl#7"


def test_a_row_without_text_is_an_error():
    def error(row, limit=LIMIT):
        found = rows.article(row, name="a.jsonl#3", given=None, max_bytes=limit)
        assert isinstance(found, IngestError)
        return str(found)

    assert error({"title": "x"}) == "a.jsonl#3: no text field"
    assert error({"text": 5}) == "a.jsonl#3: text is not a string"
    assert error({"text": "  \n"}) == "a.jsonl#3: empty"
    assert error({"text": "x" * 2000}, limit=1000).startswith("a.jsonl#3: too large")
