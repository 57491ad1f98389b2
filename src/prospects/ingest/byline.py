"""Who wrote an article and whether it is opinion, from its metadata or its own text.

An op-ed's forecasts are its writer's (spec FORECASTS.md: "Letters and op-eds: the writer is the
source, named as the byline or bio line gives it"), so ingest carries the byline (`authors`) and
the genre ("opinion", "news", or None when nothing says) on the Article. Every word list is in
data/bylines.yaml. Nothing here raises on odd input: a byline that is not a list of names gives
no authors, never a failed article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from prospects import wordlists

OPINION = "opinion"
NEWS = "news"

# Parts of a byline: "A; B", "A, B and C", "A & B", "A | Outlet", "A - Staff writer".
_SEPARATORS = re.compile(r"\s*(?:[;,|/]|\s(?:and|&)\s|\s[-–—]\s)\s*", re.IGNORECASE)
_BY = re.compile(r"^(?:written\s+)?by[:\s]\s*", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[^\W\d_][\w’'.\-]*$")
_NOT_A_NAME = re.compile(r"@|://|^www\.|\.(?:com|org|net)\b", re.IGNORECASE)
# Markup around a closing line: *italics*, _italics_, a leading dash.
_DECORATION = re.compile(r"^[\s*_]*(?:[-–—]+\s*)?[*_]*|[\s*_]+$")
# An input longer than this is not a byline; only its start is looked at.
_MAX_INPUT = 2_000
# Bounded repeats: a page of unclosed tags must not make these quadratic.
_JSON_LD_OPEN = re.compile(r"<script[^>]{0,500}application/ld\+json[^>]{0,500}>", re.IGNORECASE)
# A JSON-LD key's value: one string or a list of them ("@type", "articleSection").
_LD_VALUE = r'"{key}"\s*:\s*("[^"]{{0,200}}"|\[[^\]]{{0,2000}}\])'
_QUOTED = re.compile(r'"([^"]*)"')
_PACKAGE, _FILE = "prospects.ingest", "bylines.yaml"


@dataclass(frozen=True)
class Byline:
    authors: tuple[str, ...] = ()
    genre: str | None = None


def authors_of(raw: Any, outlet: str | None = None) -> tuple[str, ...]:
    """The person names in a byline string (or list of them), outlets and job titles dropped.

    "Jane Doe; Daily Planet Staff" -> ("Jane Doe",); "By TOM ROGAN, Washington Examiner" ->
    ("Tom Rogan",). Emails, URLs, overlong parts and the outlet's own name are not names.
    """
    names: list[str] = []
    for value in _strings(raw):
        for part in _SEPARATORS.split(_BY.sub("", value.strip()[:_MAX_INPUT])):
            name = _as_name(_BY.sub("", part.strip()), outlet)
            if name and name not in names:
                names.append(name)
    return tuple(names[: _limit("max_authors")])


def genre_of_url(url: str | None) -> str | None:
    """Opinion when a folder of the URL's path is an opinion folder (/opinion/, /op-ed/...)."""
    if not url:
        return None
    try:
        path = urlsplit(url.strip()[:_MAX_INPUT]).path
    except ValueError:
        return None
    folders = {segment.lower() for segment in path.split("/")[:-1] if segment}
    # The last segment is the page's own slug ("/2024/05/why-letters-matter"): only whole
    # folders count, and a trailing slash makes the last real segment a folder.
    if path.endswith("/"):
        folders |= {segment.lower() for segment in path.split("/") if segment}
    return OPINION if folders & _lowered("opinion_url_segments") else None


def genre_of_sections(values: Any) -> str | None:
    """Opinion when a section, tag or category is an opinion section ("Op-Ed", "Letters")."""
    wanted = _lowered("opinion_sections")
    for value in _strings(values):
        if " ".join(value.split()).lower() in wanted:
            return OPINION
    return None


def json_ld_types(html: str) -> tuple[str, ...]:
    """Every `@type` named in the page's JSON-LD blocks (schema.org types, as written)."""
    return json_ld_values(html, "@type")


def json_ld_values(html: str, key: str) -> tuple[str, ...]:
    """Every string under `key` in the page's JSON-LD blocks, as written: `articleSection`
    ("Opinion", "Columnist") is read here because trafilatura keeps it only for some layouts."""
    pattern = _ld_value(key)
    found: list[str] = []
    lowered = html.lower()
    position = 0
    while opening := _JSON_LD_OPEN.search(html, position):
        # An unclosed block runs to the end of the page, and nothing can follow it.
        end = lowered.find("</script", opening.end())
        block = html[opening.end() : end if end >= 0 else len(html)]
        for value in pattern.findall(block):
            found.extend(_QUOTED.findall(value))
        if end < 0:
            break
        position = end
    return tuple(found)


@cache
def _ld_value(key: str) -> re.Pattern[str]:
    return re.compile(_LD_VALUE.format(key=re.escape(key)))


