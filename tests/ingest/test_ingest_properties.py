"""Property tests: no input makes ingest raise; every output is an Article or an IngestError."""

from __future__ import annotations

import contextlib
import gzip
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prospects.ingest import parse_published, read_bytes
from prospects.ingest.feeds import read_feed
from prospects.ingest.html import extract, fragment_text, plain_text
from prospects.ingest.sniff import sniff
from prospects.ingest.text import decode, guess_title
from prospects.records import Article, IngestError

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NAMES = st.sampled_from(
    ["x.txt", "x.html", "x.rss", "x.xml", "x.warc", "x.warc.gz", "x.gz", "x_2024-07-10.md", "x"]
)
# Bytes that start like each format, so the deeper readers are reached, not only the sniffer.
PREFIXES = st.sampled_from(
    [
        b"",
        b"WARC/1.0\r\n",
        b"<?xml version='1.0'?><rss version='2.0'><channel><item><description>",
        b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><content type='html'>",
        b"<!DOCTYPE html><html><body><p>",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n"),
        gzip.compress(b"<html><body><p>Some text"),
    ]
)


def check(items) -> None:
    for item in items:
        assert isinstance(item, Article | IngestError)
        if isinstance(item, IngestError):
            assert item.reason and "\n" not in item.reason
        else:
            assert item.text.strip()


@FAST
@given(prefix=PREFIXES, body=st.binary(max_size=2000), name=NAMES)
def test_read_bytes_never_raises(prefix, body, name):
    check(read_bytes(prefix + body, name))


@FAST
@given(prefix=PREFIXES, body=st.text(max_size=2000), name=NAMES)
def test_read_bytes_of_text_never_raises(prefix, body, name):
    check(read_bytes(prefix + body.encode("utf-8", errors="surrogatepass"), name))


@FAST
@given(data=st.binary(max_size=2000), name=NAMES)
def test_sniff_returns_a_format_or_refuses(data, name):
    from prospects.ingest.errors import Unreadable

    try:
        assert sniff(data, name) in ("text", "html", "feed", "warc", "gzip")
    except Unreadable as problem:
        assert problem.reason.startswith("binary file")


@FAST
@given(data=st.binary(max_size=2000))
def test_decode_gives_text_or_refuses(data):
    from prospects.ingest.errors import Unreadable

    try:
        text, warnings = decode(data)
    except Unreadable:
        return
    assert isinstance(text, str) and not text.startswith("\ufeff")
    assert all(isinstance(w, str) for w in warnings)
    guess_title(text)


@FAST
@given(markup=st.text(max_size=1500))
def test_html_readers_never_raise_anything_but_unreadable(markup):
    from prospects.ingest.errors import Unreadable

    assert isinstance(plain_text(markup), str)
    assert isinstance(fragment_text(markup), str)
    try:
        page = extract(markup.encode("utf-8", errors="surrogatepass"))
    except Unreadable:
        return
    assert page.text


@FAST
@given(body=st.binary(max_size=1500), prefix=PREFIXES)
def test_feed_reader_never_raises_anything_but_unreadable(body, prefix):
    from prospects.ingest.errors import Unreadable

    with contextlib.suppress(Unreadable):
        check(read_feed(prefix + body, path="f.rss", label="f.rss", given=None))


@settings(max_examples=300, deadline=None)
@given(value=st.text(max_size=60))
def test_parse_published_raises_only_value_error(value):
    try:
        result = parse_published(value)
    except ValueError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(result, date)
