"""Each input format on its happy path: text, metadata, dates and their basis, urls, offsets."""

from __future__ import annotations

import gzip
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from conftest import EXAMPLES, SEED
from ingest.ingest_support import PAGE, warc_bytes
from prospects.ingest import read, read_bytes
from prospects.records import Article, IngestError

DATA = Path(__file__).parent / "data"


def articles(items) -> list[Article]:
    items = list(items)
    problems = [i for i in items if isinstance(i, IngestError)]
    assert not problems, problems
    return items


def one(items) -> Article:
    (article,) = articles(items)
    return article


def test_seed_text_keeps_the_file_content_and_reads_its_sidecar():
    article = one(read([SEED]))
    assert article.text == SEED.read_text(encoding="utf-8")
    assert article.title == "Russia’s Withdrawal from Ukraine: Prospects and Reality"
    assert article.published == date(2024, 7, 10)
    assert article.published_basis == "metadata"
    assert article.path == str(SEED)
    assert article.outlet is None and article.url is None
    assert article.warnings == ()


def test_relative_path_stays_relative(monkeypatch):
    monkeypatch.chdir(EXAMPLES.parent.parent)
    article = one(read(["examples/articles/ukraine-prospects-2024-07.txt"]))
    assert article.path == "examples/articles/ukraine-prospects-2024-07.txt"


def test_offsets_index_the_decoded_file(tmp_path):
    body = "Title line\r\n\r\nThe bank will cut rates.  Trailing spaces stay.   \n\n\tTabbed.\n"
    path = tmp_path / "a.txt"
    path.write_bytes(body.encode("utf-8"))
    article = one(read([path]))
    assert article.text == body
    start = body.index("cut rates")
    assert article.text[start : start + 9] == "cut rates"
    assert article.title == "Title line"


def test_utf8_bom_is_removed_before_offsets(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHeadline here\n\nBody text will follow.\n")
    article = one(read([path]))
    assert article.text == "Headline here\n\nBody text will follow.\n"
    assert article.title == "Headline here"
    assert article.warnings == ()


def test_cp1252_file_is_decoded_with_a_warning(tmp_path):
    body = "Café owners say “prices will rise” next year – naïve, perhaps.\n"
    path = tmp_path / "legacy.txt"
    path.write_bytes(body.encode("cp1252"))
    article = one(read([path]))
    assert article.text == body
    assert article.warnings == ("decoded as cp1252: not valid UTF-8",)


def test_latin1_file_is_decoded_with_a_warning(tmp_path):
    body = "Über den Fluß: the façade of the café will be rebuilt by 2026, señor.\n"
    path = tmp_path / "latin.txt"
    path.write_bytes(body.encode("latin-1"))
    article = one(read([path]))
    assert article.text == body
    assert len(article.warnings) == 1 and "not valid UTF-8" in article.warnings[0]


def test_utf16_with_bom_is_text(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Wide headline\n\nInflation will fall.\n".encode("utf-16"))
    article = one(read([path]))
    assert article.text == "Wide headline\n\nInflation will fall.\n"
    assert article.warnings == ("decoded as utf-16: not UTF-8",)


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("Bank cuts rates", "Bank cuts rates"),
        ("# Markdown headline", "Markdown headline"),
        ("Officials fear slowdown in the U.S.", "Officials fear slowdown in the U.S."),
        ("The bank cut rates on Thursday.", None),
        ("Stocks Fall After Earnings. Why You Shouldn't Worry.",) * 2,
        ("Officials said the bank would cut rates in September.", None),
        ("lower-case opening words", None),
        ("Word " * 30, None),
    ],
)
def test_title_is_the_first_line_when_it_reads_like_one(first_line, title):
    article = one(read_bytes(f"\n{first_line}\n\nBody.\n".encode(), "x.txt"))
    assert article.title == title


