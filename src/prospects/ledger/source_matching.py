"""Which stored source a record's speaker is: one person across articles, groups per name.

Rules (docs/ledger.md says the same to users):
- The article's own voice is one source per outlet.
- Groups, organisations and anonymous speakers are one source per (type, normalised name,
  anonymity): "U.S. officials" in two articles is one source, "officials" another.
- A named person matches a stored person of the same surname when their given names agree (equal,
  one an initial of the other, or one missing: "Kofman" matches "Michael Kofman") and their
  affiliations do not contradict each other (equal, sharing a distinctive word, or one missing).
  Among several candidates the best agreement wins, then the oldest. The match fills in the
  stored person's longer name or missing affiliation.
- A user's corrections come first: a split pins an article's mention to a source, and a merge
  leaves the merged source pointing at the one it was merged into, so a re-ingest lands in the
  same place.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import Connection, and_, bindparam, select, update

from prospects.ledger import schema
from prospects.ledger.identity import normalise
from prospects.records import Source

SOURCE_ID_LENGTH = 8
_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


@cache
def _stopwords() -> frozenset[str]:
    text = resources.files("prospects.ledger").joinpath("data/affiliation_stopwords.txt")
    lines = text.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def name_parts(name: str) -> tuple[tuple[str, ...], str]:
    """(given names, surname) of a person's normalised name."""
    words = [w for w in normalise(name).split() if w not in _NAME_SUFFIXES]
    if not words:
        return (), ""
    return tuple(words[:-1]), words[-1]


def given_names_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if not a or not b:
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    # every given name of the shorter form must agree with one of the longer, in order
    position = 0
    for word in shorter:
        while position < len(longer) and not _word_agrees(word, longer[position]):
            position += 1
        if position == len(longer):
            return False
        position += 1
    return _word_agrees(a[0], b[0])


def _word_agrees(a: str, b: str) -> bool:
    if a == b:
        return True
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def affiliation_words(affiliation: str | None) -> frozenset[str]:
    if not affiliation:
        return frozenset()
    return frozenset(w for w in normalise(affiliation).split() if w not in _stopwords())


def affiliations_agree(a: str | None, b: str | None) -> bool | None:
    """True when they name one employer, False when they contradict, None when one is unknown."""
    wa, wb = affiliation_words(a), affiliation_words(b)
    if not wa or not wb:
        return None
    return bool(wa & wb)


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str | None
    affiliation: str | None
    merged_into: str | None
    created_at: datetime
    role: str | None = None


def person_score(source: Source, candidate: Candidate) -> float | None:
    """How well a mentioned person fits a stored one; None when they are different people."""
    given, surname = name_parts(source.name or "")
    other_given, other_surname = name_parts(candidate.name or "")
    if surname != other_surname or not given_names_agree(given, other_given):
        return None
    agreement = affiliations_agree(source.affiliation, candidate.affiliation)
    if agreement is False:
        return None
    score = 2.0 if given == other_given else 1.0
    return score + (1.0 if agreement else 0.0)


# Statements built once (SQLAlchemy then reuses their compiled form): each stored article
# resolves a few speakers, and building a statement costs more than running it on SQLite.
_t = schema.sources
_MERGED_INTO = select(_t.c.merged_into).where(_t.c.id == bindparam("sid"))
_ID_TAKEN = select(_t.c.id).where(_t.c.id == bindparam("sid"))
_INSERT = _t.insert()
_PINS = select(schema.source_pins.c.norm_name, schema.source_pins.c.source_id).where(
    schema.source_pins.c.article_id == bindparam("aid")
)
_PERSONS = (
    select(_t.c.id, _t.c.name, _t.c.affiliation, _t.c.role, _t.c.created_at, _t.c.merged_into)
    .where(
        and_(_t.c.type == "person", _t.c.surname == bindparam("surname"), _t.c.anonymous.is_(False))
    )
    .order_by(_t.c.created_at, _t.c.id)
)
_BY_KEY = (
    select(_t.c.id, _t.c.merged_into)
    .where(
        and_(
            _t.c.type == bindparam("type"),
            _t.c.norm_name == bindparam("norm"),
            _t.c.anonymous == bindparam("anonymous"),
        )
    )
    .order_by(_t.c.merged_into.is_not(None), _t.c.created_at, _t.c.id)
    .limit(1)
)
_DETAILS = select(_t.c.name, _t.c.affiliation, _t.c.role).where(_t.c.id == bindparam("sid"))


