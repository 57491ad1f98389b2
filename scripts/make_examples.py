"""Regenerate the derived example files in examples/articles/ from the hand-written ones.

    .venv/bin/python scripts/make_examples.py

Writes examples/articles/harbour-street-crawl.warc.gz: a small crawl of the example news page
(central-bank-holds-rates.html) as a WARC/1.1 archive, made with warcio's WARCWriter. It holds,
in this order: the page's HTTP request, its HTTP 200 response (the article), a robots.txt
response (text/plain: not an article) and a 404 HTML response (not an article). Record ids and
dates are fixed and gzip carries no timestamp, so the file is byte-for-byte reproducible.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
PAGE = EXAMPLES / "central-bank-holds-rates.html"
WARC = EXAMPLES / "harbour-street-crawl.warc.gz"

SITE = "https://www.harbourstreetjournal.example"
PAGE_URL = f"{SITE}/economy/2024/07/18/aldermere-bank-holds-rates"
CRAWLED = "2024-07-20T08:15:00Z"
ROBOTS = b"User-agent: *\nDisallow: /subscribe\n"
NOT_FOUND = b"<!DOCTYPE html><html><head><title>Page not found</title></head><body><h1>Page not found</h1><p>Sorry, we could not find that story.</p></body></html>"  # noqa: E501


def write_warc(out: io.BufferedIOBase, page: bytes, *, gzip: bool = True) -> None:
    """The example crawl around `page` (the article's HTML) as WARC records on `out`."""
    writer = WARCWriter(out, gzip=gzip, warc_version="1.1")

    def record_headers(number: int) -> dict[str, str]:
        return {
            "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{number:012d}>",
            "WARC-Date": CRAWLED,
        }

    request = StatusAndHeaders(
        "GET /economy/2024/07/18/aldermere-bank-holds-rates HTTP/1.1",
        [("Host", "www.harbourstreetjournal.example"), ("User-Agent", "prospects-example/1.0")],
        is_http_request=True,
    )
    records = [
        writer.create_warc_record(
            PAGE_URL, "request", http_headers=request, warc_headers_dict=record_headers(1)
        ),
        _response(writer, PAGE_URL, "200 OK", "text/html; charset=utf-8", page, record_headers(2)),
        _response(writer, f"{SITE}/robots.txt", "200 OK", "text/plain", ROBOTS, record_headers(3)),
        _response(
            writer,
            f"{SITE}/economy/missing",
            "404 Not Found",
            "text/html",
            NOT_FOUND,
            record_headers(4),
        ),
    ]
    for record in records:
        writer.write_record(record)


def _response(writer, url, status, content_type, body, headers):
    http = StatusAndHeaders(
        status,
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    return writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=headers
    )


def main() -> int:
    with WARC.open("wb") as out:
        write_warc(out, PAGE.read_bytes())
    print(f"wrote {WARC.relative_to(Path.cwd()) if WARC.is_relative_to(Path.cwd()) else WARC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