def test_html_page_main_text_and_metadata():
    path = EXAMPLES / "central-bank-holds-rates.html"
    article = one(read([path]))
    assert article.title == "Aldermere central bank holds rates, signals cut in September"
    assert article.published == date(2024, 7, 18)
    assert article.published_basis == "metadata"
    assert article.outlet == "Harbour Street Journal"
    assert article.url == (
        "https://www.harbourstreetjournal.example/economy/2024/07/18/aldermere-bank-holds-rates"
    )
    assert "The bank is expected to cut rates in September" in article.text
    assert "inflation will likely fall below 3% by next year" in article.text
    for boilerplate in (
        "Subscribe",
        "Privacy policy",
        "Related stories",
        "analytics",
        "newsletter",
    ):
        assert boilerplate not in article.text
    assert "\n\n" in article.text  # paragraphs are blank-line separated, as in text files
    assert article.retrieved is None


def test_html_without_canonical_url_takes_the_given_url():
    html = PAGE.replace(b"og:site_name", b"x")
    article = one(read_bytes(html, "page.html", url="https://example.org/page"))
    assert article.url == "https://example.org/page"
    assert article.published == date(2023, 3, 2)


def test_gzipped_html_is_read(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(PAGE))
    article = one(read([path]))
    assert "interest rates will probably rise" in article.text
    assert article.outlet == "Test Gazette"


def test_rss_feed_entries_are_articles():
    path = EXAMPLES / "harbour-street-economy.rss"
    items = articles(read([path]))
    assert [a.path for a in items] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    full, summary_only, third = items
    assert full.title == "Port Calder house prices to keep rising, agents say"
    assert full.url == (
        "https://www.harbourstreetjournal.example/economy/2024/07/19/port-calder-house-prices"
    )
    assert full.outlet == "Harbour Street Journal – Economy"
    assert (full.published, full.published_basis) == (date(2024, 7, 19), "metadata")
    assert full.text.startswith("House prices in Port Calder rose 4.1%")
    assert full.text.count("\n\n") == 2  # three paragraphs, as in the content:encoded
    assert "<p>" not in full.text and full.warnings == ()
    assert summary_only.warnings == ("feed has only a summary: analysing the summary",)
    assert summary_only.text.startswith("Calder Sound Ferries said fares may rise")
    assert third.published == date(2024, 7, 17)


def test_atom_feed_entries_are_articles():
    items = articles(read([DATA / "markets-atom.xml"]))
    assert len(items) == 2
    copper, grain = items
    assert copper.title == "Copper to stay tight through 2025, miners say"
    assert copper.outlet == "Calder Markets Daily"
    assert copper.url == "https://markets.example/2024/07/22/copper"
    assert copper.published == date(2024, 7, 22)  # published beats updated
    assert copper.text == (
        "Copper supply will probably remain tight through 2025, the head of Aldermere's "
        "largest miner said on Monday.\n\nPrices are expected to test record highs before "
        "the end of the year."
    )
    assert grain.published == date(2024, 7, 21)  # only updated
    assert grain.warnings == ("feed has only a summary: analysing the summary",)


def test_example_warc_gives_the_page_only():
    path = EXAMPLES / "harbour-street-crawl.warc.gz"
    article = one(read([path]))
    assert article.path == f"{path}#urn:uuid:00000000-0000-4000-8000-000000000002"
    assert article.url == (
        "https://www.harbourstreetjournal.example/economy/2024/07/18/aldermere-bank-holds-rates"
    )
    assert article.retrieved == datetime(2024, 7, 20, 8, 15, tzinfo=UTC)
    assert (article.published, article.published_basis) == (date(2024, 7, 18), "metadata")
    assert article.outlet == "Harbour Street Journal"
    html = one(read([EXAMPLES / "central-bank-holds-rates.html"]))
    assert article.text == html.text and article.id == html.id


@pytest.mark.parametrize("compressed", [True, False])
def test_warc_records_in_order_and_crawl_date_is_not_publication(tmp_path, compressed):
    undated = PAGE.replace(
        b'<meta property="article:published_time" content="2023-03-02T10:00:00Z">', b""
    )
    data = warc_bytes(
        [("https://a.example/1", PAGE), ("https://a.example/2", undated)], gzip=compressed
    )
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    path.write_bytes(data)
    first, second = articles(read([path]))
    assert first.url == "https://a.example/1" and second.url == "https://a.example/2"
    assert first.published == date(2023, 3, 2)
    assert second.published is None and second.published_basis is None
    assert second.retrieved == datetime(2024, 1, 5, 12, 30, tzinfo=UTC)


