"""WARC archives (plain or gzipped): every HTML page fetched with success is an article.

The archive is streamed record by record (warcio's ArchiveIterator), never read whole. Only
`response` records with an HTML content type and a 2xx HTTP status are articles; requests,
metadata, images and redirects are passed over. A page's `url` is its WARC-Target-URI,
`retrieved` its WARC-Date (when it was crawled, which is never taken for when it was
published), and its `path` is `<archive path>#<WARC-Record-ID>`.

A record labelled HTML whose bytes are an image, an archive or other binary is refused by name
(sniff.refuse_binary), as a file would be; stray NUL bytes in a page are dropped with a warning.

A truncated or corrupt archive gives the pages read before the damage, then one IngestError
naming the archive and the byte offset of the last whole record (compressed offsets for a
.warc.gz: where `warcio extract` or a crawler's index would look), so a person can cut the
archive there or fetch the rest again; the CLI exits 1 for it, as for any unreadable input.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import IO, Any

from prospects.ingest.assemble import assemble
from prospects.ingest.errors import Unreadable, one_line, too_large
from prospects.ingest.html import extract
from prospects.ingest.sniff import HEAD_BYTES, drop_nul, refuse_binary
from prospects.records import Article, IngestError

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(
    stream: IO[bytes], *, path: str | None, label: str, given: date | None, max_bytes: int
) -> Iterator[Article | IngestError]:
    """The HTML pages of the archive in `stream`; `label` names the input in errors."""
    walk = _Walk(stream)
    records = walk.records()
    seen = pages = 0
    while True:
        member = ""
        try:
            record = next(records)
            seen += 1
            if not _is_page(record):
                continue
            member = _member_name(record)
            content = _content(record, max_bytes)
        except StopIteration:
            break
        except Unreadable as problem:  # one oversized record: skip it, read on
            yield problem.error(f"{label}#{member}")
            continue
        except Exception as exc:  # warcio, zlib and EOF errors alike mean the archive is broken
            yield IngestError(label, _broken(walk, seen, pages, exc))
            return
        pages += 1
        try:
            refuse_binary(content[:HEAD_BYTES], labelled=_content_type(record))
            content, cleaned = drop_nul(content)
            page = extract(content, url=_target(record))
        except Unreadable as problem:
            yield problem.error(f"{label}#{member}")
            continue
        yield assemble(
            page.text,
            path=f"{path}#{member}" if path is not None else None,
            given=given,
            found_date=page.published,
            title=page.title,
            url=_target(record) or page.url,
            outlet=page.outlet,
            retrieved=_warc_date(record),
            warnings=cleaned + page.warnings,
            authors=page.authors,
            genre=page.genre,
        )
    if pages == 0:
        raise Unreadable(f"no HTML pages in the WARC ({seen} records read)")


class _Damaged(Exception):
    """The archive is cut off or its framing is wrong; what follows cannot be trusted."""


class _Walk:
    """warcio's records, raising _Damaged where warcio would only print a warning or say nothing,
    and where they start: `last_good` is the offset of the last record known to be whole."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.last_good: int | None = None
        self.current: int | None = None

    def records(self) -> Iterator[Any]:
        from warcio.archiveiterator import ArchiveIterator

        class QuietArchiveIterator(ArchiveIterator):
            INC_RECORD = ""  # warcio prints this warning on stderr; we raise instead

        records = QuietArchiveIterator(self.stream)
        previous = None
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception:
                # the next record's header is garbage; the one before may still have been whole
                if _is_whole(previous) and not records.err_count:
                    self.last_good = self.current
                raise
            _check_framing(previous, records)
            # warcio has moved its offset past the previous record: this is where `record` begins
            self.last_good, self.current = self.current, records.offset
            previous = record
            yield record
        _check_framing(previous, records)
        self.last_good = self.current


def _check_framing(previous: Any, records: Any) -> None:
    """After warcio moved past `previous`: was it whole, and did the next record start cleanly?"""
    _check_whole(previous)
    if records.err_count:
        raise _Damaged("a record's Content-Length does not match its content")


def _check_whole(record: Any) -> None:
    if not _is_whole(record):
        raise _Damaged(f"record {_member_name(record)} is cut short")


def _is_whole(record: Any) -> bool:
    # warcio has read the record to its end by now; a positive limit left means the archive
    # ended before the length the record promised.
    return record is None or getattr(record.raw_stream, "limit", 0) <= 0


def _is_page(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    return status.startswith("2") and any(t in _content_type(record) for t in _HTML_TYPES)


def _content_type(record: Any) -> str:
    """The media type the HTTP headers claim, without parameters ("text/html")."""
    kind = str(record.http_headers.get_header("Content-Type") or "")
    return kind.split(";")[0].strip().lower()


def _content(record: Any, max_bytes: int) -> bytes:
    if record.length is not None and record.length > max_bytes:
        raise too_large(record.length, max_bytes)
    content: bytes = record.content_stream().read(max_bytes + 1)
    if len(content) > max_bytes:
        raise too_large(None, max_bytes)
    _check_whole(record)
    return content


def _member_name(record: Any) -> str:
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    if record_id:
        return str(record_id).strip("<>")
    uri = record.rec_headers.get_header("WARC-Target-URI")
    return f"record without id for {uri}" if uri else "record without id"


def _target(record: Any) -> str | None:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    return str(uri).strip("<>") or None if uri else None


def _warc_date(record: Any) -> datetime | None:
    value = record.rec_headers.get_header("WARC-Date")
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _broken(walk: _Walk, seen: int, pages: int, exc: Exception) -> str:
    known = isinstance(exc, _Damaged | EOFError | zlib.error) or "warcio" in type(exc).__module__
    # Other exceptions are warcio tripping over garbage; their text means nothing to a reader.
    detail = str(exc) if known and str(exc) else f"unreadable record ({type(exc).__name__})"
    detail = one_line(detail, limit=120)
    if walk.last_good is None:
        where = "no whole record before the damage"
    else:
        where = f"last good record at byte offset {walk.last_good}"
    return f"truncated or corrupt WARC after {seen} records ({pages} pages), {where}: {detail}"
