"""What a partition's input holds, as a sha256: the manifest keeps it, and a rerun redoes a
partition whose digest changed even where its range (and so its id) did not."""

from __future__ import annotations

import hashlib

from prospects.batch.cuts import Range
from prospects.ingest.sidecar import sidecar_path

_CHUNK = 1 << 20


def of_bytes(location: str, start: int, end: int) -> str:
    """The bytes `[start, end)` of a file (a WARC or JSONL range)."""
    digest = hashlib.sha256()
    with open(location, "rb") as handle:
        handle.seek(start)
        left = end - start
        while left > 0 and (chunk := handle.read(min(_CHUNK, left))):
            digest.update(chunk)
            left -= len(chunk)
    return "sha256:" + digest.hexdigest()


def of_row_groups(location: str, span: Range) -> str:
    """The column chunks of row groups `[start, end)` of a Parquet file, and the file's schema
    (a column retyped in place changes the rows read, not necessarily their bytes)."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(location).metadata
    begin, finish = None, 0
    for i in range(span.start, span.end):
        row_group = meta.row_group(i)
        for c in range(row_group.num_columns):
            column = row_group.column(c)
            first_page = column.dictionary_page_offset or column.data_page_offset
            begin = first_page if begin is None else min(begin, first_page)
            finish = max(finish, first_page + column.total_compressed_size)
    schema = hashlib.sha256(str(meta.schema).encode("utf-8")).hexdigest()
    data = of_bytes(location, begin or 0, finish)
    return "sha256:" + hashlib.sha256(f"{schema}\0{data}".encode()).hexdigest()


def of_files(locations: tuple[str, ...]) -> str:
    """Whole files, each with its `.meta.yaml` sidecar (which changes its article). Names are the
    partition id's: a folder moved whole is still done."""
    digest = hashlib.sha256()
    for location in locations:
        digest.update(b"\0" + _whole(location).encode("ascii"))
        sidecar = sidecar_path(location)
        digest.update(b"\0" + (_whole(str(sidecar)).encode("ascii") if sidecar else b"-"))
    return "sha256:" + digest.hexdigest()


def _whole(location: str) -> str:
    try:
        with open(location, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as exc:
        # an unreadable file is the reader's to report; its digest only has to differ
        return f"unreadable:{exc.errno}"
