"""Exports: `prospects.article/1` lines with text, and flat tables for pandas and spreadsheets."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from prospects.ledger.store import Ledger

FORMATS = ("jsonl", "csv", "parquet")
WHATS = ("articles", "forecasts", "sources")


def rows(ledger: Ledger, what: str) -> Iterator[dict[str, Any]]:
    """The rows of one export: whole records for articles, flat dicts otherwise."""
    if what == "articles":
        for record in ledger.articles():
            yield record.to_dict(include_text=True)
    elif what == "forecasts":
        for forecast in ledger.iter_forecasts():
            yield forecast.flat()
    elif what == "sources":
        for source in ledger.sources():
            yield source.to_dict()
    else:
        raise ValueError(f"cannot export {what!r}: choose one of {', '.join(WHATS)}")


def _flat_article(d: dict[str, Any]) -> dict[str, Any]:
    """An article record as one spreadsheet row: metadata and counts, no nested lists."""
    a = d["article"]
    return {
        "id": a["id"],
        "title": a["title"],
        "published": a["published"],
        "outlet": a["outlet"],
        "path": a["path"],
        "url": a["url"],
        "language": a["language"],
        "words": a["words"],
        "sentences": a.get("sentences"),
        "sources": len(d["sources"]),
        "quotes": len(d["quotes"]),
        "forecasts": len(d["forecasts"]),
        "pipeline": d.get("pipeline"),
        "text": a.get("text"),
    }


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def export(
    ledger: Ledger,
    *,
    what: str = "articles",
    fmt: str = "jsonl",
    out: TextIO | None = None,
    path: Path | None = None,
) -> int:
    """Write one export to `path` (or the text stream `out`); returns the number of rows.

    Parquet is binary and needs `path`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if path is None:
            raise ValueError("Parquet export needs a file path to write to")
        return _parquet(ledger, what, path)
    if path is not None:
        with path.open("w", encoding="utf-8", newline="") as stream:
            return export(ledger, what=what, fmt=fmt, out=stream)
    if out is None:
        raise ValueError("an export needs a stream or a path to write to")
    n = 0
    if fmt == "jsonl":
        for row in rows(ledger, what):
            out.write(json.dumps(row, ensure_ascii=False, default=_plain) + "\n")
            n += 1
        return n
    writer: csv.DictWriter[str] | None = None
    for row in rows(ledger, what):
        flat = _flat_article(row) if what == "articles" else row
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(flat))
            writer.writeheader()
        writer.writerow({k: _plain(v) for k, v in flat.items()})
        n += 1
    return n


def _parquet(ledger: Ledger, what: str, path: Path, batch: int = 50_000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    pending: list[dict[str, Any]] = []
    n = 0

    def flush() -> None:
        nonlocal writer
        table = pa.Table.from_pylist(pending)
        if writer is None:
            writer = pq.ParquetWriter(str(path), table.schema)
        writer.write_table(table.cast(writer.schema))
        pending.clear()

    try:
        for row in rows(ledger, what):
            pending.append(_flat_article(row) if what == "articles" else row)
            n += 1
            if len(pending) >= batch:
                flush()
        if pending or writer is None:
            if not pending:
                # an empty export still writes a valid file
                pq.write_table(pa.table({}), str(path))
                return 0
            flush()
    finally:
        if writer is not None:
            writer.close()
    return n
