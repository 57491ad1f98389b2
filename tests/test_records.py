from datetime import date, datetime

from prospects.records import (
    SCHEMA,
    Article,
    ArticleRecord,
    Forecast,
    Headline,
    Horizon,
    Likelihood,
    Quote,
    Source,
    Span,
    count_words,
    text_id,
)
from record_check import check_record

TEXT = "Kofman said Russia is unlikely to win this year."


def full_record() -> ArticleRecord:
    article = Article(
        text=TEXT,
        title="Title",
        published=date(2024, 7, 10),
        published_basis="given",
        path="a.txt",
        retrieved=datetime(2024, 7, 11, 3, 0),
    )
    kofman = Source("s1", "Michael Kofman", "person", mentions=(Span.of(TEXT, 0, 6),))
    quote = Quote(
        "q1", "indirect", Span.of(TEXT, 12, 48), Span.of(TEXT, 7, 11), Span.of(TEXT, 0, 6), "s1"
    )
    forecast = Forecast(
        id="f1",
        start=12,
        end=48,
        text=TEXT[12:48],
        proposition="Russia wins",
        kind="prediction",
        source="s1",
        quote="q1",
        likelihood=Likelihood("unlikely", 0.2, 0.1, 0.25, "survey:capphrase2026"),
        horizon=Horizon(
            "this year", date(2024, 7, 10), date(2024, 12, 31), "year", date(2024, 7, 10)
        ),
    )
    return ArticleRecord(
        article=article,
        sources=(kofman, Source("author", None, "author")),
        quotes=(quote,),
        forecasts=(forecast,),
        headline=Headline("Title", False, ("Title",)),
        sentences=1,
        pipeline="test",
    )


def test_article_id_is_sha256_of_text():
    assert Article(text="abc").id == text_id("abc")
    assert Article(text="abc", path="x").id == Article(text="abc", path="y").id
    assert len(text_id("abc")) == 64


def test_words_counts_hyphenated_and_abbreviated_words_once():
    assert count_words("U.S. officials’ well-known view, 18 months") == 6


def test_record_round_trips_through_json_shape():
    record = full_record()
    d = record.to_dict(include_text=True)
    assert d["schema"] == SCHEMA
    check_record(d)
    assert ArticleRecord.from_dict(d) == record


def test_text_is_left_out_unless_asked():
    d = full_record().to_dict()
    assert "text" not in d["article"]
    check_record(d, TEXT)
    assert ArticleRecord.from_dict(d, text=TEXT) == full_record()


def test_added_fields_are_present():
    d = full_record().to_dict()
    assert d["article"]["retrieved"] == "2024-07-11T03:00:00"
    assert d["article"]["sentences"] == 1
    assert d["forecasts"][0]["horizon"]["anchor"] == "2024-07-10"
