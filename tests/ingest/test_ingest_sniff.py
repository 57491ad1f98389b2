"""Format sniffing: content first, then the extension; binary refused with what it looks like."""

from __future__ import annotations

import gzip

import pytest

from prospects.ingest.errors import Unreadable
from prospects.ingest.sniff import sniff


@pytest.mark.parametrize(
    ("head", "name", "fmt"),
    [
        (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "x.txt", "warc"),
        (gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n"), "crawl", "warc"),
        (gzip.compress(b"<html><body>x</body></html>"), "page.html.gz", "gzip"),
        (b"<?xml version='1.0'?>\n<!-- c -->\n<rss version='2.0'>", "feed", "feed"),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "x.txt", "feed"),
        (b"<rdf:RDF xmlns:rdf='x'>", "", "feed"),
        (b"\xef\xbb\xbf<!DOCTYPE html>\n<html>", "x.txt", "html"),
        (b"  <html lang='en'><head>", "", "html"),
        (b"<p>A fragment saved as text.</p>", "a.txt", "html"),
        (b"<?xml version='1.0'?><sitemap/>", "map.xml", "feed"),  # the feed reader says no
        (b"Plain words < and > here.", "notes", "text"),
        (b"Plain words.", "story.html", "html"),  # no markup: the extension decides
        (b"Plain words.", "story.md", "text"),
        ("Wide text".encode("utf-16"), "w.txt", "text"),
    ],
)
def test_sniff(head, name, fmt):
    assert sniff(head, name) == fmt


@pytest.mark.parametrize(
    ("head", "reason"),
    [
        (b"%PDF-1.4", "binary file (looks like PDF), not an article"),
        (b"\x89PNG\r\n\x1a\n", "binary file (looks like a PNG image), not an article"),
        (b"GIF89a....", "binary file (looks like a GIF image), not an article"),
        (b"text\x00with nul", "binary file (control characters), not an article"),
        (bytes(range(1, 32)) * 10, "binary file (control characters), not an article"),
    ],
)
def test_binary_is_refused(head, reason):
    with pytest.raises(Unreadable) as caught:
        sniff(head, "x.txt")
    assert caught.value.reason == reason
