"""One JSONL line or Parquet row -> an `Article`, from its fields alone.

A row is what a sidecar is to a text file: `text`, and optionally `title`, `url`, `published`,
`outlet`, `authors` (a list of names, or one name) and `genre` ("opinion" or "news"), taken as
the document's metadata (a `published` date has basis "metadata"; `--published` beats it). The
article id is the one every article has, sha256 of its text (`records.text_id`), so a text
read from a row and from a file is one article. A row's own `id` is kept in the article's
path, `<file>#<id>`, as a WARC record's id is; a row without one is `<file>#<number>` (its line
in a JSONL file, its row in a Parquet file, from 1), as a feed entry is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from prospects.ingest.assemble import assemble
from prospects.ingest.dates import metadata_date
from prospects.ingest.errors import one_line, too_large
from prospects.records import GENRES, Article, IngestError

FIELDS = ("text", "title", "url", "published", "outlet", "authors", "genre", "id")


def label(path: str, row: Mapping[str, Any], number: int) -> str:
    """The article's path: the row's id when it has one, else its number."""
    given = row.get("id")
    named = str(given).strip() if given is not None else ""
    return f"{path}#{named or number}"


def article(
    row: Mapping[str, Any], *, name: str, given: date | None, max_bytes: int
) -> Article | IngestError:
    """The row's article, or why it has none; `name` is its path (see `label`)."""
    text = row.get("text")
    if not isinstance(text, str):
        return IngestError(name, "no text field" if text is None else "text is not a string")
    if not text.strip():
        return IngestError(name, "empty")
    if len(text.encode("utf-8")) > max_bytes:
        return too_large(len(text.encode("utf-8")), max_bytes).error(name)
    warnings: list[str] = []
    published = metadata_date(row.get("published"))
    if _text(row.get("published")) is not None and published is None:
        warnings.append(one_line(f"published {row['published']!r} is not a date"))
    genre = _text(row.get("genre"))
    if genre is not None and genre.lower() not in GENRES:
        warnings.append(one_line(f"genre {genre!r} ignored: not {' or '.join(GENRES)}"))
        genre = None
    return assemble(
        text,
        path=name,
        given=given,
        found_date=published,
        title=_text(row.get("title")),
        url=_text(row.get("url")),
        outlet=_text(row.get("outlet")),
        warnings=tuple(warnings),
        authors=_authors(row.get("authors")),
        genre=genre.lower() if genre else None,
    )


def _authors(value: Any) -> tuple[str, ...]:
    names = value if isinstance(value, list | tuple) else [value]
    return tuple(dict.fromkeys(t for t in (_text(n) for n in names) if t is not None))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
