"""A partition: one task's share of the inputs, small enough to hand to a worker by value.

A WARC or JSONL partition is a byte range `[start, end)` of one file, cut at record or line
boundaries; a Parquet partition is the row groups `[start, end)` of one file; a files
partition is a group of whole files, read as `prospects analyze` reads them. `paths` are the
inputs as the user wrote them (they name the articles, so a relative path stays relative);
`locations` are the same files made absolute, for a worker whose working directory differs.
`first` numbers the first item of the range (a JSONL line number from 1, a Parquet row from
1), so that an item without an id is named the same whichever partition holds it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["warc", "jsonl", "parquet", "files"]


@dataclass(frozen=True)
class Partition:
    kind: Kind
    paths: tuple[str, ...]
    locations: tuple[str, ...]
    start: int = 0
    end: int = 0
    first: int = 1
    # sha256 of what the range holds (see digest.py): a changed input is never taken as done
    digest: str = ""
    # bytes of input, about: the biggest partitions are sent first, so that the last to
    # finish is a small one and no worker idles long at the end
    size: int = 0

    @property
    def id(self) -> str:
        """Stable across runs for the same range of the same input, whatever its content."""
        key = "\0".join((self.kind, *self.paths, str(self.start), str(self.end)))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

    def describe(self) -> dict[str, Any]:
        """The input range as the manifest lists it."""
        if self.kind == "files":
            return {"kind": self.kind, "paths": list(self.paths)}
        unit = "row_groups" if self.kind == "parquet" else "bytes"
        return {
            "kind": self.kind,
            "path": self.paths[0],
            unit: [self.start, self.end],
            "first": self.first,
        }
