"""Reading a batch output back: the tables of its done partitions, and its article records.

What the manifest lists as done is the output; a partition file it does not list (a killed
run's) is not, so everything here goes through the manifest.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from prospects.batch import manifest, tables
from prospects.records import ArticleRecord


def files(out: str | os.PathLike[str], name: str) -> list[Path]:
    """The files of table `name` (articles, forecasts, quotes, sources), in input order."""
    if name not in tables.TABLES:
        raise ValueError(f"no table {name!r}: one of {', '.join(tables.TABLES)}")
    found = manifest.require(Path(out))
    return [Path(out) / entry["files"][name] for entry in found["done"]]


def table(out: str | os.PathLike[str], name: str) -> pa.Table:
    """Table `name` of the whole output, in its explicit schema."""
    import pyarrow.parquet as pq

    parts = [pq.read_table(path, schema=tables.SCHEMAS[name]) for path in files(out, name)]
    return pa.concat_tables(parts) if parts else tables.SCHEMAS[name].empty_table()


def article_rows(path: Path) -> list[dict[str, Any]]:
    """One articles file's rows in its explicit schema (`tables.record_dict` makes each a
    record's `to_dict()`)."""
    import pyarrow.parquet as pq

    return pq.read_table(path, schema=tables.ARTICLES).to_pylist()


def records(out: str | os.PathLike[str]) -> Iterator[ArticleRecord]:
    """The article records of the output, text included, one partition in memory at a time."""
    for path in files(out, "articles"):
        for row in article_rows(path):
            yield ArticleRecord.from_dict(tables.record_dict(row))
