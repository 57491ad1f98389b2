"""Which reader an input needs: decided by its first bytes, then by its file name.

Content wins over the extension, because names lie (a `.txt` saved from a browser is often
HTML, a feed is often served as `.xml` or with no extension at all). Binary content is refused
here with a reason a person can act on ("binary file (looks like PDF), not an article"), and so
is a WARC record that is labelled HTML but holds an image or an archive (`refuse_binary`). A few
stray NUL bytes in a text are not binary: `drop_nul` removes them and says so.
"""

from __future__ import annotations

import re
import zlib
from typing import Literal

from prospects.ingest.errors import Unreadable

Format = Literal["text", "html", "feed", "warc", "gzip"]

# How many leading bytes are enough to decide. Feeds and HTML pages announce themselves in
# their first tags; a long XML prologue or comment block is the worst case.
HEAD_BYTES = 64 * 1024

# File signatures ("magic numbers") as published in each format's specification; only
# formats someone might plausibly hand us instead of an article are named.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a zip archive (or DOCX/EPUB)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an MS Office document"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-zip archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x00\x00\x00 ftyp", "a video"),
    # A file is unpacked (sniff() answers "gzip" first); a WARC record's HTTP body has already
    # lost its Content-Encoding, so a gzip stream left in it is what the server sent as the page.
    (b"\x1f\x8b", "a gzip archive"),
)
# RIFF containers say what they hold in bytes 8-12.
RIFF = b"RIFF"
RIFF_KINDS: dict[bytes, str] = {
    b"WEBP": "a WebP image",
    b"AVI ": "a video",
    b"WAVE": "a sound file",
}
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
GZIP_MAGIC = b"\x1f\x8b"

EXTENSIONS: dict[str, Format] = {
    ".warc.gz": "warc",
    ".warc": "warc",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".txt": "text",
    ".md": "text",
    ".gz": "gzip",
}
# Extensions a folder walk picks up; a named file is read whatever its extension.
ARTICLE_EXTENSIONS = tuple(EXTENSIONS)

# Control characters other than tab, newlines, form feed and escape: text has next to none.
# NUL is one of them: binary formats are full of NULs, while a scraped text may carry a stray one
# (a bad copy, a CMS bug), so only their share refuses a file.
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
MAX_CONTROL_SHARE = 0.05

_PROLOGUE = re.compile(
    rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?![ \t\r\n]+html)[^>]*>)*", re.S | re.I
)
_FIRST_TAG = re.compile(rb"<(!doctype\s+html|[a-z][\w.-]*(?::[\w.-]+)?)", re.I)
_FEED_ROOTS = {b"rss", b"feed", b"rdf:rdf"}
# Tags that only an HTML document starts with; a text file starting with one of these is HTML.
_HTML_TAGS = {
    b"!doctype html", b"html", b"head", b"body", b"meta", b"title", b"link", b"script", b"style",
    b"div", b"p", b"article", b"section", b"main", b"header", b"nav", b"span", b"table", b"h1",
    b"h2", b"h3", b"ul", b"ol", b"a", b"br", b"img", b"figure", b"base", b"noscript",
}  # fmt: skip
_HTML_ANYWHERE = re.compile(rb"<html[\s>]|<body[\s>]|<head>", re.I)


def is_warc(head: bytes) -> bool:
    """A WARC archive, plain or gzipped: the one format read as a stream of many documents."""
    if head.startswith(GZIP_MAGIC):
        return _gunzip_head(head).startswith(b"WARC/")
    return head.startswith(b"WARC/")


def sniff(head: bytes, name: str = "") -> Format:
    """The format of an input from its first bytes (at least HEAD_BYTES when it is that long)."""
    if is_warc(head):
        return "warc"
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(UTF16_BOMS):
        return _by_markup(head.decode("utf-16", errors="replace").encode("utf-8"), name)
    refuse_binary(head)
    return _by_markup(head, name)


def binary_kind(head: bytes) -> str | None:
    """What binary content `head` starts ("a PNG image", "control characters"), None for text."""
    if head.startswith(UTF16_BOMS):
        return None  # every other byte of UTF-16 English is NUL
    for magic, what in MAGIC:
        if head.startswith(magic):
            return what
    if head.startswith(RIFF) and head[8:12] in RIFF_KINDS:
        return RIFF_KINDS[head[8:12]]
    if _control_share(head) > MAX_CONTROL_SHARE:
        return "control characters"
    return None


def refuse_binary(head: bytes, labelled: str | None = None) -> None:
    """Raise Unreadable when `head` is binary; `labelled` is the type a WARC record claims."""
    what = binary_kind(head)
    if what is None:
        return
    looks = what if what == "control characters" else f"looks like {what}"
    if labelled:
        raise Unreadable(f"binary content labelled {labelled} ({looks}), not an article")
    raise Unreadable(f"binary file ({looks}), not an article")


def drop_nul(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """`data` without its NUL bytes, and a warning saying how many went (none for UTF-16)."""
    if data.startswith(UTF16_BOMS):
        return data, ()
    count = data.count(b"\x00")
    if not count:
        return data, ()
    return data.replace(b"\x00", b""), (f"removed {count} stray NUL byte(s) from the text",)


def by_extension(name: str) -> Format | None:
    lowered = name.lower()
    return next((fmt for ext, fmt in EXTENSIONS.items() if lowered.endswith(ext)), None)


def strip_gz(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name


def _by_markup(head: bytes, name: str) -> Format:
    body = head.removeprefix(b"\xef\xbb\xbf")
    start = _PROLOGUE.match(body)
    rest = body[start.end() if start else 0 :]
    tag = _FIRST_TAG.match(rest)
    if tag:
        root = tag.group(1).lower()
        if root in _FEED_ROOTS or root.endswith(b":rdf"):
            return "feed"
        if root.split()[0] in _HTML_TAGS or root.startswith(b"!doctype"):
            return "html"
    if _HTML_ANYWHERE.search(body[:4096]):
        return "html"
    ext = by_extension(name)
    # Content that is not WARC or gzip can still be named so; then the reader says what is wrong.
    return ext if ext is not None else "text"


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(wbits=31).decompress(head, 64)
    except zlib.error:
        return b""


def _control_share(head: bytes) -> float:
    if not head:
        return 0.0
    sample = head[:8192]
    return sum(sample.count(c) for c in _CONTROL) / len(sample)
