"""Builders for the ingest tests: WARC archives and files written on the fly."""

from __future__ import annotations

import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAGE = b"""<!DOCTYPE html><html><head><title>Test page</title>
<meta property="og:site_name" content="Test Gazette">
<meta property="article:published_time" content="2023-03-02T10:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Rates will rise, officials say</h1>
<p>Officials said on Thursday that interest rates will probably rise again in the spring, and
that inflation is likely to ease by the end of next year.</p>
<p>Analysts expect the central bank to act in May, although some warned the economy could slow
sharply if borrowing costs climb too fast.</p>
</article><footer>Copyright Test Gazette</footer></body></html>"""


def warc_bytes(
    pages: list[tuple[str, bytes]],
    *,
    gzip: bool = True,
    extra: bool = True,
    content_type: str = "text/html; charset=utf-8",
) -> bytes:
    """A WARC with one HTML 200 response per (url, html), plus a request and an image record."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    for number, (url, html) in enumerate(pages, start=1):
        if extra:
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        headers = {
            "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{number:012d}>",
            "WARC-Date": "2024-01-05T12:30:00Z",
        }
        writer.write_record(
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(html),
                http_headers=http,
                warc_headers_dict=headers,
            )
        )
        if extra:
            image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url + "logo.png",
                    "response",
                    payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" * 8),
                    http_headers=image,
                )
            )
    return out.getvalue()


class CountingStream(io.RawIOBase):
    """A stream of `size` bytes of `fill` that counts how many bytes were read from it."""

    def __init__(self, size: int, fill: bytes = b"a") -> None:
        self.size = size
        self.fill = fill
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        n = min(len(buffer), self.size - self.read_bytes)
        buffer[:n] = self.fill * n
        self.read_bytes += n
        return n
