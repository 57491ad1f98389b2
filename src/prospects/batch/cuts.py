"""Where an input file can be cut into partitions: WARC record offsets, JSONL line starts, Parquet
row groups; and the greedy grouping of those pieces into partitions of about a target size.

A cut is only ever made where a reader can start afresh: at a WARC record (in a .warc.gz each
record is its own gzip member, so a worker can seek there and inflate from that byte), at the
start of a JSONL line, at a row group.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from prospects.ingest.sniff import is_warc

# A boundary is checked by inflating (for .warc.gz) and reading the start of the record there.
_PROBE_BYTES = 4096
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Range:
    """`[start, end)` of a file: bytes (WARC, JSONL) or row groups (Parquet). `first` is the
    number of the range's first item, from 1: its line in a JSONL file, its row in Parquet."""

    start: int
    end: int
    first: int = 1
    size: int = 0  # bytes it holds (for Parquet: its row groups' uncompressed size)


def group(sizes: Sequence[int], target: int, most: int | None = None) -> list[tuple[int, int]]:
    """Consecutive pieces `[i, j)` whose sizes add up to at least `target` (the last group may be
    smaller), and at most `most` pieces each."""
    groups: list[tuple[int, int]] = []
    start, total = 0, 0
    for i, size in enumerate(sizes):
        total += size
        if total >= target or (most is not None and i + 1 - start >= most):
            groups.append((start, i + 1))
            start, total = i + 1, 0
    if start < len(sizes):
        groups.append((start, len(sizes)))
    return groups


def warc_ranges(location: str, target: int) -> list[Range]:
    """Byte ranges of whole WARC records, each about `target` bytes. A record that cannot be read
    ends the index: the rest of the file is one last range, so its reader meets the damage and
    says so, as `prospects analyze` would.

    When the cuts are not places a reader can start from (a .warc.gz compressed as one gzip
    stream rather than one member per record), the whole file is one range."""
    from warcio.archiveiterator import ArchiveIterator

    class Quiet(ArchiveIterator):
        INC_RECORD = ""  # a damaged length is the reader's to report, not the index's

    size = os.path.getsize(location)
    offsets: list[int] = []
    with open(location, "rb") as handle:
        records = Quiet(handle, no_record_parse=True)
        try:
            for _record in records:
                offsets.append(records.get_record_offset())
        except Exception:
            pass  # an index of the records before the damage is still an index
        if not offsets or offsets[0] != 0:
            return [Range(0, size, size=size)]
        ends = [*offsets[1:], size]
        groups = group([e - o for o, e in zip(offsets, ends, strict=True)], target)
        ranges = [
            Range(offsets[i], ends[j - 1], i + 1, ends[j - 1] - offsets[i]) for i, j in groups
        ]
        # Only the cuts made are probed: one seek per range, not per record.
        if not all(_starts_record(handle, r.start) for r in ranges[1:]):
            return [Range(0, size, size=size)]
    return ranges


def _starts_record(handle: BinaryIO, offset: int) -> bool:
    handle.seek(offset)
    return is_warc(handle.read(_PROBE_BYTES))


def jsonl_ranges(location: str, target: int) -> list[Range]:
    """Byte ranges of whole lines of a JSON-lines file, each about `target` bytes."""
    starts = [0]
    position = 0
    with open(location, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            found = chunk.find(b"\n")
            while found != -1:
                starts.append(position + found + 1)
                found = chunk.find(b"\n", found + 1)
            position += len(chunk)
    if starts[-1] == position:
        starts.pop()  # no line after the last newline
    ends = [*starts[1:], position]
    groups = group([e - s for s, e in zip(starts, ends, strict=True)], target)
    return [Range(starts[i], ends[j - 1], i + 1, ends[j - 1] - starts[i]) for i, j in groups]


def parquet_ranges(location: str, target: int) -> list[Range]:
    """Runs of whole row groups of a Parquet file, each about `target` bytes (uncompressed)."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(location).metadata
    row_groups = [meta.row_group(i) for i in range(meta.num_row_groups)]
    rows_before = [0]
    for g in row_groups:
        rows_before.append(rows_before[-1] + g.num_rows)
    sizes = [max(1, g.total_byte_size) for g in row_groups]
    groups = group(sizes, target)
    return [Range(i, j, rows_before[i] + 1, sum(sizes[i:j])) for i, j in groups]