def test_warc_in_memory_and_on_stdin(tmp_path):
    data = warc_bytes([("https://a.example/1", PAGE)])
    assert one(read_bytes(data, "upload.warc.gz")).url == "https://a.example/1"
    import io

    article = one(read(["-"], stdin=io.BytesIO(data)))
    assert article.path is None and article.url == "https://a.example/1"


def test_published_given_beats_metadata_and_name(tmp_path):
    path = tmp_path / "bbc_2019-11-19_story.html"
    path.write_bytes(PAGE)
    given = one(read([path], published=date(2020, 1, 2)))
    assert (given.published, given.published_basis) == (date(2020, 1, 2), "given")
    meta = one(read([path]))
    assert (meta.published, meta.published_basis) == (date(2023, 3, 2), "metadata")


def test_date_in_file_name_is_inferred(tmp_path):
    path = tmp_path / "outlet_2019-11-18_some-topic.txt"
    path.write_text("Headline\n\nSomething will happen.\n", encoding="utf-8")
    article = one(read([path]))
    assert (article.published, article.published_basis) == (date(2019, 11, 18), "inferred")
    plain = tmp_path / "no-date.txt"
    plain.write_text("Headline\n\nSomething will happen.\n", encoding="utf-8")
    assert one(read([plain])).published_basis is None


def test_sidecar_beats_file_name_and_fills_metadata(tmp_path):
    path = tmp_path / "story_2019-11-18.txt"
    path.write_text("headline in lower case\n\nBody will follow.\n", encoding="utf-8")
    (tmp_path / "story_2019-11-18.meta.yaml").write_text(
        "title: Given title\npublished: 10 July 2024\nurl: https://x.example/a\noutlet: X Post\n",
        encoding="utf-8",
    )
    article = one(read([path]))
    assert article.title == "Given title"
    assert (article.published, article.published_basis) == (date(2024, 7, 10), "metadata")
    assert (article.url, article.outlet) == ("https://x.example/a", "X Post")


def test_broken_sidecar_is_a_warning_not_an_error(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Headline\n\nBody will follow.\n", encoding="utf-8")
    (tmp_path / "story.txt.meta.yaml").write_text("published: [unclosed\n", encoding="utf-8")
    article = one(read([path]))
    assert article.published is None
    assert article.warnings and "ignored story.txt.meta.yaml" in article.warnings[0]


def test_gzipped_html_in_memory_unpacks_beyond_its_compressed_size():
    data = gzip.compress(
        PAGE.replace(b"</article>", b"<p>" + b"more words " * 2000 + b"</p></article>")
    )
    article = one(read_bytes(data, "upload.html.gz"))
    assert article.words > 2000


def test_given_date_applies_to_feed_entries_and_warc_pages():
    feed = articles(read([EXAMPLES / "harbour-street-economy.rss"], published=date(2024, 8, 1)))
    crawl = articles(read([EXAMPLES / "harbour-street-crawl.warc.gz"], published=date(2024, 8, 1)))
    for article in feed + crawl:
        assert (article.published, article.published_basis) == (date(2024, 8, 1), "given")


def test_example_warc_is_reproducible_from_the_html(tmp_path):
    import importlib.util
    import io

    script = EXAMPLES.parents[1] / "scripts" / "make_examples.py"
    spec = importlib.util.spec_from_file_location("make_examples", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = io.BytesIO()
    module.write_warc(out, (EXAMPLES / "central-bank-holds-rates.html").read_bytes())
    assert out.getvalue() == (EXAMPLES / "harbour-street-crawl.warc.gz").read_bytes(), (
        "examples/articles/harbour-street-crawl.warc.gz is stale: run scripts/make_examples.py"
    )