def final(conn: Connection, source_id: str) -> str:
    """Follow merges to the source that stands for this one now."""
    seen = {source_id}
    current = source_id
    while True:
        target = conn.execute(_MERGED_INTO, {"sid": current}).scalar()
        if target is None or target in seen:
            return current
        seen.add(target)
        current = target


def new_source_id(conn: Connection, key: str) -> str:
    salt = 0
    while True:
        digest = hashlib.sha256(f"{key}\0{salt}".encode()).hexdigest()[:SOURCE_ID_LENGTH]
        if conn.execute(_ID_TAKEN, {"sid": digest}).first() is None:
            return digest
        salt += 1


def create(conn: Connection, source: Source, *, norm_name: str, note: str = "") -> str:
    key = f"{source.type}\0{norm_name}\0{source.anonymous}\0{source.affiliation}\0{note}"
    sid = new_source_id(conn, key)
    conn.execute(_INSERT, source_row(source, sid, norm_name, datetime.now(UTC)))
    return sid


def source_row(source: Source, source_id: str, norm_name: str, now: datetime) -> dict[str, Any]:
    """The sources row of a speaker first seen `now`; its counters start at the table's 0."""
    return {
        "id": source_id,
        "type": source.type,
        "name": source.name,
        "norm_name": norm_name,
        # persons only: the key their later mentions are matched by
        "surname": name_parts(source.name or "")[1] if source.type == "person" else None,
        "anonymous": source.anonymous,
        "affiliation": source.affiliation,
        "role": source.role,
        "merged_into": None,
        "created_at": now,
    }


def _author_name(outlet: str | None) -> str:
    return f"author {normalise(outlet or '')}".strip()


def pins(conn: Connection, article_id: str) -> dict[str, str]:
    """A user's split corrections for one article: normalised mention name -> source id."""
    rows = conn.execute(_PINS, {"aid": article_id})
    return {row.norm_name: row.source_id for row in rows}


def resolve(
    conn: Connection,
    article_id: str,
    source: Source,
    outlet: str | None,
    pinned: dict[str, str] | None = None,
) -> str:
    """The stored source id for one of an article's speakers, created when new. `pinned` is
    `pins(conn, article_id)`, read once per article by the caller (looked up here when None)."""
    if source.type == "author":
        norm = _author_name(outlet)
        named = Source(id="author", name=f"author ({outlet})" if outlet else None, type="author")
        return _by_key(conn, named, norm) or create(conn, named, norm_name=norm)
    norm = normalise(source.name or source.role or "unnamed")
    pin = (pins(conn, article_id) if pinned is None else pinned).get(norm)
    if pin is not None:
        return final(conn, pin)
    if source.type != "person" or source.anonymous or not source.name:
        return _by_key(conn, source, norm) or create(conn, source, norm_name=norm)
    surname = name_parts(source.name)[1]
    rows = conn.execute(_PERSONS, {"surname": surname}).all()
    best: tuple[float, Candidate] | None = None
    for row in rows:
        candidate = Candidate(
            row.id, row.name, row.affiliation, row.merged_into, row.created_at, row.role
        )
        score = person_score(source, candidate)
        if score is not None and (best is None or score > best[0]):
            best = (score, candidate)
    if best is None:
        return create(conn, source, norm_name=norm)
    if best[1].merged_into is None:  # the candidate's row is the one to improve: no re-read
        _enrich(conn, best[1].id, source, best[1])
        return best[1].id
    standing = final(conn, best[1].id)
    _enrich(conn, standing, source)
    return standing


def _by_key(conn: Connection, source: Source, norm: str) -> str | None:
    row = conn.execute(
        _BY_KEY, {"type": source.type, "norm": norm, "anonymous": source.anonymous}
    ).first()
    if row is None:
        return None
    return row.id if row.merged_into is None else final(conn, row.id)


def _enrich(
    conn: Connection, source_id: str, source: Source, stored: Candidate | None = None
) -> None:
    """A fuller name or a first-known affiliation improves the stored person (`stored`: its row,
    when the caller has just read it)."""
    t = schema.sources
    row = stored or conn.execute(_DETAILS, {"sid": source_id}).one()
    changes: dict[str, object] = {}
    if source.name and len(source.name) > len(row.name or "") and row.name is not None:
        given, surname = name_parts(source.name)
        if surname == name_parts(row.name)[1] and given:
            changes["name"] = source.name
            changes["norm_name"] = normalise(source.name)
    if source.affiliation and not row.affiliation:
        changes["affiliation"] = source.affiliation
    if source.role and not row.role:
        changes["role"] = source.role
    if changes:
        conn.execute(update(t).where(t.c.id == source_id).values(**changes))
