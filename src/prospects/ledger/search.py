"""Full-text search of forecasts: a person's words as a query of the index that schema.py keeps
(SQLite FTS5, PostgreSQL tsvector with a GIN index).

Every word must match (AND), in the proposition, the evidence sentence, the source's name or the
article's title, and the last word also matches as the beginning of a longer word, for a search
box that lists results while one types. A word is what the database's tokenizer makes of it:
"U.S." or "well-known" match as they appear. Whatever is typed is data, never query syntax: each
word is quoted (SQLite) or parsed by the database's own parser (PostgreSQL), so no input can
raise a syntax error.
"""

from __future__ import annotations

import math
import re
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    case,
    column,
    exists,
    false,
    func,
    or_,
    select,
    table,
)

from prospects.ledger import schema

# A shorter last word is not taken as a prefix: one or two letters begin a large part of the
# vocabulary, and matching them all would cost more than the search is worth.
MIN_PREFIX = 3

F = schema.forecasts
A = schema.articles
S = schema.sources
_fts = table("forecast_search", column("rowid"), column("forecast_search"))
_keys = table("forecast_search_keys", column("key"), column("forecast_id"))
_vocabulary = table("forecast_search_vocabulary", column("term"))
_documents = table("forecast_search", column("forecast_id"), column("document"))


def words(search: str | None) -> list[str]:
    """The words of a search that can match: split at spaces, without those that have no letter
    or digit (punctuation is not indexed, so it is ignored), and without NUL, which no database
    takes in a string."""
    cleaned = (search or "").replace("\x00", " ")
    cleaned = cleaned.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate
    return [w for w in cleaned.split() if any(c.isalnum() for c in w)]


def is_prefix(word: str) -> bool:
    """Whether the last word may match the beginning of longer words: only a plain word (letters
    and digits), whose prefix query needs no quoting on either database."""
    return len(word) >= MIN_PREFIX and all(c.isalnum() for c in word)


def fts5_query(found: list[str]) -> str:
    """An FTS5 MATCH expression: each word a quoted string (quotes doubled), the last one a
    prefix when it can be. Inside quotes FTS5 reads nothing as syntax; a word the tokenizer
    splits ("U.S.") is a phrase of its parts."""
    quoted = [_quoted(w) for w in found]
    if found and is_prefix(found[-1]):
        quoted[-1] += "*"
    return " AND ".join(quoted)


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def condition(conn: Connection, search: str | None, wanted: int | None = None) -> Any:
    """A condition on the forecasts table for the forecasts the search matches, or None when it
    has no words (no condition). `wanted`: how many rows of the listing will be read (offset and
    limit), None for all of them (a count)."""
    found = words(search)
    if not found:
        return None
    if conn.dialect.name == "postgresql":
        # a document is checked against a query in microseconds (a tsvector is kept), so the
        # planner's own choice, from the GIN index's statistics, is a good one
        matched = select(_documents.c.forecast_id).where(
            _documents.c.document.op("@@")(_tsquery(found))
        )
        return F.c.id.in_(matched)
    if conn.dialect.name != "sqlite":
        raise ValueError(f"no full-text search on {conn.dialect.name}")
    if wanted is not None:
        crude = _crude(found)
        per_row = _CHECK_US if crude is None else _SCAN_US
        many = _many_matches(conn, fts5_query(found), wanted, per_row)
        spelled = _spelled_out(conn, found) if many else None
        if spelled is not None:
            # Read the listing in order and check each forecast against the index, which stops
            # after a page: fetching every match first would read, join and sort them all.
            checked = exists(
                select(_keys.c.key)
                .join(_fts, _fts.c.rowid == _keys.c.key)
                .where(_keys.c.forecast_id == F.c.id, _match(spelled))
                .correlate(F)
            )
            # the cheap test first: CASE keeps the order (an AND could be reordered)
            return checked if crude is None else case((crude, checked), else_=false())
    matched = select(_fts.c.rowid).where(_match(fts5_query(found)))
    return F.c.id.in_(select(_keys.c.forecast_id).where(_keys.c.key.in_(matched)))


def _match(query: str) -> Any:
    return _fts.c.forecast_search.op("MATCH")(bindparam("fts", query))


