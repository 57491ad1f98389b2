"""Syndicated copies across a whole batch output: `DIR/syndication.parquet` (article_id, copy_of).

Linked in one pass over the done partitions, in the manifest's (input) order, after they are
all written: a copy can be in any partition, so no one task can link it. `copy_of` is the id of
the first article of the output whose text this one's copies (prospects.ingest.syndication),
or null. The table has one row per distinct article id; the manifest names it under
`"syndication"`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa

from prospects.batch import manifest, tables
from prospects.batch.write import atomically
from prospects.ingest import syndication

NAME = "syndication.parquet"
SCHEMA = pa.schema([("article_id", pa.string()), ("copy_of", pa.string())])


def link_copies(out: str | os.PathLike[str]) -> pa.Table:
    """Write DIR/syndication.parquet for the done partitions and name it in the manifest."""
    import pyarrow.parquet as pq

    folder = Path(out)
    found = manifest.require(folder)
    index = syndication.CopyIndex()
    ids: list[str] = []
    copies: list[str | None] = []
    seen: set[str] = set()  # one text read twice is one article, not a copy of itself
    for entry in found["done"]:
        part = pq.read_table(folder / entry["files"]["articles"], schema=tables.ARTICLES)
        for article in part.column("article").to_pylist():
            if article["id"] in seen:
                continue
            seen.add(article["id"])
            ids.append(article["id"])
            copies.append(index.add_text(article["id"], article["text"] or ""))
    table = pa.table({"article_id": ids, "copy_of": copies}, schema=SCHEMA)

    def write(handle: BinaryIO) -> None:
        pq.write_table(table, handle, compression="zstd")

    atomically(folder / NAME, write)
    found["syndication"] = NAME
    manifest.write(folder, found)
    return table
