"""RSS and Atom feeds: every entry is an article.

The entry's full content (`content:encoded`, Atom `content`) is preferred; an entry with only a
summary is analysed from the summary, with a warning, because a teaser holds fewer forecasts
than the article behind it. An entry's `path` is `<feed path>#<entry number>` (from 1). A feed
that is not well-formed XML but still yields entries (feedparser's "bozo" flag) is used, with a
warning on each article. An entry's authors and genre come from its author and category
elements and its link (see byline.py).
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

from prospects.ingest import byline
from prospects.ingest.assemble import assemble
from prospects.ingest.errors import Unreadable, one_line
from prospects.ingest.html import fragment_text, paragraphs, plain_text
from prospects.records import Article, IngestError

SUMMARY_ONLY = "feed has only a summary: analysing the summary"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_feed(
    data: bytes,
    *,
    path: str | None,
    label: str,
    given: date | None,
    warnings: tuple[str, ...] = (),
) -> Iterator[Article | IngestError]:
    """The entries of the feed in `data`; `label` names the input in errors ("-" for stdin).
    `warnings` (about the feed's bytes) go on every entry."""
    import feedparser

    # A stream, never bytes or str: feedparser would take a str for a URL or a file name.
    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            raise Unreadable(f"not a readable feed: {_problem(parsed)}")
        raise Unreadable("feed has no entries")
    feed_warnings = warnings
    if parsed.get("bozo"):
        feed_warnings += (
            one_line(f"feed is not well-formed ({_problem(parsed)}): entries read anyway"),
        )
    outlet = _plain(parsed.get("feed", {}).get("title"))
    for number, entry in enumerate(entries, start=1):
        member = f"{path}#{number}" if path is not None else None
        try:
            text, entry_warnings = _entry_text(entry)
        except Unreadable as problem:
            yield problem.error(f"{label}#{number}")
            continue
        link = _plain(entry.get("link"))
        written = byline.merge(_entry_byline(entry, outlet, link), byline.from_text(text, outlet))
        yield assemble(
            text,
            path=member,
            given=given,
            found_date=_entry_date(entry),
            title=_plain(entry.get("title")),
            url=link,
            outlet=outlet,
            warnings=feed_warnings + entry_warnings,
            authors=written.authors,
            genre=written.genre,
        )


def _entry_byline(entry: Any, outlet: str | None, link: str | None) -> byline.Byline:
    """Authors from `authors` (Atom authors, RSS author, dc:creator; feedparser keeps the name
    apart from an email), else `author`; opinion from the entry's categories or its URL."""
    names = [a.get("name") for a in entry.get("authors") or [] if isinstance(a, dict)]
    authors = byline.authors_of(names, outlet) or byline.authors_of(entry.get("author"), outlet)
    terms = [t.get("term") for t in entry.get("tags") or [] if isinstance(t, dict)]
    return byline.Byline(authors, byline.genre(sections=terms, url=link))


def _entry_text(entry: Any) -> tuple[str, tuple[str, ...]]:
    for content in entry.get("content") or []:
        text = _to_text(content.get("value"), content.get("type"))
        if text:
            return text, ()
    summary = _to_text(entry.get("summary"), (entry.get("summary_detail") or {}).get("type"))
    if summary:
        return summary, (SUMMARY_ONLY,)
    raise Unreadable("feed entry has no text")


def _to_text(value: Any, kind: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        return ""
    if kind in _HTML_TYPES or "<" in value:
        return fragment_text(value)
    return paragraphs(value.replace("\r\n", "\n"), separator="\n\n")


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            try:
                return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            except ValueError:
                continue
    return None


def _plain(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = plain_text(value) if "<" in value else " ".join(value.split())
    flat = " ".join(text.split())
    return flat or None


def _problem(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    return one_line(str(exc) or type(exc).__name__, limit=120) if exc else "unknown problem"
