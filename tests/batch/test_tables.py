"""The output tables: a record survives the nested table whole; the flat tables hold every forecast,
quote and source under the ledger's column names; files are written whole or not at all."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pyarrow.parquet as pq
import pytest

from prospects.batch import tables, write
from prospects.ledger.rows import FORECAST_COLUMNS
from prospects.records import (
    Article,
    ArticleRecord,
    Forecast,
    Headline,
    Horizon,
    Likelihood,
    Quote,
    Source,
    Span,
)

TEXT = "Kofman said Russia is unlikely to win this year. The bank will cut rates, Lee said."


def full_record() -> ArticleRecord:
    """Every field of the record set, nested records present and absent."""
    article = Article(
        text=TEXT,
        title="Title",
        published=date(2024, 7, 10),
        published_basis="metadata",
        path="crawl.warc.gz#urn:uuid:1",
        url="https://example.test/a",
        outlet="Gazette",
        retrieved=datetime(2024, 7, 11, 3, 0, 5, tzinfo=UTC),
        warnings=("decoded as cp1252: not valid UTF-8",),
        authors=("Jane Roe", "Tom Park"),
        genre="opinion",
    )
    kofman = Source("s1", "Michael Kofman", "person", False, "CNA", "analyst",
                    (Span.of(TEXT, 0, 6),))  # fmt: skip
    lee = Source("s2", None, "person", True, mentions=(Span.of(TEXT, 74, 77),))
    quote = Quote(
        "q1", "indirect", Span.of(TEXT, 12, 48), Span.of(TEXT, 7, 11), Span.of(TEXT, 0, 6), "s1"
    )
    bare = Quote("q2", "direct", Span.of(TEXT, 49, 72))
    forecast = Forecast(
        id="f1", start=12, end=48, text=TEXT[12:48], proposition="Russia wins", kind="prediction",
        source="s1", quote="q1",
        likelihood=Likelihood("unlikely", 0.2, 0.1, 0.25, "survey:capphrase2026"),
        horizon=Horizon("this year", date(2024, 7, 10), date(2024, 12, 31), "year",
                        date(2024, 7, 10)),
        condition="if the war goes on",
    )  # fmt: skip
    vague = Forecast("f2", 49, 72, TEXT[49:72], "The bank cuts rates", "prediction", "s2")
    return ArticleRecord(
        article=article,
        sources=(kofman, lee, Source("author", None, "author")),
        quotes=(quote, bare),
        forecasts=(forecast, vague),
        headline=Headline("Title", False, ("Title",)),
        warnings=("a warning",),
        sentences=2,
        pipeline="prospects 0.1.0; test",
    )


def _through_parquet(table):
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    buffer.seek(0)
    return pq.read_table(buffer)


def test_a_record_survives_the_nested_table_whole():
    record = full_record()
    bare = ArticleRecord(Article(text="Nothing will happen."))  # no pipeline, no date
    written = tables.of([record, bare])["articles"]
    assert written.schema == tables.ARTICLES
    rows = _through_parquet(written).to_pylist()
    back = [ArticleRecord.from_dict(tables.record_dict(row)) for row in rows]
    assert [b.to_dict(include_text=True) for b in back] == [
        record.to_dict(include_text=True),
        bare.to_dict(include_text=True),
    ]
    assert rows[0]["article"]["published"] == date(2024, 7, 10)  # typed, not a string


def test_forecast_columns_are_named_as_the_ledger_names_them():
    names = [name for name, _, _ in tables.FORECAST_COLUMNS]
    assert names == [column.name for column in FORECAST_COLUMNS]


def test_flat_tables_hold_every_item_keyed_by_article():
    record = full_record()
    flat = {name: _through_parquet(t).to_pylist() for name, t in tables.of([record]).items()}
    article_id = record.article.id
    first, second = flat["forecasts"]
    assert first["article_id"] == second["article_id"] == article_id
    assert first["local_id"] == "f1" and first["source_id"] == "s1" and first["quote"] == "q1"
    assert (first["probability"], first["likelihood_cue"], first["horizon_cue"]) == (
        0.2, "unlikely", "this year",
    )  # fmt: skip
    assert first["horizon_end"] == date(2024, 12, 31) and first["precision"] == "year"
    assert first["source_name"] == "Michael Kofman" and first["source_type"] == "person"
    assert first["published"] == date(2024, 7, 10) and first["outlet"] == "Gazette"
    assert second["probability"] is None and second["source_anonymous"] is True
    quote, bare = flat["quotes"]
    assert (quote["start"], quote["end"], quote["cue_text"]) == (12, 48, "said")
    assert quote["source_mention_text"] == "Kofman" and quote["source_id"] == "s1"
    assert bare["cue_start"] is None and bare["source_id"] is None
    assert [s["local_id"] for s in flat["sources"]] == ["s1", "s2", "author"]
    assert flat["sources"][0]["mentions"] == [{"start": 0, "end": 6, "text": "Kofman"}]
    assert flat["sources"][0]["affiliation"] == "CNA"


def test_a_record_key_without_a_column_is_an_error_not_a_dropped_field(monkeypatch):
    record = full_record()
    original = ArticleRecord.to_dict

    def with_new_field(self, include_text=False):
        d = original(self, include_text)
        d["forecasts"][0]["confidence"] = 0.5
        return d

    monkeypatch.setattr(ArticleRecord, "to_dict", with_new_field)
    with pytest.raises(ValueError, match="record keys without a column: confidence"):
        tables.of([record])


def test_an_empty_partition_has_empty_tables_of_the_schema():
    empty = tables.of([])
    assert all(empty[name].num_rows == 0 for name in tables.TABLES)
    assert empty["forecasts"].schema == tables.FORECASTS


def test_a_failed_write_leaves_neither_the_file_nor_a_temporary(tmp_path):
    target = tmp_path / "part-x.parquet"
    target.write_bytes(b"before")

    def broken(handle):
        handle.write(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write.atomically(target, broken)
    assert target.read_bytes() == b"before"
    assert [p.name for p in tmp_path.iterdir()] == ["part-x.parquet"]


def test_a_partition_is_four_files_named_by_its_id(tmp_path):
    record = replace(full_record(), pipeline="p")
    files = write.partition(tmp_path, "abc", tables.of([record]))
    assert files == {name: f"{name}/part-abc.parquet" for name in tables.TABLES}
    assert pq.read_table(tmp_path / files["forecasts"]).num_rows == 2
