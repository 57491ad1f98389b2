"""Data on stdout for scripts: JSON arrays and CSV, streamed row by row."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Any


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def write_data(fmt: TableFormat, rows: Iterable[dict[str, Any]]) -> bool:
    """Write `rows` as a JSON array or CSV when `fmt` asks for data; False when it asks for a
    table, which the caller draws."""
    if fmt is TableFormat.json:
        write_json_array(rows)
    elif fmt is TableFormat.csv:
        write_csv(rows)
    else:
        return False
    return True


def write_json_array(items: Iterable[dict[str, Any]]) -> None:
    """A JSON array, one object a line, written as the items come (a ledger can be large)."""
    sys.stdout.write("[")
    for i, item in enumerate(items):
        sys.stdout.write(
            ("," if i else "") + "\n" + json.dumps(item, ensure_ascii=False, default=str)
        )
    sys.stdout.write("\n]\n")


def write_csv(items: Iterable[dict[str, Any]]) -> None:
    """CSV with a header from the first item; dates ISO, nested values as JSON."""
    writer: csv.DictWriter[str] | None = None
    for item in items:
        if writer is None:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(item))
            writer.writeheader()
        writer.writerow({k: _plain(v) for k, v in item.items()})
