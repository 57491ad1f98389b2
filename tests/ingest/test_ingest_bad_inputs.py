"""Every bad input is one IngestError with a one-line reason naming it; the batch goes on."""

from __future__ import annotations

import builtins
import gzip
import io

import pytest

import prospects.ingest as ingest_module
from conftest import EXAMPLES, SEED
from ingest.ingest_support import PAGE, CountingStream, warc_bytes
from prospects.ingest import DEFAULT_MAX_BYTES, read, read_bytes
from prospects.records import Article, IngestError


def only_error(items) -> IngestError:
    items = list(items)
    assert len(items) == 1 and isinstance(items[0], IngestError), items
    error = items[0]
    assert "\n" not in error.reason and error.reason
    return error


def batch(bad, tmp_path) -> list:
    """`bad` between two good inputs: both good ones must still come out."""
    good = tmp_path / "good.txt"
    good.write_text("Good headline\n\nIt will rain tomorrow.\n", encoding="utf-8")
    items = list(read([good, bad, SEED]))
    assert isinstance(items[0], Article) and isinstance(items[-1], Article), items
    errors = [i for i in items if isinstance(i, IngestError)]
    assert errors, items
    return errors


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    (error,) = batch(path, tmp_path)
    assert error == IngestError(str(path), "empty")


@pytest.mark.parametrize("content", [b"   \n\t\r\n  ", b"\xef\xbb\xbf \n"])
def test_whitespace_only_file(tmp_path, content):
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    assert only_error(read([path])).reason == "empty"


@pytest.mark.parametrize(
    ("content", "looks_like"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"PK\x03\x04\x14\x00\x00\x00", "a zip archive"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
    ],
)
def test_binary_file_says_what_it_looks_like(tmp_path, content, looks_like):
    path = tmp_path / "article.txt"
    path.write_bytes(content + bytes(range(256)) * 4)
    (error,) = batch(path, tmp_path)
    assert error.input == str(path)
    assert error.reason.startswith(f"binary file (looks like {looks_like}")
    assert error.reason.endswith("not an article")


