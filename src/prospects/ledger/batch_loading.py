"""Load a `prospects batch` output directory into the ledger: `prospects ingest --from DIR`.

Each done partition's article records go through `Ledger.store`, one transaction per article,
as `ingest --records` stores another ledger's export: source matching across articles, forecast
ids, unchanged records and corrections follow the one set of rules, so a batch output loaded
twice stores nothing new, and a ledger loaded from it equals one that `prospects ingest` made
from the same inputs. (A bulk COPY of the flat tables would have to redo source matching and id
assignment outside `store`; not done.)

Only the partitions the manifest lists as done are read (docs/scale.md: the output is what the
manifest lists); failed ones are reported, never half-read.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from prospects.batch import manifest, output, tables
from prospects.records import ArticleRecord, IngestError


@dataclass
class BatchOutput:
    """The manifest of an output directory: its done partitions (in input order) and its failed
    ones as `input: error` lines."""

    out: Path
    done: list[dict] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return sum(int(entry.get("counts", {}).get("articles", 0)) for entry in self.done)

    def records(self) -> Iterator[ArticleRecord | IngestError]:
        """Each done partition's records, one partition in memory at a time; a partition file
        that cannot be read is an error of that partition and the others are read."""
        for entry in self.done:
            path = self.out / entry["files"]["articles"]
            try:
                rows = output.article_rows(path)
            except (OSError, ValueError) as exc:
                yield IngestError(str(path), str(exc).splitlines()[0])
                continue
            for number, row in enumerate(rows, 1):
                try:
                    yield ArticleRecord.from_dict(tables.record_dict(row))
                except (ValueError, KeyError, TypeError) as exc:
                    yield IngestError(f"{path}#{number}", str(exc).splitlines()[0])


def open_output(out: str | os.PathLike[str]) -> BatchOutput:
    """The batch output in `out`; FileNotFoundError without a manifest, manifest.ManifestError
    for one of another schema."""
    folder = Path(out)
    found = manifest.require(folder)
    return BatchOutput(
        folder,
        done=list(found.get("done", [])),
        failed=[
            f"partition {entry.get('id')} ({_where(entry.get('input', {}))}): failed in the "
            f"batch run, not loaded: {entry.get('error')}"
            for entry in found.get("failed", [])
        ],
    )


def _where(span: dict) -> str:
    if "paths" in span:
        paths = span["paths"]
        return paths[0] + (f" and {len(paths) - 1} more" if len(paths) > 1 else "")
    return str(span.get("path", "?"))
