"""Stable forecast ids: the same forecast keeps its id when its article is analysed again.

A record's forecast ids ("f1", "f2") only number one analysis. The ledger's id is a short hex
string, typeable and unique by prefix like a git commit, that survives re-analysis by a newer
pipeline. A new analysis's forecasts are matched against the article's stored ones in passes,
each pass taking only what earlier passes left:

1. same normalised evidence text and same normalised proposition;
2. same normalised evidence text (two forecasts in one sentence pair by proposition overlap);
3. best overlap of character span (at least half of the shorter span), when the text moved or
   was re-segmented.

A matched forecast keeps its id (and so its resolutions); a new one gets
`sha256(article id, normalised text, normalised proposition)` cut to `ID_LENGTH` hex digits; an
old one left unmatched is retired, not deleted, so its resolutions stay readable.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

ID_LENGTH = 10
MIN_SPAN_OVERLAP = 0.5

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower case, punctuation and spacing folded: quotes or a re-wrapped line don't matter."""
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def forecast_id(article_id: str, text: str, proposition: str, salt: int = 0) -> str:
    """A new forecast's id; `salt` > 0 only when a shorter id is already taken."""
    key = f"{article_id}\0{normalise(text)}\0{normalise(proposition)}\0{salt}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:ID_LENGTH]


@dataclass(frozen=True)
class Stored:
    """What the ledger knows of a stored forecast, for matching."""

    id: str
    start: int
    end: int
    text: str
    proposition: str


@dataclass(frozen=True)
class Fresh:
    """A forecast of the new analysis, by its position in the record."""

    index: int
    start: int
    end: int
    text: str
    proposition: str


def _words(text: str) -> set[str]:
    return set(normalise(text).split())


def _jaccard(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / len(wa | wb) if wa | wb else 1.0


def _span_overlap(a: Stored, b: Fresh) -> float:
    shared = min(a.end, b.end) - max(a.start, b.start)
    shorter = min(a.end - a.start, b.end - b.start)
    return shared / shorter if shared > 0 and shorter > 0 else 0.0


def match(old: Sequence[Stored], new: Sequence[Fresh]) -> dict[int, str]:
    """Which stored id each new forecast (by index) keeps; new forecasts absent get fresh ids."""
    kept: dict[int, str] = {}
    taken: set[str] = set()

    def run(score: Callable[[Stored, Fresh], float | None]) -> None:
        # greedy on best score first, so the closest pairs win when several compete
        pairs = []
        for f in new:
            if f.index in kept:
                continue
            for s in old:
                if s.id in taken:
                    continue
                value = score(s, f)
                if value is not None:
                    pairs.append((value, f.index, s.id))
        for _value, index, sid in sorted(pairs, key=lambda p: -p[0]):
            if index not in kept and sid not in taken:
                kept[index] = sid
                taken.add(sid)

    def same_both(s: Stored, f: Fresh) -> float | None:
        same = normalise(s.text) == normalise(f.text)
        return 1.0 if same and normalise(s.proposition) == normalise(f.proposition) else None

    def same_text(s: Stored, f: Fresh) -> float | None:
        same = normalise(s.text) == normalise(f.text)
        return _jaccard(s.proposition, f.proposition) if same else None

    def overlap(s: Stored, f: Fresh) -> float | None:
        value = _span_overlap(s, f)
        if value < MIN_SPAN_OVERLAP:
            return None
        return value + 0.5 * _jaccard(s.proposition, f.proposition)

    for score in (same_both, same_text, overlap):
        run(score)
    return kept


def assign(
    article_id: str,
    old: Sequence[Stored],
    new: Sequence[Fresh],
    taken: Callable[[str], bool],
) -> list[str]:
    """Ids for `new` in order: kept ones from `old`, fresh ones not `taken` by any other row."""
    kept = match(old, new)
    used: set[str] = set(kept.values())
    ids: list[str] = []
    for f in new:
        if f.index in kept:
            ids.append(kept[f.index])
            continue
        salt = 0
        candidate = forecast_id(article_id, f.text, f.proposition, salt)
        while candidate in used or taken(candidate):
            salt += 1
            candidate = forecast_id(article_id, f.text, f.proposition, salt)
        used.add(candidate)
        ids.append(candidate)
    return ids


def unmatched(old: Iterable[Stored], ids: Iterable[str]) -> list[str]:
    """Stored ids that the new analysis did not keep: these are retired."""
    keep = set(ids)
    return [s.id for s in old if s.id not in keep]
