"""What the user named -> the files to read: paths, folders, glob patterns and `-` (stdin).

Folders are read recursively in path order. A folder walk skips hidden files and folders,
sidecar `.meta.yaml` files, and files whose extension is not an article format (.txt .md
.html .htm .xhtml .xml .rss .atom .warc .warc.gz .gz, or no extension at all), so that a
README beside the data is not read as data. A file named on its own, or matched by a glob, is
read whatever its extension.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from dataclasses import dataclass

from prospects.ingest.sidecar import is_sidecar
from prospects.ingest.sniff import ARTICLE_EXTENSIONS
from prospects.records import IngestError

STDIN = "-"


@dataclass(frozen=True)
class File:
    """One file to read; `path` is how the user would write it (relative stays relative)."""

    path: str


@dataclass(frozen=True)
class Folder:
    path: str
    files: tuple[File, ...]
    skipped: int


@dataclass(frozen=True)
class Stdin:
    pass


Named = File | Folder | Stdin | IngestError


def expand(raw: str | os.PathLike[str]) -> Iterator[Named]:
    """What one input names, in reading order."""
    given = os.fspath(raw)
    if given == STDIN:
        yield Stdin()
    elif os.path.isdir(given):
        yield folder(given)
    elif os.path.exists(given):
        yield File(given)
    elif glob.has_magic(given):
        matches = sorted(glob.glob(given, recursive=True))
        if not matches:
            yield IngestError(given, "no file matches this pattern")
        for match in matches:
            if os.path.isdir(match):
                yield folder(match)
            elif not is_sidecar(match):
                yield File(match)
    else:
        yield IngestError(given, "no such file or folder")


def folder(path: str) -> Folder:
    found: list[str] = []
    skipped = 0
    for top, dirs, names in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith(".") or is_sidecar(name):
                continue
            if _looks_like_article(name):
                found.append(os.path.join(top, name))
            else:
                skipped += 1
    return Folder(path, tuple(File(p) for p in sorted(found)), skipped)


def _looks_like_article(name: str) -> bool:
    lowered = name.lower()
    return "." not in lowered or lowered.endswith(ARTICLE_EXTENSIONS)