# What each way costs on the benchmark ledger at full size (SQLite, a million forecasts), in
# microseconds: fetching a match and sorting it into the listing; checking a forecast against
# FTS5, which parses the query and seeks each word's list again for every forecast; and reading
# one that `_crude` turns away without a check.
_MATCH_US = 12
_CHECK_US = 60
_SCAN_US = 5
# A prefix spelled out as more words than this is checked faster by fetching every match.
MAX_SPELLED = 10
# The only characters besides A-Z that unicode61 folds into ASCII letters (Kelvin sign, long s):
# with one of them a document may match an ASCII word that LIKE does not find (a test checks).
FOLDED_INTO_ASCII = "\u212a\u017f"
_ASCII_RUN = re.compile(r"[0-9A-Za-z]+")


def _many_matches(conn: Connection, query: str, wanted: int, per_row: int) -> bool:
    """Whether reading the listing in order finds `wanted` rows sooner than fetching every match.
    With M matches among N forecasts, the reading goes through about wanted * N / M forecasts and
    the fetching handles M matches; they cost the same at M = sqrt(per_row / _MATCH_US * wanted
    * N). Counting the matches stops there."""
    indexed = int(conn.execute(select(func.max(_keys.c.key))).scalar() or 0)
    threshold = max(1, math.isqrt(per_row * max(1, wanted) * indexed // _MATCH_US))
    some = select(_fts.c.rowid).where(_match(query)).limit(threshold)
    counted = conn.execute(select(func.count()).select_from(some.subquery())).scalar() or 0
    return int(counted) >= threshold


def _crude(found: list[str]) -> Any:
    """A test that every forecast the search matches passes, and most others fail, in a fraction
    of the time of asking FTS5: each ASCII run of letters and digits of each word in one of the
    document's columns (LIKE, which ignores ASCII case as unicode61 does), unless a column holds
    a character that folds into ASCII. None when no word has such a run. It reads the article's
    title and the source's name: the listing query joins them."""
    runs = [run for word in found for run in _ASCII_RUN.findall(word)]
    if not runs:
        return None
    columns = (F.c.proposition, F.c.text, S.c.name, A.c.title)
    every = and_(*(or_(*(c.like(f"%{run}%") for c in columns)) for run in runs))
    folding = or_(*(c.op("GLOB")(f"*[{FOLDED_INTO_ASCII}]*") for c in columns))
    return or_(every, folding)


def _spelled_out(conn: Connection, found: list[str]) -> str | None:
    """The FTS5 query with the last word's prefix spelled out as the indexed words it begins,
    for checking forecasts one by one: FTS5 answers a prefix by merging the lists of all those
    words again for every forecast it checks, a word it seeks in its own list. None when the
    prefix begins more than MAX_SPELLED words (or none: a case the tokenizer folds otherwise)."""
    if not is_prefix(found[-1]):
        return fts5_query(found)
    prefix = found[-1].lower()
    begun = (
        select(_vocabulary.c.term)
        .where(_vocabulary.c.term >= prefix, _vocabulary.c.term < prefix + _LAST_CHARACTER)
        .limit(MAX_SPELLED + 1)
    )
    spelled = list(conn.execute(begun).scalars())
    if not spelled or len(spelled) > MAX_SPELLED:
        return None
    either = " OR ".join(_quoted(w) for w in spelled)
    return " AND ".join([*(_quoted(w) for w in found[:-1]), f"({either})"])


_LAST_CHARACTER = "\U0010ffff"


def _tsquery(found: list[str]) -> Any:
    """The words as one tsquery: each parsed by PostgreSQL as the documents were
    (phraseto_tsquery, so "U.S." or "3.5%" become what to_tsvector made of them), joined by &&;
    a plain last word as a prefix (`word:*`), which is safe to write because it has nothing but
    letters and digits."""
    parts: list[Any] = [func.phraseto_tsquery("simple", w) for w in found]
    if is_prefix(found[-1]):
        parts[-1] = func.to_tsquery("simple", found[-1] + ":*")
    query = parts[0]
    for part in parts[1:]:
        query = query.op("&&")(part)
    return query