def genre(*, types: Iterable[str] = (), sections: Any = None, url: str | None = None) -> str | None:
    """The genre the metadata gives: a type in the writer's own voice (JSON-LD: opinion,
    analysis, review, column) wins, a bare `Review` stays None (often a product's rating block,
    not the article), then a section or URL saying opinion, then a news type."""
    typed = {t.strip().lower() for t in types}
    if typed & _lowered("opinion_types"):
        return OPINION
    if typed & _lowered("neither_types"):
        return None
    news = NEWS if typed & _lowered("news_types") else None
    return genre_of_sections(sections) or genre_of_url(url) or news


def from_text(text: str, outlet: str | None = None) -> Byline:
    """A byline paragraph at the top ("By Tom Rogan") or a bio line at the end ("Tom Rogan is a
    commentary writer for the Washington Examiner.") of a plain text. A bio line is how an op-ed
    signs, so it also makes the genre "opinion"."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return Byline()
    # A byline is one line, whether paragraphs are separated by blank lines or not.
    top = [_DECORATION.sub("", line) for line in lines[: _limit("byline_paragraphs")]]
    bylines = [line for line in top if _is_byline(line)]
    authors = next((found for line in bylines if (found := authors_of(line, outlet))), ())
    bio = _closing_bio(text, lines, bylines, outlet)
    if bio:
        return Byline(authors=authors or bio, genre=OPINION)
    return Byline(authors=authors)


def _closing_bio(
    text: str, lines: list[str], bylines: list[str], outlet: str | None
) -> tuple[str, ...]:
    """The writers a closing bio line names, unless the story is about them: an op-ed's writer
    is not named in its own body, the subject of a news story is."""
    if len(lines) < 2:
        return ()
    body = text.rstrip()
    # The last paragraph (its lines joined: hard-wrapped text), else the last line.
    start = max(m.end() for m in re.finditer(r"^|\n\s*\n", body))
    last = body[start:]
    names = bio_authors(" ".join(last.split()), outlet) if len(last) < 4_000 else ()
    if not names:
        start = body.rfind(lines[-1])
        names = bio_authors(lines[-1], outlet)
    if not names:
        return ()
    before = body[:start]
    for line in bylines:
        before = before.replace(line, "")
    return () if any(name in before for name in names) else names


def _is_byline(line: str) -> bool:
    short = len(line) <= _limit("max_byline_chars") and len(line.split()) <= _limit(
        "max_byline_words"
    )
    return short and "\n" not in line and _BY.match(line) is not None


def bio_authors(paragraph: str, outlet: str | None = None) -> tuple[str, ...]:
    """The writers a closing bio line names ("Jane Doe is a professor of economics at ..."),
    else ()."""
    line = _DECORATION.sub("", paragraph.strip())
    if not line or len(line) > _limit("max_bio_chars") or "\n" in line:
        return ()
    match = _bio_pattern().match(line)
    if match is None:
        return ()
    names = authors_of(match.group("names"), outlet)
    # Every part before "is/are" must be a name: "The bill is a disaster for writers" is no bio.
    parts = [p for p in _SEPARATORS.split(match.group("names")) if p.strip()]
    return names if names and len(names) == len(parts) else ()


def merge(first: Byline, fallback: Byline) -> Byline:
    """What `first` knows, completed by `fallback` (metadata first, then the text's own lines)."""
    return Byline(authors=first.authors or fallback.authors, genre=first.genre or fallback.genre)


def _as_name(part: str, outlet: str | None) -> str | None:
    part = " ".join(part.strip(" .:*_\"'“”‘’()[]").split())
    if not part or len(part) > _limit("max_name_chars") or _NOT_A_NAME.search(part):
        return None
    words = part.split()
    if not 2 <= len(words) <= _limit("max_name_words"):
        return None
    particles = _lowered("name_particles")
    not_names = _lowered("not_name_words") | _lowered("not_name_time_words")
    for word in words:
        if not _NAME_WORD.match(word) or word.lower().strip(".") in not_names:
            return None
        if not word[0].isupper() and word.lower() not in particles:
            return None
    if outlet and part.lower() in " ".join(outlet.split()).lower():
        return None
    # All capitals is typography ("By TOM ROGAN"), not how the name is spelled.
    return part.title() if part.isupper() else part


def _strings(raw: Any) -> list[str]:
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, Iterable) and not isinstance(raw, bytes | dict):
        return [item for item in raw if isinstance(item, str)]
    return []


@cache
def _bio_pattern() -> re.Pattern[str]:
    roles = "|".join(re.escape(r) for r in sorted(_phrases("bio_roles"), key=len, reverse=True))
    window = _limit("bio_role_window")
    return re.compile(
        r"(?P<names>[^\W\d_][^!?;:]{2,150}?)\s+(?:is|are|was)\s+"
        r"(?:(?:a|an|the|also|now)\s+)*"
        rf"(?:[\w’'\-,]+\s+){{0,{window}}}?(?:{roles})s?\b",
        re.IGNORECASE,
    )


def _lowered(key: str) -> frozenset[str]:
    return wordlists.words(_PACKAGE, _FILE, key)


def _phrases(key: str) -> tuple[str, ...]:
    return wordlists.phrases(_PACKAGE, _FILE, key)


@cache
def _limit(key: str) -> int:
    return wordlists.integer(_PACKAGE, _FILE, key)
