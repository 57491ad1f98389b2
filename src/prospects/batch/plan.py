"""What the user named -> partitions, on the client, before any worker starts.

Inputs are expanded as `prospects analyze` expands them (ingest's paths, folders and globs). A
file is a JSONL input by its extension (.jsonl, .ndjson) and a Parquet input by its own
(.parquet); either must be named (or globbed): a folder walk picks up article formats only,
as it does for `prospects analyze`. A file whose content is a WARC archive, named or found in a
folder, is cut at its records; every other file joins a group of whole files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from prospects.batch import cuts, digest
from prospects.batch.partitions import Kind, Partition
from prospects.ingest.errors import one_line
from prospects.ingest.inputs import File, Folder, Stdin, expand
from prospects.ingest.sniff import HEAD_BYTES, is_warc
from prospects.records import IngestError

# About 2 MB of input per task: a few hundred news pages of a .warc.gz, a few seconds to a
# minute of one worker's time; small enough that a rerun after a crash redoes little.
DEFAULT_PARTITION_BYTES = 2 * 1024 * 1024
# Many tiny files in one task would make its one failure (a disk error) cost them all.
FILES_PER_PARTITION = 200

JSONL_EXTENSIONS = (".jsonl", ".ndjson")
PARQUET_EXTENSIONS = (".parquet",)


@dataclass(frozen=True)
class Plan:
    partitions: tuple[Partition, ...]
    # inputs that give no partition: a missing file, an unreadable Parquet footer, stdin
    errors: tuple[IngestError, ...] = ()


def plan(inputs: Iterable[str | os.PathLike[str]], target_bytes: int) -> Plan:
    """The partitions of `inputs`, in input order, each about `target_bytes` of input."""
    partitions: list[Partition] = []
    errors: list[IngestError] = []
    loose: list[str] = []  # files read whole, grouped once all inputs are seen
    for raw in [inputs] if isinstance(inputs, str | os.PathLike) else inputs:
        for named in expand(raw):
            if isinstance(named, IngestError):
                errors.append(named)
            elif isinstance(named, Stdin):
                errors.append(IngestError("-", "stdin cannot be split: save it to a file first"))
            elif isinstance(named, Folder):
                if not named.files:
                    errors.append(_empty_folder(named))
                for file in named.files:
                    _add_file(file.path, target_bytes, partitions, errors, loose, named=False)
            else:
                assert isinstance(named, File)
                _add_file(named.path, target_bytes, partitions, errors, loose, named=True)
    partitions.extend(_file_groups(loose, target_bytes))
    unique = {p.id: p for p in reversed(partitions)}  # one input named twice is read once
    return Plan(tuple(p for p in partitions if unique.get(p.id) is p), tuple(errors))


def _add_file(
    path: str,
    target: int,
    partitions: list[Partition],
    errors: list[IngestError],
    loose: list[str],
    *,
    named: bool,
) -> None:
    lowered = path.lower()
    try:
        if named and lowered.endswith(JSONL_EXTENSIONS):
            ranges = cuts.jsonl_ranges(_at(path), target)
            kind: Kind = "jsonl"
        elif named and lowered.endswith(PARQUET_EXTENSIONS):
            ranges = _parquet_ranges(path, target)
            kind = "parquet"
        elif _is_warc(path):
            ranges = cuts.warc_ranges(_at(path), target)
            kind = "warc"
        else:
            loose.append(path)
            return
    except OSError as exc:
        errors.append(IngestError(path, f"cannot open: {exc.strerror or exc}"))
        return
    except _NotInput as problem:
        errors.append(IngestError(path, str(problem)))
        return
    if not ranges:
        errors.append(IngestError(path, "empty"))
    for span in ranges:
        if kind == "parquet":
            found = digest.of_row_groups(_at(path), span)
        else:
            found = digest.of_bytes(_at(path), span.start, span.end)
        partitions.append(
            Partition(
                kind, (path,), (_at(path),), span.start, span.end, span.first, found, span.size
            )
        )


class _NotInput(Exception):
    """A file of a batch format that cannot be read as one (say, a Parquet file without text)."""


def _parquet_ranges(path: str, target: int) -> list[cuts.Range]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(_at(path))
    except (pa.ArrowException, ValueError) as exc:
        raise _NotInput(one_line(f"not a Parquet file: {exc}")) from None
    if "text" not in schema.names:
        raise _NotInput(f"Parquet file without a text column (columns: {', '.join(schema.names)})")
    return cuts.parquet_ranges(_at(path), target)


def _is_warc(path: str) -> bool:
    try:
        with open(_at(path), "rb") as handle:
            return is_warc(handle.read(HEAD_BYTES))
    except OSError:
        return False  # read whole, the file's reader reports why it cannot be opened


def _file_groups(paths: list[str], target: int) -> list[Partition]:
    sizes = [_size(p) for p in paths]
    groups = cuts.group(sizes, target, most=FILES_PER_PARTITION)
    partitions = []
    for i, j in groups:
        named = tuple(paths[i:j])
        places = tuple(_at(p) for p in named)
        found = digest.of_files(places)
        partitions.append(Partition("files", named, places, digest=found, size=sum(sizes[i:j])))
    return partitions


def _size(path: str) -> int:
    try:
        return os.path.getsize(_at(path))
    except OSError:
        return 0


def _at(path: str) -> str:
    return os.path.abspath(path)


def _empty_folder(folder: Folder) -> IngestError:
    # the words of ingest's own error for a folder with nothing to read
    return IngestError(
        folder.path,
        f"no readable article in this folder (0 file(s) tried, {folder.skipped} skipped by "
        "extension)",
    )
