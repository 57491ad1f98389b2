"""ingest: inputs (paths, folders, globs, stdin; text, HTML, RSS/Atom, WARC) -> Article records.

The public entries are `read()` (what the user named) and `read_bytes()` (one document held in
memory, e.g. a web upload). Bad inputs come out as `IngestError` values, never exceptions, so
one bad file never stops a batch; output follows the order of the inputs.

Size: an input document over `max_bytes` is refused by its size (or, on stdin, after reading
`max_bytes + 1` bytes), never read whole. A WARC archive is streamed record by record instead,
and the limit applies to each of its records.
"""

from __future__ import annotations

import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, BinaryIO

from prospects.ingest import byline
from prospects.ingest.assemble import assemble
from prospects.ingest.dates import parse_published
from prospects.ingest.errors import MB, Unreadable, one_line, too_large
from prospects.ingest.feeds import read_feed
from prospects.ingest.html import extract
from prospects.ingest.inputs import File, Folder, Stdin, expand
from prospects.ingest.sidecar import Sidecar, load_sidecar
from prospects.ingest.sniff import HEAD_BYTES, Format, drop_nul, is_warc, sniff, strip_gz
from prospects.ingest.text import decode, guess_title
from prospects.ingest.warc import read_warc
from prospects.records import Article, IngestError

__all__ = ["DEFAULT_MAX_BYTES", "parse_published", "read", "read_bytes"]

DEFAULT_MAX_BYTES = 20 * MB

Item = Article | IngestError


def read(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Iterator[Item]:
    """Articles (and errors) from files, folders, glob patterns and `-` (stdin), lazily.

    `published` is the publication date of every input (basis "given"); without it each
    article gets the date of its metadata, else one in its file name, else None.
    """
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]  # one path is one input, not a sequence of characters
    for raw in inputs:
        for named in expand(raw):
            if isinstance(named, IngestError):
                yield named
            elif isinstance(named, Stdin):
                stream = stdin if stdin is not None else sys.stdin.buffer
                yield from _guarded("-", _read_stream(stream, published, max_bytes))
            elif isinstance(named, Folder):
                yield from _read_folder(named, published, max_bytes)
            else:
                yield from _read_file(named, published, max_bytes)


def read_bytes(
    data: bytes, name: str, *, published: date | None = None, url: str | None = None
) -> Iterator[Item]:
    """The article(s) in one in-memory document named `name`, its format sniffed like a file's.

    `url` is where the document came from (kept as the article's url unless its metadata
    says otherwise); `name` is its path in the records and may carry a date ("..._2024-07-10").
    """
    yield from _guarded(
        name,
        # The caller holds the bytes already; the limit still bounds what gzip or a WARC unpacks.
        _read_document(
            data,
            path=name,
            label=name,
            given=published,
            url=url,
            max_bytes=max(DEFAULT_MAX_BYTES, len(data)),
        ),
    )


def _read_folder(folder: Folder, given: date | None, max_bytes: int) -> Iterator[Item]:
    articles = 0
    for file in folder.files:
        for item in _read_file(file, given, max_bytes):
            articles += isinstance(item, Article)
            yield item
    if articles == 0:
        tried = f"{len(folder.files)} file(s) tried"
        yield IngestError(
            folder.path,
            f"no readable article in this folder ({tried}, {folder.skipped} skipped by extension)",
        )


def _read_file(file: File, given: date | None, max_bytes: int) -> Iterator[Item]:
    yield from _guarded(file.path, _read_path(file.path, given, max_bytes))


def _read_path(path: str, given: date | None, max_bytes: int) -> Iterator[Item]:
    try:
        handle = open(path, "rb")  # noqa: SIM115  (closed below, also when the reader stops early)
    except OSError as exc:
        raise Unreadable(f"cannot open: {exc.strerror or exc}") from None
    with handle:
        size = os.fstat(handle.fileno()).st_size
        head = handle.read(HEAD_BYTES)
        if is_warc(head):
            yield from read_warc(
                io.BufferedReader(_Rewound(head, handle)),
                path=path,
                label=path,
                given=given,
                max_bytes=max_bytes,
            )
            return
        if size > max_bytes:
            raise too_large(size, max_bytes)
        data = head + _read_up_to(handle, max_bytes + 1 - len(head))
    yield from _read_document(
        data, path=path, label=path, given=given, max_bytes=max_bytes, sidecar=load_sidecar(path)
    )


