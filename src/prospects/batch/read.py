"""A partition -> its articles (and the errors of its bad items), on the worker.

WARC records and whole files go through ingest's own readers, so an article is the one
`prospects analyze` makes of the same input: a WARC range is handed to ingest's WARC reader as
a stream that ends where the range does, and a file is read with `prospects.ingest.read`. JSONL
lines and Parquet rows become articles by their fields (rows.py).
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from prospects.batch import rows
from prospects.batch.partitions import Partition
from prospects.ingest import read as ingest_read
from prospects.ingest.errors import Unreadable, one_line
from prospects.ingest.warc import read_warc
from prospects.records import Article, IngestError

Item = Article | IngestError


def items(partition: Partition, *, published: date | None, max_bytes: int) -> Iterator[Item]:
    """The partition's items in input order."""
    readers = {"warc": _warc, "jsonl": _jsonl, "parquet": _parquet, "files": _files}
    yield from readers[partition.kind](partition, published, max_bytes)


def _warc(partition: Partition, given: date | None, max_bytes: int) -> Iterator[Item]:
    (path,), (location,) = partition.paths, partition.locations
    with open(location, "rb") as handle:
        handle.seek(partition.start)
        stream = io.BufferedReader(_Range(handle, partition.end - partition.start))
        try:
            for item in read_warc(stream, path=path, label=path, given=given, max_bytes=max_bytes):
                yield _placed(item, path, partition.start)
        except Unreadable as problem:
            # "no HTML pages": of the whole archive only when this range is all of it
            if partition.start == 0 and partition.end >= os.fstat(handle.fileno()).st_size:
                yield problem.error(path)
        except Exception as exc:  # as ingest does: a parser bug on odd input names the input
            yield IngestError(path, one_line(f"could not read: {type(exc).__name__}: {exc}"))


def _placed(item: Item, path: str, start: int) -> Item:
    """A damaged archive's error counts records and bytes from where the reader started: say
    where that was, or its "byte offset 449" would point into the wrong part of the file."""
    if not isinstance(item, IngestError) or item.input != path or start == 0:
        return item
    return replace(
        item, reason=f"{item.reason} (counted from byte {start}, where this part starts)"
    )


def _jsonl(partition: Partition, given: date | None, max_bytes: int) -> Iterator[Item]:
    (path,), (location,) = partition.paths, partition.locations
    with open(location, "rb") as handle:
        handle.seek(partition.start)
        data = handle.read(partition.end - partition.start)
    for number, line in enumerate(data.split(b"\n"), start=partition.first):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield IngestError(f"{path}#{number}", one_line(f"not a JSON line: {exc}"))
            continue
        if not isinstance(row, dict):
            yield IngestError(f"{path}#{number}", "not a JSON object")
            continue
        name = rows.label(path, row, number)
        yield rows.article(row, name=name, given=given, max_bytes=max_bytes)


def _parquet(partition: Partition, given: date | None, max_bytes: int) -> Iterator[Item]:
    import pyarrow.parquet as pq

    (path,), (location,) = partition.paths, partition.locations
    table = pq.ParquetFile(location)
    present = [c for c in rows.FIELDS if c in table.schema_arrow.names]
    groups = table.read_row_groups(range(partition.start, partition.end), columns=present)
    for number, row in enumerate(groups.to_pylist(), start=partition.first):
        name = rows.label(path, row, number)
        yield rows.article(row, name=name, given=given, max_bytes=max_bytes)


def _files(partition: Partition, given: date | None, max_bytes: int) -> Iterator[Item]:
    for path, location in zip(partition.paths, partition.locations, strict=True):
        # read by its absolute location (a worker's working directory is its own), named as
        # the user wrote it: ingest names articles and errors by the path it was handed
        for item in ingest_read([location], published=given, max_bytes=max_bytes):
            yield _renamed(item, location, path)


def _renamed(item: Item, location: str, path: str) -> Item:
    if location == path:
        return item
    if isinstance(item, IngestError):
        return replace(item, input=_swap(item.input, location, path))
    if item.path is None:
        return item
    return replace(item, path=_swap(item.path, location, path))


def _swap(name: str, location: str, path: str) -> str:
    if name == location or name.startswith(location + "#"):
        return path + name[len(location) :]
    return name


class _Range(io.RawIOBase):
    """The next `left` bytes of a file: the WARC reader sees the range's end as the archive's."""

    def __init__(self, handle: io.BufferedReader, left: int) -> None:
        self._handle = handle
        self._left = left

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._left <= 0:
            return 0
        chunk = self._handle.read(min(len(buffer), self._left))
        buffer[: len(chunk)] = chunk
        self._left -= len(chunk)
        return len(chunk)
