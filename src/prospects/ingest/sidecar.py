"""Sidecar metadata: `X.meta.yaml` (or `X.txt.meta.yaml`) beside a single-document file `X.txt`.

Plain text carries no metadata of its own, so a small YAML file next to it can say what a page's
meta tags would: `title`, `published`, `url`, `outlet`, `authors` (a name or a list of names) and
`genre` ("opinion" or "news"), all optional. A sidecar is metadata: its
date has basis "metadata", and it beats what the document itself says. A broken sidecar is
ignored with a warning on the article, never a reason to drop the article.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from prospects.ingest.dates import metadata_date
from prospects.ingest.errors import one_line
from prospects.records import GENRES

SUFFIX = ".meta.yaml"
# One sidecar string may name several writers: "Jane Doe; John Roe", "Jane Doe and John Roe".
_NAME_SEPARATORS = re.compile(r"\s*;\s*|\s+(?:and|&)\s+")
KEYS = ("title", "published", "url", "outlet", "authors", "genre")


@dataclass(frozen=True)
class Sidecar:
    title: str | None = None
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    warnings: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    genre: str | None = None


def is_sidecar(path: str | os.PathLike[str]) -> bool:
    return os.fspath(path).lower().endswith(SUFFIX)


def sidecar_path(path: str | os.PathLike[str]) -> Path | None:
    """The sidecar file of `path`, if there is one."""
    p = Path(path)
    for candidate in (p.with_name(p.name + SUFFIX), p.with_name(_stem(p.name) + SUFFIX)):
        if candidate.is_file():
            return candidate
    return None


def load_sidecar(path: str | os.PathLike[str]) -> Sidecar:
    """The metadata beside `path` (an empty Sidecar when there is none)."""
    found = sidecar_path(path)
    if found is None:
        return Sidecar()
    try:
        data: Any = yaml.safe_load(found.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return Sidecar(warnings=(one_line(f"ignored {found.name}: {type(exc).__name__}"),))
    if data is None:
        return Sidecar()
    if not isinstance(data, dict):
        return Sidecar(warnings=(f"ignored {found.name}: not a mapping of {', '.join(KEYS)}",))
    warnings = []
    unknown = sorted(str(k) for k in data if k not in KEYS)
    if unknown:
        warnings.append(f"{found.name}: unknown keys ignored: {', '.join(unknown)}")
    published = metadata_date(data.get("published"))
    if data.get("published") is not None and published is None:
        warnings.append(one_line(f"{found.name}: published {data['published']!r} is not a date"))
    genre = _text(data.get("genre"))
    if genre is not None and genre.lower() not in GENRES:
        warnings.append(
            one_line(f"{found.name}: genre {genre!r} ignored: not {' or '.join(GENRES)}")
        )
        genre = None
    authors = data.get("authors")
    if isinstance(authors, dict) or (
        isinstance(authors, list) and any(isinstance(a, dict | list) for a in authors)
    ):
        warnings.append(f"{found.name}: authors ignored: not a name or a list of names")
        authors = None
    return Sidecar(
        title=_text(data.get("title")),
        published=published,
        url=_text(data.get("url")),
        outlet=_text(data.get("outlet")),
        warnings=tuple(warnings),
        authors=_names(authors),
        genre=genre.lower() if genre else None,
    )


def _stem(name: str) -> str:
    lowered = name.lower()
    for ext in (".warc.gz", ".html.gz", ".txt.gz"):
        if lowered.endswith(ext):
            return name[: -len(ext)]
    return name.rsplit(".", 1)[0] if "." in name else name


def _names(value: Any) -> tuple[str, ...]:
    """The sidecar's authors as written: a list, or one string ("A; B" and "A and B" split).

    A person wrote the sidecar, so names are trusted, not filtered like a page's byline."""
    if isinstance(value, list):
        parts = [_text(item) for item in value]
    else:
        text = _text(value)
        parts = _NAME_SEPARATORS.split(text) if text else []
    return tuple(dict.fromkeys(part.strip() for part in parts if part and part.strip()))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    flat = " ".join(str(value).split())
    return flat or None