def _read_stream(stream: IO[bytes], given: date | None, max_bytes: int) -> Iterator[Item]:
    head = _read_up_to(stream, HEAD_BYTES)
    if is_warc(head):
        yield from read_warc(
            io.BufferedReader(_Rewound(head, stream)),
            path=None,
            label="-",
            given=given,
            max_bytes=max_bytes,
        )
        return
    data = head + _read_up_to(stream, max_bytes + 1 - len(head))
    if len(data) > max_bytes:
        raise too_large(None, max_bytes)
    yield from _read_document(data, path=None, label="-", given=given, max_bytes=max_bytes)


def _read_document(
    data: bytes,
    *,
    path: str | None,
    label: str,
    given: date | None,
    max_bytes: int,
    url: str | None = None,
    sidecar: Sidecar | None = None,
    name: str | None = None,
) -> Iterator[Item]:
    """One document's bytes -> its article(s). `name` (default `path`) may carry a date."""
    name = name if name is not None else path
    if not data.strip():
        raise Unreadable("empty")
    fmt: Format = sniff(data[:HEAD_BYTES], name or "")
    if fmt == "gzip":
        inner = _gunzip(data, max_bytes)
        inner_name = strip_gz(name or "")
        if sniff(inner[:HEAD_BYTES], inner_name) == "gzip":
            raise Unreadable("gzip inside gzip: not an article")
        yield from _read_document(
            inner, path=path, label=label, given=given, max_bytes=max_bytes, url=url,
            sidecar=sidecar, name=inner_name,
        )  # fmt: skip
        return
    if fmt == "warc":
        yield from read_warc(
            io.BytesIO(data), path=path, label=label, given=given, max_bytes=max_bytes
        )
        return
    data, cleaned = drop_nul(data)
    if fmt == "feed":
        yield from read_feed(data, path=path, label=label, given=given, warnings=cleaned)
        return
    side = sidecar or Sidecar()
    if fmt == "html":
        page = extract(data, url=url)
        yield assemble(
            page.text,
            path=path,
            given=given,
            found_date=side.published or page.published,
            name=name,
            title=side.title or page.title,
            url=side.url or page.url,
            outlet=side.outlet or page.outlet,
            warnings=cleaned + page.warnings + side.warnings,
            authors=side.authors or page.authors,
            genre=side.genre or page.genre,
        )
        return
    text, warnings = decode(data)
    if not text.strip():
        raise Unreadable("empty")
    written = byline.merge(
        byline.Byline(side.authors, side.genre or byline.genre_of_url(side.url or url)),
        byline.from_text(text, side.outlet),
    )
    yield assemble(
        text,
        path=path,
        given=given,
        found_date=side.published,
        name=name,
        title=side.title or guess_title(text),
        url=side.url or url,
        outlet=side.outlet,
        warnings=cleaned + warnings + side.warnings,
        authors=written.authors,
        genre=written.genre,
    )


def _guarded(label: str, items: Iterator[Item]) -> Iterator[Item]:
    """Errors as values: a reader's failure becomes one IngestError naming the input."""
    try:
        yield from items
    except Unreadable as problem:
        yield problem.error(label)
    except Exception as exc:  # a parser bug on odd input must not stop the batch
        yield IngestError(label, one_line(f"could not read: {type(exc).__name__}: {exc}"))


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    inflater = zlib.decompressobj(wbits=47)  # 32 + 15: gzip or zlib header, detected
    try:
        inner = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise Unreadable(f"corrupt gzip file: {exc}") from None
    if len(inner) > max_bytes:
        raise too_large(None, max_bytes)
    if not inflater.eof:
        raise Unreadable("truncated gzip file")
    return inner


def _read_up_to(stream: IO[bytes], n: int) -> bytes:
    """At most n bytes: a pipe may hand out less than asked for before its end."""
    chunks: list[bytes] = []
    left = n
    while left > 0:
        chunk = stream.read(left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class _Rewound(io.RawIOBase):
    """A stream whose first bytes were already read for sniffing, put back in front of it."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        chunk = self._rest.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)