def test_binary_control_characters(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(b"abc\x00\x01\x02\x03" * 100)
    assert only_error(read([path])).reason == "binary file (control characters), not an article"


def test_huge_file_is_refused_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: no disk, no time
    read_sizes: list[int] = []
    real_open = builtins.open

    def spying_open(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        real_read = handle.read

        def read(n=-1):
            data = real_read(n)
            read_sizes.append(len(data))
            return data

        handle.read = read
        return handle

    monkeypatch.setattr(ingest_module, "open", spying_open, raising=False)
    (error,) = batch(path, tmp_path)
    assert error == IngestError(
        str(path), "too large: 200.0 MB, the limit is 20 MB (use --max-bytes)"
    )
    huge_reads = sum(read_sizes) - (tmp_path / "good.txt").stat().st_size - SEED.stat().st_size
    assert huge_reads <= 64 * 1024  # only the head, for sniffing


def test_max_bytes_is_configurable(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Headline\n\n" + "word " * 1000, encoding="utf-8")
    error = only_error(read([path], max_bytes=1000))
    assert error.reason.startswith("too large: 0.0 MB, the limit is")
    assert isinstance(next(read([path], max_bytes=10_000)), Article)


def test_too_large_stdin_reads_at_most_max_bytes_plus_one():
    stream = CountingStream(5 * 1024 * 1024)
    error = only_error(read(["-"], stdin=io.BufferedReader(stream, 8192), max_bytes=1024 * 1024))
    assert error.input == "-"
    assert error.reason == "too large: more than 1.0 MB, the limit is 1 MB (use --max-bytes)"
    assert stream.read_bytes <= 1024 * 1024 + 1 + 8192  # one buffer beyond the limit at most


def test_invalid_utf8_that_is_no_other_text_either(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 8)
    (error,) = batch(path, tmp_path)
    assert error.input == str(path)
    assert error.reason.startswith("not valid UTF-8")


def test_utf8_with_a_stray_byte_stays_utf8(tmp_path):
    body = "Prices will rise – “soon”, officials say. " * 20
    path = tmp_path / "stray.txt"
    path.write_bytes(body.encode() + b"\xff\n")
    article = next(read([path]))
    assert isinstance(article, Article)
    assert article.text == body + "\ufffd\n"
    assert article.warnings == ("decoded as UTF-8 with 1 invalid byte(s) replaced by U+FFFD",)


def test_truncated_html_still_gives_its_text(tmp_path):
    html = (EXAMPLES / "central-bank-holds-rates.html").read_bytes()
    path = tmp_path / "cut.html"
    path.write_bytes(html[: html.index(b"Analysts say")])
    (article,) = read([path])
    assert isinstance(article, Article)
    assert "The bank is expected to cut rates in September" in article.text
    assert article.published_basis == "metadata"


def test_malformed_html_with_a_little_text(tmp_path):
    path = tmp_path / "mess.html"
    path.write_bytes(
        b"<html><body><div><p>The mayor will resign next week.<p>Unclosed <b>tags</div"
    )
    (article,) = read([path])
    assert isinstance(article, Article)
    assert "The mayor will resign next week." in article.text


@pytest.mark.parametrize(
    "html",
    [
        b"<html><head><title>Nothing</title></head><body></body></html>",
        b"<!DOCTYPE html><html><body><script>var a = 1;</script><nav>Home</nav></body></html>",
    ],
)
def test_html_without_text(tmp_path, html):
    path = tmp_path / "none.html"
    path.write_bytes(html)
    (error,) = batch(path, tmp_path)
    assert error == IngestError(str(path), "no article text found in HTML")


def test_malformed_rss_with_entries_is_used_with_a_warning(tmp_path):
    feed = (EXAMPLES / "harbour-street-economy.rss").read_bytes()
    broken = feed.replace(b"</channel>", b"<oops></channel>").replace(b"&", b"&amp")  # bad XML
    items = list(read_bytes(broken + b"<not closed", "broken.rss"))
    assert len(items) == 3 and all(isinstance(i, Article) for i in items)
    assert all(i.warnings and i.warnings[0].startswith("feed is not well-formed") for i in items)


def test_malformed_rss_without_entries(tmp_path):
    path = tmp_path / "broken.rss"
    path.write_bytes(b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><item>")
    (error,) = batch(path, tmp_path)
    assert error.input.startswith(str(path))  # the feed, or its one broken entry
    assert error.reason in ("feed has no entries", "feed entry has no text")


def test_feed_without_entries(tmp_path):
    path = tmp_path / "empty.rss"
    path.write_bytes(b"<rss version='2.0'><channel><title>T</title></channel></rss>")
    assert only_error(read([path])) == IngestError(str(path), "feed has no entries")


def test_feed_entry_without_text_is_one_error_among_entries(tmp_path):
    path = tmp_path / "f.rss"
    path.write_bytes(
        b"<rss version='2.0'><channel><title>T</title>"
        b"<item><title>Empty</title></item>"
        b"<item><title>Full</title><description>It will snow.</description></item>"
        b"</channel></rss>"
    )
    error, article = read([path])
    assert error == IngestError(f"{path}#1", "feed entry has no text")
    assert isinstance(article, Article) and article.path == f"{path}#2"


@pytest.mark.parametrize("compressed", [True, False])
def test_truncated_warc_yields_the_records_before_the_damage(tmp_path, compressed):
    pages = [
        (f"https://a.example/{n}", PAGE.replace(b"Thursday", f"day {n}".encode())) for n in range(3)
    ]
    data = warc_bytes(pages, gzip=compressed)
    cut = data.index(b"day 2") if not compressed else len(data) - 200
    path = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    path.write_bytes(data[:cut])
    items = list(read([path, SEED]))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [a.url for a in articles[:2]] == ["https://a.example/0", "https://a.example/1"]
    assert articles[-1].path == str(SEED)
    assert len(errors) == 1 and errors[0].input == str(path)
    assert errors[0].reason.startswith("truncated or corrupt WARC after")


def test_corrupt_warc(tmp_path):
    path = tmp_path / "bad.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: garbage\r\nContent-Length: nonsense\r\n\r\nxx")
    (error,) = batch(path, tmp_path)
    assert error.input == str(path)
    assert error.reason.startswith("truncated or corrupt WARC after 1 records")


def test_corrupt_gzipped_warc(tmp_path):
    data = warc_bytes([("https://a.example/", PAGE)])
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(data[:40] + b"\x00garbage" * 50 + data[40:])
    (error,) = batch(path, tmp_path)
    assert error.input == str(path)


def test_oversized_warc_record_is_skipped_by_name(tmp_path):
    big = PAGE.replace(b"</article>", b"<p>" + b"padding words " * 5000 + b"</p></article>")
    data = warc_bytes([("https://a.example/big", big), ("https://a.example/small", PAGE)])
    path = tmp_path / "mixed.warc.gz"
    path.write_bytes(data)
    error, article = read([path], max_bytes=20_000)
    assert isinstance(error, IngestError) and isinstance(article, Article)
    assert error.input == f"{path}#urn:uuid:00000000-0000-4000-8000-000000000001"
    assert error.reason.startswith("too large:")
    assert article.url == "https://a.example/small"


def test_warc_without_pages(tmp_path):
    path = tmp_path / "none.warc.gz"
    path.write_bytes(warc_bytes([("https://a.example/", b"plain")], content_type="text/plain"))
    assert only_error(read([path])).reason.startswith("no HTML pages in the WARC")


def test_gzip_that_is_not_a_whole_gzip(tmp_path):
    path = tmp_path / "x.html.gz"
    path.write_bytes(gzip.compress(PAGE)[:-30])
    (error,) = batch(path, tmp_path)
    assert error == IngestError(str(path), "truncated gzip file")


def test_missing_path(tmp_path):
    missing = tmp_path / "nope.txt"
    (error,) = batch(missing, tmp_path)
    assert error == IngestError(str(missing), "no such file or folder")


def test_glob_matching_nothing(tmp_path):
    pattern = str(tmp_path / "*.nothing")
    (error,) = batch(pattern, tmp_path)
    assert error == IngestError(pattern, "no file matches this pattern")


def test_folder_without_readable_articles(tmp_path):
    folder = tmp_path / "junk"
    folder.mkdir()
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / ".hidden.txt").write_text("Hidden\n\nText.\n", encoding="utf-8")
    errors = batch(folder, tmp_path)
    assert [e.input for e in errors] == [str(folder / "empty.txt"), str(folder)]
    assert errors[-1].reason.startswith("no readable article in this folder")


def test_empty_folder(tmp_path):
    folder = tmp_path / "nothing"
    folder.mkdir()
    error = only_error(read([folder]))
    assert error.input == str(folder)


def test_unreadable_file(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root reads every file: permissions cannot make one unreadable")
    path = tmp_path / "locked.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    assert only_error(read([path])).reason.startswith("cannot open")


def test_default_limit_is_20_mb():
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024
