"""Files written whole or not at all: a temporary name in the same directory, then `os.replace`.

A reader (or a rerun) never meets half a file: a process killed while writing leaves only a
hidden temporary file, which `prospects.batch` removes on its next run and which dataset
readers skip (pyarrow ignores names starting with "." or "_").
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa

from prospects.batch.tables import TABLES

TEMPORARY = ".tmp-"


def atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """`write` the file at `path` through a temporary file beside it."""
    temporary = path.with_name(f"{TEMPORARY}{uuid.uuid4().hex}-{path.name}")
    try:
        with open(temporary, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())  # the bytes are on disk before the name says they are
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


def part_path(name: str, partition_id: str) -> str:
    """Where table `name` of a partition lies, relative to the output directory."""
    return f"{name}/part-{partition_id}.parquet"


def partition(out: Path, partition_id: str, tables: dict[str, pa.Table]) -> dict[str, str]:
    """Write a partition's four tables; returns their paths relative to `out`."""
    written = {}
    for name in TABLES:
        relative = part_path(name, partition_id)
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        atomically(target, _parquet(tables[name]))
        written[name] = relative
    return written


def _parquet(table: pa.Table) -> Callable[[BinaryIO], None]:
    def write(handle: BinaryIO) -> None:
        import pyarrow.parquet as pq

        # zstd: the test crawl's article table came to 55 kB, against 80 kB with snappy
        pq.write_table(table, handle, compression="zstd")

    return write
